"""Deciding what to answer to a question about a condition, from the conversation's state.

Plain functions over plain values, so that the rules are tested without Rasa; the action server
only reads the tracker into a `Question` and turns the `Outcome` into messages and slot events.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.answers import replies
from bot.answers.excerpts import ranked, terms
from bot.knowledge.dataset import Condition
from bot.knowledge.knowledge_base import KnowledgeBase
from bot.language import reading, references
from bot.language.cues import without_section_words
from bot.language.normalization import words_with_spans
from bot.language.reading import Mention
from bot.vocabulary import DEFAULT_SECTION

SUGGESTION_COUNT = 5
# A name that fits more conditions than this ("cardiac", "elbow") is no choice to offer: the
# reply is the one for an unknown name, with the closest names.
CHOICE_LIMIT = 8
MENTIONED_COUNT = 3  # other conditions of a message offered beside the answer
HAS_TEXT_PRIOR = 1.5  # focus score of a condition the knowledge base has text for
SECTIONS_PRIOR = 1.0  # and more for one with several sections
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
    mentions: Sequence[Mention] = ()  # where the message names each condition, when known


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
    mentioned: list[Condition] = []
    if question.condition_names:
        named = _named_conditions(kb, question, section)
        if isinstance(named, Outcome):
            return named
        if len(named) > 1 and _compared(question):
            # "How is A different from B?": what each is, not their types.
            return _compare(named[:2], DEFAULT_SECTION if section == "types" else section, question)
        found, mentioned = named[0], named[1 : 1 + MENTIONED_COUNT]
    else:
        context = _context_condition(kb, question, section)
        if isinstance(context, Outcome):
            return context
        found = context
    personal = reading.asks_personal(question.text)
    outcome = _reply(kb, found, section, question, personal)
    if (mentioned or personal) and outcome.reply.payload.get("kind") == "answer":
        reply = replies.with_context(outcome.reply, mentioned, personal)
        return Outcome(
            reply, outcome.condition, outcome.section, outcome.disclaimer_shown, outcome.listed, outcome.shown
        )
    return outcome


def _reply(kb: KnowledgeBase, condition: Condition, section: str, question: Question, personal: bool) -> Outcome:
    """The condition's answer to the question: the asked section, or the sentences of all its
    sections that speak to a question no section answers whole. A `personal` question ("do I
    have X?") gets the section, never ranked sentences: what it asks, the bot does not answer."""
    if personal and reading.asks_only_personal(question.text) and section != "when_to_see_doctor":
        # "do I have X?": what the general information on X begins with; "should we take him to a
        # doctor?" has its general answer, when to see one.
        section = DEFAULT_SECTION
    specific = None if personal else _specific_question(condition, question)
    if condition.section(section) is None:
        return _ranked(condition, section, specific or question.text, question, unasked=specific)
    if specific is not None:
        key = None if section == DEFAULT_SECTION else section
        found = ranked(condition, specific, key)
        if found is not None:
            reply = replies.ranked_answer(condition, key, found, not question.disclaimer_shown)
            return Outcome(reply, condition.name, section, True)
        if key is None:  # nothing speaks to "is turmeric good for X?": say what there is
            return Outcome(replies.nothing_found(condition, None), condition.name, section, question.disclaimer_shown)
    return _answer(kb, condition, section, question, start=0)


def _specific_question(condition: Condition, question: Question) -> str | None:
    """The yes-or-no question of the message that asks more than a section does: words that are
    neither the condition's names nor what a section is about ("is honey a treatment for X?",
    "is X contagious?"); None when a section answers it ("is there a cure for X?", "is X
    hereditary?", "does X lead to other conditions?")."""
    names = {word for name in condition.names for word, _, _ in words_with_spans(name)}
    # In a long message that asks a section, its main question too: "Can stem cell therapy be
    # done for X?", "I heard this injection can help X" ask of stem cells, of the injection
    # (where nothing speaks of them, the section answers).
    asks_a_section = question.section not in (None, DEFAULT_SECTION)
    main = [reading.main_question(question.text)] if asks_a_section and reading.is_long(question.text) else []
    for sentence in [*reading.yes_no_questions(question.text), *main]:
        left = [w for w, _, _ in words_with_spans(without_section_words(sentence)) if w not in names]
        if terms(" ".join(left)):  # terms: no stop words, no words that only say it is a question
            return sentence
    return None


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


def _named_conditions(kb: KnowledgeBase, question: Question, section: str) -> list[Condition] | Outcome:
    """The conditions the message names, the one it asks about first; or the reply that asks
    which one (when the message gives no way to tell) or says none is known."""
    resolved = [(name, kb.resolve(name)) for name in question.condition_names]
    found = _distinct(r[0] for _, r in resolved if len(r) == 1)
    ambiguous = [(name, r) for name, r in resolved if 1 < len(r) <= CHOICE_LIMIT]
    if not found and ambiguous:
        name, candidates = ambiguous[0]
        return _keep(question, section, replies.disambiguation(name, candidates, section), candidates)
    if not found:
        query = question.condition_names[0]
        suggestions = kb.closest(query, SUGGESTION_COUNT)
        return _keep(question, section, replies.unknown_condition(query, suggestions, len(kb)), suggestions)
    if len(found) == 1:
        return found
    # A name the knowledge base only knows (a medicine, a test: no text) is seldom what is asked.
    prior = {c.name: _prior(c) for c in found}
    focus = reading.focus(question.text, _mentions(question, found), prior)
    # A long message that names several alike is most often about the one it names first (its
    # subject, or the one its story is about): that one is answered, the others offered.
    if not focus.decided and not reading.is_long(question.text):
        return _keep(question, section, replies.disambiguation("", found, section), found)
    by_name = {c.name: c for c in found}
    return [by_name[name] for name in focus.names]


def _prior(condition: Condition) -> float:
    """What the knowledge base tells of a condition's chance of being the one asked about: a page
    with text over a name only, and a condition with several sections (causes, treatment, ...)
    over a page of one summary, most often an everyday topic ("Pain", "Blood", "Stem Cells") or a
    medicine named beside the condition the question is about."""
    sections = condition.text_sections()
    return (HAS_TEXT_PRIOR if sections else 0.0) + (SECTIONS_PRIOR if len(sections) > 1 else 0.0)


def _mentions(question: Question, found: Sequence[Condition]) -> list[Mention]:
    """Where the message names each found condition (in text order when spans are unknown)."""
    names = {c.name for c in found}
    mentions = [m for m in question.mentions if m.name in names]
    return mentions or [Mention(c.name, -1, -1) for c in found]


def _compared(question: Question) -> bool:
    return bool(question.condition_names) and reading.focus(question.text, question.mentions).compared


def _compare(conditions: Sequence[Condition], section: str, question: Question) -> Outcome:
    """Two conditions answered one after the other, for the asked section."""
    parts = []
    for condition in conditions:
        if condition.section(section) is not None:
            parts.append(replies.answer(condition, section, False))
        else:
            parts.append(_ranked(condition, section, question.text, question).reply)
    reply = replies.comparison(conditions, section, parts, not question.disclaimer_shown)
    return Outcome(reply, conditions[0].name, section, True, tuple(c.name for c in conditions))


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


def _ranked(
    condition: Condition, key: str | None, text: str, question: Question, unasked: str | None = None
) -> Outcome:
    """The sentences of the condition that speak to the question, or what it has instead.
    `unasked`: a question that asks more than section `key` does ("Is X contagious?", which the
    model may hear as a question of a section X lacks), ranked as asking no section where
    nothing speaks to it as asking `key`; the answer then names no section."""
    found = ranked(condition, text, key)
    if found is None and unasked is not None:
        found = ranked(condition, unasked, None)
        key = key if found is None else None
    if found is not None:
        reply = replies.ranked_answer(condition, key, found, not question.disclaimer_shown)
        return Outcome(reply, condition.name, key or DEFAULT_SECTION, True)
    reply = replies.nothing_found(condition, key)
    return Outcome(reply, condition.name, key or DEFAULT_SECTION, question.disclaimer_shown)


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
