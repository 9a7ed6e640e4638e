"""Load benchmark of the project against a stock Rasa bot, in one run (`make bench`).

Times the training of both bots, starts each bot's servers as `make run` does (loopback, free
ports) and measures, for each bot in turn:

- the start until the first real reply;
- closed loop: realistic multi-turn conversations at 1, 8 and 32 concurrent conversations, each
  user sending its next message as soon as the reply comes (asyncio + aiohttp, bounded in time
  and count);
- long conversations: the reply p50 at the first turns of a 100-turn conversation against its
  last turns (Rasa reads the conversation's events each turn, and they grow);
- open loop: N simulated users who each hold a conversation, waiting an exponential think time
  (mean 10 s) after each reply; a search for the largest N served with p99 under 1 s and no
  failed reply (doubling, then bisection);
- the CPU seconds all the bot's processes spend per reply (user + system from /proc), at each
  closed-loop level and each open-loop level: stable on a busy machine, where times are not;
- the peak resident memory of each process.

The project runs on the 16-condition knowledge base of data/conditions/ and, with --medquad, a
second time on one with the MedQuAD corpus imported (about 10,000 conditions), for its reply p50.
Writes bench.json, bench.md and bench.png to --out (with the figures of `make bench-first-answer`
when its first_answer.json is there) and prints each project figure as a ratio to the stock
bot's, last.

    python -m scripts.bench [--duration 20] [--conversations N] [--skip-train] [--think 10]
        [--window 30] [--medquad DIR | --no-medquad] [--tiny] [--out results]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import itertools
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Sequence
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
    CpuSnapshot,
    PeakMemory,
    cpu_seconds,
    cpu_snapshot,
    format_ms,
    free_port,
    load_average,
    machine_cpu,
    percentile,
    project_endpoints,
    project_servers,
    rasa_server,
    run_meta,
    started,
    stop_on_termination,
    timed_run,
    wait_until_up,
    workers_environment,
)

LEVELS = (1, 8, 32)
CPU_LEVEL = 8  # the closed-loop level whose CPU per reply is the headline figure
REQUEST_TIMEOUT_S = 30.0
FIRST_REPLY_TIMEOUT_S = 300.0
DIET_TINY_EPOCHS = 30

# The goals (on a 2-core machine).
GOAL_P99_MS = 250.0
GOAL_THROUGHPUT_RPS = 100.0
GOAL_START_S = 20.0
# Issue 15's goals.
GOAL_CAPACITY_RATIO = 3.0  # users served with p99 < 1 s, against the stock bot's
GOAL_CPU_RATIO = 0.5  # CPU seconds per reply, against the stock bot's
GOAL_GROWTH = 1.2  # reply p50: turn 100 against turn 1, MedQuAD against 16 conditions
GOAL_FIRST_ANSWER_S = 150.0  # a clean clone's `make run` until the first answer
GOAL_WORKERS_RATIO = 1.8  # users served by WORKERS workers against one
# The several-worker run: `make run`'s default (a worker per core) on this 2-core machine.
WORKERS = 2

# Long conversations: LONG_TURNS turns each, the p50 of the first LONG_WINDOW turns against the
# last LONG_WINDOW. One sender may send 5 messages a second (bot/channels/limits.py): a pause of
# LONG_PACE_S after each reply keeps under it.
LONG_TURNS = 100
LONG_WINDOW = 10
LONG_CONVERSATIONS = 2
LONG_PACE_S = 0.25
MEDQUAD = ROOT.parent / "shared" / "datasets" / "medquad"


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


# ---------------------------------------------------------------- CPU per reply


@dataclass(frozen=True)
class Reading:
    """The clocks at one moment: the bot's processes, this client process, the whole machine."""

    at: float
    bot: CpuSnapshot
    client_s: float
    machine: tuple[int, int]  # busy and total ticks of all cores


def reading(roots: dict[str, int]) -> Reading:
    return Reading(time.monotonic(), cpu_snapshot(roots), time.process_time(), machine_cpu())


def cpu_figures(before: Reading, after: Reading, replies: int) -> dict[str, Any]:
    """CPU seconds of each server (all its processes) between two readings, their sum and the
    sum per good reply; this client's CPU per reply; and how many cores the whole machine kept
    busy, and how many of them went to other work than the bot and this client: a level that
    other work starved shows here."""
    spent = cpu_seconds(before.bot, after.bot)
    total, client = sum(spent.values()), after.client_s - before.client_s
    busy, ticks = after.machine[0] - before.machine[0], after.machine[1] - before.machine[1]
    seconds = after.at - before.at
    machine_cores = (os.cpu_count() or 1) * busy / ticks if ticks > 0 else None
    return {
        "cpu_s": spent,
        "cpu_s_total": total,
        "cpu_s_per_reply": total / replies if replies else None,
        "client_cpu_s_per_reply": client / replies if replies else None,
        "machine_busy_cores": machine_cores,
        "other_work_cores": max(0.0, machine_cores - (total + client) / seconds)
        if machine_cores is not None and seconds > 0
        else None,
    }


def settle(roots: dict[str, int], max_s: float = 60.0, idle_cores: float = 0.1) -> float:
    """Waits until the bot's processes are idle (below `idle_cores` of a core over a second), so
    that a level does not start on the backlog of the one before; returns the seconds waited."""
    begin = time.monotonic()
    while time.monotonic() - begin < max_s:
        before = cpu_snapshot(roots)
        time.sleep(1.0)
        if sum(cpu_seconds(before, cpu_snapshot(roots)).values()) < idle_cores:
            break
    return time.monotonic() - begin


# ---------------------------------------------------------------- long conversations


def long_script(bot: Bot, rng: random.Random, turns: int) -> list[str]:
    """`turns` messages of one sender: the bot's conversations one after another."""
    texts: list[str] = []
    while len(texts) < turns:
        texts += bot.conversation(rng)
    return texts[:turns]


async def long_conversations(
    url: str, bot: Bot, turns: int, conversations: int, window: int, pace_s: float, seed: int
) -> dict[str, Any]:
    """`conversations` senders at once, each sending `turns` messages with a pause of `pace_s`
    after each reply; the reply p50 of turns 1..window against the last `window` turns, pooled
    over the senders (the same mix of messages: the conversations repeat every 3 to 5 turns)."""
    latencies: list[list[float]] = [[] for _ in range(turns)]
    failures: list[str] = []

    async def one(index: int, session: aiohttp.ClientSession) -> None:
        rng = random.Random(seed * 1_000_003 + index)
        sender = f"bench-long-{uuid.uuid4().hex}"
        await asyncio.sleep(index * pace_s / conversations)  # interleaved, not at once
        for number, text in enumerate(long_script(bot, rng, turns)):
            turn = await send(session, url, sender, text, bot.need_kind, number == 0)
            # A refusal by the per-sender rate limit would be quick, not a measured reply.
            failure = turn.failure or ("rate limited" if turn.reason == "rate_limited" else None)
            if failure:
                failures.append(f"turn {number + 1} {text!r}: {failure}")
            else:
                latencies[number].append(turn.latency_ms)
            await asyncio.sleep(pace_s)

    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        await asyncio.gather(*(one(index, session) for index in range(conversations)))
    first = [ms for turn in latencies[:window] for ms in turn]
    last = [ms for turn in latencies[-window:] for ms in turn]
    first_p50, last_p50 = percentile(first, 50), percentile(last, 50)
    blocks = range(0, turns, window)
    return {
        "turns": turns,
        "conversations": conversations,
        "window": window,
        "pace_s": pace_s,
        "failed": len(failures),
        "failure_examples": failures[:5],
        "first_p50_ms": first_p50,
        "last_p50_ms": last_p50,
        "last_over_first": _ratio(last_p50, first_p50),
        # The p50 of each block of `window` turns, to see a trend rather than two points.
        "p50_by_block_ms": [percentile([ms for turn in latencies[b : b + window] for ms in turn], 50) for b in blocks],
    }


