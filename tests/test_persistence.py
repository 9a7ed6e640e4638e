"""Nothing lost: a conversation outlives a crash of the Rasa server.

endpoints.yml keeps conversations in Rasa's SQL tracker store, SQLite unless the environment
names PostgreSQL. Against real servers on an SQLite store, the Rasa server is killed with
SIGKILL between two turns, started again on the same store, and the conversation goes on with
its context.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.answers.replies import DISCLAIMER
from bot.stores import TRACKER_STORE_TYPE
from tests.helpers import make_variables, payloads, rest
from tests.servers import Servers, restart_rasa, start_servers

ROOT = Path(__file__).resolve().parents[1]
ALS = "Amyotrophic lateral sclerosis"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("persistence") / "trackers.db"


@pytest.fixture(scope="module")
def persistent_servers(store: Path) -> Iterator[Servers]:
    with start_servers(ROOT, store.parent, tracker_store=store) as running:
        yield running


def text_of(replies: list[dict[str, Any]]) -> str:
    return "\n\n".join(reply.get("text", "") for reply in replies)


def stored_events(store: Path, sender: str) -> list[dict[str, Any]]:
    """The sender's events as Rasa's SQL tracker store wrote them (table `events`)."""
    with sqlite3.connect(store) as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,)).fetchall()
    return [json.loads(data) for (data,) in rows]


TRACKER_STORE_VARIABLES = [
    "TRACKER_STORE_DIALECT",
    "TRACKER_STORE_HOST",
    "TRACKER_STORE_DB",
    "TRACKER_STORE_USER",
    "TRACKER_STORE_PASSWORD",
]


def endpoints_tracker_store(monkeypatch: pytest.MonkeyPatch, settings: dict[str, str]):
    """endpoints.yml's tracker_store as Rasa reads it, with these environment variables."""
    from rasa.utils.endpoints import read_endpoint_config

    for name in TRACKER_STORE_VARIABLES:
        monkeypatch.setenv(name, settings[name])
    return read_endpoint_config(str(ROOT / "endpoints.yml"), "tracker_store")


def test_make_run_keeps_conversations_in_sqlite_under_build(tmp_path, monkeypatch):
    from rasa.core.tracker_store import TrackerStore

    from bot.stores.recent_tracker_store import RecentTurnsTrackerStore

    defaults = make_variables("run")
    assert (defaults["TRACKER_STORE_DIALECT"], defaults["TRACKER_STORE_DB"]) == ("sqlite", "build/trackers.db")
    # Rasa builds its SQL tracker store from endpoints.yml with make's values (the file in tmp).
    config = endpoints_tracker_store(monkeypatch, {**defaults, "TRACKER_STORE_DB": str(tmp_path / "t.db")})
    store = TrackerStore.create(config)
    # The project's store (Rasa falls back to its in-memory one, with a warning, if it did not load).
    assert isinstance(store, RecentTurnsTrackerStore) and store.engine.dialect.name == "sqlite"
    with sqlite3.connect(tmp_path / "t.db") as db:
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'events'").fetchone()


def test_the_environment_chooses_postgresql(monkeypatch):
    # The connection Rasa would open (a real PostgreSQL server is the scale-out tests' part).
    from rasa.core.tracker_store import SQLTrackerStore

    config = endpoints_tracker_store(
        monkeypatch,
        {
            "TRACKER_STORE_DIALECT": "postgresql",
            "TRACKER_STORE_HOST": "db.internal:5433",
            "TRACKER_STORE_DB": "rasa",
            "TRACKER_STORE_USER": "rasa",
            "TRACKER_STORE_PASSWORD": "p@ss:w/rd",
        },
    )
    assert config.type == TRACKER_STORE_TYPE
    url = SQLTrackerStore.get_db_url(host=config.url, **config.kwargs)
    assert (url.drivername, url.host, url.port, url.database) == ("postgresql", "db.internal", 5433, "rasa")
    assert (url.username, url.password) == ("rasa", "p@ss:w/rd")


@pytest.mark.servers
def test_conversation_continues_after_the_rasa_server_is_killed(persistent_servers, store):
    sender = f"persist-{uuid.uuid4().hex}"
    first = rest(persistent_servers, sender, "what is ALS?")
    [payload] = payloads(first)
    assert (payload["kind"], payload["condition"]) == ("answer", ALS)
    # The notice comes with the first answer, so its absence after the restart means something.
    assert DISCLAIMER in text_of(first)

    # Before the crash the store already holds the turn: the condition slot is on disk.
    slots = [(e["name"], e["value"]) for e in stored_events(store, sender) if e["event"] == "slot"]
    assert ("condition", ALS) in slots

    restart_rasa(ROOT, persistent_servers)

    second = rest(persistent_servers, sender, "what causes it?")
    [payload] = payloads(second)
    assert (payload["kind"], payload["section"], payload["condition"]) == ("answer", "causes", ALS)
    assert DISCLAIMER not in text_of(second), "the notice is once per conversation, restart or not"

    # Every message is stored once: none lost in the crash, none replayed by the restart.
    said = [e["text"] for e in stored_events(store, sender) if e["event"] == "user"]
    assert said == ["what is ALS?", "what causes it?"]


@pytest.mark.servers
def test_a_sender_without_history_is_asked_which_condition(persistent_servers):
    # The control: "it" means ALS only because the store remembered it, not because the model
    # guesses ALS. A sender with no history gets asked which condition.
    [payload] = payloads(rest(persistent_servers, f"fresh-{uuid.uuid4().hex}", "what causes it?"))
    assert payload["kind"] != "answer" and payload.get("condition") is None, payload
