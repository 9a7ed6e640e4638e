"""bot.stores.recent_tracker_store: a long conversation kept turn by turn through the store, as
the Rasa server keeps it (read the tracker, add the turn's events, save), against the same
conversation kept whole in memory. Every event is stored once and in order, the tracker read
for a new message holds the recent turns with every slot's value, and the policies see the same
recent states as with the whole session. No server: the store is a SQLite file."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    AllSlotsReset,
    BotUttered,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.stores import TRACKER_STORE_TYPE
from bot.stores.recent_tracker_store import RECENT_TURNS, RecentTurnsTrackerStore
from bot.vocabulary import CONDITION_SLOT, DISCLAIMER_SLOT, SECTION_SLOT
from tests.helpers import ROOT
from tests.stores import Postgres, start_postgres

CONDITIONS = ["Stroke", "Polio", "Amyotrophic lateral sclerosis", "Muscle atrophy"]
SECTIONS = ["overview", "causes", "symptoms", "treatment"]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture(scope="module")
def postgres() -> Iterator[Postgres]:
    with start_postgres() as server:
        yield server


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.servers)])
def make_store(request, tmp_path, domain) -> Callable[..., RecentTurnsTrackerStore]:
    """Builds the store as Rasa does from endpoints.yml, on an empty events table."""

    def make(**settings: Any) -> RecentTurnsTrackerStore:
        if request.param == "sqlite":
            config = {"dialect": "sqlite", "db": str(tmp_path / f"trackers-{uuid.uuid4().hex}.db")}
        else:
            config = request.getfixturevalue("postgres").tracker_store()
        config = {**config, **settings, "type": TRACKER_STORE_TYPE}
        store = TrackerStore.create(EndpointConfig.from_dict(config), domain)
        # Rasa falls back to its in-memory store, with only a warning, when the class does not load.
        assert isinstance(store, RecentTurnsTrackerStore)
        with store.engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM events"))
        return store

    return make


def turn(n: int) -> list[Event]:
    """One turn as the Rasa server stores it: a question, the answer, the slots it sets."""
    condition, section = CONDITIONS[n % len(CONDITIONS)], SECTIONS[n % len(SECTIONS)]
    intent = "greet" if n % 7 == 3 else f"ask_{section}"
    return [
        UserUttered(f"message {n}", {"name": intent, "confidence": 0.9}, [{"entity": "condition", "value": condition}]),
        ActionExecuted("action_answer_section"),
        BotUttered(f"answer {n}", {"custom": {"kind": "answer"}}),
        *([SlotSet(CONDITION_SLOT, condition)] if n % 3 else []),
        SlotSet(SECTION_SLOT, section),
        *([SlotSet(DISCLAIMER_SLOT, True)] if n == 1 else []),
        ActionExecuted("action_listen"),
    ]


SESSION_START = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]


def start(sender: str, domain: Domain) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, domain.slots)
    tracker.update_with_events(SESSION_START, domain)
    return tracker


async def converse(store: RecentTurnsTrackerStore, domain: Domain, turns: list[list[Event]], sender: str = "long"):
    """Each turn: the store's tracker for the new message, the turn's events, saved. Returns the
    same conversation kept whole in memory, and the tracker the store gave for the last turn."""
    whole = start(sender, domain)
    await store.save(start(sender, domain))
    read = None
    for events in turns:
        read = await store.retrieve(sender)
        for tracker in (read, whole):
            tracker.update_with_events(events, domain)
        await store.save(read)
    return whole, read


def stored(store: RecentTurnsTrackerStore) -> list[str]:
    with store.engine.connect() as connection:
        return [row[0] for row in connection.execute(sa.text("SELECT type_name FROM events ORDER BY id"))]


def test_a_long_conversation_is_stored_whole_and_read_back_recent(make_store, domain):
    store = make_store()
    whole, read = asyncio.run(converse(store, domain, [turn(n) for n in range(40)]))
    # Every event stored once, in order: the store's whole session is the conversation.
    assert stored(store) == [event.type_name for event in whole.events]
    full = asyncio.run(store.retrieve_full_tracker("long"))
    assert [e.as_dict() for e in full.events] == [e.as_dict() for e in whole.events]
    # What a new message gets: the last turns, each slot's value, far fewer events.
    recent = asyncio.run(store.retrieve("long"))
    users = [event for event in recent.events if isinstance(event, UserUttered)]
    assert [event.text for event in users] == [f"message {n}" for n in range(40 - RECENT_TURNS, 40)]
    assert recent.current_slot_values() == whole.current_slot_values()
    assert recent.get_slot(DISCLAIMER_SLOT) is True  # set in the second turn, long before
    assert len(recent.events) < len(whole.events) / 4
    assert recent.latest_message.text == whole.latest_message.text == "message 39"


def test_the_policies_see_the_same_recent_states(make_store, domain):
    """Every rule is one turn: the states of the new message's turn and of the turns kept, what
    the rules match, are those of the whole session."""
    store = make_store()
    whole, _ = asyncio.run(converse(store, domain, [turn(n) for n in range(25)]))
    recent = asyncio.run(store.retrieve("long"))
    new_message = UserUttered("and the treatment?", {"name": "ask_treatment", "confidence": 0.9})
    for tracker in (recent, whole):
        tracker.update(new_message, domain)
    recent_states, whole_states = recent.past_states(domain), whole.past_states(domain)
    shared = 2 * RECENT_TURNS + 1  # a user turn and its action per turn kept, and the new message
    assert len(recent_states) >= shared and recent_states[-1]["user"]["intent"] == "ask_treatment"
    assert recent_states[-shared:] == whole_states[-shared:]


def test_a_short_conversation_is_read_as_rasa_reads_it(make_store, domain):
    store = make_store()
    asyncio.run(converse(store, domain, [turn(n) for n in range(RECENT_TURNS - 1)]))
    recent, rasas = asyncio.run(store.retrieve("long")), asyncio.run(SQLTrackerStore.retrieve(store, "long"))
    assert [e.as_dict() for e in recent.events] == [e.as_dict() for e in rasas.events]


def test_slots_before_a_restart_or_a_reset_are_not_carried(make_store, domain):
    for reset in (Restarted(), AllSlotsReset()):
        store = make_store()
        turns = [turn(n) for n in range(1, 6)] + [[reset, ActionExecuted("action_listen")]]
        turns += [[UserUttered(f"later {n}", {"name": "greet"}), ActionExecuted("utter_greet")] for n in range(8)]
        whole, _ = asyncio.run(converse(store, domain, turns))
        recent = asyncio.run(store.retrieve("long"))
        assert recent.get_slot(CONDITION_SLOT) is None and recent.get_slot(DISCLAIMER_SLOT) is False
        assert recent.current_slot_values() == whole.current_slot_values()
        assert stored(store) == [event.type_name for event in whole.events]


def test_a_new_session_starts_afresh_and_keeps_the_old_one_stored(make_store, domain):
    store = make_store()
    whole, _ = asyncio.run(converse(store, domain, [turn(n) for n in range(12)]))
    tracker = asyncio.run(store.retrieve("long"))
    events = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"), *turn(50)]
    for t in (tracker, whole):
        t.update_with_events(events, domain)
    asyncio.run(store.save(tracker))
    assert stored(store) == [event.type_name for event in whole.events]
    recent = asyncio.run(store.retrieve("long"))
    assert [e.text for e in recent.events if isinstance(e, UserUttered)] == ["message 50"]
    assert recent.get_slot(DISCLAIMER_SLOT) is False  # nothing carried over from the old session


def test_a_tracker_made_elsewhere_is_stored_whole(make_store, domain):
    """A tracker the store did not give (a new conversation, or a copy) is saved as Rasa saves
    it: every event it holds that the store has not; and saved again, nothing twice."""
    store = make_store()
    tracker = start("elsewhere", domain)
    tracker.update_with_events(turn(1), domain)
    asyncio.run(store.save(tracker))
    assert len(stored(store)) == len(tracker.events)
    asyncio.run(store.save(tracker))
    read = asyncio.run(store.retrieve("elsewhere"))
    asyncio.run(store.save(read))
    assert len(stored(store)) == len(tracker.events)
    copy = read.copy()  # knows nothing of the store: the last stored event is found in it
    copy.update_with_events(turn(2), domain)
    asyncio.run(store.save(copy))
    assert stored(store) == [event.type_name for event in [*tracker.events, *turn(2)]]


def test_recent_turns_is_a_setting(make_store, domain):
    store = make_store(recent_turns="3")
    asyncio.run(converse(store, domain, [turn(n) for n in range(10)]))
    recent = asyncio.run(store.retrieve("long"))
    assert [e.text for e in recent.events if isinstance(e, UserUttered)] == ["message 7", "message 8", "message 9"]
    with pytest.raises(ValueError, match="recent_turns"):
        make_store(recent_turns=0)


def test_workers_starting_at_once_on_a_new_sqlite_file_all_answer(tmp_path, domain):
    """Sanic starts the workers together, each with its store: the file's setup (WAL mode) must
    not fail in any of them, and what each then writes is stored (see test_sqlite_lock_store)."""
    import sqlite3
    import threading

    failures: list[str] = []
    for trial in range(30):
        path, start_together = tmp_path / f"new-{trial}.db", threading.Barrier(8)

        def work(n: int, path=path, start_together=start_together) -> None:
            start_together.wait(timeout=30)
            try:
                config = {"type": TRACKER_STORE_TYPE, "dialect": "sqlite", "db": str(path)}
                store = TrackerStore.create(EndpointConfig.from_dict(config), domain)
                asyncio.run(store.save(start(f"worker-{n}", domain)))
            except Exception as error:  # each failure counted, none hidden
                failures.append(repr(error))

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
            assert db.execute("SELECT count(DISTINCT sender_id) FROM events").fetchone() == (8,)
    assert failures == []
