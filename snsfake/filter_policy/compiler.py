"""Checking a parsed policy against AWS's rules, in AWS's order, and compiling it into matchers.

``compile_filter_policy``: size, parse (json_reader.py), key count, structure with scope and complexity,
then operators (tests from predicates.py). Reasons carry Jackson's location suffix, counted in the
compact text (compact_json.py). Compiled policies are cached by (policy, scope).
"""

from __future__ import annotations

import json
from collections.abc import Generator
from functools import lru_cache
from typing import Any, Final

from .compact_json import _after, _serialise, _source_description, _to_python, _token_text
from .errors import FilterPolicyError
from .json_reader import _ARR, _FALSE, _J, _NULL, _NUM, _OBJ, _REDACTED, _STR, _TRUE, _ParseFail, _Parser
from .matching import (
    MESSAGE_ATTRIBUTES,
    MESSAGE_BODY,
    FilterPolicy,
    _as_float,
    _canon,
    _Cond,
    _Group,
    _Predicate,
)
from .predicates import _cidr_predicate, _numeric_predicate, _RuleSet, _same_ip_predicate, _string_predicate

_MAX_KEYS: Final = 5
_MAX_COMBINATIONS: Final = 150
_MAX_POLICY_BYTES: Final = 256 * 1024
_NUMERIC_LIMIT: Final = 1e9  # AWS doc: numeric matching works from -10^9 to 10^9, to five decimals (matching._DECIMALS).
_NESTED_SCOPE_REASON: Final = "Filter policy scope MessageAttributes does not support nested filter policy"
_OPERATORS: Final = frozenset(
    {"prefix", "suffix", "equals-ignore-case", "anything-but", "numeric", "exists", "cidr"}
)


