"""Mobile push, beyond the ten push operations: the checks Publish and Subscribe make of
platform endpoints, and the push service's verdicts a test plays (``reject_token``, ...)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import clock
from ..context import Context, Runtime
from ..errors import EndpointDisabled, PlatformApplicationDisabled, invalid_parameter
from ..protocols.application import PLATFORMS, application_of, callers_endpoint, endpoint_event, is_enabled
from ..state import PlatformEndpoint

__all__ = [
    "check_push_structure",
    "platform_of",
    "resolve_publish_endpoint",
    "set_application_enabled",
    "set_endpoint_enabled",
]


def resolve_publish_endpoint(context: Context, target_arn: str) -> PlatformEndpoint:
    """Publish(TargetArn=endpoint ARN): the endpoint, or AWS's errors: missing →
    invalid_parameter("TargetArn Reason: No endpoint found for the target arn specified");
    Enabled=false → EndpointDisabled("Endpoint is disabled"); application disabled → PlatformApplicationDisabled(...)."""
    parts = target_arn.split(":", 5)
    if len(parts) == 6 and parts[3] != context.region:
        raise invalid_parameter("TargetArn")
    found = callers_endpoint(context, target_arn)
    application = application_of(*found) if found is not None else None
    if found is None or application is None:
        raise invalid_parameter("TargetArn Reason: No endpoint found for the target arn specified")
    endpoint = found[1]
    if not is_enabled(endpoint.attributes):
        raise EndpointDisabled("Endpoint is disabled")
    if not is_enabled(application.attributes):
        raise PlatformApplicationDisabled("Platform application is disabled")
    return endpoint


def platform_of(context: Context, endpoint_arn: str) -> str | None:
    """The platform (APNS, GCM, ...) of an endpoint ARN, for MessageStructure key selection."""
    found = context.backend.find_endpoint(endpoint_arn)
    if found is not None:
        application = application_of(*found)
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


def set_endpoint_enabled(runtime: Runtime, endpoint_arn: str, enabled: bool) -> None:
    """Flip an endpoint's Enabled flag as SNS does when the push service rejects its token."""
    with runtime.backend.lock:
        found = runtime.backend.find_endpoint(endpoint_arn)
        if found is None:
            raise ValueError(
                f"snsfake: no platform endpoint {endpoint_arn!r}; create one with create_platform_endpoint() first"
            )
        state, endpoint = found
        value = "true" if enabled else "false"
        if endpoint.attributes.get("Enabled") == value:
            return
        endpoint.attributes["Enabled"] = value
        application = application_of(state, endpoint)
        if application is not None:
            context = Context.of(runtime, state.account, state.name, clock.now())
            endpoint_event(context, application, "EndpointUpdated", endpoint_arn)


def set_application_enabled(runtime: Runtime, application_arn: str, enabled: bool) -> None:
    """Flip a platform application's Enabled flag as SNS does when the push service rejects its credentials."""
    with runtime.backend.lock:
        found = runtime.backend.find_application(application_arn)
        if found is None:
            raise ValueError(
                f"snsfake: no platform application {application_arn!r}; "
                "create one with create_platform_application() first"
            )
        found[1].attributes["Enabled"] = "true" if enabled else "false"
