"""Topic attributes through boto3: GetTopicAttributes (the defaults of standard and FIFO topics)
and SetTopicAttributes (settable names, value rules, FIFO-only attributes, the DeliveryPolicy).

Errors are checked whole (aws_errors.py); "(unconfirmed)" marks wording AWS has not recorded.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from aws_errors import assert_aws_error
from conftest import ACCOUNT, REGION
from sns_helpers import (
    DEFAULT_RETRY,
    default_policy,
    policy_with_actions,
    topic_attributes,
    topics_snapshot,
)

ARN = f"arn:aws:sns:{REGION}:{ACCOUNT}:orders"


DEFAULT_EFFECTIVE_DELIVERY_POLICY = (
    '{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,'
    '"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},'
    '"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}'
)


# =========================================================================== GetTopicAttributes
def test_default_attributes_of_a_standard_topic(sns: Any, topic_arn: str) -> None:
    assert topic_attributes(sns, topic_arn) == {
        "Policy": default_policy(topic_arn),
        "Owner": ACCOUNT,
        "SubscriptionsPending": "0",
        "TopicArn": topic_arn,
        "EffectiveDeliveryPolicy": DEFAULT_EFFECTIVE_DELIVERY_POLICY,
        "SubscriptionsConfirmed": "0",
        "DisplayName": "",
        "SubscriptionsDeleted": "0",
    }


def test_default_attributes_of_a_fifo_topic(sns: Any) -> None:
    arn = sns.create_topic(Name="orders.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    assert topic_attributes(sns, arn) == {
        "Policy": default_policy(arn),
        "Owner": ACCOUNT,
        "SubscriptionsPending": "0",
        "TopicArn": arn,
        "EffectiveDeliveryPolicy": DEFAULT_EFFECTIVE_DELIVERY_POLICY,
        "SubscriptionsConfirmed": "0",
        "DisplayName": "",
        "SubscriptionsDeleted": "0",
        "ContentBasedDeduplication": "false",
        "FifoTopic": "true",
    }


def test_fifo_topic_created_with_signature_version_shows_it(sns: Any) -> None:
    arn = sns.create_topic(
        Name="orders.fifo",
        Attributes={"FifoTopic": "true", "SignatureVersion": "2", "ContentBasedDeduplication": "True"},
    )["TopicArn"]
    attrs = topic_attributes(sns, arn)
    assert set(attrs) == {
        "Policy",
        "Owner",
        "SubscriptionsPending",
        "TopicArn",
        "EffectiveDeliveryPolicy",
        "SubscriptionsConfirmed",
        "DisplayName",
        "SubscriptionsDeleted",
        "ContentBasedDeduplication",
        "FifoTopic",
        "SignatureVersion",
    }
    assert attrs["SignatureVersion"] == "2"
    assert attrs["ContentBasedDeduplication"] == "true"


def test_get_topic_attributes_never_shows_the_data_protection_policy(sns: Any) -> None:
    sns.create_topic(Name="orders", DataProtectionPolicy=json.dumps({"Name": "p", "Version": "2021-06-01", "Statement": []}))
    assert "DataProtectionPolicy" not in topic_attributes(sns)


# =========================================================================== SetTopicAttributes
@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("DisplayName", "My Topic", "My Topic"),
        ("DisplayName", "", ""),
        ("DisplayName", "d" * 100, "d" * 100),
        ("SignatureVersion", "1", "1"),
        ("SignatureVersion", "2", "2"),
        ("TracingConfig", "PassThrough", "PassThrough"),
        ("TracingConfig", "Active", "Active"),
        ("KmsMasterKeyId", "alias/aws/sns", "alias/aws/sns"),
        ("KmsMasterKeyId", "testxyz", "testxyz"),  # AWS does not check the key exists
        ("KmsMasterKeyId", "", None),
        ("MaximumMessageSize", "1024", "1024"),
        ("MaximumMessageSize", "1048576", "1048576"),
        ("HTTPSuccessFeedbackSampleRate", "0", "0"),
        ("LambdaSuccessFeedbackSampleRate", "100", "100"),
        (
            "ApplicationSuccessFeedbackRoleArn",
            f"arn:aws:iam::{ACCOUNT}:role/r",
            f"arn:aws:iam::{ACCOUNT}:role/r",
        ),
        (
            "FirehoseFailureFeedbackRoleArn",
            f"arn:aws:iam::{ACCOUNT}:role/r",
            f"arn:aws:iam::{ACCOUNT}:role/r",
        ),
        ("SQSSuccessFeedbackRoleArn", "", None),
        ("Policy", policy_with_actions(ARN, ["SNS:Publish", "sns:subscribe", "SNS:Get*"]), None),
        ("Policy", policy_with_actions(ARN, "*"), None),
        ("Policy", policy_with_actions(ARN, "sns:*"), None),
    ],
)
def test_set_topic_attribute(sns: Any, topic_arn: str, name: str, value: str, shown: str | None) -> None:
    assert sns.set_topic_attributes(TopicArn=topic_arn, AttributeName=name, AttributeValue=value) is not None
    attrs = topic_attributes(sns, topic_arn)
    if name == "Policy":
        assert attrs["Policy"] == value
    elif shown is None:
        assert name not in attrs
    else:
        assert attrs[name] == shown


def test_set_topic_attribute_without_a_value_is_an_empty_string(sns: Any, topic_arn: str) -> None:
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="DisplayName", AttributeValue="x")
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="DisplayName")
    assert topic_attributes(sns, topic_arn)["DisplayName"] == ""


@pytest.mark.parametrize(
    "name",
    [
        "FifoTopic",
        "Owner",
        "TopicArn",
        "EffectiveDeliveryPolicy",
        "SubscriptionsPending",
        "SubscriptionsConfirmed",
        "SubscriptionsDeleted",
        "BeginningArchiveTime",
        "DataProtectionPolicy",
        "Unknown",
        "displayname",
        "",
    ],
)
def test_set_topic_attributes_rejects_names_that_are_not_settable(
    sns: Any, topic_arn: str, name: str
) -> None:
    assert_aws_error(
        sns,
        "SetTopicAttributes",
        {"TopicArn": topic_arn, "AttributeName": name, "AttributeValue": "true"},
        "InvalidParameter",
        "Invalid parameter: AttributeName",
    )


@pytest.mark.parametrize(
    ("name", "value", "detail"),
    [
        (
            "DeliveryPolicy",
            '{"http":{"defaultHealthyRetryPolicy":{"numRetries":300}}}',
            "DeliveryPolicy: http.defaultHealthyRetryPolicy.numRetries must be less than or equal to 100",
        ),
        ("Policy", "", "Policy is empty"),
        ("Policy", "{not json", "Policy Error: null"),
        ("Policy", "[]", "Policy Error: null"),
        ("Policy", policy_with_actions(ARN, "SNS:Publishx"), "Policy statement action out of service scope!"),
        (
            "Policy",
            policy_with_actions(ARN, ["SNS:Publish", "sqs:SendMessage"]),
            "Policy statement action out of service scope!",
        ),
        (
            "Policy",
            policy_with_actions(ARN, "SNS:SetSubscriptionAttributes"),
            "Policy statement action out of service scope!",
        ),
        # (unconfirmed wording: the prefix follows the CreateTopic and DeliveryPolicy records)
        ("DisplayName", "d" * 101, "DisplayName"),
        (
            "SQSSuccessFeedbackSampleRate",
            "500",
            "SQSSuccessFeedbackSampleRate: 500 value provided is not an integer between 0-100",
        ),
        (
            "HTTPSuccessFeedbackSampleRate",
            "abc",
            "HTTPSuccessFeedbackSampleRate: abc value provided is not an integer between 0-100",
        ),
        ("SignatureVersion", "3", "SignatureVersion"),
        ("TracingConfig", "On", "TracingConfig: Invalid value [On]. Must be PassThrough or Active."),
        (
            "MaximumMessageSize",
            "1048577",
            "MaximumMessageSize: 1048577 value provided is not an integer between 1024-1048576",
        ),
        (
            "ContentBasedDeduplication",
            "true",
            "ContentBasedDeduplication: ContentBasedDeduplication is only supported on FIFO topics",
        ),
        (
            "FifoThroughputScope",
            "MessageGroup",
            "FifoThroughputScope: FifoThroughputScope is only supported on FIFO topics",
        ),
        (
            "ArchivePolicy",
            '{"MessageRetentionPeriod":"30"}',
            "ArchivePolicy: ArchivePolicy is only supported on FIFO topics",
        ),
        (
            "SQSFailureFeedbackRoleArn",
            "role",
            "SQSFailureFeedbackRoleArn: An ARN must have at least 6 elements, not 1",
        ),
    ],
)
def test_set_topic_attributes_rejects_invalid_values(
    sns: Any, topic_arn: str, name: str, value: str, detail: str
) -> None:
    before = topics_snapshot(sns)
    assert_aws_error(
        sns,
        "SetTopicAttributes",
        {"TopicArn": topic_arn, "AttributeName": name, "AttributeValue": value},
        "InvalidParameter",
        f"Invalid parameter: {detail}",
    )
    assert topics_snapshot(sns) == before


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("ContentBasedDeduplication", "true", "true"),
        ("ContentBasedDeduplication", "FALSE", "false"),
        ("FifoThroughputScope", "Topic", "Topic"),
        ("FifoThroughputScope", "MessageGroup", "MessageGroup"),
        ("TracingConfig", "Active", "Active"),
    ],
)
def test_set_fifo_topic_attribute(sns: Any, name: str, value: str, shown: str) -> None:
    arn = sns.create_topic(Name="orders.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    sns.set_topic_attributes(TopicArn=arn, AttributeName=name, AttributeValue=value)
    assert topic_attributes(sns, arn)[name] == shown


@pytest.mark.parametrize(
    ("value", "detail"),
    [
        ("Group", "FifoThroughputScope: Invalid value [Group]. Please use either Topic or MessageGroup"),
        ("Topic", "FifoThroughputScope: FifoThroughputScope can not be changed from MessageGroup to Topic"),
    ],
)
def test_fifo_throughput_scope_rules(sns: Any, value: str, detail: str) -> None:
    # (unconfirmed wording) MessageGroup cannot be reverted to Topic (AWS doc)
    arn = sns.create_topic(
        Name="orders.fifo", Attributes={"FifoTopic": "true", "FifoThroughputScope": "MessageGroup"}
    )["TopicArn"]
    assert_aws_error(
        sns,
        "SetTopicAttributes",
        {"TopicArn": arn, "AttributeName": "FifoThroughputScope", "AttributeValue": value},
        "InvalidParameter",
        f"Invalid parameter: {detail}",
    )
    assert topic_attributes(sns, arn)["FifoThroughputScope"] == "MessageGroup"


def test_archive_policy_on_a_fifo_topic(sns: Any) -> None:
    arn = sns.create_topic(Name="orders.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    sns.set_topic_attributes(
        TopicArn=arn, AttributeName="ArchivePolicy", AttributeValue='{"MessageRetentionPeriod":"30"}'
    )
    attrs = topic_attributes(sns, arn)
    assert attrs["ArchivePolicy"] == '{"MessageRetentionPeriod":"30"}'
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", attrs["BeginningArchiveTime"])
    sns.set_topic_attributes(TopicArn=arn, AttributeName="ArchivePolicy", AttributeValue="{}")
    attrs = topic_attributes(sns, arn)
    assert "ArchivePolicy" not in attrs
    assert "BeginningArchiveTime" not in attrs


# --------------------------------------------------------------------------- DeliveryPolicy
def set_delivery_policy(client: Any, arn: str, value: str) -> dict[str, str]:
    client.set_topic_attributes(TopicArn=arn, AttributeName="DeliveryPolicy", AttributeValue=value)
    return topic_attributes(client, arn)


def assert_delivery_policy_refused(sns: Any, topic_arn: str, value: str, detail: str) -> None:
    __tracebackhide__ = True
    assert_aws_error(
        sns,
        "SetTopicAttributes",
        {"TopicArn": topic_arn, "AttributeName": "DeliveryPolicy", "AttributeValue": value},
        "InvalidParameter",
        f"Invalid parameter: DeliveryPolicy: {detail}",
    )


def test_topic_delivery_policy_keys_come_back_in_aws_order(sns: Any, topic_arn: str) -> None:
    given = '{"http":{"defaultRequestPolicy":{"headerContentType":"application/json"}}}'
    arn = sns.create_topic(Name="ordered", Attributes={"DeliveryPolicy": given})["TopicArn"]
    expected = (  # recorded from AWS
        '{"http":{"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"application/json"}}}'
    )
    assert topic_attributes(sns, arn)["DeliveryPolicy"] == expected
    given = (
        '{"http":{"defaultRequestPolicy":{"headerContentType":"text/html"},"defaultThrottlePolicy":'
        '{"maxReceivesPerSecond":5},"disableSubscriptionOverrides":true,"defaultHealthyRetryPolicy":'
        '{"backoffFunction":"exponential","numRetries":4,"minDelayTarget":2}}}'
    )
    assert set_delivery_policy(sns, topic_arn, given)["DeliveryPolicy"] == (
        '{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":2,"numRetries":4,"backoffFunction":"exponential"},'
        '"disableSubscriptionOverrides":true,"defaultThrottlePolicy":{"maxReceivesPerSecond":5},'
        '"defaultRequestPolicy":{"headerContentType":"text/html"}}}'
    )


def test_topic_delivery_policy_is_stored_with_disable_subscription_overrides(
    sns: Any, topic_arn: str
) -> None:
    attrs = set_delivery_policy(
        sns,
        topic_arn,
        '{"http": {"defaultHealthyRetryPolicy": {"numRetries": 5, "minDelayTarget": 1, "maxDelayTarget": 10}}}',
    )
    assert attrs["DeliveryPolicy"] == (  # AWS writes the keys back in its own order
        '{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":10,"numRetries":5},'
        '"disableSubscriptionOverrides":false}}'
    )
    assert json.loads(attrs["EffectiveDeliveryPolicy"]) == {
        "http": {
            "defaultHealthyRetryPolicy": {
                **DEFAULT_RETRY,
                "numRetries": 5,
                "minDelayTarget": 1,
                "maxDelayTarget": 10,
            },
            "disableSubscriptionOverrides": False,
            "defaultRequestPolicy": {"headerContentType": "text/plain; charset=UTF-8"},
        }
    }


def test_topic_delivery_policy_nulls_are_dropped(sns: Any, topic_arn: str) -> None:
    attrs = set_delivery_policy(sns, topic_arn, '{"http":{"defaultHealthyRetryPolicy":null}}')
    assert attrs["DeliveryPolicy"] == '{"http":{"disableSubscriptionOverrides":false}}'
    assert attrs["EffectiveDeliveryPolicy"] == DEFAULT_EFFECTIVE_DELIVERY_POLICY


def test_topic_delivery_policy_is_replaced_not_merged(sns: Any, topic_arn: str) -> None:
    set_delivery_policy(
        sns,
        topic_arn,
        '{"http":{"defaultRequestPolicy":{"headerContentType":"application/json"},'
        '"defaultThrottlePolicy":{"maxReceivesPerSecond":5}}}',
    )
    effective = json.loads(topic_attributes(sns, topic_arn)["EffectiveDeliveryPolicy"])["http"]
    assert effective["defaultRequestPolicy"] == {"headerContentType": "application/json"}
    assert effective["defaultThrottlePolicy"] == {"maxReceivesPerSecond": 5}
    attrs = set_delivery_policy(sns, topic_arn, '{"http":{"defaultHealthyRetryPolicy":{"numRetries":7}}}')
    assert json.loads(attrs["DeliveryPolicy"]) == {
        "http": {"defaultHealthyRetryPolicy": {"numRetries": 7}, "disableSubscriptionOverrides": False}
    }
    effective = json.loads(attrs["EffectiveDeliveryPolicy"])["http"]
    assert effective["defaultRequestPolicy"] == {"headerContentType": "text/plain; charset=UTF-8"}
    assert "defaultThrottlePolicy" not in effective
    assert effective["defaultHealthyRetryPolicy"] == {**DEFAULT_RETRY, "numRetries": 7}


def test_topic_delivery_policy_empty_string_removes_it(sns: Any, topic_arn: str) -> None:
    set_delivery_policy(sns, topic_arn, '{"http":{"disableSubscriptionOverrides":true}}')
    attrs = topic_attributes(sns, topic_arn)
    assert attrs["DeliveryPolicy"] == '{"http":{"disableSubscriptionOverrides":true}}'
    assert json.loads(attrs["EffectiveDeliveryPolicy"])["http"]["disableSubscriptionOverrides"] is True
    attrs = set_delivery_policy(sns, topic_arn, "")
    assert "DeliveryPolicy" not in attrs
    assert attrs["EffectiveDeliveryPolicy"] == DEFAULT_EFFECTIVE_DELIVERY_POLICY


def test_topic_delivery_policy_at_create(sns: Any) -> None:
    arn = sns.create_topic(
        Name="orders",
        Attributes={"DeliveryPolicy": '{"http":{"defaultHealthyRetryPolicy":{"numRetries":0}}}'},
    )["TopicArn"]
    attrs = topic_attributes(sns, arn)
    assert attrs["DeliveryPolicy"] == (
        '{"http":{"defaultHealthyRetryPolicy":{"numRetries":0},"disableSubscriptionOverrides":false}}'
    )
    assert (
        json.loads(attrs["EffectiveDeliveryPolicy"])["http"]["defaultHealthyRetryPolicy"]["numRetries"] == 0
    )


# (unconfirmed wording except numRetries, which AWS recorded; rules from delivery.md §8)
@pytest.mark.parametrize(
    ("policy", "detail"),
    [
        (
            {"defaultHealthyRetryPolicy": {"numRetries": 101}},
            "http.defaultHealthyRetryPolicy.numRetries must be less than or equal to 100",
        ),
        (
            {"defaultHealthyRetryPolicy": {"maxDelayTarget": 3601}},
            "http.defaultHealthyRetryPolicy.maxDelayTarget must be less than or equal to 3600",
        ),
        (
            {"defaultHealthyRetryPolicy": {"minDelayTarget": 0}},
            "http.defaultHealthyRetryPolicy.minDelayTarget must be greater than or equal to 1",
        ),
        (
            {"defaultHealthyRetryPolicy": {"minDelayTarget": 30, "maxDelayTarget": 10}},
            "http.defaultHealthyRetryPolicy.minDelayTarget must be less than or equal to maxDelayTarget",
        ),
        (
            {"defaultHealthyRetryPolicy": {"numNoDelayRetries": -1}},
            "http.defaultHealthyRetryPolicy.numNoDelayRetries must be greater than or equal to 0",
        ),
        (
            {"defaultHealthyRetryPolicy": {"numRetries": "3"}},
            "http.defaultHealthyRetryPolicy.numRetries must be an integer",
        ),
        (
            {"defaultHealthyRetryPolicy": {"backoffFunction": "cubic"}},
            "http.defaultHealthyRetryPolicy.backoffFunction must be one of linear, arithmetic, geometric, exponential",
        ),
        (
            {"defaultHealthyRetryPolicy": {"numRetries": 2, "numNoDelayRetries": 3}},
            "http.defaultHealthyRetryPolicy: the sum of numNoDelayRetries, numMinDelayRetries and numMaxDelayRetries exceeds numRetries",
        ),
        (
            {"defaultThrottlePolicy": {"maxReceivesPerSecond": 0}},
            "http.defaultThrottlePolicy.maxReceivesPerSecond must be greater than or equal to 1",
        ),
    ],
)
def test_topic_delivery_policy_value_rules(
    sns: Any, topic_arn: str, policy: dict[str, Any], detail: str
) -> None:
    value = json.dumps({"http": policy})
    assert_delivery_policy_refused(sns, topic_arn, value, detail)
    assert "DeliveryPolicy" not in topic_attributes(sns, topic_arn)


@pytest.mark.parametrize(
    ("value", "detail"), [("{oops", "failed to parse JSON"), ("[1]", "must be a JSON object")]
)
def test_topic_delivery_policy_must_be_a_json_object(
    sns: Any, topic_arn: str, value: str, detail: str
) -> None:
    # (unconfirmed wording)
    assert_delivery_policy_refused(sns, topic_arn, value, detail)
