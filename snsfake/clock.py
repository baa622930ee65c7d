"""The only place snsfake reads the time.

Every timestamp, expiry and time window goes through :func:`now`, which looks up
``datetime.now`` at call time, so freezegun and time-machine both move it.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

__all__ = ["now", "iso_ms", "http_date", "parse_timestamp"]

_UTC = _dt.timezone.utc


def now() -> _dt.datetime:
    """The current UTC time (``datetime.now`` looked up per call so time mockers take effect)."""
    return _dt.datetime.now(_UTC)


def iso_ms(moment: _dt.datetime) -> str:
    """SNS's timestamp format: UTC ISO-8601 with milliseconds and ``Z`` (once per publish: hot)."""
    if moment.tzinfo is not _UTC:
        moment = moment.astimezone(_UTC)
    if moment.year >= 1000:  # isoformat truncates to milliseconds as below, but zero-pads years < 1000
        return moment.isoformat(timespec="milliseconds")[:-6] + "Z"
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SECOND = _dt.timedelta(seconds=1)
# (start of the second, start of the next, its text); starts empty: nothing is >= max and < min.
_http_date_cache: tuple[_dt.datetime, _dt.datetime, str] = (
    _dt.datetime.max.replace(tzinfo=_UTC),
    _dt.datetime.min.replace(tzinfo=_UTC),
    "",
)


def http_date(moment: _dt.datetime) -> str:
    """RFC 7231 date for the ``date`` response header, cached per second (hot path).

    The cache is checked by comparing datetimes, which is cheaper than ``timestamp()``.
    """
    global _http_date_cache
    start, end, text = _http_date_cache
    if start <= moment < end:
        return text
    moment = moment.astimezone(_UTC)
    start = moment.replace(microsecond=0)
    text = (
        f"{_WEEKDAYS[moment.weekday()]}, {moment.day:02d} {_MONTHS[moment.month - 1]} "
        f"{moment.year:04d} {moment.hour:02d}:{moment.minute:02d}:{moment.second:02d} GMT"
    )
    try:
        end = start + _SECOND
    except OverflowError:  # the last second of year 9999: not cached
        end = start
    _http_date_cache = (start, end, text)
    return text


def parse_timestamp(value: Any) -> _dt.datetime | None:
    """An ISO-8601 timestamp from a policy document (``Z`` or an offset; none means UTC), else None."""
    if not isinstance(value, str):
        return None
    try:
        moment = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=_UTC)
