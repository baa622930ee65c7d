"""snsfake: an exact, fast, in-process fake of Amazon SNS for Python tests.

While a fake is active, every boto3/botocore SNS call is answered from memory
and every message SNS would deliver is captured for assertions::

    with snsfake.mock_sns() as fake:
        sns = boto3.client("sns", region_name="us-east-1")
        ...
    assert fake.deliveries.last.message == "hello"
"""

from __future__ import annotations

from . import hooks as _hooks
from .errors import SnsError
from .fake import SnsFake, active, mock_sns
from .hooks import patch_client
from .records import Call, Delivery, Published, Records, Skipped

__version__ = "0.1.0"

__all__ = [
    "Call",
    "Delivery",
    "Published",
    "Records",
    "Skipped",
    "SnsError",
    "SnsFake",
    "__version__",
    "active",
    "mock_sns",
    "patch_client",
]

_hooks.install()
