"""Deciding what to answer to a question about a condition, from the conversation's state.

Plain functions over plain values, so that the rules are tested without Rasa; the action server
only reads the tracker into a `Question` and turns the `Outcome` into messages and slot events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional, Sequence

from bot.answers import replies
from bot.language import references
from bot.knowledge.dataset import Condition
from bot.answers.excerpts import excerpt
from bot.knowledge.knowledge_base import KnowledgeBase

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
    text: str = ""  # the message as typed, for "the second one" and "more"
    shown: int = 0  # blocks of the last answer already shown (see replies.section_blocks)
    more: bool = False  # the "More" button: continue the last answer


@dataclass(frozen=True)
class Outcome:
    reply: replies.Reply
    condition: Optional[str]  # canonical name to remember
    section: Optional[str]  # section to remember
    disclaimer_shown: bool
    listed: Sequence[str] = field(default=())  # conditions offered to choose from
    shown: int = 0  # blocks of the answer shown so far


def examples(kb: KnowledgeBase, count: int = SUGGESTION_COUNT) -> list[Condition]:
    """A few conditions to mention as examples: those with the most to say first, then by name."""
    return kb.richest_first[:count]


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
            question.shown,
        )

    if not question.condition_names and (question.more or references.asks_for_more(question.text)):
        return _continue(kb, question, keep)
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
        found = excerpt(condition, section)
        if found is not None:
            reply = replies.excerpt_answer(condition, section, found, not question.disclaimer_shown)
            return Outcome(reply, condition.name, section, True)
        return Outcome(
            replies.missing_section(condition, section),
            condition.name,
            section,
            question.disclaimer_shown,
        )
    return _answer(kb, condition, section, question, start=0)


def _answer(kb: KnowledgeBase, condition: Condition, key: str, question: Question, start: int) -> Outcome:
    """A page of a section, from block `start`, remembering how far the answer got."""
    section = replies.section_of(condition, key)
    assert section is not None
    linked = replies.linked_conditions(section, kb.conditions)
    reply = replies.answer(condition, key, not question.disclaimer_shown, linked, start)
    shown = replies.page_end(replies.section_blocks(section), start)
    return Outcome(reply, condition.name, key, True, tuple(c.name for c in linked), shown)


def _continue(kb: KnowledgeBase, question: Question, keep: Callable[..., Outcome]) -> Outcome:
    """The next page of the last answer, or a word that there is no more."""
    condition = kb.by_name(question.context_condition) if question.context_condition else None
    key = question.context_section
    section = replies.section_of(condition, key) if condition and key else None
    if condition is None or key is None:
        suggestions = examples(kb)
        return keep(replies.which_condition(key or DEFAULT_SECTION, suggestions), suggestions)
    if section is None or question.shown >= len(replies.section_blocks(section)):
        return Outcome(replies.nothing_more(condition, key), condition.name, key, question.disclaimer_shown, (), question.shown)
    return _answer(kb, condition, key, question, start=question.shown)


def _distinct(conditions: Iterable[Condition]) -> list[Condition]:
    unique: list[Condition] = []
    for condition in conditions:
        if condition not in unique:
            unique.append(condition)
    return unique
