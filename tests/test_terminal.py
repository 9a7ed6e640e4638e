"""`rasa shell`, as `make shell` runs it, driven in a real terminal (tmux) for one question."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.servers import free_port

pytestmark = pytest.mark.servers
ROOT = Path(__file__).resolve().parents[1]


def screen(session: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-t", session, "-p", "-S", "-200"], capture_output=True, text=True
    ).stdout


def wait_for(session: str, text: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        shown = screen(session)
        if text in shown:
            return shown
        time.sleep(1)
    raise AssertionError(f"{text!r} not shown within {seconds} s; screen:\n{screen(session)}")


def test_shell_answers_a_question_in_the_terminal(servers):
    assert shutil.which("tmux"), "tmux is needed for this test (.ci/run installs it)"
    rasa = Path(sys.executable).with_name("rasa")
    session = f"shell-{uuid.uuid4().hex[:8]}"
    command = f"{rasa} shell --model models/health-assistant.tar.gz --endpoints {servers.endpoints} -p {free_port()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "60", "-c", str(ROOT), command], check=True)
    try:
        wait_for(session, "Your input ->", 300)
        subprocess.run(["tmux", "send-keys", "-t", session, "how is ALS treated?", "Enter"], check=True)
        shown = wait_for(session, "Amyotrophic lateral sclerosis — Treatment", 120)
        assert "• " in shown and "Source" in shown
        assert '"kind": "answer"' in shown
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session])
