"""scripts.profile_server (`make profile`): the collapsed-stack summary, and a tiny real run."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import profile_server

COLLAPSED = [
    "<module> (rasa:8);handle_message (rasa/core/processor.py:169);process (rasa/nlu/classifiers/diet_classifier.py:900) 6",
    "<module> (rasa:8);handle_message (rasa/core/processor.py:170);validate (jsonschema/validators.py:930) 3",
    "<module> (rasa:8);serve (sanic/server/runners.py:155) 1",
    "not a stack line",
]


def test_frame_names_drop_the_line_number() -> None:
    assert (
        profile_server.frame_name("handle_message (rasa/core/processor.py:169)")
        == "handle_message (rasa/core/processor.py)"
    )
    assert profile_server.frame_name("process_idle") == "process_idle"


def test_shares_count_each_function_once_per_stack_inclusive_and_on_top_as_self() -> None:
    total, inclusive, own = profile_server.shares(COLLAPSED)
    assert total == 10
    assert inclusive["<module> (rasa)"] == 10
    assert inclusive["handle_message (rasa/core/processor.py)"] == 9  # two lines of it, one function
    assert own["process (rasa/nlu/classifiers/diet_classifier.py)"] == 6
    assert own["validate (jsonschema/validators.py)"] == 3
    assert "handle_message (rasa/core/processor.py)" not in own


@pytest.mark.servers
def test_a_tiny_profile_of_both_servers(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert profile_server.main(["--concurrency", "2", "--duration", "6", "--out", str(tmp_path)]) == 0
    report = (tmp_path / "profile.md").read_text()
    assert "## rasa server" in report and "## action server" in report
    for name in ("rasa_server", "action_server"):
        total, inclusive, _ = profile_server.shares((tmp_path / f"{name}.txt").read_text().splitlines())
        assert total > 100  # about 100 samples a second for 6 s
    _, inclusive, _ = profile_server.shares((tmp_path / "rasa_server.txt").read_text().splitlines())
    # Under load, the Rasa server was caught answering messages.
    assert any(name.startswith("handle_message (rasa/core/processor.py)") for name in inclusive)
    assert "0 failed" in report
