"""Mobile push through boto3: platform endpoints (create, attributes, delete, list) and
subscriptions with Protocol=application."""

from __future__ import annotations

from typing import Any

import pytest
from aws_errors import fails, validation_error
from conftest import ACCOUNT
from sns_helpers import (
    ADM,
    APP_PREFIX,
    endpoint_count,
    make_app,
    make_endpoint,
)

from snsfake import SnsFake


# --------------------------------------------------------------------------- CreatePlatformEndpoint
def test_create_endpoint_arn_and_attributes(sns: Any) -> None:
    app = make_app(sns, "GCM", "android")
    arn = make_endpoint(sns, app, "reg-id", CustomUserData="user-7")
    prefix = f"arn:aws:sns:us-east-1:{ACCOUNT}:endpoint/GCM/android/"
    assert arn.startswith(prefix) and len(arn) == len(prefix) + 36
    assert sns.get_endpoint_attributes(EndpointArn=arn)["Attributes"] == {
        "Enabled": "true",
        "Token": "reg-id",
        "CustomUserData": "user-7",
    }


def test_custom_user_data_attribute_beats_parameter(sns: Any) -> None:
    app = make_app(sns)
    arn = make_endpoint(sns, app, CustomUserData="param", Attributes={"CustomUserData": "attribute"})
    assert sns.get_endpoint_attributes(EndpointArn=arn)["Attributes"]["CustomUserData"] == "attribute"


def test_create_endpoint_disabled_from_the_start(sns: Any) -> None:
    app = make_app(sns)
    arn = make_endpoint(sns, app, Attributes={"Enabled": "False"})
    assert sns.get_endpoint_attributes(EndpointArn=arn)["Attributes"] == {
        "Enabled": "false",
        "Token": "token-1",
    }


def test_create_endpoint_is_idempotent_on_token(sns: Any) -> None:
    app = make_app(sns)
    first = make_endpoint(sns, app, "tok", CustomUserData="u")
    assert make_endpoint(sns, app, "tok", CustomUserData="u") == first
    assert make_endpoint(sns, app, "tok", Attributes={"CustomUserData": "u", "Enabled": "true"}) == first
    assert endpoint_count(sns, app) == 1
    # Another application may hold the same token.
    assert make_endpoint(sns, make_app(sns, "ADM", "kindle"), "tok") != first


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"CustomUserData": "other"}, {"CustomUserData": "u", "Attributes": {"Enabled": "false"}}],
)
def test_create_endpoint_same_token_different_attributes(sns: Any, kwargs: dict[str, Any]) -> None:
    app = make_app(sns)
    first = make_endpoint(sns, app, "tok", CustomUserData="u")
    with fails(
        sns.exceptions.InvalidParameterException,
        "InvalidParameter",
        f"Invalid parameter: Token Reason: Endpoint {first} already exists with the same Token, but different "
        "attributes.",
    ):
        make_endpoint(sns, app, "tok", **kwargs)
    assert endpoint_count(sns, app) == 1


def test_create_endpoint_after_sns_disabled_it_is_a_conflict(sns: Any, sns_fake: SnsFake) -> None:
    app = make_app(sns)
    first = make_endpoint(sns, app, "tok")
    sns_fake.reject_token(first)
    with fails(
        sns.exceptions.InvalidParameterException,
        "InvalidParameter",
        f"Invalid parameter: Token Reason: Endpoint {first} already exists with the same Token, but different "
        "attributes.",
    ):
        make_endpoint(sns, app, "tok")


def test_apns_tokens_are_lower_cased(sns: Any) -> None:
    app = make_app(sns, "APNS", "ios")
    arn = make_endpoint(sns, app, "ABCDEF0123")
    assert sns.get_endpoint_attributes(EndpointArn=arn)["Attributes"]["Token"] == "abcdef0123"
    assert make_endpoint(sns, app, "abcdef0123") == arn
    gcm = make_app(sns, "GCM", "android")
    assert (
        sns.get_endpoint_attributes(EndpointArn=make_endpoint(sns, gcm, "MiXeD"))["Attributes"]["Token"]
        == "MiXeD"
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"Token": ""}, "Invalid parameter: Token Reason: cannot be empty"),
        (
            {"Attributes": {"Token": ""}},
            "Invalid parameter: Attributes Reason: Invalid value for attribute: Token: cannot be empty",
        ),
        (
            {"Attributes": {"PlatformPrincipal": "x"}},
            "Invalid parameter: Attributes Reason: Invalid attribute name: PlatformPrincipal",
        ),
        (
            {"Attributes": {"PlatformCredential": "x"}},
            "Invalid parameter: Attributes Reason: Invalid attribute name: PlatformCredential",
        ),
        (
            {"Attributes": {"InvalidKey": "x"}},
            "Invalid parameter: Attributes Reason: Invalid attribute name: InvalidKey",
        ),
        (
            {"Attributes": {"ChannelId": "x"}},
            "Invalid parameter: Attributes Reason: Invalid attribute name: ChannelId",
        ),
        (
            {"Attributes": {"CustomUserData": "€" * 683}},
            (
                "Invalid parameter: Attributes Reason: Invalid value for attribute: CustomUserData: must be at most 2048 "
                "bytes long in UTF-8 encoding"
            ),
        ),
        (
            {"CustomUserData": "x" * 2049},
            (
                "Invalid parameter: Attributes Reason: Invalid value for attribute: CustomUserData: must be at most 2048 "
                "bytes long in UTF-8 encoding"
            ),
        ),
        (
            {"Attributes": {"Enabled": "maybe"}},
            "Invalid parameter: Attributes Reason: Invalid value for attribute: Enabled: must be true or false",
        ),
    ],
)
def test_create_endpoint_errors_change_nothing(sns: Any, kwargs: dict[str, Any], message: str) -> None:
    app = make_app(sns)
    call = {"PlatformApplicationArn": app, "Token": "tok", **kwargs}
    with fails(sns.exceptions.InvalidParameterException, "InvalidParameter", message):
        sns.create_platform_endpoint(**call)
    assert endpoint_count(sns, app) == 0


