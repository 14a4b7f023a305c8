"""The Pagefind index of a built site, written as shards (``shards.py``) after the build.

:class:`PagefindIndexer` takes each page as MkDocs writes it (the plugin's
``on_post_page``) and keeps only the content Pagefind will read, compressed
(``prepare.py``); pages the build did not render (``--dirty``) are taken from the previous
run under ``serve``, else read from the site folder. After the build (``on_post_build``),
:meth:`~PagefindIndexer.finish` cuts the archive into bundles, writes those whose documents
changed since the last run, at most :data:`PROCESSES` Pagefind processes at a time, and
writes ``pagefind/minutes.json``, the list of bundles the browser merges. Under ``serve``
this runs on a thread, so the rebuilt pages are served at once and the index follows.

What a run costs is bounded by a bundle, not by the archive: a Pagefind process holds one
block of meetings (about an eighth of the archive) while it writes, and an edit rewrites
the edited meeting's block (and the bundle of other pages when a person's or a topic's
header changed), never the whole index.

One document per meeting page, not per item: Pagefind's query time grows with the number
of documents a word is in (a common word at 1,000 meetings: 30 ms as pages, 160 ms as
16,000 item records), and so do its memory and the files it writes. The search page's
kind filter has bundles of its own (``k<N>``), which nothing else reads.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from ..archive import Archive
from ..pages.site import SitePages
from . import shards as sharding
from .anchors import MeetingPage, MeetingPageMemo, meeting_pages
from .prepare import (
    Article,
    Regions,
    extract,
    has_actions,
    meeting_document,
    page_document,
    part_documents,
    regions,
)
from .service import PagefindError, PagefindService
from .shards import PAGES, Shard, digest, plan_blocks, plan_shards

OUTPUT_DIR = "pagefind"
"""Folder of the bundles in the site; the browser reads ``pagefind/minutes.json`` first."""

MANIFEST = "minutes.json"
"""The list of bundles, in ``pagefind/``: what the browser merges, and their blocks' dates."""

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
counts, edit links, feed links, the home page's quote of the latest meeting, topic chips,
reference icons and permalink signs."""

SKIPPED_DIRS = frozenset({OUTPUT_DIR, "search", "assets"})

PROCESSES = 2
"""Pagefind processes at once: the machines that build archives mostly have two cores."""

STEP = 32
"""Pages sent to a Pagefind process before waiting for its answers (it buffers requests)."""

CHUNK_SIZE = "2500"
"""Pagefind's ``PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE`` (unless set already): a search reads
one chunk of the word index from each bundle, and Pagefind's own size makes that 30 KB
for a rare word; at 2,500 a 5,000-meeting archive's cold visit plus two searches
transfers 478 KB instead of 596 KB (measured at 10,000, 4,000, 2,500 and 2,000: the
chunk list in each bundle's metadata grows as the chunks shrink)."""


@dataclass(frozen=True)
class IndexStats:
    """What one indexing run did, for the build log."""

    pages: int
    seconds: float
    """Time spent after the build (reading pages it did not hand over, writing)."""
    total: float
    """Time from the start of the build."""
    written: int = 0
    """Bundles written (the others were up to date)."""
    shards: int = 0
    peak_mb: float | None = None
    """The largest resident size of any Pagefind process of the run (Linux)."""


@dataclass
class SearchState:
    """What the index keeps between ``mkdocs serve`` rebuilds (the plugin holds it): each
    page's content, the meetings' blocks, and the digest of every bundle written."""

    pages: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    """URL -> (language, compressed content)."""
    blocks: dict[str, int] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)
    """Bundle name -> digest of the documents it was written from."""


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


def indexed(dest_uri: str) -> bool:
    """Whether a built file is a page the index reads (not a theme or Pagefind file)."""
    return (
        dest_uri.endswith(".html")
        and dest_uri.split("/", 1)[0] not in SKIPPED_DIRS
        and dest_uri != "404.html"
    )


