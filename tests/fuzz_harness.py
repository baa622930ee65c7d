"""The fuzz tests' harness: a fake seeded with resources of every kind, and the oracles. A call may
let only AWS's own errors escape; a call that fails must leave the state exactly as it was; every
captured record must render."""

from __future__ import annotations

import datetime
import json
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import botocore.session
from botocore.exceptions import ClientError, ParamValidationError
from conftest import make_client
from fuzz_values import (
    ACCOUNT,
    APP,
    FIFO_TOPIC,
    OPTED_OUT_PHONE,
    OTHER_ACCOUNT,
    PHONE,
    QUEUE,
    REGION,
    TOPIC,
    UNVERIFIED_PHONE,
)
from hypothesis import strategies as st
from sns_helpers import subscribe_params

import snsfake
from snsfake import SnsFake

CHECK_ATOMICITY = True  # a call that fails must leave the state exactly as it was


# --------------------------------------------------------------------------- seeded fake
@cache
def client(name: str) -> Any:
    if name == "eu-west-1":
        return make_client(region="eu-west-1")
    if name == "other-account":
        return make_client(access_key=OTHER_ACCOUNT)
    return make_client()


CLIENTS = st.sampled_from(["default"] * 6 + ["eu-west-1", "other-account"])


def _ok(
    fake: SnsFake, operation: str, params: dict[str, Any], region: str = REGION, key: str | None = None
) -> Any:
    status, parsed = fake._handle(operation, params, region, key)
    assert status == 200, (operation, parsed)
    return parsed


def _failing_lambda(event: Any, context: Any) -> None:
    raise RuntimeError("the function failed")


