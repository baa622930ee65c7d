"""What each endpoint receives, exactly: envelopes, bodies, headers, per-protocol payloads.

Pure functions over strings (no state, stdlib ``json`` only): the delivery code picks the
protocol and the message body, these functions render what real SNS would send. Signatures
come from :mod:`snsfake.signing`. Timestamps arrive already formatted
(``2024-01-01T12:00:00.000Z``); ``attributes`` is always the boto3 Publish
``MessageAttributes`` dict (``{name: {"DataType", "StringValue" | "BinaryValue"}}``,
``BinaryValue`` as bytes, or str meaning its UTF-8 bytes, as botocore sends it).

API (URL helpers accept positional arguments; everything else is keyword-only)::

    service_url(region, dns_suffix) -> str               # https://sns.{region}.{dns_suffix}
    unsubscribe_url(region, dns_suffix, subscription_arn) -> str
                                                         # .../?Action=Unsubscribe&SubscriptionArn=...
    subscribe_url(region, dns_suffix, topic_arn, token) -> str
                                                         # .../?Action=ConfirmSubscription&TopicArn=..&Token=

    notification(*, message_id, topic_arn, subject, message, timestamp, subscription_arn, region,
                 dns_suffix, attributes=None, signature_version="1", fifo=False,
                 sequence_number=None, sign=True) -> dict  # Notification envelope, AWS key order
    confirmation(*, kind, message_id, token, topic_arn, timestamp, region, dns_suffix,
                 subscription_arn=None, signature_version="1", sign=True) -> dict
                                                         # Subscription/UnsubscribeConfirmation envelope
    envelope_json(envelope) -> str                       # body text for http/https/sqs/email-json
    message_attributes_envelope(attributes) -> dict      # {name: {"Type", "Value"}} (Binary base64)
    raw_sqs_message_attributes(attributes) -> dict       # {name: {"DataType", "StringValue"|"BinaryValue"}}

    lambda_event(*, subscription_arn, message_id, topic_arn, subject, message, timestamp, region,
                 dns_suffix, attributes, signature_version="1", sign=True) -> dict  # Invoke payload
    firehose_record(*, message_id, topic_arn, subject, message, timestamp, subscription_arn,
                    region, dns_suffix, attributes=None, raw=False) -> str          # record data
    http_headers(*, message_type, message_id, topic_arn, subscription_arn=None, raw=False,
                 content_type="text/plain; charset=UTF-8") -> dict[str, str]
    email_message(*, display_name, subject, body, subscription_arn, endpoint, region,
                  dns_suffix, protocol="email") -> dict[str, str]  # From, To, Subject, Content-Type, Body
    confirmation_email(*, topic_arn, token, endpoint, region, dns_suffix,
                       json_body=None) -> dict[str, str]   # the "Confirm subscription" email
    sms_text(*, display_name, text, from_topic) -> str
    application_payload(*, platform, message, structured) -> str  # what the push service gets

Sources (AWS Developer Guide unless noted): "Amazon SNS message and JSON formats" (HTTP/S
headers and the three envelopes), bodies captured from real SQS queues and HTTP endpoints (the
text layout below), "Using AWS Lambda with Amazon SNS" and captured Lambda events, "Archived
message format for Amazon S3 destinations" / "notification format for delivery to HTTP
destinations" (Firehose), "Amazon SNS message attributes", captured SNS emails.
"""

from __future__ import annotations

import base64
import functools
import json
import re
from collections.abc import Iterable, Mapping
from json.encoder import encode_basestring as _quote
from typing import Any, Final, Literal

from . import signing

__all__ = [
    "TEXT_PLAIN",
    "application_payload",
    "confirmation",
    "confirmation_email",
    "email_message",
    "envelope_json",
    "firehose_record",
    "http_headers",
    "lambda_event",
    "message_attributes_envelope",
    "notification",
    "raw_sqs_message_attributes",
    "service_url",
    "sms_text",
    "subscribe_url",
    "unsubscribe_url",
]

Attributes = Mapping[str, Mapping[str, Any]]

TEXT_PLAIN: Final = "text/plain; charset=UTF-8"
"""Content-Type of every HTTP/S POST unless a delivery policy sets ``headerContentType``."""

