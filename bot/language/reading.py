"""Reading a message as people write it: a subject line, a story, and the question somewhere in it.

Plain functions over the text and the condition names found in it (`Mention`s, with their
spans), used by the NLU (which intent a long message has) and by the answers (which condition it
asks about, whether it compares two, asks something no section fits, or asks for a personal
diagnosis or decision).

* Parts: a subject line ("SUBJECT: ...", a short first line without a full stop, or a short
  first sentence without a verb) and the sentences after it. A question sentence ends with "?"
  or starts like one ("what", "is there", "I would like to know", "please send"), unless it
  tells a story ("When I was two I had a fever...").
* Focus: among the conditions a message names, the one the question is about. Each scores for
  being named in a question sentence, in the subject line, right after "of/for/about/with", more
  than once, by one of its words alone in the main question ("stop the cramps"), as the name a
  doctor gave ("diagnosed with X"), and for a specific name (several words, or a rare word:
  "pain" and "surgery" are everyday words that MedQuAD also has pages for). An everyday word
  that names the specific name before it again ("the tumor" after a teratoma) counts for that
  name. The best scorer is the focus when it beats the next; a tie is no way to tell, and the
  bot asks which one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from wordfreq import zipf_frequency

from bot.language.cues import REQUEST_WORDS, asked_sections, without_section_words
from bot.language.matching import COMMON_WORDS, EVERYDAY_NAME_ZIPF
from bot.language.normalization import words_with_spans


@dataclass(frozen=True)
class Mention:
    """A condition named in a message: its canonical name and where the words are."""

    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Focus:
    """The conditions of a message, the one asked about first; `decided` when the message tells
    which one it asks about, `compared` when it asks how two differ or asks the same of both."""

    names: tuple[str, ...]
    decided: bool
    compared: bool = False


_SUBJECT = re.compile(r"^\s*subject\s*:\s*(?P<subject>.*?)\s*(?:\n|message\s*:)", re.IGNORECASE | re.DOTALL)
# A sentence ends at a full stop, question or exclamation mark before a space or a word typed
# without one ("...the same decease.my mothers father..."), and at a line break.
_SENTENCE_END = re.compile(r"[.?!]+(?=\s|$|[A-Za-z]{2})|\n+")
_MESSAGE_LABEL = re.compile(r"\s*message\s*:\s*", re.IGNORECASE)
# A request anywhere in a sentence: people ask without a question mark ("pls advise me what to
# do", "I am just curious as to if any damage happened", "I need information about surgery").
_REQUEST_ANYWHERE = re.compile(
    r"\b(?:wondering|curious|want(?:ed)? to (?:know|learn|find out)|(?:like|love|need|have) to know|"
    r"(?:need|want|like|looking for|seeking|request(?:ing)?|send(?: me)?|get) (?:some |any |more )?(?:info|information|details|advice|help)|"
    r"(?:information|info|literature) (?:on|about|regarding|over|concerning)|"
    r"any (?:information|info|advice|suggestions?|help|ideas|recommendations?)|"
    r"(?:please|pls|plz|kindly) (?:advi[cs]e|send|tell|help|let me know|explain|inform|guide|suggest)|"
    r"advi[cs]e (?:me|us)|is there (?:any|a) (?:chance|way|cure|treatment|hope)|are there any|"
    r"what (?:to do|can (?:be|i|we) do)|let me know|how (?:should|can|do|could|would) (?:i|we|one) go about|"
    r"need to learn|(?:possible|any) answers)\b",
    re.IGNORECASE,
)
_QUESTION_START = re.compile(
    r"^(?:(?:hi|hello|dear \w+|thanks?|also|and|but|so|ok|okay|my question is|question)\W+)*"
    r"(?:what|whats|how|why|when|where|which|who|whom|is|are|am|can|could|does|do|did|will|would|"
    r"should|has|have|any|tell|please|pls|i(?:'d| would) (?:like|love|appreciate)|i (?:want|need|wish) to know|"
    r"i (?:am|m) (?:looking|searching|wondering|interested)|i wonder|looking for|seeking|need info|"
    r"information (?:on|about|regarding)|send)\b",
    re.IGNORECASE,
)
_AFTER_PREPOSITION = re.compile(r"\b(?:of|for|about|with|on|regarding|from|cause|causes|treat|cure)\W+$", re.IGNORECASE)
_COMPARISON = re.compile(
    r"\b(?:differen(?:ce|ces|tiate)|different (?:from|than|to)\b|different(?=\s*\?)|differ|distinguish|compare[ds]?|comparison|versus|vs|same thing|"
    r"tell (?:them|the two) apart)\b",
    re.IGNORECASE,
)

_COORDINATED = re.compile(r"\s*(?:,|&|/|\band\b|\bor\b|,\s*and\b|,\s*or\b)\s*", re.IGNORECASE)
# "Can A cause B?", "is A related to B?", "A with B": the question is about A, asked of B.
_LINKED = re.compile(
    r"\s*(?:(?:is|are|be|been) )?(?:(?:can|could|does|do|did|will|would|may|might) )?"
    r"(?:related to|linked to|tied to|associated with|connected (?:to|with)|a cause of|caus(?:e|es|ed|ing)|"
    r"affect(?:s|ed|ing)?|lead(?:s|ing)? to|led to|trigger(?:s|ed)?|worsen(?:s|ed)?|make(?:s)? worse|with)"
    r"(?: (?:the|a|an|my|his|her|their|any|some))?\s*",
    re.IGNORECASE,
)

_CAUSED_BY = re.compile(
    r"\s*(?:(?:is|are|was|were|that is|which is)\s+)?(?:due to|caused by|because of|resulting from|secondary to|from)"
    r"(?:\s+(?:the|a|an|my|his|her|their|severe|chronic|acute))*\s*",
    re.IGNORECASE,
)

_MEANS_FOR = re.compile(
    r"\s*(?:for(?:\s+(?:the\s+)?treat(?:ment|ing)(?:\s+of)?)?|to\s+(?:treat|help|relieve|cure)"
    r"|(?:(?:can|could|does|do|will|would|might|may)\s+)?(?:help|helps|treat|treats|relieve|cure)(?:\s+with)?)"
    r"(?:\s+(?:the|a|an|my|his|her|their))*(?:\s+[a-z]+)?\s*",
    re.IGNORECASE,
)

# "cramps aside from potassium": the name after it is what the question sets aside.
_OTHER_THAN = re.compile(
    r"\s*,?\s*(?:aside from|apart from|other than|besides|instead of|rather than)\s*", re.IGNORECASE
)


# Each message is read by three NLU components and then the answering action: the readings of a
# text are remembered, not done again.
@lru_cache(maxsize=1024)
def parts(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of the subject line (if any) and of each sentence, in order."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return tuple(spans)


SUBJECT_MAX_WORDS = 12
HEADING_MAX_WORDS = 6  # a first sentence without a verb, as a heading: "Support groups for children with lupus."
_TELLER = re.compile(r"\b(?:i|im|my|we|our)\b", re.IGNORECASE)  # "I m 33 year old." tells, not heads
# Enough of English's everyday verbs to tell "Hereditary angioedema." from "My son has lupus."
_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|am|has|have|had|do|does|did|can|could|will|would|should|may|might|must|"
    r"get|gets|got|feel|feels|felt|take|takes|took|think|know|want|need|suffer|suffers|suffered|"
    r"diagnosed|told|said|says|started|went|came|made|help|thank|thanks|hi|hello|dear)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1024)
def subject_span(text: str) -> tuple[int, int] | None:
    """The subject line: "SUBJECT: ...", a short first line that is not a question, or a short
    first sentence with no verb of its own before the message goes on ("Hereditary angioedema.")."""
    match = _SUBJECT.match(text)
    if match:
        return match.span("subject")
    first, newline, rest = text.partition("\n")
    words = first.split()
    if newline and rest.strip() and 0 < len(words) <= SUBJECT_MAX_WORDS and not first.rstrip().endswith("?"):
        return (0, len(first.rstrip().rstrip(".!")))
    spans = parts(text)
    if len(spans) > 1:
        start, end = spans[0]
        sentence = text[start:end].strip()
        verbless = not _VERB.search(sentence)
        told = _MESSAGE_LABEL.match(sentence) or _TELLER.search(sentence)
        if (
            len(sentence.split()) <= HEADING_MAX_WORDS
            and sentence.endswith(".")
            and verbless
            and not told
            and not _QUESTION_START.match(sentence)
        ):
            return (start, start + len(text[start:end].rstrip().rstrip(".")))
    return None


# Told, not asked, where no question mark says otherwise: "When I was eleven months old I had a
# fever...", "Has weak arms and his hands curl inward."
_TOLD_START = re.compile(
    r"^(?:when (?:i|he|she|we|they|it|my \w+|our \w+|his \w+|her \w+) (?:was|were|had|got|went|came|started|turned)\b|"
    r"(?:has|have|had) (?!(?:anyone|anybody|someone|there|it|this|that|these|he|she|they|you|i|we|the|a|an|any|"
    r"your|my|his|her|our|their)\b))",
    re.IGNORECASE,
)


def is_question(sentence: str) -> bool:
    label = _MESSAGE_LABEL.match(sentence)
    stripped = sentence[label.end() if label else 0 :].strip()
    return (
        stripped.endswith("?")
        or (_QUESTION_START.match(stripped) is not None and _TOLD_START.match(stripped) is None)
        or _REQUEST_ANYWHERE.search(stripped) is not None
    )


@lru_cache(maxsize=1024)
def question_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of the sentences that ask something (the subject line is not one of them)."""
    subject = subject_span(text)
    found = []
    for start, end in parts(text):
        if subject and start < subject[1] and end > subject[0]:
            start = max(start, subject[1])  # the part after the subject on the same line
        if is_question(text[start:end]):
            found.append((start, end))
    return tuple(found)


