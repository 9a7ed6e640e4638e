"""Load benchmark of the project against a stock Rasa bot, in one run (`make bench`).

Times the training of both bots, starts each bot's servers as `make run` does (loopback, free
ports), measures the start until the first real reply, then drives its REST webhook with
realistic multi-turn conversations at 1, 8 and 32 concurrent conversations (asyncio + aiohttp,
bounded in time and count), and polls the servers' peak memory. Writes bench.json, bench.md and
bench.png to --out and prints each project figure as a ratio to the stock bot's, last.

    python -m scripts.bench [--duration 20] [--conversations N] [--skip-train] [--tiny] [--out results]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import yaml

from bot.clients.rest import find_payload, post_message
from scripts.harness import (
    ENV,
    MODEL,
    RASA,
    ROOT,
    PeakMemory,
    format_ms,
    free_port,
    percentile,
    project_endpoints,
    project_servers,
    rasa_server,
    run_meta,
    started,
    stop_on_termination,
    timed_run,
    wait_until_up,
)

LEVELS = (1, 8, 32)
REQUEST_TIMEOUT_S = 30.0
FIRST_REPLY_TIMEOUT_S = 300.0
DIET_TINY_EPOCHS = 30

# The goals (on a 2-core machine).
GOAL_P99_MS = 250.0
GOAL_THROUGHPUT_RPS = 100.0
GOAL_START_S = 20.0


# ---------------------------------------------------------------- replies and conversations


def _payload_field(body: Any, name: str) -> str | None:
    value = (find_payload(body) or {}).get(name)
    return value if isinstance(value, str) else None


def reply_kind(body: Any) -> str | None:
    """The contract's payload kind of a REST reply: the `kind` of its `custom` entry."""
    return _payload_field(body, "kind")


def reply_failure(status: int, body: Any, need_kind: bool) -> str | None:
    """Why a REST reply counts as failed, or None when it is good. The project's replies must
    carry the contract's payload; stock Rasa's need a message with text or an image."""
    if status != 200:
        return f"HTTP {status}"
    if not isinstance(body, list) or not body:
        return "empty reply"
    if need_kind:
        return None if reply_kind(body) else "no custom payload with kind"
    shown = any(isinstance(m, dict) and (m.get("text") or m.get("image")) for m in body)
    return None if shown else "no text"


def _names(conditions_dir: Path) -> list[str]:
    return sorted(yaml.safe_load(path.read_text(encoding="utf-8"))["name"] for path in conditions_dir.glob("*.yml"))


def misspell(name: str, rng: random.Random) -> str:
    """A typing slip: one inner letter of the name's longest word dropped or doubled."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) < 5:
        return name.lower()
    i = rng.randrange(1, len(word) - 2)
    words[longest] = word[:i] + word[i + 1 :] if rng.random() < 0.5 else word[:i] + word[i] + word[i:]
    return " ".join(words).lower()


def project_conversation(names: Sequence[str]) -> Callable[[random.Random], list[str]]:
    """A condition question, two follow-ups about it, a misspelt other condition, thanks."""

    def make(rng: random.Random) -> list[str]:
        first, other = rng.sample(list(names), 2)
        opening = rng.choice(["what is {}?", "tell me about {}", "what is {}"]).format(first)
        return [
            opening,
            "what causes it?",
            "how is it treated?",
            f"what are the symptoms of {misspell(other, rng)}?",
            rng.choice(["thanks", "thank you"]),
        ]

    return make


def stock_conversation(rng: random.Random) -> list[str]:
    """The stock bot's stories and rules (data/stories.yml, rules.yml of `rasa init`)."""
    greeting = rng.choice(["hi", "hello", "hey"])
    return rng.choice(
        [
            [greeting, "I am great", "bye"],
            [greeting, "I am sad", "yes", "goodbye"],
            [greeting, "very sad", "no"],
            [greeting, "are you a bot?", "see you later"],
        ]
    )


@dataclass(frozen=True)
class Bot:
    name: str
    conversation: Callable[[random.Random], list[str]]
    need_kind: bool  # replies must carry the contract's payload
    first_kind: str | None  # the first turn's latency is recorded apart when its reply has this kind
    first_message: str  # sent until the first real reply, to time the start


