"""HTTP/S delivery policies: validation, normalization and the effective policy.

Topic policies live under ``http`` with ``default``-prefixed names; subscription
policies use the same names without the prefix. AWS stores what was given
(nulls dropped) and shows an ``EffectiveDeliveryPolicy`` merged with defaults.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

__all__ = [
    "DEFAULT_HEALTHY_RETRY",
    "normalize_topic_policy",
    "effective_topic_policy",
    "normalize_subscription_policy",
    "effective_subscription_policy",
    "PolicyError",
    "retry_delays",
    "MANAGED_RETRY_POLICY",
]

DEFAULT_HEALTHY_RETRY: dict[str, Any] = {
    "minDelayTarget": 20,
    "maxDelayTarget": 20,
    "numRetries": 3,
    "numMaxDelayRetries": 0,
    "numNoDelayRetries": 0,
    "numMinDelayRetries": 0,
    "backoffFunction": "linear",
}
# What SNS retries to AWS-managed endpoints (Lambda, SQS, Firehose) after a server-side error, in
# the terms of an HTTP retry policy: 3 retries without delay, 2 one second apart, 10 backing off
# exponentially from 1 to 20 seconds (AWS doc "Amazon SNS message delivery retries"). The
# post-backoff phase that follows (100,000 retries 20 seconds apart, over 23 days) is not played.
MANAGED_RETRY_POLICY: dict[str, Any] = {
    "minDelayTarget": 1,
    "maxDelayTarget": 20,
    "numRetries": 15,
    "numMaxDelayRetries": 0,
    "numNoDelayRetries": 3,
    "numMinDelayRetries": 2,
    "backoffFunction": "exponential",
}
DEFAULT_CONTENT_TYPE = "text/plain; charset=UTF-8"
_BACKOFF = ("linear", "arithmetic", "geometric", "exponential")
_COMPACT = (",", ":")


class PolicyError(Exception):
    """An invalid delivery policy; ``detail`` follows ``DeliveryPolicy: ``."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def _drop_nulls(value: dict[str, Any]) -> dict[str, Any]:
    return {key: item for key, item in value.items() if item is not None}


def _check_retry(retry: Any, where: str) -> None:
    if retry is None:
        return
    if not isinstance(retry, dict):
        raise PolicyError(f"{where} must be an object")
    for key, value in retry.items():
        if key == "backoffFunction":
            if value not in _BACKOFF:
                raise PolicyError(f"{where}.backoffFunction must be one of {', '.join(_BACKOFF)}")
        elif key in DEFAULT_HEALTHY_RETRY:
            if not isinstance(value, int) or isinstance(value, bool):
                raise PolicyError(f"{where}.{key} must be an integer")
            if value < 0:
                raise PolicyError(f"{where}.{key} must be greater than or equal to 0")
        else:
            raise PolicyError(f"{where}: unknown field {key}")
    merged = {**DEFAULT_HEALTHY_RETRY, **retry}
    low, high = merged["minDelayTarget"], merged["maxDelayTarget"]
    if low < 1:
        raise PolicyError(f"{where}.minDelayTarget must be greater than or equal to 1")
    if high > 3600:
        raise PolicyError(f"{where}.maxDelayTarget must be less than or equal to 3600")
    if low > high:
        raise PolicyError(f"{where}.minDelayTarget must be less than or equal to maxDelayTarget")
    if merged["numRetries"] > 100:
        raise PolicyError(f"{where}.numRetries must be less than or equal to 100")
    phases = merged["numNoDelayRetries"] + merged["numMinDelayRetries"] + merged["numMaxDelayRetries"]
    if phases > merged["numRetries"]:
        raise PolicyError(
            f"{where}: the sum of numNoDelayRetries, numMinDelayRetries and numMaxDelayRetries exceeds numRetries"
        )


def _check_throttle(throttle: Any, where: str) -> None:
    if throttle is None:
        return
    if not isinstance(throttle, dict):
        raise PolicyError(f"{where} must be an object")
    rate = throttle.get("maxReceivesPerSecond")
    if rate is not None and (not isinstance(rate, int) or isinstance(rate, bool) or rate < 1):
        raise PolicyError(f"{where}.maxReceivesPerSecond must be greater than or equal to 1")


