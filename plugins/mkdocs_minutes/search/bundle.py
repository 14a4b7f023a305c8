"""Reading a written Pagefind index back, without a browser or Node.

Pagefind's files are gzip-compressed CBOR (metadata, word index) and JSON (one fragment per
document); word positions are delta-encoded. The tests ask the search box's questions of a
real build with this (where does a word land?), ``make bench`` asks whether an edit has
reached the index a server sends, and ``minutes index --check WORD`` says which pages a
word finds. It reads what Pagefind 1.x writes; :class:`BundleFormatError` names the file
when a new Pagefind writes something else.
"""

from __future__ import annotations

import gzip
import itertools
import json
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .prepare import END_PREFIX, ITEMS_META

SIGNATURE = b"pagefind_dcd"

Fetch = Callable[[str], bytes]
"""Bytes of a file of the index by its path under ``pagefind/`` (``m0/pagefind-entry.json``)."""


class BundleFormatError(ValueError):
    """A file of the index is not what Pagefind 1.x writes."""


def cbor(data: bytes, pos: int = 0) -> tuple[Any, int]:
    """Decode one CBOR item (the subset Pagefind writes) at ``pos``."""
    initial = data[pos]
    pos += 1
    major, info = initial >> 5, initial & 31
    if major == 7:
        if info == 26:
            return struct.unpack(">f", data[pos : pos + 4])[0], pos + 4
        if info == 27:
            return struct.unpack(">d", data[pos : pos + 8])[0], pos + 8
        return {20: False, 21: True, 22: None}.get(info), pos
    if info == 31:  # indefinite length
        items = []
        while data[pos] != 0xFF:
            item, pos = cbor(data, pos)
            items.append(item)
        return items, pos + 1
    if info < 24:
        length = info
    else:
        size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        length, pos = int.from_bytes(data[pos : pos + size], "big"), pos + size
    if major == 0:
        return length, pos
    if major == 1:
        return -1 - length, pos
    if major in (2, 3):
        raw = data[pos : pos + length]
        return (raw.decode() if major == 3 else raw), pos + length
    if major == 4:
        items = []
        for _ in range(length):
            item, pos = cbor(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        mapping = {}
        for _ in range(length):
            key, pos = cbor(data, pos)
            mapping[key], pos = cbor(data, pos)
        return mapping, pos
    return cbor(data, pos)  # a tag: the tagged item


def unpack(data: bytes, name: str = "") -> bytes:
    """A Pagefind file's payload: gunzipped, without its signature."""
    if not data.startswith(SIGNATURE):
        data = gzip.decompress(data)
    if not data.startswith(SIGNATURE):
        raise BundleFormatError(f"{name}: not a Pagefind file")
    return data[len(SIGNATURE) :]


def positions(encoded: list[int]) -> list[int]:
    """Word positions of one page: a negative number starts a run of another weight, and
    positions within a run are deltas from the previous one."""
    found, last = [], 0
    for number in encoded:
        if number < 0:
            last = 0
            continue
        last += number
        found.append(last)
    return found


@dataclass
class Bundle:
    """One written Pagefind bundle, read back."""

    fetch: Fetch
    prefix: str = ""
    pages: list[str] = field(default_factory=list)
    """Page hashes in Pagefind's page numbers' order."""
    words: dict[str, dict[int, list[int]]] = field(default_factory=dict)
    """Word (a stem) -> page number -> positions."""

    @classmethod
    def read(cls, fetch: Fetch, prefix: str = "") -> Bundle:
        entry = json.loads(fetch(prefix + "pagefind-entry.json"))
        bundle = cls(fetch, prefix)
        for language in entry.get("languages", {}).values():
            name = f"{prefix}pagefind.{language['hash']}.pf_meta"
            meta, _ = cbor(unpack(fetch(name), name))
            bundle.pages += [hash_ for hash_, _count in meta[1]]
            for chunk in meta[2]:
                path = f"{prefix}index/{chunk[-1]}.pf_index"
                (words,), _ = cbor(unpack(fetch(path), path))
                for word, entries, *_rest in words:
                    numbers = itertools.accumulate(item[0] for item in entries)
                    bundle.words[word] = {
                        number: positions(item[1])
                        for number, item in zip(numbers, entries, strict=True)
                    }
        return bundle

    def fragment(self, number: int) -> dict:
        """The fragment (URL, content, anchors, metadata, filters) of page ``number``."""
        name = f"{self.prefix}fragment/{self.pages[number]}.pf_fragment"
        return json.loads(unpack(self.fetch(name), name))

    def all(self) -> dict[str, dict]:
        """Every page's fragment by URL."""
        return {f["url"]: f for f in map(self.fragment, range(len(self.pages)))}

    def find(self, word: str) -> Iterator[tuple[dict, list[int]]]:
        """(fragment, positions) of each page holding a word that starts with ``word``."""
        for indexed, pages in self.words.items():
            if indexed.startswith(word):
                for number, found in pages.items():
                    yield self.fragment(number), found

    def land(self, word: str) -> set[str]:
        """Where a search for ``word`` (a stem, or a prefix of one) lands: the page, or the
        page's item, update, action or heading that holds the hit, as the browser does."""
        landed: set[str] = set()
        for page, found in self.find(word):
            items = json.loads(page["meta"].get(ITEMS_META, "{}"))
            anchors = sorted(
                (
                    a
                    for a in page["anchors"]
                    if a["element"][1:] in "23456"
                    or a["id"] in items
                    or a["id"].startswith(END_PREFIX)
                ),
                key=lambda a: a["location"],
            )
            owners = _owners([a["id"] for a in anchors])
            for position in found:
                before = [i for i, a in enumerate(anchors) if a["location"] <= position]
                owner = owners[before[-1]] if before else None
                landed.add(page["url"] + (f"#{owner}" if owner else ""))
        return landed


def _owners(ids: list[str]) -> list[str | None]:
    """The anchor each anchor's words belong to: itself, or after the end marker of an
    action nested in an item, the anchor current before the action began."""
    owners: list[str | None] = []
    started: dict[str, int] = {}
    for position, ident in enumerate(ids):
        if ident.startswith(END_PREFIX):
            begun = started.get(ident[len(END_PREFIX) :])
            owners.append(owners[begun - 1] if begun else None)
        else:
            started[ident] = position
            owners.append(ident)
    return owners


def local(folder: Path) -> Fetch:
    """Read the files of an index folder (``<site>/pagefind``)."""
    return lambda name: (folder / name).read_bytes()


def read_index(fetch: Fetch) -> dict[str, Bundle]:
    """Every bundle ``minutes.json`` lists, by folder name (``m0``, ``k0``, ``p``)."""
    manifest = json.loads(fetch("minutes.json"))
    names = [manifest["pages"]] if manifest.get("pages") else []
    for block in manifest.get("blocks", []):
        names += [block[kind] for kind in ("meetings", "parts") if block.get(kind)]
    return {name.rstrip("/"): Bundle.read(fetch, name) for name in names}


def has_word(fetch: Fetch, word: str) -> bool:
    """Whether an index's meetings or pages hold ``word`` (lowercase, one word), reading only
    the chunk of each bundle whose word range holds it: cheap enough to poll a server with.
    Pagefind indexes stems, so a word a suffix longer than the stem matches it too."""
    manifest = json.loads(fetch("minutes.json"))
    names = [manifest["pages"]] if manifest.get("pages") else []
    names += [block["meetings"] for block in manifest.get("blocks", []) if block.get("meetings")]
    for prefix in names:
        entry = json.loads(fetch(prefix + "pagefind-entry.json"))
        for language in entry.get("languages", {}).values():
            name = f"{prefix}pagefind.{language['hash']}.pf_meta"
            meta, _ = cbor(unpack(fetch(name), name))
            for first, last, chunk in meta[2]:
                if not (first <= word and (word <= last or word.startswith(last))):
                    continue
                path = f"{prefix}index/{chunk}.pf_index"
                (words,), _ = cbor(unpack(fetch(path), path))
                if any(_same_word(indexed, word) for indexed, *_rest in words):
                    return True
    return False


def _same_word(indexed: str, word: str) -> bool:
    """Whether the index's ``indexed`` is ``word`` or its stem (a suffix gone:
    ``quillowbrite`` is indexed as ``quillowbrit``)."""
    return indexed == word or (word.startswith(indexed) and len(word) - len(indexed) <= 3)


def search_bundles(fetch: Fetch) -> list[Bundle]:
    """The bundles the header's search box merges: meetings and other pages, no parts."""
    return [b for name, b in read_index(fetch).items() if not name.startswith("k")]
