"""Topic access policies across accounts, through boto3.

A client whose 12-digit access key names another account may act on a topic only
where the topic's Policy allows it. The owner account always may. Denials are
AWS's ``AuthorizationError`` (403) with the verified message
``User: {principal} is not authorized to perform: SNS:{Action} on resource: {arn}
because no resource-based policy allows the SNS:{Action} action``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError
from conftest import REGION, make_client
from freezegun import freeze_time

import snsfake

OWNER = "111111111111"
OTHER = "222222222222"
THIRD = "333333333333"
ARN = f"arn:aws:sns:{REGION}:{OWNER}:orders"
OWNER_QUEUE = f"arn:aws:sqs:{REGION}:{OWNER}:billing"
OTHER_QUEUE = f"arn:aws:sqs:{REGION}:{OTHER}:audit"
ORG = "o-a1b2c3d4e5"


def root(account: str) -> str:
    return f"arn:aws:iam::{account}:root"


def denial(account: str, action: str, arn: str = ARN) -> str:
    return (
        f"User: {root(account)} is not authorized to perform: SNS:{action} on resource: {arn} "
        f"because no resource-based policy allows the SNS:{action} action"
    )


def explicit_denial(account: str, action: str, arn: str = ARN) -> str:
    # (by analogy) IAM's explicit-deny form, as real S3 answers it, with SNS's unquoted resource
    return (
        f"User: {root(account)} is not authorized to perform: SNS:{action} on resource: {arn} "
        "with an explicit deny in a resource-based policy"
    )


def assert_error(call: Callable[[], Any], code: str, message: str, status: int = 403) -> None:
    __tracebackhide__ = True
    with pytest.raises(ClientError) as info:
        call()
    response = info.value.response
    assert response["Error"]["Code"] == code
    assert response["Error"]["Message"] == message
    assert response["ResponseMetadata"]["HTTPStatusCode"] == status


def assert_denied(call: Callable[[], Any], account: str, action: str, arn: str = ARN) -> None:
    __tracebackhide__ = True
    assert_error(call, "AuthorizationError", denial(account, action, arn))


def assert_publish(other: Any, allowed: bool) -> None:
    """The other account's Publish to ARN goes through, or is denied as AWS denies it."""
    __tracebackhide__ = True
    if allowed:
        other.publish(TopicArn=ARN, Message="x")
    else:
        assert_denied(lambda: other.publish(TopicArn=ARN, Message="x"), OTHER, "Publish")


@pytest.fixture
def owner(sns_fake: snsfake.SnsFake) -> Any:
    client = make_client(access_key=OWNER)
    assert client.create_topic(Name="orders")["TopicArn"] == ARN
    return client


@pytest.fixture
def other(sns_fake: snsfake.SnsFake) -> Any:
    return make_client(access_key=OTHER)


def set_policy(owner: Any, *statements: dict[str, Any]) -> None:
    owner.set_topic_attributes(
        TopicArn=ARN,
        AttributeName="Policy",
        AttributeValue=json.dumps({"Version": "2012-10-17", "Statement": list(statements)}),
    )


def allow(
    principal: Any = "*", action: Any = "SNS:Publish", resource: Any = ARN, **extra: Any
) -> dict[str, Any]:
    return {"Effect": "Allow", "Principal": principal, "Action": action, "Resource": resource, **extra}


def view(owner: Any) -> dict[str, Any]:
    """Everything the owner can observe about the topic."""
    return {
        "topics": owner.list_topics()["Topics"],
        "attributes": owner.get_topic_attributes(TopicArn=ARN)["Attributes"],
        "subscriptions": owner.list_subscriptions_by_topic(TopicArn=ARN)["Subscriptions"],
        "tags": owner.list_tags_for_resource(ResourceArn=ARN)["Tags"],
        "data_protection": owner.get_data_protection_policy(ResourceArn=ARN).get("DataProtectionPolicy"),
    }


DATA_PROTECTION = json.dumps(
    {
        "Name": "p",
        "Version": "2021-06-01",
        "Statement": [
            {
                "DataDirection": "Inbound",
                "Principal": ["*"],
                "DataIdentifier": ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"],
                "Operation": {"Deny": {}},
            }
        ],
    }
)

