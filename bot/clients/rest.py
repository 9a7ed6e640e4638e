"""The bot's REST channel as a client sees it, for every program that talks to it synchronously.

The terminal chat, `make eval` and the benchmarks' start-up checks all post a message for a
sender to Rasa's REST webhook and read back a list of messages, one of which carries the reply's
payload (its `custom` entry, ../shared/CONTRACT.md). One client keeps them reading the reply the
same way. Clients talk to the server over HTTP only: this module imports no bot package.
"""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

WEBHOOK_PATH = "/webhooks/rest/webhook"
TIMEOUT_S = 60.0


def post_message(rasa_url: str, sender: str, text: str, timeout: float = TIMEOUT_S) -> list[dict[str, Any]]:
    """The messages the bot answers `text` from `sender` with. Raises OSError (refused, timed
    out, HTTP error) or ValueError (not JSON) when there is no reply to read."""
    request = urllib.request.Request(
        rasa_url.rstrip("/") + WEBHOOK_PATH,
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)


def payloads(messages: Any) -> list[dict[str, Any]]:
    """The payloads of a reply: the `custom` objects of its messages, in order. Anything that
    is not a list of messages has none."""
    if not isinstance(messages, list):
        return []
    return [m["custom"] for m in messages if isinstance(m, dict) and isinstance(m.get("custom"), dict)]


def find_payload(messages: Any) -> dict[str, Any] | None:
    """The reply's payload (the first message with a `custom` object), or None."""
    found = payloads(messages)
    return found[0] if found else None


def is_up(rasa_url: str, timeout: float = 2.0) -> bool:
    """Whether the Rasa server answers "/" (it does once its model is loaded)."""
    try:
        with urllib.request.urlopen(rasa_url.rstrip("/") + "/", timeout=timeout):
            return True
    except OSError:
        return False


class RestClient:
    """One conversation (a sender id) with the Rasa server at `url`."""

    def __init__(self, url: str, sender: str, timeout: float = TIMEOUT_S) -> None:
        self.url = url.rstrip("/")
        self.sender = sender
        self.timeout = timeout

    def send(self, message: str) -> list[dict[str, Any]]:
        return post_message(self.url, self.sender, message, self.timeout)

    def wait_until_up(self, seconds: float, interval_s: float = 1.0) -> bool:
        """Whether the server answered within `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if is_up(self.url):
                return True
            time.sleep(interval_s)
        return False
