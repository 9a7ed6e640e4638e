"""`make run`, `make shell` and `make actions`: start the servers together, stop them together.

    python -m scripts.run_servers [--follow-parent] -- COMMAND ... [-- [--log=FILE] [--attached] COMMAND ...]

Each `--` starts a command; `--log=FILE` sends its output to FILE, `--attached` keeps it on the
terminal (the chat client of `make shell`, which reads it). When any command ends, the others
are stopped and this exits with its status; SIGTERM, SIGINT and SIGHUP stop them all.

Why not the shell: make runs this in place of its recipe's shell (`exec`). GNU make passes
SIGTERM on to its recipe and then waits for it, but a shell waiting for a server in the
foreground runs its traps only once that server has ended, so `make run` used to leave both
servers running. On SIGINT and SIGHUP make passes nothing on (it expects the terminal to have
signalled the whole process group) and waits for the recipe inside its signal handler, the
signal blocked and its handler reset: `--follow-parent` watches /proc for that state, and for
the parent's death (the kernel's PR_SET_PDEATHSIG, for a make killed outright), and stops as on
the signal itself.

Each server runs in a process group of its own, since a Rasa server with Sanic workers is
several processes: stopping sends SIGTERM to each group and SIGKILL to what is left after
GRACE_SECONDS. A server gets SIGTERM, too, if this process is killed outright.

REDIS_URL (redis://host[:port][/db], with a password redis://:password@host...) is handed to
the servers as the LOCK_STORE_* variables of docs/deploy.md, which the endpoints of `make run`
read: the password stays out of command lines and files.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

# A Rasa server stops in a second or two; a Sanic worker still loading its model ignores SIGTERM
# (Sanic 21.12 handles it only once the worker serves, and the handler it inherits from its
# main process signals only the workers forked before it). Docker waits 10 s, too.
GRACE_SECONDS = 10.0
POLL_SECONDS = 0.1
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Command:
    args: list[str]
    log: Path | None = None  # its output, else ours
    attached: bool = False  # on the terminal, in its foreground group


def parse(argv: Sequence[str]) -> tuple[bool, list[Command]]:
    """`--follow-parent`, and the commands: each after a `--`, its own options first."""
    if "--" not in argv or set(argv[: list(argv).index("--")]) - {"--follow-parent"}:
        raise SystemExit(__doc__)
    segments: list[list[str]] = []
    for word in argv[list(argv).index("--") :]:
        if word == "--":
            segments.append([])
        else:
            segments[-1].append(word)
    return "--follow-parent" in argv[: list(argv).index("--")], [command(words) for words in segments]


def command(words: list[str]) -> Command:
    log, attached = None, False
    while words and words[0].startswith("--"):
        option = words.pop(0)
        if option.startswith("--log="):
            log = Path(option.removeprefix("--log="))
        elif option == "--attached":
            attached = True
        else:
            raise SystemExit(f"unknown option {option}\n{__doc__}")
    if not words:
        raise SystemExit(f"a `--` with no command after it\n{__doc__}")
    return Command(words, log, attached)


def redis_settings(url: str) -> dict[str, str]:
    """The LOCK_STORE_* variables of a REDIS_URL."""
    parts = urlsplit(url)
    if parts.scheme != "redis" or not parts.hostname or parts.username:
        # Not the URL itself, which may hold the password.
        raise SystemExit("REDIS_URL must look like redis://host[:port][/db] or redis://:password@host[:port][/db]")
    return {
        "LOCK_STORE_HOST": parts.hostname,
        "LOCK_STORE_PORT": str(parts.port or 6379),
        "LOCK_STORE_PASSWORD": unquote(parts.password or ""),
        "LOCK_STORE_DB": parts.path.strip("/") or "0",
    }


def servers_environment(environ: Mapping[str, str]) -> dict[str, str]:
    env = dict(environ)
    if env.get("REDIS_URL"):
        env.update(redis_settings(env["REDIS_URL"]))
    return env


def die_with_parent(sig: int = signal.SIGTERM) -> None:
    """The kernel sends `sig` to this process when its parent dies (prctl PR_SET_PDEATHSIG)."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, sig)


