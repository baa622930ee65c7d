"""A fake behind the wire-protocol doors: served over HTTP (:class:`SnsFakeServer`), and
answering signed requests in-process for ``mock_sns(wire=True)`` (:func:`wire_sender`).

Both go through :func:`snsfake.exchange.respond`, so a client reads the same bytes from
either, and both answer with the fake's own dispatcher, so calls from every door land in
the same ``fake.calls``, ``published``, ``deliveries`` and ``skipped``.
"""

from __future__ import annotations

from collections.abc import Generator
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from botocore.awsrequest import HeadersDict

from . import clock, exchange, hooks
from .exchange import Answer
from .http_server import Server
from .introspection import Introspection

if TYPE_CHECKING:
    from .fake import SnsFake

__all__ = ["SnsFakeServer", "wire_sender"]


class SnsFakeServer:
    """A fake served over HTTP at ``url``: SNS's query API, and JSON views of its records
    under ``url/_snsfake/``. A context manager; ``stop()`` frees the port.

    Made by [`SnsFake.serve`][snsfake.SnsFake.serve] or [`snsfake.server`][snsfake.server].
    """

    def __init__(self, fake: SnsFake, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.fake = fake
        """The fake that answers; its records hold the calls made over HTTP."""
        introspection = Introspection(
            {
                "published": fake.published,
                "deliveries": fake.deliveries,
                "skipped": fake.skipped,
                "calls": fake.calls,
            },
            fake.backend.lock,
            fake.reset,
            fake.clear,
        )
        self._server = Server(fake._handle, introspection, host=host, port=port, region=fake.region)
        self._bound: tuple[str, int] | None = None

    def start(self) -> SnsFakeServer:
        """Listen and serve on a daemon thread (already done by ``serve()``); a no-op when serving."""
        if self._bound is None:
            self._server.start()
            self._bound = (self._server.host, self._server.port)
            hooks.add_server(*self._bound)
        return self

    def stop(self) -> None:
        """Stop serving and free the port; a no-op when stopped. The fake and its records stay."""
        bound, self._bound = self._bound, None
        if bound is not None:
            hooks.remove_server(*bound)
            self._server.stop()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``: the ``endpoint_url`` for clients."""
        return self._server.url

    @property
    def host(self) -> str:
        return self._server.host

    @property
    def port(self) -> int:
        """The port bound (an ephemeral one for ``port=0``)."""
        return self._server.port

    @property
    def running(self) -> bool:
        return self._bound is not None

    def __enter__(self) -> SnsFakeServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<SnsFakeServer {self.url if self.running else 'stopped'} {self.fake!r}>"


class _Content(bytes):
    """The response body: bytes for botocore, and awaitable, as aiobotocore awaits it."""

    def __await__(self) -> Generator[Any, None, bytes]:
        return bytes(self)
        yield  # a generator: awaiting it returns at once


class _Response:
    """The fake's answer to a signed request, made when botocore first reads it: botocore reads
    only the response it uses (the first a ``before-send`` handler returns), so the fake sees
    no request that another handler answered, as AWS would not.

    It has what botocore and aiobotocore read of an ``AWSResponse``: ``url``, ``status_code``,
    ``headers``, ``content`` and ``raw``.
    """

    def __init__(self, request: Any, answer: Answer, default_region: str) -> None:
        self.url = request.url
        self.raw = None
        self._request = request
        self._answer = answer
        self._default_region = default_region
        self._reply: tuple[int, HeadersDict, _Content] | None = None

    def _replied(self) -> tuple[int, HeadersDict, _Content]:
        if self._reply is None:
            request = self._request
            headers = request.headers
            reply = exchange.respond(
                self._answer,
                _bytes(request.body),
                _text(headers.get("Content-Type")),
                urlsplit(request.url).query.encode("latin-1"),
                _text(headers.get("Authorization")),
                _text(headers.get(exchange.TRACE_HEADER)),
                self._default_region,
            )
            response_headers = HeadersDict(
                {
                    "x-amzn-RequestId": reply.request_id,
                    "Content-Type": "text/xml",
                    "Content-Length": str(len(reply.document)),
                    "Date": clock.http_date(clock.now()),
                }
            )
            self._reply = (reply.status, response_headers, _Content(reply.document))
        return self._reply

    @property
    def status_code(self) -> int:
        return self._replied()[0]

    @property
    def headers(self) -> HeadersDict:
        return self._replied()[1]

    @property
    def content(self) -> bytes:
        return self._replied()[2]


def wire_sender(answer: Answer, default_region: str) -> hooks.Send:
    """The ``before-send`` answer of a wire-mode fake: the signed request's bytes in, the HTTP
    door's response bytes out, which botocore parses as it would AWS's."""

    def send(request: Any) -> _Response:
        return _Response(request, answer, default_region)

    return send


def _bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    data = body.read()  # a file-like body
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _text(value: Any) -> str | None:
    return value.decode("latin-1") if isinstance(value, bytes) else value
