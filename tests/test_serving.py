"""A fake served over HTTP: ``fake.serve()`` and ``snsfake.server()``, both doors filling the
same records, same-process clients of a server going over HTTP, the JSON introspection, AWS's
errors for bad input, and 8 concurrent clients losing nothing."""

from __future__ import annotations

import base64
import datetime
import http.client
import json
import re
import socket
from typing import Any

import boto3
import pytest
import time_machine
from botocore import xform_name
from botocore.config import Config
from conftest import make_client
from sns_helpers import publish_at_once
from test_wire import OPERATIONS

import snsfake
from snsfake import SnsFake, SnsFakeServer

QUEUE = "arn:aws:sqs:us-east-1:123456789012:billing"
FORM = "application/x-www-form-urlencoded; charset=utf-8"
SESSION = boto3.session.Session()


def http_client(server: SnsFakeServer, region: str = "us-east-1", access_key: str = "testing") -> Any:
    return SESSION.client(
        "sns",
        endpoint_url=server.url,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key="testing",
        config=Config(retries={"total_max_attempts": 1}),
    )


def request(
    server: SnsFakeServer, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def get_json(server: SnsFakeServer, path: str) -> Any:
    status, body = request(server, "GET", path)
    assert status == 200, body
    return json.loads(body)


def went_over_http(response: dict[str, Any]) -> bool:
    """An in-process answer has no content-length header; an HTTP response does."""
    return "content-length" in response["ResponseMetadata"]["HTTPHeaders"]


# --------------------------------------------------------------------------- the API
def test_both_doors_fill_the_same_records(sns_fake: SnsFake) -> None:
    in_process = make_client()
    topic = in_process.create_topic(Name="orders")["TopicArn"]
    in_process.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)
    with sns_fake.serve() as server:
        assert server.fake is sns_fake
        over_http = http_client(server)
        reply = over_http.publish(TopicArn=topic, Message="over HTTP")
        assert went_over_http(reply)
    in_process.publish(TopicArn=topic, Message="in-process")
    assert [call.operation for call in sns_fake.calls] == ["CreateTopic", "Subscribe", "Publish", "Publish"]
    assert [delivery.message for delivery in sns_fake.deliveries] == ["over HTTP", "in-process"]
    assert sns_fake.published[0].message_id == reply["MessageId"]


def test_snsfake_server_makes_a_fake_and_serves_it() -> None:
    with snsfake.server(account_id="111122223333", region="eu-west-1") as server:
        assert isinstance(server, SnsFakeServer) and server.running
        assert (server.fake.account_id, server.fake.region) == ("111122223333", "eu-west-1")
        assert not server.fake.is_active  # not answering in-process calls
        assert server.url == f"http://127.0.0.1:{server.port}"
        assert repr(server).startswith(f"<SnsFakeServer {server.url} <SnsFake inactive")
        topic = http_client(server, access_key="not-an-account").create_topic(Name="orders")["TopicArn"]
        port = server.port
    assert topic == "arn:aws:sns:us-east-1:111122223333:orders"  # the client's region, the fake's account
    assert not server.running and repr(server).startswith("<SnsFakeServer stopped")
    server.stop()  # idempotent
    assert server.fake.calls.last.operation == "CreateTopic"  # records outlive the server
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))  # the port is free


def test_a_server_also_works_without_with_and_on_a_chosen_port() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = snsfake.server(port=port)
    try:
        assert server.url == f"http://127.0.0.1:{port}"
        assert http_client(server).list_topics()["Topics"] == []
    finally:
        server.stop()


def test_a_server_started_while_the_fake_is_active_stops_with_it() -> None:
    with snsfake.mock_sns() as fake:
        server = fake.serve()
        assert server.running
    assert not server.running
    outside = fake.serve()  # served while inactive: it is the caller's to stop
    with fake:
        pass
    assert outside.running
    outside.stop()


def test_a_fixture_fake_and_a_decorated_fake_serve_alike(sns_fake: SnsFake) -> None:
    @snsfake.mock_sns
    def inner() -> list[str]:
        with snsfake.active().serve() as server:
            http_client(server).create_topic(Name="inner")
            return [call.operation for call in server.fake.calls]

    assert inner() == ["CreateTopic"]
    assert len(sns_fake.calls) == 0


# --------------------------------------------------------------------------- same-process clients
def test_a_client_of_a_server_goes_over_http_while_another_fake_is_active() -> None:
    with snsfake.server() as server, snsfake.mock_sns() as active:
        reply = http_client(server).create_topic(Name="served")
        in_process = make_client().create_topic(Name="in-process")
    assert went_over_http(reply) and not went_over_http(in_process)
    assert [call.params["Name"] for call in server.fake.calls] == ["served"]
    assert [call.params["Name"] for call in active.calls] == ["in-process"]


