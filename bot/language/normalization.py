"""Text normalisation shared by name matching and duplicate-name checks.

Two spellings of one name ("Guillain-Barré syndrome", "guillain barre syndrome", "Lou Gehrig's
disease", "lou gehrigs disease") must normalise to the same string.
"""

from __future__ import annotations

import re
import unicodedata

# Apostrophes inside a word are kept in the span but dropped from the word ("gehrig's").
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


def fold_char(char: str) -> str:
    """One character lower-cased with its accents removed; always exactly one character long.

    Keeping the length lets a match in the folded text point back at the same span of the
    original text.
    """
    if unicodedata.combining(char):
        # A separate accent mark (decomposed text): an apostrophe keeps it inside the word's
        # span and out of the word itself, as for "Gehrig's".
        return "'"
    base = unicodedata.normalize("NFKD", char)[:1].lower()
    return base if len(base) == 1 else char


def fold(text: str) -> str:
    """Lower-cases and strips accents, keeping every character position."""
    return "".join(fold_char(char) for char in text)


# "Type II", "type two" and "type 2" are one number after a word that numbers kinds ("Factor V
# Leiden", "factor five"); elsewhere "i" is a pronoun and "v", "x" are letters ("fragile X").
_NUMBERED = frozenset({"type", "types", "factor", "class", "grade", "stage", "phase", "group"})
_NUMBERS = {
    word: str(value)
    for value, words in enumerate(
        [
            ("i", "one"),
            ("ii", "two"),
            ("iii", "three"),
            ("iv", "four"),
            ("v", "five"),
            ("vi", "six"),
            ("vii", "seven"),
            ("viii", "eight"),
            ("ix", "nine"),
            ("x", "ten"),
        ],
        start=1,
    )
    for word in words
}


def words_with_spans(text: str) -> list[tuple[str, int, int]]:
    """The words of a text (letters and digits) with their start and end offsets.

    Apostrophes inside a word are dropped, so "Gehrig's" and "Gehrigs" both give "gehrigs";
    hyphens and other punctuation separate words. A number after a word that numbers kinds is
    written in digits: "type II" and "type two" give "type 2".
    """
    folded = fold(text).replace("\u2019", "'")
    words = [(match.group().replace("'", ""), match.start(), match.end()) for match in _WORD.finditer(folded)]
    for i in range(1, len(words)):
        word, start, end = words[i]
        if word in _NUMBERS and words[i - 1][0] in _NUMBERED:
            words[i] = (_NUMBERS[word], start, end)
    return words


def normalize_name(name: str) -> str:
    """The key two spellings of one name share: folded words joined by single spaces."""
    return " ".join(word for word, _, _ in words_with_spans(name))
