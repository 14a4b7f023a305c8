"""Under ``mkdocs serve``: the feeds, the export and ``latest/`` written after the pages.

A one-note edit changes a meeting page and a few others, yet the data files are made
from the whole archive: two hundred person, topic and series feeds and the JSON export,
a sixth of a rebuild at 1,000 meetings. Nobody waits for them to read the edited page,
so a rebuild registers them with MkDocs as they are on disk (the last build's) and makes
them on a thread once the pages are written; the browser reloads meanwhile. The thread
writes each changed file into the plugin's cache and into the site, and is waited for
before the next build, so every build starts from complete outputs and a rebuild's site
is byte for byte a full build's once the thread is done (``tests/build/test_incremental``).

Python's cyclic garbage collection waits for that thread too. A rebuild allocates
millions of objects, most of them kept until the next rebuild (memos, pages, files); the
collector would walk them again and again while the browser waits (a tenth of a second
of a one-note edit at 1,000 meetings, most of it full collections). Paused from the start
of a rebuild, it collects once on the thread, after the data files; objects without
cycles are freed by their reference counts meanwhile, as always.
"""

from __future__ import annotations

import gc
import shutil
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("minutes")

Writer = Callable[[], Mapping[str, Path]]
"""Writes the data files into the cache; their cache files by site path."""


class DeferredOutputs:
    """The data files of the last ``serve`` rebuild, written on a thread after it."""

    def __init__(self) -> None:
        self._planned: tuple[Writer, Path] | None = None
        self._thread: threading.Thread | None = None
        self._collector_paused = False

    def pause_collector(self) -> None:
        """A rebuild starts: no cyclic garbage collection until :meth:`start`'s thread
        (or :meth:`drop`, or :meth:`wait` if neither comes)."""
        if gc.isenabled():
            gc.disable()
            self._collector_paused = True

    def _resume_collector(self) -> bool:
        """Let the collector run again; whether it had been paused."""
        paused, self._collector_paused = self._collector_paused, False
        if paused:
            gc.enable()
        return paused

    def plan(self, write: Writer, site_dir: Path) -> None:
        """Write with ``write`` once the pages are written (:meth:`start`), then copy each
        file into ``site_dir`` where the site's copy is older."""
        self._planned = (write, site_dir)

    def drop(self) -> None:
        """The build failed: nothing to write (the next build plans again)."""
        self._planned = None
        self._resume_collector()

    def start(self, then: Callable[[], None] | None = None) -> None:
        """Write the planned files on a thread (the pages are written), run ``then`` (a
        chore nobody waits for, such as deleting unused cache entries), then collect the
        garbage the rebuild left when the collector was paused."""
        planned, self._planned = self._planned, None
        if planned is None and not self._collector_paused:
            if then is not None:
                then()
            return
        self._thread = threading.Thread(
            target=self._write_then_collect,
            args=(planned, then),
            name="minutes-data-files",
            daemon=True,
        )
        self._thread.start()

    def _write_then_collect(
        self, planned: tuple[Writer, Path] | None, then: Callable[[], None] | None
    ) -> None:
        """The thread: the data files, ``then``, then the collector resumed and run once
        (the build's last steps, after ``on_post_build``, run before it on the main
        thread while the files are written)."""
        if planned is not None:
            _write(*planned)
        if then is not None:
            try:
                then()
            except Exception as error:  # a thread's error is only seen if logged
                log.error(f"after the rebuild: {error!r}")
        if self._resume_collector():
            gc.collect()

    def wait(self) -> None:
        """Until the last files are written: before a build, and before the session is
        kept (the feed memo is the thread's until then)."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._resume_collector()


def _write(write: Writer, site_dir: Path) -> None:
    try:
        for src_uri, path in write().items():
            dest = site_dir / src_uri
            # As MkDocs copies a file in a dirty build: when the site's copy is not newer.
            if not dest.is_file() or dest.stat().st_mtime_ns <= path.stat().st_mtime_ns:
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, dest)
    except Exception as error:  # a thread's error is only seen if logged
        log.error(f"the feeds and the export were not written: {error!r}")
