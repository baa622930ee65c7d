"""SMS through boto3: opt-out list, SMS attributes, origination numbers, and what phones receive
from Publish (direct and through topics). (The SMS sandbox: test_sms_sandbox.py.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from aws_errors import fails, validation_error
from botocore.exceptions import ClientError, ParamValidationError
from conftest import make_client
from freezegun import freeze_time
from sns_helpers import verify_in_sandbox

from snsfake import SnsFake

PHONE = "+15555550100"
OTHER = "+15555550101"


# --------------------------------------------------------------------------- opt-out list
def test_check_if_phone_number_is_opted_out(sns: Any, sns_fake: SnsFake) -> None:
    assert sns.check_if_phone_number_is_opted_out(phoneNumber=PHONE)["isOptedOut"] is False
    sns_fake.opt_out(PHONE)
    assert sns.check_if_phone_number_is_opted_out(phoneNumber=PHONE)["isOptedOut"] is True
    # The same phone written without "+" is the same phone.
    assert sns.check_if_phone_number_is_opted_out(phoneNumber=PHONE[1:])["isOptedOut"] is True
    assert sns.check_if_phone_number_is_opted_out(phoneNumber=OTHER)["isOptedOut"] is False


@pytest.mark.parametrize("operation", ["check_if_phone_number_is_opted_out", "opt_in_phone_number"])
@pytest.mark.parametrize("number", ["invalid", f"{PHONE}x", "+1 555 555 0100", "+1-555-555-0100"])
def test_opt_out_apis_reject_malformed_numbers(sns: Any, operation: str, number: str) -> None:
    with fails(sns.exceptions.InvalidParameterException, "InvalidParameter", "Invalid parameter: PhoneNumber Reason: input incorrectly formatted"):
        getattr(sns, operation)(phoneNumber=number)


@pytest.mark.parametrize("operation", ["check_if_phone_number_is_opted_out", "opt_in_phone_number"])
def test_opt_out_apis_reject_an_empty_number(sns: Any, operation: str) -> None:
    with fails(ClientError, "InvalidParameter", "Invalid parameter: PhoneNumber Reason: no value for required parameter"):
        getattr(sns, operation)(phoneNumber="")


def test_list_phone_numbers_opted_out_is_empty_at_first(sns: Any) -> None:
    response = sns.list_phone_numbers_opted_out()
    assert response["phoneNumbers"] == []
    assert "nextToken" not in response


def test_list_phone_numbers_opted_out_pages_by_100(sns: Any, sns_fake: SnsFake) -> None:
    numbers = [f"+1555{index:07d}" for index in range(250)]
    for number in numbers:
        sns_fake.opt_out(number)

    first = sns.list_phone_numbers_opted_out()
    assert first["phoneNumbers"] == numbers[:100]
    second = sns.list_phone_numbers_opted_out(nextToken=first["nextToken"])
    assert second["phoneNumbers"] == numbers[100:200]
    third = sns.list_phone_numbers_opted_out(nextToken=second["nextToken"])
    assert third["phoneNumbers"] == numbers[200:]
    assert "nextToken" not in third
    # An empty token is the first page (SDKs send one).
    assert sns.list_phone_numbers_opted_out(nextToken="")["phoneNumbers"] == numbers[:100]


def test_list_phone_numbers_opted_out_rejects_a_foreign_token(sns: Any) -> None:
    with fails(ClientError, "InvalidParameter", "Invalid parameter: NextToken"):
        sns.list_phone_numbers_opted_out(nextToken="not-a-token")


def test_opt_in_phone_number_takes_the_number_off_the_list(sns: Any, sns_fake: SnsFake) -> None:
    sns_fake.opt_out(PHONE)
    sns_fake.opt_out(OTHER)
    response = sns.opt_in_phone_number(phoneNumber=PHONE)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert set(response) == {"ResponseMetadata"}
    assert sns.check_if_phone_number_is_opted_out(phoneNumber=PHONE)["isOptedOut"] is False
    assert sns.list_phone_numbers_opted_out()["phoneNumbers"] == [OTHER]


def test_opt_in_of_a_number_not_opted_out_succeeds(sns: Any) -> None:
    sns.opt_in_phone_number(phoneNumber="+4411111111")
    assert sns.list_phone_numbers_opted_out()["phoneNumbers"] == []


def test_opt_in_is_allowed_once_every_30_days(sns: Any, sns_fake: SnsFake) -> None:
    with freeze_time("2024-03-01 12:00:00") as frozen:
        sns_fake.opt_out(PHONE)
        sns.opt_in_phone_number(phoneNumber=PHONE)
        sns_fake.opt_out(PHONE)  # the owner replies STOP again
        frozen.tick(dt.timedelta(days=30) - dt.timedelta(seconds=1))
        with fails(sns.exceptions.InvalidParameterException, "InvalidParameter", "Invalid parameter: PhoneNumber Reason: You can opt in a phone number only once every 30 days"):
            sns.opt_in_phone_number(phoneNumber=PHONE)
        assert sns.check_if_phone_number_is_opted_out(phoneNumber=PHONE)["isOptedOut"] is True
        frozen.tick(dt.timedelta(seconds=1))
        sns.opt_in_phone_number(phoneNumber=PHONE)
        assert sns.check_if_phone_number_is_opted_out(phoneNumber=PHONE)["isOptedOut"] is False


def test_the_30_day_rule_is_per_number(sns: Any, sns_fake: SnsFake) -> None:
    with freeze_time("2024-03-01"):
        sns_fake.opt_out(PHONE)
        sns_fake.opt_out(OTHER)
        sns.opt_in_phone_number(phoneNumber=PHONE)
        sns.opt_in_phone_number(phoneNumber=OTHER)
        assert sns.list_phone_numbers_opted_out()["phoneNumbers"] == []


def test_opt_out_lists_are_per_account_and_region(sns: Any, sns_fake: SnsFake) -> None:
    sns_fake.opt_out(PHONE)
    sns_fake.opt_out(OTHER, region="eu-west-1")
    sns_fake.opt_out("+15555550102", account_id="111122223333")
    assert sns.list_phone_numbers_opted_out()["phoneNumbers"] == [PHONE]
    assert make_client("eu-west-1").list_phone_numbers_opted_out()["phoneNumbers"] == [OTHER]
    other_account = make_client(access_key="111122223333")
    assert other_account.list_phone_numbers_opted_out()["phoneNumbers"] == ["+15555550102"]


def test_opt_out_helper_rejects_non_numbers(sns_fake: SnsFake) -> None:
    with pytest.raises(ValueError, match=r"^snsfake: opt_out\(\) needs a phone number"):
        sns_fake.opt_out("call me maybe")


# --------------------------------------------------------------------------- SMS attributes
def test_get_sms_attributes_of_a_fresh_region(sns: Any) -> None:
    assert sns.get_sms_attributes()["attributes"] == {"MonthlySpendLimit": "1"}


def test_set_and_get_every_sms_attribute(sns: Any) -> None:
    attributes = {
        "MonthlySpendLimit": "1",
        "DeliveryStatusIAMRole": "arn:aws:iam::123456789012:role/SNSSuccessFeedback",
        "DeliveryStatusSuccessSamplingRate": "10",
        "DefaultSenderID": "MySenderID",
        "DefaultSMSType": "Transactional",
        "UsageReportS3Bucket": "sms-usage-reports",
    }
    assert set(sns.set_sms_attributes(attributes=attributes)) == {"ResponseMetadata"}
    assert sns.get_sms_attributes()["attributes"] == attributes
    assert sns.get_sms_attributes(attributes=["DefaultSMSType", "DefaultSenderID"])["attributes"] == {
        "DefaultSMSType": "Transactional",
        "DefaultSenderID": "MySenderID",
    }


def test_set_sms_attributes_merges(sns: Any) -> None:
    sns.set_sms_attributes(attributes={"DefaultSMSType": "Promotional"})
    sns.set_sms_attributes(attributes={"DefaultSenderID": "Acme"})
    sns.set_sms_attributes(attributes={"DefaultSMSType": "Transactional"})
    assert sns.get_sms_attributes()["attributes"] == {
        "MonthlySpendLimit": "1",
        "DefaultSMSType": "Transactional",
        "DefaultSenderID": "Acme",
    }


def test_get_sms_attributes_returns_only_requested_names_that_have_values(sns: Any) -> None:
    assert sns.get_sms_attributes(attributes=["DefaultSMSType"])["attributes"] == {}
    assert sns.get_sms_attributes(attributes=["MonthlySpendLimit", "NoSuchName"])["attributes"] == {
        "MonthlySpendLimit": "1"
    }


def test_sms_attributes_are_per_region(sns: Any) -> None:
    sns.set_sms_attributes(attributes={"DefaultSMSType": "Transactional"})
    assert make_client("eu-west-1").get_sms_attributes()["attributes"] == {"MonthlySpendLimit": "1"}


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("NoSuchAttribute", "x", "NoSuchAttribute is not a valid attribute"),
        ("defaultSMSType", "Transactional", "defaultSMSType is not a valid attribute"),
        ("DefaultSMSType", "Marketing", "DefaultSMSType is invalid"),
        ("DefaultSMSType", "transactional", "DefaultSMSType is invalid"),
        ("DefaultSenderID", "testSenderID", "DefaultSenderID is invalid"),
        ("DefaultSenderID", "12345", "DefaultSenderID is invalid"),
        ("DefaultSenderID", "My Sender", "DefaultSenderID is invalid"),
        ("DefaultSenderID", "", "DefaultSenderID is invalid"),
        ("DeliveryStatusSuccessSamplingRate", "101", "DeliveryStatusSuccessSamplingRate is invalid"),
        ("DeliveryStatusSuccessSamplingRate", "-1", "DeliveryStatusSuccessSamplingRate is invalid"),
        ("DeliveryStatusSuccessSamplingRate", "ten", "DeliveryStatusSuccessSamplingRate is invalid"),
        ("MonthlySpendLimit", "-5", "MonthlySpendLimit is invalid"),
        ("MonthlySpendLimit", "1.5", "MonthlySpendLimit is invalid"),
        ("MonthlySpendLimit", "lots", "MonthlySpendLimit is invalid"),
        ("DeliveryStatusIAMRole", "not-a-role", "DeliveryStatusIAMRole is invalid"),
        (
            "UsageReportS3Bucket",
            "Not_A_Bucket",
            "Invalid parameter: UsageReportS3Bucket Reason: The bucket you provided does not exist",
        ),
    ],
)
def test_set_sms_attributes_rejects_invalid_values(sns: Any, name: str, value: str, message: str) -> None:
    with fails(sns.exceptions.InvalidParameterException, "InvalidParameter", message):
        sns.set_sms_attributes(attributes={name: value})
    assert sns.get_sms_attributes()["attributes"] == {"MonthlySpendLimit": "1"}


def test_a_failed_set_sms_attributes_changes_nothing(sns: Any) -> None:
    with fails(ClientError, "InvalidParameter", "DefaultSMSType is invalid"):
        sns.set_sms_attributes(attributes={"DefaultSenderID": "Acme", "DefaultSMSType": "Bulk"})
    assert sns.get_sms_attributes()["attributes"] == {"MonthlySpendLimit": "1"}


def test_set_sms_attributes_with_an_empty_map(sns: Any) -> None:
    with validation_error("attributes"):
        sns.set_sms_attributes(attributes={})


# --------------------------------------------------------------------------- origination numbers
def test_list_origination_numbers(sns: Any, sns_fake: SnsFake) -> None:
    assert sns.list_origination_numbers()["PhoneNumbers"] == []
    with freeze_time("2024-02-03 04:05:06.789123"):
        sns_fake.add_origination_number(
            "+18445550100", route_type="Promotional", capabilities=("SMS", "VOICE"), status="PENDING"
        )
    sns_fake.add_origination_number("+447700900100", iso2_country_code="gb")
    numbers = sns.list_origination_numbers()["PhoneNumbers"]
    assert numbers[0] == {
        "CreatedAt": dt.datetime(2024, 2, 3, 4, 5, 6, 789000, tzinfo=dt.timezone.utc),
        "PhoneNumber": "+18445550100",
        "Status": "PENDING",
        "Iso2CountryCode": "US",
        "RouteType": "Promotional",
        "NumberCapabilities": ["SMS", "VOICE"],
    }
    assert numbers[1]["PhoneNumber"] == "+447700900100"
    assert numbers[1]["Iso2CountryCode"] == "GB"
    assert numbers[1]["RouteType"] == "Transactional"
    assert numbers[1]["NumberCapabilities"] == ["SMS"]
    assert numbers[1]["Status"] == "ACTIVE"
    assert make_client("eu-west-1").list_origination_numbers()["PhoneNumbers"] == []


def test_list_origination_numbers_pages_by_30(sns: Any, sns_fake: SnsFake) -> None:
    numbers = [f"+1844555{index:04d}" for index in range(35)]
    for number in numbers:
        sns_fake.add_origination_number(number)
    first = sns.list_origination_numbers()
    assert [item["PhoneNumber"] for item in first["PhoneNumbers"]] == numbers[:30]
    second = sns.list_origination_numbers(NextToken=first["NextToken"])
    assert [item["PhoneNumber"] for item in second["PhoneNumbers"]] == numbers[30:]
    assert "NextToken" not in second
    small = sns.list_origination_numbers(MaxResults=10)
    assert [item["PhoneNumber"] for item in small["PhoneNumbers"]] == numbers[:10]
    rest = sns.list_origination_numbers(MaxResults=30, NextToken=small["NextToken"])
    assert [item["PhoneNumber"] for item in rest["PhoneNumbers"]] == numbers[10:]


def test_list_origination_numbers_max_results(sns: Any) -> None:
    with fails(sns.exceptions.ValidationException, "ValidationException", "1 validation error detected: Value '31' at 'maxResults' failed to satisfy constraint: "
        "Member must have value less than or equal to 30"):
        sns.list_origination_numbers(MaxResults=31)
    with pytest.raises(ParamValidationError):
        sns.list_origination_numbers(MaxResults=0)


def test_list_origination_numbers_rejects_a_foreign_token(sns: Any) -> None:
    with fails(ClientError, "InvalidParameter", "Invalid parameter: NextToken"):
        sns.list_origination_numbers(NextToken="garbage")


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"phone_number": "555-0100"}, ValueError, r"^snsfake: origination number must be E\.164"),
        ({"route_type": "Bulk"}, ValueError, r"^snsfake: route_type must be one of"),
        ({"capabilities": ("FAX",)}, ValueError, r"^snsfake: capabilities must be"),
        ({"capabilities": "SMS"}, TypeError, r"^snsfake: capabilities is a sequence"),
        ({"iso2_country_code": "USA"}, ValueError, r"^snsfake: iso2_country_code must be two letters"),
    ],
)
def test_add_origination_number_rejects_misuse(
    sns_fake: SnsFake, kwargs: dict[str, Any], error: type[Exception], pattern: str
) -> None:
    arguments: dict[str, Any] = {"phone_number": "+18445550100", **kwargs}
    with pytest.raises(error, match=pattern):
        sns_fake.add_origination_number(**arguments)


# --------------------------------------------------------------------------- publishing SMS
@pytest.mark.parametrize("number", ["+1a234", "NAA+15551234567", "+0123456789", "+1234567890123456", "1"])
def test_publish_rejects_invalid_phone_numbers(sns: Any, sns_fake: SnsFake, number: str) -> None:
    with fails(sns.exceptions.InvalidParameterException, "InvalidParameter", f"Invalid parameter: PhoneNumber Reason: {number} is not valid to publish to"):
        sns.publish(PhoneNumber=number, Message="hello")
    assert not sns_fake.published


@pytest.mark.sns_fake(sms_sandbox=False)
def test_publish_to_a_phone_number(sns: Any, sns_fake: SnsFake) -> None:
    message_id = sns.publish(PhoneNumber=PHONE, Message="Your code is 1234", Subject="ignored")["MessageId"]
    sms = sns_fake.deliveries.one(protocol="sms")
    assert sms.endpoint == PHONE
    assert sms.body == "Your code is 1234"
    assert sms.message == "Your code is 1234"
    assert sms.message_id == message_id
    assert sms.message_type == "Notification"
    assert sms.topic_arn is None and sms.subscription_arn is None
    assert sms.extra == {
        "sender_id": None,
        "sms_type": "Promotional",
        "origination_number": None,
        "max_price": None,
        "entity_id": None,
        "template_id": None,
        "parts": 1,
        "price_usd": 0.00645,
    }
    assert sns_fake.published.last.phone_number == PHONE
    assert sns_fake.sms_spend_usd() == pytest.approx(0.00645)


@pytest.mark.sns_fake(sms_sandbox=False)
def test_account_sms_attributes_apply_and_message_attributes_override(sns: Any, sns_fake: SnsFake) -> None:
    sns.set_sms_attributes(attributes={"DefaultSenderID": "Acme", "DefaultSMSType": "Transactional"})
    sns.publish(PhoneNumber=PHONE, Message="default settings")
    assert sns_fake.deliveries.last.extra["sender_id"] == "Acme"
    assert sns_fake.deliveries.last.extra["sms_type"] == "Transactional"

    sns_fake.add_origination_number("+18445550100")
    attributes = {
        "AWS.SNS.SMS.SenderID": {"DataType": "String", "StringValue": "Other"},
        "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Promotional"},
        "AWS.SNS.SMS.MaxPrice": {"DataType": "Number", "StringValue": "0.50"},
        "AWS.MM.SMS.OriginationNumber": {"DataType": "String", "StringValue": "+18445550100"},
        "AWS.MM.SMS.EntityId": {"DataType": "String", "StringValue": "entity-1"},
        "AWS.MM.SMS.TemplateId": {"DataType": "String", "StringValue": "template-1"},
    }
    sns.publish(PhoneNumber=PHONE, Message="overridden", MessageAttributes=attributes)
    extra = sns_fake.deliveries.last.extra
    assert extra["sender_id"] == "Other"
    assert extra["sms_type"] == "Promotional"
    assert extra["max_price"] == 0.5
    assert extra["origination_number"] == "+18445550100"
    assert extra["entity_id"] == "entity-1"
    assert extra["template_id"] == "template-1"


def test_publish_to_an_opted_out_number_is_accepted_but_not_delivered(sns: Any, sns_fake: SnsFake) -> None:
    sns_fake.leave_sms_sandbox()
    sns_fake.opt_out(PHONE)
    message_id = sns.publish(PhoneNumber=PHONE, Message="hello")["MessageId"]
    assert not sns_fake.deliveries
    skipped = sns_fake.skipped.last
    assert (skipped.reason, skipped.endpoint, skipped.message_id) == ("OptedOut", PHONE, message_id)
    sns.opt_in_phone_number(phoneNumber=PHONE)
    sns.publish(PhoneNumber=PHONE, Message="hello again")
    assert sns_fake.deliveries.one(endpoint=PHONE).body == "hello again"


def test_publish_in_the_sandbox_reaches_verified_numbers_only(sns: Any, sns_fake: SnsFake) -> None:
    sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE)
    sns.publish(PhoneNumber=PHONE, Message="pending")
    assert sns_fake.skipped.last.reason == "SmsSandbox"
    sns.verify_sms_sandbox_phone_number(PhoneNumber=PHONE, OneTimePassword=sns_fake.sandbox_password(PHONE))
    sns.publish(PhoneNumber=PHONE, Message="verified")
    sns.publish(PhoneNumber=OTHER, Message="stranger")
    delivered = sns_fake.deliveries.filter(message_type="Notification")
    assert [(item.endpoint, item.body) for item in delivered] == [(PHONE, "verified")]
    assert [(item.endpoint, item.reason) for item in sns_fake.skipped] == [
        (PHONE, "SmsSandbox"),
        (OTHER, "SmsSandbox"),
    ]
    # Verified in us-east-1 is not verified in eu-west-1.
    make_client("eu-west-1").publish(PhoneNumber=PHONE, Message="elsewhere")
    assert sns_fake.skipped.last.reason == "SmsSandbox"


def test_leaving_the_sandbox_lifts_the_restriction(sns: Any, sns_fake: SnsFake) -> None:
    sns_fake.leave_sms_sandbox()
    sns.publish(PhoneNumber=OTHER, Message="anyone")
    assert sns_fake.deliveries.one(endpoint=OTHER).body == "anyone"


@pytest.mark.sns_fake(sms_sandbox=False)
def test_max_price(sns: Any, sns_fake: SnsFake) -> None:
    cheap = {"AWS.SNS.SMS.MaxPrice": {"DataType": "Number", "StringValue": "0.005"}}
    sns.publish(PhoneNumber=PHONE, Message="too dear", MessageAttributes=cheap)
    assert not sns_fake.deliveries
    assert sns_fake.skipped.last.reason == "MaxPrice"
    enough = {"AWS.SNS.SMS.MaxPrice": {"DataType": "Number", "StringValue": "0.00645"}}
    sns.publish(PhoneNumber=PHONE, Message="just right", MessageAttributes=enough)
    assert sns_fake.deliveries.one(endpoint=PHONE).body == "just right"
    assert sns_fake.sms_spend_usd() == pytest.approx(0.00645)


@pytest.mark.sns_fake(sms_sandbox=False, sms_price_usd=0.4, sms_spend_quota_usd=5)
def test_monthly_spend_limit(sns: Any, sns_fake: SnsFake) -> None:
    sns.set_sms_attributes(attributes={"MonthlySpendLimit": "1"})
    with freeze_time("2024-01-31 23:00:00") as frozen:
        sns.publish(PhoneNumber=PHONE, Message="one")
        sns.publish(PhoneNumber=PHONE, Message="two")
        sns.publish(PhoneNumber=PHONE, Message="three")  # 1.20 > MonthlySpendLimit 1
        assert [item.body for item in sns_fake.deliveries] == ["one", "two"]
        assert sns_fake.skipped.last.reason == "SpendLimit"
        assert sns_fake.sms_spend_usd() == pytest.approx(0.8)

        sns.set_sms_attributes(attributes={"MonthlySpendLimit": "2"})
        sns.publish(PhoneNumber=PHONE, Message="four")
        assert sns_fake.sms_spend_usd() == pytest.approx(1.2)

        frozen.move_to("2024-02-01 00:00:00")  # a new month
        assert sns_fake.sms_spend_usd() == 0.0
        sns.publish(PhoneNumber=PHONE, Message="five")
        assert sns_fake.deliveries.last.body == "five"


@pytest.mark.sns_fake(sms_sandbox=False)
@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),  # GSM-7 extension characters take two septets
        ("€" * 81, 2),
        ("a" * 159 + "€", 2),
        ("a" * 152 + "€" + "a" * 152, 3),  # 306 septets, but an escape pair is never split
        ("é" * 160, 1),  # in the GSM-7 alphabet
        ("ł" * 70, 1),  # not in GSM-7: UCS-2
        ("ł" * 71, 2),
        ("ł" * 134, 2),
        ("ł" * 135, 3),
        ("😀" * 35, 1),  # a surrogate pair is two UCS-2 units
        ("😀" * 36, 2),
        (("abcdefghi " * 31)[:306], 3),  # split on word boundaries: 150 + 150 + 6
        ("a" * 200 + " b", 2),  # a word longer than a part is cut
    ],
)
def test_message_parts_and_price(sns: Any, sns_fake: SnsFake, text: str, parts: int) -> None:
    sns.publish(PhoneNumber=PHONE, Message=text)
    extra = sns_fake.deliveries.last.extra
    assert extra["parts"] == parts
    assert extra["price_usd"] == pytest.approx(0.00645 * parts)


@pytest.mark.sns_fake(sms_sandbox=False)
def test_publish_message_structure_selects_the_sms_text(sns: Any, sns_fake: SnsFake) -> None:
    sns.publish(
        PhoneNumber=PHONE, Message='{"default": "long text", "sms": "short"}', MessageStructure="json"
    )
    assert sns_fake.deliveries.last.body == "short"


# --------------------------------------------------------------------------- topics and sms subscriptions
@pytest.mark.parametrize(
    "endpoint", ["+15--551234567", "NAA+15551234567", "+15551234567.", "/+15551234567", "invalid-number"]
)
def test_subscribe_rejects_invalid_sms_endpoints(sns: Any, topic_arn: str, endpoint: str) -> None:
    with fails(sns.exceptions.InvalidParameterException, "InvalidParameter", f"Invalid SMS endpoint: {endpoint}"):
        sns.subscribe(TopicArn=topic_arn, Protocol="sms", Endpoint=endpoint)


@pytest.mark.parametrize("endpoint", ["+123123123", "+12/34-567.890", "15551234567"])
def test_subscribe_accepts_sms_endpoints(sns: Any, topic_arn: str, endpoint: str) -> None:
    arn = sns.subscribe(TopicArn=topic_arn, Protocol="sms", Endpoint=endpoint)["SubscriptionArn"]
    assert sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]["Endpoint"] == endpoint


@pytest.mark.sns_fake(sms_sandbox=False)
def test_topic_sms_carries_the_display_name(sns: Any, sns_fake: SnsFake) -> None:
    topic = sns.create_topic(Name="shop", Attributes={"DisplayName": "MyShop"})["TopicArn"]
    subscription = sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint="+1-555-555-0100")[
        "SubscriptionArn"
    ]
    message_id = sns.publish(TopicArn=topic, Message="Sale today!")["MessageId"]
    sms = sns_fake.deliveries.one(protocol="sms")
    assert sms.body == "MYSHOP> Sale today!"
    assert sms.message == "Sale today!"
    assert (sms.endpoint, sms.topic_arn, sms.subscription_arn, sms.message_id) == (
        "+1-555-555-0100",
        topic,
        subscription,
        message_id,
    )
    assert sms.extra["parts"] == 1


@pytest.mark.sns_fake(sms_sandbox=False)
def test_topic_sms_without_display_name_has_no_prefix(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    sns.subscribe(TopicArn=topic_arn, Protocol="sms", Endpoint=PHONE)
    sns.publish(TopicArn=topic_arn, Message="plain")
    assert sns_fake.deliveries.one(protocol="sms").body == "plain"


def test_topic_sms_to_an_opted_out_subscriber(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    sns_fake.leave_sms_sandbox()
    subscription = sns.subscribe(TopicArn=topic_arn, Protocol="sms", Endpoint="+1.555.555.0100")[
        "SubscriptionArn"
    ]
    sns.subscribe(TopicArn=topic_arn, Protocol="sms", Endpoint=OTHER)
    sns_fake.opt_out(PHONE)
    sns.publish(TopicArn=topic_arn, Message="news")
    assert [item.endpoint for item in sns_fake.deliveries] == [OTHER]
    skipped = sns_fake.skipped.one(reason="OptedOut")
    assert (skipped.subscription_arn, skipped.topic_arn) == (subscription, topic_arn)
    # Opting out does not delete the subscription.
    assert len(sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"]) == 2


def test_topic_sms_in_the_sandbox(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    verify_in_sandbox(sns, sns_fake, PHONE)
    sns.subscribe(TopicArn=topic_arn, Protocol="sms", Endpoint="+1-555-555-0100")
    sns.subscribe(TopicArn=topic_arn, Protocol="sms", Endpoint=OTHER)
    sns.publish(TopicArn=topic_arn, Message="news")
    assert [item.endpoint for item in sns_fake.deliveries.filter(message_type="Notification")] == [
        "+1-555-555-0100"
    ]
    assert sns_fake.skipped.one(reason="SmsSandbox").endpoint == OTHER


@pytest.mark.parametrize("number", ["+15555550100\n", "+1\u0665\u0665\u0665\u0665\u0665\u0665\u0660\u0661\u0660\u0660"])
def test_phone_numbers_are_matched_whole_and_in_ascii_digits(sns: Any, sns_fake: SnsFake, number: str) -> None:
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.publish(PhoneNumber=number, Message="hello")
    with pytest.raises(ClientError):
        sns.check_if_phone_number_is_opted_out(phoneNumber=number)
    topic = sns.create_topic(Name="alerts")["TopicArn"]
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint=number)
    assert len(sns_fake.deliveries) == 0
    assert sns.list_subscriptions()["Subscriptions"] == []


def test_sender_id_with_a_trailing_newline_is_refused(sns: Any) -> None:
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.set_sms_attributes(attributes={"DefaultSenderID": "Brand\n"})
    assert "DefaultSenderID" not in sns.get_sms_attributes()["attributes"]


@pytest.mark.sns_fake(sms_sandbox=False)
def test_a_word_that_ends_exactly_at_a_part_boundary_stays_in_that_part(sns: Any, sns_fake: SnsFake) -> None:
    text = "x" * 150 + " yy" + " " + "z" * 152  # 153 characters, then a space, then 152
    sns.publish(PhoneNumber=PHONE, Message=text)
    assert sns_fake.deliveries.last.extra["parts"] == 2
