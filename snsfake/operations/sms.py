"""The eleven SMS operations: the opt-out list, SMS attributes, the SMS sandbox and
origination numbers. (What a phone receives is in ``protocols/sms.py``.)"""

from __future__ import annotations

import datetime as _dt
import re
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from .. import arns
from ..context import Context
from ..errors import (
    InvalidParameter,
    OptedOut,
    ResourceNotFound,
    SnsError,
    UserError,
    ValidationError,
    ValidationException,
    VerificationException,
    invalid_parameter,
)
from ..phones import SMS_TYPES, in_sandbox, phone_key
from ..records import Delivery
from ..state import Region, SandboxNumber
from ..validation import page, require_map

__all__ = [
    "check_if_phone_number_is_opted_out",
    "create_sms_sandbox_phone_number",
    "delete_sms_sandbox_phone_number",
    "get_sms_attributes",
    "get_sms_sandbox_account_status",
    "list_origination_numbers",
    "list_phone_numbers_opted_out",
    "list_sms_sandbox_phone_numbers",
    "opt_in_phone_number",
    "set_sms_attributes",
    "verify_sms_sandbox_phone_number",
]

OPT_IN_INTERVAL = _dt.timedelta(days=30)
SANDBOX_DELETE_DELAY = _dt.timedelta(hours=24)
SANDBOX_NUMBER_LIMIT = 10
SANDBOX_OTP_SENDS_PER_DAY = 5
LANGUAGE_CODES = (
    "en-US",
    "en-GB",
    "es-419",
    "es-ES",
    "de-DE",
    "fr-CA",
    "fr-FR",
    "it-IT",
    "ja-JP",
    "pt-BR",
    "kr-KR",
    "zh-CN",
    "zh-TW",
)

# OptInPhoneNumber / CheckIfPhoneNumberIsOptedOut: digits with an optional "+".
_OPT_NUMBER_RE = re.compile(r"^\+?\d+\Z", re.ASCII)
# The sandbox APIs' PhoneNumber shape (botocore model), checked by AWS's request validation.
_SANDBOX_NUMBER_PATTERN = r"^(\+[0-9]{8,}|[0-9]{0,9})$"
_SANDBOX_NUMBER_RE = re.compile(_SANDBOX_NUMBER_PATTERN[:-1] + r"\Z")
_OTP_PATTERN = r"^[0-9]+$"
_OTP_RE = re.compile(_OTP_PATTERN[:-1] + r"\Z")
_SENDER_ID_RE = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}\Z", re.ASCII)
_BUCKET_RE = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\Z", re.ASCII)
_ROLE_ARN_RE = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+\Z", re.ASCII)

SMS_ATTRIBUTE_NAMES = (
    "MonthlySpendLimit",
    "DeliveryStatusIAMRole",
    "DeliveryStatusSuccessSamplingRate",
    "DefaultSenderID",
    "DefaultSMSType",
    "UsageReportS3Bucket",
)

# --------------------------------------------------------------------------- phone numbers
def _opt_number(params: Mapping[str, Any]) -> str:
    number = params.get("phoneNumber")
    if not isinstance(number, str) or number == "":
        raise invalid_parameter("PhoneNumber Reason: no value for required parameter")
    if not _OPT_NUMBER_RE.match(number):
        raise invalid_parameter("PhoneNumber Reason: input incorrectly formatted")
    return number


# --------------------------------------------------------------------------- request validation
def _constraint(value: Any, path: str, constraint: str) -> str:
    return f"Value '{value}' at '{path}' failed to satisfy constraint: {constraint}"


def _validation_failed(problems: list[str], error: type[SnsError] = ValidationError) -> SnsError:
    """AWS's model-validation answer: ``N validation error(s) detected: ...; ...``."""
    count = len(problems)
    noun = "error" if count == 1 else "errors"
    return error(f"{count} validation {noun} detected: " + "; ".join(problems))


