"""Limits on what one sender may send: message length and messages per second, and no blanks.

Applied once, to the `on_new_message` callback through which every input channel of the project
(`bot/channels/`: REST, Socket.IO, Telegram, Slack) hands a `UserMessage` to Rasa's agent: a
message over a limit is answered at once with a polite reply and never reaches the NLU, the
dialogue policies or the action server.

Settings, read from the environment when the Rasa server starts:

| variable | default | meaning |
| --- | --- | --- |
| HEALTHBOT_MAX_MESSAGE_CHARS | 2000 | longest message (characters, after trimming whitespace) |
| HEALTHBOT_MAX_MESSAGES_PER_SECOND | 5 | messages a second one sender may send, on average |
| HEALTHBOT_MESSAGE_BURST | twice the rate | messages one sender may send at once before that |
| HEALTHBOT_RATE_LIMIT_SENDERS | 100000 | senders remembered at most (the oldest are forgotten) |

HEALTHBOT_MAX_MESSAGE_CHARS=0 or HEALTHBOT_MAX_MESSAGES_PER_SECOND=0 turns that limit off. A refused
message gets a reply whose payload is
`{"kind": "fallback", "reason": "too_long"}` or `{"kind": "fallback", "reason": "rate_limited"}`
(`../shared/CONTRACT.md` fixes the kinds; `reason` says which limit). A refused message is not
processed at all, and only accepted messages count towards the rate. A blank message (nothing
but whitespace and control or format characters) gets `{"kind": "fallback", "reason": "empty"}`
and a prompt to type a question, whatever the settings.

The rate is a token bucket per sender (as nginx's limit_req with a burst): a burst of messages
is answered, then a sender gets HEALTHBOT_MAX_MESSAGES_PER_SECOND a second; a client that waits
for each reply before sending the next is slowed by the bot's own latency and rarely meets it.
The limiter keeps two numbers per sender and forgets a sender once its bucket has refilled (2 s
of quiet by default); never more than HEALTHBOT_RATE_LIMIT_SENDERS senders are kept, so memory
stays bounded whatever the number of senders.
"""

from __future__ import annotations

import logging
import math
import os
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.vocabulary import FALLBACK_KIND

logger = logging.getLogger(__name__)

DEFAULT_MAX_MESSAGE_CHARS = 2000
DEFAULT_MAX_MESSAGES_PER_SECOND = 5
DEFAULT_MAX_SENDERS = 100_000

EMPTY = "empty"
TOO_LONG = "too_long"
RATE_LIMITED = "rate_limited"

Clock = Callable[[], float]


@dataclass(frozen=True)
class Settings:
    max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS  # 0: no limit
    max_messages_per_second: int = DEFAULT_MAX_MESSAGES_PER_SECOND  # 0: no limit
    message_burst: int = 2 * DEFAULT_MAX_MESSAGES_PER_SECOND
    max_senders: int = DEFAULT_MAX_SENDERS

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        rate = whole_number_setting(environ, "HEALTHBOT_MAX_MESSAGES_PER_SECOND", DEFAULT_MAX_MESSAGES_PER_SECOND)
        return cls(
            whole_number_setting(environ, "HEALTHBOT_MAX_MESSAGE_CHARS", DEFAULT_MAX_MESSAGE_CHARS),
            rate,
            max(1, whole_number_setting(environ, "HEALTHBOT_MESSAGE_BURST", 2 * rate)),
            max(1, whole_number_setting(environ, "HEALTHBOT_RATE_LIMIT_SENDERS", DEFAULT_MAX_SENDERS)),
        )


