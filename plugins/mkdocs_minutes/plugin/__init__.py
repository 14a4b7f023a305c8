"""The ``minutes`` MkDocs plugin: a thin layer over the core.

Events served:
- ``on_startup``: keeps a parse cache alive across ``mkdocs serve`` rebuilds;
- ``on_config``: adds the Markdown extensions notes need, loads the registries (a broken
  registry stops the build before it starts, naming the file);
- ``on_files``: reads every note, builds the archive index, logs findings, and turns the
  core's pages into ``File.generated`` entries (meeting, person, topic, issue pages and
  indexes) or rewrites of the note files themselves, plus the export, feeds and
  ``<notes_dir>/latest/``; starts the Pagefind indexer (the default search engine);
- ``on_nav``: titles of nav pages under ``--dirty``;
- ``on_page_markdown``: places the overview where a site's ``index.md`` asks for it, and
  keeps pages out of Material's own index when Pagefind is the search engine;
- ``on_page_content``: the plugin's blocks get their classes and search attributes; the
  plugin's own pages' HTML is kept compressed until their template is filled;
- ``on_page_context``: a page's HTML back; edit links to the exact source of each meeting;
- ``on_post_page``: OpenGraph metadata and feed links in ``<head>``; each page to Pagefind;
- ``on_post_build``: the Pagefind index (pages plus a record per agenda item and update),
  or item-level entries in Material's search index with ``search_engine: lunr``.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..archive import Archive, ArchiveMemo
from ..archive.registry import RegistryError, load_people, load_topics
from ..audit import Words, lost_text, words
from ..findings import format_finding, log_level
from ..fingerprint import code_digest, digest_of
from ..model import ParsedNote
from ..notes.cache import NoteCache, Stamp, file_stamp
from ..notes.parse import forget_line_parses
from ..options import resolve_path
from ..pages import fragments
from ..pages.cache import PageCache
from ..pages.charts import adopt_charts, drawn_charts
from ..pages.links import edit_url
from ..pages.markup import forget_plain_texts
from ..pages.site import (
    OVERVIEW_MARKER,
    PageMarkdown,
    PagesMemo,
    SitePages,
    build_site_pages,
    unpacked,
)
from ..pages.templates import templates_key
from ..rendering.extension import EXTENSION_NAME
from ..workers import return_free_memory, run_elsewhere
from .bytecode import ThemeBytecode
from .config import MinutesConfig, beside_config, config_folder
from .deferred import DeferredOutputs
from .extensions import required_extensions
from .parallel import MAX_WORKERS, available_cores
from .rendered import (
    ParkedHtml,
    RenderCache,
    RenderedPage,
    library_versions,
    material_search_only,
    stable,
    without_search_attributes,
)
from .search import SearchWiring
from .session import Audited, Session, SessionStore

log = get_plugin_logger("minutes")

GC_OLD_THRESHOLD = 100
"""Young collections between two full ones while a ``mkdocs build`` reads and indexes the
archive (Python's default is 10; see ``on_files``)."""

TRIM_EVERY = 20
"""Pages between two trims of the heap in a ``mkdocs build`` (``_trim_heap_now_and_then``)."""

INCLUDING_EXTENSIONS = {"pymdownx.snippets", "markdown_include.include", "mdx_include"}
"""Markdown extensions that put other files into a page: its Markdown no longer says all
that its HTML holds, so no rendered page is kept (``cache``)."""

CSS_SRC = "assets/minutes/minutes.css"
EXPORT_SRC = "meetings.json"
"""The JSON export's site path (the contract's)."""


class MinutesPlugin(BasePlugin[MinutesConfig]):
    """Publishes a folder of meeting notes as a cross-linked, searchable archive."""

    def __init__(self) -> None:
        self.cache = NoteCache()
        self.sessions = SessionStore()
        """The memos of the last build on disk (``session.py``), for a new process."""
        self.session_checked = False
        self.heap_settled = False
        """Whether the first serve build's objects were frozen (``_settle_heap``)."""
        self.session_changed = False
        """Whether the memos changed since they were read or written (else not rewritten)."""
        self.pages_since_trim = 0
        self.session_key = ""
        self.build_done = False
        self.archive_memo = ArchiveMemo()
        """What the index keeps between the builds of ``mkdocs serve`` (see ArchiveMemo)."""
        self.pages_memo = PagesMemo()
        """The pages drawn by the last build, redrawn only when what they show changed."""
        self.archive: Archive | None = None
        self.site: SitePages | None = None
        self.notes: list[ParsedNote] = []
        self.pages: PageCache | None = None
        self.people = ()
        self.topics = ()
        self.search_engine = "lunr"
        self.search = SearchWiring()
        """Pagefind, the search page and the index (``search.py``)."""
        self.command = "build"
        self.stashed: dict[str, list[str]] = {}
        """The HTML fragments taken out of each page's Markdown, until its HTML is ready."""
        self.workers: Any = None
        """The render workers of the current build (``parallel.py``), between nav and env."""
        self.render_cache = RenderCache(None)
        """Rendered pages kept on disk between builds (``plugin/rendered.py``)."""
        self.caching = False
        """Whether this build keeps rendered pages: only when every page event handler of
        the site is the plugin's own (another plugin's may change a page later)."""
        self.rendered: dict[str, Any] = {}
        """A worker's result for a page, between ``on_page_markdown`` and ``on_page_content``."""
        self.worker_keys: dict[str, str] = {}
        """The cache key of each page a worker renders, to keep its result."""
        self.in_worker = False
        """Whether this process is a render worker (``_as_worker``)."""
        self.keys_in_workers = False
        """Whether the workers make the keys of the pages they keep (a cold cache)."""
        self.note_files: list[tuple[File, ParsedNote]] = []
        """The note files of this build with their parses, until ``_add_pages``."""
        self.kept_keys: dict[str, tuple[bytes, str]] = {}
        """Page -> (digest of its Markdown, cache key) of the kept pages ``on_nav`` found:
        the key is not made twice while no plugin changed the Markdown."""
        self.page_words: dict[str, Words] = {}
        """A note page's words, read with its HTML (or kept with it), for the audit."""
        self.generated_outputs: set[str] = set()
        """The site files of the pages the last build generated (see ``on_env``)."""
        self.generated_src: set[str] = set()
        """The source paths of the files this build generated (pages, data, stylesheet)."""
        self.audited: Audited = {}
        """Each note's audit: the note's parse key and page words it read, its findings."""
        self.audit_changed = False
        """Whether a note was audited again since the audit was read or written."""
        self.export_memo: Any = None
        """Each meeting's encoded part of the export, kept between serve builds."""
        self.theme_bytecode = ThemeBytecode()
        """The theme's templates as compiled by the last build (``bytecode.py``)."""
        self.parked = ParkedHtml()
        """The plugin's pages' HTML, compressed between rendering and writing."""
        self.parking = False
        """Whether this build parks its pages' HTML: when no other plugin handles a page
        event (it would see the empty string the parked page holds)."""
        self.restore_last = False
        """Whether a parked page gets its HTML back after Material's search plugin's
        ``on_page_context`` (``_on_page_context_last``)."""
        self.deferred = DeferredOutputs()
        """Under ``serve``: the data files, written after the pages (``deferred.py``)."""
        self.published: dict[str, Words] = {}
        """Words of each rendered page published from a note, for the coverage audit; kept
        across ``serve`` rebuilds, where a ``--dirty`` build renders only changed pages."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining this keeps the instance (and its parse cache) across serve rebuilds."""
        self.command = command
        self.dirty = dirty

    def on_shutdown(self) -> None:
        """Leave the session (notes and memos) and the audit for the next process, after
        a good build; stop the search bundles of a build interrupted (Ctrl-C) before its
        index was started."""
        self.search.abandon()
        self.deferred.wait()
        if not self.build_done:
            self.sessions.discard()
            return
        if self.audit_changed:
            self.sessions.save_audit(self.session_key, self.audited)
            self.audit_changed = False
        if self.sessions.staged:
            self.sessions.commit()
        elif self.session_changed:
            self._keep_session(self.sessions.save)
        self.session_changed = False

    def _keep_session(self, keep: Callable[[Session], None]) -> None:
        """The notes and memos, to disk (``SessionStore.save`` or ``stage``)."""
        if not self.sessions.path:
            return
        clock = _Clock()
        keep(
            Session(
                self.session_key,
                self.cache.entries,
                self.archive_memo,
                self.pages_memo,
                drawn_charts(),
            )
        )
        clock.lap("kept the session for the next build")

    def _resume_session(self) -> None:
        """At the first build of a process: the memos of the last build, if its options,
        registries, templates and code were the same (see ``session.py``)."""
        self.session_checked = True
        clock = _Clock()
        session = self.sessions.load(self.session_key)
        if session is None:
            self.session_changed = True
            return
        self.cache.adopt(session.notes)
        self.archive_memo = session.archive
        self.pages_memo = session.pages
        self.audited = self.sessions.load_audit(self.session_key)
        adopt_charts(session.charts)
        clock.lap(f"resumed the last build's session ({len(session.notes)} notes)")

    def _page_cache(self, config: MkDocsConfig) -> PageCache:
        """Where page Markdown is written, so unchanged pages keep their file times."""
        root = _cache_root(config)
        if self.pages is None or self.pages.root != root / "pages":
            self.pages = PageCache(
                root / "pages",
                compare_on_disk=getattr(self, "dirty", False),
                keep_text=self.command == "serve",
            )
        return self.pages

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Bring the Markdown extensions notes need; read the registries."""
        if not self.config.enabled:
            return None
        self.deferred.wait()
        if self.heap_settled:
            self.deferred.pause_collector()  # a serve rebuild (see deferred.py)
        self.archive = None
        self.site = None
        self.page_words = {}
        self.parked.reset()
        for name, options in required_extensions(self.config.raw_html).items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                config.mdx_configs[name] = options
        if "pymdownx.magiclink" in config.markdown_extensions:
            # The site links bare URLs already: the plugin's own (cheaper) linkify would
            # only repeat the work.
            config.mdx_configs.setdefault(EXTENSION_NAME, {})["linkify"] = False
        if CSS_SRC not in config.extra_css:
            config.extra_css.append(CSS_SRC)
        self.cache.folder = _cache_root(config) / "notes" if self.config.cache else None
        self.sessions.path = _cache_root(config) / "session.pickle" if self.config.cache else None
        self.build_done = False
        self.search_engine = self.search.configure(config, self.config.search_engine)
        base = Path(config.config_file_path or ".").parent
        try:
            self.people = (
                load_people(resolve_path(base, Path(config.docs_dir), self.config.people))
                if (self.config.people)
                else ()
            )
            self.topics = (
                load_topics(resolve_path(base, Path(config.docs_dir), self.config.topics))
                if (self.config.topics)
                else ()
            )
        except RegistryError as error:
            raise PluginError(f"minutes: {error}") from error
        except OSError as error:
            raise PluginError(f"minutes: cannot read registry: {error}") from error
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Parse the notes, build the archive index and add every generated page."""
        if not self.config.enabled:
            return None
        clock = _Clock()
        thresholds = gc.get_threshold()
        if self.command == "build":
            gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], GC_OLD_THRESHOLD))
        try:
            return self._files(files, config, clock)
        finally:
            gc.set_threshold(*thresholds)

    def _files(self, files: Files, config: MkDocsConfig, clock: _Clock) -> Files:
        self.session_key = _session_key(config, self.config, self.people, self.topics)
        if not self.session_checked:
            self._resume_session()
        known_notes = set(self.cache.entries)
        notes = self._read_notes(files)
        self.session_changed |= bool(
            self.cache.parsed or self.cache.loaded or set(self.cache.entries) != known_notes
        )
        clock.lap(
            f"read {len(notes)} notes ({self.cache.parsed} parsed, "
            f"{self.cache.loaded} from the disk cache)"
        )
        self.archive_memo.expect_rebuilds(self.command == "serve")
        archive = Archive.build(
            notes,
            people=self.people,
            topics=self.topics,
            github_repo=self.config.github_repo,
            discover=self.config.topics_discover,
            exclude=self.config.topics_exclude,
            memo=self.archive_memo,
            workers=self._workers if self.command == "build" else 0,
        )
        clock.lap(f"indexed {len(archive.meetings)} meetings")
        self._log_findings(notes, archive)
        self.pages_memo.compact = self.pages_memo.feeds.compact = self.command == "build"
        site = build_site_pages(
            archive,
            notes,
            notes_dir=self._notes_dir,
            existing={f.src_uri for f in files},
            site_has_index=files.get_file_from_path("index.md") is not None,
            overview=self.config.overview,
            edit_url=lambda path, line: _edit_url(config, self._notes_dir + "/" + path, line),
            use_directory_urls=config.use_directory_urls,
            template_dirs=config.theme.dirs,
            memo=self.pages_memo,
            feeds=self.config.feeds,
            workers=self._workers,
        )
        clock.lap(
            f"drew {len(site.pages) + len(site.rewrites)} pages ({self.pages_memo.drawn} "
            f"templates drawn, {self.pages_memo.hits} as the last build drew them)"
        )
        self.session_changed |= bool(self.pages_memo.drawn)
        self._add_pages(site, archive, files, config)
        self.archive, self.site, self.notes = archive, site, notes
        clock.lap("added the pages and data files")
        if self.command == "build":
            forget_plain_texts()
            forget_line_parses()
            return_free_memory()  # before the writer forks (``workers.py``)
            if self.session_changed:
                # The memos are complete: written now, put in place after a good build.
                self._keep_session(self.sessions.stage_in_background)
            if self.sessions.staged or not self.session_changed:
                # The memos serve only the next build, and they are written (or being
                # written by a forked process), or the last session on disk holds them
                # already: the pages rendered next can reuse their memory (discovery's
                # words, the drawn pages, the actions' comparisons: 50 MB at 1,000
                # meetings).
                self.archive_memo = ArchiveMemo()
                self.pages_memo.clear()
            # What is alive now lives to the end of the build (the notes, the archive,
            # the pages' files): collected once, then left out of the full collections
            # that rendering triggers, which walked all of it each time.
            gc.collect()
            gc.freeze()
            return_free_memory()
        return files

    @property
    def _workers(self) -> int:
        """Processes to fork beside this one for parsing and drawing (option ``parallel``)."""
        return min(available_cores() - 1, MAX_WORKERS) if self.config.parallel else 0

    @property
    def _notes_dir(self) -> str:
        return self.config.notes_dir.strip("/")

    def _read_notes(self, files: Files) -> list[ParsedNote]:
        """Every note's parse (cached); each note's file is kept with it, to be given the
        decoded text if a page does not take its place (``_add_pages``)."""
        prefix = self._notes_dir + "/"
        note_files: dict[str, File] = {}
        found: dict[str, ParsedNote] = {}
        to_read: list[tuple[str, bytes, Stamp | None]] = []
        repo = self.config.github_repo
        self.cache.start()
        for file in files.documentation_pages():
            if not file.src_uri.startswith(prefix):
                continue
            relative = file.src_uri[len(prefix) :]
            # A file whose text another plugin gave MkDocs in memory is always read.
            in_memory = file.generated_by or getattr(file, "_content", None) is not None
            stamp = None if in_memory else file_stamp(file.abs_src_path)
            note = self.cache.unchanged(relative, stamp, repo) if stamp else None
            if note is None:
                to_read.append((relative, file.content_bytes, stamp))
            else:
                found[relative] = note
            note_files[relative] = file
        for (relative, _, _), note in zip(
            to_read, self.cache.parse_all(to_read, repo, self._workers), strict=True
        ):
            found[relative] = note
        notes = []
        self.note_files = []
        for relative, file in note_files.items():
            note = found[relative]
            self.note_files.append((file, note))
            notes.append(note)
        self.cache.retain(note_files)
        return notes

    def _log_findings(self, notes: list[ParsedNote], archive: Archive) -> None:
        """The notes' and the index's findings, at the levels of the contract's table."""
        prefix = self._notes_dir + "/"
        if archive.discovery is not None:
            log.debug(
                f"discovered {len(archive.discovery.topics)} topics in "
                f"{archive.discovery.seconds:.2f} s"
            )
        for note in notes:
            for finding in note.findings:
                log.log(log_level(finding), format_finding(finding, prefix))
        for finding in archive.findings:
            log.log(log_level(finding), format_finding(finding, prefix))

    def _add_pages(
        self, site: SitePages, archive: Archive, files: Files, config: MkDocsConfig
    ) -> None:
        """The pages as files of the site (backed by their cache files), the stylesheet,
        the search assets, the data files; a warning for any link to no page."""
        pages = self._page_cache(config)
        self.generated_src = set()
        in_order = sorted(
            [*site.rewrites.items(), *site.pages.items()], key=_build_order(archive, site)
        )
        kept: list[tuple[str, PageMarkdown]] = []
        for src_uri, markdown in in_order:
            inclusion = InclusionLevel.INCLUDED
            if src_uri in site.rewrites:
                file = files.get_file_from_path(src_uri)
                if file is None:
                    continue
                files.remove(file)
                inclusion = file.inclusion
            if src_uri in site.hidden:
                inclusion = InclusionLevel.NOT_IN_NAV
            path = pages.path(src_uri)
            files.append(
                CachedPageFile.generated(
                    config, src_uri, abs_src_path=str(path), inclusion=inclusion
                )
            )
            kept.append((src_uri, markdown))
            self.generated_src.add(src_uri)
        written = self._keep_pages(pages, kept)
        for file, note in self.note_files:
            if files.get_file_from_path(file.src_uri) is file:
                # A note file MkDocs still renders reads the text decoded as the contract
                # says (MkDocs never meets undecodable bytes). Only now: a note's text is
                # kept as UTF-8 (``model.py``) and the files pages replace never need it.
                file.content_string = note.text
        self.note_files = []
        from ..pages.style import STYLESHEET

        if files.get_file_from_path(CSS_SRC) is None:
            files.append(File.generated(config, CSS_SRC, content=STYLESHEET))
        data = self._now_or_after_the_pages(
            functools.partial(self._data_files, archive, site, config, self._notes_dir, pages),
            archive,
            pages,
            config,
        )
        for src_uri, path in data.items():
            if files.get_file_from_path(src_uri) is None:
                files.append(CachedPageFile.generated(config, src_uri, abs_src_path=str(path)))
                self.generated_src.add(src_uri)
        if not written():  # the forked writer failed: written here
            _write_pages(pages, kept)
        known = {f.src_uri for f in files} | set(site.pages)
        for target, source in sorted(site.links.targets.items()):
            if target not in known:
                # The templates' links are HTML, which MkDocs does not check.
                log.warning(f"{source}: link to '{target}', which is not a page of the site")
        # MkDocs reads each page from its cache file: the Markdown need not stay in memory.
        site.release_markdown()
        self.search.add_files(
            files,
            config,
            archive,
            site,
            cache=pages,
            item_search=self.config.item_search,
            saved=_cache_root(config) / "search.json" if self.config.cache else None,
            key=self.session_key,
        )

    @event_priority(-100)
    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Read the titles of navigation pages a ``--dirty`` build will not render, then
        start the render workers (last, once every plugin has had the navigation).

        MkDocs takes a page's title from its Markdown, which a dirty build skips for
        unchanged pages: their nav entries would read "None" on every rebuilt page.
        """
        if getattr(self, "dirty", False):
            for page in nav.pages:
                if page.markdown is None:
                    page.read_source(config)
        from .parallel import foreign_page_handlers

        self.parking = not foreign_page_handlers(config, self)
        self.restore_last = (
            self.parking and self.search_engine == "pagefind" and material_search_only(config, self)
        )
        self.caching = (
            bool(self.config.cache)
            and self.parking
            and not INCLUDING_EXTENSIONS & set(config.markdown_extensions)
        )
        self.render_cache.folder = _cache_root(config) / "html" if self.caching else None
        self.render_cache.start(config)
        if self.site is not None and self.config.parallel:
            self._start_workers(config, files)
        return None

    def _start_workers(self, config: MkDocsConfig, files: Files) -> None:
        """Fork workers to render pages the plugin generated, alongside the main process."""
        from .parallel import (
            MAX_WORKERS,
            ParallelRender,
            WorkerHooks,
            available_cores,
            foreign_page_handlers,
        )

        assert self.site is not None
        workers = min(available_cores() - 1, MAX_WORKERS)
        if workers < 1:
            return
        foreign = foreign_page_handlers(config, self)
        if foreign:
            log.debug(
                "meeting pages rendered in one process: other page events " + ", ".join(foreign)
            )
            return
        dirty = getattr(self, "dirty", False)
        candidates = [
            file
            for file in files.documentation_pages()
            if file.src_uri in self.generated_src and (not dirty or file.is_modified())
        ]
        self.keys_in_workers = self.caching and self.render_cache.empty()
        if self.caching and not self.keys_in_workers:
            # Pages kept from an earlier build stay with the main process (reading them is
            # quick); the workers render the others, whose results the main process keeps.
            candidates = [file for file in candidates if not self._kept(file, config, files)]
        # With nothing kept yet (a cold build) no page is read here: each worker makes the
        # key of a page it renders as it reads it (``on_page_markdown``), and keeps it.
        self.workers = ParallelRender.start(
            config,
            files,
            candidates,
            workers,
            hooks=WorkerHooks(self._as_worker, self._complete_in_worker, self._keep_in_worker),
        )

    def _kept(self, file: File, config: MkDocsConfig, files: Files) -> bool:
        """Whether the page's HTML is in the disk cache; if not, remember its key so the
        worker's result can be kept."""
        page = file.page
        if page is None:
            return False
        read_here = page.markdown is None
        if read_here:
            page.read_source(config)
        if page.markdown is None or not self._cacheable(page):
            return False
        key = self.render_cache.key(page, page.markdown, files)
        kept = self.render_cache.has(key)
        if kept:
            self.kept_keys[file.src_uri] = (_fingerprint(page.markdown), key)
        else:
            self.worker_keys[file.src_uri] = key
        if read_here:
            # MkDocs reads the page again to render it (``_populate_page``): its Markdown
            # need not wait here meanwhile (every page's at once: 116 MB at 1,000 meetings,
            # the build's largest allocation).
            page.markdown = None
        return kept

    def _cacheable(self, page: Page) -> bool:
        """Whether the page's HTML may be kept: a page the plugin generated, whose
        Markdown holds all it shows (a site's own page may show a file the key misses)."""
        return page.file.src_uri in self.generated_src

    def _as_worker(self) -> None:
        """In a worker: pages are not read from the disk cache (the main process kept the
        pages it found there), and the worker sends its pages' HTML whole (the main
        process parks it)."""
        self.caching = self.parking = False
        self.in_worker = True

    def _complete_in_worker(self, src_uri: str, rendered: RenderedPage) -> None:
        """In a worker: a note page's result carries its words (``on_page_content`` read
        them there), for the coverage audit of the main process, and the key it is kept
        under when the worker made it."""
        rendered.words = self.page_words.pop(src_uri, None)
        if self.keys_in_workers:
            rendered.cache_key = self.worker_keys.get(src_uri)

    def _keep_in_worker(self, src_uri: str, pickled: bytes) -> None:
        """In a worker: write a page's result to the disk cache under the key the main
        process gave it (``_kept``), so the main process need not."""
        key = self.worker_keys.get(src_uri)
        if key is not None:
            self.render_cache.write(key, pickled)

    def _stop_workers(self) -> None:
        if self.workers is not None:
            self.workers.finish()
            self.workers = None
        self.rendered.clear()
        self.worker_keys.clear()
        self.kept_keys.clear()

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page is rendered: the workers are done. A dirty rebuild removes the
        outputs of pages the plugin generated before and no longer does (a meeting, person
        or reference gone with an edit): a full build would not have them."""
        self._stop_workers()
        self.theme_bytecode.attach(env)
        outputs = {file.dest_uri for file in files}
        generated = {file.dest_uri for file in files if file.src_uri in self.generated_src}
        if getattr(self, "dirty", False):
            _remove_outputs(Path(config.site_dir), self.generated_outputs - outputs)
        self.generated_outputs = generated
        return None

    def on_build_error(self, *, error: Exception) -> None:
        """Never leave a worker, a Pagefind process (or a log handler) behind after a
        failed build."""
        self._stop_workers()
        self.search.abandon()
        self.render_cache.abandon()
        self.deferred.drop()
        self._unfreeze()

    @event_priority(-50)
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Place the archive overview where a site's own page writes the marker, and take
        the templates' HTML fragments out of the Markdown. A page a worker rendered gets
        an empty page to render: its results come in ``on_page_content``."""
        if self.workers is not None:
            rendered = self.workers.take(page.file.src_uri)
            if rendered is not None:
                sources = self.site.sources if self.site is not None else {}
                if rendered.words is None and page.file.src_uri in sources:
                    rendered.words = words(rendered.html())
                key = self.worker_keys.pop(page.file.src_uri, None) or rendered.cache_key
                if key is not None:
                    self.render_cache.kept_by_worker(key)
                self.rendered[page.file.src_uri] = rendered
                return ""
        if self.in_worker and self.keys_in_workers and self._cacheable(page):
            self.worker_keys[page.file.src_uri] = self.render_cache.key(page, markdown, files)
        if self.search_engine == "pagefind":
            # Pagefind indexes this page; Material's own index (fetched by every page) stays empty.
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        if self.site is None:
            return None
        if OVERVIEW_MARKER in markdown:
            markdown = markdown.replace(
                OVERVIEW_MARKER, self.site.overview_for(page.file.src_uri), 1
            )
        if self.caching and self._cacheable(page):
            # A page rendered before from the same inputs: its HTML comes from the cache.
            known = self.kept_keys.pop(page.file.src_uri, None)
            key = (
                known[1]
                if known is not None and known[0] == _fingerprint(markdown)
                else self.render_cache.key(page, markdown, files)
            )
            cached = self.render_cache.get(key)
            if cached is not None:
                self.rendered[page.file.src_uri] = cached
                return ""
            self.render_cache.begin(page, key)
        # The templates' HTML fragments skip Python-Markdown (see pages/fragments.py).
        markdown, blocks = fragments.stash(markdown)
        if blocks:
            self.stashed[page.file.src_uri] = blocks
        return markdown

    @event_priority(50)
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Put the templates' HTML fragments back, before the search plugin reads the page
        (or a worker's whole result in place)."""
        self._trim_heap_now_and_then()
        rendered = self.rendered.pop(page.file.src_uri, None)
        if rendered is not None:
            if rendered.words is not None:
                self.page_words[page.file.src_uri] = rendered.words
            rendered.apply(page, files)
            if self._parks(page):
                return self.parked.park_compressed(page, rendered.compressed_html())
            return rendered.html()
        blocks = self.stashed.pop(page.file.src_uri, None)
        if blocks:
            html = fragments.restore(html, blocks)
        found = None
        if self.site is not None and page.file.src_uri in self.site.sources:
            found = self.page_words[page.file.src_uri] = words(html)
        self.render_cache.end(page, html, found)
        return self._parked(page, html)

    def _parked(self, page: Page, html: str) -> str:
        """The HTML MkDocs keeps for the page until its template is filled: the plugin's
        own pages' is kept compressed meanwhile (``ParkedHtml``)."""
        if self._parks(page):
            return self.parked.park(page, html)
        return html

    def _parks(self, page: Page) -> bool:
        """Whether the page's HTML waits for its template compressed (``ParkedHtml``)."""
        return self.parking and page.file.src_uri in self.generated_src

    @event_priority(100)
    def _on_page_context_first(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any] | None:
        """Give a parked page its HTML back, before any plugin or the template reads it
        (unless only Material's search would: ``_on_page_context_last``); point the
        theme's edit button at the note's source, not the generated page."""
        if not self.restore_last:
            self.parked.restore(page)
        if self.site is None:
            return None
        source = self.site.sources.get(page.file.src_uri)
        if source is not None:
            page.edit_url = _edit_url(
                config, self.config.notes_dir.strip("/") + "/" + source[0], source[1]
            )
        elif page.file.generated_by:
            page.edit_url = None
        return context

    @event_priority(-100)
    def _on_page_context_last(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any] | None:
        """A parked page's HTML back after Material's search plugin, when it is the only
        other handler (``material_search_only``): it then removes its attributes from an
        empty page instead of scanning the whole HTML."""
        if self.restore_last and self.parked.restore(page) and page.content:
            page.content = without_search_attributes(page.content)
        return None

    on_page_context = CombinedEvent(_on_page_context_first, _on_page_context_last)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """OpenGraph card metadata and feed discovery links in every page's head."""
        self._trim_heap_now_and_then()
        self.search.add_page(page.file.dest_uri, output)
        if self.site is None:
            return None
        if page.file.src_uri in self.site.sources:
            # The words of the page's content, as on_page_content read them (or kept).
            found = self.page_words.pop(page.file.src_uri, None)
            self.published[page.file.src_uri] = (
                found if found is not None else words(page.content or "")
            )
        from .head import head_tags

        tags = head_tags(page, config, feeds=self.config.feeds)
        return output.replace("</head>", tags + "</head>", 1) if tags else None

    def _trim_heap_now_and_then(self) -> None:
        """Every :data:`TRIM_EVERY` pages of a ``mkdocs build``, give the memory the
        allocator holds free back (``workers.return_free_memory``).

        Rendering and writing allocate each page's text and HTML, larger than Python's
        small-object pools, and free them; the allocator reuses a freed chunk only where
        the next one fits, so the heap kept growing with free memory in it: the build's
        own process ended 1,000 meetings at 318 MB, 290 MB with a trim every 200 pages.
        Every 20 pages its peak is 215 MB instead of 225 (every 10, no lower); the 160
        trims of a cold build take 0.24 s in all."""
        if self.command != "build":
            return
        self.pages_since_trim += 1
        if self.pages_since_trim >= TRIM_EVERY:
            self.pages_since_trim = 0
            return_free_memory()

    def _keep_pages(
        self, pages: PageCache, kept: list[tuple[str, PageMarkdown]]
    ) -> Callable[[], bool]:
        """Write the pages' Markdown to their cache files, which MkDocs reads them from: in
        a ``mkdocs build``, by a forked process while this one makes the data files (0.7 s
        of writing files at 1,000 meetings, on one core while the other waited); the
        function returned waits for it (the pages are read only after ``on_files``)."""
        if self.command == "build" and self._workers:
            written = run_elsewhere(functools.partial(_write_pages, pages, kept))
            pages.written_elsewhere(src_uri for src_uri, _ in kept)
            return written
        _write_pages(pages, kept)
        return lambda: True

    def _now_or_after_the_pages(
        self,
        write: Callable[[], dict[str, Path]],
        archive: Archive,
        pages: PageCache,
        config: MkDocsConfig,
    ) -> dict[str, Path]:
        """The data files ``write`` writes: written now, or, under ``serve`` when each has
        a cache file already, after the pages (``deferred.py``), MkDocs given their paths."""
        from ..pages.outputs import site_text_paths

        if self.command == "serve":
            planned = site_text_paths(archive, notes_dir=self._notes_dir, feeds=self.config.feeds)
            if self.config.export:
                planned.append(EXPORT_SRC)
            cached = {src_uri: pages.root / src_uri for src_uri in planned}
            if all(path.is_file() for path in cached.values()):
                self.deferred.plan(write, Path(config.site_dir))
                return cached
        return write()

    def _data_files(
        self,
        archive: Archive,
        site: SitePages,
        config: MkDocsConfig,
        notes_dir: str,
        pages: PageCache,
    ) -> dict[str, Path]:
        """The export, the feeds and the ``latest`` redirect: files of the site like pages,
        so links to them are checked and ``mkdocs serve`` serves them too. Written to the
        cache folder and copied by MkDocs, so the build never holds the export in memory.
        Their cache files by site path."""
        from ..archive.export import ExportMemo, write_export
        from ..pages.outputs import SiteInfo, site_texts

        if self.export_memo is None and self.command == "serve":
            self.export_memo = ExportMemo()

        data: dict[str, Path] = {}
        exported: Callable[[], bool] | None = None
        if self.config.export:
            # Made from the notes, the options and the registries alone: kept as it is
            # when none changed (a warm build), since writing it takes seconds.
            made_from = digest_of(
                self.session_key,
                notes_dir,
                sorted((path, key) for path, (key, _) in self.cache.entries.items()),
            )
            key = made_from if self.config.cache else None

            def export() -> Path:
                return pages.write_with(
                    EXPORT_SRC,
                    lambda stream: write_export(
                        archive, stream, notes_dir=notes_dir, memo=self.export_memo
                    ),
                    key=key,
                )

            if (
                self.command == "build"
                and self._workers
                and not (key is not None and pages.up_to_date(EXPORT_SRC, key))
            ):
                # A forked process writes it (no memo to keep in a build) while this one
                # makes the feeds.
                exported = run_elsewhere(export)
            else:
                data[EXPORT_SRC] = export()
        info = SiteInfo(
            name=config.site_name,
            url=config.site_url or "",
            description=config.site_description or "",
            use_directory_urls=config.use_directory_urls,
        )
        texts = site_texts(
            archive,
            site,
            info,
            notes_dir=notes_dir,
            feeds=self.config.feeds,
            feed_limit=self.config.feed_limit,
            memo=self.pages_memo.feeds,
        )
        self.session_changed |= bool(self.pages_memo.feeds.written)
        for src_uri, text in texts.items():
            data[src_uri] = pages.write(src_uri, unpacked(text))
        if exported is not None:
            # Written there, or (the process failed) here.
            data[EXPORT_SRC] = pages.root / EXPORT_SRC if exported() else export()
        return data

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Build the Pagefind index, or add item entries to Material's (``lunr``) index;
        then give the garbage collector back what ``on_files`` froze (a process may go on
        after a build, and build again)."""
        try:
            self._post_build(config)
        finally:
            self._unfreeze()

    def _unfreeze(self) -> None:
        """Give the garbage collector back what ``on_files`` of a ``mkdocs build`` froze."""
        if self.command == "build" and gc.get_freeze_count():
            gc.unfreeze()

    def _post_build(self, config: MkDocsConfig) -> None:
        if self.archive is None or self.site is None:
            self.deferred.start()
            return
        # Under ``serve`` the disk caches are pruned after the rebuild: globbing a
        # thousand cache entries is nothing anyone waits for.
        pruned_later = self.command == "serve"
        self.deferred.start(then=self._prune if pruned_later else None)
        self.build_done = True
        self._settle_heap()
        meanwhile = self._audit if pruned_later else self._audit_and_prune
        if self.search_engine == "pagefind":
            self.search.finish(
                Path(config.site_dir), background=self.command == "serve", meanwhile=meanwhile
            )
            return
        meanwhile()
        if not self.config.item_search:
            return
        from ..pages.outputs import write_item_search

        write_item_search(
            self.archive,
            self.site,
            Path(config.site_dir),
            self.config.notes_dir.strip("/"),
            config.use_directory_urls,
        )

    def _audit_and_prune(self) -> None:
        """The coverage audit, then the disk caches' entries this build did not use."""
        self._audit()
        self._prune()

    def _prune(self) -> None:
        """Delete the disk caches' entries this build did not use."""
        self.cache.prune()
        if not getattr(self, "dirty", False):
            # A dirty build renders only changed pages: the others' entries stay.
            self.render_cache.prune()
        log.debug(
            f"rendered pages: {self.render_cache.hits} from the cache, "
            f"{self.render_cache.stored} kept for the next build"
        )

    def _settle_heap(self) -> None:
        """After the first build of ``mkdocs serve``: collect, then freeze what is alive.

        The first build leaves the notes, the memos and the drawn pages in memory for the
        rebuilds, millions of objects that live as long as the server. Python's full
        garbage collections walk all of them, several times per rebuild (a second of a
        one-note edit at 1,000 notes); frozen, they are left out, and only what later
        builds allocate is walked. Objects of the first build that die later are still
        freed by their reference counts; only cycles among them (MkDocs's pages and
        files) stay, once.
        """
        if self.command != "serve" or self.heap_settled:
            return
        self.heap_settled = True
        gc.collect()
        gc.freeze()

    def _audit(self) -> None:
        """Log every line of a note that reaches none of its rendered pages (``lost-text``).

        A note is audited when all its pages were rendered, in this build or (under
        ``serve --dirty``) an earlier one of this process; a ``build --dirty`` that skips
        a note's unchanged pages leaves that note for the next full build.
        """
        assert self.site is not None
        prefix = self.config.notes_dir.strip("/") + "/"
        pages_of = self.site.pages_of()
        self.published = {
            src: found for src, found in self.published.items() if src in self.site.sources
        }
        audited = lost = 0
        results: Audited = {}
        entries = self.cache.entries
        for note in self.notes:
            sources = pages_of.get(note.path, [])
            if not sources or any(src not in self.published for src in sources):
                continue
            audited += 1
            published = [self.published[src] for src in sources]
            entry = entries.get(note.path)
            key = entry[0] if entry is not None and entry[1] is note else ""
            last = self.audited.get(note.path)
            if (
                last is not None
                and key
                and last[0] == key
                and len(last[1]) == len(published)
                and all(a is b or a == b for a, b in zip(last[1], published, strict=True))
            ):
                findings = last[2]  # the note and its rendered pages are those audited
            else:
                findings = lost_text(note, published)
                self.audit_changed = True
            results[note.path] = (key, published, findings)
            for finding in findings:
                lost += 1
                log.log(log_level(finding), format_finding(finding, prefix))
        self.audit_changed |= results.keys() != self.audited.keys()
        self.audited = results
        log.debug(f"coverage audit: {audited} of {len(self.notes)} notes, {lost} lost-text")


def _build_order(archive: Archive, site: SitePages) -> Callable[[tuple[str, str]], tuple]:
    """The order the plugin's pages are added to the site's files, which MkDocs renders and
    writes them in: the meeting pages first, oldest first across all series (a yearly
    archive file's meetings among the others), then the other pages as they came. The
    search index cuts the meetings into blocks by date and writes a block's bundles as soon
    as its pages are written: in this order each block is complete a quarter of the way
    through the pages rather than near the end (``sorted`` is stable: same-day meetings
    and the other pages keep their order)."""
    dates = {
        src: meeting.date
        for meeting in archive.meetings
        if (src := site.meeting_src.get(meeting.id)) is not None
    }

    def key(entry: tuple[str, str]) -> tuple:
        date = dates.get(entry[0])
        return (0, date) if date is not None else (1,)

    return key


class _Clock:
    """Times the steps of ``on_files`` for the build log (``mkdocs build -v``)."""

    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()

    def lap(self, what: str) -> None:
        now = time.perf_counter()
        log.debug(f"{what} in {now - self.last:.2f} s")
        self.last = now


def _session_key(
    config: MkDocsConfig, options: MinutesConfig, people: object, topics: object
) -> str:
    """What the memos of a build hold for a whole process, hashed: the code, the libraries,
    the plugin's options, the registries, the page templates and the site settings the
    pages are drawn with."""
    return digest_of(
        code_digest(),
        library_versions(),
        stable(dict(options)),
        people,
        topics,
        templates_key(config.theme.dirs),
        [
            # Not site_url, which `mkdocs serve` changes: no memo depends on it.
            config.repo_url,
            config.edit_uri,
            config.use_directory_urls,
            beside_config(config, config.docs_dir),
            config.theme.get("language"),
        ],
    )


def _remove_outputs(site_dir: Path, stale: set[str]) -> None:
    """Delete stale site files, and the folders they leave empty."""
    for dest_uri in sorted(stale):
        path = site_dir / dest_uri
        with contextlib.suppress(OSError):
            path.unlink()
            folder = path.parent
            while folder != site_dir and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent


def _cache_root(config: MkDocsConfig) -> Path:
    """``.cache/minutes/`` beside ``mkdocs.yml``: every cache of the plugin is below it."""
    return config_folder(config) / ".cache" / "minutes"


def _fingerprint(markdown: str) -> bytes:
    """A digest of a page's Markdown: whether another plugin changed it since its render
    cache key was made, without keeping it."""
    return hashlib.blake2b(markdown.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class CachedPageFile(File):
    """A page (or data file) MkDocs reads from the plugin's cache file.

    A ``--dirty`` build asks each page whether it changed (``File.is_modified``: three
    ``stat`` calls) up to three times: when the render workers take the changed pages,
    and as MkDocs reads and writes each one. That was 14,000 ``stat`` calls, about a
    fifth of a one-note rebuild at 1,000 meetings. The answer cannot change within a
    build (the built page is written after the last question), so the first is kept (the
    file is made again at every build), and it takes two ``stat`` calls: the built
    page's (missing or older: modified) and the cache file's."""

    _modified: bool | None = None

    def is_modified(self) -> bool:
        if self._modified is None:
            if self._content is not None or self.abs_src_path is None:
                self._modified = super().is_modified()
            else:
                try:
                    built = os.stat(self.abs_dest_path)
                except OSError:
                    self._modified = True
                else:
                    self._modified = not stat.S_ISREG(built.st_mode) or (
                        built.st_mtime < os.path.getmtime(self.abs_src_path)
                    )
        return self._modified


def _write_pages(pages: PageCache, kept: list[tuple[str, PageMarkdown]]) -> None:
    """The pages' cache files (see :class:`PageCache`); each page's text is made from its
    compressed Markdown only for the time it takes to write it."""
    for src_uri, markdown in kept:
        pages.write(src_uri, unpacked(markdown))


def _edit_url(config: MkDocsConfig, src_path: str, line: int) -> str | None:
    """Edit link for a note, from the site's ``repo_url`` and ``edit_uri``."""
    return edit_url(config.repo_url, config.edit_uri, src_path, line)
