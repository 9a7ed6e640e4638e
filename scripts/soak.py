"""Soak test of the project bot (`make soak`): does the load hold over minutes?

Starts the action server and the Rasa server as scripts.bench does (loopback, free ports, a
copy of the trained model), with the SQLite tracker store of `make run`, then runs --concurrency
users (default 50), each running realistic multi-turn conversations back to back (the benchmark's
project conversation, a new sender id each) for --duration seconds (default 300). Every request
has a timeout and no conversation starts after the duration, so the run is bounded. A thread
samples the resident memory (VmRSS) of each server's process tree every --sample-interval
seconds over the whole run, and the growth after the warm-up is judged "bounded" or "growing".

Writes soak.json and soak.md to --out, prints the headline figures last, and exits 1 when any
request failed, a server logged an error, or a server's memory is judged growing.

    python -m scripts.soak [--concurrency 50] [--duration 300] [--sample-interval 5] [--tiny] [--out results]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import re
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import numpy as np

from scripts.bench import REQUEST_TIMEOUT_S, Turn, first_reply, project_bot, send
from scripts.harness import (
    ENV,
    MODEL,
    ROOT,
    format_ms,
    parents,
    percentile,
    run_meta,
    start_project,
    stop_on_termination,
    tree_rss_mb,
)

# Growth verdict thresholds, applied to each server's memory after the warm-up. A real leak rises
# steadily: both the least-squares slope over the second half and the rate between the means of
# the middle and last thirds must exceed GROWTH_RATE_MB_PER_MIN (1 MB/min is 1.4 GB a day: it
# would exhaust a small server within days; slower drifts cannot be told from allocator noise in
# minutes), and the rise between those thirds must exceed GROWTH_NOISE_MB (a few pages of malloc
# and garbage-collector jitter in a 0.5-1.5 GB process), so that noise or one late spike is not
# taken for a leak. Under GROWTH_MIN_SPAN_S of samples the run is too short to judge.
GROWTH_RATE_MB_PER_MIN = 1.0
GROWTH_NOISE_MB = 2.0
GROWTH_MIN_SPAN_S = 60.0
GROWTH_MIN_SAMPLES = 6
BOUNDED, GROWING, TOO_SHORT = "bounded", "growing", "too short to judge"

# Server log lines that count as errors (only those written while the load ran).
LOG_ERROR = re.compile(r"\b(ERROR|CRITICAL)\b|Traceback \(most recent call last\)")
EXAMPLES_PER_CAUSE = 3
TIMELINE_SLICES = 10


# ---------------------------------------------------------------- memory


class MemorySampler(threading.Thread):
    """Samples each watched process tree's resident memory every `interval_s` seconds, so that
    the series shows the memory over time, not only its peak (harness.PeakMemory)."""

    def __init__(self, roots: dict[str, int], interval_s: float) -> None:
        super().__init__(daemon=True)
        self.roots = roots
        self.interval_s = interval_s
        self.samples: list[tuple[float, dict[str, float | None]]] = []  # (monotonic time, name → MB)
        self.done = threading.Event()
        self.lock = threading.Lock()

    def sample(self) -> None:
        snapshot = parents()
        row = {name: tree_rss_mb(pid, snapshot) for name, pid in self.roots.items()}
        with self.lock:
            self.samples.append((time.monotonic(), row))

    def run(self) -> None:
        self.sample()
        while not self.done.wait(self.interval_s):
            self.sample()

    def stop(self) -> None:
        self.done.set()
        self.join(timeout=10)
        self.sample()


def growth(times_s: Sequence[float], values_mb: Sequence[float]) -> dict[str, Any]:
    """The growth verdict of one memory series (seconds, MB), taken after the warm-up: see the
    GROWTH_* thresholds. Returns the verdict with the figures it was drawn from."""
    t, y = np.asarray(times_s, dtype=float), np.asarray(values_mb, dtype=float)
    result: dict[str, Any] = {
        "verdict": TOO_SHORT,
        "samples": int(len(t)),
        "span_s": float(t[-1] - t[0]) if len(t) else 0.0,
        "slope_mb_per_min": None,
        "thirds_delta_mb": None,
        "thirds_rate_mb_per_min": None,
    }
    if len(t) < GROWTH_MIN_SAMPLES or result["span_s"] < GROWTH_MIN_SPAN_S:
        return result
    start, span = t[0], t[-1] - t[0]
    middle = (t >= start + span / 3) & (t < start + 2 * span / 3)
    last = t >= start + 2 * span / 3
    second_half = t >= start + span / 2
    slope_per_s = float(np.polyfit(t[second_half], y[second_half], 1)[0])
    delta = float(y[last].mean() - y[middle].mean())
    # The centres of the two thirds are a third of the span apart.
    thirds_rate = delta / (span / 3) * 60
    growing = (
        slope_per_s * 60 > GROWTH_RATE_MB_PER_MIN and thirds_rate > GROWTH_RATE_MB_PER_MIN and delta > GROWTH_NOISE_MB
    )
    result.update(
        verdict=GROWING if growing else BOUNDED,
        slope_mb_per_min=slope_per_s * 60,
        thirds_delta_mb=delta,
        thirds_rate_mb_per_min=thirds_rate,
    )
    return result


def memory_report(
    samples: Sequence[tuple[float, dict[str, float | None]]], load_begin: float, load_end: float, warmup_s: float
) -> dict[str, dict[str, Any]]:
    """Per server: memory before the load, at the start of the load (the first sample after the
    warm-up), at its end, its peak during the load, the growth between those, and the verdict."""
    out: dict[str, dict[str, Any]] = {}
    names = sorted({name for _, row in samples for name in row})
    for name in names:
        series = [(moment - load_begin, mb) for moment, row in samples if (mb := row.get(name)) is not None]
        before = [mb for t, mb in series if t < 0]
        during = [(t, mb) for t, mb in series if 0 <= t <= load_end - load_begin + 1e-6]
        judged = [(t, mb) for t, mb in during if t >= warmup_s]
        start_mb = judged[0][1] if judged else None
        end_mb = during[-1][1] if during else None
        verdict = growth([t for t, _ in judged], [mb for _, mb in judged]) if judged else growth([], [])
        out[name] = {
            "idle_mb": before[-1] if before else None,
            "start_mb": start_mb,
            "end_mb": end_mb,
            "peak_mb": max(mb for _, mb in during) if during else None,
            "growth_mb": end_mb - start_mb if start_mb is not None and end_mb is not None else None,
            **verdict,
            "series": [[round(t, 2), round(mb, 2)] for t, mb in series],
        }
    return out


# ---------------------------------------------------------------- load


@dataclass(frozen=True)
class Timed:
    at_s: float  # when the reply came, seconds since the load began
    text: str
    turn: Turn


def failure_of(turn: Turn) -> str | None:
    """Why a turn counts as an error: the benchmark's reply check, or a refusal by the rate limit
    (bot/channels/limits.py), which a client that waits for each reply must never meet."""
    if turn.failure:
        return str(turn.failure)
    if turn.reason == "rate_limited":
        return "rate_limited"
    return None


def cause_of(failure: str) -> str:
    """The cause an error is counted under: "HTTP 500", "timeout", "ClientOSError", ..."""
    return failure.split(":", 1)[0].strip()


async def run_load(
    url: str, concurrency: int, duration_s: float, max_conversations: int, seed: int
) -> tuple[list[Timed], int, float]:
    """`concurrency` users, each running conversations back to back (no think time), a new
    sender id each. No conversation starts after `duration_s` or beyond `max_conversations`;
    started ones are finished, each request within REQUEST_TIMEOUT_S. Returns the turns, the
    conversations and the seconds the load took."""
    conversation = project_bot().conversation
    turns: list[Timed] = []
    started_count = 0
    begin = time.monotonic()

    async def user(session: aiohttp.ClientSession) -> None:
        nonlocal started_count
        while time.monotonic() - begin < duration_s and started_count < max_conversations:
            rng = random.Random(seed * 100_003 + started_count)
            started_count += 1
            sender = f"soak-{uuid.uuid4().hex}"
            for index, text in enumerate(conversation(rng)):
                turn = await send(session, url, sender, text, True, index == 0)
                turns.append(Timed(time.monotonic() - begin, text, turn))

    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=concurrency)) as session:
        await asyncio.gather(*(user(session) for _ in range(concurrency)))
    return turns, started_count, time.monotonic() - begin


def latency_summary(values_ms: Sequence[float]) -> dict[str, float | None]:
    return {
        "p50_ms": percentile(values_ms, 50),
        "p95_ms": percentile(values_ms, 95),
        "p99_ms": percentile(values_ms, 99),
        "max_ms": max(values_ms) if values_ms else None,
    }


def error_summary(turns: Sequence[Timed]) -> dict[str, Any]:
    """Errors counted by cause, with the first few examples of each."""
    by_cause: Counter = Counter()
    examples: dict[str, list[str]] = {}
    for timed in turns:
        failure = failure_of(timed.turn)
        if failure is None:
            continue
        cause = cause_of(failure)
        by_cause[cause] += 1
        if len(examples.setdefault(cause, [])) < EXAMPLES_PER_CAUSE:
            examples[cause].append(f"at {timed.at_s:.0f} s, {timed.text!r}: {failure}"[:300])
    return {"count": sum(by_cause.values()), "by_cause": dict(by_cause.most_common()), "examples": examples}


def timeline(turns: Sequence[Timed], elapsed_s: float, slices: int = TIMELINE_SLICES) -> list[dict[str, Any]]:
    """Replies, errors and latency per slice of the run, to see whether the load held over time."""
    width = elapsed_s / slices if elapsed_s > 0 else 1.0
    rows = []
    for index in range(slices):
        low, high = index * width, (index + 1) * width
        inside = [t for t in turns if low <= t.at_s < high or (index == slices - 1 and t.at_s >= high)]
        good = [t.turn.latency_ms for t in inside if failure_of(t.turn) is None]
        rows.append(
            {
                "from_s": low,
                "to_s": high,
                "replies": len(good),
                "errors": len(inside) - len(good),
                "replies_per_s": len(good) / width,
                **latency_summary(good),
            }
        )
    return rows


def log_errors(log: Path, offset: int) -> list[str]:
    """The error lines a server logged after `offset` bytes (the log's size when the load began)."""
    with contextlib.suppress(OSError):
        with log.open("rb") as handle:
            handle.seek(offset)
            text = handle.read().decode(errors="replace")
        return [line.strip()[:300] for line in text.splitlines() if LOG_ERROR.search(line)]
    return []


# ---------------------------------------------------------------- the run


def soak(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    # A copy, so that a `make train` elsewhere cannot swap the model under the running server.
    model = Path(shutil.copy(MODEL, tmp / "health-assistant.tar.gz"))
    # As `make run`: conversations in SQLite, so that memory shows the servers, not an
    # in-memory store that keeps every conversation by design.
    sqlite_db = tmp / "trackers.db" if args.tracker_store == "sqlite" else None
    # As `make run`: the action server listens on loopback only.
    env = {**ENV, "SANIC_HOST": "127.0.0.1"}
    logs = tmp / "logs"
    logs.mkdir()
    report: dict[str, Any] = {
        "meta": {
            **run_meta(),
            "concurrency": args.concurrency,
            "duration_s": args.duration,
            "sample_interval_s": args.sample_interval,
            "warmup_s": args.warmup,
            "tracker_store": args.tracker_store,
            "tiny": args.tiny,
            "request_timeout_s": REQUEST_TIMEOUT_S,
            "thresholds": {
                "growth_rate_mb_per_min": GROWTH_RATE_MB_PER_MIN,
                "growth_noise_mb": GROWTH_NOISE_MB,
                "min_span_s": GROWTH_MIN_SPAN_S,
            },
        }
    }
    with contextlib.ExitStack() as stack:
        begin = time.monotonic()
        project = start_project(stack, model, logs, env, sqlite_db)
        processes = project.processes
        report["meta"].update(rasa_port=urlsplit(project.rasa_url).port, action_port=urlsplit(project.action_url).port)
        sampler = MemorySampler({name: process.pid for name, process in processes.items()}, args.sample_interval)
        sampler.start()
        stack.callback(sampler.done.set)
        print(f"Starting the action server and the Rasa server (logs in {logs})...", flush=True)
        project.wait_until_up()
        first_reply(project.rasa_url, project_bot(), processes["rasa_server"], project.logs["rasa_server"])
        report["start_s"] = time.monotonic() - begin
        offsets = {name: (logs / f"{name}.log").stat().st_size for name in processes}
        print(f"Up in {report['start_s']:.0f} s; {args.concurrency} users for {args.duration:g} s...", flush=True)

        load_begin = time.monotonic()
        turns, conversations, elapsed = asyncio.run(
            run_load(
                project.webhook,
                args.concurrency,
                args.duration,
                args.max_conversations or args.concurrency * 10_000,
                args.seed,
            )
        )
        load_end = load_begin + elapsed
        sampler.stop()
        exited = {name: process.returncode for name, process in processes.items() if process.poll() is not None}
        server_errors = {name: log_errors(logs / f"{name}.log", offsets[name]) for name in processes}

    good = [t.turn.latency_ms for t in turns if failure_of(t.turn) is None]
    errors = error_summary(turns)
    memory = memory_report(sampler.samples, load_begin, load_end, args.warmup)
    report.update(
        {
            "conversations": conversations,
            "requests": len(turns),
            "replies": len(good),
            "errors": errors,
            "server_log_errors": {
                name: {"count": len(lines), "examples": lines[:EXAMPLES_PER_CAUSE]}
                for name, lines in server_errors.items()
            },
            "servers_exited": exited,
            "elapsed_s": elapsed,
            "throughput_rps": len(good) / elapsed if elapsed > 0 else 0.0,
            "latency": latency_summary(good),
            "kinds": dict(Counter(t.turn.kind for t in turns if t.turn.kind).most_common()),
            "timeline": timeline(turns, elapsed),
            "memory": memory,
        }
    )
    report["verdict"] = verdict(report)
    return report


def verdict(report: dict[str, Any]) -> dict[str, Any]:
    """Whether the load held: no failed request, no server error or exit, no growing memory."""
    log_errors_count = sum(entry["count"] for entry in report["server_log_errors"].values())
    growing = sorted(name for name, entry in report["memory"].items() if entry["verdict"] == GROWING)
    memory = (
        GROWING
        if growing
        else TOO_SHORT
        if any(e["verdict"] == TOO_SHORT for e in report["memory"].values())
        else BOUNDED
    )
    held = report["errors"]["count"] == 0 and log_errors_count == 0 and not report["servers_exited"] and not growing
    return {
        "held": held,
        "errors": report["errors"]["count"],
        "server_log_errors": log_errors_count,
        "memory": memory,
        "growing": growing,
    }


# ---------------------------------------------------------------- reports


def _mb(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} MB"


def _s(value: float) -> str:
    return f"{value:.0f} s" if value >= 10 or value == 0 else f"{value:.1f} s"


def _signed(value: float | None, unit: str) -> str:
    return "–" if value is None else f"{value:+.1f} {unit}"


def markdown(report: dict[str, Any]) -> str:
    meta, latency, v = report["meta"], report["latency"], report["verdict"]
    lines = [
        "# Soak test: does the load hold?",
        "",
        f"{meta['date']}, {meta['cpus']} CPUs, Python {meta['python']}, Rasa {meta['rasa']}; "
        f"{meta['concurrency']} concurrent conversations for {meta['duration_s']:g} s on loopback, "
        f"{meta['tracker_store']} tracker store, memory sampled every {meta['sample_interval_s']:g} s"
        + (" (--tiny: a check that the soak test works, not figures)" if meta["tiny"] else "")
        + ". "
        "Each user runs conversations back to back without think time, a new sender id each: a condition "
        'question, "what causes it?", "how is it treated?", the symptoms of a misspelt other condition, thanks. '
        "Other work on the machine makes the latencies noisy. `make soak` reproduces them.",
        "",
        f"**Result: {'the load held' if v['held'] else 'the load did NOT hold'}** — {v['errors']} errors, "
        f"{v['server_log_errors']} server log errors, memory {v['memory']}"
        + (f" ({', '.join(v['growing'])})" if v["growing"] else "")
        + ".",
        "",
        "| figure | value |",
        "| --- | ---: |",
        f"| conversations | {report['conversations']} |",
        f"| requests | {report['requests']} |",
        f"| replies (good) | {report['replies']} |",
        f"| errors | {report['errors']['count']} |",
        f"| latency p50 / p95 / p99 / max | {format_ms(latency['p50_ms'])} / {format_ms(latency['p95_ms'])} / "
        f"{format_ms(latency['p99_ms'])} / {format_ms(latency['max_ms'])} |",
        f"| throughput | {report['throughput_rps']:.1f} replies/s |",
        f"| load time | {report['elapsed_s']:.0f} s (start until the first reply: {report['start_s']:.0f} s) |",
        "",
        "## Memory (resident, VmRSS of each server's process tree)",
        "",
        "| server | idle (before load) | start (after warm-up) | end | peak | growth | slope, 2nd half | last − middle third | verdict |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        *(
            f"| {name.replace('_', ' ')} | {_mb(m['idle_mb'])} | {_mb(m['start_mb'])} | {_mb(m['end_mb'])} | {_mb(m['peak_mb'])} | "
            f"{_signed(m['growth_mb'], 'MB')} | {_signed(m['slope_mb_per_min'], 'MB/min')} | {_signed(m['thirds_delta_mb'], 'MB')} | "
            f"{m['verdict']} |"
            for name, m in report["memory"].items()
        ),
        "",
        f"Start is the first sample after a {meta['warmup_s']:g} s warm-up of the load; growth is end − start. "
        f"A server's memory is judged growing when the least-squares slope over the second half of the samples "
        f"after the warm-up and the rate between the means of their middle and last thirds both exceed "
        f"{GROWTH_RATE_MB_PER_MIN:g} MB/min (1.4 GB a day), and the last third's mean is more than "
        f"{GROWTH_NOISE_MB:g} MB above the middle third's (allocator noise); under {GROWTH_MIN_SPAN_S:g} s of "
        "samples the run is too short to judge.",
        "",
        "## Over time",
        "",
        "| from | to | replies | errors | replies/s | p50 | p95 | p99 |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(
            f"| {_s(row['from_s'])} | {_s(row['to_s'])} | {row['replies']} | {row['errors']} | {row['replies_per_s']:.1f} | "
            f"{format_ms(row['p50_ms'])} | {format_ms(row['p95_ms'])} | {format_ms(row['p99_ms'])} |"
            for row in report["timeline"]
        ),
        "",
        "Reply kinds: " + (", ".join(f"{kind} {count}" for kind, count in report["kinds"].items()) or "none") + ".",
        "",
    ]
    if report["errors"]["count"]:
        lines += [
            "## Errors by cause",
            "",
            *(f"- {cause}: {count}" for cause, count in report["errors"]["by_cause"].items()),
            "",
            "First examples:",
            "",
            *(f"- {example}" for examples in report["errors"]["examples"].values() for example in examples),
            "",
        ]
    if any(entry["count"] for entry in report["server_log_errors"].values()) or report["servers_exited"]:
        lines += [
            "## Server errors",
            "",
            *(f"- {name}: exited with {code}" for name, code in report["servers_exited"].items()),
            *(
                f"- {name} ({entry['count']} lines): {example}"
                for name, entry in report["server_log_errors"].items()
                for example in entry["examples"]
            ),
            "",
        ]
    return "\n".join(lines)


