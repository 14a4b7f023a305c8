"""Nothing runs, nothing escapes (issue 7): a hostile archive, built for real, then scanned.

The hostile note puts script tags, event handlers and ``javascript:``/``data:`` URLs into
every place a note's text reaches: roll-call names and affiliations, update authors,
agenda titles, GitHub link texts, raw HTML blocks, front matter; the registries put them
into a person's name and affiliation and a topic's name and description. Every output
file is then scanned: HTML (and the HTML inside feeds and Material's search index) must
hold no live tag from the payloads, JSON holds the text as data. ``<details>``,
``<summary>``, ``<kbd>``, ``<sub>`` and ``<sup>`` are kept.

Ids made from hostile names (``../../etc``, ``/abs``, ``C:\\x``, ``index``, ``latest``, a
360-character name) give pages at safe URLs inside ``site_dir``; only GitHub-valid
handles become handles.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_minutes.archive.people import MAX_ID_LENGTH
from mkdocs_minutes.plugin.config import MinutesConfig
from tests.conftest import write_site

PWN = "window.__pwned=1"
LONG_NAME = "Verylongname" * 30

HOSTILE_NOTE = f"""\
---
title: Team meeting <script>{PWN}</script> <img src=x onerror="{PWN}">
description: '"><img src=x onerror="{PWN}">'
---
# Team meeting <img src="x" onerror="{PWN}">

## Attendees

* name / institution / GitHub handle
* <b onmouseover="{PWN}">Eve</b> / Org / @eve
* <b onmouseover=alert(1)>Evelyn</b> / <i onclick=alert(1)>Org</i> / @eve2
* Mallory / <img src=x onerror="{PWN}">Evil Corp / @mallory
* ../../etc / Org / @../../etc
* C:\\x / Org
* index / Org
* latest / Org
* {LONG_NAME} / Org
* Kim / Org / @k.doe
* Lee / Org / @-bad
* Moe / Org / @a--b
* Ned / Org / @{"n" * 40}
* Ana / Berkeley / @ana

## Quick updates

