"""A Lambda subscriber run in-process with ``sns_fake.on_lambda``.

``audit_handler`` stands for your function's code. The function does not have to exist
anywhere: snsfake has no Lambda service, it calls the handler registered for the ARN.
"""

from __future__ import annotations

from typing import Any

import boto3

from snsfake import SnsFake

AUDIT = "arn:aws:lambda:us-east-1:123456789012:function:audit"
audited: list[str] = []


# ---------------------------------------------------------------- application code
def audit_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    for record in event["Records"]:
        audited.append(record["Sns"]["Message"])
    return {"statusCode": 500}  # ignored: SNS invokes the function asynchronously and never sees it


# ---------------------------------------------------------------- tests
def test_the_handler_receives_each_message(sns_fake: SnsFake) -> None:
    audited.clear()
    sns_fake.on_lambda(AUDIT, audit_handler)
    sns = boto3.client("sns")
    topic = sns.create_topic(Name="orders")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=AUDIT + ":prod")  # an alias of the function

    sns.publish(TopicArn=topic, Message="paid")

    assert audited == ["paid"]
    delivery = sns_fake.deliveries.one(protocol="lambda")
    assert delivery.endpoint == AUDIT + ":prod"
    assert (delivery.status, delivery.attempts) == ("delivered", 1)


def test_qualified_and_unqualified_arns_match_each_other(sns_fake: SnsFake) -> None:
    calls: list[tuple[str, str]] = []
    sns_fake.on_lambda(AUDIT + ":prod", lambda event, context: calls.append(("prod", context.invoked_function_arn)))
    sns_fake.on_lambda(AUDIT, lambda event, context: calls.append(("any", context.invoked_function_arn)))
    sns = boto3.client("sns")
    topic = sns.create_topic(Name="orders")["TopicArn"]
    for endpoint in (AUDIT, AUDIT + ":prod", AUDIT + ":$LATEST", AUDIT + "-v2"):
        sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=endpoint)

    sns.publish(TopicArn=topic, Message="paid")

    # The first handler registered that matches runs: ":prod" also answers the unqualified ARN.
    assert calls == [("prod", AUDIT), ("prod", AUDIT + ":prod"), ("any", AUDIT + ":$LATEST")]
    # No handler matches "audit-v2" (another function): its delivery is captured all the same.
    assert sns_fake.deliveries.one(endpoint=AUDIT + "-v2").message == "paid"


def test_a_function_that_raises_is_lambdas_to_retry(sns_fake: SnsFake) -> None:
    runs: list[str] = []

    def flaky(event: dict[str, Any], context: Any) -> None:
        runs.append(context.aws_request_id)
        if len(runs) < 3:
            raise TimeoutError("the database is waking up")

    sns_fake.on_lambda(AUDIT, flaky)
    sns = boto3.client("sns")
    topic = sns.create_topic(Name="orders")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=AUDIT)

    sns.publish(TopicArn=topic, Message="paid")

    delivery = sns_fake.deliveries.one(protocol="lambda")
    assert (delivery.status, delivery.attempts) == ("delivered", 1)  # SNS handed the event to Lambda
    assert delivery.extra["invocations"] == 3  # Lambda ran the function twice more...
    assert delivery.extra["function_retry_delays"] == [60.0, 120.0]  # ...1 and 2 minutes later
    assert len(set(runs)) == 1  # with the same request id
