"""Search in headless Chromium: Material's header box, results that land on the item.

The same steps run against both engines: Pagefind (the default, behind Material's box)
and Material's own lunr search (``search_engine: lunr``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.build.test_search_index import MEETINGS
from tests.conftest import write_site

pytestmark = pytest.mark.browser

HEIGHT = 700

# A long meeting, so that landing on its last item means scrolling.
LONG = {
    "2024-03-06.md": "# Planning Meeting\n\n## Agenda items\n\n"
    + "".join(f"* Topic number {n} [Tim]\n    * discussed at length\n" for n in range(1, 40))
    + "* Zebra crossing outside the office [Ada]\n    * the council agreed\n",
}


def _site(root: Path, serve, options: str = "") -> str:
    config = load_config(
        str(write_site(root, {**MEETINGS, **LONG}, plugin_options=options)), site_url=""
    )
    build(config)
    return serve(Path(config.site_dir))


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory, serve) -> str:
    return _site(tmp_path_factory.mktemp("pagefind"), serve)


@pytest.fixture(scope="module")
def lunr_site(tmp_path_factory: pytest.TempPathFactory, serve) -> str:
    return _site(tmp_path_factory.mktemp("lunr"), serve, "search_engine: lunr")


def _search(page, site: str, key: str, term: str):
    page.set_viewport_size({"width": 1280, "height": HEIGHT})
    page.goto(site)
    page.keyboard.press(key)
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type(term, delay=40)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    # Pagefind's results come block by block: wait for the whole ranking (the list says).
    page.wait_for_function(
        "() => { const r = document.querySelector('[data-md-component=search-result]');"
        " return !r.hasAttribute('data-minutes-search')"
        " || r.getAttribute('data-minutes-search') === 'done'; }",
        timeout=15_000,
    )
    return results


def _assert_on_item(page, anchor: str) -> None:
    page.wait_for_url(f"**#{anchor}")
    page.wait_for_timeout(300)
    box = page.locator(f"#{anchor}").bounding_box()
    assert box is not None and 0 <= box["y"] < HEIGHT, f"#{anchor} is not in view: {box}"


def _arrow_to_item(page) -> str:
    """ArrowDown from the box until a result that opens an item has the focus."""
    for _ in range(4):
        page.keyboard.press("ArrowDown")
        href = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if "#" in href:
            return href
    raise AssertionError("no item result reachable with ArrowDown")


@pytest.mark.parametrize("key", ["/", "s"])
def test_pagefind_keyboard_lands_on_the_item(page, pagefind_site: str, key: str) -> None:
    results = _search(page, pagefind_site, key, "quokka")
    assert results.count() == 2
    assert "2 matching documents" in page.locator(".md-search-result__meta").inner_text()
    # Each result names its meeting (date and title) and the item where the word is.
    first, second = (results.nth(i).inner_text() for i in range(2))
    assert {first.splitlines()[0], second.splitlines()[0]} == {
        "2024-01-10 · Team Meeting",
        "2024-02-07 · Team Meeting",
    }
    assert "Quokka cluster migration" in first + second
    assert "Cluster costs" in first + second
    assert results.first.locator("mark").count() >= 1
    href = _arrow_to_item(page)
    anchor = href.split("#", 1)[1]
    assert anchor in ("quokka-cluster-migration", "cluster-costs"), href
    page.keyboard.press("Enter")
    _assert_on_item(page, anchor)
    assert page.errors == []


def test_pagefind_click_scrolls_to_the_item(page, pagefind_site: str) -> None:
    results = _search(page, pagefind_site, "/", "zebra")
    assert results.first.inner_text().startswith("2024-03-06 · Planning Meeting")
    link = page.locator(".md-search-result__link", has_text="Zebra crossing outside the office")
    assert link.get_attribute("href").endswith("/2024-03-06/#zebra-crossing-outside-the-office")
    link.click()
    _assert_on_item(page, "zebra-crossing-outside-the-office")
    assert page.evaluate("window.scrollY") > 200
    assert page.errors == []


def test_pagefind_update_and_retyping(page, pagefind_site: str) -> None:
    _search(page, pagefind_site, "/", "quokka")
    # Retyping replaces the results; only the last term's results stay.
    page.keyboard.press("Control+A")
    page.keyboard.type("zanzibar", delay=40)
    page.locator(".md-search-result__item", has_text="Update from Tim").wait_for(timeout=10_000)
    page.wait_for_timeout(300)
    text = page.locator(".md-search-result__list").inner_text()
    assert "Quokka" not in text
    assert text.splitlines()[0] == "2024-01-24 · Team Meeting"
    page.keyboard.press("Enter")  # Enter in the box opens the best result: the update
    _assert_on_item(page, "update-betatim")
    assert page.errors == []


def test_pagefind_many_items_fold_like_material(page, pagefind_site: str) -> None:
    results = _search(page, pagefind_site, "/", "topic")
    item = results.filter(has_text="2024-03-06 · Planning Meeting").first
    assert (
        item.locator("details.md-search-result__more summary")
        .inner_text()
        .endswith("more on this page")
    )
    assert item.locator(":scope > a.md-search-result__link").count() == 4  # page + 3 items


def test_pagefind_only_loads_on_search(page, pagefind_site: str) -> None:
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(pagefind_site)
    page.wait_for_load_state("networkidle")
    assert not [url for url in loaded if "/pagefind/" in url], "Pagefind loads before a search"
    assert not [url for url in loaded if "lunr" in url]
    _search(page, pagefind_site, "/", "quokka")
    assert any(url.endswith("/pagefind/minutes.json") for url in loaded)
    assert any(url.endswith("/pagefind/p/pagefind.js") for url in loaded)


def test_lunr_lands_on_the_item(page, lunr_site: str) -> None:
    _search(page, lunr_site, "/", "zebra")
    link = page.locator(
        ".md-search-result__link[href*='2024-03-06/#zebra-crossing-outside-the-office']"
    ).first
    assert "2024-03-06 · Zebra crossing" in link.inner_text()
    link.click()
    _assert_on_item(page, "zebra-crossing-outside-the-office")
    assert page.errors == []


@pytest.mark.parametrize(
    "term,anchor",
    [
        ("unplug", "action-tim-to-unplug-the-old-racks"),  # an action under an item
        ("wombat", "quokka-cluster-migration"),  # the item's note after the action
    ],
)
def test_pagefind_actions_and_the_notes_after_them(page, pagefind_site, term, anchor) -> None:
    _search(page, pagefind_site, "/", term)
    page.locator("[data-md-component=search-result][data-minutes-search=done]").wait_for()
    links = page.locator(".md-search-result__link[href*='#']")
    assert [href.split("#", 1)[1] for href in links.evaluate_all("l => l.map(a => a.href)")] == [
        anchor
    ]
    assert page.errors == []
