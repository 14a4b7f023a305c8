"""RSS 2.0 and JSON Feed 1.1: valid, newest first, real meeting dates, escaped, stable."""

from __future__ import annotations

import datetime as dt
import html
import json
import pickle
import xml.etree.ElementTree as ET

import feedparser
import pytest

from mkdocs_minutes.pages.feeds import (
    JSON_FEED_VERSION,
    FeedEntry,
    FeedMemo,
    json_feed,
    memo_rss,
    rss_feed,
)

D = dt.date
SITE = "https://minutes.example.org/"
HOSTILE = "<script>alert('x')</script> Q&A: \"R&D\" <b>sync</b>"


def _entry(id: str, date: dt.date, title: str = "", **kw) -> FeedEntry:
    return FeedEntry(
        id=id,
        title=title or f"Team meeting {date}",
        url=kw.pop("url", f"{SITE}meetings/{id}/"),
        date=date,
        summary=kw.pop("summary", f"Notes of {date}."),
        **kw,
    )


# one row per real-world shape of a meeting as a feed item
ENTRIES = [
    _entry("community/2019-03-21", D(2019, 3, 21), tags=("jupytergis",), authors=("Ann Lee",)),
    _entry("2024-05-02", D(2024, 5, 2), title=HOSTILE, summary=HOSTILE),  # no series
    _entry("community/2024-05-02", D(2024, 5, 2), title="Ünïcödé & émoji 🎉"),  # same day
    _entry("community/2024-05-02-2", D(2024, 5, 2), content_html="<p>Second <em>session</em></p>"),
    _entry(
        "jupytergis-sync/2025-02-18",
        D(2025, 2, 18),
        tags=("GIS & maps", "<tag>"),
        authors=("Bo Chen", "O'Brien"),
        content_html="<ul><li>a &amp; b</li></ul>",
    ),
    _entry("ec/2023-12-31", D(2023, 12, 31), summary="Line one.\nLine two."),
]
NEWEST_FIRST = [
    "jupytergis-sync/2025-02-18",
    "community/2024-05-02-2",
    "community/2024-05-02",
    "2024-05-02",
    "ec/2023-12-31",
    "community/2019-03-21",
]
FEED = {"title": "Team meetings", "site_url": SITE, "description": "Minutes of our meetings."}


def _rss(entries=ENTRIES, **kw) -> feedparser.FeedParserDict:
    args = {**FEED, "feed_url": f"{SITE}feed_rss.xml", **kw}
    parsed = feedparser.parse(rss_feed(entries, **args))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    return parsed


def _json(entries=ENTRIES, **kw) -> dict:
    args = {**FEED, "feed_url": f"{SITE}feed.json", **kw}
    feed = json.loads(json_feed(entries, **args))
    _assert_json_feed_11(feed)
    return feed


def _assert_json_feed_11(feed: dict) -> None:
    """The JSON Feed 1.1 requirements (feedparser 6 cannot read JSON Feed)."""
    assert feed["version"] == JSON_FEED_VERSION
    assert isinstance(feed["title"], str) and isinstance(feed["items"], list)
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert ("content_html" in item) or ("content_text" in item)
        published = dt.datetime.fromisoformat(item["date_published"])
        assert published.utcoffset() == dt.timedelta(0)
        assert item["date_published"].endswith("Z")
        assert all(isinstance(t, str) for t in item.get("tags", []))
        assert all(set(a) == {"name"} for a in item.get("authors", []))
    assert len({item["id"] for item in feed["items"]}) == len(feed["items"])


def test_rss_is_valid_and_newest_first() -> None:
    parsed = _rss()
    links = [e.link for e in parsed.entries]
    assert links == [f"{SITE}meetings/{i}/" for i in NEWEST_FIRST]
    assert [e.id for e in parsed.entries] == links  # guid is the permalink
    assert parsed.feed.title == "Team meetings"
    assert parsed.feed.link == SITE
    assert parsed.feed.language == "en"


def test_rss_dates_are_meeting_dates_at_noon_utc() -> None:
    parsed = _rss()
    for entry, entry_id in zip(parsed.entries, NEWEST_FIRST, strict=True):
        date = next(e.date for e in ENTRIES if e.id == entry_id)
        assert tuple(entry.published_parsed)[:6] == (date.year, date.month, date.day, 12, 0, 0)
    assert parsed.entries[0].published == "Tue, 18 Feb 2025 12:00:00 GMT"
    assert parsed.feed.updated == "Tue, 18 Feb 2025 12:00:00 GMT"  # lastBuildDate: newest


