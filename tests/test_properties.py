"""Whatever people type, the text functions of the bot answer without failing (hypothesis).

The messages are what the NLU components and the action see on every turn: any text JSON can
carry (surrogates excluded), control and format characters, emoji and other scripts, real
questions wrapped in noise, and long texts up to a little over the channels' length limit
(bot/channels/limits.py: longer messages never reach the NLU).
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answers.answering import Question, answer_question
from bot.channels.limits import DEFAULT_MAX_MESSAGE_CHARS
from bot.language.nonsense import is_nonsense
from bot.language.references import asks_for_more, list_choice
from bot.language.safety import Emergency, detect_emergency

texts = st.text(max_size=300)

# Characters hypothesis draws rarely by default, but people and clients send.
awkward = st.characters(
    whitelist_categories=("Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "So", "Sm", "Lo"), blacklist_categories=("Cs",)
)
QUESTIONS = [
    "what is ALS?", "how is a stroke treated", "what causes muscle wasting?", "the second one",
    "more", "{condition}", "{{x}}", "<script>alert(1)</script>", "'; DROP TABLE events; --",
    '{"condition": "Stroke"}', "/ask_causes{\"condition\": \"Polio\"}", "chest pain and can't breathe",
]  # fmt: skip
messages = st.one_of(
    texts,
    st.text(awkward, max_size=200),
    st.builds(
        lambda a, q, b: a + q + b, st.text(awkward, max_size=20), st.sampled_from(QUESTIONS), st.text(max_size=20)
    ),
    # Long: up to just over the length limit, from a small alphabet so that words form.
    st.text(st.sampled_from("abcdeilmnorstu ALS\n\t."), min_size=500, max_size=DEFAULT_MAX_MESSAGE_CHARS + 100),
)

CONTRACT_KINDS = {
    "answer", "missing_section", "unknown_condition", "disambiguation", "emergency", "out_of_scope",
    "fallback", "greeting", "goodbye", "help", "chitchat", "error",
}  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(texts)
def test_matching_returns_spans_of_the_text(kb, text: str) -> None:
    for match in kb.matcher.find(text):
        assert text[match.start : match.end] == match.text and match.condition_ids


@settings(max_examples=150, deadline=None)
@given(messages)
def test_matching_any_message_gives_known_conditions(kb, text: str) -> None:
    for match in kb.matcher.find(text):
        assert text[match.start : match.end] == match.text
        assert all(condition_id in kb.conditions for condition_id in match.condition_ids)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_detectors_and_choices_never_fail(text: str) -> None:
    detect_emergency(text)
    is_nonsense(text)
    list_choice(text)


@settings(max_examples=200, deadline=None)
@given(messages)
def test_detectors_and_choices_give_their_types_on_any_message(text: str) -> None:
    assert detect_emergency(text) is None or isinstance(detect_emergency(text), Emergency)
    assert isinstance(is_nonsense(text), bool)
    choice = list_choice(text)
    assert choice is None or isinstance(choice, int)
    assert isinstance(asks_for_more(text), bool)


@settings(max_examples=200, deadline=None)
@given(texts, st.sampled_from([None, "overview", "causes", "stages"]))
def test_any_name_gets_a_reply_of_the_contract(kb, text: str, section) -> None:
    outcome = answer_question(kb, Question(section=section, condition_names=[text] if text else [], text=text))
    assert outcome.reply.payload["kind"] in {"answer", "missing_section", "unknown_condition", "disambiguation"}
    assert outcome.reply.text


@settings(max_examples=150, deadline=None)
@given(
    messages,
    st.sampled_from([None, "overview", "causes", "treatment", "stages"]),
    st.sampled_from([None, "Stroke", "Amyotrophic lateral sclerosis"]),
    st.sampled_from([(), ("Stroke", "Polio")]),
    st.booleans(),
)
def test_any_message_as_the_action_reads_it_gets_a_reply_of_the_contract(
    kb, text: str, section, context, listed, more
) -> None:
    # The condition entities as the NLU's extractor makes them: canonical name or words as written.
    names = [
        kb.conditions[match.condition_id].name if match.condition_id else match.text for match in kb.matcher.find(text)
    ]
    question = Question(
        section=section, condition_names=names, context_condition=context, context_section=section,
        listed=listed, text=text, shown=1 if more else 0, more=more,
    )  # fmt: skip
    outcome = answer_question(kb, question)
    assert outcome.reply.payload["kind"] in CONTRACT_KINDS
    assert outcome.reply.text.strip()
    json.dumps(outcome.reply.payload)  # the payload travels as JSON
