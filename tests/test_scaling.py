"""Per-call work does not grow with the number of subscriptions (no timing: counting).

Two topics, each alone in its region: one of 10 subscriptions (100 for listings,
so that a page is full), one of 10,000. Around each call the test watches the
model: every Subscription that is read (they are made from a subclass that
notes attribute reads), every entry handed out by iterating the subscription
catalogs and the endpoint index, and every key the catalogs' paging examines. A call that scanned the subscriptions would count thousands at
10,000; the counts must be equal at both sizes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from conftest import ACCOUNT, make_client

import snsfake
import snsfake.services.lifecycle as subscriptions_module
from snsfake.state import Catalog, Subscription

SMALL_REGION, BIG_REGION = "us-west-2", "us-east-1"
BIG = 10_000


class _Watch:
    """What one call touched."""

    def __init__(self) -> None:
        self.read: set[int] = set()  # ids of existing subscriptions whose attributes were read
        self.iterated = 0  # entries handed out by iterating a watched dict
        self.examined = 0  # catalog keys looked at while paging

    @property
    def total(self) -> int:
        return len(self.read) + self.iterated + self.examined


_current: list[_Watch] = []


class _WatchedSubscription(Subscription):
    __slots__ = ()

    def __getattribute__(self, name: str) -> Any:
        if _current:
            _current[-1].read.add(id(self))
        return object.__getattribute__(self, name)


class _CountingDict(dict):  # type: ignore[type-arg]
    """A dict that counts the entries its iteration hands out (a scan shows up as its size)."""

    def _note(self) -> None:
        if _current:
            _current[-1].iterated += len(self)

    def __iter__(self) -> Iterator[Any]:
        self._note()
        return super().__iter__()

    def keys(self) -> Any:
        self._note()
        return super().keys()

    def values(self) -> Any:
        self._note()
        return super().values()

    def items(self) -> Any:
        self._note()
        return super().items()


class _CountingLive(dict):  # type: ignore[type-arg]
    """Catalog._live: paging examines keys through ``get``."""

    def get(self, key: Any, default: Any = None) -> Any:
        if _current:
            _current[-1].examined += 1
        return super().get(key, default)


def _watch_catalog(catalog: Catalog[Any]) -> None:
    catalog.items = _CountingDict(catalog.items)
    catalog._live = _CountingLive(catalog._live)


@contextmanager
def _watching() -> Iterator[_Watch]:
    watch = _Watch()
    _current.append(watch)
    try:
        yield watch
    finally:
        _current.pop()


class World:
    """One fake, a small topic and a large one, each alone in its region."""

    def __init__(self) -> None:
        self.fake = snsfake.mock_sns(account_id=ACCOUNT)
        self.fake.start()
        subscriptions_module.Subscription = _WatchedSubscription  # type: ignore[misc]  # new ones too
        self.clients = {region: make_client(region) for region in (SMALL_REGION, BIG_REGION)}
        self.topics: dict[int, tuple[str, str]] = {}
        self.arns: dict[int, list[str]] = {}
        for size, region in ((10, SMALL_REGION), (100, SMALL_REGION), (BIG, BIG_REGION)):
            topic = self.call(region, "CreateTopic", Name=f"scale-{size}")["TopicArn"]
            self.topics[size] = (region, topic)
            self.arns[size] = [
                self.call(
                    region,
                    "Subscribe",
                    TopicArn=topic,
                    Protocol="sqs",
                    Endpoint=f"arn:aws:sqs:{region}:{ACCOUNT}:q{size}-{index}",
                )["SubscriptionArn"]
                for index in range(size)
            ]
        for (account, _), state in self.fake.backend.regions.items():
            assert account == ACCOUNT
            _watch_catalog(state.subscriptions)
            assert all(type(item) is _WatchedSubscription for item in state.subscriptions.items.values())
            for topic_state in state.topics.items.values():
                _watch_catalog(topic_state.subscriptions)
                topic_state.by_endpoint = _CountingDict(topic_state.by_endpoint)
        self.fake.clear()

    def call(self, region: str, operation: str, **params: Any) -> dict[str, Any]:
        """Setup without botocore (10,000 subscriptions through boto3 would take seconds)."""
        status, parsed = self.fake._handle(operation, params, region)
        assert status == 200, parsed
        return parsed

    def client(self, size: int) -> Any:
        return self.clients[self.topics[size][0]]

    def close(self) -> None:
        subscriptions_module.Subscription = Subscription  # type: ignore[misc]
        self.fake.stop()


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    built = World()
    yield built
    built.close()


Action = Callable[[Any, str, list[str], str], object]  # (client, topic ARN, subscription ARNs, queue prefix)


def _work(world: World, size: int, action: Action) -> _Watch:
    region, topic = world.topics[size]
    with _watching() as watch:
        action(world.client(size), topic, world.arns[size], f"arn:aws:sqs:{region}:{ACCOUNT}:q{size}-")
    return watch


OPERATIONS: dict[str, Action] = {
    "subscribe a new endpoint": lambda sns, topic, arns, queue: sns.subscribe(
        TopicArn=topic, Protocol="sqs", Endpoint=queue + "new"
    ),
    "subscribe an existing endpoint again": lambda sns, topic, arns, queue: sns.subscribe(
        TopicArn=topic, Protocol="sqs", Endpoint=queue + "3"
    ),
    "unsubscribe": lambda sns, topic, arns, queue: sns.unsubscribe(SubscriptionArn=arns.pop()),
    "get_subscription_attributes": lambda sns, topic, arns, queue: sns.get_subscription_attributes(
        SubscriptionArn=arns[5]
    ),
    "set_subscription_attributes": lambda sns, topic, arns, queue: sns.set_subscription_attributes(
        SubscriptionArn=arns[5], AttributeName="RawMessageDelivery", AttributeValue="true"
    ),
    "get_topic_attributes": lambda sns, topic, arns, queue: sns.get_topic_attributes(TopicArn=topic),
}


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_a_call_costs_the_same_at_10_and_10000_subscriptions(world: World, name: str) -> None:
    small = _work(world, 10, OPERATIONS[name])
    big = _work(world, BIG, OPERATIONS[name])
    assert big.total == small.total, (name, vars(small), vars(big))
    assert small.total <= 2, (name, vars(small))  # the subscription itself at most, and no scan


def _page_after(sns: Any, topic: str, pages: int) -> tuple[dict[str, Any], str | None]:
    """Walk ``pages`` pages unwatched; the NextToken of the next one."""
    token = None
    for _ in range(pages):
        answer = sns.list_subscriptions_by_topic(TopicArn=topic, **({"NextToken": token} if token else {}))
        token = answer["NextToken"]
    return answer if pages else {}, token


@pytest.mark.parametrize("pages_before", [0, 37, 99])
def test_a_listing_page_costs_the_same_at_100_and_10000_subscriptions(
    world: World, pages_before: int
) -> None:
    """A full page of 100 from a topic of 100 and from anywhere in a topic of 10,000."""
    small = _work(world, 100, lambda sns, topic, arns, queue: sns.list_subscriptions_by_topic(TopicArn=topic))
    _, token = _page_after(world.client(BIG), world.topics[BIG][1], pages_before)

    def page(sns: Any, topic: str, arns: list[str], queue: str) -> None:
        answer = sns.list_subscriptions_by_topic(TopicArn=topic, **({"NextToken": token} if token else {}))
        assert len(answer["Subscriptions"]) == 100

    big = _work(world, BIG, page)
    assert len(small.read) == len(big.read) == 100
    assert small.iterated == big.iterated == 0
    assert big.examined <= small.examined + 1  # the next page's first key, to say whether there is one


def test_an_account_wide_listing_page_does_not_scan(world: World) -> None:
    region, _ = world.topics[BIG]
    sns = world.clients[region]
    token = sns.list_subscriptions()["NextToken"]
    with _watching() as watch:
        answer = sns.list_subscriptions(NextToken=token)
    assert len(answer["Subscriptions"]) == 100
    assert len(watch.read) == 100 and watch.iterated == 0 and watch.examined <= 101


def test_the_watch_sees_a_scan(world: World) -> None:
    """The counters would catch a call that walked the subscriptions."""
    region, topic = world.topics[BIG]
    state = world.fake.backend.region(ACCOUNT, region)
    with _watching() as watch:
        sum(1 for subscription in state.topics.get(topic).subscriptions.items.values() if subscription.raw)
    assert watch.iterated >= BIG - 10 and len(watch.read) >= BIG - 10
