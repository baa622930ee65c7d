"""The pytest plugin as a user's project sees it: loaded through the ``pytest11`` entry
point of the installed package, the ``sns_fake`` fixture, the ``sns_fake`` marker, an
``sns_fake_options`` fixture overridden in a conftest, and deactivation after each test.
"""

from __future__ import annotations

import pytest

# Clients in the generated tests get explicit credentials: botocore would otherwise
# look for some, as far as the instance metadata service.
CLIENT = """
import boto3

def client(region="us-east-1"):
    return boto3.client(
        "sns", region_name=region, aws_access_key_id="testing", aws_secret_access_key="testing"
    )
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(helpers=CLIENT)
    return pytester


def test_fixture_marker_and_conftest_options(project: pytest.Pytester) -> None:
    project.makeconftest(
        """
        import pytest

        @pytest.fixture
        def sns_fake_options():
            return {"account_id": "111122223333", "region": "eu-west-1"}
        """
    )
    project.makepyfile(
        test_orders="""
        import pytest
        from snsfake import SnsFake
        from helpers import client

        def test_conftest_options_apply(sns_fake: SnsFake):
            assert sns_fake.is_active
            arn = client("eu-west-1").create_topic(Name="orders")["TopicArn"]
            assert arn == "arn:aws:sns:eu-west-1:111122223333:orders"
            assert sns_fake.calls.last.operation == "CreateTopic"

        @pytest.mark.sns_fake(account_id="210987654321", auto_confirm=True)
        def test_marker_overrides_conftest_per_key(sns_fake):
            assert (sns_fake.account_id, sns_fake.region, sns_fake.auto_confirm) == (
                "210987654321", "eu-west-1", True
            )

        @pytest.mark.sns_fake(region="ap-southeast-2")
        class TestClassMarker:
            def test_class_marker_applies(self, sns_fake):
                assert sns_fake.region == "ap-southeast-2"
                arn = client("ap-southeast-2").create_topic(Name="orders")["TopicArn"]
                assert arn == "arn:aws:sns:ap-southeast-2:111122223333:orders"

        def test_each_test_gets_a_fresh_fake(sns_fake):
            assert client("eu-west-1").list_topics()["Topics"] == []
            assert len(sns_fake.calls) == 1
        """
    )
    result = project.runpytest("-p", "no:cacheprovider", "--strict-markers")
    result.assert_outcomes(passed=4)


def test_fixture_deactivates_after_the_test(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_lifecycle="""
        import pytest
        import snsfake
        from helpers import client

        seen = []

        def test_active_during_the_test(sns_fake):
            seen.append(sns_fake)
            assert snsfake.active() is sns_fake
            client().create_topic(Name="orders")

        def test_failing_test_still_deactivates(sns_fake):
            seen.append(sns_fake)
            assert False, "boom"

        def test_inactive_afterwards():
            assert [fake.is_active for fake in seen] == [False, False]
            assert snsfake.hooks.active_fakes() == []
            with pytest.raises(RuntimeError, match="snsfake: no mock_sns is active"):
                snsfake.active()
            # records stay readable after deactivation
            assert seen[0].calls.last.operation == "CreateTopic"
        """
    )
    result = project.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*AssertionError: boom*"])


def test_fixture_and_marker_are_registered(pytester: pytest.Pytester) -> None:
    markers = pytester.runpytest("--markers")
    markers.stdout.fnmatch_lines(["@pytest.mark.sns_fake(**options)*"])
    fixtures = pytester.runpytest("--fixtures")
    fixtures.stdout.fnmatch_lines(["sns_fake -- *", "*A fresh, active SNS fake for one test*"])
    fixtures.stdout.fnmatch_lines(["sns_fake_options -- *"])


def test_plugin_comes_from_the_pytest11_entry_point(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_uses_it(sns_fake):\n    pass\n")
    result = pytester.runpytest("-p", "no:snsfake")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'sns_fake' not found*"])


def test_invalid_marker_option_is_a_setup_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.sns_fake(account_id="1234")
        def test_bad(sns_fake):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*ValueError: snsfake: account_id must be 12 digits, got '1234'*"])


def test_each_xdist_worker_has_its_own_fakes(project: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    project.makepyfile(
        test_parallel="""
        import pytest
        from helpers import client

        @pytest.mark.parametrize("n", range(8))
        def test_isolated(sns_fake, n):
            sns = client()
            arn = sns.create_topic(Name=f"t{n}")["TopicArn"]
            sns.publish(TopicArn=arn, Message=str(n))
            assert [topic["TopicArn"] for topic in sns.list_topics()["Topics"]] == [arn]
            assert [p.message for p in sns_fake.published] == [str(n)]
        """
    )
    result = project.runpytest_subprocess("-p", "no:cacheprovider", "-n", "2")
    result.assert_outcomes(passed=8)


def test_the_fixture_and_the_decorator_on_one_test_is_a_setup_error(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_both="""
        import snsfake
        from helpers import client

        @snsfake.mock_sns
        def test_both(sns_fake):
            client().create_topic(Name="orders")

        @snsfake.mock_sns
        class TestClass:
            def test_method(self, sns_fake):
                pass

        def test_fixture_alone(sns_fake):
            client().create_topic(Name="orders")
            assert sns_fake.calls.last.operation == "CreateTopic"
        """
    )
    result = project.runpytest()
    result.assert_outcomes(passed=1, errors=2)
    result.stdout.fnmatch_lines(
        [
            "*RuntimeError: snsfake: test_both.py::test_both uses both the sns_fake fixture and "
            "@snsfake.mock_sns: each would start a fake of its own, and only the decorator's would answer.*",
            "*RuntimeError: snsfake: test_both.py::TestClass::test_method uses both the sns_fake fixture*",
        ]
    )
