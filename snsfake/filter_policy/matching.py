"""Matching a message against a compiled policy: runs on every publish, so it is cheap and never raises.

Owns the two scopes, how a message attribute or a JSON body becomes comparable values (numbers rounded
to AWS's five decimals), and the compiled tree ``FilterPolicy`` wraps: a ``_Group`` (keys ANDed, ``$or``
blocks) of ``_Cond`` (one key's test). predicates.py builds the tests; compiler.py fills the tree in.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any, Final

from .json_reader import _J

MESSAGE_ATTRIBUTES: Final = "MessageAttributes"
MESSAGE_BODY: Final = "MessageBody"

_DECIMALS: Final = 5  # AWS doc: numeric matching works with five digits of accuracy after the decimal point.


_Value = str | float | bool | None
_Values = Sequence[_Value]
_Getter = Callable[[str], _Values | None]
_Predicate = Callable[[Any], bool]


def _canon(number: float) -> float:
    """Numbers compare after rounding to AWS's five decimals, so 301.5 == 3.015e2 == 301.500001."""
    return round(float(number), _DECIMALS)


def _as_float(number: float) -> float:
    """A policy number as a float; integers too large for a double become infinite (out of range)."""
    try:
        return float(number)
    except OverflowError:
        return math.inf if number > 0 else -math.inf


def _leaf(value: Any) -> tuple[bool, _Value]:
    """A JSON scalar as a comparable value; (False, None) for anything filter policies cannot see."""
    if value is None or isinstance(value, (str, bool)):
        return True, value
    if isinstance(value, (int, float)):
        try:
            number = _canon(value)
        except (OverflowError, ValueError):
            return False, None
        return (True, number) if number - number == 0 else (False, None)
    return False, None


def _array_values(text: str) -> _Values:
    """The elements of an array attribute's JSON text. A lone JSON scalar counts as a one-element
    array (``"100"`` matches ``[100]``); text that is not JSON, or an object, has no values."""
    try:
        parsed = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return ()
    if isinstance(parsed, dict):
        return ()
    if not isinstance(parsed, list):
        parsed = [parsed]
    values: list[_Value] = []
    for element in parsed:
        usable, value = _leaf(element)
        if usable:
            values.append(value)
    return values


def _attribute_values(attributes: Mapping[str, Mapping[str, Any]], key: str) -> _Values | None:
    """The comparable values of one message attribute; None when filter policies cannot see it
    (absent, Binary, unknown type)."""
    attribute = attributes.get(key)
    if attribute is None:
        return None
    data_type = attribute.get("DataType")
    text = attribute.get("StringValue")
    if data_type == "String":
        return (text,) if isinstance(text, str) else ()
    if data_type == "Number":
        return _number_values(text)
    if not isinstance(data_type, str):
        return None
    base, _, custom = data_type.partition(".")
    if base not in ("String", "Number"):
        return None
    if not isinstance(text, str):
        return ()
    if custom == "Array":
        return _array_values(text)
    if base == "String":
        return (text,)
    return _number_values(text)


def _number_values(text: Any) -> _Values:
    """A Number attribute's value; () when it is not a finite decimal number."""
    try:
        number = float(text)
    except (TypeError, ValueError):
        return ()
    if number - number != 0 or "_" in text:  # inf/nan, or Python-only spellings like 1_000
        return ()
    return (round(number, _DECIMALS),)


def _flatten(document: dict[str, Any]) -> dict[str, list[_Value]]:
    """Body values by dotted path: ``{"a":{"b":1}}``, ``{"a.b":1}`` and ``[{"b":1}]`` under "a" all land
    on "a.b", which is how AWS matches nested and dotted policy keys."""
    flat: dict[str, list[_Value]] = {}
    todo: list[tuple[str | None, Any]] = [(None, document)]
    while todo:
        path, node = todo.pop()
        if isinstance(node, dict):  # pushed in reverse so values keep document order
            for key, child in reversed(node.items()):
                todo.append((key if path is None else path + "." + key, child))
        elif isinstance(node, list):
            for child in reversed(node):
                todo.append((path, child))
        elif path is not None:
            usable, value = _leaf(node)
            if usable:
                flat.setdefault(path, []).append(value)
    return flat


_last_body: tuple[str, dict[str, list[_Value]] | None] = ("", None)


def _reject_constant(name: str) -> Any:
    """NaN and Infinity are Python extensions, not JSON: such a body is not JSON."""
    raise ValueError(name)


