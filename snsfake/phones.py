"""Phone numbers and SMS texts: the shapes AWS accepts, the key one phone is known by,
how many parts a text takes, the per-message SMS attributes' values, whether an account is in
the SMS sandbox, and what it may spend."""

from __future__ import annotations

import datetime as _dt
import math
import re

from .errors import InvalidParameter, invalid_parameter
from .settings import Settings
from .state import Region

__all__ = [
    "PUBLISH_NUMBER_RE",
    "SMS_MAX_BYTES",
    "SMS_MESSAGE_ATTRIBUTES",
    "SMS_TYPES",
    "check_publish_phone_number",
    "check_sms_endpoint",
    "check_sms_message_attribute",
    "in_sandbox",
    "is_phone_number",
    "message_parts",
    "monthly_spend_limit",
    "phone_key",
    "spend_usd",
]

# "The total size quota for a single SMS publish action is 1,600 bytes" (AWS SNS Developer Guide,
# "Publishing to a mobile phone"; the API Reference says "1,600 characters", but counts in the
# same sentence as bytes: "140 ASCII characters" is a 140-byte SMS part).
SMS_MAX_BYTES = 1_600
SMS_TYPES = ("Promotional", "Transactional")

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

# The per-message SMS attributes and their values (AWS SNS Developer Guide, "Publishing to a
# mobile phone": sender ID 3-11 alphanumerics with a letter; origination number 5-14 digits,
# optional "+"; entity and template IDs 1-30 characters).
SMS_MESSAGE_ATTRIBUTES = (
    "AWS.SNS.SMS.SenderID",
    "AWS.SNS.SMS.SMSType",
    "AWS.SNS.SMS.MaxPrice",
    "AWS.MM.SMS.OriginationNumber",
    "AWS.MM.SMS.EntityId",
    "AWS.MM.SMS.TemplateId",
)
_SENDER_ID_RE = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9]{3,11}\Z", re.ASCII)
_ORIGINATION_NUMBER_RE = re.compile(r"^\+?[0-9]{5,14}\Z", re.ASCII)
_NUMBER_RE = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z", re.ASCII)
_DLT_ID_MAX = 30

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


def check_sms_message_attribute(name: str, data_type: str, value: str | None) -> str | None:
    """What is wrong with a per-message SMS attribute (``name`` one of SMS_MESSAGE_ATTRIBUTES), or None.

    The values are AWS's documented ones; the messages are snsfake's, in the form of AWS's
    other message attribute errors (AWS's own for these are not documented).
    """
    if data_type.partition(".")[0] == "Binary" or value is None:
        return f"The message attribute '{name}' with type '{data_type}' must use field 'String'."
    if name == "AWS.SNS.SMS.SenderID":
        if not _SENDER_ID_RE.match(value):
            return (
                f"The message attribute '{name}' must be 3 to 11 letters or digits, at least one of them "
                "a letter, with no spaces."
            )
    elif name == "AWS.SNS.SMS.SMSType":
        if value not in SMS_TYPES:
            return f"The message attribute '{name}' must be Promotional or Transactional."
    elif name == "AWS.SNS.SMS.MaxPrice":
        if not _NUMBER_RE.match(value) or not math.isfinite(float(value)):
            return f"Could not cast message attribute '{name}' value to number."  # AWS's text for a Number
        if float(value) < 0:
            return f"The message attribute '{name}' must not be negative."
    elif name == "AWS.MM.SMS.OriginationNumber":
        if not _ORIGINATION_NUMBER_RE.match(value):
            return f"The message attribute '{name}' must be 5 to 14 digits, with an optional leading '+'."
    elif len(value) > _DLT_ID_MAX:  # AWS.MM.SMS.EntityId, AWS.MM.SMS.TemplateId (empty ones fail earlier)
        return f"The message attribute '{name}' must be 1 to {_DLT_ID_MAX} characters long."
    return None


def monthly_spend_limit(settings: Settings, state: Region) -> float:
    """The account's MonthlySpendLimit in USD: as set, else its spending quota (AWS: "By default,
    the spend limit is set to the maximum allowed by Amazon SNS")."""
    stored = state.sms_attributes.get("MonthlySpendLimit")
    return float(stored) if stored is not None else float(settings.sms_spend_quota_usd)
