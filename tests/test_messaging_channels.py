"""Telegram and Slack channels: rendering helpers, each channel against a fake of its platform's
API on loopback (tests/fake_platforms.py), and the real Rasa server answering both.

The live tests use the session's servers, started with the channels pointed at the fake.
"""

from __future__ import annotations

import contextlib
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sanic import Sanic

from bot.answers.replies import DISCLAIMER
from bot.channels import messaging
from bot.channels.messaging import sources_line, split_text, utf16_length, with_sources
from bot.channels.slack import SlackChannel, SlackChannelOutput, message_bodies, mrkdwn_escape
from bot.channels.telegram import CALLBACK_DATA_LIMIT, CallbackPayloads, TelegramChannel, TelegramChannelOutput
from tests.fake_platforms import TELEGRAM_SECRET_TOKEN, TELEGRAM_WEBHOOK_URL, FakePlatforms
from tests.helpers import post, slack_event, slack_post, telegram_message, telegram_update, to_channel

CHANNEL_VARIABLES = (
    "TELEGRAM_TOKEN",
    "TELEGRAM_BOT_NAME",
    "TELEGRAM_WEBHOOK_URL",
    "TELEGRAM_SECRET_TOKEN",
    "TELEGRAM_API_URL",
    "SLACK_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_API_URL",
)
STROKE_BUTTON = {"title": "Tell me about Stroke", "payload": '/ask_overview{"condition": "Stroke"}'}
LONG_PAYLOAD = '/ask_alternative_names{"condition": "Amyotrophic lateral sclerosis"}'
ANSWER_PAYLOAD = {
    "kind": "answer",
    "condition": "Muscle atrophy",
    "section": "causes",
    "sources": [
        {"title": "MedlinePlus", "url": "https://medlineplus.gov/ency/article/003188.htm"},
        {"title": "NINDS", "url": "https://www.ninds.nih.gov/"},
    ],
}


def long_answer(paragraphs: int = 12, words: int = 120) -> str:
    """A reply like the bot's (title, paragraphs, a bullet list) but far longer than any limit."""
    body = [f"Paragraph {i}: " + " ".join(f"word{j}" for j in range(words)) for i in range(paragraphs)]
    bullets = "\n".join(f"• Item {i} of a long list" for i in range(80))
    return "\n\n".join(["Muscle atrophy — Causes", *body, bullets, *body])


def words_of(texts: list[str]) -> str:
    return "".join("".join(text.split()) for text in texts)


# --- messaging.py ---------------------------------------------------------------------------


def test_split_text_keeps_a_short_text_whole_and_drops_an_empty_one():
    assert split_text("Title\n\nOne.\n\n• a\n• b", 4096) == ["Title\n\nOne.\n\n• a\n• b"]
    assert split_text("  \n\n ", 10) == []


def test_split_text_packs_paragraphs_within_the_limit():
    assert split_text("aaaa\n\nbbbb\n\ncccc", 10) == ["aaaa\n\nbbbb", "cccc"]
    text = long_answer()
    pieces = split_text(text, 2500)  # every paragraph, the list too, is shorter than that
    assert len(pieces) > 1 and all(len(p) <= 2500 for p in pieces)
    # Paragraphs shorter than the limit are never cut: the pieces are whole paragraphs.
    assert "\n\n".join(pieces) == text


def test_split_text_cuts_a_long_list_between_items_and_a_long_line_between_words():
    bullets = "\n".join(f"• item number {i}" for i in range(100))
    pieces = split_text(bullets, 200)
    assert all(len(p) <= 200 for p in pieces)
    assert [line for p in pieces for line in p.split("\n")] == bullets.split("\n")
    line = " ".join(f"w{i}" for i in range(500))
    pieces = split_text(line, 50)
    assert all(len(p) <= 50 for p in pieces) and " ".join(pieces) == line


