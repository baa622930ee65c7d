"""Shared AWS input rules (ARNs, names, maps, tags, pages) raising AWS's exact errors."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from .access import authorize
from .errors import NotFound, ValidationError, invalid_parameter, null_member
from .state import Catalog, decode_token, encode_token

if TYPE_CHECKING:
    from .context import Context
    from .state import Subscription, Topic

__all__ = [
    "arn_parts",
    "resolve_topic",
    "resolve_subscription",
    "require_map",
    "page",
    "parse_json_object",
    "bool_string",
    "check_tags",
]

T = TypeVar("T")
PAGE_SIZE = 100


def arn_parts(arn: str, param: str) -> list[str]:
    """Split an ARN; fewer than 6 parts is AWS's first check for every ARN parameter."""
    parts = arn.split(":", 6)
    if len(parts) < 6:
        raise invalid_parameter(f"{param} Reason: An ARN must have at least 6 elements, not {len(parts)}")
    return parts


def resolve_topic(
    context: Context,
    arn: Any,
    param: str = "TopicArn",
    *,
    region_error: str | None = None,
    action: str | None = None,
    keys: Mapping[str, str] | None = None,
) -> Topic:
    """The topic ``arn`` names, or AWS's error: shape → other region → access (``SNS:{action}``) → missing."""
    if type(arn) is str:
        topic = context.state.topics.get(arn)
        if topic is not None:  # the caller's own topic in its region: nothing left to check
            return topic
    if not isinstance(arn, str):
        raise invalid_parameter(f"{param} Reason: no value for required parameter")
    parts = arn_parts(arn, param)  # "" is a value, and fails here: "not 1" (recorded AWS reply)
    if parts[3] != context.region or len(parts) != 6 or parts[2] != "sns":
        raise invalid_parameter(region_error or param)
    if action is not None and parts[4] != context.account:
        authorize(context, arn, action, keys=keys)
    topic = context.backend.find_topic(arn)
    if topic is None:
        raise NotFound("Topic does not exist")
    return topic


def resolve_subscription(context: Context, arn: Any, param: str = "SubscriptionArn") -> Subscription:
    """The subscription ``arn`` names, or AWS's error (an empty ARN fails the shape check)."""
    if not isinstance(arn, str):
        raise invalid_parameter(f"{param} Reason: no value for required parameter")
    parts = arn_parts(arn, param)
    if len(parts) == 6:
        raise invalid_parameter("SubscriptionId")
    subscription = context.backend.find_subscription(arn)
    if subscription is None:
        raise NotFound("Subscription does not exist")
    return subscription


def require_map(value: Any, path: str) -> Mapping[str, Any] | None:
    """A map parameter; an empty map is what AWS sees as missing (botocore omits it)."""
    if value is None:
        return None
    if not value:
        raise null_member(path)
    return value  # type: ignore[no-any-return]


def page(catalog: Catalog[T], token: Any, kind: str, limit: int = PAGE_SIZE) -> tuple[list[T], str | None]:
    """One page of a catalog and the NextToken for the next one (absent on the last page)."""
    start = 0
    if token is not None and token != "":
        position = decode_token(kind, token) if isinstance(token, str) else None
        if position is None:
            raise invalid_parameter("NextToken")
        start = position
    items, next_position = catalog.page(start, limit)
    return items, (encode_token(kind, next_position) if next_position is not None else None)


def parse_json_object(text: str) -> dict[str, Any] | None:
    """Parse a JSON object; None when the text is not valid JSON or not an object."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def bool_string(value: str) -> bool | None:
    """``true``/``false`` in any case, else None."""
    lowered = value.lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    return None


def check_tags(tags: Any, existing: Mapping[str, str] | None = None) -> dict[str, str]:
    """Validate a Tags list; return the tags to upsert, in order.

    Lengths are checked first, for every tag, as AWS's model validation does
    (botocore only enforces the minimums); then duplicates and reserved keys.
    """
    problems = []
    for index, tag in enumerate(tags, 1):
        key, value = tag.get("Key"), tag.get("Value")
        if len(key) > 128:
            problems.append(
                f"Value '{key}' at 'tags.{index}.member.key' failed to satisfy constraint: "
                "Member must have length less than or equal to 128"
            )
        if value is not None and len(value) > 256:
            problems.append(
                f"Value '{value}' at 'tags.{index}.member.value' failed to satisfy constraint: "
                "Member must have length less than or equal to 256"
            )
    if problems:
        noun = "error" if len(problems) == 1 else "errors"
        raise ValidationError(f"{len(problems)} validation {noun} detected: " + "; ".join(problems))
    result: dict[str, str] = {}
    for tag in tags:
        key = tag.get("Key")
        value = tag.get("Value")
        if key in result:
            raise invalid_parameter("Duplicated keys are not allowed.")
        if key.lower().startswith("aws:"):
            raise invalid_parameter("TagKey Reason: Tag keys must not start with 'aws:'.")
        result[key] = value if value is not None else ""
    return result
