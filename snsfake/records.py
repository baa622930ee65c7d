"""What the fake captured, for assertions: calls, publishes, deliveries, skips, findings.

Records are immutable data. :class:`Records` is a live, read-only view of them
with helpers (``last``, ``filter``, ``one``, ``assert_count``) whose failures
explain what *was* captured. :class:`Captured` holds the lists a fake appends to.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, overload

__all__ = ["Call", "Published", "Delivery", "Skipped", "Finding", "Records", "Captured", "NOTHING"]


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




@dataclass(frozen=True, slots=True)
class Call:
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


@dataclass(frozen=True, slots=True)
class Published:
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
    attributes: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
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
    event, the email, the SMS text, the push payload. ``headers`` are SNS's HTTP headers or
    the email's headers; ``extra`` holds what only some protocols have (see the docs).
    Read-only, like the other records.
    """

    __slots__ = (
        "protocol",
        "endpoint",
        "subscription_arn",
        "topic_arn",
        "message_id",
        "message_type",
        "message",
        "subject",
        "at",
        "headers",
        "message_attributes",
        "group_id",
        "dedup_id",
        "status",
        "attempts",
        "detail",
        "extra",
        "_body",
        "_render",
    )

    protocol: str
    endpoint: str
    subscription_arn: str | None
    topic_arn: str | None
    message_id: str
    message_type: str
    message: str
    subject: str | None
    at: _dt.datetime
    headers: Mapping[str, str]
    message_attributes: Mapping[str, Mapping[str, Any]]
    group_id: str | None
    dedup_id: str | None
    status: str
    attempts: int
    detail: str
    extra: Mapping[str, Any]
    _body: str | None
    _render: Callable[[], str] | None

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
        headers: Mapping[str, str] = NOTHING,
        message_attributes: Mapping[str, Mapping[str, Any]] = NOTHING,
        group_id: str | None = None,
        dedup_id: str | None = None,
        status: str = "delivered",
        attempts: int = 1,
        detail: str = "",
        extra: Mapping[str, Any] = NOTHING,
    ) -> None:
        """Give ``body``, or ``render``: a function that makes it when first read (signing costs
        about a millisecond, and most bodies are never read)."""
        if (body is None) == (render is None):
            raise TypeError("snsfake: a Delivery needs body or render, not both")
        fill = object.__setattr__  # (the class refuses attribute stores: records are read-only)
        fill(self, "protocol", protocol)
        fill(self, "endpoint", endpoint)
        fill(self, "subscription_arn", subscription_arn)
        fill(self, "topic_arn", topic_arn)
        fill(self, "message_id", message_id)
        fill(self, "message_type", message_type)
        fill(self, "message", message)
        fill(self, "subject", subject)
        fill(self, "at", at)
        fill(self, "headers", headers)
        fill(self, "message_attributes", message_attributes)
        fill(self, "group_id", group_id)
        fill(self, "dedup_id", dedup_id)
        fill(self, "status", status)
        fill(self, "attempts", attempts)
        fill(self, "detail", detail)
        fill(self, "extra", extra)
        fill(self, "_body", body)
        fill(self, "_render", render)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"snsfake: Delivery records are read-only (cannot set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"snsfake: Delivery records are read-only (cannot delete {name!r})")

    @property
    def body(self) -> str:
        """The exact text the endpoint received."""
        body = self._body
        if body is None:
            render = self._render
            assert render is not None
            body = render()  # the same text every time: renderers read nothing that changes
            object.__setattr__(self, "_body", body)
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
            object.__setattr__(self, "status", status)
        if attempts is not None:
            object.__setattr__(self, "attempts", attempts)
        if detail is not None:
            object.__setattr__(self, "detail", detail)
        if extra is not None:
            object.__setattr__(self, "extra", {**self.extra, **extra})

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


@dataclass(frozen=True, slots=True)
class Skipped:
    """A subscription that got nothing for a message, and why.

    ``reason`` is one of ``FilterPolicy``, ``PendingConfirmation``, ``EndpointDisabled``,
    ``OptedOut``, ``SmsSandbox``, ``SpendLimit``, ``MaxPrice``, ``PlatformApplicationDisabled``,
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


T = TypeVar("T")

_NOUNS = {
    Call: ("call", "calls"),
    Published: ("published message", "published messages"),
    Delivery: ("delivery", "deliveries"),
    Skipped: ("skipped subscription", "skipped subscriptions"),
    Finding: ("data protection finding", "data protection findings"),
}


def _field_names(record_type: type) -> tuple[str, ...]:
    """What ``filter(**fields)`` may name: a record's public fields and properties, and ``topic``."""
    if dataclasses.is_dataclass(record_type):
        names = [item.name for item in dataclasses.fields(record_type)]
    else:
        names = [name for klass in record_type.__mro__ for name in getattr(klass, "__slots__", ())]
    names = [name for name in names if not name.startswith("_")]
    for klass in record_type.__mro__:
        names.extend(
            name for name, value in vars(klass).items() if isinstance(value, property) and not name.startswith("_")
        )
    if "topic_arn" in names:
        names.append("topic")
    return tuple(dict.fromkeys(names))


def _matches(item: Any, fields: Mapping[str, Any]) -> bool:
    for name, expected in fields.items():
        if name == "topic":
            arn = item.topic_arn
            if arn is None or (arn != expected and arn.rsplit(":", 1)[-1] != expected):
                return False
        elif getattr(item, name) != expected:
            return False
    return True


