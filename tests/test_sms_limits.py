"""SMS limits through boto3, as AWS documents them: the 1,600-byte cap on an SMS publish, the
account's spending quota (MonthlySpendLimit above it refused), MonthlySpendLimit enforced per
calendar month (UTC) under freezegun and time-machine, and the per-message SMS attributes' values.

Sources: AWS SNS Developer Guide "Publishing to a mobile phone" (1,600 bytes; the attributes'
values), "Requesting increases to your monthly SMS spending quota" ($1.00 for new accounts),
API Reference "SetSMSAttributes" (the default limit is the maximum allowed), and the delivery
status log text "No quota left for account". Messages marked (unconfirmed) are snsfake's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
import time_machine
from aws_errors import assert_aws_error
from conftest import make_client
from freezegun import freeze_time

import snsfake
from snsfake import SnsFake

PHONE = "+15555550100"
QUEUE = "arn:aws:sqs:us-east-1:123456789012:audit"


def string(value: str, data_type: str = "String") -> dict[str, str]:
    return {"DataType": data_type, "StringValue": value}


# --------------------------------------------------------------------------- the spending quota
def test_a_new_accounts_limit_is_its_quota_of_1_usd(sns: Any) -> None:
    assert sns.get_sms_attributes()["attributes"] == {"MonthlySpendLimit": "1"}
    sns.set_sms_attributes(attributes={"MonthlySpendLimit": "0"})
    assert sns.get_sms_attributes()["attributes"] == {"MonthlySpendLimit": "0"}


def test_a_limit_above_the_quota_is_refused_and_changes_nothing(sns: Any) -> None:
    sns.set_sms_attributes(attributes={"DefaultSMSType": "Transactional"})
    # (unconfirmed) AWS refuses it with InvalidParameter; its message is not documented.
    assert_aws_error(
        sns,
        "SetSMSAttributes",
        {"attributes": {"MonthlySpendLimit": "2", "DefaultSenderID": "Acme"}},
        "InvalidParameter",
        "MonthlySpendLimit is invalid",
    )
    assert sns.get_sms_attributes()["attributes"] == {"MonthlySpendLimit": "1", "DefaultSMSType": "Transactional"}


@pytest.mark.sns_fake(sms_spend_quota_usd=50)
def test_the_fake_option_raises_the_quota(sns: Any) -> None:
    assert sns.get_sms_attributes()["attributes"] == {"MonthlySpendLimit": "50"}
    sns.set_sms_attributes(attributes={"MonthlySpendLimit": "50"})
    assert_aws_error(
        sns, "SetSMSAttributes", {"attributes": {"MonthlySpendLimit": "51"}}, "InvalidParameter",
        "MonthlySpendLimit is invalid",
    )
    sns.set_sms_attributes(attributes={"MonthlySpendLimit": "20"})
    assert sns.get_sms_attributes(attributes=["MonthlySpendLimit"])["attributes"] == {"MonthlySpendLimit": "20"}


@pytest.mark.parametrize("quota", [0, -1, 1.5, True, "10", None])
def test_the_quota_option_is_a_whole_number_of_usd(quota: Any) -> None:
    with pytest.raises(ValueError, match=r"^snsfake: sms_spend_quota_usd must be a whole number of USD, at least 1, got "):
        snsfake.mock_sns(sms_spend_quota_usd=quota)


# --------------------------------------------------------------------------- MonthlySpendLimit enforced
@pytest.mark.sns_fake(sms_sandbox=False, sms_price_usd=0.3)
def test_once_the_limit_is_reached_sms_fail_and_publish_succeeds(sns: Any, sns_fake: SnsFake) -> None:
    topic = sns.create_topic(Name="alerts")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint=PHONE)
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)
    for text in ("one", "two", "three"):
        sns.publish(PhoneNumber=PHONE, Message=text)
    answer = sns.publish(TopicArn=topic, Message="four")

    assert answer["MessageId"]  # AWS: the publish succeeds; the SMS delivery fails
    assert [delivery.body for delivery in sns_fake.deliveries.filter(protocol="sms")] == ["one", "two", "three"]
    assert sns_fake.deliveries.one(protocol="sqs").message == "four"
    skipped = sns_fake.skipped.one(reason="SpendLimit")
    assert skipped.detail == (
        "No quota left for account: 0.9 USD spent this month + 0.3 USD would exceed MonthlySpendLimit 1 USD"
    )
    assert skipped.subscription_arn is not None
    assert sns_fake.sms_spend_usd() == pytest.approx(0.9)


@pytest.mark.sns_fake(sms_sandbox=False, sms_price_usd=0.3)
def test_spend_counts_message_parts(sns: Any, sns_fake: SnsFake) -> None:
    sns.publish(PhoneNumber=PHONE, Message="x" * 200)  # 2 parts: 0.60
    sns.publish(PhoneNumber=PHONE, Message="y" * 200)  # 0.60 + 0.60 > 1
    assert sns_fake.deliveries.one().extra["price_usd"] == pytest.approx(0.6)
    assert sns_fake.skipped.one().reason == "SpendLimit"
    assert sns_fake.sms_spend_usd() == pytest.approx(0.6)


@pytest.mark.sns_fake(sms_sandbox=False, sms_price_usd=0.5)
def test_max_price_has_no_effect_once_the_quota_is_spent(sns: Any, sns_fake: SnsFake) -> None:
    # AWS doc: MaxPrice "has no effect if your month-to-date SMS costs have already exceeded the quota".
    sns.publish(PhoneNumber=PHONE, Message="one")
    sns.publish(PhoneNumber=PHONE, Message="two")
    sns.publish(PhoneNumber=PHONE, Message="three", MessageAttributes={"AWS.SNS.SMS.MaxPrice": string("0.01", "Number")})
    assert sns_fake.skipped.one().reason == "SpendLimit"


def _freezegun(start: str) -> tuple[AbstractContextManager[Any], Callable[[Any, str], None]]:
    return freeze_time(start), lambda frozen, moment: frozen.move_to(moment)


def _time_machine(start: str) -> tuple[AbstractContextManager[Any], Callable[[Any, str], None]]:
    return time_machine.travel(dt.datetime.fromisoformat(start + "+00:00"), tick=False), (
        lambda traveller, moment: traveller.move_to(dt.datetime.fromisoformat(moment + "+00:00"))
    )


@pytest.fixture(params=[_freezegun, _time_machine], ids=["freezegun", "time-machine"])
def travel(request: pytest.FixtureRequest) -> Any:
    """A clock to start at a moment, and a way to move it (the fake reads time through snsfake.clock)."""
    return request.param


@pytest.mark.sns_fake(sms_sandbox=False, sms_price_usd=0.6)
def test_the_month_rolls_over_at_midnight_utc(sns: Any, sns_fake: SnsFake, travel: Any) -> None:
    manager, move_to = travel("2024-03-31 23:59:59")
    with manager as clock:
        sns.publish(PhoneNumber=PHONE, Message="march")
        sns.publish(PhoneNumber=PHONE, Message="still march")
        assert sns_fake.skipped.one().reason == "SpendLimit"

        move_to(clock, "2024-04-01 00:00:00")
        assert sns_fake.sms_spend_usd() == 0.0
        sns.publish(PhoneNumber=PHONE, Message="april")
        assert sns_fake.deliveries.last.body == "april"
        assert sns_fake.sms_spend_usd() == pytest.approx(0.6)


# --------------------------------------------------------------------------- the 1,600-byte cap
@pytest.mark.sns_fake(sms_sandbox=False)
@pytest.mark.parametrize("text", ["a" * 1600, "é" * 800, "😀" * 400])
def test_an_sms_publish_carries_up_to_1600_bytes(sns: Any, sns_fake: SnsFake, text: str) -> None:
    # Bytes, as the Developer Guide says, not characters: 800 "é" are 1,600 bytes.
    sns.publish(PhoneNumber=PHONE, Message=text)
    assert sns_fake.deliveries.one().body == text


@pytest.mark.sns_fake(sms_sandbox=False)
@pytest.mark.parametrize("text", ["a" * 1601, "é" * 801, "a" * 1599 + "é"])
def test_a_longer_sms_publish_is_refused_and_changes_nothing(sns: Any, sns_fake: SnsFake, text: str) -> None:
    # (unconfirmed) AWS's answer is not documented: the error of a message over its size limit.
    assert_aws_error(
        sns, "Publish", {"PhoneNumber": PHONE, "Message": text}, "InvalidParameter", "Invalid parameter: Message too long"
    )
    assert not sns_fake.published and not sns_fake.deliveries and not sns_fake.skipped
    assert sns_fake.sms_spend_usd() == 0.0


@pytest.mark.sns_fake(sms_sandbox=False)
def test_the_cap_applies_to_the_text_the_phone_gets(sns: Any, sns_fake: SnsFake) -> None:
    long_default = '{"default": "%s", "sms": "short"}' % ("a" * 2000)
    sns.publish(PhoneNumber=PHONE, Message=long_default, MessageStructure="json")
    assert sns_fake.deliveries.one().body == "short"
    long_sms = '{"default": "short", "sms": "%s"}' % ("a" * 2000)
    assert_aws_error(
        sns,
        "Publish",
        {"PhoneNumber": PHONE, "Message": long_sms, "MessageStructure": "json"},
        "InvalidParameter",
        "Invalid parameter: Message too long",
    )


@pytest.mark.sns_fake(sms_sandbox=False)
def test_a_topic_message_too_long_for_sms_is_not_sent_to_phones(sns: Any, sns_fake: SnsFake) -> None:
    topic = sns.create_topic(Name="alerts", Attributes={"DisplayName": "Shop"})["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint=PHONE)
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)

    sns.publish(TopicArn=topic, Message="a" * 1595)  # "SHOP> " makes the SMS 1,601 bytes

    assert sns_fake.deliveries.one().protocol == "sqs"
    skipped = sns_fake.skipped.one()
    assert (skipped.reason, skipped.endpoint) == ("MessageTooLong", PHONE)
    assert skipped.detail == "The SMS is 1601 bytes; an SMS publish carries at most 1600 bytes"
    sns.publish(TopicArn=topic, Message="a" * 1594)
    assert sns_fake.deliveries.one(protocol="sms").body == "SHOP> " + "a" * 1594


# --------------------------------------------------------------------------- per-message SMS attributes
VALID = {
    "AWS.SNS.SMS.SenderID": string("Acme1"),
    "AWS.SNS.SMS.SMSType": string("Transactional"),
    "AWS.SNS.SMS.MaxPrice": string("0.50", "Number"),
    "AWS.MM.SMS.OriginationNumber": string("+18445550100"),
    "AWS.MM.SMS.EntityId": string("1" * 30),
    "AWS.MM.SMS.TemplateId": string("t" * 30),
}


@pytest.mark.sns_fake(sms_sandbox=False)
def test_valid_sms_attributes_are_accepted(sns: Any, sns_fake: SnsFake) -> None:
    sns.publish(PhoneNumber=PHONE, Message="hi", MessageAttributes=VALID)
    sns.publish(
        PhoneNumber=PHONE,
        Message="hi",
        MessageAttributes={
            "AWS.SNS.SMS.SenderID": string("ABC"),
            "AWS.SNS.SMS.MaxPrice": string("1"),  # String is accepted too
            "AWS.MM.SMS.OriginationNumber": string("12345"),
            "AWS.MM.SMS.EntityId": string("e"),
        },
    )
    assert len(sns_fake.deliveries) == 2


INVALID = [
    ("AWS.SNS.SMS.SenderID", string("AB"), "The message attribute 'AWS.SNS.SMS.SenderID' must be 3 to 11 letters or digits, at least one of them a letter, with no spaces."),
    ("AWS.SNS.SMS.SenderID", string("ABCDEFGHIJKL"), "The message attribute 'AWS.SNS.SMS.SenderID' must be 3 to 11 letters or digits, at least one of them a letter, with no spaces."),
    ("AWS.SNS.SMS.SenderID", string("12345"), "The message attribute 'AWS.SNS.SMS.SenderID' must be 3 to 11 letters or digits, at least one of them a letter, with no spaces."),
    ("AWS.SNS.SMS.SenderID", string("My Shop"), "The message attribute 'AWS.SNS.SMS.SenderID' must be 3 to 11 letters or digits, at least one of them a letter, with no spaces."),
    ("AWS.SNS.SMS.SMSType", string("transactional"), "The message attribute 'AWS.SNS.SMS.SMSType' must be Promotional or Transactional."),
    ("AWS.SNS.SMS.MaxPrice", string("cheap"), "Could not cast message attribute 'AWS.SNS.SMS.MaxPrice' value to number."),
    ("AWS.SNS.SMS.MaxPrice", string("abc", "Number"), "Could not cast message attribute 'AWS.SNS.SMS.MaxPrice' value to number."),
    ("AWS.SNS.SMS.MaxPrice", string("-0.5", "Number"), "The message attribute 'AWS.SNS.SMS.MaxPrice' must not be negative."),
    ("AWS.MM.SMS.OriginationNumber", string("1234"), "The message attribute 'AWS.MM.SMS.OriginationNumber' must be 5 to 14 digits, with an optional leading '+'."),
    ("AWS.MM.SMS.OriginationNumber", string("+" + "1" * 15), "The message attribute 'AWS.MM.SMS.OriginationNumber' must be 5 to 14 digits, with an optional leading '+'."),
    ("AWS.MM.SMS.OriginationNumber", string("+1-844-555-0100"), "The message attribute 'AWS.MM.SMS.OriginationNumber' must be 5 to 14 digits, with an optional leading '+'."),
    ("AWS.MM.SMS.EntityId", string("e" * 31), "The message attribute 'AWS.MM.SMS.EntityId' must be 1 to 30 characters long."),
    ("AWS.MM.SMS.TemplateId", string("t" * 31), "The message attribute 'AWS.MM.SMS.TemplateId' must be 1 to 30 characters long."),
    ("AWS.SNS.SMS.SMSType", {"DataType": "Binary", "BinaryValue": b"Promotional"}, "The message attribute 'AWS.SNS.SMS.SMSType' with type 'Binary' must use field 'String'."),
]


@pytest.mark.sns_fake(sms_sandbox=False)
@pytest.mark.parametrize(("name", "attribute", "message"), INVALID, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(INVALID)])
def test_invalid_sms_attributes_are_refused_and_change_nothing(
    sns: Any, sns_fake: SnsFake, name: str, attribute: dict[str, Any], message: str
) -> None:
    # (unconfirmed) AWS documents the values, not its errors: ParameterValueInvalid, as for other attributes.
    topic = sns.create_topic(Name="alerts")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint=PHONE)
    attributes = {name: attribute}
    for target in ({"PhoneNumber": PHONE}, {"TopicArn": topic}):
        assert_aws_error(
            sns, "Publish", {**target, "Message": "hi", "MessageAttributes": attributes}, "ParameterValueInvalid", message
        )
    assert_aws_error(
        sns,
        "PublishBatch",
        {"TopicArn": topic, "PublishBatchRequestEntries": [{"Id": "a", "Message": "hi", "MessageAttributes": attributes}]},
        "ParameterValueInvalid",
        message,
    )
    assert not sns_fake.published and not sns_fake.deliveries
    assert sns_fake.sms_spend_usd() == 0.0


def test_misspelled_sms_attributes_are_reserved_names(sns_fake: SnsFake) -> None:
    # Real AWS (boto3 #2947, aws-sdk-js #3110): the names are matched exactly.
    sns = make_client()
    for name in ("AWS.SNS.SMS.SenderId", "AWS.SNS.SMS.TemplateId", "aws.sns.sms.smstype"):
        assert_aws_error(
            sns,
            "Publish",
            {"PhoneNumber": PHONE, "Message": "hi", "MessageAttributes": {name: string("x")}},
            "ParameterValueInvalid",
            "Message attribute names starting with 'AWS.' or 'Amazon.' are reserved for use by Amazon.",
        )
