"""Everyday names: what people call a condition when they do not use a medical name ("deaf",
"short height", "IBS"), kept in data/everyday_names.yml apart from the dataset, whose names are
those of its references.

The table lists them under a name of their condition. The build links them to the condition of
the knowledge base that has that name (any of its names) and skips the conditions it lacks: the
16 authored conditions list their own, MedQuAD has all of them (tested). The matcher finds them
like names, and an everyday name means its condition only, even where a page gives it as a
synonym of another: "IBS" is irritable bowel syndrome, not also ichthyosis bullosa of Siemens.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from bot.knowledge.dataset import Condition, DatasetError, read_yaml_file
from bot.language.matching import COMMON_WORDS
from bot.language.normalization import normalize_name

TABLE_KEY = "everyday_names"


def load_everyday_names(path: Path) -> dict[str, tuple[str, ...]]:
    """The table of `path`: everyday names by a name of their condition.

    Raises `DatasetError` naming the field and the problem: a name that says nothing alone (only
    common words), or one listed twice, would make the bot hear a condition that was not named.
    """
    data = read_yaml_file(path)
    table = data.get(TABLE_KEY) if isinstance(data, dict) else None
    if not isinstance(table, dict) or not table:
        raise DatasetError(path, "", f"must be a YAML mapping with a non-empty mapping '{TABLE_KEY}'")
    seen: dict[str, str] = {}
    result: dict[str, tuple[str, ...]] = {}
    for condition, names in table.items():
        field = f"{TABLE_KEY}.{condition}"
        if not isinstance(condition, str) or not normalize_name(condition):
            raise DatasetError(path, field, "a condition's name must have letters or digits")
        if not isinstance(names, list) or not names:
            raise DatasetError(path, field, "must be a non-empty list of everyday names")
        result[condition] = tuple(
            _checked(path, f"{field}.{index}", name, condition, seen) for index, name in enumerate(names)
        )
    return result


def _checked(path: Path, field: str, name: Any, condition: str, seen: dict[str, str]) -> str:
    key = normalize_name(name) if isinstance(name, str) else ""
    if not key:
        raise DatasetError(path, field, f"{name!r} must be a text with letters or digits")
    if all(word in COMMON_WORDS for word in key.split()):
        raise DatasetError(path, field, f"{name!r} is only common words, which name no condition")
    if key == normalize_name(condition):
        raise DatasetError(path, field, f"{name!r} is the name it is listed under")
    if key in seen:
        raise DatasetError(path, field, f"{name!r} is listed twice (also under {seen[key]!r})")
    seen[key] = condition
    return name.strip()


def link(
    conditions: Iterable[Condition], table: Mapping[str, Iterable[str]]
) -> tuple[dict[str, tuple[str, ...]], list[str]]:
    """The everyday names by condition id, and the names of the table that no condition has."""
    ids: dict[str, str] = {}
    for condition in conditions:
        for name in condition.names:
            ids.setdefault(normalize_name(name), condition.id)
    linked: dict[str, tuple[str, ...]] = {}
    missing = []
    for name, everyday in table.items():
        condition_id = ids.get(normalize_name(name))
        if condition_id is None:
            missing.append(name)
        else:
            linked[condition_id] = linked.get(condition_id, ()) + tuple(everyday)
    return linked, missing
