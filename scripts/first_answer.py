"""From a clean clone to the first answer (`make bench-first-answer`), beside the stock bot's.

The project: `git clone` of this repository's committed HEAD into a temporary folder, then
`make run` there (install, knowledge base, training, start) until the REST webhook gives a good
answer to "what is ALS?"; the phases are read from make's output as it comes. The stock bot: a
new venv, `pip install rasa` (at the project's pinned versions), `rasa init --no-prompt` (which
trains), `rasa run` until "hi" gets a reply. Slow (minutes) and heavy: not part of `make test`.

Each bot starts as a new user's machine would: pip's, uv's and npm's download caches are new
and empty, so every package is downloaded. The clone comes from this folder, so the network's
part of a clone is not counted. Writes first_answer.json to --out, which `make bench` then
shows beside its own figures.

    python -m scripts.first_answer [--bots project,stock] [--source DIR] [--out results]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from bot.clients.rest import post_message
from scripts.bench import reply_failure
from scripts.harness import ENV, ROOT, free_port, rasa_version, run_meta, started, stop_on_termination, timed_run

TIMEOUT_S = 1800.0
POLL_S = 0.5
# The project's phases, each starting at the first line of `make run`'s output that holds its
# marker (make prints each command before it runs it); install starts with make itself.
PHASES = ("clone", "install", "knowledge base", "training", "start")
MARKERS = {"knowledge base": " -m bot build", "training": "rasa train", "start": "Starting the Rasa server"}
# The environment of a clean run: none of this shell's make, venv or bot settings.
DROPPED = ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "VIRTUAL_ENV")
DROPPED_PREFIXES = ("HEALTHBOT_", "TRACKER_STORE_")


def clean_env(env: Mapping[str, str] = ENV) -> dict[str, str]:
    return {name: value for name, value in env.items() if name not in DROPPED and not name.startswith(DROPPED_PREFIXES)}


def new_user_env(work: Path, env: Mapping[str, str] = ENV) -> dict[str, str]:
    """The clean environment with download caches of its own in `work`, empty at first."""
    caches = {"PIP_CACHE_DIR": "pip", "UV_CACHE_DIR": "uv", "npm_config_cache": "npm"}
    return {**clean_env(env), **{name: str(work / "caches" / folder) for name, folder in caches.items()}}


def phase_starts(lines: Sequence[tuple[float, str]], markers: Mapping[str, str] = MARKERS) -> dict[str, float]:
    """When each phase started: the time of the first output line holding its marker."""
    found: dict[str, float] = {}
    for at, line in lines:
        for phase, marker in markers.items():
            if phase not in found and marker in line:
                found[phase] = at
    return found


def phase_seconds(begin: float, starts: Mapping[str, float], end: float) -> dict[str, float]:
    """Each phase's seconds from its start to the next phase's that was seen (a phase whose
    marker never showed is counted in the one before it), the last until `end`."""
    seen = sorted((at, phase) for phase, at in {"clone": begin, **starts}.items())
    bounds = [at for at, _ in seen[1:]] + [end]
    return {phase: stop - at for (at, phase), stop in zip(seen, bounds, strict=True)}


class OutputLines:
    """The lines a started process has written to its log so far, each with the time it was
    first read (polled: accurate to POLL_S)."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self.lines: list[tuple[float, str]] = []
        self.read = 0

    def poll(self) -> None:
        with contextlib.suppress(OSError):
            text = self.log.read_text(errors="replace")
            complete = text[: text.rfind("\n") + 1]
            now = time.monotonic()
            self.lines += [(now, line) for line in complete[self.read :].splitlines()]
            self.read = len(complete)


def wait_for_answer(
    url: str, message: str, need_kind: bool, process: subprocess.Popen, output: OutputLines, deadline: float
) -> float:
    """Sends `message` until the webhook gives a good reply; the time of that reply. Fails when
    the process ends first (a failed install or training) or by the deadline."""
    while time.monotonic() < deadline:
        output.poll()
        if process.poll() is not None:
            tail = "\n".join(line for _, line in output.lines[-40:])
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}:\n{tail}")
        try:
            body = post_message(url, f"first-{uuid.uuid4().hex}", message, 30.0)
        except (OSError, ValueError):
            time.sleep(POLL_S)
            continue
        failure = reply_failure(200, body, need_kind)
        if failure is None:
            return time.monotonic()
        raise RuntimeError(f"{message!r} got a bad reply ({failure}): {body}")
    raise RuntimeError(f"no answer to {message!r} at {url} within {TIMEOUT_S:.0f} s")


