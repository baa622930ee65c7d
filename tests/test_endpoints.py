"""In-process endpoints through boto3: on_http and on_lambda handlers, retries by delivery policy
and dead-letter queues. (forward_sqs into moto's SQS: test_forward_sqs.py.)"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import ACCOUNT, REGION, make_client
from sns_helpers import CONFIRMATION_KEYS, NOTIFICATION_KEYS, subscribe_confirmed

HOOK = "https://hooks.example.com/sns"
FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:order-handler"
DLQ = f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders-dlq"
TEXT_PLAIN = "text/plain; charset=UTF-8"
USER_AGENT = "Amazon Simple Notification Service Agent"


# --------------------------------------------------------------------------- helpers
class Recorder:
    """An http handler: keeps every request and answers the scripted statuses (then the last one)."""

    def __init__(self, *answers: int | BaseException) -> None:
        self.requests: list[Any] = []
        self.answers = list(answers) or [200]

    def __call__(self, request: Any) -> int:
        self.requests.append(request)
        answer = self.answers[min(len(self.requests), len(self.answers)) - 1]
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def of_type(self, message_type: str) -> list[Any]:
        return [r for r in self.requests if r.headers["x-amz-sns-message-type"] == message_type]


def lower_keys(headers: Any) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def sent_headers(request: Any, sns_headers: dict[str, str]) -> dict[str, str]:
    """What an endpoint receives: the given x-amz-sns-* headers, and those every SNS POST carries."""
    return {
        **sns_headers,
        "content-length": str(len(request.body.encode("utf-8"))),
        "content-type": TEXT_PLAIN,
        "host": "hooks.example.com",
        "connection": "Keep-Alive",
        "user-agent": USER_AGENT,
        "accept-encoding": "gzip,deflate",
    }


@pytest.fixture
def hook(sns_fake: Any) -> Recorder:
    """A Recorder answering every request to HOOK."""
    recorder = Recorder()
    sns_fake.on_http(HOOK, recorder)
    return recorder


def subscription_arns(sns: Any, topic_arn: str) -> list[str]:
    return [
        s["SubscriptionArn"] for s in sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"]
    ]


# --------------------------------------------------------------------------- on_http: what the handler receives
def test_subscription_confirmation_is_posted_before_subscribe_returns(
    sns: Any, sns_fake: Any, topic_arn: str, hook: Recorder
) -> None:

    answer = sns.subscribe(TopicArn=topic_arn, Protocol="https", Endpoint=HOOK)

    assert answer["SubscriptionArn"] == "pending confirmation"
    [request] = hook.requests  # delivered synchronously, inside the Subscribe call
    delivery = sns_fake.deliveries.one(message_type="SubscriptionConfirmation")
    assert request.method == "POST"
    assert request.url == HOOK
    assert request.body == delivery.body
    body = json.loads(request.body)
    assert list(body) == CONFIRMATION_KEYS
    assert lower_keys(request.headers) == sent_headers(
        request,
        {
            "x-amz-sns-message-type": "SubscriptionConfirmation",
            "x-amz-sns-message-id": body["MessageId"],
            "x-amz-sns-topic-arn": topic_arn,
        },
    )
    # in the order of AWS's header examples
    assert [name.lower() for name in request.headers][3:7] == ["content-length", "content-type", "host", "connection"]
    assert "Content-Length" not in delivery.headers  # the record keeps SNS's own headers
    assert "Host" not in delivery.headers
    assert "x-amz-sns-subscription-arn" not in lower_keys(request.headers)
    assert body["Type"] == "SubscriptionConfirmation"
    assert body["TopicArn"] == topic_arn
    assert body["Token"] == delivery.extra["token"]
    assert body["Message"] == (
        f"You have chosen to subscribe to the topic {topic_arn}.\n"
        "To confirm the subscription, visit the SubscribeURL included in this message."
    )
    assert request.json == body
    assert delivery.status == "delivered"
    assert delivery.attempts == 1


def test_handler_may_confirm_from_inside_the_subscribe_call(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    """A real endpoint confirms as soon as the confirmation arrives: a re-entrant call must not deadlock."""
    confirmed: list[str] = []

    def endpoint(request: Any) -> int:
        if request.headers["x-amz-sns-message-type"] == "SubscriptionConfirmation":
            message = request.json
            client = make_client()
            answer = client.confirm_subscription(TopicArn=message["TopicArn"], Token=message["Token"])
            confirmed.append(answer["SubscriptionArn"])
        return 200

    sns_fake.on_http(HOOK, endpoint)
    arn = sns.subscribe(TopicArn=topic_arn, Protocol="https", Endpoint=HOOK, ReturnSubscriptionArn=True)[
        "SubscriptionArn"
    ]

    assert confirmed == [arn]
    attributes = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert attributes["PendingConfirmation"] == "false"


def test_notification_request_non_raw(sns: Any, sns_fake: Any, topic_arn: str, hook: Recorder) -> None:
    arn = subscribe_confirmed(sns, sns_fake, topic_arn, "https", HOOK)

    message_id = sns.publish(
        TopicArn=topic_arn,
        Message="order 42 shipped",
        Subject="Shipping",
        MessageAttributes={"kind": {"DataType": "String", "StringValue": "shipped"}},
    )["MessageId"]

    [request] = hook.of_type("Notification")
    delivery = sns_fake.deliveries.one(message_type="Notification")
    assert request.method == "POST"
    assert request.url == HOOK
    assert request.body == delivery.body
    assert lower_keys(request.headers) == sent_headers(
        request,
        {
            "x-amz-sns-message-type": "Notification",
            "x-amz-sns-message-id": message_id,
            "x-amz-sns-topic-arn": topic_arn,
            "x-amz-sns-subscription-arn": arn,
        },
    )
    body = json.loads(request.body)
    assert list(body) == NOTIFICATION_KEYS
    assert body["MessageId"] == message_id
    assert body["Message"] == "order 42 shipped"
    assert body["Subject"] == "Shipping"
    assert body["UnsubscribeURL"] == (
        f"https://sns.{REGION}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={arn}"
    )
    assert body["MessageAttributes"] == {"kind": {"Type": "String", "Value": "shipped"}}
    assert delivery.status == "delivered"
    assert delivery.attempts == 1
    assert delivery.extra["retry_delays"] == []


def test_notification_request_raw(sns: Any, sns_fake: Any, topic_arn: str, hook: Recorder) -> None:
    arn = subscribe_confirmed(sns, sns_fake, topic_arn, "https", HOOK, RawMessageDelivery="true")

    message_id = sns.publish(
        TopicArn=topic_arn,
        Message='{"order": 42}',
        MessageAttributes={"kind": {"DataType": "String", "StringValue": "shipped"}},
    )["MessageId"]

    [request] = hook.of_type("Notification")
    assert request.body == '{"order": 42}'  # the message verbatim, no envelope, no attributes
    assert request.body == sns_fake.deliveries.one(message_type="Notification").body
    assert lower_keys(request.headers) == sent_headers(
        request,
        {
            "x-amz-sns-message-type": "Notification",
            "x-amz-sns-message-id": message_id,
            "x-amz-sns-topic-arn": topic_arn,
            "x-amz-sns-subscription-arn": arn,
            "x-amz-sns-rawdelivery": "true",
        },
    )


def test_content_type_comes_from_the_subscription_delivery_policy(
    sns: Any, sns_fake: Any, topic_arn: str, hook: Recorder
) -> None:
    policy = json.dumps({"requestPolicy": {"headerContentType": "application/json"}})
    subscribe_confirmed(sns, sns_fake, topic_arn, "https", HOOK, DeliveryPolicy=policy)

    sns.publish(TopicArn=topic_arn, Message="hello")

    [confirmation] = hook.of_type("SubscriptionConfirmation")
    [notification] = hook.of_type("Notification")
    assert confirmation.headers["Content-Type"] == TEXT_PLAIN  # confirmations are always text/plain
    assert notification.headers["Content-Type"] == "application/json"


def test_content_type_falls_back_to_the_topic_delivery_policy(
    sns: Any, sns_fake: Any, topic_arn: str, hook: Recorder
) -> None:
    policy = {"http": {"defaultRequestPolicy": {"headerContentType": "application/xml"}}}
    sns.set_topic_attributes(
        TopicArn=topic_arn, AttributeName="DeliveryPolicy", AttributeValue=json.dumps(policy)
    )
    subscribe_confirmed(sns, sns_fake, topic_arn, "http", "http://hooks.example.com/sns")
    sns_fake.on_http("http://hooks.example.com/", hook)

    sns.publish(TopicArn=topic_arn, Message="hello")

    [notification] = hook.of_type("Notification")
    assert notification.url == "http://hooks.example.com/sns"
    assert notification.headers["Content-Type"] == "application/xml"


def test_unsubscribe_confirmation_request(sns: Any, sns_fake: Any, topic_arn: str, hook: Recorder) -> None:
    arn = subscribe_confirmed(sns, sns_fake, topic_arn, "https", HOOK)

    sns.unsubscribe(SubscriptionArn=arn)

    [request] = hook.of_type("UnsubscribeConfirmation")
    delivery = sns_fake.deliveries.one(message_type="UnsubscribeConfirmation")
    body = json.loads(request.body)
    assert request.method == "POST"
    assert request.url == HOOK
    assert request.body == delivery.body
    assert list(body) == CONFIRMATION_KEYS
    assert lower_keys(request.headers) == sent_headers(
        request,
        {
            "x-amz-sns-message-type": "UnsubscribeConfirmation",
            "x-amz-sns-message-id": body["MessageId"],
            "x-amz-sns-topic-arn": topic_arn,
            "x-amz-sns-subscription-arn": arn,
        },
    )
    assert body["Message"] == (
        f"You have chosen to deactivate subscription {arn}.\n"
        "To cancel this operation and restore the subscription, visit the SubscribeURL included in this message."
    )


def test_longest_prefix_wins_whatever_the_registration_order(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    specific, broad, other = Recorder(), Recorder(), Recorder()
    sns_fake.on_http("https://hooks.example.com/orders/", specific)
    sns_fake.on_http("https://hooks.example.com/", broad)
    sns_fake.on_http("https://elsewhere.example.com/", other)
    subscribe_confirmed(sns, sns_fake, topic_arn, "https", "https://hooks.example.com/orders/created")
    subscribe_confirmed(sns, sns_fake, topic_arn, "https", "https://hooks.example.com/billing")

    sns.publish(TopicArn=topic_arn, Message="hello")

    assert [r.url for r in specific.requests] == ["https://hooks.example.com/orders/created"] * 2
    assert [r.url for r in broad.requests] == ["https://hooks.example.com/billing"] * 2
    assert other.requests == []


def test_endpoint_without_handler_is_captured_but_not_called(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    hook = Recorder()
    sns_fake.on_http("https://other.example.com/", hook)
    subscribe_confirmed(sns, sns_fake, topic_arn, "https", HOOK)

    sns.publish(TopicArn=topic_arn, Message="hello")

    assert hook.requests == []
    delivery = sns_fake.deliveries.one(message_type="Notification")
    assert delivery.status == "delivered"
    assert delivery.attempts == 1


# --------------------------------------------------------------------------- on_http: retries and failures
@pytest.mark.usefixtures("no_sleep")
@pytest.mark.parametrize(
    "failure", [500, 503, RuntimeError("connection reset")], ids=["500", "503", "raises"]
)
def test_failing_endpoint_is_retried_by_the_default_policy_with_the_same_request(
    sns: Any, sns_fake: Any, topic_arn: str, failure: int | BaseException
) -> None:
    hook = Recorder(200, failure)  # the confirmation succeeds, every notification attempt fails
    sns_fake.on_http(HOOK, hook)
    arn = subscribe_confirmed(sns, sns_fake, topic_arn, "https", HOOK)

    answer = sns.publish(TopicArn=topic_arn, Message="hello")

    assert answer["MessageId"]  # a failed delivery never fails the Publish
    attempts = hook.of_type("Notification")
    assert len(attempts) == 4
    assert {(r.url, r.body, tuple(r.headers.items())) for r in attempts} == {
        (HOOK, attempts[0].body, tuple(attempts[0].headers.items()))
    }
    delivery = sns_fake.deliveries.one(message_type="Notification")
    assert attempts[0].body == delivery.body
    assert delivery.status == "failed"
    assert delivery.attempts == 4  # 1 + numRetries (default 3)
    assert delivery.extra["retry_delays"] == [20, 20, 20]  # linear, min = max = 20 s
    assert delivery.detail
    assert subscription_arns(sns, topic_arn) == [arn]
    # later messages are still attempted: the subscription is not disabled
    sns.publish(TopicArn=topic_arn, Message="again")
    assert len(hook.of_type("Notification")) == 8


@pytest.mark.usefixtures("no_sleep")
def test_retries_stop_after_an_hour_whatever_the_policy(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    hook = Recorder(500)
    sns_fake.on_http(HOOK, hook)
    retry = {"minDelayTarget": 1, "maxDelayTarget": 3600, "numRetries": 100, "numMaxDelayRetries": 50}
    subscribe_confirmed(
        sns, sns_fake, topic_arn, "https", HOOK, DeliveryPolicy=json.dumps({"healthyRetryPolicy": retry})
    )

    sns.publish(TopicArn=topic_arn, Message="hello")

    delivery = sns_fake.deliveries.one(message_type="Notification")
    delays = delivery.extra["retry_delays"]
    assert sum(delays) <= 3600
    assert delays == sorted(delays)  # a linear backoff towards maxDelayTarget
    assert len(delays) < 100
    assert delivery.attempts == len(delays) + 1 == len(hook.of_type("Notification"))
    assert delivery.status == "failed"


@pytest.mark.usefixtures("no_sleep")
def test_custom_policy_phases_and_exponential_backoff(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    hook = Recorder(200, 500)
    sns_fake.on_http(HOOK, hook)
    retry = {
        "minDelayTarget": 2,
        "maxDelayTarget": 32,
        "numRetries": 9,
        "numNoDelayRetries": 2,
        "numMinDelayRetries": 2,
        "numMaxDelayRetries": 1,
        "backoffFunction": "exponential",
    }
    subscribe_confirmed(
        sns, sns_fake, topic_arn, "https", HOOK, DeliveryPolicy=json.dumps({"healthyRetryPolicy": retry})
    )

    sns.publish(TopicArn=topic_arn, Message="hello")

    delivery = sns_fake.deliveries.one(message_type="Notification")
    assert delivery.attempts == 10
    assert len(hook.of_type("Notification")) == 10
    # immediate (2×0) · pre-backoff (2×min) · backoff 4 steps from min to max · post-backoff (1×max)
    backoff = [2 + (32 - 2) * (2**step - 1) / (2**4 - 1) for step in range(1, 5)]
    assert delivery.extra["retry_delays"] == pytest.approx([0, 0, 2, 2, *backoff, 32])
    assert delivery.extra["retry_delays"] == pytest.approx([0, 0, 2, 2, 4, 8, 16, 32, 32])


@pytest.mark.usefixtures("no_sleep")
@pytest.mark.parametrize(
    ("function", "expected"),
    [
        ("linear", [17.5, 25, 32.5, 40]),
        ("geometric", [10 * 4 ** (step / 4) for step in range(1, 5)]),
        ("exponential", [10 + 30 * (2**step - 1) / 15 for step in range(1, 5)]),
    ],
)
def test_backoff_functions_climb_from_min_to_max(
    sns: Any, sns_fake: Any, topic_arn: str, function: str, expected: list[float]
) -> None:
    sns_fake.on_http(HOOK, Recorder(200, 500))
    retry = {"minDelayTarget": 10, "maxDelayTarget": 40, "numRetries": 4, "backoffFunction": function}
    subscribe_confirmed(
        sns, sns_fake, topic_arn, "https", HOOK, DeliveryPolicy=json.dumps({"healthyRetryPolicy": retry})
    )

    sns.publish(TopicArn=topic_arn, Message="hello")

    delays = sns_fake.deliveries.one(message_type="Notification").extra["retry_delays"]
    assert delays == pytest.approx(expected, abs=1e-3)
    assert delays == sorted(delays)
    assert delays[-1] == 40


@pytest.mark.usefixtures("no_sleep")
def test_topic_delivery_policy_sets_the_retries(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    policy = {
        "http": {"defaultHealthyRetryPolicy": {"numRetries": 1, "minDelayTarget": 5, "maxDelayTarget": 5}}
    }
    sns.set_topic_attributes(
        TopicArn=topic_arn, AttributeName="DeliveryPolicy", AttributeValue=json.dumps(policy)
    )
    hook = Recorder(200, 500)
    sns_fake.on_http(HOOK, hook)
    subscribe_confirmed(sns, sns_fake, topic_arn, "https", HOOK)

    sns.publish(TopicArn=topic_arn, Message="hello")

    delivery = sns_fake.deliveries.one(message_type="Notification")
    assert (delivery.status, delivery.attempts, delivery.extra["retry_delays"]) == ("failed", 2, [5])


@pytest.mark.usefixtures("no_sleep")
def test_disable_subscription_overrides_ignores_the_subscription_policy(
    sns: Any, sns_fake: Any, topic_arn: str
) -> None:
    policy = {
        "http": {
            "defaultHealthyRetryPolicy": {"numRetries": 0},
            "disableSubscriptionOverrides": True,
        }
    }
    sns.set_topic_attributes(
        TopicArn=topic_arn, AttributeName="DeliveryPolicy", AttributeValue=json.dumps(policy)
    )
    hook = Recorder(200, 500)
    sns_fake.on_http(HOOK, hook)
    own = {"healthyRetryPolicy": {"numRetries": 5}}
    subscribe_confirmed(sns, sns_fake, topic_arn, "https", HOOK, DeliveryPolicy=json.dumps(own))

    sns.publish(TopicArn=topic_arn, Message="hello")

    delivery = sns_fake.deliveries.one(message_type="Notification")
    assert (delivery.status, delivery.attempts, delivery.extra["retry_delays"]) == ("failed", 1, [])


@pytest.mark.usefixtures("no_sleep")
def test_success_on_the_second_attempt(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    hook = Recorder(200, 500, 204)
    sns_fake.on_http(HOOK, hook)
    subscribe_confirmed(
        sns, sns_fake, topic_arn, "https", HOOK, RedrivePolicy=json.dumps({"deadLetterTargetArn": DLQ})
    )

    sns.publish(TopicArn=topic_arn, Message="hello")

    delivery = sns_fake.deliveries.one(message_type="Notification")
    assert delivery.status == "delivered"
    assert delivery.attempts == 2
    assert delivery.extra["retry_delays"] == [20]
    assert len(hook.of_type("Notification")) == 2
    sns_fake.deliveries.assert_count(0, endpoint=DLQ)


@pytest.mark.parametrize("status", [200, 201, 299, 302, 400, 404, 499])
def test_statuses_below_500_count_as_delivered(sns: Any, sns_fake: Any, topic_arn: str, status: int) -> None:
    """AWS "Prepare your HTTP/S endpoint": a status outside 200–4xx is a failed attempt (delivery.md §3.2)."""
    hook = Recorder(200, status)
    sns_fake.on_http(HOOK, hook)
    subscribe_confirmed(sns, sns_fake, topic_arn, "https", HOOK)

    sns.publish(TopicArn=topic_arn, Message="hello")

    delivery = sns_fake.deliveries.one(message_type="Notification")
    assert (delivery.status, delivery.attempts) == ("delivered", 1)


# --------------------------------------------------------------------------- dead-letter queue
@pytest.mark.usefixtures("no_sleep")
def test_exhausted_http_delivery_goes_to_the_dead_letter_queue(
    sns: Any, sns_fake: Any, topic_arn: str
) -> None:
    hook = Recorder(200, 500)
    sns_fake.on_http(HOOK, hook)
    arn = subscribe_confirmed(
        sns, sns_fake, topic_arn, "https", HOOK, RedrivePolicy=json.dumps({"deadLetterTargetArn": DLQ})
    )

    message_id = sns.publish(
        TopicArn=topic_arn,
        Message="hello",
        MessageAttributes={"kind": {"DataType": "String", "StringValue": "greeting"}},
    )["MessageId"]

    failed = sns_fake.deliveries.one(message_type="Notification", protocol="https")
    dead = sns_fake.deliveries.one(endpoint=DLQ)
    assert list(sns_fake.deliveries)[-2:] == [failed, dead]
    assert failed.status == "failed"
    assert failed.attempts == 4
    assert dead.protocol == "sqs"
    assert dead.message_type == "Notification"
    assert dead.message_id == message_id
    assert dead.subscription_arn == arn
    assert dead.topic_arn == topic_arn
    assert dead.body == failed.body  # the envelope the endpoint was offered, unchanged
    assert dead.json["MessageAttributes"] == {"kind": {"Type": "String", "Value": "greeting"}}
    assert dead.message_attributes == {}  # nothing added on the SQS side
    assert dead.status == "delivered"
    assert dead.extra["dead_letter"] is True


@pytest.mark.usefixtures("no_sleep")
def test_raw_http_delivery_dead_letters_raw_body_and_attributes(
    sns: Any, sns_fake: Any, topic_arn: str
) -> None:
    sns_fake.on_http(HOOK, Recorder(200, 500))
    subscribe_confirmed(
        sns,
        sns_fake,
        topic_arn,
        "https",
        HOOK,
        RawMessageDelivery="true",
        RedrivePolicy=json.dumps({"deadLetterTargetArn": DLQ}),
    )

    sns.publish(
        TopicArn=topic_arn,
        Message="raw hello",
        MessageAttributes={
            "kind": {"DataType": "String", "StringValue": "greeting"},
            "count": {"DataType": "Number", "StringValue": "3"},
        },
    )

    dead = sns_fake.deliveries.one(endpoint=DLQ)
    assert dead.body == "raw hello"
    assert dict(dead.message_attributes) == {
        "kind": {"DataType": "String", "StringValue": "greeting"},
        "count": {"DataType": "Number", "StringValue": "3"},
    }


@pytest.mark.usefixtures("no_sleep")
def test_failed_confirmations_are_not_retried_nor_dead_lettered(
    sns: Any, sns_fake: Any, topic_arn: str
) -> None:
    hook = Recorder(500)
    sns_fake.on_http(HOOK, hook)

    arn = sns.subscribe(
        TopicArn=topic_arn,
        Protocol="https",
        Endpoint=HOOK,
        Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": DLQ})},
        ReturnSubscriptionArn=True,
    )["SubscriptionArn"]

    confirmation = sns_fake.deliveries.one(message_type="SubscriptionConfirmation")
    assert confirmation.status == "failed"
    assert len(hook.requests) == 1
    sns_fake.confirm(arn)
    hook.answers = [500]
    sns.unsubscribe(SubscriptionArn=arn)
    assert sns_fake.deliveries.one(message_type="UnsubscribeConfirmation").status == "failed"
    sns_fake.deliveries.assert_count(0, endpoint=DLQ)


# --------------------------------------------------------------------------- on_lambda
def test_lambda_handler_gets_the_records_event_and_a_context(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    calls: list[tuple[Any, Any]] = []
    sns_fake.on_lambda(FUNCTION, lambda event, context: calls.append((event, context)))
    arn = sns.subscribe(TopicArn=topic_arn, Protocol="lambda", Endpoint=FUNCTION)["SubscriptionArn"]

    message_id = sns.publish(TopicArn=topic_arn, Message="hello", Subject="Greeting")["MessageId"]

    [(event, context)] = calls
    delivery = sns_fake.deliveries.one(protocol="lambda")
    assert event == json.loads(delivery.body)
    [record] = event["Records"]
    assert record["EventSource"] == "aws:sns"
    assert record["EventVersion"] == "1.0"
    assert record["EventSubscriptionArn"] == arn
    assert record["Sns"]["Type"] == "Notification"
    assert record["Sns"]["MessageId"] == message_id
    assert record["Sns"]["Message"] == "hello"
    assert record["Sns"]["Subject"] == "Greeting"
    assert context.function_name == "order-handler"
    assert context.invoked_function_arn == FUNCTION
    assert isinstance(context.aws_request_id, str) and len(context.aws_request_id) == 36
    assert delivery.status == "delivered"
    assert delivery.attempts == 1


def test_each_lambda_invocation_gets_a_fresh_request_id(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    contexts: list[Any] = []
    sns_fake.on_lambda(FUNCTION, lambda event, context: contexts.append(context))
    sns.subscribe(TopicArn=topic_arn, Protocol="lambda", Endpoint=FUNCTION)

    sns.publish(TopicArn=topic_arn, Message="one")
    sns.publish(TopicArn=topic_arn, Message="two")

    assert len({c.aws_request_id for c in contexts}) == 2


@pytest.mark.parametrize(
    ("failures", "error", "invocations", "errors", "delays"),
    [
        (3, ValueError("boom"), 3, ["handler raised ValueError: boom"] * 3, [60.0, 120.0]),  # always fails
        (1, TimeoutError("cold start"), 2, ["handler raised TimeoutError: cold start"], [60.0]),
    ],
    ids=["always-fails", "fails-once"],
)
def test_a_failing_function_is_retried_by_lambda_not_dead_lettered_by_sns(
    sns: Any,
    sns_fake: Any,
    topic_arn: str,
    failures: int,
    error: Exception,
    invocations: int,
    errors: list[str],
    delays: list[float],
) -> None:
    # AWS doc "How Lambda handles errors and retries with asynchronous invocation": a function error
    # is retried by Lambda (twice, 1 then 2 minutes later), then goes to the function's own
    # on-failure destination; SNS delivered the event, so its subscription's DLQ gets nothing.
    calls: list[Any] = []

    def handler(event: Any, context: Any) -> None:
        calls.append(event)
        if len(calls) <= failures:
            raise error

    sns_fake.on_lambda(FUNCTION, handler)
    sns.subscribe(
        TopicArn=topic_arn,
        Protocol="lambda",
        Endpoint=FUNCTION,
        Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": DLQ})},
    )

    sns.publish(TopicArn=topic_arn, Message="hello")

    delivery = sns_fake.deliveries.one(protocol="lambda")
    assert (delivery.status, delivery.attempts, delivery.detail) == ("delivered", 1, "")
    assert delivery.extra["invocations"] == len(calls) == invocations
    assert delivery.extra["function_errors"] == errors
    assert delivery.extra["function_retry_delays"] == delays
    assert calls == [calls[0]] * invocations
    sns_fake.deliveries.assert_count(0, endpoint=DLQ)


def test_lambdas_retries_of_one_event_share_its_request_id(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    # AWS Knowledge Center "lambda-function-duplicate-invocations": retried invocations that
    # returned an error have the same request ID.
    calls: list[Any] = []

    def broken(event: Any, context: Any) -> None:
        calls.append(context.aws_request_id)
        raise RuntimeError("broken")

    sns_fake.on_lambda(FUNCTION, broken)
    sns.subscribe(TopicArn=topic_arn, Protocol="lambda", Endpoint=FUNCTION)

    answer = sns.publish(TopicArn=topic_arn, Message="hello")
    sns.publish(TopicArn=topic_arn, Message="again")

    assert answer["MessageId"]
    assert len(calls) == 6 and len(set(calls)) == 2
    assert calls[:3] == [calls[0]] * 3


def test_lambda_qualified_subscription_reaches_the_function_handler(
    sns: Any, sns_fake: Any, topic_arn: str
) -> None:
    contexts: list[Any] = []
    sns_fake.on_lambda(FUNCTION, lambda event, context: contexts.append(context))
    sns.subscribe(TopicArn=topic_arn, Protocol="lambda", Endpoint=FUNCTION + ":live")

    sns.publish(TopicArn=topic_arn, Message="hello")

    [context] = contexts
    assert context.function_name == "order-handler"
    assert context.invoked_function_arn == FUNCTION + ":live"


def test_handler_returning_nothing_counts_as_delivered(sns: Any, sns_fake: Any, topic_arn: str) -> None:
    received: list[Any] = []
    sns_fake.on_http("https://quiet.example.com/", received.append)
    subscribe_confirmed(sns, sns_fake, topic_arn, "https", "https://quiet.example.com/h")
    sns.publish(TopicArn=topic_arn, Message="hi")
    delivery = sns_fake.deliveries.one(message_type="Notification")
    assert (delivery.status, delivery.attempts) == ("delivered", 1)
    assert [request.headers["x-amz-sns-message-type"] for request in received] == [
        "SubscriptionConfirmation",
        "Notification",
    ]


def test_registering_a_handler_again_replaces_it_and_off_removes_it(
    sns: Any, sns_fake: Any, topic_arn: str
) -> None:
    function = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:audit"
    sns_fake.on_http(HOOK, lambda request: 500)
    sns_fake.on_http(HOOK, lambda request: 200)  # the later registration answers
    sns_fake.on_lambda(function, lambda event, context: 1 / 0)
    seen: list[str] = []
    sns_fake.on_lambda(function, lambda event, context: seen.append(event["Records"][0]["Sns"]["Message"]))
    subscribe_confirmed(sns, sns_fake, topic_arn, "https", HOOK)
    sns.subscribe(TopicArn=topic_arn, Protocol="lambda", Endpoint=function)
    sns.publish(TopicArn=topic_arn, Message="first")
    assert sns_fake.deliveries.one(protocol="https", message="first").status == "delivered"
    assert sns_fake.deliveries.one(protocol="lambda", message="first").status == "delivered"
    assert seen == ["first"]

    sns_fake.off_http(HOOK)
    sns_fake.off_lambda(function)
    sns.publish(TopicArn=topic_arn, Message="second")
    https = sns_fake.deliveries.one(protocol="https", message="second")
    assert (https.status, https.attempts, "retry_delays" in https.extra) == ("delivered", 1, False)  # captured only
    assert seen == ["first"]
    with pytest.raises(LookupError, match=r"^snsfake: no on_http handler is registered for 'https://nowhere'$"):
        sns_fake.off_http("https://nowhere")
    with pytest.raises(LookupError, match=r"^snsfake: no on_lambda handler is registered for 'arn:x'$"):
        sns_fake.off_lambda("arn:x")
