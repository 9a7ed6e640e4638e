"""`action_answer_section`: answers a question about a section of a condition."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import knowledge_base, load_at_start
from actions.messages import send
from bot.answers import replies
from bot.answers.answering import Question, answer_question
from bot.language.reading import Mention
from bot.vocabulary import (
    CONDITION_ENTITY,
    CONDITION_SLOT,
    DISCLAIMER_SLOT,
    LISTED_SLOT,
    MORE_INTENT,
    SECTION_SLOT,
    SHOWN_SLOT,
    section_for_intent,
)

logger = logging.getLogger(__name__)


def question_from_tracker(tracker: Tracker) -> Question:
    """The latest message's question with the conversation's context, read from the tracker."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    entities = [e for e in tracker.latest_message.get("entities") or [] if e.get("entity") == CONDITION_ENTITY]
    return Question(
        section=section_for_intent(intent),
        condition_names=[str(v) for v in tracker.get_latest_entity_values(CONDITION_ENTITY)],
        context_condition=tracker.get_slot(CONDITION_SLOT),
        context_section=tracker.get_slot(SECTION_SLOT),
        disclaimer_shown=bool(tracker.get_slot(DISCLAIMER_SLOT)),
        listed=tracker.get_slot(LISTED_SLOT) or [],
        text=tracker.latest_message.get("text") or "",
        shown=int(tracker.get_slot(SHOWN_SLOT) or 0),
        more=intent == MORE_INTENT,
        mentions=[Mention(str(e["value"]), e["start"], e["end"]) for e in entities if "start" in e and "end" in e],
    )


class ActionAnswerSection(Action):
    def __init__(self) -> None:
        load_at_start()

    def name(self) -> str:
        return "action_answer_section"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        try:
            outcome = answer_question(knowledge_base(), question_from_tracker(tracker))
        except Exception:  # a crash is a bug, but the user still gets a reply
            logger.exception("action_answer_section failed")
            send(dispatcher, replies.error())
            return []
        send(dispatcher, outcome.reply)
        return [
            SlotSet(CONDITION_SLOT, outcome.condition),
            SlotSet(SECTION_SLOT, outcome.section),
            SlotSet(DISCLAIMER_SLOT, outcome.disclaimer_shown),
            SlotSet(LISTED_SLOT, list(outcome.listed)),
            SlotSet(SHOWN_SLOT, outcome.shown),
        ]
