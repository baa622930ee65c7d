"""forward_lambda through boto3: a delivery to a lambda subscription with no on_lambda handler
invokes the function asynchronously through a Lambda client (moto's here, without Docker); a
function that does not exist is a failed delivery, not retried, and dead-lettered as the
standard envelope; server-side errors are retried on SNS's schedule."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from conftest import ACCOUNT, REGION, make_client
from moto import mock_aws
from sns_helpers import NOTIFICATION_KEYS, keys_without

import snsfake
from snsfake import SnsFake

FUNCTION_NAME = "audit"
FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{FUNCTION_NAME}"
DLQ_NAME = "audit-dlq"
DLQ = f"arn:aws:sqs:{REGION}:{ACCOUNT}:{DLQ_NAME}"
# SNS's retries to an AWS-managed endpoint before the post-backoff phase (3 + 2 + 10).
MANAGED_DELAYS = [0, 0, 0, 1, 1, 1.019, 1.056, 1.13, 1.279, 1.576, 2.17, 3.359, 5.736, 10.491, 20]


def _session() -> Any:
    return boto3.session.Session(region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="testing")


def _zipped_handler() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handle(event, context):\n    return None\n")
    return buffer.getvalue()


def create_function(name: str = FUNCTION_NAME) -> str:
    session = _session()
    role = session.client("iam").create_role(RoleName=f"{name}-role", AssumeRolePolicyDocument="{}")
    function = session.client("lambda").create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role["Role"]["Arn"],
        Handler="handler.handle",
        Code={"ZipFile": _zipped_handler()},
    )
    return str(function["FunctionArn"])


def recording_client(calls: list[dict[str, Any]]) -> Any:
    """A moto Lambda client that remembers the parameters of each Invoke."""
    client = _session().client("lambda")
    client.meta.events.register(
        "before-parameter-build.lambda.Invoke", lambda params, **_: calls.append(dict(params))
    )
    return client


@pytest.fixture
def moto_lambda() -> Iterator[None]:
    """moto's Lambda that accepts invocations without running them (no Docker)."""
    with mock_aws(config={"lambda": {"use_docker": False}}):
        yield


@pytest.fixture
def moto_aws() -> Iterator[None]:
    """moto as configured by default: an Invoke of a function that does not exist fails before
    moto would look for Docker."""
    with mock_aws():
        yield


def subscribe(sns: Any, topic: str, endpoint: str = FUNCTION, **attributes: str) -> str:
    return str(
        sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=endpoint, Attributes=attributes)["SubscriptionArn"]
    )


# --------------------------------------------------------------------------- invoking moto's Lambda
@pytest.mark.usefixtures("moto_lambda")
def test_forward_lambda_invokes_the_function_asynchronously_with_the_event() -> None:
    create_function()
    calls: list[dict[str, Any]] = []
    with snsfake.mock_sns(forward_lambda=recording_client(calls)) as fake:
        sns = make_client()
        topic = sns.create_topic(Name="orders")["TopicArn"]
        subscribe(sns, topic)
        sns.publish(TopicArn=topic, Message="paid", Subject="Order 7")

    delivery = fake.deliveries.one(protocol="lambda")
    assert (delivery.status, delivery.attempts, delivery.extra["retry_delays"]) == ("delivered", 1, [])
    [call] = calls
    assert call["FunctionName"] == FUNCTION
    assert call["InvocationType"] == "Event"
    assert json.loads(call["Payload"]) == delivery.json
    assert delivery.json["Records"][0]["Sns"]["Message"] == "paid"


@pytest.mark.usefixtures("moto_lambda")
def test_forward_lambda_true_uses_a_client_of_its_own() -> None:
    create_function()
    with snsfake.mock_sns(forward_lambda=True) as fake:
        sns = make_client()
        topic = sns.create_topic(Name="orders")["TopicArn"]
        subscribe(sns, topic)
        sns.publish(TopicArn=topic, Message="paid")
        sns.publish(TopicArn=topic, Message="shipped")
    assert [delivery.status for delivery in fake.deliveries] == ["delivered", "delivered"]


