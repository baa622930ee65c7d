"""Subscribe and Unsubscribe through boto3: protocols confirmed at once and pending ones,
endpoint and topic errors, FIFO pairing, limits, idempotency, large-message topics, and what
Unsubscribe removes and sends.

Errors are checked whole (aws_errors.py); "(unconfirmed)" marks wording AWS has not recorded.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from aws_errors import assert_aws_error
from conftest import ACCOUNT, OTHER_ACCOUNT, REGION, client
from sns_helpers import (
    BASE_KEYS,
    DLQ,
    FIFO_QUEUE,
    FUNCTION,
    HOOK,
    NEEDS_CONFIRMATION,
    PHONE,
    QUEUE,
    ROLE,
    STREAM,
    SUBSCRIPTION_RE,
    TOPIC,
    counters,
    sub_attributes,
    subscribe,
    subscriptions_snapshot,
    token_of,
)

TOKEN_RE = re.compile(r"[0-9a-f]{64,}")


@pytest.fixture
def platform_endpoint(sns: Any) -> str:
    app = sns.create_platform_application(
        Name="mobile", Platform="GCM", Attributes={"PlatformCredential": "server-key"}
    )["PlatformApplicationArn"]
    return str(sns.create_platform_endpoint(PlatformApplicationArn=app, Token="device-token")["EndpointArn"])


def assert_listed_alone(sns: Any, topic_arn: str, shown_arn: str, protocol: str, endpoint: str) -> None:
    """Both listings hold this one subscription, its ARN shown as ``shown_arn``."""
    element = {
        "SubscriptionArn": shown_arn,
        "Owner": ACCOUNT,
        "Protocol": protocol,
        "Endpoint": endpoint,
        "TopicArn": topic_arn,
    }
    assert sns.list_subscriptions()["Subscriptions"] == [element]
    assert sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"] == [element]


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
    assert_listed_alone(sns, topic_arn, arn, protocol, endpoint)
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
    assert_listed_alone(sns, topic_arn, "PendingConfirmation", protocol, endpoint)
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


# --------------------------------------------------------------------------- idempotency
def subscribe_again(sns: Any, kwargs: dict[str, Any], arn: str, same: bool) -> None:
    """Subscribe an endpoint again: the same ARN back when the attributes match, else AWS's error."""
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
    subscribe_again(sns, kwargs, arn, same)
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
    subscribe_again(sns, kwargs, arn, same)


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
