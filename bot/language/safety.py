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
stays in. Three narrower readings leave out more: a visit to a clinician ("she went to A&E", "the GP
dressed it") and, when the clinician treated or named it, the past-tense story just before; a
lasting after-effect said with "still" after a past event ("had a stroke last month... her speech is
still slurred"); and a question whether someone had a stroke ("do you think she had a mini stroke?")
when the message tells of an episode in the past that ended ("...then she was fine"). Suicide is
looked for in the whole message.

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
    BURN = "burn"  # also an electric shock or a lightning strike
    UNCONSCIOUS = "unconscious"  # and the other emergencies, for which the general advice is right


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

# Words that describe a sign as long-standing or slowly worsening, which a stroke sign is not; unless
# the message also says that something changed suddenly ("still slurred since her stroke, and now
# suddenly much worse").
_ONE_SIDED_LIMB = r"(?:numb\w*|weak\w*|paraly[sz]\w*|limp|dead|heavy|cant move|wont move|not moving)"
_LONG_STANDING = (
    r"^(?!.*\bsudden).*?\b(?:gradual\w*|slowly|progressive\w*|for (?:weeks|months|years)|years ago"
    r"|over (?:the )?(?:past |last )?(?:few |several )?(?:weeks|months|years)"
    r"|(?:getting|got|become|becoming|gets) (?:more |increasingly |a bit |a little )?"
    r"(?:slurred|weak\w*|worse|droop\w*|numb\w*)"
    r"|(?:since|after|from) (?:his|her|my|their|the|an?) (?:old |last |previous |radiation |cancer )?"
    r"(?:stroke|surgery|injury|treatment|therapy|radiation|radiotherapy|chemo\w*))\b"
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
_FILLER_WORDS = r"hey|hi|hello|ok|okay|so|and|but|also|um|uh|well|quick|question|yo|hmm|please|doc|bot"
_FILLER = re.compile(rf"^(?:(?:{_FILLER_WORDS})\b ?)*")
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
_WHAT_TO_DO = re.compile(r"\bwhat (?:to|do i|do we|should i|should we|can i|do you|should you|does one) do\b")


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
#   "how is carbon monoxide poisoning treated", "what are the signs that someone has overdosed",
#   or names the topic of a piece of work ("a research paper on sudden cardiac arrest");
# * it puts a case in general terms, in a message that does not ask what to do: "once someone has
#   been exposed to carbon monoxide...";
# * it is a subject line that only names a topic ("SUBJECT: Carbon monoxide"), above a message that
#   tells of nobody.
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
#
# Three narrower readings, each tied to a plain marker:
#
# * a visit to a clinician ("she went to A&E", "we were seen at urgent care", "the nurse said it was a
#   second degree burn", "the GP dressed it") is background even in a sentence with a marker of now,
#   whose time is then the time of the visit. When the clinician treated the complaint or said what it
#   was, and the message does not ask what to do, the past-tense clauses told just before are the story
#   of what was seen, and are left out too ("she spilled boiling water on her leg. The nurse said...");
# * a lasting after-effect said with "still" ("her speech is still slurred", "he still drags his
#   foot", "still can't feel his legs") is long-standing when a past or long-standing clause came
#   before it and no fresh event was told since; not a clause that tells of an injury or a change, and
#   never "still bleeding" or "still not breathing";
# * a question whether someone had something ("do you think she had a mini stroke?", "could it have
#   been a TIA?") is left out when a sentence set in the past says that the episode ended ("last
#   month her speech was slurred for ten minutes, then she was fine"), the message has no marker of
#   now and does not ask what to do.
#
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
    rf"|\b(?:in|since|during|back in|early|late|mid) {_MONTH}\b(?! be\b)"
    r"|\bback (?:in|when|then)\b|\bin the past\b|\bpreviously\b|\bhistory of\b|\bused to\b|\bat birth\b"
    # a date given for the event: "on 3 March", "on March 3rd", and "on [DATE]" where a date was blanked out
    rf"|\bon (?:the )?(?:\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTH}|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?|date)\b"
    r"|\bas an? (?:child|kid|baby|toddler|teen\w*|student|youngster|boy|girl|newborn|infant)\b"
    r"|\bwhen (?:\w+ ){1,3}(?:was|were) (?:born|little|young|younger|small|(?:\d+|one|two|three|four|five|six"
    r"|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen)(?: (?:years?"
    r"|months?|weeks?) old)?|(?:a |an )?(?:baby|babies"
    r"|child|children|kids?|toddlers?|teen\w*|newborn|student|infant)|in (?:school|college|high school"
    r"|university|the nicu))\b"
    r"|\b(?:healed|recovered|survived|survivor|was discharged)\b"
)

# Something long-standing, recurring, or already seen by a doctor.
_CHRONIC = re.compile(
    r"\bfor (?:the )?(?:past |last )?(?:\w+ )?(?:weeks|months|years|decades|ages|a long time|as long as)\b"
    rf"|\b(?:the )?(?:past|last) (?:{_NUMBER}|few|several|many) (?:weeks|months|years|decades)\b"
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
    r"(?:stroke|surgery|injury|accident|diagnosis|operation|birth|childhood|teens|treatment|therapy|radiation"
    r"|radiotherapy|chemo\w*|fall|crash))\b"
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
# Of these, the ones that tell of something going on rather than give a time.
_HAPPENING = (
    r"\b(?:(?:is|am|are|im|hes|shes|theyre|its) (?!been )(?:\w+ )?(?:having|choking|bleeding|slurring|drooping"
    r"|seizing|fitting|convulsing|gasping|turning|vomiting|throwing|sweating|collapsing|struggling|losing"
    r"|dying|spurting|gushing|pouring|swelling|wheezing|unconscious|unresponsive|blue)"
    r"|been (?:\w+ )?(?:seizing|fitting|convulsing|choking|gasping|vomiting|unconscious|unresponsive)"
    r"|isnt (?:\w+ )?(?:breathing|responding|waking|moving))\b"
)
_NOW = re.compile(
    r"\b(?:right now|just now|as we speak|at (?:this|the) (?:moment|minute)|this (?:minute|second|instant"
    r"|one|time)|tonight|today|this (?:morning|afternoon|evening)"
    rf"|(?:{_NUMBER} |half an )?(?:seconds?|minutes?|mins?|hours?|hrs?) ago"
    r"|just (?:had|took|taken|swallowed|ate|drank|fell|went|got|started|stopped|collapsed|passed|fainted"
    r"|cut|burned|burnt|scalded|choked|overdosed|keeled|slumped|vomited|threw|happened|told|called|found"
    r"|noticed))\b"
    rf"|{_HAPPENING}"
)

# A clause that stays in and says this: the sentence is read whole ("...for years, but now it's crushing").
_TURN = re.compile(r"\b(?:now|suddenly|worse|worst|different|new|again|anymore|any more)\b")
# Not the "it" of "it is possible...", which refers to nothing told.
_REFERS_BACK = re.compile(
    r"^(?:(?:and|but|so|then) )?(?:it|its|this|they|theyre)\b(?! (?:is |would be |will be )?(?:possible|important"
    r"|necessary|true|hard|difficult|a question)\b)"
)
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
    r"|^(?:at the time|at that time|back then|that day|that night|on that occasion|when it happened)\b"
)

# Already seen or treated by a clinician: "she went to A&E", "the nurse said it was a second degree
# burn", "the GP dressed it", "it was bandaged at urgent care". A clause with one is background even
# in a sentence with a marker of now ("the GP dressed it this morning"), since the time it gives is
# the time of the visit. "A&E" is "a e" once normalised.
_CLINIC = _words(
    "a e",
    "ae",
    "a and e",
    "er",
    "e r",
    "emergency room",
    "emergency department",
    "casualty",
    "urgent care",
    r"walk in(?: centre| center| clinic)?",
    r"minor injur(?:y|ies)(?: unit)?",
    "hospital",
    "burns unit",
    "clinic",
    "gp",
    "gps",
    "doctors?",
    "pharmacy",
)
_CLINICIAN = _words(
    r"nurses?",
    "gp",
    r"doctors?",
    "dr",
    r"pharmacists?",
    r"consultants?",
    r"specialists?",
    r"surgeons?",
    r"paediatricians?",
    r"pediatricians?",
    r"dermatologists?",
    r"physios?",
    _CLINIC,
)
_TREATED = _words(
    "dressed",
    "bandaged",
    "stitched",
    "glued",
    "treated",
    "cleaned",
    "checked",
    "examined",
    "x rayed",
    "looked at",
    "diagnosed",
    "discharged",
    r"sent (?:us|him|her|them|me) home",
)
# The stronger markers: a clinician treated it or said what it was. A story told in the past tense
# before one of them is the story of what was assessed (see _live_text).
_TREATED_BY_CLINICIAN = re.compile(
    rf"\b{_CLINICIAN} (?:\w+ ){{0,3}}(?:{_TREATED}|said (?:that )?(?:it|its|it s|he|hes|she|shes|they|theyre)"
    r"\b(?! (?:should|needs?|must|has to|have to|had to|ought)\b))"
    rf"|\b(?:was|were|been|got|had it|had them|has been|have been|had been) (?:\w+ )?{_TREATED}"
    rf" (?:by|at|in) (?:the |a |an |our |his |her |my )?(?:\w+ )?(?:{_CLINICIAN}|{_CLINIC})\b"
    r"|\b(?:was|were|been|got|had it|had them) (?:\w+ )?(?:bandaged|stitched|glued|dressed by)\b"
)
_ASSESSED = re.compile(
    rf"{_TREATED_BY_CLINICIAN.pattern}"
    rf"|\b(?:went|been|gone|taken|took (?:\w+ )?|rushed|brought|admitted|seen) (?:straight |back )?(?:to|into|at|in"
    rf"|by) (?:the |a |an |our |his |her |my |their )?(?:local )?{_CLINIC}\b"
)

# An after-effect described as lasting: "her speech is still slurred", "he still drags his foot",
# "still cant feel his legs". After a past event in the message ("had a stroke last month") it is
# long-standing too, not a new sign. Only lasting deficits: "still bleeding", "still not breathing"
# or "still has chest pain" are never taken for after-effects.
_RESIDUAL = re.compile(
    r"\bstill (?:\w+ ){0,3}(?:slur\w*|weak\w*|numb\w*|dro{1,2}p\w*|tingl\w*|paraly[sz]\w*|drag\w*|limp\w*"
    r"|clums\w*|stiff\w*|wobbly|unsteady|off balance|lopsided|crooked|garbled|jumbled"
    r"|(?:cant|unable to|struggl\w* to|finds? it hard to|hard to) (?:\w+ )?(?:move|feel|use|lift|raise|grip|walk"
    r"|talk|speak|swallow|find|read|write|get (?:her|his|their|my) words)"
    r"|(?:trouble|difficulty|problems?) (?:with )?(?:\w+ )?(?:speech|speaking|talking|walking|moving|swallowing"
    r"|words|balance|memory))"
)
# A clause that tells of a fresh event in the past tense: after it, "still" is about that event.
_FRESH_EVENT = re.compile(
    r"\b(?:\w+ed|fell|hit|broke|dived|dove|got|took|ate|drank|went|came|threw|cut|burnt|ran|struck|swallowed"
    r"|bit|caught|stung|spilt|began|became|woke|had)\b"
)
# An injury that can hurt the spine or the head: a fall, a dive, a crash. Not "fell asleep".
_INJURY = (
    r"\b(?:fell|fallen|(?:a|bad|nasty|big) fall|dived|dove|diving|jumped|landed|crash\w*|accident|tackled|thrown"
    r"|flipped|hit by|knocked (?:down|over|off)|came off|come off|slipped|tripped|collided|rolled"
    r"|(?:broke|broken|injured|hurt|cracked) (?:his|her|their|my) (?:neck|back|spine))\b(?! asleep)"
)
# An episode that is over: "then she was completely fine", "it went away", "back to normal".
_RESOLVED = re.compile(
    r"\b(?:then|afterwards|after that|and|but) (?:\w+ ){0,2}(?:was|were|seemed|felt|went|got|came) (?:\w+ ){0,2}"
    r"(?:fine|ok|okay|normal|better|well|herself|himself|themselves|myself)\b"
    r"|\b(?:back|returned|went back|got back|came back) to normal\b|\b(?:fine|normal|well|ok|okay) (?:ever )?since\b"
    r"|\b(?:went away|wore off|cleared up|faded away|settled down|resolved)\b"
)
# "could have had", "might have been": past, whatever _PRESENT makes of "have".
_MODAL_HAVE = re.compile(r"\b(?:could|might|may|would|must|should|couldnt|wouldnt) have\b")


def _past_tense(clause: str) -> bool:
    """True for a clause without a present-tense verb: a story told in the past, or no verb at all."""
    return _PRESENT.search(_MODAL_HAVE.sub(" ", clause)) is None


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
# The same, and what opens a letter or an e-mail's lines ("dear", "subject", "fwd").
_FILLER_OR_HEADER = re.compile(
    rf"^(?:(?:{_FILLER_WORDS}|dear|good (?:morning|afternoon|evening)|subject|message|re|fwd?)\b ?)*"
)


# The topic of a piece of work, which is no report of an event: "I'm writing a research paper on
# sudden cardiac arrest in teenagers", "school report about strokes".
_WORK_TOPIC = re.compile(
    r"\b(?:reports?|papers?|projects?|essays?|assignments?|presentations?|theses|thesis|dissertation"
    r"|homework|coursework) (?:\w+ ){0,2}?(?:on|about|regarding|into|over|for)\b"
)
# A case put in general terms: "once someone has been exposed to carbon monoxide...", "if you
# take too much of it...".
_GENERAL_CASE = re.compile(
    r"^(?:(?:so|and|but|also) )?(?:once|if|when|whenever|after) (?:someone|somebody|anyone|anybody|a person"
    r"|people|you|one)\b"
)

# Who may come before a request for information: "my grandmother keeps asking me about...".
_ASKER = re.compile(rf"(?:(?:{_PERSON}|keeps?|kept|is|was|has|been|just|also|really|always) )*")


def _asks_for_information(clause: str) -> bool:
    """True for a clause that opens as a question or a request for information about nobody in particular."""
    if _WHAT_TO_DO.search(clause):
        return False  # asking what to do is asking for first aid
    if _WORK_TOPIC.search(clause):
        return True
    if _HAS_PERSON.search(_INFO_META.sub(" ", _META.sub(" ", clause))):
        return False
    filler = _FILLER_OR_HEADER.match(clause)
    rest = clause[filler.end() :] if filler else clause
    asker = _ASKER.match(rest)
    if _INFO_REQUEST.match(rest, asker.end() if asker else 0):
        return True
    return bool(_QUESTION_OPENER.match(rest)) and not _DEICTIC.search(rest)


_SENTENCE_BREAK = re.compile(r"[.!?;\n\r]+")
# What anonymised text puts for a date or a name ("on [DATE]"): a word of its clause, not a break.
_PLACEHOLDER = re.compile(r"\[([A-Za-z]+)\]")
# "i.e." and "e.g." are no sentences, and their "i" nobody.
_LATIN = re.compile(r"\b(?:i\.\s?e|e\.\s?g)\.", re.IGNORECASE)
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


@dataclass(frozen=True, eq=False)
class _Clause:
    text: str
    story: bool  # told in the past tense, in a sentence without a marker of now
    asks_about_past: bool  # "do you think she had a mini stroke?", in a sentence without a marker of now


# "Do you think she had a mini stroke?", "could it have been a heart attack?", "was that a TIA?"
_ASKS_ABOUT_PAST = re.compile(
    r"^(?:(?:hi|hello|hey|so|ok|okay|well|and|but) )*(?:do you think|did|was|were|could|might|may|would"
    r"|is it possible|i wonder|im wondering|wondering|i think)\b.*\b(?:had|did|was|were|have had|have been)\b"
)


def _live_text(text: str, urgent: bool, titles: bool = True) -> str:
    """The normalised message without its background clauses (past, long-standing, information),
    and without a subject line's words that tell nobody's story unless `titles`."""
    live: list[_Clause] = []  # the clauses that stay in, from the sentences read so far
    carry = False  # whether the clause before was set in the past or long-standing
    history = False  # whether a background clause came before, with no fresh event told since
    episode_over = False  # whether a sentence set in the past says that the episode ended
    any_now = False  # whether any sentence has a marker of now
    for sentence in _SENTENCE_BREAK.split(_LATIN.sub(" ", _PLACEHOLDER.sub(r"\1", text))):
        clauses = [
            clause
            for piece in _CLAUSE_BREAK.split(sentence)
            for clause in _CONJUNCTION_BREAK.split(normalise_message(piece))
            if clause
        ]
        assessed = [
            _ASSESSED.search(clause) is not None and re.search(_HAPPENING, clause) is None for clause in clauses
        ]
        # The time of a visit to a clinician ("the GP dressed it this morning") is not a time of now.
        now = _NOW.search(" ".join(c for c, seen in zip(clauses, assessed, strict=True) if not seen)) is not None
        any_now = any_now or now
        joined = " ".join(clauses)
        episode_over = episode_over or (_RESOLVED.search(joined) is not None and _PAST.search(joined) is not None)
        kept: list[_Clause] = []  # the clauses that stay in, in order
        whole: list[_Clause] = []  # every clause but the information requests and visits, in order
        residual: list[_Clause] = []  # after-effects, read again only when a change is told after them
        chronic = False  # whether a long-standing clause came before in this sentence
        turn = False  # whether a clause that stays in tells of a change
        title = not titles and bool(clauses) and clauses[0] == "subject"
        for index, text_ in enumerate(clauses):
            if (
                _asks_for_information(text_)
                or (not urgent and _GENERAL_CASE.match(text_))
                or (title and not now and not _HAS_PERSON.search(text_) and not _PRESENT.search(text_))
            ):
                carry = False
                continue
            if assessed[index]:
                chronic = carry = history = True
                if not urgent and _TREATED_BY_CLINICIAN.search(text_) and not _PAST.search(text_):
                    # The story told just before in the past tense is the story of what the clinician
                    # treated or named: "she spilled boiling water on her leg; the nurse dressed it".
                    while kept and kept[-1].story:
                        told = kept.pop()
                        whole = [clause for clause in whole if clause is not told]
                    while not kept and live and live[-1].story:
                        live.pop()
                continue
            clause = _Clause(text_, not now and _past_tense(text_), not now and bool(_ASKS_ABOUT_PAST.match(text_)))
            whole.append(clause)
            if now:
                kept.append(clause)
                continue
            if _PAST.search(text_) or _CHRONIC.search(text_):
                chronic = chronic or _CHRONIC.search(text_) is not None
                carry = history = True
                continue
            if history and _RESIDUAL.search(text_) and not _TURN.search(text_) and not re.search(_INJURY, text_):
                chronic = carry = True  # an after-effect of the event before: long-standing
                residual.append(clause)
                continue
            continues = carry and not urgent and (index > 0 or _CONTINUES_PAST.match(text_) is not None)
            if continues and not _PRESENT.search(text_):
                continue  # carry stays True
            kept.append(clause)
            carry = False
            if _FRESH_EVENT.search(text_):
                history = False
            if _TURN.search(text_) is not None or (chronic and _REFERS_BACK.match(text_) is not None):
                turn = True
                residual.clear()  # "her arm is still weak, but now it is much worse": read it again
        live.extend([clause for clause in whole if clause not in residual] if turn else kept)
        if now:
            carry = history = False
    if episode_over and not urgent and not any_now:
        # "Do you think she had a mini stroke? Last month her speech was slurred, then she was fine."
        live = [clause for clause in live if not clause.asks_about_past]
    return " ".join(clause.text for clause in live)


# --- vocabulary of the rules added for injuries, electricity, scalds and spinal cord injury ---------

# Small children, for whom any scald or burn needs care at once: "my toddler", "our 2 year old",
# "her 18 month old", "my little brother".
_SMALL_CHILD = _words(
    r"bab(?:y|ys|ies)",
    r"toddlers?",
    r"infants?",
    r"newborns?",
    r"little (?:one|boy|girl|son|daughter|brother|sister|kid|child|man|lad)s?",
    r"(?:[0-5]|one|two|three|four|five) ?(?:years?|yrs?|yr) old",
    r"\d+ ?(?:months?|weeks?) old",
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen) (?:months?|weeks?) old",
)
# Being burnt or scalded, but not sunburn, heartburn or a burning feeling.
_BURN_EVENT = (
    r"(?<!sun )(?<!carpet )(?<!rope )(?<!razor )(?<!friction )(?<!wind )(?<!it )(?<!that )(?<!which )"
    r"\b(?:burn|burns|burnt|burned|scald\w*)\b"
    r"(?! (?:when|if|easily|(?:the |my |our |his |her )?(?:dinner|toast|food|rice|cake|lunch|breakfast|tea|meal"
    r"|candles?|calories|fat|out|bridges|cds?))\b)"
    r"|\b(?:boiling|scalding|very hot|hot) (?:water|oil|fat|tea|coffee|soup|milk|liquid|kettle|pan|pot|bath"
    r"|shower|drink|porridge|noodles|steam|oven|stove|hob|iron|grill|radiator|exhaust|coals|plate|tray)\b"
)
_BODY = _words(
    "face",
    "head",
    "neck",
    "chest",
    "belly",
    "tummy",
    "stomach",
    "back",
    r"arms?",
    r"legs?",
    r"hands?",
    "feet",
    "foot",
    r"thighs?",
    "body",
    r"shoulders?",
    "genitals",
    "groin",
    "bottom",
)
# A burn over a large area, or on the face, trunk or genitals: "his arm and belly", "all over her back".
_LARGE_AREA = (
    r"\b(?:face|chest|belly|tummy|stomach|genitals|groin|whole|all over|most of|half of)\b"
    r"|\b(?:his|her|their|my) back\b"
    rf"|\b{_BODY} (?:and|or) (?:(?:his|her|their|my|the) )?{_BODY}\b"
)
# Signs of a burn through the skin, which needs emergency care whatever its size: white, charred,
# leathery skin.
_FULL_THICKNESS = (
    r"\b(?:charred|melted|leathery|waxy)\b"
    r"|\b(?:skin|it|burn|burns|wound) (?:\w+ ){0,3}(?:white|black|blackened|grey|gray|leathery|waxy)\b"
)
# Signs of a deep or serious burn: blistering, peeling or raw skin, or the above.
_DEEP_BURN = (
    rf"\b(?:blister\w*|peeling|weeping)\b|{_FULL_THICKNESS}"
    r"|\b(?:skin|it|burn|burns) (?:\w+ ){0,3}(?:raw|falling off|coming off)\b"
)

# A source of electricity someone can be hurt by: "a live wire", "the sparking cable", "a power line".
_LIVE_SOURCE = (
    r"(?:(?:live|sparking|sparky|exposed|bare|frayed|faulty|high voltage|overhead) (?:\w+ )?(?:wires?|cables?"
    r"|cords?|leads?|lines?|rails?)|power ?lines?|third rail|pylons?)"
)
# An electric shock said of a person, but not the feeling of one ("pains like electric shocks", "an
# electric shock feeling down my spine") nor electroconvulsive therapy.
_ELECTRIC_SHOCK = (
    r"(?<!like )(?<!like an )(?<!like a )(?<!feels )\b(?:electric(?:al)?|mains|high voltage) shocks?\b"
    r"(?! (?:like|therapy|treatment|sensations?|feelings?|pains?|type|down|up|through)\b)"
)

# A head injury: "hit her head", "banged his head on the table", "fell on his head", "a head injury".
_HEAD_INJURY = (
    r"\b(?:hit|hits|hitting|banged|bangs|banging|bumped|smacked|cracked|knocked|struck|whacked|landed on"
    r"|fell on|fell onto|fallen on) (?:(?:the )?(?:back|side|front|top) of )?(?:his|her|their|my|the) head\b"
    r"|\b(?:fell|fallen|falling|landed|dropped|thrown|came down|went) (?:\w+ ){0,4}(?:on|onto) (?:(?:the )?(?:back"
    r"|side|front|top) of )?(?:his|her|their|my) head\b"
    r"|\bhead (?:injury|injuries|trauma|first)\b"
    r"|\bknocked (?:him|her|them|me|my ?self|him ?self|her ?self)? ?(?:out|unconscious|senseless)\b"
)
# After a head injury, the signs that need emergency care: not answering or waking, eyes closed,
# drowsy, confused, vomiting, a fit, blood or fluid from the ears or nose.
_HEAD_RED_FLAG = (
    rf"\b(?:{_NOT}|stopped|barely|hardly) {_ANY}?(?:answer\w*|respond\w*|react\w*|talk\w*|speak\w*"
    r"|mak\w* sense|open\w* (?:his|her|their|my) eyes|wake|waking|woken|come round|come to)\b"
    r"|\beyes (?:\w+ ){0,2}(?:closed|shut|rolled back|rolling)\b"
    r"|\b(?:drowsy|sleepy|confused|dazed|groggy|disorientated|disoriented|vomit\w*|throwing up|threw up|being"
    r" sick|fitting|seizing|convuls\w*|out of it)\b"
    r"|\b(?:blood|fluid) (?:\w+ ){0,3}(?:from|out of|in) (?:his|her|their|my) (?:ears?|nose)\b"
)

# Losing the use of the arms or legs: "can't feel or move his legs", "can't move her arms or legs",
# "no feeling below the waist", "numb from the chest down".
_LIMBS = (
    r"(?:legs|arms|limbs|body|lower body|bottom half|anything"
    r"|(?:hands|feet|fingers) (?:or|and) (?:his |her |their |my )?(?:legs|arms|feet|hands|toes))"
)
_PARALYSIS = (
    r"\b(?:cant|couldnt|unable to|not able to|wont|cannot) (?:\w+ )?(?:feel|move|use|lift)"
    r"(?: (?:or|and|nor) (?:feel|move|use|lift))? (?:(?:his|her|their|my|the|both|either|any of|at) )*"
    rf"{_LIMBS}\b"
    r"|\bno (?:feeling|movement|sensation) (?:in|below|from) "
    r"|\bnumb (?:from|below) (?:the |his |her |their |my )?(?:waist|chest|neck|hips?)\b"
    r"|\b(?:legs|arms) (?:\w+ ){0,3}(?:wont|cant|dont|arent|isnt|not) (?:move|moving|work\w*)\b"
)
_NECK_INJURY = (
    r"\bneck (?:\w+ ){0,3}(?:hurts?|hurting|pain\w*|injur\w*|broke\w*|snapped|cracked|sore|agony)"
    r"|\b(?:broke|broken|injured|hurt|cracked|snapped) (?:his|her|their|my) (?:neck|spine)\b"
)

# Autonomic dysreflexia: in someone with a spinal cord injury, a pounding headache, a flushed face,
# sweating and a blood pressure far above their normal. Blood pressure numbers are "210/120" or
# "210 over 120" as written, "210 120" once normalised.
_SPINAL_CORD_INJURY = (
    r"\bspinal (?:cord )?(?:injury|injuries|injured|lesion|damage)\b|\bsci\b|\b(?:para|quadri|tetra)plegi\w*"
    r"|\b(?:broke|broken|injured) (?:his|her|their|my) (?:neck|back)\b|\b[ct]\d\d? (?:injury|level|complete"
    r"|incomplete|spinal)\b|\bdysreflexia\b"
)
_BAD_HEADACHE = (
    r"\b(?:pounding|throbbing|severe|splitting|terrible|awful|bad|banging|thumping|sudden|worst|massive"
    r"|blinding|excruciating) (?:\w+ )?head ?aches?\b|\bhead (?:\w+ ){0,2}(?:pounding|throbbing|banging|splitting)\b"
)
_FLUSHED = (
    r"\b(?:flushed|flushing|goose ?bumps|blurr\w* vision|stuffy nose|sweat\w*)\b"
    r"|\b(?:face|skin|neck|cheeks?) (?:\w+ ){0,3}(?:red|flushed|blotchy|purple)\b|\bred (?:in the )?face\b"
)
_BP_NUMBERS = r"(?:1[89]\d|[23]\d\d) (?:over |on )?(?:1[1-9]\d|2\d\d)\b"  # 180 and over, 110 and over
_HIGH_BP = (
    rf"\b(?:blood pressure|bp|systolic)\b {_ANY}{{0,6}}(?:{_BP_NUMBERS}|(?:very|really|dangerously|extremely|sky"
    r"|super|so|crazy|incredibly) high|through the roof|skyrocket\w*|spik\w*|shot up)"
    rf"|\b{_BP_NUMBERS} {_ANY}{{0,3}}(?:blood pressure|bp)\b"
)


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
        # instead, so it does not count as a stroke sign then. A hand or foot that is numb and
        # tingling, and not suddenly (the rule below), is the nerve complaint it usually is.
        _rule(
            rf"\b(?:left|right) (?:arm|leg) {_ANY}{{0,3}}{_ONE_SIDED_LIMB}",
            now=True,
            unless=_LONG_STANDING + r"|\bchest\b",
        ),
        _rule(
            rf"\b(?:left|right) (?:hand|foot) {_ANY}{{0,3}}{_ONE_SIDED_LIMB}",
            now=True,
            unless=_LONG_STANDING + r"|\bchest\b|\btingl",
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
        # Heart attack signs told rather than named: clutching the chest, a crushing pain, pain
        # spreading to the arm or jaw with sweating, grey skin or breathlessness.
        _rule(
            r"\b(?:grab\w*|clutch\w*|clasp\w*|clench\w*|gripp?\w*|holding|held|hold|pressing|pressed)"
            r" (?:at |onto |on to )?(?:his|her|my) chest\b",
            now=True,
        ),
        _rule(
            r"\bcrushing (?:pain|pressure|feeling|sensation|weight|ache|tightness|heaviness)\b"
            r"|\b(?:pain|pressure|ache|tightness|heaviness|feeling|sensation)s? (?:\w+ ){0,3}crush\w*",
            r"\b(?:chest|heart|breastbone|sternum|arms?|jaw|sweat\w*|clammy|grey|gray|ashen|breath\w*)\b",
            now=True,
        ),
        _rule(
            rf"\b(?:pain|ache|aching|pressure|tightness|discomfort)\w* {_ANY}{{0,4}}(?:spread\w*|radiat\w*|going"
            rf"|goes|went|moving|moves|shoot\w*|travel\w*|down|into) {_ANY}{{0,3}}(?:arms?|jaw|neck|shoulders?)\b"
            r"|\b(?:left )?arm (?:and|or) (?:his |her |my |their )?jaw\b|\bjaw (?:and|or) (?:his |her |my |their )?"
            r"(?:left )?arm\b",
            r"\b(?:grey|gray|ashen|sweat\w*|clammy|short of breath|breathless|nause\w*|vomit\w*|dizz\w*"
            r"|light ?headed|faint\w*|pale)\b",
            now=True,
            unless=r"\bneck (?:pain|ache|hurts)|\b(?:sciatica|pinched nerve|trapped nerve)\b",
        ),
        _rule(r"\b(?:grey|gray|ashen)\b", r"\b(?:sweat\w*|clammy)\b", r"\b(?:pain\w*|chest|heart)\b", now=True),
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
        # Not an overdose feared or avoided: "I don't want to overdose by mistake".
        _rule(
            r"\bover ?dos\w*|\boverdoes\w*|\bod(?:ed|d|ing)? on\b",
            now=True,
            unless=r"\b(?:dont|do not|doesnt|never) want to (?:\w+ ){0,8}over ?dos"
            r"|\b(?:afraid|scared|worried|fear\w*) (?:of|about) (?:\w+ ){0,2}over ?dosing"
            r"|\b(?:avoid\w*|prevent\w*) (?:\w+ ){0,2}over ?dos",
        ),
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
        # Electricity: touching a live wire, a fork in a socket, an electric shock, lightning.
        _rule(
            rf"\b{_PERSON} {_ANY}{{0,3}}(?:touched|grabbed|held|bit|chewed|stepped on|stood on|fell (?:on|onto"
            rf"|against)|brushed|climbed|licked|cut (?:into|through)|drilled (?:into|through)) {_ANY}{{0,4}}"
            rf"{_LIVE_SOURCE}\b",
            now=True,
        ),
        _rule(
            r"\b(?:stuck|put|poked|pushed|shoved|inserted) (?:a |an |the |his |her |my )?(?:fork|knife|keys?"
            r"|fingers?|pin|hairpin|hair clip|paper ?clip|screwdriver|metal \w+|wire|nail|coin) (?:\w+ )?(?:in|into"
            r"|inside) (?:the |a |an )?(?:plug |power |electric(?:al)? |wall )?(?:socket|outlet|plug socket|toaster)\b",
            now=True,
        ),
        _rule(r"\belectrocut(?:ed|ing)\b|\b(?:struck|hit) by lightning\b", now=True),
        _rule(
            rf"\b(?:got|had|received|took|taken|gotten|suffered) (?:a |an )?(?:\w+ )?{_ELECTRIC_SHOCK}"
            r"|\b(?:shock|shocked|zapped|jolted|thrown|flung|blown|knocked) (?:\w+ ){0,2}(?:by|from|off) (?:a |an |the |his |her"
            r" |my )?(?:\w+ ){0,2}(?:wires?|cables?|cords?|sockets?|outlets?|plugs?|mains|electricity|current"
            r"|appliance|toaster|leads?|chargers?|fuse ?box|lightning|shock)\b",
            now=True,
        ),
        _rule(
            _ELECTRIC_SHOCK,
            r"\b(?:thrown|flung|burns?|burnt|burned|dazed|confused|unconscious|collaps\w*|palpitations?|not breathing"
            r"|cant breathe|knocked out|passed out|cant let go)\b|\bheart (?:\w+ ){0,2}(?:racing|pounding|irregular"
            r"|fluttering|beating fast|skipping)\b",
            now=True,
        ),
        # A scald or burn on a small child: "my toddler scalded his hand", "hot tea on the baby".
        _rule(
            rf"\b{_SMALL_CHILD} {_ANY}{{0,8}}(?:{_BURN_EVENT})"
            rf"|(?:{_BURN_EVENT}) {_ANY}{{0,6}}(?:on|to|over) (?:my |our |the |his |her |their )?{_SMALL_CHILD}\b",
            now=True,
        ),
        _rule(rf"\b{_SMALL_CHILD}\b", _BURN_EVENT, _DEEP_BURN, now=True),
        # Hot liquid pulled over someone, as children do: "pulled a kettle of boiling water over himself".
        _rule(
            rf"\b(?:pulled|tipped|knocked|dragged|upended) {_ANY}{{0,6}}(?:boiling|scalding|hot|kettle|pan|pot"
            rf"|saucepan|teapot|fryer)\w* {_ANY}{{0,5}}(?:over|onto|on|down) (?:him|her|them|my)sel(?:f|ves)\b"
            rf"|\b(?:spilled|spilt|poured|dropped|splashed|threw) {_ANY}{{0,6}}(?:boiling|scalding) {_ANY}{{0,5}}"
            r"(?:over|onto|on|down) (?:him|her|them)sel(?:f|ves)\b"
            rf"|\b(?:kettle|pan|pot|saucepan|teapot|fryer|boiling|scalding) {_ANY}{{0,4}}(?:tipped|spilled|spilt|fell"
            r"|poured|went|splashed) (?:all )?(?:over|onto|on|down) (?:him|her|them|my)\b",
            now=True,
        ),
        # A deep burn: white or charred skin, or blisters over a large area or on the face or trunk.
        _rule(_BURN_EVENT, _FULL_THICKNESS, now=True),
        _rule(_BURN_EVENT, _DEEP_BURN, _LARGE_AREA, now=True),
        _rule(
            r"\b(?:has|have|got|with|covered in|suffered) (?:a |an |some )?(?:large|big|huge|extensive|deep|massive"
            r"|widespread) (?:\w+ )?(?:burns?|scalds?)\b(?! scars?)",
            now=True,
        ),
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
        # Won't wake up: "she won't wake up", "I can't wake him"; not "they could not wake me up
        # for two days": whoever writes it is awake.
        _rule(
            rf"\b{_PERSON_3RD} {_ANY}{{0,3}}(?:{_NOT}) {_ANY}?(?:wake|waking|woken|waken|rouse)\w*(?! (?:up )?(?:me|us)\b)"
        ),
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
        # Other emergencies, for which the general advice is the right one.
        # A head injury with a sign of harm to the brain: "hit her head and isn't answering me".
        _rule(_HEAD_INJURY, _HEAD_RED_FLAG, now=True),
        # Not answering with the eyes closed or the body limp: "she isn't answering and her eyes are closed".
        _rule(
            rf"\b{_PERSON_3RD} {_ANY}{{0,3}}(?:{_NOT}|stopped) {_ANY}?(?:answer\w*|react\w*)\b",
            r"\beyes (?:\w+ ){0,2}(?:closed|shut|rolled back|rolling)\b|\b(?:limp|floppy)\b",
            now=True,
        ),
        # Arms or legs that cannot move or feel after a fall, a dive or a crash: a spinal injury.
        _rule(
            _INJURY,
            _PARALYSIS,
            now=True,
            unless=_LONG_STANDING + r"|\b(?:para|quadri|tetra)plegi\w*",
        ),
        _rule(
            _INJURY,
            _NECK_INJURY,
            r"\b(?:cant|couldnt|unable to|not able to|wont) (?:\w+ )?(?:move|feel)\b",
            now=True,
            unless=_LONG_STANDING,
        ),
        # Autonomic dysreflexia after a spinal cord injury: two of a bad headache, a flushed or
        # sweating face and a very high blood pressure; or named as happening.
        _rule(_SPINAL_CORD_INJURY, _BAD_HEADACHE, _FLUSHED + "|" + _HIGH_BP, now=True),
        _rule(_SPINAL_CORD_INJURY, _HIGH_BP, _FLUSHED + "|" + _BAD_HEADACHE, now=True),
        _rule(
            r"\b(?:having|has|got|is in|going into|signs of|episode of|attack of|bout of|think (?:\w+ ){0,3}(?:is|has))"
            r" (?:an? )?(?:\w+ )?(?:autonomic )?dysreflexia\b",
            now=True,
        ),
        # A blood pressure of 180/110 or more with a sign of harm (a hypertensive emergency).
        _rule(
            _BP_NUMBERS,
            r"\b(?:blood pressure|bp|systolic|reading)\b",
            _BAD_HEADACHE
            + r"|\b(?:confus\w*|blurr\w*|vision|chest pain|short of breath|numb\w*|weak\w*|seizure|fit)\b",
            now=True,
        ),
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


# What a message says a complaint is not ("it isn't a breathing problem"), and an emergency named
# as a topic for a group ("sudden cardiac arrest in adolescents"): no report of one.
_NOT_A_REPORT = re.compile(
    rf"\b{_NOT} (?:a|an|any) (?:\w+ ){{1,2}}(?:problems?|issues?)\b"
    r"|\bcardiac arrest in (?:young |older )?(?:adolescen\w*|teen\w*|athletes|children|kids|infants|adults|people"
    r"|women|men|students|youth)\b"
)


def detect_emergency(text: str) -> Emergency | None:
    """The kind of emergency a message describes as happening now, or None for anything else.

    Ordinary information questions ("what are the symptoms of a stroke?") return None; any
    mention of suicide or self-harm returns SUICIDE.
    """
    normalised = normalise_message(text)
    if not normalised:
        return None
    # Without the clauses about the past, long-standing complaints or facts in general. A subject
    # line that only names a topic ("SUBJECT: Carbon monoxide") counts where the message tells
    # what happens to someone ("bath scald: our toddler climbed in..."), not above a general question.
    urgent = _URGENT.search(normalised) is not None
    live = _live_text(text, urgent)
    if not urgent and normalised.startswith("subject"):  # a second reading only where there is a title
        untitled = _live_text(text, urgent, titles=False)
        if not _HAS_PERSON.search(_INFO_META.sub(" ", _META.sub(" ", untitled))):
            live = untitled
    live = _NOT_A_REPORT.sub(" ", live)
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