def _body_index(message: str) -> dict[str, list[_Value]] | None:
    """Parse and flatten the message once per publish: every subscription of a fan-out asks for the same
    string, so one cached entry saves the re-parse."""
    global _last_body
    cached_message, cached = _last_body
    if message is cached_message or message == cached_message:
        return cached
    try:
        document = json.loads(message, parse_constant=_reject_constant)
    except (ValueError, TypeError, RecursionError):
        document = None
    index = _flatten(document) if isinstance(document, dict) else None
    _last_body = (message, index)
    return index


def _show(value: _Value) -> str:
    if isinstance(value, str):
        return repr(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def _show_values(values: _Values) -> str:
    if len(values) == 1:
        return _show(values[0])
    return "[" + ", ".join(_show(value) for value in values) + "]"


class _Cond:
    """One policy key and its rule list, compiled into ``test(values) -> bool``."""

    __slots__ = ("describe", "exact_only", "key", "node", "test")

    def __init__(self, key: str, node: _J) -> None:
        self.key = key
        self.node: _J | None = node
        self.test: Callable[[_Values | None], bool] = _never
        self.exact_only: list[str] | None = None
        self.describe = ""

    def explain(self, values: _Values | None, missing: Callable[[str], str]) -> str:
        if values is None:
            return f"{self.key}: {missing(self.key)}"
        if not values:
            return f"{self.key}: has no value a filter policy can compare"
        if self.exact_only is not None:
            return f"{self.key}: {_show_values(values)} is not one of {self.exact_only!r}"
        return f"{self.key}: {_show_values(values)} does not match {self.describe}"


def _never(values: _Values | None) -> bool:
    return False


class _Group:
    """Keys ANDed together, plus ``$or`` blocks each needing one matching branch."""

    __slots__ = ("conds", "ors")

    def __init__(self) -> None:
        self.conds: list[_Cond] = []
        self.ors: list[list[_Group]] = []

    def ok(self, get: _Getter) -> bool:
        for cond in self.conds:
            if not cond.test(get(cond.key)):
                return False
        for branches in self.ors:
            for branch in branches:
                if branch.ok(get):
                    break
            else:
                return False
        return True

    def why(self, get: _Getter, missing: Callable[[str], str]) -> str | None:
        """The first failing key, said for a person; only run once ``ok`` said no."""
        for cond in self.conds:
            values = get(cond.key)
            if not cond.test(values):
                return cond.explain(values, missing)
        for branches in self.ors:
            reasons: list[str] = []
            for branch in branches:
                reason = branch.why(get, missing)
                if reason is None:
                    break
                reasons.append(reason)
            else:
                return "no $or alternative matched: " + " | ".join(reasons)
        return None


class FilterPolicy:
    """A validated, compiled filter policy; immutable, shared between subscriptions with equal text."""

    __slots__ = ("_root", "nested", "scope", "source")

    source: str
    scope: str
    nested: bool

    def __init__(self, source: str, scope: str, nested: bool, root: _Group | None) -> None:
        self.source = source
        self.scope = scope
        self.nested = nested
        self._root = root

    def __repr__(self) -> str:
        return f"FilterPolicy(scope={self.scope!r}, source={self.source!r})"

    def match(self, attributes: Mapping[str, Mapping[str, Any]] | None, message: str) -> str | None:
        """None when the message passes; otherwise why not, naming the key and value that failed."""
        root = self._root
        if root is None:
            return None
        try:
            if self.scope == MESSAGE_BODY:
                index = _body_index(message)
                if index is None:
                    return "body is not a JSON object"
                get: _Getter = index.get
                if root.ok(get):
                    return None
                return root.why(get, _missing_from_body) or "filter policy did not match"
            if not attributes:
                # AWS doc (Key matching): with no attributes at all even {"exists": false} fails.
                return "message has no attributes"
            get = partial(_attribute_values, attributes)
            if root.ok(get):
                return None
            return root.why(get, partial(_missing_attribute, attributes)) or "filter policy did not match"
        except Exception as error:  # noqa: BLE001 - match() must never break a publish; odd input does not match
            return f"message could not be evaluated ({type(error).__name__})"


def _missing_from_body(key: str) -> str:
    return "not present in the message body"


def _missing_attribute(attributes: Mapping[str, Mapping[str, Any]], key: str) -> str:
    attribute = attributes.get(key)
    if attribute is None:
        return "attribute missing"
    data_type = attribute.get("DataType")
    if isinstance(data_type, str) and data_type.startswith("Binary"):
        return "Binary attributes are ignored by filter policies"
    return f"attribute of type {data_type!r} is ignored by filter policies"
