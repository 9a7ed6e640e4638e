"""Fakes of Telegram's Bot API and Slack's Web API on a loopback port, recording every call.

One stdlib HTTP server answers both, the way the real services do:

- Telegram: POST/GET `/bot<token>/<method>` with form, multipart or JSON parameters; answers
  `{"ok": true, "result": …}`, or `{"ok": false, "error_code", "description"}` with the HTTP
  status of the error (401 for a wrong token, 400 for a bad request, 404 for an unknown
  method). It enforces the limits the channel must respect: message text 1–4096 characters,
  callback_data 1–64 bytes.
- Slack: POST `/api/<method>` with JSON or form parameters and `Authorization: Bearer <token>`;
  answers HTTP 200 with `{"ok": true, …}` or `{"ok": false, "error": "…"}`. chat.postMessage
  checks the channel, text or blocks, at most 50 blocks, section text at most 3000 characters,
  button text at most 75 and message text at most 40000.

Every call is recorded (platform, method, token, params, the error answered if any), so tests
can assert what the bot sent.
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TELEGRAM_TEXT_LIMIT = 4096
TELEGRAM_CALLBACK_DATA_LIMIT = 64
SLACK_BLOCK_LIMIT = 50
SLACK_SECTION_TEXT_LIMIT = 3000
SLACK_BUTTON_TEXT_LIMIT = 75
SLACK_MESSAGE_TEXT_LIMIT = 40000

# Test settings of the channels (see `FakePlatforms.channel_env`); nothing real.
TELEGRAM_WEBHOOK_URL = "https://healthbot.example.test/webhooks/telegram/webhook"
TELEGRAM_SECRET_TOKEN = "test-secret-token"
SLACK_SIGNING_SECRET = "test-signing-secret"


@dataclass
class Call:
    platform: str  # "telegram" or "slack"
    method: str  # e.g. "sendMessage", "chat.postMessage"
    token: str
    params: dict[str, Any]
    error: str | None = None  # the error answered, None when the call succeeded
    at: float = field(default_factory=time.monotonic)


class APIError(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class FakePlatforms:
    """Telegram's Bot API and Slack's Web API, faked on 127.0.0.1 (a free port)."""

    def __init__(
        self,
        telegram_token: str = "123456789:TEST-telegram-token",
        telegram_username: str = "health_test_bot",
        slack_token: str = "xoxb-test-slack-token",
    ) -> None:
        self.telegram_token = telegram_token
        self.telegram_username = telegram_username
        self.slack_token = slack_token
        self.calls: list[Call] = []
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._server is not None, "not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def telegram_api_url(self) -> str:
        return self.url

    @property
    def slack_api_url(self) -> str:
        return f"{self.url}/api/"

    def start(self) -> FakePlatforms:
        fake = self

        class Handler(_Handler):
            platforms = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-platforms", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakePlatforms:
        return self.start()

    def __exit__(self, *_: Any) -> None:
        self.stop()

    def channel_env(self) -> dict[str, str]:
        """The environment that points the Telegram and Slack channels at this fake."""
        return {
            "TELEGRAM_TOKEN": self.telegram_token,
            "TELEGRAM_BOT_NAME": self.telegram_username,
            "TELEGRAM_WEBHOOK_URL": TELEGRAM_WEBHOOK_URL,
            "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET_TOKEN,
            "TELEGRAM_API_URL": self.telegram_api_url,
            "SLACK_TOKEN": self.slack_token,
            "SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
            "SLACK_API_URL": self.slack_api_url,
        }

    # -- what tests look at ----------------------------------------------------------------

    def calls_of(self, method: str, where: Callable[[Call], bool] | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method and (where is None or where(c))]

    def wait_for(
        self, method: str, where: Callable[[Call], bool] | None = None, count: int = 1, timeout: float = 60
    ) -> list[Call]:
        """The calls of `method` matching `where`, once there are at least `count` of them."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.calls_of(method, where)
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def errors(self) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.error]

    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)

    # -- Telegram --------------------------------------------------------------------------

    def telegram(self, token: str, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        call = Call("telegram", method, token, params)
        try:
            if token != self.telegram_token:
                raise APIError(HTTPStatus.UNAUTHORIZED, "Unauthorized")
            handler = getattr(self, f"_telegram_{method.lower()}", None)
            if handler is None:
                raise APIError(HTTPStatus.NOT_FOUND, "Not Found")
            result = handler(params)
            status, body = HTTPStatus.OK, {"ok": True, "result": result}
            if method.lower() == "setwebhook":
                body["description"] = "Webhook was set"
        except APIError as error:
            call.error = error.description
            status, body = (
                error.status,
                {"ok": False, "error_code": int(error.status), "description": error.description},
            )
        self._record(call)
        return status, body

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": int(self.telegram_token.split(":")[0]),
            "is_bot": True,
            "first_name": "Health Assistant",
            "username": self.telegram_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _telegram_getme(self, params: dict[str, Any]) -> Any:
        return self._bot_user()

    def _telegram_setwebhook(self, params: dict[str, Any]) -> Any:
        url = str(params.get("url") or "")
        if url and not url.startswith("https://"):
            raise APIError(HTTPStatus.BAD_REQUEST, "Bad Request: bad webhook: HTTPS url must be provided for webhook")
        return True

    def _telegram_deletewebhook(self, params: dict[str, Any]) -> Any:
        return True

    def _telegram_getwebhookinfo(self, params: dict[str, Any]) -> Any:
        urls = [c.params.get("url", "") for c in self.calls_of("setWebhook") if not c.error]
        return {"url": urls[-1] if urls else "", "has_custom_certificate": False, "pending_update_count": 0}

    def _telegram_answercallbackquery(self, params: dict[str, Any]) -> Any:
        if not params.get("callback_query_id"):
            raise APIError(
                HTTPStatus.BAD_REQUEST,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        return True

    def _telegram_sendmessage(self, params: dict[str, Any]) -> Any:
        chat_id = str(params.get("chat_id") or "")
        if not chat_id.lstrip("-").isdigit() and not chat_id.startswith("@"):
            raise APIError(HTTPStatus.BAD_REQUEST, "Bad Request: chat not found")
        text = str(params.get("text") or "")
        if not text.strip():
            raise APIError(HTTPStatus.BAD_REQUEST, "Bad Request: message text is empty")
        if utf16_length(text) > TELEGRAM_TEXT_LIMIT:
            raise APIError(HTTPStatus.BAD_REQUEST, "Bad Request: message is too long")
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            try:
                markup = json.loads(markup)
            except ValueError as error:
                raise APIError(
                    HTTPStatus.BAD_REQUEST, "Bad Request: can't parse reply keyboard markup JSON object"
                ) from error
            params["reply_markup"] = markup
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if not button.get("text") or (
                    data is not None and not 1 <= len(data.encode()) <= TELEGRAM_CALLBACK_DATA_LIMIT
                ):
                    raise APIError(HTTPStatus.BAD_REQUEST, "Bad Request: BUTTON_DATA_INVALID")
        message: dict[str, Any] = {
            "message_id": next(self._ids),
            "from": self._bot_user(),
            "chat": {"id": int(chat_id) if chat_id.lstrip("-").isdigit() else chat_id, "type": "private"},
            "date": int(time.time()),
            "text": text,
        }
        if markup:
            message["reply_markup"] = markup
        return message

    # -- Slack -----------------------------------------------------------------------------

    def slack(self, token: str, method: str, params: dict[str, Any]) -> dict[str, Any]:
        call = Call("slack", method, token, params)
        try:
            if not token:
                raise APIError(HTTPStatus.OK, "not_authed")
            if token != self.slack_token:
                raise APIError(HTTPStatus.OK, "invalid_auth")
            handler = getattr(self, "_slack_" + method.replace(".", "_").lower(), None)
            if handler is None:
                raise APIError(HTTPStatus.OK, "unknown_method")
            body = {"ok": True, **handler(params)}
        except APIError as error:
            call.error = error.description
            body = {"ok": False, "error": error.description}
        self._record(call)
        return body

    def _slack_auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": "https://test.slack.com/",
            "team": "Test",
            "user": "healthbot",
            "team_id": "T0TEST",
            "user_id": "U0BOT",
            "bot_id": "B0BOT",
        }

    def _slack_chat_postmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = params.get("channel")
        if not channel:
            raise APIError(HTTPStatus.OK, "channel_not_found")
        blocks = params.get("blocks")
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
            params["blocks"] = blocks
        text = params.get("text") or ""
        if not text and not blocks:
            raise APIError(HTTPStatus.OK, "no_text")
        if len(text) > SLACK_MESSAGE_TEXT_LIMIT:
            raise APIError(HTTPStatus.OK, "msg_too_long")
        if blocks:
            if len(blocks) > SLACK_BLOCK_LIMIT:
                raise APIError(HTTPStatus.OK, "invalid_blocks")
            for block in blocks:
                if (
                    block.get("type") == "section"
                    and len(block.get("text", {}).get("text", "")) > SLACK_SECTION_TEXT_LIMIT
                ):
                    raise APIError(HTTPStatus.OK, "invalid_blocks")
                if block.get("type") == "actions":
                    elements = block.get("elements") or []
                    if not 1 <= len(elements) <= 25:
                        raise APIError(HTTPStatus.OK, "invalid_blocks")
                    for element in elements:
                        if len(element.get("text", {}).get("text", "")) > SLACK_BUTTON_TEXT_LIMIT:
                            raise APIError(HTTPStatus.OK, "invalid_blocks")
        ts = f"{time.time():.6f}"
        return {
            "channel": channel,
            "ts": ts,
            "message": {"type": "message", "bot_id": "B0BOT", "text": text, "blocks": blocks or [], "ts": ts},
        }


class _Handler(BaseHTTPRequestHandler):
    platforms: FakePlatforms
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet test output
        pass

    def do_GET(self) -> None:  # noqa: N802
        self._answer()

    def do_POST(self) -> None:  # noqa: N802
        self._answer()

    def _answer(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query).items()}
        params.update(self._body_params())
        parts = url.path.strip("/").split("/")
        if len(parts) == 2 and parts[0].startswith("bot"):
            status, body = self.platforms.telegram(parts[0][3:], parts[1], params)
        elif len(parts) == 2 and parts[0] == "api":
            authorization = self.headers.get("Authorization", "")
            token = (
                authorization[len("Bearer ") :] if authorization.startswith("Bearer ") else str(params.pop("token", ""))
            )
            status, body = HTTPStatus.OK, self.platforms.slack(token, parts[1], params)
        else:
            status, body = HTTPStatus.NOT_FOUND, {"ok": False, "error_code": 404, "description": "Not Found"}
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body_params(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if not raw:
            return {}
        content_type = self.headers.get("Content-Type", "")
        if content_type.startswith("application/json"):
            return json.loads(raw)
        if content_type.startswith("application/x-www-form-urlencoded"):
            return {k: v[-1] for k, v in urllib.parse.parse_qs(raw.decode(), keep_blank_values=True).items()}
        if content_type.startswith("multipart/form-data"):
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                f"Content-Type: {content_type}\r\n\r\n".encode() + raw
            )
            return {
                part.get_param("name", header="content-disposition"): part.get_content()
                for part in message.iter_parts()
            }
        return {}
