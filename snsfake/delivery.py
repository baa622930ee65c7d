"""Fan-out: which subscriptions get a message, and what each endpoint receives.

For every subscription of a topic: pending → skipped; filter policy → matched
against the compiled policy; then the protocol's delivery is captured, its body
rendered lazily (signing costs ~1 ms and most bodies are never read).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import arns, clock, delivery_policy, envelopes
from .endpoints import attempt_delivery, send_to_dead_letter_queue
from .records import Delivery, Skipped

if TYPE_CHECKING:
    from .context import Context
    from .state import Subscription, Topic

__all__ = ["Message", "fan_out", "deliver", "send_confirmation", "start_replay", "select_body"]

_COMPACT = (",", ":")


@dataclass(slots=True)
class Message:
    """One accepted publish, as fan-out needs it."""

    message_id: str
    message: str
    subject: str | None
    attributes: Mapping[str, Mapping[str, Any]] | None
    structure: Mapping[str, Any] | None
    at: _dt.datetime
    timestamp: str
    group_id: str | None = None
    dedup_id: str | None = None
    sequence_number: str | None = None


def select_body(message: Message, key: str) -> str:
    """The text for one protocol: its MessageStructure key, else ``default``, else the message."""
    structure = message.structure
    if structure is None:
        return message.message
    value = structure.get(key)
    if isinstance(value, str):
        return value
    default = structure.get("default")
    return default if isinstance(default, str) else message.message


def skip(
    context: Context,
    topic: Topic,
    subscription: Subscription,
    message_id: str,
    reason: str,
    detail: str,
    at: _dt.datetime,
) -> None:
    """Record that ``subscription`` got nothing for a message, and why."""
    context.fake.record_skipped(
        Skipped(
            message_id,
            reason,
            detail,
            subscription.protocol,
            subscription.endpoint,
            at,
            subscription.arn,
            topic.arn,
        )
    )


def fan_out(context: Context, topic: Topic, message: Message) -> None:
    """Deliver ``message`` to every confirmed subscription of ``topic`` whose filter matches."""
    fake = context.fake
    if topic.pending_count:
        from .operations.subscriptions import expire_pending

        expire_pending(fake.backend.region(topic.account, topic.region), message.at)
    protection = topic.protection
    scan = protection.scan(message.message) if protection is not None and protection.outbound else None
    for subscription in list(topic.subscriptions.items.values()):
        if subscription.pending:
            detail = "the subscription is not confirmed"
            skip(context, topic, subscription, message.message_id, "PendingConfirmation", detail, message.at)
            continue
        replay_until = subscription.replay_until
        if replay_until is not None and message.at > replay_until:
            detail = "its ReplayPolicy has an EndingPoint: after the replay it receives no new messages"
            skip(context, topic, subscription, message.message_id, "ReplayPolicy", detail, message.at)
            continue
        policy = subscription.filter_policy
        if policy is not None:
            reason = policy.match(message.attributes, message.message)
            if reason is not None:
                skip(context, topic, subscription, message.message_id, "FilterPolicy", reason, message.at)
                continue
        if scan is not None:
            outgoing = _protect_outbound(context, topic, subscription, message, scan)
            if outgoing is not None:
                deliver(context, topic, subscription, outgoing)
            continue
        deliver(context, topic, subscription, message)
    if topic.fifo and "ArchivePolicy" in topic.attributes:
        _archive(context, topic, message)


def _protect_outbound(
    context: Context, topic: Topic, subscription: Subscription, message: Message, scan: Any
) -> Message | None:
    """The topic's Outbound DataProtectionPolicy statements for this subscriber: the message to send, or None (Deny)."""
    from .data_protection import record_findings

    outcome = topic.protection.apply(
        "Outbound", scan, message.structure, account=subscription.owner, principal=subscription.principal
    )
    if outcome is None:
        return message
    record_findings(
        context.fake,
        outcome.findings,
        message_id=message.message_id,
        topic_arn=topic.arn,
        direction="Outbound",
        principal=subscription.principal,
        at=message.at,
        subscription_arn=subscription.arn,
    )
    if outcome.denied:
        # AWS doc's delivery status log text for an outbound Deny (providerResponse, status 403)
        detail = f"The topic's data protection policy prohibits this message from being delivered to {subscription.arn}"
        skip(context, topic, subscription, message.message_id, "DataProtectionPolicy", detail, message.at)
        return None
    return dataclasses.replace(message, message=outcome.message, structure=outcome.structure)


