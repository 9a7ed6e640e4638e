"""The web chat widget (web/), served by the Rasa server's `webchat` channel.

The channel's file serving is checked directly and over HTTP; the widget itself runs in real
headless Chromium (Debian's /usr/bin/chromium, driven by Playwright; .ci/run installs it) at a
phone's width, against the real Rasa server and action server of the session fixture `servers`.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bot.answers.replies import DISCLAIMER
from bot.channels.webchat import FILES, WebChat

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "results" / "web_widget"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 375, "height": 812}
REPLY_MS = 60_000
XSS = "<img src=x onerror=alert(1)>"


# ---- the channel's file serving, without a server ----


@pytest.mark.parametrize(
    "name, content_type, start",
    [
        ("index.html", "text/html; charset=utf-8", b"<!doctype html>"),
        ("widget.js", "text/javascript; charset=utf-8", b"/*"),
        ("widget.css", "text/css; charset=utf-8", b"/*"),
        ("socket.io.min.js", "text/javascript; charset=utf-8", b"/*!\n * Socket.IO v4."),
    ],
)
def test_serves_the_widget_files_with_their_content_types(name, content_type, start):
    served = WebChat().serve(name)
    assert served.status == 200
    assert served.content_type == content_type
    assert served.body.startswith(start)
    assert served.headers["X-Content-Type-Options"] == "nosniff"


def test_the_demo_page_allows_only_its_own_origin():
    csp = WebChat().serve("index.html").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp


@pytest.mark.parametrize(
    "name",
    [
        "../credentials.yml",
        "..%2Fcredentials.yml",
        "../../etc/passwd",
        "/etc/passwd",
        "package.json",
        ".installed",
        "",
        "widget.js/..",
        "socket.io-client/dist/socket.io.min.js",
        "WIDGET.JS",
    ],
)
def test_serves_nothing_but_the_widget_files(name):
    served = WebChat().serve(name)
    assert served.status == 404
    assert b"Not found" in served.body


def test_says_what_to_do_when_node_modules_is_missing(tmp_path):
    served = WebChat(node_modules=tmp_path / "node_modules").serve("socket.io.min.js")
    assert served.status == 503
    assert served.content_type.startswith("text/plain")
    assert b"run make install" in served.body
    # The files of web/ are still served.
    assert WebChat(node_modules=tmp_path / "node_modules").serve("widget.js").status == 200


def test_socket_io_client_is_pinned_to_engine_io_v4():
    # python-socketio 5.9 speaks Engine.IO v4 / Socket.IO v5: socket.io-client 4.x.
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]["socket.io-client"]
    locked = json.loads((ROOT / "package-lock.json").read_text())["packages"]["node_modules/socket.io-client"]
    assert re.fullmatch(r"4\.\d+\.\d+", pinned) and locked["version"] == pinned
    assert set(FILES) >= {"index.html", "widget.js", "widget.css", "socket.io.min.js"}


# ---- over HTTP, from the real Rasa server ----


def raw_get(servers, path: str) -> tuple[int, dict[str, str], bytes]:
    """GET with the path sent byte for byte (no client-side normalising of "..")."""
    address = urlsplit(servers.rasa_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.request("GET", path)
        answer = connection.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
    finally:
        connection.close()


@pytest.mark.servers
def test_the_rasa_server_serves_the_widget(servers):
    for path, content_type in [
        ("/webhooks/webchat/", "text/html"),
        ("/webhooks/webchat/widget.js", "text/javascript"),
        ("/webhooks/webchat/widget.css", "text/css"),
        ("/webhooks/webchat/socket.io.min.js", "text/javascript"),
    ]:
        status, headers, body = raw_get(servers, path)
        assert (status, headers["content-type"].split(";")[0]) == (200, content_type), path
        assert body
    status, headers, _ = raw_get(servers, "/webhooks/webchat")
    assert status == 301 and headers["location"].endswith("/webhooks/webchat/")


@pytest.mark.servers
@pytest.mark.parametrize(
    "path",
    [
        "/webhooks/webchat/../../credentials.yml",
        "/webhooks/webchat/..%2f..%2fcredentials.yml",
        "/webhooks/webchat/%2e%2e/%2e%2e/credentials.yml",
        "/webhooks/webchat/..%5c..%5ccredentials.yml",
        "/webhooks/webchat/widget.js/../../../credentials.yml",
        "/webhooks/webchat/package.json",
        "/webhooks/webchat/node_modules/socket.io-client/package.json",
    ],
)
def test_the_rasa_server_refuses_directory_traversal(servers, path):
    status, _, body = raw_get(servers, path)
    assert status == 404, (path, status)
    # Sanic's 404 page repeats the URL; none of the files' contents may appear.
    assert b"session_persistence" not in body and b'"dependencies"' not in body


# ---- the widget in headless Chromium ----


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - a broken install, not a test outcome
        pytest.fail("Playwright is needed for the browser test: .venv/bin/pip install playwright")
    assert Path(CHROMIUM).exists() or shutil.which("chromium"), (
        "Debian's chromium is needed for the browser test (.ci/run installs it: apt-get install chromium)"
    )
    with sync_playwright() as playwright:
        # Debian's Chromium, never a downloaded browser.
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


class Chat:
    """The widget in a page, used the way a person uses it."""

    def __init__(self, page):
        self.page = page
        self.log = page.locator(".hw-log")
        self.bot = page.locator(".hw-log .hw-bot")
        self.user = page.locator(".hw-log .hw-user")

    def wait_online(self) -> None:
        from playwright.sync_api import expect

        expect(self.page.locator(".hw-status")).to_have_text("Online", timeout=REPLY_MS)

    def _reply_after(self, before: int):
        self.page.wait_for_function(
            "n => document.querySelectorAll('.hw-log .hw-bot').length > n", arg=before, timeout=REPLY_MS
        )
        return self.bot.nth(before)

    def ask(self, message: str):
        before = self.bot.count()
        field = self.page.get_by_label("Your question")  # the input is labelled
        field.fill(message)
        field.press("Enter")
        return self._reply_after(before)

    def click(self, button_title: str):
        before = self.bot.count()
        self.page.get_by_role("button", name=button_title).last.click()
        return self._reply_after(before)

    def no_horizontal_scroll(self) -> None:
        widths = self.page.evaluate(
            """() => ({page: document.documentElement.scrollWidth,
                       log: document.querySelector('.hw-log').scrollWidth,
                       logClient: document.querySelector('.hw-log').clientWidth})"""
        )
        assert widths["page"] <= PHONE["width"], widths
        assert widths["log"] <= widths["logClient"], widths


def screenshot(page, name: str, capsys) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path))
    with capsys.disabled():
        print(f"\nweb chat screenshot: {path}")
    return path


# ---- the widget in headless Chromium, without a server: a stand-in Socket.IO client ----

PAGE = "http://widget.test/webhooks/webchat/"
# Replaces socket.io-client: connects at once, confirms the session, and lets the test deliver
# `bot_uttered` events (the payload of CONTRACT.md) through the widget's own handler.
FAKE_IO = """
window.io = function () {
  var handlers = {};
  window.__botUttered = function (event) { handlers.bot_uttered(event); };
  setTimeout(function () { handlers.connect(); }, 0);
  return {
    connected: true,
    on: function (name, handler) { handlers[name] = handler; },
    emit: function (name, data) {
      if (name === "session_request") {
        setTimeout(function () { handlers.session_confirm({session_id: data.session_id}); }, 0);
      }
    }
  };
};
"""


def serverless_page(browser):
    """The demo page with the channel's real files and headers (its CSP too), no Rasa server."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()

    def fulfil(route):
        name = urlsplit(route.request.url).path.rsplit("/", 1)[-1] or "index.html"
        if name == "socket.io.min.js":
            route.fulfill(status=200, content_type="text/javascript", body=FAKE_IO)
            return
        served = WebChat().serve(name)
        route.fulfill(
            status=served.status, headers=dict(served.headers), content_type=served.content_type, body=served.body
        )

    page.route("http://widget.test/**", fulfil)
    return context, page


