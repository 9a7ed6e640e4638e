"""Section keys of a condition (from the outside contract) and how users and intents name them."""

from __future__ import annotations

from typing import Optional

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


def section_for_intent(intent: Optional[str]) -> Optional[str]:
    """The section key an intent asks for, or None when the intent is not a section question."""
    if intent and intent.startswith(SECTION_INTENT_PREFIX):
        key = intent[len(SECTION_INTENT_PREFIX) :]
        if key in SECTION_KEYS:
            return key
    return None


def intent_for_section(key: str) -> str:
    """The intent that asks for a section, e.g. `ask_causes` for `causes`."""
    return SECTION_INTENT_PREFIX + key


INFORM_CONDITION_INTENT = "inform_condition"


def is_condition_question(intent: Optional[str]) -> bool:
    """Whether an intent asks about a condition (a section, or a condition named alone)."""
    return intent == INFORM_CONDITION_INTENT or section_for_intent(intent) is not None
