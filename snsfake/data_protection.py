"""Message data protection policies: validation of the policy document."""

from __future__ import annotations

import json
from typing import Any

from .errors import invalid_parameter

__all__ = ["check_data_protection_policy", "MAX_POLICY_LENGTH"]

MAX_POLICY_LENGTH = 30_720


def check_data_protection_policy(policy: Any) -> dict[str, Any]:
    """A DataProtectionPolicy must be a JSON object of at most 30,720 characters."""
    if not isinstance(policy, str) or policy == "":
        raise invalid_parameter("DataProtectionPolicy Reason: no value for required parameter")
    if len(policy) > MAX_POLICY_LENGTH:
        raise invalid_parameter("DataProtectionPolicy Reason: must be at most 30720 characters long")
    try:
        document = json.loads(policy)
    except ValueError:
        raise invalid_parameter("DataProtectionPolicy Reason: failed to parse JSON") from None
    if not isinstance(document, dict):
        raise invalid_parameter("DataProtectionPolicy Reason: must be a JSON object")
    return document
