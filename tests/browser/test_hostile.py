"""A hostile note in a real browser (issue 7): no script runs, no dialog opens.

The archive of ``tests/build/test_escaping.py`` (script tags, event handlers and
``javascript:`` links in names, titles, affiliations, topics and link texts) is built and
served on loopback, then its pages are opened in headless Chromium with a ``dialog``
handler and a ``console`` listener. Every payload would set ``window.__pwned`` or call
``alert``; after hovering, clicking and firing the events inline handlers listen to on
every element, the flag is still undefined and no dialog has opened.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.build.test_escaping import build_hostile_site

pytestmark = pytest.mark.browser

PAGES = [
    "meetings/2024-05-02/",  # the hostile note itself
    "people/eve/",  # hostile roll-call name, registry name and affiliation
    "people/mallory/",  # hostile affiliation, update author
    "topics/federation/",  # hostile topic name and description, hostile item titles
    "refs/o/r/5/",  # hostile GitHub link text as the excerpt
    "",  # the home page: latest meeting, its items, recent topics
    "people/",  # the people index: names and affiliations in a table
    "meetings/notes/readme/",  # an ordinary page with hostile front matter
]

# Fire the events inline handlers listen to on every element; a synthetic Event (not a
# MouseEvent) never follows a link, so the page stays where it is.
FIRE_EVENTS = """
() => {
  const types = ["mouseover", "mouseenter", "mousemove", "click", "focus", "load", "error",
                 "toggle", "animationstart", "pointerover", "input", "change"];
  let count = 0;
  for (const el of document.querySelectorAll("body *")) {
    for (const type of types) { el.dispatchEvent(new Event(type)); }
    count++;
  }
  return count;
}
"""


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory, serve) -> str:
    root = tmp_path_factory.mktemp("hostile-browser")
    config = build_hostile_site(root, site_url="")
    return serve(Path(config.site_dir))


@pytest.fixture
def watched(browser, hostile_url: str):
    """A page that records dialogs and console messages and never leaves loopback."""
    context = browser.new_context()
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(hostile_url) else route.abort()
        ),
    )
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.console = []  # type: ignore[attr-defined]
    page.errors = []  # type: ignore[attr-defined]

    def on_dialog(dialog) -> None:
        page.dialogs.append(f"{dialog.type}: {dialog.message}")  # type: ignore[attr-defined]
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda message: page.console.append(message.text))  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.errors.append(str(error)))  # type: ignore[attr-defined]
    yield page
    context.close()


def _assert_nothing_ran(page) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.dialogs == []
    assert not [m for m in page.console if "pwned" in m or "alert" in m]
    assert not [e for e in page.errors if "pwned" in e or "alert" in e]


def _poke(page) -> None:
    """Hover and click what a reader would, then fire every handler event everywhere."""
    content = page.locator("article")
    clickable = ("a:not([href])", "span:not(a span)", "summary")  # nothing that navigates
    for selector in ("b", "img", *clickable, "li", "td", "div"):
        elements = content.locator(selector)
        for index in range(min(elements.count(), 25)):
            element = elements.nth(index)
            if not element.is_visible():
                continue
            element.hover(timeout=2_000, force=True)
            if selector in clickable:
                element.click(timeout=2_000, force=True, no_wait_after=True)
    assert page.evaluate(FIRE_EVENTS) > 50


@pytest.mark.parametrize("path", PAGES)
def test_hostile_page_runs_nothing(watched, hostile_url: str, path: str) -> None:
    page = watched
    page.goto(hostile_url + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.is_visible()
    _assert_nothing_ran(page)
    _poke(page)
    page.wait_for_timeout(200)
    assert page.url.startswith(hostile_url + path)
    _assert_nothing_ran(page)


def test_hostile_text_is_visible_as_text(watched, hostile_url: str) -> None:
    page = watched
    page.goto(hostile_url + "people/eve/")
    assert 'Eve <img src=x onerror="window.__pwned=1">' in page.locator("h1").inner_text()
    page.goto(hostile_url + "meetings/2024-05-02/")
    body = page.locator("article").inner_text()
    for text in ("clickmarker", "datamarker", "linkmarker", "divmarker", "Block summary"):
        assert text in body, text
    # <details> still opens.
    summary = page.locator("summary", has_text="Block summary")
    summary.click()
    assert page.locator("details", has=summary).get_attribute("open") is not None
    assert "submarker" in page.locator("article").inner_text()
    _assert_nothing_ran(page)


def test_searching_the_payloads_runs_nothing(watched, hostile_url: str) -> None:
    """Search results show titles and excerpts of the hostile pages."""
    page = watched
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(hostile_url)
    page.wait_for_load_state("networkidle")
    results = page.locator(".md-search-result__item")
    for term in ("Federation", "onerror", "pwned", "Eve"):
        page.keyboard.press("/")
        page.keyboard.press("Control+A")
        page.keyboard.type(term, delay=20)
        if term == "Federation":  # in the hostile titles: results must come
            results.first.wait_for(timeout=15_000)
        page.wait_for_timeout(800)
        for index in range(min(results.count(), 5)):
            results.nth(index).hover(timeout=2_000, force=True)
        _assert_nothing_ran(page)


@pytest.mark.parametrize(
    "query", ["q=onerror", "q=pwned&kind=item", "q=Federation&sort=newest", "person=eve"]
)
def test_the_search_page_runs_nothing(watched, hostile_url: str, query: str) -> None:
    """The search page draws titles, item names, excerpts and people's names from notes."""
    page = watched
    page.goto(hostile_url + "search/?" + query)
    page.wait_for_function(
        "() => document.querySelector('[data-minutes-results]')"
        ".getAttribute('data-minutes-search') === 'done'",
        timeout=15_000,
    )
    names = page.locator("[data-minutes-filter=person]").inner_text()
    assert 'Eve <img src=x onerror="window.__pwned=1">' in names
    _poke(page)
    page.wait_for_timeout(200)
    _assert_nothing_ran(page)