def is_long(text: str) -> bool:
    """More than one sentence, or a subject line: a message to read part by part."""
    return len(parts(text)) > 1 or subject_span(text) is not None


@cache
def _specific(words: tuple[str, ...]) -> bool:
    content = [w for w in words if w not in COMMON_WORDS]
    return len(content) > 1 or any(zipf_frequency(w, "en") < EVERYDAY_NAME_ZIPF for w in content)


def _within(mention: Mention, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= mention.start and mention.end <= end for start, end in spans)


NARROWER_BONUS = 0.5
SUBJECT_BONUS = 3.0
REPEATED_BONUS = 0.5
REPEATED_LIMIT = 1.5
ASKING_CLAUSE_BONUS = 0.5
ECHO_BONUS = 1.0
DIAGNOSED_BONUS = 1.0
# "they told me its a Parkinson desease", "diagnosed with CP (hypotonic form)": the name a doctor
# gave is what the story's complaints ("tremors", "hypotonia") are about.
_DIAGNOSED = re.compile(
    r"\b(?:(?:diagnosed|diagnosis|dx|found|detected)\s+(?:with|of|as|to (?:have|be))|"
    r"(?:told|said|says|confirmed)\s+(?:(?:me|him|her|us|them|that)\s+)*"
    r"(?:(?:it|this|he|she|i|they|we|my \w+)\s*(?:'s|s|is|was|has|had|have)|its))"
    r"(?:\s+(?:a|an|the|stage \w+|early|mild|severe|chronic|acute|advanced))*\s*$",
    re.IGNORECASE,
)
_CLAUSE_BOUNDARY = re.compile(r"[,;:]|\bbut\b", re.IGNORECASE)


def _in_asking_clause(text: str, mention: Mention, questions: Sequence[tuple[int, int]]) -> bool:
    """Whether a name is in the clause that ends with the question mark: "I know what A is, but
    how is B treated?" asks about B."""
    for start, end in questions:
        if start <= mention.start and mention.end <= end:
            rest = text[mention.end : end].rstrip()
            return rest.endswith("?") and not _CLAUSE_BOUNDARY.search(rest)
    return False


def _diagnosed(text: str, mention: Mention) -> bool:
    return _DIAGNOSED.search(text[max(0, mention.start - 40) : mention.start]) is not None


@cache
def _name_words(name: str) -> tuple[str, ...]:
    return tuple(w for w, _, _ in words_with_spans(name) if w not in COMMON_WORDS)


def focus(text: str, mentions: Sequence[Mention], prior: Mapping[str, float] | None = None) -> Focus:
    """The conditions a message names, the one its question is about first (see the docstring).
    `prior` adds to a name's score what the caller knows of it (the answers favour a condition
    they have text for over a name they only know)."""
    mentions = _named_again(text, mentions, prior or {})
    names = list(dict.fromkeys(m.name for m in mentions))
    if len(names) < 2:
        return Focus(tuple(names), decided=bool(names))
    questions = question_spans(text)
    core = question_core(text)
    subject = subject_span(text)
    scores: dict[str, float] = {name: (prior or {}).get(name, 0.0) for name in names}
    best: dict[str, float] = dict.fromkeys(names, 0.0)
    in_subject: dict[str, float] = dict.fromkeys(names, 0.0)
    again: dict[str, float] = dict.fromkeys(names, -REPEATED_BONUS)
    first_asked: dict[str, int] = {}
    for mention in mentions:
        words = tuple(w for w, _, _ in words_with_spans(text[mention.start : mention.end]))
        asked = 3.0 if core and _within(mention, [core]) else 2.0 if _within(mention, questions) else 0.0
        score = (
            (2.0 if _specific(words) else 0.0)
            + asked
            + (1.0 if asked and _AFTER_PREPOSITION.search(text[max(0, mention.start - 20) : mention.start]) else 0.0)
            + (ASKING_CLAUSE_BONUS if _in_asking_clause(text, mention, questions) else 0.0)
            + (DIAGNOSED_BONUS if _diagnosed(text, mention) else 0.0)
        )
        # Named in the subject line and asked in the question: both count.
        if subject and _within(mention, [subject]):
            # less for a subject of everyday words ("Radiation therapy", "Mental health") than
            # for a name of its own: a heading over the condition the message then names
            everyday = all(zipf_frequency(w, "en") >= EVERYDAY_NAME_ZIPF for w in words if w not in COMMON_WORDS)
            in_subject[mention.name] = SUBJECT_BONUS / 2 if everyday else SUBJECT_BONUS
        best[mention.name] = max(best[mention.name], score)
        # Named again: a little more each time, up to a limit ("RP" five times beside "stem cells" once).
        again[mention.name] = min(again[mention.name] + REPEATED_BONUS, REPEATED_LIMIT)
        if asked:
            first_asked.setdefault(mention.name, mention.start)
    # Names joined by "and", "or" or a comma ("symptoms of polio and stroke") are asked alike.
    coordinated: set[frozenset[str]] = set()
    for first, second in zip(mentions, mentions[1:], strict=False):
        if first.name != second.name and _COORDINATED.fullmatch(text[first.end : second.start]):
            best[first.name] = best[second.name] = max(best[first.name], best[second.name])
            coordinated.add(frozenset((first.name, second.name)))
    for name in names:
        scores[name] += best[name] + in_subject[name] + again[name]
    # "...still gets leg cramps. What can she do to stop the cramps?": a word of a name, asked
    # again on its own in the main question, tells which one is asked.
    for name in _echoed(text, mentions, core):
        scores[name] += ECHO_BONUS
    # "Anxiety" beside "Generalized anxiety disorder", "Poisoning" beside "bleach" (Sodium
    # hypochlorite poisoning): the longer name says which one, and what is asked of either is asked of it.
    name_words = {name: set(_name_words(name)) for name in names}
    for broad in names:
        for narrow in names:
            if broad != narrow and name_words[broad] and name_words[broad] < name_words[narrow]:
                scores[narrow] = max(scores[narrow], scores[broad] + NARROWER_BONUS)
    # "hearing loss due to Alport's disease", "chronic pain from shingles": what is asked of the
    # complaint is asked of the condition that causes it. Likewise of a test or a treatment and
    # what it is for: "genetic testing for Williams syndrome", "can botox help paralysis".
    for first, second in zip(mentions, mentions[1:], strict=False):
        gap = text[first.end : second.start]
        if first.name != second.name and (_CAUSED_BY.fullmatch(gap) or _MEANS_FOR.fullmatch(gap)):
            scores[second.name] = max(scores[second.name], scores[first.name] + NARROWER_BONUS)
        elif first.name != second.name and _OTHER_THAN.fullmatch(gap):
            scores[first.name] = max(scores[first.name], scores[second.name] + NARROWER_BONUS)
    ranked = sorted(names, key=lambda n: (-scores[n], first_asked.get(n, len(text) + names.index(n))))
    decided = scores[ranked[0]] > scores[ranked[1]]
    if not decided:
        linked = _linked_subject(text, mentions, questions or [(0, len(text))])
        if linked in ranked[:2]:
            ranked.remove(linked)
            ranked.insert(0, linked)
            decided = True
    # "the difference between A and B", or a question asked of both alike ("symptoms of A and
    # B?", "is there a link between A and B?"): both are answered, one after the other.
    both = not decided and len(names) == 2 and frozenset(names) in coordinated
    if both or any(_COMPARISON.search(text[s:e]) for s, e in questions or [(0, len(text))]):
        pair = sorted(ranked[:2], key=lambda n: min(m.start for m in mentions if m.name == n))
        return Focus((*pair, *ranked[2:]), decided=True, compared=True)
    return Focus(tuple(ranked), decided=decided)


