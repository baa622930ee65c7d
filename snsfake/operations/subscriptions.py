"""Subscriptions: subscribe, confirm, unsubscribe, attributes and listings."""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Mapping
from typing import Any

from .. import arns, delivery, delivery_policy
from ..context import Context
from ..errors import (
    AuthorizationError,
    FilterPolicyLimitExceeded,
    InvalidParameter,
    NotFound,
    SubscriptionLimitExceeded,
    invalid_parameter,
)
from ..state import Region, Subscription, Topic
from ..validation import (
    arn_parts,
    bool_string,
    find_subscription,
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
    "PROTOCOLS",
]

PROTOCOLS = frozenset({"http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose"})
_NEEDS_CONFIRMATION = frozenset({"http", "https", "email", "email-json"})
_RAW_CAPABLE = frozenset({"sqs", "http", "https", "firehose"})
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
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+\Z")
PENDING_LIFETIME = _dt.timedelta(hours=48)


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
        if protocol not in _RAW_CAPABLE:
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
        from ..filter_policy import FilterPolicyError, compile_filter_policy

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
    from ..filter_policy import FilterPolicyError, compile_filter_policy

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
        if key in policy and _parse_time(policy[key]) is None:
            raise _Invalid(f"ReplayPolicy: {key} is not a valid timestamp")
    if "StartingPoint" not in policy:
        raise _Invalid("ReplayPolicy: StartingPoint is required")
    return value


def _parse_time(value: Any) -> _dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=_dt.timezone.utc)


# --------------------------------------------------------------------------- endpoint rules
def _check_endpoint(context: Context, protocol: str, endpoint: str) -> None:
    if protocol in ("http", "https"):
        if not endpoint.lower().startswith(f"{protocol}://"):
            raise invalid_parameter("Endpoint must match the specified protocol")
    elif protocol in ("email", "email-json"):
        if not _EMAIL_RE.match(endpoint):
            raise invalid_parameter("Email address")
    elif protocol == "sms":
        from .sms import check_sms_endpoint

        check_sms_endpoint(endpoint)
    elif protocol == "sqs":
        if not _is_arn(endpoint, "sqs"):
            raise invalid_parameter("SQS endpoint ARN")
    elif protocol == "lambda":
        if not _is_arn(endpoint, "lambda"):
            raise invalid_parameter("Lambda endpoint ARN")
    elif protocol == "firehose":
        if not _is_arn(endpoint, "firehose"):
            raise invalid_parameter("Firehose endpoint ARN")
    elif protocol == "application":
        from .platform import check_application_endpoint

        check_application_endpoint(context, endpoint)


def _is_arn(value: str, service: str) -> bool:
    parts = value.split(":")
    return len(parts) >= 6 and parts[0] == "arn" and parts[2] == service and all(parts[1:6:2])


def _endpoint_account(protocol: str, endpoint: str) -> str | None:
    if protocol in ("sqs", "lambda", "firehose"):
        parts = endpoint.split(":")
        return parts[4] if len(parts) > 4 else None
    return None


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
    parts = subscription.topic_arn.split(":")
    state = context.fake.backend.find_region(parts[4], parts[3])
    return state.topics.get(subscription.topic_arn) if state else None


# --------------------------------------------------------------------------- bookkeeping
def expire_pending(state: Region, now: _dt.datetime) -> None:
    """Delete pending subscriptions older than 48 h, as SNS does (oldest first, O(expired))."""
    pending = state.pending
    while pending:
        arn, created = next(iter(pending.items()))
        if now - created < PENDING_LIFETIME:
            return
        del pending[arn]
        subscription = state.subscriptions.get(arn)
        if subscription is not None:
            _remove(state, subscription, deleted=False)
            if subscription.token is not None:
                state.tokens.pop(subscription.token, None)


def _expire_for(context: Context, arn: Any) -> None:
    """Expire pending subscriptions in the region a subscription ARN names, before looking it up."""
    parts = arn.split(":", 6) if isinstance(arn, str) else []
    if len(parts) == 7:
        state = context.fake.backend.find_region(parts[4], parts[3])
        if state is not None:
            expire_pending(state, context.now)


def _remove(state: Region, subscription: Subscription, *, deleted: bool = True) -> Topic | None:
    state.subscriptions.remove(subscription.arn)
    if subscription.listed_in is not None:
        subscription.listed_in.remove(subscription.arn)
    state.pending.pop(subscription.arn, None)
    topic = state.topics.get(subscription.topic_arn)
    if subscription.filter_policy is not None:
        state.filter_policy_count -= 1
    if topic is not None:
        topic.subscriptions.remove(subscription.arn)
        topic.by_endpoint.pop((subscription.protocol, subscription.endpoint), None)
        if subscription.pending:
            topic.pending_count -= 1
        else:
            topic.confirmed_count -= 1
        if deleted:
            topic.deleted_count += 1
        if subscription.filter_policy is not None:
            topic.filter_policy_count -= 1
    return topic


