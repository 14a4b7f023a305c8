"""Links that last, link cards, feeds, the data page and charts, on real builds.

Every id, URL and anchor here is the contract's (CONTRACT.md, "Notes, series, ids, URLs"):
derived from the series and date, never from build order, so an old link keeps working
after the archive grows or a note is edited.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import feedparser
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.conftest import REPO, copy_demo, write_site

SITE_URL = "https://example.org/minutes/"


def run_build(config_file: Path, strict: bool = True) -> Path:
    """``mkdocs build`` (strict by default: nothing here may warn) into the site dir."""
    config = load_config(str(config_file), strict=strict)
    build(config)
    return Path(config.site_dir)


def page(site: Path, url: str) -> str:
    """The HTML of a site-relative directory URL."""
    return (site / url / "index.html").read_text(encoding="utf-8")


def export(site: Path) -> dict:
    return json.loads((site / "meetings.json").read_text(encoding="utf-8"))


def meeting_note(date: str, *lines: str, title: str = "Team meeting", dated: bool = True) -> str:
    """A small meeting: roll call, then the given lines."""
    head = f"# {title}\n\n" + (f"Date: {date}\n\n" if dated else "")
    return (
        head
        + "## Attendees\n\n* Alice Smith / Acme / @alice\n* Bob Jones / @bob\n\n"
        + ("".join(line + "\n" for line in lines))
    )


class HeadTags(HTMLParser):
    """``<meta>`` and ``<link>`` tags, ``id`` attributes and ``<a href>`` of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.append(values["id"])
        if tag == "meta" and "content" in values:
            key = values.get("property") or values.get("name")
            if key:
                self.meta[key] = values["content"]
        elif tag == "link":
            self.links.append(values)
        elif tag == "a" and "href" in values:
            self.hrefs.append(values["href"])


def resolve(site: Path, page_url: str, href: str) -> Path:
    """The file a relative link of the page at ``page_url`` opens."""
    target = urlparse(urljoin("https://h/" + page_url, href)).path.lstrip("/")
    path = site / target
    return path / "index.html" if target.endswith("/") or not target else path


# --- ids and URLs ----------------------------------------------------------------------

ARCHIVE_2023 = """\
# Meeting notes 2023

## 2023-12-05

### Attendees

* Alice Smith / @alice

### Agenda

* Year end

## 2023-11-21

### Attendees

* Bob Jones / @bob

### Agenda

* Budget
"""

TWO_SESSIONS = """\
# Ops 2024

## 2024-06-04

* Alice Smith / @alice

## 2024-06-04

* Bob Jones / @bob

## 2024-06-04 (evening)

* Bob Jones / @bob
"""

#: note path -> content
ID_NOTES: dict[str, str] = {
    "2019-03-21.md": meeting_note("2019-03-21"),
    "community/2019-03-21.md": meeting_note("2019-03-21", title="Community call"),
    "community/2024/2024-04-01.md": meeting_note("2024-04-01"),
    "meeting_notes/2023.md": ARCHIVE_2023,
    "20250624-sync/index.md": meeting_note("", title="Sync", dated=False),
    "2025-06-30-planning/index.md": meeting_note("", title="Planning", dated=False),
    "community/2024-02-01.md": "---\nseries: board\n---\n" + meeting_note("2024-02-01"),
    "2024-03-01.md": "---\nslug: hiring\n---\n" + meeting_note("2024-03-01"),
    "community/2024-03-05.md": "---\nslug: retro\n---\n" + meeting_note("2024-03-05"),
    "ops/2024-05-01.md": meeting_note("2024-05-01", title="Ops"),
    "ops/zz-copy.md": meeting_note("2024-05-01", title="Ops (copy)"),
    "ops/2024.md": TWO_SESSIONS,
    "index.md": "# All our meetings\n\nOne file per meeting, newest first.\n",
}