@dataclass(frozen=True)
class Turn:
    latency_ms: float
    failure: str | None
    kind: str | None
    first: bool
    reason: str | None = None  # the payload's `reason` (e.g. "rate_limited"), for the soak test


def reply_reason(body: Any) -> str | None:
    """The `reason` of a REST reply's payload, set on refusals (bot/channels/limits.py)."""
    return _payload_field(body, "reason")


async def send(session: aiohttp.ClientSession, url: str, sender: str, text: str, need_kind: bool, first: bool) -> Turn:
    begin = time.perf_counter()
    try:
        async with session.post(url, json={"sender": sender, "message": text}) as response:
            status = response.status
            body = await response.json(content_type=None) if status == 200 else None
    except asyncio.TimeoutError:
        status, body = -1, "timeout"
    except (aiohttp.ClientError, ValueError) as error:
        status, body = -1, f"{type(error).__name__}: {error}"
    latency_ms = (time.perf_counter() - begin) * 1000
    failure = body if status == -1 else reply_failure(status, body, need_kind)
    return Turn(latency_ms, failure, reply_kind(body), first, reply_reason(body))


async def run_level(
    url: str, bot: Bot, concurrency: int, duration_s: float, max_conversations: int, seed: int
) -> dict[str, Any]:
    """`concurrency` users, each running conversations back to back (no think time), each
    conversation with its own sender id. No conversation starts after `duration_s` or beyond
    `max_conversations`; started ones are finished."""
    turns: list[Turn] = []
    failures: list[str] = []
    started_count = 0
    begin = time.monotonic()

    async def user(session: aiohttp.ClientSession) -> None:
        nonlocal started_count
        while time.monotonic() - begin < duration_s and started_count < max_conversations:
            rng = random.Random(seed * 100_003 + started_count)
            started_count += 1
            sender = f"bench-{uuid.uuid4().hex}"
            for index, text in enumerate(bot.conversation(rng)):
                turn = await send(session, url, sender, text, bot.need_kind, index == 0)
                turns.append(turn)
                if turn.failure:
                    failures.append(f"{text!r}: {turn.failure}")

    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=concurrency)) as session:
        await asyncio.gather(*(user(session) for _ in range(concurrency)))
    elapsed = time.monotonic() - begin
    good = [t.latency_ms for t in turns if t.failure is None]
    first = [t.latency_ms for t in turns if t.first and t.failure is None and bot.first_kind in (None, t.kind)]
    return {
        "concurrency": concurrency,
        "conversations": started_count,
        "requests": len(turns),
        "replies": len(good),
        "failed": len(turns) - len(good),
        "failure_examples": failures[:5],
        "elapsed_s": elapsed,
        "throughput_rps": len(good) / elapsed,
        "p50_ms": percentile(good, 50),
        "p95_ms": percentile(good, 95),
        "p99_ms": percentile(good, 99),
        "first_turn_p50_ms": percentile(first, 50),
        "first_turns": len(first),
        "kinds": dict(Counter(t.kind for t in turns if t.kind)),
    }


def first_reply(rasa_url: str, bot: Bot, process: subprocess.Popen, log: Path) -> None:
    """Sends the bot's first message until the webhook answers (the start is over then); a bad
    reply then stops the benchmark at once: the bot is broken, not starting."""
    deadline = time.monotonic() + FIRST_REPLY_TIMEOUT_S
    last = "no reply"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{bot.name} server exited with {process.returncode}; log:\n{log.read_text()[-3000:]}")
        try:
            body = post_message(rasa_url, f"start-{uuid.uuid4().hex}", bot.first_message, REQUEST_TIMEOUT_S)
        except (OSError, ValueError) as error:
            last = str(error)
            time.sleep(0.2)
            continue
        failure = reply_failure(200, body, bot.need_kind)
        if failure:
            raise RuntimeError(f"{bot.name}: {bot.first_message!r} got a bad reply ({failure}): {body}")
        return
    raise RuntimeError(f"{bot.name}: no reply to {bot.first_message!r} in {FIRST_REPLY_TIMEOUT_S} s: {last}")


