"""Starting the real action server and Rasa server for tests, on free loopback ports.

Tests need more than the scripts' project_running (scripts/harness.py): tracker stores, extra
`rasa run` options, and stopping or restarting one server while the other keeps running.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from bot.stores import TRACKER_STORE_TYPE
from scripts.harness import ACTION_SERVER, free_port, rasa_server, wait_until_up


@dataclass(frozen=True)
class Servers:
    rasa_url: str
    action_url: str
    endpoints: Path
    logs: Path
    # The running processes, action server first; restart_rasa swaps the Rasa server's, so that
    # start_servers stops whichever runs at the end.
    processes: list = field(default_factory=list, repr=False, compare=False)
    env: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    rasa_args: tuple = ()


TrackerStore = Path | Mapping[str, Any] | None


def tracker_store_config(tracker_store: TrackerStore) -> dict[str, Any] | None:
    """endpoints.yml's `tracker_store` entry: a Path is an SQLite file, a mapping is taken as is
    (e.g. PostgreSQL settings), None keeps Rasa's in-memory store."""
    if tracker_store is None:
        return None
    if isinstance(tracker_store, Path):
        return {"type": TRACKER_STORE_TYPE, "dialect": "sqlite", "db": str(tracker_store.resolve())}
    return dict(tracker_store)


def spawn_rasa(
    root: Path, port: int, endpoints: Path, log: Path, env: Mapping[str, str], rasa_args: Sequence[str] = ()
) -> subprocess.Popen:
    """One Rasa server on 127.0.0.1:`port` with the trained model; returns before it answers.
    `rasa_args` go to `rasa run` as well (e.g. --cors ORIGIN)."""
    return subprocess.Popen(
        [*rasa_server(root / "models" / "health-assistant.tar.gz", port, endpoints), *rasa_args],
        cwd=root,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def restart_rasa(root: Path, servers: Servers, log_name: str = "rasa-restarted.log") -> None:
    """Kills the Rasa server with SIGKILL, as a crash would (no shutdown code runs), and starts
    a new one on the same port and endpoints file; returns when it answers."""
    old = servers.processes[-1]
    old.kill()
    old.wait(timeout=20)
    log = servers.logs / log_name
    new = spawn_rasa(root, urlsplit(servers.rasa_url).port, servers.endpoints, log, servers.env, servers.rasa_args)
    servers.processes[-1] = new
    wait_until_up(f"{servers.rasa_url}/", new, log)


def spawn_actions(root: Path, port: int, log: Path, env: Mapping[str, str]) -> subprocess.Popen:
    """The action server on `port`; returns before it answers."""
    return subprocess.Popen(
        [*ACTION_SERVER, "--port", str(port)],
        cwd=root,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def stop_actions(servers: Servers) -> None:
    """Stops the action server, as an operator or a crash would, leaving the Rasa server up."""
    process = servers.processes[0]
    process.terminate()
    process.wait(timeout=20)


def restart_actions(root: Path, servers: Servers, log_name: str = "actions-restarted.log") -> None:
    """Starts the action server again on its port; returns when it answers."""
    log = servers.logs / log_name
    servers.processes[0] = spawn_actions(root, urlsplit(servers.action_url).port, log, servers.env)
    wait_until_up(f"{servers.action_url}/health", servers.processes[0], log)


@contextlib.contextmanager
def start_servers(
    root: Path,
    workdir: Path,
    env: Mapping[str, str] | None = None,
    tracker_store: TrackerStore = None,
    rasa_args: Sequence[str] = (),
) -> Iterator[Servers]:
    """Both servers; `env` adds environment variables (e.g. channel settings) to theirs;
    `tracker_store` (see tracker_store_config) makes conversations outlive the Rasa server;
    `rasa_args` are more options of `rasa run`."""
    model = root / "models" / "health-assistant.tar.gz"
    if not model.exists():
        raise RuntimeError(f"{model} is missing: run 'make train' first (make test does)")
    action_port, rasa_port = free_port(), free_port()
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(f"action_endpoint:\n  url: http://127.0.0.1:{action_port}/webhook\n")
    store = tracker_store_config(tracker_store)
    if store is not None:
        with endpoints.open("a") as out:
            yaml.safe_dump({"tracker_store": store}, out, sort_keys=False)
    processes: list[subprocess.Popen] = []
    env = {**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"}
    try:
        action_log = workdir / "actions.log"
        processes.append(spawn_actions(root, action_port, action_log, env))
        rasa_log = workdir / "rasa.log"
        processes.append(spawn_rasa(root, rasa_port, endpoints, rasa_log, env, rasa_args))
        action_url = f"http://127.0.0.1:{action_port}"
        rasa_url = f"http://127.0.0.1:{rasa_port}"
        wait_until_up(f"{action_url}/health", processes[0], action_log)
        wait_until_up(f"{rasa_url}/", processes[1], rasa_log)
        yield Servers(rasa_url, action_url, endpoints, workdir, processes, env, tuple(rasa_args))
    finally:
        stop_processes(processes)


def stop_processes(processes: Sequence[subprocess.Popen]) -> None:
    """SIGTERM to all, then SIGKILL to any still running after 20 s."""
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def run_tiny(module: str, out: Path, timeout_s: float, *extra: str) -> subprocess.CompletedProcess:
    """`python -m <module> --tiny --out <out> [extra...]` (a benchmark's quick check, e.g.
    scripts.bench), which must exit 0 within `timeout_s`; on a timeout it gets SIGTERM, on which
    the scripts stop their servers."""
    root = Path(__file__).resolve().parents[1]
    args = [sys.executable, "-m", module, "--tiny", "--out", str(out), *extra]
    process = subprocess.Popen(args, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.terminate()
        stdout, stderr = process.communicate(timeout=60)
        pytest.fail(f"{module} --tiny took over {timeout_s} s:\n{stdout[-3000:]}{stderr[-3000:]}")
    assert process.returncode == 0, stdout[-3000:] + stderr[-3000:]
    return subprocess.CompletedProcess(args, process.returncode, stdout, stderr)
