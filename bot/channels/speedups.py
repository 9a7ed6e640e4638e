"""Work Rasa 3.6 repeats on every message that can be done once, in the Rasa server process.

Found with py-spy on the project's Rasa server under load (`make profile`), each a share of the
server's samples:

- `Event.resolve_by_type` walks every subclass of `Event` (`all_subclasses`, with
  `inspect.isabstract` on each) for every event it reads from the tracker store: about 5 %, and
  more as a conversation grows. The classes do not change once imported, so each type name is
  looked up once and remembered; a name not found goes to Rasa's own code every time, which
  returns the caller's default or raises as before.
- `RemoteAction._validate_action_result` calls `jsonschema.validate`, which checks the schema
  itself and builds a validator on every action call: about 8 %. The schema is a constant, so its
  validator is built once; it reports the same error (`best_match`) with Rasa's message.
- `DaskGraphRunner.run` works out the graph's nodes the targets need (recursively, every time)
  and hands the graph to dask's scheduler, for a chain of a dozen NLU components or two policies
  run one after the other in one thread anyway: about 8 % together. The graph of each set of
  targets is built once, and its nodes are called in dependency order, each once, as dask does.
- `EndpointConfig.request` opens a new HTTP session, and so a new connection, for every call of
  the action server, and closes it after: about 4 % with the action server's side of it. Each
  endpoint keeps one session per event loop, whose idle connections close after
  `KEEP_ALIVE_SECONDS`, well before the action server would close them (Sanic: 5 s).

`install()` is called by `reply_guard.guarded`, which every channel of the project calls when the
server starts; it is idempotent. tests/test_speedups.py checks that the results are Rasa's own.
"""

from __future__ import annotations

from typing import Any

_installed = False
KEEP_ALIVE_SECONDS = 1.0


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    _remember_event_classes()
    _validate_with_one_validator()
    _run_graphs_in_order()
    _keep_connections_open()


def _remember_event_classes() -> None:
    from rasa.shared.core.events import Event

    resolve = Event.resolve_by_type
    known: dict[str, type[Event]] = {}

    def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
        found = known.get(type_name)
        if found is None:
            found = resolve(type_name, default)
            if found is not None and getattr(found, "type_name", None) == type_name:
                known[type_name] = found  # never the caller's default
        return found

    Event.resolve_by_type = staticmethod(resolve_by_type)


def _validate_with_one_validator() -> None:
    from jsonschema import ValidationError, exceptions, validators
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        error: ValidationError | None = exceptions.best_match(validator.iter_errors(result))
        if error is not None:
            error.message += (  # Rasa's own wording
                f". Failed to validate Action server response from API, "
                f"make sure your response from the Action endpoint is valid. "
                f"For more information about the format visit "
                f"{DOCS_BASE_URL}/custom-actions"
            )
            raise error
        return True

    RemoteAction._validate_action_result = _validate_action_result


def _run_graphs_in_order() -> None:
    from rasa.engine.exceptions import GraphRunError
    from rasa.engine.runner.dask import DaskGraphRunner

    def run(
        self: DaskGraphRunner, inputs: dict[str, Any] | None = None, targets: list[str] | None = None
    ) -> dict[str, Any]:
        run_targets = targets if targets else self._graph_schema.target_names
        graphs = self.__dict__.setdefault("_graphs_by_targets", {})
        graph = graphs.get(tuple(run_targets))
        if graph is None:
            graph = self._build_dask_graph(self._graph_schema.minimal_graph_schema(run_targets))
            graphs[tuple(run_targets)] = graph
        graph = dict(graph)
        self._add_inputs_to_graph(inputs, graph)
        try:
            return _compute(graph, run_targets)
        except RuntimeError as error:  # as Rasa's run reports a failed graph
            raise GraphRunError("Error running runner.") from error

    run.__wrapped__ = DaskGraphRunner.run  # type: ignore[attr-defined]  # Rasa's, for the tests to compare
    DaskGraphRunner.run = run


def _compute(graph: dict[str, Any], targets: list[str]) -> dict[str, Any]:
    """What Rasa's run returns for a dask graph as Rasa builds it: a node is (callable, *names of
    the nodes whose values it takes) and returns (its name, its output); an input is a plain
    value. By target name, each target's output."""
    values: dict[str, Any] = {}

    def value(name: str) -> Any:
        if name not in values:
            task = graph[name]
            if isinstance(task, tuple) and task and callable(task[0]):
                values[name] = task[0](*(value(needed) for needed in task[1:]))
            else:
                values[name] = task
        return values[name]

    return dict(value(target) for target in targets)


def _keep_connections_open() -> None:
    import asyncio
    import contextlib

    import aiohttp
    from rasa.utils.endpoints import EndpointConfig

    new_session = EndpointConfig.session
    sessions: dict[tuple, aiohttp.ClientSession] = {}

    def session(self: EndpointConfig) -> contextlib.AbstractAsyncContextManager[aiohttp.ClientSession]:
        # By what Rasa's session is made of, and the loop it runs on (a Sanic worker has its own).
        key = (id(asyncio.get_running_loop()), self.url, repr(self.headers), repr(self.basic_auth))
        kept = sessions.get(key)
        if kept is None or kept.closed:
            made = new_session(self)
            kept = aiohttp.ClientSession(
                headers=made.headers,
                auth=made.auth,
                timeout=made.timeout,
                connector=aiohttp.TCPConnector(keepalive_timeout=KEEP_ALIVE_SECONDS),
            )
            asyncio.get_running_loop().create_task(made.close())
            sessions[key] = kept
        return contextlib.nullcontext(kept)  # Rasa's `async with` leaves it open

    EndpointConfig.session = session
