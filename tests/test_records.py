"""The assertion API: Records (last, filter, one, assert_count), the record types, and
SnsFake.calls / clear() / reset(), all driven through boto3."""

from __future__ import annotations

import datetime as dt
from collections.abc import MutableSequence, Sequence
from typing import Any

import pytest
from botocore.exceptions import ParamValidationError
from conftest import ACCOUNT, REGION, make_client
from freezegun import freeze_time
from sns_helpers import subscribe

from snsfake import Call, Delivery, Published, Records, Skipped, SnsFake

BILLING = f"arn:aws:sqs:{REGION}:{ACCOUNT}:billing"
AUDIT = f"arn:aws:sqs:{REGION}:{ACCOUNT}:audit"
HOOK = "https://example.com/hook"

# What Python says when a read-only field or property is assigned (3.10: "can't set", 3.11+: "no setter").
READ_ONLY = r"can't set attribute|has no setter"


# --------------------------------------------------------------------------- .last
@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("deliveries", "snsfake: no deliveries captured"),
        ("calls", "snsfake: no calls captured"),
        ("skipped", "snsfake: no skipped subscriptions captured"),
        ("published", "snsfake: no published messages captured"),
    ],
)
def test_last_of_empty_records_raises_index_error(sns_fake: SnsFake, kind: str, message: str) -> None:
    with pytest.raises(IndexError) as caught:
        getattr(sns_fake, kind).last  # noqa: B018 - the property raises
    assert str(caught.value) == message


