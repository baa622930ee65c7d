"""Inputs that once let a Python exception escape from snsfake, each now answered with an AWS
error, and a check that the fuzzers' oracle catches a failed call that changed state."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

import pytest
from fuzz_harness import call, check_records, seed, substitute
from fuzz_values import APP, FIFO_TOPIC, QUEUE, TOPIC

import snsfake

# --------------------------------------------------------------------------- found by fuzzing
# Inputs that once let a Python exception escape; each must now be answered with an AWS error.
_DEEP_ARRAY = "[" * 5000 + "]" * 5000


def _found(
    name: str,
    operation: str,
    params: dict[str, Any],
    error: type[BaseException],
    where: str,
    *then: tuple[str, dict[str, Any]],
) -> Any:
    # Once a Python ``error`` escaped from snsfake/``where``; now only AWS errors may.
    calls = [(operation, params), *then]
    return pytest.param(calls, id=name)


FOUND = [
    _found(
        "MaximumMessageSize-superscript-two",
        "SetTopicAttributes",
        {"TopicArn": TOPIC, "AttributeName": "MaximumMessageSize", "AttributeValue": "²"},
        ValueError,
        "operations/topics.py:_int_in",
    ),
    _found(
        "MaximumMessageSize-5000-digits",
        "SetTopicAttributes",
        {"TopicArn": TOPIC, "AttributeName": "MaximumMessageSize", "AttributeValue": "9" * 5000},
        ValueError,
        "operations/topics.py:_int_in",
    ),
    _found(
        "SampleRate-superscript-in-CreateTopic",
        "CreateTopic",
        {"Name": "t", "Attributes": {"SQSSuccessFeedbackSampleRate": "²"}},
        ValueError,
        "operations/topics.py:_int_in",
    ),
    _found(
        "ArchivePolicy-superscript-period",
        "SetTopicAttributes",
        {
            "TopicArn": FIFO_TOPIC,
            "AttributeName": "ArchivePolicy",
            "AttributeValue": '{"MessageRetentionPeriod":"²"}',
        },
        ValueError,
        "operations/topics.py:_int_in",
    ),
    _found(
        "DeliveryPolicy-deeply-nested",
        "SetTopicAttributes",
        {"TopicArn": TOPIC, "AttributeName": "DeliveryPolicy", "AttributeValue": _DEEP_ARRAY},
        RecursionError,
        "delivery_policy.py:_parse",
    ),
    _found(
        "subscription-DeliveryPolicy-deeply-nested",
        "Subscribe",
        {
            "TopicArn": TOPIC,
            "Protocol": "https",
            "Endpoint": "https://example.com/deep",
            "Attributes": {"DeliveryPolicy": _DEEP_ARRAY},
        },
        RecursionError,
        "delivery_policy.py:_parse",
    ),
    _found(
        "String.Array-deeply-nested",
        "Publish",
        {
            "TopicArn": TOPIC,
            "Message": "m",
            "MessageAttributes": {"a": {"DataType": "String.Array", "StringValue": _DEEP_ARRAY}},
        },
        RecursionError,
        "operations/publish.py (its former String.Array value check)",
    ),
    _found(
        "RedrivePolicy-deeply-nested-in-Subscribe",
        "Subscribe",
        {
            "TopicArn": TOPIC,
            "Protocol": "sqs",
            "Endpoint": QUEUE + "-deep",
            "Attributes": {"RedrivePolicy": _DEEP_ARRAY},
        },
        RecursionError,
        "operations/subscriptions.py:_check_redrive_policy",
    ),
    _found(
        "RedrivePolicy-deeply-nested",
        "SetSubscriptionAttributes",
        {"SubscriptionArn": "{{SUB}}", "AttributeName": "RedrivePolicy", "AttributeValue": _DEEP_ARRAY},
        RecursionError,
        "operations/subscriptions.py:_check_redrive_policy",
    ),
    _found(
        "subscription-requestPolicy-not-an-object",
        "SetSubscriptionAttributes",
        {
            "SubscriptionArn": "{{SUB_HTTP}}",
            "AttributeName": "DeliveryPolicy",
            "AttributeValue": '{"requestPolicy":5}',
        },
        AttributeError,
        "delivery.py:deliver",
        ("Publish", {"TopicArn": TOPIC, "Message": "m"}),
    ),
    _found(
        "topic-defaultRequestPolicy-not-an-object",
        "SetTopicAttributes",
        {
            "TopicArn": TOPIC,
            "AttributeName": "DeliveryPolicy",
            "AttributeValue": '{"http":{"defaultRequestPolicy":"x"}}',
        },
        AttributeError,
        "delivery.py:deliver",
        ("Publish", {"TopicArn": TOPIC, "Message": "m"}),
    ),
]


@pytest.mark.parametrize("calls", FOUND)
def test_found_by_fuzzing(calls: list[tuple[str, dict[str, Any]]]) -> None:
    with snsfake.mock_sns() as fake:
        values = seed(fake)
        for operation, params in calls:
            call(operation, substitute(params, values), tolerate_known=False)


# Fixed in this change (files this task could edit): kept as plain regressions.
FIXED = [
    ("SetSMSAttributes", {"attributes": {"MonthlySpendLimit": "²"}}),
    ("SetSMSAttributes", {"attributes": {"MonthlySpendLimit": "9" * 5000}}),
    ("SetSMSAttributes", {"attributes": {"DeliveryStatusSuccessSamplingRate": "²"}}),
    ("SetSMSAttributes", {"attributes": {"DeliveryStatusSuccessSamplingRate": "1" + "0" * 5000}}),
    (
        "SetPlatformApplicationAttributes",
        {"PlatformApplicationArn": APP, "Attributes": {"SuccessFeedbackSampleRate": "²"}},
    ),
    (
        "CreatePlatformApplication",
        {
            "Name": "a",
            "Platform": "GCM",
            "Attributes": {"PlatformCredential": "k", "SuccessFeedbackSampleRate": "9" * 5000},
        },
    ),
    (
        "Publish",
        {
            "TargetArn": "{{ENDPOINT}}",
            "Message": "m",
            "MessageAttributes": {"AWS.SNS.MOBILE.GCM.TTL": {"DataType": "String", "StringValue": "²"}},
        },
    ),
    (
        "Publish",
        {
            "TargetArn": "{{ENDPOINT}}",
            "Message": "m",
            "MessageAttributes": {"AWS.SNS.MOBILE.FCM.TTL": {"DataType": "String", "StringValue": "--5"}},
        },
    ),
    (
        "Publish",
        {
            "TargetArn": "{{ENDPOINT}}",
            "Message": "m",
            "MessageAttributes": {
                "AWS.SNS.MOBILE.GCM.TTL": {"DataType": "Number", "StringValue": "9" * 5000}
            },
        },
    ),
    (
        "SetPlatformApplicationAttributes",
        {"PlatformApplicationArn": APP, "Attributes": {"PlatformCredential": _DEEP_ARRAY}},
    ),
    ("ListTopics", {"NextToken": base64.urlsafe_b64encode(b"topics:" + b"9" * 5000).decode()}),
]


@pytest.mark.parametrize(("operation", "params"), FIXED, ids=[f"{op}-{i}" for i, (op, _) in enumerate(FIXED)])
def test_fixed_crashes_stay_fixed(operation: str, params: dict[str, Any]) -> None:
    with snsfake.mock_sns() as fake:
        values = seed(fake)
        call(operation, substitute(params, values), tolerate_known=False)
        # The platform application's view parses its credential: it must survive a deeply nested one.
        call("GetPlatformApplicationAttributes", {"PlatformApplicationArn": APP}, tolerate_known=False)
        call("ListPlatformApplications", {}, tolerate_known=False)
        check_records(fake)


def test_the_oracle_catches_a_failed_call_that_changed_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """The atomicity check itself works: a handler that writes, then fails, is caught."""
    from snsfake.errors import invalid_parameter
    from snsfake.operations import OPERATIONS as HANDLERS

    def half_done(context: Any, params: Mapping[str, Any]) -> dict[str, Any]:
        topic = context.state.topics.get(params["TopicArn"])
        topic.attributes["DisplayName"] = "half done"
        raise invalid_parameter("AttributeName")

    monkeypatch.setitem(HANDLERS, "SetTopicAttributes", half_done)
    with snsfake.mock_sns() as fake:
        seed(fake)
        with pytest.raises(AssertionError, match=r"failed .* but changed state: .*DisplayName"):
            call("SetTopicAttributes", {"TopicArn": TOPIC, "AttributeName": "x", "AttributeValue": "y"})
