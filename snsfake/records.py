"""What the fake captured, for assertions: calls, publishes, deliveries, skips.

Records are immutable; :class:`Records` is a live, read-only, append-only
sequence with helpers (``last``, ``filter``, ``one``, ``assert_count``) whose
failures explain what *was* captured.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, overload

__all__ = ["Call", "Published", "Delivery", "Skipped", "Records"]

_EMAIL_FOOTER_MARK = "\n\n--\n"


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
        arn = self.topic_arn
        return arn.rsplit(":", 1)[-1] if arn else None

    def __repr__(self) -> str:
        target = self.topic_arn or self.target_arn or self.phone_number
        return f"<Published {self.message_id} to {target}: {_short(self.message)}>"


class Delivery:
    """What one endpoint received, exactly.

    ``body`` is the text the endpoint gets (the JSON envelope, the raw message,
    the Lambda event, the SMS text ...). It may be rendered lazily on first read,
    because signing costs about a millisecond and fan-out must stay cheap; the
    result is stable.
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
        "headers",
        "message_attributes",
        "group_id",
        "dedup_id",
        "at",
        "status",
        "attempts",
        "detail",
        "extra",
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
        self.protocol = protocol
        self.endpoint = endpoint
        self.subscription_arn = subscription_arn
        self.topic_arn = topic_arn
        self.message_id = message_id
        self.message_type = message_type
        self.message = message
        self.subject = subject
        self.at = at
        self.headers: Mapping[str, str] = headers if headers is not None else {}
        self.message_attributes: Mapping[str, Mapping[str, Any]] = message_attributes or {}
        self.group_id = group_id
        self.dedup_id = dedup_id
        self.status = status
        self.attempts = attempts
        self.detail = detail
        self.extra: Mapping[str, Any] = extra if extra is not None else {}
        self._body = body
        self._render = render

    @property
    def body(self) -> str:
        """The exact text the endpoint received."""
        body = self._body
        if body is None:
            render = self._render
            assert render is not None
            body = self._body = render()
            self._render = None
        return body

    @property
    def json(self) -> Any:
        """``body`` parsed as JSON (for email-json, the JSON before the email footer)."""
        body = self.body
        if self.protocol == "email-json":
            body = body.split(_EMAIL_FOOTER_MARK, 1)[0]
        return json.loads(body)

    @property
    def raw(self) -> bool:
        return self.extra.get("raw", False) is True

    @property
    def topic_name(self) -> str | None:
        arn = self.topic_arn
        return arn.rsplit(":", 1)[-1] if arn else None

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
    ``OptedOut``, ``SmsSandbox``, ``SpendLimit``, ``MaxPrice``, ``PlatformApplicationDisabled``.
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
        arn = self.topic_arn
        return arn.rsplit(":", 1)[-1] if arn else None

    def describe(self) -> str:
        return f"{self.subscription_arn or self.endpoint}  {self.reason}: {self.detail}"


T = TypeVar("T")

_KIND_NAMES = {"calls": "call", "published": "published message", "deliveries": "delivery", "skipped": "skip"}


def _short(text: str, limit: int = 60) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _matches(item: Any, fields: Mapping[str, Any]) -> bool:
    for name, expected in fields.items():
        if name == "topic":
            arn = getattr(item, "topic_arn", None)
            if arn is None or (arn != expected and arn.rsplit(":", 1)[-1] != expected):
                return False
        elif getattr(item, name, _MISSING) != expected:
            return False
    return True


_MISSING = object()


def _describe(item: Any) -> str:
    describe = getattr(item, "describe", None)
    return describe() if callable(describe) else repr(item)


class Records(Sequence[T], Generic[T]):
    """A read-only, live view of captured records with assertion helpers."""

    __slots__ = ("_items", "_kind", "_explain")

    def __init__(
        self,
        items: list[T],
        kind: str,
        explain: Callable[[Mapping[str, Any]], str] | None = None,
    ) -> None:
        self._items = items
        self._kind = kind
        self._explain = explain

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._items))

    def __bool__(self) -> bool:
        return bool(self._items)

    def __repr__(self) -> str:
        return f"<Records {self._kind}: {len(self._items)}>"

    @property
    def last(self) -> T:
        """The most recent record; ``IndexError`` when there is none."""
        if not self._items:
            raise IndexError(f"snsfake: no {self._kind} captured")
        return self._items[-1]

    def filter(self, predicate: Callable[[T], bool] | None = None, /, **fields: Any) -> Records[T]:
        """Records whose attributes equal ``fields`` (``topic=`` takes a name or an ARN) and satisfy ``predicate``."""
        selected = [
            item
            for item in list(self._items)
            if (predicate is None or predicate(item)) and _matches(item, fields)
        ]
        return Records(selected, self._kind, self._explain)

    def one(self, predicate: Callable[[T], bool] | None = None, /, **fields: Any) -> T:
        """The single record matching ``fields``; ``AssertionError`` explaining what was captured otherwise."""
        __tracebackhide__ = True
        found = self.filter(predicate, **fields)
        if len(found) != 1:
            raise AssertionError(self._mismatch(1, len(found), fields))
        return found._items[0]

    def assert_count(self, expected: int, predicate: Callable[[T], bool] | None = None, /, **fields: Any) -> None:
        """Assert how many records match ``fields``."""
        __tracebackhide__ = True
        found = len(self.filter(predicate, **fields))
        if found != expected:
            raise AssertionError(self._mismatch(expected, found, fields))

    def _mismatch(self, expected: int, found: int, fields: Mapping[str, Any]) -> str:
        noun = _KIND_NAMES.get(self._kind, self._kind)
        plural = noun if expected == 1 else self._kind
        criteria = ", ".join(f"{name}={value!r}" for name, value in fields.items()) or "any fields"
        lines = [f"snsfake: expected {expected} {plural} with {criteria}; found {found}."]
        items = list(self._items)
        lines.append(f"Captured {self._kind} ({len(items)}):")
        lines.extend(f"  {_describe(item)}" for item in items[-20:])
        if len(items) > 20:
            lines.insert(2, f"  … {len(items) - 20} earlier")
        if self._explain is not None:
            explanation = self._explain(fields)
            if explanation:
                lines.append(explanation)
        return "\n".join(lines)
