"""Everyday names (bot/knowledge/everyday_names.py, data/everyday_names.yml): the table's checks,
its link to the knowledge base's conditions, and the matcher finding them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.build.cli import main
from bot.knowledge.dataset import DatasetError
from bot.knowledge.everyday_names import link, load_everyday_names
from bot.knowledge.knowledge_base import KnowledgeBase, KnowledgeBaseError
from tests.test_knowledge_base import ALS, ATROPHY, GBS

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "data" / "everyday_names.yml"


def _table(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "everyday_names.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_repositorys_table_loads() -> None:
    table = load_everyday_names(TABLE)
    assert table["Irritable Bowel Syndrome"] == ("IBS",)
    assert len(table) >= 40


@pytest.mark.parametrize(
    ("text", "field", "problem"),
    [
        ("[a, b]", "", "non-empty mapping 'everyday_names'"),
        ("everyday_names: {}", "", "non-empty mapping 'everyday_names'"),
        ("everyday_names:\n  Muscle atrophy: wasting", "everyday_names.Muscle atrophy", "non-empty list"),
        ("everyday_names:\n  Muscle atrophy: [wasting, '']", "everyday_names.Muscle atrophy.1", "letters or digits"),
        ("everyday_names:\n  Muscle atrophy: [the problem]", "everyday_names.Muscle atrophy.0", "only common words"),
        ("everyday_names:\n  Muscle atrophy: [muscle atrophy]", "everyday_names.Muscle atrophy.0", "listed under"),
        (
            "everyday_names:\n  Muscle atrophy: [wasting]\n  ALS: [Wasting]",
            "everyday_names.ALS.0",
            "listed twice (also under 'Muscle atrophy')",
        ),
        ("everyday_names: [oops", "", "not valid YAML"),
    ],
)
def test_a_bad_table_names_its_file_field_and_problem(tmp_path: Path, text: str, field: str, problem: str) -> None:
    path = _table(tmp_path, text)
    with pytest.raises(DatasetError) as raised:
        load_everyday_names(path)
    assert (raised.value.path, raised.value.field) == (str(path), field)
    assert problem in raised.value.problem


def test_names_link_to_the_condition_with_that_name_and_the_rest_are_reported() -> None:
    linked, missing = link([GBS, ALS, ATROPHY], {"Lou Gehrig's disease": ("ALS disease",), "Gout": ("big toe pain",)})
    assert linked == {"amyotrophic_lateral_sclerosis": ("ALS disease",)}
    assert missing == ["Gout"]


def test_an_everyday_name_means_its_condition_only_and_is_found_in_either_number() -> None:
    kb = KnowledgeBase([GBS, ALS, ATROPHY], {"muscle_atrophy": ("wasting muscles", "GBS")})
    found = [(m.condition_id, m.text) for m in kb.matcher.find("Is a wasting muscle from GBS?")]
    # "GBS" is Guillain-Barré syndrome's abbreviation in the dataset; the table claims it.
    assert found == [("muscle_atrophy", "wasting muscle"), ("muscle_atrophy", "GBS")]
    assert kb.resolve("GBS") == [ATROPHY]
    assert KnowledgeBase([GBS, ALS, ATROPHY]).resolve("GBS") == [GBS]


def test_an_everyday_name_said_of_me_is_said_of_anyone() -> None:
    kb = KnowledgeBase([GBS, ATROPHY], {"muscle_atrophy": ("weak muscles in my legs",)})
    for whose in ("my", "his", "her", "their", "there", "your", "our"):
        text = f"what about weak muscles in {whose} legs?"
        assert [m.condition_id for m in kb.matcher.find(text)] == ["muscle_atrophy"], text


def test_everyday_names_survive_saving_and_an_unknown_condition_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kb.json"
    KnowledgeBase([GBS, ATROPHY], {"muscle_atrophy": ("wasting muscles",)}).save(path)
    assert KnowledgeBase.load(path).everyday_names == {"muscle_atrophy": ("wasting muscles",)}
    document = json.loads(path.read_text())
    document["everyday_names"] = {"gout": ["big toe pain"]}
    path.write_text(json.dumps(document))
    with pytest.raises(KnowledgeBaseError, match="corrupt.*gout"):
        KnowledgeBase.load(path)


def test_build_links_the_table_and_refuses_a_bad_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, nlu = tmp_path / "kb.json", tmp_path / "nlu.yml"
    table = _table(tmp_path, "everyday_names:\n  Muscle atrophy: [wasting muscles]\n  Gout: [big toe pain]\n")
    common = ["build", "--out", str(out), "--nlu-out", str(nlu), "--everyday-names"]
    assert main([*common, str(table)]) == 0
    assert "everyday names: 1 of the 2 conditions" in capsys.readouterr().out
    assert KnowledgeBase.load(out).everyday_names == {"muscle_atrophy": ("wasting muscles",)}
    out.unlink()
    assert main([*common, str(_table(tmp_path, "everyday_names:\n  Gout: [the]\n"))]) == 1
    assert "field 'everyday_names.Gout.0'" in capsys.readouterr().err
    assert not out.exists()
