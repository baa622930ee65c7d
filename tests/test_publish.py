"""Publish and PublishBatch through boto3: validation (order, exact errors), size limits,
FIFO deduplication and sequence numbers, MessageStructure=json, and what every protocol
receives (envelopes, raw bodies, headers, signatures), plus the published records."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from typing import Any

import boto3
import pytest
from aws_errors import aws_error, validation_error
from botocore.config import Config
from botocore.exceptions import ClientError
from conftest import ACCOUNT, REGION, make_client
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from freezegun import freeze_time
from helpers import attribute, fifo_topic, ordered, queue, subscribe

from snsfake import SnsFake

TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}:orders"
LIMIT = 262_144
FROZEN = "2024-01-01T12:00:00.123456+00:00"
TIMESTAMP = "2024-01-01T12:00:00.123Z"
CERT_URL = re.compile(
    rf"^https://sns\.{REGION}\.amazonaws\.com/SimpleNotificationService-[0-9a-f]{{32}}\.pem$"
)
STANDARD_KEYS = [
    "Type",
    "MessageId",
    "TopicArn",
    "Message",
    "Timestamp",
    "SignatureVersion",
    "Signature",
    "SigningCertURL",
    "UnsubscribeURL",
]
INVALID_TYPE = (
    "has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String."
)
BAD_CHARACTER = (
    "Invalid non-alphanumeric character '#x{}' was found in the message attribute name. "
    "Can only include alphanumeric characters, hyphens, underscores, or dots."
)
DEDUP_ON_STANDARD = (
    "Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter "
    "that is not valid for this topic type"
)
CBD_REQUIRED = (
    "Invalid parameter: The topic should either have ContentBasedDeduplication enabled or "
    "MessageDeduplicationId provided explicitly"
)
GROUP_ID_INVALID = (
    "Invalid parameter: MessageGroupId Reason: MessageGroupId can only include alphanumeric and punctuation "
    "characters. 1 to 128 in length."
)
DEDUP_ID_INVALID = (
    "Invalid parameter: MessageDeduplicationId Reason: MessageDeduplicationId can only include alphanumeric "
    "and punctuation characters. 1 to 128 in length."
)
RESERVED = "Message attribute names starting with 'AWS.' or 'Amazon.' are reserved for use by Amazon."
EMAIL_FOOTER = (
    "\n\n--\n"
    "If you wish to stop receiving notifications from this topic, please click or visit the link below "
    "to unsubscribe:\nhttps://sns.us-east-1.amazonaws.com/unsubscribe.html?SubscriptionArn={}&Endpoint={}\n\n"
    "Please do not reply directly to this email. If you have any questions or comments regarding this "
    "email, please contact us at https://aws.amazon.com/support"
)


# --------------------------------------------------------------------------- helpers
def unvalidated_client() -> Any:
    """A client that lets through what botocore would reject, as other SDKs and raw HTTP can send it."""
    return boto3.session.Session().client(
        "sns",
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(parameter_validation=False),
    )


def verify(fields: dict[str, Any], pem: str, algorithm: hashes.HashAlgorithm) -> None:
    """Verify a Notification with nothing but the certificate, building AWS's string to sign here."""
    names = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
    text = "".join(f"{name}\n{fields[name]}\n" for name in names if fields.get(name) is not None)
    key = x509.load_pem_x509_certificate(pem.encode("ascii")).public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    key.verify(base64.b64decode(fields["Signature"]), text.encode("utf-8"), padding.PKCS1v15(), algorithm)


# --------------------------------------------------------------------------- Publish: errors
PUBLISH_ERRORS = [
    # id, kwargs (TopicArn defaults to TOPIC unless a target key is given), exception, code, message
    (
        "empty-subject",
        {"Subject": ""},
        "InvalidParameterException",
        "InvalidParameter",
        "Invalid parameter: Subject",
    ),
    (
        "subject-101-chars",
        {"Subject": "s" * 101},
        "InvalidParameterException",
        "InvalidParameter",
        "Invalid parameter: Subject",
    ),
    (
        "subject-newline",
        {"Subject": "line\nbreak"},
        "InvalidParameterException",
        "InvalidParameter",
        "Invalid parameter: Subject",
    ),
    (
        "subject-control-char",
        {"Subject": "bell\x07"},
        "InvalidParameterException",
        "InvalidParameter",
        "Invalid parameter: Subject",
    ),
    (
        "empty-message",
        {"Message": ""},
        "InvalidParameterException",
        "InvalidParameter",
        "Invalid parameter: Empty message",
    ),
    (
        "no-target",
        {"TopicArn": None},
        "InvalidParameterException",
        "InvalidParameter",
        "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter",
    ),
    # AWS does not document the wording; the class and code are certain
    (
        "topic-and-target",
        {"TargetArn": TOPIC},
        "InvalidParameterException",
        "InvalidParameter",
        "Invalid parameter: TopicArn Reason: Only one of TopicArn or TargetArn may be specified",
    ),
    (
        "arn-one-part",
        {"TopicArn": "orders"},
        "InvalidParameterException",
        "InvalidParameter",
        "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1",
    ),
    (  # a recorded AWS reply: an empty TopicArn is a value, and fails the shape check
        "arn-empty",
        {"TopicArn": ""},
        "InvalidParameterException",
        "InvalidParameter",
        "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1",
    ),
    (
        "target-arn-empty",
        {"TopicArn": None, "TargetArn": ""},
        "InvalidParameterException",
        "InvalidParameter",
        "Invalid parameter: TargetArn Reason: An ARN must have at least 6 elements, not 1",
    ),
    (
        "empty-topic-arn-and-target",
        {"TopicArn": "", "TargetArn": TOPIC},
        "InvalidParameterException",
        "InvalidParameter",
        "Invalid parameter: TopicArn Reason: Only one of TopicArn or TargetArn may be specified",
    ),
    (
        "arn-five-parts",
        {"TopicArn": "arn:aws:sns:us-east-1:123456789012"},
        "InvalidParameterException",
        "InvalidParameter",
        "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 5",
    ),
    (
        "topic-other-region",
        {"TopicArn": TOPIC.replace(REGION, "eu-west-1")},
        "InvalidParameterException",
        "InvalidParameter",
        "Invalid parameter: TopicArn",
    ),
    (
        "target-topic-other-region",
        {"TopicArn": None, "TargetArn": TOPIC.replace(REGION, "eu-west-1")},
        "InvalidParameterException",
        "InvalidParameter",
        "Invalid parameter: TargetArn",
    ),
    ("missing-topic", {"TopicArn": TOPIC + "-gone"}, "NotFoundException", "NotFound", "Topic does not exist"),
    (
        "missing-topic-as-target",
        {"TopicArn": None, "TargetArn": TOPIC + "-gone"},
        "NotFoundException",
        "NotFound",
        "Topic does not exist",
    ),
    (
        "dedup-id-on-standard-topic",
        {"MessageDeduplicationId": "d1"},
        "InvalidParameterException",
        "InvalidParameter",
        DEDUP_ON_STANDARD,
    ),
    (
        "message-too-long",
        {"Message": "x" * (LIMIT + 1)},
        "InvalidParameterException",
        "InvalidParameter",
        "Invalid parameter: Message too long",
    ),
    (
        "structure-not-json",
        {"Message": "not json", "MessageStructure": "json"},
        "InvalidParameterException",
        "InvalidParameter",
        "Invalid parameter: Message Structure - JSON message body failed to parse",
    ),
    (
        "structure-not-an-object",
        {"Message": '["default"]', "MessageStructure": "json"},
        "InvalidParameterException",
        "InvalidParameter",
        "Invalid parameter: Message Structure - JSON message body failed to parse",
    ),
    (
        "structure-no-default",
        {"Message": '{"sqs": "to queues"}', "MessageStructure": "json"},
        "InvalidParameterException",
        "InvalidParameter",
        "Invalid parameter: Message Structure - No default entry in JSON message body",
    ),
    (
        "structure-default-not-string",
        {"Message": '{"default": {"a": 1}}', "MessageStructure": "json"},
        "InvalidParameterException",
        "InvalidParameter",
        "Invalid parameter: Message Structure - No default entry in JSON message body",
    ),
    # a topic given as TargetArn needs the default too (aws-sdk-ruby #346, real AWS)
    (
        "structure-no-default-target-topic",
        {"TopicArn": None, "TargetArn": TOPIC, "Message": '{"sqs": "x"}', "MessageStructure": "json"},
        "InvalidParameterException",
        "InvalidParameter",
        "Invalid parameter: Message Structure - No default entry in JSON message body",
    ),
]