# Every topic-scoped call: (SNS action in the policy, boto3 method, its arguments on ARN).
TOPIC_CALLS: list[tuple[str, str, dict[str, Any]]] = [
    ("Publish", "publish", {"TopicArn": ARN, "Message": "hi"}),
    (
        "Publish",
        "publish_batch",
        {"TopicArn": ARN, "PublishBatchRequestEntries": [{"Id": "1", "Message": "hi"}]},
    ),
    ("Subscribe", "subscribe", {"TopicArn": ARN, "Protocol": "sqs", "Endpoint": OTHER_QUEUE}),
    ("GetTopicAttributes", "get_topic_attributes", {"TopicArn": ARN}),
    (
        "SetTopicAttributes",
        "set_topic_attributes",
        {"TopicArn": ARN, "AttributeName": "DisplayName", "AttributeValue": "x"},
    ),
    (
        "AddPermission",
        "add_permission",
        {"TopicArn": ARN, "Label": "x", "AWSAccountId": [OTHER], "ActionName": ["Publish"]},
    ),
    ("RemovePermission", "remove_permission", {"TopicArn": ARN, "Label": "__default_statement_ID"}),
    ("DeleteTopic", "delete_topic", {"TopicArn": ARN}),
    ("ListSubscriptionsByTopic", "list_subscriptions_by_topic", {"TopicArn": ARN}),
    ("GetDataProtectionPolicy", "get_data_protection_policy", {"ResourceArn": ARN}),
    (
        "PutDataProtectionPolicy",
        "put_data_protection_policy",
        {"ResourceArn": ARN, "DataProtectionPolicy": DATA_PROTECTION},
    ),
    ("TagResource", "tag_resource", {"ResourceArn": ARN, "Tags": [{"Key": "k", "Value": "v"}]}),
    ("UntagResource", "untag_resource", {"ResourceArn": ARN, "TagKeys": ["team"]}),
    ("ListTagsForResource", "list_tags_for_resource", {"ResourceArn": ARN}),
]
IDS = [f"{method}" for _, method, _ in TOPIC_CALLS]


# =========================================================================== the default policy
@pytest.mark.parametrize(("action", "method", "params"), TOPIC_CALLS, ids=IDS)
def test_the_default_policy_refuses_another_account_and_changes_nothing(
    sns_fake: snsfake.SnsFake, owner: Any, other: Any, action: str, method: str, params: dict[str, Any]
) -> None:
    owner.tag_resource(ResourceArn=ARN, Tags=[{"Key": "team", "Value": "a"}])
    owner.subscribe(TopicArn=ARN, Protocol="sqs", Endpoint=OWNER_QUEUE)
    before = view(owner)
    assert_denied(lambda: getattr(other, method)(**params), OTHER, action)
    assert view(owner) == before
    assert len(sns_fake.published) == 0
    assert len(sns_fake.deliveries) == 0


@pytest.mark.parametrize(("action", "method", "params"), TOPIC_CALLS, ids=IDS)
def test_the_owner_account_is_always_allowed(
    owner: Any, action: str, method: str, params: dict[str, Any]
) -> None:
    # Even once the topic policy names no one at all.
    owner.remove_permission(TopicArn=ARN, Label="__default_statement_ID")
    if method == "subscribe":
        params = {**params, "Endpoint": OWNER_QUEUE}
    if method == "remove_permission":
        params = {**params, "Label": "missing"}
    getattr(owner, method)(**params)


def test_the_owner_is_allowed_even_where_the_policy_denies_everyone(
    sns_fake: snsfake.SnsFake, owner: Any
) -> None:
    # snsfake has no IAM identity policies: the owner account's principals may do everything.
    set_policy(owner, {"Effect": "Deny", "Principal": "*", "Action": "sns:*", "Resource": "*"})
    owner.publish(TopicArn=ARN, Message="still mine")
    assert sns_fake.published.last.message == "still mine"


