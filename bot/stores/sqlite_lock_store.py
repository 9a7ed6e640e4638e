"""A lock store in a SQLite file, for several Rasa server processes on one machine.

Rasa takes a conversation's ticket lock around each turn, so that two messages of one
conversation are handled one after the other. Its own lock stores do not fit one machine with
several Sanic workers (`make run WORKERS=N`): the in-memory one lives in one process (Rasa
refuses more workers with it), and Redis needs a server. This one keeps Rasa's own `TicketLock`
of each conversation, as JSON, in a table of a SQLite file beside the tracker store (by default
build/locks.db); the ticket logic is Rasa's, unchanged.

What makes it safe across processes: each of Rasa's read-change-write steps (issue a ticket,
drop expired ones, return one and delete the lock nobody waits for) runs in one
`BEGIN IMMEDIATE` transaction, which takes the file's write lock before it reads. Two processes
never read the same lock and both take the same ticket, as Rasa's read-then-write would let them
(RasaHQ/rasa#9213; bot/stores/lock_store.py does the same for Redis). The file is in WAL mode, so
tickets waiting for their turn read while another process writes; a writer waits for another
up to `timeout` seconds (busy timeout). A lock lives only while a turn is handled; one left by
a killed process expires with its tickets (60 s, `TICKET_LOCK_LIFETIME`), as in Redis.

endpoints.yml:

    lock_store:
      type: bot.stores.sqlite_lock_store.SQLiteLockStore
      db: build/locks.db
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import AbstractAsyncContextManager
from pathlib import Path

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

from bot.stores.sqlite_files import use_wal

DEFAULT_PATH = "build/locks.db"
BUSY_TIMEOUT_SECONDS = 10.0
# Rasa checks a waiting ticket once a second, a pause meant for a store across the network; a
# read of this file takes a fraction of a millisecond, so a queued message starts within 50 ms
# of its turn instead of up to a second later.
WAIT_SECONDS = 0.05


class SQLiteLockStore(LockStore):
    """Rasa's ticket locks in a SQLite file, each change one transaction (see the module)."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, db: str | Path | None = None) -> None:
        # Rasa builds a lock store named by its module path with the endpoint_config keyword.
        settings = endpoint_config.kwargs if endpoint_config is not None else {}
        self.path = Path(db or settings.get("db") or DEFAULT_PATH)
        self.timeout = float(settings.get("timeout", BUSY_TIMEOUT_SECONDS))
        self._thread = threading.local()  # each thread's connection and transaction depth
        self._inherited: list[sqlite3.Connection] = []
        self.path.parent.mkdir(parents=True, exist_ok=True)
        use_wal(
            self.path,
            self.timeout,
            "CREATE TABLE IF NOT EXISTS locks (conversation_id TEXT PRIMARY KEY, lock TEXT NOT NULL)",
        )
        super().__init__()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        # No fsync at each commit: a lock outlives no crash that matters (its turn is lost too).
        connection.execute("PRAGMA synchronous=NORMAL")
        return connection

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, kept open: closing a WAL file's last connection checkpoints
        it (5 ms a turn when each step opened its own). A forked child opens its own, as SQLite
        connections must not cross a fork, and leaves the parent's unclosed."""
        state = self._thread
        if getattr(state, "pid", None) != os.getpid():
            if getattr(state, "connection", None) is not None:
                self._inherited.append(state.connection)
            state.connection, state.pid, state.depth = self._connect(), os.getpid(), 0
        return state.connection

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction around a read-change-write, which the calls inside it join."""
        connection, state = self._connection(), self._thread
        outermost = state.depth == 0
        if outermost:
            connection.execute("BEGIN IMMEDIATE")  # the write lock first, then the read
        state.depth += 1
        try:
            yield
            if outermost:
                connection.execute("COMMIT")
        except BaseException:
            if outermost and connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        finally:
            state.depth -= 1

    # What Rasa's LockStore stores and reads.

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        query = "SELECT lock FROM locks WHERE conversation_id = ?"
        row = self._connection().execute(query, (conversation_id,)).fetchone()
        return TicketLock.from_dict(json.loads(row[0])) if row else None

    def save_lock(self, lock: TicketLock) -> None:
        self._connection().execute("INSERT OR REPLACE INTO locks VALUES (?, ?)", (lock.conversation_id, lock.dumps()))

    def delete_lock(self, conversation_id: str) -> None:
        deleted = self._connection().execute("DELETE FROM locks WHERE conversation_id = ?", (conversation_id,)).rowcount
        self._log_deletion(conversation_id, deleted > 0)

    # Rasa's own read-change-write steps, each made one transaction.

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            with self._transaction():
                return super().issue_ticket(conversation_id, lock_lifetime)
        except sqlite3.Error as error:  # the file stayed busy: as Rasa's issue_ticket reports a failure
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        with self._transaction():
            super().update_lock(conversation_id)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        with self._transaction():
            super().finish_serving(conversation_id, ticket_number)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # Returning the ticket and deleting a lock nobody waits for, together: apart, another
        # process's new ticket could land in between and be deleted with the lock.
        with self._transaction():
            super().cleanup(conversation_id, ticket_number)

    def lock(
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = WAIT_SECONDS
    ) -> AbstractAsyncContextManager[TicketLock]:
        """Rasa's `lock`, checking a waiting ticket every WAIT_SECONDS rather than every second."""
        return super().lock(conversation_id, lock_lifetime, wait_time_in_seconds)
