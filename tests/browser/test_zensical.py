"""The Zensical build of the demo in Chromium: Pagefind search lands on the agenda item.

Zensical's theme has its own search box (its own index, ``search.json``), not Material's
markup that the plugin's search script drives, so the test asks Pagefind's API from a page
of the site, as a search script does: load ``pagefind/pagefind.js`` (or, for an index in
several bundles, each ``pagefind/*/pagefind.js``), search, place the first hit on the item
whose anchor comes last before it (the ``minutes_items`` metadata names the items), then
open that URL and check what the reader sees. Screenshots of a meeting page and a person
page are kept under ``tests/artifacts/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

FIND_ITEM = """
async (words) => {
  const root = new URL("../../", location.href);
  const bundles = [];
  for (const path of ["pagefind/"].concat(window.__bundles || [])) {
    try {
      bundles.push(await import(new URL(path + "pagefind.js", root).href));
    } catch (error) { /* a layout without this bundle */ }
  }
  const found = [];
  for (const pagefind of bundles) {
    await pagefind.init();
    const search = await pagefind.search(words);
    for (const result of search.results) {
      const data = await result.data();
      let items = {};
      try { items = JSON.parse((data.meta && data.meta.minutes_items) || "{}"); } catch (e) {}
      const anchors = (data.anchors || [])
        .filter((a) => a.id in items)
        .sort((a, b) => a.location - b.location);
      for (const at of data.locations) {
        const before = anchors.filter((a) => a.location <= at).pop();
        if (before) found.push({ url: data.url, anchor: before.id, title: items[before.id] });
      }
    }
  }
  return found;
}
"""


def _bundles(site: Path) -> list[str]:
    """Site-relative folders of the Pagefind bundles besides ``pagefind/`` itself."""
    return sorted(
        f"{path.parent.relative_to(site).as_posix()}/"
        for path in (site / "pagefind").glob("*/pagefind.js")
    )


def test_a_pagefind_search_for_ovh_lands_on_the_item(demo_sites, serve, page) -> None:
    site = demo_sites["zensical"]
    base = serve(site)
    page.goto(base + "meetings/2019-03-21/")
    page.evaluate(f"window.__bundles = {_bundles(site)!r}")
    hits = page.evaluate(FIND_ITEM, "OVH")
    # Sylvain's update mentions the OVH deployment; the agenda item is about OVH.
    anchors = [hit["anchor"] for hit in hits]
    assert anchors[0] == "update-sylvaincorlay"
    item = next(hit for hit in hits if not hit["anchor"].startswith("update-"))
    assert item["title"].startswith("meeting with OVH")
    for hit in (hits[0], item):
        assert hit["url"].rstrip("/").endswith("meetings/2019-03-21")
        page.goto(base + hit["url"].lstrip("/") + "#" + hit["anchor"])
        target = page.locator(":target")
        assert target.count() == 1
        assert target.evaluate("el => el.tagName") == "LI"
        assert "OVH" in target.inner_text()
        assert target.evaluate("el => el.getBoundingClientRect().top") < 900  # in view
    assert page.errors == []


@pytest.mark.parametrize(
    ("url", "name"),
    [("meetings/2019-03-21/", "zensical-meeting"), ("people/sgibson91/", "zensical-person")],
)
def test_zensical_pages_render(demo_sites, serve, page, url: str, name: str) -> None:
    """The archive's stylesheet applies (the header box is drawn), without script errors."""
    base = serve(demo_sites["zensical"])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + url)
    header = page.locator(".minutes-header")
    assert header.count() == 1
    left = header.evaluate("el => getComputedStyle(el).borderLeftStyle")
    assert left == "solid"
    screenshot(page, name)
    assert page.errors == []
