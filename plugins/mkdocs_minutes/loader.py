"""Reading a whole notes folder, and the plugin options, without MkDocs.

The commands (``minutes export``, ``check``, ``new``, ``import``) and the plugin share this:
the plugin hands it the bytes MkDocs already read; the commands read the folder directly.
Parsed notes are cached by content hash, so a rebuild under ``mkdocs serve`` only parses
the notes that changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import yaml

from .model import ParsedNote
from .notes import parse_note


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


def note_paths(notes_root: Path) -> list[Path]:
    """Every ``.md`` file below the notes folder, in a stable order."""
    if notes_root.is_file():
        return [notes_root]
    return sorted(p for p in notes_root.rglob("*.md") if p.is_file())


def read_notes(
    notes_root: Path,
    *,
    default_repo: str | None = None,
    only: Iterable[Path] | None = None,
    cache: NoteCache | None = None,
) -> list[ParsedNote]:
    """Parse every note below ``notes_root`` (or just ``only``), paths relative to it."""
    cache = cache or NoteCache()
    root = notes_root if notes_root.is_dir() else notes_root.parent
    files = list(only) if only is not None else note_paths(notes_root)
    notes = []
    for file in files:
        try:
            relative = file.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            relative = file.name
        notes.append(cache.parse(relative, file.read_bytes(), default_repo))
    return notes


@dataclass
class SiteOptions:
    """What the commands need from ``mkdocs.yml``: folders and the plugin's options."""

    config_path: Path | None
    docs_dir: Path
    options: dict = field(default_factory=dict)
    repo_url: str | None = None
    edit_uri: str | None = None
    site_url: str | None = None

    @property
    def notes_dir(self) -> str:
        """The plugin's ``notes_dir`` option (default ``meetings``)."""
        return str(self.options.get("notes_dir") or "meetings")

    @property
    def notes_root(self) -> Path:
        """The notes folder on disk."""
        return self.docs_dir / self.notes_dir

    def resolve(self, option: str) -> Path | None:
        """A file option (``people``, ``topics``, ``template``) as a path, or None."""
        value = self.options.get(option)
        if not value:
            return None
        base = self.config_path.parent if self.config_path else Path.cwd()
        candidate = base / str(value)
        if not candidate.exists() and (self.docs_dir / str(value)).exists():
            candidate = self.docs_dir / str(value)
        return candidate


class _LenientLoader(yaml.SafeLoader):
    """Reads ``mkdocs.yml`` without importing what ``!!python/name:`` tags name."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
_LenientLoader.add_multi_constructor("!", _ignore_tag)


def load_site_options(config: Path | None = None, cwd: Path | None = None) -> SiteOptions:
    """``--config FILE``, else ``./mkdocs.yml`` when present, else the defaults."""
    cwd = cwd or Path.cwd()
    if config is None and (cwd / "mkdocs.yml").exists():
        config = cwd / "mkdocs.yml"
    if config is None:
        return SiteOptions(None, cwd / "docs")
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_LenientLoader) or {}
    options: dict = {}
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and "minutes" in plugin:
            options = dict(plugin["minutes"] or {})
    docs_dir = config.parent / str(data.get("docs_dir") or "docs")
    return SiteOptions(
        config_path=config,
        docs_dir=docs_dir,
        options=options,
        repo_url=data.get("repo_url"),
        edit_uri=data.get("edit_uri"),
        site_url=data.get("site_url"),
    )


class PageCache:
    """Page Markdown written under ``.cache/minutes/pages/``, rewritten only when it changes.

    MkDocs decides which pages a ``--dirty`` build renders again by comparing the source
    file's time with the built page's: pages whose Markdown did not change keep their file
    time, so after a one-note edit only the pages that really changed (the meeting, its
    neighbours, the people and topics it touches, the indexes) are rendered again.
    """

    def __init__(self, root: Path, *, compare_on_disk: bool = False) -> None:
        self.root = root
        self.compare_on_disk = compare_on_disk
        self._digests: dict[str, bytes] = {}

    def write(self, src_uri: str, markdown: str) -> Path:
        """The cache file holding ``markdown`` for the page at ``src_uri``."""
        path = self.root / src_uri
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

    def write_with(self, src_uri: str, write: Callable[[TextIO], None]) -> Path:
        """The cache file for ``src_uri``, written by ``write`` into a text stream.

        For large outputs (the JSON export) that are better streamed than built as one
        string; the file is rewritten on every build.
        """
        path = self.root / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as stream:
            write(stream)
        self._digests.pop(src_uri, None)
        return path
