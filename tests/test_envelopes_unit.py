"""Unit tests for the bodies in snsfake.protocols: field order, content and exact text of what endpoints receive."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import pytest
from sns_helpers import (
    CONFIRMATION_KEYS,
    FIFO_KEYS,
    FIREHOSE_KEYS,
    LAMBDA_KEYS,
    NOTIFICATION_KEYS,
    SIGNATURE_HASHES,
    keys_without,
    signature_verifies,
)

from snsfake import signing
from snsfake.protocols import application as application_protocol
from snsfake.protocols import email as email_protocol
from snsfake.protocols import envelope as envelopes
from snsfake.protocols import firehose as firehose_protocol
from snsfake.protocols import http as http_protocol
from snsfake.protocols import lambda_ as lambda_protocol
from snsfake.protocols import sms as sms_protocol
from snsfake.protocols import sqs as sqs_protocol

REGION = "us-west-2"
DNS = "amazonaws.com"
TOPIC = "arn:aws:sns:us-west-2:123456789012:MyTopic"
SUBSCRIPTION = TOPIC + ":c9135db0-26c4-47ec-8998-413945fb5a96"
MESSAGE_ID = "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324"
TIMESTAMP = "2012-05-02T00:54:06.655Z"
TOKEN = "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92"
CERT_URL = re.compile(r"https://sns\.us-west-2\.amazonaws\.com/SimpleNotificationService-[0-9a-f]{32}\.pem")
UNSUBSCRIBE = (
    "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
    "arn:aws:sns:us-west-2:123456789012:MyTopic:c9135db0-26c4-47ec-8998-413945fb5a96"
)
ATTRIBUTES: dict[str, dict[str, Any]] = {
    "store": {"DataType": "String", "StringValue": "example_corp"},
    "price": {"DataType": "Number", "StringValue": "210.75"},
    "tags": {"DataType": "String.Array", "StringValue": '["a", 1, true]'},
    "blob": {"DataType": "Binary", "BinaryValue": b"\x00\xffdata"},
}


def notify(**overrides: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "message_id": MESSAGE_ID,
        "topic_arn": TOPIC,
        "subject": "My First Message",
        "message": "Hello world!",
        "timestamp": TIMESTAMP,
        "subscription_arn": SUBSCRIPTION,
        "region": REGION,
        "dns_suffix": DNS,
    }
    kwargs.update(overrides)
    return envelopes.notification(**kwargs)


def verifies(message: dict[str, Any], version: str) -> bool:
    """Verify with the certificate only, building AWS's string to sign independently, hashing as ``version``."""
    return signature_verifies(message, signing.signing_certificate_pem(), SIGNATURE_HASHES[version])


# --------------------------------------------------------------------------- URLs


def test_urls() -> None:
    assert envelopes.service_url(REGION, DNS) == "https://sns.us-west-2.amazonaws.com"
    assert envelopes.service_url(region="cn-north-1", dns_suffix="amazonaws.com.cn") == (
        "https://sns.cn-north-1.amazonaws.com.cn"
    )
    assert envelopes.unsubscribe_url(REGION, DNS, SUBSCRIPTION) == UNSUBSCRIBE
    assert envelopes.subscribe_url(REGION, DNS, TOPIC, TOKEN) == (
        f"https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn={TOPIC}&Token={TOKEN}"
    )


# --------------------------------------------------------------------------- Notification


def test_notification_field_order_and_values() -> None:
    envelope = notify()
    assert list(envelope) == keys_without(NOTIFICATION_KEYS, "MessageAttributes")
    assert envelope["Type"] == "Notification"
    assert envelope["MessageId"] == MESSAGE_ID
    assert envelope["TopicArn"] == TOPIC
    assert envelope["Subject"] == "My First Message"
    assert envelope["Message"] == "Hello world!"
    assert envelope["Timestamp"] == TIMESTAMP
    assert envelope["SignatureVersion"] == "1"
    assert CERT_URL.fullmatch(envelope["SigningCertURL"])
    assert envelope["UnsubscribeURL"] == UNSUBSCRIBE


