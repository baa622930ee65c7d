"""http and https: SNS POSTs the JSON envelope (or, raw, the message) with its ``x-amz-sns-*``
headers; an ``on_http`` handler answers in-process, and 5xx answers are retried under the
subscription's effective delivery policy (delays computed, never slept)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

from .. import delivery_policy
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
    envelope_text,
    notification_record,
)
from .envelope import TEXT_PLAIN

__all__ = ["HTTP", "HttpRequest", "TEXT_PLAIN", "http_headers"]

_USER_AGENT: Final = "Amazon Simple Notification Service Agent"
_ACCEPT_ENCODING: Final = "gzip,deflate"


@dataclass(frozen=True)
class HttpRequest:
    """The POST SNS makes to an http/https endpoint, as an ``on_http`` handler sees it."""

    url: str
    headers: Mapping[str, str]
    body: str
    method: str = "POST"

    @property
    def json(self) -> Any:
        return json.loads(self.body)


def http_headers(
    *,
    message_type: str,
    message_id: str,
    topic_arn: str,
    subscription_arn: str | None = None,
    raw: bool = False,
    content_type: str = TEXT_PLAIN,
) -> dict[str, str]:
    """Headers of SNS's POST to an http/https endpoint.

    ``x-amz-sns-subscription-arn`` is sent for Notification and UnsubscribeConfirmation, never
    for SubscriptionConfirmation. ``x-amz-sns-rawdelivery: true`` only on raw notifications.
    ``content_type`` (the delivery policy's ``headerContentType``) applies to notifications;
    confirmations are always ``text/plain; charset=UTF-8``. ``Content-Length``, ``Host`` and
    ``Connection`` belong to the wire: they are added to the request a handler sees.
    """
    headers = {
        "x-amz-sns-message-type": message_type,
        "x-amz-sns-message-id": message_id,
        "x-amz-sns-topic-arn": topic_arn,
    }
    if subscription_arn is not None and message_type != "SubscriptionConfirmation":
        headers["x-amz-sns-subscription-arn"] = subscription_arn
    is_notification = message_type == "Notification"
    if raw and is_notification:
        headers["x-amz-sns-rawdelivery"] = "true"
    headers["Content-Type"] = content_type if is_notification else TEXT_PLAIN
    headers["User-Agent"] = _USER_AGENT
    headers["Accept-Encoding"] = _ACCEPT_ENCODING
    return headers


def _wire_headers(url: str, headers: Mapping[str, str], body: str) -> dict[str, str]:
    """What the POST carries: SNS's own headers (the record keeps those) and what the wire adds,
    ``Content-Length`` before ``Content-Type`` and ``Host``, ``Connection`` after it, in the
    order of AWS's header examples ("HTTP/HTTPS headers")."""
    length = str(len(body.encode("utf-8")))
    wire: dict[str, str] = {}
    for name, value in headers.items():
        if name == "Content-Type":
            wire["Content-Length"] = length
            wire[name] = value
            wire["Host"] = urlsplit(url).netloc.rpartition("@")[2]
            wire["Connection"] = "Keep-Alive"
        else:
            wire[name] = value
    wire.setdefault("Content-Length", length)  # (SNS always sets Content-Type)
    return wire


def _effective_policy(topic: Topic, subscription: Subscription) -> dict[str, Any]:
    return delivery_policy.effective_subscription(
        subscription.attributes.get("DeliveryPolicy"), topic.attributes.get("DeliveryPolicy")
    )


def _handler(context: Context, url: str) -> Callable[[HttpRequest], Any] | None:
    """The ``on_http`` handler for ``url``: the longest registered prefix wins."""
    best: tuple[int, Callable[[HttpRequest], Any]] | None = None
    for prefix, handler in context.runtime.handlers.http.items():
        if url.startswith(prefix) and (best is None or len(prefix) > best[0]):
            best = (len(prefix), handler)
    return best[1] if best else None


class HTTP(Protocol):
    needs_confirmation = True
    raw_capable = True

    def __init__(self, name: str) -> None:
        self.name = name  # type: ignore[misc]  # "http" or "https": one class serves both

    def check_endpoint(self, context: Context, endpoint: str) -> None:
        if not endpoint.lower().startswith(f"{self.name}://"):
            raise invalid_parameter("Endpoint must match the specified protocol")

    def notification(
        self, context: Context, topic: Topic, subscription: Subscription, message: Message
    ) -> Delivery:
        text = message.text_for(self.name)
        request_policy = _effective_policy(topic, subscription).get("requestPolicy") or {}
        headers = http_headers(
            message_type="Notification",
            message_id=message.message_id,
            topic_arn=topic.arn,
            subscription_arn=subscription.arn,
            raw=subscription.raw,
            content_type=request_policy.get("headerContentType") or TEXT_PLAIN,
        )
        if subscription.raw:
            extra = {"raw": True, "sns_attributes": message.attributes}
            return notification_record(topic, subscription, message, text, headers=headers, extra=extra, body=text)
        render = envelope_text(topic, subscription, message, text)
        return notification_record(topic, subscription, message, text, headers=headers, render=render)

    def confirmation(
        self, context: Context, topic: Topic, subscription: Subscription, sent: Confirmation
    ) -> Delivery:
        headers = http_headers(
            message_type=sent.kind,
            message_id=sent.message_id,
            topic_arn=topic.arn,
            subscription_arn=subscription.arn,
        )
        render = confirmation_envelope(topic, subscription, sent)
        return confirmation_record(context, topic, subscription, sent, headers=headers, render=render)

    def attempt(
        self, context: Context, record: Delivery, topic: Topic | None, subscription: Subscription | None
    ) -> str | None:
        """POST to the ``on_http`` handler; 5xx or an exception is retried per the delivery policy."""
        handler = _handler(context, record.endpoint)
        if handler is None:
            return None
        delays: list[float] = []
        if topic is not None and subscription is not None and record.message_type == "Notification":
            retry = _effective_policy(topic, subscription).get("healthyRetryPolicy") or {}
            delays = delivery_policy.retry_delays(retry)
        body = record.body
        headers = _wire_headers(record.endpoint, record.headers, body)
        failure: str | None = None
        attempts = 0
        for _ in range(len(delays) + 1):
            attempts += 1
            try:
                status = handler(HttpRequest(record.endpoint, dict(headers), body))
            except Exception as error:  # a user's handler: any failure is a failed attempt
                failure = f"handler raised {type(error).__name__}: {error}"
                continue
            if status is None or (isinstance(status, int) and 200 <= status < 500):
                # AWS retries only 5xx (or no answer); a handler returning nothing succeeded
                failure = None
                break
            failure = f"endpoint answered HTTP {status}"
        record._settle(attempts=attempts, extra={"retry_delays": delays[: max(attempts - 1, 0)]})
        return failure
