"""Threads: 8 publishers send 10,000 messages to shared topics while other threads
subscribe, unsubscribe and read listings.

Nothing may raise; no delivery may be lost or duplicated; counters must be exact at
the end; FIFO order holds per message group for each subscription.

The check is built on *stable* subscriptions, made before the threads start and never
touched: each must receive exactly the messages of its topic that pass its filter,
each once. *Churn* subscriptions come and go while messages fly, so which messages
they get is not asserted exactly: only that what they get is theirs, at most once.
"""

from __future__ import annotations

import datetime
import json
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from conftest import make_client
from sns_helpers import pages

from snsfake import SnsFake

ACCOUNT = "123456789012"
REGION = "us-east-1"
PUBLISHERS = 8
MESSAGES = 10_000
CHURNERS = 2
RED = json.dumps({"color": ["red"]})


def queue(name: str) -> str:
    return f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"


@dataclass(frozen=True)
class Sent:
    topic: str
    message_id: str
    color: str | None
    group: str | None = None
    sequence: str | None = None


def _run(workers: list[threading.Thread], watchers: list[threading.Thread], done: threading.Event) -> None:
    """Start all; when the workers have finished, set ``done`` and wait for the watchers."""
    for thread in workers + watchers:
        thread.start()
    for thread in workers:
        thread.join()
    done.set()
    for thread in watchers:
        thread.join()


