"""A Rasa NLU component that finds condition names in a message and links them to the
canonical names of the knowledge base.

It reads the names from the built knowledge base when the model is loaded, so a condition added
to the dataset is recognised after `make train` rebuilds the knowledge base, without retraining
DIET (the component has nothing to train).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.knowledge_base import KnowledgeBase

ENTITY = "condition"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class ConditionEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Extracts `condition` entities whose values are canonical condition names."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # None: the path the rest of the bot uses ($HEALTHBOT_KB or build/knowledge_base.json).
        return {"knowledge_base": None}

    def __init__(self, knowledge_base: KnowledgeBase) -> None:
        self._knowledge_base = knowledge_base

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "ConditionEntityExtractor":
        path = config.get("knowledge_base")
        return cls(KnowledgeBase.load(Path(path) if path else None))

    def extract(self, text: str) -> List[Dict[Text, Any]]:
        """The condition entities of a text, each with its span and canonical name."""
        entities = []
        for match in self._knowledge_base.matcher.find(text):
            condition = self._knowledge_base.conditions[match.condition_id]
            entities.append(
                {
                    "entity": ENTITY,
                    "start": match.start,
                    "end": match.end,
                    "value": condition.name,
                    "confidence_entity": 1.0,
                }
            )
        return self.add_extractor_name(entities)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text: Optional[str] = message.get(TEXT)
            if text:
                found = self.extract(text)
                message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages
