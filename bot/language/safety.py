"""Deterministic detection of messages that describe a medical emergency happening now.

The bot checks every message with `detect_emergency` before anything else, and answers a hit with
an emergency reply instead of health information. Detection is a table of plain regular
expressions run over a normalised copy of the message:

* lower case, accents folded, curly apostrophes straightened and dropped ("I’m" -> "im",
  "dad's" -> "dads"), punctuation turned into single spaces;
* negations and a few contractions spelt one way ("can't", "cant", "cannot", "can not" -> "cant";
  "is not" -> "isnt"; "I am" -> "im"; "wanna" -> "want to").

The hard part is telling a report ("my dad's face is drooping") from an information question
("what is face drooping a sign of?"), which the bot must answer normally. Patterns that are
emergencies in any framing ("I want to kill myself", "I'm having a stroke") always fire. Patterns
made of a sign alone ("slurred speech", "choking", "overdosed") only fire when the message is
framed as happening now: it names a person (I, my, he, her, mom, baby, friend, someone...;
deliberately not the generic "you" of "can you die from...") or it is not phrased as an
information question at all (a bare "cant breath" or "blood everywhere" is a report).

Long messages are read clause by clause first (`_live_text`). The message is cut into sentences and
clauses, and the rules only see the clauses about now: a clause set in the past ("last year", "in
2019", "when he was born"), about a long-standing or already assessed complaint ("for years", "on and
off", "the doctors said") or asking for information about nobody in particular ("where can I find
information on...") is left out, and so is a past-tense clause that continues one of those. A clause
in the present tense, a sentence with a marker of now ("right now", "tonight", "is having") and, in a
message asking what to do, every clause without a marker of its own stay in: when unsure, a clause
stays in. Suicide is looked for in the whole message.

If several categories match, the first in `Emergency`'s order wins; SUICIDE comes first because it
needs a crisis line rather than (or as well as) emergency services.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from bot.language.normalization import normalize_name


class Emergency(str, enum.Enum):
    """The kind of emergency a message describes, in order of precedence."""

    SUICIDE = "suicide"
    STROKE = "stroke"
    HEART = "heart"
    BREATHING = "breathing"
    BLEEDING = "bleeding"
    POISONING = "poisoning"
    BURN = "burn"
    UNCONSCIOUS = "unconscious"


# --- normalisation ---------------------------------------------------------------------------------

# Apostrophe look-alikes that `normalize_name` would otherwise treat as word breaks ("can´t").
_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})

# Applied in order to the space-separated words, so patterns only need one spelling of each.
_REWRITES = [
    (re.compile(r"\b(\w+)n t\b"), r"\1nt"),  # "don t" left by an odd apostrophe
    (re.compile(r"\b(?:can not|cannot|cnt|carnt|cant t)\b"), "cant"),
    (re.compile(r"\bwill not\b"), "wont"),
    (re.compile(r"\b(is|are|was|were|do|does|did|could|would|should|has|have|had)\s+not\b"), r"\1nt"),
    (re.compile(r"\bi am\b|\bi m\b"), "im"),
    (re.compile(r"\b(he|she) is\b"), r"\1s"),
    (re.compile(r"\bthey are\b"), "theyre"),
    (re.compile(r"\bwanna\b"), "want to"),
    (re.compile(r"\bgonna\b"), "going to"),
    (re.compile(r"\bu\b"), "you"),
    (re.compile(r"\b(?:pls|plz)\b"), "please"),
]


def normalise_message(text: str) -> str:
    """Lower-cased, accent-folded words joined by single spaces, with one spelling per negation."""
    words = normalize_name(text.translate(_APOSTROPHES))
    for pattern, replacement in _REWRITES:
        words = pattern.sub(replacement, words)
    return words


# --- vocabulary shared by the patterns --------------------------------------------------------------


def _words(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


# People a report can be about. "you" is left out on purpose: it is the generic subject of
# information questions ("can you die from...", "what happens when you have a stroke").
_SELF = _words("i", "im", "ive", "me", "my", "myself", "mine", "we", "us", "our")
_THIRD = _words(
    "he",
    "hes",
    "him",
    "his",
    "himself",
    "she",
    "shes",
    "her",
    "hers",
    "herself",
    "they",
    "theyre",
    "them",
    "their",
    "themselves",
)
_KIDS = _words(
    r"bab(?:y|ys|ies)",
    r"child(?:s|ren)?",
    r"kids?",
    r"toddlers?",
    r"infants?",
    r"newborns?",
    r"sons?",
    r"daughters?",
    r"boys?",
    r"girls?",
    r"grand(?:son|daughter)s?",
    r"nephews?",
    r"nieces?",
)
_OTHERS = _words(
    _KIDS,
    r"mo(?:m|mmy|ther)s?",
    r"mu(?:m|mmy)s?",
    r"da(?:d|ddy)s?",
    r"fathers?",
    r"parents?",
    r"brothers?",
    r"sisters?",
    r"husbands?",
    r"hubby",
    r"wife",
    r"wifes",
    r"partners?",
    r"(?:boy|girl)friends?",
    r"bf",
    r"gf",
    r"fiancee?s?",
    r"friends?",
    r"freinds?",
    r"grand(?:ma|pa|mother|father|dad)s?",
    r"granny",
    r"nana",
    r"nan",
    r"granddads?",
    r"uncles?",
    r"aunt(?:ie)?s?",
    r"cousins?",
    r"(?:room|flat|house|class)mates?",
    r"neighbou?rs?",
    r"coworkers?",
    r"colleagues?",
    r"someone",
    r"somebody",
    r"strangers?",
)
_PERSON = _words(_SELF, _THIRD, _OTHERS)
_PERSON_3RD = _words(_THIRD, _OTHERS)  # someone else: "he won't wake up" (but not "I can't wake up")

# Words that may sit between a subject and "having a stroke" without changing who has it:
# "my dad is having", "I think I'm having", "he could be having". Deliberately not "of", so
# "my risk of having a stroke" stays a question.
_BE = _words(
    "is",
    "am",
    "are",
    "was",
    "s",
    "be",
    "been",
    "just",
    "actually",
    "literally",
    "currently",
    "now",
    "right",
    "probably",
    "possibly",
    "maybe",
    "definitely",
    "think",
    "thinks",
    "i",
    "im",
    "he",
    "hes",
    "she",
    "shes",
    "might",
    "may",
    "could",
    "must",
    "also",
    "really",
    "like",
    "seems",
    "seem",
    "to",
)

_NOT = _words(
    "not",
    "isnt",
    "arent",
    "wasnt",
    "werent",
    "aint",
    "dont",
    "doesnt",
    "didnt",
    "wont",
    "cant",
    "couldnt",
    "hasnt",
    "havent",
    "never",
    "no longer",
)
_ANY = r"(?:\w+ )"  # one arbitrary word, used as _ANY{0,3} for "a few words in between"

_STROKE = _words("stroke", "strok", "stoke", "stroak", "storke", "stroek", "tia")
_HEART_ATTACK = _words(r"(?:heart|hart|heard) ?(?:attack|attak|atack|attach|attck|atak)\w*")
_BREATHE = _words(r"br[ea]{1,2}th\w*", r"breat\w*", r"breahte?", r"brething")
_BLEED = _words(r"(?:nose ?)?ble{1,2}d\w*", r"blead\w*")
_MEDS = _words(
    r"pills?",
    r"tablets?",
    r"capsules?",
    r"meds",
    r"medicines?",
    r"medications?",
    r"drugs",
    r"painkillers?",
    "pain killers",
    "tylenol",
    "paracetamol",
    "acetaminophen",
    "ibuprofen",
    "advil",
    "aspirin",
    "insulin",
    "xanax",
    r"opioids?",
    r"oxy\w*",
    "fentanyl",
    "heroin",
    "vicodin",
    "percocet",
    r"antidepressants?",
    "benadryl",
    "melatonin",
    r"vitamins?",
    "sleeping",
    r"prescriptions?",
    r"doses?",
    "gummies",
)
_TOXIC = _words(
    "bleach",
    r"poison\w*",
    r"chemicals?",
    "antifreeze",
    "anti freeze",
    "detergent",
    r"(?:laundry |tide |dishwasher |detergent )?pods?",
    r"(?:drain|oven|toilet|window|floor) cleaner",
    r"cleaning (?:product|fluid|spray|solution)s?",
    r"disinfectant",
    "lysol",
    "windex",
    "ammonia",
    "lye",
    r"(?:pest|insect|herb)icides?",
    r"weed ?killer",
    "roundup",
    "bug spray",
    "lighter fluid",
    "gasoline",
    "petrol",
    "kerosene",
    "paint thinner",
    "turpentine",
    "nail polish remover",
    "acetone",
    r"batter(?:y|ies)",
    r"magnets?",
    "mercury",
    "nicotine",
    "vape juice",
    "e liquid",
    "hand sanitizer",
    "rubbing alcohol",
    "methanol",
    r"essential oils?",
)

# Words that describe a sign as long-standing or slowly worsening, which a stroke sign is not.
_LONG_STANDING = (
    r"\b(?:gradual\w*|slowly|progressive\w*|for (?:weeks|months|years)|years ago"
    r"|over (?:the )?(?:past |last )?(?:few |several )?(?:weeks|months|years)"
    r"|(?:getting|got|become|becoming|gets) (?:more |increasingly |a bit |a little )?"
    r"(?:slurred|weak\w*|worse|droop\w*|numb\w*)"
    r"|(?:since|after|from) (?:his|her|my|their|the|an?) (?:old |last |previous )?"
    r"(?:stroke|surgery|injury))\b"
)

# Pain or pressure placed in the chest: "pressure in his chest", "a band of pain across her chest",
# "crushing pain in the middle of my chest".
_PAIN_IN_CHEST = (
    r"(?:pain|pains|pressure|tightness|heaviness|squeezing|ache|aching|discomfort) (?:in|on|across|around"
    r"|through) (?:the (?:middle|centre|center|front|left side|left|right side) of )?(?:my|his|her|their|the) chest"
)

_SEIZURE = _words(r"s[ei]{1,2}z(?:ure|er|ur)s?", r"seazures?", "seizing", "siezing", "fitting", r"convuls\w*")

# Phrases that put a person into an information question without making it a report
# ("tell me about...", "I want to know...", "can someone explain...").
_META = re.compile(
    r"\b(?:(?:tell|give|show|teach|remind|explain to|help) (?:me|us)"
    r"|let me know"
    r"|i (?:want|need|would like|d like|wanted|am trying|m trying) to (?:know|learn|understand|find out|ask)"
    r"|id like to (?:know|learn|understand|ask)"
    r"|(?:i|im) (?:was |am )?wonder(?:ing)?|im curious|i have a question|my question"
    r"|(?:can|could|may) i ask|i (?:heard|read|saw)"
    r"|(?:can|could) (?:someone|somebody) (?:explain|tell|help)|for me)\b"
)
_HAS_PERSON = re.compile(rf"\b{_PERSON}\b")

# Openers of information questions, after greetings and fillers are skipped.
_FILLER = re.compile(
    r"^(?:(?:hey|hi|hello|ok|okay|so|and|but|also|um|uh|well|quick|question|yo|hmm|please|doc|bot)\b ?)*"
)
_QUESTION_OPENER = re.compile(
    r"(?:what|whats|how|hows|why|when|where|which|who|whose|is|are|was|were|can|could|does|do|did"
    r"|should|would|will|may|might|tell|explain|define|describe|list|give|show|info|information"
    r"|any|difference|compare|facts?|learn|curious)\b"
)
# Words of an information request anywhere in a message without a person: "overdose symptoms".
_INFO_WORDS = re.compile(
    r"\b(?:symptoms?|signs?|causes?|causing|treat\w*|diagnos\w*|risks?|prevent\w*|means?|meaning"
    r"|definition|recover\w*|prognosis|outlook|complications?|types?|tests?|happens|affects?)\b"
)


# Asking what to do is asking for first aid, even without a person: "what to do for choking".
_WHAT_TO_DO = re.compile(r"\bwhat (?:to|do i|do we|should i|should we|can i) do\b")


def _framed_as_now(text: str) -> bool:
    """True unless the message reads as a general information question about nobody in particular."""
    if _HAS_PERSON.search(_META.sub(" ", text)) or _WHAT_TO_DO.search(text):
        return True
    filler = _FILLER.match(text)
    rest = text[filler.end() :] if filler else text
    return not (_QUESTION_OPENER.match(rest) or _INFO_WORDS.search(text))


# --- reading a long message clause by clause --------------------------------------------------------
#
# A long message is cut into sentences (at . ! ? ; and line breaks) and each sentence into clauses
# (at commas, colons, brackets and dashes, and before "because" or an "and"/"but"/"so"/"then" that
# starts a new subject). A clause is background, and left out when the rules are matched, when:
#
# * it is set in the past: "last year", "in 2019", "two years ago", "when he was born", "as a
#   child", "after my burn healed";
# * it describes something long-standing or already assessed: "for years", "on and off", "sometimes",
#   "a few times a week", "when I exercise", "since his stroke", "the doctors said", "diagnosed";
# * it asks for information about nobody in particular: "where can I find information on...",
#   "how is carbon monoxide poisoning treated", "what are the signs that someone has overdosed".
#
# A clause without a marker of its own takes its time from the clause before it in the same sentence
# when it is not in the present tense ("when my son was born, he stopped breathing"), and a
# sentence that starts with "it was" or "that was" continues the past of the sentence before; but
# not in a message that asks what to do or calls for help. A clause in the present tense starts
# afresh ("he had a heart attack last year and he can't breathe"). A sentence is read whole again
# when a clause that stays in tells of a change ("...for years, but now it is crushing", "again",
# "worse") or, after a long-standing clause, starts with "it" or "this". A sentence with a marker of
# now ("right now", "tonight", "ten minutes ago", "is having", "is choking", "has been seizing") is
# read whole, whatever else it says, except for a clause that opens as a general question ("what
# are the signs that someone is having a stroke"). A clause asking what to do always stays in.
# When unsure, a clause stays in: the markers are lists of plain phrases, never guesses.

_NUMBER = _words(
    r"\d+",
    "a",
    "an",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "few",
    "a few",
    "several",
    "many",
    "some",
    "couple of",
    "a couple of",
)
_MONTH = _words(
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

# An event set in the past, well before now. Deliberately not "yesterday", "last night" or "two days
# ago": an overdose or a head injury from yesterday can still be an emergency.
_PAST = re.compile(
    r"\b(?:last|past|previous) (?:week|month|year|decade|spring|summer|autumn|fall|winter|christmas|easter)\b"
    rf"|\b(?:{_NUMBER} )?(?:weeks?|months?|years?|decades?) ago\b"
    rf"|\b(?:in|back in|during|since|around|from|until|of|early|late|mid) (?:(?:early|late|mid|the|{_MONTH}) )?"
    r"(?:19|20)\d\ds?\b"
    r"|\bback (?:in|when|then)\b|\bin the past\b|\bpreviously\b|\bhistory of\b|\bused to\b|\bat birth\b"
    r"|\bas an? (?:child|kid|baby|toddler|teen\w*|student|youngster|boy|girl|newborn|infant)\b"
    r"|\bwhen (?:\w+ ){1,3}(?:was|were) (?:born|little|young|younger|small|\d+|(?:a |an )?(?:baby|babies"
    r"|child|children|kids?|toddlers?|teen\w*|newborn|student|infant)|in (?:school|college|high school"
    r"|university|the nicu))\b"
    r"|\b(?:healed|recovered|survived|survivor|was discharged)\b"
)

# Something long-standing, recurring, or already seen by a doctor.
_CHRONIC = re.compile(
    r"\bfor (?:the )?(?:past |last )?(?:\w+ )?(?:weeks|months|years|decades|ages|a long time|as long as)\b"
    r"|\bover (?:the )?(?:past |last )?(?:\w+ )?(?:weeks?|months?|years?|decades?)\b"
    r"|\b(?:on and off|off and on|comes and goes|come and go|from time to time|now and (?:then|again)"
    r"|every so often|once in a while)\b"
    r"|\b(?:chronic\w*|long ?term|long ?standing|lifelong|recurr\w*)\b"
    r"|\b(?:always|usually|often|sometimes|occasionally|frequently|regularly|normally|typically"
    r"|tends? to)\b"
    r"|\b(?:\w+ )?times? (?:a|per|each|every) (?:day|night|week|month|year)\b"
    r"|\bevery (?:day|night|morning|evening|week|month|year|time)\b|\bmost (?:days|nights)\b"
    r"|\beach time\b|\bwhenever\b|\bever since\b|\bsince then\b|\ball (?:my|his|her|their) li(?:fe|ves)\b"
    r"|\bsince (?:childhood|birth|(?:i|he|she|they|we) (?:was|were)|(?:his|her|my|their|the) (?:\w+ )?"
    r"(?:stroke|surgery|injury|accident|diagnosis|operation|birth|childhood|teens))\b"
    r"|\b(?:was|been|were|got|is|are|being) diagnosed\b|\bdiagnosed (?:with|as)\b|\bdiagnosis\b"
    r"|\b(?:doctors?|gp|cardiologist|neurologist|specialist|consultant|physio\w*|therapist|dermatologist"
    r"|paediatrician|pediatrician|surgeon) (?:\w+ ){0,2}(?:said|says|told|thinks?|believes?|confirmed"
    r"|diagnosed|checked|examined|explained|called it|is aware|are aware|knows?)\b"
    r"|\b(?:checked|examined|investigated|assessed|evaluated) (?:by|at|in)\b"
    r"|\bwhen(?:ever)? (?:i|he|she|we|they|you) (?:\w+ )?(?:exercises?|runs?|walks?|climbs?|eats?|lies"
    r"|lie down|coughs?|bends?|sleeps?|laughs?|swims?|works?|plays?|lifts?|stands?|gets? up|wakes? up"
    r"|exert\w*|strain\w*|(?:am|is|are|get|gets) stressed)\b"
)

# A sentence with one of these is read whole, past and chronic markers notwithstanding.
_NOW = re.compile(
    r"\b(?:right now|just now|as we speak|at (?:this|the) (?:moment|minute)|this (?:minute|second|instant"
    r"|one|time)|tonight|today|this (?:morning|afternoon|evening)"
    rf"|(?:{_NUMBER} |half an )?(?:seconds?|minutes?|mins?|hours?|hrs?) ago"
    r"|just (?:had|took|taken|swallowed|ate|drank|fell|went|got|started|stopped|collapsed|passed|fainted"
    r"|cut|burned|burnt|scalded|choked|overdosed|keeled|slumped|vomited|threw|happened|told|called|found"
    r"|noticed)"
    r"|(?:is|am|are|im|hes|shes|theyre|its) (?!been )(?:\w+ )?(?:having|choking|bleeding|slurring|drooping"
    r"|seizing|fitting|convulsing|gasping|turning|vomiting|throwing|sweating|collapsing|struggling|losing"
    r"|dying|spurting|gushing|pouring|swelling|wheezing|unconscious|unresponsive|blue)"
    r"|been (?:\w+ )?(?:seizing|fitting|convulsing|choking|gasping|vomiting|unconscious|unresponsive)"
    r"|isnt (?:\w+ )?(?:breathing|responding|waking|moving))\b"
)

# A clause that stays in and says this: the sentence is read whole ("...for years, but now it's crushing").
_TURN = re.compile(r"\b(?:now|suddenly|worse|worst|different|new|again|anymore|any more)\b")
_REFERS_BACK = re.compile(r"^(?:(?:and|but|so|then) )?(?:it|its|this|they|theyre)\b")
# A message that asks what to do or calls for help: no clause takes the past of another.
_URGENT = re.compile(
    rf"{_WHAT_TO_DO.pattern}|\b(?:please help|help (?:me|us|him|her|them|please)|please advise|urgent\w*"
    r"|emergency|hurry|asap|ambulance|paramedics|911|999|112)\b|^help\b"
)

# A present-tense verb: a clause with one does not take the past of the clause before it.
_PRESENT = re.compile(
    r"\b(?:is|am|are|im|hes|shes|theyre|its|isnt|arent|cant|wont|doesnt|dont|does|has|have|keeps?|gets?"
    r"|goes|feels?|looks?|seems?|says|needs?|now)\b"
)
# "It was a second degree burn": a sentence about the event of the sentence before.
_CONTINUES_PAST = re.compile(
    r"^(?:it|that|this|which|its|thats) (?:\w+ )?(?:was|were|had|lasted|happened|left|took|caused|needed)\b"
)

# Information requests. People named in them ("my sister asked me about...") are not the subject of
# a report, and "someone" in a question is anyone.
_INFO_REQUEST = re.compile(
    r"\b(?:information|info|facts|leaflets?|resources|advice|reading|articles?|research|statistics"
    r"|websites?) (?:on|about|regarding|for)\b"
    r"|\b(?:where|how) (?:can|could|do|should|would) (?:i|we|you|one) (?:\w+ )?(?:find|get|read|learn|look)\b"
    r"|\b(?:want|wants|wanted|would like|d like|id like|like|hoping|trying|need|needs) to (?:know|learn"
    r"|understand|find out|read)\b"
    r"|\b(?:would|d|id) like (?:some |more )?(?:information|info|advice|details)\b"
    r"|\b(?:can|could|would|will) you (?:please )?(?:explain|tell|describe|list|give|show|recommend|suggest)\b"
    r"|\b(?:do|does) you (?:have|know)\b|\b(?:tell|teach) (?:me|us) (?:\w+ )?about\b"
    r"|\bexplain (?:what|how|why|the)\b|\bask\w* (?:me |us |you )?about\b"
    r"|\bwhat (?:are|is|were) (?:the )?(?:\w+ )?(?:symptoms|signs|causes|treatments?|risk factors"
    r"|differences?|chances|odds|outlook|prognosis|complications|effects)\b"
    r"|\bwhat is the (?:treatment|cure|first aid) for\b"
    r"|\bhow (?:is|are|do you|do doctors|does one|do they) (?:\w+ ){0,4}(?:treated|diagnosed|prevented"
    r"|managed|tested|cured)\b"
)
_INFO_META = re.compile(
    rf"\b(?:where|how) (?:can|could|do|should|would) (?:i|we) (?:\w+ )?(?:find|get|read|learn|look)\b"
    rf"|\b(?:i|we) (?:would|d) like\b|\b(?:{_PERSON} ){{0,2}}(?:\w+ )?ask\w* (?:me |us |you )?about\b"
    r"|\b(?:someone|somebody|anyone|anybody|strangers?|a person|people)\b"
    r"|\b(?:in|for|of|among|with|to|on) (?:young |small |little |older )?(?:babies|children|kids|toddlers|infants"
    r"|newborns|teens|teenagers|boys|girls|women|men|adults|parents)\b"  # a group: "choking in toddlers"
)
# Questions about a situation in front of the writer: "is this a stroke?", "could it be poisoning?"
_DEICTIC = re.compile(
    r"\b(?:this|these|those)\b|^(?:is|are|was|were|could|can|does|do|did|should|would|will|might|may)"
    r" (?:it|that|there)\b"
)
_FILLER_OR_HEADER = re.compile(
    r"^(?:(?:hey|hi|hello|ok|okay|so|and|but|also|um|uh|well|quick|question|yo|hmm|please|doc|bot|dear"
    r"|good (?:morning|afternoon|evening)|subject|message|re|fwd?)\b ?)*"
)


# Who may come before a request for information: "my grandmother keeps asking me about...".
_ASKER = re.compile(rf"(?:(?:{_PERSON}|keeps?|kept|is|was|has|been|just|also|really|always) )*")


def _asks_for_information(clause: str) -> bool:
    """True for a clause that opens as a question or a request for information about nobody in particular."""
    if _WHAT_TO_DO.search(clause):
        return False  # asking what to do is asking for first aid
    if _HAS_PERSON.search(_INFO_META.sub(" ", _META.sub(" ", clause))):
        return False
    filler = _FILLER_OR_HEADER.match(clause)
    rest = clause[filler.end() :] if filler else clause
    asker = _ASKER.match(rest)
    if _INFO_REQUEST.match(rest, asker.end() if asker else 0):
        return True
    return bool(_QUESTION_OPENER.match(rest)) and not _DEICTIC.search(rest)


_SENTENCE_BREAK = re.compile(r"[.!?;\n\r]+")
_CLAUSE_BREAK = re.compile(r"[,:()\[\]{}\"]|\s[-\u2013\u2014]+\s|[\u2013\u2014]")
_NEW_SUBJECT = _words(
    "i",
    "im",
    "ive",
    "id",
    "we",
    "weve",
    "he",
    "hes",
    "she",
    "shes",
    "they",
    "theyre",
    "it",
    "its",
    "this",
    "that",
    "there",
    "theres",
    "my",
    "his",
    "her",
    "our",
    "their",
    "your",
    "the",
    "now",
    "today",
    "tonight",
    "then",
    "yesterday",
    "last",
    "right",
    "just",
    "since",
    "after",
    "before",
    "when",
    _OTHERS,
)
_CONJUNCTION_BREAK = re.compile(
    rf" (?=(?:and|but|so|then|yet) {_NEW_SUBJECT}\b)| (?=(?:because|cause|cos|coz|although|though|whereas)\b)"
)


def _live_text(text: str, urgent: bool) -> str:
    """The normalised message without its background clauses (past, long-standing, information)."""
    live: list[str] = []
    carry = False  # whether the clause before was set in the past or long-standing
    for sentence in _SENTENCE_BREAK.split(text):
        clauses = [
            clause
            for piece in _CLAUSE_BREAK.split(sentence)
            for clause in _CONJUNCTION_BREAK.split(normalise_message(piece))
            if clause
        ]
        now = _NOW.search(" ".join(clauses)) is not None
        kept: list[str] = []  # the clauses that stay in, in order
        whole: list[str] = []  # every clause but the information requests, in order
        chronic = False  # whether a long-standing clause came before in this sentence
        turn = False  # whether a clause that stays in tells of a change
        for index, clause in enumerate(clauses):
            if _asks_for_information(clause):
                carry = False
                continue
            whole.append(clause)
            if now:
                kept.append(clause)
                continue
            if _PAST.search(clause) or _CHRONIC.search(clause):
                chronic = chronic or _CHRONIC.search(clause) is not None
                carry = True
                continue
            continues = carry and not urgent and (index > 0 or _CONTINUES_PAST.match(clause) is not None)
            if continues and not _PRESENT.search(clause):
                continue  # carry stays True
            kept.append(clause)
            carry = False
            turn = turn or _TURN.search(clause) is not None or (chronic and _REFERS_BACK.match(clause) is not None)
        live.extend(whole if turn else kept)
        if now:
            carry = False
    return " ".join(live)


# --- the table --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    all_of: tuple[re.Pattern[str], ...]  # every pattern must match somewhere in the message
    needs_now: bool  # only when the message is framed as happening now (see _framed_as_now)
    unless: re.Pattern[str] | None  # a match of this anywhere cancels the rule


def _rule(*patterns: str, now: bool = False, unless: str | None = None) -> _Rule:
    return _Rule(
        tuple(re.compile(pattern) for pattern in patterns),
        now,
        re.compile(unless) if unless else None,
    )


_RULES: dict[Emergency, tuple[_Rule, ...]] = {
    Emergency.SUICIDE: (
        # Any mention of suicide, even in a question such as "what are the warning signs of
        # suicide": offering a crisis line to someone who only wanted information costs little,
        # missing someone at risk who asked indirectly costs a lot.
        _rule(r"\b(?:sui?ci?d\w*|suisid\w*|suicd\w*|sucid\w*)"),
        # Stated intent, first or third person: "kill myself", "hang himself", "kms".
        _rule(
            r"\b(?:kill|killing|killed|hang|hanging|shoot|shooting|drown|drowning|off|offing"
            r"|end|ending) (?:my ?self|myslef|him ?self|her ?self|them ?sel(?:f|ves))\b"
        ),
        _rule(r"\bkms\b"),
        _rule(r"\b(?:end|ending|ended) (?:it all|my life|(?:my|his|her|their) own life)\b"),
        _rule(r"\b(?:end|ending) (?:his|her|their) life\b(?! support)"),
        _rule(r"\b(?:take|taking|took) (?:my|his|her|their) own life\b"),
        _rule(
            r"\b(?:want|wants|going|thinking|plan\w*|about|of) (?:to )?(?:take|taking|end|ending)"
            r" (?:my|his|her|their) life\b"
        ),
        # Wanting to die or not to live. "I don't want to die" is the opposite, so it is excluded.
        _rule(
            r"(?<!dont )(?<!doesnt )(?<!didnt )\b(?:want|wants|wanted|wanting) (?:to )?(?:just )?"
            r"(?:die|be dead|stop living|not (?:be alive|exist|wake up))\b"
            r"(?! (?:my|his|her|their) (?:\w+ )?hair)"
        ),  # "want to die my hair" (dye)
        _rule(r"\b(?:dont|doesnt) want to (?:live|be alive|exist|wake up|be here anymore|go on)\b"),
        _rule(r"\bwish (?:i|he|she) (?:was|were|could|would) (?:dead|die|just die|never born)\b"),
        _rule(r"\bwish (?:i|id) (?:had )?never (?:been )?born\b"),
        _rule(
            r"\b(?:dont|cant|doesnt) see (?:the|any) point (?:in|of) (?:living|life|going on|being alive"
            r"|being here)\b|\bwhats the point (?:in|of) (?:living|life|going on|being alive)\b"
        ),
        _rule(
            r"\b(?:better off dead|better off without me|no (?:reason|point) (?:to|in) "
            r"(?:live|living|go on|going on)|(?:not|isnt|aint) worth living)\b"
        ),
        # Self-harm. "cutting/harming myself" always; "hurt/burn myself" only with intent, since
        # "I hurt myself when I fell" is an accident ("I cut myself" is left to BLEEDING).
        _rule(r"\bself ?(?:harm\w*|injur\w*)\b"),
        _rule(r"\b(?:cutting|harming) (?:my ?self|him ?self|her ?self|them ?selves)\b"),
        _rule(
            r"\b(?:want|wants|urge|urges|thinking about|thoughts of|thought about|tempted|going"
            r"|started|keep|keeps|been) (?:to )?(?:cut|hurt|harm|burn|cutting|hurting|harming"
            r"|burning) (?:my ?self|him ?self|her ?self|them ?selves)\b"
        ),
        _rule(
            r"\b(?:cut|hurt|harm|burn|burned|burnt) (?:my ?self|him ?self|her ?self) "
            r"(?:on purpose|deliberately|intentionally)\b"
        ),
    ),
    Emergency.STROKE: (
        # "I think I'm having a stroke", "my dad is having a stroke", "is she having a stroke".
        _rule(
            rf"\b(?:{_PERSON}|think|thinks|maybe)(?: {_BE})* having (?:a |an )?"
            rf"(?:mini |minor |small |massive |major )?{_STROKE}\b"
        ),
        # A message that starts with it, as telegraphic reports do: "having a stroke".
        _rule(
            rf"^(?:help |please |omg |think |maybe |pretty sure )*having (?:a |an )?"
            rf"(?:mini |minor |small |massive |major )?{_STROKE}\b"
        ),
        _rule(
            rf"\b(?:just|think|thinks|maybe|might have|may have|could have) {_ANY}{{0,3}}had "
            rf"(?:a |an )?(?:mini |minor |small )?{_STROKE}\b"
        ),
        _rule(
            rf"\b{_PERSON} {_ANY}{{0,2}}(?:has|have|having|showing|shows|got) (?:all )?(?:the )?"
            rf"(?:(?:signs|symptoms) of (?:a )?{_STROKE}|{_STROKE} (?:signs|symptoms))\b"
        ),
        # FAST signs. Alone they are ambiguous ("what is slurred speech a sign of"), so they need
        # a report framing, and they must not be described as long-standing or slowly worsening
        # (ALS, an old stroke): "her speech is getting slurred", "weak since his stroke".
        # Face: "my moms face is droopin", "his mouth is drooping".
        _rule(
            rf"\b(?:face|mouth|smile) {_ANY}{{0,3}}(?:dro{{1,2}}p\w*|sag\w*|lopsided|uneven|crooked"
            r"|twisted|slack)",
            now=True,
            unless=_LONG_STANDING,
        ),
        _rule(
            r"\b(?:dro{1,2}p(?:ing|in|y|ed)|sagging|lopsided|crooked) (?:face|mouth|smile)\b",
            now=True,
            unless=_LONG_STANDING,
        ),
        # Speech: "her speech is slurred", "he's slurring his words", "slured speech".
        _rule(r"\bslur+(?:ed|ing|in|d|y|ry)\b", now=True, unless=_LONG_STANDING),
        _rule(
            rf"\b(?:speech|words|talking|voice) {_ANY}{{0,3}}(?:garbled|jumbled|slur\w*)\b",
            now=True,
            unless=_LONG_STANDING,
        ),
        _rule(rf"\bsudden(?:ly)? {_ANY}{{0,3}}(?:cant|unable to|couldnt) (?:talk|speak)\b", now=True),
        # One-sided weakness or numbness: "my left side went numb", "right side of his body is weak".
        _rule(
            rf"\b(?:left|right|one) side (?:of (?:my|his|her|their|the) (?:body|face|mouth) )?"
            rf"{_ANY}{{0,3}}(?:numb\w*|weak\w*|paraly[sz]\w*|dead|limp|dro{{1,2}}p\w*|tingl\w*"
            r"|heavy|cant move|wont move|not moving)",
            now=True,
            unless=_LONG_STANDING,
        ),
        _rule(
            rf"\b(?:numb\w*|weak\w*|paraly[sz]\w*|tingl\w*) {_ANY}{{0,2}}(?:on|in|down) "
            r"(?:my |his |her |their |the )?(?:left|right|one) side\b",
            now=True,
            unless=_LONG_STANDING,
        ),
        # A numb or weak arm or leg on one side. With chest pain it is a heart warning sign
        # instead, so it does not count as a stroke sign then.
        _rule(
            rf"\b(?:left|right) (?:arm|leg|hand|foot) {_ANY}{{0,3}}(?:numb\w*|weak\w*|paraly[sz]\w*"
            r"|limp|dead|heavy|cant move|wont move|not moving)",
            now=True,
            unless=_LONG_STANDING + r"|\bchest\b",
        ),
        _rule(
            r"\b(?:cant|unable to|couldnt) (?:lift|move|raise|feel|use) (?:my|his|her|their) "
            r"(?:left|right) (?:arm|leg|hand|side)\b",
            now=True,
            unless=_LONG_STANDING + r"|\bchest\b",
        ),
        _rule(
            rf"\bsudden(?:ly)? {_ANY}{{0,3}}(?:numb\w*|weak\w*|paraly[sz]\w*|cant (?:lift|move|feel)"
            r" (?:my|his|her|their) (?:arm|leg|face))",
            now=True,
        ),
    ),
    Emergency.HEART: (
        # "I'm having a heart attack", "I think he just had a heart attack".
        _rule(
            rf"\b(?:{_PERSON}|think|thinks|maybe)(?: {_BE})* having (?:a |an )?"
            rf"(?:mini |minor |small |massive |major )?{_HEART_ATTACK}"
        ),
        # A message that starts with it, as telegraphic reports do: "having a heart attack help".
        _rule(
            rf"^(?:help |please |omg |think |maybe |pretty sure )*having (?:a |an )?"
            rf"(?:mini |minor |small |massive |major )?{_HEART_ATTACK}"
        ),
        _rule(
            rf"\b(?:just|think|thinks|maybe|might have|may have|could have) {_ANY}{{0,3}}had "
            rf"(?:a |an )?(?:mini |minor |small )?{_HEART_ATTACK}"
        ),
        _rule(
            rf"\b{_PERSON} {_ANY}{{0,2}}(?:has|have|having|showing|shows|got) (?:all )?(?:the )?"
            rf"(?:(?:signs|symptoms) of (?:a )?{_HEART_ATTACK}|{_HEART_ATTACK} (?:signs|symptoms))"
        ),
        # Crushing or severe chest pain counts on its own.
        _rule(
            rf"\b(?:crushing|severe|sever|intense|extreme|terrible|horrible|unbearable|excruciating"
            rf"|agonizing|worst|really bad|very bad|massive|squeezing) {_ANY}{{0,2}}(?:chest|"
            rf"{_PAIN_IN_CHEST})",
            now=True,
        ),
        _rule(
            rf"\bchest {_ANY}{{0,3}}(?:crush\w*|unbearable|excruciating|so bad|really bad|very bad)\b"
            r"|\belephant (?:\w+ ){0,3}(?:my|his|her|the) chest\b",
            now=True,
        ),
        # Chest pain, pressure or tightness together with a warning sign anywhere in the message:
        # pain spreading to the arm, jaw, neck, back or shoulder; sweating; short of breath;
        # nausea; dizziness.
        _rule(
            r"\bchest ?(?:pain|pains|pian|pane|ache|hurts|hurting|pressure|tight\w*|heav\w*|discomfort)"
            r"|\bchest (?:\w+ ){0,2}(?:hurts|hurting|tight|pressure|heavy|pain)"
            rf"|\b{_PAIN_IN_CHEST}",
            rf"\b(?:arms?|jaw|neck|shoulders?) {_ANY}{{0,3}}(?:hurt\w*|pain\w*|ache\w*|aching|numb\w*"
            r"|tingl\w*|sore)"
            rf"|\b(?:pain|ache|numbness|tingling) {_ANY}{{0,3}}(?:arms?|jaw|neck|shoulders?)\b"
            rf"|\b(?:spread\w*|radiat\w*|going|goes|moving|moves|shoot\w*) {_ANY}{{0,3}}(?:arms?|jaw"
            r"|neck|back|shoulders?)\b|\bback (?:hurts|pain)"
            r"|\bsweat\w*|\bclammy\b|\bshort(?:ness)? of breath|\bout of breath|\bbreathless"
            rf"|\b(?:cant|hard to|trouble|difficulty|struggling to) {_ANY}?{_BREATHE}"
            r"|\bnause\w*|\bvomit\w*|\bthrowing up|\bthrew up|\bdizz\w*|\blight ?headed|\bfaint\w*",
            now=True,
        ),
    ),
    Emergency.BREATHING: (
        # Not breathing at all: "my baby is not breathing", "he stopped breathing", "barely breathing".
        # Not "stops breathing", the habitual present of sleep apnoea questions.
        _rule(rf"\b(?:not|isnt|arent|wasnt|aint|stopped|quit|no longer|barely|hardly) {_ANY}?{_BREATHE}", now=True),
        # Cannot breathe, misspelt freely ("cant breath"); a blocked nose is not an emergency.
        _rule(
            rf"\b(?:cant|couldnt|unable to|can barely|can hardly|struggling to|struggles to|fighting"
            rf" to|fights to) {_ANY}?{_BREATHE}\b(?! {_ANY}?(?:through|out of|thru) (?:\w+ )?nose)",
            now=True,
        ),
        _rule(
            r"\b(?:cant|couldnt) (?:catch|get) (?:my|his|her|their) breath\b"
            r"|\b(?:cant|couldnt|not) get(?:ting)? (?:any |enough )?air\b"
            r"|\bgasping (?:for )?(?:air|breath)\b",
            now=True,
        ),
        _rule(
            rf"\b(?:having|having a lot of|having serious|having severe|is having) (?:trouble|difficulty"
            rf"|problems) {_BREATHE}",
            now=True,
        ),
        # Choking ("chocking" is a common misspelling), but not a "choking hazard".
        _rule(
            r"\bcho(?:c)?k(?:e|es|ed|ing|in)\b(?! hazard)",
            now=True,
            unless=r"\b(?:often|sometimes|usually|always|frequently|occasionally|tends? to|prone)\b",
        ),
        # Turning blue, but not cold fingers and toes (Raynaud's).
        _rule(
            r"\b(?:turning|turned|turn|going|gone|went) (?:\w+ )?blue\b|\b(?:lips|face|skin) "
            r"(?:\w+ ){0,2}(?:blue|purple)\b|\bblue lips\b",
            now=True,
            unless=r"\b(?:fingers?|toes?|hands?|feet|foot|nails?|cold)\b",
        ),
        # Severe allergic reaction: throat closing, swelling after a sting or food.
        _rule(rf"\bthroat {_ANY}{{0,3}}(?:clos\w*|swell\w*|swollen|shut\w*)", now=True),
        _rule(
            rf"\b(?:tongue|lips?|face|mouth) {_ANY}{{0,3}}(?:swell\w*|swollen|puff\w*)",
            r"\b(?:allerg\w*|sting|stung|peanuts?|nuts?|bee|wasp|shellfish|reaction)\b",
            now=True,
        ),
        _rule(r"\banaphyla\w*|\bepi ?pen\b", now=True),
    ),
    Emergency.BLEEDING: (
        # Bleeding that will not stop: "the bleeding won't stop", "can't stop the bleeding".
        _rule(rf"\b{_BLEED} {_ANY}{{0,3}}{_NOT} {_ANY}?stop\w*", now=True),
        _rule(rf"\b(?:cant|wont|couldnt) stop (?:the )?{_BLEED}", now=True),
        # How much: "bleeding badly", "bleeding out", "severe bleeding", "lots of blood".
        _rule(
            rf"\b{_BLEED} {_ANY}?(?:heavily|badly|profusely|a lot|alot|so much|everywhere|nonstop"
            r"|non stop|like crazy|out|uncontrollably|really bad|so bad)\b",
            now=True,
        ),
        _rule(rf"\b(?:severe|severly|massive|profuse|uncontroll\w*|major|serious) {_BLEED}", now=True),
        _rule(
            r"\b(?:lots|a lot|alot|so much|too much|tons|loads|pool|puddle) of blood\b"
            r"|\bblood everywhere\b|\b(?:losing|lost) (?:a lot of|so much|lots of|too much) blood\b",
            now=True,
        ),
        # Spurting or gushing: "blood is spurting from his leg", "gushing blood".
        _rule(
            r"\b(?:spurt|gush|squirt|spray|pour|spirt)\w* (?:out )?(?:of )?blood\b"
            rf"|\bblood {_ANY}{{0,3}}(?:spurt\w*|gush\w*|squirt\w*|spray\w*|pouring|spirt\w*"
            r"|pumping out)",
            now=True,
        ),
    ),
    Emergency.POISONING: (
        # Overdose, however spelt: "overdosed on heroin", "he od'd", "ODing".
        _rule(r"\bover ?dos\w*|\boverdoes\w*|\bod(?:ed|d|ing)? on\b", now=True),
        _rule(rf"\b{_PERSON} (?:just |has |may have |might have |think )?od(?:ed|d|ing)?\b"),
        # Too many pills or a whole bottle: "I took too many pills", "ate the whole bottle".
        # Past tense only, so "what if I take too much tylenol" stays a question.
        _rule(
            rf"\b(?:took|taken|swallowed|ate|eaten|had|drank|popped|downed) {_ANY}{{0,2}}(?:way )?"
            rf"too (?:many|much)(?: of)?(?: (?:my|his|her|their|the))?(?: \w+){{0,2}} {_MEDS}\b",
            now=True,
        ),
        _rule(
            r"\b(?:took|taken|swallowed|ate|eaten|drank|popped|downed|finished|emptied) "
            r"(?:\w+ ){0,2}(?:a |the )?(?:whole|entire|full) (?:\w+ )?(?:bottle|pack|packet|box|strip"
            r"|blister|container|jar|tube)",
            now=True,
        ),
        _rule(rf"\b(?:took|swallowed|ate|drank|popped) all (?:of )?(?:my|his|her|their|the) {_ANY}?{_MEDS}", now=True),
        # Swallowed something toxic: "my son swallowed bleach", "drank some of the antifreeze".
        _rule(
            rf"\b(?:swallow\w*|drank|drunk|drink\w*|ate|eaten|eating|ingest\w*|got into|chew\w*"
            rf"|licked|sucked on) {_ANY}{{0,3}}{_TOXIC}\b",
            now=True,
        ),
        _rule(r"\bpoisoned\b|\bpoison control\b|\bcarbon monoxide\b", now=True),
        # A child who got into medicine: "my toddler ate some of my pills". Not "took", which is
        # also how a child takes their own medicine.
        _rule(
            rf"\b{_KIDS} {_ANY}{{0,2}}(?:ate|eaten|eating|swallowed|swallowing|got into|drank|chewed)"
            rf" {_ANY}{{0,4}}(?:{_MEDS}|medicine cabinet)\b"
        ),
        # A handful of pills: "swallowed a bunch of my pills", "took a handful of tablets".
        _rule(
            rf"\b(?:took|taken|swallowed|ate|eaten|popped|downed) (?:a (?:bunch|handful|load|pile|lot)"
            rf"|handfuls|lots|loads) of {_ANY}{{0,2}}{_MEDS}\b",
            now=True,
        ),
    ),
    Emergency.BURN: (
        # A severe burn happening now: badly burned, over a large area or the face, deep, electric
        # or chemical, or someone on fire. "How are burns treated?" stays a question.
        _rule(
            r"\b(?:badly|severely|seriously|really badly|terribly|very badly) (?:burn\w*|scald\w*)\b"
            r"|\b(?:burn\w*|scald\w*) (?:really |very )?(?:badly|severely|seriously)\b",
            now=True,
        ),
        _rule(rf"\b(?:burn\w*|scald\w*) {_ANY}{{0,3}}(?:all over|(?:his|her|their|my|the) (?:face|whole))\b", now=True),
        _rule(
            r"\b(?:third|3rd|second|2nd) degree burns?\b|\b(?:electrical|electric|chemical|acid) burns?\b"
            r"|\belectrocuted\b",
            now=True,
        ),
        _rule(r"\b(?:on fire|caught fire|clothes (?:are |were )?(?:on fire|burning))\b", now=True),
    ),
    Emergency.UNCONSCIOUS: (
        # "he's unconscious", "unconcious", but not "unconscious bias".
        _rule(r"\bun ?con?s?c?i?ous\b(?! (?:bias|mind|thought|level|incompetence|processing|self))", now=True),
        _rule(r"\b(?:un ?respons\w*|non ?responsive)\b", now=True),
        # Someone not responding (but "not responding to treatment" or "to my texts" is no emergency).
        _rule(
            rf"\b{_PERSON} {_ANY}{{0,3}}(?:{_NOT}|stopped|barely) {_ANY}?respond\w*\b"
            r"(?! to (?!(?:me|us|anything|anyone|touch|pain|voice|shaking|sound)\b))"
        ),
        # Won't wake up: "she won't wake up", "I can't wake him".
        _rule(rf"\b{_PERSON_3RD} {_ANY}{{0,3}}(?:{_NOT}) {_ANY}?(?:wake|waking|woken|waken|rouse)\w*"),
        _rule(rf"\b(?:cant|couldnt|unable to) (?:wake|rouse|waken) (?:up )?(?:{_THIRD}|my|{_OTHERS})\b"),
        _rule(
            rf"\b(?:passed out|pass out|fainted|blacked out|collapsed) {_ANY}{{0,4}}(?:{_NOT}|still) "
            rf"{_ANY}?(?:wak\w*|respond\w*|com(?:e|ing) (?:to|round|around))"
        ),
        _rule(r"\bout cold\b", now=True),
        # Collapsed, said of a person ("my friend collapsed", "he just collapsed"), not of a lung.
        _rule(
            rf"\b{_PERSON} (?:(?:just|suddenly|has|had|then|literally|randomly|and) )*"
            r"(?:collapsed|colapsed|collasped|collapsing|keeled over)\b"
        ),
        _rule(r"\bcollapsed (?:on|onto|to) the (?:floor|ground)\b", now=True),
        # A seizure that will not stop or goes on for five minutes or more.
        _rule(rf"\b{_SEIZURE} {_ANY}{{0,4}}{_NOT} {_ANY}?stop\w*", now=True),
        _rule(rf"\bhaving (?:a )?fits? {_ANY}{{0,4}}{_NOT} {_ANY}?stop\w*", now=True),
        _rule(
            rf"\b{_SEIZURE} {_ANY}{{0,3}}(?:for|over|more than|longer than|lasting) (?:\w+ )?"
            r"(?:[5-9]|\d\d+|five|six|seven|eight|nine|ten|fifteen|twenty|thirty) (?:min\w*)",
            now=True,
        ),
        _rule(
            rf"\b(?:back to back|one after another|keeps having|keep having|another) {_SEIZURE}"
            rf"|\b{_SEIZURE} (?:back to back|one after another)|\bstatus epilepticus\b",
            now=True,
        ),
        # Cardiac arrest: the person is unresponsive and the first aid is CPR, so it is reported
        # here rather than with the heart attack advice.
        _rule(
            r"\bcardiac arrest\b|\bno pulse\b|\b(?:cant|couldnt) find (?:a |his |her |their )?pulse\b"
            r"|\b(?:doing|giving|started|starting|need) cpr\b",
            now=True,
        ),
        _rule(rf"\b(?:my|his|her|their|{_OTHERS}) heart {_ANY}{{0,2}}stopped\b"),
        # A bare call for help ("call 911", "someone call an ambulance") names no emergency. The
        # general advice for an unknown emergency (check response and breathing, start CPR) is
        # this category's, so it lands here, after every more specific category has had its turn.
        # "When should I call 911 for a stroke" is a question and does not match.
        _rule(
            r"^(?:(?:please|help|someone|somebody|quick|quickly|urgent|now|hurry|omg|oh god|god)\b ?)*"
            r"call (?:911|999|112|000|an ambulance|ambulance|emergency services|paramedics)\b"
        ),
        _rule(
            r"\b(?:someone|somebody|please|help) call (?:911|999|112|000|an ambulance|ambulance"
            r"|emergency services|paramedics)\b"
        ),
        _rule(
            rf"\b(?:{_PERSON}) (?:need|needs) (?:an? )?(?:ambulance|paramedics)\b"
            r"|\b(?:calling|called|call) (?:911|999|112) (?:now|right now)\b|\bi called (?:911|999|112)\b"
            r"|\b(?:ambulance|paramedics) (?:is|are) (?:on the way|coming)\b"
        ),
    ),
}
assert list(_RULES) == list(Emergency), "the table must follow the order of precedence"


def detect_emergency(text: str) -> Emergency | None:
    """The kind of emergency a message describes as happening now, or None for anything else.

    Ordinary information questions ("what are the symptoms of a stroke?") return None; any
    mention of suicide or self-harm returns SUICIDE.
    """
    normalised = normalise_message(text)
    if not normalised:
        return None
    # Without the clauses about the past, long-standing complaints or facts in general.
    live = _live_text(text, urgent=_URGENT.search(normalised) is not None)
    framed_as_now: bool | None = None  # computed at most once, and only when a rule needs it
    for category, rules in _RULES.items():  # in precedence order, SUICIDE first
        # Suicide is looked for in the whole message: a mention in the past still merits the line.
        words = normalised if category is Emergency.SUICIDE else live
        for rule in rules:
            if not all(pattern.search(words) for pattern in rule.all_of):
                continue
            if rule.unless is not None and rule.unless.search(words):
                continue
            if rule.needs_now:
                if framed_as_now is None:
                    framed_as_now = _framed_as_now(live)
                if not framed_as_now:
                    continue
            return category
    return None
