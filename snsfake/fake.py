"""SnsFake and mock_sns(): activation (decorator, context manager, start/stop), the
captured records, and the helpers that play what AWS has no API for."""

from __future__ import annotations

import datetime as _dt
import functools
import inspect
import unittest
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar, cast, overload

from . import clock, dispatch, hooks, serving, signing
from .capture import Captured, Records
from .context import Context, Handlers, Runtime
from .limits import QUOTAS
from .phones import spend_usd
from .records import Call, Delivery, Finding, Published, Skipped
from .services import lifecycle, push, sms
from .services.publishing import publish_event
from .serving import SnsFakeServer
from .settings import DEFAULT_ACCOUNT, DEFAULT_REGION, Settings
from .state import Backend, Region

__all__ = ["SnsFake", "mock_sns", "active", "server"]

F = TypeVar("F", bound=Callable[..., Any])
_V = TypeVar("_V")


class _Option(Generic[_V]):
    """One of a fake's options (``mock_sns(**options)``), read from and checked into its Settings."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, fake: None, owner: type) -> _Option[_V]: ...

    @overload
    def __get__(self, fake: SnsFake, owner: type) -> _V: ...

    def __get__(self, fake: SnsFake | None, owner: type) -> _V | _Option[_V]:
        if fake is None:
            return self
        return cast(_V, getattr(fake.settings, self.name))

    def __set__(self, fake: SnsFake, value: _V) -> None:
        fake.settings.change(self.name, value)


class SnsFake:
    """An in-memory SNS. Active, it answers every botocore SNS call in-process.

    Use it as a decorator, a (sync or async) context manager, or with
    ``start()``/``stop()``. State resets when it starts, not when it stops, so
    records stay readable after the ``with`` block. ``serve()`` answers HTTP
    clients too (other processes, the AWS CLI, other SDKs).

    ``wire=True`` answers at botocore's ``before-send`` instead of ``before-call``:
    botocore signs each call (so clients need credentials, any will do) and parses
    the XML the HTTP server would send; users' ``before-send`` handlers and the trace
    headers of X-Ray and OpenTelemetry see the request as AWS would. Slower.
    """

    def __init__(
        self,
        *,
        account_id: str = DEFAULT_ACCOUNT,
        region: str = DEFAULT_REGION,
        auto_confirm: bool = False,
        token_lifetime: _dt.timedelta = _dt.timedelta(days=2),
        forward_sqs: Any = False,
        forward_lambda: Any = False,
        sms_sandbox: bool = True,
        sms_price_usd: float = 0.00645,
        sms_spend_quota_usd: int = 1,
        organization_id: str | None = None,
        wire: bool = False,
    ) -> None:
        self.settings = Settings(
            account_id=account_id,
            region=region,
            auto_confirm=auto_confirm,
            token_lifetime=token_lifetime,
            forward_sqs=forward_sqs,
            forward_lambda=forward_lambda,
            sms_sandbox=sms_sandbox,
            sms_price_usd=sms_price_usd,
            sms_spend_quota_usd=sms_spend_quota_usd,
            organization_id=organization_id,
            wire=wire,
        )
        self.backend = Backend()
        captured = Captured()
        self._handlers = Handlers()
        self._runtime = Runtime(self.settings, self.backend, captured, self._handlers, publish_event)
        self._captured = captured
        self.calls: Records[Call] = Records(captured.calls, Call)
        """Every SNS API call, with its parameters and its response or error."""
        self.published: Records[Published] = Records(captured.published, Published)
        """Every message SNS accepted (a deduplicated FIFO repeat is not one)."""
        self.deliveries: Records[Delivery] = Records(captured.deliveries, Delivery, captured.explain_deliveries)
        """What each endpoint received, exactly."""
        self.skipped: Records[Skipped] = Records(captured.skipped, Skipped)
        """Subscriptions that got nothing for a message, and why."""
        self.data_protection_findings: Records[Finding] = Records(captured.findings, Finding)
        """What topics' DataProtectionPolicy statements acted on (Audit, Deny, Deidentify)."""
        self._depth = 0
        self._saved: tuple[dict[str, Any], dict[str, Any], dict[str, int]] = ({}, {}, dict(QUOTAS))
        self._servers: list[SnsFakeServer] = []  # served while active: they stop with the activation

    # ------------------------------------------------------------------ options
    # Each reads from, and is checked into, the fake's Settings (also after it started).
    account_id: _Option[str] = _Option()
    region: _Option[str] = _Option()
    auto_confirm: _Option[bool] = _Option()
    token_lifetime: _Option[_dt.timedelta] = _Option()
    forward_sqs: _Option[Any] = _Option()
    forward_lambda: _Option[Any] = _Option()
    sms_sandbox: _Option[bool] = _Option()
    sms_price_usd: _Option[float] = _Option()
    sms_spend_quota_usd: _Option[int] = _Option()
    organization_id: _Option[str | None] = _Option()

    @property
    def wire(self) -> bool:
        """True when in-process calls are answered at ``before-send``, signed, as bytes."""
        return self.settings.wire

    @property
    def limits(self) -> dict[str, int]:
        """Quotas this fake enforces; lower one (``fake.limits["topics"] = 2``) to reach it cheaply."""
        return self.settings.limits

    @limits.setter
    def limits(self, value: Mapping[str, int]) -> None:
        self.settings.limits.clear()
        self.settings.limits.update(value)

    # ------------------------------------------------------------------ lifecycle
    @property
    def is_active(self) -> bool:
        return self._depth > 0

    def start(self) -> SnsFake:
        """Activate; a fake that is already active just nests (no reset)."""
        if self._depth == 0:
            self.reset()
            # Handlers and limits set while active belong to this activation only.
            handlers = self._handlers
            self._saved = (dict(handlers.http), dict(handlers.lambdas), dict(self.limits))
            send = serving.wire_sender(self._handle, self.region) if self.wire else None
            hooks.push(self, self._handle, send)
        self._depth += 1
        return self

    def stop(self) -> None:
        """Deactivate (the matching call of one ``start()``)."""
        if self._depth == 0:
            raise RuntimeError("snsfake: stop() called on a fake that is not active")
        self._depth -= 1
        if self._depth == 0:
            hooks.pop(self)
            servers, self._servers = self._servers, []
            for running in servers:
                running.stop()
            http, lambdas, limits = self._saved
            handlers = self._handlers
            handlers.http.clear()
            handlers.http.update(http)
            handlers.lambdas.clear()
            handlers.lambdas.update(lambdas)
            self.limits.clear()
            self.limits.update(limits)

    def __enter__(self) -> SnsFake:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def __aenter__(self) -> SnsFake:
        return self.start()

    async def __aexit__(self, *exc: object) -> None:
        self.stop()

    def __call__(self, target: F) -> F:
        """Decorate a function, a coroutine function or a class so it runs with this fake active."""
        if isinstance(target, type):
            return cast(F, self._decorate_class(target))
        if not callable(target):
            raise TypeError(
                f"snsfake: mock_sns decorates functions, coroutine functions and classes, not {target!r}"
            )
        if inspect.iscoroutinefunction(target):

            @functools.wraps(target)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                async with self:
                    return await target(*args, **kwargs)

            return cast(F, _marked(run_async, self))

        @functools.wraps(target)
        def run(*args: Any, **kwargs: Any) -> Any:
            with self:
                return target(*args, **kwargs)

        return cast(F, _marked(run, self))

    def _decorate_class(self, cls: type) -> type:
        """One fresh fake per test, live from the class's per-test setup to its teardown."""
        fake = self
        if issubclass(cls, unittest.TestCase):
            original_setup = cls.setUp

            @functools.wraps(original_setup)
            def setUp(test: unittest.TestCase) -> None:  # noqa: N802 - unittest's name
                fake.start()
                test.addCleanup(fake.stop)
                original_setup(test)

            cls.setUp = setUp  # type: ignore[method-assign,assignment]
            return _marked(cls, fake)
        # pytest's per-test hooks: setup_method/teardown_method, and the older xunit setup/teardown.
        for setup_name, teardown_name in (("setup_method", "teardown_method"), ("setup", "teardown")):
            if setup_name == "setup" and not hasattr(cls, "setup") and not hasattr(cls, "teardown"):
                continue
            setattr(cls, setup_name, _starting(fake, getattr(cls, setup_name, None)))
            setattr(cls, teardown_name, _stopping(fake, getattr(cls, teardown_name, None)))
        for name, member in list(vars(cls).items()):
            if name.startswith("test") and callable(member):
                setattr(cls, name, self(member))
        return _marked(cls, fake)

    def reset(self) -> None:
        """Forget all state and records."""
        with self.backend.lock:
            self.backend.regions.clear()
            self.clear()

    def clear(self) -> None:
        """Empty the records (calls, published, deliveries, skipped, findings); state stays."""
        with self.backend.lock:
            self._captured.clear()

    # ------------------------------------------------------------------ HTTP
    def serve(self, host: str = "127.0.0.1", port: int = 0) -> SnsFakeServer:
        """Serve this fake over HTTP too, at the returned server's ``url``, until ``stop()``.

        Calls over HTTP and in-process land in the same records. A server started while
        the fake is active stops when that activation ends. ``port=0`` picks a free port.
        """
        running = SnsFakeServer(self, host=host, port=port).start()
        if self.is_active:
            self._servers.append(running)
        return running

    # ------------------------------------------------------------------ calls
    def _handle(
        self,
        operation: str,
        params: Mapping[str, Any],
        region: str | None = None,
        access_key: str | None = None,
        trace_header: str | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """Answer one API call: ``(HTTP status, parsed response)`` as botocore would parse it."""
        return dispatch.answer(self._runtime, operation, params, region or self.region, access_key, trace_header)

    def _context(self, account_id: str | None = None, region: str | None = None) -> Context:
        return Context.of(self._runtime, account_id or self.account_id, region or self.region, clock.now())

    def _region(self, account_id: str | None, region: str | None) -> Region:
        return self.backend.region(account_id or self.account_id, region or self.region)

    # ------------------------------------------------------------------ endpoints
    def confirm(self, subscription_arn: str) -> None:
        """Confirm a pending subscription as its endpoint would (visiting the SubscribeURL)."""
        with self.backend.lock:
            lifecycle.confirm_by_arn(self._context(), subscription_arn)

    def on_http(self, url_or_prefix: str, handler: Callable[[Any], int | None]) -> None:
        """Answer http/https deliveries to matching endpoints in-process: ``handler(request) -> status``.

        ``request`` has ``.method``, ``.url``, ``.headers``, ``.body`` and ``.json``; the longest
        matching prefix wins. A 5xx status or an exception is a failed attempt, retried per the
        delivery policy; 2xx-4xx (or returning nothing) counts as delivered, as in AWS. Registering
        the same URL or prefix again replaces its handler; ``off_http`` removes it.
        """
        if not isinstance(url_or_prefix, str) or not callable(handler):
            raise TypeError("snsfake: on_http(url_or_prefix: str, handler: callable)")
        self._handlers.http[url_or_prefix] = handler

    def off_http(self, url_or_prefix: str) -> None:
        """Remove the ``on_http`` handler registered for exactly this URL or prefix."""
        if self._handlers.http.pop(url_or_prefix, None) is None:
            raise LookupError(f"snsfake: no on_http handler is registered for {url_or_prefix!r}")

    def on_lambda(self, function_arn: str, handler: Callable[[Any, Any], Any]) -> None:
        """Invoke ``handler(event, context)`` for each delivery to the Lambda function ``function_arn``.

        The function need not exist anywhere; a qualified ARN (``...:function:f:prod``) and the
        unqualified one match each other; the handler's return value is ignored. Registering
        the same ARN again replaces its handler; ``off_lambda`` removes it.
        """
        if not isinstance(function_arn, str) or not callable(handler):
            raise TypeError("snsfake: on_lambda(function_arn: str, handler: callable)")
        self._handlers.lambdas[function_arn] = handler

    def off_lambda(self, function_arn: str) -> None:
        """Remove the ``on_lambda`` handler registered for exactly this function ARN."""
        if self._handlers.lambdas.pop(function_arn, None) is None:
            raise LookupError(f"snsfake: no on_lambda handler is registered for {function_arn!r}")

    @property
    def signing_certificate_pem(self) -> str:
        """The certificate (PEM) whose key signs every message the fake delivers."""
        return signing.signing_certificate_pem()

    # ------------------------------------------------------------------ sms
    def opt_out(self, phone_number: str, *, account_id: str | None = None, region: str | None = None) -> None:
        """Put a number on the opt-out list, as its owner replying STOP would."""
        with self.backend.lock:
            sms.opt_out(self._region(account_id, region), phone_number)

    def leave_sms_sandbox(self, *, account_id: str | None = None, region: str | None = None) -> None:
        """Move the account out of the SMS sandbox (a support case in AWS)."""
        with self.backend.lock:
            sms.set_sandbox(self._region(account_id, region), False)

    def enter_sms_sandbox(self, *, account_id: str | None = None, region: str | None = None) -> None:
        """Put the account back into the SMS sandbox (where new accounts start)."""
        with self.backend.lock:
            sms.set_sandbox(self._region(account_id, region), True)

    def sandbox_password(
        self, phone_number: str, *, account_id: str | None = None, region: str | None = None
    ) -> str:
        """The one-time password last sent to an SMS sandbox number."""
        with self.backend.lock:
            return sms.sandbox_password(self._region(account_id, region), phone_number)

    def add_origination_number(
        self,
        phone_number: str,
        *,
        iso2_country_code: str = "US",
        route_type: str = "Transactional",
        capabilities: tuple[str, ...] = ("SMS",),
        status: str = "ACTIVE",
        account_id: str | None = None,
        region: str | None = None,
    ) -> None:
        """Seed an origination number (bought outside SNS) for ListOriginationNumbers."""
        with self.backend.lock:
            sms.add_origination_number(
                self._region(account_id, region),
                phone_number,
                now=clock.now(),
                iso2_country_code=iso2_country_code,
                route_type=route_type,
                capabilities=capabilities,
                status=status,
            )

    def sms_spend_usd(self, *, account_id: str | None = None, region: str | None = None) -> float:
        """USD spent on SMS this month (UTC) by the account in the region."""
        with self.backend.lock:
            return spend_usd(self._region(account_id, region), clock.now())

    # ------------------------------------------------------------------ push
    def reject_token(self, endpoint_arn: str) -> None:
        """Play the push service rejecting an endpoint's device token: SNS sets its Enabled to false."""
        push.set_endpoint_enabled(self._runtime, endpoint_arn, False)

    def disable_platform_application(self, application_arn: str) -> None:
        """Play the push service rejecting an application's credentials: SNS sets its Enabled to false."""
        push.set_application_enabled(self._runtime, application_arn, False)

    def enable_platform_application(self, application_arn: str) -> None:
        """Undo [`disable_platform_application`][snsfake.SnsFake.disable_platform_application], as valid new credentials would."""
        push.set_application_enabled(self._runtime, application_arn, True)

    def __repr__(self) -> str:
        state = "active" if self.is_active else "inactive"
        return f"<SnsFake {state} account={self.account_id} region={self.region}>"


_T = TypeVar("_T")


def _marked(target: _T, fake: SnsFake) -> _T:
    """Remember which fake a decorated test runs under: the sns_fake fixture (pytest_plugin.py)
    refuses to start a second one for it."""
    target._snsfake_fake = fake  # type: ignore[attr-defined]
    return target


def _call_hook(hook: Callable[..., Any] | None, instance: Any, method: Any) -> None:
    """Call a class's setup/teardown hook the way pytest does: with the test method if it takes one."""
    if hook is None:
        return
    if getattr(hook, "__code__", None) is not None and hook.__code__.co_argcount >= 2:
        hook(instance, method)
    else:
        hook(instance)


def _starting(fake: SnsFake, setup: Callable[..., Any] | None) -> Callable[..., Any]:
    def setup_with_fake(instance: Any, method: Any = None) -> None:
        fake.start()
        try:
            _call_hook(setup, instance, method)
        except BaseException:
            fake.stop()  # pytest calls no teardown after a failed setup
            raise

    return functools.wraps(setup)(setup_with_fake) if setup is not None else setup_with_fake


def _stopping(fake: SnsFake, teardown: Callable[..., Any] | None) -> Callable[..., Any]:
    def teardown_with_fake(instance: Any, method: Any = None) -> None:
        try:
            _call_hook(teardown, instance, method)
        finally:
            if fake.is_active:
                fake.stop()

    return functools.wraps(teardown)(teardown_with_fake) if teardown is not None else teardown_with_fake


@overload
def mock_sns(target: F, /) -> F: ...


@overload
def mock_sns(
    *,
    account_id: str = ...,
    region: str = ...,
    auto_confirm: bool = ...,
    token_lifetime: _dt.timedelta = ...,
    forward_sqs: Any = ...,
    forward_lambda: Any = ...,
    sms_sandbox: bool = ...,
    sms_price_usd: float = ...,
    sms_spend_quota_usd: int = ...,
    organization_id: str | None = ...,
    wire: bool = ...,
) -> SnsFake: ...


def mock_sns(target: Any = None, /, **options: Any) -> Any:
    """A fresh [`SnsFake`][snsfake.SnsFake]: bare as a decorator, or called with options.

    ``@mock_sns`` on a function, a coroutine function or a class; ``mock_sns(**options)``
    as a decorator, a context manager (``with`` or ``async with``) or with ``start()``.
    """
    if target is None:
        return SnsFake(**options)
    if options:
        raise TypeError("snsfake: pass options as mock_sns(**options), then decorate")
    return SnsFake()(target)


def server(*, host: str = "127.0.0.1", port: int = 0, **fake_options: Any) -> SnsFakeServer:
    """A new [`SnsFake`][snsfake.SnsFake] made with ``fake_options``, served over HTTP.

    ``with snsfake.server() as srv:`` gives ``srv.url`` (the ``endpoint_url`` for other
    processes) and ``srv.fake`` (its records). The fake is not activated in-process.
    """
    return SnsFake(**fake_options).serve(host=host, port=port)


def active() -> SnsFake:
    """The innermost active fake."""
    fakes = hooks.active_fakes()
    if not fakes:
        raise RuntimeError("snsfake: no mock_sns is active")
    return cast(SnsFake, fakes[-1])
