"""Every way to turn the fake on: decorator (bare, with options, async, classes),
context managers, start/stop, nesting, threads, clients made before activation."""

from __future__ import annotations

import asyncio
import threading
import unittest
from typing import Any

import boto3
import botocore.session
import pytest
from conftest import make_client

import snsfake
from snsfake import SnsFake


def _topic(client: Any, name: str = "t") -> str:
    return str(client.create_topic(Name=name)["TopicArn"])


@snsfake.mock_sns
def test_bare_decorator_answers_calls() -> None:
    assert _topic(make_client()) == "arn:aws:sns:us-east-1:123456789012:t"
    assert snsfake.active().account_id == "123456789012"


@snsfake.mock_sns(account_id="111122223333", region="eu-west-1")
def test_decorator_with_options_sets_default_account() -> None:
    fake = snsfake.active()
    assert (fake.account_id, fake.region) == ("111122223333", "eu-west-1")
    client = make_client(region="eu-west-1")
    assert _topic(client) == "arn:aws:sns:eu-west-1:111122223333:t"


def test_decorator_keeps_signature_and_name() -> None:
    def target(a: int, b: int = 2) -> int:
        """doc"""
        return a + b

    wrapped = snsfake.mock_sns(target)
    assert wrapped.__name__ == "target" and wrapped.__doc__ == "doc"
    assert wrapped.__wrapped__ is target  # type: ignore[attr-defined]
    assert wrapped(1) == 3


def test_async_decorator_wraps_coroutine_functions() -> None:
    @snsfake.mock_sns
    async def scenario() -> str:
        await asyncio.sleep(0)
        assert snsfake.active().is_active
        return _topic(make_client())

    assert asyncio.iscoroutinefunction(scenario)
    assert asyncio.run(scenario()).endswith(":t")
    assert snsfake.hooks.active_fakes() == []


def test_async_context_manager() -> None:
    async def run() -> SnsFake:
        async with snsfake.mock_sns() as fake:
            _topic(make_client())
        return fake

    fake = asyncio.run(run())
    assert [call.operation for call in fake.calls] == ["CreateTopic"]


@snsfake.mock_sns
class TestPlainClass:
    def test_one(self) -> None:
        _topic(make_client(), "one")
        assert len(make_client().list_topics()["Topics"]) == 1

    def test_two_starts_fresh(self) -> None:
        assert make_client().list_topics()["Topics"] == []


@snsfake.mock_sns
class TestPlainClassSetupAndTeardown:
    """setup_method and teardown_method run under the test's own fresh fake."""

    def setup_method(self, method: Any) -> None:
        self.fake = snsfake.active()
        self.client = make_client()
        self.arn = _topic(self.client, f"setup-{method.__name__}")

    def teardown_method(self) -> None:  # pytest passes the method only to hooks that take it
        assert snsfake.active() is self.fake
        self.client.delete_topic(TopicArn=self.arn)
        assert self.fake.calls.last.operation == "DeleteTopic"

    def test_setup_ran_under_the_fake(self) -> None:
        assert [topic["TopicArn"] for topic in self.client.list_topics()["Topics"]] == [self.arn]
        assert [call.operation for call in self.fake.calls] == ["CreateTopic", "ListTopics"]

    def test_each_test_gets_fresh_state(self) -> None:
        assert self.arn.endswith(":setup-test_each_test_gets_fresh_state")
        assert len(self.client.list_topics()["Topics"]) == 1


def test_a_decorated_class_covers_setup_and_teardown_under_the_guard(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_class="""
        import boto3, snsfake

        def client():
            return boto3.client("sns", region_name="us-east-1",
                                aws_access_key_id="t", aws_secret_access_key="t")

        class Base:
            def setup_method(self, method):
                self.arn = client().create_topic(Name="inherited")["TopicArn"]

        @snsfake.mock_sns
        class TestOrders(Base):
            def teardown_method(self, method):
                client().delete_topic(TopicArn=self.arn)
                TestOrders.torn_down = getattr(TestOrders, "torn_down", 0) + 1

            def test_one(self):
                assert client().list_topics()["Topics"] == [{"TopicArn": self.arn}]

            def test_two(self):
                assert snsfake.active().calls[0].operation == "CreateTopic"

        @snsfake.mock_sns
        class TestNoHooks:
            def test_alone(self):
                client().create_topic(Name="alone")

        def test_after_the_classes():
            assert TestOrders.torn_down == 2 and snsfake.hooks.active_fakes() == []

        @snsfake.mock_sns
        class TestFailingSetup:
            def setup_method(self, method):
                raise RuntimeError("setup broke")

            def test_never_runs(self):
                pass

        def test_the_failed_setup_left_no_fake_active():
            assert snsfake.hooks.active_fakes() == []
        """
    )
    result = pytester.runpytest_subprocess("--block-real-sns", "-p", "no:randomly")
    result.assert_outcomes(passed=5, errors=1)
    result.stdout.fnmatch_lines(["*RuntimeError: setup broke*"])


