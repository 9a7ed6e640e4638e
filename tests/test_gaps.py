"""`python -m bot gaps` (bot/reports/gaps.py).

First on SQLite stores written here by Rasa's own SQLTrackerStore, the writer the Rasa server
uses: counts and shares per category, the period, no message text without --examples, masking,
and a store that is absent, empty or being written. Then on SQLite and PostgreSQL stores filled
by real conversations with the real servers (marked `servers`).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import os
import re
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.reports import gaps
from tests.helpers import ROOT, payloads, rest
from tests.servers import Servers, restart_actions, start_servers, stop_actions
from tests.stores import Postgres, start_postgres

SECRET = "quibblezork"  # a word of the users' messages that the report must never print by default
DAY = 86400.0
T0 = datetime(2026, 11, 2, 9, 0).timestamp()  # local time, as the command reads bare dates


def unknown(query: str) -> dict[str, Any]:
    return {"kind": "unknown_condition", "query": query, "suggestions": ["Stroke"]}


def missing(condition: str, section: str | None) -> dict[str, Any]:
    return {"kind": "missing_section", "condition": condition, "section": section, "available": ["overview"]}


ANSWER = {"kind": "answer", "condition": "Polio", "section": "overview", "sources": []}
FALLBACK = {"kind": "fallback"}
TOPICS = {"kind": "fallback", "topics": ["Polio"]}
OUT = {"kind": "out_of_scope"}

Turn = tuple[str, list[dict[str, Any]]]  # a message and the payloads of the bot replies after it

# Ten turns in three conversations, a day apart each.
CONVERSATIONS: dict[str, list[Turn]] = {
    "alice": [
        ("what is glorbitis?", [unknown("glorbitis")]),
        ("What is GLORBITIS, my number is 555-0199?", [unknown("Glorbitis")]),
        ("what is polio", [ANSWER]),
        (f"zxq vrrp {SECRET}", [FALLBACK]),
        ("blorf snax", [TOPICS]),
    ],
    "bob": [
        (f"what types of polio are there, {SECRET}?", [missing("Polio", "types")]),
        ("what's the weather", [OUT]),
        ("/restart", []),  # Rasa answers its own command with no message: not a failure
    ],
    "carol": [
        (f"what is ALS? write to jo@example.org or see https://x.example/{SECRET}", []),  # the action failed
        ("what causes it", [unknown(""), {"kind": "error"}]),
    ],
}


def write_store(path: Path, conversations: dict[str, list[Turn]], start: float = T0, step: float = DAY) -> None:
    """The conversations as Rasa's SQLTrackerStore writes them: each turn `step` seconds after the
    last, the replies a second after their message."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    store = SQLTrackerStore(dialect="sqlite", db=str(path))
    moment = start
    for sender, turns in conversations.items():
        events: list[Any] = []
        for text, replies in turns:
            events.append(UserUttered(text, timestamp=moment))
            for payload in replies:
                events.append(BotUttered("reply text", {"custom": payload, "buttons": []}, timestamp=moment + 1))
            events.append(ActionExecuted("action_listen", timestamp=moment + 2))
            moment += step
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))
    store.engine.dispose()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "trackers.db"
    write_store(path, CONVERSATIONS)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = gaps.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def tables(report: str) -> dict[str, list[list[str]]]:
    """Each table's body rows (cells stripped) under its heading; the summary under ''."""
    found: dict[str, list[list[str]]] = {}
    heading = ""
    for line in report.splitlines():
        if line.startswith("## "):
            heading = line[3:]
        elif line.startswith("| ") and not line.startswith("| ---"):
            cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
            found.setdefault(heading, []).append(cells)
    return {name: rows[1:] for name, rows in found.items()}  # without the header row


def summary(report: str) -> dict[str, tuple[int, str]]:
    return {row[0]: (int(row[1]), row[2]) for row in tables(report)[""]}


