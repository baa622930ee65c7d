"""The error every invalid filter policy raises, and how AWS words it in each API call.

Its own module because both predicates.py (cidr patterns) and compiler.py raise it.
"""

from __future__ import annotations


class FilterPolicyError(Exception):
    """An invalid policy. ``reason`` is the AWS text that follows ``FilterPolicy: ``; for the scope error
    ``nested_scope`` is True and ``reason`` is the whole text AWS puts after ``Invalid parameter: ``."""

    reason: str
    nested_scope: bool

    def __init__(self, reason: str, *, nested_scope: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.nested_scope = nested_scope

    def message(self, *, in_subscribe: bool) -> str:
        """The full AWS error message: Subscribe nests attribute errors under ``Attributes Reason:``."""
        head = "Invalid parameter: Attributes Reason: " if in_subscribe else "Invalid parameter: "
        return head + (self.reason if self.nested_scope else "FilterPolicy: " + self.reason)
