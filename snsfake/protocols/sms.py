"""sms: the phone receives the text (topic messages prefixed with the topic's DisplayName),
unless the number opted out, the account's SMS sandbox does not allow it, the text is over
1,600 bytes, or the price would pass the account's MonthlySpendLimit or the message's MaxPrice."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..context import Context
from ..phones import (
    SMS_MAX_BYTES,
    check_sms_endpoint,
    in_sandbox,
    message_parts,
    monthly_spend_limit,
    phone_key,
)
from ..records import NOTHING, Delivery, Skipped
from ..state import Subscription, Topic
from .base import Message, Protocol

__all__ = ["SMS", "sms_delivery", "sms_text"]


def sms_text(*, display_name: str, text: str, from_topic: bool) -> str:
    """The SMS a phone receives: topic messages carry the DisplayName as ``NAME> `` prefix.

    (The upper-cased ``DISPLAYNAME> `` prefix is SNS's historical behaviour; direct
    ``PhoneNumber`` publishes have no topic and so no prefix.)
    """
    if from_topic and display_name:
        return f"{display_name.upper()}> {text}"
    return text


def _string_attribute(attributes: Mapping[str, Mapping[str, Any]] | None, name: str) -> str | None:
    if not attributes:
        return None
    attribute = attributes.get(name)
    if attribute is None:
        return None
    value = attribute.get("StringValue")
    return value if isinstance(value, str) else None


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def sms_delivery(
    context: Context,
    *,
    phone_number: str,
    text: str,
    message_id: str,
    attributes: Mapping[str, Mapping[str, Any]] | None,
    topic: Topic | None = None,
    subscription: Subscription | None = None,
) -> Delivery | None:
    """What the phone receives; None, with the reason recorded, when it receives nothing."""
    state = context.region_of(topic.account, topic.region) if topic is not None else context.state
    settings = state.sms_attributes
    topic_arn = topic.arn if topic is not None else None
    subscription_arn = subscription.arn if subscription is not None else None

    def skip(reason: str, detail: str) -> None:
        context.captured.skipped.append(
            Skipped(message_id, reason, detail, "sms", phone_number, context.now, subscription_arn, topic_arn)
        )

    key = phone_key(phone_number)
    if key in state.opted_out:
        skip("OptedOut", f"Phone number is opted out ({phone_number})")
        return None
    if in_sandbox(context.settings, state) and not any(
        entry.status == "Verified" and phone_key(entry.phone_number) == key
        for entry in state.sandbox_numbers.items.values()
    ):
        skip(
            "SmsSandbox",
            f"{phone_number} is not a verified destination of the SMS sandbox "
            f"(account {state.account}, {state.name})",
        )
        return None

    display_name = topic.attributes.get("DisplayName", "") if topic is not None else ""
    shown = sms_text(display_name=display_name, text=text, from_topic=topic is not None)
    size = len(shown.encode("utf-8"))
    if size > SMS_MAX_BYTES:
        # (snsfake's choice) a direct Publish is refused for this; what AWS does with a topic
        # message too long for an SMS subscriber is not documented: it is not sent.
        skip("MessageTooLong", f"The SMS is {size} bytes; an SMS publish carries at most {SMS_MAX_BYTES} bytes")
        return None
    parts = message_parts(shown)
    price = round(context.settings.sms_price_usd * parts, 10)
    # The spend limit comes first: MaxPrice "has no effect if your month-to-date SMS costs have
    # already exceeded the quota set for the MonthlySpendLimit attribute" (AWS doc).
    month = (context.now.year, context.now.month)
    spent = state.sms_spend.get(month, 0.0)
    limit = monthly_spend_limit(context.settings, state)
    if spent + price > limit + 1e-9:
        # AWS's delivery status log says "No quota left for account" (providerResponse).
        skip(
            "SpendLimit",
            f"No quota left for account: {spent:g} USD spent this month + {price:g} USD would exceed "
            f"MonthlySpendLimit {limit:g} USD",
        )
        return None
    max_price = _number(_string_attribute(attributes, "AWS.SNS.SMS.MaxPrice"))
    if max_price is not None and price > max_price:
        skip("MaxPrice", f"This delivery would exceed max price: {price:g} USD > MaxPrice {max_price:g} USD")
        return None
    state.sms_spend[month] = round(spent + price, 10)

    extra = {
        "sender_id": _string_attribute(attributes, "AWS.SNS.SMS.SenderID") or settings.get("DefaultSenderID"),
        "sms_type": _string_attribute(attributes, "AWS.SNS.SMS.SMSType")
        or settings.get("DefaultSMSType", "Promotional"),
        "origination_number": _string_attribute(attributes, "AWS.MM.SMS.OriginationNumber"),
        "max_price": max_price,
        "entity_id": _string_attribute(attributes, "AWS.MM.SMS.EntityId"),
        "template_id": _string_attribute(attributes, "AWS.MM.SMS.TemplateId"),
        "parts": parts,
        "price_usd": price,
    }
    return Delivery(
        protocol="sms",
        endpoint=phone_number,
        subscription_arn=subscription_arn,
        topic_arn=topic_arn,
        message_id=message_id,
        message_type="Notification",
        message=text,
        at=context.now,
        message_attributes=attributes or NOTHING,
        extra=extra,
        body=shown,
    )


class SMS(Protocol):
    name = "sms"

    def check_endpoint(self, context: Context, endpoint: str) -> None:
        check_sms_endpoint(endpoint)

    def notification(
        self, context: Context, topic: Topic, subscription: Subscription, message: Message
    ) -> Delivery | None:
        return sms_delivery(
            context,
            phone_number=subscription.endpoint,
            text=message.text_for("sms"),
            message_id=message.message_id,
            attributes=message.attributes,
            topic=topic,
            subscription=subscription,
        )
