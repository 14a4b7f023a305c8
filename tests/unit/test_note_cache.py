"""The parsed notes kept in memory (``notes/cache.py``): by content, and by file stamp."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from mkdocs_minutes.notes.cache import MIN_FORKED_PARSES, SETTLED_NS, NoteCache, file_stamp

NOTE = b"# Team meeting 2024-01-11\n\n## Agenda\n\n### OVH federation\n\n- back online\n"


def test_a_note_whose_file_has_its_stamp_is_not_read_again(tmp_path: Path) -> None:
    """A rebuild reuses the parse of a file whose time and size are those it was read
    with, for the same options; any other stamp or option, or a forgotten note, reads it."""
    cache = NoteCache()
    cache.start()
    note = cache.parse("2024-01-11.md", NOTE, "jupyterhub/team", stamp=(1, 1, len(NOTE)))
    assert cache.unchanged("2024-01-11.md", (1, 1, len(NOTE)), "jupyterhub/team") is note
    assert cache.unchanged("2024-01-11.md", (2, 2, len(NOTE)), "jupyterhub/team") is None
    assert cache.unchanged("2024-01-11.md", (1, 1, len(NOTE) + 1), "jupyterhub/team") is None
    assert cache.unchanged("2024-01-11.md", (1, 1, len(NOTE)), "jupyterhub/binder") is None
    assert cache.unchanged("2024-01-18.md", (1, 1, len(NOTE)), "jupyterhub/team") is None
    cache.retain([])
    assert cache.unchanged("2024-01-11.md", (1, 1, len(NOTE)), "jupyterhub/team") is None


def test_a_parse_without_a_stamp_is_never_reused_by_stamp() -> None:
    cache = NoteCache()
    cache.parse("2024-01-11.md", NOTE, None)
    assert cache.unchanged("2024-01-11.md", (1, 1, len(NOTE)), None) is None


def test_a_parse_by_stamp_counts_as_used_by_the_build(tmp_path: Path) -> None:
    """A note found by its stamp keeps its disk entry when the cache is pruned."""
    cache = NoteCache(tmp_path)
    cache.start()
    cache.parse("2024-01-11.md", NOTE, None, stamp=(1, 1, len(NOTE)))
    cache.start()
    assert cache.unchanged("2024-01-11.md", (1, 1, len(NOTE)), None) is not None
    cache.prune()
    assert len(list(tmp_path.glob("*.pickle"))) == 1


def test_a_file_stamp_changes_when_the_file_does(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_bytes(NOTE)
    os.utime(path, ns=(10**18, 10**18))
    before = file_stamp(str(path))
    assert before is not None and before[0] == 10**18 and before[2] == len(NOTE)
    path.write_bytes(NOTE + b"\n- edited\n")
    assert file_stamp(str(path)) != before
    # Setting the modification time back (cp -p, touch -r) leaves the change time moved.
    os.utime(path, ns=(10**18, 10**18))
    assert file_stamp(str(path)) != before
    assert file_stamp(str(tmp_path / "gone.md")) is None
    assert file_stamp(None) is None


def test_a_file_changed_moments_before_it_was_read_is_read_again(tmp_path: Path) -> None:
    """A file that had just changed when it was read is never known by its stamp: a
    second write in the same tick of a coarse clock could leave the stamp as it was."""
    cache = NoteCache()
    now = time.time_ns()
    recent = (now - SETTLED_NS // 2, now - SETTLED_NS // 2, len(NOTE))
    cache.parse("2024-01-11.md", NOTE, None, stamp=recent)
    assert cache.unchanged("2024-01-11.md", recent, None) is None
    older = (now - 2 * SETTLED_NS, now - 2 * SETTLED_NS, len(NOTE))
    cache.parse("2024-01-11.md", NOTE, None, stamp=older)
    assert cache.unchanged("2024-01-11.md", older, None) is not None
    cache.parse("2024-01-11.md", NOTE, None, stamp=recent)  # changed again, just now
    assert cache.unchanged("2024-01-11.md", older, None) is None


def test_a_note_written_to_the_disk_cache_keeps_no_utf8_copy_of_its_text(tmp_path: Path) -> None:
    """Pickling a non-ASCII str makes CPython keep its UTF-8 form on it (counted by
    ``sys.getsizeof``): the note kept in memory is the one read back, without that copy,
    and equal to a parse of its own."""
    import sys

    from mkdocs_minutes.notes.parse import parse_note

    data = NOTE + "- Erik: 60 seconds \u2014 shipped \U0001f389\n".encode()
    note = NoteCache(tmp_path).parse("2024-01-11.md", data, None)
    fresh = data.decode()
    assert note.text == fresh
    assert sys.getsizeof(note.text) == sys.getsizeof(fresh)
    assert note == parse_note("2024-01-11.md", data)
    assert NoteCache(tmp_path).parse("2024-01-11.md", data, None) == note


def test_a_note_read_back_from_the_disk_cache_holds_its_parts_without_instance_dicts(
    tmp_path: Path,
) -> None:
    """The parts of a meeting (items, roll call, updates, references...) are slotted: a
    pickle read back fills an instance ``__dict__`` for each object otherwise, some 15 MB
    over the 50,000 parts of 1,000 meetings."""
    data = (
        NOTE
        + b"\n## Attendees\n\n- Ana Lima / ACME / @ana\n\n## Updates\n\n- Ana: shipped"
        + b" https://github.com/jupyterhub/team/pull/5\n\n## Action items\n\n- [ ] Ana: ask\n"
    )
    NoteCache(tmp_path).parse("2024-01-11.md", data, None)
    note = NoteCache(tmp_path).parse("2024-01-11.md", data, None)
    (meeting,) = note.meetings
    parts = [*meeting.items, *meeting.attendees, *meeting.updates, *meeting.refs]
    parts += [*meeting.actions, *note.findings]
    assert {type(part).__name__ for part in parts} >= {
        "AgendaItem",
        "Attendee",
        "Update",
        "Reference",
        "ActionItem",
    }
    assert not any(hasattr(part, "__dict__") for part in parts)


def _notes(count: int) -> list[tuple[str, bytes, None]]:
    return [
        (
            f"2024-{1 + day // 28:02}-{1 + day % 28:02}.md",
            NOTE.replace(b"2024-01-11", f"2024-{1 + day // 28:02}-{1 + day % 28:02}".encode())
            + f"- Erik: shipped release {day} \u2014 \U0001f389\n".encode(),
            None,
        )
        for day in range(count)
    ]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")
def test_notes_parsed_by_a_forked_worker_are_the_notes_parsed_here(
    tmp_path: Path, forked: list[int]
) -> None:
    """A cold build parses a share of the notes in a worker, which writes them to the disk
    cache: the main process reads them back, in order, equal to a parse of its own, and
    counts them as parsed (none read from an earlier build)."""
    from mkdocs_minutes.notes.parse import parse_note

    items = _notes(3 * MIN_FORKED_PARSES)
    cache = NoteCache(tmp_path)
    cache.start()
    notes = cache.parse_all(items, None, workers=1)
    assert len(forked) == 1
    assert notes == [parse_note(path, data) for path, data, _ in items]
    assert (cache.parsed, cache.loaded) == (len(items), 0)
    assert len(list(tmp_path.glob("*.pickle"))) == len(items)

    again = NoteCache(tmp_path)
    again.start()
    assert again.parse_all(items, None, workers=1) == notes
    assert (again.parsed, again.loaded) == (0, len(items)), "all read back, none forked"


def test_few_notes_or_no_disk_cache_are_parsed_in_one_process(tmp_path: Path) -> None:
    items = _notes(MIN_FORKED_PARSES)
    for cache in (NoteCache(tmp_path), NoteCache()):
        cache.start()
        assert cache._shares(items, None, workers=1) == []
        assert len(cache.parse_all(items, None, workers=1)) == len(items)
    assert NoteCache(tmp_path / "cold")._shares(_notes(100), None, workers=1)
