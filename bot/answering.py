"""Deciding what to answer to a question about a condition, from the conversation's state.

Plain functions over plain values, so that the rules are tested without Rasa; the action server
only reads the tracker into a `Question` and turns the `Outcome` into messages and slot events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

from bot import references, replies
from bot.dataset import Condition
from bot.knowledge_base import KnowledgeBase

DEFAULT_SECTION = "overview"
SUGGESTION_COUNT = 5
TOPIC_COUNT = 10


@dataclass(frozen=True)
class Question:
    """What the latest message asks, with the conversation's context."""

    section: Optional[str]  # asked by the intent; None when the message only names a condition
    condition_names: Sequence[str]  # condition entities of the message, in text order
    context_condition: Optional[str] = None  # the condition last talked about
    context_section: Optional[str] = None  # the section last asked
    disclaimer_shown: bool = False
    listed: Sequence[str] = ()  # conditions the last reply offered to choose from
    text: str = ""  # the message as typed, for "the second one"


@dataclass(frozen=True)
class Outcome:
    reply: replies.Reply
    condition: Optional[str]  # canonical name to remember
    section: Optional[str]  # section to remember
    disclaimer_shown: bool
    listed: Sequence[str] = field(default=())  # conditions offered to choose from


def examples(kb: KnowledgeBase, count: int = SUGGESTION_COUNT) -> list[Condition]:
    """A few conditions to mention as examples: those with the most to say first, then by name."""
    return sorted(kb.conditions.values(), key=lambda c: (-len(c.sections), c.name))[:count]


def answer_question(kb: KnowledgeBase, question: Question) -> Outcome:
    """The reply to a section question, and the context to keep for the next one."""
    section = question.section or question.context_section or DEFAULT_SECTION

    def keep(reply: replies.Reply, listed: Sequence[Condition] = ()) -> Outcome:
        """A reply that answers nothing yet: the context stays for the next message."""
        return Outcome(
            reply,
            question.context_condition,
            section,
            question.disclaimer_shown,
            tuple(c.name for c in listed),
        )

    if question.condition_names:
        resolved = [(name, kb.resolve(name)) for name in question.condition_names]
        found = _distinct(r[0] for _, r in resolved if len(r) == 1)
        ambiguous = [(name, r) for name, r in resolved if len(r) > 1]
        if not found and ambiguous:
            name, candidates = ambiguous[0]
            return keep(replies.disambiguation(name, candidates, section), candidates)
        if not found:
            query = question.condition_names[0]
            suggestions = kb.closest(query, SUGGESTION_COUNT)
            return keep(replies.unknown_condition(query, suggestions, len(kb)), suggestions)
        if len(found) > 1:
            return keep(replies.disambiguation("", found, section), found)
        condition = found[0]
    else:
        choice = references.list_choice(question.text)
        listed = [c for c in (kb.by_name(n) for n in question.listed) if c is not None]
        if choice is not None and listed:
            picked = references.pick([c.name for c in listed], choice)
            if picked is None:
                return keep(replies.disambiguation("", listed, section), listed)
            condition = kb.by_name(picked)
        elif question.context_condition and kb.by_name(question.context_condition):
            condition = kb.by_name(question.context_condition)
        else:
            suggestions = examples(kb)
            return keep(replies.which_condition(section, suggestions), suggestions)
    assert condition is not None
    if replies.section_of(condition, section) is None:
        return Outcome(
            replies.missing_section(condition, section),
            condition.name,
            section,
            question.disclaimer_shown,
        )
    linked = replies.linked_conditions(replies.section_of(condition, section), kb.conditions)
    reply = replies.answer(condition, section, not question.disclaimer_shown, linked)
    return Outcome(reply, condition.name, section, True, tuple(c.name for c in linked))


def _distinct(conditions: Iterable[Condition]) -> list[Condition]:
    unique: list[Condition] = []
    for condition in conditions:
        if condition not in unique:
            unique.append(condition)
    return unique
