"""Unit tests for snsfake.signing: signatures verify the way a subscriber checks them."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import sys
from collections.abc import Iterator, Mapping

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from sns_helpers import CONFIRMATION_SIGNED, signature_verifies

from snsfake import signing
from snsfake.protocols import envelope as envelopes

REGION = "us-east-1"
DNS = "amazonaws.com"
TOPIC = "arn:aws:sns:us-east-1:123456789012:orders"
SUBSCRIPTION = TOPIC + ":0b410f3c-ee5e-49d8-b59b-3b4aa6d8fcf5"
TOKEN = "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92"



# --------------------------------------------------------------------------- a subscriber's verifier


def subscriber_verifies(message: Mapping[str, object], cert_pem: str | None = None) -> bool:
    """Verify like a subscriber: only the certificate PEM, AWS's documented string to sign."""
    return signature_verifies(message, cert_pem or signing.signing_certificate_pem())


def _notification(version: str, subject: str | None = "Order shipped") -> dict[str, str | None]:
    return {
        "Type": "Notification",
        "MessageId": "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
        "TopicArn": TOPIC,
        "Subject": subject,
        "Message": '{"order": 7, "note": "naïve café\nline two"}',
        "Timestamp": "2024-01-01T12:00:00.000Z",
        "SignatureVersion": version,
    }


def _confirmation(kind: str, version: str) -> dict[str, str]:
    return {
        "Type": kind,
        "MessageId": "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
        "Token": TOKEN,
        "TopicArn": TOPIC,
        "Message": "You have chosen to subscribe to the topic " + TOPIC + ".\nTo confirm ...",
        "SubscribeURL": envelopes.subscribe_url(REGION, DNS, TOPIC, TOKEN),
        "Timestamp": "2024-01-01T12:00:00.000Z",
        "SignatureVersion": version,
    }


# --------------------------------------------------------------------------- signatures verify


@pytest.mark.parametrize("version", ["1", "2"])
@pytest.mark.parametrize("subject", ["Order shipped", None])
def test_notification_signature_verifies_with_certificate_only(version: str, subject: str | None) -> None:
    message = _notification(version, subject)
    message["Signature"] = signing.sign(message, version)  # type: ignore[arg-type]
    assert subscriber_verifies(message)


@pytest.mark.parametrize("version", ["1", "2"])
@pytest.mark.parametrize("kind", ["SubscriptionConfirmation", "UnsubscribeConfirmation"])
def test_confirmation_signatures_verify(kind: str, version: str) -> None:
    message = _confirmation(kind, version)
    message["Signature"] = signing.sign(message, version)
    assert subscriber_verifies(message)


@pytest.mark.parametrize("version", ["1", "2"])
def test_envelopes_verify_after_a_json_round_trip(version: str) -> None:
    """What an HTTP endpoint does: parse the body text, then verify."""
    bodies = [
        envelopes.notification(
            message_id="m-1",
            topic_arn=TOPIC,
            subject=None,
            message="héllo / wörld\n\ttab",
            timestamp="2024-01-01T12:00:00.000Z",
            subscription_arn=SUBSCRIPTION,
            region=REGION,
            dns_suffix=DNS,
            attributes={"k": {"DataType": "String", "StringValue": "v"}},
            signature_version=version,
        ),
        envelopes.confirmation(
            kind="SubscriptionConfirmation",
            message_id="m-2",
            token=TOKEN,
            topic_arn=TOPIC,
            timestamp="2024-01-01T12:00:00.000Z",
            region=REGION,
            dns_suffix=DNS,
            signature_version=version,
        ),
        envelopes.confirmation(
            kind="UnsubscribeConfirmation",
            message_id="m-3",
            token=TOKEN,
            topic_arn=TOPIC,
            subscription_arn=SUBSCRIPTION,
            timestamp="2024-01-01T12:00:00.000Z",
            region=REGION,
            dns_suffix=DNS,
            signature_version=version,
        ),
    ]
    for envelope in bodies:
        parsed = json.loads(envelopes.envelope_json(envelope).encode("utf-8"))
        assert parsed["SignatureVersion"] == version
        assert subscriber_verifies(parsed), parsed["Type"]


