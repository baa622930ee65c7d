"""The ten mobile push operations: platform applications and their endpoints.

Credentials are stored but never returned and never checked against a push service.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from .. import arns
from ..context import Context
from ..errors import NotFound, invalid_parameter, null_member
from ..protocols.application import (
    APPLE_PLATFORMS,
    PLATFORMS,
    application_of,
    callers_endpoint,
    endpoint_event,
)
from ..state import PlatformApplication, PlatformEndpoint, Region
from ..validation import arn_parts, bool_string, page, require_map

__all__ = [
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
]

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


# --------------------------------------------------------------------------- lookups
def _resource(arn: str, param: str, slashes: int) -> list[str]:
    """The ARN's split fields, after AWS's two shape checks: element count, then slash count."""
    parts = arn_parts(arn, param)
    resource = ":".join(parts[5:])
    if resource.count("/") != slashes:
        raise invalid_parameter(f"{param} Reason: Wrong number of slashes in relative portion of the ARN.")
    return parts


def _callers_application(context: Context, arn: str) -> tuple[Region, PlatformApplication] | None:
    """An application of the caller's own account and region: the API sees no other."""
    parts = arn.split(":", 6)
    if len(parts) < 6 or parts[4] != context.account or parts[3] != context.region:
        return None
    return context.backend.find_application(arn)


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
    found = callers_endpoint(context, _endpoint_arn(value))
    if found is None:
        raise NotFound("Endpoint does not exist")
    return found


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
    if application.platform in APPLE_PLATFORMS:
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
    return token.lower() if platform in APPLE_PLATFORMS else token


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
    endpoint_event(context, application, "EndpointCreated", endpoint_arn)
    return {"EndpointArn": endpoint_arn}


def _forget_token(application: PlatformApplication, endpoint: PlatformEndpoint) -> None:
    token = endpoint.attributes.get("Token")
    if token is not None and application.by_token.get(token) == endpoint.arn:
        del application.by_token[token]


def delete_endpoint(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    found = callers_endpoint(context, _endpoint_arn(params.get("EndpointArn")))
    if found is None:
        return {}
    state, endpoint = found
    application = application_of(state, endpoint)
    if application is not None:
        _forget_token(application, endpoint)
        application.endpoints.remove(endpoint.arn)
    del state.endpoints[endpoint.arn]
    if application is not None:
        endpoint_event(context, application, "EndpointDeleted", endpoint.arn)
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
    application = application_of(state, endpoint)
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
        endpoint_event(context, application, "EndpointUpdated", endpoint.arn)
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
