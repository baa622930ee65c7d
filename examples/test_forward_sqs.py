"""SNS answered by snsfake, SQS by moto: ``forward_sqs`` sends each SQS delivery to moto's queue.

``forward_sqs=True`` makes its SQS clients from a botocore session of its own
(``botocore.session.get_session()``), which ignores ``boto3.DEFAULT_SESSION`` and any
boto3 session settings. To control the client (profile, credentials, ``endpoint_url``,
retries), pass a client, or a factory ``region -> client``.
"""

from __future__ import annotations

import functools
from typing import Any

import boto3
from moto import mock_aws

import snsfake

QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:billing"


def test_forward_through_your_own_client() -> None:
    with mock_aws():
        session = boto3.Session(region_name="us-east-1")
        sqs = session.client("sqs")
        queue_url = sqs.create_queue(QueueName="billing")["QueueUrl"]

        with snsfake.mock_sns(forward_sqs=sqs):  # used for queues in every region
            sns = session.client("sns")
            topic = sns.create_topic(Name="orders")["TopicArn"]
            sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE_ARN,
                          Attributes={"RawMessageDelivery": "true"})
            sns.publish(TopicArn=topic, Message="paid")

        messages = sqs.receive_message(QueueUrl=queue_url)["Messages"]
    assert [message["Body"] for message in messages] == ["paid"]


def test_forward_through_a_client_factory() -> None:
    with mock_aws():
        session = boto3.Session(region_name="us-east-1")

        @functools.cache  # the factory is called for every delivery: make each client once
        def sqs_client(region: str) -> Any:
            return session.client("sqs", region_name=region)

        queue_url = sqs_client("us-east-1").create_queue(QueueName="billing")["QueueUrl"]
        with snsfake.mock_sns(forward_sqs=sqs_client) as fake:
            sns = session.client("sns")
            topic = sns.create_topic(Name="orders")["TopicArn"]
            sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE_ARN)
            sns.publish(TopicArn=topic, Message="paid")

        messages = sqs_client("us-east-1").receive_message(QueueUrl=queue_url)["Messages"]
    assert messages[0]["Body"] == fake.deliveries.one(protocol="sqs").body  # the signed JSON envelope
