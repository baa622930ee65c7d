"""The subscription confirmation flow through boto3: pending subscriptions, tokens, expiry,
ConfirmSubscription (its errors, the 48-hour expiry of tokens and pending subscriptions),
sns_fake.confirm(), auto-confirmation and UnsubscribeConfirmation."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import pytest
import time_machine
from aws_errors import assert_aws_error
from botocore.exceptions import ClientError
from conftest import ACCOUNT, REGION, make_client
from freezegun import freeze_time
from moto import mock_aws
from sns_helpers import HOOK, QUEUE, TOPIC, counters, sub_attributes, subscribe, token_of

import snsfake

OTHER_ACCOUNT = "210987654321"
TOKEN_RE = re.compile(r"^[0-9a-f]{64,}$")
START = dt.datetime(2024, 3, 1, 12, 0, 0, tzinfo=dt.timezone.utc)
NEEDS_CONFIRMATION = [
    ("http", "http://hooks.example.com/sns"),
    ("https", "https://hooks.example.com/sns"),
    ("email", "ops@example.com"),
    ("email-json", "ops-json@example.com"),
]


# --------------------------------------------------------------------------- helpers
def error_of(call: Any, **params: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call(**params)
    error = caught.value.response["Error"]
    return error["Code"], error["Message"]


@contextmanager
def frozen_clock(library: str, start: dt.datetime) -> Iterator[Callable[[dt.timedelta], Any]]:
    """Freeze time at ``start`` with freezegun or time-machine; yields what moves it on by a timedelta."""
    if library == "freezegun":
        with freeze_time(start) as frozen:
            yield frozen.tick
    else:
        with time_machine.travel(start, tick=False) as traveller:
            yield traveller.shift


def assert_token_refused(sns: Any, topic_arn: str, token: str) -> None:
    """ConfirmSubscription refuses the token exactly as AWS does."""
    __tracebackhide__ = True
    assert_aws_error(
        sns,
        "ConfirmSubscription",
        {"TopicArn": topic_arn, "Token": token},
        "InvalidParameter",
        "Invalid parameter: Token",
    )


def listed(sns: Any, topic_arn: str) -> list[str]:
    everywhere = [s["SubscriptionArn"] for s in sns.list_subscriptions()["Subscriptions"]]
    by_topic = [
        s["SubscriptionArn"] for s in sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"]
    ]
    assert everywhere == by_topic
    return by_topic


def assert_confirmed(sns: Any, topic_arn: str, arn: str, authenticated: str = "false") -> None:
    """The subscription is the topic's one confirmed subscription, listed by its ARN."""
    __tracebackhide__ = True
    assert listed(sns, topic_arn) == [arn]
    assert counters(sns, topic_arn) == ("0", "1", "0")
    attributes = sub_attributes(sns, arn)
    assert attributes["PendingConfirmation"] == "false"
    assert attributes["ConfirmationWasAuthenticated"] == authenticated


