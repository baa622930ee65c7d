"""The seven subscription operations: Subscribe, ConfirmSubscription, Unsubscribe,
attributes and listings. What happens to a subscription over its life (confirmation,
expiry, replay, restore) is in services/lifecycle.py."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .. import delivery_policy
from ..clock import parse_timestamp
from ..context import Context
from ..errors import (
    AuthorizationError,
    FilterPolicyLimitExceeded,
    InvalidParameter,
    NotFound,
    SubscriptionLimitExceeded,
    invalid_parameter,
)
from ..filter_policy import FilterPolicyError, compile_filter_policy
from ..limits import LARGE_MESSAGE_PROTOCOLS, LARGE_MESSAGE_SUBSCRIPTIONS, LARGE_MESSAGE_THRESHOLD
from ..protocols import PROTOCOLS
from ..services import lifecycle
from ..services.fanout import replay
from ..state import Region, Subscription, Topic
from ..validation import (
    arn_parts,
    bool_string,
    page,
    parse_json_object,
    resolve_subscription,
    resolve_topic,
)

__all__ = [
    "subscribe",
    "confirm_subscription",
    "unsubscribe",
    "get_subscription_attributes",
    "set_subscription_attributes",
    "list_subscriptions",
    "list_subscriptions_by_topic",
]

SETTABLE = (
    "DeliveryPolicy",
    "FilterPolicy",
    "FilterPolicyScope",
    "RawMessageDelivery",
    "RedrivePolicy",
    "SubscriptionRoleArn",
    "ReplayPolicy",
)
_SCOPES = ("MessageAttributes", "MessageBody")


class _Invalid(Exception):
    """An invalid subscription attribute; ``detail`` follows the call's message prefix."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


# --------------------------------------------------------------------------- attribute rules
def _check_attribute(
    name: str,
    value: str,
    *,
    protocol: str,
    endpoint: str,
    topic: Topic,
    scope: str,
    in_subscribe: bool,
) -> tuple[str | None, Any]:
    """Validate one subscription attribute: (value to store or None to remove, compiled extra)."""
    if name == "RawMessageDelivery":
        if not PROTOCOLS[protocol].raw_capable:
            raise _Invalid(f"Delivery protocol [{protocol}] does not support raw message delivery.")
        flag = bool_string(value)
        if flag is None:
            raise _Invalid(f"RawMessageDelivery: Invalid value [{value}]. Must be true or false.")
        return ("true" if flag else "false"), flag
    if name == "FilterPolicyScope":
        if value not in _SCOPES:
            raise _Invalid(
                f"FilterPolicyScope: Invalid value [{value}]. Please use either MessageBody or MessageAttributes"
            )
        return value, None
    if name == "FilterPolicy":
        if value == "":
            return None, None
        try:
            compiled = compile_filter_policy(value, scope)
        except FilterPolicyError as error:
            raise InvalidParameter(error.message(in_subscribe=in_subscribe)) from None
        return value, compiled
    if name == "RedrivePolicy":
        return _check_redrive_policy(value, protocol=protocol, endpoint=endpoint, topic=topic), None
    if name == "DeliveryPolicy":
        if protocol not in ("http", "https"):
            raise _Invalid(f"DeliveryPolicy: Delivery protocol [{protocol}] does not support delivery policies.")
        try:
            return delivery_policy.normalize_subscription_policy(value), None
        except delivery_policy.PolicyError as error:
            raise _Invalid(f"DeliveryPolicy: {error.detail}") from None
    if name == "SubscriptionRoleArn":
        if value and len(value.split(":")) < 6:
            raise _Invalid(
                f"SubscriptionRoleArn Reason: An ARN must have at least 6 elements, not {len(value.split(':'))}"
            )
        return value or None, None
    if name == "ReplayPolicy":
        return _check_replay_policy(value, topic), None
    raise _Invalid(f"Unknown attribute {name}" if in_subscribe else "AttributeName")


def _check_redrive_policy(value: str, *, protocol: str, endpoint: str, topic: Topic) -> str | None:
    if value == "":
        return None
    try:
        policy = json.loads(value)
    except (ValueError, RecursionError):
        raise _Invalid(f"RedrivePolicy: {_parse_failure(value)}") from None
    if not isinstance(policy, dict):
        raise _Invalid("RedrivePolicy: must be a JSON object")
    target = policy.get("deadLetterTargetArn")
    if not isinstance(target, str) or len(target.split(":")) < 6 or not target.startswith("arn:"):
        raise _Invalid("RedrivePolicy: deadLetterTargetArn is an invalid arn")
    if topic.fifo and protocol == "sqs" and endpoint.endswith(".fifo") and not target.endswith(".fifo"):
        raise _Invalid("RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.")
    return value


