"""`make bench` works: a tiny real run (both bots' servers, the closed-loop levels, the long
conversations, the open-loop capacity search, CPU per reply, a MedQuAD-sample knowledge base)
writes well-formed results; its reply checker counts failed and empty replies, its capacity
search finds the bound, its CPU clock counts every thread, and its servers do not outlive it."""

from __future__ import annotations

import json
import math
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scripts import bench
from scripts.harness import cpu_seconds, cpu_snapshot
from tests.medquad_sample import write_corpus
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


# ---------------------------------------------------------------- the capacity search


def _search(capacity: int, start: int, max_users: int = 4096, resolution: float = 0.1) -> dict[str, Any]:
    return bench.capacity_search(
        lambda users: {"users": users, "pass": users <= capacity}, start, max_users, resolution
    )


def _is_monotone(search: dict[str, Any]) -> bool:
    """Every level passed at or below the answer, every level failed above it."""
    passed = [level["users"] for level in search["levels"] if level["pass"]]
    failed = [level["users"] for level in search["levels"] if not level["pass"]]
    return all(n <= search["capacity"] for n in passed) and all(n > search["capacity"] for n in failed)


@pytest.mark.parametrize("capacity", [1, 7, 37, 180, 333, 1000])
@pytest.mark.parametrize("start", [1, 16, 175])
def test_the_capacity_search_finds_the_bound_within_its_resolution(capacity, start):
    search = _search(capacity, start)
    assert search["capacity"] <= capacity and search["capacity"] >= capacity / 1.1 - 1
    assert search["first_failed"] > capacity and not search["capped"]
    assert search["capacity"] in {level["users"] for level in search["levels"] if level["pass"]}
    assert _is_monotone(search)
    users = [level["users"] for level in search["levels"]]
    assert len(users) == len(set(users)) and len(users) <= 16  # no level twice, and few


def test_the_capacity_search_says_when_even_one_user_fails_or_the_most_tried_pass():
    none = _search(0, 16)
    assert none["capacity"] == 0 and none["first_failed"] == 1 and _is_monotone(none)
    capped = _search(10_000, 16, max_users=100)
    assert capped["capacity"] == 100 and capped["capped"] and capped["first_failed"] is None
    assert [level["users"] for level in capped["levels"]] == [16, 32, 64, 100]


def test_a_noisy_level_does_not_break_the_searchs_order():
    # 24 fails by chance though 100 would pass: the search bisects below it, never above.
    search = bench.capacity_search(lambda n: {"users": n, "pass": n <= 100 and n != 24}, 12, 4096, 0.1)
    assert 24 in [level["users"] for level in search["levels"]]
    assert 20 <= search["capacity"] < 24 and _is_monotone(search)


# ---------------------------------------------------------------- CPU per reply


def test_the_cpu_clock_counts_every_thread_and_child_of_a_server():
    # Two busy threads in a child of the started process, about 0.6 s of CPU in 0.3 s of wall.
    busy = (
        "import threading, time\n"
        "def spin():\n    end = time.thread_time() + 0.3\n    while time.thread_time() < end: pass\n"
        "threads = [threading.Thread(target=spin) for _ in range(2)]\n"
        "[t.start() for t in threads]; [t.join() for t in threads]; time.sleep(30)\n"
    )
    # Its own process group, stopped whole: the shell and the child it started.
    parent = subprocess.Popen(["sh", "-c", f"{sys.executable} -c '{busy}' & wait"], start_new_session=True)
    try:
        before = cpu_snapshot({"server": parent.pid})
        time.sleep(2.0)
        spent = cpu_seconds(before, cpu_snapshot({"server": parent.pid}))["server"]
    finally:
        os.killpg(parent.pid, signal.SIGKILL)
        parent.wait()
    assert 0.5 <= spent <= 1.5


