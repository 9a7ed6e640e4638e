"""The real Rasa server and action server, reached the way clients reach them.

One pair of servers serves the whole module (starting Rasa takes about a minute here).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest
import socketio
import yaml

from bot.answers.replies import DISCLAIMER

pytestmark = pytest.mark.servers
ROOT = Path(__file__).resolve().parents[1]


def rest(servers, sender: str, message: str) -> list[dict[str, Any]]:
    request = urllib.request.Request(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def payloads(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [reply["custom"] for reply in replies if "custom" in reply]


def test_rest_answers_a_section_with_its_payload(servers):
    replies = rest(servers, "rest-1", "what causes muscle wasting?")
    [payload] = payloads(replies)
    assert payload["kind"] == "answer"
    assert (payload["condition"], payload["section"]) == ("Muscle atrophy", "causes")
    assert payload["sources"][0]["url"].startswith("http")
    text = "\n\n".join(reply.get("text", "") for reply in replies)
    assert "• Stroke" in text and DISCLAIMER in text


def test_rest_follow_up_keeps_the_condition_and_shows_the_notice_once(servers):
    rest(servers, "rest-2", "how is ALS treated?")
    replies = rest(servers, "rest-2", "and what causes it?")
    [payload] = payloads(replies)
    assert (payload["condition"], payload["section"]) == ("Amyotrophic lateral sclerosis", "causes")
    assert DISCLAIMER not in " ".join(reply.get("text", "") for reply in replies)


@pytest.mark.parametrize(
    "message, kind",
    [("hello", "greeting"), ("what can you do?", "help"), ("what's the weather tomorrow", "out_of_scope"),
     ("bye!", "goodbye"), ("are you a bot?", "chitchat")],
)
def test_rest_small_talk_carries_its_kind(servers, message, kind):
    assert [p["kind"] for p in payloads(rest(servers, f"talk-{uuid.uuid4().hex}", message))] == [kind]


def test_rest_button_payload_answers(servers):
    replies = rest(servers, "rest-3", '/ask_diagnosis{"condition": "Stroke"}')
    [payload] = payloads(replies)
    assert (payload["kind"], payload["condition"], payload["section"]) == ("answer", "Stroke", "diagnosis")


async def socketio_reply(servers, message: str) -> dict[str, Any]:
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


async def test_socketio_sends_text_and_payload_in_one_event(servers):
    event = await socketio_reply(servers, "what are the symptoms of a stroke?")
    assert event["custom"]["kind"] == "answer"
    assert (event["custom"]["condition"], event["custom"]["section"]) == ("Stroke", "symptoms")
    assert event["text"].startswith("Stroke — Symptoms")


def assert_test_stories_pass(stories: str, endpoints: Path, out: Path, env: dict[str, str] | None = None) -> None:
    """`rasa test core` on end-to-end stories, with the action server of `endpoints` answering."""
    rasa = str(Path(sys.executable).with_name("rasa"))
    result = subprocess.run(
        [rasa, "test", "core", "--stories", stories, "--fail-on-prediction-errors",
         "--model", "models/health-assistant.tar.gz", "--endpoints", str(endpoints), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=1200, env=env,
    )
    assert result.returncode == 0, result.stdout[-6000:]
    failed = yaml.safe_load((out / "failed_test_stories.yml").read_text()) or {}
    assert not failed.get("stories"), failed
    report = json.loads((out / "story_report.json").read_text())
    assert report["conversation_accuracy"]["accuracy"] == 1.0


def test_end_to_end_test_stories_pass(servers, tmp_path):
    """`rasa test` on tests/test_stories.yml, with the action server answering."""
    assert_test_stories_pass("tests/test_stories.yml", servers.endpoints, tmp_path)
