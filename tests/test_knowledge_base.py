"""Tests of bot.knowledge.knowledge_base: saving and loading the built JSON file, and lookup by name."""

from __future__ import annotations

import datetime
import errno
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.knowledge import knowledge_base as kb_module
from bot.knowledge.dataset import Condition, Item, Section, Source
from bot.knowledge.knowledge_base import DEFAULT_PATH, KnowledgeBase, KnowledgeBaseError, knowledge_base_path

GBS = Condition(
    id="guillain_barre_syndrome",
    name="Guillain-Barré syndrome",
    alternative_names=("GBS", "Landry-Guillain-Barré syndrome"),
    sections={
        "overview": Section(text="A rare disorder.\n\nMost people recover."),
        "complications": Section(
            text="Complications include:",
            items=(Item("Breathing failure"), Item("Muscle wasting (muscle atrophy)", "muscle_atrophy")),
        ),
    },
    related=("muscle_atrophy",),
    sources=(
        Source("NINDS: Guillain-Barré Syndrome", "http://www.ninds.nih.gov/disorders/gbs/gbs.htm"),
        Source("MedlinePlus", "https://medlineplus.gov/ency/article/000684.htm"),
    ),
    reviewed=datetime.date(2026, 11, 23),
)
ALS = Condition(
    id="amyotrophic_lateral_sclerosis",
    name="Amyotrophic lateral sclerosis",
    alternative_names=("ALS", "Lou Gehrig's disease"),
    sections={"overview": Section(items=(Item("Nerve cells break down."),))},
    related=(),
    sources=(Source("MedlinePlus: ALS", "https://medlineplus.gov/ency/article/000688.htm"),),
    reviewed=None,
)
ATROPHY = Condition(
    id="muscle_atrophy",
    name="Muscle atrophy",
    alternative_names=(),
    sections={"overview": Section(text="Muscles waste away.")},
    related=(),
    sources=(Source("MedlinePlus: Muscle atrophy", "https://medlineplus.gov/ency/article/003188.htm"),),
    reviewed=datetime.date(2025, 1, 31),
)


@pytest.fixture
def small_kb() -> KnowledgeBase:
    return KnowledgeBase([GBS, ALS, ATROPHY])


# --- save and load -------------------------------------------------------------------------------


