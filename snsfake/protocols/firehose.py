"""firehose: the delivery stream gets a compact JSON record without signature fields (or,
raw, the message alone).

Source: AWS doc "Archived message format for Amazon S3 destinations" and the notification
format for delivery to HTTP destinations.
"""

from __future__ import annotations

import json
from typing import Any

from ..context import Context
from ..records import Delivery
from ..state import Subscription, Topic
from .base import AwsResourceProtocol, Message, dns_suffix, notification_record
from .envelope import Attributes, message_attributes_envelope, unsubscribe_url

__all__ = ["Firehose", "firehose_record"]


def firehose_record(
    *,
    message_id: str,
    topic_arn: str,
    subject: str | None,
    message: str,
    timestamp: str,
    subscription_arn: str,
    region: str,
    dns_suffix: str,
    attributes: Attributes | None = None,
    raw: bool = False,
) -> str:
    """The data of the record SNS puts into a Firehose stream.

    Raw delivery: the message only (attributes are not sent). Otherwise compact JSON without
    signature fields: Type, MessageId, TopicArn, Subject?, Message, Timestamp, UnsubscribeURL,
    MessageAttributes?. No trailing newline (AWS's HTTP-destination example record has none).
    """
    if raw:
        return message
    record: dict[str, Any] = {"Type": "Notification", "MessageId": message_id, "TopicArn": topic_arn}
    if subject is not None:
        record["Subject"] = subject
    record["Message"] = message
    record["Timestamp"] = timestamp
    record["UnsubscribeURL"] = unsubscribe_url(region, dns_suffix, subscription_arn)
    if attributes:
        record["MessageAttributes"] = message_attributes_envelope(attributes)
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


class Firehose(AwsResourceProtocol):
    name = "firehose"
    raw_capable = True
    arn_service = "firehose"
    endpoint_label = "Firehose"

    def notification(
        self, context: Context, topic: Topic, subscription: Subscription, message: Message
    ) -> Delivery:
        text = message.text_for("firehose")
        suffix = dns_suffix(topic)

        def render() -> str:
            return firehose_record(
                message_id=message.message_id,
                topic_arn=topic.arn,
                subject=message.subject,
                message=text,
                timestamp=message.timestamp,
                subscription_arn=subscription.arn,
                region=topic.region,
                dns_suffix=suffix,
                attributes=message.attributes,
                raw=subscription.raw,
            )

        extra: dict[str, Any] = {"raw": subscription.raw, "sns_attributes": message.attributes}
        return notification_record(topic, subscription, message, text, extra=extra, render=render)