def test_notification_without_subject_or_attributes_omits_them() -> None:
    envelope = notify(subject=None)
    assert "Subject" not in envelope and "MessageAttributes" not in envelope
    assert list(envelope)[:4] == ["Type", "MessageId", "TopicArn", "Message"]
    assert "MessageAttributes" not in notify(attributes={})


def test_notification_attributes_come_last() -> None:
    envelope = notify(attributes=ATTRIBUTES)
    assert list(envelope)[-2:] == ["UnsubscribeURL", "MessageAttributes"]
    assert envelope["MessageAttributes"] == {
        "store": {"Type": "String", "Value": "example_corp"},
        "price": {"Type": "Number", "Value": "210.75"},
        "tags": {"Type": "String.Array", "Value": '["a", 1, true]'},
        "blob": {"Type": "Binary", "Value": base64.b64encode(b"\x00\xffdata").decode()},
    }


@pytest.mark.parametrize("version", ["1", "2"])
def test_notification_is_signed_with_the_topic_version(version: str) -> None:
    envelope = notify(signature_version=version, attributes=ATTRIBUTES)
    assert envelope["SignatureVersion"] == version
    assert verifies(envelope, version)
    assert verifies(notify(subject=None, signature_version=version), version)


def test_signature_is_shared_by_all_subscribers() -> None:
    first = notify(subscription_arn=TOPIC + ":a")
    second = notify(subscription_arn=TOPIC + ":b")
    assert first["Signature"] == second["Signature"]
    assert first["UnsubscribeURL"] != second["UnsubscribeURL"]


def test_unsigned_notification_keeps_every_key() -> None:
    envelope = notify(sign=False)
    assert envelope["Signature"] == ""
    assert list(envelope) == list(notify())


def test_fifo_notification_has_sequence_number_and_no_signature() -> None:
    envelope = notify(fifo=True, sequence_number="10000000000000003000", attributes=ATTRIBUTES)
    assert list(envelope) == FIFO_KEYS
    assert envelope["SequenceNumber"] == "10000000000000003000"
    assert not {"SignatureVersion", "Signature", "SigningCertURL"} & set(envelope)
    assert list(notify(fifo=True, sequence_number="1", subject=None)) == keys_without(
        FIFO_KEYS, "Subject", "MessageAttributes"
    )


def test_fifo_notification_needs_a_sequence_number() -> None:
    with pytest.raises(ValueError, match=r"^snsfake: a FIFO notification needs the SequenceNumber"):
        notify(fifo=True)


# --------------------------------------------------------------------------- confirmations


def confirm(kind: str, version: str = "1", **overrides: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "kind": kind,
        "message_id": "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
        "token": TOKEN,
        "topic_arn": TOPIC,
        "subscription_arn": SUBSCRIPTION,
        "timestamp": "2012-04-26T20:45:04.751Z",
        "region": REGION,
        "dns_suffix": DNS,
        "signature_version": version,
    }
    kwargs.update(overrides)
    return envelopes.confirmation(**kwargs)


@pytest.mark.parametrize("version", ["1", "2"])
def test_subscription_confirmation(version: str) -> None:
    envelope = confirm("SubscriptionConfirmation", version, subscription_arn=None)
    assert list(envelope) == CONFIRMATION_KEYS
    assert envelope["Type"] == "SubscriptionConfirmation"
    assert envelope["Token"] == TOKEN
    assert envelope["Message"] == (
        f"You have chosen to subscribe to the topic {TOPIC}.\n"
        "To confirm the subscription, visit the SubscribeURL included in this message."
    )
    assert envelope["SubscribeURL"] == envelopes.subscribe_url(REGION, DNS, TOPIC, TOKEN)
    assert envelope["SignatureVersion"] == version
    assert CERT_URL.fullmatch(envelope["SigningCertURL"])
    assert verifies(envelope, version)


