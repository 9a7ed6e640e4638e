"""Builds small condition files of the dataset schema (docs/dataset.md) for tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def condition_data(condition_id: str = "muscle_atrophy", name: str | None = None, **fields: Any) -> dict[str, Any]:
    """A valid minimal condition; `fields` replace or add top-level fields."""
    name = name or condition_id.replace("_", " ").capitalize()
    data: dict[str, Any] = {
        "id": condition_id,
        "name": name,
        "sections": {"overview": {"text": f"{name} is a condition."}},
        "sources": [{"title": f"MedlinePlus: {name}", "url": "https://medlineplus.gov/"}],
    }
    data.update(fields)
    return data


def write_condition(directory: Path, data: dict[str, Any], file_name: str | None = None) -> Path:
    """Writes `data` as `<id>.yml` (or `file_name`) in `directory` and returns the path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / (file_name or f"{data['id']}.yml")
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def write_dataset(directory: Path, *conditions: dict[str, Any]) -> Path:
    """Writes every condition to its own file in `directory`; returns the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    for data in conditions:
        write_condition(directory, data)
    return directory
