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
its own; then each memo's attributes in parts of at most a few hundred entries
(:func:`_parts`), with the notes' objects, our shared objects and the strings of earlier
parts written as references to them.
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


_FORMAT = "minutes-session-3"
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
    ``-1 - n`` (``numbers``, by their ids). ``deferred`` are the ids of those whose state
    comes in parts of its own.
    """

    def __init__(
        self,
        stream: BinaryIO,
        references: dict[int, int],
        shared: list,
        numbers: dict[int, int],
        deferred: set[int],
        strings: _Strings,
    ) -> None:
        super().__init__(stream, protocol=pickle.HIGHEST_PROTOCOL)
        self.references = references
        self.shared = shared
        self.numbers = numbers
        self.deferred = deferred
        self.strings = strings

    def persistent_id(self, obj: object) -> int | None:
        found = self.references.get(id(obj))
        if found is not None:
            return found
        if type(obj) is str:
            return self.strings.reference(obj)  # type: ignore[arg-type]
        return self.numbers.get(id(obj))

    def reducer_override(self, obj: object) -> object:
        """An object of ours (a person, an action's entry, the people book): written once,
        with its number, and as a reference to it in the parts after this one. Several
        memos hold the same ones (the pages' inputs hold the people index and the actions'
        entries): a copy of one that compares by identity would not equal it, and a copy
        of the others would be compared field by field at every rebuild of ``serve``
        instead of at once. A large one (:func:`_parts`) is written without its state,
        which parts of its own carry."""
        reduced = _reduced(obj)
        if reduced is None:
            return NotImplemented
        number = len(self.shared)
        self.shared.append(obj)
        self.numbers[id(obj)] = -1 - number
        if id(obj) in self.deferred:
            return (_shared, (number, type(obj)))
        return (_shared, (number, type(obj)), *reduced[2:])


_STRING_REFERENCES = -(1 << 30)
"""A reference to the n-th string of :class:`_Strings` is this less n (a shared object's is
``-1 - n``, a note's object's is positive)."""


class _Strings:
    """The strings of the parts written so far, by value, numbered in the order their
    parts wrote them: a part writes a string another part wrote as a reference to it.

    Without it each part would write its own copy, read as an object of its own: the
    parts of a large object's state (:func:`_parts`) would not share the words of topics
    and the names of people as the object did, 6 MB more in the build that reads them.
    A string new in a part is written in it (``pending``), as often as pickle writes it,
    and numbered once the part is written: the reader numbers the strings it read in the
    same order (:meth:`_Objects.strings_read`).
    """

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.pending: dict[str, None] = {}

    def reference(self, text: str) -> int | None:
        number = self.numbers.get(text)
        if number is None:
            self.pending[text] = None
            return None
        return _STRING_REFERENCES - number

    def part_written(self) -> None:
        for text in self.pending:
            self.numbers[text] = len(self.numbers)
        self.pending.clear()


def _reduced(obj: object) -> tuple | None:
    """What pickle would write of an object of ours made by ``object.__reduce_ex__``, as
    ``(copyreg.__newobj__, (class,), state, ...)``; None for any other object."""
    kind = type(obj)
    if (
        not kind.__module__.startswith(_PACKAGE)
        or kind.__reduce_ex__ is not object.__reduce_ex__
        or kind.__reduce__ is not object.__reduce__
    ):
        return None
    reduced = obj.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
    if not (isinstance(reduced, tuple) and reduced[0] is copyreg.__newobj__):
        return None
    if reduced[1] != (kind,):
        return None
    return reduced


def _shared(number: int, kind: type) -> object:
    """Stands for :meth:`_Objects.shared` in a session's pickle (never called)."""
    raise pickle.UnpicklingError("a session's object read without its session")


class _Objects(pickle.Unpickler):
    """Reads what :class:`_References` wrote: the notes' objects from ``tables``, the
    shared ones from those read so far."""

    def __init__(
        self,
        stream: BinaryIO,
        tables: list[list[object]],
        shared: dict[int, object],
        strings: list[str],
    ) -> None:
        super().__init__(stream)
        self.tables = tables
        self.shared_objects = shared
        self.strings = strings

    def strings_read(self) -> None:
        """Number the strings this part held that no part before it did, as
        :meth:`_Strings.part_written` did: in the order they were written, once each
        (the pickle's memo numbers what it read in that order)."""
        memo = self.memo.copy()
        new: dict[str, None] = {}
        for place in range(len(memo)):  # numbered from 0, as the notes' tables read them
            found = memo[place]
            if type(found) is str:
                new[found] = None
        self.strings.extend(new)

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
        if pid <= _STRING_REFERENCES:
            return self.strings[_STRING_REFERENCES - pid]
        if pid < 0:
            return self.shared_objects[-1 - pid]
        return self.tables[pid >> _NOTE_BITS][pid & ((1 << _NOTE_BITS) - 1)]


_PACKAGE = __name__.split(".", 1)[0] + "."


_UNREFERENCED = (str, dict, list, type)
"""What the memos' pickles write again rather than refer to in a note's: a string (an
equal one is as good), a class (written by its name, the same class when read), and a
dict or a list, which in a note is an object's attributes (pickled with the object, which
the memos refer to: a slotted dataclass's are a list made for the pickle). A reference
costs the writer a table entry, and keeps the object alive until the end (a list made for
the pickle too): 4 of every 10 of a note's objects are attributes, most of the others
strings."""


def _dump_session(session: Session, stream: BinaryIO) -> None:
    """The session as a run of pickles: a header (format, key, how many notes and memo
    parts), each note, then each part of the memos.

    A note's pickle lists every object it writes in order; the objects other than
    strings, dicts, lists and classes (:data:`_UNREFERENCED`) are recorded by their place
    in it, and the memos' pickles write them as references (:class:`_References`). The
    parts are the archive's and the pages' memos attribute by attribute, a large one in
    shares, and the charts, each with a pickler of its own (:func:`_parts`); what two
    parts share besides the notes is written once when it is an object of ours or a
    string (:class:`_Strings`), and in each part when it is a tuple or a dict (which
    compare by value, at once when what they hold is the same). The notes' objects stay
    listed (``written``) until the end: an object whose identity is recorded must not be
    freed while its identity could be taken by another.
    """
    parts, deferred = _parts(session)
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
    numbers: dict[int, int] = {}
    strings = _Strings()
    for part in parts:
        _References(stream, references, shared, numbers, deferred, strings).dump(part)
        strings.part_written()


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
    strings: list[str] = []
    parts = []
    for _ in range(header[3]):
        reader = _Objects(stream, tables, shared, strings)
        parts.append(reader.load())
        reader.strings_read()
        # Its memo holds what the part was made of (the states and arguments of its
        # objects) and its own method (from ``find_class``): a cycle that would keep
        # all of it until a full collection, which a build puts off.
        reader.memo.clear()
    return _session_of(key, notes, parts)


_ENTRIES_PER_PART = 400
"""A memo's dict, or the dict or list in the state of an object of ours, with more entries
than this is written in shares of this many, each a part of its own: a pickler's table of
the objects it has written grows by doubling, and one part of 200,000 objects at 1,000
meetings (the topics' discovery memo, the pages' memo) made it 8 MB, 12 MB while it
doubled, the session writer's largest allocation."""

_STATE = "state"
"""The owner of the parts that carry a large object's state (``Part``)."""

Part = tuple[str, tuple, object]
"""(owner, path, value). The owner is a memo ("archive", "pages"): ``value`` is the memo's
attribute ``path[0]``, or a further share of it when it is a dict. Or the owner is
:data:`_STATE`: ``path`` is ``(n,)`` and ``value`` is the n-th large object with its state
(its large containers empty), or ``path`` is ``(n, key)`` and ``value`` a share of the
container at ``key`` of that state. Or the owner is "charts"."""


def _parts(session: Session) -> tuple[list[Part], set[int]]:
    """The parts to write: the archive's and the pages' memos attribute by attribute (a
    large dict or list in shares), then the state of each large object of ours they hold
    (one whose state holds a dict or list larger than a part: a memo's attribute, an
    object its state holds or one that object's state holds), in shares; and the charts.
    Also the ids of those large objects, written without their state where they are met.

    A container is cut into shares once (``split``): read back, the shares make a new
    one, so an object whose state holds a large container twice, or one already cut, is
    written whole, and a memo's attribute already cut is written again whole, as parts
    write what they share."""
    parts: list[Part] = []
    large: list[tuple[object, dict[str, object]]] = []
    deferred: set[int] = set()
    split: set[int] = set()

    def find(value: object, depth: int) -> None:
        reduced = _reduced(value)
        if reduced is None or len(reduced) < 3 or type(reduced[2]) is not dict:
            return  # not ours, or a state that is not a dict (a slotted dataclass's)
        if id(value) in deferred:
            return
        state: dict[str, object] = reduced[2]
        cut = [id(held) for held in state.values() if _too_large(held)]
        if cut and len(set(cut)) == len(cut) and split.isdisjoint(cut):
            split.update(cut)
            deferred.add(id(value))
            large.append((value, state))
        if depth > 1:
            for held in state.values():
                find(held, depth - 1)

    for owner, memo in (("archive", session.archive), ("pages", session.pages)):
        for name, value in _state(memo).items():
            if _too_large(value) and id(value) not in split:
                split.add(id(value))
                parts.extend((owner, (name,), share) for share in _shares(value))
            else:
                parts.append((owner, (name,), value))
            find(value, depth=3)
    for number, (value, state) in enumerate(large):
        kept = {key: type(held)() if _too_large(held) else held for key, held in state.items()}
        parts.append((_STATE, (number,), (value, kept)))
        for key, held in state.items():
            if _too_large(held):
                parts.extend((_STATE, (number, key), share) for share in _shares(held))
    parts.append(("charts", (), session.charts))
    return parts, deferred


def _too_large(value: object) -> bool:
    return type(value) in (dict, list) and len(value) > _ENTRIES_PER_PART  # type: ignore[arg-type]


def _shares(value: object) -> list[object]:
    """``value`` in shares of at most :data:`_ENTRIES_PER_PART` entries when it is a large
    dict or list, else whole."""
    if not _too_large(value):
        return [value]
    if type(value) is dict:
        entries = list(value.items())
        return [
            dict(entries[start : start + _ENTRIES_PER_PART])
            for start in range(0, len(entries), _ENTRIES_PER_PART)
        ]
    items: list = value  # type: ignore[assignment]
    return [
        items[start : start + _ENTRIES_PER_PART]
        for start in range(0, len(items), _ENTRIES_PER_PART)
    ]


def _session_of(key: str, notes: dict, parts: list[Part]) -> Session:
    """The session again from the parts :func:`_parts` gave."""
    states: dict[str, dict[str, object]] = {"archive": {}, "pages": {}}
    large: list[tuple[object, dict[str, object]]] = []
    charts: dict = {}
    for owner, path, value in parts:
        if owner == "charts":
            charts = value  # type: ignore[assignment]
        elif owner == _STATE and len(path) == 1:
            large.append(value)  # type: ignore[arg-type]
        elif owner == _STATE:
            _extend(large[path[0]][1], path[1], value)
        else:
            _extend(states[owner], path[0], value)
    for value, state in large:  # each state complete, given to its object
        _restore(value, state)
    archive = ArchiveMemo.__new__(ArchiveMemo)
    _restore(archive, states["archive"])
    pages = PagesMemo.__new__(PagesMemo)
    _restore(pages, states["pages"])
    return Session(key, notes, archive, pages, charts)


def _extend(state: dict, key: object, share: object) -> None:
    """Put ``share`` at ``key`` of ``state``, or add it to the share of a dict or list there."""
    found = state.get(key)
    if type(found) is dict and type(share) is dict:
        found.update(share)
    elif type(found) is list and type(share) is list:
        found.extend(share)
    else:
        state[key] = share


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
