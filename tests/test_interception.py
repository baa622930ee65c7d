"""snsfake answers after botocore's whole before-call pipeline, from the parameters as the
users' handlers left them; deliveries happen apart from the publisher's context, so
instrumentation sees one SNS call per publish, as with AWS."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import ACCOUNT, REGION, make_client

from snsfake import SnsFake

QUEUE_NAME = "traced"
QUEUE = f"arn:aws:sqs:{REGION}:{ACCOUNT}:{QUEUE_NAME}"
FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:audit"


def test_the_users_before_call_handlers_run_before_the_fake_answers(sns_fake: SnsFake) -> None:
    client = make_client()
    seen: list[str] = []
    client.meta.events.register("before-call.sns.Publish", lambda model, **_: seen.append(f"op:{model.name}"))
    client.meta.events.register("before-call.sns", lambda model, **_: seen.append(f"sns:{model.name}"))
    client.meta.events.register("before-call", lambda model, **_: seen.append(f"any:{model.name}"))
    topic = client.create_topic(Name="orders")["TopicArn"]
    client.publish(TopicArn=topic, Message="hi")
    assert seen == ["sns:CreateTopic", "any:CreateTopic", "op:Publish", "sns:Publish", "any:Publish"]
    assert [call.operation for call in sns_fake.calls] == ["CreateTopic", "Publish"]


def test_a_before_call_handler_that_answers_wins_over_the_fake(sns_fake: SnsFake) -> None:
    from botocore.awsrequest import AWSResponse

    client = make_client()
    canned = {"TopicArn": "arn:aws:sns:us-east-1:123456789012:canned", "ResponseMetadata": {}}
    client.meta.events.register("before-call.sns.CreateTopic", lambda **_: (AWSResponse("", 200, {}, None), canned))
    assert client.create_topic(Name="orders")["TopicArn"].endswith(":canned")
    assert len(sns_fake.calls) == 0  # as with AWS: the call never left the client


def test_parameters_are_taken_as_the_users_handlers_left_them(sns_fake: SnsFake) -> None:
    client = make_client()

    def add_attribute(params: dict[str, Any], **_: Any) -> None:
        params.setdefault("MessageAttributes", {})["origin"] = {"DataType": "String", "StringValue": "billing"}

    client.meta.events.register("before-parameter-build.sns.Publish", add_attribute)
    topic = client.create_topic(Name="orders")["TopicArn"]
    client.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE, Attributes={"FilterPolicy": '{"origin": ["billing"]}'})
    client.publish(TopicArn=topic, Message="hi")
    assert sns_fake.calls.last.params["MessageAttributes"] == {"origin": {"DataType": "String", "StringValue": "billing"}}
    assert sns_fake.published.last.attributes["origin"]["StringValue"] == "billing"
    assert sns_fake.deliveries.one(endpoint=QUEUE).json["MessageAttributes"]["origin"]["Value"] == "billing"


# --------------------------------------------------------------------------- OpenTelemetry
otel_trace = pytest.importorskip("opentelemetry.trace")


def _rpc(span: Any) -> str:
    return f"{span.attributes.get('rpc.service')}.{span.attributes.get('rpc.method')}"


@pytest.mark.sns_fake(forward_sqs=True)
def test_a_publish_traces_as_one_sns_call_and_forwarding_is_apart(spans: Any, sns_fake: SnsFake) -> None:
    moto = pytest.importorskip("moto")
    with moto.mock_aws():
        import boto3

        boto3.client("sqs", region_name=REGION).create_queue(QueueName=QUEUE_NAME)
        client = make_client()
        topic = client.create_topic(Name="orders")["TopicArn"]
        client.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)
        spans.clear()
        client.publish(TopicArn=topic, Message="hi")
    assert sns_fake.deliveries.one(endpoint=QUEUE).status == "delivered"
    finished = spans.get_finished_spans()
    publish = [span for span in finished if _rpc(span) == "SNS.Publish"]
    assert len(publish) == 1
    forwarded = [span for span in finished if span.attributes.get("rpc.service") == "SQS"]
    assert {_rpc(span) for span in forwarded} >= {"SQS.GetQueueUrl", "SQS.SendMessage"}
    publishers_trace = publish[0].context.trace_id
    assert [span for span in finished if span.context.trace_id == publishers_trace] == publish
    assert all(span.parent is None for span in forwarded)


def test_an_on_lambda_handler_does_not_run_inside_the_publish_span(spans: Any, sns_fake: SnsFake) -> None:
    current: list[Any] = []
    sns_fake.on_lambda(FUNCTION, lambda event, context: current.append(otel_trace.get_current_span()))
    client = make_client()
    topic = client.create_topic(Name="orders")["TopicArn"]
    client.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=FUNCTION)
    client.publish(TopicArn=topic, Message="hi")
    assert len(current) == 1 and not current[0].get_span_context().is_valid
    assert [_rpc(span) for span in spans.get_finished_spans()] == ["SNS.CreateTopic", "SNS.Subscribe", "SNS.Publish"]
