"""The search page (search/) in headless Chromium: state in the URL, filters, sort, keys.

A small archive of two series over two years, built with blocks of two meetings (so a
date sort crosses merged Pagefind bundles), then the demo and the shared corpus. What a
result is about is checked against the build's own export (``meetings.json``): a series
filter leaves only that series, a person filter only the meetings they attended, newest
first is by date.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.browser.conftest import screenshot
from tests.conftest import CORPUS, copy_demo, copy_tree, write_site

pytestmark = pytest.mark.browser


def note(
    date: str, people: list[str], *, item: str = "", update: str = "", action: str = ""
) -> str:
    """A meeting: roll call, an update, an agenda item, an action; OVH where asked."""
    roll = "".join(f"* {name} / @{handle}\n" for name, handle in people)
    return (
        f"# Team meeting\n\nDate: {date}\n\n## Attendees\n\n{roll}\n"
        f"## Quick updates\n\n* {people[0][0].split()[0]}: {update or 'reviewed pull requests'}\n\n"
        f"## Agenda\n\n* {item or 'Release planning'} [{people[0][0].split()[0]}]\n"
        "    * notes on the release\n\n"
        f"## Action items\n\n- [ ] {action or 'write the release notes'}\n"
    )


MIN = ("Min Ragan-Kelley", "minrk")
TIM = ("Tim Head", "betatim")
ADA = ("Ada Lovelace", "adalovelace")

NOTES = {
    "community/2019-03-21.md": note("2019-03-21", [MIN, TIM], item="OVH kubernetes offer"),
    "community/2019-06-13.md": note("2019-06-13", [TIM, ADA], item="OVH follow-up"),
    "community/2019-11-07.md": note("2019-11-07", [ADA, MIN], update="talked to OVH"),
    "infra/2019-05-02.md": note("2019-05-02", [MIN], item="OVH cluster costs"),
    "infra/2020-02-06.md": note("2020-02-06", [TIM], action="ask OVH for credits"),
    "community/2020-04-16.md": note("2020-04-16", [MIN, ADA], item="OVH in 2020"),
    **{
        f"infra/2021-{month:02d}-04.md": note(f"2021-{month:02d}-04", [ADA], item="Budget")
        for month in range(1, 13)
    },
}


def _build(root: Path, notes: dict, options: str = "", site_url: str | None = None) -> Path:
    config_file = write_site(root, notes, plugin_options=options)
    config = (
        load_config(str(config_file))
        if site_url is None
        else load_config(str(config_file), site_url=site_url)
    )
    build(config)
    return Path(config.site_dir)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, serve) -> tuple[str, dict]:
    """The small archive, served; and its export (url -> meeting)."""
    from mkdocs_minutes.search import shards

    saved = shards.MIN_BLOCK
    shards.MIN_BLOCK = 2
    try:
        site = _build(tmp_path_factory.mktemp("search-page"), NOTES)
    finally:
        shards.MIN_BLOCK = saved
    manifest = json.loads((site / "pagefind" / "minutes.json").read_text(encoding="utf-8"))
    assert len(manifest["blocks"]) > 3, "the sort must cross bundles"
    return serve(site), _export(site)


def _export(site: Path) -> dict[str, dict]:
    data = json.loads((site / "meetings.json").read_text(encoding="utf-8"))
    return {m["url"]: m for m in data["meetings"]}


def _open(page, url: str, width: int = 1280):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    _settled(page)
    return page


def _settled(page) -> None:
    """Wait until the page's search has drawn its results (its list says so)."""
    page.wait_for_function(
        "() => document.querySelector('[data-minutes-results]')"
        ".getAttribute('data-minutes-search') === 'done'",
        timeout=15_000,
    )


def _more(page, until_all: bool = False) -> None:
    """Press "More results" (again and again with ``until_all``) and wait for the results."""
    button = page.get_by_role("button", name="More results")
    while button.is_visible():
        button.click()
        _settled(page)
        if not until_all:
            break


