r"""Cue words per section: the words that show a sentence speaks to a section ("cause", "due
to" for causes). Sentences that hold the asked section's cues rank higher when the bot answers
from a condition's sentences (`bot.answers.excerpts`); a question left with no word beyond every
section's cues is one a section answers (`without_section_words`); and the condition extractor
drops a name that is only the topic the question asks about ("clinical trials" in a research
question).
"""

from __future__ import annotations

import re
from functools import cache

# Regular-expression fragments matched after `\b` on lower-cased text. A key with no cues gets
# no excerpt, and names no topic.
SECTION_CUES: dict[str, tuple[str, ...]] = {
    "overview": (),
    "types": (
        r"types?\b",
        "subtype",
        r"forms?\b",
        r"kinds?\b",
        "classif",
        "categor",
        r"variants?\b",
    ),
    "causes": (
        "cause",
        "caused by",
        "due to",
        "result of",
        "results from",
        "resulting from",
        "mutation",
        "triggered",
        "trigger",
        "leads to",
        "lead to",
        "responsible for",
        "brought on by",
        "origin",
    ),
    "symptoms": (
        "symptom",
        r"signs?\b",
        "characteri",
        "feel",
        "pain",
        "ache",
        "headache",
        "weakness",
        r"weak\b",
        "may have",
        "may experience",
        "can experience",
        "fatigue",
        "tired",
        "fever",
        "swell",
        "rash",
        "itch",
        "numb",
        "tingl",
        "dizz",
        "nausea",
        "vomit",
        "cough",
        "bleed",
        "cramp",
        "trouble",
        "difficult",
    ),
    "diagnosis": (
        "diagnos",
        r"tests?\b",
        "testing",
        r"exams?\b",
        "examin",
        r"scans?\b",
        "biops",
        "blood test",
        r"mri\b",
        r"ct\b",
        "x-ray",
        "ultrasound",
        "imaging",
        "screen",
        "detect",
        "electromyograph",
        r"emg\b",
    ),
    "office_visit": (),
    "treatment": (
        "treat",
        "therap",
        "medicine",
        "medication",
        r"drugs?\b",
        "surgery",
        "surgical",
        "operation",
        "manage",
        "cure",
        "curable",
        "incurable",
        "relieve",
        "rehabilita",
        "transplant",
        "chemotherap",
        "radiation",
    ),
    "home_care": (
        "at home",
        "home care",
        "self-care",
        "self care",
        "lifestyle",
        "diet",
        "eat",
        "drink",
        r"rest\b",
        "exercis",
        "sleep",
        "nutrition",
        "fluids",
        "over-the-counter",
    ),
    "when_to_see_doctor": (
        "call your",
        "call 911",
        "see a doctor",
        "see your doctor",
        "see a health care",
        "see your health care",
        "talk to your",
        "talk with your",
        "contact your",
        "seek medical",
        "medical attention",
        "medical help",
        "emergency",
        "right away",
        "immediately",
    ),
    "alternative_names": (),
    "risk_factors": (
        "risk",
        "more likely",
        "more common in",
        "more common among",
        "more often",
        "likely to",
        r"ages?\b",
        r"aged\b",
        "older",
        "family history",
        "susceptib",
        "predispos",
    ),
    "prevention": (
        "prevent",
        "avoid",
        "reduce the risk",
        "reduce your risk",
        "lower the risk",
        "lower your risk",
        "vaccin",
        "immuniz",
        "protect",
    ),
    "outlook": (
        "outlook",
        "prognos",
        "life expectancy",
        "lifespan",
        "life span",
        "recover",
        "surviv",
        "progress",
        "fatal",
        "death",
        r"die\b",
        r"dies\b",
        "lifelong",
        "go away",
        "goes away",
        "improve",
        "get better",
        "gets better",
    ),
    "complications": (
        "complicat",
        "lead to",
        "leads to",
        "leading to",
        "result in",
        "results in",
        "damage",
        "untreated",
        "life-threatening",
        "worsen",
    ),
    "inheritance": (
        "inherit",
        "autosomal",
        "x-linked",
        r"genes?\b",
        "genetic",
        "passed down",
        "passed from",
        "passed on",
        "runs in famil",
        "run in famil",
        "famil",
        r"parents?\b",
    ),
    "frequency": (
        "affects about",
        "affect about",
        "affects approximately",
        "affects an estimated",
        "estimated",
        r"1 in\b",
        r"one in\b",
        r"per \d",
        "per million",
        r"rare\b",
        "uncommon",
        r"common\b",
        "prevalen",
        "incidence",
        "percent",
        "million",
        "each year",
    ),
    "genetic_changes": (
        "mutat",
        r"genes?\b",
        "genetic",
        "chromosom",
        r"dna\b",
        r"variants?\b",
        "deletion",
        "protein",
        "enzyme",
    ),
    "stages": (r"stages?\b", "staging", "grade", "phase", "advanced", r"early\b", r"late\b"),
    "research": (
        "research",
        r"stud(y|ies)\b",
        "clinical trial",
        "scientist",
        "investigat",
    ),
}


