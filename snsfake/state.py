"""The in-memory model: accounts → regions → topics, subscriptions, platform
applications and endpoints, SMS settings, opt-outs and sandbox numbers.

Plain data, indexed for O(1) access by ARN and O(page) listing. No AWS rules
live here: validation and behaviour are in the layers above.
"""

from __future__ import annotations

import base64
import datetime as _dt
import threading
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from . import arns
from .limits import PENDING_LIFETIME

if TYPE_CHECKING:
    from .filter_policy import FilterPolicy

__all__ = [
    "Catalog",
    "Topic",
    "Subscription",
    "PlatformApplication",
    "PlatformEndpoint",
    "SandboxNumber",
    "OriginationNumber",
    "Region",
    "Backend",
]

T = TypeVar("T")


class Catalog(Generic[T]):
    """Insertion-ordered items keyed by ARN (or number), with O(page) pagination.

    Each key gets a monotonic sequence number; pages start at a sequence number
    found by bisection, so listing cost does not grow with the catalog's size.
    """

    __slots__ = ("items", "_keys", "_seqs", "_live", "_next", "_dead")

    def __init__(self) -> None:
        self.items: dict[str, T] = {}
        self._keys: list[str] = []
        self._seqs: list[int] = []
        self._live: dict[str, int] = {}
        self._next = 0
        self._dead = 0

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, key: object) -> bool:
        return key in self.items

    def get(self, key: str) -> T | None:
        return self.items.get(key)

    def add(self, key: str, value: T) -> None:
        if key not in self.items:
            self._keys.append(key)
            self._seqs.append(self._next)
            self._live[key] = self._next
            self._next += 1
        self.items[key] = value

    def remove(self, key: str) -> T | None:
        value = self.items.pop(key, None)
        if value is not None:
            del self._live[key]
            self._dead += 1
            if self._dead > 64 and self._dead * 2 > len(self._keys):
                self._compact()
        return value

    def clear(self) -> None:
        self.__init__()  # type: ignore[misc]

    def _compact(self) -> None:
        live = self._live
        pairs = [(key, seq) for key, seq in zip(self._keys, self._seqs, strict=True) if live.get(key) == seq]
        self._keys = [key for key, _ in pairs]
        self._seqs = [seq for _, seq in pairs]
        self._dead = 0

    def page(self, start: int, limit: int) -> tuple[list[T], int | None]:
        """Up to ``limit`` items from sequence number ``start``, and where the next page starts."""
        keys, seqs, live, items = self._keys, self._seqs, self._live, self.items
        index = bisect_left(seqs, start)
        found: list[T] = []
        total = len(keys)
        while index < total:
            key = keys[index]
            if live.get(key) == seqs[index]:
                if len(found) == limit:
                    return found, seqs[index]
                found.append(items[key])
            index += 1
        return found, None


def encode_token(kind: str, position: int) -> str:
    """An opaque NextToken for a page position: padded base64, as AWS's tokens are."""
    return base64.b64encode(f"{kind}:{position}".encode()).decode("ascii")


def decode_token(kind: str, token: str) -> int | None:
    """The page position a NextToken stands for, or None when it is not one of ours."""
    try:
        text = base64.b64decode(token.encode("ascii"), validate=True).decode("ascii")
    except (ValueError, UnicodeError):
        return None
    prefix, _, number = text.partition(":")
    # At most 18 digits: positions are small, and int() refuses strings over 4300 digits.
    if prefix != kind or not number.isdigit() or len(number) > 18:
        return None
    return int(number)


@dataclass(slots=True, eq=False)
class Subscription:
    arn: str
    topic_arn: str
    protocol: str
    endpoint: str
    owner: str
    principal: str
    created: _dt.datetime
    pending: bool
    authenticated: bool
    # Settable attributes as stored (RawMessageDelivery always present, lower-case).
    attributes: dict[str, str] = field(default_factory=lambda: {"RawMessageDelivery": "false"})
    filter_policy: FilterPolicy | None = None
    raw: bool = False
    token: str | None = None
    # Messages archived before this point are not replayed (ReplayPolicy EndingPoint).
    replay_until: _dt.datetime | None = None
    # ListSubscriptions of the owner account in the topic's region lists it (Region.owned).
    listed_in: Catalog[Subscription] | None = None


