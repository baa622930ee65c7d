"""ARNs, identifiers and tokens: how SNS names things in each partition."""

from __future__ import annotations

import functools
import os
import random

__all__ = [
    "dns_suffix_of_region",
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

# Ids are uuid4-shaped, drawn from a seeded generator (no syscall, no UUID object) and made
# _BATCH at a time with a handful of C-level operations: the random bits of the whole batch get
# their version and variant digits from two masks, then each of the 32 hex digits of an id is
# copied into place for every id of the batch at once by one strided slice assignment. An id then
# costs a list pop on the hot path, and about a fifth of str(uuid.uuid4()) to make.
_ids = random.Random()
_pool: list[str] = []
_BATCH = 256
_ID_TEXT = 36  # 8-4-4-4-12 hex digits and dashes
_HEX_POSITIONS = tuple(position for position in range(_ID_TEXT) if position not in (8, 13, 18, 23))
# Bits 76-79 of each 128-bit id hold the version (4); bits 62-63 the RFC 4122 variant (binary 10).
_KEEP = (1 << 128 * _BATCH) - 1
_SET = 0
for _slot in range(_BATCH):
    _KEEP ^= (0xF << (128 * _slot + 76)) | (0x3 << (128 * _slot + 62))
    _SET |= (0x4 << (128 * _slot + 76)) | (0x2 << (128 * _slot + 62))
del _slot
_TEMPLATE = b"-" * _ID_TEXT + b" "  # one id and the space that splits it from the next


def _after_fork() -> None:
    _ids.seed()
    _pool.clear()  # a forked child must not repeat its parent's ids


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


def _refill() -> None:
    bits = _ids.getrandbits(128 * _BATCH) & _KEEP | _SET
    digits = bits.to_bytes(16 * _BATCH, "big").hex().encode("ascii")
    text = bytearray(_TEMPLATE * _BATCH)
    stride = _ID_TEXT + 1
    for digit, position in enumerate(_HEX_POSITIONS):
        text[position::stride] = digits[digit::32]
    _pool.extend(text.decode("ascii").split())


def new_id() -> str:
    """A uuid4-shaped identifier (request ids, message ids), cheaply."""
    while True:
        try:
            return _pool.pop()
        except IndexError:  # empty, perhaps emptied by other threads right after a refill
            _refill()


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


@functools.lru_cache(maxsize=64)
def dns_suffix_of_region(region: str) -> str:
    """The host suffix of a region's partition (asked once per delivery: cached)."""
    return dns_suffix_for(partition_for(region))


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
