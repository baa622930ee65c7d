"""Topic access policies: may this caller perform this SNS action on this topic?

A topic's ``Policy`` attribute is an IAM resource policy. snsfake has no IAM
identity policies, so every principal of the topic's own account may do
everything; a principal of another account may act only where the topic policy
allows it and no statement explicitly denies it. :func:`allows` is the pure
evaluator; :func:`authorize` applies it to a call and raises AWS's error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .errors import AuthorizationError

if TYPE_CHECKING:
    from .context import Context
    from .state import Topic

__all__ = ["allows", "decide", "authorize", "principal_matches", "request_keys"]

_ACCOUNT_RE = re.compile(r"^\d{12}\Z", re.ASCII)
_ROOT_RE = re.compile(r"^arn:[a-z-]+:iam::(\d{12}):root\Z", re.ASCII)
ALLOW = "Allow"
DENY = "Deny"


# --------------------------------------------------------------------------- wildcards
@lru_cache(maxsize=512)
def _wildcard(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    """IAM wildcards: ``*`` any run of characters, ``?`` one character; nothing else is special."""
    body = "".join(".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern)
    return re.compile(body, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def _like(pattern: str, value: str, ignore_case: bool = False) -> bool:
    return _wildcard(pattern, ignore_case).fullmatch(value) is not None


def _strings(value: Any) -> list[str] | None:
    """A policy element that is one value or a list of values, as strings (None when malformed)."""
    items = value if isinstance(value, list) else [value]
    result = []
    for item in items:
        if isinstance(item, bool):
            result.append("true" if item else "false")
        elif isinstance(item, (str, int, float)):
            result.append(str(item))
        else:
            return None
    return result


# --------------------------------------------------------------------------- principals
def principal_matches(entry: str, account: str, principal: str) -> bool:
    """One principal entry: ``*``, an account id, ``arn:…:iam::ACCOUNT:root`` (any principal of the account), or an exact ARN."""
    if entry == "*":
        return True
    if _ACCOUNT_RE.match(entry):
        return entry == account
    root = _ROOT_RE.match(entry)
    if root is not None:
        return root.group(1) == account
    return entry == principal


def _principal_in(value: Any, account: str, principal: str) -> bool:
    if value == "*":
        return True
    if not isinstance(value, Mapping):
        return False
    for kind, entries in value.items():
        if kind != "AWS":
            continue  # Service, Federated and CanonicalUser principals never make a user's call
        names = _strings(entries)
        if names is not None and any(principal_matches(name, account, principal) for name in names):
            return True
    return False


# --------------------------------------------------------------------------- conditions
def request_keys(
    account: str, principal: str, organization_id: str | None = None, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The condition keys of a call (lower-case names: IAM key names are case-insensitive).

    A user's call carries no ``aws:SourceArn``; ``AWS:SourceOwner`` and
    ``aws:SourceAccount`` are the caller's account. Keys not listed are absent.
    """
    keys = {
        "aws:sourceowner": account,
        "aws:sourceaccount": account,
        "aws:principalaccount": account,
        "aws:principalarn": principal,
    }
    if organization_id is not None:
        keys["aws:principalorgid"] = organization_id
    if extra:
        keys.update({name.lower(): value for name, value in extra.items()})
    return keys


def _string_equals(pattern: str, value: str) -> bool:
    return pattern == value


def _string_equals_ignore_case(pattern: str, value: str) -> bool:
    return pattern.lower() == value.lower()


def _string_like(pattern: str, value: str) -> bool:
    return _like(pattern, value)


# operator (lower case, without IfExists) → (comparison, negated)
_OPERATORS: dict[str, tuple[Callable[[str, str], bool], bool]] = {
    "stringequals": (_string_equals, False),
    "stringnotequals": (_string_equals, True),
    "stringequalsignorecase": (_string_equals_ignore_case, False),
    "stringnotequalsignorecase": (_string_equals_ignore_case, True),
    "stringlike": (_string_like, False),
    "stringnotlike": (_string_like, True),
    "arnequals": (_string_like, False),
    "arnlike": (_string_like, False),
    "arnnotequals": (_string_like, True),
    "arnnotlike": (_string_like, True),
}


def _conditions_hold(condition: Any, keys: Mapping[str, str]) -> bool:
    """Every operator and key must hold; any listed value may match (IAM's AND of ORs)."""
    if condition is None:
        return True
    if not isinstance(condition, Mapping):
        return False
    for operator, block in condition.items():
        name = str(operator).lower()
        if_exists = name.endswith("ifexists")
        if if_exists:
            name = name[: -len("ifexists")]
        known = _OPERATORS.get(name)
        if known is None or not isinstance(block, Mapping):
            return False  # operators snsfake does not evaluate never grant (and never deny)
        compare, negated = known
        for key, wanted in block.items():
            values = _strings(wanted)
            if values is None:
                return False
            actual = keys.get(str(key).lower())
            if actual is None:
                # IAM: an absent key fails a positive operator, satisfies a negated one and any IfExists.
                if not (if_exists or negated):
                    return False
                continue
            matched = any(compare(value, actual) for value in values)
            if matched == negated:
                return False
    return True


