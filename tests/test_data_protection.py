"""Message data protection through boto3: DataProtectionPolicy validation, and the
Audit, Deny and Deidentify operations on published (Inbound) and delivered
(Outbound) messages.

AWS facts (AWS SNS Developer Guide, "Data protection policy operations" and
"... examples"): an inbound Deny answers the publisher ``AuthorizationError`` (403);
an outbound Deny fails that subscription's delivery ("The topic's data protection
policy prohibits this message from being delivered to <subscription arn>");
MaskConfig turns ``ssn: 123-45-6789`` into ``ssn: ###########``; RedactConfig removes
the data. Texts marked "(unconfirmed)" are snsfake's wording.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError
from conftest import REGION, make_client

import snsfake
from snsfake.data_protection import INBOUND_DENIED

OWNER = "111111111111"
OTHER = "222222222222"
ARN = f"arn:aws:sns:{REGION}:{OWNER}:orders"
QUEUE = f"arn:aws:sqs:{REGION}:{OWNER}:billing"
OTHER_QUEUE = f"arn:aws:sqs:{REGION}:{OTHER}:audit"
CARD = "4539894458086459"  # Luhn-valid Visa number, not one of the issuers' public test numbers
CARD_TEXT = f"My credit card number is {CARD}"
EMAIL_TEXT = "Contact jane.doe@example.com about the order"


def identifier(name: str) -> str:
    return f"arn:aws:dataprotection::aws:data-identifier/{name}"


def statement(
    operation: dict[str, Any],
    *identifiers: str,
    direction: str = "Inbound",
    principal: list[str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "DataDirection": direction,
        "Principal": principal or ["*"],
        "DataIdentifier": [identifier(name) for name in identifiers] or [identifier("EmailAddress")],
        "Operation": operation,
        **extra,
    }


def policy(*statements: dict[str, Any], **top: Any) -> str:
    return json.dumps(
        {
            "Name": "protect",
            "Description": "test",
            "Version": "2021-06-01",
            "Statement": list(statements),
            **top,
        }
    )


DENY = {"Deny": {}}
MASK = {"Deidentify": {"MaskConfig": {"MaskWithCharacter": "#"}}}
REDACT = {"Deidentify": {"RedactConfig": {}}}
AUDIT = {
    "Audit": {
        "SampleRate": "99",
        "FindingsDestination": {"CloudWatchLogs": {"LogGroup": "/aws/vendedlogs/x"}},
    }
}


def assert_error(call: Callable[[], Any], code: str, message: str, status: int) -> None:
    __tracebackhide__ = True
    with pytest.raises(ClientError) as info:
        call()
    response = info.value.response
    assert (response["Error"]["Code"], response["Error"]["Message"]) == (code, message)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == status


def assert_invalid(call: Callable[[], Any], reason: str) -> None:
    __tracebackhide__ = True
    assert_error(call, "InvalidParameter", f"Invalid parameter: DataProtectionPolicy Reason: {reason}", 400)


@pytest.fixture
def sns(sns_fake: snsfake.SnsFake) -> Any:
    client = make_client(access_key=OWNER)
    assert client.create_topic(Name="orders")["TopicArn"] == ARN
    client.subscribe(TopicArn=ARN, Protocol="sqs", Endpoint=QUEUE)
    return client


def protect(sns: Any, *statements: dict[str, Any]) -> None:
    sns.put_data_protection_policy(ResourceArn=ARN, DataProtectionPolicy=policy(*statements))


# =========================================================================== validation
def test_data_direction_must_be_inbound_or_outbound(sns: Any) -> None:
    # AWS's text, as real SNS answers it: PutDataProtectionPolicy and CreateTopic answer the same.
    invalid = policy(statement(DENY, direction="Inbxound"))
    assert_invalid(
        lambda: sns.put_data_protection_policy(ResourceArn=ARN, DataProtectionPolicy=invalid),
        "Statement DataDirection must be either Inbound or Outbound",
    )
    assert_invalid(
        lambda: sns.create_topic(Name="other", DataProtectionPolicy=invalid),
        "Statement DataDirection must be either Inbound or Outbound",
    )
    assert [item["TopicArn"] for item in sns.list_topics()["Topics"]] == [ARN]


VALID = statement(DENY)


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        # (unconfirmed wording) the reasons below are snsfake's, in the form of AWS's verified one
        ({"Version": "2021-06-01", "Statement": [VALID]}, "Name must be a non-empty string"),
        ({"Name": "", "Version": "2021-06-01", "Statement": [VALID]}, "Name must be a non-empty string"),
        (
            {"Name": "p", "Description": 1, "Version": "2021-06-01", "Statement": [VALID]},
            "Description must be a string",
        ),
        ({"Name": "p", "Statement": [VALID]}, "Version must be 2021-06-01"),
        ({"Name": "p", "Version": "2012-10-17", "Statement": [VALID]}, "Version must be 2021-06-01"),
        ({"Name": "p", "Version": "2021-06-01"}, "Statement must be a list of statements"),
        (
            {"Name": "p", "Version": "2021-06-01", "Statement": VALID},
            "Statement must be a list of statements",
        ),
        (
            {"Name": "p", "Version": "2021-06-01", "Statement": ["x"]},
            "Statement must be a list of statements",
        ),
        (
            {"Name": "p", "Version": "2021-06-01", "Statement": [{**VALID, "Sid": 1}]},
            "Statement Sid must be a string",
        ),
        (
            {"Name": "p", "Version": "2021-06-01", "Statement": [{**VALID, "DataDirection": "inbound"}]},
            "Statement DataDirection must be either Inbound or Outbound",
        ),
        (
            {"Name": "p", "Version": "2021-06-01", "Statement": [{**VALID, "Principal": []}]},
            "Statement Principal must be a non-empty list of principals",
        ),
        (
            {"Name": "p", "Version": "2021-06-01", "Statement": [{**VALID, "DataIdentifier": []}]},
            "Statement DataIdentifier must be a non-empty list of data identifiers",
        ),
        (
            {
                "Name": "p",
                "Version": "2021-06-01",
                "Statement": [{**VALID, "DataIdentifier": [identifier("Email")]}],
            },
            f"Statement DataIdentifier {identifier('Email')} is not a supported data identifier",
        ),
        (
            {
                "Name": "p",
                "Version": "2021-06-01",
                "Statement": [{**VALID, "DataIdentifier": ["EmailAddress"]}],
            },
            "Statement DataIdentifier EmailAddress is not a supported data identifier",
        ),
        (
            {"Name": "p", "Version": "2021-06-01", "Statement": [{**VALID, "Operation": {}}]},
            "Statement Operation must have exactly one of Audit, Deidentify or Deny",
        ),
        (
            {
                "Name": "p",
                "Version": "2021-06-01",
                "Statement": [{**VALID, "Operation": {"Deny": {}, "Audit": {}}}],
            },
            "Statement Operation must have exactly one of Audit, Deidentify or Deny",
        ),
        (
            {"Name": "p", "Version": "2021-06-01", "Statement": [{**VALID, "Operation": {"Block": {}}}]},
            "Statement Operation must have exactly one of Audit, Deidentify or Deny",
        ),
        (
            {"Name": "p", "Version": "2021-06-01", "Statement": [{**VALID, "Operation": {"Deny": True}}]},
            "Statement Operation Deny must be an object",
        ),
        (
            {"Name": "p", "Version": "2021-06-01", "Statement": [{**VALID, "Operation": {"Deidentify": {}}}]},
            "Statement Operation Deidentify must have exactly one of MaskConfig or RedactConfig",
        ),
        (
            {
                "Name": "p",
                "Version": "2021-06-01",
                "Statement": [{**VALID, "Operation": {"Deidentify": {"MaskConfig": {}, "RedactConfig": {}}}}],
            },
            "Statement Operation Deidentify must have exactly one of MaskConfig or RedactConfig",
        ),
        (
            {
                "Name": "p",
                "Version": "2021-06-01",
                "Statement": [
                    {**VALID, "Operation": {"Deidentify": {"MaskConfig": {"MaskWithCharacter": "##"}}}}
                ],
            },
            "Statement Operation Deidentify MaskWithCharacter must be a single character",
        ),
        (
            {
                "Name": "p",
                "Version": "2021-06-01",
                "Statement": [{**VALID, "Operation": {"Audit": {"SampleRate": "100"}}}],
            },
            "Statement Operation Audit SampleRate must be an integer between 0 and 99",
        ),
        (
            {
                "Name": "p",
                "Version": "2021-06-01",
                "Statement": [{**VALID, "Operation": {"Audit": {}}}, {**VALID, "Operation": {"Audit": {}}}],
            },
            "Only one Audit statement is allowed",
        ),
        (
            {
                "Name": "p",
                "Version": "2021-06-01",
                "Statement": [VALID],
                "Configuration": {"CustomDataIdentifier": [{"Name": "OrderCode"}]},
            },
            "Configuration CustomDataIdentifier must be a list of objects with a Name and a Regex",
        ),
        (
            {
                "Name": "p",
                "Version": "2021-06-01",
                "Statement": [VALID],
                "Configuration": {"CustomDataIdentifier": [{"Name": "OrderCode", "Regex": "("}]},
            },
            "Configuration CustomDataIdentifier OrderCode has an invalid Regex",
        ),
    ],
)
def test_invalid_policies_are_refused_and_change_nothing(
    sns: Any, document: dict[str, Any], reason: str
) -> None:
    kept = policy(statement(DENY))
    sns.put_data_protection_policy(ResourceArn=ARN, DataProtectionPolicy=kept)
    assert_invalid(
        lambda: sns.put_data_protection_policy(ResourceArn=ARN, DataProtectionPolicy=json.dumps(document)),
        reason,
    )
    assert sns.get_data_protection_policy(ResourceArn=ARN)["DataProtectionPolicy"] == kept


def test_valid_policies_are_stored_verbatim(sns: Any) -> None:
    documents = [
        # AWS doc examples
        policy(statement(AUDIT, "CreditCardNumber")),
        policy(
            statement(REDACT, "CreditCardNumber", principal=["arn:aws:iam::123456789012:user/ExampleUser"])
        ),
        policy(statement(DENY, "CreditCardNumber", direction="Outbound")),
        # the verified ballerina policy (Name and PhoneNumber-US, Sid, Deny)
        policy(statement(DENY, "Name", "PhoneNumber-US", Sid="basicPII-inbound-protection")),
        policy(statement({"Deidentify": {"MaskConfig": {}}}, "Ssn-US", "AwsSecretKey", "DriversLicense-US")),
        policy(statement({"Audit": {"SampleRate": 0}}), statement(DENY), statement(MASK, "IpAddress")),
        policy(),
    ]
    for document in documents:
        sns.put_data_protection_policy(ResourceArn=ARN, DataProtectionPolicy=document)
        assert sns.get_data_protection_policy(ResourceArn=ARN)["DataProtectionPolicy"] == document


# =========================================================================== region-qualified identifiers
def regional(name: str, region: str = REGION) -> str:
    """The region-qualified form AWS accepts besides the documented global one (recorded with EmailAddress)."""
    return f"arn:aws:dataprotection:{region}::data-identifier/{name}"


def test_region_qualified_identifiers_are_accepted_and_returned_as_given(sns: Any) -> None:
    # Spacing and key order of the caller's own: GetDataProtectionPolicy returns the text as it was put.
    document = (
        '{ "Name": "protect",  "Version": "2021-06-01", "Statement": [ {"Principal": ["*"], '
        f'"DataDirection": "Inbound", "DataIdentifier": ["{regional("EmailAddress")}"], '
        '"Operation": {"Deny": {}} } ] }'
    )
    sns.put_data_protection_policy(ResourceArn=ARN, DataProtectionPolicy=document)
    assert sns.get_data_protection_policy(ResourceArn=ARN)["DataProtectionPolicy"] == document
    created = sns.create_topic(Name="created", DataProtectionPolicy=document)["TopicArn"]
    assert sns.get_data_protection_policy(ResourceArn=created)["DataProtectionPolicy"] == document


def test_a_region_qualified_identifier_acts_as_the_global_one(sns_fake: snsfake.SnsFake, sns: Any) -> None:
    sns.put_data_protection_policy(
        ResourceArn=ARN,
        DataProtectionPolicy=policy({**statement(DENY), "DataIdentifier": [regional("EmailAddress", "eu-west-1")]}),
    )
    assert_error(
        lambda: sns.publish(TopicArn=ARN, Message=EMAIL_TEXT), "AuthorizationError", INBOUND_DENIED, 403
    )
    # Findings name the identifier, whichever form the policy used.
    assert sns_fake.data_protection_findings.one().data_identifier == "EmailAddress"
    assert len(sns_fake.published) == 0


def test_both_forms_of_one_identifier_find_it_once(sns_fake: snsfake.SnsFake, sns: Any) -> None:
    both = {**statement(AUDIT), "DataIdentifier": [identifier("EmailAddress"), regional("EmailAddress")]}
    sns.put_data_protection_policy(ResourceArn=ARN, DataProtectionPolicy=policy(both))
    sns.publish(TopicArn=ARN, Message=EMAIL_TEXT)
    finding = sns_fake.data_protection_findings.one()
    assert (finding.data_identifier, finding.operation, finding.count) == ("EmailAddress", "Audit", 1)


@pytest.mark.parametrize(
    "value",
    [
        regional("Email"),  # not a managed identifier
        f"arn:aws:dataprotection:{REGION}:aws:data-identifier/EmailAddress",  # region and account
        "arn:aws:dataprotection:useast1::data-identifier/EmailAddress",  # not a region
        "arn:aws:dataprotection:::data-identifier/EmailAddress",  # neither
    ],
)
def test_other_identifier_forms_are_refused_and_change_nothing(sns: Any, value: str) -> None:
    kept = policy(statement(DENY))
    sns.put_data_protection_policy(ResourceArn=ARN, DataProtectionPolicy=kept)
    refused = policy({**statement(DENY), "DataIdentifier": [value]})
    assert_invalid(
        lambda: sns.put_data_protection_policy(ResourceArn=ARN, DataProtectionPolicy=refused),
        f"Statement DataIdentifier {value} is not a supported data identifier",
    )
    assert sns.get_data_protection_policy(ResourceArn=ARN)["DataProtectionPolicy"] == kept


# =========================================================================== inbound Deny
def test_inbound_deny_refuses_the_publish(sns_fake: snsfake.SnsFake, sns: Any) -> None:
    protect(sns, statement(DENY, "EmailAddress"))
    # AWS doc: "Denied payloads in the API response have a status code of 403 AuthorizationError" (text unconfirmed)
    assert_error(
        lambda: sns.publish(TopicArn=ARN, Message=EMAIL_TEXT), "AuthorizationError", INBOUND_DENIED, 403
    )
    assert len(sns_fake.published) == 0
    assert len(sns_fake.deliveries) == 0
    finding = sns_fake.data_protection_findings.one()
    assert (
        finding.message_id,
        finding.topic_arn,
        finding.data_identifier,
        finding.direction,
        finding.operation,
    ) == (
        None,
        ARN,
        "EmailAddress",
        "Inbound",
        "Deny",
    )
    assert (finding.principal, finding.count) == (f"arn:aws:iam::{OWNER}:root", 1)
    # Clean messages pass untouched.
    sns.publish(TopicArn=ARN, Message="nothing to see")
    assert sns_fake.deliveries.one().message == "nothing to see"
    assert len(sns_fake.data_protection_findings) == 1


def test_inbound_deny_applies_to_the_named_principals_only(sns_fake: snsfake.SnsFake, sns: Any) -> None:
    sns.add_permission(TopicArn=ARN, Label="partners", AWSAccountId=[OTHER], ActionName=["Publish"])
    protect(sns, statement(DENY, "EmailAddress", principal=[f"arn:aws:iam::{OTHER}:root"]))
    other = make_client(access_key=OTHER)
    assert_error(
        lambda: other.publish(TopicArn=ARN, Message=EMAIL_TEXT), "AuthorizationError", INBOUND_DENIED, 403
    )
    sns.publish(TopicArn=ARN, Message=EMAIL_TEXT)
    assert sns_fake.deliveries.one().message == EMAIL_TEXT


def test_inbound_deny_in_a_batch_fails_that_entry_only(sns_fake: snsfake.SnsFake, sns: Any) -> None:
    protect(sns, statement(DENY, "EmailAddress"))
    response = sns.publish_batch(
        TopicArn=ARN,
        PublishBatchRequestEntries=[
            {"Id": "clean", "Message": "hello"},
            {"Id": "leaky", "Message": EMAIL_TEXT},
        ],
    )
    assert [item["Id"] for item in response["Successful"]] == ["clean"]
    # (unconfirmed) a denied entry fails alone, with the publish's error
    assert response["Failed"] == [
        {"Id": "leaky", "Code": "AuthorizationError", "Message": INBOUND_DENIED, "SenderFault": True}
    ]
    assert [item.message for item in sns_fake.published] == ["hello"]


@pytest.mark.parametrize(
    ("name", "text", "found"),
    [
        ("EmailAddress", "mail jane.doe@example.com today", True),
        ("EmailAddress", "no address at example.com", False),
        ("CreditCardNumber", CARD_TEXT, True),
        ("CreditCardNumber", "visa: 4539 8944 5808 6459", True),
        ("CreditCardNumber", f"order {CARD} shipped", False),  # a keyword is required (AWS doc)
        ("CreditCardNumber", "credit card 4539894458086458", False),  # fails the Luhn check
        ("CreditCardNumber", "credit card 4111111111111111", False),  # issuers' public test number (AWS doc)
        ("PhoneNumber-US", "reach me at +1 206-555-0100", True),  # country code: no keyword needed
        ("PhoneNumber-US", "phone: (206) 555-0100", True),
        ("PhoneNumber-US", "reach me at 206-555-0100", False),  # no country code and no keyword
        ("AwsSecretKey", "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", True),
        ("AwsSecretKey", "token wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", False),
        ("Ssn-US", "ssn: 123-45-6789", True),
        ("IpAddress", "from 10.0.0.1.", True),
        ("IpAddress", "version 1.2.3", False),
        ("Name", "Jane Doe", False),  # accepted in policies, not detected by snsfake
    ],
)
def test_what_is_detected(sns_fake: snsfake.SnsFake, sns: Any, name: str, text: str, found: bool) -> None:
    protect(sns, statement(DENY, name))
    if found:
        assert_error(
            lambda: sns.publish(TopicArn=ARN, Message=text), "AuthorizationError", INBOUND_DENIED, 403
        )
    else:
        sns.publish(TopicArn=ARN, Message=text)
        assert sns_fake.deliveries.one().message == text


def test_custom_data_identifiers(sns: Any) -> None:
    document = json.dumps(
        {
            "Name": "p",
            "Version": "2021-06-01",
            "Configuration": {"CustomDataIdentifier": [{"Name": "OrderCode", "Regex": r"ORD-\d{6}"}]},
            "Statement": [
                {
                    "DataDirection": "Inbound",
                    "Principal": ["*"],
                    "DataIdentifier": ["OrderCode"],
                    "Operation": DENY,
                }
            ],
        }
    )
    sns.put_data_protection_policy(ResourceArn=ARN, DataProtectionPolicy=document)
    sns.publish(TopicArn=ARN, Message="order ORD-12345")
    assert_error(
        lambda: sns.publish(TopicArn=ARN, Message="order ORD-123456"),
        "AuthorizationError",
        INBOUND_DENIED,
        403,
    )


# =========================================================================== inbound Deidentify
def test_inbound_mask_reaches_every_subscriber_and_the_published_record(
    sns_fake: snsfake.SnsFake, sns: Any
) -> None:
    sns.subscribe(TopicArn=ARN, Protocol="sqs", Endpoint=f"{QUEUE}-2")
    protect(sns, statement(MASK, "Ssn-US"))
    message_id = sns.publish(TopicArn=ARN, Message="ssn: 123-45-6789")["MessageId"]
    # AWS doc: ssn: 123-45-6789 becomes ssn: ###########
    assert [item.message for item in sns_fake.deliveries] == ["ssn: ###########"] * 2
    assert sns_fake.published.one().message == "ssn: ###########"
    finding = sns_fake.data_protection_findings.one()
    assert (finding.message_id, finding.operation, finding.data_identifier) == (
        message_id,
        "Deidentify",
        "Ssn-US",
    )


def test_inbound_redact(sns_fake: snsfake.SnsFake, sns: Any) -> None:
    protect(sns, statement(REDACT, "CreditCardNumber"))
    sns.publish(TopicArn=ARN, Message=CARD_TEXT)
    # AWS doc example: "My credit card number is 4539894458086459" is delivered as "My credit card number is"
    assert sns_fake.deliveries.one().message == "My credit card number is "


def test_mask_config_defaults_to_an_asterisk(sns_fake: snsfake.SnsFake, sns: Any) -> None:
    protect(sns, statement({"Deidentify": {"MaskConfig": {}}}, "EmailAddress"))
    sns.publish(TopicArn=ARN, Message="to a@b.io")
    assert sns_fake.deliveries.one().message == "to ******"  # (unconfirmed) default mask character


def test_a_message_that_is_sensitive_in_its_entirety_is_refused(sns_fake: snsfake.SnsFake, sns: Any) -> None:
    protect(sns, statement(REDACT, "EmailAddress"))
    # AWS doc: the publisher gets AuthorizationError "when the entire message is sensitive"
    assert_error(
        lambda: sns.publish(TopicArn=ARN, Message="jane@example.com"),
        "AuthorizationError",
        INBOUND_DENIED,
        403,
    )
    assert len(sns_fake.published) == 0


def test_message_structure_values_are_each_deidentified(sns_fake: snsfake.SnsFake, sns: Any) -> None:
    protect(sns, statement(MASK, "EmailAddress"))
    sns.publish(
        TopicArn=ARN,
        MessageStructure="json",
        Message=json.dumps({"default": "to jane@example.com", "sqs": "sqs: jane@example.com"}),
    )
    assert sns_fake.deliveries.one().message == "sqs: ################"


def test_deny_comes_before_deidentify(sns: Any) -> None:
    protect(sns, statement(MASK, "EmailAddress"), statement(DENY, "EmailAddress"))
    assert_error(
        lambda: sns.publish(TopicArn=ARN, Message=EMAIL_TEXT), "AuthorizationError", INBOUND_DENIED, 403
    )


# =========================================================================== Audit
def test_audit_records_findings_and_changes_nothing(sns_fake: snsfake.SnsFake, sns: Any) -> None:
    protect(sns, statement(AUDIT, "EmailAddress", "CreditCardNumber"))
    text = f"{EMAIL_TEXT}; card {CARD} and ops@example.com"
    message_id = sns.publish(TopicArn=ARN, Message=text)["MessageId"]
    assert sns_fake.deliveries.one().message == text
    findings = {(item.data_identifier, item.count) for item in sns_fake.data_protection_findings}
    assert findings == {("EmailAddress", 2), ("CreditCardNumber", 1)}
    assert {item.message_id for item in sns_fake.data_protection_findings} == {message_id}
    assert {item.operation for item in sns_fake.data_protection_findings} == {"Audit"}
    sns.publish(TopicArn=ARN, Message="clean")
    assert len(sns_fake.data_protection_findings) == 2


def test_audit_with_a_zero_sample_rate_records_nothing(sns_fake: snsfake.SnsFake, sns: Any) -> None:
    protect(sns, statement({"Audit": {"SampleRate": "0"}}, "EmailAddress"))
    sns.publish(TopicArn=ARN, Message=EMAIL_TEXT)
    assert len(sns_fake.data_protection_findings) == 0


# =========================================================================== Outbound
@pytest.fixture
def subscribed_other(sns: Any) -> str:
    """A subscription made by another account (its SubscriptionPrincipal is that account's root)."""
    sns.add_permission(TopicArn=ARN, Label="subscribers", AWSAccountId=[OTHER], ActionName=["Subscribe"])
    other = make_client(access_key=OTHER)
    return str(other.subscribe(TopicArn=ARN, Protocol="sqs", Endpoint=OTHER_QUEUE)["SubscriptionArn"])


def test_outbound_deny_fails_the_named_subscribers_delivery(
    sns_fake: snsfake.SnsFake, sns: Any, subscribed_other: str
) -> None:
    protect(
        sns, statement(DENY, "EmailAddress", direction="Outbound", principal=[f"arn:aws:iam::{OTHER}:root"])
    )
    message_id = sns.publish(TopicArn=ARN, Message=EMAIL_TEXT)["MessageId"]
    assert sns_fake.deliveries.one().endpoint == QUEUE
    skipped = sns_fake.skipped.one()
    assert (skipped.reason, skipped.subscription_arn, skipped.message_id) == (
        "DataProtectionPolicy",
        subscribed_other,
        message_id,
    )
    # AWS doc's delivery status log providerResponse
    assert skipped.detail == (
        f"The topic's data protection policy prohibits this message from being delivered to {subscribed_other}"
    )
    finding = sns_fake.data_protection_findings.one()
    assert (finding.direction, finding.operation, finding.subscription_arn, finding.principal) == (
        "Outbound",
        "Deny",
        subscribed_other,
        f"arn:aws:iam::{OTHER}:root",
    )
    # The subscriber's account id names it too.
    protect(sns, statement(DENY, "EmailAddress", direction="Outbound", principal=[OTHER]))
    sns.publish(TopicArn=ARN, Message=EMAIL_TEXT)
    assert len(sns_fake.skipped) == 2


def test_outbound_deidentify_masks_for_the_named_subscriber_only(
    sns_fake: snsfake.SnsFake, sns: Any, subscribed_other: str
) -> None:
    protect(sns, statement(MASK, "EmailAddress", direction="Outbound", principal=[OTHER]))
    sns.publish(TopicArn=ARN, Message="to jane@example.com")
    assert sns_fake.deliveries.one(endpoint=QUEUE).message == "to jane@example.com"
    assert sns_fake.deliveries.one(endpoint=OTHER_QUEUE).message == "to ################"
    assert sns_fake.published.one().message == "to jane@example.com"


def test_outbound_statements_do_not_touch_the_publish(sns_fake: snsfake.SnsFake, sns: Any) -> None:
    protect(sns, statement(DENY, "EmailAddress", direction="Outbound"))
    sns.publish(TopicArn=ARN, Message=EMAIL_TEXT)
    assert sns_fake.published.one().message == EMAIL_TEXT
    assert sns_fake.skipped.one().reason == "DataProtectionPolicy"
    assert len(sns_fake.deliveries) == 0


# =========================================================================== lifecycle
def test_replacing_or_recreating_changes_enforcement(sns_fake: snsfake.SnsFake, sns: Any) -> None:
    protect(sns, statement(DENY, "EmailAddress"))
    protect(sns, statement(DENY, "CreditCardNumber"))
    sns.publish(TopicArn=ARN, Message=EMAIL_TEXT)
    sns.delete_topic(TopicArn=ARN)
    sns.create_topic(Name="orders")
    sns.publish(TopicArn=ARN, Message=CARD_TEXT)
    assert len(sns_fake.published) == 2


def test_create_topic_with_a_policy_enforces_it(sns_fake: snsfake.SnsFake) -> None:
    sns = make_client(access_key=OWNER)
    sns.create_topic(Name="orders", DataProtectionPolicy=policy(statement(DENY, "EmailAddress")))
    assert_error(
        lambda: sns.publish(TopicArn=ARN, Message=EMAIL_TEXT), "AuthorizationError", INBOUND_DENIED, 403
    )


def test_findings_are_cleared_with_the_records(sns_fake: snsfake.SnsFake, sns: Any) -> None:
    protect(sns, statement(AUDIT, "EmailAddress"))
    sns.publish(TopicArn=ARN, Message=EMAIL_TEXT)
    assert sns_fake.data_protection_findings
    sns_fake.clear()
    assert not sns_fake.data_protection_findings
    with pytest.raises(IndexError, match=r"^snsfake: no data protection findings captured$"):
        sns_fake.data_protection_findings.last  # noqa: B018


def test_a_topic_without_a_policy_records_no_findings(sns_fake: snsfake.SnsFake, sns: Any) -> None:
    sns.publish(TopicArn=ARN, Message=f"{EMAIL_TEXT} {CARD_TEXT}")
    assert sns_fake.deliveries.one().message == f"{EMAIL_TEXT} {CARD_TEXT}"
    assert len(sns_fake.data_protection_findings) == 0
