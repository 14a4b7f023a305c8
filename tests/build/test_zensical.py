"""The demo archive built with Zensical (issue 18), beside the same demo built with MkDocs.

Zensical runs no third-party plugin: ``minutes generate`` writes the archive as a docs
tree, Zensical builds it with ``examples/zensical/mkdocs.yml`` (the minutes Markdown
extension among its ``markdown_extensions``), and the search index is written over the
built site. Both sites come from the ``demo_sites`` fixture (``tests/conftest.py``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from mkdocs_minutes.cli import main
from tests.conftest import CORPUS, ZENSICAL_EXAMPLE, require_zensical

MEETING = "meetings/2019-03-21/"

PAGES = [
    # (what, URL, words the page must show)
    ("a meeting page", MEETING, ["Thursday 21 March 2019", "Attendees (8)", "OVH"]),
    ("a person page", "people/minrk/", ["Min", "meetings attended"]),
    ("a topic page", "topics/ovh/", ["OVH", "2019-03-21"]),
    ("an issue page", "refs/jupyterhub/mybinder.org-deploy/759/", ["759", "2019-03-21"]),
    ("the meetings index", "meetings/", ["2019"]),
    ("the home page with its overview", "", ["Latest meeting"]),
]


class Article(HTMLParser):
    """The content of a page (``article.md-content__inner``): its ids, its links, the
    header's attendee links and its text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.ids: list[str] = []
        self.links: list[str] = []
        self.attendees: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._header = 0
        self._link: str | None = None
        self._link_text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if self.depth == 0 and tag == "article" and "md-content__inner" in classes:
            self.depth = 1
            return
        if not self.depth:
            return
        if tag not in ("br", "img", "input", "hr", "meta", "link", "path", "rect", "line"):
            self.depth += 1
            self._header += 1 if self._header else 0
        if tag == "div" and "minutes-header" in classes:
            self._header = 1
        if values.get("id") and not values["id"].startswith("__"):
            self.ids.append(values["id"])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
            self._link, self._link_text = values["href"], []

    def handle_endtag(self, tag: str) -> None:
        if not self.depth or tag in ("br", "img", "input", "hr", "path", "rect", "line"):
            return
        self.depth -= 1
        if self._header:
            self._header -= 1
        if tag == "a" and self._link is not None:
            if self._header and "/people/" in self._link:
                self.attendees.append(("".join(self._link_text).strip(), self._link))
            self._link = None

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)
            if self._link is not None:
                self._link_text.append(data)


def article(site: Path, url: str) -> Article:
    return Article((site / url / "index.html").read_text(encoding="utf-8"))


