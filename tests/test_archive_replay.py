"""FIFO message archiving (ArchivePolicy) and replay (ReplayPolicy), through boto3."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError
from freezegun import freeze_time

QUEUE = "arn:aws:sqs:us-east-1:123456789012:replayed.fifo"
OTHER_QUEUE = "arn:aws:sqs:us-east-1:123456789012:live.fifo"


@pytest.fixture
def clock() -> Iterator[Any]:
    with freeze_time("2026-03-01T10:00:00Z") as frozen:
        yield frozen


@pytest.fixture
def archived_topic(sns: Any, clock: Any) -> str:
    return str(
        sns.create_topic(
            Name="ledger.fifo",
            Attributes={"FifoTopic": "true", "ArchivePolicy": '{"MessageRetentionPeriod":"30"}'},
        )["TopicArn"]
    )


def publish(sns: Any, topic: str, body: str, **attributes: str) -> str:
    kwargs: dict[str, Any] = {
        "TopicArn": topic,
        "Message": body,
        "MessageGroupId": "g",
        "MessageDeduplicationId": body.replace(" ", "-"),
    }
    if attributes:
        kwargs["MessageAttributes"] = {
            name: {"DataType": "String", "StringValue": value} for name, value in attributes.items()
        }
    return str(sns.publish(**kwargs)["MessageId"])


def replay_policy(start: str, end: str | None = None) -> str:
    policy = {"PointType": "Timestamp", "StartingPoint": start}
    if end is not None:
        policy["EndingPoint"] = end
    return json.dumps(policy)


def subscribe_replaying(sns: Any, topic: str, start: str, end: str | None = None, **attributes: str) -> str:
    """Subscribe the FIFO queue with a ReplayPolicy from ``start`` (to ``end``); its ARN."""
    attributes["ReplayPolicy"] = replay_policy(start, end)
    return str(
        sns.subscribe(
            TopicArn=topic, Protocol="sqs", Endpoint=QUEUE, Attributes=attributes, ReturnSubscriptionArn=True
        )["SubscriptionArn"]
    )


def history(sns: Any, topic: str, clock: Any) -> dict[str, str]:
    """Publish one message a minute at 10:01, 10:02, 10:03; return body -> MessageId."""
    ids = {}
    for body in ("first", "second", "third"):
        clock.tick(60)
        ids[body] = publish(sns, topic, body, kind="odd" if body != "second" else "even")
    return ids


def test_archive_policy_is_reported_with_its_beginning(sns: Any, archived_topic: str) -> None:
    attributes = sns.get_topic_attributes(TopicArn=archived_topic)["Attributes"]
    assert attributes["ArchivePolicy"] == '{"MessageRetentionPeriod":"30"}'
    assert attributes["BeginningArchiveTime"] == "2026-03-01T10:00:00.000Z"


def test_replay_redelivers_the_archived_window_with_original_ids(
    sns: Any, sns_fake: Any, archived_topic: str, clock: Any
) -> None:
    ids = history(sns, archived_topic, clock)
    clock.tick(3600)

    arn = subscribe_replaying(sns, archived_topic, "2026-03-01T10:01:30.000Z")

    replayed = sns_fake.deliveries.filter(subscription_arn=arn)
    assert [d.message for d in replayed] == ["second", "third"]
    assert [d.message_id for d in replayed] == [ids["second"], ids["third"]]
    assert [d.json["Timestamp"] for d in replayed] == ["2026-03-01T10:02:00.000Z", "2026-03-01T10:03:00.000Z"]
    assert all(d.replayed for d in replayed)
    assert all(d.group_id == "g" for d in replayed)
    attributes = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert attributes["ReplayStatus"] == "Completed"
    assert json.loads(attributes["ReplayPolicy"])["StartingPoint"] == "2026-03-01T10:01:30.000Z"

    # After the replay, new messages arrive as usual and are not marked as replayed.
    publish(sns, archived_topic, "fourth")
    live = sns_fake.deliveries.filter(subscription_arn=arn).last
    assert live.message == "fourth"
    assert live.replayed is False


def test_replay_applies_the_subscription_filter_policy(
    sns: Any, sns_fake: Any, archived_topic: str, clock: Any
) -> None:
    history(sns, archived_topic, clock)
    arn = subscribe_replaying(sns, archived_topic, "2026-03-01T10:00:00.000Z", FilterPolicy='{"kind":["odd"]}')
    assert [d.message for d in sns_fake.deliveries.filter(subscription_arn=arn)] == ["first", "third"]


def test_ending_point_bounds_the_replay_and_stops_new_deliveries(
    sns: Any, sns_fake: Any, archived_topic: str, clock: Any
) -> None:
    history(sns, archived_topic, clock)
    arn = subscribe_replaying(sns, archived_topic, "2026-03-01T10:00:00.000Z", "2026-03-01T10:02:30.000Z")
    other = sns.subscribe(TopicArn=archived_topic, Protocol="sqs", Endpoint=OTHER_QUEUE)["SubscriptionArn"]
    assert [d.message for d in sns_fake.deliveries.filter(subscription_arn=arn)] == ["first", "second"]

    message_id = publish(sns, archived_topic, "after the end")
    assert [d.message for d in sns_fake.deliveries.filter(subscription_arn=arn)] == ["first", "second"]
    assert sns_fake.deliveries.filter(subscription_arn=other).one().message == "after the end"
    skipped = sns_fake.skipped.filter(subscription_arn=arn).one()
    assert (skipped.message_id, skipped.reason) == (message_id, "ReplayPolicy")

    # Removing the policy makes the subscription an ordinary one again.
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="ReplayPolicy", AttributeValue="")
    attributes = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert "ReplayPolicy" not in attributes
    assert "ReplayStatus" not in attributes
    publish(sns, archived_topic, "back again")
    assert sns_fake.deliveries.filter(subscription_arn=arn).last.message == "back again"


def test_setting_a_replay_policy_on_an_existing_subscription_starts_a_replay(
    sns: Any, sns_fake: Any, archived_topic: str, clock: Any
) -> None:
    arn = sns.subscribe(
        TopicArn=archived_topic, Protocol="sqs", Endpoint=QUEUE, ReturnSubscriptionArn=True
    )["SubscriptionArn"]
    history(sns, archived_topic, clock)
    assert "ReplayStatus" not in sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert len(sns_fake.deliveries.filter(subscription_arn=arn)) == 3

    sns.set_subscription_attributes(
        SubscriptionArn=arn, AttributeName="ReplayPolicy", AttributeValue=replay_policy("2026-03-01T10:02:00.000Z")
    )
    received = sns_fake.deliveries.filter(subscription_arn=arn)
    assert [(d.message, d.replayed) for d in received] == [
        ("first", False),
        ("second", False),
        ("third", False),
        ("second", True),
        ("third", True),
    ]
    assert sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]["ReplayStatus"] == "Completed"


def test_messages_older_than_the_retention_period_are_not_replayed(
    sns: Any, sns_fake: Any, clock: Any
) -> None:
    topic = sns.create_topic(
        Name="short.fifo", Attributes={"FifoTopic": "true", "ArchivePolicy": '{"MessageRetentionPeriod":"1"}'}
    )["TopicArn"]
    publish(sns, topic, "old")
    clock.tick(2 * 86400)
    publish(sns, topic, "recent")
    arn = subscribe_replaying(sns, topic, "2026-03-01T00:00:00.000Z")
    assert [d.message for d in sns_fake.deliveries.filter(subscription_arn=arn)] == ["recent"]


def test_messages_published_before_archiving_was_enabled_are_not_replayed(
    sns: Any, sns_fake: Any, clock: Any
) -> None:
    topic = sns.create_topic(Name="late.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    publish(sns, topic, "before")
    clock.tick(60)
    sns.set_topic_attributes(
        TopicArn=topic, AttributeName="ArchivePolicy", AttributeValue='{"MessageRetentionPeriod":"7"}'
    )
    assert sns.get_topic_attributes(TopicArn=topic)["Attributes"]["BeginningArchiveTime"] == (
        "2026-03-01T10:01:00.000Z"
    )
    publish(sns, topic, "after")
    arn = subscribe_replaying(sns, topic, "2026-03-01T00:00:00.000Z")
    assert [d.message for d in sns_fake.deliveries.filter(subscription_arn=arn)] == ["after"]


def test_an_empty_archive_policy_stops_archiving(sns: Any, sns_fake: Any, archived_topic: str, clock: Any) -> None:
    sns.set_topic_attributes(TopicArn=archived_topic, AttributeName="ArchivePolicy", AttributeValue="{}")
    attributes = sns.get_topic_attributes(TopicArn=archived_topic)["Attributes"]
    assert "ArchivePolicy" not in attributes
    assert "BeginningArchiveTime" not in attributes
    with pytest.raises(ClientError) as raised:
        sns.subscribe(
            TopicArn=archived_topic,
            Protocol="sqs",
            Endpoint=QUEUE,
            Attributes={"ReplayPolicy": replay_policy("2026-03-01T00:00:00.000Z")},
        )
    assert raised.value.response["Error"]["Code"] == "InvalidParameter"


@pytest.mark.parametrize(
    ("policy", "detail"),
    [
        ("{", "ReplayPolicy: failed to parse JSON."),
        ('{"PointType":"Sequence","StartingPoint":"2026-03-01T00:00:00.000Z"}', "ReplayPolicy: PointType must be Timestamp"),
        ('{"PointType":"Timestamp"}', "ReplayPolicy: StartingPoint is required"),
        ('{"PointType":"Timestamp","StartingPoint":"yesterday"}', "ReplayPolicy: StartingPoint is not a valid timestamp"),
        (
            '{"PointType":"Timestamp","StartingPoint":"2026-03-01T00:00:00.000Z","EndingPoint":5}',
            "ReplayPolicy: EndingPoint is not a valid timestamp",
        ),
    ],
)
def test_invalid_replay_policies_are_refused_and_change_nothing(
    sns: Any, sns_fake: Any, archived_topic: str, clock: Any, policy: str, detail: str
) -> None:
    history(sns, archived_topic, clock)
    with pytest.raises(sns.exceptions.InvalidParameterException) as raised:
        sns.subscribe(TopicArn=archived_topic, Protocol="sqs", Endpoint=QUEUE, Attributes={"ReplayPolicy": policy})
    assert raised.value.response["Error"]["Message"] == f"Invalid parameter: Attributes Reason: {detail}"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert sns.list_subscriptions_by_topic(TopicArn=archived_topic)["Subscriptions"] == []
    assert len(sns_fake.deliveries.filter(endpoint=QUEUE)) == 0


def test_archive_policy_is_refused_on_a_standard_topic(sns: Any) -> None:
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.create_topic(Name="plain", Attributes={"ArchivePolicy": '{"MessageRetentionPeriod":"30"}'})
    assert sns.list_topics()["Topics"] == []
