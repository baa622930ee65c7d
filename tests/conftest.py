from __future__ import annotations

import time
from collections.abc import Iterator
from functools import cache
from typing import Any

import boto3
import pytest
from clients import aws_cli, node_sns_sdk  # noqa: F401 - fixtures: the AWS CLI and the Node SDK

import snsfake.dispatch

ACCOUNT = "123456789012"
OTHER_ACCOUNT = "111122223333"
REGION = "us-east-1"


_SESSION = boto3.session.Session()


def make_client(region: str = REGION, access_key: str = "testing", service: str = "sns") -> Any:
    """A client with explicit test credentials (sessions share one loader cache: fast)."""
    return _SESSION.client(
        service,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key="testing",
    )


@cache
def client(region: str = REGION, access_key: str = "testing") -> Any:
    """One client per region and key for the whole run: clients hold no fake state (each test still
    gets its own fake), and making one costs more than most tests. Tests that change a client (event
    handlers, config) make their own with ``make_client``."""
    return make_client(region=region, access_key=access_key)


@pytest.fixture
def sns(sns_fake: Any) -> Any:
    """A boto3 SNS client answered by the active sns_fake."""
    return client()


@pytest.fixture
def topic_arn(sns: Any) -> str:
    return str(sns.create_topic(Name="orders")["TopicArn"])


@pytest.fixture
def fifo_topic_arn(sns: Any) -> str:
    return str(sns.create_topic(Name="orders.fifo", Attributes={"FifoTopic": "true"})["TopicArn"])


@pytest.fixture(autouse=True)
def _every_response_matches_botocores_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every answer the fake gives in this suite is checked against botocore's output shape."""
    from shapes import check_response

    original = snsfake.dispatch.answer

    def checked(runtime: Any, operation: str, params: Any, region: str, *rest: Any) -> Any:
        status, parsed = original(runtime, operation, params, region, *rest)
        check_response(operation, status, parsed)
        return status, parsed

    monkeypatch.setattr(snsfake.dispatch, "answer", checked)


@pytest.fixture
def trace_headers(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The X-Amzn-Trace-Id header of each call the dispatcher answers."""
    seen: list[str | None] = []
    original = snsfake.dispatch.answer

    def recording(runtime: Any, operation: str, params: Any, region: str, key: Any, trace: Any = None) -> Any:
        seen.append(trace)
        return original(runtime, operation, params, region, key, trace)

    monkeypatch.setattr(snsfake.dispatch, "answer", recording)
    return seen


@pytest.fixture
def spans() -> Iterator[Any]:
    """OpenTelemetry's botocore instrumentation, exporting to memory (skips without OpenTelemetry)."""
    sdk = pytest.importorskip("opentelemetry.sdk.trace")
    export = pytest.importorskip("opentelemetry.sdk.trace.export")
    memory = pytest.importorskip("opentelemetry.sdk.trace.export.in_memory_span_exporter")
    otel_botocore = pytest.importorskip("opentelemetry.instrumentation.botocore")
    exporter = memory.InMemorySpanExporter()
    provider = sdk.TracerProvider()
    provider.add_span_processor(export.SimpleSpanProcessor(exporter))
    instrumentor = otel_botocore.BotocoreInstrumentor()
    instrumentor.instrument(tracer_provider=provider)
    try:
        yield exporter
    finally:
        instrumentor.uninstrument()


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Retries must be computed, never slept: any sleep fails the test."""

    def refuse(seconds: float) -> None:
        raise AssertionError(f"snsfake slept {seconds} s during a delivery")

    monkeypatch.setattr(time, "sleep", refuse)
    started = time.perf_counter()
    yield
    assert time.perf_counter() - started < 2.0
