"""The JSON envelope SNS wraps a message in, and the URLs inside it.

An envelope (Notification, SubscriptionConfirmation, UnsubscribeConfirmation) is what
http/https, sqs and email-json endpoints receive, and what a dead-letter queue gets;
the other protocols build their bodies from the same parts. Pure functions over strings;
signatures come from :mod:`snsfake.signing`. Timestamps arrive formatted
(``2024-01-01T12:00:00.000Z``); ``attributes`` is the boto3 Publish ``MessageAttributes``
dict (``{name: {"DataType", "StringValue" | "BinaryValue"}}``, ``BinaryValue`` as bytes,
or str meaning its UTF-8 bytes, as botocore sends it).

Sources (AWS Developer Guide): "Amazon SNS message and JSON formats" (the three envelopes)
and bodies captured from real SQS queues and HTTP endpoints (the text layout).
"""

from __future__ import annotations

import base64
import functools
import json
from collections.abc import Iterable, Mapping
from json.encoder import encode_basestring as _quote
from typing import TYPE_CHECKING, Any, Final, Literal

from .. import signing

if TYPE_CHECKING:
    from ..state import Topic

__all__ = [
    "Attributes",
    "TEXT_PLAIN",
    "binary_value",
    "confirmation",
    "confirmation_text",
    "envelope_json",
    "in_aws_attribute_order",
    "is_binary",
    "message_attributes_envelope",
    "notification",
    "service_url",
    "signature_version",
    "subscribe_url",
    "unsubscribe_url",
]

Attributes = Mapping[str, Mapping[str, Any]]

TEXT_PLAIN: Final = "text/plain; charset=UTF-8"
"""Content-Type of SNS's POSTs (unless a delivery policy sets ``headerContentType``) and emails."""

_SUBSCRIBE_MESSAGE: Final = (
    "You have chosen to subscribe to the topic {}.\n"
    "To confirm the subscription, visit the SubscribeURL included in this message."
)
_UNSUBSCRIBE_MESSAGE: Final = (
    "You have chosen to deactivate subscription {}.\n"
    "To cancel this operation and restore the subscription, visit the SubscribeURL included in this message."
)


# --------------------------------------------------------------------------- URLs


def service_url(region: str, dns_suffix: str) -> str:
    """The regional SNS endpoint that every URL in a message points at."""
    return f"https://sns.{region}.{dns_suffix}"


def unsubscribe_url(region: str, dns_suffix: str, subscription_arn: str) -> str:
    """``UnsubscribeURL``: visiting it (unsigned GET) unsubscribes; ARN not URL-encoded, as AWS."""
    return f"https://sns.{region}.{dns_suffix}/?Action=Unsubscribe&SubscriptionArn={subscription_arn}"


def subscribe_url(region: str, dns_suffix: str, topic_arn: str, token: str) -> str:
    """``SubscribeURL`` of a confirmation: visiting it confirms with ``token``."""
    return f"https://sns.{region}.{dns_suffix}/?Action=ConfirmSubscription&TopicArn={topic_arn}&Token={token}"


# --------------------------------------------------------------------------- attributes


def binary_value(value: Any) -> bytes:
    """A ``BinaryValue`` as bytes: botocore sends a str as its UTF-8 bytes."""
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(value)


def is_binary(data_type: str) -> bool:
    return data_type.split(".", 1)[0] == "Binary"


@functools.lru_cache(maxsize=1024)
def _java_hash(name: str) -> int:
    """``java.util.HashMap``'s hash of a String key: ``hashCode()`` with its high bits spread down."""
    data = name.encode("utf-16-be")  # String.hashCode runs over UTF-16 code units
    code = 0
    for index in range(0, len(data), 2):
        code = (31 * code + (data[index] << 8 | data[index + 1])) & 0xFFFFFFFF
    return code ^ (code >> 16)


