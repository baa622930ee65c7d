"""Shipping alerts by SMS that respect customers who replied STOP.

``send_shipping_alerts`` stands for your application code: it checks the opt-out list
before texting each customer. ``sns_fake.opt_out(number)`` plays the customer replying
STOP; the marker option ``sms_sandbox=False`` starts the account outside the SMS sandbox
(new AWS accounts start inside it and may only text verified numbers).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import boto3
import pytest

from snsfake import SnsFake

ALICE, BOB, CAROL = "+15555550100", "+15555550101", "+15555550102"


# ---------------------------------------------------------------- application code
def send_shipping_alerts(sns: Any, phone_numbers: Iterable[str], order_id: int) -> list[str]:
    """Text every customer who has not opted out; return the numbers texted."""
    texted = []
    for number in phone_numbers:
        if sns.check_if_phone_number_is_opted_out(phoneNumber=number)["isOptedOut"]:
            continue
        sns.publish(
            PhoneNumber=number,
            Message=f"Your order {order_id} has shipped.",
            MessageAttributes={
                "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
                "AWS.SNS.SMS.SenderID": {"DataType": "String", "StringValue": "MYSHOP"},
            },
        )
        texted.append(number)
    return texted


# ---------------------------------------------------------------- tests
@pytest.mark.sns_fake(sms_sandbox=False)
def test_customers_who_replied_stop_get_no_text(sns_fake: SnsFake) -> None:
    sns_fake.opt_out(BOB)  # Bob replied STOP to an earlier message

    texted = send_shipping_alerts(boto3.client("sns"), [ALICE, BOB, CAROL], order_id=7)

    assert texted == [ALICE, CAROL]
    texts = sns_fake.deliveries.filter(protocol="sms")
    assert [(text.endpoint, text.body) for text in texts] == [
        (ALICE, "Your order 7 has shipped."),
        (CAROL, "Your order 7 has shipped."),
    ]
    assert texts.last.extra["sender_id"] == "MYSHOP"


@pytest.mark.sns_fake(sms_sandbox=False)
def test_topic_subscribers_who_opted_out_are_skipped(sns_fake: SnsFake) -> None:
    sns = boto3.client("sns")
    topic = sns.create_topic(Name="shipping", Attributes={"DisplayName": "MYSHOP"})["TopicArn"]
    for number in (ALICE, BOB):
        sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint=number)
    sns_fake.opt_out(BOB)

    sns.publish(TopicArn=topic, Message="Your order 7 has shipped.")

    assert sns_fake.deliveries.one(protocol="sms").body == "MYSHOP> Your order 7 has shipped."
    skipped = sns_fake.skipped.one(endpoint=BOB)
    assert skipped.reason == "OptedOut"
    assert sns.list_phone_numbers_opted_out()["phoneNumbers"] == [BOB]


@pytest.mark.sns_fake(sms_sandbox=False)
def test_a_customer_who_opts_back_in_is_texted_again(sns_fake: SnsFake) -> None:
    sns = boto3.client("sns")
    sns_fake.opt_out(BOB)
    sns.opt_in_phone_number(phoneNumber=BOB)

    assert send_shipping_alerts(sns, [BOB], order_id=8) == [BOB]

    # AWS lets a number opt back in only once every 30 days.
    sns_fake.opt_out(BOB)
    with pytest.raises(sns.exceptions.InvalidParameterException, match="only once every 30 days"):
        sns.opt_in_phone_number(phoneNumber=BOB)


def test_in_the_sms_sandbox_only_verified_numbers_get_texts(sns_fake: SnsFake) -> None:
    sns = boto3.client("sns")
    sns.create_sms_sandbox_phone_number(PhoneNumber=ALICE)
    password = sns_fake.sandbox_password(ALICE)  # the code Alice's phone received
    sns.verify_sms_sandbox_phone_number(PhoneNumber=ALICE, OneTimePassword=password)

    assert send_shipping_alerts(sns, [ALICE, CAROL], order_id=9) == [ALICE, CAROL]  # both accepted

    assert sns_fake.deliveries.filter(protocol="sms").last.endpoint == ALICE
    assert sns_fake.skipped.one(endpoint=CAROL).reason == "SmsSandbox"