_USER_AGENT: Final = "Amazon Simple Notification Service Agent"
_ACCEPT_ENCODING: Final = "gzip,deflate"
_SENDER: Final = "no-reply@sns.amazonaws.com"
_DEFAULT_SENDER_NAME: Final = "AWS Notifications"
_DEFAULT_EMAIL_SUBJECT: Final = "AWS Notification Message"
_CONFIRMATION_EMAIL_SUBJECT: Final = "AWS Notification - Subscription Confirmation"

_SUBSCRIBE_MESSAGE: Final = (
    "You have chosen to subscribe to the topic {}.\n"
    "To confirm the subscription, visit the SubscribeURL included in this message."
)
_UNSUBSCRIBE_MESSAGE: Final = (
    "You have chosen to deactivate subscription {}.\n"
    "To cancel this operation and restore the subscription, visit the SubscribeURL included in this message."
)
_EMAIL_FOOTER: Final = (
    "\n\n--\n"
    "If you wish to stop receiving notifications from this topic, please click or visit the link below "
    "to unsubscribe:\n{}\n\n"
    "Please do not reply directly to this email. If you have any questions or comments regarding this "
    "email, please contact us at https://aws.amazon.com/support"
)

_APPLE_PLATFORMS: Final = frozenset(
    {"APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX", "MACOS", "MACOS_SANDBOX"}
)
_DATA_DEFAULT_PLATFORMS: Final = frozenset({"GCM", "ADM"})

# RFC 5322 atext plus space: a display name made only of these needs no quotes.
_PLAIN_DISPLAY_NAME: Final = re.compile(r"[A-Za-z0-9 !#$%&'*+\-/=?^_`{|}~]*")


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


def _binary(value: Any) -> bytes:
    """A ``BinaryValue`` as bytes: botocore sends a str as its UTF-8 bytes."""
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(value)


def _is_binary(data_type: str) -> bool:
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
        if _is_binary(data_type):
            value = base64.b64encode(_binary(attribute.get("BinaryValue", b""))).decode("ascii")
        else:
            value = str(attribute.get("StringValue", ""))
        result[name] = {"Type": data_type, "Value": value}
    return result


def _lambda_message_attributes(attributes: Attributes | None) -> dict[str, dict[str, str]]:
    """Lambda only knows String and Binary: Number and String.Array arrive as ``String``.

    (AWS doc "Amazon SNS message attributes": these types are "passed as the String data
    type in the JSON payload that Amazon SNS delivers to Lambda".)
    """
    if not attributes:
        return {}
    result = message_attributes_envelope(attributes)
    for entry in result.values():
        entry["Type"] = "Binary" if _is_binary(entry["Type"]) else "String"
    return result


def raw_sqs_message_attributes(attributes: Attributes) -> dict[str, dict[str, str | bytes]]:
    """SQS ``MessageAttributes`` of a raw delivery: each SNS attribute mapped 1:1.

    ``DataType`` is kept as published (SQS accepts ``String.Array`` as a custom type label);
    Binary values become ``BinaryValue`` bytes, everything else ``StringValue``.
    """
    result: dict[str, dict[str, str | bytes]] = {}
    for name, attribute in attributes.items():
        data_type = str(attribute.get("DataType", "String"))
        if _is_binary(data_type):
            result[name] = {"DataType": data_type, "BinaryValue": _binary(attribute.get("BinaryValue", b""))}
        else:
            result[name] = {"DataType": data_type, "StringValue": str(attribute.get("StringValue", ""))}
    return result


# --------------------------------------------------------------------------- envelopes


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
    if kind == "SubscriptionConfirmation":
        text = _SUBSCRIBE_MESSAGE.format(topic_arn)
    elif kind == "UnsubscribeConfirmation":
        if subscription_arn is None:
            raise ValueError("snsfake: an UnsubscribeConfirmation needs the subscription_arn it is about")
        text = _UNSUBSCRIBE_MESSAGE.format(subscription_arn)
    else:
        raise ValueError(
            f"snsfake: kind must be 'SubscriptionConfirmation' or 'UnsubscribeConfirmation', got {kind!r}"
        )
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


# --------------------------------------------------------------------------- lambda, firehose


