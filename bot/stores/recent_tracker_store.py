"""Rasa's SQL tracker store, reading only a conversation's recent turns for each new message.

Stock Rasa reads every event of the conversation session back from the store at each message,
replays them into a tracker, has its policies turn them all into states, sends them all to the
action server, and counts them all again to find which events to save: each turn costs more
than the one before (3× by the 100th turn, `make bench`). What the next reply depends on is
much less: the slots, and the last few turns (every rule of data/rules.yml is one turn; the
actions look back one message before the new one at most).

So, for a new message, this store reads the session's last `recent_turns` user turns and, for
each slot, the latest value set before them (after any restart or reset of all slots). The
table and what is written to it are Rasa's own: the full conversation stays in the store, and
`retrieve_full_tracker` (the HTTP API's tracker, `python -m bot gaps`) reads it all. What is new
in a tracker is what follows the events it was read with, rather than Rasa's count of the stored
events, which a shortened tracker does not hold.

endpoints.yml takes it as Rasa's SQL store, with the same keys (`recent_turns` optional):

    tracker_store:
      type: bot.stores.recent_tracker_store.RecentTurnsTrackerStore
      dialect: sqlite
      db: build/trackers.db
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import AllSlotsReset, Event, Restarted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.stores.sqlite_files import use_wal

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# Two user turns, and the new message on top: every rule is one turn, the fallback action looks
# back one message, and the rule policy's states of the new message are those it would get from
# the whole session (tests/test_recent_tracker_store.py). Five turns cost 1-3 ms more a reply.
RECENT_TURNS = 2
# How long a write waits for another worker's (SQLite), as the SQLite lock store waits.
BUSY_TIMEOUT_SECONDS = 10.0


class RecentTurnsTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose `retrieve` reads the slots and the recent turns (see the module)."""

    engine: sa.engine.Engine  # set by SQLTrackerStore.__init__, which does not annotate it

    def __init__(self, *args: Any, recent_turns: int | str = RECENT_TURNS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            self._keep_sqlite_connections_open()
        self.recent_turns = int(recent_turns)
        if self.recent_turns < 1:
            raise ValueError(f"tracker_store recent_turns must be at least 1, not {recent_turns!r}")

    def _keep_sqlite_connections_open(self) -> None:
        """SQLAlchemy 1.4 opens a SQLite file anew for every session (NullPool): a connection,
        and the schema read, twice a message. Connections are kept in a pool instead, in WAL mode
        (readers beside a writer: `python -m bot gaps` while serving, several workers)."""
        url = self.engine.url
        self.engine.dispose()
        if url.database:  # not an in-memory database
            use_wal(url.database, BUSY_TIMEOUT_SECONDS)
        self.engine = sa.create_engine(
            url, poolclass=sa.pool.QueuePool, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_SECONDS}
        )

        @sa.event.listens_for(self.engine, "connect")
        def _no_sync_at_each_commit(connection: Any, _record: Any) -> None:
            # In WAL mode a crash of the servers loses nothing; a power cut, the last moments.
            connection.execute("PRAGMA synchronous=NORMAL")

        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        with self.session_scope() as session:
            rows = session.execute(RECENT_EVENTS, {"sender": sender_id, "skip": self.recent_turns - 1}).all()
        if not rows or not self.domain:
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, [json.loads(data) for (data,) in rows], self.domain.slots)
        setattr(tracker, STORED, len(tracker.events))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's save, the new events written in one statement rather than one ORM object each."""
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = [_row(tracker.sender_id, event) for event in self._additional_events(session, tracker)]
            if rows:
                session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()
        setattr(tracker, STORED, len(tracker.events))

    def _additional_events(self, session: Session, tracker: DialogueStateTracker) -> Iterator:
        """The tracker's events after those stored: a shortened tracker holds fewer events than
        the store, so Rasa's count of the stored ones cannot say where the new ones begin. A
        tracker read or saved here knows how many of its events are stored; for another (a new
        conversation, a copy) they are those up to the last one stored, found in the tracker."""
        stored = getattr(tracker, STORED, None)
        if stored is not None:
            return itertools.islice(tracker.events, stored, None)
        last = session.execute(LAST_EVENT, {"sender": tracker.sender_id}).first()
        if last is None:
            return iter(tracker.events)
        events = list(tracker.events)
        for index in range(len(events) - 1, -1, -1):
            if events[index].timestamp == last.timestamp and events[index].type_name == last.type_name:
                return itertools.islice(events, index + 1, None)
        # Not a tracker read from here since its last event was stored (Rasa's own tools): Rasa's way.
        return super()._additional_events(session, tracker)


def _row(sender_id: str, event: Event) -> dict[str, Any]:
    """An event as Rasa's SQLTrackerStore.save stores it."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


# Set on a tracker this store read or saved: how many of its first events are in the store.
STORED = "_stored_events"

# Rasa's table (SQLTrackerStore.SQLEvent), read in one statement for both SQLite and PostgreSQL.
# The session: events from its SessionStarted on, by timestamp, as Rasa's `_event_query`. The cut:
# the action before the `skip`+1-th user message from the end (normally action_listen), or the
# session's first event when it has fewer. Before the cut, only the latest event of each slot
# (a slot event keeps the slot's name where the table keeps an action's), after any restart or
# reset of all slots.
RECENT_EVENTS = sa.text(
    f"""
WITH session AS (
    SELECT id, type_name, action_name FROM events
    WHERE sender_id = :sender AND (
        timestamp >= (SELECT max(timestamp) FROM events WHERE sender_id = :sender AND type_name = '{SessionStarted.type_name}')
        OR NOT EXISTS (SELECT 1 FROM events WHERE sender_id = :sender AND type_name = '{SessionStarted.type_name}'))
),
turn AS (SELECT id FROM session WHERE type_name = '{UserUttered.type_name}' ORDER BY id DESC LIMIT 1 OFFSET :skip),
cut AS (
    SELECT coalesce(
        (SELECT max(id) FROM session WHERE id < (SELECT id FROM turn)),
        (SELECT id FROM turn),
        (SELECT min(id) FROM session)) AS id
),
reset AS (
    SELECT coalesce(max(id), 0) AS id FROM session
    WHERE type_name IN ('{Restarted.type_name}', '{AllSlotsReset.type_name}') AND id < (SELECT id FROM cut)
)
SELECT data FROM events
WHERE sender_id = :sender AND (
    id >= (SELECT id FROM cut)
    OR id IN (
        SELECT max(id) FROM session
        WHERE type_name = '{SlotSet.type_name}' AND id < (SELECT id FROM cut) AND id > (SELECT id FROM reset)
        GROUP BY action_name))
ORDER BY id
"""
)
LAST_EVENT = sa.text("SELECT timestamp, type_name FROM events WHERE sender_id = :sender ORDER BY id DESC LIMIT 1")
