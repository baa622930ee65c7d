"""Unit tests for snsfake.filter_policy: AWS validation messages byte for byte, matching in both scopes,
limits, and a fuzz check that odd input only ever yields FilterPolicyError / a non-match."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from snsfake.filter_policy import FilterPolicy, FilterPolicyError, compile_filter_policy

BODY = "MessageBody"
ATTRS = "MessageAttributes"
REDACTED = "REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)"


def S(value: str) -> dict[str, Any]:
    return {"DataType": "String", "StringValue": value}


def N(value: str) -> dict[str, Any]:
    return {"DataType": "Number", "StringValue": value}


def A(values: list[Any]) -> dict[str, Any]:
    return {"DataType": "String.Array", "StringValue": json.dumps(values)}


def B(value: bytes) -> dict[str, Any]:
    return {"DataType": "Binary", "BinaryValue": value}


def reason_of(policy: str, scope: str = ATTRS) -> str:
    with pytest.raises(FilterPolicyError) as caught:
        compile_filter_policy(policy, scope)
    return caught.value.reason


def located(message: str, compact: str, column: int) -> str:
    return f'{message}\n at [Source: (String)"{compact}"; line: 1, column: {column}]'


# --------------------------------------------------------------------------------------------------
# Validation: spec/filter-policies.md §3.1, every row, exact text
# --------------------------------------------------------------------------------------------------

SPEC_ROWS = [
    ('{"key":[["value"]]}', "Match value must be String, number, true, false, or null", 10),
    ('{"key":[{"wrong-operator":true}]}', "Unrecognized match type wrong-operator", 31),
    ('{"key":[{"suffix":"value","prefix":"value2"}]}', "Only one key allowed in match expression", 37),
    ('{"key":[]}', "Empty arrays are not allowed", 10),
    ('{"key":[{"suffix":100}]}', "suffix match pattern must be a string", 22),
    ('{"key":[{"suffix":null}]}', "suffix match pattern must be a string", 23),
    ('{"key":[{"suffix":[]}]}', "suffix match pattern must be a string", 20),
    ('{"key":[{"suffix":["test","test2"]}]}', "suffix match pattern must be a string", 20),
    ('{"key":{"suffix":"value"}}', '"suffix" must be an object or an array', 19),
    ('{"key":{"not-an-operator":"value"}}', '"not-an-operator" must be an object or an array', 28),
    ('{"key_a":"value_one"}', '"key_a" must be an object or an array', 11),
    ('{"key":[{"cidr":["bad-filter"]}]}', "prefix match pattern must be a string", 18),
    ('{"key":[{"numeric":[]}]}', "Invalid member in numeric match: ]", 22),
    ('{"key":[{"numeric":["operator"]}]}', "Unrecognized numeric range operator: operator", 32),
    ('{"key":[{"numeric":[1,"<="]}]}', "Invalid member in numeric match: 1", 22),
    ('{"key":[{"numeric":["=","000"]}]}', "Value of equals must be numeric", 26),
    ('{"key":[{"numeric":[">="]}]}', "Value of >= must be numeric", 26),
    ('{"key":[{"numeric":["<",100,">",10]}]}', "Too many elements in numeric expression", 30),
    ('{"key":[{"numeric":[">=",1,">",2]}]}', "Bad numeric range operator: >", 31),
    ('{"key":[{"numeric":[">",3,"<",1]}]}', "Bottom must be less than top", 33),
    ('{"key":[{"numeric":[">",20,"<="]}]}', "Value of <= must be numeric", 33),
    ('{"key":[{"numeric":[">",20,30]}]}', "Bad value in numeric range: 30", 30),
    ('{"key":[{"numeric":[">",20,"test"]}]}', "Bad numeric range operator: test", 34),
    ('{"key":[{"numeric":[">","20","<","30"]}]}', "Value of > must be numeric", 26),
    ('{"key":[{"numeric":[">",20,"<","30"]}]}', "Value of < must be numeric", 33),
    ('{"key":[{"numeric":[">",20,"<",30,"<",50]}]}', "Too many terms in numeric range expression", 36),
    ('{"key":[{"exists":null}]}', "exists match pattern must be either true or false.", 23),
    ('{"key":[{"exists":"no"}]}', "exists match pattern must be either true or false.", 20),
    (
        '{"key":[{"anything-but":{"wrong-operator":null}}]}',
        "Unsupported anything-but pattern: wrong-operator",
        47,
    ),
    ('{"key":[{"anything-but":{"suffix":"test"}}]}', "Unsupported anything-but pattern: suffix", 36),
    ('{"key":[{"anything-but":{"exists":false}}]}', "Unsupported anything-but pattern: exists", 40),
    ('{"key":[{"anything-but":{"prefix":false}}]}', "prefix match pattern must be a string", 40),
]


@pytest.mark.parametrize(("policy", "message", "column"), SPEC_ROWS)
@pytest.mark.parametrize("scope", [ATTRS, BODY])
def test_spec_validation_rows(policy: str, message: str, column: int, scope: str) -> None:
    assert reason_of(policy, scope) == located(message, policy, column)


@pytest.mark.parametrize(("policy", "message", "column"), SPEC_ROWS)
def test_source_is_the_compact_reserialisation(policy: str, message: str, column: int) -> None:
    spaced = "{\n  " + policy[1:].replace(":", " : ").replace(",", " ,  ")
    assert reason_of(spaced) == located(message, policy, column)


def test_subscribe_and_set_messages() -> None:
    with pytest.raises(FilterPolicyError) as caught:
        compile_filter_policy('{"key":[]}')
    suffix = '\n at [Source: (String)"{"key":[]}"; line: 1, column: 10]'
    assert caught.value.message(in_subscribe=True) == (
        "Invalid parameter: Attributes Reason: FilterPolicy: Empty arrays are not allowed" + suffix
    )
    assert caught.value.message(in_subscribe=False) == (
        "Invalid parameter: FilterPolicy: Empty arrays are not allowed" + suffix
    )
    assert not caught.value.nested_scope


def test_nested_policy_in_attribute_scope() -> None:
    with pytest.raises(FilterPolicyError) as caught:
        compile_filter_policy('{"key":{"nested":["v"]}}', ATTRS)
    error = caught.value
    assert error.nested_scope
    assert error.reason == "Filter policy scope MessageAttributes does not support nested filter policy"
    assert error.message(in_subscribe=False) == (
        "Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy"
    )
    assert error.message(in_subscribe=True) == (
        "Invalid parameter: Attributes Reason: Filter policy scope MessageAttributes does not support nested "
        "filter policy"
    )


def test_nested_policy_in_body_scope_and_scope_switch() -> None:
    policy = compile_filter_policy('{"key":{"nested":["v"]}}', BODY)
    assert policy.nested and policy.scope == BODY and policy.source == '{"key":{"nested":["v"]}}'
    assert not compile_filter_policy('{"key.nested":["v"]}', BODY).nested
    with pytest.raises(FilterPolicyError) as caught:  # switching the stored policy back to attributes
        compile_filter_policy(policy.source, ATTRS)
    assert caught.value.nested_scope


def test_structure_errors_come_before_the_scope_error() -> None:
    assert reason_of('{"key":{"suffix":"value"}}', ATTRS) == located(
        '"suffix" must be an object or an array', '{"key":{"suffix":"value"}}', 19
    )


MORE_ROWS = [
    ('{"key":[{}]}', "Match expression name not found", 11),
    ('{"key":[{"prefix":"a","x":1}]}', "Only one key allowed in match expression", 28),
    ('{"key":[{"numeric":5}]}', "Value of numeric must be an array.", 21),
    ('{"key":[{"numeric":[">",2000000000]}]}', "Value must be between -1.0E9 and 1.0E9, inclusive", 36),
    (
        '{"key":[{"anything-but":true}]}',
        "Value of anything-but must be an array or single string/number value.",
        29,
    ),
    (
        '{"key":[{"anything-but":[null]}]}',
        "Inside anything but list, start|null|boolean is not supported.",
        30,
    ),
    (
        '{"key":[{"anything-but":[1,"a"]}]}',
        "Inside anything but list, either all values are number or string, mixed type is not supported",
        32,
    ),
    ('{"key":[{"anything-but":{}}]}', "Anything-But expression name not found", 27),
    (
        '{"key":[{"anything-but":{"equals-ignore-case":"x"}}]}',
        "Unsupported anything-but pattern: equals-ignore-case",
        48,
    ),
    ('{"key":{}}', "Empty objects are not allowed", 10),
    ('"abc"', "Filter is not an object", 2),
    ('["a"]', "Filter is not an object", 2),
    # "$or" with an operator name inside is an ordinary key (AWS doc "AND/OR logic")
    ('{"$or":[{"numeric":123},{"prefix":"abc"}]}', "Value of numeric must be an array.", 23),
    # Jackson re-serialises floats like Java's Double.toString
    ('{"key":[{"numeric":[">",1e2,"<",5]}]}', "Bottom must be less than top", 37),
    # columns count UTF-16 units: the emoji is two
    ('{"é😀":"x"}', '"é😀" must be an object or an array', 9),
]


@pytest.mark.parametrize(("policy", "message", "column"), MORE_ROWS)
def test_more_operator_errors(policy: str, message: str, column: int) -> None:
    compact = policy.replace("1e2", "100.0")  # Jackson writes floats like Java's Double.toString
    assert reason_of(policy, BODY) == located(message, compact, column)


@pytest.mark.parametrize(
    ("cidr", "reason"),
    [
        ("bad-filter", "Malformed CIDR, one '/' required"),
        ("10.0.0.0/8/8", "Malformed CIDR, one '/' required"),
        ("bad-filter/64", "Nonstandard IP address: bad-filter"),
        ("xx.11.xx/8", "Nonstandard IP address: xx.11.xx"),
        ("xxxx:db8:1234:1a00::/64", "Nonstandard IP address: xxxx:db8:1234:1a00::"),
        ("10.0.0.0/xx", "Malformed CIDR, mask bits must be an integer"),
        ("10.0.0.0/-1", "Malformed CIDR, mask bits must not be negative"),
        ("10.0.0.0/32", "IPv4 mask bits must be < 32"),
        ("2001:db8::/128", "IPv6 mask bits must be < 128"),
    ],
)
def test_cidr_errors_have_no_location(cidr: str, reason: str) -> None:
    assert reason_of(json.dumps({"key": [{"cidr": cidr}]})) == reason


@pytest.mark.parametrize(
    ("policy", "message", "line", "column"),
    [
        (
            "{invalid}",
            "Unexpected character ('i' (code 105)): was expecting double-quote to start field name",
            1,
            2,
        ),
        (
            "invalid",
            (
                "Unrecognized token 'invalid': was expecting (JSON String, Number, Array, Object or token "
                "'null', 'true' or 'false')"
            ),
            1,
            8,
        ),
        ('{"a":', "Unexpected end-of-input within/between Object entries", 1, 6),
        ('{"a":[1,]}', "Unexpected character (']' (code 93)): expected a value", 1, 9),
        (
            '{"a" 1}',
            "Unexpected character ('1' (code 49)): was expecting a colon to separate field name and value",
            1,
            6,
        ),
        (
            '{"a":["b"] "c"}',
            "Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries",
            1,
            12,
        ),
        ('{"a":"b', "Unexpected end-of-input: was expecting closing quote for a string value", 1, 8),
        ('{"a":01}', "Invalid numeric value: Leading zeroes not allowed", 1, 7),
        (
            "{\n  x",
            "Unexpected character ('x' (code 120)): was expecting double-quote to start field name",
            2,
            3,
        ),
        (
            '{"a":[tru]}',
            "Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
            1,
            10,
        ),
        (
            "[1",
            f"Unexpected end-of-input: expected close marker for Array (start marker at [Source: {REDACTED}; line: 1, column: 1])",
            1,
            3,
        ),
        ("", "No content to map due to end-of-input", 1, 1),
    ],
)
def test_json_parse_errors(policy: str, message: str, line: int, column: int) -> None:
    expected = f"failed to parse JSON. {message}\n at [Source: {REDACTED}; line: {line}, column: {column}]"
    assert reason_of(policy) == expected


def test_json_nesting_limit_and_deep_policies_do_not_recurse() -> None:
    too_deep = "[" * 1001 + "]" * 1001
    assert "Document nesting depth (1001) exceeds the maximum allowed (1000" in reason_of(too_deep)
    deep = '{"a":' * 999 + '["x"]' + "}" * 999
    assert reason_of(deep, BODY) == "Filter policy is too complex"
    assert (
        reason_of(deep, ATTRS)
        == "Filter policy scope MessageAttributes does not support nested filter policy"
    )


def test_long_source_is_truncated_like_jackson() -> None:
    policy = json.dumps({"k" * 600: "x"}, separators=(",", ":"))
    reason = reason_of(policy)
    assert reason.startswith('"' + "k" * 600 + '" must be an object or an array\n at [Source: (String)"{"')
    assert f'"[truncated {len(policy) - 500} chars]; line: 1, column: 606]' in reason


def test_trailing_content_after_the_policy_is_ignored_like_jackson() -> None:
    assert compile_filter_policy('{"a":["b"]} trailing').match({"a": S("b")}, "") is None


# --------------------------------------------------------------------------------------------------
# Limits
# --------------------------------------------------------------------------------------------------


def values(count: int) -> list[str]:
    return [f"v{index}" for index in range(count)]


@pytest.mark.parametrize(
    ("policy", "scope", "ok"),
    [
        ({f"k{i}": ["x"] for i in range(5)}, ATTRS, True),
        ({f"k{i}": ["x"] for i in range(6)}, ATTRS, False),
        ({"a": {f"k{i}": ["x"] for i in range(6)}}, BODY, True),  # only top-level keys count
    ],
)
def test_key_limit(policy: dict[str, Any], scope: str, ok: bool) -> None:
    text = json.dumps(policy)
    if ok:
        compile_filter_policy(text, scope)
    else:
        assert reason_of(text, scope) == "Filter policy can not have more than 5 keys"


@pytest.mark.parametrize(
    ("policy", "scope", "ok"),
    [
        ({"a": values(150)}, ATTRS, True),
        ({"a": values(151)}, ATTRS, False),
        ({"a": values(10), "b": values(15)}, ATTRS, True),
        ({"a": values(10), "b": values(16)}, ATTRS, False),
        ({"a": {"b": values(75)}}, BODY, True),  # 75 x depth 2
        ({"a": {"b": values(76)}}, BODY, False),
        ({"key_a": {"key_b": {"key_c": values(4)}}, "key_d": {"key_e": values(3)}}, BODY, True),  # 72
        ({"$or": [{"a": values(100)}, {"b": values(50)}]}, ATTRS, True),  # branches add
        ({"$or": [{"a": values(100)}, {"b": values(51)}]}, ATTRS, False),
        ({"c": values(2), "$or": [{"a": values(50)}, {"b": values(26)}]}, ATTRS, False),  # 2x50 + 2x26
    ],
)
def test_complexity_limit(policy: dict[str, Any], scope: str, ok: bool) -> None:
    text = json.dumps(policy)
    if ok:
        compile_filter_policy(text, scope)
    else:
        assert reason_of(text, scope) == "Filter policy is too complex"


def test_validation_order() -> None:
    six_bad_keys = json.dumps({f"k{i}": [] for i in range(6)})
    assert reason_of(six_bad_keys) == "Filter policy can not have more than 5 keys"
    complex_and_bad_operator = json.dumps({"a": values(151) + [{"suffix": 1}]})
    assert reason_of(complex_and_bad_operator) == "Filter policy is too complex"
    nested_then_operator = '{"a":[{"suffix":1}],"b":{"c":["x"]}}'
    assert reason_of(nested_then_operator, ATTRS).startswith("Filter policy scope")


def test_policy_size_limit() -> None:
    big = json.dumps({"a": ["x" * (256 * 1024)]})
    assert reason_of(big) == "Filter policy is too large"


def test_empty_policy_matches_everything() -> None:
    policy = compile_filter_policy("{}", BODY)
    assert policy.match(None, "not json") is None
    assert compile_filter_policy("{}").match(None, "") is None


# --------------------------------------------------------------------------------------------------
# Matching: attribute scope
# --------------------------------------------------------------------------------------------------

ATTRIBUTE_CASES: list[tuple[str, dict[str, Any], bool]] = [
    # exact strings: case-sensitive, OR inside a key, AND across keys
    ('{"s":["paid"]}', {"s": S("paid")}, True),
    ('{"s":["paid"]}', {"s": S("Paid")}, False),
    ('{"s":["paid","new"]}', {"s": S("new")}, True),
    ('{"s":["paid"],"t":["x"]}', {"s": S("paid"), "t": S("x")}, True),
    ('{"s":["paid"],"t":["x"]}', {"s": S("paid"), "t": S("y")}, False),
    ('{"s":["paid"]}', {"s": S("paid"), "other": S("ignored")}, True),
    ('{"s":["paid"]}', {"other": S("paid")}, False),
    ('{"s":["100"]}', {"s": N("100")}, False),  # a Number is compared as a number
    # numbers
    ('{"p":[100]}', {"p": N("100")}, True),
    ('{"p":[100]}', {"p": N("1e2")}, True),
    ('{"p":[100]}', {"p": N("100.000001")}, True),  # five decimals of accuracy
    ('{"p":[100]}', {"p": N("100.0001")}, False),
    ('{"p":[100]}', {"p": S("100")}, False),
    ('{"p":[{"numeric":["=",301.5]}]}', {"p": N("3.015e2")}, True),
    ('{"p":[{"numeric":["=",301.5]}]}', {"p": N("301.6")}, False),
    ('{"p":[{"numeric":["<",0]}]}', {"p": N("-0.5")}, True),
    ('{"p":[{"numeric":["<",0]}]}', {"p": N("0")}, False),
    ('{"p":[{"numeric":["<=",0]}]}', {"p": N("0")}, True),
    ('{"p":[{"numeric":[">",0]}]}', {"p": N("0")}, False),
    ('{"p":[{"numeric":[">=",0]}]}', {"p": N("0")}, True),
    ('{"p":[{"numeric":[">",0,"<=",150]}]}', {"p": N("150")}, True),
    ('{"p":[{"numeric":[">",0,"<=",150]}]}', {"p": N("150.5")}, False),
    ('{"p":[{"numeric":[">=",0,"<",150]}]}', {"p": N("150")}, False),
    ('{"p":[{"numeric":[">",0]}]}', {"p": S("5")}, False),
    ('{"p":[{"numeric":[">",0]}]}', {"p": N("not a number")}, False),
    ('{"p":[{"numeric":[">",0]}]}', {"p": N("inf")}, False),
    ('{"p":[{"numeric":[">",0]}]}', {"p": {"DataType": "Number.float", "StringValue": "2"}}, True),
    # prefix / suffix / equals-ignore-case
    ('{"s":[{"prefix":"bas"}]}', {"s": S("baseball")}, True),
    ('{"s":[{"prefix":"bas"}]}', {"s": S("rugby")}, False),
    ('{"s":[{"prefix":"1"}]}', {"s": N("12")}, False),  # strings only
    ('{"s":[{"suffix":"ball"}]}', {"s": S("baseball")}, True),
    ('{"s":[{"suffix":"ball"}]}', {"s": S("balls")}, False),
    ('{"s":[{"equals-ignore-case":"PAID"}]}', {"s": S("paid")}, True),
    ('{"s":[{"equals-ignore-case":"PAID"}]}', {"s": S("unpaid")}, False),
    # anything-but
    ('{"s":[{"anything-but":"x"}]}', {"s": S("y")}, True),
    ('{"s":[{"anything-but":"x"}]}', {"s": S("x")}, False),
    ('{"s":[{"anything-but":"x"}]}', {"t": S("y")}, False),  # the key must exist
    ('{"s":[{"anything-but":["rugby","tennis"]}]}', {"s": S("baseball")}, True),
    ('{"s":[{"anything-but":["rugby","tennis"]}]}', {"s": S("tennis")}, False),
    ('{"s":[{"anything-but":["rugby","tennis"]}]}', {"s": A(["rugby", "baseball"])}, True),
    ('{"s":[{"anything-but":["rugby","tennis"]}]}', {"s": A(["rugby", "tennis"])}, False),
    ('{"p":[{"anything-but":[100,500]}]}', {"p": N("101")}, True),
    ('{"p":[{"anything-but":[100,500]}]}', {"p": N("100.1")}, True),
    ('{"p":[{"anything-but":[100,500]}]}', {"p": N("100")}, False),
    (
        '{"p":[{"anything-but":[100,500]}]}',
        {"p": {"DataType": "Number.Array", "StringValue": "[100, 50]"}},
        True,
    ),
    ('{"s":[{"anything-but":{"prefix":"order-"}}]}', {"s": S("invoice-1")}, True),
    ('{"s":[{"anything-but":{"prefix":"order-"}}]}', {"s": S("order-1")}, False),
    ('{"s":[{"anything-but":"x"},{"exists":false}]}', {"t": S("y")}, True),
    # exists
    ('{"s":[{"exists":true}]}', {"s": S("fans")}, True),
    ('{"s":[{"exists":true}]}', {"s": N("0")}, True),
    ('{"s":[{"exists":true}]}', {"t": S("fans")}, False),
    ('{"s":[{"exists":false}]}', {"t": S("fans")}, True),
    ('{"s":[{"exists":false}]}', {"s": S("fans")}, False),
    ('{"s":[{"exists":false}]}', {}, False),  # AWS doc: an empty attribute set never matches
    ('{"s":[{"exists":true}]}', {"s": B(b"x")}, False),  # Binary attributes are invisible
    ('{"s":[{"exists":false}]}', {"s": B(b"x")}, True),
    ('{"s":["x"]}', {"s": B(b"x")}, False),
    # null never matches a missing attribute (AWS-snap)
    ('{"attr1":[null,{"anything-but":"whatever"}]}', {"other": S("x")}, False),
    # cidr
    ('{"ip":[{"cidr":"10.0.0.0/24"}]}', {"ip": S("10.0.0.255")}, True),
    ('{"ip":[{"cidr":"10.0.0.0/24"}]}', {"ip": S("10.0.1.0")}, False),
    ('{"ip":[{"cidr":"10.0.0.0/24"}]}', {"ip": S("10.0.0.256")}, False),
    ('{"ip":[{"cidr":"10.0.0.7/24"}]}', {"ip": S("10.0.0.1")}, True),  # host bits are ignored
    (
        '{"ip":[{"cidr":"2001:db8:1234:1a00::/64"}]}',
        {"ip": S("2001:0db8:1234:1a00:0000:0000:0000:0001")},
        True,
    ),
    ('{"ip":[{"cidr":"2001:db8:1234:1a00::/64"}]}', {"ip": S("2001:db8:1234:1a01::1")}, False),
    ('{"ip":[{"cidr":"2001:db8:1234:1a00::/64"}]}', {"ip": S("10.0.0.1")}, False),
    ('{"ip":["2001:db8::1"]}', {"ip": S("2001:0db8:0:0:0:0:0:1")}, True),  # exact IP literals compare as IPs
    # String.Array and custom String types
    ('{"s":["rugby"]}', {"s": A(["soccer", "rugby"])}, True),
    ('{"s":["rugby"]}', {"s": A(["soccer"])}, False),
    ('{"s":[{"prefix":"ru"}]}', {"s": A(["soccer", "rugby"])}, True),
    ('{"s":[5]}', {"s": A(["a", 5])}, True),
    ('{"s":[true]}', {"s": A([True])}, True),
    ('{"s":["rugby"]}', {"s": {"DataType": "String.Array", "StringValue": "not json"}}, False),
    # a lone JSON scalar is an array of one; an object has no elements
    ('{"p":[100,500]}', {"p": {"DataType": "String.Array", "StringValue": "100"}}, True),
    ('{"p":[100]}', {"p": {"DataType": "String.Array", "StringValue": "one hundred"}}, False),
    ('{"s":["rugby"]}', {"s": {"DataType": "String.Array", "StringValue": '"rugby"'}}, True),
    ('{"s":["rugby"]}', {"s": {"DataType": "String.Array", "StringValue": '{"s":"rugby"}'}}, False),
    ('{"s":["x"]}', {"s": {"DataType": "String.custom", "StringValue": "x"}}, True),
    # $or
    (
        '{"source":["cw"],"$or":[{"metric":["cpu"]},{"ns":["ec2"]}]}',
        {"source": S("cw"), "ns": S("ec2")},
        True,
    ),
    (
        '{"source":["cw"],"$or":[{"metric":["cpu"]},{"ns":["ec2"]}]}',
        {"source": S("cw"), "ns": S("rds")},
        False,
    ),
    (
        '{"source":["cw"],"$or":[{"metric":["cpu"]},{"ns":["ec2"]}]}',
        {"source": S("x"), "ns": S("ec2")},
        False,
    ),
    (
        '{"$or":[{"a":["1"]},{"$or":[{"b":["2"]},{"c":["3"],"d":["4"]}]}]}',
        {"c": S("3"), "d": S("4")},
        True,
    ),
    ('{"$or":[{"a":["1"]},{"$or":[{"b":["2"]},{"c":["3"],"d":["4"]}]}]}', {"c": S("3")}, False),
    ('{"$or":["a","b"]}', {"$or": S("a")}, True),  # not an $or: an ordinary key
]


@pytest.mark.parametrize(("policy", "attributes", "expected"), ATTRIBUTE_CASES)
def test_attribute_matching(policy: str, attributes: dict[str, Any], expected: bool) -> None:
    reason = compile_filter_policy(policy, ATTRS).match(attributes, "ignored body")
    assert (reason is None) is expected, reason


def test_one_object_or_is_an_ordinary_key_with_an_unrecognized_match_type() -> None:
    assert reason_of('{"$or":[{"a":["1"]}]}', ATTRS) == located(
        "Unrecognized match type a", '{"$or":[{"a":["1"]}]}', 15
    )


# --------------------------------------------------------------------------------------------------
# Matching: body scope
# --------------------------------------------------------------------------------------------------

BODY_CASES: list[tuple[str, str, bool]] = [
    ('{"s":["paid"]}', '{"s":"paid"}', True),
    ('{"s":["paid"]}', '{"s":"draft"}', False),
    ('{"s":["paid"]}', '{"t":"paid"}', False),
    ('{"s":["paid"]}', "not json", False),
    ('{"s":["paid"]}', '["paid"]', False),
    ('{"s":[{"exists":false}]}', "not json", False),
    # nesting, dotted keys and payload flattening (AWS-snap dot attribute test)
    ('{"a":{"b":["x"]}}', '{"a":{"b":"x"}}', True),
    ('{"a":{"b":["x"]}}', '{"a.b":"x"}', True),
    ('{"a.b":["x"]}', '{"a":{"b":"x"}}', True),
    ('{"a.b.c":["x"]}', '{"a":{"b.c":"x"}}', True),
    ('{"a":{"b":{"c":["x"]}}}', '{"a":{"b":{"c":"y"}}}', False),
    ('{"a":{"b":["x"]}}', '{"a":[{"b":"y"},{"b":"x"}]}', True),
    ('{"a":{"b":["x"]}}', '{"a":"x"}', False),
    # arrays and JSON types
    ('{"tags":["b"]}', '{"tags":["a","b"]}', True),
    ('{"tags":["c"]}', '{"tags":["a","b"]}', False),
    ('{"tags":["b"]}', '{"tags":[["a","b"]]}', True),
    ('{"n":[100]}', '{"n":100}', True),
    ('{"n":[100]}', '{"n":1e2}', True),
    ('{"n":[100]}', '{"n":"100"}', False),
    ('{"n":["100"]}', '{"n":100}', False),
    ('{"b":[true]}', '{"b":true}', True),
    ('{"b":[true]}', '{"b":"true"}', False),
    ('{"b":[false]}', '{"b":0}', False),
    ('{"z":[null]}', '{"z":null}', True),
    ('{"z":[null]}', "{}", False),
    ('{"n":[1]}', '{"n":true}', False),
    # operators
    ('{"n":[{"numeric":[">",10,"<",20]}]}', '{"n":15}', True),
    ('{"n":[{"numeric":[">",10,"<",20]}]}', '{"n":[5,15]}', True),
    ('{"n":[{"numeric":[">",10,"<",20]}]}', '{"n":"15"}', False),
    ('{"s":[{"prefix":"ab"}]}', '{"s":"abc"}', True),
    ('{"s":[{"suffix":"bc"}]}', '{"s":"abc"}', True),
    ('{"s":[{"equals-ignore-case":"ABC"}]}', '{"s":"aBc"}', True),
    ('{"s":[{"anything-but":["a"]}]}', '{"s":["a","b"]}', True),
    ('{"s":[{"anything-but":["a"]}]}', '{"s":["a"]}', False),
    ('{"ip":[{"cidr":"192.168.0.0/16"}]}', '{"ip":"192.168.3.4"}', True),
    # exists works on leaves only (AWS doc "Key matching")
    ('{"a":[{"exists":true}]}', '{"a":{"b":1}}', False),
    ('{"a":[{"exists":false}]}', '{"a":{"b":1}}', True),
    ('{"a":{"b":[{"exists":false}]}}', '{"c":1}', True),
    ('{"a":{"b":[{"exists":true}]}}', '{"a":{"b":"v"}}', True),
    ('{"a":[{"exists":true}]}', '{"a":null}', False),
    ('{"a":[{"exists":true}]}', '{"a":""}', False),
    ('{"a":[{"exists":false}]}', '{"a":[]}', True),
    # $or inside a nested object
    ('{"d":{"$or":[{"x":["1"]},{"y":["2"]}]}}', '{"d":{"y":"2"}}', True),
    ('{"d":{"$or":[{"x":["1"]},{"y":["2"]}]}}', '{"y":"2"}', False),
]


@pytest.mark.parametrize(("policy", "body", "expected"), BODY_CASES)
def test_body_matching(policy: str, body: str, expected: bool) -> None:
    reason = compile_filter_policy(policy, BODY).match({"s": S("paid")}, body)
    assert (reason is None) is expected, reason


def test_body_scope_ignores_attributes_and_attribute_scope_ignores_body() -> None:
    assert compile_filter_policy('{"s":["paid"]}', BODY).match({"s": S("paid")}, '{"s":"x"}') is not None
    assert compile_filter_policy('{"s":["paid"]}', ATTRS).match({"s": S("x")}, '{"s":"paid"}') is not None


# --------------------------------------------------------------------------------------------------
# Reasons, robustness, caching, speed
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "scope", "attributes", "body", "reason"),
    [
        ('{"status":["paid"]}', ATTRS, {"status": S("draft")}, "", "status: 'draft' is not one of ['paid']"),
        ('{"status":["paid"]}', ATTRS, {"x": S("draft")}, "", "status: attribute missing"),
        ('{"status":["paid"]}', ATTRS, None, "", "message has no attributes"),
        (
            '{"status":["paid"]}',
            ATTRS,
            {"status": B(b"x")},
            "",
            "status: Binary attributes are ignored by filter policies",
        ),
        (
            '{"p":[{"numeric":[">",10]}]}',
            ATTRS,
            {"p": N("5")},
            "",
            'p: 5 does not match [{"numeric":[">",10]}]',
        ),
        ('{"a":{"b":["x"]}}', BODY, None, '{"a":{"b":"y"}}', "a.b: 'y' is not one of ['x']"),
        ('{"a":{"b":["x"]}}', BODY, None, '{"a":{}}', "a.b: not present in the message body"),
        ('{"a":["x"]}', BODY, None, "[]", "body is not a JSON object"),
        (
            '{"$or":[{"a":["1"]},{"b":["2"]}]}',
            ATTRS,
            {"b": S("3")},
            "",
            "no $or alternative matched: a: attribute missing | b: '3' is not one of ['2']",
        ),
    ],
)
def test_reasons(policy: str, scope: str, attributes: Any, body: str, reason: str) -> None:
    assert compile_filter_policy(policy, scope).match(attributes, body) == reason


@pytest.mark.parametrize(
    "attributes",
    [
        {"s": None},
        {"s": "paid"},
        {"s": {"DataType": 5, "StringValue": "paid"}},
        {"s": {"DataType": "String", "StringValue": 5}},
        {"s": {"DataType": "Number", "StringValue": None}},
        {"s": {"DataType": "String.Array", "StringValue": "[" * 5000}},
        {"s": {}},
    ],
)
def test_match_never_raises_on_odd_attributes(attributes: Any) -> None:
    for policy in ('{"s":["paid"]}', '{"s":[{"exists":false},{"numeric":[">",1]},{"cidr":"10.0.0.0/8"}]}'):
        reason = compile_filter_policy(policy).match(attributes, "")
        assert reason is None or isinstance(reason, str)


def test_match_never_raises_on_odd_bodies() -> None:
    policy = compile_filter_policy('{"s":[{"numeric":[">",1]}]}', BODY)
    for body in ["[" * 100000, '{"s":1' + "0" * 5000 + "}", '{"s":NaN}', '{"s":1e999}', None, ""]:
        assert isinstance(policy.match(None, body), str)  # type: ignore[arg-type]


def test_invalid_arguments_are_programming_errors() -> None:
    with pytest.raises(TypeError, match="snsfake: "):
        compile_filter_policy(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="snsfake: FilterPolicyScope"):
        compile_filter_policy("{}", "Body")


def test_compiled_policies_are_shared_and_keep_the_source_verbatim() -> None:
    text = '{ "a" : [ "b" ] }'
    first = compile_filter_policy(text, BODY)
    assert first is compile_filter_policy(text, BODY)
    assert first.source == text
    assert isinstance(first, FilterPolicy)
    assert "MessageBody" in repr(first)


def test_match_is_fast() -> None:
    policy = compile_filter_policy(
        '{"status":["paid","new"],"price":[{"numeric":[">",10]}],"kind":[{"prefix":"o"}]}'
    )
    attributes = {"status": S("new"), "price": N("12.5"), "kind": S("order")}
    rounds = 20000
    started = time.perf_counter()
    for _ in range(rounds):
        policy.match(attributes, "")
    per_call = (time.perf_counter() - started) / rounds
    assert per_call < 50e-6  # typically ~4 us; generous for slow CI machines


# --------------------------------------------------------------------------------------------------
# Fuzz
# --------------------------------------------------------------------------------------------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1000, 1000),
    st.sampled_from([1.5, 2e9, -0.0, 10**30]),
    st.text(alphabet="ab.-1:/", max_size=4),
)
_operators = st.sampled_from(
    ["prefix", "suffix", "equals-ignore-case", "anything-but", "numeric", "exists", "cidr", "other"]
)
_operands = st.one_of(
    _scalars,
    st.lists(st.one_of(_scalars, st.sampled_from(["=", "<", "<=", ">", ">="])), max_size=5),
    st.sampled_from([{"prefix": "a"}, {"suffix": "a"}, {}, "10.0.0.0/8", "::/0", "10.0.0.0/33"]),
)
_rules = st.one_of(_scalars, st.dictionaries(_operators, _operands, min_size=1, max_size=2))
_keys = st.sampled_from(["a", "b", "a.b", "$or", "c"])
_leaf_objects = st.dictionaries(_keys, st.lists(_rules, max_size=3), max_size=2)
_policies = st.dictionaries(
    _keys,
    st.one_of(
        st.lists(_rules, max_size=3),
        _leaf_objects,
        st.lists(_leaf_objects, min_size=2, max_size=3),
        _scalars,
    ),
    max_size=3,
)


def _mutate(text: str, data: st.DataObject) -> str:
    if not text:
        return text
    index = data.draw(st.integers(0, len(text) - 1))
    action = data.draw(st.sampled_from(["drop", "insert", "keep"]))
    if action == "drop":
        return text[:index] + text[index + 1 :]
    if action == "insert":
        return text[:index] + data.draw(st.sampled_from(list('{}[]:,"\\ 0-ex'))) + text[index:]
    return text


_attribute_maps = st.dictionaries(
    _keys,
    st.one_of(
        st.builds(S, st.text(max_size=5)),
        st.builds(N, st.sampled_from(["1", "-2.5", "1e3", "x", "nan", ""])),
        st.builds(A, st.lists(_scalars, max_size=3)),
        st.builds(B, st.binary(max_size=3)),
    ),
    max_size=4,
)
_bodies = st.one_of(
    st.text(max_size=10),
    st.recursive(
        _scalars,
        lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_keys, inner, max_size=3)),
        max_leaves=8,
    ).map(json.dumps),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), policy=_policies, scope=st.sampled_from([ATTRS, BODY]))
def test_fuzz_compile_and_match(data: st.DataObject, policy: dict[str, Any], scope: str) -> None:
    text = _mutate(json.dumps(policy), data)
    try:
        compiled = compile_filter_policy(text, scope)
    except FilterPolicyError as error:
        assert error.reason and isinstance(error.message(in_subscribe=True), str)
        return
    attributes = data.draw(_attribute_maps)
    body = data.draw(_bodies)
    first = compiled.match(attributes, body)
    assert first is None or isinstance(first, str)
    assert compiled.match(attributes, body) == first
    compiled.match(attributes, '{"a":"other"}')  # replaces the one-entry body cache ...
    assert compiled.match(attributes, body) == first  # ... which must not change the answer


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list('{}[]:,"\\ \n\t0123456789.-+eEtrufalsn$or/ab\x01é😀')), max_size=40
    )
)
def test_fuzz_arbitrary_strings_only_raise_filter_policy_error(text: str) -> None:
    try:
        compile_filter_policy(text, BODY)
    except FilterPolicyError as error:
        assert error.reason
