"""Feeds where people subscribe: one RSS feed per series, per person and per topic.

The archive's own ``feed.xml`` and ``feed.json`` follow every meeting; most readers want a
narrower stream: the meetings of one series (``<notes_dir>/<series>/feed.xml``), the
meetings a person attended with what they said there (``people/<id>/feed.xml``), or the
agenda items that join a topic's timeline (``topics/<id>/feed.xml``). Each is RSS 2.0 made
by :func:`.feeds.rss_feed` from the archive index (never from the notes), newest first,
dated by the meetings, with absolute URLs when the site has a ``site_url``; the page each
feed follows links it in its ``<head>`` and visibly. No MkDocs import.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence

from ..archive import Archive
from ..model import Meeting
from . import paths
from .feeds import FeedEntry, FeedMemo, memo_rss, newest
from .markup import plain, plain_excerpt
from .meeting import meeting_description

MeetingUrl = Callable[[Meeting, "str | None"], str]
"""The site-relative URL of a meeting page (and of an anchor on it)."""


def meeting_entry(archive: Archive, meeting: Meeting, url: str) -> FeedEntry:
    """A meeting as a feed item: the same in the archive's feed and in a series feed."""
    date = meeting.date.isoformat()
    return FeedEntry(
        id=meeting.id,
        title=meeting.title if date in meeting.title else f"{meeting.title} ({date})",
        url=url,
        date=meeting.date,
        summary=meeting_description(archive, meeting),
        tags=tuple(
            archive.topics[t].name
            for item in meeting.items
            for t in archive.item_topics(meeting, item)
            if t in archive.topics
        ),
    )


def newest_in_order(meetings: Sequence[Meeting], limit: int) -> list[Meeting]:
    """The ``limit`` newest of meetings already in the archive's order (date, then id,
    as ``Archive.meetings`` and each series list them), newest first as
    :func:`.feeds.newest` orders them: the last ``limit``, reversed, without sorting
    every meeting of the archive again for each feed."""
    chosen = meetings if limit <= 0 else meetings[-limit:]
    return list(reversed(chosen))


def subscription_feeds(
    archive: Archive,
    *,
    site_name: str,
    site_url: str,
    notes_dir: str,
    page_url: Callable[[str], str],
    meeting_url: MeetingUrl,
    limit: int,
    entry_of: Callable[[Meeting], FeedEntry],
    memo: FeedMemo | None = None,
) -> Iterator[tuple[str, str | bytes]]:
    """(site path, RSS document) of every series, person and topic feed.

    ``page_url`` gives the site-relative URL of a page by its source path, for the
    channel's link; ``meeting_url`` that of a meeting (or an item on it); ``entry_of`` a
    meeting's feed entry (shared with the archive's feed, made once per meeting).
    """
    common = {"site_url": site_url, "limit": limit}

    def absolute(path: str) -> str:
        return (site_url.rstrip("/") + "/" + path) if site_url else path

    by_series: dict[str, list[Meeting]] = defaultdict(list)
    for meeting in archive.meetings:
        feed = paths.series_feed(notes_dir, meeting.id)
        if feed is not None:
            by_series[feed].append(meeting)
    for feed, meetings in by_series.items():
        series = meetings[-1].series or paths.series_of(meetings[-1].id) or ""
        recent = newest_in_order(meetings, limit)
        yield (
            feed,
            memo_rss(
                memo,
                feed,
                [entry_of(m) for m in recent],
                title=f"{site_name}: {series}",
                description=f"Meetings of the {series} series.",
                feed_url=absolute(feed),
                link=page_url(paths.notes_index_src(notes_dir)) + f"#series-{series}",
                **common,
            ),
        )
    for person_id, person in archive.people.items():
        feed = paths.person_feed(person_id)
        entries = list(_person_entries(archive, person_id, meeting_url, absolute, entry_of, limit))
        yield (
            feed,
            memo_rss(
                memo,
                feed,
                entries,
                title=f"{site_name}: {person.name}",
                description=f"The meetings {person.name} attended, with their updates.",
                feed_url=absolute(feed),
                link=page_url(paths.person_src(person_id)),
                **common,
            ),
        )
    for topic in archive.topics.values():
        feed = paths.topic_feed(topic.id)
        entries = list(_topic_entries(archive, topic.id, meeting_url, limit))
        yield (
            feed,
            memo_rss(
                memo,
                feed,
                entries,
                title=f"{site_name}: {topic.name}",
                description=f"Agenda items about {topic.name}, newest first.",
                feed_url=absolute(feed),
                link=page_url(paths.topic_src(topic.id)),
                **common,
            ),
        )