def seed(fake: SnsFake) -> dict[str, str]:
    """Resources for handlers to find; the placeholders that name them."""
    _ok(fake, "CreateTopic", {"Name": "fuzz", "Tags": [{"Key": "team", "Value": "a"}]})
    _ok(fake, "CreateTopic", {"Name": "fuzz", "Attributes": {"DisplayName": "Fuzz"}}, "eu-west-1")
    _ok(fake, "CreateTopic", {"Name": "fuzz"}, REGION, OTHER_ACCOUNT)
    archive = '{"MessageRetentionPeriod":"1"}'
    _ok(
        fake,
        "CreateTopic",
        {"Name": "fuzz.fifo", "Attributes": {"FifoTopic": "true", "ArchivePolicy": archive}},
    )
    _ok(
        fake,
        "Publish",
        {"TopicArn": FIFO_TOPIC, "Message": "archived", "MessageGroupId": "g", "MessageDeduplicationId": "d"},
    )

    def subscribe(protocol: str, endpoint: str, topic: str = TOPIC, **attributes: str) -> str:
        params = subscribe_params(topic, protocol, endpoint, **attributes)
        return str(_ok(fake, "Subscribe", params)["SubscriptionArn"])

    values = {
        "{{SUB}}": subscribe("sqs", QUEUE),
        "{{SUB_RAW}}": subscribe(
            "sqs", QUEUE + "-raw", RawMessageDelivery="true", FilterPolicy='{"color":["red"]}'
        ),
        "{{SUB_PENDING}}": subscribe("https", "https://example.com/hook"),
        "{{SUB_FIFO}}": subscribe("sqs", QUEUE + ".fifo", FIFO_TOPIC),
    }
    values["{{TOKEN}}"] = ""
    for delivery in fake.deliveries:
        if delivery.message_type == "SubscriptionConfirmation":
            values["{{TOKEN}}"] = str(delivery.extra["token"])
    values["{{TOKEN_UPPER}}"] = values["{{TOKEN}}"].upper()
    subscribe("email-json", "user@example.com")
    subscribe("sms", PHONE)
    # In-process endpoints that fail, so deliveries retry (per delivery policy) and dead-letter.
    dead_letter = json.dumps({"deadLetterTargetArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:dlq"})
    fake.on_http("http://example.com/confirmed", lambda request: 500)
    fake.on_lambda(f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:f", _failing_lambda)
    values["{{SUB_LAMBDA}}"] = subscribe(
        "lambda", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:f", RedrivePolicy=dead_letter
    )
    subscribe(
        "firehose",
        f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/s",
        SubscriptionRoleArn=f"arn:aws:iam::{ACCOUNT}:role/r",
    )
    values["{{SUB_HTTP}}"] = subscribe("http", "http://example.com/confirmed", RedrivePolicy=dead_letter)
    fake.confirm(values["{{SUB_HTTP}}"])
    fake.confirm(subscribe("email", "mail@example.com"))
    values["{{SUB_OTHER}}"] = str(
        _ok(
            fake,
            "Subscribe",
            {
                "TopicArn": f"arn:aws:sns:{REGION}:{OTHER_ACCOUNT}:fuzz",
                "Protocol": "sqs",
                "Endpoint": f"arn:aws:sqs:{REGION}:{OTHER_ACCOUNT}:q",
            },
            REGION,
            OTHER_ACCOUNT,
        )["SubscriptionArn"]
    )

    _ok(
        fake,
        "CreatePlatformApplication",
        {"Name": "fuzzapp", "Platform": "GCM", "Attributes": {"PlatformCredential": "key"}},
    )
    values["{{ENDPOINT}}"] = str(
        _ok(fake, "CreatePlatformEndpoint", {"PlatformApplicationArn": APP, "Token": "device"})["EndpointArn"]
    )
    subscribe("application", values["{{ENDPOINT}}"])
    _ok(
        fake,
        "CreatePlatformApplication",
        {
            "Name": "apple",
            "Platform": "APNS",
            "Attributes": {"PlatformCredential": "c", "PlatformPrincipal": "p"},
        },
    )
    values["{{ENDPOINT_OTHER}}"] = str(
        _ok(
            fake,
            "CreatePlatformEndpoint",
            {
                "PlatformApplicationArn": f"arn:aws:sns:{REGION}:{ACCOUNT}:app/APNS/apple",
                "Token": "ABCDEF0123",
                "Attributes": {"Enabled": "false"},
            },
        )["EndpointArn"]
    )

    fake.settings.sms_spend_quota_usd = 100  # as the option would: a limit above 1 USD needs a raised quota
    _ok(fake, "SetSMSAttributes", {"attributes": {"MonthlySpendLimit": "100"}})
    _ok(fake, "CreateSMSSandboxPhoneNumber", {"PhoneNumber": PHONE})
    _ok(
        fake,
        "VerifySMSSandboxPhoneNumber",
        {"PhoneNumber": PHONE, "OneTimePassword": fake.sandbox_password(PHONE)},
    )
    # Verified two days ago, so DeleteSMSSandboxPhoneNumber may delete it.
    entry = fake.backend.region(ACCOUNT, REGION).sandbox_numbers.get(PHONE)
    assert entry is not None
    entry.last_attempt -= datetime.timedelta(days=2)
    _ok(fake, "CreateSMSSandboxPhoneNumber", {"PhoneNumber": UNVERIFIED_PHONE})
    values["{{OTP}}"] = fake.sandbox_password(UNVERIFIED_PHONE)
    fake.opt_out(OPTED_OUT_PHONE)
    fake.add_origination_number("+15555550199")
    return values


def substitute(value: Any, values: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        if "{{" in value:
            for placeholder, real in values.items():
                value = value.replace(placeholder, real)
        return value
    if isinstance(value, dict):
        return {substitute(key, values): substitute(item, values) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(substitute(item, values) for item in value)
    return value


# --------------------------------------------------------------------------- the oracle
@dataclass(frozen=True)
class KnownBug:
    """A crash already reported to the owner of ``where`` and pinned by a strict xfail in
    test_fuzz_regressions.py.

    The fuzzers tolerate it so they keep looking for new ones; when it is fixed, its xfail
    test passes (strictly: fails) and this entry goes.
    """

    exception: type[BaseException]
    where: str  # "<file under snsfake/>:<function>" of the innermost snsfake frame

    def matches(self, error: BaseException) -> bool:
        return isinstance(error, self.exception) and _snsfake_frame(error) == self.where


KNOWN_BUGS: list[KnownBug] = []


def _snsfake_frame(error: BaseException) -> str:
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if "/snsfake/" in frame.filename]
    if not frames:
        return ""
    frame = frames[-1]
    return f"{frame.filename.rsplit('/snsfake/', 1)[1]}:{frame.name}"


def _known(error: BaseException) -> bool:
    return any(bug.matches(error) for bug in KNOWN_BUGS)


_LEAVES = (str, int, float, bytes, bool, type(None), datetime.datetime, datetime.timedelta)
_SLOT_NAMES: dict[type, list[str]] = {}


def _slot_names(kind: type) -> list[str]:
    names = _SLOT_NAMES.get(kind)
    if names is None:
        names = _SLOT_NAMES[kind] = [
            name
            for klass in kind.__mro__
            for name in getattr(klass, "__slots__", ())
            if name not in ("lock", "__weakref__", "__dict__")
        ]
    return names


def digest(value: Any, seen: set[int] | None = None) -> Any:
    """A comparable picture of the fake's state: every slot and attribute, recursively.

    Compiled filter policies are pictured by their source and scope; functions by name.
    """
    if isinstance(value, _LEAVES):
        return value
    seen = set() if seen is None else seen
    if isinstance(value, (list, tuple)):
        return [digest(item, seen) for item in value]
    if isinstance(value, dict):
        return {repr(key): digest(item, seen) for key, item in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(repr(digest(item, seen)) for item in value)
    kind = type(value)
    if kind.__name__ == "FilterPolicy":
        return ("FilterPolicy", value.source, value.scope)
    if callable(value) and not hasattr(value, "__slots__"):
        return ("callable", getattr(value, "__qualname__", repr(value)))
    if id(value) in seen:
        return ("seen", kind.__name__)
    seen.add(id(value))
    fields = {name: digest(getattr(value, name), seen) for name in _slot_names(kind) if hasattr(value, name)}
    for name, item in getattr(value, "__dict__", {}).items():
        fields[name] = digest(item, seen)
    return (kind.__name__, fields)


_EMPTY_REGIONS: dict[tuple[str, str], Any] = {}


def state_of(fake: SnsFake) -> Any:
    """Regions that hold something (a failed call may create an empty one: nothing observable)."""
    from snsfake.state import Region

    regions = {}
    for key, region in fake.backend.regions.items():
        empty = _EMPTY_REGIONS.get(key)
        if empty is None:
            empty = _EMPTY_REGIONS[key] = digest(
                Region(region.account, region.name, region.partition, region.dns_suffix)
            )
        picture = digest(region)
        if picture != empty:
            regions[key] = picture
    records = (
        len(fake.published),
        len(fake.deliveries),
        len(fake.skipped),
        len(fake.data_protection_findings),
    )
    return regions, records


_last_state: list[Any] = [None, None]  # [fake, its state after the last call()]

# A failed call may change this, as AWS does (documented where it happens).
_FAILED_CALLS_THAT_CHANGE_STATE = {
    "VerifySMSSandboxPhoneNumber",  # a wrong password still restarts the 24-hour delete clock
}


def call(
    operation: str, params: dict[str, Any], client_name: str = "default", *, tolerate_known: bool = True
) -> None:
    """Make one call; fail on anything but AWS's errors (and, unless told otherwise, the known bugs)."""
    method = getattr(client(client_name), botocore.xform_name(operation))
    fake = snsfake.active()
    before = None
    if CHECK_ATOMICITY:
        # The state after the previous call of this fake is the state before this one.
        before = _last_state[1] if _last_state[0] is fake else state_of(fake)
        _last_state[:] = [None, None]
    try:
        method(**params)
    except ParamValidationError:
        if before is not None:
            _last_state[:] = [fake, before]
    except ClientError as error:
        fields = error.response.get("Error", {})
        code, message = fields.get("Code"), fields.get("Message")
        assert isinstance(code, str) and code, f"{operation}: ClientError without a Code: {error.response}"
        assert isinstance(message, str) and message, (
            f"{operation}: ClientError without a Message: {error.response}"
        )
        assert code != "InternalError" and not message.startswith("snsfake"), (
            f"{operation}: the fake gave up: {code}: {message}"
        )
        if before is not None:
            after = state_of(fake)
            if operation not in _FAILED_CALLS_THAT_CHANGE_STATE:
                assert after == before, (
                    f"{operation} failed ({code}: {message}) but changed state: " + _difference(before, after)
                )
            _last_state[:] = [fake, after]
    except Exception as error:
        if not (tolerate_known and _known(error)):
            raise
    else:
        if before is not None:
            _last_state[:] = [fake, state_of(fake)]


def _difference(before: Any, after: Any, path: str = "") -> str:
    """Where two state pictures first differ."""
    if type(before) is not type(after):
        return f"{path}: {_short(before)} -> {_short(after)}"
    if isinstance(before, dict):
        for key in sorted(set(before) | set(after)):
            if before.get(key) != after.get(key):
                return _difference(before.get(key), after.get(key), f"{path}/{key}")
    if isinstance(before, (list, tuple)) and len(before) == len(after):
        for index, (old, new) in enumerate(zip(before, after, strict=True)):
            if old != new:
                return _difference(old, new, f"{path}[{index}]")
    return f"{path}: {_short(before)} -> {_short(after)}"


def check_records(fake: SnsFake, start: int = 0) -> None:
    """Records must be readable: bodies (rendered lazily) render, reprs and descriptions work."""
    for delivery in fake.deliveries[start:]:
        try:
            assert isinstance(delivery.body, str)
        except Exception as error:
            if not _known(error):
                raise
        repr(delivery)
        delivery.describe()
    for item in (*fake.published, *fake.skipped, *fake.calls):
        repr(item)
    for skipped in fake.skipped:
        skipped.describe()
    status, _ = fake._handle("ListTopics", {}, REGION)
    assert status == 200


def run(calls: list[tuple[str, dict[str, Any], str]], render_seeded: bool = False) -> None:
    with snsfake.mock_sns() as fake:
        values = seed(fake)
        seeded = len(fake.deliveries)
        for operation, params, client_name in calls:
            call(operation, substitute(params, values), client_name)
        check_records(fake, 0 if render_seeded else seeded)
    assert snsfake.hooks.active_fakes() == []


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 300 else text[:300] + f"... ({len(text)} chars)"
