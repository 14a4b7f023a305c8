"""Page Markdown on disk, rewritten only when it changes (``pages/cache.py``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mkdocs_minutes.pages.cache import PageCache


def _age(path: Path) -> None:
    """Set the file's time back, so a rewrite is seen in its time."""
    os.utime(path, (1_000_000_000, 1_000_000_000))


@pytest.mark.parametrize("keep_text", [False, True], ids=["build", "serve"])
def test_a_page_is_rewritten_only_when_its_markdown_changes(
    tmp_path: Path, keep_text: bool
) -> None:
    cache = PageCache(tmp_path, keep_text=keep_text)
    path = cache.write("people/ana/index.md", "# Ana\n")
    assert path.read_text(encoding="utf-8") == "# Ana\n"
    _age(path)
    cache.write("people/ana/index.md", "".join(["# Ana", "\n"]))  # equal, not the same object
    assert path.stat().st_mtime == 1_000_000_000
    cache.write("people/ana/index.md", "# Ana Lima\n")
    assert path.read_text(encoding="utf-8") == "# Ana Lima\n"
    assert path.stat().st_mtime != 1_000_000_000


@pytest.mark.parametrize("keep_text", [False, True], ids=["build", "serve"])
def test_a_deleted_cache_file_is_written_again(tmp_path: Path, keep_text: bool) -> None:
    cache = PageCache(tmp_path, keep_text=keep_text)
    markdown = "# Topics\n"
    path = cache.write("topics/index.md", markdown)
    path.unlink()
    assert cache.write("topics/index.md", markdown).read_text(encoding="utf-8") == markdown


def test_a_file_written_by_stream_is_not_mistaken_for_the_last_text(tmp_path: Path) -> None:
    cache = PageCache(tmp_path, keep_text=True)
    cache.write("meetings.json", "[]")
    cache.write_with("meetings.json", lambda stream: stream.write(b"[1]"))
    assert cache.write("meetings.json", "[]").read_text(encoding="utf-8") == "[]"


def test_pages_another_process_wrote_are_compared_with_their_files(tmp_path: Path) -> None:
    """A ``mkdocs build`` has a forked process write the pages' files: what this process
    remembers of them must not decide the next write (a page written back to what it was
    would be left as the other process wrote it), and an unchanged page keeps its time."""
    cache = PageCache(tmp_path)
    path = cache.write("meetings/a.md", "# A\n")
    path.write_text("# B\n", encoding="utf-8")  # the other process's write
    cache.written_elsewhere(["meetings/a.md"])
    _age(path)
    cache.write("meetings/a.md", "# B\n")
    assert path.stat().st_mtime == 1_000_000_000
    cache.write("meetings/a.md", "# A\n")
    assert path.read_text(encoding="utf-8") == "# A\n"
