"""aiobotocore clients are answered by the same sync handlers: its emitter awaits a
handler's result only when it is awaitable, and its ``_make_api_call`` takes the
``(AWSResponse, parsed)`` pair from ``before-call`` as it is (no body is read).

Each test drives its coroutine with ``asyncio.run``: no pytest-asyncio needed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

import snsfake

aiobotocore_session = pytest.importorskip("aiobotocore.session")

QUEUE = "arn:aws:sqs:us-east-1:123456789012:billing"


@asynccontextmanager
async def aio_sns(region: str = "us-east-1", access_key: str = "testing") -> AsyncIterator[Any]:
    session = aiobotocore_session.get_session()
    async with session.create_client(
        "sns", region_name=region, aws_access_key_id=access_key, aws_secret_access_key="testing"
    ) as client:
        yield client


def test_create_subscribe_publish_through_aiobotocore() -> None:
    async def scenario() -> tuple[str, str]:
        async with aio_sns() as sns:
            topic = (await sns.create_topic(Name="orders"))["TopicArn"]
            await sns.subscribe(
                TopicArn=topic,
                Protocol="sqs",
                Endpoint=QUEUE,
                Attributes={"FilterPolicy": '{"status": ["paid"]}'},
            )
            for status in ("paid", "draft"):
                await sns.publish(
                    TopicArn=topic,
                    Message=f'{{"order": 7, "status": "{status}"}}',
                    MessageAttributes={"status": {"DataType": "String", "StringValue": status}},
                )
            response = await sns.list_subscriptions_by_topic(TopicArn=topic)
            return topic, response["Subscriptions"][0]["Endpoint"]

    with snsfake.mock_sns() as fake:
        topic, endpoint = asyncio.run(scenario())

    assert topic == "arn:aws:sns:us-east-1:123456789012:orders"
    assert endpoint == QUEUE
    assert len(fake.published) == 2
    assert fake.deliveries.one(protocol="sqs").message == '{"order": 7, "status": "paid"}'
    assert fake.skipped.last.reason == "FilterPolicy"
    assert [call.operation for call in fake.calls] == [
        "CreateTopic",
        "Subscribe",
        "Publish",
        "Publish",
        "ListSubscriptionsByTopic",
    ]


def test_response_metadata_matches_botocore() -> None:
    async def scenario() -> dict[str, Any]:
        async with aio_sns() as sns:
            result: dict[str, Any] = await sns.create_topic(Name="orders")
            return result

    with snsfake.mock_sns():
        response = asyncio.run(scenario())

    metadata = response["ResponseMetadata"]
    assert metadata["HTTPStatusCode"] == 200
    assert metadata["HTTPHeaders"]["x-amzn-requestid"] == metadata["RequestId"]


def test_aws_errors_are_raised_as_modeled_exceptions() -> None:
    async def scenario() -> None:
        async with aio_sns() as sns:
            with pytest.raises(
                sns.exceptions.NotFoundException,
                match=r"\(NotFound\) when calling the GetTopicAttributes operation: Topic does not exist$",
            ):
                await sns.get_topic_attributes(TopicArn="arn:aws:sns:us-east-1:123456789012:missing")
            with pytest.raises(sns.exceptions.InvalidParameterException, match=r"\(InvalidParameter\) "):
                await sns.create_topic(Name="not valid!")

    with snsfake.mock_sns() as fake:
        asyncio.run(scenario())

    assert [(call.operation, call.error_code) for call in fake.calls] == [
        ("GetTopicAttributes", "NotFound"),
        ("CreateTopic", "InvalidParameter"),
    ]


def test_async_decorated_function_answers_aiobotocore() -> None:
    @snsfake.mock_sns(account_id="111122223333", region="eu-west-1")
    async def scenario() -> str:
        async with aio_sns(region="eu-west-1") as sns:
            topic: str = (await sns.create_topic(Name="orders"))["TopicArn"]
            await sns.publish(TopicArn=topic, Message="hello")
            assert snsfake.active().published.last.message == "hello"
            return topic

    assert asyncio.run(scenario()) == "arn:aws:sns:eu-west-1:111122223333:orders"
    assert snsfake.hooks.active_fakes() == []


def test_paginator_and_twelve_digit_access_key() -> None:
    async def scenario() -> list[str]:
        async with aio_sns(access_key="210987654321") as sns:
            for index in range(3):
                await sns.create_topic(Name=f"t{index}")
            paginator = sns.get_paginator("list_topics")
            return [topic["TopicArn"] async for page in paginator.paginate() for topic in page["Topics"]]

    with snsfake.mock_sns():
        arns = asyncio.run(scenario())

    assert sorted(arns) == [f"arn:aws:sns:us-east-1:210987654321:t{index}" for index in range(3)]


def test_patch_client_is_idempotent_on_an_aiobotocore_client() -> None:
    async def scenario() -> int:
        async with aio_sns() as sns:
            assert snsfake.patch_client(snsfake.patch_client(sns)) is sns
            await sns.create_topic(Name="orders")
            return len((await sns.list_topics())["Topics"])

    with snsfake.mock_sns() as fake:
        assert asyncio.run(scenario()) == 1

    assert len(fake.calls) == 2


def test_concurrent_tasks_share_the_active_fake() -> None:
    async def publish_many() -> None:
        async with aio_sns() as sns:
            topic = (await sns.create_topic(Name="orders"))["TopicArn"]
            await sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)
            await asyncio.gather(*(sns.publish(TopicArn=topic, Message=str(n)) for n in range(20)))

    with snsfake.mock_sns() as fake:
        asyncio.run(publish_many())

    assert sorted(int(delivery.message) for delivery in fake.deliveries) == list(range(20))


def test_wire_mode_answers_aiobotocore_signed() -> None:
    """The wire-mode response's body can be awaited, as aiobotocore reads bodies."""

    async def scenario() -> tuple[str, list[str]]:
        async with aio_sns() as sns:
            authorizations: list[str] = []
            sns.meta.events.register(
                "before-send.sns", lambda request, **_: authorizations.append(request.headers["Authorization"])
            )
            topic: str = (await sns.create_topic(Name="orders"))["TopicArn"]
            with pytest.raises(sns.exceptions.NotFoundException, match=r"Topic does not exist$"):
                await sns.get_topic_attributes(TopicArn=topic + "-missing")
            return topic, authorizations

    with snsfake.mock_sns(wire=True) as fake:
        topic, authorizations = asyncio.run(scenario())

    assert topic == "arn:aws:sns:us-east-1:123456789012:orders"
    assert len(authorizations) == 2 and all(b"Credential=testing/" in value for value in authorizations)
    assert [(call.operation, call.error_code) for call in fake.calls] == [
        ("CreateTopic", None),
        ("GetTopicAttributes", "NotFound"),
    ]
