"""HackMD's block structure, read once: the list engine of the renderer and the importer.

Notes are written in HackMD (markdown-it, CommonMark rules) and rendered with
Python-Markdown, which needs four spaces per list level (HackMD nests by two, three under
``1.``, four after Google Docs' ``*   ``) and a blank line before a list that follows a
paragraph. Two callers rewrite a note's lists by CommonMark's item rule (a line belongs to
an item when it is indented to the item's content column; a child's indent is relative to
its parent's content column): the renderer (``hackmd.py``, a Python-Markdown preprocessor)
for the page, and ``minutes import`` for the note file it writes. They must read the same
structure from the same lines, or an imported note would render unlike the note it came
from; so this module reads it, and a :class:`Policy` says what each caller writes:
HackMD containers rewritten or kept, empty items filled or kept, ``1)`` kept or written
``1.``, quotes normalised or kept, every blank line Python-Markdown needs or only those
that change what a note means, overlong lines stashed or kept.

:func:`normalise_lines` returns the lines with what the importer reports: each line's kind
(prose, code, blank: the importer's inline pass leaves code alone), the source line it came
from (so the importer can count the lines it re-indented), and the blank lines it
inserted. Fences are found by ``scan.py``, the project's one fence scanner; code is copied
as is, only moved with the item it sits in.

Two deliberate departures from CommonMark, both where HackMD's reading is never what the
author meant: a bullet indented four or more columns past its item's content column is
nested (CommonMark makes it text or code), and an empty ``-`` under an item is an empty
child bullet (CommonMark makes it a setext underline). It serves no MkDocs event of its
own (the renderer's preprocessor runs it per page, ``minutes import`` per note) and imports
neither MkDocs nor Python-Markdown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..scan import Fence, closes_fence, fence_at, fenced_lines

TEXT, CODE, BLANK = "text", "code", "blank"
"""Line kinds: prose (inline rewrites may touch it), code or raw HTML (copied as is), blank."""

BLANK_BEFORE_LIST = "blank-before-list"
BLANK_AFTER_LIST = "blank-after-list"
"""Why a blank line was inserted, for the importer's change list (the renderer's other
blank lines, for Python-Markdown alone, are counted as ``python-markdown``)."""

MAX_LIST_DEPTH = 100
"""Deeper items are kept at this depth: Python-Markdown recurses per level."""

MAX_NESTING = 16
"""Containers and blockquotes nested deeper than this are left as written."""

_MARKER = re.compile(r"([-+*]|\d{1,9}[.)])( +|$)")
_HEADING = re.compile(r"#{1,6}(?: |$)")
_CONTAINER_OPEN = re.compile(r"(:{3,}) *(spoiler|info|warning|success|danger)(?![\w-])(.*)$")
_CONTAINER_CLOSE = re.compile(r" *(:{3,}) *$")
_QUOTE_PREFIX = re.compile(r" {0,3}> ?")
_EMPTY_TASK = re.compile(r"\[[ xX]\] *")
_RAW_HTML_OPEN = re.compile(r"<(pre|script|style|textarea)(?=[\s>]|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Policy:
    """What the engine writes where the page and the note file want different text.

    The defaults write a clean note file (what ``minutes import`` keeps in the repository:
    HackMD syntax as written, no placeholders); the renderer sets every field.
    """

    container_header: Callable[[str, str], str] | None = None
    """Turns a ``:::kind rest`` opener into the header line of a block whose body is
    indented four more and whose ``:::`` closer goes (``pymdownx.details``/admonitions).
    None keeps opener and closer as written (the body is normalised all the same)."""
    empty_item: str = ""
    """Text given to an item with no content or only a task box (Python-Markdown reads a
    bare ``-`` as a setext underline); empty keeps the item empty."""
    ordered_dot: bool = False
    """Write ``1)`` as ``1.`` (Python-Markdown knows only the dot)."""
    quotes: bool = False
    """Normalise inside blockquotes (writing each prefix as ``> ``); else keep them."""
    python_markdown: bool = False
    """Who reads the output. Python-Markdown (the page): every blank line it needs (around
    fences, containers and quotes, before an item after any block it would swallow), and
    indented code four columns past its item's four-space step. CommonMark readers and this
    engine again (the note file, which must read back as it was written): only the blank
    lines that change what a note means (before a list that follows a paragraph, after a
    list), indented code four past the content column of the marker as written, and a
    block that ends the lists moved to column 0 (items move left to four-space steps; a
    block left at two or three spaces would read back into the last of them)."""
    long_line: Callable[[str], str] | None = None
    """Called with the text of every prose line (indentation taken off); returns what to
    write instead (the renderer stashes overlong lines, see ``hackmd.LONG_LINE``)."""


class Normalised:
    """The engine's output: lines, each with its kind and the index of the source line it
    came from (-1 for an inserted one), and how many blank lines it inserted, by reason."""

    __slots__ = ("_head", "inserted", "kinds", "lines", "origins")

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.kinds: list[str] = []
        self.origins: list[int] = []
        self.inserted: Counter[str] = Counter()
        self._head = 0

    def add(self, text: str, kind: str, origin: int) -> None:
        """Add a line; a blank one starts a new block."""
        self.lines.append(text)
        self.kinds.append(kind)
        self.origins.append(origin)
        if not text.strip():
            self._head = len(self.lines)

    def blank(self, reason: str) -> None:
        """Insert a blank line that the source does not have."""
        self.add("", BLANK, -1)
        self.inserted[reason] += 1

    def extend(self, inner: Normalised, prefix: str, empty: str, offset: int) -> None:
        """Add a container's or quote's normalised body: ``prefix`` before each line
        (``empty`` for a blank one), origins moved by ``offset``."""
        for text, kind, origin in zip(inner.lines, inner.kinds, inner.origins, strict=True):
            self.add(prefix + text if text else empty, kind, origin + offset if origin >= 0 else -1)
        self.inserted.update(inner.inserted)

    def needs_blank_before(self, indent: int) -> bool:
        """Whether a list item at ``indent`` would be swallowed by the current block:
        Python-Markdown reads a list item as text after a paragraph line, and reads all of
        a block that starts indented as part of the item above."""
        if self._head >= len(self.lines):
            return False
        head = self.lines[self._head]
        head_indent = len(head) - len(head.lstrip(" "))
        if not _MARKER.match(head, head_indent):
            return True
        return indent < head_indent


def normalise_lines(lines: Sequence[str], policy: Policy) -> Normalised:
    """Re-indent a note's lists to four-space steps by CommonMark's rule, writing what
    ``policy`` says where the page and the note file differ."""
    return _Pass(lines, policy, 0).run()


@dataclass
class _Item:
    """An open list item: where its content starts in the source and in the output."""

    source_column: int
    output_column: int
    """Where its content goes: the item's four-space step, as Python-Markdown reads it."""
    marker_column: int
    """The content column of the marker line as written (``- `` at step 0: 2), as
    CommonMark reads it."""


