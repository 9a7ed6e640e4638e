"""The authored condition dataset: its data model, schema and loading (see docs/dataset.md).

Every problem is reported as a `DatasetError` naming the file, the field and the problem, so a
person editing YAML by hand can find and fix it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from bot.language.normalization import normalize_name
from bot.vocabulary import BULLET, SECTION_KEYS


class DatasetError(ValueError):
    """A dataset file that breaks the schema or a rule across files."""

    def __init__(self, path: Path | str, field: str, problem: str) -> None:
        self.path = str(path)
        self.field = field
        self.problem = problem
        where = f"field '{field}'" if field else "file"
        super().__init__(f"{self.path}: {where}: {problem}")


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Item:
    """One list entry; `condition` is the id of the dataset condition it names, if any."""

    text: str
    condition: str | None = None


@dataclass(frozen=True)
class Section:
    """`sources`: the pages this section's text came from, where the condition's sources are more
    (a MedQuAD condition merged from several pages); empty means the condition's sources."""

    text: str = ""
    items: tuple[Item, ...] = ()
    sources: tuple[Source, ...] = ()

    def blocks(self) -> list[str]:
        """The units a section is shown and paged by: its paragraphs, then each list item as a
        bullet line."""
        paragraphs = [p.strip() for p in self.text.split("\n\n") if p.strip()] if self.text else []
        return paragraphs + [BULLET + item.text for item in self.items]

    def linked_conditions(self, conditions: Mapping[str, Condition]) -> list[Condition]:
        """The conditions of `conditions` (by id) that this section's list names, in list order."""
        linked: list[Condition] = []
        for item in self.items:
            condition = conditions.get(item.condition) if item.condition else None
            if condition is not None and condition not in linked:
                linked.append(condition)
        return linked


@dataclass(frozen=True)
class Condition:
    id: str
    name: str
    alternative_names: tuple[str, ...]
    sections: dict[str, Section]
    related: tuple[str, ...]
    sources: tuple[Source, ...]
    reviewed: datetime.date | None

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alternative name."""
        return (self.name, *self.alternative_names)

    def section(self, key: str) -> Section | None:
        """A section of the condition; "other names" falls back to the list of alternative names."""
        section = self.sections.get(key)
        if section is None and key == "alternative_names" and self.alternative_names:
            section = Section(
                text=f"{self.name} is also known as:",
                items=tuple(Item(name) for name in self.alternative_names),
            )
        return section

    def available_sections(self) -> list[str]:
        """The section keys the condition can answer, in the contract's order."""
        return [key for key in SECTION_KEYS if self.section(key) is not None]

    def text_sections(self) -> list[str]:
        """The available sections other than the list of other names: empty for a page that
        the knowledge base knows by name only (many of MedQuAD's medicines and tests)."""
        return [key for key in self.available_sections() if key != "alternative_names"]


_NON_EMPTY_STRING = {"type": "string", "pattern": r"\S"}
_ITEM = {
    "anyOf": [
        _NON_EMPTY_STRING,
        {
            "type": "object",
            "required": ["text"],
            "additionalProperties": False,
            "properties": {
                "text": _NON_EMPTY_STRING,
                "condition": {"type": "string", "pattern": r"^[a-z0-9_]+$"},
            },
        },
    ]
}
_SECTION = {
    "type": "object",
    "additionalProperties": False,
    "minProperties": 1,
    "properties": {
        "text": _NON_EMPTY_STRING,
        "items": {"type": "array", "minItems": 1, "items": _ITEM},
    },
}
CONDITION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "name", "sections", "sources"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": r"^[a-z0-9_]+$"},
        "name": _NON_EMPTY_STRING,
        "alternative_names": {"type": "array", "items": _NON_EMPTY_STRING},
        "sections": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"enum": list(SECTION_KEYS)},
            "additionalProperties": _SECTION,
        },
        "related": {"type": "array", "items": {"type": "string"}},
        "sources": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["title", "url"],
                "additionalProperties": False,
                "properties": {
                    "title": _NON_EMPTY_STRING,
                    "url": {"type": "string", "pattern": r"^(https?|file)://\S+$"},
                },
            },
        },
        # A string here (see _YamlLoader); a date when a dict comes from the page importer.
        "reviewed": {},
    },
}
_VALIDATOR = jsonschema.Draft7Validator(CONDITION_SCHEMA)


class _YamlLoader(yaml.SafeLoader):
    """Safe YAML that keeps dates as text, so that an impossible date (2026-02-30) is reported
    as a problem of the `reviewed` field instead of crashing the YAML parser."""


_YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _parse_reviewed(value: Any, path: Path | str) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise DatasetError(path, "reviewed", f"must be a date like 2026-11-23, not {value!r}") from None


def _field_path(error: jsonschema.ValidationError) -> str:
    return ".".join(str(part) for part in error.absolute_path)