def _signature_version(topic: Topic) -> str:
    return topic.attributes.get("SignatureVersion", "1")


class _Envelope:
    """Renders one notification's JSON envelope when first read.

    A slotted object rather than closures: a captured delivery keeps ~70 bytes
    alive instead of two functions and their cells (~700 bytes).
    """

    __slots__ = ("topic", "subscription", "message", "text", "dns", "version")

    def __init__(self, topic: Topic, subscription: Subscription, message: Message, text: str, dns: str) -> None:
        self.topic = topic
        self.subscription = subscription
        self.message = message
        self.text = text
        self.dns = dns
        # Read now: the body must not depend on when it is first read.
        self.version = _signature_version(topic)

    def __call__(self) -> str:
        topic, message = self.topic, self.message
        return envelopes.envelope_json(
            envelopes.notification(
                message_id=message.message_id,
                topic_arn=topic.arn,
                subject=message.subject,
                message=self.text,
                timestamp=message.timestamp,
                subscription_arn=self.subscription.arn,
                region=topic.region,
                dns_suffix=self.dns,
                attributes=message.attributes,
                signature_version=self.version,
                fifo=topic.fifo,
                sequence_number=message.sequence_number,
            )
        )


def deliver(
    context: Context, topic: Topic, subscription: Subscription, message: Message, *, replayed: bool = False
) -> None:
    """Capture what one subscription's endpoint receives (``replayed``: from a topic's archive)."""
    protocol = subscription.protocol
    backend = context.fake.backend
    state = backend.regions.get((topic.account, topic.region)) or backend.region(topic.account, topic.region)
    dns = state.dns_suffix
    text = select_body(message, protocol)
    envelope_text = _Envelope(topic, subscription, message, text, dns)

    if protocol == "sqs":  # the common case first, without the shared keyword fields
        record: Delivery | None = _sqs_delivery(topic, subscription, message, text, envelope_text)
    else:
        record = _other_delivery(context, topic, subscription, message, text, envelope_text, dns)
    if record is not None:
        if replayed:
            record._settle(extra={"replayed": True})
        context.fake.record_delivery(record)
        if record.status == "failed":
            send_to_dead_letter_queue(context, topic, subscription, record)
        else:
            attempt_delivery(context, record, topic=topic, subscription=subscription)