def deliver(chat: Chat, event: dict):
    before = chat.bot.count()
    chat.page.evaluate("event => window.__botUttered(event)", event)
    return chat._reply_after(before)


def test_sources_are_found_by_their_urls_not_by_their_label(browser):
    """The paragraph that repeats the payload's sources is found by their URLs, whatever its
    wording, and replaced by links; a paragraph that merely starts "Sources:" is plain text."""
    from playwright.sync_api import expect

    notice = "Reworded notice: this is general information only."
    first = {"title": "MedlinePlus: Muscle atrophy", "url": "https://example.org/x"}
    second = {"title": XSS, "url": "https://example.org/y?a=1&b=2"}
    reworded = {
        "text": "Muscle atrophy — Causes\n\n• Stroke\n• Disuse\n\n"
        f"Read more: {first['title']} ({first['url']}); {second['title']} ({second['url']})\n\n{notice}",
        "quick_replies": [],
        "custom": {
            "kind": "answer",
            "condition": "Muscle atrophy",
            "section": "causes",
            "sources": [first, second],
            "notice": notice,
        },
    }
    unlabelled = {
        "text": f"Stroke — Overview\n\nA stroke happens when blood flow stops.\n\n{first['title']} ({first['url']})",
        "custom": {"kind": "answer", "condition": "Stroke", "section": "overview", "sources": [first]},
    }
    labelled_only = {
        "text": "Sources: none of these are the payload's.\n\nAsk me about a condition.",
        "custom": {"kind": "help"},
    }
    context, page = serverless_page(browser)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    chat = Chat(page)
    try:
        page.goto(PAGE)
        chat.wait_online()

        def check(answer):
            expect(answer).to_contain_text("Muscle atrophy — Causes")
            links = answer.locator(".hw-sources a")
            assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [first["url"], second["url"]]
            assert links.all_inner_texts() == [first["title"], XSS]  # a title is text, never HTML
            assert answer.locator("img").count() == 0
            shown = answer.inner_text()
            assert "Read more" not in shown and "(https://" not in shown, shown  # not shown twice
            expect(answer.locator(".hw-sources")).to_have_text(f"Sources: {first['title']}; {XSS}")
            expect(answer.locator(".hw-notice")).to_have_text(notice)
            assert shown.count(notice) == 1
            assert answer.locator("ul > li").all_inner_texts() == ["Stroke", "Disuse"]

        check(deliver(chat, reworded))

        plain = deliver(chat, unlabelled)
        expect(plain.locator(".hw-sources")).to_have_text(f"Source: {first['title']}")
        expect(plain.locator(".hw-sources a")).to_have_attribute("href", first["url"])
        assert "(https://" not in plain.inner_text()

        text_only = deliver(chat, labelled_only)
        expect(text_only.locator(".hw-sources")).to_have_count(0)
        expect(text_only).to_contain_text("Sources: none of these are the payload's.")

        page.reload()  # the history shows the same replies again
        chat.wait_online()
        expect(chat.bot).to_have_count(3)
        check(chat.bot.first)
        assert page.locator("img").count() == 0
        assert errors == [], errors
    finally:
        context.close()


