"""Finding condition names in a user's message.

Names are compared by their normalised words (case, accents, punctuation and possessives
ignored); the longest name wins where names overlap ("spinal cord injury" over "injury").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from bot.normalization import normalize_name, words_with_spans


@dataclass(frozen=True)
class NameMatch:
    """A condition name found in a text: the span as the user wrote it and the condition id."""

    condition_id: str
    start: int
    end: int
    text: str


class ConditionMatcher:
    """Looks up every name and alternative name of a set of conditions in free text."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        """`names` are (name, condition id) pairs."""
        self._ids_by_key: dict[str, str] = {}
        for name, condition_id in names:
            key = normalize_name(name)
            if key:
                self._ids_by_key.setdefault(key, condition_id)
        self._longest = max((key.count(" ") + 1 for key in self._ids_by_key), default=0)

    def find(self, text: str) -> list[NameMatch]:
        """Non-overlapping matches from left to right, each the longest name starting there."""
        words = words_with_spans(text)
        matches: list[NameMatch] = []
        position = 0
        while position < len(words):
            for length in range(min(self._longest, len(words) - position), 0, -1):
                window = words[position : position + length]
                condition_id = self._ids_by_key.get(" ".join(word for word, _, _ in window))
                if condition_id:
                    start, end = window[0][1], window[-1][2]
                    matches.append(NameMatch(condition_id, start, end, text[start:end]))
                    position += length
                    break
            else:
                position += 1
        return matches

    def lookup(self, name: str) -> str | None:
        """The condition id of an exact name (after normalisation), if any."""
        return self._ids_by_key.get(normalize_name(name))
