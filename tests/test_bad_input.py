"""Bad input: whatever arrives, the user gets a reply with a payload, never a
server error or a stack trace, and the server keeps serving everyone else.

The first part tests bot/channels/limits.py on its own; the rest sends bad input through the real
servers' REST channel (bot/channels/rest.py), with the default limits (2,000 characters,
5 messages per sender per second after a burst of 10).
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from bot.channels.limits import (
    EMPTY,
    RATE_LIMITED,
    TOO_LONG,
    Limits,
    RateLimiter,
    Settings,
    is_blank,
    limited,
    refusal_reply,
)  # fmt: skip
from tests.helpers import (
    payloads,
    rest,
    slack_event,
    slack_post,
    socketio_reply,
    telegram_message,
    telegram_update,
    to_channel,
)

CONTRACT_KINDS = {
    "answer", "missing_section", "unknown_condition", "disambiguation", "emergency", "out_of_scope",
    "fallback", "greeting", "goodbye", "help", "chitchat", "error",
}  # fmt: skip
TRACE_MARKERS = ("Traceback", 'File "', "Exception", "Error:", "sanic", "rasa.core")


class Clock:
    """A clock the test moves by hand, so that rate limits are tested without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- bot/channels/limits.py ---------------------------------------------------------------------------


def test_settings_come_from_the_environment() -> None:
    assert Settings.from_env({}) == Settings(2000, 5, 10, 100_000)
    env = {"HEALTHBOT_MAX_MESSAGE_CHARS": "50", "HEALTHBOT_MAX_MESSAGES_PER_SECOND": " 0 ",
           "HEALTHBOT_MESSAGE_BURST": "3", "HEALTHBOT_RATE_LIMIT_SENDERS": "10"}  # fmt: skip
    assert Settings.from_env(env) == Settings(50, 0, 3, 10)
    assert Settings.from_env({"HEALTHBOT_MAX_MESSAGES_PER_SECOND": "2"}).message_burst == 4  # twice the rate


@pytest.mark.parametrize("value", ["five", "-1", "2.5"])
def test_a_bad_setting_stops_with_its_name(value: str) -> None:
    with pytest.raises(ValueError, match="HEALTHBOT_MAX_MESSAGES_PER_SECOND"):
        Settings.from_env({"HEALTHBOT_MAX_MESSAGES_PER_SECOND": value})


def test_rate_limiter_allows_a_burst_then_the_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(2, burst=3, clock=clock)
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")  # another sender has its own bucket
    clock.now += 0.25
    assert not limiter.allow("a")  # half a token: still refused
    clock.now += 0.25
    assert [limiter.allow("a") for _ in range(2)] == [True, False]  # one token a half second
    clock.now += 10
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]  # never more than the burst


def test_rate_limiter_forgets_idle_senders_and_stays_bounded() -> None:
    clock = Clock()
    limiter = RateLimiter(2, burst=2, max_senders=100, clock=clock)
    for number in range(1000):
        limiter.allow(f"sender-{number}")
    assert len(limiter) == 100  # the most recent only, even when all are active
    clock.now += 0.5
    limiter.allow("late")
    assert len(limiter) == 100  # half refilled: all remembered, the oldest made room for "late"
    clock.now += 0.5
    limiter.allow("later")
    assert len(limiter) == 2  # full again after a second: forgotten, as good as new


def test_rate_limit_zero_is_off() -> None:
    limiter = RateLimiter(0)
    assert all(limiter.allow("a") for _ in range(1000)) and len(limiter) == 0


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\x00\x1b\u200b\ufeff", None])
def test_blank_messages(text) -> None:
    assert is_blank(text)


@pytest.mark.parametrize("text", ["a", " ? ", "😀", "肌", "{x}"])
def test_messages_that_are_not_blank(text: str) -> None:
    assert not is_blank(text)


