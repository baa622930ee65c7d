"""AWS's errors, exact: one class per SNS error code, with its HTTP status.

Handlers raise these; the interception layer turns them into the parsed error
response botocore expects, and botocore raises the modeled exception
(``client.exceptions.NotFoundException`` for ``NotFound`` ...).
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "SnsError",
    "InvalidParameter",
    "ParameterValueInvalid",
    "NotFound",
    "ResourceNotFound",
    "AuthorizationError",
    "InternalError",
    "Throttled",
    "SubscriptionLimitExceeded",
    "FilterPolicyLimitExceeded",
    "ReplayLimitExceeded",
    "TopicLimitExceeded",
    "TagLimitExceeded",
    "InvalidState",
    "ValidationException",
    "ValidationError",
    "EndpointDisabled",
    "PlatformApplicationDisabled",
    "OptedOut",
    "UserError",
    "VerificationException",
    "BatchEntryIdsNotDistinct",
    "BatchRequestTooLong",
    "EmptyBatchRequest",
    "InvalidBatchEntryId",
    "TooManyEntriesInBatchRequest",
    "invalid_parameter",
    "null_member",
]


class SnsError(Exception):
    """An error SNS answers with: wire ``code``, HTTP ``status`` and AWS's exact ``message``."""

    code: ClassVar[str] = "InternalError"
    status: ClassVar[int] = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def error_fields(self) -> dict[str, Any]:
        """The ``Error`` member as botocore's query parser builds it (Type, Code, Message)."""
        return {
            "Type": "Sender" if self.status < 500 else "Receiver",
            "Code": self.code,
            "Message": self.message,
        }

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


def _error(name: str, code: str, status: int) -> type[SnsError]:
    return type(name, (SnsError,), {"code": code, "status": status, "__doc__": f"AWS error {code} (HTTP {status})."})


class InvalidParameter(SnsError):
    """Almost every validation failure."""

    code = "InvalidParameter"
    status = 400


class ParameterValueInvalid(SnsError):
    """Message attribute validation in Publish and PublishBatch."""

    code = "ParameterValueInvalid"
    status = 400


class NotFound(SnsError):
    """A topic, subscription, platform application or endpoint that does not exist."""

    code = "NotFound"
    status = 404


class ResourceNotFound(SnsError):
    """Tagging APIs and SMS sandbox numbers."""

    code = "ResourceNotFound"
    status = 404


class AuthorizationError(SnsError):
    """The topic's policy does not allow the caller."""

    code = "AuthorizationError"
    status = 403


class VerificationException(SnsError):
    """A wrong one-time password; carries the verification ``Status`` member."""

    code = "VerificationException"
    status = 400

    def __init__(self, message: str, status_text: str = "Failed") -> None:
        super().__init__(message)
        self.status_text = status_text

    def error_fields(self) -> dict[str, Any]:
        fields = super().error_fields()
        fields["Status"] = self.status_text
        return fields


InternalError = _error("InternalError", "InternalError", 500)
Throttled = _error("Throttled", "Throttled", 429)
SubscriptionLimitExceeded = _error("SubscriptionLimitExceeded", "SubscriptionLimitExceeded", 403)
FilterPolicyLimitExceeded = _error("FilterPolicyLimitExceeded", "FilterPolicyLimitExceeded", 403)
ReplayLimitExceeded = _error("ReplayLimitExceeded", "ReplayLimitExceeded", 403)
TopicLimitExceeded = _error("TopicLimitExceeded", "TopicLimitExceeded", 403)
TagLimitExceeded = _error("TagLimitExceeded", "TagLimitExceeded", 400)
InvalidState = _error("InvalidState", "InvalidState", 400)
ValidationException = _error("ValidationException", "ValidationException", 400)
ValidationError = _error("ValidationError", "ValidationError", 400)
EndpointDisabled = _error("EndpointDisabled", "EndpointDisabled", 400)
PlatformApplicationDisabled = _error("PlatformApplicationDisabled", "PlatformApplicationDisabled", 400)
OptedOut = _error("OptedOut", "OptedOut", 400)
UserError = _error("UserError", "UserError", 400)
BatchEntryIdsNotDistinct = _error("BatchEntryIdsNotDistinct", "BatchEntryIdsNotDistinct", 400)
BatchRequestTooLong = _error("BatchRequestTooLong", "BatchRequestTooLong", 400)
EmptyBatchRequest = _error("EmptyBatchRequest", "EmptyBatchRequest", 400)
InvalidBatchEntryId = _error("InvalidBatchEntryId", "InvalidBatchEntryId", 400)
TooManyEntriesInBatchRequest = _error("TooManyEntriesInBatchRequest", "TooManyEntriesInBatchRequest", 400)


def invalid_parameter(detail: str) -> InvalidParameter:
    """``InvalidParameter`` with AWS's usual ``Invalid parameter: `` prefix."""
    return InvalidParameter(f"Invalid parameter: {detail}")


def null_member(path: str) -> SnsError:
    """AWS's answer to a required member botocore did not catch (an empty map, a missing nested field)."""
    return ValidationError(
        f"1 validation error detected: Value null at '{path}' failed to satisfy constraint: "
        "Member must not be null"
    )
