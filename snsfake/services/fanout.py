"""Fan-out: which subscriptions of a topic get a message, and why the others did not.

Each confirmed subscription whose filter policy matches gets the message through its
protocol (:data:`snsfake.protocols.PROTOCOLS`): the delivery is captured, handed to the
test's in-process endpoint, and redriven to a dead-letter queue when it fails. FIFO topics
with an ArchivePolicy keep what they delivered, for ReplayPolicy replays.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json

from ..clock import parse_timestamp
from ..context import Context
from ..data_protection import Scan, record_findings
from ..protocols import PROTOCOLS, Message
from ..protocols.base import hand_over
from ..protocols.dead_letter import redrive
from ..records import Skipped
from ..state import Subscription, Topic

__all__ = ["fan_out", "deliver", "skip", "replay"]


def skip(context: Context, topic: Topic, subscription: Subscription, message_id: str, reason: str, detail: str) -> None:
    """Record that ``subscription`` got nothing for a message, and why."""
    context.captured.skipped.append(
        Skipped(
            message_id,
            reason,
            detail,
            subscription.protocol,
            subscription.endpoint,
            context.now,
            subscription.arn,
            topic.arn,
        )
    )


def fan_out(context: Context, topic: Topic, message: Message) -> None:
    """Deliver ``message`` to every confirmed subscription of ``topic`` whose filter matches."""
    if topic.pending_count:
        context.region_of(topic.account, topic.region).expire_pending(message.at)
    protection = topic.protection
    scan = protection.scan(message.message) if protection is not None and protection.outbound else None
    message_id = message.message_id
    for subscription in list(topic.subscriptions.items.values()):
        if subscription.pending:
            skip(context, topic, subscription, message_id, "PendingConfirmation", "the subscription is not confirmed")
            continue
        replay_until = subscription.replay_until
        if replay_until is not None and message.at > replay_until:
            detail = "its ReplayPolicy has an EndingPoint: after the replay it receives no new messages"
            skip(context, topic, subscription, message_id, "ReplayPolicy", detail)
            continue
        policy = subscription.filter_policy
        if policy is not None:
            reason = policy.match(message.attributes, message.message)
            if reason is not None:
                skip(context, topic, subscription, message_id, "FilterPolicy", reason)
                continue
        if scan is not None:
            outgoing = _protect_outbound(context, topic, subscription, message, scan)
            if outgoing is not None:
                deliver(context, topic, subscription, outgoing)
            continue
        deliver(context, topic, subscription, message)
    if topic.fifo and "ArchivePolicy" in topic.attributes:
        _archive(context, topic, message)


def _protect_outbound(
    context: Context, topic: Topic, subscription: Subscription, message: Message, scan: Scan
) -> Message | None:
    """The topic's Outbound DataProtectionPolicy statements for this subscriber: the message to send, or None (Deny)."""
    outcome = topic.protection.apply(
        "Outbound", scan, message.structure, account=subscription.owner, principal=subscription.principal
    )
    if outcome is None:
        return message
    record_findings(
        context.captured,
        outcome.findings,
        message_id=message.message_id,
        topic_arn=topic.arn,
        direction="Outbound",
        principal=subscription.principal,
        at=message.at,
        subscription_arn=subscription.arn,
    )
    if outcome.denied:
        # AWS doc's delivery status log text for an outbound Deny (providerResponse, status 403)
        detail = f"The topic's data protection policy prohibits this message from being delivered to {subscription.arn}"
        skip(context, topic, subscription, message.message_id, "DataProtectionPolicy", detail)
        return None
    return dataclasses.replace(message, message=outcome.message, structure=outcome.structure)


def deliver(
    context: Context, topic: Topic, subscription: Subscription, message: Message, *, replayed: bool = False
) -> None:
    """Capture what one subscription's endpoint receives, hand it over, redrive it if it fails."""
    protocol = PROTOCOLS[subscription.protocol]
    record = protocol.notification(context, topic, subscription, message)
    if record is None:  # the protocol recorded why the endpoint gets nothing
        return
    if replayed:
        record._settle(extra={"replayed": True})
    context.captured.deliveries.append(record)
    failure = record.detail if record.status == "failed" else None
    if failure is None:
        failure = hand_over(protocol, context, record, topic, subscription)
        if failure is not None:
            record._settle(status="failed", detail=failure)
    if failure is not None:
        redrive(context, topic, subscription, record)


# --------------------------------------------------------------------------- archive and replay
def _archive(context: Context, topic: Topic, message: Message) -> None:
    """Keep a FIFO topic's message for its ArchivePolicy's retention period."""
    policy = json.loads(topic.attributes["ArchivePolicy"])
    days = int(policy.get("MessageRetentionPeriod", 0))
    archive = topic.archive
    archive.append(message)
    horizon = context.now - _dt.timedelta(days=days)
    drop = 0
    while drop < len(archive) and archive[drop].at < horizon:
        drop += 1
    if drop:
        del archive[:drop]


def replay(context: Context, topic: Topic, subscription: Subscription) -> None:
    """Replay the archived window of a FIFO topic to one subscription (its ReplayPolicy)."""
    policy = json.loads(subscription.attributes["ReplayPolicy"])
    start = parse_timestamp(policy.get("StartingPoint"))
    end = parse_timestamp(policy.get("EndingPoint")) if "EndingPoint" in policy else None
    subscription.attributes["ReplayStatus"] = "In progress"
    for archived in list(topic.archive):
        if start is not None and archived.at < start:
            continue
        if end is not None and archived.at > end:
            break
        filter_policy = subscription.filter_policy
        if filter_policy is not None and filter_policy.match(archived.attributes, archived.message) is not None:
            continue
        deliver(context, topic, subscription, archived, replayed=True)
    subscription.attributes["ReplayStatus"] = "Completed"
    subscription.replay_until = end
