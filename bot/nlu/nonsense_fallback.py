"""A Rasa NLU component that marks messages of made-up words as not understood.

It runs after the condition extractor (a misspelt name such as "musle atrophy" is a name, not
nonsense) and before the `FallbackClassifier`: such a message gets the intent `nlu_fallback`,
which the rules answer with a rephrase hint.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language.nonsense import is_nonsense
from bot.nlu.intents import IntentOverride
from bot.vocabulary import FALLBACK_INTENT


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class NonsenseFallback(IntentOverride):
    """Sets `nlu_fallback` on messages with no English word and no condition name."""

    def intent_of(self, message: Message) -> str | None:
        text = message.get(TEXT) or ""
        spans = [(e["start"], e["end"]) for e in message.get(ENTITIES) or [] if "start" in e]
        return FALLBACK_INTENT if text and is_nonsense(text, spans) else None
