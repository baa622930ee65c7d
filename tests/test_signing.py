"""Signatures of delivered messages, verified the way a subscriber verifies them: only the
certificate PEM (``sns_fake.signing_certificate_pem``) and AWS's documented string to sign,
built from the received JSON (never through snsfake.signing) by sns_helpers.verify_signature."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from conftest import ACCOUNT, REGION, make_client
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from sns_helpers import attribute, queue, subscribe, verify_signature

HOOK = "https://hooks.example.com/sns"
FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:order-handler"
CERT_URL_RE = re.compile(
    r"^https://sns\.us-east-1\.amazonaws\.com/SimpleNotificationService-[0-9a-f]{32}\.pem$"
)


def other_hash(version: str) -> hashes.HashAlgorithm:
    return hashes.SHA256() if version == "1" else hashes.SHA1()


# --------------------------------------------------------------------------- helpers
class Endpoint:
    """An https endpoint that keeps the JSON of every POST it gets."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    def __call__(self, request: Any) -> int:
        self.messages.append(json.loads(request.body))
        return 200

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [m for m in self.messages if m["Type"] == kind]


def make_topic(sns: Any, version: str, name: str = "orders") -> str:
    topic = str(sns.create_topic(Name=name)["TopicArn"])
    if version != "1":
        sns.set_topic_attributes(TopicArn=topic, AttributeName="SignatureVersion", AttributeValue=version)
    return topic


def subscribe_https(sns: Any, topic: str, endpoint: Endpoint) -> str:
    arn = sns.subscribe(TopicArn=topic, Protocol="https", Endpoint=HOOK, ReturnSubscriptionArn=True)[
        "SubscriptionArn"
    ]
    [confirmation] = endpoint.of_type("SubscriptionConfirmation")
    sns.confirm_subscription(TopicArn=confirmation["TopicArn"], Token=confirmation["Token"])
    return str(arn)


# --------------------------------------------------------------------------- notifications
@pytest.mark.parametrize("version", ["1", "2"])
@pytest.mark.parametrize("subject", ["Order shipped", None], ids=["subject", "no-subject"])
def test_notification_signature_verifies(sns: Any, sns_fake: Any, version: str, subject: str | None) -> None:
    endpoint = Endpoint()
    sns_fake.on_http(HOOK, endpoint)
    topic = make_topic(sns, version)
    subscribe_https(sns, topic, endpoint)
    params: dict[str, Any] = {
        "TopicArn": topic,
        "Message": 'Größe: 42 €\n{"order": "ünïcødé"}\t/ end',
        "MessageAttributes": {"kind": {"DataType": "String", "StringValue": "shipped"}},
    }
    if subject is not None:
        params["Subject"] = subject

    sns.publish(**params)

    [message] = endpoint.of_type("Notification")
    assert message["SignatureVersion"] == version
    assert ("Subject" in message) == (subject is not None)
    assert CERT_URL_RE.match(message["SigningCertURL"])
    verify_signature(message, sns_fake.signing_certificate_pem)
    with pytest.raises(InvalidSignature):
        verify_signature(message, sns_fake.signing_certificate_pem, other_hash(version))


@pytest.mark.parametrize("field", ["Message", "MessageId", "Subject", "Timestamp", "TopicArn"])
def test_tampered_notification_does_not_verify(sns: Any, sns_fake: Any, topic_arn: str, field: str) -> None:
    endpoint = Endpoint()
    sns_fake.on_http(HOOK, endpoint)
    subscribe_https(sns, topic_arn, endpoint)
    sns.publish(TopicArn=topic_arn, Message="hello", Subject="Greeting")
    [message] = endpoint.of_type("Notification")
    verify_signature(message, sns_fake.signing_certificate_pem)

    tampered = {**message, field: message[field] + "x"}

    with pytest.raises(InvalidSignature):
        verify_signature(tampered, sns_fake.signing_certificate_pem)