def test_publishers_and_churn_in_threads(sns_fake: SnsFake) -> None:
    setup = make_client()
    standard = [setup.create_topic(Name=f"shared-{index}")["TopicArn"] for index in range(2)]
    fifo = setup.create_topic(Name="shared.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    topics = [*standard, fifo]

    # Stable subscriptions: (arn, topic, filter color or None).
    stable: list[tuple[str, str, str | None]] = []
    for index, topic in enumerate(standard):
        for suffix, color in (("all", None), ("red", "red")):
            attributes = {"FilterPolicy": RED} if color else {}
            arn = setup.subscribe(
                TopicArn=topic,
                Protocol="sqs",
                Endpoint=queue(f"stable-{index}-{suffix}"),
                Attributes=attributes,
            )["SubscriptionArn"]
            stable.append((arn, topic, color))
    for suffix in ("a", "b"):
        arn = setup.subscribe(TopicArn=fifo, Protocol="sqs", Endpoint=queue(f"stable-{suffix}.fifo"))[
            "SubscriptionArn"
        ]
        stable.append((arn, fifo, None))
    stable_arns = {arn for arn, _, _ in stable}

    clients = [make_client() for _ in range(PUBLISHERS + CHURNERS + 1)]
    errors: list[BaseException] = []
    sent: list[list[Sent]] = [[] for _ in range(PUBLISHERS)]
    churned: list[dict[str, tuple[str, str | None]]] = [{} for _ in range(CHURNERS)]  # arn → (topic, color)
    unsubscribed: list[Counter[str]] = [Counter() for _ in range(CHURNERS)]  # topic → unsubscribes
    start = threading.Barrier(PUBLISHERS + CHURNERS + 1)
    publishing_done = threading.Event()

    def guarded(target: Any, *args: Any) -> Any:
        def run() -> None:
            try:
                start.wait()
                target(*args)
            except BaseException as error:  # noqa: BLE001 - every failure is reported by the main thread
                errors.append(error)

        return run

    def publisher(number: int) -> None:
        sns = clients[number]
        out = sent[number]
        per_thread = MESSAGES // PUBLISHERS
        index = 0
        while index < per_thread:
            topic = topics[index % len(topics)]
            batch = index % 5 == 4 and index + 10 <= per_thread  # now and then a batch of 10
            count = 10 if batch else 1
            entries = []
            for offset in range(count):
                position = index + offset
                color = "red" if position % 2 else "blue"
                entry: dict[str, Any] = {
                    "Id": f"m{offset}",
                    "Message": f"{number}-{position}",
                    "MessageAttributes": {"color": {"DataType": "String", "StringValue": color}},
                }
                if topic == fifo:
                    entry["MessageGroupId"] = f"g{number}-{position % 3}"
                    entry["MessageDeduplicationId"] = f"{number}-{position}"
                entries.append(entry)
            if batch:
                response = sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=entries)
                assert response["Failed"] == []
                results = response["Successful"]
            else:
                params = {key: value for key, value in entries[0].items() if key != "Id"}
                results = [sns.publish(TopicArn=topic, **params)]
            for entry, result in zip(entries, results, strict=True):
                out.append(
                    Sent(
                        topic,
                        result["MessageId"],
                        entry["MessageAttributes"]["color"]["StringValue"],
                        entry.get("MessageGroupId"),
                        result.get("SequenceNumber"),
                    )
                )
            index += count

    def churner(number: int) -> None:
        sns = clients[PUBLISHERS + number]
        mine = churned[number]
        counter = 0
        live: list[tuple[str, str]] = []
        while not publishing_done.is_set() or live:
            if live and (publishing_done.is_set() or counter % 3 == 2):
                arn, topic = live.pop(0)
                sns.unsubscribe(SubscriptionArn=arn)
                unsubscribed[number][topic] += 1
            else:
                topic = topics[counter % len(topics)]
                color = "red" if counter % 4 == 0 else None
                name = f"churn-{number}-{counter}" + (".fifo" if topic == fifo else "")
                attributes = {"FilterPolicy": RED} if color else {}
                arn = sns.subscribe(
                    TopicArn=topic, Protocol="sqs", Endpoint=queue(name), Attributes=attributes
                )["SubscriptionArn"]
                mine[arn] = (topic, color)
                live.append((arn, topic))
            counter += 1

    def reader() -> None:
        sns = clients[-1]
        while not publishing_done.is_set():
            for topic in topics:
                listed = pages(sns.list_subscriptions_by_topic, "Subscriptions", TopicArn=topic)
                attributes = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
                assert int(attributes["SubscriptionsConfirmed"]) >= sum(1 for _, t, _ in stable if t == topic)
                assert len({item["SubscriptionArn"] for item in listed}) == len(listed)
            pages(sns.list_subscriptions, "Subscriptions")

    publishers = [threading.Thread(target=guarded(publisher, number)) for number in range(PUBLISHERS)]
    others = [threading.Thread(target=guarded(churner, number)) for number in range(CHURNERS)]
    others.append(threading.Thread(target=guarded(reader)))
    _run(publishers, others, publishing_done)
    assert not errors, errors

    # Every message accepted once, every returned id recorded once.
    messages = [item for items in sent for item in items]
    assert len(messages) == MESSAGES
    by_id = {item.message_id: item for item in messages}
    assert len(by_id) == MESSAGES
    published = list(sns_fake.published)
    assert len(published) == MESSAGES
    assert {item.message_id for item in published} == set(by_id)

    deliveries = list(sns_fake.deliveries)
    per_subscription: dict[str, Counter[str]] = defaultdict(Counter)
    for delivery in deliveries:
        per_subscription[delivery.subscription_arn or ""][delivery.message_id] += 1

    # Stable subscriptions: exactly the messages of their topic that pass their filter, once each.
    for arn, topic, color in stable:
        expected = {
            item.message_id for item in messages if item.topic == topic and color in (None, item.color)
        }
        got = per_subscription[arn]
        assert set(got) == expected, (arn, len(got), len(expected))
        assert set(got.values()) == {1}, arn
    skipped = Counter((item.subscription_arn, item.reason) for item in sns_fake.skipped)
    for arn, topic, color in stable:
        filtered_out = sum(1 for item in messages if item.topic == topic and color not in (None, item.color))
        assert skipped[(arn, "FilterPolicy")] == filtered_out, arn

    # Churn subscriptions: only their own topic's messages, matching their filter, at most once.
    all_churned = {arn: value for mine in churned for arn, value in mine.items()}
    for arn, counts in per_subscription.items():
        if arn in stable_arns:
            continue
        assert arn in all_churned, arn
        topic, color = all_churned[arn]
        assert set(counts.values()) <= {1}, arn
        for message_id in counts:
            assert by_id[message_id].topic == topic and color in (None, by_id[message_id].color), arn
    assert len(deliveries) == sum(sum(counts.values()) for counts in per_subscription.values())

    # Counters at the end: churn left nothing behind.
    for topic in topics:
        attributes = setup.get_topic_attributes(TopicArn=topic)["Attributes"]
        own = sum(1 for _, t, _ in stable if t == topic)
        deleted = sum(counter[topic] for counter in unsubscribed)
        assert (attributes["SubscriptionsConfirmed"], attributes["SubscriptionsPending"]) == (str(own), "0")
        assert attributes["SubscriptionsDeleted"] == str(deleted)
        listed = pages(setup.list_subscriptions_by_topic, "Subscriptions", TopicArn=topic)
        assert {item["SubscriptionArn"] for item in listed} == {arn for arn, t, _ in stable if t == topic}
    assert {
        item["SubscriptionArn"] for item in pages(setup.list_subscriptions, "Subscriptions")
    } == stable_arns
    assert sum(len(mine) for mine in churned) == sum(sum(counter.values()) for counter in unsubscribed) > 0
    state = sns_fake.backend.find_region(ACCOUNT, REGION)
    assert state is not None and state.filter_policy_count == sum(1 for _, _, color in stable if color)

    # FIFO: sequence numbers rise in acceptance order; each subscription sees each group in publish order.
    fifo_published = [item for item in published if item.topic_arn == fifo]
    sequences = [int(item.sequence_number or "0") for item in fifo_published]
    assert sequences == sorted(sequences) and len(set(sequences)) == len(sequences)
    for record in fifo_published:
        assert by_id[record.message_id].sequence == record.sequence_number
    publish_order: dict[str, list[str]] = defaultdict(list)
    for items in sent:
        for item in items:
            if item.group is not None:
                publish_order[item.group].append(item.message_id)
    for arn, topic, _ in stable:
        if topic != fifo:
            continue
        seen: dict[str, list[str]] = defaultdict(list)
        for delivery in deliveries:
            if delivery.subscription_arn == arn:
                assert delivery.group_id == by_id[delivery.message_id].group
                seen[delivery.group_id or ""].append(delivery.message_id)
        assert seen == publish_order, arn
        for group, ids in seen.items():
            numbers = [int(by_id[message_id].sequence or "0") for message_id in ids]
            assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers), (arn, group)


