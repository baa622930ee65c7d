"""The SMS sandbox through boto3: entering and leaving it, adding and verifying numbers (one-time
passwords, languages, limits), deleting and listing them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from aws_errors import fails
from botocore.exceptions import ClientError, ParamValidationError
from conftest import make_client
from freezegun import freeze_time
from sns_helpers import verify_in_sandbox

from snsfake import SnsFake

PHONE = "+15555550100"
SANDBOX_PATTERN = r"^(\+[0-9]{8,}|[0-9]{0,9})$"
LANGUAGES = "en-US, en-GB, es-419, es-ES, de-DE, fr-CA, fr-FR, it-IT, ja-JP, pt-BR, kr-KR, zh-CN, zh-TW"


# --------------------------------------------------------------------------- SMS sandbox
def test_new_accounts_are_in_the_sms_sandbox(sns: Any, sns_fake: SnsFake) -> None:
    assert sns.get_sms_sandbox_account_status()["IsInSandbox"] is True
    sns_fake.leave_sms_sandbox()
    assert sns.get_sms_sandbox_account_status()["IsInSandbox"] is False
    assert make_client("eu-west-1").get_sms_sandbox_account_status()["IsInSandbox"] is True
    sns_fake.enter_sms_sandbox()
    assert sns.get_sms_sandbox_account_status()["IsInSandbox"] is True


@pytest.mark.sns_fake(sms_sandbox=False)
def test_the_sms_sandbox_option_switches_the_sandbox_off(sns: Any) -> None:
    assert sns.get_sms_sandbox_account_status()["IsInSandbox"] is False


@pytest.mark.sns_fake(sms_sandbox=False)
def test_enter_sms_sandbox_works_when_accounts_start_outside(sns: Any, sns_fake: SnsFake) -> None:
    sns_fake.enter_sms_sandbox()
    assert sns.get_sms_sandbox_account_status()["IsInSandbox"] is True
    sns.create_sms_sandbox_phone_number(PhoneNumber="+15555550100")
    assert make_client("eu-west-1").get_sms_sandbox_account_status()["IsInSandbox"] is False


def test_sandbox_otp_flow(sns: Any, sns_fake: SnsFake) -> None:
    assert sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"] == []
    sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE, LanguageCode="de-DE")
    assert sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"] == [
        {"PhoneNumber": PHONE, "Status": "Pending"}
    ]

    otp_sms = sns_fake.deliveries.one(protocol="sms", endpoint=PHONE)
    otp = sns_fake.sandbox_password(PHONE)
    assert otp_sms.message_type == "OneTimePassword"
    assert otp in otp_sms.body
    assert otp_sms.extra["one_time_password"] == otp
    assert otp_sms.extra["language_code"] == "de-DE"
    assert len(otp) == 6 and otp.isdigit()
    assert not sns_fake.skipped

    sns.verify_sms_sandbox_phone_number(PhoneNumber=PHONE, OneTimePassword=otp)
    response = sns.list_sms_sandbox_phone_numbers()
    assert response["PhoneNumbers"] == [{"PhoneNumber": PHONE, "Status": "Verified"}]
    assert "NextToken" not in response


def test_verify_with_a_wrong_password(sns: Any, sns_fake: SnsFake) -> None:
    sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE)
    wrong = "99999" if sns_fake.sandbox_password(PHONE) != "99999" else "88888"
    with fails(sns.exceptions.VerificationException, "VerificationException", "Invalid one-time password") as caught:
        sns.verify_sms_sandbox_phone_number(PhoneNumber=PHONE, OneTimePassword=wrong)
    assert caught.value.response["Error"]["Status"] == "Failed"
    assert sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"] == [
        {"PhoneNumber": PHONE, "Status": "Pending"}
    ]


def test_verify_an_unknown_number(sns: Any) -> None:
    with fails(sns.exceptions.ResourceNotFoundException, "ResourceNotFound", "Phone number does not exist"):
        sns.verify_sms_sandbox_phone_number(PhoneNumber=PHONE, OneTimePassword="123456")


@pytest.mark.parametrize(
    ("otp", "constraint"),
    [
        ("12345678901", "Member must have length less than or equal to 8"),
        ("12a45", "Member must satisfy regular expression pattern: ^[0-9]+$"),
    ],
)
def test_verify_validates_the_password(sns: Any, otp: str, constraint: str) -> None:
    with fails(ClientError, "ValidationError", f"1 validation error detected: Value '{otp}' at 'oneTimePassword' "
        f"failed to satisfy constraint: {constraint}"):
        sns.verify_sms_sandbox_phone_number(PhoneNumber=PHONE, OneTimePassword=otp)


def test_verify_password_shorter_than_5_is_caught_by_botocore(sns: Any) -> None:
    with pytest.raises(ParamValidationError):
        sns.verify_sms_sandbox_phone_number(PhoneNumber=PHONE, OneTimePassword="1234")


@pytest.mark.parametrize("operation", ["create", "delete", "verify"])
@pytest.mark.parametrize(
    ("number", "constraints"),
    [
        ("invalid phone number", [f"Member must satisfy regular expression pattern: {SANDBOX_PATTERN}"]),
        ("1234567890", [f"Member must satisfy regular expression pattern: {SANDBOX_PATTERN}"]),
        (
            "+94489347594376598435346594365943695348562987",
            ["Member must have length less than or equal to 20"],
        ),
        (
            "+1234567890-1234567890",
            [
                f"Member must satisfy regular expression pattern: {SANDBOX_PATTERN}",
                "Member must have length less than or equal to 20",
            ],
        ),
    ],
)
def test_sandbox_apis_validate_the_phone_number(
    sns: Any, operation: str, number: str, constraints: list[str]
) -> None:
    problems = [
        f"Value '{number}' at 'phoneNumber' failed to satisfy constraint: {item}" for item in constraints
    ]
    count = f"{len(problems)} validation {'error' if len(problems) == 1 else 'errors'} detected: "
    with fails(ClientError, "ValidationError", count + "; ".join(problems)):
        if operation == "create":
            sns.create_sms_sandbox_phone_number(PhoneNumber=number)
        elif operation == "delete":
            sns.delete_sms_sandbox_phone_number(PhoneNumber=number)
        else:
            sns.verify_sms_sandbox_phone_number(PhoneNumber=number, OneTimePassword="123456")


@pytest.mark.parametrize("number", ["+9411223344667788990", "123456789", "+12345678"])
def test_sandbox_accepts_numbers_matching_the_model(sns: Any, sns_fake: SnsFake, number: str) -> None:
    sns.create_sms_sandbox_phone_number(PhoneNumber=number)
    assert sns_fake.deliveries.last.endpoint == number


def test_create_rejects_unknown_language_codes(sns: Any) -> None:
    with fails(ClientError, "ValidationError", "1 validation error detected: Value 'en-AU' at 'languageCode' failed to satisfy constraint: "
        f"Member must satisfy enum value set: [{LANGUAGES}]"):
        sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE, LanguageCode="en-AU")
    assert sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"] == []


@pytest.mark.parametrize("language", LANGUAGES.split(", "))
def test_create_accepts_every_language_code(sns: Any, sns_fake: SnsFake, language: str) -> None:
    sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE, LanguageCode=language)
    assert sns_fake.deliveries.last.extra["language_code"] == language


def test_create_an_opted_out_number(sns: Any, sns_fake: SnsFake) -> None:
    sns_fake.opt_out(PHONE)
    with fails(sns.exceptions.OptedOutException, "OptedOut", "Phone number is opted out"):
        sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE)
    assert not sns_fake.deliveries


def test_sandbox_holds_at_most_10_numbers(sns: Any, sns_fake: SnsFake) -> None:
    for index in range(10):
        sns.create_sms_sandbox_phone_number(PhoneNumber=f"+1555555{index:04d}")
    with fails(sns.exceptions.UserErrorException, "UserError", "You can have up to 10 destination phone numbers in the SMS sandbox"):
        sns.create_sms_sandbox_phone_number(PhoneNumber="+15555559999")
    assert len(sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"]) == 10
    # Re-sending the code to a number already there is still fine.
    sns.create_sms_sandbox_phone_number(PhoneNumber="+15555550000")


def test_create_again_resends_a_new_password(sns: Any, sns_fake: SnsFake) -> None:
    sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE)
    sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE, LanguageCode="fr-FR")
    sent = sns_fake.deliveries.filter(endpoint=PHONE)
    assert len(sent) == 2
    assert sent[-1].extra["one_time_password"] == sns_fake.sandbox_password(PHONE)
    assert sent[-1].extra["language_code"] == "fr-FR"
    sns.verify_sms_sandbox_phone_number(PhoneNumber=PHONE, OneTimePassword=sns_fake.sandbox_password(PHONE))
    assert sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"] == [
        {"PhoneNumber": PHONE, "Status": "Verified"}
    ]


def test_the_password_can_be_sent_5_times_a_day(sns: Any, sns_fake: SnsFake) -> None:
    with freeze_time("2024-05-01 08:00:00") as frozen:
        for _ in range(5):
            sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE)
            frozen.tick(dt.timedelta(hours=1))
        with fails(ClientError, "UserError", "You can send the one-time password to a phone number up to 5 times every 24 hours"):
            sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE)
        assert len(sns_fake.deliveries) == 5
        frozen.move_to("2024-05-02 08:00:01")  # the first send is now 24 h old
        sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE)
        assert len(sns_fake.deliveries) == 6


def test_create_a_verified_number_again(sns: Any, sns_fake: SnsFake) -> None:
    verify_in_sandbox(sns, sns_fake, PHONE)
    with fails(ClientError, "UserError", "Phone number is already verified"):
        sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE)


def test_sandbox_numbers_are_per_region(sns: Any, sns_fake: SnsFake) -> None:
    verify_in_sandbox(sns, sns_fake, PHONE)
    assert make_client("eu-west-1").list_sms_sandbox_phone_numbers()["PhoneNumbers"] == []
    with pytest.raises(ValueError, match=r"^snsfake: '\+15555550100' is not an SMS sandbox number"):
        sns_fake.sandbox_password(PHONE, region="eu-west-1")


def test_delete_only_24_hours_after_the_last_verification_attempt(sns: Any, sns_fake: SnsFake) -> None:
    too_early = (
        "You can delete a phone number only 24 hours after its verification or its last verification attempt"
    )
    with freeze_time("2024-06-01 00:00:00") as frozen:
        sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE)
        frozen.tick(dt.timedelta(hours=1))
        sns.verify_sms_sandbox_phone_number(
            PhoneNumber=PHONE, OneTimePassword=sns_fake.sandbox_password(PHONE)
        )
        frozen.move_to("2024-06-02 00:59:59")
        with fails(sns.exceptions.UserErrorException, "UserError", too_early):
            sns.delete_sms_sandbox_phone_number(PhoneNumber=PHONE)
        assert len(sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"]) == 1
        frozen.tick(dt.timedelta(seconds=1))
        assert set(sns.delete_sms_sandbox_phone_number(PhoneNumber=PHONE)) == {"ResponseMetadata"}
        assert sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"] == []


def test_a_failed_verification_restarts_the_delete_clock(sns: Any, sns_fake: SnsFake) -> None:
    with freeze_time("2024-06-01 00:00:00") as frozen:
        sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE)
        frozen.tick(dt.timedelta(hours=20))
        wrong = "99999" if sns_fake.sandbox_password(PHONE) != "99999" else "88888"
        with pytest.raises(sns.exceptions.VerificationException):
            sns.verify_sms_sandbox_phone_number(PhoneNumber=PHONE, OneTimePassword=wrong)
        frozen.tick(dt.timedelta(hours=5))  # 25 h after creation, 5 h after the attempt
        with pytest.raises(sns.exceptions.UserErrorException):
            sns.delete_sms_sandbox_phone_number(PhoneNumber=PHONE)
        frozen.tick(dt.timedelta(hours=19))
        sns.delete_sms_sandbox_phone_number(PhoneNumber=PHONE)


def test_a_pending_number_can_be_deleted_a_day_after_it_was_added(sns: Any) -> None:
    with freeze_time("2024-06-01 00:00:00") as frozen:
        sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE)
        with pytest.raises(sns.exceptions.UserErrorException):
            sns.delete_sms_sandbox_phone_number(PhoneNumber=PHONE)
        frozen.tick(dt.timedelta(hours=24))
        sns.delete_sms_sandbox_phone_number(PhoneNumber=PHONE)
        assert sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"] == []


def test_delete_an_unknown_number(sns: Any) -> None:
    with fails(sns.exceptions.ResourceNotFoundException, "ResourceNotFound", "Phone number does not exist"):
        sns.delete_sms_sandbox_phone_number(PhoneNumber=PHONE)


def test_list_sandbox_numbers_pages(sns: Any) -> None:
    numbers = [f"+1555555{index:04d}" for index in range(10)]
    for number in numbers:
        sns.create_sms_sandbox_phone_number(PhoneNumber=number)
    first = sns.list_sms_sandbox_phone_numbers(MaxResults=4)
    assert [item["PhoneNumber"] for item in first["PhoneNumbers"]] == numbers[:4]
    second = sns.list_sms_sandbox_phone_numbers(MaxResults=4, NextToken=first["NextToken"])
    assert [item["PhoneNumber"] for item in second["PhoneNumbers"]] == numbers[4:8]
    third = sns.list_sms_sandbox_phone_numbers(MaxResults=4, NextToken=second["NextToken"])
    assert [item["PhoneNumber"] for item in third["PhoneNumbers"]] == numbers[8:]
    assert "NextToken" not in third
    assert len(sns.list_sms_sandbox_phone_numbers(MaxResults=100)["PhoneNumbers"]) == 10


def test_list_sandbox_numbers_max_results(sns: Any) -> None:
    with fails(ClientError, "ValidationError", "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: "
        "Member must have value less than or equal to 100"):
        sns.list_sms_sandbox_phone_numbers(MaxResults=101)
    with pytest.raises(ParamValidationError):
        sns.list_sms_sandbox_phone_numbers(MaxResults=0)


def test_sandbox_apis_outside_the_sandbox(sns: Any, sns_fake: SnsFake) -> None:
    sns_fake.leave_sms_sandbox()
    with fails(sns.exceptions.UserErrorException, "UserError", "Your account is not in the SMS sandbox"):
        sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE)
    with fails(sns.exceptions.ResourceNotFoundException, "ResourceNotFound", "Your account is not in the SMS sandbox"):
        sns.list_sms_sandbox_phone_numbers()