def test_another_accounts_missing_topic_is_an_authorization_error_not_not_found(
    owner: Any, other: Any
) -> None:
    # Real AWS answers a Publish to any account's (even non-existent) topic with AuthorizationError.
    missing = f"arn:aws:sns:{REGION}:{OWNER}:aaa"
    nowhere = f"arn:aws:sns:{REGION}:{THIRD}:aaa"
    for arn in (missing, nowhere):
        assert_denied(lambda arn=arn: other.publish(TopicArn=arn, Message="x"), OTHER, "Publish", arn)
        assert_denied(
            lambda arn=arn: other.get_topic_attributes(TopicArn=arn), OTHER, "GetTopicAttributes", arn
        )
        assert_denied(lambda arn=arn: other.delete_topic(TopicArn=arn), OTHER, "DeleteTopic", arn)
        assert_denied(
            lambda arn=arn: other.tag_resource(ResourceArn=arn, Tags=[{"Key": "k", "Value": "v"}]),
            OTHER,
            "TagResource",
            arn,
        )


def test_the_shape_and_region_of_the_arn_are_checked_before_the_policy(owner: Any, other: Any) -> None:
    assert_error(
        lambda: other.publish(TopicArn=f"arn:aws:sns:{REGION}:{OWNER}", Message="x"),
        "InvalidParameter",
        "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 5",
        400,
    )
    assert_error(
        lambda: other.get_topic_attributes(TopicArn=f"arn:aws:sns:eu-west-1:{OWNER}:orders"),
        "InvalidParameter",
        "Invalid parameter: TopicArn",
        400,
    )


def test_another_account_is_refused_before_its_message_is_validated(owner: Any, other: Any) -> None:
    assert_denied(lambda: other.publish(TopicArn=ARN, Message="x", Subject="s" * 101), OTHER, "Publish")


# =========================================================================== AddPermission / RemovePermission
def test_add_permission_lets_another_account_publish(
    sns_fake: snsfake.SnsFake, owner: Any, other: Any
) -> None:
    owner.subscribe(TopicArn=ARN, Protocol="sqs", Endpoint=OWNER_QUEUE)
    owner.add_permission(TopicArn=ARN, Label="partners", AWSAccountId=[OTHER], ActionName=["Publish"])
    message_id = other.publish(TopicArn=ARN, Message="from a partner")["MessageId"]
    published = sns_fake.published.one(message_id=message_id)
    assert (published.account, published.topic_arn) == (OTHER, ARN)
    assert sns_fake.deliveries.one(endpoint=OWNER_QUEUE).message == "from a partner"
    other.publish_batch(TopicArn=ARN, PublishBatchRequestEntries=[{"Id": "a", "Message": "batched"}])
    # Only the granted action.
    assert_denied(
        lambda: other.subscribe(TopicArn=ARN, Protocol="sqs", Endpoint=OTHER_QUEUE), OTHER, "Subscribe"
    )
    assert_denied(lambda: other.get_topic_attributes(TopicArn=ARN), OTHER, "GetTopicAttributes")
    # Only the granted account.
    third = make_client(access_key=THIRD)
    assert_denied(lambda: third.publish(TopicArn=ARN, Message="x"), THIRD, "Publish")


def test_remove_permission_revokes(owner: Any, other: Any) -> None:
    owner.add_permission(
        TopicArn=ARN, Label="partners", AWSAccountId=[OTHER], ActionName=["Publish", "Subscribe"]
    )
    other.publish(TopicArn=ARN, Message="allowed")
    owner.remove_permission(TopicArn=ARN, Label="partners")
    assert_denied(lambda: other.publish(TopicArn=ARN, Message="x"), OTHER, "Publish")


def test_a_granted_account_may_edit_the_policy_itself(owner: Any, other: Any) -> None:
    owner.add_permission(
        TopicArn=ARN, Label="admins", AWSAccountId=[OTHER], ActionName=["AddPermission", "RemovePermission"]
    )
    other.add_permission(TopicArn=ARN, Label="third", AWSAccountId=[THIRD], ActionName=["Publish"])
    make_client(access_key=THIRD).publish(TopicArn=ARN, Message="via other")
    other.remove_permission(TopicArn=ARN, Label="third")
    assert_denied(lambda: make_client(access_key=THIRD).publish(TopicArn=ARN, Message="x"), THIRD, "Publish")


