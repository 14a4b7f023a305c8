"""Generated pages rendered in worker processes, on the machine's other cores.

MkDocs renders pages one after another in one process, and Python-Markdown is most of a
build's time: at 1,000 meetings, rendering the meeting pages takes longer than the rest
of the build together. In ``on_nav`` the plugin forks workers that render pages the
plugin generated (meetings, people, topics, ...), taken from the end of the list while
the main process goes from its start (:class:`ParallelRender`), exactly as MkDocs would, with MkDocs's public API only: the ``pre_page``,
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
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..workers import Claims, return_free_memory, settle_forked
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
    """Workers that render pages of one build from the end of its list, and their results.

    The pages are shared out as the build goes, not beforehand: the main process renders
    pages in MkDocs's order from the start of the list, the workers take pages from its
    end, and a page is rendered by whichever reaches it first. Each side claims a page
    under a lock shared across the fork (the main process the first not yet claimed, a
    worker the last), so all finish together whatever each page costs, and the main
    process, which also renders the site's own pages and writes every page afterwards,
    never waits for a worker that was given too much.
    """

    def __init__(
        self,
        config: MkDocsConfig,
        files: Files,
        pages: list[str],
        workers: int,
        hooks: WorkerHooks | None = None,
    ) -> None:
        self.config = config
        self.files = files
        self.hooks = hooks
        self.pages = pages
        self._position = {src_uri: i for i, src_uri in enumerate(pages)}
        self._claims = Claims(len(pages))
        self._results: dict[str, bytes] = {}
        """Each page's pickled result (compressed) until the main process reaches it."""
        self._done = threading.Condition()
        self._alive = 0
        self._pids: list[int] = []
        self.received = 0
        """Pages the workers rendered and sent back."""
        for _ in range(workers):
            if not self._fork():
                break  # no memory or process left: fewer workers, or none

    @classmethod
    def start(
        cls,
        config: MkDocsConfig,
        files: Files,
        candidates: Iterable[File],
        workers: int,
        hooks: WorkerHooks | None = None,
    ) -> ParallelRender | None:
        """Fork ``workers`` processes for ``candidates`` (pages a worker may render, in
        MkDocs's order); ``hooks`` are the plugin's part in a worker."""
        if workers < 1 or not hasattr(os, "fork"):
            return None
        pages = [file.src_uri for file in candidates]
        if len(pages) < MIN_PAGES:
            return None
        try:
            return cls(config, files, pages, workers, hooks)
        except (OSError, ImportError):  # no POSIX semaphores (some sandboxes)
            return None

    # --- the main process ---------------------------------------------------------

    def take(self, src_uri: str) -> RenderedPage | None:
        """A worker's result for a page (waiting for it), or None when the main process
        must render the page itself (it reached the page first, the page is not one a
        worker may render, or the worker failed on it)."""
        position = self._position.get(src_uri)
        if position is None or self._claims.by_main(position):
            return None
        with self._done:
            while src_uri not in self._results and self._alive > 0:
                self._done.wait()
            body = self._results.pop(src_uri, b"")
        try:
            return pickle.loads(body) if body else None
        except Exception:  # the main process renders it again
            return None

    def finish(self) -> None:
        """Reap the workers; after a failed build, first leave them no page to start."""
        self._claims.stop()
        for pid in self._pids:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self._pids = []

    def _fork(self) -> bool:
        """Start a worker; False when the system has no process for it."""
        read_fd, write_fd = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            return False
        if pid == 0:  # the worker
            os.close(read_fd)
            code = 0
            try:
                settle_forked()
                return_free_memory()
                self._work(write_fd)
            except BaseException:  # nothing may escape a forked child
                code = 1
            finally:
                os._exit(code)
        os.close(write_fd)
        self._pids.append(pid)
        self._alive += 1
        threading.Thread(target=self._drain, args=(read_fd,), daemon=True).start()
        return True

    def _drain(self, read_fd: int) -> None:
        """Take a worker's results as they come, so the worker never waits on the pipe."""
        with os.fdopen(read_fd, "rb") as stream:
            while True:
                header = stream.read(16)
                if len(header) < 16:
                    break
                name_size, body_size = struct.unpack("<QQ", header)
                name, body = stream.read(name_size), stream.read(body_size)
                if len(name) < name_size or len(body) < body_size:
                    break  # a torn message ends this worker's share
                with self._done:
                    self._results[name.decode()] = body
                    self.received += 1
                    self._done.notify_all()
        with self._done:
            self._alive -= 1
            self._done.notify_all()

    # --- a worker -------------------------------------------------------------------

    def _work(self, write_fd: int) -> None:
        """Render the pages this worker claims as MkDocs would, and send each page's
        result back: its name and its pickled result, or no result (the main process
        renders the page again)."""
        hooks = self.hooks
        if hooks is not None:
            hooks.start()
        capture = _Capture()
        logging.getLogger("mkdocs").handlers = [capture]
        with os.fdopen(write_fd, "wb") as stream:
            while (position := self._claims.by_worker()) is not None:
                src_uri = self.pages[position]
                file = self.files.get_file_from_path(src_uri)
                if file is None:
                    continue
                page = file.page or Page(None, file, self.config)
                capture.records = []
                try:
                    result = _render(page, self.config, self.files)
                    result.records = capture.records
                    result.packed = True
                    if hooks is not None:
                        hooks.complete(src_uri, result)
                    body = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
                    if hooks is not None:
                        hooks.keep(src_uri, body)
                except Exception:  # the main process renders it again
                    body = b""
                page.content = page.markdown = None  # the worker keeps nothing it sent
                name = src_uri.encode()
                stream.write(struct.pack("<QQ", len(name), len(body)) + name + body)
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


@dataclass(frozen=True)
class WorkerHooks:
    """The plugin's part in a worker: what it sets up first, and what it adds to and does
    with each result, work the main process then has not to do."""

    start: Callable[[], None]
    """Run first thing in the worker."""
    complete: Callable[[str, RenderedPage], None]
    """Fill in a page's result before it is sent (the words of a note's page)."""
    keep: Callable[[str, bytes], None]
    """The page's result as sent (pickled), to be kept on disk."""


class _Capture(logging.Handler):
    """Keeps a worker's log records, to be logged again by the main process."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record as (logger, level, message)."""
        self.records.append((record.name, record.levelno, record.getMessage()))