def _sandbox_number_problems(number: Any) -> list[str]:
    if not isinstance(number, str):
        return []
    problems = []
    if not _SANDBOX_NUMBER_RE.match(number):
        problems.append(
            _constraint(
                number,
                "phoneNumber",
                f"Member must satisfy regular expression pattern: {_SANDBOX_NUMBER_PATTERN}",
            )
        )
    if len(number) > 20:
        problems.append(
            _constraint(number, "phoneNumber", "Member must have length less than or equal to 20")
        )
    return problems


def _sandbox_number(params: Mapping[str, Any], extra: Iterable[str] = ()) -> str:
    """The PhoneNumber of a sandbox call, after AWS's model validation of it and of ``extra`` problems."""
    number = params.get("PhoneNumber")
    problems = _sandbox_number_problems(number) + list(extra)
    if problems:
        raise _validation_failed(problems)
    if not isinstance(number, str) or number == "":
        raise invalid_parameter("PhoneNumber Reason: no value for required parameter")
    return number


def _max_results(params: Mapping[str, Any], high: int, error: type[SnsError]) -> int:
    value = params.get("MaxResults")
    if value is None:
        return high
    if value < 1:
        raise _validation_failed(
            [_constraint(value, "maxResults", "Member must have value greater than or equal to 1")], error
        )
    if value > high:
        raise _validation_failed(
            [_constraint(value, "maxResults", f"Member must have value less than or equal to {high}")], error
        )
    return int(value)