@functools.lru_cache(maxsize=256)
def _java_hashmap_order(names: tuple[str, ...]) -> tuple[str, ...]:
    """The iteration order of a ``java.util.HashMap`` the names were put into, in order.

    16 buckets to start, doubled when the map holds more than three quarters of its
    buckets, and (while under 64 buckets) when one bucket's chain reaches 9; a bucket keeps
    its keys in the order they came. (From 64 buckets a chain of 9 becomes a tree, whose
    order this does not model: that takes far more attributes than a message carries.)
    """
    capacity = 16
    buckets: list[list[str]] = [[] for _ in range(capacity)]

    def grown(capacity: int, buckets: list[list[str]]) -> list[list[str]]:
        larger: list[list[str]] = [[] for _ in range(capacity)]
        for bucket in buckets:  # a bucket splits in two, each keeping its order
            for name in bucket:
                larger[_java_hash(name) & (capacity - 1)].append(name)
        return larger

    for size, name in enumerate(names, start=1):
        bucket = buckets[_java_hash(name) & (capacity - 1)]
        bucket.append(name)
        if len(bucket) >= 9 and capacity < 64:
            capacity *= 2
            buckets = grown(capacity, buckets)
        if size > capacity * 3 // 4:
            capacity *= 2
            buckets = grown(capacity, buckets)
    return tuple(name for bucket in buckets for name in bucket)


def in_aws_attribute_order(names: Iterable[str]) -> list[str]:
    """Attribute names in the order AWS writes them into an envelope.

    AWS lists an envelope's ``MessageAttributes`` in the iteration order of a Java
    ``HashMap`` holding them, put in the published order: every AWS recording of a
    multi-attribute envelope has this order.
    """
    return list(_java_hashmap_order(tuple(names)))


def message_attributes_envelope(attributes: Attributes) -> dict[str, dict[str, str]]:
    """``MessageAttributes`` of an envelope: ``{name: {"Type": DataType, "Value": text}}``.

    Binary values are base64; String, Number and String.Array values are the published
    text verbatim (String.Array stays JSON text). Names come in AWS's order.
    """
    result: dict[str, dict[str, str]] = {}
    for name in in_aws_attribute_order(attributes):
        attribute = attributes[name]
        data_type = str(attribute.get("DataType", "String"))
        if is_binary(data_type):
            value = base64.b64encode(binary_value(attribute.get("BinaryValue", b""))).decode("ascii")
        else:
            value = str(attribute.get("StringValue", ""))
        result[name] = {"Type": data_type, "Value": value}
    return result


def notification(
    *,
    message_id: str,
    topic_arn: str,
    subject: str | None,
    message: str,
    timestamp: str,
    subscription_arn: str,
    region: str,
    dns_suffix: str,
    attributes: Attributes | None = None,
    signature_version: str = "1",
    fifo: bool = False,
    sequence_number: str | None = None,
    sign: bool = True,
) -> dict[str, Any]:
    """A ``Notification`` envelope (http/https/sqs/email-json), keys in the order AWS emits them.

    Standard topic: Type, MessageId, TopicArn, Subject?, Message, Timestamp, SignatureVersion,
    Signature, SigningCertURL, UnsubscribeURL, MessageAttributes?.
    FIFO topic: Type, MessageId, SequenceNumber, TopicArn, Subject?, Message, Timestamp,
    UnsubscribeURL, MessageAttributes? (FIFO notifications are not signed).
    ``sign=False`` keeps every key but leaves ``Signature`` empty (no 'cryptography' needed).
    """
    envelope: dict[str, Any] = {"Type": "Notification", "MessageId": message_id}
    if fifo:
        if sequence_number is None:
            raise ValueError("snsfake: a FIFO notification needs the SequenceNumber Publish returned")
        envelope["SequenceNumber"] = sequence_number
    envelope["TopicArn"] = topic_arn
    if subject is not None:
        envelope["Subject"] = subject
    envelope["Message"] = message
    envelope["Timestamp"] = timestamp
    if not fifo:
        envelope["SignatureVersion"] = signature_version
        envelope["Signature"] = signing.sign(envelope, signature_version) if sign else ""
        envelope["SigningCertURL"] = signing.signing_cert_url(region, dns_suffix)
    envelope["UnsubscribeURL"] = unsubscribe_url(region, dns_suffix, subscription_arn)
    if attributes:
        envelope["MessageAttributes"] = message_attributes_envelope(attributes)
    return envelope


