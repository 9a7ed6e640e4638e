"""Tests of `python -m bot build` (bot.build.cli) and of the NLU examples it generates."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from bot.build.cli import main
from bot.build.nlu_generation import existing_examples, generate_examples, plain_text
from bot.knowledge.dataset import load_dataset
from bot.knowledge.knowledge_base import KnowledgeBase
from tests.dataset_factory import condition_data, write_condition, write_dataset

REPO_ROOT = Path(__file__).resolve().parents[1]
NAMES = {
    "Muscle atrophy",
    "Muscle wasting",
    "Stroke",
    "Brain attack",
    "Guillain-Barré syndrome",
    "GBS",
}


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return write_dataset(
        tmp_path / "conditions",
        condition_data(
            "muscle_atrophy", name="Muscle atrophy", alternative_names=["Muscle wasting"], related=["stroke"]
        ),
        condition_data("stroke", alternative_names=["Brain attack"]),
        condition_data("guillain_barre_syndrome", name="Guillain-Barré syndrome", alternative_names=["GBS"]),
    )


@pytest.fixture
def outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """KB and NLU paths; the working directory has no hand-written data/nlu.yml."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return tmp_path / "build" / "kb.json", tmp_path / "generated" / "nlu.yml"


def _build(dataset: Path, kb: Path, nlu: Path) -> int:
    return main(["build", "--dataset", str(dataset), "--out", str(kb), "--nlu-out", str(nlu)])


# --- a valid dataset -----------------------------------------------------------------------------


def test_build_writes_the_knowledge_base(dataset: Path, outputs: tuple[Path, Path]) -> None:
    kb_path, nlu_path = outputs
    assert _build(dataset, kb_path, nlu_path) == 0
    kb = KnowledgeBase.load(kb_path)
    assert set(kb.conditions) == {"muscle_atrophy", "stroke", "guillain_barre_syndrome"}
    assert kb.conditions == KnowledgeBase(load_dataset(dataset)).conditions


def test_build_reports_what_it_wrote(dataset: Path, outputs: tuple[Path, Path], capsys: pytest.CaptureFixture) -> None:
    kb_path, nlu_path = outputs
    _build(dataset, kb_path, nlu_path)
    captured = capsys.readouterr()
    assert "3 conditions" in captured.out and str(kb_path) in captured.out and str(nlu_path) in captured.out
    assert captured.err == ""


def test_generated_nlu_is_loadable_by_rasa(dataset: Path, outputs: tuple[Path, Path]) -> None:
    kb_path, nlu_path = outputs
    _build(dataset, kb_path, nlu_path)
    training_data = load_data(str(nlu_path))
    assert training_data.training_examples
    assert {"inform_condition", "ask_overview"} <= training_data.intents


def test_inform_condition_examples_annotate_a_condition_name(dataset: Path, outputs: tuple[Path, Path]) -> None:
    kb_path, nlu_path = outputs
    _build(dataset, kb_path, nlu_path)
    examples = [m for m in load_data(str(nlu_path)).training_examples if m.get("intent") == "inform_condition"]
    annotated = set()
    for message in examples:
        [entity] = message.get("entities")
        assert entity["entity"] == "condition"
        assert message.get("text")[entity["start"] : entity["end"]] == entity["value"]
        annotated.add(entity["value"])
    assert annotated == NAMES


def test_every_entity_of_the_generated_nlu_is_a_condition_name(dataset: Path, outputs: tuple[Path, Path]) -> None:
    kb_path, nlu_path = outputs
    _build(dataset, kb_path, nlu_path)
    for message in load_data(str(nlu_path)).training_examples:
        assert [e["entity"] for e in message.get("entities")] == ["condition"]
        assert message.get("entities")[0]["value"] in NAMES


