"""Order events fan out from one SNS topic to SQS queues; a filter policy sends billing
only the paid orders.

``publish_order`` and ``collect_paid_orders`` stand for your application code. The first
test asserts on what snsfake captured; the second lets snsfake forward each SQS delivery
to moto's queues, so the consumer code reads real SQS messages.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from moto import mock_aws

from snsfake import SnsFake

BILLING_QUEUE = "arn:aws:sqs:us-east-1:123456789012:billing"
AUDIT_QUEUE = "arn:aws:sqs:us-east-1:123456789012:audit"
PAID_ORDERS = {"status": ["paid"], "total": [{"numeric": [">", 0]}]}


# ---------------------------------------------------------------- application code
def publish_order(sns: Any, topic_arn: str, order: dict[str, Any]) -> str:
    """Publish an order event; status and total are attributes so subscribers can filter."""
    response = sns.publish(
        TopicArn=topic_arn,
        Message=json.dumps(order),
        MessageAttributes={
            "event": {"DataType": "String", "StringValue": "OrderPlaced"},
            "status": {"DataType": "String", "StringValue": order["status"]},
            "total": {"DataType": "Number", "StringValue": str(order["total"])},
        },
    )
    return str(response["MessageId"])


def collect_paid_orders(sqs: Any, queue_url: str) -> list[dict[str, Any]]:
    """The billing worker: read the (raw) order events waiting in its queue."""
    messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
    return [json.loads(message["Body"]) for message in messages]


def wire_topic(sns: Any) -> str:
    """Infrastructure as the application expects it: billing filters, audit takes everything."""
    topic = str(sns.create_topic(Name="orders")["TopicArn"])
    sns.subscribe(
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=BILLING_QUEUE,
        Attributes={"FilterPolicy": json.dumps(PAID_ORDERS), "RawMessageDelivery": "true"},
    )
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=AUDIT_QUEUE)
    return topic


# ---------------------------------------------------------------- tests
def test_paid_orders_reach_billing_and_every_order_reaches_audit(sns_fake: SnsFake) -> None:
    sns = boto3.client("sns")
    topic = wire_topic(sns)

    paid = publish_order(sns, topic, {"id": 7, "status": "paid", "total": 42.5})
    publish_order(sns, topic, {"id": 8, "status": "draft", "total": 10})

    # Billing got exactly the paid order, raw: the body is the message itself.
    billing = sns_fake.deliveries.one(endpoint=BILLING_QUEUE)
    assert billing.message_id == paid
    assert json.loads(billing.body) == {"id": 7, "status": "paid", "total": 42.5}

    # Audit got both, wrapped in SNS's JSON envelope with the attributes.
    audit = sns_fake.deliveries.filter(endpoint=AUDIT_QUEUE)
    assert [d.json["MessageAttributes"]["status"]["Value"] for d in audit] == ["paid", "draft"]
    assert all(d.json["TopicArn"] == topic for d in audit)

    # The draft order was filtered out of billing, and snsfake says why.
    skipped = sns_fake.skipped.one(endpoint=BILLING_QUEUE)
    assert skipped.reason == "FilterPolicy"
    assert "draft" in skipped.detail


@pytest.mark.sns_fake(forward_sqs=True)
def test_billing_worker_reads_paid_orders_from_sqs(sns_fake: SnsFake) -> None:
    with mock_aws():  # moto answers SQS; snsfake still answers SNS and forwards to moto's queues
        sqs = boto3.client("sqs")
        billing_url = sqs.create_queue(QueueName="billing")["QueueUrl"]
        sqs.create_queue(QueueName="audit")
        sns = boto3.client("sns")
        topic = wire_topic(sns)

        for number, status in enumerate(["paid", "draft", "paid", "refunded"]):
            publish_order(sns, topic, {"id": number, "status": status, "total": 5})

        assert collect_paid_orders(sqs, billing_url) == [
            {"id": 0, "status": "paid", "total": 5},
            {"id": 2, "status": "paid", "total": 5},
        ]
    sns_fake.skipped.assert_count(2, reason="FilterPolicy")
