"""Two Rasa NLU components around the intent model, so that it reads a long message's question.

The intent model learnt from single questions; in a subject line, a story and thanks around
"what are the treatments?", the story's words outweigh the question's. `QuestionText`, first in
the pipeline, gives the tokenizer, the featurizers and DIET only the sentence that asks the main
question (`bot.language.reading.question_core`), and keeps the whole message; `FullText`, right
after DIET, puts the whole message back (and DIET's entity spans with it), so that the condition
extractor finds names anywhere in it and the emergency detector reads all of it. A message of one
sentence passes through unchanged, in training as in answering.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language.reading import question_core
from bot.nlu.intents import Stateless

FULL_TEXT = "full_text"  # the message's own attribute: where the whole text waits
CORE_START = "question_start"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class QuestionText(Stateless):
    """Narrows a long message's text to its main question, keeping the whole of it aside."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            core = question_core(text) if text else None
            if core is not None:
                start, end = core
                message.set(FULL_TEXT, text)
                message.set(CORE_START, start)
                message.set(TEXT, text[start:end])
                # Training examples carry their entities: kept where they lie in the question.
                entities = message.get(ENTITIES) or []
                if entities:
                    inside = [e for e in entities if start <= e.get("start", -1) and e.get("end", end + 1) <= end]
                    message.set(ENTITIES, [{**e, "start": e["start"] - start, "end": e["end"] - start} for e in inside])
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class FullText(Stateless):
    """Puts back the whole text of a message that `QuestionText` narrowed."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            full = message.get(FULL_TEXT)
            if full is None:
                continue
            shift = message.get(CORE_START) or 0
            entities = [
                {**e, "start": e["start"] + shift, "end": e["end"] + shift} if "start" in e else e
                for e in message.get(ENTITIES, [])
            ]
            message.set(TEXT, full)
            message.set(ENTITIES, entities, add_to_output=True)
        return messages