_DEFINITE = re.compile(r"\b(?:the|this|that|these|those|such an?|such)\s+(?:[a-z]+\s+)?$", re.IGNORECASE)
DEFINITE_WINDOW = 30  # characters before a name where "the", "such a large" is looked for


def _broader(later: tuple[str, ...], earlier: tuple[str, ...]) -> bool:
    """One word, more everyday than each word of the other name ("tumor" after "teratoma")."""
    return (
        len(later) == 1
        and later[0] not in earlier
        and all(zipf_frequency(later[0], "en") > zipf_frequency(word, "en") for word in earlier)
    )


def _named_again(text: str, mentions: Sequence[Mention], prior: Mapping[str, float]) -> list[Mention]:
    """The mentions, with an everyday word that names again the more specific name before it as
    that one: right after it ("sacrococcygeal teratoma tumor", "AML cancer", "hip replacement
    surgery"), or after a name of two words or more with "the" or "this" ("...had surgery to
    remove the tumor"). Not after a name the knowledge base knows less of ("pregabalin" ...
    "will it help the pain?": the pain is not the medicine's)."""
    words = [tuple(w for w, _, _ in words_with_spans(text[m.start : m.end]) if w not in COMMON_WORDS) for m in mentions]
    read: list[Mention] = []
    for i, mention in enumerate(mentions):
        definite = _DEFINITE.search(text[max(0, mention.start - DEFINITE_WINDOW) : mention.start]) is not None
        for j in range(i - 1, -1, -1):
            before = mentions[j]
            adjacent = j == i - 1 and not text[before.end : mention.start].strip(" -")
            if not (adjacent or (definite and len(words[j]) > 1)):
                continue
            if (
                before.name != mention.name
                and prior.get(before.name, 0.0) >= prior.get(mention.name, 0.0)
                and _broader(words[i], words[j])
            ):
                mention = Mention(before.name, mention.start, mention.end)
            break
        read.append(mention)
    return read


