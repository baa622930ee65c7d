"""An HTTPS webhook that receives SNS notifications and verifies their signatures.

``OrderWebhook`` stands for your application code: it checks each POST's signature
against the certificate named by ``SigningCertURL`` (with ``cryptography``), confirms
its subscription, and handles notifications. In the tests snsfake delivers to it
in-process through ``sns_fake.on_http``, and the certificate loader returns
``sns_fake.signing_certificate_pem`` instead of downloading the certificate.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

import boto3
import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from snsfake import SnsFake

ENDPOINT = "https://shop.example.com/sns/orders"

# ---------------------------------------------------------------- application code
_SIGNED_FIELDS = {
    "Notification": ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"),
    "SubscriptionConfirmation": ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"),
    "UnsubscribeConfirmation": ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"),
}
_CERT_URL = re.compile(r"^https://sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/SimpleNotificationService-[0-9a-f]+\.pem$")


def is_authentic(message: Mapping[str, Any], certificate_pem: str) -> bool:
    """SNS's documented check: RSA PKCS#1 v1.5 over the canonical string, SHA1 (v1) or SHA256 (v2)."""
    fields = _SIGNED_FIELDS.get(message.get("Type", ""))
    if fields is None or message.get("SignatureVersion") not in ("1", "2"):
        return False
    canonical = "".join(f"{name}\n{message[name]}\n" for name in fields if name in message)
    digest = hashes.SHA1() if message["SignatureVersion"] == "1" else hashes.SHA256()
    public_key = x509.load_pem_x509_certificate(certificate_pem.encode()).public_key()
    assert isinstance(public_key, rsa.RSAPublicKey)
    try:
        public_key.verify(base64.b64decode(message["Signature"]), canonical.encode(), padding.PKCS1v15(), digest)
    except (InvalidSignature, ValueError):
        return False
    return True


class OrderWebhook:
    """Framework-agnostic: ``webhook(headers, body) -> HTTP status``."""

    def __init__(self, sns: Any, load_certificate: Callable[[str], str]) -> None:
        self.sns = sns
        self.load_certificate = load_certificate  # in production: download (and cache) the URL
        self.orders: list[dict[str, Any]] = []

    def __call__(self, headers: Mapping[str, str], body: str) -> int:
        message = json.loads(body)
        if headers.get("x-amz-sns-message-type") != message.get("Type"):
            return 400
        cert_url = message.get("SigningCertURL", "")
        if not _CERT_URL.match(cert_url) or not is_authentic(message, self.load_certificate(cert_url)):
            return 403
        if message["Type"] == "SubscriptionConfirmation":
            self.sns.confirm_subscription(TopicArn=message["TopicArn"], Token=message["Token"])
        elif message["Type"] == "Notification":
            self.orders.append(json.loads(message["Message"]))
        return 200


# ---------------------------------------------------------------- tests
@pytest.fixture
def webhook(sns_fake: SnsFake) -> OrderWebhook:
    """The webhook, reachable at ENDPOINT, trusting snsfake's signing certificate."""
    handler = OrderWebhook(boto3.client("sns"), load_certificate=lambda url: sns_fake.signing_certificate_pem)
    sns_fake.on_http(ENDPOINT, lambda request: handler(request.headers, request.body))
    return handler


@pytest.mark.parametrize("signature_version", ["1", "2"])
def test_webhook_confirms_itself_and_handles_signed_orders(
    sns_fake: SnsFake, webhook: OrderWebhook, signature_version: str
) -> None:
    sns = boto3.client("sns")
    topic = sns.create_topic(Name="orders", Attributes={"SignatureVersion": signature_version})["TopicArn"]

    subscription = sns.subscribe(TopicArn=topic, Protocol="https", Endpoint=ENDPOINT, ReturnSubscriptionArn=True)
    attributes = sns.get_subscription_attributes(SubscriptionArn=subscription["SubscriptionArn"])["Attributes"]
    assert attributes["PendingConfirmation"] == "false"  # the webhook confirmed with the token it received

    sns.publish(TopicArn=topic, Subject="OrderPlaced", Message=json.dumps({"id": 7}))

    assert webhook.orders == [{"id": 7}]
    notification = sns_fake.deliveries.last
    assert notification.headers["x-amz-sns-message-type"] == "Notification"
    assert notification.json["SignatureVersion"] == signature_version
    assert notification.status == "delivered"


def test_webhook_rejects_a_tampered_notification(sns_fake: SnsFake, webhook: OrderWebhook) -> None:
    sns = boto3.client("sns")
    topic = sns.create_topic(Name="orders")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="https", Endpoint=ENDPOINT)
    sns.publish(TopicArn=topic, Message=json.dumps({"id": 7, "total": 10}))
    genuine = sns_fake.deliveries.last

    forged = {**genuine.json, "Message": json.dumps({"id": 7, "total": 0})}
    assert webhook(genuine.headers, json.dumps(forged)) == 403
    assert webhook(genuine.headers, genuine.body) == 200
    assert webhook.orders == [{"id": 7, "total": 10}, {"id": 7, "total": 10}]