def measure_bot(
    bot: Bot,
    servers: dict[str, list[str]],
    cwd: Path,
    workdir: Path,
    rasa_port: int,
    action_port: int | None,
    args: argparse.Namespace,
    memory: PeakMemory,
) -> dict[str, Any]:
    """Starts the bot's servers together (as `make run` does), times the start, runs the load
    levels and records each server's peak memory; stops the servers however it ends."""
    result: dict[str, Any] = {"start": {}, "memory_mb": {}, "levels": {}}
    rasa_url = f"http://127.0.0.1:{rasa_port}"
    with contextlib.ExitStack() as stack:
        begin = time.monotonic()
        processes = {
            name: stack.enter_context(started(command, cwd, workdir / f"{name}.log", ENV))
            for name, command in servers.items()
        }
        for name, process in processes.items():
            memory.watch(f"{bot.name} {name}", process.pid)
        if action_port:
            wait_until_up(
                f"http://127.0.0.1:{action_port}/health", processes["action_server"], workdir / "action_server.log"
            )
            result["start"]["action_server_up_s"] = time.monotonic() - begin
        # Rasa answers HTTP only once the model is loaded (it loads before the server starts).
        wait_until_up(f"{rasa_url}/", processes["rasa_server"], workdir / "rasa_server.log")
        result["start"]["model_loaded_s"] = time.monotonic() - begin
        first_reply(rasa_url, bot, processes["rasa_server"], workdir / "rasa_server.log")
        result["start"]["first_reply_s"] = time.monotonic() - begin
        for index, concurrency in enumerate(LEVELS):
            level = asyncio.run(
                run_level(
                    f"{rasa_url}/webhooks/rest/webhook",
                    bot,
                    concurrency,
                    args.duration,
                    args.conversations or concurrency * 10_000,
                    seed=index,
                )
            )
            result["levels"][str(concurrency)] = level
            print(
                f"  {bot.name} at {concurrency:>2}: p50 {format_ms(level['p50_ms'])}, p99 {format_ms(level['p99_ms'])}, "
                f"{level['throughput_rps']:.1f} replies/s, {level['failed']} failed",
                flush=True,
            )
        memory.sample()
        for name in processes:
            memory.forget(f"{bot.name} {name}")
            result["memory_mb"][name] = memory.peak_mb(f"{bot.name} {name}")
    result["failed"] = sum(level["failed"] for level in result["levels"].values())
    result["first_turn_p50_ms"] = result["levels"]["1"]["first_turn_p50_ms"]
    return result


# ---------------------------------------------------------------- the two bots


def project_bot() -> Bot:
    return Bot("project", project_conversation(_names(ROOT / "data" / "conditions")), True, "answer", "what is ALS?")


def train_project(tmp: Path) -> float:
    """From-scratch training of the project (empty cache) into a temporary folder."""
    env = {**ENV, "RASA_CACHE_DIRECTORY": str(_mkdir(tmp) / "cache")}
    return timed_run(
        [
            RASA,
            "train",
            "--config",
            "config.yml",
            "--domain",
            "domain.yml",
            "--data",
            "data",
            "--out",
            str(tmp / "models"),
            "--fixed-model-name",
            "x",
        ],
        ROOT,
        tmp / "train.log",
        env,
    )


def create_stock(stock: Path, tiny: bool) -> None:
    """The project files of `rasa init` (its own scaffold, so that init does not train too).
    --tiny writes the default pipeline and policies with one epoch each, to train in seconds,
    but DIET_TINY_EPOCHS for the intents: with one, every message falls back to an empty reply."""
    from rasa.cli.scaffold import create_initial_project, scaffold_path

    stock.mkdir(parents=True)
    create_initial_project(str(stock))
    if tiny:
        defaults = Path(scaffold_path()).parents[1] / "engine" / "recipes" / "config_files" / "default_config.yml"
        config = re.sub(r"epochs: \d+", "epochs: 1", defaults.read_text())
        config = config.replace("DIETClassifier\n    epochs: 1\n", f"DIETClassifier\n    epochs: {DIET_TINY_EPOCHS}\n")
        assert f"epochs: {DIET_TINY_EPOCHS}" in config, "Rasa's default config changed"
        (stock / "config.yml").write_text(config)


