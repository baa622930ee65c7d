"""What each protocol receives from Publish, through boto3: SQS envelopes (field order, exact
text) and raw bodies, http/https headers and content type, email and email-json, Lambda events
and Firehose records. (Envelopes built directly: test_envelopes_unit.py.)"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from typing import Any

import pytest
from conftest import ACCOUNT, REGION
from freezegun import freeze_time
from sns_helpers import (
    EMAIL_JSON_KEYS,
    FIREHOSE_KEYS,
    FROZEN,
    LAMBDA_KEYS,
    NOTIFICATION_KEYS,
    STANDARD_KEYS,
    TIMESTAMP,
    attribute,
    ordered,
    queue,
    subscribe,
)

from snsfake import SnsFake

CERT_URL = re.compile(
    rf"^https://sns\.{REGION}\.amazonaws\.com/SimpleNotificationService-[0-9a-f]{{32}}\.pem$"
)


EMAIL_FOOTER = (
    "\n\n--\n"
    "If you wish to stop receiving notifications from this topic, please click or visit the link below "
    "to unsubscribe:\nhttps://sns.us-east-1.amazonaws.com/unsubscribe.html?SubscriptionArn={}&Endpoint={}\n\n"
    "Please do not reply directly to this email. If you have any questions or comments regarding this "
    "email, please contact us at https://aws.amazon.com/support"
)


# --------------------------------------------------------------------------- sqs deliveries
def test_sqs_envelope_field_order_and_content(sns: Any, sns_fake: SnsFake) -> None:
    with freeze_time(FROZEN):
        arn = sns.create_topic(Name="orders")["TopicArn"]
        subscription = subscribe(sns, "sqs", queue(), arn)
        response = sns.publish(
            TopicArn=arn,
            Message='{"id": 7, "path": "a/b"}',
            Subject="New order",
            MessageAttributes={
                "color": attribute("String", "red"),
                "price": attribute("Number", "9.5"),
                "tags": attribute("String.Array", '["a","b"]'),
                "blob": attribute("Binary", b"\x00\xff"),
            },
        )
    delivery = sns_fake.deliveries.one()
    pairs = ordered(delivery.body)
    assert [key for key, _ in pairs] == NOTIFICATION_KEYS
    envelope = dict(pairs)
    assert envelope["Type"] == "Notification"
    assert envelope["MessageId"] == response["MessageId"] == delivery.message_id
    assert envelope["TopicArn"] == arn
    assert envelope["Subject"] == "New order"
    assert envelope["Message"] == '{"id": 7, "path": "a/b"}'
    assert envelope["Timestamp"] == TIMESTAMP
    assert envelope["SignatureVersion"] == "1"
    assert base64.b64decode(envelope["Signature"], validate=True)
    assert CERT_URL.match(envelope["SigningCertURL"])
    assert envelope["UnsubscribeURL"] == (
        f"https://sns.{REGION}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={subscription}"
    )
    assert envelope["MessageAttributes"] == {
        "color": {"Type": "String", "Value": "red"},
        "price": {"Type": "Number", "Value": "9.5"},
        "tags": {"Type": "String.Array", "Value": '["a","b"]'},
        "blob": {"Type": "Binary", "Value": base64.b64encode(b"\x00\xff").decode()},
    }
    # the text layout of real captured bodies: "Key" : value, two-space indent, compact attribute entries
    assert delivery.body.startswith('{\n  "Type" : "Notification",\n  "MessageId" : ')
    assert '\n    "color" : {"Type":"String","Value":"red"}' in delivery.body
    assert delivery.body.endswith("\n  }\n}")
    assert "a/b" in delivery.body  # "/" is not escaped
    assert (delivery.protocol, delivery.endpoint, delivery.subscription_arn, delivery.topic_arn) == (
        "sqs",
        queue(),
        subscription,
        arn,
    )
    assert (delivery.message_type, delivery.message, delivery.subject, delivery.status) == (
        "Notification",
        '{"id": 7, "path": "a/b"}',
        "New order",
        "delivered",
    )
    assert delivery.at == dt.datetime(2024, 1, 1, 12, 0, 0, 123456, tzinfo=dt.timezone.utc)
    assert (delivery.message_attributes, delivery.group_id, delivery.dedup_id, delivery.raw) == (
        {},
        None,
        None,
        False,
    )


def test_sqs_envelope_without_subject_or_attributes(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    subscribe(sns, "sqs", queue(), topic_arn)
    sns.publish(TopicArn=topic_arn, Message="plain")
    body = sns_fake.deliveries.one().body
    assert [key for key, _ in ordered(body)] == STANDARD_KEYS
    assert body.endswith('"\n}')


def test_raw_sqs_delivery(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    subscribe(sns, "sqs", queue(), topic_arn, RawMessageDelivery="true")
    attributes = {
        "color": attribute("String", "red"),
        "price": attribute("Number", "9.5"),
        "tags": attribute("String.Array", '["a"]'),
        "custom": attribute("String.custom", "c"),
        "blob": attribute("Binary", b"\x00\xff"),
    }
    sns.publish(TopicArn=topic_arn, Message="raw body", Subject="not sent", MessageAttributes=attributes)
    delivery = sns_fake.deliveries.one()
    assert delivery.body == "raw body" and delivery.raw
    assert delivery.message_attributes == {
        "color": {"DataType": "String", "StringValue": "red"},
        "price": {"DataType": "Number", "StringValue": "9.5"},
        "tags": {"DataType": "String.Array", "StringValue": '["a"]'},
        "custom": {"DataType": "String.custom", "StringValue": "c"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\xff"},
    }


def test_raw_sqs_delivery_with_more_than_ten_attributes_fails(
    sns: Any, sns_fake: SnsFake, topic_arn: str
) -> None:
    subscribe(sns, "sqs", queue(), topic_arn, RawMessageDelivery="true")
    attributes = {f"a{index}": attribute("String", "v") for index in range(11)}
    sns.publish(TopicArn=topic_arn, Message="m", MessageAttributes=attributes)  # Publish itself succeeds
    assert sns_fake.deliveries.one().status == "failed"


# --------------------------------------------------------------------------- http / https
def http_subscription(sns: Any, fake: SnsFake, topic: str, url: str, **attributes: str) -> str:
    protocol = url.split(":", 1)[0]
    arn = subscribe(sns, protocol, url, topic, **attributes)
    fake.confirm(arn)
    return arn


@pytest.mark.parametrize("url", ["http://example.com/hook", "https://example.com/hook"])
def test_http_notification_headers_and_body(sns: Any, sns_fake: SnsFake, topic_arn: str, url: str) -> None:
    subscription = http_subscription(sns, sns_fake, topic_arn, url)
    response = sns.publish(TopicArn=topic_arn, Message="hello")
    delivery = sns_fake.deliveries.one(message_type="Notification")
    assert delivery.protocol == url.split(":")[0] and delivery.endpoint == url
    headers = {key.lower(): value for key, value in delivery.headers.items()}
    assert headers["x-amz-sns-message-type"] == "Notification"
    assert headers["x-amz-sns-message-id"] == response["MessageId"]
    assert headers["x-amz-sns-topic-arn"] == topic_arn
    assert headers["x-amz-sns-subscription-arn"] == subscription
    assert headers["content-type"] == "text/plain; charset=UTF-8"
    assert headers["user-agent"] == "Amazon Simple Notification Service Agent"
    assert headers["accept-encoding"] == "gzip,deflate"
    assert "x-amz-sns-rawdelivery" not in headers
    assert [key for key, _ in ordered(delivery.body)] == STANDARD_KEYS
    assert delivery.json["Message"] == "hello"


def test_http_raw_delivery(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    http_subscription(sns, sns_fake, topic_arn, "https://example.com/raw", RawMessageDelivery="true")
    sns.publish(TopicArn=topic_arn, Message="raw text", MessageAttributes={"k": attribute("String", "v")})
    delivery = sns_fake.deliveries.one(message_type="Notification")
    assert delivery.body == "raw text"
    assert {key.lower(): value for key, value in delivery.headers.items()}["x-amz-sns-rawdelivery"] == "true"


TOPIC_POLICY = {"http": {"defaultRequestPolicy": {"headerContentType": "application/json"}}}


SUBSCRIPTION_POLICY = {"requestPolicy": {"headerContentType": "application/xml"}}


@pytest.mark.parametrize(
    ("topic_policy", "subscription_policy", "expected"),
    [
        (None, None, "text/plain; charset=UTF-8"),
        (TOPIC_POLICY, None, "application/json"),
        (None, SUBSCRIPTION_POLICY, "application/xml"),
        (TOPIC_POLICY, SUBSCRIPTION_POLICY, "application/xml"),
        (
            {"http": {**TOPIC_POLICY["http"], "disableSubscriptionOverrides": True}},
            SUBSCRIPTION_POLICY,
            "application/json",
        ),
    ],
    ids=["default", "topic", "subscription", "subscription-overrides-topic", "overrides-disabled"],
)
def test_http_content_type_from_delivery_policy(
    sns: Any, sns_fake: SnsFake, topic_arn: str, topic_policy: Any, subscription_policy: Any, expected: str
) -> None:
    if topic_policy is not None:
        sns.set_topic_attributes(
            TopicArn=topic_arn, AttributeName="DeliveryPolicy", AttributeValue=json.dumps(topic_policy)
        )
    attributes = {"DeliveryPolicy": json.dumps(subscription_policy)} if subscription_policy else {}
    http_subscription(sns, sns_fake, topic_arn, "https://example.com/hook", **attributes)
    sns.publish(TopicArn=topic_arn, Message="m")
    confirmation = sns_fake.deliveries.one(message_type="SubscriptionConfirmation")
    notification = sns_fake.deliveries.one(message_type="Notification")
    assert {k.lower(): v for k, v in notification.headers.items()}["content-type"] == expected
    confirmation_headers = {k.lower(): v for k, v in confirmation.headers.items()}
    assert confirmation_headers["content-type"] == "text/plain; charset=UTF-8"  # AWS-snap: always text/plain
    assert "x-amz-sns-subscription-arn" not in confirmation_headers


# --------------------------------------------------------------------------- email, email-json
def test_email_delivery(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    address = "someone@example.com"
    subscription = subscribe(sns, "email", address, topic_arn)
    sns_fake.confirm(subscription)
    sns.publish(TopicArn=topic_arn, Message="Hello by mail", Subject="Greeting")
    sns.publish(TopicArn=topic_arn, Message="No subject")
    first, second = sns_fake.deliveries.filter(message_type="Notification")
    assert first.body == "Hello by mail" + EMAIL_FOOTER.format(subscription, address)
    assert first.headers["From"] == "AWS Notifications <no-reply@sns.amazonaws.com>"
    assert first.headers["To"] == address
    assert first.headers["Subject"] == "Greeting"
    assert second.headers["Subject"] == "AWS Notification Message"
    assert second.message == "No subject"


def test_email_from_uses_the_topic_display_name(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="DisplayName", AttributeValue="Order Desk")
    sns_fake.confirm(subscribe(sns, "email", "someone@example.com", topic_arn))
    sns.publish(TopicArn=topic_arn, Message="m")
    assert sns_fake.deliveries.one(message_type="Notification").headers["From"] == (
        "Order Desk <no-reply@sns.amazonaws.com>"
    )


def test_email_json_delivery(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    subscription = subscribe(sns, "email-json", "someone@example.com", topic_arn)
    sns_fake.confirm(subscription)
    response = sns.publish(TopicArn=topic_arn, Message="json mail", Subject="S")
    delivery = sns_fake.deliveries.one(message_type="Notification")
    assert delivery.json == json.loads(delivery.body)  # the body is the JSON envelope, nothing more
    pairs = ordered(delivery.body)
    assert [key for key, _ in pairs] == EMAIL_JSON_KEYS
    envelope = dict(pairs)
    assert (envelope["MessageId"], envelope["Message"]) == (response["MessageId"], "json mail")
    assert envelope["UnsubscribeURL"].endswith(subscription)
    assert delivery.headers["Subject"] == "S"


# --------------------------------------------------------------------------- lambda, firehose
def test_lambda_event_shape(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    function = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:handler"
    with freeze_time(FROZEN):
        subscription = subscribe(sns, "lambda", function, topic_arn)
        response = sns.publish(TopicArn=topic_arn, Message="to lambda")
    delivery = sns_fake.deliveries.one()
    assert (delivery.protocol, delivery.endpoint) == ("lambda", function)
    event = delivery.json
    assert list(event) == ["Records"] and len(event["Records"]) == 1
    record = event["Records"][0]
    assert {key: value for key, value in record.items() if key != "Sns"} == {
        "EventSource": "aws:sns",
        "EventVersion": "1.0",
        "EventSubscriptionArn": subscription,
    }
    message = record["Sns"]
    assert list(message) == LAMBDA_KEYS
    assert message["Type"] == "Notification"
    assert message["MessageId"] == response["MessageId"]
    assert message["TopicArn"] == topic_arn
    assert message["Subject"] is None  # always present, null when absent
    assert message["Message"] == "to lambda"
    assert message["Timestamp"] == TIMESTAMP
    assert message["SignatureVersion"] == "1"
    assert CERT_URL.match(message["SigningCertUrl"])
    assert message["UnsubscribeUrl"] == (
        f"https://sns.{REGION}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={subscription}"
    )
    assert message["MessageAttributes"] == {}


def test_lambda_event_subject_and_attributes(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    subscribe(sns, "lambda", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:handler", topic_arn)
    sns.publish(
        TopicArn=topic_arn,
        Message="m",
        Subject="S",
        MessageAttributes={
            "color": attribute("String", "red"),
            "blob": attribute("Binary", b"\x01"),
            "typed_blob": attribute("Binary.png", b"\x02"),
            "count": attribute("Number.int", "3"),
        },
    )
    message = sns_fake.deliveries.one().json["Records"][0]["Sns"]
    assert message["Subject"] == "S"
    # Lambda knows String and Binary only: custom types fall back to their base.
    assert message["MessageAttributes"] == {
        "color": {"Type": "String", "Value": "red"},
        "blob": {"Type": "Binary", "Value": "AQ=="},
        "typed_blob": {"Type": "Binary", "Value": "Ag=="},
        "count": {"Type": "String", "Value": "3"},
    }


def test_a_json_structure_reaches_lambda_without_attributes_and_the_others_with_them(
    sns: Any, sns_fake: SnsFake, topic_arn: str
) -> None:
    # Real AWS (aws-sdk-ruby #1662, boto3 #1513): Lambda gets {} while email-json keeps them.
    function = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:handler"
    subscribe(sns, "lambda", function, topic_arn)
    subscribe(sns, "sqs", queue(), topic_arn)
    attributes = {"color": attribute("String", "red")}
    message = json.dumps({"default": "d", "lambda": "for lambda"})
    sns.publish(TopicArn=topic_arn, Message=message, MessageStructure="json", MessageAttributes=attributes)
    event = sns_fake.deliveries.one(protocol="lambda").json["Records"][0]["Sns"]
    assert event["Message"] == "for lambda" and event["MessageAttributes"] == {}
    envelope = sns_fake.deliveries.one(protocol="sqs").json
    assert envelope["MessageAttributes"] == {"color": {"Type": "String", "Value": "red"}}
    sns.publish(TopicArn=topic_arn, Message="plain", MessageAttributes=attributes)  # no structure: they go along
    event = sns_fake.deliveries.filter(protocol="lambda").last.json["Records"][0]["Sns"]
    assert event["MessageAttributes"] == {"color": {"Type": "String", "Value": "red"}}


FIREHOSE = f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/archive"


ROLE = f"arn:aws:iam::{ACCOUNT}:role/sns-firehose"


def test_firehose_record(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    with freeze_time(FROZEN):
        subscription = subscribe(sns, "firehose", FIREHOSE, topic_arn, SubscriptionRoleArn=ROLE)
        response = sns.publish(
            TopicArn=topic_arn,
            Message="archived",
            Subject="S",
            MessageAttributes={"k": attribute("String", "v")},
        )
    delivery = sns_fake.deliveries.one()
    assert (delivery.protocol, delivery.endpoint) == ("firehose", FIREHOSE)
    assert " " not in delivery.body.replace("archived", "")  # compact JSON
    pairs = ordered(delivery.body)
    assert [key for key, _ in pairs] == FIREHOSE_KEYS
    record = dict(pairs)
    assert (record["MessageId"], record["Message"], record["Timestamp"]) == (
        response["MessageId"],
        "archived",
        TIMESTAMP,
    )
    assert record["UnsubscribeURL"].endswith(f"SubscriptionArn={subscription}")
    assert record["MessageAttributes"] == {"k": {"Type": "String", "Value": "v"}}


def test_firehose_raw_record(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    subscribe(sns, "firehose", FIREHOSE, topic_arn, SubscriptionRoleArn=ROLE, RawMessageDelivery="true")
    sns.publish(TopicArn=topic_arn, Message="just this", MessageAttributes={"k": attribute("String", "v")})
    assert sns_fake.deliveries.one().body == "just this"
