"""Which anchors of a meeting page are agenda items and updates, and what to call them.

Search lands on the item: the browser script maps each word Pagefind finds on a meeting
page to the item, update or heading whose anchor comes before the word (Pagefind stores
every ``id`` with its word position), and links to ``<meeting url>#<anchor>``. The result
is titled from what this module hands the index with the page: the meeting's date and
title (``2019-03-21 · Team meeting``), and a title per item (``OVH follow-up``) and update
(``Update from Tim``), where the page itself only has the whole bullet's text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..archive import Archive
from ..model import Meeting
from ..pages.markup import plain
from ..pages.site import SitePages


@dataclass(frozen=True)
class MeetingPage:
    """What the indexer adds to a meeting page it finds in the built site."""

    title: str
    """``YYYY-MM-DD · <meeting title>``: the result's title."""
    items: Mapping[str, str] = field(default_factory=dict)
    """Anchor -> title of each agenda item (its title) and update (``Update from <name>``)."""


def meeting_title(meeting: Meeting) -> str:
    """``YYYY-MM-DD · <title>``, without repeating a date the title already holds."""
    date = meeting.date.isoformat()
    title = plain(meeting.title)
    return title if date in title else f"{date} · {title}"


def meeting_pages(
    archive: Archive, site: SitePages, *, use_directory_urls: bool = True, items: bool = True
) -> dict[str, MeetingPage]:
    """Meeting pages by their site-relative URL; ``items=False`` leaves item titles out
    (results then land on headings only)."""
    pages: dict[str, MeetingPage] = {}
    for meeting in archive.meetings:
        url = site.meeting_url(meeting.id, use_directory_urls)
        if url is None:
            continue
        titles: dict[str, str] = {}
        if items:
            for item in meeting.items:
                titles.setdefault(item.anchor, plain(item.title))
            for update in meeting.updates:
                anchor = archive.update_anchor(meeting, update)
                titles.setdefault(anchor, f"Update from {plain(update.author)}")
        pages[url] = MeetingPage(title=meeting_title(meeting), items=titles)
    return pages
