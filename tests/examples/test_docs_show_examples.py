"""Code the docs present as taken from a file is that file's code, word for word.

A fenced block right after ``<!-- verbatim: examples/NAME.py -->`` in README.md or
docs/*.md must appear, unchanged, in that file; the files are tests the suite runs, so the
code the docs show is code that runs. A file that is not a test (``examples/node/*.cjs``) must
be run by one: an example test names it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MARKER = re.compile(r"^<!-- verbatim: ", re.MULTILINE)
MARKED_BLOCK = re.compile(
    r"^<!-- verbatim: (?P<path>[^ ]+) -->\n```[a-z]*\n(?P<code>.*?)\n```$", re.DOTALL | re.MULTILINE
)


def _blocks() -> list[tuple[str, str, str]]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        markers = len(MARKER.findall(text))
        blocks = [(page.name, match["path"], match["code"]) for match in MARKED_BLOCK.finditer(text)]
        assert len(blocks) == markers, f"{page.name}: a verbatim marker is not right before a code block"
        found.extend(blocks)
    return found


BLOCKS = _blocks()


def test_the_docs_show_example_code() -> None:
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize(("page", "path", "code"), BLOCKS, ids=[f"{page}:{path}" for page, path, _ in BLOCKS])
def test_a_marked_block_is_the_files_code(page: str, path: str, code: str) -> None:
    source = ROOT / path
    assert path.startswith("examples/") and source.is_file(), f"{page} names {path}: not an example file"
    if not path.startswith("examples/test_"):
        tests = (ROOT / "examples").glob("test_*.py")
        assert any(source.name in test.read_text(encoding="utf-8") for test in tests), f"{page} names {path}: no example test runs it"
    assert code in source.read_text(encoding="utf-8"), f"{page}: the block marked {path} differs from the file"
