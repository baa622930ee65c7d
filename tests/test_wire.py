"""The query-protocol codec, judged by botocore itself.

Requests: botocore's own query serializer turns representative params for every
SNS operation into a form body, and ``decode_request`` must give the same params
back. Responses: ``encode_response`` / ``encode_error`` write XML that botocore's
``QueryParser`` must parse back to the dict we started from. Representative values
are built by walking the model's shapes, so every member, list, map and
``locationName`` of every operation is covered.
"""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from typing import Any

import pytest
from botocore.awsrequest import AWSRequest, prepare_request_dict
from botocore.model import ListShape, MapShape, Shape, StructureShape
from botocore.parsers import create_parser
from botocore.serialize import create_serializer
from hypothesis import given, settings
from hypothesis import strategies as st

from snsfake import wire
from snsfake.wire import WireError, decode_request, encode_error, encode_response

MODEL = wire.service_model()
OPERATIONS = sorted(MODEL.operation_names)
FORM = "application/x-www-form-urlencoded; charset=utf-8"

# Everything XML 1.0 can carry that tends to break hand-written codecs.
TRICKY = "a<b>&c;\"d'e]]>f\tg\nh\r\ni 😀 é ü 中 \u2028 %41+%2B= &amp;"


# ------------------------------------------------------------------------------------------ helpers


def serialize(operation: str, params: dict[str, Any]) -> tuple[bytes, str]:
    """The form body and Content-Type botocore would send for ``params``."""
    request = create_serializer("query").serialize_to_request(params, MODEL.operation_model(operation))
    prepare_request_dict(request, endpoint_url="https://sns.us-east-1.amazonaws.com")
    prepared = AWSRequest(
        method=request["method"], url=request["url"], data=request["body"], headers=request["headers"]
    ).prepare()
    body = prepared.body
    assert isinstance(body, str)
    return body.encode("ascii"), prepared.headers["Content-Type"]


def sample(shape: Shape, label: str, flip: bool = False) -> Any:
    """A value for every member of ``shape``: two items per list, two entries per map."""
    kind = shape.type_name
    if kind == "structure":
        assert isinstance(shape, StructureShape)
        return {name: sample(member, f"{label}.{name}", flip) for name, member in shape.members.items()}
    if kind == "list":
        assert isinstance(shape, ListShape)
        return [sample(shape.member, f"{label}[{index}]", flip) for index in range(2)]
    if kind == "map":
        assert isinstance(shape, MapShape)
        return {f"{label}-key{index}": sample(shape.value, f"{label}{{{index}}}", flip) for index in range(2)}
    if kind == "string":
        return f"{label} {TRICKY}"
    if kind in ("integer", "long"):
        return 7
    if kind == "boolean":
        return not flip
    if kind == "blob":
        return b"\x00\xff binary " + label.encode()
    if kind == "timestamp":
        return datetime.datetime(2024, 2, 29, 23, 59, 58, 123000, tzinfo=datetime.timezone.utc)
    raise AssertionError(f"no sample for {kind}")


def parse(operation: str, body: bytes, status: int = 200) -> dict[str, Any]:
    response = {"body": body, "headers": {"x-amzn-requestid": "req-1"}, "status_code": status}
    parsed: dict[str, Any] = create_parser("query").parse(
        response, MODEL.operation_model(operation).output_shape
    )
    return parsed


def body_only(parsed: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in parsed.items() if key != "ResponseMetadata"}


def decode_error(body: bytes, content_type: str | None = FORM, query: bytes | str = b"") -> WireError:
    with pytest.raises(WireError) as caught:
        decode_request(body, content_type, query)
    return caught.value


# ------------------------------------------------------------------------------------------ requests


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("flip", [False, True], ids=["true", "false"])
def test_every_operation_decodes_to_what_botocore_serialized(operation: str, flip: bool) -> None:
    shape = MODEL.operation_model(operation).input_shape
    params = sample(shape, operation, flip) if shape is not None else {}
    body, content_type = serialize(operation, params)
    assert decode_request(body, content_type) == (operation, params)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_operation_decodes_from_a_get_query_string(operation: str) -> None:
    shape = MODEL.operation_model(operation).input_shape
    params = sample(shape, operation) if shape is not None else {}
    body, _ = serialize(operation, params)
    assert decode_request(b"", None, query=body) == (operation, params)
    assert decode_request(b"", None, query=body.decode("ascii")) == (operation, params)


