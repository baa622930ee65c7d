"""Isolation: nothing leaks between tests, accounts or regions; ``reset()`` forgets
everything; a stopped fake answers nothing (the call goes on to botocore's own path,
which the socket guard here turns into a fast connection error)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import botocore.config
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from conftest import _SESSION, make_client

import snsfake
from snsfake import SnsFake, hooks

ACCOUNT = "123456789012"
OTHER = "111122223333"
THIRD = "444455556666"
PHONE = "+15555550100"
WHERE = [("us-east-1", "testing"), ("us-east-1", OTHER), ("eu-west-1", "testing"), ("cn-north-1", "testing")]


@pytest.fixture
def network_attempts(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """No socket may open: record the attempt and fail it at once."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args[:2])
        raise OSError("network is off in snsfake's isolation tests")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


def offline_client(region: str = "us-east-1") -> Any:
    """A client that fails fast when a call reaches the network (one attempt, short timeouts)."""
    config = botocore.config.Config(retries={"max_attempts": 1}, connect_timeout=1, read_timeout=1)
    return _SESSION.client(
        "sns", region_name=region, aws_access_key_id="testing", aws_secret_access_key="testing", config=config
    )


def populate(fake: SnsFake, region: str = "us-east-1", access_key: str = "testing") -> None:
    """Some of everything: topics (FIFO too), subscriptions (pending too), a publish, SMS, push."""
    sns = make_client(region=region, access_key=access_key)
    topic = sns.create_topic(Name="orders", Tags=[{"Key": "k", "Value": "v"}])["TopicArn"]
    fifo = sns.create_topic(Name="orders.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    account = access_key if access_key.isdigit() else ACCOUNT
    partition = "aws-cn" if region.startswith("cn-") else "aws"
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=f"arn:{partition}:sqs:{region}:{account}:q")
    sns.subscribe(TopicArn=topic, Protocol="https", Endpoint="https://example.com/hook")
    sns.subscribe(TopicArn=fifo, Protocol="sqs", Endpoint=f"arn:{partition}:sqs:{region}:{account}:q.fifo")
    sns.publish(TopicArn=topic, Message="m")
    sns.publish(TopicArn=fifo, Message="m", MessageGroupId="g", MessageDeduplicationId="d")
    sns.set_sms_attributes(attributes={"DefaultSMSType": "Transactional"})
    sns.create_sms_sandbox_phone_number(PhoneNumber=PHONE)
    sns.verify_sms_sandbox_phone_number(
        PhoneNumber=PHONE, OneTimePassword=fake.sandbox_password(PHONE, account_id=account, region=region)
    )
    sns.publish(PhoneNumber=PHONE, Message="sms")
    sns.set_sms_attributes(attributes={"MonthlySpendLimit": "0"})  # (the quota, 1 USD, is the most it may be)
    fake.opt_out("+15555550199", account_id=account, region=region)
    application = sns.create_platform_application(
        Name="app", Platform="GCM", Attributes={"PlatformCredential": "key"}
    )["PlatformApplicationArn"]
    sns.create_platform_endpoint(PlatformApplicationArn=application, Token="device")


def assert_empty(region: str = "us-east-1", access_key: str = "testing") -> None:
    """What a brand-new account sees in a region."""
    sns = make_client(region=region, access_key=access_key)
    assert sns.list_topics()["Topics"] == []
    assert sns.list_subscriptions()["Subscriptions"] == []
    assert sns.list_platform_applications()["PlatformApplications"] == []
    assert sns.list_phone_numbers_opted_out()["phoneNumbers"] == []
    assert sns.get_sms_attributes()["attributes"] == {"MonthlySpendLimit": "1"}
    assert sns.get_sms_sandbox_account_status()["IsInSandbox"] is True
    assert sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"] == []
    assert sns.list_origination_numbers()["PhoneNumbers"] == []
    assert sns.check_if_phone_number_is_opted_out(phoneNumber="+15555550199")["isOptedOut"] is False


def assert_no_records(fake: SnsFake) -> None:
    assert len(fake.calls) == len(fake.published) == len(fake.deliveries) == len(fake.skipped) == 0
    assert len(fake.data_protection_findings) == 0