* <b onmouseover="{PWN}">Mallory</b>: did [x](javascript:{PWN}) things
* Ana: <a href="JaVaScRiPt:{PWN}">clickmarker</a> and [datamarker](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
* Eve: <img src=x onerror=alert(1)> ![i](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) [e](&#106;avascript:alert(1))
* Mallory<script>alert(1)</script>: <svg/onload=alert(1)> more
* Kim: <a href=" javascript:alert(1)">spacedmarker</a> <img src="x" onerror="alert(1)" alt="kimimg">

## Agenda items

* <img src=x onerror="{PWN}"> Federation "quotes" & <svg onload="{PWN}"> [Eve - 5 min]
    * <iframe src="javascript:{PWN}"></iframe> <iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>
    * see [<img src=x onerror="{PWN}">](https://github.com/o/r/issues/5)
    * <details><summary>Inline summary</summary>hidden <kbd>Ctrl</kbd></details>
* [Click <b onmouseover="{PWN}">linkmarker</b>](https://github.com/o/r/pull/7) [Mallory]
* Fed ../../etc [Ana]
* <b onmouseover=alert(1)>alerttitlemarker</b> [<b onmouseover=alert(1)>Ana</b>]
* <a href="data:text/html,<script>alert(1)</script>">datalinkmarker</a> <object data="javascript:{PWN}"></object>
* [<svg onload="{PWN}">](https://github.com/o/r/issues/8) <math><mi xlink:href="javascript:alert(1)">m</mi></math>

<script>{PWN}</script>

<svg onload="{PWN}"></svg>

<details><summary>Block summary</summary>

Kept <kbd>Ctrl</kbd>+<kbd>C</kbd> <sub>submarker</sub> <sup>supmarker</sup>

</details>

<div onclick="{PWN}" style="background:url(javascript:alert(1))">divmarker</div>

<form action="javascript:{PWN}"><button formaction="javascript:{PWN}">b</button></form>
"""

NOTES: dict[str, str] = {
    "2024-05-02.md": HOSTILE_NOTE,
    # Ids from hostile front matter: series and slug that try to leave the folder.
    "evil/2024-05-03.md": "---\nseries: ../../etc\nslug: ../../../x\n---\n# Series escape\n",
    "2024-05-04.md": "---\nseries: /abs\n---\n# Absolute series\n",
    "2024-05-05.md": "---\nseries: 'C:\\x'\n---\n# Drive series\n",
    "2024-05-06.md": "---\nseries: index\n---\n# Index series\n",
    "2024-05-07.md": "---\nseries: latest\nslug: index\n---\n# Latest series\n",
    "2024-05-08.md": f"---\nseries: {'s' * 300}\n---\n# Long series\n",
    # An ordinary page (no date) whose own front matter is hostile.
    "notes/readme.md": (
        f'---\ntitle: Readme <img src=x onerror="{PWN}">\n'
        f"author: '\"><script>{PWN}</script>'\n---\nordinarymarker\n"
    ),
}

PEOPLE = f"""\
- handle: eve
  name: Eve <img src=x onerror="{PWN}">
  affiliation: <script>{PWN}</script>
- name: <svg onload="{PWN}">Zed</svg>
"""

TOPICS = f"""\
- id: federation
  name: Federation <img src=x onerror="{PWN}">
  description: '<script>{PWN}</script> "desc"'
  match: [federation]
- name: ../../etc
  match: [etc]
- name: index
  match: [quotes]
- name: latest
  match: [linkmarker]
"""

#: Output folders that hold the theme's and Pagefind's own code, not note-derived text.
THIRD_PARTY = (("assets", "javascripts"), ("assets", "stylesheets"), ("assets", "images"))


def build_hostile_site(root: Path, *, plugin_options: str = "", site_url: str | None = None):
    """Write and build the hostile archive under ``root``; return the built config."""
    (root / "people.yml").write_text(PEOPLE, encoding="utf-8")
    (root / "topics.yml").write_text(TOPICS, encoding="utf-8")
    config_file = write_site(
        root,
        NOTES,
        plugin_options="people: people.yml\ntopics: topics.yml\n" + plugin_options,
    )
    overrides = {} if site_url is None else {"site_url": site_url}
    config = load_config(str(config_file), **overrides)
    build(config)
    return config


ENGINES = ["default"]
if "search_engine" in dict(MinutesConfig._schema):
    ENGINES.append("lunr")


@pytest.fixture(scope="module", params=ENGINES)
def hostile(request, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(root, site_dir) of the built hostile archive, with the default search and lunr."""
    root = tmp_path_factory.mktemp(f"hostile-{request.param}")
    options = "search_engine: lunr\n" if request.param == "lunr" else ""
    config = build_hostile_site(root, plugin_options=options)
    return root, Path(config.site_dir)


# --- the scanner -------------------------------------------------------------------------

_UNSAFE_URL = re.compile(r"^(?:javascript|vbscript|data):", re.IGNORECASE)
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcdoc"}
_CONTROL = re.compile(r"[\x00-\x20]")
_EMBEDDING = {"iframe", "object", "embed", "frame", "frameset", "base", "math"}


class LiveTagScanner(HTMLParser):
    """Every live danger in an HTML document, as ``<tag attr>`` descriptions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.script: list[str] | None = None
        self.tags: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in _URL_ATTRIBUTES:
                self.urls.append(value)
            if name in _URL_ATTRIBUTES and _UNSAFE_URL.match(_CONTROL.sub("", value)):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and "javascript" in value.lower():
                self.problems.append(f"<{tag} style={value!r}>")
            if name == "data-minutes-trust":
                self.problems.append(f"<{tag}> leaks the plugin's trust token")
        if tag in _EMBEDDING:
            self.problems.append(f"<{tag}> embeds content")
        # Forms: Material's search box and the search page's own (search/), nothing else.
        if tag == "form" and dict(attrs).get("class") not in ("md-search__form", "minutes-search"):
            self.problems.append(f"<{tag} {attrs}>")
        if tag == "script":
            self.script = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            code = "".join(self.script)
            if "pwned" in code or "alert(" in code:
                self.problems.append(f"<script>{code[:60]}</script>")
            self.script = None

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script.append(data)


def live_dangers(markup: str) -> list[str]:
    """What would run if ``markup`` were inserted into a page as HTML."""
    scanner = LiveTagScanner()
    scanner.feed(markup)
    scanner.close()
    return scanner.problems


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def output_files(site: Path) -> Iterator[tuple[Path, str]]:
    """Every text file of the site except the theme's own code, with its text."""
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).parts
        if not path.is_file() or any(relative[: len(p)] == p for p in THIRD_PARTY):
            continue
        try:
            yield path, path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # compressed (sitemap.xml.gz, Pagefind's index chunks)


def test_scanner_sees_live_payloads() -> None:
    """The scanner itself: it finds each payload when it is live, and not when escaped."""
    for payload in (
        f'<img src=x onerror="{PWN}">',
        f"<script>{PWN}</script>",
        '<a href=" JaVaScRiPt:alert(1)">x</a>',
        "<a href='data:text/html,x'>x</a>",
        "<iframe src=x></iframe>",
        f'<svg onload="{PWN}">',
        f'<p data-minutes-trust="abc">{PWN}</p>',
    ):
        assert live_dangers(payload), payload
        assert live_dangers(html.escape(payload)) == [], payload


def test_no_output_file_holds_a_live_payload(hostile: tuple[Path, Path]) -> None:
    _, site = hostile
    problems: list[str] = []
    kinds = set()
    for path, text in output_files(site):
        where = path.relative_to(site).as_posix()
        kinds.add(path.suffix)
        if path.suffix == ".html":
            problems += [f"{where}: {p}" for p in live_dangers(text)]
        elif path.suffix == ".xml" and path.name.startswith("feed"):
            channel = ET.fromstring(text)
            # RSS descriptions are HTML to a feed reader; titles and categories are text.
            for node in channel.iter("description"):
                problems += [f"{where}: {p}" for p in live_dangers(node.text or "")]
        elif path.suffix == ".json" and path.name == "search_index.json":
            # Material's search shows titles and texts as HTML.
            for value in _strings(json.loads(text)):
                problems += [f"{where}: {p}" for p in live_dangers(value)]
        elif path.suffix == ".json":
            json.loads(text)  # data: the text as written is fine, it is never HTML
        elif path.suffix in (".js", ".css"):
            assert "pwned" not in text and "alert(" not in text, where
    assert {".html", ".json", ".xml"} <= kinds
    assert problems == []


def test_payload_text_is_shown_not_dropped(hostile: tuple[Path, Path]) -> None:
    """Escaping keeps the text: names and titles read as written, as text."""
    _, site = hostile
    person = (site / "people" / "eve" / "index.html").read_text(encoding="utf-8")
    assert f"Eve &lt;img src=x onerror=&quot;{PWN}&quot;&gt;" in person  # <title>, header
    topic = (site / "topics" / "federation" / "index.html").read_text(encoding="utf-8")
    assert "Federation &lt;img src=x" in topic
    meeting = (site / "meetings" / "2024-05-02" / "index.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", meeting))
    for marker in (
        "clickmarker",
        "datamarker",
        "spacedmarker",
        "linkmarker",
        "datalinkmarker",
        "divmarker",
        "alerttitlemarker",
        "Evelyn",
        "submarker",
        "supmarker",
        "Evil Corp",
        'Federation "quotes"',
    ):
        assert marker in text, marker
    readme = (site / "meetings" / "notes" / "readme" / "index.html").read_text(encoding="utf-8")
    assert "ordinarymarker" in readme and "Readme &lt;img" in readme


def test_harmless_tags_are_kept(hostile: tuple[Path, Path]) -> None:
    _, site = hostile
    meeting = (site / "meetings" / "2024-05-02" / "index.html").read_text(encoding="utf-8")
    scanner = LiveTagScanner()
    scanner.feed(meeting)
    for tag in ("details", "summary", "kbd", "sub", "sup"):
        assert tag in scanner.tags, tag
    assert "<summary>Block summary</summary>" in meeting
    assert "<kbd>Ctrl</kbd>+<kbd>C</kbd>" in meeting
    assert "<summary>Inline summary</summary>" in meeting


def test_unsafe_links_lose_their_target(hostile: tuple[Path, Path]) -> None:
    _, site = hostile
    meeting = (site / "meetings" / "2024-05-02" / "index.html").read_text(encoding="utf-8")
    scanner = LiveTagScanner()
    scanner.feed(meeting)
    assert len(scanner.urls) > 20
    for url in scanner.urls:
        assert not _UNSAFE_URL.match(_CONTROL.sub("", url)), url
    # A safe link next to them is still a link.
    assert "https://github.com/o/r/pull/7" in scanner.urls


def test_export_and_feeds_hold_the_text_as_data(hostile: tuple[Path, Path]) -> None:
    _, site = hostile
    export = json.loads((site / "meetings.json").read_text(encoding="utf-8"))
    meeting = next(m for m in export["meetings"] if m["id"] == "2024-05-02")
    names = {a["person"]: a for a in meeting["attendees"]}
    assert "onmouseover" in names["eve"]["name"] and "Eve" in names["eve"]["name"]
    assert "<img src=x onerror=" in names["mallory"]["affiliation"]
    assert meeting["items"][0]["title"].startswith("<img src=x onerror=")
    topics = {t["id"]: t for t in export["topics"]}
    assert topics["federation"]["name"] == f'Federation <img src=x onerror="{PWN}">'
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    item = next(i for i in feed["items"] if i["id"] == "2024-05-02")
    assert "<script>" in item["title"]  # JSON Feed titles are plain text
    assert "content_html" not in item or not live_dangers(item["content_html"])


# --- ids and paths -------------------------------------------------------------------------


def test_every_output_stays_inside_site_dir(hostile: tuple[Path, Path]) -> None:
    root, site = hostile
    assert sorted(p.name for p in root.iterdir()) == [
        ".cache",
        "docs",
        "mkdocs.yml",
        "people.yml",
        "site",
        "topics.yml",
    ]
    cache = (root / ".cache" / "minutes").resolve()
    for path in (root / ".cache").rglob("*"):
        assert path.resolve().is_relative_to(cache), path
    resolved = site.resolve()
    for path in site.rglob("*"):
        assert path.resolve().is_relative_to(resolved), path
        assert not path.is_symlink(), path
        assert len(path.name.encode()) <= 255
    # No page was written where a hostile id pointed.
    for escaped in ("etc", "abs", "x"):
        assert not (root / escaped).exists() and not (site.parent.parent / escaped).exists()


SAFE_PAGES = [
    # person ids from names
    "people/etc/index.html",
    "people/c-x/index.html",
    "people/index-person/index.html",
    "people/latest-person/index.html",
    # topic ids from names
    "topics/etc/index.html",
    "topics/index-topic/index.html",
    "topics/latest-topic/index.html",
    # meeting ids from hostile series and slugs
    "meetings/etc/2024-05-03-x/index.html",
    "meetings/abs/2024-05-04/index.html",
    "meetings/cx/2024-05-05/index.html",
    "meetings/index-series/2024-05-06/index.html",
    "meetings/latest-series/2024-05-07-index/index.html",
]


@pytest.mark.parametrize("page", SAFE_PAGES)
def test_hostile_ids_get_safe_pages(hostile: tuple[Path, Path], page: str) -> None:
    _, site = hostile
    assert (site / page).is_file()


def test_reserved_pages_are_not_shadowed(hostile: tuple[Path, Path]) -> None:
    _, site = hostile
    people = (site / "people" / "index.html").read_text(encoding="utf-8")
    assert "people appear in the notes" in people
    topics = (site / "topics" / "index.html").read_text(encoding="utf-8")
    assert "Federation &lt;img" in topics
    latest = (site / "meetings" / "latest" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in latest


def test_long_names_give_short_ids(hostile: tuple[Path, Path]) -> None:
    _, site = hostile
    export = json.loads((site / "meetings.json").read_text(encoding="utf-8"))
    ids = [p["id"] for p in export["people"]] + [m["id"] for m in export["meetings"]]
    ids += [t["id"] for t in export["topics"]]
    assert max(len(part) for i in ids for part in i.split("/")) <= MAX_ID_LENGTH
    long_person = next(p for p in export["people"] if p["name"] == LONG_NAME)
    assert (site / long_person["url"] / "index.html").is_file()
    long_meeting = next(m for m in export["meetings"] if m["date"] == "2024-05-08")
    assert (site / long_meeting["url"] / "index.html").is_file()


def test_only_github_handles_are_handles(hostile: tuple[Path, Path]) -> None:
    _, site = hostile
    export = json.loads((site / "meetings.json").read_text(encoding="utf-8"))
    meeting = next(m for m in export["meetings"] if m["id"] == "2024-05-02")
    handles = {a["name"]: a["handle"] for a in meeting["attendees"]}
    for name in ("../../etc", "Kim", "Lee", "Moe", "Ned"):
        assert handles[name] is None, name
    assert handles["Ana"] == "ana"
    people_handles = {p["handle"] for p in export["people"]}
    assert people_handles == {"ana", "eve", "eve2", "mallory", None}
    page = (site / "meetings" / "2024-05-02" / "index.html").read_text(encoding="utf-8")
    for bad in ("k.doe", "-bad", "a--b", "n" * 40, "../../etc"):
        assert f"github.com/{bad}" not in page, bad