def resolve(site: Path, page: Path, href: str) -> Path | None:
    """The file a relative or root-relative link of ``page`` points to, or None when it is
    not a link into the site."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path or href.startswith(("#", "mailto:")):
        return None
    path = unquote(parts.path)
    target = site / path.lstrip("/") if path.startswith("/") else page.parent / path
    target = target.resolve()
    return target / "index.html" if target.is_dir() else target


def test_the_tree_and_the_build(demo_sites: dict[str, Path]) -> None:
    """The tree holds pages, not the raw notes; Zensical built a page for each."""
    tree = demo_sites["root"] / "examples/zensical/docs-generated"
    note = (tree / "meetings/2019-03-21.md").read_text(encoding="utf-8")
    assert note.startswith("---\ntitle:") and "minutes_meeting:" in note
    assert (demo_sites["zensical"] / "assets/minutes/minutes.css").is_file()
    for name in ("meetings.json", "feed.xml", "feed.json", "meetings/latest/index.html"):
        assert (demo_sites["zensical"] / name).is_file(), name


@pytest.mark.parametrize(("what", "url", "words"), PAGES, ids=[p[0] for p in PAGES])
def test_zensical_pages(demo_sites: dict[str, Path], what: str, url: str, words: list) -> None:
    page = article(demo_sites["zensical"], url)
    text = " ".join(" ".join(page.text).split())
    for word in words:
        assert word in text, (what, word)
    assert "\ue010" not in text and "\ue000" not in text  # no marker reaches a page


def test_zensical_meeting_page_has_its_header_and_anchors(demo_sites: dict[str, Path]) -> None:
    html = (demo_sites["zensical"] / MEETING / "index.html").read_text(encoding="utf-8")
    assert '<div class="minutes-header">' in html
    page = article(demo_sites["zensical"], MEETING)
    assert len(page.attendees) == 9  # eight attendees and the one absent
    for anchor in ("update-sylvaincorlay", "update-lheagy", "quick-updates"):
        assert anchor in page.ids
    ovh = re.search(r'<li id="([^"]+)">[^<]*OVH', html)
    assert ovh is not None, "the OVH agenda item carries its anchor"


@pytest.mark.parametrize("generator", ["zensical", "mkdocs"])
def test_every_internal_link_resolves_to_a_file(
    demo_sites: dict[str, Path], generator: str
) -> None:
    site = demo_sites[generator]
    dead = []
    checked = 0
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8", errors="replace")
        for found in re.finditer(r'\s(?:href|src)="([^"]*)"', html):
            target = resolve(site, page, unescape(found.group(1)))
            if target is None:
                continue
            checked += 1
            if not target.exists():
                dead.append(f"{page.relative_to(site)}: {found.group(1)}")
    assert checked > 500
    assert dead == []


def test_mkdocs_and_zensical_meeting_pages_agree(demo_sites: dict[str, Path]) -> None:
    """The same attendees (the header's links, to the same pages), the same items and the
    same anchors, in the same order: one core, two generators."""
    pages = {name: article(demo_sites[name], MEETING) for name in ("mkdocs", "zensical")}
    targets = {
        name: [
            (text, resolve(demo_sites[name], demo_sites[name] / MEETING / "index.html", href))
            for text, href in page.attendees
        ]
        for name, page in pages.items()
    }
    relative = {
        name: [(text, path.relative_to(demo_sites[name]).as_posix()) for text, path in rows if path]
        for name, rows in targets.items()
    }
    assert relative["mkdocs"] == relative["zensical"]
    assert len(relative["mkdocs"]) == 9
    assert pages["mkdocs"].ids == pages["zensical"].ids
    items = {
        name: re.findall(
            r'<li id="([^"]+)"',
            (demo_sites[name] / MEETING / "index.html").read_text(encoding="utf-8"),
        )
        for name in pages
    }
    assert items["mkdocs"] == items["zensical"] and len(items["mkdocs"]) >= 9


HEAD_TAG = re.compile(
    r'<meta (?:property="(?:og|article):[^"]+"|name="(?:date|twitter:card)") content="[^"]*">'
    r'|<link rel="alternate" type="application/[^"]+" title="[^"]*" href="[^"]*">'
)


@pytest.mark.parametrize("url", [MEETING, "people/minrk/", "topics/ovh/", ""])
def test_head_tags_are_the_plugins(demo_sites: dict[str, Path], url: str) -> None:
    """Link cards and feed links: the plugin's ``on_post_page`` under MkDocs, the example's
    ``overrides/main.html`` (from the front matter ``generate`` writes) under Zensical."""
    tags = {
        name: HEAD_TAG.findall((demo_sites[name] / url / "index.html").read_text("utf-8"))
        for name in ("mkdocs", "zensical")
    }
    assert len(tags["mkdocs"]) >= 6
    assert sorted(tags["zensical"]) == sorted(tags["mkdocs"])


EDIT = re.compile(r'<a href="([^"]*)" title="Edit this page"')

EDIT_BUTTONS = [
    # (URL, the theme's edit button: the note it comes from, or none)
    (MEETING, "https://github.com/example/team-compass/edit/main/docs/meetings/2019-03-21.md"),
    ("about/", "https://github.com/example/team-compass/edit/main/docs/about/index.md"),
    ("people/minrk/", None),
    ("topics/ovh/", None),
    ("meetings/", None),
]


@pytest.mark.parametrize(("url", "expected"), EDIT_BUTTONS)
def test_edit_buttons_name_the_source(
    demo_sites: dict[str, Path], url: str, expected: str | None
) -> None:
    for name in ("mkdocs", "zensical"):
        found = EDIT.findall((demo_sites[name] / url / "index.html").read_text("utf-8"))
        assert found == ([expected] if expected else []), name


@pytest.mark.shared
def test_the_geojupyter_corpus_builds_strict_under_zensical(tmp_path: Path) -> None:
    """83 real meetings in dated folders (``20250624-sync/index.md``): the tree builds under
    ``zensical build --strict`` (every link and anchor checked, the templates' HTML too),
    each meeting has its page, and every internal link resolves to a file."""
    require_zensical()
    shutil.copytree(CORPUS / "geojupyter", tmp_path / "docs" / "meetings")
    example = ZENSICAL_EXAMPLE.read_text(encoding="utf-8")
    config = tmp_path / "z" / "mkdocs.yml"
    config.parent.mkdir()
    config.write_text(
        "site_name: GeoJupyter\ndocs_dir: docs-generated\nsite_dir: site\n"
        "plugins:\n  - minutes:\n      source_dir: ../docs\n"
        + example[example.index("markdown_extensions:") : example.index("nav:")],
        encoding="utf-8",
    )
    assert main(["generate", "--config", str(config)]) == 0
    built = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--strict", "-f", str(config)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    site = config.parent / "site"
    export = json.loads((site / "meetings.json").read_text(encoding="utf-8"))
    assert len(export["meetings"]) >= 80
    for meeting in export["meetings"]:
        assert (site / meeting["url"] / "index.html").exists(), meeting["url"]
    dead = [
        f"{page.relative_to(site)}: {href}"
        for page in site.rglob("*.html")
        for href in re.findall(r'\s(?:href|src)="([^"]*)"', page.read_text("utf-8"))
        if (target := resolve(site, page, unescape(href))) is not None and not target.exists()
    ]
    assert dead == []


SAME_TEXT = [
    MEETING,
    "people/minrk/",
    "topics/ovh/",
    "refs/jupyterhub/mybinder.org-deploy/759/",
    "",
    "meetings/",
    "people/",
    "topics/",
    "refs/",
    "actions/",
    "about/",
]


@pytest.mark.parametrize("url", SAME_TEXT, ids=[u or "home" for u in SAME_TEXT])
def test_both_sites_show_the_same_text(demo_sites: dict[str, Path], url: str) -> None:
    """What a reader reads on each page is the same under MkDocs and Zensical (permalink
    signs aside): the note rendered by the minutes extension, the templates' HTML."""
    texts = [
        " ".join(" ".join(article(demo_sites[name], url).text).replace("¶", "").split())
        for name in ("mkdocs", "zensical")
    ]
    assert len(texts[0]) > 100
    assert texts[0] == texts[1]