def lambda_event(
    *,
    subscription_arn: str,
    message_id: str,
    topic_arn: str,
    subject: str | None,
    message: str,
    timestamp: str,
    region: str,
    dns_suffix: str,
    attributes: Attributes | None,
    signature_version: str = "1",
    sign: bool = True,
) -> dict[str, Any]:
    """The Invoke payload of a lambda subscription: one ``Records`` entry, ``EventSource`` aws:sns.

    Differs from the envelope: ``SigningCertUrl``/``UnsubscribeUrl`` casing, ``Subject`` always
    present (``None`` when absent), ``MessageAttributes`` always present (``{}`` when none).
    ``SignatureVersion`` reads "1" even on SignatureVersion 2 topics, while the signature itself
    is made with ``signature_version`` (SHA256 for "2"), as AWS does.
    """
    sns: dict[str, Any] = {
        "Type": "Notification",
        "MessageId": message_id,
        "TopicArn": topic_arn,
        "Subject": subject,
        "Message": message,
        "Timestamp": timestamp,
        "SignatureVersion": "1",
    }
    sns["Signature"] = signing.sign(sns, signature_version) if sign else ""
    sns["SigningCertUrl"] = signing.signing_cert_url(region, dns_suffix)
    sns["UnsubscribeUrl"] = unsubscribe_url(region, dns_suffix, subscription_arn)
    sns["MessageAttributes"] = _lambda_message_attributes(attributes)
    return {
        "Records": [
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": subscription_arn,
                "Sns": sns,
            }
        ]
    }


def firehose_record(
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
    raw: bool = False,
) -> str:
    """The data of the record SNS puts into a Firehose stream.

    Raw delivery: the message only (attributes are not sent). Otherwise compact JSON without
    signature fields: Type, MessageId, TopicArn, Subject?, Message, Timestamp, UnsubscribeURL,
    MessageAttributes?. No trailing newline (AWS's HTTP-destination example record has none).
    """
    if raw:
        return message
    record: dict[str, Any] = {"Type": "Notification", "MessageId": message_id, "TopicArn": topic_arn}
    if subject is not None:
        record["Subject"] = subject
    record["Message"] = message
    record["Timestamp"] = timestamp
    record["UnsubscribeURL"] = unsubscribe_url(region, dns_suffix, subscription_arn)
    if attributes:
        record["MessageAttributes"] = message_attributes_envelope(attributes)
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


# --------------------------------------------------------------------------- http


def http_headers(
    *,
    message_type: str,
    message_id: str,
    topic_arn: str,
    subscription_arn: str | None = None,
    raw: bool = False,
    content_type: str = TEXT_PLAIN,
) -> dict[str, str]:
    """Headers of SNS's POST to an http/https endpoint.

    ``x-amz-sns-subscription-arn`` is sent for Notification and UnsubscribeConfirmation, never
    for SubscriptionConfirmation. ``x-amz-sns-rawdelivery: true`` only on raw notifications.
    ``content_type`` (the delivery policy's ``headerContentType``) applies to notifications;
    confirmations are always ``text/plain; charset=UTF-8``. ``Content-Length``, ``Host`` and
    ``Connection`` belong to the wire: endpoints.py adds them to the request a handler sees.
    """
    headers = {
        "x-amz-sns-message-type": message_type,
        "x-amz-sns-message-id": message_id,
        "x-amz-sns-topic-arn": topic_arn,
    }
    if subscription_arn is not None and message_type != "SubscriptionConfirmation":
        headers["x-amz-sns-subscription-arn"] = subscription_arn
    is_notification = message_type == "Notification"
    if raw and is_notification:
        headers["x-amz-sns-rawdelivery"] = "true"
    headers["Content-Type"] = content_type if is_notification else TEXT_PLAIN
    headers["User-Agent"] = _USER_AGENT
    headers["Accept-Encoding"] = _ACCEPT_ENCODING
    return headers


# --------------------------------------------------------------------------- email, sms


def _mailbox(display_name: str, address: str) -> str:
    """``Name <address>``, quoting the name only when RFC 5322 requires it."""
    if _PLAIN_DISPLAY_NAME.fullmatch(display_name):
        return f"{display_name} <{address}>"
    escaped = display_name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}" <{address}>'


