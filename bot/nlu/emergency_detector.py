"""A Rasa NLU component that puts emergencies first, whatever the intent model thought.

It runs last in the pipeline: when `bot.language.safety` finds that a message describes an emergency
happening now, the message's intent becomes `emergency` (or `crisis` for thoughts of suicide or
self-harm) with full confidence, and a rule answers it from the Rasa server itself, so the reply
needs neither the action server nor a trained example. The intent model is never taught these
intents: the detector's patterns are tested both ways and decide alone.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language.safety import Emergency, detect_emergency
from bot.nlu.intents import IntentOverride
from bot.vocabulary import CRISIS_INTENT, EMERGENCY_INTENT


def intent_for(emergency: Emergency) -> str:
    return CRISIS_INTENT if emergency is Emergency.SUICIDE else EMERGENCY_INTENT


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class EmergencyDetector(IntentOverride):
    """Overrides the intent of messages that describe an emergency."""

    def intent_of(self, message: Message) -> str | None:
        emergency = detect_emergency(message.get(TEXT) or "")
        return intent_for(emergency) if emergency is not None else None
