"""Other processes reach the fake over HTTP: ``fake.serve()`` gives a URL to hand them as their
SNS endpoint, and the test asserts on the same records as for in-process calls.

Children need credentials (any: signatures are not checked) and a region, as they would for
AWS; the autouse fixture in ``conftest.py`` puts both in the environment they inherit. The
``aws_cli`` and ``node_sns_sdk`` fixtures install those tools once for the suite
(``tests/clients.py``); in your project, use the ``aws`` and ``node`` you have.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3
from moto import mock_aws

import snsfake

BILLING = "arn:aws:sqs:us-east-1:123456789012:billing"
LEDGER = "arn:aws:sqs:us-east-1:123456789012:ledger.fifo"
NODE_SCRIPT = Path(__file__).parent / "node" / "publish_orders.cjs"

# The code under test, run as its own process: it reads its SNS endpoint from the environment.
WORKER = """
import os, sys, boto3
sns = boto3.client("sns", endpoint_url=os.environ["SNS_ENDPOINT_URL"])
topic = sns.create_topic(Name="orders")["TopicArn"]
sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=sys.argv[1])
sns.publish(TopicArn=topic, Message="order 7 paid",
            MessageAttributes={"status": {"DataType": "String", "StringValue": "paid"}})
"""


def test_a_python_subprocess(sns_fake: snsfake.SnsFake) -> None:
    with sns_fake.serve() as server:
        subprocess.run(
            [sys.executable, "-c", WORKER, BILLING],
            env={**os.environ, "SNS_ENDPOINT_URL": server.url},
            check=True,
            timeout=60,
        )

    delivery = sns_fake.deliveries.one(protocol="sqs", endpoint=BILLING)
    assert delivery.json["Message"] == "order 7 paid"
    assert delivery.json["MessageAttributes"]["status"] == {"Type": "String", "Value": "paid"}


def test_the_aws_cli(aws_cli: Path) -> None:
    with snsfake.server() as server:

        def aws(*args: str) -> Any:
            command = [str(aws_cli), "--endpoint-url", server.url, "--output", "json", "sns", *args]
            return json.loads(subprocess.run(command, capture_output=True, check=True, timeout=60).stdout)

        topic = aws("create-topic", "--name", "orders")["TopicArn"]
        aws("subscribe", "--topic-arn", topic, "--protocol", "sqs", "--notification-endpoint", BILLING)
        aws("publish", "--topic-arn", topic, "--message", "order 7 paid",
            "--message-attributes", '{"status": {"DataType": "String", "StringValue": "paid"}}')

    published = server.fake.published.last
    assert (published.topic_name, published.message) == ("orders", "order 7 paid")
    assert server.fake.deliveries.one(endpoint=BILLING).json["Message"] == "order 7 paid"


def test_the_aws_sdk_for_javascript(node_sns_sdk: dict[str, str]) -> None:
    with snsfake.server() as server:
        subprocess.run(
            ["node", str(NODE_SCRIPT), BILLING, LEDGER],
            env={**os.environ, **node_sns_sdk, "SNS_ENDPOINT_URL": server.url, "AWS_REGION": "us-east-1"},
            check=True,
            timeout=60,
        )

    fake = server.fake
    order = fake.deliveries.one(endpoint=BILLING).json
    assert json.loads(order["Message"]) == {"order": 7, "total": 12.5}
    assert order["MessageAttributes"]["total"] == {"Type": "Number", "Value": "12.5"}
    assert order["MessageAttributes"]["checksum"] == {"Type": "Binary", "Value": "AP8="}  # base64
    ledger = [delivery.json for delivery in fake.deliveries.filter(endpoint=LEDGER)]
    assert [entry["Message"] for entry in ledger] == ["debit 7", "credit 7"]
    assert int(ledger[0]["SequenceNumber"]) < int(ledger[1]["SequenceNumber"])


def test_forwarded_into_motos_sqs() -> None:
    with mock_aws():  # moto answers SQS in this process; SNS comes over HTTP
        sqs = boto3.client("sqs", region_name="us-east-1")
        queue_url = sqs.create_queue(QueueName="billing")["QueueUrl"]

        with snsfake.server(forward_sqs=True) as server:
            subprocess.run(
                [sys.executable, "-c", WORKER, BILLING],
                env={**os.environ, "SNS_ENDPOINT_URL": server.url},
                check=True,
                timeout=60,
            )

        [message] = sqs.receive_message(QueueUrl=queue_url)["Messages"]
    assert json.loads(message["Body"])["Message"] == "order 7 paid"
    assert message["Body"] == server.fake.deliveries.one(endpoint=BILLING).body
