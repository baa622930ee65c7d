"""The per-call context handed to every operation handler."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .fake import SnsFake
    from .state import Region

__all__ = ["Context"]


@dataclass(slots=True)
class Context:
    """Who is calling, where, and when: read once per call."""

    fake: SnsFake
    state: Region
    account: str
    region: str
    partition: str
    now: _dt.datetime

    @property
    def principal(self) -> str:
        """The caller's IAM principal (SNS's SubscriptionPrincipal)."""
        return f"arn:{self.partition}:iam::{self.account}:root"

    def region_of(self, account: str, region: str) -> Region:
        return self.fake.backend.region(account, region)
