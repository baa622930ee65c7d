"""The server's JSON views of a fake's records, for tests that are not written in Python.

``GET /_snsfake/published``, ``/deliveries``, ``/skipped`` and ``/calls`` answer a JSON array
of records, oldest first, each an object of the record's fields; query parameters filter as
``Records.filter`` does, with text values (``?protocol=sqs&topic=orders``). ``POST /_snsfake/reset`` empties
state and records (``fake.reset()``); ``POST /_snsfake/clear`` empties the records only
(``fake.clear()``). Values become JSON thus: datetimes ISO-8601 text with their UTC offset,
bytes base64 text, a delivery's ``body`` the exact text the endpoint received.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as _dt
import json
import math
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from typing import Any, Final
from urllib.parse import parse_qsl, urlsplit

from .capture import Records
from .records import Delivery

__all__ = ["Introspection", "PREFIX", "plain"]

PREFIX: Final = "/_snsfake/"
LISTS: Final = ("published", "deliveries", "skipped", "calls")

# A delivery's fields, in the order of its constructor (it is not a dataclass: slots behind properties).
_DELIVERY_FIELDS: Final = (
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
)


class Introspection:
    """The ``introspect`` callable of :class:`snsfake.http_server.Server` for one fake."""

    def __init__(
        self,
        records: Mapping[str, Records[Any]],
        lock: AbstractContextManager[Any],
        reset: Callable[[], None],
        clear: Callable[[], None],
    ) -> None:
        self.records = records
        self.lock = lock
        self.actions = {"reset": reset, "clear": clear}

    def __call__(self, method: str, target: str) -> tuple[int, bytes] | None:
        """``(HTTP status, JSON)`` for ``method`` on ``target`` (a path with its query), None if no such path."""
        split = urlsplit(target)
        name = split.path[len(PREFIX) :] if split.path.startswith(PREFIX) else ""
        if name in self.records:
            if method not in ("GET", "HEAD"):
                return 405, _message(f"snsfake: {split.path} is read-only: GET it")
            return self._list(name, split.query)
        if name in self.actions:
            if method != "POST":
                return 405, _message(f"snsfake: POST to {split.path} (it changes the fake)")
            with self.lock:
                self.actions[name]()
            return 204, b""
        return None

    def _list(self, name: str, query: str) -> tuple[int, bytes]:
        fields = dict(parse_qsl(query, keep_blank_values=True))
        with self.lock:
            try:
                items = list(self.records[name].filter(**fields)) if fields else list(self.records[name])
            except TypeError as error:  # a field the records do not have: Records says which there are
                return 400, _message(str(error))
        return 200, json.dumps([record_json(item) for item in items], ensure_ascii=False).encode("utf-8")


def record_json(record: Any) -> dict[str, Any]:
    """One record as a JSON object: its fields, and a delivery's ``body``."""
    if isinstance(record, Delivery):
        result = {name: plain(getattr(record, name)) for name in _DELIVERY_FIELDS}
        try:
            result["body"] = record.body
        except RuntimeError as error:  # a signed envelope without the optional 'cryptography'
            result["body"] = None
            result["body_error"] = str(error)
        return result
    if dataclasses.is_dataclass(record):
        return {item.name: plain(getattr(record, item.name)) for item in dataclasses.fields(record)}
    return {name: plain(value) for name, value in record._asdict().items()}  # the named-tuple records


def plain(value: Any) -> Any:
    """``value`` made of JSON's types: ISO-8601 datetimes, base64 bytes, lists for tuples and sets."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(item) for item in value]
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def _message(text: str) -> bytes:
    return json.dumps({"message": text}).encode("utf-8")
