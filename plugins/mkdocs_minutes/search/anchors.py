"""What the index knows of each meeting page beyond its HTML: titles, kinds and filters.

Search lands on the item: the browser script maps each word Pagefind finds on a meeting
page to the item, update, action or heading whose anchor comes before the word (Pagefind
stores every ``id`` with its word position), and links to ``<meeting url>#<anchor>``. The
result is titled from what this module hands the index with the page: the meeting's date
and title (``2019-03-21 · Team meeting``), and a title per item (``OVH follow-up``), update
(``Update from Tim``) and action (``Action: Tim to post the invite``), where the page itself
only has the whole bullet's text.

The search page narrows results by series, person (the meetings they attended), year and
kind of result, and sorts them by date: each meeting page carries those values as Pagefind
filters and a sort key (``prepare.py`` writes them into the HTML Pagefind reads).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..archive import Archive
from ..model import Meeting
from ..pages.links import url_of
from ..pages.markup import plain, plain_excerpt
from ..pages.meeting import action_anchors
from ..pages.paths import meeting_src, series_of
from ..pages.site import SitePages

KINDS = ("item", "update", "action")
"""The kinds of result a meeting page holds besides the meeting itself, in page order."""


@dataclass(frozen=True)
class MeetingPage:
    """What the indexer adds to a meeting page it finds in the built site."""

    title: str
    """``YYYY-MM-DD · <meeting title>``: the result's title."""
    items: Mapping[str, str] = field(default_factory=dict)
    """Anchor -> title of each agenda item (its title), update (``Update from <name>``) and
    action (``Action: <its words>``)."""
    kinds: Mapping[str, str] = field(default_factory=dict)
    """Anchor -> ``item``, ``update`` or ``action``."""
    date: str = ""
    """ISO date: the sort key, and the year filter."""
    series: str | None = None
    """The series segment of the meeting id (``community``): the series filter's value."""
    people: tuple[str, ...] = ()
    """Ids of the people present on the roll call: the person filter's values."""
    id: str = ""

    @property
    def filters(self) -> dict[str, list[str]]:
        """Pagefind filters of the meeting's documents (the kind is added per document)."""
        found: dict[str, list[str]] = {}
        if self.series:
            found["series"] = [self.series]
        if self.people:
            found["person"] = list(self.people)
        if self.date:
            found["year"] = [self.date[:4]]
        return found


def meeting_title(meeting: Meeting) -> str:
    """``YYYY-MM-DD · <title>``, without repeating a date the title already holds."""
    date = meeting.date.isoformat()
    title = plain(meeting.title)
    return title if date in title else f"{date} · {title}"


class MeetingPageMemo:
    """Each meeting's :class:`MeetingPage` of the last build (``mkdocs serve``), kept
    while the meeting is the same object (an unchanged note, ``MeetingMemo``) and its
    names resolve through the same people index (``Archive.names``)."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[Meeting, object, bool, MeetingPage]] = {}

    def page(self, archive: Archive, meeting: Meeting, items: bool) -> MeetingPage:
        kept = self.pages.get(meeting.id)
        if kept is not None and (kept[0], kept[1], kept[2]) == (meeting, archive.names, items):
            return kept[3]
        page = meeting_page(archive, meeting, items=items)
        self.pages[meeting.id] = (meeting, archive.names, items, page)
        return page

    def forget_others(self, meeting_ids: set[str]) -> None:
        """Drop the meetings this build no longer has."""
        for meeting_id in set(self.pages) - meeting_ids:
            del self.pages[meeting_id]


def meeting_pages(
    archive: Archive,
    site: SitePages | None,
    *,
    use_directory_urls: bool = True,
    items: bool = True,
    notes_dir: str = "meetings",
    memo: MeetingPageMemo | None = None,
) -> dict[str, MeetingPage]:
    """Meeting pages by their site-relative URL; ``items=False`` leaves item titles and kinds
    out (results then land on headings only, and the search page has no kinds). Without
    the build's pages (``minutes index``), URLs are the contract's ``<notes_dir>/<id>/``."""
    memo = memo if memo is not None else MeetingPageMemo()
    memo.forget_others({meeting.id for meeting in archive.meetings})
    pages: dict[str, MeetingPage] = {}
    for meeting in archive.meetings:
        if site is not None:
            url = site.meeting_url(meeting.id, use_directory_urls)
        else:
            url = url_of(meeting_src(notes_dir, meeting.id), use_directory_urls)
        if url is None:
            continue
        pages[url] = memo.page(archive, meeting, items)
    return pages


def meeting_page(archive: Archive, meeting: Meeting, *, items: bool = True) -> MeetingPage:
    """One meeting as the index sees it."""
    titles: dict[str, str] = {}
    kinds: dict[str, str] = {}
    if items:
        for item in meeting.items:
            titles.setdefault(item.anchor, plain(item.title))
            kinds.setdefault(item.anchor, "item")
        for update in meeting.updates:
            anchor = archive.update_anchor(meeting, update)
            titles.setdefault(anchor, f"Update from {plain(update.author)}")
            kinds.setdefault(anchor, "update")
        for action, anchor in zip(meeting.actions, action_anchors(archive, meeting), strict=True):
            titles.setdefault(anchor, f"Action: {plain_excerpt(action.text, 80)}")
            kinds.setdefault(anchor, "action")
    people = []
    for attendee in meeting.attendees:
        person = archive.attendee_person(meeting, attendee) if attendee.present else None
        if person and person in archive.people and person not in people:
            people.append(person)
    return MeetingPage(
        title=meeting_title(meeting),
        items=titles,
        kinds=kinds,
        date=meeting.date.isoformat(),
        series=series_of(meeting.id),
        people=tuple(people),
        id=meeting.id,
    )