def test_each_category_is_counted_by_turn_with_its_share_of_all_turns(store, capsys) -> None:
    code, out, _ = run(capsys, "--db", str(store))
    assert code == 0
    assert "10 turns in 3 conversations" in out
    assert "answered: 1 (10.0 %)" in out
    assert summary(out) == {
        "unknown_condition": (3, "30.0 %"),
        "missing_section": (1, "10.0 %"),
        "fallback": (2, "20.0 %"),
        "out_of_scope": (1, "10.0 %"),
        "error": (2, "20.0 %"),
    }
    found = tables(out)
    # Names are grouped whatever their case; a question naming no condition has a row of its own.
    assert found["Unknown conditions, by the name asked"] == [
        ["`glorbitis`", "2", "20.0 %"],
        ["(no condition named)", "1", "10.0 %"],
    ]
    assert found["Missing sections, by condition and section"] == [["Polio", "types", "1", "10.0 %"]]
    assert found["Fallbacks (not understood)"] == [
        ["asked to rephrase", "1", "10.0 %"],
        ["listed the topics (second miss in a row)", "1", "10.0 %"],
    ]
    assert found["Out of scope"] == [["out of scope", "1", "10.0 %"]]
    # The turn with no reply stored failed; "/restart" is not counted, though it has none either.
    assert found["Errors"] == [["error reply", "1", "10.0 %"], ["no reply stored (the action failed)", "1", "10.0 %"]]


def test_no_message_text_is_printed_without_examples(store, capsys) -> None:
    code, out, _ = run(capsys, "--db", str(store), "--limit", "0")
    assert code == 0
    for words in (SECRET, "zxq", "weather", "555-0199", "jo@example.org", "x.example", "what is"):
        assert words not in out


def test_examples_show_masked_messages_per_row(store, capsys) -> None:
    code, out, _ = run(capsys, "--db", str(store), "--examples", "5")
    assert code == 0
    rows = {tuple(row[:-3]): row[-1] for rows in tables(out).values() for row in rows if len(row) > 3}
    assert rows[("`glorbitis`",)] == "`what is glorbitis?`<br>`What is GLORBITIS, my number is ###-####?`"
    assert rows[("asked to rephrase",)] == f"`zxq vrrp {SECRET}`"
    assert rows[("no reply stored (the action failed)",)] == "`what is ALS? write to [email] or see [url]`"
    assert "555-0199" not in out and "jo@" not in out and "https" not in out


def test_examples_keep_the_latest_n_distinct_messages(tmp_path, capsys) -> None:
    path = tmp_path / "t.db"
    write_store(path, {"dan": [(f"what is glorbitis {n}?", [unknown("glorbitis")]) for n in "abcab"]})
    _, out, _ = run(capsys, "--db", str(path), "--examples", "2")
    [row] = tables(out)["Unknown conditions, by the name asked"]
    assert row[-1] == "`what is glorbitis a?`<br>`what is glorbitis b?`"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("call me on +44 20 7946 0958", "call me on +## ## #### ####"),
        ("born 12/03/1980, age ٤٢", "born ##/##/####, age ##"),  # Arabic-Indic digits too
        ("mail Jo.Smith+nhs@mail.example.co.uk now", "mail [email] now"),
        ("see https://nhs.example/page?id=42 and www.example.org/a1", "see [url] and [url]"),
        ("see nhs.example/conditions/x1 please", "see [url] please"),
        ("ftp://user:pw@host.example/f and a@b.io", "[url] and [email]"),
        ("two\nlines\t and  spaces ", "two lines and spaces"),
        ("what is ALS?", "what is ALS?"),
    ],
)
def test_mask(text: str, masked: str) -> None:
    assert gaps.mask(text) == masked


def test_a_name_asked_is_masked_and_cannot_break_the_table(tmp_path, capsys) -> None:
    path = tmp_path / "t.db"
    name = "<img src=x> a|b `c` 0800 123"
    write_store(path, {"eve": [("what is it", [unknown(name)])]})
    _, out, _ = run(capsys, "--db", str(path))
    [row] = tables(out)["Unknown conditions, by the name asked"]
    # One cell, as a code span (rendered as text, never as HTML), digits masked.
    assert row == ["`<img src=x> a\\|b 'c' #### ###`", "1", "100.0 %"]


def test_the_period_counts_the_turns_whose_message_falls_in_it(store, capsys) -> None:
    # Turns are a day apart from T0 (2026-11-02 09:00): bob's are the 6th to 8th (11-07 to 11-09).
    _, out, _ = run(capsys, "--db", str(store), "--since", "2026-11-07", "--until", "2026-11-08")
    assert "2 turns in 1 conversation," in out  # a bare --until date includes its day
    assert summary(out)["missing_section"] == (1, "50.0 %")
    assert summary(out)["out_of_scope"] == (1, "50.0 %")
    assert "Period: 2026-11-07 00:00 to 2026-11-09 00:00." in out
    _, out, _ = run(capsys, "--db", str(store), "--since", "2026-11-11T09:00:00", "--until", "2026-11-12")
    assert "1 turn in" in out and summary(out)["unknown_condition"] == (1, "100.0 %")


