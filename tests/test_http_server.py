"""The HTTP door, driven by a real botocore client and by raw HTTP.

The server is started with a stand-in ``answer`` that records what it receives and
returns canned parsed responses, so these tests judge the door alone: the params,
region and access key that reach ``answer``, what the client gets back, AWS-shaped
XML errors for every bad request, and a server that keeps serving through them.
"""

from __future__ import annotations

import email.utils
import http.client
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore import xform_name
from botocore.config import Config
from botocore.parsers import create_parser
from sns_helpers import publish_at_once
from test_wire import MODEL, OPERATIONS, sample

from snsfake import wire
from snsfake.exchange import INTERNAL_FAILURE_MESSAGE, credential_scope
from snsfake.http_server import MAX_BODY_BYTES, Server

FORM = "application/x-www-form-urlencoded; charset=utf-8"
TOPIC = "arn:aws:sns:eu-west-1:123456789012:orders"


class Recorder:
    """A stand-in for the dispatcher: records calls, answers from ``responses`` or canned samples."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any], str, str | None]] = []
        self.trace_headers: list[str | None] = []
        self.lock = threading.Lock()
        self.responses: dict[str, tuple[int, dict[str, Any]]] = {}

    def __call__(
        self,
        operation: str,
        params: dict[str, Any],
        region: str,
        access_key: str | None,
        trace_header: str | None = None,
    ) -> Any:
        with self.lock:
            self.calls.append((operation, params, region, access_key))
            self.trace_headers.append(trace_header)
        if operation in self.responses:
            return self.responses[operation]
        if operation == "Publish":  # echo, so concurrent callers can check they got their own answer
            return 200, {
                "MessageId": f"id-{params['Message']}",
                "ResponseMetadata": {"RequestId": "r-publish"},
            }
        shape = MODEL.operation_model(operation).output_shape
        return 200, {**(sample(shape, operation) if shape is not None else {}), "ResponseMetadata": {}}


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def server(recorder: Recorder) -> Iterator[Server]:
    with Server(recorder, region="ap-south-1") as running:
        yield running


SESSION = boto3.session.Session()


def client(server: Server, **config: Any) -> Any:
    """A botocore client for ``server``; one attempt per call, so a 500 is seen once."""
    return SESSION.client(
        "sns",
        endpoint_url=server.url,
        region_name="eu-west-1",
        aws_access_key_id="AKID",
        aws_secret_access_key="x",
        config=Config(retries={"total_max_attempts": 1}, **config),
    )


def raw(
    server: Server,
    method: str,
    path: str = "/",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    connection: http.client.HTTPConnection | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One raw HTTP request (on ``connection`` when given, to check it stays usable)."""
    own = connection is None
    conn = connection or http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        if own:
            conn.close()


def parsed_error(status: int, headers: dict[str, str], body: bytes) -> dict[str, Any]:
    """What botocore makes of an error response; its request id must match the header's."""
    parsed: dict[str, Any] = create_parser("query").parse(
        {"body": body, "headers": headers, "status_code": status},
        MODEL.operation_model("Publish").output_shape,
    )
    assert parsed["ResponseMetadata"]["RequestId"] == headers["x-amzn-requestid"]
    assert headers["content-type"] == "text/xml"
    assert int(headers["content-length"]) == len(body)
    error: dict[str, Any] = parsed["Error"]
    return error


def still_serving(server: Server, connection: http.client.HTTPConnection | None = None) -> None:
    status, _, body = raw(
        server, "POST", body=b"Action=ListTopics", headers={"Content-Type": FORM}, connection=connection
    )
    assert status == 200 and b"<ListTopicsResult>" in body
    assert client(server).list_topics()["Topics"]


# ------------------------------------------------------------------------------------------ botocore


