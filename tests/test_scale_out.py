"""Scale-out on Rasa's own stack: the production layout of docs/deploy.md, on loopback.

Two Rasa servers behind a round-robin proxy share a PostgreSQL tracker store (Rasa's
SQLTrackerStore) and a Redis lock store (Rasa's RedisLockStore with atomic tickets,
bot.stores.lock_store.AtomicRedisLockStore); two action servers sit behind a second proxy. The
Rasa proxy rotates each conversation's messages over the servers, so every turn lands on the
other server than the turn before: its context ("what causes it?") can only come
from PostgreSQL. The checks: every turn is answered right and in order, and PostgreSQL holds
each event exactly once — the same events as the same conversation held by a single server.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import os
import subprocess
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.proxy import UPSTREAM_HEADER, RoundRobinProxy
from tests.servers import free_port, spawn_actions, spawn_rasa, stop_processes, wait_until_up
from tests.stores import Postgres, Redis, start_postgres, start_redis

pytestmark = pytest.mark.servers
ROOT = Path(__file__).resolve().parents[1]
ALS = "Amyotrophic lateral sclerosis"
RA = "Rheumatoid arthritis"

# Multi-turn conversations whose later turns need the earlier ones' condition or section.
Turn = tuple[str, dict[str, Any]]
SCRIPTS: list[list[Turn]] = [
    [
        ("what is ALS?", {"kind": "answer", "condition": ALS, "section": "overview"}),
        ("what causes it?", {"kind": "answer", "condition": ALS, "section": "causes"}),
        ("how is it treated?", {"kind": "answer", "condition": ALS, "section": "treatment"}),
        ("tell me about muscle atrophy", {"kind": "answer", "condition": "Muscle atrophy", "section": "overview"}),
        ("what are the symptoms?", {"kind": "answer", "condition": "Muscle atrophy", "section": "symptoms"}),
    ],
    [
        ("how is ALS treated?", {"kind": "answer", "condition": ALS, "section": "treatment"}),
        ("what causes it?", {"kind": "answer", "condition": ALS, "section": "causes"}),
        ("what about polio?", {"kind": "answer", "condition": "Polio", "section": "causes"}),
        ("and how is that treated", {"kind": "answer", "condition": "Polio", "section": "treatment"}),
        ("and osteoarthritis?", {"kind": "answer", "condition": "Osteoarthritis", "section": "treatment"}),
    ],
    [
        ("what are the symptoms of a stroke?", {"kind": "answer", "condition": "Stroke", "section": "symptoms"}),
        ("how is it treated?", {"kind": "answer", "condition": "Stroke", "section": "treatment"}),
        ("what is lupus?", {"kind": "unknown_condition", "query": "lupus"}),
        ("what about stroke", {"kind": "answer", "condition": "Stroke", "section": "overview"}),
        ("what causes it?", {"kind": "answer", "condition": "Stroke", "section": "causes"}),
    ],
    [
        ("what causes arthritis?", {"kind": "disambiguation", "candidates": ["Osteoarthritis", RA]}),
        ("the second one", {"kind": "answer", "condition": RA, "section": "causes"}),
        ("how is it treated?", {"kind": "answer", "condition": RA, "section": "treatment"}),
        ("what are the symptoms?", {"kind": "answer", "condition": RA, "section": "symptoms"}),
        ("what about polio?", {"kind": "answer", "condition": "Polio", "section": "symptoms"}),
    ],
]
CONVERSATIONS = 8  # concurrent, each script twice


@dataclass
class Cluster:
    rasa: list[str]  # the Rasa servers' URLs
    actions: list[str]  # the action servers' URLs
    rasa_proxy: RoundRobinProxy
    action_proxy: RoundRobinProxy
    postgres: Postgres
    redis: Redis
    logs: Path
    processes: list[subprocess.Popen] = field(default_factory=list)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    model = ROOT / "models" / "health-assistant.tar.gz"
    if not model.exists():
        raise RuntimeError(f"{model} is missing: run 'make train' first (make test does)")
    logs = tmp_path_factory.mktemp("scale-out")
    with contextlib.ExitStack() as stack:
        postgres = stack.enter_context(start_postgres())
        redis = stack.enter_context(start_redis())
        # Both the action servers and the Rasa servers listen on loopback only; the rate limiter
        # is per process and off here, since the test itself sends bursts.
        env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "SANIC_HOST": "127.0.0.1",
            "HEALTHBOT_MAX_MESSAGES_PER_SECOND": "0",
        }
        processes: list[subprocess.Popen] = []
        stack.callback(stop_processes, processes)  # runs before the stores stop: Rasa first, then the data
        action_ports = [free_port(), free_port()]
        for number, port in enumerate(action_ports, 1):
            processes.append(spawn_actions(ROOT, port, logs / f"actions-{number}.log", env))
        actions = [f"http://127.0.0.1:{port}" for port in action_ports]
        action_proxy = stack.enter_context(RoundRobinProxy(actions))

        endpoints = logs / "endpoints.yml"
        endpoints.write_text(
            yaml.safe_dump(
                {
                    "action_endpoint": {"url": f"{action_proxy.url}/webhook"},
                    "tracker_store": postgres.tracker_store(),
                    "lock_store": redis.lock_store(),
                },
                sort_keys=False,
            )
        )
        # Started together: each takes about a minute to load the model on a small machine.
        rasa_ports = [free_port(), free_port()]
        for number, port in enumerate(rasa_ports, 1):
            processes.append(spawn_rasa(ROOT, port, endpoints, logs / f"rasa-{number}.log", env))
        rasa = [f"http://127.0.0.1:{port}" for port in rasa_ports]
        for url, process, name in zip(
            actions + rasa, processes, ["actions-1", "actions-2", "rasa-1", "rasa-2"], strict=False
        ):
            wait_until_up(f"{url}/health" if url in actions else f"{url}/", process, logs / f"{name}.log")
        rasa_proxy = stack.enter_context(RoundRobinProxy(rasa, per_sender=True))
        yield Cluster(rasa, actions, rasa_proxy, action_proxy, postgres, redis, logs, processes)


def send(base_url: str, sender: str, message: str) -> tuple[str, list[dict[str, Any]]]:
    """One REST turn: (the upstream that answered, or `base_url` itself if no proxy, replies)."""
    request = urllib.request.Request(
        f"{base_url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        upstream = response.headers.get(UPSTREAM_HEADER) or base_url.split("://", 1)[1]
        return upstream, json.load(response)


def payloads(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [reply["custom"] for reply in replies if "custom" in reply]


def texts(replies: list[dict[str, Any]]) -> list[str]:
    return [reply["text"] for reply in replies if "text" in reply]


def stored_events(postgres: Postgres, sender: str) -> list[dict[str, Any]]:
    """The sender's rows of Rasa's `events` table, in the order they were written."""
    with contextlib.closing(postgres.connect()) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT type_name, action_name, intent_name, timestamp, data FROM events WHERE sender_id = %s ORDER BY id",
            (sender,),
        )
        return [
            {"type": t, "action": a, "intent": i, "timestamp": ts, "data": json.loads(d)}
            for t, a, i, ts, d in cursor.fetchall()
        ]


def duplicated_events(postgres: Postgres, senders: list[str]) -> list[tuple]:
    with contextlib.closing(postgres.connect()) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT sender_id, type_name, timestamp, count(*) FROM events WHERE sender_id = ANY(%s) "
            "GROUP BY sender_id, type_name, timestamp, data HAVING count(*) > 1",
            (senders,),
        )
        return cursor.fetchall()


def turns(events: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The events split at each `user` event: turn k is user message k and what followed it."""
    split: list[list[dict[str, Any]]] = []
    for event in events:
        if event["type"] == "user":
            split.append([])
        if split:
            split[-1].append(event)
    return split


