"""Several Rasa workers on one machine (`make run WORKERS=N`), and stopping `make run` whole.

- scripts/run_servers.py under a real GNU make, with stand-in servers (a process with a child,
  as a Rasa server with Sanic workers is): SIGTERM, SIGINT and SIGHUP to make, or make killed
  outright, stop every process; a server that exits stops the others.
- `make run` itself, with two workers: after its first answer, SIGTERM to make leaves no
  process of it running and frees both ports.
- A Rasa server with two Sanic workers, the SQLite lock store and the SQLite tracker store:
  many messages of ONE conversation sent at once by several clients are all answered, both
  workers answer some, and the tracker store holds every event once, each message followed by
  its own replies, as the same messages sent one after the other store them.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import os
import shlex
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.core.lock_store import InMemoryLockStore, LockStore
from rasa.utils.endpoints import read_endpoint_config

from bot.clients.rest import payloads, post_message
from bot.stores import SQLITE_LOCK_STORE_TYPE, TRACKER_STORE_TYPE
from bot.stores.lock_store import AtomicRedisLockStore
from bot.stores.sqlite_lock_store import SQLiteLockStore
from scripts.harness import free_port, parents, process_tree
from scripts.run_servers import parse, redis_settings, servers_environment
from tests.helpers import ROOT, make_dry_run, make_variables
from tests.servers import spawn_actions, spawn_rasa, stop_processes, wait_until_up

TICK = os.sysconf("SC_CLK_TCK")


# --- processes, from /proc ---------------------------------------------------------------------


def stat(pid: int) -> list[str] | None:
    """/proc/PID/stat's fields after the command name (state first), None once it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def identities(pids: set[int]) -> set[tuple[int, str]]:
    """Each process with its start time, so that a pid used again by another does not count."""
    return {(pid, fields[19]) for pid in pids if (fields := stat(pid)) is not None}


def alive(processes: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """Those still running: same start time, not a zombie waiting to be reaped."""
    return {(pid, start) for pid, start in processes if (f := stat(pid)) is not None and f[19] == start and f[0] != "Z"}


def wait_until_gone(processes: set[tuple[int, str]], seconds: float) -> set[tuple[int, str]]:
    deadline = time.monotonic() + seconds
    while alive(processes) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive(processes)


def cpu_seconds(pid: int) -> float:
    fields = stat(pid)
    return (int(fields[11]) + int(fields[12])) / TICK if fields else 0.0


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def marked(marker: str) -> set[int]:
    """The processes whose environment holds `marker` (all that a test's make started)."""
    found = set()
    for environ in Path("/proc").glob("[0-9]*/environ"):
        with contextlib.suppress(OSError):
            if marker.encode() in environ.read_bytes():
                found.add(int(environ.parent.name))
    return found


@contextlib.contextmanager
def make(args: list[str], cwd: Path, log: Path, env: dict[str, str] | None = None) -> Iterator[subprocess.Popen]:
    """`make ARGS` in a session of its own (as under a process supervisor). Every process it
    starts inherits a marker in its environment, by which whatever is left is killed on the way
    out, so that a failing test leaves no server behind."""
    marker = f"WORKERS_TEST_RUN={uuid.uuid4().hex}"
    name, value = marker.split("=")
    process = subprocess.Popen(
        ["make", "--no-print-directory", *args],
        cwd=cwd,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {}), name: value},
        start_new_session=True,
    )
    try:
        yield process
    finally:
        for pid in marked(marker) - {os.getpid()}:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait(timeout=30)


# --- the launcher, under make, with stand-in servers -------------------------------------------

# A "server" that starts a child of its own, as Rasa's main process forks its Sanic workers.
SERVER_WITH_WORKER = [
    sys.executable,
    "-c",
    "import subprocess, time; subprocess.Popen(['sleep', '300']); time.sleep(300)",
]