def test_a_boto3_call_reaches_answer_with_its_params_region_and_access_key(
    server: Server, recorder: Recorder
) -> None:
    params = {
        "TopicArn": TOPIC,
        "Message": "hello <world> & 😀",
        "MessageAttributes": {
            "colour": {"DataType": "String", "StringValue": "blue"},
            "raw": {"DataType": "Binary", "BinaryValue": b"\x00\xff"},
        },
    }
    response = client(server).publish(**params)
    assert recorder.calls == [("Publish", params, "eu-west-1", "AKID")]
    assert response["MessageId"] == "id-hello <world> & 😀"
    metadata = response["ResponseMetadata"]
    assert metadata["RequestId"] == "r-publish" == metadata["HTTPHeaders"]["x-amzn-requestid"]
    assert metadata["HTTPStatusCode"] == 200
    assert metadata["HTTPHeaders"]["content-type"] == "text/xml"
    assert email.utils.parsedate_to_datetime(metadata["HTTPHeaders"]["date"])
    assert "server" not in metadata["HTTPHeaders"]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_operation_round_trips_through_a_real_client(
    server: Server, recorder: Recorder, operation: str
) -> None:
    input_shape = MODEL.operation_model(operation).input_shape
    output_shape = MODEL.operation_model(operation).output_shape
    params = sample(input_shape, operation) if input_shape is not None else {}
    expected = sample(output_shape, operation) if output_shape is not None else {}
    recorder.responses[operation] = (200, {**expected, "ResponseMetadata": {}})
    response = getattr(client(server), xform_name(operation))(**params)
    assert recorder.calls == [(operation, params, "eu-west-1", "AKID")]
    assert {key: value for key, value in response.items() if key != "ResponseMetadata"} == expected


def test_errors_from_answer_reach_the_client_as_modeled_exceptions(
    server: Server, recorder: Recorder
) -> None:
    recorder.responses["DeleteTopic"] = (
        404,
        {
            "Error": {"Type": "Sender", "Code": "NotFound", "Message": "Topic does not exist"},
            "ResponseMetadata": {},
        },
    )
    sns = client(server)
    with pytest.raises(
        sns.exceptions.NotFoundException, match=r"\(NotFound\) .*: Topic does not exist$"
    ) as caught:
        sns.delete_topic(TopicArn=TOPIC)
    assert caught.value.response["Error"] == {
        "Type": "Sender",
        "Code": "NotFound",
        "Message": "Topic does not exist",
    }
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_extra_error_members_and_request_ids_travel(server: Server, recorder: Recorder) -> None:
    recorder.responses["VerifySMSSandboxPhoneNumber"] = (
        400,
        {
            "Error": {
                "Type": "Sender",
                "Code": "VerificationException",
                "Message": "Invalid OTP",
                "Status": "Failed",
            },
            "ResponseMetadata": {"RequestId": "req-otp"},
        },
    )
    sns = client(server)
    with pytest.raises(sns.exceptions.VerificationException) as caught:
        sns.verify_sms_sandbox_phone_number(PhoneNumber="+15555550100", OneTimePassword="12345")
    assert caught.value.response["Error"]["Status"] == "Failed"
    assert caught.value.response["ResponseMetadata"]["RequestId"] == "req-otp"


def test_a_receiver_fault_is_a_500(server: Server, recorder: Recorder) -> None:
    recorder.responses["ListTopics"] = (
        500,
        {"Error": {"Type": "Receiver", "Code": "InternalError", "Message": "oops"}, "ResponseMetadata": {}},
    )
    status, headers, body = raw(server, "POST", body=b"Action=ListTopics", headers={"Content-Type": FORM})
    assert status == 500
    assert parsed_error(status, headers, body) == {
        "Type": "Receiver",
        "Code": "InternalError",
        "Message": "oops",
    }


# ------------------------------------------------------------------------------------------ credentials


def test_unsigned_requests_get_the_default_region_and_no_access_key(
    server: Server, recorder: Recorder
) -> None:
    status, _, _ = raw(server, "POST", body=b"Action=ListTopics", headers={"Content-Type": FORM})
    assert status == 200
    assert recorder.calls == [("ListTopics", {}, "ap-south-1", None)]


def test_region_and_access_key_come_from_the_sigv4_credential(server: Server, recorder: Recorder) -> None:
    authorization = (
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/sa-east-1/sns/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=bad"
    )
    raw(
        server,
        "POST",
        body=b"Action=ListTopics",
        headers={"Content-Type": FORM, "Authorization": authorization},
    )
    raw(
        server,
        "GET",
        "/?Action=ListTopics&X-Amz-Credential=AKPRESIGN%2F20240101%2Fus-west-2%2Fsns%2Faws4_request",
    )
    assert recorder.calls == [
        ("ListTopics", {}, "sa-east-1", "AKIDEXAMPLE"),
        ("ListTopics", {}, "us-west-2", "AKPRESIGN"),
    ]


