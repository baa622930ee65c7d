"""The HTTP door: SNS's query API served over HTTP by the standard library.

Owns sockets, threads, HTTP framing and the request → ``answer`` → response loop,
for callers that cannot share the test's process (subprocesses, the AWS CLI,
other SDKs). What an operation does is the ``answer`` callable's business: the
server only decodes the request with ``snsfake.wire``, reads the region and
access key from the SigV4 credential (signatures are not verified), and writes
the XML document back. It imports no other snsfake module.

``answer`` runs on the server's handler threads, several at a time.
"""

from __future__ import annotations

import json
import re
import socket
import socketserver
import sys
import threading
import traceback
import uuid
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit

from . import wire

__all__ = ["Server", "Answer", "Introspect", "MAX_BODY_BYTES", "INTROSPECTION_PREFIX", "credential_scope"]

Answer = Callable[[str, dict[str, Any], str, "str | None"], tuple[int, dict[str, Any]]]
"""``(operation, params, region, access_key) -> (http_status, parsed)``, parsed as botocore would."""

Introspect = Callable[[str, str], "tuple[int, bytes] | None"]
"""``(method, path with query) -> (http_status, JSON bytes)``, or None for "no such path"."""

# SNS takes at most 256 KiB of message and attributes per request (1 MiB on a topic whose
# MaximumMessageSize is raised). Form encoding at worst triples that (%XX per byte), plus
# the parameter names of a ten-entry batch: 4 MiB is a bit above anything SNS accepts, so
# every request SNS answers with its own error ("Message too long") reaches ``answer``.
MAX_BODY_BYTES: Final = 4 * 1024 * 1024
INTROSPECTION_PREFIX: Final = "/_snsfake/"
# AWS's Common Errors text for InternalFailure (HTTP 500).
INTERNAL_FAILURE_MESSAGE: Final = (
    "The request processing has failed because of an unknown error, exception or failure."
)

_CREDENTIAL = re.compile(r"Credential=([^/\s,]+)/[^/\s,]*/([^/\s,]+)/")
_DISCARD_CHUNK = 64 * 1024


def credential_scope(authorization: str | None, query: str = "") -> tuple[str | None, str | None]:
    """``(access_key, region)`` from a SigV4 ``Authorization`` header or a presigned URL's query.

    ``Credential=AKID/20240101/eu-west-1/sns/aws4_request`` gives ``("AKID", "eu-west-1")``;
    an unsigned request gives ``(None, None)``.
    """
    if authorization:
        match = _CREDENTIAL.search(authorization)
        if match:
            return match.group(1), match.group(2)
    if "X-Amz-Credential" in query:
        values = parse_qs(query).get("X-Amz-Credential")
        if values:
            parts = values[0].split("/")
            if len(parts) >= 3 and parts[0] and parts[2]:
                return parts[0], parts[2]
    return None, None


