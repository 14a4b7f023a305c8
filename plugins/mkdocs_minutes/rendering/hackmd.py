"""Rewrite HackMD-flavoured Markdown so Python-Markdown renders it as HackMD showed it.

Notes are written in HackMD (markdown-it, CommonMark rules) and rendered by MkDocs with
Python-Markdown, which disagrees in ways that wreck minutes: it needs four spaces per list
level, so HackMD's two-space nesting (and three spaces under ``1.``) comes out flat; it
does not let a list interrupt a paragraph; it knows no ``:::spoiler`` containers. This
module is a line pass that runs before Python-Markdown's block parser (a preprocessor
between ``normalize_whitespace`` and the fenced-code preprocessors). The list engine it
shares with ``minutes import`` (``lists.py``) reads the structure; this module's policy
writes it for Python-Markdown: every blank line Python-Markdown needs, containers as
``pymdownx.details`` / admonition blocks, ``&nbsp;`` in empty items, ``1.`` for ``1)``,
overlong lines stashed. Escapes (``\\@``) are the extension's business, not this pass's.
No MkDocs import.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from markdown.preprocessors import Preprocessor

from .lists import Policy, normalise_lines

PRIORITY = 28
"""After ``normalize_whitespace`` (30), before superfences' ``fenced_code_block`` (25) and
``html_block`` (20), so fences and raw HTML are found at their re-indented places."""

LONG_LINE = 50_000
"""Characters above which a line is shown as plain text by the preprocessor: Python-Markdown's
inline pass is quadratic on some input (a megabyte of pasted markup takes minutes), and no
real note has a paragraph line this long; a pasted blob is shown, not parsed."""

_SPOILER_OPEN = re.compile(r"""\{\s*state\s*=\s*["']?open["']?\s*\}""")

EMPTY_ITEM = "&nbsp;"
"""Content given to an empty list item (``-`` placeholders in templates), so Python-Markdown
renders an empty bullet where HackMD does."""

ADMONITION_TYPES = {"info": "info", "warning": "warning", "success": "success", "danger": "danger"}
"""HackMD alert containers and the admonition type each becomes."""


def normalise_hackmd(text: str) -> str:
    """Return ``text`` rewritten so Python-Markdown nests and splits it as HackMD does."""
    return "\n".join(normalise_lines(text.split("\n"), RENDER).lines)


class HackmdPreprocessor(Preprocessor):
    """The Python-Markdown face of :func:`normalise_hackmd`; it also stashes overlong
    lines as escaped text (see :data:`LONG_LINE`)."""

    def run(self, lines: list[str]) -> list[str]:
        """Rewrite the page's lines before block parsing."""
        return normalise_lines(lines, replace(RENDER, long_line=self._stash_long_line)).lines

    def _stash_long_line(self, text: str) -> str:
        """A placeholder for ``text`` shown as is, never parsed inline, if it is overlong."""
        if len(text) <= LONG_LINE:
            return text
        return self.md.htmlStash.store(html.escape(text, quote=False))


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


RENDER = Policy(
    container_header=_container_header,
    empty_item=EMPTY_ITEM,
    ordered_dot=True,
    quotes=True,
    python_markdown=True,
)
"""What the page needs: Python-Markdown's blank lines, details and admonitions for
containers, visible empty items; the preprocessor adds the long-line stash."""