@dataclass(slots=True, eq=False)
class Topic:
    arn: str
    name: str
    account: str
    region: str
    fifo: bool
    created: _dt.datetime
    # Stored attributes (settable ones plus FifoTopic/ContentBasedDeduplication for FIFO topics).
    attributes: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    data_protection_policy: str | None = None
    # The compiled DataProtectionPolicy (data_protection.Policy); None costs publish nothing.
    protection: Any = None
    subscriptions: Catalog[Subscription] = field(default_factory=Catalog)
    by_endpoint: dict[tuple[str, str], str] = field(default_factory=dict)
    pending_count: int = 0
    confirmed_count: int = 0
    deleted_count: int = 0
    filter_policy_count: int = 0
    # FIFO: dedup id (scoped) → (expiry timestamp, message id, sequence number)
    dedup: dict[tuple[str, str], tuple[float, str, str]] = field(default_factory=dict)
    sequence: int = 0
    archive: list[Any] = field(default_factory=list)
    archive_start: _dt.datetime | None = None


@dataclass(slots=True, eq=False)
class PlatformEndpoint:
    arn: str
    application_arn: str
    attributes: dict[str, str]


@dataclass(slots=True, eq=False)
class PlatformApplication:
    arn: str
    name: str
    platform: str
    attributes: dict[str, str]
    credential: str | None = None
    principal: str | None = None
    endpoints: Catalog[PlatformEndpoint] = field(default_factory=Catalog)
    by_token: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class SandboxNumber:
    phone_number: str
    status: str
    one_time_password: str
    created: _dt.datetime
    last_attempt: _dt.datetime
    language_code: str = "en-US"
    sends: list[_dt.datetime] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class OriginationNumber:
    phone_number: str
    created: _dt.datetime
    status: str = "ACTIVE"
    iso2_country_code: str = "US"
    route_type: str = "Transactional"
    capabilities: tuple[str, ...] = ("SMS",)


