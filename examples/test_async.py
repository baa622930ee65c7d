"""Async tests: ``async def`` tests need a pytest plugin to run them; these use anyio's.

anyio's plugin comes with ``pip install anyio`` (no other package) and runs the tests
marked ``@pytest.mark.anyio``. The ``anyio_backend`` fixture below picks asyncio, the
event loop aiobotocore needs. pytest-asyncio works the same way, with
``@pytest.mark.asyncio`` in place of ``@pytest.mark.anyio``.
"""

from __future__ import annotations

import boto3
import pytest

import snsfake
from snsfake import SnsFake


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


# A decorated coroutine function: the fake is active while the test runs.
@pytest.mark.anyio
@snsfake.mock_sns(account_id="111122223333", region="eu-west-1")
async def test_async() -> None:
    sns = boto3.client("sns", region_name="eu-west-1")
    topic = sns.create_topic(Name="orders")["TopicArn"]
    sns.publish(TopicArn=topic, Message="paid")

    assert topic == "arn:aws:sns:eu-west-1:111122223333:orders"
    assert snsfake.active().published.last.message == "paid"


# The async context manager.
@pytest.mark.anyio
async def test_async_with() -> None:
    async with snsfake.mock_sns() as fake:
        sns = boto3.client("sns", region_name="us-east-1")
        sns.create_topic(Name="orders")
    assert fake.calls.last.operation == "CreateTopic"


# An aiobotocore client, answered like any other (skipped without aiobotocore).
@pytest.mark.anyio
async def test_aiobotocore(sns_fake: SnsFake) -> None:
    aiobotocore_session = pytest.importorskip("aiobotocore.session")
    session = aiobotocore_session.get_session()
    async with session.create_client("sns", region_name="us-east-1") as sns:
        topic = (await sns.create_topic(Name="orders"))["TopicArn"]
        await sns.publish(TopicArn=topic, Message="paid")
    assert sns_fake.published.last.message == "paid"