def test_cpu_per_reply_is_the_sum_of_the_servers_over_the_replies():
    ticks = os.sysconf("SC_CLK_TCK")
    cores = os.cpu_count() or 1
    before = bench.Reading(10.0, {"rasa_server": {1: 100, 2: 50}, "action_server": {3: 10}}, 1.0, (1000, 5000))
    # 2 s later: the bot 2.5 s of CPU (new process 4 counted whole), the client 0.5 s, and the
    # machine busy for 60 % of all cores' ticks.
    after = bench.Reading(
        12.0, {"rasa_server": {1: 300, 2: 50, 4: 20}, "action_server": {3: 40}}, 1.5, (1000 + 600, 5000 + 1000)
    )
    figures = bench.cpu_figures(before, after, replies=10)
    assert figures["cpu_s"] == {"rasa_server": 220 / ticks, "action_server": 30 / ticks}
    assert figures["cpu_s_total"] == pytest.approx(250 / ticks)
    assert figures["cpu_s_per_reply"] == pytest.approx(25 / ticks)
    assert figures["client_cpu_s_per_reply"] == pytest.approx(0.05)
    assert figures["machine_busy_cores"] == pytest.approx(0.6 * cores)
    assert figures["other_work_cores"] == pytest.approx(max(0.0, 0.6 * cores - (250 / ticks + 0.5) / 2))
    assert bench.cpu_figures(before, after, replies=0)["cpu_s_per_reply"] is None


def test_the_two_bots_searches_take_their_levels_in_turn():
    calls: list[tuple[str, int]] = []

    def bot(name: str, capacity: int):
        def run(users: int) -> dict[str, Any]:
            calls.append((name, users))
            return {"users": users, "pass": users <= capacity}

        return run

    found = bench.capacity_searches({"a": bot("a", 30), "b": bot("b", 300)}, {"a": 16, "b": 16}, 4096, 0.1)
    assert 27 <= found["a"]["capacity"] <= 30 and 272 <= found["b"]["capacity"] <= 300
    names = [name for name, _ in calls]
    # Alternating while both search; the one still searching then goes on alone.
    shorter = min(names.count("a"), names.count("b"))
    assert names[: 2 * shorter] == ["a", "b"] * shorter
    for name in ("a", "b"):
        assert [level["users"] for level in found[name]["levels"]] == [n for who, n in calls if who == name]


# ---------------------------------------------------------------- a tiny real run


# About 3.5 minutes on a 2-core machine shared with other work; much longer when it is busier.
TINY_RUN_TIMEOUT_S = 900


def run_tiny_bench(out: Path, medquad: Path) -> subprocess.CompletedProcess:
    """`python -m scripts.bench --tiny` with a MedQuAD-shaped sample."""
    return run_tiny("scripts.bench", out, TINY_RUN_TIMEOUT_S, "--medquad", str(medquad))


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[subprocess.CompletedProcess, Path]]:
    out = tmp_path_factory.mktemp("bench")
    medquad = write_corpus(tmp_path_factory.mktemp("medquad"))
    yield run_tiny_bench(out, medquad), out


@pytest.fixture(scope="module")
def report(tiny_run) -> dict[str, Any]:
    return json.loads((tiny_run[1] / "bench.json").read_text())


def _positive(value: Any) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value) and value > 0


def _level_is_well_formed(level: dict[str, Any]) -> None:
    assert level["replies"] > 0 and level["replies"] + level["failed"] == level["requests"]
    assert all(_positive(level[key]) for key in ("p50_ms", "p95_ms", "p99_ms", "throughput_rps", "elapsed_s"))
    assert level["p50_ms"] <= level["p95_ms"] <= level["p99_ms"]
    # CPU: every server of the bot spent some, and the sum per reply is a plausible figure.
    assert all(seconds >= 0 for seconds in level["cpu_s"].values()) and _positive(level["cpu_s_total"])
    assert level["cpu_s_total"] == pytest.approx(sum(level["cpu_s"].values()))
    assert 0.001 < level["cpu_s_per_reply"] < 5 and 0 < level["client_cpu_s_per_reply"] < 5
    # The machine's busy cores include the bot's; other work is what is left, never below zero.
    assert 0 < level["machine_busy_cores"] <= os.cpu_count() + 0.1 and level["other_work_cores"] >= 0


