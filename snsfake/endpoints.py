"""In-process endpoints: HTTP and Lambda handlers a test registers, retries by
delivery policy (computed delays, no sleeping), dead-letter queues, and
forwarding SQS deliveries through a real botocore SQS client (e.g. under moto).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from . import delivery_policy, envelopes
from .records import Delivery

if TYPE_CHECKING:
    from .context import Context
    from .state import Subscription, Topic

__all__ = ["HttpRequest", "LambdaContext", "attempt_delivery", "forward_to_sqs", "retry_delays"]

LAMBDA_ATTEMPTS = 3  # SNS's immediate retry phase for AWS-managed endpoints


@dataclass(frozen=True)
class HttpRequest:
    """The POST SNS makes to an http/https endpoint."""

    url: str
    headers: Mapping[str, str]
    body: str
    method: str = "POST"

    @property
    def json(self) -> Any:
        return json.loads(self.body)


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


MAX_RETRY_SECONDS = 3_600.0


def retry_delays(policy: Mapping[str, Any]) -> list[float]:
    """Seconds before each retry of an http/https delivery, per the healthy retry policy phases."""
    retry = {**delivery_policy.DEFAULT_HEALTHY_RETRY, **(policy or {})}
    total = int(retry["numRetries"])
    low, high = float(retry["minDelayTarget"]), float(retry["maxDelayTarget"])
    no_delay = int(retry["numNoDelayRetries"])
    at_min = int(retry["numMinDelayRetries"])
    at_max = int(retry["numMaxDelayRetries"])
    backoff = max(total - no_delay - at_min - at_max, 0)
    delays = [0.0] * no_delay + [low] * at_min
    function = retry.get("backoffFunction", "linear")
    for step in range(1, backoff + 1):
        fraction = step / backoff
        if function == "linear":
            value = low + (high - low) * fraction
        elif function == "arithmetic":
            value = low + (high - low) * (step * (step + 1) / 2) / (backoff * (backoff + 1) / 2)
        elif function == "geometric":
            value = low * (high / low) ** fraction if low > 0 else high * fraction
        else:  # exponential
            value = low + (high - low) * (2**step - 1) / (2**backoff - 1)
        delays.append(round(value, 3))
    delays += [high] * at_max
    # SNS stops retrying once an hour has passed, whatever the policy says.
    kept: list[float] = []
    elapsed = 0.0
    for delay in delays[:total]:
        elapsed += delay
        if elapsed > MAX_RETRY_SECONDS:
            break
        kept.append(delay)
    return kept


def _http_handler(context: Context, url: str) -> Callable[[HttpRequest], Any] | None:
    best: tuple[int, Callable[[HttpRequest], Any]] | None = None
    for prefix, handler in context.fake.http_handlers:
        if url.startswith(prefix) and (best is None or len(prefix) > best[0]):
            best = (len(prefix), handler)
    return best[1] if best else None


def _lambda_handler(context: Context, arn: str) -> Callable[..., Any] | None:
    for function_arn, handler in context.fake.lambda_handlers:
        if arn == function_arn or arn.startswith(function_arn + ":") or function_arn.startswith(arn + ":"):
            return handler
    return None


def _wire_headers(url: str, headers: Mapping[str, str], body: str) -> dict[str, str]:
    """What the POST carries: SNS's own headers (the record keeps those) and what the wire adds,
    ``Content-Length`` before ``Content-Type`` and ``Host``, ``Connection`` after it, in the
    order of AWS's header examples ("HTTP/HTTPS headers")."""
    wire: dict[str, str] = {}
    for name, value in headers.items():
        if name == "Content-Type":
            wire["Content-Length"] = str(len(body.encode("utf-8")))
            wire[name] = value
            wire["Host"] = urlsplit(url).netloc.rpartition("@")[2]
            wire["Connection"] = "Keep-Alive"
        else:
            wire[name] = value
    wire.setdefault("Content-Length", str(len(body.encode("utf-8"))))  # (SNS always sets Content-Type)
    return wire


