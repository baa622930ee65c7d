"""application (mobile push): the device's push service receives the payload SNS builds for
its platform, unless the endpoint or its application is disabled. SNS reports endpoint
events (created, deleted, updated, delivery failure) to the topics an application names.

Credentials are stored but never checked against a push service; tests play the push
service's verdicts with ``SnsFake.reject_token()`` and ``disable_platform_application()``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from typing import Any, Final

from ..clock import iso_ms
from ..context import Context
from ..errors import invalid_parameter
from ..records import Delivery, Skipped
from ..state import PlatformApplication, PlatformEndpoint, Region, Subscription, Topic
from .base import Message, Protocol

__all__ = [
    "APPLE_PLATFORMS",
    "Application",
    "PLATFORMS",
    "application_payload",
    "application_of",
    "callers_endpoint",
    "endpoint_event",
    "is_enabled",
    "push_delivery",
]

APPLE_PLATFORMS: Final = frozenset(
    {"APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX", "MACOS", "MACOS_SANDBOX"}
)
_VOIP: Final = frozenset({"APNS_VOIP", "APNS_VOIP_SANDBOX"})
_DATA_DEFAULT_PLATFORMS: Final = frozenset({"GCM", "ADM"})
# Platform values CreatePlatformApplication accepts (the Apple variants appear in real ARNs).
PLATFORMS: Final = frozenset({"ADM", "BAIDU", "GCM", "MPNS", "WNS", *APPLE_PLATFORMS})
_MOBILE_PREFIX: Final = "AWS.SNS.MOBILE."


def is_enabled(attributes: Mapping[str, str]) -> bool:
    return attributes.get("Enabled", "true") != "false"


def callers_endpoint(context: Context, arn: str) -> tuple[Region, PlatformEndpoint] | None:
    """An endpoint of the caller's own account and region: the API sees no other."""
    parts = arn.split(":", 6)
    if len(parts) < 6 or parts[4] != context.account or parts[3] != context.region:
        return None
    return context.backend.find_endpoint(arn)


def application_of(state: Region, endpoint: PlatformEndpoint) -> PlatformApplication | None:
    return state.applications.get(endpoint.application_arn)


# --------------------------------------------------------------------------- endpoint events
_emitting = threading.local()
_EVENT_ATTRIBUTES = {
    "EndpointCreated": "EventEndpointCreated",
    "EndpointDeleted": "EventEndpointDeleted",
    "EndpointUpdated": "EventEndpointUpdated",
    "DeliveryFailure": "EventDeliveryFailure",
}


def endpoint_event(
    context: Context, application: PlatformApplication, event_type: str, endpoint_arn: str, **details: Any
) -> None:
    """Publish an endpoint event to the topic the application names for it (``Event*`` attributes).

    The message is the JSON object SNS sends: ``EndpointArn``, ``EventType``, ``Resource`` (the
    application), ``Service``, ``Time``, plus the failure fields of a ``DeliveryFailure``.
    """
    topic_arn = application.attributes.get(_EVENT_ATTRIBUTES[event_type])
    if not topic_arn or getattr(_emitting, "active", False):
        return  # an event's own delivery raises no further event (no endless failure loop)
    app_parts = application.arn.split(":", 5)
    topic_parts = topic_arn.split(":", 6)
    if len(topic_parts) != 6 or topic_parts[3:5] != app_parts[3:5]:
        return  # SNS publishes events to topics of the application's own account and region
    event = {
        "EndpointArn": endpoint_arn,
        "EventType": event_type,
        "Resource": application.arn,
        "Service": "SNS",
        "Time": iso_ms(context.now),
        **details,
    }
    _emitting.active = True
    try:
        context.publish_event(topic_arn, json.dumps(dict(sorted(event.items())), separators=(",", ":")))
    finally:
        _emitting.active = False


# --------------------------------------------------------------------------- the push
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
    if platform in APPLE_PLATFORMS:
        return json.dumps({"aps": {"alert": message}}, ensure_ascii=False, separators=(",", ":"))
    if platform in _DATA_DEFAULT_PLATFORMS:
        return json.dumps({"data": {"default": message}}, ensure_ascii=False, separators=(",", ":"))
    return message


def _attribute(attributes: Mapping[str, Mapping[str, Any]] | None, name: str) -> str | None:
    if not attributes:
        return None
    entry = attributes.get(name)
    if not isinstance(entry, Mapping):
        return None
    value = entry.get("StringValue")
    return value if isinstance(value, str) else None


def _push_type(platform: str, payload: str, attributes: Mapping[str, Mapping[str, Any]] | None) -> str | None:
    """The apns-push-type SNS sends: the attribute, else inferred from the payload (Apple only)."""
    if platform not in APPLE_PLATFORMS:
        return None
    explicit = _attribute(attributes, "AWS.SNS.MOBILE.APNS.PUSH_TYPE")
    if explicit:
        return explicit
    if platform in _VOIP:
        return "voip"
    try:
        document = json.loads(payload)
    except (ValueError, RecursionError):
        return "alert"
    aps = document.get("aps") if isinstance(document, dict) else None
    visible = isinstance(aps, dict) and any(key in aps for key in ("alert", "badge", "sound"))
    if isinstance(aps, dict) and aps.get("content-available") == 1 and not visible:
        return "background"
    return "alert"


