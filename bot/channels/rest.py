"""REST channel: Rasa's, with the project's message limits and a lenient request body.

Registered in credentials.yml as `bot.channels.rest.RestInput` (still named `rest`: the webhook
stays POST /webhooks/rest/webhook {"sender": "...", "message": "..."}).

Differences from Rasa 3.6's channel:

- Messages go through `bot.channels.reply_guard.guarded`: the message limits (length, messages
  per sender per second) and an `error` reply when handling fails or is slow.
- A body that is not valid UTF-8 is decoded with U+FFFD for the bad bytes and answered like any
  message (Rasa's answers 400 without a reply); so is a lone surrogate escape ("\\ud800").
- A body that is not a JSON object, that lacks `message`, or whose `message` or `sender` is not
  a string or number, is refused with 400 and a JSON `error` saying what is expected (Rasa's:
  500, or 200 with no reply).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.reply_guard import guarded

LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def request_body(request: Request) -> Any:
    """The request's JSON, with invalid UTF-8 replaced rather than refused; None if not JSON.
    Parsed once per request."""
    if not hasattr(request.ctx, "rest_body"):
        try:
            request.ctx.rest_body = json.loads(request.body.decode("utf-8", errors="replace"))
        except (ValueError, RecursionError):  # RecursionError: nesting too deep for the parser
            request.ctx.rest_body = None
    return request.ctx.rest_body


def body_problem(body: Any) -> str | None:
    """What is wrong with a webhook body, or None."""
    if not isinstance(body, dict):
        return 'expected a JSON object: {"sender": "...", "message": "..."}'
    if body.get("message") is None:
        return "'message' is missing"
    for key in ("sender", "message"):
        value = body.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (str, int, float))):
            return f"'{key}' must be a string"
    return None


def _text(value: Any) -> str | None:
    """A string of the body as text; lone surrogates ("\\ud800", valid JSON but not Unicode text)
    become U+FFFD, since they cannot be encoded in replies, logs or tracker stores."""
    return None if value is None else LONE_SURROGATE.sub("\ufffd", str(value))


class RestInput(RasaRestInput):
    """Rasa's REST input behind the project's limits (see the module's docstring)."""

    async def _extract_sender(self, req: Request) -> str | None:
        return _text(request_body(req).get("sender"))

    def _extract_message(self, req: Request) -> str | None:
        return _text(request_body(req).get("message"))

    def _extract_input_channel(self, req: Request) -> str:
        value = request_body(req).get("input_channel")
        return value if isinstance(value, str) and value else self.name()

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        metadata = request_body(request).get("metadata")
        return metadata if isinstance(metadata, dict) else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(guarded(on_new_message))

        @webhook.middleware("request")
        async def check_body(request: Request) -> HTTPResponse | None:
            if request.method != "POST" or not request.path.rstrip("/").endswith("/webhook"):
                return None
            problem = body_problem(request_body(request))
            if problem:
                return response.json({"error": problem}, status=HTTPStatus.BAD_REQUEST)
            return None

        return webhook
