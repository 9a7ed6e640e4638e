"""Two Rasa NLU components around the intent model, so that it reads a long message's question.

The intent model learnt from single questions; in a subject line, a story and thanks around
"what are the treatments?", the story's words outweigh the question's. `QuestionText`, first in
the pipeline, gives the tokenizer, the featurizers and DIET only the sentence that asks the main
question (`bot.language.reading.question_core`), and keeps the whole message; `FullText`, right
after DIET, puts the whole message back (and DIET's entity spans with it), so that the condition
extractor finds names anywhere in it and the emergency detector reads all of it. A message of one
sentence is not narrowed, in training as in answering.

In answering, `QuestionText` also puts one name the training data asks every section of in place
of each condition name of the knowledge base, so that the words of a name do not tell the model
which section is asked: "What is hereditary multiple osteochondromas?" and "what is Genetic
Counseling?" ask what each is, not its inheritance or genetic changes; but beside another
name, a name in words that ask a section is what is asked, and stays ("What is the inheritance
pattern of Turner syndrome?", where MedQuAD's Genetics page is "inheritance pattern"). Training examples keep
their names, from which DIET learns to
tag names the knowledge base does not hold; where the knowledge base finds a name, the condition
extractor has no use for DIET's.
"""

from __future__ import annotations

from collections.abc import Sequence

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.knowledge.knowledge_base import KnowledgeBase
from bot.language.cues import asked_sections
from bot.language.matching import NameMatch
from bot.language.reading import question_core
from bot.nlu.condition_extractor import ReadsKnowledgeBase
from bot.nlu.intents import Stateless

FULL_TEXT = "full_text"  # the message's own attribute: where the whole text waits
CORE_START = "question_start"
NAMES_REPLACED = "names_replaced"
#: A condition name that the training data (data/nlu.yml, data/generated/) asks every section of,
#: so that it leans to none (tests/test_nlu_data.py checks that it still does).
NAME_STAND_IN = "osteoarthritis"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class QuestionText(ReadsKnowledgeBase):
    """Narrows a long message's text to its main question, keeping the whole of it aside, and in
    answering puts `NAME_STAND_IN` in place of the knowledge base's names in it."""

    def __init__(self, knowledge_base: KnowledgeBase | None = None) -> None:
        self._replaces_names = knowledge_base is not None  # None: narrowing only, the names stay
        if knowledge_base is not None:
            super().__init__(knowledge_base)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._narrow(message, replace_names=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            self._narrow(message, replace_names=False)
        return training_data

    def _narrow(self, message: Message, replace_names: bool) -> None:
        text = message.get(TEXT)
        if not text:
            return
        core = question_core(text)
        start, end = core or (0, len(text))
        asked = text[start:end]
        if replace_names and self._replaces_names:
            names = _asked_of(text, [m for m in self.names_in(message, text) if start <= m.start and m.end <= end])
            asked = _with_stand_in(asked, [(m.start - start, m.end - start) for m in names])
        if core is None and asked == text:
            return
        message.set(FULL_TEXT, text)
        message.set(CORE_START, start)
        message.set(TEXT, asked)
        if asked != text[start:end]:
            message.set(NAMES_REPLACED, True)
        # Training examples carry their entities: kept where they lie in the question.
        entities = message.get(ENTITIES) or []
        if entities:
            inside = [e for e in entities if start <= e.get("start", -1) and e.get("end", end + 1) <= end]
            message.set(ENTITIES, [{**e, "start": e["start"] - start, "end": e["end"] - start} for e in inside])


def _asked_of(text: str, names: list[NameMatch]) -> list[NameMatch]:
    """Of several names, those a question asks something of: a name in words that ask a section
    ("What is the inheritance pattern of Turner syndrome?", "genetic testing for X") is what
    is asked, and stays for the model to hear."""
    asked_of = [m for m in names if not asked_sections(text[m.start : m.end])]
    return asked_of if len({m.condition_ids for m in names}) > 1 and asked_of else names


def _with_stand_in(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The text with `NAME_STAND_IN` in place of each span (in text order)."""
    for start, end in reversed(spans):
        text = text[:start] + NAME_STAND_IN + text[end:]
    return text


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class FullText(Stateless):
    """Puts back the whole text of a message that `QuestionText` narrowed."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            full = message.get(FULL_TEXT)
            if full is None:
                continue
            shift = message.get(CORE_START) or 0
            # Spans DIET found in a text with the stand-in name lie nowhere in the message; the
            # knowledge base found a name there, and the condition extractor takes its own.
            entities = [] if message.get(NAMES_REPLACED) else message.get(ENTITIES, [])
            entities = [
                {**e, "start": e["start"] + shift, "end": e["end"] + shift} if "start" in e else e for e in entities
            ]
            message.set(TEXT, full)
            message.set(ENTITIES, entities, add_to_output=True)
        return messages
