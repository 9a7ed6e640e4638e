"""bot.stores.sqlite_lock_store.SQLiteLockStore, as tests/test_lock_store.py tests the Redis one:
tickets of one conversation taken and returned by many threads and by several processes at once
are each issued exactly once and in order, one turn at a time holds the lock, and expired
tickets go as Rasa's own lock stores let them go. No server: the store is a file."""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from rasa.core.lock_store import LockError, LockStore
from rasa.core.utils import number_of_sanic_workers
from rasa.utils.endpoints import EndpointConfig

from bot.stores import SQLITE_LOCK_STORE_TYPE
from bot.stores.sqlite_lock_store import SQLiteLockStore

CLIENTS = 8
TICKETS_EACH = 40
PROCESSES = 4
# Fork, as Sanic starts Rasa's workers; each child opens the file itself.
FORK = multiprocessing.get_context("fork")


def endpoint(path: Path) -> EndpointConfig:
    return EndpointConfig.from_dict({"type": SQLITE_LOCK_STORE_TYPE, "db": str(path)})


def store(path: Path) -> LockStore:
    """The lock store as Rasa builds it from endpoints.yml, with connections of its own."""
    return LockStore.create(endpoint(path))


def test_rasa_builds_it_from_endpoints_and_runs_several_workers_with_it(tmp_path, monkeypatch):
    path = tmp_path / "locks" / "locks.db"
    assert isinstance(store(path), SQLiteLockStore)
    with sqlite3.connect(path) as db:  # the folder made, the file in WAL mode for readers beside a writer
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    monkeypatch.setenv("SANIC_WORKERS", "2")
    assert number_of_sanic_workers(endpoint(path)) == 2
    assert number_of_sanic_workers(None) == 1  # Rasa's in-memory store: one process only


def test_tickets_taken_at_once_by_many_threads_are_all_different(tmp_path):
    path = tmp_path / "locks.db"
    start = threading.Barrier(CLIENTS)

    def take_tickets() -> list[int]:
        client = store(path)
        start.wait(timeout=60)
        return [client.issue_ticket("crowded") for _ in range(TICKETS_EACH)]

    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        taken = [future.result() for future in [pool.submit(take_tickets) for _ in range(CLIENTS)]]
    assert sorted(t for mine in taken for t in mine) == list(range(CLIENTS * TICKETS_EACH))
    assert all(mine == sorted(mine) for mine in taken)  # each client's in the order it asked
    lock = store(path).get_lock("crowded")
    assert lock is not None and [t.number for t in lock.tickets] == list(range(CLIENTS * TICKETS_EACH))


def _take_tickets(path: Path, start: multiprocessing.synchronize.Barrier, out: multiprocessing.Queue) -> None:
    client = store(path)
    start.wait(timeout=60)
    out.put([client.issue_ticket("crowded") for _ in range(TICKETS_EACH)])


