"""Expect an AWS error the way a boto3 user meets it: the modeled exception class, the wire code,
the exact message, the error Type and the HTTP status. Messages the tests mark "(unconfirmed)" pin
snsfake's chosen wording where AWS's text is not recorded (see the spec)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from botocore import xform_name
from botocore.exceptions import ClientError

# wire code -> (the class botocore raises, HTTP status)
MODELED = {
    "AuthorizationError": ("AuthorizationErrorException", 403),
    "FilterPolicyLimitExceeded": ("FilterPolicyLimitExceededException", 403),
    "InvalidParameter": ("InvalidParameterException", 400),
    "NotFound": ("NotFoundException", 404),
    "ParameterValueInvalid": ("InvalidParameterValueException", 400),
    "ResourceNotFound": ("ResourceNotFoundException", 404),
    "SubscriptionLimitExceeded": ("SubscriptionLimitExceededException", 403),
    "TagLimitExceeded": ("TagLimitExceededException", 400),
    "TopicLimitExceeded": ("TopicLimitExceededException", 403),
    "ValidationError": ("ClientError", 400),  # not a modeled code: botocore raises plain ClientError
}


def call_error(client: Any, operation: str, **kwargs: Any) -> ClientError:
    """Call ``operation`` (its API name) and return the ClientError it must raise."""
    with pytest.raises(ClientError) as info:
        getattr(client, xform_name(operation))(**kwargs)
    return info.value


def assert_aws_error(client: Any, operation: str, kwargs: dict[str, Any], code: str, message: str) -> None:
    """The call fails exactly as AWS does: modeled class, code, message, Type and HTTP status."""
    __tracebackhide__ = True
    error = call_error(client, operation, **kwargs)
    class_name, status = MODELED[code]
    assert type(error).__name__ == class_name
    assert isinstance(error, client.exceptions.from_code(code))
    assert error.response["Error"] == {"Type": "Sender", "Code": code, "Message": message}
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == status
    assert str(error) == f"An error occurred ({code}) when calling the {operation} operation: {message}"


@contextmanager
def aws_error(sns: Any, exception: str, code: str, message: str) -> Iterator[Any]:
    """Expect botocore's modeled exception ``exception`` with exactly this code and message."""
    with pytest.raises(getattr(sns.exceptions, exception)) as caught:
        yield caught
    error = caught.value.response["Error"]
    assert (error["Code"], error["Message"]) == (code, message)
    assert error["Type"] == "Sender"


@contextmanager
def validation_error(path: str) -> Iterator[Any]:
    """AWS's unmodeled ``ValidationError``: botocore raises a plain ClientError."""
    with pytest.raises(ClientError) as caught:
        yield caught
    assert type(caught.value) is ClientError
    assert caught.value.response["Error"]["Code"] == "ValidationError"
    assert caught.value.response["Error"]["Message"] == (
        f"1 validation error detected: Value null at '{path}' failed to satisfy constraint: Member must not be null"
    )
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@contextmanager
def fails(exception: type[Exception], code: str, message: str) -> Iterator[Any]:
    """The call raises ``exception`` (a modeled class, or ClientError) with exactly this code and message."""
    with pytest.raises(exception) as info:
        yield info
    error = info.value.response["Error"]  # type: ignore[attr-defined]
    assert (error["Code"], error["Message"]) == (code, message)