@pytest.mark.parametrize("version", ["1", "2"])
def test_sqs_and_email_json_envelopes_verify(sns: Any, sns_fake: Any, version: str) -> None:
    topic = make_topic(sns, version)
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders")
    email = sns.subscribe(
        TopicArn=topic, Protocol="email-json", Endpoint="ops@example.com", ReturnSubscriptionArn=True
    )["SubscriptionArn"]
    sns_fake.confirm(email)

    sns.publish(TopicArn=topic, Message="hello", Subject="Greeting")

    for protocol in ("sqs", "email-json"):
        message = sns_fake.deliveries.one(protocol=protocol, message_type="Notification").json
        assert message["SignatureVersion"] == version
        verify_signature(message, sns_fake.signing_certificate_pem)


def test_every_subscriber_gets_the_same_verifiable_signature(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    for name in ("a", "b"):
        sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}")

    sns.publish(TopicArn=topic_arn, Message="hello")

    first, second = (d.json for d in sns_fake.deliveries.filter(protocol="sqs"))
    assert first["Signature"] == second["Signature"]  # the UnsubscribeURL differs but is not signed
    assert first["UnsubscribeURL"] != second["UnsubscribeURL"]
    verify_signature(first, sns_fake.signing_certificate_pem)
    verify_signature(second, sns_fake.signing_certificate_pem)


def test_fifo_notifications_are_not_signed(sns: Any, sns_fake: Any) -> None:
    topic = sns.create_topic(Name="orders.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders.fifo")

    sns.publish(TopicArn=topic, Message="hello", MessageGroupId="g", MessageDeduplicationId="d")

    message = sns_fake.deliveries.one(protocol="sqs").json
    assert not {"SignatureVersion", "Signature", "SigningCertURL"} & set(message)


# --------------------------------------------------------------------------- confirmations
@pytest.mark.parametrize("version", ["1", "2"])
def test_subscription_and_unsubscribe_confirmations_verify(sns: Any, sns_fake: Any, version: str) -> None:
    endpoint = Endpoint()
    sns_fake.on_http(HOOK, endpoint)
    topic = make_topic(sns, version)
    arn = subscribe_https(sns, topic, endpoint)

    sns.unsubscribe(SubscriptionArn=arn)

    [subscribe] = endpoint.of_type("SubscriptionConfirmation")
    [unsubscribe] = endpoint.of_type("UnsubscribeConfirmation")
    for message in (subscribe, unsubscribe):
        assert message["SignatureVersion"] == version
        assert CERT_URL_RE.match(message["SigningCertURL"])
        verify_signature(message, sns_fake.signing_certificate_pem)
        with pytest.raises(InvalidSignature):
            verify_signature(message, sns_fake.signing_certificate_pem, other_hash(version))
        with pytest.raises(InvalidSignature):
            verify_signature({**message, "Token": message["Token"] + "0"}, sns_fake.signing_certificate_pem)


