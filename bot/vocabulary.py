"""The names that the code, the domain, the training data and the clients share, each spelled
once: section keys (from the outside contract) and their titles, the intents that ask for them,
the special intents, slots and entities. `tests/test_vocabulary.py` checks that `domain.yml`,
the rules, the NLU templates and the importers' tables cover exactly these names.
"""

from __future__ import annotations

from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.core.constants import USER_INTENT_RESTART, USER_INTENT_SESSION_START

# The reference page's own layout first, then sections that come from other sources.
SECTION_KEYS: tuple[str, ...] = (
    "overview",
    "types",
    "causes",
    "symptoms",
    "diagnosis",
    "office_visit",
    "treatment",
    "home_care",
    "when_to_see_doctor",
    "alternative_names",
    "risk_factors",
    "prevention",
    "outlook",
    "complications",
    "inheritance",
    "frequency",
    "genetic_changes",
    "stages",
    "research",
)
# The sections of the reference page's layout (the page importer reads these headings).
PAGE_SECTION_KEYS: tuple[str, ...] = SECTION_KEYS[:10]
DEFAULT_SECTION = "overview"

# Headings shown above an answer, and on buttons that offer a section.
SECTION_TITLES: dict[str, str] = {
    "overview": "Overview",
    "types": "Types",
    "causes": "Causes",
    "symptoms": "Symptoms",
    "diagnosis": "Exams and tests",
    "office_visit": "What happens at the appointment",
    "treatment": "Treatment",
    "home_care": "Home care",
    "when_to_see_doctor": "When to see a doctor",
    "alternative_names": "Other names",
    "risk_factors": "Who is at risk",
    "prevention": "Prevention",
    "outlook": "Outlook",
    "complications": "Complications",
    "inheritance": "Inheritance",
    "frequency": "How common it is",
    "genetic_changes": "Genetic changes",
    "stages": "Stages",
    "research": "Research",
}

# Every section question intent is named after its key: ask_causes answers `causes`.
SECTION_INTENT_PREFIX = "ask_"
INFORM_CONDITION_INTENT = "inform_condition"  # a condition named alone: "what about polio?"
MORE_INTENT = "more"  # the "More" button (/more) and a typed "go on"
EMERGENCY_INTENT = "emergency"  # set by the emergency detector, never by the intent model
CRISIS_INTENT = "crisis"  # thoughts of suicide or self-harm, set by the same detector
FALLBACK_INTENT = DEFAULT_NLU_FALLBACK_INTENT_NAME
OUT_OF_SCOPE_INTENT = "out_of_scope"  # not a question about a condition, or a personal diagnosis
# Intents that a message naming a condition and asking something has only by its story's words
# ("Hi, thanks in advance: my mother has X..."): the question reader makes it a condition question.
STORY_INTENTS: tuple[str, ...] = (
    FALLBACK_INTENT,
    OUT_OF_SCOPE_INTENT,
    "greet",
    "thank",
    "goodbye",
    "affirm",
    "deny",
    "help",
)

# Rasa's own commands that start a conversation afresh ("/restart" in `rasa shell`); Rasa answers
# them with no message, so the channels say what happened.
FRESH_START_COMMANDS: tuple[str, ...] = (f"/{USER_INTENT_RESTART}", f"/{USER_INTENT_SESSION_START}")
CONDITION_ENTITY = "condition"

# Slots, all set by the answering action only.
CONDITION_SLOT = "condition"  # the condition last talked about (canonical name)
SECTION_SLOT = "section"  # the section last asked
DISCLAIMER_SLOT = "disclaimer_shown"  # the not-medical-advice notice was shown
LISTED_SLOT = "listed_conditions"  # the conditions the last reply offered to choose from
SHOWN_SLOT = "answer_shown"  # how many blocks of the last answer were shown, for "more"
SLOTS: tuple[str, ...] = (CONDITION_SLOT, SECTION_SLOT, DISCLAIMER_SLOT, LISTED_SLOT, SHOWN_SLOT)

# Reply text is plain: paragraphs apart, list items as lines that start with this.
BULLET = "• "

# The reply payload's `kind` (../shared/CONTRACT.md); the domain's responses spell theirs in YAML.
ANSWER_KIND = "answer"
MISSING_SECTION_KIND = "missing_section"
UNKNOWN_CONDITION_KIND = "unknown_condition"
DISAMBIGUATION_KIND = "disambiguation"
EMERGENCY_KIND = "emergency"
OUT_OF_SCOPE_KIND = "out_of_scope"
FALLBACK_KIND = "fallback"
GREETING_KIND = "greeting"
CHITCHAT_KIND = "chitchat"
ERROR_KIND = "error"
REPLY_KINDS: frozenset[str] = frozenset(
    {
        ANSWER_KIND,
        MISSING_SECTION_KIND,
        UNKNOWN_CONDITION_KIND,
        DISAMBIGUATION_KIND,
        EMERGENCY_KIND,
        OUT_OF_SCOPE_KIND,
        FALLBACK_KIND,
        GREETING_KIND,
        "goodbye",
        "help",
        CHITCHAT_KIND,
        ERROR_KIND,
    }
)


def section_for_intent(intent: str | None) -> str | None:
    """The section key an intent asks for, or None when the intent is not a section question."""
    if intent and intent.startswith(SECTION_INTENT_PREFIX):
        key = intent[len(SECTION_INTENT_PREFIX) :]
        if key in SECTION_KEYS:
            return key
    return None


def intent_for_section(key: str) -> str:
    """The intent that asks for a section, e.g. `ask_causes` for `causes`."""
    return SECTION_INTENT_PREFIX + key


def intent_payload(intent: str, condition: str | None = None) -> str:
    """A button's payload, Rasa's `/intent{"condition": ...}`, which works in every channel."""
    entities = f'{{"{CONDITION_ENTITY}": "{condition}"}}' if condition else ""
    return f"/{intent}{entities}"


def is_condition_question(intent: str | None) -> bool:
    """Whether an intent asks about a condition (a section, or a condition named alone)."""
    return intent == INFORM_CONDITION_INTENT or section_for_intent(intent) is not None
