"""The action server's actions, run with rasa_sdk's own Tracker and CollectingDispatcher."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.answer_section import ActionAnswerSection
from bot.answers.replies import DISCLAIMER


async def test_answers_a_section_question_and_remembers_the_context(kb_file, tracker, dispatcher, domain):
    events = await ActionAnswerSection().run(
        dispatcher, tracker("what causes muscle wasting?", "ask_causes", ("Muscle atrophy",)), domain
    )
    [message] = dispatcher.messages
    assert message["custom"]["kind"] == "answer"
    assert message["custom"]["condition"] == "Muscle atrophy"
    assert message["custom"]["section"] == "causes"
    assert "Stroke" in message["text"] and DISCLAIMER in message["text"]
    assert events[:3] == [
        SlotSet("condition", "Muscle atrophy"),
        SlotSet("section", "causes"),
        SlotSet("disclaimer_shown", True),
    ]
    [listed] = [e for e in events if e["name"] == "listed_conditions"]
    assert "Stroke" in listed["value"] and listed["value"] == message["custom"]["related"]


async def test_follow_up_reads_the_condition_slot(kb_file, tracker, dispatcher, domain):
    slots = {"condition": "Stroke", "section": "causes", "disclaimer_shown": True}
    await ActionAnswerSection().run(dispatcher, tracker("how is it treated?", "ask_treatment", slots=slots), domain)
    [message] = dispatcher.messages
    assert (message["custom"]["condition"], message["custom"]["section"]) == ("Stroke", "treatment")
    assert DISCLAIMER not in message["text"]


async def test_missing_section_sends_buttons(kb_file, kb, tracker, dispatcher, domain):
    condition = next(c for c in kb.conditions.values() if "stages" not in c.sections)
    events = await ActionAnswerSection().run(dispatcher, tracker("stages?", "ask_stages", (condition.name,)), domain)
    [message] = dispatcher.messages
    assert message["custom"]["kind"] == "missing_section"
    assert {"title": "Overview", "payload": f'/ask_overview{{"condition": "{condition.name}"}}'} in message["buttons"]
    assert SlotSet("condition", condition.name) in events


async def test_a_failure_still_gets_an_error_reply(kb_file, tmp_path, monkeypatch, tracker, dispatcher, domain):
    from actions.knowledge import knowledge_base

    action = ActionAnswerSection()
    monkeypatch.setenv("HEALTHBOT_KB", str(tmp_path / "missing.json"))
    knowledge_base.cache_clear()  # the knowledge base is gone when the message comes
    events = await action.run(dispatcher, tracker("what is ALS", "ask_overview", ("ALS",)), domain)
    [message] = dispatcher.messages
    assert message["custom"] == {"kind": "error"}
    assert "Sorry" in message["text"]
    assert events == []


@pytest.mark.parametrize(
    "content", [None, "", '{"format": 1, "count": 3, "conditions": []}'], ids=["missing", "empty", "incomplete"]
)
def test_the_action_server_does_not_start_without_its_knowledge_base(tmp_path, monkeypatch, content):
    from actions.fallback import ActionFallback
    from actions.knowledge import knowledge_base

    path = tmp_path / "kb.json"
    if content is not None:
        path.write_text(content)
    monkeypatch.setenv("HEALTHBOT_KB", str(path))
    knowledge_base.cache_clear()
    try:
        for action in (ActionAnswerSection, ActionFallback):  # rasa_sdk builds them when it starts
            with pytest.raises(SystemExit, match=f"Cannot start the action server: {path}"):
                action()
    finally:
        knowledge_base.cache_clear()


def test_every_action_of_the_domain_is_registered(domain):
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(domain["actions"]) <= set(executor.actions)


async def test_the_second_one_reads_the_listed_conditions(kb_file, tracker, dispatcher, domain):
    slots = {"listed_conditions": ["Osteoarthritis", "Rheumatoid arthritis"], "section": "causes"}
    await ActionAnswerSection().run(dispatcher, tracker("the second one", "inform_condition", slots=slots), domain)
    [message] = dispatcher.messages
    assert (message["custom"]["condition"], message["custom"]["section"]) == ("Rheumatoid arthritis", "causes")


def _user(intent: str) -> dict:
    return {"event": "user", "text": "x", "parse_data": {"intent": {"name": intent, "confidence": 0.2}}}


async def test_first_fallback_asks_to_rephrase_with_examples(kb_file, tracker, dispatcher, domain):
    from actions.fallback import ActionFallback

    current = tracker("blorp", "nlu_fallback")
    current.events = [_user("greet"), {"event": "bot", "text": "hi"}, _user("nlu_fallback")]
    await ActionFallback().run(dispatcher, current, domain)
    [message] = dispatcher.messages
    assert message["custom"] == {"kind": "fallback"}
    assert "rephrase" in message["text"] and "For example" in message["text"]


async def test_second_fallback_in_a_row_offers_the_topics(kb_file, kb, tracker, dispatcher, domain):
    from actions.fallback import ActionFallback

    current = tracker("blorp again", "nlu_fallback")
    current.events = [_user("nlu_fallback"), {"event": "bot", "text": "sorry"}, _user("nlu_fallback")]
    await ActionFallback().run(dispatcher, current, domain)
    [message] = dispatcher.messages
    assert message["custom"]["kind"] == "fallback"
    topics = message["custom"]["topics"]
    assert len(topics) == 10 and set(topics) <= {c.name for c in kb.conditions.values()}
    assert [b["title"] for b in message["buttons"]] == topics
    assert f"(and {len(kb) - 10} more)" in message["text"]
