"""Files of the site besides its pages: feeds, ``latest/``, item-level search entries.

Made from data the archive already holds; they never re-read notes. No MkDocs import:
the plugin passes the site's settings. Search entries are appended to Material's ``search_index.json`` so that a result
opens the agenda item or update where the word is, not the top of the meeting page.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

from ..archive import Archive
from ..model import Meeting
from . import paths
from .feeds import FeedEntry, FeedMemo, json_feed, memo_rss
from .links import url_of
from .markup import plain
from .site import SitePages
from .subscriptions import meeting_entry, newest_in_order, subscription_feeds


@dataclass(frozen=True)
class SiteInfo:
    """What the outputs need to know of the site: its name, address and URL style."""

    name: str
    url: str = ""
    description: str = ""
    use_directory_urls: bool = True


def feed_documents(
    archive: Archive,
    info: SiteInfo,
    notes_dir: str,
    limit: int,
    memo: FeedMemo | None = None,
) -> dict[str, str | bytes]:
    """``feed.xml`` (RSS 2.0) and ``feed.json`` (JSON Feed 1.1), newest meeting first, and
    an RSS feed per series, person and topic (``subscriptions.py``). With a ``memo``, a
    feed made from the same entries as in the last build is that build's document, and a
    compact memo's feeds come compressed (read them with ``unpacked``)."""
    site_url = info.url

    def meeting_url(meeting: Meeting, anchor: str | None = None) -> str:
        url = _site_relative(meeting.id, notes_dir, info.use_directory_urls)
        return f"{url}#{anchor}" if anchor else url

    if memo is not None:
        memo.start()
    made: dict[str, FeedEntry] = {}

    def entry_of(meeting: Meeting) -> FeedEntry:
        """A meeting's entry, made once though the archive's, its series' and each
        attendee's feed list it."""
        entry = made.get(meeting.id)
        if entry is None:
            entry = made[meeting.id] = meeting_entry(archive, meeting, meeting_url(meeting))
        return entry

    entries = [entry_of(m) for m in newest_in_order(archive.meetings, limit)]
    common = {
        "title": info.name,
        "site_url": site_url,
        "description": info.description or f"Meeting notes of {info.name}",
        "limit": limit,
    }
    documents = {
        "feed.xml": memo_rss(
            memo, "feed.xml", entries, feed_url=_join(site_url, "feed.xml"), **common
        ),
        "feed.json": json_feed(entries, feed_url=_join(site_url, "feed.json"), **common),
    }
    documents.update(
        subscription_feeds(
            archive,
            site_name=info.name,
            site_url=site_url,
            notes_dir=notes_dir,
            page_url=lambda src: url_of(src, info.use_directory_urls),
            meeting_url=meeting_url,
            limit=limit,
            entry_of=entry_of,
            memo=memo,
        )
    )
    if memo is not None:
        memo.finish()
    return documents


def _join(site_url: str, path: str) -> str:
    return (site_url.rstrip("/") + "/" + path) if site_url else path


def _site_relative(meeting_id: str, notes_dir: str, use_directory_urls: bool) -> str:
    suffix = "/" if use_directory_urls else ".html"
    return f"{notes_dir}/{meeting_id}{suffix}"


def latest_redirect(archive: Archive, site: SitePages, use_directory_urls: bool) -> str | None:
    """The page at ``<notes_dir>/latest/``: a redirect to the newest meeting."""
    latest = archive.meetings[-1] if archive.meetings else None
    if latest is None:
        return None
    url = site.meeting_url(latest.id, use_directory_urls) or ""
    target = "../" * (site.notes_dir.count("/") + 2) + url
    title = html.escape(f"{latest.title} ({latest.date.isoformat()})")
    href = html.escape(target, quote=True)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f"<title>Latest meeting: {title}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f'<link rel="canonical" href="{href}">\n'
        f'<meta name="robots" content="noindex">\n</head><body>\n'
        f'<p>The latest meeting is <a href="{href}">{title}</a>.</p>\n</body></html>\n'
    )


def site_texts(
    archive: Archive,
    site: SitePages,
    info: SiteInfo,
    *,
    notes_dir: str,
    feeds: bool = True,
    feed_limit: int = 50,
    memo: FeedMemo | None = None,
) -> dict[str, str | bytes]:
    """The site's files besides its pages and the export, by site path: the feeds and the
    ``<notes_dir>/latest/`` redirect. The plugin adds them as files of the site and
    ``minutes generate`` writes them into its tree: the same files at the same paths.
    Feeds of a compact memo come compressed (``feed_documents``)."""
    texts: dict[str, str | bytes] = {}
    if feeds:
        texts.update(feed_documents(archive, info, notes_dir, feed_limit, memo))
    redirect = latest_redirect(archive, site, info.use_directory_urls)
    if redirect is not None:
        texts[f"{notes_dir}/latest/index.html"] = redirect
    return texts


def write_item_search(
    archive: Archive, site: SitePages, site_dir: Path, notes_dir: str, use_directory_urls: bool
) -> None:
    """Add one search entry per agenda item and update to Material's search index."""
    index_path = site_dir / "search" / "search_index.json"
    if not index_path.exists():
        return
    data = json.loads(index_path.read_text(encoding="utf-8"))
    docs = data.get("docs", [])
    existing = {doc.get("location") for doc in docs}
    added = []
    for meeting in archive.meetings:
        base = site.meeting_url(meeting.id, use_directory_urls)
        if base is None:
            continue
        label = meeting.date.isoformat()
        for item in meeting.items:
            location = f"{base}#{item.anchor}"
            if location in existing:
                continue
            added.append(
                {
                    "location": location,
                    "title": html.escape(f"{label} · {plain(item.title)}"),
                    "text": html.escape(plain(f"{item.title} {item.body}")),
                }
            )
        for update in meeting.updates:
            location = f"{base}#{archive.update_anchor(meeting, update)}"
            if location in existing:
                continue
            added.append(
                {
                    "location": location,
                    "title": html.escape(f"{label} · Update from {update.author}"),
                    "text": html.escape(plain(update.text)),
                }
            )
    data["docs"] = docs + added
    index_path.write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def site_text_paths(archive: Archive, *, notes_dir: str, feeds: bool = True) -> list[str]:
    """The site paths :func:`site_texts` writes, without making the texts.

    Under ``mkdocs serve`` the plugin writes the feeds after the pages (see
    ``plugin/outputs.py``), yet MkDocs must know the files before: where they are is
    quick to know, what they hold is most of a rebuild's work on data files.
    """
    found: list[str] = []
    if feeds:
        found += ["feed.xml", "feed.json"]
        series = (paths.series_feed(notes_dir, meeting.id) for meeting in archive.meetings)
        found += dict.fromkeys(feed for feed in series if feed is not None)
        found += [paths.person_feed(person_id) for person_id in archive.people]
        found += [paths.topic_feed(topic_id) for topic_id in archive.topics]
    if archive.meetings:
        found.append(f"{notes_dir}/latest/index.html")
    return found
