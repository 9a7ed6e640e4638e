"""Deciding what to answer to a question about a condition, from the conversation's state.

Plain functions over plain values, so that the rules are tested without Rasa; the action server
only reads the tracker into a `Question` and turns the `Outcome` into messages and slot events.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.answers import replies
from bot.answers.excerpts import excerpt
from bot.knowledge.dataset import Condition
from bot.knowledge.knowledge_base import KnowledgeBase
from bot.language import references
from bot.vocabulary import DEFAULT_SECTION

SUGGESTION_COUNT = 5
TOPIC_COUNT = 10


@dataclass(frozen=True)
class Question:
    """What the latest message asks, with the conversation's context."""

    section: str | None  # asked by the intent; None when the message only names a condition
    condition_names: Sequence[str]  # condition entities of the message, in text order
    context_condition: str | None = None  # the condition last talked about
    context_section: str | None = None  # the section last asked
    disclaimer_shown: bool = False
    listed: Sequence[str] = ()  # conditions the last reply offered to choose from
    text: str = ""  # the message as typed, for "the second one" and "more"
    shown: int = 0  # blocks of the last answer already shown (see Section.blocks)
    more: bool = False  # the "More" button: continue the last answer


@dataclass(frozen=True)
class Outcome:
    reply: replies.Reply
    condition: str | None  # canonical name to remember
    section: str | None  # section to remember
    disclaimer_shown: bool
    listed: Sequence[str] = field(default=())  # conditions offered to choose from
    shown: int = 0  # blocks of the answer shown so far


def examples(kb: KnowledgeBase, count: int = SUGGESTION_COUNT) -> list[Condition]:
    """A few conditions to mention as examples: those with the most to say first, then by name."""
    return kb.richest_first[:count]


def answer_question(kb: KnowledgeBase, question: Question) -> Outcome:
    """The reply to a section question, and the context to keep for the next one."""
    section = question.section or question.context_section or DEFAULT_SECTION
    if not question.condition_names and (question.more or references.asks_for_more(question.text)):
        return _continue(kb, question, section)
    if question.condition_names:
        found = _named_condition(kb, question, section)
    else:
        found = _context_condition(kb, question, section)
    if isinstance(found, Outcome):
        return found
    if found.section(section) is None:
        return _without_section(found, section, question)
    return _answer(kb, found, section, question, start=0)


def _keep(question: Question, section: str, reply: replies.Reply, listed: Sequence[Condition] = ()) -> Outcome:
    """A reply that answers nothing yet: the context stays for the next message."""
    return Outcome(
        reply,
        question.context_condition,
        section,
        question.disclaimer_shown,
        tuple(c.name for c in listed),
        question.shown,
    )


def _named_condition(kb: KnowledgeBase, question: Question, section: str) -> Condition | Outcome:
    """The one condition the message names, or the reply that asks which one (or says none)."""
    resolved = [(name, kb.resolve(name)) for name in question.condition_names]
    found = _distinct(r[0] for _, r in resolved if len(r) == 1)
    ambiguous = [(name, r) for name, r in resolved if len(r) > 1]
    if not found and ambiguous:
        name, candidates = ambiguous[0]
        return _keep(question, section, replies.disambiguation(name, candidates, section), candidates)
    if not found:
        query = question.condition_names[0]
        suggestions = kb.closest(query, SUGGESTION_COUNT)
        return _keep(question, section, replies.unknown_condition(query, suggestions, len(kb)), suggestions)
    if len(found) > 1:
        return _keep(question, section, replies.disambiguation("", found, section), found)
    return found[0]


def _context_condition(kb: KnowledgeBase, question: Question, section: str) -> Condition | Outcome:
    """The condition a message that names none is about: one picked from the last list ("the
    second one"), else the one last talked about; or the reply that asks which one."""
    choice = references.list_choice(question.text)
    listed = [c for c in (kb.by_name(n) for n in question.listed) if c is not None]
    if choice is not None and listed:
        picked = references.pick([c.name for c in listed], choice)
        condition = kb.by_name(picked) if picked is not None else None
        if condition is None:
            return _keep(question, section, replies.disambiguation("", listed, section), listed)
        return condition
    context = kb.by_name(question.context_condition) if question.context_condition else None
    if context is not None:
        return context
    suggestions = examples(kb)
    return _keep(question, section, replies.which_condition(section, suggestions), suggestions)


def _without_section(condition: Condition, section: str, question: Question) -> Outcome:
    """The condition lacks the asked section: an excerpt of another that speaks to it, or what
    it has instead."""
    found = excerpt(condition, section)
    if found is not None:
        reply = replies.excerpt_answer(condition, section, found, not question.disclaimer_shown)
        return Outcome(reply, condition.name, section, True)
    return Outcome(replies.missing_section(condition, section), condition.name, section, question.disclaimer_shown)


def _answer(kb: KnowledgeBase, condition: Condition, key: str, question: Question, start: int) -> Outcome:
    """A page of a section, from block `start`, remembering how far the answer got."""
    section = condition.section(key)
    assert section is not None
    linked = section.linked_conditions(kb.conditions)
    reply = replies.answer(condition, key, not question.disclaimer_shown, linked, start)
    shown = replies.page_end(section.blocks(), start)
    return Outcome(reply, condition.name, key, True, tuple(c.name for c in linked), shown)


def _continue(kb: KnowledgeBase, question: Question, asked: str) -> Outcome:
    """The next page of the last answer, or a word that there is no more."""
    condition = kb.by_name(question.context_condition) if question.context_condition else None
    key = question.context_section
    if condition is None or key is None:
        suggestions = examples(kb)
        reply = replies.which_condition(key or DEFAULT_SECTION, suggestions)
        return _keep(question, asked, reply, suggestions)
    section = condition.section(key)
    if section is None or question.shown >= len(section.blocks()):
        reply = replies.nothing_more(condition, key)
        return Outcome(reply, condition.name, key, question.disclaimer_shown, (), question.shown)
    return _answer(kb, condition, key, question, start=question.shown)


def _distinct(conditions: Iterable[Condition]) -> list[Condition]:
    unique: list[Condition] = []
    for condition in conditions:
        if condition not in unique:
            unique.append(condition)
    return unique
