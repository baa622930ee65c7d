"""FIFO topics through boto3: MessageGroupId and deduplication (content-based, explicit, the
five-minute window, its scope), sequence numbers, and what FIFO and standard queues receive."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from aws_errors import aws_error
from freezegun import freeze_time
from sns_helpers import (
    CBD_REQUIRED,
    FIFO_KEYS,
    FROZEN,
    TIMESTAMP,
    attribute,
    fifo_topic,
    ordered,
    queue,
    subscribe,
)

from snsfake import SnsFake

GROUP_ID_INVALID = (
    "Invalid parameter: MessageGroupId Reason: MessageGroupId can only include alphanumeric and punctuation "
    "characters. 1 to 128 in length."
)

DEDUP_ID_INVALID = (
    "Invalid parameter: MessageDeduplicationId Reason: MessageDeduplicationId can only include alphanumeric "
    "and punctuation characters. 1 to 128 in length."
)


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


# --------------------------------------------------------------------------- content-based hash helper
def test_cbd_hash_matches_hashlib(sns: Any, sns_fake: SnsFake) -> None:
    arn = fifo_topic(sns, ContentBasedDeduplication="true")
    text = "héllo wörld"
    sns.publish(TopicArn=arn, Message=text, MessageGroupId="g")
    assert sns_fake.published.one().dedup_id == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_published_record_fifo_fields(sns: Any, sns_fake: SnsFake) -> None:
    arn = fifo_topic(sns)
    response = sns.publish(TopicArn=arn, Message="m", MessageGroupId="g", MessageDeduplicationId="d")
    published = sns_fake.published.one()
    assert (published.group_id, published.dedup_id, published.sequence_number) == (
        "g",
        "d",
        response["SequenceNumber"],
    )


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
    assert [key for key, _ in pairs] == FIFO_KEYS
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
