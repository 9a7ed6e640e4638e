"""bot.channels.reply_guard: every message gets a reply, with Rasa's own output channel and message."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels.reply_guard import FAILED, SLOW, always_answered, reply_timeout_seconds


def answer() -> dict[str, Any]:
    # A new one each time: Rasa's send_response pops the payload out of the dict it is given.
    return {"text": "ALS is a disease of the nerve cells.", "custom": {"kind": "answer"}}


def message(text: str = "what is ALS?") -> UserMessage:
    return UserMessage(text, CollectingOutputChannel(), "someone")


def payloads(user_message: UserMessage) -> list[dict[str, Any]]:
    # Rasa's collector keeps a reply's text and its payload as two messages.
    return [m["custom"] for m in user_message.output_channel.messages if m.get("custom")]


async def test_an_answered_message_is_left_alone() -> None:
    async def handler(m: UserMessage) -> str:
        await m.output_channel.send_response(m.sender_id, answer())
        return "done"

    sent = message()
    assert await always_answered(handler, timeout_s=5)(sent) == "done"
    assert payloads(sent) == [{"kind": "answer"}]


async def test_a_message_that_got_no_reply_gets_the_error_reply() -> None:
    async def silent(m: UserMessage) -> None:  # as Rasa does when the action server is down
        return None

    sent = message()
    await always_answered(silent, timeout_s=5)(sent)
    assert payloads(sent) == [{"kind": "error", "reason": FAILED}]
    assert "try again" in sent.output_channel.messages[0].get("text", "")


async def test_a_crash_gets_the_error_reply_and_its_log_has_no_message_text(caplog: pytest.LogCaptureFixture) -> None:
    async def crash(m: UserMessage) -> None:
        raise ConnectionError(f"tracker store unreachable while handling {m.text!r}")

    sent = message("my private symptom")
    with caplog.at_level(logging.INFO):
        await always_answered(crash, timeout_s=5)(sent)
    assert payloads(sent) == [{"kind": "error", "reason": FAILED}]
    assert "ConnectionError" in caplog.text
    assert "private" not in caplog.text


async def test_a_slow_message_gets_the_error_reply_in_time_and_is_still_handled() -> None:
    go_on = asyncio.Event()
    handled = asyncio.Event()

    async def slow(m: UserMessage) -> None:
        await go_on.wait()
        await m.output_channel.send_response(m.sender_id, answer())
        handled.set()

    sent = message()
    await asyncio.wait_for(always_answered(slow, timeout_s=0.2)(sent), timeout=5)
    assert payloads(sent) == [{"kind": "error", "reason": SLOW}]
    go_on.set()  # the action server is back: the message finishes in the background
    await asyncio.wait_for(handled.wait(), timeout=5)
    assert payloads(sent) == [{"kind": "error", "reason": SLOW}, {"kind": "answer"}]


async def test_a_slow_handler_that_has_replied_is_not_interrupted() -> None:
    async def replies_then_works(m: UserMessage) -> None:
        await m.output_channel.send_response(m.sender_id, answer())
        await asyncio.sleep(0.4)  # e.g. the policies predicting the next action

    sent = message()
    await always_answered(replies_then_works, timeout_s=0.2)(sent)
    assert payloads(sent) == [{"kind": "answer"}]


async def test_timeout_zero_waits_as_long_as_it_takes() -> None:
    async def slow(m: UserMessage) -> None:
        await asyncio.sleep(0.3)
        await m.output_channel.send_response(m.sender_id, answer())

    sent = message()
    await always_answered(slow, timeout_s=0)(sent)
    assert payloads(sent) == [{"kind": "answer"}]


def test_the_timeout_comes_from_the_environment() -> None:
    assert reply_timeout_seconds({}) == 20
    assert reply_timeout_seconds({"HEALTHBOT_REPLY_TIMEOUT_SECONDS": "3"}) == 3
    with pytest.raises(ValueError, match="HEALTHBOT_REPLY_TIMEOUT_SECONDS"):
        reply_timeout_seconds({"HEALTHBOT_REPLY_TIMEOUT_SECONDS": "soon"})


async def test_a_client_that_goes_away_does_not_stop_the_message_being_handled() -> None:
    go_on = asyncio.Event()
    handled = asyncio.Event()

    async def slow(m: UserMessage) -> None:
        await go_on.wait()
        handled.set()

    request = asyncio.ensure_future(always_answered(slow, timeout_s=5)(message()))
    await asyncio.sleep(0.05)
    request.cancel()  # as Sanic does when the client disconnects
    with pytest.raises(asyncio.CancelledError):
        await request
    go_on.set()
    await asyncio.wait_for(handled.wait(), timeout=5)


@pytest.mark.parametrize("command", ["/restart", "/session_start", " /restart "])
async def test_rasas_commands_that_start_afresh_say_so_instead_of_apologising(command: str) -> None:
    async def silent(m: UserMessage) -> None:  # Rasa runs the command and sends nothing
        return None

    sent = message(command)
    await always_answered(silent, timeout_s=5)(sent)
    assert payloads(sent) == [{"kind": "greeting", "restart": True}]
    assert "afresh" in sent.output_channel.messages[0]["text"]


async def test_a_silent_message_that_only_mentions_a_command_still_gets_the_error_reply() -> None:
    async def silent(m: UserMessage) -> None:
        return None

    sent = message("what does /restart do")
    await always_answered(silent, timeout_s=5)(sent)
    assert payloads(sent) == [{"kind": "error", "reason": FAILED}]
