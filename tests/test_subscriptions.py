"""Subscriptions through boto3: Subscribe, ConfirmSubscription, Unsubscribe,
Get/SetSubscriptionAttributes, ListSubscriptions and ListSubscriptionsByTopic.

Every error is checked for the modeled exception class, the wire code, the exact
message and the HTTP status. Messages marked "(unconfirmed)" pin snsfake's
chosen wording where AWS's text is not recorded (see the spec).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from typing import Any

import pytest
from aws_errors import assert_aws_error, call_error
from botocore import xform_name
from conftest import ACCOUNT, OTHER_ACCOUNT, REGION, client
from freezegun import freeze_time
from helpers import (
    DEFAULT_RETRY,
    TOPIC,
    check_metadata,
    counters,
    sub_attributes,
    subscribe,
    subscriptions_snapshot,
    token_of,
)
from shapes import check_value

FIFO_TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}:orders.fifo"
QUEUE = f"arn:aws:sqs:{REGION}:{ACCOUNT}:billing"
FIFO_QUEUE = f"arn:aws:sqs:{REGION}:{ACCOUNT}:billing.fifo"
DLQ = f"arn:aws:sqs:{REGION}:{ACCOUNT}:dead"
FIFO_DLQ = f"arn:aws:sqs:{REGION}:{ACCOUNT}:dead.fifo"
FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:handler"
STREAM = f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/archive"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/sns-firehose"
PHONE = "+15555550100"
HOOK = "https://hooks.example.com/sns"
SUBSCRIPTION_RE = re.compile(
    re.escape(TOPIC) + r":[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
)
TOKEN_RE = re.compile(r"[0-9a-f]{64,}")
START = dt.datetime(2024, 3, 1, 12, 0, 0)

BASE_KEYS = {
    "ConfirmationWasAuthenticated",
    "Endpoint",
    "Owner",
    "PendingConfirmation",
    "Protocol",
    "RawMessageDelivery",
    "SubscriptionArn",
    "SubscriptionPrincipal",
    "TopicArn",
}
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


@pytest.fixture
def platform_endpoint(sns: Any) -> str:
    app = sns.create_platform_application(
        Name="mobile", Platform="GCM", Attributes={"PlatformCredential": "server-key"}
    )["PlatformApplicationArn"]
    return str(sns.create_platform_endpoint(PlatformApplicationArn=app, Token="device-token")["EndpointArn"])


# =========================================================================== Subscribe: confirmed protocols
AUTO_CONFIRMED = [
    ("sqs", QUEUE, {}),
    ("lambda", FUNCTION, {}),
    ("sms", PHONE, {}),
    ("firehose", STREAM, {"SubscriptionRoleArn": ROLE}),
]


@pytest.mark.parametrize(("protocol", "endpoint", "attrs"), AUTO_CONFIRMED)
def test_same_account_subscriptions_are_confirmed_at_once(
    sns: Any, sns_fake: Any, topic_arn: str, protocol: str, endpoint: str, attrs: dict[str, str]
) -> None:
    kwargs: dict[str, Any] = {"TopicArn": topic_arn, "Protocol": protocol, "Endpoint": endpoint}
    if attrs:
        kwargs["Attributes"] = attrs
    arn = sns.subscribe(**kwargs)["SubscriptionArn"]
    assert SUBSCRIPTION_RE.fullmatch(arn)
    expected = {
        "ConfirmationWasAuthenticated": "true",
        "Endpoint": endpoint,
        "Owner": ACCOUNT,
        "PendingConfirmation": "false",
        "Protocol": protocol,
        "RawMessageDelivery": "false",
        "SubscriptionArn": arn,
        "SubscriptionPrincipal": f"arn:aws:iam::{ACCOUNT}:root",
        "TopicArn": topic_arn,
        **attrs,
    }
    assert sub_attributes(sns, arn) == expected
    element = {
        "SubscriptionArn": arn,
        "Owner": ACCOUNT,
        "Protocol": protocol,
        "Endpoint": endpoint,
        "TopicArn": topic_arn,
    }
    assert sns.list_subscriptions()["Subscriptions"] == [element]
    assert sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"] == [element]
    assert counters(sns) == ("0", "1", "0")
    assert len(sns_fake.deliveries.filter(message_type="SubscriptionConfirmation")) == 0


def test_application_subscription_is_confirmed_at_once(
    sns: Any, topic_arn: str, platform_endpoint: str
) -> None:
    arn = sns.subscribe(TopicArn=topic_arn, Protocol="application", Endpoint=platform_endpoint)[
        "SubscriptionArn"
    ]
    attrs = sub_attributes(sns, arn)
    assert set(attrs) == BASE_KEYS
    assert attrs["PendingConfirmation"] == "false"
    assert attrs["RawMessageDelivery"] == "false"


def test_sms_endpoint_with_separators_is_kept_as_given(sns: Any, topic_arn: str) -> None:
    arn = subscribe(sns, "sms", "+12/34-567.890")
    assert sub_attributes(sns, arn)["Endpoint"] == "+12/34-567.890"


def test_subscription_arns_are_unique_per_subscription(sns: Any, topic_arn: str) -> None:
    arns = {subscribe(sns, "sqs", f"{QUEUE}{i}") for i in range(20)}
    assert len(arns) == 20
    assert all(SUBSCRIPTION_RE.fullmatch(arn) for arn in arns)


@pytest.mark.parametrize(("region", "partition"), [("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")])
def test_subscription_arn_and_principal_use_the_partition(sns_fake: Any, region: str, partition: str) -> None:
    regional = client(region=region)
    topic = regional.create_topic(Name="orders")["TopicArn"]
    queue = f"arn:{partition}:sqs:{region}:{ACCOUNT}:q"
    arn = regional.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue)["SubscriptionArn"]
    assert arn.startswith(f"arn:{partition}:sns:{region}:{ACCOUNT}:orders:")
    assert sub_attributes(regional, arn)["SubscriptionPrincipal"] == f"arn:{partition}:iam::{ACCOUNT}:root"


def test_access_key_account_owns_its_subscriptions(sns_fake: Any, sns: Any) -> None:
    other = client(access_key=OTHER_ACCOUNT)
    topic = other.create_topic(Name="orders")["TopicArn"]
    arn = other.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=f"arn:aws:sqs:{REGION}:{OTHER_ACCOUNT}:q")[
        "SubscriptionArn"
    ]
    attrs = sub_attributes(other, arn)
    assert attrs["Owner"] == OTHER_ACCOUNT
    assert attrs["SubscriptionPrincipal"] == f"arn:aws:iam::{OTHER_ACCOUNT}:root"
    assert attrs["PendingConfirmation"] == "false"
    assert sns.list_subscriptions()["Subscriptions"] == []
    assert [item["SubscriptionArn"] for item in other.list_subscriptions()["Subscriptions"]] == [arn]


# =========================================================================== Subscribe: pending protocols
NEEDS_CONFIRMATION = [
    ("http", "http://hooks.example.com/sns"),
    ("https", HOOK),
    ("email", "ops@example.com"),
    ("email-json", "ops-json@example.com"),
]


@pytest.mark.parametrize(("protocol", "endpoint"), NEEDS_CONFIRMATION)
def test_pending_subscription(sns: Any, sns_fake: Any, topic_arn: str, protocol: str, endpoint: str) -> None:
    answer = sns.subscribe(TopicArn=topic_arn, Protocol=protocol, Endpoint=endpoint)
    assert answer["SubscriptionArn"] == "pending confirmation"
    confirmation = sns_fake.deliveries.one(message_type="SubscriptionConfirmation")
    arn = confirmation.subscription_arn
    assert SUBSCRIPTION_RE.fullmatch(arn)
    assert (confirmation.protocol, confirmation.endpoint, confirmation.topic_arn) == (
        protocol,
        endpoint,
        topic_arn,
    )
    attrs = sub_attributes(sns, arn)
    assert attrs["PendingConfirmation"] == "true"
    assert attrs["ConfirmationWasAuthenticated"] == "false"
    assert attrs["RawMessageDelivery"] == "false"
    # http/https also show EffectiveDeliveryPolicy (unconfirmed without a DeliveryPolicy)
    assert set(attrs) == BASE_KEYS | ({"EffectiveDeliveryPolicy"} if protocol.startswith("http") else set())
    element = {
        "SubscriptionArn": "PendingConfirmation",
        "Owner": ACCOUNT,
        "Protocol": protocol,
        "Endpoint": endpoint,
        "TopicArn": topic_arn,
    }
    assert sns.list_subscriptions()["Subscriptions"] == [element]
    assert sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"] == [element]
    assert counters(sns) == ("1", "0", "0")


@pytest.mark.parametrize(("protocol", "endpoint"), NEEDS_CONFIRMATION)
def test_return_subscription_arn_gives_the_real_arn_while_pending(
    sns: Any, sns_fake: Any, topic_arn: str, protocol: str, endpoint: str
) -> None:
    arn = sns.subscribe(TopicArn=topic_arn, Protocol=protocol, Endpoint=endpoint, ReturnSubscriptionArn=True)[
        "SubscriptionArn"
    ]
    assert SUBSCRIPTION_RE.fullmatch(arn)
    assert sns_fake.deliveries.one(message_type="SubscriptionConfirmation").subscription_arn == arn


@pytest.mark.parametrize("flag", [False, True])
def test_return_subscription_arn_for_confirmed_protocols(sns: Any, topic_arn: str, flag: bool) -> None:
    arn = sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=QUEUE, ReturnSubscriptionArn=flag)[
        "SubscriptionArn"
    ]
    assert SUBSCRIPTION_RE.fullmatch(arn)


@pytest.mark.parametrize(
    ("protocol", "endpoint"),
    [
        ("sqs", f"arn:aws:sqs:{REGION}:{OTHER_ACCOUNT}:their-queue"),
        ("lambda", f"arn:aws:lambda:{REGION}:{OTHER_ACCOUNT}:function:theirs"),
    ],
)
def test_cross_account_endpoint_needs_confirmation(
    sns: Any, sns_fake: Any, topic_arn: str, protocol: str, endpoint: str
) -> None:
    # (unconfirmed detail) the endpoint's owner must confirm
    assert sns.subscribe(TopicArn=topic_arn, Protocol=protocol, Endpoint=endpoint)["SubscriptionArn"] == (
        "pending confirmation"
    )
    assert sns_fake.deliveries.one(message_type="SubscriptionConfirmation").endpoint == endpoint
    assert counters(sns) == ("1", "0", "0")


@pytest.mark.sns_fake(auto_confirm=True)
@pytest.mark.parametrize(("protocol", "endpoint"), NEEDS_CONFIRMATION)
def test_auto_confirm_confirms_every_subscription(
    sns: Any, sns_fake: Any, topic_arn: str, protocol: str, endpoint: str
) -> None:
    arn = sns.subscribe(TopicArn=topic_arn, Protocol=protocol, Endpoint=endpoint)["SubscriptionArn"]
    assert SUBSCRIPTION_RE.fullmatch(arn)
    attrs = sub_attributes(sns, arn)
    assert attrs["PendingConfirmation"] == "false"
    assert attrs["ConfirmationWasAuthenticated"] == "true"
    assert len(sns_fake.deliveries.filter(message_type="SubscriptionConfirmation")) == 0
    assert counters(sns) == ("0", "1", "0")


# =========================================================================== Subscribe: errors
@pytest.mark.parametrize(
    ("protocol", "endpoint", "code", "message"),
    [
        (
            "HTTP",
            HOOK,
            "InvalidParameter",
            "Invalid parameter: Amazon SNS does not support this protocol string: HTTP",
        ),
        (
            "sqs2",
            QUEUE,
            "InvalidParameter",
            "Invalid parameter: Amazon SNS does not support this protocol string: sqs2",
        ),
        (
            "",
            QUEUE,
            "InvalidParameter",
            "Invalid parameter: Amazon SNS does not support this protocol string: ",
        ),
        ("http", HOOK, "InvalidParameter", "Invalid parameter: Endpoint must match the specified protocol"),
        (
            "https",
            "http://hooks.example.com/sns",
            "InvalidParameter",
            "Invalid parameter: Endpoint must match the specified protocol",
        ),
        (
            "http",
            "ftp://hooks.example.com",
            "InvalidParameter",
            "Invalid parameter: Endpoint must match the specified protocol",
        ),
        ("email", "this is not an email", "InvalidParameter", "Invalid parameter: Email address"),
        ("email", "foo@bar.com;foo@tbic.wiz.io", "InvalidParameter", "Invalid parameter: Email address"),
        ("email-json", "nobody", "InvalidParameter", "Invalid parameter: Email address"),
        ("sms", "x-xxx-xxx-xxxx", "InvalidParameter", "Invalid SMS endpoint: x-xxx-xxx-xxxx"),
        ("sms", "+1 555 0100", "InvalidParameter", "Invalid SMS endpoint: +1 555 0100"),
        (
            "sqs",
            f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/billing",
            "InvalidParameter",
            "Invalid parameter: SQS endpoint ARN",
        ),
        ("sqs", "billing", "InvalidParameter", "Invalid parameter: SQS endpoint ARN"),
        ("sqs", FUNCTION, "InvalidParameter", "Invalid parameter: SQS endpoint ARN"),
        ("lambda", "handler", "InvalidParameter", "Invalid parameter: Lambda endpoint ARN"),
        ("lambda", QUEUE, "InvalidParameter", "Invalid parameter: Lambda endpoint ARN"),
        (
            "application",
            "invalid arn",
            "InvalidParameter",
            "Invalid parameter: Application endpoint arn invalid:invalid arn",
        ),
        (
            "application",
            f"arn:aws:sns:{REGION}:{ACCOUNT}:endpoint/GCM/mobile/5e3c2f6a-0000-4000-8000-000000000000",
            "InvalidParameter",
            (
                "Invalid parameter: Endpoint Reason: Endpoint does not exist for endpoint arn"
                f"arn:aws:sns:{REGION}:{ACCOUNT}:endpoint/GCM/mobile/5e3c2f6a-0000-4000-8000-000000000000"
            ),
        ),
        # (unconfirmed wording)
        ("firehose", "archive", "InvalidParameter", "Invalid parameter: Firehose endpoint ARN"),
        (
            "sqs",
            "",
            "InvalidParameter",
            "Invalid parameter: Endpoint Reason: no value for required parameter",
        ),
    ],
)
def test_subscribe_rejects_bad_protocol_or_endpoint(
    sns: Any, sns_fake: Any, topic_arn: str, protocol: str, endpoint: str, code: str, message: str
) -> None:
    assert_aws_error(
        sns, "Subscribe", {"TopicArn": topic_arn, "Protocol": protocol, "Endpoint": endpoint}, code, message
    )
    assert sns.list_subscriptions()["Subscriptions"] == []
    assert len(sns_fake.deliveries) == 0


def test_subscribe_without_endpoint(sns: Any, topic_arn: str) -> None:
    # (unconfirmed wording)
    assert_aws_error(
        sns,
        "Subscribe",
        {"TopicArn": topic_arn, "Protocol": "sqs"},
        "InvalidParameter",
        "Invalid parameter: Endpoint Reason: no value for required parameter",
    )


def test_firehose_needs_a_subscription_role(sns: Any, topic_arn: str) -> None:
    # (unconfirmed wording)
    assert_aws_error(
        sns,
        "Subscribe",
        {"TopicArn": topic_arn, "Protocol": "firehose", "Endpoint": STREAM},
        "InvalidParameter",
        "Invalid parameter: Attributes Reason: SubscriptionRoleArn is required for firehose subscriptions",
    )


@pytest.mark.parametrize(
    ("arn", "code", "message"),
    [
        (
            "test-topic",
            "InvalidParameter",
            "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1",
        ),
        (
            f"arn:aws:sns:{REGION}:{ACCOUNT}",
            "InvalidParameter",
            "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 5",
        ),
        (f"arn:aws:sns:eu-west-1:{ACCOUNT}:orders", "InvalidParameter", "Invalid parameter: TopicArn"),
        (f"arn:aws:sns:{REGION}:{ACCOUNT}:missing", "NotFound", "Topic does not exist"),
    ],
)
def test_subscribe_topic_errors(sns: Any, topic_arn: str, arn: str, code: str, message: str) -> None:
    assert_aws_error(sns, "Subscribe", {"TopicArn": arn, "Protocol": "sqs", "Endpoint": QUEUE}, code, message)


def test_topic_check_comes_before_protocol_and_endpoint_checks(sns: Any) -> None:
    assert_aws_error(
        sns,
        "Subscribe",
        {"TopicArn": f"arn:aws:sns:{REGION}:{ACCOUNT}:missing", "Protocol": "nope", "Endpoint": "x"},
        "NotFound",
        "Topic does not exist",
    )


# --------------------------------------------------------------------------- FIFO pairing
@pytest.mark.parametrize(
    ("fifo", "protocol", "endpoint", "message"),
    [
        (False, "sqs", QUEUE, None),
        (
            False,
            "sqs",
            FIFO_QUEUE,
            "Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics",
        ),
        (True, "sqs", FIFO_QUEUE, None),
        (True, "sqs", QUEUE, None),  # FIFO topics accept standard queues (AWS 2025)
        (True, "lambda", FUNCTION, "Invalid parameter: Invalid protocol type: lambda"),
        (True, "sms", PHONE, "Invalid parameter: Invalid protocol type: sms"),
        (True, "https", HOOK, "Invalid parameter: Invalid protocol type: https"),
        (True, "email", "ops@example.com", "Invalid parameter: Invalid protocol type: email"),
        (True, "firehose", STREAM, "Invalid parameter: Invalid protocol type: firehose"),
    ],
)
def test_fifo_pairing_rules(
    sns: Any, topic_arn: str, fifo_topic_arn: str, fifo: bool, protocol: str, endpoint: str, message: str | None
) -> None:
    topic = fifo_topic_arn if fifo else topic_arn
    kwargs: dict[str, Any] = {"TopicArn": topic, "Protocol": protocol, "Endpoint": endpoint}
    if protocol == "firehose":
        kwargs["Attributes"] = {"SubscriptionRoleArn": ROLE}
    if message is None:
        arn = sns.subscribe(**kwargs)["SubscriptionArn"]
        assert arn.startswith(topic + ":")
    else:
        assert_aws_error(sns, "Subscribe", kwargs, "InvalidParameter", message)
        assert sns.list_subscriptions()["Subscriptions"] == []


def test_fifo_topic_subscription_limit(sns_fake: Any, sns: Any, fifo_topic_arn: str) -> None:
    sns_fake.limits["subscriptions_per_fifo_topic"] = 2
    subscribe(sns, "sqs", f"{QUEUE}-1", fifo_topic_arn)
    subscribe(sns, "sqs", f"{QUEUE}-2", fifo_topic_arn)
    assert subscribe(sns, "sqs", f"{QUEUE}-1", fifo_topic_arn)  # an existing subscription is no new one
    # (unconfirmed wording)
    assert_aws_error(
        sns,
        "Subscribe",
        {"TopicArn": fifo_topic_arn, "Protocol": "sqs", "Endpoint": f"{QUEUE}-3"},
        "SubscriptionLimitExceeded",
        "Subscription limit exceeded",
    )
    assert len(sns.list_subscriptions_by_topic(TopicArn=fifo_topic_arn)["Subscriptions"]) == 2


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


# --------------------------------------------------------------------------- idempotency
@pytest.mark.parametrize(
    ("again", "same"),
    [
        ({}, True),
        ({"RawMessageDelivery": "true"}, True),
        ({"RawMessageDelivery": "True"}, True),
        ({"FilterPolicy": '{"status": ["paid"]}'}, True),
        ({"FilterPolicyScope": "MessageAttributes"}, True),  # the default counts
        (
            {
                "FilterPolicy": '{"status": ["paid"]}',
                "FilterPolicyScope": "MessageAttributes",
                "RawMessageDelivery": "true",
            },
            True,
        ),
        ({"RawMessageDelivery": "false"}, False),
        ({"FilterPolicy": '{"status":["paid"]}'}, False),  # compared as stored text
        ({"FilterPolicy": '{"status": ["draft"]}'}, False),
        ({"FilterPolicyScope": "MessageBody"}, False),
        ({"RedrivePolicy": json.dumps({"deadLetterTargetArn": DLQ})}, False),
    ],
)
def test_subscribe_idempotency(
    sns: Any, sns_fake: Any, topic_arn: str, again: dict[str, str], same: bool
) -> None:
    arn = subscribe(sns, "sqs", QUEUE, RawMessageDelivery="true", FilterPolicy='{"status": ["paid"]}')
    before = subscriptions_snapshot(sns, sns_fake)
    kwargs: dict[str, Any] = {"TopicArn": topic_arn, "Protocol": "sqs", "Endpoint": QUEUE}
    if again:
        kwargs["Attributes"] = again
    if same:
        assert sns.subscribe(**kwargs)["SubscriptionArn"] == arn
    else:
        assert_aws_error(
            sns,
            "Subscribe",
            kwargs,
            "InvalidParameter",
            "Invalid parameter: Attributes Reason: Subscription already exists with different attributes",
        )
    after = subscriptions_snapshot(sns, sns_fake)
    after.pop("deliveries")
    before.pop("deliveries")
    assert after == before


@pytest.mark.parametrize(
    ("again", "same"),
    [
        ({"RawMessageDelivery": "false"}, True),  # defaults count as the current value
        ({"FilterPolicyScope": "MessageAttributes"}, True),
        ({"FilterPolicy": ""}, True),
        ({"RawMessageDelivery": "true"}, False),
        ({"FilterPolicy": '{"a":["b"]}'}, False),
    ],
)
def test_subscribe_idempotency_with_defaults(
    sns: Any, topic_arn: str, again: dict[str, str], same: bool
) -> None:
    arn = subscribe(sns, "sqs", QUEUE)
    kwargs = {"TopicArn": topic_arn, "Protocol": "sqs", "Endpoint": QUEUE, "Attributes": again}
    if same:
        assert sns.subscribe(**kwargs)["SubscriptionArn"] == arn
    else:
        assert_aws_error(
            sns,
            "Subscribe",
            kwargs,
            "InvalidParameter",
            "Invalid parameter: Attributes Reason: Subscription already exists with different attributes",
        )


def test_subscribe_again_while_pending(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    arn = subscribe(sns, "https", HOOK)
    assert (
        sns.subscribe(TopicArn=topic_arn, Protocol="https", Endpoint=HOOK)["SubscriptionArn"]
        == "pending confirmation"
    )
    assert (
        sns.subscribe(TopicArn=topic_arn, Protocol="https", Endpoint=HOOK, ReturnSubscriptionArn=True)[
            "SubscriptionArn"
        ]
        == arn
    )
    assert len(sns.list_subscriptions()["Subscriptions"]) == 1
    assert counters(sns) == ("1", "0", "0")


def test_same_endpoint_on_two_topics_is_two_subscriptions(sns: Any, topic_arn: str) -> None:
    other = sns.create_topic(Name="refunds")["TopicArn"]
    first = subscribe(sns, "sqs", QUEUE)
    second = subscribe(sns, "sqs", QUEUE, other)
    assert first != second
    assert second.startswith(other + ":")


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


# =========================================================================== ConfirmSubscription
def test_confirm_with_the_token_from_the_confirmation_body(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    assert (
        sns.subscribe(TopicArn=topic_arn, Protocol="https", Endpoint=HOOK)["SubscriptionArn"]
        == "pending confirmation"
    )
    delivery = sns_fake.deliveries.one(message_type="SubscriptionConfirmation")
    body = json.loads(delivery.body)
    assert body["Type"] == "SubscriptionConfirmation"
    assert body["TopicArn"] == topic_arn
    token = body["Token"]
    assert token == delivery.extra["token"]
    assert TOKEN_RE.fullmatch(token)
    assert body["SubscribeURL"] == (
        f"https://sns.{REGION}.amazonaws.com/?Action=ConfirmSubscription&TopicArn={topic_arn}&Token={token}"
    )
    response = sns.confirm_subscription(TopicArn=topic_arn, Token=token)
    arn = response["SubscriptionArn"]
    assert arn == delivery.subscription_arn
    assert set(response) == {"SubscriptionArn", "ResponseMetadata"}
    attrs = sub_attributes(sns, arn)
    assert attrs["PendingConfirmation"] == "false"
    assert attrs["ConfirmationWasAuthenticated"] == "false"
    assert sns.list_subscriptions()["Subscriptions"][0]["SubscriptionArn"] == arn
    assert counters(sns) == ("0", "1", "0")


@pytest.mark.parametrize(
    ("flag", "shown"), [("true", "true"), ("True", "true"), ("false", "false"), (None, "false")]
)
def test_authenticate_on_unsubscribe(
    sns: Any, sns_fake: Any, topic_arn: str, flag: str | None, shown: str
) -> None:
    arn = subscribe(sns, "email", "ops@example.com")
    kwargs = {"TopicArn": topic_arn, "Token": token_of(sns_fake, arn)}
    if flag is not None:
        kwargs["AuthenticateOnUnsubscribe"] = flag
    sns.confirm_subscription(**kwargs)
    assert sub_attributes(sns, arn)["ConfirmationWasAuthenticated"] == shown


def test_confirm_is_idempotent(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    arn = subscribe(sns, "https", HOOK)
    token = token_of(sns_fake, arn)
    assert sns.confirm_subscription(TopicArn=topic_arn, Token=token)["SubscriptionArn"] == arn
    assert sns.confirm_subscription(TopicArn=topic_arn, Token=token)["SubscriptionArn"] == arn
    assert counters(sns) == ("0", "1", "0")


def test_confirm_with_the_topic_arn_of_a_missing_topic_still_confirms(
    sns: Any, sns_fake: Any, topic_arn: str
) -> None:
    # AWS-snap: the token alone identifies the subscription
    arn = subscribe(sns, "https", HOOK)
    missing = f"arn:aws:sns:{REGION}:{ACCOUNT}:no-such-topic"
    assert sns.confirm_subscription(TopicArn=missing, Token=token_of(sns_fake, arn))["SubscriptionArn"] == arn
    assert sub_attributes(sns, arn)["PendingConfirmation"] == "false"


@pytest.mark.parametrize(
    ("topic", "token", "message"),
    [
        ("not-an-arn", "abc123", "Invalid parameter: Topic"),
        (f"arn:aws:sns:{REGION}:{ACCOUNT}", "abc123", "Invalid parameter: Topic"),
        (f"arn:aws:sns:eu-west-1:{ACCOUNT}:orders", "abc123", "Invalid parameter: Topic"),
        (f"{TOPIC}:5e3c2f6a-0000-4000-8000-000000000000", "abc123", "Invalid parameter: Topic"),
        (f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders", "abc123", "Invalid parameter: Topic"),
        (TOPIC, "randomtoken", "Invalid token"),
        (TOPIC, "invalidToken", "Invalid token"),
        (TOPIC, "5e3c2f6a-0000-4000-8000-000000000000", "Invalid token"),
        (TOPIC, "abc123", "Invalid parameter: Token"),
        (TOPIC, "2336412f37fb687f5d51e6e24" + "0" * 231, "Invalid parameter: Token"),
    ],
)
def test_confirm_errors(
    sns: Any, sns_fake: Any, topic_arn: str, topic: str, token: str, message: str
) -> None:
    arn = subscribe(sns, "https", HOOK)
    assert_aws_error(
        sns, "ConfirmSubscription", {"TopicArn": topic, "Token": token}, "InvalidParameter", message
    )
    assert sub_attributes(sns, arn)["PendingConfirmation"] == "true"


def test_confirm_with_the_token_of_another_topic(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    other = sns.create_topic(Name="refunds")["TopicArn"]
    arn = subscribe(sns, "https", HOOK, other)
    assert_aws_error(
        sns,
        "ConfirmSubscription",
        {"TopicArn": topic_arn, "Token": token_of(sns_fake, arn)},
        "InvalidParameter",
        "Invalid parameter: Token",
    )
    assert sub_attributes(sns, arn)["PendingConfirmation"] == "true"


def test_confirm_after_unsubscribe(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    arn = subscribe(sns, "https", HOOK)
    token = token_of(sns_fake, arn)
    sns.unsubscribe(SubscriptionArn=arn)
    assert_aws_error(
        sns,
        "ConfirmSubscription",
        {"TopicArn": topic_arn, "Token": token},
        "InvalidParameter",
        "Invalid parameter: Token",
    )


def test_sns_fake_confirm_helper(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    arn = subscribe(sns, "email-json", "ops@example.com")
    sns_fake.confirm(arn)
    attrs = sub_attributes(sns, arn)
    assert attrs["PendingConfirmation"] == "false"
    assert sns.list_subscriptions()["Subscriptions"][0]["SubscriptionArn"] == arn
    assert counters(sns) == ("0", "1", "0")
    sns_fake.confirm(arn)  # confirming twice is harmless
    assert counters(sns) == ("0", "1", "0")


def test_sns_fake_confirm_helper_names_an_unknown_subscription(sns_fake: Any, topic_arn: str) -> None:
    with pytest.raises(LookupError, match=r"^snsfake: no subscription"):
        sns_fake.confirm(f"{TOPIC}:5e3c2f6a-0000-4000-8000-000000000000")


# --------------------------------------------------------------------------- time: token and pending expiry
@pytest.mark.parametrize(
    ("elapsed", "confirms"),
    [
        (dt.timedelta(hours=1), True),
        (dt.timedelta(hours=47, minutes=59), True),
        (dt.timedelta(hours=48), False),
        (dt.timedelta(days=3), False),
    ],
)
def test_token_and_pending_subscription_expire_after_48_hours(
    sns: Any, sns_fake: Any, topic_arn: str, elapsed: dt.timedelta, confirms: bool
) -> None:
    with freeze_time(START) as frozen:
        arn = subscribe(sns, "https", HOOK)
        token = token_of(sns_fake, arn)
        frozen.tick(elapsed)
        if confirms:
            assert sns.confirm_subscription(TopicArn=topic_arn, Token=token)["SubscriptionArn"] == arn
            assert counters(sns) == ("0", "1", "0")
        else:
            # (unconfirmed wording for an expired token)
            assert_aws_error(
                sns,
                "ConfirmSubscription",
                {"TopicArn": topic_arn, "Token": token},
                "InvalidParameter",
                "Invalid parameter: Token",
            )
            assert_aws_error(
                sns,
                "GetSubscriptionAttributes",
                {"SubscriptionArn": arn},
                "NotFound",
                "Subscription does not exist",
            )
            assert counters(sns) == ("0", "0", "0")  # expiry is no unsubscribe


def test_expired_pending_subscription_leaves_every_view(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    with freeze_time(START) as frozen:
        pending = subscribe(sns, "email", "ops@example.com")
        confirmed = subscribe(sns, "sqs", QUEUE)
        frozen.move_to(START + dt.timedelta(hours=47))
        later = subscribe(sns, "https", HOOK)
        assert counters(sns) == ("2", "1", "0")
        frozen.move_to(START + dt.timedelta(hours=48))
        assert counters(sns) == ("1", "1", "0")
        assert [item["SubscriptionArn"] for item in sns.list_subscriptions()["Subscriptions"]] == [
            confirmed,
            "PendingConfirmation",
        ]
        assert len(sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"]) == 2
        sns.unsubscribe(SubscriptionArn=pending)  # already gone: a no-op, not a deletion
        assert counters(sns) == ("1", "1", "0")
        assert_aws_error(
            sns,
            "SetSubscriptionAttributes",
            {"SubscriptionArn": pending, "AttributeName": "FilterPolicy", "AttributeValue": '{"a":["b"]}'},
            "NotFound",
            "Subscription does not exist",
        )
        # the same endpoint can subscribe again and gets a new subscription
        again = subscribe(sns, "email", "ops@example.com")
        assert again != pending
        frozen.move_to(START + dt.timedelta(hours=94, minutes=59))
        assert sub_attributes(sns, later)["PendingConfirmation"] == "true"
        frozen.move_to(START + dt.timedelta(hours=95))
        assert_aws_error(
            sns,
            "GetSubscriptionAttributes",
            {"SubscriptionArn": later},
            "NotFound",
            "Subscription does not exist",
        )
        assert sub_attributes(sns, confirmed)["PendingConfirmation"] == "false"  # confirmed ones stay


def test_confirmed_subscription_never_expires(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    with freeze_time(START) as frozen:
        arn = subscribe(sns, "https", HOOK)
        token = token_of(sns_fake, arn)
        sns.confirm_subscription(TopicArn=topic_arn, Token=token)
        frozen.tick(dt.timedelta(days=30))
        assert sub_attributes(sns, arn)["PendingConfirmation"] == "false"
        # re-confirming with the old token still answers the subscription
        assert sns.confirm_subscription(TopicArn=topic_arn, Token=token)["SubscriptionArn"] == arn


@pytest.mark.sns_fake(token_lifetime=dt.timedelta(hours=1))
def test_token_lifetime_option(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    with freeze_time(START) as frozen:
        arn = subscribe(sns, "https", HOOK)
        token = token_of(sns_fake, arn)
        frozen.tick(dt.timedelta(hours=2))
        assert_aws_error(
            sns,
            "ConfirmSubscription",
            {"TopicArn": topic_arn, "Token": token},
            "InvalidParameter",
            "Invalid parameter: Token",
        )
        # the subscription itself is still pending until 48 h have passed, and can be confirmed by other means
        assert sub_attributes(sns, arn)["PendingConfirmation"] == "true"
        sns_fake.confirm(arn)
        assert sub_attributes(sns, arn)["PendingConfirmation"] == "false"


# =========================================================================== Unsubscribe
def test_unsubscribe_removes_the_subscription(sns: Any, topic_arn: str) -> None:
    keep = subscribe(sns, "sqs", f"{QUEUE}-keep")
    arn = subscribe(sns, "sqs", QUEUE)
    response = sns.unsubscribe(SubscriptionArn=arn)
    assert set(response) == {"ResponseMetadata"}
    assert [item["SubscriptionArn"] for item in sns.list_subscriptions()["Subscriptions"]] == [keep]
    assert_aws_error(
        sns, "GetSubscriptionAttributes", {"SubscriptionArn": arn}, "NotFound", "Subscription does not exist"
    )
    # idempotent
    sns.unsubscribe(SubscriptionArn=arn)
    sns.unsubscribe(SubscriptionArn=f"{TOPIC}:5e3c2f6a-0000-4000-8000-000000000000")
    # the endpoint may subscribe again, with a new ARN
    assert subscribe(sns, "sqs", QUEUE) != arn


@pytest.mark.parametrize(
    ("arn", "message"),
    [
        (
            "randomstring",
            "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1",
        ),
        (
            "pending confirmation",
            "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1",
        ),
        (
            "PendingConfirmation",
            "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1",
        ),
        (
            "arn:aws:sns:us-east-1:111111111111",
            "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 5",
        ),
        ("arn:aws:sns:us-east-1:111111111111:random", "Invalid parameter: SubscriptionId"),
        # "" is a value: it fails the ARN shape check, as TopicArn="" does in a recorded AWS Publish
        ("", "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1"),
    ],
)
def test_unsubscribe_errors(sns: Any, topic_arn: str, arn: str, message: str) -> None:
    subscribe(sns, "sqs", QUEUE)
    assert_aws_error(sns, "Unsubscribe", {"SubscriptionArn": arn}, "InvalidParameter", message)
    assert len(sns.list_subscriptions()["Subscriptions"]) == 1


@pytest.mark.parametrize(
    ("protocol", "endpoint", "sends"),
    [
        ("http", "http://hooks.example.com/sns", True),
        ("https", HOOK, True),
        ("sqs", QUEUE, False),
        ("email", "ops@example.com", False),
        ("lambda", FUNCTION, False),
    ],
)
def test_unsubscribe_confirmation_goes_to_http_endpoints(
    sns: Any, sns_fake: Any, topic_arn: str, protocol: str, endpoint: str, sends: bool
) -> None:
    arn = subscribe(sns, protocol, endpoint)
    if protocol in ("http", "https", "email"):
        sns.confirm_subscription(TopicArn=topic_arn, Token=token_of(sns_fake, arn))
    sns.unsubscribe(SubscriptionArn=arn)
    sent = sns_fake.deliveries.filter(message_type="UnsubscribeConfirmation")
    if not sends:
        assert len(sent) == 0
        return
    delivery = sent.one()
    assert (delivery.protocol, delivery.endpoint, delivery.subscription_arn) == (protocol, endpoint, arn)
    body = json.loads(delivery.body)
    assert body["Type"] == "UnsubscribeConfirmation"
    assert body["TopicArn"] == topic_arn
    assert arn in body["Message"]
    assert TOKEN_RE.fullmatch(body["Token"])
    assert body["Token"] != token_of(sns_fake, arn)
    assert delivery.headers["x-amz-sns-message-type"] == "UnsubscribeConfirmation"


def test_unsubscribe_a_pending_http_subscription(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    arn = subscribe(sns, "https", HOOK)
    sns.unsubscribe(SubscriptionArn=arn)
    assert sns.list_subscriptions()["Subscriptions"] == []
    assert counters(sns) == ("0", "0", "1")


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
    model = sns.meta.service_model
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
    for operation, kwargs, members in calls:
        response = getattr(sns, xform_name(operation))(**kwargs)
        assert set(response) == members | {"ResponseMetadata"}, operation
        check_metadata(response.pop("ResponseMetadata"))
        output = model.operation_model(operation).output_shape
        if output is None:
            assert response == {}, operation
        else:
            check_value(output, response, operation)  # botocore's output shape, as tests/shapes.py checks it


def test_a_missing_endpoint_is_reported_before_an_unknown_protocol(sns: Any, topic_arn: str) -> None:
    assert_aws_error(
        sns,
        "Subscribe",
        {"TopicArn": topic_arn, "Protocol": "carrier-pigeon"},
        "InvalidParameter",
        "Invalid parameter: Endpoint Reason: no value for required parameter",
    )
    assert_aws_error(
        sns,
        "Subscribe",
        {"TopicArn": topic_arn, "Protocol": "carrier-pigeon", "Endpoint": "roof"},
        "InvalidParameter",
        "Invalid parameter: Amazon SNS does not support this protocol string: carrier-pigeon",
    )


def test_large_message_topics_take_sqs_lambda_and_firehose_subscriptions_only(sns: Any, sns_fake: Any) -> None:
    topic = sns.create_topic(Name="large", Attributes={"MaximumMessageSize": "1048576"})["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)
    sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:f")
    before = subscriptions_snapshot(sns, sns_fake)
    for protocol, endpoint in [("https", "https://example.com/hook"), ("email", "a@example.com"), ("sms", "+15555550100")]:
        with pytest.raises(sns.exceptions.InvalidParameterException) as raised:
            sns.subscribe(TopicArn=topic, Protocol=protocol, Endpoint=endpoint)
        assert "MaximumMessageSize" in raised.value.response["Error"]["Message"]
    assert subscriptions_snapshot(sns, sns_fake) == before

    sns_fake.limits["subscriptions_per_topic"] = 1000
    for index in range(98):
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=f"{QUEUE}-{index}")
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=f"{QUEUE}-100")
    listed = sns.list_subscriptions_by_topic(TopicArn=topic)
    assert len(listed["Subscriptions"]) == 100
    assert "NextToken" not in listed


def test_a_topic_with_http_subscribers_cannot_take_large_messages(sns: Any, topic_arn: str) -> None:
    sns.subscribe(TopicArn=topic_arn, Protocol="https", Endpoint="https://example.com/hook")
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="MaximumMessageSize", AttributeValue="262145")
    assert "MaximumMessageSize" not in sns.get_topic_attributes(TopicArn=topic_arn)["Attributes"]
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="MaximumMessageSize", AttributeValue="262144")
