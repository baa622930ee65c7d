"""botocore interception: two dormant handlers, installed once at import.

botocore emits ``before-parameter-build.sns.<Op>`` with the caller's keyword
arguments, then validates and serializes them, then emits ``before-call.sns.<Op>``
with the same ``context`` dict. The first handler keeps the parameters; the
second answers the call from the active fake with ``(http_response, parsed)``,
which makes botocore skip signing and HTTP entirely (as its Stubber does).
Both return at once when no fake is active.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from botocore import handlers as _botocore_handlers
from botocore.awsrequest import AWSResponse

if TYPE_CHECKING:
    from .fake import SnsFake

__all__ = ["install", "patch_client", "active_fakes", "push", "pop"]

_PARAMS_KEY = "snsfake.params"
_active: list[SnsFake] = []
_lock = threading.Lock()


def _stash(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    if _active:
        context[_PARAMS_KEY] = params


def _answer(model: Any, context: dict[str, Any], request_signer: Any = None, **_: Any) -> Any:
    if not _active:
        return None
    params = context.pop(_PARAMS_KEY, None)
    if params is None:
        params = {}
    fake = _active[-1]
    credentials = getattr(request_signer, "_credentials", None)
    access_key = getattr(credentials, "access_key", None) if credentials is not None else None
    status, parsed = fake.handle(model.name, params, context.get("client_region") or fake.region, access_key)
    headers = parsed["ResponseMetadata"]["HTTPHeaders"]
    return AWSResponse("", status, headers, None), parsed


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
