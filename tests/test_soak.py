"""`make soak` works: its growth verdict tells a leak from a plateau and from noise, its figures
and reports are right, and a tiny real run (both servers, a few users for a few seconds) writes
well-formed results with zero errors and leaves no server running."""

from __future__ import annotations

import json
import math
import random
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scripts import soak
from scripts.bench import Turn
from tests.servers import run_tiny


def series(minutes: float, interval_s: float, value: Any) -> tuple[list[float], list[float]]:
    times = [i * interval_s for i in range(int(minutes * 60 / interval_s) + 1)]
    return times, [value(t) for t in times]


# ---------------------------------------------------------------- the growth verdict


def test_a_flat_series_is_bounded():
    times, values = series(4.5, 5, lambda t: 1200.0)
    result = soak.growth(times, values)
    assert result["verdict"] == soak.BOUNDED
    assert result["slope_mb_per_min"] == pytest.approx(0, abs=1e-9) and result["thirds_delta_mb"] == pytest.approx(0)


def test_a_steadily_rising_series_is_growing():
    times, values = series(4.5, 5, lambda t: 1200.0 + 3.0 * t / 60)  # 3 MB a minute
    result = soak.growth(times, values)
    assert result["verdict"] == soak.GROWING
    assert result["slope_mb_per_min"] == pytest.approx(3.0)
    assert result["thirds_rate_mb_per_min"] == pytest.approx(3.0, rel=0.15)


def test_noise_is_bounded():
    # Allocator jitter of a few MB around a flat level, with seeds fixed so that this is stable.
    for seed in range(20):
        rng = random.Random(seed)
        times, values = series(4.5, 5, lambda t, rng=rng: 1200.0 + rng.gauss(0, 1.5))
        assert soak.growth(times, values)["verdict"] == soak.BOUNDED, seed


def test_noise_does_not_hide_a_leak():
    rng = random.Random(7)
    times, values = series(4.5, 5, lambda t: 1200.0 + 4.0 * t / 60 + rng.gauss(0, 1.5))
    assert soak.growth(times, values)["verdict"] == soak.GROWING


def test_caches_filling_then_a_plateau_are_bounded():
    # A rise that stops (caches, allocator arenas) is not a leak.
    times, values = series(4.5, 5, lambda t: 1200.0 + min(t, 60) / 60 * 40)
    assert soak.growth(times, values)["verdict"] == soak.BOUNDED


def test_a_drift_slower_than_the_threshold_is_bounded():
    times, values = series(4.5, 5, lambda t: 1200.0 + 0.5 * t / 60)
    assert soak.growth(times, values)["verdict"] == soak.BOUNDED


def test_a_late_spike_alone_is_not_growth():
    times, values = series(4.5, 5, lambda t: 1200.0 + (30.0 if t == 270 else 0.0))
    assert soak.growth(times, values)["verdict"] == soak.BOUNDED


def test_a_short_run_is_not_judged():
    times, values = series(0.5, 1, lambda t: 1200.0 + 60.0 * t / 60)
    assert soak.growth(times, values)["verdict"] == soak.TOO_SHORT
    assert soak.growth([], [])["verdict"] == soak.TOO_SHORT


def test_the_memory_report_takes_start_after_the_warm_up_and_end_and_peak_during_the_load():
    load_begin = 1000.0
    samples = [(load_begin + t, {"rasa_server": 1000.0 + t, "action_server": 500.0}) for t in range(-10, 101, 5)]
    samples.append((load_begin + 200, {"rasa_server": 5000.0, "action_server": 500.0}))  # after the load
    memory = soak.memory_report(samples, load_begin, load_begin + 100, warmup_s=20)
    rasa = memory["rasa_server"]
    assert rasa["idle_mb"] == 995.0 and rasa["start_mb"] == 1020.0 and rasa["end_mb"] == 1100.0
    assert rasa["peak_mb"] == 1100.0 and rasa["growth_mb"] == 80.0
    assert rasa["verdict"] == soak.GROWING  # 60 MB a minute over 80 s
    assert memory["action_server"]["verdict"] == soak.BOUNDED and memory["action_server"]["growth_mb"] == 0


# ---------------------------------------------------------------- figures and reports


def _timed(at_s: float, latency_ms: float, failure: str | None = None, reason: str | None = None) -> soak.Timed:
    return soak.Timed(at_s, "what is ALS?", Turn(latency_ms, failure, None if failure else "answer", False, reason))


