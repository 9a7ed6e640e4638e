"""Where a loaded server spends its time (`make profile`): py-spy samples of the project's Rasa
server and action server while the benchmark's conversations (scripts.bench) load them.

Starts both servers as `make bench` does (loopback, free ports, conversations in SQLite), waits
for the first reply, warms up, then records both processes with py-spy for --duration seconds
under --concurrency concurrent conversations. Writes to --out (default results/profile/):

- rasa_server.txt, action_server.txt: py-spy's collapsed stacks ("frame;frame;... count"), for
  speedscope or flamegraph.pl;
- profile.md: per server, the share of samples in each function (inclusive) and at the top of
  the stack (self), the load's replies/s, and how to read them.

    python -m scripts.profile_server [--concurrency 8] [--duration 25] [--rate 100] [--out results/profile]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from scripts.bench import first_reply, project_bot, run_level
from scripts.harness import MODEL, ROOT, format_ms, project_running, stop_on_termination

PY_SPY = str(Path(sys.executable).with_name("py-spy"))
WARMUP_S = 5.0
TOP = 30


def frame_name(frame: str) -> str:
    """ "handle_message (rasa/core/processor.py:169)" → "handle_message (rasa/core/processor.py)":
    a function, whatever line of it was running."""
    function, _, where = frame.partition(" (")
    return f"{function} ({where.rsplit(':', 1)[0].rstrip(')')})" if where else function


def shares(collapsed: Iterable[str]) -> tuple[int, Counter, Counter]:
    """Total samples, and samples per function: anywhere on the stack (inclusive, each function
    counted once per stack) and at its top (self)."""
    total, inclusive, own = 0, Counter[str](), Counter[str]()
    for line in collapsed:
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack or not count.isdigit():
            continue
        samples = int(count)
        total += samples
        frames = [frame_name(f) for f in stack.split(";")]
        for name in set(frames):
            inclusive[name] += samples
        own[frames[-1]] += samples
    return total, inclusive, own


def table(title: str, counts: Counter, total: int, top: int = TOP) -> list[str]:
    return [
        f"#### {title}",
        "",
        "| share | function |",
        "| ---: | --- |",
        *(f"| {100 * n / total:.1f} % | `{name}` |" for name, n in counts.most_common(top)),
        "",
    ]


def markdown(results: dict[str, Path], load: dict[str, Any], args: argparse.Namespace) -> str:
    lines = [
        "# Profile of a loaded server",
        "",
        f"py-spy at {args.rate} samples/s for {args.duration:g} s of {args.concurrency} concurrent conversations "
        f"(the benchmark's): {load['replies']} replies, {load['throughput_rps']:.1f} replies/s, p50 "
        f"{format_ms(load['p50_ms'])}, {load['failed']} failed. A share is the part of all samples of the "
        "process (idle included) in that function: inclusive counts the function and what it calls, self "
        "only the function on top of the stack. `make profile` reproduces it; the collapsed stacks beside "
        "this file open in speedscope.",
        "",
    ]
    for name, path in results.items():
        total, inclusive, own = shares(path.read_text().splitlines())
        lines += [f"## {name.replace('_', ' ')}", "", f"{total} samples.", ""]
        if total:
            lines += table("Inclusive", inclusive, total) + table("Self", own, total, 15)
    return "\n".join(lines)


def profile(args: argparse.Namespace, tmp: Path) -> str:
    model = Path(shutil.copy(MODEL, tmp / "model.tar.gz"))  # `make train` elsewhere cannot swap it
    bot = project_bot()
    args.out.mkdir(parents=True, exist_ok=True)
    with project_running(model, tmp, sqlite_db=tmp / "trackers.db") as project:
        processes, url = project.processes, project.webhook
        first_reply(project.rasa_url, bot, processes["rasa_server"], project.logs["rasa_server"])
        asyncio.run(run_level(url, bot, args.concurrency, WARMUP_S, 10**6, seed=0))
        results = {name: args.out / f"{name}.txt" for name in processes}
        spies = [
            subprocess.Popen(
                [
                    PY_SPY,
                    "record",
                    "--nonblocking",
                    "--rate",
                    str(args.rate),
                    "--duration",
                    str(int(args.duration)),
                    "--format",
                    "raw",
                    "--output",
                    str(results[name]),
                    "--pid",
                    str(process.pid),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name, process in processes.items()
        ]
        time.sleep(1)  # py-spy attached before the load starts
        load = asyncio.run(run_level(url, bot, args.concurrency, args.duration - 1, 10**6, seed=1))
        for spy in spies:
            _, errors = spy.communicate(timeout=args.duration + 60)
            if spy.returncode != 0:
                raise RuntimeError(f"py-spy failed ({spy.returncode}): {errors.strip()[-2000:]}")
    report = markdown(results, load, args)
    (args.out / "profile.md").write_text(report)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent conversations (default 8)")
    parser.add_argument("--duration", type=float, default=25.0, help="seconds recorded under load (default 25)")
    parser.add_argument("--rate", type=int, default=100, help="py-spy samples a second (default 100)")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "profile", help="where the results go")
    args = parser.parse_args(argv)
    if not MODEL.exists():
        print(f"{MODEL} is missing: run 'make train' first", file=sys.stderr)
        return 1
    stop_on_termination()
    with tempfile.TemporaryDirectory(prefix="profile-") as tmp:
        report = profile(args, Path(tmp))
    print(report)
    print(f"\nWrote {args.out}/profile.md and the collapsed stacks beside it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