def test_tampered_message_does_not_verify() -> None:
    message = _notification("2")
    message["Signature"] = signing.sign(message, "2")  # type: ignore[arg-type]
    message["Message"] = "something else"
    assert not subscriber_verifies(message)


def test_version_selects_the_hash() -> None:
    message = _notification("1")
    message["Signature"] = signing.sign(message, "1")  # type: ignore[arg-type]
    message["SignatureVersion"] = "2"  # a SHA1 signature must not pass as SHA256
    assert not subscriber_verifies(message)
    assert signing.sign(message, "1") != signing.sign(message, "2")  # type: ignore[arg-type]


def test_unsigned_fields_do_not_change_the_signature() -> None:
    base = _notification("1")
    extra = dict(base, SigningCertURL="https://example.invalid/x.pem", UnsubscribeURL="u", Extra="x")
    assert signing.sign(base, "1") == signing.sign(extra, "1")  # type: ignore[arg-type]


def test_signature_is_base64_of_a_2048_bit_block() -> None:
    signature = signing.sign(_confirmation("SubscriptionConfirmation", "1"), "1")
    assert len(base64.b64decode(signature, validate=True)) == 256


# --------------------------------------------------------------------------- string to sign


def test_string_to_sign_notification_exact() -> None:
    fields = {
        "Type": "Notification",
        "TopicArn": "t",
        "Timestamp": "ts",
        "Subject": "s",
        "MessageId": "id",
        "Message": "m",
        "SignatureVersion": "1",
    }
    assert signing.string_to_sign(fields) == (
        "Message\nm\nMessageId\nid\nSubject\ns\nTimestamp\nts\nTopicArn\nt\nType\nNotification\n"
    )


def test_string_to_sign_skips_absent_or_null_subject() -> None:
    fields = {"Type": "Notification", "TopicArn": "t", "Timestamp": "ts", "MessageId": "id", "Message": "m"}
    expected = "Message\nm\nMessageId\nid\nTimestamp\nts\nTopicArn\nt\nType\nNotification\n"
    assert signing.string_to_sign(fields) == expected
    assert signing.string_to_sign(dict(fields, Subject=None)) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", ["SubscriptionConfirmation", "UnsubscribeConfirmation"])
def test_string_to_sign_confirmation_exact(kind: str) -> None:
    fields = {
        "Type": kind,
        "MessageId": "id",
        "Token": "tok",
        "TopicArn": "t",
        "Message": "m",
        "SubscribeURL": "url",
        "Timestamp": "ts",
    }
    assert signing.string_to_sign(fields) == (
        f"Message\nm\nMessageId\nid\nSubscribeURL\nurl\nTimestamp\nts\nToken\ntok\nTopicArn\nt\nType\n{kind}\n"
    )


def test_string_to_sign_rejects_unknown_type_and_missing_fields() -> None:
    with pytest.raises(ValueError, match=r"^snsfake: cannot sign a message of Type 'Other'"):
        signing.string_to_sign({"Type": "Other"})
    with pytest.raises(ValueError, match=r"^snsfake: cannot sign a SubscriptionConfirmation: field 'Token'"):
        signing.string_to_sign(
            {k: "x" for k in CONFIRMATION_SIGNED if k != "Token"} | {"Type": "SubscriptionConfirmation"}
        )


def test_sign_rejects_unknown_version() -> None:
    with pytest.raises(ValueError, match=r"^snsfake: SignatureVersion must be '1' or '2', got '3'$"):
        signing.sign(_confirmation("SubscriptionConfirmation", "3"), "3")


# --------------------------------------------------------------------------- certificate and URL


