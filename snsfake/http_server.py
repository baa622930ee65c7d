"""The HTTP door: SNS's query API served over HTTP by the standard library.

Owns sockets, threads and HTTP framing, for callers that cannot share the test's
process (subprocesses, the AWS CLI, other SDKs). One request's bytes become the
response's bytes in :func:`snsfake.exchange.respond` (the same code answers the
in-process wire mode); what an operation does is the ``answer`` callable's business.
It imports no snsfake module but ``exchange`` and ``wire``.

``answer`` runs on the server's handler threads, several at a time.
"""

from __future__ import annotations

import json
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
from urllib.parse import urlsplit

from . import exchange, wire
from .exchange import Answer

__all__ = ["Server", "Answer", "Introspect", "MAX_BODY_BYTES", "INTROSPECTION_PREFIX"]

Introspect = Callable[[str, str], "tuple[int, bytes] | None"]
"""``(method, path with query) -> (http_status, JSON bytes)``, or None for "no such path"."""

# SNS takes at most 256 KiB of message and attributes per request (1 MiB on a topic whose
# MaximumMessageSize is raised). Form encoding at worst triples that (%XX per byte), plus
# the parameter names of a ten-entry batch: 4 MiB is a bit above anything SNS accepts, so
# every request SNS answers with its own error ("Message too long") reaches ``answer``.
MAX_BODY_BYTES: Final = 4 * 1024 * 1024
INTROSPECTION_PREFIX: Final = "/_snsfake/"
_DISCARD_CHUNK = 64 * 1024


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
        return f"<snsfake.http_server.Server {where}>"

    # ------------------------------------------------------------------ one request
    def respond(
        self,
        body: bytes,
        content_type: str | None,
        query: bytes,
        authorization: str | None,
        trace_header: str | None = None,
    ) -> exchange.Reply:
        """The reply to one query-API request; never raises (a failing ``answer`` is a 500)."""
        return exchange.respond(
            self.answer, body, content_type, query, authorization, trace_header, self.region, self.report_failure
        )

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
        # A response goes out as one write (_reply), but a write that follows an unacknowledged
        # one would wait for the client's delayed ACK under Nagle's algorithm (40 ms on Linux).
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
        reply = door.respond(
            body,
            self.headers.get("Content-Type"),
            split.query.encode("latin-1"),  # http.server decoded the request line as Latin-1
            self.headers.get("Authorization"),
            self.headers.get(exchange.TRACE_HEADER),
        )
        self._reply(reply.status, reply.document, request_id=reply.request_id)

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
        # Headers and body in one write: with the client in this process, each write hands the
        # GIL to its reader and back, and the second write would wait for that round trip.
        self._headers_buffer.append(b"\r\n")
        if self.command != "HEAD":
            self._headers_buffer.append(body)
        self.flush_headers()


def _json_message(message: str) -> bytes:
    return json.dumps({"message": message}).encode("utf-8")
