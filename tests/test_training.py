"""A failed or interrupted `make train` leaves the last good model in place.

Each test runs the real `make train` in a copy of the project whose models/ holds a copy of the
trained model, then checks that model is untouched and that no half-written file sits beside it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODEL = Path("models/health-assistant.tar.gz")
# Written by the build or changed by a test: copied. The rest is only read: linked.
COPIED = ("Makefile", "config.yml", "domain.yml", "credentials.yml", "endpoints.yml", "data")
LINKED = (".venv", "bot", "actions", "scripts", "requirements.lock", "requirements.in", "pyproject.toml")
TRAINING_STARTED = "Starting to train component"

pytestmark = pytest.mark.model


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    if not (ROOT / MODEL).exists():
        pytest.fail(f"{ROOT / MODEL} is missing: run 'make train' first (make test does)")
    copy = tmp_path / "project"
    copy.mkdir()
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("generated"))
        else:
            shutil.copy2(source, copy / name)
    for name in LINKED:
        (copy / name).symlink_to(ROOT / name)
    (copy / "models").mkdir()
    shutil.copy2(ROOT / MODEL, copy / MODEL)
    # Older than every input, so that make trains.
    os.utime(copy / MODEL, (time.time() - 3600, time.time() - 3600))
    return copy


def assert_last_good_model_in_place(project: Path, before: str) -> None:
    assert digest(project / MODEL) == before
    assert sorted(p.name for p in (project / "models").iterdir()) == [MODEL.name]


def test_a_training_that_fails_leaves_the_last_good_model(project: Path) -> None:
    before = digest(project / MODEL)
    config = project / "config.yml"
    config.write_text(config.read_text().replace("AnsweringDIETClassifier", "NoSuchClassifier", 1))
    result = subprocess.run(["make", "train"], cwd=project, capture_output=True, text=True, timeout=600)
    assert result.returncode != 0
    assert "NoSuchClassifier" in result.stdout + result.stderr
    assert_last_good_model_in_place(project, before)


def test_a_training_stopped_midway_leaves_the_last_good_model(project: Path) -> None:
    before = digest(project / MODEL)
    log = project / "train.log"
    with log.open("w") as out:
        training = subprocess.Popen(
            ["make", "train"], cwd=project, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 400
        while TRAINING_STARTED not in log.read_text(errors="replace"):
            assert training.poll() is None, f"make train ended before training began:\n{log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, "training did not begin within 400 s"
            time.sleep(0.5)
        time.sleep(3)  # well into training
    finally:
        os.killpg(training.pid, signal.SIGKILL)  # as a crash or a lost machine would
        training.wait(timeout=30)
    assert_last_good_model_in_place(project, before)