def _results(page, base: str) -> list[dict]:
    """Each result: its meeting's URL (site-relative) and the hrefs of its other links."""
    found = []
    for item in page.locator("[data-minutes-results] > li").all():
        links = [a.get_attribute("href") for a in item.locator("a").all()]
        found.append(
            {
                "url": urlparse(links[0]).path.removeprefix(urlparse(base).path),
                "links": links[1:],
                "first": links[0],
            }
        )
    return found


def _state(page) -> dict:
    return page.evaluate(
        """() => {
        const f = document.querySelector('[data-minutes-search]');
        const v = (n) => f.elements.namedItem(n) ? f.elements.namedItem(n).value : null;
        return {q: v('q'), series: v('series'), person: v('person'), year: v('year'),
                kind: v('kind'), sort: v('sort')};
    }"""
    )


def test_the_url_restores_query_filters_and_sort(page, archive) -> None:
    base, _ = archive
    url = base + "search/?q=OVH&series=community&person=minrk&year=2019&kind=item&sort=newest"
    _open(page, url)
    assert _state(page) == {
        "q": "OVH",
        "series": "community",
        "person": "minrk",
        "year": "2019",
        "kind": "item",
        "sort": "newest",
    }
    found = _results(page, base)
    # OVH in an agenda item of a 2019 community meeting Min attended: only 21 March
    # (in November Min was there, but OVH was in an update).
    assert [r["url"] for r in found] == ["meetings/community/2019-03-21/"]
    assert [urlparse(link).fragment for link in found[0]["links"]] == ["ovh-kubernetes-offer"]
    # The address still holds the state, for a blog post or an issue to link.
    assert parse_qs(urlparse(page.url).query) == {
        "q": ["OVH"],
        "series": ["community"],
        "person": ["minrk"],
        "year": ["2019"],
        "kind": ["item"],
        "sort": ["newest"],
    }
    # Material read ?q= too: its search overlay stays shut and the focus stays put.
    assert not page.evaluate("document.querySelector('[data-md-toggle=search]').checked")
    assert page.evaluate("!document.activeElement.classList.contains('md-search__input')")
    assert page.evaluate("document.querySelector('.md-search__input').value") == ""
    assert page.errors == []


def test_unknown_values_are_ignored(page, archive) -> None:
    base, _ = archive
    _open(page, base + "search/?q=OVH&series=nope&person=nobody&year=1900&kind=all&sort=up")
    assert _state(page) == {
        "q": "OVH",
        "series": "",
        "person": "",
        "year": "",
        "kind": "meeting",
        "sort": "relevance",
    }
    assert len(_results(page, base)) == 6
    assert page.errors == []


@pytest.mark.parametrize("series", ["community", "infra"])
def test_a_series_filter_leaves_only_that_series(page, archive, series: str) -> None:
    base, meetings = archive
    _open(page, base + "search/?q=OVH")
    page.select_option("[data-minutes-filter=series]", series)
    page.wait_for_function("() => /series=/.test(location.search)")
    _settled(page)
    found = _results(page, base)
    expected = {u for u, m in meetings.items() if m["series"] == series and "2021" not in u}
    assert {r["url"] for r in found} == expected
    assert all(meetings[r["url"]]["series"] == series for r in found)
    option = page.locator(f"[data-minutes-filter=series] option[value={series}]").inner_text()
    assert option.endswith(f"({len(expected)})"), option


@pytest.mark.parametrize("order", ["newest", "oldest"])
def test_sorting_orders_results_by_date(page, archive, order: str) -> None:
    base, meetings = archive
    _open(page, base + f"search/?q=release&sort={order}")
    _more(page)
    dates = [meetings[r["url"]]["date"] for r in _results(page, base)]
    assert len(dates) == len(meetings)
    assert dates == sorted(dates, reverse=order == "newest")


