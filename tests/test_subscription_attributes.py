"""Subscription attributes through boto3: those given to Subscribe, GetSubscriptionAttributes,
SetSubscriptionAttributes (settable names, value rules), RedrivePolicy, FilterPolicy with its
scope and limit, and the subscription DeliveryPolicy.

Errors are checked whole (aws_errors.py); "(unconfirmed)" marks wording AWS has not recorded.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_errors import assert_aws_error
from conftest import ACCOUNT, OTHER_ACCOUNT, REGION, client
from sns_helpers import (
    BASE_KEYS,
    DEFAULT_RETRY,
    DLQ,
    FIFO_DLQ,
    FIFO_QUEUE,
    FUNCTION,
    HOOK,
    PHONE,
    QUEUE,
    ROLE,
    STREAM,
    TOPIC,
    counters,
    sub_attributes,
    subscribe,
    subscriptions_snapshot,
)

DEFAULT_SUBSCRIPTION_EFFECTIVE = {
    "healthyRetryPolicy": DEFAULT_RETRY,
    "sicklyRetryPolicy": None,
    "throttlePolicy": None,
    "requestPolicy": {"headerContentType": "text/plain; charset=UTF-8"},
    "guaranteed": False,
}

PARSE_ERROR_AT = (
    "\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: {}]"
)


# --------------------------------------------------------------------------- attributes at Subscribe
@pytest.mark.parametrize(
    ("protocol", "endpoint", "attrs", "detail"),
    [
        (
            "sqs",
            QUEUE,
            {"RawMessageDelivery": "wrongvalue"},
            "RawMessageDelivery: Invalid value [wrongvalue]. Must be true or false.",
        ),
        (
            "sqs",
            QUEUE,
            {"RawMessageDelivery": ""},
            "RawMessageDelivery: Invalid value []. Must be true or false.",
        ),
        (
            "email",
            "ops@example.com",
            {"RawMessageDelivery": "true"},
            "Delivery protocol [email] does not support raw message delivery.",
        ),
        (
            "lambda",
            FUNCTION,
            {"RawMessageDelivery": "false"},
            "Delivery protocol [lambda] does not support raw message delivery.",
        ),
        (
            "sms",
            PHONE,
            {"RawMessageDelivery": "true"},
            "Delivery protocol [sms] does not support raw message delivery.",
        ),
        (
            "sqs",
            QUEUE,
            {"FilterPolicy": "invalid"},
            "FilterPolicy: failed to parse JSON. Unrecognized token 'invalid': was expecting (JSON String, Number, "
            "Array, Object or token 'null', 'true' or 'false')" + PARSE_ERROR_AT.format(8),
        ),
        (
            "sqs",
            QUEUE,
            {"FilterPolicy": '{"a":{"b":["c"]}}'},
            "Filter policy scope MessageAttributes does not support nested filter policy",
        ),
        (
            "sqs",
            QUEUE,
            {"FilterPolicy": '{"a":{"b":["c"]}}', "FilterPolicyScope": "MessageAttributes"},
            "Filter policy scope MessageAttributes does not support nested filter policy",
        ),
        (
            "sqs",
            QUEUE,
            {"FilterPolicyScope": "Body"},
            "FilterPolicyScope: Invalid value [Body]. Please use either MessageBody or MessageAttributes",
        ),
        (
            "sqs",
            QUEUE,
            {"RedrivePolicy": '{"deadLetterTargetArn":"dead"}'},
            "RedrivePolicy: deadLetterTargetArn is an invalid arn",
        ),
        ("sqs", QUEUE, {"RedrivePolicy": "{}"}, "RedrivePolicy: deadLetterTargetArn is an invalid arn"),
        # (unconfirmed wording)
        ("sqs", QUEUE, {"Unknown": "x"}, "Unknown attribute Unknown"),
        ("sqs", QUEUE, {"Owner": ACCOUNT}, "Unknown attribute Owner"),
        (
            "sqs",
            QUEUE,
            {"DeliveryPolicy": '{"healthyRetryPolicy":{"numRetries":5}}'},
            "DeliveryPolicy: Delivery protocol [sqs] does not support delivery policies.",
        ),
        (
            "https",
            HOOK,
            {"DeliveryPolicy": '{"healthyRetryPolicy":{"numRetries":101}}'},
            "DeliveryPolicy: healthyRetryPolicy.numRetries must be less than or equal to 100",
        ),
    ],
)
def test_subscribe_rejects_invalid_attributes(
    sns: Any, sns_fake: Any, topic_arn: str, protocol: str, endpoint: str, attrs: dict[str, str], detail: str
) -> None:
    assert_aws_error(
        sns,
        "Subscribe",
        {"TopicArn": topic_arn, "Protocol": protocol, "Endpoint": endpoint, "Attributes": attrs},
        "InvalidParameter",
        f"Invalid parameter: Attributes Reason: {detail}",
    )
    assert sns.list_subscriptions()["Subscriptions"] == []
    assert len(sns_fake.deliveries) == 0
    assert counters(sns) == ("0", "0", "0")


def test_subscribe_with_empty_attribute_map_is_like_no_attributes(sns: Any, topic_arn: str) -> None:
    # botocore omits an empty map from the request: AWS sees no Attributes.
    arn = sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=QUEUE, Attributes={})["SubscriptionArn"]
    assert set(sub_attributes(sns, arn)) == BASE_KEYS


def test_subscribe_stores_attributes(sns: Any, topic_arn: str) -> None:
    arn = subscribe(
        sns,
        "sqs",
        QUEUE,
        RawMessageDelivery="TRUE",
        FilterPolicy='{"status": ["paid"]}',
        RedrivePolicy=json.dumps({"deadLetterTargetArn": DLQ}),
    )
    attrs = sub_attributes(sns, arn)
    assert set(attrs) == BASE_KEYS | {"FilterPolicy", "FilterPolicyScope", "RedrivePolicy"}
    assert attrs["RawMessageDelivery"] == "true"
    assert attrs["FilterPolicy"] == '{"status": ["paid"]}'  # stored verbatim
    assert attrs["FilterPolicyScope"] == "MessageAttributes"
    assert attrs["RedrivePolicy"] == json.dumps({"deadLetterTargetArn": DLQ})


def test_subscribe_validates_a_nested_policy_against_the_scope_given_in_the_same_call(
    sns: Any, topic_arn: str
) -> None:
    arn = subscribe(sns, "sqs", QUEUE, FilterPolicy='{"a":{"b":["c"]}}', FilterPolicyScope="MessageBody")
    attrs = sub_attributes(sns, arn)
    assert attrs["FilterPolicy"] == '{"a":{"b":["c"]}}'
    assert attrs["FilterPolicyScope"] == "MessageBody"


def test_filter_policy_scope_alone_is_not_shown(sns: Any, topic_arn: str) -> None:
    arn = subscribe(sns, "sqs", QUEUE, FilterPolicyScope="MessageBody")
    assert set(sub_attributes(sns, arn)) == BASE_KEYS


def test_subscription_role_arn_is_shown_for_firehose(sns: Any, topic_arn: str) -> None:
    arn = subscribe(sns, "firehose", STREAM, SubscriptionRoleArn=ROLE)
    attrs = sub_attributes(sns, arn)
    assert set(attrs) == BASE_KEYS | {"SubscriptionRoleArn"}
    assert attrs["SubscriptionRoleArn"] == ROLE


# =========================================================================== GetSubscriptionAttributes
@pytest.mark.parametrize(
    ("arn", "code", "message"),
    [
        (
            "randomstring",
            "InvalidParameter",
            "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1",
        ),
        (TOPIC, "InvalidParameter", "Invalid parameter: SubscriptionId"),
        (
            "",
            "InvalidParameter",
            "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1",
        ),
        (f"{TOPIC}:5e3c2f6a-0000-4000-8000-000000000000", "NotFound", "Subscription does not exist"),
    ],
)
@pytest.mark.parametrize("operation", ["GetSubscriptionAttributes", "SetSubscriptionAttributes"])
def test_subscription_arn_errors(
    sns: Any, topic_arn: str, operation: str, arn: str, code: str, message: str
) -> None:
    kwargs: dict[str, Any] = {"SubscriptionArn": arn}
    if operation == "SetSubscriptionAttributes":
        kwargs.update(AttributeName="RawMessageDelivery", AttributeValue="true")
    assert_aws_error(sns, operation, kwargs, code, message)


def test_get_subscription_attributes_of_another_accounts_subscription(sns_fake: Any, sns: Any) -> None:
    other = client(access_key=OTHER_ACCOUNT)
    topic = other.create_topic(Name="orders")["TopicArn"]
    arn = other.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=f"arn:aws:sqs:{REGION}:{OTHER_ACCOUNT}:q")[
        "SubscriptionArn"
    ]
    assert_aws_error(
        sns,
        "GetSubscriptionAttributes",
        {"SubscriptionArn": arn},
        "AuthorizationError",
        "Not authorized to access this subscription",
    )
    assert sub_attributes(other, arn)["Owner"] == OTHER_ACCOUNT


def test_get_subscription_attributes_of_a_pending_subscription(sns: Any, topic_arn: str) -> None:
    arn = subscribe(sns, "email", "ops@example.com")
    assert sub_attributes(sns, arn) == {
        "ConfirmationWasAuthenticated": "false",
        "Endpoint": "ops@example.com",
        "Owner": ACCOUNT,
        "PendingConfirmation": "true",
        "Protocol": "email",
        "RawMessageDelivery": "false",
        "SubscriptionArn": arn,
        "SubscriptionPrincipal": f"arn:aws:iam::{ACCOUNT}:root",
        "TopicArn": topic_arn,
    }


# =========================================================================== SetSubscriptionAttributes
@pytest.mark.parametrize(
    ("protocol", "endpoint", "name", "value", "shown"),
    [
        ("sqs", QUEUE, "RawMessageDelivery", "true", "true"),
        ("sqs", QUEUE, "RawMessageDelivery", "True", "true"),
        ("sqs", QUEUE, "RawMessageDelivery", "FALSE", "false"),
        ("https", HOOK, "RawMessageDelivery", "true", "true"),
        ("http", "http://hooks.example.com", "RawMessageDelivery", "tRuE", "true"),
        ("firehose", STREAM, "RawMessageDelivery", "true", "true"),
        (
            "sqs",
            QUEUE,
            "FilterPolicy",
            '{"price": [{"numeric": [">", 0]}]}',
            '{"price": [{"numeric": [">", 0]}]}',
        ),
        ("lambda", FUNCTION, "FilterPolicy", '{"a": ["b"]}', '{"a": ["b"]}'),
        (
            "sqs",
            QUEUE,
            "RedrivePolicy",
            json.dumps({"deadLetterTargetArn": DLQ}),
            json.dumps({"deadLetterTargetArn": DLQ}),
        ),
        (
            "sms",
            PHONE,
            "RedrivePolicy",
            json.dumps({"deadLetterTargetArn": DLQ}),
            json.dumps({"deadLetterTargetArn": DLQ}),
        ),
        ("firehose", STREAM, "SubscriptionRoleArn", f"{ROLE}-2", f"{ROLE}-2"),
    ],
)
def test_set_subscription_attribute(
    sns: Any, topic_arn: str, protocol: str, endpoint: str, name: str, value: str, shown: str
) -> None:
    extra = {"SubscriptionRoleArn": ROLE} if protocol == "firehose" else {}
    arn = subscribe(sns, protocol, endpoint, **extra)
    response = sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName=name, AttributeValue=value)
    assert set(response) == {"ResponseMetadata"}
    assert sub_attributes(sns, arn)[name] == shown


def test_set_subscription_attributes_works_while_pending(sns: Any, topic_arn: str) -> None:
    arn = subscribe(sns, "https", HOOK)
    sns.set_subscription_attributes(
        SubscriptionArn=arn, AttributeName="RawMessageDelivery", AttributeValue="true"
    )
    attrs = sub_attributes(sns, arn)
    assert attrs["RawMessageDelivery"] == "true"
    assert attrs["PendingConfirmation"] == "true"


@pytest.mark.parametrize(
    "name",
    [
        "Owner",
        "Protocol",
        "Endpoint",
        "TopicArn",
        "SubscriptionArn",
        "PendingConfirmation",
        "ConfirmationWasAuthenticated",
        "SubscriptionPrincipal",
        "EffectiveDeliveryPolicy",
        "ReplayStatus",
        "Unknown",
        "rawmessagedelivery",
        "",
    ],
)
def test_set_subscription_attributes_rejects_names_that_are_not_settable(
    sns: Any, topic_arn: str, name: str
) -> None:
    arn = subscribe(sns, "sqs", QUEUE)
    before = sub_attributes(sns, arn)
    assert_aws_error(
        sns,
        "SetSubscriptionAttributes",
        {"SubscriptionArn": arn, "AttributeName": name, "AttributeValue": "true"},
        "InvalidParameter",
        "Invalid parameter: AttributeName",
    )
    assert sub_attributes(sns, arn) == before


@pytest.mark.parametrize(
    ("protocol", "endpoint", "name", "value", "detail"),
    [
        (
            "sqs",
            QUEUE,
            "RawMessageDelivery",
            "wrongvalue",
            "RawMessageDelivery: Invalid value [wrongvalue]. Must be true or false.",
        ),
        (
            "sqs",
            QUEUE,
            "RawMessageDelivery",
            "",
            "RawMessageDelivery: Invalid value []. Must be true or false.",
        ),
        (
            "sqs",
            QUEUE,
            "RawMessageDelivery",
            None,
            "RawMessageDelivery: Invalid value []. Must be true or false.",
        ),
        (
            "sqs",
            QUEUE,
            "RawMessageDelivery",
            " true",
            "RawMessageDelivery: Invalid value [ true]. Must be true or false.",
        ),
        (
            "lambda",
            FUNCTION,
            "RawMessageDelivery",
            "true",
            "Delivery protocol [lambda] does not support raw message delivery.",
        ),
        (
            "lambda",
            FUNCTION,
            "RawMessageDelivery",
            "nonsense",
            "Delivery protocol [lambda] does not support raw message delivery.",
        ),
        (
            "sms",
            PHONE,
            "RawMessageDelivery",
            "false",
            "Delivery protocol [sms] does not support raw message delivery.",
        ),
        (
            "email",
            "ops@example.com",
            "RawMessageDelivery",
            "true",
            "Delivery protocol [email] does not support raw message delivery.",
        ),
        (
            "email-json",
            "ops@example.com",
            "RawMessageDelivery",
            "true",
            "Delivery protocol [email-json] does not support raw message delivery.",
        ),
        (
            "sqs",
            QUEUE,
            "FilterPolicyScope",
            "Body",
            "FilterPolicyScope: Invalid value [Body]. Please use either MessageBody or MessageAttributes",
        ),
        (
            "sqs",
            QUEUE,
            "FilterPolicyScope",
            "",
            "FilterPolicyScope: Invalid value []. Please use either MessageBody or MessageAttributes",
        ),
        (
            "sqs",
            QUEUE,
            "FilterPolicy",
            "{invalid",
            "FilterPolicy: failed to parse JSON. Unexpected character ('i' (code 105)): was expecting double-quote "
            "to start field name" + PARSE_ERROR_AT.format(2),
        ),
        (
            "sqs",
            QUEUE,
            "FilterPolicy",
            '{"a":{"b":["c"]}}',
            "Filter policy scope MessageAttributes does not support nested filter policy",
        ),
        (
            "sqs",
            QUEUE,
            "RedrivePolicy",
            "{invalid",
            "RedrivePolicy: failed to parse JSON. Unexpected character ('i' (code 105)): was expecting double-quote "
            "to start field name" + PARSE_ERROR_AT.format(2),
        ),
        (
            "sqs",
            QUEUE,
            "RedrivePolicy",
            '{"deadLetterTargetArn":"dead"}',
            "RedrivePolicy: deadLetterTargetArn is an invalid arn",
        ),
        (
            "sqs",
            QUEUE,
            "RedrivePolicy",
            '{"deadLetterTargetArn":123}',
            "RedrivePolicy: deadLetterTargetArn is an invalid arn",
        ),
        # (unconfirmed wording)
        (
            "sqs",
            QUEUE,
            "DeliveryPolicy",
            '{"healthyRetryPolicy":{"numRetries":3}}',
            "DeliveryPolicy: Delivery protocol [sqs] does not support delivery policies.",
        ),
        (
            "https",
            HOOK,
            "DeliveryPolicy",
            '{"healthyRetryPolicy":{"numRetries":101}}',
            "DeliveryPolicy: healthyRetryPolicy.numRetries must be less than or equal to 100",
        ),
        (
            "https",
            HOOK,
            "DeliveryPolicy",
            '{"healthyRetryPolicy":{"minDelayTarget":0}}',
            "DeliveryPolicy: healthyRetryPolicy.minDelayTarget must be greater than or equal to 1",
        ),
        (
            "https",
            HOOK,
            "DeliveryPolicy",
            '{"throttlePolicy":{"maxReceivesPerSecond":0}}',
            "DeliveryPolicy: throttlePolicy.maxReceivesPerSecond must be greater than or equal to 1",
        ),
        ("https", HOOK, "DeliveryPolicy", '{"retry":{}}', "DeliveryPolicy: unknown field retry"),
        ("https", HOOK, "DeliveryPolicy", "{", "DeliveryPolicy: failed to parse JSON"),
        (
            "sqs",
            QUEUE,
            "SubscriptionRoleArn",
            "role",
            "SubscriptionRoleArn Reason: An ARN must have at least 6 elements, not 1",
        ),
        (
            "sqs",
            QUEUE,
            "ReplayPolicy",
            '{"PointType":"Timestamp","StartingPoint":"2024-01-01T00:00:00.000Z"}',
            "ReplayPolicy: Topic must have an ArchivePolicy to use ReplayPolicy",
        ),
    ],
)
def test_set_subscription_attributes_rejects_invalid_values(
    sns: Any,
    sns_fake: Any,
    topic_arn: str,
    protocol: str,
    endpoint: str,
    name: str,
    value: str | None,
    detail: str,
) -> None:
    arn = subscribe(sns, protocol, endpoint)
    before = subscriptions_snapshot(sns, sns_fake)
    kwargs: dict[str, Any] = {"SubscriptionArn": arn, "AttributeName": name}
    if value is not None:
        kwargs["AttributeValue"] = value
    assert_aws_error(
        sns, "SetSubscriptionAttributes", kwargs, "InvalidParameter", f"Invalid parameter: {detail}"
    )
    assert subscriptions_snapshot(sns, sns_fake) == before


def test_redrive_policy_for_fifo_subscriptions(sns: Any, fifo_topic_arn: str) -> None:
    fifo_sub = subscribe(sns, "sqs", FIFO_QUEUE, fifo_topic_arn)
    standard_sub = subscribe(sns, "sqs", QUEUE, fifo_topic_arn)
    assert_aws_error(
        sns,
        "SetSubscriptionAttributes",
        {
            "SubscriptionArn": fifo_sub,
            "AttributeName": "RedrivePolicy",
            "AttributeValue": json.dumps({"deadLetterTargetArn": DLQ}),
        },
        "InvalidParameter",
        "Invalid parameter: RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.",
    )
    assert_aws_error(
        sns,
        "Subscribe",
        {
            "TopicArn": fifo_topic_arn,
            "Protocol": "sqs",
            "Endpoint": f"{FIFO_QUEUE}-2.fifo",
            "Attributes": {"RedrivePolicy": json.dumps({"deadLetterTargetArn": DLQ})},
        },
        "InvalidParameter",
        "Invalid parameter: Attributes Reason: RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription "
        "to a FIFO Topic.",
    )
    policy = json.dumps({"deadLetterTargetArn": FIFO_DLQ})
    sns.set_subscription_attributes(
        SubscriptionArn=fifo_sub, AttributeName="RedrivePolicy", AttributeValue=policy
    )
    assert sub_attributes(sns, fifo_sub)["RedrivePolicy"] == policy
    # a standard queue on a FIFO topic may use a standard DLQ (unconfirmed)
    sns.set_subscription_attributes(
        SubscriptionArn=standard_sub,
        AttributeName="RedrivePolicy",
        AttributeValue=json.dumps({"deadLetterTargetArn": DLQ}),
    )


def test_redrive_policy_empty_string_removes_it(sns: Any, topic_arn: str) -> None:
    arn = subscribe(sns, "sqs", QUEUE, RedrivePolicy=json.dumps({"deadLetterTargetArn": DLQ}))
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="RedrivePolicy", AttributeValue="")
    assert "RedrivePolicy" not in sub_attributes(sns, arn)


# --------------------------------------------------------------------------- FilterPolicy and its scope
def test_filter_policy_and_scope_appear_and_disappear_together(sns: Any, topic_arn: str) -> None:
    arn = subscribe(sns, "sqs", QUEUE)
    assert not {"FilterPolicy", "FilterPolicyScope"} & set(sub_attributes(sns, arn))
    sns.set_subscription_attributes(
        SubscriptionArn=arn, AttributeName="FilterPolicy", AttributeValue='{"a": ["b"]}'
    )
    attrs = sub_attributes(sns, arn)
    assert (attrs["FilterPolicy"], attrs["FilterPolicyScope"]) == ('{"a": ["b"]}', "MessageAttributes")
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="FilterPolicy", AttributeValue="")
    assert set(sub_attributes(sns, arn)) == BASE_KEYS


def test_switching_the_scope_revalidates_the_policy(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    arn = subscribe(sns, "sqs", QUEUE, FilterPolicy='{"a":{"b":["c"]}}', FilterPolicyScope="MessageBody")
    before = subscriptions_snapshot(sns, sns_fake)
    # (LocalStack; unconfirmed) a nested policy cannot move to MessageAttributes
    assert_aws_error(
        sns,
        "SetSubscriptionAttributes",
        {"SubscriptionArn": arn, "AttributeName": "FilterPolicyScope", "AttributeValue": "MessageAttributes"},
        "InvalidParameter",
        "Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy",
    )
    assert subscriptions_snapshot(sns, sns_fake) == before
    # a flat policy may switch both ways
    sns.set_subscription_attributes(
        SubscriptionArn=arn, AttributeName="FilterPolicy", AttributeValue='{"a":["b"]}'
    )
    sns.set_subscription_attributes(
        SubscriptionArn=arn, AttributeName="FilterPolicyScope", AttributeValue="MessageAttributes"
    )
    assert sub_attributes(sns, arn)["FilterPolicyScope"] == "MessageAttributes"
    # and the nested policy is now refused under the stored scope
    assert_aws_error(
        sns,
        "SetSubscriptionAttributes",
        {"SubscriptionArn": arn, "AttributeName": "FilterPolicy", "AttributeValue": '{"a":{"b":["c"]}}'},
        "InvalidParameter",
        "Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy",
    )


def test_scope_set_before_the_policy_governs_it(sns: Any, topic_arn: str) -> None:
    arn = subscribe(sns, "sqs", QUEUE)
    sns.set_subscription_attributes(
        SubscriptionArn=arn, AttributeName="FilterPolicyScope", AttributeValue="MessageBody"
    )
    assert "FilterPolicyScope" not in sub_attributes(sns, arn)  # shown only with a policy
    sns.set_subscription_attributes(
        SubscriptionArn=arn, AttributeName="FilterPolicy", AttributeValue='{"a":{"b":["c"]}}'
    )
    attrs = sub_attributes(sns, arn)
    assert (attrs["FilterPolicy"], attrs["FilterPolicyScope"]) == ('{"a":{"b":["c"]}}', "MessageBody")


def test_filter_policy_filters_deliveries(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    arn = subscribe(sns, "sqs", QUEUE, FilterPolicy='{"status": ["paid"]}')
    attributes = {"status": {"DataType": "String", "StringValue": "draft"}}
    sns.publish(TopicArn=topic_arn, Message="draft", MessageAttributes=attributes)
    assert sns_fake.skipped.last.reason == "FilterPolicy"
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="FilterPolicy", AttributeValue="")
    sns.publish(TopicArn=topic_arn, Message="draft", MessageAttributes=attributes)
    assert sns_fake.deliveries.one(subscription_arn=arn).message == "draft"


def test_filter_policy_limit_per_topic(sns_fake: Any, sns: Any, topic_arn: str) -> None:
    sns_fake.limits["filter_policies_per_topic"] = 1
    first = subscribe(sns, "sqs", f"{QUEUE}-1", FilterPolicy='{"a":["b"]}')
    second = subscribe(sns, "sqs", f"{QUEUE}-2")
    # (unconfirmed wording)
    message = "Filter policy limit exceeded for topic"
    assert_aws_error(
        sns,
        "Subscribe",
        {
            "TopicArn": topic_arn,
            "Protocol": "sqs",
            "Endpoint": f"{QUEUE}-3",
            "Attributes": {"FilterPolicy": '{"a":["b"]}'},
        },
        "FilterPolicyLimitExceeded",
        message,
    )
    assert_aws_error(
        sns,
        "SetSubscriptionAttributes",
        {"SubscriptionArn": second, "AttributeName": "FilterPolicy", "AttributeValue": '{"a":["b"]}'},
        "FilterPolicyLimitExceeded",
        message,
    )
    # replacing an existing policy is no new one; removing one frees the slot
    sns.set_subscription_attributes(
        SubscriptionArn=first, AttributeName="FilterPolicy", AttributeValue='{"c":["d"]}'
    )
    sns.set_subscription_attributes(SubscriptionArn=first, AttributeName="FilterPolicy", AttributeValue="")
    sns.set_subscription_attributes(
        SubscriptionArn=second, AttributeName="FilterPolicy", AttributeValue='{"a":["b"]}'
    )
    sns.unsubscribe(SubscriptionArn=second)
    subscribe(sns, "sqs", f"{QUEUE}-3", FilterPolicy='{"a":["b"]}')


# --------------------------------------------------------------------------- subscription DeliveryPolicy
def test_subscription_delivery_policy_normalisation(sns: Any, topic_arn: str) -> None:
    arn = subscribe(sns, "https", HOOK, DeliveryPolicy='{"requestPolicy":{"headerContentType":"text/csv"}}')
    attrs = sub_attributes(sns, arn)
    assert set(attrs) == BASE_KEYS | {"DeliveryPolicy", "EffectiveDeliveryPolicy"}
    assert attrs["DeliveryPolicy"] == (
        '{"healthyRetryPolicy":null,"sicklyRetryPolicy":null,"throttlePolicy":null,'
        '"requestPolicy":{"headerContentType":"text/csv"},"guaranteed":false}'
    )
    assert attrs["EffectiveDeliveryPolicy"] == json.dumps(
        {**DEFAULT_SUBSCRIPTION_EFFECTIVE, "requestPolicy": {"headerContentType": "text/csv"}},
        separators=(",", ":"),
    )


def test_subscription_retry_policy_keys_come_back_in_aws_order(sns: Any, topic_arn: str) -> None:
    retry = (
        '{"minDelayTarget":1,"maxDelayTarget":1,"numRetries":0,"numNoDelayRetries":0,'
        '"numMinDelayRetries":0,"numMaxDelayRetries":0,"backoffFunction":"linear"}'
    )
    arn = subscribe(sns, "https", HOOK, DeliveryPolicy=f'{{"healthyRetryPolicy":{retry},"guaranteed":false}}')
    attrs = sub_attributes(sns, arn)
    in_aws_order = (  # recorded from AWS: numMaxDelayRetries moves up
        '{"minDelayTarget":1,"maxDelayTarget":1,"numRetries":0,"numMaxDelayRetries":0,'
        '"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"}'
    )
    assert attrs["DeliveryPolicy"] == (
        f'{{"healthyRetryPolicy":{in_aws_order},"sicklyRetryPolicy":null,"throttlePolicy":null,'
        '"requestPolicy":null,"guaranteed":false}'
    )
    assert attrs["EffectiveDeliveryPolicy"].startswith(f'{{"healthyRetryPolicy":{in_aws_order},')


def test_subscription_effective_delivery_policy_without_a_policy(sns: Any, topic_arn: str) -> None:
    # (unconfirmed) shown for http/https subscriptions even without a DeliveryPolicy
    arn = subscribe(sns, "https", HOOK)
    attrs = sub_attributes(sns, arn)
    assert "DeliveryPolicy" not in attrs
    assert json.loads(attrs["EffectiveDeliveryPolicy"]) == DEFAULT_SUBSCRIPTION_EFFECTIVE
    assert list(json.loads(attrs["EffectiveDeliveryPolicy"])) == [
        "healthyRetryPolicy",
        "sicklyRetryPolicy",
        "throttlePolicy",
        "requestPolicy",
        "guaranteed",
    ]


def test_subscription_effective_delivery_policy_inherits_from_the_topic(sns: Any, topic_arn: str) -> None:
    sns.set_topic_attributes(
        TopicArn=topic_arn,
        AttributeName="DeliveryPolicy",
        AttributeValue='{"http":{"defaultHealthyRetryPolicy":{"numRetries":9},'
        '"defaultRequestPolicy":{"headerContentType":"application/json"}}}',
    )
    inherits = subscribe(sns, "https", HOOK)
    own = subscribe(
        sns,
        "https",
        f"{HOOK}/own",
        DeliveryPolicy='{"healthyRetryPolicy":{"numRetries":1,"minDelayTarget":1,"maxDelayTarget":1},'
        '"throttlePolicy":{"maxReceivesPerSecond":2}}',
    )
    assert json.loads(sub_attributes(sns, inherits)["EffectiveDeliveryPolicy"]) == {
        **DEFAULT_SUBSCRIPTION_EFFECTIVE,
        "healthyRetryPolicy": {**DEFAULT_RETRY, "numRetries": 9},
        "requestPolicy": {"headerContentType": "application/json"},
    }
    assert json.loads(sub_attributes(sns, own)["EffectiveDeliveryPolicy"]) == {
        **DEFAULT_SUBSCRIPTION_EFFECTIVE,
        "healthyRetryPolicy": {"numRetries": 1, "minDelayTarget": 1, "maxDelayTarget": 1},
        "throttlePolicy": {"maxReceivesPerSecond": 2},
        "requestPolicy": {"headerContentType": "application/json"},
    }
    # disableSubscriptionOverrides: the topic wins
    sns.set_topic_attributes(
        TopicArn=topic_arn,
        AttributeName="DeliveryPolicy",
        AttributeValue='{"http":{"defaultHealthyRetryPolicy":{"numRetries":9},"disableSubscriptionOverrides":true}}',
    )
    assert json.loads(sub_attributes(sns, own)["EffectiveDeliveryPolicy"]) == {
        **DEFAULT_SUBSCRIPTION_EFFECTIVE,
        "healthyRetryPolicy": {**DEFAULT_RETRY, "numRetries": 9},
    }


def test_subscription_delivery_policy_set_and_remove(sns: Any, topic_arn: str) -> None:
    arn = subscribe(sns, "http", "http://hooks.example.com")
    sns.set_subscription_attributes(
        SubscriptionArn=arn, AttributeName="DeliveryPolicy", AttributeValue='{"guaranteed":true}'
    )
    assert json.loads(sub_attributes(sns, arn)["DeliveryPolicy"]) == {
        "healthyRetryPolicy": None,
        "sicklyRetryPolicy": None,
        "throttlePolicy": None,
        "requestPolicy": None,
        "guaranteed": True,
    }
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="DeliveryPolicy", AttributeValue="")
    attrs = sub_attributes(sns, arn)
    assert "DeliveryPolicy" not in attrs
    assert json.loads(attrs["EffectiveDeliveryPolicy"]) == DEFAULT_SUBSCRIPTION_EFFECTIVE
