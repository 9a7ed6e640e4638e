"""What the project's SQLite stores (tracker store, lock store) do to their file on start."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path


def use_wal(path: str | Path, timeout: float, *statements: str) -> None:
    """Puts the file in WAL mode (readers beside a writer; kept in the file) and runs the setup
    `statements`, in whichever process comes first. Several workers start at once: switching a
    new file to WAL fails at once with "database is locked" while another connection is opening
    it (SQLite calls no busy handler there), so it is tried again until `timeout` is spent."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with contextlib.closing(sqlite3.connect(path, timeout=timeout, isolation_level=None)) as db:
                if db.execute("PRAGMA journal_mode").fetchone() != ("wal",):
                    db.execute("PRAGMA journal_mode=WAL")
                for statement in statements:
                    db.execute(statement)
            return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)
