"""forward_sqs through boto3: deliveries to SQS subscriptions reach moto's queues (standard, raw,
FIFO), and failed ones dead-letter there."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from conftest import ACCOUNT, REGION, make_client
from moto import mock_aws

import snsfake


# --------------------------------------------------------------------------- forward_sqs under moto
@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws():
        yield


def sqs_client(region: str = REGION) -> Any:
    """A client made inside mock_aws (a fresh session, so moto answers it)."""
    return boto3.session.Session().client(
        "sqs", region_name=region, aws_access_key_id="testing", aws_secret_access_key="testing"
    )


def receive(sqs: Any, url: str, **extra: Any) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, **extra).get(
        "Messages", []
    )
    return messages


def queue_arn(sqs: Any, url: str) -> str:
    return str(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"])


@pytest.mark.usefixtures("aws")
def test_forward_sqs_standard_queue_gets_the_envelope() -> None:
    sqs = sqs_client()
    url = sqs.create_queue(QueueName="orders")["QueueUrl"]
    with snsfake.mock_sns(forward_sqs=True) as fake:
        sns = make_client()
        topic = sns.create_topic(Name="orders")["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn(sqs, url))
        sns.publish(
            TopicArn=topic,
            Message="hello",
            MessageAttributes={"k": {"DataType": "String", "StringValue": "v"}},
        )

    [message] = receive(sqs, url, MessageAttributeNames=["All"])
    delivery = fake.deliveries.one(protocol="sqs")
    assert message["Body"] == delivery.body
    assert json.loads(message["Body"])["Message"] == "hello"
    assert "MessageAttributes" not in message
    assert delivery.status == "delivered"


@pytest.mark.usefixtures("aws")
@pytest.mark.parametrize("dead_letter", [False, True], ids=["delivered", "dead-lettered"])
def test_forward_sqs_raw_delivery_sends_message_attributes(dead_letter: bool) -> None:
    """Raw delivery sends the message and its attributes, and so does a raw dead letter."""
    sqs = sqs_client()
    url = sqs.create_queue(QueueName="orders")["QueueUrl"]
    dlq_url = sqs.create_queue(QueueName="orders-dlq")["QueueUrl"]
    attributes = {"RawMessageDelivery": "true"}
    if dead_letter:
        attributes["RedrivePolicy"] = json.dumps({"deadLetterTargetArn": queue_arn(sqs, dlq_url)})
    with snsfake.mock_sns(forward_sqs=True) as fake:
        sns = make_client()
        topic = sns.create_topic(Name="orders")["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn(sqs, url), Attributes=attributes)
        if dead_letter:
            sqs.delete_queue(QueueUrl=url)
        sns.publish(
            TopicArn=topic,
            Message="raw hello",
            MessageAttributes={
                "kind": {"DataType": "String", "StringValue": "greeting"},
                "count": {"DataType": "Number", "StringValue": "3"},
                "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
            },
        )

    [message] = receive(sqs, dlq_url if dead_letter else url, MessageAttributeNames=["All"])
    assert message["Body"] == fake.deliveries.one(protocol="sqs", endpoint=queue_arn_from(url)).body == "raw hello"
    attributes = message["MessageAttributes"]
    assert attributes["kind"]["DataType"] == "String"
    assert attributes["kind"]["StringValue"] == "greeting"
    assert attributes["count"]["DataType"] == "Number"
    assert attributes["count"]["StringValue"] == "3"
    assert attributes["blob"]["DataType"] == "Binary"
    assert attributes["blob"]["BinaryValue"] == b"\x00\x01"
    assert set(attributes) == {"kind", "count", "blob"}


@pytest.mark.usefixtures("aws")
def test_forward_sqs_fifo_keeps_group_dedup_and_order() -> None:
    sqs = sqs_client()
    url = sqs.create_queue(QueueName="orders.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    with snsfake.mock_sns(forward_sqs=True) as fake:
        sns = make_client()
        topic = sns.create_topic(Name="orders.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn(sqs, url))
        for index in range(5):
            sns.publish(
                TopicArn=topic,
                Message=f"step {index}",
                MessageGroupId="order-42",
                MessageDeduplicationId=f"dedup-{index}",
            )

    messages: list[dict[str, Any]] = []
    for _ in range(5):
        batch = receive(sqs, url, AttributeNames=["All"])
        if not batch:
            break
        messages.extend(batch)
        sqs.delete_message_batch(
            QueueUrl=url,
            Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(batch)],
        )
    bodies = [m["Body"] for m in messages]
    assert bodies == [d.body for d in fake.deliveries.filter(protocol="sqs")]
    assert [json.loads(body)["Message"] for body in bodies] == [f"step {i}" for i in range(5)]
    assert [m["Attributes"]["MessageGroupId"] for m in messages] == ["order-42"] * 5
    assert [m["Attributes"]["MessageDeduplicationId"] for m in messages] == [f"dedup-{i}" for i in range(5)]


@pytest.mark.usefixtures("aws", "no_sleep")
def test_forward_sqs_deleted_queue_fails_and_dead_letters() -> None:
    sqs = sqs_client()
    url = sqs.create_queue(QueueName="orders")["QueueUrl"]
    dlq_url = sqs.create_queue(QueueName="orders-dlq")["QueueUrl"]
    with snsfake.mock_sns(forward_sqs=True) as fake:
        sns = make_client()
        topic = sns.create_topic(Name="orders")["TopicArn"]
        arn = sns.subscribe(
            TopicArn=topic,
            Protocol="sqs",
            Endpoint=queue_arn(sqs, url),
            Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": queue_arn(sqs, dlq_url)})},
        )["SubscriptionArn"]
        sqs.delete_queue(QueueUrl=url)

        answer = sns.publish(TopicArn=topic, Message="hello")

        assert answer["MessageId"]
        assert [s["SubscriptionArn"] for s in sns.list_subscriptions()["Subscriptions"]] == [arn]

    failed = fake.deliveries.one(protocol="sqs", endpoint=queue_arn_from(url))
    assert failed.status == "failed"
    assert "NonExistentQueue" in failed.detail or "does not exist" in failed.detail
    [message] = receive(sqs, dlq_url, MessageAttributeNames=["All"])
    assert message["Body"] == failed.body
    assert json.loads(message["Body"])["Message"] == "hello"
    assert "MessageAttributes" not in message
    dead = fake.deliveries.one(endpoint=queue_arn(sqs, dlq_url))
    assert dead.status == "delivered"


def queue_arn_from(url: str) -> str:
    name = url.rsplit("/", 1)[-1]
    return f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"


@pytest.mark.usefixtures("aws")
@pytest.mark.parametrize("as_factory", [False, True], ids=["client", "factory"])
def test_forward_sqs_accepts_a_client_or_a_factory(as_factory: bool) -> None:
    sqs = sqs_client()
    url = sqs.create_queue(QueueName="orders")["QueueUrl"]
    regions: list[str] = []

    def factory(region: str) -> Any:
        regions.append(region)
        return sqs

    forward: Callable[[str], Any] | Any = factory if as_factory else sqs
    with snsfake.mock_sns(forward_sqs=forward) as fake:
        sns = make_client()
        topic = sns.create_topic(Name="orders")["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn(sqs, url))
        sns.publish(TopicArn=topic, Message="hello")

    [message] = receive(sqs, url)
    assert message["Body"] == fake.deliveries.one(protocol="sqs").body
    assert regions == ([REGION] if as_factory else [])


def test_without_forward_sqs_nothing_reaches_sqs(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    queue = f"arn:aws:sqs:{REGION}:{ACCOUNT}:missing"
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue)
    sns.publish(TopicArn=topic_arn, Message="hello")
    assert sns_fake.deliveries.one(protocol="sqs").status == "delivered"


@pytest.mark.usefixtures("aws")
def test_forward_sqs_fifo_dead_letter_keeps_group_and_dedup() -> None:
    sqs = sqs_client()
    url = sqs.create_queue(QueueName="orders.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    dlq_url = sqs.create_queue(QueueName="orders-dlq.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    with snsfake.mock_sns(forward_sqs=True) as fake:
        sns = make_client()
        topic = sns.create_topic(Name="orders.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
        sns.subscribe(
            TopicArn=topic,
            Protocol="sqs",
            Endpoint=queue_arn(sqs, url),
            Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": queue_arn(sqs, dlq_url)})},
        )
        sqs.delete_queue(QueueUrl=url)
        sns.publish(TopicArn=topic, Message="hello", MessageGroupId="order-42", MessageDeduplicationId="d-1")

    [message] = receive(sqs, dlq_url, AttributeNames=["All"])
    assert message["Body"] == fake.deliveries.one(protocol="sqs", status="failed").body
    assert message["Attributes"]["MessageGroupId"] == "order-42"
    assert message["Attributes"]["MessageDeduplicationId"] == "d-1"


@pytest.mark.usefixtures("aws")
def test_forward_sqs_standard_queue_gets_the_message_group_id() -> None:
    sqs = sqs_client()
    url = sqs.create_queue(QueueName="orders")["QueueUrl"]
    with snsfake.mock_sns(forward_sqs=True):
        sns = make_client()
        topic = sns.create_topic(Name="orders")["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn(sqs, url))
        sns.publish(TopicArn=topic, Message="hello", MessageGroupId="tenant-7")

    [message] = receive(sqs, url, AttributeNames=["All"])
    assert message["Attributes"]["MessageGroupId"] == "tenant-7"
