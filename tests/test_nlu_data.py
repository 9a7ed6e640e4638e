"""The held-out NLU set stays apart from the training data, so its score means something."""

from __future__ import annotations

import yaml

from bot.build.nlu_generation import existing_examples, plain_text
from bot.nlu.question_text import NAME_STAND_IN
from bot.vocabulary import SECTION_KEYS, intent_for_section
from tests.helpers import ROOT


def test_no_held_out_message_is_a_training_example() -> None:
    training = existing_examples([ROOT / "data" / "nlu.yml", *sorted((ROOT / "data" / "generated").glob("*.yml"))])
    held_out = existing_examples([ROOT / "tests" / "nlu_holdout.yml"])
    assert len(held_out) >= 300
    assert sorted(held_out & training) == []


def test_plain_text_ignores_annotations_case_and_spacing() -> None:
    assert (
        plain_text('What is [ALS]{"entity": "condition", "value": "Amyotrophic lateral sclerosis"}  ?')
        == "what is als ?"
    )


def test_the_stand_in_name_is_asked_of_every_section_in_the_training_data() -> None:
    # The intent model hears NAME_STAND_IN in place of a known name: a name it learnt with every
    # section leans to none (bot/nlu/question_text.py).
    asked: dict[str, int] = {}
    for block in yaml.safe_load((ROOT / "data" / "nlu.yml").read_text(encoding="utf-8"))["nlu"]:
        lines = str(block.get("examples", "")).lower().splitlines()
        asked[str(block.get("intent"))] = sum(f"[{NAME_STAND_IN}]" in line for line in lines)
    sections = [key for key in SECTION_KEYS if intent_for_section(key) in asked]
    assert len(sections) >= 19
    assert [key for key in sections if not asked[intent_for_section(key)]] == []
