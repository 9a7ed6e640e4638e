"""What several test modules share: the repository's paths, talking to the live servers the way
clients do (REST, Socket.IO, Telegram and Slack webhooks), and the make and `rasa test` checks.

Test modules import these from here, never from one another or from conftest.py, so that each
test module can be read, run and renamed on its own.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import socketio
import yaml

from bot.clients.rest import payloads, post_message
from tests.fake_platforms import SLACK_SIGNING_SECRET, TELEGRAM_SECRET_TOKEN
from tests.servers import Servers

__all__ = [
    "CONDITIONS_DIR",
    "ROOT",
    "SHARED",
    "assert_test_stories_pass",
    "make_dry_run",
    "make_variables",
    "payloads",
    "post",
    "rest",
    "slack_event",
    "slack_post",
    "socketio_reply",
    "telegram_message",
    "telegram_update",
    "to_channel",
]

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CONDITIONS_DIR = ROOT / "data" / "conditions"


# --- REST and Socket.IO ----------------------------------------------------------------------


def rest(servers: Servers, sender: str, message: str) -> list[dict[str, Any]]:
    """The messages of the bot's REST reply to `message` from `sender` (payloads: `payloads`)."""
    return post_message(servers.rasa_url, sender, message)


async def socketio_reply(servers: Servers, message: str) -> dict[str, Any]:
    """The first `bot_uttered` event answering one message sent by a Socket.IO client."""
    client = socketio.AsyncClient()
    received: asyncio.Queue = asyncio.Queue()
    client.on("bot_uttered", received.put)
    session_id = uuid.uuid4().hex
    await client.connect(servers.rasa_url, transports=["polling"], socketio_path="/socket.io")
    try:
        await client.emit("session_request", {"session_id": session_id})
        await client.emit("user_uttered", {"message": message, "session_id": session_id})
        return await asyncio.wait_for(received.get(), timeout=60)
    finally:
        await client.disconnect()


# --- Telegram and Slack, as the platforms call the bot's webhooks -----------------------------


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    """HTTP status and body of a POST, error statuses included."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def telegram_update(
    servers: Servers, update: dict[str, Any], secret: str | None = TELEGRAM_SECRET_TOKEN
) -> tuple[int, str]:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    return post(f"{servers.rasa_url}/webhooks/telegram/webhook", json.dumps(update).encode(), headers)


def telegram_message(chat_id: int, text: str) -> dict[str, Any]:
    user = {"id": chat_id, "is_bot": False, "first_name": "Test", "username": f"user{chat_id}", "language_code": "en"}
    return {
        "update_id": int(time.time() * 1000) % 2**31,
        "message": {
            "message_id": 1,
            "from": user,
            "chat": {"id": chat_id, "first_name": "Test", "type": "private"},
            "date": int(time.time()),
            "text": text,
        },
    }


def slack_post(
    servers: Servers, body: bytes, content_type: str, secret: str = SLACK_SIGNING_SECRET, timestamp: int | None = None
) -> tuple[int, str]:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = "v0=" + hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": str(timestamp),
        "X-Slack-Signature": signature,
    }
    return post(f"{servers.rasa_url}/webhooks/slack/webhook", body, headers)


def slack_event(channel: str, user: str, text: str) -> bytes:
    ts = f"{time.time():.6f}"
    return json.dumps(
        {
            "token": "verification-token",
            "team_id": "T0TEST",
            "api_app_id": "A0TEST",
            "type": "event_callback",
            "event_id": f"Ev{uuid.uuid4().hex[:10]}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T0TEST", "user_id": "U0BOT", "is_bot": True}],
            "event": {
                "type": "message",
                "channel": channel,
                "user": user,
                "text": text,
                "ts": ts,
                "event_ts": ts,
                "channel_type": "im",
            },
        }
    ).encode()


def to_channel(key: str, value: Any) -> Callable[[Any], bool]:
    """A filter of the fake platforms' recorded calls: those whose parameter `key` is `value`."""
    return lambda call: str(call.params.get(key)) == str(value)


# --- make and rasa test ------------------------------------------------------------------------


def make_dry_run(*args: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        ["make", "-n", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def make_variables(target: str) -> dict[str, str]:
    """The target-specific variables of `target` as make resolves them (its database, -p)."""
    database = make_dry_run("-p", target)
    found = re.findall(rf"^{re.escape(target)}: (\w+) :?= ?(.*)$", database, re.MULTILINE)
    return {name: value for name, value in found}


def assert_test_stories_pass(stories: str, endpoints: Path, out: Path, env: dict[str, str] | None = None) -> None:
    """`rasa test core` on end-to-end stories, with the action server of `endpoints` answering."""
    rasa = str(Path(sys.executable).with_name("rasa"))
    result = subprocess.run(
        [
            rasa,
            "test",
            "core",
            "--stories",
            stories,
            "--fail-on-prediction-errors",
            "--model",
            "models/health-assistant.tar.gz",
            "--endpoints",
            str(endpoints),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
        env=env,
    )
    assert result.returncode == 0, result.stdout[-6000:]
    failed = yaml.safe_load((out / "failed_test_stories.yml").read_text()) or {}
    assert not failed.get("stories"), failed
    report = json.loads((out / "story_report.json").read_text())
    assert report["conversation_accuracy"]["accuracy"] == 1.0
