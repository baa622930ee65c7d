"""Check a parsed response against botocore's output shape: exact member names and Python types."""

from __future__ import annotations

import datetime
from typing import Any

import botocore.session

_MODEL = botocore.session.get_session().get_service_model("sns")

_SCALARS: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "boolean": (bool,),
    "integer": (int,),
    "long": (int,),
    "timestamp": (datetime.datetime,),
    "blob": (bytes,),
}


def check_value(shape: Any, value: Any, path: str) -> None:
    kind = shape.type_name
    if kind == "structure":
        assert isinstance(value, dict), f"{path}: expected dict, got {type(value).__name__}"
        unknown = set(value) - set(shape.members)
        assert not unknown, f"{path}: members not in the {shape.name} shape: {sorted(unknown)}"
        missing = set(shape.required_members) - set(value)
        assert not missing, f"{path}: required members missing: {sorted(missing)}"
        for name, item in value.items():
            check_value(shape.members[name], item, f"{path}.{name}")
    elif kind == "list":
        assert isinstance(value, list), f"{path}: expected list, got {type(value).__name__}"
        for index, item in enumerate(value):
            check_value(shape.member, item, f"{path}[{index}]")
    elif kind == "map":
        assert isinstance(value, dict), f"{path}: expected dict, got {type(value).__name__}"
        for key, item in value.items():
            check_value(shape.key, key, f"{path} key")
            check_value(shape.value, item, f"{path}[{key!r}]")
    else:
        expected = _SCALARS[kind]
        assert isinstance(value, expected) and not (kind != "boolean" and isinstance(value, bool)), (
            f"{path}: expected {kind}, got {type(value).__name__} {value!r}"
        )


def check_response(operation: str, status: int, parsed: dict[str, Any]) -> None:
    """Assert a parsed response is exactly what botocore would produce for ``operation``."""
    metadata = parsed.get("ResponseMetadata")
    assert isinstance(metadata, dict), "ResponseMetadata missing"
    assert set(metadata) == {"RequestId", "HTTPStatusCode", "HTTPHeaders", "RetryAttempts"}, metadata
    assert metadata["HTTPStatusCode"] == status and metadata["RetryAttempts"] == 0
    headers = metadata["HTTPHeaders"]
    assert headers["x-amzn-requestid"] == metadata["RequestId"]
    assert {"x-amzn-requestid", "content-type", "date"} <= set(headers)
    body = {key: value for key, value in parsed.items() if key != "ResponseMetadata"}
    if status >= 300:
        assert set(body) == {"Error"}, body
        error = body["Error"]
        assert error["Type"] == ("Sender" if status < 500 else "Receiver")
        assert isinstance(error["Code"], str) and isinstance(error["Message"], str)
        extra = set(error) - {"Type", "Code", "Message"}
        if extra:
            shape = _MODEL.shape_for(error["Code"])
            assert extra <= set(shape.members), extra
        return
    output = _MODEL.operation_model(operation).output_shape
    if output is None:
        assert body == {}, f"{operation} has no output members, got {body}"
        return
    check_value(output, body, operation)