def shape(events: list[dict[str, Any]]) -> list[tuple]:
    """What a conversation's events are, without the timestamps and ids that differ each run."""
    return [(e["type"], e["action"], e["intent"]) for e in events]


def bot_replies(turn: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str]:
    """A turn's `bot` events as the REST channel sends them: payloads, and the text."""
    bots = [e["data"] for e in turn if e["type"] == "bot"]
    custom = [b["data"]["custom"] for b in bots if (b.get("data") or {}).get("custom")]
    return custom, "\n\n".join(b["text"].strip() for b in bots if b.get("text"))


def assert_turns_stored_as_answered(events: list[dict[str, Any]], sent: list[tuple[str, list[dict[str, Any]]]]) -> None:
    """Each message once, in the order sent, followed by exactly the bot events whose replies
    the client received, and nothing of another turn in between."""
    assert [e["data"]["text"] for e in events if e["type"] == "user"] == [message for message, _ in sent]
    for (message, replies), turn in zip(sent, turns(events), strict=False):
        custom, text = bot_replies(turn)
        assert custom == payloads(replies), message
        assert text == "\n\n".join(texts(replies)), message
        # A turn ends by listening again: the next user event starts a new turn, not the middle.
        assert (turn[-1]["type"], turn[-1]["action"]) == ("action", "action_listen"), message
    stamps = [e["timestamp"] for e in events]
    assert stamps == sorted(stamps), "events written out of order"