@dataclass
class _Line:
    """A non-blank line and what it is, read against the open list items."""

    raw: str
    stripped: str
    """Its text after the indentation (tabs there expanded to four columns)."""
    indent: int
    inside: int
    """How many of the open items the line is indented into."""
    relative: int
    """Its indentation past the content column of the innermost of those items."""
    lazy: bool
    """A paragraph is open just above it."""
    interrupts: bool
    """It follows a paragraph line of the document itself (no list open)."""
    fence: Fence | None
    container: re.Match[str] | None
    marker: re.Match[str] | None
    other_block: bool
    """It starts a block of its own (no lazy continuation of a paragraph)."""
    top: bool = False
    """No list item is open around it, after the items it leaves close."""
    base: int | None = None
    """The column its block is written at: the output content column of the item it stays
    in; None to keep it where it stands (outside lists)."""

    @property
    def block_start(self) -> bool:
        """At most three columns past its item's content column: a block may start here."""
        return self.relative <= 3


class _Pass:
    """One document (a note, or a container's or a quote's body) read line by line.

    The state is CommonMark's: the open list items, and whether a paragraph is open (a
    line under an open paragraph continues it lazily rather than starting a block).
    """

    def __init__(self, lines: Sequence[str], policy: Policy, nesting: int) -> None:
        self.lines = lines
        self.policy = policy
        self.nesting = nesting
        self.out = Normalised()
        self.stack: list[_Item] = []
        self.paragraph = False
        self.blank_before = True
        self.index = 0

    def run(self) -> Normalised:
        """Read every line; a document nested too deep is copied as written."""
        if self.nesting > MAX_NESTING:
            for index, line in enumerate(self.lines):
                self.out.add(line, TEXT if line.strip() else BLANK, index)
            return self.out
        while self.index < len(self.lines):
            self._step()
        return self.out

    def _step(self) -> None:
        """Read the line at ``index`` and whatever block it opens."""
        raw = self.lines[self.index]
        line = _expand(raw)
        stripped = line.lstrip(" ")
        if not stripped:
            self.out.add("", BLANK, self.index)
            self.paragraph = False
            self.blank_before = True
            self.index += 1
            return
        at = self._read(raw, line, stripped)
        if not at.other_block and at.lazy and at.inside < len(self.stack):
            self._continuation(at)
            return
        self._close(at)
        if at.marker is not None:
            self._item(at, at.marker)
        elif at.fence is not None:
            self._fence(at, at.fence)
        elif at.container is not None:
            self._container(at, at.container)
        elif at.top and at.block_start and stripped.startswith(">"):
            self._quote(at)
        elif at.top and at.block_start and (raw_html := _RAW_HTML_OPEN.match(stripped)):
            self._raw_html(raw_html.group(1))
        else:
            self._text(at)

    def _read(self, raw: str, line: str, stripped: str) -> _Line:
        """What a line is: which items it is inside, and the block it may start. A list
        marker counts where a block may start, and (the nesting departure) on the deepest
        item however far indented; under a paragraph it must be able to interrupt one."""
        indent = len(line) - len(stripped)
        stack = self.stack
        inside = 0
        while inside < len(stack) and stack[inside].source_column <= indent:
            inside += 1
        relative = indent - (stack[inside - 1].source_column if inside else 0)
        block_start = relative <= 3
        lazy = self.paragraph and not self.blank_before
        fence = _bare_fence(line, indent) if block_start else None
        container = _CONTAINER_OPEN.match(stripped) if block_start and not fence else None
        deepest = bool(stack) and inside == len(stack)
        rule = _is_thematic_break(stripped)
        marker = None
        if (block_start or deepest) and not fence and not container and not rule:
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
                or rule
            )
        )
        interrupts = lazy and not stack
        return _Line(
            raw, stripped, indent, inside, relative, lazy, interrupts,
            fence, container, marker, other_block,
        )  # fmt: skip

    def _continuation(self, at: _Line) -> None:
        """A lazy continuation line belongs to the open paragraph, however indented."""
        text = self._prose(at.stripped)
        self.out.add(" " * self.stack[-1].output_column + text, TEXT, self.index)
        self.blank_before = False
        self.index += 1

    def _close(self, at: _Line) -> None:
        """Close the items the line is not inside. A line that ends all lists needs a blank
        line before it (else Python-Markdown reads it into the last item); a container
        opener brings its own where the page needs one and keeps the note as written."""
        closing_all = bool(self.stack) and at.inside == 0 and at.marker is None
        # Written at four-space steps, the item may now start left of this line, which
        # would read back into it: such a line moves to the margin (not for the page,
        # where Python-Markdown needs four spaces to continue an item).
        read_back = closing_all and at.indent >= self.stack[0].marker_column
        del self.stack[at.inside :]
        if closing_all and at.container is None and not self.blank_before:
            self.out.blank(BLANK_AFTER_LIST)
            self.blank_before = True
        at.top = not self.stack
        if self.stack:
            at.base = self.stack[-1].output_column
        elif read_back and at.block_start and not self.policy.python_markdown:
            at.base = 0

    def _item(self, at: _Line, marker: re.Match[str]) -> None:
        """A list item at its depth's four-space step; its content column in the source
        is where its nested lines are measured from."""
        if len(self.stack) >= MAX_LIST_DEPTH:
            self.stack.pop()
        depth = len(self.stack)
        if not self.blank_before:
            if self.policy.python_markdown:
                needed = self.out.needs_blank_before(4 * depth)
            else:
                needed = at.interrupts
            if needed:
                self.out.blank(BLANK_BEFORE_LIST)
        symbol = marker.group(1)
        spaces = len(marker.group(2))
        content = at.stripped[len(symbol) + spaces :]
        width = len(symbol) + (spaces if content and spaces <= 4 else 1)
        # An empty item holds no paragraph: the next line cannot continue it lazily.
        self.paragraph = bool(content.strip())
        self.blank_before = False
        source_column = at.indent + width
        if self.policy.ordered_dot and symbol[-1] == ")":
            symbol = symbol[:-1] + "."
        self.stack.append(_Item(source_column, 4 * (depth + 1), 4 * depth + len(symbol) + 1))
        if self.policy.empty_item and (not content or _EMPTY_TASK.fullmatch(content)):
            content = f"{content} {self.policy.empty_item}".lstrip(" ")
        content = self._prose(content)
        self.out.add(
            " " * (4 * depth) + symbol + (" " + content if content else ""), TEXT, self.index
        )
        self.index += 1

    def _fence(self, at: _Line, fence: Fence) -> None:
        """A fenced block, copied as is but moved with the item it sits in."""
        blanks = self.policy.python_markdown
        delta = 0 if at.base is None else at.base - at.indent
        if blanks and not self.blank_before and (at.interrupts or at.base is not None):
            # In an item, the placeholder superfences leaves would join the item's
            # paragraph (a <div> inside a <p>) without a blank line before it.
            self.out.blank("python-markdown")
        self._move(delta)
        while self.index < len(self.lines):
            closed = closes_fence(self.lines[self.index], fence.marks)
            self._move(delta)
            if closed:
                break
        self.paragraph = False
        self.blank_before = False
        if blanks and self.index < len(self.lines) and self.lines[self.index].strip():
            # Python-Markdown reads a line right after the fence's placeholder as part of
            # the same block: a following item would land inside this one.
            self.out.blank("python-markdown")
            self.blank_before = True

    def _move(self, delta: int) -> None:
        """Copy the code line at ``index``, moved right or left by ``delta`` columns."""
        raw = self.lines[self.index]
        self.out.add(_shift(_expand(raw), delta) if delta else raw, CODE, self.index)
        self.index += 1

    def _container(self, at: _Line, container: re.Match[str]) -> None:
        """A HackMD ``:::`` container: its body is a document of its own, normalised and
        placed at the item's content column (four further, under the header, for
        Python-Markdown); opener and closer are rewritten or kept. In an item the body is
        measured from the opener's column; outside lists from the margin, however the
        opener is indented (markdown-it-container reads the body where the opener's block
        stands, and Python-Markdown's header must start the line)."""
        target = 0 if at.base is None else at.base
        end = _container_end(self.lines, self.index, len(container.group(1)))
        body = self.lines[self.index + 1 : end]
        if at.base is not None and at.indent:
            body = [_shift(_expand(line), -at.indent) for line in body]
        inner = _Pass(body, self.policy, self.nesting + 1).run()
        header = self.policy.container_header
        if header is None:
            self._place(at.raw, at.stripped, at.base, self.index)
            self.out.extend(inner, " " * target, "", self.index + 1)
            if end < len(self.lines):
                closer = self.lines[end]
                self._place(closer, closer.strip(), at.base, end)
        else:
            if not self.blank_before:
                self.out.blank("python-markdown")
            title = header(container.group(2), container.group(3))
            self.out.add(" " * target + title, TEXT, self.index)
            self.out.extend(inner, " " * (target + 4), "", self.index + 1)
            self.out.blank("python-markdown")
        self.paragraph = False
        self.blank_before = header is not None
        self.index = end + 1

    def _place(self, raw: str, stripped: str, base: int | None, origin: int) -> None:
        """A line kept as written, at its item's content column if it is in one."""
        self.out.add(raw if base is None else " " * base + stripped, TEXT, origin)

    def _quote(self, at: _Line) -> None:
        """A blockquote of the document itself: normalised inside, or kept as written
        (its fenced lines marked as code)."""
        start = end = self.index
        while end < len(self.lines) and _QUOTE_PREFIX.match(_expand(self.lines[end])):
            end += 1
        quoted = self.lines[start:end]
        if self.policy.quotes:
            if at.interrupts and self.policy.python_markdown:
                self.out.blank("python-markdown")
            body = [_QUOTE_PREFIX.sub("", _expand(line), count=1) for line in quoted]
            self.out.extend(_Pass(body, self.policy, self.nesting + 1).run(), "> ", ">", start)
        else:
            if at.base is not None:
                quoted = [_shift(_expand(line), at.base - at.indent) for line in quoted]
            for offset, fenced in enumerate(fenced_lines(quoted)):
                self.out.add(quoted[offset], CODE if fenced else TEXT, start + offset)
        self.index = end
        self.paragraph = True
        self.blank_before = False
        after = _expand(self.lines[end]) if end < len(self.lines) else ""
        if self.policy.python_markdown and _starts_block(after):
            # Python-Markdown would pull a heading or a list into the quote.
            self.out.blank("python-markdown")
            self.paragraph = False
            self.blank_before = True

    def _raw_html(self, tag: str) -> None:
        """CommonMark HTML block kind 1 (``<pre>``, ``<script>``, ...): kept verbatim up
        to its closing tag; nothing in it is Markdown."""
        closing = f"</{tag.lower()}>"
        while self.index < len(self.lines):
            line = self.lines[self.index]
            self.out.add(line, CODE, self.index)
            self.index += 1
            if closing in line.lower():
                break
        self.paragraph = False
        self.blank_before = False

    def _text(self, at: _Line) -> None:
        """Any other line: at its item's content column, or kept where it is outside lists;
        four columns past the content column it is indented code."""
        code = at.relative >= 4 and not at.lazy
        text = self._prose(at.stripped)
        if at.base is None:
            line = at.raw if text == at.stripped else " " * at.indent + text
        elif code:
            item = self.stack[-1]
            column = item.output_column if self.policy.python_markdown else item.marker_column
            line = " " * (column + at.relative) + text
        else:
            line = " " * at.base + text
        self.out.add(line, CODE if code else TEXT, self.index)
        heading_or_rule = _HEADING.match(text) or _is_thematic_break(text)
        self.paragraph = not code and not (at.block_start and heading_or_rule)
        self.blank_before = False
        self.index += 1

    def _prose(self, text: str) -> str:
        """What the policy writes for the text of a prose line."""
        long_line = self.policy.long_line
        return text if long_line is None else long_line(text)