#: (note path, line of the meeting in it, id, series)
IDS = [
    ("2019-03-21.md", 1, "2019-03-21", None),
    ("community/2019-03-21.md", 1, "community/2019-03-21", "community"),
    ("community/2024/2024-04-01.md", 1, "community/2024-04-01", "community"),
    ("meeting_notes/2023.md", 3, "meeting_notes/2023-12-05", "meeting_notes"),
    ("meeting_notes/2023.md", 13, "meeting_notes/2023-11-21", "meeting_notes"),
    ("20250624-sync/index.md", 1, "sync/2025-06-24", "sync"),
    ("2025-06-30-planning/index.md", 1, "planning/2025-06-30", "planning"),
    ("community/2024-02-01.md", 1, "board/2024-02-01", "board"),
    ("2024-03-01.md", 1, "2024-03-01-hiring", None),
    ("community/2024-03-05.md", 1, "community/2024-03-05-retro", "community"),
    ("ops/2024-05-01.md", 1, "ops/2024-05-01", "ops"),
    ("ops/zz-copy.md", 1, "ops/2024-05-01-2", "ops"),
    ("ops/2024.md", 3, "ops/2024-06-04", "ops"),
    ("ops/2024.md", 7, "ops/2024-06-04-2", "ops"),
    ("ops/2024.md", 11, "ops/2024-06-04-3", "ops"),
]


@pytest.fixture(scope="module")
def id_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ids")
    # The copied file is a WARNING by contract, so this build is not strict.
    return run_build(write_site(root, ID_NOTES), strict=False)


@pytest.mark.parametrize(("path", "line", "meeting_id", "series"), IDS)
def test_meeting_ids_and_urls(id_site: Path, path: str, line: int, meeting_id, series) -> None:
    meetings = {(m["source"]["path"], m["source"]["line"]): m for m in export(id_site)["meetings"]}
    meeting = meetings[path, line]
    assert meeting["id"] == meeting_id
    assert meeting["series"] == series
    assert meeting["url"] == f"meetings/{meeting_id}/"
    html = page(id_site, meeting["url"])
    assert f'<meta property="article:published_time" content="{meeting["date"]}">' in html


def test_every_meeting_is_published_and_nothing_else_is_a_meeting(id_site: Path) -> None:
    meetings = export(id_site)["meetings"]
    assert sorted(m["id"] for m in meetings) == sorted(row[2] for row in IDS)
    # The listing page stays an ordinary page at its own URL.
    assert "One file per meeting" in page(id_site, "meetings")


@pytest.mark.parametrize(
    ("archive_url", "meeting_ids"),
    [
        ("meetings/meeting_notes/2023/", ["meeting_notes/2023-12-05", "meeting_notes/2023-11-21"]),
        ("meetings/ops/2024/", ["ops/2024-06-04-3", "ops/2024-06-04-2", "ops/2024-06-04"]),
    ],
)
def test_archive_file_url_lists_its_meetings(id_site: Path, archive_url, meeting_ids) -> None:
    html = page(id_site, archive_url)
    tags = HeadTags(html)
    article = html[html.index("<article") : html.index("</article>")]
    listed = [
        resolve(id_site, archive_url, href)
        for href in HeadTags(article).hrefs
        if not href.startswith(("http", "#"))
    ]
    expected = [id_site / "meetings" / mid / "index.html" for mid in meeting_ids]
    assert [p for p in listed if p in expected] == expected, "newest first, every meeting"
    assert all(p.exists() for p in expected)
    assert tags.meta.get("og:type") == "website"


def test_ids_do_not_depend_on_build_order(tmp_path: Path) -> None:
    """The same notes written in another order (and with other mtimes) get the same ids."""
    first = write_site(tmp_path / "a", ID_NOTES)
    reordered = dict(reversed(list(ID_NOTES.items())))
    second = write_site(tmp_path / "b", reordered)
    for number, path in enumerate(sorted((tmp_path / "b").rglob("*.md"))):
        os.utime(path, (1_000_000_000 + number * 86400,) * 2)
    ids = [
        sorted(
            (m["id"], m["source"]["path"]) for m in export(run_build(c, strict=False))["meetings"]
        )
        for c in (first, second)
    ]
    assert ids[0] == ids[1]


