"""A Rasa NLU component that puts emergencies first, whatever the intent model thought.

It runs last in the pipeline: when `bot.safety` finds that a message describes an emergency
happening now, the message's intent becomes `emergency` (or `crisis` for thoughts of suicide or
self-harm) with full confidence, and a rule answers it from the Rasa server itself, so the reply
needs neither the action server nor a trained example. The intent model is never taught these
intents: the detector's patterns are tested both ways and decide alone.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.intents import override_intent
from bot.safety import Emergency, detect_emergency

EMERGENCY_INTENT = "emergency"
CRISIS_INTENT = "crisis"


def intent_for(emergency: Emergency) -> str:
    return CRISIS_INTENT if emergency is Emergency.SUICIDE else EMERGENCY_INTENT


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class EmergencyDetector(GraphComponent, IntentClassifier):
    """Overrides the intent of messages that describe an emergency."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "EmergencyDetector":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            emergency = detect_emergency(message.get(TEXT) or "")
            if emergency is None:
                continue
            override_intent(message, intent_for(emergency))
        return messages