def _other_delivery(
    context: Context,
    topic: Topic,
    subscription: Subscription,
    message: Message,
    text: str,
    envelope_text: Callable[[], str],
    dns: str,
) -> Delivery | None:
    """The record for every protocol but SQS (None: SMS and push record their own)."""
    protocol = subscription.protocol
    region = topic.region
    common = _common_fields(topic, subscription, message, text)
    record: Delivery | None = None
    if protocol in ("http", "https"):
        topic_policy = topic.attributes.get("DeliveryPolicy")
        effective = delivery_policy.effective_subscription(subscription.attributes.get("DeliveryPolicy"), topic_policy)
        content_type = (effective.get("requestPolicy") or {}).get("headerContentType") or envelopes.TEXT_PLAIN
        headers = envelopes.http_headers(
            message_type="Notification",
            message_id=message.message_id,
            topic_arn=topic.arn,
            subscription_arn=subscription.arn,
            raw=subscription.raw,
            content_type=content_type,
        )
        if subscription.raw:
            extra = {"raw": True, "sns_attributes": message.attributes}
            record = Delivery(body=text, headers=headers, extra=extra, **common)
        else:
            record = Delivery(render=envelope_text, headers=headers, **common)
    elif protocol == "email":
        mail = envelopes.email_message(
            display_name=topic.attributes.get("DisplayName", ""),
            subject=message.subject,
            body=text,
            subscription_arn=subscription.arn,
            endpoint=subscription.endpoint,
            region=region,
            dns_suffix=dns,
        )
        body = mail.pop("Body")
        record = Delivery(body=body, headers=mail, **common)
    elif protocol == "email-json":
        mail = envelopes.email_message(
            display_name=topic.attributes.get("DisplayName", ""),
            subject=message.subject,
            body="",
            subscription_arn=subscription.arn,
            endpoint=subscription.endpoint,
            region=region,
            dns_suffix=dns,
            protocol="email-json",
        )
        del mail["Body"]  # the email's body is the JSON envelope itself
        record = Delivery(render=envelope_text, headers=mail, **common)
    elif protocol == "lambda":
        version = _signature_version(topic)

        def lambda_body() -> str:
            event = envelopes.lambda_event(
                subscription_arn=subscription.arn,
                message_id=message.message_id,
                topic_arn=topic.arn,
                subject=message.subject,
                message=text,
                timestamp=message.timestamp,
                region=region,
                dns_suffix=dns,
                # A MessageStructure=json message reaches Lambda without its attributes, though
                # email-json and the others get them (aws-sdk-ruby #1662, boto3 #1513: real AWS).
                attributes=message.attributes if message.structure is None else None,
                signature_version=version,
            )
            return json.dumps(event, ensure_ascii=False, separators=_COMPACT)

        record = Delivery(render=lambda_body, extra={"envelope": envelope_text}, **common)
    elif protocol == "firehose":

        def firehose_body() -> str:
            return envelopes.firehose_record(
                message_id=message.message_id,
                topic_arn=topic.arn,
                subject=message.subject,
                message=text,
                timestamp=message.timestamp,
                subscription_arn=subscription.arn,
                region=region,
                dns_suffix=dns,
                attributes=message.attributes,
                raw=subscription.raw,
            )

        extra = {"raw": subscription.raw, "sns_attributes": message.attributes}
        record = Delivery(render=firehose_body, extra=extra, **common)
    elif protocol == "sms":
        from .operations.sms import deliver_sms

        deliver_sms(
            context,
            phone_number=subscription.endpoint,
            text=text,
            message_id=message.message_id,
            attributes=message.attributes,
            topic=topic,
            subscription=subscription,
        )
    elif protocol == "application":
        from .operations.platform import deliver_push

        deliver_push(
            context,
            endpoint_arn=subscription.endpoint,
            message=message.message,
            message_json=message.structure,
            attributes=message.attributes,
            message_id=message.message_id,
            topic=topic,
            subscription=subscription,
        )
    return record


def _common_fields(topic: Topic, subscription: Subscription, message: Message, text: str) -> dict[str, Any]:
    """The Delivery fields every notification shares (keyword arguments)."""
    return {
        "protocol": subscription.protocol,
        "endpoint": subscription.endpoint,
        "subscription_arn": subscription.arn,
        "topic_arn": topic.arn,
        "message_id": message.message_id,
        "message_type": "Notification",
        "message": text,
        "subject": message.subject,
        "at": message.at,
    }


def _sqs_delivery(
    topic: Topic,
    subscription: Subscription,
    message: Message,
    text: str,
    envelope_text: Callable[[], str],
) -> Delivery:
    fifo_queue = subscription.endpoint.endswith(".fifo")
    group_id = dedup_id = None
    if topic.fifo:
        if fifo_queue:
            group_id, dedup_id = message.group_id, message.dedup_id
    elif message.group_id is not None and not fifo_queue:
        group_id = message.group_id
    if subscription.raw:
        common = _common_fields(topic, subscription, message, text)
        attributes = envelopes.raw_sqs_message_attributes(message.attributes) if message.attributes else {}
        if len(attributes) > 10:
            return Delivery(
                body=text,
                message_attributes=attributes,
                group_id=group_id,
                dedup_id=dedup_id,
                status="failed",
                detail="raw delivery to SQS carries at most 10 message attributes",
                extra={"raw": True},
                **common,
            )
        return Delivery(
            body=text,
            message_attributes=attributes,
            group_id=group_id,
            dedup_id=dedup_id,
            extra={"raw": True},
            **common,
        )
    return Delivery._notification(
        subscription.protocol,
        subscription.endpoint,
        subscription.arn,
        topic.arn,
        message.message_id,
        text,
        message.subject,
        message.at,
        envelope_text,
        group_id,
        dedup_id,
    )