def test_last_is_the_most_recent_record(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    subscribe(sns, "sqs", BILLING, topic_arn)
    sns.publish(TopicArn=topic_arn, Message="first")
    second = sns.publish(TopicArn=topic_arn, Message="second")
    assert sns_fake.deliveries.last.message == "second"
    assert sns_fake.published.last.message_id == second["MessageId"]
    assert sns_fake.calls.last.operation == "Publish"
    assert sns_fake.calls.last.response is not None
    assert sns_fake.calls.last.response["MessageId"] == second["MessageId"]


# --------------------------------------------------------------------------- a read-only, live sequence
def test_records_are_a_read_only_sequence(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    subscribe(sns, "sqs", BILLING, topic_arn)
    sns.publish(TopicArn=topic_arn, Message="a")
    sns.publish(TopicArn=topic_arn, Message="b")
    deliveries = sns_fake.deliveries
    assert isinstance(deliveries, Records) and isinstance(deliveries, Sequence)
    assert not isinstance(deliveries, MutableSequence)
    assert len(deliveries) == 2 and bool(deliveries)
    assert [d.message for d in deliveries] == ["a", "b"]
    assert deliveries[0].message == "a" and deliveries[-1].message == "b"
    assert [d.message for d in deliveries[::-1]] == ["b", "a"]
    assert deliveries[0] in deliveries and deliveries.index(deliveries[1]) == 1
    assert repr(deliveries) == "<Records deliveries: 2>"
    for attempt in (
        lambda: deliveries.append(deliveries[0]),  # type: ignore[attr-defined]
        lambda: deliveries.extend([]),  # type: ignore[attr-defined]
        lambda: deliveries.clear(),  # type: ignore[attr-defined]
        lambda: deliveries.pop(),  # type: ignore[attr-defined]
    ):
        with pytest.raises(AttributeError):
            attempt()
    with pytest.raises(TypeError):
        deliveries[0] = deliveries[1]  # type: ignore[index]
    with pytest.raises(TypeError):
        del deliveries[0]  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        deliveries.extra = []  # type: ignore[attr-defined]  # __slots__: no instance dict
    assert len(sns_fake.deliveries) == 2


def test_empty_records_are_falsy(sns_fake: SnsFake) -> None:
    assert not sns_fake.deliveries and len(sns_fake.deliveries) == 0 and list(sns_fake.deliveries) == []


def test_records_are_live_and_filter_results_are_snapshots(
    sns: Any, sns_fake: SnsFake, topic_arn: str
) -> None:
    subscribe(sns, "sqs", BILLING, topic_arn)
    live = sns_fake.deliveries
    snapshot = live.filter(protocol="sqs")
    sns.publish(TopicArn=topic_arn, Message="later")
    assert len(live) == 1 and live.last.message == "later"
    assert len(snapshot) == 0


def test_iterating_while_publishing_sees_a_stable_copy(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    subscribe(sns, "sqs", BILLING, topic_arn)
    sns.publish(TopicArn=topic_arn, Message="seed")
    seen = 0
    for _ in sns_fake.deliveries:
        sns.publish(TopicArn=topic_arn, Message="more")
        seen += 1
    assert seen == 1 and len(sns_fake.deliveries) == 2


# --------------------------------------------------------------------------- .filter
@pytest.fixture
def two_topics(sns: Any, sns_fake: SnsFake) -> tuple[str, str]:
    """Topics "orders" (sqs billing + lambda) and "returns" (sqs audit), one message each."""
    orders = sns.create_topic(Name="orders")["TopicArn"]
    returns = sns.create_topic(Name="returns")["TopicArn"]
    subscribe(sns, "sqs", BILLING, orders)
    subscribe(sns, "lambda", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:f", orders)
    subscribe(sns, "sqs", AUDIT, returns)
    sns.publish(TopicArn=orders, Message="order 1")
    sns.publish(TopicArn=returns, Message="return 1")
    return orders, returns


def test_filter_by_protocol_and_endpoint(sns_fake: SnsFake, two_topics: tuple[str, str]) -> None:
    assert [d.message for d in sns_fake.deliveries.filter(protocol="sqs")] == ["order 1", "return 1"]
    assert [d.protocol for d in sns_fake.deliveries.filter(protocol="lambda")] == ["lambda"]
    assert [d.message for d in sns_fake.deliveries.filter(protocol="sqs", endpoint=AUDIT)] == ["return 1"]
    assert len(sns_fake.deliveries.filter(protocol="sms")) == 0


@pytest.mark.parametrize("by", ["name", "arn"])
def test_filter_by_topic_name_or_arn(sns_fake: SnsFake, two_topics: tuple[str, str], by: str) -> None:
    orders, returns = two_topics
    topic = "orders" if by == "name" else orders
    assert [d.protocol for d in sns_fake.deliveries.filter(topic=topic)] == ["sqs", "lambda"]
    assert [p.topic_arn for p in sns_fake.published.filter(topic=topic)] == [orders]
    assert len(sns_fake.deliveries.filter(topic="order")) == 0  # names match whole, not as prefixes
    assert len(sns_fake.deliveries.filter(topic=returns + "x")) == 0


def test_filter_with_a_predicate(sns_fake: SnsFake, two_topics: tuple[str, str]) -> None:
    assert [d.endpoint for d in sns_fake.deliveries.filter(lambda d: d.message.startswith("return"))] == [
        AUDIT
    ]
    both = sns_fake.deliveries.filter(lambda d: "1" in d.message, protocol="sqs", topic="orders")
    assert [d.endpoint for d in both] == [BILLING]


def test_an_unknown_field_name_is_a_type_error_naming_the_valid_ones(
    sns_fake: SnsFake, two_topics: tuple[str, str]
) -> None:
    with pytest.raises(TypeError, match=r"^snsfake: Delivery records have no field 'endpont'; valid fields: .*\bendpoint\b"):
        sns_fake.deliveries.one(endpont="q")
    with pytest.raises(TypeError, match=r"no field 'mesage'; valid fields: .*\bmessage\b"):
        sns_fake.published.filter(mesage="m")
    with pytest.raises(TypeError, match=r"no field 'reasn'"):
        sns_fake.skipped.assert_count(0, reasn="FilterPolicy")
    # Properties and the topic= shorthand are fields too; an empty view checks names as well.
    assert sns_fake.deliveries.filter(topic_name="returns", body=sns_fake.deliveries.last.body)
    with pytest.raises(TypeError, match="no field 'nope'"):
        sns_fake.calls.filter(operation="None").filter(nope=1)


def test_records_compare_equal_to_lists_and_tuples(sns_fake: SnsFake, two_topics: tuple[str, str]) -> None:
    assert sns_fake.deliveries.filter(protocol="email") == []
    assert sns_fake.deliveries.filter(protocol="email") == ()
    sqs = sns_fake.deliveries.filter(protocol="sqs")
    assert sqs == list(sqs) and sqs == tuple(sqs) and sqs != [] and sqs == sns_fake.deliveries.filter(protocol="sqs")
    assert sns_fake.deliveries != "not a sequence of records"


def test_filter_returns_records_with_the_helpers(sns_fake: SnsFake, two_topics: tuple[str, str]) -> None:
    sqs = sns_fake.deliveries.filter(protocol="sqs")
    assert isinstance(sqs, Records)
    assert sqs.filter(topic="returns").one().endpoint == AUDIT
    sqs.assert_count(2)
    assert sqs.last.message == "return 1"


# --------------------------------------------------------------------------- .one
def test_one_returns_the_single_match(sns_fake: SnsFake, two_topics: tuple[str, str]) -> None:
    delivery = sns_fake.deliveries.one(protocol="sqs", endpoint=BILLING)
    assert isinstance(delivery, Delivery) and delivery.message == "order 1"
    assert sns_fake.published.one(topic="returns").message == "return 1"
    assert sns_fake.calls.one(operation="CreateTopic", params={"Name": "returns"}).ok


def test_one_explains_a_miss_with_deliveries_and_skipped_subscriptions(
    sns: Any, sns_fake: SnsFake, topic_arn: str
) -> None:
    pytest.importorskip("snsfake.filter_policy")
    billing = subscribe(sns, "sqs", BILLING, topic_arn, FilterPolicy='{"status": ["paid"]}')
    subscribe(sns, "sqs", AUDIT, topic_arn)
    pending = subscribe(sns, "https", HOOK, topic_arn)
    draft = sns.publish(
        TopicArn=topic_arn,
        Message="draft order",
        MessageAttributes={"status": {"DataType": "String", "StringValue": "draft"}},
    )
    with pytest.raises(AssertionError) as caught:
        sns_fake.deliveries.one(protocol="sqs", endpoint=BILLING)
    filtered = sns_fake.skipped.one(reason="FilterPolicy")
    confirmation = sns_fake.deliveries.one(message_type="SubscriptionConfirmation")
    assert str(caught.value) == "\n".join(
        [
            f"snsfake: expected 1 delivery with protocol='sqs', endpoint='{BILLING}'; found 0.",
            "Captured deliveries (2):",
            f"  https      {HOOK}  from orders  SubscriptionConfirmation {confirmation.message_id}",
            f"  sqs        {AUDIT}  from orders  Notification {draft['MessageId']}",
            "Skipped for that endpoint (1):",
            f"  {billing}  FilterPolicy: {filtered.detail}",
        ]
    )
    assert filtered.subscription_arn == billing and filtered.detail
    # without an endpoint, every skipped subscription is listed
    with pytest.raises(AssertionError) as caught:
        sns_fake.deliveries.one(protocol="email")
    text = str(caught.value)
    assert text.splitlines()[0] == "snsfake: expected 1 delivery with protocol='email'; found 0."
    assert "Skipped for any endpoint (2):" in text
    assert f"  {billing}  FilterPolicy: " in text
    assert f"  {pending}  PendingConfirmation: the subscription is not confirmed" in text


def test_one_lists_pending_subscriptions_for_the_endpoint(
    sns: Any, sns_fake: SnsFake, topic_arn: str
) -> None:
    pending = subscribe(sns, "https", HOOK, topic_arn)
    sns.publish(TopicArn=topic_arn, Message="m")
    with pytest.raises(AssertionError) as caught:
        sns_fake.deliveries.one(message_type="Notification", endpoint=HOOK)
    lines = str(caught.value).splitlines()
    assert (
        lines[0]
        == f"snsfake: expected 1 delivery with message_type='Notification', endpoint='{HOOK}'; found 0."
    )
    assert lines[-2:] == [
        "Skipped for that endpoint (1):",
        f"  {pending}  PendingConfirmation: the subscription is not confirmed",
    ]


def test_one_fails_on_several_matches(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    subscribe(sns, "sqs", BILLING, topic_arn)
    first = sns.publish(TopicArn=topic_arn, Message="a")
    second = sns.publish(TopicArn=topic_arn, Message="b")
    with pytest.raises(AssertionError) as caught:
        sns_fake.deliveries.one()
    assert str(caught.value) == "\n".join(
        [
            "snsfake: expected 1 matching delivery; found 2.",
            "Captured deliveries (2):",
            f"  sqs        {BILLING}  from orders  Notification {first['MessageId']}",
            f"  sqs        {BILLING}  from orders  Notification {second['MessageId']}",
        ]
    )


def test_one_on_empty_records(sns_fake: SnsFake) -> None:
    with pytest.raises(AssertionError) as caught:
        sns_fake.deliveries.one(protocol="sqs")
    assert str(caught.value) == (
        "snsfake: expected 1 delivery with protocol='sqs'; found 0.\nCaptured deliveries (0):"
    )


def test_one_shows_only_the_last_20_captured(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    subscribe(sns, "sqs", BILLING, topic_arn)
    sns.publish_batch(
        TopicArn=topic_arn, PublishBatchRequestEntries=[{"Id": str(i), "Message": str(i)} for i in range(10)]
    )
    sns.publish_batch(
        TopicArn=topic_arn,
        PublishBatchRequestEntries=[{"Id": str(i), "Message": str(i)} for i in range(10, 20)],
    )
    for index in range(20, 25):
        sns.publish(TopicArn=topic_arn, Message=str(index))
    with pytest.raises(AssertionError) as caught:
        sns_fake.deliveries.one(protocol="email")
    lines = str(caught.value).splitlines()
    assert lines[1:3] == ["Captured deliveries (25):", "  … 5 earlier"]
    assert len(lines) == 23
    assert lines[3].endswith(sns_fake.deliveries[5].message_id)
    assert lines[-1].endswith(sns_fake.deliveries[24].message_id)


def test_one_on_calls_and_published(sns: Any, sns_fake: SnsFake) -> None:
    sns.create_topic(Name="orders")
    with pytest.raises(AssertionError) as caught:
        sns_fake.calls.one(operation="Publish")
    assert str(caught.value) == (
        "snsfake: expected 1 call with operation='Publish'; found 0.\nCaptured calls (1):\n  <Call CreateTopic ok>"
    )
    with pytest.raises(AssertionError) as caught:
        sns_fake.published.one(topic="orders")
    assert str(caught.value).splitlines()[0] == (
        "snsfake: expected 1 published message with topic='orders'; found 0."
    )


# --------------------------------------------------------------------------- .assert_count
def test_assert_count(sns_fake: SnsFake, two_topics: tuple[str, str]) -> None:
    sns_fake.deliveries.assert_count(3)
    sns_fake.deliveries.assert_count(2, protocol="sqs")
    sns_fake.deliveries.assert_count(1, lambda d: d.protocol == "lambda", topic="orders")
    sns_fake.deliveries.assert_count(0, protocol="email")
    sns_fake.published.assert_count(1, topic="returns")
    sns_fake.calls.assert_count(2, operation="Publish")
    with pytest.raises(AssertionError) as caught:
        sns_fake.deliveries.assert_count(3, protocol="sqs")
    lines = str(caught.value).splitlines()
    assert lines[0] == "snsfake: expected 3 deliveries with protocol='sqs'; found 2."
    assert lines[1] == "Captured deliveries (3):"
    with pytest.raises(AssertionError) as caught:
        sns_fake.deliveries.assert_count(0, protocol="sqs")
    assert str(caught.value).splitlines()[0] == "snsfake: expected 0 deliveries with protocol='sqs'; found 2."


# --------------------------------------------------------------------------- record types
def test_call_published_and_skipped_records_are_frozen(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    subscribe(sns, "https", HOOK, topic_arn)
    sns.publish(TopicArn=topic_arn, Message="m")
    records: list[tuple[Any, str]] = [
        (sns_fake.calls.last, "operation"),
        (sns_fake.published.last, "message"),
        (sns_fake.skipped.last, "reason"),
    ]
    assert [type(record) for record, _ in records] == [Call, Published, Skipped]
    for record, name in records:
        before = getattr(record, name)
        with pytest.raises(AttributeError, match=READ_ONLY):
            setattr(record, name, "changed")
        assert getattr(record, name) == before


def test_delivery_records_are_immutable(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    subscribe(sns, "sqs", BILLING, topic_arn)
    sns.publish(TopicArn=topic_arn, Message="m")
    delivery = sns_fake.deliveries.last
    for name in ("message", "status", "attempts", "endpoint", "headers"):
        with pytest.raises(AttributeError, match=READ_ONLY):
            setattr(delivery, name, "changed")
    assert delivery.message == "m" and delivery.status == "delivered"


def test_delivery_body_is_stable_and_read_only(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    subscribe(sns, "sqs", BILLING, topic_arn)
    sns.publish(TopicArn=topic_arn, Message="m")
    delivery = sns_fake.deliveries.last
    assert delivery.body is delivery.body
    assert delivery.json["Message"] == delivery.message == "m"
    with pytest.raises(AttributeError):
        delivery.body = "x"  # type: ignore[misc]


def test_skipped_record_fields(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    with freeze_time("2024-01-01T12:00:00+00:00"):
        pending = subscribe(sns, "https", HOOK, topic_arn)
        response = sns.publish(TopicArn=topic_arn, Message="m")
    skipped = sns_fake.skipped.one()
    assert (skipped.message_id, skipped.reason, skipped.detail) == (
        response["MessageId"],
        "PendingConfirmation",
        "the subscription is not confirmed",
    )
    assert (skipped.protocol, skipped.endpoint, skipped.subscription_arn) == ("https", HOOK, pending)
    assert (skipped.topic_arn, skipped.topic_name) == (topic_arn, "orders")
    assert skipped.at == dt.datetime(2024, 1, 1, 12, tzinfo=dt.timezone.utc)
    assert sns_fake.skipped.filter(topic="orders", reason="PendingConfirmation").one() is skipped


# --------------------------------------------------------------------------- fake.calls
def test_calls_record_responses(sns: Any, sns_fake: SnsFake) -> None:
    with freeze_time("2024-01-01T12:00:00+00:00"):
        arn = sns.create_topic(Name="orders")["TopicArn"]
        response = sns.publish(TopicArn=arn, Message="hello", Subject="S")
    create, publish = sns_fake.calls
    assert (create.operation, create.params, create.ok) == ("CreateTopic", {"Name": "orders"}, True)
    assert create.response is not None and create.response["TopicArn"] == arn
    assert publish.operation == "Publish"
    assert publish.params == {"TopicArn": arn, "Message": "hello", "Subject": "S"}
    assert publish.response is not None and publish.response["MessageId"] == response["MessageId"]
    assert (publish.error_code, publish.error_message) == (None, None)
    assert (publish.account, publish.region) == (ACCOUNT, REGION)
    assert publish.at == dt.datetime(2024, 1, 1, 12, tzinfo=dt.timezone.utc)
    assert repr(publish) == "<Call Publish ok>"


def test_calls_record_errors(sns: Any, sns_fake: SnsFake) -> None:
    missing = f"arn:aws:sns:{REGION}:{ACCOUNT}:missing"
    with pytest.raises(sns.exceptions.NotFoundException):
        sns.publish(TopicArn=missing, Message="m")
    with pytest.raises(sns.exceptions.InvalidParameterValueException):
        sns.publish(
            TopicArn=missing,
            Message="m",
            MessageAttributes={"a^": {"DataType": "String", "StringValue": "v"}},
        )
    not_found, invalid = sns_fake.calls
    assert (not_found.operation, not_found.ok, not_found.response) == ("Publish", False, None)
    assert (not_found.error_code, not_found.error_message) == ("NotFound", "Topic does not exist")
    assert not_found.params == {"TopicArn": missing, "Message": "m"}
    assert repr(not_found) == "<Call Publish NotFound: Topic does not exist>"
    assert invalid.error_code == "ParameterValueInvalid"
    assert invalid.error_message is not None and invalid.error_message.startswith("Invalid non-alphanumeric")
    assert sns_fake.calls.filter(ok=False).filter(error_code="NotFound").one() is not_found
    assert not sns_fake.published


def test_client_side_validation_errors_are_not_calls(sns: Any, sns_fake: SnsFake) -> None:
    with pytest.raises(ParamValidationError):
        sns.publish(TopicArn="arn:aws:sns:us-east-1:123456789012:orders")  # no Message: botocore refuses
    assert not sns_fake.calls


def test_calls_record_the_account_of_a_12_digit_access_key(sns_fake: SnsFake) -> None:
    other = make_client(access_key="111122223333")
    arn = other.create_topic(Name="theirs")["TopicArn"]
    assert arn == f"arn:aws:sns:{REGION}:111122223333:theirs"
    assert sns_fake.calls.one().account == "111122223333"


# --------------------------------------------------------------------------- clear() and reset()
def test_clear_empties_the_records_but_keeps_the_state(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    subscribe(sns, "sqs", BILLING, topic_arn)
    subscribe(sns, "https", HOOK, topic_arn)
    sns.publish(TopicArn=topic_arn, Message="before")
    deliveries = sns_fake.deliveries
    sns_fake.clear()
    for records in (sns_fake.calls, sns_fake.published, sns_fake.deliveries, sns_fake.skipped):
        assert len(records) == 0
    assert len(deliveries) == 0  # the same live view
    sns.publish(TopicArn=topic_arn, Message="after")
    assert sns_fake.deliveries.one().message == "after" and deliveries.one().message == "after"
    assert sns_fake.skipped.one().reason == "PendingConfirmation"
    assert sns_fake.calls.one().operation == "Publish"


def test_reset_forgets_state_too(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    subscribe(sns, "sqs", BILLING, topic_arn)
    sns.publish(TopicArn=topic_arn, Message="before")
    sns_fake.reset()
    assert not sns_fake.published and not sns_fake.deliveries and not sns_fake.calls
    with pytest.raises(sns.exceptions.NotFoundException):
        sns.publish(TopicArn=topic_arn, Message="after")
    assert sns.list_topics()["Topics"] == []
    assert [call.error_code for call in sns_fake.calls] == ["NotFound", None]


def test_a_record_read_twice_is_the_same_object(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    sns.publish(TopicArn=topic_arn, Message="m")
    assert sns_fake.published[0] is sns_fake.published.last is next(iter(sns_fake.published))
    assert sns_fake.calls[-1] is sns_fake.calls.one(operation="Publish")
    assert isinstance(sns_fake.calls[0], Call) and isinstance(sns_fake.published[0], Published)


def test_records_captured_after_clear_are_whole_records(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    for index in range(3):
        sns.publish(TopicArn=topic_arn, Message=f"before {index}")
    assert len(list(sns_fake.published)) == 3  # read: the three are built
    sns_fake.clear()
    for index in range(5):  # more than were read before the clear
        sns.publish(TopicArn=topic_arn, Message=f"after {index}", Subject=f"s{index}")
    published = list(sns_fake.published)
    assert [type(item) for item in published] == [Published] * 5
    assert [(item.message, item.subject) for item in published] == [(f"after {i}", f"s{i}") for i in range(5)]
    assert [type(call) for call in sns_fake.calls] == [Call] * 5


def test_a_plain_publish_records_every_field(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    with freeze_time("2026-03-04 05:06:07.891"):
        message_id = sns.publish(TopicArn=topic_arn, Message="plain")["MessageId"]
    assert sns_fake.published.one() == Published(
        message_id=message_id,
        message="plain",
        account=ACCOUNT,
        region=REGION,
        at=dt.datetime(2026, 3, 4, 5, 6, 7, 891000, tzinfo=dt.timezone.utc),
        topic_arn=topic_arn,
    )
    call = sns_fake.calls.last
    assert (call.operation, call.params, call.account, call.region) == (
        "Publish",
        {"TopicArn": topic_arn, "Message": "plain"},
        ACCOUNT,
        REGION,
    )
    assert call.response == {"MessageId": message_id} and call.ok


def test_records_are_their_own_type_and_copy_pickle_and_replace(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    import copy
    import pickle

    subscribe(sns, "sqs", BILLING, topic_arn, FilterPolicy='{"kind": ["order"]}')
    subscribe(sns, "https", HOOK, topic_arn)
    sns.publish(TopicArn=topic_arn, Message="m")
    records = [sns_fake.calls.last, sns_fake.published.last, sns_fake.skipped.last]
    assert [type(record) for record in records] == [Call, Published, Skipped]
    for record in records:
        assert copy.copy(record) == record == pickle.loads(pickle.dumps(record))
        assert type(copy.deepcopy(record)) is type(record)
    changed = sns_fake.published.last._replace(message="other")
    assert type(changed) is Published and changed.message == "other"
    assert changed.message_id == sns_fake.published.last.message_id
    assert changed._asdict()["message"] == "other"
    with pytest.raises(AttributeError, match=READ_ONLY):
        changed.message = "again"  # type: ignore[misc]
    sns.publish(TopicArn=topic_arn, Message="n", MessageAttributes={"kind": {"DataType": "String", "StringValue": "order"}})
    delivery = sns_fake.deliveries.one(protocol="sqs")
    assert type(delivery) is Delivery
    with pytest.raises(AttributeError, match=READ_ONLY):
        delivery.status = "failed"  # type: ignore[misc]
    assert delivery.status == "delivered" and delivery.json["Message"] == "n"


def test_records_views_copy_and_pickle_as_snapshots(sns: Any, sns_fake: SnsFake, topic_arn: str) -> None:
    import copy
    import pickle

    for index in range(3):
        sns.publish(TopicArn=topic_arn, Message=f"m{index}")
    for clone in (copy.copy(sns_fake.published), copy.deepcopy(sns_fake.published),
                  pickle.loads(pickle.dumps(sns_fake.published))):  # fmt: skip
        assert isinstance(clone, Records) and [item.message for item in clone] == ["m0", "m1", "m2"]
        assert all(type(item) is Published for item in clone)
        sns_fake.clear()
        sns.publish(TopicArn=topic_arn, Message="later")
        assert len(clone) == 3 and type(clone[0]) is Published and clone.last.message == "m2"
        sns_fake.clear()
        for index in range(3):
            sns.publish(TopicArn=topic_arn, Message=f"m{index}")


def test_subclasses_of_record_classes_keep_their_class() -> None:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)

    class SlottedCall(Call):
        __slots__ = ()

    class PlainCall(Call):  # with a __dict__
        pass

    class MyDelivery(Delivery):
        pass

    for cls in (SlottedCall, PlainCall):
        call = cls("Publish", {}, ACCOUNT, REGION, now)
        assert type(call) is cls and call.operation == "Publish"
        assert type(call._replace(operation="Subscribe")) is cls
        with pytest.raises(AttributeError, match=READ_ONLY):
            call.operation = "x"  # type: ignore[misc]
    delivery = MyDelivery(
        protocol="sqs", endpoint="q", subscription_arn=None, topic_arn=None, message_id="m",
        message_type="Notification", message="hi", at=now, body="hi",
    )  # fmt: skip
    assert type(delivery) is MyDelivery and delivery.body == "hi"
    with pytest.raises(AttributeError, match=READ_ONLY):
        delivery.status = "failed"  # type: ignore[misc]


def test_empty_mappings_of_a_delivery_are_read_only_and_views_name_their_list(
    sns: Any, sns_fake: SnsFake, topic_arn: str
) -> None:
    subscribe(sns, "sqs", BILLING, topic_arn, RawMessageDelivery="true")
    sns.publish(TopicArn=topic_arn, Message="m")
    delivery = sns_fake.deliveries.one(endpoint=BILLING)
    assert delivery.message_attributes == {} and delivery.headers == {}
    with pytest.raises(TypeError, match=r"^snsfake: records are read-only$"):
        delivery.message_attributes["k"] = "v"  # type: ignore[index]
    assert repr(sns_fake.deliveries) == "<Records deliveries: 1>"
    assert repr(sns_fake.skipped) == "<Records skipped: 0>"
    assert repr(sns_fake.data_protection_findings) == "<Records data protection findings: 0>"