def _confirm(topic: Topic | None, subscription: Subscription, state: Region) -> None:
    if subscription.pending:
        subscription.pending = False
        state.pending.pop(subscription.arn, None)
        if topic is not None:
            topic.pending_count -= 1
            topic.confirmed_count += 1


def _check_filter_quota(context: Context, topic: Topic, state: Region) -> None:
    limits = context.fake.limits
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
    state = context.fake.backend.region(topic.account, topic.region)
    expire_pending(state, context.now)
    protocol = params.get("Protocol", "")
    endpoint = params.get("Endpoint")
    # botocore omits an empty map: AWS sees no Attributes at all.
    attributes: Mapping[str, str] = params.get("Attributes") or {}
    if endpoint is None or endpoint == "":
        raise invalid_parameter("Endpoint Reason: no value for required parameter")
    if protocol not in PROTOCOLS:
        raise invalid_parameter(f"Amazon SNS does not support this protocol string: {protocol}")
    _check_endpoint(context, protocol, endpoint)
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
    if len(topic.subscriptions) >= context.fake.limits[limit]:
        raise SubscriptionLimitExceeded("Subscription limit exceeded")
    if int(topic.attributes.get("MaximumMessageSize", LARGE_MESSAGE_THRESHOLD)) > LARGE_MESSAGE_THRESHOLD:
        _check_large_message_subscription(topic, protocol)
    has_filter = checked.get("FilterPolicy") is not None
    if has_filter:
        _check_filter_quota(context, topic, state)

    endpoint_account = _endpoint_account(protocol, endpoint)
    cross_account = endpoint_account is not None and endpoint_account != context.account
    pending = (protocol in _NEEDS_CONFIRMATION or cross_account) and not context.fake.auto_confirm
    subscription = Subscription(
        arn=arns.subscription_arn(topic.arn),
        topic_arn=topic.arn,
        protocol=protocol,
        endpoint=endpoint,
        owner=context.account,
        principal=context.principal,
        created=context.now,
        pending=pending,
        authenticated=not pending,
    )
    for name, stored in checked.items():
        if stored is not None:
            subscription.attributes[name] = stored
    subscription.raw = subscription.attributes.get("RawMessageDelivery") == "true"
    if has_filter:
        subscription.filter_policy = compiled["FilterPolicy"]
        topic.filter_policy_count += 1
        state.filter_policy_count += 1
    state.subscriptions.add(subscription.arn, subscription)
    # Subscribe runs in the topic's region: the caller's own state there lists the subscription.
    context.state.owned.add(subscription.arn, subscription)
    subscription.listed_in = context.state.owned
    topic.subscriptions.add(subscription.arn, subscription)
    topic.by_endpoint[(protocol, endpoint)] = subscription.arn
    if pending:
        topic.pending_count += 1
        state.pending[subscription.arn] = context.now
        token = arns.new_token()
        subscription.token = token
        state.tokens[token] = (subscription.arn, context.now)
        delivery.send_confirmation(context, topic, subscription, token, "SubscriptionConfirmation")
    else:
        topic.confirmed_count += 1
        if "ReplayPolicy" in subscription.attributes:
            delivery.start_replay(context, topic, subscription)
    arn = subscription.arn if (return_arn or not pending) else "pending confirmation"
    return {"SubscriptionArn": arn}


# Topics whose MaximumMessageSize is above 256 KiB (AWS doc "Publishing large messages").
LARGE_MESSAGE_THRESHOLD = 262_144
LARGE_MESSAGE_PROTOCOLS = frozenset({"sqs", "lambda", "firehose"})
LARGE_MESSAGE_SUBSCRIPTIONS = 100


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
    state = context.fake.backend.region(parts[4], parts[3])
    expire_pending(state, context.now)
    entry = state.tokens.get(token.lower())
    if entry is None:
        raise invalid_parameter("Token")
    arn, issued = entry
    subscription = state.subscriptions.get(arn)
    removed = state.unsubscribed.get(arn)
    if subscription is None and removed is not None and _restore(context, state, removed, issued):
        return {"SubscriptionArn": removed.arn}
    # The token alone names the subscription: a TopicArn of a missing topic still confirms it.
    if subscription is None or (subscription.topic_arn != topic_arn and topic_arn in state.topics):
        raise invalid_parameter("Token")
    if subscription.pending and context.now - issued > context.fake.token_lifetime:
        raise invalid_parameter("Token")
    if subscription.pending:
        _confirm(state.topics.get(subscription.topic_arn), subscription, state)
        subscription.authenticated = str(params.get("AuthenticateOnUnsubscribe", "")).lower() == "true"
        topic = state.topics.get(subscription.topic_arn)
        if topic is not None and "ReplayPolicy" in subscription.attributes:
            delivery.start_replay(context, topic, subscription)
    return {"SubscriptionArn": subscription.arn}