def signal_masks(pid: int) -> dict[str, int]:
    """The signal sets of /proc/PID/status (SigBlk, SigCgt, ...) as bit masks; none once it is gone."""
    with contextlib.suppress(OSError):
        fields = (line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
        return {name: int(value, 16) for name, value in fields if name.startswith("Sig") and name != "SigQ"}
    return {}


def dying_of(pid: int) -> int | None:
    """The stop signal `pid` is handling while it waits for its children (GNU make on SIGINT or
    SIGHUP: blocked, its handler reset to the default), if any."""
    masks = signal_masks(pid)
    for sig in STOP_SIGNALS:
        bit = 1 << (sig - 1)
        if masks.get("SigBlk", 0) & bit and not (masks.get("SigCgt", 0) | masks.get("SigIgn", 0)) & bit:
            return sig
    return None


def process_states() -> list[tuple[str, int]]:
    """Each process's state (R, S, Z, ...) and process group, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            # The command name may hold spaces and parentheses: the fields follow the last ')'.
            fields = stat.read_text().rsplit(")", 1)[1].split()
            found.append((fields[0], int(fields[2])))
    return found


class Servers:
    def __init__(self) -> None:
        self.processes: list[tuple[Command, subprocess.Popen]] = []

    def start(self, command: Command, env: Mapping[str, str]) -> None:
        output = command.log.open("w") if command.log else None
        try:
            process = subprocess.Popen(
                command.args,
                env=dict(env),
                stdin=None if command.attached else subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT if output else None,
                # The client on the terminal stays in the terminal's foreground group.
                start_new_session=not command.attached,
                preexec_fn=die_with_parent,
            )
        finally:
            if output:
                output.close()
        self.processes.append((command, process))

    def ended(self) -> subprocess.Popen | None:
        """The first process found to have exited, if any."""
        return next((process for _, process in self.processes if process.poll() is not None), None)

    def _signal(self, sig: int) -> None:
        for command, process in self.processes:
            with contextlib.suppress(ProcessLookupError):
                if command.attached:
                    process.send_signal(sig)
                else:
                    os.killpg(process.pid, sig)

    def _running(self) -> bool:
        """Whether any process of theirs is alive: each server's whole process group, zombies
        apart (an orphaned Sanic worker waits for init to reap it, which may take seconds)."""
        for _, process in self.processes:
            process.poll()  # reaps it, so that it counts as gone
        if any(command.attached and process.returncode is None for command, process in self.processes):
            return True
        groups = {process.pid for command, process in self.processes if not command.attached}
        return any(pgid in groups and state != "Z" for state, pgid in process_states())

    def stop(self, grace_s: float = GRACE_SECONDS) -> None:
        self._signal(signal.SIGTERM)
        deadline = time.monotonic() + grace_s
        while self._running():
            if time.monotonic() > deadline:
                self._signal(signal.SIGKILL)
                deadline = float("inf")
            time.sleep(POLL_SECONDS)


def wait(servers: Servers, received: list[int], parent: int | None) -> int | subprocess.Popen:
    """Until a stop signal comes (returns it), `parent` (if followed) dies or is dying of one,
    or a server ends (returns its process)."""
    while not received:
        if parent is not None and (os.getppid() != parent or dying_of(parent)):
            return dying_of(parent) or signal.SIGTERM
        ended = servers.ended()
        if ended is not None:
            return ended
        time.sleep(POLL_SECONDS)
    return received[0]


def main(argv: Sequence[str] | None = None) -> int:
    follow_parent, commands = parse(sys.argv[1:] if argv is None else argv)
    received: list[int] = []
    for sig in STOP_SIGNALS:
        signal.signal(sig, lambda number, _frame: received.append(number))
    parent = os.getppid() if follow_parent else None
    if follow_parent:
        die_with_parent()
    env, servers = servers_environment(os.environ), Servers()
    try:
        for command in commands:
            servers.start(command, env)
        outcome = wait(servers, received, parent)
    finally:
        servers.stop()
    if isinstance(outcome, subprocess.Popen):
        return 128 - outcome.returncode if outcome.returncode < 0 else outcome.returncode
    # Stopped by a signal: end by it too, as a shell would, so that make reports it.
    signal.signal(outcome, signal.SIG_DFL)
    os.kill(os.getpid(), outcome)
    return 128 + outcome


if __name__ == "__main__":
    sys.exit(main())
