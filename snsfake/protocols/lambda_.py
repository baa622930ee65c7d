"""lambda: the function is invoked with SNS's event (one ``Records`` entry, ``EventSource``
aws:sns), asynchronously; an ``on_lambda`` handler stands in for the function, or
``forward_lambda`` invokes it through a botocore Lambda client (e.g. moto's).

SNS's part ends when Lambda accepts the event: a function that fails is retried by Lambda,
not SNS. SNS retries only when the invocation itself fails: a server-side error (Lambda
unavailable, throttled) on its AWS-managed schedule; a client-side one (the function does not
exist, SNS may not invoke it) not at all, and the message goes to the dead-letter queue.

Sources: AWS docs "Using AWS Lambda with Amazon SNS", "How Lambda handles errors and retries
with asynchronous invocation", "Amazon SNS dead-letter queues", and events captured from real
invocations.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import botocore.config
import botocore.session
from botocore.exceptions import ClientError

from .. import delivery_policy, signing
from ..context import Context
from ..records import Delivery
from ..state import Subscription, Topic
from .base import AwsResourceProtocol, Message, dns_suffix, envelope_text, notification_record
from .envelope import Attributes, is_binary, message_attributes_envelope, signature_version, unsubscribe_url

__all__ = ["Lambda", "LambdaContext", "invoke", "lambda_event"]

# Lambda runs an asynchronously invoked function that fails twice more, a minute and then two
# minutes later (AWS doc "How Lambda handles errors and retries with asynchronous invocation").
FUNCTION_RETRY_DELAYS = (60.0, 120.0)
# Seconds before each retry SNS makes after a server-side error (delivery_policy.MANAGED_RETRY_POLICY).
INVOKE_RETRY_DELAYS = tuple(delivery_policy.retry_delays(delivery_policy.MANAGED_RETRY_POLICY))
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
        envelope = envelope_text(topic, subscription, message, text)
        return notification_record(topic, subscription, message, text, extra={"envelope": envelope}, render=render)

    def attempt(
        self, context: Context, record: Delivery, topic: Topic | None, subscription: Subscription | None
    ) -> str | None:
        """Run the ``on_lambda`` handler, else invoke the function through ``forward_lambda``'s client."""
        handler = _handler(context, record.endpoint)
        if handler is not None:
            _run_handler(handler, record)
            return None  # Lambda accepted the event: what the function does with it is Lambda's
        if context.settings.forward_lambda:
            return invoke(context, record)
        return None


def _run_handler(handler: Callable[..., Any], record: Delivery) -> None:
    """Run the handler as Lambda runs a function SNS invoked: once, and twice more if it raises.

    Every run gets the same event and the same request id, as Lambda's retries do.
    """
    event = json.loads(record.body)
    parts = record.endpoint.split(":")
    name = parts[6] if len(parts) > 6 else record.endpoint
    request_id = str(uuid.uuid4())
    errors: list[str] = []
    for _ in range(len(FUNCTION_RETRY_DELAYS) + 1):
        try:
            handler(event, LambdaContext(record.endpoint, name, aws_request_id=request_id))
        except Exception as error:  # a user's handler: any exception is a function error
            errors.append(f"handler raised {type(error).__name__}: {error}")
            continue
        break
    runs = min(len(errors) + 1, len(FUNCTION_RETRY_DELAYS) + 1)
    record._settle(
        extra={
            "invocations": runs,
            "function_errors": errors,
            "function_retry_delays": list(FUNCTION_RETRY_DELAYS[: runs - 1]),
        }
    )


def _client(context: Context, region: str) -> Any:
    """The Lambda client ``forward_lambda`` names: its own (one per region), a given client, or a factory's."""
    option = context.settings.forward_lambda
    if option is True:
        clients = context.runtime.handlers.lambda_clients
        client = clients.get(region)
        if client is None:
            # A session of snsfake's own; SNS does the retrying, so botocore makes one attempt a call.
            session = botocore.session.get_session()
            config = botocore.config.Config(retries={"total_max_attempts": 1})
            client = clients[region] = session.create_client("lambda", region_name=region, config=config)
        return client
    if callable(option) and not hasattr(option, "invoke"):
        return option(region)
    return option


def _client_side(error: Exception) -> bool:
    """A client-side error (AWS doc "Amazon SNS dead-letter queues"): the endpoint refused a valid
    request for good (4xx: the function does not exist, SNS may not invoke it). Throttling (429),
    5xx answers and no answer at all are server-side: SNS retries them."""
    if not isinstance(error, ClientError):
        return False
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 500)
    return isinstance(status, int) and 400 <= status < 500 and status != 429


def invoke(context: Context, record: Delivery) -> str | None:
    """Invoke the function asynchronously (``InvocationType="Event"``) with the event; why it failed, or None.

    A server-side error is retried on SNS's schedule for AWS-managed endpoints (delays recorded
    in ``extra["retry_delays"]``, never slept); a client-side error is not retried.
    """
    parts = record.endpoint.split(":")
    region = parts[3] if len(parts) > 3 else context.region
    client = _client(context, region)
    payload = record.body.encode("utf-8")
    failure: str | None = None
    attempts = 0
    for _ in range(len(INVOKE_RETRY_DELAYS) + 1):
        attempts += 1
        try:
            client.invoke(FunctionName=record.endpoint, InvocationType="Event", Payload=payload)
        except Exception as error:  # the Lambda side failed: SNS records it, retries or gives up
            failure = f"Lambda refused the invocation: {error}"
            if _client_side(error):
                break
            continue
        failure = None
        break
    record._settle(attempts=attempts, extra={"retry_delays": list(INVOKE_RETRY_DELAYS[: attempts - 1])})
    return failure
