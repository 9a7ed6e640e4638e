"""Tests of the NLU components that read a long message's question, on Rasa's own Message
objects: `QuestionText` and `FullText` (the intent model sees only the main question, the rest of
the pipeline the whole message) and `QuestionReader` (a story around a question about a named
condition gets a condition question's intent, whatever the model made of the story)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.knowledge.knowledge_base import KnowledgeBase
from bot.nlu.condition_extractor import ConditionEntityExtractor
from bot.nlu.question_reader import QuestionReader, asks_about_a_condition
from bot.nlu.question_text import NAME_STAND_IN, FullText, QuestionText
from bot.vocabulary import (
    CONDITION_ENTITY,
    FALLBACK_INTENT,
    INFORM_CONDITION_INTENT,
    MORE_INTENT,
    OUT_OF_SCOPE_INTENT,
    STORY_INTENTS,
    intent_for_section,
)

POLIO_STORY = "My mother was diagnosed with polio last year. What are the usual symptoms? Thanks."
POLIO_QUESTION = "What are the usual symptoms?"
TREATMENT = intent_for_section("treatment")
OVERVIEW = intent_for_section("overview")
SYMPTOMS = intent_for_section("symptoms")
CAUSES = intent_for_section("causes")


# --- QuestionText and FullText -------------------------------------------------------------------


def test_a_long_message_is_narrowed_to_its_question_and_keeps_its_whole_text() -> None:
    message = Message(data={"text": POLIO_STORY})
    [processed] = QuestionText().process([message])
    assert processed.get("text") == POLIO_QUESTION
    assert processed.get("full_text") == POLIO_STORY


@pytest.mark.parametrize(
    "text",
    [
        "What are the symptoms of polio?",  # one sentence
        "I have polio. Any help?",  # only a bare request to ask
    ],
)
def test_a_message_with_nothing_to_narrow_passes_through(text: str) -> None:
    [processed] = QuestionText().process([Message(data={"text": text})])
    assert processed.get("text") == text
    assert processed.get("full_text") is None
    [restored] = FullText().process([processed])
    assert restored.get("text") == text


def test_in_answering_the_intent_model_hears_a_stand_in_for_each_known_name(kb) -> None:
    # "Muscular dystrophy" holds no section's word, but the stand-in is what the model hears
    text = "My son was just told he has muscular dystrophy. What is muscular dystrophy exactly?"
    [processed] = QuestionText(kb).process([Message(data={"text": text})])
    assert processed.get("text") == f"What is {NAME_STAND_IN} exactly?"
    processed.set("entities", [{"entity": CONDITION_ENTITY, "start": 8, "end": 22, "value": NAME_STAND_IN}])
    [restored] = FullText().process([processed])
    # the whole message back, without spans that lay on the stand-in
    assert restored.get("text") == text and restored.get("entities") == []
    # one sentence that names nothing the knowledge base has passes through
    [plain] = QuestionText(kb).process([Message(data={"text": "What causes lupus?"})])
    assert plain.get("text") == "What causes lupus?" and plain.get("full_text") is None


def test_a_name_in_words_that_ask_a_section_is_heard_beside_the_condition_asked_of(kb) -> None:
    # MedQuAD's "Genetics" page has the name "inheritance pattern": beside polio it is what is
    # asked, and the model hears it; alone it is the condition asked about.
    genetics = replace(kb.by_name("Polio"), id="genetics", name="Genetics", alternative_names=("inheritance pattern",))
    both = KnowledgeBase([*kb.conditions.values(), genetics])
    text = "My son has polio. What is the inheritance pattern of polio?"
    [processed] = QuestionText(both).process([Message(data={"text": text})])
    assert processed.get("text") == f"What is the inheritance pattern of {NAME_STAND_IN}?"
    text = "My son asked me about it. What is an inheritance pattern?"
    [processed] = QuestionText(both).process([Message(data={"text": text})])
    assert processed.get("text") == f"What is an {NAME_STAND_IN}?"


def test_the_names_of_a_message_are_found_once_for_both_components(kb, monkeypatch) -> None:
    calls = []
    find = kb.matcher.find
    monkeypatch.setattr(kb.matcher, "find", lambda text: calls.append(text) or find(text))
    text = "My son was just told he has muscular dystrophy. What is muscular dystrophy exactly?"
    message = Message(data={"text": text, "intent": {"name": OVERVIEW, "confidence": 0.9}})
    QuestionText(kb).process([message])
    FullText().process([message])
    ConditionEntityExtractor(kb).process([message])
    assert calls == [text]
    assert [e["value"] for e in message.get("entities")] == ["Muscular dystrophy", "Muscular dystrophy"]


def test_training_examples_keep_their_names(kb) -> None:
    example = Message(data={"text": "what causes muscular dystrophy?", "intent": CAUSES})
    QuestionText(kb).process_training_data(TrainingData([example]))
    assert example.get("text") == "what causes muscular dystrophy?"


def test_training_examples_are_narrowed_like_messages() -> None:
    examples = [
        Message(data={"text": POLIO_STORY, "intent": SYMPTOMS}),
        Message(data={"text": "how is polio treated", "intent": TREATMENT}),
    ]
    training_data = TrainingData(training_examples=examples)
    returned = QuestionText().process_training_data(training_data)
    assert returned is training_data
    assert [m.get("text") for m in returned.training_examples] == [POLIO_QUESTION, "how is polio treated"]


def test_full_text_restores_the_text_and_moves_entity_spans_with_it() -> None:
    message = Message(data={"text": POLIO_STORY})
    QuestionText().process([message])
    narrowed = message.get("text")
    spanned = {"entity": CONDITION_ENTITY, "start": 0, "end": 4, "value": "x"}
    unspanned = {"entity": CONDITION_ENTITY, "value": "y"}  # an entity without a span stays as it is
    message.set("entities", [spanned, unspanned])
    [processed] = FullText().process([message])
    assert processed.get("text") == POLIO_STORY
    moved, kept = processed.get("entities")
    assert POLIO_STORY[moved["start"] : moved["end"]] == narrowed[0:4] == "What"
    assert (moved["entity"], moved["value"]) == (CONDITION_ENTITY, "x")
    assert kept == unspanned


def test_full_text_shifts_spans_past_a_subject_and_message_label() -> None:
    text = "SUBJECT: polio\nMESSAGE: What are the treatments for adults?"
    message = Message(data={"text": text})
    QuestionText().process([message])
    assert message.get("text") == "What are the treatments for adults?"
    start = message.get("text").index("adults")
    message.set("entities", [{"entity": "group", "start": start, "end": start + 6, "value": "adults"}])
    FullText().process([message])
    [entity] = message.get("entities")
    assert text[entity["start"] : entity["end"]] == "adults"


def test_full_text_leaves_a_message_it_did_not_narrow_alone() -> None:
    entities = [{"entity": CONDITION_ENTITY, "start": 9, "end": 14, "value": "Polio"}]
    message = Message(data={"text": "what is polio", "entities": entities})
    [processed] = FullText().process([message])
    assert processed.get("text") == "what is polio"
    assert processed.get("entities") == entities


# --- QuestionReader ------------------------------------------------------------------------------


def parsed(text: str, intent: str, ranking: list[str], named: bool = True) -> Message:
    """A message as the intent model and the condition extractor leave it, read by QuestionReader."""
    confidences = [{"name": name, "confidence": round(0.6 / (i + 1), 3)} for i, name in enumerate([intent, *ranking])]
    entities: list[dict[str, Any]] = []
    if named:
        start = max(text.lower().find("polio"), 0)
        entities.append({"entity": CONDITION_ENTITY, "start": start, "end": start + 5, "value": "Polio"})
    message = Message(
        data={"text": text, "intent": confidences[0], "intent_ranking": confidences, "entities": entities}
    )
    [processed] = QuestionReader().process([message])
    return processed


STORY = "Hi, thanks in advance. My mother had polio as a child. What are the treatments?"
# A question whose words ask no section: what the model ranked decides.
OPEN_STORY = "Hi, thanks in advance. My mother had polio as a child. What should we expect now?"


@pytest.mark.parametrize(
    "text, intent, ranking, expected",
    [
        # a story around a question: the condition question the model ranked highest
        (STORY, "greet", [TREATMENT, SYMPTOMS], TREATMENT),
        (OPEN_STORY, "thank", ["goodbye", SYMPTOMS, TREATMENT], SYMPTOMS),
        (OPEN_STORY, FALLBACK_INTENT, ["thank", CAUSES], CAUSES),
        # ... or the overview when the ranking has no condition question
        (OPEN_STORY, FALLBACK_INTENT, ["greet", "thank"], INFORM_CONDITION_INTENT),
        # ... but the section the question asks in so many words, whatever the ranking
        (STORY, "thank", ["goodbye", SYMPTOMS, TREATMENT], TREATMENT),
        (POLIO_STORY, FALLBACK_INTENT, ["thank", CAUSES], SYMPTOMS),
        # a single question that names it by a name of its own, which the model put out of scope:
        # the section it asks in so many words, else the overview
        ("What are the treatments of polio in adults?", OUT_OF_SCOPE_INTENT, ["greet"], TREATMENT),
        ("How is polio spread?", OUT_OF_SCOPE_INTENT, ["greet"], OVERVIEW),
        # a personal diagnosis: the general information, even with a section in the ranking
        ("do you think I have polio?", OUT_OF_SCOPE_INTENT, [SYMPTOMS], OVERVIEW),
        # a request for information on the condition, whatever section the model heard
        ("Where can I find information on polio?", TREATMENT, [SYMPTOMS], OVERVIEW),
        # the model took a request for everything on it for another topic
        ("Please send me whatever you have on polio. I start a new job soon.", OUT_OF_SCOPE_INTENT, [], OVERVIEW),
        # a story that asks what helps: the treatment, whatever the model heard in the story
        (
            "My uncle had polio as a boy. His legs are weak now. Please suggest some medicine.",
            OUT_OF_SCOPE_INTENT,
            [],
            TREATMENT,
        ),
        ("My uncle had polio as a boy and now he is tired all day. What should he do?", "ask_outlook", [], TREATMENT),
        # a request for information on it stays the overview, whatever words of a section it holds
        (
            "I lead a walking group. Do you have any information on polio I could pass on to them?",
            intent_for_section("inheritance"),
            [],
            OVERVIEW,
        ),
        # a story the model took for another topic, naming the condition in its subject line
        (
            "Polio in my family\nMy uncle had it as a boy, and so did his son. We wonder why?",
            OUT_OF_SCOPE_INTENT,
            [],
            CAUSES,
        ),
        # a story with no question at all that the model still read as one, asking for help
        (
            "My uncle had polio as a boy. His legs ache every winter. We are searching for help.",
            OVERVIEW,
            [],
            TREATMENT,
        ),
    ],
)
def test_a_question_about_a_named_condition_gets_a_condition_intent(
    text: str, intent: str, ranking: list[str], expected: str
) -> None:
    message = parsed(text, intent, ranking)
    assert message.get("intent") == {"name": expected, "confidence": 1.0}
    names = [r["name"] for r in message.get("intent_ranking")]
    assert names[0] == expected and names.count(expected) == 1


def test_an_unsure_model_gives_way_to_the_section_a_single_question_asks_in_so_many_words() -> None:
    outlook, diagnosis = intent_for_section("outlook"), intent_for_section("diagnosis")
    # the model's first two at 0.6 and 0.3 (`parsed`): the second is the one the words ask
    assert parsed("How and where is polio diagnosed?", outlook, [diagnosis]).get("intent")["name"] == diagnosis
    # not a third, nor a section the words do not ask, nor two sections asked at once
    assert parsed("How and where is polio diagnosed?", outlook, [SYMPTOMS, diagnosis]).get("intent")["name"] == outlook
    assert parsed("When will polio get better?", SYMPTOMS, [diagnosis]).get("intent")["name"] == SYMPTOMS
    assert parsed("How is polio diagnosed and treated?", outlook, [diagnosis]).get("intent")["name"] == outlook
    # a sure model is not overruled: "the chances of getting better" ask the outlook
    text = "what are the chances of getting better after polio"
    ranking = [{"name": outlook, "confidence": 0.95}, {"name": intent_for_section("risk_factors"), "confidence": 0.03}]
    entities = [{"entity": CONDITION_ENTITY, "start": 45, "end": 50, "value": "Polio"}]
    message = Message(data={"text": text, "intent": ranking[0], "intent_ranking": ranking, "entities": entities})
    [processed] = QuestionReader().process([message])
    assert processed.get("intent")["name"] == outlook


@pytest.mark.parametrize(
    "text, intent, ranking, named",
    [
        # no condition named: the story stays what the model made of it
        (STORY.replace("polio", "a fall"), "greet", [TREATMENT], False),
        ("do you think I have it?", OUT_OF_SCOPE_INTENT, [SYMPTOMS], False),
        ("Where can I find information on polio?", TREATMENT, [], False),
        # a short message that asks nothing
        ("thanks, bye", "thank", [TREATMENT], True),
        ("I like old documentaries about polio", OUT_OF_SCOPE_INTENT, [TREATMENT], True),
        # a section asked alongside the request for information
        ("Where can I find information on treatments for polio?", TREATMENT, [INFORM_CONDITION_INTENT], True),
        # an intent that is no story's
        (POLIO_STORY, MORE_INTENT, [SYMPTOMS], True),
    ],
)
def test_other_messages_keep_the_models_intent(text: str, intent: str, ranking: list[str], named: bool) -> None:
    message = parsed(text, intent, ranking, named)
    assert message.get("intent")["name"] == intent
    assert message.get("intent")["confidence"] < 1.0


def test_only_a_condition_entity_counts_as_a_condition_named() -> None:
    message = Message(
        data={
            "text": STORY,
            "intent": {"name": "greet", "confidence": 0.6},
            "intent_ranking": [{"name": "greet", "confidence": 0.6}, {"name": TREATMENT, "confidence": 0.3}],
            "entities": [{"entity": "section", "start": 70, "end": 80, "value": "treatment"}],
        }
    )
    [processed] = QuestionReader().process([message])
    assert processed.get("intent")["name"] == "greet"


@pytest.mark.parametrize(
    "text, intent, named, asks",
    [
        ("do you think I have polio?", OUT_OF_SCOPE_INTENT, True, True),
        ("My grandfather had polio.\nThank you.", "thank", True, False),  # long, but asks nothing: thanks
        ("Thank you, that polio answer helped a lot. Bye.", "thank", True, False),
        ("thanks, bye", "thank", True, False),
        ("What are the treatments for polio?", TREATMENT, True, False),  # the model's intent is already a question
        (STORY, "greet", False, False),
    ],
)
def test_asks_about_a_condition(text: str, intent: str | None, named: bool, asks: bool) -> None:
    assert asks_about_a_condition(text, intent, named) is asks


def test_every_story_intent_is_read_as_a_question_when_a_condition_is_named() -> None:
    for intent in STORY_INTENTS:
        # Out of scope only for a personal diagnosis or decision, which the story does not ask.
        expected = OUT_OF_SCOPE_INTENT if intent == OUT_OF_SCOPE_INTENT else TREATMENT
        assert parsed(STORY, intent, [TREATMENT]).get("intent")["name"] == expected, intent
