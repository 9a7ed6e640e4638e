"""scripts/find-python: `make install` picks a Python of pyproject.toml's range, or says what to install."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "find-python"


def run(env: dict[str, str], *args: str, script: Path = SCRIPT) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(script), *args], env=env, capture_output=True, text=True)


def test_an_explicit_supported_python_is_taken(tmp_path):
    result = run({"PATH": "/usr/bin:/bin", "PYTHON": sys.executable, "HOME": str(tmp_path)})
    assert result.returncode == 0
    assert result.stdout.strip() == sys.executable


def test_a_pyenv_version_off_path_is_found(tmp_path):
    root = tmp_path / "pyenv"
    (root / "versions" / "3.10.99" / "bin").mkdir(parents=True)
    (root / "versions" / "3.10.99" / "bin" / "python3").symlink_to(sys.executable)
    result = run({"PATH": "/usr/bin:/bin", "PYENV_ROOT": str(root), "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_no_supported_python_names_what_to_install(tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    # Stands for a Python 3.13, whose version check fails.
    (empty / "python3").write_text("#!/bin/sh\nexit 1\n")
    (empty / "python3").chmod(0o755)
    result = run({"PATH": f"{empty}:/bin", "PYENV_ROOT": str(tmp_path / "none"), "HOME": str(tmp_path)})
    assert result.returncode == 1 and result.stdout == ""
    assert "needs Python 3.10 " in result.stderr and "pyenv install 3.10" in result.stderr


def test_the_range_is_read_from_pyproject(tmp_path):
    # A copy of the project whose pyproject.toml asks for 3.11 or 3.12 refuses this Python 3.10.
    (tmp_path / "scripts").mkdir()
    script = tmp_path / "scripts" / "find-python"
    shutil.copy(SCRIPT, script)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'requires-python = ">=3.10,<3.11"' in pyproject
    (tmp_path / "pyproject.toml").write_text(pyproject.replace(">=3.10,<3.11", ">=3.11,<3.13"), encoding="utf-8")
    env = {"PATH": "/bin", "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path / "none")}
    assert run(env, "--check", sys.executable).returncode == 0
    assert run(env, "--check", sys.executable, script=script).returncode == 1
    found = run({**env, "PYTHON": sys.executable}, script=script)
    if found.returncode == 0:  # the machine has a 3.11 or 3.12 elsewhere: that one, never ours
        version = subprocess.run(
            [found.stdout.strip(), "-c", "import sys; print(sys.version_info[:2])"], capture_output=True, text=True
        ).stdout.strip()
        assert version in {"(3, 11)", "(3, 12)"}, found.stdout
    else:
        assert found.returncode == 1 and "needs Python 3.11 or 3.12 " in found.stderr