def test_every_topic_action_can_be_granted(owner: Any, other: Any) -> None:
    actions = sorted(
        {action for action, _, _ in TOPIC_CALLS} - {"TagResource", "UntagResource", "ListTagsForResource"}
    )
    set_policy(owner, allow(principal={"AWS": root(OTHER)}, action=[f"SNS:{action}" for action in actions]))
    set_policy_calls = [item for item in TOPIC_CALLS if item[0] in actions and item[1] != "delete_topic"]
    for _, method, params in set_policy_calls:
        if method == "remove_permission":
            params = {**params, "Label": "missing"}
        getattr(other, method)(**params)
    other.delete_topic(TopicArn=ARN)
    assert owner.list_topics()["Topics"] == []


def test_tagging_actions_can_be_granted(owner: Any, other: Any) -> None:
    set_policy(owner, allow(principal={"AWS": OTHER}, action=["sns:TagResource", "sns:ListTagsForResource"]))
    other.tag_resource(ResourceArn=ARN, Tags=[{"Key": "k", "Value": "v"}])
    assert other.list_tags_for_resource(ResourceArn=ARN)["Tags"] == [{"Key": "k", "Value": "v"}]
    assert_denied(lambda: other.untag_resource(ResourceArn=ARN, TagKeys=["k"]), OTHER, "UntagResource")


# =========================================================================== statements
@pytest.mark.parametrize(
    "principal",
    [
        "*",
        {"AWS": "*"},
        {"AWS": OTHER},
        {"AWS": root(OTHER)},
        {"AWS": [root(THIRD), root(OTHER)]},
        {"AWS": [THIRD, OTHER]},
    ],
    ids=["star", "aws-star", "account-id", "root-arn", "list-of-arns", "list-of-ids"],
)
def test_principals_that_name_the_caller(owner: Any, other: Any, principal: Any) -> None:
    set_policy(owner, allow(principal=principal))
    other.publish(TopicArn=ARN, Message="x")


@pytest.mark.parametrize(
    "principal",
    [
        {"AWS": THIRD},
        {"AWS": root(THIRD)},
        {"AWS": f"arn:aws:iam::{OTHER}:user/someone-else"},
        {"Service": "s3.amazonaws.com"},
        {"Service": ["events.amazonaws.com", "s3.amazonaws.com"]},
    ],
    ids=["other-account-id", "other-root", "another-user", "service", "services"],
)
def test_principals_that_do_not_name_the_caller(owner: Any, other: Any, principal: Any) -> None:
    set_policy(owner, allow(principal=principal))
    assert_denied(lambda: other.publish(TopicArn=ARN, Message="x"), OTHER, "Publish")


def test_not_principal(owner: Any, other: Any) -> None:
    set_policy(
        owner, {"Effect": "Allow", "NotPrincipal": {"AWS": THIRD}, "Action": "SNS:Publish", "Resource": ARN}
    )
    other.publish(TopicArn=ARN, Message="x")
    assert_denied(lambda: make_client(access_key=THIRD).publish(TopicArn=ARN, Message="x"), THIRD, "Publish")


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        ("SNS:Publish", True),
        ("sns:publish", True),
        ("sns:*", True),
        ("*", True),
        ("sns:Pub*", True),
        ("sns:Publis?", True),
        (["SNS:Subscribe", "sns:Publish"], True),
        ("SNS:Subscribe", False),
        (["SNS:Subscribe", "SNS:GetTopicAttributes"], False),
    ],
)
def test_actions(owner: Any, other: Any, action: Any, allowed: bool) -> None:
    set_policy(owner, allow(action=action))
    assert_publish(other, allowed)


def test_not_action(owner: Any, other: Any) -> None:
    set_policy(owner, {"Effect": "Allow", "Principal": "*", "NotAction": ["sns:Subscribe"], "Resource": ARN})
    other.publish(TopicArn=ARN, Message="x")
    other.get_topic_attributes(TopicArn=ARN)
    assert_denied(
        lambda: other.subscribe(TopicArn=ARN, Protocol="sqs", Endpoint=OTHER_QUEUE), OTHER, "Subscribe"
    )


