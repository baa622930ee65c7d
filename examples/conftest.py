"""Shared by the examples: fake credentials and a default region.

``boto3.client("sns")`` with nothing configured would look for credentials as far as
the EC2 instance metadata service. snsfake needs none (nothing is signed or sent), but
boto3 still resolves them when it builds a client, so give it some: the same fixture
moto's documentation recommends. Child processes (examples/test_other_processes.py)
inherit them.
"""

from __future__ import annotations

import pytest
from clients import aws_cli, node_sns_sdk  # noqa: F401 - the suite's fixtures installing the other clients


@pytest.fixture(autouse=True)
def aws_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