@pytest.mark.parametrize("version", ["1", "2"])
def test_unsubscribe_confirmation(version: str) -> None:
    envelope = confirm("UnsubscribeConfirmation", version)
    assert list(envelope) == CONFIRMATION_KEYS
    assert envelope["Type"] == "UnsubscribeConfirmation"
    assert envelope["Message"] == (
        f"You have chosen to deactivate subscription {SUBSCRIPTION}.\n"
        "To cancel this operation and restore the subscription, "
        "visit the SubscribeURL included in this message."
    )
    assert envelope["SubscribeURL"] == envelopes.subscribe_url(REGION, DNS, TOPIC, TOKEN)
    assert verifies(envelope, version)


def test_confirmation_argument_errors() -> None:
    with pytest.raises(ValueError, match=r"^snsfake: an UnsubscribeConfirmation needs the subscription_arn"):
        confirm("UnsubscribeConfirmation", subscription_arn=None)
    with pytest.raises(ValueError, match=r"^snsfake: kind must be"):
        confirm("Notification")


def test_unsigned_confirmation() -> None:
    assert confirm("SubscriptionConfirmation", sign=False)["Signature"] == ""


# --------------------------------------------------------------------------- JSON text layout


# The Notification example of the AWS Developer Guide ("Amazon SNS message and JSON formats"),
# byte for byte: the layout real bodies captured from SQS queues and HTTP endpoints also have.
DOC_SIGNATURE = (
    "EXAMPLEw6JRNwm1LFQL4ICB0bnXrdB8ClRMTQFGBqwLpGbM78tJ4etTwC5zU7O3tS6tGpey3ejedNdOJ+1fkIp9F2/LmNVKb5aFlYq+9rk9Zi"
    "Pph5YlLmWsDcyC5T+Sy9/umic5S0UQc2PEtgdpVBahwNOdMW4JPwk0kAJJztnc="
)
DOC_CERT_URL = (
    "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem"
)
AWS_DOC_NOTIFICATION = (
    "{\n"
    '  "Type" : "Notification",\n'
    '  "MessageId" : "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",\n'
    '  "TopicArn" : "arn:aws:sns:us-west-2:123456789012:MyTopic",\n'
    '  "Subject" : "My First Message",\n'
    '  "Message" : "Hello world!",\n'
    '  "Timestamp" : "2012-05-02T00:54:06.655Z",\n'
    '  "SignatureVersion" : "1",\n'
    f'  "Signature" : "{DOC_SIGNATURE}",\n'
    f'  "SigningCertURL" : "{DOC_CERT_URL}",\n'
    f'  "UnsubscribeURL" : "{UNSUBSCRIBE}"\n'
    "}"
)


def test_envelope_json_matches_the_aws_example_exactly() -> None:
    assert envelopes.envelope_json(json.loads(AWS_DOC_NOTIFICATION)) == AWS_DOC_NOTIFICATION


def test_envelope_json_of_a_rendered_notification() -> None:
    envelope = notify()
    envelope["Signature"] = "SIG"
    envelope["SigningCertURL"] = "CERT"
    assert envelopes.envelope_json(envelope) == (
        "{\n"
        '  "Type" : "Notification",\n'
        f'  "MessageId" : "{MESSAGE_ID}",\n'
        f'  "TopicArn" : "{TOPIC}",\n'
        '  "Subject" : "My First Message",\n'
        '  "Message" : "Hello world!",\n'
        f'  "Timestamp" : "{TIMESTAMP}",\n'
        '  "SignatureVersion" : "1",\n'
        '  "Signature" : "SIG",\n'
        '  "SigningCertURL" : "CERT",\n'
        f'  "UnsubscribeURL" : "{UNSUBSCRIBE}"\n'
        "}"
    )


