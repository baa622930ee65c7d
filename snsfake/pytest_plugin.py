"""pytest plugin: the ``sns_fake`` fixture and the ``sns_fake`` marker.

Registered through the ``pytest11`` entry point, so importing snsfake happens
before any test builds a boto3 session. It imports only snsfake's light part: the
fake loads when a test first uses the fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

import snsfake

if TYPE_CHECKING:
    from .fake import SnsFake

__all__ = ["sns_fake", "sns_fake_options"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sns_fake(**options): options for the sns_fake fixture (account_id, region, auto_confirm, ...)"
    )


@pytest.fixture
def sns_fake_options() -> dict[str, Any]:
    """Options for every ``sns_fake`` fixture; override in conftest.py for project-wide defaults."""
    return {}


@pytest.fixture
def sns_fake(request: pytest.FixtureRequest, sns_fake_options: dict[str, Any]) -> Iterator[SnsFake]:
    """A fresh, active SNS fake for one test."""
    marker = request.node.get_closest_marker("sns_fake")
    options = {**sns_fake_options, **(marker.kwargs if marker else {})}
    with snsfake.mock_sns(**options) as fake:
        yield fake
