"""Phone numbers and SMS texts: the shapes AWS accepts, the key one phone is known by,
how many parts a text takes, and whether an account is in the SMS sandbox."""

from __future__ import annotations

import datetime as _dt
import re

from .errors import InvalidParameter, invalid_parameter
from .settings import Settings
from .state import Region

__all__ = [
    "PUBLISH_NUMBER_RE",
    "check_publish_phone_number",
    "check_sms_endpoint",
    "in_sandbox",
    "is_phone_number",
    "message_parts",
    "phone_key",
    "spend_usd",
]

# Publish(PhoneNumber=...): E.164-ish.
PUBLISH_NUMBER_RE = re.compile(r"^\+?[1-9]\d{1,14}\Z", re.ASCII)
# Subscribe(Protocol="sms"): digits with single ".", "-" or "/" separators between them.
_SMS_ENDPOINT_RE = re.compile(r"^\+?\d+(?:[./-]\d+)*\Z", re.ASCII)
_SEPARATORS = str.maketrans("", "", ".-/")

# GSM 03.38: the default alphabet (1 septet) and its extension table (2 septets: escape + char).
_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")



def phone_key(number: str) -> str:
    """The number as one phone: separators dropped, leading ``+`` (opt-outs and sandbox match on it)."""
    digits = number.translate(_SEPARATORS)
    return digits if digits.startswith("+") else f"+{digits}"


def is_phone_number(number: object) -> bool:
    """A number SMS can reach once its separators are dropped (what opt_out() accepts)."""
    return isinstance(number, str) and PUBLISH_NUMBER_RE.match(number.translate(_SEPARATORS)) is not None


def check_publish_phone_number(phone_number: str) -> None:
    """Publish(PhoneNumber=...) validation: an E.164-like number, or AWS's error."""
    if not isinstance(phone_number, str) or not PUBLISH_NUMBER_RE.match(phone_number):
        raise invalid_parameter(f"PhoneNumber Reason: {phone_number} is not valid to publish to")


def check_sms_endpoint(endpoint: str) -> None:
    """Subscribe(Protocol="sms") endpoint rule (sms.md §1); AWS's message has no prefix."""
    if not isinstance(endpoint, str) or not _SMS_ENDPOINT_RE.match(endpoint) or not is_phone_number(endpoint):
        raise InvalidParameter(f"Invalid SMS endpoint: {endpoint}")


def message_parts(text: str) -> int:
    """How many SMS parts carry ``text``: GSM-7 160 (153 per part when split), else UCS-2 70 (67).

    A long message is split on word boundaries: a part ends after its last space when the
    next word would not fit. Escaped GSM-7 characters take two septets and a UTF-16
    surrogate pair two units; neither is split across parts.
    """
    if all(char in _GSM7_BASIC or char in _GSM7_EXTENDED for char in text):
        weights = [2 if char in _GSM7_EXTENDED else 1 for char in text]
        single, multi = 160, 153
    else:
        weights = [2 if ord(char) > 0xFFFF else 1 for char in text]
        single, multi = 70, 67
    if sum(weights) <= single:
        return 1
    parts, start, length = 0, 0, len(text)
    while start < length:
        parts += 1
        end, used, after_space = start, 0, -1
        while end < length and used + weights[end] <= multi:
            used += weights[end]
            if text[end] == " ":
                after_space = end + 1
            end += 1
        if end < length and text[end] != " " and after_space > start:
            end = after_space  # the next word does not fit: the part ends after its last space
        start = end
    return parts


def in_sandbox(settings: Settings, state: Region) -> bool:
    """The fake's ``sms_sandbox`` option says where accounts start; the fake's helpers move one."""
    return settings.sms_sandbox if state.in_sandbox is None else state.in_sandbox


def spend_usd(state: Region, now: _dt.datetime) -> float:
    """What the account spent on SMS in ``now``'s month (UTC)."""
    return state.sms_spend.get((now.year, now.month), 0.0)