@pytest.mark.servers
@pytest.mark.model
def test_the_tiny_run_writes_well_formed_json(report):
    meta = report["meta"]
    assert meta["tiny"] is True and meta["levels"] == [1, 8, 32]
    assert meta["cpus"] >= 1 and meta["cpu_model"] and _positive(meta["memory_gb"])
    assert len(meta["load_average"]) == 3 and len(meta["load_average_end"]) == 3
    for name in ("project", "stock"):
        bot = report[name]
        assert _positive(bot["start"]["first_reply_s"]) and _positive(bot["start"]["model_loaded_s"])
        assert bot["start"]["model_loaded_s"] <= bot["start"]["first_reply_s"]
        assert bot["memory_mb"] and all(_positive(mb) for mb in bot["memory_mb"].values())
        assert _positive(bot["first_turn_p50_ms"]) and _positive(bot["cpu_s_per_reply"])
        assert sorted(bot["levels"]) == ["1", "32", "8"]
        for level in bot["levels"].values():
            _level_is_well_formed(level)
            assert level["conversations"] >= level["concurrency"]
    assert set(report["project"]["memory_mb"]) == {"action_server", "rasa_server"}
    assert set(report["project"]["levels"]["8"]["cpu_s"]) == {"action_server", "rasa_server"}
    assert report["project"]["train_s"] is None and _positive(report["stock"]["train_s"])
    ratios = report["ratios"]
    assert ratios["train"] is None
    assert all(_positive(value) for key, value in ratios.items() if key != "train")
    assert {f"p99_at_{n}" for n in (1, 8, 32)} | {"capacity", "cpu_per_reply", "cpu_per_reply_at_8"} <= set(ratios)
    assert {"capacity_workers", "workers_over_one"} <= set(ratios)
    assert all(isinstance(goal["pass"], bool) for goal in report["goals"])
    goals = " ".join(goal["goal"] for goal in report["goals"])
    for words in ("users served", "2 workers", "CPU seconds per reply", "turns 16-20", "MedQuAD", "peak memory"):
        assert words in goals


@pytest.mark.servers
@pytest.mark.model
def test_the_project_runs_again_with_two_workers(report):
    """As `make run` on this machine: two Sanic workers under the Rasa server's main process,
    each answering, their CPU counted with the main process's."""
    workers = report["project_workers"]
    assert sorted(workers["levels"]) == ["8"] and workers["failed"] == 0
    _level_is_well_formed(workers["levels"]["8"])
    rasa = workers["memory_processes"]["rasa_server"]
    assert len(rasa) == 3 and all("rasa run" in process["command"] for process in rasa)
    assert report["ratios"]["workers_over_one"] == pytest.approx(
        workers["open_loop"]["capacity"] / report["project"]["open_loop"]["capacity"]
    )


@pytest.mark.servers
@pytest.mark.model
def test_the_capacity_search_of_the_tiny_run_is_well_formed_and_monotone(report):
    for name in ("project", "project_workers", "stock"):
        search = report[name]["open_loop"]
        settings = search["settings"]
        assert settings["think_s"] == 0.05 and settings["max_users"] == 8 and settings["limit_ms"] == 1000
        assert search["levels"] and search["levels"][0]["users"] == settings["start_users"]
        assert _is_monotone(search)
        assert search["capped"] == (search["first_failed"] is None)
        if search["capped"]:  # every level passed, up to the most users tried
            assert search["capacity"] == settings["max_users"] and all(level["pass"] for level in search["levels"])
        for level in search["levels"]:
            assert level["pass"] == (
                level["stopped_early"] is None and level["failed"] == 0 and level["p99_ms"] < settings["limit_ms"]
            )
            if level["pass"]:
                _level_is_well_formed(level)
                assert _positive(level["offered_rps"]) and level["settled_s"] >= 0
        if search["capacity"]:
            assert _positive(search["cpu_s_per_reply_at_capacity"]) and _positive(search["p99_ms_at_capacity"])


@pytest.mark.servers
@pytest.mark.model
def test_the_long_conversations_compare_their_first_and_last_turns(report):
    for name in ("project", "stock"):
        long = report[name]["long"]
        assert long["turns"] == 20 and long["window"] == 5 and long["conversations"] == 2
        assert len(long["p50_by_block_ms"]) == 4
        assert _positive(long["first_p50_ms"]) and _positive(long["last_p50_ms"])
        assert long["last_over_first"] == pytest.approx(long["last_p50_ms"] / long["first_p50_ms"])
        assert long["p50_by_block_ms"][0] == long["first_p50_ms"] and long["p50_by_block_ms"][-1] == long["last_p50_ms"]
    assert report["project"]["long"]["failed"] == 0, report["project"]["long"]["failure_examples"]
    assert report["growth"]["project_last_over_first_turns"] == report["project"]["long"]["last_over_first"]


