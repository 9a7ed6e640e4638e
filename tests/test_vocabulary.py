"""One vocabulary: the section keys of the outside contract, and every table that names sections
or intents (the domain, the rules, the NLU templates, the importers' tables, the excerpt cues)
covering exactly those keys, each spelled as `bot.vocabulary` spells it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.build.medquad import QTYPE_SECTIONS
from bot.build.nlu_generation import SECTION_TEMPLATES
from bot.build.page_importer import CUES, HEADINGS
from bot.language.cues import SECTION_CUES, cue_pattern
from bot.vocabulary import (
    CONDITION_ENTITY,
    CRISIS_INTENT,
    EMERGENCY_INTENT,
    FALLBACK_INTENT,
    INFORM_CONDITION_INTENT,
    MORE_INTENT,
    OUT_OF_SCOPE_INTENT,
    PAGE_SECTION_KEYS,
    REPLY_KINDS,
    SECTION_INTENT_PREFIX,
    SECTION_KEYS,
    SECTION_TITLES,
    SLOTS,
    STORY_INTENTS,
    intent_for_section,
    intent_payload,
    is_condition_question,
    section_for_intent,
)

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT.parent / "shared" / "CONTRACT.md"
SECTION_INTENTS = {intent_for_section(key) for key in SECTION_KEYS}
# MedQuAD asks no question of these: the reference page's types, appointment and other names.
NOT_IN_MEDQUAD = {"types", "office_visit", "alternative_names"}


def contract_section_keys() -> tuple[str, ...]:
    """The keys listed under "## Section keys" in ../shared/CONTRACT.md, in their order."""
    text = CONTRACT.read_text(encoding="utf-8")
    part = text.split("## Section keys", 1)[1].split("\n## ", 1)[0]
    listed = " ".join(line for line in part.splitlines() if line.startswith(("- ", "  ")))
    return tuple(re.findall(r"[a-z_]+", listed.replace("- ", " ")))


def load(name: str) -> Any:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def test_the_section_keys_are_the_contracts_in_its_order() -> None:
    assert SECTION_KEYS == contract_section_keys()
    assert PAGE_SECTION_KEYS == SECTION_KEYS[: len(PAGE_SECTION_KEYS)] and "alternative_names" in PAGE_SECTION_KEYS


def test_the_reply_kinds_are_the_contracts_and_the_domain_uses_only_those() -> None:
    text = CONTRACT.read_text(encoding="utf-8")
    table = [line for line in text.splitlines() if line.startswith("| `")]
    listed = {kind for line in table for kind in re.findall(r"`([a-z_]+)`", line.split("|")[1])}
    assert listed == REPLY_KINDS
    responses = load("domain.yml")["responses"]
    kinds = {v["custom"]["kind"] for variants in responses.values() for v in variants if "custom" in v}
    assert kinds and kinds <= REPLY_KINDS


def test_every_section_has_a_title() -> None:
    assert list(SECTION_TITLES) == list(SECTION_KEYS)


def test_the_domain_has_exactly_the_section_intents_slots_and_entities() -> None:
    domain = load("domain.yml")
    intents = set(domain["intents"])
    assert {i for i in intents if i.startswith(SECTION_INTENT_PREFIX)} == SECTION_INTENTS
    assert {INFORM_CONDITION_INTENT, MORE_INTENT, EMERGENCY_INTENT, CRISIS_INTENT, OUT_OF_SCOPE_INTENT} <= intents
    assert set(STORY_INTENTS) - {FALLBACK_INTENT} <= intents  # the fallback intent is Rasa's own
    assert set(domain["slots"]) == set(SLOTS)
    assert domain["entities"] == [CONDITION_ENTITY]


def test_the_rules_answer_every_section_intent_and_the_special_ones() -> None:
    rule_intents = [
        step["intent"] for rule in load("data/rules.yml")["rules"] for step in rule["steps"] if "intent" in step
    ]
    assert {i for i in rule_intents if i.startswith(SECTION_INTENT_PREFIX)} == SECTION_INTENTS
    assert len(rule_intents) == len(set(rule_intents)), "one rule an intent"
    assert {INFORM_CONDITION_INTENT, MORE_INTENT, EMERGENCY_INTENT, CRISIS_INTENT, FALLBACK_INTENT} <= set(rule_intents)


def test_the_training_data_has_examples_of_every_section_intent() -> None:
    trained = {block["intent"] for block in load("data/nlu.yml")["nlu"] if "intent" in block}
    assert SECTION_INTENTS <= trained
    # The emergency intents are set by the detector only, never learnt.
    assert not {EMERGENCY_INTENT, CRISIS_INTENT} & trained


def test_the_generated_examples_cover_every_section() -> None:
    assert list(SECTION_TEMPLATES) == list(SECTION_KEYS)


def test_the_medquad_question_types_map_to_section_keys() -> None:
    assert set(QTYPE_SECTIONS.values()) == set(SECTION_KEYS) - NOT_IN_MEDQUAD


def test_the_page_importer_reads_every_section_of_the_page_layout() -> None:
    headings = {key for key in HEADINGS.values() if key is not None}
    assert set(PAGE_SECTION_KEYS) <= headings <= set(SECTION_KEYS)
    assert {key for key, _ in CUES} <= set(SECTION_KEYS)


def test_every_section_has_cues_or_none_on_purpose() -> None:
    assert list(SECTION_CUES) == list(SECTION_KEYS)
    for key in SECTION_KEYS:
        assert (cue_pattern(key) is None) == (not SECTION_CUES[key]), key


@pytest.mark.parametrize("key", SECTION_KEYS)
def test_section_intents_round_trip(key: str) -> None:
    assert section_for_intent(intent_for_section(key)) == key
    assert is_condition_question(intent_for_section(key))


@pytest.mark.parametrize("intent", [None, "", "greet", "ask_", "ask_nothing", MORE_INTENT, FALLBACK_INTENT])
def test_other_intents_ask_no_section(intent: str) -> None:
    assert section_for_intent(intent) is None
    assert not is_condition_question(intent)


def test_button_payloads_are_rasas_intent_messages() -> None:
    assert intent_payload(MORE_INTENT) == "/more"
    assert intent_payload("ask_causes", "Stroke") == '/ask_causes{"condition": "Stroke"}'