def _check_request(request: Any, where: str) -> None:
    if request is None:
        return
    if not isinstance(request, dict):
        raise PolicyError(f"{where} must be an object")
    content_type = request.get("headerContentType")
    if content_type is not None and not isinstance(content_type, str):
        raise PolicyError(f"{where}.headerContentType must be a string")


def _parse(value: str) -> dict[str, Any]:
    try:
        policy = json.loads(value)
    except (ValueError, RecursionError):
        raise PolicyError("failed to parse JSON") from None
    if not isinstance(policy, dict):
        raise PolicyError("must be a JSON object")
    return policy


def normalize_topic_policy(value: str) -> str | None:
    """Validate a topic DeliveryPolicy; the string to store, or None to remove it (raises PolicyError)."""
    if value == "":
        return None
    policy = _parse(value)
    stored: dict[str, Any] = {}
    for scope, section in policy.items():
        if scope not in ("http", "https"):
            stored[scope] = section
            continue
        if not isinstance(section, dict):
            raise PolicyError(f"{scope} must be an object")
        section = _drop_nulls(section)
        _check_retry(section.get("defaultHealthyRetryPolicy"), f"{scope}.defaultHealthyRetryPolicy")
        _check_throttle(section.get("defaultThrottlePolicy"), f"{scope}.defaultThrottlePolicy")
        _check_request(section.get("defaultRequestPolicy"), f"{scope}.defaultRequestPolicy")
        if not isinstance(section.get("disableSubscriptionOverrides", False), bool):
            raise PolicyError(f"{scope}.disableSubscriptionOverrides must be a boolean")
        section.setdefault("disableSubscriptionOverrides", False)
        if isinstance(section.get("defaultHealthyRetryPolicy"), dict):
            section["defaultHealthyRetryPolicy"] = _retry_in_order(section["defaultHealthyRetryPolicy"])
        stored[scope] = _in_order(section, _TOPIC_SECTION_ORDER)
    return json.dumps(stored, separators=_COMPACT)


# AWS stores a delivery policy as its own object and writes it back in a fixed key order
# (recorded AWS replies); keys it does not know keep the order they were given in, after these.
_TOPIC_SECTION_ORDER = (
    "defaultHealthyRetryPolicy",
    "defaultSicklyRetryPolicy",
    "disableSubscriptionOverrides",
    "defaultThrottlePolicy",
    "defaultRequestPolicy",
)


