"""Recognising the project's own conditions the way people write them, with the real dataset.

The Rasa component (`ConditionEntityExtractor`) is run directly on the knowledge base built from
data/conditions, so these tables check what the bot will see, without training a model.
"""

from __future__ import annotations

import pytest

from bot.knowledge.dataset import load_dataset
from bot.knowledge.knowledge_base import KnowledgeBase
from bot.nlu.condition_extractor import ConditionEntityExtractor
from tests.helpers import CONDITIONS_DIR


@pytest.fixture(scope="module")
def extractor(kb: KnowledgeBase) -> ConditionEntityExtractor:
    return ConditionEntityExtractor(kb)


def conditions_in(extractor: ConditionEntityExtractor, text: str) -> list[str]:
    return [entity["value"] for entity in extractor.extract(text)]


# (message, canonical name): misspellings, case, punctuation, accents, possessives, abbreviations,
# plurals and names without their last generic word.
VARIANTS = [
    ("what causes musle atrophy", "Muscle atrophy"),
    ("what causes muscle atrophy", "Muscle atrophy"),
    ("MUSCLE ATROPHY symptoms", "Muscle atrophy"),
    ("muscel atrophy treatment", "Muscle atrophy"),
    ("muscle atrophey", "Muscle atrophy"),
    ("muscle wastin", "Muscle atrophy"),
    ("is muscle-wasting serious", "Muscle atrophy"),
    ("guillan barre", "Guillain-Barré syndrome"),
    ("guillain-barré", "Guillain-Barré syndrome"),
    ("Guillain Barre Syndrome", "Guillain-Barré syndrome"),
    ("guillain barre syndrom", "Guillain-Barré syndrome"),
    ("gullain barre syndrome", "Guillain-Barré syndrome"),
    ("what is GBS", "Guillain-Barré syndrome"),
    ("gbs treatment", "Guillain-Barré syndrome"),
    ("lou gehrigs disease", "Amyotrophic lateral sclerosis"),
    ("Lou Gehrig's disease", "Amyotrophic lateral sclerosis"),
    ("lou gehrig’s disease", "Amyotrophic lateral sclerosis"),
    ("lou gehrig disease", "Amyotrophic lateral sclerosis"),
    ("what is ALS", "Amyotrophic lateral sclerosis"),
    ("what is als", "Amyotrophic lateral sclerosis"),
    ("amyotropic lateral sclerosis", "Amyotrophic lateral sclerosis"),
    ("amyotrophic lateral sclerosys", "Amyotrophic lateral sclerosis"),
    ("RA symptoms", "Rheumatoid arthritis"),
    ("rhumatoid arthritis", "Rheumatoid arthritis"),
    ("rheumatoid arthritus", "Rheumatoid arthritis"),
    ("reumatoid arthritis", "Rheumatoid arthritis"),
    ("osteo arthritis", "Osteoarthritis"),
    ("osteoarthritus", "Osteoarthritis"),
    ("ostearthritis", "Osteoarthritis"),
    ("what is OA", "Osteoarthritis"),
    ("degenerative joint disease", "Osteoarthritis"),
    ("wear and tear arthritis", "Osteoarthritis"),
    ("strokes", "Stroke"),
    ("STROKE", "Stroke"),
    ("strok", "Stroke"),
    ("polyo", "Polio"),
    ("pollio", "Polio"),
    ("poliomyelitis", "Polio"),
    ("polio myelitis", "Polio"),
    ("spinal chord injury", "Spinal cord injury"),
    ("spinal cord injuries", "Spinal cord injury"),
    ("spinal cord injry", "Spinal cord injury"),
    ("burnes", "Burns"),
    ("a burn", "Burns"),
    ("demartomyositis", "Dermatomyositis"),
    ("dermatomiositis", "Dermatomyositis"),
    ("polymyocitis", "Polymyositis"),
    ("polimyositis", "Polymyositis"),
    ("diabetic neuropathey", "Diabetic neuropathy"),
    ("diabetic nerve damage", "Diabetic neuropathy"),
    ("malnutricion", "Malnutrition"),
    ("malnutriton", "Malnutrition"),
    ("muscular distrophy", "Muscular dystrophy"),
    ("muscular dystrofy", "Muscular dystrophy"),
    ("alcoholic myopothy", "Alcohol-associated myopathy"),
    ("alcoholic myopathy", "Alcohol-associated myopathy"),
    ("spinal muscle atrophy", "Spinal muscular atrophy"),
    ("what is SMA", "Spinal muscular atrophy"),
    ("werdnig hoffman disease", "Spinal muscular atrophy"),
    ("Werdnig-Hoffmann", "Spinal muscular atrophy"),
    ("kugelberg welander", "Spinal muscular atrophy"),
    ("cerebrovascular accident", "Stroke"),
]


