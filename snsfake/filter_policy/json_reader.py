"""A JSON reader that fails where and how Jackson 2.16 fails, because AWS's "failed to parse JSON."
reasons are Jackson's messages and positions.

``_Parser(text).parse()`` returns a tree of ``_J`` nodes or raises ``_ParseFail``; numbers keep the text
Java would re-serialise them as (``_java_double``), and ``_units`` counts UTF-16 code units as Java does.
Nothing here knows about filter policies.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
from typing import Any, Final

# Jackson limits (StreamReadConstraints defaults since 2.15/2.16) and messages.
_MAX_DEPTH: Final = 1000
_MAX_NUMBER_LENGTH: Final = 1000
_MAX_NAME_LENGTH: Final = 50000
_MAX_ERROR_TOKEN: Final = 256
_VALID_VALUES: Final = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"
_REDACTED: Final = "REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)"


# _J.kind: which JSON value a node holds.
_OBJ: Final = 0
_ARR: Final = 1
_STR: Final = 2
_NUM: Final = 3
_TRUE: Final = 4
_FALSE: Final = 5
_NULL: Final = 6


class _J:
    """One parsed JSON value; ``start``/``end`` are UTF-16 offsets in the compact re-serialisation,
    because AWS reports validation columns against that text."""

    __slots__ = ("end", "kind", "start", "text", "value")

    def __init__(self, kind: int, value: Any, text: str = "") -> None:
        self.kind = kind
        self.value = value
        self.text = text
        self.start = 0
        self.end = 0


class _ParseFail(Exception):
    """A Jackson parse error: message plus the 0-based offset Jackson reports (column = offset + 1)."""

    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.msg = message
        self.pos = pos


_STRING_RUN: Final = re.compile(r'[^"\\\x00-\x1f]*')
_DIGITS: Final = re.compile(r"[0-9]*")
_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")
_SURROGATE_PAIR: Final = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_ESCAPES: Final = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_HEX: Final = frozenset("0123456789abcdefABCDEF")


def _char_desc(ch: str) -> str:
    """Jackson's ``_getCharDesc``: how a parse error names the offending character."""
    code = ord(ch)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"(CTRL-CHAR, code {code})"
    if code > 255:
        return f"'{ch}' (code {code} / 0x{code:x})"
    return f"'{ch}' (code {code})"


def _id_start(ch: str) -> bool:
    """Java's ``Character.isJavaIdentifierStart``, which decides between 'Unrecognized token' and
    'Unexpected character'."""
    return ch.isalpha() or ch in "_$" or unicodedata.category(ch) in ("Nl", "Sc", "Pc")


def _id_part(ch: str) -> bool:
    """Java's ``Character.isJavaIdentifierPart``: how far Jackson reads a bad token for its message."""
    if ch.isalnum() or ch in "_$":
        return True
    code = ord(ch)
    if code <= 8 or 0x0E <= code <= 0x1B or 0x7F <= code <= 0x9F:
        return True
    return unicodedata.category(ch) in ("Nl", "Sc", "Pc", "Mn", "Mc", "Nd", "Cf")


