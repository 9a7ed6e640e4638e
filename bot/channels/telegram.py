"""Telegram channel: Rasa's Telegram connector, configured from the environment.

Registered in credentials.yml as `bot.channels.telegram.TelegramChannel`; webhook
`/webhooks/telegram/webhook`. Settings (environment first, then the credentials entry):

| variable | credentials key | meaning |
| --- | --- | --- |
| TELEGRAM_TOKEN | access_token | the bot's token from @BotFather (required) |
| TELEGRAM_BOT_NAME | verify | the bot's username; when set, getMe must answer it |
| TELEGRAM_WEBHOOK_URL | webhook_url | public https URL of the webhook; set with setWebhook at start |
| TELEGRAM_SECRET_TOKEN | secret_token | when set, given to setWebhook and required on every update |
| TELEGRAM_API_URL | api_url | the Bot API server (default https://api.telegram.org) |

Differences from Rasa 3.6's connector:

- Without a token the server still starts; the webhook answers 503 and says what to set.
- setWebhook is called once when the server starts (not at import time on a throw-away event
  loop), its failure is logged instead of stopping the server; getMe is asked once, not on
  every update.
- A reply is one message (its paragraphs kept together) unless it is longer than Telegram's
  4096 characters, then it is split on paragraph boundaries; buttons are an inline keyboard,
  one button per row, on the last piece. Link previews are off (answers end with source URLs).
- Button payloads longer than the 64 bytes Telegram allows in callback_data travel as a short
  key mapped back to the payload; after a restart an unknown key falls back to the button's
  title, which the bot understands as a question.
- Button clicks are acknowledged with answerCallbackQuery (the client stops its spinner).
- The commands /start (every chat with a bot opens with it) and /help become the intents greet
  and help (Rasa's connector turns the restart command into an unknown "/start" intent).
- The reply payload in `custom` (../shared/CONTRACT.md) is not sent as a Telegram call: the text
  already carries the sources; a payload with sources the text lacks adds a sources line.
- Errors while handling an update are logged and the update is acknowledged (200), so Telegram
  does not deliver it again and again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

from aiogram.bot.api import TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.messaging import ContractReplies, is_contract_payload, setting, split_text, utf16_length
from bot.channels.reply_guard import guarded

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.telegram.org"
TEXT_LIMIT = 4096  # characters of a message (UTF-16 code units)
CALLBACK_DATA_LIMIT = 64  # bytes of an inline button's callback_data
BUTTON_LIMIT = 100  # buttons of an inline keyboard
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
KEY_PREFIX = "~"  # marks a callback_data that is a key, not a payload (payloads start with "/")
# Rasa's intents for Telegram's standard commands: /start opens every chat with a bot.
COMMANDS = {"/start": "/greet", "/help": "/help"}


class CallbackPayloads:
    """Maps button payloads to callback_data of at most 64 bytes, and back.

    A payload that fits is its own callback_data. A longer one gets a key derived from its
    hash (the same payload always gets the same key), remembered in a bounded map.
    """

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._payloads: OrderedDict[str, str] = OrderedDict()

    @staticmethod
    def fits(payload: str) -> bool:
        return len(payload.encode("utf-8")) <= CALLBACK_DATA_LIMIT and not payload.startswith(KEY_PREFIX)

    @staticmethod
    def key_for(payload: str) -> str:
        digest = hashlib.sha256(payload.encode("utf-8")).digest()
        return KEY_PREFIX + base64.urlsafe_b64encode(digest).decode("ascii")[:24]

    def encode(self, payload: str) -> str:
        if self.fits(payload):
            return payload
        key = self.key_for(payload)
        self._payloads[key] = payload
        self._payloads.move_to_end(key)
        while len(self._payloads) > self.capacity:
            self._payloads.popitem(last=False)
        return key

    def decode(self, data: str) -> str | None:
        """The payload of a callback_data, or None for a key this process does not know."""
        if not data.startswith(KEY_PREFIX):
            return data
        return self._payloads.get(data)


class TelegramChannelOutput(ContractReplies, TelegramOutput):
    """Rasa's Telegram output with a configurable API server and limit-aware replies."""

    def __init__(
        self,
        access_token: str,
        api_url: str = DEFAULT_API_URL,
        callback_payloads: CallbackPayloads | None = None,
    ) -> None:
        # TelegramOutput.__init__ takes the token only; call aiogram's Bot with the server.
        super(TelegramOutput, self).__init__(access_token, server=TelegramAPIServer.from_base(api_url), timeout=30)
        self.callback_payloads = callback_payloads or CallbackPayloads()

    async def close_session(self) -> None:
        """Closes the HTTP session (aiogram's `close` is deprecated and warns)."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        if is_contract_payload(json_message):
            return  # rendered with the text by send_response
        await super().send_custom_json(recipient_id, json_message, **kwargs)

    def keyboard(self, buttons: list[dict[str, Any]]) -> InlineKeyboardMarkup | None:
        rows = []
        for button in buttons[:BUTTON_LIMIT]:
            title, payload = str(button.get("title") or ""), str(button.get("payload") or "")
            if not title or not payload:
                continue
            rows.append([InlineKeyboardButton(title, callback_data=self.callback_payloads.encode(payload))])
        if len(buttons) > BUTTON_LIMIT:
            logger.warning("Telegram shows at most %d buttons; %d dropped", BUTTON_LIMIT, len(buttons) - BUTTON_LIMIT)
        return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None

    async def deliver(self, recipient_id: str, text: str, buttons: list[dict[str, Any]]) -> None:
        pieces = split_text(text or "", TEXT_LIMIT, utf16_length)
        markup = self.keyboard(buttons)
        if not pieces:
            if markup is None:
                return
            pieces = ["Choose one:"]
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            try:
                await self.send_message(
                    recipient_id, piece, disable_web_page_preview=True, reply_markup=markup if last else None
                )
            except TelegramAPIError as error:
                # Logged, not raised: the conversation goes on and Telegram gets its 200.
                logger.error("Telegram sendMessage to %s failed: %s", recipient_id, error)
                return


class TelegramChannel(TelegramInput):
    """Rasa's Telegram input, configured from the environment (see the module's docstring)."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(
            setting("TELEGRAM_TOKEN", credentials, "access_token"),
            setting("TELEGRAM_BOT_NAME", credentials, "verify"),
            setting("TELEGRAM_WEBHOOK_URL", credentials, "webhook_url"),
            api_url=setting("TELEGRAM_API_URL", credentials, "api_url") or DEFAULT_API_URL,
            secret_token=setting("TELEGRAM_SECRET_TOKEN", credentials, "secret_token"),
        )

    def __init__(
        self,
        access_token: str | None,
        verify: str | None,
        webhook_url: str | None,
        debug_mode: bool = False,
        api_url: str = DEFAULT_API_URL,
        secret_token: str | None = None,
    ) -> None:
        super().__init__(access_token, verify, webhook_url, debug_mode)
        self.verify = verify.lstrip("@") if verify else None
        self.api_url = api_url
        self.secret_token = secret_token
        self.callback_payloads = CallbackPayloads()
        self._output: TelegramChannelOutput | None = None
        self._username: str | None = None

    @property
    def configured(self) -> bool:
        return bool(self.access_token)

    def not_configured_message(self) -> str:
        return (
            "telegram not configured: set TELEGRAM_TOKEN (the token from @BotFather) and "
            "optionally TELEGRAM_BOT_NAME, TELEGRAM_WEBHOOK_URL, TELEGRAM_SECRET_TOKEN, then restart"
        )

    def get_output_channel(self) -> OutputChannel | None:
        """The output, created once; unlike Rasa's, it does not call setWebhook."""
        if not self.configured:
            return None
        if self._output is None:
            self._output = TelegramChannelOutput(self.access_token, self.api_url, self.callback_payloads)
        return self._output

    async def set_webhook(self) -> bool:
        output = self.get_output_channel()
        if output is None or not self.webhook_url:
            return False
        params: dict[str, Any] = {"url": self.webhook_url}
        if self.secret_token:
            params["secret_token"] = self.secret_token  # newer than aiogram 2.15's set_webhook
        return bool(await output.request("setWebhook", params))

    async def username(self) -> str:
        """The bot's username from getMe, asked once."""
        if self._username is None:
            output = self.get_output_channel()
            assert output is not None
            me = await output.get_me()
            self._username = me.username or ""
        return self._username

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = guarded(on_new_message)
        telegram_webhook = Blueprint(f"{self.name()}_webhook", __name__)
        telegram_webhook.listener("after_server_start")(self._connect)
        telegram_webhook.listener("before_server_stop")(self._close)

        @telegram_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            if not self.configured:
                return response.json({"status": "not configured"}, status=HTTPStatus.SERVICE_UNAVAILABLE)
            return response.json({"status": "ok"})

        @telegram_webhook.route("/set_webhook", methods=["GET", "POST"])
        async def set_webhook(_: Request) -> HTTPResponse:
            if not self.configured:
                return response.text(self.not_configured_message(), status=HTTPStatus.SERVICE_UNAVAILABLE)
            if not self.webhook_url:
                return response.text("set TELEGRAM_WEBHOOK_URL first", status=HTTPStatus.BAD_REQUEST)
            try:
                await self.set_webhook()
            except TelegramAPIError as error:
                return response.text(f"setWebhook failed: {error}", status=HTTPStatus.BAD_GATEWAY)
            return response.text("Webhook setup successful")

        @telegram_webhook.route("/webhook", methods=["GET", "POST"])
        async def webhook(request: Request) -> HTTPResponse:
            refusal = await self._refusal(request)
            if refusal is not None:
                return refusal
            try:
                update = request.json
            except Exception:  # noqa: BLE001 - sanic raises on malformed JSON
                update = None
            if not isinstance(update, dict):
                return response.text("expected a Telegram update (JSON object)", status=HTTPStatus.BAD_REQUEST)
            try:
                await self.handle_update(update, on_new_message, self.get_metadata(request))
            except Exception as error:  # noqa: BLE001 - acknowledged so Telegram does not resend it
                logger.exception("Telegram update %s failed: %s", update.get("update_id"), error)
                if self.debug_mode:
                    raise
            return response.text("success")

        return telegram_webhook

    async def _connect(self, _app: Any, _loop: Any) -> None:
        """At server start: check the token (getMe) and register the webhook if one is set."""
        if not self.configured:
            logger.info("Telegram channel: %s", self.not_configured_message())
            return
        try:
            name = await self.username()
            logger.info("Telegram channel: connected as @%s", name)
            if self.webhook_url:
                await self.set_webhook()
                logger.info("Telegram channel: webhook set to %s", self.webhook_url)
        except Exception as error:  # noqa: BLE001 - the rest of the server must run
            logger.warning("Telegram channel: start-up call to the Bot API failed: %s", error)

    async def _close(self, _app: Any, _loop: Any) -> None:
        if self._output is not None:
            await self._output.close_session()

    async def _refusal(self, request: Request) -> HTTPResponse | None:
        """Why a webhook request is not handled (not configured, not a POST, a wrong secret, a
        token of another bot), or None when it is."""
        if not self.configured:
            return response.text(self.not_configured_message(), status=HTTPStatus.SERVICE_UNAVAILABLE)
        if request.method != "POST":
            return response.text("Telegram posts updates here", status=HTTPStatus.METHOD_NOT_ALLOWED)
        if self.secret_token and not hmac.compare_digest(request.headers.get(SECRET_HEADER, ""), self.secret_token):
            return response.text("wrong or missing secret token", status=HTTPStatus.FORBIDDEN)
        if self.verify:
            try:
                name = await self.username()
            except TelegramAPIError as error:
                logger.error("Telegram getMe failed: %s", error)
                return response.text("telegram getMe failed", status=HTTPStatus.SERVICE_UNAVAILABLE)
            if name.lower() != self.verify.lower():
                logger.error("TELEGRAM_BOT_NAME is %s but the token belongs to @%s", self.verify, name)
                return response.text(
                    "telegram misconfigured: TELEGRAM_BOT_NAME does not match the token's bot",
                    status=HTTPStatus.SERVICE_UNAVAILABLE,
                )
        return None

    async def handle_update(
        self,
        update: dict[str, Any],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        metadata: dict[str, Any] | None = None,
    ) -> None:
        output = self.get_output_channel()
        assert isinstance(output, TelegramChannelOutput)
        callback = update.get("callback_query")
        if callback:
            await self._acknowledge(output, callback)
            text = self.callback_text(callback)
            message = callback.get("message") or {}
            chat_id = (message.get("chat") or {}).get("id") or (callback.get("from") or {}).get("id")
            if text is None:
                await output.send_message(chat_id, "This button has expired. Please type your question.")
                return
        else:
            message = update.get("message") or update.get("edited_message") or {}
            text = message.get("text")
            chat_id = (message.get("chat") or {}).get("id")
            if not text:
                return  # stickers, photos, joins…: nothing to answer
            text = self.command_text(text)
        if chat_id is None:
            return
        await on_new_message(UserMessage(text, output, str(chat_id), input_channel=self.name(), metadata=metadata))

    async def _acknowledge(self, output: TelegramChannelOutput, callback: dict[str, Any]) -> None:
        try:
            await output.answer_callback_query(callback["id"])
        except (KeyError, TelegramAPIError) as error:
            logger.warning("Telegram answerCallbackQuery failed: %s", error)

    def callback_text(self, callback: dict[str, Any]) -> str | None:
        """What a button click says: its payload, or the button's title for a forgotten key."""
        data = str(callback.get("data") or "")
        if not data:
            return None
        payload = self.callback_payloads.decode(data)
        if payload is not None:
            return payload
        keyboard = ((callback.get("message") or {}).get("reply_markup") or {}).get("inline_keyboard") or []
        for row in keyboard:
            for button in row:
                if button.get("callback_data") == data and button.get("text"):
                    return str(button["text"])
        return None

    def command_text(self, text: str) -> str:
        """Telegram commands (/start, /help, also /start@botname in groups) as Rasa intents."""
        first, _, rest = text.strip().partition(" ")
        command, _, addressee = first.partition("@")
        if addressee and self._username and addressee.lower() != self._username.lower():
            return text  # a command for another bot in the group
        if command.lower() in COMMANDS and not rest.strip():
            return COMMANDS[command.lower()]
        return text
