"""``mock_sns(wire=True)``: calls are signed and sent as to AWS, and answered at ``before-send``
with the bytes the HTTP door sends, which botocore parses. Users' ``before-send`` handlers and
the trace headers of OpenTelemetry and X-Ray see the request as they would against AWS."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import botocore.exceptions
import pytest
import time_machine
from botocore.awsrequest import AWSResponse
from conftest import make_client
from moto import mock_aws
from test_serving import every_operation

import snsfake
from snsfake import SnsFake

ROOT = Path(__file__).resolve().parents[1]
QUEUE = "arn:aws:sqs:us-east-1:123456789012:billing"
SESSION = boto3.session.Session()


def sent_requests(client: Any) -> list[Any]:
    """The requests ``client`` sends, as its ``before-send`` handlers see them."""
    seen: list[Any] = []
    client.meta.events.register("before-send.sns", lambda request, **_: seen.append(request))
    return seen


def comparable(response: dict[str, Any]) -> dict[str, Any]:
    """A response without what differs per call (ids, dates, the message ids)."""
    metadata = response["ResponseMetadata"]
    if "SubscriptionArn" in response:
        response = {**response, "SubscriptionArn": response["SubscriptionArn"].rsplit(":", 1)[0]}
    return {
        **{key: value for key, value in response.items() if key not in ("ResponseMetadata", "MessageId")},
        "status": metadata["HTTPStatusCode"],
        "headers": sorted(name for name in metadata["HTTPHeaders"] if name != "date"),
    }


def scenario(sns: Any) -> list[Any]:
    """A few calls, their responses and errors."""
    topic = sns.create_topic(Name="orders", Tags=[{"Key": "team", "Value": "billing"}])["TopicArn"]
    results: list[Any] = [sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE, ReturnSubscriptionArn=True)]
    results.append(sns.publish(TopicArn=topic, Message="hé <x> & y",
                               MessageAttributes={"b": {"DataType": "Binary", "BinaryValue": b"\x00\xff"}}))  # fmt: skip
    results.append(sns.get_topic_attributes(TopicArn=topic)["Attributes"]["SubscriptionsConfirmed"])
    results.append(sns.list_tags_for_resource(ResourceArn=topic)["Tags"])
    with pytest.raises(sns.exceptions.NotFoundException) as caught:
        sns.get_topic_attributes(TopicArn=topic + "-missing")
    results.append(caught.value.response["Error"])
    return [comparable(result) if isinstance(result, dict) and "ResponseMetadata" in result else result for result in results]


def test_calls_are_signed_sent_and_answered_as_the_http_door_answers() -> None:
    with snsfake.mock_sns(wire=True) as fake:
        client = make_client()
        sent = sent_requests(client)
        wire_results = scenario(client)
    with snsfake.server() as server:
        http_client = SESSION.client(
            "sns",
            endpoint_url=server.url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        http_results = scenario(http_client)
    assert wire_results == http_results
    assert len(sent) == len(fake.calls) == 6
    assert all(request.headers["Authorization"].startswith(b"AWS4-HMAC-SHA256 Credential=testing/") for request in sent)
    assert fake.deliveries.one(endpoint=QUEUE).json["MessageAttributes"]["b"]["Value"] == "AP8="
    assert [call.operation for call in fake.calls] == [call.operation for call in server.fake.calls]


def test_every_operation_answers_in_wire_mode_as_in_the_default_mode() -> None:
    moment = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.timezone.utc)
    with time_machine.travel(moment, tick=False), snsfake.mock_sns() as default:
        by_default = every_operation(make_client(), default)
    with time_machine.travel(moment, tick=False), snsfake.mock_sns(wire=True) as fake:
        client = make_client()
        sent = sent_requests(client)
        over_the_wire = every_operation(client, fake)
    assert over_the_wire == by_default
    assert len(sent) == len(fake.calls) == len(default.calls)


def test_the_default_mode_answers_before_anything_is_signed(sns_fake: SnsFake) -> None:
    client = make_client()
    sent = sent_requests(client)
    response = client.list_topics()
    assert sent == [] and "content-length" not in response["ResponseMetadata"]["HTTPHeaders"]
    assert not sns_fake.wire


def test_errors_are_modeled_exceptions_with_their_fields() -> None:
    with snsfake.mock_sns(wire=True) as fake:
        sns = make_client()
        with pytest.raises(sns.exceptions.InvalidParameterException, match=r"Invalid parameter: Topic Name$") as caught:
            sns.create_topic(Name="bad name!")
        assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        sns.create_sms_sandbox_phone_number(PhoneNumber="+15555550100")
        with pytest.raises(sns.exceptions.VerificationException) as caught:
            sns.verify_sms_sandbox_phone_number(PhoneNumber="+15555550100", OneTimePassword="000000")
    assert caught.value.response["Error"]["Status"]  # the modeled member travels in the XML
    assert fake.calls[0].error_code == "InvalidParameter"


def test_account_and_region_come_from_the_signature() -> None:
    with snsfake.mock_sns(wire=True) as fake:
        topic = make_client(region="eu-west-1", access_key="111122223333").create_topic(Name="t")["TopicArn"]
    assert topic == "arn:aws:sns:eu-west-1:111122223333:t"
    assert (fake.calls.last.account, fake.calls.last.region) == ("111122223333", "eu-west-1")


def test_a_users_before_send_handler_that_answers_wins() -> None:
    canned = b"""<ListTopicsResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
  <ListTopicsResult><Topics/></ListTopicsResult>
  <ResponseMetadata><RequestId>canned</RequestId></ResponseMetadata>
