"""Mobile push through boto3: what Publish sends to platform endpoints, directly and through
topics, per platform, and how disabled or missing endpoints and applications are answered."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_errors import fails
from sns_helpers import (
    ADM,
    GCM_KEY,
    make_app,
    make_endpoint,
)

from snsfake import SnsFake


# --------------------------------------------------------------------------- Publish to endpoints
@pytest.mark.parametrize(
    ("platform", "body"),
    [
        ("APNS", {"aps": {"alert": "Your order shipped"}}),
        ("APNS_SANDBOX", {"aps": {"alert": "Your order shipped"}}),
        ("MACOS", {"aps": {"alert": "Your order shipped"}}),
        ("GCM", {"data": {"default": "Your order shipped"}}),
        ("ADM", {"data": {"default": "Your order shipped"}}),
    ],
)
def test_plain_publish_is_wrapped_for_the_platform(
    sns: Any, sns_fake: SnsFake, platform: str, body: dict[str, Any]
) -> None:
    app = make_app(sns, platform, "app", **(GCM_KEY if platform == "GCM" else ADM))
    endpoint = make_endpoint(sns, app, "device")
    message_id = sns.publish(TargetArn=endpoint, Message="Your order shipped")["MessageId"]
    delivery = sns_fake.deliveries.one(protocol="application", endpoint=endpoint)
    assert delivery.json == body
    assert delivery.message == "Your order shipped"
    assert delivery.message_id == message_id
    assert delivery.topic_arn is None and delivery.subscription_arn is None
    assert delivery.extra["platform"] == platform
    assert delivery.extra["token"] == "device"
    assert sns_fake.published.last.target_arn == endpoint


def test_wns_and_baidu_get_the_text_unwrapped(sns: Any, sns_fake: SnsFake) -> None:
    app = make_app(sns, "WNS", "windows", **ADM)
    endpoint = make_endpoint(sns, app)
    sns.publish(TargetArn=endpoint, Message="hello")
    assert sns_fake.deliveries.last.body == "hello"


def test_json_publish_picks_the_platform_payload(sns: Any, sns_fake: SnsFake) -> None:
    apns = make_endpoint(sns, make_app(sns, "APNS", "ios"), "abcd")
    gcm = make_endpoint(sns, make_app(sns, "GCM", "android"), "reg")
    apns_payload = json.dumps({"aps": {"alert": {"title": "Hi", "body": "Shipped"}, "badge": 1}})
    gcm_payload = json.dumps(
        {"fcmV1Message": {"message": {"notification": {"title": "Hi", "body": "Shipped"}}}}
    )
    message = json.dumps({"default": "Shipped", "APNS": apns_payload, "GCM": gcm_payload})
    sns.publish(TargetArn=apns, Message=message, MessageStructure="json")
    sns.publish(TargetArn=gcm, Message=message, MessageStructure="json")
    assert sns_fake.deliveries.one(endpoint=apns).body == apns_payload
    assert sns_fake.deliveries.one(endpoint=apns).extra["push_type"] == "alert"
    assert sns_fake.deliveries.one(endpoint=gcm).body == gcm_payload
    assert sns_fake.deliveries.one(endpoint=gcm).extra["push_type"] is None


def test_json_publish_falls_back_to_default_and_wraps_it(sns: Any, sns_fake: SnsFake) -> None:
    endpoint = make_endpoint(sns, make_app(sns, "APNS", "ios"), "abcd")
    sns.publish(
        TargetArn=endpoint,
        MessageStructure="json",
        Message=json.dumps({"default": "Shipped", "GCM": '{"data":{}}'}),
    )
    assert sns_fake.deliveries.last.json == {"aps": {"alert": "Shipped"}}


def test_json_publish_to_endpoint_needs_no_default(sns: Any, sns_fake: SnsFake) -> None:
    endpoint = make_endpoint(sns, make_app(sns, "GCM", "android"), "reg")
    payload = json.dumps({"data": {"key": "value"}})
    sns.publish(TargetArn=endpoint, MessageStructure="json", Message=json.dumps({"GCM": payload}))
    assert sns_fake.deliveries.last.body == payload


def test_mobile_attributes_shape_the_push(sns: Any, sns_fake: SnsFake) -> None:
    endpoint = make_endpoint(sns, make_app(sns, "APNS", "ios"), "abcd")
    background = json.dumps({"APNS": json.dumps({"aps": {"content-available": 1}, "sync": True})})
    sns.publish(
        TargetArn=endpoint,
        Message=background,
        MessageStructure="json",
        MessageAttributes={
            "AWS.SNS.MOBILE.APNS.TTL": {"DataType": "String", "StringValue": "3600"},
            "AWS.SNS.MOBILE.APNS.PRIORITY": {"DataType": "String", "StringValue": "5"},
            "trace": {"DataType": "String", "StringValue": "t-1"},
        },
    )
    delivery = sns_fake.deliveries.last
    assert delivery.extra["push_type"] == "background"
    assert delivery.extra["ttl"] == 3600
    assert delivery.extra["priority"] == "5"
    assert set(delivery.message_attributes) == {"trace"}
    sns.publish(
        TargetArn=endpoint,
        Message="ping",
        MessageAttributes={"AWS.SNS.MOBILE.APNS.PUSH_TYPE": {"DataType": "String", "StringValue": "voip"}},
    )
    assert sns_fake.deliveries.last.extra["push_type"] == "voip"
    assert sns_fake.deliveries.last.extra["ttl"] is None


def test_fcm_ttl_attribute(sns: Any, sns_fake: SnsFake) -> None:
    endpoint = make_endpoint(sns, make_app(sns, "GCM", "android"), "reg")
    sns.publish(
        TargetArn=endpoint,
        Message="m",
        MessageAttributes={"AWS.SNS.MOBILE.FCM.TTL": {"DataType": "String", "StringValue": "60"}},
    )
    assert sns_fake.deliveries.last.extra["ttl"] == 60


def test_publish_to_a_disabled_endpoint(sns: Any, sns_fake: SnsFake) -> None:
    app = make_app(sns)
    endpoint = make_endpoint(sns, app, Attributes={"Enabled": "false"})
    with fails(sns.exceptions.EndpointDisabledException, "EndpointDisabled", "Endpoint is disabled"):
        sns.publish(TargetArn=endpoint, Message="msg")
    assert not sns_fake.deliveries and not sns_fake.published


def test_reject_token_disables_the_endpoint_until_set_back(sns: Any, sns_fake: SnsFake) -> None:
    app = make_app(sns)
    endpoint = make_endpoint(sns, app, "stale-token")
    sns_fake.reject_token(endpoint)
    assert sns.get_endpoint_attributes(EndpointArn=endpoint)["Attributes"] == {
        "Enabled": "false",
        "Token": "stale-token",
    }
    with fails(sns.exceptions.EndpointDisabledException, "EndpointDisabled", "Endpoint is disabled"):
        sns.publish(TargetArn=endpoint, Message="msg")
    sns.set_endpoint_attributes(EndpointArn=endpoint, Attributes={"Token": "fresh-token", "Enabled": "true"})
    sns.publish(TargetArn=endpoint, Message="msg")
    assert sns_fake.deliveries.one(endpoint=endpoint).extra["token"] == "fresh-token"


def test_disabled_platform_application(sns: Any, sns_fake: SnsFake) -> None:
    app = make_app(sns)
    endpoint = make_endpoint(sns, app)
    sns_fake.disable_platform_application(app)
    assert (
        sns.get_platform_application_attributes(PlatformApplicationArn=app)["Attributes"]["Enabled"]
        == "false"
    )
    with fails(
        sns.exceptions.PlatformApplicationDisabledException,
        "PlatformApplicationDisabled",
        "Platform application is disabled",
    ):
        sns.publish(TargetArn=endpoint, Message="msg")
    sns_fake.enable_platform_application(app)
    sns.publish(TargetArn=endpoint, Message="msg")
    assert len(sns_fake.deliveries) == 1


def test_new_credentials_enable_a_disabled_application(sns: Any, sns_fake: SnsFake) -> None:
    app = make_app(sns)
    sns_fake.disable_platform_application(app)
    sns.set_platform_application_attributes(
        PlatformApplicationArn=app, Attributes={"PlatformCredential": "new-key"}
    )
    assert (
        sns.get_platform_application_attributes(PlatformApplicationArn=app)["Attributes"]["Enabled"] == "true"
    )


def test_publish_to_missing_or_deleted_endpoint(sns: Any) -> None:
    app = make_app(sns)
    endpoint = make_endpoint(sns, app)
    sns.delete_endpoint(EndpointArn=endpoint)
    message = "Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified"
    with fails(sns.exceptions.InvalidParameterException, "InvalidParameter", message):
        sns.publish(TargetArn=endpoint, Message="msg")
    gone = make_endpoint(sns, app, "other")
    sns.delete_platform_application(PlatformApplicationArn=app)
    with fails(sns.exceptions.InvalidParameterException, "InvalidParameter", message):
        sns.publish(TargetArn=gone, Message="msg")


def test_topic_fan_out_to_endpoints(sns: Any, sns_fake: SnsFake) -> None:
    topic = sns.create_topic(Name="news")["TopicArn"]
    ios = make_endpoint(sns, make_app(sns, "APNS", "ios"), "abcd")
    android = make_endpoint(sns, make_app(sns, "GCM", "android"), "reg")
    for endpoint in (ios, android):
        sns.subscribe(TopicArn=topic, Protocol="application", Endpoint=endpoint)
    message = json.dumps({"default": "Hello", "GCM": json.dumps({"data": {"text": "Hello"}})})
    message_id = sns.publish(TopicArn=topic, Message=message, MessageStructure="json")["MessageId"]
    assert sns_fake.deliveries.one(endpoint=ios).json == {"aps": {"alert": "Hello"}}
    assert sns_fake.deliveries.one(endpoint=android).json == {"data": {"text": "Hello"}}
    assert sns_fake.deliveries.one(endpoint=android).topic_arn == topic
    assert sns_fake.deliveries.one(endpoint=android).subscription_arn is not None
    assert sns_fake.deliveries.one(endpoint=android).message_id == message_id


def test_topic_fan_out_skips_disabled_and_deleted_endpoints(sns: Any, sns_fake: SnsFake) -> None:
    topic = sns.create_topic(Name="news")["TopicArn"]
    app = make_app(sns)
    rejected = make_endpoint(sns, app, "rejected")
    deleted = make_endpoint(sns, app, "deleted")
    healthy = make_endpoint(sns, app, "healthy")
    subscriptions = {
        endpoint: sns.subscribe(TopicArn=topic, Protocol="application", Endpoint=endpoint)["SubscriptionArn"]
        for endpoint in (rejected, deleted, healthy)
    }
    sns_fake.reject_token(rejected)
    sns.delete_endpoint(EndpointArn=deleted)
    sns.publish(TopicArn=topic, Message="Hello")
    sns_fake.deliveries.assert_count(1)
    assert sns_fake.deliveries.one().endpoint == healthy
    for endpoint in (rejected, deleted):
        skipped = sns_fake.skipped.one(endpoint=endpoint)
        assert skipped.reason == "EndpointDisabled"
        assert skipped.subscription_arn == subscriptions[endpoint]
        assert skipped.topic_arn == topic


def test_topic_fan_out_skips_endpoints_of_a_disabled_application(sns: Any, sns_fake: SnsFake) -> None:
    topic = sns.create_topic(Name="news")["TopicArn"]
    app = make_app(sns)
    endpoint = make_endpoint(sns, app)
    sns.subscribe(TopicArn=topic, Protocol="application", Endpoint=endpoint)
    sns_fake.disable_platform_application(app)
    sns.publish(TopicArn=topic, Message="Hello")
    assert not sns_fake.deliveries
    assert sns_fake.skipped.one(endpoint=endpoint).reason == "PlatformApplicationDisabled"