# ---------------------------------------------------------------- open loop


@dataclass(frozen=True)
class OpenLoop:
    """The open-loop mode: users who think between turns, and the capacity search over them."""

    think_s: float  # mean of the exponential think time after each reply
    warmup_s: float  # arrivals spread over it; not measured
    window_s: float  # measured
    limit_ms: float  # a level passes with p99 below it and no failed reply
    max_users: int
    start_users: int | None  # None: half the users the best closed-loop throughput could serve
    resolution: float  # the search stops once the bounds are this close (relative)


async def open_loop_level(
    url: str, bot: Bot, users: int, settings: OpenLoop, seed: int, roots: dict[str, int]
) -> dict[str, Any]:
    """`users` users, each starting at a random moment of the first think time and then holding
    the bot's conversations one after another (each with its own sender id), waiting an
    exponential think time after each reply. Latencies are those of the turns sent in the
    measured window (after the warm-up); the CPU is the bot's over the window. A level that
    has clearly failed (a failed reply, or more slow replies than p99 allows) stops early."""
    begin = time.monotonic()
    window_start = begin + settings.warmup_s
    window_end = window_start + settings.window_s
    records: list[tuple[float, float, Turn]] = []  # sent, answered, turn
    in_flight: dict[int, float] = {}  # the turns awaiting their reply: when each was sent
    numbers = itertools.count()
    failures: list[str] = []
    # p99 < limit allows 1 % slow replies; the count in the window is random (Poisson), so the
    # early stop waits for 1.5 % of the expected count.
    allowed_slow = 1 + 0.015 * users * settings.window_s / settings.think_s
    cpu: dict[str, Reading] = {}
    stopped: list[str] = []

    async def user(index: int, session: aiohttp.ClientSession) -> None:
        rng = random.Random(seed * 1_000_003 + index)
        await asyncio.sleep(rng.uniform(0, settings.think_s))
        while True:
            sender = f"bench-open-{uuid.uuid4().hex}"
            for number, text in enumerate(bot.conversation(rng)):
                sent = time.monotonic()
                if sent >= window_end:
                    return
                key = next(numbers)
                in_flight[key] = sent
                turn = await send(session, url, sender, text, bot.need_kind, number == 0)
                del in_flight[key]
                records.append((sent, time.monotonic(), turn))
                if turn.failure:
                    failures.append(f"{text!r}: {turn.failure}")
                await asyncio.sleep(rng.expovariate(1 / settings.think_s))

    async def watch(tasks: list[asyncio.Task]) -> None:
        while not all(task.done() for task in tasks):
            await asyncio.sleep(0.25)
            now = time.monotonic()
            if "start" not in cpu and now >= window_start:
                cpu["start"] = reading(roots)
            if "end" not in cpu and now >= window_end:
                cpu["end"] = reading(roots)
            late = sum(
                1 for sent in in_flight.values() if sent >= window_start and now - sent > settings.limit_ms / 1000
            )
            slow = sum(1 for sent, _, turn in records if sent >= window_start and turn.latency_ms > settings.limit_ms)
            reason = "a failed reply" if failures else "too many slow replies" if slow + late > allowed_slow else None
            if reason:
                stopped.append(reason)
                for task in tasks:
                    task.cancel()

    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    # A new connection per message: a user who thinks 10 s outlasts Sanic's 5 s keep-alive.
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        tasks = [asyncio.ensure_future(user(index, session)) for index in range(users)]
        await asyncio.gather(watch(tasks), *tasks, return_exceptions=True)
    end = time.monotonic()
    cpu.setdefault("start", reading(roots))
    cpu.setdefault("end", reading(roots))
    measured = [turn for sent, _, turn in records if sent >= window_start]
    good = [turn.latency_ms for turn in measured if turn.failure is None]
    answered = sum(1 for sent, done, turn in records if turn.failure is None and window_start <= done <= window_end)
    p99 = percentile(good, 99)
    passed = not stopped and not failures and bool(good) and p99 is not None and p99 < settings.limit_ms
    return {
        "users": users,
        "requests": len(measured),
        "replies": len(good),
        "failed": len(failures),
        "failure_examples": failures[:5],
        "stopped_early": stopped[0] if stopped else None,
        "elapsed_s": end - begin,
        "offered_rps": users / settings.think_s,
        "throughput_rps": answered / settings.window_s,
        "p50_ms": percentile(good, 50),
        "p95_ms": percentile(good, 95),
        "p99_ms": p99,
        "pass": passed,
        **cpu_figures(cpu["start"], cpu["end"], answered),
    }


def capacity_steps(start: int, max_users: int, resolution: float) -> Generator[int, bool, dict[str, Any]]:
    """The levels of a capacity search, one at a time: yields a number of users, is sent whether
    that level passed, and returns the answer. From `start`, doubling while levels pass (up to
    `max_users`), then bisecting between the largest that passed and the smallest that failed
    until they are within `resolution` of each other (relative; 1 user at least). Every level
    passed lies at or below the answer, every level failed above it."""
    passed, failed = 0, None
    users = max(1, min(start, max_users))
    while True:
        if (yield users):
            passed = users
            if failed is None:
                if users >= max_users:
                    break
                users = min(2 * users, max_users)
                continue
        else:
            failed = users
        if failed - passed <= max(1.0, resolution * passed):
            break
        users = (passed + failed) // 2
    return {"capacity": passed, "first_failed": failed, "capped": failed is None}


def capacity_searches(
    runs: dict[str, Callable[[int], dict[str, Any]]], starts: dict[str, int], max_users: int, resolution: float
) -> dict[str, dict[str, Any]]:
    """One capacity search per bot, their levels taken in turn (a level of one, then of the
    other), so that other work that comes and goes on the machine weighs on both alike."""
    steps = {name: capacity_steps(starts[name], max_users, resolution) for name in runs}
    levels: dict[str, list[dict[str, Any]]] = {name: [] for name in runs}
    found: dict[str, dict[str, Any]] = {}
    pending = {name: next(step) for name, step in steps.items()}
    while pending:
        for name in list(pending):
            level = runs[name](pending[name])
            levels[name].append(level)
            try:
                pending[name] = steps[name].send(level["pass"])
            except StopIteration as done:
                found[name] = {**done.value, "levels": levels[name]}
                del pending[name]
    return found


def capacity_search(
    run: Callable[[int], dict[str, Any]], start: int, max_users: int, resolution: float
) -> dict[str, Any]:
    """One bot's capacity search (capacity_steps), with the levels it ran."""
    return capacity_searches({"bot": run}, {"bot": start}, max_users, resolution)["bot"]