class _Compiler:
    """Walks the parsed policy in AWS's order: structure (with complexity and scope), then operators."""

    def __init__(self, root: _J, compact: str, body: bool) -> None:
        self.root = root
        self.compact = compact
        self.body = body
        self.nested = False
        self.conds: list[_Cond] = []

    def fail(self, message: str, offset: int) -> FilterPolicyError:
        """A reason with Jackson's location suffix; ``offset`` is where the parser stood (column - 1)."""
        return FilterPolicyError(
            f"{message}\n at [Source: {_source_description(self.compact)}; line: 1, column: {offset + 1}]"
        )

    # --- structure --------------------------------------------------------------------------------

    def structure(self) -> tuple[_Group, int]:
        group = _Group()
        combinations = _trampoline(self._walk(self.root, 1, "", 1, group))
        return group, combinations

    def _walk(self, node: _J, depth: int, prefix: str, combinations: int, group: _Group) -> _Walk:
        entries: dict[str, _J] = node.value
        if not entries:
            raise self.fail("Empty objects are not allowed", node.end)
        for key, value in entries.items():
            if key == "$or" and _is_or(value):
                total = 0
                branches: list[_Group] = []
                for branch in value.value:
                    branch_group = _Group()
                    total += yield self._walk(branch, depth, prefix, combinations, branch_group)
                    branches.append(branch_group)
                combinations = total
                group.ors.append(branches)
            elif value.kind == _OBJ:
                combinations = yield self._walk(value, depth + 1, prefix + key + ".", combinations, group)
            elif value.kind == _ARR:
                if not value.value:
                    raise self.fail("Empty arrays are not allowed", value.end)
                cond = _Cond(prefix + key, value)
                group.conds.append(cond)
                self.conds.append(cond)
                combinations = combinations * len(value.value) * depth
            else:
                raise self.fail(f'"{key}" must be an object or an array', _after(value))
        if depth > 1:
            if not self.body:
                raise FilterPolicyError(_NESTED_SCOPE_REASON, nested_scope=True)
            self.nested = True
        return combinations

    # --- operators --------------------------------------------------------------------------------

    def operators(self) -> None:
        for cond in self.conds:
            node = cond.node
            assert node is not None
            rules = _RuleSet()
            for rule in node.value:
                self._rule(rule, rules)
            cond.test = rules.build()
            members = node.value
            if all(member.kind == _STR for member in members):
                cond.exact_only = [member.value for member in members]
            cond.describe = json.dumps(_to_python(node), separators=(",", ":"), ensure_ascii=False)
            cond.node = None

    def _rule(self, rule: _J, rules: _RuleSet) -> None:
        kind = rule.kind
        if kind == _STR:
            rules.strings.add(rule.value)
            same_ip = _same_ip_predicate(rule.value)
            if same_ip is not None:
                rules.predicates.append(same_ip)
        elif kind == _NUM:
            try:
                rules.numbers.add(_canon(rule.value))
            except OverflowError:
                pass  # AWS keeps such a number as literal text, which no JSON value equals
        elif kind in (_TRUE, _FALSE):
            rules.booleans.add(bool(rule.value))
        elif kind == _NULL:
            rules.null = True
        elif kind == _ARR:
            raise self.fail("Match value must be String, number, true, false, or null", rule.start + 1)
        else:
            self._expression(rule, rules)

    def _expression(self, rule: _J, rules: _RuleSet) -> None:
        entries = list(rule.value.items())
        if not entries:
            raise self.fail("Match expression name not found", rule.end)
        operator, operand = entries[0]
        extra = entries[1][1] if len(entries) > 1 else None
        if operator in ("prefix", "suffix", "equals-ignore-case"):
            if operand.kind != _STR:
                raise self.fail(f"{operator} match pattern must be a string", _after(operand))
            self._only_one(extra)
            rules.predicates.append(_string_predicate(operator, operand.value))
        elif operator == "numeric":
            if operand.kind != _ARR:
                raise self.fail("Value of numeric must be an array.", _after(operand))
            predicate = self._numeric(operand)
            if extra is not None:
                raise self.fail("Too many elements in numeric expression", _after(extra))
            rules.predicates.append(predicate)
        elif operator == "anything-but":
            rules.predicates.append(self._anything_but(operand, extra))
        elif operator == "exists":
            if operand.kind != _TRUE and operand.kind != _FALSE:
                raise self.fail("exists match pattern must be either true or false.", _after(operand))
            self._only_one(extra)
            if operand.value:
                rules.exists_true = True
            else:
                rules.exists_false = True
        elif operator == "cidr":
            if operand.kind != _STR:
                raise self.fail("prefix match pattern must be a string", _after(operand))
            predicate = _cidr_predicate(operand.value)
            self._only_one(extra)
            rules.predicates.append(predicate)
        else:
            raise self.fail(f"Unrecognized match type {operator}", _after(operand))

    def _only_one(self, extra: _J | None) -> None:
        if extra is not None:
            raise self.fail("Only one key allowed in match expression", _after(extra))

    def _check_range(self, number: float, offset: int | None) -> None:
        """AWS's documented numeric range; ``offset`` None means the reason carries no location."""
        if -_NUMERIC_LIMIT <= number <= _NUMERIC_LIMIT:
            return
        reason = "Value must be between -1.0E9 and 1.0E9, inclusive"
        if offset is None:
            raise FilterPolicyError(reason)
        raise self.fail(reason, offset)

    def _anything_but(self, operand: _J, extra: _J | None) -> _Predicate:
        if operand.kind == _OBJ:
            inner = list(operand.value.items())
            if not inner:
                raise self.fail("Anything-But expression name not found", operand.end)
            name, value = inner[0]
            if name != "prefix":
                raise self.fail(f"Unsupported anything-but pattern: {name}", _after(value))
            if value.kind != _STR:
                raise self.fail("prefix match pattern must be a string", _after(value))
            if len(inner) > 1:
                raise self.fail("Only one key allowed in match expression", _after(inner[1][1]))
            self._only_one(extra)
            prefix: str = value.value

            def not_prefixed(candidate: Any) -> bool:
                return type(candidate) is str and not candidate.startswith(prefix)

            return not_prefixed
        strings: set[str] = set()
        numbers: set[float] = set()
        if operand.kind == _ARR:
            for member in operand.value:
                if member.kind == _STR:
                    strings.add(member.value)
                elif member.kind == _NUM:
                    self._check_range(_as_float(member.value), member.end)
                    numbers.add(_canon(member.value))
                else:
                    raise self.fail(
                        "Inside anything but list, start|null|boolean is not supported.", _after(member)
                    )
            if bool(strings) == bool(numbers):
                raise self.fail(
                    "Inside anything but list, either all values are number or string, mixed type is not supported",
                    operand.end,
                )
        elif operand.kind == _STR:
            strings.add(operand.value)
        elif operand.kind == _NUM:
            self._check_range(_as_float(operand.value), None)
            numbers.add(_canon(operand.value))
        else:
            raise self.fail(
                "Value of anything-but must be an array or single string/number value.", _after(operand)
            )
        if extra is not None:
            raise self.fail("Too many elements in numeric expression", _after(extra))
        excluded_strings = frozenset(strings)
        excluded_numbers = frozenset(numbers)

        def anything_but(candidate: Any) -> bool:
            kind = type(candidate)
            if kind is str:
                return candidate not in excluded_strings
            if kind is float:
                return candidate not in excluded_numbers
            return True

        return anything_but

    def _numeric(self, array: _J) -> _Predicate:
        """``{"numeric": [...]}`` with AWS's checks in AWS's order and its parser positions."""
        members: list[_J] = array.value
        count = len(members)

        def after(index: int) -> int:
            return _after(members[index]) if index < count else array.end

        def text(index: int) -> str:
            return _token_text(members[index]) if index < count else "]"

        def is_number(index: int) -> bool:
            return index < count and members[index].kind == _NUM

        if count == 0 or members[0].kind != _STR:
            raise self.fail(f"Invalid member in numeric match: {text(0)}", after(0))
        operator: str = members[0].value
        if operator == "=":
            if not is_number(1):
                raise self.fail("Value of equals must be numeric", after(1))
            if count > 2:
                raise self.fail("Too many elements in numeric expression", after(2))
            target = _as_float(members[1].value)
            self._check_range(target, array.end)
            return _numeric_predicate(_canon(target), False, _canon(target), False)
        if operator in ("<", "<="):
            if not is_number(1):
                raise self.fail(f"Value of {operator} must be numeric", after(1))
            if count > 2:
                raise self.fail("Too many elements in numeric expression", after(2))
            top = _as_float(members[1].value)
            self._check_range(top, array.end)
            return _numeric_predicate(None, False, _canon(top), operator == "<")
        if operator not in (">", ">="):
            raise self.fail(f"Unrecognized numeric range operator: {operator}", after(1))
        if not is_number(1):
            raise self.fail(f"Value of {operator} must be numeric", after(1))
        bottom = _as_float(members[1].value)
        open_bottom = operator == ">"
        if count == 2:
            self._check_range(bottom, array.end)
            return _numeric_predicate(_canon(bottom), open_bottom, None, False)
        upper = members[2]
        if upper.kind != _STR:
            raise self.fail(f"Bad value in numeric range: {text(2)}", after(2))
        upper_operator: str = upper.value
        if upper_operator not in ("<", "<="):
            raise self.fail(f"Bad numeric range operator: {upper_operator}", upper.end)
        if not is_number(3):
            raise self.fail(f"Value of {upper_operator} must be numeric", after(3))
        if count > 4:
            raise self.fail("Too many terms in numeric range expression", after(4))
        top = _as_float(members[3].value)
        self._check_range(bottom, array.end)
        self._check_range(top, array.end)
        if bottom >= top:
            raise self.fail("Bottom must be less than top", array.end)
        return _numeric_predicate(_canon(bottom), open_bottom, _canon(top), upper_operator == "<")