def test_the_table_is_large_enough() -> None:
    assert len(VARIANTS) >= 60


@pytest.mark.parametrize("text, name", VARIANTS)
def test_variant_resolves_to_the_canonical_condition(extractor, text: str, name: str) -> None:
    assert conditions_in(extractor, text) == [name]


def _every_name() -> list[tuple[str, str]]:
    return [(alias, c.name) for c in load_dataset(CONDITIONS_DIR) for alias in c.names]


@pytest.mark.parametrize("alias, name", _every_name())
def test_every_name_of_the_dataset_is_recognised_in_a_question(extractor, alias: str, name: str) -> None:
    assert conditions_in(extractor, f"what are the symptoms of {alias}?") == [name]
    assert conditions_in(extractor, f"what are the symptoms of {alias.lower()}") == [name]


@pytest.mark.parametrize(
    "text",
    [
        "what are the symptoms?",
        "how is it treated",
        "I stroked my cat",
        "it turns red",
        "the second one",
        "what is the spinal cord",
        "what are the first signs",
        "hello there",
        "what causes muscle pain",
        "my legs are weak",
        "is it hereditary",
        "what tests will they do",
    ],
)
def test_ordinary_words_are_not_taken_for_a_condition(extractor, text: str) -> None:
    assert conditions_in(extractor, text) == []


def test_longest_name_wins(extractor) -> None:
    assert conditions_in(extractor, "spinal muscular atrophy") == ["Spinal muscular atrophy"]
    assert conditions_in(extractor, "spinal cord injury") == ["Spinal cord injury"]


def test_two_conditions_in_one_message(extractor) -> None:
    assert conditions_in(extractor, "is ALS like muscular dystrophy?") == [
        "Amyotrophic lateral sclerosis",
        "Muscular dystrophy",
    ]


# --- the intent model's guesses (names the knowledge base does not hold) -------------------------


def guess(text: str, words: str) -> dict:
    start = text.index(words)
    return {
        "entity": "condition",
        "start": start,
        "end": start + len(words),
        "value": words,
        "extractor": "DIETClassifier",
    }


@pytest.mark.parametrize(
    "text, words, value",
    [
        ("what causes lupus", "lupus", "lupus"),  # unknown: kept as written
        ("what is arthritis", "arthritis", "arthritis"),  # ambiguous: kept for a choice
        ("what is atrophy", "atrophy", "atrophy"),
        ("tell me about dystrophy", "dystrophy", "Muscular dystrophy"),  # one condition fits
        ("what about rheumatoid", "rheumatoid", "Rheumatoid arthritis"),
    ],
)
def test_model_guesses_are_linked_where_they_fit_one_condition(extractor, text, words, value) -> None:
    [entity] = extractor.extract(text, [guess(text, words)])
    assert (entity["value"], text[entity["start"] : entity["end"]]) == (value, words)


def test_guesses_count_only_where_the_knowledge_base_finds_no_name(extractor) -> None:
    text = "what is lou gehrigs disease, never heard of it"
    entities = extractor.extract(text, [guess(text, "disease"), guess(text, "heard")])
    assert [e["value"] for e in entities] == ["Amyotrophic lateral sclerosis"]


def test_a_name_tagged_in_pieces_is_joined(extractor) -> None:
    text = "what test picks up sickle cell anemia in babies"
    [entity] = extractor.extract(text, [guess(text, "sickle"), guess(text, "anemia")])
    assert entity["value"] == "sickle cell anemia"


def test_names_joined_by_and_stay_apart(extractor) -> None:
    text = "lupus and asthma"
    entities = extractor.extract(text, [guess(text, "lupus"), guess(text, "asthma")])
    assert [e["value"] for e in entities] == ["lupus", "asthma"]


@pytest.mark.parametrize("intent, kept", [("ask_causes", True), ("inform_condition", True), ("out_of_scope", False)])
def test_guesses_are_dropped_outside_condition_questions(extractor, intent: str, kept: bool) -> None:
    from rasa.shared.nlu.training_data.message import Message

    text = "any good deals on tvs"
    message = Message(
        data={"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": [guess(text, "deals")]}
    )
    [processed] = extractor.process([message])
    assert [e["value"] for e in processed.get("entities")] == (["deals"] if kept else [])


@pytest.mark.parametrize("words", ["I", "it", "the one", "10", "general", "the general population"])
def test_guesses_of_common_words_are_dropped(extractor, words: str) -> None:
    text = f"{words} hurts a lot"
    assert extractor.extract(text, [guess(text, words)]) == []


