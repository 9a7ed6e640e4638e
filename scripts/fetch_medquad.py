"""`make medquad`: puts the MedQuAD corpus in place for `make run MEDQUAD=build/medquad`.

A shallow fetch of one pinned commit of the public repository (https://github.com/abachaa/MedQuAD)
into `--dest` (build/medquad): `git init`, `git fetch --depth 1 URL COMMIT`, `git checkout
FETCH_HEAD`. Fetching a commit by its id needs a server that allows it: GitHub does, and so does
any git over protocol v2 (git's default since 2.26) for a commit reachable from a branch.

* A checkout already at the commit, that looks like MedQuAD, is left as it is: nothing is fetched.
* The fetch goes into a temporary sibling of `--dest`, which replaces `--dest` only once it is
  whole and looks like MedQuAD (numbered `*_QA` folders of XML files): a failed or stopped fetch
  leaves nothing half made, and the previous checkout, if any, where it was.
* Only a git checkout is replaced; any other folder at `--dest` is left alone, with an error.
* Git never asks for a password (a wrong URL on GitHub answers as if the repository were private)
  and gives up on a stalled transfer; its own message is followed by one naming the URL and the
  way to give another (MEDQUAD_URL: a mirror, or a local clone as file:///path).

Standard library only: it runs before anything else is set up.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

DEFAULT_URL = "https://github.com/abachaa/MedQuAD.git"
DEFAULT_COMMIT = "7e94c7b336f1f8e010c03091df691c8bea014399"
DEFAULT_DEST = Path("build/medquad")
# MedQuAD's folders: 1_CancerGov_QA ... 8_NHLBI_QA_XML ... 12_MPlusHerbsSupplements_QA.
FOLDER = re.compile(r"^\d+_\w*QA\w*$")
# A transfer slower than 1 kB/s for a minute is given up; no background gc of the checkout,
# which is moved into place right after the fetch.
GIT_OPTIONS = (
    *("-c", "http.lowSpeedLimit=1000", "-c", "http.lowSpeedTime=60"),
    *("-c", "gc.auto=0", "-c", "advice.detachedHead=false"),
)


class FetchError(RuntimeError):
    """The corpus could not be put in place; the message says why and what to do."""


def git(*args: str, cwd: Path, quiet: bool = False) -> subprocess.CompletedProcess[str]:
    """Runs git; its messages go to stderr as they come, unless `quiet` (then they are kept)."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}  # fail, never ask for a password
    try:
        return subprocess.run(
            ["git", *GIT_OPTIONS, *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE if quiet else None,
            text=True,
        )
    except FileNotFoundError:
        raise FetchError("git is not installed: install it (Debian: apt-get install git)") from None


def head(checkout: Path) -> str | None:
    """The commit a git checkout is at, or None when `checkout` is no git checkout."""
    if not (checkout / ".git").exists():
        return None
    result = git("rev-parse", "HEAD", cwd=checkout, quiet=True)
    return result.stdout.strip() if result.returncode == 0 else None


def xml_files(root: Path) -> dict[str, int]:
    """MedQuAD's folders under `root` with their numbers of XML files (empty: not MedQuAD)."""
    if not root.is_dir():
        return {}
    counts = {p.name: sum(1 for _ in p.glob("*.xml")) for p in root.iterdir() if p.is_dir() and FOLDER.match(p.name)}
    return {name: count for name, count in counts.items() if count}


def fetch(url: str, commit: str, dest: Path) -> str:
    """Puts MedQuAD at `commit` in `dest`; returns what was done. Raises FetchError."""
    if not re.fullmatch(r"[0-9a-f]{40}", commit):
        raise FetchError(f"MEDQUAD_COMMIT must be a full 40-character commit id, not {commit!r}")
    if head(dest) == commit and xml_files(dest):
        return f"MedQuAD {commit[:12]} is already in {dest}: nothing to do"
    if dest.exists() and head(dest) is None:
        raise FetchError(f"{dest} exists and is not a git checkout: move it away, or set MEDQUAD_DIR")

    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}-fetch-", dir=dest.parent))
    try:
        print(f"Fetching MedQuAD {commit[:12]} from {url} into {dest}", file=sys.stderr)
        for args in (
            ("init", "--quiet"),
            ("fetch", "--depth", "1", url, commit),
            ("checkout", "--quiet", "FETCH_HEAD"),
        ):
            if git(*args, cwd=work).returncode != 0:
                raise FetchError(
                    f"could not fetch commit {commit} of {url} (git {args[0]} failed: see above). Without "
                    "network access to it, set MEDQUAD_URL to a copy you can reach: a mirror, or a local "
                    "clone (make medquad MEDQUAD_URL=file:///path/to/MedQuAD)"
                )
        found = head(work)
        if found != commit:
            raise FetchError(f"{url} gave commit {found}, not {commit}")
        if not xml_files(work):
            raise FetchError(
                f"commit {commit} of {url} does not look like MedQuAD: no folders like 1_CancerGov_QA/ of XML files"
            )
        _replace(dest, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    counts = xml_files(dest)
    return f"MedQuAD {commit[:12]} in {dest}: {sum(counts.values())} XML files in {len(counts)} folders"


def _replace(dest: Path, new: Path) -> None:
    """Moves `new` to `dest`, an earlier checkout there out of the way first (renames only)."""
    new.chmod(0o755)  # mkdtemp made it private
    if not dest.exists():
        new.rename(dest)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{dest.name}-old-", dir=dest.parent))
    try:
        dest.rename(old / dest.name)
        try:
            new.rename(dest)
        except OSError:
            (old / dest.name).rename(dest)
            raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.fetch_medquad", description=__doc__.split("\n")[0])
    parser.add_argument("--url", default=DEFAULT_URL, help=f"the repository (default {DEFAULT_URL})")
    parser.add_argument("--commit", default=DEFAULT_COMMIT, help="the commit to check out (default: the pinned one)")
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST, help=f"where (default {DEFAULT_DEST})")
    args = parser.parse_args(argv)
    try:
        done = fetch(args.url, args.commit, args.dest)
    except (FetchError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(done)
    print(f"Use it with: make run MEDQUAD={args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
