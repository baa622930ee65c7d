"""The compact re-serialisation of a parsed policy: what AWS echoes in ``[Source: (String)"..."]``.

AWS reports validation columns against this text, not against what the caller sent, so ``_serialise``
records each node's UTF-16 start/end offsets; ``_after`` and ``_token_text`` say where a streaming parser
stands on a node and what it reads there.
"""

from __future__ import annotations

import re
from typing import Any, Final

from .json_reader import _ARR, _J, _OBJ, _STR, _units

_MAX_SOURCE_SNIPPET: Final = 500  # Jackson: UTF-16 units of the source shown before "[truncated N chars]"


_NEEDS_ESCAPE: Final = re.compile(r'[\x00-\x1f"\\]')
_SHORT_ESCAPES: Final = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}


def _escape_char(found: re.Match[str]) -> str:
    ch = found.group()
    return _SHORT_ESCAPES.get(ch) or f"\\u{ord(ch):04X}"


def _quote(text: str) -> str:
    """Jackson's generator escaping: short escapes, upper-case ``\\u00XX`` for other controls."""
    return '"' + _NEEDS_ESCAPE.sub(_escape_char, text) + '"'


def _serialise(root: _J) -> str:
    """Write ``root`` without whitespace, recording each node's UTF-16 start/end offsets."""
    out: list[str] = []
    pos = 0
    todo: list[Any] = [root]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            out.append(item)
            pos += _units(item)
            continue
        if isinstance(item, tuple):
            out.append(item[1])
            pos += 1
            item[0].end = pos
            continue
        node: _J = item
        node.start = pos
        if node.kind == _OBJ or node.kind == _ARR:
            out.append("{" if node.kind == _OBJ else "[")
            pos += 1
            todo.append((node, "}" if node.kind == _OBJ else "]"))
            if node.kind == _OBJ:
                entries = list(node.value.items())
                for index in range(len(entries) - 1, -1, -1):
                    key, child = entries[index]
                    todo.append(child)
                    todo.append(("," if index else "") + _quote(key) + ":")
            else:
                members = node.value
                for index in range(len(members) - 1, -1, -1):
                    todo.append(members[index])
                    if index:
                        todo.append(",")
            continue
        text = _quote(node.value) if node.kind == _STR else node.text
        out.append(text)
        pos += _units(text)
        node.end = pos
    return "".join(out)


def _source_description(compact: str) -> str:
    """Jackson's ``(String)"..."`` source description: 500 UTF-16 units, then a truncation note."""
    tail = ""
    total = _units(compact)
    shown = compact
    if total > _MAX_SOURCE_SNIPPET:
        if compact.isascii():
            shown = compact[:_MAX_SOURCE_SNIPPET]
        else:
            raw = compact.encode("utf-16-le", "surrogatepass")[: 2 * _MAX_SOURCE_SNIPPET]
            shown = raw.decode("utf-16-le", "surrogatepass")
        tail = f"[truncated {total - _MAX_SOURCE_SNIPPET} chars]"
    shown = re.sub("[\x7f-\x9f]", lambda found: f"\\u{ord(found.group()):04X}", shown)
    return f'(String)"{shown}"{tail}'


def _after(node: _J) -> int:
    """Where a streaming parser stands once it has read the first token of ``node`` without asking for
    its text: just past ``{``/``[``, just past a string's opening quote, after any other scalar."""
    if node.kind in (_OBJ, _ARR, _STR):
        return node.start + 1
    return node.end


def _token_text(node: _J) -> str:
    """Jackson's ``getText()`` for the current token."""
    if node.kind == _OBJ:
        return "{"
    if node.kind == _ARR:
        return "["
    if node.kind == _STR:
        return str(node.value)
    return node.text


def _to_python(node: _J) -> Any:
    if node.kind == _OBJ:
        return {key: _to_python(child) for key, child in node.value.items()}
    if node.kind == _ARR:
        return [_to_python(child) for child in node.value]
    return node.value