def test_publish_with_message_attributes_reads_the_models_name_and_value_names() -> None:
    body = (
        b"Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3At"
        b"&Message=hello+world&MessageAttributes.entry.1.Name=a"
        b"&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=x"
        b"&MessageAttributes.entry.2.Name=b&MessageAttributes.entry.2.Value.DataType=Binary"
        b"&MessageAttributes.entry.2.Value.BinaryValue=AP8%3D"
    )
    assert decode_request(body, "application/x-www-form-urlencoded") == (
        "Publish",
        {
            "TopicArn": "arn:aws:sns:us-east-1:123456789012:t",
            "Message": "hello world",
            "MessageAttributes": {
                "a": {"DataType": "String", "StringValue": "x"},
                "b": {"DataType": "Binary", "BinaryValue": b"\x00\xff"},
            },
        },
    )


@pytest.mark.parametrize(
    ("operation", "params"),
    [
        ("UntagResource", {"ResourceArn": "arn", "TagKeys": []}),  # botocore sends `TagKeys=`
        ("Publish", {"TopicArn": "", "Message": ""}),
        ("Subscribe", {"TopicArn": "t", "Protocol": "sqs", "ReturnSubscriptionArn": False}),
        ("ListOriginationNumbers", {"MaxResults": 30, "NextToken": "x=="}),
        (
            "CreateTopic",
            {"Name": "t", "Attributes": {"DisplayName": ""}, "Tags": [{"Key": "k", "Value": ""}]},
        ),
    ],
)
def test_empty_and_edge_values_round_trip(operation: str, params: dict[str, Any]) -> None:
    body, content_type = serialize(operation, params)
    assert decode_request(body, content_type) == (operation, params)


def test_list_members_come_in_numeric_order_and_gaps_are_closed() -> None:
    body = (
        b"Action=UntagResource&ResourceArn=r&TagKeys.member.10=ten&TagKeys.member.2=two&TagKeys.member.1=one"
    )
    assert decode_request(body, FORM)[1]["TagKeys"] == ["one", "two", "ten"]
    body = b"Action=UntagResource&ResourceArn=r&TagKeys.member.3=c&TagKeys.member.x=no&TagKeys.member.01=no"
    assert decode_request(body, FORM)[1]["TagKeys"] == ["c"]


def test_half_map_entries_are_skipped() -> None:
    body = (
        b"Action=CreateTopic&Name=t&Attributes.entry.1.key=DisplayName&Attributes.entry.2.value=orphan"
        b"&Attributes.entry.3.key=Policy&Attributes.entry.3.value=%7B%7D"
    )
    assert decode_request(body, FORM)[1] == {"Name": "t", "Attributes": {"Policy": "{}"}}


def test_parameters_the_model_does_not_name_are_ignored() -> None:
    body = (
        b"Action=ListTopics&Version=2010-03-31&NextToken=n&Signature=abc&SignatureVersion=2"
        b"&AWSAccessKeyId=AKID&Bogus.member.1=x&NextToken.child=y"
    )
    assert decode_request(body, FORM) == ("ListTopics", {"NextToken": "n"})


def test_query_string_and_body_merge_and_the_first_value_wins() -> None:
    assert decode_request(b"TopicArn=from-body&TopicArn=later", FORM, query=b"Action=DeleteTopic") == (
        "DeleteTopic",
        {"TopicArn": "from-body"},
    )
    assert decode_request(b"TopicArn=from-body", FORM, query="Action=DeleteTopic&TopicArn=from-query") == (
        "DeleteTopic",
        {"TopicArn": "from-query"},
    )


