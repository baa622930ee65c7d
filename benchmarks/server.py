"""The wire-protocol doors, timed side by side with moto's in one run.

    python benchmarks/server.py            # about half a minute
    python benchmarks/server.py --quick    # fewer repeats
    python benchmarks/server.py --json out.json

Over HTTP: a boto3 client with ``endpoint_url`` against ``snsfake.server()`` and against moto's
``ThreadedMotoServer`` (both serving on 127.0.0.1 from threads of this process, keep-alive).
In-process: ``mock_sns(wire=True)`` against moto's ``mock_aws`` (both answer at botocore's
``before-send``, after signing) and against snsfake's default mode (``before-call``).

Each side has a floor, the cost no fake can go below: over HTTP, a server thread that answers
every request with canned bytes (the client's botocore and urllib3, the loopback and the thread
switches); in-process, a ``before-send`` handler that returns canned bytes (botocore's
serializing, signing and parsing). ``moto / floor`` is the most any fake could be faster than moto.

Workloads: ``create_topic`` with the same name (idempotent) and ``publish`` to a topic with no
subscription. Figures are medians of per-call times; ratios are medians of per-round ratios
(harness.py). Needs moto's server extra (``pip install "moto[server]"``).
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import socket
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # benchmark the checkout's snsfake

import boto3  # noqa: E402
import botocore  # noqa: E402
import moto  # noqa: E402 - before any session: moto adds its before-send handler to BUILTIN_HANDLERS
from botocore.awsrequest import AWSResponse  # noqa: E402
from harness import Case, Result, fmt_ratio, fmt_us, markdown_table, measure, paired_ratio  # noqa: E402
from moto import mock_aws  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402

import snsfake  # noqa: E402
from snsfake import hooks  # noqa: E402

REGION = "us-east-1"
TARGET = 5.0  # moto's time over snsfake's, at least
SESSION = boto3.session.Session()
# What snsfake answers to each workload's call (the ids do not matter to botocore).
CANNED = {
    "CreateTopic": b"""<CreateTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
  <CreateTopicResult>
    <TopicArn>arn:aws:sns:us-east-1:123456789012:orders</TopicArn>
  </CreateTopicResult>
  <ResponseMetadata>
    <RequestId>5a1f2f0e-0a4c-4bb4-8f5e-2f7b1c1f9f11</RequestId>
  </ResponseMetadata>
</CreateTopicResponse>
""",
    "Publish": b"""<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
  <PublishResult>
    <MessageId>0f6e2d1c-8b4a-4f3e-9d2c-1b0a9f8e7d6c</MessageId>
  </PublishResult>
  <ResponseMetadata>
    <RequestId>7c3b2a19-0e8d-4c7b-a6f5-e4d3c2b1a090</RequestId>
  </ResponseMetadata>
</PublishResponse>
""",
}


def canned_http(document: bytes) -> bytes:
    head = f"HTTP/1.1 200 OK\r\nx-amzn-RequestId: r\r\nContent-Type: text/xml\r\nContent-Length: {len(document)}\r\n\r\n"
    return head.encode("ascii") + document


class CannedServer:
    """The HTTP floor: a thread per connection answering each request with canned bytes."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.replies = {action.encode(): canned_http(document) for action, document in CANNED.items()}
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}"

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        pending = b""
        with connection:
            while data := connection.recv(65536):
                pending += data
                while b"\r\n\r\n" in pending:
                    head, _, rest = pending.partition(b"\r\n\r\n")
                    length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
                    if len(rest) < length:
                        break
                    body, pending = rest[:length], rest[length:]
                    connection.sendall(self.replies[body.split(b"Action=")[1].split(b"&")[0]])

    def close(self) -> None:
        self.listener.close()


def canned_client() -> Any:
    """The in-process floor: a client answered at before-send with canned bytes (no snsfake)."""
    sns = client()
    sns.meta.events.unregister("before-parameter-build.sns", hooks._stash)
    sns.meta.events.unregister("before-call", hooks._answer)
    sns.meta.events.unregister("before-send", hooks._send)

    class Raw:
        def __init__(self, document: bytes) -> None:
            self.document = document

        def stream(self, **_: Any) -> Any:
            yield self.document

    def answer(request: Any, event_name: str, **_: Any) -> AWSResponse:
        document = CANNED[event_name.rsplit(".", 1)[1]]
        return AWSResponse(request.url, 200, {"x-amzn-RequestId": "r", "Content-Type": "text/xml"}, Raw(document))

    sns.meta.events.register_last("before-send.sns", answer, unique_id="bench-floor")
    return sns


