"""Feeds of recent meetings: RSS 2.0 and JSON Feed 1.1, as strings the plugin writes out.

The plugin calls these after the archive index is built (``on_post_build``) and writes the
results next to the site's pages; nothing here imports MkDocs. Both feeds are
deterministic: entries are ordered newest meeting first (date descending, then id
descending, so a later session of the same day comes first), dates are the meetings' own
dates at 12:00 UTC, and the RSS ``lastBuildDate`` is the newest meeting's date, not the
time of the build. Rebuilding an unchanged archive gives byte-identical feeds, so feed
readers do not see phantom updates.

Escaping: titles, summaries and the channel's description are plain text (a person feed's
description holds a name from the notes). RSS is built with ``xml.etree``, which
escapes ``&``, ``<`` and ``>``; the RSS ``<description>`` is HTML by convention, so the
plain-text summary is HTML-escaped first and shows as text, never as markup. The optional
``content_html`` goes to ``<content:encoded>`` (RSS) and ``content_html`` (JSON Feed) as
the HTML it is.

Without ``site_url`` (MkDocs' ``site_url`` unset): pass ``site_url=""``; the feeds keep
the entries' URLs as given (site-relative, such as ``meetings/2024-05-02/``), and the
RSS channel ``<link>`` is ``./``. Feed readers resolve relative URLs against the feed's
own address, so this only works when the feed is served from the site root; the JSON
Feed then has no ``home_page_url``. Set ``site_url`` for feeds that work everywhere.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urljoin

from .packing import Packable, packed, unpacked

__all__ = [
    "JSON_FEED_VERSION",
    "FeedEntry",
    "FeedMemo",
    "json_feed",
    "memo_rss",
    "newest",
    "rss_feed",
]

T = TypeVar("T")

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
_ATOM_NS = "http://www.w3.org/2005/Atom"
_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_DC_NS = "http://purl.org/dc/elements/1.1/"
_GENERATOR = "mkdocs-minutes"
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

ET.register_namespace("atom", _ATOM_NS)
ET.register_namespace("content", _CONTENT_NS)
ET.register_namespace("dc", _DC_NS)


@dataclass(frozen=True)
class FeedEntry:
    """One meeting as a feed item; the page builders make these from the archive index."""

    id: str
    """The stable meeting id (``SERIES/YYYY-MM-DD``): the JSON Feed item id."""
    title: str
    """Plain text."""
    url: str
    """Absolute URL of the meeting page (a site-relative one is joined to ``site_url``)."""
    date: dt.date
    """The meeting's own date, not the file's modification time."""
    summary: str
    """Plain text."""
    content_html: str = ""
    """Optional HTML body."""
    authors: tuple[str, ...] = ()
    """Names, as they should appear in a reader."""
    tags: tuple[str, ...] = ()
    """Topic names."""


def rss_feed(
    entries: Sequence[FeedEntry],
    *,
    title: str,
    site_url: str,
    feed_url: str,
    description: str,
    language: str = "en",
    limit: int = 50,
    link: str = "",
) -> str:
    """An RSS 2.0 document (UTF-8, with XML declaration) of the newest ``limit`` meetings.

    ``link`` is the page the channel is about (a person's page for their feed), relative
    to ``site_url`` or absolute; the site itself by default.

    Why RSS as well as JSON Feed: it is what most readers, chat integrations and mailing
    tools subscribe to. Each item has ``guid isPermaLink="true"`` holding the absolute
    page URL (``isPermaLink="false"`` with the meeting id when there is no ``site_url``),
    ``pubDate`` at 12:00 UTC of the meeting date, one ``<category>`` per tag and one
    ``<dc:creator>`` per author (RSS's own ``<author>`` wants an e-mail address).
    ``limit`` of zero or less means every entry.
    """
    items = _select(entries, limit)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    _sub(channel, "title", title)
    _sub(channel, "link", _absolute(site_url, link) if link else _base(site_url) or "./")
    _sub(channel, "description", html.escape(description, quote=False))
    if language:
        _sub(channel, "language", language)
    if items:
        _sub(channel, "lastBuildDate", _rfc822(items[0].date))
    _sub(channel, "generator", _GENERATOR)
    ET.SubElement(
        channel,
        f"{{{_ATOM_NS}}}link",
        {
            "href": _clean(_absolute(site_url, feed_url)),
            "rel": "self",
            "type": "application/rss+xml",
        },
    )
    for entry in items:
        url = _absolute(site_url, entry.url)
        item = ET.SubElement(channel, "item")
        _sub(item, "title", entry.title)
        _sub(item, "link", url)
        permalink = _is_absolute(url)
        guid = _sub(item, "guid", url if permalink else entry.id)
        guid.set("isPermaLink", "true" if permalink else "false")
        _sub(item, "pubDate", _rfc822(entry.date))
        _sub(item, "description", html.escape(entry.summary, quote=False))
        if entry.content_html:
            _sub(item, f"{{{_CONTENT_NS}}}encoded", entry.content_html)
        for author in entry.authors:
            _sub(item, f"{{{_DC_NS}}}creator", author)
        for tag in entry.tags:
            _sub(item, "category", tag)
    ET.indent(rss, space="  ")
    body = ET.tostring(rss, encoding="unicode", short_empty_elements=True)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def json_feed(
    entries: Sequence[FeedEntry],
    *,
    title: str,
    site_url: str,
    feed_url: str,
    description: str,
    limit: int = 50,
    language: str = "en",
) -> str:
    """A JSON Feed 1.1 document of the newest ``limit`` meetings.

    Why JSON Feed: scripts and bots read it without an XML parser. Items carry ``id`` (the
    meeting id, stable even when the site moves), ``url``, ``title``, ``summary``,
    ``content_html`` (or ``content_text`` set to the summary when there is no HTML, since
    an item needs one of the two), ``date_published`` (RFC 3339, 12:00 UTC of the
    meeting date), ``tags`` and ``authors``. ``limit`` of zero or less means every entry.
    """
    feed: dict[str, object] = {"version": JSON_FEED_VERSION, "title": title}
    if _base(site_url):
        feed["home_page_url"] = _base(site_url)
    if feed_url:
        feed["feed_url"] = _absolute(site_url, feed_url)
    feed["description"] = description
    if language:
        feed["language"] = language
    items: list[dict[str, object]] = []
    for entry in _select(entries, limit):
        item: dict[str, object] = {
            "id": entry.id,
            "url": _absolute(site_url, entry.url),
            "title": entry.title,
            "summary": entry.summary,
        }
        if entry.content_html:
            item["content_html"] = entry.content_html
        else:
            item["content_text"] = entry.summary
        item["date_published"] = _noon(entry.date).isoformat().replace("+00:00", "Z")
        if entry.tags:
            item["tags"] = list(entry.tags)
        if entry.authors:
            item["authors"] = [{"name": name} for name in entry.authors]
        items.append(item)
    feed["items"] = items
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


class FeedMemo:
    """The feeds of the last build with the entries they were written from: a feed whose
    entries are the same again is the same document, not serialised again (two hundred
    person and topic feeds at every rebuild of ``mkdocs serve``, of which an edit changes
    a few). Kept with the pages memo, on disk between builds."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[object, str | bytes]] = {}
        self._now: dict[str, tuple[object, str | bytes]] = {}
        self.written = 0
        self.compact = False
        """Whether documents are kept compressed (``PagesMemo.compact``): in a ``mkdocs
        build`` the memo is kept only for the next process, and two hundred feeds are
        30 MB of text at 1,000 meetings."""

    def start(self) -> None:
        """A new build: nothing written yet."""
        self._now = {}
        self.written = 0

    def document(self, path: str, inputs: object, write: Callable[[], str]) -> Packable:
        """The feed at ``path``: the last build's when made from equal inputs; as the memo
        keeps it (compressed when compact, as page Markdown is: read it with
        ``packing.unpacked``), so that a ``mkdocs build`` never holds every feed as text."""
        found = self._last.get(path)
        if found is not None and found[0] == inputs:
            kept = found[1]
        else:
            kept = write()
            self.written += 1
        # Compressed when compact; else unpacked once (read from a session).
        kept = packed(kept) if self.compact else unpacked(kept)
        self._now[path] = (inputs, kept)
        return kept

    def finish(self) -> None:
        """Forget the feeds this build did not write."""
        self._last, self._now = self._now, {}

    def __getstate__(self) -> dict[str, object]:
        # The documents compressed (see ``_Drawn.__getstate__`` in ``render.py``).
        return {**self.__dict__, "_last": _encoded(self._last), "_now": _encoded(self._now)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Left compressed: ``document`` unpacks a feed when it is used again.
        self.__dict__.update({"compact": False, **state})


def _encoded(feeds: dict[str, tuple[object, str | bytes]]) -> dict[str, tuple[object, bytes]]:
    return {path: (inputs, packed(text)) for path, (inputs, text) in feeds.items()}


def memo_rss(
    memo: FeedMemo | None, path: str, entries: list[FeedEntry], **options: Any
) -> Packable:
    """``rss_feed(entries, **options)``, through ``memo`` when there is one (compressed
    when the memo is compact: ``FeedMemo.document``)."""
    if memo is None:
        return rss_feed(entries, **options)
    inputs = (tuple(entries), tuple(sorted(options.items())))
    return memo.document(path, inputs, lambda: rss_feed(entries, **options))


def newest(
    keys: Iterable[T], date_of: Callable[[T], dt.date], id_of: Callable[[T], str], limit: int
) -> list[T]:
    """The ``limit`` newest of ``keys`` (all when ``limit`` is zero or less), in the order
    a feed lists its entries: date, then id, both descending. The page builders pick a
    feed's meetings with it before making their entries (a person attended hundreds)."""
    ordered = sorted(keys, key=lambda k: (date_of(k), id_of(k)), reverse=True)
    return ordered if limit <= 0 else ordered[:limit]


def _select(entries: Sequence[FeedEntry], limit: int) -> list[FeedEntry]:
    """Newest first, one entry per id (the first in that order), at most ``limit``."""
    seen: set[str] = set()
    ordered: list[FeedEntry] = []
    for entry in newest(entries, lambda e: e.date, lambda e: e.id, 0):
        if entry.id not in seen:
            seen.add(entry.id)
            ordered.append(entry)
    return ordered if limit <= 0 else ordered[:limit]


def _noon(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, 12, tzinfo=dt.timezone.utc)


def _rfc822(date: dt.date) -> str:
    """``Thu, 21 Mar 2019 12:00:00 GMT``: English names whatever the locale."""
    return email.utils.format_datetime(_noon(date), usegmt=True)


def _base(site_url: str) -> str:
    """``site_url`` with a trailing slash, so relative URLs join below it; "" when unset."""
    site_url = site_url.strip()
    return site_url if not site_url or site_url.endswith("/") else site_url + "/"


def _absolute(site_url: str, url: str) -> str:
    """``url`` joined to ``site_url`` when that is set and ``url`` is relative."""
    base = _base(site_url)
    return urljoin(base, url.lstrip("/")) if base and not _is_absolute(url) else url


def _is_absolute(url: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", url))


def _clean(text: str) -> str:
    """Drop characters XML 1.0 cannot hold at all (control characters from a bad paste)."""
    return _INVALID_XML.sub("", text)


def _sub(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _clean(text)
    return element
