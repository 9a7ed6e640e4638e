"""Slack channel: Rasa's Slack connector, configured from the environment.

Registered in credentials.yml as `bot.channels.slack.SlackChannel`; Events API and
interactivity request URL `/webhooks/slack/webhook`. Settings (environment first, then the
credentials entry):

| variable | credentials key | meaning |
| --- | --- | --- |
| SLACK_TOKEN | slack_token | the app's Bot User OAuth Token (xoxb-…) (required) |
| SLACK_SIGNING_SECRET | slack_signing_secret | the app's signing secret (required) |
| SLACK_API_URL | api_url | the Web API base (default https://slack.com/api/) |

Other keys of Rasa's connector (use_threads, conversation_granularity, slack_channel, proxy,
errors_ignore_retry) still come from the credentials entry.

Differences from Rasa 3.6's connector:

- Without a token or signing secret the server still starts; the webhook answers 503 and says
  what to set (Rasa's refuses to start without a signing secret).
- A request without a valid X-Slack-Signature (HMAC-SHA256 of "v0:{timestamp}:{body}" with the
  signing secret, timestamp within 5 minutes) is refused with 401 (Rasa's: 400).
- The URL verification challenge is answered as {"challenge": …}.
- A reply is one chat.postMessage: its text in section blocks of at most 3000 characters, split
  on paragraph boundaries, and its buttons in actions blocks (25 buttons per block; Rasa's drops
  all buttons beyond 5). A reply longer than Slack's 40000 characters becomes several messages,
  buttons on the last. Text is escaped for mrkdwn (&, <, >).
- The reply payload in `custom` (../shared/CONTRACT.md) is not posted as a raw message: the text
  already carries the sources; a payload with sources the text lacks adds a sources line.
- Posting does not use `as_user` (classic apps only); a failed call is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.messaging import ContractReplies, setting, split_text
from bot.channels.reply_guard import guarded

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
SECTION_TEXT_LIMIT = 3000  # characters of a section block's text
MESSAGE_TEXT_LIMIT = 40000  # characters of a message's text
BLOCK_LIMIT = 50  # blocks of a message
BUTTONS_PER_ACTIONS_BLOCK = 25
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000


def mrkdwn_escape(text: str) -> str:
    """Slack's required escaping of control characters in message text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escaped_length(text: str) -> int:
    return len(mrkdwn_escape(text))


def button_element(button: dict[str, Any], index: int) -> dict[str, Any] | None:
    title, payload = str(button.get("title") or ""), str(button.get("payload") or "")
    if not title or not payload:
        return None
    if len(payload) > BUTTON_VALUE_LIMIT:
        logger.warning("Slack button %r dropped: its payload is over %d characters", title, BUTTON_VALUE_LIMIT)
        return None
    if len(title) > BUTTON_TEXT_LIMIT:
        title = title[: BUTTON_TEXT_LIMIT - 1] + "…"
    return {
        "type": "button",
        "action_id": f"button-{index}",
        "text": {"type": "plain_text", "text": title, "emoji": False},
        "value": payload,
    }


def message_bodies(text: str, buttons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The chat.postMessage bodies (text and blocks) of one reply, each within Slack's limits."""
    elements = [e for e in (button_element(b, i) for i, b in enumerate(buttons)) if e]
    actions = [
        {"type": "actions", "elements": elements[start : start + BUTTONS_PER_ACTIONS_BLOCK]}
        for start in range(0, len(elements), BUTTONS_PER_ACTIONS_BLOCK)
    ]
    bodies: list[dict[str, Any]] = []
    for message_text in split_text(text, MESSAGE_TEXT_LIMIT, escaped_length):
        sections = [
            {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn_escape(piece)}}
            for piece in split_text(message_text, SECTION_TEXT_LIMIT, escaped_length)
        ]
        bodies.append({"text": mrkdwn_escape(message_text), "blocks": sections})
    if not actions:
        return bodies
    if not bodies:
        bodies.append({"text": "Choose one:", "blocks": []})
    last = bodies[-1]
    room = BLOCK_LIMIT - len(last["blocks"])
    if len(actions) > room:
        logger.warning("Slack allows %d blocks a message: %d button rows dropped", BLOCK_LIMIT, len(actions) - room)
    last["blocks"].extend(actions[: max(room, 0)])
    return bodies


