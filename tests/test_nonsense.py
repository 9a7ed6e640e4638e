"""Messages of made-up words are not understood; real questions and misspelt names are."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.language.nonsense import is_nonsense
from bot.nlu.nonsense_fallback import NonsenseFallback


@pytest.mark.parametrize(
    "text", ["zxq vrrp", "blorf snax", "qwzx plorb", "vvvk trunf", "asdf", "lkjh lkjh", "???", "", "🙂🙂"]
)
def test_made_up_words_are_nonsense(text: str) -> None:
    assert is_nonsense(text)


@pytest.mark.parametrize(
    "text",
    [
        "hmm",
        "hellooo",
        "heyy",
        "sooo good",
        "ok",
        "what causes lupus",
        "the cat sat on the mat",
        "copd?",
        "ALS",
        "myasthenia gravis",
    ],
)
def test_real_words_are_not(text: str) -> None:
    assert not is_nonsense(text)


def test_a_misspelt_condition_name_is_not_nonsense() -> None:
    text = "polyo"
    assert is_nonsense(text)  # not an English word...
    assert not is_nonsense(text, [(0, len(text))])  # ...but the extractor found a name there


def _processed(text: str, entities: list[dict] | None = None) -> Message:
    message = Message(
        data={
            "text": text,
            "intent": {"name": "affirm", "confidence": 0.6},
            "intent_ranking": [{"name": "affirm", "confidence": 0.6}],
            "entities": entities or [],
        }
    )
    [processed] = NonsenseFallback().process([message])
    return processed


def test_the_component_marks_nonsense_as_not_understood() -> None:
    message = _processed("zxq vrrp")
    assert message.get("intent") == {"name": "nlu_fallback", "confidence": 1.0}
    assert message.get("intent_ranking")[0]["name"] == "nlu_fallback"


def test_the_component_keeps_names_and_questions() -> None:
    assert (
        _processed("polyo", [{"entity": "condition", "start": 0, "end": 5, "value": "Polio"}]).get("intent")["name"]
        == "affirm"
    )
    assert _processed("yes please").get("intent")["name"] == "affirm"
