"""bot/channels/speedups.py: Rasa does once what it did per message, with the same results."""

from __future__ import annotations

import jsonschema
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig

from bot.channels import speedups


@pytest.fixture(scope="module", autouse=True)
def installed() -> None:
    speedups.install()
    speedups.install()  # idempotent: a second channel's call changes nothing


def test_every_event_type_resolves_to_rasas_class() -> None:
    classes = [cls for cls in all_subclasses(Event) if getattr(cls, "type_name", None)]
    assert len(classes) > 20
    for cls in classes:
        expected = next(c for c in all_subclasses(Event) if c.type_name == cls.type_name)
        assert Event.resolve_by_type(cls.type_name) is expected
        assert Event.resolve_by_type(cls.type_name) is expected  # remembered: the same again


def test_an_unknown_type_gets_the_callers_default_or_raises_each_time() -> None:
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    assert Event.resolve_by_type("no_such_event", default=UserUttered) is UserUttered
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("topic") is None


def test_events_still_round_trip() -> None:
    events = [UserUttered("hi", {"name": "greet"}), SlotSet("condition", "Stroke"), ActionExecuted("action_listen")]
    assert [Event.from_parameters(e.as_dict()) for e in events] == events


RESULTS = [
    {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"text": "hi", "custom": {}}]},
    {"events": [], "responses": []},
    {},
    {"events": "not a list"},
    {"events": [{"no_event_key": 1}]},
    {"events": [{"event": "slot"}], "responses": "nope"},
]


@pytest.mark.parametrize("result", RESULTS, ids=str)
def test_action_results_validate_as_rasa_validates_them(result: dict) -> None:
    action = RemoteAction("action_answer_section", EndpointConfig("http://127.0.0.1:1"))
    try:
        jsonschema.validate(result, RemoteAction.action_response_format_spec())  # what Rasa calls
    except ValidationError as rasas:
        with pytest.raises(ValidationError, match="Failed to validate Action server response") as ours:
            action._validate_action_result(result)
        assert ours.value.message.startswith(rasas.message) and ours.value.path == rasas.path
    else:
        assert action._validate_action_result(result) is True


MESSAGES = [
    "what is ALS?",
    "how is it treated",
    "symtoms of polo",
    "Subject: my mother. Hi, she was told she has osteoarthritis last week; what can we do at home? Thanks",
    "my dad's face is drooping and he can't lift his arm",
    "zxq vrrp",
    "hi",
]


@pytest.mark.model
async def test_messages_parse_as_with_rasas_graph_runner() -> None:
    """The trained model's NLU graph, run in order by the project and by Rasa's dask runner."""
    from rasa.core.agent import Agent
    from rasa.engine.runner.dask import DaskGraphRunner

    from tests.helpers import ROOT

    agent = Agent.load(str(ROOT / "models" / "health-assistant.tar.gz"))
    ours = [await agent.parse_message(text) for text in MESSAGES]
    ours_again = [await agent.parse_message(text) for text in MESSAGES]  # the graph built once, reused
    ordered = DaskGraphRunner.run
    try:
        DaskGraphRunner.run = ordered.__wrapped__
        rasas = [await agent.parse_message(text) for text in MESSAGES]
    finally:
        DaskGraphRunner.run = ordered
    assert ours == rasas == ours_again
    assert {parsed["intent"]["name"] for parsed in ours} >= {"ask_overview", "greet", "emergency"}


async def test_calls_of_an_endpoint_share_a_connection_until_it_idles() -> None:
    """As Rasa calls the action server: one connection for calls in quick succession, a new
    one once the kept one has idled out, and every call answered."""
    import asyncio

    from aiohttp import web

    from scripts.harness import free_port

    peers: list[int] = []

    async def webhook(request: web.Request) -> web.Response:
        peers.append(request.transport.get_extra_info("peername")[1])
        return web.json_response({"events": [], "responses": [], "got": await request.json()})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
        answers = [await endpoint.request(json={"n": n}) for n in range(5)]
        await asyncio.sleep(speedups.KEEP_ALIVE_SECONDS + 0.5)
        answers.append(await endpoint.request(json={"n": 5}))
    finally:
        await runner.cleanup()
    assert [answer["got"]["n"] for answer in answers] == list(range(6))
    assert len(set(peers[:5])) == 1 and peers[5] != peers[0]
