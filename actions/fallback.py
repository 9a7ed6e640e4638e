"""`action_fallback`: the reply when the bot did not understand a message."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import knowledge_base, load_at_start
from actions.messages import send
from bot.answers import replies
from bot.answers.answering import TOPIC_COUNT, examples
from bot.vocabulary import FALLBACK_INTENT

logger = logging.getLogger(__name__)


def repeated_fallback(tracker: Tracker) -> bool:
    """Whether the message before the latest one was not understood either."""
    intents = [
        (event.get("parse_data") or {}).get("intent", {}).get("name")
        for event in tracker.events
        if event.get("event") == "user"
    ]
    return len(intents) >= 2 and intents[-2] == FALLBACK_INTENT


class ActionFallback(Action):
    def __init__(self) -> None:
        load_at_start()

    def name(self) -> str:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        try:
            kb = knowledge_base()
            if repeated_fallback(tracker):
                send(dispatcher, replies.topics(examples(kb, len(kb)), TOPIC_COUNT))
            else:
                send(dispatcher, replies.fallback(examples(kb, 2)))
        except Exception:  # a crash is a bug, but the user still gets a reply
            logger.exception("action_fallback failed")
            send(dispatcher, replies.error())
        return []