@pytest.mark.parametrize(
    ("resource", "allowed"),
    [
        (ARN, True),
        ("*", True),
        (f"arn:aws:sns:{REGION}:{OWNER}:*", True),
        (f"arn:aws:sns:*:{OWNER}:ord?rs", True),
        ([f"arn:aws:sns:{REGION}:{OWNER}:other", ARN], True),
        (f"arn:aws:sns:{REGION}:{OWNER}:other", False),
        (f"arn:aws:sns:{REGION}:{OWNER}:ORDERS", False),  # ARNs compare case-sensitively
    ],
)
def test_resources(owner: Any, other: Any, resource: Any, allowed: bool) -> None:
    set_policy(owner, allow(resource=resource))
    assert_publish(other, allowed)


def test_an_explicit_deny_wins(sns_fake: snsfake.SnsFake, owner: Any, other: Any) -> None:
    set_policy(
        owner,
        allow(action="sns:*"),
        {"Effect": "Deny", "Principal": {"AWS": OTHER}, "Action": "SNS:Publish", "Resource": ARN},
    )
    assert_error(
        lambda: other.publish(TopicArn=ARN, Message="x"),
        "AuthorizationError",
        explicit_denial(OTHER, "Publish"),
    )
    other.get_topic_attributes(TopicArn=ARN)  # the Allow still grants the rest
    make_client(access_key=THIRD).publish(TopicArn=ARN, Message="third")
    assert [item.account for item in sns_fake.published] == [THIRD]


def test_statements_without_principal_or_with_other_effects_grant_nothing(owner: Any, other: Any) -> None:
    set_policy(
        owner,
        {"Effect": "Allow", "Action": "SNS:Publish", "Resource": ARN},
        {"Effect": "Maybe", "Principal": "*", "Action": "SNS:Publish", "Resource": ARN},
        {"Effect": "Allow", "Principal": "*", "Action": "SNS:Publish"},
    )
    assert_denied(lambda: other.publish(TopicArn=ARN, Message="x"), OTHER, "Publish")


def test_a_single_statement_object_is_read_like_a_list(owner: Any, other: Any) -> None:
    owner.set_topic_attributes(
        TopicArn=ARN, AttributeName="Policy", AttributeValue=json.dumps({"Statement": allow()})
    )
    other.publish(TopicArn=ARN, Message="x")


def test_set_topic_attributes_policy_replaces_grants(owner: Any, other: Any) -> None:
    owner.add_permission(TopicArn=ARN, Label="partners", AWSAccountId=[OTHER], ActionName=["Publish"])
    set_policy(owner, allow(principal={"AWS": THIRD}))
    assert_denied(lambda: other.publish(TopicArn=ARN, Message="x"), OTHER, "Publish")