@pytest.mark.parametrize(
    ("authorization", "query", "expected"),
    [
        (
            "AWS4-HMAC-SHA256 Credential=AK/20240101/eu-west-1/sns/aws4_request, Signature=x",
            "",
            ("AK", "eu-west-1"),
        ),
        (
            "AWS4-HMAC-SHA256 Credential=AK/20240101/eu-west-1/sns/aws4_request,SignedHeaders=host",
            "",
            ("AK", "eu-west-1"),
        ),
        ("AWS AKID:signature", "", (None, None)),  # SigV2 names no region
        (None, "X-Amz-Credential=AK%2F20240101%2Fus-east-2%2Fsns%2Faws4_request", ("AK", "us-east-2")),
        (None, "X-Amz-Credential=garbage", (None, None)),
        (None, "", (None, None)),
    ],
)
def test_credential_scope(
    authorization: str | None, query: str, expected: tuple[str | None, str | None]
) -> None:
    assert credential_scope(authorization, query) == expected


def test_the_x_ray_trace_header_reaches_answer(server: Server, recorder: Recorder) -> None:
    trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
    raw(server, "POST", body=b"Action=ListTopics", headers={"Content-Type": FORM, "X-Amzn-Trace-Id": trace})
    raw(server, "POST", body=b"Action=ListTopics", headers={"Content-Type": FORM})
    assert recorder.trace_headers == [trace, None]