def _describe(error: jsonschema.ValidationError) -> tuple[str, str]:
    """A field path and a plain-language problem for one schema violation."""
    field = _field_path(error)
    if error.validator == "propertyNames":
        return field, f"unknown section key {error.instance!r} (allowed: {', '.join(SECTION_KEYS)})"
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return ".".join(filter(None, [field, missing])), "is missing"
    if error.validator == "additionalProperties":
        return field, f"unknown field: {error.message.split('(')[-1].rstrip(')')}"
    if error.validator == "pattern" and error.validator_value == r"\S":
        return field, "must not be empty"
    if error.validator == "minItems" or error.validator == "minProperties":
        return field, "must not be empty"
    if error.validator == "anyOf":
        return field, "must be a text or a mapping with 'text' (and optionally 'condition')"
    return field, error.message


def parse_condition(data: Any, path: Path | str) -> Condition:
    """Validates one file's parsed YAML against the schema and builds its `Condition`."""
    if not isinstance(data, dict):
        raise DatasetError(path, "", "must be a YAML mapping with id, name, sections, sources")
    errors = sorted(_VALIDATOR.iter_errors(data), key=lambda e: (len(e.absolute_path), e.message))
    if errors:
        raise DatasetError(path, *_describe(errors[0]))
    reviewed = _parse_reviewed(data.get("reviewed"), path)
    sections = {
        key: Section(
            text=value.get("text", "").strip(),
            items=tuple(
                Item(item) if isinstance(item, str) else Item(item["text"], item.get("condition"))
                for item in value.get("items", [])
            ),
        )
        for key, value in data["sections"].items()
    }
    return Condition(
        id=data["id"],
        name=data["name"].strip(),
        alternative_names=tuple(name.strip() for name in data.get("alternative_names", [])),
        sections=sections,
        related=tuple(data.get("related", [])),
        sources=tuple(Source(s["title"], s["url"]) for s in data["sources"]),
        reviewed=reviewed,
    )


def read_yaml_file(path: Path, loader: type[yaml.SafeLoader] = yaml.SafeLoader) -> Any:
    """A data file's YAML, or a `DatasetError` saying why it cannot be read."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except FileNotFoundError:
        raise DatasetError(path, "", "does not exist") from None
    except UnicodeDecodeError as error:
        raise DatasetError(path, "", f"is not UTF-8 text ({error.reason})") from error
    except yaml.YAMLError as error:
        raise DatasetError(path, "", f"is not valid YAML: {error}") from error


def load_condition_file(path: Path) -> Condition:
    """Reads and validates one condition file; its id must match its file name."""
    condition = parse_condition(read_yaml_file(path, _YamlLoader), path)
    if condition.id != path.stem:
        raise DatasetError(path, "id", f"{condition.id!r} must match the file name {path.stem!r}")
    return condition


def check_consistency(conditions: Iterable[tuple[Path, Condition]]) -> None:
    """Rules across files: unique ids and names, and links that point at existing conditions."""
    pairs = list(conditions)
    ids: dict[str, Path] = {}
    for path, condition in pairs:
        if condition.id in ids:
            raise DatasetError(path, "id", f"duplicate id {condition.id!r} (also in {ids[condition.id]})")
        ids[condition.id] = path
    owners: dict[str, tuple[Path, str]] = {}
    for path, condition in pairs:
        for field, name in [("name", condition.name)] + [
            (f"alternative_names.{i}", alt) for i, alt in enumerate(condition.alternative_names)
        ]:
            key = normalize_name(name)
            if not key:
                raise DatasetError(path, field, f"{name!r} has no letters or digits")
            owner = owners.get(key)
            if owner and owner[1] != condition.id:
                raise DatasetError(path, field, f"name {name!r} is also a name of {owner[1]!r} ({owner[0]})")
            owners[key] = (path, condition.id)
    for path, condition in pairs:
        for i, related in enumerate(condition.related):
            if related not in ids:
                raise DatasetError(path, f"related.{i}", f"unknown condition id {related!r}")
        for key, section in condition.sections.items():
            for i, item in enumerate(section.items):
                if item.condition and item.condition not in ids:
                    raise DatasetError(
                        path,
                        f"sections.{key}.items.{i}.condition",
                        f"unknown condition id {item.condition!r}",
                    )


def load_dataset(directory: Path) -> list[Condition]:
    """Loads every `*.yml` file of a directory; raises `DatasetError` on the first problem."""
    if not directory.is_dir():
        raise DatasetError(directory, "", "dataset directory does not exist")
    paths = sorted(directory.glob("*.yml")) + sorted(directory.glob("*.yaml"))
    if not paths:
        raise DatasetError(directory, "", "holds no condition files (*.yml)")
    pairs = [(path, load_condition_file(path)) for path in paths]
    check_consistency(pairs)
    return [condition for _, condition in pairs]
