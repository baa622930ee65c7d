"""The real-SNS guard: with it on, an SNS call made while no fake is active is refused at
once (``snsfake.RealSNSCallBlocked``), from the pytest option, the ini option or
``snsfake.block_real_sns()``."""

from __future__ import annotations

import time
from typing import Any

import boto3
import botocore.config
import pytest

import snsfake

CLIENT = """
import boto3

def client():
    return boto3.client(
        "sns", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )
"""

TESTS = """
import snsfake
from sns_client import client

def test_forgot_the_fixture():
    client().list_topics()

def test_with_the_fixture(sns_fake):
    client().create_topic(Name="orders")
    assert sns_fake.calls.last.operation == "CreateTopic"

@snsfake.mock_sns
def test_with_the_decorator():
    client().create_topic(Name="orders")
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(sns_client=CLIENT, test_orders=TESTS)
    return pytester


def _closed_port_client() -> Any:
    """A client whose calls fail fast if they really go out (nothing listens on port 9)."""
    config = botocore.config.Config(retries={"max_attempts": 1}, connect_timeout=1)
    return boto3.client(
        "sns",
        region_name="us-east-1",
        endpoint_url="http://127.0.0.1:9",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=config,
    )


@pytest.mark.parametrize("switch", ["option", "ini"])
def test_the_pytest_switches_refuse_calls_without_a_fake(project: pytest.Pytester, switch: str) -> None:
    if switch == "ini":
        project.makeini("[pytest]\nblock_real_sns = true\n")
        args: list[str] = []
    else:
        args = ["--block-real-sns"]
    started = time.perf_counter()
    result = project.runpytest_subprocess(*args)
    assert time.perf_counter() - started < 60
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*RealSNSCallBlocked: snsfake: SNS ListTopics was called in test_orders.py::test_forgot_the_fixture "
            "with no fake active, and the real-SNS guard is on*",
        ]
    )
    result.stdout.fnmatch_lines(["*Activate a fake first: the sns_fake fixture, @snsfake.mock_sns*"])


def test_without_the_switch_calls_without_a_fake_go_to_botocore(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_real="""
        import boto3, botocore.config, botocore.exceptions, pytest

        def test_goes_out():
            config = botocore.config.Config(retries={"max_attempts": 1}, connect_timeout=1)
            sns = boto3.client("sns", region_name="us-east-1", endpoint_url="http://127.0.0.1:9",
                               aws_access_key_id="t", aws_secret_access_key="t", config=config)
            with pytest.raises(botocore.exceptions.EndpointConnectionError):
                sns.list_topics()
        """
    )
    project.runpytest_subprocess("test_real.py").assert_outcomes(passed=1)


def test_block_real_sns_is_a_context_manager_and_has_start_and_stop() -> None:
    sns = _closed_port_client()
    with snsfake.block_real_sns():
        with pytest.raises(snsfake.RealSNSCallBlocked, match=r"^snsfake: SNS Publish was called .*with no fake active"):
            sns.publish(TopicArn="arn:aws:sns:us-east-1:123456789012:orders", Message="hi")
        with snsfake.mock_sns() as fake:  # a fake answers as usual under the guard
            sns.create_topic(Name="orders")
        assert fake.calls.last.operation == "CreateTopic"
    guard = snsfake.block_real_sns().start()
    try:
        with pytest.raises(snsfake.RealSNSCallBlocked):
            sns.list_topics()
    finally:
        guard.stop()
    guard.stop()  # stopping twice is harmless
    with pytest.raises(Exception) as error:  # off again: the call really goes out, and fails to connect
        sns.list_topics()
    assert not isinstance(error.value, snsfake.RealSNSCallBlocked)


def test_the_guard_refuses_before_botocore_looks_for_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    sns = boto3.session.Session().client("sns", region_name="us-east-1")
    with snsfake.block_real_sns(), pytest.raises(snsfake.RealSNSCallBlocked, match="ListTopics"):
        sns.list_topics()  # without the guard: botocore's NoCredentialsError