def _person_entries(
    archive: Archive,
    person_id: str,
    meeting_url: MeetingUrl,
    absolute: Callable[[str], str],
    entry_of: Callable[[Meeting], FeedEntry],
    limit: int,
) -> Iterator[FeedEntry]:
    """A meeting per entry: the meetings they attended (present on the roll call, as the
    search page's person filter counts them); their updates there are the entry's text."""
    history = archive.person_history(person_id)
    updates: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for meeting_id, update, anchor in history.updates:
        updates[meeting_id].append((anchor, update.text))
    # A history lists each meeting once, newest first in the archive's order: the feed's.
    recent = history.attended[:limit] if limit > 0 else history.attended
    for meeting in map(archive.meeting, recent):
        entry = entry_of(meeting)
        said = list(reversed(updates.get(meeting.id, [])))
        if said:
            summary = " ".join(plain(text) for _anchor, text in said)
            items = "".join(
                f'<li><a href="{html.escape(absolute(meeting_url(meeting, anchor)))}">Update</a>: '
                f"{html.escape(plain(text), quote=False)}</li>"
                for anchor, text in said
            )
            entry = FeedEntry(
                id=entry.id,
                title=entry.title,
                url=entry.url,
                date=entry.date,
                summary=plain_excerpt(summary, 400),
                content_html=f"<ul>{items}</ul>",
                tags=entry.tags,
            )
        yield entry


def _topic_entries(
    archive: Archive, topic_id: str, meeting_url: MeetingUrl, limit: int
) -> Iterator[FeedEntry]:
    """An agenda item per entry, as it joined the topic's timeline."""
    topic = archive.topics[topic_id]
    ordered = newest(
        _latest_items(archive, topic.items, limit),
        lambda key: archive.meeting(key[0]).date,
        lambda key: f"{key[0]}#{key[1]}",
        0,
    )
    made = 0
    for meeting_id, anchor in ordered:
        if 0 < limit <= made:
            return
        meeting = archive.meeting(meeting_id)
        item = archive.item(meeting_id, anchor)
        if item is None:
            continue
        made += 1
        title = plain(item.title) or meeting.title
        yield FeedEntry(
            id=f"{meeting.id}#{anchor}",
            title=f"{title} ({meeting.date.isoformat()})",
            url=meeting_url(meeting, anchor),
            date=meeting.date,
            summary=plain_excerpt(item.body, 400) or title,
            tags=(topic.name,),
        )


def _latest_items(
    archive: Archive, items: Sequence[tuple[str, str]], limit: int
) -> list[tuple[str, str]]:
    """The items a topic feed can list: the latest meetings' (a timeline is oldest first)
    until ``limit`` items that exist, with every item of the last date taken, so sorting
    them gives the feed's first ``limit`` as sorting the whole timeline would."""
    unique = list(dict.fromkeys(items))
    if limit <= 0:
        return unique
    found = 0
    boundary = None
    start = len(unique)
    while start > 0:
        meeting_id, anchor = unique[start - 1]
        date = archive.meeting(meeting_id).date
        if boundary is not None and date < boundary:
            break
        start -= 1
        if archive.item(meeting_id, anchor) is not None:
            found += 1
        if found >= limit and boundary is None:
            boundary = date
    return unique[start:]
