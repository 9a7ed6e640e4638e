"""The terminal: `make shell`'s client (bot.clients.terminal) and Rasa's own `rasa shell`, each driven in a
real terminal (tmux) against the session's servers; and the client's rendering of a reply, without servers."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from bot.clients.terminal import Turn, choice, collect, render
from scripts.harness import free_port
from tests.helpers import ROOT


def screen(session: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-t", session, "-p", "-S", "-200"], capture_output=True, text=True, timeout=30
    ).stdout


def wait_for(session: str, text: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        shown = screen(session)
        if text in shown:
            return shown
        time.sleep(1)
    raise AssertionError(f"{text!r} not shown within {seconds} s; screen:\n{screen(session)}")


def in_tmux(command: str) -> str:
    assert shutil.which("tmux"), "tmux is needed for this test (.ci/run installs it)"
    session = f"shell-{uuid.uuid4().hex[:8]}"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "200", "-c", str(ROOT), command],
        check=True,
        timeout=30,
    )
    return session


def type_line(session: str, text: str) -> None:
    subprocess.run(["tmux", "send-keys", "-t", session, "-l", text], check=True, timeout=30)
    subprocess.run(["tmux", "send-keys", "-t", session, "Enter"], check=True, timeout=30)


@pytest.mark.servers
def test_make_shell_client_shows_lists_sources_and_numbered_choices(servers):
    session = in_tmux(f"{sys.executable} -m bot.clients.terminal --url {servers.rasa_url}")
    try:
        wait_for(session, "You:", 60)
        type_line(session, "what causes muscle atrophy?")
        shown = wait_for(session, "Choose (type the number):", 60)
        assert "Muscle atrophy — Causes" in shown and "\n• " in shown
        assert "Sources:" in shown and "  1. " in shown and "https://" in shown
        assert '"kind"' not in shown  # no raw JSON
        number = next(line.split("]")[0].strip(" [") for line in shown.splitlines() if "] Tell me about Stroke" in line)
        type_line(session, number)
        shown = wait_for(session, "Stroke — Overview", 60)
        type_line(session, "my dad's face is drooping and he can't lift his arm")
        wait_for(session, "EMERGENCY", 60)
        type_line(session, "/quit")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], timeout=30)


@pytest.mark.servers
def test_make_shell_starts_its_servers_and_chats(servers):
    """`make shell` itself, on free ports: it starts both servers and the client, and stops them."""
    rasa_port, action_port = free_port(), free_port()
    session = in_tmux(f"make shell RASA_PORT={rasa_port} ACTION_PORT={action_port}")
    try:
        wait_for(session, "You:", 420)
        type_line(session, "what are the symptoms of polio?")
        shown = wait_for(session, "Polio — Symptoms", 120)
        assert "\n• " in shown and "Sources:" in shown
        type_line(session, "/quit")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _listening(rasa_port):
            time.sleep(1)
        assert not _listening(rasa_port), "make shell left its Rasa server running"
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], timeout=30)


def _listening(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.servers
def test_rasa_shell_answers_a_question_in_the_terminal(servers):
    assert shutil.which("tmux"), "tmux is needed for this test (.ci/run installs it)"
    rasa = Path(sys.executable).with_name("rasa")
    session = f"shell-{uuid.uuid4().hex[:8]}"
    command = f"{rasa} shell --model models/health-assistant.tar.gz --endpoints {servers.endpoints} -p {free_port()}"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "60", "-c", str(ROOT), command],
        check=True,
        timeout=30,
    )
    try:
        wait_for(session, "Your input ->", 300)
        subprocess.run(["tmux", "send-keys", "-t", session, "how is ALS treated?", "Enter"], check=True, timeout=30)
        shown = wait_for(session, "Amyotrophic lateral sclerosis — Treatment", 120)
        assert "• " in shown and "Source" in shown
        assert '"kind": "answer"' in shown
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], timeout=30)


# --- rendering, without servers ------------------------------------------------------------------


def test_render_wraps_lists_and_numbers_sources_and_buttons():
    turn = collect(
        [
            {
                "text": "Stroke — Causes\n\n• "
                + "blocked artery " * 10
                + "\n• bleeding\n\nSources: NINDS (https://x.test/s)"
            },
            {
                "text": "Pick one",
                "buttons": [{"title": "Tell me about Polio", "payload": '/ask_overview{"condition": "Polio"}'}],
            },
            {"custom": {"kind": "answer", "sources": [{"title": "NINDS", "url": "https://x.test/s"}]}},
        ]
    )
    shown = render(turn, width=40)
    assert all(len(line) <= 40 for line in shown.splitlines())
    assert "\n  blocked" in shown  # a wrapped bullet keeps its indent
    assert "Sources: NINDS" not in shown and "  1. NINDS — https://x.test/s" in shown
    assert "  [1] Tell me about Polio" in shown
    assert choice("1", turn.buttons) == '/ask_overview{"condition": "Polio"}'
    assert choice("2", turn.buttons) is None and choice("one", turn.buttons) is None


def test_render_frames_an_emergency():
    shown = render(Turn(["Call your local emergency number now."], [], [{"kind": "emergency"}]))
    assert shown.splitlines()[1] == "EMERGENCY" and shown.startswith("!!!")


def test_sources_come_from_the_payload_whatever_the_text_calls_them():
    url = "https://medlineplus.gov/ency/article/000726.htm"
    turn = collect(
        [
            {"text": f"Stroke — Overview\n\nA stroke happens when ...\n\nRead more: MedlinePlus ({url})"},
            {"custom": {"kind": "answer", "sources": [{"title": "MedlinePlus", "url": url}]}},
        ]
    )
    shown = render(turn)
    assert f"  1. MedlinePlus — {url}" in shown
    assert "Read more" not in shown and shown.count(url) == 1
    assert "A stroke happens when ..." in shown


def test_a_text_without_sources_in_its_payload_is_shown_whole():
    turn = collect([{"text": "Sources: none given here\n\nHello!"}, {"custom": {"kind": "greeting"}}])
    shown = render(turn)
    assert "Sources: none given here" in shown and "  1. " not in shown