def test_envelope_json_message_attributes_are_compact_lines() -> None:
    text = envelopes.envelope_json(notify(attributes=ATTRIBUTES))
    assert text.endswith(
        ',\n  "MessageAttributes" : {\n'  # in AWS's (Java HashMap) order, not the published one
        '    "blob" : {"Type":"Binary","Value":"AP9kYXRh"},\n'
        '    "price" : {"Type":"Number","Value":"210.75"},\n'
        '    "store" : {"Type":"String","Value":"example_corp"},\n'
        '    "tags" : {"Type":"String.Array","Value":"[\\"a\\", 1, true]"}\n'
        "  }\n"
        "}"
    )


@pytest.mark.parametrize(
    ("published", "delivered"),
    [  # each recorded from AWS
        (["attr1", "attr2"], ["attr2", "attr1"]),
        (["store", "def"], ["def", "store"]),
    ],
)
def test_envelope_attributes_come_in_aws_order(published: list[str], delivered: list[str]) -> None:
    attributes = {name: {"DataType": "String", "StringValue": "v"} for name in published}
    assert list(json.loads(envelopes.envelope_json(notify(attributes=attributes)))["MessageAttributes"]) == delivered
    assert envelopes.in_aws_attribute_order(published) == delivered


def test_attribute_order_follows_a_growing_java_hashmap() -> None:
    # Worked out with java.util.HashMap's rules: 13 entries double its 16 buckets ...
    assert envelopes.in_aws_attribute_order([f"attr{i}" for i in range(13)]) == [
        "attr9", "attr6", "attr5", "attr8", "attr7", "attr2", "attr1", "attr12", "attr4", "attr11", "attr3",
        "attr10", "attr0",
    ]  # fmt: skip
    # ... and so does a ninth key in one bucket (these nine share bucket 0 of 16, not of 32)
    colliding = ["aaa", "aaq", "abb", "abr", "acc", "acs", "add", "adt", "aee"]
    assert envelopes.in_aws_attribute_order(colliding) == [
        "aaa", "abb", "acc", "add", "aee", "aaq", "abr", "acs", "adt",
    ]  # fmt: skip
    assert envelopes.in_aws_attribute_order(colliding[:8]) == colliding[:8]  # 8 stay in one bucket, in order


def test_attributes_in_one_hash_bucket_keep_the_published_order() -> None:
    # "Aa" and "BB" have the same Java hashCode: same bucket, published order kept
    assert envelopes.in_aws_attribute_order(["BB", "Aa"]) == ["BB", "Aa"]
    assert envelopes.in_aws_attribute_order(["Aa", "BB"]) == ["Aa", "BB"]


def test_envelope_json_escaping() -> None:
    message = '{"url": "https://x/y"}\n\tcafé ☕ 𝄞 "q" \\'
    text = envelopes.envelope_json(notify(message=message))
    assert '"Message" : "{\\"url\\": \\"https://x/y\\"}\\n\\tcafé ☕ 𝄞 \\"q\\" \\\\",\n' in text
    assert "\\u" not in text  # non-ASCII is written as UTF-8, not escaped
    assert "\\/" not in text
    assert not text.endswith("\n")
    assert json.loads(text)["Message"] == message


def test_envelope_json_round_trips_every_envelope() -> None:
    for envelope in (
        notify(attributes=ATTRIBUTES),
        notify(fifo=True, sequence_number="1"),
        confirm("SubscriptionConfirmation"),
        confirm("UnsubscribeConfirmation"),
    ):
        text = envelopes.envelope_json(envelope)
        parsed = json.loads(text)
        assert parsed == envelope
        assert list(parsed) == list(envelope)
        assert envelopes.envelope_json(parsed) == text


def test_envelope_json_empty_mapping() -> None:
    assert envelopes.envelope_json({"Type": "Notification", "MessageAttributes": {}}) == (
        '{\n  "Type" : "Notification",\n  "MessageAttributes" : { }\n}'
    )


