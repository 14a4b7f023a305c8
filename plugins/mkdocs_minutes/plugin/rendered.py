"""Rendered pages, kept: a worker's result handed to the main process, and the disk cache
that lets a second build reuse the HTML of pages whose Markdown did not change.

Python-Markdown is most of a build's time. A page's HTML depends on its Markdown, its URL,
the site's Markdown extensions and settings, the code of this plugin and of the
libraries, and which files its relative links point to (MkDocs turns ``../people/x.md``
into a URL, or warns when there is no such file). :class:`RenderCache` keys each page on
all of that, stores the HTML with its table of contents, anchors and the log records its
rendering produced, and hands them back on the next build: the page is then rendered
from an empty Markdown (a fraction of a millisecond) and its HTML put in place in
``on_page_content``, with the records logged again, so ``--strict`` sees the same
warnings. Public MkDocs API only (events, ``Page`` attributes).
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import posixpath
import re
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..audit import Words
from ..fingerprint import code_digest, digest_of
from ..pages.packing import packed, unpacked


@dataclass
class RenderedPage:
    """What reading and rendering one page gave: its HTML and what MkDocs learnt from it."""

    content: str
    toc: Any
    meta: dict
    present_anchor_ids: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None
    """Links to anchors of other pages, keyed by their source path."""
    records: list[tuple[str, int, str]] = field(default_factory=list)
    """The log records the page produced: (logger, level, message)."""
    words: Words | None = None
    """The words of a note's page (``audit.words`` of its content), for the coverage audit."""
    title: str | None = None
    """The title MkDocs read from the rendered page's first heading (``Page.title`` uses
    it when the metadata has none): a page rendered from empty Markdown has none."""
    packed: bool = False
    """Whether the HTML is pickled compressed: a worker's results wait in the main
    process until it reaches their pages, which for the pages at the end of the list
    (``parallel.py``) is the end of rendering."""
    cache_key: str | None = field(default=None, compare=False, repr=False)
    """The key a worker kept the page under when it made the key itself (a cold cache)."""
    packed_html: bytes | None = field(default=None, compare=False, repr=False)
    """The HTML as it was pickled compressed, until :meth:`html` reads it (then
    ``content`` holds it): a page the plugin parks (``ParkedHtml``) takes it as it is
    (:meth:`compressed_html`), never decoded and compressed again in the main process."""

    @classmethod
    def of(cls, page: Page, content: str) -> RenderedPage:
        """The result of a page MkDocs just rendered (``content`` is its final HTML)."""
        links = page.links_to_anchors
        return cls(
            content=content,
            toc=page.toc,
            meta=page.meta,
            present_anchor_ids=page.present_anchor_ids,
            links_to_anchors=None
            if links is None
            else {target.src_uri: anchors for target, anchors in links.items()},
            title=getattr(page, "_title_from_render", None),
        )

    def __getstate__(self) -> dict[str, Any]:
        # The HTML goes into the pickle as UTF-8 bytes: a str pickled as it is keeps a
        # UTF-8 copy of itself for as long as it lives (CPython caches the encoding),
        # tens of MB at 1,000 meetings for pages the build holds until they are written.
        content = self.compressed_html() if self.packed else self.html().encode()
        return {**self.__dict__, "content": content, "packed_html": None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        content = state["content"]
        packed_html = None
        if state.get("packed"):
            packed_html, content = content, ""  # decoded when read (``html``)
        found = state.get("words")
        self.__dict__.update(
            state,
            content=content.decode() if isinstance(content, bytes) else content,
            packed_html=packed_html,
            # Interned as ``audit.words`` interns them: unpickled, every page would hold
            # its own copy of each word (38 MB at 1,000 meetings).
            words=None if found is None else tuple(sys.intern(word) for word in found),
        )

    def html(self) -> str:
        """The page's HTML."""
        if self.packed_html is not None:
            self.content = unpacked(self.packed_html)
            self.packed_html = None
        return self.content

    def compressed_html(self) -> bytes:
        """The page's HTML compressed (``pages/packing.py``), as :class:`ParkedHtml`
        keeps it."""
        if self.packed_html is not None:
            return self.packed_html
        return packed(self.content)

    def apply(self, page: Page, files: Files) -> None:
        """Give ``page`` this result but its HTML (:meth:`html`, :meth:`compressed_html`);
        re-log the recorded records."""
        for name, level, message in self.records:
            logging.getLogger(name).log(level, message)
        page.meta = self.meta
        page.toc = self.toc
        page.present_anchor_ids = self.present_anchor_ids
        if self.title is not None:
            page._title_from_render = self.title  # MkDocs keeps it nowhere public
        if self.links_to_anchors is not None:
            links: dict[File, dict[str, str]] = {}
            for src_uri, anchors in self.links_to_anchors.items():
                file = files.get_file_from_path(src_uri)
                if file is not None:
                    links[file] = anchors
            page.links_to_anchors = links


class ParkedHtml:
    """The plugin's pages' HTML, compressed from the time it is rendered to the time its
    page is written.

    MkDocs renders every page's HTML first and only then fills the theme's template for
    each: all of the site's HTML is in memory at once, 140 MB at 1,000 meetings (a page
    with one emoji takes four bytes a character). The plugin keeps the HTML of its own
    pages compressed in between (a few MB) and gives it back to the page when MkDocs
    fills that page's template; the page before it gives its HTML up then. Only for pages
    no other plugin sees between the two (the plugin's own pages, in a build where every
    page event handler is the plugin's own: ``PluginCollection`` decides that).
    """

    def __init__(self) -> None:
        self._parked: dict[str, bytes] = {}
        self._current: Page | None = None

    def reset(self) -> None:
        """A new build: nothing parked, no page holding its HTML."""
        self._parked = {}
        self._current = None

    def park(self, page: Page, html: str) -> str:
        """Keep ``html`` compressed; the page holds an empty string (and no Markdown: it is
        rendered) until :meth:`restore`."""
        return self.park_compressed(page, packed(html))

    def park_compressed(self, page: Page, html: bytes) -> str:
        """:meth:`park` for HTML compressed already (a worker's page, as it came)."""
        self._parked[page.file.src_uri] = html
        page.markdown = ""
        return ""

    def restore(self, page: Page) -> bool:
        """Give ``page`` its HTML back (its template is filled next); the page restored
        before it lets its HTML go (written already). Whether the page was parked."""
        if self._current is not None and self._current is not page:
            self._current.content = ""
            self._current = None
        kept = self._parked.pop(page.file.src_uri, None)
        if kept is None:
            return False
        page.content = unpacked(kept)
        self._current = page
        return True


_SEARCH_ATTRIBUTE = re.compile(r"data-search-\w+=\"[^\"]+\"")
r"""What Material's search plugin removes from every page's HTML in ``on_page_context``
(its pattern, ``\s?data-search-\w+="[^"]+"``, without the white space before): a pattern
that starts with a literal is searched for quickly, one that starts with ``\s?`` is tried
at every character of the page (half a second over 1,500 pages)."""


def material_search_only(config: MkDocsConfig, own: object) -> bool:
    """Whether the only ``on_page_context`` handler of the site besides ``own``'s is an
    enabled Material search plugin.

    That handler reads a page's HTML for its index (not the pages Pagefind indexes: they
    are excluded from it) and removes ``data-search-*`` attributes from it with a regex
    that tries every character of the page (0.65 s of the main process at 1,000
    meetings). A parked page may then be given its HTML back after that handler, the
    attributes removed only if the page has any (:func:`without_search_attributes`)."""
    others = [
        handler
        for handler in config.plugins.events.get("page_context", [])
        if getattr(handler, "__self__", None) is not own
    ]
    for handler in others:
        plugin = getattr(handler, "__self__", None)
        kind = type(plugin)
        if kind.__name__ != "SearchPlugin" or not kind.__module__.startswith(
            "material.plugins.search"
        ):
            return False
        if not getattr(getattr(plugin, "config", None), "enabled", True):
            return False
    return bool(others)


def without_search_attributes(html: str) -> str:
    """``html`` as Material's search plugin leaves it (see :func:`material_search_only`)."""
    if "data-search-" not in html:
        return html
    pieces: list[str] = []
    cursor = 0
    for found in _SEARCH_ATTRIBUTE.finditer(html):
        start = found.start()
        if start > cursor and html[start - 1].isspace():  # ``\s?``: one white space
            start -= 1
        pieces.append(html[cursor:start])
        cursor = found.end()
    pieces.append(html[cursor:])
    return "".join(pieces)


class RecordCapture(logging.Handler):
    """Keeps the records a page's rendering logs, to be logged again with its result."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record as (logger, level, message)."""
        self.records.append((record.name, record.levelno, record.getMessage()))


_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_LIBRARIES = ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material", "nh3")


class RenderCache:
    """Rendered pages on disk under ``.cache/minutes/html/``, one file per page version."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.stored = 0
        self._settings = ""
        self._used: set[str] = set()
        self._pending: dict[str, tuple[str, RecordCapture]] = {}
        self._resolved: dict[tuple[str, str], tuple[str, str | None]] = {}

    def start(self, config: MkDocsConfig) -> None:
        """A new build: the settings every page's HTML depends on, hashed once."""
        versions = library_versions()
        extensions = [stable(name) for name in config.markdown_extensions]
        options = {name: stable(value) for name, value in config.mdx_configs.items()}
        validation = stable(dict(config.validation)) if config.validation else None
        self._settings = digest_of(
            code_digest(), versions, extensions, options, validation, config.use_directory_urls
        )
        self._used = set()
        self._pending = {}
        self._resolved = {}
        self.hits = self.stored = 0

    def key(self, page: Page, markdown: str, files: Files) -> str:
        """What the page's HTML depends on, hashed: Markdown, place, settings, link targets."""
        return digest_of(
            self._settings,
            page.file.src_uri,
            page.url,
            markdown,
            _targets(page.file.src_uri, markdown, files, self._resolved),
        )

    def get(self, key: str) -> RenderedPage | None:
        """The page rendered from the same inputs by an earlier build, if kept."""
        if self.folder is None:
            return None
        self._used.add(key)
        try:
            with (self.folder / f"{key}.pickle").open("rb") as stream:
                found = pickle.load(stream)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None
        if isinstance(found, RenderedPage):
            self.hits += 1
            return found
        return None

    def empty(self) -> bool:
        """Whether no page is kept (a first build, or ``.cache/`` removed)."""
        if self.folder is None:
            return True
        try:
            with os.scandir(self.folder) as entries:
                return not any(entry.name.endswith(".pickle") for entry in entries)
        except OSError:
            return True

    def has(self, key: str) -> bool:
        """Whether a page rendered from these inputs is kept (``get`` reads it later)."""
        return self.folder is not None and (self.folder / f"{key}.pickle").is_file()

    def write(self, key: str, pickled: bytes) -> bool:
        """Keep a page's pickled result (a worker writes its own pages this way); False
        when it cannot be kept (the page is rendered again next time)."""
        if self.folder is None:
            return False
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".{key}.{os.getpid()}.tmp"
            temporary.write_bytes(pickled)
            os.replace(temporary, self.folder / f"{key}.pickle")
        except OSError:
            return False
        return True

    def kept_by_worker(self, key: str) -> None:
        """A worker kept the page under ``key`` (:meth:`write`): it is this build's."""
        if self.folder is not None:
            self._used.add(key)
            self.stored += 1

    def begin(self, page: Page, key: str) -> None:
        """The page is about to be rendered: keep the records it logs."""
        if self.folder is None:
            return
        capture = RecordCapture()
        logging.getLogger("mkdocs").addHandler(capture)
        self._pending[page.file.src_uri] = (key, capture)

    def end(self, page: Page, content: str, words: Words | None = None) -> None:
        """The page is rendered: store its result (with its words, for a note's page)."""
        pending = self._pending.pop(page.file.src_uri, None)
        if pending is None:
            return
        key, capture = pending
        logging.getLogger("mkdocs").removeHandler(capture)
        rendered = RenderedPage.of(page, content)
        rendered.records = capture.records
        rendered.words = words
        self._store(key, rendered)

    def abandon(self) -> None:
        """Stop capturing (a failed build)."""
        for _, capture in self._pending.values():
            logging.getLogger("mkdocs").removeHandler(capture)
        self._pending = {}

    def prune(self) -> None:
        """Delete the kept pages this build did not use (their Markdown changed)."""
        if self.folder is None or not self.folder.is_dir() or not self._used:
            return
        for path in self.folder.glob("*.pickle"):
            if path.stem not in self._used:
                with contextlib.suppress(OSError):
                    path.unlink()

    def _store(self, key: str, rendered: RenderedPage) -> None:
        assert self.folder is not None
        self._used.add(key)
        try:
            pickled = pickle.dumps(rendered, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return  # a page that cannot be kept is rendered again next time
        if self.write(key, pickled):
            self.stored += 1


def library_versions() -> list[tuple[str, str]]:
    """The versions of the libraries whose code shapes a page (a new release may too)."""
    versions = []
    for name in _LIBRARIES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:  # pragma: no cover - always installed
            versions.append((name, ""))
    return versions


def stable(value: object) -> object:
    """A configuration value with a ``repr`` that is the same in every process: functions
    by their module and name, not their address."""
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    if isinstance(value, dict):
        return {str(k): stable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [stable(v) for v in value]
    return value


def _targets(
    src_uri: str,
    markdown: str,
    files: Files,
    resolved: dict[tuple[str, str], tuple[str, str | None]],
) -> list[tuple[str, str | None]]:
    """Each relative link of the page's Markdown, resolved, with the URL of the file it
    names (None when there is none: MkDocs warns). ``resolved`` keeps what this build
    resolved already: pages of one folder link to the same files."""
    if "](" not in markdown and "]:" not in markdown:
        return []
    base = posixpath.dirname(src_uri)
    found: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    targets = _LINK_TARGET.findall(markdown)
    if "]:" in markdown:
        targets += _REFERENCE.findall(markdown)
    for target in targets:
        path = target.split("#", 1)[0]
        if not path or path in seen:
            continue
        seen.add(path)
        known = resolved.get((base, path))
        if known is None:
            if path.startswith("/") or _SCHEME.match(path):
                continue
            full = posixpath.normpath(posixpath.join(base, unquote(path)))
            file = files.get_file_from_path(full)
            known = resolved[(base, path)] = (full, file.url if file is not None else None)
        found.append(known)
    return found
