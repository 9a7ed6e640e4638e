r"""Answers from the sentences of a condition: for a section it lacks, or for a question that no
section answers whole ("is it contagious?", "is honey a treatment for it?").

Many MedQuAD conditions have only an overview; asked for their causes, or something no section
key names, the overview or another section often still says something about it. `ranked(condition,
question, key)` returns the sentences of all the condition's sections that speak to the question
best, in their original order, each with the section it came from.

How it works
------------

* Sentences: each paragraph of a section's text (paragraphs are separated by blank lines; a "• "
  bullet line is a paragraph of its own) is split into sentences with spaCy's rule-based
  `sentencizer` on a blank English pipeline (`spacy.blank("en")`, no downloaded model), built on
  first use and reused; importing this module does not import spaCy. Each of the section's items
  is one sentence, after the text.
* Score: scikit-learn's `TfidfVectorizer`, fitted on the condition's own sentences (a word rare in
  its text counts most), gives each sentence's similarity to the question's words, other than the
  condition's names and words that only make it a question ("please", "know"); words are cut to
  their first letters, so "treated" and "treatments" meet. A sentence that holds a cue of the asked
  section (`bot.language.cues`: "cause", "due to" for causes) scores `CUE_BONUS` more. A sentence
  without a cue must share two of the question's words (one where no section is asked and the
  question has one word), and reach `MIN_SCORE` (`MIN_SCORE_ASKED` when a section was asked: "what
  happens at the appointment?" shares words with many sentences that do not answer it).
* Skipped: questions (a heading such as "What causes X?" answers nothing), fragments shorter than
  `MIN_SENTENCE_CHARS`, and sentences ending with a colon, except a lead-in ("Symptoms include:"
  followed by list items), which brings its items along, within `max_sentences`, or is not taken.
* Cues are matched on lower-cased text at the start of a word: a plain cue is a stem ("cause"
  matches "causes", not "because"), a cue ending in `\b` a whole word ("genes?\b" keeps "general"
  out). A cue inside a negation ("there is no known cause") still speaks to the section.

An answer from ranked sentences is a best effort from the words alone, shown as sentences taken
from the sections named, not as the asked section.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from bot.knowledge.dataset import Condition, Section
from bot.language.cues import REQUEST_WORDS, cue_pattern

if TYPE_CHECKING:  # spaCy is imported lazily: importing it takes seconds
    from spacy.language import Language

__all__ = ["MIN_SENTENCE_CHARS", "Ranked", "ranked", "sentences", "terms"]

#: Shorter sentences ("Treatment.", "Dr.") are fragments, not answers.
MIN_SENTENCE_CHARS = 20


_BULLET = re.compile(r"^\s*[•*-]\s+")
_BLANK_LINE = re.compile(r"\n\s*\n")


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
_QUESTION_WORDS = REQUEST_WORDS | frozenset(
    "wondering wonder like want need looking find learn read anybody anyone someone hello dear hi people person".split()
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


@dataclass(frozen=True)
class _Row:
    """A sentence of a condition, as the ranking needs it."""

    section: str  # the key of the section it is in
    unit: _Unit
    lead_in: bool  # "Symptoms include:" followed by list items
    words: frozenset[str]  # its terms


@lru_cache(maxsize=256)
def _index(sections: tuple[tuple[str, Section], ...]) -> tuple[tuple[_Row, ...], Any, Any]:
    """Every sentence of a condition's sections, with their TF-IDF matrix and the vectorizer
    fitted on them alone (a word rare in the condition's text counts): made once per condition,
    reused for every question."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    rows = tuple(
        _Row(key, unit, _is_lead_in(units, position), frozenset(terms(unit.text)))
        for key, section in sections
        for units in [_units(section)]
        for position, unit in enumerate(units)
    )
    vectorizer = TfidfVectorizer(analyzer=terms, sublinear_tf=True)
    matrix = vectorizer.fit_transform([row.unit.text for row in rows]) if rows else None
    return rows, matrix, vectorizer


def ranked(condition: Condition, question: str, key: str | None, max_sentences: int = 4) -> Ranked | None:
    """The sentences of all the condition's sections that best answer `question` (asking for
    section `key`, if any), at most `max_sentences`, in their original order; None when no
    sentence is good enough (see the constants above).

    A sentence scores its TF-IDF similarity to the question's words other than the condition's
    names, plus `CUE_BONUS` for a cue of `key`; on equal scores the earlier wins. Questions,
    fragments and colon sentences are skipped, except a lead-in ("Symptoms include:"), which
    brings the list items that follow it, within `max_sentences`."""
    rows, matrix, vectorizer = _index(tuple(condition.sections.items()))
    if not rows or max_sentences < 1:
        return None
    names = {term for name in condition.names for term in terms(name)}
    asked = {t for t in terms(question) if t not in names}
    # Without a cue, a sentence must share two of the question's words (one if it asks no section
    # and has one word): a short line shares one word ("children", "known") with many questions.
    needed = 2 if key else min(2, len(asked))
    similarity = (matrix @ vectorizer.transform([" ".join(sorted(asked))]).T).toarray().ravel() if asked else None
    pattern = cue_pattern(key) if key else None
    scored = []
    for index, row in enumerate(rows):
        text = row.unit.text
        if text.endswith("?") or (not row.lead_in and (len(text) < MIN_SENTENCE_CHARS or text.endswith(":"))):
            continue
        cue = CUE_BONUS if pattern is not None and pattern.search(text.lower()) else 0.0
        if not cue and (not needed or len(asked & row.words) < needed):
            continue
        score = (float(similarity[index]) if similarity is not None else 0.0) + cue
        if score >= (MIN_SCORE_ASKED if key else MIN_SCORE):
            scored.append((-score, index, row.lead_in))
    taken: list[int] = []
    for _, index, lead_in in sorted(scored):
        if len(taken) >= max_sentences:
            break
        if index in taken or rows[index].unit.text in {rows[i].unit.text for i in taken}:  # a repeat
            continue
        if lead_in:  # the lead-in and at least one of its items, or nothing
            if len(taken) + 2 > max_sentences:
                continue
            taken.append(index)
            following = index + 1
            while (
                following < len(rows)
                and rows[following].section == rows[index].section
                and rows[following].unit.item
                and len(taken) < max_sentences
            ):
                if following not in taken:
                    taken.append(following)
                following += 1
        else:
            taken.append(index)
    if not taken:
        return None
    ordered = sorted(taken)
    return Ranked(tuple(rows[i].unit.text for i in ordered), tuple(rows[i].section for i in ordered))
