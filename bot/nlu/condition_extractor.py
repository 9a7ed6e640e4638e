"""A Rasa NLU component that finds condition names in a message and links them to the
canonical names of the knowledge base.

It runs after DIET: names of the knowledge base are found by `bot.language.matching` (a spaCy
`PhraseMatcher` over every name for exact ones, longest first; rapidfuzz for misspelt ones).
DIET's own `condition` spans add the names the data does not hold ("what causes lupus?"), so the
bot can say it does not know them instead of asking which condition.

It reads the names from the built knowledge base when the model is loaded, so a condition added
to the dataset is recognised after `make train` rebuilds the knowledge base, without retraining
DIET (the component has nothing to train).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from wordfreq import zipf_frequency

from bot.knowledge.knowledge_base import KnowledgeBase, KnowledgeBaseError
from bot.language import reading
from bot.language.cues import cue_pattern
from bot.language.matching import COMMON_WORDS, NameMatch
from bot.language.normalization import words_with_spans
from bot.vocabulary import CONDITION_ENTITY, is_condition_question, section_for_intent

logger = logging.getLogger(__name__)

NAMES_FOUND = "knowledge_base_names"  # the message's own attribute: (text, names found in it)


class ReadsKnowledgeBase(GraphComponent):
    """A component with nothing to train that reads the knowledge base its `knowledge_base`
    setting names (None: the one the rest of the bot uses, $HEALTHBOT_KB or
    build/knowledge_base.json), loaded once for every component that reads it."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"knowledge_base": None}

    def __init__(self, knowledge_base: KnowledgeBase) -> None:
        self._knowledge_base = knowledge_base

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ReadsKnowledgeBase:
        path = config.get("knowledge_base")
        try:
            return cls(KnowledgeBase.shared(Path(path) if path else None))
        except KnowledgeBaseError as error:
            # SystemExit, not an Exception: Rasa logs a component's exception and serves on
            # without a model; a server without its knowledge base must not start at all.
            logger.critical("cannot start: %s", error)
            raise SystemExit(f"Cannot start: {error}") from error

    def names_in(self, message: Message, text: str) -> list[NameMatch]:
        """The knowledge base's names in a message's `text`, found once per message: the
        components that read them keep them on the message."""
        kept = message.get(NAMES_FOUND)
        if kept is not None and kept[0] == text:
            return kept[1]
        found = self._knowledge_base.matcher.find(text)
        message.set(NAMES_FOUND, (text, found))
        return found


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class ConditionEntityExtractor(ReadsKnowledgeBase, EntityExtractorMixin):
    """Extracts `condition` entities whose values are canonical condition names."""

    def extract(
        self, text: str, guesses: Sequence[dict[str, Any]] = (), names: Sequence[NameMatch] | None = None
    ) -> list[dict[str, Any]]:
        """The condition entities of a text, each with its span and value.

        The value is the canonical name where the words identify one condition of the knowledge
        base, else the words as written (a condition the data does not hold, or a name several
        conditions share), for the action to answer with suggestions or a choice. `guesses` are
        spans the intent model tagged as condition names; they count only where the knowledge
        base finds no name at all, since the model also tags stray words ("never heard of it").
        `names`: the knowledge base's names in the text, where they were found already.
        """
        if names is None:
            names = self._knowledge_base.matcher.find(text)
        found = [self._entity(text, match.start, match.end, match.condition_id) for match in names]
        if found:
            return self.add_extractor_name(found)
        for start, end in _merged_spans(text, guesses):
            if _no_name(text[start:end]):
                continue
            resolved = self._knowledge_base.resolve(text[start:end])
            found.append(self._entity(text, start, end, resolved[0].id if len(resolved) == 1 else None))
        return self.add_extractor_name(found)

    def _entity(self, text: str, start: int, end: int, condition_id: str | None) -> dict[str, Any]:
        condition = self._knowledge_base.conditions[condition_id] if condition_id else None
        return {
            "entity": CONDITION_ENTITY,
            "start": start,
            "end": end,
            "value": condition.name if condition else text[start:end],
            "confidence_entity": 1.0,
        }

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text: str | None = message.get(TEXT)
            if not text:
                continue
            entities = message.get(ENTITIES, [])
            intent = (message.get(INTENT) or {}).get("name")
            # Guesses (the model's spans, abbreviations typed in lower case) matter only for
            # questions about a condition, and only where the knowledge base finds no name: not
            # in "any good deals on tvs?" or "how many mg?".
            names = self.names_in(message, text)
            guesses: list[dict[str, Any]] = []
            if is_condition_question(intent) and not names:
                guesses = [e for e in entities if e.get("entity") == CONDITION_ENTITY]
                guesses += [
                    {"entity": CONDITION_ENTITY, "start": match.start, "end": match.end}
                    for match in self._knowledge_base.matcher.lowercase_abbreviations(text)
                ]
                # "treatments for drop foot": where the model tagged no name either, what the
                # question asks of, looked up as a partial or misspelt name (foot drop)
                tagged = any(not _no_name(text[g["start"] : g["end"]]) for g in guesses)
                asked = None if tagged else reading.asked_name_span(text)
                if asked is not None:
                    guesses.append({"entity": CONDITION_ENTITY, "start": asked[0], "end": asked[1]})
            others = [e for e in entities if e.get("entity") != CONDITION_ENTITY]
            found = self.extract(text, guesses, names)
            found = _without_the_asked_topic(found, text, section_for_intent(intent))
            message.set(ENTITIES, others + found, add_to_output=True)
        return messages


# Words at least this frequent (wordfreq's Zipf scale: "general" 5.5, "pain" 5.0, "cancer" 4.9,
# "flu" 4.0, "lupus" 3.2) are too ordinary to be taken as a name the model guessed.
EVERYDAY_ZIPF = 5.0


def _no_name(words: str) -> bool:
    """Words that name nothing: "I", "it", "10", "the general population", "syndrome"."""
    return all(
        word in COMMON_WORDS or word.isdigit() or zipf_frequency(word, "en") >= EVERYDAY_ZIPF
        for word, _, _ in words_with_spans(words)
    )


def _without_the_asked_topic(found: list[dict[str, Any]], text: str, section: str | None) -> list[dict[str, Any]]:
    """Drops a name that is what the question asks about, beside the condition it asks it of:
    in "what research (or clinical trials) is being done for Iniencephaly?", MedQuAD's topic
    "Clinical Trials" is the research asked for, not a second condition."""
    pattern = cue_pattern(section) if section and len(found) > 1 else None
    if pattern is None:
        return found
    kept = [e for e in found if not pattern.search(text[e["start"] : e["end"]].lower())]
    return kept or found


def _merged_spans(text: str, guesses: Sequence[dict[str, Any]]) -> list[tuple[int, int]]:
    """The guesses' spans, joined where one name was tagged in pieces ("sickle" "cell anemia")."""
    spans: list[tuple[int, int]] = []
    for guess in sorted(guesses, key=lambda g: g["start"]):
        start, end = guess["start"], guess["end"]
        if spans:
            between = words_with_spans(text[spans[-1][1] : start])
            joined = len(between) <= 1 and all(word not in COMMON_WORDS for word, _, _ in between)
            if joined and not any(mark in text[spans[-1][1] : start] for mark in ",;/()"):
                spans[-1] = (spans[-1][0], end)
                continue
        spans.append((start, end))
    return spans
