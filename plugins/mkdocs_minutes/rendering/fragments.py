"""HTML fragments in page Markdown, kept out of Python-Markdown and put back after it.

The pages the archive adds (``pages/``) carry the HTML their templates rendered between two
marker lines (``pages/fragments.py`` writes them). That HTML is escaped already and is not
the authors' raw HTML, so it must skip the raw-HTML sanitiser, and Python-Markdown has no
need to read it. Two drivers take the fragments out and put them back, with the same
functions:

- the MkDocs plugin, around MkDocs's own rendering (``on_page_markdown`` and
  ``on_page_content``), so the rest of the build never sees a marker;
- the minutes extension itself (:class:`FragmentStash` and :class:`FragmentRestore`), for
  a generator that reads the files ``minutes generate`` wrote and runs only the site's
  ``markdown_extensions`` (Zensical).

The markers are private-use characters that the page builders strip from every note text
they copy into a page, so a note cannot fake a fragment. No MkDocs import.
"""

from __future__ import annotations

import re

import markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

OPEN = "\ue010"
CLOSE = "\ue011"
PLACEHOLDER_OPEN = "\ue012"
PLACEHOLDER_CLOSE = "\ue013"
INLINE_OPEN = "\ue014"
INLINE_CLOSE = "\ue015"

FRAGMENT_RE = re.compile(f"^{OPEN}\n(.*?)\n{CLOSE}$", re.MULTILINE | re.DOTALL)
_PLACEHOLDER_RE = re.compile(f"<p>{PLACEHOLDER_OPEN}(\\d+){PLACEHOLDER_CLOSE}</p>")
INLINE_RE = re.compile(f"{INLINE_OPEN}([^{INLINE_OPEN}{INLINE_CLOSE}\n]*){INLINE_CLOSE}")

STASH_PRIORITY = 110
"""Before every preprocessor Python-Markdown and the common extensions register
(``normalize_whitespace`` is 30, ``pymdownx.snippets`` 32): the rest of the conversion sees
the page as the plugin hands it to MkDocs, with placeholders in place of fragments."""

INLINE_PRIORITY = 29
"""Right after ``normalize_whitespace`` (30), which strips the stash's placeholder
characters from the page, and before the HackMD preprocessor (28)."""

RESTORE_PRIORITY = 0
"""After every postprocessor: the fragment reaches the page as the template wrote it, as
when the plugin restores it from ``on_page_content``."""


def stash(markdown_text: str) -> tuple[str, list[str]]:
    """Page Markdown with each fragment replaced by a placeholder paragraph, and the
    fragments in order (for :func:`restore` once the Markdown is HTML)."""
    if OPEN not in markdown_text:
        return markdown_text, []
    blocks: list[str] = []

    def take(found: re.Match[str]) -> str:
        blocks.append(found.group(1))
        return f"{PLACEHOLDER_OPEN}{len(blocks) - 1}{PLACEHOLDER_CLOSE}"

    return FRAGMENT_RE.sub(take, markdown_text), blocks


def inline(html_text: str) -> str:
    """A piece of HTML within a line of page Markdown (a link the page builder made):
    Python-Markdown's own stash holds it during the conversion (:class:`FragmentStash`), so
    it reaches the page as written, and the table of contents reads its text."""
    return f"{INLINE_OPEN}{html_text}{INLINE_CLOSE}"


def restore(rendered: str, blocks: list[str]) -> str:
    """The rendered page with every placeholder paragraph back to its fragment.

    At the very end of a page the fragment loses its trailing white space, as
    Python-Markdown strips the end of what it renders.
    """
    if not blocks:
        return rendered

    def block(found: re.Match[str]) -> str:
        text = blocks[int(found.group(1))]
        return text.rstrip() if found.end() == len(rendered) else text

    return _PLACEHOLDER_RE.sub(block, rendered)


class _Fragments:
    """The fragments of the page being converted, between the two processors."""

    def __init__(self) -> None:
        self.blocks: list[str] = []


class FragmentStash(Preprocessor):
    """Takes the fragments out of the page before any other preprocessor runs."""

    def __init__(self, md: markdown.Markdown, held: _Fragments) -> None:
        super().__init__(md)
        self.held = held

    def run(self, lines: list[str]) -> list[str]:
        """Replace each fragment by its placeholder line (cheap when there is none)."""
        self.held.blocks = []
        if not any(line == OPEN for line in lines):
            return lines
        text, self.held.blocks = stash("\n".join(lines))
        return text.split("\n")


class InlineStash(Preprocessor):
    """Puts each inline piece of HTML in Python-Markdown's stash, once
    ``normalize_whitespace`` has run (it deletes the characters a stash placeholder is
    made of)."""

    def run(self, lines: list[str]) -> list[str]:
        """Replace each inline piece by a placeholder (cheap when there is none)."""
        if any(INLINE_OPEN in line for line in lines):
            store = self.md.htmlStash.store
            lines = [
                INLINE_RE.sub(lambda found: store(found.group(1)), line)
                if INLINE_OPEN in line
                else line
                for line in lines
            ]
        return lines


class FragmentRestore(Postprocessor):
    """Puts the fragments back once the page is HTML."""

    def __init__(self, md: markdown.Markdown, held: _Fragments) -> None:
        super().__init__(md)
        self.held = held

    def run(self, text: str) -> str:
        """Every placeholder paragraph back to its fragment. The blocks stay until the next
        page: ``toc`` runs the postprocessors on the title and the table of contents too."""
        return restore(text, self.held.blocks)


def register(md: markdown.Markdown) -> None:
    """Add the stash and restore steps to a Markdown instance (the minutes extension)."""
    held = _Fragments()
    md.preprocessors.register(FragmentStash(md, held), "minutes_fragments", STASH_PRIORITY)
    md.postprocessors.register(FragmentRestore(md, held), "minutes_fragments", RESTORE_PRIORITY)
    md.preprocessors.register(InlineStash(md), "minutes_inline_fragments", INLINE_PRIORITY)