def built_pages(site_dir: Path) -> Iterator[tuple[str, Path]]:
    """(URL, path) of every HTML page MkDocs wrote, the theme's and Pagefind's files aside."""
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        if indexed(relative):
            yield page_url(relative), path


def prepare_page(
    text: str, *, meeting: MeetingPage | None = None, title_only: bool = False
) -> str | None:
    """The page's main document as Pagefind reads it, or None when it has no content."""
    article = extract(text, title_only=title_only)
    if article is None:
        return None
    return meeting_document(article, meeting) if meeting else page_document(article)


class PagefindIndexer:
    """One indexing run: pages go in during the build, the bundles come out after it.
    Errors are raised by :meth:`finish`, so a page never fails to build."""

    def __init__(
        self,
        archive: Archive | None,
        site: SitePages | None,
        *,
        notes_dir: str,
        use_directory_urls: bool = True,
        item_search: bool = True,
        language: str = "en",
        state: SearchState | None = None,
        min_block: int | None = None,
        keep: Path | None = None,
        memo: MeetingPageMemo | None = None,
    ) -> None:
        self.started = time.perf_counter()
        self.language = (language or "en").split("-")[0].split("_")[0].lower()
        self.meetings: dict[str, MeetingPage] = {}
        if archive is not None:
            self.meetings = meeting_pages(
                archive,
                site,
                use_directory_urls=use_directory_urls,
                items=item_search,
                notes_dir=notes_dir,
                memo=memo,
            )
        self.parts = item_search and bool(self.meetings)
        self.exact, self.prefixes = title_only_urls(notes_dir)
        self.previous = state or SearchState()
        self.state = SearchState(blocks=dict(self.previous.blocks))
        self.min_block = min_block or sharding.MIN_BLOCK
        self.keep = keep
        """A copy of every bundle written, outside the site folder: a full ``mkdocs build``
        empties the site folder first, and an unchanged bundle is copied back from here
        instead of being written again (``.cache/minutes/pagefind/``)."""
        self.cancelled = False
        self._thread: threading.Thread | None = None
        self._services: set[PagefindService] = set()
        self._lock = threading.Lock()
        self._peaks: list[float] = []
        self._collected = False
        self._early_pool: ThreadPoolExecutor | None = None
        self._early_output: Path | None = None
        self._waiting: dict[str, list[list]] = {}
        """URL -> the [shard, pages still to come] of each early bundle it is in."""
        self._early: dict[str, tuple[str, Future[None] | None]] = {}
        """Bundle name -> (digest, its writing) of the bundles started during the build;
        no writing when the bundle in place was up to date."""
        self._replaced: set[str] = set()
        """Bundles this run swapped into the site (the last run's digests of them are void)."""
        self.finishing = False
        """Whether :meth:`finish` has started (a failure of the build after that point,
        ``serve --strict`` aborting after ``on_post_build``, leaves the index to finish)."""
        self._regions: dict[str, Regions] = {}
        """A meeting's regions, made for one of its two bundles, until the other takes them."""

    # -- during the build ---------------------------------------------------------------

    def expect(self, site_dir: Path, pages: Iterable[str]) -> None:
        """Plan the meetings' bundles from the pages this build will write (``dest_uri``),
        so that each is written as soon as its last page is in, on a thread, while MkDocs
        goes on with the other pages: MkDocs writes pages on one core, and the bundles'
        Pagefind processes take the other (a cold build of 1,000 meetings: the index is
        done some seconds sooner). :meth:`finish` takes what was written when its own plan
        is the same, and writes the rest."""
        urls = {page_url(dest) for dest in pages if indexed(dest)}
        dates = {url: self.meetings[url].date for url in urls if url in self.meetings}
        if not dates:
            return
        blocks = plan_blocks(dates, self.previous.blocks or None, minimum=self.min_block)
        self._early_output = site_dir / OUTPUT_DIR
        for shard in plan_shards(blocks, dates, (), parts=self.parts):
            entry: list = [shard, len(shard.urls)]
            for url in shard.urls:
                self._waiting.setdefault(url, []).append(entry)

    def add_page(self, dest_uri: str, text: str) -> None:
        """Keep one built page (``dest_uri`` as MkDocs writes it, e.g. ``a/b/index.html``)."""
        if not indexed(dest_uri):
            return
        url = page_url(dest_uri)
        title_only = url in self.exact or url.startswith(self.prefixes)
        article = extract(text, title_only=title_only and url not in self.meetings)
        if article is not None:
            self.state.pages[url] = (article.lang, zlib.compress(article.content.encode(), 1))
        for entry in self._waiting.pop(url, ()):
            entry[1] -= 1
            if entry[1] == 0 and article is not None:
                self._start_early(entry[0])

    def _start_early(self, shard: Shard) -> None:
        """Write a bundle whose pages are all in (unless the one in place is up to date)."""
        assert self._early_output is not None
        if any(url not in self.state.pages for url in shard.urls) or self.cancelled:
            return
        stamp = self._digest(shard)
        if self._up_to_date(shard.name, stamp, self._early_output):
            self._early[shard.name] = (stamp, None)
            return
        if self._early_pool is None:
            self._early_pool = ThreadPoolExecutor(
                max_workers=PROCESSES, thread_name_prefix="pagefind-early"
            )
        future = self._early_pool.submit(self._write, shard, self._early_output, stamp)
        self._early[shard.name] = (stamp, future)

    # -- after the build ------------------------------------------------------------------

    def finish(self, site_dir: Path, pages: Iterable[str] | None = None) -> IndexStats:
        """Write the bundles whose documents changed into ``<site_dir>/pagefind/``.

        ``pages`` lists the ``dest_uri`` of every page of this build (a ``--dirty`` build
        leaves removed pages' files behind); without it the site folder is listed. Each
        bundle is written beside the old one and swapped in, so a site being served always
        has complete bundles.
        """
        finishing = time.perf_counter()
        self.finishing = True
        urls = self._collect(site_dir, pages)
        if not self.state.pages:
            raise PagefindError(
                "no page has Material's content area (article.md-content__inner): "
                "search_engine: pagefind needs theme: material"
            )
        dates = {url: self.meetings[url].date for url in urls if url in self.meetings}
        self.state.blocks = plan_blocks(dates, self.previous.blocks or None, minimum=self.min_block)
        others = [url for url in urls if url not in dates]
        shards = plan_shards(self.state.blocks, dates, others, parts=self.parts)
        output = site_dir / OUTPUT_DIR
        stamps = {shard.name: self._digest(shard) for shard in shards}
        started: list[Future[None]] = []
        waiting: set[str] = set()
        todo = []
        for shard in shards:
            stamp = stamps[shard.name]
            early = self._early.get(shard.name) if output == self._early_output else None
            if early is not None and early[0] == stamp:
                if early[1] is not None:  # queued, being written or written: the same
                    started.append(early[1])
                    waiting.add(shard.name)
                continue
            if early is not None and early[1] is not None and not early[1].cancel():
                # Its pages changed since it started: written again, once this one is out
                # of the folder both would write into.
                wait([early[1]])
                todo.append(shard)
            elif not self._up_to_date(shard.name, stamp, output):
                todo.append(shard)
        waiting.update(shard.name for shard in todo)
        with self._lock:
            # A bundle's digest is in once it is written (``_write``), and those written
            # during the build are in already.
            written = {n: d for n, d in self.state.written.items() if n in stamps}
            written.update((n, d) for n, d in stamps.items() if n not in waiting)
            self.state.written = written
        self._collected = True
        todo.sort(key=lambda shard: -len(shard.urls))
        # The early bundles' pool when there is one, so that no more than PROCESSES
        # Pagefind processes run at once.
        pool = self._early_pool or ThreadPoolExecutor(
            max_workers=PROCESSES, thread_name_prefix="pagefind"
        )
        try:
            try:
                started += [pool.submit(self._write, s, output, stamps[s.name]) for s in todo]
            except RuntimeError:  # shut down by cancel() (a new serve build) meanwhile
                if not self.cancelled:
                    raise
            for future in started:
                try:
                    future.result()
                except CancelledError:
                    if not self.cancelled:
                        raise
        finally:
            pool.shutdown(wait=True)
            self._early_pool = None
            self._regions = {}
        if self.cancelled:
            raise PagefindError("cancelled")
        _write_manifest(output, shards)
        _remove_stale(output, {shard.name for shard in shards})
        if self.keep is not None and self.keep.is_dir():
            _remove_stale(self.keep, {shard.name for shard in shards})
        now = time.perf_counter()
        return IndexStats(
            len(self.state.pages),
            now - finishing,
            now - self.started,
            len(started),
            len(shards),
            max(self._peaks, default=None),
        )

    def _up_to_date(self, name: str, stamp: str, output: Path) -> bool:
        """Whether the bundle in place (or kept) was written from the same documents."""
        return self.previous.written.get(name) == stamp and self._in_place(output / name)

    def _in_place(self, bundle: Path) -> bool:
        """Whether a bundle written from the same documents is in the site (copied back
        from the kept copy if the site folder was emptied)."""
        if bundle.is_dir():
            return True
        kept = self.keep / bundle.name if self.keep is not None else None
        if kept is None or not kept.is_dir() or _incomplete(kept) is not None:
            return False
        fresh = bundle.with_name(f".{bundle.name}-new")
        try:
            if fresh.exists():
                shutil.rmtree(fresh)
            _copy_bundle(kept, fresh)
            _swap(fresh, bundle)
        except OSError:
            return False
        return True

    def _keep_copy(self, bundle: Path) -> None:
        """Copy a bundle just written to :attr:`keep` (replacing the older copy)."""
        if self.keep is None:
            return
        fresh = self.keep / f".{bundle.name}-new"
        try:
            if fresh.exists():
                shutil.rmtree(fresh)
            _copy_bundle(bundle, fresh)
            _swap(fresh, self.keep / bundle.name)
        except OSError:
            shutil.rmtree(fresh, ignore_errors=True)

    def _collect(self, site_dir: Path, pages: Iterable[str] | None) -> list[str]:
        """Every page of this build, each with its content: rendered now, kept from the last
        run, or read from the site folder."""
        if pages is None:
            found = {url: path for url, path in built_pages(site_dir)}
        else:
            found = {page_url(d): site_dir / d for d in pages if indexed(d)}
        for url, path in found.items():
            if url in self.state.pages:
                continue
            if url in self.previous.pages:
                self.state.pages[url] = self.previous.pages[url]
            elif path.is_file():
                self.add_page(path.relative_to(site_dir).as_posix(), _read(path))
        self.state.pages = {url: self.state.pages[url] for url in found if url in self.state.pages}
        return sorted(self.state.pages)

    def _article(self, url: str) -> Article:
        lang, packed = self.state.pages[url]
        return Article(lang, zlib.decompress(packed).decode())

    def _digest(self, shard: Shard) -> str:
        """What a bundle is written from: each page's content and the index's data for it."""
        parts: list[bytes] = [shard.kind.encode()]
        for url in shard.urls:
            parts += [url.encode(), self.state.pages[url][1]]
            meeting = self.meetings.get(url)
            if meeting is not None:
                parts.append(repr(meeting).encode())
        return digest(parts)

    def documents(self, shard: Shard) -> Iterator[tuple[str, str]]:
        """(URL, HTML) of each document of a bundle, made when it is written."""
        for url in shard.urls:
            article = self._article(url)
            meeting = self.meetings.get(url)
            if shard.kind == "parts":
                assert meeting is not None
                found = self._regions_of(url, article, meeting)
                for suffix, html in part_documents(article, meeting, found).values():
                    yield url + suffix, html
            elif meeting is not None:
                found = self._regions_of(url, article, meeting) if has_actions(meeting) else None
                yield url, meeting_document(article, meeting, found)
            else:
                yield url, page_document(article)

    def _regions_of(self, url: str, article: Article, meeting: MeetingPage) -> Regions:
        """A meeting's :func:`~.prepare.regions`, made once for both its bundles when both
        need them (its meetings bundle ends its actions, its parts bundle cuts them out)."""
        if not (self.parts and has_actions(meeting)):
            return regions(article.content, meeting.kinds)
        with self._lock:
            found = self._regions.pop(url, None)
        if found is None:
            found = regions(article.content, meeting.kinds)
            with self._lock:
                self._regions[url] = found
        return found

    def _write(self, shard: Shard, output: Path, stamp: str) -> None:
        """One bundle: a Pagefind process of its own, written next to the old one, checked,
        swapped in. Pagefind can answer that it wrote the files before its last file has
        its bytes (an empty ``pagefind-entry.json`` was seen once under load): the process
        is ended first, the bundle checked, and written once more if it is incomplete."""
        for attempt in (1, 2):
            if self.cancelled:
                return
            fresh = output / f".{shard.name}-new"
            if fresh.exists():
                shutil.rmtree(fresh)
            if not self._write_once(shard, fresh):
                return
            problem = _incomplete(fresh)
            if problem is None:
                break
            if attempt == 2:
                raise PagefindError(f"bundle {shard.name} written incomplete: {problem}")
        if self.cancelled:
            return
        _drop_unused(fresh)
        _swap(fresh, output / shard.name)
        with self._lock:
            self._replaced.add(shard.name)
        self._keep_copy(output / shard.name)
        with self._lock:
            self.state.written[shard.name] = stamp

    def _write_once(self, shard: Shard, fresh: Path) -> bool:
        """Index a bundle's documents into ``fresh`` with one Pagefind process, ended
        before this returns; False when the run was cancelled meanwhile."""
        service = PagefindService(env={"PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": CHUNK_SIZE})
        with self._lock:
            self._services.add(service)
        try:
            index = service.new_index(
                {"force_language": self.language, "exclude_selectors": list(EXCLUDE_SELECTORS)}
            )
            sent = 0
            for url, html in self.documents(shard):
                if self.cancelled:
                    return False
                service.add_html(index, html, url)
                sent += 1
                if sent % STEP == 0:
                    service.wait_until(STEP)
            if sent == 0:  # a block whose meetings have no items, updates or actions
                service.add_html(index, _EMPTY, "")
            service.write(index, fresh)
            peak = service.peak_mb()
            if peak is not None:
                with self._lock:
                    self._peaks.append(peak)
        finally:
            with self._lock:
                self._services.discard(service)
            service.close()
        return not self.cancelled

    def finish_in_background(
        self,
        site_dir: Path,
        report: Callable[[IndexStats | None, Exception | None], None],
        pages: Iterable[str] | None = None,
    ) -> None:
        """:meth:`finish` on a thread (under ``serve``: the rebuilt pages are served at once,
        the search index follows); ``report`` gets the outcome unless :meth:`cancel` ran."""
        pages = list(pages) if pages is not None else None

        def run() -> None:
            try:
                stats = self.finish(site_dir, pages)
            except (PagefindError, OSError) as error:
                if not self.cancelled:
                    report(None, error)
                return
            if not self.cancelled:
                report(stats, None)

        self._thread = threading.Thread(target=run, name="minutes-pagefind", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        """Abandon the run (a new build starts, or the build failed): stop Pagefind and
        wait for the threads."""
        self.cancelled = True
        with self._lock:
            services = list(self._services)
        for service in services:
            service.kill()
        if self._thread is not None:
            self._thread.join(timeout=30)
        if self._early_pool is not None:
            self._early_pool.shutdown(wait=True, cancel_futures=True)

    def salvage(self) -> SearchState | None:
        """After :meth:`cancel`: what the next run can still use (every page's content, and
        the bundles written before the run stopped); or, when it stopped before it had
        every page, the last run's state without the bundles this one replaced (their
        folders, in the site and in the kept copies, are no longer what the digests
        describe), and with those it wrote; None when it changed nothing."""
        if self._collected:
            return self.state
        with self._lock:
            replaced, written_now = set(self._replaced), dict(self.state.written)
        if not replaced:
            return None
        written = {n: d for n, d in self.previous.written.items() if n not in replaced}
        written.update(written_now)
        return SearchState(self.previous.pages, self.previous.blocks, written)

    def close(self) -> None:
        """Nothing to stop between runs: each bundle's process ends with its bundle."""


_EMPTY = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body>'
    "<article data-pagefind-body></article></body></html>"
)