@pytest.mark.parametrize(
    ("overrides", "exception", "code", "message"),
    [case[1:] for case in PUBLISH_ERRORS],
    ids=[case[0] for case in PUBLISH_ERRORS],
)
def test_publish_rejects(
    sns: Any,
    sns_fake: SnsFake,
    topic_arn: str,
    overrides: dict[str, Any],
    exception: str,
    code: str,
    message: str,
) -> None:
    subscribe(sns, "sqs", queue(), topic_arn)
    kwargs = {"TopicArn": topic_arn, "Message": "hello", **overrides}
    kwargs = {key: value for key, value in kwargs.items() if value is not None}
    with aws_error(sns, exception, code, message):
        sns.publish(**kwargs)
    assert not sns_fake.published and not sns_fake.deliveries and not sns_fake.skipped


def test_duplicate_keys_in_a_json_structure_are_accepted_and_the_last_wins(
    sns: Any, sns_fake: SnsFake, topic_arn: str
) -> None:
    # The API Reference says duplicate keys are not allowed; AWS accepts them (a recorded AWS reply).
    subscribe(sns, "sqs", queue(), topic_arn)
    message = '{"default": "first", "default": "second", "sqs": "q1", "sqs": "q2"}'
    message_id = sns.publish(TopicArn=topic_arn, Message=message, MessageStructure="json")["MessageId"]
    delivery = sns_fake.deliveries.one()
    assert delivery.message_id == message_id and delivery.json["Message"] == "q2"
    assert sns_fake.published.one().message == message


def test_non_ascii_and_unencodable_messages_take_the_same_path_with_or_without_a_subject(
    sns: Any, sns_fake: SnsFake, topic_arn: str
) -> None:
    sns.publish(TopicArn=topic_arn, Message="café ☕")
    sns.publish(TopicArn=topic_arn, Message="café ☕", Subject="s")
    assert [item.message for item in sns_fake.published] == ["café ☕", "café ☕"]
    for extra in ({}, {"Subject": "s"}):  # a lone surrogate cannot be sent as UTF-8 (botocore fails the same way)
        with pytest.raises(UnicodeEncodeError):
            sns.publish(TopicArn=topic_arn, Message="a\ud800b", **extra)
    assert len(sns_fake.published) == 2


