"""A Rasa NLU component that reads a message naming a condition as a question about it, whatever
the intent model made of the story around the question.

People write "Hi, thanks in advance. My mother was told she has X..." or "do you think I have
X?": the model hears a greeting, thanks, a message it cannot place, or a request for a personal
diagnosis. When such a message names a condition of the knowledge base and asks something
(`bot.language.reading`), its intent becomes the condition question the model ranked highest, or
`inform_condition` when it ranked none; a request for a personal diagnosis, or for information on
the condition, asks for its overview. The answer gives the general information,
and says what the bot cannot do where a personal diagnosis or decision was asked. A story whose
questions say nothing of what is asked ("Please help.", "Any advice?") gets the treatment when it
asks for help, else the overview, rather than a section the model guessed from the story. A
story the model took for another topic is a question about a condition it names in its subject
line or its question, and so is a single question that names one by a name of its own ("how is
thrush transmitted?"). Last, where a long message's question asks a section in so many words
("...we wonder why?", "is there a cure?"), that section is the one asked, whatever the model
heard in the story (`bot.language.reading.asked_section`); in a single question, only where
the model was unsure and ranked that section next ("How and where is X diagnosed?").
"""

from __future__ import annotations

from collections.abc import Sequence

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language import reading
from bot.nlu.intents import IntentOverride
from bot.vocabulary import (
    CONDITION_ENTITY,
    DEFAULT_SECTION,
    FALLBACK_INTENT,
    INFORM_CONDITION_INTENT,
    OUT_OF_SCOPE_INTENT,
    STORY_INTENTS,
    intent_for_section,
    is_condition_question,
    section_for_intent,
)


def asks_about_a_condition(
    text: str, intent: str | None, named: bool, mentions: Sequence[reading.Mention] = ()
) -> bool:
    """Whether a message that names a condition (`named`, where: `mentions`) and got `intent`
    asks about it."""
    if not named or intent not in STORY_INTENTS:
        return False
    if intent == OUT_OF_SCOPE_INTENT:
        # A request for a personal diagnosis or decision, or for information on the condition,
        # or a story that asks of a condition it names in its subject or its question, or a
        # single question that names one by a name of its own; "any good deals on tvs?" stays out
        # of scope even where one of MedQuAD's 10,000 names turns up in it.
        return (
            reading.asks_personal(text)
            or reading.asks_for_information(text)
            or reading.asks_about_a_mention(text, mentions)
            or reading.asks_of_a_specific_name(text, mentions)
        )
    if reading.question_spans(text):
        return True
    return intent == FALLBACK_INTENT and reading.is_long(text)  # a story the model could not place


# Below this confidence in its first intent the model is unsure (`QuestionReader.intent_of`).
UNSURE_CONFIDENCE = 0.7
OVERVIEW_INTENT = intent_for_section(DEFAULT_SECTION)
TREATMENT_INTENT = intent_for_section("treatment")
# What helps, asked in so many words: treatment, or care at home.
HELPS_INTENTS = (TREATMENT_INTENT, intent_for_section("home_care"))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class QuestionReader(IntentOverride):
    """Makes a story around a question about a named condition that question."""

    def intent_of(self, message: Message) -> str | None:
        intent = (message.get(INTENT) or {}).get("name")
        text = message.get(TEXT) or ""
        # Only names of the knowledge base: the model's own guesses keep their value as typed.
        conditions = [e for e in message.get(ENTITIES) or [] if e.get("entity") == CONDITION_ENTITY]
        mentions = [reading.Mention(str(e.get("value")), e["start"], e["end"]) for e in conditions if "start" in e]
        read = self._read(message, text, intent, bool(conditions), mentions)
        final = read or intent
        if (
            is_condition_question(final)
            and reading.is_long(text)
            and not reading.asks_only_personal(text)
            and not reading.asks_for_information(text)
        ):
            # "...We are wondering why?": the section the question asks in so many words, where
            # the model heard the story's words instead.
            asked = reading.asked_section(text, mentions)
            if asked is not None and asked != section_for_intent(final):
                return intent_for_section(asked)
        elif is_condition_question(final) and not reading.is_long(text):
            # "How and where is X diagnosed?" heard as the outlook at 0.5, the diagnosis next at
            # 0.39: where the model is unsure between its first two, the one the question asks
            # in so many words. A sure model is not overruled: "what are the chances of getting
            # better" asks the outlook, whatever "chances" says.
            asked = reading.the_section_asked(reading.without_mentions(text, mentions))
            ranking = message.get(INTENT_RANKING_KEY) or []
            if (
                asked is not None
                and len(ranking) > 1
                and ranking[0].get("confidence", 1.0) < UNSURE_CONFIDENCE
                and ranking[1].get("name") == intent_for_section(asked)
                and asked != section_for_intent(final)
            ):
                return intent_for_section(asked)
        return read

    def _read(
        self, message: Message, text: str, intent: str | None, named: bool, mentions: Sequence[reading.Mention]
    ) -> str | None:
        helps = named and reading.is_long(text) and reading.asks_what_helps(text)
        if helps and intent not in HELPS_INTENTS and not reading.asks_only_personal(text):
            # "...please suggest a medicine": what helps is its treatment, whatever the story sounded
            # like; "should I stop my pills?" stays the personal question it is.
            return TREATMENT_INTENT
        general = not (
            intent == OUT_OF_SCOPE_INTENT and (reading.asks_personal(text) or reading.asks_for_information(text))
        )
        if named and reading.is_long(text) and reading.question_core(text) is None and general:
            # A story whose questions say nothing of what is asked ("Please help."): the model
            # read the story, not a question. Help with a condition is its treatment; otherwise
            # what it is. A story with no question at all that is still read as one speaks of help
            # where it asks for it ("...searching for help!").
            story = is_condition_question(intent) or asks_about_a_condition(text, intent, named, mentions)
            if reading.asks_for_help(text, read_as_question=story):
                return TREATMENT_INTENT
            if intent != OUT_OF_SCOPE_INTENT and (reading.question_spans(text) or is_condition_question(intent)):
                return OVERVIEW_INTENT
        if named and is_condition_question(intent) and intent != INFORM_CONDITION_INTENT:
            # "Where can I find information on X?": the model may hear a section in "find".
            return OVERVIEW_INTENT if reading.asks_for_information(text) and intent != OVERVIEW_INTENT else None
        if not asks_about_a_condition(text, intent, named, mentions):
            return None
        if reading.asks_for_information(text) or (intent == OUT_OF_SCOPE_INTENT and reading.asks_personal(text)):
            return OVERVIEW_INTENT  # "do I have X?": the general information on X begins with its overview
        if intent == OUT_OF_SCOPE_INTENT and reading.question_core(text) is None:
            # A story the model took for another topic whose questions say nothing of what is
            # asked, nor ask for help (above), or a single question of words the model did not
            # place ("how is thrush transmitted?"): the section it names, else what the condition is.
            asked = None if reading.is_long(text) else reading.the_section_asked(text)
            return intent_for_section(asked) if asked else OVERVIEW_INTENT
        ranking = [r.get("name") for r in message.get(INTENT_RANKING_KEY) or []]
        return next((name for name in ranking if is_condition_question(name)), INFORM_CONDITION_INTENT)
