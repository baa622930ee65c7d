"""snsfake's benchmark suite: botocore's floor, snsfake and moto side by side, in one process.

    python benchmarks/run.py              # full run, about a minute and a half
    python benchmarks/run.py --quick      # under 20 s: fewer repeats, 2,000 subscriptions, 10,000 deliveries
    python benchmarks/run.py --no-moto    # floor and snsfake only
    python benchmarks/run.py --json out.json

Contenders (all live at once, each on its own client):

* floor   - a botocore SNS client whose ``before-call`` handler (registered on that client
            only) returns a constant parsed response: botocore's own cost per call;
* snsfake - an active ``snsfake.mock_sns()``;
* moto    - ``moto.mock_aws()`` (its handler sits at ``before-send``; snsfake's dormant
            handlers are unregistered from the floor's and moto's clients).

Figures are medians of per-call times; ratios are medians of per-round ratios (each
round times the contenders back to back, so machine drift cancels). See harness.py.
"""

from __future__ import annotations

import argparse
import collections
import copy
import gc
import importlib.util
import json
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # benchmark the checkout's snsfake

import boto3  # noqa: E402
import botocore  # noqa: E402
from botocore.awsrequest import AWSResponse  # noqa: E402
from harness import Case, Result, fmt_ratio, fmt_us, markdown_table, measure, paired_ratio  # noqa: E402

import snsfake  # noqa: E402
from snsfake import hooks  # noqa: E402

ACCOUNT = "123456789012"
REGION = "us-east-1"  # the hot path, fan-out and the large topic
LISTING_SMALL = 300  # three pages: the middle one takes a NextToken and returns one
SMALL_REGION = "us-west-2"  # the small topics: alone in their region, as the large one is in its own
HAS_FILTER_POLICY = importlib.util.find_spec("snsfake.filter_policy") is not None
FILTER_POLICY = '{"kind": ["order"]}'
FAN_MESSAGE = {
    "Message": '{"order": 1, "total": 12.5}',
    "MessageAttributes": {"kind": {"DataType": "String", "StringValue": "order"}},
}
_RESPONSE_METADATA = {
    "RequestId": "00000000-0000-4000-8000-000000000000",
    "HTTPStatusCode": 200,
    "HTTPHeaders": {"x-amzn-requestid": "00000000-0000-4000-8000-000000000000", "content-type": "text/xml"},
    "RetryAttempts": 0,
}


def queue_arn(region: str, name: str) -> str:
    return f"arn:aws:sqs:{region}:{ACCOUNT}:{name}"


