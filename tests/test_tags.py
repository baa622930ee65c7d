"""Topic tags through boto3: tags given to CreateTopic, TagResource, UntagResource and
ListTagsForResource, their limits and validation.

Errors are checked whole (aws_errors.py); "(unconfirmed)" marks wording AWS has not recorded.
"""

from __future__ import annotations

from typing import Any

import pytest
from aws_errors import assert_aws_error
from conftest import ACCOUNT, REGION

ARN = f"arn:aws:sns:{REGION}:{ACCOUNT}:orders"


# --------------------------------------------------------------------------- tags at create
def test_create_topic_stores_tags_in_the_given_order(sns: Any) -> None:
    tags = [{"Key": "z", "Value": "1"}, {"Key": "a", "Value": ""}, {"Key": "m", "Value": "3"}]
    arn = sns.create_topic(Name="orders", Tags=tags)["TopicArn"]
    assert sns.list_tags_for_resource(ResourceArn=arn)["Tags"] == tags


@pytest.mark.parametrize(
    ("tags", "code", "message"),
    [
        (
            [{"Key": "k", "Value": "1"}, {"Key": "k", "Value": "2"}],
            "InvalidParameter",
            "Invalid parameter: Duplicated keys are not allowed.",
        ),
        (
            [{"Key": f"k{i}", "Value": "v"} for i in range(51)],
            "TagLimitExceeded",
            "Could not complete request: tag quota of per resource exceeded",
        ),
        (
            [{"Key": "k" * 129, "Value": "v"}],
            "ValidationError",
            (
                f"1 validation error detected: Value '{'k' * 129}' at 'tags.1.member.key' failed to satisfy "
                "constraint: Member must have length less than or equal to 128"
            ),
        ),
        (
            [{"Key": "ok", "Value": "v"}, {"Key": "k2", "Value": "v" * 257}],
            "ValidationError",
            (
                f"1 validation error detected: Value '{'v' * 257}' at 'tags.2.member.value' failed to satisfy "
                "constraint: Member must have length less than or equal to 256"
            ),
        ),
        (
            [{"Key": "k" * 129, "Value": "v" * 257}],
            "ValidationError",
            (
                f"2 validation errors detected: Value '{'k' * 129}' at 'tags.1.member.key' failed to satisfy "
                "constraint: Member must have length less than or equal to 128; "
                f"Value '{'v' * 257}' at 'tags.1.member.value' failed to satisfy "
                "constraint: Member must have length less than or equal to 256"
            ),
        ),
        # (unconfirmed wording)
        (
            [{"Key": "aws:owner", "Value": "v"}],
            "InvalidParameter",
            "Invalid parameter: TagKey Reason: Tag keys must not start with 'aws:'.",
        ),
    ],
)
def test_create_topic_rejects_invalid_tags(
    sns: Any, tags: list[dict[str, str]], code: str, message: str
) -> None:
    assert_aws_error(sns, "CreateTopic", {"Name": "orders", "Tags": tags}, code, message)
    assert sns.list_topics()["Topics"] == []


def test_create_topic_accepts_fifty_tags_and_limit_length_keys(sns: Any) -> None:
    tags = [{"Key": f"k{i}", "Value": "v"} for i in range(49)] + [{"Key": "k" * 128, "Value": "v" * 256}]
    arn = sns.create_topic(Name="orders", Tags=tags)["TopicArn"]
    assert sns.list_tags_for_resource(ResourceArn=arn)["Tags"] == tags


def test_too_many_tags_is_a_tag_limit_error_even_for_an_existing_name(sns: Any) -> None:
    sns.create_topic(Name="tagged", Tags=[{"Key": "k", "Value": "v"}])
    tags = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    assert_aws_error(
        sns,
        "CreateTopic",
        {"Name": "tagged", "Tags": tags},
        "TagLimitExceeded",
        "Could not complete request: tag quota of per resource exceeded",
    )


# =========================================================================== tags
def tags_of(client: Any, arn: str = ARN) -> list[dict[str, str]]:
    return list(client.list_tags_for_resource(ResourceArn=arn)["Tags"])


def test_list_tags_of_an_untagged_topic_is_an_empty_list(sns: Any, topic_arn: str) -> None:
    assert sns.list_tags_for_resource(ResourceArn=topic_arn)["Tags"] == []


def test_tag_resource_upserts(sns: Any, topic_arn: str) -> None:
    response = sns.tag_resource(
        ResourceArn=topic_arn, Tags=[{"Key": "k1", "Value": "v1"}, {"Key": "k2", "Value": "v2"}]
    )
    assert set(response) == {"ResponseMetadata"}
    sns.tag_resource(ResourceArn=topic_arn, Tags=[{"Key": "k2", "Value": "new"}, {"Key": "k3", "Value": ""}])
    assert tags_of(sns, topic_arn) == [
        {"Key": "k1", "Value": "v1"},
        {"Key": "k2", "Value": "new"},
        {"Key": "k3", "Value": ""},
    ]


