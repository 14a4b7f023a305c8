"""Small helpers that put note-derived text safely into generated Markdown.

Names, titles and excerpts come from notes written by many hands: every generated page
passes them through :func:`esc` (or :func:`link_text`), so ``<script>`` in a name is text,
and ``*`` or ``[`` cannot change the page's structure.
"""

from __future__ import annotations

import functools
import html
import re

import yaml

_MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]{}#|!])")
_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG_RE = re.compile(r"<[^>]+>")
_EMPH_RE = re.compile(r"(\*\*|__|\*|_|~~|`)")
_SPACE_RE = re.compile(r"\s+")


def esc(text: str) -> str:
    """Text that renders as itself inside Markdown: HTML-escaped, Markdown-escaped."""
    return _MD_SPECIAL_RE.sub(r"\\\1", html.escape(str(text), quote=False))


def link_text(text: str) -> str:
    """Text for inside ``[...]`` of a link: escaped, on one line."""
    return esc(_SPACE_RE.sub(" ", str(text)).strip())


@functools.lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """Markdown reduced to plain text: link texts kept, tags and emphasis marks dropped."""
    text = _LINK_RE.sub(r"\1", text)
    text = _TAG_RE.sub("", text)
    text = _EMPH_RE.sub("", text)
    text = text.replace("\\", "")
    return _SPACE_RE.sub(" ", text).strip()


def plain_excerpt(text: str, limit: int = 200) -> str:
    """A plain-text excerpt cut at a word boundary."""
    text = plain(text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"


def front_matter(data: dict) -> str:
    """YAML front matter MkDocs reads into ``page.meta`` (values safely quoted).

    Every string value is HTML-escaped: themes put ``page.meta.title`` and
    ``page.meta.description`` into the page (``<title>``, the header, the nav, a
    ``content="..."`` attribute) without escaping, and these values come from notes.
    """
    dumped = yaml.safe_dump(meta_escaped(data), allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{dumped}---\n"


def meta_escaped(value: object) -> object:
    """Page metadata with every string HTML-escaped (quotes too), recursively."""
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, dict):
        return {key: meta_escaped(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [meta_escaped(item) for item in value]
    return value


def attr(text: str) -> str:
    """A value for an HTML attribute."""
    return html.escape(str(text), quote=True)
