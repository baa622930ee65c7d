"""Hypothesis strategies for the fuzz tests: botocore's input shapes turned into values, biased per
member name towards what SNS cares about (fuzz_values.py), and a valid baseline call per operation
that the fuzzers mutate."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

import botocore.session
from fuzz_values import (
    ACCOUNTS,
    ACTIONS,
    ALL_ATTRIBUTES,
    APP,
    ARCHIVE_POLICIES,
    ARN_PARTS,
    ARNS,
    ATTRIBUTE_VALUES,
    BOOL_STRINGS,
    DATA_PROTECTION_POLICIES,
    DATA_TYPES,
    DEEP,
    DELIVERY_POLICIES,
    ENDPOINTS,
    FILTER_POLICIES,
    JSON_KEYS,
    JSON_WORDS,
    LANGUAGES,
    MESSAGE_ATTRIBUTE_NAMES,
    MESSAGE_ATTRIBUTE_VALUES,
    NAMES,
    ODD_NUMBERS,
    OPTED_OUT_PHONE,
    OTHER_ACCOUNT,
    PHONE,
    PHONES,
    PLATFORMS,
    POLICIES,
    PROTOCOLS,
    QUEUE,
    REDRIVE_POLICIES,
    REPLAY_POLICIES,
    SMS_ATTRIBUTES,
    STRING_VALUES,
    STRUCTURED_MESSAGES,
    TAG_KEYS,
    TOPIC,
    UNVERIFIED_PHONE,
)
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("SNSFAKE_FUZZ_EXAMPLES", "15"))
SEQUENCE_EXAMPLES = int(os.environ.get("SNSFAKE_FUZZ_EXAMPLES", "100"))

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)

MODEL = botocore.session.get_session().get_service_model("sns")
OPERATIONS = sorted(MODEL.operation_names)


def _sampled(values: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(values)


def _json_text() -> st.SearchStrategy[str]:
    leaves = (
        st.none()
        | st.booleans()
        | st.integers(-(10**25), 10**25)
        | st.floats()
        | st.text(max_size=12)
        | st.sampled_from(JSON_WORDS)
    )
    keys = st.sampled_from(JSON_KEYS) | st.text(max_size=8)
    values = st.recursive(
        leaves,
        lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4),
        max_leaves=16,
    )
    text = values.map(json.dumps)
    truncated = st.tuples(text, st.integers(1, 20)).map(lambda pair: pair[0][: -pair[1]])
    return text | text | truncated


def _huge() -> st.SearchStrategy[str]:
    sizes = st.sampled_from([256, 257, 1024, 2048, 2049, 30_720, 30_721, 262_144, 262_145, 300_000])
    chars = st.sampled_from(["a", "é", "€", "𝄞", "\x00", "{", "[", "9"])
    return st.builds(lambda char, size: char * max(1, size // len(char.encode("utf-8"))), chars, sizes)


def _composed_arn() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(ARN_PARTS) | st.text(max_size=6), min_size=1, max_size=9).map(":".join)


ARN = _sampled(ARNS) | _sampled(ARNS) | _composed_arn()
JSONISH = (
    _sampled(FILTER_POLICIES)
    | _sampled(POLICIES + DELIVERY_POLICIES + REDRIVE_POLICIES + REPLAY_POLICIES + ARCHIVE_POLICIES)
    | _sampled(STRUCTURED_MESSAGES + DATA_PROTECTION_POLICIES)
    | _sampled(DEEP)
    | _json_text()
)
GENERAL = (
    st.text(max_size=40)
    | st.text(
        alphabet=st.characters(max_codepoint=0x20) | st.sampled_from(["\x7f", "\x85", "\u2028"]), max_size=20
    )
    | st.text(alphabet=st.characters(min_codepoint=0x80), max_size=20)
    | st.sampled_from(["", " ", "\x00", "null", "true", "0"])
    | _sampled(ODD_NUMBERS)
    | ARN
    | JSONISH
    | _huge()
)


def _pool(values: list[str]) -> st.SearchStrategy[str]:
    """Mostly the pool, sometimes anything."""
    return _sampled(values) | _sampled(values) | _sampled(values) | GENERAL


# Member name (lower case) → strings for it. List members use their list's name.
MEMBER_VALUES: dict[str, list[str]] = {
    "topicarn": ARNS,
    "targetarn": ARNS,
    "resourcearn": ARNS,
    "subscriptionarn": ARNS,
    "platformapplicationarn": ARNS,
    "endpointarn": ARNS,
    "protocol": PROTOCOLS,
    "endpoint": ENDPOINTS,
    "phonenumber": PHONES,
    "name": NAMES,
    "platform": PLATFORMS,
    "attributename": ALL_ATTRIBUTES,
    "attributevalue": sorted({value for values in ATTRIBUTE_VALUES.values() for value in values}),
    "message": STRUCTURED_MESSAGES + ["hello", "{}", "é"],
    "subject": ["s", "s" * 100, "s" * 101, "line\nbreak", "tab\t", "é", "\x7f"],
    "messagestructure": ["json", "JSON", "string"],
    "token": ["{{TOKEN}}", "{{TOKEN_UPPER}}", "{{TOKEN}}0", "abc123", "device", "DEVICE"],
    "nexttoken": [
        "dG9waWNzOjE",
        "dG9waWNzOjA",
        "c3Vic2NyaXB0aW9uczox",
        "==",
        "dG9waWNzOi0x",
        "eDp5",
        "dG9waWNzOjk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5",
    ],
    "label": ["lbl", "x" * 100, "x" * 101, "a b", "__default_statement_ID"],
    "awsaccountid": ACCOUNTS,
    "actionname": ACTIONS,
    "datatype": DATA_TYPES,
    "stringvalue": STRING_VALUES + ODD_NUMBERS,
    "messagegroupid": ["g1", "g" * 128, "g" * 129, "a b", "é"],
    "messagededuplicationid": ["d1", "d" * 128, "d" * 129, "a b", "é"],
    "id": ["1", "a", "a-b_c", "x" * 80, "x" * 81, "a b", "é"],
    "languagecode": LANGUAGES,
    "onetimepassword": ["{{OTP}}", "123456", "00000", "12345678", "1234", "123456789", "abcdef"],
    "key": TAG_KEYS,
    "tagkeys": TAG_KEYS,
    "value": ["v", "", "v" * 256, "v" * 257],
    "customuserdata": ["data", "x" * 2049, "é" * 1025],
    "dataprotectionpolicy": DATA_PROTECTION_POLICIES,
    "authenticateonunsubscribe": BOOL_STRINGS,
    "attributes": SMS_ATTRIBUTES,  # GetSMSAttributes' list of names
}
MEMBER_STRINGS: dict[str, st.SearchStrategy[str]] = {
    name: _pool(values) for name, values in MEMBER_VALUES.items()
}
for _name in ("attributevalue", "message", "dataprotectionpolicy"):
    MEMBER_STRINGS[_name] = MEMBER_STRINGS[_name] | JSONISH
MAP_KEYS: dict[str, st.SearchStrategy[str]] = {
    "attributes": _pool(ALL_ATTRIBUTES),
    "messageattributes": _pool(MESSAGE_ATTRIBUTE_NAMES),
}
WRONG_TYPE = st.sampled_from([None, 1, 1.5, [], {}, b"x", object()])


# --------------------------------------------------------------------------- shapes → strategies
def _string(context: str) -> st.SearchStrategy[str]:
    return MEMBER_STRINGS.get(context.lower(), GENERAL)


def _scalar(shape: Any, context: str) -> st.SearchStrategy[Any]:
    kind = shape.type_name
    if kind == "string":
        return _string(context)
    if kind == "boolean":
        return st.booleans()
    if kind in ("integer", "long"):
        return st.integers(-5, 200) | st.sampled_from([0, 1, 30, 31, 100, 101, 2**63, True])
    if kind == "blob":
        return st.binary(max_size=40) | st.text(max_size=20) | st.just(b"") | st.just(b"\xff" * 300_000)
    raise AssertionError(f"no strategy for {kind}")


def _map(shape: Any, context: str) -> st.SearchStrategy[dict[Any, Any]]:
    keys = MAP_KEYS.get(context.lower(), GENERAL)
    message_attributes = context.lower() == "messageattributes"

    @st.composite
    def build(draw: Callable[..., Any]) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for _ in range(draw(st.integers(0, 5))):
            key = draw(keys)
            if message_attributes:
                result[key] = draw(_message_attribute(shape.value, key))
            else:
                result[key] = draw(_attribute_value(key))
        return result

    return build()


def _message_attribute(shape: Any, name: str) -> st.SearchStrategy[dict[str, Any]]:
    specific = MESSAGE_ATTRIBUTE_VALUES.get(name)
    strings = (
        (_sampled(specific) | _sampled(specific) | _string("stringvalue"))
        if specific
        else _string("stringvalue")
    )
    return st.fixed_dictionaries(
        {"DataType": _string("datatype")},
        optional={
            "StringValue": strings,
            "BinaryValue": _scalar(shape.members["BinaryValue"], "BinaryValue"),
        },
    )


def _list(shape: Any, context: str, depth: int) -> st.SearchStrategy[Any]:
    items = st.lists(strategy_for(shape.member, context, depth + 1), max_size=12)
    return items | items.map(tuple)


def _attribute_value(name: str) -> st.SearchStrategy[str]:
    """A value that fits attribute ``name`` (when we know one), or anything."""
    specific = ATTRIBUTE_VALUES.get(name)
    return (_sampled(specific) | _sampled(specific) | _sampled(specific) | GENERAL) if specific else GENERAL


def _structure(shape: Any, depth: int) -> st.SearchStrategy[dict[str, Any]]:
    required = {
        name: strategy_for(member, name, depth + 1)
        for name, member in shape.members.items()
        if name in shape.required_members
    }
    optional = {
        name: strategy_for(member, name, depth + 1)
        for name, member in shape.members.items()
        if name not in shape.required_members
    }
    if "AttributeName" not in shape.members or "AttributeValue" not in shape.members:
        return st.fixed_dictionaries(required, optional=optional)
    # Set{Topic,Subscription}Attributes: draw the value for the name drawn.
    optional.pop("AttributeValue")
    rest = st.fixed_dictionaries(required, optional=optional)

    @st.composite
    def named(draw: Callable[..., Any]) -> dict[str, Any]:
        params = dict(draw(rest))
        name = params["AttributeName"]
        if isinstance(name, str) and draw(st.integers(0, 9)):
            params["AttributeValue"] = draw(_attribute_value(name))
        return params

    return named()


def strategy_for(shape: Any, context: str = "", depth: int = 0) -> st.SearchStrategy[Any]:
    """Values for ``shape``: mostly well typed (so they reach the fake), now and then not."""
    kind = shape.type_name
    if kind == "structure":
        value = _structure(shape, depth)
    elif kind == "list":
        value = _list(shape, context, depth)
    elif kind == "map":
        value = _map(shape, context)
    else:
        value = _scalar(shape, context)
    if depth == 0:
        return value
    return st.one_of(*([value] * 30), WRONG_TYPE)


# A valid call per operation (placeholders name seeded resources). Hypothesis mutates some members
# of it, so most examples get past the other members' checks into the code under the mutated one.
DATA_PROTECTION_POLICY = DATA_PROTECTION_POLICIES[0]
BASELINES: dict[str, dict[str, Any]] = {
    "AddPermission": {
        "TopicArn": TOPIC,
        "Label": "lbl",
        "AWSAccountId": [OTHER_ACCOUNT],
        "ActionName": ["Publish"],
    },
    "CheckIfPhoneNumberIsOptedOut": {"phoneNumber": PHONE},
    "ConfirmSubscription": {"TopicArn": TOPIC, "Token": "{{TOKEN}}", "AuthenticateOnUnsubscribe": "true"},
    "CreatePlatformApplication": {
        "Name": "app2",
        "Platform": "GCM",
        "Attributes": {"PlatformCredential": "key"},
    },
    "CreatePlatformEndpoint": {
        "PlatformApplicationArn": APP,
        "Token": "device2",
        "CustomUserData": "data",
        "Attributes": {"Enabled": "true"},
    },
    "CreateSMSSandboxPhoneNumber": {"PhoneNumber": "+15555550103", "LanguageCode": "en-US"},
    "CreateTopic": {
        "Name": "fuzz2",
        "Attributes": {"DisplayName": "x"},
        "Tags": [{"Key": "k", "Value": "v"}],
        "DataProtectionPolicy": DATA_PROTECTION_POLICY,
    },
    "DeleteEndpoint": {"EndpointArn": "{{ENDPOINT}}"},
    "DeletePlatformApplication": {"PlatformApplicationArn": APP},
    "DeleteSMSSandboxPhoneNumber": {"PhoneNumber": PHONE},
    "DeleteTopic": {"TopicArn": TOPIC},
    "GetDataProtectionPolicy": {"ResourceArn": TOPIC},
    "GetEndpointAttributes": {"EndpointArn": "{{ENDPOINT}}"},
    "GetPlatformApplicationAttributes": {"PlatformApplicationArn": APP},
    "GetSMSAttributes": {"attributes": ["MonthlySpendLimit"]},
    "GetSMSSandboxAccountStatus": {},
    "GetSubscriptionAttributes": {"SubscriptionArn": "{{SUB}}"},
    "GetTopicAttributes": {"TopicArn": TOPIC},
    "ListEndpointsByPlatformApplication": {"PlatformApplicationArn": APP},
    "ListOriginationNumbers": {"MaxResults": 10},
    "ListPhoneNumbersOptedOut": {},
    "ListPlatformApplications": {},
    "ListSMSSandboxPhoneNumbers": {"MaxResults": 10},
    "ListSubscriptions": {},
    "ListSubscriptionsByTopic": {"TopicArn": TOPIC},
    "ListTagsForResource": {"ResourceArn": TOPIC},
    "ListTopics": {},
    "OptInPhoneNumber": {"phoneNumber": OPTED_OUT_PHONE},
    "Publish": {
        "TopicArn": TOPIC,
        "Message": "hello",
        "Subject": "s",
        "MessageAttributes": {"color": {"DataType": "String", "StringValue": "red"}},
    },
    "PublishBatch": {
        "TopicArn": TOPIC,
        "PublishBatchRequestEntries": [
            {
                "Id": "1",
                "Message": "hello",
                "MessageAttributes": {"color": {"DataType": "String", "StringValue": "red"}},
            },
        ],
    },
    "PutDataProtectionPolicy": {"ResourceArn": TOPIC, "DataProtectionPolicy": DATA_PROTECTION_POLICY},
    "RemovePermission": {"TopicArn": TOPIC, "Label": "lbl"},
    "SetEndpointAttributes": {"EndpointArn": "{{ENDPOINT}}", "Attributes": {"CustomUserData": "x"}},
    "SetPlatformApplicationAttributes": {
        "PlatformApplicationArn": APP,
        "Attributes": {"PlatformCredential": "k2"},
    },
    "SetSMSAttributes": {"attributes": {"DefaultSMSType": "Transactional"}},
    "SetSubscriptionAttributes": {
        "SubscriptionArn": "{{SUB}}",
        "AttributeName": "RawMessageDelivery",
        "AttributeValue": "true",
    },
    "SetTopicAttributes": {"TopicArn": TOPIC, "AttributeName": "DisplayName", "AttributeValue": "x"},
    "Subscribe": {
        "TopicArn": TOPIC,
        "Protocol": "sqs",
        "Endpoint": QUEUE + "-2",
        "Attributes": {"RawMessageDelivery": "true"},
        "ReturnSubscriptionArn": True,
    },
    "TagResource": {"ResourceArn": TOPIC, "Tags": [{"Key": "k", "Value": "v"}]},
    "Unsubscribe": {"SubscriptionArn": "{{SUB}}"},
    "UntagResource": {"ResourceArn": TOPIC, "TagKeys": ["team"]},
    "VerifySMSSandboxPhoneNumber": {"PhoneNumber": UNVERIFIED_PHONE, "OneTimePassword": "{{OTP}}"},
}


def _mutated(shape: Any, base: Mapping[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """The baseline with some members replaced (maps merged), some optional ones added."""
    members = {name: strategy_for(member, name, 1) for name, member in shape.members.items()}

    @st.composite
    def build(draw: Callable[..., Any]) -> dict[str, Any]:
        params = dict(base)
        for name, strategy in members.items():
            if draw(st.integers(0, 2)) != 0:
                continue
            value = draw(strategy)
            if isinstance(value, dict) and isinstance(params.get(name), dict) and draw(st.booleans()):
                value = {**params[name], **value}
            params[name] = value
        name = params.get("AttributeName")
        if "AttributeValue" in shape.members and isinstance(name, str) and name != base.get("AttributeName"):
            params["AttributeValue"] = draw(_attribute_value(name))
        return params

    return build()


@cache
def params_for(operation: str) -> st.SearchStrategy[dict[str, Any]]:
    shape = MODEL.operation_model(operation).input_shape
    if shape is None:
        return st.just({})
    mutated = _mutated(shape, BASELINES[operation])
    return st.one_of(mutated, mutated, mutated, strategy_for(shape))