def test_rss_structure() -> None:
    root = ET.fromstring(rss_feed(ENTRIES, **FEED, feed_url=f"{SITE}feed_rss.xml"))
    channel = root.find("channel")
    atom = channel.find("{http://www.w3.org/2005/Atom}link")
    assert atom.attrib == {
        "href": f"{SITE}feed_rss.xml",
        "rel": "self",
        "type": "application/rss+xml",
    }
    guids = channel.findall("item/guid")
    assert {g.get("isPermaLink") for g in guids} == {"true"}
    item = channel.find("item")  # jupytergis-sync/2025-02-18
    assert [c.text for c in item.findall("category")] == ["GIS & maps", "<tag>"]
    dc = "{http://purl.org/dc/elements/1.1/}creator"
    assert [c.text for c in item.findall(dc)] == ["Bo Chen", "O'Brien"]
    content = "{http://purl.org/rss/1.0/modules/content/}encoded"
    assert item.find(content).text == "<ul><li>a &amp; b</li></ul>"
    assert channel.findall("item")[-1].find(content) is None  # no HTML: no content:encoded


def test_rss_escapes_hostile_titles_and_summaries() -> None:
    text = rss_feed(ENTRIES, **FEED, feed_url="feed_rss.xml")
    assert "<script" not in text and "<b>" not in text
    parsed = _rss()
    entry = next(e for e in parsed.entries if e.link == f"{SITE}meetings/2024-05-02/")
    assert entry.title == HOSTILE  # plain text, shown as written
    # the description is HTML: a plain-text summary is escaped so it shows as text
    assert entry.summary == html.escape(HOSTILE, quote=False)
    assert parsed.entries[2].title == "Ünïcödé & émoji 🎉"


def test_json_feed_has_the_11_fields_and_same_order() -> None:
    feed = _json()
    assert feed["home_page_url"] == SITE
    assert feed["feed_url"] == f"{SITE}feed.json"
    assert feed["description"] == "Minutes of our meetings."
    assert [i["id"] for i in feed["items"]] == NEWEST_FIRST
    first = feed["items"][0]
    assert first == {
        "id": "jupytergis-sync/2025-02-18",
        "url": f"{SITE}meetings/jupytergis-sync/2025-02-18/",
        "title": "Team meeting 2025-02-18",
        "summary": "Notes of 2025-02-18.",
        "content_html": "<ul><li>a &amp; b</li></ul>",
        "date_published": "2025-02-18T12:00:00Z",
        "tags": ["GIS & maps", "<tag>"],
        "authors": [{"name": "Bo Chen"}, {"name": "O'Brien"}],
    }
    hostile = next(i for i in feed["items"] if i["id"] == "2024-05-02")
    assert hostile["title"] == HOSTILE and hostile["content_text"] == HOSTILE


@pytest.mark.parametrize("make", [rss_feed, json_feed])
def test_output_is_deterministic(make) -> None:
    args = {**FEED, "feed_url": "feed"}
    assert make(ENTRIES, **args) == make(list(reversed(ENTRIES)), **args)


@pytest.mark.parametrize(("limit", "count"), [(50, 50), (10, 10), (0, 60), (-1, 60), (100, 60)])
def test_limit_keeps_the_newest(limit: int, count: int) -> None:
    start = D(2020, 1, 6)
    many = [
        _entry(f"s/{start + dt.timedelta(weeks=i)}", start + dt.timedelta(weeks=i))
        for i in range(60)
    ]
    newest = [e.id for e in sorted(many, key=lambda e: e.date, reverse=True)][:count]
    assert [i["id"] for i in _json(many, limit=limit)["items"]] == newest
    assert [e.link for e in _rss(many, limit=limit).entries] == [
        f"{SITE}meetings/{i}/" for i in newest
    ]


def test_empty_archive_gives_valid_empty_feeds() -> None:
    parsed = _rss([])
    assert parsed.entries == [] and "updated" not in parsed.feed
    assert _json([])["items"] == []


