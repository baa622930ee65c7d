"""Small helpers the boto3-level tests share: subscribing, reading attributes and counters back,
message attributes, JSON key order, what a failed call must leave unchanged, response metadata,
platform applications and endpoints."""

from __future__ import annotations

import base64
import json
import re
import threading
from collections.abc import Callable, Mapping
from typing import Any

from botocore import xform_name
from botocore.exceptions import ClientError
from conftest import ACCOUNT, REGION
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from shapes import check_value

TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}:orders"  # the ``topic_arn`` fixture's topic
FIFO_TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}:orders.fifo"  # the ``fifo_topic_arn`` fixture's topic

# Endpoints the subscription tests subscribe.
QUEUE = f"arn:aws:sqs:{REGION}:{ACCOUNT}:billing"
FIFO_QUEUE = f"arn:aws:sqs:{REGION}:{ACCOUNT}:billing.fifo"
DLQ = f"arn:aws:sqs:{REGION}:{ACCOUNT}:dead"
FIFO_DLQ = f"arn:aws:sqs:{REGION}:{ACCOUNT}:dead.fifo"
FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:handler"
STREAM = f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/archive"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/sns-firehose"
PHONE = "+15555550100"
HOOK = "https://hooks.example.com/sns"
NEEDS_CONFIRMATION = [
    ("http", "http://hooks.example.com/sns"),
    ("https", HOOK),
    ("email", "ops@example.com"),
    ("email-json", "ops-json@example.com"),
]
SUBSCRIPTION_RE = re.compile(
    re.escape(TOPIC) + r":[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
)
# Publish: the size limit, a frozen moment and its envelope Timestamp, AWS's texts for FIFO faults.
LIMIT = 262_144
ATTRIBUTE_BYTES = len("color") + len("String") + len("red")  # what {"color": String "red"} adds to the size
FROZEN = "2024-01-01T12:00:00.123456+00:00"
TIMESTAMP = "2024-01-01T12:00:00.123Z"
DEDUP_ON_STANDARD = (
    "Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter "
    "that is not valid for this topic type"
)
CBD_REQUIRED = (
    "Invalid parameter: The topic should either have ContentBasedDeduplication enabled or "
    "MessageDeduplicationId provided explicitly"
)
# The keys of what each protocol receives, in AWS's order: an SQS or http(s) notification with a
# Subject and MessageAttributes, and how the others differ from it.
NOTIFICATION_KEYS = [
    "Type",
    "MessageId",
    "TopicArn",
    "Subject",
    "Message",
    "Timestamp",
    "SignatureVersion",
    "Signature",
    "SigningCertURL",
    "UnsubscribeURL",
    "MessageAttributes",
]


def keys_without(keys: list[str], *names: str) -> list[str]:
    """``keys`` in their order, less ``names`` (a message without a Subject or MessageAttributes)."""
    return [key for key in keys if key not in names]


STANDARD_KEYS = keys_without(NOTIFICATION_KEYS, "Subject", "MessageAttributes")
EMAIL_JSON_KEYS = NOTIFICATION_KEYS[:-1]  # no MessageAttributes
LAMBDA_KEYS = [*NOTIFICATION_KEYS[:8], "SigningCertUrl", "UnsubscribeUrl", "MessageAttributes"]
FIREHOSE_KEYS = keys_without(NOTIFICATION_KEYS, "SignatureVersion", "Signature", "SigningCertURL")
FIFO_KEYS = [*FIREHOSE_KEYS[:2], "SequenceNumber", *FIREHOSE_KEYS[2:]]  # FIFO envelopes are not signed
# A SubscriptionConfirmation's or UnsubscribeConfirmation's keys, in AWS's order.
CONFIRMATION_KEYS = [
    "Type",
    "MessageId",
    "Token",
    "TopicArn",
    "Message",
    "SubscribeURL",
    "Timestamp",
    "SignatureVersion",
    "Signature",
    "SigningCertURL",
]
# What GetSubscriptionAttributes shows for every subscription.
BASE_KEYS = {
    "ConfirmationWasAuthenticated",
    "Endpoint",
    "Owner",
    "PendingConfirmation",
    "Protocol",
    "RawMessageDelivery",
    "SubscriptionArn",
    "SubscriptionPrincipal",
    "TopicArn",
}