def test_split_text_cuts_inside_a_word_only_when_it_is_longer_than_the_limit():
    assert split_text("short " + "x" * 25, 10) == ["short", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"]
    with pytest.raises(ValueError):
        split_text("text", 0)


def test_split_text_measures_with_the_given_length():
    text = "😀" * 10  # 10 code points, 20 UTF-16 code units
    assert split_text(text, 10) == [text]
    assert split_text(text, 10, utf16_length) == ["😀" * 5, "😀" * 5]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab •😀\n"), max_size=300), st.integers(min_value=2, max_value=40))
def test_split_text_pieces_fit_and_keep_every_character(text, limit):
    pieces = split_text(text, limit, utf16_length)
    assert all(1 <= utf16_length(p) <= limit for p in pieces)
    assert words_of(pieces) == words_of([text])


def test_sources_line_renders_the_payloads_sources():
    assert sources_line(ANSWER_PAYLOAD) == (
        "Sources: MedlinePlus (https://medlineplus.gov/ency/article/003188.htm); NINDS (https://www.ninds.nih.gov/)"
    )
    assert sources_line(
        {"kind": "answer", "sources": [{"title": "GARD", "url": "https://rarediseases.info.nih.gov/"}]}
    ) == ("Source: GARD (https://rarediseases.info.nih.gov/)")
    assert sources_line({"kind": "greeting"}) == sources_line(None) == ""
    assert sources_line({"sources": [{"url": "https://a"}, "junk", {}]}) == "Source: https://a"


def test_with_sources_adds_the_line_only_when_the_text_lacks_it():
    cited = "Answer.\n\n" + sources_line(ANSWER_PAYLOAD)
    assert with_sources(cited, ANSWER_PAYLOAD) == cited
    assert with_sources("Answer.", ANSWER_PAYLOAD) == "Answer.\n\n" + sources_line(ANSWER_PAYLOAD)
    assert with_sources("Hello!", {"kind": "greeting"}) == "Hello!"


def test_settings_come_from_the_environment_first(monkeypatch):
    monkeypatch.setenv("TELEGRAM_TOKEN", "1:env")
    assert messaging.setting("TELEGRAM_TOKEN", {"access_token": "1:file"}, "access_token") == "1:env"
    monkeypatch.setenv("TELEGRAM_TOKEN", "  ")
    assert messaging.setting("TELEGRAM_TOKEN", {"access_token": "1:file"}, "access_token") == "1:file"
    monkeypatch.delenv("TELEGRAM_TOKEN")
    assert messaging.setting("TELEGRAM_TOKEN", None, "access_token") is None


# --- Telegram: callback_data, commands ------------------------------------------------------


def test_callback_data_is_the_payload_when_it_fits_and_a_key_otherwise():
    payloads = CallbackPayloads()
    assert payloads.encode(STROKE_BUTTON["payload"]) == STROKE_BUTTON["payload"]
    assert len(LONG_PAYLOAD.encode()) > CALLBACK_DATA_LIMIT
    key = payloads.encode(LONG_PAYLOAD)
    assert len(key.encode()) <= CALLBACK_DATA_LIMIT and key != LONG_PAYLOAD
    assert payloads.encode(LONG_PAYLOAD) == key == CallbackPayloads.key_for(LONG_PAYLOAD)
    assert payloads.decode(key) == LONG_PAYLOAD
    assert payloads.decode(STROKE_BUTTON["payload"]) == STROKE_BUTTON["payload"]
    assert CallbackPayloads().decode(key) is None  # another process (a restart) does not know it
    assert len(payloads.encode("/ask_overview" + "é" * 30).encode()) <= CALLBACK_DATA_LIMIT  # bytes count


def test_callback_payloads_are_bounded():
    payloads = CallbackPayloads(capacity=3)
    keys = [payloads.encode(LONG_PAYLOAD + str(i)) for i in range(5)]
    assert [payloads.decode(k) for k in keys] == [
        None,
        None,
        LONG_PAYLOAD + "2",
        LONG_PAYLOAD + "3",
        LONG_PAYLOAD + "4",
    ]


def test_a_forgotten_key_falls_back_to_the_buttons_title():
    channel = TelegramChannel("1:x", None, None)
    key = CallbackPayloads.key_for(LONG_PAYLOAD)
    callback = {
        "id": "1",
        "data": key,
        "message": {
            "chat": {"id": 5},
            "reply_markup": {
                "inline_keyboard": [
                    [{"text": "Stroke", "callback_data": "/other"}],
                    [{"text": "Other names", "callback_data": key}],
                ]
            },
        },
    }
    assert channel.callback_text(callback) == "Other names"
    assert channel.callback_text({**callback, "message": {"chat": {"id": 5}}}) is None


def test_telegram_commands_become_intents():
    channel = TelegramChannel("1:x", "health_test_bot", None)
    channel._username = "health_test_bot"
    assert channel.command_text("/start") == "/greet"
    assert channel.command_text("/start@health_test_bot") == "/greet"
    assert channel.command_text("/help") == "/help"
    assert channel.command_text("/start@other_bot") == "/start@other_bot"
    assert channel.command_text("what causes ALS?") == "what causes ALS?"


# --- Slack: message bodies ------------------------------------------------------------------


def test_slack_bodies_put_text_in_sections_and_buttons_in_actions():
    [body] = message_bodies("Title\n\nA & B <c>", [STROKE_BUTTON])
    assert body["text"] == "Title\n\nA &amp; B &lt;c&gt;"
    section, actions = body["blocks"]
    assert section == {"type": "section", "text": {"type": "mrkdwn", "text": body["text"]}}
    assert actions["type"] == "actions"
    [button] = actions["elements"]
    assert button["text"]["text"] == "Tell me about Stroke" and button["value"] == STROKE_BUTTON["payload"]


def test_slack_bodies_respect_slacks_limits():
    text = long_answer(paragraphs=60, words=150)
    buttons = [
        {"title": f"Condition {i} " + "x" * 80, "payload": f'/ask_overview{{"condition": "C{i}"}}'} for i in range(30)
    ]
    bodies = message_bodies(text, buttons)
    assert len(bodies) > 1
    for body in bodies:
        assert len(body["text"]) <= 40000 and len(body["blocks"]) <= 50
        sections = [b for b in body["blocks"] if b["type"] == "section"]
        assert all(len(b["text"]["text"]) <= 3000 for b in sections)
    assert all(b["type"] == "section" for body in bodies[:-1] for b in body["blocks"])
    actions = [b for b in bodies[-1]["blocks"] if b["type"] == "actions"]
    assert [len(a["elements"]) for a in actions] == [25, 5]  # Rasa's connector drops them all past 5
    assert all(len(e["text"]["text"]) <= 75 for a in actions for e in a["elements"])
    assert len({e["action_id"] for a in actions for e in a["elements"]}) == 30
    assert words_of([b["text"] for b in bodies]) == words_of([mrkdwn_escape(text)])
    assert mrkdwn_escape("a<b>&c") == "a&lt;b&gt;&amp;c"


# --- Each channel's output against the fake API (in process, real HTTP on loopback) ---------


@pytest.fixture
def fake() -> Any:
    with FakePlatforms() as platforms:
        yield platforms


async def test_telegram_output_splits_a_long_reply_and_keys_long_payloads(fake):
    output = TelegramChannelOutput(fake.telegram_token, fake.telegram_api_url)
    text = long_answer() + "\n\n" + "😀" * 100
    try:
        await output.send_response(
            "4242",
            {
                "text": text,
                "buttons": [STROKE_BUTTON, {"title": "Other names", "payload": LONG_PAYLOAD}],
                "custom": ANSWER_PAYLOAD,
            },
        )
    finally:
        await output.close_session()
    sent = fake.calls_of("sendMessage")
    assert not fake.errors() and len(sent) > 1
    assert all(c.params["chat_id"] == "4242" and utf16_length(c.params["text"]) <= 4096 for c in sent)
    assert [("reply_markup" in c.params) for c in sent] == [False] * (len(sent) - 1) + [True]
    keyboard = sent[-1].params["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in keyboard] == ["Tell me about Stroke", "Other names"]
    assert keyboard[0][0]["callback_data"] == STROKE_BUTTON["payload"]
    assert output.callback_payloads.decode(keyboard[1][0]["callback_data"]) == LONG_PAYLOAD
    # The text is all there, and the payload's sources (missing from this text) follow it.
    assert words_of([c.params["text"] for c in sent]) == words_of([text, sources_line(ANSWER_PAYLOAD)])
    assert sent[0].params["disable_web_page_preview"] in ("True", "true")


async def test_telegram_output_sends_nothing_more_for_the_payload(fake):
    output = TelegramChannelOutput(fake.telegram_token, fake.telegram_api_url)
    try:
        await output.send_response("7", {"text": "Hello!", "custom": {"kind": "greeting"}})
        await output.send_response("7", {"custom": {"kind": "fallback"}})
    finally:
        await output.close_session()
    assert [c.params["text"] for c in fake.calls_of("sendMessage")] == ["Hello!"]
    assert not fake.errors()


async def test_slack_output_splits_a_long_reply_within_limits(fake):
    output = SlackChannelOutput(fake.slack_token, api_url=fake.slack_api_url)
    text = long_answer(paragraphs=60, words=150)
    await output.send_response("D123", {"text": text, "buttons": [STROKE_BUTTON], "custom": ANSWER_PAYLOAD})
    await output.send_response("D123", {"custom": {"kind": "greeting"}})
    posted = fake.calls_of("chat.postMessage")
    assert not fake.errors() and len(posted) > 1
    assert all(c.params["channel"] == "D123" and "as_user" not in c.params for c in posted)
    assert all(len(c.params["text"]) <= 40000 and len(c.params["blocks"]) <= 50 for c in posted)
    assert [any(b["type"] == "actions" for b in c.params["blocks"]) for c in posted] == [False] * (len(posted) - 1) + [
        True
    ]
    assert fake.calls[0].token == fake.slack_token


# --- Not configured: the server starts, the webhooks answer 503 ----------------------------


@contextlib.asynccontextmanager
async def sanic_with(*channels: Any) -> AsyncIterator[str]:
    """The channels' blueprints in a Sanic app served in this event loop; yields its URL."""
    received: list[Any] = []

    async def on_new_message(message: Any) -> None:
        received.append(message)

    app = Sanic(f"channels_{uuid.uuid4().hex}")
    for channel in channels:
        app.blueprint(channel.blueprint(on_new_message), url_prefix=f"/webhooks/{channel.name()}")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    await server.after_start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await server.before_stop()
        server.close()
        await server.wait_closed()
        await server.after_stop()
    assert not received


async def test_unconfigured_channels_answer_503_saying_what_to_set(monkeypatch):
    for name in CHANNEL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    telegram, slack = TelegramChannel.from_credentials(None), SlackChannel.from_credentials(None)
    assert telegram.get_output_channel() is None and slack.get_output_channel() is None
    async with sanic_with(telegram, slack) as url, aiohttp.ClientSession() as session:
        async with session.post(f"{url}/webhooks/telegram/webhook", json={"update_id": 1}) as answer:
            assert answer.status == 503
            assert (await answer.text()).startswith("telegram not configured: set TELEGRAM_TOKEN")
        async with session.post(f"{url}/webhooks/slack/webhook", json={"type": "event_callback"}) as answer:
            assert answer.status == 503
            assert (await answer.text()).startswith("slack not configured: set SLACK_TOKEN and SLACK_SIGNING_SECRET")
    monkeypatch.setenv("SLACK_TOKEN", "xoxb-1")
    assert (
        SlackChannel.from_credentials(None)
        .not_configured_message()
        .startswith("slack not configured: set SLACK_SIGNING_SECRET")
    )


# --- Live: the Rasa server's Telegram and Slack webhooks, answering through the fakes ------


@pytest.mark.servers
def test_telegram_message_is_answered_with_text_and_an_inline_keyboard(servers, fake_platforms):
    status, _ = telegram_update(servers, telegram_message(900001, "what causes muscle atrophy?"))
    assert status == 200
    [sent] = fake_platforms.wait_for("sendMessage", to_channel("chat_id", 900001))
    assert sent.error is None
    text = sent.params["text"]
    assert text.startswith("Muscle atrophy — Causes") and "• Stroke" in text and DISCLAIMER in text
    buttons = [row[0] for row in sent.params["reply_markup"]["inline_keyboard"]]
    assert {"text": "Tell me about Stroke", "callback_data": '/ask_overview{"condition": "Stroke"}'} in buttons
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons)
    # setWebhook went to the fake once, at start-up, with the secret token; not once per update.
    [webhook] = fake_platforms.calls_of("setWebhook")
    assert webhook.params["url"] == TELEGRAM_WEBHOOK_URL and webhook.params["secret_token"] == TELEGRAM_SECRET_TOKEN
    assert webhook.error is None and len(fake_platforms.calls_of("getMe")) == 1


@pytest.mark.servers
def test_telegram_button_click_is_acknowledged_and_answered(servers, fake_platforms):
    chat_id = 900002
    telegram_update(servers, telegram_message(chat_id, "what causes muscle atrophy?"))
    [first] = fake_platforms.wait_for("sendMessage", to_channel("chat_id", chat_id))
    bot_message = {
        "message_id": 77,
        "from": {"id": 123456789, "is_bot": True, "first_name": "Health Assistant"},
        "chat": {"id": chat_id, "type": "private"},
        "date": int(time.time()),
        "text": first.params["text"],
        "reply_markup": first.params["reply_markup"],
    }
    [stroke] = [
        row[0] for row in first.params["reply_markup"]["inline_keyboard"] if row[0]["text"] == "Tell me about Stroke"
    ]
    click = {
        "update_id": 2,
        "callback_query": {
            "id": "4382bfdwdsb323b2d9",
            "chat_instance": "-123",
            "data": stroke["callback_data"],
            "message": bot_message,
            "from": {"id": chat_id, "is_bot": False, "first_name": "Test"},
        },
    }
    status, _ = telegram_update(servers, click)
    assert status == 200
    assert fake_platforms.calls_of("answerCallbackQuery", to_channel("callback_query_id", "4382bfdwdsb323b2d9"))
    sent = fake_platforms.wait_for("sendMessage", to_channel("chat_id", chat_id), count=2)
    assert sent[1].params["text"].startswith("Stroke — Overview") and sent[1].error is None


@pytest.mark.servers
def test_telegram_update_without_the_secret_token_is_refused(servers, fake_platforms):
    assert telegram_update(servers, telegram_message(900003, "hello"), secret=None)[0] == 403
    assert telegram_update(servers, telegram_message(900003, "hello"), secret="wrong")[0] == 403
    assert not fake_platforms.calls_of("sendMessage", to_channel("chat_id", 900003))


@pytest.mark.servers
def test_slack_signed_message_is_answered_with_text_and_buttons(servers, fake_platforms):
    status, _ = slack_post(
        servers, slack_event("D0SLACK1", "U0USER1", "what causes muscle atrophy?"), "application/json"
    )
    assert status == 200
    [posted] = fake_platforms.wait_for("chat.postMessage", to_channel("channel", "D0SLACK1"))
    assert posted.error is None and posted.token == fake_platforms.slack_token
    assert posted.params["text"].startswith("Muscle atrophy — Causes") and "• Stroke" in posted.params["text"]
    sections = [b for b in posted.params["blocks"] if b["type"] == "section"]
    assert "• Stroke" in sections[0]["text"]["text"]
    buttons = [e for b in posted.params["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert {(e["text"]["text"], e["value"]) for e in buttons} >= {
        ("Tell me about Stroke", '/ask_overview{"condition": "Stroke"}')
    }


@pytest.mark.servers
def test_slack_request_with_a_bad_signature_is_refused(servers, fake_platforms):
    body = slack_event("D0SLACK2", "U0USER2", "what causes muscle atrophy?")
    assert slack_post(servers, body, "application/json", secret="not-the-secret")[0] == 401
    assert slack_post(servers, body, "application/json", timestamp=int(time.time()) - 3600)[0] == 401  # replayed
    unsigned = post(f"{servers.rasa_url}/webhooks/slack/webhook", body, {"Content-Type": "application/json"})
    assert unsigned[0] == 401
    time.sleep(3)
    assert not fake_platforms.calls_of("chat.postMessage", to_channel("channel", "D0SLACK2"))


@pytest.mark.servers
def test_slack_button_click_is_answered(servers, fake_platforms):
    payload = {
        "type": "block_actions",
        "user": {"id": "U0USER3", "username": "test", "team_id": "T0TEST"},
        "api_app_id": "A0TEST",
        "token": "verification-token",
        "trigger_id": "1.2.3",
        "team": {"id": "T0TEST", "domain": "test"},
        "channel": {"id": "D0SLACK3", "name": "directmessage"},
        "container": {"type": "message", "message_ts": "1700000000.000100", "channel_id": "D0SLACK3"},
        "message": {"type": "message", "bot_id": "B0BOT", "text": "…", "ts": "1700000000.000100"},
        "response_url": "https://hooks.slack.com/actions/T0TEST/1/abc",
        "actions": [
            {
                "type": "button",
                "action_id": "button-0",
                "block_id": "b1",
                "value": '/ask_overview{"condition": "Stroke"}',
                "text": {"type": "plain_text", "text": "Tell me about Stroke"},
                "action_ts": "1700000001.0",
            }
        ],
    }
    body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
    assert slack_post(servers, body, "application/x-www-form-urlencoded")[0] == 200
    [posted] = fake_platforms.wait_for("chat.postMessage", to_channel("channel", "D0SLACK3"))
    assert posted.params["text"].startswith("Stroke — Overview") and posted.error is None


@pytest.mark.servers
def test_slack_url_verification_answers_the_challenge(servers):
    body = json.dumps(
        {"token": "t", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"}
    ).encode()
    status, text = slack_post(servers, body, "application/json")
    assert status == 200 and json.loads(text) == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