def project(source: Path, work: Path) -> dict[str, Any]:
    """A clean clone of `source` and its `make run` until the first answer, by phase."""
    env = new_user_env(work)
    clone = work / "clone"
    begin = time.monotonic()
    timed_run(["git", "clone", "--quiet", str(source), str(clone)], work, work / "clone.log", env)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=clone, capture_output=True, text=True).stdout.strip()
    rasa_port, action_port = free_port(), free_port()
    log = work / "make-run.log"
    command = ["make", "run", f"RASA_PORT={rasa_port}", f"ACTION_PORT={action_port}"]
    with started(command, clone, log, env) as process:
        output = OutputLines(log)
        make_started = time.monotonic()
        answered = wait_for_answer(
            f"http://127.0.0.1:{rasa_port}", "what is ALS?", True, process, output, begin + TIMEOUT_S
        )
    starts = {"install": make_started, **phase_starts(output.lines)}
    return {
        "commit": commit,
        "command": " ".join(command),
        "first_answer_s": answered - begin,
        "phases_s": phase_seconds(begin, starts, answered),
    }


def stock(work: Path) -> dict[str, Any]:
    """The stock bot from nothing: a venv, pip install rasa (at the project's pinned versions),
    rasa init --no-prompt (which trains), rasa run."""
    env = new_user_env(work)
    venv, bot = work / "stock-venv", work / "stock"
    python = subprocess.run([str(ROOT / "scripts" / "find-python")], capture_output=True, text=True, check=True)
    begin = time.monotonic()
    steps: list[tuple[str, list[str], Path]] = [
        ("install", [python.stdout.strip(), "-m", "venv", str(venv)], work),
        ("install", [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "pip==24.0"], work),
        (
            "install",
            [
                str(venv / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                f"rasa=={rasa_version()}",
                "-c",
                str(ROOT / "requirements.lock"),
            ],
            work,
        ),
        ("init and training", [str(venv / "bin" / "rasa"), "init", "--no-prompt", "--init-dir", str(bot)], work),
    ]
    bot.mkdir()  # rasa init --no-prompt wants the folder to exist
    phases: dict[str, float] = {}
    for index, (phase, command, cwd) in enumerate(steps):
        seconds = timed_run(command, cwd, work / f"stock-{index}.log", env)
        phases[phase] = phases.get(phase, 0.0) + seconds
    port = free_port()
    log = work / "stock-run.log"
    start = time.monotonic()
    with started([str(venv / "bin" / "rasa"), "run", "-i", "127.0.0.1", "-p", str(port)], bot, log, env) as process:
        answered = wait_for_answer(
            f"http://127.0.0.1:{port}", "hi", False, process, OutputLines(log), begin + TIMEOUT_S
        )
    phases["start"] = answered - start
    return {"first_answer_s": answered - begin, "phases_s": phases}


@contextlib.contextmanager
def workdir(keep: bool) -> Iterator[Path]:
    if keep:
        yield Path(tempfile.mkdtemp(prefix="first-answer-"))
    else:
        with tempfile.TemporaryDirectory(prefix="first-answer-") as tmp:
            yield Path(tmp)


def measure(name: str, run: Callable[[Path], dict[str, Any]], keep: bool) -> dict[str, Any]:
    print(f"{name}: from nothing to the first answer (empty download caches)...", flush=True)
    with workdir(keep) as work:
        result = run(work)
    result.update(date=run_meta()["date"], load_average_end=[round(v, 2) for v in os.getloadavg()])
    phases = ", ".join(f"{phase} {seconds:.0f} s" for phase, seconds in result["phases_s"].items())
    print(f"  {name}: first answer after {result['first_answer_s']:.0f} s ({phases})", flush=True)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bots", default="project,stock", help="project, stock or both (default project,stock)")
    parser.add_argument("--source", type=Path, default=ROOT, help="the repository to clone (default: this one)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders (their logs)")
    parser.add_argument("--out", type=Path, default=ROOT / "results", help="where first_answer.json goes")
    args = parser.parse_args(argv)
    bots = [name.strip() for name in args.bots.split(",") if name.strip()]
    if not bots or set(bots) - {"project", "stock"}:
        parser.error("--bots: project, stock or both")
    stop_on_termination()
    report: dict[str, Any] = {
        "meta": {
            **run_meta(),
            "source": str(args.source),
            "phases": [*PHASES, "init and training"],
            "note": "the clone from the local repository; pip, uv and npm download every package from the "
            "sources this machine is set up with, into new empty caches",
        }
    }
    runs: dict[str, Callable[[Path], dict[str, Any]]] = {
        "project": lambda work: project(args.source, work),
        "stock": stock,
    }
    path = args.out / "first_answer.json"
    # A bot not run this time keeps its figures of the last run (each has its date).
    with contextlib.suppress(OSError, ValueError):
        last = json.loads(path.read_text())
        report.update({name: last[name] for name in ("project", "stock") if name in last and name not in bots})
    args.out.mkdir(parents=True, exist_ok=True)
    for name in bots:
        report[name] = measure(name, runs[name], args.keep)
        path.write_text(json.dumps(report, indent=2) + "\n")  # after each bot: a failure keeps the one before
    print(f"Wrote {path}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