# --------------------------------------------------------------------------- opt-out list
def check_if_phone_number_is_opted_out(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    """Opt-outs match by phone, so ``15555550100`` and ``+15555550100`` are the same number."""
    number = _opt_number(params)
    return {"isOptedOut": phone_key(number) in context.state.opted_out}


def list_phone_numbers_opted_out(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    """100 a page; the 2016 API spells its token ``nextToken``."""
    numbers, token = page(context.state.opted_out, params.get("nextToken"), "opted-out")
    result: dict[str, Any] = {"phoneNumbers": numbers}
    if token is not None:
        result["nextToken"] = token
    return result


def opt_in_phone_number(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    """Take a number off the opt-out list; AWS allows it once every 30 days per number."""
    key = phone_key(_opt_number(params))
    state = context.state
    if key not in state.opted_out:
        return {}
    last = state.opt_in_times.get(key)
    if last is not None and context.now - last < OPT_IN_INTERVAL:
        raise invalid_parameter("PhoneNumber Reason: You can opt in a phone number only once every 30 days")
    state.opted_out.remove(key)
    state.opt_in_times[key] = context.now
    return {}


# --------------------------------------------------------------------------- SMS attributes
# A spend limit AWS could hold in a Java long (it parses the number; longer is not a number to it).
_MAX_SPEND_DIGITS = 18


def _whole_number(text: str, max_digits: int) -> int | None:
    """``text`` as a non-negative integer of at most ``max_digits`` significant digits, else None.

    ``isdecimal``, not ``isdigit``: ``"²"`` is a digit that ``int()`` rejects. The digit cap also keeps
    ``int()`` clear of Python's 4300-digit conversion limit.
    """
    if not text.isdecimal() or len(text.lstrip("0")) > max_digits:
        return None
    return int(text)


def _check_sms_attribute(name: str, value: Any, quota: int) -> str:
    """Validate one SetSMSAttributes entry; the value to store.

    A MonthlySpendLimit above the account's spending quota is refused (AWS: raising it takes a
    support case); AWS's message for that is not documented: snsfake answers as for any other
    invalid value.
    """
    if name not in SMS_ATTRIBUTE_NAMES:
        raise InvalidParameter(f"{name} is not a valid attribute")
    text = value if isinstance(value, str) else ""
    if name == "MonthlySpendLimit":
        amount = _whole_number(text, _MAX_SPEND_DIGITS)
        if amount is None or amount > quota:
            raise InvalidParameter("MonthlySpendLimit is invalid")
        return str(amount)
    if name == "DeliveryStatusSuccessSamplingRate":
        rate = _whole_number(text, 3)
        if rate is None or rate > 100:
            raise InvalidParameter("DeliveryStatusSuccessSamplingRate is invalid")
        return str(rate)
    if name == "DefaultSenderID":
        if not _SENDER_ID_RE.match(text):
            raise InvalidParameter("DefaultSenderID is invalid")
        return text
    if name == "DefaultSMSType":
        if text not in SMS_TYPES:
            raise InvalidParameter("DefaultSMSType is invalid")
        return text
    if name == "DeliveryStatusIAMRole":
        if text and not _ROLE_ARN_RE.match(text):
            raise InvalidParameter("DeliveryStatusIAMRole is invalid")
        return text
    # UsageReportS3Bucket: AWS checks that the bucket exists; a name S3 cannot have never does.
    if text and not _BUCKET_RE.match(text):
        raise invalid_parameter("UsageReportS3Bucket Reason: The bucket you provided does not exist")
    return text


def get_sms_attributes(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    """Requested names without a value (or unknown) are left out rather than rejected.

    MonthlySpendLimit always has one: the account's spending quota until it is set.
    """
    stored = {"MonthlySpendLimit": str(context.settings.sms_spend_quota_usd), **context.state.sms_attributes}
    wanted = params.get("attributes")
    if not wanted:
        return {"attributes": dict(stored)}
    return {"attributes": {name: stored[name] for name in wanted if name in stored}}


def set_sms_attributes(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    """Merge: every entry is checked first, so one bad value changes nothing."""
    attributes = require_map(params.get("attributes"), "attributes")
    if attributes is None:
        raise invalid_parameter("attributes Reason: no value for required parameter")
    quota = context.settings.sms_spend_quota_usd
    checked = {name: _check_sms_attribute(name, value, quota) for name, value in attributes.items()}
    context.state.sms_attributes.update(checked)
    return {}


# --------------------------------------------------------------------------- SMS sandbox
def get_sms_sandbox_account_status(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    """New accounts start in the sandbox; ``SnsFake.leave_sms_sandbox`` plays the support case."""
    return {"IsInSandbox": in_sandbox(context.settings, context.state)}


def _new_otp() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def _otp_text(otp: str) -> str:
    return f"Your Amazon SNS verification code is: {otp}"


def create_sms_sandbox_phone_number(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    """Add (or re-send the code to) a sandbox destination; the OTP SMS is captured as a delivery."""
    language = params.get("LanguageCode")
    language_problems = []
    if language is not None and language not in LANGUAGE_CODES:
        language_problems.append(
            _constraint(
                language, "languageCode", f"Member must satisfy enum value set: [{', '.join(LANGUAGE_CODES)}]"
            )
        )
    number = _sandbox_number(params, language_problems)
    state = context.state
    if not in_sandbox(context.settings, state):
        raise UserError("Your account is not in the SMS sandbox")
    key = phone_key(number)
    if key in state.opted_out:
        raise OptedOut("Phone number is opted out")
    entry = state.sandbox_numbers.get(number)
    day_ago = context.now - _dt.timedelta(days=1)
    if entry is None:
        if len(state.sandbox_numbers) >= SANDBOX_NUMBER_LIMIT:
            raise UserError(
                f"You can have up to {SANDBOX_NUMBER_LIMIT} destination phone numbers in the SMS sandbox"
            )
    elif entry.status == "Verified":
        raise UserError("Phone number is already verified")
    elif sum(1 for sent in entry.sends if sent > day_ago) >= SANDBOX_OTP_SENDS_PER_DAY:
        raise UserError(
            "You can send the one-time password to a phone number up to "
            f"{SANDBOX_OTP_SENDS_PER_DAY} times every 24 hours"
        )

    otp = _new_otp()
    if entry is None:
        entry = SandboxNumber(number, "Pending", otp, context.now, context.now, language or "en-US")
        state.sandbox_numbers.add(number, entry)
    else:
        entry.one_time_password = otp
        entry.language_code = language or entry.language_code
    entry.sends = [sent for sent in entry.sends if sent > day_ago] + [context.now]
    text = _otp_text(otp)
    context.captured.deliveries.append(
        Delivery(
            protocol="sms",
            endpoint=number,
            subscription_arn=None,
            topic_arn=None,
            message_id=arns.new_message_id(),
            message_type="OneTimePassword",
            message=text,
            at=context.now,
            extra={"one_time_password": otp, "language_code": entry.language_code},
            body=text,
        )
    )
    return {}


def _sandbox_entry(state: Region, number: str) -> SandboxNumber:
    entry = state.sandbox_numbers.get(number)
    if entry is None:
        raise ResourceNotFound("Phone number does not exist")
    return entry


def verify_sms_sandbox_phone_number(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    """Check the OTP; every attempt, right or wrong, restarts the 24-hour delete clock."""
    otp = params.get("OneTimePassword")
    otp_problems = []
    if isinstance(otp, str):
        if not _OTP_RE.match(otp):
            otp_problems.append(
                _constraint(
                    otp, "oneTimePassword", f"Member must satisfy regular expression pattern: {_OTP_PATTERN}"
                )
            )
        if len(otp) > 8:
            otp_problems.append(
                _constraint(otp, "oneTimePassword", "Member must have length less than or equal to 8")
            )
        elif len(otp) < 5:
            otp_problems.append(
                _constraint(otp, "oneTimePassword", "Member must have length greater than or equal to 5")
            )
    number = _sandbox_number(params, otp_problems)
    entry = _sandbox_entry(context.state, number)
    entry.last_attempt = context.now
    if otp != entry.one_time_password:
        raise VerificationException("Invalid one-time password", "Failed")
    entry.status = "Verified"
    return {}


def delete_sms_sandbox_phone_number(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    """Remove a sandbox number, only 24 hours after it was added or last verified (or tried)."""
    number = _sandbox_number(params)
    state = context.state
    entry = _sandbox_entry(state, number)
    if context.now - entry.last_attempt < SANDBOX_DELETE_DELAY:
        raise UserError(
            "You can delete a phone number only 24 hours after its verification "
            "or its last verification attempt"
        )
    state.sandbox_numbers.remove(number)
    return {}


def list_sms_sandbox_phone_numbers(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    """MaxResults 1–100 (default 100); an account outside the sandbox has no sandbox to list."""
    limit = _max_results(params, 100, ValidationError)
    state = context.state
    if not in_sandbox(context.settings, state):
        raise ResourceNotFound("Your account is not in the SMS sandbox")
    entries, token = page(state.sandbox_numbers, params.get("NextToken"), "sandbox", limit)
    result: dict[str, Any] = {
        "PhoneNumbers": [{"PhoneNumber": entry.phone_number, "Status": entry.status} for entry in entries]
    }
    if token is not None:
        result["NextToken"] = token
    return result


# --------------------------------------------------------------------------- origination numbers
def list_origination_numbers(context: Context, params: Mapping[str, Any]) -> dict[str, Any]:
    """MaxResults 1–30 (default 30); numbers are seeded with ``SnsFake.add_origination_number``."""
    limit = _max_results(params, 30, ValidationException)
    numbers, token = page(context.state.origination_numbers, params.get("NextToken"), "origination", limit)
    result: dict[str, Any] = {
        "PhoneNumbers": [
            {
                "CreatedAt": number.created,
                "PhoneNumber": number.phone_number,
                "Status": number.status,
                "Iso2CountryCode": number.iso2_country_code,
                "RouteType": number.route_type,
                "NumberCapabilities": list(number.capabilities),
            }
            for number in numbers
        ]
    }
    if token is not None:
        result["NextToken"] = token
    return result
