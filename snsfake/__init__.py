"""snsfake: an exact, fast, in-process fake of Amazon SNS for Python tests.

While a fake is active, every boto3/botocore SNS call is answered from memory
and every message SNS would deliver is captured for assertions:

    with snsfake.mock_sns() as fake:
        sns = boto3.client("sns", region_name="us-east-1")
        ...
    assert fake.deliveries.last.message == "hello"
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import hooks as _hooks
from .hooks import RealSNSCallBlocked, block_real_sns, patch_client

if TYPE_CHECKING:
    from .capture import Records
    from .errors import SnsError
    from .fake import SnsFake, active, mock_sns, server
    from .records import Call, Delivery, Published, Skipped
    from .serving import SnsFakeServer

__version__ = "0.1.0"

__all__ = [
    "mock_sns",
    "SnsFake",
    "active",
    "server",
    "SnsFakeServer",
    "patch_client",
    "block_real_sns",
    "RealSNSCallBlocked",
    "Records",
    "Call",
    "Published",
    "Delivery",
    "Skipped",
    "SnsError",
    "__version__",
]

# The pytest plugin imports snsfake in every pytest process, SNS or not: the fake itself
# loads when a test first asks for it (PEP 562), which keeps `import snsfake` cheap.
_LOADED_ON_FIRST_USE = {
    "mock_sns": "snsfake.fake",
    "SnsFake": "snsfake.fake",
    "active": "snsfake.fake",
    "server": "snsfake.fake",
    "SnsFakeServer": "snsfake.serving",
    "Records": "snsfake.capture",
    "Call": "snsfake.records",
    "Published": "snsfake.records",
    "Delivery": "snsfake.records",
    "Skipped": "snsfake.records",
    "SnsError": "snsfake.errors",
}


def __getattr__(name: str) -> Any:
    module = _LOADED_ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module 'snsfake' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


_hooks.install()