def test_limits_check_in_order_and_only_accepted_messages_count() -> None:
    clock = Clock()
    limits = Limits(Settings(max_message_chars=10, max_messages_per_second=1, message_burst=2), clock=clock)
    assert limits.check("a", "   ") == EMPTY
    assert limits.check("a", "x" * 11) == TOO_LONG
    assert limits.check("a", "  " + "x" * 10 + "  ") is None  # measured after trimming, as Rasa does
    assert limits.check("a", "hello") is None
    assert limits.check("a", "hello") == RATE_LIMITED
    assert Limits(Settings(0, 0), clock=clock).check("a", "x" * 100_000) is None


def test_refusals_carry_a_fallback_payload_with_the_reason() -> None:
    settings = Settings()
    for reason in (EMPTY, TOO_LONG, RATE_LIMITED):
        reply = refusal_reply(reason, settings)
        assert reply["custom"] == {"kind": "fallback", "reason": reason}
        assert reply["text"]
    assert "2,000 characters" in refusal_reply(TOO_LONG, settings)["text"]
    assert "slow down" in refusal_reply(RATE_LIMITED, settings)["text"].lower()


class Output:
    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent.append((recipient_id, message))


class Message:
    """The fields of Rasa's UserMessage that the wrapper reads."""

    def __init__(self, text: str, sender_id: str = "s") -> None:
        self.text, self.sender_id, self.output_channel = text, sender_id, Output()


def test_limited_answers_refusals_itself_and_hands_on_the_rest() -> None:
    handled: list[str] = []

    async def on_new_message(message: Message) -> None:
        handled.append(message.text)

    handle = limited(on_new_message, Limits(Settings(5, 1, 1), clock=Clock()))
    first, second, long = Message("hello"), Message("again"), Message("far too long")

    async def run() -> None:
        for message in (first, second, long):
            await handle(message)

    asyncio.run(run())
    assert handled == ["hello"]
    assert first.output_channel.sent == []
    assert [m["custom"]["reason"] for _, m in second.output_channel.sent] == [RATE_LIMITED]
    assert [(r, m["custom"]["reason"]) for r, m in long.output_channel.sent] == [("s", TOO_LONG)]


# --- through the real servers -----------------------------------------------------------------