@pytest.mark.servers
def test_the_widget_in_a_phone_browser(servers, browser, kb, capsys):
    from playwright.sync_api import expect

    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    chat = Chat(page)
    try:
        page.goto(f"{servers.rasa_url}/webhooks/webchat/")
        expect(page.get_by_role("log")).to_be_visible()
        chat.wait_online()

        # An answer: heading, list as <ul><li>, sources as links, the notice on its own.
        answer = chat.ask("what causes muscle atrophy?")
        expect(answer).to_contain_text("Muscle atrophy — Causes")
        assert "hw-kind-answer" in answer.get_attribute("class")
        items = answer.locator("ul > li")
        assert items.count() >= 3
        assert "Stroke" in items.all_inner_texts()
        assert not any(text.startswith("•") for text in items.all_inner_texts())
        links = answer.locator(".hw-sources a")
        urls = [source.url for source in kb.by_name("Muscle atrophy").sources]
        assert links.count() == len(urls)
        assert links.first.get_attribute("href") == urls[0]
        assert "noopener" in links.first.get_attribute("rel") and links.first.get_attribute("target") == "_blank"
        assert "(http" not in answer.inner_text()  # the plain "Sources: title (url)" paragraph is replaced
        expect(answer.locator(".hw-notice")).to_have_text(DISCLAIMER)
        assert answer.inner_text().count(DISCLAIMER) == 1
        screenshot(page, "phone-answer.png", capsys)

        # A button sends its payload and shows its title as the user's message.
        stroke = chat.click("Tell me about Stroke")
        expect(chat.user.last.locator("p")).to_have_text("Tell me about Stroke")
        expect(stroke).to_contain_text("Stroke — Overview")
        assert "/ask_" not in chat.log.inner_text()

        # Markup typed by the user is text, never HTML.
        reply = chat.ask(XSS)
        expect(chat.user.last.locator("p")).to_have_text(XSS)
        expect(reply).to_be_visible()
        assert chat.log.locator("img").count() == 0
        assert page.locator("img").count() == 0

        # Emergencies stand out and are announced.
        crisis = chat.ask("I want to kill myself")
        expect(crisis).to_have_attribute("role", "alert")
        expect(crisis).to_contain_text("988")
        emergency = chat.log.locator("[role=alert].hw-emergency")
        expect(emergency).to_have_count(1)
        style = emergency.evaluate(
            "e => { const s = getComputedStyle(e); const n = getComputedStyle(document.querySelector('.hw-bot'));"
            " return {bg: s.backgroundColor, size: parseFloat(s.fontSize), normal: parseFloat(n.fontSize)}; }"
        )
        assert style["bg"] == "rgb(176, 0, 32)" and style["size"] > style["normal"], style

        chat.no_horizontal_scroll()
        screenshot(page, "phone-emergency.png", capsys)

        # A reload keeps the conversation: the same session, its history shown again.
        session = page.evaluate("() => Object.entries(localStorage).find(([k]) => k.endsWith(':session'))[1]")
        users_before = chat.user.all_inner_texts()
        page.reload()
        chat.wait_online()
        assert chat.user.all_inner_texts() == users_before
        expect(chat.log).to_contain_text("Muscle atrophy — Causes")
        expect(chat.log.locator(".hw-emergency")).to_have_count(1)
        assert chat.log.locator(".hw-sources a").first.get_attribute("href") == urls[0]
        assert chat.log.locator("img").count() == 0
        assert page.evaluate("() => Object.entries(localStorage).find(([k]) => k.endsWith(':session'))[1]") == session

        treated = chat.ask("how is it treated?")
        expect(treated).to_contain_text("Stroke — Treatment")
        chat.no_horizontal_scroll()
        path = screenshot(page, "phone-after-reload.png", capsys)
        assert path.stat().st_size > 10_000

        assert dialogs == [] and errors == [], (dialogs, errors)
    finally:
        context.close()