def _parse_failure(value: str) -> str:
    """AWS's ``failed to parse JSON. <Jackson message>`` reason for text that is not JSON."""
    try:
        compile_filter_policy(value, "MessageAttributes")
    except FilterPolicyError as error:
        if error.reason.startswith("failed to parse JSON."):
            return error.reason
    return "failed to parse JSON."


def _check_replay_policy(value: str, topic: Topic) -> str | None:
    if value == "":
        return None
    if not topic.fifo or "ArchivePolicy" not in topic.attributes:
        raise _Invalid("ReplayPolicy: Topic must have an ArchivePolicy to use ReplayPolicy")
    policy = parse_json_object(value)
    if policy is None:
        raise _Invalid("ReplayPolicy: failed to parse JSON.")
    if policy.get("PointType") != "Timestamp":
        raise _Invalid("ReplayPolicy: PointType must be Timestamp")
    for key in ("StartingPoint", "EndingPoint"):
        if key in policy and parse_timestamp(policy[key]) is None:
            raise _Invalid(f"ReplayPolicy: {key} is not a valid timestamp")
    if "StartingPoint" not in policy:
        raise _Invalid("ReplayPolicy: StartingPoint is required")
    return value


# --------------------------------------------------------------------------- views
def _public_arn(subscription: Subscription) -> str:
    return "PendingConfirmation" if subscription.pending else subscription.arn


def _summary(subscription: Subscription) -> dict[str, str]:
    return {
        "SubscriptionArn": _public_arn(subscription),
        "Owner": subscription.owner,
        "Protocol": subscription.protocol,
        "Endpoint": subscription.endpoint,
        "TopicArn": subscription.topic_arn,
    }


def _current_value(subscription: Subscription, name: str) -> str | None:
    stored = subscription.attributes.get(name)
    if stored is None and name == "FilterPolicyScope":
        return "MessageAttributes"
    return stored


def _topic_of(context: Context, subscription: Subscription) -> Topic | None:
    return context.backend.find_topic(subscription.topic_arn)


def _check_filter_quota(context: Context, topic: Topic, state: Region) -> None:
    limits = context.settings.limits
    if topic.filter_policy_count >= limits["filter_policies_per_topic"]:
        raise FilterPolicyLimitExceeded("Filter policy limit exceeded for topic")
    if state.filter_policy_count >= limits["filter_policies_per_account"]:
        raise FilterPolicyLimitExceeded("Filter policy limit exceeded for account")