def test_relative_links_in_notes_survive_the_move_to_meeting_pages(tmp_path: Path) -> None:
    """A meeting page may live elsewhere than its note: images and links still work."""
    notes = {
        "20240105-geo/index.md": meeting_note(
            "",
            "![the diagram](diagram.png) [previous](../20231201-geo/index.md#attendees)",
            "[slides][deck] and `[not a link](code.png)`",
            "",
            "[deck]: slides/deck.pdf",
            title="Geo sync",
            dated=False,
        ),
        "20231201-geo/index.md": meeting_note("", title="Geo sync", dated=False),
        "community/2024/2024-04-01.md": meeting_note("2024-04-01", "![](img/pic.png)"),
    }
    config = write_site(tmp_path, notes)
    meetings = tmp_path / "docs" / "meetings"
    for asset in ("20240105-geo/diagram.png", "20240105-geo/slides/deck.pdf",
                  "community/2024/img/pic.png"):  # fmt: skip
        (meetings / asset).parent.mkdir(parents=True, exist_ok=True)
        (meetings / asset).write_bytes(b"x")
    site = run_build(config)  # strict: a dead link would fail the build
    for url in ("meetings/geo/2024-01-05/", "meetings/community/2024-04-01/"):
        html = page(site, url)
        article = html[html.index("<article") : html.index("</article>")]
        srcs = re.findall(r'<img[^>]* src="([^"]+)"', article)
        hrefs = [h for h in HeadTags(article).hrefs if not h.startswith(("http", "#"))]
        assert srcs, url
        for link in srcs + hrefs:
            assert resolve(site, url, link.split("#")[0]).exists(), (url, link)
    geo = page(site, "meetings/geo/2024-01-05/")
    assert 'href="../2023-12-01/#attendees"' in geo, "a moved note is linked at its page"
    assert "<code>[not a link](code.png)</code>" in geo


# --- anchors that survive edits --------------------------------------------------------

ANCHOR_NOTE = """\
# Team meeting

Date: 2024-01-10

## Attendees

* Alice Smith / Acme / @alice
* Bob Jones / Beta / @bob
* Carol White / @carol

## Quick updates

* Alice: worked on the cluster
* Bob: reviewed pull requests

## Agenda

* Budget review [Alice - 5 mins]
    * we need more money
* Hiring plan [Bob - 10 mins]
    * two posts
* Budget review
    * follow-up on the first item
* Release `v2.0` **planning**
    * Friday
"""

EDITS = [
    pytest.param(
        lambda t: t.replace("* Hiring plan [Bob - 10 mins]", "* Hiring plan for 2024 [Bob]"),
        {"hiring-plan"},
        id="retitle-an-item",
    ),
    pytest.param(
        lambda t: t + "* Security audit [Carol]\n    * next month\n",
        set(),
        id="add-item-at-end",
    ),
    pytest.param(
        lambda t: t.replace("## Agenda\n\n", "## Agenda\n\n* Welcome and intros\n    * Carol\n"),
        set(),
        id="add-item-at-start",
    ),
    pytest.param(
        lambda t: t.replace("    * two posts\n", "    * two posts\n    * maybe three\n"),
        set(),
        id="edit-an-item-body",
    ),
    pytest.param(
        lambda t: t.replace("* Bob: reviewed", "* Carol: wrote docs\n* Bob: reviewed"),
        set(),
        id="add-an-update-between",
    ),
    pytest.param(
        lambda t: t.replace(
            "    * Friday\n", "    * Friday\n\n## Action items\n\n- [ ] Bob: post\n"
        ),
        set(),
        id="add-a-section-after",
    ),
]


def anchors_of(site: Path) -> dict[str, str]:
    """Item and update anchors of the meeting, by what they are (title or author)."""
    (meeting,) = export(site)["meetings"]
    html_ids = set(HeadTags(page(site, meeting["url"])).ids)
    found: dict[str, str] = {}
    for position, item in enumerate(meeting["items"]):
        occurrence = sum(1 for i in meeting["items"][:position] if i["title"] == item["title"])
        found[f"item:{item['title']}#{occurrence}"] = item["anchor"]
    for update in meeting["updates"]:
        found[f"update:{update['person']}"] = update["anchor"]
    missing = set(found.values()) - html_ids
    assert not missing, f"anchors not on the page: {missing}"
    return found


