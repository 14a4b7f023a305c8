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
from ..model import Finding, ParsedNote
from ..pages.site import PagesMemo


@dataclass
class Session:
    """The in-memory state a build hands to the next one."""

    key: str
    notes: dict[str, tuple[str, ParsedNote]]
    archive: ArchiveMemo
    pages: PagesMemo
    audited: dict[str, tuple[ParsedNote, list[set[str]], list[Finding]]]
    """The coverage audit of each note: the note, its pages' words, the findings."""
    charts: dict[tuple[str, tuple, tuple], str]
    """The charts drawn, by drawing function and data (``pages/charts.py``)."""


class SessionStore:
    """One session snapshot on disk, read at the first build of a process, written after."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path

    def load(self, key: str) -> Session | None:
        """The snapshot of the last build, if it was made under the same key."""
        if self.path is None:
            return None
        try:
            with self.path.open("rb") as stream:
                found = _load(stream)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None
        except (TypeError, ValueError, RecursionError):  # written by other code: ignore
            return None
        if isinstance(found, Session) and found.key == key:
            return found
        return None

    def save(self, session: Session) -> None:
        """Replace the snapshot (atomically: a build that stops half-way leaves the old)."""
        if self.path is None:
            return
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as stream:
                _dump(session, stream)
            os.replace(temporary, self.path)
        except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            with contextlib.suppress(OSError):
                temporary.unlink()


def _dump(session: Session, stream: object) -> None:
    with _deep_recursion():
        pickle.dump(session, stream, protocol=pickle.HIGHEST_PROTOCOL)  # type: ignore[arg-type]


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