def test_localhost_and_127_0_0_1_name_the_same_server() -> None:
    with snsfake.server() as server, snsfake.mock_sns() as active:
        client = SESSION.client(
            "sns",
            endpoint_url=f"http://localhost:{server.port}",
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        client.list_topics()
    assert len(server.fake.calls) == 1 and len(active.calls) == 0


def test_a_stopped_server_is_forgotten_by_the_hooks() -> None:
    server = snsfake.server()
    url = server.url
    server.stop()
    with snsfake.mock_sns() as active:
        client = SESSION.client(
            "sns", endpoint_url=url, region_name="us-east-1", aws_access_key_id="t", aws_secret_access_key="t"
        )
        client.list_topics()  # nothing listens there any more: the active fake answers
    assert len(active.calls) == 1


def test_the_real_sns_guard_lets_clients_of_a_server_through() -> None:
    with snsfake.block_real_sns(), snsfake.server() as server:
        assert http_client(server).list_topics()["Topics"] == []
        with pytest.raises(snsfake.RealSNSCallBlocked, match=r"^snsfake: SNS ListTopics was called"):
            make_client().list_topics()


# --------------------------------------------------------------------------- the wire
def test_account_from_the_access_key_and_region_from_the_signature() -> None:
    with snsfake.server() as server:
        topic = http_client(server, region="ap-south-1", access_key="111122223333").create_topic(Name="t")
    assert topic["TopicArn"] == "arn:aws:sns:ap-south-1:111122223333:t"
    call = server.fake.calls.last
    assert (call.account, call.region) == ("111122223333", "ap-south-1")


def test_the_trace_header_reaches_the_dispatcher(trace_headers: list[str | None]) -> None:
    trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"
    with snsfake.server() as server:
        headers = {"Content-Type": FORM, "X-Amzn-Trace-Id": trace}
        assert request(server, "POST", "/", b"Action=ListTopics", headers)[0] == 200
    assert trace_headers == [trace]


def test_aws_errors_for_bad_input_and_the_server_keeps_serving() -> None:
    with snsfake.server() as server:
        sns = http_client(server)
        with pytest.raises(sns.exceptions.NotFoundException, match=r"\(NotFound\) .*: Topic does not exist$"):
            sns.publish(TopicArn="arn:aws:sns:us-east-1:123456789012:missing", Message="m")
        status, body = request(server, "POST", "/", b"Action=Publish&Message=m", {"Content-Type": FORM})
        assert status == 400 and b"<Code>InvalidParameter</Code>" in body and b"Traceback" not in body
        status, body = request(server, "POST", "/", b"Action=Nonsense", {"Content-Type": FORM})
        assert status == 400 and b"<Code>InvalidAction</Code>" in body
        status, body = request(server, "POST", "/", b"\xff\x00garbage", {"Content-Type": FORM})
        assert status == 404 and b"<Code>MalformedQueryString</Code>" in body
        assert sns.create_topic(Name="after")["TopicArn"].endswith(":after")
    assert [call.error_code for call in server.fake.calls] == ["NotFound", "InvalidParameter", None]


def test_eight_concurrent_clients_lose_nothing() -> None:
    clients, each = 8, 25
    with snsfake.server() as server:
        setup = http_client(server)
        topic = setup.create_topic(Name="orders")["TopicArn"]
        setup.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)
        replies = publish_at_once(lambda: http_client(server), topic, clients, each, timeout=120)
    fake = server.fake
    sent = {f"{worker}-{n}" for worker in range(clients) for n in range(each)}
    by_id = {published.message_id: published.message for published in fake.published}
    assert len(by_id) == len(fake.published) == clients * each
    assert {by_id[message_id] for ids in replies.values() for message_id in ids} == sent
    for worker, ids in replies.items():
        assert [by_id[message_id] for message_id in ids] == [f"{worker}-{n}" for n in range(each)]
    assert sorted(delivery.message for delivery in fake.deliveries) == sorted(sent)
    assert len(fake.calls) == 2 + clients * each and all(call.ok for call in fake.calls)


# --------------------------------------------------------------------------- introspection
@pytest.fixture
def served() -> Any:
    with snsfake.server(auto_confirm=True) as server:
        sns = http_client(server)
        topic = sns.create_topic(Name="orders")["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE,
                      Attributes={"FilterPolicy": '{"status": ["paid"]}'})  # fmt: skip
        sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com")
        for status in ("paid", "draft"):
            sns.publish(
                TopicArn=topic,
                Message=f"order {status}",
                Subject="Order",
                MessageAttributes={
                    "status": {"DataType": "String", "StringValue": status},
                    "blob": {"DataType": "Binary", "BinaryValue": b"\x00\xff"},
                },
            )
        yield server


