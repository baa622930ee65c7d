"""SNS answered by snsfake, Lambda by moto: ``forward_lambda`` invokes each function a lambda
subscription names, asynchronously, as SNS does.

moto accepts the invocations without Docker: ``config={"lambda": {"use_docker": False}}``
makes its Lambda accept an Invoke without running the function. A function that does not
exist fails before moto would look for Docker, so that case runs under plain ``mock_aws()``.
"""

from __future__ import annotations

import io
import json
import zipfile

import boto3
from moto import mock_aws

import snsfake

AUDIT = "arn:aws:lambda:us-east-1:123456789012:function:audit"
DLQ = "arn:aws:sqs:us-east-1:123456789012:audit-dlq"


def create_audit_function(session: boto3.Session) -> None:
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("handler.py", "def handle(event, context):\n    return None\n")
    role = session.client("iam").create_role(RoleName="audit", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    session.client("lambda").create_function(
        FunctionName="audit", Runtime="python3.12", Role=role, Handler="handler.handle",
        Code={"ZipFile": code.getvalue()},
    )


def test_the_function_is_invoked() -> None:
    with mock_aws(config={"lambda": {"use_docker": False}}):
        session = boto3.Session(region_name="us-east-1")
        create_audit_function(session)

        with snsfake.mock_sns(forward_lambda=True) as fake:
            sns = session.client("sns")
            topic = sns.create_topic(Name="orders")["TopicArn"]
            sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=AUDIT)
            sns.publish(TopicArn=topic, Message="paid")

    delivery = fake.deliveries.one(protocol="lambda")
    assert delivery.status == "delivered"  # Lambda accepted the event (InvocationType="Event")


def test_a_deleted_function_dead_letters_the_message() -> None:
    with mock_aws():
        session = boto3.Session(region_name="us-east-1")
        create_audit_function(session)
        session.client("lambda").delete_function(FunctionName="audit")
        sqs = session.client("sqs")
        dlq_url = sqs.create_queue(QueueName="audit-dlq")["QueueUrl"]

        with snsfake.mock_sns(forward_lambda=True, forward_sqs=True) as fake:
            sns = session.client("sns")
            topic = sns.create_topic(Name="orders")["TopicArn"]
            sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=AUDIT,
                          Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": DLQ})})
            sns.publish(TopicArn=topic, Message="paid")

        [dead] = sqs.receive_message(QueueUrl=dlq_url)["Messages"]

    failed = fake.deliveries.one(protocol="lambda")
    assert (failed.status, failed.attempts) == ("failed", 1)  # not retried: a client-side error
    assert "ResourceNotFoundException" in failed.detail
    assert json.loads(dead["Body"])["Message"] == "paid"  # the SNS envelope, not the Lambda event