_Walk = Generator[Any, Any, int]


def _trampoline(walk: _Walk) -> int:
    """Run a recursive generator walk with an explicit stack: policies may nest 1000 deep."""
    stack = [walk]
    sent: Any = None
    result = 0
    while stack:
        try:
            child = stack[-1].send(sent)
        except StopIteration as stop:
            stack.pop()
            result = sent = stop.value
            continue
        stack.append(child)
        sent = None
    return result


def _is_or(node: _J) -> bool:
    """AWS doc (AND/OR logic): "$or" is an operator only for an array of at least two objects none of
    which uses an operator name as a key; otherwise it is an ordinary key."""
    if node.kind != _ARR or len(node.value) < 2:
        return False
    for member in node.value:
        if member.kind != _OBJ or any(key in _OPERATORS for key in member.value):
            return False
    return True


def _compile(policy: str, scope: str) -> FilterPolicy:
    if (
        len(policy) > _MAX_POLICY_BYTES // 4
        and len(policy.encode("utf-8", "surrogatepass")) > _MAX_POLICY_BYTES
    ):
        raise FilterPolicyError("Filter policy is too large")
    try:
        root = _Parser(policy).parse()
    except _ParseFail as failure:
        line, column = _Parser(policy)._location(failure.pos)
        raise FilterPolicyError(
            f"failed to parse JSON. {failure.msg}\n at [Source: {_REDACTED}; line: {line}, column: {column}]"
        ) from None
    compact = _serialise(root)
    compiler = _Compiler(root, compact, scope == MESSAGE_BODY)
    if root.kind != _OBJ:
        raise compiler.fail("Filter is not an object", _after(root))
    if not root.value:
        return FilterPolicy(policy, scope, False, None)
    if len(root.value) > _MAX_KEYS:
        raise FilterPolicyError(f"Filter policy can not have more than {_MAX_KEYS} keys")
    group, combinations = compiler.structure()
    if combinations > _MAX_COMBINATIONS:
        raise FilterPolicyError("Filter policy is too complex")
    compiler.operators()
    return FilterPolicy(policy, scope, compiler.nested, group)


_compile_cached = lru_cache(maxsize=512)(_compile)


def compile_filter_policy(policy: str, scope: str = MESSAGE_ATTRIBUTES) -> FilterPolicy:
    """Parse, validate (parse -> key count -> structure and scope -> complexity -> operators, AWS's order)
    and compile ``policy``. Raises FilterPolicyError for any invalid policy string, and nothing else."""
    if not isinstance(policy, str):
        raise TypeError(f"snsfake: a filter policy is a JSON string, got {type(policy).__name__}")
    if scope not in (MESSAGE_ATTRIBUTES, MESSAGE_BODY):
        raise ValueError(
            f"snsfake: FilterPolicyScope must be MessageAttributes or MessageBody, got {scope!r}"
        )
    return _compile_cached(policy, scope)
