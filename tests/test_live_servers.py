"""The real Rasa server and action server, reached the way clients reach them.

One pair of servers serves the whole module (starting Rasa takes about a minute here).
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from bot.answers.replies import DISCLAIMER
from tests.helpers import assert_test_stories_pass, payloads, rest, socketio_reply

pytestmark = pytest.mark.servers


def test_rest_answers_a_section_with_its_payload(servers):
    replies = rest(servers, "rest-1", "what causes muscle wasting?")
    [payload] = payloads(replies)
    assert payload["kind"] == "answer"
    assert (payload["condition"], payload["section"]) == ("Muscle atrophy", "causes")
    assert payload["sources"][0]["url"].startswith("http")
    text = "\n\n".join(reply.get("text", "") for reply in replies)
    assert "• Stroke" in text and DISCLAIMER in text


def test_the_action_server_answers_without_tensorflow(servers):
    # After an answer that ranked sentences and matched names (spaCy loaded), the action server
    # (actions/__main__.py) holds no TensorFlow: its libraries are not mapped, its memory is small.
    reply = payloads(rest(servers, f"tf-{uuid.uuid4()}", "is stroke contagious?"))[0]
    assert reply["kind"] in ("answer", "missing_section")
    action_server = servers.processes[0]
    maps = Path(f"/proc/{action_server.pid}/maps").read_text()
    assert "spacy" in maps or "thinc" in maps or "cymem" in maps
    assert "tensorflow" not in maps and "jaxlib" not in maps
    rss_kb = int(Path(f"/proc/{action_server.pid}/status").read_text().split("VmRSS:")[1].split()[0])
    assert rss_kb < 300_000


def test_rest_follow_up_keeps_the_condition_and_shows_the_notice_once(servers):
    rest(servers, "rest-2", "how is ALS treated?")
    replies = rest(servers, "rest-2", "and what causes it?")
    [payload] = payloads(replies)
    assert (payload["condition"], payload["section"]) == ("Amyotrophic lateral sclerosis", "causes")
    assert DISCLAIMER not in " ".join(reply.get("text", "") for reply in replies)


@pytest.mark.parametrize(
    "message, kind",
    [
        ("hello", "greeting"),
        ("what can you do?", "help"),
        ("what's the weather tomorrow", "out_of_scope"),
        ("bye!", "goodbye"),
        ("are you a bot?", "chitchat"),
    ],
)
def test_rest_small_talk_carries_its_kind(servers, message, kind):
    assert [p["kind"] for p in payloads(rest(servers, f"talk-{uuid.uuid4().hex}", message))] == [kind]


def test_rest_button_payload_answers(servers):
    replies = rest(servers, "rest-3", '/ask_diagnosis{"condition": "Stroke"}')
    [payload] = payloads(replies)
    assert (payload["kind"], payload["condition"], payload["section"]) == ("answer", "Stroke", "diagnosis")


async def test_socketio_sends_text_and_payload_in_one_event(servers):
    event = await socketio_reply(servers, "what are the symptoms of a stroke?")
    assert event["custom"]["kind"] == "answer"
    assert (event["custom"]["condition"], event["custom"]["section"]) == ("Stroke", "symptoms")
    assert event["text"].startswith("Stroke — Symptoms")


def test_end_to_end_test_stories_pass(servers, tmp_path):
    """`rasa test` on tests/test_stories.yml, with the action server answering."""
    assert_test_stories_pass("tests/test_stories.yml", servers.endpoints, tmp_path)
