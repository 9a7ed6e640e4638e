r"""Answers for a section that a condition lacks, taken from its other sections.

Many MedQuAD conditions have only an overview; when a user asks for their causes or symptoms,
the overview often still says something about them. `excerpt(condition, key)` returns the
sentences of one other section that speak to section `key`, in their original order.

How it works
------------

* Source sections: the overview first, then the condition's other sections in the contract's
  order (`SECTION_KEYS`), never `key` itself. The excerpt comes from the first source section
  that has at least one matching sentence; sentences of different sections are not mixed.
* Sentences: each paragraph of the section's text (paragraphs are separated by blank lines; a
  "• " bullet line is a paragraph of its own) is split into sentences with spaCy's rule-based
  `sentencizer` on a blank English pipeline (`spacy.blank("en")`, no downloaded model). The
  pipeline is built on first use and reused (`_pipeline`, cached); importing this module does
  not import spaCy. Each of the section's items is one sentence, after the text.
* A sentence is taken when it contains at least one cue of section `key` (`bot.language.cues`), is at
  least `MIN_SENTENCE_CHARS` long and is not a question (a heading such as "What causes X?"
  speaks to the section but answers nothing). A cue inside a negation ("there is no known
  cause") still counts: such a sentence does speak to the section. At most `max_sentences`
  sentences are taken, the first ones in order; repeats are dropped.
* Lists: a sentence that ends with a colon and is followed by list items ("Symptoms of AML
  include:" then "• Fever", "• Shortness of breath"...) is a lead-in. When it has a cue it is
  taken whatever its length, together with the items that follow it, which need no cue and no
  minimum length ("Fever"), still within `max_sentences` (so a long list is cut after its first
  items); it is not taken when there is no room left for at least one of its items. A sentence
  ending with a colon that no item follows introduces nothing and is never taken. Items that
  follow no taken lead-in are judged like any other sentence.
* Cues are matched on lower-cased text at the start of a word: each cue is a regular-expression
  fragment put after `\b`, so a plain cue is a stem ("cause" matches "causes" and "caused", not
  "because"; "diagnos" matches "diagnosis" and "diagnosed"), and a cue ending in `\b` is a whole
  word ("exams?\b" keeps "example" out, "genes?\b" keeps "general" out).

Cue words overlap between sections ("leads to" is both a cause and a complication, "risk" both a
risk factor and prevention, "X causes weakness" is taken for causes): an excerpt is a best effort
from the words alone, to be shown as sentences taken from another section, not as that section.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from bot.knowledge.dataset import Condition, Section
from bot.language.cues import cue_pattern
from bot.vocabulary import DEFAULT_SECTION, SECTION_KEYS

if TYPE_CHECKING:  # spaCy is imported lazily: importing it takes seconds
    from spacy.language import Language

__all__ = ["Excerpt", "MIN_SENTENCE_CHARS", "Ranked", "excerpt", "ranked", "sentences", "terms"]

#: Shorter sentences ("Treatment.", "Dr.") are fragments, not answers.
MIN_SENTENCE_CHARS = 20


_BULLET = re.compile(r"^\s*[•*-]\s+")
_BLANK_LINE = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Excerpt:
    """Sentences of one section of a condition that speak to another section."""

    sentences: tuple[str, ...]  # in their original order
    from_section: str  # the section key they were taken from (e.g. "overview")


@lru_cache(maxsize=1)
def _pipeline() -> Language:
    """A blank English spaCy pipeline with the rule-based sentencizer, built once on first use."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@dataclass(frozen=True)
class _Unit:
    """A sentence of a section; `item` when it is a list entry (a bullet line or an `Item`)."""

    text: str
    item: bool = False


def _paragraphs(text: str) -> Iterator[_Unit]:
    """Paragraphs of a section text: blank-line separated blocks; a bullet line stands alone."""
    for block in _BLANK_LINE.split(text):
        lines: list[str] = []
        for line in block.splitlines():
            if _BULLET.match(line):
                if lines:
                    yield _Unit(" ".join(lines))
                    lines = []
                yield _Unit(_BULLET.sub("", line), item=True)
            elif line.strip():
                lines.append(line.strip())
        if lines:
            yield _Unit(" ".join(lines))


@lru_cache(maxsize=1024)
def _units(section: Section) -> tuple[_Unit, ...]:
    """The section's sentences in order: its text split by the sentencizer (a bullet line is one
    sentence), then its items, one sentence each. Remembered: a condition is asked for several
    sections, and each asks its other sections again."""
    paragraphs = [_Unit(" ".join(p.text.split()), p.item) for p in _paragraphs(section.text)]
    paragraphs = [p for p in paragraphs if p.text]
    units: list[_Unit] = []
    docs = _pipeline().pipe(p.text for p in paragraphs if not p.item)
    for paragraph in paragraphs:
        if paragraph.item:
            units.append(paragraph)
        else:
            units += [_Unit(s.text.strip()) for s in next(docs).sents if s.text.strip()]
    units += [_Unit(" ".join(i.text.split()), item=True) for i in section.items if i.text.strip()]
    return tuple(units)


def sentences(section: Section) -> list[str]:
    """The sentences of a section in order: its text split by the sentencizer, then its items."""
    return [unit.text for unit in _units(section)]


def _is_lead_in(units: tuple[_Unit, ...], index: int) -> bool:
    """A sentence that ends with a colon and is followed by list items ("Symptoms include:")."""
    unit = units[index]
    return not unit.item and unit.text.endswith(":") and index + 1 < len(units) and units[index + 1].item


