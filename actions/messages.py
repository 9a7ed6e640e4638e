"""Sending the bot's replies through rasa_sdk's dispatcher."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from bot.answers.replies import Reply


def send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    """One message with its text, buttons and the contract's payload in `custom`."""
    dispatcher.utter_message(text=reply.text, buttons=list(reply.buttons), json_message=reply.payload)