# ------------------------------------------------------------------------------------------ bad requests


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code", "message"),
    [
        (
            b"Action=ListTopics&NextToken=%ZZ",
            FORM,
            404,
            "MalformedQueryString",
            "The query string contains a syntax error.",
        ),
        (
            b"Action=ListTopics&NextToken=%",
            FORM,
            404,
            "MalformedQueryString",
            "The query string contains a syntax error.",
        ),
        (
            b"Action=ListTopics&NextToken=\xff\xfe",
            FORM,
            404,
            "MalformedQueryString",
            "The query string contains a syntax error.",
        ),
        (
            b"Action=ListTopics&NextToken=%C3%28",
            FORM,
            404,
            "MalformedQueryString",
            "The query string contains a syntax error.",
        ),
        (
            b"Action=Frobnicate&Version=2010-03-31",
            FORM,
            400,
            "InvalidAction",
            "Could not find operation Frobnicate for version 2010-03-31",
        ),
        (
            b"Action=ListTopics&Version=2011-01-01",
            FORM,
            400,
            "InvalidAction",
            "Could not find operation ListTopics for version 2011-01-01",
        ),
        (b"TopicArn=x", FORM, 404, "MissingAction", "Missing Action"),
        (b"", FORM, 404, "MissingAction", "Missing Action"),
        (b'{"Action": "ListTopics"}', "application/json", 404, "MissingAction", "Missing Action"),
        (b"Action=ListTopics", "text/plain", 404, "MissingAction", "Missing Action"),
    ],
)
def test_bad_bodies_get_aws_xml_errors_and_the_connection_stays_usable(
    server: Server, recorder: Recorder, body: bytes, content_type: str, status: int, code: str, message: str
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        got_status, headers, document = raw(
            server, "POST", body=body, headers={"Content-Type": content_type}, connection=connection
        )
        assert got_status == status
        assert parsed_error(got_status, headers, document) == {
            "Type": "Sender",
            "Code": code,
            "Message": message,
        }
        assert document.startswith(f'<ErrorResponse xmlns="{wire.FAULT_NAMESPACE}">'.encode())
        assert recorder.calls == []
        still_serving(server, connection)
    finally:
        connection.close()


def test_wrong_values_are_invalid_parameter_values(server: Server) -> None:
    status, headers, body = raw(
        server, "POST", body=b"Action=ListOriginationNumbers&MaxResults=lots", headers={"Content-Type": FORM}
    )
    assert status == 400
    error = parsed_error(status, headers, body)
    assert (error["Code"], error["Message"]) == (
        "InvalidParameterValue",
        "snsfake: MaxResults must be an integer, got 'lots'",
    )


def test_get_with_a_query_string_works_like_post(server: Server, recorder: Recorder) -> None:
    status, headers, body = raw(server, "GET", "/?Action=ListTopics&Version=2010-03-31&NextToken=abc")
    assert status == 200 and headers["content-type"] == "text/xml"
    assert b"<ListTopicsResponse" in body
    with urllib.request.urlopen(
        f"{server.url}/?Action=ConfirmSubscription&TopicArn={TOPIC}&Token=cafe"
    ) as reply:
        assert reply.status == 200
    assert recorder.calls == [
        ("ListTopics", {"NextToken": "abc"}, "ap-south-1", None),
        ("ConfirmSubscription", {"TopicArn": TOPIC, "Token": "cafe"}, "ap-south-1", None),
    ]


def test_get_with_a_bad_query_string(server: Server) -> None:
    status, headers, body = raw(server, "GET", "/?Action=ListTopics&NextToken=%G0")
    assert status == 404 and parsed_error(status, headers, body)["Code"] == "MalformedQueryString"
    status, headers, body = raw(server, "GET", "/")
    assert status == 404 and parsed_error(status, headers, body)["Code"] == "MissingAction"
    still_serving(server)


def test_parameters_in_the_query_string_of_a_post_count(server: Server, recorder: Recorder) -> None:
    raw(server, "POST", f"/?Action=DeleteTopic&TopicArn={TOPIC}", body=b"", headers={"Content-Type": FORM})
    assert recorder.calls == [("DeleteTopic", {"TopicArn": TOPIC}, "ap-south-1", None)]


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"])
def test_other_methods_are_not_allowed(server: Server, method: str) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        status, headers, body = raw(
            server, method, body=b"Action=ListTopics", headers={"Content-Type": FORM}, connection=connection
        )
        assert status == 405 and headers["allow"] == "GET, POST"
        error = parsed_error(status, headers, body)
        assert error["Code"] == "MethodNotAllowed"
        assert error["Message"] == f"snsfake: SNS's query API takes GET and POST, not {method}"
        still_serving(server, connection)
    finally:
        connection.close()


def test_head_gets_a_405_without_a_body(server: Server) -> None:
    status, headers, body = raw(server, "HEAD")
    assert status == 405 and body == b"" and int(headers["content-length"]) > 0


def test_an_oversize_body_is_refused_and_the_connection_stays_usable(recorder: Recorder) -> None:
    with Server(recorder) as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            body = b"Action=Publish&TopicArn=t&Message=" + b"x" * MAX_BODY_BYTES
            status, headers, document = raw(
                server, "POST", body=body, headers={"Content-Type": FORM}, connection=connection
            )
            assert status == 413
            error = parsed_error(status, headers, document)
            assert error["Code"] == "RequestEntityTooLarge"
            assert error["Message"] == (
                f"snsfake: the request body of {len(body)} bytes is over this server's limit of "
                f"{MAX_BODY_BYTES} bytes (Server(max_body_bytes=...))"
            )
            assert recorder.calls == []
            still_serving(server, connection)
        finally:
            connection.close()


def test_a_body_at_the_limit_is_served(recorder: Recorder) -> None:
    body = b"Action=Publish&TopicArn=t&Message=" + b"x" * 100
    with Server(recorder, max_body_bytes=len(body)) as server:
        assert raw(server, "POST", body=body, headers={"Content-Type": FORM})[0] == 200
        assert raw(server, "POST", body=body + b"x", headers={"Content-Type": FORM})[0] == 413


def response_on(sock: socket.socket, method: str = "POST") -> tuple[int, bytes]:
    """Status and body of the next response on a raw socket."""
    response = http.client.HTTPResponse(sock, method=method)
    response.begin()
    return response.status, response.read()


def chunked(*chunks: bytes) -> bytes:
    return b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in chunks) + b"0\r\n\r\n"


def test_chunked_bodies_are_read(server: Server, recorder: Recorder) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        body = chunked(b"Action=DeleteTopic&Topic", b"Arn=" + TOPIC.encode())
        sock.sendall(
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: "
            + FORM.encode()
            + b"\r\nTransfer-Encoding: chunked\r\n\r\n"
            + body
        )
        assert response_on(sock)[0] == 200
    assert recorder.calls == [("DeleteTopic", {"TopicArn": TOPIC}, "ap-south-1", None)]