@cache
def cue_pattern(key: str) -> re.Pattern[str] | None:
    """The compiled cues of a section key (matched on lower-cased text), or None if it has none."""
    cues = SECTION_CUES.get(key, ())
    if not cues:
        return None
    return re.compile(r"\b(?:" + "|".join(f"(?:{cue})" for cue in cues) + ")")


# Words that only make a sentence a request ("please help, any information?"), not what it asks.
REQUEST_WORDS = frozenset(
    "help answer answers advise advice info information question questions please pls thanks thank reply "
    "know tell guide suggest suggestions anything something appreciate appreciated kindly".split()
)

# Words of a question that ask for a section without being cues of its text ("other names",
# "is it hereditary?", "any different kinds").
_SECTION_QUESTION_WORDS = (
    r"names?|called|known|aka|differ\w*|kinds?|other|ways?|long|happen\w*|expect|normal|serious|"
    r"curable|treatable|fatal|deadly|heredit\w*|prevent\w*|avoid\w*|test\w*|diagnos\w*|symptoms?"
)


@cache
def _any_cue() -> re.Pattern[str]:
    cues = [f"(?:{cue})" for key_cues in SECTION_CUES.values() for cue in key_cues]
    return re.compile(r"\b(?:" + "|".join(cues) + "|(?:" + _SECTION_QUESTION_WORDS + r")\b)\w*")


def without_section_words(text: str) -> str:
    """The text (lower-cased) without what some section is about: the cues of every section
    ("complications", "leads to", "genetic") and the words that ask for one ("hereditary",
    "other names"). What is left of a question is what it asks beyond a section."""
    return _any_cue().sub(" ", text.lower())


