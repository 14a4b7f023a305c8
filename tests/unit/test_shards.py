"""How the search index is cut into bundles: blocks of dates, stable under serve."""

from __future__ import annotations

import datetime as dt

import pytest

from mkdocs_minutes.search.pagefind import manifest
from mkdocs_minutes.search.shards import (
    block_size,
    plan_blocks,
    plan_shards,
    recent_size,
)


def dates(count: int, start: dt.date = dt.date(2019, 1, 7)) -> dict[str, str]:
    """``count`` meetings a week apart: URL -> ISO date."""
    found = {}
    for n in range(count):
        day = start + dt.timedelta(weeks=n)
        found[f"meetings/{day.isoformat()}/"] = day.isoformat()
    return found


@pytest.mark.parametrize(
    "meetings,sizes",
    [
        (10, [10]),  # a small archive is one block
        (250, [250]),
        (1000, [250, 250, 250, 200, 50]),  # blocks of 250, and the newest twentieth
        (5000, [1000, 1000, 1000, 1000, 750, 250]),  # a fifth each, and the newest 250
    ],
)
def test_a_fresh_plan(meetings: int, sizes: list[int]) -> None:
    plan = plan_blocks(dates(meetings))
    counts = [list(plan.values()).count(block) for block in sorted(set(plan.values()))]
    assert counts == sizes
    assert block_size(meetings) >= max(sizes[:-1] or sizes)
    if len(sizes) > 1:
        assert sizes[-1] == recent_size(meetings)


def test_blocks_are_ranges_of_dates_in_order() -> None:
    urls = dates(1000)
    plan = plan_blocks(urls)
    order = sorted(urls, key=urls.get)
    assert [plan[url] for url in order] == sorted(plan[url] for url in order)


@pytest.mark.parametrize(
    "change,moved",
    [
        ("add-newest", {"meetings/2099-01-01/": "newest"}),
        ("add-oldest", {"meetings/2000-01-01/": 0}),
        ("remove-one", {}),
    ],
)
def test_under_serve_meetings_keep_their_blocks(change: str, moved: dict) -> None:
    before = dates(1000)
    first = plan_blocks(before)
    after = dict(before)
    if change == "add-newest":
        after["meetings/2099-01-01/"] = "2099-01-01"
    elif change == "add-oldest":
        after["meetings/2000-01-01/"] = "2000-01-01"
    else:
        del after[next(iter(before))]
    second = plan_blocks(after, first)
    assert all(second[url] == first[url] for url in after if url in first)
    newest = max(first.values())
    for url, block in moved.items():
        assert second[url] == (newest if block == "newest" else block)


def test_a_block_grown_past_twice_its_size_starts_a_fresh_plan() -> None:
    first = plan_blocks(dates(300, dt.date(2019, 1, 7)))
    grown = {**dates(300, dt.date(2019, 1, 7)), **dates(600, dt.date(2030, 1, 7))}
    assert plan_blocks(grown, first) == plan_blocks(grown)


def test_the_manifest_lists_blocks_newest_first() -> None:
    urls = dates(1000)
    shards = plan_shards(plan_blocks(urls), urls, ["people/", "about/"], parts=True)
    assert [s.name for s in shards] == [
        "m0", "k0", "m1", "k1", "m2", "k2", "m3", "k3", "m4", "k4", "p",
    ]  # fmt: skip
    listed = manifest(shards)
    assert [b["block"] for b in listed["blocks"]] == ["4", "3", "2", "1", "0"]
    assert listed["blocks"][0]["meetings"] == "m4/" and listed["blocks"][0]["parts"] == "k4/"
    assert listed["blocks"][0]["last"] == max(urls.values())
    assert listed["pages"] == "p/"
