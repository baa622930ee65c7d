"""Clients of other languages and tools for the HTTP door, installed once into ``.cache/``.

The AWS CLI (PyPI's ``awscli``) goes into a venv of its own, so its pinned botocore does not
meet the suite's; the AWS SDK for JavaScript v3 goes into a folder of its own with npm. Both
stay in ``.cache/`` (gitignored) between runs, and a file lock lets pytest-xdist's workers
share one install. A tool that cannot be installed skips its tests with the reason, but only
when the network is missing; in CI (``CI`` set), or for any other failure, the test fails.

The fixtures are imported by ``tests/conftest.py`` and ``examples/conftest.py``.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache"
AWSCLI_REQUIREMENT = "awscli>=1.29,<2"  # 1.29: the first to read AWS_ENDPOINT_URL_SNS
NODE_PACKAGES = {"@aws-sdk/client-sns": "3.1178.0"}
INSTALL_TIMEOUT = 600

# What pip and npm print when the registry cannot be reached: only then is a skip right.
_NO_NETWORK = (
    "NewConnectionError",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Name or service not known",
    "Network is unreachable",
    "ConnectTimeoutError",
    "ENOTFOUND",
    "EAI_AGAIN",
    "ECONNREFUSED",
    "ENETUNREACH",
    "ETIMEDOUT",
)


@contextmanager
def _locked(name: str) -> Iterator[None]:
    """One installer at a time across pytest-xdist's workers."""
    CACHE.mkdir(exist_ok=True)
    with open(CACHE / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _cannot_install(tool: str, output: str) -> None:
    """Skip when the network is missing (outside CI); fail otherwise, with the installer's output."""
    tail = "\n".join(output.strip().splitlines()[-15:])
    if not os.environ.get("CI") and any(sign in output for sign in _NO_NETWORK):
        pytest.skip(f"{tool} cannot be installed: no network to reach its registry ({tail.splitlines()[-1]})")
    pytest.fail(f"{tool} could not be installed:\n{tail}", pytrace=False)


def _run(command: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            command, cwd=cwd, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as expired:
        return subprocess.CompletedProcess(command, 1, "", f"ETIMEDOUT: {command[0]} ran over {expired.timeout} s")


def install_aws_cli() -> Path:
    """The ``aws`` command of a venv under ``.cache/`` (made on first use)."""
    venv = CACHE / "awscli-venv"
    aws = venv / "bin" / "aws"
    marker = venv / "installed.txt"
    with _locked("awscli"):
        if not aws.exists() or not marker.exists() or marker.read_text() != AWSCLI_REQUIREMENT:
            shutil.rmtree(venv, ignore_errors=True)
            made = _run([sys.executable, "-m", "venv", str(venv)])
            if made.returncode != 0:
                pytest.fail(f"python -m venv failed:\n{made.stderr}", pytrace=False)
            installed = _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", AWSCLI_REQUIREMENT])
            if installed.returncode != 0 or not aws.exists():
                shutil.rmtree(venv, ignore_errors=True)
                _cannot_install("the AWS CLI (awscli)", installed.stdout + installed.stderr)
            marker.write_text(AWSCLI_REQUIREMENT)
    return aws


def install_node_sdk() -> Path:
    """A folder under ``.cache/`` whose ``node_modules`` has the AWS SDK for JavaScript v3's SNS client."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        if os.environ.get("CI"):
            pytest.fail("Node.js (node and npm) is not on PATH; .ci/run installs it", pytrace=False)
        pytest.skip("Node.js (node and npm) is not on PATH")
    folder = CACHE / "node-sns"
    manifest = json.dumps({"private": True, "dependencies": NODE_PACKAGES}, indent=2) + "\n"
    with _locked("node-sns"):
        installed = all((folder / "node_modules" / name / "package.json").exists() for name in NODE_PACKAGES)
        package_json = folder / "package.json"
        if not installed or not package_json.exists() or package_json.read_text() != manifest:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            package_json.write_text(manifest)
            result = _run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=folder)
            if result.returncode != 0:
                shutil.rmtree(folder, ignore_errors=True)
                _cannot_install("the AWS SDK for JavaScript (@aws-sdk/client-sns)", result.stdout + result.stderr)
    return folder


@pytest.fixture(scope="session")
def aws_cli() -> Path:
    """The path of an ``aws`` command (AWS CLI v1) installed for the suite."""
    return install_aws_cli()


@pytest.fixture(scope="session")
def node_sns_sdk() -> dict[str, str]:
    """Environment for ``node``: ``NODE_PATH`` holds ``@aws-sdk/client-sns`` (for ``require``)."""
    folder = install_node_sdk()
    return {"NODE_PATH": str(folder / "node_modules")}