def test_a_person_filter_leaves_only_meetings_they_attended(page, archive) -> None:
    base, meetings = archive
    _open(page, base + "search/?q=OVH&person=minrk")
    found = {r["url"] for r in _results(page, base)}
    attended = {
        url
        for url, m in meetings.items()
        if any(a["person"] == "minrk" and a["present"] for a in m["attendees"])
    }
    assert found == attended  # every meeting Min attended mentions OVH
    assert len(found) == 4


@pytest.mark.parametrize(
    "kind,expected",
    [
        ("update", {"meetings/community/2019-11-07/": "update-adalovelace"}),
        ("action", {"meetings/infra/2020-02-06/": "action-ask-ovh-for-credits"}),
    ],
)
def test_a_kind_filter_finds_the_updates_or_actions(page, archive, kind, expected) -> None:
    base, _ = archive
    _open(page, base + f"search/?q=OVH&kind={kind}")
    found = _results(page, base)
    assert {r["url"]: urlparse(r["links"][0]).fragment for r in found} == expected
    counts = page.locator("[data-minutes-filter=kind]").inner_text()
    assert "Agenda items (4)" in counts and "Updates (1)" in counts
    assert "Actions (1)" in counts and "Meetings (6)" in counts


def test_ten_results_then_more(page, archive) -> None:
    base, meetings = archive
    _open(page, base + "search/?q=release")
    assert len(_results(page, base)) == 10
    assert str(len(meetings)) in page.locator("[data-minutes-status]").inner_text()
    _more(page)
    assert len(_results(page, base)) == len(meetings)
    assert page.get_by_role("button", name="More results").is_hidden()


def test_each_result_opens_its_meeting_then_its_items(page, archive) -> None:
    base, meetings = archive
    _open(page, base + "search/?q=OVH")
    for result in _results(page, base):
        assert result["url"] in meetings
        assert result["links"], result
        for link in result["links"]:
            assert link.startswith(result["first"] + "#"), link
    page.locator("[data-minutes-results] > li a").nth(1).click()
    page.wait_for_url("**/meetings/**#*")
    anchor = urlparse(page.url).fragment
    assert page.locator(f"[id='{anchor}']").count() == 1


def test_keyboard_only(page, archive) -> None:
    base, _ = archive
    _open(page, base + "search/")
    for _ in range(40):  # from the top of the page to the query box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "minutes-q":
            break
    else:
        raise AssertionError("Tab never reaches the query box")
    page.keyboard.type("OVH")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('[data-minutes-results] > li').length")
    _settled(page)
    page.keyboard.press("Tab")  # the button
    page.keyboard.press("Tab")  # the series
    assert page.evaluate("document.activeElement.name") == "series"
    page.keyboard.press("ArrowDown")  # the first series: community
    page.wait_for_function("() => /series=community/.test(location.search)")
    _settled(page)
    for _ in range(10):  # person, year, kind, sort, then the results
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('minutes-search__title')"):
            break
    else:
        raise AssertionError("Tab never reaches the first result")
    page.keyboard.press("Enter")
    page.wait_for_url("**/meetings/community/**")
    assert page.errors == []


def test_materials_box_links_to_the_page_with_the_same_words(page, archive) -> None:
    base, _ = archive
    page.goto(base)
    page.keyboard.press("/")
    page.keyboard.type("OVH", delay=40)
    link = page.locator("a.minutes-search-page")
    link.wait_for(timeout=15_000)
    assert link.get_attribute("href") == base + "search/?q=OVH"
    link.click()
    page.wait_for_url("**/search/?q=OVH")
    page.locator("[data-minutes-results] > li").first.wait_for()
    assert page.evaluate("document.querySelector('#minutes-q').value") == "OVH"


def test_a_filter_alone_lists_meetings_newest_first(page, archive) -> None:
    base, meetings = archive
    _open(page, base + "search/?person=adalovelace")
    _more(page)
    dates = [meetings[r["url"]]["date"] for r in _results(page, base)]
    assert len(dates) == 15 and dates == sorted(dates, reverse=True)


