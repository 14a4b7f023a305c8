"""Links between the archive's pages, as the templates write them, recorded for checking.

The templates' HTML never goes through MkDocs's link handling, so every link is made here
from a page's *source path* (``people/minrk.md``) to a relative URL, the way MkDocs would
resolve a Markdown link, and recorded: the plugin warns about any target that is not a
page of the site, which fails ``mkdocs build --strict`` just as a dead Markdown link would.

A generator that resolves the links of raw HTML as it resolves Markdown links (Zensical:
relative to the source file, ``.md`` paths turned into URLs and checked) gets links to the
target's source file instead (``source_links``), which it checks as MkDocs checks a
Markdown link.
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

    def __init__(self, use_directory_urls: bool = True, *, source_links: bool = False) -> None:
        self.use_directory_urls = use_directory_urls
        self.source_links = source_links
        """Link to the target's source path from the page's source path (``../x.md``)."""
        self.targets: dict[str, str] = {}
        """Target source path -> the first page linking to it, in the order of source
        paths: the same whatever order the pages are drawn in (some are drawn by other
        processes, ``PageRenderer.draw_deferred``)."""
        # A person page links to hundreds of meetings, a meeting to its people: the base
        # of each page and the URL of each target are worked out once per build.
        self._bases: dict[str, tuple[str, list[str] | None]] = {}
        self._urls: dict[str, tuple[str, list[str] | None]] = {}

    def record(self, from_src: str, to_src: str) -> None:
        """Record a link without making it (a page the last build drew links there)."""
        known = self.targets.get(to_src)
        if known is None or from_src < known:
            self.targets[to_src] = from_src

    def href(self, from_src: str, to_src: str, anchor: str | None = None) -> str:
        """The URL from the page at ``from_src`` to the page at ``to_src`` (recorded)."""
        self.record(from_src, to_src)
        from_page = self._bases.get(from_src)
        if from_page is None:
            if self.use_directory_urls and not self.source_links:
                path = url_of(from_src).rstrip("/")
            else:
                path = posixpath.dirname(from_src)
            from_page = self._bases[from_src] = (path, _segments(path))
        to_page = self._urls.get(to_src)
        if to_page is None:
            url = to_src if self.source_links else url_of(to_src, self.use_directory_urls)
            to_page = self._urls[to_src] = (url, _segments(url))
        base, base_parts = from_page
        target, target_parts = to_page
        if not base:
            link = target
        elif (
            base_parts is not None
            and target_parts
            and base_parts[0] != target_parts[0]
            and target.endswith("/")
        ):
            # Pages of different sections (a person's page to a meeting): nothing in
            # common, so up to the root and down again (most links of a build).
            return _with_anchor("../" * len(base_parts) + target, anchor)
        elif base_parts is not None and target_parts is not None:
            link = _relative(target_parts, base_parts)
        else:
            # A path with ``.`` or ``..`` segments: the general (slower) function.
            link = posixpath.relpath("/" + target, "/" + base)
        if target.endswith("/") and not link.endswith("/"):
            link = "./" if link == "." else link + "/"
        if not link:
            link = "./"
        return _with_anchor(link, anchor)

    def file(self, from_src: str, path: str) -> str:
        """The URL from the page at ``from_src`` to a file of the site that is not a page
        (a feed: ``people/minrk/feed.xml``), recorded like a page link."""
        self.record(from_src, path)
        if self.use_directory_urls and not self.source_links:
            base = url_of(from_src).rstrip("/")
        else:
            base = posixpath.dirname(from_src)
        return posixpath.relpath("/" + path, "/" + base) if base else path


def _with_anchor(link: str, anchor: str | None) -> str:
    return f"{link}#{anchor}" if anchor else link


def edit_url(repo_url: str | None, edit_uri: str | None, src_path: str, line: int) -> str | None:
    """Edit link for a note: ``repo_url``/``edit_uri`` + its path under ``docs_dir``
    (+ ``#L<line>`` on the file's page for a meeting inside an archive file), as MkDocs
    composes a page's edit link; None without a repository or with ``edit_uri: ''``.
    One rule for the plugin (``on_page_context``) and ``minutes generate``."""
    if not repo_url or not edit_uri:
        return None
    if edit_uri.startswith(("http://", "https://")):
        url = edit_uri.rstrip("/") + "/" + src_path
    else:
        url = repo_url.rstrip("/") + "/" + posixpath.join(edit_uri.strip("/"), src_path)
    if line > 1:
        url = url.replace("/edit/", "/blob/", 1) + f"#L{line}"
    return url
