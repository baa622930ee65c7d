"""Message ids, request ids and subscription ids: uuid4-shaped and never repeated."""

from __future__ import annotations

import os
import sys
import uuid
from typing import Any

import pytest

from snsfake import SnsFake


def _assert_uuid4(text: str) -> None:
    parsed = uuid.UUID(text)
    assert str(parsed) == text  # lower-case, dashed 8-4-4-4-12
    assert parsed.version == 4
    assert parsed.variant == uuid.RFC_4122


def test_message_and_request_ids_are_distinct_uuid4s(sns: Any, sns_fake: SnsFake) -> None:
    topic = sns.create_topic(Name="ids")["TopicArn"]
    seen: set[str] = set()
    for index in range(300):  # more than one batch of ids
        response = sns.publish(TopicArn=topic, Message=f"m{index}")
        for text in (response["MessageId"], response["ResponseMetadata"]["RequestId"]):
            _assert_uuid4(text)
            seen.add(text)
    assert len(seen) == 600
    assert [item.message_id for item in sns_fake.published][-1] == response["MessageId"]


def test_subscription_arns_end_in_a_uuid4(sns: Any) -> None:
    topic = sns.create_topic(Name="ids")["TopicArn"]
    arn = sns.subscribe(
        TopicArn=topic, Protocol="sqs", Endpoint="arn:aws:sqs:us-east-1:123456789012:q", ReturnSubscriptionArn=True
    )["SubscriptionArn"]
    assert arn.startswith(topic + ":")
    _assert_uuid4(arn[len(topic) + 1 :])


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32", reason="needs os.fork")
def test_a_forked_process_does_not_repeat_its_parents_ids(sns: Any) -> None:
    topic = sns.create_topic(Name="ids")["TopicArn"]
    sns.publish(TopicArn=topic, Message="warm")  # the parent holds ids made before the fork
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        try:
            ids = [sns.publish(TopicArn=topic, Message="child")["MessageId"] for _ in range(5)]
            os.write(write, " ".join(ids).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        child_ids = set(pipe.read().split())
    os.waitpid(pid, 0)
    parent_ids = {sns.publish(TopicArn=topic, Message="parent")["MessageId"] for _ in range(5)}
    assert len(child_ids) == 5
    assert not child_ids & parent_ids