def test_subject_of_100_characters_is_accepted(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    # Real AWS accepts exactly 100 and rejects 101 (getmoto/moto#1503), though the docs say "less than 100".
    sns.publish(TopicArn=topic_arn, Message="m", Subject="s" * 100)
    assert sns_fake.published.last.subject == "s" * 100


def test_target_arn_naming_a_topic_publishes_to_it(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    subscribe(sns, "sqs", queue(), topic_arn)
    response = sns.publish(TargetArn=topic_arn, Message="via TargetArn")
    published = sns_fake.published.one()
    assert (published.message_id, published.topic_arn) == (response["MessageId"], topic_arn)
    assert sns_fake.deliveries.one().message == "via TargetArn"


ORDER_CASES = [
    # (id, kwargs, topic: "standard" | "fifo" | "missing-fifo", expected message): two faults, the earlier wins
    (
        "subject-before-empty-message",
        {"Subject": "", "Message": ""},
        "standard",
        "Invalid parameter: Subject",
    ),
    (
        "empty-message-before-target",
        {"Message": "", "TopicArn": None},
        "standard",
        "Invalid parameter: Empty message",
    ),
    (
        "target-before-attributes",
        {"TopicArn": None, "MessageAttributes": {"a^": attribute("String", "v")}},
        "standard",
        "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter",
    ),
    (
        "attributes-before-size",
        {"Message": "x" * (LIMIT + 1), "MessageAttributes": {".a": attribute("String", "v")}},
        "standard",
        "Invalid message attribute name starting with character '.' was found.",
    ),
    (
        "attributes-before-missing-topic",
        {"TopicArn": TOPIC + "-gone", "MessageAttributes": {"a": attribute("Number", "x")}},
        "standard",
        "Could not cast message attribute 'a' value to number.",
    ),
    ("size-before-fifo-group", {"Message": "x" * (LIMIT + 1)}, "fifo", "Invalid parameter: Message too long"),
    (
        "size-before-missing-topic",
        {"TopicArn": TOPIC + "-gone", "Message": "x" * (LIMIT + 1)},
        "standard",
        "Invalid parameter: Message too long",
    ),
    (
        "fifo-group-before-missing-topic",
        {},
        "missing-fifo",
        "Invalid parameter: The MessageGroupId parameter is required for FIFO topics",
    ),
    (
        "fifo-group-before-structure",
        {"Message": "not json", "MessageStructure": "json"},
        "fifo",
        "Invalid parameter: The MessageGroupId parameter is required for FIFO topics",
    ),
    (
        "dedup-id-before-structure",
        {"MessageDeduplicationId": "d", "Message": "{", "MessageStructure": "json"},
        "standard",
        DEDUP_ON_STANDARD,
    ),
    (
        "structure-before-missing-topic",
        {"TopicArn": TOPIC + "-gone", "Message": "{", "MessageStructure": "json"},
        "standard",
        "Invalid parameter: Message Structure - JSON message body failed to parse",
    ),
    # LocalStack: topic existence is checked before ContentBasedDeduplication
    ("missing-topic-before-dedup-rule", {"MessageGroupId": "g"}, "missing-fifo", "Topic does not exist"),
    (
        "cbd-rule-before-structure",
        {"MessageGroupId": "g", "Message": "{", "MessageStructure": "json"},
        "fifo",
        CBD_REQUIRED,
    ),
]


@pytest.mark.parametrize(
    ("overrides", "kind", "message"),
    [case[1:] for case in ORDER_CASES],
    ids=[case[0] for case in ORDER_CASES],
)
def test_publish_validation_order(sns: Any, overrides: dict[str, Any], kind: str, message: str) -> None:
    arn = TOPIC
    if kind == "standard":
        sns.create_topic(Name="orders")
    elif kind == "fifo":
        arn = fifo_topic(sns)
    else:
        arn = f"arn:aws:sns:{REGION}:{ACCOUNT}:missing.fifo"
    kwargs = {"TopicArn": arn, "Message": "hello", **overrides}
    kwargs = {key: value for key, value in kwargs.items() if value is not None}
    with pytest.raises(ClientError) as caught:
        sns.publish(**kwargs)
    assert caught.value.response["Error"]["Message"] == message


# --------------------------------------------------------------------------- message attributes
ATTRIBUTE_ERRORS = [
    (
        "string-empty-value",
        {"a": attribute("String", "")},
        "The message attribute 'a' must contain non-empty message attribute value for message attribute type 'String'.",
    ),
    (
        "string-no-value",
        {"a": {"DataType": "String"}},
        "The message attribute 'a' must contain non-empty message attribute value for message attribute type 'String'.",
    ),
    (
        "number-empty-value",
        {"n": attribute("Number", "")},
        "The message attribute 'n' must contain non-empty message attribute value for message attribute type 'Number'.",
    ),
    (
        "custom-type-empty-value",
        {"a": attribute("String.custom", "")},
        (
            "The message attribute 'a' must contain non-empty message attribute value for message attribute type "
            "'String.custom'."
        ),
    ),
    (
        "binary-empty-value",
        {"b": attribute("Binary", b"")},
        "The message attribute 'b' must contain non-empty message attribute value for message attribute type 'Binary'.",
    ),
    (
        "string-given-binary",
        {"a": attribute("String", b"bytes")},
        "The message attribute 'a' with type 'String' must use field 'String'.",
    ),
    (
        "number-given-binary",
        {"n": attribute("Number", b"1")},
        "The message attribute 'n' with type 'Number' must use field 'String'.",
    ),
    (
        "binary-given-string",
        {"b": attribute("Binary", "text")},
        "The message attribute 'b' with type 'Binary' must use field 'Binary'.",
    ),
    ("type-trailing-dot", {"a": attribute("String.", "v")}, f"The message attribute 'a' {INVALID_TYPE}"),
    (
        "type-glued-suffix",
        {"a": attribute("Stringprefixed", "v")},
        f"The message attribute 'a' {INVALID_TYPE}",
    ),
    ("type-unknown", {"a": attribute("Integer", "1")}, f"The message attribute 'a' {INVALID_TYPE}"),
    ("type-lower-case", {"a": attribute("string", "v")}, f"The message attribute 'a' {INVALID_TYPE}"),
    ("type-empty", {"a": attribute("", "v")}, f"The message attribute 'a' {INVALID_TYPE}"),
    (
        "name-257-bytes",
        {"n" * 257: attribute("String", "v")},
        "Length of message attribute name must be less than 256 bytes.",
    ),
    ("name-caret", {"a^b": attribute("String", "v")}, BAD_CHARACTER.format("5E")),
    ("name-space", {"a b": attribute("String", "v")}, BAD_CHARACTER.format("20")),
    ("name-at", {"a@b": attribute("String", "v")}, BAD_CHARACTER.format("40")),
    ("name-slash", {"a/b": attribute("String", "v")}, BAD_CHARACTER.format("2F")),
    (
        "name-leading-dot",
        {".a": attribute("String", "v")},
        "Invalid message attribute name starting with character '.' was found.",
    ),
    (
        "name-trailing-dot",
        {"a.": attribute("String", "v")},
        "Invalid message attribute name ending with character '.' was found.",
    ),
    (
        "name-successive-dots",
        {"a..b": attribute("String", "v")},
        "Message attribute name can not have successive '.' character.",
    ),
    ("reserved-aws", {"AWS.custom": attribute("String", "v")}, RESERVED),
    ("reserved-amazon", {"Amazon.custom": attribute("String", "v")}, RESERVED),
    ("reserved-any-case", {"aws.custom": attribute("String", "v")}, RESERVED),
    # the allow-list is case-sensitive: real AWS rejected SenderId (aws-sdk-js #3110)
    ("reserved-wrong-case", {"AWS.SNS.SMS.SenderId": attribute("String", "v")}, RESERVED),
    # probable AWS text (the SQS wording, quoted from a botocore error)
    (
        "number-not-numeric",
        {"n": attribute("Number", "12a")},
        "Could not cast message attribute 'n' value to number.",
    ),
    (
        "number-blank",
        {"n": attribute("Number", " ")},
        "Could not cast message attribute 'n' value to number.",
    ),
    *(
        (f"number-{label}", {"n": attribute("Number", text)}, "Could not cast message attribute 'n' value to number.")
        for label, text in [
            ("underscores", "1_000"),
            ("padded", " 5 "),
            ("non-ascii-digits", "\uff11\uff12"),
            ("nan", "NaN"),
            ("infinity", "Infinity"),
            ("too-large", "1e400"),
        ]
    ),
    # wording unconfirmed
    (
        "type-over-256-bytes",
        {"a": attribute("String." + "x" * 250, "v")},
        "Length of message attribute type must be less than 256 bytes.",
    ),
]


@pytest.mark.parametrize(
    ("attributes", "message"),
    [case[1:] for case in ATTRIBUTE_ERRORS],
    ids=[case[0] for case in ATTRIBUTE_ERRORS],
)
def test_publish_rejects_message_attribute(
    sns: Any, sns_fake: SnsFake, topic_arn: str, attributes: dict[str, Any], message: str
) -> None:
    with aws_error(sns, "InvalidParameterValueException", "ParameterValueInvalid", message):
        sns.publish(TopicArn=topic_arn, Message="m", MessageAttributes=attributes)
    assert not sns_fake.published


@pytest.mark.parametrize(
    ("attributes", "message"),
    [case[1:] for case in ATTRIBUTE_ERRORS],
    ids=[case[0] for case in ATTRIBUTE_ERRORS],
)
def test_publish_batch_rejects_message_attribute_for_the_whole_request(
    sns: Any, sns_fake: SnsFake, topic_arn: str, attributes: dict[str, Any], message: str
) -> None:
    entries = [
        {"Id": "ok", "Message": "fine"},
        {"Id": "bad", "Message": "m", "MessageAttributes": attributes},
    ]
    with aws_error(sns, "InvalidParameterValueException", "ParameterValueInvalid", message):
        sns.publish_batch(TopicArn=topic_arn, PublishBatchRequestEntries=entries)
    assert not sns_fake.published


VALID_ATTRIBUTES = [
    ("name-256-bytes", "n" * 256, "String", "v"),
    ("name-all-allowed-characters", "Az09_-.x", "String", "v"),
    ("custom-string-type", "a", "String.prefixed", "v"),
    ("custom-type-with-spaces-and-dot", "a", "String.  prefixed.", "v"),
    ("number", "a", "Number", "-12.5"),
    ("custom-number-type", "a", "Number.java.lang.Long", "1723202440316"),
    ("string-array", "a", "String.Array", '["a", 1, true, null]'),
    # SNS does not check that an array attribute holds a JSON array
    ("string-array-of-one-number", "a", "String.Array", "100"),
    ("string-array-not-json", "a", "String.Array", "[oops"),
    ("number-array-not-json", "a", "Number.Array", "one hundred"),
    ("custom-binary-type", "a", "Binary.gif", b"GIF89a"),
    ("reserved-sms-sender-id", "AWS.SNS.SMS.SenderID", "String", "Sender"),
    ("reserved-mm-origination-number", "AWS.MM.SMS.OriginationNumber", "String", "+15555550100"),
    ("reserved-mobile-ttl", "AWS.SNS.MOBILE.APNS.TTL", "String", "60"),
    ("aws-without-dot-is-not-reserved", "AWSomething", "String", "v"),
]


@pytest.mark.parametrize(
    ("name", "data_type", "value"),
    [case[1:] for case in VALID_ATTRIBUTES],
    ids=[case[0] for case in VALID_ATTRIBUTES],
)
def test_publish_accepts_message_attribute(
    sns: Any, sns_fake: SnsFake, topic_arn: str, name: str, data_type: str, value: str | bytes
) -> None:
    subscribe(sns, "sqs", queue(), topic_arn)
    sns.publish(TopicArn=topic_arn, Message="m", MessageAttributes={name: attribute(data_type, value)})
    expected = base64.b64encode(value).decode() if isinstance(value, bytes) else value
    assert sns_fake.deliveries.one().json["MessageAttributes"] == {
        name: {"Type": data_type, "Value": expected}
    }


def test_missing_data_type_is_an_unmodeled_validation_error(
    sns: Any, sns_fake: SnsFake, topic_arn: str
) -> None:
    raw = unvalidated_client()
    with validation_error("messageAttributes.color.member.dataType"):
        raw.publish(TopicArn=topic_arn, Message="m", MessageAttributes={"color": {"StringValue": "red"}})
    entries = [
        {"Id": "a", "Message": "m"},
        {"Id": "b", "Message": "m", "MessageAttributes": {"color": {"StringValue": "red"}}},
    ]
    with validation_error("publishBatchRequestEntries.2.member.messageAttributes.color.member.dataType"):
        raw.publish_batch(TopicArn=topic_arn, PublishBatchRequestEntries=entries)
    assert not sns_fake.published
    assert [call.error_code for call in sns_fake.calls.filter(operation="PublishBatch")] == [
        "ValidationError"
    ]


# --------------------------------------------------------------------------- size limits
ATTRIBUTE_BYTES = len("color") + len("String") + len("red")


@pytest.mark.parametrize(
    ("message", "attributes", "accepted"),
    [
        ("x" * LIMIT, None, True),
        ("x" * (LIMIT + 1), None, False),
        ("é" * (LIMIT // 2), None, True),  # UTF-8 bytes count, not characters
        ("é" * (LIMIT // 2) + "x", None, False),
        ("x" * (LIMIT - ATTRIBUTE_BYTES), {"color": attribute("String", "red")}, True),
        ("x" * (LIMIT - ATTRIBUTE_BYTES + 1), {"color": attribute("String", "red")}, False),
        (
            "x" * (LIMIT - len("blob") - len("Binary") - 100),
            {"blob": attribute("Binary", b"\x00" * 100)},
            True,
        ),
        (
            "x" * (LIMIT - len("blob") - len("Binary") - 99),
            {"blob": attribute("Binary", b"\x00" * 100)},
            False,
        ),
    ],
    ids=[
        "exactly-limit",
        "one-over",
        "utf8-exactly-limit",
        "utf8-one-over",
        "with-attribute-exactly-limit",
        "with-attribute-one-over",
        "binary-bytes-exactly-limit",
        "binary-bytes-one-over",
    ],
)
def test_publish_size_limit(
    sns: Any,
    sns_fake: SnsFake,
    topic_arn: str,
    message: str,
    attributes: dict[str, Any] | None,
    accepted: bool,
) -> None:
    kwargs: dict[str, Any] = {"TopicArn": topic_arn, "Message": message}
    if attributes:
        kwargs["MessageAttributes"] = attributes
    if accepted:
        sns.publish(**kwargs)
        assert sns_fake.published.one().message == message
    else:
        with aws_error(
            sns, "InvalidParameterException", "InvalidParameter", "Invalid parameter: Message too long"
        ):
            sns.publish(**kwargs)
        assert not sns_fake.published


def test_subject_is_not_counted_in_the_size(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    sns.publish(TopicArn=topic_arn, Message="x" * LIMIT, Subject="s" * 100)
    assert len(sns_fake.published) == 1


@pytest.mark.parametrize(
    ("maximum", "size", "accepted"),
    [
        ("1024", 1024, True),
        ("1024", 1025, False),
        ("1048576", LIMIT + 1, True),
        ("1048576", 1_048_577, False),
    ],
)
def test_topic_maximum_message_size_replaces_the_limit(
    sns: Any, sns_fake: SnsFake, topic_arn: str, maximum: str, size: int, accepted: bool
) -> None:
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="MaximumMessageSize", AttributeValue=maximum)
    if accepted:
        sns.publish(TopicArn=topic_arn, Message="x" * size)
        assert len(sns_fake.published) == 1
    else:
        with aws_error(
            sns, "InvalidParameterException", "InvalidParameter", "Invalid parameter: Message too long"
        ):
            sns.publish(TopicArn=topic_arn, Message="x" * size)
        assert not sns_fake.published


# --------------------------------------------------------------------------- FIFO
def test_fifo_requires_message_group_id(sns: Any, sns_fake: SnsFake) -> None:
    arn = fifo_topic(sns, ContentBasedDeduplication="true")
    with aws_error(
        sns,
        "InvalidParameterException",
        "InvalidParameter",
        "Invalid parameter: The MessageGroupId parameter is required for FIFO topics",
    ):
        sns.publish(TopicArn=arn, Message="m")
    assert not sns_fake.published


def test_fifo_without_content_based_deduplication_requires_a_dedup_id(sns: Any, sns_fake: SnsFake) -> None:
    arn = fifo_topic(sns)
    with aws_error(sns, "InvalidParameterException", "InvalidParameter", CBD_REQUIRED):
        sns.publish(TopicArn=arn, Message="m", MessageGroupId="g")
    assert not sns_fake.published


def test_content_based_deduplication_id_is_sha256_of_the_message(sns: Any, sns_fake: SnsFake) -> None:
    arn = fifo_topic(sns, ContentBasedDeduplication="true")
    subscribe(sns, "sqs", queue("q.fifo"), arn)
    sns.publish(
        TopicArn=arn,
        Message="Test",
        MessageGroupId="g",
        MessageAttributes={"ignored": attribute("String", "by the hash")},
    )
    # AWS-snap: body "Test" → this MessageDeduplicationId at the FIFO queue
    expected = "532eaabd9574880dbf76b9b8cc00832c20a6ec113d682299550d7a6e0f345e25"
    assert sns_fake.published.one().dedup_id == expected
    delivery = sns_fake.deliveries.one()
    assert (delivery.group_id, delivery.dedup_id) == ("g", expected)


def test_content_based_duplicate_is_not_delivered(sns: Any, sns_fake: SnsFake) -> None:
    arn = fifo_topic(sns, ContentBasedDeduplication="true")
    subscribe(sns, "sqs", queue("q.fifo"), arn)
    first = sns.publish(TopicArn=arn, Message="same", MessageGroupId="g", Subject="one")
    second = sns.publish(TopicArn=arn, Message="same", MessageGroupId="g", Subject="two")
    assert (second["MessageId"], second["SequenceNumber"]) == (first["MessageId"], first["SequenceNumber"])
    assert len(sns_fake.deliveries) == 1 and len(sns_fake.published) == 1


def test_explicit_dedup_id_overrides_content_based_deduplication(sns: Any, sns_fake: SnsFake) -> None:
    arn = fifo_topic(sns, ContentBasedDeduplication="true")
    subscribe(sns, "sqs", queue("q.fifo"), arn)
    first = sns.publish(TopicArn=arn, Message="one", MessageGroupId="g", MessageDeduplicationId="d")
    duplicate = sns.publish(TopicArn=arn, Message="two", MessageGroupId="g", MessageDeduplicationId="d")
    same_body = sns.publish(TopicArn=arn, Message="one", MessageGroupId="g", MessageDeduplicationId="other")
    assert duplicate["MessageId"] == first["MessageId"]
    assert same_body["MessageId"] != first["MessageId"]
    assert [d.message for d in sns_fake.deliveries] == ["one", "one"]
    assert [d.dedup_id for d in sns_fake.deliveries] == ["d", "other"]


def test_dedup_window_is_five_minutes(sns: Any, sns_fake: SnsFake) -> None:
    with freeze_time("2024-01-01 12:00:00") as frozen:
        arn = fifo_topic(sns)
        subscription = subscribe(sns, "sqs", queue("q.fifo"), arn)
        first = sns.publish(TopicArn=arn, Message="a", MessageGroupId="g", MessageDeduplicationId="d")
        frozen.tick(dt.timedelta(minutes=4, seconds=59))
        again = sns.publish(TopicArn=arn, Message="b", MessageGroupId="g", MessageDeduplicationId="d")
        assert (again["MessageId"], again["SequenceNumber"]) == (first["MessageId"], first["SequenceNumber"])
        assert len(sns_fake.published) == 1 and len(sns_fake.deliveries) == 1
        skipped = sns_fake.skipped.one()
        assert (skipped.reason, skipped.message_id, skipped.subscription_arn) == (
            "Deduplicated",
            first["MessageId"],
            subscription,
        )
        frozen.tick(dt.timedelta(seconds=2))  # 5:01 after the first publish
        later = sns.publish(TopicArn=arn, Message="c", MessageGroupId="g", MessageDeduplicationId="d")
    assert later["MessageId"] != first["MessageId"]
    assert int(later["SequenceNumber"]) > int(first["SequenceNumber"])
    assert [d.message for d in sns_fake.deliveries] == ["a", "c"]


@pytest.mark.parametrize(("scope", "delivered"), [("Topic", ["a"]), ("MessageGroup", ["a", "b"])])
def test_dedup_scope(sns: Any, sns_fake: SnsFake, scope: str, delivered: list[str]) -> None:
    arn = fifo_topic(sns, FifoThroughputScope=scope)
    subscribe(sns, "sqs", queue("q.fifo"), arn)
    first = sns.publish(TopicArn=arn, Message="a", MessageGroupId="g1", MessageDeduplicationId="d")
    other_group = sns.publish(TopicArn=arn, Message="b", MessageGroupId="g2", MessageDeduplicationId="d")
    same_group = sns.publish(TopicArn=arn, Message="c", MessageGroupId="g1", MessageDeduplicationId="d")
    assert same_group["MessageId"] == first["MessageId"]
    assert (other_group["MessageId"] == first["MessageId"]) is (scope == "Topic")
    assert [d.message for d in sns_fake.deliveries] == delivered


def test_dedup_is_per_topic(sns: Any, sns_fake: SnsFake) -> None:
    one, two = fifo_topic(sns, "one.fifo"), fifo_topic(sns, "two.fifo")
    a = sns.publish(TopicArn=one, Message="m", MessageGroupId="g", MessageDeduplicationId="d")
    b = sns.publish(TopicArn=two, Message="m", MessageGroupId="g", MessageDeduplicationId="d")
    assert a["MessageId"] != b["MessageId"] and len(sns_fake.published) == 2


def test_sequence_numbers_increase(sns: Any, topic_arn: str) -> None:
    arn = fifo_topic(sns, ContentBasedDeduplication="true")
    numbers = [
        sns.publish(TopicArn=arn, Message=f"m{index}", MessageGroupId=f"g{index % 2}")["SequenceNumber"]
        for index in range(5)
    ]
    assert all(number.isdigit() for number in numbers)
    assert [int(n) for n in numbers] == sorted({int(n) for n in numbers})
    assert "SequenceNumber" not in sns.publish(TopicArn=topic_arn, Message="standard")


@pytest.mark.parametrize("group_id", ["g" * 128, "!~punctuation#$%&'()*+,-./:;<=>?@[\\]^_`{|}"])
def test_fifo_message_group_id_accepted(sns: Any, sns_fake: SnsFake, group_id: str) -> None:
    arn = fifo_topic(sns, ContentBasedDeduplication="true")
    sns.publish(TopicArn=arn, Message="m", MessageGroupId=group_id)
    assert sns_fake.published.one().group_id == group_id


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"MessageGroupId": "g" * 129},
            GROUP_ID_INVALID,
        ),
        (
            {"MessageGroupId": "with space"},
            GROUP_ID_INVALID,
        ),
        (
            {"MessageGroupId": "g", "MessageDeduplicationId": "d" * 129},
            DEDUP_ID_INVALID,
        ),
    ],
    ids=["group-129", "group-space", "dedup-129"],
)
def test_fifo_ids_rejected(sns: Any, sns_fake: SnsFake, overrides: dict[str, str], message: str) -> None:
    # InvalidParameter is certain (the SNS error for every publish field); the wording is unconfirmed for SNS.
    arn = fifo_topic(sns, ContentBasedDeduplication="true")
    with aws_error(sns, "InvalidParameterException", "InvalidParameter", message):
        sns.publish(TopicArn=arn, Message="m", **overrides)
    assert not sns_fake.published


# --------------------------------------------------------------------------- MessageStructure=json
def test_message_structure_selects_the_body_per_protocol(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    endpoints = {
        "sqs": queue(),
        "lambda": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:f",
        "email": "someone@example.com",
        "https": "https://example.com/hook",
        "http": "http://example.com/hook",
    }
    for protocol, endpoint in endpoints.items():
        subscription = subscribe(sns, protocol, endpoint, topic_arn)
        if protocol in ("email", "http", "https"):
            sns_fake.confirm(subscription)
    structure = {
        "default": "fallback",
        "sqs": "for queues",
        "email": "for people",
        "http": {"not": "a string"},
        "APNS": "ignored here",
    }
    message = json.dumps(structure)
    sns.publish(TopicArn=topic_arn, Message=message, MessageStructure="json")
    notifications = sns_fake.deliveries.filter(message_type="Notification")
    bodies = {d.protocol: d.message for d in notifications}
    assert bodies == {
        "sqs": "for queues",
        "lambda": "fallback",
        "email": "for people",
        "https": "fallback",
        "http": "fallback",
    }
    assert notifications.one(protocol="sqs").json["Message"] == "for queues"
    assert notifications.one(protocol="email").body.startswith("for people\n\n--\n")
    published = sns_fake.published.one()
    assert (published.message, published.structure) == (message, "json")


def test_message_structure_ignores_non_string_protocol_keys(
    sns: Any, sns_fake: SnsFake, topic_arn: str
) -> None:
    subscribe(sns, "sqs", queue(), topic_arn)
    sns.publish(
        TopicArn=topic_arn, Message='{"default": "d", "sqs": 7, "unknown": "x"}', MessageStructure="json"
    )
    assert sns_fake.deliveries.one().message == "d"


# --------------------------------------------------------------------------- published records
def test_published_record_fields(sns: Any, sns_fake: SnsFake) -> None:
    with freeze_time(FROZEN):
        arn = sns.create_topic(Name="orders")["TopicArn"]
        attributes = {"color": attribute("String", "red")}
        response = sns.publish(
            TopicArn=arn,
            Message="hello",
            Subject="Greeting",
            MessageAttributes=attributes,
            MessageGroupId="fair",
        )
    published = sns_fake.published.one()
    assert published.message_id == response["MessageId"]
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", published.message_id
    )
    assert (published.message, published.subject, published.topic_arn, published.topic_name) == (
        "hello",
        "Greeting",
        arn,
        "orders",
    )
    assert (published.account, published.region) == (ACCOUNT, REGION)
    assert published.at == dt.datetime(2024, 1, 1, 12, 0, 0, 123456, tzinfo=dt.timezone.utc)
    assert published.attributes == attributes
    assert (published.group_id, published.dedup_id, published.sequence_number) == ("fair", None, None)
    assert (published.target_arn, published.phone_number, published.structure) == (None, None, None)
    assert not sns_fake.deliveries  # accepted even with no subscriber


def test_records_do_not_follow_later_changes_to_the_callers_attributes(
    sns: Any, sns_fake: SnsFake, topic_arn: str
) -> None:
    subscribe(sns, "sqs", queue(), topic_arn)
    attributes = {"color": attribute("String", "red")}
    sns.publish(TopicArn=topic_arn, Message="m", MessageAttributes=attributes)
    attributes["color"]["StringValue"] = "blue"  # a caller reusing its dict for the next message
    attributes["size"] = attribute("Number", "1")
    assert sns_fake.published.one().attributes == {"color": {"DataType": "String", "StringValue": "red"}}
    assert sns_fake.deliveries.one().json["MessageAttributes"] == {
        "color": {"Type": "String", "Value": "red"}
    }


def test_published_record_fifo_fields(sns: Any, sns_fake: SnsFake) -> None:
    arn = fifo_topic(sns)
    response = sns.publish(TopicArn=arn, Message="m", MessageGroupId="g", MessageDeduplicationId="d")
    published = sns_fake.published.one()
    assert (published.group_id, published.dedup_id, published.sequence_number) == (
        "g",
        "d",
        response["SequenceNumber"],
    )


# --------------------------------------------------------------------------- PublishBatch
def entries(count: int, **extra: Any) -> list[dict[str, Any]]:
    return [{"Id": f"e{index}", "Message": f"message {index}", **extra} for index in range(count)]


def test_publish_batch_too_many_entries(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    with aws_error(
        sns,
        "TooManyEntriesInBatchRequestException",
        "TooManyEntriesInBatchRequest",
        "The batch request contains more entries than permissible.",
    ):
        sns.publish_batch(TopicArn=topic_arn, PublishBatchRequestEntries=entries(11))
    assert not sns_fake.published


def test_publish_batch_empty(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    # message unconfirmed (SQS's text for the same code)
    with aws_error(
        sns,
        "EmptyBatchRequestException",
        "EmptyBatchRequest",
        "The batch request doesn't contain any entries.",
    ):
        sns.publish_batch(TopicArn=topic_arn, PublishBatchRequestEntries=[])


def test_publish_batch_ten_entries(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    response = sns.publish_batch(TopicArn=topic_arn, PublishBatchRequestEntries=entries(10))
    assert [entry["Id"] for entry in response["Successful"]] == [f"e{index}" for index in range(10)]
    assert len(sns_fake.published) == 10


def test_publish_batch_duplicate_ids(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    with aws_error(
        sns,
        "BatchEntryIdsNotDistinctException",
        "BatchEntryIdsNotDistinct",
        "Two or more batch entries in the request have the same Id.",
    ):
        sns.publish_batch(
            TopicArn=topic_arn,
            PublishBatchRequestEntries=[
                {"Id": "same", "Message": "a"},
                {"Id": "other", "Message": "b"},
                {"Id": "same", "Message": "c"},
            ],
        )
    assert not sns_fake.published


@pytest.mark.parametrize(
    ("entry_id", "message"),
    [
        ("i" * 81, "The Id of a batch entry in the batch request is too long: " + "i" * 81),
        ("a.b", "The Id of a batch entry in the batch request contains an impermissible character: a.b"),
        ("a@b", "The Id of a batch entry in the batch request contains an impermissible character: a@b"),
        ("a#b", "The Id of a batch entry in the batch request contains an impermissible character: a#b"),
        ("a b", "The Id of a batch entry in the batch request contains an impermissible character: a b"),
    ],
    ids=["81-chars", "dot", "at", "hash", "space"],
)
def test_publish_batch_invalid_entry_id(
    sns: Any, sns_fake: SnsFake, topic_arn: str, entry_id: str, message: str
) -> None:
    with aws_error(sns, "InvalidBatchEntryIdException", "InvalidBatchEntryId", message):
        sns.publish_batch(
            TopicArn=topic_arn,
            PublishBatchRequestEntries=[{"Id": "fine", "Message": "a"}, {"Id": entry_id, "Message": "b"}],
        )
    assert not sns_fake.published


def test_publish_batch_accepts_80_char_ids_of_allowed_characters(sns: Any, topic_arn: str) -> None:
    ids = ["i" * 80, "Az09_-"]
    response = sns.publish_batch(
        TopicArn=topic_arn, PublishBatchRequestEntries=[{"Id": i, "Message": "m"} for i in ids]
    )
    assert [entry["Id"] for entry in response["Successful"]] == ids


@pytest.mark.parametrize(
    ("arn", "batch", "exception", "message"),
    [
        (
            TOPIC + "-gone",
            entries(11),
            "TooManyEntriesInBatchRequestException",
            "The batch request contains more entries than permissible.",
        ),
        (TOPIC + "-gone", [], "EmptyBatchRequestException", "The batch request doesn't contain any entries."),
        (TOPIC + "-gone", [{"Id": "a", "Message": "m"}] * 2, "NotFoundException", "Topic does not exist"),
        (
            "orders",
            [{"Id": "a", "Message": "m"}],
            "InvalidParameterException",
            "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1",
        ),
        (
            TOPIC.replace(REGION, "eu-west-1"),
            [{"Id": "a", "Message": "m"}],
            "InvalidParameterException",
            "Invalid parameter: TopicArn",
        ),
        (
            TOPIC,
            [{"Id": "a.b", "Message": "m"}] * 2,
            "BatchEntryIdsNotDistinctException",
            "Two or more batch entries in the request have the same Id.",
        ),
        (
            TOPIC,
            [{"Id": "x" * 81, "Message": "m", "MessageAttributes": {"^": attribute("String", "v")}}],
            "InvalidBatchEntryIdException",
            "The Id of a batch entry in the batch request is too long: " + "x" * 81,
        ),
    ],
    ids=[
        "count-before-topic",
        "empty-before-topic",
        "topic-before-ids",
        "arn-shape",
        "arn-region",
        "distinct-before-id-rules",
        "ids-before-entries",
    ],
)
def test_publish_batch_validation_order(
    sns: Any, topic_arn: str, arn: str, batch: list[dict[str, Any]], exception: str, message: str
) -> None:
    with pytest.raises(getattr(sns.exceptions, exception)) as caught:
        sns.publish_batch(TopicArn=arn, PublishBatchRequestEntries=batch)
    assert caught.value.response["Error"]["Message"] == message


@pytest.mark.parametrize(
    ("entry", "message", "cbd"),
    [
        (
            {"Message": "m"},
            "Invalid parameter: The MessageGroupId parameter is required for FIFO topics",
            "true",
        ),
        (
            {"Message": "m", "MessageGroupId": "g"},
            CBD_REQUIRED,
            "false",
        ),
        (
            {
                "Message": "{",
                "MessageStructure": "json",
                "MessageGroupId": "g",
                "MessageDeduplicationId": "d",
            },
            "Invalid parameter: Message Structure - JSON message body failed to parse",
            "false",
        ),
        # batch entries check MessageStructure before the FIFO ids (operations.md §3 PublishBatch, step 6)
        (
            {"Message": '{"sqs": "x"}', "MessageStructure": "json"},
            "Invalid parameter: Message Structure - No default entry in JSON message body",
            "false",
        ),
    ],
    ids=["no-group-id", "no-dedup-id", "structure-parse", "structure-before-fifo"],
)
def test_publish_batch_entry_failure_fails_the_whole_request(
    sns: Any, sns_fake: SnsFake, entry: dict[str, Any], message: str, cbd: str
) -> None:
    arn = fifo_topic(sns, ContentBasedDeduplication=cbd)
    subscribe(sns, "sqs", queue("q.fifo"), arn)
    good = {"Id": "good", "Message": "fine", "MessageGroupId": "g", "MessageDeduplicationId": "ok"}
    with aws_error(sns, "InvalidParameterException", "InvalidParameter", message):
        sns.publish_batch(TopicArn=arn, PublishBatchRequestEntries=[good, {"Id": "bad", **entry}])
    assert not sns_fake.published and not sns_fake.deliveries


def test_publish_batch_dedup_id_on_standard_topic_fails_the_whole_request(
    sns: Any, sns_fake: SnsFake, topic_arn: str
) -> None:
    batch = [{"Id": "a", "Message": "m"}, {"Id": "b", "Message": "m", "MessageDeduplicationId": "d"}]
    with aws_error(sns, "InvalidParameterException", "InvalidParameter", DEDUP_ON_STANDARD):
        sns.publish_batch(TopicArn=topic_arn, PublishBatchRequestEntries=batch)
    assert not sns_fake.published


@pytest.mark.parametrize(
    ("sizes", "attributes", "accepted"),
    [
        ([LIMIT // 2, LIMIT // 2], False, True),
        ([LIMIT // 2, LIMIT // 2 + 1], False, False),
        ([LIMIT + 1], False, False),  # a single oversized entry is BatchRequestTooLong too
        ([LIMIT // 2 - ATTRIBUTE_BYTES, LIMIT // 2], True, True),
        ([LIMIT // 2 - ATTRIBUTE_BYTES + 1, LIMIT // 2], True, False),
    ],
    ids=[
        "total-exactly-limit",
        "total-one-over",
        "single-entry-over",
        "attributes-count-exactly-limit",
        "attributes-count-one-over",
    ],
)
def test_publish_batch_total_size(
    sns: Any, sns_fake: SnsFake, topic_arn: str, sizes: list[int], attributes: bool, accepted: bool
) -> None:
    batch: list[dict[str, Any]] = [{"Id": f"e{i}", "Message": "x" * size} for i, size in enumerate(sizes)]
    if attributes:
        batch[0]["MessageAttributes"] = {"color": attribute("String", "red")}
    if accepted:
        sns.publish_batch(TopicArn=topic_arn, PublishBatchRequestEntries=batch)
        assert len(sns_fake.published) == len(sizes)
    else:
        with aws_error(
            sns,
            "BatchRequestTooLongException",
            "BatchRequestTooLong",
            "The length of all the messages put together is more than the limit.",
        ):
            sns.publish_batch(TopicArn=topic_arn, PublishBatchRequestEntries=batch)
        assert not sns_fake.published


def test_publish_batch_total_size_follows_topic_maximum_message_size(
    sns: Any, sns_fake: SnsFake, topic_arn: str
) -> None:
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="MaximumMessageSize", AttributeValue="1048576")
    batch = [{"Id": f"e{i}", "Message": "x" * LIMIT} for i in range(4)]
    sns.publish_batch(TopicArn=topic_arn, PublishBatchRequestEntries=batch)
    assert len(sns_fake.published) == 4
    batch.append({"Id": "over", "Message": "x"})
    with pytest.raises(sns.exceptions.BatchRequestTooLongException):
        sns.publish_batch(TopicArn=topic_arn, PublishBatchRequestEntries=batch)


def test_publish_batch_response_shape_standard(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    subscribe(sns, "sqs", queue(), topic_arn)
    batch = [
        {"Id": "z", "Message": "first"},
        {"Id": "a", "Message": "second", "Subject": "S"},
        {"Id": "m", "Message": "third", "MessageAttributes": {"k": attribute("Number", "1")}},
    ]
    response = sns.publish_batch(TopicArn=topic_arn, PublishBatchRequestEntries=batch)
    assert response["Failed"] == []
    assert [set(entry) for entry in response["Successful"]] == [{"Id", "MessageId"}] * 3
    assert [entry["Id"] for entry in response["Successful"]] == ["z", "a", "m"]
    ids = [entry["MessageId"] for entry in response["Successful"]]
    assert len(set(ids)) == 3
    assert [p.message_id for p in sns_fake.published] == ids
    assert [(d.message_id, d.message, d.subject) for d in sns_fake.deliveries] == [
        (ids[0], "first", None),
        (ids[1], "second", "S"),
        (ids[2], "third", None),
    ]
    assert sns_fake.deliveries[2].json["MessageAttributes"] == {"k": {"Type": "Number", "Value": "1"}}


def test_publish_batch_fifo_sequence_numbers_in_entry_order(sns: Any, sns_fake: SnsFake) -> None:
    arn = fifo_topic(sns, ContentBasedDeduplication="true")
    subscribe(sns, "sqs", queue("q.fifo"), arn)
    response = sns.publish_batch(TopicArn=arn, PublishBatchRequestEntries=entries(4, MessageGroupId="g"))
    successful = response["Successful"]
    assert [set(entry) for entry in successful] == [{"Id", "MessageId", "SequenceNumber"}] * 4
    numbers = [int(entry["SequenceNumber"]) for entry in successful]
    assert numbers == sorted(set(numbers))
    assert [d.message for d in sns_fake.deliveries] == [f"message {index}" for index in range(4)]


def test_publish_batch_dedup_per_entry(sns: Any, sns_fake: SnsFake) -> None:
    arn = fifo_topic(sns)
    subscribe(sns, "sqs", queue("q.fifo"), arn)
    batch = [
        {"Id": "a", "Message": "one", "MessageGroupId": "g", "MessageDeduplicationId": "d1"},
        {"Id": "b", "Message": "two", "MessageGroupId": "g", "MessageDeduplicationId": "d2"},
        {
            "Id": "c",
            "Message": "three",
            "MessageGroupId": "g",
            "MessageDeduplicationId": "d1",
        },  # within the batch
    ]
    first = sns.publish_batch(TopicArn=arn, PublishBatchRequestEntries=batch)["Successful"]
    assert [entry["Id"] for entry in first] == ["a", "b", "c"]
    assert first[2]["MessageId"] == first[0]["MessageId"]
    assert first[2]["SequenceNumber"] == first[0]["SequenceNumber"]
    assert [d.message for d in sns_fake.deliveries] == ["one", "two"]
    again = sns.publish_batch(TopicArn=arn, PublishBatchRequestEntries=batch)["Successful"]
    assert again == first  # re-sent within 5 minutes: the original MessageIds and SequenceNumbers
    assert len(sns_fake.deliveries) == 2 and len(sns_fake.published) == 2


@pytest.mark.parametrize(
    ("bad_entry", "message"),
    [
        ({"Id": "empty", "Message": ""}, "Invalid parameter: Empty message"),
        ({"Id": "subject", "Message": "m", "Subject": "a\nb"}, "Invalid parameter: Subject"),
        ({"Id": "subject", "Message": "m", "Subject": "s" * 101}, "Invalid parameter: Subject"),
    ],
)
def test_publish_batch_with_a_malformed_entry_fails_whole(
    sns: Any, sns_fake: SnsFake, topic_arn: str, bad_entry: dict[str, str], message: str
) -> None:
    # As AWS does for every entry error it validates: the request fails, nothing is published.
    batch = [{"Id": "ok", "Message": "fine"}, bad_entry]
    with pytest.raises(sns.exceptions.InvalidParameterException) as raised:
        sns.publish_batch(TopicArn=topic_arn, PublishBatchRequestEntries=batch)
    assert raised.value.response["Error"]["Message"] == message
    assert len(sns_fake.published) == 0
    assert len(sns_fake.deliveries) == 0


def test_publish_batch_records_the_call(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    batch = entries(2)
    response = sns.publish_batch(TopicArn=topic_arn, PublishBatchRequestEntries=batch)
    call = sns_fake.calls.last
    assert (call.operation, call.ok) == ("PublishBatch", True)
    assert call.params["PublishBatchRequestEntries"] == batch
    assert call.response is not None and call.response["Successful"] == response["Successful"]


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
    assert [key for key, _ in pairs] == [
        "Type",
        "MessageId",
        "TopicArn",
        "Subject",
        "Message",
        "Timestamp",
        "SignatureVersion",
        "Signature",
        "SigningCertURL",
        "UnsubscribeURL",
        "MessageAttributes",
    ]
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


def test_fifo_topic_to_fifo_and_standard_queues(sns: Any, sns_fake: SnsFake) -> None:
    arn = fifo_topic(sns)
    subscribe(sns, "sqs", queue("ordered.fifo"), arn)
    subscribe(sns, "sqs", queue("plain"), arn)
    sns.publish(TopicArn=arn, Message="m", MessageGroupId="g", MessageDeduplicationId="d")
    to_fifo = sns_fake.deliveries.one(endpoint=queue("ordered.fifo"))
    to_standard = sns_fake.deliveries.one(endpoint=queue("plain"))
    assert (to_fifo.group_id, to_fifo.dedup_id) == ("g", "d")
    assert (to_standard.group_id, to_standard.dedup_id) == (None, None)


def test_fifo_envelope_has_sequence_number_and_no_signature(sns: Any, sns_fake: SnsFake) -> None:
    with freeze_time(FROZEN):
        arn = fifo_topic(sns)
        subscription = subscribe(sns, "sqs", queue("q.fifo"), arn)
        response = sns.publish(
            TopicArn=arn,
            Message="m",
            Subject="S",
            MessageGroupId="g",
            MessageDeduplicationId="d",
            MessageAttributes={"k": attribute("String", "v")},
        )
    pairs = ordered(sns_fake.deliveries.one().body)
    assert [key for key, _ in pairs] == [
        "Type",
        "MessageId",
        "SequenceNumber",
        "TopicArn",
        "Subject",
        "Message",
        "Timestamp",
        "UnsubscribeURL",
        "MessageAttributes",
    ]
    envelope = dict(pairs)
    assert (envelope["MessageId"], envelope["SequenceNumber"]) == (
        response["MessageId"],
        response["SequenceNumber"],
    )
    assert envelope["Timestamp"] == TIMESTAMP
    assert envelope["UnsubscribeURL"].endswith(f"SubscriptionArn={subscription}")


def test_standard_topic_forwards_message_group_id_to_standard_queues(
    sns: Any, sns_fake: SnsFake, topic_arn: str
) -> None:
    subscribe(sns, "sqs", queue(), topic_arn)
    sns.publish(TopicArn=topic_arn, Message="m", MessageGroupId="tenant-1")
    delivery = sns_fake.deliveries.one()
    assert (delivery.group_id, delivery.dedup_id) == ("tenant-1", None)
    assert "MessageGroupId" not in delivery.json


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
    assert [key for key, _ in pairs] == [
        "Type",
        "MessageId",
        "TopicArn",
        "Subject",
        "Message",
        "Timestamp",
        "SignatureVersion",
        "Signature",
        "SigningCertURL",
        "UnsubscribeURL",
    ]
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
    assert list(message) == [
        "Type",
        "MessageId",
        "TopicArn",
        "Subject",
        "Message",
        "Timestamp",
        "SignatureVersion",
        "Signature",
        "SigningCertUrl",
        "UnsubscribeUrl",
        "MessageAttributes",
    ]
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
    assert [key for key, _ in pairs] == [
        "Type",
        "MessageId",
        "TopicArn",
        "Subject",
        "Message",
        "Timestamp",
        "UnsubscribeURL",
        "MessageAttributes",
    ]
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


# --------------------------------------------------------------------------- who receives
def test_pending_subscriptions_are_skipped(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    pending = subscribe(sns, "https", "https://example.com/pending", topic_arn)
    confirmed = subscribe(sns, "sqs", queue(), topic_arn)
    response = sns.publish(TopicArn=topic_arn, Message="m")
    assert sns_fake.deliveries.filter(message_type="Notification").one().subscription_arn == confirmed
    skipped = sns_fake.skipped.one()
    assert (skipped.reason, skipped.subscription_arn, skipped.message_id) == (
        "PendingConfirmation",
        pending,
        response["MessageId"],
    )
    assert (skipped.protocol, skipped.endpoint, skipped.topic_arn) == (
        "https",
        "https://example.com/pending",
        topic_arn,
    )
    assert skipped.detail


def test_every_confirmed_subscription_gets_its_own_copy(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    for name in ("a", "b", "c"):
        subscribe(sns, "sqs", queue(name), topic_arn)
    response = sns.publish(TopicArn=topic_arn, Message="fan out")
    assert sorted(d.endpoint for d in sns_fake.deliveries) == [queue("a"), queue("b"), queue("c")]
    assert {d.message_id for d in sns_fake.deliveries} == {response["MessageId"]}
    assert len({d.json["UnsubscribeURL"] for d in sns_fake.deliveries}) == 3


def test_filter_policy_skips_non_matching_subscriptions(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    pytest.importorskip("snsfake.filter_policy")
    paid = subscribe(sns, "sqs", queue("paid"), topic_arn, FilterPolicy='{"status": ["paid"]}')
    subscribe(sns, "sqs", queue("all"), topic_arn)
    draft = sns.publish(
        TopicArn=topic_arn, Message="draft", MessageAttributes={"status": attribute("String", "draft")}
    )
    sns.publish(TopicArn=topic_arn, Message="paid", MessageAttributes={"status": attribute("String", "paid")})
    assert [d.message for d in sns_fake.deliveries.filter(endpoint=queue("paid"))] == ["paid"]
    assert [d.message for d in sns_fake.deliveries.filter(endpoint=queue("all"))] == ["draft", "paid"]
    skipped = sns_fake.skipped.one()
    assert (skipped.reason, skipped.subscription_arn, skipped.message_id) == (
        "FilterPolicy",
        paid,
        draft["MessageId"],
    )
    assert skipped.detail


def test_filter_policy_on_message_body(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    pytest.importorskip("snsfake.filter_policy")
    subscribe(
        sns, "sqs", queue(), topic_arn, FilterPolicyScope="MessageBody", FilterPolicy='{"status": ["paid"]}'
    )
    sns.publish(TopicArn=topic_arn, Message='{"status": "draft"}')
    sns.publish(TopicArn=topic_arn, Message='{"status": "paid"}')
    assert [d.message for d in sns_fake.deliveries] == ['{"status": "paid"}']
    assert sns_fake.skipped.one().reason == "FilterPolicy"


# --------------------------------------------------------------------------- signatures
@pytest.mark.parametrize(
    ("version", "algorithm"), [(None, hashes.SHA1()), ("1", hashes.SHA1()), ("2", hashes.SHA256())]
)
def test_notification_signature_verifies_with_the_certificate(
    sns: Any, sns_fake: SnsFake, topic_arn: str, version: str | None, algorithm: hashes.HashAlgorithm
) -> None:
    if version is not None:
        sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="SignatureVersion", AttributeValue=version)
    subscribe(sns, "sqs", queue(), topic_arn)
    sns.publish(TopicArn=topic_arn, Message="signed with subject", Subject="S")
    sns.publish(
        TopicArn=topic_arn, Message="signed, no subject", MessageAttributes={"k": attribute("String", "v")}
    )
    pem = sns_fake.signing_certificate_pem
    for delivery in sns_fake.deliveries:
        envelope = delivery.json
        assert envelope["SignatureVersion"] == (version or "1")
        verify(envelope, pem, algorithm)
        with pytest.raises(InvalidSignature):
            verify({**envelope, "Message": envelope["Message"] + "!"}, pem, algorithm)


def test_lambda_signature_uses_the_topic_algorithm_but_reports_version_1(
    sns: Any, sns_fake: SnsFake, topic_arn: str
) -> None:
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="SignatureVersion", AttributeValue="2")
    subscribe(sns, "lambda", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:f", topic_arn)
    sns.publish(TopicArn=topic_arn, Message="m", Subject="S")
    message = sns_fake.deliveries.one().json["Records"][0]["Sns"]
    assert message["SignatureVersion"] == "1"
    verify(message, sns_fake.signing_certificate_pem, hashes.SHA256())


def test_signing_certificate_pem_is_a_certificate(sns_fake: SnsFake) -> None:
    pem = sns_fake.signing_certificate_pem
    assert pem.startswith("-----BEGIN CERTIFICATE-----")
    certificate = x509.load_pem_x509_certificate(pem.encode("ascii"))
    assert isinstance(certificate.public_key(), rsa.RSAPublicKey)


# --------------------------------------------------------------------------- content-based hash helper
def test_cbd_hash_matches_hashlib(sns: Any, sns_fake: SnsFake) -> None:
    arn = fifo_topic(sns, ContentBasedDeduplication="true")
    text = "héllo wörld"
    sns.publish(TopicArn=arn, Message=text, MessageGroupId="g")
    assert sns_fake.published.one().dedup_id == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_a_client_in_another_region_publishes_to_its_own_topics(sns_fake: SnsFake) -> None:
    west = make_client("eu-west-1")
    arn = west.create_topic(Name="orders")["TopicArn"]
    west.publish(TopicArn=arn, Message="m")
    published = sns_fake.published.one()
    assert (published.region, published.topic_arn) == ("eu-west-1", arn)
