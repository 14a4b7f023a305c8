"""The outline of a note: front matter, headings outside code fences, bullet trees.

The parser reads structure from this outline rather than from rendered HTML, so every
piece it finds keeps the source line a contributor sees in their editor.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import frontmatter
import yaml

from ..scan import fenced_lines

# Patterns of the functions below, compiled once rather than looked up per line.
_BOX_RE = re.compile(r"^\[([ xX])\]\s*")


_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_BULLET_RE = re.compile(r"^(\s*)(?:[*+-]|\d{1,3}[.)])(?:[ \t]+(.*)|[ \t]*$)")


@dataclass(frozen=True)
class FrontMatter:
    """Front matter split from a note, or the reason it could not be read."""

    data: dict
    body: str
    body_line: int
    """Source line of the body's first line."""
    error: str | None = None
    error_line: int = 1


def split_front_matter(text: str) -> FrontMatter:
    """Split YAML front matter from the body; invalid YAML is reported, never raised.

    python-frontmatter finds the block; YAML is parsed here so that an error keeps its line
    (MkDocs would swallow it and publish the page without metadata).
    """
    if not text.startswith("---"):
        return FrontMatter({}, text, 1)
    handler = frontmatter.YAMLHandler()
    try:
        raw, body = handler.split(text)
    except ValueError:
        return FrontMatter({}, text, 1)
    body_line = text[: len(text) - len(body)].count("\n") + 1
    if body.startswith("\n"):
        body = body[1:]
        body_line += 1
    try:
        data = yaml.safe_load(raw) if raw.strip() else {}
    except yaml.YAMLError as error:
        # The block starts right after the opening ``---``: its line 0 is file line 1 (or
        # later, when the block does not follow ``---`` directly).
        base = text[: text.find(raw)].count("\n") + 1 if raw else 1
        mark = _error_mark(error)
        line = base + mark.line if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        return FrontMatter({}, body, body_line, f"front matter is not valid YAML ({problem})", line)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return FrontMatter({}, body, body_line, "front matter is not a YAML mapping", 2)
    return FrontMatter(data, body, body_line)


def _error_mark(error: yaml.YAMLError) -> yaml.Mark | None:
    """Where a reader should look: the opening of an unclosed bracket, quote or bad key
    (YAML's context), else the place the parser gave up."""
    context = getattr(error, "context", None) or ""
    context_mark = getattr(error, "context_mark", None)
    if context_mark is not None and context.startswith(
        ("while scanning a", "while parsing a flow")
    ):
        return context_mark
    return getattr(error, "problem_mark", None) or context_mark


@dataclass(frozen=True)
class Line:
    """One source line with what the outline knows about it."""

    number: int
    text: str
    in_fence: bool = False
    heading_level: int = 0
    heading_text: str = ""


def outline_lines(body: str, first_line: int) -> list[Line]:
    """Number the lines of a body and mark headings and fenced code."""
    lines: list[Line] = []
    rows = body.split("\n")
    for offset, (text, fenced) in enumerate(zip(rows, fenced_lines(rows), strict=True)):
        number = first_line + offset
        if fenced:
            lines.append(Line(number, text, in_fence=True))
            continue
        # A heading marker comes after at most three blanks: most lines have none in
        # their first four characters and skip the pattern.
        heading = _HEADING_RE.match(text) if "#" in text[:4] else None
        if heading:
            lines.append(
                Line(
                    number,
                    text,
                    heading_level=len(heading.group(1)),
                    heading_text=heading.group(2).strip(),
                )
            )
        else:
            lines.append(Line(number, text))
    return lines


@dataclass
class Bullet:
    """A list item: its first line's text (marker removed), and its nested lines."""

    line: int
    text: str
    indent: int
    end_line: int
    children: list[Line] = field(default_factory=list)
    checkbox: str = ""

    @property
    def has_children(self) -> bool:
        """True when the item has nested non-blank lines (sub-bullets or paragraphs)."""
        return any(child.text.strip() for child in self.children)

    def children_text(self) -> str:
        """The nested lines, dedented by their common indent."""
        rows = [child.text for child in self.children]
        while rows and not rows[-1].strip():
            rows.pop()
        while rows and not rows[0].strip():
            rows.pop(0)
        indents = [len(r) - len(r.lstrip()) for r in rows if r.strip()]
        cut = min(indents) if indents else 0
        return "\n".join(r[cut:] for r in rows)


@functools.lru_cache(maxsize=4096)
def bullet_match(text: str) -> tuple[int, str] | None:
    """(indent, item text) when a line is a list item, else None.

    Every section reader asks this of the same lines, so answers are cached; a line whose
    first non-blank character cannot start a marker is answered without the regex. The
    cache is sized for one note's lines (the readers ask while parsing it): one sized
    for a whole archive kept 20 MB of lines after parsing 1,000 meetings.
    """
    first = text.lstrip()[:1]
    if not first or (first not in "*+-" and not first.isdecimal()):
        return None
    match = _BULLET_RE.match(text.replace("\t", "    ") if "\t" in text else text)
    if not match:
        return None
    return len(match.group(1)), (match.group(2) or "").strip()


def top_level_bullets(lines: list[Line]) -> tuple[list[Bullet], list[Line]]:
    """Group a section's lines into top-level bullets with their children.

    Returns the bullets and the section's other lines (prose, tables, stray unindented
    lines), so the caller can read roll calls written without bullets.
    """
    bullets: list[Bullet] = []
    others: list[Line] = []
    base: int | None = None
    current: Bullet | None = None
    for line in lines:
        if line.heading_level:
            current = None
            others.append(line)
            continue
        if line.in_fence:
            if current is not None:
                current.children.append(line)
                current.end_line = line.number
            else:
                others.append(line)
            continue
        match = bullet_match(line.text)
        if match is not None and (base is None or match[0] <= base + 1):
            if base is None:
                base = match[0]
            text = match[1]
            checkbox = ""
            box = _BOX_RE.match(text)
            if box:
                checkbox = box.group(1)
            current = Bullet(line.number, text, match[0], line.number, checkbox=checkbox)
            bullets.append(current)
            continue
        indent = len(line.text) - len(line.text.lstrip()) if line.text.strip() else -1
        if current is not None and (indent == -1 or indent > current.indent):
            current.children.append(line)
            if indent != -1:
                current.end_line = line.number
            continue
        current = None
        others.append(line)
    for bullet in bullets:
        while bullet.children and not bullet.children[-1].text.strip():
            bullet.children.pop()
    return bullets, others


def walk_text_lines(lines: list[Line]) -> Iterator[Line]:
    """Lines outside code fences and not headings: where references and mentions live."""
    for line in lines:
        if not line.in_fence:
            yield line


LINE_CACHES = (bullet_match,)
"""The caches of one-line parses here (emptied by ``parse.forget_line_parses``)."""
