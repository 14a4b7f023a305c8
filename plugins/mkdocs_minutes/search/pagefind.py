"""The Pagefind index of a built site, and how each page is marked up for it.

:class:`PagefindIndexer` starts Pagefind's indexing service when the build starts (the
plugin's ``on_files``), takes each page as MkDocs writes it (``on_post_page``), so
Pagefind works on the second core while MkDocs renders, and writes the bundle after the
build (``on_post_build``); pages the build did not render (``--dirty``) are read from the
site folder. Each page is marked up in memory; the files on disk stay as MkDocs wrote them:

- only the theme's content (``article.md-content__inner``) is indexed, never the
  navigation; pages without it (``404.html``, the ``latest/`` redirect) are left out;
- a meeting page's title gets its date (``2019-03-21 · Team meeting``) and the page
  carries its items' and updates' titles (metadata ``minutes_items``), so the browser
  script can turn a hit inside an item into a result that opens the item;
- person, topic and issue pages, and the archive's index pages, are indexed by their
  title and header only: their quoted excerpts would otherwise bury the minutes.

One document per page, not per item: Pagefind's query time grows with the number of
documents a word is in (a common word at 1,000 meetings: 30 ms as pages, 160 ms as
16,000 item records), and so do its memory and the files it writes.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..archive import Archive
from ..pages.site import SitePages
from .anchors import MeetingPage, meeting_pages
from .service import PagefindError, PagefindService

ITEMS_META = "minutes_items"
"""Metadata of a meeting page: JSON, anchor -> title of its agenda items and updates."""

OUTPUT_DIR = "pagefind"
"""Folder of the bundle in the site; the browser script loads ``pagefind/pagefind.js``."""

EXCLUDE_SELECTORS = (
    "[data-search-exclude]",
    ".minutes-prevnext",
    ".minutes-chart",
    ".minutes-counts",
    ".minutes-edit",
    ".minutes-feed",
    ".minutes-cards",
    ".minutes-latest",
    ".minutes-topic",
    ".minutes-ref",
    ".md-content__button",
    ".headerlink",
)
"""Never searched: excerpts marked for exclusion, navigation between meetings, charts,
counts, edit links, feed links, the home page's quote of the latest meeting, topic chips, reference
icons and permalink signs."""

SKIPPED_DIRS = frozenset({OUTPUT_DIR, "search", "assets"})

_ARTICLE = re.compile(r"<article\b[^>]*\bmd-content__inner\b[^>]*>")
_H1 = re.compile(r"<h1\b([^>]*)>(.*?)</h1>", re.S)
_HEADER = re.compile(r'<div class="minutes-header"')
_LANG = re.compile(r'<html\b[^>]*\blang="([^"]+)"')
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class IndexStats:
    """What one indexing run did, for the build log."""

    pages: int
    seconds: float
    """Time spent after the build (reading pages it did not hand over, writing)."""
    total: float
    """Time from the start of the build."""


def title_only_urls(notes_dir: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """Pages indexed by title and header only: exact URLs, and URL prefixes."""
    exact = frozenset({f"{notes_dir}/", "people/", "topics/", "refs/", "actions/"})
    return exact, ("people/", "topics/", "refs/")


def page_url(relative: str) -> str:
    """The site-relative URL of a built file: ``a/b/index.html`` is ``a/b/``."""
    if relative == "index.html":
        return ""
    if relative.endswith("/index.html"):
        return relative[: -len("index.html")]
    return relative


def prepare_page(
    text: str, *, meeting: MeetingPage | None = None, title_only: bool = False
) -> str | None:
    """The page as Pagefind should read it, or None when it has no content to index.

    Only the content goes to Pagefind (the theme's navigation is most of a page's bytes),
    and of a ``title_only`` page only its ``<h1>`` and header.
    """
    article = _ARTICLE.search(text)
    if article is None:
        return None
    end = text.find("</article>", article.end())
    lang = _LANG.search(text, 0, article.start())
    content = text[article.end() : end if end >= 0 else len(text)]
    if title_only:
        head = _H1.search(content)
        if head is None:
            return None
        content = head.group(0)
        header = _HEADER.search(text, article.end())
        if header is not None:
            close = text.find("</div>", header.end())
            content += text[header.start() : close + 6 if close >= 0 else header.end()]
    elif meeting is not None:
        content = _meeting_content(content, meeting)
    return (
        f'<!doctype html><html lang="{lang.group(1) if lang else "en"}"><head>'
        '<meta charset="utf-8"></head><body><article data-pagefind-body>'
        f"{content}</article></body></html>"
    )


def _meeting_content(content: str, meeting: MeetingPage) -> str:
    """The date in the title, and the titles of items and updates as metadata."""
    head = _H1.search(content)
    if head is None:
        return content
    shown = html.unescape(_TAGS.sub("", head.group(2))).strip()
    date = meeting.title.split(" · ", 1)[0]
    heading = head.group(0)
    if date not in shown:
        heading = f"<h1{head.group(1)}>{html.escape(date)} · {head.group(2)}</h1>"
    meta = (
        f'<span data-pagefind-meta="title" data-pagefind-ignore hidden>'
        f"{html.escape(meeting.title)}</span>"
    )
    if meeting.items:
        titles = json.dumps(dict(meeting.items), ensure_ascii=False, separators=(",", ":"))
        meta += (
            f'<span data-pagefind-meta="{ITEMS_META}" data-pagefind-ignore hidden>'
            f"{html.escape(titles, quote=False)}</span>"
        )
    return content[: head.start()] + heading + meta + content[head.end() :]


def built_pages(site_dir: Path) -> Iterator[tuple[str, Path]]:
    """(URL, path) of every HTML page MkDocs wrote, the theme's and Pagefind's files aside."""
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        if relative.split("/", 1)[0] in SKIPPED_DIRS or relative == "404.html":
            continue
        yield page_url(relative), path


class PagefindIndexer:
    """One indexing run: pages go in during the build, the bundle comes out after it.
    Errors are kept and raised by :meth:`finish`, so a page never fails to build."""

    def __init__(
        self,
        archive: Archive | None,
        site: SitePages | None,
        *,
        notes_dir: str,
        use_directory_urls: bool = True,
        item_search: bool = True,
        language: str = "en",
    ) -> None:
        self.started = time.perf_counter()
        self.language = (language or "en").split("-")[0].split("_")[0].lower()
        self.meetings: dict[str, MeetingPage] = {}
        if archive is not None and site is not None:
            self.meetings = meeting_pages(
                archive, site, use_directory_urls=use_directory_urls, items=item_search
            )
        self.exact, self.prefixes = title_only_urls(notes_dir)
        self.added: set[str] = set()
        self.pages = 0
        self.error: PagefindError | None = None
        self.cancelled = False
        self._thread: threading.Thread | None = None
        self._service: PagefindService | None = None
        self._index = 0
        try:
            self._service = PagefindService()
            self._index = self._service.new_index(
                {"force_language": self.language, "exclude_selectors": list(EXCLUDE_SELECTORS)}
            )
        except PagefindError as error:
            self._fail(error)

    def add_page(self, dest_uri: str, text: str) -> None:
        """Index one built page (``dest_uri`` as MkDocs writes it, e.g. ``a/b/index.html``)."""
        service = self._service
        if service is None or dest_uri.split("/", 1)[0] in SKIPPED_DIRS:
            return
        url = page_url(dest_uri)
        if url in self.added or dest_uri == "404.html":
            return
        self.added.add(url)
        prepared = prepare_page(
            text,
            meeting=self.meetings.get(url),
            title_only=url in self.exact or url.startswith(self.prefixes),
        )
        if prepared is None:
            return
        try:
            service.add_html(self._index, prepared, url)
            self.pages += 1
        except PagefindError as error:
            self._fail(error)

    def finish(self, site_dir: Path) -> IndexStats:
        """Index the pages the build did not hand over, and write ``<site_dir>/pagefind/``.

        The bundle is written next to the old one and swapped in, so a site being served
        always has a complete index.
        """
        finishing = time.perf_counter()
        try:
            for url, path in built_pages(site_dir):
                if url not in self.added and self._service is not None and not self.cancelled:
                    self.add_page(path.relative_to(site_dir).as_posix(), _read(path))
            service = self._service
            if self.error is not None or service is None:
                raise self.error or PagefindError("Pagefind stopped")
            if not self.pages:
                raise PagefindError(
                    "no page has Material's content area (article.md-content__inner): "
                    "search_engine: pagefind needs theme: material"
                )
            fresh = site_dir / f".{OUTPUT_DIR}-new"
            if fresh.exists():
                shutil.rmtree(fresh)
            service.write(self._index, fresh)
            if self.cancelled:
                raise PagefindError("cancelled")
            _drop_unused(fresh)
            _swap(fresh, site_dir / OUTPUT_DIR)
        finally:
            self.close()
        now = time.perf_counter()
        return IndexStats(self.pages, now - finishing, now - self.started)

    def finish_in_background(
        self, site_dir: Path, report: Callable[[IndexStats | None, Exception | None], None]
    ) -> None:
        """:meth:`finish` on a thread (under ``serve``: the rebuilt pages are served at once,
        the search index follows); ``report`` gets the outcome unless :meth:`cancel` ran."""

        def run() -> None:
            try:
                stats = self.finish(site_dir)
            except (PagefindError, OSError) as error:
                if not self.cancelled:
                    report(None, error)
                return
            if not self.cancelled:
                report(stats, None)

        self._thread = threading.Thread(target=run, name="minutes-pagefind", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        """Abandon the run (a new build starts): stop Pagefind and wait for the thread."""
        self.cancelled = True
        service, self._service = self._service, None
        if service is not None:
            service.kill()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def close(self) -> None:
        """Stop Pagefind once its work is done."""
        service, self._service = self._service, None
        if service is not None:
            service.close()

    def _fail(self, error: PagefindError) -> None:
        if self.error is None:
            self.error = error
        self.close()


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "*highlight*")
"""Pagefind's own UIs: the archive uses Material's search box, so they are never loaded."""


def _drop_unused(bundle: Path) -> None:
    for pattern in UNUSED:
        for path in bundle.glob(pattern):
            path.unlink()


def _swap(fresh: Path, target: Path) -> None:
    """Put ``fresh`` where ``target`` is, replacing it with two renames."""
    old = target.with_name(f".{target.name}-old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