def test_tickets_taken_at_once_by_several_processes_are_all_different(tmp_path):
    path = tmp_path / "locks.db"
    parent = store(path)
    parent.cleanup("crowded", parent.issue_ticket("crowded"))  # an open connection the children inherit
    start, out = FORK.Barrier(PROCESSES), FORK.Queue()
    processes = [FORK.Process(target=_take_tickets, args=(path, start, out)) for _ in range(PROCESSES)]
    for process in processes:
        process.start()
    taken = [out.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    assert sorted(t for mine in taken for t in mine) == list(range(PROCESSES * TICKETS_EACH))
    assert all(mine == sorted(mine) for mine in taken)
    lock = parent.get_lock("crowded")  # the parent's own connection still works
    assert lock is not None and len(lock.tickets) == PROCESSES * TICKETS_EACH


def _turns(path: Path, log: Path, start: multiprocessing.synchronize.Barrier, turns: int) -> None:
    client = store(path)

    async def take_turns() -> None:
        for _ in range(turns):
            async with client.lock("queue"):
                with log.open("a") as out:  # O_APPEND: each line whole
                    out.write(f"start {os.getpid()}\n")
                await asyncio.sleep(0.005)
                with log.open("a") as out:
                    out.write(f"end {os.getpid()}\n")

    start.wait(timeout=60)
    asyncio.run(take_turns())


def test_processes_taking_turns_of_one_conversation_never_overlap(tmp_path):
    """Rasa's `lock` around each turn, in several processes at once: a turn starts only after the
    one before it ended, in whichever process it ran."""
    path, log = tmp_path / "locks.db", tmp_path / "turns.log"
    turns = 10
    start = FORK.Barrier(PROCESSES)
    processes = [FORK.Process(target=_turns, args=(path, log, start, turns)) for _ in range(PROCESSES)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0
    lines = log.read_text().splitlines()
    assert len(lines) == 2 * PROCESSES * turns
    for begin, end in zip(lines[::2], lines[1::2], strict=True):
        assert (begin.split()[0], end.split()[0]) == ("start", "end") and begin.split()[1] == end.split()[1]
    assert len({line.split()[1] for line in lines}) == PROCESSES
    assert store(path).get_lock("queue") is None  # the last turn deleted it


def test_each_returned_ticket_serves_the_next_and_the_last_deletes_the_lock(tmp_path):
    path = tmp_path / "locks.db"
    clients = [store(path) for _ in range(3)]  # three workers, a message each
    tickets = [client.issue_ticket("queue") for client in clients]
    assert tickets == [0, 1, 2]
    for n, client in enumerate(clients):
        lock = client.get_lock("queue")
        assert lock is not None and [lock.is_locked(t) for t in tickets[n:]] == [False] + [True] * (2 - n)
        client.cleanup("queue", tickets[n])
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM locks").fetchone() == (0,)


def _return_tickets(path: Path, tickets: list[int], start: multiprocessing.synchronize.Barrier) -> None:
    client = store(path)
    start.wait(timeout=60)
    for ticket in tickets:
        client.cleanup("returns", ticket)


def test_tickets_returned_at_once_by_several_processes_leave_no_lock(tmp_path):
    """Each return deletes the lock when nobody waits any more: done apart from the return, it
    could delete the lock under another process's waiting ticket, or leave one behind."""
    path = tmp_path / "locks.db"
    tickets = [store(path).issue_ticket("returns") for _ in range(PROCESSES * 20)]
    start = FORK.Barrier(PROCESSES)
    processes = [
        FORK.Process(target=_return_tickets, args=(path, tickets[n::PROCESSES], start)) for n in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    assert store(path).get_lock("returns") is None


def test_a_ticket_is_taken_only_once_the_other_writer_is_done(tmp_path):
    """Another process's transaction holds the file: the ticket waits for it (busy timeout),
    and fails as Rasa's lock stores fail when it lasts longer than the timeout."""
    path = tmp_path / "locks.db"
    client = store(path)
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    threading.Timer(0.3, lambda: other.execute("COMMIT")).start()
    began = time.monotonic()
    assert client.issue_ticket("busy") == 0
    assert time.monotonic() - began >= 0.25
    impatient = SQLiteLockStore(EndpointConfig.from_dict({"db": str(path), "timeout": 0.1}))
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(LockError):
            impatient.issue_ticket("busy")
    finally:
        other.execute("ROLLBACK")
    assert [t.number for t in client.get_lock("busy").tickets] == [0]  # the failed one took none


def test_a_ticket_left_by_a_killed_process_expires_and_the_next_turn_goes_ahead(tmp_path):
    path = tmp_path / "locks.db"
    store(path).issue_ticket("crashed", lock_lifetime=0.3)  # never returned: its process died

    async def next_turn() -> float:
        began = time.monotonic()
        async with store(path).lock("crashed") as lock:
            assert [t.number for t in lock.tickets] == [1]  # the expired ticket 0 is gone
        return time.monotonic() - began

    waited = asyncio.run(next_turn())
    # Waited for the expiry, and noticed it within a poll (Rasa's own stores poll once a second).
    assert 0.2 <= waited < 0.3 + 0.5
    assert store(path).get_lock("crashed") is None


def test_a_turn_whose_ticket_expired_while_it_waited_fails_as_in_rasa(tmp_path):
    """Its ticket expired while the turn before held the lock: when that turn ends, nobody is
    left waiting, the lock goes, and the late turn gets Rasa's LockError, not the lock."""
    path = tmp_path / "locks.db"
    client = store(path)
    holder = client.issue_ticket("late")

    async def late_turn() -> None:
        async with client.lock("late", lock_lifetime=0.2):
            raise AssertionError("the expired turn ran")

    async def both() -> None:
        waiting = asyncio.ensure_future(late_turn())
        await asyncio.sleep(0.5)
        assert not waiting.done()  # still queued behind the holder
        client.cleanup("late", holder)
        await asyncio.wait_for(waiting, timeout=5)

    with pytest.raises(LockError):
        asyncio.run(both())
    assert client.get_lock("late") is None


def test_workers_starting_at_once_on_a_new_file_all_get_a_store(tmp_path):
    """Sanic starts the workers together and each builds the lock store: the file's setup
    (WAL mode, the table) must not fail in any of them. Before the retry, about one trial in
    thirty of eight at once failed with "database is locked"."""
    failures = []
    for trial in range(100):
        path, start = tmp_path / f"new-{trial}.db", threading.Barrier(CLIENTS)

        def build(path: Path = path, start: threading.Barrier = start) -> None:
            start.wait(timeout=30)
            try:
                store(path).issue_ticket("first")
            except Exception as error:  # each failure counted, none hidden
                failures.append(repr(error))

        threads = [threading.Thread(target=build) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert failures == []
