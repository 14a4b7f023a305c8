"""Meeting pages rendered in worker processes, on the machine's other cores.

MkDocs renders pages one after another in one process, and Python-Markdown is most of a
build's time: at 1,000 meetings, rendering the meeting pages takes longer than the rest
of the build together. In ``on_nav`` the plugin forks workers that render a share of the
meeting pages exactly as MkDocs would, with MkDocs's public API only: the ``pre_page``,
``page_markdown`` and ``page_content`` events of every plugin, ``Page.read_source`` and
``Page.render``. A worker sends each page's results back (HTML, table of contents,
metadata, anchors, links to anchors) with the log records it produced. When MkDocs
reaches that page in the main process, the plugin's own ``on_page_markdown`` hands MkDocs
an empty page to render (a fraction of a millisecond) and its ``on_page_content`` puts the
worker's results in place, re-logging the records, so ``--strict`` counts a worker's
warnings like its own.

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
from collections.abc import Callable, Iterable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .rendered import RenderedPage

PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content")
"""Events MkDocs runs while reading and rendering a page."""

MIN_PAGES = 40
"""Below this many pages to render (a ``--dirty`` rebuild) a worker costs more than it saves."""

MAX_WORKERS = 3
"""Each worker holds a copy-on-write image of the build: more than this costs memory."""


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

    def __init__(
        self,
        config: MkDocsConfig,
        files: Files,
        shares: list[list[str]],
        in_worker: Callable[[], None] | None = None,
    ) -> None:
        self.config = config
        self.files = files
        self.in_worker = in_worker
        self.pending: set[str] = set()
        self._results: dict[str, RenderedPage | None] = {}
        self._done = threading.Condition()
        self._alive = 0
        self._pids: list[int] = []
        for share in shares:
            if share:
                self._fork(share)

    @classmethod
    def start(
        cls,
        config: MkDocsConfig,
        files: Files,
        candidates: Iterable[File],
        workers: int,
        in_worker: Callable[[], None] | None = None,
    ) -> ParallelRender | None:
        """Fork ``workers`` processes for ``candidates`` (the meeting pages to render).

        Pages are dealt out in MkDocs's order to whichever process has the least Markdown
        so far, the main process included: all of them work through the pages at the same
        pace, so the main process rarely waits for a result. (Its other pages, the
        generated ones, cost little: their templates' HTML skips Markdown.) ``in_worker``
        runs first thing in each worker (the plugin leaves the disk cache to the main
        process there).
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
        return cls(config, files, shares[1:], in_worker)

    # --- the main process ---------------------------------------------------------

    def take(self, src_uri: str) -> RenderedPage | None:
        """A worker's result for a page (waiting for it), or None when the main process
        must render the page itself (not a worker's, or the worker failed on it)."""
        if src_uri not in self.pending:
            return None
        self.pending.discard(src_uri)
        with self._done:
            while src_uri not in self._results and self._alive > 0:
                self._done.wait()
            return self._results.pop(src_uri, None)

    def finish(self) -> None:
        """Reap the workers."""
        for pid in self._pids:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self._pids = []

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
                    src_uri, result = pickle.loads(body)
                except Exception:  # a torn message ends this worker's share
                    break
                with self._done:
                    self._results[src_uri] = result
                    self._done.notify_all()
        with self._done:
            self._alive -= 1
            self._done.notify_all()

    # --- a worker -------------------------------------------------------------------

    def _work(self, share: list[str], write_fd: int) -> None:
        """Render ``share`` as MkDocs would and send each page's result back."""
        if self.in_worker is not None:
            self.in_worker()
        capture = _Capture()
        logging.getLogger("mkdocs").handlers = [capture]
        with os.fdopen(write_fd, "wb") as stream:
            for src_uri in share:
                file = self.files.get_file_from_path(src_uri)
                if file is None:
                    continue
                page = file.page or Page(None, file, self.config)
                capture.records = []
                try:
                    result = _render(page, self.config, self.files)
                    result.records = capture.records
                    message = pickle.dumps((src_uri, result))
                except Exception:  # the main process renders it again
                    message = pickle.dumps((src_uri, None))
                page.content = page.markdown = None  # the worker keeps nothing it sent
                stream.write(struct.pack("<Q", len(message)) + message)
                stream.flush()


def _render(page: Page, config: MkDocsConfig, files: Files) -> RenderedPage:
    """Read and render a page as MkDocs's build does, through its public API."""
    page = config.plugins.on_pre_page(page, config=config, files=files)
    page.read_source(config)
    assert page.markdown is not None
    page.markdown = config.plugins.on_page_markdown(
        page.markdown, page=page, config=config, files=files
    )
    page.render(config, files)
    assert page.content is not None
    content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
    return RenderedPage.of(page, content or "")


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
