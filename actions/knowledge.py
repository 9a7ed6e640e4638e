"""The knowledge base of the action server: loaded once, when the server starts, and reused for
every message."""

from __future__ import annotations

import logging
from functools import lru_cache

from bot.knowledge.knowledge_base import KnowledgeBase, KnowledgeBaseError

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    return KnowledgeBase.load()


def load_at_start() -> None:
    """Called by the actions' constructors, which rasa_sdk runs when the action server starts:
    a missing or corrupt knowledge base stops the server there with what is wrong, instead of
    failing every answer later."""
    try:
        knowledge_base()
    except KnowledgeBaseError as error:
        logger.critical("cannot start: %s", error)
        raise SystemExit(f"Cannot start the action server: {error}") from error
