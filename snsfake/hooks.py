"""botocore interception: three dormant handlers, installed once at import, and the stack
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

A fake made with ``wire=True`` lets the call go on instead: botocore signs it and runs the
``before-send`` handlers, and the third handler, registered last of them, answers with a
response that holds the bytes the HTTP door would send. The fake is asked only when botocore
reads that response, which it does only when no other ``before-send`` handler answered (the
first answer wins): so a user's handler that answers keeps the call from the fake, as it would
from AWS. Which mode answers a call is decided once, at ``before-call``, by the innermost fake.

A client whose endpoint is a running snsfake server (``fake.serve()``) is left alone, so it
really goes over HTTP to that server.

This module stays light (botocore only): ``import snsfake`` loads it in every pytest
process, while the fakes, the dispatcher and the codec load on first use. A wire-mode fake
brings its own ``send`` callable (``push``), so the codec is not imported here.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from botocore import handlers as _botocore_handlers
from botocore.awsrequest import AWSResponse, HeadersDict

__all__ = [
    "Answer",
    "Send",
    "RealSNSCallBlocked",
    "RealSNSGuard",
    "active_fakes",
    "block_real_sns",
    "install",
    "patch_client",
    "pop",
    "push",
    "add_server",
    "remove_server",
]

# answer(operation, params, region, access_key, trace_header) -> (HTTP status, parsed response)
Answer = Callable[[str, dict[str, Any], str, "str | None", "str | None"], tuple[int, dict[str, Any]]]
# send(signed AWSPreparedRequest) -> AWSResponse: a wire-mode fake's answer at before-send.
Send = Callable[[Any], Any]


class _Entry(NamedTuple):
    fake: object
    answer: Answer
    send: Send | None  # None: answered at before-call; otherwise at before-send (wire mode)


_PARAMS_KEY = "snsfake.params"
_SEND_KEY = "snsfake.send"
_GUARD_KEY = "snsfake.guard"
_UNSET: Any = object()
# The active fakes, innermost last. A list under a lock, not a ContextVar: threads a test
# starts must see the fake.
_active: list[_Entry] = []
_lock = threading.Lock()
# How many real-SNS guards are on (block_real_sns, the pytest option): any SNS call with no
# fake active is refused while one is.
_guards = 0
# (host, port) of every running snsfake server, with the names a client may reach it by;
# host "*" for one listening on every address. Calls to them are left to go over HTTP.
_served: dict[tuple[str, int], int] = {}
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


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
        if not _served:
            raise _refuse(getattr(model, "name", "call"))
        context[_GUARD_KEY] = True  # a client of a running snsfake server may go on: see _answer


def _answer(
    model: Any, params: Any = None, context: Any = None, request_signer: Any = None, **_: Any
) -> Any:
    """Answer an SNS call (``params`` here is botocore's serialized request; the caller's
    parameters are the ones ``_stash`` kept, as the ``before-parameter-build`` handlers left them)."""
    if context is None:
        return None
    caller_params = context.pop(_PARAMS_KEY, _UNSET)
    if caller_params is _UNSET:  # not SNS, or no fake was active when the call began
        if context.pop(_GUARD_KEY, False) and not _to_a_server(params):
            raise _refuse(model.name)
        return None
    try:  # one read, no check-then-index: another thread may stop the last fake in between
        entry = _active[-1]
    except IndexError:  # none active: the call goes on to botocore
        return None
    if _served and _to_a_server(params):
        return None  # the call goes to a snsfake server over HTTP, as its client asked
    if entry.send is not None:  # wire mode: botocore signs and sends; _send answers
        if _moto_answers_sns():
            raise RuntimeError(
                "snsfake: mock_sns(wire=True) is active under moto's mock_aws, whose own before-send "
                "handler would answer this SNS call first (from moto's SNS, which would deliver every "
                "message a second time). Let moto pass SNS through: mock_aws(config={'core': "
                "{'passthrough': {'services': ['sns']}}}), or use mock_sns() without wire=True, which "
                "answers before moto sees the call."
            )
        context[_SEND_KEY] = entry.send
        return None
    credentials = getattr(request_signer, "_credentials", None)
    access_key = getattr(credentials, "access_key", None) if credentials is not None else None
    region = context.get("client_region") or ""
    headers = params.get("headers") if isinstance(params, dict) else None
    trace_header = headers.get("X-Amzn-Trace-Id") if isinstance(headers, dict) else None
    status, parsed = entry.answer(model.name, caller_params, region, access_key, trace_header)
    headers = parsed["ResponseMetadata"]["HTTPHeaders"]
    return _Answered(status, headers), parsed


class _Answered(AWSResponse):
    """The HTTP response botocore is handed with a fake's answer; its headers are made when read.

    botocore reads only the status of an answer given at ``before-call``. Making the
    case-insensitive ``HeadersDict`` at once cost every call about 3 µs, which took the single
    calls under 10× moto's speed (benchmarks/run.py).
    """

    def __init__(self, status_code: int, headers: Mapping[str, str]) -> None:
        # What AWSResponse.__init__ sets (tests/test_activation.py checks it still is), but the headers.
        self.url = ""
        self.status_code = status_code
        self.raw = None
        self._content = None
        self._answered_headers = headers

    @functools.cached_property
    def headers(self) -> HeadersDict:  # type: ignore[override]
        return HeadersDict(self._answered_headers)


def _send(request: Any, event_name: str = "", **_: Any) -> Any:
    """Answer a wire-mode call's signed request, as the network would (after every other handler)."""
    context = getattr(request, "context", None)
    if isinstance(context, dict):
        send = context.get(_SEND_KEY)  # kept for retries: each attempt is answered alike
    elif event_name.startswith("before-send.sns."):  # an older botocore: no request.context
        entries = list(_active)  # the innermost fake, if it is in wire mode
        send = entries[-1].send if entries and not _is_served(request.url) else None
    else:
        send = None
    return None if send is None else send(request)


