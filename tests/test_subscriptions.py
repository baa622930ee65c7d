"""Subscriptions through boto3 across operations: the topic counters, ListSubscriptions and
ListSubscriptionsByTopic, what a failed call leaves unchanged, and the shapes of the answers.
(Subscribe and Unsubscribe: test_subscribe.py; attributes: test_subscription_attributes.py;
ConfirmSubscription: test_confirmation.py.)

Errors are checked whole (aws_errors.py); "(unconfirmed)" marks wording AWS has not recorded.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest
from aws_errors import assert_aws_error, call_error
from conftest import ACCOUNT, OTHER_ACCOUNT, REGION, client
from sns_helpers import (
    FIFO_QUEUE,
    HOOK,
    QUEUE,
    TOPIC,
    check_answers,
    counters,
    subscribe,
    subscriptions_snapshot,
    token_of,
)


# =========================================================================== counters
def test_topic_counters_follow_subscriptions(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    assert counters(sns) == ("0", "0", "0")
    web = subscribe(sns, "https", HOOK)
    mail = subscribe(sns, "email", "ops@example.com")
    queue = subscribe(sns, "sqs", QUEUE)
    assert counters(sns) == ("2", "1", "0")
    sns.confirm_subscription(TopicArn=topic_arn, Token=token_of(sns_fake, web))
    assert counters(sns) == ("1", "2", "0")
    sns.unsubscribe(SubscriptionArn=queue)
    assert counters(sns) == ("1", "1", "1")
    sns.unsubscribe(SubscriptionArn=mail)  # a pending one
    assert counters(sns) == ("0", "1", "2")
    sns.unsubscribe(SubscriptionArn=mail)  # already gone: nothing more counted
    assert counters(sns) == ("0", "1", "2")


# =========================================================================== listings
def test_list_subscriptions_empty(sns: Any, topic_arn: str) -> None:
    for response in (sns.list_subscriptions(), sns.list_subscriptions_by_topic(TopicArn=topic_arn)):
        assert response["Subscriptions"] == []
        assert "NextToken" not in response


def test_list_subscriptions_pages_of_one_hundred(sns: Any, topic_arn: str) -> None:
    other = sns.create_topic(Name="refunds")["TopicArn"]
    arns = [subscribe(sns, "sqs", f"{QUEUE}-{i}", topic_arn if i % 2 else other) for i in range(250)]
    first = sns.list_subscriptions()
    second = sns.list_subscriptions(NextToken=first["NextToken"])
    third = sns.list_subscriptions(NextToken=second["NextToken"])
    assert [len(page["Subscriptions"]) for page in (first, second, third)] == [100, 100, 50]
    assert "NextToken" not in third
    assert [
        item["SubscriptionArn"] for page in (first, second, third) for item in page["Subscriptions"]
    ] == arns
    assert sns.list_subscriptions(NextToken="")["Subscriptions"] == first["Subscriptions"]


def test_list_subscriptions_by_topic_pages(sns: Any, topic_arn: str) -> None:
    other = sns.create_topic(Name="refunds")["TopicArn"]
    subscribe(sns, "sqs", QUEUE, other)
    arns = [subscribe(sns, "sqs", f"{QUEUE}-{i}") for i in range(101)]
    first = sns.list_subscriptions_by_topic(TopicArn=topic_arn)
    assert len(first["Subscriptions"]) == 100
    base64.b64decode(first["NextToken"], validate=True)  # padded base64, as AWS's tokens are
    last = sns.list_subscriptions_by_topic(TopicArn=topic_arn, NextToken=first["NextToken"])
    assert "NextToken" not in last
    assert [item["SubscriptionArn"] for item in first["Subscriptions"] + last["Subscriptions"]] == arns
    assert {item["TopicArn"] for item in first["Subscriptions"] + last["Subscriptions"]} == {topic_arn}
    pages = list(sns.get_paginator("list_subscriptions_by_topic").paginate(TopicArn=topic_arn))
    assert [len(page["Subscriptions"]) for page in pages] == [100, 1]


@pytest.mark.parametrize("operation", ["ListSubscriptions", "ListSubscriptionsByTopic"])
@pytest.mark.parametrize("token", ["garbage", "!!!", "dG9waWNzOjE="])  # the last one is a ListTopics token
def test_list_subscriptions_rejects_a_foreign_next_token(
    sns: Any, topic_arn: str, operation: str, token: str
) -> None:
    # (unconfirmed wording)
    kwargs = {"NextToken": token}
    if operation == "ListSubscriptionsByTopic":
        kwargs["TopicArn"] = topic_arn
    assert_aws_error(sns, operation, kwargs, "InvalidParameter", "Invalid parameter: NextToken")


@pytest.mark.parametrize(
    ("arn", "code", "message"),
    [
        (
            "test-topic",
            "InvalidParameter",
            "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1",
        ),
        (f"arn:aws:sns:eu-west-1:{ACCOUNT}:orders", "InvalidParameter", "Invalid parameter: TopicArn"),
        (f"arn:aws:sns:{REGION}:{ACCOUNT}:missing", "NotFound", "Topic does not exist"),
    ],
)
def test_list_subscriptions_by_topic_errors(
    sns: Any, topic_arn: str, arn: str, code: str, message: str
) -> None:
    assert_aws_error(sns, "ListSubscriptionsByTopic", {"TopicArn": arn}, code, message)


def test_listings_are_per_account_and_region(sns_fake: Any, sns: Any, topic_arn: str) -> None:
    mine = subscribe(sns, "sqs", QUEUE)
    west = client(region="eu-west-1")
    west_topic = west.create_topic(Name="orders")["TopicArn"]
    west.subscribe(TopicArn=west_topic, Protocol="sqs", Endpoint=f"arn:aws:sqs:eu-west-1:{ACCOUNT}:q")
    other = client(access_key=OTHER_ACCOUNT)
    other_topic = other.create_topic(Name="orders")["TopicArn"]
    other.subscribe(TopicArn=other_topic, Protocol="sqs", Endpoint=f"arn:aws:sqs:{REGION}:{OTHER_ACCOUNT}:q")
    assert [item["SubscriptionArn"] for item in sns.list_subscriptions()["Subscriptions"]] == [mine]
    assert len(west.list_subscriptions()["Subscriptions"]) == 1
    assert len(other.list_subscriptions()["Subscriptions"]) == 1


# =========================================================================== failed calls change nothing
FAILING_CALLS = [
    (
        "Subscribe",
        {
            "TopicArn": TOPIC,
            "Protocol": "sqs",
            "Endpoint": f"{QUEUE}-new",
            "Attributes": {"FilterPolicy": "{"},
        },
    ),
    (
        "Subscribe",
        {
            "TopicArn": TOPIC,
            "Protocol": "sqs",
            "Endpoint": f"{QUEUE}-new",
            "Attributes": {"RawMessageDelivery": "x"},
        },
    ),
    (
        "Subscribe",
        {
            "TopicArn": TOPIC,
            "Protocol": "sqs",
            "Endpoint": QUEUE,
            "Attributes": {"RawMessageDelivery": "false"},
        },
    ),
    ("Subscribe", {"TopicArn": TOPIC, "Protocol": "https", "Endpoint": "http://x"}),
    ("Subscribe", {"TopicArn": TOPIC, "Protocol": "sqs", "Endpoint": FIFO_QUEUE}),
    ("ConfirmSubscription", {"TopicArn": TOPIC, "Token": "abc123"}),
    ("ConfirmSubscription", {"TopicArn": "not-an-arn", "Token": "abc123"}),
    ("Unsubscribe", {"SubscriptionArn": TOPIC}),
    (
        "SetSubscriptionAttributes",
        {"SubscriptionArn": "x", "AttributeName": "RawMessageDelivery", "AttributeValue": "true"},
    ),
]


@pytest.mark.parametrize(
    ("operation", "kwargs"), FAILING_CALLS, ids=[f"{op}-{i}" for i, (op, _) in enumerate(FAILING_CALLS)]
)
def test_a_failed_call_changes_no_state(
    sns: Any, sns_fake: Any, topic_arn: str, operation: str, kwargs: dict[str, Any]
) -> None:
    subscribe(sns, "sqs", QUEUE, RawMessageDelivery="true", FilterPolicy='{"a":["b"]}')
    subscribe(sns, "https", HOOK)
    before = subscriptions_snapshot(sns, sns_fake)
    call_error(sns, operation, **kwargs)
    assert subscriptions_snapshot(sns, sns_fake) == before


# =========================================================================== response shapes
def test_response_shapes_match_the_botocore_model(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    for i in range(100):
        subscribe(sns, "sqs", f"{QUEUE}-{i}")
    web = subscribe(sns, "https", HOOK)
    token = token_of(sns_fake, web)
    first = sns.list_subscriptions()
    first_by_topic = sns.list_subscriptions_by_topic(TopicArn=topic_arn)
    calls: list[tuple[str, dict[str, Any], set[str]]] = [
        (
            "Subscribe",
            {"TopicArn": topic_arn, "Protocol": "email", "Endpoint": "ops@example.com"},
            {"SubscriptionArn"},
        ),
        ("ConfirmSubscription", {"TopicArn": topic_arn, "Token": token}, {"SubscriptionArn"}),
        ("GetSubscriptionAttributes", {"SubscriptionArn": web}, {"Attributes"}),
        (
            "SetSubscriptionAttributes",
            {"SubscriptionArn": web, "AttributeName": "RawMessageDelivery", "AttributeValue": "true"},
            set(),
        ),
        ("ListSubscriptions", {}, {"Subscriptions", "NextToken"}),
        ("ListSubscriptions", {"NextToken": first["NextToken"]}, {"Subscriptions"}),
        ("ListSubscriptionsByTopic", {"TopicArn": topic_arn}, {"Subscriptions", "NextToken"}),
        (
            "ListSubscriptionsByTopic",
            {"TopicArn": topic_arn, "NextToken": first_by_topic["NextToken"]},
            {"Subscriptions"},
        ),
        ("Unsubscribe", {"SubscriptionArn": web}, set()),
    ]
    check_answers(sns, calls)