def open_loop_runner(running: Running, settings: OpenLoop) -> Callable[[int], dict[str, Any]]:
    """Runs one open-loop level of a running bot, once the bot is idle, and prints it."""

    def run(users: int) -> dict[str, Any]:
        waited = settle(running.roots)
        level = asyncio.run(open_loop_level(running.webhook, running.bot, users, settings, users, running.roots))
        level["settled_s"] = waited
        verdict = (
            "pass" if level["pass"] else "fail" + (f" ({level['stopped_early']})" if level["stopped_early"] else "")
        )
        print(
            f"  {running.bot.name} open loop, {users:>4} users: p99 {format_ms(level['p99_ms'])}, "
            f"{level['throughput_rps']:.1f} replies/s, {level['failed']} failed, CPU "
            f"{_cpu_ms(level['cpu_s_per_reply'])} a reply, other work {_cores(level['other_work_cores'])}: {verdict}",
            flush=True,
        )
        return level

    return run


def open_loops(bots: Sequence[Running], settings: OpenLoop) -> None:
    """The capacity searches of the running bots, interleaved (capacity_searches), each starting
    at half the users its best closed-loop throughput could serve at full load; stored in each
    bot's result as `open_loop`."""
    starts = {
        bot.bot.name: settings.start_users
        or max(
            1, round(0.5 * max(level["throughput_rps"] for level in bot.result["levels"].values()) * settings.think_s)
        )
        for bot in bots
    }
    found = capacity_searches(
        {bot.bot.name: open_loop_runner(bot, settings) for bot in bots}, starts, settings.max_users, settings.resolution
    )
    for bot in bots:
        search = found[bot.bot.name]
        at_capacity = next((level for level in search["levels"] if level["users"] == search["capacity"]), None)
        search["cpu_s_per_reply_at_capacity"] = at_capacity["cpu_s_per_reply"] if at_capacity else None
        search["p99_ms_at_capacity"] = at_capacity["p99_ms"] if at_capacity else None
        search["settings"] = {
            "think_s": settings.think_s,
            "warmup_s": settings.warmup_s,
            "window_s": settings.window_s,
            "limit_ms": settings.limit_ms,
            "start_users": starts[bot.bot.name],
            "max_users": settings.max_users,
            "resolution": settings.resolution,
        }
        bot.result["open_loop"] = search


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


@dataclass(frozen=True)
class Running:
    """A bot whose servers are up, and its result so far."""

    bot: Bot
    webhook: str
    roots: dict[str, int]  # the started processes by server name
    result: dict[str, Any]


@contextlib.contextmanager
def running_bot(
    bot: Bot,
    servers: dict[str, list[str]],
    cwd: Path,
    workdir: Path,
    rasa_port: int,
    action_port: int | None,
    memory: PeakMemory,
    env: dict[str, str] = ENV,
) -> Iterator[Running]:
    """Starts the bot's servers together (as `make run` does) and times the start until the
    first real reply; on the way out records each process's peak memory and stops the servers
    however the block ends."""
    result: dict[str, Any] = {"start": {}, "memory_mb": {}, "levels": {}}
    rasa_url = f"http://127.0.0.1:{rasa_port}"
    with contextlib.ExitStack() as stack:
        begin = time.monotonic()
        processes = {
            name: stack.enter_context(started(command, cwd, workdir / f"{name}.log", env))
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
        roots = {name: process.pid for name, process in processes.items()}
        yield Running(bot, f"{rasa_url}/webhooks/rest/webhook", roots, result)
        memory.sample()
        for name in processes:
            memory.forget(f"{bot.name} {name}")
            result["memory_mb"][name] = memory.peak_mb(f"{bot.name} {name}")
        result["memory_processes"] = {name: memory.processes(f"{bot.name} {name}") for name in processes}


def closed_loop(running: Running, args: argparse.Namespace, levels: Sequence[int] = LEVELS) -> None:
    """The closed-loop levels, each with the CPU it took, into the bot's result."""
    result, bot = running.result, running.bot
    for index, concurrency in enumerate(levels):
        settle(running.roots)
        before = reading(running.roots)
        conversations = args.conversations or concurrency * 10_000
        level = asyncio.run(run_level(running.webhook, bot, concurrency, args.duration, conversations, seed=index))
        level.update(cpu_figures(before, reading(running.roots), level["replies"]))
        result["levels"][str(concurrency)] = level
        print(
            f"  {bot.name} at {concurrency:>2}: p50 {format_ms(level['p50_ms'])}, p99 {format_ms(level['p99_ms'])}, "
            f"{level['throughput_rps']:.1f} replies/s, {level['failed']} failed, "
            f"CPU {_cpu_ms(level['cpu_s_per_reply'])} a reply, other work {_cores(level['other_work_cores'])}",
            flush=True,
        )
    result["first_turn_p50_ms"] = result["levels"][str(levels[0])]["first_turn_p50_ms"]
    result["cpu_s_per_reply"] = result["levels"].get(str(CPU_LEVEL), {}).get("cpu_s_per_reply")
    result["failed"] = sum(level["failed"] for level in result["levels"].values())


def long_conversation(running: Running, args: argparse.Namespace) -> None:
    settle(running.roots)
    long = asyncio.run(
        long_conversations(
            running.webhook, running.bot, args.long_turns, LONG_CONVERSATIONS, args.long_window, LONG_PACE_S, 7
        )
    )
    running.result["long"] = long
    running.result["failed"] += long["failed"]
    print(
        f"  {running.bot.name} long conversations: p50 turns 1-{long['window']} {format_ms(long['first_p50_ms'])}, "
        f"last {long['window']} {format_ms(long['last_p50_ms'])}, {long['failed']} failed",
        flush=True,
    )


def _cores(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} cores"


def _cpu_ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:.1f} ms"


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


def knowledge_base(build_dir: Path, medquad: Path | None = None) -> tuple[Path, int]:
    """A knowledge base built for the run (`python -m bot build`, as `make kb` does, beside the
    one of `make kb`) and its number of conditions."""
    from scripts.eval import build_kb

    path = build_kb(build_dir, medquad)
    return path, len(json.loads(path.read_text())["conditions"])