def _ttl(platform: str, attributes: Mapping[str, Mapping[str, Any]] | None) -> int | str | None:
    """The AWS.SNS.MOBILE.<PLATFORM>.TTL attribute (FCM's is named FCM, formerly GCM), in seconds."""
    names = ("FCM", "GCM") if platform == "GCM" else (platform,)
    for name in names:
        value = _attribute(attributes, f"{_MOBILE_PREFIX}{name}.TTL")
        if value is not None:
            stripped = value.strip()
            digits = stripped[1:] if stripped.startswith("-") else stripped
            # isdecimal, not isdigit ("²" is a digit int() rejects); a huge number stays text.
            return int(stripped) if digits.isdecimal() and len(digits) <= 18 else value
    return None


def _select_message(platform: str, message: str, message_json: Mapping[str, Any] | None) -> tuple[str, bool]:
    """The text for this platform, and whether it is the platform's own payload (sent unchanged)."""
    if message_json is not None:
        own = message_json.get(platform)
        if isinstance(own, str):
            return own, True
        default = message_json.get("default")
        if isinstance(default, str):
            return default, False
    return message, False


def push_delivery(
    context: Context,
    *,
    endpoint_arn: str,
    message: str,
    message_json: Mapping[str, Any] | None,
    attributes: Mapping[str, Mapping[str, Any]] | None,
    message_id: str,
    topic: Topic | None = None,
    subscription: Subscription | None = None,
) -> Delivery | None:
    """The push the device gets; None, with the reason recorded, when it gets none."""
    topic_arn = topic.arn if topic is not None else None
    subscription_arn = subscription.arn if subscription is not None else None

    def skip(reason: str, detail: str) -> None:
        context.captured.skipped.append(
            Skipped(message_id, reason, detail, "application", endpoint_arn, context.now, subscription_arn, topic_arn)
        )

    found = context.backend.find_endpoint(endpoint_arn)
    if found is None:
        skip("EndpointDisabled", "the platform endpoint does not exist (deleted)")
        return None
    state, endpoint = found
    application = application_of(state, endpoint)
    if application is None:
        skip("EndpointDisabled", "the endpoint's platform application does not exist")
        return None
    if not is_enabled(endpoint.attributes):
        skip("EndpointDisabled", "the platform endpoint is disabled (Enabled=false)")
        endpoint_event(
            context,
            application,
            "DeliveryFailure",
            endpoint_arn,
            DeliveryAttempts=1,
            FailureMessage="Endpoint is disabled",
            FailureType="EndpointDisabled",
            MessageId=message_id,
        )
        return None
    if not is_enabled(application.attributes):
        skip("PlatformApplicationDisabled", "the platform application is disabled (Enabled=false)")
        return None

    platform = application.platform
    selected, structured = _select_message(platform, message, message_json)
    payload = application_payload(platform=platform, message=selected, structured=structured)
    extra: dict[str, Any] = {
        "platform": platform,
        "token": endpoint.attributes.get("Token"),
        "push_type": _push_type(platform, payload, attributes),
        "ttl": _ttl(platform, attributes),
        "application_arn": application.arn,
    }
    if platform in APPLE_PLATFORMS:
        extra["priority"] = _attribute(attributes, "AWS.SNS.MOBILE.APNS.PRIORITY")
    return Delivery(
        protocol="application",
        endpoint=endpoint_arn,
        subscription_arn=subscription_arn,
        topic_arn=topic_arn,
        message_id=message_id,
        message_type="Notification",
        message=selected,
        at=context.now,
        # AWS.SNS.MOBILE.* attributes shape the push request; they are not delivered as data.
        message_attributes={
            name: value for name, value in (attributes or {}).items() if not name.startswith(_MOBILE_PREFIX)
        },
        extra=extra,
        body=payload,
    )


class Application(Protocol):
    name = "application"

    def check_endpoint(self, context: Context, endpoint: str) -> None:
        """The endpoint must be one of the caller's platform endpoints (spec message)."""
        parts = endpoint.split(":", 5)
        if len(parts) < 6 or parts[0] != "arn":
            raise invalid_parameter(f"Application endpoint arn invalid:{endpoint}")
        if callers_endpoint(context, endpoint) is None:
            raise invalid_parameter(f"Endpoint Reason: Endpoint does not exist for endpoint arn{endpoint}")

    def notification(
        self, context: Context, topic: Topic, subscription: Subscription, message: Message
    ) -> Delivery | None:
        return push_delivery(
            context,
            endpoint_arn=subscription.endpoint,
            message=message.message,
            message_json=message.structure,
            attributes=message.attributes,
            message_id=message.message_id,
            topic=topic,
            subscription=subscription,
        )