def test_version_may_be_left_out_as_in_snss_own_subscribe_urls() -> None:
    query = "Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:123456789012:t&Token=abc"
    assert decode_request(b"", None, query) == (
        "ConfirmSubscription",
        {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Token": "abc"},
    )


def test_a_body_that_is_not_form_data_is_not_read_for_parameters() -> None:
    for content_type in ("application/json", "text/plain", None):
        error = decode_error(b"Action=ListTopics", content_type)
        assert (error.code, error.status) == ("MissingAction", 404)
    assert decode_request(b'{"x": 1}', "application/json", query="Action=ListTopics") == ("ListTopics", {})
    assert decode_request(b"Action=ListTopics", "Application/X-WWW-Form-Urlencoded ; Charset=UTF-8")[0] == (
        "ListTopics"
    )


def test_a_declared_charset_decodes_the_body() -> None:
    body = b"Action=Publish&TopicArn=t&Message=caf%E9"
    assert (
        decode_request(body, "application/x-www-form-urlencoded; charset=ISO-8859-1")[1]["Message"] == "café"
    )


def test_raw_utf8_bytes_are_accepted_unescaped() -> None:
    body = "Action=Publish&TopicArn=t&Message=😀 é".encode()
    assert decode_request(body, FORM)[1]["Message"] == "😀 é"


# ------------------------------------------------------------------------------------------ request errors


def test_missing_action() -> None:
    for body in (b"", b"TopicArn=x", b"Action=", b"action=ListTopics"):
        error = decode_error(body)
        assert (error.code, error.message, error.status) == ("MissingAction", "Missing Action", 404)
        assert error.namespace == wire.FAULT_NAMESPACE


def test_unknown_action_gets_aws_text_and_actions_are_case_sensitive() -> None:
    error = decode_error(b"Action=publish&Version=2010-03-31")
    assert (error.code, error.status) == ("InvalidAction", 400)
    assert error.message == "Could not find operation publish for version 2010-03-31"
    error = decode_error(b"Action=Frobnicate")
    assert error.message == "Could not find operation Frobnicate for version 2010-03-31"


def test_another_api_version_finds_no_operation() -> None:
    error = decode_error(b"Action=ListTopics&Version=2012-11-05")
    assert (error.code, error.status) == ("InvalidAction", 400)
    assert error.message == "Could not find operation ListTopics for version 2012-11-05"


@pytest.mark.parametrize(
    "body",
    [
        b"Action=ListTopics&NextToken=%ZZ",
        b"Action=ListTopics&NextToken=%",
        b"Action=ListTopics&NextToken=abc%4",
        b"Action=ListTopics&NextToken=%FF",  # escapes a byte that is not UTF-8
        b"Action=ListTopics&NextToken=\xff\xfe",  # raw bytes that are not UTF-8
        b"Action=ListTopics&Next%C3Token=x",  # half a character in a name
    ],
)
def test_bad_escapes_and_non_utf8_are_malformed(body: bytes) -> None:
    error = decode_error(body)
    assert (error.code, error.message, error.status) == (
        "MalformedQueryString",
        "The query string contains a syntax error.",
        404,
    )
    assert decode_error(b"", None, query=body).code == "MalformedQueryString"


def test_an_unknown_charset_is_malformed() -> None:
    error = decode_error(b"Action=ListTopics", "application/x-www-form-urlencoded; charset=klingon")
    assert error.code == "MalformedQueryString"


@pytest.mark.parametrize(
    ("body", "key", "raw"),
    [
        (b"Action=ListOriginationNumbers&MaxResults=ten", "MaxResults", "ten"),
        (b"Action=ListOriginationNumbers&MaxResults=1.5", "MaxResults", "1.5"),
        (
            b"Action=Subscribe&TopicArn=t&Protocol=sqs&ReturnSubscriptionArn=yes",
            "ReturnSubscriptionArn",
            "yes",
        ),
        (
            b"Action=Publish&Message=m&MessageAttributes.entry.1.Name=a"
            b"&MessageAttributes.entry.1.Value.DataType=Binary&MessageAttributes.entry.1.Value.BinaryValue=%21%21",
            "MessageAttributes.entry.1.Value.BinaryValue",
            "!!",
        ),
    ],
)
def test_values_of_the_wrong_type(body: bytes, key: str, raw: str) -> None:
    error = decode_error(body)
    assert (error.code, error.status) == ("InvalidParameterValue", 400)
    assert error.message.startswith(f"snsfake: {key} must be ")
    assert error.message.endswith(repr(raw))


def test_booleans_ignore_case() -> None:
    body = b"Action=Subscribe&TopicArn=t&Protocol=sqs&ReturnSubscriptionArn=TRUE"
    assert decode_request(body, FORM)[1]["ReturnSubscriptionArn"] is True


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=300), st.sampled_from([FORM, None, "text/plain", "application/x-www-form-urlencoded"])
)
def test_any_bytes_decode_or_raise_a_wire_error(body: bytes, content_type: str | None) -> None:
    try:
        decode_request(body, content_type, query=body[:20])
    except WireError as error:
        assert error.code and error.message and error.status in (400, 404)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(OPERATIONS),
    st.lists(
        st.tuples(
            st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.0123456789", max_size=40),
            st.text(max_size=10),
        ),
        max_size=8,
    ),
)
def test_any_parameter_names_decode_or_raise_a_wire_error(
    operation: str, pairs: list[tuple[str, str]]
) -> None:
    body = "&".join([f"Action={operation}", *(f"{name}={value}" for name, value in pairs)])
    try:
        name, params = decode_request(body.encode("utf-8", "surrogatepass"), FORM)
    except WireError as error:
        assert error.status in (400, 404)
    else:
        assert name == operation and isinstance(params, dict)


