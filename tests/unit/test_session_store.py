"""The session snapshot on disk (``plugin/session.py``): written beside the last one,
by a forked process when the platform has ``fork``, and put in place only after a good
build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mkdocs_minutes.archive import ArchiveMemo
from mkdocs_minutes.pages.site import PagesMemo
from mkdocs_minutes.plugin.session import Session, SessionStore


def _session(key: str) -> Session:
    return Session(key, {}, ArchiveMemo(), PagesMemo(), {("chart", (1,), ()): "<svg/>"})


@pytest.mark.skipif(not hasattr(os, "fork"), reason="written by a forked process")
def test_a_session_written_in_the_background_is_in_place_after_commit(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "session.pickle")
    store.save(_session("old"))
    store.stage_in_background(_session("new"))
    assert store.staged
    assert store.load("old") is not None, "the last session stays until the commit"
    store.commit()
    assert not store.staged
    found = store.load("new")
    assert found is not None and found.charts == {("chart", (1,), ()): "<svg/>"}
    assert [p.name for p in tmp_path.iterdir()] == ["session.pickle"]


def test_a_discarded_session_leaves_the_last_one_and_no_file(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "session.pickle")
    store.save(_session("old"))
    store.stage_in_background(_session("new"))
    store.discard()
    assert store.load("old") is not None and store.load("new") is None
    assert [p.name for p in tmp_path.iterdir()] == ["session.pickle"]


def test_a_session_the_writer_could_not_pickle_is_not_put_in_place(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "session.pickle")
    store.save(_session("old"))
    broken = _session("new")
    broken.charts = {("chart", (1,), ()): lambda: None}  # type: ignore[dict-item]
    store.stage_in_background(broken)
    store.commit()
    assert store.load("old") is not None and store.load("new") is None
    assert [p.name for p in tmp_path.iterdir()] == ["session.pickle"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="written by a forked process")
def test_a_writer_that_died_half_way_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs_minutes.plugin import session as module

    def dying(temporary: Path, value: object) -> bool:
        temporary.write_bytes(b"half a pickle")
        os._exit(9)

    store = SessionStore(tmp_path / "session.pickle")
    store.save(_session("old"))
    monkeypatch.setattr(module, "_write", dying)
    store.stage_in_background(_session("new"))
    store.commit()
    assert store.load("old") is not None
    assert [p.name for p in tmp_path.iterdir()] == ["session.pickle"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="written by a forked process")
def test_a_session_staged_in_the_background_is_written_as_it_was_when_staged(
    tmp_path: Path,
) -> None:
    """A ``mkdocs build`` drops its memos once the writer has forked
    (``writing_elsewhere``): the writer's copy is the one written."""
    store = SessionStore(tmp_path / "session.pickle")
    session = _session("new")
    session.pages.put(("meeting", "meetings/a.md"), ("inputs",), "# A\n", {"people/x.md"})
    store.stage_in_background(session)
    assert store.writing_elsewhere
    session.pages.clear()
    session.charts.clear()
    store.commit()
    assert not store.writing_elsewhere
    found = store.load("new")
    assert found is not None and found.charts == {("chart", (1,), ()): "<svg/>"}
    kept = found.pages.get(("meeting", "meetings/a.md"), ("inputs",))
    assert kept is not None and kept.text == "# A\n" and kept.targets == {"people/x.md"}


def test_a_session_saved_here_is_not_written_elsewhere(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "session.pickle")
    store.save(_session("old"))
    assert not store.writing_elsewhere


def test_a_session_read_back_keeps_what_its_memos_share_with_the_notes(tmp_path: Path) -> None:
    """The session is written note by note and memo by memo (``_dump_session``): a memo's
    object that is a note's must be the note's again when read (the memos compare by
    identity), and so must an object of ours that two memos hold: one that compares by
    identity (the people book of the people index and of the pages' inputs) or by value
    (a meeting's link: compared at once when it is the same, field by field otherwise)."""
    import datetime as dt

    from mkdocs_minutes.archive.people import PeopleBook
    from mkdocs_minutes.pages.render import MeetingLink

    meeting = ("Team meeting", ("OVH", "Binder"))  # a tuple: a dict or list is written again
    book = PeopleBook()
    link = MeetingLink("2019-03-21", dt.date(2019, 3, 21), "Team meeting", None)
    session = _session("key")
    session.notes = {"a.md": ("parse key", [meeting, ("x", "y")])}  # type: ignore[dict-item]
    session.archive.meetings = {"a.md": meeting}  # type: ignore[assignment]
    session.archive.people = ("index", book, link)  # type: ignore[assignment]
    session.pages.put(("topic", "topics/ovh.md"), (meeting, book, link), "# OVH\n", set())
    store = SessionStore(tmp_path / "session.pickle")
    store.save(session)

    found = store.load("key")
    assert found is not None
    read_meeting = found.notes["a.md"][1][0]  # type: ignore[index]
    _, read_book, read_link = found.archive.people  # type: ignore[misc]
    assert found.archive.meetings["a.md"] is read_meeting  # type: ignore[index]
    drawn = found.pages.get(("topic", "topics/ovh.md"), (read_meeting, read_book, read_link))
    assert drawn is not None, "the page's inputs are equal: the same meeting, the same book"
    for kept, read in zip(drawn.inputs, (read_meeting, read_book, read_link), strict=True):  # type: ignore[call-overload]
        assert kept is read
    assert found.charts == {("chart", (1,), ()): "<svg/>"}


