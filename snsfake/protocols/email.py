"""email and email-json: what the inbox receives. An email carries the message and AWS's
unsubscribe footer; an email-json email's body is the JSON envelope. Both confirm first,
with AWS's "Subscription Confirmation" email.

Source: emails captured from real SNS subscriptions (From, Subject and footer text).
"""

from __future__ import annotations

import re
from typing import Final, Literal

from ..context import Context
from ..errors import invalid_parameter
from ..records import Delivery
from ..state import Subscription, Topic
from .base import (
    Confirmation,
    Message,
    Protocol,
    confirmation_envelope,
    confirmation_record,
    dns_suffix,
    envelope_text,
    notification_record,
)
from .envelope import TEXT_PLAIN

__all__ = ["Email", "confirmation_email", "email_message"]

_SENDER: Final = "no-reply@sns.amazonaws.com"
_DEFAULT_SENDER_NAME: Final = "AWS Notifications"
_DEFAULT_EMAIL_SUBJECT: Final = "AWS Notification Message"
_CONFIRMATION_EMAIL_SUBJECT: Final = "AWS Notification - Subscription Confirmation"
_EMAIL_FOOTER: Final = (
    "\n\n--\n"
    "If you wish to stop receiving notifications from this topic, please click or visit the link below "
    "to unsubscribe:\n{}\n\n"
    "Please do not reply directly to this email. If you have any questions or comments regarding this "
    "email, please contact us at https://aws.amazon.com/support"
)
# RFC 5322 atext plus space: a display name made only of these needs no quotes.
_PLAIN_DISPLAY_NAME: Final = re.compile(r"[A-Za-z0-9 !#$%&'*+\-/=?^_`{|}~]*")
_EMAIL_RE: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+\Z")


def _mailbox(display_name: str, address: str) -> str:
    """``Name <address>``, quoting the name only when RFC 5322 requires it."""
    if _PLAIN_DISPLAY_NAME.fullmatch(display_name):
        return f"{display_name} <{address}>"
    escaped = display_name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}" <{address}>'


def email_message(
    *,
    display_name: str,
    subject: str | None,
    body: str,
    subscription_arn: str,
    endpoint: str,
    region: str,
    dns_suffix: str,
    protocol: Literal["email", "email-json"] = "email",
) -> dict[str, str]:
    """The email a notification becomes: ``From``, ``To``, ``Subject``, ``Content-Type``, ``Body``.

    From is the topic's DisplayName (else "AWS Notifications") at no-reply@sns.amazonaws.com;
    Subject is the publish Subject, else "AWS Notification Message". The ``email`` body ends
    with AWS's footer and its unsubscribe link; an ``email-json`` email's body is the JSON
    envelope alone (the caller replaces ``Body``).
    """
    link = (
        f"https://sns.{region}.{dns_suffix}/unsubscribe.html"
        f"?SubscriptionArn={subscription_arn}&Endpoint={endpoint}"
    )
    text = body + _EMAIL_FOOTER.format(link)
    return {
        "From": _mailbox(display_name or _DEFAULT_SENDER_NAME, _SENDER),
        "To": endpoint,
        "Subject": subject if subject is not None else _DEFAULT_EMAIL_SUBJECT,
        "Content-Type": TEXT_PLAIN,
        "Body": text,
    }


def confirmation_email(
    *,
    topic_arn: str,
    token: str,
    endpoint: str,
    region: str,
    dns_suffix: str,
    json_body: str | None = None,
) -> dict[str, str]:
    """The subscription confirmation email (always from "AWS Notifications", not the DisplayName).

    For ``email`` subscriptions an HTML body with the "Confirm subscription" link
    (``/confirmation.html?TopicArn=...&Token=...&Endpoint=...``); for ``email-json`` pass the
    SubscriptionConfirmation envelope JSON as ``json_body``.
    """
    if json_body is not None:
        body, content_type = json_body, TEXT_PLAIN
    else:
        link = (
            f"https://sns.{region}.{dns_suffix}/confirmation.html"
            f"?TopicArn={topic_arn}&Token={token}&Endpoint={endpoint}"
        )
        body = (
            "<html><body>"
            f"You have chosen to subscribe to the topic:<br>{topic_arn}<br><br>"
            "To confirm this subscription, click or visit the link below "
            "(If this was in error no action is necessary):<br>"
            f'<a href="{link}">Confirm subscription</a><br><br>'
            "Please do not reply directly to this email. If you wish to remove yourself from receiving "
            "all future SNS subscription confirmation requests please send an email to "
            '<a href="mailto:sns-opt-out@amazon.com">sns-opt-out</a>'
            "</body></html>"
        )
        content_type = "text/html; charset=UTF-8"
    return {
        "From": _mailbox(_DEFAULT_SENDER_NAME, _SENDER),
        "To": endpoint,
        "Subject": _CONFIRMATION_EMAIL_SUBJECT,
        "Content-Type": content_type,
        "Body": body,
    }


class Email(Protocol):
    """``email`` (the message as text) or ``email-json`` (the JSON envelope as the body)."""

    needs_confirmation = True

    def __init__(self, name: Literal["email", "email-json"]) -> None:
        self.name = name  # type: ignore[misc]
        self.kind: Literal["email", "email-json"] = name

    def check_endpoint(self, context: Context, endpoint: str) -> None:
        if not _EMAIL_RE.match(endpoint):
            raise invalid_parameter("Email address")

    def notification(
        self, context: Context, topic: Topic, subscription: Subscription, message: Message
    ) -> Delivery:
        text = message.text_for(self.name)
        mail = email_message(
            display_name=topic.attributes.get("DisplayName", ""),
            subject=message.subject,
            body=text if self.name == "email" else "",
            subscription_arn=subscription.arn,
            endpoint=subscription.endpoint,
            region=topic.region,
            dns_suffix=dns_suffix(topic),
            protocol=self.kind,
        )
        body = mail.pop("Body")
        if self.name == "email":
            return notification_record(topic, subscription, message, text, headers=mail, body=body)
        render = envelope_text(topic, subscription, message, text)  # the email's body is the envelope
        return notification_record(topic, subscription, message, text, headers=mail, render=render)

    def confirmation(
        self, context: Context, topic: Topic, subscription: Subscription, sent: Confirmation
    ) -> Delivery:
        json_body = confirmation_envelope(topic, subscription, sent)() if self.name == "email-json" else None
        mail = confirmation_email(
            topic_arn=topic.arn,
            token=sent.token,
            endpoint=subscription.endpoint,
            region=topic.region,
            dns_suffix=dns_suffix(topic),
            json_body=json_body,
        )
        body = mail.pop("Body")
        return confirmation_record(context, topic, subscription, sent, headers=mail, body=body)