def test_published_as_json(served: SnsFakeServer) -> None:
    published = get_json(served, "/_snsfake/published")
    assert [item["message"] for item in published] == ["order paid", "order draft"]
    first = published[0]
    record = served.fake.published[0]
    assert first["message_id"] == record.message_id and first["topic_arn"] == record.topic_arn
    assert datetime.datetime.fromisoformat(first["at"]) == record.at
    assert first["attributes"]["blob"] == {"DataType": "Binary", "BinaryValue": base64.b64encode(b"\x00\xff").decode()}
    assert set(first) == {
        "message_id", "message", "account", "region", "at", "topic_arn", "target_arn", "phone_number",
        "subject", "attributes", "structure", "group_id", "dedup_id", "sequence_number",
    }  # fmt: skip


def test_deliveries_as_json_with_their_bodies(served: SnsFakeServer) -> None:
    deliveries = get_json(served, "/_snsfake/deliveries")
    assert [(item["protocol"], item["message"]) for item in deliveries] == [
        ("sqs", "order paid"),
        ("email", "order paid"),
        ("email", "order draft"),
    ]
    for item, record in zip(deliveries, served.fake.deliveries, strict=True):
        assert item["body"] == record.body
        assert item["headers"] == dict(record.headers)
        assert datetime.datetime.fromisoformat(item["at"]) == record.at
    assert json.loads(deliveries[0]["body"])["MessageAttributes"]["blob"]["Value"] == "AP8="
    assert get_json(served, "/_snsfake/deliveries?protocol=sqs&topic=orders") == deliveries[:1]


def test_skipped_and_calls_as_json(served: SnsFakeServer) -> None:
    [skipped] = get_json(served, "/_snsfake/skipped")
    assert (skipped["reason"], skipped["endpoint"]) == ("FilterPolicy", QUEUE)
    calls = get_json(served, "/_snsfake/calls?operation=Publish")
    assert [call["params"]["Message"] for call in calls] == ["order paid", "order draft"]
    assert calls[0]["params"]["MessageAttributes"]["blob"]["BinaryValue"] == "AP8="
    assert calls[0]["response"] == {"MessageId": served.fake.published[0].message_id}


def test_an_unknown_filter_field_is_a_400(served: SnsFakeServer) -> None:
    status, body = request(served, "GET", "/_snsfake/deliveries?colour=red")
    assert status == 400
    assert json.loads(body)["message"].startswith("snsfake: Delivery records have no field 'colour'; valid fields:")


def test_reset_empties_state_and_records(served: SnsFakeServer) -> None:
    assert request(served, "POST", "/_snsfake/reset") == (204, b"")
    fake = served.fake
    assert (len(fake.calls), len(fake.published), len(fake.deliveries), len(fake.skipped)) == (0, 0, 0, 0)
    assert http_client(served).list_topics()["Topics"] == []  # state too: it is fake.reset()


def test_clear_empties_the_records_only(served: SnsFakeServer) -> None:
    assert request(served, "POST", "/_snsfake/clear") == (204, b"")
    assert get_json(served, "/_snsfake/published") == []
    assert len(http_client(served).list_topics()["Topics"]) == 1


@pytest.mark.parametrize(
    ("method", "path", "status", "message"),
    [
        ("POST", "/_snsfake/published", 405, "snsfake: /_snsfake/published is read-only: GET it"),
        ("GET", "/_snsfake/reset", 405, "snsfake: POST to /_snsfake/reset (it changes the fake)"),
        ("GET", "/_snsfake/nothing", 404, "snsfake: nothing at /_snsfake/nothing"),
    ],
)
def test_introspection_refuses_what_it_does_not_serve(
    served: SnsFakeServer, method: str, path: str, status: int, message: str
) -> None:
    got_status, body = request(served, method, path)
    assert (got_status, json.loads(body)) == (status, {"message": message})
    assert len(served.fake.published) == 2


# --------------------------------------------------------------------------- every operation
PHONE = "+15555550123"
PROTECT = json.dumps(
    {
        "Name": "protect",
        "Version": "2021-06-01",
        "Statement": [
            {
                "Sid": "deny",
                "DataDirection": "Inbound",
                "Principal": ["*"],
                "DataIdentifier": ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"],
                "Operation": {"Deny": {}},
            }
        ],
    }
)
_IDS = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32,}")


