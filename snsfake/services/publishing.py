"""Publishing: accepting a message that passed the request's checks.

A topic message goes through the topic's Inbound data protection, FIFO deduplication and
sequencing, becomes a :class:`~snsfake.records.Published` record, and fans out. A message to
a phone number or a platform endpoint goes straight to that one endpoint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .. import arns, clock
from ..context import Context
from ..data_protection import Outcome, inbound_denied, record_findings
from ..errors import invalid_parameter
from ..phones import SMS_MAX_BYTES
from ..protocols import Message
from ..protocols.application import push_delivery
from ..protocols.base import text_for
from ..protocols.sms import sms_delivery
from ..records import NOTHING, Published
from ..state import PlatformEndpoint, Topic
from .fanout import fan_out, skip

__all__ = [
    "DEDUP_WINDOW_SECONDS",
    "Submission",
    "accept",
    "protect_inbound",
    "publish_event",
    "publish_to_endpoint",
    "publish_to_phone",
    "record_and_fan_out",
]

# FIFO topics drop a repeat of a deduplication id for 5 minutes (AWS doc "Message deduplication").
DEDUP_WINDOW_SECONDS = 300.0


class Submission:
    """One message of a Publish call or PublishBatch entry, as the request's checks leave it."""

    __slots__ = ("message", "subject", "attributes", "structure", "group_id", "dedup_id", "size", "protected")

    def __init__(self, entry: Mapping[str, Any]) -> None:
        self.message: str = entry.get("Message", "")
        self.subject: str | None = entry.get("Subject")
        attributes = entry.get("MessageAttributes")
        # Copied: records and lazily rendered bodies must not follow later changes to the caller's dicts.
        self.attributes: Mapping[str, Any] | None = (
            {name: dict(value) for name, value in attributes.items()} if attributes else None
        )
        self.structure: dict[str, Any] | None = None
        self.group_id: str | None = entry.get("MessageGroupId")
        self.dedup_id: str | None = entry.get("MessageDeduplicationId")
        self.size = 0
        # What the topic's Inbound data protection statements made of the message (None: untouched).
        self.protected: Outcome | None = None


def protect_inbound(context: Context, topic: Topic, submission: Submission) -> None:
    """Apply the topic's Inbound DataProtectionPolicy statements; AuthorizationError when they deny."""
    protection = topic.protection
    outcome = protection.apply(
        "Inbound",
        protection.scan(submission.message),
        submission.structure,
        account=context.account,
        principal=context.principal,
    )
    if outcome is None:
        return
    if outcome.denied:
        record_findings(
            context.captured,
            outcome.findings,
            message_id=None,
            topic_arn=topic.arn,
            direction="Inbound",
            principal=context.principal,
            at=context.now,
        )
        raise inbound_denied()
    submission.protected = outcome


def accept(context: Context, topic: Topic, submission: Submission) -> tuple[str, str | None]:
    """Deduplicate (FIFO), record and fan out one message; its MessageId and SequenceNumber."""
    now = context.now
    sequence_number = None
    dedup_id = submission.dedup_id
    key: tuple[str, str] | None = None
    if topic.fifo:
        if dedup_id is None:
            dedup_id = hashlib.sha256(submission.message.encode("utf-8")).hexdigest()
        per_group = topic.attributes.get("FifoThroughputScope") == "MessageGroup"
        scope = (submission.group_id or "") if per_group else ""
        key = (scope, dedup_id)
        moment = now.timestamp()
        dedup = topic.dedup
        while dedup:
            oldest_key, oldest = next(iter(dedup.items()))
            if oldest[0] > moment:
                break
            del dedup[oldest_key]
        seen = dedup.get(key)
        if seen is not None:
            _skip_duplicate(context, topic, seen[1], dedup_id)
            return seen[1], seen[2]
        topic.sequence += 1
        sequence_number = f"{10**19 + topic.sequence * 4_096:020d}"
    message_id = arns.new_id()
    if key is not None:
        topic.dedup[key] = (now.timestamp() + DEDUP_WINDOW_SECONDS, message_id, sequence_number or "")
    text: str = submission.message
    structure: Mapping[str, Any] | None = submission.structure
    protected = submission.protected
    if protected is not None:
        # Inbound Deidentify: the topic carries, and every subscriber gets, the masked text.
        text, structure = protected.message, protected.structure
        record_findings(
            context.captured,
            protected.findings,
            message_id=message_id,
            topic_arn=topic.arn,
            direction="Inbound",
            principal=context.principal,
            at=now,
        )
    record_and_fan_out(
        context,
        topic,
        message_id,
        text,
        submission.subject,
        submission.attributes,
        structure,
        submission.group_id,
        dedup_id,
        sequence_number,
    )
    return message_id, sequence_number


