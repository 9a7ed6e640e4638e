"""The knowledge base: every condition with its sections, built once from the dataset into a
JSON file and loaded once per process by the action server and the NLU component."""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from bot.knowledge.dataset import Condition, Item, Section, Source
from bot.language.matching import ConditionMatcher

DEFAULT_PATH = Path("build/knowledge_base.json")
FORMAT_VERSION = 1


class KnowledgeBaseError(RuntimeError):
    """The built knowledge base is missing or unreadable; nothing of it is served."""


def knowledge_base_path() -> Path:
    """Where the built knowledge base lives: $HEALTHBOT_KB, else build/knowledge_base.json."""
    return Path(os.environ.get("HEALTHBOT_KB", DEFAULT_PATH))


class KnowledgeBase:
    """Conditions by id, with lookup by any of their names."""

    def __init__(
        self, conditions: Iterable[Condition], everyday_names: Mapping[str, Sequence[str]] | None = None
    ) -> None:
        """`everyday_names`: what people call some of the conditions, by condition id
        (bot/knowledge/everyday_names.py)."""
        self.conditions: dict[str, Condition] = {c.id: c for c in conditions}
        self.everyday_names = {key: tuple(names) for key, names in (everyday_names or {}).items()}
        unknown = sorted(set(self.everyday_names) - set(self.conditions))
        if unknown:
            raise ValueError(f"everyday names of unknown conditions: {', '.join(unknown[:5])}")

    def __len__(self) -> int:
        return len(self.conditions)

    def get(self, condition_id: str) -> Condition | None:
        return self.conditions.get(condition_id)

    @cached_property
    def matcher(self) -> ConditionMatcher:
        return ConditionMatcher(
            ((name, condition.id) for condition in self.conditions.values() for name in condition.names),
            # Authored conditions carry a review date; imported ones do not.
            reviewed=frozenset(c.id for c in self.conditions.values() if c.reviewed is not None),
            everyday=((name, key) for key, names in self.everyday_names.items() for name in names),
            aspects=((condition.name, condition.id) for condition in self.conditions.values()),
            narrowable=frozenset(c.id for c in self.conditions.values() if c.text_sections()),
        )

    @cached_property
    def richest_first(self) -> list[Condition]:
        """Every condition, those with the most sections first, then by name: the order in
        which the bot offers examples and topics (sorted once, not per message)."""
        return sorted(self.conditions.values(), key=lambda c: (-len(c.sections), c.name))

    def by_name(self, name: str) -> Condition | None:
        """The one condition one of whose names is `name` (ignoring case, accents, punctuation)."""
        ids = self.matcher.lookup(name)
        return self.conditions[ids[0]] if len(ids) == 1 else None

    def resolve(self, name: str) -> list[Condition]:
        """Every condition a name the user wrote could mean: the one it names exactly or with a
        misspelling, or all those a partial name ("arthritis") fits; empty when unknown."""
        matcher = self.matcher
        ids = matcher.lookup(name) or matcher.lookup_misspelt(name) or matcher.candidates(name)
        return [self.conditions[i] for i in ids]

    def closest(self, name: str, limit: int) -> list[Condition]:
        """Conditions whose names look most like `name`, best first."""
        return [self.conditions[i] for i in self.matcher.closest(name, limit)]

    def save(self, path: Path) -> None:
        """Writes the knowledge base atomically: readers see the old file or the whole new one."""
        path.parent.mkdir(parents=True, exist_ok=True)
        document = {
            "format": FORMAT_VERSION,
            # Read back on load, so that a file cut short or edited down is refused, never half served.
            "count": len(self.conditions),
            "conditions": [_condition_to_json(c) for c in self.conditions.values()],
            "everyday_names": {key: list(names) for key, names in self.everyday_names.items()},
        }
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=path.name, suffix=".tmp", delete=False
        ) as handle:
            try:
                json.dump(document, handle, ensure_ascii=False)
            except BaseException:
                handle.close()
                os.unlink(handle.name)
                raise
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, path)

    @classmethod
    def shared(cls, path: Path | None = None) -> KnowledgeBase:
        """The knowledge base at `path`, loaded once per process for every part that reads it
        (two NLU components do); loaded again only when the file changed."""
        path = path or knowledge_base_path()
        try:
            stat = path.stat()
        except OSError:
            return cls.load(path)  # which says what is wrong
        return _shared(path, stat.st_mtime_ns, stat.st_size)

    @classmethod
    def load(cls, path: Path | None = None) -> KnowledgeBase:
        path = path or knowledge_base_path()
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise KnowledgeBaseError(f"{path}: knowledge base not found; build it with 'make train'") from error
        except (OSError, ValueError) as error:
            raise KnowledgeBaseError(f"{path}: knowledge base is unreadable: {error}") from error
        if not isinstance(document, dict) or document.get("format") != FORMAT_VERSION:
            raise KnowledgeBaseError(f"{path}: not a knowledge base of format {FORMAT_VERSION}; rebuild it")
        try:
            knowledge_base = cls(
                (_condition_from_json(c) for c in document["conditions"]), document.get("everyday_names") or {}
            )
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise KnowledgeBaseError(f"{path}: knowledge base is corrupt: {error!r}") from error
        if document.get("count") != len(document["conditions"]) or len(knowledge_base) != len(document["conditions"]):
            raise KnowledgeBaseError(
                f"{path}: knowledge base is incomplete: {len(document['conditions'])} conditions of "
                f"{document.get('count')} written (or a duplicate id); rebuild it with 'make train'"
            )
        return knowledge_base


@lru_cache(maxsize=2)
def _shared(path: Path, mtime_ns: int, size: int) -> KnowledgeBase:
    return KnowledgeBase.load(path)


def _condition_to_json(condition: Condition) -> dict[str, Any]:
    data = dataclasses.asdict(condition)
    data["reviewed"] = condition.reviewed.isoformat() if condition.reviewed else None
    return data


def _condition_from_json(data: dict[str, Any]) -> Condition:
    listed = tuple(Source(**source) for source in data["sources"])
    by_url = {source.url: source for source in listed}

    def cited(source: dict[str, str]) -> Source:
        # A section's page is one of the condition's sources: one object for both, not two.
        known = by_url.get(source["url"])
        return known if known is not None and known.title == source["title"] else Source(**source)

    return Condition(
        id=data["id"],
        name=data["name"],
        alternative_names=tuple(data["alternative_names"]),
        sections={
            key: Section(
                value["text"],
                tuple(Item(**item) for item in value["items"]),
                tuple(cited(source) for source in value.get("sources", ())),
            )
            for key, value in data["sections"].items()
        },
        related=tuple(data["related"]),
        sources=listed,
        reviewed=datetime.date.fromisoformat(data["reviewed"]) if data["reviewed"] else None,
    )
