"""Links between the archive's pages, as the templates write them, recorded for checking.

The templates' HTML never goes through MkDocs's link handling, so every link is made here
from a page's *source path* (``people/minrk.md``) to a relative URL, the way MkDocs would
resolve a Markdown link, and recorded: the plugin warns about any target that is not a
page of the site, which fails ``mkdocs build --strict`` just as a dead Markdown link would.
"""

from __future__ import annotations

import posixpath


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

    def file(self, from_src: str, path: str) -> str:
        """The URL from the page at ``from_src`` to a file of the site that is not a page
        (a feed: ``people/minrk/feed.xml``), recorded like a page link."""
        self.targets.setdefault(path, from_src)
        if self.use_directory_urls:
            base = url_of(from_src).rstrip("/")
        else:
            base = posixpath.dirname(from_src)
        return posixpath.relpath("/" + path, "/" + base) if base else path