def email_message(
    *,
    display_name: str,
    subject: str | None,
    body: str,
    subscription_arn: str,
    endpoint: str,
    region: str,
    dns_suffix: str,
    protocol: Literal["email", "email-json"] = "email",
) -> dict[str, str]:
    """The email a notification becomes: ``From``, ``To``, ``Subject``, ``Content-Type``, ``Body``.

    From is the topic's DisplayName (else "AWS Notifications") at no-reply@sns.amazonaws.com;
    Subject is the publish Subject, else "AWS Notification Message". The ``email`` body ends
    with AWS's footer and its unsubscribe link; an ``email-json`` email's body is the JSON
    envelope alone (the caller replaces ``Body``).
    """
    link = (
        f"https://sns.{region}.{dns_suffix}/unsubscribe.html"
        f"?SubscriptionArn={subscription_arn}&Endpoint={endpoint}"
    )
    text = body + _EMAIL_FOOTER.format(link)
    return {
        "From": _mailbox(display_name or _DEFAULT_SENDER_NAME, _SENDER),
        "To": endpoint,
        "Subject": subject if subject is not None else _DEFAULT_EMAIL_SUBJECT,
        "Content-Type": TEXT_PLAIN,
        "Body": text,
    }


def confirmation_email(
    *,
    topic_arn: str,
    token: str,
    endpoint: str,
    region: str,
    dns_suffix: str,
    json_body: str | None = None,
) -> dict[str, str]:
    """The subscription confirmation email (always from "AWS Notifications", not the DisplayName).

    For ``email`` subscriptions an HTML body with the "Confirm subscription" link
    (``/confirmation.html?TopicArn=...&Token=...&Endpoint=...``); for ``email-json`` pass the
    SubscriptionConfirmation envelope JSON as ``json_body``.
    """
    if json_body is not None:
        body, content_type = json_body, TEXT_PLAIN
    else:
        link = (
            f"https://sns.{region}.{dns_suffix}/confirmation.html"
            f"?TopicArn={topic_arn}&Token={token}&Endpoint={endpoint}"
        )
        body = (
            "<html><body>"
            f"You have chosen to subscribe to the topic:<br>{topic_arn}<br><br>"
            "To confirm this subscription, click or visit the link below "
            "(If this was in error no action is necessary):<br>"
            f'<a href="{link}">Confirm subscription</a><br><br>'
            "Please do not reply directly to this email. If you wish to remove yourself from receiving "
            "all future SNS subscription confirmation requests please send an email to "
            '<a href="mailto:sns-opt-out@amazon.com">sns-opt-out</a>'
            "</body></html>"
        )
        content_type = "text/html; charset=UTF-8"
    return {
        "From": _mailbox(_DEFAULT_SENDER_NAME, _SENDER),
        "To": endpoint,
        "Subject": _CONFIRMATION_EMAIL_SUBJECT,
        "Content-Type": content_type,
        "Body": body,
    }


def sms_text(*, display_name: str, text: str, from_topic: bool) -> str:
    """The SMS a phone receives: topic messages carry the DisplayName as ``NAME> `` prefix.

    (The upper-cased ``DISPLAYNAME> `` prefix is SNS's historical behaviour; direct
    ``PhoneNumber`` publishes have no topic and so no prefix.)
    """
    if from_topic and display_name:
        return f"{display_name.upper()}> {text}"
    return text


# --------------------------------------------------------------------------- mobile push


def application_payload(*, platform: str, message: str, structured: bool) -> str:
    """The payload SNS hands the push service for a platform endpoint.

    ``structured``: the message is the platform's own JSON (selected from a
    ``MessageStructure=json`` publish) and goes out unchanged. A plain text message is
    wrapped: Apple platforms get ``{"aps":{"alert":text}}``, GCM/FCM and ADM get
    ``{"data":{"default":text}}`` (apps read it under the key ``default``); other platforms
    receive the text as is.
    """
    if structured:
        return message
    if platform in _APPLE_PLATFORMS:
        return json.dumps({"aps": {"alert": message}}, ensure_ascii=False, separators=(",", ":"))
    if platform in _DATA_DEFAULT_PLATFORMS:
        return json.dumps({"data": {"default": message}}, ensure_ascii=False, separators=(",", ":"))
    return message
