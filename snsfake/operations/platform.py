"""Mobile push: platform applications and endpoints (the ten push operations), and what
the rest of the fake needs from them: endpoint resolution for ``Publish(TargetArn=...)``,
the ``Subscribe(Protocol="application")`` check, and the push each device receives.

Credentials are stored but never returned and never checked against a push service;
tests simulate the push service's verdicts with ``SnsFake.reject_token()`` and
``SnsFake.disable_platform_application()``.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .. import arns
from ..context import Context
from ..envelopes import application_payload
from ..errors import (
    EndpointDisabled,
    NotFound,
    PlatformApplicationDisabled,
    invalid_parameter,
    null_member,
)
from ..records import Delivery, Skipped
from ..state import PlatformApplication, PlatformEndpoint
from ..validation import arn_parts, bool_string, page, require_map

if TYPE_CHECKING:
    from ..fake import SnsFake
    from ..state import Backend, Region, Subscription, Topic

__all__ = [
    "PLATFORMS",
    "create_platform_application",
    "delete_platform_application",
    "get_platform_application_attributes",
    "set_platform_application_attributes",
    "list_platform_applications",
    "create_platform_endpoint",
    "delete_endpoint",
    "get_endpoint_attributes",
    "set_endpoint_attributes",
    "list_endpoints_by_platform_application",
    "resolve_publish_endpoint",
    "check_application_endpoint",
    "check_push_structure",
    "platform_of",
    "deliver_push",
    "set_endpoint_enabled",
    "set_application_enabled",
]

_APPLE = frozenset({"APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX", "MACOS", "MACOS_SANDBOX"})
_VOIP = frozenset({"APNS_VOIP", "APNS_VOIP_SANDBOX"})
# Platform values CreatePlatformApplication accepts (the Apple variants appear in real ARNs).
PLATFORMS = frozenset({"ADM", "BAIDU", "GCM", "MPNS", "WNS", *_APPLE})
# GCM (FCM) authenticates with the credential alone: an API key or a service-account JSON.
_NO_PRINCIPAL = frozenset({"GCM"})
_CREDENTIALS = ("PlatformCredential", "PlatformPrincipal")
_APPLICATION_ATTRIBUTES = frozenset(
    {
        *_CREDENTIALS,
        "EventEndpointCreated",
        "EventEndpointDeleted",
        "EventEndpointUpdated",
        "EventDeliveryFailure",
        "SuccessFeedbackRoleArn",
        "FailureFeedbackRoleArn",
        "SuccessFeedbackSampleRate",
        "ApplePlatformTeamID",
        "ApplePlatformBundleID",
    }
)
_ENDPOINT_ATTRIBUTES = frozenset({"CustomUserData", "Enabled", "Token"})
# Baidu endpoints carry the push channel's ids too (botocore doc: CreatePlatformEndpoint).
_BAIDU_ENDPOINT_ATTRIBUTES = frozenset({*_ENDPOINT_ATTRIBUTES, "ChannelId", "UserId"})
_NAME_RE = re.compile(r"^[A-Za-z0-9_.-]+\Z", re.ASCII)
_MAX_CUSTOM_USER_DATA = 2048
_MOBILE_PREFIX = "AWS.SNS.MOBILE."


# --------------------------------------------------------------------------- lookups
def _resource(arn: str, param: str, slashes: int) -> list[str]:
    """The ARN's split fields, after AWS's two shape checks: element count, then slash count."""
    parts = arn_parts(arn, param)
    resource = ":".join(parts[5:])
    if resource.count("/") != slashes:
        raise invalid_parameter(f"{param} Reason: Wrong number of slashes in relative portion of the ARN.")
    return parts


def _region_of(backend: Backend, arn: str) -> Region | None:
    parts = arn.split(":", 6)
    if len(parts) < 6:
        return None
    return backend.find_region(parts[4], parts[3])


def _find_application(backend: Backend, arn: str) -> tuple[Region, PlatformApplication] | None:
    state = _region_of(backend, arn)
    if state is None:
        return None
    application = state.applications.get(arn)
    return None if application is None else (state, application)


def _find_endpoint(backend: Backend, arn: str) -> tuple[Region, PlatformEndpoint] | None:
    state = _region_of(backend, arn)
    if state is None:
        return None
    endpoint = state.endpoints.get(arn)
    return None if endpoint is None else (state, endpoint)


def _callers_application(context: Context, arn: str) -> tuple[Region, PlatformApplication] | None:
    """An application of the caller's own account and region: the API sees no other."""
    parts = arn.split(":", 6)
    if len(parts) < 6 or parts[4] != context.account or parts[3] != context.region:
        return None
    return _find_application(context.fake.backend, arn)