# --------------------------------------------------------------------------- statements
def _any_like(value: Any, target: str, ignore_case: bool) -> bool | None:
    patterns = _strings(value)
    if patterns is None:
        return None
    return any(_like(pattern, target, ignore_case) for pattern in patterns)


def _statement_applies(
    statement: Mapping[str, Any],
    *,
    account: str,
    principal: str,
    action: str,
    resource: str,
    keys: Mapping[str, str],
) -> bool:
    if "Principal" in statement:
        if not _principal_in(statement["Principal"], account, principal):
            return False
    elif "NotPrincipal" in statement:
        if _principal_in(statement["NotPrincipal"], account, principal):
            return False
    else:
        return False
    if "Action" in statement:
        if not _any_like(statement["Action"], action, True):
            return False
    elif "NotAction" in statement:
        if _any_like(statement["NotAction"], action, True) is not False:
            return False
    else:
        return False
    if "Resource" in statement:
        if not _any_like(statement["Resource"], resource, False):
            return False
    elif "NotResource" in statement:
        if _any_like(statement["NotResource"], resource, False) is not False:
            return False
    else:
        return False
    return _conditions_hold(statement.get("Condition"), keys)


def decide(
    policy_json: str | None,
    *,
    account: str,
    principal: str,
    action: str,
    resource: str,
    keys: Mapping[str, str] | None = None,
) -> str | None:
    """``"Deny"`` when a statement explicitly denies, else ``"Allow"`` when one allows, else None."""
    if not policy_json:
        return None
    try:
        policy = json.loads(policy_json)
    except (ValueError, RecursionError):
        return None
    if not isinstance(policy, Mapping):
        return None
    statements = policy.get("Statement")
    if isinstance(statements, Mapping):
        statements = [statements]
    if not isinstance(statements, list):
        return None
    context_keys = keys if keys is not None else request_keys(account, principal)
    allowed = False
    for statement in statements:
        if not isinstance(statement, Mapping):
            continue
        effect = statement.get("Effect")
        if effect not in (ALLOW, DENY):
            continue
        if not _statement_applies(
            statement,
            account=account,
            principal=principal,
            action=action,
            resource=resource,
            keys=context_keys,
        ):
            continue
        if effect == DENY:
            return DENY
        allowed = True
    return ALLOW if allowed else None


def allows(policy_json: str | None, *, account: str, principal: str, action: str, resource: str) -> bool:
    """Whether the policy lets ``principal`` of ``account`` perform ``action`` (``SNS:Publish``) on ``resource``."""
    return (
        decide(policy_json, account=account, principal=principal, action=action, resource=resource) == ALLOW
    )


# --------------------------------------------------------------------------- enforcement
def authorize(
    context: Context, topic_or_arn: Topic | str, action: str, *, keys: Mapping[str, str] | None = None
) -> None:
    """Raise AWS's ``AuthorizationError`` unless the caller may perform ``SNS:{action}`` on the topic.

    The owner account always may. For another account's topic the policy is
    checked before existence: a missing topic is refused like a forbidden one,
    as AWS does. ARNs that are not topic ARNs of the caller's region are
    left alone: their shape errors are the caller's to raise.
    """
    if isinstance(topic_or_arn, str):
        arn, topic = topic_or_arn, None
    else:
        arn, topic = topic_or_arn.arn, topic_or_arn
    parts = arn.split(":", 6)
    if len(parts) != 6 or parts[4] == context.account or parts[3] != context.region or parts[2] != "sns":
        return
    if topic is None:
        topic = context.backend.find_topic(arn)
    policy = topic.attributes.get("Policy") if topic is not None else None
    principal = context.principal
    call_keys = request_keys(context.account, principal, context.settings.organization_id, keys)
    verdict = decide(
        policy,
        account=context.account,
        principal=principal,
        action=f"SNS:{action}",
        resource=arn,
        keys=call_keys,
    )
    if verdict == ALLOW:
        return
    reason = (
        "with an explicit deny in a resource-based policy"
        if verdict == DENY
        else f"because no resource-based policy allows the SNS:{action} action"
    )
    raise AuthorizationError(
        f"User: {principal} is not authorized to perform: SNS:{action} on resource: {arn} {reason}"
    )
