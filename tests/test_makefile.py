"""The Makefile's contract: `make install` and `make train` are no-ops when nothing changed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


@pytest.mark.model
def test_install_and_train_are_up_to_date_after_make_test():
    # `make test` installs and trains before pytest runs; -q asks make whether anything is left.
    result = make("-q", "install", "train")
    assert result.returncode == 0, "make install/train would do work again: " + result.stdout


def test_help_lists_the_contract_commands():
    shown = make("help").stdout
    for target in ("run", "test", "install", "train", "shell"):
        assert f"make {target} " in shown


@pytest.mark.model
@pytest.mark.parametrize(("changed", "forced"), [("bot/nlu/diet.py", True), ("data/nlu.yml", False)])
def test_a_change_in_the_nlu_code_trains_everything_anew(changed: str, forced: bool):
    # Rasa's training cache knows components by name and settings, not code (Makefile).
    result = make("-n", "-W", changed, "train")
    training = [line for line in result.stdout.splitlines() if "rasa train" in line]
    assert len(training) == 1, result.stdout + result.stderr
    assert ("--force" in training[0].split()) is forced
