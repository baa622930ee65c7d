"""Publish through boto3: validation (exact errors and their order), the size limit,
MessageStructure=json, which subscriptions receive a message, and the published records.
(PublishBatch: test_publish_batch.py; message attributes: test_message_attributes.py; FIFO:
test_fifo.py; what each protocol receives: test_envelopes.py.)"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from aws_errors import aws_error
from botocore.exceptions import ClientError
from conftest import ACCOUNT, REGION, make_client
from freezegun import freeze_time
from sns_helpers import (
    ATTRIBUTE_BYTES,
    CBD_REQUIRED,
    DEDUP_ON_STANDARD,
    FROZEN,
    LIMIT,
    TOPIC,
    attribute,
    fifo_topic,
    queue,
    subscribe,
)

from snsfake import SnsFake

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


# --------------------------------------------------------------------------- size limits
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


def test_a_client_in_another_region_publishes_to_its_own_topics(sns_fake: SnsFake) -> None:
    west = make_client("eu-west-1")
    arn = west.create_topic(Name="orders")["TopicArn"]
    west.publish(TopicArn=arn, Message="m")
    published = sns_fake.published.one()
    assert (published.region, published.topic_arn) == ("eu-west-1", arn)