def test_a_reply_after_the_end_of_the_period_still_counts_for_its_message(tmp_path, capsys) -> None:
    path = tmp_path / "t.db"
    write_store(path, {"fay": [("what is glorbitis", [unknown("glorbitis")])]}, start=T0)
    until = datetime.fromtimestamp(T0 + 0.5).isoformat()  # after the message, before its reply
    _, out, _ = run(capsys, "--db", str(path), "--until", until)
    assert summary(out)["unknown_condition"] == (1, "100.0 %") and summary(out)["error"] == (0, "0.0 %")


def test_days_counts_back_from_now(tmp_path, capsys) -> None:
    path = tmp_path / "t.db"
    now = time.time()
    write_store(path, {"gus": [("old", [OUT]), ("new", [FALLBACK])]}, start=now - 3 * DAY, step=2 * DAY)
    _, out, _ = run(capsys, "--db", str(path), "--days", "2")
    assert "1 turn in" in out and summary(out)["fallback"] == (1, "100.0 %")
    assert "Period: the last 2 days, from " in out


def test_a_period_without_turns_says_so(store, capsys) -> None:
    code, out, _ = run(capsys, "--db", str(store), "--since", "2030-01-01")
    assert code == 0
    assert out.startswith("No conversations in sqlite ") and "nothing to report" in out
    assert out.count("\n") == 1


@pytest.mark.parametrize("args", [["--since", "yesterday"], ["--since", "2026-12-05", "--until", "2026-12-01"]])
def test_a_bad_period_is_refused(store, capsys, args) -> None:
    with pytest.raises(SystemExit) as exit_info:
        gaps.main(["--db", str(store), *args])
    assert exit_info.value.code == 2
    assert "python -m bot gaps: error:" in capsys.readouterr().err


def fingerprint(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


def test_an_absent_store_is_an_error_and_is_not_created(tmp_path, capsys) -> None:
    path = tmp_path / "nowhere.db"
    code, out, err = run(capsys, "--db", str(path))
    assert code == 1 and out == ""
    assert (
        err
        == f"error: no tracker store at {path}: the servers have not run with it yet, or TRACKER_STORE_DB (or --db) names another file\n"
    )
    assert not path.exists()


def test_a_store_without_events_says_nothing_is_recorded_and_stays_as_it_was(tmp_path, capsys) -> None:
    path = tmp_path / "empty.db"
    sqlite3.connect(path).close()  # a file SQLite made, with no table
    before = fingerprint(tmp_path)
    code, out, _ = run(capsys, "--db", str(path))
    assert (code, out) == (0, f"No conversations recorded yet: sqlite {path} has no events table.\n")
    assert fingerprint(tmp_path) == before  # no table created, no journal left


def test_an_empty_events_table_says_so(tmp_path, capsys) -> None:
    path = tmp_path / "t.db"
    write_store(path, {})
    code, out, _ = run(capsys, "--db", str(path))
    assert code == 0 and out.startswith("No conversations in sqlite ") and "all time" in out


def test_reading_changes_nothing(store, capsys) -> None:
    before = fingerprint(store.parent)
    assert run(capsys, "--db", str(store), "--examples", "3")[0] == 0
    assert fingerprint(store.parent) == before


def test_sqlite_is_opened_read_only_whatever_its_path(tmp_path) -> None:
    import sqlalchemy as sa

    path = tmp_path / "a dir #1?" / "trackers.db"
    path.parent.mkdir()
    write_store(path, {"ian": [("hello", [OUT])]})
    engine = sa.create_engine(gaps.StoreSettings("sqlite", str(path)).url())
    try:
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM events")).scalar() == 3
            with pytest.raises(sa.exc.OperationalError, match="readonly database"):
                connection.execute(sa.text("DELETE FROM events"))
    finally:
        engine.dispose()


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_a_store_being_written_is_read_without_waiting(store, capsys, journal) -> None:
    with sqlite3.connect(store, isolation_level=None) as writer:
        writer.execute(f"PRAGMA journal_mode={journal}")
        # The Rasa server in the middle of saving a turn: its write lock is held, uncommitted.
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES ('zed', 'user', ?, ?)",
            (T0, '{"event": "user", "text": "half-written"}'),
        )
        code, out, _ = run(capsys, "--db", str(store))
        writer.execute("ROLLBACK")
    assert code == 0 and "10 turns" in out  # the uncommitted message is not seen