def test_untag_resource_removes_keys_and_ignores_unknown_ones(sns: Any, topic_arn: str) -> None:
    sns.tag_resource(ResourceArn=topic_arn, Tags=[{"Key": "k1", "Value": "v1"}, {"Key": "k2", "Value": "v2"}])
    response = sns.untag_resource(ResourceArn=topic_arn, TagKeys=["k1", "unknown"])
    assert set(response) == {"ResponseMetadata"}
    assert tags_of(sns, topic_arn) == [{"Key": "k2", "Value": "v2"}]
    sns.untag_resource(ResourceArn=topic_arn, TagKeys=["nothing"])
    assert tags_of(sns, topic_arn) == [{"Key": "k2", "Value": "v2"}]


def test_tag_limit_counts_tags_after_the_merge(sns: Any, topic_arn: str) -> None:
    sns.tag_resource(ResourceArn=topic_arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(40)])
    # ten updates of existing keys and ten new keys: exactly 50
    sns.tag_resource(
        ResourceArn=topic_arn,
        Tags=[{"Key": f"k{i}", "Value": "w"} for i in range(10)]
        + [{"Key": f"n{i}", "Value": "v"} for i in range(10)],
    )
    assert len(tags_of(sns, topic_arn)) == 50
    before = tags_of(sns, topic_arn)
    assert_aws_error(
        sns,
        "TagResource",
        {"ResourceArn": topic_arn, "Tags": [{"Key": "one-more", "Value": "v"}]},
        "TagLimitExceeded",
        "Could not complete request: tag quota of per resource exceeded",
    )
    assert tags_of(sns, topic_arn) == before


TAG_CALLS = {
    "TagResource": {"Tags": [{"Key": "k", "Value": "v"}]},
    "UntagResource": {"TagKeys": ["k"]},
    "ListTagsForResource": {},
}


@pytest.mark.parametrize("operation", sorted(TAG_CALLS))
def test_tagging_a_missing_topic_is_resource_not_found(sns: Any, topic_arn: str, operation: str) -> None:
    for arn in [
        f"arn:aws:sns:{REGION}:{ACCOUNT}:missing",
        f"{ARN}x",
        f"arn:aws:sns:eu-west-1:{ACCOUNT}:orders",  # (unconfirmed) another region
        f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders",  # (unconfirmed) another service
    ]:
        assert_aws_error(
            sns,
            operation,
            {"ResourceArn": arn, **TAG_CALLS[operation]},
            "ResourceNotFound",
            "Resource does not exist",
        )


@pytest.mark.parametrize("operation", sorted(TAG_CALLS))
def test_tagging_a_malformed_arn(sns: Any, operation: str) -> None:
    # (unconfirmed wording) the shared ARN shape check
    assert_aws_error(
        sns,
        operation,
        {"ResourceArn": "orders", **TAG_CALLS[operation]},
        "InvalidParameter",
        "Invalid parameter: ResourceArn Reason: An ARN must have at least 6 elements, not 1",
    )


@pytest.mark.parametrize(
    ("tags", "code", "message"),
    [
        (
            [{"Key": "k", "Value": "1"}, {"Key": "k", "Value": "1"}],
            "InvalidParameter",
            "Invalid parameter: Duplicated keys are not allowed.",
        ),
        (
            [{"Key": "k" * 129, "Value": "v"}],
            "ValidationError",
            (
                f"1 validation error detected: Value '{'k' * 129}' at 'tags.1.member.key' failed to satisfy "
                "constraint: Member must have length less than or equal to 128"
            ),
        ),
        (
            [{"Key": f"k{i}", "Value": "v"} for i in range(51)],
            "TagLimitExceeded",
            "Could not complete request: tag quota of per resource exceeded",
        ),
        (
            [{"Key": "AWS:x", "Value": "v"}],
            "InvalidParameter",
            "Invalid parameter: TagKey Reason: Tag keys must not start with 'aws:'.",  # (unconfirmed wording)
        ),
    ],
)
def test_tag_resource_errors(
    sns: Any, topic_arn: str, tags: list[dict[str, str]], code: str, message: str
) -> None:
    sns.tag_resource(ResourceArn=topic_arn, Tags=[{"Key": "keep", "Value": "me"}])
    assert_aws_error(sns, "TagResource", {"ResourceArn": topic_arn, "Tags": tags}, code, message)
    assert tags_of(sns, topic_arn) == [{"Key": "keep", "Value": "me"}]