@dataclass(slots=True, eq=False)
class Region:
    """Everything one account owns in one region."""

    account: str
    name: str
    partition: str
    dns_suffix: str
    topics: Catalog[Topic] = field(default_factory=Catalog)
    topic_names: dict[str, str] = field(default_factory=dict)
    subscriptions: Catalog[Subscription] = field(default_factory=Catalog)
    # Subscriptions this account owns in this region, on its own topics or another account's.
    owned: Catalog[Subscription] = field(default_factory=Catalog)
    # confirmation token → (subscription ARN, when it was issued)
    tokens: dict[str, tuple[str, _dt.datetime]] = field(default_factory=dict)
    # subscriptions removed by Unsubscribe whose UnsubscribeConfirmation token can restore them
    unsubscribed: dict[str, Subscription] = field(default_factory=dict)
    # pending subscription ARN → created, oldest first (they expire after 48 h)
    pending: dict[str, _dt.datetime] = field(default_factory=dict)
    applications: Catalog[PlatformApplication] = field(default_factory=Catalog)
    endpoints: dict[str, PlatformEndpoint] = field(default_factory=dict)
    # As set by SetSMSAttributes (MonthlySpendLimit, until set, is the account's spending quota).
    sms_attributes: dict[str, str] = field(default_factory=dict)
    opted_out: Catalog[str] = field(default_factory=Catalog)
    opt_in_times: dict[str, _dt.datetime] = field(default_factory=dict)
    # None: as the fake's ``sms_sandbox`` option says; True/False once a helper moved the account.
    in_sandbox: bool | None = None
    sandbox_numbers: Catalog[SandboxNumber] = field(default_factory=Catalog)
    origination_numbers: Catalog[OriginationNumber] = field(default_factory=Catalog)
    # (year, month) → USD spent on SMS
    sms_spend: dict[tuple[int, int], float] = field(default_factory=dict)
    filter_policy_count: int = 0
    fifo_topic_count: int = 0


    # ------------------------------------------------------------------ subscription bookkeeping
    # Each keeps the indexes and counters of this state and its topics consistent.

    def remove_subscription(self, subscription: Subscription, *, deleted: bool = True) -> Topic | None:
        """Take a subscription out of every index (``deleted``: it counts in SubscriptionsDeleted)."""
        self.subscriptions.remove(subscription.arn)
        if subscription.listed_in is not None:
            subscription.listed_in.remove(subscription.arn)
        self.pending.pop(subscription.arn, None)
        topic = self.topics.get(subscription.topic_arn)
        if subscription.filter_policy is not None:
            self.filter_policy_count -= 1
        if topic is not None:
            topic.subscriptions.remove(subscription.arn)
            topic.by_endpoint.pop((subscription.protocol, subscription.endpoint), None)
            if subscription.pending:
                topic.pending_count -= 1
            else:
                topic.confirmed_count -= 1
            if deleted:
                topic.deleted_count += 1
            if subscription.filter_policy is not None:
                topic.filter_policy_count -= 1
        return topic

    def mark_confirmed(self, subscription: Subscription) -> None:
        if subscription.pending:
            subscription.pending = False
            self.pending.pop(subscription.arn, None)
            topic = self.topics.get(subscription.topic_arn)
            if topic is not None:
                topic.pending_count -= 1
                topic.confirmed_count += 1

    def expire_pending(self, now: _dt.datetime) -> None:
        """Delete pending subscriptions older than SNS keeps them (oldest first, O(expired))."""
        pending = self.pending
        while pending:
            arn, created = next(iter(pending.items()))
            if now - created < PENDING_LIFETIME:
                return
            del pending[arn]
            subscription = self.subscriptions.get(arn)
            if subscription is not None:
                self.remove_subscription(subscription, deleted=False)
                if subscription.token is not None:
                    self.tokens.pop(subscription.token, None)


class Backend:
    """All accounts and regions of one fake."""

    __slots__ = ("regions", "lock")

    def __init__(self) -> None:
        self.regions: dict[tuple[str, str], Region] = {}
        self.lock = threading.RLock()

    def region(self, account: str, region: str) -> Region:
        """The state of ``account`` in ``region``, created on first use."""
        key = (account, region)
        state = self.regions.get(key)
        if state is None:
            partition = arns.partition_for(region)
            state = self.regions[key] = Region(account, region, partition, arns.dns_suffix_for(partition))
        return state

    def find_region(self, account: str, region: str) -> Region | None:
        return self.regions.get((account, region))

    def region_of_arn(self, arn: str) -> Region | None:
        """The state of the account and region an ARN names, if it exists."""
        parts = arn.split(":", 6)
        if len(parts) < 6:
            return None
        return self.regions.get((parts[4], parts[3]))

    def find_topic(self, arn: str) -> Topic | None:
        """The topic an ARN names, in its own account and region (None when absent)."""
        if arn.count(":") != 5:
            return None
        state = self.region_of_arn(arn)
        return state.topics.get(arn) if state is not None else None

    def find_subscription(self, arn: str) -> Subscription | None:
        if arn.count(":") < 6:
            return None
        state = self.region_of_arn(arn)
        return state.subscriptions.get(arn) if state is not None else None

    def find_application(self, arn: str) -> tuple[Region, PlatformApplication] | None:
        state = self.region_of_arn(arn)
        application = state.applications.get(arn) if state is not None else None
        return None if state is None or application is None else (state, application)

    def find_endpoint(self, arn: str) -> tuple[Region, PlatformEndpoint] | None:
        state = self.region_of_arn(arn)
        endpoint = state.endpoints.get(arn) if state is not None else None
        return None if state is None or endpoint is None else (state, endpoint)