@snsfake.mock_sns
class UnittestCase(unittest.TestCase):
    def setUp(self) -> None:
        self.client = make_client()
        self.arn = _topic(self.client, "from-setup")

    def test_setup_ran_under_the_fake(self) -> None:
        self.assertEqual(len(self.client.list_topics()["Topics"]), 1)

    def test_each_test_gets_fresh_state(self) -> None:
        self.assertEqual([t["TopicArn"] for t in self.client.list_topics()["Topics"]], [self.arn])


def test_unittest_case_runs_and_deactivates() -> None:
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(UnittestCase)
    result = unittest.TestResult()
    suite.run(result)
    assert result.wasSuccessful(), result.errors + result.failures
    assert result.testsRun == 2
    assert snsfake.hooks.active_fakes() == []


def test_decorating_something_else_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"^snsfake: mock_sns decorates functions, coroutine functions and classes, not 42$"):
        snsfake.mock_sns()(42)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"account_id": "1234"}, "snsfake: account_id must be 12 digits, got '1234'"),
        ({"region": "moon"}, "snsfake: region must look like 'us-east-1', got 'moon'"),
    ],
)
def test_options_are_validated_at_once(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        snsfake.mock_sns(**options)


def test_context_manager_keeps_records_after_exit() -> None:
    with snsfake.mock_sns() as fake:
        client = make_client()
        arn = _topic(client)
        client.publish(TopicArn=arn, Message="hello")
    assert not fake.is_active
    assert fake.published.last.message == "hello"


def test_start_stop_and_stop_twice() -> None:
    fake = snsfake.mock_sns()
    fake.start()
    try:
        _topic(make_client())
    finally:
        fake.stop()
    with pytest.raises(RuntimeError, match=r"^snsfake: stop\(\) called on a fake that is not active$"):
        fake.stop()


def test_state_resets_on_enter_not_exit() -> None:
    fake = snsfake.mock_sns()
    with fake:
        _topic(make_client())
    assert len(fake.calls) == 1
    with fake:
        assert make_client().list_topics()["Topics"] == []


def test_reentering_an_active_fake_nests_without_reset() -> None:
    fake = snsfake.mock_sns()
    with fake:
        _topic(make_client())
        with fake:
            assert len(make_client().list_topics()["Topics"]) == 1
        assert fake.is_active
        assert len(make_client().list_topics()["Topics"]) == 1
    assert not fake.is_active


def test_nested_fakes_innermost_answers() -> None:
    with snsfake.mock_sns() as outer:
        _topic(make_client(), "outer")
        with snsfake.mock_sns() as inner:
            assert snsfake.active() is inner
            assert make_client().list_topics()["Topics"] == []
            _topic(make_client(), "inner")
        assert snsfake.active() is outer
        names = [t["TopicArn"].rsplit(":", 1)[1] for t in make_client().list_topics()["Topics"]]
        assert names == ["outer"]
    assert [call.params["Name"] for call in inner.calls.filter(operation="CreateTopic")] == ["inner"]


def test_active_without_fake_raises() -> None:
    with pytest.raises(RuntimeError, match=r"^snsfake: no mock_sns is active$"):
        snsfake.active()


def test_client_created_before_activation_is_answered() -> None:
    client = make_client()
    with snsfake.mock_sns():
        assert _topic(client).endswith(":t")


def test_calls_from_other_threads_are_answered() -> None:
    results: list[str] = []
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            results.append(_topic(make_client(), f"thread-{index}"))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    with snsfake.mock_sns() as fake:
        threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert len(results) == 8 and len(fake.calls) == 8


def test_any_credentials_endpoint_url_and_boto3_default_session() -> None:
    with snsfake.mock_sns() as fake:
        custom = boto3.session.Session().client(
            "sns",
            region_name="us-east-1",
            endpoint_url="http://localhost:4566",
            aws_access_key_id="AKIAFAKE",
            aws_secret_access_key="secret",
            aws_session_token="token",
        )
        assert _topic(custom).endswith(":t")
        plain = botocore.session.get_session().create_client(
            "sns", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
        )
        assert len(plain.list_topics()["Topics"]) == 1
    assert len(fake.calls) == 2


def test_twelve_digit_access_key_selects_the_account() -> None:
    with snsfake.mock_sns():
        other = make_client(access_key="210987654321")
        assert _topic(other) == "arn:aws:sns:us-east-1:210987654321:t"
        assert make_client().list_topics()["Topics"] == []


def test_partitions_in_arns() -> None:
    with snsfake.mock_sns():
        assert _topic(make_client(region="cn-north-1")).startswith("arn:aws-cn:sns:cn-north-1:")
        assert _topic(make_client(region="us-gov-west-1")).startswith("arn:aws-us-gov:sns:us-gov-west-1:")


def test_patch_client_covers_clients_from_sessions_made_before_import() -> None:
    session = botocore.session.get_session()
    # Simulate a session created before `import snsfake`: drop our built-in handlers from its emitter.
    client = session.create_client("sns", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b")
    for event, handler, _ in snsfake.hooks._SPECS:
        client.meta.events.unregister(event, handler)
    with snsfake.mock_sns() as fake:
        snsfake.patch_client(client)
        snsfake.patch_client(client)  # idempotent
        assert _topic(client).endswith(":t")
    assert len(fake.calls) == 1


def test_param_validation_stays_botocores() -> None:
    from botocore.exceptions import ParamValidationError

    with snsfake.mock_sns() as fake, pytest.raises(ParamValidationError):
        make_client().create_topic()  # type: ignore[call-arg]
    assert len(fake.calls) == 0


def test_fixture_is_active(sns_fake: SnsFake) -> None:
    assert snsfake.active() is sns_fake
    assert _topic(make_client()).endswith(":t")
    assert sns_fake.calls.last.operation == "CreateTopic"


@pytest.mark.sns_fake(account_id="999988887777")
def test_fixture_marker_options(sns_fake: SnsFake) -> None:
    assert _topic(make_client()) == "arn:aws:sns:us-east-1:999988887777:t"


def test_after_call_hooks_see_the_http_response_botocore_would_hand_them(sns_fake: Any) -> None:
    client = make_client()
    seen: list[Any] = []
    client.meta.events.register("after-call.sns.CreateTopic", lambda http_response, **_: seen.append(http_response))
    response = client.create_topic(Name="hooked")
    [http_response] = seen
    metadata = response["ResponseMetadata"]
    assert http_response.status_code == 200
    assert http_response.headers["X-Amzn-RequestId"] == metadata["RequestId"]
    assert dict(http_response.headers) == metadata["HTTPHeaders"]
    assert http_response.headers.copy()["content-type"] == "text/xml"


def test_the_http_response_has_every_attribute_of_botocores(sns_fake: Any) -> None:
    from botocore.awsrequest import AWSResponse

    client = make_client()
    seen: list[Any] = []
    client.meta.events.register("after-call.sns.ListTopics", lambda http_response, **_: seen.append(http_response))
    client.list_topics()
    answered, reference = seen[0], AWSResponse("", 200, {}, None)
    assert isinstance(answered, AWSResponse)
    for name in vars(reference):
        assert getattr(answered, name) == getattr(reference, name) or name in ("status_code", "headers")


def test_the_http_response_headers_copy_and_pickle_like_botocores(sns_fake: Any) -> None:
    import copy
    import pickle

    from botocore.awsrequest import HeadersDict

    client = make_client()
    seen: list[Any] = []
    client.meta.events.register("after-call.sns.ListTopics", lambda http_response, **_: seen.append(http_response))
    client.list_topics()
    headers = seen[0].headers
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        restored = pickle.loads(pickle.dumps(headers, protocol))
        assert type(restored) is HeadersDict
        assert restored == headers
    shallow = copy.copy(headers)
    shallow["x-extra"] = "1"
    assert headers["X-Extra"] == "1"  # copy.copy of a HeadersDict shares its items


def test_options_can_be_changed_on_a_fake_and_are_checked() -> None:
    with snsfake.mock_sns() as fake:
        client = make_client()
        fake.sms_sandbox = False  # takes effect at once, as if given to mock_sns()
        client.publish(PhoneNumber="+15555550100", Message="hi")
        assert fake.deliveries.one(protocol="sms").message == "hi"
        fake.auto_confirm = True
        topic = _topic(client)
        arn = client.subscribe(TopicArn=topic, Protocol="https", Endpoint="https://example.com/hook")["SubscriptionArn"]
        assert arn.startswith(topic + ":")
        assert (fake.sms_sandbox, fake.auto_confirm, fake.token_lifetime.days) == (False, True, 2)
        with pytest.raises(ValueError, match=r"^snsfake: account_id must be 12 digits, got '1234'$"):
            fake.account_id = "1234"
        assert fake.account_id == "123456789012"
        fake.limits = {**fake.limits, "topics": 1}
        assert fake.limits["topics"] == 1