# The words with which a question asks for a section ("why ...?" asks the causes, "is there a
# cure?" the treatment), read where the intent model, which learnt from short single questions,
# hears a story's words instead (`asked_sections`). Only words that ask one section plainly:
# "what can I do?" asks what helps, which `bot.language.reading` reads on its own.
QUESTION_CUES: dict[str, str] = {
    # "what could this be?", "what is wrong with me?": what causes it
    "causes": (
        r"why|(?<!illnesses )(?<!diseases )(?<!conditions )(?<!problems )caus\w*|reasons?|what makes|triggers?|triggered|what (?:could|can|might|would) (?:this|it|that) be|"
        r"what(?:'s| is| could be| can be) wrong|for what (?:it'?s|it is) happening|"
        # "is the constipation related to her diabetes?", "any connection with her pituitary?"
        r"(?:is|are|be) (?:\w+ ){0,2}(?:related|linked|connected) (?:to|with)|any (?:connection|link|relation(?:ship)?) (?:with|to|between)"
    ),
    # "...again a month after treatment?", "recovery after surgery": when, not what treats it;
    # "home treatment" is care at home
    "treatment": (
        r"(?<!after )(?<!since )(?<!during )(?<!before )(?<!after the )(?<!after my )(?<!after his )(?<!after her )(?<!home )"
        r"(?:treat\w*|cur(?:e|es|ed|able|ing)|therap\w*|medicines?|medications?|drugs?|surg\w*|"
        r"remed(?:y|ies)|operat(?:e|ion|ions)|get rid of)"
    ),
    "inheritance": (
        r"genetic(?:ally)?|hereditary|heredity|inherit\w*|runs? in (?:the |my |our |his |her )?famil\w*|"
        r"pass(?:es)? (?:it|this|that) (?:on|down)|passed (?:on|down)|pass(?:es)? down|"
        # "will our children have it?", "can we plan another baby?", "can she have normal children?"
        r"(?:children|kids|child|babies|baby|offspring|grandchildren) (?:\w+ )?(?:will|would|could|can|might|may) (?:also )?"
        r"(?:have|inherit\w*|be born with|be affected)|"
        r"(?:will|would|could|can|might|may) (?:my|our|her|his|their|the|your) (?:children|kids|child|babies|baby) (?:also )?"
        r"(?:have|inherit\w*|be born with|be affected)|"
        r"(?:another|second|2nd|next|more) (?:baby|babies|child|children|kids|pregnancy)|"
        r"have (?:normal|healthy) (?:children|kids|babies|baby)"
    ),
    "genetic_changes": r"genes?|mutations?|chromosomes?",
    "risk_factors": r"risks?(?! of (?:an? )?untreated)|at risk|more likely|susceptible|chances? of (?:getting|having|developing)",
    "prevention": r"prevent\w*|avoid\w*|protect\w*|vaccin\w*|stop (?:\w+ ){0,3}(?:from )?happening",
    "symptoms": r"symptoms?|signs?",
    # "help for my diagnosis" is about one's own, not how it is made
    "diagnosis": (
        r"(?<!my )(?<!his )(?<!her )(?<!our )(?<!their )diagnos\w*|tests?|tested|testing|scans?|biops(?:y|ies)|"
        r"exams?|examination"
    ),
    "outlook": (
        r"prognosis|outlook|life expectancy|recover\w*|surviv\w*|go away|goes away|get better|disappear\w*|outgrow\w*|"
        r"heal|normal life|come back|comes back|recur\w*|occur\w* again|how long (?:will|can|does|do|would) \w+ (?:live|survive|last)"
    ),
    # "the risks of untreated RA" are what it leads to, and so are "illnesses caused by smoking"
    "complications": (
        r"complications?|long[- ]term effects?|damage|lead to|leads to|risks? of (?:an? )?untreated|"
        r"(?:illnesses|diseases|conditions|problems) (?:are |can be |that are )?caused by"
    ),
    "frequency": r"how common|how many people|how rare|prevalence",
    "home_care": r"at home|home (?:remed(?:y|ies)|treatments?|care)|diet|(?:can|should|to) (?:i|we|he|she|they) eat|what to eat",
    "types": r"(?:what|which|how many|different|other|the) (?:types?|kinds?|forms?)|types",
    "research": r"research\w*|clinical trials?|trials?|stud(?:y|ies)",
    "stages": r"stages?|staging",
    "alternative_names": r"other names?|(?:a|another) name for|also called|also known",
    "when_to_see_doctor": (
        r"(?:see|visit|call|consult) (?:a|the|my|our|your|her|his) (?:doctor|gp|physician|specialist)|"
        r"go to (?:the |a )?(?:doctor|er|emergency|hospital)|"
        r"(?:should|do|must) (?:i|we|he|she|they) (?:be )?(?:worried|concerned|worry)"
    ),
}


@cache
def _question_cue(key: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + QUESTION_CUES[key] + r")\b", re.IGNORECASE)


def asked_sections(sentence: str) -> frozenset[str]:
    """The section keys a question's own words ask for (`QUESTION_CUES`)."""
    return frozenset(key for key in QUESTION_CUES if _question_cue(key).search(sentence))