# --------------------------------------------------------------------------- between tests
def test_no_fake_is_left_active_by_earlier_tests() -> None:
    assert hooks.active_fakes() == []


_first_fake: list[SnsFake] = []


def test_first_test_leaves_state_everywhere(sns_fake: SnsFake) -> None:
    for region, key in WHERE:
        populate(sns_fake, region, key)
    assert len(sns_fake.published) == 3 * len(WHERE)
    _first_fake.append(sns_fake)


def test_next_test_starts_from_nothing(sns_fake: SnsFake) -> None:
    """Runs after the test above (file order): its fake is gone and left nothing behind."""
    for earlier in _first_fake:
        assert earlier is not sns_fake and not earlier.is_active
    assert hooks.active_fakes() == [sns_fake]
    assert_no_records(sns_fake)
    for region, key in WHERE:
        assert_empty(region, key)
    sns = make_client()
    topic = sns.create_topic(Name="orders")["TopicArn"]
    attributes = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    assert (attributes["SubscriptionsConfirmed"], attributes["SubscriptionsDeleted"]) == ("0", "0")
    assert sns.list_tags_for_resource(ResourceArn=topic)["Tags"] == []


def test_reentering_a_fake_starts_from_nothing() -> None:
    fake = snsfake.mock_sns()
    with fake:
        populate(fake)
    with fake:
        assert_no_records(fake)
        assert_empty()


def test_a_decorated_function_starts_from_nothing_on_every_call() -> None:
    @snsfake.mock_sns
    def scenario() -> list[Any]:
        sns = make_client()
        before = list(sns.list_topics()["Topics"])
        sns.create_topic(Name="orders")
        return before

    assert scenario() == []
    assert scenario() == []


@pytest.mark.parametrize("run", [1, 2])
@snsfake.mock_sns
def test_parametrized_cases_of_a_decorated_test_do_not_share_state(run: int) -> None:
    sns = make_client()
    assert sns.list_topics()["Topics"] == []
    sns.create_topic(Name=f"run-{run}")


# --------------------------------------------------------------------------- accounts and regions
def test_accounts_do_not_share_state(sns_fake: SnsFake) -> None:
    populate(sns_fake, "us-east-1", OTHER)
    default, other = make_client(), make_client(access_key=OTHER)
    assert_empty("us-east-1", "testing")
    assert_empty("us-east-1", THIRD)
    # A non-numeric key is the default account, whatever the key.
    assert make_client(access_key="AKIAIOSFODNN7EXAMPLE").list_topics()["Topics"] == []

    mine = default.create_topic(Name="orders")["TopicArn"]
    theirs = other.create_topic(Name="orders")["TopicArn"]
    assert (mine, theirs) == (
        f"arn:aws:sns:us-east-1:{ACCOUNT}:orders",
        f"arn:aws:sns:us-east-1:{OTHER}:orders",
    )
    assert [item["TopicArn"] for item in default.list_topics()["Topics"]] == [mine]
    assert theirs in [item["TopicArn"] for item in other.list_topics()["Topics"]]
    assert mine not in [item["TopicArn"] for item in other.list_topics()["Topics"]]

    default.subscribe(TopicArn=mine, Protocol="sqs", Endpoint=f"arn:aws:sqs:us-east-1:{ACCOUNT}:mine")
    before = len(sns_fake.deliveries)
    default.publish(TopicArn=mine, Message="only mine")
    delivered = sns_fake.deliveries[before:]
    assert [item.endpoint for item in delivered] == [f"arn:aws:sqs:us-east-1:{ACCOUNT}:mine"]
    assert sns_fake.published.last.account == ACCOUNT
    assert [item["Endpoint"] for item in default.list_subscriptions()["Subscriptions"]] == [
        f"arn:aws:sqs:us-east-1:{ACCOUNT}:mine"
    ]
    assert default.get_topic_attributes(TopicArn=mine)["Attributes"]["Owner"] == ACCOUNT

    sns_fake.leave_sms_sandbox(account_id=OTHER)
    assert other.get_sms_sandbox_account_status()["IsInSandbox"] is False
    assert default.get_sms_sandbox_account_status()["IsInSandbox"] is True
    assert other.check_if_phone_number_is_opted_out(phoneNumber="+15555550199")["isOptedOut"] is True
    assert default.check_if_phone_number_is_opted_out(phoneNumber="+15555550199")["isOptedOut"] is False
    assert sns_fake.sms_spend_usd(account_id=OTHER) > 0 == sns_fake.sms_spend_usd()


