"""Starting the real action server and Rasa server for tests, on free loopback ports."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping, Optional

START_TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class Servers:
    rasa_url: str
    action_url: str
    endpoints: Path
    logs: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}; log:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {START_TIMEOUT_SECONDS} s; log:\n{log.read_text()[-3000:]}")


@contextlib.contextmanager
def start_servers(root: Path, workdir: Path, env: Optional[Mapping[str, str]] = None) -> Iterator[Servers]:
    """Both servers; `env` adds environment variables (e.g. channel settings) to theirs."""
    model = root / "models" / "health-assistant.tar.gz"
    if not model.exists():
        raise RuntimeError(f"{model} is missing: run 'make train' first (make test does)")
    rasa = str(Path(sys.executable).with_name("rasa"))
    action_port, rasa_port = free_port(), free_port()
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(f"action_endpoint:\n  url: http://127.0.0.1:{action_port}/webhook\n")
    processes: list[subprocess.Popen] = []
    env = {**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"}
    try:
        action_log = workdir / "actions.log"
        processes.append(
            subprocess.Popen(
                [rasa, "run", "actions", "--port", str(action_port)],
                cwd=root, env=env, stdout=action_log.open("w"), stderr=subprocess.STDOUT,
            )
        )
        rasa_log = workdir / "rasa.log"
        processes.append(
            subprocess.Popen(
                [rasa, "run", "-i", "127.0.0.1", "-p", str(rasa_port), "--model", str(model),
                 "--credentials", "credentials.yml", "--endpoints", str(endpoints)],
                cwd=root, env=env, stdout=rasa_log.open("w"), stderr=subprocess.STDOUT,
            )
        )
        action_url = f"http://127.0.0.1:{action_port}"
        rasa_url = f"http://127.0.0.1:{rasa_port}"
        wait_until_up(f"{action_url}/health", processes[0], action_log)
        wait_until_up(f"{rasa_url}/", processes[1], rasa_log)
        yield Servers(rasa_url, action_url, endpoints, workdir)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
