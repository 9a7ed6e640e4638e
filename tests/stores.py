"""Real PostgreSQL and Redis servers for tests, on free loopback ports in temporary directories.

Both are Debian's packages (`.ci/run` installs them where missing); a test whose server cannot
be found skips, saying what to install. Nothing is kept: the data directories are removed when
the context manager ends, and neither server listens beyond 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.stores import TRACKER_STORE_TYPE
from tests.servers import free_port

START_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Postgres:
    host: str
    port: int
    db: str
    user: str
    password: str
    log: Path

    def tracker_store(self) -> dict[str, Any]:
        """endpoints.yml's `tracker_store` entry for Rasa's SQL tracker store on this server."""
        return {
            "type": TRACKER_STORE_TYPE,
            "dialect": "postgresql",
            "url": self.host,
            "port": self.port,
            "db": self.db,
            "username": self.user,
            "password": self.password,
        }

    def connect(self) -> Any:
        import psycopg2

        return psycopg2.connect(
            host=self.host, port=self.port, dbname=self.db, user=self.user, password=self.password, connect_timeout=10
        )


@dataclass(frozen=True)
class Redis:
    host: str
    port: int
    log: Path

    def lock_store(self, db: int = 0) -> dict[str, Any]:
        """endpoints.yml's `lock_store` entry for the project's lock store on this server
        (Rasa's RedisLockStore with atomic ticket changes: bot/stores/lock_store.py)."""
        return {"type": "bot.stores.lock_store.AtomicRedisLockStore", "url": self.host, "port": self.port, "db": db}

    def client(self, db: int = 0) -> Any:
        import redis

        return redis.Redis(host=self.host, port=self.port, db=db, socket_timeout=10)


def postgres_bindir() -> Path | None:
    """Where initdb and postgres are: `pg_config --bindir` (the newest installed server's
    pg_config), else the newest /usr/lib/postgresql/N/bin; None if no server is installed."""
    candidates = []
    if shutil.which("pg_config"):
        result = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        if result.returncode == 0:
            candidates.append(Path(result.stdout.strip()))
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    candidates += [Path(p) for p in reversed(versions)]
    for bindir in candidates:
        if (bindir / "initdb").exists() and (bindir / "postgres").exists():
            return bindir
    return None


def _postgres_user() -> pwd.struct_passwd | None:
    """The account to run PostgreSQL as: `postgres` when we are root (PostgreSQL refuses to run
    as root), None (ourselves) otherwise."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("PostgreSQL refuses to run as root and there is no `postgres` user: apt-get install postgresql")


def _wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}; log:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.2)
    raise RuntimeError(
        f"nothing listens on port {port} after {START_TIMEOUT_SECONDS} s; log:\n{log.read_text()[-3000:]}"
    )


def _stop(process: subprocess.Popen, sig: int) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextlib.contextmanager
def start_postgres(db: str = "rasa", user: str = "rasa") -> Iterator[Postgres]:
    """A fresh PostgreSQL cluster on 127.0.0.1:<free port> with database `db` owned by `user`,
    who logs in over TCP with a random password (scram-sha-256, as in production)."""
    bindir = postgres_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (no initdb/postgres): apt-get install postgresql")
    account = _postgres_user()
    as_owner: dict[str, Any] = {} if account is None else {"user": account.pw_uid, "group": account.pw_gid}
    # Not pytest's tmp_path: its parents are private to root, and the server runs as `postgres`.
    base = Path(tempfile.mkdtemp(prefix="pg-test-"))
    process: subprocess.Popen | None = None
    try:
        if account is not None:
            os.chown(base, account.pw_uid, account.pw_gid)
        data, log = base / "data", base / "postgres.log"
        superuser_password = base / "superuser-password"
        superuser_password.write_text(secrets.token_hex(16))
        if account is not None:
            os.chown(superuser_password, account.pw_uid, account.pw_gid)
        initdb = subprocess.run(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                f"--pwfile={superuser_password}",
            ],
            capture_output=True,
            text=True,
            cwd=base,
            **as_owner,
        )
        if initdb.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{initdb.stdout}\n{initdb.stderr}")
        port = free_port()
        # The Unix socket goes in our directory (not /run/postgresql, which may not exist) and
        # TCP only on loopback; fsync off since the data is thrown away.
        process = subprocess.Popen(
            [
                str(bindir / "postgres"),
                "-D",
                str(data),
                "-p",
                str(port),
                "-k",
                str(base),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off",
                "-c",
                "max_connections=100",
            ],
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            cwd=base,
            **as_owner,
        )
        _wait_for_port(port, process, log)
        password = secrets.token_hex(16)
        psql = [
            str(bindir / "psql"),
            "-h",
            str(base),
            "-p",
            str(port),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-q",
        ]
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while True:  # the port opens a moment before the server accepts logins
            created = subprocess.run(
                [
                    *psql,
                    "-c",
                    f"CREATE ROLE {user} LOGIN PASSWORD '{password}'",
                    "-c",
                    f"CREATE DATABASE {db} OWNER {user}",
                ],
                capture_output=True,
                text=True,
                cwd=base,
                **as_owner,
            )
            if created.returncode == 0:
                break
            if "starting up" not in created.stderr or time.monotonic() > deadline:
                raise RuntimeError(f"could not create the database:\n{created.stderr}\n{log.read_text()[-2000:]}")
            time.sleep(0.3)
        yield Postgres("127.0.0.1", port, db, user, password, log)
    finally:
        if process is not None:
            _stop(process, signal.SIGINT)  # "fast" shutdown: no waiting for clients to leave
        shutil.rmtree(base, ignore_errors=True)


@contextlib.contextmanager
def start_redis() -> Iterator[Redis]:
    """A Redis server on 127.0.0.1:<free port>, without persistence (nothing written to disk)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed: apt-get install redis-server")
    base = Path(tempfile.mkdtemp(prefix="redis-test-"))
    log = base / "redis.log"
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--protected-mode",
            "yes",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(base),
            "--daemonize",
            "no",
        ],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        cwd=base,
    )
    try:
        _wait_for_port(port, process, log)
        server = Redis("127.0.0.1", port, log)
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while True:  # answers PING once it has loaded (nothing to load here, but be sure)
            try:
                if server.client().ping():
                    break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield server
    finally:
        _stop(process, signal.SIGTERM)
        shutil.rmtree(base, ignore_errors=True)