TOPIC_ACTIONS = [
    "SNS:GetTopicAttributes",
    "SNS:SetTopicAttributes",
    "SNS:AddPermission",
    "SNS:RemovePermission",
    "SNS:DeleteTopic",
    "SNS:Subscribe",
    "SNS:ListSubscriptionsByTopic",
    "SNS:Publish",
]
DEFAULT_RETRY = {
    "minDelayTarget": 20,
    "maxDelayTarget": 20,
    "numRetries": 3,
    "numMaxDelayRetries": 0,
    "numNoDelayRetries": 0,
    "numMinDelayRetries": 0,
    "backoffFunction": "linear",
}


# --------------------------------------------------------------------------- subscribing
def subscribe_params(topic: str, protocol: str, endpoint: str, **attributes: str) -> dict[str, Any]:
    """Subscribe's parameters, asking for the real ARN (also for pending subscriptions)."""
    params: dict[str, Any] = {
        "TopicArn": topic,
        "Protocol": protocol,
        "Endpoint": endpoint,
        "ReturnSubscriptionArn": True,
    }
    if attributes:
        params["Attributes"] = attributes
    return params


def subscribe(client: Any, protocol: str, endpoint: str, topic: str = TOPIC, **attributes: str) -> str:
    """Subscribe and return the real ARN (also for pending subscriptions)."""
    return str(client.subscribe(**subscribe_params(topic, protocol, endpoint, **attributes))["SubscriptionArn"])


def subscribe_confirmed(
    sns: Any, sns_fake: Any, topic_arn: str, protocol: str, endpoint: str, **attributes: str
) -> str:
    """Subscribe and confirm the way an endpoint does: ConfirmSubscription with the token it got."""
    answer = sns.subscribe(**subscribe_params(topic_arn, protocol, endpoint, **attributes))["SubscriptionArn"]
    if protocol in ("http", "https", "email", "email-json"):
        token = sns_fake.deliveries.filter(message_type="SubscriptionConfirmation", subscription_arn=answer)
        assert len(token) == 1
        confirmed = sns.confirm_subscription(TopicArn=topic_arn, Token=token[0].extra["token"])
        assert confirmed["SubscriptionArn"] == answer
    return str(answer)


def token_of(sns_fake: Any, arn: str, kind: str = "SubscriptionConfirmation") -> str:
    """The token of the one ``kind`` message sent for subscription ``arn``."""
    return str(sns_fake.deliveries.one(message_type=kind, subscription_arn=arn).extra["token"])


def queue(name: str = "q", region: str = REGION) -> str:
    return f"arn:aws:sqs:{region}:{ACCOUNT}:{name}"


def fifo_topic(sns: Any, name: str = "orders.fifo", **attributes: str) -> str:
    """Create a FIFO topic (ContentBasedDeduplication and the rest as given) and return its ARN."""
    return str(sns.create_topic(Name=name, Attributes={"FifoTopic": "true", **attributes})["TopicArn"])


# --------------------------------------------------------------------------- reading back
def topic_attributes(client: Any, arn: str = TOPIC) -> dict[str, str]:
    return dict(client.get_topic_attributes(TopicArn=arn)["Attributes"])


def sub_attributes(client: Any, arn: str) -> dict[str, str]:
    return dict(client.get_subscription_attributes(SubscriptionArn=arn)["Attributes"])


def counters(client: Any, topic: str = TOPIC) -> tuple[str, str, str]:
    """The topic's (SubscriptionsPending, SubscriptionsConfirmed, SubscriptionsDeleted)."""
    attrs = client.get_topic_attributes(TopicArn=topic)["Attributes"]
    return attrs["SubscriptionsPending"], attrs["SubscriptionsConfirmed"], attrs["SubscriptionsDeleted"]