def launcher_makefile(tmp_path: Path, *commands: list[str]) -> Path:
    """A Makefile whose `run` recipe is the launcher as `make run` uses it."""
    words = []
    for command in commands:
        words += ["--", *command]
    recipe = shlex.join([sys.executable, "-m", "scripts.run_servers", "--follow-parent", *words])
    (tmp_path / "Makefile").write_text(f"SHELL := /bin/bash\nrun:\n\t@cd {ROOT} && exec {recipe.replace('$', '$$')}\n")
    return tmp_path


def started_tree(process: subprocess.Popen, count: int, seconds: float = 30) -> set[tuple[int, str]]:
    """make's processes once there are `count` of them (make included)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        tree = process_tree(process.pid, parents())
        if len(tree) >= count:
            return identities(tree)
        time.sleep(0.1)
    raise AssertionError(f"only {process_tree(process.pid, parents())} after {seconds} s")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGKILL], ids=lambda s: s.name)
def test_a_signal_to_make_stops_every_process_the_launcher_started(tmp_path, sig):
    folder = launcher_makefile(tmp_path, SERVER_WITH_WORKER, SERVER_WITH_WORKER)
    with make(["run"], folder, tmp_path / "make.log") as process:
        # make, the launcher, two servers and their two workers.
        tree = started_tree(process, 6)
        os.kill(process.pid, sig)
        assert process.wait(timeout=30) == -sig  # make itself ends, as a supervisor expects
        assert not wait_until_gone(tree, 30)


def test_a_server_that_exits_stops_the_others_and_make_fails_with_its_status(tmp_path):
    folder = launcher_makefile(tmp_path, SERVER_WITH_WORKER, ["sh", "-c", "sleep 1; exit 3"])
    with make(["run"], folder, tmp_path / "make.log") as process:
        tree = started_tree(process, 5)
        assert process.wait(timeout=60) == 2  # make's status for a failed recipe
        assert "Error 3" in (tmp_path / "make.log").read_text()
        assert not wait_until_gone(tree, 30)


def test_launcher_options_logs_and_redis_url(tmp_path):
    follow, commands = parse(["--follow-parent", "--", "a", "--x", "--", "--log=out.log", "--attached", "b"])
    assert follow and [c.args for c in commands] == [["a", "--x"], ["b"]]
    assert (commands[1].log, commands[1].attached, commands[0].log) == (Path("out.log"), True, None)
    with pytest.raises(SystemExit):
        parse(["a"])
    # The servers get the LOCK_STORE_* variables the endpoints of make run read.
    assert redis_settings("redis://:p%40ss@cache.internal:6380/2") == {
        "LOCK_STORE_HOST": "cache.internal",
        "LOCK_STORE_PORT": "6380",
        "LOCK_STORE_PASSWORD": "p@ss",
        "LOCK_STORE_DB": "2",
    }
    assert redis_settings("redis://127.0.0.1")["LOCK_STORE_PORT"] == "6379"
    with pytest.raises(SystemExit) as refused:
        redis_settings("rediss://user:secret@host")
    assert "secret" not in str(refused.value)
    printed = subprocess.run(
        [sys.executable, "-m", "scripts.run_servers", "--", "--log=" + str(tmp_path / "env.log"), "env"],
        cwd=ROOT,
        env={**os.environ, "REDIS_URL": "redis://:pw@cache.internal/1"},
        timeout=60,
    )
    assert printed.returncode == 0
    assert {"LOCK_STORE_HOST=cache.internal", "LOCK_STORE_PASSWORD=pw", "LOCK_STORE_DB=1"} <= set(
        (tmp_path / "env.log").read_text().splitlines()
    )


@pytest.mark.parametrize(
    ("variables", "env", "kind", "store"),
    [
        (["WORKERS=1"], {}, "memory", InMemoryLockStore),
        (["WORKERS=2"], {}, "sqlite", SQLiteLockStore),
        (["WORKERS=2"], {"REDIS_URL": "redis://:pw@127.0.0.1:6390/3"}, "redis", AtomicRedisLockStore),
        (["WORKERS=1"], {"LOCK_STORE_HOST": "127.0.0.1"}, "redis", AtomicRedisLockStore),
    ],
    ids=["one-worker", "two-workers", "redis-url", "deploy-variables"],
)
def test_make_run_gives_rasa_the_lock_store_its_workers_need(tmp_path, monkeypatch, variables, env, kind, store):
    dry_run = make_dry_run("run", *variables, env=env)
    assert f"({variables[0].split('=')[1]} worker(s), {kind} lock store)" in dry_run
    endpoints = dry_run.split("--endpoints ", 1)[1].split()[0]
    built = subprocess.run(
        ["make", endpoints, *variables], cwd=ROOT, capture_output=True, text=True, timeout=60, env={**os.environ, **env}
    )
    assert built.returncode == 0, built.stderr
    # Rasa builds the lock store from that file with the environment the launcher gives it.
    database = str(tmp_path / "locks.db") if kind == "sqlite" else "0"  # make's default for Redis
    settings = {**make_variables("run"), "LOCK_STORE_DB": database, **env}
    for name, value in servers_environment(settings).items():
        if name.startswith(("TRACKER_STORE_", "LOCK_STORE_")):
            monkeypatch.setenv(name, value)
    lock_store = LockStore.create(read_endpoint_config(str(ROOT / endpoints), "lock_store"))
    assert type(lock_store) is store
    if kind == "redis" and "REDIS_URL" in env:
        assert lock_store.red.connection_pool.connection_kwargs["port"] == 6390


def test_make_run_starts_one_worker_per_core_by_default():
    cores = len(os.sched_getaffinity(0))
    assert f"({cores} worker(s), " in make_dry_run("run", env={"OMP_NUM_THREADS": "1"})
    assert "run: SANIC_WORKERS = $(WORKERS)" in make_dry_run("-p", "run")
    # Each of several workers runs TensorFlow and OpenMP on one thread (PITFALLS.md 11), unless
    # the environment says otherwise...
    two = make_dry_run("run", "WORKERS=2")
    for name in ("TF_INTRA_OP_PARALLELISM_THREADS", "TF_INTER_OP_PARALLELISM_THREADS", "OMP_NUM_THREADS"):
        assert f"{name}=${{{name}:-1}}" in [line for line in two.splitlines() if "scripts.run_servers" in line][0]
    assert "_THREADS" not in make_dry_run("run", "WORKERS=1")
    # ... and only the servers: a variable exported for `run` would reach the training it
    # depends on, which then ran on one thread.
    assert not [
        line
        for line in make_dry_run("-p", "run", "WORKERS=2").splitlines()
        if line.startswith("run: ") and "_THREADS" in line
    ]


# --- make run itself ---------------------------------------------------------------------------


def need_trained_model() -> None:
    model = ROOT / "models" / "health-assistant.tar.gz"
    if not model.exists():
        raise RuntimeError(f"{model} is missing: run 'make train' first (make test does)")


@pytest.mark.servers
def test_sigterm_to_make_run_stops_both_servers_and_every_worker(tmp_path):
    need_trained_model()
    rasa_port, action_port = free_port(), free_port()
    variables = [f"RASA_PORT={rasa_port}", f"ACTION_PORT={action_port}", "WORKERS=2"]
    env = {"TRACKER_STORE_DB": str(tmp_path / "trackers.db"), "LOCK_STORE_DB": str(tmp_path / "locks.db")}
    with make(["run", *variables], ROOT, tmp_path / "make.log", env) as process:
        deadline = time.monotonic() + 600
        while True:
            assert process.poll() is None, (tmp_path / "make.log").read_text()[-3000:]
            try:
                answer = post_message(f"http://127.0.0.1:{rasa_port}", "sigterm-test", "what is ALS?")
                break
            except OSError:
                assert time.monotonic() < deadline, "make run did not answer within 600 s"
                time.sleep(2)
        assert payloads(answer)[0]["kind"] == "answer"
        parent_of = parents()
        tree = process_tree(process.pid, parent_of)
        children = {pid: sorted(p for p in tree if parent_of[p] == pid) for pid in tree}
        # make → the launcher → the action server and Rasa's main process → its two workers.
        [launcher] = children[process.pid]
        actions, rasa = children[launcher]
        if children[actions]:
            actions, rasa = rasa, actions
        assert (len(tree), len(children[rasa])) == (6, 2), children
        processes = identities(tree)
        began = time.monotonic()
        os.kill(process.pid, signal.SIGTERM)
        assert process.wait(timeout=60) == -signal.SIGTERM
        assert not wait_until_gone(processes, 30)
        assert not listening(rasa_port) and not listening(action_port)
        print(f"SIGTERM to make run: all {len(processes)} processes gone in {time.monotonic() - began:.1f} s")


# --- two Sanic workers on one conversation -----------------------------------------------------

ALS = "Amyotrophic lateral sclerosis"
# Questions that name their condition and section: each has one answer in any order.
MESSAGES = {
    "what is ALS?": (ALS, "overview"),
    "what causes ALS?": (ALS, "causes"),
    "how is ALS treated?": (ALS, "treatment"),
    "what causes polio?": ("Polio", "causes"),
    "how is polio treated?": ("Polio", "treatment"),
    "what are the symptoms of polio?": ("Polio", "symptoms"),
    "what are the symptoms of a stroke?": ("Stroke", "symptoms"),
    "how is a stroke treated?": ("Stroke", "treatment"),
    "what causes muscle atrophy?": ("Muscle atrophy", "causes"),
    "how is muscle atrophy treated?": ("Muscle atrophy", "treatment"),
    "what causes osteoarthritis?": ("Osteoarthritis", "causes"),
    "how is osteoarthritis treated?": ("Osteoarthritis", "treatment"),
    "what are the symptoms of ALS?": (ALS, "symptoms"),
    "what causes a stroke?": ("Stroke", "causes"),
    "what are the symptoms of muscle atrophy?": ("Muscle atrophy", "symptoms"),
    "what are the symptoms of osteoarthritis?": ("Osteoarthritis", "symptoms"),
}
CLIENTS = 8  # all at once, each sending its share of MESSAGES one after another


@dataclass(frozen=True)
class Workers:
    url: str
    trackers: Path
    locks: Path
    workers: list[int]  # the Sanic worker processes


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workers]:
    need_trained_model()
    folder = tmp_path_factory.mktemp("workers")
    trackers, locks = folder / "trackers.db", folder / "locks.db"
    action_port, rasa_port = free_port(), free_port()
    endpoints = folder / "endpoints.yml"
    endpoints.write_text(
        yaml.safe_dump(
            {
                "action_endpoint": {"url": f"http://127.0.0.1:{action_port}/webhook"},
                "tracker_store": {"type": TRACKER_STORE_TYPE, "dialect": "sqlite", "db": str(trackers)},
                "lock_store": {"type": SQLITE_LOCK_STORE_TYPE, "db": str(locks)},
            },
            sort_keys=False,
        )
    )
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "SANIC_HOST": "127.0.0.1",
        "SANIC_WORKERS": "2",
        "HEALTHBOT_MAX_MESSAGES_PER_SECOND": "0",  # the rate limit is per process; the test sends bursts
    }
    logs = {"actions": folder / "actions.log", "rasa": folder / "rasa.log"}
    processes = [spawn_actions(ROOT, action_port, logs["actions"], env)]
    try:
        processes.append(spawn_rasa(ROOT, rasa_port, endpoints, logs["rasa"], env))
        wait_until_up(f"http://127.0.0.1:{action_port}/health", processes[0], logs["actions"])
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", processes[1], logs["rasa"])
        deadline = time.monotonic() + 300  # "/" answers once the first worker is up
        while logs["rasa"].read_text().count("Rasa server is up and running") < 2:
            assert time.monotonic() < deadline, logs["rasa"].read_text()[-3000:]
            time.sleep(1)
        workers = sorted(process_tree(processes[1].pid, parents()) - {processes[1].pid})
        assert len(workers) == 2, workers
        yield Workers(f"http://127.0.0.1:{rasa_port}", trackers, locks, workers)
    finally:
        stop_processes(processes)


def stored_events(trackers: Path, sender: str) -> list[dict[str, Any]]:
    """The sender's rows of Rasa's `events` table, in the order they were written."""
    with contextlib.closing(sqlite3.connect(trackers)) as db:
        rows = db.execute(
            "SELECT type_name, action_name, timestamp, data FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()
    return [{"type": t, "action": a, "timestamp": ts, "data": json.loads(d)} for t, a, ts, d in rows]


def turns(events: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The events cut before each user message: turn k is message k and all that followed it."""
    starts = [n for n, event in enumerate(events) if event["type"] == "user"]
    return [events[begin:end] for begin, end in zip(starts, [*starts[1:], len(events)], strict=True)]