# --------------------------------------------------------------------------- attribute mappings


def test_message_attributes_envelope_binary_given_as_str_is_its_utf8_bytes() -> None:
    mapped = envelopes.message_attributes_envelope({"b": {"DataType": "Binary", "BinaryValue": "é"}})
    assert mapped == {"b": {"Type": "Binary", "Value": base64.b64encode("é".encode()).decode()}}


def test_raw_sqs_message_attributes() -> None:
    assert sqs_protocol.raw_sqs_message_attributes(ATTRIBUTES) == {
        "store": {"DataType": "String", "StringValue": "example_corp"},
        "price": {"DataType": "Number", "StringValue": "210.75"},
        "tags": {"DataType": "String.Array", "StringValue": '["a", 1, true]'},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\xffdata"},
    }
    assert sqs_protocol.raw_sqs_message_attributes({"b": {"DataType": "Binary", "BinaryValue": "xy"}}) == {
        "b": {"DataType": "Binary", "BinaryValue": b"xy"}
    }
    assert sqs_protocol.raw_sqs_message_attributes({}) == {}


# --------------------------------------------------------------------------- Lambda


def lambda_payload(**overrides: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "subscription_arn": SUBSCRIPTION,
        "message_id": MESSAGE_ID,
        "topic_arn": TOPIC,
        "subject": None,
        "message": "Hello from SNS!",
        "timestamp": TIMESTAMP,
        "region": REGION,
        "dns_suffix": DNS,
        "attributes": None,
        "signature_version": "1",
    }
    kwargs.update(overrides)
    return lambda_protocol.lambda_event(**kwargs)


def test_lambda_event_shape_and_casing() -> None:
    event = lambda_payload()
    assert list(event) == ["Records"] and len(event["Records"]) == 1
    record = event["Records"][0]
    assert list(record) == ["EventSource", "EventVersion", "EventSubscriptionArn", "Sns"]
    assert record["EventSource"] == "aws:sns"
    assert record["EventVersion"] == "1.0"
    assert record["EventSubscriptionArn"] == SUBSCRIPTION
    sns = record["Sns"]
    assert list(sns) == LAMBDA_KEYS
    assert sns["Subject"] is None
    assert sns["MessageAttributes"] == {}
    assert CERT_URL.fullmatch(sns["SigningCertUrl"])
    assert sns["UnsubscribeUrl"] == UNSUBSCRIBE
    assert json.loads(json.dumps(event)) == event


def test_lambda_event_subject_and_attribute_types() -> None:
    sns = lambda_payload(subject="TestInvoke", attributes=ATTRIBUTES)["Records"][0]["Sns"]
    assert sns["Subject"] == "TestInvoke"
    assert sns["MessageAttributes"] == {
        "store": {"Type": "String", "Value": "example_corp"},
        "price": {"Type": "String", "Value": "210.75"},
        "tags": {"Type": "String", "Value": '["a", 1, true]'},
        "blob": {"Type": "Binary", "Value": "AP9kYXRh"},
    }


@pytest.mark.parametrize("version", ["1", "2"])
def test_lambda_reports_version_1_but_signs_with_the_topic_version(version: str) -> None:
    sns = lambda_payload(signature_version=version, subject="s")["Records"][0]["Sns"]
    assert sns["SignatureVersion"] == "1"
    assert verifies(sns, version)
    assert not verifies(sns, "2" if version == "1" else "1")


# --------------------------------------------------------------------------- Firehose


def firehose(**overrides: Any) -> str:
    kwargs: dict[str, Any] = {
        "message_id": MESSAGE_ID,
        "topic_arn": TOPIC,
        "subject": "My 1st subject",
        "message": "My 1st body",
        "timestamp": TIMESTAMP,
        "subscription_arn": SUBSCRIPTION,
        "region": REGION,
        "dns_suffix": DNS,
    }
    kwargs.update(overrides)
    return firehose_protocol.firehose_record(**kwargs)


