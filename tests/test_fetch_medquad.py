"""`make medquad` (scripts/fetch_medquad.py), offline: the corpus of ../shared/datasets/medquad
committed to a local git repository stands in for GitHub's, and the network failure is a URL
nothing answers."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts.fetch_medquad import DEFAULT_COMMIT, DEFAULT_URL, main
from tests.helpers import ROOT, SHARED, make_dry_run

CORPUS = SHARED / "datasets" / "medquad"
SMALL = ("7_SeniorHealth_QA", "9_CDC_QA")
UNREACHABLE = ("http://127.0.0.1:9/medquad.git", "file:///nonexistent/medquad")


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


@dataclass(frozen=True)
class Origin:
    """A repository standing in for MedQuAD's on GitHub, and three of its commits, oldest first."""

    url: str
    pinned: str  # the whole corpus, as the pinned commit: not a branch's tip, as on GitHub
    small: str  # two of its folders: a quick fetch for the tests that fetch twice
    later: str  # the same tree, another commit


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Origin:
    """The corpus committed to a bare repository: 2.5 s on the 2-core machine, 6 s while busy."""
    repo = tmp_path_factory.mktemp("origin") / "MedQuAD.git"
    git("init", "--quiet", "--bare", str(repo), cwd=repo.parent)
    # The shared folder is the work tree: nothing is copied.
    tree = ("--git-dir", str(repo), "--work-tree", str(CORPUS))
    # No background gc: it would outlive the test.
    options = ("-c", "user.name=Test", "-c", "user.email=test@example.invalid", "-c", "gc.auto=0")

    def commit(message: str) -> str:
        git(*options, *tree, "commit", "--quiet", "--allow-empty", "-m", message, cwd=repo.parent)
        return git(*tree, "rev-parse", "HEAD", cwd=repo.parent)

    git(*options, *tree, "add", "--all", cwd=repo.parent)
    pinned = commit("corpus")
    dropped = [p.name for p in CORPUS.iterdir() if p.name not in SMALL]
    git(*tree, "rm", "-r", "--cached", "--quiet", "--", *dropped, cwd=repo.parent)
    return Origin(repo.as_uri(), pinned, commit("two folders"), commit("later"))


