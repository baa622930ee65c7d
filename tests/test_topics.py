"""Topics through boto3: CreateTopic (names, attributes, idempotency, quotas), DeleteTopic,
ListTopics, the topic ARN checks every topic call shares, data protection policies, what a
failed call leaves unchanged, and the shapes of the answers.

Errors are checked whole (aws_errors.py); "(unconfirmed)" marks wording AWS has not recorded.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_errors import assert_aws_error, call_error
from conftest import ACCOUNT, OTHER_ACCOUNT, REGION, client
from sns_helpers import (
    check_answers,
    default_policy,
    policy_with_actions,
    topic_attributes,
    topics_snapshot,
)

ARN = f"arn:aws:sns:{REGION}:{ACCOUNT}:orders"


# =========================================================================== CreateTopic
def test_create_topic_returns_the_arn_and_is_listed(sns: Any) -> None:
    response = sns.create_topic(Name="orders")
    assert response["TopicArn"] == ARN
    assert sns.list_topics()["Topics"] == [{"TopicArn": ARN}]


@pytest.mark.parametrize(
    ("region", "partition"),
    [
        ("us-east-1", "aws"),
        ("eu-west-1", "aws"),
        ("ap-southeast-2", "aws"),
        ("cn-north-1", "aws-cn"),
        ("cn-northwest-1", "aws-cn"),
        ("us-gov-west-1", "aws-us-gov"),
    ],
)
def test_topic_arn_and_default_policy_use_the_region_partition(
    sns_fake: Any, region: str, partition: str
) -> None:
    regional = client(region=region)
    arn = regional.create_topic(Name="orders")["TopicArn"]
    assert arn == f"arn:{partition}:sns:{region}:{ACCOUNT}:orders"
    assert topic_attributes(regional, arn)["Policy"] == default_policy(arn)
    regional.add_permission(TopicArn=arn, Label="p", AWSAccountId=[OTHER_ACCOUNT], ActionName=["Publish"])
    statement = json.loads(topic_attributes(regional, arn)["Policy"])["Statement"][1]
    assert statement["Principal"] == {"AWS": f"arn:{partition}:iam::{OTHER_ACCOUNT}:root"}


def test_access_key_of_twelve_digits_selects_the_account(sns_fake: Any, sns: Any) -> None:
    other = client(access_key=OTHER_ACCOUNT)
    arn = other.create_topic(Name="orders")["TopicArn"]
    assert arn == f"arn:aws:sns:{REGION}:{OTHER_ACCOUNT}:orders"
    assert topic_attributes(other, arn)["Owner"] == OTHER_ACCOUNT
    assert topic_attributes(other, arn)["Policy"] == default_policy(arn, OTHER_ACCOUNT)
    assert sns.list_topics()["Topics"] == []
    assert sns.create_topic(Name="orders")["TopicArn"] == ARN
    assert other.list_topics()["Topics"] == [{"TopicArn": arn}]


@pytest.mark.parametrize(
    ("name", "attrs"),
    [
        ("a", None),
        ("Orders_2024-v1", None),
        ("x" * 256, None),
        ("0123456789", None),
        ("f.fifo", {"FifoTopic": "true"}),
        ("x" * 251 + ".fifo", {"FifoTopic": "true"}),
        ("standard", {"FifoTopic": "false"}),
    ],
)
def test_create_topic_accepts_valid_names(sns: Any, name: str, attrs: dict[str, str] | None) -> None:
    kwargs: dict[str, Any] = {"Name": name}
    if attrs is not None:
        kwargs["Attributes"] = attrs
    arn = sns.create_topic(**kwargs)["TopicArn"]
    assert arn == f"arn:aws:sns:{REGION}:{ACCOUNT}:{name}"


@pytest.mark.parametrize(
    ("name", "attrs"),
    [
        ("", None),
        ("x" * 257, None),
        ("with space", None),
        ("a:b", None),
        ("a;b", None),
        ("a!b", None),
        ("a@b", None),
        ("a#b", None),
        ("a|b", None),
        ("a^b", None),
        ("a%b", None),
        ("a.b", None),
        ("a/b", None),
        ("ünïcode", None),
        ("orders.fifo", None),  # .fifo suffix without FifoTopic=true
        ("orders.fifo", {"FifoTopic": "false"}),
        ("orders", {"FifoTopic": "true"}),  # FifoTopic=true without the suffix
        ("x" * 252 + ".fifo", {"FifoTopic": "true"}),  # 257 characters with the suffix
        ("a b.fifo", {"FifoTopic": "true"}),
        ("orders.FIFO", {"FifoTopic": "true"}),
    ],
)
def test_create_topic_rejects_invalid_names(sns: Any, name: str, attrs: dict[str, str] | None) -> None:
    kwargs: dict[str, Any] = {"Name": name}
    if attrs is not None:
        kwargs["Attributes"] = attrs
    assert_aws_error(sns, "CreateTopic", kwargs, "InvalidParameter", "Invalid parameter: Topic Name")
    assert sns.list_topics()["Topics"] == []


@pytest.mark.parametrize("name", ["orders\n", "orders.fifo\n", "ordérs"])
def test_topic_names_are_matched_whole_and_ascii_only(sns: Any, name: str) -> None:
    attributes = {"FifoTopic": "true"} if ".fifo" in name else {}
    assert_aws_error(
        sns, "CreateTopic", {"Name": name, "Attributes": attributes}, "InvalidParameter", "Invalid parameter: Topic Name"
    )
    assert sns.list_topics()["Topics"] == []


def test_create_topic_error_matches_like_users_write_it(sns: Any) -> None:
    with pytest.raises(
        sns.exceptions.InvalidParameterException,
        match=r"^An error occurred \(InvalidParameter\) when calling the CreateTopic operation: "
        r"Invalid parameter: Topic Name$",
    ):
        sns.create_topic(Name="bad name")


def test_name_check_comes_before_attribute_checks(sns: Any) -> None:
    assert_aws_error(
        sns,
        "CreateTopic",
        {"Name": "bad name", "Attributes": {"Unknown": "x"}},
        "InvalidParameter",
        "Invalid parameter: Topic Name",
    )


@pytest.mark.parametrize(
    ("attrs", "detail"),
    [
        ({"Unknown": "x"}, "Unknown attribute Unknown"),
        ({"Owner": ACCOUNT}, "Unknown attribute Owner"),
        ({"TopicArn": ARN}, "Unknown attribute TopicArn"),
        ({"EffectiveDeliveryPolicy": "{}"}, "Unknown attribute EffectiveDeliveryPolicy"),
        (
            {"SQSSuccessFeedbackSampleRate": "500"},
            "SQSSuccessFeedbackSampleRate: 500 value provided is not an integer between 0-100",
        ),
        (
            {"HTTPSuccessFeedbackSampleRate": "-1"},
            "HTTPSuccessFeedbackSampleRate: -1 value provided is not an integer between 0-100",
        ),
        ({"DisplayName": "d" * 101}, "DisplayName"),
        (
            {"DeliveryPolicy": '{"http":{"defaultHealthyRetryPolicy":{"numRetries":300}}}'},
            "DeliveryPolicy: http.defaultHealthyRetryPolicy.numRetries must be less than or equal to 100",
        ),
        (
            {"Policy": policy_with_actions(ARN, "SNS:Publishx")},
            "Policy statement action out of service scope!",
        ),
        ({"Policy": ""}, "Policy is empty"),
        ({"Policy": "not json"}, "Policy Error: null"),
        # (unconfirmed wording)
        ({"SignatureVersion": "3"}, "SignatureVersion"),
        ({"TracingConfig": "On"}, "TracingConfig: Invalid value [On]. Must be PassThrough or Active."),
        (
            {"ContentBasedDeduplication": "true"},
            "ContentBasedDeduplication: ContentBasedDeduplication is only supported on FIFO topics",
        ),
        (
            {"MaximumMessageSize": "1023"},
            "MaximumMessageSize: 1023 value provided is not an integer between 1024-1048576",
        ),
        ({"FifoTopic": "maybe"}, "FifoTopic: Invalid value [maybe]. Must be true or false."),
    ],
)
def test_create_topic_rejects_invalid_attributes(sns: Any, attrs: dict[str, str], detail: str) -> None:
    assert_aws_error(
        sns,
        "CreateTopic",
        {"Name": "orders", "Attributes": attrs},
        "InvalidParameter",
        f"Invalid parameter: Attributes Reason: {detail}",
    )
    assert sns.list_topics()["Topics"] == []


def test_create_topic_with_empty_attribute_map_is_like_no_attributes(sns: Any) -> None:
    # botocore omits an empty map from the request: AWS sees no Attributes.
    arn = sns.create_topic(Name="orders", Attributes={})["TopicArn"]
    assert arn == ARN
    assert sns.create_topic(Name="orders", Attributes={})["TopicArn"] == ARN


def test_create_topic_stores_attributes_given_at_create(sns: Any) -> None:
    arn = sns.create_topic(
        Name="orders",
        Attributes={
            "DisplayName": "Orders",
            "SignatureVersion": "2",
            "TracingConfig": "Active",
            "KmsMasterKeyId": "alias/aws/sns",
            "SQSSuccessFeedbackSampleRate": "50",
            "SQSSuccessFeedbackRoleArn": f"arn:aws:iam::{ACCOUNT}:role/feedback",
            "SQSFailureFeedbackRoleArn": f"arn:aws:iam::{ACCOUNT}:role/feedback",
        },
    )["TopicArn"]
    attrs = topic_attributes(sns, arn)
    assert attrs["DisplayName"] == "Orders"
    assert attrs["SignatureVersion"] == "2"
    assert attrs["TracingConfig"] == "Active"
    assert attrs["KmsMasterKeyId"] == "alias/aws/sns"
    assert attrs["SQSSuccessFeedbackSampleRate"] == "50"
    assert attrs["SQSSuccessFeedbackRoleArn"] == f"arn:aws:iam::{ACCOUNT}:role/feedback"
    assert attrs["SQSFailureFeedbackRoleArn"] == f"arn:aws:iam::{ACCOUNT}:role/feedback"


def test_fifo_topic_false_is_accepted_and_not_stored(sns: Any) -> None:
    arn = sns.create_topic(Name="orders", Attributes={"FifoTopic": "false"})["TopicArn"]
    attrs = topic_attributes(sns, arn)
    assert "FifoTopic" not in attrs
    assert "ContentBasedDeduplication" not in attrs


# --------------------------------------------------------------------------- idempotency
IDEMPOTENT_ORIGINAL = {
    "Attributes": {"DisplayName": "Orders", "SignatureVersion": "2"},
    "Tags": [{"Key": "team", "Value": "billing"}, {"Key": "env", "Value": "prod"}],
}


@pytest.mark.parametrize(
    ("again", "error"),
    [
        ({}, None),
        ({"Attributes": {}}, None),
        ({"Attributes": {"DisplayName": "Orders"}}, None),
        ({"Attributes": {"DisplayName": "Orders", "SignatureVersion": "2"}}, None),
        ({"Attributes": {"FifoTopic": "false"}}, None),
        ({"Tags": []}, None),
        ({"Tags": [{"Key": "env", "Value": "prod"}]}, None),
        ({"Tags": [{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "billing"}]}, None),
        ({"Attributes": {"DisplayName": "Orders"}, "Tags": [{"Key": "team", "Value": "billing"}]}, None),
        (
            {"Attributes": {"DisplayName": "Other"}},
            "Attributes Reason: Topic already exists with different attributes",
        ),
        (
            {"Attributes": {"DisplayName": ""}},
            "Attributes Reason: Topic already exists with different attributes",
        ),
        # an attribute that was never set on the topic differs, even when it is the default value
        (
            {"Attributes": {"TracingConfig": "PassThrough"}},
            "Attributes Reason: Topic already exists with different attributes",
        ),
        (
            {"Attributes": {"SignatureVersion": "1"}},
            "Attributes Reason: Topic already exists with different attributes",
        ),
        ({"Tags": [{"Key": "env", "Value": "dev"}]}, "Tags Reason: Topic already exists with different tags"),
        ({"Tags": [{"Key": "new", "Value": "x"}]}, "Tags Reason: Topic already exists with different tags"),
        (
            {"Attributes": {"DisplayName": "Orders"}, "Tags": [{"Key": "team", "Value": "other"}]},
            "Tags Reason: Topic already exists with different tags",
        ),
        (
            {"Attributes": {"DisplayName": "Other"}, "Tags": [{"Key": "team", "Value": "other"}]},
            "Attributes Reason: Topic already exists with different attributes",
        ),
        ({"Attributes": {"FifoTopic": "true"}}, "Topic Name"),
    ],
)
def test_create_topic_idempotency(sns: Any, again: dict[str, Any], error: str | None) -> None:
    arn = sns.create_topic(Name="orders", **IDEMPOTENT_ORIGINAL)["TopicArn"]
    before = topics_snapshot(sns)
    if error is None:
        assert sns.create_topic(Name="orders", **again)["TopicArn"] == arn
    else:
        assert_aws_error(
            sns, "CreateTopic", {"Name": "orders", **again}, "InvalidParameter", f"Invalid parameter: {error}"
        )
    assert topics_snapshot(sns) == before  # nothing changes either way


def test_create_topic_idempotent_with_the_stored_default_policy(sns: Any) -> None:
    sns.create_topic(Name="orders")
    assert sns.create_topic(Name="orders", Attributes={"Policy": default_policy(ARN)})["TopicArn"] == ARN


def test_create_topic_idempotent_with_the_same_delivery_policy(sns: Any) -> None:
    policy = '{"http":{"defaultHealthyRetryPolicy":{"numRetries":5}}}'
    sns.create_topic(Name="orders", Attributes={"DeliveryPolicy": policy})
    assert sns.create_topic(Name="orders", Attributes={"DeliveryPolicy": policy})["TopicArn"] == ARN
    assert_aws_error(
        sns,
        "CreateTopic",
        {
            "Name": "orders",
            "Attributes": {"DeliveryPolicy": '{"http":{"defaultHealthyRetryPolicy":{"numRetries":6}}}'},
        },
        "InvalidParameter",
        "Invalid parameter: Attributes Reason: Topic already exists with different attributes",
    )


@pytest.mark.parametrize(
    ("again", "error"),
    [
        ({"FifoTopic": "true"}, None),
        ({"FifoTopic": "true", "ContentBasedDeduplication": "true"}, None),
        ({"FifoTopic": "true", "ContentBasedDeduplication": "TRUE"}, None),
        (
            {"FifoTopic": "true", "ContentBasedDeduplication": "false"},
            "Attributes Reason: Topic already exists with different attributes",
        ),
        ({}, "Topic Name"),  # a .fifo name needs FifoTopic=true, also on the second call
    ],
)
def test_create_fifo_topic_idempotency(sns: Any, again: dict[str, str], error: str | None) -> None:
    arn = sns.create_topic(
        Name="orders.fifo", Attributes={"FifoTopic": "true", "ContentBasedDeduplication": "true"}
    )["TopicArn"]
    kwargs: dict[str, Any] = {"Name": "orders.fifo"}
    if again:
        kwargs["Attributes"] = again
    if error is None:
        assert sns.create_topic(**kwargs)["TopicArn"] == arn
    else:
        assert_aws_error(sns, "CreateTopic", kwargs, "InvalidParameter", f"Invalid parameter: {error}")
    assert topic_attributes(sns, arn)["ContentBasedDeduplication"] == "true"


def test_create_topic_with_data_protection_policy_is_idempotent_only_with_the_same_policy(sns: Any) -> None:
    policy = json.dumps({"Name": "p", "Version": "2021-06-01", "Statement": []})
    sns.create_topic(Name="orders", DataProtectionPolicy=policy)
    assert sns.get_data_protection_policy(ResourceArn=ARN)["DataProtectionPolicy"] == policy
    assert sns.create_topic(Name="orders", DataProtectionPolicy=policy)["TopicArn"] == ARN
    assert sns.create_topic(Name="orders")["TopicArn"] == ARN
    # (unconfirmed) a different policy is treated like a different attribute
    assert_aws_error(
        sns,
        "CreateTopic",
        {"Name": "orders", "DataProtectionPolicy": json.dumps({"Name": "other", "Version": "2021-06-01", "Statement": []})},
        "InvalidParameter",
        "Invalid parameter: Attributes Reason: Topic already exists with different attributes",
    )


# --------------------------------------------------------------------------- quotas
def test_topic_limit(sns_fake: Any, sns: Any) -> None:
    sns_fake.limits["topics"] = 2
    sns.create_topic(Name="a")
    sns.create_topic(Name="b")
    assert sns.create_topic(Name="a")["TopicArn"].endswith(":a")  # idempotent create is no new topic
    # (unconfirmed wording)
    assert_aws_error(sns, "CreateTopic", {"Name": "c"}, "TopicLimitExceeded", "Topic limit exceeded")
    sns.delete_topic(TopicArn=f"arn:aws:sns:{REGION}:{ACCOUNT}:a")
    sns.create_topic(Name="c")
    # the quota is per account and region
    client(region="eu-west-1").create_topic(Name="d")


def test_fifo_topic_limit(sns_fake: Any, sns: Any) -> None:
    sns_fake.limits["fifo_topics"] = 1
    sns.create_topic(Name="a.fifo", Attributes={"FifoTopic": "true"})
    assert_aws_error(
        sns,
        "CreateTopic",
        {"Name": "b.fifo", "Attributes": {"FifoTopic": "true"}},
        "TopicLimitExceeded",
        "Topic limit exceeded",
    )
    sns.create_topic(Name="standard")
    sns.delete_topic(TopicArn=f"arn:aws:sns:{REGION}:{ACCOUNT}:a.fifo")
    sns.create_topic(Name="b.fifo", Attributes={"FifoTopic": "true"})


def test_standard_and_fifo_topics_have_separate_quotas(sns_fake: Any, sns: Any) -> None:
    sns_fake.limits["topics"] = 1
    sns_fake.limits["fifo_topics"] = 1
    sns.create_topic(Name="f.fifo", Attributes={"FifoTopic": "true"})
    sns.create_topic(Name="standard")  # the FIFO topic does not use the standard quota
    assert_aws_error(sns, "CreateTopic", {"Name": "second"}, "TopicLimitExceeded", "Topic limit exceeded")
    assert len(sns.list_topics()["Topics"]) == 2


# --------------------------------------------------------------------------- shared ARN checks
TOPIC_CALLS = {
    "GetTopicAttributes": ("TopicArn", {}),
    "SetTopicAttributes": ("TopicArn", {"AttributeName": "DisplayName", "AttributeValue": "x"}),
    "AddPermission": ("TopicArn", {"Label": "p", "AWSAccountId": [OTHER_ACCOUNT], "ActionName": ["Publish"]}),
    "RemovePermission": ("TopicArn", {"Label": "p"}),
    "PutDataProtectionPolicy": ("ResourceArn", {"DataProtectionPolicy": '{"Name":"p","Version":"2021-06-01","Statement":[]}'}),
    "GetDataProtectionPolicy": ("ResourceArn", {}),
    "DeleteTopic": ("TopicArn", {}),
}


MALFORMED_ARNS = [
    ("test-topic", "An ARN must have at least 6 elements, not 1"),
    ("x:y", "An ARN must have at least 6 elements, not 2"),
    ("x:y:z", "An ARN must have at least 6 elements, not 3"),
    (f"arn:aws:sns:{REGION}:{ACCOUNT}", "An ARN must have at least 6 elements, not 5"),
    ("", "An ARN must have at least 6 elements, not 1"),  # AWS-recorded for Publish(TopicArn="")
]


@pytest.mark.parametrize("operation", sorted(TOPIC_CALLS))
def test_malformed_topic_arn(sns: Any, topic_arn: str, operation: str) -> None:
    param, extra = TOPIC_CALLS[operation]
    for arn, reason in MALFORMED_ARNS:
        assert_aws_error(
            sns,
            operation,
            {param: arn, **extra},
            "InvalidParameter",
            f"Invalid parameter: {param} Reason: {reason}",
        )


@pytest.mark.parametrize("operation", sorted(TOPIC_CALLS))
def test_topic_arn_of_another_region_is_an_invalid_parameter(sns_fake: Any, operation: str) -> None:
    east = client(region="us-east-1")
    arn = east.create_topic(Name="orders")["TopicArn"]
    west = client(region="eu-west-1")
    param, extra = TOPIC_CALLS[operation]
    assert_aws_error(
        west, operation, {param: arn, **extra}, "InvalidParameter", f"Invalid parameter: {param}"
    )
    assert topic_attributes(east, arn)["DisplayName"] == ""  # untouched


# (Another account's missing topic is an AuthorizationError: its policy is checked first, test_access.py.)
MISSING_TOPICS = [
    f"arn:aws:sns:{REGION}:{ACCOUNT}:missing",
    f"arn:aws:sns:{REGION}:{ACCOUNT}:orders.fifo",
]


@pytest.mark.parametrize("operation", sorted(set(TOPIC_CALLS) - {"DeleteTopic"}))
def test_missing_topic_is_not_found(sns: Any, topic_arn: str, operation: str) -> None:
    param, extra = TOPIC_CALLS[operation]
    for arn in MISSING_TOPICS:
        assert_aws_error(sns, operation, {param: arn, **extra}, "NotFound", "Topic does not exist")


def test_same_topic_name_in_two_regions_are_two_topics(sns_fake: Any) -> None:
    east = client(region="us-east-1")
    west = client(region="eu-west-1")
    east_arn = east.create_topic(Name="orders", Attributes={"DisplayName": "east"})["TopicArn"]
    west_arn = west.create_topic(Name="orders", Attributes={"DisplayName": "west"})["TopicArn"]
    assert west_arn == f"arn:aws:sns:eu-west-1:{ACCOUNT}:orders"
    assert east.list_topics()["Topics"] == [{"TopicArn": east_arn}]
    assert west.list_topics()["Topics"] == [{"TopicArn": west_arn}]
    assert topic_attributes(east, east_arn)["DisplayName"] == "east"
    assert topic_attributes(west, west_arn)["DisplayName"] == "west"
    west.delete_topic(TopicArn=west_arn)
    assert east.list_topics()["Topics"] == [{"TopicArn": east_arn}]


# =========================================================================== DeleteTopic
def test_delete_topic_removes_topic_tags_and_subscriptions(sns: Any) -> None:
    arn = sns.create_topic(Name="orders", Tags=[{"Key": "k", "Value": "v"}])["TopicArn"]
    subscription = sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=f"arn:aws:sqs:{REGION}:{ACCOUNT}:q")[
        "SubscriptionArn"
    ]
    response = sns.delete_topic(TopicArn=arn)
    assert set(response) == {"ResponseMetadata"}
    assert sns.list_topics()["Topics"] == []
    assert sns.list_subscriptions()["Subscriptions"] == []
    assert_aws_error(sns, "GetTopicAttributes", {"TopicArn": arn}, "NotFound", "Topic does not exist")
    assert_aws_error(
        sns,
        "GetSubscriptionAttributes",
        {"SubscriptionArn": subscription},
        "NotFound",
        "Subscription does not exist",
    )
    assert_aws_error(
        sns, "ListTagsForResource", {"ResourceArn": arn}, "ResourceNotFound", "Resource does not exist"
    )


def test_delete_topic_is_idempotent(sns: Any, topic_arn: str) -> None:
    sns.delete_topic(TopicArn=topic_arn)
    sns.delete_topic(TopicArn=topic_arn)
    sns.delete_topic(TopicArn=f"arn:aws:sns:{REGION}:{ACCOUNT}:never-existed")
    assert sns.list_topics()["Topics"] == []


def test_delete_only_removes_the_named_topic(sns: Any) -> None:
    arns = [sns.create_topic(Name=name)["TopicArn"] for name in ("a", "b", "c")]
    sns.delete_topic(TopicArn=arns[1])
    assert sns.list_topics()["Topics"] == [{"TopicArn": arns[0]}, {"TopicArn": arns[2]}]


def test_recreated_topic_has_the_same_arn_without_tags_or_attributes(sns: Any) -> None:
    arn = sns.create_topic(
        Name="orders",
        Attributes={"DisplayName": "Orders"},
        Tags=[{"Key": "k", "Value": "v"}],
        DataProtectionPolicy='{"Name":"p","Version":"2021-06-01","Statement":[]}',
    )["TopicArn"]
    sns.add_permission(TopicArn=arn, Label="p", AWSAccountId=[OTHER_ACCOUNT], ActionName=["Publish"])
    sns.delete_topic(TopicArn=arn)
    assert sns.create_topic(Name="orders")["TopicArn"] == arn
    assert sns.list_tags_for_resource(ResourceArn=arn)["Tags"] == []
    attrs = topic_attributes(sns, arn)
    assert attrs["DisplayName"] == ""
    assert attrs["Policy"] == default_policy(arn)
    assert "DataProtectionPolicy" not in sns.get_data_protection_policy(ResourceArn=arn)


def test_delete_topic_in_another_region_deletes_nothing(sns_fake: Any) -> None:
    east = client(region="us-east-1")
    arn = east.create_topic(Name="orders")["TopicArn"]
    assert_aws_error(
        client(region="eu-west-1"),
        "DeleteTopic",
        {"TopicArn": arn},
        "InvalidParameter",
        "Invalid parameter: TopicArn",
    )
    assert east.list_topics()["Topics"] == [{"TopicArn": arn}]


# =========================================================================== ListTopics
def test_list_topics_empty(sns: Any) -> None:
    response = sns.list_topics()
    assert response["Topics"] == []
    assert "NextToken" not in response


def test_list_topics_pages_of_one_hundred(sns: Any) -> None:
    arns = [sns.create_topic(Name=f"t{i:03d}")["TopicArn"] for i in range(250)]
    first = sns.list_topics()
    assert len(first["Topics"]) == 100
    assert isinstance(first["NextToken"], str) and first["NextToken"]
    second = sns.list_topics(NextToken=first["NextToken"])
    assert len(second["Topics"]) == 100
    third = sns.list_topics(NextToken=second["NextToken"])
    assert len(third["Topics"]) == 50
    assert "NextToken" not in third
    listed = [item["TopicArn"] for page in (first, second, third) for item in page["Topics"]]
    assert listed == arns  # creation order, each once
    # the same token gives the same page again
    assert sns.list_topics(NextToken=first["NextToken"])["Topics"] == second["Topics"]


def test_list_topics_exactly_one_hundred_has_no_next_token(sns: Any) -> None:
    for i in range(100):
        sns.create_topic(Name=f"t{i}")
    response = sns.list_topics()
    assert len(response["Topics"]) == 100
    assert "NextToken" not in response


def test_list_topics_paginator(sns: Any) -> None:
    for i in range(120):
        sns.create_topic(Name=f"t{i}")
    pages = list(sns.get_paginator("list_topics").paginate())
    assert [len(page["Topics"]) for page in pages] == [100, 20]


def test_list_topics_skips_topics_deleted_between_pages(sns: Any) -> None:
    arns = [sns.create_topic(Name=f"t{i:03d}")["TopicArn"] for i in range(150)]
    first = sns.list_topics()
    for arn in arns[100:110]:
        sns.delete_topic(TopicArn=arn)
    second = sns.list_topics(NextToken=first["NextToken"])
    assert [item["TopicArn"] for item in second["Topics"]] == arns[110:]


def test_list_topics_empty_next_token_is_the_first_page(sns: Any, topic_arn: str) -> None:
    assert sns.list_topics(NextToken="")["Topics"] == [{"TopicArn": topic_arn}]


@pytest.mark.parametrize("token", ["garbage", "!!!", "dG9waWNzOng", "c3Vic2NyaXB0aW9uczox"])
def test_list_topics_rejects_a_foreign_next_token(sns: Any, topic_arn: str, token: str) -> None:
    # (unconfirmed wording) "dG9waWNzOng" is base64 of "topics:x", the last one a ListSubscriptions token
    assert_aws_error(
        sns, "ListTopics", {"NextToken": token}, "InvalidParameter", "Invalid parameter: NextToken"
    )


def test_list_topics_rejects_a_list_subscriptions_token(sns: Any, topic_arn: str) -> None:
    for i in range(101):
        sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=f"arn:aws:sqs:{REGION}:{ACCOUNT}:q{i}")
    token = sns.list_subscriptions()["NextToken"]
    assert_aws_error(
        sns, "ListTopics", {"NextToken": token}, "InvalidParameter", "Invalid parameter: NextToken"
    )


def test_list_topics_only_shows_the_caller_account_and_region(sns_fake: Any, sns: Any) -> None:
    mine = sns.create_topic(Name="mine")["TopicArn"]
    client(region="eu-west-1").create_topic(Name="west")
    client(access_key=OTHER_ACCOUNT).create_topic(Name="theirs")
    client(region="cn-north-1").create_topic(Name="china")
    assert sns.list_topics()["Topics"] == [{"TopicArn": mine}]
    assert client(region="cn-north-1").list_topics()["Topics"] == [
        {"TopicArn": f"arn:aws-cn:sns:cn-north-1:{ACCOUNT}:china"}
    ]


# =========================================================================== data protection
DATA_PROTECTION = json.dumps(
    {
        "Name": "basic",
        "Description": "",
        "Version": "2021-06-01",
        "Statement": [
            {
                "DataDirection": "Inbound",
                "Principal": ["*"],
                "DataIdentifier": ["arn:aws:dataprotection::aws:data-identifier/CreditCardNumber"],
                "Operation": {"Deny": {}},
            }
        ],
    }
)


def test_data_protection_policy_round_trip(sns: Any, topic_arn: str) -> None:
    response = sns.get_data_protection_policy(ResourceArn=topic_arn)
    assert set(response) == {"ResponseMetadata"}  # (unconfirmed) absent when never set
    assert set(
        sns.put_data_protection_policy(ResourceArn=topic_arn, DataProtectionPolicy=DATA_PROTECTION)
    ) == {"ResponseMetadata"}
    assert sns.get_data_protection_policy(ResourceArn=topic_arn)["DataProtectionPolicy"] == DATA_PROTECTION
    replaced = json.dumps({"Name": "other", "Version": "2021-06-01", "Statement": []})
    sns.put_data_protection_policy(ResourceArn=topic_arn, DataProtectionPolicy=replaced)
    assert sns.get_data_protection_policy(ResourceArn=topic_arn)["DataProtectionPolicy"] == replaced
    assert "DataProtectionPolicy" not in topic_attributes(sns, topic_arn)


@pytest.mark.parametrize(
    ("policy", "detail"),
    [
        # (unconfirmed wording) snsfake only checks it is a JSON object of at most 30,720 characters
        ("not json", "DataProtectionPolicy Reason: failed to parse JSON"),
        ("[]", "DataProtectionPolicy Reason: must be a JSON object"),
        ("", "DataProtectionPolicy Reason: no value for required parameter"),
        (
            '{"Name":"' + "x" * 30_720 + '"}',
            "DataProtectionPolicy Reason: must be at most 30720 characters long",
        ),
    ],
)
def test_put_data_protection_policy_rejects_invalid_documents(
    sns: Any, topic_arn: str, policy: str, detail: str
) -> None:
    assert_aws_error(
        sns,
        "PutDataProtectionPolicy",
        {"ResourceArn": topic_arn, "DataProtectionPolicy": policy},
        "InvalidParameter",
        f"Invalid parameter: {detail}",
    )
    assert "DataProtectionPolicy" not in sns.get_data_protection_policy(ResourceArn=topic_arn)


def test_create_topic_rejects_an_invalid_data_protection_policy(sns: Any) -> None:
    assert_aws_error(
        sns,
        "CreateTopic",
        {"Name": "orders", "DataProtectionPolicy": "not json"},
        "InvalidParameter",
        "Invalid parameter: DataProtectionPolicy Reason: failed to parse JSON",
    )
    assert sns.list_topics()["Topics"] == []


# =========================================================================== failed calls change nothing
FAILING_CALLS = [
    ("CreateTopic", {"Name": "new", "Attributes": {"DisplayName": "x", "Unknown": "y"}}),
    (
        "CreateTopic",
        {"Name": "new", "Attributes": {"DisplayName": "x"}, "Tags": [{"Key": "a", "Value": "1"}] * 2},
    ),
    ("CreateTopic", {"Name": "new", "Tags": [{"Key": f"k{i}", "Value": "v"} for i in range(51)]}),
    ("CreateTopic", {"Name": "new", "DataProtectionPolicy": "nope"}),
    ("CreateTopic", {"Name": "orders", "Attributes": {"DisplayName": "changed"}}),
    ("CreateTopic", {"Name": "orders", "Tags": [{"Key": "team", "Value": "changed"}]}),
    ("SetTopicAttributes", {"TopicArn": ARN, "AttributeName": "DeliveryPolicy", "AttributeValue": "{"}),
    ("SetTopicAttributes", {"TopicArn": ARN, "AttributeName": "Policy", "AttributeValue": ""}),
    ("SetTopicAttributes", {"TopicArn": ARN, "AttributeName": "Owner", "AttributeValue": OTHER_ACCOUNT}),
    ("AddPermission", {"TopicArn": ARN, "Label": "x", "AWSAccountId": ["bad"], "ActionName": ["Publish"]}),
    (
        "AddPermission",
        {"TopicArn": ARN, "Label": "x", "AWSAccountId": [OTHER_ACCOUNT], "ActionName": ["Nope"]},
    ),
    (
        "TagResource",
        {"ResourceArn": ARN, "Tags": [{"Key": "new", "Value": "1"}, {"Key": "new", "Value": "2"}]},
    ),
    (
        "TagResource",
        {"ResourceArn": ARN, "Tags": [{"Key": "new", "Value": "1"}, {"Key": "k" * 129, "Value": "2"}]},
    ),
    ("PutDataProtectionPolicy", {"ResourceArn": ARN, "DataProtectionPolicy": "[]"}),
    ("DeleteTopic", {"TopicArn": f"arn:aws:sns:eu-west-1:{ACCOUNT}:orders"}),
]


@pytest.mark.parametrize(
    ("operation", "kwargs"), FAILING_CALLS, ids=[f"{op}-{i}" for i, (op, _) in enumerate(FAILING_CALLS)]
)
def test_a_failed_call_changes_no_state(sns: Any, operation: str, kwargs: dict[str, Any]) -> None:
    sns.create_topic(
        Name="orders",
        Attributes={
            "DisplayName": "Orders",
            "DeliveryPolicy": '{"http":{"defaultHealthyRetryPolicy":{"numRetries":4}}}',
        },
        Tags=[{"Key": "team", "Value": "billing"}],
        DataProtectionPolicy=DATA_PROTECTION,
    )
    sns.subscribe(TopicArn=ARN, Protocol="sqs", Endpoint=f"arn:aws:sqs:{REGION}:{ACCOUNT}:q")
    sns.add_permission(TopicArn=ARN, Label="p", AWSAccountId=[OTHER_ACCOUNT], ActionName=["Publish"])
    before = topics_snapshot(sns)
    call_error(sns, operation, **kwargs)
    assert topics_snapshot(sns) == before


# =========================================================================== response shapes
def test_response_shapes_match_the_botocore_model(sns: Any) -> None:
    for i in range(101):
        sns.create_topic(Name=f"t{i}")
    first_page = sns.list_topics()
    calls: list[tuple[str, dict[str, Any], set[str]]] = [
        ("CreateTopic", {"Name": "orders", "Tags": [{"Key": "k", "Value": "v"}]}, {"TopicArn"}),
        ("GetTopicAttributes", {"TopicArn": ARN}, {"Attributes"}),
        (
            "SetTopicAttributes",
            {"TopicArn": ARN, "AttributeName": "DisplayName", "AttributeValue": "x"},
            set(),
        ),
        ("ListTopics", {}, {"Topics", "NextToken"}),
        ("ListTopics", {"NextToken": first_page["NextToken"]}, {"Topics"}),
        (
            "AddPermission",
            {"TopicArn": ARN, "Label": "p", "AWSAccountId": [OTHER_ACCOUNT], "ActionName": ["Publish"]},
            set(),
        ),
        ("RemovePermission", {"TopicArn": ARN, "Label": "p"}, set()),
        ("TagResource", {"ResourceArn": ARN, "Tags": [{"Key": "k2", "Value": "v"}]}, set()),
        ("ListTagsForResource", {"ResourceArn": ARN}, {"Tags"}),
        ("UntagResource", {"ResourceArn": ARN, "TagKeys": ["k2"]}, set()),
        ("GetDataProtectionPolicy", {"ResourceArn": ARN}, set()),
        ("PutDataProtectionPolicy", {"ResourceArn": ARN, "DataProtectionPolicy": DATA_PROTECTION}, set()),
        ("GetDataProtectionPolicy", {"ResourceArn": ARN}, {"DataProtectionPolicy"}),
        ("DeleteTopic", {"TopicArn": ARN}, set()),
    ]
    check_answers(sns, calls)