def test_anchors_are_the_contract_slugs(tmp_path: Path) -> None:
    site = run_build(write_site(tmp_path, {"2024-01-10.md": ANCHOR_NOTE}))
    assert anchors_of(site) == {
        "item:Budget review#0": "budget-review",
        "item:Hiring plan#0": "hiring-plan",
        "item:Budget review#1": "budget-review-2",
        "item:Release `v2.0` **planning**#0": "release-v20-planning",
        "update:alice": "update-alice",
        "update:bob": "update-bob",
    }
    html = page(site, "meetings/2024-01-10/")
    # Items keep their look: the anchor is on the bullet itself.
    assert re.search(r'<li id="budget-review">Budget review', html)
    assert re.search(r'<li id="update-bob">Bob: reviewed', html)


ACTION_NOTE = """\
# Team meeting

Date: 2024-01-10

## Agenda

* Budget review [Alice]
    * -> decide next week
    * Bob to send the invite
* Hiring plan

## Action items

- [ ] Alice: write the report
- [x] Budget review
- [ ] Alice: write the report
"""


@pytest.mark.parametrize(
    "line,anchor",
    [
        ("decide next week", "action-decide-next-week"),  # an arrow under an item
        ("Bob to send the invite", "action-bob-to-send-the-invite"),  # "Name to ..."
        ("Alice: write the report", "action-write-the-report"),  # a task box
        ("Budget review", "action-budget-review"),  # same words as an item: its own id
        ("Alice: write the report", "action-write-the-report-2"),  # the same action again
    ],
)
def test_every_action_has_an_anchor_on_its_line(tmp_path_factory, line: str, anchor: str) -> None:
    site = tmp_path_factory.getbasetemp() / "actions" / "site"
    if not site.exists():
        run_build(write_site(site.parent, {"2024-01-10.md": ACTION_NOTE}))
    html = page(site, "meetings/2024-01-10/")
    bullet = re.search(rf'<li[^>]* id="{anchor}">(.*?)</li>', html, re.S)
    assert bullet is not None, anchor
    assert line in re.sub(r"<[^>]+>", "", bullet.group(1).split("<ul>")[0]), bullet.group(1)
    assert html.count(f'id="{anchor}"') == 1


@pytest.mark.parametrize(("edit", "changed"), EDITS)
def test_anchors_survive_editing_another_item(tmp_path: Path, edit, changed: set[str]) -> None:
    config = write_site(tmp_path, {"2024-01-10.md": ANCHOR_NOTE})
    before = anchors_of(run_build(config))
    note = tmp_path / "docs" / "meetings" / "2024-01-10.md"
    note.write_text(edit(note.read_text(encoding="utf-8")), encoding="utf-8")
    after = anchors_of(run_build(config))
    kept = {key: anchor for key, anchor in before.items() if anchor not in changed}
    assert {key: after.get(key) for key in kept} == kept
    assert len(after) >= len(before) - len(changed)


# --- meetings/latest/ ------------------------------------------------------------------


def latest_target(site: Path) -> Path:
    html = (site / "meetings" / "latest" / "index.html").read_text(encoding="utf-8")
    refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html)
    assert refresh, html
    target = resolve(site, "meetings/latest/", refresh.group(1))
    assert target.exists(), target
    return target


def test_latest_points_at_the_newest_meeting_and_moves(tmp_path: Path) -> None:
    config = write_site(
        tmp_path,
        {
            "2024-01-10.md": meeting_note("2024-01-10"),
            "community/2024-01-03.md": meeting_note("2024-01-03"),
        },
    )
    site = run_build(config)
    assert latest_target(site) == site / "meetings" / "2024-01-10" / "index.html"
    # A newer meeting in another series, written as an old file: the date decides.
    newer = tmp_path / "docs" / "meetings" / "community" / "2024-02-07.md"
    newer.write_text(meeting_note("2024-02-07"), encoding="utf-8")
    os.utime(newer, (0, 0))
    site = run_build(config)
    assert latest_target(site) == site / "meetings" / "community" / "2024-02-07" / "index.html"
    # And a meeting inside an archive file.
    archive = tmp_path / "docs" / "meetings" / "meeting_notes" / "2024.md"
    archive.parent.mkdir()
    archive.write_text(ARCHIVE_2023.replace("2023-12-05", "2024-03-01"), encoding="utf-8")
    site = run_build(config)
    assert latest_target(site) == site / "meetings" / "meeting_notes" / "2024-03-01" / "index.html"
    assert "latest" in page(site, "meetings")


