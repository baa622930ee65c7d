"""SNS's query protocol on the wire: form-encoded requests in, AWS's XML documents out.

Owns the translation between HTTP bodies and the ``(operation, params)`` /
``parsed`` dicts the dispatcher speaks. Everything is driven by botocore's SNS
service model (input and output shapes, ``locationName``s, result wrappers), so
an operation added to the model needs no code here. Standalone: it imports no
other snsfake module, so the HTTP door can be tested without a fake.

Errors a request meets before any operation runs are ``WireError``s carrying
AWS's code, message and HTTP status; ``encode_error`` renders them.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
import threading
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import unquote_to_bytes

import botocore.session
from botocore.model import ListShape, MapShape, OperationModel, ServiceModel, Shape, StructureShape
from botocore.utils import parse_timestamp

__all__ = [
    "WireError",
    "decode_request",
    "encode_response",
    "encode_error",
    "service_model",
    "API_VERSION",
    "XML_NAMESPACE",
    "FAULT_NAMESPACE",
    "FORM_CONTENT_TYPE",
]

API_VERSION: Final = "2010-03-31"
XML_NAMESPACE: Final = "http://sns.amazonaws.com/doc/2010-03-31/"
# AWS's front door answers requests it cannot route in this namespace, not SNS's
# (recorded InvalidAction reply quoted in ex-aws/ex_aws#177).
FAULT_NAMESPACE: Final = "http://webservices.amazon.com/AWSFault/2005-15-09"
FORM_CONTENT_TYPE: Final = "application/x-www-form-urlencoded"

_model: ServiceModel | None = None
_model_lock = threading.Lock()


def service_model() -> ServiceModel:
    """botocore's SNS model, loaded on first use: importing the codec costs nothing."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                _model = botocore.session.get_session().get_service_model("sns")
    return _model


class WireError(Exception):
    """A request AWS rejects before any SNS operation runs: ``code``, ``message``, HTTP ``status``."""

    def __init__(self, code: str, message: str, status: int = 400, namespace: str = FAULT_NAMESPACE) -> None:
        super().__init__(f"{code} ({status}): {message}")
        self.code = code
        self.message = message
        self.status = status
        self.namespace = namespace

    @property
    def sender_fault(self) -> bool:
        return self.status < 500

    def encode(self, request_id: str) -> bytes:
        """The XML error document for this error."""
        return encode_error(self.code, self.message, self.sender_fault, request_id, namespace=self.namespace)


def _missing_action() -> WireError:
    # 404 is what SNS answered an Action-less POST (aws/aws-sdk-cpp#535); the code is
    # the Common Errors one, the message the wording Coral services use (unconfirmed for SNS).
    return WireError("MissingAction", "Missing Action", 404)


def _invalid_action(action: str, version: str) -> WireError:
    # SNS's recorded reply to Action=publish (ex-aws/ex_aws#177, aws/aws-sdk-go#2143).
    return WireError("InvalidAction", f"Could not find operation {action} for version {version}", 400)


def _malformed_query_string() -> WireError:
    # Code, status and text from AWS's Common Errors page for query APIs.
    return WireError("MalformedQueryString", "The query string contains a syntax error.", 404)


def _invalid_value(key: str, kind: str, raw: str) -> WireError:
    # The code is Common Errors' one for a value of the wrong type; AWS's wording is unknown.
    return WireError("InvalidParameterValue", f"snsfake: {key} must be {kind}, got {raw!r}", 400)


# ---------------------------------------------------------------------------------------- requests


