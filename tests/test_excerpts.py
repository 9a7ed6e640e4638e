"""Tests of bot.answers.excerpts: the sentences of a condition that speak to a question or to a
section it lacks. Without question words (`ranked(condition, "", key)`), only the cues of the
asked section count, as when a section is simply missing.

Most tests build a small condition by hand; those marked by `real_corpus` read two documents of
the shared MedQuAD checkout next to the repository and are skipped when it is absent.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.answers import excerpts
from bot.answers.excerpts import ranked, sentences
from bot.knowledge.dataset import Condition, Item, Section, Source
from bot.language.cues import cue_pattern

REPO_ROOT = Path(__file__).resolve().parents[1]
MEDQUAD = REPO_ROOT.parent / "shared" / "datasets" / "medquad"
HEALTH_TOPICS = MEDQUAD / "4_MPlus_Health_Topics_QA"

OVERVIEW = (
    "Flurbosis is an infection of the skin between the toes. "
    "It is caused by a fungus that lives in warm, wet shoes.\n\n"
    "Symptoms include itching and burning between the toes. "
    "It is treated with antifungal creams. "
    "Most people recover within a few weeks."
)


def make_condition(**sections: Section) -> Condition:
    return Condition(
        id="flurbosis",
        name="Flurbosis",
        alternative_names=("Toe itch",),
        sections=dict(sections),
        related=(),
        sources=(Source("Flurbosis", "https://example.org/flurbosis"),),
        reviewed=None,
    )


def excerpt(condition: Condition, key: str, max_sentences: int = 4) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The sentences that speak to section `key` alone, and the sections they come from."""
    found = ranked(condition, "", key, max_sentences)
    return None if found is None else (found.sentences, found.from_sections)


def Excerpt(sentences: tuple[str, ...], *sections: str) -> tuple[tuple[str, ...], tuple[str, ...]]:  # noqa: N802
    return sentences, sections


@pytest.fixture
def flurbosis() -> Condition:
    return make_condition(overview=Section(OVERVIEW))


# --- the cue table ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, text, matches",
    [
        ("causes", "Stress causes flare-ups", True),
        ("causes", "it is caused by a virus", True),
        ("causes", "the cause is unknown", True),
        ("causes", "it itches because the skin is dry", False),
        ("diagnosis", "the doctor diagnosed it", True),
        ("diagnosis", "exams and blood tests", True),
        ("diagnosis", "for example, the feet", False),  # "exam" is a whole word
        ("diagnosis", "the testicles may swell", False),  # "test" is a whole word
        ("inheritance", "in general it is mild", False),  # "gene" is a whole word
        ("inheritance", "it is inherited in an autosomal dominant pattern", True),
        ("risk_factors", "it can affect people of any age", True),
        ("risk_factors", "a chemical agent", False),
        ("symptoms", "she feels a painful headache", True),
        ("symptoms", "this significant design", False),
        ("frequency", "it affects about 1 in 5,000 people", True),
        ("frequency", "perhaps it is mild", False),
    ],
)
def test_cues_match_at_the_start_of_a_word(key: str, text: str, matches: bool) -> None:
    pattern = cue_pattern(key)
    assert pattern is not None
    assert (pattern.search(text.lower()) is not None) == matches


# --- excerpts of a synthetic condition ----------------------------------------------------------


@pytest.mark.parametrize(
    "key, expected",
    [
        ("causes", "It is caused by a fungus that lives in warm, wet shoes."),
        ("symptoms", "Symptoms include itching and burning between the toes."),
        ("treatment", "It is treated with antifungal creams."),
        ("outlook", "Most people recover within a few weeks."),
    ],
)
def test_each_section_gets_the_overview_sentences_that_speak_to_it(
    flurbosis: Condition, key: str, expected: str
) -> None:
    assert excerpt(flurbosis, key) == Excerpt((expected,), "overview")


def test_a_key_none_of_whose_cues_occur_gets_none(flurbosis: Condition) -> None:
    assert excerpt(flurbosis, "prevention") is None
    assert excerpt(flurbosis, "stages") is None


@pytest.mark.parametrize("key", ["alternative_names", "office_visit", "overview"])
def test_sections_without_cues_get_none(key: str) -> None:
    text = (
        "Flurbosis is also called toe itch, and the doctor will ask you questions at the visit. "
        "Flurbosis is an infection of the skin between the toes."
    )
    assert excerpt(make_condition(overview=Section(text), causes=Section(text)), key) is None


def test_because_is_not_a_cause() -> None:
    condition = make_condition(overview=Section("The toes itch because the skin is very dry."))
    assert excerpt(condition, "causes") is None
    condition = make_condition(overview=Section("The toes itch, and dry skin causes cracks."))
    assert excerpt(condition, "causes") == Excerpt(("The toes itch, and dry skin causes cracks.",), "overview")