def project_running(
    bot: Bot, model: Path, kb: Path, workdir: Path, memory: PeakMemory, workers: int = 1
) -> contextlib.AbstractContextManager[Running]:
    """The project's servers as `make run WORKERS=workers` starts them (conversations in SQLite,
    and several workers' SQLite lock store), on knowledge base `kb` (running_bot)."""
    workdir.mkdir(parents=True)
    action_port, rasa_port = free_port(), free_port()
    locks = workdir / "locks.db" if workers > 1 else None
    endpoints = project_endpoints(workdir / "endpoints.yml", action_port, workdir / "trackers.db", locks)
    servers = project_servers(model, endpoints, action_port, rasa_port)
    env = {**ENV, "HEALTHBOT_KB": str(kb), **workers_environment(workers)}
    return running_bot(bot, servers, ROOT, workdir, rasa_port, action_port, memory, env)


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
            "cpu_level": CPU_LEVEL,
            "medquad": str(args.medquad) if args.medquad else None,
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

    full = not args.closed_only
    # The bots stay up to the end, the idle ones costing nothing, so that their open-loop
    # levels can alternate.
    with contextlib.ExitStack() as stack:
        print("Project: building the knowledge base, starting the action server and the Rasa server...", flush=True)
        kb, conditions = knowledge_base(tmp / "kb-dataset")
        project = stack.enter_context(project_running(project_bot(), model, kb, tmp / "project-logs", memory))
        project.result.update(train_s=project_train_s, conditions=conditions)
        closed_loop(project, args)
        if full:
            long_conversation(project, args)

        if args.medquad:
            print(f"Project on MedQuAD: building the knowledge base from {args.medquad}...", flush=True)
            kb, conditions = knowledge_base(tmp / "kb-medquad", args.medquad)
            print(f"Project on MedQuAD ({conditions} conditions): starting the servers...", flush=True)
            bot = dataclasses.replace(project_bot(), name="project on MedQuAD")
            with project_running(bot, model, kb, tmp / "medquad-logs", memory) as medquad:
                medquad.result["conditions"] = conditions
                closed_loop(medquad, args, (1, CPU_LEVEL))
            report["project_medquad"] = medquad.result

        print("Stock bot: starting the Rasa server...", flush=True)
        stock_port = free_port()
        stock = stack.enter_context(
            running_bot(
                Bot("stock", stock_conversation, False, None, "hi"),
                {"rasa_server": rasa_server("models/stock.tar.gz", stock_port)},
                stock_dir,
                _mkdir(tmp / "stock-logs"),
                stock_port,
                None,
                memory,
            )
        )
        stock.result["train_s"] = stock_train_s
        closed_loop(stock, args)
        if full:
            long_conversation(stock, args)
            print(f"Project with {WORKERS} workers: starting the servers...", flush=True)
            bot = dataclasses.replace(project_bot(), name=f"project, {WORKERS} workers")
            workers = stack.enter_context(
                project_running(bot, model, kb, tmp / "workers-logs", memory, workers=WORKERS)
            )
            closed_loop(workers, args, (CPU_LEVEL,))
            report["project_workers"] = workers.result
            print("Open loop: the capacity searches of the bots, a level of each in turn...", flush=True)
            open_loops([project, workers, stock], args.open)
    memory.done.set()
    report["meta"]["load_average_end"] = load_average()

    report.update(project=project.result, stock=stock.result, first_answer=first_answer(args.out))
    report.setdefault("project_medquad", None)
    report.setdefault("project_workers", None)
    report.update(ratios=ratios(report), growth=growth(report))
    report["goals"] = goals(report)
    return report


def first_answer(out: Path) -> dict[str, Any] | None:
    """The figures of the last `make bench-first-answer` (scripts/first_answer.py), if any."""
    path = out / "first_answer.json"
    with contextlib.suppress(OSError, ValueError):
        return json.loads(path.read_text())
    return None


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


# ---------------------------------------------------------------- ratios, goals, reports


def _ratio(mine: float | None, theirs: float | None) -> float | None:
    return mine / theirs if mine is not None and theirs else None


# Figures of each closed-loop level compared, by their name in `ratios`.
RATIO_FIGURES = {
    "p50": "p50_ms",
    "p95": "p95_ms",
    "p99": "p99_ms",
    "throughput": "throughput_rps",
    "cpu_per_reply": "cpu_s_per_reply",
}


def ratios(report: dict[str, Any]) -> dict[str, float | None]:
    """Each project figure divided by the stock bot's (below 1 is better, except throughput and
    capacity)."""
    project, stock = report["project"], report["stock"]
    out = {
        "capacity": _ratio(_capacity(project), _capacity(stock)),
        "cpu_per_reply": _ratio(project["cpu_s_per_reply"], stock["cpu_s_per_reply"]),
        "cpu_per_reply_at_capacity": _ratio(
            _open(project).get("cpu_s_per_reply_at_capacity"), _open(stock).get("cpu_s_per_reply_at_capacity")
        ),
        "start_first_reply": _ratio(project["start"]["first_reply_s"], stock["start"]["first_reply_s"]),
        "train": _ratio(project["train_s"], stock["train_s"]),
        "memory_total": _ratio(sum(project["memory_mb"].values()), sum(stock["memory_mb"].values())),
        "first_turn_p50": _ratio(project["first_turn_p50_ms"], stock["first_turn_p50_ms"]),
    }
    workers = report.get("project_workers")
    if workers:
        out["capacity_workers"] = _ratio(_capacity(workers), _capacity(stock))
        out["workers_over_one"] = _ratio(_capacity(workers), _capacity(project))
    for level in LEVELS:
        mine, theirs = project["levels"][str(level)], stock["levels"][str(level)]
        for key, figure in RATIO_FIGURES.items():
            out[f"{key}_at_{level}"] = _ratio(mine[figure], theirs[figure])
    return out


def growth(report: dict[str, Any]) -> dict[str, float | None]:
    """How a bot's reply p50 grows: the last turns of a long conversation against the first, and
    (project) the MedQuAD knowledge base against the 16 conditions."""
    project, stock, medquad = report["project"], report["stock"], report.get("project_medquad")
    out = {
        "project_last_over_first_turns": project.get("long", {}).get("last_over_first"),
        "stock_last_over_first_turns": stock.get("long", {}).get("last_over_first"),
    }
    if medquad:
        mine, base = medquad["levels"]["1"], project["levels"]["1"]
        out["medquad_over_dataset_p50"] = _ratio(mine["p50_ms"], base["p50_ms"])
        out["medquad_over_dataset_first_turn_p50"] = _ratio(medquad["first_turn_p50_ms"], project["first_turn_p50_ms"])
        out["medquad_over_dataset_cpu_per_reply"] = _ratio(medquad["cpu_s_per_reply"], project["cpu_s_per_reply"])
    return out


def _capacity(bot: dict[str, Any]) -> int | None:
    return _open(bot).get("capacity")


def _open(bot: dict[str, Any]) -> dict[str, Any]:
    return bot.get("open_loop") or {}


def _goal(goal: str, target: str, value: float | None, shown: str, passed: bool) -> dict[str, Any]:
    return {"goal": goal, "target": target, "value": value, "shown": shown, "pass": bool(passed)}


