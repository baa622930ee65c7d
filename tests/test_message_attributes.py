"""Publish MessageAttributes through boto3: names, data types and values AWS accepts and the
exact errors for the rest, in Publish and PublishBatch."""

from __future__ import annotations

import base64
from typing import Any

import boto3
import pytest
from aws_errors import aws_error, validation_error
from botocore.config import Config
from conftest import REGION
from sns_helpers import (
    attribute,
    queue,
    subscribe,
)

from snsfake import SnsFake

INVALID_TYPE = (
    "has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String."
)

BAD_CHARACTER = (
    "Invalid non-alphanumeric character '#x{}' was found in the message attribute name. "
    "Can only include alphanumeric characters, hyphens, underscores, or dots."
)

RESERVED = "Message attribute names starting with 'AWS.' or 'Amazon.' are reserved for use by Amazon."



def unvalidated_client() -> Any:
    """A client that lets through what botocore would reject, as other SDKs and raw HTTP can send it."""
    return boto3.session.Session().client(
        "sns",
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(parameter_validation=False),
    )


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


EACH_ATTRIBUTE_ERROR = pytest.mark.parametrize(
    ("attributes", "message"),
    [case[1:] for case in ATTRIBUTE_ERRORS],
    ids=[case[0] for case in ATTRIBUTE_ERRORS],
)


@EACH_ATTRIBUTE_ERROR
def test_publish_rejects_message_attribute(
    sns: Any, sns_fake: SnsFake, topic_arn: str, attributes: dict[str, Any], message: str
) -> None:
    with aws_error(sns, "InvalidParameterValueException", "ParameterValueInvalid", message):
        sns.publish(TopicArn=topic_arn, Message="m", MessageAttributes=attributes)
    assert not sns_fake.published


@EACH_ATTRIBUTE_ERROR
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
