"""Shared fixtures: the knowledge base, rasa_sdk tracker/dispatcher/domain, and live servers;
and the markers that let a quick run leave out the slow tests:
`pytest -m "not servers and not model"` needs no trained model and starts no server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import knowledge_base as action_knowledge_base
from bot.knowledge.dataset import load_dataset
from bot.knowledge.knowledge_base import KnowledgeBase
from tests.fake_platforms import FakePlatforms
from tests.helpers import CONDITIONS_DIR, ROOT
from tests.medquad_sample import write_corpus
from tests.servers import Servers, start_servers


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The knowledge base of the project's own dataset, built in memory."""
    return KnowledgeBase(load_dataset(CONDITIONS_DIR))


@pytest.fixture
def kb_file(kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The dataset's knowledge base saved to a file that the action server code reads."""
    path = tmp_path / "kb.json"
    kb.save(path)
    monkeypatch.setenv("HEALTHBOT_KB", str(path))
    action_knowledge_base.cache_clear()
    yield path
    action_knowledge_base.cache_clear()


@pytest.fixture(scope="session")
def medquad_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The made-up MedQuAD-shaped corpus of tests/medquad_sample.py, written to a temporary folder."""
    return write_corpus(tmp_path_factory.mktemp("medquad-sample"))


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


TrackerFactory = Callable[..., Tracker]


@pytest.fixture
def tracker() -> TrackerFactory:
    """Builds a rasa_sdk Tracker whose latest message has the given text, intent and entities."""

    def make(
        text: str = "",
        intent: str | None = None,
        conditions: tuple[str, ...] = (),
        slots: dict[str, Any] | None = None,
        sender_id: str = "test-user",
    ) -> Tracker:
        latest_message = {
            "text": text,
            "intent": {"name": intent, "confidence": 1.0} if intent else {},
            "entities": [{"entity": "condition", "value": name} for name in conditions],
        }
        return Tracker(
            sender_id=sender_id,
            slots={"condition": None, "section": None, "disclaimer_shown": False, **(slots or {})},
            latest_message=latest_message,
            events=[],
            paused=False,
            followup_action=None,
            active_loop={},
            latest_action_name="action_listen",
        )

    return make


@pytest.fixture(scope="session")
def fake_platforms() -> Iterator[FakePlatforms]:
    """Fakes of Telegram's Bot API and Slack's Web API on a loopback port, recording calls."""
    with FakePlatforms() as fake:
        yield fake


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory, fake_platforms: FakePlatforms) -> Iterator[Servers]:
    """A real action server and Rasa server (REST, Socket.IO, Telegram and Slack) on free
    loopback ports; the Telegram and Slack channels talk to `fake_platforms`."""
    with start_servers(ROOT, tmp_path_factory.mktemp("servers"), env=fake_platforms.channel_env()) as running:
        yield running
