"""The web chat widget's files, served by the Rasa server itself.

`WebChat` is an input channel without messages of its own: the widget talks to the Socket.IO
channel (`bot.channels.socketio.SocketIOChannel`, path /socket.io). Its blueprint only serves

    GET /webhooks/webchat/                    the demo page (web/index.html)
    GET /webhooks/webchat/widget.js           the widget (web/), embeddable in any page
    GET /webhooks/webchat/widget.css          (and demo.css, the demo page's)
    GET /webhooks/webchat/socket.io.min.js    socket.io-client's browser build (node_modules/)

Only the files named in `FILES` are served, so no request can reach any other file. Without
node_modules/ (`npm ci`, which `make install` runs) the Socket.IO client answers 503.
Optional credentials: `web_dir` and `node_modules` (paths; default: the repository's).

Pages of other origins can embed widget.js; their Socket.IO requests need CORS, which
`rasa run --cors` provides (`make run` passes the origins of CORS_ORIGINS): Rasa's Socket.IO server is made with
cors_allowed_origins=[], so python-engineio leaves CORS to Sanic.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
WEB_DIR = ROOT / "web"
NODE_MODULES = ROOT / "node_modules"
SOCKET_IO_DIST = Path("socket.io-client") / "dist"

HTML = "text/html; charset=utf-8"
JAVASCRIPT = "text/javascript; charset=utf-8"
CSS = "text/css; charset=utf-8"
JSON = "application/json; charset=utf-8"

# The demo page loads only its own origin's files and connects only to its own Socket.IO.
INDEX_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' ws: wss:; base-uri 'none'; form-action 'none'; object-src 'none'"
)


@dataclass(frozen=True)
class WebFile:
    base: str  # "web" or "node_modules"
    relative: Path
    content_type: str


# Every file the channel serves, by its name under /webhooks/webchat/.
FILES: dict[str, WebFile] = {
    "index.html": WebFile("web", Path("index.html"), HTML),
    "widget.js": WebFile("web", Path("widget.js"), JAVASCRIPT),
    "widget.css": WebFile("web", Path("widget.css"), CSS),
    "demo.css": WebFile("web", Path("demo.css"), CSS),  # the demo page's own look
    "socket.io.min.js": WebFile("node_modules", SOCKET_IO_DIST / "socket.io.min.js", JAVASCRIPT),
    # Browsers fetch the source map only when the developer tools are open.
    "socket.io.min.js.map": WebFile("node_modules", SOCKET_IO_DIST / "socket.io.min.js.map", JSON),
}

NODE_MODULES_MISSING = (
    "The web chat's front-end packages are not installed (node_modules/socket.io-client is "
    "missing): run make install (it runs npm ci), then restart the server.\n"
)


class WebChat(InputChannel):
    """Serves the web chat widget; its messages go through the Socket.IO channel."""

    def __init__(self, web_dir: Path | None = None, node_modules: Path | None = None) -> None:
        self.web_dir = Path(web_dir) if web_dir else WEB_DIR
        self.node_modules = Path(node_modules) if node_modules else NODE_MODULES

    @classmethod
    def name(cls) -> str:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        return cls(credentials.get("web_dir"), credentials.get("node_modules"))

    def serve(self, name: str) -> HTTPResponse:
        """The response for GET /webhooks/webchat/<name>: a listed file, or 404/503 text."""
        entry = FILES.get(name)
        if entry is None:
            return response.text("Not found.\n", status=404)
        base = self.web_dir if entry.base == "web" else self.node_modules
        path = base / entry.relative
        try:
            body = path.read_bytes()
        except OSError:
            if entry.base == "node_modules":
                logger.warning("Web chat: %s is missing; run make install", path)
                return response.text(NODE_MODULES_MISSING, status=503)
            logger.warning("Web chat: %s is missing", path)
            return response.text("Not found.\n", status=404)
        headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}
        if name == "index.html":
            headers["Content-Security-Policy"] = INDEX_CSP
        return response.raw(body, content_type=entry.content_type, headers=headers)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webchat = Blueprint("webchat_webhook", __name__)

        @webchat.route("/", methods=["GET", "HEAD"], strict_slashes=True)
        async def index(request: Request) -> HTTPResponse:
            return self.serve("index.html")

        @webchat.route("", methods=["GET", "HEAD"], strict_slashes=True)
        async def index_without_slash(request: Request) -> HTTPResponse:
            # The page's relative links need the trailing slash.
            return response.redirect(request.path + "/", status=301)

        @webchat.route("/<name:str>", methods=["GET", "HEAD"], strict_slashes=True)
        async def web_file(request: Request, name: str) -> HTTPResponse:
            return self.serve(name)

        return webchat
