"""Rewrite HackMD-flavoured Markdown so Python-Markdown renders it as HackMD showed it.

Notes are written in HackMD (markdown-it, CommonMark rules) and rendered by MkDocs with
Python-Markdown, which disagrees in ways that wreck minutes: it needs four spaces per list
level, so HackMD's two-space nesting (and three spaces under ``1.``) comes out flat; it
does not let a list interrupt a paragraph; it knows no ``:::spoiler`` containers. This
module is a line pass that runs before Python-Markdown's block parser (a preprocessor
between ``normalize_whitespace`` and the fenced-code preprocessors) and rewrites list
indentation by CommonMark's rule (a line belongs to an item when it is indented to the
item's content column; a child's indent is relative to its parent's content column),
inserts the blank lines Python-Markdown needs, and turns containers into
``pymdownx.details`` / admonition blocks. Fenced code is copied as is (only shifted with
the list item it sits in).

Two deliberate departures from CommonMark, both where HackMD's reading is never what the
author meant: a bullet indented four or more columns past its item's content column is
nested (CommonMark makes it text or code), and an empty ``-`` under an item is an empty
child bullet (CommonMark makes it a setext underline). Escapes (``\\@``) are the
extension's business, not this pass's. No MkDocs import.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown.preprocessors import Preprocessor

PRIORITY = 28
"""After ``normalize_whitespace`` (30), before superfences' ``fenced_code_block`` (25) and
``html_block`` (20), so fences and raw HTML are found at their re-indented places."""

MAX_LIST_DEPTH = 100
"""Deeper items are kept at this depth: Python-Markdown recurses per level."""

LONG_LINE = 50_000
"""Characters above which a line is shown as plain text by the preprocessor: Python-Markdown's
inline pass is quadratic on some input (a megabyte of pasted markup takes minutes), and no
real note has a paragraph line this long; a pasted blob is shown, not parsed."""

MAX_NESTING = 16
"""Containers and blockquotes nested deeper than this are left as written."""

_MARKER = re.compile(r"([-+*]|\d{1,9}[.)])( +|$)")
_FENCE = re.compile(r"(`{3,}|~{3,})(.*)$")
_HEADING = re.compile(r"#{1,6}(?: |$)")
_CONTAINER_OPEN = re.compile(r"(:{3,}) *(spoiler|info|warning|success|danger)(?![\w-])(.*)$")
_CONTAINER_CLOSE = re.compile(r" *(:{3,}) *$")
_SPOILER_OPEN = re.compile(r"""\{\s*state\s*=\s*["']?open["']?\s*\}""")
_QUOTE_PREFIX = re.compile(r" {0,3}> ?")
_EMPTY_TASK = re.compile(r"\[[ xX]\] *")
_RAW_HTML_OPEN = re.compile(r"<(pre|script|style|textarea)(?=[\s>]|$)", re.IGNORECASE)

EMPTY_ITEM = "&nbsp;"
"""Content given to an empty list item (``-`` placeholders in templates), so Python-Markdown
renders an empty bullet where HackMD does."""

ADMONITION_TYPES = {"info": "info", "warning": "warning", "success": "success", "danger": "danger"}
"""HackMD alert containers and the admonition type each becomes."""


def normalise_hackmd(text: str) -> str:
    """Return ``text`` rewritten so Python-Markdown nests and splits it as HackMD does."""
    return "\n".join(_normalise(text.split("\n"), 0, None))


class HackmdPreprocessor(Preprocessor):
    """The Python-Markdown face of :func:`normalise_hackmd`; it also stashes overlong
    lines as escaped text (see :data:`LONG_LINE`)."""

    def run(self, lines: list[str]) -> list[str]:
        """Rewrite the page's lines before block parsing."""
        return _normalise(lines, 0, self._stash_long_line)

    def _stash_long_line(self, text: str) -> str:
        """A placeholder for ``text`` shown as is, never parsed inline."""
        return self.md.htmlStash.store(html.escape(text, quote=False))


@dataclass
class _Item:
    """An open list item: where its content starts in the source and in the output."""

    source_column: int
    output_column: int


class _Output(list[str]):
    """Output lines, remembering where the current block (since the last blank) starts:
    Python-Markdown parses blocks, and what a block starts with decides how it reads."""

    def __init__(self) -> None:
        super().__init__()
        self.head = 0

    def append(self, line: str) -> None:
        """Add a line; a blank one starts a new block."""
        super().append(line)
        if not line.strip():
            self.head = len(self)

    def needs_blank_before(self, indent: int) -> bool:
        """Whether a list item at ``indent`` would be swallowed by the current block:
        Python-Markdown reads a list item as text after a paragraph line, and reads all of
        a block that starts indented as part of the item above."""
        if self.head >= len(self):
            return False
        head = self[self.head]
        head_indent = len(head) - len(head.lstrip(" "))
        if not _MARKER.match(head, head_indent):
            return True
        return indent < head_indent


def _expand(line: str) -> str:
    """Expand tabs in the leading whitespace only (Python-Markdown expands all of them
    first; the plain function must agree on indentation without touching code)."""
    if "\t" not in line:
        return line
    body = line.lstrip(" \t")
    lead = line[: len(line) - len(body)]
    return lead.expandtabs(4) + body


def _is_thematic_break(stripped: str) -> bool:
    """``---``, ``* * *``, ``___``: a rule, not a list item, where both could match."""
    compact = stripped.replace(" ", "").replace("\t", "")
    return len(compact) >= 3 and compact[0] in "-*_" and compact == compact[0] * len(compact)


def _fence_close(opening: str) -> re.Pattern[str]:
    """The closing fence for an opening one: same character, at least as long."""
    return re.compile(rf" *{re.escape(opening[0])}{{{len(opening)},}} *$")


def _shift(line: str, delta: int) -> str:
    """Move a line right by ``delta`` spaces, or left by removing at most that many."""
    if delta > 0:
        return " " * delta + line if line else line
    if delta < 0:
        body = line.lstrip(" ")
        removable = min(-delta, len(line) - len(body))
        return line[removable:]
    return line


def _find_container_end(lines: list[str], start: int, colons: int) -> int:
    """Index of the line closing a container opened at ``start`` (or ``len(lines)``),
    skipping fenced code, where a ``:::`` line is code."""
    fence: re.Pattern[str] | None = None
    for index in range(start + 1, len(lines)):
        line = _expand(lines[index])
        stripped = line.lstrip(" ")
        if fence is not None:
            if fence.match(line):
                fence = None
            continue
        opened = _FENCE.match(stripped)
        if opened and not (opened.group(1)[0] == "`" and "`" in opened.group(2)):
            fence = _fence_close(opened.group(1))
            continue
        closing = _CONTAINER_CLOSE.match(line)
        if closing and len(closing.group(1)) >= colons:
            return index
    return len(lines)


def _container_header(kind: str, rest: str) -> str:
    """The ``pymdownx.details`` or admonition line a HackMD container opener becomes."""
    rest = rest.strip()
    if kind == "spoiler":
        marker = "???+" if _SPOILER_OPEN.search(rest) else "???"
        title = _SPOILER_OPEN.sub("", rest).strip() or "Details"
        return f'{marker} spoiler "{_quote_title(title)}"'
    return f'!!! {ADMONITION_TYPES[kind]} "{_quote_title(rest)}"'


def _quote_title(title: str) -> str:
    """A title safe inside the double quotes of a details/admonition header line."""
    return title.replace('"', "&quot;")


def _normalise(lines: list[str], nesting: int, long_line: Callable[[str], str] | None) -> list[str]:
    """Normalise one document (the page, or a container's or blockquote's body).

    ``long_line`` replaces the text of a line longer than :data:`LONG_LINE`.
    """
    if nesting > MAX_NESTING:
        return list(lines)
    out = _Output()
    stack: list[_Item] = []
    paragraph = False
    blank_before = True
    index = 0
    count = len(lines)
    while index < count:
        line = _expand(lines[index])
        stripped = line.lstrip(" ")
        if not stripped:
            out.append("")
            paragraph = False
            blank_before = True
            index += 1
            continue
        indent = len(line) - len(stripped)
        inside = 0
        while inside < len(stack) and stack[inside].source_column <= indent:
            inside += 1
        context = stack[inside - 1].source_column if inside else 0
        relative = indent - context
        block_start = relative <= 3
        lazy = paragraph and not blank_before

        fence = _FENCE.match(stripped) if block_start else None
        if fence and fence.group(1)[0] == "`" and "`" in fence.group(2):
            fence = None
        container = _CONTAINER_OPEN.match(stripped) if block_start and not fence else None
        # Deviation from CommonMark, for what authors meant: a bullet indented four or
        # more columns past its item's content column (HackMD shows it as text or code)
        # is nested under that item, as every such line in real notes intends.
        deepest = bool(stack) and inside == len(stack)
        marker = None
        if (
            (block_start or deepest)
            and not fence
            and not container
            and not _is_thematic_break(stripped)
        ):
            marker = _MARKER.match(stripped)
            interrupting = marker is not None and lazy and (deepest or not stack)
            if interrupting and not _can_interrupt(marker, stripped, nested=deepest):
                marker = None
        other_block = marker is not None or (
            block_start
            and (
                fence is not None
                or container is not None
                or _HEADING.match(stripped) is not None
                or stripped.startswith(">")
                or _is_thematic_break(stripped)
            )
        )

        if not other_block and lazy and inside < len(stack):
            # A lazy continuation line belongs to the open paragraph, however indented.
            if long_line is not None and len(stripped) > LONG_LINE:
                stripped = long_line(stripped)
            out.append(" " * stack[-1].output_column + stripped)
            blank_before = False
            index += 1
            continue

        closing_all = bool(stack) and inside == 0 and marker is None
        # A new block right after a paragraph line of the page itself needs a blank line
        # in Python-Markdown (CommonMark lets lists, fences and quotes interrupt).
        interrupts = lazy and not stack
        del stack[inside:]
        if closing_all and not blank_before:
            out.append("")
            blank_before = True
        base = stack[-1].output_column if stack else None

        if marker is not None:
            if len(stack) >= MAX_LIST_DEPTH:
                stack.pop()
            depth = len(stack)
            if not blank_before and out.needs_blank_before(4 * depth):
                out.append("")
            symbol = marker.group(1)
            if symbol[-1] == ")":
                symbol = symbol[:-1] + "."
            spaces = len(marker.group(2))
            content = stripped[len(marker.group(1)) + spaces :]
            width = len(marker.group(1)) + (spaces if content and spaces <= 4 else 1)
            stack.append(_Item(indent + width, 4 * (depth + 1)))
            content = content.lstrip(" ")
            if not content or _EMPTY_TASK.fullmatch(content):
                # Python-Markdown needs text after a marker (``-`` alone is a setext
                # underline to it) and after a task box.
                content = f"{content} {EMPTY_ITEM}".lstrip(" ")
            if long_line is not None and len(content) > LONG_LINE:
                content = long_line(content)
            out.append(" " * (4 * depth) + symbol + " " + content)
            paragraph = bool(content.strip())
            blank_before = False
            index += 1
            continue

        if fence is not None:
            target = indent if base is None else base
            closer = _fence_close(fence.group(1))
            delta = target - indent
            if not blank_before and (interrupts or base is not None):
                # In an item, the placeholder superfences leaves would join the item's
                # paragraph (a <div> inside a <p>) without a blank line before it.
                out.append("")
            out.append(_shift(line, delta))
            index += 1
            while index < count:
                body = _expand(lines[index])
                out.append(_shift(body, delta))
                index += 1
                if closer.match(body):
                    break
            paragraph = False
            blank_before = False
            if index < count and _expand(lines[index]).strip():
                # Python-Markdown reads a line right after the fence's placeholder as
                # part of the same block: a following item would land inside this one.
                out.append("")
                blank_before = True
            continue

        if container is not None:
            target = indent if base is None else base
            end = _find_container_end(lines, index, len(container.group(1)))
            body = [_shift(_expand(item), -indent) for item in lines[index + 1 : end]]
            if not blank_before:
                out.append("")
            out.append(" " * target + _container_header(container.group(2), container.group(3)))
            for item in _normalise(body, nesting + 1, long_line):
                out.append(" " * (target + 4) + item if item else "")
            out.append("")
            paragraph = False
            blank_before = True
            index = end + 1
            continue

        if base is None and stripped.startswith(">") and relative <= 3:
            end = index
            while end < count:
                candidate = _expand(lines[end])
                if not _QUOTE_PREFIX.match(candidate):
                    break
                end += 1
            body = [_QUOTE_PREFIX.sub("", _expand(item), count=1) for item in lines[index:end]]
            if interrupts:
                out.append("")
            for item in _normalise(body, nesting + 1, long_line):
                out.append("> " + item if item else ">")
            index = end
            paragraph = True
            blank_before = False
            if index < count and _starts_block(_expand(lines[index])):
                out.append("")
                paragraph = False
                blank_before = True
            continue

        raw = _RAW_HTML_OPEN.match(stripped) if base is None and block_start else None
        if raw is not None:
            # CommonMark HTML block kind 1: kept verbatim up to its closing tag.
            closing = f"</{raw.group(1).lower()}>"
            while index < count:
                out.append(lines[index])
                index += 1
                if closing in lines[index - 1].lower():
                    break
            paragraph = False
            blank_before = False
            continue

        if long_line is not None and len(stripped) > LONG_LINE:
            line = " " * indent + long_line(stripped)
            stripped = line.lstrip(" ")
        if base is None:
            out.append(line)
        elif relative >= 4 and not lazy:
            out.append(" " * (base + relative) + stripped)
        else:
            out.append(" " * base + stripped)
        paragraph = not (
            block_start and (_HEADING.match(stripped) or _is_thematic_break(stripped))
        ) and not (relative >= 4 and not lazy)
        blank_before = False
        index += 1
    return out


def _can_interrupt(marker: re.Match[str], stripped: str, nested: bool) -> bool:
    """CommonMark: a list may start inside a paragraph only when its first item has
    content and, if ordered, starts at 1 (so ``in\n2019. Then`` stays text).

    Under an item (``nested``) an empty bullet starts a child list all the same: HackMD
    would read ``-`` there as a setext underline and turn the item into a heading, which
    is never what the author of a placeholder bullet meant.
    """
    symbol = marker.group(1)
    ordered_ok = not symbol[0].isdigit() or int(symbol[:-1]) == 1
    if nested:
        return ordered_ok
    return ordered_ok and bool(stripped[marker.end() :].strip())


def _starts_block(line: str) -> bool:
    """Whether a line after a blockquote starts its own block rather than continuing the
    quote lazily (Python-Markdown would pull a heading or list into the quote)."""
    stripped = line.lstrip(" ")
    if not stripped or len(line) - len(stripped) > 3:
        return False
    return bool(
        _HEADING.match(stripped)
        or _MARKER.match(stripped)
        or _FENCE.match(stripped)
        or _CONTAINER_OPEN.match(stripped)
        or _is_thematic_break(stripped)
    )
