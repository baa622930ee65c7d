"""Dead-letter queues: a message SNS could not deliver goes to the subscription's
RedrivePolicy queue, as an SQS delivery (forwarded like any other with ``forward_sqs``)."""

from __future__ import annotations

import contextvars
import json

from ..context import Context
from ..records import Delivery
from ..state import Subscription, Topic
from .sqs import forward, raw_sqs_message_attributes

__all__ = ["redrive"]


def redrive(context: Context, topic: Topic, subscription: Subscription, failed: Delivery) -> None:
    """Capture (and forward) a failed notification to the subscription's dead-letter queue, if it has one."""
    if failed.message_type != "Notification":
        return
    policy = subscription.attributes.get("RedrivePolicy")
    if not policy:
        return
    queue_arn = json.loads(policy).get("deadLetterTargetArn")
    if not isinstance(queue_arn, str):
        return
    # A raw subscription's queue gets the raw message; the others get the standard envelope
    # (a Lambda subscription's too, not the Lambda event).
    raw = subscription.raw and subscription.protocol in ("sqs", "http", "https", "firehose")
    envelope = failed.extra.get("envelope")
    body = failed.body if raw or envelope is None else envelope()
    attributes = failed.message_attributes
    if raw and not attributes and subscription.protocol != "sqs":
        sns_attributes = failed.extra.get("sns_attributes")
        attributes = raw_sqs_message_attributes(sns_attributes) if sns_attributes else {}
    record = Delivery(
        protocol="sqs",
        endpoint=queue_arn,
        subscription_arn=subscription.arn,
        topic_arn=topic.arn,
        message_id=failed.message_id,
        message_type="Notification",
        message=failed.message,
        subject=failed.subject,
        at=context.now,
        message_attributes=attributes if raw else {},
        group_id=failed.group_id,
        dedup_id=failed.dedup_id,
        extra={"dead_letter": True, "failed_delivery": failed, "raw": raw},
        body=body,
    )
    context.captured.deliveries.append(record)
    if context.settings.forward_sqs:
        failure = contextvars.Context().run(forward, context, record)  # apart from the publisher (base.hand_over)
        if failure is not None:
            record._settle(status="failed", detail=failure)