def xml_counts(root: Path) -> dict[str, int]:
    """XML files per folder, .git aside."""
    folders = (p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    return {folder.name: len(list(folder.glob("*.xml"))) for folder in folders}


def assert_is_the_corpus(dest: Path, commit: str) -> None:
    assert git("rev-parse", "HEAD", cwd=dest) == commit
    expected = xml_counts(CORPUS)
    assert len(expected) == 12 and sum(expected.values()) > 11_000
    assert xml_counts(dest) == expected
    sample = "1_CancerGov_QA/0000001_1.xml"
    assert (dest / sample).read_bytes() == (CORPUS / sample).read_bytes()
    assert git("rev-list", "--count", "HEAD", cwd=dest) == "1"  # shallow: the one commit


def test_fetch_checks_out_the_pinned_commit_then_does_nothing(
    origin: Origin, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "build" / "medquad"
    assert main(["--url", origin.url, "--commit", origin.pinned, "--dest", str(dest)]) == 0
    assert_is_the_corpus(dest, origin.pinned)
    assert "MedQuAD " + origin.pinned[:12] in capfd.readouterr().out
    assert sorted(p.name for p in dest.parent.iterdir()) == ["medquad"]  # no temporary folder left

    marker = dest / "left-alone"
    marker.touch()
    assert main(["--url", origin.url, "--commit", origin.pinned, "--dest", str(dest)]) == 0
    assert "nothing to do" in capfd.readouterr().out
    assert marker.exists()


def test_another_commit_replaces_the_checkout(origin: Origin, tmp_path: Path) -> None:
    dest = tmp_path / "medquad"
    assert main(["--url", origin.url, "--commit", origin.small, "--dest", str(dest)]) == 0
    assert sorted(xml_counts(dest)) == sorted(SMALL)
    (dest / "old-checkout").touch()
    assert main(["--url", origin.url, "--commit", origin.later, "--dest", str(dest)]) == 0
    assert git("rev-parse", "HEAD", cwd=dest) == origin.later
    assert not (dest / "old-checkout").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["medquad"]


@pytest.mark.parametrize("url", UNREACHABLE)
def test_an_unreachable_repository_fails_clearly_leaving_nothing(
    url: str, origin: Origin, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "build" / "medquad"
    assert main(["--url", url, "--commit", origin.pinned, "--dest", str(dest)]) == 1
    error = capfd.readouterr().err.splitlines()[-1]
    assert error.startswith(f"error: could not fetch commit {origin.pinned} of {url}")
    assert "set MEDQUAD_URL" in error
    assert list(dest.parent.iterdir()) == []


def test_a_failed_fetch_keeps_the_checkout_there(origin: Origin, tmp_path: Path) -> None:
    dest = tmp_path / "medquad"
    assert main(["--url", origin.url, "--commit", origin.small, "--dest", str(dest)]) == 0
    assert main(["--url", UNREACHABLE[0], "--commit", origin.later, "--dest", str(dest)]) == 1
    assert git("rev-parse", "HEAD", cwd=dest) == origin.small
    assert xml_counts(dest) == {name: xml_counts(CORPUS)[name] for name in SMALL}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["medquad"]


def test_a_repository_that_is_not_medquad_is_refused(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other"
    (other / "docs").mkdir(parents=True)
    (other / "docs" / "a.xml").write_text("<a/>", encoding="utf-8")
    git("init", "--quiet", cwd=other)
    git("add", "--all", cwd=other)
    git("-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "--quiet", "-m", "x", cwd=other)
    dest = tmp_path / "out" / "medquad"
    assert main(["--url", other.as_uri(), "--commit", git("rev-parse", "HEAD", cwd=other), "--dest", str(dest)]) == 1
    assert "does not look like MedQuAD" in capfd.readouterr().err
    assert list(dest.parent.iterdir()) == []


def test_a_folder_that_is_no_checkout_is_left_alone(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "medquad"
    (dest / "mine").mkdir(parents=True)
    assert main(["--url", UNREACHABLE[0], "--dest", str(dest)]) == 1
    assert "is not a git checkout" in capfd.readouterr().err
    assert [p.name for p in dest.iterdir()] == ["mine"]


def test_a_short_commit_id_is_refused(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["--url", UNREACHABLE[0], "--commit", DEFAULT_COMMIT[:12], "--dest", str(tmp_path / "m")]) == 1
    assert "full 40-character commit id" in capfd.readouterr().err
    assert list(tmp_path.iterdir()) == []


def make_medquad(*variables: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "medquad", *variables], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_make_medquad(origin: Origin, tmp_path: Path) -> None:
    dest = tmp_path / "medquad"
    # Two folders: the whole corpus takes seconds more to check out on a busy machine.
    variables = (f"MEDQUAD_URL={origin.url}", f"MEDQUAD_COMMIT={origin.small}", f"MEDQUAD_DIR={dest}")
    first = make_medquad(*variables)
    assert first.returncode == 0, first.stderr
    assert git("rev-parse", "HEAD", cwd=dest) == origin.small
    assert xml_counts(dest) == {name: xml_counts(CORPUS)[name] for name in SMALL}
    assert f"make run MEDQUAD={dest}" in first.stdout
    assert "nothing to do" in make_medquad(*variables).stdout

    failed = make_medquad(f"MEDQUAD_URL={UNREACHABLE[0]}", f"MEDQUAD_DIR={tmp_path / 'none'}")
    assert failed.returncode != 0
    assert f"of {UNREACHABLE[0]}" in failed.stderr and "MEDQUAD_URL" in failed.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["medquad"]


def test_make_medquad_defaults_to_the_pinned_public_commit_in_build() -> None:
    command = next(line for line in make_dry_run("medquad").splitlines() if "scripts.fetch_medquad" in line)
    assert f'--url "{DEFAULT_URL}" --commit "{DEFAULT_COMMIT}" --dest "build/medquad"' in command
    assert DEFAULT_URL == "https://github.com/abachaa/MedQuAD.git"
    assert DEFAULT_COMMIT == "7e94c7b336f1f8e010c03091df691c8bea014399"