def every_operation(sns: Any, fake: SnsFake) -> list[tuple[str, Any]]:
    """All 42 operations, each answered (not refused), in an order that makes each one possible."""
    results: list[tuple[str, Any]] = []

    def call(method: str, **params: Any) -> Any:
        response = getattr(sns, method)(**params)
        response.pop("ResponseMetadata")
        results.append((method, json.loads(_IDS.sub("<id>", json.dumps(response, default=str, sort_keys=True)))))
        return response

    topic = call("create_topic", Name="orders", Tags=[{"Key": "team", "Value": "billing"}])["TopicArn"]
    call("set_topic_attributes", TopicArn=topic, AttributeName="DisplayName", AttributeValue="Orders")
    call("get_topic_attributes", TopicArn=topic)
    call("list_topics")
    call("add_permission", TopicArn=topic, Label="share", AWSAccountId=["111122223333"], ActionName=["Publish"])
    call("remove_permission", TopicArn=topic, Label="share")
    call("tag_resource", ResourceArn=topic, Tags=[{"Key": "env", "Value": "test"}])
    call("untag_resource", ResourceArn=topic, TagKeys=["env"])
    call("list_tags_for_resource", ResourceArn=topic)
    call("put_data_protection_policy", ResourceArn=topic, DataProtectionPolicy=PROTECT)
    call("get_data_protection_policy", ResourceArn=topic)
    queue = call("subscribe", TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)["SubscriptionArn"]
    call("set_subscription_attributes", SubscriptionArn=queue, AttributeName="RawMessageDelivery", AttributeValue="true")
    call("get_subscription_attributes", SubscriptionArn=queue)
    call("subscribe", TopicArn=topic, Protocol="https", Endpoint="https://hooks.example.com/sns")
    token = fake.deliveries.filter(message_type="SubscriptionConfirmation").last.extra["token"]
    call("confirm_subscription", TopicArn=topic, Token=token)
    call("list_subscriptions")
    call("list_subscriptions_by_topic", TopicArn=topic)
    call("publish", TopicArn=topic, Message="one", MessageAttributes={"b": {"DataType": "Binary", "BinaryValue": b"\x00"}})
    call("publish_batch", TopicArn=topic, PublishBatchRequestEntries=[{"Id": "a", "Message": "two"}, {"Id": "b", "Message": "three"}])
    call("unsubscribe", SubscriptionArn=queue)
    app = call("create_platform_application", Name="app", Platform="GCM", Attributes={"PlatformCredential": "key"})["PlatformApplicationArn"]
    call("set_platform_application_attributes", PlatformApplicationArn=app, Attributes={"SuccessFeedbackSampleRate": "50"})
    call("get_platform_application_attributes", PlatformApplicationArn=app)
    call("list_platform_applications")
    endpoint = call("create_platform_endpoint", PlatformApplicationArn=app, Token="device-1")["EndpointArn"]
    call("set_endpoint_attributes", EndpointArn=endpoint, Attributes={"CustomUserData": "user 7"})
    call("get_endpoint_attributes", EndpointArn=endpoint)
    call("list_endpoints_by_platform_application", PlatformApplicationArn=app)
    call("delete_endpoint", EndpointArn=endpoint)
    call("delete_platform_application", PlatformApplicationArn=app)
    call("set_sms_attributes", attributes={"DefaultSMSType": "Transactional"})
    call("get_sms_attributes")
    call("get_sms_sandbox_account_status")
    call("create_sms_sandbox_phone_number", PhoneNumber=PHONE)
    call("verify_sms_sandbox_phone_number", PhoneNumber=PHONE, OneTimePassword=fake.sandbox_password(PHONE))
    call("list_sms_sandbox_phone_numbers")
    with time_machine.travel(datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=25)):
        call("delete_sms_sandbox_phone_number", PhoneNumber=PHONE)  # 24 hours after its verification
    fake.opt_out(PHONE)
    call("check_if_phone_number_is_opted_out", phoneNumber=PHONE)
    call("list_phone_numbers_opted_out")
    call("opt_in_phone_number", phoneNumber=PHONE)
    fake.add_origination_number("+15555550199")
    call("list_origination_numbers")
    call("delete_topic", TopicArn=topic)
    return results


def test_every_operation_answers_over_http_as_in_process() -> None:
    moment = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.timezone.utc)
    with time_machine.travel(moment, tick=False), snsfake.mock_sns() as fake:
        in_process = every_operation(make_client(), fake)
    with time_machine.travel(moment, tick=False), snsfake.server() as server:
        over_http = every_operation(http_client(server), server.fake)
    assert over_http == in_process
    assert {xform_name(name) for name in OPERATIONS} == {method for method, _ in over_http}
    assert [call.operation for call in server.fake.calls] == [call.operation for call in fake.calls]