def post(servers, body: bytes) -> tuple[int, Any]:
    """A raw POST to the REST webhook: the status and the parsed JSON, whatever the status."""
    request = urllib.request.Request(
        f"{servers.rasa_url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def assert_a_proper_reply(replies: list[dict[str, Any]]) -> dict[str, Any]:
    """One payload of the contract, some text, and no trace of the server's insides."""
    [payload] = payloads(replies)
    assert payload["kind"] in CONTRACT_KINDS
    text = "\n".join(reply.get("text") or "" for reply in replies)
    assert text.strip()
    assert not any(marker in text for marker in TRACE_MARKERS), text
    return payload


def assert_still_serving(servers) -> None:
    [payload] = payloads(rest(servers, f"other-{uuid.uuid4().hex}", "what is ALS?"))
    assert (payload["kind"], payload["condition"]) == ("answer", "Amyotrophic lateral sclerosis")


BAD_TEXTS = {
    "control characters": "\x00\x01\x07\x1b[31m\x7f\u200b\ufeff",
    "control characters around a question": "\x1b[1mwhat is ALS?\x1b[0m\x00",
    "emoji": "😀🩺💊🧠👩‍⚕️",
    "mixed scripts": "что такое ALS? 肌萎缩侧索硬化 ما هو التصلب 😷 ALS란?",
    "right-to-left override": "\u202ewhat is ALS?\u202c",
    "script tag": "<script>alert(1)</script>",
    "html": '<img src=x onerror="alert(1)"><b>bold</b><iframe src="//evil"></iframe>',
    "markdown": "# Heading\n**bold** _it_ [link](javascript:alert(1)) ![img](http://x/y.png)\n```\ncode\n```",
    "template braces": "{name} {condition} {{x}} {{ condition }} {0} %s %(x)s ${x} {% if x %}",
    "sql": "'; DROP TABLE events; --",
    "sql select": "SELECT * FROM users WHERE '1'='1' UNION SELECT password FROM accounts",
    "json": '{"sender": "admin", "message": "hi", "metadata": {"role": "admin"}}',
    "json intent": '/ask_causes{"condition": "{{x}}"}',
    "a long word": "a" * 1999,
    "many words at the limit": ("what is als " * 200)[:2000],
    "null bytes everywhere": "w\x00h\x00a\x00t",
    "newlines only words": "\n\n\nALS\n\n\n",
}  # fmt: skip


@pytest.mark.servers
@pytest.mark.parametrize("text", list(BAD_TEXTS.values()), ids=list(BAD_TEXTS))
def test_bad_text_gets_a_reply_with_a_payload(servers, text: str) -> None:
    status, replies = post(servers, json.dumps({"sender": f"bad-{uuid.uuid4().hex}", "message": text}).encode())
    assert status == 200
    payload = assert_a_proper_reply(replies)
    assert payload.get("reason") != TOO_LONG  # all within the default limit: read, not refused


@pytest.mark.servers
@pytest.mark.parametrize(
    "text", ["", "   ", "\n\t \r\n", "\x00\u200b "], ids=["empty", "spaces", "whitespace", "invisible"]
)
def test_blank_message_gets_a_prompt(servers, text: str) -> None:
    status, replies = post(servers, json.dumps({"sender": f"blank-{uuid.uuid4().hex}", "message": text}).encode())
    assert status == 200
    assert assert_a_proper_reply(replies) == {"kind": "fallback", "reason": EMPTY}


@pytest.mark.servers
def test_blank_message_does_not_repeat_the_last_answer(servers) -> None:
    # Without the check, Rasa reads "" as the last question again and answers about ALS.
    sender = f"blank-{uuid.uuid4().hex}"
    rest(servers, sender, "what is ALS?")
    assert payloads(rest(servers, sender, "  ")) == [{"kind": "fallback", "reason": EMPTY}]


@pytest.mark.servers
def test_100_kb_message_is_refused_politely(servers) -> None:
    sender = f"long-{uuid.uuid4().hex}"
    started = time.monotonic()
    replies = rest(servers, sender, "what is ALS? " * 8000)  # 104,000 characters
    assert time.monotonic() - started < 5  # refused before the NLU reads it
    assert assert_a_proper_reply(replies) == {"kind": "fallback", "reason": TOO_LONG}
    assert "too long" in replies[0]["text"] and "2,000" in replies[0]["text"]
    # The conversation goes on: the next message is read.
    [payload] = payloads(rest(servers, sender, "what is ALS?"))
    assert payload["kind"] == "answer"


@pytest.mark.servers
def test_invalid_utf8_is_read_with_replacement_characters(servers) -> None:
    body = (
        b'{"sender": "utf8-%s", "message": "caf\xc3\x28 \xff\xfe\xed\xa0\x80 what is ALS?"}' % uuid.uuid4().hex.encode()
    )
    status, replies = post(servers, body)
    assert status == 200
    payload = assert_a_proper_reply(replies)
    assert (payload["kind"], payload["condition"]) == ("answer", "Amyotrophic lateral sclerosis")


@pytest.mark.servers
def test_binary_and_lone_surrogates_get_a_reply(servers) -> None:
    binary = json.dumps({"sender": f"bin-{uuid.uuid4().hex}", "message": bytes(range(256)).decode("latin-1")})
    # "\ud800" is valid JSON but no Unicode character: Python reads it as a lone surrogate.
    surrogates = b'{"sender": "sur-%s", "message": "\\ud800 what is ALS? \\udfff"}' % uuid.uuid4().hex.encode()
    for body in (binary.encode(), surrogates):
        status, replies = post(servers, body)
        assert status == 200, replies
        assert_a_proper_reply(replies)


@pytest.mark.servers
@pytest.mark.parametrize(
    "body",
    [b"not json", b"", b"[1, 2]", b'"hello"', b'{"sender": "x"}', b'{"sender": "x", "message": null}',
     b'{"sender": "x", "message": {"text": "hi"}}', b'{"sender": ["x"], "message": "hi"}',
     b"[" * 100_000 + b"]" * 100_000],
    ids=["not json", "no body", "array", "string", "no message", "null message", "object message",
         "list sender", "deep nesting"],
)  # fmt: skip
def test_malformed_requests_get_400_with_what_is_expected(servers, body: bytes) -> None:
    status, answer = post(servers, body)
    assert status == 400
    assert answer["error"] and "Traceback" not in answer["error"]


@pytest.mark.servers
def test_template_syntax_is_never_filled_in(servers) -> None:
    # Rasa fills {slot} in the domain's responses; the user's words must stay words. With the
    # condition slot set to ALS, an interpolated "{condition}" would show ALS's name.
    sender = f"template-{uuid.uuid4().hex}"
    rest(servers, sender, "what is ALS?")
    replies = rest(servers, sender, "what causes zorblaxitis? {condition} {{condition}} {name}")
    payload = assert_a_proper_reply(replies)
    assert payload["kind"] == "unknown_condition" and payload["query"] == "zorblaxitis"
    text = "\n".join(reply.get("text") or "" for reply in replies)
    assert "Amyotrophic" not in text and "None" not in text


@pytest.mark.servers
def test_a_flood_from_one_sender_is_slowed_down_and_others_are_served(servers) -> None:
    sender = f"flood-{uuid.uuid4().hex}"
    sent: list[float] = []

    def send(number: int) -> list[dict[str, Any]]:
        sent.append(time.monotonic())
        return rest(servers, sender, f"what is ALS? {number}")

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(send, range(50)))
    spread = max(sent) - min(sent)
    reasons = [assert_a_proper_reply(replies).get("reason") for replies in results]
    accepted = 50 - reasons.count(RATE_LIMITED)
    # A burst of 10, then 5 a second (plus a second's slack for the requests' travel): the
    # rest are refused unread.
    assert 1 <= accepted <= 10 + 5 * (spread + 1), (spread, reasons)
    assert "slow down" in results[reasons.index(RATE_LIMITED)][0]["text"].lower()
    assert_still_serving(servers)
    time.sleep(1.1)  # a second later the sender is served again
    [payload] = payloads(rest(servers, sender, "what is ALS?"))
    assert payload["kind"] == "answer"


