"""Mobile push through boto3: platform applications, endpoints, and pushes to them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from botocore.exceptions import ClientError
from conftest import make_client

from snsfake import SnsFake

ACCOUNT = "123456789012"
APP_PREFIX = f"arn:aws:sns:us-east-1:{ACCOUNT}:app"
ADM = {"PlatformPrincipal": "amzn1.application-oa2-client.1", "PlatformCredential": "secret"}
GCM_KEY = {"PlatformCredential": "AIzaSy-legacy-key"}
GCM_SERVICE_JSON = {"PlatformCredential": json.dumps({"type": "service_account", "project_id": "demo"})}
APNS_CERT = {
    "PlatformPrincipal": "-----BEGIN CERTIFICATE-----",
    "PlatformCredential": "-----BEGIN PRIVATE KEY-----",
}
APNS_TOKEN = {
    "PlatformPrincipal": "ABC123DEFG",
    "PlatformCredential": "-----BEGIN PRIVATE KEY-----",
    "ApplePlatformTeamID": "TEAM123456",
    "ApplePlatformBundleID": "com.example.app",
}
CREDENTIALS = {"GCM": GCM_KEY, "APNS": APNS_CERT, "ADM": ADM}


@contextmanager
def fails(exception: type[Exception], code: str, message: str) -> Iterator[None]:
    """The call raises ``exception`` with exactly this code and message."""
    with pytest.raises(exception) as info:
        yield
    error = info.value.response["Error"]  # type: ignore[attr-defined]
    assert (error["Code"], error["Message"]) == (code, message)


def make_app(sns: Any, platform: str = "GCM", name: str = "app", **attributes: str) -> str:
    attributes = attributes or dict(CREDENTIALS.get(platform, ADM))
    return str(
        sns.create_platform_application(Name=name, Platform=platform, Attributes=attributes)[
            "PlatformApplicationArn"
        ]
    )


def make_endpoint(sns: Any, app: str, token: str = "token-1", **kwargs: Any) -> str:
    return str(sns.create_platform_endpoint(PlatformApplicationArn=app, Token=token, **kwargs)["EndpointArn"])


def endpoint_count(sns: Any, app: str) -> int:
    return len(sns.list_endpoints_by_platform_application(PlatformApplicationArn=app)["Endpoints"])


# --------------------------------------------------------------------------- CreatePlatformApplication
def test_create_application_returns_arn_and_hides_credentials(sns: Any) -> None:
    arn = make_app(sns, "ADM", "shop")
    assert arn == f"{APP_PREFIX}/ADM/shop"
    assert sns.get_platform_application_attributes(PlatformApplicationArn=arn)["Attributes"] == {
        "Enabled": "true"
    }


@pytest.mark.parametrize(
    "platform",
    [
        "ADM",
        "APNS",
        "APNS_SANDBOX",
        "APNS_VOIP",
        "APNS_VOIP_SANDBOX",
        "MACOS",
        "MACOS_SANDBOX",
        "BAIDU",
        "GCM",
        "MPNS",
        "WNS",
    ],
)
def test_every_supported_platform_is_accepted(sns: Any, platform: str) -> None:
    attributes = GCM_KEY if platform == "GCM" else ADM
    arn = make_app(sns, platform, "app", **attributes)
    assert arn == f"{APP_PREFIX}/{platform}/app"


@pytest.mark.parametrize(
    ("platform", "attributes", "method"),
    [
        ("GCM", GCM_KEY, "Key"),
        ("GCM", GCM_SERVICE_JSON, "Token"),
        ("APNS", APNS_CERT, "Certificate"),
        ("APNS_SANDBOX", APNS_TOKEN, "Token"),
    ],
)
def test_authentication_method_is_reported_for_apns_and_gcm(
    sns: Any, platform: str, attributes: dict[str, str], method: str
) -> None:
    arn = make_app(sns, platform, "app", **attributes)
    shown = sns.get_platform_application_attributes(PlatformApplicationArn=arn)["Attributes"]
    assert shown["AuthenticationMethod"] == method
    assert "PlatformCredential" not in shown and "PlatformPrincipal" not in shown
    if method == "Token" and platform == "APNS_SANDBOX":
        assert shown["ApplePlatformTeamID"] == "TEAM123456"
        assert shown["ApplePlatformBundleID"] == "com.example.app"


@pytest.mark.parametrize(
    ("name", "platform", "message"),
    [
        ("", "GCM", "Invalid parameter:  Reason: cannot be empty"),
        ("a" * 257, "GCM", f"Invalid parameter: {'a' * 257} Reason: must be at most 256 characters long"),
        (
            "@name",
            "GCM",
            (
                "Invalid parameter: @name Reason: must contain only characters 'a'-'z', 'A'-'Z', "
                "'0'-'9', '_', '-', and '.'"
            ),
        ),
        ("app", "AAA", "Invalid parameter: Platform Reason: AAA is not supported"),
        ("app", "FCM", "Invalid parameter: Platform Reason: FCM is not supported"),
    ],
)
def test_create_application_rejects_bad_name_or_platform(
    sns: Any, name: str, platform: str, message: str
) -> None:
    with fails(sns.exceptions.InvalidParameterException, "InvalidParameter", message):
        sns.create_platform_application(Name=name, Platform=platform, Attributes=GCM_KEY)
    assert sns.list_platform_applications()["PlatformApplications"] == []


def test_create_application_name_of_256_allowed_characters_is_fine(sns: Any) -> None:
    name = ("Ab0_-." * 43)[:256]
    assert make_app(sns, "GCM", name).endswith(f"/GCM/{name}")


def test_create_application_with_empty_attributes_is_a_null_member(sns: Any) -> None:
    with fails(
        ClientError,
        "ValidationError",
        "1 validation error detected: Value null at 'attributes' failed to satisfy constraint: Member must not be null",
    ):
        sns.create_platform_application(Name="app", Platform="GCM", Attributes={})


@pytest.mark.parametrize(
    ("platform", "attributes", "message"),
    [
        (
            "ADM",
            {"PlatformPrincipal": "id"},
            "Invalid parameter: Attributes Reason: PlatformPrincipal attribute provided without PlatformCredential",
        ),
        (
            "GCM",
            {"PlatformPrincipal": "id"},
            "Invalid parameter: Attributes Reason: PlatformPrincipal attribute provided without PlatformCredential",
        ),
        (
            "ADM",
            {"PlatformCredential": "secret"},
            "Invalid parameter: Attributes Reason: PlatformCredential attribute provided without PlatformPrincipal",
        ),
        (
            "APNS",
            {"PlatformCredential": "key"},
            "Invalid parameter: Attributes Reason: PlatformCredential attribute provided without PlatformPrincipal",
        ),
        (
            "GCM",
            {"SuccessFeedbackSampleRate": "10"},
            "Invalid parameter: Attributes Reason: Platform credentials are invalid",
        ),
        (
            "GCM",
            {"PlatformCredential": ""},
            "Invalid parameter: Attributes Reason: Platform credentials are invalid",
        ),
        (
            "GCM",
            {**GCM_KEY, "Unknown": "x"},
            "Invalid parameter: Attributes Reason: Invalid attribute name: Unknown",
        ),
        (
            "GCM",
            {**GCM_KEY, "Enabled": "true"},
            "Invalid parameter: Attributes Reason: Invalid attribute name: Enabled",
        ),
        (
            "GCM",
            {**GCM_KEY, "SuccessFeedbackSampleRate": "101"},
            (
                "Invalid parameter: Attributes Reason: Invalid value for attribute: SuccessFeedbackSampleRate: 101 value "
                "provided is not an integer between 0-100"
            ),
        ),
        (
            "GCM",
            {**GCM_KEY, "SuccessFeedbackSampleRate": "ten"},
            (
                "Invalid parameter: Attributes Reason: Invalid value for attribute: SuccessFeedbackSampleRate: ten value "
                "provided is not an integer between 0-100"
            ),
        ),
    ],
)
def test_create_application_attribute_errors(
    sns: Any, platform: str, attributes: dict[str, str], message: str
) -> None:
    with fails(sns.exceptions.InvalidParameterException, "InvalidParameter", message):
        sns.create_platform_application(Name="app", Platform=platform, Attributes=attributes)
    assert sns.list_platform_applications()["PlatformApplications"] == []


def test_gcm_needs_no_principal(sns: Any) -> None:
    assert make_app(sns, "GCM", "android", **GCM_KEY) == f"{APP_PREFIX}/GCM/android"


def test_create_application_is_idempotent_on_same_properties(sns: Any) -> None:
    attributes = {**GCM_KEY, "SuccessFeedbackSampleRate": "50"}
    first = make_app(sns, "GCM", "app", **attributes)
    assert make_app(sns, "GCM", "app", **attributes) == first
    assert make_app(sns, "GCM", "app", **GCM_KEY) == first
    assert len(sns.list_platform_applications()["PlatformApplications"]) == 1


@pytest.mark.parametrize(
    "changed",
    [
        {"PlatformCredential": "other-key"},
        {**GCM_KEY, "EventEndpointCreated": f"arn:aws:sns:us-east-1:{ACCOUNT}:t"},
    ],
)
def test_create_application_with_different_properties_fails(sns: Any, changed: dict[str, str]) -> None:
    arn = make_app(sns, "GCM", "app")
    with fails(
        sns.exceptions.InvalidParameterException,
        "InvalidParameter",
        "Invalid parameter: Name Reason: An application with the same name but different properties already exists",
    ):
        sns.create_platform_application(Name="app", Platform="GCM", Attributes=changed)
    assert sns.get_platform_application_attributes(PlatformApplicationArn=arn)["Attributes"] == {
        "Enabled": "true",
        "AuthenticationMethod": "Key",
    }


def test_same_name_on_another_platform_is_another_application(sns: Any) -> None:
    assert make_app(sns, "GCM", "app") != make_app(sns, "ADM", "app")


# --------------------------------------------------------------------------- Get/Set/Delete/List applications
@pytest.mark.parametrize(
    ("arn", "message"),
    [
        (
            "randomstring",
            "Invalid parameter: PlatformApplicationArn Reason: An ARN must have at least 6 elements, not 1",
        ),
        (
            "a:b:c:d:e",
            "Invalid parameter: PlatformApplicationArn Reason: An ARN must have at least 6 elements, not 5",
        ),
        (
            f"arn:aws:sns:us-east-1:{ACCOUNT}:app/GCM",
            "Invalid parameter: PlatformApplicationArn Reason: Wrong number of slashes in relative portion of the ARN.",
        ),
        (
            f"arn:aws:sns:us-east-1:{ACCOUNT}:endpoint/GCM/app/0b3f",
            "Invalid parameter: PlatformApplicationArn Reason: Wrong number of slashes in relative portion of the ARN.",
        ),
    ],
)
def test_malformed_application_arns(sns: Any, arn: str, message: str) -> None:
    invalid = sns.exceptions.InvalidParameterException
    with fails(invalid, "InvalidParameter", message):
        sns.get_platform_application_attributes(PlatformApplicationArn=arn)
    with fails(invalid, "InvalidParameter", message):
        sns.set_platform_application_attributes(PlatformApplicationArn=arn, Attributes={})
    with fails(invalid, "InvalidParameter", message):
        sns.delete_platform_application(PlatformApplicationArn=arn)
    with fails(invalid, "InvalidParameter", message):
        sns.list_endpoints_by_platform_application(PlatformApplicationArn=arn)
    with fails(invalid, "InvalidParameter", message):
        sns.create_platform_endpoint(PlatformApplicationArn=arn, Token="t")


def test_missing_application_is_not_found(sns: Any) -> None:
    arn = f"{APP_PREFIX}/GCM/missing"
    not_found = sns.exceptions.NotFoundException
    with fails(not_found, "NotFound", "PlatformApplication does not exist"):
        sns.get_platform_application_attributes(PlatformApplicationArn=arn)
    with fails(not_found, "NotFound", "PlatformApplication does not exist"):
        sns.set_platform_application_attributes(
            PlatformApplicationArn=arn, Attributes={"PlatformPrincipal": "x"}
        )
    with fails(not_found, "NotFound", "PlatformApplication does not exist"):
        sns.list_endpoints_by_platform_application(PlatformApplicationArn=arn)
    with fails(not_found, "NotFound", "PlatformApplication does not exist"):
        sns.create_platform_endpoint(PlatformApplicationArn=arn, Token="t")


def test_set_application_attributes_merges(sns: Any) -> None:
    arn = make_app(sns, "ADM", "app")
    topic = f"arn:aws:sns:us-east-1:{ACCOUNT}:events"
    sns.set_platform_application_attributes(
        PlatformApplicationArn=arn, Attributes={"SuccessFeedbackSampleRate": "50"}
    )
    sns.set_platform_application_attributes(
        PlatformApplicationArn=arn, Attributes={"EventEndpointCreated": topic}
    )
    assert sns.get_platform_application_attributes(PlatformApplicationArn=arn)["Attributes"] == {
        "Enabled": "true",
        "SuccessFeedbackSampleRate": "50",
        "EventEndpointCreated": topic,
    }
    sns.set_platform_application_attributes(
        PlatformApplicationArn=arn, Attributes={"EventEndpointCreated": ""}
    )
    assert sns.get_platform_application_attributes(PlatformApplicationArn=arn)["Attributes"] == {
        "Enabled": "true",
        "SuccessFeedbackSampleRate": "50",
    }


def test_set_application_attributes_errors_change_nothing(sns: Any) -> None:
    arn = make_app(sns, "ADM", "app")
    invalid = sns.exceptions.InvalidParameterException
    with fails(
        ClientError,
        "ValidationError",
        "1 validation error detected: Value null at 'attributes' failed to satisfy constraint: "
        "Member must not be null",
    ):
        sns.set_platform_application_attributes(PlatformApplicationArn=arn, Attributes={})
    with fails(
        invalid,
        "InvalidParameter",
        "Invalid parameter: Attributes Reason: PlatformPrincipal attribute provided without PlatformCredential",
    ):
        sns.set_platform_application_attributes(
            PlatformApplicationArn=arn, Attributes={"PlatformPrincipal": "x"}
        )
    with fails(
        invalid,
        "InvalidParameter",
        "Invalid parameter: Attributes Reason: Invalid value for attribute: SuccessFeedbackSampleRate: 101 "
        "value provided is not an integer between 0-100",
    ):
        sns.set_platform_application_attributes(
            PlatformApplicationArn=arn,
            Attributes={"SuccessFeedbackRoleArn": "r", "SuccessFeedbackSampleRate": "101"},
        )
    with fails(
        invalid, "InvalidParameter", "Invalid parameter: Attributes Reason: Invalid attribute name: Enabled"
    ):
        sns.set_platform_application_attributes(PlatformApplicationArn=arn, Attributes={"Enabled": "false"})
    assert sns.get_platform_application_attributes(PlatformApplicationArn=arn)["Attributes"] == {
        "Enabled": "true"
    }


def test_set_application_attributes_rotates_credentials(sns: Any) -> None:
    arn = make_app(sns, "APNS", "ios", **APNS_CERT)
    sns.set_platform_application_attributes(PlatformApplicationArn=arn, Attributes=APNS_TOKEN)
    shown = sns.get_platform_application_attributes(PlatformApplicationArn=arn)["Attributes"]
    assert shown == {
        "Enabled": "true",
        "ApplePlatformTeamID": "TEAM123456",
        "ApplePlatformBundleID": "com.example.app",
        "AuthenticationMethod": "Token",
    }


def test_delete_application_is_idempotent_and_takes_its_endpoints(sns: Any) -> None:
    app = make_app(sns)
    endpoint = make_endpoint(sns, app)
    other_app = make_app(sns, "ADM", "other")
    other_endpoint = make_endpoint(sns, other_app)
    sns.delete_platform_application(PlatformApplicationArn=app)
    sns.delete_platform_application(PlatformApplicationArn=app)
    with fails(sns.exceptions.NotFoundException, "NotFound", "PlatformApplication does not exist"):
        sns.list_endpoints_by_platform_application(PlatformApplicationArn=app)
    with fails(sns.exceptions.NotFoundException, "NotFound", "Endpoint does not exist"):
        sns.get_endpoint_attributes(EndpointArn=endpoint)
    assert sns.get_endpoint_attributes(EndpointArn=other_endpoint)["Attributes"]["Enabled"] == "true"
    listed = sns.list_platform_applications()["PlatformApplications"]
    assert [item["PlatformApplicationArn"] for item in listed] == [other_app]
    # The name is free again.
    assert make_app(sns) == app
    assert endpoint_count(sns, app) == 0


def test_list_platform_applications_pages_by_100(sns: Any) -> None:
    created = [make_app(sns, "GCM", f"app-{index:03}") for index in range(101)]
    first = sns.list_platform_applications()
    assert len(first["PlatformApplications"]) == 100
    assert first["PlatformApplications"][0] == {
        "PlatformApplicationArn": created[0],
        "Attributes": {"Enabled": "true", "AuthenticationMethod": "Key"},
    }
    second = sns.list_platform_applications(NextToken=first["NextToken"])
    assert [item["PlatformApplicationArn"] for item in second["PlatformApplications"]] == created[100:]
    assert "NextToken" not in second


def test_list_platform_applications_with_foreign_token(sns: Any) -> None:
    with fails(sns.exceptions.InvalidParameterException, "InvalidParameter", "Invalid parameter: NextToken"):
        sns.list_platform_applications(NextToken="not-a-token")


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
    invalid = sns.exceptions.InvalidParameterException
    with fails(invalid, "InvalidParameter", message):
        sns.get_endpoint_attributes(EndpointArn=arn)
    with fails(invalid, "InvalidParameter", message):
        sns.set_endpoint_attributes(EndpointArn=arn, Attributes={"Enabled": "false"})
    with fails(invalid, "InvalidParameter", message):
        sns.delete_endpoint(EndpointArn=arn)


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
    with fails(
        ClientError,
        "ValidationError",
        "1 validation error detected: Value null at 'attributes' failed to satisfy constraint: "
        "Member must not be null",
    ):
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


# --------------------------------------------------------------------------- Publish to endpoints
@pytest.mark.parametrize(
    ("platform", "body"),
    [
        ("APNS", {"aps": {"alert": "Your order shipped"}}),
        ("APNS_SANDBOX", {"aps": {"alert": "Your order shipped"}}),
        ("MACOS", {"aps": {"alert": "Your order shipped"}}),
        ("GCM", {"data": {"default": "Your order shipped"}}),
        ("ADM", {"data": {"default": "Your order shipped"}}),
    ],
)
def test_plain_publish_is_wrapped_for_the_platform(
    sns: Any, sns_fake: SnsFake, platform: str, body: dict[str, Any]
) -> None:
    app = make_app(sns, platform, "app", **(GCM_KEY if platform == "GCM" else ADM))
    endpoint = make_endpoint(sns, app, "device")
    message_id = sns.publish(TargetArn=endpoint, Message="Your order shipped")["MessageId"]
    delivery = sns_fake.deliveries.one(protocol="application", endpoint=endpoint)
    assert delivery.json == body
    assert delivery.message == "Your order shipped"
    assert delivery.message_id == message_id
    assert delivery.topic_arn is None and delivery.subscription_arn is None
    assert delivery.extra["platform"] == platform
    assert delivery.extra["token"] == "device"
    assert sns_fake.published.last.target_arn == endpoint


def test_wns_and_baidu_get_the_text_unwrapped(sns: Any, sns_fake: SnsFake) -> None:
    app = make_app(sns, "WNS", "windows", **ADM)
    endpoint = make_endpoint(sns, app)
    sns.publish(TargetArn=endpoint, Message="hello")
    assert sns_fake.deliveries.last.body == "hello"


def test_json_publish_picks_the_platform_payload(sns: Any, sns_fake: SnsFake) -> None:
    apns = make_endpoint(sns, make_app(sns, "APNS", "ios"), "abcd")
    gcm = make_endpoint(sns, make_app(sns, "GCM", "android"), "reg")
    apns_payload = json.dumps({"aps": {"alert": {"title": "Hi", "body": "Shipped"}, "badge": 1}})
    gcm_payload = json.dumps(
        {"fcmV1Message": {"message": {"notification": {"title": "Hi", "body": "Shipped"}}}}
    )
    message = json.dumps({"default": "Shipped", "APNS": apns_payload, "GCM": gcm_payload})
    sns.publish(TargetArn=apns, Message=message, MessageStructure="json")
    sns.publish(TargetArn=gcm, Message=message, MessageStructure="json")
    assert sns_fake.deliveries.one(endpoint=apns).body == apns_payload
    assert sns_fake.deliveries.one(endpoint=apns).extra["push_type"] == "alert"
    assert sns_fake.deliveries.one(endpoint=gcm).body == gcm_payload
    assert sns_fake.deliveries.one(endpoint=gcm).extra["push_type"] is None


def test_json_publish_falls_back_to_default_and_wraps_it(sns: Any, sns_fake: SnsFake) -> None:
    endpoint = make_endpoint(sns, make_app(sns, "APNS", "ios"), "abcd")
    sns.publish(
        TargetArn=endpoint,
        MessageStructure="json",
        Message=json.dumps({"default": "Shipped", "GCM": '{"data":{}}'}),
    )
    assert sns_fake.deliveries.last.json == {"aps": {"alert": "Shipped"}}


def test_json_publish_to_endpoint_needs_no_default(sns: Any, sns_fake: SnsFake) -> None:
    endpoint = make_endpoint(sns, make_app(sns, "GCM", "android"), "reg")
    payload = json.dumps({"data": {"key": "value"}})
    sns.publish(TargetArn=endpoint, MessageStructure="json", Message=json.dumps({"GCM": payload}))
    assert sns_fake.deliveries.last.body == payload


def test_mobile_attributes_shape_the_push(sns: Any, sns_fake: SnsFake) -> None:
    endpoint = make_endpoint(sns, make_app(sns, "APNS", "ios"), "abcd")
    background = json.dumps({"APNS": json.dumps({"aps": {"content-available": 1}, "sync": True})})
    sns.publish(
        TargetArn=endpoint,
        Message=background,
        MessageStructure="json",
        MessageAttributes={
            "AWS.SNS.MOBILE.APNS.TTL": {"DataType": "String", "StringValue": "3600"},
            "AWS.SNS.MOBILE.APNS.PRIORITY": {"DataType": "String", "StringValue": "5"},
            "trace": {"DataType": "String", "StringValue": "t-1"},
        },
    )
    delivery = sns_fake.deliveries.last
    assert delivery.extra["push_type"] == "background"
    assert delivery.extra["ttl"] == 3600
    assert delivery.extra["priority"] == "5"
    assert set(delivery.message_attributes) == {"trace"}
    sns.publish(
        TargetArn=endpoint,
        Message="ping",
        MessageAttributes={"AWS.SNS.MOBILE.APNS.PUSH_TYPE": {"DataType": "String", "StringValue": "voip"}},
    )
    assert sns_fake.deliveries.last.extra["push_type"] == "voip"
    assert sns_fake.deliveries.last.extra["ttl"] is None


def test_fcm_ttl_attribute(sns: Any, sns_fake: SnsFake) -> None:
    endpoint = make_endpoint(sns, make_app(sns, "GCM", "android"), "reg")
    sns.publish(
        TargetArn=endpoint,
        Message="m",
        MessageAttributes={"AWS.SNS.MOBILE.FCM.TTL": {"DataType": "String", "StringValue": "60"}},
    )
    assert sns_fake.deliveries.last.extra["ttl"] == 60


def test_publish_to_a_disabled_endpoint(sns: Any, sns_fake: SnsFake) -> None:
    app = make_app(sns)
    endpoint = make_endpoint(sns, app, Attributes={"Enabled": "false"})
    with fails(sns.exceptions.EndpointDisabledException, "EndpointDisabled", "Endpoint is disabled"):
        sns.publish(TargetArn=endpoint, Message="msg")
    assert not sns_fake.deliveries and not sns_fake.published


def test_reject_token_disables_the_endpoint_until_set_back(sns: Any, sns_fake: SnsFake) -> None:
    app = make_app(sns)
    endpoint = make_endpoint(sns, app, "stale-token")
    sns_fake.reject_token(endpoint)
    assert sns.get_endpoint_attributes(EndpointArn=endpoint)["Attributes"] == {
        "Enabled": "false",
        "Token": "stale-token",
    }
    with fails(sns.exceptions.EndpointDisabledException, "EndpointDisabled", "Endpoint is disabled"):
        sns.publish(TargetArn=endpoint, Message="msg")
    sns.set_endpoint_attributes(EndpointArn=endpoint, Attributes={"Token": "fresh-token", "Enabled": "true"})
    sns.publish(TargetArn=endpoint, Message="msg")
    assert sns_fake.deliveries.one(endpoint=endpoint).extra["token"] == "fresh-token"


def test_disabled_platform_application(sns: Any, sns_fake: SnsFake) -> None:
    app = make_app(sns)
    endpoint = make_endpoint(sns, app)
    sns_fake.disable_platform_application(app)
    assert (
        sns.get_platform_application_attributes(PlatformApplicationArn=app)["Attributes"]["Enabled"]
        == "false"
    )
    with fails(
        sns.exceptions.PlatformApplicationDisabledException,
        "PlatformApplicationDisabled",
        "Platform application is disabled",
    ):
        sns.publish(TargetArn=endpoint, Message="msg")
    sns_fake.enable_platform_application(app)
    sns.publish(TargetArn=endpoint, Message="msg")
    assert len(sns_fake.deliveries) == 1


def test_new_credentials_enable_a_disabled_application(sns: Any, sns_fake: SnsFake) -> None:
    app = make_app(sns)
    sns_fake.disable_platform_application(app)
    sns.set_platform_application_attributes(
        PlatformApplicationArn=app, Attributes={"PlatformCredential": "new-key"}
    )
    assert (
        sns.get_platform_application_attributes(PlatformApplicationArn=app)["Attributes"]["Enabled"] == "true"
    )


def test_publish_to_missing_or_deleted_endpoint(sns: Any) -> None:
    app = make_app(sns)
    endpoint = make_endpoint(sns, app)
    sns.delete_endpoint(EndpointArn=endpoint)
    message = "Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified"
    with fails(sns.exceptions.InvalidParameterException, "InvalidParameter", message):
        sns.publish(TargetArn=endpoint, Message="msg")
    gone = make_endpoint(sns, app, "other")
    sns.delete_platform_application(PlatformApplicationArn=app)
    with fails(sns.exceptions.InvalidParameterException, "InvalidParameter", message):
        sns.publish(TargetArn=gone, Message="msg")


def test_topic_fan_out_to_endpoints(sns: Any, sns_fake: SnsFake) -> None:
    topic = sns.create_topic(Name="news")["TopicArn"]
    ios = make_endpoint(sns, make_app(sns, "APNS", "ios"), "abcd")
    android = make_endpoint(sns, make_app(sns, "GCM", "android"), "reg")
    for endpoint in (ios, android):
        sns.subscribe(TopicArn=topic, Protocol="application", Endpoint=endpoint)
    message = json.dumps({"default": "Hello", "GCM": json.dumps({"data": {"text": "Hello"}})})
    message_id = sns.publish(TopicArn=topic, Message=message, MessageStructure="json")["MessageId"]
    assert sns_fake.deliveries.one(endpoint=ios).json == {"aps": {"alert": "Hello"}}
    assert sns_fake.deliveries.one(endpoint=android).json == {"data": {"text": "Hello"}}
    assert sns_fake.deliveries.one(endpoint=android).topic_arn == topic
    assert sns_fake.deliveries.one(endpoint=android).subscription_arn is not None
    assert sns_fake.deliveries.one(endpoint=android).message_id == message_id


def test_topic_fan_out_skips_disabled_and_deleted_endpoints(sns: Any, sns_fake: SnsFake) -> None:
    topic = sns.create_topic(Name="news")["TopicArn"]
    app = make_app(sns)
    rejected = make_endpoint(sns, app, "rejected")
    deleted = make_endpoint(sns, app, "deleted")
    healthy = make_endpoint(sns, app, "healthy")
    subscriptions = {
        endpoint: sns.subscribe(TopicArn=topic, Protocol="application", Endpoint=endpoint)["SubscriptionArn"]
        for endpoint in (rejected, deleted, healthy)
    }
    sns_fake.reject_token(rejected)
    sns.delete_endpoint(EndpointArn=deleted)
    sns.publish(TopicArn=topic, Message="Hello")
    sns_fake.deliveries.assert_count(1)
    assert sns_fake.deliveries.one().endpoint == healthy
    for endpoint in (rejected, deleted):
        skipped = sns_fake.skipped.one(endpoint=endpoint)
        assert skipped.reason == "EndpointDisabled"
        assert skipped.subscription_arn == subscriptions[endpoint]
        assert skipped.topic_arn == topic


def test_topic_fan_out_skips_endpoints_of_a_disabled_application(sns: Any, sns_fake: SnsFake) -> None:
    topic = sns.create_topic(Name="news")["TopicArn"]
    app = make_app(sns)
    endpoint = make_endpoint(sns, app)
    sns.subscribe(TopicArn=topic, Protocol="application", Endpoint=endpoint)
    sns_fake.disable_platform_application(app)
    sns.publish(TopicArn=topic, Message="Hello")
    assert not sns_fake.deliveries
    assert sns_fake.skipped.one(endpoint=endpoint).reason == "PlatformApplicationDisabled"


# --------------------------------------------------------------------------- fake helpers
def test_helpers_explain_unknown_arns(sns_fake: SnsFake) -> None:
    with pytest.raises(ValueError, match=r"^snsfake: no platform endpoint 'arn:nope'"):
        sns_fake.reject_token("arn:nope")
    with pytest.raises(ValueError, match=r"^snsfake: no platform application 'arn:nope'"):
        sns_fake.disable_platform_application("arn:nope")


def test_publish_to_an_endpoint_of_another_region(sns: Any) -> None:
    west = make_client(region="us-west-2")
    app = make_app(west)
    endpoint = make_endpoint(west, app)
    assert endpoint.startswith(f"arn:aws:sns:us-west-2:{ACCOUNT}:endpoint/GCM/app/")
    with fails(sns.exceptions.InvalidParameterException, "InvalidParameter", "Invalid parameter: TargetArn"):
        sns.publish(TargetArn=endpoint, Message="msg")


def test_publish_json_to_endpoint_needs_default_or_platform_entry(sns: Any) -> None:
    app = sns.create_platform_application(
        Name="push", Platform="GCM", Attributes={"PlatformCredential": "key"}
    )["PlatformApplicationArn"]
    endpoint = sns.create_platform_endpoint(PlatformApplicationArn=app, Token="tok")["EndpointArn"]
    with pytest.raises(sns.exceptions.InvalidParameterException) as error:
        sns.publish(TargetArn=endpoint, MessageStructure="json", Message='{"APNS": "x"}')
    assert error.value.response["Error"]["Message"] == (
        "Invalid parameter: JSON must contain an entry for 'default' or 'GCM'."
    )


def test_disabled_endpoint_is_reported_before_the_message_is_parsed(sns: Any) -> None:
    app = sns.create_platform_application(
        Name="push2", Platform="GCM", Attributes={"PlatformCredential": "key"}
    )["PlatformApplicationArn"]
    endpoint = sns.create_platform_endpoint(
        PlatformApplicationArn=app, Token="tok2", Attributes={"Enabled": "false"}
    )["EndpointArn"]
    with pytest.raises(sns.exceptions.EndpointDisabledException, match=r"Endpoint is disabled$"):
        sns.publish(TargetArn=endpoint, MessageStructure="json", Message="msg")


# --------------------------------------------------------------------------- accounts and regions
@pytest.mark.parametrize(
    "other",
    [
        {"region": "us-west-2"},  # the same account in another region
        {"access_key": "111122223333"},  # another account in the same region
    ],
    ids=["other-region", "other-account"],
)
def test_applications_and_endpoints_belong_to_their_account_and_region(
    sns: Any, sns_fake: SnsFake, other: dict[str, str]
) -> None:
    app = make_app(sns)
    endpoint = make_endpoint(sns, app)
    stranger = make_client(**other)
    not_found = stranger.exceptions.NotFoundException
    with fails(not_found, "NotFound", "PlatformApplication does not exist"):
        stranger.get_platform_application_attributes(PlatformApplicationArn=app)
    with fails(not_found, "NotFound", "PlatformApplication does not exist"):
        stranger.set_platform_application_attributes(PlatformApplicationArn=app, Attributes={"Enabled": "false"})
    with fails(not_found, "NotFound", "PlatformApplication does not exist"):
        stranger.create_platform_endpoint(PlatformApplicationArn=app, Token="token-2")
    with fails(not_found, "NotFound", "PlatformApplication does not exist"):
        stranger.list_endpoints_by_platform_application(PlatformApplicationArn=app)
    with fails(not_found, "NotFound", "Endpoint does not exist"):
        stranger.get_endpoint_attributes(EndpointArn=endpoint)
    with fails(not_found, "NotFound", "Endpoint does not exist"):
        stranger.set_endpoint_attributes(EndpointArn=endpoint, Attributes={"Enabled": "false"})
    with pytest.raises(stranger.exceptions.InvalidParameterException):
        stranger.publish(TargetArn=endpoint, Message="not yours")
    # Deletes are idempotent: they answer, and the owner's resources stay.
    stranger.delete_endpoint(EndpointArn=endpoint)
    stranger.delete_platform_application(PlatformApplicationArn=app)

    assert sns.get_endpoint_attributes(EndpointArn=endpoint)["Attributes"]["Enabled"] == "true"
    assert sns.get_platform_application_attributes(PlatformApplicationArn=app)["Attributes"]["Enabled"] == "true"
    assert endpoint_count(sns, app) == 1
    assert len(sns_fake.deliveries.filter(protocol="application")) == 0


# --------------------------------------------------------------------------- application events
def test_endpoint_events_are_published_to_the_topics_the_application_names(sns: Any, sns_fake: SnsFake) -> None:
    events = sns.create_topic(Name="push-events")["TopicArn"]
    queue = f"arn:aws:sqs:us-east-1:{ACCOUNT}:push-events"
    sns.subscribe(TopicArn=events, Protocol="sqs", Endpoint=queue, Attributes={"RawMessageDelivery": "true"})
    app = make_app(
        sns,
        EventEndpointCreated=events,
        EventEndpointDeleted=events,
        EventEndpointUpdated=events,
        EventDeliveryFailure=events,
        **GCM_KEY,
    )
    endpoint = make_endpoint(sns, app)
    make_endpoint(sns, app)  # idempotent: no second event
    sns.set_endpoint_attributes(EndpointArn=endpoint, Attributes={"CustomUserData": "user-1"})
    sns.set_endpoint_attributes(EndpointArn=endpoint, Attributes={"CustomUserData": "user-1"})  # no change
    sns_fake.reject_token(endpoint)
    topic = sns.create_topic(Name="news")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="application", Endpoint=endpoint)
    message_id = sns.publish(TopicArn=topic, Message="hello")["MessageId"]
    sns.delete_endpoint(EndpointArn=endpoint)

    received = [d.json for d in sns_fake.deliveries.filter(endpoint=queue)]
    assert [event["EventType"] for event in received] == [
        "EndpointCreated",
        "EndpointUpdated",
        "EndpointUpdated",
        "DeliveryFailure",
        "EndpointDeleted",
    ]
    assert all(event["EndpointArn"] == endpoint and event["Resource"] == app for event in received)
    assert all(event["Service"] == "SNS" for event in received)
    assert list(received[0]) == ["EndpointArn", "EventType", "Resource", "Service", "Time"]
    failure = received[3]
    assert failure["FailureType"] == "EndpointDisabled"
    assert failure["FailureMessage"] == "Endpoint is disabled"
    assert failure["MessageId"] == message_id
    assert failure["DeliveryAttempts"] == 1


def test_no_event_topic_means_no_event(sns: Any, sns_fake: SnsFake) -> None:
    app = make_app(sns)
    endpoint = make_endpoint(sns, app)
    sns.delete_endpoint(EndpointArn=endpoint)
    assert len(sns_fake.published) == 0


def test_an_event_that_cannot_be_delivered_raises_no_further_event(sns: Any, sns_fake: SnsFake) -> None:
    events = sns.create_topic(Name="events")["TopicArn"]
    app = make_app(sns, EventDeliveryFailure=events, **GCM_KEY)
    endpoint = make_endpoint(sns, app)
    sns.subscribe(TopicArn=events, Protocol="application", Endpoint=endpoint)
    sns.set_endpoint_attributes(EndpointArn=endpoint, Attributes={"Enabled": "false"})

    message_id = sns.publish(TopicArn=events, Message="hello")["MessageId"]

    # The failed push publishes one DeliveryFailure event, whose own failed push publishes none.
    assert sns_fake.published[0].message_id == message_id
    assert len(sns_fake.published) == 2
    assert json.loads(sns_fake.published.last.message)["EventType"] == "DeliveryFailure"
    assert len(sns_fake.skipped.filter(reason="EndpointDisabled")) == 2


def test_events_go_only_to_topics_of_the_applications_account_and_region(sns: Any, sns_fake: SnsFake) -> None:
    elsewhere = make_client(region="eu-west-1").create_topic(Name="events")["TopicArn"]
    app = make_app(sns, EventEndpointCreated=elsewhere, **GCM_KEY)
    make_endpoint(sns, app)
    assert len(sns_fake.published) == 0
