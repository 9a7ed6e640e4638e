"""Finding condition names in a user's message, forgiving the ways people write them.

Names are compared by their normalised words (case, accents, punctuation and possessives
ignored). `find` looks for exact names with a spaCy `PhraseMatcher` over every name of the
knowledge base (one pass over the message, however many names), longest first ("spinal cord
injury" over "injury"), then for misspellings in the words left over ("musle atrophy", "guillan
barre") with rapidfuzz. `candidates` answers partial names ("arthritis") with every condition
they could mean.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from spacy.lang.en.stop_words import STOP_WORDS as SPACY_STOP_WORDS
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab
from wordfreq import zipf_frequency

from bot.language.cues import without_section_words
from bot.language.normalization import normalize_name, words_with_spans

# Words of a name that say nothing about which condition it is, so they neither identify a
# condition alone ("what is a syndrome?") nor need to be typed ("guillain barre" for
# "Guillain-Barré syndrome").
GENERIC_WORDS = frozenset(
    {"disease", "diseases", "syndrome", "syndromes", "disorder", "disorders", "condition"}
    | {"injury", "injuries", "type", "types", "acute", "chronic", "infection", "problem"}
)
DROPPABLE_LAST_WORDS = frozenset({"disease", "syndrome", "disorder"})
STOP_WORDS = frozenset(SPACY_STOP_WORDS)
COMMON_WORDS = STOP_WORDS | GENERIC_WORDS

# Spelling tolerance: short words differ from other words by one letter too easily ("burns",
# "turns"), so misspellings are only looked for in longer names, and the first letter must be
# right (people seldom get it wrong), but for a vowel written for another or before another, as
# sounds lead people to ("adema", British "oedema": edema), which is then the one slip allowed.
VOWELS = "aeiou"
FUZZY_MIN_CHARS = 5
PARTIAL_MIN_CHARS = 4
PARTIAL_FUZZY_MIN_CHARS = 8  # a word of a partial name looked up by its closest spellings
SUGGESTION_MIN_SCORE = 80  # rapidfuzz WRatio, 0-100


# An English word at least this frequent (wordfreq's Zipf scale: "tests" 4.6, "hello" 5.0,
# "musle" 0) is taken as itself, not as a misspelt name.
COMMON_ENGLISH_ZIPF = 3.0


#: A single-word name this frequent in English ("pain" 5.0, "surgery" 4.6, "depression" 4.4;
#: "lupus" 3.2, "shingles" 2.9) is an everyday word: weak evidence of focus, and where the page
#: has no text ("Resources", "Discipline", "Acute" of MedQuAD's glossary) no name in lower case.
EVERYDAY_NAME_ZIPF = 4.0


# "X poisoning", "X overdose", "X toxicity": people name the substance apart from what happened
# ("It was mercury", "I overdosed on Benadryl", "exposed to carbon monoxide"), so in a message
# that speaks of poisoning the substance names that page (`find`); "toxic" alone is too often a
# worry ("could it be toxic to me?"). A substance of everyday words ("lead", "food", "alcohol")
# stays what it says.
POISONING_WORDS = frozenset({"poisoning", "overdose", "toxicity"})
POISONING_CUE = re.compile(r"\b(?:poison\w*|overdos\w*|toxicity|intoxicat\w*|exposed to|exposure)\b", re.IGNORECASE)
POISONING_HEAD_MAX_ZIPF = 4.5


def is_common_english(word: str) -> bool:
    return zipf_frequency(word, "en") >= COMMON_ENGLISH_ZIPF


def max_edits(length: int) -> int:
    """Letters that may be wrong, missing, extra or swapped in a name of this many letters."""
    return 1 if length < 10 else 2 if length < 18 else 3


@dataclass(frozen=True)
class NameMatch:
    """A condition name found in a text: the span as the user wrote it and the condition ids.

    Several ids mean the words name more than one condition (an ambiguous name).
    """

    condition_ids: tuple[str, ...]
    start: int
    end: int
    text: str
    exact: bool = True

    @property
    def condition_id(self) -> str | None:
        """The one condition the name identifies, or None when it is ambiguous."""
        return self.condition_ids[0] if len(self.condition_ids) == 1 else None


class ConditionMatcher:
    """Looks up every name and alternative name of a set of conditions in free text."""

    def __init__(
        self,
        names: Iterable[tuple[str, str]],
        reviewed: frozenset[str] = frozenset(),
        everyday: Iterable[tuple[str, str]] = (),
        aspects: Iterable[tuple[str, str]] = (),
        narrowable: frozenset[str] | None = None,
    ) -> None:
        """`names` are (name, condition id) pairs; `reviewed` the ids of conditions whose names
        were chosen by hand (the authored dataset), so that their abbreviations may be typed in
        lower case ("als"); `everyday` (name, condition id) pairs of everyday names, each of which
        means its condition only, whatever other condition has it as a name ("IBS"); `aspects`
        (canonical name, condition id) pairs of which a name "X - aspect" also gives X where X
        names nothing else: people ask about pyloric stenosis, not "Pyloric stenosis - infant".
        Several pages of one X ("Tracheomalacia - acquired", "- congenital") all have it.
        `narrowable`: the ids a broad name may be narrowed to (`find`), all when None; the
        knowledge base gives those it has text for."""
        ids_by_key: dict[str, list[str]] = defaultdict(list)
        cased: dict[str, set[str]] = defaultdict(set)
        everyday_keyed = [
            (name, key, condition_id) for name, condition_id in everyday for key in _anyones(normalize_name(name))
        ]
        keyed = [(name, normalize_name(name), condition_id) for name, condition_id in names] + everyday_keyed
        full_names = {key for _, key, _ in keyed if key}
        # The other number of a name is matched as written only: as a misspelling it would join
        # the next word ("spinal cord trauma pls" is not "spinal cord traumas").
        exact_only: set[str] = set()
        for name, key, condition_id in keyed:
            if not key:
                continue
            written = words_with_spans(name)
            number = _number_variant(key)
            for variant in _variants(key) + ([number] if number else []):
                if variant != key and variant in full_names:
                    continue  # "Dry Eye" is its own condition, not also "Dry eye syndrome"
                if " " not in variant and key.endswith(" syndrome") and _everyday_alone(variant, name):
                    continue  # "young" is no Young syndrome, though "CHILD" is CHILD syndrome
                if variant == number:
                    exact_only.add(variant)
                if condition_id not in ids_by_key[variant]:
                    ids_by_key[variant].append(condition_id)
                as_written = _as_written(name, written[: variant.count(" ") + 1])
                cased[variant].add(as_written.lower() if condition_id in reviewed else as_written)
        known = set(ids_by_key)
        aspects = list(aspects)
        for name, condition_id in aspects:
            head = _aspect_head(name)
            other = other_number(head.split()[-1]) if head else None
            # "Cataracts - what to ask your doctor": "cataracts" is already the plural of a name.
            plural = " ".join([*head.split()[:-1], other]) if other else None
            if head and head not in known and plural not in known:
                ids_by_key[head].append(condition_id)
                cased[head].add(name.split(" - ", 1)[0])
        claimed: dict[str, list[str]] = defaultdict(list)
        for _, key, condition_id in everyday_keyed:
            if key and condition_id not in claimed[key]:
                claimed[key].append(condition_id)
        ids_by_key.update(claimed)
        self._ids_by_key = {key: tuple(ids) for key, ids in ids_by_key.items()}
        self._poisonings = self._substances()
        self._narrowable = narrowable
        # A name that is also a common word only counts when written in the dataset's own
        # capitals: "IS" (West syndrome), "MG", "MED", "CHILD syndrome" are MedQuAD names, while
        # "what is", "how many mg", "meds" and "a child" are everyday words. A reviewed name
        # counts as written in lower case too.
        # So does a page without text named by one everyday word: "resources", "acute".
        name_only = {
            key
            for key, ids in self._ids_by_key.items()
            if narrowable is not None
            and " " not in key
            and not self._has_text(ids)
            and zipf_frequency(key, "en") >= EVERYDAY_NAME_ZIPF
        }
        self._common_keys = {
            key: cased[key]
            for key in self._ids_by_key
            if key in COMMON_WORDS
            or key in name_only
            or all(form.isupper() and _all_common(key) for form in cased[key])
        }
        # Of those, single-word abbreviations ("HIV", "MG") that people also type in lower case:
        # only a guess, which the NLU uses when nothing else names a condition.
        self._lowercase_guesses = {
            key
            for key in self._common_keys
            if key not in COMMON_WORDS and key not in name_only and " " not in key and key in full_names
        }
        names_keys = list(self._ids_by_key)
        self._two_word_names = frozenset(key for key in names_keys if key.count(" ") == 1)
        self._longest = max((key.count(" ") + 1 for key in names_keys), default=0)
        # The phrase matcher compares the normalised words (ORTH of docs made of them), so the
        # normalisation stays the one of `normalize_name`.
        self._vocab = Vocab()
        self._phrases = PhraseMatcher(self._vocab, attr="ORTH")
        for key in self._ids_by_key:
            self._phrases.add(key, [Doc(self._vocab, words=key.split())])
        self._substance_phrases = PhraseMatcher(self._vocab, attr="ORTH")
        for key in self._poisonings:
            self._substance_phrases.add(key, [Doc(self._vocab, words=key.split())])
        self._fuzzy_keys: dict[tuple[int, str], list[str]] = defaultdict(list)
        self._ids_by_compact: dict[str, tuple[str, ...]] = {}
        for key, ids in self._ids_by_key.items():
            compact = key.replace(" ", "")
            if len(compact) >= FUZZY_MIN_CHARS and key not in exact_only:
                self._fuzzy_keys[len(compact), compact[0]].append(compact)
                self._ids_by_compact[compact] = _union(self._ids_by_compact.get(compact, ()), ids)
        # A page about an aspect ("Osteoarthritis - getting your home ready") or about two
        # things ("Diabetes and Pregnancy") is no narrower condition of either.
        aspect_ids = {condition_id for name, condition_id in aspects if " - " in name}
        self._narrower_names = self._narrower(
            [key for key in names_keys if " and " not in key and not aspect_ids.intersection(self._ids_by_key[key])],
            narrowable,
        )
        # Abbreviations are left out of suggestions: "ra" is "similar" to every word with "ra" in it.
        self._suggestible = [key for key in names_keys if len(key) >= PARTIAL_MIN_CHARS]
        self._ids_by_word: dict[str, set[str]] = defaultdict(set)
        for key in names_keys:
            for word in key.split():
                if len(word) >= PARTIAL_MIN_CHARS and word not in COMMON_WORDS:
                    self._ids_by_word[word].update(self._ids_by_key[key])
        self._keys_by_id: dict[str, list[str]] = defaultdict(list)
        for key in names_keys:
            for condition_id in self._ids_by_key[key]:
                self._keys_by_id[condition_id].append(key)
        self._words_by_start: dict[str, list[str]] = defaultdict(list)
        for word in self._ids_by_word:
            self._words_by_start[word[0]].append(word)

    def find(self, text: str) -> list[NameMatch]:
        """Non-overlapping matches from left to right, each the longest name starting there.

        A misspelt name wins over an exact one only when it covers more words ("spinal muscle
        atrophy" is spinal muscular atrophy, not muscle atrophy).
        """
        words = words_with_spans(text)
        exact_at = self._exact_names(text, words)
        matches: list[NameMatch] = []
        position = 0
        while position < len(words):
            length, ids = exact_at.get(position, (0, ()))
            exact = bool(ids)
            longer, misspelt = self._misspelt_at(words, position, shortest=length + 1)
            if misspelt:
                length, ids, exact = longer, misspelt, False
            if position and words[position - 1][0] == "non":
                ids = ()  # "non-invasive", "non-toxic goiter": what it is not ("non-Hodgkin" is a name)
            if not ids:
                position += 1
                continue
            start, end = words[position][1], words[position + length - 1][2]
            others = _sentence_around(words, position, length, text)
            matches.append(NameMatch(self._narrowed(ids, others), start, end, text[start:end], exact))
            position += length
        if self._poisonings and POISONING_CUE.search(text):
            return self._as_poisonings(text, words, matches)
        return matches

    def _substances(self) -> dict[str, tuple[str, ...]]:
        """The substance X of each "X poisoning" (overdose, toxicity) page, by its key, with the
        ids of those pages; not an X of everyday words."""
        poisonings: dict[str, tuple[str, ...]] = {}
        for key, ids in self._ids_by_key.items():
            head, _, last = key.rpartition(" ")
            if last not in POISONING_WORDS or not head:
                continue
            if all(zipf_frequency(word, "en") >= POISONING_HEAD_MAX_ZIPF for word in head.split()):
                continue
            poisonings[head] = _union(poisonings.get(head, ()), ids)
        return poisonings

    def _as_poisonings(self, text: str, words: list[tuple[str, int, int]], matches: list[NameMatch]) -> list[NameMatch]:
        """`matches` with each substance of a poisoning page named alone (`_substances`) taken as
        that page, in a message that speaks of poisoning: the substance's own page gives way
        ("Mercury": mercury poisoning) unless only it has text ("Lithium" to a name-only "Lithium
        overdose"), and a longer name around it stays."""
        found = list(matches)
        doc = Doc(self._vocab, words=[word for word, _, _ in words])
        for key_hash, first, last in self._substance_phrases(doc):
            start, end = words[first][1], words[last - 1][2]
            ids = self._poisonings[self._vocab.strings[key_hash]]
            overlapping = [i for i, match in enumerate(found) if match.start < end and start < match.end]
            if not overlapping:
                found.append(NameMatch(ids, start, end, text[start:end]))
            elif len(overlapping) == 1:
                own = found[overlapping[0]]
                if (own.start, own.end) == (start, end) and self._has_text(ids) >= self._has_text(own.condition_ids):
                    found[overlapping[0]] = replace(own, condition_ids=ids)
        return sorted(found, key=lambda match: match.start)

    def _gives_way(self, key: str, part: str) -> bool:
        """Whether a name without text gives way to a word of it that names a page with text:
        "an overdose of Lithium" is about Lithium, not the name-only "Lithium overdose"."""
        ids = self._ids_by_key.get(part, ())
        return bool(ids) and self._has_text(ids) and not self._has_text(self._ids_by_key[key])

    def _has_text(self, ids: tuple[str, ...]) -> bool:
        return self._narrowable is None or bool(self._narrowable.intersection(ids))

    def _narrower(
        self, names_keys: Iterable[str], narrowable: frozenset[str] | None
    ) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
        """For a condition id, the conditions with a longer name that holds one of its names,
        each with the telling words it adds: "muscular dystrophy" is in "Duchenne muscular
        dystrophy", which adds "duchenne"."""
        own_words: dict[str, set[str]] = defaultdict(set)
        for key, ids in self._ids_by_key.items():
            for condition_id in ids:
                own_words[condition_id].update(key.split())
        narrower: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        for key in names_keys:
            ids = self._ids_by_key[key]
            words = key.split()
            if len(ids) != 1 or len(words) < 2 or (narrowable is not None and ids[0] not in narrowable):
                continue
            for length in range(1, len(words)):
                for start in range(len(words) - length + 1):
                    for broad in self._ids_by_key.get(" ".join(words[start : start + length]), ()):
                        added = [w for i, w in enumerate(words) if not start <= i < start + length]
                        telling = tuple(w for w in added if w not in COMMON_WORDS)
                        # "AIDS-related infections" is no narrower HIV/AIDS: "aids" is its own word
                        if (
                            broad != ids[0]
                            and telling
                            and all(map(_telling, telling))
                            and not own_words[broad].intersection(telling)
                        ):
                            narrower[broad].append((ids[0], telling))
        return narrower

    def _narrowed(self, ids: tuple[str, ...], words: list[tuple[str, int, int]]) -> tuple[str, ...]:
        """The narrower condition a sentence means by a broad name: "I have muscular dystrophy,
        category Duchenne" names the longer name's words apart. `words` are the sentence's words
        other than the name's own. The condition whose added words the sentence holds (the most
        of them); else `ids` as they are."""
        if len(ids) != 1 or ids[0] not in self._narrower_names:
            return ids
        written = {word for word, _, _ in words}
        by_stem: dict[str, list[str]] = defaultdict(list)
        for word in written:
            by_stem[word[:NARROWING_STEM]].append(word)
        fitting = [
            (len(added), narrow)
            for narrow, added in self._narrower_names[ids[0]]
            if all(w in written or any(_same_word(w, o) for o in by_stem.get(w[:NARROWING_STEM], ())) for w in added)
        ]
        if not fitting:
            return ids
        most = max(count for count, _ in fitting)
        best = {narrow for count, narrow in fitting if count == most}
        return (best.pop(),) if len(best) == 1 else ids

    def lowercase_abbreviations(self, text: str) -> list[NameMatch]:
        """Abbreviations that are also everyday words, typed in lower case ("how is hiv treated",
        but also "how many mg"): not names by themselves, but likely ones in a question about a
        condition that names no other."""
        return [
            NameMatch(self._ids_by_key[word], start, end, text[start:end])
            for word, start, end in words_with_spans(text)
            if word in self._lowercase_guesses and not self._written_as_name(text, [(word, start, end)])
        ]

    def lookup(self, name: str) -> tuple[str, ...]:
        """The condition ids of an exact name (after normalisation); empty when unknown."""
        return self._ids_by_key.get(normalize_name(name), ())

    def lookup_misspelt(self, name: str) -> tuple[str, ...]:
        """The condition ids of the names closest to a misspelt name, if close enough; an
        everyday word misspells no name ("bowel" is no Bowen syndrome), as in text."""
        return self._misspelling(normalize_name(name))

    def _misspelling(self, key: str) -> tuple[str, ...]:
        if " " not in key and is_common_english(key):
            # "tests", "hello", "factors" are words, not misspelt names ("Testes", "HELLP
            # syndrome", "Factor I" among MedQuAD's); a plural of a name still counts.
            return self._plural_of(key)
        return self._closest_spelling(key.replace(" ", ""))

    def candidates(self, name: str) -> tuple[str, ...]:
        """Conditions a partial name could mean: every distinctive word of it is in their names.

        "arthritis" gives rheumatoid arthritis and osteoarthritis ("wear-and-tear arthritis");
        "muscle pain" gives nothing, since no name has "pain".
        """
        words = [w for w in normalize_name(name).split() if w not in COMMON_WORDS]
        if not words:
            return ()
        found = set.intersection(*(self._word_ids(word, either_number=len(words) > 1) for word in words))
        # "digestive disorders" is Digestive Diseases, "tailbone injury" Tailbone Disorders: of
        # several, the one with a name that says the same but for generic words; a word alone
        # ("cardiac", "elbow") says too little
        said = _telling_words(words)
        alike = {i for i in found if any(_telling_words(key.split()) == said for key in self._keys_by_id[i])}
        several_words = len(normalize_name(name).split()) > 1
        return tuple(sorted(alike if len(alike) == 1 and several_words else found))

    def _word_ids(self, word: str, either_number: bool) -> set[str]:
        """The conditions with a word in a name, or with the word's other number where the
        partial name has other words to narrow it (`either_number`: "mallet fingers" are what
        "Mallet finger - aftercare" is about; "strips" alone is no craniectomy strip); for a long
        word no name has, those with its closest spellings as a name's word
        ("trichoepithilioma"). A short word has too many neighbours ("neals": "near", "neat")."""
        ids = self._ids_by_word.get(word, set())
        if either_number:
            ids = ids | self._ids_by_word.get(other_number(word) or "", set())
        if ids or len(word) < PARTIAL_FUZZY_MIN_CHARS or is_common_english(word):
            return ids
        edits = max_edits(len(word))
        close = process.extract(
            word, self._words_by_start.get(word[0], []), scorer=OSA.distance, score_cutoff=edits, limit=None
        )
        best = min((distance for _, distance, _ in close), default=None)
        return set().union(*(self._ids_by_word[key] for key, distance, _ in close if distance == best))

    def closest(self, name: str, limit: int) -> list[str]:
        """Condition ids whose names look most like `name`, best first (for suggestions)."""
        query = normalize_name(name)
        if not query:
            return []
        ranked = process.extract(
            query, self._suggestible, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=SUGGESTION_MIN_SCORE
        )
        ids: list[str] = []
        for key, _, _ in ranked:
            for condition_id in self._ids_by_key[key]:
                if condition_id not in ids:
                    ids.append(condition_id)
        return ids[:limit]

    def _exact_names(self, text: str, words: list[tuple[str, int, int]]) -> dict[int, tuple[int, tuple[str, ...]]]:
        """The longest exact name starting at each word: its length in words and its ids."""
        if not words:
            return {}
        longest: dict[int, tuple[int, tuple[str, ...]]] = {}
        doc = Doc(self._vocab, words=[word for word, _, _ in words])
        for key_hash, start, end in self._phrases(doc):
            if end - start <= longest.get(start, (0, ()))[0]:
                continue
            window = words[start:end]
            if self._written_as_name(text, window):
                longest[start] = end - start, self._ids_by_key[self._vocab.strings[key_hash]]
        for start, (length, key) in self._inverted_names(text, words).items():
            if length > longest.get(start, (0, ()))[0]:
                longest[start] = length, self._ids_by_key[key]
        return longest

    def _inverted_names(self, text: str, words: list[tuple[str, int, int]]) -> dict[int, tuple[int, str]]:
        """Two-word names said the other way round, "B of/in/on [the, my...] A" for "A B":
        "buzzing in his ear" (ear buzzing), "a rash on the skin", "loss of blood", "infection of
        the bladder", "pain in both knees". By each start, the words' count and the name's key."""
        found: dict[int, tuple[int, str]] = {}
        for position, (head, _, head_end) in enumerate(words[:-2]):
            if head in STOP_WORDS or not head.isalpha() or words[position + 1][0] not in _INVERTING or _everyday(head):
                continue
            last = position + 2
            while last < len(words) - 1 and last - position < _INVERTED_MAX_WORDS and words[last][0] in _BETWEEN:
                last += 1
            part, part_start, _ = words[last]
            if part in GENERIC_WORDS or not part.isalpha() or _PUNCTUATION.search(text[head_end:part_start]):
                continue
            for key in (
                f"{form} {said}"
                for form in (part, other_number(part))
                if form
                for said in filter(None, (head, _SAME_COMPLAINT.get(head)))
            ):
                if key in self._two_word_names and key not in self._common_keys and not self._gives_way(key, part):
                    found[position] = last - position + 1, key
                    break
        return found

    def _written_as_name(self, text: str, window: list[tuple[str, int, int]]) -> bool:
        key = " ".join(word for word, _, _ in window)
        if key not in self._common_keys:
            return True
        return _as_written(text, window) in self._common_keys[key]

    def _misspelt_at(
        self, words: list[tuple[str, int, int]], position: int, shortest: int
    ) -> tuple[int, tuple[str, ...]]:
        """The longest misspelt name of at least `shortest` words starting at a word."""
        if words[position][0] in STOP_WORDS:
            return 0, ()
        for length in range(min(self._longest + 1, len(words) - position), shortest - 1, -1):
            window = words[position : position + length]
            if window[-1][0] in STOP_WORDS:
                continue
            key = " ".join(word for word, _, _ in window)
            # Two everyday words are what they say ("lump cancer" is not lung cancer); from
            # three on, a real-word slip is clear from the rest ("spinal chord injury").
            ids = () if length == 2 and _all_common(key) else self._misspelling(key)
            if ids:
                return length, ids
        return 0, ()

    def _plural_of(self, word: str) -> tuple[str, ...]:
        for suffix in ("s", "es"):
            singular = word[: -len(suffix)]
            # "cries" is no plural of the abbreviation "CRI"
            if len(singular) < PARTIAL_MIN_CHARS:
                continue
            if word.endswith(suffix) and singular in self._ids_by_key and singular not in self._common_keys:
                return self._ids_by_key[word[: -len(suffix)]]
        return ()

    def _closest_spelling(self, compact: str) -> tuple[str, ...]:
        if len(compact) < FUZZY_MIN_CHARS:
            return ()
        edits = max_edits(len(compact))
        best = edits + 1
        ids: tuple[str, ...] = ()
        for length in range(len(compact) - edits, len(compact) + edits + 1):
            keys = self._fuzzy_keys.get((length, compact[0]), ())
            for key, distance, _ in process.extract(compact, keys, scorer=OSA.distance, score_cutoff=edits, limit=None):
                # "type 2 diabetes" is no misspelt type 1 diabetes, nor "vitamin b12 deficiency" vitamin C's
                if _inflected(compact, key) or _DIGITS.findall(key) != _DIGITS.findall(compact):
                    continue
                if distance < best:
                    best, ids = distance, self._ids_by_compact[key]
                elif distance == best:
                    ids = _union(ids, self._ids_by_compact[key])
        if not ids and compact[0] in VOWELS:
            rest = compact[1:]
            for spelling in [vowel + rest for vowel in VOWELS] + ([rest] if rest[0] in VOWELS else []):
                ids = _union(ids, self._ids_by_compact.get(spelling, ()))
        return ids


# A word that may narrow a name the message gives ("pancreatic" for cancer) is no everyday word
# ("back", "left"), and is found in another form that shares its first letters (`_same_word`).
NARROWING_STEM = 6
NARROWING_MAX_ZIPF = 5.0


@cache
def _telling(word: str) -> bool:
    """A word that may narrow a name: no number, no everyday word, and no word that asks for a
    section ("Recovering after stroke", "Cancer treatments" are pages about an aspect)."""
    return (
        len(word) >= PARTIAL_MIN_CHARS
        and word.isalpha()
        and zipf_frequency(word, "en") < NARROWING_MAX_ZIPF
        and bool(without_section_words(word).strip())
    )


_SENTENCE_END = frozenset(".?!\n")


def _telling_words(words: Iterable[str]) -> frozenset[str]:
    """A name's words but its common and generic ones, each in the singular where it has one."""
    return frozenset((other_number(w) if w.endswith("s") else None) or w for w in words if w not in COMMON_WORDS)


def _everyday_alone(word: str, name: str) -> bool:
    """Whether X of a name "X syndrome" is an everyday word that the name does not write in
    capitals ("Young syndrome", "Brown syndrome", not "CHILD syndrome"): mostly a surname. X of
    "X disease" is mostly a part of the body, and stays ("kidney" for Kidney Disease)."""
    return zipf_frequency(word, "en") >= EVERYDAY_NAME_ZIPF and not name.split()[0].isupper()


@cache
def _everyday(word: str) -> bool:
    return zipf_frequency(word, "en") >= _INVERTED_HEAD_MAX_ZIPF


def _sentence_around(
    words: list[tuple[str, int, int]], position: int, length: int, text: str
) -> list[tuple[str, int, int]]:
    """The other words of the sentence of words[position : position + length], but a word
    after "non" ("non toxic goiter" is no toxic goiter)."""
    first, last = position, position + length - 1
    while first > 0 and not _SENTENCE_END & set(text[words[first - 1][2] : words[first][1]]):
        first -= 1
    while last + 1 < len(words) and not _SENTENCE_END & set(text[words[last][2] : words[last + 1][1]]):
        last += 1
    others = [*range(first, position), *range(position + length, last + 1)]
    return [words[i] for i in others if not (i and words[i - 1][0] == "non")]


def _same_word(word: str, other: str) -> bool:
    """One word in another form: "pancreas" for "pancreatic", "poisoned" for "poisoning"; but
    "diverticular" is not "diverticulosis"."""
    return len(os.path.commonprefix([word, other])) >= max(NARROWING_STEM, len(word) - 3)


def _aspect_head(name: str) -> str:
    """X of a name "X - aspect" ("Pyloric stenosis - infant", "Goiter - simple"), if X is not
    everyday words ("Urine - bloody", "Crying - excessive"); else ""."""
    head = normalize_name(name.split(" - ", 1)[0]) if " - " in name else ""
    return head if len(head.replace(" ", "")) >= FUZZY_MIN_CHARS and not _all_common(head) else ""


# "no feeling in my feet" is said of anyone: "in her feet", "in their feet", and "in there feet"
# as people misspell it.
_POSSESSIVES = ("my", "his", "her", "their", "there", "your", "our")


def _anyones(key: str) -> list[str]:
    """An everyday name's key and, where it says "my", the same said of anyone else."""
    words = key.split()
    if "my" not in words:
        return [key]
    return [" ".join(whose if word == "my" else word for word in words) for whose in _POSSESSIVES]


def _variants(key: str) -> list[str]:
    """A name's key and, for "X syndrome"-like names, X alone ("guillain barre") and X with the
    other such words: people write "Alport's disease" for Alport syndrome, and misspell it."""
    words = key.split()
    variants = [key]
    if len(words) >= 2 and words[-1] in DROPPABLE_LAST_WORDS:
        rest = " ".join(words[:-1])
        if len(rest.replace(" ", "")) >= FUZZY_MIN_CHARS and rest not in COMMON_WORDS:
            variants.append(rest)
            variants += [f"{rest} {other}" for other in sorted(DROPPABLE_LAST_WORDS - {words[-1]})]
    return variants


# Two-word names said the other way round (`ConditionMatcher._inverted_names`): "pain in my left
# knee" is knee pain, "a growth on my neck" a neck lump, with the words that may stand between.
_INVERTING = frozenset({"of", "in", "on"})
_BETWEEN = frozenset({"the", "a", "an", "my", "his", "her", "their", "our", "your", "both", "one", "left", "right"})
_SAME_COMPLAINT = {"growth": "lump", "mass": "lump", "bump": "lump", "knot": "lump"}
_INVERTED_MAX_WORDS = 4
# "care of my child", "history in her family" tell of a person, not a name's page
_INVERTED_HEAD_MAX_ZIPF = 5.2
_PUNCTUATION = re.compile(r"[.?!,;:()\n]")
_DIGITS = re.compile(r"\d+")


def _number_variant(key: str) -> str | None:
    """For a name of several words, the other number of its last word ("kidney stone", "cold
    sores", "speech disorders"): people write the one they have. A single word keeps its number:
    "burn" is a verb."""
    words = key.split()
    if len(words) < 2 or words[-1] in STOP_WORDS:
        return None
    other = other_number(words[-1])
    return " ".join([*words[:-1], other]) if other else None


def other_number(word: str) -> str | None:
    """The plural of a singular noun, or the singular of a plural, by the regular English rules;
    None where the rules do not say (short words, "-ss", "-us", "-is")."""
    if len(word) < 4 or word.endswith(("ss", "us", "is")) or not word.isalpha():
        return None
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "uses")):  # "abscesses", "viruses"
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("ch", "sh", "x")) else "s")


def _all_common(key: str) -> bool:
    """Every word of a normalised name is common English."""
    return all(is_common_english(word) for word in key.split())


def _inflected(word: str, name: str) -> bool:
    """A name with a verb ending ("stroked", "burning"), not a misspelling of it; plurals are."""
    return word.startswith(name) and word[len(name) :] not in ("s", "es")


def _as_written(text: str, words: list[tuple[str, int, int]]) -> str:
    """Words as the text has them (case kept), for names that must be written in capitals."""
    return " ".join(text[start:end].replace("'", "") for _, start, end in words)


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return first + tuple(i for i in second if i not in first)