def _select(units: tuple[_Unit, ...], pattern: re.Pattern[str], limit: int) -> list[str]:
    """The sentences that speak to a section, in order, at most `limit` (see the docstring)."""
    taken: list[str] = []

    def take(text: str) -> bool:
        """Adds a sentence unless it repeats one; True when the limit is reached."""
        if text not in taken:
            taken.append(text)
        return len(taken) >= limit

    index = 0
    while index < len(units):
        unit = units[index]
        index += 1
        text = unit.text
        if text.endswith("?") or pattern.search(text.lower()) is None:
            continue
        if _is_lead_in(units, index - 1):
            if len(taken) + 2 > limit:  # no room for the lead-in and at least one of its items
                continue
            if take(text):
                break
            while index < len(units) and units[index].item:
                if take(units[index].text):
                    return taken
                index += 1
        elif len(text) >= MIN_SENTENCE_CHARS and not text.endswith(":"):
            if take(text):
                break
    return taken


def _source_keys(condition: Condition, key: str) -> list[str]:
    """The overview first, then the other sections in the contract's order, never `key`."""
    ordered = [DEFAULT_SECTION, *(k for k in SECTION_KEYS if k != DEFAULT_SECTION)]
    ordered += [k for k in condition.sections if k not in ordered]
    return [k for k in ordered if k != key and k in condition.sections]


def excerpt(condition: Condition, key: str, max_sentences: int = 4) -> Excerpt | None:
    """Sentences of the condition's other sections that speak to section `key`, or None."""
    pattern = cue_pattern(key)
    if pattern is None or max_sentences < 1:
        return None
    for source in _source_keys(condition, key):
        taken = _select(_units(condition.sections[source]), pattern, max_sentences)
        if taken:
            return Excerpt(tuple(taken), source)
    return None


# --- ranking every sentence of a condition against the question -----------------------------------

#: A sentence holding a cue of the asked section scores this much on top of its TF-IDF similarity
#: to the question, so that cue alone makes it good enough (as `excerpt` takes it).
CUE_BONUS = 0.5
#: The least score of a sentence worth showing: a cue of the asked section, or words that the
#: question shares with it and that are rare in the condition's text. Without a cue, words alone
#: must say more when a section was asked: "what happens at the appointment?" shares "happen" and
#: "doctor" with many sentences that do not answer it.
MIN_SCORE = 0.3
MIN_SCORE_ASKED = 0.5
STEM_CHARS = 6  # words cut to their first letters: "treatments" and "treated" share "treate"
# Words of a question that say what kind of question it is, not what it is about.
_QUESTION_WORDS = frozenset(
    "know tell information info please thank thanks help question questions wondering wonder like "
    "want need looking find learn read anybody anyone someone hello dear hi people person".split()
)


@dataclass(frozen=True)
class Ranked:
    """The sentences of a condition that best answer a question, in their original order, with
    the section key each came from."""

    sentences: tuple[str, ...]
    sections: tuple[str, ...]  # one key per sentence

    @property
    def from_sections(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.sections))


def terms(text: str) -> list[str]:
    """The words of a text that can say what it is about, cut to their stems."""
    from bot.language.matching import STOP_WORDS  # spaCy's list: loaded with the ranking only

    words = re.findall(r"[a-z]+", text.lower())
    return [w[:STEM_CHARS] for w in words if len(w) > 2 and w not in STOP_WORDS and w not in _QUESTION_WORDS]


@lru_cache(maxsize=256)
def _index(sections: tuple[tuple[str, Section], ...]) -> tuple[tuple[tuple[str, _Unit, int], ...], Any, Any]:
    """Every sentence of a condition's sections (key, sentence, position), with their TF-IDF
    matrix and the vectorizer fitted on them alone: a word rare in the condition's text counts."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    rows = tuple((key, unit, position) for key, section in sections for position, unit in enumerate(_units(section)))
    vectorizer = TfidfVectorizer(analyzer=terms, sublinear_tf=True)
    matrix = vectorizer.fit_transform([unit.text for _, unit, _ in rows]) if rows else None
    return rows, matrix, vectorizer


def ranked(condition: Condition, question: str, key: str | None, max_sentences: int = 4) -> Ranked | None:
    """The sentences of all the condition's sections that best answer `question` (asking for
    section `key`, if any): TF-IDF similarity to the question's words other than the condition's
    names, plus `CUE_BONUS` for a cue of `key`. None when no sentence reaches `MIN_SCORE`."""
    rows, matrix, vectorizer = _index(tuple(condition.sections.items()))
    if not rows:
        return None
    names = {term for name in condition.names for term in terms(name)}
    asked = [t for t in terms(question) if t not in names]
    query = " ".join(asked)
    # Without a cue, a sentence must share two of the question's words (one if it asks no section
    # and has one word): a short line shares one word ("children", "known") with many questions.
    needed = 2 if key else min(2, len(set(asked)))
    similarity = (matrix @ vectorizer.transform([query]).T).toarray().ravel() if query else [0.0] * len(rows)
    pattern = cue_pattern(key) if key else None
    scored = []
    for index, (_, unit, _) in enumerate(rows):
        text = unit.text
        if text.endswith("?") or len(text) < MIN_SENTENCE_CHARS or text.endswith(":"):
            continue
        cue = CUE_BONUS if pattern is not None and pattern.search(text.lower()) else 0.0
        if not cue and (not needed or len(set(asked) & set(terms(text))) < needed):
            continue
        score = float(similarity[index]) + cue
        if score >= (MIN_SCORE_ASKED if key else MIN_SCORE):
            scored.append((score, index))
    best = sorted(sorted(scored, reverse=True)[:max_sentences], key=lambda pair: pair[1])
    if not best:
        return None
    return Ranked(tuple(rows[i][1].text for _, i in best), tuple(rows[i][0] for _, i in best))