def test_custom_user_data_of_2048_bytes_is_fine(sns: Any) -> None:
    app = make_app(sns)
    arn = make_endpoint(sns, app, CustomUserData="€" * 682 + "xx")
    assert len(sns.get_endpoint_attributes(EndpointArn=arn)["Attributes"]["CustomUserData"].encode()) == 2048


def test_baidu_endpoints_take_channel_and_user_ids(sns: Any) -> None:
    app = make_app(sns, "BAIDU", "cn", **ADM)
    arn = make_endpoint(sns, app, "channel-1", Attributes={"ChannelId": "channel-1", "UserId": "user-1"})
    assert sns.get_endpoint_attributes(EndpointArn=arn)["Attributes"] == {
        "Enabled": "true",
        "Token": "channel-1",
        "ChannelId": "channel-1",
        "UserId": "user-1",
    }


# --------------------------------------------------------------------------- endpoints: get/set/delete/list
@pytest.mark.parametrize(
    ("arn", "message"),
    [
        ("not-an-arn", "Invalid parameter: EndpointArn Reason: An ARN must have at least 6 elements, not 1"),
        (
            f"arn:aws:sns:us-east-1:{ACCOUNT}:endpoint/GCM/app",
            "Invalid parameter: EndpointArn Reason: Wrong number of slashes in relative portion of the ARN.",
        ),
        (
            f"{APP_PREFIX}/GCM/app",
            "Invalid parameter: EndpointArn Reason: Wrong number of slashes in relative portion of the ARN.",
        ),
        (
            f"arn:aws:sns:us-east-1:{ACCOUNT}:endpoint/GCM/app/id/extra",
            "Invalid parameter: EndpointArn Reason: Wrong number of slashes in relative portion of the ARN.",
        ),
    ],
)
def test_malformed_endpoint_arns(sns: Any, arn: str, message: str) -> None:
    for call, params in [
        (sns.get_endpoint_attributes, {}),
        (sns.set_endpoint_attributes, {"Attributes": {"Enabled": "false"}}),
        (sns.delete_endpoint, {}),
    ]:
        with fails(sns.exceptions.InvalidParameterException, "InvalidParameter", message):
            call(EndpointArn=arn, **params)


def test_missing_endpoint(sns: Any) -> None:
    arn = f"arn:aws:sns:us-east-1:{ACCOUNT}:endpoint/GCM/app/2a1c4a8e-1a52-4a4c-9d0c-3f1d3f0d1e57"
    with fails(sns.exceptions.NotFoundException, "NotFound", "Endpoint does not exist"):
        sns.get_endpoint_attributes(EndpointArn=arn)
    with fails(sns.exceptions.NotFoundException, "NotFound", "Endpoint does not exist"):
        sns.set_endpoint_attributes(EndpointArn=arn, Attributes={"Enabled": "false"})
    sns.delete_endpoint(EndpointArn=arn)


def test_set_endpoint_attributes_merges(sns: Any) -> None:
    app = make_app(sns)
    arn = make_endpoint(sns, app, "tok", CustomUserData="u")
    sns.set_endpoint_attributes(EndpointArn=arn, Attributes={"Enabled": "false"})
    assert sns.get_endpoint_attributes(EndpointArn=arn)["Attributes"] == {
        "Enabled": "false",
        "Token": "tok",
        "CustomUserData": "u",
    }
    sns.set_endpoint_attributes(EndpointArn=arn, Attributes={"Enabled": "true", "CustomUserData": ""})
    assert sns.get_endpoint_attributes(EndpointArn=arn)["Attributes"] == {"Enabled": "true", "Token": "tok"}


