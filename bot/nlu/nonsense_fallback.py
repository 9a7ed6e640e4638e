"""A Rasa NLU component that marks messages of made-up words as not understood.

It runs after the condition extractor (a misspelt name such as "musle atrophy" is a name, not
nonsense) and before the `FallbackClassifier`: such a message gets the intent `nlu_fallback`,
which the rules answer with a rephrase hint.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.intents import override_intent
from bot.nonsense import is_nonsense


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class NonsenseFallback(GraphComponent, IntentClassifier):
    """Sets `nlu_fallback` on messages with no English word and no condition name."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "NonsenseFallback":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            spans = [(e["start"], e["end"]) for e in message.get(ENTITIES) or [] if "start" in e]
            if not text or not is_nonsense(text, spans):
                continue
            override_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME)
        return messages
