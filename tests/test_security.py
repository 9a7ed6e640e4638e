"""What SECURITY.md promises: no secret in the repository, the HTTP API off and CORS limited to
configured origins in `make run`, and no message text in the servers' logs at their usual level.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shlex
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import ROOT, make_dry_run, make_variables, payloads, rest
from tests.servers import Servers, start_servers

# What real credentials look like; the fakes of the tests ("xoxb-test-slack-token") do not match.
SECRET_PATTERNS = {
    "Telegram bot token": re.compile(r"\b\d{6,12}:[A-Za-z0-9_-]{35}\b"),
    "Slack token": re.compile(r"\bxox[abposr]-\d+-[A-Za-z0-9-]{10,}"),
    "Slack app token": re.compile(r"\bxapp-\d-[A-Za-z0-9-]{10,}"),
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36}\b"),
    "password in a database URL": re.compile(r"\b(?:postgres(?:ql)?|mysql|redis|amqp)://[^\s:/@]+:[^\s@/]+@"),
}
# Built here so that this file holds no string a scanner would take for a secret.
SAMPLES = {
    "Telegram bot token": "123456789:" + "AAF" + "x1" * 16,
    "Slack token": "xoxb" + "-1234567890-0987654321-" + "Ab" * 12,
    "Slack app token": "xapp" + "-1-A0123456789-1234567890-" + "ab" * 16,
    "private key": "-----BEGIN " + "RSA PRIVATE KEY-----",
    "AWS access key": "AKIA" + "ABCDEFGH" * 2,
    "GitHub token": "ghp" + "_" + "a1B2" * 9,
    "password in a database URL": "postgresql://" + "rasa:hunter2@db.internal/rasa",
}
# Not the repository: git's own data and hypothesis' example database (a cache). Everything
# .gitignore names is skipped as well.
NOT_SOURCE = {".git", ".hypothesis"}


def ignored_patterns() -> list[str]:
    lines = (ROOT / ".gitignore").read_text().splitlines()
    return [line.strip().rstrip("/") for line in lines if line.strip() and not line.startswith("#")]


def repository_files() -> Iterator[Path]:
    """Every file of the working tree that git would track (no git call: .gitignore's patterns)."""
    patterns = ignored_patterns()

    def ignored(name: str) -> bool:
        return name in NOT_SOURCE or any(fnmatch.fnmatch(name, pattern) for pattern in patterns)

    for directory, subdirectories, files in os.walk(ROOT):
        here = Path(directory)
        relative = here.relative_to(ROOT)
        subdirectories[:] = [d for d in subdirectories if not ignored(d) and not ignored((relative / d).as_posix())]
        for name in files:
            if not ignored(name) and not ignored((relative / name).as_posix()):
                yield here / name


def read_text(path: Path) -> str | None:
    data = path.read_bytes()
    if b"\0" in data:
        return None
    return data.decode("utf-8", errors="replace")


@pytest.mark.parametrize("kind", sorted(SECRET_PATTERNS))
def test_each_secret_pattern_finds_its_kind(kind):
    assert SECRET_PATTERNS[kind].search(f"token = {SAMPLES[kind]}\n")


def test_no_secret_in_the_repository():
    found = []
    scanned = 0
    for path in repository_files():
        text = read_text(path)
        if text is None:
            continue
        scanned += 1
        for kind, pattern in SECRET_PATTERNS.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {kind}")
    # The walk must have seen the project, or "nothing found" would mean nothing.
    assert scanned > 50
    assert not found, "secrets in the repository:\n" + "\n".join(found)


def secret_like_settings(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}" if path else str(key)
            if re.search(r"token|secret|password|passwd|api_key|private_key", str(key), re.IGNORECASE):
                yield where, value
            yield from secret_like_settings(value, where)


@pytest.mark.parametrize("name", ["credentials.yml", "endpoints.yml"])
def test_rasa_configuration_takes_secrets_only_from_the_environment(name):
    # yaml.safe_load leaves ${VAR} as written (only Rasa's loader substitutes it).
    config = yaml.safe_load((ROOT / name).read_text())
    for where, value in secret_like_settings(config):
        assert value in (None, "") or re.fullmatch(r"\$\{[A-Z0-9_]+\}", str(value)), f"{name}: {where}"


def rasa_server_command(dry_run: str) -> list[str]:
    """The arguments of the `rasa run` that starts the Rasa server (not the action server)."""
    for line in dry_run.splitlines():
        try:
            words = shlex.split(line.rstrip("\\ "))
        except ValueError:  # an echo's quotes split over lines: not the command sought
            continue
        if len(words) > 2 and words[0].endswith("rasa") and words[1] == "run" and words[2] != "actions":
            return words
    raise AssertionError("no `rasa run` in:\n" + dry_run)


def cors_origins(command: list[str]) -> list[str]:
    if "--cors" not in command:
        return []
    origins = []
    for word in command[command.index("--cors") + 1 :]:
        if word.startswith("-"):
            break
        origins.append(word)
    return origins


@pytest.mark.parametrize("target", ["run", "shell"])
def test_make_starts_the_rasa_server_without_its_http_api(target):
    command = rasa_server_command(make_dry_run(target))
    assert "--enable-api" not in command, command
    assert "*" not in cors_origins(command), command


@pytest.mark.parametrize("target", ["run", "shell"])
def test_make_binds_the_action_server_to_loopback(target):
    # rasa-sdk reads SANIC_HOST; the Makefile exports it for both servers' recipes.
    assert make_variables(target)["SANIC_HOST"] == "127.0.0.1"


def test_make_run_allows_only_the_configured_origins():
    assert cors_origins(rasa_server_command(make_dry_run("run"))) == ["http://127.0.0.1:5005"]
    assert cors_origins(rasa_server_command(make_dry_run("run", "RASA_PORT=6006"))) == ["http://127.0.0.1:6006"]
    several = make_dry_run("run", "CORS_ORIGINS=https://clinic.example https://www.clinic.example")
    assert cors_origins(rasa_server_command(several)) == ["https://clinic.example", "https://www.clinic.example"]


def test_make_run_keeps_the_database_password_off_the_command_line():
    # Exported to the servers' environment, so `ps` and `make -n` never show it.
    marker = f"pw-{uuid.uuid4().hex}"
    assert marker not in make_dry_run("run", env={"TRACKER_STORE_PASSWORD": marker})


def documented_commands(markdown: str) -> Iterator[tuple[int, str]]:
    """The shell commands of a Markdown text: lines of fenced blocks, and `code` spans."""
    fenced = False
    for number, line in enumerate(markdown.splitlines(), 1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif fenced:
            yield number, line
        else:
            for span in re.findall(r"`([^`]+)`", line):
                yield number, span


def api_without_token(command: str) -> bool:
    return "rasa run" in command and "--enable-api" in command and not re.search(r"--auth-token|--jwt-secret", command)


def test_the_api_check_finds_an_open_api():
    commands = [
        command
        for _, command in documented_commands(
            "Run `rasa run --enable-api` or\n```sh\nrasa run --enable-api --auth-token $T\n```\n"
        )
    ]
    assert [api_without_token(command) for command in commands] == [True, False]


def test_documented_commands_never_open_the_http_api_without_a_token():
    offending = []
    for path in repository_files():
        if path.suffix != ".md":
            continue
        for number, command in documented_commands(path.read_text(encoding="utf-8")):
            if api_without_token(command):
                offending.append(f"{path.relative_to(ROOT)}:{number}: {command.strip()}")
    assert not offending, "\n".join(offending)


# -- against a real Rasa server started with `make run`'s CORS options ---------------------

ALLOWED = ("https://clinic.example", "http://localhost:8000")
OTHER = "https://elsewhere.example"


@pytest.fixture(scope="module")
def cors_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    command = rasa_server_command(make_dry_run("run", "CORS_ORIGINS=" + " ".join(ALLOWED)))
    with start_servers(
        ROOT, tmp_path_factory.mktemp("security"), rasa_args=["--cors", *cors_origins(command)]
    ) as running:
        yield running


def allowed_origin(url: str, origin: str, method: str = "GET") -> str | None:
    """The Access-Control-Allow-Origin the server answers a page of `origin` with."""
    headers = {"Origin": origin}
    if method == "OPTIONS":
        headers.update({"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers, method=method), timeout=30) as response:
        return response.headers.get("Access-Control-Allow-Origin")


@pytest.mark.servers
@pytest.mark.parametrize("origin", ALLOWED)
def test_configured_origins_may_call_rest_and_socketio(cors_servers, origin):
    assert allowed_origin(f"{cors_servers.rasa_url}/webhooks/rest/webhook", origin, "OPTIONS") == origin
    # The widget's first Socket.IO request (long-polling handshake).
    assert allowed_origin(f"{cors_servers.rasa_url}/socket.io/?EIO=4&transport=polling", origin) == origin


@pytest.mark.servers
def test_other_origins_get_no_cors_permission(cors_servers):
    assert allowed_origin(f"{cors_servers.rasa_url}/webhooks/rest/webhook", OTHER, "OPTIONS") is None
    assert allowed_origin(f"{cors_servers.rasa_url}/socket.io/?EIO=4&transport=polling", OTHER) is None


@pytest.mark.servers
def test_logs_do_not_record_what_people_type(cors_servers):
    marker = f"Zorblax{uuid.uuid4().hex[:8]}"
    [payload] = payloads(rest(cors_servers, f"log-{uuid.uuid4().hex}", f"what causes ALS? I am {marker}"))
    assert payload["kind"] == "answer"
    logs = {name: (cors_servers.logs / name).read_text(errors="replace") for name in ("rasa.log", "actions.log")}
    # The servers do log (INFO), so the absence below is not for want of logging.
    assert "INFO" in logs["rasa.log"] and "INFO" in logs["actions.log"]
    for name, text in logs.items():
        assert marker not in text, f"{name} records message text"