def record_and_fan_out(
    context: Context,
    topic: Topic,
    message_id: str,
    text: str,
    subject: str | None,
    attributes: Mapping[str, Any] | None,
    structure: Mapping[str, Any] | None,
    group_id: str | None = None,
    dedup_id: str | None = None,
    sequence_number: str | None = None,
) -> None:
    """Record an accepted message and hand it to the topic's subscriptions (and archive)."""
    now = context.now
    context.captured.published.append(
        Published(
            message_id,
            text,
            context.account,
            context.region,
            now,
            topic.arn,
            None,
            None,
            subject,
            attributes or NOTHING,
            "json" if structure is not None else None,
            group_id,
            dedup_id,
            sequence_number,
        )
    )
    if not topic.subscriptions and topic.archive_start is None:
        return  # nobody listens, nothing is archived
    message = Message(
        message_id,
        text,
        subject,
        attributes,
        structure,
        now,
        clock.iso_ms(now),
        group_id,
        dedup_id,
        sequence_number,
        context.trace_header,
    )
    fan_out(context, topic, message)


def publish_event(context: Context, topic_arn: str, text: str) -> None:
    """A message SNS itself publishes to a standard topic (platform application events)."""
    topic = context.backend.find_topic(topic_arn)
    if topic is None or topic.fifo:
        return
    submission = Submission({"Message": text})
    submission.size = len(text.encode("utf-8"))
    # SNS's own message: the trace header of the call that caused it is not passed on.
    accept(replace(context, trace_header=None), topic, submission)


def _skip_duplicate(context: Context, topic: Topic, message_id: str, dedup_id: str) -> None:
    """A duplicate reaches no subscriber: say so for each, under the original MessageId."""
    detail = f"MessageDeduplicationId {dedup_id!r} was accepted less than 5 minutes ago as message {message_id}"
    for subscription in list(topic.subscriptions.items.values()):
        skip(context, topic, subscription, message_id, "Deduplicated", detail)


def _published(context: Context, message_id: str, submission: Submission, **target: str) -> Published:
    return Published(
        message_id=message_id,
        message=submission.message,
        account=context.account,
        region=context.region,
        at=context.now,
        subject=submission.subject,
        attributes=submission.attributes or NOTHING,
        structure="json" if submission.structure is not None else None,
        **target,
    )


def publish_to_phone(context: Context, phone_number: str, submission: Submission) -> str:
    """Publish(PhoneNumber=...): one SMS, no topic; its MessageId.

    An SMS publish carries at most 1,600 bytes (AWS doc); longer is refused with the error of
    any message over its size limit (AWS's answer for this case is not documented).
    """
    text = text_for("sms", submission.message, submission.structure)
    if len(text.encode("utf-8")) > SMS_MAX_BYTES:
        raise invalid_parameter("Message too long")
    message_id = arns.new_message_id()
    context.captured.published.append(_published(context, message_id, submission, phone_number=phone_number))
    record = sms_delivery(
        context, phone_number=phone_number, text=text, message_id=message_id, attributes=submission.attributes
    )
    if record is not None:
        context.captured.deliveries.append(record)
    return message_id


def publish_to_endpoint(context: Context, endpoint: PlatformEndpoint, submission: Submission) -> str:
    """Publish(TargetArn=endpoint ARN): one push, no topic; its MessageId."""
    message_id = arns.new_message_id()
    context.captured.published.append(_published(context, message_id, submission, target_arn=endpoint.arn))
    record = push_delivery(
        context,
        endpoint_arn=endpoint.arn,
        message=submission.message,
        message_json=submission.structure,
        attributes=submission.attributes,
        message_id=message_id,
    )
    if record is not None:
        context.captured.deliveries.append(record)
    return message_id
