"""scripts/find-python: `make install` picks a Python that Rasa 3.6 supports, or says what to install."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "find-python"


def run(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True)


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
    assert "Python 3.8, 3.9 or 3.10" in result.stderr and "pyenv install 3.10" in result.stderr
