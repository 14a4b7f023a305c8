"""Parsed notes kept by content, so a note is parsed once for as long as it does not change.

Two levels: in memory, and on disk under ``.cache/minutes/notes/`` (one pickle per note),
so that a second ``mkdocs build`` of an unchanged or slightly changed archive reads the
notes it has parsed before instead of parsing them again. An entry's key covers the
note's path and bytes, the options that change what the parser makes of them
(``github_repo``) and the code itself (:func:`~mkdocs_minutes.fingerprint.code_digest`).
Under ``mkdocs serve`` the plugin keeps one :class:`NoteCache` across rebuilds (MkDocs
keeps a plugin instance that defines ``on_startup``). No MkDocs import.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import time
from collections.abc import Iterable
from pathlib import Path

from ..fingerprint import code_digest, digest_of
from ..model import ParsedNote
from ..workers import settle_forked
from .parse import parse_note

Stamp = tuple[int, int, int]
"""A note file's modification time, status change time (ns) and size. The change time
moves with every write and with every tool that sets the modification time back
(``cp -p``, ``rsync -a``, ``touch -r``), which none can set."""

MIN_FORKED_PARSES = 20
"""Notes per process below which parsing them in worker processes costs more than it saves."""

SETTLED_NS = 3_000_000_000
"""A stamp is trusted only when the file had not changed for this long when it was read:
a file system whose times tick coarsely (two seconds on FAT and some network mounts)
could give a second write in the same tick the same stamp. Git trusts its index the
same way ("racily clean" entries are compared by content)."""


def file_stamp(path: str | None) -> Stamp | None:
    """The stamp of a file on disk; None for a file that is not (a generated one)."""
    if not path:
        return None
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_mtime_ns, found.st_ctime_ns, found.st_size


def settled(stamp: Stamp, now_ns: int) -> bool:
    """Whether a file with this stamp, read at ``now_ns``, can be known by its stamp."""
    return max(stamp[0], stamp[1]) < now_ns - SETTLED_NS


class NoteCache:
    """Parsed notes by (path, content, options, code), in memory and optionally on disk."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._entries: dict[str, tuple[str, ParsedNote]] = {}
        """Note path -> (key, parsed note) of its last parse."""
        self._used: set[str] = set()
        self._stamps: dict[str, tuple[Stamp, str | None, str]] = {}
        """Note path -> (its file's stamp, ``github_repo``, key) when last read."""
        self.parsed = 0
        """Notes parsed (not found in either level) since :meth:`start`."""
        self.loaded = 0
        """Notes read from disk since :meth:`start`."""

    def start(self) -> None:
        """A new build: count afresh, and remember which entries it uses."""
        self._used = set()
        self.parsed = self.loaded = 0

    def key(self, path: str, data: bytes, default_repo: str | None) -> str:
        """The cache key of a note's parse."""
        return digest_of(code_digest(), path, default_repo, data)

    def unchanged(self, path: str, stamp: Stamp, default_repo: str | None) -> ParsedNote | None:
        """The last parse of a note whose file has the stamp it had when it was read,
        with the same options; None when the file must be read.

        A ``serve`` rebuild finds the few edited notes among a thousand without reading
        and hashing every file, trusting file times as ``mkdocs serve --dirty`` does, and
        only those a note had when it had not changed for a while (:data:`SETTLED_NS`).
        """
        known = self._stamps.get(path)
        entry = self._entries.get(path)
        if known is None or entry is None or known != (stamp, default_repo, entry[0]):
            return None
        self._used.add(entry[0])
        return entry[1]

    def parse(
        self, path: str, data: bytes, default_repo: str | None, stamp: Stamp | None = None
    ) -> ParsedNote:
        """Parse a note, or return the cached result for identical bytes and options;
        ``stamp`` is its file's when the bytes were read (see :meth:`unchanged`)."""
        key = self.key(path, data, default_repo)
        if stamp is not None and settled(stamp, time.time_ns()):
            self._stamps[path] = (stamp, default_repo, key)
        else:
            self._stamps.pop(path, None)
        self._used.add(key)
        known = self._entries.get(path)
        if known is not None and known[0] == key:
            return known[1]
        note = self._load(key)
        if note is None:
            note = self._store(key, parse_note(path, data, default_repo=default_repo))
            self.parsed += 1
        else:
            self.loaded += 1
        self._entries[path] = (key, note)
        return note

    def parse_all(
        self,
        items: list[tuple[str, bytes, Stamp | None]],
        default_repo: str | None,
        workers: int = 0,
    ) -> list[ParsedNote]:
        """:meth:`parse` of each (path, bytes, stamp), in order, with up to ``workers``
        forked processes parsing a share of the notes no level of the cache holds.

        A cold build would parse every note on one core while the others wait for the
        pages to render. A worker parses its share into the disk cache and exits; the main
        process parses the rest meanwhile, then reads the worker's notes back (a twentieth
        of parsing them). Only with a disk cache, and for enough notes to pay for the
        fork; a note a worker did not write is parsed here, as without workers.
        """
        children: list[int] = []
        by_workers: set[str] = set()
        for share in self._shares(items, default_repo, workers):
            pid = _fork_parsing(self, share, default_repo)
            if pid is None:
                break  # no process left: the main process parses the rest
            children.append(pid)
            by_workers.update(path for path, _ in share)
        notes: dict[str, ParsedNote] = {}
        try:
            for path, data, stamp in items:
                if path not in by_workers:
                    notes[path] = self.parse(path, data, default_repo, stamp=stamp)
        finally:  # reaped even when a parse fails
            for pid in children:
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, 0)
        loaded = self.loaded
        for path, data, stamp in items:
            if path in by_workers:
                notes[path] = self.parse(path, data, default_repo, stamp=stamp)
        # Parsed by a worker, though read here from the disk cache.
        self.parsed, self.loaded = self.parsed + self.loaded - loaded, loaded
        return [notes[path] for path, _, _ in items]

    def _shares(
        self, items: list[tuple[str, bytes, Stamp | None]], default_repo: str | None, workers: int
    ) -> list[list[tuple[str, bytes]]]:
        """The workers' shares of the notes to parse (none when it does not pay)."""
        if workers < 1 or self.folder is None or not hasattr(os, "fork"):
            return []
        fresh = []
        for path, data, _ in items:
            key = self.key(path, data, default_repo)
            known = self._entries.get(path)
            if (known is None or known[0] != key) and not (self.folder / f"{key}.pickle").exists():
                fresh.append((path, data))
        if len(fresh) < MIN_FORKED_PARSES * (workers + 1):
            return []
        loads = [0] * (workers + 1)
        shares: list[list[tuple[str, bytes]]] = [[] for _ in range(workers + 1)]
        for path, data in fresh:
            least = min(range(workers + 1), key=loads.__getitem__)
            loads[least] += len(data)
            shares[least].append((path, data))
        return shares[1:]  # the first is the main process's

    @property
    def entries(self) -> dict[str, tuple[str, ParsedNote]]:
        """Note path -> (key, parsed note): what a session snapshot keeps (the notes the
        archive's memo refers to, the very same objects)."""
        return self._entries

    def adopt(self, entries: dict[str, tuple[str, ParsedNote]]) -> None:
        """Take the notes of an earlier build's session (before this process parsed any)."""
        self._entries = dict(entries)

    def retain(self, paths: Iterable[str]) -> None:
        """Forget notes that are gone, so a long ``serve`` session does not grow forever."""
        keep = set(paths)
        self._entries = {p: entry for p, entry in self._entries.items() if p in keep}
        self._stamps = {p: stamp for p, stamp in self._stamps.items() if p in keep}

    def prune(self) -> None:
        """Delete the disk entries this build did not use (edited or deleted notes)."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.glob("*.pickle"):
            if path.stem not in self._used:
                with contextlib.suppress(OSError):
                    path.unlink()

    def _load(self, key: str) -> ParsedNote | None:
        if self.folder is None:
            return None
        try:
            with (self.folder / f"{key}.pickle").open("rb") as stream:
                note = pickle.load(stream)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None
        return note if isinstance(note, ParsedNote) else None

    def _store(self, key: str, note: ParsedNote, read_back: bool = True) -> ParsedNote:
        """Write a note to the disk cache; the note to keep in memory.

        That is the note read back from what was written, not the one pickled: pickling
        a non-ASCII str makes CPython keep a UTF-8 copy of it on the str for as long as
        it lives (18 MB at 1,000 meetings of text with dashes and emoji), and unpickling
        costs a twentieth of parsing."""
        if self.folder is None:
            return note
        data = pickle.dumps(note, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".{key}.{os.getpid()}.tmp"
            temporary.write_bytes(data)
            os.replace(temporary, self.folder / f"{key}.pickle")
        except OSError:
            pass  # a cache that cannot be written is only slower
        return pickle.loads(data) if read_back else note


def _fork_parsing(
    cache: NoteCache, share: list[tuple[str, bytes]], default_repo: str | None
) -> int | None:
    """Fork a process that parses ``share`` into the cache's folder; its process id, or
    None when the system has no process for it."""
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the worker: nothing may escape it
        code = 0
        try:
            settle_forked()
            for path, data in share:
                key = cache.key(path, data, default_repo)
                cache._store(key, parse_note(path, data, default_repo=default_repo), False)
        except BaseException:
            code = 1  # the main process parses what is missing
        finally:
            os._exit(code)
    return pid