</ListTopicsResponse>"""

    class Raw:
        def stream(self, **_: Any) -> Iterator[bytes]:
            yield canned

    with snsfake.mock_sns(wire=True) as fake:
        client = make_client()
        client.meta.events.register(
            "before-send.sns.ListTopics", lambda request, **_: AWSResponse(request.url, 200, {}, Raw())
        )
        assert client.list_topics()["ResponseMetadata"]["RequestId"] == "canned"
    assert len(fake.calls) == 0  # as with AWS: the request never reached it


def test_clients_need_credentials_as_against_aws(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    client = boto3.session.Session().client("sns", region_name="us-east-1")
    with snsfake.mock_sns() as fake:
        client.list_topics()  # the default mode signs nothing
    with snsfake.mock_sns(wire=True), pytest.raises(botocore.exceptions.NoCredentialsError):
        client.list_topics()
    assert len(fake.calls) == 1


def test_nested_fakes_the_innermost_answers_in_its_own_mode() -> None:
    client = make_client()
    sent = sent_requests(client)
    with snsfake.mock_sns(wire=True) as outer:
        client.create_topic(Name="outer-1")
        with snsfake.mock_sns() as inner:
            client.create_topic(Name="inner")
            with snsfake.mock_sns(wire=True) as innermost:
                client.create_topic(Name="innermost")
        client.create_topic(Name="outer-2")
    assert [call.params["Name"] for call in outer.calls] == ["outer-1", "outer-2"]
    assert [call.params["Name"] for call in inner.calls] == ["inner"]
    assert [call.params["Name"] for call in innermost.calls] == ["innermost"]
    assert len(sent) == 3  # the default-mode fake answered before anything was sent


def test_a_client_of_a_server_goes_over_http_in_wire_mode_too() -> None:
    with snsfake.server() as server, snsfake.mock_sns(wire=True) as active:
        SESSION.client("sns", endpoint_url=server.url, region_name="us-east-1",
                       aws_access_key_id="testing", aws_secret_access_key="testing").list_topics()  # fmt: skip
    assert len(server.fake.calls) == 1 and len(active.calls) == 0


def test_patch_client_covers_the_wire_mode_too() -> None:
    client = make_client()
    for event, handler, _ in snsfake.hooks._SPECS:  # as a client made before `import snsfake`
        client.meta.events.unregister(event, handler)
    sent = sent_requests(client)
    with snsfake.mock_sns(wire=True) as fake:
        snsfake.patch_client(client)
        snsfake.patch_client(client)  # idempotent
        client.list_topics()
    assert len(sent) == 1 and len(fake.calls) == 1


class Prepared:
    """A prepared request as older botocore makes it: no ``context``."""

    def __init__(self) -> None:
        self.url = "https://sns.us-east-1.amazonaws.com/"
        self.headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        self.body = b"Action=ListTopics&Version=2010-03-31"


def test_without_a_request_context_the_innermost_wire_fake_answers_sns_only() -> None:
    with snsfake.mock_sns(wire=True) as fake:
        assert snsfake.hooks._send(Prepared(), event_name="before-send.sqs.SendMessage") is None
        response = snsfake.hooks._send(Prepared(), event_name="before-send.sns.ListTopics")
        assert response.status_code == 200 and b"<ListTopicsResult" in response.content
        with snsfake.mock_sns():  # a default-mode fake inside: it answered at before-call already
            assert snsfake.hooks._send(Prepared(), event_name="before-send.sns.ListTopics") is None
    assert [call.operation for call in fake.calls] == ["ListTopics"]


# --------------------------------------------------------------------------- moto
def test_under_motos_mock_aws_it_says_how_to_let_sns_through() -> None:
    refused = r"^snsfake: mock_sns\(wire=True\) is active under moto's mock_aws"
    with mock_aws(), snsfake.mock_sns(wire=True) as fake, pytest.raises(RuntimeError, match=refused):
        make_client().create_topic(Name="orders")
    assert len(fake.calls) == 0
    with mock_aws():  # and moto's SNS saw nothing either
        assert boto3.session.Session().client("sns", region_name="us-east-1").list_topics()["Topics"] == []


def test_forward_sqs_under_moto_passing_sns_through() -> None:
    with mock_aws(config={"core": {"passthrough": {"services": ["sns"]}}}):
        sqs = SESSION.client("sqs", region_name="us-east-1")
        queue_url = sqs.create_queue(QueueName="billing")["QueueUrl"]
        with snsfake.mock_sns(wire=True, forward_sqs=True) as fake:
            sns = make_client()
            topic = sns.create_topic(Name="orders")["TopicArn"]
            sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)
            sns.publish(TopicArn=topic, Message="once")
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]
    assert [message["Body"] for message in messages] == [fake.deliveries.one(endpoint=QUEUE).body]


# --------------------------------------------------------------------------- trace headers
def test_opentelemetrys_x_ray_header_reaches_the_fake(trace_headers: list[str | None], spans: Any) -> None:
    with snsfake.mock_sns(wire=True):
        make_client().list_topics()
    with snsfake.mock_sns():
        make_client().list_topics()
    wire_span, _ = spans.get_finished_spans()
    trace_id = format(wire_span.context.trace_id, "032x")
    span_id = format(wire_span.context.span_id, "016x")
    assert trace_headers[0] == f"Root=1-{trace_id[:8]}-{trace_id[8:]};Parent={span_id};Sampled=1"
    assert trace_headers[1] is None  # the default mode answers before botocore prepares the request


XRAY_SCRIPT = """
import boto3, snsfake
from aws_xray_sdk.core import patch, xray_recorder
from snsfake import dispatch

seen = []
original = dispatch.answer
dispatch.answer = lambda *args: seen.append(args[5]) or original(*args)
xray_recorder.configure(sampling=False, context_missing="LOG_ERROR")
patch(["botocore"])
segment = xray_recorder.begin_segment("checkout")
with snsfake.mock_sns(wire=True):
    boto3.client("sns", region_name="us-east-1", aws_access_key_id="t", aws_secret_access_key="t").list_topics()
xray_recorder.end_segment()
print(segment.trace_id, seen[0])
"""


def test_the_x_ray_sdks_header_reaches_the_fake() -> None:
    pytest.importorskip("aws_xray_sdk")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "AWS_XRAY_SDK_ENABLED": "true"}
    result = subprocess.run(
        [sys.executable, "-c", XRAY_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    trace_id, header = result.stdout.split()
    assert re.fullmatch(rf"Root={trace_id};Parent=[0-9a-f]{{16}};Sampled=1", header), header
