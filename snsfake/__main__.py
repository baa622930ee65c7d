"""``python -m snsfake demo``: a short, realistic scenario printing what each endpoint received."""

from __future__ import annotations

import sys
import textwrap
from typing import Any

__all__ = ["main"]

USAGE = "usage: python -m snsfake demo"


def demo() -> None:
    """Topic with SQS, email and SMS subscribers; one publish; print every delivery."""
    import botocore.session

    from .fake import mock_sns

    with mock_sns(sms_sandbox=False, auto_confirm=True) as fake:
        sns: Any = botocore.session.get_session().create_client(
            "sns", region_name="us-east-1", aws_access_key_id="demo", aws_secret_access_key="demo"
        )
        topic = sns.create_topic(Name="orders", Attributes={"DisplayName": "Shop"})["TopicArn"]
        sns.subscribe(
            TopicArn=topic,
            Protocol="sqs",
            Endpoint="arn:aws:sqs:us-east-1:123456789012:billing",
            Attributes={"FilterPolicy": '{"status": ["paid"]}'},
        )
        sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com")
        sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint="+15555550100")
        print(f"topic {topic}: 3 subscriptions (sqs with a filter policy, email, sms)\n")
        for status in ("paid", "draft"):
            response = sns.publish(
                TopicArn=topic,
                Subject="Order 7",
                Message=f'{{"order": 7, "status": "{status}"}}',
                MessageAttributes={"status": {"DataType": "String", "StringValue": status}},
            )
            print(f"publish status={status!r} → MessageId {response['MessageId']}")
    print()
    for delivery in fake.deliveries:
        print(f"── {delivery.protocol} {delivery.endpoint}  ({delivery.message_type})")
        for name, value in delivery.headers.items():
            print(f"   {name}: {value}")
        print(textwrap.indent(delivery.body, "   "))
        print()
    for skipped in fake.skipped:
        print(f"── skipped {skipped.protocol} {skipped.endpoint}: {skipped.reason}: {skipped.detail}")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args != ["demo"]:
        print(USAGE, file=sys.stderr)
        return 2
    demo()
    return 0


if __name__ == "__main__":
    sys.exit(main())