@pytest.mark.servers
def test_the_widget_embedded_in_another_page(servers, browser):
    """The one-line embed snippet, with data-server, in another page than the demo.

    The page has the server's origin: the test servers run without --cors, which a page of
    another origin needs for Socket.IO's polling requests (`make run` passes --cors with the
    origins of CORS_ORIGINS, by default only http://127.0.0.1:5005).
    """
    from playwright.sync_api import expect

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    host_page = f"{servers.rasa_url}/some/other/page.html"
    snippet = f'<script src="{servers.rasa_url}/webhooks/webchat/widget.js" data-server="{servers.rasa_url}"></script>'
    page.route(
        host_page,
        lambda route: route.fulfill(
            content_type="text/html",
            body=f"<!doctype html><html><head><meta name=viewport content='width=device-width'>"
            f"<script>window.io = 'the page\\'s own io';</script></head>"
            f"<body><h1>A clinic's page</h1>{snippet}</body></html>",
        ),
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(host_page)
        launcher = page.get_by_role("button", name="Chat: health information")
        expect(launcher).to_be_visible()  # closed until opened
        launcher.click()
        chat = Chat(page)
        chat.wait_online()
        reply = chat.ask("what are the symptoms of a stroke?")
        expect(reply).to_contain_text("Stroke — Symptoms")
        assert page.evaluate("() => window.io") == "the page's own io"
        chat.no_horizontal_scroll()
        assert errors == [], errors
    finally:
        context.close()