def _echoed(text: str, mentions: Sequence[Mention], core: tuple[int, int] | None) -> set[str]:
    """The names one of whose own words (no common one) the main question says outside any name."""
    if core is None:
        return set()
    named = [(m.start, m.end) for m in mentions]
    asked = {
        word
        for word, start, end in words_with_spans(text[core[0] : core[1]])
        if word not in COMMON_WORDS and not any(s <= start + core[0] < e for s, e in named)
    }
    return {
        m.name
        for m in mentions
        if asked.intersection(w for w, _, _ in words_with_spans(text[m.start : m.end]) if w not in COMMON_WORDS)
    }


def _linked_subject(text: str, mentions: Sequence[Mention], questions: Sequence[tuple[int, int]]) -> str | None:
    """The first of two names that a question links ("can A cause B?", "A with B"): its subject."""
    for first, second in zip(mentions, mentions[1:], strict=False):
        if (
            first.name != second.name
            and _within(first, questions)
            and _LINKED.fullmatch(text[first.end : second.start])
        ):
            return first.name
    return None


_PERSONAL = re.compile(
    r"\b(?:(?:do|does|did|could|might|may) (?:i|we|he|she|they|my \w+) (?:have|has|be getting|got)\b(?! to\b)"
    # "do they have more of a chance of getting it?" asks a risk, not for a diagnosis
    r"(?! (?:(?:a|an|any|more|less|of|the|higher|greater|increased|bigger|big|high|low|lower|same)\s+)*"
    r"(?:chance|chances|risk|risks|likelihood|odds|probability)\b)|"
    r"(?:do|does) you think (?:i|he|she|they|we|my \w+|it|this|that) (?:have|has|had|is|am|are|was|could|might|will)\b|"
    r"(?:could|might) (?:this|it|that|these|they) be\b(?! (?:cured|treated|prevented|passed|inherited|spread|caught|"
    r"avoided|reversed|managed|stopped|fatal|contagious|dangerous|serious|hereditary|genetic))|"
    r"(?:is|are) (?:this|these|it) (?:a sign|signs|symptoms?) of\b|"
    r"(?:can|could) you (?:tell|say|confirm) (?:me )?(?:if|whether|that) (?:i|he|she|my \w+|it|this)\b|"
    r"(?:am i|is (?:he|she|my \w+)) (?:sick|going to (?:die|get|have)|dying|(?:mal)?nourished)\b|"
    r"should (?:i|we|he|she|my \w+) (?:stop|start|take|keep taking|quit|continue|change|switch|skip|lower|raise|"
    r"increase|reduce|cut|come off|go off|try)\b|"
    r"(?:is it|would it be) (?:safe|ok|okay|wise|alright|dangerous) for (?:me|him|her|us|my \w+)\b|"
    r"(?:diagnose|tell me what is wrong with) (?:me|him|her|it|this|that|my \w+)|what (?:do|does) (?:i|he|she|my \w+) have\b|"
    r"what (?:is|could be|might be|can be) wrong with (?:me|him|her|my \w+)|(?:mean|means) (?:i|he|she|my \w+) (?:have|has|had)\b|"
    # asking for the bot's own judgement of the case: "I'd like your honest opinion", "yes or no"
    r"your (?:honest |own |personal )?opinion|(?:know|hear|tell me) what you think|yes or no|straight answer)",
    re.IGNORECASE,
)
_YES_NO = re.compile(r"^(?:is|are|can|could|does|do|did|will|would|should|has|have|may|might)\b", re.IGNORECASE)
_REQUEST = re.compile(
    r"^(?:(?:can|could|would|will) you|is there (?:any|some|more)? ?(?:information|info|literature|material|help)|"
    r"do you (?:have|know)|are there any (?:information|resources|materials))\b",
    re.IGNORECASE,
)