# =========================================================================== conditions
@pytest.mark.parametrize(
    ("condition", "allowed"),
    [
        # The default statement's condition: the caller's account is the source owner.
        ({"StringEquals": {"AWS:SourceOwner": OTHER}}, True),
        ({"StringEquals": {"AWS:SourceOwner": OWNER}}, False),
        ({"StringEquals": {"aws:sourceowner": [THIRD, OTHER]}}, True),
        ({"StringEquals": {"aws:SourceAccount": OTHER}}, True),
        ({"StringEquals": {"aws:PrincipalAccount": OTHER}}, True),
        ({"StringEquals": {"aws:PrincipalAccount": THIRD}}, False),
        ({"StringLike": {"aws:PrincipalArn": f"arn:aws:iam::{OTHER}:*"}}, True),
        ({"StringLike": {"aws:SourceAccount": "2222*"}}, True),
        ({"StringNotEquals": {"aws:SourceAccount": THIRD}}, True),
        ({"StringNotEquals": {"aws:SourceAccount": OTHER}}, False),
        ({"StringEqualsIgnoreCase": {"aws:PrincipalArn": root(OTHER).upper()}}, True),
        # A user's call has no aws:SourceArn: positive operators fail, IfExists and negated ones hold.
        ({"ArnLike": {"aws:SourceArn": "arn:aws:s3:::*"}}, False),
        ({"ArnEquals": {"aws:SourceArn": "arn:aws:s3:::bucket"}}, False),
        ({"ArnLikeIfExists": {"aws:SourceArn": "arn:aws:s3:::*"}}, True),
        ({"StringEqualsIfExists": {"aws:SourceAccount": OTHER}}, True),
        ({"StringEqualsIfExists": {"aws:SourceAccount": THIRD}}, False),
        ({"ArnNotLike": {"aws:SourceArn": "arn:aws:s3:::*"}}, True),
        # Keys snsfake does not know are absent from the request.
        ({"StringEquals": {"aws:SourceVpce": "vpce-1"}}, False),
        ({"StringEquals": {"aws:PrincipalOrgID": ORG}}, False),  # no organization_id on the fake
        # Every operator and every key must hold.
        ({"StringEquals": {"aws:SourceAccount": OTHER, "aws:PrincipalAccount": THIRD}}, False),
        ({"StringEquals": {"aws:SourceAccount": OTHER}, "ArnLike": {"aws:SourceArn": "*"}}, False),
        # Operators snsfake does not evaluate never grant.
        ({"NumericEquals": {"aws:SourceAccount": OTHER}}, False),
        ({"ForAnyValue:StringEquals": {"aws:SourceAccount": OTHER}}, False),
    ],
)
def test_conditions(owner: Any, other: Any, condition: dict[str, Any], allowed: bool) -> None:
    set_policy(owner, allow(Condition=condition))
    assert_publish(other, allowed)


@pytest.mark.sns_fake(organization_id=ORG)
def test_principal_org_id_is_the_fakes_organization(owner: Any, other: Any) -> None:
    set_policy(owner, allow(Condition={"StringEquals": {"aws:PrincipalOrgID": ORG}}))
    other.publish(TopicArn=ARN, Message="x")
    set_policy(owner, allow(Condition={"StringEquals": {"aws:PrincipalOrgID": "o-zzzzzzzzzz"}}))
    assert_denied(lambda: other.publish(TopicArn=ARN, Message="x"), OTHER, "Publish")


def test_organization_id_must_look_like_one() -> None:
    with pytest.raises(
        ValueError, match=r"^snsfake: organization_id must look like 'o-a1b2c3d4e5', got 'acme'$"
    ):
        snsfake.mock_sns(organization_id="acme")


def test_a_conditional_deny(owner: Any, other: Any) -> None:
    set_policy(
        owner,
        allow(),
        {
            "Effect": "Deny",
            "Principal": "*",
            "Action": "SNS:Publish",
            "Resource": ARN,
            "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": ORG}},
        },
    )
    assert_error(
        lambda: other.publish(TopicArn=ARN, Message="x"),
        "AuthorizationError",
        explicit_denial(OTHER, "Publish"),
    )


# =========================================================================== cross-account Subscribe
def test_cross_account_subscribe_where_the_policy_allows(
    sns_fake: snsfake.SnsFake, owner: Any, other: Any
) -> None:
    owner.add_permission(TopicArn=ARN, Label="subscribers", AWSAccountId=[OTHER], ActionName=["Subscribe"])
    arn = other.subscribe(TopicArn=ARN, Protocol="sqs", Endpoint=OTHER_QUEUE)["SubscriptionArn"]
    assert arn.startswith(f"{ARN}:")
    attributes = other.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert attributes["Owner"] == OTHER
    assert attributes["SubscriptionPrincipal"] == root(OTHER)
    assert attributes["PendingConfirmation"] == "false"  # the subscriber owns the queue
    listed = owner.list_subscriptions_by_topic(TopicArn=ARN)["Subscriptions"]
    assert listed == [
        {"SubscriptionArn": arn, "Owner": OTHER, "Protocol": "sqs", "Endpoint": OTHER_QUEUE, "TopicArn": ARN}
    ]
    owner.publish(TopicArn=ARN, Message="fan out")
    assert sns_fake.deliveries.one(endpoint=OTHER_QUEUE).message == "fan out"