@pytest.mark.servers
def test_the_server_serves_others_after_all_the_bad_input(servers) -> None:
    for text in BAD_TEXTS.values():
        # Within the rate limit, so that every message is read.
        assert assert_a_proper_reply(rest(servers, "one-sender-of-bad-input", text)).get("reason") != RATE_LIMITED
        time.sleep(0.25)
    assert_still_serving(servers)


# The same limits on the other channels: each hands messages on through bot.channels.limits.limited.
LONG = "what is ALS? " * 250  # 3,250 characters: over the default 2,000


@pytest.mark.servers
async def test_socketio_too_long_is_refused_with_its_payload(servers) -> None:
    event = await socketio_reply(servers, LONG)
    # One event with text and payload: the refusal goes through the project's Socket.IO output.
    assert event["custom"] == {"kind": "fallback", "reason": TOO_LONG}
    assert "too long" in event["text"]


@pytest.mark.servers
def test_telegram_too_long_is_refused(servers, fake_platforms) -> None:
    status, _ = telegram_update(servers, telegram_message(900101, LONG))
    assert status == 200
    [sent] = fake_platforms.wait_for("sendMessage", to_channel("chat_id", 900101))
    assert "too long" in sent.params["text"] and sent.error is None


@pytest.mark.servers
def test_slack_too_long_is_refused(servers, fake_platforms) -> None:
    status, _ = slack_post(servers, slack_event("D0LIMIT1", "U0LIMIT1", LONG), "application/json")
    assert status == 200
    [posted] = fake_platforms.wait_for("chat.postMessage", to_channel("channel", "D0LIMIT1"))
    assert "too long" in posted.params["text"] and posted.error is None