def test_save_then_load_gives_equal_conditions(small_kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "kb.json"
    small_kb.save(path)
    assert KnowledgeBase.load(path).conditions == small_kb.conditions


def test_round_trip_keeps_dates_links_and_sources(small_kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "kb.json"
    small_kb.save(path)
    loaded = KnowledgeBase.load(path).get("guillain_barre_syndrome")
    assert loaded is not None
    assert loaded.reviewed == datetime.date(2026, 11, 23)
    assert loaded.sections["complications"].items[1] == Item("Muscle wasting (muscle atrophy)", "muscle_atrophy")
    assert loaded.sources == GBS.sources
    assert KnowledgeBase.load(path).get("amyotrophic_lateral_sclerosis").reviewed is None


def test_round_trip_of_the_real_dataset(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "kb.json"
    kb.save(path)
    assert KnowledgeBase.load(path).conditions == kb.conditions


def test_save_creates_missing_parent_directories(small_kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "build" / "nested" / "kb.json"
    small_kb.save(path)
    assert len(KnowledgeBase.load(path)) == 3


def test_save_leaves_no_temporary_file(small_kb: KnowledgeBase, tmp_path: Path) -> None:
    small_kb.save(tmp_path / "kb.json")
    assert [p.name for p in tmp_path.iterdir()] == ["kb.json"]


def test_save_replaces_an_existing_file(small_kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "kb.json"
    KnowledgeBase([ATROPHY]).save(path)
    small_kb.save(path)
    assert set(KnowledgeBase.load(path).conditions) == set(small_kb.conditions)
    assert [p.name for p in tmp_path.iterdir()] == ["kb.json"]


def test_failed_save_keeps_old_file_and_leaves_no_temporary_file(
    small_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "kb.json"
    KnowledgeBase([ATROPHY]).save(path)
    old_bytes = path.read_bytes()

    def disk_full(document: Any, handle: Any, **kwargs: Any) -> None:
        handle.write('{"format": 1, "condi')
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(kb_module.json, "dump", disk_full)
    with pytest.raises(OSError):
        small_kb.save(path)
    assert path.read_bytes() == old_bytes
    assert [p.name for p in tmp_path.iterdir()] == ["kb.json"]


# --- load errors ---------------------------------------------------------------------------------


def _valid_text(tmp_path: Path) -> str:
    path = tmp_path / "valid.json"
    KnowledgeBase([GBS, ALS]).save(path)
    text = path.read_text(encoding="utf-8")
    path.unlink()
    return text


def _edited(tmp_path: Path, change: Callable[[dict[str, Any]], Any]) -> str:
    document = json.loads(_valid_text(tmp_path))
    change(document)
    return json.dumps(document)


def _corrupt_condition(tmp_path: Path, change: Callable[[dict[str, Any]], Any]) -> str:
    return _edited(tmp_path, lambda document: change(document["conditions"][0]))


BAD_FILES: dict[str, Callable[[Path], Any]] = {
    "invalid_json": lambda tmp: "{format: 1, conditions: []}",
    "empty_file": lambda tmp: "",
    "truncated_json": lambda tmp: _valid_text(tmp)[: len(_valid_text(tmp)) // 2],
    "json_list": lambda tmp: "[]",
    "other_format_version": lambda tmp: json.dumps({"format": 2, "conditions": []}),
    "no_format_field": lambda tmp: json.dumps({"conditions": []}),
    "rasa_nlu_json": lambda tmp: json.dumps({"rasa_nlu_data": {"common_examples": []}}),
    "no_conditions_field": lambda tmp: json.dumps({"format": 1}),
    "conditions_not_a_list": lambda tmp: json.dumps({"format": 1, "conditions": None}),
    "condition_missing_name": lambda tmp: _corrupt_condition(tmp, lambda c: c.pop("name")),
    "reviewed_not_a_date": lambda tmp: _corrupt_condition(tmp, lambda c: c.update(reviewed="yesterday")),
    "item_not_a_mapping": lambda tmp: _corrupt_condition(tmp, lambda c: c["sections"]["overview"].update(items=["x"])),
    "sections_a_list": lambda tmp: _corrupt_condition(tmp, lambda c: c.update(sections=[])),
    "not_utf8": lambda tmp: b'{"format": 1, "conditions": [], "x": "Barr\xe9"}',
    "no_count": lambda tmp: json.dumps({"format": 1, "conditions": []}),
    "conditions_cut_short": lambda tmp: _edited(tmp, lambda d: d["conditions"].pop()),
    "duplicate_condition": lambda tmp: _edited(tmp, lambda d: d["conditions"].append(d["conditions"][0])),
}


@pytest.mark.parametrize("make_content", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_load_of_bad_file_raises_knowledge_base_error_naming_path(
    tmp_path: Path, make_content: Callable[[Path], Any]
) -> None:
    content = make_content(tmp_path)
    path = tmp_path / "kb.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as info:
        KnowledgeBase.load(path)
    assert str(path) in str(info.value)


def test_load_of_missing_file_raises_knowledge_base_error_naming_path(tmp_path: Path) -> None:
    path = tmp_path / "missing.json"
    with pytest.raises(KnowledgeBaseError) as info:
        KnowledgeBase.load(path)
    assert str(path) in str(info.value)
    assert "not found" in str(info.value)


def test_load_of_a_directory_raises_knowledge_base_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError) as info:
        KnowledgeBase.load(tmp_path)
    assert str(tmp_path) in str(info.value)


# --- lookup --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, condition_id",
    [
        ("Guillain-Barré syndrome", "guillain_barre_syndrome"),
        ("guillain barre syndrome", "guillain_barre_syndrome"),
        ("GUILLAIN-BARRE SYNDROME", "guillain_barre_syndrome"),
        ("gbs", "guillain_barre_syndrome"),
        ("Landry Guillain Barre syndrome", "guillain_barre_syndrome"),
        ("Amyotrophic lateral sclerosis", "amyotrophic_lateral_sclerosis"),
        ("  amyotrophic   lateral sclerosis. ", "amyotrophic_lateral_sclerosis"),
        ("lou gehrigs disease", "amyotrophic_lateral_sclerosis"),
        ("Lou Gehrig’s Disease", "amyotrophic_lateral_sclerosis"),
        ("MUSCLE ATROPHY", "muscle_atrophy"),
    ],
)
def test_by_name_ignores_case_accents_and_punctuation(small_kb: KnowledgeBase, name: str, condition_id: str) -> None:
    found = small_kb.by_name(name)
    assert found is not None and found.id == condition_id


@pytest.mark.parametrize("name", ["Stroke", "guillain", "muscle", "what is muscle atrophy", "", "!!!"])
def test_by_name_of_an_unknown_or_partial_name_is_none(small_kb: KnowledgeBase, name: str) -> None:
    assert small_kb.by_name(name) is None


def test_by_name_in_the_real_dataset(kb: KnowledgeBase) -> None:
    assert kb.by_name("lou gehrig's disease").id == "amyotrophic_lateral_sclerosis"
    assert kb.by_name("guillain barre syndrome").id == "guillain_barre_syndrome"


def test_get_and_len(small_kb: KnowledgeBase) -> None:
    assert len(small_kb) == 3
    assert small_kb.get("muscle_atrophy") == ATROPHY
    assert small_kb.get("stroke") is None


# --- where the file lives ------------------------------------------------------------------------


def test_healthbot_kb_overrides_the_path(
    small_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "elsewhere.json"
    small_kb.save(path)
    monkeypatch.setenv("HEALTHBOT_KB", str(path))
    assert knowledge_base_path() == path
    assert KnowledgeBase.load().conditions == small_kb.conditions


def test_default_path_without_healthbot_kb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HEALTHBOT_KB", raising=False)
    assert knowledge_base_path() == DEFAULT_PATH == Path("build/knowledge_base.json")


def test_the_shared_knowledge_base_is_loaded_once_until_its_file_changes(kb, tmp_path) -> None:
    path = tmp_path / "kb.json"
    kb.save(path)
    first = KnowledgeBase.shared(path)
    assert KnowledgeBase.shared(path) is first and len(first) == len(kb)
    KnowledgeBase(list(kb.conditions.values())[:2]).save(path)
    assert len(KnowledgeBase.shared(path)) == 2
