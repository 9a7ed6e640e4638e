"""Socket.IO channel that sends each bot reply as one `bot_uttered` event with its payload.

Rasa 3.6's own `SocketIOOutput.send_custom_json` calls `sio.emit(event, **payload)`, which raises
TypeError for a payload such as {"kind": "answer", ...}: the client gets nothing. This channel
keeps Rasa's input side and replaces the output with one that emits
{"text", "quick_replies", "custom"} together, so a widget can render a reply in one piece.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot.channels.reply_guard import guarded


class PayloadSocketIOOutput(SocketIOOutput):
    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        event: dict[str, Any] = {}
        if message.get("text"):
            event["text"] = message["text"]
        buttons = message.get("buttons") or message.get("quick_replies") or []
        if buttons:
            # rasa-webchat's format for buttons.
            event["quick_replies"] = [
                {"content_type": "text", "title": b["title"], "payload": b["payload"]} for b in buttons
            ]
        if message.get("custom"):
            event["custom"] = message["custom"]
        if message.get("image"):
            event["attachment"] = {"type": "image", "payload": {"src": message["image"]}}
        if event:
            await self._send_message(recipient_id, event)


class SocketIOChannel(SocketIOInput):
    """Rasa's Socket.IO input, answering through `PayloadSocketIOOutput`."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def get_output_channel(self) -> OutputChannel | None:
        if self.sio is None:
            return super().get_output_channel()
        return PayloadSocketIOOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # Limited after the swap below, so that a refusal is sent with its payload too.
        on_new_message = guarded(on_new_message)

        async def answer_with_payloads(message: UserMessage) -> Any:
            # Rasa's handler builds a stock SocketIOOutput; swap it before the message is handled.
            message.output_channel = PayloadSocketIOOutput(self.sio, self.bot_message_evt)
            return await on_new_message(message)

        return super().blueprint(answer_with_payloads)