def test_an_oversize_chunked_body_is_refused(recorder: Recorder) -> None:
    with (
        Server(recorder, max_body_bytes=64) as server,
        socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock,
    ):
        sock.sendall(
            b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + chunked(b"x" * 50, b"y" * 50)
        )
        status, body = response_on(sock)
        assert (
            status == 413 and b"the request body of 100 bytes is over this server's limit of 64 bytes" in body
        )
        sock.sendall(b"GET /?Action=ListTopics HTTP/1.1\r\nHost: x\r\n\r\n")  # same connection, still in step
        assert response_on(sock, "GET")[0] == 200


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\nAction=ListTopics",
        b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nAction\r\n0\r\n\r\n",
        b"NONSENSE\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
    ],
    ids=["bad-content-length", "bad-chunk-size", "bad-request-line", "bad-version"],
)
def test_broken_framing_gets_an_xml_error_and_a_closed_connection(
    server: Server, request_bytes: bytes
) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(request_bytes)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.split(b" ")[1] in (b"400", b"505")
    assert b"Connection: close" in head
    assert b"<Code>BadRequest</Code>" in body and b"<Message>snsfake: " in body
    still_serving(server)


# ------------------------------------------------------------------------------------------ failures


def test_an_exception_in_answer_is_a_500_logged_once(
    server: Server, recorder: Recorder, capfd: pytest.CaptureFixture[str]
) -> None:
    def broken(
        operation: str, params: dict[str, Any], region: str, access_key: str | None, trace: str | None
    ) -> Any:
        if operation == "ListTopics":
            raise RuntimeError("the dispatcher fell over")
        return recorder(operation, params, region, access_key, trace)

    server.answer = broken
    for _ in range(3):
        status, headers, body = raw(server, "POST", body=b"Action=ListTopics", headers={"Content-Type": FORM})
        assert status == 500
        error = parsed_error(status, headers, body)
        assert error == {"Type": "Receiver", "Code": "InternalFailure", "Message": INTERNAL_FAILURE_MESSAGE}
    stderr = capfd.readouterr().err
    assert stderr.count("snsfake: the server caught an unexpected error while answering ListTopics") == 1
    assert stderr.count("RuntimeError: the dispatcher fell over") == 1
    assert client(server).publish(TopicArn=TOPIC, Message="after")["MessageId"] == "id-after"


