"""SMS beyond the eleven SMS operations: what a test plays for the world outside the API
(a recipient replying STOP, the support case that leaves the sandbox, the code a phone
reads, numbers bought elsewhere). Behind ``SnsFake.opt_out()``, ``leave_sms_sandbox()`` ..."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable

from ..phones import PUBLISH_NUMBER_RE, is_phone_number, phone_key
from ..state import OriginationNumber, Region

__all__ = ["NUMBER_CAPABILITIES", "ROUTE_TYPES", "add_origination_number", "opt_out", "sandbox_password", "set_sandbox"]

ROUTE_TYPES = ("Transactional", "Promotional", "Premium")
NUMBER_CAPABILITIES = ("SMS", "MMS", "VOICE")
_COUNTRY_RE = re.compile(r"^[A-Za-z]{2}\Z", re.ASCII)


def opt_out(state: Region, phone_number: str) -> None:
    """What a recipient's STOP reply does: put the number on the account's opt-out list."""
    if not is_phone_number(phone_number):
        raise ValueError(f"snsfake: opt_out() needs a phone number like '+15555550100', got {phone_number!r}")
    key = phone_key(phone_number)
    state.opted_out.add(key, key)


def set_sandbox(state: Region, value: bool) -> None:
    """The support case that moves an account out of the sandbox (or back in, for tests)."""
    state.in_sandbox = value


def sandbox_password(state: Region, phone_number: str) -> str:
    """The OTP last sent to a sandbox number (what the phone's owner would read)."""
    entry = state.sandbox_numbers.get(phone_number)
    if entry is None:
        raise ValueError(
            f"snsfake: {phone_number!r} is not an SMS sandbox number of account {state.account} "
            f"in {state.name}; "
            "call create_sms_sandbox_phone_number first"
        )
    return entry.one_time_password


def add_origination_number(
    state: Region,
    phone_number: str,
    *,
    now: _dt.datetime,
    iso2_country_code: str,
    route_type: str,
    capabilities: Iterable[str],
    status: str,
) -> None:
    """Numbers are bought outside SNS (AWS End User Messaging); tests seed them here."""
    if not isinstance(phone_number, str) or not PUBLISH_NUMBER_RE.match(phone_number):
        raise ValueError(
            f"snsfake: origination number must be E.164 like '+15555550100', got {phone_number!r}"
        )
    if not isinstance(iso2_country_code, str) or not _COUNTRY_RE.match(iso2_country_code):
        raise ValueError(f"snsfake: iso2_country_code must be two letters, got {iso2_country_code!r}")
    if route_type not in ROUTE_TYPES:
        raise ValueError(f"snsfake: route_type must be one of {', '.join(ROUTE_TYPES)}, got {route_type!r}")
    if isinstance(capabilities, str):
        raise TypeError("snsfake: capabilities is a sequence of strings, e.g. ('SMS', 'VOICE')")
    chosen = tuple(capabilities)
    unknown = [item for item in chosen if item not in NUMBER_CAPABILITIES]
    if unknown or not chosen:
        raise ValueError(
            f"snsfake: capabilities must be a non-empty subset of {', '.join(NUMBER_CAPABILITIES)}, "
            f"got {chosen!r}"
        )
    if not isinstance(status, str) or not status:
        raise ValueError(f"snsfake: status must be a non-empty string such as 'ACTIVE', got {status!r}")
    created = now.replace(microsecond=now.microsecond // 1000 * 1000)
    state.origination_numbers.add(
        phone_number,
        OriginationNumber(phone_number, created, status, iso2_country_code.upper(), route_type, chosen),
    )
