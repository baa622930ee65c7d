"""What the fake captured, for assertions: calls, publishes, deliveries, skips.

Records are immutable; :class:`Records` is a live, read-only, append-only
sequence with helpers (``last``, ``filter``, ``one``, ``assert_count``) whose
failures explain what *was* captured.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, overload

__all__ = ["Call", "Published", "Delivery", "Skipped", "Records"]

_R = TypeVar("_R")


class _EmptyMapping(dict):  # type: ignore[type-arg]
    """The one empty ``headers``/``message_attributes``/``extra`` all records share: read-only.

    A fresh ``{}`` per field would cost a captured delivery 192 bytes.
    """

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("snsfake: records are read-only")

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _refuse


_EMPTY: Mapping[str, Any] = _EmptyMapping()


class _Factory:
    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def _open_twin(cls: type[_R]) -> type[_R]:
    """A subclass of the read-only record class ``cls`` whose instances take plain attribute stores.

    A record is filled as its twin, then becomes ``cls`` by ``__class__`` assignment (the layouts
    are the same): plain slot stores cost about a quarter of the slots' own setters or of
    ``object.__setattr__``, and the hot path builds a record per delivery.
    """
    namespace = {
        "__slots__": (),
        "__setattr__": object.__setattr__,
        "__delattr__": object.__delattr__,
        "__module__": cls.__module__,
        "__qualname__": f"{cls.__qualname__}._Open",
    }
    return type(f"{cls.__name__}._Open", (cls,), namespace)


_become = object.__setattr__  # _become(record, "__class__", twin): a read-only record takes stores again
_TWINS: dict[type, type] = {}


def _twin_of(cls: type[_R]) -> type[_R]:
    """The open twin of ``cls`` (a user's subclass of a record class gets one of its own)."""
    twin = _TWINS.get(cls)
    if twin is None:
        twin = _TWINS.setdefault(cls, _open_twin(cls))
    return twin


def _direct_init(cls: type[_R]) -> type[_R]:
    """Give a frozen slotted dataclass an ``__init__`` that fills it as its open twin.

    The dataclass's own ``__init__`` goes through ``object.__setattr__`` per field (that is how
    ``frozen`` works); plain stores on the twin cost a quarter of that. Same parameters,
    defaults and default factories.
    """
    namespace: dict[str, Any] = {"_FACTORY": _FACTORY, "_become": _become, "_twin_of": _twin_of}
    params: list[str] = []
    lines: list[str] = ["    cls = type(self)", '    _become(self, "__class__", _twin_of(cls))']
    for item in dataclasses.fields(cls):  # type: ignore[arg-type]
        name = item.name
        value = name
        if item.default is not dataclasses.MISSING:
            namespace[f"_default_{name}"] = item.default
            params.append(f"{name}=_default_{name}")
        elif item.default_factory is not dataclasses.MISSING:
            namespace[f"_factory_{name}"] = item.default_factory
            params.append(f"{name}=_FACTORY")
            value = f"_factory_{name}() if {name} is _FACTORY else {name}"
        else:
            params.append(name)
        lines.append(f"    self.{name} = {value}")
    lines.append("    self.__class__ = cls")
    exec(f"def __init__(self, {', '.join(params)}):\n" + "\n".join(lines), namespace)  # noqa: S102
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = dict(cls.__init__.__annotations__)
    setattr(cls, "__init__", init)  # noqa: B010 - mypy refuses a plain assignment to __init__
    return cls


@_direct_init
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


@_direct_init
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
        headers: Mapping[str, str] | None = None,
        message_attributes: Mapping[str, Mapping[str, Any]] | None = None,
        group_id: str | None = None,
        dedup_id: str | None = None,
        status: str = "delivered",
        attempts: int = 1,
        detail: str = "",
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        cls = type(self)
        _become(self, "__class__", _twin_of(cls))
        _fill_delivery(
            self, cls, protocol, endpoint, subscription_arn, topic_arn, message_id, message_type, message, subject, at,
            headers if headers is not None else _EMPTY, message_attributes or _EMPTY, group_id, dedup_id, status,
            attempts, detail, extra if extra is not None else _EMPTY, body, render,
        )  # fmt: skip

    @classmethod
    def _notification(
        cls,
        protocol: str,
        endpoint: str,
        subscription_arn: str | None,
        topic_arn: str | None,
        message_id: str,
        message: str,
        subject: str | None,
        at: _dt.datetime,
        render: Callable[[], str],
        group_id: str | None,
        dedup_id: str | None,
    ) -> Delivery:
        """``Delivery(message_type="Notification", render=render, ...)`` with positional arguments.

        Fan-out's path (snsfake internal): binding a dozen keyword arguments costs a third of
        building the record.
        """
        return _fill_delivery(
            object.__new__(_twin_of(cls)), cls, protocol, endpoint, subscription_arn, topic_arn, message_id, "Notification", message,
            subject, at, _EMPTY, _EMPTY, group_id, dedup_id, "delivered", 1, "", _EMPTY, None, render,
        )  # fmt: skip

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"snsfake: Delivery records are read-only (cannot set {name!r})")

    def _settle(
        self,
        *,
        status: str | None = None,
        attempts: int | None = None,
        detail: str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        """Record the outcome of handing the delivery to its endpoint (snsfake internal)."""
        set_ = object.__setattr__
        if status is not None:
            set_(self, "status", status)
        if attempts is not None:
            set_(self, "attempts", attempts)
        if detail is not None:
            set_(self, "detail", detail)
        if extra is not None:
            set_(self, "extra", {**self.extra, **extra})

    @property
    def body(self) -> str:
        """The exact text the endpoint received."""
        body = self._body
        if body is None:
            render = self._render
            if render is None:
                # Another thread rendered it between our two reads (it stores the body first).
                body = self._body
                assert body is not None
                return body
            body = render()
            object.__setattr__(self, "_body", body)
            object.__setattr__(self, "_render", None)
        return body

    @property
    def json(self) -> Any:
        """``body`` parsed as JSON."""
        return json.loads(self.body)

    @property
    def raw(self) -> bool:
        return self.extra.get("raw", False) is True

    @property
    def replayed(self) -> bool:
        """True for a message redelivered from a FIFO topic's archive by a ReplayPolicy."""
        return self.extra.get("replayed", False) is True

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


def _fill_delivery(
    record: Delivery,  # as its open twin (see _twin_of)
    cls: type[Delivery],
    protocol: str,
    endpoint: str,
    subscription_arn: str | None,
    topic_arn: str | None,
    message_id: str,
    message_type: str,
    message: str,
    subject: str | None,
    at: _dt.datetime,
    headers: Mapping[str, str],
    message_attributes: Mapping[str, Mapping[str, Any]],
    group_id: str | None,
    dedup_id: str | None,
    status: str,
    attempts: int,
    detail: str,
    extra: Mapping[str, Any],
    body: str | None,
    render: Callable[[], str] | None,
) -> Delivery:
    """Fill every slot of a new Delivery, made as its open twin; it comes back read-only, as ``cls``."""
    record.protocol = protocol
    record.endpoint = endpoint
    record.subscription_arn = subscription_arn
    record.topic_arn = topic_arn
    record.message_id = message_id
    record.message_type = message_type
    record.message = message
    record.subject = subject
    record.at = at
    record.headers = headers
    record.message_attributes = message_attributes
    record.group_id = group_id
    record.dedup_id = dedup_id
    record.status = status
    record.attempts = attempts
    record.detail = detail
    record.extra = extra
    record._body = body
    record._render = render
    record.__class__ = cls
    return record


@_direct_init
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
# Building a pending record, and clear(), one at a time across all Records (reads are rare).
_BUILDING = threading.Lock()

_KIND_NAMES = {
    "calls": ("call", "calls"),
    "published": ("published message", "published messages"),
    "deliveries": ("delivery", "deliveries"),
    "skipped": ("skipped subscription", "skipped subscriptions"),
}


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
    """A read-only, live view of captured records with assertion helpers.

    The hot path may append a record as the tuple of its fields (``make(*fields)`` builds it):
    a tuple costs a tenth of a frozen dataclass, and most records are never read. A read
    builds what it returns, in place, so a record is built once and keeps its identity.
    """

    __slots__ = ("_items", "_kind", "_explain", "_make")

    def __init__(
        self,
        items: list[Any],
        kind: str,
        explain: Callable[[Mapping[str, Any]], str] | None = None,
        make: Callable[..., T] | None = None,
    ) -> None:
        self._items = items
        self._kind = kind
        self._explain = explain
        self._make = make

    def _record(self, index: int) -> T:
        """The record at ``index``, built now if it is still a tuple."""
        items = self._items
        if index < 0:
            index += len(items)  # a position that later appends do not move
            if index < 0:
                raise IndexError("list index out of range")
        item = items[index]
        if type(item) is tuple and self._make is not None:
            with _BUILDING:
                item = items[index]  # another reader may have built it meanwhile
                if type(item) is tuple:
                    item = items[index] = self._make(*item)
        return item  # type: ignore[no-any-return]

    def _snapshot(self) -> list[T]:
        """The records as a list of their own, every one built (later appends are not in it)."""
        items = self._items
        make = self._make
        if make is None:
            return list(items)
        with _BUILDING:  # clear() takes it too; appends only add beyond the snapshot
            snapshot = list(items)
            for index, item in enumerate(snapshot):
                if type(item) is tuple:
                    snapshot[index] = items[index] = make(*item)
        return snapshot

    def _clear(self) -> None:
        """Empty the records (the fake's ``clear()``)."""
        with _BUILDING:
            self._items.clear()

    def __reduce__(self) -> tuple[Any, ...]:
        # A copy or a pickle holds the records as they are now (every one built).
        return (Records, (self._snapshot(), self._kind, self._explain))

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            return self._snapshot()[index]
        return self._record(index)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        return iter(self._snapshot())

    def __bool__(self) -> bool:
        return bool(self._items)

    def __repr__(self) -> str:
        return f"<Records {self._kind}: {len(self._items)}>"

    @property
    def _names(self) -> tuple[str, str]:
        return _KIND_NAMES.get(self._kind, (self._kind, self._kind))

    @property
    def last(self) -> T:
        """The most recent record; ``IndexError`` when there is none."""
        try:
            return self._record(-1)
        except IndexError:  # none (or cleared by another thread just now)
            raise IndexError(f"snsfake: no {self._names[1]} captured") from None

    def filter(self, predicate: Callable[[T], bool] | None = None, /, **fields: Any) -> Records[T]:
        """Records whose attributes equal ``fields`` (``topic=`` takes a name or an ARN) and satisfy ``predicate``."""
        selected = [
            item
            for item in self._snapshot()
            if (predicate is None or predicate(item)) and _matches(item, fields)
        ]
        return Records(selected, self._kind, self._explain)

    def one(self, predicate: Callable[[T], bool] | None = None, /, **fields: Any) -> T:
        """The single record matching ``fields``; ``AssertionError`` explaining what was captured otherwise."""
        __tracebackhide__ = True
        found = self.filter(predicate, **fields)
        if len(found) != 1:
            raise AssertionError(self._mismatch(1, len(found), fields))
        return found._record(0)

    def assert_count(self, expected: int, predicate: Callable[[T], bool] | None = None, /, **fields: Any) -> None:
        """Assert how many records match ``fields``."""
        __tracebackhide__ = True
        found = len(self.filter(predicate, **fields))
        if found != expected:
            raise AssertionError(self._mismatch(expected, found, fields))

    def _mismatch(self, expected: int, found: int, fields: Mapping[str, Any]) -> str:
        singular, plural = self._names
        noun = singular if expected == 1 else plural
        criteria = ", ".join(f"{name}={value!r}" for name, value in fields.items())
        what = f"{noun} with {criteria}" if criteria else f"matching {noun}"
        lines = [f"snsfake: expected {expected} {what}; found {found}."]
        items = self._snapshot()
        lines.append(f"Captured {plural} ({len(items)}):")
        lines.extend(f"  {_describe(item)}" for item in items[-20:])
        if len(items) > 20:
            lines.insert(2, f"  … {len(items) - 20} earlier")
        if self._explain is not None:
            explanation = self._explain(fields)
            if explanation:
                lines.append(explanation)
        return "\n".join(lines)