def confirmation(
    *,
    kind: Literal["SubscriptionConfirmation", "UnsubscribeConfirmation"],
    message_id: str,
    token: str,
    topic_arn: str,
    timestamp: str,
    region: str,
    dns_suffix: str,
    subscription_arn: str | None = None,
    signature_version: str = "1",
    sign: bool = True,
) -> dict[str, Any]:
    """A ``SubscriptionConfirmation`` or ``UnsubscribeConfirmation`` envelope, AWS key order.

    Type, MessageId, Token, TopicArn, Message, SubscribeURL, Timestamp, SignatureVersion,
    Signature, SigningCertURL. An UnsubscribeConfirmation names ``subscription_arn`` in its
    Message; its SubscribeURL (with the new ``token``) re-subscribes.
    """
    if kind not in ("SubscriptionConfirmation", "UnsubscribeConfirmation"):
        raise ValueError(
            f"snsfake: kind must be 'SubscriptionConfirmation' or 'UnsubscribeConfirmation', got {kind!r}"
        )
    if kind == "UnsubscribeConfirmation" and subscription_arn is None:
        raise ValueError("snsfake: an UnsubscribeConfirmation needs the subscription_arn it is about")
    text = confirmation_text(kind, topic_arn, subscription_arn or "")
    envelope: dict[str, Any] = {
        "Type": kind,
        "MessageId": message_id,
        "Token": token,
        "TopicArn": topic_arn,
        "Message": text,
        "SubscribeURL": subscribe_url(region, dns_suffix, topic_arn, token),
        "Timestamp": timestamp,
        "SignatureVersion": signature_version,
    }
    envelope["Signature"] = signing.sign(envelope, signature_version) if sign else ""
    envelope["SigningCertURL"] = signing.signing_cert_url(region, dns_suffix)
    return envelope


def envelope_json(envelope: Mapping[str, Any]) -> str:
    """The exact body text AWS sends for an envelope (http/https POST, SQS body, email-json).

    Layout of real captured bodies: ``{``, one ``"Key" : value`` line per field indented two
    spaces, ``}``, no trailing newline; each MessageAttributes entry compact on its own line
    indented four spaces (``"name" : {"Type":"String","Value":"v"}``). Non-ASCII characters
    are written as UTF-8, ``/`` is not escaped (the layout is Jackson's default pretty printer).
    """
    lines = [f"  {_quote(key)} : {_pretty_value(value)}" for key, value in envelope.items()]
    return "{\n" + ",\n".join(lines) + "\n}"


def _pretty_value(value: Any) -> str:
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, Mapping):
        if not value:
            return "{ }"
        entries = [f"    {_quote(name)} : {_compact(entry)}" for name, entry in value.items()]
        return "{\n" + ",\n".join(entries) + "\n  }"
    return json.dumps(value, ensure_ascii=False)


def _compact(value: Any) -> str:
    if isinstance(value, Mapping) and all(isinstance(v, str) for v in value.values()):
        return "{" + ",".join(f"{_quote(k)}:{_quote(v)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def signature_version(topic: Topic) -> str:
    """The topic's SignatureVersion ("1": SHA1, "2": SHA256)."""
    return topic.attributes.get("SignatureVersion", "1")


def confirmation_text(kind: str, topic_arn: str, subscription_arn: str) -> str:
    """The ``Message`` of a SubscriptionConfirmation or UnsubscribeConfirmation."""
    if kind == "SubscriptionConfirmation":
        return _SUBSCRIBE_MESSAGE.format(topic_arn)
    return _UNSUBSCRIBE_MESSAGE.format(subscription_arn)