def test_out_defaults_to_healthbot_kb(
    dataset: Path, outputs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb_path = tmp_path / "from_env" / "kb.json"
    monkeypatch.setenv("HEALTHBOT_KB", str(kb_path))
    assert main(["build", "--dataset", str(dataset), "--nlu-out", str(outputs[1])]) == 0
    assert len(KnowledgeBase.load(kb_path)) == 3


# --- a broken dataset ----------------------------------------------------------------------------


def test_broken_dataset_returns_1_and_names_the_file_on_stderr(
    dataset: Path, outputs: tuple[Path, Path], capsys: pytest.CaptureFixture
) -> None:
    bad = write_condition(dataset, condition_data("polio", related=["smallpox"]))
    assert _build(dataset, *outputs) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "related.0" in err and "smallpox" in err


def test_broken_dataset_leaves_the_old_knowledge_base_unchanged(dataset: Path, outputs: tuple[Path, Path]) -> None:
    kb_path, nlu_path = outputs
    assert _build(dataset, kb_path, nlu_path) == 0
    old_kb, old_nlu = kb_path.read_bytes(), nlu_path.read_bytes()
    (dataset / "polio.yml").write_text("id: polio\nname: [Polio\n", encoding="utf-8")
    assert _build(dataset, kb_path, nlu_path) == 1
    assert kb_path.read_bytes() == old_kb
    assert nlu_path.read_bytes() == old_nlu
    assert sorted(p.name for p in kb_path.parent.iterdir()) == ["kb.json"]


def test_broken_dataset_writes_nothing_when_there_was_no_knowledge_base(
    tmp_path: Path, outputs: tuple[Path, Path]
) -> None:
    dataset = write_dataset(tmp_path / "conditions", condition_data("stroke", sources=[]))
    kb_path, nlu_path = outputs
    assert _build(dataset, kb_path, nlu_path) == 1
    assert not kb_path.exists() and not nlu_path.exists()


def test_missing_dataset_directory_returns_1(
    tmp_path: Path, outputs: tuple[Path, Path], capsys: pytest.CaptureFixture
) -> None:
    missing = tmp_path / "nowhere"
    assert _build(missing, *outputs) == 1
    assert str(missing) in capsys.readouterr().err


# --- generated examples --------------------------------------------------------------------------


@pytest.fixture
def small_kb(dataset: Path) -> KnowledgeBase:
    return KnowledgeBase(load_dataset(dataset))


def _plain(examples: dict[str, list[str]]) -> list[str]:
    return [plain_text(example) for lines in examples.values() for example in lines]


def test_generated_examples_are_never_repeated(small_kb: KnowledgeBase) -> None:
    generated = _plain(generate_examples(small_kb, set()))
    assert len(generated) == len(set(generated))


def test_generated_examples_skip_hand_written_ones(small_kb: KnowledgeBase) -> None:
    hand_written = set(_plain(generate_examples(small_kb, set()))[::2])
    assert hand_written
    generated = _plain(generate_examples(small_kb, hand_written))
    assert generated and not set(generated) & hand_written


def test_skip_compares_without_case_spacing_or_annotation(small_kb: KnowledgeBase, tmp_path: Path) -> None:
    nlu = tmp_path / "nlu.yml"
    first = generate_examples(small_kb, set())["inform_condition"][0]
    shouted = "  " + first.upper().replace(" ", "   ") + " "
    nlu.write_text(
        f'version: "3.1"\nnlu:\n- intent: inform_condition\n  examples: |\n    - {shouted}\n', encoding="utf-8"
    )
    skip = existing_examples([nlu])
    assert plain_text(first) in skip
    assert first not in generate_examples(small_kb, skip)["inform_condition"]


@pytest.mark.parametrize(
    "example, text",
    [
        ("what is [ALS](condition)?", "what is als?"),
        ('tell me about [Guillain-Barré syndrome]{"entity": "condition"}', "tell me about guillain-barré syndrome"),
        ("What  Is   Polio", "what is polio"),
    ],
)
def test_plain_text(example: str, text: str) -> None:
    assert plain_text(example) == text


def test_build_of_the_real_dataset_repeats_no_hand_written_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO_ROOT)
    nlu_path = tmp_path / "nlu.yml"
    assert main(["build", "--out", str(tmp_path / "kb.json"), "--nlu-out", str(nlu_path)]) == 0
    hand_written = existing_examples([REPO_ROOT / "data" / "nlu.yml"])
    generated = {plain_text(m.get("text")) for m in load_data(str(nlu_path)).training_examples}
    assert generated and not generated & hand_written
