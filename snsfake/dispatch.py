"""The one dispatcher behind every front door: an SNS call in, botocore's parsed answer out.

``answer`` finds the operation's handler, runs it on the fake's model under its lock,
records the :class:`~snsfake.records.Call`, and shapes the reply as botocore parses AWS's:
the output members, or ``Error`` for AWS's error, plus ``ResponseMetadata``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import arns, clock
from .context import Context, Runtime
from .errors import InternalError, SnsError
from .operations import OPERATIONS
from .records import Call

__all__ = ["answer", "detached"]


def detached(value: Any) -> Any:
    """``value`` with its containers copied (dicts, lists, tuples, bytearrays); immutable leaves shared.

    The fake keeps the parameters (``fake.calls``) and the caller keeps the response: neither
    may change when the other side later mutates what it holds (a MessageAttributes dict reused
    in a loop, a response list sorted in place).
    """
    if isinstance(value, dict):
        copied = dict(value)
        for key, item in copied.items():
            if type(item) not in _LEAVES:
                copied[key] = detached(item)
        return copied
    if isinstance(value, list):
        return [item if type(item) in _LEAVES else detached(item) for item in value]
    if isinstance(value, tuple):
        return tuple(detached(item) for item in value)
    if isinstance(value, bytearray):
        return bytearray(value)
    return value


# Immutable values most parameters and responses are made of (exact types: a subclass may not be).
_LEAVES = frozenset({str, int, float, bool, bytes, type(None)})


def answer(
    runtime: Runtime,
    operation: str,
    params: Mapping[str, Any],
    region: str,
    access_key: str | None = None,
    trace_header: str | None = None,
) -> tuple[int, dict[str, Any]]:
    """Answer one API call: ``(HTTP status, parsed response)`` as botocore would parse AWS's.

    ``trace_header`` is the request's ``X-Amzn-Trace-Id`` header (X-Ray), if it has one.
    """
    settings = runtime.settings
    account = settings.account_for(access_key)
    now = clock.now()
    request_id = arns.new_id()
    handler = OPERATIONS.get(operation)
    params = detached(params)
    with runtime.backend.lock:
        context = Context.of(runtime, account, region, now, trace_header)
        try:
            if handler is None:
                raise InternalError(f"snsfake: {operation} is not supported")
            body = handler(context, params)
        except SnsError as error:
            status = error.status
            parsed: dict[str, Any] = {"Error": error.error_fields()}
            runtime.captured.calls.append(
                Call(operation, params, account, region, now, None, error.code, error.message)
            )
        else:
            status = 200
            runtime.captured.calls.append(Call(operation, params, account, region, now, body))
            parsed = detached(body)  # the caller's copy: the record keeps its own
    parsed["ResponseMetadata"] = {
        "RequestId": request_id,
        "HTTPStatusCode": status,
        "HTTPHeaders": {
            "x-amzn-requestid": request_id,
            "content-type": "text/xml",
            "date": clock.http_date(now),
        },
        "RetryAttempts": 0,
    }
    return status, parsed
