"""bot.nlu.diet: the trained model loaded for answering predicts exactly what Rasa's own loading
of the same model predicts (intent, confidence, ranking and entities, on held-out messages)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.core.agent import Agent
from rasa.nlu.classifiers.diet_classifier import DIET

from bot.nlu.diet import AnsweringDIET, AnsweringDIETClassifier

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "health-assistant.tar.gz"
MESSAGES = 120

pytestmark = pytest.mark.model


def held_out_messages() -> list[str]:
    blocks = yaml.safe_load((ROOT / "tests" / "nlu_holdout.yml").read_text(encoding="utf-8"))["nlu"]
    lines = [line for block in blocks if "examples" in block for line in block["examples"].splitlines()]
    return [line[2:].strip() for line in lines if line.startswith("- ")][::2][:MESSAGES]


async def parses(agent: Agent) -> list[dict[str, Any]]:
    return [await agent.parse_message(text) for text in held_out_messages()]


def summary(parse: dict[str, Any]) -> tuple:
    entities = tuple((e["entity"], e["start"], e["end"], e.get("value")) for e in parse["entities"])
    ranking = tuple((r["name"], round(r["confidence"], 6)) for r in parse.get("intent_ranking", []))
    return parse["intent"]["name"], round(parse["intent"]["confidence"], 6), ranking, entities


async def test_loading_for_answering_predicts_what_rasas_loading_predicts(monkeypatch: pytest.MonkeyPatch) -> None:
    assert MODEL.exists(), "run 'make train' first (make test does)"
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    assert "bot.nlu.diet.AnsweringDIETClassifier" in [step["name"] for step in pipeline]
    assert AnsweringDIETClassifier.model_class() is AnsweringDIET
    ours = await parses(Agent.load(str(MODEL)))

    monkeypatch.setattr(AnsweringDIETClassifier, "model_class", staticmethod(lambda: DIET))
    theirs = await parses(Agent.load(str(MODEL)))

    assert len(ours) == MESSAGES
    assert [summary(p) for p in ours] == [summary(p) for p in theirs]
    # Not a model that answers anything the same way: the messages get different intents.
    assert len({p["intent"]["name"] for p in ours}) > 10
