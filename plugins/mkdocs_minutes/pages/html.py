"""Raw HTML for the long lists of generated pages, with links the plugin checks itself.

Person, topic, issue and index pages list hundreds of meetings in a large archive.
Written as Markdown, every entry would go through Python-Markdown's inline processing (the
bulk of a build's time); written as one raw HTML block it costs next to nothing. MkDocs
does not check links inside raw HTML, so every link here is made from a page's *source
path* and recorded: the plugin warns about any target that is not a page of the site,
which fails ``mkdocs build --strict`` just as a dead Markdown link would.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable, Sequence

from ..rendering.trust import trusted
from .markup import plain


def url_of(src: str, use_directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives a Markdown source path."""
    stem = src[:-3] if src.endswith(".md") else src
    if posixpath.basename(stem) in ("index", "README"):
        stem = posixpath.dirname(stem)
        return f"{stem}/" if stem else ""
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


def _segments(path: str) -> list[str] | None:
    """A site path's non-empty segments; None when one is ``.`` or ``..`` (which
    ``posixpath.relpath`` would resolve first)."""
    parts = [part for part in path.split("/") if part]
    return None if "." in parts or ".." in parts else parts


def _relative(target: list[str], base: list[str]) -> str:
    """``posixpath.relpath("/" + target, "/" + base)`` for segments that need no
    normalising: the common prefix, then ``..`` for the rest of ``base``."""
    common = 0
    for a, b in zip(target, base, strict=False):
        if a != b:
            break
        common += 1
    rest = [".."] * (len(base) - common) + target[common:]
    return "/".join(rest) if rest else "."


class HtmlLinks:
    """Relative URLs between generated pages, and the record of every target used."""

    def __init__(self, use_directory_urls: bool = True) -> None:
        self.use_directory_urls = use_directory_urls
        self.targets: dict[str, str] = {}
        """Target source path -> the first page linking to it."""
        # A person page links to hundreds of meetings, a meeting to its people: the base
        # of each page and the URL of each target are worked out once per build.
        self._bases: dict[str, tuple[str, list[str] | None]] = {}
        self._urls: dict[str, tuple[str, list[str] | None]] = {}

    def href(self, from_src: str, to_src: str, anchor: str | None = None) -> str:
        """The URL from the page at ``from_src`` to the page at ``to_src`` (recorded)."""
        self.targets.setdefault(to_src, from_src)
        from_page = self._bases.get(from_src)
        if from_page is None:
            if self.use_directory_urls:
                path = url_of(from_src).rstrip("/")
            else:
                path = posixpath.dirname(from_src)
            from_page = self._bases[from_src] = (path, _segments(path))
        to_page = self._urls.get(to_src)
        if to_page is None:
            url = url_of(to_src, self.use_directory_urls)
            to_page = self._urls[to_src] = (url, _segments(url))
        base, base_parts = from_page
        target, target_parts = to_page
        if not base:
            link = target
        elif base_parts is not None and target_parts is not None:
            link = _relative(target_parts, base_parts)
        else:
            # A path with ``.`` or ``..`` segments: the general (slower) function.
            link = posixpath.relpath("/" + target, "/" + base)
        if target.endswith("/") and not link.endswith("/"):
            link = "./" if link == "." else link + "/"
        if not link:
            link = "./"
        return f"{link}#{anchor}" if anchor else link

    def a(
        self,
        from_src: str,
        to_src: str,
        text: str,
        anchor: str | None = None,
        cls: str | None = None,
    ) -> str:
        """An ``<a>`` to another page; ``text`` is Markdown or plain text from a note."""
        klass = f' class="{cls}"' if cls else ""
        href = html.escape(self.href(from_src, to_src, anchor), quote=True)
        return f'<a href="{href}"{klass}>{html.escape(plain(text))}</a>'


def text(value: object) -> str:
    """Note-derived text as HTML text."""
    return html.escape(plain(str(value)))


def external(url: str, label: str) -> str:
    """A link to a site outside the archive (GitHub)."""
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(label)}</a>'


def ul(items: Iterable[str], cls: str = "") -> str:
    """A list of HTML items, as one trusted raw HTML block (one line: Markdown leaves it)."""
    klass = f' class="{cls}"' if cls else ""
    body = "".join(f"<li>{item}</li>" for item in items)
    return trusted(f"<ul{klass}>{body}</ul>")


def quotes(inner: str) -> str:
    """Excerpts of the minutes: kept out of search so results lead to the meetings."""
    return trusted(
        f'<div class="minutes-quotes" data-search-exclude data-pagefind-ignore>{inner}</div>'
    )


def table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()
) -> str:
    """A table of HTML cells, as one trusted raw HTML block."""

    def cell(tag: str, index: int, value: str) -> str:
        align = ' style="text-align:right"' if index in numeric else ""
        return f"<{tag}{align}>{value}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in rows
    )
    return trusted(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
