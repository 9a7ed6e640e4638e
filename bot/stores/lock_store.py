"""Rasa's Redis lock store with atomic ticket changes, for several Rasa servers sharing Redis.

Rasa 3.6's `RedisLockStore` issues and returns a conversation's tickets by reading the lock from
Redis, changing it in Python and writing it back. Two servers handling messages of the same
conversation at the same moment can both read the same lock, both get ticket 0 and both run,
and the tracker store then loses or misorders that conversation's events (RasaHQ/rasa#9213;
tests/test_scale_out.py showed it in about half of its tries). Here every read-change-write
runs as a Redis transaction (WATCH the key, MULTI/EXEC the write, retried when another server
changed the key in between), so a ticket is issued or returned exactly once. The lock's format
and keys stay Rasa's own.

endpoints.yml (docs/deploy.md):

    lock_store:
      type: bot.stores.lock_store.AtomicRedisLockStore
      url: <redis host>
      port: 6379
      db: 1
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

Result = TypeVar("Result")
# A change of a conversation's lock: the lock as stored (None: none) → the lock to store
# (None: delete it) and what the caller gets.
Change = Callable[[TicketLock | None], tuple[TicketLock | None, Result]]


class AtomicRedisLockStore(RedisLockStore):
    """`RedisLockStore` whose ticket changes are Redis transactions (see the module's docstring)."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        # How Rasa builds a lock store named by its module path in endpoints.yml.
        super().__init__(host=endpoint_config.url or "localhost", **endpoint_config.kwargs)

    def _change(self, conversation_id: str, change: Change[Result]) -> Result:
        key = self.key_prefix + conversation_id
        outcome: list[Result] = []

        def apply(pipe: Any) -> None:
            outcome.clear()  # a retried transaction starts again from what Redis now holds
            stored = pipe.get(key)
            lock, result = change(TicketLock.from_dict(json.loads(stored)) if stored else None)
            outcome.append(result)
            pipe.multi()
            if lock is None:
                pipe.delete(key)
            else:
                pipe.set(key, lock.dumps())

        self.red.transaction(apply, key)
        return outcome[0]

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def take(lock: TicketLock | None) -> tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, take)
        except Exception as error:  # as Rasa's own issue_ticket reports a failure
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        def expire(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, expire)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._change(conversation_id, _without_ticket(ticket_number, keep_empty=True))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # Returning the ticket and deleting a lock nobody waits for, in one step: apart, another
        # server's new ticket could land in between and be deleted with the lock.
        self._change(conversation_id, _without_ticket(ticket_number, keep_empty=False))


def _without_ticket(ticket_number: int, keep_empty: bool) -> Change[None]:
    def change(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
        if lock is None:
            return None, None
        lock.remove_ticket_for(ticket_number)
        return (lock if keep_empty or lock.is_someone_waiting() else None), None

    return change
