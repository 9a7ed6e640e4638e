"""Shared by the NLU components that have nothing to train, most of which overrule the intent model."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message


def override_intent(message: Message, name: str) -> None:
    """Make `name` the message's intent with full confidence, first in its ranking."""
    intent = {"name": name, "confidence": 1.0}
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent] + ranking, add_to_output=True)


class Stateless(GraphComponent):
    """A component with nothing to train, configure or keep: made the same way every time."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Stateless:
        return cls()


class IntentOverride(Stateless, IntentClassifier):
    """A component with nothing to train that sets the intent of the messages it recognises."""

    def intent_of(self, message: Message) -> str | None:
        """The intent the message must have, or None to leave the model's."""
        raise NotImplementedError

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = self.intent_of(message)
            if intent is not None:
                override_intent(message, intent)
        return messages
