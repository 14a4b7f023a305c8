"""Each meeting as the search index sees it, kept between serve builds (``search/anchors.py``)."""

from __future__ import annotations

from mkdocs_minutes.archive import Archive, ArchiveMemo
from mkdocs_minutes.search.anchors import MeetingPageMemo, meeting_pages

from .test_index import item, meeting, notes, roll, updates

_ROLL = roll("Ana Lima / Org / @analima", "Ben Okafor / Org / @benok")


_UNCHANGED = meeting("team/2024-01-11", attendees=_ROLL, items=[item("Budget", "Ben")])
"""One object in every build, as the note cache hands out an unchanged note's meetings."""


def _week(title: str = "Federation", attendees=_ROLL, body: str = "") -> tuple:
    edited = meeting(
        "team/2024-01-04",
        attendees=attendees,
        updates=updates("Ana: the docs are out"),
        items=[item(title, "Ana", body=body)],
    )
    return edited, _UNCHANGED


def test_unchanged_meetings_are_kept_and_edited_ones_redone() -> None:
    archive_memo, memo = ArchiveMemo(), MeetingPageMemo()
    first = meeting_pages(Archive.build(notes(*_week()), memo=archive_memo), None, memo=memo)
    archive = Archive.build(notes(*_week(body="OVH is back")), memo=archive_memo)
    again = meeting_pages(archive, None, memo=memo)
    assert again == meeting_pages(archive, None)
    assert again["meetings/team/2024-01-11/"] is first["meetings/team/2024-01-11/"]
    assert again["meetings/team/2024-01-04/"] is not first["meetings/team/2024-01-04/"]


def test_a_retitled_item_is_what_the_index_sees() -> None:
    archive_memo, memo = ArchiveMemo(), MeetingPageMemo()
    meeting_pages(Archive.build(notes(*_week()), memo=archive_memo), None, memo=memo)
    archive = Archive.build(notes(*_week("Federation health")), memo=archive_memo)
    again = meeting_pages(archive, None, memo=memo)
    assert again == meeting_pages(archive, None)
    assert again["meetings/team/2024-01-04/"].items["federation-health"] == "Federation health"


def test_every_meeting_is_redone_when_names_resolve_otherwise() -> None:
    archive_memo, memo = ArchiveMemo(), MeetingPageMemo()
    first = meeting_pages(Archive.build(notes(*_week()), memo=archive_memo), None, memo=memo)
    renamed = roll("Ana Lima / Org / @ana-lima", "Ben Okafor / Org / @benok")
    archive = Archive.build(notes(*_week(attendees=renamed)), memo=archive_memo)
    again = meeting_pages(archive, None, memo=memo)
    assert again == meeting_pages(archive, None)
    assert again["meetings/team/2024-01-11/"] is not first["meetings/team/2024-01-11/"]
    assert "ana-lima" in again["meetings/team/2024-01-04/"].people


def test_a_meeting_gone_is_forgotten() -> None:
    archive_memo, memo = ArchiveMemo(), MeetingPageMemo()
    meeting_pages(Archive.build(notes(*_week()), memo=archive_memo), None, memo=memo)
    meeting_pages(Archive.build(notes(_week()[1]), memo=archive_memo), None, memo=memo)
    assert set(memo.pages) == {"team/2024-01-11"}
