"""`make bench` works: a tiny real run (both bots' servers, the load levels) writes well-formed
results, its reply checker counts failed and empty replies, and its servers do not outlive it."""

from __future__ import annotations

import json
import math
import random
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scripts import bench
from tests.servers import run_tiny

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# ---------------------------------------------------------------- the reply checker


def test_an_empty_reply_fails():
    assert bench.reply_failure(200, [], need_kind=True) == "empty reply"
    assert bench.reply_failure(200, [], need_kind=False) == "empty reply"
    assert bench.reply_failure(200, None, need_kind=True) == "empty reply"


def test_a_project_reply_without_the_payload_fails():
    assert bench.reply_failure(200, [{"recipient_id": "u", "text": "ALS is ..."}], need_kind=True)
    assert bench.reply_failure(200, [{"text": "x"}, {"custom": {"condition": "ALS"}}], need_kind=True)
    assert bench.reply_failure(200, [{"text": "x"}, {"custom": "answer"}], need_kind=True)


def test_a_project_reply_with_the_payload_passes():
    body = [{"text": "ALS is ..."}, {"custom": {"kind": "answer", "condition": "ALS"}}]
    assert bench.reply_failure(200, body, need_kind=True) is None
    assert bench.reply_kind(body) == "answer"


def test_a_stock_reply_needs_text_or_an_image():
    assert bench.reply_failure(200, [{"text": "Hey! How are you?"}], need_kind=False) is None
    assert bench.reply_failure(200, [{"image": "https://i.imgur.com/nGF1K8f.jpg"}], need_kind=False) is None
    assert bench.reply_failure(200, [{"recipient_id": "u"}], need_kind=False) == "no text"


def test_http_errors_fail():
    assert bench.reply_failure(500, None, need_kind=False) == "HTTP 500"
    assert bench.reply_failure(404, [{"custom": {"kind": "answer"}}], need_kind=True) == "HTTP 404"


def test_a_misspelling_is_one_letter_off_the_longest_word():
    rng = random.Random(1)
    for name in ("Guillain-Barré syndrome", "Rheumatoid arthritis", "Amyotrophic lateral sclerosis", "Stroke"):
        slip = bench.misspell(name, rng)
        assert slip != name.lower() and abs(len(slip) - len(name)) == 1


# ---------------------------------------------------------------- a tiny real run


# About 2.5 minutes on an idle 2-core machine; much longer when other work shares the cores.
TINY_RUN_TIMEOUT_S = 900


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[subprocess.CompletedProcess, Path]]:
    out = tmp_path_factory.mktemp("bench")
    yield run_tiny("scripts.bench", out, TINY_RUN_TIMEOUT_S), out


def _positive(value: Any) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value) and value > 0


@pytest.mark.servers
@pytest.mark.model
def test_the_tiny_run_writes_well_formed_json(tiny_run):
    report = json.loads((tiny_run[1] / "bench.json").read_text())
    assert report["meta"]["tiny"] is True and report["meta"]["levels"] == [1, 8, 32]
    for name in ("project", "stock"):
        bot = report[name]
        assert _positive(bot["start"]["first_reply_s"]) and _positive(bot["start"]["model_loaded_s"])
        assert bot["start"]["model_loaded_s"] <= bot["start"]["first_reply_s"]
        assert bot["memory_mb"] and all(_positive(mb) for mb in bot["memory_mb"].values())
        assert _positive(bot["first_turn_p50_ms"])
        assert sorted(bot["levels"]) == ["1", "32", "8"]
        for level in bot["levels"].values():
            assert level["replies"] > 0 and level["replies"] + level["failed"] == level["requests"]
            assert level["conversations"] >= level["concurrency"]
            assert all(_positive(level[key]) for key in ("p50_ms", "p95_ms", "p99_ms", "throughput_rps", "elapsed_s"))
            assert level["p50_ms"] <= level["p95_ms"] <= level["p99_ms"]
    assert set(report["project"]["memory_mb"]) == {"action_server", "rasa_server"}
    assert report["project"]["train_s"] is None and _positive(report["stock"]["train_s"])
    ratios = report["ratios"]
    assert ratios["train"] is None
    assert all(_positive(value) for key, value in ratios.items() if key != "train")
    assert {f"p99_at_{n}" for n in (1, 8, 32)} <= set(ratios)
    assert len(report["goals"]) == 5 and all(isinstance(goal["pass"], bool) for goal in report["goals"])


@pytest.mark.servers
@pytest.mark.model
def test_the_project_answers_every_turn_with_the_contract_payload(tiny_run):
    project = json.loads((tiny_run[1] / "bench.json").read_text())["project"]
    assert project["failed"] == 0, [level["failure_examples"] for level in project["levels"].values()]
    kinds = project["levels"]["1"]["kinds"]
    # Follow-ups and a misspelt name are answered, not only the opening question.
    assert kinds.get("answer", 0) > project["levels"]["1"]["first_turns"]


@pytest.mark.servers
@pytest.mark.model
def test_the_tiny_run_writes_the_markdown_the_plot_and_prints_the_ratios_last(tiny_run):
    result, out = tiny_run
    text = (out / "bench.md").read_text()
    for heading in ("## Goals", "### Project", "### Stock Rasa", "### Project ÷ stock", "## Single figures"):
        assert heading in text
    for level in (1, 8, 32):
        assert text.count(f"\n| {level} | ") >= 3  # project, stock and ratio tables
    assert "training from scratch" in text and "peak memory, rasa server" in text
    assert (out / "bench.png").read_bytes()[:8] == PNG_SIGNATURE
    assert result.stdout.rstrip().splitlines()[-1].split()[0] == "throughput_at_32"


@pytest.mark.servers
@pytest.mark.model
def test_the_tiny_run_leaves_no_server_running(tiny_run):
    out = str(tiny_run[1])
    leftovers = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "stock.tar.gz" in args or ("/bench-" in args and "endpoints.yml" in args) or out in args:
            leftovers.append(args.replace("\0", " "))
    assert not leftovers
