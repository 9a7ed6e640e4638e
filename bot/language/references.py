"""Reading "the second one" or "that one" as a choice from the conditions the bot just listed,
and "more" as asking for the rest of the last answer."""

from __future__ import annotations

from bot.language.normalization import words_with_spans

_ORDINALS = {
    "first": 0, "1st": 0, "1": 0, "top": 0,
    "second": 1, "2nd": 1, "two": 1, "2": 1,
    "third": 2, "3rd": 2, "three": 2, "3": 2,
    "fourth": 3, "4th": 3, "four": 3, "4": 3,
    "fifth": 4, "5th": 4, "five": 4, "5": 4,
    "sixth": 5, "6th": 5, "six": 5, "6": 5,
    "seventh": 6, "7th": 6, "seven": 6, "7": 6,
    "eighth": 7, "8th": 7, "eight": 7, "8": 7,
}  # fmt: skip
_LAST = {"last", "final", "bottom"}
_DEICTIC = {"that", "this", "it"}
# Words around a choice that do not change it: "yes that one please", "umm the 2nd option".
_FILLER = {
    "the", "one", "please", "pls", "plz", "yes", "yeah", "yep", "ok", "okay", "um", "umm", "uh",
    "i", "mean", "meant", "want", "number", "no", "option", "choice", "on", "list", "in", "of",
    "about", "tell", "me", "more", "you", "said", "u", "item", "just", "lol", "thanks", "sure",
    "hmm", "hm", "ill", "id", "take", "like", "lets", "go", "with", "pick", "choose", "guess",
}  # fmt: skip

THAT_ONE = -1  # "that one": a choice only when a single condition was listed
LAST = -2


def list_choice(text: str) -> int | None:
    """The 0-based position a message picks from a list, `THAT_ONE` for "that one", else None.

    Only messages that are nothing but a choice count: "the first one" picks, "what are the
    first signs?" does not.
    """
    words = _words(text)
    if not words or len(words) > 8:
        return None
    picks = [w for w in words if w not in _FILLER]
    if not picks and "one" in words and ("number" in words or "option" in words):
        return 0  # "number one"
    if len(picks) > 1:  # "that last one": the ordinal says which
        picks = [w for w in picks if w not in _DEICTIC]
    if len(picks) != 1:
        return None
    word = picks[0]
    if word in _ORDINALS:
        return _ORDINALS[word]
    if word in _LAST:
        return LAST
    if word in _DEICTIC:
        return THAT_ONE
    return None


def pick(listed: list[str], choice: int) -> str | None:
    """The listed name a choice picks, or None when it does not pick exactly one."""
    if not listed:
        return None
    if choice == THAT_ONE:
        return listed[0] if len(listed) == 1 else None
    if choice == LAST:
        return listed[-1]
    return listed[choice] if 0 <= choice < len(listed) else None


_MORE = {"more", "continue", "next", "go on", "keep going", "carry on", "rest", "the rest"}
_MORE_FILLER = {
    "tell", "me", "show", "some", "please", "pls", "yes", "ok", "okay", "and", "read", "give", "the",
    "of", "it", "can", "you", "could", "i", "see",
}  # fmt: skip


def asks_for_more(text: str) -> bool:
    """Whether a message only asks to continue: "more", "tell me more", "go on please"."""
    words = [w for w in _words(text) if w not in _MORE_FILLER]
    return bool(words) and " ".join(words) in _MORE


def _words(text: str) -> list[str]:
    return [word for word, _, _ in words_with_spans(text)]
