"""The interface every delivery protocol implements, and the message it is handed.

A protocol says who may subscribe (``check_endpoint``), what its endpoint receives for a
topic message (``notification``) or a confirmation (``confirmation``), and how SNS hands a
captured delivery to the test's in-process endpoint (``attempt``). Fan-out records what
``notification`` returns, calls ``attempt``, and redrives failures to a dead-letter queue.
"""

from __future__ import annotations

import contextvars
import datetime as _dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from ..arns import dns_suffix_of_region
from ..context import Context
from ..errors import invalid_parameter
from ..records import Delivery
from ..state import Subscription, Topic
from .envelope import confirmation, envelope_json, notification, signature_version

__all__ = [
    "AwsResourceProtocol",
    "Confirmation",
    "EnvelopeText",
    "Message",
    "Protocol",
    "confirmation_envelope",
    "confirmation_record",
    "dns_suffix",
    "envelope_text",
    "hand_over",
    "is_arn",
    "notification_record",
    "text_for",
]


@dataclass(slots=True)
class Message:
    """One accepted publish, as the protocols need it."""

    message_id: str
    message: str
    subject: str | None
    attributes: Mapping[str, Mapping[str, Any]] | None
    structure: Mapping[str, Any] | None
    at: _dt.datetime
    timestamp: str
    group_id: str | None = None
    dedup_id: str | None = None
    sequence_number: str | None = None
    # The Publish request's X-Amzn-Trace-Id header: SQS subscribers get it as AWSTraceHeader.
    trace_header: str | None = None

    def text_for(self, key: str) -> str:
        """The text for one protocol: its MessageStructure key, else ``default``, else the message."""
        return text_for(key, self.message, self.structure)


def text_for(key: str, message: str, structure: Mapping[str, Any] | None) -> str:
    """The text one protocol gets of a MessageStructure=json message (``key``, else ``default``)."""
    if structure is None:
        return message
    value = structure.get(key)
    if isinstance(value, str):
        return value
    default = structure.get("default")
    return default if isinstance(default, str) else message


@dataclass(slots=True)
class Confirmation:
    """A SubscriptionConfirmation or UnsubscribeConfirmation SNS sends to an endpoint."""

    kind: str
    message_id: str
    token: str
    timestamp: str
    text: str
    subscribe_url: str


class EnvelopeText:
    """Renders one notification's JSON envelope when first read.

    A slotted object rather than a closure: a captured delivery keeps ~70 bytes alive
    instead of a function and its cells (~700 bytes).
    """

    __slots__ = ("topic", "subscription", "message", "text", "dns_suffix", "version")

    def __init__(
        self, topic: Topic, subscription: Subscription, message: Message, text: str, dns_suffix: str
    ) -> None:
        self.topic = topic
        self.subscription = subscription
        self.message = message
        self.text = text
        self.dns_suffix = dns_suffix
        # Read now: the body must not depend on when it is first read.
        self.version = signature_version(topic)

    def __call__(self) -> str:
        topic, message = self.topic, self.message
        return envelope_json(
            notification(
                message_id=message.message_id,
                topic_arn=topic.arn,
                subject=message.subject,
                message=self.text,
                timestamp=message.timestamp,
                subscription_arn=self.subscription.arn,
                region=topic.region,
                dns_suffix=self.dns_suffix,
                attributes=message.attributes,
                signature_version=self.version,
                fifo=topic.fifo,
                sequence_number=message.sequence_number,
            )
        )


def hand_over(
    protocol: Protocol, context: Context, record: Delivery, topic: Topic | None, subscription: Subscription | None
) -> str | None:
    """``protocol.attempt(...)`` in a fresh ``contextvars`` context: SNS delivers from elsewhere,
    so handlers and forwarding see none of the publisher's context (its trace's current span)."""
    return contextvars.Context().run(protocol.attempt, context, record, topic, subscription)


def dns_suffix(topic: Topic) -> str:
    """The DNS suffix of the topic's partition (amazonaws.com, amazonaws.com.cn, ...)."""
    return dns_suffix_of_region(topic.region)


def is_arn(value: str, service: str) -> bool:
    parts = value.split(":")
    return len(parts) >= 6 and parts[0] == "arn" and parts[2] == service and all(parts[1:6:2])


