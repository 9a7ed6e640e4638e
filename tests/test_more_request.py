"""The `MoreRequest` NLU component and list choices with everyday filler words."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.language.references import list_choice
from bot.nlu.more_request import MoreRequest


@pytest.mark.parametrize(
    "text, intent",
    [
        ("go on please", "more"),
        ("can you show me the rest", "more"),
        ("More", "more"),
        ("tell me more about ALS", "ask_overview"),
        ("more symptoms?", "ask_symptoms"),
    ],
)
def test_asking_to_continue_gets_the_more_intent(text: str, intent: str) -> None:
    message = Message(
        data={"text": text, "intent": {"name": "chitchat" if intent == "more" else intent, "confidence": 0.8}}
    )
    [processed] = MoreRequest().process([message])
    assert processed.get("intent")["name"] == intent


@pytest.mark.parametrize(
    "text, choice",
    [
        ("hmm the second one", 1),
        ("i'll take the second one", 1),
        ("let's go with the first", 0),
        ("i'd like the last one", -2),
    ],
)
def test_a_choice_with_everyday_filler_words_picks(text: str, choice: int) -> None:
    assert list_choice(text) == choice


def test_a_question_with_an_ordinal_is_still_no_choice() -> None:
    assert list_choice("what are the first signs") is None
