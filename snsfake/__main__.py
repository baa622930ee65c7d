"""The ``snsfake`` command (also ``python -m snsfake``): ``snsfake --help``, ``snsfake demo``,
``snsfake serve``.

Each subcommand is one function ``run_<name>(args) -> exit status`` and one
``commands.add_parser(...)`` in :func:`build_parser` that points at it with
``set_defaults(run=...)``.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import textwrap
import threading
from typing import Any

import botocore.session

from . import __version__
from .fake import mock_sns, server
from .settings import DEFAULT_ACCOUNT, DEFAULT_REGION

__all__ = ["build_parser", "demo", "main"]

PROG = "snsfake"

# The demo's settings, printed first so that what follows can be read against them.
DEMO_SETTINGS = (
    ("auto_confirm=True", "the email subscription is confirmed at once (default: it waits for ConfirmSubscription or fake.confirm())"),
    ("sms_sandbox=False", "SMS reach any number (default: the account starts in the SMS sandbox, as new AWS accounts do)"),
)


def demo() -> None:
    """Topic with SQS, email and SMS subscribers; two publishes; print every delivery."""
    print(f"snsfake demo: mock_sns({', '.join(setting for setting, _ in DEMO_SETTINGS)})")
    for setting, meaning in DEMO_SETTINGS:
        print(f"  {setting}: {meaning}")
    print()
    with mock_sns(auto_confirm=True, sms_sandbox=False) as fake:
        sns: Any = botocore.session.get_session().create_client(
            "sns", region_name="us-east-1", aws_access_key_id="demo", aws_secret_access_key="demo"
        )
        topic = sns.create_topic(Name="orders", Attributes={"DisplayName": "Shop"})["TopicArn"]
        sns.subscribe(
            TopicArn=topic,
            Protocol="sqs",
            Endpoint="arn:aws:sqs:us-east-1:123456789012:billing",
            Attributes={"FilterPolicy": '{"status": ["paid"]}'},
        )
        sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com")
        sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint="+15555550100")
        print(f"topic {topic}: 3 subscriptions (sqs with a filter policy, email, sms)\n")
        for status in ("paid", "draft"):
            response = sns.publish(
                TopicArn=topic,
                Subject="Order 7",
                Message=f'{{"order": 7, "status": "{status}"}}',
                MessageAttributes={"status": {"DataType": "String", "StringValue": status}},
            )
            print(f"publish status={status!r} → MessageId {response['MessageId']}")
    print()
    for delivery in fake.deliveries:
        print(f"── {delivery.protocol} {delivery.endpoint}  ({delivery.message_type})")
        for name, value in delivery.headers.items():
            print(f"   {name}: {value}")
        try:
            body = delivery.body
        except RuntimeError as error:  # a signed envelope without the optional 'cryptography'
            body = f"(body not shown: {error})"
        print(textwrap.indent(body, "   "))
        print()
    for skipped in fake.skipped:
        print(f"── skipped {skipped.protocol} {skipped.endpoint}: {skipped.reason}: {skipped.detail}")


def run_demo(args: argparse.Namespace) -> int:
    demo()
    return 0


def run_serve(args: argparse.Namespace) -> int:
    """Serve a fresh fake over HTTP in the foreground; Ctrl-C (or SIGTERM) stops it, status 0."""
    try:
        running = server(host=args.host, port=args.port, account_id=args.account_id, region=args.region)
    except ValueError as error:  # a bad account id or region: the fake says which
        print(f"{PROG} serve: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # the port is taken, or the host is not this machine's
        print(f"{PROG} serve: cannot listen on {args.host}:{args.port}: {error.strerror or error}", file=sys.stderr)
        return 1
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        print(running.url, flush=True)  # alone on its line, for scripts to read
        print(
            f"{PROG}: serving SNS for account {args.account_id} in {args.region} at {running.url} "
            f"(records: {running.url}/_snsfake/deliveries); Ctrl-C stops",
            file=sys.stderr,
            flush=True,
        )
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        running.stop()
    return 0


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def build_parser() -> argparse.ArgumentParser:
    """The command line: ``snsfake [--version] COMMAND ...``; one ``add_parser`` per command."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="snsfake: an in-process fake of Amazon SNS for Python tests.",
        epilog="Documentation: https://github.com/snsfake/snsfake/tree/main/docs",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")
    commands.add_parser(
        "demo",
        help="run a short scenario and print what each endpoint received",
        description=(
            "Create a topic with SQS (filtered), email and SMS subscribers, publish two messages "
            "and print every delivery and every skipped subscription. Nothing reaches AWS."
        ),
    ).set_defaults(run=run_demo)
    serve = commands.add_parser(
        "serve",
        help="serve a fake SNS over HTTP until Ctrl-C, for other processes, the AWS CLI and other SDKs",
        description=(
            "Answer SNS's query API (all 42 operations) at http://HOST:PORT from a fresh fake, in the "
            "foreground; the URL is printed first, alone on its line. Clients point their endpoint URL "
            "at it; GET URL/_snsfake/deliveries, /published, /skipped and /calls show the records as "
            "JSON, POST URL/_snsfake/reset empties everything. Ctrl-C stops it."
        ),
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    serve.add_argument(
        "--account-id",
        default=DEFAULT_ACCOUNT,
        help="account of callers whose access key is not 12 digits (default: %(default)s)",
    )
    serve.add_argument(
        "--region", default=DEFAULT_REGION, help="region of unsigned requests (default: %(default)s)"
    )
    serve.set_defaults(run=run_serve)
    return parser


def _silence_stdout() -> None:
    """After a broken pipe: point stdout at devnull so the interpreter's last flush cannot fail."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test's capture): nothing to flush
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, descriptor)
    finally:
        os.close(devnull)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; the exit status (0 ok, 2 usage error, 1 output pipe closed early)."""
    parser = build_parser()
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit as exit_:  # --help, --version, usage errors: argparse has printed
            status = exit_.code
            sys.stdout.flush()
            return status if isinstance(status, int) else (0 if status is None else 2)
        run = getattr(args, "run", None)
        if run is None:  # no command: say what there is
            parser.print_help()
            sys.stdout.flush()
            return 0
        status = int(run(args))
        sys.stdout.flush()  # inside the try: a reader that went away shows up here
        return status
    except BrokenPipeError:
        # As the Python docs advise (signal module, "Note on SIGPIPE"): the reader (``| head``)
        # has gone; stop quietly, with the status Python itself uses for EPIPE.
        _silence_stdout()
        return 1


if __name__ == "__main__":
    sys.exit(main())
