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


@functools.lru_cache(maxsize=65536)
def plain_excerpt(text: str, limit: int = 200) -> str:
    """A plain-text excerpt cut at a word boundary."""
    text = plain(text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"


def forget_plain_texts() -> None:
    """Empty the caches of :func:`plain` and :func:`plain_excerpt`. They spare a rebuild
    of ``mkdocs serve`` the excerpts of unchanged items; a ``mkdocs build`` has drawn its
    pages when it calls this, and the plain copy of every item's text (20 MB at 1,000
    meetings) is better left to what the build allocates next."""
    plain.cache_clear()
    plain_excerpt.cache_clear()


def front_matter(data: dict) -> str:
    """YAML front matter MkDocs reads into ``page.meta`` (values safely quoted).

    Every string value is HTML-escaped: themes put ``page.meta.title`` and
    ``page.meta.description`` into the page (``<title>``, the header, the nav, a
    ``content="..."`` attribute) without escaping, and these values come from notes.
    """
    lines = ["---"]
    for key, value in meta_escaped(data).items():
        lines.append(f"{key}: {_yaml_value(value)}")
    lines.append("---\n")
    return "\n".join(lines)


_YAML_PLAIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9 ,.()/_-]*[A-Za-z0-9).]")
_YAML_UNSAFE_RE = re.compile('[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff"\\\\]')
_YAML_WORDS = frozenset({"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"})


def _yaml_value(value: object) -> str:
    """One front matter value as YAML: a plain scalar when it reads back as itself, else a
    double-quoted one with only what YAML needs escaped (written by hand: PyYAML's
    emitter was a tenth of the time of generating a page)."""
    if isinstance(value, (list, dict)):
        return yaml.safe_dump(
            value, allow_unicode=True, default_flow_style=True, width=10_000
        ).strip()
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return yaml.safe_dump(value).split("\n")[0]
    text = str(value)
    if (
        _YAML_PLAIN_RE.fullmatch(text)
        and text.lower() not in _YAML_WORDS
        and ": " not in text
        and " #" not in text
        and not text[:1].isdigit()
    ):
        return text
    return '"' + _YAML_UNSAFE_RE.sub(_yaml_escape, text) + '"'


def _yaml_escape(found: re.Match[str]) -> str:
    char = found.group()
    if char in '"\\':
        return "\\" + char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


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


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """``1 meeting``, ``2 meetings`` (``plural`` for the irregular: ``series``)."""
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"
