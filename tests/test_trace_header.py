"""The X-Ray trace header through boto3: a Publish or PublishBatch request's X-Amzn-Trace-Id
reaches SQS subscribers as the AWSTraceHeader system attribute (on the record, and through
forward_sqs to moto's SQS), whatever the topic's TracingConfig."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from conftest import ACCOUNT, REGION, make_client
from moto import mock_aws

import snsfake
from snsfake import SnsFake

QUEUE = f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders"
# The header AWS recorded on a Publish, and then found verbatim in the queue's AWSTraceHeader.
TRACE = "Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1"


def traced_client(trace: str = TRACE) -> Any:
    """An SNS client whose requests carry an X-Amzn-Trace-Id header, added as users add it: by an event."""
    client = make_client()

    def add_header(params: dict[str, Any], **_: Any) -> None:
        params["headers"]["X-Amzn-Trace-Id"] = trace

    client.meta.events.register("before-call.sns", add_header)
    return client


def test_a_publish_with_a_trace_header_reaches_sqs_subscribers_with_it(sns_fake: SnsFake) -> None:
    sns = traced_client()
    topic = sns.create_topic(Name="orders")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)
    raw_queue = QUEUE + "-raw"
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=raw_queue, Attributes={"RawMessageDelivery": "true"})

    sns.publish(TopicArn=topic, Message="paid")

    assert sns_fake.deliveries.one(endpoint=QUEUE).extra == {"aws_trace_header": TRACE}
    assert sns_fake.deliveries.one(endpoint=raw_queue).extra == {"raw": True, "aws_trace_header": TRACE}
    envelope = sns_fake.deliveries.one(endpoint=QUEUE).json
    assert "AWSTraceHeader" not in envelope and "X-Amzn-Trace-Id" not in json.dumps(envelope)


def test_publish_batch_entries_carry_the_requests_trace_header(sns_fake: SnsFake) -> None:
    sns = traced_client()
    topic = sns.create_topic(Name="orders")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)

    sns.publish_batch(
        TopicArn=topic,
        PublishBatchRequestEntries=[{"Id": "a", "Message": "one"}, {"Id": "b", "Message": "two"}],
    )

    assert [delivery.extra["aws_trace_header"] for delivery in sns_fake.deliveries] == [TRACE, TRACE]


def test_without_a_trace_header_the_record_has_none(sns_fake: SnsFake) -> None:
    sns = make_client()
    topic = sns.create_topic(Name="orders")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)
    sns.publish(TopicArn=topic, Message="paid")
    assert "aws_trace_header" not in sns_fake.deliveries.one(endpoint=QUEUE).extra


def test_botocore_adds_the_header_inside_lambda_from_the_environment(
    sns_fake: SnsFake, monkeypatch: pytest.MonkeyPatch
) -> None:
    # botocore's add_recursion_detection_header: inside Lambda (AWS_LAMBDA_FUNCTION_NAME set),
    # _X_AMZN_TRACE_ID becomes the request's X-Amzn-Trace-Id.
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "checkout")
    monkeypatch.setenv("_X_AMZN_TRACE_ID", TRACE)
    sns = make_client()
    topic = sns.create_topic(Name="orders")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)
    sns.publish(TopicArn=topic, Message="paid")
    assert sns_fake.deliveries.one(endpoint=QUEUE).extra["aws_trace_header"] == TRACE


@pytest.mark.parametrize("tracing", [None, "PassThrough", "Active"])
def test_the_header_passes_through_whatever_the_tracing_config(sns_fake: SnsFake, tracing: str | None) -> None:
    # AWS doc "Active tracing in Amazon SNS": SNS passes the trace through even without active tracing.
    sns = traced_client()
    attributes = {"TracingConfig": tracing} if tracing else {}
    topic = sns.create_topic(Name="orders", Attributes=attributes)["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)
    sns.publish(TopicArn=topic, Message="paid")
    assert sns_fake.deliveries.one(endpoint=QUEUE).extra["aws_trace_header"] == TRACE


def test_fifo_topics_pass_the_header_to_their_queues(sns_fake: SnsFake) -> None:
    sns = traced_client()
    # AWS doc "Amazon SNS and AWS X-Ray": X-Ray tracing for both standard and FIFO topics.
    topic = sns.create_topic(
        Name="orders.fifo", Attributes={"FifoTopic": "true", "TracingConfig": "Active"}
    )["TopicArn"]
    assert sns.get_topic_attributes(TopicArn=topic)["Attributes"]["TracingConfig"] == "Active"
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE + ".fifo")
    sns.publish(TopicArn=topic, Message="paid", MessageGroupId="g", MessageDeduplicationId="d")
    assert sns_fake.deliveries.one().extra["aws_trace_header"] == TRACE


def test_only_sqs_deliveries_carry_it(sns_fake: SnsFake) -> None:
    sns = traced_client()
    topic = sns.create_topic(Name="orders")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:f")
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)
    sns.publish(TopicArn=topic, Message="paid")
    assert "aws_trace_header" not in sns_fake.deliveries.one(protocol="lambda").extra


def test_messages_sns_publishes_itself_carry_no_trace_header(sns_fake: SnsFake) -> None:
    sns = traced_client()
    events = sns.create_topic(Name="endpoint-events")["TopicArn"]
    sns.subscribe(TopicArn=events, Protocol="sqs", Endpoint=QUEUE)
    app = sns.create_platform_application(
        Name="app", Platform="GCM", Attributes={"PlatformCredential": "key", "EventEndpointCreated": events}
    )["PlatformApplicationArn"]
    sns.create_platform_endpoint(PlatformApplicationArn=app, Token="device")
    event = sns_fake.deliveries.one(endpoint=QUEUE)
    assert json.loads(event.message)["EventType"] == "EndpointCreated"
    assert "aws_trace_header" not in event.extra


def test_tracing_config_is_checked_and_a_failed_call_changes_nothing(sns_fake: SnsFake) -> None:
    sns = make_client()
    topic = sns.create_topic(Name="orders", Attributes={"TracingConfig": "Active"})["TopicArn"]
    with pytest.raises(sns.exceptions.InvalidParameterException) as raised:
        sns.set_topic_attributes(TopicArn=topic, AttributeName="TracingConfig", AttributeValue="active")
    error = raised.value.response
    assert error["Error"]["Code"] == "InvalidParameter"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Error"]["Message"] == (
        "Invalid parameter: TracingConfig: Invalid value [active]. Must be PassThrough or Active."
    )
    assert sns.get_topic_attributes(TopicArn=topic)["Attributes"]["TracingConfig"] == "Active"


# --------------------------------------------------------------------------- forward_sqs under moto
@pytest.fixture
def sqs() -> Iterator[Any]:
    with mock_aws():
        yield boto3.session.Session().client(
            "sqs", region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="testing"
        )


@pytest.mark.parametrize("raw", [False, True])
def test_forward_sqs_sends_the_header_as_the_aws_trace_header_system_attribute(sqs: Any, raw: bool) -> None:
    url = sqs.create_queue(QueueName="orders")["QueueUrl"]
    with snsfake.mock_sns(forward_sqs=True) as fake:
        sns = traced_client()
        topic = sns.create_topic(Name="orders")["TopicArn"]
        sns.subscribe(
            TopicArn=topic, Protocol="sqs", Endpoint=QUEUE, Attributes={"RawMessageDelivery": str(raw).lower()}
        )
        sns.publish(TopicArn=topic, Message="paid")

    assert fake.deliveries.one().status == "delivered"
    [message] = sqs.receive_message(QueueUrl=url, AttributeNames=["All"])["Messages"]
    assert message["Attributes"]["AWSTraceHeader"] == TRACE


def test_forward_sqs_without_a_header_sends_no_system_attribute(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="orders")["QueueUrl"]
    with snsfake.mock_sns(forward_sqs=True):
        sns = make_client()
        topic = sns.create_topic(Name="orders")["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)
        sns.publish(TopicArn=topic, Message="paid")
    [message] = sqs.receive_message(QueueUrl=url, AttributeNames=["All"])["Messages"]
    assert "AWSTraceHeader" not in message["Attributes"]
