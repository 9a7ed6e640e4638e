"""scripts.first_answer (`make bench-first-answer`, minutes: never run here): its phases read
from make's output and the clean environment it runs in."""

from __future__ import annotations

import pytest

from scripts import first_answer


def test_phases_start_at_the_first_line_with_their_marker():
    lines = [
        (10.0, "Creating .venv with /usr/bin/python3.10"),
        (40.0, ".venv/bin/python -m bot build"),
        (41.0, "Built 16 conditions ... -m bot build"),
        (45.0, ".venv/bin/rasa train --fixed-model-name health-assistant --out build/training"),
        (170.0, "Starting the Rasa server (1 worker(s), memory lock store) on http://127.0.0.1:5005"),
    ]
    assert first_answer.phase_starts(lines) == {"knowledge base": 40.0, "training": 45.0, "start": 170.0}


def test_phase_seconds_run_to_the_next_phase_and_the_last_to_the_answer():
    starts = {"install": 2.0, "knowledge base": 40.0, "training": 45.0, "start": 170.0}
    seconds = first_answer.phase_seconds(0.0, starts, 181.5)
    assert seconds == {"clone": 2.0, "install": 38.0, "knowledge base": 5.0, "training": 125.0, "start": 11.5}
    assert sum(seconds.values()) == pytest.approx(181.5)


def test_a_phase_whose_marker_never_showed_counts_in_the_one_before():
    # Nothing to build or train (an up-to-date clone): install runs until the start.
    seconds = first_answer.phase_seconds(0.0, {"install": 1.0, "start": 50.0}, 60.0)
    assert seconds == {"clone": 1.0, "install": 49.0, "start": 10.0}


def test_the_clean_run_gets_none_of_this_shells_make_venv_or_bot_settings():
    env = {
        "PATH": "/usr/bin",
        "MAKEFLAGS": "-j4 BENCH_ARGS=x",
        "MAKELEVEL": "1",
        "VIRTUAL_ENV": "/work/main/.venv",
        "HEALTHBOT_KB": "/tmp/kb.json",
        "TRACKER_STORE_DIALECT": "postgresql",
        "PIP_FIND_LINKS": "/opt/wheels",
    }
    assert first_answer.clean_env(env) == {"PATH": "/usr/bin", "PIP_FIND_LINKS": "/opt/wheels"}


def test_output_lines_are_read_whole_as_they_come(tmp_path):
    log = tmp_path / "make.log"
    log.write_text("one\ntw")
    output = first_answer.OutputLines(log)
    output.poll()
    assert [line for _, line in output.lines] == ["one"]
    log.write_text("one\ntwo\nthree\n")
    output.poll()
    assert [line for _, line in output.lines] == ["one", "two", "three"]
    assert all(a <= b for (a, _), (b, _) in zip(output.lines, output.lines[1:], strict=False))


def test_each_run_downloads_into_new_caches_of_its_own(tmp_path):
    env = first_answer.new_user_env(
        tmp_path, {"PATH": "/usr/bin", "MAKELEVEL": "1", "PIP_CACHE_DIR": "/root/.cache/pip"}
    )
    assert env == {
        "PATH": "/usr/bin",
        "PIP_CACHE_DIR": str(tmp_path / "caches" / "pip"),
        "UV_CACHE_DIR": str(tmp_path / "caches" / "uv"),
        "npm_config_cache": str(tmp_path / "caches" / "npm"),
    }
