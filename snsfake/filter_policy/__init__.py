"""Subscription filter policies: parse, validate with AWS's exact messages, compile, match.

This package owns everything about the ``FilterPolicy`` / ``FilterPolicyScope`` subscription attributes
except storing them: the Jackson-style JSON parse errors, the structural and operator validation (in the
order AWS applies it, with the Jackson ``[Source: ...; line: 1, column: N]`` suffix AWS appends), the
key-count / complexity / size limits, and a compiled matcher for both scopes (``MessageAttributes`` and
``MessageBody``). Validation messages come from spec/filter-policies.md; the column rule mirrors a
streaming parser walking the compact re-serialisation of the policy.

Matching is compiled once into small closures and sets, so ``FilterPolicy.match`` costs a few
microseconds and never raises.

Modules, each importing only the ones listed before it: ``errors`` (``FilterPolicyError`` and its AWS
message framing), ``json_reader`` (a JSON reader with Jackson's parse errors and positions, Java number
text), ``compact_json`` (the compact re-serialisation AWS quotes in validation errors, and node offsets
in it), ``matching`` (the scopes, message attribute/body values, ``FilterPolicy`` and its ``_Group`` /
``_Cond`` tree), ``predicates`` (each rule's test and ``_RuleSet``, which joins one key's rules),
``compiler`` (AWS's checks in AWS's order, the limits, and ``compile_filter_policy``). This module only
re-exports.
"""

from __future__ import annotations

from .compiler import compile_filter_policy
from .errors import FilterPolicyError
from .matching import MESSAGE_ATTRIBUTES, MESSAGE_BODY, FilterPolicy

__all__ = ["FilterPolicy", "FilterPolicyError", "compile_filter_policy", "MESSAGE_ATTRIBUTES", "MESSAGE_BODY"]