def test_order_is_kept_and_max_sentences_respected() -> None:
    text = (
        "The first symptom is itching between the toes. The skin looks normal at first.\n\n"
        "Then the skin may feel hot. Cracks are painful when walking. "
        "Some people have blisters, a sign of a stronger infection."
    )
    condition = make_condition(overview=Section(text))
    wanted = (
        "The first symptom is itching between the toes.",
        "Then the skin may feel hot.",
        "Cracks are painful when walking.",
        "Some people have blisters, a sign of a stronger infection.",
    )
    assert excerpt(condition, "symptoms") == Excerpt(wanted, "overview")  # default: 4
    assert excerpt(condition, "symptoms", max_sentences=2) == Excerpt(wanted[:2], "overview")
    assert excerpt(condition, "symptoms", max_sentences=1) == Excerpt(wanted[:1], "overview")
    assert excerpt(condition, "symptoms", max_sentences=0) is None


def test_short_sentences_questions_and_repeats_are_skipped() -> None:
    text = (
        "Pain is bad. What are the symptoms of flurbosis? There is pain between the toes. "
        "There is pain between the toes."
    )
    condition = make_condition(overview=Section(text))
    assert excerpt(condition, "symptoms") == Excerpt(("There is pain between the toes.",), "overview")


def test_a_cue_inside_a_negation_still_counts() -> None:
    condition = make_condition(overview=Section("There is no known cause of flurbosis."))
    assert excerpt(condition, "causes") == Excerpt(("There is no known cause of flurbosis.",), "overview")


def test_items_are_sentences_too() -> None:
    overview = Section(
        "Flurbosis is an infection of the skin between the toes.",
        items=(
            Item("Itching that is worse at night"),
            Item("Peeling skin between the toes"),
            Item("A burning pain when walking"),
        ),
    )
    condition = make_condition(overview=overview)
    assert sentences(overview) == [
        "Flurbosis is an infection of the skin between the toes.",
        "Itching that is worse at night",
        "Peeling skin between the toes",
        "A burning pain when walking",
    ]
    assert excerpt(condition, "symptoms") == Excerpt(
        ("Itching that is worse at night", "A burning pain when walking"), "overview"
    )


def test_bullet_lines_of_a_text_are_sentences_of_their_own() -> None:
    text = (
        "Flurbosis is common in athletes. If you have it\n\n"
        "• Wash and dry your feet every day\n"
        "• Avoid sharing towels with other people\n\n"
        "Treatments for flurbosis include creams."
    )
    overview = Section(text)
    assert sentences(overview) == [
        "Flurbosis is common in athletes.",
        "If you have it",
        "Wash and dry your feet every day",
        "Avoid sharing towels with other people",
        "Treatments for flurbosis include creams.",
    ]
    condition = make_condition(overview=overview)
    assert excerpt(condition, "prevention") == Excerpt(("Avoid sharing towels with other people",), "overview")


def test_a_lead_in_brings_its_list_items_within_max_sentences() -> None:
    text = (
        "Flurbosis is an infection of the skin between the toes.\n\n"
        "Symptoms include:\n\n• Itching\n• Burning\n• Cracked skin\n\n"
        "It is treated with creams."
    )
    condition = make_condition(overview=Section(text))
    assert excerpt(condition, "symptoms") == Excerpt(
        ("Symptoms include:", "Itching", "Burning", "Cracked skin"), "overview"
    )
    assert excerpt(condition, "symptoms", max_sentences=3) == Excerpt(
        ("Symptoms include:", "Itching", "Burning"), "overview"
    )
    # No room for the lead-in and one of its items: the lead-in is not taken alone.
    assert excerpt(condition, "symptoms", max_sentences=1) is None


def test_a_text_ending_with_a_lead_in_brings_the_section_items() -> None:
    section = Section(
        "Keep the feet dry. Your doctor may suggest tests such as:",
        items=(Item("A skin scraping"), Item("A KOH test")),
    )
    condition = make_condition(overview=Section("Flurbosis is an itchy rash."), home_care=section)
    assert excerpt(condition, "diagnosis") == Excerpt(
        ("Your doctor may suggest tests such as:", "A skin scraping", "A KOH test"), "home_care"
    )


def test_a_colon_sentence_without_items_is_not_taken() -> None:
    condition = make_condition(overview=Section("Several things can cause flurbosis:"))
    assert excerpt(condition, "causes") is None


