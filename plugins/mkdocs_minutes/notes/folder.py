"""A whole notes folder read without MkDocs: what the ``minutes`` commands parse.

The plugin hands the parser the bytes MkDocs already read; the commands read the folder
here, with the same parser and cache. No MkDocs import.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..model import ParsedNote
from .cache import NoteCache


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