def attempt_delivery(
    context: Context,
    record: Delivery,
    *,
    topic: Topic | None = None,
    subscription: Subscription | None = None,
    redrive: bool = True,
) -> None:
    """Hand a captured delivery to its in-process endpoint (if any) and settle its status."""
    protocol = record.protocol
    failure: str | None = None
    if protocol in ("http", "https"):
        handler = _http_handler(context, record.endpoint)
        if handler is None:
            return
        delays: list[float] = []
        if subscription is not None and record.message_type == "Notification":
            topic_policy = topic.attributes.get("DeliveryPolicy") if topic else None
            effective = delivery_policy.effective_subscription(
                subscription.attributes.get("DeliveryPolicy"), topic_policy
            )
            delays = retry_delays(effective.get("healthyRetryPolicy") or {})
        attempts = 0
        body = record.body
        wire_headers = _wire_headers(record.endpoint, record.headers, body)
        for _ in range(len(delays) + 1):
            attempts += 1
            request = HttpRequest(record.endpoint, dict(wire_headers), body)
            try:
                status = handler(request)
            except Exception as error:  # a user's handler: any failure is a failed attempt
                failure = f"handler raised {type(error).__name__}: {error}"
                continue
            if status is None or (isinstance(status, int) and 200 <= status < 500):
                # AWS retries only 5xx (or no answer); a handler returning nothing succeeded
                failure = None
                break
            failure = f"endpoint answered HTTP {status}"
        record._settle(attempts=attempts, extra={"retry_delays": delays[: max(attempts - 1, 0)]})
    elif protocol == "lambda":
        handler = _lambda_handler(context, record.endpoint)
        if handler is None:
            return
        event = json.loads(record.body)
        name = record.endpoint.split(":")[6] if record.endpoint.count(":") >= 6 else record.endpoint
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
    elif protocol == "sqs":
        forward = context.fake.forward_sqs
        if not forward:
            return
        failure = forward_to_sqs(context, record)
    else:
        return
    if failure is not None:
        record._settle(status="failed", detail=failure)
        if redrive and subscription is not None and topic is not None:
            send_to_dead_letter_queue(context, topic, subscription, record)


def send_to_dead_letter_queue(context: Context, topic: Topic, subscription: Subscription, failed: Delivery) -> None:
    """Capture (and forward) the failed message to the subscription's RedrivePolicy queue."""
    if failed.message_type != "Notification":
        return
    policy = subscription.attributes.get("RedrivePolicy")
    if not policy:
        return
    queue_arn = json.loads(policy).get("deadLetterTargetArn")
    if not isinstance(queue_arn, str):
        return
    raw = subscription.raw and subscription.protocol in ("sqs", "http", "https", "firehose")
    envelope = failed.extra.get("envelope")
    body = failed.body if raw or envelope is None else envelope()
    attributes = failed.message_attributes
    if raw and not attributes and subscription.protocol != "sqs":
        sns_attributes = failed.extra.get("sns_attributes")
        attributes = envelopes.raw_sqs_message_attributes(sns_attributes) if sns_attributes else {}
    record = Delivery(
        protocol="sqs",
        endpoint=queue_arn,
        subscription_arn=subscription.arn,
        topic_arn=topic.arn,
        message_id=failed.message_id,
        message_type="Notification",
        message=failed.message,
        subject=failed.subject,
        at=context.now,
        body=body,
        message_attributes=attributes if raw else {},
        group_id=failed.group_id,
        dedup_id=failed.dedup_id,
        extra={"dead_letter": True, "failed_delivery": failed, "raw": raw},
    )
    context.fake.record_delivery(record)
    attempt_delivery(context, record, redrive=False)


def _sqs_client(context: Context, region: str) -> Any:
    forward = context.fake.forward_sqs
    if forward is True:
        cache = context.fake._sqs_clients
        client = cache.get(region)
        if client is None:
            import botocore.session

            client = cache[region] = botocore.session.get_session().create_client("sqs", region_name=region)
        return client
    if callable(forward) and not hasattr(forward, "send_message"):
        return forward(region)
    return forward


def forward_to_sqs(context: Context, record: Delivery) -> str | None:
    """Send one SQS delivery through a botocore SQS client; a failure reason, or None."""
    parts = record.endpoint.split(":")
    if len(parts) < 6:
        return f"not a queue ARN: {record.endpoint}"
    region, account, name = parts[3], parts[4], parts[5]
    client = _sqs_client(context, region)
    try:
        url = client.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"]
        request: dict[str, Any] = {"QueueUrl": url, "MessageBody": record.body}
        if record.message_attributes:
            request["MessageAttributes"] = dict(record.message_attributes)
        if name.endswith(".fifo"):
            if record.group_id is not None:
                request["MessageGroupId"] = record.group_id
            if record.dedup_id is not None:
                request["MessageDeduplicationId"] = record.dedup_id
        elif record.group_id is not None:
            request["MessageGroupId"] = record.group_id
        client.send_message(**request)
    except Exception as error:  # the SQS side failed: SNS records it and moves on
        return f"SQS refused the message: {error}"
    return None