def _callers_endpoint(context: Context, arn: str) -> tuple[Region, PlatformEndpoint] | None:
    """An endpoint of the caller's own account and region: the API sees no other."""
    parts = arn.split(":", 6)
    if len(parts) < 6 or parts[4] != context.account or parts[3] != context.region:
        return None
    return _find_endpoint(context.fake.backend, arn)


def _application_arn(value: Any) -> str:
    """A PlatformApplicationArn, shape-checked (missing application is the caller's call)."""
    arn = value if isinstance(value, str) else ""
    _resource(arn, "PlatformApplicationArn", 2)
    return arn


def _endpoint_arn(value: Any) -> str:
    arn = value if isinstance(value, str) else ""
    _resource(arn, "EndpointArn", 3)
    return arn


def _resolve_application(context: Context, value: Any) -> tuple[Region, PlatformApplication]:
    found = _callers_application(context, _application_arn(value))
    if found is None:
        raise NotFound("PlatformApplication does not exist")
    return found


def _resolve_endpoint(context: Context, value: Any) -> tuple[Region, PlatformEndpoint]:
    found = _callers_endpoint(context, _endpoint_arn(value))
    if found is None:
        raise NotFound("Endpoint does not exist")
    return found


def _application_of(state: Region, endpoint: PlatformEndpoint) -> PlatformApplication | None:
    return state.applications.get(endpoint.application_arn)


def _enabled(attributes: Mapping[str, str]) -> bool:
    return attributes.get("Enabled", "true") != "false"


# --------------------------------------------------------------------------- platform applications
def _check_application_attributes(attributes: Mapping[str, Any]) -> dict[str, str | None]:
    """Validated attribute values to apply; None removes an optional attribute."""
    checked: dict[str, str | None] = {}
    for name, value in attributes.items():
        if name not in _APPLICATION_ATTRIBUTES:
            raise invalid_parameter(f"Attributes Reason: Invalid attribute name: {name}")
        if name == "SuccessFeedbackSampleRate":
            # isdecimal, not isdigit: int() rejects "²"; the length cap keeps int() off huge inputs.
            if not (value.isdecimal() and len(value.lstrip("0")) <= 3 and int(value) <= 100):
                raise invalid_parameter(
                    "Attributes Reason: Invalid value for attribute: SuccessFeedbackSampleRate: "
                    f"{value} value provided is not an integer between 0-100"
                )
            checked[name] = str(int(value))
        elif name in _CREDENTIALS:
            if value == "":
                raise invalid_parameter("Attributes Reason: Platform credentials are invalid")
            checked[name] = value
        else:
            checked[name] = value or None
    return checked


def _check_credentials(platform: str, checked: Mapping[str, str | None], *, creating: bool) -> None:
    """The principal/credential pairing each platform needs."""
    has_principal = "PlatformPrincipal" in checked
    has_credential = "PlatformCredential" in checked
    if has_principal and not has_credential:
        raise invalid_parameter(
            "Attributes Reason: PlatformPrincipal attribute provided without PlatformCredential"
        )
    if has_credential and not has_principal and platform not in _NO_PRINCIPAL:
        raise invalid_parameter(
            "Attributes Reason: PlatformCredential attribute provided without PlatformPrincipal"
        )
    if creating and not has_credential:
        raise invalid_parameter("Attributes Reason: Platform credentials are invalid")


def _current_value(application: PlatformApplication, name: str) -> str | None:
    if name == "PlatformCredential":
        return application.credential
    if name == "PlatformPrincipal":
        return application.principal
    return application.attributes.get(name)


