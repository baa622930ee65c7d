"""The ``snsfake`` command, run as a user runs it (a subprocess) and through ``main([...])``."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import boto3
import pytest

import snsfake
from snsfake.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
FIRST_LINE = "snsfake demo: mock_sns(auto_confirm=True, sms_sandbox=False)"


def _environment() -> dict[str, str]:
    """This checkout's snsfake first on the path, whatever copy is installed."""
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": str(ROOT) + (os.pathsep + path if path else "")}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "snsfake", *args],
        cwd=ROOT,
        env=_environment(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def _popen_demo(stdout: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "snsfake", "demo"],
        cwd=ROOT,
        env=_environment(),
        stdout=stdout,
        stderr=subprocess.PIPE,
    )


# ---------------------------------------------------------------- usage
@pytest.mark.parametrize("args", [[], ["-h"], ["--help"]])
def test_usage_names_snsfake_and_exits_0(args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: snsfake ")
    assert "__main__" not in result.stdout
    assert "demo" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("args", [[], ["-h"], ["--help"]])
def test_main_prints_usage_and_returns_0(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("usage: snsfake ")
    assert "__main__" not in captured.out
    assert captured.err == ""


def test_an_unknown_command_prints_usage_on_stderr_and_exits_2() -> None:
    result = run_cli("nope")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("usage: snsfake ")
    assert "invalid choice: 'nope'" in result.stderr


def test_main_returns_2_for_an_unknown_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nope"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("usage: snsfake ")


def test_each_command_has_its_own_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: snsfake demo ")


# ---------------------------------------------------------------- version
def test_version() -> None:
    result = run_cli("--version")
    assert (result.returncode, result.stdout, result.stderr) == (0, f"snsfake {snsfake.__version__}\n", "")


def test_main_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"snsfake {snsfake.__version__}\n"


# ---------------------------------------------------------------- demo
def test_demo_says_which_settings_it_uses_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == FIRST_LINE
    assert lines[1].startswith("  auto_confirm=True: ")
    assert lines[2].startswith("  sms_sandbox=False: ")


def test_demo_prints_what_each_endpoint_received(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "── sqs arn:aws:sqs:us-east-1:123456789012:billing  (Notification)" in out
    assert '"Type" : "Notification"' in out
    assert "── email ops@example.com  (Notification)" in out
    assert "── sms +15555550100  (Notification)" in out and 'SHOP> {"order": 7, "status": "paid"}' in out
    assert "FilterPolicy: status: 'draft' is not one of ['paid']" in out


def test_demo_runs_without_cryptography(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``pip install snsfake`` has no 'cryptography': the demo says why a signed body is missing."""
    from snsfake import signing

    for name in ("cryptography", "cryptography.hazmat.primitives", "cryptography.hazmat.primitives.asymmetric"):
        monkeypatch.setitem(sys.modules, name, None)
    signing._clear_caches()
    try:
        assert main(["demo"]) == 0
    finally:
        monkeypatch.undo()
        signing._clear_caches()
    out = capsys.readouterr().out
    assert "(body not shown: snsfake: signing SNS messages needs the 'cryptography' package" in out
    assert 'SHOP> {"order": 7, "status": "paid"}' in out


# ---------------------------------------------------------------- a reader that goes away
@pytest.mark.skipif(shutil.which("head") is None, reason="needs head(1)")
def test_demo_piped_into_head_ends_quietly() -> None:
    demo = _popen_demo(subprocess.PIPE)
    assert demo.stdout is not None
    head = subprocess.Popen(["head", "-n", "3"], stdin=demo.stdout, stdout=subprocess.PIPE)
    demo.stdout.close()  # head holds the only read end: when it exits, the pipe is closed
    shown, _ = head.communicate(timeout=120)
    _, errors = demo.communicate(timeout=120)
    assert shown.decode("utf-8").splitlines()[0] == FIRST_LINE
    assert len(shown.splitlines()) == 3
    assert errors == b""
    assert demo.returncode in (0, 1)  # 0 if all of it fit in the pipe before head left


def test_demo_into_a_pipe_closed_early_exits_1_quietly() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will ever read: the first write fails with EPIPE
    try:
        demo = _popen_demo(write_end)
    finally:
        os.close(write_end)
    _, errors = demo.communicate(timeout=120)
    assert errors == b""
    assert demo.returncode == 1


def test_main_returns_1_quietly_when_stdout_is_a_closed_pipe(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    with open(write_end, "w", encoding="utf-8") as stream:
        monkeypatch.setattr(sys, "stdout", stream)
        assert main(["demo"]) == 1
        monkeypatch.undo()
        stream.write("late output\n")  # stdout now points at devnull: a last flush cannot fail
    assert capsys.readouterr().err == ""


def test_main_returns_1_when_help_goes_to_a_closed_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    with open(write_end, "w", encoding="utf-8") as stream:
        monkeypatch.setattr(sys, "stdout", stream)
        assert main(["--help"]) == 1


# ---------------------------------------------------------------- serve
def _start_serve(*args: str) -> tuple[subprocess.Popen[str], str]:
    """``snsfake serve`` in the background, and the URL it printed first."""
    process = subprocess.Popen(
        [sys.executable, "-m", "snsfake", "serve", *args],
        cwd=ROOT,
        env=_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    if not url:
        process.kill()
        raise AssertionError(f"snsfake serve printed no URL: {process.communicate(timeout=30)}")
    return process, url


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_prints_the_url_serves_and_stops_quietly(stop_signal: signal.Signals) -> None:
    process, url = _start_serve("--account-id", "111122223333", "--region", "eu-west-1")
    try:
        assert url.startswith("http://127.0.0.1:")
        sns = boto3.session.Session().client(
            "sns", endpoint_url=url, region_name="eu-west-1", aws_access_key_id="key", aws_secret_access_key="x"
        )
        topic = sns.create_topic(Name="orders")["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint="arn:aws:sqs:eu-west-1:111122223333:q")
        sns.publish(TopicArn=topic, Message="hello")
        with urllib.request.urlopen(f"{url}/_snsfake/deliveries") as reply:
            [delivery] = json.load(reply)
        unsigned = urllib.request.Request(url, data=b"Action=ListTopics", method="POST")
        with urllib.request.urlopen(unsigned) as reply:  # the default region: eu-west-1
            assert b"arn:aws:sns:eu-west-1:111122223333:orders" in reply.read()
    finally:
        process.send_signal(stop_signal)
        out, err = process.communicate(timeout=30)
    assert topic == "arn:aws:sns:eu-west-1:111122223333:orders"
    assert (delivery["protocol"], delivery["message"]) == ("sqs", "hello")
    assert process.returncode == 0
    assert out == ""  # the URL line was read above; nothing follows
    assert err == f"snsfake: serving SNS for account 111122223333 in eu-west-1 at {url} (records: {url}/_snsfake/deliveries); Ctrl-C stops\n"


def test_serve_refuses_a_bad_account_id() -> None:
    result = run_cli("serve", "--account-id", "1234")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "snsfake serve: snsfake: account_id must be 12 digits, got '1234'\n"


def test_serve_says_when_the_port_is_taken() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--port", str(port))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith(f"snsfake serve: cannot listen on 127.0.0.1:{port}: ")


def test_serve_has_its_own_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--help"]) == 0
    out = capsys.readouterr().out
    assert " ".join(out.split()).startswith(
        "usage: snsfake serve [-h] [--host HOST] [--port PORT] [--account-id ACCOUNT_ID] [--region REGION]"
    )
    assert "/_snsfake/deliveries" in out