@pytest.mark.servers
@pytest.mark.model
def test_the_project_runs_again_on_a_medquad_knowledge_base(report):
    medquad, project = report["project_medquad"], report["project"]
    assert project["conditions"] == 16 and medquad["conditions"] > project["conditions"]
    assert sorted(medquad["levels"]) == ["1", "8"] and "open_loop" not in medquad and "long" not in medquad
    for level in medquad["levels"].values():
        _level_is_well_formed(level)
    assert medquad["failed"] == 0
    growth = report["growth"]
    assert growth["medquad_over_dataset_p50"] == pytest.approx(
        medquad["levels"]["1"]["p50_ms"] / project["levels"]["1"]["p50_ms"]
    )


@pytest.mark.servers
@pytest.mark.model
def test_memory_is_reported_per_process(report):
    for name, commands in (
        ("project", {"action_server": "-m actions", "rasa_server": "rasa run"}),
        ("stock", {"rasa_server": "rasa run"}),
    ):
        bot = report[name]
        assert set(bot["memory_processes"]) == set(commands)
        for server, processes in bot["memory_processes"].items():
            # One worker: the started process comes first and is the server's only process of
            # that command. Helpers a library runs at import may be counted beside it, e.g. the
            # `git rev-parse --git-dir` of webexteamssdk's version lookup, a Rasa channel.
            assert commands[server] in processes[0]["command"]
            assert [p for p in processes if commands[server] in p["command"]] == processes[:1]
            assert _positive(processes[0]["peak_mb"]) and processes[0]["pid"] > 1
            assert sum(p["peak_mb"] for p in processes) == pytest.approx(bot["memory_mb"][server])


@pytest.mark.servers
@pytest.mark.model
def test_the_project_answers_every_turn_with_the_contract_payload(report):
    project = report["project"]
    assert project["failed"] == 0, [level["failure_examples"] for level in project["levels"].values()]
    kinds = project["levels"]["1"]["kinds"]
    # Follow-ups and a misspelt name are answered, not only the opening question.
    assert kinds.get("answer", 0) > project["levels"]["1"]["first_turns"]


@pytest.mark.servers
@pytest.mark.model
def test_the_tiny_run_writes_the_markdown_the_plot_and_prints_the_ratios_last(tiny_run):
    result, out = tiny_run
    text = (out / "bench.md").read_text()
    for heading in (
        "## Goals",
        "## Every figure beside the stock bot's",
        "## Open loop",
        "### Project",
        "### Stock Rasa",
        "### Project ÷ stock",
        "## Long conversations",
        "## The project on a large knowledge base",
        "## Memory per process",
        "## A clean clone to the first answer",
    ):
        assert heading in text
    for level in (1, 8, 32):
        assert text.count(f"\n| {level} | ") >= 3  # project, stock and ratio tables
    for row in (
        "users served with p99 <",
        "CPU per reply, all processes",
        "turns 16-20",
        "MedQuAD's",
        "training from scratch",
    ):
        assert row in text
    assert "peak memory, rasa server" in text and "cores (" in text and "GB RAM" in text
    assert (out / "bench.png").read_bytes()[:8] == PNG_SIGNATURE
    assert result.stdout.rstrip().splitlines()[-1].split()[0] == "cpu_per_reply_at_32"


@pytest.mark.servers
@pytest.mark.model
def test_render_shows_the_last_first_answer_figures_beside_the_stock_bots(tiny_run, tmp_path):
    (tmp_path / "bench.json").write_text((tiny_run[1] / "bench.json").read_text())
    first = {
        "meta": {"date": "2026-12-05T12:00:00+00:00", "phases": ["clone", "install", "training", "start"], "note": "n"},
        "project": {
            "first_answer_s": 140.0,
            "phases_s": {"clone": 1.0, "install": 40.0, "training": 90.0, "start": 9.0},
        },
        "stock": {"first_answer_s": 200.0, "phases_s": {"install": 100.0, "start": 30.0}},
    }
    (tmp_path / "first_answer.json").write_text(json.dumps(first))
    assert bench.main(["--render", "--out", str(tmp_path)]) == 0
    text = (tmp_path / "bench.md").read_text()
    assert (
        "| clean clone to the first answer (`make bench-first-answer`, 2026-12-05) | 140.0 s | 200.0 s | 0.70× |"
        in text
    )
    assert "| install | 40.0 s | 100.0 s |" in text and "| training | 90.0 s | – |" in text
    goal = [g for g in json.loads((tmp_path / "bench.json").read_text())["goals"] if "clean clone" in g["goal"]]
    assert len(goal) == 1 and goal[0]["pass"] is True and goal[0]["value"] == 140.0


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
