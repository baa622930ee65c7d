"""What the layers below the API work on: one fake's parts (:class:`Runtime`) and one call's
:class:`Context` (who calls, where, when)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .capture import Captured
from .settings import Settings
from .state import Backend, Region

__all__ = ["Context", "Handlers", "Runtime", "EventPublisher"]

# How SNS publishes a message of its own to a topic (platform application events):
# publish_event(context, topic_arn, text). The services layer provides it.
EventPublisher = Callable[["Context", str, str], None]


@dataclass(slots=True, eq=False)
class Handlers:
    """The in-process endpoints a test registered, and the clients that forwarding reuses."""

    # URL or URL prefix → handler(request) -> status (``on_http``); the longest prefix wins.
    http: dict[str, Callable[..., Any]] = field(default_factory=dict)
    # Function ARN → handler(event, context) (``on_lambda``).
    lambdas: dict[str, Callable[..., Any]] = field(default_factory=dict)
    # region → SQS client made for ``forward_sqs=True``.
    sqs_clients: dict[str, Any] = field(default_factory=dict)
    # region → Lambda client made for ``forward_lambda=True``.
    lambda_clients: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class Runtime:
    """One fake's parts: its options, its model, what it captured, its in-process endpoints."""

    settings: Settings
    backend: Backend
    captured: Captured
    handlers: Handlers
    publish_event: EventPublisher


@dataclass(slots=True)
class Context:
    """Who is calling, where and when: read once per call."""

    runtime: Runtime
    state: Region
    account: str
    region: str
    partition: str
    now: _dt.datetime
    # The request's X-Amzn-Trace-Id header (X-Ray), passed on to SQS subscribers.
    trace_header: str | None = None

    @classmethod
    def of(
        cls, runtime: Runtime, account: str, region: str, now: _dt.datetime, trace_header: str | None = None
    ) -> Context:
        """The context of a call by ``account`` in ``region`` at ``now``."""
        state = runtime.backend.region(account, region)
        return cls(runtime, state, account, region, state.partition, now, trace_header)

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    @property
    def backend(self) -> Backend:
        return self.runtime.backend

    @property
    def captured(self) -> Captured:
        return self.runtime.captured

    @property
    def principal(self) -> str:
        """The caller's IAM principal (SNS's SubscriptionPrincipal)."""
        return f"arn:{self.partition}:iam::{self.account}:root"

    def region_of(self, account: str, region: str) -> Region:
        return self.runtime.backend.region(account, region)

    def publish_event(self, topic_arn: str, text: str) -> None:
        """Publish a message of SNS's own to a standard topic (platform application events)."""
        self.runtime.publish_event(self, topic_arn, text)
