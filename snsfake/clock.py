"""The only place snsfake reads the time.

Every timestamp, expiry and time window goes through :func:`now`, which looks up
``datetime.now`` at call time, so freezegun and time-machine both move it.
"""

from __future__ import annotations

import datetime as _dt

__all__ = ["now", "iso_ms", "http_date"]


def now() -> _dt.datetime:
    """The current UTC time (looked up per call so time mockers take effect)."""
    return _dt.datetime.now(_dt.timezone.utc)


def iso_ms(moment: _dt.datetime) -> str:
    """SNS's timestamp format: UTC ISO-8601 with milliseconds and ``Z`` (once per publish: hot)."""
    if moment.tzinfo is not _dt.timezone.utc:
        moment = moment.astimezone(_dt.timezone.utc)
    if moment.year >= 1000:  # isoformat truncates to milliseconds as below, but zero-pads years < 1000
        return moment.isoformat(timespec="milliseconds")[:-6] + "Z"
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_http_date_cache: tuple[int, str] = (-1, "")


def http_date(moment: _dt.datetime) -> str:
    """RFC 7231 date for the ``date`` response header, cached per second (hot path)."""
    global _http_date_cache
    second = int(moment.timestamp())
    cached_second, text = _http_date_cache
    if cached_second != second:
        moment = moment.astimezone(_dt.timezone.utc)
        text = (
            f"{_WEEKDAYS[moment.weekday()]}, {moment.day:02d} {_MONTHS[moment.month - 1]} "
            f"{moment.year:04d} {moment.hour:02d}:{moment.minute:02d}:{moment.second:02d} GMT"
        )
        _http_date_cache = (second, text)
    return text