# ------------------------------------------------------------------------------------------ responses


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("flip", [False, True], ids=["true", "false"])
def test_every_response_parses_back_in_botocore(operation: str, flip: bool) -> None:
    shape = MODEL.operation_model(operation).output_shape
    expected = sample(shape, operation, flip) if shape is not None else {}
    parsed = parse(operation, encode_response(operation, expected, "req-42"))
    assert body_only(parsed) == expected
    assert parsed["ResponseMetadata"]["RequestId"] == "req-42"


def empty_containers(operation: str) -> dict[str, Any]:
    """Every top-level list and map of the operation's output, empty."""
    shape = MODEL.operation_model(operation).output_shape
    members = shape.members.items() if isinstance(shape, StructureShape) else ()
    return {
        name: [] if member.type_name == "list" else {}
        for name, member in members
        if member.type_name in ("list", "map")
    }


@pytest.mark.parametrize("operation", [operation for operation in OPERATIONS if empty_containers(operation)])
def test_empty_lists_and_maps_come_back_empty(operation: str) -> None:
    empties = empty_containers(operation)
    assert body_only(parse(operation, encode_response(operation, empties, "r"))) == empties


def test_operations_without_output_send_no_result_element() -> None:
    document = encode_response("DeleteTopic", {"ResponseMetadata": {"RequestId": "x"}}, "req-1").decode()
    assert document == (
        '<DeleteTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">\n'
        "  <ResponseMetadata>\n"
        "    <RequestId>req-1</RequestId>\n"
        "  </ResponseMetadata>\n"
        "</DeleteTopicResponse>\n"
    )
    assert parse("DeleteTopic", document.encode()) == {
        "ResponseMetadata": {
            "RequestId": "req-1",
            "HTTPStatusCode": 200,
            "HTTPHeaders": {"x-amzn-requestid": "req-1"},
        }
    }


def test_an_output_without_members_sends_an_empty_result_element() -> None:
    document = encode_response("TagResource", {}, "req-1").decode()
    assert "  <TagResourceResult/>\n" in document
    assert body_only(parse("TagResource", document.encode())) == {}


def test_publish_document_reads_as_aws_writes_it() -> None:
    document = encode_response("Publish", {"MessageId": "m-1", "SequenceNumber": None}, "req-1").decode()
    assert document == (
        '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">\n'
        "  <PublishResult>\n"
        "    <MessageId>m-1</MessageId>\n"
        "  </PublishResult>\n"
        "  <ResponseMetadata>\n"
        "    <RequestId>req-1</RequestId>\n"
        "  </ResponseMetadata>\n"
        "</PublishResponse>\n"
    )


def test_xml_specials_are_escaped_as_aws_escapes_them() -> None:
    document = encode_response("GetTopicAttributes", {"Attributes": {"Policy": '{"a":"<&>"}'}}, "r").decode()
    assert "<value>{&quot;a&quot;:&quot;&lt;&amp;&gt;&quot;}</value>" in document


def test_characters_xml_cannot_carry_become_replacement_characters() -> None:
    value = "nul\x00 bell\x07 esc\x1b surrogate\ud800 nonchar\ufffe end"
    parsed = parse(
        "GetTopicAttributes", encode_response("GetTopicAttributes", {"Attributes": {"k": value}}, "r")
    )
    assert parsed["Attributes"]["k"] == "nul\ufffd bell\ufffd esc\ufffd surrogate\ufffd nonchar\ufffd end"