# --- link cards and feed discovery -----------------------------------------------------

FEED_NOTES = {
    "2024-01-10.md": meeting_note(
        "2024-01-10", "## Agenda", "", "* Budget review [Alice]", "* Hiring plan [Bob]"
    ),
    "2024-02-14.md": meeting_note("2024-02-14", "## Agenda", "", '* Cluster & "move"'),
    "community/2024-03-05.md": meeting_note(
        "2024-03-05", "## Agenda", "", "* Outreach", title="Community call"
    ),
    "2023.md": ARCHIVE_2023,
    "index.md": "# Notes\n\nEvery meeting.\n",
}

#: meeting id -> (date, title, a phrase the summary holds); newest first
FEED_ENTRIES = [
    ("community/2024-03-05", "2024-03-05", "Community call (2024-03-05)", "Agenda: Outreach."),
    ("2024-02-14", "2024-02-14", "Team meeting (2024-02-14)", 'Agenda: Cluster & "move".'),
    ("2024-01-10", "2024-01-10", "Team meeting (2024-01-10)", "Budget review; Hiring plan"),
    ("2023-12-05", "2023-12-05", "Meeting notes: 2023-12-05", "1 attendee. Agenda: Year end."),
    ("2023-11-21", "2023-11-21", "Meeting notes: 2023-11-21", "Agenda: Budget."),
]


@pytest.fixture(scope="module")
def feed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("feeds")
    config = write_site(root, FEED_NOTES)
    # File dates say the opposite of meeting dates: the newest meeting is the oldest file.
    notes = sorted((root / "docs" / "meetings").rglob("*.md"))
    now = time.time()
    for path in notes:
        stamp = now if "2023" in path.name else 978_307_200  # 2001-01-01
        os.utime(path, (stamp, stamp))
    return run_build(config)


def site_pages(site: Path) -> list[tuple[str, Path]]:
    """(URL, file) of every page MkDocs rendered (not the 404 page or the redirect)."""
    found = []
    for path in sorted(site.rglob("index.html")):
        url = path.parent.relative_to(site).as_posix()
        url = "" if url == "." else url + "/"
        if url != "meetings/latest/":
            found.append((url, path))
    return found


@pytest.mark.parametrize("meeting_id", [row[0] for row in FEED_ENTRIES])
def test_meeting_pages_carry_a_link_card(feed_site: Path, meeting_id: str) -> None:
    date, title, phrase = next(row[1:] for row in FEED_ENTRIES if row[0] == meeting_id)
    tags = HeadTags(page(feed_site, f"meetings/{meeting_id}/"))
    assert tags.meta["og:title"] == title
    assert tags.meta["og:type"] == "article"
    assert tags.meta["article:published_time"] == date
    assert phrase in tags.meta["og:description"]
    assert tags.meta["og:url"] == f"{SITE_URL}meetings/{meeting_id}/"
    assert tags.meta["og:site_name"] == "Test archive"


def test_every_page_links_both_feeds(feed_site: Path) -> None:
    pages = site_pages(feed_site)
    assert len(pages) > 10
    for url, path in pages:
        links = HeadTags(path.read_text(encoding="utf-8")).links
        alternates = {
            (link["type"], resolve(feed_site, url, link["href"]))
            for link in links
            if link.get("rel") == "alternate"
        }
        assert ("application/rss+xml", feed_site / "feed.xml") in alternates, url
        assert ("application/feed+json", feed_site / "feed.json") in alternates, url
        for _type, target in alternates:
            assert target.is_file(), (url, target)
        meta = HeadTags(path.read_text(encoding="utf-8")).meta
        assert meta.get("og:title"), url
        if not url.startswith("meetings/") or url in ("meetings/", "meetings/2023/"):
            assert meta["og:type"] == "website", url


# --- feeds -----------------------------------------------------------------------------


