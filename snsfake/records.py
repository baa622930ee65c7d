"""What the fake captures, as immutable records: calls, publishes, deliveries, skips and
data protection findings. (How tests read them: :mod:`snsfake.capture`.)

Calls, publishes and skips are named tuples: immutable and typed, and a fifth of
a frozen dataclass's cost to build (every call builds a ``Call``, every publish a
``Published``: as frozen dataclasses they put a publish over its budget of 1.2× botocore's
own cost). A delivery, whose body is rendered when first read, is a slotted class with
read-only properties.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

__all__ = ["Call", "Published", "Delivery", "Skipped", "Finding", "NOTHING"]


class _ReadOnlyEmpty(dict):  # type: ignore[type-arg]
    """An empty dict that refuses changes: the default of every record's mapping fields.

    Shared by all records, because a fresh ``{}`` for each of a delivery's three mapping
    fields would add 192 bytes to it (the budget is 300 bytes a captured delivery).
    """

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("snsfake: records are read-only")

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _refuse


NOTHING: Mapping[str, Any] = _ReadOnlyEmpty()


class Call(NamedTuple):
    """One SNS API call: the parameters as passed, and the response or the error."""

    operation: str
    params: Mapping[str, Any]
    account: str
    region: str
    at: _dt.datetime
    response: Mapping[str, Any] | None = None
    error_code: str | None = None
    error_message: str | None = None

    @property
    def ok(self) -> bool:
        return self.error_code is None

    def __repr__(self) -> str:
        outcome = "ok" if self.ok else f"{self.error_code}: {self.error_message}"
        return f"<Call {self.operation} {outcome}>"


class Published(NamedTuple):
    """A message SNS accepted (Publish, each PublishBatch entry), even with no subscriber."""

    message_id: str
    message: str
    account: str
    region: str
    at: _dt.datetime
    topic_arn: str | None = None
    target_arn: str | None = None
    phone_number: str | None = None
    subject: str | None = None
    attributes: Mapping[str, Mapping[str, Any]] = NOTHING
    structure: str | None = None
    group_id: str | None = None
    dedup_id: str | None = None
    sequence_number: str | None = None

    @property
    def topic_name(self) -> str | None:
        return _name_of(self.topic_arn)

    def __repr__(self) -> str:
        target = self.topic_arn or self.target_arn or self.phone_number
        return f"<Published {self.message_id} to {target}: {_short(self.message)}>"


class Delivery:
    """What one endpoint received, exactly.

    ``body`` is the text the endpoint gets: the JSON envelope, the raw message, the Lambda
    event, the email, the SMS text, the push payload. Read-only, like the other records.
    """

    __slots__ = (
        "_protocol",
        "_endpoint",
        "_subscription_arn",
        "_topic_arn",
        "_message_id",
        "_message_type",
        "_message",
        "_subject",
        "_at",
        "_headers",
        "_message_attributes",
        "_group_id",
        "_dedup_id",
        "_status",
        "_attempts",
        "_detail",
        "_extra",
        "_body",
        "_render",
    )

    def __init__(
        self,
        *,
        protocol: str,
        endpoint: str,
        subscription_arn: str | None,
        topic_arn: str | None,
        message_id: str,
        message_type: str,
        message: str,
        at: _dt.datetime,
        body: str | None = None,
        render: Callable[[], str] | None = None,
        subject: str | None = None,
        headers: Mapping[str, str] | None = None,
        message_attributes: Mapping[str, Mapping[str, Any]] | None = None,
        group_id: str | None = None,
        dedup_id: str | None = None,
        status: str = "delivered",
        attempts: int = 1,
        detail: str = "",
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        """Give ``body``, or ``render``: a function that makes it when first read (signing costs
        about a millisecond, and most bodies are never read). Empty mappings become ``NOTHING``."""
        headers = NOTHING if headers is None else headers
        message_attributes = message_attributes or NOTHING
        extra = NOTHING if extra is None else extra
        self._protocol = protocol
        self._endpoint = endpoint
        self._subscription_arn = subscription_arn
        self._topic_arn = topic_arn
        self._message_id = message_id
        self._message_type = message_type
        self._message = message
        self._subject = subject
        self._at = at
        self._headers = headers
        self._message_attributes = message_attributes
        self._group_id = group_id
        self._dedup_id = dedup_id
        self._status = status
        self._attempts = attempts
        self._detail = detail
        self._extra = extra
        self._body = body
        self._render = render

    @property
    def protocol(self) -> str:
        """sqs, http, https, email, email-json, lambda, firehose, sms or application."""
        return self._protocol

    @property
    def endpoint(self) -> str:
        """The queue, URL, address, function, stream, phone number or platform endpoint."""
        return self._endpoint

    @property
    def subscription_arn(self) -> str | None:
        """None for a direct publish (PhoneNumber, TargetArn) and a sandbox code."""
        return self._subscription_arn

    @property
    def topic_arn(self) -> str | None:
        return self._topic_arn

    @property
    def message_id(self) -> str:
        return self._message_id

    @property
    def message_type(self) -> str:
        """Notification, SubscriptionConfirmation, UnsubscribeConfirmation or OneTimePassword."""
        return self._message_type

    @property
    def message(self) -> str:
        """The text the endpoint's protocol selected (``MessageStructure=json`` picks per protocol)."""
        return self._message

    @property
    def subject(self) -> str | None:
        return self._subject

    @property
    def at(self) -> _dt.datetime:
        return self._at

    @property
    def headers(self) -> Mapping[str, str]:
        """SNS's HTTP headers (http/https) or the email's headers."""
        return self._headers

    @property
    def message_attributes(self) -> Mapping[str, Mapping[str, Any]]:
        """What arrives as the endpoint's own attributes (raw SQS, SMS, push)."""
        return self._message_attributes

    @property
    def group_id(self) -> str | None:
        return self._group_id

    @property
    def dedup_id(self) -> str | None:
        return self._dedup_id

    @property
    def status(self) -> str:
        """``delivered``, or ``failed`` after the endpoint's retries."""
        return self._status

    @property
    def attempts(self) -> int:
        return self._attempts

    @property
    def detail(self) -> str:
        """Why it failed."""
        return self._detail

    @property
    def extra(self) -> Mapping[str, Any]:
        """What only some protocols have (see the docs)."""
        return self._extra

    @property
    def body(self) -> str:
        """The exact text the endpoint received."""
        body = self._body
        if body is None:
            render = self._render
            assert render is not None, "snsfake: a Delivery needs a body or a render function"
            body = self._body = render()  # the same text every time: renderers read nothing that changes
        return body

    def _settle(
        self,
        *,
        status: str | None = None,
        attempts: int | None = None,
        detail: str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        """Fill in how handing it to the endpoint went (snsfake's delivery code, right after capture)."""
        if status is not None:
            self._status = status
        if attempts is not None:
            self._attempts = attempts
        if detail is not None:
            self._detail = detail
        if extra is not None:
            self._extra = {**self._extra, **extra}

    @property
    def json(self) -> Any:
        """``body`` parsed as JSON."""
        return json.loads(self.body)

    @property
    def raw(self) -> bool:
        """True for a raw message delivery (the message itself, no JSON envelope)."""
        return self.extra.get("raw", False) is True

    @property
    def replayed(self) -> bool:
        """True for a message redelivered from a FIFO topic's archive by a ReplayPolicy."""
        return self.extra.get("replayed", False) is True

    @property
    def topic_name(self) -> str | None:
        return _name_of(self.topic_arn)

    def __repr__(self) -> str:
        return (
            f"<Delivery {self.protocol} {self.endpoint} {self.message_type} {self.message_id}"
            f"{'' if self.status == 'delivered' else ' ' + self.status}: {_short(self.message)}>"
        )

    def describe(self) -> str:
        source = f"from {self.topic_name}" if self.topic_arn else "direct"
        state = "" if self.status == "delivered" else f"  [{self.status}: {self.detail}]"
        return f"{self.protocol:<10} {self.endpoint}  {source}  {self.message_type} {self.message_id}{state}"


class Skipped(NamedTuple):
    """A subscription that got nothing for a message, and why.

    ``reason`` is one of ``FilterPolicy``, ``PendingConfirmation``, ``EndpointDisabled``,
    ``OptedOut``, ``SmsSandbox``, ``MessageTooLong``, ``SpendLimit``, ``MaxPrice``, ``PlatformApplicationDisabled``,
    ``Deduplicated``, ``DataProtectionPolicy``, ``ReplayPolicy``.
    """

    message_id: str
    reason: str
    detail: str
    protocol: str
    endpoint: str
    at: _dt.datetime
    subscription_arn: str | None = None
    topic_arn: str | None = None

    @property
    def topic_name(self) -> str | None:
        return _name_of(self.topic_arn)

    def describe(self) -> str:
        return f"{self.subscription_arn or self.endpoint}  {self.reason}: {self.detail}"


@dataclass(frozen=True, slots=True)
class Finding:
    """Sensitive data a data protection statement acted on (``fake.data_protection_findings``).

    ``message_id`` is None for a publish the policy refused. ``principal`` is the
    publisher (Inbound) or the subscription's SubscriptionPrincipal (Outbound).
    """

    message_id: str | None
    topic_arn: str
    data_identifier: str
    direction: str
    operation: str
    principal: str
    count: int
    at: _dt.datetime
    subscription_arn: str | None = None

    @property
    def topic_name(self) -> str | None:
        return _name_of(self.topic_arn)

    def describe(self) -> str:
        where = f" to {self.subscription_arn}" if self.subscription_arn else ""
        return (
            f"{self.direction} {self.operation} {self.data_identifier} x{self.count} "
            f"message {self.message_id or '(refused)'} on {self.topic_arn}{where}"
        )


def _name_of(arn: str | None) -> str | None:
    return arn.rsplit(":", 1)[-1] if arn else None


def _short(text: str, limit: int = 60) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"