def _describe(item: Any) -> str:
    describe = getattr(item, "describe", None)
    return describe() if callable(describe) else repr(item)


class Records(Sequence[T], Generic[T]):
    """A read-only, live view of captured records with assertion helpers.

    It compares equal to a list or tuple of the same records, so
    ``fake.deliveries.filter(protocol="sqs") == []`` reads as it should.
    """

    __slots__ = ("_items", "_record_type", "_explain")

    def __init__(
        self,
        items: list[T],
        record_type: type[T],
        explain: Callable[[Mapping[str, Any]], str] | None = None,
    ) -> None:
        self._items = items
        self._record_type = record_type
        self._explain = explain

    def __reduce__(self) -> tuple[Any, ...]:
        # A copy or a pickle holds the records as they are now.
        return (Records, (list(self._items), self._record_type, self._explain))

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._items))  # a snapshot: appends while iterating are not seen

    def __bool__(self) -> bool:
        return bool(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Records):
            return list(self._items) == list(other._items)
        if isinstance(other, (list, tuple)):
            return list(self._items) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to lists, which are unhashable

    def __repr__(self) -> str:
        return f"<Records {self._nouns[1]}: {len(self._items)}>"

    @property
    def _nouns(self) -> tuple[str, str]:
        name = self._record_type.__name__.lower()
        return _NOUNS.get(self._record_type, (name, f"{name}s"))

    @property
    def last(self) -> T:
        """The most recent record; ``IndexError`` when there is none."""
        try:
            return self._items[-1]
        except IndexError:
            raise IndexError(f"snsfake: no {self._nouns[1]} captured") from None

    def filter(self, predicate: Callable[[T], bool] | None = None, /, **fields: Any) -> Records[T]:
        """Records whose attributes equal ``fields`` (``topic=`` takes a name or an ARN) and satisfy ``predicate``.

        A field name the records do not have raises ``TypeError`` naming the valid ones.
        """
        self._check_names(fields)
        selected = [
            item for item in list(self._items) if (predicate is None or predicate(item)) and _matches(item, fields)
        ]
        return Records(selected, self._record_type, self._explain)

    def one(self, predicate: Callable[[T], bool] | None = None, /, **fields: Any) -> T:
        """The single record matching ``fields``; ``AssertionError`` explaining what was captured otherwise."""
        __tracebackhide__ = True
        found = self.filter(predicate, **fields)
        if len(found) != 1:
            raise AssertionError(self._mismatch(1, len(found), fields))
        return found[0]

    def assert_count(self, expected: int, predicate: Callable[[T], bool] | None = None, /, **fields: Any) -> None:
        """Assert how many records match ``fields``."""
        __tracebackhide__ = True
        found = len(self.filter(predicate, **fields))
        if found != expected:
            raise AssertionError(self._mismatch(expected, found, fields))

    def _check_names(self, fields: Mapping[str, Any]) -> None:
        __tracebackhide__ = True
        if not fields:
            return
        valid = _field_names(self._record_type)
        unknown = [name for name in fields if name not in valid]
        if unknown:
            kind = self._record_type.__name__
            raise TypeError(
                f"snsfake: {kind} records have no field {unknown[0]!r}; valid fields: {', '.join(sorted(valid))}"
            )

    def _mismatch(self, expected: int, found: int, fields: Mapping[str, Any]) -> str:
        singular, plural = self._nouns
        noun = singular if expected == 1 else plural
        criteria = ", ".join(f"{name}={value!r}" for name, value in fields.items())
        what = f"{noun} with {criteria}" if criteria else f"matching {noun}"
        lines = [f"snsfake: expected {expected} {what}; found {found}."]
        items = list(self._items)
        lines.append(f"Captured {plural} ({len(items)}):")
        lines.extend(f"  {_describe(item)}" for item in items[-20:])
        if len(items) > 20:
            lines.insert(2, f"  … {len(items) - 20} earlier")
        if self._explain is not None:
            explanation = self._explain(fields)
            if explanation:
                lines.append(explanation)
        return "\n".join(lines)


class Captured:
    """Everything one fake captured, in the order it happened; the fake shows it as :class:`Records`."""

    __slots__ = ("calls", "published", "deliveries", "skipped", "findings")

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.published: list[Published] = []
        self.deliveries: list[Delivery] = []
        self.skipped: list[Skipped] = []
        self.findings: list[Finding] = []

    def clear(self) -> None:
        for items in (self.calls, self.published, self.deliveries, self.skipped, self.findings):
            items.clear()

    def explain_deliveries(self, fields: Mapping[str, Any]) -> str:
        """Why an endpoint got nothing: the skips recorded for it (for a failed ``deliveries.one()``)."""
        endpoint = fields.get("endpoint")
        subscription = fields.get("subscription_arn")
        relevant = [
            item
            for item in list(self.skipped)
            if (endpoint is None or item.endpoint == endpoint)
            and (subscription is None or item.subscription_arn == subscription)
        ]
        if not relevant:
            return ""
        where = "that endpoint" if endpoint or subscription else "any endpoint"
        lines = [f"Skipped for {where} ({len(relevant)}):"]
        lines.extend(f"  {item.describe()}" for item in relevant[-20:])
        return "\n".join(lines)