def pages(method: Callable[..., Any], key: str, **params: Any) -> list[Any]:
    """Every item under ``key`` of a List call, following NextToken to the last page."""
    items: list[Any] = []
    token = None
    while True:
        response = method(**params, **({"NextToken": token} if token else {}))
        items.extend(response[key])
        token = response.get("NextToken")
        if not token:
            return items


def publish_at_once(
    new_client: Callable[[], Any], topic: str, workers: int, each: int, timeout: float = 60
) -> dict[int, list[str]]:
    """``workers`` threads, each with its own client, start together and publish ``each`` messages
    ("{worker}-{n}") to ``topic``: the MessageIds each thread got, in order. Any thread's failure fails."""
    replies: dict[int, list[str]] = {}
    failures: list[BaseException] = []
    barrier = threading.Barrier(workers)

    def publish(worker: int) -> None:
        try:
            sns = new_client()
            barrier.wait(timeout=timeout)
            replies[worker] = [
                sns.publish(TopicArn=topic, Message=f"{worker}-{n}")["MessageId"] for n in range(each)
            ]
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=publish, args=(worker,)) for worker in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not failures
    return replies


def topics_snapshot(client: Any) -> dict[str, Any]:
    """Everything a test can observe about topics in one account and region."""
    topics = client.list_topics()["Topics"]
    state: dict[str, Any] = {"topics": topics}
    for item in topics:
        arn = item["TopicArn"]
        state[arn] = {
            "attributes": client.get_topic_attributes(TopicArn=arn)["Attributes"],
            "tags": client.list_tags_for_resource(ResourceArn=arn)["Tags"],
            "data_protection": client.get_data_protection_policy(ResourceArn=arn).get("DataProtectionPolicy"),
            "subscriptions": client.list_subscriptions_by_topic(TopicArn=arn)["Subscriptions"],
        }
    return state


def subscriptions_snapshot(client: Any, sns_fake: Any) -> dict[str, Any]:
    """Everything observable about subscriptions (and the topics' counters)."""
    listed = client.list_subscriptions()["Subscriptions"]
    state: dict[str, Any] = {"listed": listed, "deliveries": len(sns_fake.deliveries)}
    for topic in client.list_topics()["Topics"]:
        arn = topic["TopicArn"]
        state[arn] = (
            counters(client, arn),
            client.list_subscriptions_by_topic(TopicArn=arn)["Subscriptions"],
        )
    # confirmed ones by their listed ARN, pending ones by their confirmation message
    arns = [item["SubscriptionArn"] for item in listed if item["SubscriptionArn"] != "PendingConfirmation"]
    arns += [
        item.subscription_arn for item in sns_fake.deliveries.filter(message_type="SubscriptionConfirmation")
    ]
    for arn in dict.fromkeys(arns):
        try:
            state[arn] = sub_attributes(client, arn)
        except ClientError as error:
            state[arn] = error.response["Error"]["Code"]
    return state


# --------------------------------------------------------------------------- a subscriber's signature check
# AWS "Verifying the signatures of Amazon SNS messages": Name\nValue\n for these keys, in this order.
NOTIFICATION_SIGNED = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
CONFIRMATION_SIGNED = ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type")
SIGNATURE_HASHES = {"1": hashes.SHA1(), "2": hashes.SHA256()}  # by SignatureVersion


def subscriber_string_to_sign(message: Mapping[str, Any]) -> bytes:
    """AWS's documented string to sign, built from the received message (never through snsfake.signing)."""
    keys = NOTIFICATION_SIGNED if message["Type"] == "Notification" else CONFIRMATION_SIGNED
    parts = []
    for key in keys:
        value = message.get(key)
        if value is None:
            assert key == "Subject", f"{key} is missing from the {message['Type']}"
            continue  # Subject is signed only when present
        parts.append(f"{key}\n{value}\n")
    return "".join(parts).encode("utf-8")


def verify_signature(
    message: Mapping[str, Any], certificate_pem: str, algorithm: hashes.HashAlgorithm | None = None
) -> None:
    """Verify as a subscriber does, with the certificate PEM only: raise InvalidSignature unless the
    message verifies. The hash follows the message's SignatureVersion unless ``algorithm`` is given."""
    public_key = x509.load_pem_x509_certificate(certificate_pem.encode("ascii")).public_key()
    assert isinstance(public_key, rsa.RSAPublicKey)
    if algorithm is None:
        algorithm = SIGNATURE_HASHES[message["SignatureVersion"]]
    public_key.verify(
        base64.b64decode(message["Signature"]), subscriber_string_to_sign(message), padding.PKCS1v15(), algorithm
    )


