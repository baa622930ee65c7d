"""A topic's access policy through boto3: the Policy attribute, AddPermission and RemovePermission.
(Whether another account may act on a topic is tests/test_access.py.)

Errors are checked whole (aws_errors.py); "(unconfirmed)" marks wording AWS has not recorded.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_errors import assert_aws_error
from conftest import ACCOUNT, OTHER_ACCOUNT, REGION
from sns_helpers import (
    default_policy,
    policy_with_actions,
    topic_attributes,
    topics_snapshot,
)

ARN = f"arn:aws:sns:{REGION}:{ACCOUNT}:orders"


def test_set_policy_replaces_the_access_policy(sns: Any, topic_arn: str) -> None:
    policy = policy_with_actions(topic_arn, "SNS:Publish")
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="Policy", AttributeValue=policy)
    assert topic_attributes(sns, topic_arn)["Policy"] == policy
    sns.add_permission(
        TopicArn=topic_arn, Label="extra", AWSAccountId=[OTHER_ACCOUNT], ActionName=["Subscribe"]
    )
    statements = json.loads(topic_attributes(sns, topic_arn)["Policy"])["Statement"]
    assert [statement.get("Sid") for statement in statements] == [None, "extra"]


# =========================================================================== AddPermission / RemovePermission
def policy_document(client: Any, arn: str = ARN) -> dict[str, Any]:
    return json.loads(topic_attributes(client, arn)["Policy"])  # type: ignore[no-any-return]


def test_add_permission_one_account_one_action(sns: Any, topic_arn: str) -> None:
    response = sns.add_permission(
        TopicArn=topic_arn, Label="publish-from-partner", AWSAccountId=[OTHER_ACCOUNT], ActionName=["Publish"]
    )
    assert set(response) == {"ResponseMetadata"}
    raw = topic_attributes(sns, topic_arn)["Policy"]
    policy = json.loads(raw)
    assert policy["Version"] == "2008-10-17"
    assert policy["Id"] == "__default_policy_ID"
    assert policy["Statement"][0] == json.loads(default_policy(topic_arn))["Statement"][0]
    added = policy["Statement"][1]
    assert added == {
        "Sid": "publish-from-partner",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"},
        "Action": "SNS:Publish",
        "Resource": topic_arn,
    }
    assert list(added) == ["Sid", "Effect", "Principal", "Action", "Resource"]  # no Condition
    assert " " not in raw  # compact JSON


def test_add_permission_several_accounts_and_actions_are_lists(sns: Any, topic_arn: str) -> None:
    sns.add_permission(
        TopicArn=topic_arn,
        Label="partners",
        AWSAccountId=[OTHER_ACCOUNT, "444455556666"],
        ActionName=["Publish", "Subscribe", "GetTopicAttributes"],
    )
    assert policy_document(sns, topic_arn)["Statement"][1] == {
        "Sid": "partners",
        "Effect": "Allow",
        "Principal": {"AWS": [f"arn:aws:iam::{OTHER_ACCOUNT}:root", "arn:aws:iam::444455556666:root"]},
        "Action": ["SNS:Publish", "SNS:Subscribe", "SNS:GetTopicAttributes"],
        "Resource": topic_arn,
    }


def test_add_permission_one_account_several_actions(sns: Any, topic_arn: str) -> None:
    sns.add_permission(
        TopicArn=topic_arn, Label="a", AWSAccountId=[OTHER_ACCOUNT], ActionName=["Publish", "Receive"]
    )
    sns.add_permission(
        TopicArn=topic_arn, Label="b", AWSAccountId=[OTHER_ACCOUNT, ACCOUNT], ActionName=["Subscribe"]
    )
    statements = policy_document(sns, topic_arn)["Statement"]
    assert [statement["Sid"] for statement in statements] == ["__default_statement_ID", "a", "b"]
    assert statements[1]["Principal"] == {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"}
    assert statements[1]["Action"] == ["SNS:Publish", "SNS:Receive"]
    assert statements[2]["Principal"] == {
        "AWS": [f"arn:aws:iam::{OTHER_ACCOUNT}:root", f"arn:aws:iam::{ACCOUNT}:root"]
    }
    assert statements[2]["Action"] == "SNS:Subscribe"


@pytest.mark.parametrize(
    "action",
    [
        "GetTopicAttributes",
        "SetTopicAttributes",
        "AddPermission",
        "RemovePermission",
        "DeleteTopic",
        "Subscribe",
        "ListSubscriptionsByTopic",
        "Publish",
        "Receive",
        "GetDataProtectionPolicy",
        "PutDataProtectionPolicy",
    ],
)
def test_add_permission_accepts_topic_actions(sns: Any, topic_arn: str, action: str) -> None:
    sns.add_permission(TopicArn=topic_arn, Label="p", AWSAccountId=[OTHER_ACCOUNT], ActionName=[action])
    assert policy_document(sns, topic_arn)["Statement"][1]["Action"] == f"SNS:{action}"


def test_add_permission_accepts_a_repeated_action(sns: Any, topic_arn: str) -> None:
    sns.add_permission(
        TopicArn=topic_arn, Label="p", AWSAccountId=[OTHER_ACCOUNT], ActionName=["Publish", "Publish"]
    )
    assert policy_document(sns, topic_arn)["Statement"][1]["Sid"] == "p"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"Label": "__default_statement_ID"}, "Invalid parameter: Statement already exists"),
        ({"Label": "existing"}, "Invalid parameter: Statement already exists"),
        (
            {"ActionName": ["SetSubscriptionAttributes"]},
            "Invalid parameter: Policy statement action out of service scope!",
        ),
        ({"ActionName": ["Publishx"]}, "Invalid parameter: Policy statement action out of service scope!"),
        ({"ActionName": ["SNS:Publish"]}, "Invalid parameter: Policy statement action out of service scope!"),
        (
            {"ActionName": ["Publish", "CreateTopic"]},
            "Invalid parameter: Policy statement action out of service scope!",
        ),
        ({"AWSAccountId": ["InvalidAccountId"]}, "Invalid parameter: A provided account ID is not valid"),
        ({"AWSAccountId": ["12345"]}, "Invalid parameter: A provided account ID is not valid"),
        (
            {"AWSAccountId": [OTHER_ACCOUNT, "1234567890123"]},
            "Invalid parameter: A provided account ID is not valid",
        ),
        # (unconfirmed wording)
        (
            {"Label": "bad label!"},
            (
                "Invalid parameter: Label Reason: Label can contain only alphanumeric characters, "
                "hyphens (-) and underscores (_)"
            ),
        ),
        ({"Label": ""}, "Invalid parameter: Label Reason: no value for required parameter"),
        ({"ActionName": []}, "Invalid parameter: ActionName Reason: no value for required parameter"),
        ({"AWSAccountId": []}, "Invalid parameter: AWSAccountId Reason: no value for required parameter"),
    ],
)
def test_add_permission_errors(sns: Any, topic_arn: str, kwargs: dict[str, Any], message: str) -> None:
    sns.add_permission(
        TopicArn=topic_arn, Label="existing", AWSAccountId=[OTHER_ACCOUNT], ActionName=["Publish"]
    )
    before = topics_snapshot(sns)
    call = {
        "TopicArn": topic_arn,
        "Label": "new",
        "AWSAccountId": [OTHER_ACCOUNT],
        "ActionName": ["Publish"],
        **kwargs,
    }
    assert_aws_error(sns, "AddPermission", call, "InvalidParameter", message)
    assert topics_snapshot(sns) == before


def test_remove_permission_restores_the_policy(sns: Any, topic_arn: str) -> None:
    sns.add_permission(TopicArn=topic_arn, Label="a", AWSAccountId=[OTHER_ACCOUNT], ActionName=["Publish"])
    sns.add_permission(TopicArn=topic_arn, Label="b", AWSAccountId=[OTHER_ACCOUNT], ActionName=["Subscribe"])
    response = sns.remove_permission(TopicArn=topic_arn, Label="a")
    assert set(response) == {"ResponseMetadata"}
    assert [statement["Sid"] for statement in policy_document(sns, topic_arn)["Statement"]] == [
        "__default_statement_ID",
        "b",
    ]
    sns.remove_permission(TopicArn=topic_arn, Label="b")
    assert topic_attributes(sns, topic_arn)["Policy"] == default_policy(topic_arn)
    # the label can be used again
    sns.add_permission(TopicArn=topic_arn, Label="a", AWSAccountId=[OTHER_ACCOUNT], ActionName=["Publish"])


def test_remove_permission_with_an_unknown_label_is_a_no_op(sns: Any, topic_arn: str) -> None:
    sns.remove_permission(TopicArn=topic_arn, Label="never-added")
    assert topic_attributes(sns, topic_arn)["Policy"] == default_policy(topic_arn)


def test_remove_permission_can_remove_the_default_statement(sns: Any, topic_arn: str) -> None:
    # (unconfirmed) AWS allows it; the policy keeps its Version and Id
    sns.remove_permission(TopicArn=topic_arn, Label="__default_statement_ID")
    assert policy_document(sns, topic_arn) == {
        "Version": "2008-10-17",
        "Id": "__default_policy_ID",
        "Statement": [],
    }