def test_a_wal_store_is_read_after_its_writer_closed(store, capsys) -> None:
    with sqlite3.connect(store) as db:
        db.execute("PRAGMA journal_mode=wal")
    code, out, _ = run(capsys, "--db", str(store))
    assert code == 0 and "10 turns" in out


def test_rows_beyond_the_limit_are_summed_up(tmp_path, capsys) -> None:
    path = tmp_path / "t.db"
    write_store(path, {"hal": [(f"what is x{n}", [unknown(f"name{n}")]) for n in "abc"]})
    _, out, _ = run(capsys, "--db", str(path), "--limit", "2")
    assert len(tables(out)["Unknown conditions, by the name asked"]) == 2
    assert "… and 1 more row (1 turn): `--limit 0` shows all." in out


def test_the_store_comes_from_the_variables_of_make_run(store, capsys, monkeypatch) -> None:
    monkeypatch.setenv("TRACKER_STORE_DIALECT", "sqlite")
    monkeypatch.setenv("TRACKER_STORE_DB", str(store))
    monkeypatch.setenv("TRACKER_STORE_HOST", "")
    assert "10 turns" in run(capsys)[1]
    monkeypatch.delenv("TRACKER_STORE_DB")
    monkeypatch.chdir(store.parent)
    # make run's default, build/trackers.db under the working directory
    assert run(capsys)[2].startswith("error: no tracker store at build/trackers.db:")


def test_postgresql_settings_make_rasas_url_and_never_show_the_password() -> None:
    settings = gaps.StoreSettings.from_environment(
        {
            "TRACKER_STORE_DIALECT": "postgresql",
            "TRACKER_STORE_HOST": "db.internal:5433",
            "TRACKER_STORE_DB": "rasa",
            "TRACKER_STORE_USER": "rasa",
            "TRACKER_STORE_PASSWORD": "p@ss:w/rd",
        }
    )
    url = settings.url()
    assert (url.drivername, url.host, url.port, url.database) == ("postgresql", "db.internal", 5433, "rasa")
    assert (url.username, url.password) == ("rasa", "p@ss:w/rd")
    assert settings.describe() == "postgresql rasa on db.internal:5433"
    assert "p@ss" not in repr(settings)


def test_an_unreachable_database_is_a_one_line_error(capsys, monkeypatch) -> None:
    from tests.servers import free_port

    monkeypatch.setenv("TRACKER_STORE_PASSWORD", "secret-pw")
    code, out, err = run(
        capsys, "--dialect", "postgresql", "--host", f"127.0.0.1:{free_port()}", "--db", "rasa", "--user", "rasa"
    )
    assert code == 1 and out == ""
    assert err.startswith("error: cannot read the tracker store postgresql rasa on 127.0.0.1:") and err.count("\n") == 1
    assert "secret-pw" not in err


def test_python_m_bot_gaps_runs_the_report(store, capsys) -> None:
    from bot.build.cli import main as cli

    assert cli(["gaps", "--db", str(store)]) == 0
    assert "10 turns" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "end_of_day", "expected"),
    [
        ("2026-12-01", False, datetime(2026, 12, 1).timestamp()),
        ("2026-12-01", True, datetime(2026, 12, 2).timestamp()),
        ("2026-12-01T08:30", True, datetime(2026, 12, 1, 8, 30).timestamp()),
        ("2026-12-01T08:30:00Z", False, 1796113800.0),
        ("2026-12-01T09:30:00+01:00", False, 1796113800.0),
    ],
)
def test_parse_time(text: str, end_of_day: bool, expected: float) -> None:
    assert gaps.parse_time(text, end_of_day) == expected


# --- on stores filled by the real servers (marked `servers`: `make unit` leaves them out) ----------
#
# For each store, SQLite and PostgreSQL: the report is asked before any conversation (an absent
# SQLite file, a PostgreSQL database without tables); then the action server and the Rasa server
# start on it and real conversations go through REST (an answer, unknown conditions, a missing
# section, out of scope, a fallback, Rasa's /restart, a question while the action server is
# stopped), and `python -m bot gaps` runs as a subprocess, as an operator runs it, while the
# servers still run. Its counts must be those of the replies the conversations got.

UNKNOWN = "Unknown conditions, by the name asked"
MISSING = "Missing sections, by condition and section"
ERRORS = "Errors"


@dataclass
class Store:
    kind: str
    env: dict[str, str]  # the TRACKER_STORE_* variables `make run` would have
    tracker_store: Any  # endpoints.yml's entry for start_servers
    events: Callable[[], list[tuple]]  # every stored event, read directly
    has_events_table: Callable[[], bool]


