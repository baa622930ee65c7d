"""PublishBatch through boto3: entry counts and ids, validation order, a failing entry failing
the whole request, the total size, the response, FIFO entries and the recorded call."""

from __future__ import annotations

from typing import Any

import pytest
from aws_errors import aws_error
from conftest import REGION
from sns_helpers import (
    ATTRIBUTE_BYTES,
    CBD_REQUIRED,
    DEDUP_ON_STANDARD,
    LIMIT,
    TOPIC,
    attribute,
    fifo_topic,
    queue,
    subscribe,
)

from snsfake import SnsFake


# --------------------------------------------------------------------------- PublishBatch
def entries(count: int, **extra: Any) -> list[dict[str, Any]]:
    return [{"Id": f"e{index}", "Message": f"message {index}", **extra} for index in range(count)]


@pytest.mark.parametrize(
    ("batch", "exception", "code", "message"),
    [
        (
            entries(11),
            "TooManyEntriesInBatchRequestException",
            "TooManyEntriesInBatchRequest",
            "The batch request contains more entries than permissible.",
        ),
        (  # message unconfirmed (SQS's text for the same code)
            [],
            "EmptyBatchRequestException",
            "EmptyBatchRequest",
            "The batch request doesn't contain any entries.",
        ),
        (
            [{"Id": "same", "Message": "a"}, {"Id": "other", "Message": "b"}, {"Id": "same", "Message": "c"}],
            "BatchEntryIdsNotDistinctException",
            "BatchEntryIdsNotDistinct",
            "Two or more batch entries in the request have the same Id.",
        ),
    ],
    ids=["too-many-entries", "empty", "duplicate-ids"],
)
def test_publish_batch_request_errors(
    sns: Any,
    sns_fake: SnsFake,
    topic_arn: str,
    batch: list[dict[str, Any]],
    exception: str,
    code: str,
    message: str,
) -> None:
    with aws_error(sns, exception, code, message):
        sns.publish_batch(TopicArn=topic_arn, PublishBatchRequestEntries=batch)
    assert not sns_fake.published


def test_publish_batch_ten_entries(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    response = sns.publish_batch(TopicArn=topic_arn, PublishBatchRequestEntries=entries(10))
    assert [entry["Id"] for entry in response["Successful"]] == [f"e{index}" for index in range(10)]
    assert len(sns_fake.published) == 10


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