def shape(events: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    return [(e["type"], e["action"]) for e in events]


@pytest.mark.servers
def test_messages_of_one_conversation_sent_at_once_are_answered_one_after_the_other(two_workers):
    sender = f"crowd-{uuid.uuid4().hex}"
    messages = list(MESSAGES)
    start = threading.Barrier(CLIENTS)

    def client(mine: list[str]) -> dict[str, list[dict[str, Any]]]:
        start.wait()
        # Each client sends its next message as soon as it has the last answer.
        return {message: post_message(two_workers.url, sender, message) for message in mine}

    done = threading.Event()

    def most_tickets_waiting() -> int:
        """The most tickets the conversation's lock held at once while the clients sent."""
        most = 0
        with contextlib.closing(sqlite3.connect(two_workers.locks)) as db:
            while not done.is_set():
                row = db.execute("SELECT lock FROM locks WHERE conversation_id = ?", (sender,)).fetchone()
                most = max(most, len(json.loads(row[0])["tickets"]) if row else 0)
                time.sleep(0.005)
        return most

    cpu_before = [cpu_seconds(pid) for pid in two_workers.workers]
    with concurrent.futures.ThreadPoolExecutor(CLIENTS + 1) as pool:
        watcher = pool.submit(most_tickets_waiting)
        shares = [pool.submit(client, messages[n::CLIENTS]) for n in range(CLIENTS)]
        answered = {message: replies for share in shares for message, replies in share.result().items()}
        done.set()
        waiting = watcher.result()
    used = [cpu_seconds(pid) - before for pid, before in zip(two_workers.workers, cpu_before, strict=True)]

    for message, (condition, section) in MESSAGES.items():
        [payload] = payloads(answered[message])
        assert (payload["kind"], payload["condition"], payload["section"]) == ("answer", condition, section), message
    # Both workers answered some of this one conversation's messages (a turn costs ~30 ms of
    # CPU), which queued on the lock in the SQLite file: most of the clients at once.
    assert min(used) > 0.05, used
    assert waiting >= CLIENTS // 2, waiting

    events = stored_events(two_workers.trackers, sender)
    order = [e["data"]["text"] for e in events if e["type"] == "user"]
    assert sorted(order) == sorted(messages)  # every message stored once
    for message, turn in zip(order, turns(events), strict=True):
        # Each message is followed by exactly the replies its client got, and nothing of another.
        bots = [e["data"] for e in turn if e["type"] == "bot"]
        assert [b["data"]["custom"] for b in bots if (b.get("data") or {}).get("custom")] == payloads(answered[message])
        assert (turn[-1]["type"], turn[-1]["action"]) == ("action", "action_listen"), message
    stamps = [e["timestamp"] for e in events]
    assert stamps == sorted(stamps), "events written out of order"
    distinct = {(e["type"], e["timestamp"], json.dumps(e["data"], sort_keys=True)) for e in events}
    assert len(distinct) == len(events), "an event stored twice"
    # The very events the same messages store when sent one after the other.
    reference = f"sequential-{uuid.uuid4().hex}"
    for message in order:
        post_message(two_workers.url, reference, message)
    assert shape(events) == shape(stored_events(two_workers.trackers, reference))
    with contextlib.closing(sqlite3.connect(two_workers.locks)) as db:  # no lock outlives its turns
        assert db.execute("SELECT count(*) FROM locks").fetchone() == (0,)
