"""What a person sees: pages in headless Chromium, search that lands on the item.

Screenshots of the home, a meeting, a person and a topic page at desktop and phone widths
are saved under ``tests/artifacts/`` for a person to look at.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.browser.conftest import screenshot
from tests.conftest import copy_demo

pytestmark = [pytest.mark.browser, pytest.mark.shared]

EXTRA_MEETINGS = {
    "2019-04-04.md": """\
# Team Meeting - April

## Welcome to the Team Meeting

* name / institution / GitHub handle
* Tim Head / Binder / @betatim
* Min / Simula / @minrk
* Sylvain Corlay / QuantStack / @SylvainCorlay

## Quick updates

* Tim: reviewed the federation proposal
* Min: released JupyterHub 1.0 beta

## Agenda items

* Status of the binder deployment [Tim - 5 mins]
    * the new node pool is live
* Kubernetes on OVH, follow-up [Sylvain, 10min]
    * OVH cluster passes the load test
    * https://github.com/jupyterhub/mybinder.org-deploy/issues/759
* Communications plan review [Chris H]
    * discourse categories settled
""",
    "2019-04-18.md": """\
# Team Meeting - April (2)

## Welcome to the Team Meeting

* Tim Head / Binder / @betatim
* Erik Sundell / Sandvik / @consideRatio

## Quick updates

* Erik: helm chart work
* Tim: pass

## Agenda items

* Budget for the cloud credits [Tim]
    * nothing new
* Federation: adding the OVH member to the redirector [Erik - 5 mins]
    * config PR merged
""",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, serve) -> str:
    root = tmp_path_factory.mktemp("browse")
    copy_demo(root)
    for name, text in EXTRA_MEETINGS.items():
        (root / "docs" / "meetings" / name).write_text(text, encoding="utf-8")
    config = load_config(str(root / "mkdocs.yml"), site_url="")
    build(config)
    return serve(Path(config.site_dir))


@pytest.mark.parametrize("width,label", [(1280, "desktop"), (390, "phone")])
@pytest.mark.parametrize(
    "path,name",
    [
        ("", "home"),
        ("meetings/2019-03-21/", "meeting"),
        ("people/betatim/", "person"),
        ("topics/federation/", "topic"),
    ],
)
def test_page_screenshots(page, site: str, path: str, name: str, width: int, label: str) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.is_visible()
    # Nothing overflows the phone width.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{path} is {overflow}px wider than the {label} viewport"
    shot = screenshot(page, f"{name}-{label}")
    assert shot.stat().st_size > 10_000
    assert page.errors == []


def test_meeting_page_shows_header_and_links(page, site: str) -> None:
    page.goto(site + "meetings/2019-03-21/")
    header = page.locator(".minutes-header")
    assert "Thursday 21 March 2019" in header.inner_text()
    page.locator(".minutes-header a", has_text="Erik Sundell").click()
    page.wait_for_url("**/people/consideratio/")
    assert "Erik Sundell" in page.locator("h1").inner_text()
    # The person page links every update back to the meeting, at the update.
    page.locator("a", has_text="2019-03-21").first.click()
    page.wait_for_url("**/meetings/2019-03-21/#update-consideratio")
    assert page.locator("#update-consideratio").is_visible()


def test_charts_are_visible_images(page, site: str) -> None:
    page.goto(site)
    charts = page.locator("svg[role=img]")
    assert charts.count() >= 2
    assert charts.first.bounding_box()["width"] > 200
    assert page.locator("svg[role=img] title").first.text_content()


def test_search_lands_on_the_item(page, site: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site)
    page.keyboard.press("/")
    page.keyboard.type("OVH", delay=30)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    dates = ("2019-03-21", "2019-04-04", "2019-04-18")
    # Material lists results as they are ranked: read them once all three have come (or
    # the time is up, and the assertion below names the one missing).
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            """dates => {
                const list = document.querySelector('.md-search-result');
                return list && dates.every(date => list.innerText.includes(date));
            }""",
            arg=list(dates),
            timeout=15_000,
        )
    text = page.locator(".md-search-result").inner_text()
    for date in dates:
        assert date in text, f"meeting {date} missing from the results"
    link = page.locator(
        ".md-search-result__link[href*='2019-04-04/'][href$='#kubernetes-on-ovh-follow-up']"
    ).first
    link.click()
    page.wait_for_url("**/2019-04-04/**#kubernetes-on-ovh-follow-up")
    item = page.locator("#kubernetes-on-ovh-follow-up")
    page.wait_for_timeout(300)
    box = item.bounding_box()
    assert box is not None and 0 <= box["y"] < 900, "the page did not scroll to the item"
    assert page.evaluate("window.scrollY") > 100


@pytest.mark.parametrize("path,name", [("", "home"), ("meetings/2019-03-21/", "meeting")])
def test_dark_mode(browser, site: str, path: str, name: str) -> None:
    context = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background != "rgb(255, 255, 255)"
        if name == "home":
            # Chart bars follow the palette: not the page's background colour.
            fill = page.evaluate(
                "getComputedStyle(document.querySelector('svg[role=img] rect.bar,"
                " svg[role=img] path, svg[role=img] rect')).fill"
            )
            assert fill and fill != background
        screenshot(page, f"{name}-dark")
    finally:
        context.close()