def test_subscribe_conditions_on_protocol_and_endpoint(owner: Any, other: Any) -> None:
    set_policy(
        owner,
        allow(
            action="SNS:Subscribe",
            Condition={
                "StringEquals": {"sns:Protocol": "sqs"},
                "ArnLike": {"sns:Endpoint": f"arn:aws:sqs:*:{OTHER}:*"},
            },
        ),
    )
    other.subscribe(TopicArn=ARN, Protocol="sqs", Endpoint=OTHER_QUEUE)
    assert_denied(
        lambda: other.subscribe(TopicArn=ARN, Protocol="sqs", Endpoint=f"arn:aws:sqs:{REGION}:{THIRD}:q"),
        OTHER,
        "Subscribe",
    )
    assert_denied(
        lambda: other.subscribe(TopicArn=ARN, Protocol="email", Endpoint="ops@example.com"),
        OTHER,
        "Subscribe",
    )


# =========================================================================== failed calls change nothing
def test_refused_calls_change_nothing(sns_fake: snsfake.SnsFake, owner: Any, other: Any) -> None:
    owner.add_permission(
        TopicArn=ARN, Label="readers", AWSAccountId=[OTHER], ActionName=["GetTopicAttributes"]
    )
    owner.subscribe(TopicArn=ARN, Protocol="sqs", Endpoint=OWNER_QUEUE)
    before = view(owner)
    calls = len(sns_fake.calls)
    for action, method, params in TOPIC_CALLS:
        if action != "GetTopicAttributes":
            assert_denied(
                lambda method=method, params=params: getattr(other, method)(**params), OTHER, action
            )
    refused = sns_fake.calls[calls:]
    assert view(owner) == before
    assert (len(sns_fake.published), len(sns_fake.deliveries), len(sns_fake.skipped)) == (0, 0, 0)
    assert {call.error_code for call in refused} == {"AuthorizationError"}
    assert {call.account for call in refused} == {OTHER}


def test_list_subscriptions_lists_the_callers_own_subscriptions(owner: Any, other: Any) -> None:
    owner.add_permission(TopicArn=ARN, Label="audit", AWSAccountId=[OTHER], ActionName=["Subscribe"])
    own = owner.subscribe(TopicArn=ARN, Protocol="sqs", Endpoint=OWNER_QUEUE)["SubscriptionArn"]
    foreign = other.subscribe(TopicArn=ARN, Protocol="sqs", Endpoint=OTHER_QUEUE)["SubscriptionArn"]

    listed = other.list_subscriptions()["Subscriptions"]
    assert [(s["SubscriptionArn"], s["Owner"], s["TopicArn"]) for s in listed] == [(foreign, OTHER, ARN)]
    assert [s["SubscriptionArn"] for s in owner.list_subscriptions()["Subscriptions"]] == [own]
    # The topic's own listing shows both.
    by_topic = owner.list_subscriptions_by_topic(TopicArn=ARN)["Subscriptions"]
    assert {s["SubscriptionArn"] for s in by_topic} == {own, foreign}

    other.unsubscribe(SubscriptionArn=foreign)
    assert other.list_subscriptions()["Subscriptions"] == []
    owner.subscribe(TopicArn=ARN, Protocol="sqs", Endpoint=OTHER_QUEUE)
    owner.delete_topic(TopicArn=ARN)
    assert owner.list_subscriptions()["Subscriptions"] == []


def test_list_subscriptions_drops_expired_pending_subscriptions_on_other_accounts_topics(
    owner: Any, other: Any
) -> None:
    owner.add_permission(TopicArn=ARN, Label="hooks", AWSAccountId=[OTHER], ActionName=["Subscribe"])
    with freeze_time("2026-03-01T00:00:00Z") as clock:
        other.subscribe(TopicArn=ARN, Protocol="https", Endpoint="https://example.com/hook")
        assert [s["SubscriptionArn"] for s in other.list_subscriptions()["Subscriptions"]] == [
            "PendingConfirmation"
        ]
        clock.tick(49 * 3600)
        assert other.list_subscriptions()["Subscriptions"] == []