def test_set_endpoint_token_moves_the_token_index(sns: Any) -> None:
    app = make_app(sns, "APNS", "ios")
    arn = make_endpoint(sns, app, "aaaa")
    sns.set_endpoint_attributes(EndpointArn=arn, Attributes={"Token": "BBBB"})
    assert sns.get_endpoint_attributes(EndpointArn=arn)["Attributes"]["Token"] == "bbbb"
    assert make_endpoint(sns, app, "bbbb") == arn
    fresh = make_endpoint(sns, app, "aaaa")
    assert fresh != arn
    assert endpoint_count(sns, app) == 2
    # Deleting frees the token: creating it again makes a new endpoint.
    sns.delete_endpoint(EndpointArn=arn)
    again = make_endpoint(sns, app, "bbbb")
    assert again not in (arn, fresh)


def test_set_endpoint_attributes_errors_change_nothing(sns: Any) -> None:
    app = make_app(sns)
    arn = make_endpoint(sns, app, "tok")
    invalid = sns.exceptions.InvalidParameterException
    with validation_error("attributes"):
        sns.set_endpoint_attributes(EndpointArn=arn, Attributes={})
    with fails(
        invalid,
        "InvalidParameter",
        "Invalid parameter: Attributes Reason: Invalid attribute name: InvalidKey",
    ):
        sns.set_endpoint_attributes(EndpointArn=arn, Attributes={"Enabled": "false", "InvalidKey": "x"})
    with fails(
        invalid,
        "InvalidParameter",
        "Invalid parameter: Attributes Reason: Invalid value for attribute: Token: cannot be empty",
    ):
        sns.set_endpoint_attributes(EndpointArn=arn, Attributes={"Token": ""})
    with fails(
        invalid,
        "InvalidParameter",
        "Invalid parameter: Attributes Reason: Invalid value for attribute: CustomUserData: must be at most "
        "2048 bytes long in UTF-8 encoding",
    ):
        sns.set_endpoint_attributes(EndpointArn=arn, Attributes={"CustomUserData": "x" * 2049})
    assert sns.get_endpoint_attributes(EndpointArn=arn)["Attributes"] == {"Enabled": "true", "Token": "tok"}


def test_delete_endpoint_is_idempotent_and_keeps_subscriptions(sns: Any) -> None:
    topic = sns.create_topic(Name="news")["TopicArn"]
    app = make_app(sns)
    arn = make_endpoint(sns, app)
    subscription = sns.subscribe(TopicArn=topic, Protocol="application", Endpoint=arn)["SubscriptionArn"]
    sns.delete_endpoint(EndpointArn=arn)
    sns.delete_endpoint(EndpointArn=arn)
    with fails(sns.exceptions.NotFoundException, "NotFound", "Endpoint does not exist"):
        sns.get_endpoint_attributes(EndpointArn=arn)
    assert endpoint_count(sns, app) == 0
    listed = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    assert [(item["SubscriptionArn"], item["Endpoint"]) for item in listed] == [(subscription, arn)]


def test_list_endpoints_pages_150_endpoints(sns: Any) -> None:
    app = make_app(sns)
    created = [make_endpoint(sns, app, f"token-{index:03}") for index in range(150)]
    first = sns.list_endpoints_by_platform_application(PlatformApplicationArn=app)
    assert len(first["Endpoints"]) == 100
    assert first["Endpoints"][0] == {
        "EndpointArn": created[0],
        "Attributes": {"Enabled": "true", "Token": "token-000"},
    }
    second = sns.list_endpoints_by_platform_application(
        PlatformApplicationArn=app, NextToken=first["NextToken"]
    )
    assert len(second["Endpoints"]) == 50
    assert "NextToken" not in second
    listed = [item["EndpointArn"] for item in first["Endpoints"] + second["Endpoints"]]
    assert listed == created
    paginated = [
        item["EndpointArn"]
        for page in sns.get_paginator("list_endpoints_by_platform_application").paginate(
            PlatformApplicationArn=app
        )
        for item in page["Endpoints"]
    ]
    assert paginated == created


def test_list_endpoints_of_empty_application(sns: Any) -> None:
    app = make_app(sns)
    assert sns.list_endpoints_by_platform_application(PlatformApplicationArn=app)["Endpoints"] == []


# --------------------------------------------------------------------------- Subscribe Protocol=application
def test_subscribe_application_needs_an_existing_endpoint(sns: Any) -> None:
    topic = sns.create_topic(Name="news")["TopicArn"]
    missing = f"arn:aws:sns:us-east-1:{ACCOUNT}:endpoint/GCM/app/2a1c4a8e-1a52-4a4c-9d0c-3f1d3f0d1e57"
    invalid = sns.exceptions.InvalidParameterException
    with fails(
        invalid,
        "InvalidParameter",
        f"Invalid parameter: Endpoint Reason: Endpoint does not exist for endpoint arn{missing}",
    ):
        sns.subscribe(TopicArn=topic, Protocol="application", Endpoint=missing)
    with fails(
        invalid, "InvalidParameter", "Invalid parameter: Application endpoint arn invalid:invalid arn"
    ):
        sns.subscribe(TopicArn=topic, Protocol="application", Endpoint="invalid arn")
    assert sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"] == []
