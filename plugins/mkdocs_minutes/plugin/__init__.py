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
- ``on_page_content``: the plugin's blocks get their classes and search attributes;
- ``on_page_context``: edit links to the exact source of each meeting;
- ``on_post_page``: OpenGraph metadata and feed links in ``<head>``; each page to Pagefind;
- ``on_post_build``: the Pagefind index (pages plus a record per agenda item and update),
  or item-level entries in Material's search index with ``search_engine: lunr``.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..archive import Archive
from ..archive.registry import RegistryError, load_people, load_topics
from ..audit import lost_text, words
from ..findings import format_finding, log_level
from ..model import ParsedNote
from ..notes.cache import NoteCache
from ..options import resolve_path
from ..pages import fragments
from ..pages.cache import PageCache
from ..pages.site import OVERVIEW_MARKER, SitePages, build_site_pages
from ..rendering.extension import EXTENSION_NAME
from .config import MinutesConfig
from .extensions import required_extensions
from .search import SearchWiring

log = get_plugin_logger("minutes")

CSS_SRC = "assets/minutes/minutes.css"


class MinutesPlugin(BasePlugin[MinutesConfig]):
    """Publishes a folder of meeting notes as a cross-linked, searchable archive."""

    def __init__(self) -> None:
        self.cache = NoteCache()
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
        self.rendered: dict[str, Any] = {}
        """A worker's result for a page, between ``on_page_markdown`` and ``on_page_content``."""
        self.published: dict[str, set[str]] = {}
        """Words of each rendered page published from a note, for the coverage audit; kept
        across ``serve`` rebuilds, where a ``--dirty`` build renders only changed pages."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining this keeps the instance (and its parse cache) across serve rebuilds."""
        self.command = command
        self.dirty = dirty

    def _page_cache(self, config: MkDocsConfig) -> PageCache:
        """Where page Markdown is written, so unchanged pages keep their file times."""
        root = Path(config.config_file_path or ".").resolve().parent / ".cache" / "minutes"
        if self.pages is None or self.pages.root != root / "pages":
            self.pages = PageCache(root / "pages", compare_on_disk=getattr(self, "dirty", False))
        return self.pages

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Bring the Markdown extensions notes need; read the registries."""
        if not self.config.enabled:
            return None
        self.archive = None
        self.site = None
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
        notes_dir = self.config.notes_dir.strip("/")
        prefix = notes_dir + "/"
        note_files: dict[str, File] = {}
        notes: list[ParsedNote] = []
        for file in files.documentation_pages():
            if not file.src_uri.startswith(prefix):
                continue
            relative = file.src_uri[len(prefix) :]
            note = self.cache.parse(relative, file.content_bytes, self.config.github_repo)
            file.content_string = note.text
            note_files[relative] = file
            notes.append(note)
        self.cache.retain(note_files)
        archive = Archive.build(
            notes,
            people=self.people,
            topics=self.topics,
            github_repo=self.config.github_repo,
            discover=self.config.topics_discover,
            exclude=self.config.topics_exclude,
        )
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
        has_index = files.get_file_from_path("index.md") is not None
        site = build_site_pages(
            archive,
            notes,
            notes_dir=notes_dir,
            existing={f.src_uri for f in files},
            site_has_index=has_index,
            overview=self.config.overview,
            edit_url=lambda path, line: _edit_url(config, prefix + path, line),
            use_directory_urls=config.use_directory_urls,
            template_dirs=config.theme.dirs,
            feeds=self.config.feeds,
        )
        pages = self._page_cache(config)
        for src_uri, markdown in site.rewrites.items():
            file = files.get_file_from_path(src_uri)
            if file is None:
                continue
            inclusion = InclusionLevel.NOT_IN_NAV if src_uri in site.hidden else file.inclusion
            files.remove(file)
            files.append(_cached_page(config, pages, src_uri, markdown, inclusion))
        for src_uri, markdown in site.pages.items():
            inclusion = (
                InclusionLevel.NOT_IN_NAV if src_uri in site.hidden else InclusionLevel.INCLUDED
            )
            files.append(_cached_page(config, pages, src_uri, markdown, inclusion))
        from ..pages.style import STYLESHEET

        if files.get_file_from_path(CSS_SRC) is None:
            files.append(File.generated(config, CSS_SRC, content=STYLESHEET))
        for src_uri, path in self._data_files(archive, site, config, notes_dir, pages).items():
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, abs_src_path=str(path)))
        known = {f.src_uri for f in files} | set(site.pages)
        for target, source in site.links.targets.items():
            if target not in known:
                # The lists of generated pages are raw HTML, which MkDocs does not check.
                log.warning(f"{source}: link to '{target}', which is not a page of the site")
        # MkDocs reads each page from its cache file: the Markdown need not stay in memory.
        site.release_markdown()
        self.archive, self.site, self.notes = archive, site, notes
        self.search.add_files(
            files, config, archive, site, cache=pages, item_search=self.config.item_search
        )
        return files

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
        if self.site is not None and self.config.parallel:
            self._start_workers(config, files)
        return None

    def _start_workers(self, config: MkDocsConfig, files: Files) -> None:
        """Fork workers for a share of the meeting pages this build renders."""
        from .parallel import MAX_WORKERS, ParallelRender, available_cores, foreign_page_handlers

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
        meetings = set(self.site.meeting_src.values())
        candidates = [
            file
            for file in files.documentation_pages()
            if file.src_uri in meetings and (not dirty or file.is_modified())
        ]
        self.workers = ParallelRender.start(config, files, candidates, workers)

    def _stop_workers(self) -> None:
        if self.workers is not None:
            self.workers.finish()
            self.workers = None
        self.rendered.clear()

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page is rendered: the workers are done."""
        self._stop_workers()
        return None

    def on_build_error(self, *, error: Exception) -> None:
        """Never leave a worker behind after a failed build."""
        self._stop_workers()

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
                self.rendered[page.file.src_uri] = rendered
                return ""
        if self.search_engine == "pagefind":
            # Pagefind indexes this page; Material's own index (fetched by every page) stays empty.
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        if self.site is None:
            return None
        if OVERVIEW_MARKER in markdown:
            markdown = markdown.replace(
                OVERVIEW_MARKER, self.site.overview_for(page.file.src_uri), 1
            )
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
        rendered = self.rendered.pop(page.file.src_uri, None)
        if rendered is not None:
            return rendered.apply(page, files)
        blocks = self.stashed.pop(page.file.src_uri, None)
        return fragments.restore(html, blocks) if blocks else None

    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any] | None:
        """Point the theme's edit button at the note's source, not the generated page."""
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

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """OpenGraph card metadata and feed discovery links in every page's head."""
        self.search.add_page(page.file.dest_uri, output)
        if self.site is None:
            return None
        if page.file.src_uri in self.site.sources:
            self.published[page.file.src_uri] = words(page.content or "")
        from .head import head_tags

        tags = head_tags(
            page, config, feeds=self.config.feeds, notes_dir=self.config.notes_dir.strip("/")
        )
        return output.replace("</head>", tags + "</head>", 1) if tags else None

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
        cache folder and copied by MkDocs, so the build never holds the export in memory."""
        from ..archive.export import write_export
        from ..pages.outputs import SiteInfo, feed_documents, latest_redirect

        data: dict[str, Path] = {}
        if self.config.export:
            data["meetings.json"] = pages.write_with(
                "meetings.json",
                lambda stream: write_export(archive, stream, notes_dir=notes_dir),
            )
        texts: dict[str, str] = {}
        if self.config.feeds:
            info = SiteInfo(
                name=config.site_name,
                url=config.site_url or "",
                description=config.site_description or "",
                use_directory_urls=config.use_directory_urls,
            )
            texts.update(feed_documents(archive, info, notes_dir, self.config.feed_limit))
        redirect = latest_redirect(archive, site, config.use_directory_urls)
        if redirect is not None:
            texts[f"{notes_dir}/latest/index.html"] = redirect
        for src_uri, text in texts.items():
            data[src_uri] = pages.write(src_uri, text)
        return data

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Build the Pagefind index, or add item entries to Material's (``lunr``) index."""
        if self.archive is None or self.site is None:
            return
        self._audit()
        if self.search_engine == "pagefind":
            self.search.finish(Path(config.site_dir), background=self.command == "serve")
            return
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
        for note in self.notes:
            sources = pages_of.get(note.path, [])
            if not sources or any(src not in self.published for src in sources):
                continue
            audited += 1
            for finding in lost_text(note, [self.published[src] for src in sources]):
                lost += 1
                log.log(log_level(finding), format_finding(finding, prefix))
        log.debug(f"coverage audit: {audited} of {len(self.notes)} notes, {lost} lost-text")


def _cached_page(
    config: MkDocsConfig, pages: PageCache, src_uri: str, markdown: str, inclusion: InclusionLevel
) -> File:
    """A page of the archive, backed by its cache file (see :class:`PageCache`)."""
    path = pages.write(src_uri, markdown)
    return File.generated(config, src_uri, abs_src_path=str(path), inclusion=inclusion)


def _edit_url(config: MkDocsConfig, src_path: str, line: int) -> str | None:
    """Edit link for a note: ``repo_url``/``edit_uri`` + path (+ ``#L<line>`` in archives)."""
    repo_url = config.repo_url
    edit_uri = config.edit_uri
    if not repo_url or edit_uri is None:
        return None
    if not edit_uri:
        return None
    docs_prefix = (
        posixpath.join(edit_uri.strip("/"), src_path)
        if not edit_uri.startswith(("http://", "https://"))
        else None
    )
    if docs_prefix is None:
        url = edit_uri.rstrip("/") + "/" + src_path
    else:
        url = repo_url.rstrip("/") + "/" + docs_prefix
    if line > 1:
        url = url.replace("/edit/", "/blob/", 1) + f"#L{line}"
    return url
