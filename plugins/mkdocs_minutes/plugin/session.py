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

The file is a run of pickles (:func:`_dump_session`), not one: a pickler keeps a table of
every object it has written until it is done, and over the whole session (940,000
objects at 1,000 meetings) that table and its doubling made the writer the build's
largest process (55 MB above the process it was forked from). Each note is pickled on
its own; each memo after them, with the notes' objects written as references to them.
"""

from __future__ import annotations

import contextlib
import copyreg
import os
import pickle
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..archive import ArchiveMemo
from ..audit import Words
from ..model import Finding, ParsedNote
from ..pages.site import PagesMemo
from ..workers import fork, reap, return_free_memory

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
        if self.path is None:
            return None
        try:
            with self.path.open("rb") as stream, _deep_recursion():
                return _load_session(stream, key)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None
        except (TypeError, ValueError, KeyError, IndexError, RecursionError):
            return None  # written by other code: ignore

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
        if self.path is None:
            self.stage(session)
            return
        self.discard()
        temporary = _temporary(self.path)

        def write() -> bool:
            return_free_memory()
            return _write(temporary, session)

        pid = fork(write)
        if pid is None:  # no fork, or no process left: written here
            self.stage(session)
            return
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
        return reap(pid)

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


def _dump(value: object, stream: BinaryIO) -> None:
    with _deep_recursion():
        if isinstance(value, Session):
            _dump_session(value, stream)
        else:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)


_FORMAT = "minutes-session-2"
"""The first item of a session file: the layout below (an older file is not read)."""

_NOTE_BITS = 24
"""A reference to a note's object: the note's number, then its place in the note's pickle
(``_NOTE_BITS`` bits; a note's pickle would need 16 million objects to overflow it)."""


class _References(pickle.Pickler):
    """Writes the objects already written as references to them: the notes' objects
    (``references``, by their place in the notes' pickles), so that a memo's meeting is the
    note's meeting again when the session is read (the memos compare by identity) and a
    memo's pickle need not list the notes' objects; and the objects of ours that more
    than one memo holds (:meth:`reducer_override`).

    ``shared`` are the latter written so far, in order; a reference to the n-th is
    ``-1 - n``.
    """

    def __init__(self, stream: BinaryIO, references: dict[int, int], shared: list) -> None:
        super().__init__(stream, protocol=pickle.HIGHEST_PROTOCOL)
        self.references = references
        self.shared = shared

    def persistent_id(self, obj: object) -> int | None:
        return self.references.get(id(obj))

    def reducer_override(self, obj: object) -> object:
        """An object of ours (a person, an action's entry, the people book): written once,
        with its number, and as a reference to it in the parts after this one. Several
        memos hold the same ones (the pages' inputs hold the people index and the actions'
        entries): a copy of one that compares by identity would not equal it, and a copy
        of the others would be compared field by field at every rebuild of ``serve``
        instead of at once."""
        kind = type(obj)
        if (
            not kind.__module__.startswith(_PACKAGE)
            or kind.__reduce_ex__ is not object.__reduce_ex__
            or kind.__reduce__ is not object.__reduce__
        ):
            return NotImplemented
        reduced = obj.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
        if not (isinstance(reduced, tuple) and reduced[0] is copyreg.__newobj__):
            return NotImplemented
        if reduced[1] != (kind,):
            return NotImplemented
        number = len(self.shared)
        self.shared.append(obj)
        self.references[id(obj)] = -1 - number
        return (_shared, (number, kind), *reduced[2:])


def _shared(number: int, kind: type) -> object:
    """Stands for :meth:`_Objects.shared` in a session's pickle (never called)."""
    raise pickle.UnpicklingError("a session's object read without its session")


class _Objects(pickle.Unpickler):
    """Reads what :class:`_References` wrote: the notes' objects from ``tables``, the
    shared ones from those read so far."""

    def __init__(
        self, stream: BinaryIO, tables: list[list[object]], shared: dict[int, object]
    ) -> None:
        super().__init__(stream)
        self.tables = tables
        self.shared_objects = shared

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == "_shared":
            return self.shared
        return super().find_class(module, name)

    def shared(self, number: int, kind: type) -> object:
        made = kind.__new__(kind)  # its state follows in the pickle
        self.shared_objects[number] = made
        return made

    def persistent_load(self, pid: object) -> object:
        if not isinstance(pid, int):
            raise pickle.UnpicklingError(f"not a reference: {pid!r}")
        if pid < 0:
            return self.shared_objects[-1 - pid]
        return self.tables[pid >> _NOTE_BITS][pid & ((1 << _NOTE_BITS) - 1)]


_PACKAGE = __name__.split(".", 1)[0] + "."


_UNREFERENCED = (str, dict, list)
"""What the memos' pickles write again rather than refer to in a note's: a string (an
equal one is as good), and a dict or a list, which in a note is an object's attributes
(pickled with the object, which the memos refer to: a slotted dataclass's are a list made
for the pickle). A reference costs the writer a table entry, and keeps the object alive
until the end (a list made for the pickle too): 4 of every 10 of a note's objects are
attributes, most of the others strings."""


def _dump_session(session: Session, stream: BinaryIO) -> None:
    """The session as a run of pickles: a header (format, key, how many notes and memo
    parts), each note, then each part of the memos.

    A note's pickle lists every object it writes in order; the objects other than
    strings, dicts and lists (:data:`_UNREFERENCED`) are recorded by their place in it, and the
    memos' pickles write them as references (:class:`_References`). The parts are the
    archive's and the pages' memos attribute by attribute and the charts, each with a
    pickler of its own; what two parts share besides the notes is written once when it is
    an object of ours, and in each part when it is a tuple or a dict (which compare by
    value, at once when what they hold is the same). The notes' objects stay listed
    (``written``) until the end: an object whose identity is recorded must not be freed
    while its identity could be taken by another.
    """
    parts = _parts(session)
    protocol = pickle.HIGHEST_PROTOCOL
    pickle.dump((_FORMAT, session.key, len(session.notes), len(parts)), stream, protocol)
    references: dict[int, int] = {}
    written: list[object] = []
    for number, item in enumerate(session.notes.items()):
        pickler = pickle.Pickler(stream, protocol)
        pickler.dump(item)
        for place, obj in pickler.memo.copy().values():
            if type(obj) not in _UNREFERENCED:
                references[id(obj)] = (number << _NOTE_BITS) | place
                written.append(obj)
        del pickler
    shared: list[object] = []
    for part in parts:
        _References(stream, references, shared).dump(part)


def _load_session(stream: BinaryIO, key: str) -> Session | None:
    """What :func:`_dump_session` wrote, if written under ``key`` (else None, having read
    only the header)."""
    header = pickle.load(stream)
    if not (isinstance(header, tuple) and len(header) == 4 and header[0] == _FORMAT):
        return None
    if header[1] != key:
        return None
    notes: dict[str, tuple[str, ParsedNote]] = {}
    tables: list[list[object]] = []
    for _ in range(header[2]):
        unpickler = pickle.Unpickler(stream)
        path, entry = unpickler.load()
        notes[path] = entry
        # The objects by their place: a list, a sixth of the memo's dict (the notes of a
        # thousand meetings hold 350,000 objects, all listed until the memos are read).
        memo = unpickler.memo.copy()
        tables.append([memo[place] for place in range(len(memo))])
        del memo, unpickler
    shared: dict[int, object] = {}
    parts = []
    for _ in range(header[3]):
        reader = _Objects(stream, tables, shared)
        parts.append(reader.load())
        # Its memo holds what the part was made of (the states and arguments of its
        # objects) and its own method (from ``find_class``): a cycle that would keep
        # all of it until a full collection, which a build puts off.
        reader.memo.clear()
    return _session_of(key, notes, parts)


def _parts(session: Session) -> list[tuple[str, str, object]]:
    """(memo, attribute, value) of the archive's and the pages' memos, and the charts."""
    return [
        *(("archive", name, value) for name, value in _state(session.archive).items()),
        *(("pages", name, value) for name, value in _state(session.pages).items()),
        ("charts", "", session.charts),
    ]


def _session_of(key: str, notes: dict, parts: list[tuple[str, str, object]]) -> Session:
    """The session again from the parts :func:`_parts` gave."""
    states: dict[str, dict[str, object]] = {"archive": {}, "pages": {}}
    charts: dict = {}
    for owner, name, value in parts:
        if owner == "charts":
            charts = value  # type: ignore[assignment]
        else:
            states[owner][name] = value
    archive = ArchiveMemo.__new__(ArchiveMemo)
    _restore(archive, states["archive"])
    pages = PagesMemo.__new__(PagesMemo)
    _restore(pages, states["pages"])
    return Session(key, notes, archive, pages, charts)


def _state(memo: object) -> dict[str, object]:
    """The attributes pickle would write of ``memo`` (its ``__getstate__``, if any)."""
    getstate = getattr(memo, "__getstate__", None)
    state = getstate() if getstate is not None else None
    return dict(state if isinstance(state, dict) else vars(memo))


def _restore(memo: object, state: dict[str, object]) -> None:
    setstate = getattr(memo, "__setstate__", None)
    if setstate is not None:
        setstate(state)
    else:
        memo.__dict__.update(state)


def _load(stream: BinaryIO) -> object:
    with _deep_recursion():
        return pickle.load(stream)


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
