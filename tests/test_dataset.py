"""Tests of bot.knowledge.dataset: the real dataset loads, and every bad file is rejected with a DatasetError
naming the file, the field and the problem (docs/dataset.md)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.knowledge.dataset import DatasetError, Item, Section, Source, load_dataset
from bot.vocabulary import SECTION_KEYS
from tests.dataset_factory import condition_data, write_condition, write_dataset

REPO_ROOT = Path(__file__).resolve().parents[1]
REAL_DATASET = REPO_ROOT / "data" / "conditions"
KNOWN_IDS = {
    "muscle_atrophy",
    "amyotrophic_lateral_sclerosis",
    "guillain_barre_syndrome",
    "polio",
    "stroke",
    "rheumatoid_arthritis",
    "osteoarthritis",
}


def _error(directory: Path) -> DatasetError:
    with pytest.raises(DatasetError) as info:
        load_dataset(directory)
    return info.value


def _assert_names(error: DatasetError, path: Path, field: str, problem: str) -> None:
    message = str(error)
    assert str(path) in message
    assert field in message
    assert problem.lower() in message.lower()


# --- the real dataset ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_conditions() -> list:
    return load_dataset(REAL_DATASET)


def test_real_dataset_has_the_known_conditions(real_conditions: list) -> None:
    assert KNOWN_IDS <= {condition.id for condition in real_conditions}


def test_real_dataset_loads_with_relative_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO_ROOT)
    assert KNOWN_IDS <= {condition.id for condition in load_dataset(Path("data/conditions"))}


def test_every_real_condition_has_name_sources_and_overview(real_conditions: list) -> None:
    for condition in real_conditions:
        assert condition.name.strip(), condition.id
        assert condition.sources, condition.id
        overview = condition.sections.get("overview")
        assert overview is not None and (overview.text or overview.items), condition.id


def test_every_real_section_key_is_a_contract_key(real_conditions: list) -> None:
    for condition in real_conditions:
        assert set(condition.sections) <= set(SECTION_KEYS), condition.id


# --- a valid dataset -----------------------------------------------------------------------------


def test_valid_condition_is_parsed_into_the_data_model(tmp_path: Path) -> None:
    write_dataset(
        tmp_path,
        condition_data("stroke"),
        condition_data(
            "muscle_atrophy",
            name="Muscle atrophy",
            alternative_names=["Muscle wasting"],
            sections={
                "overview": {"text": "  Muscles waste away.  "},
                "causes": {"items": ["Burns", {"text": "Stroke", "condition": "stroke"}]},
            },
            related=["stroke"],
            sources=[{"title": "MedlinePlus", "url": "https://medlineplus.gov/ency/article/003188.htm"}],
            reviewed=datetime.date(2026, 11, 23),
        ),
    )
    atrophy = {c.id: c for c in load_dataset(tmp_path)}["muscle_atrophy"]
    assert atrophy.names == ("Muscle atrophy", "Muscle wasting")
    assert atrophy.sections["overview"] == Section(text="Muscles waste away.")
    assert atrophy.sections["causes"].items == (Item("Burns"), Item("Stroke", "stroke"))
    assert atrophy.related == ("stroke",)
    assert atrophy.sources == (Source("MedlinePlus", "https://medlineplus.gov/ency/article/003188.htm"),)
    assert atrophy.reviewed == datetime.date(2026, 11, 23)


def test_repeating_a_name_within_one_condition_is_allowed(tmp_path: Path) -> None:
    write_dataset(tmp_path, condition_data("burns", name="Burns", alternative_names=["burns", "Burn"]))
    assert [c.id for c in load_dataset(tmp_path)] == ["burns"]


# --- one bad file --------------------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], Any]

SCHEMA_CASES: list[tuple[str, Mutation, str, str]] = [
    ("missing_id", lambda d: d.pop("id"), "id", "missing"),
    ("missing_name", lambda d: d.pop("name"), "name", "missing"),
    ("missing_sources", lambda d: d.pop("sources"), "sources", "missing"),
    ("missing_sections", lambda d: d.pop("sections"), "sections", "missing"),
    ("empty_name", lambda d: d.update(name=""), "name", "must not be empty"),
    ("blank_name", lambda d: d.update(name="   "), "name", "must not be empty"),
    ("empty_sources", lambda d: d.update(sources=[]), "sources", "must not be empty"),
    ("empty_sections", lambda d: d.update(sections={}), "sections", "must not be empty"),
    ("name_not_text", lambda d: d.update(name=42), "name", "string"),
    ("id_with_capitals", lambda d: d.update(id="Muscle-Atrophy"), "id", "Muscle-Atrophy"),
    ("unknown_top_level_field", lambda d: d.update(synonyms=["x"]), "synonyms", "unknown field"),
    (
        "unknown_section_key",
        lambda d: d["sections"].update(cure={"text": "Rest."}),
        "sections",
        "'cure'",
    ),
    ("section_empty_mapping", lambda d: d["sections"].update(overview={}), "sections.overview", "must not be empty"),
    ("section_left_blank", lambda d: d["sections"].update(overview=None), "sections.overview", "object"),
    (
        "section_empty_text",
        lambda d: d["sections"].update(overview={"text": ""}),
        "sections.overview.text",
        "must not be empty",
    ),
    (
        "section_empty_items",
        lambda d: d["sections"].update(overview={"items": []}),
        "sections.overview.items",
        "must not be empty",
    ),
    (
        "item_mapping_without_text",
        lambda d: d["sections"].update(causes={"items": [{"condition": "stroke"}]}),
        "sections.causes.items.0",
        "'text'",
    ),
    (
        "item_mapping_with_unknown_key",
        lambda d: d["sections"].update(causes={"items": [{"text": "Stroke", "link": "stroke"}]}),
        "sections.causes.items.0",
        "'text'",
    ),
    ("source_without_url", lambda d: d["sources"][0].pop("url"), "sources.0.url", "missing"),
    ("source_without_title", lambda d: d["sources"][0].pop("title"), "sources.0.title", "missing"),
    (
        "url_ftp",
        lambda d: d["sources"][0].update(url="ftp://medlineplus.gov/x"),
        "sources.0.url",
        "ftp://medlineplus.gov/x",
    ),
    (
        "url_without_scheme",
        lambda d: d["sources"][0].update(url="medlineplus.gov/x"),
        "sources.0.url",
        "medlineplus.gov/x",
    ),
    ("reviewed_not_a_date", lambda d: d.update(reviewed="yesterday"), "reviewed", "yesterday"),
    ("alternative_names_not_a_list", lambda d: d.update(alternative_names="Wasting"), "alternative_names", "array"),
    ("empty_alternative_name", lambda d: d.update(alternative_names=[""]), "alternative_names.0", "must not be empty"),
    ("name_without_letters", lambda d: d.update(name="!!!"), "name", "no letters or digits"),
]


@pytest.mark.parametrize(
    "mutate, field, problem", [case[1:] for case in SCHEMA_CASES], ids=[case[0] for case in SCHEMA_CASES]
)
def test_bad_field_is_rejected_naming_file_field_and_problem(
    tmp_path: Path, mutate: Mutation, field: str, problem: str
) -> None:
    data = condition_data("muscle_atrophy")
    mutate(data)
    path = write_condition(tmp_path, data, "muscle_atrophy.yml")
    _assert_names(_error(tmp_path), path, field, problem)


def test_unknown_section_key_message_lists_the_allowed_keys(tmp_path: Path) -> None:
    data = condition_data("muscle_atrophy")
    data["sections"]["cure"] = {"text": "Rest."}
    write_condition(tmp_path, data)
    message = str(_error(tmp_path))
    assert all(key in message for key in SECTION_KEYS)


def test_id_not_matching_file_name_is_rejected(tmp_path: Path) -> None:
    path = write_condition(tmp_path, condition_data("muscle_atrophy"), "muscle_wasting.yml")
    _assert_names(_error(tmp_path), path, "id", "must match the file name 'muscle_wasting'")


def test_reviewed_impossible_date_is_rejected(tmp_path: Path) -> None:
    # YAML reads 2026-02-30 as a timestamp and fails to build the date.
    path = write_condition(tmp_path, condition_data("muscle_atrophy"))
    path.write_text(path.read_text(encoding="utf-8") + "reviewed: 2026-02-30\n", encoding="utf-8")
    _assert_names(_error(tmp_path), path, "reviewed", "2026-02-30")


RAW_FILE_CASES = [
    ("broken_yaml", b"id: muscle_atrophy\nname: [Muscle atrophy\n", "not valid YAML"),
    ("bad_indentation", b"id: muscle_atrophy\n  name: Muscle atrophy\n sources: x\n", "not valid YAML"),
    ("list_not_mapping", b"- muscle_atrophy\n- stroke\n", "mapping"),
    ("plain_text_not_mapping", b"Muscle atrophy is a condition.\n", "mapping"),
    ("empty_file", b"", "mapping"),
    ("latin1_not_utf8", "id: muscle_atrophy\nname: Guillain-Barré\n".encode("latin-1"), "UTF-8"),
]


@pytest.mark.parametrize(
    "content, problem", [case[1:] for case in RAW_FILE_CASES], ids=[case[0] for case in RAW_FILE_CASES]
)
def test_unreadable_file_is_rejected_naming_file_and_problem(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "muscle_atrophy.yml"
    path.write_bytes(content)
    _assert_names(_error(tmp_path), path, "", problem)


# --- rules across files --------------------------------------------------------------------------


def test_duplicate_id_across_two_files_is_rejected(tmp_path: Path) -> None:
    first = write_condition(tmp_path, condition_data("stroke"), "stroke.yml")
    second = write_condition(tmp_path, condition_data("stroke", name="Brain attack"), "stroke.yaml")
    error = _error(tmp_path)
    _assert_names(error, second, "id", "duplicate id 'stroke'")
    assert str(first) in str(error)


CROSS_FILE_CASES: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "alternative_name_differs_only_by_accent_and_hyphen",
        {"alternative_names": ["Muscle wasting", "guillain barre"]},
        "alternative_names.1",
        "guillain_barre_syndrome",
    ),
    (
        "name_equals_other_alternative_name_ignoring_case",
        {"name": "gbs"},
        "name",
        "guillain_barre_syndrome",
    ),
    ("related_id_unknown", {"related": ["guillain_barre_syndrome", "stroke"]}, "related.1", "'stroke'"),
    (
        "item_condition_link_unknown",
        {"sections": {"overview": {"text": "x"}, "causes": {"items": [{"text": "Stroke", "condition": "stroke"}]}}},
        "sections.causes.items.0.condition",
        "'stroke'",
    ),
]


@pytest.mark.parametrize(
    "fields, field, problem", [case[1:] for case in CROSS_FILE_CASES], ids=[case[0] for case in CROSS_FILE_CASES]
)
def test_cross_file_rule_is_enforced_naming_file_field_and_problem(
    tmp_path: Path, fields: dict[str, Any], field: str, problem: str
) -> None:
    write_condition(
        tmp_path,
        condition_data(
            "guillain_barre_syndrome", name="Guillain-Barré syndrome", alternative_names=["GBS", "Guillain-Barré"]
        ),
    )
    path = write_condition(tmp_path, condition_data("muscle_atrophy", **fields))
    _assert_names(_error(tmp_path), path, field, problem)


# --- the directory -------------------------------------------------------------------------------


def test_empty_directory_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("not a condition", encoding="utf-8")
    _assert_names(_error(tmp_path), tmp_path, "", "no condition files")


def test_missing_directory_is_rejected(tmp_path: Path) -> None:
    missing = tmp_path / "conditions"
    _assert_names(_error(missing), missing, "", "does not exist")


def test_file_instead_of_directory_is_rejected(tmp_path: Path) -> None:
    path = write_condition(tmp_path, condition_data("stroke"))
    _assert_names(_error(path), path, "", "does not exist")
