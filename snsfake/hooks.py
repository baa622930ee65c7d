"""botocore interception: two dormant handlers, installed once at import.

botocore emits ``before-parameter-build.sns.<Op>`` with the caller's keyword
arguments, then validates and serializes them, then emits ``before-call.sns.<Op>``
with the same ``context`` dict. The first handler keeps the parameters; the
second answers the call from the active fake with ``(http_response, parsed)``,
which makes botocore skip signing and HTTP entirely (as its Stubber does).
Both return at once when no fake is active.

aiobotocore's emitter awaits a handler's result only when it is awaitable, and its
``_make_api_call`` takes the ``(http_response, parsed)`` pair as is (no body is read):
the same handlers answer aiobotocore clients (tests/test_aio.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from botocore import handlers as _botocore_handlers
from botocore.awsrequest import AWSResponse, HeadersDict

if TYPE_CHECKING:
    from .fake import SnsFake

__all__ = ["install", "patch_client", "active_fakes", "push", "pop", "detached"]

_PARAMS_KEY = "snsfake.params"
_active: list[SnsFake] = []
_lock = threading.Lock()


def detached(value: Any) -> Any:
    """``value`` with its containers copied (dicts, lists, tuples, bytearrays); immutable leaves shared.

    The fake keeps the parameters (``fake.calls``) and the caller keeps the response: neither
    may change when the other side later mutates what it holds (a MessageAttributes dict reused
    in a loop, a response list sorted in place). About a microsecond for a typical call.
    """
    kind = type(value)
    if kind is dict:
        copied = value.copy()
        for key, item in copied.items():
            if type(item) not in _LEAVES and isinstance(item, _CONTAINERS):
                copied[key] = detached(item)
        return copied
    if kind is list:  # a listing page: a hundred dicts of strings
        return [item if type(item) in _LEAVES else detached(item) for item in value]
    if isinstance(value, dict):
        return {key: detached(item) for key, item in value.items()}
    if isinstance(value, list):
        return [detached(item) if isinstance(item, _CONTAINERS) else item for item in value]
    if isinstance(value, tuple):
        return tuple(detached(item) if isinstance(item, _CONTAINERS) else item for item in value)
    if isinstance(value, bytearray):
        return bytearray(value)
    return value


_CONTAINERS = (dict, list, tuple, bytearray)
_LEAVES = frozenset({str, int, float, bool, type(None), bytes})  # exact types: one set lookup, never containers


def _stash(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    if _active:
        context[_PARAMS_KEY] = detached(params)


def _answer(model: Any, context: dict[str, Any], request_signer: Any = None, **_: Any) -> Any:
    try:  # one read, no check-then-index: another thread may stop the last fake in between
        fake = _active[-1]
    except IndexError:  # none active: the call goes on to botocore
        return None
    params = context.pop(_PARAMS_KEY, None)
    if params is None:
        params = {}
    credentials = getattr(request_signer, "_credentials", None)
    access_key = getattr(credentials, "access_key", None) if credentials is not None else None
    status, parsed = fake.handle(model.name, params, context.get("client_region") or fake.region, access_key)
    headers = parsed["ResponseMetadata"]["HTTPHeaders"]
    return _response(status, headers), parsed


def _construct_response(status: int, headers: Mapping[str, str]) -> AWSResponse:
    return AWSResponse("", status, headers, None)  # type: ignore[arg-type]  # takes any mapping


class _LazyHeaders(HeadersDict):
    """A ``HeadersDict`` whose case-insensitive items are built on first use.

    botocore reads nothing but the status code of a response a ``before-call`` handler
    returns; filling a ``HeadersDict`` (a Python ``__hash__`` per header) is a tenth of
    snsfake's own cost per call. Any read builds exactly what ``AWSResponse`` would hold.
    """

    __slots__ = ("_source",)
    _source: dict[str, str]

    def __getattr__(self, name: str) -> Any:
        if name != "_dict":
            raise AttributeError(name)
        items = {_HEADER_KEY(key): value for key, value in self._source.items()}
        return self.__dict__.setdefault("_dict", items)  # two first readers: one set of items

    def __copy__(self) -> HeadersDict:
        clone = HeadersDict.__new__(HeadersDict)
        clone._dict = self._dict  # type: ignore[attr-defined]  # shared, as copy.copy(HeadersDict) shares it
        return clone

    def __reduce__(self) -> tuple[Any, ...]:
        return (HeadersDict, (), {"_dict": self._dict})


_HEADER_KEY: Any = None


def _direct_response_builder() -> Callable[[int, Mapping[str, str]], AWSResponse] | None:
    """An exact, cheaper twin of :func:`_construct_response`, or None when this botocore differs.

    ``AWSResponse`` fills its ``HeadersDict`` key by key through ``MutableMapping.update``.
    The twin sets the same attributes directly and defers the headers to their first read
    (:class:`_LazyHeaders`); it is used only if, once read, it holds exactly what the
    constructor builds.
    """
    global _HEADER_KEY
    probe = {"X-Amzn-RequestId": "probe", "content-type": "text/xml", "Date": "probe"}
    reference = _construct_response(200, probe)
    stored = getattr(reference.headers, "_dict", None)
    if not isinstance(stored, dict) or len(stored) != len(probe):
        return None
    _HEADER_KEY = type(next(iter(stored)))
    new = object.__new__

    def build(status: int, headers: Mapping[str, str]) -> AWSResponse:
        header_map = new(_LazyHeaders)
        header_map._source = dict(headers)  # the caller's parsed copy may change; these may not
        response = new(AWSResponse)
        response.url = ""
        response.status_code = status
        response.headers = header_map
        response.raw = None
        response._content = None  # type: ignore[attr-defined]
        return response

    built = build(200, probe)
    try:
        same = (
            built.headers._dict == stored  # type: ignore[attr-defined]  # (builds the items)
            and vars(built).keys() == vars(reference).keys()
            and vars(built.headers).keys() == vars(reference.headers).keys()
            and list(built.headers.items()) == list(reference.headers.items())
            and built.headers["x-amzn-requestid"] == reference.headers["x-amzn-requestid"]
            and (built.url, built.status_code, built.raw) == (reference.url, reference.status_code, reference.raw)
        )
    except Exception:  # a botocore whose HeadersDict works differently: use the constructor
        return None
    return build if same else None


_response = _direct_response_builder() or _construct_response


_SPECS: tuple[tuple[str, Any], ...] = (
    ("before-parameter-build.sns", _stash),
    ("before-call.sns", _answer),
)


def install() -> None:
    """Add the handlers to botocore's built-in list: every session made afterwards carries them."""
    for spec in _SPECS:
        if spec not in _botocore_handlers.BUILTIN_HANDLERS:
            _botocore_handlers.BUILTIN_HANDLERS.append(spec)


def patch_client(client: Any) -> Any:
    """Make a client created before ``import snsfake`` answerable too (idempotent). Returns the client."""
    events = client.meta.events
    for event, handler in _SPECS:
        events.register(event, handler, unique_id=f"snsfake-{event}")
    return client


def active_fakes() -> list[SnsFake]:
    """The stack of active fakes, innermost last (a copy)."""
    return list(_active)


def push(fake: SnsFake) -> bool:
    """Activate ``fake`` unless it already is; True when it was pushed."""
    with _lock:
        if any(item is fake for item in _active):
            return False
        _active.append(fake)
        return True


def pop(fake: SnsFake) -> None:
    with _lock:
        for index in range(len(_active) - 1, -1, -1):
            if _active[index] is fake:
                del _active[index]
                return