def test_latency_percentiles():
    summary = soak.latency_summary([float(ms) for ms in range(1, 101)])
    assert summary["p50_ms"] == pytest.approx(50.5) and summary["p95_ms"] == pytest.approx(95.05)
    assert summary["p99_ms"] == pytest.approx(99.01) and summary["max_ms"] == 100
    assert soak.latency_summary([]) == {"p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}


def test_errors_are_counted_by_cause_with_a_few_examples():
    turns = [
        _timed(1, 10),
        *(_timed(2, 30_000, "timeout") for _ in range(5)),
        _timed(3, 5, "HTTP 500"),
        _timed(4, 5, "ClientOSError: [Errno 104] Connection reset by peer"),
        _timed(5, 8, reason="rate_limited"),
    ]
    errors = soak.error_summary(turns)
    assert errors["count"] == 8
    assert errors["by_cause"] == {"timeout": 5, "HTTP 500": 1, "ClientOSError": 1, "rate_limited": 1}
    assert len(errors["examples"]["timeout"]) == soak.EXAMPLES_PER_CAUSE
    assert "Connection reset" in errors["examples"]["ClientOSError"][0]


def test_the_timeline_slices_the_run():
    turns = [_timed(t / 10, 100 + t) for t in range(100)] + [_timed(9.5, 5, "HTTP 500")]
    rows = soak.timeline(turns, 10.0, slices=5)
    assert [row["replies"] for row in rows] == [20] * 5 and [row["errors"] for row in rows] == [0, 0, 0, 0, 1]
    assert rows[0]["replies_per_s"] == 10.0 and rows[0]["p50_ms"] < rows[-1]["p50_ms"]


def _report(errors: int, memory_verdict: str) -> dict[str, Any]:
    turns = [_timed(t, 200) for t in range(50)] + [_timed(3, 5, "HTTP 500")] * errors
    good = [t.turn.latency_ms for t in turns if soak.failure_of(t.turn) is None]
    entry = {
        "idle_mb": 1000.0,
        "start_mb": 1010.0,
        "end_mb": 1012.0,
        "peak_mb": 1015.0,
        "growth_mb": 2.0,
        "verdict": memory_verdict,
        "slope_mb_per_min": 0.1,
        "thirds_delta_mb": 0.5,
        "series": [],
    }
    report = {
        "meta": {
            "date": "2026-01-01T00:00:00+00:00",
            "cpus": 2,
            "python": "3.10",
            "rasa": "3.6",
            "concurrency": 50,
            "duration_s": 300.0,
            "sample_interval_s": 5.0,
            "warmup_s": 30.0,
            "tracker_store": "sqlite",
            "tiny": False,
        },
        "start_s": 50.0,
        "conversations": 10,
        "requests": len(turns),
        "replies": len(good),
        "errors": soak.error_summary(turns),
        "server_log_errors": {"rasa_server": {"count": 0, "examples": []}},
        "servers_exited": {},
        "elapsed_s": 50.0,
        "throughput_rps": len(good) / 50,
        "latency": soak.latency_summary(good),
        "kinds": {"answer": 50},
        "timeline": soak.timeline(turns, 50.0),
        "memory": {"rasa_server": entry, "action_server": {**entry, "verdict": soak.BOUNDED}},
    }
    report["verdict"] = soak.verdict(report)
    return report


def test_a_clean_run_held():
    report = _report(errors=0, memory_verdict=soak.BOUNDED)
    assert report["verdict"] == {
        "held": True,
        "errors": 0,
        "server_log_errors": 0,
        "memory": soak.BOUNDED,
        "growing": [],
    }
    text = soak.markdown(report)
    assert (
        "**Result: the load held**" in text
        and "| rasa server | 1000 MB | 1010 MB | 1012 MB | 1015 MB | +2.0 MB |" in text
    )
    assert "| latency p50 / p95 / p99 / max | 200 ms / 200 ms / 200 ms / 200 ms |" in text
    assert "## Errors by cause" not in text
    assert soak.headline(report)[-1] == "HELD: 0 errors, memory bounded"


def test_an_error_or_growing_memory_fails_the_run():
    failed = _report(errors=2, memory_verdict=soak.BOUNDED)
    assert not failed["verdict"]["held"] and failed["verdict"]["errors"] == 2
    assert "did NOT hold" in soak.markdown(failed) and "- HTTP 500: 2" in soak.markdown(failed)
    growing = _report(errors=0, memory_verdict=soak.GROWING)
    assert not growing["verdict"]["held"] and growing["verdict"]["growing"] == ["rasa_server"]
    assert soak.headline(growing)[-1].startswith("NOT HELD")


def test_a_server_log_error_fails_the_run(tmp_path: Path):
    log = tmp_path / "rasa.log"
    log.write_text("2026 ERROR    before the load\n")
    offset = log.stat().st_size
    with log.open("a") as out:
        out.write(
            "2026 INFO     rasa.core: fine\n2026 ERROR    rasa.core.processor: boom\nTraceback (most recent call last):\n"
        )
    assert soak.log_errors(log, offset) == [
        "2026 ERROR    rasa.core.processor: boom",
        "Traceback (most recent call last):",
    ]
    report = _report(errors=0, memory_verdict=soak.BOUNDED)
    report["server_log_errors"]["rasa_server"] = {"count": 2, "examples": ["boom"]}
    assert not soak.verdict(report)["held"]


# ---------------------------------------------------------------- a tiny real run

# About 60 s on an idle 2-core machine (most of it the Rasa server's start).
TINY_RUN_TIMEOUT_S = 600


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[subprocess.CompletedProcess, Path]]:
    out = tmp_path_factory.mktemp("soak")
    yield run_tiny("scripts.soak", out, TINY_RUN_TIMEOUT_S), out