def test_regions_do_not_share_state(sns_fake: SnsFake) -> None:
    populate(sns_fake, "eu-west-1")
    populate(sns_fake, "cn-north-1")
    assert_empty("us-east-1")
    assert_empty("ap-southeast-2")
    east, west, china = make_client(), make_client(region="eu-west-1"), make_client(region="cn-north-1")
    assert [item["TopicArn"] for item in china.list_topics()["Topics"]] == [
        f"arn:aws-cn:sns:cn-north-1:{ACCOUNT}:orders",
        f"arn:aws-cn:sns:cn-north-1:{ACCOUNT}:orders.fifo",
    ]
    western = f"arn:aws:sns:eu-west-1:{ACCOUNT}:orders"
    eastern = east.create_topic(Name="orders")["TopicArn"]
    assert eastern == f"arn:aws:sns:us-east-1:{ACCOUNT}:orders" != western
    assert west.get_sms_attributes()["attributes"]["DefaultSMSType"] == "Transactional"
    assert "DefaultSMSType" not in east.get_sms_attributes()["attributes"]
    # A client in one region does not reach another region's topic.
    before = (len(sns_fake.published), len(sns_fake.deliveries))
    with pytest.raises(ClientError):
        east.publish(TopicArn=western, Message="across regions")
    with pytest.raises(ClientError):
        east.subscribe(TopicArn=western, Protocol="sqs", Endpoint=f"arn:aws:sqs:us-east-1:{ACCOUNT}:q")
    assert (len(sns_fake.published), len(sns_fake.deliveries)) == before
    assert len(west.list_subscriptions_by_topic(TopicArn=western)["Subscriptions"]) == 2


