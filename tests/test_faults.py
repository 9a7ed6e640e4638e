"""Faults, on real servers: the action server stopped or frozen, and a
missing or corrupt knowledge base at start."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import payloads, rest
from tests.servers import Servers, free_port, restart_actions, spawn_actions, spawn_rasa, start_servers, stop_actions

pytestmark = pytest.mark.servers

ROOT = Path(__file__).resolve().parents[1]
ALS = "Amyotrophic lateral sclerosis"
REPLY_TIMEOUT_S = 5


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    env = {"HEALTHBOT_REPLY_TIMEOUT_SECONDS": str(REPLY_TIMEOUT_S)}
    with start_servers(ROOT, tmp_path_factory.mktemp("faults"), env=env) as running:
        yield running


def only_payload(servers: Servers, sender: str, message: str) -> dict:
    [payload] = payloads(rest(servers, sender, message))
    return payload


def test_with_the_action_server_stopped_the_user_gets_an_apology_and_then_goes_on(servers: Servers) -> None:
    sender = f"faults-{uuid.uuid4().hex}"
    assert only_payload(servers, sender, "what is ALS?")["condition"] == ALS
    stop_actions(servers)
    try:
        replies = rest(servers, sender, "what causes it?")
        assert payloads(replies) == [{"kind": "error", "reason": "failed"}]
        assert "Sorry" in replies[0]["text"]
        assert payloads(rest(servers, "someone-else", "what is a stroke?")) == [{"kind": "error", "reason": "failed"}]
        # Replies from the domain need no action server.
        assert payloads(rest(servers, "someone-else", "hello")) == [{"kind": "greeting"}]
    finally:
        restart_actions(ROOT, servers)
    # Back: the conversation goes on with its context.
    payload = only_payload(servers, sender, "what causes it?")
    assert (payload["kind"], payload["condition"], payload["section"]) == ("answer", ALS, "causes")


def test_with_the_action_server_frozen_the_user_gets_an_apology_in_time_and_then_goes_on(servers: Servers) -> None:
    sender = f"faults-{uuid.uuid4().hex}"
    assert only_payload(servers, sender, "what is ALS?")["condition"] == ALS
    action_server = servers.processes[0]
    action_server.send_signal(signal.SIGSTOP)  # it accepts connections but answers nothing
    try:
        begin = time.monotonic()
        assert payloads(rest(servers, sender, "what are the symptoms?")) == [{"kind": "error", "reason": "slow"}]
        waited = time.monotonic() - begin
        assert REPLY_TIMEOUT_S <= waited < REPLY_TIMEOUT_S + 10
    finally:
        action_server.send_signal(signal.SIGCONT)
    payload = only_payload(servers, sender, "how is it treated?")
    assert (payload["kind"], payload["condition"], payload["section"]) == ("answer", ALS, "treatment")


BAD_KNOWLEDGE_BASES = {
    "missing": None,
    "corrupt": '{"format": 1, "count": 16, "conditions": [{"id": "als", "na',
    "incomplete": '{"format": 1, "count": 16, "conditions": []}',
}


def bad_knowledge_base(tmp_path: Path, content: str | None) -> tuple[Path, dict[str, str]]:
    kb = tmp_path / "kb.json"
    if content is not None:
        kb.write_text(content)
    return kb, {**os.environ, "HEALTHBOT_KB": str(kb), "PYTHONUNBUFFERED": "1"}


def assert_stops_saying_why(process: subprocess.Popen, log: Path, kb: Path) -> None:
    try:
        code = process.wait(timeout=300)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail(f"the server kept running without its knowledge base:\n{log.read_text()[-2000:]}")
    assert code != 0
    last_line = log.read_text().strip().splitlines()[-1]
    assert last_line.startswith("Cannot start") and str(kb) in last_line, last_line


@pytest.mark.parametrize("content", BAD_KNOWLEDGE_BASES.values(), ids=BAD_KNOWLEDGE_BASES.keys())
def test_the_action_server_does_not_start_without_a_whole_knowledge_base(tmp_path: Path, content: str | None) -> None:
    kb, env = bad_knowledge_base(tmp_path, content)
    log = tmp_path / "actions.log"
    assert_stops_saying_why(spawn_actions(ROOT, free_port(), log, env), log, kb)


def test_the_rasa_server_does_not_start_without_a_whole_knowledge_base(tmp_path: Path) -> None:
    # Rasa itself would log the component's error and serve on without a model. One case: the
    # Rasa server reads the file with the same KnowledgeBase.load as the action server.
    kb, env = bad_knowledge_base(tmp_path, BAD_KNOWLEDGE_BASES["incomplete"])
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f"action_endpoint:\n  url: http://127.0.0.1:{free_port()}/webhook\n")
    log = tmp_path / "rasa.log"
    assert_stops_saying_why(spawn_rasa(ROOT, free_port(), endpoints, log, env), log, kb)