def signature_verifies(
    message: Mapping[str, Any], certificate_pem: str, algorithm: hashes.HashAlgorithm | None = None
) -> bool:
    """``verify_signature`` as a yes or no."""
    try:
        verify_signature(message, certificate_pem, algorithm)
    except InvalidSignature:
        return False
    return True


# --------------------------------------------------------------------------- access policies
def default_policy(arn: str, account: str = ACCOUNT) -> str:
    """The access policy AWS gives a new topic (attributes.md §1.2), compact JSON."""
    return json.dumps(
        {
            "Version": "2008-10-17",
            "Id": "__default_policy_ID",
            "Statement": [
                {
                    "Sid": "__default_statement_ID",
                    "Effect": "Allow",
                    "Principal": {"AWS": "*"},
                    "Action": TOPIC_ACTIONS,
                    "Resource": arn,
                    "Condition": {"StringEquals": {"AWS:SourceOwner": account}},
                }
            ],
        },
        separators=(",", ":"),
    )


def policy_with_actions(arn: str, actions: Any) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": actions, "Resource": arn}],
        }
    )


# --------------------------------------------------------------------------- messages
def attribute(data_type: str, value: str | bytes) -> dict[str, Any]:
    """A Publish MessageAttributes value: BinaryValue for bytes, StringValue otherwise."""
    if isinstance(value, bytes):
        return {"DataType": data_type, "BinaryValue": value}
    return {"DataType": data_type, "StringValue": value}


def ordered(body: str) -> list[tuple[str, Any]]:
    """The top-level (key, value) pairs of a JSON body, in the order they were written."""
    pairs: list[tuple[str, Any]] = []

    def keep(items: list[tuple[str, Any]]) -> dict[str, Any]:
        pairs[:] = items
        return dict(items)

    json.loads(body, object_pairs_hook=keep)
    return pairs


# --------------------------------------------------------------------------- responses
def check_metadata(metadata: Any, status: int = 200) -> None:
    """ResponseMetadata exactly as botocore parses an AWS answer."""
    assert set(metadata) == {"RequestId", "HTTPStatusCode", "HTTPHeaders", "RetryAttempts"}
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", metadata["RequestId"]
    )
    assert metadata["HTTPStatusCode"] == status
    assert metadata["RetryAttempts"] == 0
    headers = metadata["HTTPHeaders"]
    assert set(headers) == {"x-amzn-requestid", "content-type", "date"}
    assert headers["x-amzn-requestid"] == metadata["RequestId"]
    assert headers["content-type"] == "text/xml"
    assert re.fullmatch(
        r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT", headers["date"]
    )


def check_answers(client: Any, calls: list[tuple[str, dict[str, Any], set[str]]]) -> None:
    """Make each (operation, kwargs, members) call: its answer has exactly these members besides the
    metadata, the metadata is right, and the rest is botocore's output shape (as tests/shapes.py checks it)."""
    model = client.meta.service_model
    for operation, kwargs, members in calls:
        response = getattr(client, xform_name(operation))(**kwargs)
        assert set(response) == members | {"ResponseMetadata"}, operation
        check_metadata(response.pop("ResponseMetadata"))
        output = model.operation_model(operation).output_shape
        if output is None:
            assert response == {}, operation
        else:
            check_value(output, response, operation)


# --------------------------------------------------------------------------- mobile push: applications, endpoints
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


# --------------------------------------------------------------------------- SMS
def verify_in_sandbox(sns: Any, fake: Any, number: str) -> None:
    """Put a number through the SMS sandbox's one-time-password flow."""
    sns.create_sms_sandbox_phone_number(PhoneNumber=number)
    sns.verify_sms_sandbox_phone_number(PhoneNumber=number, OneTimePassword=fake.sandbox_password(number))