def test_a_session_of_another_key_is_not_read(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "session.pickle")
    store.save(_session("old"))
    assert store.load("new") is None
    (tmp_path / "session.pickle").write_bytes(b"not a pickle")
    assert store.load("old") is None


def test_reading_a_session_leaves_no_reader_for_the_collector(tmp_path: Path) -> None:
    """A build puts off full collections while it reads the session: what reading a memo
    was made of must go as soon as it is read, not wait for the collector (the readers'
    memos held it, in a cycle through their own methods: 25 MB at 1,000 meetings)."""
    import gc

    from mkdocs_minutes.plugin import session as module

    store = SessionStore(tmp_path / "session.pickle")
    store.save(_session("key"))
    gc.collect()
    gc.disable()
    try:
        assert store.load("key") is not None
        left = [o for o in gc.get_objects() if isinstance(o, module._Objects)]
    finally:
        gc.enable()
    assert left == []


def test_a_session_in_the_earlier_layout_is_not_read(tmp_path: Path) -> None:
    """A session written whole, in one pickle (before ``_FORMAT``), by an earlier version
    of the plugin: the build starts from the parse cache and writes the new layout."""
    import pickle

    path = tmp_path / "session.pickle"
    path.write_bytes(pickle.dumps(_session("key")))
    store = SessionStore(path)
    assert store.load("key") is None
    store.save(_session("key"))
    assert store.load("key") is not None


def test_a_large_memo_read_back_is_whole_and_shares_its_strings(tmp_path: Path) -> None:
    """A memo's dict larger than a part, and an object of ours whose state holds one, are
    written in shares, each a pickle of its own (``_parts``: one pickle's table of what it
    wrote was the writer's largest allocation). Read back, each is whole and equal, the
    object is the one both memos hold, and a string that several shares hold is one
    object again, as it was when written (each share would read its own copy)."""
    from mkdocs_minutes.archive.discovery import DiscoveryMemo
    from mkdocs_minutes.plugin.session import _ENTRIES_PER_PART

    count = 3 * _ENTRIES_PER_PART + 7
    words = ["topic" + str(number) for number in range(count)]
    discovery = DiscoveryMemo()
    discovery.heading_keys = {word: word for word in words}
    discovery.vocabulary.keys = {word + "s": word for word in words}
    session = _session("key")
    session.archive.meetings = {f"{n}.md": (words[n], n) for n in range(count)}  # type: ignore[assignment]
    session.archive.people = ("index", discovery)  # type: ignore[assignment]
    session.archive.topics = discovery  # type: ignore[assignment]
    store = SessionStore(tmp_path / "session.pickle")
    store.save(session)

    found = store.load("key")
    assert found is not None
    assert found.archive.meetings == session.archive.meetings
    read = found.archive.topics
    assert read is found.archive.people[1]  # type: ignore[index]
    assert isinstance(read, DiscoveryMemo)
    assert read.heading_keys == discovery.heading_keys
    assert read.vocabulary.keys == discovery.vocabulary.keys
    last = words[-1]
    in_meetings = found.archive.meetings[f"{count - 1}.md"][0]  # type: ignore[index]
    assert read.heading_keys[last] is read.vocabulary.keys[last + "s"] is in_meetings


def test_a_large_dict_an_object_holds_twice_is_one_dict_again(tmp_path: Path) -> None:
    """Shares read back make a new dict: an object whose state holds the same large dict
    under two names is written whole, so that both names hold one dict again."""
    from mkdocs_minutes.archive.discovery import DiscoveryMemo
    from mkdocs_minutes.plugin.session import _ENTRIES_PER_PART

    discovery = DiscoveryMemo()
    discovery.heading_keys = {str(n): "key" + str(n) for n in range(2 * _ENTRIES_PER_PART)}
    discovery.vocabulary.keys = discovery.heading_keys  # type: ignore[assignment]
    discovery.vocabulary.raw_keys = discovery.heading_keys  # type: ignore[assignment]
    session = _session("key")
    session.archive.topics = discovery  # type: ignore[assignment]
    store = SessionStore(tmp_path / "session.pickle")
    store.save(session)

    found = store.load("key")
    assert found is not None
    read = found.archive.topics
    assert isinstance(read, DiscoveryMemo)
    assert read.vocabulary.keys is read.vocabulary.raw_keys
    assert read.vocabulary.keys == discovery.heading_keys
