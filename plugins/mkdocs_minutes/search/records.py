"""What the search index holds besides whole pages: one record per agenda item and update.

A record's URL is ``<meeting url>#<anchor>`` (the contract's anchors), so a result opens
the item where the word is, and its title names the meeting's date: ``2019-03-21 · OVH
follow-up`` or ``2019-03-21 · Update from Tim``; the meeting's title travels as metadata.
Meeting pages are still indexed as HTML, with the items and updates left out, so a word
is found once: in the item's record, or in the rest of the meeting (roll call, actions).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..archive import Archive
from ..model import Meeting
from ..pages.markup import plain
from ..pages.site import SitePages


@dataclass(frozen=True)
class SearchRecord:
    """One search entry that is not a whole page: an agenda item or an update."""

    url: str
    """Site-relative, ``<meeting url>#<anchor>``."""
    title: str
    """``YYYY-MM-DD · <item title>`` or ``YYYY-MM-DD · Update from <name>``."""
    content: str
    """Plain text that is searched (the item's title and minutes, or the update's text)."""
    meeting: str
    """The meeting's title, shown under the result's title."""


@dataclass(frozen=True)
class MeetingPage:
    """What the indexer needs to know about a meeting page it finds in the built site."""

    title: str
    """``YYYY-MM-DD · <meeting title>``: the result title of the page itself."""
    anchors: frozenset[str]
    """Ids of the items and updates, whose text is indexed as records instead."""


def meeting_title(meeting: Meeting) -> str:
    """``YYYY-MM-DD · <title>``, without repeating a date the title already holds."""
    date = meeting.date.isoformat()
    title = plain(meeting.title)
    return title if date in title else f"{date} · {title}"


def item_records(
    archive: Archive, site: SitePages, *, use_directory_urls: bool = True
) -> list[SearchRecord]:
    """A record per agenda item and per update of every published meeting."""
    records: list[SearchRecord] = []
    for meeting in archive.meetings:
        base = site.meeting_url(meeting.id, use_directory_urls)
        if base is None:
            continue
        date = meeting.date.isoformat()
        name = plain(meeting.title)
        for item in meeting.items:
            title = plain(item.title)
            records.append(
                SearchRecord(
                    url=f"{base}#{item.anchor}",
                    title=f"{date} · {title}",
                    content=plain(f"{item.title}\n{item.body}"),
                    meeting=name,
                )
            )
        for update in meeting.updates:
            records.append(
                SearchRecord(
                    url=f"{base}#{archive.update_anchor(meeting, update)}",
                    title=f"{date} · Update from {plain(update.author)}",
                    content=plain(update.text),
                    meeting=name,
                )
            )
    return records


def meeting_pages(
    archive: Archive, site: SitePages, *, use_directory_urls: bool = True
) -> dict[str, MeetingPage]:
    """Meeting pages by their site-relative URL: result titles and the ids left out."""
    pages: dict[str, MeetingPage] = {}
    for meeting in archive.meetings:
        url = site.meeting_url(meeting.id, use_directory_urls)
        if url is None:
            continue
        anchors = {item.anchor for item in meeting.items}
        anchors.update(archive.update_anchor(meeting, u) for u in meeting.updates)
        pages[url] = MeetingPage(title=meeting_title(meeting), anchors=frozenset(anchors))
    return pages
