"""The recognition benchmark's question set and scoring (scripts.bench_nlu); the benchmark
itself trains two models and runs by `make bench-nlu`, not here."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from bot.knowledge.dataset import load_dataset
from bot.knowledge.knowledge_base import KnowledgeBase
from scripts import bench_nlu
from tests.helpers import CONDITIONS_DIR, ROOT

RARE = ["Acatalasemia", "Iniencephaly", "Tietze syndrome", "Pompe disease", "Hirschsprung disease", "Roberts syndrome"]


@pytest.fixture(scope="module")
def merged() -> tuple[KnowledgeBase, set[str]]:
    """The dataset with a few imported conditions (no review date), one with an abbreviation."""
    authored = load_dataset(CONDITIONS_DIR)
    imported = [
        replace(authored[0], id=name.lower().replace(" ", "_"), name=name, alternative_names=(), reviewed=None)
        for name in RARE
    ]
    imported.append(
        replace(authored[0], id="west_syndrome", name="West syndrome", alternative_names=("IS",), reviewed=None)
    )
    return KnowledgeBase(authored + imported), {c.id for c in authored}


@pytest.mark.parametrize("seed", range(20))
def test_a_misspelling_is_one_slip_that_keeps_the_first_letter(seed: int) -> None:
    name = "Hirschsprung disease"
    wrong = bench_nlu.misspell(name, random.Random(seed))
    assert wrong != name and wrong[0] == name[0]
    assert abs(len(wrong) - len(name)) <= 1
    assert bench_nlu.misspell("MG", random.Random(seed)) is None  # nothing long enough to slip


def test_questions_ask_about_imported_conditions_one_in_five_misspelt(merged) -> None:
    kb, authored = merged
    questions = bench_nlu.build_questions(kb, authored, ROOT / "tests" / "nlu_holdout.yml", count=5, seed=1)
    named = [q for q in questions if q.expected]
    assert len(named) == 5
    assert not {q.expected for q in named} & authored
    assert sum(q.misspelt for q in named) == 1
    for question in named:
        assert question.name in question.text
        assert bool(kb.matcher.lookup(question.name)) != question.misspelt
    # "IS" is an everyday word: no question is built on it.
    assert all(q.name != "IS" for q in named)
    unnamed = [q for q in questions if not q.expected]
    assert unnamed and all(not any(m.exact for m in kb.matcher.find(q.text)) for q in unnamed)


def test_scoring_counts_wrong_extra_and_common_word_finds(merged) -> None:
    kb, _ = merged
    questions = [
        bench_nlu.Question("what is Acatalasemia", "acatalasemia", "Acatalasemia"),
        bench_nlu.Question("what is Iniencefaly", "iniencephaly", "Iniencefaly", misspelt=True),
        bench_nlu.Question("what is it", None, ""),
    ]

    def entity(text, word, value):
        return {
            "entity": "condition",
            "start": text.index(word),
            "end": text.index(word) + len(word),
            "value": value,
        }  # noqa: E731

    parses = [
        {
            "entities": [
                entity("what is Acatalasemia", "is", "is"),
                entity("what is Acatalasemia", "Acatalasemia", "Acatalasemia"),
            ]
        },
        {"entities": [entity("what is Iniencefaly", "Iniencefaly", "Iniencephaly")]},
        {"entities": []},
    ]
    result = bench_nlu.score(kb, questions, parses)
    assert result["accuracy"] == {"correct spelling": 0.0, "misspelt": 1.0, "no condition": 1.0}
    assert result["common_words_taken"] == 1 and result["common_word_examples"] == ["is"]
    assert [m["text"] for m in result["misses"]] == ["what is Acatalasemia"]