def _positive(value: Any) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value) and value > 0


@pytest.mark.servers
@pytest.mark.model
def test_the_tiny_run_has_no_error_and_well_formed_figures(tiny_run):
    report = json.loads((tiny_run[1] / "soak.json").read_text())
    assert report["meta"]["tiny"] is True and report["meta"]["concurrency"] == 4
    assert report["errors"]["count"] == 0, report["errors"]
    assert report["server_log_errors"] == {
        "action_server": {"count": 0, "examples": []},
        "rasa_server": {"count": 0, "examples": []},
    }
    assert report["servers_exited"] == {}
    # Every user finished at least one whole conversation of five turns, each one answered.
    assert report["conversations"] >= 4 and report["requests"] == 5 * report["conversations"]
    assert report["replies"] == report["requests"]
    latency = report["latency"]
    assert all(_positive(latency[key]) for key in ("p50_ms", "p95_ms", "p99_ms", "max_ms"))
    assert latency["p50_ms"] <= latency["p95_ms"] <= latency["p99_ms"] <= latency["max_ms"]
    assert latency["max_ms"] < soak.REQUEST_TIMEOUT_S * 1000
    assert _positive(report["throughput_rps"]) and _positive(report["start_s"])
    assert report["kinds"].get("answer", 0) > report["conversations"]  # follow-ups answered too
    assert sum(row["replies"] for row in report["timeline"]) == report["replies"]
    assert report["verdict"]["held"] is True and report["verdict"]["memory"] == soak.TOO_SHORT


@pytest.mark.servers
@pytest.mark.model
def test_the_tiny_run_samples_each_servers_memory_over_the_run(tiny_run):
    memory = json.loads((tiny_run[1] / "soak.json").read_text())["memory"]
    assert set(memory) == {"action_server", "rasa_server"}
    for entry in memory.values():
        # Some samples before the load, and one every 0.5 s during it.
        assert any(t < 0 for t, _ in entry["series"]) and sum(t >= 0 for t, _ in entry["series"]) >= 10
        assert all(_positive(entry[key]) for key in ("idle_mb", "start_mb", "end_mb", "peak_mb"))
        assert entry["peak_mb"] >= max(entry["start_mb"], entry["end_mb"])
        assert entry["growth_mb"] == pytest.approx(entry["end_mb"] - entry["start_mb"])
    # A loaded Rasa server holds its models: far more than a few MB.
    assert memory["rasa_server"]["start_mb"] > 300


@pytest.mark.servers
@pytest.mark.model
def test_the_tiny_run_writes_the_markdown_and_prints_the_headline_last(tiny_run):
    result, out = tiny_run
    text = (out / "soak.md").read_text()
    assert "**Result: the load held**" in text and "| errors | 0 |" in text
    assert "| rasa server |" in text and "| action server |" in text and "## Over time" in text
    last = result.stdout.rstrip().splitlines()
    assert last[-1].strip().startswith("HELD: 0 errors")
    assert any(line.strip().startswith("rasa_server: start ") for line in last[-4:])


@pytest.mark.servers
@pytest.mark.model
def test_the_tiny_run_leaves_no_server_running(tiny_run):
    # This run's servers only (their ports and temporary folder): others may run on the machine.
    meta = json.loads((tiny_run[1] / "soak.json").read_text())["meta"]
    workdir = re.search(r"logs in (\S+)/logs\)", tiny_run[0].stdout).group(1)
    marks = (workdir, f"--port\0{meta['action_port']}\0", f"-p\0{meta['rasa_port']}\0")
    leftovers = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().decode(errors="replace")
        except OSError:
            continue
        if any(mark in args for mark in marks):
            leftovers.append(args.replace("\0", " "))
    assert not leftovers
