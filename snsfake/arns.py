"""ARNs, identifiers and tokens: how SNS names things in each partition."""

from __future__ import annotations

import os
import random

__all__ = [
    "partition_for",
    "dns_suffix_for",
    "topic_arn",
    "subscription_arn",
    "application_arn",
    "endpoint_arn",
    "root_principal",
    "new_id",
    "new_message_id",
    "new_token",
    "arn_parts",
]

# Ids are uuid4-shaped; drawing them from a seeded generator costs a third of
# str(uuid.uuid4()) (no syscall, no UUID object), and every call needs one or two.
# They are made 64 at a time: inside a botocore call, code that runs once is paid for
# at several times its cost in a loop, so the formatting is better done in batches.
_ids = random.Random()
_pool: list[str] = []
_BATCH = 64
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def _after_fork() -> None:
    _ids.seed()
    _pool.clear()  # a forked child must not repeat its parent's ids


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


def _refill() -> None:
    digits = f"{_ids.getrandbits(128 * _BATCH):0{32 * _BATCH}x}"
    variant = _VARIANT
    _pool.extend(
        f"{d[:8]}-{d[8:12]}-4{d[13:16]}-{variant[d[16]]}{d[17:20]}-{d[20:]}"
        for d in [digits[i : i + 32] for i in range(0, 32 * _BATCH, 32)]
    )


def new_id() -> str:
    """A uuid4-shaped identifier (request ids, message ids), cheaply."""
    try:
        return _pool.pop()
    except IndexError:
        _refill()
        return new_id()


_PARTITIONS: tuple[tuple[str, str, str], ...] = (
    # (region prefix, partition, dns suffix); first match wins
    ("cn-", "aws-cn", "amazonaws.com.cn"),
    ("us-gov-", "aws-us-gov", "amazonaws.com"),
    ("us-isob-", "aws-iso-b", "sc2s.sgov.gov"),
    ("us-isof-", "aws-iso-f", "csp.hci.ic.gov"),
    ("us-iso-", "aws-iso", "c2s.ic.gov"),
    ("eu-isoe-", "aws-iso-e", "cloud.adc-e.uk"),
    ("eusc-", "aws-eusc", "amazonaws.eu"),
)
_DNS_SUFFIX = {partition: suffix for _, partition, suffix in _PARTITIONS}
_DNS_SUFFIX["aws"] = "amazonaws.com"


def partition_for(region: str) -> str:
    """The partition a region belongs to (``aws``, ``aws-cn``, ``aws-us-gov`` ...)."""
    for prefix, partition, _ in _PARTITIONS:
        if region.startswith(prefix):
            return partition
    return "aws"


def dns_suffix_for(partition: str) -> str:
    """Host suffix used in SigningCertURL, SubscribeURL and UnsubscribeURL."""
    return _DNS_SUFFIX.get(partition, "amazonaws.com")


def topic_arn(partition: str, region: str, account: str, name: str) -> str:
    return f"arn:{partition}:sns:{region}:{account}:{name}"


def subscription_arn(topic: str) -> str:
    return f"{topic}:{new_id()}"


def application_arn(partition: str, region: str, account: str, platform: str, name: str) -> str:
    return f"arn:{partition}:sns:{region}:{account}:app/{platform}/{name}"


def endpoint_arn(partition: str, region: str, account: str, platform: str, app_name: str) -> str:
    return f"arn:{partition}:sns:{region}:{account}:endpoint/{platform}/{app_name}/{new_id()}"


def root_principal(partition: str, account: str) -> str:
    """The IAM principal AddPermission writes for an account."""
    return f"arn:{partition}:iam::{account}:root"


def new_message_id() -> str:
    return new_id()


_TOKEN_PREFIX = "2336412f37fb687f5d51e6e24"


def new_token() -> str:
    """A confirmation token as SNS sends them: 256 lower-case hex characters with SNS's usual prefix."""
    return _TOKEN_PREFIX + os.urandom(116).hex()[: 256 - len(_TOKEN_PREFIX)]


def arn_parts(arn: str) -> list[str]:
    """Split an ARN on ``:`` into at most 7 parts (the last keeps any further colons)."""
    return arn.split(":", 6)
