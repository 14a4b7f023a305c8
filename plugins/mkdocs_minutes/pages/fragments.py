"""Pages as Markdown with HTML fragments: what templates render, and how it reaches a site.

A generated page is Markdown (front matter, headings, the note's own text) with HTML
fragments that the page templates rendered (``templates.py``): a meeting's header, the
long lists of a person page. In the page's Markdown a fragment sits between two marker
lines, so that

- the MkDocs plugin takes each fragment out before Python-Markdown runs and puts it back
  afterwards (:func:`stash` and :func:`restore`): Python-Markdown would parse every tag of
  a person page's lists only to pass them through, and its raw-HTML sanitiser is for what
  authors wrote, not for what the templates escaped;
- a site generator that reads the files ``minutes generate`` wrote (Zensical) runs the
  minutes Markdown extension, which does the same with the same functions
  (``rendering/fragments.py``);
- a Markdown renderer without the extension can take each fragment as a raw HTML block
  (:func:`standalone`), with the authors' HTML left unsanitised.

The markers are private-use characters that the page builders strip from every piece of
note text they copy into a page (:func:`clean_note_text`), so a note cannot fake a
fragment. Nothing here is random: a page's Markdown is the same in every process.

Headings a template writes on a line of their own (``<h2>Updates</h2>``) become Markdown
headings (:func:`from_template`), so the site's table of contents, heading ids and
permalinks apply to them as to any page. No MkDocs import.
"""

from __future__ import annotations

import html
import re

from ..rendering.fragments import CLOSE, FRAGMENT_RE, INLINE_RE, OPEN, inline, restore, stash
from .markup import esc

__all__ = [
    "CLOSE",
    "OPEN",
    "clean_note_text",
    "fragment",
    "from_template",
    "inline",
    "restore",
    "standalone",
    "stash",
]

_PRIVATE_MARKERS_RE = re.compile("[\ue000-\ue01f]")
"""The private-use characters the plugin gives meaning to: fragment and placeholder
markers here, anchor markers in ``rendering/extension.py``."""

_HEADING_LINE_RE = re.compile(r"^<h([1-6])>([^<>]*)</h\1>$")


def clean_note_text(text: str) -> str:
    """Note text without the private-use characters the plugin uses as markers."""
    return _PRIVATE_MARKERS_RE.sub("", text)


def fragment(html_text: str) -> str:
    """An HTML fragment as a block of page Markdown (blank lines around it)."""
    return f"\n{OPEN}\n{html_text}\n{CLOSE}\n"


def from_template(rendered: str) -> str:
    """A template's output as page Markdown: heading lines become Markdown headings,
    everything between them one HTML fragment.

    A fragment keeps one trailing newline when the template left a blank line after it,
    which is where Python-Markdown would have left one after a raw HTML block.
    """
    out: list[str] = []
    chunk: list[str] = []

    def flush() -> None:
        while chunk and not chunk[0].strip():
            chunk.pop(0)
        if not chunk:
            return
        trailing = not chunk[-1].strip()
        while chunk and not chunk[-1].strip():
            chunk.pop()
        out.append(fragment("\n".join(chunk) + ("\n" if trailing else "")))
        chunk.clear()

    for line in rendered.split("\n"):
        heading = _HEADING_LINE_RE.match(line.strip())
        if heading:
            flush()
            level = int(heading.group(1))
            out.append(f"\n{'#' * level} {esc(html.unescape(heading.group(2)).strip())}\n")
        else:
            chunk.append(line)
    flush()
    return "".join(out).strip("\n") + "\n"


def standalone(markdown: str) -> str:
    """Page Markdown for a generator that reads it as it is: fragments as raw HTML."""
    markdown = INLINE_RE.sub(lambda found: found.group(1), markdown)
    return FRAGMENT_RE.sub(lambda found: found.group(1), markdown)