def test_without_site_url_urls_stay_relative() -> None:
    entries = [_entry("2024-05-02", D(2024, 5, 2), url="meetings/2024-05-02/")]
    parsed = _rss(entries, site_url="", feed_url="feed_rss.xml")
    assert parsed.entries[0].link == "meetings/2024-05-02/"
    root = ET.fromstring(rss_feed(entries, **{**FEED, "site_url": ""}, feed_url="feed_rss.xml"))
    guid = root.find("channel/item/guid")
    assert (guid.text, guid.get("isPermaLink")) == ("2024-05-02", "false")
    assert root.find("channel/link").text == "./"
    feed = _json(entries, site_url="", feed_url="feed.json")
    assert "home_page_url" not in feed and feed["feed_url"] == "feed.json"
    assert feed["items"][0]["url"] == "meetings/2024-05-02/"


@pytest.mark.parametrize(
    ("site_url", "url", "expected"),
    [
        ("https://ex.org/team", "meetings/a/", "https://ex.org/team/meetings/a/"),
        ("https://ex.org/team/", "meetings/a/", "https://ex.org/team/meetings/a/"),
        ("https://ex.org/", "/meetings/a/", "https://ex.org/meetings/a/"),
        ("https://ex.org/", "https://other.org/x/", "https://other.org/x/"),
    ],
)
def test_relative_entry_urls_join_site_url(site_url: str, url: str, expected: str) -> None:
    entries = [_entry("a", D(2024, 1, 1), url=url)]
    assert _rss(entries, site_url=site_url).entries[0].link == expected
    assert _json(entries, site_url=site_url)["items"][0]["url"] == expected


def test_control_characters_do_not_break_the_xml() -> None:
    entries = [_entry("a", D(2024, 1, 1), title="bad\x0bpaste\x00", summary="x\x1fy")]
    parsed = _rss(entries)
    assert parsed.entries[0].title == "badpaste" and parsed.entries[0].summary == "xy"


def test_duplicate_ids_appear_once() -> None:
    twice = [_entry("a", D(2024, 1, 1)), _entry("a", D(2024, 1, 1)), _entry("b", D(2023, 1, 1))]
    assert [i["id"] for i in _json(twice)["items"]] == ["a", "b"]
    assert len(_rss(twice).entries) == 2


def test_feed_memo_writes_a_feed_again_only_when_its_entries_change() -> None:
    """A rebuild of ``mkdocs serve`` gives each feed through the memo: the same entries
    give the last build's document without writing it, a changed entry a new document,
    and a feed the build no longer has is forgotten."""
    memo = FeedMemo()
    args = {**FEED, "feed_url": f"{SITE}feed.xml"}
    memo.start()
    first = memo_rss(memo, "feed.xml", ENTRIES, **args)
    other = memo_rss(memo, "people/ann/feed.xml", ENTRIES[:2], **args)
    memo.finish()
    assert memo.written == 2
    assert first == rss_feed(ENTRIES, **args)

    memo.start()
    again = memo_rss(memo, "feed.xml", list(ENTRIES), **args)
    changed = [_entry("community/2019-03-21", D(2019, 3, 21), title="Renamed"), *ENTRIES[1:]]
    memo.finish()
    assert again is first and memo.written == 0

    memo.start()
    renamed = memo_rss(memo, "feed.xml", changed, **args)
    memo.finish()
    assert memo.written == 1 and renamed == rss_feed(changed, **args) and "Renamed" in renamed

    memo.start()
    assert memo_rss(memo, "people/ann/feed.xml", ENTRIES[:2], **args) == other
    assert memo.written == 1, "the person feed was forgotten by the build that lacked it"
    memo.finish()

    memo.start()
    titled = memo_rss(memo, "feed.xml", changed, **{**args, "title": "Other"})
    assert memo.written == 1 and "<title>Other</title>" in titled


@pytest.mark.parametrize("compact", [False, True])
def test_feed_memo_kept_compact_or_pickled_gives_the_same_documents(compact: bool) -> None:
    """A ``mkdocs build`` keeps the feeds compressed (``compact``), and the session pickles
    them: either way an unchanged feed comes back as the document written, unwritten."""
    memo = FeedMemo()
    memo.compact = compact
    args = {**FEED, "feed_url": f"{SITE}feed.xml"}
    memo.start()
    first = memo_rss(memo, "feed.xml", ENTRIES, **args)
    memo.finish()
    assert all(isinstance(kept, bytes) == compact for _, kept in memo._last.values())

    restored = pickle.loads(pickle.dumps(memo))
    for kept_memo in (memo, restored):
        kept_memo.start()
        assert memo_rss(kept_memo, "feed.xml", list(ENTRIES), **args) == first
        assert kept_memo.written == 0
        kept_memo.finish()
    restored.compact = False
    restored.start()
    memo_rss(restored, "feed.xml", list(ENTRIES), **args)
    restored.finish()
    assert isinstance(restored._last["feed.xml"][1], str), "serve unpacks a feed once"