def test_firehose_record_is_compact_json_without_signature() -> None:
    text = firehose(attributes={"myKey1": {"DataType": "String", "StringValue": "myValue1"}})
    assert text == (
        '{"Type":"Notification",'
        f'"MessageId":"{MESSAGE_ID}",'
        f'"TopicArn":"{TOPIC}",'
        '"Subject":"My 1st subject",'
        '"Message":"My 1st body",'
        f'"Timestamp":"{TIMESTAMP}",'
        f'"UnsubscribeURL":"{UNSUBSCRIBE}",'
        '"MessageAttributes":{"myKey1":{"Type":"String","Value":"myValue1"}}}'
    )
    assert list(json.loads(firehose(subject=None))) == keys_without(FIREHOSE_KEYS, "Subject", "MessageAttributes")


def test_firehose_raw_is_the_message_only() -> None:
    assert firehose(raw=True, attributes=ATTRIBUTES) == "My 1st body"


# --------------------------------------------------------------------------- HTTP headers


def http_headers(message_type: str, message_id: str, **overrides: Any) -> dict[str, str]:
    kwargs: dict[str, Any] = {
        "message_type": message_type,
        "message_id": message_id,
        "topic_arn": TOPIC,
        "subscription_arn": SUBSCRIPTION,
    }
    kwargs.update(overrides)
    return http_protocol.http_headers(**kwargs)


def test_http_headers_notification() -> None:
    headers = http_headers("Notification", MESSAGE_ID, raw=False)
    assert headers == {
        "x-amz-sns-message-type": "Notification",
        "x-amz-sns-message-id": MESSAGE_ID,
        "x-amz-sns-topic-arn": TOPIC,
        "x-amz-sns-subscription-arn": SUBSCRIPTION,
        "Content-Type": "text/plain; charset=UTF-8",
        "User-Agent": "Amazon Simple Notification Service Agent",
        "Accept-Encoding": "gzip,deflate",
    }


def test_http_headers_raw_notification_with_custom_content_type() -> None:
    headers = http_headers("Notification", MESSAGE_ID, raw=True, content_type="application/json")
    assert headers["x-amz-sns-rawdelivery"] == "true"
    assert headers["Content-Type"] == "application/json"
    assert "Content-Length" not in headers  # the wire's, added to the request a handler sees


def test_http_headers_subscription_confirmation() -> None:
    headers = http_headers("SubscriptionConfirmation", "c-1", raw=True, content_type="application/json")
    assert "x-amz-sns-subscription-arn" not in headers
    assert "x-amz-sns-rawdelivery" not in headers
    assert headers["x-amz-sns-message-type"] == "SubscriptionConfirmation"
    assert headers["x-amz-sns-message-id"] == "c-1"
    assert headers["Content-Type"] == "text/plain; charset=UTF-8"


def test_http_headers_unsubscribe_confirmation() -> None:
    headers = http_headers("UnsubscribeConfirmation", "u-1")
    assert headers["x-amz-sns-subscription-arn"] == SUBSCRIPTION
    assert headers["Content-Type"] == "text/plain; charset=UTF-8"


# --------------------------------------------------------------------------- email, SMS


def email(**overrides: Any) -> dict[str, str]:
    kwargs: dict[str, Any] = {
        "display_name": "",
        "subject": None,
        "body": "Your order shipped.",
        "subscription_arn": SUBSCRIPTION,
        "endpoint": "user@example.com",
        "region": REGION,
        "dns_suffix": DNS,
    }
    kwargs.update(overrides)
    return email_protocol.email_message(**kwargs)


