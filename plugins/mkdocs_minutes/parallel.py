"""Meeting pages rendered in worker processes, on the machine's other cores.

MkDocs renders pages one after another in one process, and Python-Markdown is most of a
build's time: at 1,000 meetings, rendering the meeting pages takes longer than the rest
of the build together. Between ``on_nav`` and ``on_env`` (where MkDocs reads and renders
every page) the plugin forks workers that render a share of the meeting pages exactly as
MkDocs would (the same ``_populate_page``, with every plugin's page events), while the
main process renders the rest. A worker sends each page's state back (Markdown, metadata,
HTML, table of contents, anchors) with the log records it produced, and the main process
takes it over when MkDocs reaches that page, re-logging the records, so ``--strict``
counts a worker's warnings like its own.

It is used only where it cannot change the result: on POSIX (``fork``), with more than
one core available, for enough pages to pay for the workers, and only when every page
event handler of the site (``on_pre_page``, ``on_page_read_source``,
``on_page_markdown``, ``on_page_content``) is the plugin's own: a third-party handler
may keep state per page that a worker's copy would not hand back. A page a worker could
not render (or a worker that died) is rendered by the main process as usual, so a
failure is reported exactly as without workers.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import struct
import threading
from collections.abc import Iterable
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content")
"""Events MkDocs runs while reading and rendering a page (``_populate_page``)."""

MIN_PAGES = 40
"""Below this many pages to render (a ``--dirty`` rebuild) a worker costs more than it saves."""

MAX_WORKERS = 3
"""Each worker holds a copy-on-write image of the build: more than this costs memory."""

_STATE = ("markdown", "meta", "content", "toc", "_title_from_render", "present_anchor_ids")
"""The attributes of a page that reading and rendering it sets (MkDocs 1.6)."""


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity where the platform tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def foreign_page_handlers(config: MkDocsConfig, own: object) -> list[str]:
    """The page event handlers of the site that are not ``own``'s (the plugin's)."""
    foreign = []
    for event in PAGE_EVENTS:
        for handler in config.plugins.events.get(event, []):
            if getattr(handler, "__self__", None) is not own:
                foreign.append(f"on_{event}: {getattr(handler, '__qualname__', handler)!r}")
    return foreign


class ParallelRender:
    """Workers that render a share of the pages of one build, and their results."""

    def __init__(self, config: MkDocsConfig, files: Files, shares: list[list[str]]) -> None:
        self.config = config
        self.files = files
        self.pending: set[str] = set()
        self._results: dict[str, tuple[dict[str, Any] | None, list[tuple[str, int, str]]]] = {}
        self._done = threading.Condition()
        self._alive = 0
        self._pids: list[int] = []
        self._original = mkdocs_build._populate_page
        for share in shares:
            if share:
                self._fork(share)
        mkdocs_build._populate_page = self._populate

    @classmethod
    def start(
        cls,
        config: MkDocsConfig,
        files: Files,
        candidates: Iterable[File],
        workers: int,
    ) -> ParallelRender | None:
        """Fork ``workers`` processes for ``candidates`` (the meeting pages to render).

        Pages are dealt out in MkDocs's order to whichever process has the least Markdown
        so far, the main process included: all of them work through the pages at the same
        pace, so the main process rarely waits for a result. (Its other pages, the
        generated ones, cost little: their long lists skip Markdown.)
        """
        if workers < 1 or not hasattr(os, "fork"):
            return None
        pages = [(file.src_uri, _cost(file)) for file in candidates]
        if len(pages) < MIN_PAGES:
            return None
        loads = [0] * (workers + 1)
        shares: list[list[str]] = [[] for _ in range(workers + 1)]
        for src_uri, cost in pages:
            least = min(range(workers + 1), key=loads.__getitem__)
            loads[least] += cost
            shares[least].append(src_uri)
        return cls(config, files, shares[1:])

    # --- the main process ---------------------------------------------------------

    def _fork(self, share: list[str]) -> None:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker
            os.close(read_fd)
            code = 0
            try:
                self._work(share, write_fd)
            except BaseException:  # nothing may escape a forked child
                code = 1
            finally:
                os._exit(code)
        os.close(write_fd)
        self._pids.append(pid)
        self.pending.update(share)
        self._alive += 1
        threading.Thread(target=self._drain, args=(read_fd,), daemon=True).start()

    def _drain(self, read_fd: int) -> None:
        """Take a worker's results as they come, so the worker never waits on the pipe."""
        with os.fdopen(read_fd, "rb") as stream:
            while True:
                header = stream.read(8)
                if len(header) < 8:
                    break
                body = stream.read(struct.unpack("<Q", header)[0])
                try:
                    src_uri, state, records = pickle.loads(body)
                except Exception:  # a torn message ends this worker's share
                    break
                with self._done:
                    self._results[src_uri] = (state, records)
                    self._done.notify_all()
        with self._done:
            self._alive -= 1
            self._done.notify_all()

    def _populate(
        self, page: Page, config: MkDocsConfig, files: Files, dirty: bool = False
    ) -> None:
        """MkDocs's ``_populate_page``, taking a worker's result where there is one."""
        src_uri = page.file.src_uri
        if src_uri not in self.pending:
            return self._original(page, config, files, dirty)
        self.pending.discard(src_uri)
        with self._done:
            while src_uri not in self._results and self._alive > 0:
                self._done.wait()
            state, records = self._results.pop(src_uri, (None, []))
        if state is None:  # the worker failed here: render it as MkDocs would
            return self._original(page, config, files, dirty)
        for name, level, message in records:
            logging.getLogger(name).log(level, message)
        for key in _STATE:
            setattr(page, key, state[key])
        page.links_to_anchors = _files_back(state["links_to_anchors"], files)
        return None

    def finish(self) -> None:
        """Put MkDocs's own function back and reap the workers."""
        if mkdocs_build._populate_page == self._populate:
            mkdocs_build._populate_page = self._original
        for pid in self._pids:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self._pids = []

    # --- a worker -------------------------------------------------------------------

    def _work(self, share: list[str], write_fd: int) -> None:
        """Render ``share`` as MkDocs would and send each page's state back."""
        capture = _Capture()
        mkdocs_logger = logging.getLogger("mkdocs")
        mkdocs_logger.handlers = [capture]
        with os.fdopen(write_fd, "wb") as stream:
            for src_uri in share:
                file = self.files.get_file_from_path(src_uri)
                if file is None:
                    continue
                page = file.page or Page(None, file, self.config)
                capture.records = []
                try:
                    self._original(page, self.config, self.files, False)
                    state = {key: getattr(page, key) for key in _STATE}
                    state["links_to_anchors"] = _files_out(page.links_to_anchors)
                    message = pickle.dumps((src_uri, state, capture.records))
                except Exception:  # the main process renders it again
                    message = pickle.dumps((src_uri, None, []))
                page.content = page.markdown = None  # the worker keeps nothing it sent
                stream.write(struct.pack("<Q", len(message)) + message)
                stream.flush()


class _Capture(logging.Handler):
    """Keeps a worker's log records, to be logged again by the main process."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record as (logger, level, message)."""
        self.records.append((record.name, record.levelno, record.getMessage()))


def _cost(file: File) -> int:
    """A page's share of the work: the size of its Markdown."""
    try:
        return os.path.getsize(file.abs_src_path) if file.abs_src_path else 1
    except OSError:
        return 1


def _files_out(links: dict[File, dict[str, str]] | None) -> dict[str, dict[str, str]] | None:
    """Links to anchors of other pages, keyed by source path (File objects stay here)."""
    if links is None:
        return None
    return {file.src_uri: anchors for file, anchors in links.items()}


def _files_back(
    links: dict[str, dict[str, str]] | None, files: Files
) -> dict[File, dict[str, str]] | None:
    """The same links keyed by the main process's File objects again."""
    if links is None:
        return None
    back: dict[File, dict[str, str]] = {}
    for src_uri, anchors in links.items():
        file = files.get_file_from_path(src_uri)
        if file is not None:
            back[file] = anchors
    return back