class SlackChannelOutput(ContractReplies, SlackBot):
    """Rasa's Slack output with a configurable API base URL and limit-aware replies."""

    def __init__(
        self,
        token: str,
        slack_channel: str | None = None,
        thread_id: str | None = None,
        proxy: str | None = None,
        api_url: str = DEFAULT_API_URL,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token, base_url=api_url, proxy=proxy)

    async def deliver(self, recipient_id: str, text: str, buttons: list[dict[str, Any]]) -> None:
        channel = self.slack_channel or recipient_id
        for body in message_bodies(text, buttons):
            try:
                await self._post_message(channel=channel, **body)
            except SlackApiError as error:
                # Logged, not raised: the conversation goes on.
                logger.error("Slack chat.postMessage to %s failed: %s", channel, error.response.get("error"))
                return


class SlackChannel(SlackInput):
    """Rasa's Slack input, configured from the environment (see the module's docstring)."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        return cls(
            setting("SLACK_TOKEN", credentials, "slack_token") or "",
            credentials.get("slack_channel"),
            credentials.get("proxy"),
            credentials.get("slack_retry_reason_header", "x-slack-retry-reason"),
            credentials.get("slack_retry_number_header", "x-slack-retry-num"),
            credentials.get("errors_ignore_retry", None),
            credentials.get("use_threads", False),
            setting("SLACK_SIGNING_SECRET", credentials, "slack_signing_secret") or "",
            credentials.get("conversation_granularity", "sender"),
            api_url=setting("SLACK_API_URL", credentials, "api_url") or DEFAULT_API_URL,
        )

    def __init__(self, *args: Any, api_url: str = DEFAULT_API_URL, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.api_url = api_url

    def _validate_credentials(self) -> None:
        """Rasa's raises without a signing secret; here the webhook answers 503 instead."""

    @property
    def missing_settings(self) -> list[str]:
        missing = []
        if not self.slack_token:
            missing.append("SLACK_TOKEN")
        if not self.slack_signing_secret:
            missing.append("SLACK_SIGNING_SECRET")
        return missing

    @property
    def configured(self) -> bool:
        return not self.missing_settings

    def not_configured_message(self) -> str:
        return (
            f"slack not configured: set {' and '.join(self.missing_settings)} "
            "(the app's Bot User OAuth Token and signing secret), then restart"
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        slack_webhook = super().blueprint(guarded(on_new_message))

        @slack_webhook.listener("after_server_start")
        async def report(_app: Any, _loop: Any) -> None:
            if not self.configured:
                logger.info("Slack channel: %s", self.not_configured_message())

        @slack_webhook.middleware("request")
        async def guard(request: Request) -> HTTPResponse | None:
            if not request.path.rstrip("/").endswith("/webhook"):
                return None
            if not self.configured:
                return response.text(self.not_configured_message(), status=HTTPStatus.SERVICE_UNAVAILABLE)
            if not self.is_request_from_slack_authentic(request):
                return response.text(
                    "request is not signed with a valid X-Slack-Signature", status=HTTPStatus.UNAUTHORIZED
                )
            if request.headers.get("content-type", "").startswith("application/json"):
                body = request.json if request.body else None
                if isinstance(body, dict) and body.get("type") == "url_verification":
                    return response.json({"challenge": body.get("challenge")})
            return None

        return slack_webhook

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> OutputChannel | None:
        if not self.configured:
            return None
        return SlackChannelOutput(self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_url)