def test_rss_feed_is_valid_and_dated_by_meeting(feed_site: Path) -> None:
    feed = feedparser.parse((feed_site / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.title == "Test archive"
    assert feed.feed.link == SITE_URL
    rows = [
        (
            entry.link,
            dt.date(*entry.published_parsed[:3]).isoformat(),
            entry.title,
        )
        for entry in feed.entries
    ]
    assert rows == [
        (f"{SITE_URL}meetings/{mid}/", date, title) for mid, date, title, _ in FEED_ENTRIES
    ]
    for entry, (_, _, _, phrase) in zip(feed.entries, FEED_ENTRIES, strict=True):
        # RSS descriptions are HTML: the plain-text summary arrives escaped, shown as text.
        assert phrase in unescape(entry.summary)
        assert entry.id == entry.link
        target = feed_site / entry.link.removeprefix(SITE_URL) / "index.html"
        assert target.exists(), entry.link
    # The channel date is the newest meeting's, not the build's or a file's.
    assert dt.date(*feed.feed.updated_parsed[:3]).isoformat() == FEED_ENTRIES[0][1]


def test_json_feed_is_json_feed_1_1(feed_site: Path) -> None:
    feed = json.loads((feed_site / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Test archive"
    assert feed["home_page_url"] == SITE_URL
    assert feed["feed_url"] == f"{SITE_URL}feed.json"
    assert [item["id"] for item in feed["items"]] == [row[0] for row in FEED_ENTRIES]
    for item, (mid, date, title, phrase) in zip(feed["items"], FEED_ENTRIES, strict=True):
        assert set(item) >= {"id", "url", "title", "summary", "date_published"}
        assert "content_html" in item or "content_text" in item
        assert item["url"] == f"{SITE_URL}meetings/{mid}/"
        assert item["title"] == title
        assert phrase in item["summary"]
        published = dt.datetime.fromisoformat(item["date_published"].replace("Z", "+00:00"))
        assert published.tzinfo is not None and published.date().isoformat() == date
        assert (feed_site / "meetings" / mid / "index.html").exists()


def test_feeds_are_byte_identical_across_rebuilds(tmp_path: Path) -> None:
    config = write_site(tmp_path, FEED_NOTES)
    first = {name: (run_build(config) / name).read_bytes() for name in ("feed.xml", "feed.json")}
    for path in (tmp_path / "docs").rglob("*.md"):
        os.utime(path, None)
    second = {name: (run_build(config) / name).read_bytes() for name in ("feed.xml", "feed.json")}
    assert first == second


# --- the data page and meetings.json ---------------------------------------------------

#: The contract's export schema, key by key.
SCHEMA = {
    "top": {"schema", "meetings", "people", "topics", "refs"},
    "meeting": {
        "id",
        "date",
        "title",
        "series",
        "url",
        "source",
        "attendees",
        "updates",
        "celebrations",
        "items",
        "actions",
        "refs",
    },
    "source": {"path", "line"},
    "attendees": {"person", "name", "handle", "affiliation", "present"},
    "updates": {"person", "text", "line", "anchor"},
    "celebrations": {"person", "text", "line"},
    "items": {"title", "anchor", "speakers", "minutes", "topics", "line"},
    "actions": {"text", "assignees", "done", "line"},
    "meeting_refs": {"repo", "number", "kind", "url"},
    "people": {"id", "name", "handle", "names", "url"},
    "topics": {"id", "name", "url", "items"},
    "topic_items": {"meeting", "anchor"},
    "refs": {"repo", "number", "kind", "url", "page", "meetings"},
}


def assert_schema(data: dict) -> None:
    """Every key the contract names is present, with the contract's types."""
    assert set(data) >= SCHEMA["top"]
    assert data["schema"] == "mkdocs-minutes/1"
    assert data["meetings"], "an export with no meetings proves nothing"
    for meeting in data["meetings"]:
        assert set(meeting) >= SCHEMA["meeting"], meeting["id"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meeting["date"])
        assert meeting["series"] is None or isinstance(meeting["series"], str)
        assert meeting["url"].endswith("/") and not meeting["url"].startswith("/")
        assert set(meeting["source"]) >= SCHEMA["source"] and meeting["source"]["line"] >= 1
        for key in ("attendees", "updates", "celebrations", "items", "actions"):
            for entry in meeting[key]:
                assert set(entry) >= SCHEMA[key], (meeting["id"], key, entry)
        for attendee in meeting["attendees"]:
            assert isinstance(attendee["present"], bool)
            assert attendee["handle"] is None or not attendee["handle"].startswith("@")
        for ref in meeting["refs"]:
            assert set(ref) >= SCHEMA["meeting_refs"]
            assert ref["kind"] in {"issue", "pull", "discussion", "commit"}
    for person in data["people"]:
        assert set(person) >= SCHEMA["people"]
    for topic in data["topics"]:
        assert set(topic) >= SCHEMA["topics"]
        for item in topic["items"]:
            assert set(item) >= SCHEMA["topic_items"]
    for ref in data["refs"]:
        assert set(ref) >= SCHEMA["refs"]


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's demo archive, built with --strict into a temp dir."""
    root = tmp_path_factory.mktemp("demo")
    copy_demo(root)
    return run_build(root / "mkdocs.yml")


@pytest.mark.shared
def test_about_page_links_meetings_json_and_documents_it(demo_site: Path) -> None:
    html = page(demo_site, "about/data")
    hrefs = HeadTags(html).hrefs
    json_links = [h for h in hrefs if h.split("#")[0].endswith("meetings.json")]
    assert json_links, "the data page links meetings.json"
    for href in json_links:
        assert resolve(demo_site, "about/data/", href) == demo_site / "meetings.json"
    # The page documents every key of the schema.
    source = (REPO / "docs" / "about" / "data.md").read_text(encoding="utf-8")
    for keys in SCHEMA.values():
        for key in keys:
            assert f'"{key}"' in source or f"`{key}`" in source or f".{key}`" in source, key
    assert_schema(json.loads((demo_site / "meetings.json").read_text(encoding="utf-8")))


@pytest.mark.shared
def test_about_pages_are_in_the_demo_nav(demo_site: Path) -> None:
    home = page(demo_site, "")
    assert "about/data/" in home and "about/adding-notes/" in home


def test_export_of_a_built_site_follows_the_schema(id_site: Path, feed_site: Path) -> None:
    assert_schema(export(id_site))
    assert_schema(export(feed_site))


# --- charts ----------------------------------------------------------------------------

TOPICS = """\
- id: budget
  name: Budget
  description: Money matters.
  match: [budget]
"""


@pytest.fixture(scope="module")
def chart_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("charts")
    notes = {
        f"2024-{month:02d}-10.md": meeting_note(
            f"2024-{month:02d}-10", "## Agenda", "", f"* Budget review {month}", "* Other"
        )
        for month in (1, 2, 4, 7)
    }
    config = write_site(root, notes, plugin_options="topics: topics.yml")
    (root / "topics.yml").write_text(TOPICS, encoding="utf-8")
    return run_build(config)


class Svgs(HTMLParser):
    """Inline SVGs with ``role="img"``: the text of their own ``<title>`` and ``<desc>``."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.charts: list[dict[str, str]] = []
        self._stack: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if not self._stack and tag == "svg" and values.get("role") == "img":
            labelledby = values.get("aria-labelledby") or ""
            self.charts.append({"title": "", "desc": "", "labelledby": labelledby})
        if self._stack or (tag == "svg" and values.get("role") == "img"):
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if len(self._stack) == 2 and self._stack[1] in ("title", "desc"):
            self.charts[-1][self._stack[1]] += data


@pytest.mark.parametrize(
    ("url", "titles"),
    [
        ("", ["Meetings per month", "Attendees per meeting"]),
        ("people/alice/", ["Attendance of Alice Smith"]),
        ("topics/budget/", ["Activity on Budget"]),
    ],
)
def test_charts_are_accessible_inline_svg(chart_site: Path, url: str, titles: list[str]) -> None:
    html = page(chart_site, url)
    content = html[html.index('<article class="md-content__inner') : html.index("</article>")]
    charts = Svgs(content).charts
    assert [c["title"] for c in charts] == titles
    for chart in charts:
        assert chart["desc"].strip(), chart
        assert chart["labelledby"], "screen readers read the title and desc"
    # Readable in light and dark mode: drawn with the text colour, not a fixed one.
    assert 'fill="currentColor"' in content
    assert "<script" not in content
