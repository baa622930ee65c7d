"""What a captured SMS and a captured mobile push hold in ``delivery.extra``.

An SMS's ``extra`` says how SNS would send it (sender id, type, origination number, the
price cap, India's DLT ids) and what it costs (parts, price); a push's ``extra`` says
where it goes (platform, device token, application) and the push service's delivery
options (APNs push type and priority, time to live).
"""

from __future__ import annotations

import boto3
import pytest

from snsfake import SnsFake


def string(value: str) -> dict[str, str]:
    return {"DataType": "String", "StringValue": value}


@pytest.mark.sns_fake(sms_sandbox=False)
def test_sms_extra(sns_fake: SnsFake) -> None:
    sns = boto3.client("sns")
    sns.set_sms_attributes(attributes={"DefaultSenderID": "MYSHOP", "DefaultSMSType": "Transactional"})
    sns.publish(PhoneNumber="+15555550100", Message="Your order 7 has shipped.")
    sns.publish(
        PhoneNumber="+15555550101",
        Message="Your code is 123456. " * 10,  # 210 GSM-7 characters: 2 parts
        MessageAttributes={
            "AWS.SNS.SMS.SenderID": string("CODES"),
            "AWS.SNS.SMS.SMSType": string("Promotional"),
            "AWS.MM.SMS.OriginationNumber": string("+18445550100"),
            "AWS.SNS.SMS.MaxPrice": string("0.50"),
            "AWS.MM.SMS.EntityId": string("entity-1"),
            "AWS.MM.SMS.TemplateId": string("template-1"),
        },
    )

    shipped, code = sns_fake.deliveries.filter(protocol="sms")
    assert shipped.extra == {
        "sender_id": "MYSHOP",           # SetSMSAttributes DefaultSenderID
        "sms_type": "Transactional",     # DefaultSMSType (else "Promotional")
        "origination_number": None,
        "max_price": None,
        "entity_id": None,
        "template_id": None,
        "parts": 1,
        "price_usd": 0.00645,            # parts × the sms_price_usd option
    }
    assert code.extra == {
        "sender_id": "CODES",            # the message's own attributes come first
        "sms_type": "Promotional",
        "origination_number": "+18445550100",
        "max_price": 0.5,
        "entity_id": "entity-1",
        "template_id": "template-1",
        "parts": 2,
        "price_usd": 0.0129,
    }


def test_push_extra(sns_fake: SnsFake) -> None:
    sns = boto3.client("sns")
    app = sns.create_platform_application(
        Name="ios-app",
        Platform="APNS",
        Attributes={"PlatformPrincipal": "-----BEGIN CERTIFICATE-----", "PlatformCredential": "-----BEGIN PRIVATE KEY-----"},
    )["PlatformApplicationArn"]
    endpoint = sns.create_platform_endpoint(PlatformApplicationArn=app, Token="device-token")["EndpointArn"]
    sns.publish(
        TargetArn=endpoint,
        Message="Your order 7 has shipped.",
        MessageAttributes={"AWS.SNS.MOBILE.APNS.TTL": string("3600"), "AWS.SNS.MOBILE.APNS.PRIORITY": string("5")},
    )

    push = sns_fake.deliveries.one(protocol="application")
    assert push.json == {"aps": {"alert": "Your order 7 has shipped."}}
    assert push.extra == {
        "platform": "APNS",
        "token": "device-token",
        "push_type": "alert",            # Apple platforms only; None elsewhere
        "ttl": 3600,                     # AWS.SNS.MOBILE.<platform>.TTL, in seconds
        "application_arn": app,
        "priority": "5",                 # Apple platforms only
    }
