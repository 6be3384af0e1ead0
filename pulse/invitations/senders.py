"""Senders: email over SMTP, Slack direct messages and Microsoft Teams chats through a Workflow.

Each sender has ``channel``, ``send(address, message)`` and is a context manager (SMTP keeps one
connection for a batch). Settings come from the environment (:func:`outbox_from_env`), never from
the database: a password or token in the file would travel with every backup. Nothing a sender
sends is kept: not the message, not the server's answer.
"""

from __future__ import annotations

import json
import smtplib
import ssl
import urllib.error
import urllib.request
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from pulse.errors import PulseError, SenderNotConfigured
from pulse.invitations.message import Message


class SendFailed(PulseError):
    """One message that could not be delivered to the channel's server."""


class SmtpSender:
    """Email through an SMTP server: ``security`` is "none", "starttls" or "ssl"."""

    channel = "email"

    def __init__(
        self,
        host: str,
        port: int = 25,
        sender: str = "teampulse@localhost",
        username: str | None = None,
        password: str | None = None,
        security: str = "none",
        timeout: float = 30.0,
    ):
        if security not in ("none", "starttls", "ssl"):
            raise SenderNotConfigured(f"SMTP security {security!r}: use none, starttls or ssl")
        self.host, self.port, self.sender = host, int(port), sender
        self.username, self.password, self.security, self.timeout = username, password, security, timeout
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpSender:
        try:
            if self.security == "ssl":
                smtp = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
                if self.security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(self.username, self.password or "")
        except (OSError, smtplib.SMTPException) as e:
            raise SendFailed(f"cannot reach the SMTP server {self.host}:{self.port}: {e}") from e
        self._smtp = smtp
        return self

    def __exit__(self, *exc) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self._smtp = None

    def send(self, address: str, message: Message) -> None:
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = address
        mail["Subject"] = message.subject
        mail["Date"] = formatdate(localtime=False)
        mail["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        mail.set_content(message.text)
        try:
            if self._smtp is None:
                with self:
                    self._smtp.send_message(mail)
            else:
                self._smtp.send_message(mail)
        except (OSError, smtplib.SMTPException) as e:
            raise SendFailed(str(e).splitlines()[0] if str(e) else type(e).__name__) from e


class SlackSender:
    """Slack direct messages with the official SDK: ``chat.postMessage`` to the member's user id
    (found with ``users.lookupByEmail`` when the roster holds an email). The bot token needs the
    ``chat:write`` and, for emails, ``users:read.email`` scopes. ``base_url`` is Slack's API root."""

    channel = "slack"

    def __init__(self, token: str, base_url: str = "https://slack.com/api/", timeout: int = 30):
        from slack_sdk import WebClient

        self.client = WebClient(token=token, base_url=base_url, timeout=timeout)

    def __enter__(self) -> SlackSender:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def send(self, address: str, message: Message) -> None:
        from slack_sdk.errors import SlackApiError, SlackClientError

        try:
            user = address
            if "@" in address:
                user = self.client.users_lookupByEmail(email=address)["user"]["id"]
            self.client.chat_postMessage(
                channel=user,
                text=f"{message.intro} {message.link}",  # the notification and accessibility text
                blocks=[
                    {"type": "section", "text": {"type": "mrkdwn", "text": f"*{_mrkdwn(message.subject)}*"}},
                    {"type": "section", "text": {"type": "mrkdwn", "text": _mrkdwn(message.intro)}},
                    {"type": "section", "text": {"type": "mrkdwn", "text": f"<{message.link}|Answer the pulse>"}},
                    {"type": "context", "elements": [{"type": "mrkdwn", "text": _mrkdwn(message.outro)}]},
                ],
                unfurl_links=False,
                unfurl_media=False,
            )
        except SlackApiError as e:
            raise SendFailed(f"Slack refused the message: {e.response.get('error', 'unknown error')}") from e
        except (SlackClientError, OSError) as e:
            raise SendFailed(f"cannot reach Slack: {e}") from e


def _mrkdwn(text: str) -> str:
    """Slack's three control characters escaped, as its formatting reference asks."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class TeamsSender:
    """Microsoft Teams chats through a Power Automate workflow ("When a Teams webhook request is
    received", then "Post card in a chat or channel" as the Flow bot to ``recipient``).

    The body is the documented webhook message (``type`` "message" with one Adaptive Card
    attachment) plus a ``recipient`` field that the workflow reads (docs/integrations.md).
    """

    channel = "teams"

    def __init__(self, workflow_url: str, timeout: float = 30.0):
        if not workflow_url.startswith(("https://", "http://")):
            raise SenderNotConfigured("the Teams workflow URL must start with https://")
        self.url, self.timeout = workflow_url, timeout

    def __enter__(self) -> TeamsSender:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def payload(self, address: str, message: Message) -> dict:
        card = {
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard",
            "version": "1.4",
            "body": [
                {"type": "TextBlock", "text": message.subject, "weight": "Bolder", "size": "Medium", "wrap": True},
                {"type": "TextBlock", "text": message.intro, "wrap": True},
                {"type": "TextBlock", "text": message.outro, "wrap": True, "isSubtle": True, "size": "Small"},
            ],
            "actions": [{"type": "Action.OpenUrl", "title": "Answer the pulse", "url": message.link}],
        }
        return {
            "type": "message",
            "recipient": address,
            "attachments": [
                {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
            ],
        }

    def send(self, address: str, message: Message) -> None:
        body = json.dumps(self.payload(address, message)).encode()
        request = urllib.request.Request(
            self.url, data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (URL is the admin's)
                status = response.status
        except urllib.error.HTTPError as e:
            raise SendFailed(f"the Teams workflow answered HTTP {e.code}") from e
        except (urllib.error.URLError, OSError) as e:
            raise SendFailed(f"cannot reach the Teams workflow: {e}") from e
        if status not in (200, 202):
            raise SendFailed(f"the Teams workflow answered HTTP {status}")


def outbox_from_env(environ: Mapping[str, str]) -> dict[str, object]:
    """The senders the environment configures, by channel (none configured: an empty outbox).

    ``TEAMPULSE_SMTP_HOST`` (and ``_PORT``, ``_FROM``, ``_USER``, ``_PASSWORD``, ``_SECURITY``),
    ``TEAMPULSE_SLACK_TOKEN`` (and ``TEAMPULSE_SLACK_API_URL``), ``TEAMPULSE_TEAMS_WORKFLOW_URL``.
    """
    outbox: dict[str, object] = {}
    if host := environ.get("TEAMPULSE_SMTP_HOST"):
        security = environ.get("TEAMPULSE_SMTP_SECURITY", "none")
        default_port = {"none": "25", "starttls": "587", "ssl": "465"}.get(security, "25")
        port = environ.get("TEAMPULSE_SMTP_PORT", default_port)
        if not port.isdigit():
            raise SenderNotConfigured(f"TEAMPULSE_SMTP_PORT must be a number, got {port[:20]!r}")
        outbox["email"] = SmtpSender(
            host,
            int(port),
            environ.get("TEAMPULSE_SMTP_FROM", "teampulse@localhost"),
            environ.get("TEAMPULSE_SMTP_USER") or None,
            environ.get("TEAMPULSE_SMTP_PASSWORD") or None,
            security,
        )
    if token := environ.get("TEAMPULSE_SLACK_TOKEN"):
        outbox["slack"] = SlackSender(token, environ.get("TEAMPULSE_SLACK_API_URL", "https://slack.com/api/"))
    if url := environ.get("TEAMPULSE_TEAMS_WORKFLOW_URL"):
        outbox["teams"] = TeamsSender(url)
    return outbox
