"""botocore interception: two dormant handlers, installed once at import, and the stack
of active fakes they answer from.

botocore emits ``before-parameter-build.sns.<Op>`` with the caller's keyword arguments,
then validates and serializes them, then emits ``before-call`` (most specific handlers
first) with the same ``context`` dict. The first handler keeps a reference to the
parameters; the second, registered last of all ``before-call`` handlers, answers the call
from the innermost active fake with ``(http_response, parsed)``, which makes botocore skip
signing and HTTP entirely (as its Stubber does). So users' own handlers run first, as they
would against AWS, and what they change in the parameters is what the fake sees. Both return
at once when no fake is active.

aiobotocore's emitter awaits a handler's result only when it is awaitable, and its
``_make_api_call`` takes the ``(http_response, parsed)`` pair as is (no body is read):
the same handlers answer aiobotocore clients (tests/test_aio.py).

This module stays light (botocore only): ``import snsfake`` loads it in every pytest
process, while the fakes and the dispatcher load on first use.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

from botocore import handlers as _botocore_handlers
from botocore.awsrequest import AWSResponse

__all__ = [
    "Answer",
    "RealSNSCallBlocked",
    "RealSNSGuard",
    "active_fakes",
    "block_real_sns",
    "install",
    "patch_client",
    "pop",
    "push",
]

# answer(operation, params, region, access_key, trace_header) -> (HTTP status, parsed response)
Answer = Callable[[str, dict[str, Any], str, "str | None", "str | None"], tuple[int, dict[str, Any]]]

_PARAMS_KEY = "snsfake.params"
# (fake, its answer), innermost last. A list under a lock, not a ContextVar: threads a test
# starts must see the fake.
_active: list[tuple[object, Answer]] = []
_lock = threading.Lock()
# How many real-SNS guards are on (block_real_sns, the pytest option): any SNS call with no
# fake active is refused while one is.
_guards = 0


class RealSNSCallBlocked(RuntimeError):
    """An SNS call was made with no fake active while the real-SNS guard is on."""


def _refuse(operation: str) -> RealSNSCallBlocked:
    test = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" (", 1)[0]
    where = f" in {test}" if test else ""
    return RealSNSCallBlocked(
        f"snsfake: SNS {operation} was called{where} with no fake active, and the real-SNS guard is on "
        "(it would have gone to AWS). Activate a fake first: the sns_fake fixture, @snsfake.mock_sns, "
        "or `with snsfake.mock_sns():`."
    )


class RealSNSGuard:
    """While on, an SNS call with no fake active raises ``RealSNSCallBlocked`` at once, before
    botocore looks for credentials or opens a connection. A context manager, or ``start()``/``stop()``."""

    def __init__(self) -> None:
        self._on = False

    def start(self) -> RealSNSGuard:
        global _guards
        with _lock:
            if not self._on:
                self._on = True
                _guards += 1
        return self

    def stop(self) -> None:
        global _guards
        with _lock:
            if self._on:
                self._on = False
                _guards -= 1

    def __enter__(self) -> RealSNSGuard:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def block_real_sns() -> RealSNSGuard:
    """A guard that refuses SNS calls made with no fake active (``with snsfake.block_real_sns(): ...``)."""
    return RealSNSGuard()


def _stash(params: dict[str, Any], context: dict[str, Any], model: Any = None, **_: Any) -> None:
    if _active:
        context[_PARAMS_KEY] = params
    elif _guards:
        raise _refuse(getattr(model, "name", "call"))


def _answer(
    model: Any, params: Any = None, context: Any = None, request_signer: Any = None, **_: Any
) -> Any:
    """Answer an SNS call (``params`` here is botocore's serialized request; the caller's
    parameters are the ones ``_stash`` kept, as the ``before-parameter-build`` handlers left them)."""
    if context is None or _PARAMS_KEY not in context:
        return None  # not SNS, or no fake was active when the call began
    try:  # one read, no check-then-index: another thread may stop the last fake in between
        answer = _active[-1][1]
    except IndexError:  # none active: the call goes on to botocore
        return None
    caller_params = context.pop(_PARAMS_KEY)
    credentials = getattr(request_signer, "_credentials", None)
    access_key = getattr(credentials, "access_key", None) if credentials is not None else None
    region = context.get("client_region") or ""
    headers = params.get("headers") if isinstance(params, dict) else None
    trace_header = headers.get("X-Amzn-Trace-Id") if isinstance(headers, dict) else None
    status, parsed = answer(model.name, caller_params, region, access_key, trace_header)
    headers = parsed["ResponseMetadata"]["HTTPHeaders"]
    return AWSResponse("", status, headers, None), parsed


# Registered last: every other before-call handler (botocore's own, the user's) runs first.
_SPECS: tuple[tuple[str, Any, str], ...] = (
    ("before-parameter-build.sns", _stash, "middle"),
    ("before-call", _answer, "last"),
)


def install() -> None:
    """Add the handlers to botocore's built-in list: every session made afterwards carries them."""
    for event, handler, place in _SPECS:
        spec = (event, handler, _botocore_handlers.REGISTER_LAST) if place == "last" else (event, handler)
        if spec not in _botocore_handlers.BUILTIN_HANDLERS:
            _botocore_handlers.BUILTIN_HANDLERS.append(spec)


def patch_client(client: Any) -> Any:
    """Make a client created before ``import snsfake`` answerable too (idempotent). Returns the client."""
    events = client.meta.events
    for event, handler, place in _SPECS:
        register = events.register_last if place == "last" else events.register
        register(event, handler, unique_id=f"snsfake-{event}")
    return client


def active_fakes() -> list[object]:
    """The active fakes, innermost last (a copy)."""
    return [fake for fake, _ in list(_active)]


def push(fake: object, answer: Answer) -> bool:
    """Activate ``fake``, answering with ``answer``, unless it already is; True when it was pushed."""
    with _lock:
        if any(item is fake for item, _ in _active):
            return False
        _active.append((fake, answer))
        return True


def pop(fake: object) -> None:
    with _lock:
        for index in range(len(_active) - 1, -1, -1):
            if _active[index][0] is fake:
                del _active[index]
                return
