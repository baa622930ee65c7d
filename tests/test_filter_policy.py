"""Filter policies through boto3: every matching case and validation row of the unit tables,
run as users run them (Subscribe / SetSubscriptionAttributes, then Publish)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from test_filter_policy_unit import ATTRIBUTE_CASES, ATTRS, BODY, BODY_CASES, MORE_ROWS, SPEC_ROWS, located

QUEUE = "arn:aws:sqs:us-east-1:123456789012:routed"


def _subscribe(sns: Any, policy: str, scope: str) -> tuple[str, str]:
    topic = sns.create_topic(Name="events")["TopicArn"]
    subscription = sns.subscribe(
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=QUEUE,
        Attributes={"FilterPolicy": policy, "FilterPolicyScope": scope},
        ReturnSubscriptionArn=True,
    )["SubscriptionArn"]
    return topic, subscription


def _delivered(sns_fake: Any, subscription: str) -> bool:
    delivered = len(sns_fake.deliveries.filter(subscription_arn=subscription)) == 1
    skipped = sns_fake.skipped.filter(subscription_arn=subscription, reason="FilterPolicy")
    assert delivered != bool(skipped), "a message is either delivered or skipped by the filter"
    if skipped:
        assert skipped[0].detail, "a skip names the key and value that failed"
    return delivered


@pytest.mark.parametrize(("policy", "attributes", "expected"), ATTRIBUTE_CASES)
def test_attribute_scope(sns: Any, sns_fake: Any, policy: str, attributes: dict[str, Any], expected: bool) -> None:
    topic, subscription = _subscribe(sns, policy, ATTRS)
    try:
        sns.publish(TopicArn=topic, Message="m", MessageAttributes=attributes)
    except ClientError as error:
        # SNS refuses some attributes outright: the case cannot happen through the API.
        pytest.skip(f"SNS refuses this publish: {error.response['Error']['Message']}")
    assert _delivered(sns_fake, subscription) is expected


@pytest.mark.parametrize(("policy", "body", "expected"), BODY_CASES)
def test_body_scope(sns: Any, sns_fake: Any, policy: str, body: str, expected: bool) -> None:
    topic, subscription = _subscribe(sns, policy, BODY)
    sns.publish(TopicArn=topic, Message=body)
    assert _delivered(sns_fake, subscription) is expected


@pytest.mark.parametrize(("policy", "message", "column"), SPEC_ROWS + MORE_ROWS)
def test_validation_messages_in_subscribe_and_set(sns: Any, policy: str, message: str, column: int) -> None:
    compact = policy.replace("1e2", "100.0")  # the source is re-serialised as Jackson writes floats
    reason = f"FilterPolicy: {located(message, compact, column)}"
    topic = sns.create_topic(Name="events")["TopicArn"]
    with pytest.raises(sns.exceptions.InvalidParameterException) as caught:
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE, Attributes={"FilterPolicy": policy})
    assert caught.value.response["Error"]["Message"] == f"Invalid parameter: Attributes Reason: {reason}"
    assert sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"] == []

    subscription = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)["SubscriptionArn"]
    with pytest.raises(sns.exceptions.InvalidParameterException) as caught:
        sns.set_subscription_attributes(
            SubscriptionArn=subscription, AttributeName="FilterPolicy", AttributeValue=policy
        )
    assert caught.value.response["Error"]["Message"] == f"Invalid parameter: {reason}"
    attributes = sns.get_subscription_attributes(SubscriptionArn=subscription)["Attributes"]
    assert "FilterPolicy" not in attributes
