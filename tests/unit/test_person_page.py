"""A person page lists the same meetings in the same order in every build."""

from __future__ import annotations

from mkdocs_minutes.pages.site import build_site_pages

from .test_index import build, meeting, notes, roll


def test_meetings_of_one_day_are_listed_by_id() -> None:
    """Two series meeting on one day: newest first, then by id (not by set order, which
    changes with every Python process)."""
    series = ["alpha", "beta", "gamma", "delta"]
    meetings = [
        meeting(f"{name}/2019-03-21", attendees=roll("Erik Sundell / Sandvik / @consideRatio"))
        for name in series
    ]
    archive = build(*meetings)
    site = build_site_pages(
        archive, notes(*meetings), notes_dir="meetings", existing=set(), site_has_index=False
    )
    page = site.pages["people/consideratio.md"]
    section = page[page.index("## Meetings") :]
    positions = [section.index(f"meetings/{name}/2019-03-21/") for name in series]
    expected = sorted(series, reverse=True)
    assert [name for _, name in sorted(zip(positions, series, strict=True))] == expected
