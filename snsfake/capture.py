"""How tests read what a fake captured: :class:`Records`, a live, read-only view with
helpers (``last``, ``filter``, ``one``, ``assert_count``) whose failures explain what *was*
captured, and :class:`Captured`, the lists the fake appends to."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar, overload

from .records import Call, Delivery, Finding, Published, Skipped

__all__ = ["Records", "Captured"]

T = TypeVar("T")

_NOUNS = {
    Call: ("call", "calls"),
    Published: ("published message", "published messages"),
    Delivery: ("delivery", "deliveries"),
    Skipped: ("skipped subscription", "skipped subscriptions"),
    Finding: ("data protection finding", "data protection findings"),
}


# How a fake names each list (its attribute, less underscores): the views' repr.
_KINDS = {
    Call: "calls",
    Published: "published",
    Delivery: "deliveries",
    Skipped: "skipped",
    Finding: "data protection findings",
}


def _field_names(record_type: type) -> tuple[str, ...]:
    """What ``filter(**fields)`` may name: a record's public fields and properties, and ``topic``."""
    fields: tuple[str, ...] | None = getattr(record_type, "_fields", None)  # the named tuples
    if fields is not None:
        names = list(fields)
    elif dataclasses.is_dataclass(record_type):
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
        return f"<Records {_KINDS.get(self._record_type, self._nouns[1])}: {len(self._items)}>"

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
    """Everything one fake captured, in the order it happened; the fake shows it as ``Records``."""

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