class Protocol:
    """One delivery protocol (a row of :data:`snsfake.protocols.PROTOCOLS`)."""

    name: ClassVar[str]
    # The endpoint's owner confirms before it gets messages (http/https, email).
    needs_confirmation: ClassVar[bool] = False
    # RawMessageDelivery may be set on its subscriptions.
    raw_capable: ClassVar[bool] = False

    def check_endpoint(self, context: Context, endpoint: str) -> None:
        """Raise AWS's error when Subscribe's Endpoint does not fit this protocol."""

    def endpoint_account(self, endpoint: str) -> str | None:
        """The account that owns an AWS resource endpoint (another account's must confirm)."""
        return None

    def notification(
        self, context: Context, topic: Topic, subscription: Subscription, message: Message
    ) -> Delivery | None:
        """What the endpoint receives for a topic message; None when it receives nothing
        (the protocol recorded why, as SMS opt-outs and disabled push endpoints do)."""
        raise NotImplementedError

    def confirmation(
        self, context: Context, topic: Topic, subscription: Subscription, sent: Confirmation
    ) -> Delivery:
        """What the endpoint receives to confirm (or restore) a subscription: the JSON envelope."""
        render = confirmation_envelope(topic, subscription, sent)
        return confirmation_record(context, topic, subscription, sent, render=render)

    def attempt(
        self, context: Context, record: Delivery, topic: Topic | None, subscription: Subscription | None
    ) -> str | None:
        """Hand a captured delivery to the test's in-process endpoint, if there is one.

        Returns why it failed after the protocol's retries, or None (delivered, or nowhere to go).
        """
        return None


class AwsResourceProtocol(Protocol):
    """sqs, lambda and firehose: the endpoint is an AWS resource's ARN."""

    arn_service: ClassVar[str]
    endpoint_label: ClassVar[str]  # "SQS", "Lambda", "Firehose": AWS's error names it

    def check_endpoint(self, context: Context, endpoint: str) -> None:
        if not is_arn(endpoint, self.arn_service):
            raise invalid_parameter(f"{self.endpoint_label} endpoint ARN")

    def endpoint_account(self, endpoint: str) -> str | None:
        parts = endpoint.split(":")
        return parts[4] if len(parts) > 4 else None


def notification_record(
    topic: Topic, subscription: Subscription, message: Message, text: str, **fields: Any
) -> Delivery:
    """A Notification delivery of ``message`` to ``subscription`` (``text``: its protocol's text)."""
    return Delivery(
        protocol=subscription.protocol,
        endpoint=subscription.endpoint,
        subscription_arn=subscription.arn,
        topic_arn=topic.arn,
        message_id=message.message_id,
        message_type="Notification",
        message=text,
        subject=message.subject,
        at=message.at,
        **fields,
    )


def confirmation_envelope(topic: Topic, subscription: Subscription, sent: Confirmation) -> Callable[[], str]:
    """What renders the confirmation's JSON envelope when first read."""
    suffix = dns_suffix(topic)
    version = signature_version(topic)

    def render() -> str:
        return envelope_json(
            confirmation(
                kind=sent.kind,  # type: ignore[arg-type]
                message_id=sent.message_id,
                token=sent.token,
                topic_arn=topic.arn,
                timestamp=sent.timestamp,
                region=topic.region,
                dns_suffix=suffix,
                subscription_arn=subscription.arn,
                signature_version=version,
            )
        )

    return render


def confirmation_record(
    context: Context, topic: Topic, subscription: Subscription, sent: Confirmation, **fields: Any
) -> Delivery:
    """A SubscriptionConfirmation / UnsubscribeConfirmation delivery to ``subscription``."""
    return Delivery(
        protocol=subscription.protocol,
        endpoint=subscription.endpoint,
        subscription_arn=subscription.arn,
        topic_arn=topic.arn,
        message_id=sent.message_id,
        message_type=sent.kind,
        message=sent.text,
        at=context.now,
        extra={"token": sent.token, "subscribe_url": sent.subscribe_url},
        **fields,
    )


def envelope_text(topic: Topic, subscription: Subscription, message: Message, text: str) -> EnvelopeText:
    """What renders this subscriber's notification envelope around ``text`` (http, sqs, email-json, DLQs)."""
    return EnvelopeText(topic, subscription, message, text, dns_suffix(topic))