@pytest.mark.parametrize(
    "answer_value",
    [
        None,
        (200, None),
        (404, {"Error": {}}),
        (404, {}),
        (200,),
        "nonsense",
        (200, {"MessageId": ["a", "b"]}),
    ],
    ids=[
        "none",
        "none-parsed",
        "error-without-code",
        "error-without-error",
        "short-tuple",
        "string",
        "list-for-string",
    ],
)
def test_a_malformed_answer_is_a_500(
    server: Server, answer_value: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    server.answer = lambda *args: answer_value
    status, headers, body = raw(
        server, "POST", body=b"Action=Publish&TopicArn=t&Message=m", headers={"Content-Type": FORM}
    )
    assert status == 500 and parsed_error(status, headers, body)["Code"] == "InternalFailure"
    assert "snsfake: the server caught an unexpected error" in capfd.readouterr().err


# ------------------------------------------------------------------------------------------ introspection


def test_introspection_paths_go_to_the_introspect_callable(recorder: Recorder) -> None:
    seen: list[tuple[str, str]] = []

    def introspect(method: str, path: str) -> tuple[int, bytes] | None:
        seen.append((method, path))
        if path.startswith("/_snsfake/records"):
            return 200, b'{"published": []}'
        if path == "/_snsfake/reset" and method == "POST":
            return 204, b""
        return None

    with Server(recorder, introspect) as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        try:
            status, headers, body = raw(
                server, "GET", "/_snsfake/records?kind=published", connection=connection
            )
            assert (status, headers["content-type"], body) == (200, "application/json", b'{"published": []}')
            status, _, body = raw(server, "POST", "/_snsfake/reset", body=b"ignored", connection=connection)
            assert (status, body) == (204, b"")
            status, _, body = raw(server, "GET", "/_snsfake/nothing", connection=connection)
            assert (status, body) == (404, b'{"message": "snsfake: nothing at /_snsfake/nothing"}')
            still_serving(server, connection)
        finally:
            connection.close()
    assert seen == [
        ("GET", "/_snsfake/records?kind=published"),
        ("POST", "/_snsfake/reset"),
        ("GET", "/_snsfake/nothing"),
    ]
    assert recorder.calls[0][0] == "ListTopics"  # the SNS path still goes to answer


def test_without_introspect_the_paths_are_404(server: Server) -> None:
    status, headers, _ = raw(server, "GET", "/_snsfake/records")
    assert (status, headers["content-type"]) == (404, "application/json")


@pytest.mark.parametrize("result", [(200, "text"), (200,), "nonsense", (99, b""), (200, 5)])
def test_a_malformed_introspect_result_is_a_500(result: Any, capfd: pytest.CaptureFixture[str]) -> None:
    with Server(Recorder(), lambda method, path: result) as server:
        status, headers, body = raw(server, "GET", "/_snsfake/records")
        assert (status, headers["content-type"]) == (500, "application/json")
        assert body == b'{"message": "snsfake: introspection failed; see the server\'s stderr"}'
        still_serving(server)
    assert "while introspecting GET /_snsfake/records" in capfd.readouterr().err


def test_a_failing_introspect_is_a_500(recorder: Recorder, capfd: pytest.CaptureFixture[str]) -> None:
    def introspect(method: str, path: str) -> tuple[int, bytes] | None:
        raise KeyError("records")

    with Server(recorder, introspect) as server:
        assert raw(server, "GET", "/_snsfake/records")[0] == 500
        still_serving(server)
    assert "while introspecting GET /_snsfake/records" in capfd.readouterr().err


# ------------------------------------------------------------------------------------------ lifecycle


def test_start_stop_and_the_url(recorder: Recorder) -> None:
    server = Server(recorder)
    with pytest.raises(RuntimeError, match=r"^snsfake: the server is not running; call start\(\) first$"):
        server.url  # noqa: B018
    assert server.start() is server and server.start() is server  # a second start is a no-op
    port = server.port
    assert server.url == f"http://127.0.0.1:{port}" and server.running
    assert repr(server) == f"<snsfake.http_server.Server http://127.0.0.1:{port}>"
    server.stop()
    server.stop()  # idempotent
    assert not server.running and repr(server) == "<snsfake.http_server.Server stopped>"
    with socket.socket() as probe:  # the port is free again
        probe.bind(("127.0.0.1", port))
    server.start()  # and the server can start again
    try:
        still_serving(server)
    finally:
        server.stop()


def test_a_fixed_port(recorder: Recorder) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with Server(recorder, port=port) as server:
        assert server.url == f"http://127.0.0.1:{port}"
        still_serving(server)


def test_stop_closes_keep_alive_connections(recorder: Recorder) -> None:
    server = Server(recorder).start()
    before = set(threading.enumerate())
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    raw(server, "GET", "/?Action=ListTopics", connection=connection)  # the connection stays open
    handlers = [thread for thread in set(threading.enumerate()) - before if thread.daemon]
    assert handlers
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 2
    assert connection.sock is not None and connection.sock.recv(1) == b""  # the server hung up
    connection.close()
    for thread in handlers:
        thread.join(timeout=2)
        assert not thread.is_alive()


def test_arguments_are_checked() -> None:
    with pytest.raises(TypeError, match=r"^snsfake: Server needs an answer callable, got 'nope'$"):
        Server("nope")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^snsfake: max_body_bytes must not be negative, got -1$"):
        Server(Recorder(), max_body_bytes=-1)


def test_ipv6(recorder: Recorder) -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    try:
        server = Server(recorder, host="::1").start()
    except OSError:
        pytest.skip("no IPv6 loopback")
    try:
        assert server.url == f"http://[::1]:{server.port}"
        assert client(server).list_topics()["Topics"]
    finally:
        server.stop()


# ------------------------------------------------------------------------------------------ concurrency


def test_concurrent_clients_lose_nothing(server: Server, recorder: Recorder) -> None:
    threads, calls_each = 8, 25
    answers = publish_at_once(lambda: client(server), TOPIC, threads, calls_each, timeout=60)
    assert answers == {
        worker: [f"id-{worker}-{call}" for call in range(calls_each)] for worker in range(threads)
    }
    messages = sorted(params["Message"] for _, params, _, _ in recorder.calls)
    assert messages == sorted(f"{worker}-{call}" for worker in range(threads) for call in range(calls_each))
