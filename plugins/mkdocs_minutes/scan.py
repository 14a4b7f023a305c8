"""Code in Markdown: fenced blocks and inline code spans, found one way for everyone.

The parser (headings and bullets in a fence are code), the reference finder (a URL in code
is not a reference), the importer and the HackMD normaliser (code keeps its indentation),
the coverage audit and ``minutes check`` all need to know what is code; they ask here, so
they agree on every note.

A fence opens on a line whose text, after any indentation, list markers and blockquote
``>`` (a fence inside a list item or a quote, as HackMD writes them), starts with three
or more backticks or tildes; a backtick fence whose info string holds a backtick is not
a fence (CommonMark). It closes on a line of the same character, at least as long, and
nothing else; an unclosed fence runs to the end of the text. :func:`fence_at` also says
where the fence starts, so the HackMD list normaliser, which reads the list markers
itself, can ask whether a fence opens right after a line's indentation.

A code span opens at a run of backticks and closes at the next run of the same length on
the same line; a backslash before a run escapes its first backtick (CommonMark, and
Python-Markdown, which renders ``\\`x`` as text). No MkDocs import.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

_FENCE_OPEN = re.compile(
    r"^[ \t]*(?:(?:[-*+]|\d{1,9}[.)]|>)[ \t]{1,4})*(?P<fence>`{3,}|~{3,})(?P<info>.*)$"
)
_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True)
class Fence:
    """A line that opens a fenced code block."""

    marks: str
    """The run of backticks or tildes: the closing line needs as many of the same."""
    column: int
    """Where the run starts in the line: after the indentation alone for a fence of its
    own, further right behind a list marker or a quote's ``>``."""
    info: str
    """What follows the run (``python``, ``{.py title="x"}``), as written."""


def fence_at(line: str) -> Fence | None:
    """The fence a line opens, with where it starts, or None."""
    if "`" not in line and "~" not in line:
        return None
    found = _FENCE_OPEN.match(line)
    if found is None:
        return None
    marks, info = found.group("fence", "info")
    if marks[0] == "`" and "`" in info:
        return None  # ```` ``code`` ```` on one line: an inline code span
    return Fence(marks, found.start("fence"), info)


def fence_opening(line: str) -> str | None:
    """The fence (``````` or ``~~~~``) a line opens, or None."""
    found = fence_at(line)
    return found.marks if found else None


def closes_fence(line: str, fence: str) -> bool:
    """Whether a line closes a fence opened with ``fence``."""
    stripped = line.strip()
    return (
        len(stripped) >= len(fence)
        and stripped[0] == fence[0]
        and stripped == fence[0] * len(stripped)
    )


def fenced_lines(lines: Sequence[str]) -> list[bool]:
    """For each line: True when it is part of a fenced code block, its fences included."""
    mask = [False] * len(lines)
    fence: str | None = None
    for index, line in enumerate(lines):
        if fence is not None:
            mask[index] = True
            if closes_fence(line, fence):
                fence = None
            continue
        fence = fence_opening(line)
        mask[index] = fence is not None
    return mask


def fenced_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the fenced code blocks of a text."""
    spans: list[tuple[int, int]] = []
    position = 0
    start: int | None = None
    lines = text.split("\n")
    mask = fenced_lines(lines)
    for line, fenced in zip(lines, mask, strict=True):
        if fenced and start is None:
            start = position
        elif not fenced and start is not None:
            spans.append((start, position - 1))
            start = None
        position += len(line) + 1
    if start is not None:
        spans.append((start, len(text)))
    return spans


def code_spans(text: str) -> list[tuple[int, int]]:
    """Inline code spans: a backtick run closed by the next run of the same length on the
    same line. Linear in the text, unlike a backreference regex on a hostile line."""
    spans: list[tuple[int, int]] = []
    if "`" not in text:
        return spans
    position = 0
    for line in text.split("\n"):
        if "`" in line:
            spans.extend((position + a, position + b) for a, b in _line_code_spans(line))
        position += len(line) + 1
    return spans


def _line_code_spans(line: str) -> list[tuple[int, int]]:
    """The code spans of one line. A run closes at its full length, but opens without
    its first backtick when a backslash escapes that one (``\\``x`` opens with one
    backtick), so each run knows the next run of either length after it."""
    runs = [run.span() for run in _BACKTICKS.finditer(line)]
    openers = [_opener(line, start, end) for start, end in runs]
    next_of: list[int | None] = [None] * len(runs)
    last_by_length: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        start, end = openers[index]
        next_of[index] = last_by_length.get(end - start) if start < end else None
        last_by_length[runs[index][1] - runs[index][0]] = index
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        closer = next_of[index]
        if closer is None:
            index += 1
            continue
        spans.append((openers[index][0], runs[closer][1]))
        index = closer + 1
    return spans


def _opener(line: str, start: int, end: int) -> tuple[int, int]:
    """The part of a backtick run that can open a code span: all of it, or all but the
    first backtick when an odd number of backslashes escapes that one."""
    slashes = 0
    while slashes < start and line[start - slashes - 1] == "\\":
        slashes += 1
    return (start + 1, end) if slashes % 2 else (start, end)


def within(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies inside one of ``spans`` (sorted and disjoint, as
    :func:`code_spans` gives them)."""
    index = bisect.bisect_right(spans, (start, 1 << 62)) - 1
    return index >= 0 and spans[index][0] <= start and end <= spans[index][1]