def test_sentences_of_several_sections_come_in_the_order_of_the_sections() -> None:
    condition = make_condition(
        symptoms=Section("Itching is a symptom of flurbosis."),
        genetic_changes=Section("A mutation of the KRT1 gene causes a rare form of flurbosis."),
        overview=Section("Flurbosis is an infection of the skin between the toes."),
    )
    assert excerpt(condition, "causes") == Excerpt(
        ("A mutation of the KRT1 gene causes a rare form of flurbosis.",), "genetic_changes"
    )
    condition = make_condition(
        treatment=Section("Creams ease the itching symptoms in a few days."),
        overview=Section("Flurbosis has symptoms such as itching between the toes."),
    )
    assert excerpt(condition, "symptoms") == Excerpt(
        ("Creams ease the itching symptoms in a few days.", "Flurbosis has symptoms such as itching between the toes."),
        "treatment",
        "overview",
    )


def test_the_question_words_rank_the_sentences_beyond_the_cues() -> None:
    text = (
        "Flurbosis is an infection of the skin between the toes. It spreads in swimming pools and "
        "shared showers. Wearing sandals in shared showers lowers the risk. Creams clear it up."
    )
    condition = make_condition(overview=Section(text))
    found = ranked(condition, "can flurbosis spread in swimming pools?", None)
    assert found is not None and found.sentences[0] == "It spreads in swimming pools and shared showers."
    assert ranked(condition, "is flurbosis dangerous for pregnant women?", None) is None  # nothing speaks to it
    # One word of a question is not enough where a section was asked: "skin" is everywhere.
    assert ranked(condition, "what does the doctor look at on the skin", "office_visit") is None


# --- the spaCy pipeline -------------------------------------------------------------------------


def test_the_spacy_pipeline_is_built_once_and_reused(flurbosis: Condition, monkeypatch: pytest.MonkeyPatch) -> None:
    import spacy

    calls: list[str] = []
    real_blank = spacy.blank

    def counting_blank(name: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        calls.append(name)
        return real_blank(name, *args, **kwargs)

    monkeypatch.setattr(spacy, "blank", counting_blank)
    excerpts._pipeline.cache_clear()
    excerpts._units.cache_clear()  # sections segmented by earlier tests would not need spaCy
    excerpts._index.cache_clear()
    try:
        assert excerpt(flurbosis, "causes") is not None
        assert calls == ["en"]
        first = excerpts._pipeline()
        other = make_condition(overview=Section("Itching is the main symptom of flurbosis."))
        assert excerpt(other, "symptoms") is not None  # a new text: segmented again
        assert excerpts._pipeline() is first
        assert calls == ["en"]
        assert first.pipe_names == ["sentencizer"]
    finally:
        excerpts._pipeline.cache_clear()


def test_importing_the_module_does_not_load_spacy() -> None:
    code = (
        "import sys, bot.answers.excerpts as e; "
        "assert 'spacy' not in sys.modules, 'spacy imported'; "
        "assert e._pipeline.cache_info().currsize == 0"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


# --- real MedQuAD documents ---------------------------------------------------------------------

real_corpus = pytest.mark.skipif(
    not HEALTH_TOPICS.is_dir(),
    reason=f"the shared MedQuAD corpus is not at {MEDQUAD} (no 4_MPlus_Health_Topics_QA folder)",
)


def _document(name: str, focus: str) -> Condition:
    from bot.build.medquad import parse_document

    path = HEALTH_TOPICS / name
    if not path.is_file():
        pytest.skip(f"{path} is not in this MedQuAD checkout")
    condition = parse_document(path, "MedlinePlus Health Topics")
    assert condition.name == focus, f"{path} is not the expected document"
    return condition


def _squashed(text: str) -> str:
    return " ".join(text.split())


@real_corpus
def test_a_medquad_condition_with_only_an_overview_gets_a_symptoms_excerpt() -> None:
    condition = _document("0000030.xml", "Anal Cancer")
    assert set(condition.sections) == {"overview"}
    found = ranked(condition, "", "symptoms")
    assert found is not None and found.sentences
    assert found.from_sections == ("overview",)
    overview = _squashed(condition.sections["overview"].text)
    assert all(sentence in overview for sentence in found.sentences)
    positions = [overview.index(sentence) for sentence in found.sentences]
    assert positions == sorted(positions)
    assert found.sentences[0] == "Symptoms include bleeding, pain, or lumps in the anal area."
    assert excerpt(condition, "causes") is None  # the page says nothing of causes


@real_corpus
def test_a_medquad_symptom_list_comes_with_its_lead_in() -> None:
    condition = _document("0000010.xml", "Acute Myeloid Leukemia")
    assert set(condition.sections) == {"overview"}
    found = ranked(condition, "", "symptoms")
    assert found is not None and (found.sentences, found.from_sections) == Excerpt(
        ("Symptoms of AML include:", "Fever", "Shortness of breath", "Easy bruising or bleeding"),
        "overview",
    )
    overview = _squashed(condition.sections["overview"].text)
    assert all(sentence in overview for sentence in found.sentences)
