"""Deciding what to answer to a question about a condition, from the conversation's state.

Plain functions over plain values, so that the rules are tested without Rasa; the action server
only reads the tracker into a `Question` and turns the `Outcome` into messages and slot events.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from bot import replies
from bot.dataset import Condition
from bot.knowledge_base import KnowledgeBase

DEFAULT_SECTION = "overview"
SUGGESTION_COUNT = 5


@dataclass(frozen=True)
class Question:
    """What the latest message asks, with the conversation's context."""

    section: Optional[str]  # asked by the intent; None when the message only names a condition
    condition_names: Sequence[str]  # condition entities of the message (canonical names)
    context_condition: Optional[str] = None  # the condition last talked about
    context_section: Optional[str] = None  # the section last asked
    disclaimer_shown: bool = False


@dataclass(frozen=True)
class Outcome:
    reply: replies.Reply
    condition: Optional[str]  # canonical name to remember
    section: Optional[str]  # section to remember
    disclaimer_shown: bool


def _suggestions(kb: KnowledgeBase) -> list[Condition]:
    return sorted(kb.conditions.values(), key=lambda c: c.name)[:SUGGESTION_COUNT]


def answer_question(kb: KnowledgeBase, question: Question) -> Outcome:
    """The reply to a section question, and the context to keep for the next one."""
    section = question.section or question.context_section or DEFAULT_SECTION
    named = [c for c in (kb.by_name(n) for n in question.condition_names) if c is not None]
    condition = named[0] if named else None
    if condition is None and not question.condition_names and question.context_condition:
        condition = kb.by_name(question.context_condition)
    if condition is None:
        query = question.condition_names[0] if question.condition_names else ""
        return Outcome(
            replies.unknown_condition(query, _suggestions(kb)),
            question.context_condition,
            section,
            question.disclaimer_shown,
        )
    if replies.section_of(condition, section) is None:
        return Outcome(
            replies.missing_section(condition, section),
            condition.name,
            section,
            question.disclaimer_shown,
        )
    first = not question.disclaimer_shown
    return Outcome(replies.answer(condition, section, with_disclaimer=first), condition.name, section, True)
