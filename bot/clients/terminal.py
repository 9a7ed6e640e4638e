"""Chatting with the bot in a terminal, through the Rasa server's REST channel.

`rasa shell` shows buttons as an arrow-key menu and prints each payload as raw JSON; this client
shows the reply as a person reads it: paragraphs and "• " lists wrapped to the terminal, the
sources as numbered links, buttons as numbered choices (type the number to choose), and an
emergency reply framed so it stands out.

    python -m bot.clients.terminal --url http://127.0.0.1:5005
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any, Optional

from bot.answers.replies import BULLET

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
    turn = Turn()
    for message in messages:
        if message.get("text"):
            turn.paragraphs.extend(p for p in message["text"].split("\n\n") if p.strip())
        turn.buttons.extend(message.get("buttons") or [])
        if isinstance(message.get("custom"), dict):
            turn.payloads.append(message["custom"])
    return turn


def render(turn: Turn, width: int = 80) -> str:
    """The turn as terminal text: wrapped paragraphs, lists, sources and numbered choices."""
    sources = [s for p in turn.payloads for s in p.get("sources", [])]
    emergency = any(p.get("kind") == "emergency" for p in turn.payloads)
    lines: list[str] = []
    for paragraph in turn.paragraphs:
        if sources and paragraph.startswith(("Source: ", "Sources: ")):
            continue  # shown below as a numbered list
        for line in paragraph.splitlines():
            if line.startswith(BULLET):
                lines += textwrap.wrap(line, width, subsequent_indent=" " * len(BULLET)) or [""]
            else:
                lines += textwrap.wrap(line, width) or [""]
        lines.append("")
    if sources:
        lines.append("Sources:")
        for number, source in enumerate(sources, start=1):
            lines += textwrap.wrap(f"  {number}. {source['title']} — {source['url']}", width, subsequent_indent="     ")
        lines.append("")
    if turn.buttons:
        lines.append("Choose (type the number):")
        lines += [f"  [{number}] {button['title']}" for number, button in enumerate(turn.buttons, start=1)]
        lines.append("")
    if emergency:
        bar = "!" * min(width, 60)
        lines = [bar, "EMERGENCY", *lines[:-1], bar, ""]
    return "\n".join(lines)


def choice(text: str, buttons: list[dict[str, str]]) -> Optional[str]:
    """The payload of the button a typed number picks, if it picks one."""
    stripped = text.strip()
    if stripped.isdigit() and 1 <= int(stripped) <= len(buttons):
        return buttons[int(stripped) - 1]["payload"]
    return None


class RestClient:
    def __init__(self, url: str, sender: str, timeout: float = 60) -> None:
        self.webhook = url.rstrip("/") + "/webhooks/rest/webhook"
        self.base = url.rstrip("/")
        self.sender = sender
        self.timeout = timeout

    def send(self, message: str) -> list[dict[str, Any]]:
        body = json.dumps({"sender": self.sender, "message": message}).encode()
        request = urllib.request.Request(self.webhook, data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            return json.load(response)

    def wait_until_up(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:  # Rasa answers "/" once its model is loaded
                with urllib.request.urlopen(self.base + "/", timeout=2):
                    return True
            except OSError:
                pass
            time.sleep(1)
        return False


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