def decode_request(
    body: bytes, content_type: str | None, query: bytes | str = b""
) -> tuple[str, dict[str, Any]]:
    """``(operation, params)`` from a query-protocol request, params typed as boto3 kwargs.

    Parameters come from the URL's ``query`` string and, when it is declared form data,
    the ``body`` (a servlet's rule: other bodies are not parameters). The first value
    of a repeated name wins. Names the input shape does not have are ignored (SigV2 and
    presigned requests carry their signature fields as parameters). Required members are
    not checked: SNS answers a missing parameter differently per operation, and that
    belongs to the dispatcher.
    """
    raw_query = query.encode("utf-8") if isinstance(query, str) else query
    flat: dict[str, str] = {}
    _add_pairs(flat, raw_query, "utf-8")
    if body:
        charset = _form_charset(content_type)
        if charset is not None:
            _add_pairs(flat, body, charset)
    action = flat.get("Action") or ""
    if not action:
        raise _missing_action()
    version = flat.get("Version") or API_VERSION  # SNS's own SubscribeURLs carry no Version
    model = service_model()
    if version != API_VERSION or action not in model.operation_names:
        raise _invalid_action(action, version)
    shape = model.operation_model(action).input_shape
    if shape is None:
        return action, {}
    root = _Node()
    for name, value in flat.items():
        if name not in ("Action", "Version"):
            root.insert(name, value)
    return action, _decode_structure(shape, root, "")


def _form_charset(content_type: str | None) -> str | None:
    """The charset of a form body, or None when the body is not form data."""
    if content_type is None:
        return None
    media_type, *options = content_type.split(";")
    if media_type.strip().lower() != FORM_CONTENT_TYPE:
        return None
    for option in options:
        name, _, value = option.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower() or "utf-8"
    return "utf-8"


_BAD_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")


def _add_pairs(flat: dict[str, str], data: bytes, charset: str) -> None:
    """Add the ``name=value`` pairs of form data; a bad ``%`` escape or undecodable byte is malformed."""
    if not data:
        return
    if _BAD_ESCAPE.search(data):
        raise _malformed_query_string()
    for field in data.split(b"&"):
        raw_name, _, raw_value = field.partition(b"=")
        if not raw_name:
            continue
        try:
            name = unquote_to_bytes(raw_name.replace(b"+", b" ")).decode(charset)
            value = unquote_to_bytes(raw_value.replace(b"+", b" ")).decode(charset)
        except (UnicodeDecodeError, LookupError):
            raise _malformed_query_string() from None
        flat.setdefault(name, value)


class _Node:
    """One dotted segment of the parameter names: ``a.b.1=x`` is root → a → b → 1 (value x)."""

    __slots__ = ("value", "children")

    def __init__(self) -> None:
        self.value: str | None = None
        self.children: dict[str, _Node] = {}

    def insert(self, name: str, value: str) -> None:
        node = self
        for part in name.split("."):
            child = node.children.get(part)
            if child is None:
                child = node.children[part] = _Node()
            node = child
        node.value = value

    def numbered(self) -> list[tuple[int, _Node]]:
        """The children named 1, 2, 3… in numeric order (gaps allowed, other names ignored)."""
        items = [
            (int(key), child)
            for key, child in self.children.items()
            if key.isascii() and key.isdigit() and key[0] != "0"
        ]
        items.sort(key=lambda item: item[0])
        return items


_ABSENT: Final = object()


def _decode(shape: Shape, node: _Node, key: str) -> Any:
    kind = shape.type_name
    if kind == "structure":
        assert isinstance(shape, StructureShape)
        return _decode_structure(shape, node, key)
    if kind == "list":
        assert isinstance(shape, ListShape)
        items = node.children.get(shape.member.serialization.get("name", "member"))
        if items is None:  # botocore sends an empty list as a bare `Name=`
            return []
        item_key = f"{key}.{shape.member.serialization.get('name', 'member')}"
        values = (_decode(shape.member, child, f"{item_key}.{index}") for index, child in items.numbered())
        return [value for value in values if value is not _ABSENT]
    if kind == "map":
        assert isinstance(shape, MapShape)
        return _decode_map(shape, node, key)
    if node.value is None:
        return _ABSENT
    return _decode_scalar(kind, node.value, key)