def send_confirmation(context: Context, topic: Topic, subscription: Subscription, token: str, kind: str) -> None:
    """Send a SubscriptionConfirmation / UnsubscribeConfirmation to the subscription's endpoint."""
    protocol = subscription.protocol
    state = context.fake.backend.region(topic.account, topic.region)
    message_id = arns.new_message_id()
    timestamp = clock.iso_ms(context.now)
    version = _signature_version(topic)

    def confirmation() -> dict[str, Any]:
        return envelopes.confirmation(
            kind=kind,  # type: ignore[arg-type]
            message_id=message_id,
            token=token,
            topic_arn=topic.arn,
            timestamp=timestamp,
            region=topic.region,
            dns_suffix=state.dns_suffix,
            subscription_arn=subscription.arn,
            signature_version=version,
        )

    def confirmation_text() -> str:
        return envelopes.envelope_json(confirmation())

    text = (
        f"You have chosen to subscribe to the topic {topic.arn}.\n"
        "To confirm the subscription, visit the SubscribeURL included in this message."
        if kind == "SubscriptionConfirmation"
        else f"You have chosen to deactivate subscription {subscription.arn}.\n"
        "To cancel this operation and restore the subscription, visit the SubscribeURL included in this message."
    )
    common: dict[str, Any] = {
        "protocol": protocol,
        "endpoint": subscription.endpoint,
        "subscription_arn": subscription.arn,
        "topic_arn": topic.arn,
        "message_id": message_id,
        "message_type": kind,
        "message": text,
        "at": context.now,
        "extra": {
            "token": token,
            "subscribe_url": envelopes.subscribe_url(topic.region, state.dns_suffix, topic.arn, token),
        },
    }
    if protocol in ("http", "https"):
        headers = envelopes.http_headers(
            message_type=kind,
            message_id=message_id,
            topic_arn=topic.arn,
            subscription_arn=subscription.arn,
        )
        record = Delivery(render=confirmation_text, headers=headers, **common)
    elif protocol in ("email", "email-json"):
        json_body = confirmation_text() if protocol == "email-json" else None
        mail = envelopes.confirmation_email(
            topic_arn=topic.arn,
            token=token,
            endpoint=subscription.endpoint,
            region=topic.region,
            dns_suffix=state.dns_suffix,
            json_body=json_body,
        )
        body = mail.pop("Body")
        record = Delivery(body=body, headers=mail, **common)
    else:
        record = Delivery(render=confirmation_text, **common)
    context.fake.record_delivery(record)
    attempt_delivery(context, record, redrive=False)


# --------------------------------------------------------------------------- archive and replay
def _archive(context: Context, topic: Topic, message: Message) -> None:
    policy = json.loads(topic.attributes["ArchivePolicy"])
    days = int(policy.get("MessageRetentionPeriod", 0))
    topic.archive.append(message)
    horizon = context.now - _dt.timedelta(days=days)
    archive = topic.archive
    drop = 0
    while drop < len(archive) and archive[drop].at < horizon:
        drop += 1
    if drop:
        del archive[:drop]


def start_replay(context: Context, topic: Topic, subscription: Subscription) -> None:
    """Replay the archived window of a FIFO topic to one subscription (its ReplayPolicy)."""
    from .operations.subscriptions import _parse_time

    policy = json.loads(subscription.attributes["ReplayPolicy"])
    start = _parse_time(policy.get("StartingPoint"))
    end = _parse_time(policy.get("EndingPoint")) if "EndingPoint" in policy else None
    subscription.attributes["ReplayStatus"] = "In progress"
    for archived in list(topic.archive):
        if start is not None and archived.at < start:
            continue
        if end is not None and archived.at > end:
            break
        filter_policy = subscription.filter_policy
        if filter_policy is not None and filter_policy.match(archived.attributes, archived.message) is not None:
            continue
        deliver(context, topic, subscription, archived, replayed=True)
    subscription.attributes["ReplayStatus"] = "Completed"
    subscription.replay_until = end
