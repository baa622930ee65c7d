"""Other processes over HTTP: boto3 in a subprocess, the AWS CLI and the AWS SDK for JavaScript
v3, each forwarding into moto's SQS (moto answers SQS in this process, SNS comes in over HTTP);
the account and region the CLI's signature names. The tools are installed by tests/clients.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.configprovider import BOTOCORE_DEFAUT_SESSION_VARIABLES
from moto import mock_aws

import snsfake

ROOT = Path(__file__).resolve().parents[1]
NODE_SCRIPT = ROOT / "examples" / "node" / "publish_orders.cjs"
BILLING = "arn:aws:sqs:us-east-1:123456789012:billing"
LEDGER = "arn:aws:sqs:us-east-1:123456789012:ledger.fifo"
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}
WORKER = """
import os, sys, boto3
sns = boto3.client("sns", endpoint_url=os.environ["SNS_ENDPOINT_URL"])
topic = sns.create_topic(Name="orders")["TopicArn"]
sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=sys.argv[1])
sns.publish(TopicArn=topic, Message='{"order": 7}',
            MessageAttributes={"status": {"DataType": "String", "StringValue": "paid"}})
"""


def environment(url: str, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    return {**env, **CREDENTIALS, "SNS_ENDPOINT_URL": url, **extra}


def run(command: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, f"{command[0]} failed:\n{result.stderr}"
    return result.stdout


def boto3_flow(url: str, _: Any) -> None:
    run([sys.executable, "-c", WORKER, BILLING], environment(url))


def cli_flow(url: str, aws_cli: Path) -> None:
    def aws(*args: str) -> Any:
        return json.loads(run([str(aws_cli), "--endpoint-url", url, "--output", "json", "sns", *args], environment(url)))

    topic = aws("create-topic", "--name", "orders")["TopicArn"]
    aws("subscribe", "--topic-arn", topic, "--protocol", "sqs", "--notification-endpoint", BILLING)
    aws("publish", "--topic-arn", topic, "--message", '{"order": 7}',
        "--message-attributes", '{"status": {"DataType": "String", "StringValue": "paid"}}')  # fmt: skip


def node_flow(url: str, node_sdk: dict[str, str]) -> None:
    run(["node", str(NODE_SCRIPT), BILLING, LEDGER], environment(url, **node_sdk))


@pytest.fixture
def queues() -> Iterator[dict[str, str]]:
    with mock_aws():
        sqs = boto3.session.Session().client("sqs", region_name="us-east-1")
        yield {
            BILLING: sqs.create_queue(QueueName="billing")["QueueUrl"],
            LEDGER: sqs.create_queue(
                QueueName="ledger.fifo", Attributes={"FifoQueue": "true"}
            )["QueueUrl"],
        }


FLOWS: dict[str, tuple[Callable[[str, Any], None], str | None]] = {
    "boto3-subprocess": (boto3_flow, None),
    "aws-cli": (cli_flow, "aws_cli"),
    "node-sdk": (node_flow, "node_sns_sdk"),
}


@pytest.mark.parametrize("client", list(FLOWS))
def test_a_flow_forwards_into_motos_sqs(
    client: str, queues: dict[str, str], request: pytest.FixtureRequest
) -> None:
    flow, tool_fixture = FLOWS[client]
    tool = request.getfixturevalue(tool_fixture) if tool_fixture else None
    with snsfake.server(forward_sqs=True) as server:
        flow(server.url, tool)
    sqs = boto3.session.Session().client("sqs", region_name="us-east-1")
    fake = server.fake
    for queue_arn, queue_url in queues.items():
        expected = [delivery.body for delivery in fake.deliveries.filter(endpoint=queue_arn)]
        received = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
        assert [message["Body"] for message in received] == expected
    assert all(delivery.status == "delivered" for delivery in fake.deliveries)
    billing = fake.deliveries.one(endpoint=BILLING).json
    assert billing["MessageAttributes"]["status"] == {"Type": "String", "Value": "paid"}
    assert json.loads(billing["Message"])["order"] == 7
    if client == "node-sdk":
        assert [delivery.message for delivery in fake.deliveries.filter(endpoint=LEDGER)] == ["debit 7", "credit 7"]
    assert [call.operation for call in fake.calls][:3] == ["CreateTopic", "Subscribe", "Publish"]
    assert all(call.ok for call in fake.calls)


def test_the_aws_cli_names_the_account_and_region(aws_cli: Path) -> None:
    """A 12-digit access key is the account (as in-process); the signature's scope is the region."""
    with snsfake.server() as server:
        env = environment(server.url, AWS_ACCESS_KEY_ID="111122223333", AWS_DEFAULT_REGION="eu-north-1")
        base = [str(aws_cli), "--endpoint-url", server.url, "--output", "json", "sns"]
        topic = json.loads(run([*base, "create-topic", "--name", "orders"], env))["TopicArn"]
        message = "hé <x> & y ]]> 😀"
        attributes = '{"n": {"DataType": "Number", "StringValue": "1"}}'
        reply = json.loads(
            run([*base, "publish", "--topic-arn", topic, "--message", message, "--message-attributes", attributes], env)
        )
    assert topic == "arn:aws:sns:eu-north-1:111122223333:orders"
    published = server.fake.published.one(message_id=reply["MessageId"])
    assert (published.message, published.account, published.region) == (message, "111122223333", "eu-north-1")
    assert published.attributes == {"n": {"DataType": "Number", "StringValue": "1"}}


@pytest.mark.skipif(
    "ignore_configured_endpoint_urls" not in BOTOCORE_DEFAUT_SESSION_VARIABLES,
    reason="botocore reads AWS_ENDPOINT_URL_SNS from 1.31 on",
)
def test_boto3_finds_the_server_from_aws_endpoint_url_sns() -> None:
    """Code under test needs no change."""
    with snsfake.server() as server:
        env = environment(server.url, AWS_ENDPOINT_URL_SNS=server.url)
        run([sys.executable, "-c", "import boto3; boto3.client('sns').create_topic(Name='boto3')"], env)
    assert [call.params["Name"] for call in server.fake.calls] == ["boto3"]


def test_the_aws_cli_and_the_javascript_sdk_find_the_server_from_aws_endpoint_url_sns(
    aws_cli: Path, node_sns_sdk: dict[str, str]
) -> None:
    """Code under test needs no change."""
    node_code = (
        "const { SNSClient, CreateTopicCommand } = require('@aws-sdk/client-sns');"
        "new SNSClient({}).send(new CreateTopicCommand({ Name: 'node' })).catch((e) => { console.error(e); process.exit(1); });"
    )
    with snsfake.server() as server:
        env = environment(server.url, AWS_ENDPOINT_URL_SNS=server.url, **node_sns_sdk)
        run([str(aws_cli), "sns", "create-topic", "--name", "cli"], env)
        run(["node", "-e", node_code], env)
    assert [call.params["Name"] for call in server.fake.calls] == ["cli", "node"]