def headline(report: dict[str, Any]) -> list[str]:
    latency, v = report["latency"], report["verdict"]
    lines = [
        f"{report['conversations']} conversations, {report['requests']} requests, {report['replies']} replies, "
        f"{report['errors']['count']} errors"
        + (f" ({report['errors']['by_cause']})" if report["errors"]["count"] else "")
        + f", {v['server_log_errors']} server log errors",
        f"latency p50 {format_ms(latency['p50_ms'])}, p95 {format_ms(latency['p95_ms'])}, p99 {format_ms(latency['p99_ms'])}, "
        f"max {format_ms(latency['max_ms'])}; {report['throughput_rps']:.1f} replies/s",
    ]
    for name, m in report["memory"].items():
        lines.append(
            f"{name}: start {_mb(m['start_mb'])}, end {_mb(m['end_mb'])}, peak {_mb(m['peak_mb'])}, "
            f"growth {_signed(m['growth_mb'], 'MB')}, slope {_signed(m['slope_mb_per_min'], 'MB/min')}: {m['verdict']}"
        )
    lines.append(f"{'HELD' if v['held'] else 'NOT HELD'}: {v['errors']} errors, memory {v['memory']}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", type=int, default=50, help="concurrent conversations (default 50)")
    parser.add_argument("--duration", type=float, default=300.0, help="seconds of load (default 300)")
    parser.add_argument("--sample-interval", type=float, default=5.0, help="seconds between memory samples (default 5)")
    parser.add_argument(
        "--warmup", type=float, default=30.0, help="seconds of load before the memory's start sample (default 30)"
    )
    parser.add_argument("--max-conversations", type=int, default=None, help="at most this many conversations")
    parser.add_argument(
        "--tracker-store",
        choices=("sqlite", "memory"),
        default="sqlite",
        help="sqlite as `make run` (default), or Rasa's in-memory store",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tiny", action="store_true", help="a quick check: 4 users for 8 s")
    parser.add_argument("--out", type=Path, default=ROOT / "results", help="where soak.json and soak.md go")
    args = parser.parse_args(argv)
    if args.tiny:
        args.concurrency, args.duration = min(args.concurrency, 4), min(args.duration, 8.0)
        args.sample_interval, args.warmup = min(args.sample_interval, 0.5), min(args.warmup, 2.0)
    if args.concurrency < 1 or args.duration <= 0 or args.sample_interval <= 0 or args.warmup < 0:
        parser.error("--concurrency, --duration and --sample-interval must be positive, --warmup not negative")
    if not MODEL.exists():
        parser.error(f"{MODEL} is missing: run 'make train' first")
    stop_on_termination()

    begin = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        report = soak(args, Path(tmp))
    report["meta"]["total_s"] = time.monotonic() - begin
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "soak.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.out / "soak.md").write_text(markdown(report))
    print(f"\nWrote {args.out / 'soak.md'} and soak.json in {report['meta']['total_s']:.0f} s.")
    for line in headline(report):
        print(f"  {line}")
    return 0 if report["verdict"]["held"] else 1


if __name__ == "__main__":
    sys.exit(main())
