"""SnsFake and mock_sns(): activation (decorator, context manager, start/stop),
the stack of active fakes, dispatch of each call, and the captured records."""

from __future__ import annotations

import datetime as _dt
import functools
import inspect
import re
import unittest
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast, overload

from . import arns, clock, hooks
from .context import Context
from .data_protection import Finding
from .errors import InternalError, SnsError
from .hooks import detached
from .operations import OPERATIONS
from .operations.topics import LIMITS
from .records import Call, Delivery, Published, Records, Skipped
from .state import Backend

__all__ = ["SnsFake", "mock_sns", "active"]

F = TypeVar("F", bound=Callable[..., Any])
_ACCOUNT_RE = re.compile(r"^\d{12}\Z", re.ASCII)
_ORGANIZATION_RE = re.compile(r"^o-[a-z0-9]{10,32}\Z", re.ASCII)
DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"

class SnsFake:
    """An in-memory SNS. Active, it answers every botocore SNS call in-process.

    Use it as a decorator, a (sync or async) context manager, or with
    ``start()``/``stop()``. State resets when it starts, not when it stops, so
    records stay readable after the ``with`` block.
    """

    def __init__(
        self,
        *,
        account_id: str = DEFAULT_ACCOUNT,
        region: str = DEFAULT_REGION,
        auto_confirm: bool = False,
        token_lifetime: _dt.timedelta = _dt.timedelta(days=2),
        forward_sqs: Any = False,
        sms_sandbox: bool = True,
        sms_price_usd: float = 0.00645,
        organization_id: str | None = None,
    ) -> None:
        if organization_id is not None and (
            not isinstance(organization_id, str) or not _ORGANIZATION_RE.match(organization_id)
        ):
            raise ValueError(f"snsfake: organization_id must look like 'o-a1b2c3d4e5', got {organization_id!r}")
        if not isinstance(account_id, str) or not _ACCOUNT_RE.match(account_id):
            raise ValueError(f"snsfake: account_id must be 12 digits, got {account_id!r}")
        if not isinstance(region, str) or not re.match(r"^[a-z]{2}(-[a-z]+)+-\d+$", region):
            raise ValueError(f"snsfake: region must look like 'us-east-1', got {region!r}")
        if not isinstance(token_lifetime, _dt.timedelta) or token_lifetime <= _dt.timedelta(0):
            raise ValueError(f"snsfake: token_lifetime must be a positive timedelta, got {token_lifetime!r}")
        if sms_price_usd < 0:
            raise ValueError(f"snsfake: sms_price_usd must not be negative, got {sms_price_usd!r}")
        self.account_id = account_id
        self.region = region
        self.auto_confirm = bool(auto_confirm)
        self.token_lifetime = token_lifetime
        self.forward_sqs = forward_sqs
        self.sms_sandbox = bool(sms_sandbox)
        self.sms_price_usd = float(sms_price_usd)
        # Every account of the fake belongs to this AWS Organization (topic policies' aws:PrincipalOrgID).
        self.organization_id = organization_id
        self.backend = Backend()
        self.limits: dict[str, int] = dict(LIMITS)
        # Calls and publishes may be kept as tuples of their fields until read (see Records).
        self._calls: list[Call | tuple[Any, ...]] = []
        self._published: list[Published | tuple[Any, ...]] = []
        self._deliveries: list[Delivery] = []
        self._skipped: list[Skipped] = []
        self.calls: Records[Call] = Records(self._calls, "calls", make=Call)
        self.published: Records[Published] = Records(self._published, "published", make=Published)
        self.deliveries: Records[Delivery] = Records(self._deliveries, "deliveries", self._explain_deliveries)
        self.skipped: Records[Skipped] = Records(self._skipped, "skipped")
        self._findings: list[Finding] = []
        # What topics' DataProtectionPolicy statements acted on (Audit, Deny, Deidentify).
        self.data_protection_findings: Records[Finding] = Records(self._findings, "data protection findings")
        self.lambda_handlers: list[tuple[str, Callable[..., Any]]] = []
        self.http_handlers: list[tuple[str, Callable[..., Any]]] = []
        self._sqs_clients: dict[str, Any] = {}
        self._depth = 0
        self._saved_settings: tuple[list[Any], list[Any], dict[str, int]] = ([], [], dict(LIMITS))

    # ------------------------------------------------------------------ lifecycle
    @property
    def is_active(self) -> bool:
        return self._depth > 0

    def start(self) -> SnsFake:
        """Activate; a fake that is already active just nests (no reset)."""
        if self._depth == 0:
            self.reset()
            # Handlers and limits set while active belong to this activation only.
            self._saved_settings = (list(self.http_handlers), list(self.lambda_handlers), dict(self.limits))
            hooks.push(self)
        self._depth += 1
        return self

    def stop(self) -> None:
        """Deactivate (the matching call of one ``start()``)."""
        if self._depth == 0:
            raise RuntimeError("snsfake: stop() called on a fake that is not active")
        self._depth -= 1
        if self._depth == 0:
            hooks.pop(self)
            http, lambdas, limits = self._saved_settings
            self.http_handlers[:] = http
            self.lambda_handlers[:] = lambdas
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

            return cast(F, run_async)

        @functools.wraps(target)
        def run(*args: Any, **kwargs: Any) -> Any:
            with self:
                return target(*args, **kwargs)

        return cast(F, run)

    def _decorate_class(self, cls: type) -> type:
        if issubclass(cls, unittest.TestCase):
            original_setup = cls.setUp
            fake = self

            @functools.wraps(original_setup)
            def setUp(test: unittest.TestCase) -> None:  # noqa: N802 - unittest's name
                fake.start()
                test.addCleanup(fake.stop)
                original_setup(test)

            cls.setUp = setUp  # type: ignore[method-assign,assignment]
            return cls
        for name, member in list(vars(cls).items()):
            if name.startswith("test") and callable(member):
                setattr(cls, name, self(member))
        return cls

    def reset(self) -> None:
        """Forget all state and records."""
        with self.backend.lock:
            self.backend.regions.clear()
            self.clear()

    def clear(self) -> None:
        """Empty the records (calls, published, deliveries, skipped, findings); state stays."""
        with self.backend.lock:
            self.calls._clear()
            self.published._clear()
            self._deliveries.clear()
            self._skipped.clear()
            self._findings.clear()

    # ------------------------------------------------------------------ dispatch
    def account_for(self, access_key: str | None) -> str:
        """A 12-digit access key names the account (moto's convention); otherwise the default account."""
        if access_key and len(access_key) == 12 and access_key.isascii() and access_key.isdigit():
            return access_key
        return self.account_id

    def handle(
        self, operation: str, params: Mapping[str, Any], region: str, access_key: str | None = None
    ) -> tuple[int, dict[str, Any]]:
        """Answer one API call: ``(HTTP status, parsed response)`` as botocore would parse it."""
        account = self.account_for(access_key) if access_key else self.account_id
        now = clock.now()
        request_id = arns.new_id()
        handler = OPERATIONS.get(operation)
        backend = self.backend
        with backend.lock:
            state = backend.regions.get((account, region)) or backend.region(account, region)
            context = Context(self, state, account, region, state.partition, now)
            try:
                if handler is None:
                    raise InternalError(f"snsfake: {operation} is not supported")
                body = handler(context, params)
            except SnsError as error:
                status = error.status
                parsed: dict[str, Any] = {"Error": error.error_fields()}
                self._calls.append((operation, params, account, region, now, None, error.code, error.message))
            else:
                status = 200
                self._calls.append((operation, params, account, region, now, body))
                parsed = detached(body)  # the caller's copy: the record keeps its own
        parsed["ResponseMetadata"] = {
            "RequestId": request_id,
            "HTTPStatusCode": status,
            "HTTPHeaders": {
                "x-amzn-requestid": request_id,
                "content-type": "text/xml",
                "date": clock.http_date(now),
            },
            "RetryAttempts": 0,
        }
        return status, parsed

    # ------------------------------------------------------------------ subscription helpers
    def _context(self, account_id: str | None = None, region: str | None = None) -> Context:
        account = account_id or self.account_id
        region_name = region or self.region
        state = self.backend.region(account, region_name)
        return Context(self, state, account, region_name, state.partition, clock.now())

    def confirm(self, subscription_arn: str) -> None:
        """Confirm a pending subscription as its endpoint would (visiting the SubscribeURL)."""
        from .operations.subscriptions import confirm_by_arn

        with self.backend.lock:
            confirm_by_arn(self._context(), subscription_arn)

    def on_http(self, url_or_prefix: str, handler: Callable[[Any], int]) -> None:
        """Answer http/https deliveries to matching endpoints in-process: ``handler(request) -> status``.

        ``request`` has ``.method``, ``.url``, ``.headers`` and ``.body``; the longest matching prefix
        wins. A 5xx status or an exception is a failed attempt, retried per the delivery policy;
        2xx-4xx (or returning nothing) counts as delivered, as in AWS.
        """
        if not isinstance(url_or_prefix, str) or not callable(handler):
            raise TypeError("snsfake: on_http(url_or_prefix: str, handler: callable)")
        self.http_handlers.append((url_or_prefix, handler))

    def on_lambda(self, function_arn: str, handler: Callable[[Any, Any], Any]) -> None:
        """Invoke ``handler(event, context)`` for each delivery to the Lambda function ``function_arn``."""
        if not isinstance(function_arn, str) or not callable(handler):
            raise TypeError("snsfake: on_lambda(function_arn: str, handler: callable)")
        self.lambda_handlers.append((function_arn, handler))

    @property
    def signing_certificate_pem(self) -> str:
        """The certificate (PEM) whose key signs every message the fake delivers."""
        from .signing import signing_certificate_pem

        return signing_certificate_pem()

    # ------------------------------------------------------------------ sms helpers
    # Back doors for what AWS has no API for; the logic lives in operations/sms.py.
    def _sms_region(self, account_id: str | None, region: str | None) -> Any:
        return self.backend.region(account_id or self.account_id, region or self.region)

    def opt_out(self, phone_number: str, *, account_id: str | None = None, region: str | None = None) -> None:
        """Put a number on the opt-out list, as its owner replying STOP would."""
        from .operations import sms

        with self.backend.lock:
            sms.opt_out(self._sms_region(account_id, region), phone_number)

    def leave_sms_sandbox(self, *, account_id: str | None = None, region: str | None = None) -> None:
        """Move the account out of the SMS sandbox (a support case in AWS)."""
        from .operations import sms

        with self.backend.lock:
            sms.set_sandbox(self._sms_region(account_id, region), False)

    def enter_sms_sandbox(self, *, account_id: str | None = None, region: str | None = None) -> None:
        """Put the account back into the SMS sandbox (where new accounts start)."""
        from .operations import sms

        with self.backend.lock:
            sms.set_sandbox(self._sms_region(account_id, region), True)

    def sandbox_password(
        self, phone_number: str, *, account_id: str | None = None, region: str | None = None
    ) -> str:
        """The one-time password last sent to an SMS sandbox number."""
        from .operations import sms

        with self.backend.lock:
            return sms.sandbox_password(self._sms_region(account_id, region), phone_number)

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
        from .operations import sms

        with self.backend.lock:
            sms.add_origination_number(
                self._sms_region(account_id, region),
                phone_number,
                now=clock.now(),
                iso2_country_code=iso2_country_code,
                route_type=route_type,
                capabilities=capabilities,
                status=status,
            )

    def sms_spend_usd(self, *, account_id: str | None = None, region: str | None = None) -> float:
        """USD spent on SMS this month (UTC) by the account in the region."""
        from .operations import sms

        with self.backend.lock:
            return sms.spend_usd(self._sms_region(account_id, region), clock.now())

    # ------------------------------------------------------------------ push helpers
    def reject_token(self, endpoint_arn: str) -> None:
        """Play the push service rejecting an endpoint's device token: SNS sets its Enabled to false."""
        from .operations.platform import set_endpoint_enabled

        set_endpoint_enabled(self, endpoint_arn, False)

    def disable_platform_application(self, application_arn: str) -> None:
        """Play the push service rejecting an application's credentials: SNS sets its Enabled to false."""
        from .operations.platform import set_application_enabled

        set_application_enabled(self, application_arn, False)

    def enable_platform_application(self, application_arn: str) -> None:
        """Undo :meth:`disable_platform_application` (as valid new credentials would)."""
        from .operations.platform import set_application_enabled

        set_application_enabled(self, application_arn, True)

    # ------------------------------------------------------------------ records
    def _explain_deliveries(self, fields: Mapping[str, Any]) -> str:
        endpoint = fields.get("endpoint")
        subscription = fields.get("subscription_arn")
        relevant = [
            item
            for item in self._skipped
            if (endpoint is None or item.endpoint == endpoint)
            and (subscription is None or item.subscription_arn == subscription)
        ]
        if not relevant:
            return ""
        where = "that endpoint" if endpoint or subscription else "any endpoint"
        lines = [f"Skipped for {where} ({len(relevant)}):"]
        lines.extend(f"  {item.describe()}" for item in relevant[-20:])
        return "\n".join(lines)

    def record_published(self, item: Published | tuple[Any, ...]) -> None:
        """Keep an accepted message: a :class:`Published`, or the tuple of its fields (built when read)."""
        self._published.append(item)

    def record_delivery(self, item: Delivery) -> None:
        self._deliveries.append(item)

    def record_skipped(self, item: Skipped) -> None:
        self._skipped.append(item)

    def record_finding(self, item: Finding) -> None:
        self._findings.append(item)

    def __repr__(self) -> str:
        state = "active" if self.is_active else "inactive"
        return f"<SnsFake {state} account={self.account_id} region={self.region}>"


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
    sms_sandbox: bool = ...,
    sms_price_usd: float = ...,
    organization_id: str | None = ...,
) -> SnsFake: ...


def mock_sns(target: Any = None, /, **options: Any) -> Any:
    """A fresh :class:`SnsFake`: bare as a decorator, or called with options."""
    if target is None:
        return SnsFake(**options)
    if options:
        raise TypeError("snsfake: pass options as mock_sns(**options), then decorate")
    return SnsFake()(target)


def active() -> SnsFake:
    """The innermost active fake."""
    fakes = hooks.active_fakes()
    if not fakes:
        raise RuntimeError("snsfake: no mock_sns is active")
    return fakes[-1]
