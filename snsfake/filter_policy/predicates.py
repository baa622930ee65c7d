"""The tests one policy key's rules compile into: string, numeric-range and IP/cidr predicates, and
``_RuleSet``, which folds a key's exact values and predicates into one ``test(values)`` closure.

Built once when a policy is set; the closures run on the publish path, so they stay small and flat.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Callable
from typing import Any, Final

from .errors import FilterPolicyError
from .matching import _Predicate, _Values

_JAVA_INT: Final = re.compile(r"[+-]?[0-9]+")


def _parse_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if "%" in text:
        return None
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _cidr_predicate(text: str) -> _Predicate:
    """Validate a ``cidr`` pattern like AWS (these reasons carry no location suffix) and build its test."""
    parts = text.split("/")
    while parts and parts[-1] == "":  # Java's String.split drops trailing empty strings
        parts.pop()
    if len(parts) != 2:
        raise FilterPolicyError("Malformed CIDR, one '/' required")
    if _JAVA_INT.fullmatch(parts[1]) is None or not -(2**31) <= int(parts[1]) < 2**31:
        raise FilterPolicyError("Malformed CIDR, mask bits must be an integer")
    mask = int(parts[1])
    if mask < 0:
        raise FilterPolicyError("Malformed CIDR, mask bits must not be negative")
    address = _parse_ip(parts[0])
    if address is None:
        raise FilterPolicyError(f"Nonstandard IP address: {parts[0]}")
    if address.version == 4 and mask > 31:
        raise FilterPolicyError("IPv4 mask bits must be < 32")
    if address.version == 6 and mask > 127:
        raise FilterPolicyError("IPv6 mask bits must be < 128")
    width = address.max_prefixlen
    keep = ((1 << mask) - 1) << (width - mask)
    network = int(address) & keep
    version = address.version

    def in_network(value: Any) -> bool:
        if type(value) is not str:
            return False
        candidate = _parse_ip(value)
        return candidate is not None and candidate.version == version and int(candidate) & keep == network

    return in_network


def _same_ip_predicate(rule: str) -> _Predicate | None:
    """AWS treats an exact string that is an IP literal as that address, so other spellings match."""
    if not rule or not (rule[0].isdigit() or ":" in rule):
        return None
    address = _parse_ip(rule)
    if address is None:
        return None

    def same_ip(value: Any) -> bool:
        return type(value) is str and value != rule and _parse_ip(value) == address

    return same_ip


class _RuleSet:
    """What one key's rule list accepts, gathered before building its test."""

    __slots__ = ("booleans", "exists_false", "exists_true", "null", "numbers", "predicates", "strings")

    def __init__(self) -> None:
        self.strings: set[str] = set()
        self.numbers: set[float] = set()
        self.booleans: set[bool] = set()
        self.null = False
        self.predicates: list[_Predicate] = []
        self.exists_true = False
        self.exists_false = False

    def build(self) -> Callable[[_Values | None], bool]:
        strings = frozenset(self.strings)
        if not (
            self.numbers
            or self.booleans
            or self.null
            or self.predicates
            or self.exists_true
            or self.exists_false
        ):

            def only_strings(values: _Values | None) -> bool:
                if values is None:
                    return False
                for value in values:
                    if value in strings:
                        return True
                return False

            return only_strings

        numbers = frozenset(self.numbers)
        booleans = frozenset(self.booleans)
        null = self.null
        predicates = tuple(self.predicates)
        exists_true = self.exists_true
        exists_false = self.exists_false

        def test(values: _Values | None) -> bool:
            if values is None:
                return exists_false
            for value in values:
                kind = type(value)
                if kind is str:
                    if value in strings:
                        return True
                    if exists_true and value:
                        return True
                elif kind is float:
                    if value in numbers or exists_true:
                        return True
                elif kind is bool:
                    if value in booleans or exists_true:
                        return True
                elif null:
                    return True
                for predicate in predicates:
                    if predicate(value):
                        return True
            return False

        return test


def _string_predicate(operator: str, pattern: str) -> _Predicate:
    if operator == "prefix":

        def prefixed(value: Any) -> bool:
            return type(value) is str and value.startswith(pattern)

        return prefixed
    if operator == "suffix":

        def suffixed(value: Any) -> bool:
            return type(value) is str and value.endswith(pattern)

        return suffixed
    lower = pattern.lower()
    upper = pattern.upper()

    def equal_ignoring_case(value: Any) -> bool:
        return type(value) is str and (value.lower() == lower or value.upper() == upper)

    return equal_ignoring_case


def _numeric_predicate(
    bottom: float | None, open_bottom: bool, top: float | None, open_top: bool
) -> _Predicate:
    low = -math.inf if bottom is None else bottom
    high = math.inf if top is None else top

    def in_range(value: Any) -> bool:
        if type(value) is not float:
            return False
        if value < low or (open_bottom and value == low):
            return False
        return not (value > high or (open_top and value == high))

    return in_range
