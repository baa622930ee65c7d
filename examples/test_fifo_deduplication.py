"""A FIFO topic drops a repeat of a message within five minutes: what the records show.

The repeat's Publish succeeds with the original's ``MessageId`` and ``SequenceNumber``; it
is not a new message, so ``fake.published`` does not list it, and each subscription gets
a ``fake.skipped`` record with reason ``Deduplicated`` instead of a delivery.
"""

from __future__ import annotations

import boto3

from snsfake import SnsFake

QUEUE = "arn:aws:sqs:us-east-1:123456789012:orders.fifo"


def test_a_repeat_is_skipped_not_published(sns_fake: SnsFake) -> None:
    sns = boto3.client("sns")
    topic = sns.create_topic(Name="orders.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    subscription = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)["SubscriptionArn"]
    order = {"TopicArn": topic, "Message": "paid", "MessageGroupId": "order-7", "MessageDeduplicationId": "7-paid"}

    first = sns.publish(**order)
    repeat = sns.publish(**order)

    assert repeat["MessageId"] == first["MessageId"]
    assert repeat["SequenceNumber"] == first["SequenceNumber"]
    assert len(sns_fake.published) == 1  # the repeat is not there
    assert len(sns_fake.deliveries) == 1
    skipped = sns_fake.skipped.one(reason="Deduplicated")  # one per subscription of the topic
    assert (skipped.subscription_arn, skipped.message_id) == (subscription, first["MessageId"])
    assert sns_fake.calls.last.operation == "Publish"  # the call itself is recorded