def asks_personal(text: str) -> bool:
    """Whether a question asks for a personal diagnosis or a personal decision ("do I have X?",
    "should I stop my pills?"), which the bot does not give."""
    return any(_PERSONAL.search(text[start:end]) for start, end in question_spans(text) or [(0, len(text))])


def asks_only_personal(text: str) -> bool:
    """Whether the main question is the personal one: the general answer is then the overview."""
    return _PERSONAL.search(main_question(text)) is not None


def yes_no_questions(text: str) -> list[str]:
    """The question sentences that ask yes or no ("is X contagious?", "can adults get X?"),
    not requests phrased as questions ("can you tell me about X?", "is there information on X?")."""
    found = []
    for start, end in question_spans(text) or [(0, len(text))]:
        sentence = re.sub(r"^\W*(?:(?:hi|hello|also|and|but|so|ok|okay)\W+)*", "", text[start:end], flags=re.IGNORECASE)
        if _YES_NO.match(sentence) and not _REQUEST.match(sentence):
            found.append(sentence)
    return found


_INFORMATION_REQUEST = re.compile(
    r"\b(?:where (?:can|could|do|should) (?:i|we|one) (?:find|get|read|look|learn)|"
    r"(?:anything|everything|all|whatever) (?:you (?:have|know|can (?:tell|send)))|read up on|learn (?:more )?about|"
    r"(?:information|info|literature|material|resources|details) (?:on|about|regarding|over|concerning)|"
    r"tell me (?:more )?about|explain\b)",
    re.IGNORECASE,
)


def _content(text: str) -> list[str]:
    return [w for w, _, _ in words_with_spans(text) if w not in COMMON_WORDS and w not in REQUEST_WORDS]


def _asks_a_section(sentence: str) -> bool:
    return without_section_words(sentence) != sentence.lower()


@lru_cache(maxsize=1024)
def question_core(text: str) -> tuple[int, int] | None:
    """The span of the sentence a long message asks its main question in, for the intent model,
    which learnt from single questions; None for a message of one sentence, or with no question.

    The main question is the first that asks for something a section holds ("what are the
    treatments?") or names at least two things ("how many people get ALS?"), a general one before
    a personal one ("do you think I have X?"); where every question is a bare request ("Can you
    please help me?", "Any help?"), the whole message is all there is to read."""
    if not is_long(text):
        return None
    decent = [(s, e) for s, e in question_spans(text) if _asks_a_section(text[s:e]) or len(_content(text[s:e])) >= 2]
    # "Do you think I have X? What are its symptoms?": the general question is the one to read.
    general = [(s, e) for s, e in decent if not _PERSONAL.search(text[s:e])]
    # "I'd like to ask you a question as I've had X for years. Is there a treatment?": the
    # question that asks a section in so many words before one that only names things.
    asking = [(s, e) for s, e in general if asked_sections(text[s:e])]
    return _trimmed(text, (asking or general or decent)[0]) if decent else None


def main_question(text: str) -> str:
    """The sentence of the main question (`question_core`), or the whole message."""
    core = question_core(text)
    return text[core[0] : core[1]] if core else text


_HELP = re.compile(
    r"\b(?:help|advi[cs]e|suggest\w*|solutions?|remed(?:y|ies)|cure|relief|medicines?|medications?|"
    r"what (?:can|should|could) (?:i|we|he|she) do|get (?:rid of|better)|treat\w*)\b",
    re.IGNORECASE,
)


def asks_for_help(text: str, read_as_question: bool = False) -> bool:
    """Whether a long message whose questions say nothing of what is asked ("Please help me",
    "any suggestions?") asks for help with the condition: what helps it, its treatment. A story
    with no question at all that the caller reads as one (`read_as_question`: the intent model
    heard a question in it) asks for help where it speaks of help ("...searching for help!")."""
    if question_core(text) is not None or _HELP.search(text) is None:
        return False
    return read_as_question or bool(question_spans(text))