def test_it_works_under_a_sub_path(tmp_path: Path, page, serve) -> None:
    site = _build(tmp_path / "archive", NOTES, site_url="https://example.org/team/minutes/")
    root = tmp_path / "host"
    (root / "team").mkdir(parents=True)
    shutil.copytree(site, root / "team" / "minutes")
    base = serve(root) + "team/minutes/"
    _open(page, base + "search/?q=OVH&series=infra")
    found = _results(page, base)
    assert {r["url"] for r in found} == {"meetings/infra/2019-05-02/", "meetings/infra/2020-02-06/"}
    assert all(r["first"].startswith(base) for r in found)
    page.locator("[data-minutes-results] a").first.click()
    page.wait_for_url(base + "meetings/infra/**")
    assert page.errors == []


# -- the demo archive and the shared corpus ---------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, serve) -> str:
    root = tmp_path_factory.mktemp("demo-search")
    config = load_config(str(copy_demo(root)), site_url="")
    build(config)
    return serve(Path(config.site_dir))


@pytest.mark.parametrize(
    "query,expected",
    [
        ("q=OVH", ["meetings/2019-03-21/"]),
        ("q=OVH&person=betatim", ["meetings/2019-03-21/"]),
        ("q=OVH&person=minrk", []),  # Min sent regrets: he did not attend
        ("q=OVH&kind=update&sort=oldest", ["meetings/2019-03-21/"]),
        ("q=OVH&year=2018", ["meetings/2019-03-21/"]),  # no such year: ignored
    ],
)
def test_the_demo(page, demo: str, query: str, expected: list[str]) -> None:
    _open(page, demo + "search/?" + query)
    assert [r["url"] for r in _results(page, demo)] == expected
    assert page.errors == []


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, serve) -> tuple[str, dict]:
    root = tmp_path_factory.mktemp("corpus-search")
    config_file = write_site(root, {})
    copy_tree(CORPUS / "geojupyter", root / "docs" / "meetings")
    config = load_config(str(config_file))
    build(config)
    site = Path(config.site_dir)
    return serve(site), _export(site)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots(browser, demo: str, scheme: str, width: int) -> None:
    """Light and dark, desktop and phone, in the demo's palettes (kept as artifacts; the
    docs show reviewed ones, docs/assets/search-page-*.png)."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(demo + "search/?q=OVH&sort=newest")
    page.locator("[data-minutes-results] > li").first.wait_for()
    page.wait_for_timeout(300)
    palette = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == palette
    assert screenshot(page, f"search-page-{scheme}-{width}").stat().st_size > 10_000
    context.close()


@pytest.mark.shared
def test_the_corpus_series_filter(page, corpus) -> None:
    base, meetings = corpus
    series = "jupytergis-sync"
    _open(page, base + f"search/?q=jupytergis&series={series}")
    _more(page)
    found = _results(page, base)
    assert len(found) > 10
    assert all(meetings[r["url"]]["series"] == series for r in found)


@pytest.mark.shared
def test_the_corpus_newest_first(page, corpus) -> None:
    base, meetings = corpus
    _open(page, base + "search/?q=jupytergis&sort=newest")
    dates = [meetings[r["url"]]["date"] for r in _results(page, base)]
    assert len(dates) == 10 and dates == sorted(dates, reverse=True)
    newest = max(m["date"] for m in meetings.values() if "jupytergis" in json.dumps(m).lower())
    assert dates[0] == newest


@pytest.mark.shared
def test_the_corpus_person_filter(page, corpus) -> None:
    base, meetings = corpus
    counts: dict[str, int] = {}
    for meeting in meetings.values():
        for attendee in meeting["attendees"]:
            if attendee["present"]:
                counts[attendee["person"]] = counts.get(attendee["person"], 0) + 1
    person = max(counts, key=lambda p: (counts[p], p))
    _open(page, base + f"search/?person={person}")
    _more(page, until_all=True)
    found = {r["url"] for r in _results(page, base)}
    attended = {
        url
        for url, m in meetings.items()
        if any(a["person"] == person and a["present"] for a in m["attendees"])
    }
    assert found == attended and len(found) == counts[person]
