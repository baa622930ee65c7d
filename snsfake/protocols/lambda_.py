"""lambda: the function is invoked with SNS's event (one ``Records`` entry, ``EventSource``
aws:sns); an ``on_lambda`` handler stands in for the function.

Source: AWS doc "Using AWS Lambda with Amazon SNS" and events captured from real invocations.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import signing
from ..context import Context
from ..records import Delivery
from ..state import Subscription, Topic
from .base import AwsResourceProtocol, Message, dns_suffix, envelope_text, notification_record
from .envelope import Attributes, is_binary, message_attributes_envelope, signature_version, unsubscribe_url

__all__ = ["Lambda", "LambdaContext", "lambda_event"]

LAMBDA_ATTEMPTS = 3  # SNS's immediate retry phase for AWS-managed endpoints
_COMPACT = (",", ":")


@dataclass
class LambdaContext:
    """The parts of Lambda's context object a handler usually reads."""

    invoked_function_arn: str
    function_name: str
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 128
    log_group_name: str = ""
    log_stream_name: str = ""

    def get_remaining_time_in_millis(self) -> int:
        return 3000


def _lambda_message_attributes(attributes: Attributes | None) -> dict[str, dict[str, str]]:
    """Lambda only knows String and Binary: Number and String.Array arrive as ``String``.

    (AWS doc "Amazon SNS message attributes": these types are "passed as the String data
    type in the JSON payload that Amazon SNS delivers to Lambda".)
    """
    if not attributes:
        return {}
    result = message_attributes_envelope(attributes)
    for entry in result.values():
        entry["Type"] = "Binary" if is_binary(entry["Type"]) else "String"
    return result


def lambda_event(
    *,
    subscription_arn: str,
    message_id: str,
    topic_arn: str,
    subject: str | None,
    message: str,
    timestamp: str,
    region: str,
    dns_suffix: str,
    attributes: Attributes | None,
    signature_version: str = "1",
    sign: bool = True,
) -> dict[str, Any]:
    """The Invoke payload of a lambda subscription: one ``Records`` entry, ``EventSource`` aws:sns.

    Differs from the envelope: ``SigningCertUrl``/``UnsubscribeUrl`` casing, ``Subject`` always
    present (``None`` when absent), ``MessageAttributes`` always present (``{}`` when none).
    ``SignatureVersion`` reads "1" even on SignatureVersion 2 topics, while the signature itself
    is made with ``signature_version`` (SHA256 for "2"), as AWS does.
    """
    sns: dict[str, Any] = {
        "Type": "Notification",
        "MessageId": message_id,
        "TopicArn": topic_arn,
        "Subject": subject,
        "Message": message,
        "Timestamp": timestamp,
        "SignatureVersion": "1",
    }
    sns["Signature"] = signing.sign(sns, signature_version) if sign else ""
    sns["SigningCertUrl"] = signing.signing_cert_url(region, dns_suffix)
    sns["UnsubscribeUrl"] = unsubscribe_url(region, dns_suffix, subscription_arn)
    sns["MessageAttributes"] = _lambda_message_attributes(attributes)
    return {
        "Records": [
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": subscription_arn,
                "Sns": sns,
            }
        ]
    }


def _handler(context: Context, arn: str) -> Callable[..., Any] | None:
    """The ``on_lambda`` handler for a function ARN; qualified and unqualified ARNs match each other."""
    for function_arn, handler in context.runtime.handlers.lambdas.items():
        if arn == function_arn or arn.startswith(function_arn + ":") or function_arn.startswith(arn + ":"):
            return handler
    return None


class Lambda(AwsResourceProtocol):
    name = "lambda"
    arn_service = "lambda"
    endpoint_label = "Lambda"

    def notification(
        self, context: Context, topic: Topic, subscription: Subscription, message: Message
    ) -> Delivery:
        text = message.text_for("lambda")
        suffix = dns_suffix(topic)
        version = signature_version(topic)

        def render() -> str:
            event = lambda_event(
                subscription_arn=subscription.arn,
                message_id=message.message_id,
                topic_arn=topic.arn,
                subject=message.subject,
                message=text,
                timestamp=message.timestamp,
                region=topic.region,
                dns_suffix=suffix,
                # A MessageStructure=json message reaches Lambda without its attributes, though
                # email-json and the others get them (aws-sdk-ruby #1662, boto3 #1513: real AWS).
                attributes=message.attributes if message.structure is None else None,
                signature_version=version,
            )
            return json.dumps(event, ensure_ascii=False, separators=_COMPACT)

        # A dead-letter queue receives the standard envelope, not the event.
        envelope = envelope_text(context, topic, subscription, message, text)
        return notification_record(topic, subscription, message, text, extra={"envelope": envelope}, render=render)

    def attempt(
        self, context: Context, record: Delivery, topic: Topic | None, subscription: Subscription | None
    ) -> str | None:
        """Invoke the ``on_lambda`` handler; an exception is a failed attempt, retried."""
        handler = _handler(context, record.endpoint)
        if handler is None:
            return None
        event = json.loads(record.body)
        parts = record.endpoint.split(":")
        name = parts[6] if len(parts) > 6 else record.endpoint
        failure: str | None = None
        attempts = 0
        for _ in range(LAMBDA_ATTEMPTS):
            attempts += 1
            try:
                handler(event, LambdaContext(record.endpoint, name))
            except Exception as error:  # a user's handler: any failure is a failed attempt
                failure = f"handler raised {type(error).__name__}: {error}"
                continue
            failure = None
            break
        record._settle(attempts=attempts)
        return failure
