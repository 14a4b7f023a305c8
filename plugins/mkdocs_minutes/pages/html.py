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


class HtmlLinks:
    """Relative URLs between generated pages, and the record of every target used."""

    def __init__(self, use_directory_urls: bool = True) -> None:
        self.use_directory_urls = use_directory_urls
        self.targets: dict[str, str] = {}
        """Target source path -> the first page linking to it."""

    def href(self, from_src: str, to_src: str, anchor: str | None = None) -> str:
        """The URL from the page at ``from_src`` to the page at ``to_src`` (recorded)."""
        self.targets.setdefault(to_src, from_src)
        if self.use_directory_urls:
            base = url_of(from_src).rstrip("/")
        else:
            base = posixpath.dirname(from_src)
        target = url_of(to_src, self.use_directory_urls)
        link = posixpath.relpath("/" + target, "/" + base) if base else target
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