# "What should I do?", "please suggest a medicine", "how can I get rid of it": what helps, whatever
# words of the story the intent model heard.
_WHAT_HELPS = re.compile(
    r"\b(?:what (?:should|can|could|shall|must|do|would) (?:i|we|he|she|they|one|you) (?:do|try|take|use)\b|"
    r"what to do\b|what (?:are|is) (?:my|the|his|her|our) options|what (?:i|we|he|she) (?:have|has|need|needs|ought) to do\b|"
    r"how (?:should|can|do|could|would|to) (?:i |we |he |she |one |you )?go about\b|(?:anything|something) (?:i|we) (?:can|could) do\b|"
    r"(?:can|could|is there) (?:anything|something) (?:to )?be done\b|(?:anything|something) (?:that )?(?:can|could) be done\b|"
    r"(?:suggest|recommend|prescribe|advi[cs]e|give|provide)\w* (?:me |us |him |her )?(?:a |an |some |any |the |of )?"
    r"(?:good |best |effective |better )?(?:medicines?|medications?|drugs?|remed\w*|treatments?|cure|solutions?|"
    r"something (?:for|to))|"
    r"(?:any|some) (?:new |good |effective |other )?(?:medicines?|medications?|drugs?|remed\w*|cure|solutions?|therap\w*)\b|"
    r"(?:get rid of|overcome|to cure|to heal|relieve|to fix|clear (?:it |this |them )?up|deal with|cope with)\b|"
    r"(?:the|a|any|some) solutions? (?:to|for)\b|"
    r"how (?:can|do|could|should|to|would) (?:i |we |he |she |one |you )?(?:treat|cure|stop|get rid|reduce|lower|raise|deal|remove|"
    r"cope|overcome|heal|relieve|improve|manage|fix|control|fight|help|get better|bring (?:it |this )?(?:down|up))|"
    r"(?:please|pls|plz|kindly|can you|could you) (?:help|advi[cs]e|suggest|guide|recommend)|(?:advi[cs]e|guide) (?:me|us)\b|"
    r"(?:need|want|looking for|seeking|get|appreciate|give me|any) (?:your |some |any )?(?:help|advi[cs]e|suggestions?|guidance)\b|"
    # "is it possible that Brisdelle would help me?", "creams that have a good effect on it", "to kill the cancer"
    r"(?:would|will|could|can|might|may|does|do|did) (?:\w+ ){0,2}help (?:me|him|her|them|us|with|my|his|our|their|it|this)\b|"
    r"(?:positive|good|beneficial|healing) effects? (?:on|for|in)\b|take care of{1,2} (?:it|this|that|him|her|them)\b|"
    r"to kill (?:the |it\b|this\b|them\b)|(?:get|have|need|want) (?:it|this|them|that) (?:fixed|treated|removed|cured|repaired)\b|"
    # the words of treatment themselves, in a question that asks nothing else
    r"treat\w*|cur(?:e|es|ed|able|ing)\b|therap\w*|medicines?|medications?|drugs?|surg\w*|remed\w*|options\b)",
    re.IGNORECASE,
)
# What a question asks when it names another section beside what helps ("what can I do to prevent
# it?", "what can we do at home?", "which doctor should I see?").
_OTHER_SECTION = re.compile(
    r"\b(?:prevent\w*|avoid\w*|vaccin\w*|immuni[sz]\w*|protect\w*|symptoms?|signs?|caus\w*|why|tests?|testing|diagnos\w*|inherit\w*|heredit\w*|genetic\w*|"
    r"passed (?:on|down)|how long|prognos\w*|outlook|life expectancy|risks?|contagious|catch|spread|how common|how many|"
    r"at home|home|diet|eat\w*|foods?|doctors?|specialists?|surgeons?|hospitals?|clinics?|research\w*|trials?|stud(?:y|ies)|"
    r"types?|kinds?|stages?|again|what is|what are|information|info)\b",
    re.IGNORECASE,
)


def asks_what_helps(text: str) -> bool:
    """Whether the main question asks what helps the condition ("what should I do?", "please
    suggest a medicine", "how can I get rid of it?"), and no other section: its treatment. Where
    no sentence asks a section, any sentence that asks only that will do ("pls any drug for it")."""
    core = question_core(text)
    spans = [core] if core else parts(text)
    return any(
        _WHAT_HELPS.search(text[start:end]) is not None and _OTHER_SECTION.search(text[start:end]) is None
        for start, end in spans
    )


def without_mentions(text: str, mentions: Sequence[Mention]) -> str:
    """The text with the names of conditions blanked out: "end-stage kidney disease" asks
    nothing of stages."""
    for mention in mentions:
        if 0 <= mention.start < mention.end <= len(text):
            text = text[: mention.start] + " " * (mention.end - mention.start) + text[mention.end :]
    return text


def asked_section(text: str, mentions: Sequence[Mention] = ()) -> str | None:
    """The section a long message's question asks in so many words ("why?", "is there a cure?"),
    read from the main question, then the other questions, then the subject line, the first that
    asks any; None where none does, or where that one asks several ("what causes it and how is it
    treated?"), which the intent model weighs better. The names of conditions (`mentions`) ask
    nothing: "end-stage kidney disease" is no question about stages."""
    if not is_long(text):
        return None  # a single question is the intent model's to read: it learnt from such
    text = without_mentions(text, mentions)
    core = question_core(text)
    subject = subject_span(text)
    spans = [*([core] if core else []), *(span for span in question_spans(text) if span != core)]
    for start, end in [*spans, *([subject] if subject else [])]:
        keys = asked_sections(text[start:end])
        if keys:
            return next(iter(keys)) if len(keys) == 1 else None
    return None


