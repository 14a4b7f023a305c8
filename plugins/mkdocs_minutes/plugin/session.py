"""What one build leaves for the next: the parsed notes with the archive's and the pages'
memos, in one file (``.cache/minutes/session.pickle``).

Under ``mkdocs serve`` the plugin keeps its memos in memory, and a rebuild after an edit
redoes only what the edit touched (``ArchiveMemo``, ``PagesMemo``). A new ``mkdocs build``
starts a new process: without this file it would rebuild the whole index and draw every
page again although the disk caches hold the parsed notes and the rendered pages. The
snapshot carries the memos over, pickled together with the notes they refer to, so the
objects the memos compare by identity are the very ones the note cache hands out.

The memos check their inputs themselves (a changed note is indexed and drawn again), but
not what is fixed for a whole process: the plugin's code and options, the registries, the
templates and the site's settings. Those make up the snapshot's key; another key and the
snapshot is not used (the build starts from the parse cache alone). No MkDocs import: the
plugin computes the key.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..archive import ArchiveMemo
from ..audit import Words
from ..model import Finding, ParsedNote
from ..pages.site import PagesMemo
from ..workers import return_free_memory, settle_forked

Audited = dict[str, tuple[str, list[Words], list[Finding]]]
"""The coverage audit of each note: the note's parse key, its pages' words, the findings."""


@dataclass
class Session:
    """The in-memory state a build hands to the next one."""

    key: str
    notes: dict[str, tuple[str, ParsedNote]]
    archive: ArchiveMemo
    pages: PagesMemo
    charts: dict[tuple[str, tuple, tuple], str]
    """The charts drawn, by drawing function and data (``pages/charts.py``)."""


class SessionStore:
    """One session snapshot on disk, read at the first build of a process, written after."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._staged: Path | None = None
        self._writer: int | None = None
        """The process writing the staged snapshot (:meth:`stage_in_background`)."""

    def load(self, key: str) -> Session | None:
        """The snapshot of the last build, if it was made under the same key."""
        found = _read(self.path) if self.path is not None else None
        if isinstance(found, Session) and found.key == key:
            return found
        return None

    def save(self, session: Session) -> None:
        """Replace the snapshot (atomically: a build that stops half-way leaves the old)."""
        self.stage(session)
        self.commit()

    def stage(self, session: Session) -> None:
        """Write the snapshot beside the current one; :meth:`commit` puts it in place after
        a good build, :meth:`discard` drops it. ``mkdocs build`` writes it as soon as the
        memos are complete (the end of ``on_files``): pickling keeps a table of every
        object it writes, a hundred MB at 1,000 meetings, and the process is smaller then
        than after rendering every page."""
        self.discard()
        if self.path is not None:
            self._staged = _write_beside(self.path, session)

    def stage_in_background(self, session: Session) -> None:
        """:meth:`stage`, written by a forked process while the build goes on.

        Pickling the session takes most of a second at 1,000 meetings, on one core while
        the others wait for the pages. It also leaves a table of every object written
        until it is done, and a UTF-8 copy on every non-ASCII str written (CPython caches
        it): in a child they go when the child exits. Where there is no ``fork``, the
        snapshot is written here."""
        if not hasattr(os, "fork") or self.path is None:
            self.stage(session)
            return
        self.discard()
        temporary = _temporary(self.path)
        try:
            pid = os.fork()
        except OSError:  # no process left: written here
            self.stage(session)
            return
        if pid == 0:  # the writer: nothing may escape it
            code = 1
            try:
                settle_forked()
                return_free_memory()
                code = 0 if _write(temporary, session) else 1
            finally:
                os._exit(code)
        self._staged, self._writer = temporary, pid

    @property
    def writing_elsewhere(self) -> bool:
        """Whether a forked writer has its own copy of the staged session (its objects
        need not stay in this process for it)."""
        return self._writer is not None

    @property
    def staged(self) -> bool:
        """Whether a snapshot waits for :meth:`commit`."""
        return self._staged is not None

    def commit(self) -> None:
        """Put the staged snapshot in place (once its writer, if any, has written it)."""
        if self._staged is not None and self.path is not None:
            written = self._written()
            with contextlib.suppress(OSError):
                if written:
                    os.replace(self._staged, self.path)
                else:  # a writer that died half-way may leave its file
                    self._staged.unlink()
        self._staged = None

    def _written(self) -> bool:
        """Wait for the background writer: whether it wrote the whole snapshot."""
        if self._writer is None:
            return True
        pid, self._writer = self._writer, None
        try:
            return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
        except ChildProcessError:
            return False

    def discard(self) -> None:
        """Drop the staged snapshot (the build failed)."""
        self._written()
        if self._staged is not None:
            with contextlib.suppress(OSError):
                self._staged.unlink()
        self._staged = None

    @property
    def audit_path(self) -> Path | None:
        """Where the coverage audit's results are kept (written after the pages)."""
        return None if self.path is None else self.path.with_name("audit.pickle")

    def load_audit(self, key: str) -> Audited:
        """The last build's audit of each note, if made under the same key."""
        path = self.audit_path
        found = _read(path) if path is not None else None
        if isinstance(found, tuple) and len(found) == 2 and found[0] == key:
            return found[1]
        return {}

    def save_audit(self, key: str, audited: Audited) -> None:
        """Keep this build's audit of each note for the next process."""
        path = self.audit_path
        temporary = _write_beside(path, (key, audited)) if path is not None else None
        if temporary is not None and path is not None:
            with contextlib.suppress(OSError):
                os.replace(temporary, path)


def _read(path: Path) -> object:
    """What a file of the store holds, or None when it cannot be read."""
    try:
        with path.open("rb") as stream:
            return _load(stream)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return None
    except (TypeError, ValueError, RecursionError):  # written by other code: ignore
        return None


def _write_beside(path: Path, value: object) -> Path | None:
    """``value`` pickled into a temporary file beside ``path`` (put in place by the
    caller, so a build that stops half-way leaves the old file), or None on failure."""
    temporary = _temporary(path)
    return temporary if _write(temporary, value) else None


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _write(temporary: Path, value: object) -> bool:
    """Pickle ``value`` into ``temporary``; False (and no file) on failure."""
    try:
        temporary.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as stream:
            _dump(value, stream)
        return True
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        with contextlib.suppress(OSError):
            temporary.unlink()
        return False


def _dump(value: object, stream: object) -> None:
    with _deep_recursion():
        pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)  # type: ignore[arg-type]


def _load(stream: object) -> object:
    with _deep_recursion():
        return pickle.load(stream)  # type: ignore[arg-type]


@contextlib.contextmanager
def _deep_recursion(limit: int = 20_000) -> Iterator[None]:
    """Pickle walks nested objects recursively: an archive's memo nests deeper than
    Python's default limit allows on a large archive."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(max(before, limit))
    try:
        yield
    finally:
        sys.setrecursionlimit(before)