def _incomplete(bundle: Path) -> str | None:
    """What is missing from a written bundle (None when it is whole): its entry file, the
    metadata the entry names, the script."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return f"pagefind-entry.json: {error}"
    for language in entry.get("languages", {}).values():
        meta = bundle / f"pagefind.{language.get('hash')}.pf_meta"
        if not meta.is_file() or not meta.stat().st_size:
            return f"{meta.name} is missing"
    script = bundle / "pagefind.js"
    if not script.is_file() or not script.stat().st_size:
        return "pagefind.js is missing"
    return None


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "*highlight*")
"""Pagefind's own UIs: the archive uses its own, so they are never loaded."""


def _copy_bundle(source: Path, target: Path) -> None:
    """Copy a bundle's folder, its files as hard links where the file system allows: no
    file of a bundle is written again once written (a new bundle is a new folder), and a
    1,000-meeting archive's copies took a second of the build."""
    shutil.copytree(source, target, copy_function=_link_or_copy)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


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


def manifest(shards: list[Shard]) -> dict:
    """``pagefind/minutes.json``: the bundles to merge, newest block first.

    ``blocks`` (newest first) name each block's meetings bundle and parts bundle and its
    dates; ``pages`` the bundle of the other pages. The header's search box merges the
    meetings and pages bundles; the search page adds the parts.
    """
    blocks: dict[str, dict[str, str]] = {}
    pages = ""
    for shard in shards:
        if shard.kind == "pages":
            pages = f"{shard.name}/"
            continue
        block = blocks.setdefault(
            shard.block, {"block": shard.block, "first": shard.first, "last": shard.last}
        )
        block[shard.kind] = f"{shard.name}/"
    ordered = sorted(blocks.values(), key=lambda b: int(b["block"]), reverse=True)
    return {"version": 1, "blocks": ordered, "pages": pages}


def _write_manifest(output: Path, shards: list[Shard]) -> None:
    output.mkdir(parents=True, exist_ok=True)
    text = json.dumps(manifest(shards), separators=(",", ":")) + "\n"
    path = output / MANIFEST
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        fresh = output / f".{MANIFEST}-new"
        fresh.write_text(text, encoding="utf-8")
        fresh.replace(path)


def _remove_stale(output: Path, names: set[str]) -> None:
    """Bundles of an earlier plan, and the files of a single-bundle index of old."""
    for path in output.iterdir():
        if path.name in names or path.name == MANIFEST or path.name.startswith("."):
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink()


__all__ = [
    "EXCLUDE_SELECTORS",
    "MANIFEST",
    "OUTPUT_DIR",
    "PAGES",
    "IndexStats",
    "PagefindIndexer",
    "SearchState",
    "built_pages",
    "page_url",
    "prepare_page",
]
