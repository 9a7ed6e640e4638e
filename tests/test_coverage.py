"""`python -m bot coverage` (bot/reports/coverage.py) on knowledge bases built by the real builder:
the project's dataset with the made-up MedQuAD sample, and a small dataset written here."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.build.cli import main as cli_main
from bot.knowledge.dataset import load_dataset
from bot.knowledge.knowledge_base import KnowledgeBase
from bot.reports.coverage import CSV_COLUMNS, main
from bot.vocabulary import PAGE_SECTION_KEYS
from tests.dataset_factory import condition_data, write_dataset
from tests.helpers import CONDITIONS_DIR

HEADER = "| condition | origin | sources | sections | lacks |"
AUTHORED = len(list(CONDITIONS_DIR.glob("*.yml")))


def build(dataset: Path, out: Path, medquad: Path | None = None) -> Path:
    kb = out / "kb.json"
    args = ["build", "--dataset", str(dataset), "--out", str(kb), "--nlu-out", str(out / "nlu.yml")]
    assert cli_main(args + (["--medquad", str(medquad)] if medquad else [])) == 0
    return kb


@pytest.fixture(scope="module")
def kb_path(tmp_path_factory: pytest.TempPathFactory, medquad_sample: Path) -> Path:
    """The project's dataset merged with the MedQuAD sample."""
    return build(CONDITIONS_DIR, tmp_path_factory.mktemp("coverage"), medquad_sample)


def table(markdown: str) -> list[list[str]]:
    """The cells of the Markdown table's rows, below its header and rule."""
    lines = markdown.splitlines()
    start = lines.index(HEADER) + 2
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines[start:] if line.startswith("|")]


def report(capsys: pytest.CaptureFixture[str], *args: str) -> list[list[str]]:
    assert main(list(args)) == 0
    return table(capsys.readouterr().out)


def test_authored_conditions_first_by_name_then_medquad(kb_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = report(capsys, "--kb", str(kb_path), "--top", "3")
    authored = sorted((c.name for c in load_dataset(CONDITIONS_DIR)), key=str.casefold)
    # Every dataset file carries a review date, which is how the report tells authored ones.
    assert [r[0] for r in rows[: len(authored)]] == authored
    assert {r[1] for r in rows[: len(authored)]} == {"authored"}
    assert [r[1] for r in rows[len(authored) :]] == ["MedQuAD"] * 3


def test_top_n_has_the_most_source_pages_ties_by_name(kb_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = KnowledgeBase.load(kb_path)
    imported = [c for c in kb.conditions.values() if c.reviewed is None]
    expected = sorted(imported, key=lambda c: (-len(c.sources), c.name.casefold()))
    every = [r for r in report(capsys, "--kb", str(kb_path), "--top", "100") if r[1] == "MedQuAD"]
    assert [(r[0], int(r[2])) for r in every] == [(c.name, len(c.sources)) for c in expected]
    names = [r[0] for r in every]
    # GARD's and GHR's pages of Fixture syndrome outrank NIDDK's one page of Fixture kidney disease.
    assert names.index("Fixture syndrome") < names.index("Fixture kidney disease")
    assert names.index("Fixture kidney disease") < names.index("Fixture Palsy")  # one page each: by name
    top2 = [r[0] for r in report(capsys, "--kb", str(kb_path), "--top", "2") if r[1] == "MedQuAD"]
    assert top2 == names[:2]
    assert [r[1] for r in report(capsys, "--kb", str(kb_path), "--top", "0")] == ["authored"] * AUTHORED


def test_lacking_sections_of_known_conditions(kb_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = {r[0]: r for r in report(capsys, "--kb", str(kb_path))}
    assert rows["Muscle atrophy"][3:] == ["10", "nothing"]  # the seed page's own condition
    # NIDDK's page (tests/medquad_sample.py) answers overview, symptoms, diagnosis and home care.
    assert rows["Fixture kidney disease"][4].split(", ") == [
        f"`{key}`"
        for key in ("types", "causes", "office_visit", "treatment", "when_to_see_doctor", "alternative_names")
    ]
    kb = KnowledgeBase.load(kb_path)
    for condition in kb.conditions.values():
        if condition.name in rows:
            lacks = [key for key in PAGE_SECTION_KEYS if key not in condition.available_sections()]
            assert rows[condition.name][4] == (", ".join(f"`{k}`" for k in lacks) or "nothing"), condition.name


def test_a_small_dataset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sections = {"overview": {"text": "A."}, "causes": {"text": "B."}, "risk_factors": {"text": "C."}}
    dataset = write_dataset(
        tmp_path / "conditions",
        condition_data("example", sections=sections, alternative_names=["Sample"], reviewed="2026-12-01"),
    )
    rows = report(capsys, "--kb", str(build(dataset, tmp_path)))
    lacks = "`types`, `symptoms`, `diagnosis`, `office_visit`, `treatment`, `home_care`, `when_to_see_doctor`"
    # Four sections answered: three written, and the other names from the alternative names.
    assert rows == [["Example", "authored", "1", "4", lacks]]


def test_csv_has_the_markdown_rows(kb_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    md, table_csv = tmp_path / "out" / "coverage.md", tmp_path / "out" / "coverage.csv"
    assert main(["--kb", str(kb_path), "--top", "4", "--out-md", str(md), "--csv", str(table_csv)]) == 0
    assert str(md) in capsys.readouterr().out  # says where, prints no table
    rows = table(md.read_text(encoding="utf-8"))
    with table_csv.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
        lines = list(reader)
    assert len(lines) == len(rows) == AUTHORED + 4
    for line, row in zip(lines, rows, strict=True):
        lacking = line["lacking"].split()
        assert [line["condition"], line["origin"], line["sources"], line["sections"]] == row[:4]
        assert (", ".join(f"`{k}`" for k in lacking) or "nothing") == row[4]
        assert int(line["lacking_count"]) == len(lacking) and set(lacking) <= set(PAGE_SECTION_KEYS)
    atrophy = next(line for line in lines if line["id"] == "muscle_atrophy")
    assert atrophy["lacking"] == "" and atrophy["lacking_count"] == "0"


def test_seed_page_sections_are_those_of_the_condition_written_from_it() -> None:
    atrophy = next(c for c in load_dataset(CONDITIONS_DIR) if c.id == "muscle_atrophy")
    assert atrophy.available_sections() == list(PAGE_SECTION_KEYS)


def test_through_the_bot_command_line(kb_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["coverage", "--kb", str(kb_path), "--top", "1"]) == 0
    rows = table(capsys.readouterr().out)
    assert len(rows) == AUTHORED + 1 and rows[-1][1] == "MedQuAD"


def test_a_missing_knowledge_base_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere" / "kb.json"
    assert main(["--kb", str(missing)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"error: {missing}: knowledge base not found") and "make train" in captured.err


def test_an_unreadable_knowledge_base_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "kb.json"
    broken.write_text("{not json", encoding="utf-8")
    assert main(["--kb", str(broken)]) == 1
    assert f"error: {broken}: knowledge base is unreadable" in capsys.readouterr().err
