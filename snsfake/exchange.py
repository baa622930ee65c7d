"""One exchange of SNS's query API: a request's bytes in, the response's bytes out.

Shared by the two doors that speak the wire protocol, so that a client gets the same
bytes from either: the HTTP server (:mod:`snsfake.http_server`) and the in-process wire
mode (``mock_sns(wire=True)``, answered at botocore's ``before-send``). It reads the access
key and the region from the SigV4 credential (signatures are not verified), decodes the
request with :mod:`snsfake.wire`, calls ``answer`` and encodes what it returns. It imports
no snsfake module but ``wire``: what an operation does is ``answer``'s business.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import parse_qs

from . import wire

__all__ = ["Answer", "Reply", "respond", "credential_scope", "INTERNAL_FAILURE_MESSAGE", "TRACE_HEADER"]

Answer = Callable[[str, dict[str, Any], str, "str | None", "str | None"], tuple[int, dict[str, Any]]]
"""``(operation, params, region, access_key, trace_header) -> (http_status, parsed)``, parsed as
botocore would parse AWS's answer; ``trace_header`` is the request's ``X-Amzn-Trace-Id``."""

# The X-Ray header SNS passes on to SQS subscribers.
TRACE_HEADER: Final = "X-Amzn-Trace-Id"
# AWS's Common Errors text for InternalFailure (HTTP 500).
INTERNAL_FAILURE_MESSAGE: Final = (
    "The request processing has failed because of an unknown error, exception or failure."
)

_CREDENTIAL = re.compile(r"Credential=([^/\s,]+)/[^/\s,]*/([^/\s,]+)/")


@dataclass(frozen=True, slots=True)
class Reply:
    """What goes back on the wire: the HTTP status, the XML document and its request id."""

    status: int
    document: bytes
    request_id: str


def credential_scope(authorization: str | None, query: str = "") -> tuple[str | None, str | None]:
    """``(access_key, region)`` from a SigV4 ``Authorization`` header or a presigned URL's query.

    ``Credential=AKID/20240101/eu-west-1/sns/aws4_request`` gives ``("AKID", "eu-west-1")``;
    an unsigned request gives ``(None, None)``.
    """
    if authorization:
        match = _CREDENTIAL.search(authorization)
        if match:
            return match.group(1), match.group(2)
    if "X-Amz-Credential" in query:
        values = parse_qs(query).get("X-Amz-Credential")
        if values:
            parts = values[0].split("/")
            if len(parts) >= 3 and parts[0] and parts[2]:
                return parts[0], parts[2]
    return None, None


def respond(
    answer: Answer,
    body: bytes,
    content_type: str | None,
    query: bytes,
    authorization: str | None,
    trace_header: str | None,
    default_region: str,
    on_failure: Callable[[str], None] | None = None,
) -> Reply:
    """Answer one query-API request.

    A request the codec cannot read gets AWS's error document. When ``answer`` raises or
    returns something malformed, ``on_failure(what)`` is called inside the ``except`` block
    (to report it) and the reply is AWS's 500 InternalFailure; without ``on_failure`` the
    exception propagates, which in-process is the more useful outcome.
    """
    try:
        operation, params = wire.decode_request(body, content_type, query)
    except wire.WireError as error:
        request_id = str(uuid.uuid4())
        return Reply(error.status, error.encode(request_id), request_id)
    access_key, region = credential_scope(authorization, query.decode("latin-1"))
    request_id = ""
    try:
        status, parsed = answer(operation, params, region or default_region, access_key, trace_header)
        metadata = parsed.get("ResponseMetadata")
        given = metadata.get("RequestId") if isinstance(metadata, Mapping) else None
        request_id = str(given) if given else str(uuid.uuid4())  # the dispatcher's id, if it made one
        if status >= 300:
            return Reply(status, _error_document(status, parsed, request_id), request_id)
        return Reply(status, wire.encode_response(operation, parsed, request_id), request_id)
    except Exception:  # noqa: BLE001 - reported through on_failure, or raised
        if on_failure is None:
            raise
        on_failure(f"answering {operation}")
        request_id = request_id or str(uuid.uuid4())
        document = wire.encode_error("InternalFailure", INTERNAL_FAILURE_MESSAGE, False, request_id)
        return Reply(500, document, request_id)


def _error_document(status: int, parsed: Mapping[str, Any], request_id: str) -> bytes:
    error = parsed["Error"]
    error_type = error.get("Type")
    sender_fault = error_type == "Sender" if error_type else status < 500
    extra = {key: value for key, value in error.items() if key not in ("Type", "Code", "Message")}
    return wire.encode_error(
        str(error["Code"]), str(error.get("Message", "")), sender_fault, request_id, extra=extra
    )