# --------------------------------------------------------------------------- reset()
def test_reset_forgets_every_region_account_and_record() -> None:
    fake = snsfake.mock_sns()
    with fake:
        for region, key in WHERE:
            populate(fake, region, key)
        fake.leave_sms_sandbox(account_id=OTHER)
        fake.add_origination_number("+15555550123")
        token = next(
            item.extra["token"] for item in fake.deliveries if item.message_type == "SubscriptionConfirmation"
        )
        assert fake.sms_spend_usd() > 0 and len(fake.backend.regions) == len(WHERE)

        fake.reset()

        assert_no_records(fake)
        assert fake.backend.regions == {}
        assert fake.sms_spend_usd() == 0 == fake.sms_spend_usd(account_id=OTHER)
        for region, key in WHERE:
            assert_empty(region, key)
        assert_empty("us-east-1", OTHER)  # the sandbox this account left is back

        sns = make_client()
        topic = sns.create_topic(Name="orders")["TopicArn"]
        fifo = sns.create_topic(Name="orders.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
        sns.subscribe(TopicArn=fifo, Protocol="sqs", Endpoint=f"arn:aws:sqs:us-east-1:{ACCOUNT}:q.fifo")
        with pytest.raises(ClientError, match="Token"):  # the old confirmation token is gone too
            sns.confirm_subscription(TopicArn=topic, Token=token)
        # The FIFO deduplication window is gone: the same id is a new message that is delivered.
        sns.publish(TopicArn=fifo, Message="m", MessageGroupId="g", MessageDeduplicationId="d")
        assert len(fake.deliveries) == 1 and len(fake.skipped.filter(reason="Deduplicated")) == 0
        attributes = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
        assert (attributes["SubscriptionsConfirmed"], attributes["SubscriptionsPending"]) == ("0", "0")


def test_clear_empties_records_but_keeps_state() -> None:
    with snsfake.mock_sns() as fake:
        populate(fake)
        fake.clear()
        assert_no_records(fake)
        assert len(make_client().list_topics()["Topics"]) == 2


# --------------------------------------------------------------------------- a stopped fake
def test_a_stopped_fake_answers_nothing(network_attempts: list[Any]) -> None:
    sns = offline_client()
    with snsfake.mock_sns() as fake:
        sns.create_topic(Name="orders")
    calls = len(fake.calls)
    with pytest.raises(EndpointConnectionError):
        sns.list_topics()
    assert network_attempts, "the call should have gone to botocore's network path"
    assert len(fake.calls) == calls and not fake.is_active
    assert hooks.active_fakes() == []
    with pytest.raises(RuntimeError, match="no mock_sns is active"):
        snsfake.active()


def test_the_fake_stops_when_the_block_raises(network_attempts: list[Any]) -> None:
    fake = snsfake.mock_sns()

    @fake
    def failing() -> None:
        offline_client().create_topic(Name="orders")
        raise LookupError("the test failed")

    with pytest.raises(LookupError):
        failing()
    with pytest.raises(LookupError), fake:
        raise LookupError("again")
    assert not fake.is_active and hooks.active_fakes() == []
    with pytest.raises(EndpointConnectionError):
        offline_client().list_topics()
    assert network_attempts


def test_nested_fakes_unwind_in_order(network_attempts: list[Any]) -> None:
    sns = offline_client()
    with snsfake.mock_sns() as outer:
        sns.create_topic(Name="outer")
        with snsfake.mock_sns() as inner:
            assert [item["TopicArn"] for item in sns.list_topics()["Topics"]] == []
            sns.create_topic(Name="inner")
        assert [item["TopicArn"].rsplit(":", 1)[1] for item in sns.list_topics()["Topics"]] == ["outer"]
    assert [call.operation for call in inner.calls] == ["ListTopics", "CreateTopic"]
    assert [call.operation for call in outer.calls] == ["CreateTopic", "ListTopics"]
    assert not network_attempts
    with pytest.raises(EndpointConnectionError):
        sns.list_topics()
    assert network_attempts


def test_a_fake_stopped_by_another_thread_mid_call_lets_the_call_through(
    network_attempts: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last fake stops (in another thread) just after a call saw it active: botocore goes on."""

    class Vanishing(list):  # type: ignore[type-arg]
        """Still there when checked, gone when read: another thread popped the fake in between."""

        def __bool__(self) -> bool:
            return True

        def __len__(self) -> int:
            return 1

        def __getitem__(self, index: Any) -> Any:
            raise IndexError("list index out of range")

    sns = offline_client()
    with snsfake.mock_sns():
        monkeypatch.setattr(hooks, "_active", Vanishing())
        with pytest.raises(EndpointConnectionError):
            sns.list_topics()
        monkeypatch.undo()
    assert hooks.active_fakes() == []


# --------------------------------------------------------------------------- caller and fake share nothing
def _scramble(value: Any) -> None:
    """Mutate every container in ``value`` in place, as careless caller code might."""
    if isinstance(value, dict):
        for item in list(value.values()):
            _scramble(item)
        value.clear()
        value["scrambled"] = True
    elif isinstance(value, list):
        for item in value:
            _scramble(item)
        value.reverse()
        value.append("scrambled")


def test_mutating_parameters_after_a_call_changes_no_record_and_no_state(sns_fake: SnsFake) -> None:
    sns = make_client()
    attributes = {"DisplayName": "orders"}
    tags = [{"Key": "team", "Value": "a"}]
    topic = sns.create_topic(Name="orders", Attributes=attributes, Tags=tags)["TopicArn"]
    subscription = {"FilterPolicy": '{"color":["red"]}'}
    sns.subscribe(
        TopicArn=topic, Protocol="sqs", Endpoint=f"arn:aws:sqs:us-east-1:{ACCOUNT}:q", Attributes=subscription
    )
    message_attributes = {"color": {"DataType": "String", "StringValue": "red"}}
    sns.publish(TopicArn=topic, Message="m", MessageAttributes=message_attributes)
    entries = [
        {
            "Id": "a",
            "Message": "m",
            "MessageAttributes": {"color": {"DataType": "String", "StringValue": "red"}},
        }
    ]
    sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=entries)
    recorded = [dict(call.params) for call in sns_fake.calls]
    snapshot = repr(recorded)

    for value in (attributes, tags, subscription, message_attributes, entries):
        _scramble(value)

    assert repr([dict(call.params) for call in sns_fake.calls]) == snapshot
    assert sns_fake.calls[2].params["MessageAttributes"]["color"]["StringValue"] == "red"
    assert sns_fake.published[0].attributes["color"]["StringValue"] == "red"
    assert sns_fake.deliveries[0].json["MessageAttributes"]["color"]["Value"] == "red"
    assert sns.get_topic_attributes(TopicArn=topic)["Attributes"]["DisplayName"] == "orders"
    assert sns.list_tags_for_resource(ResourceArn=topic)["Tags"] == [{"Key": "team", "Value": "a"}]


def test_mutating_a_response_changes_no_record_and_no_state(sns_fake: SnsFake) -> None:
    populate(sns_fake)
    sns = make_client()
    topic = f"arn:aws:sns:us-east-1:{ACCOUNT}:orders"
    application = f"arn:aws:sns:us-east-1:{ACCOUNT}:app/GCM/app"
    endpoint = sns.list_endpoints_by_platform_application(PlatformApplicationArn=application)["Endpoints"][0]
    subscription = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"][0]["SubscriptionArn"]
    reads: list[tuple[str, dict[str, Any]]] = [
        ("list_topics", {}),
        ("list_subscriptions", {}),
        ("list_subscriptions_by_topic", {"TopicArn": topic}),
        ("get_topic_attributes", {"TopicArn": topic}),
        ("get_subscription_attributes", {"SubscriptionArn": subscription}),
        ("list_tags_for_resource", {"ResourceArn": topic}),
        ("get_sms_attributes", {}),
        ("list_phone_numbers_opted_out", {}),
        ("list_sms_sandbox_phone_numbers", {}),
        ("list_platform_applications", {}),
        ("get_platform_application_attributes", {"PlatformApplicationArn": application}),
        ("list_endpoints_by_platform_application", {"PlatformApplicationArn": application}),
        ("get_endpoint_attributes", {"EndpointArn": endpoint["EndpointArn"]}),
    ]

    def recorded_response(index: int) -> str:
        response = sns_fake.calls[index].response
        assert response is not None
        return repr({key: value for key, value in response.items() if key != "ResponseMetadata"})

    for name, params in reads:
        first = getattr(sns, name)(**params)
        first.pop("ResponseMetadata")
        expected = repr(first)
        recorded = recorded_response(-1)
        _scramble(first)
        again = getattr(sns, name)(**params)
        again.pop("ResponseMetadata")
        assert repr(again) == expected, name
        assert recorded_response(-2) == recorded, name


def test_a_delivery_body_does_not_depend_on_when_it_is_read(sns_fake: SnsFake) -> None:
    sns = make_client()
    topic = sns.create_topic(Name="orders")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=f"arn:aws:sqs:us-east-1:{ACCOUNT}:q")
    sns.publish(TopicArn=topic, Message="signed with version 1")
    sns.set_topic_attributes(TopicArn=topic, AttributeName="SignatureVersion", AttributeValue="2")
    assert sns_fake.deliveries.last.json["SignatureVersion"] == "1"


# --------------------------------------------------------------------------- configuration made while active
@pytest.fixture
def reused_fake() -> Iterator[SnsFake]:
    fake = snsfake.mock_sns(auto_confirm=True)
    yield fake
    while fake.is_active:
        fake.stop()


def test_handlers_registered_in_one_activation_do_not_answer_the_next(reused_fake: SnsFake) -> None:
    seen: list[str] = []
    for run in ("first", "second"):

        def answer(request: Any, run: str = run) -> int:
            seen.append(run)
            return 200

        with reused_fake:
            reused_fake.on_http("https://hooks.example.com/", answer)
            sns = make_client()
            topic = sns.create_topic(Name="orders")["TopicArn"]
            sns.subscribe(TopicArn=topic, Protocol="https", Endpoint="https://hooks.example.com/in")
            sns.publish(TopicArn=topic, Message="m")
    assert seen == ["first", "second"]


def test_limits_lowered_in_one_activation_are_back_in_the_next(reused_fake: SnsFake) -> None:
    with reused_fake:
        reused_fake.limits["topics"] = 1
        make_client().create_topic(Name="one")
    with reused_fake:
        sns = make_client()
        sns.create_topic(Name="one")
        sns.create_topic(Name="two")


def test_no_fake_is_left_active_by_this_file() -> None:
    assert hooks.active_fakes() == []