def client(endpoint_url: str | None = None) -> Any:
    return SESSION.client(
        "sns",
        region_name=REGION,
        endpoint_url=endpoint_url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def workload_cases(
    clients: dict[str, Any], calls: int, *, activate: dict[str, Callable[[], Any]] | None = None
) -> dict[str, dict[str, Case]]:
    """create_topic and publish for each contender, ``calls`` per repeat; ``activate[name]()``
    starts its mock around each repeat (untimed) and returns what stops it: only one answers at
    a time (the innermost fake decides, and moto's handler would see wire-mode calls)."""
    stoppers: dict[str, Any] = {}
    topics: dict[str, str] = {}

    def before(name: str) -> Callable[[int], None]:
        def start(n: int) -> None:
            if activate is not None:
                stoppers[name] = activate[name]()
            topics[name] = clients[name].create_topic(Name="orders")["TopicArn"]

        return start

    def after(name: str) -> Callable[[int], None]:
        def stop(n: int) -> None:
            if activate is not None:
                stoppers.pop(name)()

        return stop

    def create_topic(name: str) -> Callable[[int], object]:
        sns = clients[name]
        return lambda i: sns.create_topic(Name="orders")

    def publish(name: str) -> Callable[[int], object]:
        sns = clients[name]
        return lambda i: sns.publish(TopicArn=topics[name], Message='{"order": 1, "total": 12.5}')

    return {
        workload: {
            name: Case(call=make(name), before=before(name), after=after(name), n=calls)
            for name in clients
        }
        for workload, make in (("create_topic", create_topic), ("publish", publish))
    }


def over_http(rounds: int, calls: int) -> dict[str, dict[str, Result]]:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log line per request
    moto_server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto_server.start()
    host, port = moto_server.get_host_and_port()
    floor = CannedServer()
    try:
        with snsfake.server() as fake_server:
            clients = {
                "floor": client(floor.url),
                "snsfake server": client(fake_server.url),
                "moto server": client(f"http://{host}:{port}"),
            }
            return {
                workload: measure(cases, rounds=rounds, target_ns=0)
                for workload, cases in workload_cases(clients, calls).items()
            }
    finally:
        floor.close()
        moto_server.stop()


def in_process(rounds: int, calls: int) -> dict[str, dict[str, Result]]:
    wire_fake = snsfake.mock_sns(wire=True)
    default_fake = snsfake.mock_sns()
    moto_mock = mock_aws()

    def started(mock: Any, **start: Any) -> Callable[[], Any]:
        def activate() -> Any:
            mock.start(**start)
            return mock.stop

        return activate

    activate = {
        "floor": lambda: (lambda: None),
        "snsfake wire": started(wire_fake),
        "snsfake default": started(default_fake),
        "moto": started(moto_mock, reset=False),
    }
    clients = {name: canned_client() if name == "floor" else client() for name in activate}
    return {
        workload: measure(cases, rounds=rounds, target_ns=0)
        for workload, cases in workload_cases(clients, calls, activate=activate).items()
    }


def report(
    http: dict[str, dict[str, Result]], local: dict[str, dict[str, Result]]
) -> tuple[str, dict[str, Any], list[str]]:
    failures: list[str] = []
    data: dict[str, Any] = {"http": {}, "in_process": {}}
    rows = []
    for workload, results in http.items():
        floor, fake, moto_ = results["floor"], results["snsfake server"], results["moto server"]
        over_floor, speedup, ceiling = paired_ratio(fake, floor), paired_ratio(moto_, fake), paired_ratio(moto_, floor)
        rows.append(
            [workload, fmt_us(floor.median_ns), fmt_us(fake.median_ns), fmt_us(moto_.median_ns),
             fmt_ratio(over_floor), fmt_ratio(speedup), fmt_ratio(ceiling)]
        )  # fmt: skip
        data["http"][workload] = {
            "floor_ns": floor.median_ns,
            "snsfake_ns": fake.median_ns,
            "moto_ns": moto_.median_ns,
            "snsfake_over_floor": over_floor,
            "moto_over_snsfake": speedup,
            "moto_over_floor": ceiling,
        }
        if speedup is None or speedup < TARGET:
            failures.append(f"HTTP {workload}: moto's server / snsfake's = {fmt_ratio(speedup)} (target ≥ {TARGET:.0f}×)")
    header = ["workload", "floor", "snsfake.server()", "moto ThreadedMotoServer", "snsfake / floor",
              "moto / snsfake", "moto / floor"]  # fmt: skip
    lines = ["### Over HTTP: boto3 with endpoint_url (median per call)", "", markdown_table(header, rows), ""]
    rows = []
    for workload, results in local.items():
        floor, wire, default, moto_ = (
            results["floor"], results["snsfake wire"], results["snsfake default"], results["moto"]
        )  # fmt: skip
        ratios = {
            "wire_over_default": paired_ratio(wire, default),
            "wire_over_floor": paired_ratio(wire, floor),
            "moto_over_wire": paired_ratio(moto_, wire),
            "moto_over_floor": paired_ratio(moto_, floor),
        }
        rows.append(
            [workload, fmt_us(default.median_ns), fmt_us(floor.median_ns), fmt_us(wire.median_ns),
             fmt_us(moto_.median_ns), *(fmt_ratio(value) for value in ratios.values())]
        )  # fmt: skip
        data["in_process"][workload] = {
            "default_ns": default.median_ns,
            "floor_ns": floor.median_ns,
            "wire_ns": wire.median_ns,
            "moto_ns": moto_.median_ns,
            **ratios,
        }
        speedup = ratios["moto_over_wire"]
        if speedup is None or speedup < TARGET:
            failures.append(f"in-process {workload}: moto / wire mode = {fmt_ratio(speedup)} (target ≥ {TARGET:.0f}×)")
    header = ["workload", "mock_sns()", "floor at before-send", "mock_sns(wire=True)", "moto mock_aws",
              "wire / default", "wire / floor", "moto / wire", "moto / floor"]  # fmt: skip
    lines += ["### In-process (median per call)", "", markdown_table(header, rows), ""]
    return "\n".join(lines), data, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    rounds, calls = (9, 20) if args.quick else (21, 50)
    started = time.perf_counter()
    print("… over HTTP", file=sys.stderr, flush=True)
    http = over_http(rounds, calls)
    print("… in-process", file=sys.stderr, flush=True)
    local = in_process(rounds, calls)
    text, data, failures = report(http, local)
    note = (
        f"_python {platform.python_version()}, botocore {botocore.__version__}, boto3 {boto3.__version__}, "
        f"moto {moto.__version__}; {rounds} rounds of {calls} calls, {time.perf_counter() - started:.0f} s_"
    )
    print(text + "\n" + note)
    print("\nTargets missed:\n" + "\n".join(f"- {item}" for item in failures) if failures else "\nAll targets met.")
    if args.json:
        data["failures"] = failures
        args.json.write_text(json.dumps(data, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