class Server:
    """SNS's query API on ``http://host:port``: start(), url, stop(), or ``with Server(...) as server``."""

    def __init__(
        self,
        answer: Answer,
        introspect: Introspect | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        region: str = "us-east-1",
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        if not callable(answer):
            raise TypeError(f"snsfake: Server needs an answer callable, got {answer!r}")
        if max_body_bytes < 0:
            raise ValueError(f"snsfake: max_body_bytes must not be negative, got {max_body_bytes}")
        self.answer = answer
        self.introspect = introspect
        self.host = host
        self.region = region
        self.max_body_bytes = max_body_bytes
        self._requested_port = port
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._reported: set[tuple[str, str, str]] = set()
        self._reported_lock = threading.Lock()

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> Server:
        """Listen and serve on a daemon thread; a no-op when already serving."""
        with self._lock:
            if self._httpd is None:
                httpd = _HTTPServer(self)
                thread = threading.Thread(
                    target=httpd.serve_forever,
                    kwargs={"poll_interval": 0.05},
                    name=f"snsfake-server-{httpd.server_port}",
                    daemon=True,
                )
                thread.start()
                self._httpd, self._thread = httpd, thread
        return self

    def stop(self) -> None:
        """Stop serving, close open connections and free the port; a no-op when not serving."""
        with self._lock:
            httpd, thread = self._httpd, self._thread
            self._httpd = self._thread = None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.close_connections()
        httpd.server_close()
        if thread is not None:
            thread.join()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The port actually bound (an ephemeral one when constructed with ``port=0``)."""
        httpd = self._httpd
        if httpd is None:
            raise RuntimeError("snsfake: the server is not running; call start() first")
        return httpd.server_port

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``: the ``endpoint_url`` for clients."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._httpd is not None

    def __repr__(self) -> str:
        where = self.url if self._httpd is not None else "stopped"
        return f"<snsfake.server.Server {where}>"

    # ------------------------------------------------------------------ one request
    def respond(
        self, body: bytes, content_type: str | None, query: bytes, authorization: str | None
    ) -> tuple[int, bytes, str]:
        """``(status, XML document, request id)`` for one query-API request; never raises."""
        request_id = str(uuid.uuid4())
        try:
            operation, params = wire.decode_request(body, content_type, query)
        except wire.WireError as error:
            return error.status, error.encode(request_id), request_id
        access_key, region = credential_scope(authorization, query.decode("latin-1"))
        try:
            status, parsed = self.answer(operation, params, region or self.region, access_key)
            metadata = parsed.get("ResponseMetadata")
            if isinstance(metadata, Mapping) and metadata.get("RequestId"):
                request_id = str(metadata["RequestId"])
            if status >= 300:
                return status, _error_document(status, parsed, request_id), request_id
            return status, wire.encode_response(operation, parsed, request_id), request_id
        except Exception:  # noqa: BLE001 - a broken answer must cost one 500, not the server
            self.report_failure(f"answering {operation}")
            document = wire.encode_error("InternalFailure", INTERNAL_FAILURE_MESSAGE, False, request_id)
            return 500, document, request_id

    def report_failure(self, what: str) -> None:
        """Write the exception being handled to stderr, once: SDKs retry a 500, and one
        traceback per distinct failure is enough to debug it."""
        error = sys.exc_info()[1]
        frames = traceback.extract_tb(error.__traceback__) if error is not None else []
        where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
        signature = (type(error).__name__, str(error), where)
        with self._reported_lock:
            if signature in self._reported:
                return
            self._reported.add(signature)
        sys.stderr.write(
            f"snsfake: the server caught an unexpected error while {what} (answered 500 InternalFailure;"
            f" repeats of this error are not logged again):\n{traceback.format_exc()}"
        )
        sys.stderr.flush()


def _error_document(status: int, parsed: Mapping[str, Any], request_id: str) -> bytes:
    error = parsed["Error"]
    error_type = error.get("Type")
    sender_fault = error_type == "Sender" if error_type else status < 500
    extra = {key: value for key, value in error.items() if key not in ("Type", "Code", "Message")}
    return wire.encode_error(
        str(error["Code"]), str(error.get("Message", "")), sender_fault, request_id, extra=extra
    )


class _HTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its door, tracks connections and skips reverse DNS."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, door: Server) -> None:
        self.door = door
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        if ":" in door.host:
            self.address_family = socket.AF_INET6
        super().__init__((door.host, door._requested_port), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's FQDN, a reverse DNS query nobody here needs.
        socketserver.TCPServer.server_bind(self)
        self.server_name = self.door.host
        self.server_port = self.socket.getsockname()[1]

    def close_connections(self) -> None:
        """Shut keep-alive connections so their handler threads end with the server."""
        with self.connections_lock:
            connections = list(self.connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], OSError):
            return  # a client that went away mid-request
        self.door.report_failure(f"serving {client_address}")


class _BadFraming(Exception):
    """The request's body cannot be delimited: answer, then close the connection."""


class _TooLarge(Exception):
    """The body was over the limit; it has been read and dropped, so the connection stays usable."""

    def __init__(self, length: int) -> None:
        super().__init__(length)
        self.length = length


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "snsfake"
    sys_version = ""
    timeout = 120  # idle keep-alive connections are closed after this many seconds
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out as two writes; without this, Nagle's algorithm holds the
        # body back until the client's delayed ACK (40 ms per keep-alive call on Linux).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        with self.server.connections_lock:
            self.server.connections.discard(self.connection)
        try:
            super().finish()
        except OSError:
            pass

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: a test's output is no place for an access log."""

    def send_response(self, code: int, message: str | None = None) -> None:
        """As the base class, without a Server header (AWS sends none)."""
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())

    # ------------------------------------------------------------------ methods
    def do_POST(self) -> None:
        self._serve()

    def do_GET(self) -> None:
        self._serve()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("do_"):  # every other method: PUT, DELETE, HEAD, PROPFIND …
            return self._method_not_allowed
        raise AttributeError(name)

    def _method_not_allowed(self) -> None:
        try:
            self._read_body()
        except _BadFraming:
            self.close_connection = True
        except _TooLarge:
            pass
        message = f"snsfake: SNS's query API takes GET and POST, not {self.command}"
        self._fault(405, "MethodNotAllowed", message, headers={"Allow": "GET, POST"})

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The base class's protocol errors (bad request line, header limits…) as XML, connection closed."""
        self.close_connection = True
        reason = message or self.responses.get(code, ("Error",))[0]
        if self.command is None or self.request_version == "HTTP/0.9":
            self.request_version = "HTTP/1.1"  # answer a request line we could not parse in HTTP/1.1
        # Every error the base class raises is the client's doing, 505 (HTTP version) included.
        self._fault(code, "BadRequest", f"snsfake: {reason}", sender_fault=True)

    # ------------------------------------------------------------------ requests
    def _serve(self) -> None:
        door = self.server.door
        try:
            body = self._read_body()
        except _BadFraming as error:
            self.close_connection = True
            self._fault(400, "BadRequest", f"snsfake: {error}")
            return
        except _TooLarge as error:
            message = (
                f"snsfake: the request body of {error.length} bytes is over this server's limit of "
                f"{door.max_body_bytes} bytes (Server(max_body_bytes=...))"
            )
            self._fault(413, "RequestEntityTooLarge", message)
            return
        split = urlsplit(self.path)
        if split.path.startswith(INTROSPECTION_PREFIX):
            self._introspect()
            return
        status, document, request_id = door.respond(
            body,
            self.headers.get("Content-Type"),
            split.query.encode("latin-1"),  # http.server decoded the request line as Latin-1
            self.headers.get("Authorization"),
        )
        self._reply(status, document, request_id=request_id)

    def _introspect(self) -> None:
        introspect = self.server.door.introspect
        try:
            result = introspect(self.command, self.path) if introspect is not None else None
            if result is None:
                result = (404, _json_message(f"snsfake: nothing at {urlsplit(self.path).path}"))
            status, data = result
            if (
                not isinstance(data, (bytes, bytearray))
                or type(status) is not int
                or not 200 <= status <= 599
            ):
                raise TypeError(f"introspect must answer (HTTP status, bytes) or None, not {result!r:.80}")
        except Exception:  # noqa: BLE001 - same rule as for answer: one 500, server keeps serving
            self.server.door.report_failure(f"introspecting {self.command} {self.path}")
            status, data = 500, _json_message("snsfake: introspection failed; see the server's stderr")
        self._reply(status, bytes(data), content_type="application/json")

    def _read_body(self) -> bytes:
        """The request body; ``_TooLarge`` (after reading it all) when it is over the limit."""
        limit = self.server.door.max_body_bytes
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked(limit)
        declared = self.headers.get("Content-Length")
        if declared is None:
            return b""
        if not declared.strip().isdigit():
            raise _BadFraming(f"Content-Length {declared!r} is not a number of bytes")
        length = int(declared)
        if length > limit:
            self._discard(length)
            raise _TooLarge(length)
        data = self.rfile.read(length)
        if len(data) < length:
            raise _BadFraming("the connection closed before the whole body arrived")
        return data

    def _read_chunked(self, limit: int) -> bytes:
        parts: list[bytes] = []
        total = 0
        while True:
            size_field = self.rfile.readline(1024).split(b";", 1)[0].strip()
            try:
                size = int(size_field, 16)
            except ValueError:
                raise _BadFraming(f"chunk size {size_field!r} is not hexadecimal") from None
            if size == 0:
                break
            total += size
            if total <= limit:
                chunk = self.rfile.read(size)
                if len(chunk) < size:
                    raise _BadFraming("the connection closed inside a chunk")
                parts.append(chunk)
            else:
                self._discard(size)
            self.rfile.readline(1024)  # the CRLF closing the chunk
        while self.rfile.readline(8192).strip():  # trailer fields, up to the blank line
            pass
        if total > limit:
            raise _TooLarge(total)
        return b"".join(parts)

    def _discard(self, length: int) -> None:
        while length > 0:
            chunk = self.rfile.read(min(length, _DISCARD_CHUNK))
            if not chunk:
                raise _BadFraming("the connection closed before the whole body arrived")
            length -= len(chunk)

    def _fault(
        self,
        status: int,
        code: str,
        message: str,
        headers: Mapping[str, str] | None = None,
        sender_fault: bool | None = None,
    ) -> None:
        """An error of the server's own (framing, method, size) in the front door's error format."""
        request_id = str(uuid.uuid4())
        sender = status < 500 if sender_fault is None else sender_fault
        document = wire.encode_error(code, message, sender, request_id, namespace=wire.FAULT_NAMESPACE)
        self._reply(status, document, request_id=request_id, headers=headers)

    def _reply(
        self,
        status: int,
        body: bytes,
        *,
        content_type: str = "text/xml",
        request_id: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if request_id is not None:
            self.send_header("x-amzn-RequestId", request_id)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _json_message(message: str) -> bytes:
    return json.dumps({"message": message}).encode("utf-8")
