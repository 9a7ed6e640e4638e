"""The bot's replies: readable text for people and the contract's payload for machines.

Every reply carries a payload whose `kind` is one of `../shared/CONTRACT.md`'s kinds.
Text is plain: paragraphs separated by a blank line, list items as "• " lines, so that every
channel (REST, Socket.IO, the terminal, messaging apps) shows it readably.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from bot.dataset import Condition, Item, Section
from bot.sections import SECTION_KEYS, SECTION_TITLES, intent_for_section

BULLET = "• "
DISCLAIMER = (
    "This is general information, not medical advice. For advice about your own health, "
    "talk to a doctor, nurse or pharmacist."
)


@dataclass(frozen=True)
class Reply:
    text: str
    payload: dict[str, Any]
    buttons: tuple[dict[str, str], ...] = field(default=())


def section_button(condition: Condition, key: str) -> dict[str, str]:
    """A button that asks for one section of a condition; its payload works in every channel."""
    entity = f'{{"condition": "{condition.name}"}}'
    return {"title": SECTION_TITLES[key], "payload": f"/{intent_for_section(key)}{entity}"}


def available_sections(condition: Condition) -> list[str]:
    """The section keys a condition can answer, in the contract's order."""
    return [key for key in SECTION_KEYS if section_of(condition, key) is not None]


def section_of(condition: Condition, key: str) -> Section | None:
    """A section of a condition; "other names" falls back to the list of alternative names."""
    section = condition.sections.get(key)
    if section is None and key == "alternative_names" and condition.alternative_names:
        section = Section(
            text=f"{condition.name} is also known as:",
            items=tuple(Item(name) for name in condition.alternative_names),
        )
    return section


def render_section(section: Section) -> str:
    """A section's text with its list as bullet lines."""
    parts = [section.text] if section.text else []
    if section.items:
        parts.append("\n".join(BULLET + item.text for item in section.items))
    return "\n\n".join(parts)


def render_sources(condition: Condition) -> str:
    label = "Source" if len(condition.sources) == 1 else "Sources"
    return f"{label}: " + "; ".join(f"{s.title} ({s.url})" for s in condition.sources)


def answer(condition: Condition, key: str, with_disclaimer: bool) -> Reply:
    """A section of a condition, with its sources; the disclaimer goes in the first answer."""
    section = section_of(condition, key)
    assert section is not None, f"{condition.id} has no section {key}"
    paragraphs = [
        f"{condition.name} — {SECTION_TITLES[key]}",
        render_section(section),
        render_sources(condition),
    ]
    payload: dict[str, Any] = {
        "kind": "answer",
        "condition": condition.name,
        "section": key,
        "sources": [{"title": s.title, "url": s.url} for s in condition.sources],
    }
    if with_disclaimer:
        paragraphs.append(DISCLAIMER)
        payload["notice"] = DISCLAIMER
    return Reply("\n\n".join(paragraphs), payload)


def missing_section(condition: Condition, key: str) -> Reply:
    available = available_sections(condition)
    text = (
        f"I don't have information on {SECTION_TITLES[key].lower()} for {condition.name}. "
        f"I can tell you about: {', '.join(SECTION_TITLES[k].lower() for k in available)}."
    )
    return Reply(
        text,
        {
            "kind": "missing_section",
            "condition": condition.name,
            "section": key,
            "available": available,
        },
        tuple(section_button(condition, k) for k in available),
    )


def unknown_condition(query: str, suggestions: Sequence[Condition]) -> Reply:
    """No condition of the data matches; suggestions are offered as buttons."""
    if query:
        text = f"I don't have information about “{query}”."
    else:
        text = "Which condition would you like to know about?"
    if suggestions:
        text += " You can ask me about, for example: " + ", ".join(c.name for c in suggestions) + "."
    return Reply(
        text,
        {"kind": "unknown_condition", "query": query, "suggestions": [c.name for c in suggestions]},
        tuple(section_button(c, "overview") | {"title": c.name} for c in suggestions),
    )


def error() -> Reply:
    return Reply(
        "Sorry, something went wrong on my side. Please try again in a moment.",
        {"kind": "error"},
    )