# --------------------------------------------------------------------------- operations
def subscribe(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    # sns:Protocol and sns:Endpoint are the condition keys a topic policy may test for Subscribe.
    keys = {name: value for name in ("Protocol", "Endpoint") if isinstance(value := params.get(name), str)}
    topic = resolve_topic(
        context, params.get("TopicArn"), action="Subscribe", keys={f"sns:{name}": value for name, value in keys.items()}
    )
    state = context.region_of(topic.account, topic.region)
    state.expire_pending(context.now)
    protocol = params.get("Protocol", "")
    endpoint = params.get("Endpoint")
    # botocore omits an empty map: AWS sees no Attributes at all.
    attributes: Mapping[str, str] = params.get("Attributes") or {}
    if endpoint is None or endpoint == "":
        raise invalid_parameter("Endpoint Reason: no value for required parameter")
    if protocol not in PROTOCOLS:
        raise invalid_parameter(f"Amazon SNS does not support this protocol string: {protocol}")
    PROTOCOLS[protocol].check_endpoint(context, endpoint)
    if topic.fifo:
        if protocol != "sqs":
            raise invalid_parameter(f"Invalid protocol type: {protocol}")
    elif protocol == "sqs" and endpoint.endswith(".fifo"):
        raise invalid_parameter(
            "Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics"
        )
    if protocol == "firehose" and not attributes.get("SubscriptionRoleArn"):
        raise invalid_parameter("Attributes Reason: SubscriptionRoleArn is required for firehose subscriptions")

    scope = attributes.get("FilterPolicyScope", "MessageAttributes")
    checked: dict[str, str | None] = {}
    compiled: dict[str, Any] = {}
    for name in _ordered(attributes):
        value = attributes[name]
        try:
            stored, extra = _check_attribute(
                name,
                value,
                protocol=protocol,
                endpoint=endpoint,
                topic=topic,
                scope=scope if scope in _SCOPES else "MessageAttributes",
                in_subscribe=True,
            )
        except _Invalid as error:
            raise invalid_parameter(f"Attributes Reason: {error.detail}") from None
        checked[name] = stored
        compiled[name] = extra

    return_arn = bool(params.get("ReturnSubscriptionArn"))
    existing_arn = topic.by_endpoint.get((protocol, endpoint))
    if existing_arn is not None:
        existing = state.subscriptions.get(existing_arn)
        if existing is not None:
            for name, stored in checked.items():
                if _current_value(existing, name) != stored:
                    raise invalid_parameter("Attributes Reason: Subscription already exists with different attributes")
            arn = existing.arn if (return_arn or not existing.pending) else "pending confirmation"
            return {"SubscriptionArn": arn}

    limit = "subscriptions_per_fifo_topic" if topic.fifo else "subscriptions_per_topic"
    if len(topic.subscriptions) >= context.settings.limits[limit]:
        raise SubscriptionLimitExceeded("Subscription limit exceeded")
    if int(topic.attributes.get("MaximumMessageSize", LARGE_MESSAGE_THRESHOLD)) > LARGE_MESSAGE_THRESHOLD:
        _check_large_message_subscription(topic, protocol)
    has_filter = checked.get("FilterPolicy") is not None
    if has_filter:
        _check_filter_quota(context, topic, state)

    endpoint_account = PROTOCOLS[protocol].endpoint_account(endpoint)
    cross_account = endpoint_account is not None and endpoint_account != context.account
    pending = (PROTOCOLS[protocol].needs_confirmation or cross_account) and not context.settings.auto_confirm
    stored_attributes = {name: stored for name, stored in checked.items() if stored is not None}
    filter_policy = compiled["FilterPolicy"] if has_filter else None
    subscription = lifecycle.add(
        context, topic, protocol, endpoint, stored_attributes, filter_policy, pending=pending
    )
    arn = subscription.arn if (return_arn or not pending) else "pending confirmation"
    return {"SubscriptionArn": arn}


def _check_large_message_subscription(topic: Topic, protocol: str) -> None:
    """Large-message topics take up to 100 subscriptions, all sqs, lambda or firehose (wording unconfirmed)."""
    if protocol not in LARGE_MESSAGE_PROTOCOLS:
        raise invalid_parameter(
            f"Protocol Reason: {protocol} subscriptions are not supported by topics whose MaximumMessageSize "
            f"is above {LARGE_MESSAGE_THRESHOLD} bytes"
        )
    if len(topic.subscriptions) >= LARGE_MESSAGE_SUBSCRIPTIONS:
        raise invalid_parameter(
            f"Topics whose MaximumMessageSize is above {LARGE_MESSAGE_THRESHOLD} bytes support at most "
            f"{LARGE_MESSAGE_SUBSCRIPTIONS} subscriptions"
        )


def _ordered(attributes: Mapping[str, Any]) -> list[str]:
    """Check FilterPolicyScope before FilterPolicy so the policy is validated against it."""
    return sorted(attributes, key=lambda name: 0 if name == "FilterPolicyScope" else 1)


def confirm_subscription(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    topic_arn = params.get("TopicArn", "")
    token = params.get("Token", "")
    parts = topic_arn.split(":") if isinstance(topic_arn, str) else []
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "sns" or parts[3] != context.region:
        raise invalid_parameter("Topic")
    if not token or any(char not in "0123456789abcdefABCDEF" for char in token):
        raise InvalidParameter("Invalid token")
    state = context.region_of(parts[4], parts[3])
    state.expire_pending(context.now)
    entry = state.tokens.get(token.lower())
    if entry is None:
        raise invalid_parameter("Token")
    arn, issued = entry
    subscription = state.subscriptions.get(arn)
    removed = state.unsubscribed.get(arn)
    if subscription is None and removed is not None and lifecycle.restore(context, state, removed, issued):
        return {"SubscriptionArn": removed.arn}
    # The token alone names the subscription: a TopicArn of a missing topic still confirms it.
    if subscription is None or (subscription.topic_arn != topic_arn and topic_arn in state.topics):
        raise invalid_parameter("Token")
    if subscription.pending and context.now - issued > context.settings.token_lifetime:
        raise invalid_parameter("Token")
    authenticated = str(params.get("AuthenticateOnUnsubscribe", "")).lower() == "true"
    lifecycle.confirm(context, state, subscription, authenticated=authenticated)
    return {"SubscriptionArn": subscription.arn}


def unsubscribe(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    arn = params.get("SubscriptionArn")
    if not isinstance(arn, str):
        raise invalid_parameter("SubscriptionArn Reason: no value for required parameter")
    parts = arn_parts(arn, "SubscriptionArn")  # "" fails here, as TopicArn="" does in Publish
    if len(parts) == 6:
        raise invalid_parameter("SubscriptionId")
    lifecycle.expire_for(context, arn)
    subscription = context.backend.find_subscription(arn)
    if subscription is None:
        return {}
    lifecycle.unsubscribe(context, context.region_of(parts[4], parts[3]), subscription)
    return {}


def get_subscription_attributes(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    lifecycle.expire_for(context, params.get("SubscriptionArn"))
    subscription = resolve_subscription(context, params.get("SubscriptionArn"))
    if context.account not in (subscription.arn.split(":")[4], subscription.owner):
        raise AuthorizationError("Not authorized to access this subscription")
    stored = subscription.attributes
    result = {
        "ConfirmationWasAuthenticated": "true" if subscription.authenticated else "false",
        "Endpoint": subscription.endpoint,
        "Owner": subscription.owner,
        "PendingConfirmation": "true" if subscription.pending else "false",
        "Protocol": subscription.protocol,
        "RawMessageDelivery": stored.get("RawMessageDelivery", "false"),
        "SubscriptionArn": subscription.arn,
        "SubscriptionPrincipal": subscription.principal,
        "TopicArn": subscription.topic_arn,
    }
    if "FilterPolicy" in stored:
        result["FilterPolicy"] = stored["FilterPolicy"]
        result["FilterPolicyScope"] = stored.get("FilterPolicyScope", "MessageAttributes")
    for name in ("RedrivePolicy", "SubscriptionRoleArn", "ReplayPolicy", "ReplayStatus"):
        if name in stored:
            result[name] = stored[name]
    if subscription.protocol in ("http", "https"):
        topic = _topic_of(context, subscription)
        topic_policy = topic.attributes.get("DeliveryPolicy") if topic else None
        if "DeliveryPolicy" in stored:
            result["DeliveryPolicy"] = stored["DeliveryPolicy"]
        result["EffectiveDeliveryPolicy"] = delivery_policy.effective_subscription_policy(
            stored.get("DeliveryPolicy"), topic_policy
        )
    return {"Attributes": result}


def set_subscription_attributes(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    lifecycle.expire_for(context, params.get("SubscriptionArn"))
    subscription = resolve_subscription(context, params.get("SubscriptionArn"))
    name = params.get("AttributeName", "")
    value = params.get("AttributeValue")
    if value is None:
        value = ""
    if name not in SETTABLE:
        raise invalid_parameter("AttributeName")
    topic = _topic_of(context, subscription)
    if topic is None:
        raise NotFound("Topic does not exist")
    parts = subscription.arn.split(":")
    state = context.region_of(parts[4], parts[3])
    stored_scope = subscription.attributes.get("FilterPolicyScope", "MessageAttributes")
    compiled: Any = None
    if name == "FilterPolicyScope":
        stored, _ = _check_or_raise(name, value, subscription, topic, stored_scope)
        policy = subscription.attributes.get("FilterPolicy")
        if policy is not None and stored is not None:
            try:
                compiled = compile_filter_policy(policy, stored)
            except FilterPolicyError as error:
                raise InvalidParameter(error.message(in_subscribe=False)) from None
            subscription.filter_policy = compiled
        subscription.attributes[name] = value
        return {}
    stored, compiled = _check_or_raise(name, value, subscription, topic, stored_scope)
    if name == "FilterPolicy":
        had = subscription.filter_policy is not None
        if stored is not None and not had:
            _check_filter_quota(context, topic, state)
        if stored is None and had:
            topic.filter_policy_count -= 1
            state.filter_policy_count -= 1
        elif stored is not None and not had:
            topic.filter_policy_count += 1
            state.filter_policy_count += 1
        subscription.filter_policy = compiled
    if stored is None:
        subscription.attributes.pop(name, None)
    else:
        subscription.attributes[name] = stored
    if name == "RawMessageDelivery":
        subscription.raw = stored == "true"
    if name == "ReplayPolicy":
        if stored is None:
            subscription.attributes.pop("ReplayStatus", None)
            subscription.replay_until = None
        elif not subscription.pending:
            replay(context, topic, subscription)
    return {}


def _check_or_raise(
    name: str, value: str, subscription: Subscription, topic: Topic, scope: str
) -> tuple[str | None, Any]:
    try:
        return _check_attribute(
            name,
            value,
            protocol=subscription.protocol,
            endpoint=subscription.endpoint,
            topic=topic,
            scope=scope,
            in_subscribe=False,
        )
    except _Invalid as error:
        raise invalid_parameter(error.detail) from None


def list_subscriptions(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    # The caller's subscriptions live with their topics, possibly in other accounts' states.
    for (_, region), state in list(context.backend.regions.items()):
        if region == context.region and state.pending:
            state.expire_pending(context.now)
    items, token = page(context.state.owned, params.get("NextToken"), "subscriptions")
    result: dict[str, Any] = {"Subscriptions": [_summary(item) for item in items]}
    if token is not None:
        result["NextToken"] = token
    return result


def list_subscriptions_by_topic(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    topic = resolve_topic(context, params.get("TopicArn"), action="ListSubscriptionsByTopic")
    context.region_of(topic.account, topic.region).expire_pending(context.now)
    items, token = page(topic.subscriptions, params.get("NextToken"), "topic-subscriptions")
    result: dict[str, Any] = {"Subscriptions": [_summary(item) for item in items]}
    if token is not None:
        result["NextToken"] = token
    return result
