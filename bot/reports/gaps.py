"""`python -m bot gaps`: the questions the bot could not answer, read from the tracker store.

Reads Rasa's SQL tracker store (table `events`) where `make run` keeps it — SQLite in
build/trackers.db, or PostgreSQL, by the same TRACKER_STORE_* variables — and reports over a
period how many turns (user messages) ended in each kind of gap, judged by the `kind` of the bot
replies that followed the message (../shared/CONTRACT.md):

- `unknown_condition`, by the name asked (an empty name: a question that named no condition);
- `missing_section`, by condition and section;
- `fallback` (not understood), `out_of_scope`, and errors: an `error` reply, or no reply stored
  at all (a failed action).

Messages that the channels refuse before Rasa sees them (too long, too fast) and the replies
the channels themselves send (bot/channels/reply_guard.py) never reach the store, so they are
not counted.

Privacy: by default no message text is printed (the names asked are masked like examples);
`--examples N` adds up to N sample messages per row, with digits, e-mail addresses and URLs
masked.

Safe beside the running servers: SQLite is opened read-only and read in short statements, so
the Rasa server's writes are never held up for long; PostgreSQL reads in a read-only
transaction. Nothing in the store is created or changed, not even an absent table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.vocabulary import (
    ANSWER_KIND,
    ERROR_KIND,
    FALLBACK_KIND,
    FRESH_START_COMMANDS,
    MISSING_SECTION_KIND,
    OUT_OF_SCOPE_KIND,
    UNKNOWN_CONDITION_KIND,
)

# The report's categories, in the order printed: (category, heading, key columns).
CATEGORIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (UNKNOWN_CONDITION_KIND, "Unknown conditions, by the name asked", ("name asked",)),
    (MISSING_SECTION_KIND, "Missing sections, by condition and section", ("condition", "section")),
    (FALLBACK_KIND, "Fallbacks (not understood)", ("reply",)),
    (OUT_OF_SCOPE_KIND, "Out of scope", ("reply",)),
    (ERROR_KIND, "Errors", ("what happened",)),
)
NO_NAME = "(no condition named)"
NO_SECTION = "(none asked)"
NO_REPLY = "no reply stored (the action failed)"

# The environment of `make run` (Makefile, endpoints.yml) and its defaults.
DEFAULT_DIALECT = "sqlite"
DEFAULT_DB = "build/trackers.db"

# Rows per statement: SQLite holds a shared lock while a statement runs, which would stall the
# Rasa server's writes during one long read of a big store.
CHUNK_ROWS = 2000
# Replies are stored with their message, a moment later; a reply this long after `--until` still
# belongs to a message before it.
REPLY_MARGIN_S = 3600.0
SQLITE_BUSY_TIMEOUT_S = 30
EXAMPLE_CHARS = 160
NAME_CHARS = 80


class StoreError(Exception):
    """The store cannot be read (absent, unreachable, refused); the message says which."""


# --- masking --------------------------------------------------------------------------------------

_URL = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s+")


def mask(text: str) -> str:
    """The text with URLs, e-mail addresses and every digit (any script's) masked, on one line.
    URLs go first, since one may hold an address or digits."""
    text = _URL.sub("[url]", text)
    text = _EMAIL.sub("[email]", text)
    text = _DIGIT.sub("#", text)
    return _SPACE.sub(" ", text).strip()


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _cell(text: str) -> str:
    """User text as a Markdown table cell: a code span, so that nothing in it renders as HTML or
    markup; its backticks become quotes and its pipes are escaped (GFM tables split on them)."""
    return "`" + text.replace("`", "'").replace("|", "\\|") + "`"


# --- where the store is ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StoreSettings:
    dialect: str
    db: str
    host: str = ""
    user: str = ""
    password: str = field(default="", repr=False)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> StoreSettings:
        """The TRACKER_STORE_* variables, with `make run`'s defaults for those unset or empty."""
        return cls(
            dialect=environ.get("TRACKER_STORE_DIALECT") or DEFAULT_DIALECT,
            db=environ.get("TRACKER_STORE_DB") or DEFAULT_DB,
            host=environ.get("TRACKER_STORE_HOST", ""),
            user=environ.get("TRACKER_STORE_USER", ""),
            password=environ.get("TRACKER_STORE_PASSWORD", ""),
        )

    def describe(self) -> str:
        """Where the store is, without the password."""
        if self.dialect == "sqlite":
            return f"sqlite {self.db}"
        return f"{self.dialect} {self.db} on {self.host or 'localhost'}"

    def url(self) -> Any:
        """The SQLAlchemy URL: SQLite read-only through its URI form; other databases as Rasa's
        SQLTrackerStore.get_db_url builds them (the host may carry the port)."""
        from urllib.parse import quote, urlsplit

        from sqlalchemy.engine import URL

        if self.dialect == "sqlite":
            path = Path(self.db).resolve()
            return URL.create("sqlite", database=f"file:{quote(str(path))}", query={"mode": "ro", "uri": "true"})
        host: str | None = self.host or None
        port = None
        if host:
            parsed = urlsplit(f"scheme://{host}")
            host, port = parsed.hostname or host, parsed.port
        return URL.create(
            self.dialect,
            username=self.user or None,
            password=self.password or None,
            host=host,
            port=port,
            database=self.db,
        )


# --- reading the events ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    sender: str
    type: str  # "user" or "bot"
    timestamp: float
    data: dict[str, Any]


def read_events(settings: StoreSettings, since: float | None, until: float | None) -> Iterator[Event] | None:
    """The user and bot events from `since`, in the order stored; None when the store has no
    `events` table (nothing recorded yet). Raises StoreError when it cannot be read."""
    import sqlalchemy as sa

    if settings.dialect == "sqlite" and not Path(settings.db).is_file():
        raise StoreError(
            f"no tracker store at {settings.db}: the servers have not run with it yet, or "
            "TRACKER_STORE_DB (or --db) names another file"
        )
    connect_args: dict[str, Any] = (
        {"timeout": SQLITE_BUSY_TIMEOUT_S} if settings.dialect == "sqlite" else {"connect_timeout": 10}
    )
    try:
        engine = sa.create_engine(settings.url(), connect_args=connect_args)
    except Exception as error:  # an unknown dialect or a missing driver
        raise StoreError(f"cannot use the tracker store {settings.describe()}: {error}") from error
    try:
        connection = engine.connect()
        if engine.dialect.name == "postgresql":
            connection = connection.execution_options(postgresql_readonly=True)
        if not sa.inspect(connection).has_table("events"):
            connection.close()
            return None
    except sa.exc.SQLAlchemyError as error:
        engine.dispose()
        raise StoreError(f"cannot read the tracker store {settings.describe()}: {_first_line(error)}") from error
    return _events(engine, connection, since, until)


def _first_line(error: Exception) -> str:
    # SQLAlchemy's messages go on with the statement and a link; the first line says what failed.
    return str(getattr(error, "orig", None) or error).strip().splitlines()[0]


def _events(engine: Any, connection: Any, since: float | None, until: float | None) -> Iterator[Event]:
    import sqlalchemy as sa

    table = sa.table(
        "events",
        sa.column("id"),
        sa.column("sender_id"),
        sa.column("type_name"),
        sa.column("timestamp"),
        sa.column("data"),
    )
    conditions = [table.c.type_name.in_(("user", "bot"))]
    if since is not None:
        conditions.append(table.c.timestamp >= since)
    if until is not None:
        conditions.append(table.c.timestamp < until + REPLY_MARGIN_S)
    try:
        with connection:
            # Events written while we read are left for the next report: a fixed end.
            last = connection.execute(sa.select(sa.func.max(table.c.id))).scalar()
            after = -1
            while last is not None:
                query = (
                    sa.select(table.c.id, table.c.sender_id, table.c.type_name, table.c.timestamp, table.c.data)
                    .where(table.c.id > after, table.c.id <= last, *conditions)
                    .order_by(table.c.id)
                    .limit(CHUNK_ROWS)
                )
                rows = connection.execute(query).fetchall()
                if not rows:
                    break
                for _id, sender, type_name, timestamp, data in rows:
                    try:
                        parsed = json.loads(data)
                    except (TypeError, ValueError):
                        continue  # not Rasa's JSON: nothing to count
                    if isinstance(parsed, dict):
                        yield Event(sender, type_name, float(timestamp or 0.0), parsed)
                after = rows[-1][0]
    except sa.exc.SQLAlchemyError as error:
        raise StoreError(f"reading the tracker store failed: {_first_line(error)}") from error
    finally:
        engine.dispose()


# --- counting ---------------------------------------------------------------------------------------


@dataclass
class Row:
    turns: int = 0
    examples: deque[str] = field(default_factory=deque)


@dataclass
class Report:
    turns: int = 0
    answered: int = 0
    conversations: int = 0
    first: float | None = None
    last: float | None = None
    # category -> its turns, and its rows: key (one value per key column) -> Row
    totals: dict[str, int] = field(default_factory=lambda: {c: 0 for c, _, _ in CATEGORIES})
    rows: dict[str, dict[tuple[str, ...], Row]] = field(default_factory=lambda: {c: {} for c, _, _ in CATEGORIES})


def gap_of(payload: Mapping[str, Any]) -> tuple[str, tuple[str, ...]] | None:
    """The category and row of one reply's payload, or None for a reply that is no gap."""
    kind = payload.get("kind")
    if kind == UNKNOWN_CONDITION_KIND:
        name = _SPACE.sub(" ", str(payload.get("query") or "")).strip().casefold()
        return kind, (name,)
    if kind == MISSING_SECTION_KIND:
        return kind, (str(payload.get("condition") or ""), str(payload.get("section") or NO_SECTION))
    if kind == FALLBACK_KIND:
        if payload.get("reason"):
            return kind, (str(payload["reason"]),)
        return kind, ("listed the topics (second miss in a row)" if "topics" in payload else "asked to rephrase",)
    if kind == OUT_OF_SCOPE_KIND:
        return kind, ("out of scope",)
    if kind == ERROR_KIND:
        return kind, (f"error reply ({payload['reason']})" if payload.get("reason") else "error reply",)
    return None


def _payload(event: Event) -> Mapping[str, Any]:
    """A bot event's contract payload: BotUttered keeps the message's `custom` in `data`."""
    data = event.data.get("data")
    custom = data.get("custom") if isinstance(data, dict) else None
    return custom if isinstance(custom, dict) else {}


class _Counter:
    """Folds the events into turns: a user message and the bot replies after it, until the
    sender's next message."""

    def __init__(self, since: float | None, until: float | None, examples: int) -> None:
        self.since, self.until, self.examples = since, until, examples
        self.report = Report()
        self.open: dict[str, tuple[Event, list[Mapping[str, Any]]]] = {}
        self.senders: set[str] = set()

    def add(self, event: Event) -> None:
        if event.type == "user":
            self._close(event.sender)
            self.open[event.sender] = (event, [])
        elif event.sender in self.open:  # a reply before the period's first message is not counted
            self.open[event.sender][1].append(_payload(event))

    def finish(self) -> Report:
        for sender in list(self.open):
            self._close(sender)
        self.report.conversations = len(self.senders)
        return self.report

    def _close(self, sender: str) -> None:
        if sender not in self.open:
            return
        message, replies = self.open.pop(sender)
        if self.since is not None and message.timestamp < self.since:
            return
        if self.until is not None and message.timestamp >= self.until:
            return
        report = self.report
        report.turns += 1
        self.senders.add(sender)
        report.first = message.timestamp if report.first is None else min(report.first, message.timestamp)
        report.last = message.timestamp if report.last is None else max(report.last, message.timestamp)
        text = str(message.data.get("text") or "")
        gaps = {gap for gap in map(gap_of, replies) if gap is not None}
        # Rasa answers its own restart commands with no message: no reply there is no failure.
        if not replies and text.strip() not in FRESH_START_COMMANDS:
            gaps.add((ERROR_KIND, (NO_REPLY,)))
        if any(reply.get("kind") == ANSWER_KIND for reply in replies):
            report.answered += 1
        for category in {category for category, _ in gaps}:
            report.totals[category] += 1
        for category, key in gaps:
            row = report.rows[category].setdefault(key, Row())
            row.turns += 1
            if self.examples:
                sample = _shorten(mask(text), EXAMPLE_CHARS)
                if sample and sample not in row.examples:
                    row.examples.append(sample)
                    if len(row.examples) > self.examples:  # the latest are the ones to look at
                        row.examples.popleft()


def count(events: Iterable[Event], since: float | None = None, until: float | None = None, examples: int = 0) -> Report:
    """The report of the turns whose message falls in [since, until)."""
    counter = _Counter(since, until, examples)
    for event in events:
        counter.add(event)
    return counter.finish()


# --- the Markdown ---------------------------------------------------------------------------------


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.1f} %" if total else "–"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _when(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")


