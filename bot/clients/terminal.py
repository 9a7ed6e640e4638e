"""Chatting with the bot in a terminal, through the Rasa server's REST channel.

`rasa shell` shows buttons as an arrow-key menu and prints each payload as raw JSON; this client
shows the reply as a person reads it: paragraphs and "• " lists wrapped to the terminal, the
sources as numbered links, buttons as numbered choices (type the number to choose), and an
emergency reply framed so it stands out.

    python -m bot.clients.terminal --url http://127.0.0.1:5005
"""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
import uuid
from dataclasses import dataclass, field
from typing import Any

from bot.clients.rest import RestClient, payloads
from bot.vocabulary import BULLET

QUIT_WORDS = {"/quit", "/exit", "/stop"}
PROMPT = "You: "


@dataclass
class Turn:
    """The bot's reply to one message: its paragraphs, buttons and payloads."""

    paragraphs: list[str] = field(default_factory=list)
    buttons: list[dict[str, str]] = field(default_factory=list)
    payloads: list[dict[str, Any]] = field(default_factory=list)


def collect(messages: list[dict[str, Any]]) -> Turn:
    """One turn from the REST channel's list of messages."""
    turn = Turn(payloads=payloads(messages))
    for message in messages:
        if message.get("text"):
            turn.paragraphs.extend(p for p in message["text"].split("\n\n") if p.strip())
        turn.buttons.extend(message.get("buttons") or [])
    return turn


def sources(turn: Turn) -> list[dict[str, str]]:
    """The payloads' sources ({"title", "url"}) that have a URL, each once."""
    found: dict[str, dict[str, str]] = {}
    for payload in turn.payloads:
        for source in payload.get("sources") or []:
            url = str(source.get("url") or "").strip() if isinstance(source, dict) else ""
            if url and url not in found:
                found[url] = {"title": str(source.get("title") or "").strip(), "url": url}
    return list(found.values())


def cites(paragraph: str, urls: list[str]) -> bool:
    """Whether a paragraph is the text's own citation of the sources: it names one of their
    URLs. Whatever its label says ("Sources:", "Read more:"), the numbered links replace it."""
    return any(url in paragraph for url in urls)


def render(turn: Turn, width: int = 80) -> str:
    """The turn as terminal text: wrapped paragraphs, lists, sources and numbered choices."""
    cited = sources(turn)
    urls = [source["url"] for source in cited]
    emergency = any(p.get("kind") == "emergency" for p in turn.payloads)
    lines: list[str] = []
    for paragraph in turn.paragraphs:
        if cites(paragraph, urls):
            continue  # shown below as numbered links
        for line in paragraph.splitlines():
            if line.startswith(BULLET):
                lines += textwrap.wrap(line, width, subsequent_indent=" " * len(BULLET)) or [""]
            else:
                lines += textwrap.wrap(line, width) or [""]
        lines.append("")
    if cited:
        lines.append("Sources:")
        for number, source in enumerate(cited, start=1):
            link = f"{source['title']} — {source['url']}" if source["title"] else source["url"]
            lines += textwrap.wrap(f"  {number}. {link}", width, subsequent_indent="     ")
        lines.append("")
    if turn.buttons:
        lines.append("Choose (type the number):")
        lines += [f"  [{number}] {button['title']}" for number, button in enumerate(turn.buttons, start=1)]
        lines.append("")
    if emergency:
        bar = "!" * min(width, 60)
        lines = [bar, "EMERGENCY", *lines[:-1], bar, ""]
    return "\n".join(lines)


def choice(text: str, buttons: list[dict[str, str]]) -> str | None:
    """The payload of the button a typed number picks, if it picks one."""
    stripped = text.strip()
    if stripped.isdigit() and 1 <= int(stripped) <= len(buttons):
        return buttons[int(stripped) - 1]["payload"]
    return None


def chat(client: RestClient, width: int) -> None:
    print("Health information assistant — general information, not medical advice.")
    print("Ask about a condition (e.g. “what causes muscle atrophy?”); /quit to leave.\n")
    buttons: list[dict[str, str]] = []
    while True:
        try:
            text = input(PROMPT)
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if text.strip().lower() in QUIT_WORDS:
            return
        if not text.strip():
            continue
        message = choice(text, buttons) or text
        try:
            turn = collect(client.send(message))
        except (OSError, ValueError) as error:
            print(f"(The bot cannot be reached: {error}. Is the server running?)\n")
            continue
        buttons = turn.buttons
        print("\n" + render(turn, width))


def main() -> int:
    parser = argparse.ArgumentParser(description="Chat with the bot in the terminal (REST channel).")
    parser.add_argument("--url", default="http://127.0.0.1:5005", help="the Rasa server")
    parser.add_argument("--sender", default=f"terminal-{uuid.uuid4().hex[:8]}", help="conversation id")
    parser.add_argument("--wait", type=float, default=300, help="seconds to wait for the server to start")
    args = parser.parse_args()
    client = RestClient(args.url, args.sender)
    print(f"Connecting to {args.url} (a freshly started server takes about a minute) …", flush=True)
    if not client.wait_until_up(args.wait):
        print(f"No Rasa server answered at {args.url} within {args.wait:.0f} s.", file=sys.stderr)
        return 1
    width = min(shutil.get_terminal_size((80, 24)).columns, 100) - 1
    chat(client, width)
    return 0


if __name__ == "__main__":
    sys.exit(main())
