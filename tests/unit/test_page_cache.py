"""Page Markdown on disk, rewritten only when it changes (``pages/cache.py``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mkdocs_minutes.pages.cache import PageCache
from mkdocs_minutes.plugin import CachedPageFile


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


def _cached_file(tmp_path: Path) -> tuple[CachedPageFile, Path, Path]:
    source, built = tmp_path / "cache" / "ana.md", tmp_path / "site" / "ana" / "index.html"
    if not source.is_file():
        source.parent.mkdir()
        source.write_text("# Ana\n", encoding="utf-8")
    file = CachedPageFile(
        "ana.md", src_dir=None, dest_dir=str(tmp_path / "site"), use_directory_urls=True
    )
    file.abs_src_path = str(source)
    return file, source, built


@pytest.mark.parametrize(
    ("built_at", "modified"),
    [(None, True), (500_000_000, True), (2_000_000_000, False)],
    ids=["never built", "built before the change", "built after it"],
)
def test_a_cached_page_is_modified_as_mkdocs_judges_a_file(
    tmp_path: Path, built_at: int | None, modified: bool
) -> None:
    """Missing or older built page: modified, as ``File.is_modified`` says."""
    file, source, built = _cached_file(tmp_path)
    _age(source)
    if built_at is not None:
        built.parent.mkdir(parents=True)
        built.write_text("<p>Ana</p>", encoding="utf-8")
        os.utime(built, (built_at, built_at))
    assert file.is_modified() is modified
    assert super(CachedPageFile, file).is_modified() is modified


def test_a_cached_page_is_asked_once_per_build(tmp_path: Path) -> None:
    """The first answer is kept for the build (MkDocs asks again before writing the page),
    so a change after it is seen by the next build's file, not this one."""
    file, source, built = _cached_file(tmp_path)
    _age(source)
    built.parent.mkdir(parents=True)
    built.write_text("<p>Ana</p>", encoding="utf-8")
    assert file.is_modified() is False
    source.write_text("# Ana Lima\n", encoding="utf-8")
    os.utime(built, (1_500_000_000, 1_500_000_000))  # older than the source now
    assert file.is_modified() is False
    again, _, _ = _cached_file(tmp_path)
    assert again.is_modified() is True