def render(report: Report, store: str, period: str, examples: int = 0, limit: int = 20) -> str:
    """The report in Markdown: a summary table, then one table per category with rows."""
    total = report.turns
    lines = [
        "# Questions the bot could not answer",
        "",
        f"Tracker store: {store}. Period: {period}.",
        "",
        f"{_plural(total, 'turn')} in {_plural(report.conversations, 'conversation')}, "
        f"the first at {_when(report.first or 0)}, the last at {_when(report.last or 0)}; "
        f"answered: {report.answered} ({_share(report.answered, total)}).",
        "",
        "A turn is one user message; its outcome, the replies stored after it. Turns per gap:",
        "",
        "| gap | turns | share of all turns |",
        "| --- | ---: | ---: |",
    ]
    lines += [
        f"| {category} | {report.totals[category]} | {_share(report.totals[category], total)} |"
        for category, _, _ in CATEGORIES
    ]
    for category, heading, columns in CATEGORIES:
        rows = sorted(report.rows[category].items(), key=lambda item: (-item[1].turns, item[0]))
        if not rows:
            continue
        header = [*columns, "turns", "share"] + (["examples (masked)"] if examples else [])
        lines += ["", f"## {heading}", "", "| " + " | ".join(header) + " |"]
        lines.append(
            "| " + " | ".join(["---"] * len(columns) + ["---:", "---:"] + (["---"] if examples else [])) + " |"
        )
        shown = rows if limit <= 0 else rows[:limit]
        for key, row in shown:
            cells = [_key_cell(category, i, value) for i, value in enumerate(key)]
            cells += [str(row.turns), _share(row.turns, total)]
            if examples:
                cells.append("<br>".join(_cell(sample) for sample in row.examples))
            lines.append("| " + " | ".join(cells) + " |")
        if len(shown) < len(rows):
            rest = rows[len(shown) :]
            turns = _plural(sum(r.turns for _, r in rest), "turn")
            lines += ["", f"… and {_plural(len(rest), 'more row')} ({turns}): `--limit 0` shows all."]
    return "\n".join(lines) + "\n"