def test_two_threads_reading_one_lazy_body_at_once() -> None:
    """Thread B sees no body yet and is paused there; thread A renders and stores it; B goes on.

    B must then return A's body (not trip over the renderer A already dropped).
    """
    import inspect
    import sys

    from snsfake.records import Delivery

    getter = Delivery.body.fget  # type: ignore[attr-defined]
    source, first = inspect.getsourcelines(getter)
    pause_at = next(first + index for index, line in enumerate(source) if "render = self._render" in line)
    rendered: list[str] = []

    def render() -> str:
        rendered.append("once")
        return "the body"

    delivery = Delivery(
        protocol="sqs",
        endpoint="q",
        subscription_arn=None,
        topic_arn=None,
        message_id="m",
        message_type="Notification",
        message="x",
        at=datetime.datetime.now(datetime.timezone.utc),
        render=render,
    )
    b_paused, a_done = threading.Event(), threading.Event()
    results: dict[str, Any] = {}

    def trace(frame: Any, event: str, arg: Any) -> Any:
        if frame.f_code is not getter.__code__:
            return None

        def local(frame: Any, event: str, arg: Any) -> Any:
            if event == "line" and frame.f_lineno == pause_at and not b_paused.is_set():
                b_paused.set()
                a_done.wait(5)
            return local

        return local

    def thread_b() -> None:
        sys.settrace(trace)
        try:
            results["b"] = delivery.body
        except BaseException as error:  # noqa: BLE001 - reported below
            results["b"] = error
        finally:
            sys.settrace(None)

    def thread_a() -> None:
        b_paused.wait(5)
        results["a"] = delivery.body
        a_done.set()

    threads = [threading.Thread(target=thread_b), threading.Thread(target=thread_a)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert b_paused.is_set()
    assert results == {"a": "the body", "b": "the body"}
    assert delivery.body == "the body"


def test_records_read_while_other_threads_publish_and_clear(sns_fake: SnsFake) -> None:
    """Calls and publishes are kept as field tuples until read: no reader may ever see a tuple."""
    from snsfake import Call, Published

    client = make_client()
    topic = client.create_topic(Name="lazy")["TopicArn"]
    stop = threading.Event()
    seen_types: set[type] = set()
    errors: list[BaseException] = []

    def publish() -> None:
        try:
            for index in range(200):
                client.publish(TopicArn=topic, Message=f"m{index}")
                if index % 37 == 0:
                    sns_fake.clear()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    def read() -> None:
        try:
            while not stop.is_set():
                seen_types.update(type(item) for item in sns_fake.published)
                seen_types.update(type(item) for item in sns_fake.calls)
                try:
                    seen_types.add(type(sns_fake.published.last))
                except IndexError:  # cleared by the other thread at that moment
                    pass
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    _run([threading.Thread(target=publish) for _ in range(2)], [threading.Thread(target=read) for _ in range(2)], stop)
    assert not errors
    assert seen_types <= {Call, Published} and Published in seen_types
    assert all(type(item) is Published for item in sns_fake.published)
    assert all(type(item) is Call for item in sns_fake.calls)