# --------------------------------------------------------------------------- end-to-end flow
@pytest.mark.parametrize(("protocol", "endpoint"), NEEDS_CONFIRMATION)
def test_confirmation_flow(sns: Any, sns_fake: Any, topic_arn: str, protocol: str, endpoint: str) -> None:
    answer = sns.subscribe(TopicArn=topic_arn, Protocol=protocol, Endpoint=endpoint)
    assert answer["SubscriptionArn"] == "pending confirmation"

    # the confirmation message
    confirmation = sns_fake.deliveries.one(message_type="SubscriptionConfirmation")
    arn = confirmation.subscription_arn
    assert arn is not None and arn.startswith(topic_arn + ":")
    assert (confirmation.protocol, confirmation.endpoint, confirmation.topic_arn) == (
        protocol,
        endpoint,
        topic_arn,
    )
    token = confirmation.extra["token"]
    assert TOKEN_RE.match(token)
    subscribe_url = (
        f"https://sns.{REGION}.amazonaws.com/?Action=ConfirmSubscription&TopicArn={topic_arn}&Token={token}"
    )
    assert confirmation.extra["subscribe_url"] == subscribe_url
    if protocol == "email":
        assert token in confirmation.body
        assert confirmation.headers["Subject"] == "AWS Notification - Subscription Confirmation"
    else:
        body = confirmation.json
        assert body["Type"] == "SubscriptionConfirmation"
        assert body["Token"] == token
        assert body["TopicArn"] == topic_arn
        assert body["SubscribeURL"] == subscribe_url

    # pending: listed as PendingConfirmation, counted, not delivered to
    assert listed(sns, topic_arn) == ["PendingConfirmation"]
    assert counters(sns, topic_arn) == ("1", "0", "0")
    pending = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert pending["PendingConfirmation"] == "true"
    assert pending["ConfirmationWasAuthenticated"] == "false"
    sns.publish(TopicArn=topic_arn, Message="too early")
    sns_fake.deliveries.assert_count(0, message_type="Notification")
    assert sns_fake.skipped.last.reason == "PendingConfirmation"

    # confirm
    confirmed = sns.confirm_subscription(TopicArn=topic_arn, Token=token)
    assert confirmed["SubscriptionArn"] == arn
    assert_confirmed(sns, topic_arn, arn)

    sns.publish(TopicArn=topic_arn, Message="now")
    delivery = sns_fake.deliveries.one(message_type="Notification")
    assert (delivery.endpoint, delivery.message) == (endpoint, "now")

    # confirming again is idempotent
    assert sns.confirm_subscription(TopicArn=topic_arn, Token=token)["SubscriptionArn"] == arn
    assert counters(sns, topic_arn) == ("0", "1", "0")


def test_each_subscription_gets_its_own_token(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    first = subscribe(sns, "https", "https://one.example.com/", topic_arn)
    second = subscribe(sns, "https", "https://two.example.com/", topic_arn)

    assert token_of(sns_fake, first) != token_of(sns_fake, second)
    sns.confirm_subscription(TopicArn=topic_arn, Token=token_of(sns_fake, second))
    assert (
        sns.get_subscription_attributes(SubscriptionArn=first)["Attributes"]["PendingConfirmation"] == "true"
    )
    assert (
        sns.get_subscription_attributes(SubscriptionArn=second)["Attributes"]["PendingConfirmation"]
        == "false"
    )


# --------------------------------------------------------------------------- ConfirmSubscription: the token, AuthenticateOnUnsubscribe, errors
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
    ("protocol", "endpoint", "flag", "shown"),
    [
        ("https", HOOK, "true", "true"),
        ("https", HOOK, "false", "false"),
        ("https", HOOK, "TRUE", "true"),
        ("email", "ops@example.com", "true", "true"),
        ("email", "ops@example.com", "True", "true"),
        ("email", "ops@example.com", "false", "false"),
        ("email", "ops@example.com", None, "false"),
    ],
)
def test_authenticate_on_unsubscribe(
    sns: Any, sns_fake: Any, topic_arn: str, protocol: str, endpoint: str, flag: str | None, shown: str
) -> None:
    arn = subscribe(sns, protocol, endpoint)
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


@pytest.mark.parametrize("subscribed_to_other", [False, True], ids=["token-to-other", "token-from-other"])
def test_confirm_with_the_token_of_another_topic(
    sns: Any, sns_fake: Any, topic_arn: str, subscribed_to_other: bool
) -> None:
    other = sns.create_topic(Name="refunds")["TopicArn"]
    subscribed, confirming = (other, topic_arn) if subscribed_to_other else (topic_arn, other)
    arn = subscribe(sns, "https", HOOK, subscribed)
    assert_token_refused(sns, confirming, token_of(sns_fake, arn))
    assert sub_attributes(sns, arn)["PendingConfirmation"] == "true"