def _decode_structure(shape: StructureShape, node: _Node, key: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for member_name, member_shape in shape.members.items():
        wire_name = member_shape.serialization.get("name", member_name)
        child = node.children.get(wire_name)
        if child is not None:
            value = _decode(member_shape, child, f"{key}.{wire_name}" if key else wire_name)
            if value is not _ABSENT:
                result[member_name] = value
    return result


def _decode_map(shape: MapShape, node: _Node, key: str) -> dict[str, Any]:
    """``X.entry.N.key/value``, or the model's names for them (SNS's attributes: ``Name``/``Value``)."""
    key_name = shape.key.serialization.get("name", "key")
    value_name = shape.value.serialization.get("name", "value")
    result: dict[str, Any] = {}
    entries = node.children.get("entry")
    if entries is None:
        return result
    for index, entry in entries.numbered():
        key_node = entry.children.get(key_name)
        value_node = entry.children.get(value_name)
        if key_node is None or key_node.value is None or value_node is None:
            continue  # half an entry names nothing
        entry_key = f"{key}.entry.{index}"
        map_key = _decode_scalar(shape.key.type_name, key_node.value, f"{entry_key}.{key_name}")
        value = _decode(shape.value, value_node, f"{entry_key}.{value_name}")
        if value is not _ABSENT:
            result.setdefault(map_key, value)
    return result


def _decode_scalar(kind: str, raw: str, key: str) -> Any:
    if kind in ("string", "character"):
        return raw
    if kind in ("integer", "long"):
        if not re.fullmatch(r"[+-]?[0-9]+", raw):
            raise _invalid_value(key, "an integer", raw)
        return int(raw)
    if kind == "boolean":
        lowered = raw.lower()
        if lowered not in ("true", "false"):
            raise _invalid_value(key, "true or false", raw)
        return lowered == "true"
    if kind == "blob":
        try:
            return base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            raise _invalid_value(key, "base64", raw) from None
    if kind in ("float", "double"):
        try:
            return float(raw)
        except ValueError:
            raise _invalid_value(key, "a number", raw) from None
    if kind == "timestamp":
        try:
            return parse_timestamp(raw)
        except (ValueError, TypeError, OverflowError):
            raise _invalid_value(key, "a timestamp", raw) from None
    return raw


# ---------------------------------------------------------------------------------------- responses


def encode_response(operation: str, parsed: Mapping[str, Any], request_id: str) -> bytes:
    """The XML document AWS sends for a successful call, built from the output shape.

    ``parsed`` is what botocore's parser would produce (``ResponseMetadata`` and keys the
    shape does not name are ignored). Operations without an output shape send no
    ``…Result`` element; those whose output has no members send an empty one, which
    botocore requires.
    """
    operation_model: OperationModel = service_model().operation_model(operation)
    lines = [f'<{operation}Response xmlns="{XML_NAMESPACE}">']
    shape = operation_model.output_shape
    if shape is not None:
        wrapper = shape.serialization.get("resultWrapper", f"{operation}Result")
        _element(lines, wrapper, shape, parsed, 1)
    lines += [
        "  <ResponseMetadata>",
        f"    <RequestId>{_text(request_id)}</RequestId>",
        "  </ResponseMetadata>",
    ]
    lines.append(f"</{operation}Response>\n")
    return "\n".join(lines).encode("utf-8")


def encode_error(
    code: str,
    message: str,
    sender_fault: bool,
    request_id: str,
    *,
    extra: Mapping[str, Any] | None = None,
    namespace: str = XML_NAMESPACE,
) -> bytes:
    """AWS's ``ErrorResponse`` document; ``extra`` adds members such as VerificationException's ``Status``."""
    lines = [
        f'<ErrorResponse xmlns="{namespace}">',
        "  <Error>",
        f"    <Type>{'Sender' if sender_fault else 'Receiver'}</Type>",
        f"    <Code>{_text(code)}</Code>",
        f"    <Message>{_text(message)}</Message>",
    ]
    for name, value in (extra or {}).items():
        lines.append(f"    <{name}>{_text(str(value))}</{name}>")
    lines += ["  </Error>", f"  <RequestId>{_text(request_id)}</RequestId>", "</ErrorResponse>\n"]
    return "\n".join(lines).encode("utf-8")


def _element(lines: list[str], name: str, shape: Shape, value: Any, depth: int, path: str = "") -> None:
    """Append ``<name>…</name>`` for ``value``, two spaces of indent per level as AWS writes it."""
    path = f"{path}.{name}" if path else name
    kind = shape.type_name
    _check_type(kind, value, path)
    pad = "  " * depth
    start = len(lines)
    if kind == "structure":
        assert isinstance(shape, StructureShape)
        lines.append(f"{pad}<{name}>")
        for member_name, member_shape in shape.members.items():
            member_value = value.get(member_name)
            if member_value is not None:
                wire_name = member_shape.serialization.get("name", member_name)
                _element(lines, wire_name, member_shape, member_value, depth + 1, path)
        _close(lines, start, pad, name)
    elif kind == "list":
        assert isinstance(shape, ListShape)
        item_name = shape.member.serialization.get("name", "member")
        lines.append(f"{pad}<{name}>")
        for item in value:
            _element(lines, item_name, shape.member, item, depth + 1, path)
        _close(lines, start, pad, name)
    elif kind == "map":
        assert isinstance(shape, MapShape)
        key_name = shape.key.serialization.get("name", "key")
        value_name = shape.value.serialization.get("name", "value")
        lines.append(f"{pad}<{name}>")
        for map_key, map_value in value.items():
            lines.append(f"{pad}  <entry>")
            _element(lines, key_name, shape.key, map_key, depth + 2, path)
            _element(lines, value_name, shape.value, map_value, depth + 2, path)
            lines.append(f"{pad}  </entry>")
        _close(lines, start, pad, name)
    else:
        lines.append(f"{pad}<{name}>{_text(_scalar_text(kind, value))}</{name}>")


def _check_type(kind: str, value: object, path: str) -> None:
    """A value of the wrong type is the caller's bug: say where, rather than send garbage."""
    expected = _PYTHON_TYPES.get(kind, object)
    if not isinstance(value, expected) or (kind in ("integer", "long") and isinstance(value, bool)):
        raise TypeError(
            f"snsfake: {path} is a {kind} in the output shape, not {type(value).__name__} {value!r:.80}"
        )


# What the parsed dict holds for each shape type, as botocore's parser produces it.
_PYTHON_TYPES: Final[dict[str, type | tuple[type, ...]]] = {
    "structure": Mapping,
    "map": Mapping,
    "list": (list, tuple),
    "string": str,
    "character": str,
    "boolean": bool,
    "integer": int,
    "long": int,
    "float": (int, float),
    "double": (int, float),
    "blob": (bytes, bytearray),
    "timestamp": (datetime.datetime, int, float),
}


def _close(lines: list[str], start: int, pad: str, name: str) -> None:
    """Close a container element, or make it ``<name/>`` when nothing went inside."""
    if len(lines) == start + 1:
        lines[start] = f"{pad}<{name}/>"
    else:
        lines.append(f"{pad}</{name}>")


def _scalar_text(kind: str, value: Any) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "blob":
        return base64.b64encode(bytes(value)).decode("ascii")
    if kind == "timestamp":
        return _timestamp_text(value)
    if kind in ("float", "double"):
        return repr(float(value))
    return str(value)


def _timestamp_text(value: Any) -> str:
    """ISO 8601 in UTC with milliseconds, the query protocol's timestamp format."""
    moment = (
        value
        if isinstance(value, datetime.datetime)
        else datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
    )
    if moment.tzinfo is not None:  # a naive datetime is taken to be UTC already
        moment = moment.astimezone(datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


_ESCAPES: Final[dict[str, str]] = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#xD;"}
_TO_ESCAPE = re.compile('[&<>"\r]')
# Characters XML 1.0 cannot carry at all, not even as references: the complement of its Char
# production, written out (the negated class takes 9 ms to compile, this one under 1 ms).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    """Escape text for an element: ``&<>"`` as AWS does, CR as a reference so parsers keep it.

    Characters XML cannot represent (NUL, most C0 controls, lone surrogates, U+FFFE/FFFF)
    become U+FFFD: SNS rejects them on input, so only a value the fake invented can hold them.
    """
    if _NOT_XML.search(value):
        value = _NOT_XML.sub("\ufffd", value)
    return _TO_ESCAPE.sub(_escape_match, value)


def _escape_match(match: re.Match[str]) -> str:
    return _ESCAPES[match.group()]
