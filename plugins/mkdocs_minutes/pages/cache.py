"""Page Markdown on disk, under ``.cache/minutes/pages/``, rewritten only when it changes.

No MkDocs import.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO


class PageCache:
    """Page Markdown written under ``.cache/minutes/pages/``, rewritten only when it changes.

    MkDocs decides which pages a ``--dirty`` build renders again by comparing the source
    file's time with the built page's: pages whose Markdown did not change keep their file
    time, so after a one-note edit only the pages that really changed (the meeting, its
    neighbours, the people and topics it touches, the indexes) are rendered again.
    """

    def __init__(
        self, root: Path, *, compare_on_disk: bool = False, keep_text: bool = False
    ) -> None:
        self.root = root
        self.compare_on_disk = compare_on_disk
        self.keep_text = keep_text
        """Keep each page's last Markdown (``mkdocs serve``): most pages of a rebuild are
        the very strings the last build wrote (drawn pages are memoised), found equal at
        once instead of encoded and hashed again (100 MB at 1,000 meetings)."""
        self._digests: dict[str, bytes] = {}
        self._texts: dict[str, str] = {}
        self._paths: dict[str, tuple[Path, str]] = {}

    def path(self, src_uri: str) -> Path:
        """Where :meth:`write` keeps the page at ``src_uri``."""
        return self.root / src_uri

    def written_elsewhere(self, src_uris: Iterable[str]) -> None:
        """Another process writes these pages' files (a forked one, in a ``mkdocs
        build``): what this one knows of them is no longer true, so a later build of this
        process compares its Markdown with the file (else an unchanged page would be
        written again, and a ``--dirty`` build would render it again)."""
        for src_uri in src_uris:
            self._digests.pop(src_uri, None)
            self._texts.pop(src_uri, None)
        self.compare_on_disk = True

    def write(self, src_uri: str, markdown: str) -> Path:
        """The cache file holding ``markdown`` for the page at ``src_uri``."""
        if self.keep_text:
            kept = self._texts.get(src_uri) == markdown and src_uri in self._digests
            if kept:
                # Two thousand pages per rebuild: the path as it was, one stat each.
                path, name = self._paths[src_uri]
                if os.path.isfile(name):
                    return path
        path = self.root / src_uri
        if self.keep_text:
            self._texts[src_uri] = markdown
            self._paths[src_uri] = (path, str(path))
        data = markdown.encode("utf-8")
        digest = hashlib.blake2b(data, digest_size=16).digest()
        known = self._digests.get(src_uri)
        if known is None and self.compare_on_disk and path.is_file():
            known = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        if known != digest or not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        self._digests[src_uri] = digest
        return path

    def up_to_date(self, src_uri: str, key: str) -> bool:
        """Whether :meth:`write_with` wrote the file for ``src_uri`` under ``key``."""
        path = self.root / src_uri
        return path.is_file() and _read(_stamp(path)) == key

    def write_with(
        self, src_uri: str, write: Callable[[BinaryIO], None], key: str | None = None
    ) -> Path:
        """The cache file for ``src_uri``, written by ``write`` into a binary stream.

        For large outputs (the JSON export) that are better streamed than built as one
        string. With a ``key`` (a digest of everything the output is made from), a file
        written under the same key is kept as it is; else it is written on every build.
        """
        path = self.root / src_uri
        if key is not None and self.up_to_date(src_uri, key):
            return path
        stamp = _stamp(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as stream:
            write(stream)
        if key is not None:
            stamp.write_text(key, encoding="utf-8")
        else:
            stamp.unlink(missing_ok=True)
        self._digests.pop(src_uri, None)
        self._texts.pop(src_uri, None)
        return path


def _stamp(path: Path) -> Path:
    return path.with_name(f".{path.name}.key")


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None