# --------------------------------------------------------------------------- contenders
def _client(
    session: boto3.session.Session, region: str, *, bypass_snsfake: bool, service: str = "sns"
) -> Any:
    client = session.client(
        service, region_name=region, aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    if bypass_snsfake:
        client.meta.events.unregister("before-parameter-build.sns", hooks._stash)
        client.meta.events.unregister("before-call", hooks._answer)
        client.meta.events.unregister("before-send", hooks._send)
    return client


class Floor:
    """botocore alone: validation, serialization, endpoint resolution, events; a canned answer."""

    name = "floor"

    def __init__(self, session: boto3.session.Session) -> None:
        self.client = _client(session, REGION, bypass_snsfake=True)
        self._responses: dict[str, tuple[AWSResponse, dict[str, Any]]] = {}
        # Last, where snsfake answers: botocore's own before-call handlers run first, as for snsfake.
        self.client.meta.events.register_last("before-call", self._answer, unique_id="snsfake-bench-floor")

    def _answer(self, model: Any, **_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        return self._responses[model.name]

    def canned(self, operation: str, parsed: dict[str, Any]) -> None:
        """Answer ``operation`` with a copy of ``parsed`` (normally snsfake's answer to the same call)."""
        body = copy.deepcopy(parsed)
        body["ResponseMetadata"] = copy.deepcopy(_RESPONSE_METADATA)
        self._responses[operation] = (
            AWSResponse("", 200, body["ResponseMetadata"]["HTTPHeaders"], None),
            body,
        )


class SnsFakeContender:
    name = "snsfake"

    def __init__(self, session: boto3.session.Session) -> None:
        self.fake = snsfake.mock_sns(account_id=ACCOUNT, region=REGION)
        self.fake.start()
        self.client = _client(session, REGION, bypass_snsfake=False)
        self.small_client = _client(session, SMALL_REGION, bypass_snsfake=False)

    def add_subscription(self, region: str, topic_arn: str, endpoint: str) -> str:
        """Untimed setup: one subscription without botocore's per-call cost."""
        params = {"TopicArn": topic_arn, "Protocol": "sqs", "Endpoint": endpoint}
        status, parsed = self.fake._handle("Subscribe", params, region)
        assert status == 200, parsed
        return str(parsed["SubscriptionArn"])

    def remove_subscription(self, region: str, arn: str) -> None:
        self.fake._handle("Unsubscribe", {"SubscriptionArn": arn}, region)

    def clear(self) -> None:
        self.fake.clear()

    def close(self) -> None:
        self.fake.stop()


class MotoContender:
    name = "moto"

    def __init__(self, session: boto3.session.Session) -> None:
        from moto import mock_aws
        from moto.sns.models import sns_backends

        self.mock = mock_aws()
        self.mock.start()
        self.client = _client(session, REGION, bypass_snsfake=True)
        self.small_client = _client(session, SMALL_REGION, bypass_snsfake=True)
        self.sqs = _client(session, REGION, bypass_snsfake=True, service="sqs")
        self._backends = sns_backends[ACCOUNT]

    def add_subscription(self, region: str, topic_arn: str, endpoint: str) -> str:
        """Untimed setup through moto's backend (its HTTP round trip would make setup take minutes)."""
        return str(self._backends[region].subscribe(topic_arn, endpoint, "sqs").arn)

    def remove_subscription(self, region: str, arn: str) -> None:
        self._backends[region].unsubscribe(arn)

    def clear(self) -> None:
        pass

    def close(self) -> None:
        self.mock.stop()


# --------------------------------------------------------------------------- workloads
def _clearing(contender: Any) -> Any:
    return lambda n: contender.clear()


class Suite:
    def __init__(self, args: argparse.Namespace) -> None:
        self.quick = args.quick
        self.rounds = 9 if args.quick else 41
        self.target_ns = 2_000_000 if args.quick else 2_500_000
        self.budget_ns = 300_000_000 if args.quick else 2_500_000_000
        self.big = args.subscriptions or (2_000 if args.quick else 10_000)
        self.deliveries = args.deliveries or (10_000 if args.quick else 100_000)
        self.clock_name = args.clock
        self.clock = time.thread_time_ns if args.clock == "cpu" else time.perf_counter_ns
        session = boto3.session.Session()
        self.floor = Floor(session)
        self.sns = SnsFakeContender(session)
        self.moto = MotoContender(session) if not args.no_moto else None
        self.results: dict[str, dict[str, Result]] = {}

    @property
    def live(self) -> list[Any]:
        return [c for c in (self.sns, self.moto) if c is not None]

    def _measure(self, key: str, cases: dict[str, Case]) -> None:
        self.results[key] = measure(
            cases,
            rounds=self.rounds,
            target_ns=self.target_ns,
            min_rounds=3 if self.quick else 7,
            budget_ns=self.budget_ns,
            clock=self.clock,
        )
        self.sns.clear()
        gc.collect()

    def result(self, key: str, name: str) -> Result | None:
        return self.results.get(key, {}).get(name)

    def median(self, key: str, name: str) -> float | None:
        result = self.result(key, name)
        return result.median_ns if result else None

    def ratio(self, key: str, numerator: str, denominator: str, other_key: str | None = None) -> float | None:
        return paired_ratio(self.result(key, numerator), self.result(other_key or key, denominator))

    # ------------------------------------------------------------------ hot path
    def hot(self) -> None:
        for contender in self.live:
            contender.client.create_topic(Name="bench-idem")
            contender.client.create_topic(Name="bench-empty")
        sns = self.sns.client
        empty = sns.create_topic(Name="bench-empty")["TopicArn"]
        batch = [{"Id": f"m{index}", "Message": f"message {index}"} for index in range(10)]
        self.floor.canned("CreateTopic", sns.create_topic(Name="bench-idem"))
        self.floor.canned("Publish", sns.publish(TopicArn=empty, Message="hello"))
        self.floor.canned("GetTopicAttributes", sns.get_topic_attributes(TopicArn=empty))
        self.floor.canned("PublishBatch", sns.publish_batch(TopicArn=empty, PublishBatchRequestEntries=batch))

        def cases(make: Any) -> dict[str, Case]:
            made = {self.floor.name: Case(make(self.floor.client))}
            for contender in self.live:  # records are dropped between repeats (untimed), as a test's would be
                made[contender.name] = Case(make(contender.client), after=_clearing(contender))
            return made

        self._measure("create_topic", cases(lambda cl: lambda i: cl.create_topic(Name="bench-idem")))
        self._measure("publish_0", cases(lambda cl: lambda i: cl.publish(TopicArn=empty, Message="hello")))
        self._measure(
            "get_topic_attributes", cases(lambda cl: lambda i: cl.get_topic_attributes(TopicArn=empty))
        )
        self._measure(
            "publish_batch_10",
            cases(lambda cl: lambda i: cl.publish_batch(TopicArn=empty, PublishBatchRequestEntries=batch)),
        )

    def fan_out(self, size: int) -> None:
        name = f"bench-fan{size}"
        attributes = {"FilterPolicy": FILTER_POLICY} if HAS_FILTER_POLICY else {}
        arns: dict[str, str] = {}
        for contender in self.live:
            topic = contender.client.create_topic(Name=name)["TopicArn"]
            arns[contender.name] = topic
            for index in range(size):
                queue = f"{name}-q{index}"
                if contender is self.moto:
                    self.moto.sqs.create_queue(QueueName=queue)
                contender.client.subscribe(
                    TopicArn=topic, Protocol="sqs", Endpoint=queue_arn(REGION, queue), Attributes=attributes
                )
        self.sns.clear()
        topic = arns["snsfake"]
        self.floor.canned("Publish", self.sns.client.publish(TopicArn=topic, **FAN_MESSAGE))
        captured = len(self.sns.fake.deliveries)
        if captured != size:
            raise SystemExit(f"benchmark setup: snsfake captured {captured} deliveries, expected {size}")
        self.sns.clear()
        cases = {"floor": Case(lambda i: self.floor.client.publish(TopicArn=topic, **FAN_MESSAGE))}
        for contender in self.live:
            cases[contender.name] = Case(
                (lambda cl, arn: lambda i: cl.publish(TopicArn=arn, **FAN_MESSAGE))(
                    contender.client, arns[contender.name]
                ),
                after=_clearing(contender),
            )
        self._measure(f"fanout_{size}", cases)
        if self.moto is not None:
            url = self.moto.sqs.get_queue_url(QueueName=f"{name}-q0")["QueueUrl"]
            depth = self.moto.sqs.get_queue_attributes(
                QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"]
            )
            if int(depth["Attributes"]["ApproximateNumberOfMessages"]) == 0:
                raise SystemExit("benchmark setup: moto delivered nothing to its SQS queue")

    # ------------------------------------------------------------------ scaling
    def scaling(self) -> None:
        """The same calls on a topic of 10 (300 for listing) and one of ``big`` subscriptions, interleaved.

        Each topic is alone in its region (small ones in us-west-2, the large one in us-east-1), so
        moto's account-wide scans see only that topic's subscriptions too.
        """
        sizes = {10: SMALL_REGION, LISTING_SMALL: SMALL_REGION, self.big: REGION}
        topics: dict[tuple[str, int], str] = {}
        owned: dict[tuple[str, int], list[str]] = {}
        for contender in self.live:
            for size, region in sizes.items():
                client = contender.small_client if region == SMALL_REGION else contender.client
                arn = client.create_topic(Name=f"bench-scale-{size}")["TopicArn"]
                topics[contender.name, size] = arn
                owned[contender.name, size] = [
                    contender.add_subscription(region, arn, queue_arn(region, f"s{size}-{index}"))
                    for index in range(size)
                ]
        self.sns.clear()
        small, big = 10, self.big
        sns_small = self.sns.small_client
        sample = owned["snsfake", small][0]
        self.floor.canned(
            "Subscribe",
            sns_small.subscribe(
                TopicArn=topics["snsfake", small], Protocol="sqs", Endpoint=queue_arn(SMALL_REGION, "s10-0")
            ),
        )
        self.floor.canned("Unsubscribe", {})
        self.floor.canned(
            "GetSubscriptionAttributes", sns_small.get_subscription_attributes(SubscriptionArn=sample)
        )
        self.floor.canned("SetSubscriptionAttributes", {})
        first_page = sns_small.list_subscriptions_by_topic(TopicArn=topics["snsfake", LISTING_SMALL])
        self.floor.canned(
            "ListSubscriptionsByTopic",
            sns_small.list_subscriptions_by_topic(
                TopicArn=topics["snsfake", LISTING_SMALL], NextToken=first_page["NextToken"]
            ),
        )
        self.sns.clear()

        floor = self.floor.client
        subscribe = {
            "floor": Case(
                lambda i: floor.subscribe(
                    TopicArn=topics["snsfake", small],
                    Protocol="sqs",
                    Endpoint=queue_arn(SMALL_REGION, f"x{i}"),
                ),
                n=10,
            )
        }
        unsubscribe = {"floor": Case(lambda i: floor.unsubscribe(SubscriptionArn=sample), n=10)}
        get_attrs = {"floor": Case(lambda i: floor.get_subscription_attributes(SubscriptionArn=sample))}
        set_attrs = {
            "floor": Case(
                lambda i: floor.set_subscription_attributes(
                    SubscriptionArn=sample, AttributeName="RawMessageDelivery", AttributeValue="false"
                )
            )
        }
        listing: dict[str, Case] = {}
        for contender in self.live:
            for size in (small, big):
                region = sizes[size]
                client = contender.small_client if region == SMALL_REGION else contender.client
                key = f"{contender.name}@{size}"
                topic, arn = topics[contender.name, size], owned[contender.name, size][0]
                subscribe[key] = self._subscribe_case(contender, client, region, topic)
                unsubscribe[key] = self._unsubscribe_case(contender, client, region, topic)
                get_attrs[key] = Case(
                    (lambda cl, a: lambda i: cl.get_subscription_attributes(SubscriptionArn=a))(client, arn)
                )
                set_attrs[key] = Case(
                    (
                        lambda cl, a: (
                            lambda i: cl.set_subscription_attributes(
                                SubscriptionArn=a,
                                AttributeName="RawMessageDelivery",
                                AttributeValue="true" if i % 2 else "false",
                            )
                        )
                    )(client, arn)
                )
            for size in (LISTING_SMALL, big):
                client = contender.small_client if sizes[size] == SMALL_REGION else contender.client
                listing[f"{contender.name}@{size}"] = self._listing_case(
                    contender.name, client, topics[contender.name, size], size
                )
        listing["floor"] = self._listing_case(
            "floor", floor, topics["snsfake", LISTING_SMALL], LISTING_SMALL, first_page["NextToken"]
        )
        self._measure("subscribe", subscribe)
        self._measure("unsubscribe", unsubscribe)
        self._measure("get_subscription_attributes", get_attrs)
        self._measure("set_subscription_attributes", set_attrs)
        self._measure("list_page", listing)

    @staticmethod
    def _subscribe_case(contender: Any, client: Any, region: str, topic: str) -> Case:
        made: list[str] = []

        def call(i: int) -> None:
            made.append(
                client.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn(region, f"x{i}"))[
                    "SubscriptionArn"
                ]
            )

        def undo(n: int) -> None:  # every repeat starts at the same size
            while made:
                contender.remove_subscription(region, made.pop())

        return Case(call, after=undo, n=10)

    @staticmethod
    def _unsubscribe_case(contender: Any, client: Any, region: str, topic: str) -> Case:
        spare: collections.deque[str] = collections.deque()
        serial = [0]

        def add(n: int) -> None:
            for _ in range(n):
                serial[0] += 1
                spare.append(contender.add_subscription(region, topic, queue_arn(region, f"u{serial[0]}")))

        return Case(lambda i: client.unsubscribe(SubscriptionArn=spare.popleft()), before=add, n=10)

    def _listing_case(self, name: str, client: Any, topic: str, size: int, floor_token: str = "") -> Case:
        """Each page that both takes a NextToken and returns one, in turn: the same work at any size."""
        pages: list[str | None] = [None, floor_token, None]  # the floor: its one canned middle page
        if name != "floor":
            pages = []
            token: str | None = None
            while True:
                answer = client.list_subscriptions_by_topic(
                    TopicArn=topic, **({"NextToken": token} if token else {})
                )
                if answer["Subscriptions"]:  # moto ends a multiple of 100 with an empty page: not timed
                    pages.append(token)
                token = answer.get("NextToken")
                if not token:
                    break
            if len(pages) != -(-size // 100):
                raise SystemExit(f"benchmark setup: {name} listed {len(pages)} pages of {size}")
        middle = [token for token in pages[1:-1] if token]

        def call(i: int) -> None:
            client.list_subscriptions_by_topic(TopicArn=topic, NextToken=middle[i % len(middle)])

        return Case(call)

    # ------------------------------------------------------------------ snsfake alone
    def own(self) -> None:
        """snsfake's own share: its two botocore handlers called directly, as botocore calls them."""
        client = self.sns.client
        model = client.meta.service_model
        signer = client._request_signer
        empty = client.create_topic(Name="bench-empty")["TopicArn"]
        fan = client.create_topic(Name="bench-fan10")["TopicArn"]
        batch = [{"Id": f"m{index}", "Message": f"message {index}"} for index in range(10)]
        calls = {
            "create_topic": ("CreateTopic", {"Name": "bench-idem"}),
            "publish_0": ("Publish", {"TopicArn": empty, "Message": "hello"}),
            "get_topic_attributes": ("GetTopicAttributes", {"TopicArn": empty}),
            "publish_batch_10": ("PublishBatch", {"TopicArn": empty, "PublishBatchRequestEntries": batch}),
            "fanout_10": ("Publish", {"TopicArn": fan, **FAN_MESSAGE}),
        }
        cases = {}
        for key, (operation, params) in calls.items():
            operation_model = model.operation_model(operation)

            def call(i: int, operation_model: Any = operation_model, params: dict[str, Any] = params) -> None:
                context = {"client_region": REGION}
                hooks._stash(params=params, context=context, model=operation_model)
                hooks._answer(model=operation_model, params={}, context=context, request_signer=signer)

            cases[key] = Case(call, after=_clearing(self.sns))
        self._measure("own", cases)

    # ------------------------------------------------------------------ memory
    def memory(self) -> dict[str, Any]:
        """Bytes held per captured delivery (tracemalloc), 100 SQS subscriptions per publish."""
        client = self.sns.client
        topic = client.create_topic(Name="bench-fan100")["TopicArn"]
        publishes = max(1, self.deliveries // 100)
        self.sns.clear()
        client.publish(TopicArn=topic, **FAN_MESSAGE)  # warm every cache first
        self.sns.clear()
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.take_snapshot()
        for _ in range(publishes):
            client.publish(TopicArn=topic, **FAN_MESSAGE)
        gc.collect()
        after = tracemalloc.take_snapshot()
        tracemalloc.stop()
        deliveries = list(self.sns.fake.deliveries)
        stats = after.compare_to(before, "lineno")
        held = sum(stat.size_diff for stat in stats)
        top = [
            (
                f"{Path(stat.traceback[0].filename).name}:{stat.traceback[0].lineno}",
                stat.size_diff / len(deliveries),
            )
            for stat in stats[:8]
            if stat.size_diff > 0
        ]
        rendered = sum(1 for item in deliveries if getattr(item, "_body", None) is not None)
        body_bytes = len(deliveries[0].body.encode("utf-8"))
        self.sns.clear()
        return {
            "deliveries": len(deliveries),
            "publishes": publishes,
            "bytes_held": held,
            "bytes_per_delivery": held / len(deliveries),
            "rendered_at_capture": rendered,
            "body_bytes_when_read": body_bytes,
            "top_lines": top,
        }

    def close(self) -> None:
        self.sns.close()
        if self.moto is not None:
            self.moto.close()


# --------------------------------------------------------------------------- import cost
IMPORT_TARGET_MS = 15.0
_IMPORT_PROBE = """
import time
started = time.perf_counter()
import botocore.session
between = time.perf_counter()
import snsfake
print((between - started) * 1000, (time.perf_counter() - between) * 1000)
"""


def import_cost(runs: int) -> dict[str, Any]:
    """What ``import snsfake`` adds to ``import botocore.session`` in a fresh interpreter (median of runs).

    The pytest plugin imports snsfake in every pytest process, so this is paid by suites that
    never touch SNS.
    """
    root = str(Path(__file__).resolve().parent.parent)
    botocore_ms, snsfake_ms = [], []
    for _ in range(runs):
        output = subprocess.run(
            [sys.executable, "-c", _IMPORT_PROBE], capture_output=True, text=True, check=True, cwd=root
        ).stdout.split()
        botocore_ms.append(float(output[0]))
        snsfake_ms.append(float(output[1]))
    return {
        "runs": runs,
        "botocore_session_ms": statistics.median(botocore_ms),
        "snsfake_ms": statistics.median(snsfake_ms),
    }


# --------------------------------------------------------------------------- report
HOT_ROWS = (
    ("create_topic", "create_topic (idempotent, same name)", 10),
    ("publish_0", "publish, 0 subscriptions", 10),
    ("get_topic_attributes", "get_topic_attributes", 10),
    ("publish_batch_10", "publish_batch, 10 entries, 0 subscriptions", None),
    ("fanout_10", "publish to 10 {filtered}SQS subscriptions", 50),
    ("fanout_100", "publish to 100 {filtered}SQS subscriptions", None),
)
FLOOR_TARGET = {"create_topic", "publish_0", "get_topic_attributes"}
SCALING_ROWS = (
    ("subscribe", "subscribe (one more)", 10),
    ("unsubscribe", "unsubscribe", 10),
    ("get_subscription_attributes", "get_subscription_attributes", 10),
    ("set_subscription_attributes", "set_subscription_attributes", 10),
    ("list_page", "list_subscriptions_by_topic, a middle page of 100", 300),
)
SCALING_TOLERANCE = 1.25  # timing noise on a shared machine; tests/test_scaling.py proves the work is equal


MEMORY_TARGET_BYTES = 300


def report(
    suite: Suite, memory: dict[str, Any] | None, imports: dict[str, Any], elapsed: float
) -> tuple[str, dict[str, Any], list[str]]:
    has_moto = suite.moto is not None
    filtered = "filtered " if HAS_FILTER_POLICY else ""
    failures: list[str] = []
    lines: list[str] = []
    data: dict[str, Any] = {"per_call": {}, "scaling": {}, "memory": memory, "import": imports}

    header = ["workload", "floor", "snsfake", "moto", "snsfake / floor", "moto / snsfake", "targets"]
    rows = []
    for key, label, moto_target in HOT_ROWS:
        floor, fake, moto = (suite.median(key, name) for name in ("floor", "snsfake", "moto"))
        over_floor = suite.ratio(key, "snsfake", "floor")
        speedup = suite.ratio(key, "moto", "snsfake") if has_moto else None
        targets = []
        if key in FLOOR_TARGET:
            ok = over_floor is not None and over_floor <= 1.2
            targets.append(f"≤ 1.2× floor {'✓' if ok else '✗'}")
            if not ok:
                failures.append(f"{key}: snsfake is {fmt_ratio(over_floor)} the floor (target ≤ 1.2×)")
        if moto_target and has_moto:
            ok = speedup is not None and speedup >= moto_target
            targets.append(f"≥ {moto_target}× moto {'✓' if ok else '✗'}")
            if not ok:
                failures.append(f"{key}: moto / snsfake is {fmt_ratio(speedup)} (target ≥ {moto_target}×)")
        rows.append(
            [
                label.format(filtered=filtered),
                fmt_us(floor),
                fmt_us(fake),
                fmt_us(moto),
                fmt_ratio(over_floor),
                fmt_ratio(speedup),
                ", ".join(targets),
            ]
        )
        data["per_call"][key] = {
            "floor_ns": floor,
            "snsfake_ns": fake,
            "moto_ns": moto,
            "snsfake_over_floor": over_floor,
            "moto_over_snsfake": speedup,
        }
    lines += ["### Per call (median)", "", markdown_table(header, rows), ""]

    own_rows = []
    for key, label, _ in HOT_ROWS:
        own, floor = suite.median("own", key), suite.median(key, "floor")
        if own is not None and own == own:
            share = f"{own / floor:.0%} of the floor" if floor else "–"
            own_rows.append([label.format(filtered=filtered), fmt_us(own), share])
            data["per_call"].setdefault(key, {})["snsfake_handlers_ns"] = own
    if own_rows:
        lines += [
            "### snsfake alone: its two handlers called directly, without botocore (median)",
            "",
            markdown_table(["workload", "snsfake's handlers", "share"], own_rows),
            "",
        ]

    big = suite.big
    header = [
        "operation",
        "floor",
        "snsfake small",
        f"snsfake @{big:,}",
        f"snsfake {big:,} / small",
        "moto small",
        f"moto @{big:,}",
        f"moto {big:,} / small",
    ]
    rows = []
    for key, label, small in SCALING_ROWS:
        fake_small, fake_big = f"snsfake@{small}", f"snsfake@{big}"
        moto_small, moto_big = f"moto@{small}", f"moto@{big}"
        ratio = suite.ratio(key, fake_big, fake_small)
        moto_ratio = suite.ratio(key, moto_big, moto_small) if has_moto else None
        if ratio is None or ratio > SCALING_TOLERANCE:
            failures.append(
                f"{key}: snsfake at {big:,} subscriptions costs {fmt_ratio(ratio)} its cost at {small}"
            )
        rows.append(
            [
                f"{label} (small = {small})",
                fmt_us(suite.median(key, "floor")),
                fmt_us(suite.median(key, fake_small)),
                fmt_us(suite.median(key, fake_big)),
                fmt_ratio(ratio),
                fmt_us(suite.median(key, moto_small)),
                fmt_us(suite.median(key, moto_big)),
                fmt_ratio(moto_ratio),
            ]
        )
        data["scaling"][key] = {
            "small": small,
            "big": big,
            "floor_ns": suite.median(key, "floor"),
            "snsfake_small_ns": suite.median(key, fake_small),
            "snsfake_big_ns": suite.median(key, fake_big),
            "snsfake_big_over_small": ratio,
            "moto_small_ns": suite.median(key, moto_small),
            "moto_big_ns": suite.median(key, moto_big),
            "moto_big_over_small": moto_ratio,
        }
    lines += [
        f"### Scaling: one topic of 10 (listing: {LISTING_SMALL}) vs one of {big:,} subscriptions (median)",
        "",
        markdown_table(header, rows),
        "",
    ]

    if memory is not None:
        lines += [
            "### Memory held by captured deliveries (tracemalloc)",
            "",
            markdown_table(
                [
                    "deliveries",
                    "publishes",
                    "bytes held",
                    "bytes / delivery",
                    "bodies rendered at capture",
                    "one body, once read",
                ],
                [
                    [
                        f"{memory['deliveries']:,}",
                        f"{memory['publishes']:,}",
                        f"{memory['bytes_held']:,}",
                        f"{memory['bytes_per_delivery']:,.0f}",
                        f"{memory['rendered_at_capture']:,}",
                        f"{memory['body_bytes_when_read']:,} B",
                    ]
                ],
            ),
            "",
            "Largest allocation sites, bytes per delivery: "
            + ", ".join(f"{where} {size:,.0f}" for where, size in memory["top_lines"]),
            "",
        ]
        if memory["rendered_at_capture"]:
            failures.append(f"memory: {memory['rendered_at_capture']} bodies were rendered at capture")
        if memory["bytes_per_delivery"] > MEMORY_TARGET_BYTES:
            failures.append(
                f"memory: {memory['bytes_per_delivery']:.0f} bytes per delivery (target ≤ {MEMORY_TARGET_BYTES})"
            )

    ok = imports["snsfake_ms"] <= IMPORT_TARGET_MS
    if not ok:
        failures.append(f"import: snsfake adds {imports['snsfake_ms']:.1f} ms (target ≤ {IMPORT_TARGET_MS:.0f} ms)")
    lines += [
        "### Import (a fresh interpreter, median)",
        "",
        markdown_table(
            ["import botocore.session", "then import snsfake", "target"],
            [
                [
                    f"{imports['botocore_session_ms']:.1f} ms",
                    f"{imports['snsfake_ms']:.1f} ms",
                    f"≤ {IMPORT_TARGET_MS:.0f} ms {'✓' if ok else '✗'}",
                ]
            ],
        ),
        "",
    ]

    notes = [
        f"python {platform.python_version()}, botocore {botocore.__version__}, boto3 {boto3.__version__}"
        + (f", moto {_moto_version()}" if has_moto else ", moto skipped")
        + f"; {'quick' if suite.quick else 'full'} run, up to {suite.rounds} repeats per figure, "
        + f"{'time.thread_time_ns' if suite.clock_name == 'cpu' else 'time.perf_counter_ns'}, {elapsed:.0f} s",
    ]
    if not HAS_FILTER_POLICY:
        notes.append(
            "snsfake.filter_policy is missing: the fan-out subscriptions carry no filter policy (both fakes)."
        )
    lines += [f"_{note}_" for note in notes]
    data["notes"] = notes
    data["failures"] = failures
    return "\n".join(lines), data, failures


def _moto_version() -> str:
    import moto

    return str(moto.__version__)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and smaller sizes (under 20 s)")
    parser.add_argument("--no-moto", action="store_true", help="measure the floor and snsfake only")
    parser.add_argument("--subscriptions", type=int, help="the large subscription count (default 10,000)")
    parser.add_argument("--deliveries", type=int, help="deliveries for the memory figure (default 100,000)")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="wall: time.perf_counter_ns (default); cpu: time.thread_time_ns, steadier on a busy machine",
    )
    args = parser.parse_args(argv)
    if not args.no_moto and importlib.util.find_spec("moto") is None:
        print("moto is not installed: measuring the floor and snsfake only", file=sys.stderr)
        args.no_moto = True
    if not args.no_moto:
        import moto  # noqa: F401 - before any session exists: moto adds its handler to BUILTIN_HANDLERS

    started = time.perf_counter()
    suite = Suite(args)
    try:
        steps = [
            ("hot path", suite.hot),
            ("fan-out to 10", lambda: suite.fan_out(10)),
            ("fan-out to 100", lambda: suite.fan_out(100)),
            ("scaling", suite.scaling),
            ("snsfake alone", suite.own),
        ]
        for label, step in steps:
            print(f"… {label} ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
            step()
        memory = None
        if not args.skip_memory:
            print("… memory", file=sys.stderr, flush=True)
            memory = suite.memory()
    finally:
        suite.close()
    print("… import", file=sys.stderr, flush=True)
    imports = import_cost(7 if args.quick else 21)
    text, data, failures = report(suite, memory, imports, time.perf_counter() - started)
    print(text)
    print(
        "\nTargets missed:\n" + "\n".join(f"- {item}" for item in failures)
        if failures
        else "\nAll targets met."
    )
    if args.json:
        args.json.write_text(json.dumps(data, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
