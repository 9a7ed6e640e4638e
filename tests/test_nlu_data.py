"""The held-out NLU set stays apart from the training data, so its score means something."""

from __future__ import annotations

from bot.build.nlu_generation import existing_examples, plain_text
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
