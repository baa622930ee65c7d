"""Subscription lifecycle: a new subscription, its confirmation (token, expiry, replay of a
FIFO topic's archive), unsubscribing and the UnsubscribeConfirmation that can restore it."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping

from .. import arns, clock
from ..context import Context
from ..filter_policy import FilterPolicy
from ..protocols import PROTOCOLS, Confirmation
from ..protocols.base import hand_over
from ..protocols.envelope import confirmation_text, subscribe_url
from ..state import Region, Subscription, Topic
from .fanout import replay

__all__ = [
    "add",
    "confirm",
    "confirm_by_arn",
    "expire_for",
    "forget_topic",
    "restore",
    "send_confirmation",
    "unsubscribe",
]


def add(
    context: Context,
    topic: Topic,
    protocol: str,
    endpoint: str,
    attributes: Mapping[str, str],
    filter_policy: FilterPolicy | None,
    *,
    pending: bool,
) -> Subscription:
    """Create a checked subscription: pending ones get a token and a SubscriptionConfirmation,
    confirmed ones with a ReplayPolicy get the topic's archive replayed."""
    state = context.region_of(topic.account, topic.region)
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
    subscription.attributes.update(attributes)
    subscription.raw = subscription.attributes.get("RawMessageDelivery") == "true"
    if filter_policy is not None:
        subscription.filter_policy = filter_policy
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
        send_confirmation(context, topic, subscription, token, "SubscriptionConfirmation")
    else:
        topic.confirmed_count += 1
        if "ReplayPolicy" in subscription.attributes:
            replay(context, topic, subscription)
    return subscription


def send_confirmation(context: Context, topic: Topic, subscription: Subscription, token: str, kind: str) -> None:
    """Send a SubscriptionConfirmation / UnsubscribeConfirmation to the subscription's endpoint."""
    suffix = context.region_of(topic.account, topic.region).dns_suffix
    sent = Confirmation(
        kind=kind,
        message_id=arns.new_message_id(),
        token=token,
        timestamp=clock.iso_ms(context.now),
        text=confirmation_text(kind, topic.arn, subscription.arn),
        subscribe_url=subscribe_url(topic.region, suffix, topic.arn, token),
    )
    protocol = PROTOCOLS[subscription.protocol]
    record = protocol.confirmation(context, topic, subscription, sent)
    context.captured.deliveries.append(record)
    failure = hand_over(protocol, context, record, topic, subscription)
    if failure is not None:
        record._settle(status="failed", detail=failure)


def confirm(context: Context, state: Region, subscription: Subscription, *, authenticated: bool | None = None) -> None:
    """Confirm a pending subscription (ConfirmSubscription, or the endpoint visiting its SubscribeURL)."""
    if not subscription.pending:
        return
    state.mark_confirmed(subscription)
    if authenticated is not None:
        subscription.authenticated = authenticated
    topic = state.topics.get(subscription.topic_arn)
    if topic is not None and "ReplayPolicy" in subscription.attributes:
        replay(context, topic, subscription)


def confirm_by_arn(context: Context, subscription_arn: str) -> Subscription:
    """Confirm a pending subscription as its endpoint would (the fake's ``confirm()`` helper)."""
    subscription = context.backend.find_subscription(subscription_arn)
    if subscription is None:
        raise LookupError(f"snsfake: no subscription {subscription_arn!r}")
    parts = subscription.arn.split(":")
    confirm(context, context.region_of(parts[4], parts[3]), subscription)
    return subscription


def expire_for(context: Context, arn: object) -> None:
    """Expire pending subscriptions in the region a subscription ARN names, before looking it up."""
    parts = arn.split(":", 6) if isinstance(arn, str) else []
    if len(parts) == 7:
        state = context.backend.find_region(parts[4], parts[3])
        if state is not None:
            state.expire_pending(context.now)


def unsubscribe(context: Context, state: Region, subscription: Subscription) -> None:
    """Delete a subscription; an http/https endpoint gets an UnsubscribeConfirmation that can restore it."""
    topic = state.remove_subscription(subscription)
    if subscription.token is not None:
        state.tokens.pop(subscription.token, None)
    if topic is not None and subscription.protocol in ("http", "https"):
        # Its SubscribeURL (the new token) lets the endpoint's owner restore the subscription.
        token = arns.new_token()
        state.tokens[token] = (subscription.arn, context.now)
        state.unsubscribed[subscription.arn] = subscription
        send_confirmation(context, topic, subscription, token, "UnsubscribeConfirmation")


def restore(context: Context, state: Region, subscription: Subscription, issued: _dt.datetime) -> bool:
    """Bring back an unsubscribed subscription through its UnsubscribeConfirmation token."""
    topic = state.topics.get(subscription.topic_arn)
    if topic is None or context.now - issued > context.settings.token_lifetime:
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


def forget_topic(state: Region, topic: Topic) -> None:
    """Drop a deleted topic's subscriptions, and the tokens that could bring them back."""
    for subscription in list(topic.subscriptions.items.values()):
        state.subscriptions.remove(subscription.arn)
        if subscription.listed_in is not None:
            subscription.listed_in.remove(subscription.arn)
        if subscription.token is not None:
            state.tokens.pop(subscription.token, None)
        if subscription.filter_policy is not None:
            state.filter_policy_count -= 1
    # Their UnsubscribeConfirmation tokens must not bring them back onto a new topic of that name.
    for removed in [item for item in state.unsubscribed.values() if item.topic_arn == topic.arn]:
        del state.unsubscribed[removed.arn]
