"""Search over any built site (``minutes index SITE_DIR``): the index, and the search page.

The MkDocs plugin indexes pages as it writes them; a site built another way (Zensical, or
MkDocs without the plugin's Pagefind step, ``search_engine: lunr``) gets the same index
afterwards from its folder: the same indexer reads every built page, with the archive's
titles, kinds and filters when the notes are at hand. Then the search page's script and
stylesheet go to ``assets/minutes/``, and ``search/index.html`` is written when the site
has none: the search page's HTML inside one of the site's own pages (one at the same depth,
so that every relative link of the theme stays right), or a plain page when no page has
the theme's content area. No MkDocs import.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from ..archive import Archive
from ..pages.search import search_page_html
from .assets import page_assets
from .pagefind import IndexStats, PagefindIndexer, page_url

SEARCH_HTML = "search/index.html"

_ARTICLE = re.compile(r"(<article\b[^>]*\bmd-content__inner\b[^>]*>)(.*?)(</article>)", re.S)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_CANONICAL = re.compile(r'(<link rel="canonical" href=")([^"]*)(")')


@dataclass(frozen=True)
class SiteIndex:
    """What ``minutes index`` did."""

    stats: IndexStats
    search_page: str
    """``written``, ``kept`` (the site has its own) or ``plain`` (no theme page to borrow)."""


def directory_urls(site_dir: Path, archive: Archive | None, notes_dir: str) -> bool:
    """Whether the site was built with directory URLs (``meetings/2019-03-21/``), as its
    meeting pages show; yes when nothing says otherwise."""
    for meeting in archive.meetings if archive else ():
        if (site_dir / notes_dir / meeting.id / "index.html").is_file():
            return True
        if (site_dir / notes_dir / f"{meeting.id}.html").is_file():
            return False
    return True


def index_site(
    site_dir: Path,
    archive: Archive | None,
    *,
    notes_dir: str = "meetings",
    language: str = "en",
    item_search: bool = True,
) -> SiteIndex:
    """Index every page of a built site into ``pagefind/`` and add the search page."""
    use_directory_urls = directory_urls(site_dir, archive, notes_dir)
    indexer = PagefindIndexer(
        archive,
        None,
        notes_dir=notes_dir,
        use_directory_urls=use_directory_urls,
        item_search=item_search,
        language=language,
    )
    stats = indexer.finish(site_dir)
    for src, text in page_assets().items():
        target = site_dir / src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return SiteIndex(stats, _search_page(site_dir, archive, notes_dir, use_directory_urls))


def _search_page(
    site_dir: Path, archive: Archive | None, notes_dir: str, use_directory_urls: bool
) -> str:
    """Write ``search/index.html`` unless the site has a search page of its own."""
    target = site_dir / SEARCH_HTML
    if target.is_file() and "data-minutes-results" in target.read_text(encoding="utf-8"):
        return "kept"
    body = search_page_html(
        archive or Archive.build([]), notes_dir=notes_dir, use_directory_urls=use_directory_urls
    )
    shell = _shell(site_dir, notes_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    if shell is None:
        target.write_text(
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
            "<title>Search</title></head>\n"
            f'<body><main class="md-typeset">\n{body}\n</main></body></html>\n',
            encoding="utf-8",
        )
        return "plain"
    path, text = shell
    old_url = page_url(path.relative_to(site_dir).as_posix())
    text = _ARTICLE.sub(lambda m: m.group(1) + "\n" + body + "\n" + m.group(3), text, count=1)
    text = _TITLE.sub(lambda m: f"<title>{_title(m.group(1))}</title>", text, count=1)
    text = _CANONICAL.sub(
        lambda m: m.group(1) + _moved(m.group(2), old_url) + m.group(3), text, count=1
    )
    target.write_text(text, encoding="utf-8")
    return "written"


def _shell(site_dir: Path, notes_dir: str) -> tuple[Path, str] | None:
    """A page of the site one folder deep, with the theme's content area."""
    first = site_dir / notes_dir / "index.html"
    candidates = [first, *sorted(site_dir.glob("*/index.html"))]
    for path in candidates:
        if path.parent.name in ("search", "pagefind", "assets") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if _ARTICLE.search(text):
            return path, text
    return None


def _title(old: str) -> str:
    """``Search - <site name>`` from the borrowed page's ``<page> - <site name>``."""
    site = html.unescape(old).rsplit(" - ", 1)
    return html.escape("Search - " + site[1] if len(site) == 2 else "Search", quote=False)


def _moved(canonical: str, old_url: str) -> str:
    """The canonical URL of the search page, from the borrowed page's."""
    if old_url and canonical.endswith(old_url):
        return canonical[: -len(old_url)] + "search/"
    return canonical
