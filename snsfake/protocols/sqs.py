"""sqs: the queue receives the JSON envelope (or, raw, the message with its attributes as SQS
message attributes); ``forward_sqs`` sends it on through a botocore SQS client (e.g. moto's)."""

from __future__ import annotations

from typing import Any

import botocore.session

from ..context import Context
from ..records import NOTHING, Delivery
from ..state import Subscription, Topic
from .base import AwsResourceProtocol, Message, envelope_text, notification_record
from .envelope import Attributes, binary_value, is_binary

__all__ = ["SQS", "TRACE_HEADER_KEY", "forward", "raw_sqs_message_attributes"]

# SQS takes at most 10 message attributes; a raw delivery carrying more fails.
_MAX_SQS_ATTRIBUTES = 10
# ``delivery.extra`` key of the publisher's X-Amzn-Trace-Id (the queue's AWSTraceHeader system attribute).
TRACE_HEADER_KEY = "aws_trace_header"


def raw_sqs_message_attributes(attributes: Attributes) -> dict[str, dict[str, str | bytes]]:
    """SQS ``MessageAttributes`` of a raw delivery: each SNS attribute mapped 1:1.

    ``DataType`` is kept as published (SQS accepts ``String.Array`` as a custom type label);
    Binary values become ``BinaryValue`` bytes, everything else ``StringValue``.
    """
    result: dict[str, dict[str, str | bytes]] = {}
    for name, attribute in attributes.items():
        data_type = str(attribute.get("DataType", "String"))
        if is_binary(data_type):
            result[name] = {"DataType": data_type, "BinaryValue": binary_value(attribute.get("BinaryValue", b""))}
        else:
            result[name] = {"DataType": data_type, "StringValue": str(attribute.get("StringValue", ""))}
    return result


class SQS(AwsResourceProtocol):
    name = "sqs"
    raw_capable = True
    arn_service = "sqs"
    endpoint_label = "SQS"

    def notification(
        self, context: Context, topic: Topic, subscription: Subscription, message: Message
    ) -> Delivery:
        text = message.text_for("sqs")
        fifo_queue = subscription.endpoint.endswith(".fifo")
        group_id = dedup_id = None
        if topic.fifo:
            if fifo_queue:
                group_id, dedup_id = message.group_id, message.dedup_id
        elif message.group_id is not None and not fifo_queue:
            group_id = message.group_id
        # The publisher's X-Ray trace header reaches the queue as the system attribute AWSTraceHeader.
        trace: dict[str, str] = {} if message.trace_header is None else {TRACE_HEADER_KEY: message.trace_header}
        if not subscription.raw:  # the common case: the envelope, rendered when first read
            return Delivery(
                protocol="sqs",
                endpoint=subscription.endpoint,
                subscription_arn=subscription.arn,
                topic_arn=topic.arn,
                message_id=message.message_id,
                message_type="Notification",
                message=text,
                subject=message.subject,
                at=message.at,
                group_id=group_id,
                dedup_id=dedup_id,
                extra=trace or NOTHING,
                render=envelope_text(topic, subscription, message, text),
            )
        attributes = raw_sqs_message_attributes(message.attributes) if message.attributes else {}
        failure: dict[str, Any] = {}
        if len(attributes) > _MAX_SQS_ATTRIBUTES:
            failure = {"status": "failed", "detail": "raw delivery to SQS carries at most 10 message attributes"}
        return notification_record(
            topic,
            subscription,
            message,
            text,
            message_attributes=attributes,
            group_id=group_id,
            dedup_id=dedup_id,
            extra={"raw": True, **trace},
            body=text,
            **failure,
        )

    def attempt(
        self, context: Context, record: Delivery, topic: Topic | None, subscription: Subscription | None
    ) -> str | None:
        if not context.settings.forward_sqs:
            return None
        return forward(context, record)


def _client(context: Context, region: str) -> Any:
    """The SQS client ``forward_sqs`` names: its own (one per region), a given client, or a factory's."""
    option = context.settings.forward_sqs
    if option is True:
        clients = context.runtime.handlers.sqs_clients
        client = clients.get(region)
        if client is None:
            # A botocore session of snsfake's own: a patched boto3 default session does not reach it.
            session = botocore.session.get_session()
            client = clients[region] = session.create_client("sqs", region_name=region)
        return client
    if callable(option) and not hasattr(option, "send_message"):
        return option(region)
    return option


def forward(context: Context, record: Delivery) -> str | None:
    """Send one SQS delivery through a botocore SQS client; why it failed, or None."""
    parts = record.endpoint.split(":")
    if len(parts) < 6:
        return f"not a queue ARN: {record.endpoint}"
    region, account, name = parts[3], parts[4], parts[5]
    client = _client(context, region)
    try:
        url = client.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"]
        request: dict[str, Any] = {"QueueUrl": url, "MessageBody": record.body}
        if record.message_attributes:
            request["MessageAttributes"] = dict(record.message_attributes)
        if name.endswith(".fifo"):
            if record.group_id is not None:
                request["MessageGroupId"] = record.group_id
            if record.dedup_id is not None:
                request["MessageDeduplicationId"] = record.dedup_id
        elif record.group_id is not None:
            request["MessageGroupId"] = record.group_id
        trace_header = record.extra.get(TRACE_HEADER_KEY)
        if trace_header is not None:
            request["MessageSystemAttributes"] = {
                "AWSTraceHeader": {"DataType": "String", "StringValue": trace_header}
            }
        client.send_message(**request)
    except Exception as error:  # the SQS side failed: SNS records it and moves on
        return f"SQS refused the message: {error}"
    return None
