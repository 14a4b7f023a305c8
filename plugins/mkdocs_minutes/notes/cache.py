"""Parsed notes kept by content, so a note is parsed once for as long as it does not change.

Under ``mkdocs serve`` the plugin keeps one :class:`NoteCache` across rebuilds (MkDocs
keeps a plugin instance that defines ``on_startup``), so an edit re-parses only the notes
that changed. No MkDocs import.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from ..model import ParsedNote
from .parse import parse_note


class NoteCache:
    """Parsed notes by (path, content hash, options): survives rebuilds under ``serve``."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str, str | None], ParsedNote] = {}

    def parse(self, path: str, data: bytes, default_repo: str | None) -> ParsedNote:
        """Parse a note, or return the cached result for identical bytes."""
        key = (path, hashlib.blake2b(data, digest_size=16).hexdigest(), default_repo)
        cached = self._entries.get(key)
        if cached is None:
            cached = parse_note(path, data, default_repo=default_repo)
            self._entries[key] = cached
        return cached

    def retain(self, paths: Iterable[str]) -> None:
        """Forget notes that are gone, so a long ``serve`` session does not grow forever."""
        keep = set(paths)
        self._entries = {k: v for k, v in self._entries.items() if k[0] in keep}