def converse(base_url: str, sender: str, script: list[Turn]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """The script's turns one after another, as a person waits for each reply."""
    return [(message, *send(base_url, sender, message)) for message, _ in script]


@pytest.fixture(scope="module")
def conversations(cluster: Cluster) -> dict[str, Any]:
    """CONVERSATIONS concurrent conversations through the proxy, and each script once straight
    to the first Rasa server (the single-server reference), all at the same time."""
    run = uuid.uuid4().hex[:8]
    scaled = {f"scaled-{run}-{n}": SCRIPTS[n % len(SCRIPTS)] for n in range(CONVERSATIONS)}
    single = {f"single-{run}-{n}": script for n, script in enumerate(SCRIPTS)}
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(len(scaled) + len(single)) as pool:
        futures = {
            sender: pool.submit(converse, cluster.rasa_proxy.url, sender, script) for sender, script in scaled.items()
        }
        futures.update(
            {sender: pool.submit(converse, cluster.rasa[0], sender, script) for sender, script in single.items()}
        )
        results = {sender: future.result() for sender, future in futures.items()}
    return {"scaled": scaled, "single": single, "results": results, "seconds": time.monotonic() - started}


def test_each_turn_goes_to_the_other_rasa_server(cluster, conversations):
    servers = [url.split("://", 1)[1] for url in cluster.rasa]
    for sender in conversations["scaled"]:
        upstreams = [upstream for _, upstream, _ in conversations["results"][sender]]
        assert upstreams == [servers[n % 2] for n in range(len(upstreams))], sender
    # The actions of both Rasa servers were shared out over both action servers as well.
    assert all(cluster.action_proxy.hits[url] > 0 for url in cluster.actions), cluster.action_proxy.hits


def test_every_turn_is_answered_with_its_context(conversations):
    for sender, script in {**conversations["scaled"], **conversations["single"]}.items():
        for (message, expected), (sent, _, replies) in zip(script, conversations["results"][sender], strict=False):
            assert sent == message
            [payload] = payloads(replies)
            assert {key: payload.get(key) for key in expected} == expected, (sender, message, payload)


def test_postgresql_holds_every_event_once_and_in_order(cluster, conversations):
    results = conversations["results"]
    assert not duplicated_events(cluster.postgres, list(results))
    reference = {
        tuple(m for m, _ in script): stored_events(cluster.postgres, sender)
        for sender, script in conversations["single"].items()
    }
    for sender, script in {**conversations["scaled"], **conversations["single"]}.items():
        events = stored_events(cluster.postgres, sender)
        assert_turns_stored_as_answered(events, [(message, replies) for message, _, replies in results[sender]])
        # The very events one server alone writes for the same conversation: none lost on the
        # way between servers, none written twice.
        single = reference[tuple(m for m, _ in script)]
        assert len(events) == len(single), sender
        assert shape(events) == shape(single), sender


def lock_tickets_seen(redis: Redis, sender: str, stop_event: threading.Event) -> list[int]:
    """How many tickets the sender's lock in Redis held, polled until `stop_event` is set."""
    client = redis.client()
    seen = [0]
    while not stop_event.is_set():
        raw = client.get(f"lock:{sender}")  # RedisLockStore's key: "lock:" + conversation id
        if raw:
            seen.append(len(json.loads(raw)["tickets"]))
        time.sleep(0.002)
    return seen


def assert_stored_one_turn_after_the_other(cluster: Cluster, sender: str, answered: dict[str, list]) -> list[str]:
    """Both turns stored whole, one after the other, as the same two messages sent one after
    the other to one server store them; returns the messages in the order they were handled."""
    events = stored_events(cluster.postgres, sender)
    order = [e["data"]["text"] for e in events if e["type"] == "user"]
    assert sorted(order) == sorted(answered), "a message is missing from the tracker store"
    assert_turns_stored_as_answered(events, [(message, answered[message]) for message in order])
    assert not duplicated_events(cluster.postgres, [sender])
    reference = f"sequential-{uuid.uuid4().hex}"
    for message in order:
        send(cluster.rasa[0], reference, message)
    assert shape(events) == shape(stored_events(cluster.postgres, reference))
    return order


MESSAGES = {"how is ALS treated?": (ALS, "treatment"), "what causes polio?": ("Polio", "causes")}


def assert_answered(answered: dict[str, list]) -> None:
    for message, (condition, section) in MESSAGES.items():
        [payload] = payloads(answered[message])
        assert (payload["kind"], payload["condition"], payload["section"]) == ("answer", condition, section)


def test_a_message_arriving_at_the_other_server_mid_turn_waits_for_the_redis_lock(cluster):
    """The second message of a sender reaches the second server while the first server is still
    answering the first (its action server call is held for a second): it queues on the lock in
    Redis, then runs on the tracker the first turn stored."""
    sender = f"overlap-{uuid.uuid4().hex}"
    (first, second), (server_1, server_2) = list(MESSAGES), cluster.rasa
    done = threading.Event()
    cluster.action_proxy.delay_s = 1.0
    try:
        with concurrent.futures.ThreadPoolExecutor(3) as pool:
            watcher = pool.submit(lock_tickets_seen, cluster.redis, sender, done)
            answers = {first: pool.submit(send, server_1, sender, first)}
            client = cluster.redis.client()
            deadline = time.monotonic() + 60
            while not client.exists(f"lock:{sender}"):  # the first turn holds the lock
                assert time.monotonic() < deadline and not answers[first].done(), "the first turn took no lock"
                time.sleep(0.005)
            answers[second] = pool.submit(send, server_2, sender, second)
            answered = {message: answer.result()[1] for message, answer in answers.items()}
            done.set()
            tickets = watcher.result()
    finally:
        cluster.action_proxy.delay_s = 0.0
    assert_answered(answered)
    # The second server waited: the lock in Redis held both servers' tickets at once.
    assert max(tickets) == 2, tickets
    assert assert_stored_one_turn_after_the_other(cluster, sender, answered) == [first, second]


def test_simultaneous_messages_of_one_sender_on_two_servers_are_serialised(cluster):
    sender = f"simultaneous-{uuid.uuid4().hex}"
    start = threading.Barrier(len(MESSAGES))

    def at_once(server: str, message: str) -> list[dict[str, Any]]:
        start.wait()
        return send(server, sender, message)[1]

    with concurrent.futures.ThreadPoolExecutor(len(MESSAGES)) as pool:
        # Straight to the two servers, not through the proxy, so that each surely gets one.
        answers = {
            message: pool.submit(at_once, server, message)
            for server, message in zip(cluster.rasa, MESSAGES, strict=False)
        }
        answered = {message: answer.result() for message, answer in answers.items()}
    assert_answered(answered)
    assert_stored_one_turn_after_the_other(cluster, sender, answered)