def test_confirm_after_unsubscribe(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    arn = subscribe(sns, "https", HOOK)
    token = token_of(sns_fake, arn)
    sns.unsubscribe(SubscriptionArn=arn)
    assert_token_refused(sns, topic_arn, token)


# --------------------------------------------------------------------------- token lifetime and expiry
@pytest.mark.parametrize("library", ["freezegun", "time_machine"])
def test_token_expires_after_two_days(sns: Any, sns_fake: Any, topic_arn: str, library: str) -> None:
    with frozen_clock(library, START) as shift:
        first = subscribe(sns, "https", "https://one.example.com/", topic_arn)
        second = subscribe(sns, "https", "https://two.example.com/", topic_arn)

        shift(dt.timedelta(days=2) - dt.timedelta(seconds=1))
        assert (
            sns.confirm_subscription(TopicArn=topic_arn, Token=token_of(sns_fake, first))["SubscriptionArn"]
            == first
        )

        shift(dt.timedelta(seconds=2))
        assert_token_refused(sns, topic_arn, token_of(sns_fake, second))


def test_timestamps_follow_the_frozen_clock(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    with freeze_time(START):
        arn = subscribe(sns, "https", "https://hooks.example.com/sns", topic_arn)

    confirmation = sns_fake.deliveries.one(subscription_arn=arn)
    assert confirmation.json["Timestamp"] == "2024-03-01T12:00:00.000Z"
    assert confirmation.at == START


@pytest.mark.sns_fake(token_lifetime=dt.timedelta(hours=1))
def test_custom_token_lifetime(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        first = subscribe(sns, "https", "https://one.example.com/", topic_arn)
        second = subscribe(sns, "https", "https://two.example.com/", topic_arn)

        traveller.shift(dt.timedelta(minutes=59))
        sns.confirm_subscription(TopicArn=topic_arn, Token=token_of(sns_fake, first))

        traveller.shift(dt.timedelta(minutes=2))
        assert_token_refused(sns, topic_arn, token_of(sns_fake, second))
        # the token died, the pending subscription lives on until its 48 h are up
        assert listed(sns, topic_arn) == [first, "PendingConfirmation"]


def test_custom_token_lifetime_with_mock_sns() -> None:
    with (
        time_machine.travel(START, tick=False) as traveller,
        snsfake.mock_sns(token_lifetime=dt.timedelta(minutes=5)) as fake,
    ):
        sns = make_client()
        topic = sns.create_topic(Name="orders")["TopicArn"]
        arn = subscribe(sns, "email", "ops@example.com", topic)
        traveller.shift(dt.timedelta(minutes=6))
        code, _ = error_of(sns.confirm_subscription, TopicArn=topic, Token=token_of(fake, arn))
    assert code == "InvalidParameter"


def test_confirmed_subscription_keeps_working_after_the_token_expired(
    sns: Any, sns_fake: Any, topic_arn: str
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        arn = subscribe(sns, "https", "https://hooks.example.com/sns", topic_arn)
        token = token_of(sns_fake, arn)
        sns.confirm_subscription(TopicArn=topic_arn, Token=token)
        traveller.shift(dt.timedelta(days=5))

        assert sns.confirm_subscription(TopicArn=topic_arn, Token=token)["SubscriptionArn"] == arn
        sns.publish(TopicArn=topic_arn, Message="still here")

    assert listed(sns, topic_arn) == [arn]
    assert sns_fake.deliveries.one(message_type="Notification").message == "still here"


def test_pending_subscriptions_are_deleted_after_48_hours(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    with freeze_time(START) as frozen:
        arn = subscribe(sns, "email", "ops@example.com", topic_arn)
        confirmed = subscribe(sns, "https", "https://hooks.example.com/sns", topic_arn)
        sns.confirm_subscription(TopicArn=topic_arn, Token=token_of(sns_fake, confirmed))

        frozen.tick(dt.timedelta(hours=48) - dt.timedelta(seconds=1))
        assert listed(sns, topic_arn) == ["PendingConfirmation", confirmed]

        frozen.tick(dt.timedelta(seconds=1))
        assert listed(sns, topic_arn) == [confirmed]
        assert counters(sns, topic_arn)[:2] == ("0", "1")
        code, _ = error_of(sns.get_subscription_attributes, SubscriptionArn=arn)
        assert code == "NotFound"


@pytest.mark.parametrize("publish_first", [False, True], ids=["read-first", "publish-first"])
def test_expired_pending_subscription_is_gone_without_a_listing_first(
    sns: Any, sns_fake: Any, topic_arn: str, publish_first: bool
) -> None:
    """Expiry is a property of time, not of which call happens to run first."""
    with time_machine.travel(START, tick=False) as traveller:
        arn = subscribe(sns, "email", "ops@example.com", topic_arn)
        traveller.shift(dt.timedelta(hours=49))

        if publish_first:  # a publish does not see the expired subscription
            sns.publish(TopicArn=topic_arn, Message="hello")
            sns_fake.skipped.assert_count(0, subscription_arn=arn)
        code, message = error_of(sns.get_subscription_attributes, SubscriptionArn=arn)
        assert (code, message) == ("NotFound", "Subscription does not exist")
        sns.publish(TopicArn=topic_arn, Message="hello")
        sns_fake.skipped.assert_count(0, subscription_arn=arn)
        assert counters(sns, topic_arn)[:2] == ("0", "0")


def test_resubscribing_after_expiry_starts_a_new_pending_subscription(
    sns: Any, sns_fake: Any, topic_arn: str
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        old = subscribe(sns, "email", "ops@example.com", topic_arn)
        traveller.shift(dt.timedelta(hours=48))
        new = subscribe(sns, "email", "ops@example.com", topic_arn)
        assert new != old
        sns.confirm_subscription(TopicArn=topic_arn, Token=token_of(sns_fake, new))
        assert listed(sns, topic_arn) == [new]


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
            assert_token_refused(sns, topic_arn, token)
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
        assert_token_refused(sns, topic_arn, token)
        # the subscription itself is still pending until 48 h have passed, and can be confirmed by other means
        assert sub_attributes(sns, arn)["PendingConfirmation"] == "true"
        sns_fake.confirm(arn)
        assert sub_attributes(sns, arn)["PendingConfirmation"] == "false"


# --------------------------------------------------------------------------- confirm(), auto_confirm
def test_fake_confirm_confirms_like_visiting_the_subscribe_url(
    sns: Any, sns_fake: Any, topic_arn: str
) -> None:
    arn = subscribe(sns, "https", "https://hooks.example.com/sns", topic_arn)

    sns_fake.confirm(arn)

    assert_confirmed(sns, topic_arn, arn)
    sns.publish(TopicArn=topic_arn, Message="hello")
    sns_fake.deliveries.assert_count(1, message_type="Notification", subscription_arn=arn)
    sns_fake.confirm(arn)  # idempotent
    assert counters(sns, topic_arn) == ("0", "1", "0")


def test_fake_confirm_rejects_unknown_subscriptions(sns_fake: Any, topic_arn: str) -> None:
    with pytest.raises(LookupError, match="snsfake: no subscription"):
        sns_fake.confirm(topic_arn + ":00000000-0000-0000-0000-000000000000")
    with pytest.raises(LookupError):
        sns_fake.confirm("pending confirmation")


@pytest.mark.sns_fake(auto_confirm=True)
@pytest.mark.parametrize(("protocol", "endpoint"), NEEDS_CONFIRMATION)
def test_auto_confirm(sns: Any, sns_fake: Any, topic_arn: str, protocol: str, endpoint: str) -> None:
    arn = sns.subscribe(TopicArn=topic_arn, Protocol=protocol, Endpoint=endpoint)["SubscriptionArn"]

    assert arn.startswith(topic_arn + ":")
    sns_fake.deliveries.assert_count(0, message_type="SubscriptionConfirmation")
    assert listed(sns, topic_arn) == [arn]
    assert counters(sns, topic_arn) == ("0", "1", "0")
    assert (
        sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]["PendingConfirmation"] == "false"
    )
    sns.publish(TopicArn=topic_arn, Message="hello")
    sns_fake.deliveries.assert_count(1, message_type="Notification", endpoint=endpoint)


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


# --------------------------------------------------------------------------- unsubscribe
@pytest.mark.parametrize("protocol", ["http", "https"])
def test_unsubscribe_sends_an_unsubscribe_confirmation(
    sns: Any, sns_fake: Any, topic_arn: str, protocol: str
) -> None:
    endpoint = f"{protocol}://hooks.example.com/sns"
    arn = subscribe(sns, protocol, endpoint, topic_arn)
    subscribe_token = token_of(sns_fake, arn)
    sns.confirm_subscription(TopicArn=topic_arn, Token=subscribe_token)

    sns.unsubscribe(SubscriptionArn=arn)

    delivery = sns_fake.deliveries.one(message_type="UnsubscribeConfirmation")
    assert (delivery.protocol, delivery.endpoint, delivery.subscription_arn) == (protocol, endpoint, arn)
    assert delivery.headers["x-amz-sns-subscription-arn"] == arn
    body = delivery.json
    token = delivery.extra["token"]
    assert TOKEN_RE.match(token) and token != subscribe_token
    assert body["Type"] == "UnsubscribeConfirmation"
    assert body["Token"] == token
    assert body["TopicArn"] == topic_arn
    assert body["SubscribeURL"] == (
        f"https://sns.{REGION}.amazonaws.com/?Action=ConfirmSubscription&TopicArn={topic_arn}&Token={token}"
    )
    assert body["Message"].startswith(f"You have chosen to deactivate subscription {arn}.\n")
    assert listed(sns, topic_arn) == []
    assert counters(sns, topic_arn) == ("0", "0", "1")
    code, _ = error_of(sns.get_subscription_attributes, SubscriptionArn=arn)
    assert code == "NotFound"


def test_unsubscribe_confirmation_token_restores_the_subscription(
    sns: Any, sns_fake: Any, topic_arn: str
) -> None:
    endpoint = "https://hooks.example.com/sns"
    arn = subscribe(sns, "https", endpoint, topic_arn)
    sns_fake.confirm(arn)
    sns.unsubscribe(SubscriptionArn=arn)
    token = sns_fake.deliveries.one(message_type="UnsubscribeConfirmation").extra["token"]

    restored = sns.confirm_subscription(TopicArn=topic_arn, Token=token)["SubscriptionArn"]

    assert restored == arn
    [summary] = sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"]
    assert (summary["SubscriptionArn"], summary["Endpoint"]) == (restored, endpoint)
    attributes = sns.get_topic_attributes(TopicArn=topic_arn)["Attributes"]
    assert (attributes["SubscriptionsConfirmed"], attributes["SubscriptionsDeleted"]) == ("1", "1")
    sns.publish(TopicArn=topic_arn, Message="back")
    assert sns_fake.deliveries.last.message == "back"


def test_an_unsubscribe_token_does_not_restore_onto_a_recreated_topic(
    sns: Any, sns_fake: Any, topic_arn: str
) -> None:
    arn = subscribe(sns, "https", "https://hooks.example.com/sns", topic_arn)
    sns_fake.confirm(arn)
    sns.unsubscribe(SubscriptionArn=arn)
    token = sns_fake.deliveries.one(message_type="UnsubscribeConfirmation").extra["token"]
    sns.delete_topic(TopicArn=topic_arn)
    assert sns.create_topic(Name=topic_arn.rsplit(":", 1)[1])["TopicArn"] == topic_arn

    code, _ = error_of(sns.confirm_subscription, TopicArn=topic_arn, Token=token)

    assert code == "InvalidParameter"
    assert listed(sns, topic_arn) == []


@pytest.mark.parametrize(
    ("protocol", "endpoint"),
    [("email", "ops@example.com"), ("sqs", f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders")],
)
def test_unsubscribe_of_other_protocols_sends_nothing(
    sns: Any, sns_fake: Any, topic_arn: str, protocol: str, endpoint: str
) -> None:
    arn = subscribe(sns, protocol, endpoint, topic_arn)
    sns_fake.confirm(arn)

    sns.unsubscribe(SubscriptionArn=arn)

    sns_fake.deliveries.assert_count(0, message_type="UnsubscribeConfirmation")
    assert listed(sns, topic_arn) == []


def test_unsubscribe_invalidates_the_pending_token(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    arn = subscribe(sns, "email", "ops@example.com", topic_arn)
    token = token_of(sns_fake, arn)

    sns.unsubscribe(SubscriptionArn=arn)

    assert_token_refused(sns, topic_arn, token)
    assert counters(sns, topic_arn) == ("0", "0", "1")


# --------------------------------------------------------------------------- protocols that confirm at once
@pytest.mark.parametrize(
    ("protocol", "endpoint", "attributes"),
    [
        ("sqs", f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders", {}),
        ("lambda", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:orders", {}),
        ("sms", "+14155550123", {}),
        (
            "firehose",
            f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/orders",
            {"SubscriptionRoleArn": f"arn:aws:iam::{ACCOUNT}:role/sns-firehose"},
        ),
    ],
)
def test_same_account_aws_endpoints_confirm_at_once(
    sns: Any, sns_fake: Any, topic_arn: str, protocol: str, endpoint: str, attributes: dict[str, str]
) -> None:
    params: dict[str, Any] = {"TopicArn": topic_arn, "Protocol": protocol, "Endpoint": endpoint}
    if attributes:
        params["Attributes"] = attributes

    arn = sns.subscribe(**params)["SubscriptionArn"]

    assert arn.startswith(topic_arn + ":")
    sns_fake.deliveries.assert_count(0, message_type="SubscriptionConfirmation")
    assert_confirmed(sns, topic_arn, arn, authenticated="true")


@pytest.mark.parametrize(
    ("protocol", "endpoint"),
    [
        ("sqs", f"arn:aws:sqs:{REGION}:{OTHER_ACCOUNT}:their-queue"),
        ("lambda", f"arn:aws:lambda:{REGION}:{OTHER_ACCOUNT}:function:their-function"),
    ],
)
def test_cross_account_endpoint_starts_pending_and_gets_a_confirmation(
    sns: Any, sns_fake: Any, topic_arn: str, protocol: str, endpoint: str
) -> None:
    answer = sns.subscribe(TopicArn=topic_arn, Protocol=protocol, Endpoint=endpoint)

    assert answer["SubscriptionArn"] == "pending confirmation"
    confirmation = sns_fake.deliveries.one(message_type="SubscriptionConfirmation")
    assert (confirmation.protocol, confirmation.endpoint) == (protocol, endpoint)
    body = json.loads(confirmation.body)
    assert body["Type"] == "SubscriptionConfirmation"
    assert body["Token"] == confirmation.extra["token"]
    assert listed(sns, topic_arn) == ["PendingConfirmation"]
    sns.publish(TopicArn=topic_arn, Message="too early")
    sns_fake.deliveries.assert_count(0, message_type="Notification")

    arn = sns.confirm_subscription(TopicArn=topic_arn, Token=body["Token"])["SubscriptionArn"]

    assert listed(sns, topic_arn) == [arn]
    sns.publish(TopicArn=topic_arn, Message="now")
    assert sns_fake.deliveries.one(message_type="Notification").endpoint == endpoint


def test_cross_account_queue_receives_the_confirmation_through_moto() -> None:
    with mock_aws():
        theirs = boto3.session.Session().client(
            "sqs", region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="testing"
        )
        url = theirs.create_queue(QueueName="their-queue")["QueueUrl"]
        with snsfake.mock_sns(forward_sqs=theirs):
            sns = make_client()
            topic = sns.create_topic(Name="orders")["TopicArn"]
            endpoint = f"arn:aws:sqs:{REGION}:{OTHER_ACCOUNT}:their-queue"
            assert sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=endpoint)["SubscriptionArn"] == (
                "pending confirmation"
            )

            [message] = theirs.receive_message(QueueUrl=url)["Messages"]
            theirs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
            body = json.loads(message["Body"])
            assert body["Type"] == "SubscriptionConfirmation"
            sns.confirm_subscription(TopicArn=body["TopicArn"], Token=body["Token"])
            sns.publish(TopicArn=topic, Message="hello")

        [message] = theirs.receive_message(QueueUrl=url)["Messages"]
        assert json.loads(message["Body"])["Message"] == "hello"
