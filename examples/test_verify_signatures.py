"""A minimal SNS signature verifier, checked against what snsfake delivers.

``string_to_sign`` and ``verify`` follow AWS's "Verifying the signatures of Amazon SNS
messages": the signed fields of the message's ``Type``, in a fixed order, each name and
value on a line of its own; RSA PKCS#1 v1.5 with SHA1 (``SignatureVersion`` 1) or
SHA256 (2). In production the certificate comes from ``SigningCertURL`` (check that the
URL is an SNS one before fetching it); in tests it is ``sns_fake.signing_certificate_pem``.
Needs ``cryptography``.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping

import boto3
import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from snsfake import SnsFake

SIGNED_FIELDS = {
    "Notification": ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"),
    "SubscriptionConfirmation": ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"),
    "UnsubscribeConfirmation": ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"),
}


def string_to_sign(message: Mapping[str, str]) -> str:
    names = SIGNED_FIELDS[message["Type"]]
    # "Name\nValue\n" per field; Subject only when the message has one (a Lambda event has null).
    return "".join(f"{name}\n{message[name]}\n" for name in names if message.get(name) is not None)


def verify(message: Mapping[str, str], certificate_pem: str) -> None:
    """Return if SNS signed ``message`` (the parsed JSON body); raise InvalidSignature if not."""
    algorithm = {"1": hashes.SHA1(), "2": hashes.SHA256()}[message["SignatureVersion"]]
    public_key = x509.load_pem_x509_certificate(certificate_pem.encode()).public_key()
    assert isinstance(public_key, rsa.RSAPublicKey)
    signature = base64.b64decode(message["Signature"])
    public_key.verify(signature, string_to_sign(message).encode(), padding.PKCS1v15(), algorithm)


@pytest.mark.parametrize("signature_version", ["1", "2"])
def test_a_captured_notification_verifies(sns_fake: SnsFake, signature_version: str) -> None:
    sns = boto3.client("sns")
    topic = sns.create_topic(Name="orders", Attributes={"SignatureVersion": signature_version})["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint="arn:aws:sqs:us-east-1:123456789012:billing")
    sns.publish(TopicArn=topic, Message="paid", Subject="Order 7")
    sns.publish(TopicArn=topic, Message="paid")  # no Subject: not in the string to sign

    for delivery in sns_fake.deliveries:
        verify(delivery.json, sns_fake.signing_certificate_pem)

    forged = {**sns_fake.deliveries.last.json, "Message": "refunded"}
    with pytest.raises(InvalidSignature):
        verify(forged, sns_fake.signing_certificate_pem)


def test_a_lambda_event_verifies(sns_fake: SnsFake) -> None:
    sns = boto3.client("sns")
    topic = sns.create_topic(Name="orders")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint="arn:aws:lambda:us-east-1:123456789012:function:audit")
    sns.publish(TopicArn=topic, Message="paid")

    record = sns_fake.deliveries.last.json["Records"][0]["Sns"]
    assert record["Subject"] is None
    verify(record, sns_fake.signing_certificate_pem)


def test_confirmations_verify(sns_fake: SnsFake) -> None:
    sns = boto3.client("sns")
    topic = sns.create_topic(Name="orders")["TopicArn"]
    arn = sns.subscribe(
        TopicArn=topic, Protocol="https", Endpoint="https://hooks.example.com/sns", ReturnSubscriptionArn=True
    )["SubscriptionArn"]
    sns_fake.confirm(arn)
    sns.unsubscribe(SubscriptionArn=arn)

    kinds = [delivery.json["Type"] for delivery in sns_fake.deliveries]
    assert kinds == ["SubscriptionConfirmation", "UnsubscribeConfirmation"]
    for delivery in sns_fake.deliveries:
        verify(delivery.json, sns_fake.signing_certificate_pem)


def test_the_string_to_sign_of_a_notification() -> None:
    message = {
        "Type": "Notification",
        "MessageId": "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
        "TopicArn": "arn:aws:sns:us-east-1:123456789012:orders",
        "Message": "paid",
        "Timestamp": "2026-03-01T10:00:00.000Z",
        "SignatureVersion": "1",
    }
    assert string_to_sign(message) == (
        "Message\npaid\n"
        "MessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\n"
        "Timestamp\n2026-03-01T10:00:00.000Z\n"
        "TopicArn\narn:aws:sns:us-east-1:123456789012:orders\n"
        "Type\nNotification\n"
    )
