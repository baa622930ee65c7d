"""Nothing reaches the network while a fake is active; with none active, botocore is untouched."""

from __future__ import annotations

import socket
from typing import Any

import botocore.exceptions
import pytest
from conftest import make_client

import snsfake
from snsfake import hooks


def make_client_without_retries() -> Any:
    import boto3
    from botocore.config import Config

    return boto3.session.Session().client(
        "sns",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=1),
    )


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        attempts.append(args)
        raise OSError("socket guard: network access attempted")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", lambda self, *a: refuse(*a))
    return attempts


def test_every_operation_kind_stays_in_process(no_sockets: list[Any]) -> None:
    with snsfake.mock_sns(auto_confirm=True):
        sns = make_client()
        topic = sns.create_topic(Name="t")["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="https", Endpoint="https://example.com/h")
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint="arn:aws:sqs:us-east-1:123456789012:q")
        sns.publish(TopicArn=topic, Message="m")
        sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[{"Id": "1", "Message": "x"}])
        sns.list_topics()
        with pytest.raises(sns.exceptions.NotFoundException):
            sns.get_topic_attributes(TopicArn=topic + "-missing")
    assert no_sockets == []


def test_without_fake_botocore_goes_to_the_network_as_usual(no_sockets: list[Any]) -> None:
    assert hooks.active_fakes() == []
    sns = make_client_without_retries()
    with pytest.raises((botocore.exceptions.EndpointConnectionError, OSError)):
        sns.list_topics()
    assert no_sockets, "with no fake active the call must reach the transport"


def test_handlers_are_inert_without_a_fake() -> None:
    context: dict[str, Any] = {}
    assert hooks._stash(params={"Name": "x"}, context=context) is None
    assert context == {}
    assert hooks._answer(model=None, context=context) is None
