"""pytest plugin: the ``sns_fake`` fixture, the ``sns_fake`` marker, and the real-SNS guard
(``--block-real-sns`` or the ini option ``block_real_sns = true``).

Registered through the ``pytest11`` entry point, so importing snsfake happens before any
test builds a boto3 session. It imports only snsfake's light part: the fake loads when a
test first uses the fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

import snsfake

from .hooks import RealSNSGuard

if TYPE_CHECKING:
    from .fake import SnsFake

__all__ = ["sns_fake", "sns_fake_options"]

_GUARD_KEY = pytest.StashKey[RealSNSGuard]()


def pytest_addoption(parser: pytest.Parser) -> None:
    help_text = "refuse (snsfake.RealSNSCallBlocked) any SNS call made while no snsfake fake is active"
    parser.addoption("--block-real-sns", action="store_true", default=False, help=help_text)
    parser.addini("block_real_sns", help=help_text, type="bool", default=False)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sns_fake(**options): options for the sns_fake fixture (account_id, region, auto_confirm, ...)"
    )
    if config.getoption("block_real_sns", False) or config.getini("block_real_sns"):
        config.stash[_GUARD_KEY] = snsfake.block_real_sns().start()


def pytest_unconfigure(config: pytest.Config) -> None:
    guard = config.stash.get(_GUARD_KEY, None)
    if guard is not None:
        guard.stop()


@pytest.fixture
def sns_fake_options() -> dict[str, Any]:
    """Options for every ``sns_fake`` fixture; override in conftest.py for project-wide defaults."""
    return {}


@pytest.fixture
def sns_fake(request: pytest.FixtureRequest, sns_fake_options: dict[str, Any]) -> Iterator[SnsFake]:
    """A fresh, active SNS fake for one test."""
    for decorated in (getattr(request, "function", None), getattr(request, "cls", None)):
        if getattr(decorated, "_snsfake_fake", None) is not None:  # set by @mock_sns (fake.py)
            raise RuntimeError(
                f"snsfake: {request.node.nodeid} uses both the sns_fake fixture and @snsfake.mock_sns: "
                "each would start a fake of its own, and only the decorator's would answer. "
                "Use one of them (options go in @pytest.mark.sns_fake(...) for the fixture)."
            )
    marker = request.node.get_closest_marker("sns_fake")
    options = {**sns_fake_options, **(marker.kwargs if marker else {})}
    with snsfake.mock_sns(**options) as fake:
        yield fake
