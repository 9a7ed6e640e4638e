"""What the measuring scripts share, so that each starts, watches and stops servers the same way.

bench, soak, profile_server and eval each start the project's servers on free loopback ports,
must never leave one running (errors, Ctrl-C, SIGTERM and a SIGKILL of the script included),
read memory from /proc (psutil is not in .venv) and report percentiles. The tests' server
helpers (tests/servers.py) take free_port and wait_until_up from here too. Talking to the bot
synchronously goes through bot.clients.rest, the one REST client of the project.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import platform
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from bot.stores import SQLITE_LOCK_STORE_TYPE, TRACKER_STORE_TYPE

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "health-assistant.tar.gz"
RASA = str(Path(sys.executable).with_name("rasa"))
# The action server as `make run` starts it (actions/__main__.py: rasa_sdk's, without TensorFlow).
ACTION_SERVER = [sys.executable, "-m", "actions"]
# Nothing leaves the machine: no usage reports from Rasa.
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONUNBUFFERED": "1"}
START_TIMEOUT_S = 300.0


# ---------------------------------------------------------------- processes


@contextlib.contextmanager
def started(args: Sequence[str], cwd: Path, log: Path, env: Mapping[str, str]) -> Iterator[subprocess.Popen]:
    """A process in its own process group, which is killed whole on the way out (errors and
    Ctrl-C included), and by the kernel if the script itself is killed, so that no server
    outlives the script."""
    process = subprocess.Popen(
        list(args),
        cwd=cwd,
        env=dict(env),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=die_with_parent,
    )
    try:
        yield process
    finally:
        for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            # The group's other processes too (a server's workers): the first may exit before them.
            if _group_gone(process, time.monotonic() + wait):
                break


def _group_gone(process: subprocess.Popen, deadline: float) -> bool:
    """Waits until `process` has exited and no other live process is left in its group."""
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=max(0.0, deadline - time.monotonic()))
    while process.poll() is not None:
        if not _live_members(process.pid):
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return False


def _live_members(group: int) -> list[int]:
    """The processes of a process group that have not exited (zombies excluded), from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[2]) == group and fields[0] != "Z":
                    members.append(int(entry.name))
    return members