def _in_order(value: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    ordered = {key: value[key] for key in order if key in value}
    ordered.update(value)  # the rest, as given (the known keys keep their place)
    return ordered


def _retry_in_order(retry: dict[str, Any]) -> dict[str, Any]:
    return _in_order(retry, tuple(DEFAULT_HEALTHY_RETRY))


def _topic_http(stored: str | None) -> dict[str, Any]:
    if not stored:
        return {}
    section = json.loads(stored).get("http")
    return section if isinstance(section, dict) else {}


@functools.lru_cache(maxsize=256)
def effective_topic_policy(stored: str | None) -> str:
    """Defaults overlaid with the topic's stored DeliveryPolicy (cached: it depends on the string only)."""
    section = _topic_http(stored)
    retry = {**DEFAULT_HEALTHY_RETRY, **(section.get("defaultHealthyRetryPolicy") or {})}
    effective: dict[str, Any] = {
        "defaultHealthyRetryPolicy": retry,
        "disableSubscriptionOverrides": section.get("disableSubscriptionOverrides", False),
    }
    if section.get("defaultThrottlePolicy"):
        effective["defaultThrottlePolicy"] = section["defaultThrottlePolicy"]
    effective["defaultRequestPolicy"] = section.get("defaultRequestPolicy") or {
        "headerContentType": DEFAULT_CONTENT_TYPE
    }
    return json.dumps({"http": effective}, separators=_COMPACT)


_SUBSCRIPTION_KEYS = ("healthyRetryPolicy", "sicklyRetryPolicy", "throttlePolicy", "requestPolicy", "guaranteed")


def normalize_subscription_policy(value: str) -> str | None:
    """Validate a subscription DeliveryPolicy (raises PolicyError); all five keys present, missing ones null."""
    if value == "":
        return None
    policy = _parse(value)
    for key in policy:
        if key not in _SUBSCRIPTION_KEYS:
            raise PolicyError(f"unknown field {key}")
    _check_retry(policy.get("healthyRetryPolicy"), "healthyRetryPolicy")
    _check_throttle(policy.get("throttlePolicy"), "throttlePolicy")
    _check_request(policy.get("requestPolicy"), "requestPolicy")
    _check_retry(policy.get("sicklyRetryPolicy"), "sicklyRetryPolicy")
    if not isinstance(policy.get("guaranteed", False), (bool, type(None))):
        raise PolicyError("guaranteed must be a boolean")
    normalized = {key: policy.get(key) for key in _SUBSCRIPTION_KEYS}
    for key in ("healthyRetryPolicy", "sicklyRetryPolicy"):
        retry = normalized[key]
        if isinstance(retry, dict):
            normalized[key] = _retry_in_order(retry)
    if normalized["guaranteed"] is None:
        normalized["guaranteed"] = False
    return json.dumps(normalized, separators=_COMPACT)


def effective_subscription(subscription_policy: str | None, topic_policy: str | None) -> dict[str, Any]:
    """The policy that governs an http/https subscription's deliveries."""
    section = _topic_http(topic_policy)
    own = json.loads(subscription_policy) if subscription_policy else {}
    if section.get("disableSubscriptionOverrides"):
        own = {}
    healthy = own.get("healthyRetryPolicy") or {
        **DEFAULT_HEALTHY_RETRY,
        **(section.get("defaultHealthyRetryPolicy") or {}),
    }
    return {
        "healthyRetryPolicy": healthy,
        "sicklyRetryPolicy": own.get("sicklyRetryPolicy"),
        "throttlePolicy": own.get("throttlePolicy") or section.get("defaultThrottlePolicy"),
        "requestPolicy": own.get("requestPolicy") or section.get("defaultRequestPolicy") or {
            "headerContentType": DEFAULT_CONTENT_TYPE
        },
        "guaranteed": own.get("guaranteed") or False,
    }


def effective_subscription_policy(subscription_policy: str | None, topic_policy: str | None) -> str:
    return json.dumps(effective_subscription(subscription_policy, topic_policy), separators=_COMPACT)


# SNS stops retrying an http/https delivery once an hour has passed, whatever the policy says.
MAX_RETRY_SECONDS = 3_600.0


def retry_delays(policy: Mapping[str, Any]) -> list[float]:
    """Seconds before each retry of an http/https delivery, per the healthy retry policy phases."""
    retry = {**DEFAULT_HEALTHY_RETRY, **(policy or {})}
    total = int(retry["numRetries"])
    low, high = float(retry["minDelayTarget"]), float(retry["maxDelayTarget"])
    no_delay = int(retry["numNoDelayRetries"])
    at_min = int(retry["numMinDelayRetries"])
    at_max = int(retry["numMaxDelayRetries"])
    backoff = max(total - no_delay - at_min - at_max, 0)
    delays = [0.0] * no_delay + [low] * at_min
    function = retry.get("backoffFunction", "linear")
    for step in range(1, backoff + 1):
        fraction = step / backoff
        if function == "linear":
            value = low + (high - low) * fraction
        elif function == "arithmetic":
            value = low + (high - low) * (step * (step + 1) / 2) / (backoff * (backoff + 1) / 2)
        elif function == "geometric":
            value = low * (high / low) ** fraction if low > 0 else high * fraction
        else:  # exponential
            value = low + (high - low) * (2**step - 1) / (2**backoff - 1)
        delays.append(round(value, 3))
    delays += [high] * at_max
    # SNS stops retrying once an hour has passed, whatever the policy says.
    kept: list[float] = []
    elapsed = 0.0
    for delay in delays[:total]:
        elapsed += delay
        if elapsed > MAX_RETRY_SECONDS:
            break
        kept.append(delay)
    return kept
