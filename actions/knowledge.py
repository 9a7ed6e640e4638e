"""The knowledge base of the action server, loaded on first use and reused for every message."""

from __future__ import annotations

from functools import lru_cache

from bot.knowledge_base import KnowledgeBase


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    return KnowledgeBase.load()