def _java_double(value: float) -> str:
    """Java's ``Double.toString``: how Jackson re-serialises a floating-point number."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    magnitude = abs(value)
    if 1e-3 <= magnitude < 1e7:
        text = repr(value)
        return text if "." in text else text + ".0"
    _, digits, exponent = Decimal(repr(magnitude)).as_tuple()
    assert isinstance(exponent, int)
    shown = "".join(map(str, digits)).rstrip("0") or "0"
    power = exponent + len(digits) - 1
    return ("-" if value < 0 else "") + shown[0] + "." + (shown[1:] or "0") + "E" + str(power)


class _Parser:
    """A JSON reader that fails the way Jackson 2.16 (``ObjectMapper.readTree``) fails, so the
    'failed to parse JSON.' reasons read like AWS's. Iterative, so deep input cannot overflow."""

    def __init__(self, text: str) -> None:
        self.s = text
        self.n = len(text)

    # --- helpers ----------------------------------------------------------------------------------

    def _unexpected(self, i: int, comment: str) -> _ParseFail:
        return _ParseFail(f"Unexpected character ({_char_desc(self.s[i])}): {comment}", i)

    def _location(self, pos: int) -> tuple[int, int]:
        line, line_start = 1, 0
        for found in _LINE_BREAK.finditer(self.s, 0, pos):
            line += 1
            line_start = found.end()
        return line, _units(self.s[line_start:pos]) + 1

    def _marker(self, start: int) -> str:
        line, column = self._location(start)
        return f"[Source: {_REDACTED}; line: {line}, column: {column}]"

    def _ws(self, i: int) -> int:
        s, n = self.s, self.n
        while i < n:
            ch = s[i]
            if ch in " \t\n\r":
                i += 1
                continue
            if ch < " ":
                raise _ParseFail(
                    f"Illegal character ({_char_desc(ch)}): only regular white space (\\r, \\n, \\t) "
                    "is allowed between tokens",
                    i + 1,
                )
            if ch == "/":
                raise self._unexpected(
                    i,
                    "maybe a (non-standard) comment? (not recognized as one since Feature "
                    "'ALLOW_COMMENTS' not enabled for parser)",
                )
            return i
        return n

    def _eof_between(self, kind: int) -> _ParseFail:
        return _ParseFail(
            f"Unexpected end-of-input within/between {'Object' if kind == _OBJ else 'Array'} entries", self.n
        )

    def _eof_close(self, kind: int, start: int) -> _ParseFail:
        name = "Object" if kind == _OBJ else "Array"
        return _ParseFail(
            f"Unexpected end-of-input: expected close marker for {name} (start marker at {self._marker(start)})",
            self.n,
        )

    # --- tokens -----------------------------------------------------------------------------------

    def _string(self, i: int, is_name: bool) -> tuple[str, int]:
        s, n = self.s, self.n
        j = i + 1
        parts: list[str] = []
        while True:
            run = _STRING_RUN.match(s, j)
            assert run is not None
            parts.append(run.group())
            j = run.end()
            if j >= n:
                if is_name:
                    raise _ParseFail("Unexpected end-of-input in field name", n)
                raise _ParseFail("Unexpected end-of-input: was expecting closing quote for a string value", n)
            ch = s[j]
            if ch == '"':
                text = "".join(parts)
                if len(parts) > 1 and _SURROGATE_PAIR.search(text):
                    text = _SURROGATE_PAIR.sub(_join_pair, text)
                if is_name and len(text) > _MAX_NAME_LENGTH:
                    raise _ParseFail(
                        f"Name length ({len(text)}) exceeds the maximum allowed ({_MAX_NAME_LENGTH}, "
                        "from `StreamReadConstraints.getMaxNameLength()`)",
                        j + 1,
                    )
                return text, j + 1
            if ch == "\\":
                j += 1
                if j >= n:
                    raise _ParseFail("Unexpected end-of-input in character escape sequence", n)
                escape = s[j]
                j += 1
                simple = _ESCAPES.get(escape)
                if simple is not None:
                    parts.append(simple)
                    continue
                if escape != "u":
                    raise _ParseFail(f"Unrecognized character escape {_char_desc(escape)}", j)
                code = 0
                for _ in range(4):
                    if j >= n:
                        raise _ParseFail("Unexpected end-of-input in character escape sequence", n)
                    digit = s[j]
                    if digit not in _HEX:
                        raise self._unexpected(j, "expected a hex-digit for character escape sequence")
                    code = code * 16 + int(digit, 16)
                    j += 1
                parts.append(chr(code))
                continue
            where = "name" if is_name else "string value"
            raise _ParseFail(
                f"Illegal unquoted character ({_char_desc(ch)}): has to be escaped using backslash to be "
                f"included in {where}",
                j + 1,
            )

    def _number(self, i: int) -> tuple[_J, int]:
        s, n = self.s, self.n
        j = i
        if s[j] == "-":
            j += 1
            if j >= n:
                raise _ParseFail("Unexpected end-of-input in a Number value", n)
            if not s[j].isdigit() or not s[j].isascii():
                raise _ParseFail(
                    f"Unexpected character ({_char_desc(s[j])}) in numeric value: expected digit (0-9) to "
                    "follow minus sign, for valid numeric value",
                    j,
                )
        if s[j] == "0" and j + 1 < n and "0" <= s[j + 1] <= "9":
            raise _ParseFail("Invalid numeric value: Leading zeroes not allowed", j + 1)
        j = _end(_DIGITS.match(s, j))
        is_float = False
        if j < n and s[j] == ".":
            is_float = True
            j += 1
            if j >= n:
                raise _ParseFail("Unexpected end-of-input in a Number value", n)
            if not "0" <= s[j] <= "9":
                raise _ParseFail(
                    f"Unexpected character ({_char_desc(s[j])}) in numeric value: Decimal point not followed "
                    "by a digit",
                    j,
                )
            j = _end(_DIGITS.match(s, j))
        if j < n and s[j] in "eE":
            is_float = True
            j += 1
            if j < n and s[j] in "+-":
                j += 1
            if j >= n:
                raise _ParseFail("Unexpected end-of-input in a Number value", n)
            if not "0" <= s[j] <= "9":
                raise _ParseFail(
                    f"Unexpected character ({_char_desc(s[j])}) in numeric value: Exponent indicator not "
                    "followed by a digit",
                    j,
                )
            j = _end(_DIGITS.match(s, j))
        text = s[i:j]
        if len(text) > _MAX_NUMBER_LENGTH:
            raise _ParseFail(
                f"Number value length ({len(text)}) exceeds the maximum allowed ({_MAX_NUMBER_LENGTH}, "
                "from `StreamReadConstraints.getMaxNumberLength()`)",
                j,
            )
        if is_float:
            number = float(text)
            return _J(_NUM, number, _java_double(number)), j
        whole = int(text)
        return _J(_NUM, whole, str(whole)), j

    def _word(self, i: int) -> tuple[_J, int]:
        s, n = self.s, self.n
        j = i + 1
        while j < n and _id_part(s[j]):
            j += 1
            if j - i >= _MAX_ERROR_TOKEN:
                raise _ParseFail(f"Unrecognized token '{s[i:j]}...': was expecting {_VALID_VALUES}", j)
        word = s[i:j]
        if word == "true":
            return _J(_TRUE, True, "true"), j
        if word == "false":
            return _J(_FALSE, False, "false"), j
        if word == "null":
            return _J(_NULL, None, "null"), j
        raise _ParseFail(f"Unrecognized token '{word}': was expecting {_VALID_VALUES}", j)

    # --- structure --------------------------------------------------------------------------------

    def _open(self, kind: int, i: int, frames: list[list[Any]]) -> int | _J:
        """Consume ``{``/``[`` at ``i``; return the index of the first member value, or the finished
        node when the container is empty."""
        if len(frames) >= _MAX_DEPTH:
            raise _ParseFail(
                f"Document nesting depth ({len(frames) + 1}) exceeds the maximum allowed ({_MAX_DEPTH}, "
                "from `StreamReadConstraints.getMaxNestingDepth()`)",
                i + 1,
            )
        node = _J(kind, {} if kind == _OBJ else [])
        j = self._ws(i + 1)
        if j >= self.n:
            raise self._eof_close(kind, i)
        closer = "}" if kind == _OBJ else "]"
        if self.s[j] == closer:
            node.end = j + 1  # parse offset, reused by the caller
            return node
        if self.s[j] in "}]":
            raise self._mismatch(j, kind, i)
        frames.append([node, i, None])
        if kind == _OBJ:
            return self._name(j, frames[-1])
        return j

    def _name(self, i: int, frame: list[Any]) -> int:
        """Read ``"name":`` at ``i`` into ``frame``; return the index of its value."""
        s = self.s
        if s[i] != '"':
            raise self._unexpected(i, "was expecting double-quote to start field name")
        name, j = self._string(i, True)
        j = self._ws(j)
        if j >= self.n:
            raise self._eof_between(_OBJ)
        if s[j] != ":":
            raise self._unexpected(j, "was expecting a colon to separate field name and value")
        j = self._ws(j + 1)
        if j >= self.n:
            raise self._eof_between(_OBJ)
        frame[2] = name
        return j

    def _mismatch(self, i: int, kind: int, start: int) -> _ParseFail:
        expected, name = ("}", "Object") if kind == _OBJ else ("]", "Array")
        return _ParseFail(
            f"Unexpected close marker '{self.s[i]}': expected '{expected}' (for {name} starting at "
            f"{self._marker(start)})",
            i,
        )

    def parse(self) -> _J:
        s, n = self.s, self.n
        i = self._ws(0)
        if i >= n:
            raise _ParseFail("No content to map due to end-of-input", n)
        frames: list[list[Any]] = []  # [container node, start offset, pending field name]
        while True:
            # A value starts at i (a significant character).
            ch = s[i]
            done: _J
            if ch == "{" or ch == "[":
                opened = self._open(_OBJ if ch == "{" else _ARR, i, frames)
                if isinstance(opened, int):
                    i = opened
                    continue
                done, j = opened, opened.end
            elif ch == '"':
                text, j = self._string(i, False)
                done = _J(_STR, text)
            elif ch == "-" or "0" <= ch <= "9":
                done, j = self._number(i)
                if not frames and j < n and s[j] not in " \t\n\r":
                    raise self._unexpected(j, "Expected space separating root-level values")
            elif ch == "}" or ch == "]":
                if not frames:
                    other = "]" if ch == "}" else "}"
                    raise _ParseFail(
                        f"Unexpected close marker '{ch}': expected '{other}' (for root starting at "
                        f"[Source: {_REDACTED}; line: 1, column: 0])",
                        i,
                    )
                raise self._unexpected(i, "expected a value")
            elif _id_start(ch):
                done, j = self._word(i)
            else:
                raise self._unexpected(i, f"expected a valid value {_VALID_VALUES}")
            # Attach the finished value and close every container that ends here.
            while True:
                if not frames:
                    return done
                frame = frames[-1]
                container: _J = frame[0]
                if container.kind == _OBJ:
                    container.value[frame[2]] = done
                else:
                    container.value.append(done)
                i = self._ws(j)
                if i >= n:
                    raise self._eof_close(container.kind, frame[1])
                ch = s[i]
                if ch == ",":
                    i = self._ws(i + 1)
                    if i >= n:
                        raise self._eof_between(container.kind)
                    if container.kind == _OBJ:
                        i = self._name(i, frame)
                    break
                if ch == "}" or ch == "]":
                    if (ch == "}") != (container.kind == _OBJ):
                        raise self._mismatch(i, container.kind, frame[1])
                    frames.pop()
                    done, j = container, i + 1
                    continue
                what = "Object" if container.kind == _OBJ else "Array"
                raise self._unexpected(i, f"was expecting comma to separate {what} entries")


def _end(found: re.Match[str] | None) -> int:
    assert found is not None
    return found.end()


def _join_pair(found: re.Match[str]) -> str:
    pair = found.group()
    return chr(0x10000 + ((ord(pair[0]) - 0xD800) << 10) + (ord(pair[1]) - 0xDC00))


def _units(text: str) -> int:
    """Length in UTF-16 code units: Jackson (Java) counts columns that way."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2