def whole_number_setting(environ: Mapping[str, str], name: str, default: int) -> int:
    """A non-negative whole number from the environment; blank means the default."""
    raw = (environ.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number (0 turns the limit off), not {raw!r}") from None
    if value < 0:
        raise ValueError(f"{name} must not be negative, not {value}")
    return value


class RateLimiter:
    """A token bucket per sender: `burst` messages at once, then `rate` messages a second (the
    bucket refills continuously). Remembers at most `max_senders` senders, and forgets a sender
    once its bucket is full again, since a forgotten sender starts with a full bucket."""

    def __init__(
        self,
        rate: float,
        burst: int | None = None,
        max_senders: int = DEFAULT_MAX_SENDERS,
        clock: Clock = time.monotonic,
    ) -> None:
        self.rate = rate
        self.burst = max(1, burst if burst is not None else math.ceil(2 * rate))
        self.max_senders = max_senders
        self.clock = clock
        self.refill_seconds = self.burst / rate if rate > 0 else 0.0  # from empty to full
        # sender → (tokens left, time of its last accepted message), oldest such time first.
        self._senders: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._senders)

    def allow(self, sender: str) -> bool:
        """Whether the sender may send a message now; only an allowed message takes a token."""
        if self.rate <= 0:
            return True
        now = self.clock()
        self._forget_full(now)
        tokens, last = self._senders.get(sender, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        if tokens < 1:
            return False
        self._senders[sender] = (tokens - 1, now)
        self._senders.move_to_end(sender)
        while len(self._senders) > self.max_senders:
            self._senders.popitem(last=False)
        return True

    def _forget_full(self, now: float) -> None:
        # Oldest last message first: stop at the first sender whose bucket may not be full yet.
        while self._senders:
            sender, (_, last) = next(iter(self._senders.items()))
            if now - last < self.refill_seconds:
                break
            del self._senders[sender]


def is_blank(text: str | None) -> bool:
    """Whether a message has nothing to read: only whitespace, control and format characters."""
    return all(char.isspace() or unicodedata.category(char).startswith("C") for char in text or "")


def refusal_text(reason: str, settings: Settings) -> str:
    if reason == EMPTY:
        return "I didn't get any text. Please type a question about a condition, for example “What is a stroke?”"
    if reason == TOO_LONG:
        return (
            f"Sorry, that message is too long for me: please keep it under "
            f"{settings.max_message_chars:,} characters and ask one question at a time."
        )
    return "You're sending messages faster than I can answer. Please slow down and send one at a time."


def refusal_reply(reason: str, settings: Settings) -> dict[str, Any]:
    """The reply to a refused message, as an output channel's `send_response` takes it."""
    return {"text": refusal_text(reason, settings), "custom": {"kind": FALLBACK_KIND, "reason": reason}}


class Limits:
    """The message-length and rate limits of one Rasa server process."""

    def __init__(self, settings: Settings | None = None, clock: Clock = time.monotonic) -> None:
        self.settings = settings or Settings.from_env()
        self.rate = RateLimiter(
            self.settings.max_messages_per_second, self.settings.message_burst, self.settings.max_senders, clock
        )

    def check(self, sender: str, text: str | None) -> str | None:
        """None when the message may be handled, else the reason it is refused. Only messages
        that pass the other checks count against the rate."""
        if is_blank(text):
            return EMPTY
        maximum = self.settings.max_message_chars
        if maximum and text and len(text.strip()) > maximum:
            return TOO_LONG
        if not self.rate.allow(sender):
            return RATE_LIMITED
        return None


_process_limits: Limits | None = None


def process_limits() -> Limits:
    """The limits shared by every channel of this process, read from the environment once."""
    global _process_limits
    if _process_limits is None:
        _process_limits = Limits()
    return _process_limits


Handler = Callable[[Any], Awaitable[Any]]


def limited(on_new_message: Handler, limits: Limits | None = None) -> Handler:
    """Wraps an input channel's `on_new_message`: a `UserMessage` over a limit is answered on
    its own output channel and not handed on. Senders are counted by sender id, the key of
    Rasa's conversations, whatever the channel. Called when the server starts, so that a bad
    setting stops it there."""
    active = limits or process_limits()

    async def handle(message: Any) -> Any:
        reason = active.check(message.sender_id, message.text)
        if reason is None:
            return await on_new_message(message)
        # Length only, never the text: people type health details.
        logger.info("message refused (%s): %d characters", reason, len(message.text or ""))
        await message.output_channel.send_response(message.sender_id, refusal_reply(reason, active.settings))
        return None

    return handle
