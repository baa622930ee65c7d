"""Mobile push through boto3: platform applications (create, attributes, delete, list), where
applications and endpoints belong, the fake's helpers for them, and application events. (Endpoints:
test_platform_endpoints.py; pushes: test_mobile_push.py.)"""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_errors import fails, validation_error
from conftest import ACCOUNT, make_client
from sns_helpers import (
    ADM,
    APNS_CERT,
    APNS_TOKEN,
    APP_PREFIX,
    GCM_KEY,
    GCM_SERVICE_JSON,
    endpoint_count,
    make_app,
    make_endpoint,
)

from snsfake import SnsFake


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
    with validation_error("attributes"):
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
    for call, params in [
        (sns.get_platform_application_attributes, {}),
        (sns.set_platform_application_attributes, {"Attributes": {}}),
        (sns.delete_platform_application, {}),
        (sns.list_endpoints_by_platform_application, {}),
        (sns.create_platform_endpoint, {"Token": "t"}),
    ]:
        with fails(sns.exceptions.InvalidParameterException, "InvalidParameter", message):
            call(PlatformApplicationArn=arn, **params)


def test_missing_application_is_not_found(sns: Any) -> None:
    arn = f"{APP_PREFIX}/GCM/missing"
    for call, params in [
        (sns.get_platform_application_attributes, {}),
        (sns.set_platform_application_attributes, {"Attributes": {"PlatformPrincipal": "x"}}),
        (sns.list_endpoints_by_platform_application, {}),
        (sns.create_platform_endpoint, {"Token": "t"}),
    ]:
        with fails(sns.exceptions.NotFoundException, "NotFound", "PlatformApplication does not exist"):
            call(PlatformApplicationArn=arn, **params)


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
    with validation_error("attributes"):
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