@pytest.mark.usefixtures("moto_lambda")
def test_forward_lambda_factory_is_called_with_the_functions_region() -> None:
    regions: list[str] = []
    clients: dict[str, Any] = {}

    def factory(region: str) -> Any:
        regions.append(region)
        return clients.setdefault(region, _session().client("lambda", region_name=region))

    elsewhere = f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:{FUNCTION_NAME}"
    with snsfake.mock_sns(forward_lambda=factory) as fake:
        sns = make_client()
        topic = sns.create_topic(Name="orders")["TopicArn"]
        subscribe(sns, topic, elsewhere)
        sns.publish(TopicArn=topic, Message="paid")
    assert regions == ["eu-west-1"]
    assert fake.deliveries.one().status == "delivered"


@pytest.mark.usefixtures("moto_lambda")
def test_a_qualified_function_arn_is_invoked_as_subscribed() -> None:
    create_function()
    _session().client("lambda").create_alias(FunctionName=FUNCTION_NAME, Name="prod", FunctionVersion="$LATEST")
    calls: list[dict[str, Any]] = []
    with snsfake.mock_sns(forward_lambda=recording_client(calls)) as fake:
        sns = make_client()
        topic = sns.create_topic(Name="orders")["TopicArn"]
        subscribe(sns, topic, FUNCTION + ":prod")
        sns.publish(TopicArn=topic, Message="paid")
    assert [call["FunctionName"] for call in calls] == [FUNCTION + ":prod"]
    assert fake.deliveries.one().status == "delivered"


@pytest.mark.usefixtures("moto_lambda")
def test_an_on_lambda_handler_answers_before_forwarding() -> None:
    calls: list[dict[str, Any]] = []
    received: list[Any] = []
    with snsfake.mock_sns(forward_lambda=recording_client(calls)) as fake:
        fake.on_lambda(FUNCTION, lambda event, context: received.append(event))
        sns = make_client()
        topic = sns.create_topic(Name="orders")["TopicArn"]
        subscribe(sns, topic)
        sns.publish(TopicArn=topic, Message="paid")
    assert len(received) == 1 and calls == []


# --------------------------------------------------------------------------- a function that does not exist
@pytest.mark.usefixtures("moto_aws")
def test_a_deleted_function_is_a_failed_delivery_dead_lettered_as_the_standard_envelope() -> None:
    create_function()
    _session().client("lambda").delete_function(FunctionName=FUNCTION_NAME)
    sqs = _session().client("sqs")
    dlq_url = sqs.create_queue(QueueName=DLQ_NAME)["QueueUrl"]
    calls: list[dict[str, Any]] = []
    with snsfake.mock_sns(forward_lambda=recording_client(calls), forward_sqs=True) as fake:
        sns = make_client()
        topic = sns.create_topic(Name="orders")["TopicArn"]
        arn = subscribe(sns, topic, RedrivePolicy=json.dumps({"deadLetterTargetArn": DLQ}))
        message_id = sns.publish(
            TopicArn=topic,
            Message="test_redrive_policy",
            MessageAttributes={"attr1": {"DataType": "Number", "StringValue": "1"}},
        )["MessageId"]

    failed = fake.deliveries.one(protocol="lambda")
    # A client-side error: SNS does not retry it (AWS doc "Amazon SNS dead-letter queues").
    assert (failed.status, failed.attempts, failed.extra["retry_delays"]) == ("failed", 1, [])
    assert len(calls) == 1
    assert "ResourceNotFoundException" in failed.detail
    dead = fake.deliveries.one(endpoint=DLQ)
    assert dead.status == "delivered" and dead.extra["dead_letter"] is True

    [received] = sqs.receive_message(QueueUrl=dlq_url, MessageAttributeNames=["All"])["Messages"]
    assert "MessageAttributes" not in received  # none at the SQS level, as AWS recorded
    envelope = json.loads(received["Body"])
    assert "Records" not in envelope
    assert list(envelope) == keys_without(NOTIFICATION_KEYS, "Subject")
    assert envelope["Type"] == "Notification"
    assert envelope["MessageId"] == message_id
    assert envelope["Message"] == "test_redrive_policy"
    assert envelope["SignatureVersion"] == "1"
    assert envelope["MessageAttributes"] == {"attr1": {"Type": "Number", "Value": "1"}}
    assert envelope["UnsubscribeURL"].endswith(f"SubscriptionArn={arn}")


