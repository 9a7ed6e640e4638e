"""Every message gets a reply, even when something inside the bot fails or is slow.

Rasa 3.6 logs a failed custom action (the action server stopped, unreachable, or answering
with an error) and goes on without sending anything, and it waits up to five minutes for a slow
action server. Wrapped around an input channel's `on_new_message` (as `bot.channels.limits.limited` is),
this guard sends the contract's `error` reply when handling a message

- ends without a single reply: `{"kind": "error", "reason": "failed"}`, except for Rasa's own
  commands that start afresh ("/restart", "/session_start"), which Rasa answers with no message:
  they get the reply that the conversation starts again;
- raises (e.g. the tracker store is down): the same reply, and the error is logged without the
  message's text, which may hold health details;
- takes longer than HEALTHBOT_REPLY_TIMEOUT_SECONDS (default 20, 0 turns it off) before its
  first reply: `{"kind": "error", "reason": "slow"}` at once. The message goes on being handled
  in the background, so nothing is lost: its events reach the tracker store, a late answer is
  still delivered on channels that push (Socket.IO, Telegram, Slack), and the conversation
  continues from there once the action server is back.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from bot.answers import replies
from bot.channels import speedups
from bot.channels.limits import limited, whole_number_setting
from bot.vocabulary import FRESH_START_COMMANDS

logger = logging.getLogger(__name__)

DEFAULT_REPLY_TIMEOUT_SECONDS = 20
FAILED = "failed"
SLOW = "slow"

Handler = Callable[[Any], Awaitable[Any]]


def reply_timeout_seconds(environ: Mapping[str, str] | None = None) -> int:
    return whole_number_setting(
        os.environ if environ is None else environ, "HEALTHBOT_REPLY_TIMEOUT_SECONDS", DEFAULT_REPLY_TIMEOUT_SECONDS
    )


def error_reply(reason: str) -> dict[str, Any]:
    """The apology, as an output channel's `send_response` takes it."""
    reply = replies.error()
    return {"text": reply.text, "custom": {**reply.payload, "reason": reason}}


def guarded(on_new_message: Handler) -> Handler:
    """What every channel wraps its `on_new_message` in: the message limits outside (a refused
    message gets its reply at once), and inside them the guard that every message gets a reply.
    Called when the server starts, it also makes Rasa do once what it did per message
    (bot/channels/speedups.py)."""
    speedups.install()
    return limited(always_answered(on_new_message))


# Messages still being handled after their timeout; kept so that they are not garbage-collected.
_background: set[asyncio.Future[Any]] = set()


def always_answered(on_new_message: Handler, timeout_s: float | None = None) -> Handler:
    """Wraps `on_new_message` (see the module's docstring). Called when the server starts, so
    that a bad setting stops it there."""
    timeout = reply_timeout_seconds() if timeout_s is None else timeout_s

    async def handle(message: Any) -> Any:
        channel = message.output_channel
        send = channel.send_response
        sent = 0
        first_reply = asyncio.Event()

        # Every bot message of Rasa's processor goes through send_response: count them.
        async def counted(recipient_id: str, reply: dict[str, Any]) -> None:
            nonlocal sent
            sent += 1
            first_reply.set()
            await send(recipient_id, reply)

        channel.send_response = counted
        handling = asyncio.ensure_future(on_new_message(message))
        try:
            if timeout:
                replied = asyncio.ensure_future(first_reply.wait())
                await asyncio.wait({handling, replied}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
                replied.cancel()
                if not handling.done() and not first_reply.is_set():
                    logger.warning("no reply after %s s: the user is told; the message is still being handled", timeout)
                    _keep(handling)
                    await send(message.sender_id, error_reply(SLOW))
                    return None
            result = await asyncio.shield(handling)
        except asyncio.CancelledError:  # the client went away: the message is still handled
            _keep(handling)
            raise
        except Exception as error:
            # The type only: Rasa's own log line would print the message's text.
            name = type(error).__name__
            logger.error("handling a message failed: %s", name, exc_info=logger.isEnabledFor(logging.DEBUG))
            result = None
        if sent == 0 and (getattr(message, "text", None) or "").strip() in FRESH_START_COMMANDS:
            fresh = replies.fresh_start()
            await send(message.sender_id, {"text": fresh.text, "custom": fresh.payload})
        elif sent == 0:
            logger.warning("handling a message sent no reply: the user gets the error reply")
            await send(message.sender_id, error_reply(FAILED))
        return result

    return handle


def _keep(handling: asyncio.Future[Any]) -> None:
    _background.add(handling)
    handling.add_done_callback(_finished_in_background)


def _finished_in_background(handling: asyncio.Future[Any]) -> None:
    _background.discard(handling)
    if not handling.cancelled() and handling.exception() is not None:
        logger.error("a message handled in the background failed: %s", type(handling.exception()).__name__)
