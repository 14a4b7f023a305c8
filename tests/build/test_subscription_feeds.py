"""Feeds where people subscribe: per series, per person, per topic (issue 16).

Every feed of a real build is parsed with feedparser (a real RSS parser): it must be
valid RSS 2.0, hold absolute links under ``site_url`` that open a published page (and the
item's anchor on it), and date each entry by its meeting. Each feed is linked from the page
it follows, in ``<head>`` (``rel="alternate"``) and visibly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlparse

import feedparser
import pytest

from tests.build.test_links_and_feeds import SITE_URL, HeadTags, page, resolve, run_build
from tests.conftest import CORPUS, copy_tree, write_site


def note(date: str, *agenda: str, people: str = "* Alice Smith / Acme / @alice\n") -> str:
    return (
        f"# Team meeting\n\nDate: {date}\n\n## Attendees\n\n{people}\n"
        "## Quick updates\n\n* Alice: shipped the " + date + " release\n\n"
        "## Agenda\n\n" + "".join(f"* {line}\n" for line in agenda)
    )


NOTES = {
    "community/2024-01-10.md": note("2024-01-10", "Cloud budget [Alice]", "Hiring"),
    "community/2024-02-07.md": note(
        "2024-02-07", "Cloud budget again", people="* Bob Jones / @bob\n"
    ),
    "infra/2024-01-17.md": note("2024-01-17", "Cluster upgrade", "Cloud budget review"),
    "2024-03-01.md": note("2024-03-01", "All hands"),
}
TOPICS = "- id: budget\n  name: Budget & costs\n  match: [cloud budget]\n"

#: feed -> (page that links it, channel title, [(entry link, date)] newest first)
FEEDS = {
    "meetings/community/feed.xml": (
        "meetings/",
        "Test archive: community",
        [
            ("meetings/community/2024-02-07/", "2024-02-07"),
            ("meetings/community/2024-01-10/", "2024-01-10"),
        ],
    ),
    "meetings/infra/feed.xml": (
        "meetings/",
        "Test archive: infra",
        [("meetings/infra/2024-01-17/", "2024-01-17")],
    ),
    "people/alice/feed.xml": (
        "people/alice/",
        "Test archive: Alice Smith",
        [
            ("meetings/2024-03-01/", "2024-03-01"),
            ("meetings/infra/2024-01-17/", "2024-01-17"),
            ("meetings/community/2024-01-10/", "2024-01-10"),
        ],
    ),
    "people/bob/feed.xml": (
        "people/bob/",
        "Test archive: Bob Jones",
        [("meetings/community/2024-02-07/", "2024-02-07")],
    ),
    "topics/budget/feed.xml": (
        "topics/budget/",
        "Test archive: Budget & costs",
        [
            ("meetings/community/2024-02-07/#cloud-budget-again", "2024-02-07"),
            ("meetings/infra/2024-01-17/#cloud-budget-review", "2024-01-17"),
            ("meetings/community/2024-01-10/#cloud-budget", "2024-01-10"),
        ],
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("subscriptions")
    config = write_site(
        root,
        NOTES,
        plugin_options="topics: docs/topics.yml\ntopics_discover: false",
        docs={"topics.yml": TOPICS},
    )
    return run_build(config)


def parse(path: Path) -> feedparser.FeedParserDict:
    feed = feedparser.parse(path.read_bytes())
    assert feed.bozo == 0, (path, feed.get("bozo_exception"))
    assert feed.version == "rss20", path
    return feed


def assert_opens(site: Path, link: str) -> None:
    """An absolute link under site_url that opens a built page (and its anchor)."""
    assert link.startswith(SITE_URL), link
    url = urlparse(link)
    target = site / url.path.removeprefix(urlparse(SITE_URL).path) / "index.html"
    assert target.is_file(), link
    if url.fragment:
        assert url.fragment in HeadTags(target.read_text(encoding="utf-8")).ids, link


@pytest.mark.parametrize("feed_path", sorted(FEEDS))
def test_each_feed_is_rss_with_the_meetings_it_follows(site: Path, feed_path: str) -> None:
    page_url, title, entries = FEEDS[feed_path]
    feed = parse(site / feed_path)
    assert feed.feed.title == title
    assert feed.feed.link.startswith(SITE_URL + page_url.rstrip("/"))
    assert_opens(site, feed.feed.link)
    assert [(e.link, dt.date(*e.published_parsed[:3]).isoformat()) for e in feed.entries] == [
        (SITE_URL + link, date) for link, date in entries
    ]
    for entry in feed.entries:
        assert entry.id == entry.link
        assert_opens(site, entry.link)
    self_link = next(link for link in feed.feed.links if link.rel == "self")
    assert self_link.href == SITE_URL + feed_path


def test_a_persons_feed_carries_their_updates(site: Path) -> None:
    feed = parse(site / "people/alice/feed.xml")
    newest = feed.entries[0]
    assert "shipped the 2024-03-01 release" in newest.summary
    assert "update-alice" in newest.content[0].value
    assert_opens(site, SITE_URL + "meetings/2024-03-01/#update-alice")


@pytest.mark.parametrize("feed_path", sorted(FEEDS))
def test_the_page_links_its_feed_in_head_and_visibly(site: Path, feed_path: str) -> None:
    page_url = FEEDS[feed_path][0]
    tags = HeadTags(page(site, page_url))
    alternates = [
        resolve(site, page_url, link["href"])
        for link in tags.links
        if link.get("rel") == "alternate" and link.get("type") == "application/rss+xml"
    ]
    assert site / feed_path in alternates
    assert site / feed_path in [resolve(site, page_url, href) for href in tags.hrefs]


@pytest.mark.parametrize(
    "meeting,feed_path",
    [
        ("meetings/community/2024-01-10/", "meetings/community/feed.xml"),
        ("meetings/infra/2024-01-17/", "meetings/infra/feed.xml"),
    ],
)
def test_a_meeting_page_points_feed_readers_at_its_series(
    site: Path, meeting: str, feed_path: str
) -> None:
    links = HeadTags(page(site, meeting)).links
    assert site / feed_path in [
        resolve(site, meeting, link["href"]) for link in links if link.get("rel") == "alternate"
    ]


def test_a_meeting_without_series_has_only_the_archive_feeds(site: Path) -> None:
    links = HeadTags(page(site, "meetings/2024-03-01/")).links
    feeds = sorted(
        resolve(site, "meetings/2024-03-01/", link["href"]).name
        for link in links
        if link.get("rel") == "alternate"
    )
    assert feeds == ["feed.json", "feed.xml"]


def test_feeds_off_writes_and_links_none(tmp_path: Path) -> None:
    config = write_site(
        tmp_path,
        NOTES,
        plugin_options="feeds: false\ntopics: docs/topics.yml\ntopics_discover: false",
        docs={"topics.yml": TOPICS},
    )
    built = run_build(config)
    assert not list(built.rglob("feed.xml"))
    for url in ("meetings/", "people/alice/", "topics/budget/"):
        assert "feed.xml" not in page(built, url), url


@pytest.mark.shared
@pytest.mark.parametrize("corpus", ["geojupyter", "jupyter-ec"])
def test_every_feed_of_a_real_archive_parses(tmp_path: Path, corpus: str) -> None:
    root = tmp_path / corpus
    source = CORPUS / corpus
    notes = {}
    config = write_site(root, notes)
    copy_tree(source, root / "docs" / "meetings")
    built = run_build(config, strict=False)
    feeds = sorted(built.rglob("feed.xml"))
    kinds = {path.relative_to(built).parts[0] for path in feeds}
    assert {"feed.xml", "meetings", "people", "topics"} <= kinds
    for path in feeds:
        feed = parse(path)
        for entry in feed.entries:
            assert_opens(built, entry.link)
            assert entry.published_parsed is not None
        dates = [entry.published_parsed[:3] for entry in feed.entries]
        assert dates == sorted(dates, reverse=True), path