@pytest.mark.usefixtures("moto_aws")
def test_a_function_that_never_existed_fails_without_a_dead_letter_queue() -> None:
    with snsfake.mock_sns(forward_lambda=True) as fake:
        sns = make_client()
        topic = sns.create_topic(Name="orders")["TopicArn"]
        subscribe(sns, topic)
        answer = sns.publish(TopicArn=topic, Message="paid")
    assert answer["MessageId"]  # the publisher never learns of it
    delivery = fake.deliveries.one()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert delivery.detail == (
        "Lambda refused the invocation: An error occurred (ResourceNotFoundException) when calling the "
        f"Invoke operation: Function not found: {FUNCTION}"
    )


# --------------------------------------------------------------------------- server-side errors
class StubLambda:
    """A Lambda client whose Invoke answers from a script: an exception to raise, or None to accept."""

    def __init__(self, *script: Exception | None) -> None:
        self.script = list(script)
        self.calls = 0

    def invoke(self, **params: Any) -> dict[str, Any]:
        self.calls += 1
        outcome = self.script.pop(0) if self.script else None
        if outcome is not None:
            raise outcome
        return {"StatusCode": 202}


def lambda_error(code: str, status: int) -> ClientError:
    return ClientError(
        {"Error": {"Code": code, "Message": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, "Invoke"
    )


@pytest.mark.usefixtures("no_sleep")
def test_server_side_errors_are_retried_on_snss_schedule(sns_fake: SnsFake) -> None:
    client = StubLambda(lambda_error("ServiceException", 500), EndpointConnectionError(endpoint_url="x"), None)
    sns_fake.settings.forward_lambda = client
    sns = make_client()
    topic = sns.create_topic(Name="orders")["TopicArn"]
    subscribe(sns, topic)
    sns.publish(TopicArn=topic, Message="paid")
    delivery = sns_fake.deliveries.one()
    assert (delivery.status, delivery.attempts, delivery.extra["retry_delays"]) == ("delivered", 3, [0, 0])
    assert client.calls == 3


@pytest.mark.usefixtures("no_sleep")
def test_a_throttled_function_is_retried_then_dead_lettered(sns_fake: SnsFake) -> None:
    client = StubLambda(*[lambda_error("TooManyRequestsException", 429)] * 20)
    sns_fake.settings.forward_lambda = client
    sns = make_client()
    topic = sns.create_topic(Name="orders")["TopicArn"]
    subscribe(sns, topic, RedrivePolicy=json.dumps({"deadLetterTargetArn": DLQ}))
    sns.publish(TopicArn=topic, Message="paid")
    delivery = sns_fake.deliveries.one(protocol="lambda")
    assert (delivery.status, delivery.attempts, client.calls) == ("failed", 16, 16)
    assert delivery.extra["retry_delays"] == pytest.approx(MANAGED_DELAYS)
    assert "TooManyRequestsException" in delivery.detail
    assert sns_fake.deliveries.one(endpoint=DLQ).json["Message"] == "paid"


@pytest.mark.parametrize(("code", "status"), [("AccessDeniedException", 403), ("InvalidParameterValueException", 400)])
def test_other_client_side_errors_are_not_retried(sns_fake: SnsFake, code: str, status: int) -> None:
    client = StubLambda(lambda_error(code, status), None)
    sns_fake.settings.forward_lambda = client
    sns = make_client()
    topic = sns.create_topic(Name="orders")["TopicArn"]
    subscribe(sns, topic)
    sns.publish(TopicArn=topic, Message="paid")
    assert (sns_fake.deliveries.one().status, client.calls) == ("failed", 1)


# --------------------------------------------------------------------------- the option
@pytest.mark.parametrize("value", ["yes", 7, object()])
def test_forward_lambda_refuses_what_is_not_a_client_or_factory(value: Any) -> None:
    with pytest.raises(TypeError, match=r"^snsfake: forward_lambda takes True, a client \(an object with \.invoke\(\)\) or a factory"):
        snsfake.mock_sns(forward_lambda=value)


def test_forward_sqs_refuses_a_lambda_client() -> None:
    with pytest.raises(TypeError, match=r"^snsfake: forward_sqs takes True, a client \(an object with \.send_message\(\)\)"):
        snsfake.mock_sns(forward_sqs=StubLambda())