def _key_cell(category: str, column: int, value: str) -> str:
    if category == UNKNOWN_CONDITION_KIND:
        # The name asked is the user's own words: masked and shown as text only.
        return _cell(_shorten(mask(value), NAME_CHARS)) if value else NO_NAME
    return value.replace("|", "\\|")


# --- the command ----------------------------------------------------------------------------------


def parse_time(text: str, end_of_day: bool = False) -> float:
    """An ISO date or date-time as a POSIX timestamp; without an offset, in local time. A bare
    date as an end (`--until`) means the end of that day, so that the day is included."""
    text = text.strip()
    try:
        if len(text) == 10:  # YYYY-MM-DD
            day = date.fromisoformat(text)
            moment = datetime(day.year, day.month, day.day) + (timedelta(days=1) if end_of_day else timedelta())
        else:
            moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO date or date-time: {text!r} (e.g. 2026-12-01 or 2026-12-01T08:30)"
        ) from None
    return moment.timestamp()


def _count_arg(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot gaps",
        description="What users asked that the bot could not answer, from the tracker store "
        "(read only). Prints Markdown; no message text unless --examples.",
        epilog="The store is the one `make run` uses: TRACKER_STORE_DIALECT (default sqlite), "
        "TRACKER_STORE_DB (default build/trackers.db), TRACKER_STORE_HOST, TRACKER_STORE_USER and "
        "TRACKER_STORE_PASSWORD (the password only from the environment, never on the command line).",
    )
    period = parser.add_argument_group("period (default: all time; times without an offset are local)")
    start = period.add_mutually_exclusive_group()
    start.add_argument(
        "--since", metavar="WHEN", help="from this date or date-time on (ISO: 2026-12-01, 2026-12-01T08:30)"
    )
    start.add_argument("--days", type=_count_arg, metavar="N", help="the last N days")
    period.add_argument("--until", metavar="WHEN", help="before this date-time; a date includes that whole day")
    parser.add_argument(
        "--examples",
        type=_count_arg,
        default=0,
        metavar="N",
        help="show up to N sample messages per row, digits, e-mail addresses and URLs masked (default 0: no text)",
    )
    parser.add_argument("--limit", type=_count_arg, default=20, metavar="N", help="rows per table (default 20, 0: all)")
    store = parser.add_argument_group("tracker store (default: the TRACKER_STORE_* variables)")
    store.add_argument("--dialect", help="sqlite or postgresql")
    store.add_argument("--db", help="the SQLite file, or the database name")
    store.add_argument("--host", help="host[:port] of the database server")
    store.add_argument("--user", help="database user")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    from_env = StoreSettings.from_environment(os.environ)
    settings = StoreSettings(
        dialect=args.dialect or from_env.dialect,
        db=args.db or from_env.db,
        host=from_env.host if args.host is None else args.host,
        user=from_env.user if args.user is None else args.user,
        password=from_env.password,
    )
    try:
        since = time.time() - args.days * 86400 if args.days is not None else _time_arg(args.since)
        until = _time_arg(args.until, end_of_day=True)
    except argparse.ArgumentTypeError as error:
        parser.error(str(error))
    if since is not None and until is not None and since >= until:
        parser.error("--until must come after the start of the period")
    period = _describe_period(args, since, until)
    try:
        events = read_events(settings, since, until)
        if events is None:
            print(f"No conversations recorded yet: {settings.describe()} has no events table.")
            return 0
        report = count(events, since, until, args.examples)
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if report.turns == 0:
        print(f"No conversations in {settings.describe()} for {period}: nothing to report.")
        return 0
    sys.stdout.write(render(report, settings.describe(), period, args.examples, args.limit))
    return 0


def _time_arg(text: str | None, end_of_day: bool = False) -> float | None:
    return None if text is None else parse_time(text, end_of_day)


def _describe_period(args: argparse.Namespace, since: float | None, until: float | None) -> str:
    days = f"the last {_plural(args.days, 'day')}, " if args.days is not None else ""
    if since is None:
        return "all time" if until is None else f"before {_when(until)}"
    if until is None:
        return f"{days}from {_when(since)}"
    return f"{days}{_when(since)} to {_when(until)}"


if __name__ == "__main__":
    sys.exit(main())