def test_email_notification() -> None:
    assert email() == {
        "From": "AWS Notifications <no-reply@sns.amazonaws.com>",
        "To": "user@example.com",
        "Subject": "AWS Notification Message",
        "Content-Type": "text/plain; charset=UTF-8",
        "Body": "Your order shipped.\n\n--\n"
        "If you wish to stop receiving notifications from this topic, please click or visit the link below "
        "to unsubscribe:\n"
        f"https://sns.us-west-2.amazonaws.com/unsubscribe.html?SubscriptionArn={SUBSCRIPTION}"
        "&Endpoint=user@example.com\n\n"
        "Please do not reply directly to this email. If you have any questions or comments regarding this "
        "email, please contact us at https://aws.amazon.com/support",
    }


def test_email_uses_display_name_and_subject() -> None:
    message = email(display_name="Order Service", subject="Shipped")
    assert message["From"] == "Order Service <no-reply@sns.amazonaws.com>"
    assert message["Subject"] == "Shipped"
    assert email(display_name='Acme, "Inc"')["From"] == '"Acme, \\"Inc\\"" <no-reply@sns.amazonaws.com>'


def test_email_json_body_is_the_envelope_then_the_footer() -> None:
    body = envelopes.envelope_json(notify())
    message = email(protocol="email-json", body=body)
    assert message["Body"].startswith(body + "\n\n--\nIf you wish to stop receiving notifications")
    assert json.loads(message["Body"].split("\n\n--\n", 1)[0]) == json.loads(body)
    assert message["Subject"] == "AWS Notification Message"


def test_confirmation_email() -> None:
    message = email_protocol.confirmation_email(
        topic_arn=TOPIC, token=TOKEN, endpoint="user@example.com", region=REGION, dns_suffix=DNS
    )
    assert message["From"] == "AWS Notifications <no-reply@sns.amazonaws.com>"
    assert message["Subject"] == "AWS Notification - Subscription Confirmation"
    assert message["Content-Type"] == "text/html; charset=UTF-8"
    body = message["Body"]
    assert f"You have chosen to subscribe to the topic:<br>{TOPIC}" in body
    assert (
        "To confirm this subscription, click or visit the link below "
        "(If this was in error no action is necessary):" in body
    )
    assert (
        f'<a href="https://sns.us-west-2.amazonaws.com/confirmation.html?TopicArn={TOPIC}&Token={TOKEN}'
        '&Endpoint=user@example.com">Confirm subscription</a>'
    ) in body
    as_json = email_protocol.confirmation_email(
        topic_arn=TOPIC, token=TOKEN, endpoint="u@example.com", region=REGION, dns_suffix=DNS, json_body="{}"
    )
    assert as_json["Body"] == "{}" and as_json["Content-Type"] == "text/plain; charset=UTF-8"


def test_sms_text() -> None:
    assert sms_protocol.sms_text(display_name="Shop", text="Code 1234", from_topic=True) == "SHOP> Code 1234"
    assert sms_protocol.sms_text(display_name="", text="Code 1234", from_topic=True) == "Code 1234"
    assert sms_protocol.sms_text(display_name="Shop", text="Code 1234", from_topic=False) == "Code 1234"


# --------------------------------------------------------------------------- mobile push


@pytest.mark.parametrize("platform", ["APNS", "APNS_SANDBOX", "APNS_VOIP", "MACOS_SANDBOX"])
def test_application_payload_apple_wraps_plain_text(platform: str) -> None:
    payload = application_protocol.application_payload(platform=platform, message="Hi é", structured=False)
    assert payload == '{"aps":{"alert":"Hi é"}}'


@pytest.mark.parametrize("platform", ["GCM", "ADM"])
def test_application_payload_data_default(platform: str) -> None:
    payload = application_protocol.application_payload(platform=platform, message="Hi", structured=False)
    assert json.loads(payload) == {"data": {"default": "Hi"}}


def test_application_payload_structured_and_other_platforms() -> None:
    custom = '{"aps":{"alert":"x","badge":1},"k":"v"}'
    assert application_protocol.application_payload(platform="APNS", message=custom, structured=True) == custom
    assert application_protocol.application_payload(platform="BAIDU", message="Hi", structured=False) == "Hi"