def test_timestamps_are_iso8601_utc_with_milliseconds() -> None:
    created = datetime.datetime(
        2024, 1, 1, 13, 0, 0, 250000, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
    )
    page = {"PhoneNumbers": [{"PhoneNumber": "+15555550100", "CreatedAt": created}]}
    document = encode_response("ListOriginationNumbers", page, "r").decode()
    assert "<CreatedAt>2024-01-01T12:00:00.250Z</CreatedAt>" in document
    assert parse("ListOriginationNumbers", document.encode())["PhoneNumbers"][0]["CreatedAt"] == created


# ------------------------------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("status", "sender"), [(400, True), (403, True), (404, True), (429, True), (500, False)]
)
def test_errors_parse_back_in_botocore(status: int, sender: bool) -> None:
    message = f"Invalid parameter: {TRICKY}"
    document = encode_error("InvalidParameter", message, sender, "req-9")
    parsed = parse("Publish", document, status)
    assert parsed["Error"] == {
        "Type": "Sender" if sender else "Receiver",
        "Code": "InvalidParameter",
        "Message": message,
    }
    assert parsed["ResponseMetadata"]["RequestId"] == "req-9"
    assert parsed["ResponseMetadata"]["HTTPStatusCode"] == status


def test_error_document_reads_as_aws_writes_it() -> None:
    assert encode_error("NotFound", "Topic does not exist", True, "req-1").decode() == (
        '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">\n'
        "  <Error>\n"
        "    <Type>Sender</Type>\n"
        "    <Code>NotFound</Code>\n"
        "    <Message>Topic does not exist</Message>\n"
        "  </Error>\n"
        "  <RequestId>req-1</RequestId>\n"
        "</ErrorResponse>\n"
    )


def test_extra_error_members_travel_inside_the_error() -> None:
    document = encode_error("VerificationException", "Invalid OTP", True, "r", extra={"Status": "Failed"})
    error = parse("VerifySMSSandboxPhoneNumber", document, 400)["Error"]
    assert error == {
        "Type": "Sender",
        "Code": "VerificationException",
        "Message": "Invalid OTP",
        "Status": "Failed",
    }


def test_wire_errors_render_in_the_front_doors_namespace() -> None:
    error = decode_error(b"Action=publish")
    document = error.encode("req-3")
    assert document.startswith(b'<ErrorResponse xmlns="http://webservices.amazon.com/AWSFault/2005-15-09">\n')
    parsed = parse("Publish", document, error.status)
    assert parsed["Error"] == {
        "Type": "Sender",
        "Code": "InvalidAction",
        "Message": "Could not find operation publish for version 2010-03-31",
    }


def test_the_model_loads_on_first_use_not_on_import() -> None:
    script = (
        "import snsfake.wire as w; assert w._model is None; w.service_model(); assert w._model is not None"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


@pytest.mark.parametrize(
    ("operation", "parsed", "message"),
    [
        (
            "Publish",
            {"MessageId": ["a"]},
            "PublishResult.MessageId is a string in the output shape, not list ['a']",
        ),
        (
            "ListTopics",
            {"Topics": {"TopicArn": "t"}},
            "ListTopicsResult.Topics is a list in the output shape, not dict",
        ),
        (
            "ListTopics",
            {"Topics": ["t"]},
            "ListTopicsResult.Topics.member is a structure in the output shape, not str 't'",
        ),
        (
            "GetTopicAttributes",
            {"Attributes": {"k": 1}},
            "GetTopicAttributesResult.Attributes.value is a string",
        ),
        (
            "CheckIfPhoneNumberIsOptedOut",
            {"isOptedOut": "true"},
            "CheckIfPhoneNumberIsOptedOutResult.isOptedOut is a boolean",
        ),
    ],
)
def test_values_that_do_not_fit_the_output_shape_are_refused(
    operation: str, parsed: dict[str, Any], message: str
) -> None:
    with pytest.raises(TypeError, match=f"^snsfake: {re.escape(message)}"):
        encode_response(operation, parsed, "r")
