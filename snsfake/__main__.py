"""The ``snsfake`` command (also ``python -m snsfake``): ``snsfake --help``, ``snsfake demo``.

Each subcommand is one function ``run_<name>(args) -> exit status`` and one
``commands.add_parser(...)`` in :func:`build_parser` that points at it with
``set_defaults(run=...)``.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from typing import Any

import botocore.session

from . import __version__
from .fake import mock_sns

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