def _moto_answers_sns() -> bool:
    """True when moto's mock_aws is active and does not pass SNS through (read, never imported)."""
    models = sys.modules.get("moto.core.models")
    if not getattr(getattr(models, "botocore_stubber", None), "enabled", False):
        return False
    passthrough = getattr(sys.modules.get("moto.core.config"), "passthrough_service", None)
    return not (callable(passthrough) and passthrough("sns"))


def _to_a_server(request_dict: Any) -> bool:
    url = request_dict.get("url") if isinstance(request_dict, dict) else None
    return isinstance(url, str) and _is_served(url)


def _is_served(url: str) -> bool:
    """Whether ``url`` names a running snsfake server of this process."""
    if not _served:
        return False
    try:
        split = urlsplit(url)
        host, port = (split.hostname or "").lower(), split.port or (443 if split.scheme == "https" else 80)
    except ValueError:
        return False
    return (host, port) in _served or ("*", port) in _served


def _names(host: str, port: int) -> list[tuple[str, int]]:
    host = host.strip("[]").lower()
    if host in ("", "0.0.0.0", "::"):
        return [("*", port)]
    return [(name, port) for name in _LOOPBACK] if host in _LOOPBACK else [(host, port)]


def add_server(host: str, port: int) -> None:
    """Record a running snsfake server: SNS clients whose endpoint it is go to it over HTTP."""
    with _lock:
        for key in _names(host, port):
            _served[key] = _served.get(key, 0) + 1


def remove_server(host: str, port: int) -> None:
    """Forget a server that ``add_server`` recorded (it has stopped)."""
    with _lock:
        for key in _names(host, port):
            count = _served.get(key, 0) - 1
            if count > 0:
                _served[key] = count
            else:
                _served.pop(key, None)


# Registered last: every other before-call and before-send handler (botocore's own, the user's,
# moto's) runs first.
_SPECS: tuple[tuple[str, Any, str], ...] = (
    ("before-parameter-build.sns", _stash, "middle"),
    ("before-call", _answer, "last"),
    ("before-send", _send, "last"),
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
    return [entry.fake for entry in list(_active)]


def push(fake: object, answer: Answer, send: Send | None = None) -> bool:
    """Activate ``fake`` unless it already is; True when it was pushed.

    It answers calls with ``answer`` at ``before-call`` or, given ``send``, lets botocore sign
    and send them and answers the signed request with ``send`` at ``before-send`` (wire mode).
    """
    with _lock:
        if any(entry.fake is fake for entry in _active):
            return False
        _active.append(_Entry(fake, answer, send))
        return True


def pop(fake: object) -> None:
    with _lock:
        for index in range(len(_active) - 1, -1, -1):
            if _active[index].fake is fake:
                del _active[index]
                return
