"""Whatever people type, the text functions of the bot answer without failing (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answering import Question, answer_question
from bot.nonsense import is_nonsense
from bot.references import list_choice
from bot.safety import detect_emergency

texts = st.text(max_size=300)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_matching_returns_spans_of_the_text(kb, text: str) -> None:
    for match in kb.matcher.find(text):
        assert text[match.start : match.end] == match.text and match.condition_ids


@settings(max_examples=300, deadline=None)
@given(texts)
def test_detectors_and_choices_never_fail(text: str) -> None:
    detect_emergency(text)
    is_nonsense(text)
    list_choice(text)


@settings(max_examples=200, deadline=None)
@given(texts, st.sampled_from([None, "overview", "causes", "stages"]))
def test_any_name_gets_a_reply_of_the_contract(kb, text: str, section) -> None:
    outcome = answer_question(kb, Question(section=section, condition_names=[text] if text else [], text=text))
    assert outcome.reply.payload["kind"] in {"answer", "missing_section", "unknown_condition", "disambiguation"}
    assert outcome.reply.text
