"""bot.stores.lock_store.AtomicRedisLockStore against a real Redis server: tickets of one conversation
taken and returned by many clients at once (as several Rasa servers would) are each issued
exactly once, and the lock is gone when the last one is returned."""

from __future__ import annotations

import concurrent.futures
import threading
from collections.abc import Iterator

import pytest
from rasa.core.lock_store import LockStore
from rasa.utils.endpoints import EndpointConfig

from bot.stores.lock_store import AtomicRedisLockStore
from tests.stores import Redis, start_redis

pytestmark = pytest.mark.servers  # a real Redis server
CLIENTS = 8
TICKETS_EACH = 40


@pytest.fixture(scope="module")
def redis() -> Iterator[Redis]:
    with start_redis() as server:
        yield server


def store(redis: Redis) -> LockStore:
    """The lock store as Rasa builds it from endpoints.yml, with a connection of its own."""
    return LockStore.create(EndpointConfig.from_dict(redis.lock_store(db=2)))


def test_rasa_builds_it_from_endpoints(redis: Redis) -> None:
    assert isinstance(store(redis), AtomicRedisLockStore)


def test_tickets_taken_at_once_by_many_clients_are_all_different(redis: Redis) -> None:
    start = threading.Barrier(CLIENTS)

    def take_tickets() -> list[int]:
        client = store(redis)
        start.wait()
        return [client.issue_ticket("crowded") for _ in range(TICKETS_EACH)]

    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        tickets = [t for future in [pool.submit(take_tickets) for _ in range(CLIENTS)] for t in future.result()]
    assert sorted(tickets) == list(range(CLIENTS * TICKETS_EACH))
    lock = store(redis).get_lock("crowded")
    assert lock is not None and len(lock.tickets) == CLIENTS * TICKETS_EACH


def test_the_lock_serves_in_ticket_order_and_goes_when_the_last_ticket_is_returned(redis: Redis) -> None:
    first, second = store(redis), store(redis)
    a = first.issue_ticket("queue")
    b = second.issue_ticket("queue")
    assert (a, b) == (0, 1)
    assert not first.get_lock("queue").is_locked(a) and second.get_lock("queue").is_locked(b)
    first.cleanup("queue", a)
    assert not second.get_lock("queue").is_locked(b)  # b's turn; the lock stays for it
    second.cleanup("queue", b)
    assert redis.client(db=2).exists("lock:queue") == 0


def test_returning_tickets_at_once_leaves_no_lock_and_loses_no_waiting_ticket(redis: Redis) -> None:
    client = store(redis)
    tickets = [client.issue_ticket("returns") for _ in range(CLIENTS * 4)]
    start = threading.Barrier(CLIENTS)

    def give_back(mine: list[int]) -> None:
        own = store(redis)
        start.wait()
        for ticket in mine:
            own.cleanup("returns", ticket)

    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        for future in [pool.submit(give_back, tickets[i::CLIENTS]) for i in range(CLIENTS)]:
            future.result()
    assert redis.client(db=2).exists("lock:returns") == 0