def _expand(line: str) -> str:
    """Expand tabs in the leading whitespace only (Python-Markdown expands all of them
    first; the importer must agree on indentation without touching code)."""
    if "\t" not in line:
        return line
    body = line.lstrip(" \t")
    lead = line[: len(line) - len(body)]
    return lead.expandtabs(4) + body


def _shift(line: str, delta: int) -> str:
    """Move a line right by ``delta`` spaces, or left by removing at most that many."""
    if delta > 0:
        return " " * delta + line if line else line
    if delta < 0:
        body = line.lstrip(" ")
        removable = min(-delta, len(line) - len(body))
        return line[removable:]
    return line


def _bare_fence(line: str, indent: int) -> Fence | None:
    """The fence a line opens right after its indentation (behind a list marker or a
    ``>`` it belongs to that item or quote, which is read first)."""
    fence = fence_at(line)
    return fence if fence is not None and fence.column == indent else None


def _is_thematic_break(stripped: str) -> bool:
    """``---``, ``* * *``, ``___``: a rule, not a list item, where both could match."""
    compact = stripped.replace(" ", "").replace("\t", "")
    return len(compact) >= 3 and compact[0] in "-*_" and compact == compact[0] * len(compact)


def _can_interrupt(marker: re.Match[str], stripped: str, nested: bool) -> bool:
    """CommonMark: a list may start inside a paragraph only when its first item has
    content and, if ordered, starts at 1 (so ``in\\n2019. Then`` stays text).

    Under an item (``nested``) an empty bullet starts a child list all the same: HackMD
    would read ``-`` there as a setext underline and turn the item into a heading, which
    is never what the author of a placeholder bullet meant.
    """
    symbol = marker.group(1)
    ordered_ok = not symbol[0].isdigit() or int(symbol[:-1]) == 1
    if nested:
        return ordered_ok
    return ordered_ok and bool(stripped[marker.end() :].strip())


def _container_end(lines: Sequence[str], start: int, colons: int) -> int:
    """Index of the line closing a container opened at ``start`` (or ``len(lines)``),
    skipping fenced code, where a ``:::`` line is code."""
    fence: Fence | None = None
    for index in range(start + 1, len(lines)):
        line = _expand(lines[index])
        if fence is not None:
            if closes_fence(line, fence.marks):
                fence = None
            continue
        fence = _bare_fence(line, len(line) - len(line.lstrip(" ")))
        if fence is not None:
            continue
        closing = _CONTAINER_CLOSE.match(line)
        if closing and len(closing.group(1)) >= colons:
            return index
    return len(lines)


def _starts_block(line: str) -> bool:
    """Whether a line after a blockquote starts its own block rather than continuing the
    quote lazily (Python-Markdown would pull a heading or list into the quote)."""
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    if not stripped or indent > 3:
        return False
    return bool(
        _HEADING.match(stripped)
        or _MARKER.match(stripped)
        or fence_at(line) is not None
        or _CONTAINER_OPEN.match(stripped)
        or _is_thematic_break(stripped)
    )