def confirm_by_arn(context: Context, subscription_arn: str) -> Subscription:
    """Confirm a pending subscription as its endpoint would (the fake's ``confirm()`` helper)."""
    subscription = find_subscription(context, subscription_arn)
    if subscription is None:
        raise LookupError(f"snsfake: no subscription {subscription_arn!r}")
    parts = subscription.arn.split(":")
    state = context.fake.backend.region(parts[4], parts[3])
    topic = state.topics.get(subscription.topic_arn)
    was_pending = subscription.pending
    _confirm(topic, subscription, state)
    if was_pending and topic is not None and "ReplayPolicy" in subscription.attributes:
        delivery.start_replay(context, topic, subscription)
    return subscription


def unsubscribe(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    arn = params.get("SubscriptionArn")
    if not isinstance(arn, str):
        raise invalid_parameter("SubscriptionArn Reason: no value for required parameter")
    parts = arn_parts(arn, "SubscriptionArn")  # "" fails here, as TopicArn="" does in Publish
    if len(parts) == 6:
        raise invalid_parameter("SubscriptionId")
    _expire_for(context, arn)
    subscription = find_subscription(context, arn)
    if subscription is None:
        return {}
    state = context.fake.backend.region(parts[4], parts[3])
    topic = _remove(state, subscription)
    if subscription.token is not None:
        state.tokens.pop(subscription.token, None)
    if topic is not None and subscription.protocol in ("http", "https"):
        # Its SubscribeURL (the new token) lets the endpoint's owner restore the subscription.
        token = arns.new_token()
        state.tokens[token] = (subscription.arn, context.now)
        state.unsubscribed[subscription.arn] = subscription
        delivery.send_confirmation(context, topic, subscription, token, "UnsubscribeConfirmation")
    return {}


def _restore(context: Context, state: Region, subscription: Subscription, issued: _dt.datetime) -> bool:
    """Bring back an unsubscribed subscription through its UnsubscribeConfirmation token."""
    topic = state.topics.get(subscription.topic_arn)
    if topic is None or context.now - issued > context.fake.token_lifetime:
        return False
    if (subscription.protocol, subscription.endpoint) in topic.by_endpoint:
        return False
    del state.unsubscribed[subscription.arn]
    subscription.pending = False
    state.subscriptions.add(subscription.arn, subscription)
    if subscription.listed_in is not None:
        subscription.listed_in.add(subscription.arn, subscription)
    topic.subscriptions.add(subscription.arn, subscription)
    topic.by_endpoint[(subscription.protocol, subscription.endpoint)] = subscription.arn
    topic.confirmed_count += 1
    if subscription.filter_policy is not None:
        topic.filter_policy_count += 1
        state.filter_policy_count += 1
    return True


def get_subscription_attributes(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    _expire_for(context, params.get("SubscriptionArn"))
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
    _expire_for(context, params.get("SubscriptionArn"))
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
    state = context.fake.backend.region(parts[4], parts[3])
    stored_scope = subscription.attributes.get("FilterPolicyScope", "MessageAttributes")
    compiled: Any = None
    if name == "FilterPolicyScope":
        stored, _ = _check_or_raise(name, value, subscription, topic, stored_scope)
        policy = subscription.attributes.get("FilterPolicy")
        if policy is not None and stored is not None:
            from ..filter_policy import FilterPolicyError, compile_filter_policy

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
            delivery.start_replay(context, topic, subscription)
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
    for (_, region), state in list(context.fake.backend.regions.items()):
        if region == context.region and state.pending:
            expire_pending(state, context.now)
    items, token = page(context.state.owned, params.get("NextToken"), "subscriptions")
    result: dict[str, Any] = {"Subscriptions": [_summary(item) for item in items]}
    if token is not None:
        result["NextToken"] = token
    return result


def list_subscriptions_by_topic(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    topic = resolve_topic(context, params.get("TopicArn"), action="ListSubscriptionsByTopic")
    expire_pending(context.fake.backend.region(topic.account, topic.region), context.now)
    items, token = page(topic.subscriptions, params.get("NextToken"), "topic-subscriptions")
    result: dict[str, Any] = {"Subscriptions": [_summary(item) for item in items]}
    if token is not None:
        result["NextToken"] = token
    return result