# "What are the treatments for drop foot?": the words a single question asks a section of.
_ASKED_OBJECT = re.compile(
    r"\b(?:(?:treatments?|causes?|symptoms?|signs?|prognosis|outlook|information|info|tests?|diagnosis|cures?|"
    r"remed(?:y|ies)|risks?|complications?|research|types?)\s+(?:of|for|on|about|regarding)|what causes)"
    r"\s+(?P<name>[^?.!,;:()]+)",
    re.IGNORECASE,
)
_OBJECT_END = re.compile(
    r"\s+(?:and|or|including|in|after|with|during|for|at|from|to|that|which|when|if|while|since|because|"
    r"especially|specifically|you|i|we|he|she|they)\b",
    re.IGNORECASE,
)
# Longer than this is no name, but a story ("causes of the pain I get when I walk up the hill").
ASKED_NAME_MAX_WORDS = 8
ASKED_NAME_MAX_CHARS = 80
_OBJECT_START = re.compile(r"(?:(?:the|a|an|my|his|her|our|their|your)\s+)+", re.IGNORECASE)


def asked_name_span(text: str) -> tuple[int, int] | None:
    """Where a question names what it asks a section of ("What are the treatments for drop
    foot?": "drop foot"), whether or not a name of the knowledge base: the words to look up as a
    partial or misspelt name where no name is found. In a long message, only its main question
    (`question_core`) counts: its story holds many such phrases. None where it has none."""
    within = question_core(text) if is_long(text) else (0, len(text))
    match = _ASKED_OBJECT.search(text, *within) if within else None
    if match is None:
        return None
    start, end = match.span("name")
    cut = _OBJECT_END.search(text, start, end)
    end = cut.start() if cut else end
    lead = _OBJECT_START.match(text, start, end)
    start = lead.end() if lead else start
    while end > start and text[end - 1].isspace():
        end -= 1
    words = len(words_with_spans(text[start:end]))
    return (start, end) if 0 < words <= ASKED_NAME_MAX_WORDS and len(text[start:end]) <= ASKED_NAME_MAX_CHARS else None


_THIS_CONDITION = re.compile(r"\b(?:this|that) (?:disease|condition|illness|disorder|syndrome)\b", re.IGNORECASE)


def asks_about_a_mention(text: str, mentions: Sequence[Mention]) -> bool:
    """Whether a long message asks something of a condition it names in its subject line or in
    a sentence that asks ("frozen shoulder\nTen of us have had it. We wonder why?"): a story
    around a question, whatever the intent model made of it. A name only told in the story
    ("...my friend has diabetes.") does not make the message a question about it."""
    if not is_long(text):
        return False
    questions = question_spans(text)
    if not questions and not _HELP.search(text):
        return False
    subject = subject_span(text)
    asked = [*questions, *([subject] if subject else [])]
    if any(_within(mention, asked) for mention in mentions):
        return True
    # "I was diagnosed with SCA3. ...resources I may need on my journey through this disease?"
    return any(
        _THIS_CONDITION.search(text, start, end) and any(m.end <= start for m in mentions) for start, end in questions
    )


def asks_of_a_specific_name(text: str, mentions: Sequence[Mention]) -> bool:
    """Whether a single question names a condition by a name of its own rather than everyday
    words ("how is thrush transmitted?", "can adults develop Wolfram syndrome?", not "is a cold
    beer bad for you?"): a question about it, whatever else the model heard in it."""
    if is_long(text) or not is_question(text):
        return False
    return any(
        0 <= m.start < m.end <= len(text) and _specific(tuple(w for w, _, _ in words_with_spans(text[m.start : m.end])))
        for m in mentions
    )


def the_section_asked(text: str) -> str | None:
    """The one section a single question asks in so many words ("treatments of neck pain?"), or None."""
    keys = asked_sections(text)
    return next(iter(keys)) if len(keys) == 1 else None


def asks_for_information(text: str) -> bool:
    """Whether the main question asks for information on a condition and for nothing a section
    holds ("where can I find information on X?", "I'd appreciate anything you have on X")."""
    sentence = main_question(text)
    return _INFORMATION_REQUEST.search(sentence) is not None and not _asks_a_section(sentence)


def _trimmed(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    label = _MESSAGE_LABEL.match(text, start, end)
    if label:
        start = label.end()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