def _apply_application_attributes(
    application: PlatformApplication, checked: Mapping[str, str | None]
) -> None:
    for name, value in checked.items():
        if name == "PlatformCredential":
            application.credential = value
        elif name == "PlatformPrincipal":
            application.principal = value
        elif value is None:
            application.attributes.pop(name, None)
        else:
            application.attributes[name] = value


def _authentication_method(application: PlatformApplication) -> str | None:
    """APNS: token (.p8 key + team/bundle ids) or certificate; GCM: token (service JSON) or key."""
    if application.platform in _APPLE:
        attributes = application.attributes
        token = "ApplePlatformTeamID" in attributes or "ApplePlatformBundleID" in attributes
        return "Token" if token else "Certificate"
    if application.platform == "GCM":
        credential = application.credential or ""
        try:
            service_json = isinstance(json.loads(credential), dict)
        except (ValueError, RecursionError):
            service_json = False
        return "Token" if service_json else "Key"
    return None


def _application_view(application: PlatformApplication) -> dict[str, str]:
    """What Get/List show: stored attributes, never the credentials."""
    view = dict(application.attributes)
    method = _authentication_method(application)
    if method is not None:
        view["AuthenticationMethod"] = method
    return view


def create_platform_application(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    name = params.get("Name", "")
    platform = params.get("Platform", "")
    if name == "":
        raise invalid_parameter(" Reason: cannot be empty")
    if len(name) > 256:
        raise invalid_parameter(f"{name} Reason: must be at most 256 characters long")
    if not _NAME_RE.match(name):
        raise invalid_parameter(
            f"{name} Reason: must contain only characters 'a'-'z', 'A'-'Z', '0'-'9', '_', '-', and '.'"
        )
    if platform not in PLATFORMS:
        raise invalid_parameter(f"Platform Reason: {platform} is not supported")
    attributes = require_map(params.get("Attributes"), "attributes")
    if attributes is None:
        raise null_member("attributes")
    checked = _check_application_attributes(attributes)
    _check_credentials(platform, checked, creating=True)

    arn = arns.application_arn(context.partition, context.region, context.account, platform, name)
    existing = context.state.applications.get(arn)
    if existing is not None:
        for key, value in checked.items():
            if _current_value(existing, key) != value:
                raise invalid_parameter(
                    "Name Reason: An application with the same name but different properties already exists"
                )
        return {"PlatformApplicationArn": arn}
    application = PlatformApplication(arn, name, platform, {"Enabled": "true"})
    _apply_application_attributes(application, checked)
    context.state.applications.add(arn, application)
    return {"PlatformApplicationArn": arn}


def delete_platform_application(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    found = _callers_application(context, _application_arn(params.get("PlatformApplicationArn")))
    if found is None:
        return {}
    state, application = found
    for endpoint_arn in list(application.endpoints.items):
        state.endpoints.pop(endpoint_arn, None)
    state.applications.remove(application.arn)
    return {}


def get_platform_application_attributes(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    _, application = _resolve_application(context, params.get("PlatformApplicationArn"))
    return {"Attributes": _application_view(application)}


def set_platform_application_attributes(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    arn = _application_arn(params.get("PlatformApplicationArn"))
    attributes = require_map(params.get("Attributes"), "attributes")
    if attributes is None:
        raise null_member("attributes")
    _, application = _resolve_application(context, arn)
    checked = _check_application_attributes(attributes)
    _check_credentials(application.platform, checked, creating=False)
    _apply_application_attributes(application, checked)
    if "PlatformCredential" in checked:
        # New credentials are validated again: an application disabled for rejected ones comes back.
        application.attributes["Enabled"] = "true"
    return {}


def list_platform_applications(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    applications, token = page(context.state.applications, params.get("NextToken"), "applications")
    result: dict[str, Any] = {
        "PlatformApplications": [
            {"PlatformApplicationArn": application.arn, "Attributes": _application_view(application)}
            for application in applications
        ]
    }
    if token is not None:
        result["NextToken"] = token
    return result


# --------------------------------------------------------------------------- endpoints
def _check_endpoint_attributes(attributes: Mapping[str, Any], platform: str) -> dict[str, str | None]:
    """Validated endpoint attribute values; None removes CustomUserData."""
    allowed = _BAIDU_ENDPOINT_ATTRIBUTES if platform == "BAIDU" else _ENDPOINT_ATTRIBUTES
    checked: dict[str, str | None] = {}
    for name, value in attributes.items():
        if name not in allowed:
            raise invalid_parameter(f"Attributes Reason: Invalid attribute name: {name}")
        if name == "Token":
            if value == "":
                raise invalid_parameter(
                    "Attributes Reason: Invalid value for attribute: Token: cannot be empty"
                )
            checked[name] = value
        elif name == "Enabled":
            flag = bool_string(value)
            if flag is None:
                raise invalid_parameter(
                    "Attributes Reason: Invalid value for attribute: Enabled: must be true or false"
                )
            checked[name] = "true" if flag else "false"
        elif name == "CustomUserData":
            _check_custom_user_data(value)
            checked[name] = value or None
        else:
            checked[name] = value
    return checked


def _check_custom_user_data(value: str) -> None:
    if len(value.encode("utf-8")) > _MAX_CUSTOM_USER_DATA:
        raise invalid_parameter(
            "Attributes Reason: Invalid value for attribute: CustomUserData: "
            "must be at most 2048 bytes long in UTF-8 encoding"
        )


def _normalize_token(platform: str, token: str) -> str:
    """Apple device tokens are hex; SNS stores and returns them lower-cased (botocore doc)."""
    return token.lower() if platform in _APPLE else token


# --------------------------------------------------------------------------- application events
_emitting = threading.local()
_EVENT_ATTRIBUTES = {
    "EndpointCreated": "EventEndpointCreated",
    "EndpointDeleted": "EventEndpointDeleted",
    "EndpointUpdated": "EventEndpointUpdated",
    "DeliveryFailure": "EventDeliveryFailure",
}


def _emit_event(
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
    from ..clock import iso_ms
    from .publish import publish_event

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
        publish_event(context, topic_arn, json.dumps(dict(sorted(event.items())), separators=(",", ":")))
    finally:
        _emitting.active = False


def create_platform_endpoint(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    arn = _application_arn(params.get("PlatformApplicationArn"))
    token = params.get("Token", "")
    if token == "":
        raise invalid_parameter("Token Reason: cannot be empty")
    platform_hint = arn.split(":", 5)[5].split("/")[1]
    checked = _check_endpoint_attributes(params.get("Attributes") or {}, platform_hint)
    custom = params.get("CustomUserData")
    if custom and "CustomUserData" not in checked:
        _check_custom_user_data(custom)
    found = _callers_application(context, arn)
    if found is None:
        raise NotFound("PlatformApplication does not exist")
    state, application = found

    # The CustomUserData (and Token) attributes win over the parameters.
    attributes: dict[str, str] = {"Enabled": "true", "Token": token}
    if custom:
        attributes["CustomUserData"] = custom
    for name, value in checked.items():
        if value is None:
            attributes.pop(name, None)
        else:
            attributes[name] = value
    attributes["Token"] = token = _normalize_token(application.platform, attributes["Token"])

    existing_arn = application.by_token.get(token)
    if existing_arn is not None:
        existing = application.endpoints.get(existing_arn)
        if existing is not None:
            if existing.attributes == attributes:
                return {"EndpointArn": existing_arn}
            raise invalid_parameter(
                f"Token Reason: Endpoint {existing_arn} already exists with the same Token, but different attributes."
            )
    parts = arn.split(":", 5)
    endpoint_arn = arns.endpoint_arn(parts[1], parts[3], parts[4], application.platform, application.name)
    endpoint = PlatformEndpoint(endpoint_arn, application.arn, attributes)
    application.endpoints.add(endpoint_arn, endpoint)
    application.by_token[token] = endpoint_arn
    state.endpoints[endpoint_arn] = endpoint
    _emit_event(context, application, "EndpointCreated", endpoint_arn)
    return {"EndpointArn": endpoint_arn}


def _forget_token(application: PlatformApplication, endpoint: PlatformEndpoint) -> None:
    token = endpoint.attributes.get("Token")
    if token is not None and application.by_token.get(token) == endpoint.arn:
        del application.by_token[token]


def delete_endpoint(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    found = _callers_endpoint(context, _endpoint_arn(params.get("EndpointArn")))
    if found is None:
        return {}
    state, endpoint = found
    application = _application_of(state, endpoint)
    if application is not None:
        _forget_token(application, endpoint)
        application.endpoints.remove(endpoint.arn)
    del state.endpoints[endpoint.arn]
    if application is not None:
        _emit_event(context, application, "EndpointDeleted", endpoint.arn)
    return {}


def get_endpoint_attributes(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    _, endpoint = _resolve_endpoint(context, params.get("EndpointArn"))
    return {"Attributes": dict(endpoint.attributes)}


def set_endpoint_attributes(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    arn = _endpoint_arn(params.get("EndpointArn"))
    attributes = require_map(params.get("Attributes"), "attributes")
    if attributes is None:
        raise null_member("attributes")
    state, endpoint = _resolve_endpoint(context, arn)
    application = _application_of(state, endpoint)
    platform = application.platform if application is not None else arn.split(":", 5)[5].split("/")[1]
    checked = _check_endpoint_attributes(attributes, platform)
    if "Token" in checked and application is not None:
        new_token = _normalize_token(platform, checked["Token"] or "")
        checked["Token"] = new_token
        _forget_token(application, endpoint)
        # A token another endpoint already holds stays indexed to that endpoint.
        application.by_token.setdefault(new_token, endpoint.arn)
    before = dict(endpoint.attributes)
    for name, value in checked.items():
        if value is None:
            endpoint.attributes.pop(name, None)
        else:
            endpoint.attributes[name] = value
    if application is not None and endpoint.attributes != before:
        _emit_event(context, application, "EndpointUpdated", endpoint.arn)
    return {}


def list_endpoints_by_platform_application(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    _, application = _resolve_application(context, params.get("PlatformApplicationArn"))
    endpoints, token = page(application.endpoints, params.get("NextToken"), "endpoints")
    result: dict[str, Any] = {
        "Endpoints": [
            {"EndpointArn": endpoint.arn, "Attributes": dict(endpoint.attributes)} for endpoint in endpoints
        ]
    }
    if token is not None:
        result["NextToken"] = token
    return result


# --------------------------------------------------------------------------- publish support
def resolve_publish_endpoint(context: Context, target_arn: str) -> PlatformEndpoint:
    """Publish(TargetArn=endpoint ARN): the endpoint, or AWS's errors: missing →
    invalid_parameter("TargetArn Reason: No endpoint found for the target arn specified");
    Enabled=false → EndpointDisabled("Endpoint is disabled"); application disabled → PlatformApplicationDisabled(...)."""
    parts = target_arn.split(":", 5)
    if len(parts) == 6 and parts[3] != context.region:
        raise invalid_parameter("TargetArn")
    found = _callers_endpoint(context, target_arn)
    application = _application_of(*found) if found is not None else None
    if found is None or application is None:
        raise invalid_parameter("TargetArn Reason: No endpoint found for the target arn specified")
    endpoint = found[1]
    if not _enabled(endpoint.attributes):
        raise EndpointDisabled("Endpoint is disabled")
    if not _enabled(application.attributes):
        raise PlatformApplicationDisabled("Platform application is disabled")
    return endpoint


def check_application_endpoint(context: Context, endpoint: str) -> None:
    """Subscribe Protocol=application: the endpoint must be an existing platform endpoint ARN (spec message)."""
    parts = endpoint.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn":
        raise invalid_parameter(f"Application endpoint arn invalid:{endpoint}")
    if _callers_endpoint(context, endpoint) is None:
        raise invalid_parameter(f"Endpoint Reason: Endpoint does not exist for endpoint arn{endpoint}")


def platform_of(context: Context, endpoint_arn: str) -> str | None:
    """The platform (APNS, GCM, ...) of an endpoint ARN, for MessageStructure key selection."""
    found = _find_endpoint(context.fake.backend, endpoint_arn)
    if found is not None:
        application = _application_of(*found)
        if application is not None:
            return application.platform
    parts = endpoint_arn.split(":", 5)
    if len(parts) == 6:
        segments = parts[5].split("/")
        if len(segments) == 4 and segments[0] == "endpoint" and segments[1] in PLATFORMS:
            return segments[1]
    return None


def check_push_structure(context: Context, endpoint_arn: str, structure: Mapping[str, Any]) -> None:
    """A MessageStructure=json publish to an endpoint needs a string for its platform or for ``default``."""
    platform = platform_of(context, endpoint_arn)
    if platform is None:
        return
    if not isinstance(structure.get(platform), str) and not isinstance(structure.get("default"), str):
        raise invalid_parameter(f"JSON must contain an entry for 'default' or '{platform}'.")


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
    if platform not in _APPLE:
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


def deliver_push(
    context: Context,
    *,
    endpoint_arn: str,
    message: str,
    message_json: Mapping[str, Any] | None,
    attributes: Mapping[str, Mapping[str, Any]] | None,
    message_id: str,
    topic: Topic | None = None,
    subscription: Subscription | None = None,
) -> None:
    """Record the push the device would get, or why it got none (disabled or deleted endpoint)."""
    topic_arn = topic.arn if topic is not None else None
    subscription_arn = subscription.arn if subscription is not None else None

    def skip(reason: str, detail: str) -> None:
        context.fake.record_skipped(
            Skipped(
                message_id=message_id,
                reason=reason,
                detail=detail,
                protocol="application",
                endpoint=endpoint_arn,
                at=context.now,
                subscription_arn=subscription_arn,
                topic_arn=topic_arn,
            )
        )

    found = _find_endpoint(context.fake.backend, endpoint_arn)
    if found is None:
        skip("EndpointDisabled", "the platform endpoint does not exist (deleted)")
        return
    state, endpoint = found
    application = _application_of(state, endpoint)
    if application is None:
        skip("EndpointDisabled", "the endpoint's platform application does not exist")
        return
    if not _enabled(endpoint.attributes):
        skip("EndpointDisabled", "the platform endpoint is disabled (Enabled=false)")
        _emit_event(
            context,
            application,
            "DeliveryFailure",
            endpoint_arn,
            DeliveryAttempts=1,
            FailureMessage="Endpoint is disabled",
            FailureType="EndpointDisabled",
            MessageId=message_id,
        )
        return
    if not _enabled(application.attributes):
        skip("PlatformApplicationDisabled", "the platform application is disabled (Enabled=false)")
        return

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
    if platform in _APPLE:
        extra["priority"] = _attribute(attributes, "AWS.SNS.MOBILE.APNS.PRIORITY")
    context.fake.record_delivery(
        Delivery(
            protocol="application",
            endpoint=endpoint_arn,
            subscription_arn=subscription_arn,
            topic_arn=topic_arn,
            message_id=message_id,
            message_type="Notification",
            message=selected,
            at=context.now,
            body=payload,
            # AWS.SNS.MOBILE.* attributes shape the push request; they are not delivered as data.
            message_attributes={
                name: value
                for name, value in (attributes or {}).items()
                if not name.startswith(_MOBILE_PREFIX)
            },
            extra=extra,
        )
    )


# --------------------------------------------------------------------------- fake helpers
def set_endpoint_enabled(fake: SnsFake, endpoint_arn: str, enabled: bool) -> None:
    """Flip an endpoint's Enabled flag as SNS does when the push service rejects its token."""
    with fake.backend.lock:
        found = _find_endpoint(fake.backend, endpoint_arn)
        if found is None:
            raise ValueError(
                f"snsfake: no platform endpoint {endpoint_arn!r}; create one with create_platform_endpoint() first"
            )
        state, endpoint = found
        value = "true" if enabled else "false"
        if endpoint.attributes.get("Enabled") == value:
            return
        endpoint.attributes["Enabled"] = value
        application = _application_of(state, endpoint)
        if application is not None:
            parts = endpoint_arn.split(":", 5)
            _emit_event(fake._context(parts[4], parts[3]), application, "EndpointUpdated", endpoint_arn)


def set_application_enabled(fake: SnsFake, application_arn: str, enabled: bool) -> None:
    """Flip a platform application's Enabled flag as SNS does when the push service rejects its credentials."""
    with fake.backend.lock:
        found = _find_application(fake.backend, application_arn)
        if found is None:
            raise ValueError(
                f"snsfake: no platform application {application_arn!r}; "
                "create one with create_platform_application() first"
            )
        found[1].attributes["Enabled"] = "true" if enabled else "false"
