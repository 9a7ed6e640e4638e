"""scripts.harness, what the measuring scripts share: the servers they start never outlive them
(errors and a SIGKILL of the script included), and the figures they read from /proc."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts.harness import free_port, parents, percentile, process_tree, started, tree_rss_mb
from tests.helpers import ROOT


def _alive(pid: int) -> bool:
    try:
        return "Z" not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False


def test_a_started_process_and_its_children_are_stopped_even_on_error(tmp_path: Path):
    log = tmp_path / "log"
    with pytest.raises(KeyError):
        with started(["sh", "-c", "sleep 300 & echo $!; wait"], tmp_path, log, dict(os.environ)) as process:
            deadline = time.monotonic() + 10
            while not log.read_text().strip() and time.monotonic() < deadline:
                time.sleep(0.05)
            child = int(log.read_text())
            assert _alive(process.pid) and _alive(child)
            raise KeyError("the benchmark failed")
    assert not _alive(process.pid) and not _alive(child)


def test_started_processes_die_with_a_killed_benchmark(tmp_path: Path):
    # A SIGKILL runs no clean-up: the kernel must stop the servers (prctl PR_SET_PDEATHSIG).
    script = (
        "import time, pathlib, os\nfrom scripts.harness import started\n"
        f"with started(['sleep', '300'], pathlib.Path('.'), pathlib.Path({str(tmp_path / 'log')!r}), dict(os.environ)) as p:\n"
        "    print(p.pid, flush=True); time.sleep(300)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        child = int(parent.stdout.readline())
        assert _alive(child)
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)


def test_a_process_tree_holds_the_children_and_its_memory_is_theirs_too(tmp_path: Path):
    log = tmp_path / "log"
    with started(["sh", "-c", "sleep 300 & echo $!; wait"], tmp_path, log, dict(os.environ)) as process:
        deadline = time.monotonic() + 10
        while not log.read_text().strip() and time.monotonic() < deadline:
            time.sleep(0.05)
        child = int(log.read_text())
        snapshot = parents()
        assert {process.pid, child} <= process_tree(process.pid, snapshot)
        assert os.getpid() not in process_tree(process.pid, snapshot)
        both = tree_rss_mb(process.pid, snapshot)
        assert both is not None and both > 0
    assert tree_rss_mb(process.pid, parents()) is None  # gone


def test_percentiles_interpolate_and_an_empty_series_has_none():
    assert percentile([10.0, 20.0, 30.0, 40.0], 50) == 25.0
    assert percentile([5.0], 99) == 5.0
    assert percentile([], 50) is None


def test_a_free_port_can_be_listened_on():
    import socket

    port = free_port()
    with socket.socket() as server:
        server.bind(("127.0.0.1", port))
        server.listen()
        assert server.getsockname() == ("127.0.0.1", port)
