"""A hypothesis state machine over topics, subscriptions, publishes and invalid calls.

A small Python model says what SNS should hold; after every step the fake must agree:
ListTopics, ListSubscriptions and ListSubscriptionsByTopic (every page), the
GetTopicAttributes counters, and the captured records (deliveries and skips per
subscription, published messages). A call that fails changes nothing: not the
listings, not the attributes, not the records (``fake.calls`` aside, which records
the failed call itself).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
from botocore.exceptions import ClientError
from conftest import make_client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sns_helpers import pages

import snsfake

ACCOUNT = "123456789012"
REGION = "us-east-1"
TOPIC_NAMES = ["t0", "t1", "t2"]
COLORS = ["red", "blue", "green"]
# Same-account queues are confirmed at once; another account's queue waits for confirmation.
ENDPOINTS = [f"arn:aws:sqs:{REGION}:{ACCOUNT}:q{i}" for i in range(4)] + [
    f"arn:aws:sqs:{REGION}:999999999999:x{i}" for i in range(2)
]
EXAMPLES = int(os.environ.get("SNSFAKE_STATEFUL_EXAMPLES", "30"))
FILTER_POLICIES_PER_TOPIC = 200  # AWS's quota, which the fake enforces


def topic_arn(name: str) -> str:
    return f"arn:aws:sns:{REGION}:{ACCOUNT}:{name}"


def filter_policy(color: str) -> str:
    return json.dumps({"color": [color]})


@dataclass
class SubscriptionModel:
    arn: str
    topic: str
    endpoint: str
    color: str | None
    pending: bool


@dataclass
class TopicModel:
    arn: str
    deleted: int = 0
    subscriptions: list[str] = field(default_factory=list)  # ARNs, in subscription order


_CLIENT: Any = None


def client() -> Any:
    global _CLIENT
    if _CLIENT is None:
        _CLIENT = make_client()
    return _CLIENT


# Invalid calls: (label, operation, params) given the machine's state. Each must fail.
def _invalid_calls(existing: list[str], subscriptions: list[str]) -> list[tuple[str, str, dict[str, Any]]]:
    topic = topic_arn(existing[0]) if existing else topic_arn("t0")
    subscription = subscriptions[0] if subscriptions else f"{topic}:0b8a2a9e-4c6f-4f1e-9f57-1d2f3a4b5c6d"
    calls: list[tuple[str, str, dict[str, Any]]] = [
        ("empty topic name", "CreateTopic", {"Name": ""}),
        ("space in topic name", "CreateTopic", {"Name": "bad name"}),
        ("topic name too long", "CreateTopic", {"Name": "a" * 257}),
        (".fifo name without FifoTopic", "CreateTopic", {"Name": "x.fifo"}),
        ("unknown topic attribute", "CreateTopic", {"Name": "t0", "Attributes": {"Colour": "x"}}),
        (
            "subscribe to a missing topic",
            "Subscribe",
            {"TopicArn": topic_arn("missing"), "Protocol": "sqs", "Endpoint": ENDPOINTS[0]},
        ),
        (
            "subscribe with a 5-part ARN",
            "Subscribe",
            {"TopicArn": f"arn:aws:sns:{REGION}:{ACCOUNT}", "Protocol": "sqs", "Endpoint": ENDPOINTS[0]},
        ),
        (
            "subscribe in another region",
            "Subscribe",
            {"TopicArn": f"arn:aws:sns:eu-west-1:{ACCOUNT}:t0", "Protocol": "sqs", "Endpoint": ENDPOINTS[0]},
        ),
        ("unknown protocol", "Subscribe", {"TopicArn": topic, "Protocol": "smtp", "Endpoint": ENDPOINTS[0]}),
        (
            "sqs endpoint that is no ARN",
            "Subscribe",
            {"TopicArn": topic, "Protocol": "sqs", "Endpoint": "queue"},
        ),
        (
            "FIFO queue on a standard topic",
            "Subscribe",
            {"TopicArn": topic, "Protocol": "sqs", "Endpoint": ENDPOINTS[0] + ".fifo"},
        ),
        (
            "invalid filter policy",
            "Subscribe",
            {
                "TopicArn": topic,
                "Protocol": "sqs",
                "Endpoint": ENDPOINTS[1],
                "Attributes": {"FilterPolicy": '{"color":'},
            },
        ),
        (
            "filter policy and bad raw flag",
            "Subscribe",
            {
                "TopicArn": topic,
                "Protocol": "sqs",
                "Endpoint": ENDPOINTS[2],
                "Attributes": {"FilterPolicy": filter_policy("red"), "RawMessageDelivery": "maybe"},
            },
        ),
        ("publish to a missing topic", "Publish", {"TopicArn": topic_arn("missing"), "Message": "m"}),
        ("publish an empty message", "Publish", {"TopicArn": topic, "Message": ""}),
        (
            "publish with a bad DataType",
            "Publish",
            {
                "TopicArn": topic,
                "Message": "m",
                "MessageAttributes": {"color": {"DataType": "Foo", "StringValue": "x"}},
            },
        ),
        (
            "publish with a bad attribute name",
            "Publish",
            {
                "TopicArn": topic,
                "Message": "m",
                "MessageAttributes": {"a..b": {"DataType": "String", "StringValue": "x"}},
            },
        ),
        (
            "publish a non-number Number",
            "Publish",
            {
                "TopicArn": topic,
                "Message": "m",
                "MessageAttributes": {"n": {"DataType": "Number", "StringValue": "x"}},
            },
        ),
        (
            "dedup id on a standard topic",
            "Publish",
            {"TopicArn": topic, "Message": "m", "MessageDeduplicationId": "d"},
        ),
        ("subject too long", "Publish", {"TopicArn": topic, "Message": "m", "Subject": "s" * 101}),
        (
            "publish to a 5-part ARN",
            "Publish",
            {"TopicArn": f"arn:aws:sns:{REGION}:{ACCOUNT}", "Message": "m"},
        ),
        (
            "batch with duplicate ids",
            "PublishBatch",
            {
                "TopicArn": topic,
                "PublishBatchRequestEntries": [{"Id": "a", "Message": "m"}, {"Id": "a", "Message": "m"}],
            },
        ),
        (
            "batch of 11",
            "PublishBatch",
            {
                "TopicArn": topic,
                "PublishBatchRequestEntries": [{"Id": str(index), "Message": "m"} for index in range(11)],
            },
        ),
        (
            "batch too long",
            "PublishBatch",
            {
                "TopicArn": topic,
                "PublishBatchRequestEntries": [
                    {"Id": str(index), "Message": "x" * 30_000} for index in range(10)
                ],
            },
        ),
        (
            "batch to a missing topic",
            "PublishBatch",
            {"TopicArn": topic_arn("missing"), "PublishBatchRequestEntries": [{"Id": "a", "Message": "m"}]},
        ),
        ("unsubscribe a topic ARN", "Unsubscribe", {"SubscriptionArn": topic}),
        ("unsubscribe a 5-part ARN", "Unsubscribe", {"SubscriptionArn": f"arn:aws:sns:{REGION}:{ACCOUNT}"}),
        ("attributes of a missing topic", "GetTopicAttributes", {"TopicArn": topic_arn("missing")}),
        (
            "unknown topic attribute name",
            "SetTopicAttributes",
            {"TopicArn": topic, "AttributeName": "Colour", "AttributeValue": "x"},
        ),
        (
            "DisplayName too long",
            "SetTopicAttributes",
            {"TopicArn": topic, "AttributeName": "DisplayName", "AttributeValue": "d" * 101},
        ),
        (
            "invalid Policy",
            "SetTopicAttributes",
            {"TopicArn": topic, "AttributeName": "Policy", "AttributeValue": "{"},
        ),
        (
            "invalid filter policy update",
            "SetSubscriptionAttributes",
            {
                "SubscriptionArn": subscription,
                "AttributeName": "FilterPolicy",
                "AttributeValue": '{"color":"red"}',
            },
        ),
        (
            "bad RawMessageDelivery",
            "SetSubscriptionAttributes",
            {
                "SubscriptionArn": subscription,
                "AttributeName": "RawMessageDelivery",
                "AttributeValue": "maybe",
            },
        ),
        (
            "unknown subscription attribute",
            "SetSubscriptionAttributes",
            {"SubscriptionArn": subscription, "AttributeName": "Colour", "AttributeValue": "x"},
        ),
        (
            "missing subscription",
            "GetSubscriptionAttributes",
            {"SubscriptionArn": f"{topic}:0b8a2a9e-4c6f-4f1e-9f57-1d2f3a4b5c6d"},
        ),
        (
            "list subscriptions of a missing topic",
            "ListSubscriptionsByTopic",
            {"TopicArn": topic_arn("missing")},
        ),
        ("bad NextToken", "ListTopics", {"NextToken": "not-a-token"}),
        ("bad NextToken for subscriptions", "ListSubscriptions", {"NextToken": "not-a-token"}),
    ]
    if existing:
        calls.append(
            (
                "existing topic, different attributes",
                "CreateTopic",
                {"Name": existing[0], "Attributes": {"DisplayName": "different"}},
            )
        )
        calls.append(
            (
                "existing topic, different tags",
                "CreateTopic",
                {"Name": existing[0], "Tags": [{"Key": "k", "Value": "v"}]},
            )
        )
    return calls


class SnsMachine(RuleBasedStateMachine):
    subscriptions = Bundle("subscriptions")

    def __init__(self) -> None:
        super().__init__()
        self.fake = snsfake.mock_sns()
        self.fake.start()
        self.sns = client()
        self.topics: dict[str, TopicModel] = {}
        self.subs: dict[str, SubscriptionModel] = {}
        # (subscription ARN, message type) → deliveries: notifications, and the SubscriptionConfirmation
        # SNS sends a queue of another account.
        self.delivered: Counter[tuple[str, str]] = Counter()
        self.skipped: Counter[tuple[str, str]] = Counter()
        self.published = 0
        self.bulk = 0

    def teardown(self) -> None:
        self.fake.stop()

    # ------------------------------------------------------------------ model helpers
    def _subscribe_model(self, name: str, endpoint: str, color: str | None) -> tuple[str | None, bool]:
        """(the ARN Subscribe returns, whether it fails) per the model."""
        topic = self.topics.get(name)
        if topic is None:
            return None, True
        for arn in topic.subscriptions:
            existing = self.subs[arn]
            if existing.endpoint == endpoint:
                if color is not None and existing.color != color:
                    return None, True
                return arn, False
        if color is not None and self._filters_left(name) <= 0:
            return None, True  # FilterPolicyLimitExceeded
        return None, False

    def _filters_left(self, name: str) -> int:
        topic = self.topics[name]
        used = sum(1 for arn in topic.subscriptions if self.subs[arn].color is not None)
        return FILTER_POLICIES_PER_TOPIC - used

    def _accept(self, name: str, color: str | None) -> None:
        """One message accepted by topic ``name``: what each subscription gets."""
        self.published += 1
        for arn in self.topics[name].subscriptions:
            subscription = self.subs[arn]
            if subscription.pending:
                self.skipped[(arn, "PendingConfirmation")] += 1
            elif subscription.color is not None and subscription.color != color:
                self.skipped[(arn, "FilterPolicy")] += 1
            else:
                self.delivered[(arn, "Notification")] += 1

    def _remove(self, arn: str, *, deleted: bool) -> None:
        subscription = self.subs.pop(arn)
        topic = self.topics.get(subscription.topic)
        if topic is not None:
            topic.subscriptions.remove(arn)
            if deleted:
                topic.deleted += 1

    # ------------------------------------------------------------------ rules
    @rule(name=st.sampled_from(TOPIC_NAMES))
    def create_topic(self, name: str) -> None:
        arn = self.sns.create_topic(Name=name)["TopicArn"]
        assert arn == topic_arn(name)
        self.topics.setdefault(name, TopicModel(arn))

    @rule(name=st.sampled_from(TOPIC_NAMES))
    def delete_topic(self, name: str) -> None:
        self.sns.delete_topic(TopicArn=topic_arn(name))  # a missing topic is no error
        topic = self.topics.pop(name, None)
        if topic is not None:
            for arn in list(topic.subscriptions):
                del self.subs[arn]

    @rule(
        target=subscriptions,
        name=st.sampled_from(TOPIC_NAMES),
        endpoint=st.sampled_from(ENDPOINTS),
        color=st.none() | st.sampled_from(COLORS),
    )
    def subscribe(self, name: str, endpoint: str, color: str | None) -> str:
        expected, fails = self._subscribe_model(name, endpoint, color)
        params: dict[str, Any] = {
            "TopicArn": topic_arn(name),
            "Protocol": "sqs",
            "Endpoint": endpoint,
            "ReturnSubscriptionArn": True,
        }
        if color is not None:
            params["Attributes"] = {"FilterPolicy": filter_policy(color)}
        if fails:
            self._fails("Subscribe", params)
            return f"{topic_arn(name)}:0b8a2a9e-4c6f-4f1e-9f57-1d2f3a4b5c6d"
        arn = self.sns.subscribe(**params)["SubscriptionArn"]
        if expected is not None:
            assert arn == expected
            return str(arn)
        assert arn.startswith(topic_arn(name) + ":") and arn not in self.subs
        pending = endpoint.split(":")[4] != ACCOUNT
        self.subs[arn] = SubscriptionModel(arn, name, endpoint, color, pending)
        self.topics[name].subscriptions.append(arn)
        if pending:
            self.delivered[(arn, "SubscriptionConfirmation")] += 1
        return str(arn)

    @precondition(lambda self: len(self.subs) < 250 and bool(self.topics))
    @rule(data=st.data(), count=st.integers(40, 120), color=st.none() | st.sampled_from(COLORS))
    def subscribe_many(self, data: st.DataObject, count: int, color: str | None) -> None:
        """Enough subscriptions to need several pages (100 a page)."""
        name = data.draw(st.sampled_from(sorted(self.topics)))
        if color is not None:
            count = min(count, self._filters_left(name))
        for _ in range(count):
            self.bulk += 1
            endpoint = f"arn:aws:sqs:{REGION}:{ACCOUNT}:bulk-{self.bulk}"
            params: dict[str, Any] = {"TopicArn": topic_arn(name), "Protocol": "sqs", "Endpoint": endpoint}
            if color is not None:
                params["Attributes"] = {"FilterPolicy": filter_policy(color)}
            arn = self.sns.subscribe(**params)["SubscriptionArn"]
            assert arn not in self.subs
            self.subs[arn] = SubscriptionModel(arn, name, endpoint, color, False)
            self.topics[name].subscriptions.append(arn)

    @rule(arn=subscriptions)
    def unsubscribe(self, arn: str) -> None:
        self.sns.unsubscribe(SubscriptionArn=arn)  # a missing subscription is no error
        if arn in self.subs:
            self._remove(arn, deleted=True)

    @precondition(lambda self: any(subscription.pending for subscription in self.subs.values()))
    @rule(data=st.data())
    def confirm(self, data: st.DataObject) -> None:
        arn = data.draw(st.sampled_from(sorted(arn for arn, sub in self.subs.items() if sub.pending)))
        self.fake.confirm(arn)
        self.subs[arn].pending = False

    @precondition(lambda self: bool(self.subs))
    @rule(data=st.data(), color=st.sampled_from(COLORS))
    def set_filter(self, data: st.DataObject, color: str) -> None:
        arn = data.draw(st.sampled_from(sorted(self.subs)))
        params = {
            "SubscriptionArn": arn,
            "AttributeName": "FilterPolicy",
            "AttributeValue": filter_policy(color),
        }
        subscription = self.subs[arn]
        if subscription.color is None and self._filters_left(subscription.topic) <= 0:
            self._fails("SetSubscriptionAttributes", params)  # FilterPolicyLimitExceeded
            return
        self.sns.set_subscription_attributes(**params)
        subscription.color = color

    @rule(name=st.sampled_from(TOPIC_NAMES), color=st.none() | st.sampled_from(COLORS), number=st.booleans())
    def publish(self, name: str, color: str | None, number: bool) -> None:
        attributes: dict[str, Any] = {}
        if color is not None:
            attributes["color"] = {"DataType": "String", "StringValue": color}
        if number:
            attributes["n"] = {"DataType": "Number", "StringValue": "5"}
        params: dict[str, Any] = {"TopicArn": topic_arn(name), "Message": "m"}
        if attributes:
            params["MessageAttributes"] = attributes
        if name not in self.topics:
            self._fails("Publish", params)
            return
        message_id = self.sns.publish(**params)["MessageId"]
        assert self.fake.published.last.message_id == message_id
        self._accept(name, color)

    @rule(
        name=st.sampled_from(TOPIC_NAMES),
        colors=st.lists(st.none() | st.sampled_from(COLORS), min_size=1, max_size=10),
    )
    def publish_batch(self, name: str, colors: list[str | None]) -> None:
        entries = []
        for index, color in enumerate(colors):
            entry: dict[str, Any] = {"Id": f"e{index}", "Message": f"m{index}"}
            if color is not None:
                entry["MessageAttributes"] = {"color": {"DataType": "String", "StringValue": color}}
            entries.append(entry)
        params = {"TopicArn": topic_arn(name), "PublishBatchRequestEntries": entries}
        if name not in self.topics:
            self._fails("PublishBatch", params)
            return
        response = self.sns.publish_batch(**params)
        assert [item["Id"] for item in response["Successful"]] == [entry["Id"] for entry in entries]
        assert response["Failed"] == []
        for color in colors:
            self._accept(name, color)

    @rule(data=st.data())
    def invalid_call(self, data: st.DataObject) -> None:
        calls = _invalid_calls(sorted(self.topics), sorted(self.subs))
        _, operation, params = data.draw(st.sampled_from(calls), label="invalid call")
        self._fails(operation, params)

    # ------------------------------------------------------------------ failing calls change nothing
    def _snapshot(self) -> Any:
        sns = self.sns
        topics = sorted(item["TopicArn"] for item in pages(sns.list_topics, "Topics"))
        attributes = {arn: sns.get_topic_attributes(TopicArn=arn)["Attributes"] for arn in topics}
        by_topic = {
            arn: pages(sns.list_subscriptions_by_topic, "Subscriptions", TopicArn=arn) for arn in topics
        }
        subscriptions = pages(sns.list_subscriptions, "Subscriptions")
        details = {
            arn: sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
            for arn in sorted(self.subs)[:12]
        }
        fake = self.fake
        records = (len(fake.published), len(fake.deliveries), len(fake.skipped))
        return topics, attributes, by_topic, subscriptions, details, records

    def _fails(self, operation: str, params: dict[str, Any]) -> None:
        before = self._snapshot()
        calls = len(self.fake.calls)
        method = getattr(self.sns, _snake(operation))
        with pytest.raises(ClientError) as raised:
            method(**params)
        code = raised.value.response["Error"]["Code"]
        assert len(self.fake.calls) == calls + 1
        last = self.fake.calls.last
        assert (last.operation, last.ok, last.error_code) == (operation, False, code)
        assert self._snapshot() == before, f"failed {operation}({params}) changed state"

    # ------------------------------------------------------------------ invariants
    @invariant()
    def listings_agree(self) -> None:
        sns = self.sns
        listed = pages(sns.list_topics, "Topics")
        assert sorted(item["TopicArn"] for item in listed) == sorted(
            topic.arn for topic in self.topics.values()
        )

        def row(subscription: SubscriptionModel) -> tuple[str, str, str, str, str]:
            shown = "PendingConfirmation" if subscription.pending else subscription.arn
            return (shown, topic_arn(subscription.topic), "sqs", subscription.endpoint, ACCOUNT)

        def rows(items: list[dict[str, str]]) -> list[tuple[str, str, str, str, str]]:
            return sorted(
                (item["SubscriptionArn"], item["TopicArn"], item["Protocol"], item["Endpoint"], item["Owner"])
                for item in items
            )

        all_subscriptions = pages(sns.list_subscriptions, "Subscriptions")
        assert rows(all_subscriptions) == sorted(row(sub) for sub in self.subs.values())
        for name, topic in self.topics.items():
            listed_subs = pages(sns.list_subscriptions_by_topic, "Subscriptions", TopicArn=topic.arn)
            assert rows(listed_subs) == sorted(row(self.subs[arn]) for arn in topic.subscriptions)
            attributes = sns.get_topic_attributes(TopicArn=topic.arn)["Attributes"]
            pending = sum(1 for arn in topic.subscriptions if self.subs[arn].pending)
            assert attributes["SubscriptionsPending"] == str(pending), name
            assert attributes["SubscriptionsConfirmed"] == str(len(topic.subscriptions) - pending), name
            assert attributes["SubscriptionsDeleted"] == str(topic.deleted), name

    @invariant()
    def records_agree(self) -> None:
        fake = self.fake
        assert len(fake.published) == self.published
        assert len(fake.deliveries) == sum(self.delivered.values())
        assert (
            Counter((item.subscription_arn, item.message_type) for item in fake.deliveries) == +self.delivered
        )
        assert Counter((item.subscription_arn, item.reason) for item in fake.skipped) == +self.skipped

    @invariant()
    def filter_policy_quota_counters_agree(self) -> None:
        """The counters behind FilterPolicyLimitExceeded (observable through that error) stay exact."""
        state = self.fake.backend.find_region(ACCOUNT, REGION)
        if state is None:
            return
        filtered = [sub for sub in self.subs.values() if sub.color is not None]
        assert state.filter_policy_count == len(filtered)
        for name, topic in self.topics.items():
            stored = state.topics.get(topic.arn)
            assert stored is not None
            assert stored.filter_policy_count == sum(1 for sub in filtered if sub.topic == name), name


def _snake(operation: str) -> str:
    import botocore

    return str(botocore.xform_name(operation))


def test_fake_agrees_with_the_model() -> None:
    run_state_machine_as_test(  # type: ignore[no-untyped-call]
        SnsMachine,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