def test_feeds_pick_the_newest_meetings_from_the_archives_order() -> None:
    """Feeds take their meetings from lists already in the archive's order (the meetings,
    a series, a person's history) instead of sorting them: the same as sorting."""
    from mkdocs_minutes.pages.feeds import newest
    from mkdocs_minutes.pages.subscriptions import newest_in_order

    from .test_index import build, meeting, roll

    ana = roll("Ana Lima / @analima")
    archive = build(
        *(
            meeting(f"team/2024-0{month}-0{day}", attendees=ana)
            for month in (1, 2)
            for day in (4, 8)
        ),
        meeting("infra/2024-02-04", attendees=ana),
        meeting("2024-02-04", attendees=ana),
        meeting("team/2024-02-04-2", attendees=ana),
    )
    history = archive.person_history("analima")
    for limit in (0, 1, 3, 50):
        by_sorting = newest(archive.meetings, lambda m: m.date, lambda m: m.id, limit)
        assert newest_in_order(archive.meetings, limit) == by_sorting
        attended = list(history.attended)[:limit] if limit > 0 else list(history.attended)
        assert [archive.meeting(i) for i in attended] == by_sorting


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 7, 50])
def test_a_topic_feed_sorts_only_its_latest_items(limit: int) -> None:
    """A topic feed sorts the latest meetings' items, not the whole timeline: the same
    first entries, meetings of one date in two series included."""
    from mkdocs_minutes.archive import TopicEntry
    from mkdocs_minutes.pages.subscriptions import _topic_entries

    from .test_index import build, item, meeting

    def federation(n: int) -> list:
        # Anchors in the reverse of the items' order: the feed's order is not the notes'.
        return [item(f"Federation {chr(ord('z') - k)}", line=20 + k) for k in range(n)]

    archive = build(
        meeting("team/2024-01-04", items=federation(3)),
        meeting("infra/2024-01-11", items=federation(1)),
        meeting("team/2024-01-11", items=federation(2)),
        meeting("team/2024-01-18", items=federation(2)),
        topics=[TopicEntry("federation", "Federation")],
        discover=False,
    )

    def url(meeting, anchor=None) -> str:
        return f"{meeting.id}/#{anchor}"

    every = list(_topic_entries(archive, "federation", url, 0))
    assert len(every) == 8
    assert list(_topic_entries(archive, "federation", url, limit)) == every[:limit]


@pytest.mark.parametrize("feeds", [True, False])
def test_the_data_files_paths_are_known_before_their_texts(feeds: bool) -> None:
    """Under ``serve`` the plugin registers the data files before it writes them (they
    follow the pages): the paths it registers are those the texts are written to."""
    from mkdocs_minutes.archive import TopicEntry
    from mkdocs_minutes.pages.links import HtmlLinks
    from mkdocs_minutes.pages.outputs import SiteInfo, site_text_paths, site_texts
    from mkdocs_minutes.pages.site import SitePages

    from .test_index import build, item, meeting, roll

    archives = {
        "empty": build(),
        "series, people, topics": build(
            meeting("team/2024-01-04", attendees=roll("Ana Lima / @analima"), items=[item("OVH")]),
            meeting("infra/2024-01-11", attendees=roll("Ben Okafor / @benok")),
            meeting("2024-01-18", items=[item("OVH again")]),
            topics=[TopicEntry("ovh", "OVH")],
            discover=False,
        ),
    }
    for name, archive in archives.items():
        site = SitePages(notes_dir="meetings", links=HtmlLinks(True))
        texts = site_texts(archive, site, SiteInfo("Minutes"), notes_dir="meetings", feeds=feeds)
        paths = site_text_paths(archive, notes_dir="meetings", feeds=feeds)
        assert sorted(paths) == sorted(texts), name
        assert len(paths) == len(set(paths)), name
