"""The NLU component that puts emergencies first, on Rasa's own Message objects."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.emergency_detector import EmergencyDetector


def parsed(text: str, intent: str = "ask_symptoms") -> Message:
    ranking = [{"name": intent, "confidence": 0.9}, {"name": "emergency", "confidence": 0.0}]
    message = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.9}, "intent_ranking": ranking})
    [processed] = EmergencyDetector().process([message])
    return processed


@pytest.mark.parametrize(
    "text, intent",
    [
        ("my dad's face is drooping and he can't lift his arm", "emergency"),
        ("he's not breathing", "emergency"),
        ("I took too many pills", "emergency"),
        ("I want to kill myself", "crisis"),
        ("i keep thinking about ending my life", "crisis"),
    ],
)
def test_an_emergency_overrides_whatever_the_model_thought(text: str, intent: str) -> None:
    for model_intent in ("ask_symptoms", "nlu_fallback", "greet"):
        message = parsed(text, model_intent)
        assert message.get("intent") == {"name": intent, "confidence": 1.0}
        ranking = message.get("intent_ranking")
        assert ranking[0] == {"name": intent, "confidence": 1.0}
        assert [r["name"] for r in ranking].count(intent) == 1


@pytest.mark.parametrize("text", ["what are the symptoms of a stroke?", "how is ALS treated", ""])
def test_ordinary_messages_keep_their_intent(text: str) -> None:
    assert parsed(text).get("intent") == {"name": "ask_symptoms", "confidence": 0.9}
