"""The options a fake is made with (``mock_sns(**options)``), checked once, read by every layer."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

from .limits import QUOTAS

__all__ = ["Settings", "DEFAULT_ACCOUNT", "DEFAULT_REGION"]

DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"
_ACCOUNT_RE = re.compile(r"^\d{12}\Z", re.ASCII)
_REGION_RE = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+\Z", re.ASCII)
_ORGANIZATION_RE = re.compile(r"^o-[a-z0-9]{10,32}\Z", re.ASCII)


@dataclass(slots=True)
class Settings:
    """What a test chose for its fake; wrong values are refused at once, as freezegun does."""

    account_id: str = DEFAULT_ACCOUNT
    region: str = DEFAULT_REGION
    auto_confirm: bool = False
    token_lifetime: _dt.timedelta = _dt.timedelta(days=2)
    # Send SQS deliveries on to real (or moto's) queues: False, True, a client or a factory(region).
    forward_sqs: Any = False
    # Invoke Lambda functions with no on_lambda handler through a client: False, True, a client or a factory(region).
    forward_lambda: Any = False
    sms_sandbox: bool = True
    sms_price_usd: float = 0.00645
    # The account's SMS spending quota (USD a month): 1 for new accounts, raised by a support case.
    sms_spend_quota_usd: int = 1
    # Every account of the fake belongs to this AWS Organization (topic policies' aws:PrincipalOrgID).
    organization_id: str | None = None
    # Answer in-process calls at botocore's before-send, signed, through the wire codec.
    wire: bool = False
    # Quotas a test can lower (``fake.limits``) to reach them cheaply.
    limits: dict[str, int] = field(default_factory=lambda: dict(QUOTAS))

    def __post_init__(self) -> None:
        if self.organization_id is not None and (
            not isinstance(self.organization_id, str) or not _ORGANIZATION_RE.match(self.organization_id)
        ):
            raise ValueError(
                f"snsfake: organization_id must look like 'o-a1b2c3d4e5', got {self.organization_id!r}"
            )
        if not isinstance(self.account_id, str) or not _ACCOUNT_RE.match(self.account_id):
            raise ValueError(f"snsfake: account_id must be 12 digits, got {self.account_id!r}")
        if not isinstance(self.region, str) or not _REGION_RE.match(self.region):
            raise ValueError(f"snsfake: region must look like 'us-east-1', got {self.region!r}")
        lifetime = self.token_lifetime
        if not isinstance(lifetime, _dt.timedelta) or lifetime <= _dt.timedelta(0):
            raise ValueError(f"snsfake: token_lifetime must be a positive timedelta, got {lifetime!r}")
        if self.sms_price_usd < 0:
            raise ValueError(f"snsfake: sms_price_usd must not be negative, got {self.sms_price_usd!r}")
        quota = self.sms_spend_quota_usd
        if type(quota) is not int or quota < 1:
            raise ValueError(
                f"snsfake: sms_spend_quota_usd must be a whole number of USD, at least 1, got {quota!r}"
            )
        _check_forward("forward_sqs", self.forward_sqs, "send_message")
        _check_forward("forward_lambda", self.forward_lambda, "invoke")
        self.auto_confirm = bool(self.auto_confirm)
        self.sms_sandbox = bool(self.sms_sandbox)
        self.wire = bool(self.wire)
        self.sms_price_usd = float(self.sms_price_usd)

    def change(self, name: str, value: Any) -> None:
        """Set one option, checked as at construction (``fake.sms_sandbox = False``)."""
        checked = dataclasses.replace(self, **{name: value})
        setattr(self, name, getattr(checked, name))

    def account_for(self, access_key: str | None) -> str:
        """A 12-digit access key names the account (moto's convention); otherwise the default account."""
        if access_key and len(access_key) == 12 and access_key.isascii() and access_key.isdigit():
            return access_key
        return self.account_id


def _check_forward(name: str, value: Any, method: str) -> None:
    """``forward_sqs`` / ``forward_lambda``: off, True, a client (it has ``method``) or a factory(region)."""
    if not value or value is True or hasattr(value, method) or callable(value):
        return
    raise TypeError(
        f"snsfake: {name} takes True, a client (an object with .{method}()) or a factory(region) -> client, "
        f"got {value!r}"
    )