def goals(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The issues' goals for the project, as measured: only those this run measured."""
    project, stock, r, g = report["project"], report["stock"], report["ratios"], report["growth"]
    limit = format_ms(_open(project).get("settings", {}).get("limit_ms"))
    rows = []
    workers = report.get("project_workers") or {}
    if r.get("capacity_workers") is not None:
        rows.append(
            _goal(
                f"users served with p99 < {limit} and no failed reply (open loop), the project as `make run` starts it "
                f"here ({WORKERS} workers) >= {GOAL_CAPACITY_RATIO:g}× stock's",
                f">= {GOAL_CAPACITY_RATIO:g}×",
                r["capacity_workers"],
                f"{_capacity(workers)} vs {_capacity(stock)} users: {_x(r['capacity_workers'])} "
                f"(one worker: {_capacity(project)} users, {_x(r['capacity'])})",
                r["capacity_workers"] >= GOAL_CAPACITY_RATIO,
            )
        )
        rows.append(
            _goal(
                f"users served by {WORKERS} workers >= {GOAL_WORKERS_RATIO:g}× one worker's",
                f">= {GOAL_WORKERS_RATIO:g}×",
                r["workers_over_one"],
                f"{_capacity(workers)} vs {_capacity(project)} users: {_x(r['workers_over_one'])}",
                r["workers_over_one"] >= GOAL_WORKERS_RATIO,
            )
        )
    if r["cpu_per_reply"] is not None:
        rows.append(
            _goal(
                f"CPU seconds per reply (all processes, {CPU_LEVEL} conversations) <= {GOAL_CPU_RATIO:g}× stock's",
                f"<= {GOAL_CPU_RATIO:g}×",
                r["cpu_per_reply"],
                f"{_cpu_ms(project['cpu_s_per_reply'])} vs {_cpu_ms(stock['cpu_s_per_reply'])}: {_x(r['cpu_per_reply'])}",
                r["cpu_per_reply"] <= GOAL_CPU_RATIO,
            )
        )
    turns = g["project_last_over_first_turns"]
    if turns is not None:
        long = project["long"]
        rows.append(
            _goal(
                f"reply p50 at turns {long['turns'] - long['window'] + 1}-{long['turns']} <= {GOAL_GROWTH:g}× turns "
                f"1-{long['window']}",
                f"<= {GOAL_GROWTH:g}×",
                turns,
                f"{format_ms(long['last_p50_ms'])} vs {format_ms(long['first_p50_ms'])}: {_x(turns)}",
                turns <= GOAL_GROWTH,
            )
        )
    kb = g.get("medquad_over_dataset_p50")
    if kb is not None:
        medquad = report["project_medquad"]
        rows.append(
            _goal(
                f"reply p50 (1 user) with MedQuAD's {medquad['conditions']:,} conditions <= {GOAL_GROWTH:g}× with "
                f"{project['conditions']}",
                f"<= {GOAL_GROWTH:g}×",
                kb,
                f"{format_ms(medquad['levels']['1']['p50_ms'])} vs {format_ms(project['levels']['1']['p50_ms'])}: {_x(kb)}",
                kb <= GOAL_GROWTH,
            )
        )
    mine, theirs = sum(project["memory_mb"].values()), sum(stock["memory_mb"].values())
    rows.append(
        _goal(
            "peak memory of all the project's processes (one worker) <= stock's",
            f"<= {theirs:,.0f} MB",
            mine,
            f"{mine:,.0f} MB",
            mine <= theirs,
        )
    )
    first = (report.get("first_answer") or {}).get("project", {}).get("first_answer_s")
    if first is not None:
        rows.append(
            _goal(
                f"clean clone to the first answer (`make bench-first-answer`, {report['first_answer']['meta']['date'][:10]}) "
                f"<= {GOAL_FIRST_ANSWER_S:.0f} s",
                f"<= {GOAL_FIRST_ANSWER_S:.0f} s",
                first,
                _s(first),
                first <= GOAL_FIRST_ANSWER_S,
            )
        )
    top = str(LEVELS[-1])
    best_rps = max(level["throughput_rps"] for level in project["levels"].values())
    first_p50, stock_p50 = project["first_turn_p50_ms"], stock["first_turn_p50_ms"]
    return rows + [
        _goal(
            "p50 of a condition answer (first turn, 1 user) <= stock p50 greeting",
            f"<= {format_ms(stock_p50)}",
            first_p50,
            format_ms(first_p50),
            first_p50 is not None and stock_p50 is not None and first_p50 <= stock_p50,
        ),
        _goal(
            f"p99 at {top} concurrent conversations < {GOAL_P99_MS:.0f} ms",
            f"< {GOAL_P99_MS:.0f} ms",
            project["levels"][top]["p99_ms"],
            format_ms(project["levels"][top]["p99_ms"]),
            project["levels"][top]["p99_ms"] is not None and project["levels"][top]["p99_ms"] < GOAL_P99_MS,
        ),
        _goal(
            f"throughput (best level) >= {GOAL_THROUGHPUT_RPS:.0f} replies/s",
            f">= {GOAL_THROUGHPUT_RPS:.0f}/s",
            best_rps,
            f"{best_rps:.1f}/s",
            best_rps >= GOAL_THROUGHPUT_RPS,
        ),
        _goal(
            f"server start until the first answer < {GOAL_START_S:.0f} s",
            f"< {GOAL_START_S:.0f} s",
            project["start"]["first_reply_s"],
            f"{project['start']['first_reply_s']:.1f} s",
            project["start"]["first_reply_s"] < GOAL_START_S,
        ),
        _goal("no failed or empty reply", "0", project["failed"], str(project["failed"]), project["failed"] == 0),
    ]


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
    (
        "Per turn, growing with the conversation (issue 15; py-spy of the Rasa server over turns 61-100 of a "
        "100-turn conversation, p50 27 → 75 ms): of the server's busy time about a third is reading the session's "
        "events back from the tracker store each turn (`SQLTrackerStore.retrieve`: an SQLAlchemy row, a JSON "
        "decode and a replay per event) and about a fifth the memoization and rule policies turning the whole "
        "session into states (`past_states`, `generate_all_prior_trackers`, deep copies). The stock bot, with "
        "Rasa's in-memory store, grows as much (about 3×): it is Rasa's per-turn work over every event of the "
        "session.",
        "Left: a shorter session (`session_expiration_time`), a tracker store that keeps the tracker between "
        "turns, or policies that read only the last turns: decisions for the issue.",
    ),
    (
        "A clean clone's first answer (issue 15; 285 s, 237 s in a quieter run): pip's install took 80-94 s; "
        "Rasa's training of DIET spent 23 s tracing its first epoch, about half of it the gradients of the "
        "CRF's `tf.cond`s, and decoded every batch's entity tags (a Viterbi pass) only for the progress "
        "bar's F1; and `make run`'s one thread per worker reached its prerequisite `make train` (make "
        "exports a target's variables to its prerequisites too): DIET trained on one thread.",
        "uv installs the lock file (20 s quiet, pip where uv cannot); `bot.nlu.diet` trains with the CRF loss "
        "alone, without the conditionals DIET's sequences never need: the same weights "
        "(tests/test_diet_loading.py), first epoch 9 s; the thread setting is on the servers' command alone. "
        "Training from scratch 120 → 96 s; first answer 149-161 s in three runs.",
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


def _machine(meta: dict[str, Any]) -> str:
    load = meta.get("load_average") or []
    end = meta.get("load_average_end") or []
    busy = (
        f"; load average {load[0]:.1f} at the start, {end[0]:.1f} at the end ({meta['cpus']} cores: above about "
        f"{meta['cpus'] / 2:g} means other work shared the machine)"
        if load and end
        else ""
    )
    return (
        f"{meta['date']}; {meta['cpus']} cores ({meta.get('cpu_model', '?')}), {meta.get('memory_gb', '?')} GB RAM, "
        f"Python {meta['python']}, Rasa {meta['rasa']}{busy}"
    )


def _mb(value: float | None) -> str:
    return "none" if value is None else f"{value:,.0f} MB"


def summary_rows(report: dict[str, Any]) -> list[str]:
    """Every figure of the run beside the stock bot's: the table README.md repeats."""
    project, stock, medquad, r, g = (
        report["project"],
        report["stock"],
        report.get("project_medquad"),
        report["ratios"],
        report["growth"],
    )
    po, so = _open(project), _open(stock)
    rows = []
    if po and so:
        think = po["settings"]["think_s"]
        rows += [
            f"| users served with p99 < {format_ms(po['settings']['limit_ms'])} and no failed reply (open loop, think "
            f"time {think:g} s) | {_users(po)} | {_users(so)} | {_x(r['capacity'])} |",
            f"| … CPU per reply at that load | {_cpu_ms(po['cpu_s_per_reply_at_capacity'])} | "
            f"{_cpu_ms(so['cpu_s_per_reply_at_capacity'])} | {_x(r['cpu_per_reply_at_capacity'])} |",
        ]
    wo = _open(report.get("project_workers") or {})
    if wo and so:
        rows += [
            f"| users served, the project with {WORKERS} workers (`make run`'s default here; ÷ one worker: "
            f"{_x(r['workers_over_one'])}) | {_users(wo)} | {_users(so)} | {_x(r['capacity_workers'])} |",
            f"| … CPU per reply at that load | {_cpu_ms(wo['cpu_s_per_reply_at_capacity'])} | "
            f"{_cpu_ms(so['cpu_s_per_reply_at_capacity'])} | "
            f"{_x(_ratio(wo['cpu_s_per_reply_at_capacity'], so['cpu_s_per_reply_at_capacity']))} |",
        ]
    rows.append(
        f"| CPU per reply, all processes ({CPU_LEVEL} conversations, closed loop) | {_cpu_ms(project['cpu_s_per_reply'])} | "
        f"{_cpu_ms(stock['cpu_s_per_reply'])} | {_x(r['cpu_per_reply'])} |"
    )
    if "long" in project and "long" in stock:
        pl, sl = project["long"], stock["long"]
        rows += [
            f"| reply p50, turns 1-{pl['window']} of a {pl['turns']}-turn conversation | {format_ms(pl['first_p50_ms'])} | "
            f"{format_ms(sl['first_p50_ms'])} | {_x(_ratio(pl['first_p50_ms'], sl['first_p50_ms']))} |",
            f"| reply p50, turns {pl['turns'] - pl['window'] + 1}-{pl['turns']} | {format_ms(pl['last_p50_ms'])} | "
            f"{format_ms(sl['last_p50_ms'])} | {_x(_ratio(pl['last_p50_ms'], sl['last_p50_ms']))} |",
            f"| … last ÷ first turns | {_x(g['project_last_over_first_turns'])} | "
            f"{_x(g['stock_last_over_first_turns'])} | |",
        ]
    rows.append(
        f"| reply p50, 1 user, {project['conditions']} conditions | {format_ms(project['levels']['1']['p50_ms'])} | "
        f"{format_ms(stock['levels']['1']['p50_ms'])} | {_x(r['p50_at_1'])} |"
    )
    if medquad:
        rows.append(
            f"| reply p50, 1 user, MedQuAD's {medquad['conditions']:,} conditions (÷ {project['conditions']} conditions: "
            f"{_x(g['medquad_over_dataset_p50'])}) | {format_ms(medquad['levels']['1']['p50_ms'])} | no such bot | |"
        )
    rows += [
        f"| p50 first turn, 1 user (project: condition answer; stock: greeting) | {format_ms(project['first_turn_p50_ms'])} | "
        f"{format_ms(stock['first_turn_p50_ms'])} | {_x(r['first_turn_p50'])} |",
        *(
            f"| replies/s, p99 at {n} conversations (closed loop) | {project['levels'][str(n)]['throughput_rps']:.1f}, "
            f"{format_ms(project['levels'][str(n)]['p99_ms'])} | {stock['levels'][str(n)]['throughput_rps']:.1f}, "
            f"{format_ms(stock['levels'][str(n)]['p99_ms'])} | {_x(r[f'throughput_at_{n}'])}, {_x(r[f'p99_at_{n}'])} |"
            for n in LEVELS
        ),
    ]
    for name in project["memory_mb"]:
        rows.append(
            f"| peak memory, {name.replace('_', ' ')} | {_mb(project['memory_mb'][name])} | "
            f"{_mb(stock['memory_mb'].get(name))} | |"
        )
    rows += [
        f"| peak memory, all processes | {_mb(sum(project['memory_mb'].values()))} | "
        f"{_mb(sum(stock['memory_mb'].values()))} | {_x(r['memory_total'])} |",
        f"| training from scratch (empty cache) | {_s(project['train_s'])} | {_s(stock['train_s'])} | {_x(r['train'])} |",
        f"| server start until the first reply | {_s(project['start']['first_reply_s'])} | "
        f"{_s(stock['start']['first_reply_s'])} | {_x(r['start_first_reply'])} |",
    ]
    first = report.get("first_answer")
    if first:
        mine, theirs = first.get("project", {}), first.get("stock", {})
        rows.append(
            f"| clean clone to the first answer (`make bench-first-answer`, {first['meta']['date'][:10]}) | "
            f"{_s(mine.get('first_answer_s'))} | {_s(theirs.get('first_answer_s'))} | "
            f"{_x(_ratio(mine.get('first_answer_s'), theirs.get('first_answer_s')))} |"
        )
    return ["| figure | project | stock Rasa | project ÷ stock |", "| --- | ---: | ---: | ---: |", *rows]


def _users(search: dict[str, Any]) -> str:
    return f"{search['capacity']}" + (
        f" (the most tried: {search['settings']['max_users']})" if search["capped"] else ""
    )


def open_loop_section(report: dict[str, Any]) -> list[str]:
    po = _open(report["project"])
    if not po:
        return []
    settings = po["settings"]
    lines = [
        "## Open loop: users who read and think",
        "",
        f"Each user holds the bot's conversations one after another (a new sender id for each), waits an exponential "
        f"think time of mean {settings['think_s']:g} s after each reply, and starts at a random moment of the first "
        f"think time. A level runs {settings['warmup_s']:g} s of warm-up, then {settings['window_s']:g} s measured "
        f"(the turns sent in that window); it passes with p99 under {format_ms(settings['limit_ms'])} and no failed "
        "reply, and stops early once it cannot pass. The search starts at half the users the best closed-loop "
        "throughput could serve, doubles while levels pass, then bisects to within "
        f"{100 * settings['resolution']:.0f} %. The bots stay up and their levels alternate (one of each in "
        "turn), so that other work on the machine weighs on both alike; each bot is left to go "
        "idle before its level. CPU is all the bot's processes over the measured window, per reply answered in "
        "it; other work is the cores the rest of the machine kept busy meanwhile (all of /proc/stat's busy time "
        "less the bot's and this client's): a level run while it was high had less than the whole machine.",
        "",
    ]
    titles = {"project": "Project, one worker", "project_workers": f"Project, {WORKERS} workers", "stock": "Stock Rasa"}
    for name, title in titles.items():
        search = _open(report.get(name) or {})
        if not search:
            continue
        lines += [
            f"### {title}: {_users(search)} users",
            "",
            "| users (in the order tried) | replies | failed | p50 | p99 | replies/s | CPU a reply | other work | result |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
            *(
                f"| {level['users']} | {level['replies']} | {level['failed']} | {format_ms(level['p50_ms'])} | "
                f"{format_ms(level['p99_ms'])} | {level['throughput_rps']:.1f} | {_cpu_ms(level['cpu_s_per_reply'])} | "
                f"{_cores(level['other_work_cores'])} | "
                + (
                    "pass"
                    if level["pass"]
                    else "fail" + (f" ({level['stopped_early']})" if level["stopped_early"] else "")
                )
                + " |"
                for level in search["levels"]
            ),
            "",
        ]
    return lines


def long_section(report: dict[str, Any]) -> list[str]:
    project, stock = report["project"], report["stock"]
    if "long" not in project:
        return []
    pl, sl = project["long"], stock["long"]
    blocks = range(len(pl["p50_by_block_ms"]))
    return [
        "## Long conversations",
        "",
        f"{pl['conversations']} senders at once, each {pl['turns']} turns (the bot's conversations one after another: "
        f"the same mix of messages in every {pl['window']} turns), pausing {pl['pace_s']:g} s after each reply to stay "
        "under the project's limit of 5 messages a second per sender. Rasa reads the conversation's events from the "
        "tracker store every turn, and they grow with it. The p50 of each block of turns:",
        "",
        "| turns | " + " | ".join(f"{b * pl['window'] + 1}-{(b + 1) * pl['window']}" for b in blocks) + " |",
        "| --- | " + " | ".join("---:" for _ in blocks) + " |",
        "| project | " + " | ".join(format_ms(v) for v in pl["p50_by_block_ms"]) + " |",
        "| stock Rasa | " + " | ".join(format_ms(v) for v in sl["p50_by_block_ms"]) + " |",
        "",
    ]


def knowledge_base_section(report: dict[str, Any]) -> list[str]:
    project, medquad = report["project"], report.get("project_medquad")
    if not medquad:
        return []
    rows = [
        ("start until the first reply", _s(project["start"]["first_reply_s"]), _s(medquad["start"]["first_reply_s"])),
        ("reply p50, 1 user", format_ms(project["levels"]["1"]["p50_ms"]), format_ms(medquad["levels"]["1"]["p50_ms"])),
        (
            "condition answer p50 (first turn), 1 user",
            format_ms(project["first_turn_p50_ms"]),
            format_ms(medquad["first_turn_p50_ms"]),
        ),
        (
            f"reply p50 / p99, {CPU_LEVEL} conversations",
            f"{format_ms(project['levels'][str(CPU_LEVEL)]['p50_ms'])} / {format_ms(project['levels'][str(CPU_LEVEL)]['p99_ms'])}",
            f"{format_ms(medquad['levels'][str(CPU_LEVEL)]['p50_ms'])} / {format_ms(medquad['levels'][str(CPU_LEVEL)]['p99_ms'])}",
        ),
        (
            f"CPU per reply, {CPU_LEVEL} conversations",
            _cpu_ms(project["cpu_s_per_reply"]),
            _cpu_ms(medquad["cpu_s_per_reply"]),
        ),
        *(
            (
                f"peak memory, {name.replace('_', ' ')}",
                _mb(project["memory_mb"][name]),
                _mb(medquad["memory_mb"].get(name)),
            )
            for name in project["memory_mb"]
        ),
    ]
    return [
        "## The project on a large knowledge base",
        "",
        f"The same model and conversations (the {project['conditions']} conditions of data/conditions/ are in both), "
        f"served on a knowledge base with MedQuAD imported (`python -m bot build --medquad {report['meta']['medquad']}`): "
        "the NLU's condition names and the answers come from it.",
        "",
        f"| figure | {project['conditions']} conditions | MedQuAD, {medquad['conditions']:,} conditions |",
        "| --- | ---: | ---: |",
        *(f"| {name} | {mine} | {theirs} |" for name, mine, theirs in rows),
        "",
    ]


def memory_section(report: dict[str, Any]) -> list[str]:
    bots = [("project", report["project"]), ("stock Rasa", report["stock"])]
    if report.get("project_medquad"):
        bots.insert(1, ("project, MedQuAD", report["project_medquad"]))
    rows = [
        f"| {bot} | {server.replace('_', ' ')} | {process['pid']} | `{_short(process['command'])}` | {_mb(process['peak_mb'])} |"
        for bot, figures in bots
        for server, processes in figures.get("memory_processes", {}).items()
        for process in processes
    ]
    return [
        "## Memory per process",
        "",
        "The kernel's high-water mark of resident memory (VmHWM) of each process of each server, its children "
        "(e.g. Sanic workers) included; a sum of peaks, so at least the peak of the sum.",
        "",
        "| bot | server | pid | command | peak |",
        "| --- | --- | ---: | --- | ---: |",
        *rows,
        "",
    ]


def _short(command: str) -> str:
    words = command.split()
    return " ".join([Path(words[0]).name, *words[1:4]]) if words else command


def first_answer_section(report: dict[str, Any]) -> list[str]:
    first = report.get("first_answer")
    if not first:
        return [
            "## A clean clone to the first answer",
            "",
            "Not measured yet: `make bench-first-answer` (minutes) writes first_answer.json here, which this report "
            "then shows.",
            "",
        ]
    mine, theirs = first.get("project", {}), first.get("stock", {})
    phases = [p for p in first["meta"]["phases"] if p in mine.get("phases_s", {}) or p in theirs.get("phases_s", {})]
    return [
        "## A clean clone to the first answer",
        "",
        f"`make bench-first-answer` of {first['meta']['date']} ({first['meta'].get('note', '')}):",
        "",
        "| phase | project | stock Rasa |",
        "| --- | ---: | ---: |",
        *(f"| {phase} | {_phase_s(mine, phase)} | {_phase_s(theirs, phase)} |" for phase in phases),
        f"| **until the first answer** | {_s(mine.get('first_answer_s'))} | {_s(theirs.get('first_answer_s'))} |",
        "",
    ]


def _phase_s(bot: dict[str, Any], phase: str) -> str:
    seconds = bot.get("phases_s", {}).get(phase)
    return "–" if seconds is None else _s(seconds)


def markdown(report: dict[str, Any]) -> str:
    meta, project, stock, r = report["meta"], report["project"], report["stock"], report["ratios"]
    lines = [
        "# Load benchmark: the project against stock Rasa",
        "",
        f"{_machine(meta)}; {meta['duration_s']:g} s per closed-loop level"
        + (f", at most {meta['conversations']} conversations per level" if meta["conversations"] else "")
        + (" (--tiny: a check that the benchmark works, not figures)" if meta["tiny"] else "")
        + ". "
        "One bot is loaded at a time, on loopback; other work on the machine makes the times noisy (the tables "
        "say how many cores it took during each level), far less the CPU per reply. `make bench` reproduces them.",
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
        "## Every figure beside the stock bot's",
        "",
        *summary_rows(report),
        "",
        "CPU is user + system time of every process of the bot (the Rasa server and, for the project, the action "
        "server, threads and child processes included: /proc/PID/stat) over the measured window, per good reply. "
        "Peak memory is the kernel's high-water mark (VmHWM) of each process. Start times run from starting the "
        'processes (both at once, as `make run` does) to the first good reply to "what is ALS?" (stock: "hi").',
        "",
        *open_loop_section(report),
        "## Closed loop: latency and throughput per concurrency",
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
            "| concurrent conversations | conversations | replies | failed | p50 | p95 | p99 | replies/s | CPU a reply | "
            "other work |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for level in bot["levels"].values():
            lines.append(
                f"| {level['concurrency']} | {level['conversations']} | {level['replies']} | {level['failed']} | "
                f"{format_ms(level['p50_ms'])} | {format_ms(level['p95_ms'])} | {format_ms(level['p99_ms'])} | "
                f"{level['throughput_rps']:.1f} | {_cpu_ms(level['cpu_s_per_reply'])} | "
                f"{_cores(level['other_work_cores'])} |"
            )
        lines.append("")
    lines += [
        "### Project ÷ stock",
        "",
        "| concurrent conversations | p50 | p95 | p99 | replies/s | CPU a reply |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        *(
            f"| {n} | {_x(r[f'p50_at_{n}'])} | {_x(r[f'p95_at_{n}'])} | {_x(r[f'p99_at_{n}'])} | "
            f"{_x(r[f'throughput_at_{n}'])} | {_x(r[f'cpu_per_reply_at_{n}'])} |"
            for n in LEVELS
        ),
        "",
        "Reply kinds the project gave (all levels): "
        + ", ".join(f"{k} {v}" for k, v in sorted(_kinds(project).items(), key=lambda kv: -kv[1]))
        + ".",
        "",
        *long_section(report),
        *knowledge_base_section(report),
        *memory_section(report),
        *first_answer_section(report),
        "![latency against load](bench.png)",
        "",
        *findings(project),
    ]
    failures = [
        f"- {name}: {example}"
        for name in ("project", "project_medquad", "stock")
        for part in _parts(report.get(name))
        for example in part["failure_examples"]
    ]
    if failures:
        lines += ["## Failed replies (first examples)", "", *failures, ""]
    return "\n".join(lines)


def _parts(bot: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The closed-loop levels and the long conversations of a bot (the open loop's overloaded
    levels fail by design)."""
    if not bot:
        return []
    return [*bot["levels"].values(), *([bot["long"]] if "long" in bot else [])]


def _kinds(bot: dict[str, Any]) -> Counter:
    return sum((Counter(level["kinds"]) for level in bot["levels"].values()), Counter())


def plot(report: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (closed, opened) = plt.subplots(1, 2, figsize=(12, 4.5))
    for name, colour in (("project", "tab:blue"), ("stock", "tab:orange")):
        levels = report[name]["levels"].values()
        x = [level["concurrency"] for level in levels]
        for figure_key, style in (("p50_ms", "-o"), ("p99_ms", "--s")):
            y = [level[figure_key] if level[figure_key] is not None else math.nan for level in levels]
            closed.plot(x, y, style, color=colour, label=f"{name} {figure_key.split('_')[0]}")
        tried = sorted(_open(report[name]).get("levels", []), key=lambda level: level["users"])
        if tried:
            users = [level["users"] for level in tried]
            p99 = [level["p99_ms"] if level["p99_ms"] is not None else math.nan for level in tried]
            opened.plot(users, p99, "-o", color=colour, label=f"{name} p99 (capacity {_capacity(report[name])})")
    closed.axhline(GOAL_P99_MS, color="grey", linewidth=0.8, linestyle=":", label=f"goal p99 {GOAL_P99_MS:.0f} ms")
    closed.set_xscale("log", base=2)
    closed.set_xticks(list(LEVELS), [str(n) for n in LEVELS])
    closed.set_yscale("log")
    closed.set_xlabel("concurrent conversations (no think time)")
    closed.set_ylabel("latency per reply (ms)")
    closed.set_title("Closed loop")
    closed.legend()
    closed.grid(True, which="both", alpha=0.3)
    limit = _open(report["project"]).get("settings", {}).get("limit_ms")
    if limit:
        opened.axhline(limit, color="grey", linewidth=0.8, linestyle=":", label=f"limit {format_ms(limit)}")
    opened.set_yscale("log")
    opened.set_xlabel("users thinking between turns")
    opened.set_ylabel("p99 per reply (ms)")
    opened.set_title("Open loop")
    opened.legend()
    opened.grid(True, which="both", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def render(out: Path) -> None:
    """bench.md and bench.png again from bench.json, with first_answer.json as it is now."""
    report = json.loads((out / "bench.json").read_text())
    report["first_answer"] = first_answer(out)
    report["goals"] = goals(report)
    (out / "bench.json").write_text(json.dumps(report, indent=2) + "\n")
    (out / "bench.md").write_text(markdown(report))
    plot(report, out / "bench.png")
    print(f"Wrote {out / 'bench.md'} and bench.png from bench.json.")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--duration", type=float, default=20.0, help="seconds of load per closed-loop level (default 20)"
    )
    parser.add_argument("--conversations", type=int, default=None, help="at most this many conversations per level")
    parser.add_argument(
        "--skip-train",
        action="store_true",
        help="serve models/health-assistant.tar.gz; do not time the project's training",
    )
    parser.add_argument("--think", type=float, default=10.0, help="open loop: mean think time, s (default 10)")
    parser.add_argument("--warmup", type=float, default=None, help="open loop: warm-up per level, s (default: --think)")
    parser.add_argument("--window", type=float, default=30.0, help="open loop: measured seconds per level (default 30)")
    parser.add_argument(
        "--p99-limit", type=float, default=1000.0, help="open loop: a level's p99 limit, ms (default 1000)"
    )
    parser.add_argument("--open-start", type=int, default=None, help="open loop: users of the first level")
    parser.add_argument("--max-users", type=int, default=2048, help="open loop: the most users tried (default 2048)")
    parser.add_argument(
        "--closed-only", action="store_true", help="the closed-loop levels only: no long conversations, no open loop"
    )
    parser.add_argument(
        "--long-turns", type=int, default=LONG_TURNS, help=f"turns of a long conversation ({LONG_TURNS})"
    )
    parser.add_argument("--medquad", type=Path, default=None, help=f"the MedQuAD corpus (default {MEDQUAD}, if there)")
    parser.add_argument("--no-medquad", action="store_true", help="do not run the project on a MedQuAD knowledge base")
    parser.add_argument(
        "--tiny",
        action="store_true",
        help="a quick check: few requests, the stock bot trained one epoch, no project training, a short open "
        "loop (think time 0.05 s, at most 8 users) and 20-turn conversations",
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "results", help="where bench.json, bench.md and bench.png go"
    )
    parser.add_argument(
        "--render",
        action="store_true",
        help="measure nothing: write bench.md and bench.png again from --out's bench.json, with the figures of "
        "the last `make bench-first-answer`",
    )
    args = parser.parse_args(argv)
    if args.render:
        render(args.out)
        return 0
    if args.tiny:
        args.skip_train, args.duration, args.conversations = True, min(args.duration, 1.0), args.conversations or 40
        args.think, args.window, args.max_users = min(args.think, 0.05), min(args.window, 1.0), min(args.max_users, 8)
        args.long_turns = min(args.long_turns, 20)
    elif args.medquad is None and MEDQUAD.is_dir():
        args.medquad = MEDQUAD
    if args.no_medquad:
        args.medquad = None
    args.long_window = max(1, min(LONG_WINDOW, args.long_turns // 4))
    args.open = OpenLoop(
        think_s=args.think,
        warmup_s=max(args.think, args.warmup or 0.0, 0.3),
        window_s=args.window,
        limit_ms=args.p99_limit,
        max_users=args.max_users,
        start_users=args.open_start,
        resolution=0.1,
    )
    if args.skip_train and not MODEL.exists():
        parser.error(f"{MODEL} is missing: run 'make train' first")
    if args.medquad is not None and not args.medquad.is_dir():
        parser.error(f"--medquad {args.medquad}: no such folder")
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
    print("Growth of the reply p50 (long conversations: last turns ÷ first; MedQuAD ÷ 16 conditions):")
    for name, value in report["growth"].items():
        print(f"  {name:<36} {_x(value)}")
    print(
        "Project ÷ stock Rasa (latency, CPU, start, training, memory: below 1 is better; throughput, capacity: above 1):"
    )
    for name, value in report["ratios"].items():
        print(f"  {name:<26} {_x(value)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
