"""Message data protection: DataProtectionPolicy validation, detection, and the
Audit / Deny / Deidentify operations applied to published (Inbound) and
delivered (Outbound) messages.

A policy is validated and compiled once, when it is set; a topic without one
costs nothing at publish time. Detection uses precompiled patterns for a few
managed data identifiers (see ``DETECTED``); the others are accepted in
policies but never found.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .access import principal_matches
from .capture import Captured
from .data_identifiers import DETECTED, DETECTORS, MANAGED_IDENTIFIERS, Detector
from .errors import AuthorizationError, SnsError, invalid_parameter
from .records import Finding

__all__ = [
    "check_data_protection_policy",
    "MAX_POLICY_LENGTH",
    "VERSION",
    "MANAGED_IDENTIFIERS",
    "DETECTED",
    "Finding",
    "Policy",
    "Outcome",
    "INBOUND_DENIED",
    "inbound_denied",
    "record_findings",
]

MAX_POLICY_LENGTH = 30_720
VERSION = "2021-06-01"
DIRECTIONS = ("Inbound", "Outbound")
OPERATIONS = ("Audit", "Deidentify", "Deny")
DEFAULT_MASK = "*"
# (unconfirmed wording) AWS documents only the code, AuthorizationError (403), for an inbound Deny and for a
# message that is sensitive in its entirety; this mirrors its documented outbound text.
INBOUND_DENIED = "The topic's data protection policy prohibits this message from being published"
# A managed data identifier: the global form AWS documents (``...:dataprotection::aws:data-identifier/<Name>``),
# or the region-qualified form AWS also accepts (``...:dataprotection:<region>::data-identifier/<Name>``).
_IDENTIFIER_ARN = re.compile(
    r"^arn:[a-z-]+:dataprotection:(?::aws|[a-z]{2}(?:-[a-z]+)+-\d+:):data-identifier/([A-Za-z0-9-]+)\Z", re.ASCII
)


# --------------------------------------------------------------------------- compiled policy
@dataclass(frozen=True, slots=True)
class _Statement:
    direction: str
    principals: tuple[str, ...]
    identifiers: tuple[str, ...]
    operation: str
    mask: str | None = None  # Deidentify: the mask character; None redacts
    sample_rate: int | None = None

    def covers(self, account: str, principal: str) -> bool:
        return any(principal_matches(entry, account, principal) for entry in self.principals)


class Scan:
    """Where each identifier occurs in one text, computed on first use."""

    __slots__ = ("text", "_detectors", "_found")

    def __init__(self, text: str, detectors: Mapping[str, Detector]) -> None:
        self.text = text
        self._detectors = detectors
        self._found: dict[str, list[tuple[int, int]]] = {}

    def spans(self, identifier: str) -> list[tuple[int, int]]:
        found = self._found.get(identifier)
        if found is None:
            detector = self._detectors.get(identifier)
            found = self._found[identifier] = detector.find(self.text) if detector is not None else []
        return found


@dataclass(slots=True)
class Outcome:
    """What a policy did to one message: its (possibly de-identified) text, or a refusal."""

    denied: bool
    message: str
    structure: Mapping[str, Any] | None
    findings: list[tuple[str, str, int]]  # (data identifier, operation, count)


class Policy:
    """A validated DataProtectionPolicy, ready to apply."""

    __slots__ = ("inbound", "outbound", "_detectors")

    def __init__(self, statements: list[_Statement], detectors: Mapping[str, Detector]) -> None:
        self.inbound = tuple(item for item in statements if item.direction == "Inbound")
        self.outbound = tuple(item for item in statements if item.direction == "Outbound")
        self._detectors = detectors

    def scan(self, text: str) -> Scan:
        return Scan(text, self._detectors)

    def apply(
        self,
        direction: str,
        scan: Scan,
        structure: Mapping[str, Any] | None,
        *,
        account: str,
        principal: str,
    ) -> Outcome | None:
        """Apply the statements of ``direction`` that cover ``principal``; None when none of them acts.

        Order: Audit, then Deny, then Deidentify (AWS: "de-identified after the audit operation").
        """
        statements = [
            item
            for item in (self.inbound if direction == "Inbound" else self.outbound)
            if item.covers(account, principal)
        ]
        if not statements:
            return None
        findings: list[tuple[str, str, int]] = []
        for statement in statements:
            if statement.operation == "Audit" and statement.sample_rate != 0:
                findings.extend(_found(statement, scan))
        for statement in statements:
            if statement.operation == "Deny":
                hits = _found(statement, scan)
                if hits:
                    findings.extend(hits)
                    return Outcome(True, scan.text, structure, findings)
        masks = [statement for statement in statements if statement.operation == "Deidentify"]
        text, new_structure = scan.text, structure
        for statement in masks:
            findings.extend(_found(statement, scan))
        if any(operation == "Deidentify" for _, operation, _ in findings):
            text = _deidentify(scan, masks)
            if structure is not None:
                new_structure = {
                    key: _deidentify(self.scan(value), masks) if isinstance(value, str) else value
                    for key, value in structure.items()
                }
            if not text.strip():
                # AWS doc: the publisher gets an AuthorizationError "when the entire message is sensitive".
                return Outcome(True, scan.text, structure, findings)
        if not findings:
            return None
        return Outcome(False, text, new_structure, findings)


def _found(statement: _Statement, scan: Scan) -> list[tuple[str, str, int]]:
    return [
        (identifier, statement.operation, len(spans))
        for identifier in statement.identifiers
        if (spans := scan.spans(identifier))
    ]


def _deidentify(scan: Scan, statements: list[_Statement]) -> str:
    """Mask (one character per character) or redact every span; where spans overlap, the earlier one decides."""
    marks: list[tuple[int, int, str | None]] = []
    for statement in statements:
        for identifier in statement.identifiers:
            marks.extend((start, end, statement.mask) for start, end in scan.spans(identifier))
    if not marks:
        return scan.text
    marks.sort(key=lambda mark: mark[0])
    text = scan.text
    pieces: list[str] = []
    position = 0
    for start, end, mask in marks:
        if end <= position:
            continue
        start = max(start, position)
        pieces.append(text[position:start])
        if mask is not None:
            pieces.append(mask * (end - start))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def inbound_denied() -> AuthorizationError:
    return AuthorizationError(INBOUND_DENIED)


# --------------------------------------------------------------------------- validation
def _invalid(detail: str) -> SnsError:
    return invalid_parameter(f"DataProtectionPolicy Reason: {detail}")


def _string_list(value: Any) -> list[str] | None:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(item, str) and item for item in value):
        return None
    return value


def _custom_identifiers(configuration: Any) -> dict[str, Detector]:
    if configuration is None:
        return {}
    if not isinstance(configuration, dict):
        raise _invalid("Configuration must be an object")
    entries = configuration.get("CustomDataIdentifier", [])
    shape = "Configuration CustomDataIdentifier must be a list of objects with a Name and a Regex"
    if not isinstance(entries, list):
        raise _invalid(shape)
    custom: dict[str, Detector] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            raise _invalid(shape)
        name, regex = entry.get("Name"), entry.get("Regex")
        if not isinstance(name, str) or not name or not isinstance(regex, str) or not regex:
            raise _invalid(shape)
        try:
            custom[name] = Detector(re.compile(regex))
        except (re.error, RecursionError, OverflowError):
            raise _invalid(f"Configuration CustomDataIdentifier {name} has an invalid Regex") from None
    return custom


def _statement(item: Any, custom: Mapping[str, Detector]) -> _Statement:
    if not isinstance(item, dict):
        raise _invalid("Statement must be a list of statements")
    sid = item.get("Sid")
    if sid is not None and not isinstance(sid, str):
        raise _invalid("Statement Sid must be a string")
    direction = item.get("DataDirection")
    if direction not in DIRECTIONS:
        raise _invalid(
            "Statement DataDirection must be either Inbound or Outbound"
        )  # AWS's text, as real SNS answers it
    principals = _string_list(item.get("Principal"))
    if principals is None:
        raise _invalid("Statement Principal must be a non-empty list of principals")
    raw_identifiers = _string_list(item.get("DataIdentifier"))
    if raw_identifiers is None:
        raise _invalid("Statement DataIdentifier must be a non-empty list of data identifiers")
    # Each identifier once, by name: both ARN forms of one managed identifier are the same identifier.
    identifiers: dict[str, None] = {}
    for value in raw_identifiers:
        managed = _IDENTIFIER_ARN.match(value)
        if managed is not None and managed.group(1) in MANAGED_IDENTIFIERS:
            identifiers[managed.group(1)] = None
        elif value in custom:
            identifiers[value] = None
        else:
            raise _invalid(f"Statement DataIdentifier {value} is not a supported data identifier")
    operation = item.get("Operation")
    chosen = [name for name in OPERATIONS if isinstance(operation, dict) and name in operation]
    if not isinstance(operation, dict) or len(chosen) != 1 or len(operation) != 1:
        raise _invalid("Statement Operation must have exactly one of Audit, Deidentify or Deny")
    name = chosen[0]
    body = operation[name]
    if not isinstance(body, dict):
        raise _invalid(f"Statement Operation {name} must be an object")
    if name == "Deidentify":
        configs = [key for key in ("MaskConfig", "RedactConfig") if key in body]
        if len(configs) != 1 or len(body) != 1 or not isinstance(body[configs[0]], dict):
            raise _invalid(
                "Statement Operation Deidentify must have exactly one of MaskConfig or RedactConfig"
            )
        if configs[0] == "RedactConfig":
            return _Statement(direction, tuple(principals), tuple(identifiers), name, None)
        mask = body["MaskConfig"].get("MaskWithCharacter", DEFAULT_MASK)
        if not isinstance(mask, str) or len(mask) != 1 or not mask.isprintable():
            raise _invalid("Statement Operation Deidentify MaskWithCharacter must be a single character")
        return _Statement(direction, tuple(principals), tuple(identifiers), name, mask)
    if name == "Audit":
        rate = body.get("SampleRate")
        sample_rate = None
        if rate is not None:
            text = str(rate) if isinstance(rate, (str, int)) and not isinstance(rate, bool) else ""
            # isdecimal, not isdigit: int() rejects "²"; the length cap keeps int() off huge inputs.
            if not text.isdecimal() or len(text.lstrip("0")) > 2:
                raise _invalid("Statement Operation Audit SampleRate must be an integer between 0 and 99")
            sample_rate = int(text)
        for destination in ("FindingsDestination", "NoFindingsDestination"):
            if destination in body and not isinstance(body[destination], dict):
                raise _invalid(f"Statement Operation Audit {destination} must be an object")
        return _Statement(direction, tuple(principals), tuple(identifiers), name, sample_rate=sample_rate)
    return _Statement(direction, tuple(principals), tuple(identifiers), name)


def check_data_protection_policy(policy: Any) -> Policy:
    """Validate a DataProtectionPolicy document as AWS does; the compiled policy.

    Only ``Statement DataDirection must be either Inbound or Outbound`` is AWS's
    recorded text; the other reasons are snsfake's, in the same form.
    """
    if not isinstance(policy, str) or policy == "":
        raise invalid_parameter("DataProtectionPolicy Reason: no value for required parameter")
    if len(policy) > MAX_POLICY_LENGTH:
        raise invalid_parameter("DataProtectionPolicy Reason: must be at most 30720 characters long")
    try:
        document = json.loads(policy)
    except (ValueError, RecursionError):
        raise invalid_parameter("DataProtectionPolicy Reason: failed to parse JSON") from None
    if not isinstance(document, dict):
        raise invalid_parameter("DataProtectionPolicy Reason: must be a JSON object")
    name = document.get("Name")
    if not isinstance(name, str) or not name:
        raise _invalid("Name must be a non-empty string")
    if "Description" in document and not isinstance(document["Description"], str):
        raise _invalid("Description must be a string")
    if document.get("Version") != VERSION:
        raise _invalid(f"Version must be {VERSION}")
    statements = document.get("Statement")
    if not isinstance(statements, list):
        raise _invalid("Statement must be a list of statements")
    custom = _custom_identifiers(document.get("Configuration"))
    compiled = [_statement(item, custom) for item in statements]
    if sum(1 for item in compiled if item.operation == "Audit") > 1:
        raise _invalid("Only one Audit statement is allowed")
    detectors = {**DETECTORS, **custom} if custom else DETECTORS
    return Policy(compiled, detectors)


def record_findings(
    captured: Captured,
    findings: list[tuple[str, str, int]],
    *,
    message_id: str | None,
    topic_arn: str,
    direction: str,
    principal: str,
    at: _dt.datetime,
    subscription_arn: str | None = None,
) -> None:
    """Append one :class:`Finding` per (identifier, operation) to ``fake.data_protection_findings``."""
    for identifier, operation, count in findings:
        captured.findings.append(
            Finding(
                message_id,
                topic_arn,
                identifier,
                direction,
                operation,
                principal,
                count,
                at,
                subscription_arn,
            )
        )
