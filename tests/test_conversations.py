"""Whole conversations through the real servers' REST channel, checked by the reply payloads.

Each turn is (message, expected payload fields); the servers are the session's shared pair.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.helpers import payloads, rest

pytestmark = pytest.mark.servers

CONVERSATIONS: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "follow-ups and switches keep the question": [
        (
            "how is ALS treated?",
            {"kind": "answer", "condition": "Amyotrophic lateral sclerosis", "section": "treatment"},
        ),
        ("what causes it?", {"kind": "answer", "condition": "Amyotrophic lateral sclerosis", "section": "causes"}),
        (
            "any other names for it?",
            {"kind": "answer", "condition": "Amyotrophic lateral sclerosis", "section": "alternative_names"},
        ),
        ("what about polio?", {"kind": "answer", "condition": "Polio", "section": "alternative_names"}),
        ("and how is that treated", {"kind": "answer", "condition": "Polio", "section": "treatment"}),
        ("and osteoarthritis?", {"kind": "answer", "condition": "Osteoarthritis", "section": "treatment"}),
    ],
    "misspelt and abbreviated names": [
        (
            "what are the symptoms of musle atrophy",
            {"kind": "answer", "condition": "Muscle atrophy", "section": "symptoms"},
        ),
        ("guillan barre treatment", {"kind": "answer", "condition": "Guillain-Barré syndrome", "section": "treatment"}),
        (
            "what is lou gehrigs disease",
            {"kind": "answer", "condition": "Amyotrophic lateral sclerosis", "section": "overview"},
        ),
        ("what causes RA", {"kind": "answer", "condition": "Rheumatoid arthritis", "section": "causes"}),
    ],
    "an ambiguous name, then the second one": [
        (
            "what causes arthritis?",
            {"kind": "disambiguation", "candidates": ["Osteoarthritis", "Rheumatoid arthritis"]},
        ),
        ("the second one", {"kind": "answer", "condition": "Rheumatoid arthritis", "section": "causes"}),
    ],
    "an unknown name gets suggestions, the conversation goes on": [
        ("what is lupus?", {"kind": "unknown_condition", "query": "lupus"}),
        ("what about stroke", {"kind": "answer", "condition": "Stroke", "section": "overview"}),
    ],
    "a section question first asks which condition": [
        ("what are the symptoms?", {"kind": "unknown_condition", "query": ""}),
        ("polio", {"kind": "answer", "condition": "Polio", "section": "symptoms"}),
    ],
    "an emergency comes first, then the conversation continues": [
        ("what are the symptoms of a stroke?", {"kind": "answer", "condition": "Stroke", "section": "symptoms"}),
        ("my mom's face is drooping and her speech is slurred", {"kind": "emergency", "category": "emergency"}),
        ("i want to end my life", {"kind": "emergency", "category": "crisis"}),
        ("how is it treated?", {"kind": "answer", "condition": "Stroke", "section": "treatment"}),
    ],
    "a diagnosis request gets the general information, other topics are out of scope": [
        (
            "do i have ALS?",
            {"kind": "answer", "condition": "Amyotrophic lateral sclerosis", "section": "overview", "personal": True},
        ),
        ("what's the weather in paris", {"kind": "out_of_scope"}),
        ("can you diagnose me", {"kind": "out_of_scope"}),
    ],
    "a subject line and a story around the question": [
        (
            "SUBJECT: my mother's arthritis\nMESSAGE: Hello, my mother is 70 and was told last spring that "
            "she has rheumatoid arthritis. She also takes pills for her blood pressure. What treatments "
            "are there for it? Thank you for any help.",
            {"kind": "answer", "condition": "Rheumatoid arthritis", "section": "treatment"},
        ),
        ("and what causes it?", {"kind": "answer", "condition": "Rheumatoid arthritis", "section": "causes"}),
    ],
    "a question about one of two conditions offers the other": [
        (
            "My dad has had osteoarthritis for years and now the doctors think he has polymyositis too. "
            "What are the symptoms of polymyositis?",
            {"kind": "answer", "condition": "Polymyositis", "section": "symptoms", "mentioned": ["Osteoarthritis"]},
        ),
    ],
    "two conditions compared": [
        (
            "what's the difference between polymyositis and dermatomyositis?",
            {"kind": "answer", "conditions": ["Polymyositis", "Dermatomyositis"], "section": "overview"},
        ),
    ],
    "a past event is not an emergency": [
        (
            "My father had a stroke two years ago. What warning signs should we watch for now?",
            {"kind": "answer", "condition": "Stroke", "section": "symptoms"},
        ),
    ],
    "rasa's commands start afresh and say so": [
        ("what is polio?", {"kind": "answer", "condition": "Polio", "section": "overview"}),
        ("/restart", {"kind": "greeting", "restart": True}),
        ("what causes it?", {"kind": "unknown_condition", "query": ""}),  # nothing remembered
        ("/session_start", {"kind": "greeting", "restart": True}),
    ],
    "two misunderstood messages in a row offer the topics": [
        ("zxq vrrp", {"kind": "fallback"}),
        ("blorf snax", {"kind": "fallback"}),
    ],
}


@pytest.mark.parametrize("name", list(CONVERSATIONS))
def test_conversation(servers, name: str) -> None:
    sender = f"conversation-{uuid.uuid4().hex}"
    for turn, (message, expected) in enumerate(CONVERSATIONS[name]):
        [payload] = payloads(rest(servers, sender, message))
        assert {key: payload.get(key) for key in expected} == expected, (turn, message, payload)


def _buttons(replies: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [button for reply in replies for button in reply.get("buttons", [])]


def test_second_fallback_lists_topics_as_buttons(servers) -> None:
    sender = f"topics-{uuid.uuid4().hex}"
    rest(servers, sender, "qwzx plorb")
    replies = rest(servers, sender, "vvvk trunf")
    [payload] = payloads(replies)
    assert payload["topics"] and [b["title"] for b in _buttons(replies)] == payload["topics"]


def test_a_link_button_from_an_answer_works_when_clicked(servers) -> None:
    sender = f"links-{uuid.uuid4().hex}"
    replies = rest(servers, sender, "what causes muscle atrophy?")
    link = next(b for b in _buttons(replies) if b["title"] == "Tell me about Stroke")
    [payload] = payloads(rest(servers, sender, link["payload"]))
    assert (payload["kind"], payload["condition"], payload["section"]) == ("answer", "Stroke", "overview")


def test_disambiguation_buttons_answer_the_asked_section(servers) -> None:
    sender = f"choose-{uuid.uuid4().hex}"
    replies = rest(servers, sender, "how is arthritis treated")
    button = _buttons(replies)[0]
    [payload] = payloads(rest(servers, sender, button["payload"]))
    assert (payload["condition"], payload["section"]) == (button["title"], "treatment")


def test_a_missing_section_lists_what_there_is_as_buttons(servers, kb) -> None:
    from bot.answers.excerpts import ranked

    condition = next(c for c in kb.conditions.values() if "types" not in c.sections and not ranked(c, "", "types"))
    replies = rest(servers, f"missing-{uuid.uuid4().hex}", f"what types of {condition.name} are there?")
    [payload] = payloads(replies)
    assert (payload["kind"], payload["condition"], payload["section"]) == ("missing_section", condition.name, "types")
    assert [b["payload"] for b in _buttons(replies)][0] == f'/ask_overview{{"condition": "{condition.name}"}}'


def test_the_crisis_reply_gives_a_crisis_line(servers) -> None:
    replies = rest(servers, f"crisis-{uuid.uuid4().hex}", "I keep thinking about killing myself")
    text = " ".join(reply.get("text", "") for reply in replies)
    assert "988" in text and "116 123" in text


def test_help_buttons_carry_working_payloads(servers) -> None:
    sender = f"help-{uuid.uuid4().hex}"
    buttons = _buttons(rest(servers, sender, "what can you do?"))
    assert buttons[0]["payload"] == '/ask_causes{"condition": "Muscle atrophy"}'
    [payload] = payloads(rest(servers, sender, buttons[0]["payload"]))
    assert (payload["condition"], payload["section"]) == ("Muscle atrophy", "causes")


def test_a_long_answer_continues_with_the_more_button_and_typed_more(servers) -> None:
    sender = f"more-{uuid.uuid4().hex}"
    replies = rest(servers, sender, "what types of spinal muscular atrophy are there?")
    [first] = payloads(replies)
    assert (first["section"], first.get("more")) == ("types", True)
    more = next(b for b in _buttons(replies) if b["title"] == "More")
    [second] = payloads(rest(servers, sender, more["payload"]))
    assert (second["kind"], second["condition"], second["section"]) == ("answer", "Spinal muscular atrophy", "types")
    while second.get("more"):
        [second] = payloads(rest(servers, sender, "/more"))
    [done] = payloads(rest(servers, sender, "more"))
    assert done["kind"] == "chitchat"


def test_a_typed_go_on_continues_a_long_answer(servers) -> None:
    sender = f"go-on-{uuid.uuid4().hex}"
    first_replies = rest(servers, sender, "what types of spinal muscular atrophy are there?")
    assert payloads(first_replies)[0].get("more") is True
    next_replies = rest(servers, sender, "go on please")
    [second] = payloads(next_replies)
    assert (second["kind"], second["condition"], second["section"]) == ("answer", "Spinal muscular atrophy", "types")
    assert [r.get("text") for r in next_replies] != [r.get("text") for r in first_replies]


def test_a_missing_section_is_answered_from_an_excerpt_where_one_speaks_to_it(servers) -> None:
    [payload] = payloads(rest(servers, f"excerpt-{uuid.uuid4().hex}", "how can rheumatoid arthritis be prevented?"))
    assert (payload["kind"], payload["section"], payload["excerpt"]) == ("answer", "prevention", True)