def test_ambiguous_names_resolve_to_every_candidate(kb: KnowledgeBase) -> None:
    assert {c.name for c in kb.resolve("arthritis")} == {"Osteoarthritis", "Rheumatoid arthritis"}
    assert {c.name for c in kb.resolve("atrophy")} == {"Muscle atrophy", "Spinal muscular atrophy"}
    assert kb.resolve("muscle pain") == []
    assert kb.resolve("lupus") == []


def test_closest_names_suggest_near_misses(kb: KnowledgeBase) -> None:
    assert [c.name for c in kb.closest("myositis", 2)] == ["Dermatomyositis", "Polymyositis"]
    assert kb.closest("", 3) == []


def imported_extractor(*conditions: tuple[str, str, tuple[str, ...]]) -> ConditionEntityExtractor:
    """An extractor over imported conditions (id, name, alternative names; no review date)."""
    from dataclasses import replace

    base = load_dataset(CONDITIONS_DIR)[0]
    imported = [replace(base, id=i, name=name, alternative_names=alts, reviewed=None) for i, name, alts in conditions]
    return ConditionEntityExtractor(KnowledgeBase(imported))


def processed_values(extractor: ConditionEntityExtractor, text: str, intent: str) -> list[str]:
    from rasa.shared.nlu.training_data.message import Message

    message = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []})
    [processed] = extractor.process([message])
    return [e["value"] for e in processed.get("entities")]


@pytest.mark.parametrize(
    "text, intent, values",
    [
        ("how is hiv treated", "ask_treatment", ["HIV/AIDS"]),
        ("how is HIV treated", "ask_treatment", ["HIV/AIDS"]),
        ("how many mg can i take", "out_of_scope", []),
        ("how many mg can i take", "ask_treatment", ["myasthenia gravis"]),  # a guess, in a condition question
        ("is mg worse than hiv", "ask_outlook", ["myasthenia gravis", "HIV/AIDS"]),
    ],
)
def test_imported_abbreviations_in_lower_case_are_guesses_for_condition_questions(
    text: str, intent: str, values: list[str]
) -> None:
    """Imported conditions whose abbreviations are also everyday words."""
    extractor = imported_extractor(
        ("hiv_aids", "HIV/AIDS", ("HIV", "AIDS")), ("myasthenia_gravis", "myasthenia gravis", ("MG",))
    )
    assert processed_values(extractor, text, intent) == values


@pytest.mark.parametrize(
    "text, intent, values",
    [
        ("what research (or clinical trials) is being done for Iniencephaly ?", "ask_research", ["Iniencephaly"]),
        ("are there clinical trials for iniencephaly", "ask_research", ["Iniencephaly"]),
        ("what are clinical trials", "ask_overview", ["Clinical Trials"]),
        ("is Iniencephaly like clinical trials", "ask_overview", ["Iniencephaly", "Clinical Trials"]),
    ],
)
def test_a_topic_that_is_what_the_question_asks_is_no_second_condition(
    text: str, intent: str, values: list[str]
) -> None:
    extractor = imported_extractor(("iniencephaly", "Iniencephaly", ()), ("clinical_trials", "Clinical Trials", ()))
    assert processed_values(extractor, text, intent) == values


@pytest.mark.parametrize(
    "text, intent, values",
    [
        # no name written as the dataset has it, and the model tagged none: what the question asks
        # of is looked up as a partial name, in either number
        ("What are the treatments for drop foot?", "ask_treatment", ["Foot drop"]),
        ("What are the treatments and prognosis for mallet fingers?", "ask_outlook", ["Mallet finger - aftercare"]),
        ("Where can I find information on korsakoff syndrome and its treatment?", "ask_treatment", ["Korsakoff"]),
        # words the data has nothing for are the name asked, for the reply that says so
        ("What are the treatments for stiff neck?", "ask_treatment", ["stiff neck"]),
        # everyday words, another topic, or a written name: as before
        ("What are the treatments for my son?", "ask_treatment", []),
        ("any information on flights to Spain?", "out_of_scope", []),
        ("what are the causes of foot drop in adults?", "ask_causes", ["Foot drop"]),
    ],
)
def test_what_a_question_asks_of_is_a_name_where_none_is_found(text: str, intent: str, values: list[str]) -> None:
    extractor = imported_extractor(
        ("foot_drop", "Foot drop", ()),
        ("mallet_finger", "Mallet finger - aftercare", ()),
        ("korsakoff", "Korsakoff", ("Wernicke-Korsakoff syndrome",)),
    )
    assert processed_values(extractor, text, intent) == values