def train_stock(stock: Path) -> float:
    env = {**ENV, "RASA_CACHE_DIRECTORY": str(stock.parent / "stock-cache")}
    return timed_run(
        [RASA, "train", "--out", "models", "--fixed-model-name", "stock"], stock, stock.parent / "stock-train.log", env
    )


def bench(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    memory = PeakMemory()
    memory.start()
    report: dict[str, Any] = {
        "meta": {
            **run_meta(),
            "duration_s": args.duration,
            "conversations": args.conversations,
            "tiny": args.tiny,
            "levels": list(LEVELS),
        }
    }
    # A copy, so that a `make train` elsewhere cannot swap the model under the running server.
    model = Path(shutil.copy(MODEL, tmp / "health-assistant.tar.gz")) if args.skip_train else MODEL
    project_train_s = None
    if not args.skip_train:
        print("Training the project from scratch (empty cache)...", flush=True)
        project_train_s = train_project(tmp / "project")
        model = tmp / "project" / "models" / "x.tar.gz"
    print("Creating and training the stock bot (rasa init's project)...", flush=True)
    stock_dir = tmp / "stock"
    create_stock(stock_dir, args.tiny)
    stock_train_s = train_stock(stock_dir)

    print("Project: starting the action server and the Rasa server...", flush=True)
    action_port, rasa_port = free_port(), free_port()
    endpoints = project_endpoints(tmp / "endpoints.yml", action_port, tmp / "trackers.db")
    project = measure_bot(
        project_bot(),
        project_servers(model, endpoints, action_port, rasa_port),
        ROOT,
        _mkdir(tmp / "project-logs"),
        rasa_port,
        action_port,
        args,
        memory,
    )
    project["train_s"] = project_train_s

    print("Stock bot: starting the Rasa server...", flush=True)
    stock_port = free_port()
    stock_bot = Bot("stock", stock_conversation, False, None, "hi")
    stock = measure_bot(
        stock_bot,
        {"rasa_server": rasa_server("models/stock.tar.gz", stock_port)},
        stock_dir,
        _mkdir(tmp / "stock-logs"),
        stock_port,
        None,
        args,
        memory,
    )
    stock["train_s"] = stock_train_s
    memory.done.set()

    report.update(project=project, stock=stock, ratios=ratios(project, stock), goals=goals(project, stock))
    return report


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


# ---------------------------------------------------------------- ratios, goals, reports


def _ratio(mine: float | None, theirs: float | None) -> float | None:
    return mine / theirs if mine is not None and theirs else None


def ratios(project: dict[str, Any], stock: dict[str, Any]) -> dict[str, float | None]:
    """Each project figure divided by the stock bot's (below 1 is better, except throughput)."""
    out = {
        "start_first_reply": _ratio(project["start"]["first_reply_s"], stock["start"]["first_reply_s"]),
        "train": _ratio(project["train_s"], stock["train_s"]),
        "memory_total": _ratio(sum(project["memory_mb"].values()), sum(stock["memory_mb"].values())),
        "first_turn_p50": _ratio(project["first_turn_p50_ms"], stock["first_turn_p50_ms"]),
    }
    for level in LEVELS:
        mine, theirs = project["levels"][str(level)], stock["levels"][str(level)]
        for figure in ("p50_ms", "p95_ms", "p99_ms", "throughput_rps"):
            out[f"{figure.split('_')[0]}_at_{level}"] = _ratio(mine[figure], theirs[figure])
    return out


def goals(project: dict[str, Any], stock: dict[str, Any]) -> list[dict[str, Any]]:
    top = str(LEVELS[-1])
    best_rps = max(level["throughput_rps"] for level in project["levels"].values())
    rows = [
        (
            "p50 of a condition answer (first turn, 1 user) <= stock p50 greeting",
            f"<= {format_ms(stock['first_turn_p50_ms'])}",
            project["first_turn_p50_ms"],
            format_ms(project["first_turn_p50_ms"]),
            project["first_turn_p50_ms"] is not None
            and stock["first_turn_p50_ms"] is not None
            and project["first_turn_p50_ms"] <= stock["first_turn_p50_ms"],
        ),
        (
            f"p99 at {top} concurrent conversations < {GOAL_P99_MS:.0f} ms",
            f"< {GOAL_P99_MS:.0f} ms",
            project["levels"][top]["p99_ms"],
            format_ms(project["levels"][top]["p99_ms"]),
            project["levels"][top]["p99_ms"] is not None and project["levels"][top]["p99_ms"] < GOAL_P99_MS,
        ),
        (
            f"throughput (best level) >= {GOAL_THROUGHPUT_RPS:.0f} replies/s",
            f">= {GOAL_THROUGHPUT_RPS:.0f}/s",
            best_rps,
            f"{best_rps:.1f}/s",
            best_rps >= GOAL_THROUGHPUT_RPS,
        ),
        (
            f"server start until the first answer < {GOAL_START_S:.0f} s",
            f"< {GOAL_START_S:.0f} s",
            project["start"]["first_reply_s"],
            f"{project['start']['first_reply_s']:.1f} s",
            project["start"]["first_reply_s"] < GOAL_START_S,
        ),
        ("no failed or empty reply", "0", project["failed"], str(project["failed"]), project["failed"] == 0),
    ]
    return [{"goal": g, "target": t, "value": v, "shown": s, "pass": bool(p)} for g, t, v, s, p in rows]


def _x(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def _s(value: float | None) -> str:
    return "not timed" if value is None else f"{value:.1f} s"


# Where the time went: py-spy profiles of a loaded project server on this
# 2-core machine, before the changes, and the figures of the last `make bench` before them
# (2026-11-24, commit 08791a8, in-memory tracker store; this run uses SQLite, as `make run`).
FINDINGS = [
    (
        "Start: 75 % of the Rasa server's start (about 40 of 53 s) was Rasa loading DIET by fitting it on "
        "one example, which traces TensorFlow's whole training graph (the CRF entity loss and its gradients); "
        "TED's load did the same.",
        "`bot.nlu.diet.AnsweringDIETClassifier`: DIET loaded by one eager prediction, then its trained weights "
        "(the same predictions: tests/test_diet_loading.py); no TEDPolicy. Loading the model: 26.5 s → 4.9 s.",
    ),
    (
        "Per reply: a third of the busy server was jsonschema: Rasa validates every action-server response "
        "with `jsonschema.validate`, which first checks Rasa's schema against the meta-schema (draft 2020-12 "
        "under jsonschema 4.17: 25 ms a call).",
        "jsonschema 3.2.0 (within Rasa's range; draft 7): 2.8 ms a call.",
    ),
    (
        "Per reply: TEDPolicy, called twice a message, was a quarter of the busy server, and predicted nothing "
        "the rules did not: every intent has its one rule.",
        "No TEDPolicy; the end-to-end test stories still pass (`make test`).",
    ),
    (
        "The action server was idle 99 % of the time under load; answering from the knowledge base is not "
        "where the time goes. What remains per reply is DIET's prediction (a third), Rasa's graph and "
        "policy machinery, and the action call.",
        "Left: DIET is the NLU model; a smaller model would trade accuracy.",
    ),
    (
        "Per reply, still: Rasa checks its own, constant response schema on every action call (about 1.3 of "
        "jsonschema 3.2's 2.8 ms); compiled once per process, a condition answer's p50 was 2–4 ms lower in a "
        "trial.",
        "Left: it needs patching Rasa's RemoteAction, which offers no hook for it.",
    ),
    (
        "Beyond one process: stock Rasa on the same machine gives 36 replies/s and p99 1.8 s at 32 "
        "conversations; one Rasa server process is one core. 32 users waiting for each reply with p99 under "
        "250 ms need about 130 replies/s.",
        "Left: several Rasa processes (Rasa's Sanic workers need a Redis lock store; docs/deploy.md) or a "
        "lighter NLU model: decisions for the issue.",
    ),
]
BEFORE = {
    "condition answer p50, 1 user": "55 ms",
    "replies/s (best level)": "16–18",
    "p99 at 32 conversations": "2.9 s",
    "start until the first reply": "52 s",
}


def findings(project: dict[str, Any]) -> list[str]:
    best = max(level["throughput_rps"] for level in project["levels"].values())
    after = {
        "condition answer p50, 1 user": format_ms(project["first_turn_p50_ms"]),
        "replies/s (best level)": f"{best:.1f}",
        "p99 at 32 conversations": format_ms(project["levels"]["32"]["p99_ms"]) if "32" in project["levels"] else "n/a",
        "start until the first reply": _s(project["start"]["first_reply_s"]),
    }
    return [
        "## Where the time went, and what changed",
        "",
        "| found (py-spy, loaded server) | changed |",
        "| --- | --- |",
        *(f"| {found} | {changed} |" for found, changed in FINDINGS),
        "",
        "| figure | before | this run |",
        "| --- | ---: | ---: |",
        *(f"| {name} | {BEFORE[name]} | {after[name]} |" for name in BEFORE),
        "",
    ]


def markdown(report: dict[str, Any]) -> str:
    meta, project, stock, r = report["meta"], report["project"], report["stock"], report["ratios"]
    lines = [
        "# Load benchmark: the project against stock Rasa",
        "",
        f"{meta['date']}, {meta['cpus']} CPUs, Python {meta['python']}, Rasa {meta['rasa']}; "
        f"{meta['duration_s']:g} s per level"
        + (f", at most {meta['conversations']} conversations per level" if meta["conversations"] else "")
        + (" (--tiny: a check that the benchmark works, not figures)" if meta["tiny"] else "")
        + ". "
        "Both bots run alone, one after the other, on loopback; other work on the machine makes the figures noisy. "
        "`make bench` reproduces them.",
        "",
        "## Goals (the project, as measured here)",
        "",
        "| goal | target | measured | result |",
        "| --- | --- | --- | --- |",
        *(
            f"| {g['goal']} | {g['target']} | {g['shown']} | {'pass' if g['pass'] else 'FAIL'} |"
            for g in report["goals"]
        ),
        "",
        "## Latency and throughput per concurrency",
        "",
        "Each user runs conversations back to back without think time, each with its own sender id. "
        'Project: a condition question, "what causes it?", "how is it treated?", the symptoms of a misspelt other '
        "condition, thanks (conditions from data/conditions/). Stock: greeting, mood, affirm or deny, goodbye "
        "(its stories and rules). Latencies of good replies; failed means an HTTP error, a timeout, an empty reply "
        "or (project) a reply without the contract's `custom` payload with `kind`.",
        "",
    ]
    for name, bot in (("Project", project), ("Stock Rasa", stock)):
        lines += [
            f"### {name}",
            "",
            "| concurrent conversations | conversations | replies | failed | p50 | p95 | p99 | replies/s |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for level in bot["levels"].values():
            lines.append(
                f"| {level['concurrency']} | {level['conversations']} | {level['replies']} | {level['failed']} | "
                f"{format_ms(level['p50_ms'])} | {format_ms(level['p95_ms'])} | {format_ms(level['p99_ms'])} | {level['throughput_rps']:.1f} |"
            )
        lines.append("")
    lines += [
        "### Project ÷ stock",
        "",
        "| concurrent conversations | p50 | p95 | p99 | replies/s |",
        "| ---: | ---: | ---: | ---: | ---: |",
        *(
            f"| {n} | {_x(r[f'p50_at_{n}'])} | {_x(r[f'p95_at_{n}'])} | {_x(r[f'p99_at_{n}'])} | {_x(r[f'throughput_at_{n}'])} |"
            for n in LEVELS
        ),
        "",
        "Reply kinds the project gave (all levels): "
        + ", ".join(f"{k} {v}" for k, v in sorted(_kinds(project).items(), key=lambda kv: -kv[1]))
        + ".",
        "",
        "## Single figures",
        "",
        "| figure | project | stock Rasa | project ÷ stock |",
        "| --- | ---: | ---: | ---: |",
        f"| p50 first turn, 1 user (project: condition answer; stock: greeting) | {format_ms(project['first_turn_p50_ms'])} | "
        f"{format_ms(stock['first_turn_p50_ms'])} | {_x(r['first_turn_p50'])} |",
        f"| start until the first reply | {_s(project['start']['first_reply_s'])} | {_s(stock['start']['first_reply_s'])} | "
        f"{_x(r['start_first_reply'])} |",
        f"| … of which until the model was loaded (HTTP up) | {_s(project['start']['model_loaded_s'])} | "
        f"{_s(stock['start']['model_loaded_s'])} | |",
        f"| … action server up | {_s(project['start'].get('action_server_up_s'))} | none | |",
        f"| training from scratch (empty cache) | {_s(project['train_s'])} | {_s(stock['train_s'])} | {_x(r['train'])} |",
        *(
            f"| peak memory, {name.replace('_', ' ')} | {mb:.0f} MB | "
            + (f"{stock['memory_mb'][name]:.0f} MB" if name in stock["memory_mb"] else "none")
            + " | |"
            for name, mb in project["memory_mb"].items()
        ),
        f"| peak memory, all servers | {sum(project['memory_mb'].values()):.0f} MB | {sum(stock['memory_mb'].values()):.0f} MB | "
        f"{_x(r['memory_total'])} |",
        "",
        "Peak memory is the kernel's high-water mark of resident memory (VmHWM) of each server process and its "
        "children. Start times run from starting the processes (both at once, as `make run` does) to the first "
        'good reply to "what is ALS?" (stock: "hi").',
        "",
        "![latency against concurrency](bench.png)",
        "",
        *findings(project),
    ]
    failures = [
        f"- {bot}: {example}"
        for bot in ("project", "stock")
        for level in report[bot]["levels"].values()
        for example in level["failure_examples"]
    ]
    if failures:
        lines += ["## Failed replies (first examples)", "", *failures, ""]
    return "\n".join(lines)


def _kinds(bot: dict[str, Any]) -> Counter:
    return sum((Counter(level["kinds"]) for level in bot["levels"].values()), Counter())


def plot(report: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(7, 4.5))
    for name, colour in (("project", "tab:blue"), ("stock", "tab:orange")):
        levels = report[name]["levels"].values()
        x = [level["concurrency"] for level in levels]
        for figure_key, style in (("p50_ms", "-o"), ("p99_ms", "--s")):
            y = [level[figure_key] if level[figure_key] is not None else math.nan for level in levels]
            axes.plot(x, y, style, color=colour, label=f"{name} {figure_key.split('_')[0]}")
    axes.axhline(GOAL_P99_MS, color="grey", linewidth=0.8, linestyle=":", label=f"goal p99 {GOAL_P99_MS:.0f} ms")
    axes.set_xscale("log", base=2)
    axes.set_xticks(list(LEVELS), [str(n) for n in LEVELS])
    axes.set_yscale("log")
    axes.set_xlabel("concurrent conversations")
    axes.set_ylabel("latency per reply (ms)")
    axes.set_title("REST webhook latency against concurrency")
    axes.legend()
    axes.grid(True, which="both", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--duration", type=float, default=20.0, help="seconds of load per concurrency level (default 20)"
    )
    parser.add_argument("--conversations", type=int, default=None, help="at most this many conversations per level")
    parser.add_argument(
        "--skip-train",
        action="store_true",
        help="serve models/health-assistant.tar.gz; do not time the project's training",
    )
    parser.add_argument(
        "--tiny",
        action="store_true",
        help="a quick check: few requests, the stock bot trained one epoch, no project training",
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "results", help="where bench.json, bench.md and bench.png go"
    )
    args = parser.parse_args(argv)
    if args.tiny:
        args.skip_train, args.duration, args.conversations = True, min(args.duration, 1.0), args.conversations or 40
    if args.skip_train and not MODEL.exists():
        parser.error(f"{MODEL} is missing: run 'make train' first")
    stop_on_termination()

    begin = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        report = bench(args, Path(tmp))
    report["meta"]["total_s"] = time.monotonic() - begin
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.out / "bench.md").write_text(markdown(report))
    plot(report, args.out / "bench.png")

    print(f"\nWrote {args.out / 'bench.md'}, bench.json and bench.png in {report['meta']['total_s']:.0f} s.")
    for goal in report["goals"]:
        print(f"  {'pass' if goal['pass'] else 'FAIL'}  {goal['goal']}: {goal['shown']}")
    print("Project ÷ stock Rasa (latency, start, training, memory: below 1 is better; throughput: above 1):")
    for name, value in report["ratios"].items():
        print(f"  {name:<20} {_x(value)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
