"""Profile snsfake's hot path through a real botocore client.

    python benchmarks/profile_hot_path.py                 # all four workloads
    python benchmarks/profile_hot_path.py publish_10      # one of them
    python benchmarks/profile_hot_path.py --own           # snsfake's handlers only, without botocore

Uses pyinstrument when installed (``pip install pyinstrument``), cProfile otherwise.
``--own`` calls the two botocore handlers directly, the way botocore would, so the
tree shows only what snsfake itself spends.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import boto3
from botocore import xform_name

import snsfake
from snsfake import hooks

REGION = "us-east-1"
QUEUE = "arn:aws:sqs:us-east-1:123456789012:"
ATTRIBUTES = {"kind": {"DataType": "String", "StringValue": "order"}}


def workloads(client: Any) -> dict[str, tuple[str, dict[str, Any]]]:
    empty = client.create_topic(Name="profile-empty")["TopicArn"]
    fan = client.create_topic(Name="profile-fan10")["TopicArn"]
    for index in range(10):
        client.subscribe(TopicArn=fan, Protocol="sqs", Endpoint=f"{QUEUE}profile-{index}")
    return {
        "create_topic": ("CreateTopic", {"Name": "profile-empty"}),
        "publish_0": ("Publish", {"TopicArn": empty, "Message": "hello"}),
        "get_topic_attributes": ("GetTopicAttributes", {"TopicArn": empty}),
        "publish_10": (
            "Publish",
            {"TopicArn": fan, "Message": '{"order": 1}', "MessageAttributes": ATTRIBUTES},
        ),
        "publish_batch_10": (
            "PublishBatch",
            {
                "TopicArn": empty,
                "PublishBatchRequestEntries": [{"Id": f"m{i}", "Message": f"message {i}"} for i in range(10)],
            },
        ),
    }


def caller(client: Any, operation: str, params: dict[str, Any], own: bool) -> Callable[[], object]:
    if not own:
        method = getattr(client, xform_name(operation))
        return lambda: method(**params)
    model = client.meta.service_model.operation_model(operation)
    signer = client._request_signer

    def direct() -> object:
        context = {"client_region": REGION}
        hooks._stash(params=dict(params), context=context, model=model)
        return hooks._answer(model=model, params={}, context=context, request_signer=signer)

    return direct


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="create_topic, publish_0, get_topic_attributes, publish_10, publish_batch_10")
    parser.add_argument("--own", action="store_true", help="snsfake's handlers only, without botocore")
    parser.add_argument("--calls", type=int, default=3_000)
    args = parser.parse_args()
    try:
        from pyinstrument import Profiler
    except ImportError:
        Profiler = None
    client = boto3.session.Session().client(
        "sns", region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    with snsfake.mock_sns() as fake:
        table = workloads(client)
        for name in args.names or list(table):
            operation, params = table[name]
            call = caller(client, operation, params, args.own)
            for _ in range(200):
                call()
            fake.clear()
            print(
                f"\n=== {name} ({'snsfake only' if args.own else 'botocore + snsfake'}), {args.calls} calls"
            )
            if Profiler is not None:
                profiler = Profiler(interval=0.0001)
                profiler.start()
                for index in range(args.calls):
                    call()
                    if index % 500 == 499:
                        fake.clear()
                profiler.stop()
                print(profiler.output_text(unicode=False, color=False, show_all=False))
            else:
                profile = cProfile.Profile()
                profile.enable()
                for index in range(args.calls):
                    call()
                    if index % 500 == 499:
                        fake.clear()
                profile.disable()
                pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
            fake.clear()


if __name__ == "__main__":
    main()