def die_with_parent() -> None:
    """In the child: SIGKILL when the script dies (prctl PR_SET_PDEATHSIG), as a SIGKILL of the
    script runs none of its clean-up."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)


def stop_on_termination() -> None:
    """SIGTERM and SIGHUP end the run as Ctrl-C does, through the context managers that stop
    the servers."""
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda number, _frame: sys.exit(128 + number))


def timed_run(args: Sequence[str], cwd: Path, log: Path, env: Mapping[str, str]) -> float:
    """Seconds a command takes; fails with the end of its log when it fails."""
    begin = time.monotonic()
    with started(args, cwd, log, env) as process:
        if process.wait() != 0:
            raise RuntimeError(f"{' '.join(args)} failed; log {log}:\n{log.read_text()[-3000:]}")
    return time.monotonic() - begin


def measured_run(args: Sequence[str], cwd: Path, log: Path, env: Mapping[str, str]) -> tuple[float, float]:
    """Runs a command to its end: its wall time (s) and the peak resident memory (MB) of the
    command or of its largest waited-for child (the kernel's rusage); exits with the end of
    its log when it fails."""
    begin = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(list(args), cwd=cwd, env=dict(env), stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - begin
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args[:4])} … failed; see {log}:\n{log.read_text()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout_s: float = START_TIMEOUT_S) -> None:
    """Returns once `url` answers; fails with the end of the log when the process exits first
    or nothing answers within `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}; log:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout_s:g} s; log:\n{log.read_text()[-3000:]}")


# ---------------------------------------------------------------- the project's servers


def rasa_server(model: Path | str, port: int, endpoints: Path | None = None) -> list[str]:
    """`rasa run` on 127.0.0.1:`port` with a model and the channels of credentials.yml (run from
    the bot's folder); its actions are those of `endpoints`, if given."""
    command = [RASA, "run", "-i", "127.0.0.1", "-p", str(port), "--model", str(model)]
    command += ["--credentials", "credentials.yml"]
    return command + (["--endpoints", str(endpoints)] if endpoints is not None else [])


def project_servers(model: Path, endpoints: Path, action_port: int, rasa_port: int) -> dict[str, list[str]]:
    """The project's two servers (run from ROOT), as `make run` starts them, on loopback."""
    return {
        "action_server": [*ACTION_SERVER, "--port", str(action_port)],
        "rasa_server": rasa_server(model, rasa_port, endpoints),
    }


def project_endpoints(path: Path, action_port: int, sqlite_db: Path | None, lock_db: Path | None = None) -> Path:
    """The project's endpoints file: its action server, and conversations in SQLite as with
    `make run` (None: Rasa's in-memory tracker store); with `lock_db`, the SQLite lock store that
    `make run WORKERS=N` gives several workers."""
    text = f"action_endpoint:\n  url: http://127.0.0.1:{action_port}/webhook\n"
    if sqlite_db is not None:
        text += f"tracker_store:\n  type: {TRACKER_STORE_TYPE}\n  dialect: sqlite\n  db: {sqlite_db}\n"
    if lock_db is not None:
        text += f"lock_store:\n  type: {SQLITE_LOCK_STORE_TYPE}\n  db: {lock_db}\n"
    path.write_text(text)
    return path


def workers_environment(workers: int) -> dict[str, str]:
    """What `make run WORKERS=N` adds to the Rasa server's environment: N Sanic workers, each
    with one thread for TensorFlow and OpenMP (../shared/PITFALLS.md 11)."""
    if workers == 1:
        return {}
    one = {
        name: "1" for name in ("TF_INTRA_OP_PARALLELISM_THREADS", "TF_INTER_OP_PARALLELISM_THREADS", "OMP_NUM_THREADS")
    }
    return {"SANIC_WORKERS": str(workers), **one}


@dataclass(frozen=True)
class Project:
    """The project's servers, started: URLs, processes and logs by name (action_server, rasa_server)."""

    rasa_url: str
    action_url: str
    processes: dict[str, subprocess.Popen]
    logs: dict[str, Path]

    @property
    def webhook(self) -> str:
        return f"{self.rasa_url}/webhooks/rest/webhook"

    def wait_until_up(self) -> None:
        """Returns once both answer (the Rasa server does once its model is loaded)."""
        wait_until_up(f"{self.action_url}/health", self.processes["action_server"], self.logs["action_server"])
        wait_until_up(f"{self.rasa_url}/", self.processes["rasa_server"], self.logs["rasa_server"])


def start_project(
    stack: contextlib.ExitStack, model: Path, workdir: Path, env: Mapping[str, str] = ENV, sqlite_db: Path | None = None
) -> Project:
    """Starts the action server and the Rasa server on free loopback ports, to be stopped when
    `stack` closes; returns before they answer. Logs and the endpoints file go to `workdir`."""
    action_port, rasa_port = free_port(), free_port()
    endpoints = project_endpoints(workdir / "endpoints.yml", action_port, sqlite_db)
    logs = {name: workdir / f"{name}.log" for name in ("action_server", "rasa_server")}
    processes = {
        name: stack.enter_context(started(command, ROOT, logs[name], env))
        for name, command in project_servers(model, endpoints, action_port, rasa_port).items()
    }
    return Project(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}", processes, logs)


@contextlib.contextmanager
def project_running(
    model: Path, workdir: Path, env: Mapping[str, str] = ENV, sqlite_db: Path | None = None
) -> Iterator[Project]:
    """The project's servers (start_project), up when the block starts, stopped however it ends."""
    with contextlib.ExitStack() as stack:
        project = start_project(stack, model, workdir, env, sqlite_db)
        project.wait_until_up()
        yield project


# ---------------------------------------------------------------- memory


def parents() -> dict[int, int]:
    """Each running process's parent, from /proc: pid → ppid."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                # The command name may hold spaces and parentheses: the fields follow the last ')'.
                found[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
    return found


def status_kib(pid: int, field: str) -> int | None:
    """A kB field of /proc/PID/status (VmRSS, VmHWM, ...), or None once the process is gone."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return None


def process_tree(root: int, parents_of: dict[int, int]) -> set[int]:
    """A process and all its descendants, from a `parents()` snapshot."""
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents_of.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return tree


def command_line(pid: int) -> str | None:
    """A process's command line, its arguments joined by spaces, or None once it is gone."""
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    return None


def tree_rss_mb(root: int, parents_of: dict[int, int]) -> float | None:
    """Resident memory (VmRSS) of a process and its descendants, or None once it is gone."""
    sampled = (status_kib(pid, "VmRSS") for pid in process_tree(root, parents_of))
    values = [kib for kib in sampled if kib is not None]
    return sum(values) / 1024 if values else None


class PeakMemory(threading.Thread):
    """Peak resident memory of each watched process and its descendants: the kernel's own
    high-water mark (VmHWM) per process, polled so that children that exit are counted too."""

    def __init__(self, interval_s: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.interval_s = interval_s
        self.roots: dict[str, int] = {}
        self.peaks: dict[str, dict[int, int]] = {}
        self.commands: dict[int, str] = {}
        self.lock = threading.Lock()
        self.done = threading.Event()

    def watch(self, name: str, pid: int) -> None:
        with self.lock:
            self.roots[name] = pid
            self.peaks[name] = {}
        self.sample()

    def sample(self) -> None:
        snapshot = parents()
        with self.lock:
            for name, root in self.roots.items():
                for pid in process_tree(root, snapshot):
                    hwm = status_kib(pid, "VmHWM")
                    if hwm is not None:
                        self.peaks[name][pid] = max(hwm, self.peaks[name].get(pid, 0))
                        if pid not in self.commands:
                            self.commands[pid] = command_line(pid) or "?"

    def forget(self, name: str) -> None:
        """Stops polling a process tree (before it is stopped), keeping its figures."""
        with self.lock:
            self.roots.pop(name, None)

    def peak_mb(self, name: str) -> float:
        return sum(self.peaks[name].values()) / 1024

    def processes(self, name: str) -> list[dict[str, Any]]:
        """Each process of a watched tree (the started one first, then its children, e.g. Sanic
        workers) with its own peak: pid, command line and peak_mb."""
        with self.lock:
            peaks = sorted(self.peaks[name].items())
        root = self.roots.get(name)
        peaks.sort(key=lambda item: item[0] != root)
        return [{"pid": pid, "command": self.commands.get(pid, "?"), "peak_mb": kib / 1024} for pid, kib in peaks]

    def run(self) -> None:
        while not self.done.wait(self.interval_s):
            self.sample()


# ---------------------------------------------------------------- CPU time

CLOCK_TICKS_PER_S = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid: int) -> int | None:
    """User + system CPU time of a process, all its threads included, in clock ticks (fields 14
    and 15 of /proc/PID/stat), or None once it is gone."""
    with contextlib.suppress(OSError, IndexError, ValueError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    return None


CpuSnapshot = dict[str, dict[int, int]]


def cpu_snapshot(roots: Mapping[str, int]) -> CpuSnapshot:
    """CPU ticks of every process of each named tree (a started server and its descendants, such
    as Sanic's worker processes): name → pid → ticks."""
    snapshot = parents()
    found: CpuSnapshot = {}
    for name, root in roots.items():
        ticks = {pid: cpu_ticks(pid) for pid in process_tree(root, snapshot)}
        found[name] = {pid: value for pid, value in ticks.items() if value is not None}
    return found


def cpu_seconds(before: CpuSnapshot, after: CpuSnapshot) -> dict[str, float]:
    """CPU seconds each tree spent between two snapshots. A process that started in between
    counts whole; one that ended in between is lost (the servers' processes live throughout)."""
    return {
        name: sum(ticks - before.get(name, {}).get(pid, 0) for pid, ticks in pids.items()) / CLOCK_TICKS_PER_S
        for name, pids in after.items()
    }


def machine_cpu() -> tuple[int, int]:
    """Busy and total clock ticks of all the machine's cores since boot (the first line of
    /proc/stat; idle and iowait are not busy): two readings tell how many cores all the
    machine's processes kept busy in between, other people's work included."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    total = sum(fields)  # user nice system idle iowait irq softirq steal (guest time is in user)
    return total - fields[3] - fields[4], total


# ---------------------------------------------------------------- figures


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100, linear between samples), or None without values."""
    return float(np.percentile(values, q)) if len(values) else None


def format_ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


def rasa_version() -> str:
    import rasa

    return rasa.__version__


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def memory_gb() -> float | None:
    kib = None
    with contextlib.suppress(OSError, ValueError, IndexError, StopIteration):
        kib = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        )
    return None if kib is None else round(kib / 1024**2, 1)


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages: how busy the machine was (other work included)."""
    return [round(value, 2) for value in os.getloadavg()]


def run_meta() -> dict[str, Any]:
    """When and on what a benchmark ran: the head of every report's `meta`."""
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model(),
        "memory_gb": memory_gb(),
        "load_average": load_average(),
        "python": platform.python_version(),
        "rasa": rasa_version(),
    }
