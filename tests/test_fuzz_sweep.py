"""The systematic fuzz sweep: random search rarely lands on one exact bad value in one exact member,
so every value of a curated list goes through every string member and every known attribute of
every operation, on top of its baseline call, and every filter policy meets every publish.
Only AWS's own errors may escape (see test_fuzz.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from fuzz_harness import _short, _snsfake_frame, call, check_records, seed, substitute
from fuzz_values import (
    ACCOUNT,
    ALL_ATTRIBUTES,
    APP,
    APPLICATION_ATTRIBUTES,
    ATTRIBUTE_VALUES,
    DATA_TYPES,
    DEEP,
    DELIVERY_POLICIES,
    ENDPOINT_ATTRIBUTES,
    FIFO_TOPIC,
    FILTER_POLICIES,
    MESSAGE_ATTRIBUTE_NAMES,
    MESSAGE_ATTRIBUTE_VALUES,
    PHONE,
    PHONES,
    QUEUE,
    REDRIVE_POLICIES,
    REGION,
    SMS_ATTRIBUTES,
    STRING_VALUES,
    STRUCTURED_MESSAGES,
    SUBSCRIPTION_ATTRIBUTES,
    TAG_KEYS,
    TOPIC,
    TOPIC_ATTRIBUTES,
)
from strategies import BASELINES, MEMBER_VALUES, MODEL, OPERATIONS

import snsfake

# --------------------------------------------------------------------------- systematic sweep
# Random search rarely lands on one exact bad value in one exact member. The sweep tries every
# value of a curated list in every string member and every known attribute of every operation,
# on top of its baseline call.
NASTY = [  # for every string value
    "",
    " ",
    "\x00",
    "\n",
    "é",
    "𝄞",
    "²",
    "١٢",
    "-1",
    "1e400",
    "nan",
    "9" * 5000,
    "x" * 257,
    "true",
    "null",
    "{}",
    "[]",
    "[",
    '{"a":',
    "[1]",
    DEEP[0],
    DEEP[1],
]
NASTY_ARNS = [  # and for ARN-ish members
    TOPIC,
    FIFO_TOPIC,
    f"arn:aws:sns:{REGION}:{ACCOUNT}",
    f"arn:aws:sns:eu-west-1:{ACCOUNT}:fuzz",
    "{{SUB}}",
    "{{SUB_FIFO}}",
    "{{ENDPOINT}}",
    APP,
    ":::::",
    "arn:aws:sns:us-east-1:123456789012:a/b/c",
]
HUGE = "a" * 300_000
MESSAGE_BODIES = [
    '{"color":"red","n":3,"a":{"b":{"c":"d"}},"ip":"10.0.0.1"}',
    '{"color":["red",1,null,true,{"x":1}],"n":[1e400]}',
    '{"n":1e400}',
    '{"n":NaN}',
    '{"color":' + "[" * 3000 + "]" * 3000 + "}",
    '{"a":' * 3000 + "1" + "}" * 3000,
    "[1]",
    "not json",
    "9" * 5000,
    '{"n":' + "9" * 5000 + "}",
]
PUBLISH_ATTRIBUTE_SETS: list[dict[str, Any]] = [
    {},
    {"color": {"DataType": "String", "StringValue": "red"}},
    {
        "color": {"DataType": "String", "StringValue": "blue"},
        "size": {"DataType": "String", "StringValue": "L"},
    },
    {"color": {"DataType": "String.Array", "StringValue": '["red",1,null,true]'}},
    {"color": {"DataType": "String.Array", "StringValue": '[["red"]]'}},
    {"n": {"DataType": "Number", "StringValue": "3"}},
    {"n": {"DataType": "Number", "StringValue": "9" * 400}},
    {"n": {"DataType": "Number", "StringValue": "1e308"}},
    {"n": {"DataType": "Number", "StringValue": "-0.0000001"}},
    {"n": {"DataType": "Number.int", "StringValue": "1_000"}},
    {"n": {"DataType": "String", "StringValue": "5"}},
    {"ip": {"DataType": "String", "StringValue": "10.0.0.1"}},
    {"ip": {"DataType": "String", "StringValue": "::1"}},
    {"ip": {"DataType": "String", "StringValue": "10.0.0.999"}},
    {"color": {"DataType": "Binary", "BinaryValue": b"red"}},
    {"a": {"DataType": "String", "StringValue": "x"}},
]


def _set(base: Mapping[str, Any], **changes: Any) -> dict[str, Any]:
    return {**base, **changes}


ATTRIBUTE_NAMES_FOR = {
    "CreateTopic": TOPIC_ATTRIBUTES,
    "SetTopicAttributes": TOPIC_ATTRIBUTES,
    "Subscribe": SUBSCRIPTION_ATTRIBUTES,
    "SetSubscriptionAttributes": SUBSCRIPTION_ATTRIBUTES,
    "CreatePlatformApplication": APPLICATION_ATTRIBUTES,
    "SetPlatformApplicationAttributes": APPLICATION_ATTRIBUTES,
    "CreatePlatformEndpoint": ENDPOINT_ATTRIBUTES,
    "SetEndpointAttributes": ENDPOINT_ATTRIBUTES,
    "SetSMSAttributes": SMS_ATTRIBUTES,
}


def _sweep_groups(operation: str) -> list[tuple[str, list[Any]]]:
    """(what is swept, calls) for one operation; each group runs on a freshly seeded fake."""
    base = BASELINES[operation]
    shape = MODEL.operation_model(operation).input_shape
    groups: list[tuple[str, list[Any]]] = []
    if shape is None:
        return [("no input", [{}])]
    members: dict[str, Any] = dict(shape.members)  # botocore Shapes (ListShape has .member)
    for name, member in members.items():
        kind = member.type_name
        specific = MEMBER_VALUES.get(name.lower(), [])
        own = ATTRIBUTE_NAMES_FOR.get(operation, [])
        others = [attribute for attribute in ALL_ATTRIBUTES if attribute not in own]
        if name == "AttributeName":
            groups.append(
                (
                    "other AttributeNames",
                    [_set(base, AttributeName=attribute, AttributeValue="x") for attribute in others + NASTY],
                )
            )
            for attribute in own:
                values = ATTRIBUTE_VALUES.get(attribute, []) + NASTY
                groups.append(
                    (
                        f"{name}={attribute}",
                        [_set(base, AttributeName=attribute, AttributeValue=value) for value in values],
                    )
                )
        elif kind == "string":
            groups.append(
                (name, [_set(base, **{name: value}) for value in specific + NASTY + NASTY_ARNS + [HUGE]])
            )
        elif kind == "map" and name.lower() == "attributes":
            for attribute in own:
                values = ATTRIBUTE_VALUES.get(attribute, []) + NASTY
                groups.append(
                    (
                        f"{name}.{attribute}",
                        [_set(base, **{name: {**base.get(name, {}), attribute: value}}) for value in values],
                    )
                )
            groups.append(
                (f"{name} keys", [_set(base, **{name: {key: "x"}}) for key in others + NASTY if key])
            )
        elif kind == "list" and member.member.type_name == "string":
            groups.append((name, [_set(base, **{name: [value]}) for value in specific + NASTY + NASTY_ARNS]))
        elif name == "Tags":
            groups.append(
                (
                    "Tags.Key",
                    [_set(base, Tags=[{"Key": key, "Value": "v"}]) for key in TAG_KEYS + NASTY if key],
                )
            )
            groups.append(
                ("Tags.Value", [_set(base, Tags=[{"Key": "k", "Value": value}]) for value in NASTY])
            )
            groups.append(
                (
                    "Tags dup",
                    [
                        _set(base, Tags=[{"Key": "k", "Value": "1"}, {"Key": "k", "Value": "2"}]),
                        _set(base, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(60)]),
                    ],
                )
            )
        elif kind == "integer":
            groups.append(
                (name, [_set(base, **{name: value}) for value in (1, 30, 31, 100, 101, 2**63, True)])
            )
        elif kind == "boolean":
            groups.append((name, [_set(base, **{name: value}) for value in (True, False)]))
    if operation in ("Publish", "PublishBatch"):
        groups.extend(_publish_groups(operation, base))
    if operation == "SetSubscriptionAttributes":
        publish = (
            "Publish",
            {
                "TopicArn": TOPIC,
                "Message": "m",
                "MessageAttributes": {
                    f"a{i}": {"DataType": "String", "StringValue": "red"} for i in range(11)
                },
            },
        )
        for raw in ("false", "true"):
            groups.append(
                (
                    f"DeliveryPolicy of a failing http endpoint (raw {raw}), then Publish",
                    [
                        (
                            "SetSubscriptionAttributes",
                            {
                                "SubscriptionArn": "{{SUB_HTTP}}",
                                "AttributeName": "RawMessageDelivery",
                                "AttributeValue": raw,
                            },
                        ),
                    ]
                    + [
                        call
                        for policy in DELIVERY_POLICIES + (NASTY if raw == "false" else [])
                        for call in (
                            (
                                "SetSubscriptionAttributes",
                                {
                                    "SubscriptionArn": "{{SUB_HTTP}}",
                                    "AttributeName": "DeliveryPolicy",
                                    "AttributeValue": policy,
                                },
                            ),
                            publish,
                            (
                                "SetTopicAttributes",
                                {
                                    "TopicArn": TOPIC,
                                    "AttributeName": "DeliveryPolicy",
                                    "AttributeValue": policy,
                                },
                            ),
                            publish,
                            ("GetSubscriptionAttributes", {"SubscriptionArn": "{{SUB_HTTP}}"}),
                            ("GetTopicAttributes", {"TopicArn": TOPIC}),
                        )
                    ],
                )
            )
        groups.append(
            (
                "RedrivePolicy of failing endpoints, then Publish",
                [
                    call
                    for arn in ("{{SUB_HTTP}}", "{{SUB_LAMBDA}}", "{{SUB_RAW}}")
                    for policy in REDRIVE_POLICIES + NASTY[:12]
                    for call in (
                        (
                            "SetSubscriptionAttributes",
                            {
                                "SubscriptionArn": arn,
                                "AttributeName": "RedrivePolicy",
                                "AttributeValue": policy,
                            },
                        ),
                        publish,
                    )
                ],
            )
        )
    return groups


def _publish_groups(operation: str, base: Mapping[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    if operation == "Publish":

        def make(**entry: Any) -> dict[str, Any]:
            return {"TopicArn": TOPIC, "Message": "hello", **entry}
    else:

        def make(**entry: Any) -> dict[str, Any]:
            topic = entry.pop("TopicArn", TOPIC)
            for key in ("TargetArn", "PhoneNumber"):
                entry.pop(key, None)
            return {
                "TopicArn": topic,
                "PublishBatchRequestEntries": [{"Id": "1", "Message": "hello", **entry}],
            }

    attribute_names = [
        make(MessageAttributes={name: {"DataType": "String", "StringValue": "x"}})
        for name in MESSAGE_ATTRIBUTE_NAMES + [n for n in NASTY if n]
    ]
    attribute_values = [
        make(MessageAttributes={"a": {"DataType": data_type, "StringValue": value}})
        for data_type in DATA_TYPES
        for value in (
            STRING_VALUES + NASTY if data_type in ("String", "Number", "String.Array") else STRING_VALUES[:8]
        )
    ] + [
        make(MessageAttributes={"a": {"DataType": data_type, "BinaryValue": value}})
        for data_type in ("Binary", "Binary.x", "String")
        for value in (b"", b"x", "x", b"\xff" * 10, "é")
    ]
    reserved = [
        make(
            TargetArn=target,
            MessageAttributes={name: {"DataType": "String", "StringValue": value}},
            **({"TopicArn": None} if target else {}),
        )
        for target in (None, "{{ENDPOINT}}")
        for name, values in MESSAGE_ATTRIBUTE_VALUES.items()
        for value in values + NASTY[:12]
    ]
    reserved = [{k: v for k, v in params.items() if v is not None} for params in reserved]
    structured = [
        make(Message=message, MessageStructure="json", **target)
        for target in (
            {},
            {"TopicArn": None, "TargetArn": "{{ENDPOINT}}"},
            {"TopicArn": None, "TargetArn": "{{ENDPOINT_OTHER}}"},
            {"TopicArn": None, "PhoneNumber": PHONE},
        )
        for message in STRUCTURED_MESSAGES + MESSAGE_BODIES + NASTY
    ]
    structured = [{k: v for k, v in params.items() if v is not None} for params in structured]
    fifo = [
        make(TopicArn=FIFO_TOPIC, MessageGroupId=group, MessageDeduplicationId=dedup)
        for group in ["g", "g" * 128, "g" * 129, "", "é", " ", "\x7f"]
        for dedup in ["d", "d" * 129, "", "é"]
    ] + [make(TopicArn=FIFO_TOPIC, MessageGroupId="g", Message=message) for message in NASTY if message]
    messages = [
        make(Message=message, Subject=subject)
        for message in NASTY + MESSAGE_BODIES + ["x" * 262_144, "x" * 262_145]
        for subject in ("s", "s" * 101)
    ]
    phones = [
        make(TopicArn=None, PhoneNumber=phone, Message=message)
        for phone in PHONES + NASTY[:8]
        for message in ("hi", "é" * 200, "{" * 500)
    ]
    phones = [{k: v for k, v in params.items() if v is not None} for params in phones]
    groups = [
        ("message attribute names", attribute_names),
        ("message attribute values", attribute_values),
        ("reserved message attributes", reserved),
        ("MessageStructure json", structured),
        ("FIFO ids", fifo),
        ("messages", messages),
    ]
    if operation == "Publish":
        groups.append(("phone numbers", phones))
    else:
        groups.append(
            (
                "batch entries",
                [
                    {"TopicArn": TOPIC, "PublishBatchRequestEntries": entries}
                    for entries in (
                        [{"Id": str(i), "Message": "m"} for i in range(11)],
                        [{"Id": "a", "Message": "m"}, {"Id": "a", "Message": "m"}],
                        [{"Id": "a", "Message": ""}, {"Id": "b", "Message": "m", "Subject": "\n"}],
                        [{"Id": str(i), "Message": "x" * 30_000} for i in range(10)],
                        [{"Id": "é", "Message": "m"}],
                    )
                ],
            )
        )
    return groups


def _filter_groups() -> list[tuple[str, list[tuple[str, dict[str, Any]]]]]:
    """Subscribe with each filter policy (both scopes), then publish attributes or bodies at it."""
    topic = f"arn:aws:sns:{REGION}:{ACCOUNT}:filtered"
    groups = []
    for policy in FILTER_POLICIES + DEEP[:3]:
        for scope in ("MessageAttributes", "MessageBody"):
            calls: list[tuple[str, dict[str, Any]]] = [
                ("CreateTopic", {"Name": "filtered"}),
                (
                    "Subscribe",
                    {
                        "TopicArn": topic,
                        "Protocol": "sqs",
                        "Endpoint": QUEUE + "-filtered",
                        "Attributes": {"FilterPolicy": policy, "FilterPolicyScope": scope},
                    },
                ),
            ]
            if scope == "MessageAttributes":
                calls += [
                    ("Publish", {"TopicArn": topic, "Message": "m", "MessageAttributes": attributes})
                    for attributes in PUBLISH_ATTRIBUTE_SETS
                ]
            else:
                calls += [("Publish", {"TopicArn": topic, "Message": body}) for body in MESSAGE_BODIES]
            calls += [
                (
                    "SetSubscriptionAttributes",
                    {"SubscriptionArn": "{{SUB}}", "AttributeName": name, "AttributeValue": value},
                )
                for name, value in (("FilterPolicyScope", scope), ("FilterPolicy", policy))
            ]
            groups.append((f"{scope} {policy[:60]}", calls))
    return groups


def _sweep(groups: list[tuple[str, list[tuple[str, dict[str, Any]]]]]) -> None:
    failures: dict[tuple[str, str], str] = {}
    for label, calls in groups:
        with snsfake.mock_sns() as fake:
            values = seed(fake)
            seeded = len(fake.deliveries)
            for operation, params in calls:
                try:
                    call(operation, substitute(params, values))
                except Exception as error:  # collect, so one run lists every distinct failure
                    key = (type(error).__name__, _snsfake_frame(error))
                    failures.setdefault(key, f"{label}: {operation}({_short(params)}) -> {error!r:.300}")
            try:
                check_records(fake, seeded)
            except Exception as error:
                key = (type(error).__name__, _snsfake_frame(error))
                failures.setdefault(key, f"{label}: reading records -> {error!r:.300}")
    assert not failures, "\n".join(f"{kind} at {where}: {text}" for (kind, where), text in failures.items())


@pytest.mark.parametrize("operation", OPERATIONS)
def test_sweep_only_aws_errors_escape(operation: str) -> None:
    _sweep(
        [
            (
                f"{operation} {label}",
                [item if isinstance(item, tuple) else (operation, item) for item in calls],
            )
            for label, calls in _sweep_groups(operation)
        ]
    )


def test_sweep_filter_policies_against_publishes() -> None:
    _sweep(_filter_groups())
