"""Search wiring of the plugin: Pagefind behind Material's box, the search page, the index.

The plugin (``__init__.py``) calls :class:`SearchWiring` at a few points of the build:

- ``on_config``: pick the engine (Pagefind unless ``search_engine: lunr`` or its binary is
  missing), stop an index still being written by the last ``serve`` rebuild, and add the
  search script and stylesheet to every page;
- ``on_files``: the scripts, an idle worker in Material's place, the search page
  (``search/``, unless the site has its own), and the indexer for this build;
- ``on_post_page``: each page to the indexer, which starts writing a block of meetings
  as soon as its pages are all in;
- ``on_post_build``: the index, written after the build while the coverage audit runs
  (under ``serve`` on a thread, so pages are served at once;
  :class:`~mkdocs_minutes.search.SearchState` keeps what the next rebuild reuses, so it
  writes only the bundles whose pages changed). The bundles' digests and the meetings'
  blocks are also kept in ``.cache/minutes/search.json``, and a copy of the bundles in
  ``.cache/minutes/pagefind/``, so a new ``mkdocs build`` of an unchanged archive writes
  no bundle again either (it copies them back into the emptied site).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from ..archive import Archive
from ..pages.paths import SEARCH_PAGE
from ..pages.site import SitePages
from .config import beside_config

log = get_plugin_logger("minutes")


class SearchWiring:
    """The search side of one plugin instance; survives ``serve`` rebuilds with it."""

    def __init__(self) -> None:
        self.engine = "lunr"
        self.indexer: Any = None
        self.state: Any = None
        """What the last complete index run leaves for the next (``serve``)."""
        self.pages: list[str] = []
        """The ``dest_uri`` of every page of this build."""
        self.saved: tuple[Path, str] | None = None
        """Where the state is kept between processes, and the key it is valid under."""
        self.meeting_pages: Any = None
        """Each meeting as the index sees it, kept for the next build (``MeetingPageMemo``)."""

    def configure(self, config: MkDocsConfig, choice: str) -> str:
        """Pick the engine; with Pagefind, its script and stylesheet go on every page."""
        if self.indexer is not None:  # a rebuild under serve: the last index is stale
            self.indexer.cancel()
            self.state = self.indexer.salvage() or self.state
            self.indexer = None
        self.engine = _engine(choice)
        if self.engine == "pagefind":
            from ..search import CSS_SRC, JS_SRC

            if CSS_SRC not in config.extra_css:
                config.extra_css.append(CSS_SRC)
            if JS_SRC not in [str(script) for script in config.extra_javascript]:
                config.extra_javascript.append(JS_SRC)
        return self.engine

    def add_files(
        self,
        files: Files,
        config: MkDocsConfig,
        archive: Archive,
        site: SitePages,
        *,
        cache: Any,
        item_search: bool,
        saved: Path | None = None,
        key: str = "",
    ) -> None:
        """The scripts, the idle worker, the search page and this build's indexer; with
        ``saved``, the state a build of another process left under the same ``key`` (the
        plugin's session key: code, options, settings) for the same site folder (as
        ``mkdocs.yml`` names it: the project may have moved, its caches with it)."""
        if self.engine != "pagefind":
            return
        where = beside_config(config, config.site_dir)
        self.saved = (saved, f"{key}:{where}") if saved else None
        if self.state is None and self.saved is not None:
            self.state = _load_state(*self.saved)
        from ..pages.search import search_page
        from ..search import PagefindIndexer, search_assets
        from ..search.anchors import MeetingPageMemo

        if self.meeting_pages is None:
            self.meeting_pages = MeetingPageMemo()

        sources = [f.src_uri for f in files]
        for src_uri, content in search_assets(sources, config.use_directory_urls).items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, src_uri, content=content))
        if not any(files.get_file_from_path(src) for src in (SEARCH_PAGE, "search.md")):
            markdown = search_page(
                archive,
                notes_dir=site.notes_dir,
                template_dirs=config.theme.dirs,
                use_directory_urls=config.use_directory_urls,
            )
            path = cache.write(SEARCH_PAGE, markdown)
            files.append(
                File.generated(
                    config, SEARCH_PAGE, abs_src_path=str(path), inclusion=InclusionLevel.INCLUDED
                )
            )
        self.pages = [file.dest_uri for file in files.documentation_pages()]
        self.indexer = indexer = PagefindIndexer(
            archive,
            site,
            notes_dir=site.notes_dir,
            use_directory_urls=config.use_directory_urls,
            item_search=item_search,
            language=str(config.theme.get("language") or "en"),
            state=self.state,
            keep=self.saved[0].with_name("pagefind") if self.saved else None,
            memo=self.meeting_pages,
        )
        indexer.expect(Path(config.site_dir), self.pages)

    def add_page(self, dest_uri: str, output: str) -> None:
        """A page as MkDocs writes it, to the indexer."""
        if self.indexer is not None:
            self.indexer.add_page(dest_uri, output)

    def abandon(self) -> None:
        """The build failed or was interrupted before its index was started: stop the
        bundles it began writing, and keep a record true to the folders they replaced (in
        memory, and in ``search.json`` for a new process). Once the index is started it
        is left to finish: ``serve --strict`` aborts a build with warnings after
        ``on_post_build``, and that build's pages are served."""
        indexer = self.indexer
        if indexer is None or indexer.finishing:
            return
        indexer.cancel()
        self.indexer = None
        salvaged = indexer.salvage()
        if salvaged is not None:
            self.state = salvaged
            if self.saved is not None:
                _save_state(*self.saved, salvaged)

    def finish(
        self, site_dir: Path, *, background: bool, meanwhile: Callable[[], None] = lambda: None
    ) -> None:
        """Write the index; under ``serve`` on a thread, so pages are served at once.

        ``meanwhile`` (the coverage audit, a second of Python at 1,000 meetings) runs on
        this thread while the index is written on another: the bundles started during the
        build, and the last ones, need not wait for it.
        """
        indexer = self.indexer
        if indexer is None:
            meanwhile()
            return

        def report(stats: Any, error: Exception | None) -> None:
            if error is not None:
                log.warning(f"search index not written, search will not work: {error}")
                return
            self.state = indexer.state
            if self.saved is not None:
                _save_state(*self.saved, indexer.state)
            peak = f", largest Pagefind process {stats.peak_mb:.0f} MB" if stats.peak_mb else ""
            log.info(
                f"Pagefind indexed {stats.pages} pages: {stats.written} of {stats.shards} "
                f"bundles written ({stats.seconds:.1f} s after the build{peak})"
            )

        if background:
            indexer.finish_in_background(site_dir, report, self.pages)
            meanwhile()
            return
        self.indexer = None
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="minutes-pagefind") as pool:
            writing = pool.submit(indexer.finish, site_dir, self.pages)
            try:
                meanwhile()
            except BaseException:
                indexer.cancel()
                raise
            try:
                report(writing.result(), None)
            except (OSError, RuntimeError) as error:
                report(None, error)


def _engine(choice: str) -> str:
    """The engine to use: Pagefind unless chosen otherwise or its binary is missing."""
    if choice == "pagefind":
        from ..search import pagefind_executable

        if pagefind_executable() is None:
            log.warning(
                "search_engine: pagefind needs the Pagefind binary (pip install "
                "'pagefind[bin]'); using Material's lunr search instead"
            )
            return "lunr"
    return choice


def _load_state(path: Path, key: str) -> Any:
    """The bundles' digests and the blocks a build of another process wrote, if valid."""
    from ..search import SearchState

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    blocks, written = data.get("blocks"), data.get("written")
    if not isinstance(blocks, dict) or not isinstance(written, dict):
        return None
    return SearchState(blocks=blocks, written=written)


def _save_state(path: Path, key: str, state: Any) -> None:
    """Keep the bundles' digests and the blocks for the next process (not the pages'
    contents: an unchanged page's digest is the same when it is read again)."""
    data = {"key": key, "blocks": state.blocks, "written": state.written}
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        temporary.replace(path)
