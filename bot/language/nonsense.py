"""Telling a message of made-up words ("zxq vrrp", "blorf snax") from a real question.

The intent model is confident about nearly anything it is given, so a message whose words are
neither English words nor condition names is declared not understood before it can be taken for
a question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from wordfreq import zipf_frequency

from bot.language.normalization import words_with_spans

# Zipf frequency of a word in English: 7 for "the", 3 for "lupus", below 2 for rare spellings and
# keyboard mashing ("asdf" 1.65); 0 for words wordfreq has never seen.
MIN_ZIPF = 2.0
_STRETCH = re.compile(r"(.)\1{2,}")
_DOUBLED_END = re.compile(r"(.)\1$")


def is_known_word(word: str) -> bool:
    """An English word, also when stretched for emphasis ("hellooo", "heyy", "sooo")."""
    return any(zipf_frequency(form, "en") >= MIN_ZIPF for form in _unstretched(word))


def _unstretched(word: str) -> list[str]:
    """The word, with letters repeated three times or more kept once and twice, and a doubled
    last letter kept once; a form shorter than three letters is no word ("vvvk", "vk")."""
    forms = {_STRETCH.sub(r"\1", word), _STRETCH.sub(r"\1\1", word), _DOUBLED_END.sub(r"\1", word)}
    return [word, *(form for form in forms if len(form) >= 3)]


def is_nonsense(text: str, name_spans: Iterable[tuple[int, int]] = ()) -> bool:
    """Whether no word of a text is an English word or inside a recognised name's span."""
    spans = list(name_spans)
    words = words_with_spans(text)
    for word, start, end in words:
        if is_known_word(word) or any(s <= start and end <= e for s, e in spans):
            return False
    return True
