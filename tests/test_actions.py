"""The action server's actions, run with rasa_sdk's own Tracker and CollectingDispatcher."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.answer_section import ActionAnswerSection
from bot.replies import DISCLAIMER


async def test_answers_a_section_question_and_remembers_the_context(kb_file, tracker, dispatcher, domain):
    events = await ActionAnswerSection().run(
        dispatcher, tracker("what causes muscle wasting?", "ask_causes", ("Muscle atrophy",)), domain
    )
    [message] = dispatcher.messages
    assert message["custom"]["kind"] == "answer"
    assert message["custom"]["condition"] == "Muscle atrophy"
    assert message["custom"]["section"] == "causes"
    assert "Stroke" in message["text"] and DISCLAIMER in message["text"]
    assert events == [
        SlotSet("condition", "Muscle atrophy"),
        SlotSet("section", "causes"),
        SlotSet("disclaimer_shown", True),
    ]


async def test_follow_up_reads_the_condition_slot(kb_file, tracker, dispatcher, domain):
    slots = {"condition": "Stroke", "section": "causes", "disclaimer_shown": True}
    await ActionAnswerSection().run(dispatcher, tracker("how is it treated?", "ask_treatment", slots=slots), domain)
    [message] = dispatcher.messages
    assert (message["custom"]["condition"], message["custom"]["section"]) == ("Stroke", "treatment")
    assert DISCLAIMER not in message["text"]


async def test_missing_section_sends_buttons(kb_file, kb, tracker, dispatcher, domain):
    condition = next(c for c in kb.conditions.values() if "stages" not in c.sections)
    events = await ActionAnswerSection().run(
        dispatcher, tracker("stages?", "ask_stages", (condition.name,)), domain
    )
    [message] = dispatcher.messages
    assert message["custom"]["kind"] == "missing_section"
    assert {"title": "Overview", "payload": f'/ask_overview{{"condition": "{condition.name}"}}'} in message["buttons"]
    assert SlotSet("condition", condition.name) in events


async def test_a_failure_still_gets_an_error_reply(tmp_path, monkeypatch, tracker, dispatcher, domain):
    from actions.knowledge import knowledge_base

    monkeypatch.setenv("HEALTHBOT_KB", str(tmp_path / "missing.json"))
    knowledge_base.cache_clear()
    try:
        events = await ActionAnswerSection().run(dispatcher, tracker("what is ALS", "ask_overview", ("ALS",)), domain)
    finally:
        knowledge_base.cache_clear()
    [message] = dispatcher.messages
    assert message["custom"] == {"kind": "error"}
    assert "Sorry" in message["text"]
    assert events == []


def test_every_action_of_the_domain_is_registered(domain):
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(domain["actions"]) <= set(executor.actions)