def test_certificate_is_a_long_lived_self_signed_sns_cert() -> None:
    pem = signing.signing_certificate_pem()
    assert pem.startswith("-----BEGIN CERTIFICATE-----\n")
    cert = x509.load_pem_x509_certificate(pem.encode())
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "sns.amazonaws.com"
    assert cert.issuer == cert.subject
    assert cert.not_valid_before_utc <= dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc)
    assert cert.not_valid_after_utc >= dt.datetime(2123, 12, 31, tzinfo=dt.timezone.utc)
    key = cert.public_key()
    assert isinstance(key, rsa.RSAPublicKey) and key.key_size == 2048


def test_certificate_pem_is_cached_and_stable() -> None:
    assert signing.signing_certificate_pem() is signing.signing_certificate_pem()


@pytest.mark.parametrize(
    ("region", "dns"),
    [("us-east-1", "amazonaws.com"), ("cn-north-1", "amazonaws.com.cn"), ("us-gov-west-1", "amazonaws.com")],
)
def test_cert_url_shape(region: str, dns: str) -> None:
    url = signing.signing_cert_url(region, dns)
    match = re.fullmatch(
        r"https://sns\.([a-z0-9-]+)\.(amazonaws\.com(?:\.cn)?)/SimpleNotificationService-([0-9a-f]{32})\.pem",
        url,
    )
    assert match, url
    assert match.group(1) == region and match.group(2) == dns
    # what AWS SDK validators accept as the certificate host
    assert re.fullmatch(r"sns\.[a-zA-Z0-9\-]{3,}\.amazonaws\.com(\.cn)?", url.split("/")[2])


def test_cert_url_is_stable_per_certificate() -> None:
    first = signing.signing_cert_url("eu-west-1", "amazonaws.com")
    assert first == signing.signing_cert_url("eu-west-1", "amazonaws.com")
    assert (
        first.rsplit("-", 1)[1] == signing.signing_cert_url("ap-south-1", "amazonaws.com").rsplit("-", 1)[1]
    )


# --------------------------------------------------------------------------- cryptography missing


@pytest.fixture
def without_cryptography(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make ``import cryptography...`` fail as if the package were not installed."""
    for name in (
        "cryptography",
        "cryptography.hazmat.primitives",
        "cryptography.hazmat.primitives.asymmetric",
    ):
        monkeypatch.setitem(sys.modules, name, None)
    signing._clear_caches()
    yield
    monkeypatch.undo()
    signing._clear_caches()


@pytest.mark.usefixtures("without_cryptography")
def test_missing_cryptography_raises_a_helpful_error() -> None:
    assert signing.signing_available() is False
    with pytest.raises(RuntimeError) as caught:
        signing.sign(_confirmation("SubscriptionConfirmation", "1"), "1")
    assert str(caught.value) == (
        "snsfake: signing SNS messages needs the 'cryptography' package: pip install 'snsfake[signing]'"
    )
    assert isinstance(caught.value.__cause__, ImportError)


@pytest.mark.usefixtures("without_cryptography")
def test_certificate_and_unsigned_envelopes_work_without_cryptography() -> None:
    assert "BEGIN CERTIFICATE" in signing.signing_certificate_pem()
    assert signing.signing_cert_url(REGION, DNS).endswith(".pem")
    envelope = envelopes.notification(
        message_id="m",
        topic_arn=TOPIC,
        subject=None,
        message="hi",
        timestamp="2024-01-01T12:00:00.000Z",
        subscription_arn=SUBSCRIPTION,
        region=REGION,
        dns_suffix=DNS,
        sign=False,
    )
    assert envelope["Signature"] == ""


def test_signing_available_after_cryptography_returns() -> None:
    signing._clear_caches()
    assert signing.signing_available() is True
    assert subscriber_verifies(
        dict(
            _confirmation("UnsubscribeConfirmation", "2"),
            Signature=signing.sign(_confirmation("UnsubscribeConfirmation", "2"), "2"),
        )
    )