def run_gaps(store: Store, *args: str) -> subprocess.CompletedProcess:
    """`python -m bot gaps ARGS` with the store's variables, from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "bot", "gaps", *args],
        cwd=ROOT,
        env={**os.environ, **store.env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def sqlite_store(path: Path) -> Store:
    def events() -> list[tuple]:
        with contextlib.closing(sqlite3.connect(path)) as db:
            return db.execute("SELECT * FROM events ORDER BY id").fetchall()

    def has_table() -> bool:
        if not path.exists():
            return False
        with contextlib.closing(sqlite3.connect(path)) as db:
            return db.execute("SELECT 1 FROM sqlite_master WHERE name = 'events'").fetchone() is not None

    env = {"TRACKER_STORE_DIALECT": "sqlite", "TRACKER_STORE_DB": str(path)}
    return Store(
        "sqlite",
        {**env, "TRACKER_STORE_HOST": "", "TRACKER_STORE_USER": "", "TRACKER_STORE_PASSWORD": ""},
        path,
        events,
        has_table,
    )


def postgres_store(postgres: Postgres) -> Store:
    def query(sql: str) -> list[tuple]:
        with contextlib.closing(postgres.connect()) as db, db.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    env = {
        "TRACKER_STORE_DIALECT": "postgresql",
        "TRACKER_STORE_HOST": f"{postgres.host}:{postgres.port}",
        "TRACKER_STORE_DB": postgres.db,
        "TRACKER_STORE_USER": postgres.user,
        "TRACKER_STORE_PASSWORD": postgres.password,
    }
    return Store(
        "postgresql",
        env,
        postgres.tracker_store(),
        lambda: query("SELECT * FROM events ORDER BY id"),
        lambda: bool(query("SELECT 1 FROM information_schema.tables WHERE table_name = 'events'")),
    )


@dataclass
class Live:
    store: Store
    servers: Servers
    before: subprocess.CompletedProcess  # the report before the servers first ran
    table_before: bool


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    workdir = tmp_path_factory.mktemp(f"gaps-{request.param}")
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            store = sqlite_store(workdir / "trackers.db")
        else:
            store = postgres_store(stack.enter_context(start_postgres()))
        before = run_gaps(store)
        table_before = store.has_events_table()
        servers = stack.enter_context(start_servers(ROOT, workdir, tracker_store=store.tracker_store))
        yield Live(store, servers, before, table_before)


@pytest.fixture(scope="module")
def conversations(live: Live, kb) -> dict[str, Any]:
    """Real conversations through REST; what each message got back, by its sender."""
    from bot.answers.excerpts import ranked

    lacking = next(c for c in kb.conditions.values() if "types" not in c.sections and not ranked(c, "", "types"))
    first, second = f"gaps-{uuid.uuid4().hex}", f"gaps-{uuid.uuid4().hex}"
    script = [
        (first, "what is ALS?"),
        (first, "what is glorbitis?"),
        (first, f"what types of {lacking.name} are there?"),
        (first, "what's the weather in paris"),
        (first, f"zxq vrrp {SECRET}"),
        (first, "/restart"),
        (second, "what are the symptoms of glorbitis? I'm 87"),
    ]
    sent = [(sender, message, payloads(rest(live.servers, sender, message))) for sender, message in script]
    # The action server down: the channel apologises, and Rasa stores the message with no reply.
    stop_actions(live.servers)
    try:
        sent.append((second, "what causes polio?", payloads(rest(live.servers, second, "what causes polio?"))))
    finally:
        restart_actions(ROOT, live.servers)
    return {"sent": sent, "lacking": lacking.name, "report": run_gaps(live.store, "--limit", "0")}


def kinds(conversations: dict[str, Any]) -> list[str]:
    return [replies[0]["kind"] if replies else "" for _, _, replies in conversations["sent"]]


@pytest.mark.servers
def test_before_any_conversation_the_report_says_there_is_none(live) -> None:
    if live.store.kind == "sqlite":
        assert live.before.returncode == 1
        # The last line: importing bot/build/cli.py brings TensorFlow, whose warnings come first.
        last = live.before.stderr.splitlines()[-1]
        assert last.startswith(f"error: no tracker store at {live.store.env['TRACKER_STORE_DB']}:")
    else:
        assert live.before.returncode == 0 and "error" not in live.before.stderr
        assert live.before.stdout.startswith("No conversations recorded yet: postgresql rasa on 127.0.0.1:")
    assert not live.table_before, "the report created the store or its table"


@pytest.mark.servers
def test_the_conversations_got_each_kind_of_reply(conversations) -> None:
    # What the report is checked against: one message of each outcome.
    assert kinds(conversations) == [
        "answer",
        "unknown_condition",
        "missing_section",
        "out_of_scope",
        "fallback",
        "greeting",  # /restart
        "unknown_condition",
        "error",
    ]
    assert conversations["sent"][-1][2][0]["reason"] == "failed"


@pytest.mark.servers
def test_the_report_counts_what_the_bot_could_not_answer(live, conversations) -> None:
    report = conversations["report"]
    assert report.returncode == 0, report.stderr
    out = report.stdout
    assert "8 turns in 2 conversations" in out and "answered: 1 (12.5 %)" in out
    assert summary(out) == {
        "unknown_condition": (2, "25.0 %"),
        "missing_section": (1, "12.5 %"),
        "fallback": (1, "12.5 %"),
        "out_of_scope": (1, "12.5 %"),
        "error": (1, "12.5 %"),  # the turn the action server missed; /restart is no error
    }
    found = tables(out)
    assert found[UNKNOWN] == [["`glorbitis`", "2", "25.0 %"]]
    assert found[MISSING] == [[conversations["lacking"], "types", "1", "12.5 %"]]
    assert found[ERRORS] == [["no reply stored (the action failed)", "1", "12.5 %"]]
    if live.store.kind == "postgresql":
        assert live.store.env["TRACKER_STORE_PASSWORD"] not in out + report.stderr


@pytest.mark.servers
def test_no_message_text_without_examples_and_masked_text_with_them(live, conversations) -> None:
    plain = conversations["report"].stdout
    # "I'm 87" whole: the digits alone may be in the store's port or the report's times.
    for words in (SECRET, "paris", "symptoms", "I'm 87", "polio"):
        assert words not in plain
    shown = run_gaps(live.store, "--examples", "3")
    assert shown.returncode == 0, shown.stderr
    assert f"`zxq vrrp {SECRET}`" in shown.stdout
    assert "`what are the symptoms of glorbitis? I'm ##`" in shown.stdout
    assert "I'm 87" not in shown.stdout


@pytest.mark.servers
def test_the_report_changes_nothing_and_runs_beside_a_conversation(live, conversations) -> None:
    before = live.store.events()
    assert run_gaps(live.store, "--examples", "2").returncode == 0
    assert live.store.events() == before

    # Reports while a conversation goes on, which keeps sending until both reports are done, so
    # that their reads overlap its writes: neither fails, every turn is answered and stored.
    sender = f"gaps-{uuid.uuid4().hex}"
    reports = [
        subprocess.Popen(
            [sys.executable, "-m", "bot", "gaps", "--examples", "1"],
            cwd=ROOT,
            env={**os.environ, **live.store.env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    script = itertools.cycle([("what is polio?", "answer"), ("what is glorbitis?", "unknown_condition")])
    sent: list[tuple[str, str]] = []
    try:
        deadline = time.monotonic() + 120
        while len(sent) < 2 or (any(r.poll() is None for r in reports) and time.monotonic() < deadline):
            message, expected = next(script)
            sent.append((expected, payloads(rest(live.servers, sender, message))[0]["kind"]))
            time.sleep(0.5)  # as a person types: well under the channels' rate limit
    finally:
        results = [process.communicate(timeout=120) for process in reports]
    assert [got for _, got in sent] == [expected for expected, _ in sent]
    assert [process.returncode for process in reports] == [0, 0], [err for _, err in results]
    assert all("# Questions the bot could not answer" in out for out, _ in results)
    after = run_gaps(live.store).stdout
    unknown = 2 + sum(expected == "unknown_condition" for expected, _ in sent)
    assert f"{8 + len(sent)} turns in 3 conversations" in after
    assert summary(after)["unknown_condition"][0] == unknown


@pytest.mark.servers
def test_the_period_options_reach_the_store(live, conversations) -> None:
    # Every turn was today: the last day has them all, the year 2000 none.
    everything, last_day = run_gaps(live.store).stdout, run_gaps(live.store, "--days", "1").stdout
    assert turns_line(last_day) == turns_line(everything) and " 0 turns" not in everything
    assert run_gaps(live.store, "--since", "2000-01-01", "--until", "2000-12-31").stdout.startswith(
        "No conversations in "
    )


def turns_line(report: str) -> str:
    return next(line for line in report.splitlines() if " turns in " in line)