def test_email_json_confirmation_verifies(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    sns.subscribe(TopicArn=topic_arn, Protocol="email-json", Endpoint="ops@example.com")

    message = sns_fake.deliveries.one(message_type="SubscriptionConfirmation").json

    verify_signature(message, sns_fake.signing_certificate_pem)


# --------------------------------------------------------------------------- certificate and URL
def test_signing_cert_url_is_stable_and_regional(sns_fake: Any) -> None:
    urls = []
    for region in ("us-east-1", "eu-west-1"):
        sns = make_client(region)
        topic = sns.create_topic(Name="orders")["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=f"arn:aws:sqs:{region}:{ACCOUNT}:orders")
        sns.publish(TopicArn=topic, Message="hello")
        message = sns_fake.deliveries.last.json
        verify_signature(message, sns_fake.signing_certificate_pem)
        urls.append(message["SigningCertURL"])
    assert CERT_URL_RE.match(urls[0])
    assert urls[1] == urls[0].replace("sns.us-east-1.", "sns.eu-west-1.")


def test_certificate_is_a_pem_x509_certificate(sns_fake: Any) -> None:
    pem = sns_fake.signing_certificate_pem
    assert pem.startswith("-----BEGIN CERTIFICATE-----\n")
    assert pem.rstrip().endswith("-----END CERTIFICATE-----")
    certificate = x509.load_pem_x509_certificate(pem.encode("ascii"))
    assert certificate.public_key().key_size >= 2048  # type: ignore[union-attr]


# --------------------------------------------------------------------------- lambda
@pytest.mark.parametrize(("version", "algorithm"), [("1", hashes.SHA1()), ("2", hashes.SHA256())])
@pytest.mark.parametrize("subject", ["Order shipped", None], ids=["subject", "no-subject"])
def test_lambda_event_signature(
    sns: Any, sns_fake: Any, version: str, algorithm: hashes.HashAlgorithm, subject: str | None
) -> None:
    events: list[Any] = []
    sns_fake.on_lambda(FUNCTION, lambda event, context: events.append(event))
    topic = make_topic(sns, version)
    sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=FUNCTION)
    params: dict[str, Any] = {"TopicArn": topic, "Message": "hello\nworld"}
    if subject is not None:
        params["Subject"] = subject

    sns.publish(**params)

    [event] = events
    record = event["Records"][0]["Sns"]
    assert record["SignatureVersion"] == "1"  # AWS says "1" even when the topic signs with SHA256
    assert record["Subject"] == subject  # always present, null when absent
    assert CERT_URL_RE.match(record["SigningCertUrl"])
    verify_signature(record, sns_fake.signing_certificate_pem, algorithm)
    with pytest.raises(InvalidSignature):
        verify_signature(record, sns_fake.signing_certificate_pem, other_hash(version))


# --------------------------------------------------------------------------- SignatureVersion unset, 1 and 2; Lambda's version; the certificate
@pytest.mark.parametrize(
    ("version", "algorithm"), [(None, hashes.SHA1()), ("1", hashes.SHA1()), ("2", hashes.SHA256())]
)
def test_notification_signature_verifies_with_the_certificate(
    sns: Any, sns_fake: Any, topic_arn: str, version: str | None, algorithm: hashes.HashAlgorithm
) -> None:
    if version is not None:
        sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="SignatureVersion", AttributeValue=version)
    subscribe(sns, "sqs", queue(), topic_arn)
    sns.publish(TopicArn=topic_arn, Message="signed with subject", Subject="S")
    sns.publish(
        TopicArn=topic_arn, Message="signed, no subject", MessageAttributes={"k": attribute("String", "v")}
    )
    pem = sns_fake.signing_certificate_pem
    for delivery in sns_fake.deliveries:
        envelope = delivery.json
        assert envelope["SignatureVersion"] == (version or "1")
        verify_signature(envelope, pem, algorithm)
        with pytest.raises(InvalidSignature):
            verify_signature({**envelope, "Message": envelope["Message"] + "!"}, pem, algorithm)


def test_lambda_signature_uses_the_topic_algorithm_but_reports_version_1(
    sns: Any, sns_fake: Any, topic_arn: str
) -> None:
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="SignatureVersion", AttributeValue="2")
    subscribe(sns, "lambda", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:f", topic_arn)
    sns.publish(TopicArn=topic_arn, Message="m", Subject="S")
    message = sns_fake.deliveries.one().json["Records"][0]["Sns"]
    assert message["SignatureVersion"] == "1"
    verify_signature(message, sns_fake.signing_certificate_pem, hashes.SHA256())


def test_signing_certificate_pem_is_a_certificate(sns_fake: Any) -> None:
    pem = sns_fake.signing_certificate_pem
    assert pem.startswith("-----BEGIN CERTIFICATE-----")
    certificate = x509.load_pem_x509_certificate(pem.encode("ascii"))
    assert isinstance(certificate.public_key(), rsa.RSAPublicKey)
