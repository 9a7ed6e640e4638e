"""Rendering helpers shared by the messaging-app channels (Telegram, Slack).

The bot's text is plain: paragraphs separated by a blank line, list items as "• " lines (see
`bot/answers/replies.py`). Messaging apps cap the length of a message, so a long reply is cut into
pieces on paragraph boundaries first, then on line boundaries (a list stays one item per line),
then between words, and only a single word longer than the limit is cut inside.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from bot.answers.replies import sources_text

PARAGRAPH_SEPARATOR = "\n\n"
LINE_SEPARATOR = "\n"

Length = Callable[[str], int]


def utf16_length(text: str) -> int:
    """The length Telegram counts: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int, length: Length = len) -> list[str]:
    """Cut `text` into pieces of at most `limit` (as measured by `length`), at natural breaks.

    Paragraphs are kept together and packed greedily into pieces; a paragraph longer than the
    limit is cut between lines, a line longer than the limit between words, a word longer than
    the limit anywhere (a single character longer than the limit stands alone). Leading and
    trailing whitespace of the whole text is dropped; an empty text gives no pieces.
    """
    if limit < 1:
        raise ValueError(f"limit must be positive, not {limit}")
    text = text.strip()
    if not text:
        return []
    if length(text) <= limit:
        return [text]
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return _pack(paragraphs, PARAGRAPH_SEPARATOR, limit, length, _split_paragraph)


def _split_paragraph(paragraph: str, limit: int, length: Length) -> list[str]:
    lines = [line.rstrip() for line in paragraph.split(LINE_SEPARATOR) if line.strip()]
    return _pack(lines, LINE_SEPARATOR, limit, length, _split_line)


def _split_line(line: str, limit: int, length: Length) -> list[str]:
    words = line.split(" ")
    return _pack([w for w in words if w], " ", limit, length, _split_word)


def _split_word(word: str, limit: int, length: Length) -> list[str]:
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and length(current + char) > limit:
            pieces.append(current)
            current = ""
        current += char
    if current:
        pieces.append(current)
    return pieces


def _pack(
    parts: Iterable[str],
    separator: str,
    limit: int,
    length: Length,
    split_further: Callable[[str, int, Length], list[str]],
) -> list[str]:
    """Joins consecutive parts with `separator` into pieces within the limit."""
    pieces: list[str] = []
    current: str | None = None
    for part in parts:
        if length(part) > limit:
            if current is not None:
                pieces.append(current)
                current = None
            pieces.extend(split_further(part, limit, length))
            continue
        candidate = part if current is None else current + separator + part
        if length(candidate) <= limit:
            current = candidate
        else:
            pieces.append(current)  # type: ignore[arg-type]  # not None: part alone fits
            current = part
    if current is not None:
        pieces.append(current)
    return pieces


def sources_line(payload: Mapping[str, Any] | None) -> str:
    """The payload's sources as one line, as the bot's answers write them, or ""."""
    return sources_text([s for s in (payload or {}).get("sources") or [] if isinstance(s, Mapping)])


def with_sources(text: str, payload: Mapping[str, Any] | None) -> str:
    """The text, with the payload's sources line appended as a paragraph unless the text
    already cites every source URL (the bot's answers do; other replies have no sources)."""
    sources = [s for s in (payload or {}).get("sources") or [] if isinstance(s, Mapping)]
    urls = [str(s.get("url") or "") for s in sources]
    if not sources or all(url and url in text for url in urls):
        return text
    line = sources_line(payload)
    return f"{text.rstrip()}{PARAGRAPH_SEPARATOR}{line}" if text.strip() else line


def is_contract_payload(custom: Any) -> bool:
    """Whether a `custom` entry is the bot's reply payload (../shared/CONTRACT.md), as opposed
    to a platform-specific message someone wrote for one channel."""
    return isinstance(custom, Mapping) and isinstance(custom.get("kind"), str)


def setting(name: str, credentials: Mapping[str, Any] | None, key: str) -> str | None:
    """A channel setting: the environment variable `name`, else the credentials.yml entry's
    `key`; blank counts as unset. Secrets belong in the environment, never in the repository."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        value = (credentials or {}).get(key)
    value = str(value).strip() if value is not None else ""
    return value or None


class ContractReplies:
    """Output-channel mixin for messaging platforms: a reply that carries the contract's payload
    is sent once, as its text (with the sources) and buttons, through `deliver`; the payload
    itself is not posted (Rasa's connectors would send its keys as API parameters)."""

    async def deliver(self, recipient_id: str, text: str, buttons: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    async def send_response(self, recipient_id: str, message: Mapping[str, Any]) -> None:
        message = dict(message)
        custom = message.get("custom")
        if is_contract_payload(custom):
            message.pop("custom")
            text = with_sources(message.pop("text", None) or "", custom)
            buttons = message.pop("buttons", None) or message.pop("quick_replies", None) or []
            message.pop("quick_replies", None)
            await self.deliver(recipient_id, text, buttons)
        await super().send_response(recipient_id, message)  # type: ignore[misc]

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.deliver(recipient_id, text, [])

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.deliver(recipient_id, text, buttons)
