"""bot.nlu.diet: the trained model loaded for answering predicts exactly what Rasa's own loading
of the same model predicts (intent, confidence, ranking and entities, on held-out messages)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from rasa.core.agent import Agent
from rasa.nlu.classifiers.diet_classifier import DIET, DIETClassifier

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


def featurized_training_data(tmp_path: Path) -> Any:
    """A few intents, some with a condition entity, tokenized and featurized as the pipeline does."""
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
    from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    (tmp_path / "storage").mkdir()
    storage, context = LocalModelStorage(tmp_path / "storage"), ExecutionContext(GraphSchema({}), "test")
    names = ["lupus", "gout", "polio", "scurvy", "burns", "asthma"]
    messages = [Message.build(text="hello there", intent="greet"), Message.build(text="hi", intent="greet")]
    for question, intent in (("what are the symptoms of", "ask_symptoms"), ("how do you treat", "ask_treatment")):
        for name in names:
            text = f"{question} {name}"
            entity = {"start": len(text) - len(name), "end": len(text), "value": name, "entity": "condition"}
            messages.append(Message.build(text=text, intent=intent, entities=[entity]))
    data = TrainingData(messages)
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process_training_data(data)
    featurizer = CountVectorsFeaturizer.create(
        CountVectorsFeaturizer.get_default_config(), storage, Resource("cvf"), context
    )
    featurizer.train(data)
    featurizer.process_training_data(data)
    return data, storage, context


def test_training_without_the_entity_decoding_learns_rasas_own_weights(tmp_path: Path) -> None:
    """AnsweringDIET leaves out the Viterbi decoding Rasa runs beside the entity loss at every
    training step (only for the progress bar's F1): the trained weights must be Rasa's own."""
    from rasa.engine.storage.resource import Resource

    data, storage, context = featurized_training_data(tmp_path)
    config = {**DIETClassifier.get_default_config(), "epochs": 4, "random_seed": 7, "number_of_transformer_layers": 1}

    def trained_weights(model_class: type, name: str) -> list:
        classifier = AnsweringDIETClassifier.create(config, storage, Resource(name), context)
        classifier.model_class = staticmethod(lambda: model_class)  # type: ignore[method-assign]
        classifier.train(data)
        assert isinstance(classifier.model, model_class)
        return sorted((w.name, w.numpy()) for w in classifier.model.trainable_weights)

    ours, theirs = trained_weights(AnsweringDIET, "ours"), trained_weights(DIET, "theirs")
    assert [name for name, _ in ours] == [name for name, _ in theirs]
    assert any("crf" in name or "transitions" in name for name, _ in ours), [name for name, _ in ours]
    for (name, mine), (_, rasas) in zip(ours, theirs, strict=True):
        assert np.allclose(mine, rasas, atol=1e-6), name
