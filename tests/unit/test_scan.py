"""The one fence and code-span scanner (``scan.py``): a row per line shape real notes use.

Everyone who asks what is code (the parser, references, the audit, ``check``, the importer
and the HackMD normaliser) asks here, so these rows are what all of them agree on.
"""

from __future__ import annotations

import time

import pytest

from mkdocs_minutes.scan import Fence, code_spans, fence_at, fence_opening, fenced_lines

# (id, line, the fence it opens or None)
FENCE_LINES = [
    ("backticks", "```", Fence("```", 0, "")),
    ("tildes with info", "~~~python", Fence("~~~", 0, "python")),
    ("longer run", "`````md", Fence("`````", 0, "md")),
    ("indented in an item", "    ```", Fence("```", 4, "")),
    ("behind a list marker", "- ```py", Fence("```", 2, "py")),
    ("behind a numbered marker", "1. ~~~", Fence("~~~", 3, "")),
    ("inside a quote", "> ```", Fence("```", 2, "")),
    ("attributes", '```{.py title="a"}', Fence("```", 0, '{.py title="a"}')),
    ("two backticks", "``", None),
    ("inline code on one line", "```a` b```", None),
    ("tilde info may hold backticks", "~~~ `x`", Fence("~~~", 0, " `x`")),
    ("text before", "see ```", None),
]


@pytest.mark.parametrize(
    ("line", "expected"), [row[1:] for row in FENCE_LINES], ids=[row[0] for row in FENCE_LINES]
)
def test_fence_at(line: str, expected: Fence | None) -> None:
    assert fence_at(line) == expected
    assert fence_opening(line) == (expected.marks if expected else None)


# (id, lines, which are code)
FENCED = [
    ("closed", ["a", "```", "x", "```", "b"], [False, True, True, True, False]),
    ("unclosed runs to the end", ["```", "x", "y"], [True, True, True]),
    ("shorter closer does not close", ["````", "```", "````", "b"], [True, True, True, False]),
    ("other character does not close", ["~~~", "```", "~~~", "b"], [True, True, True, False]),
    ("closer with info does not close", ["```", "```py", "```"], [True, True, True]),
    ("fence in a two-space item", ["- a", "  ```", "  * x", "  ```"], [False, True, True, True]),
]


@pytest.mark.parametrize(
    ("lines", "expected"), [row[1:] for row in FENCED], ids=[row[0] for row in FENCED]
)
def test_fenced_lines(lines: list[str], expected: list[bool]) -> None:
    assert fenced_lines(lines) == expected


# (id, text, the code spans' text)
CODE_SPANS = [
    ("one span", "run `make test` now", ["`make test`"]),
    ("two spans", "`a` and `b`", ["`a`", "`b`"]),
    ("double backticks hold one", "``a ` b``", ["``a ` b``"]),
    ("unclosed", "a `b", []),
    ("runs of other lengths do not close", "`a`` b", []),
    ("one line only", "`a\nb`", []),
    ("escaped opener is text", "\\`not code` here", []),
    ("escaped backslash before a span", "\\\\`code`", ["`code`"]),
    ("escaped first of two opens with one", "\\``x`", ["`x`"]),
    ("a backslash before the closer closes", "`a\\`", ["`a\\`"]),
]


@pytest.mark.parametrize(
    ("text", "expected"), [row[1:] for row in CODE_SPANS], ids=[row[0] for row in CODE_SPANS]
)
def test_code_spans(text: str, expected: list[str]) -> None:
    assert [text[start:end] for start, end in code_spans(text)] == expected


@pytest.mark.parametrize("line", ["`" * 200_000, "\\`" * 200_000, "`a" * 100_000 + "``"])
def test_hostile_line_is_linear(line: str) -> None:
    started = time.perf_counter()
    code_spans(line)
    assert time.perf_counter() - started < 2
