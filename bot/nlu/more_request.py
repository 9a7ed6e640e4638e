"""A Rasa NLU component that reads "more", "go on please" or "show me the rest" as the `more`
intent, the one the "More" button sends (/more), whatever the intent model made of the words.

Asking to continue is a closed set of phrasings (`bot.language.references.asks_for_more`), so a fixed
rule is surer than a trained guess; the action says so when there is nothing more to show.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language.references import asks_for_more
from bot.nlu.intents import IntentOverride
from bot.vocabulary import MORE_INTENT


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class MoreRequest(IntentOverride):
    """Sets the `more` intent on messages that only ask to continue the last answer."""

    def intent_of(self, message: Message) -> str | None:
        return MORE_INTENT if asks_for_more(message.get(TEXT) or "") else None
