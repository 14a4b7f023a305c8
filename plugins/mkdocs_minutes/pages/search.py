"""The search page (``search/``): a query, filters with counts, a sort order, the results.

The page is drawn by ``minutes/search.html``; its choices (every series, every person who
attended a meeting, every year, the kinds of result and the sort orders) are written into
the page with the archive's counts, and its script (``assets/minutes/search-page.js``,
linked by the page itself) reads the state from the URL, searches the Pagefind bundles and
replaces the counts with those of the results. The plugin adds the page when Pagefind is
the search engine; ``minutes index`` adds it to a site built without the plugin. No MkDocs
import.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ..archive import Archive
from .links import HtmlLinks, url_of
from .markup import front_matter
from .paths import SEARCH_PAGE, series_of
from .render import PageRenderer
from .templates import environment

KINDS = (
    ("meeting", "Meetings"),
    ("item", "Agenda items"),
    ("update", "Updates"),
    ("action", "Actions"),
)
"""The ``kind`` filter's values and labels: a meeting matches anywhere; the others only
where the words are in one of its agenda items, updates or actions."""

SORTS = (("relevance", "Relevance"), ("newest", "Newest first"), ("oldest", "Oldest first"))


def search_context(archive: Archive) -> dict:
    """The template's choices: series, people and years, each with its meeting count."""
    series: Counter[str] = Counter()
    names: dict[str, str] = {}
    years: Counter[str] = Counter()
    for meeting in archive.meetings:
        segment = series_of(meeting.id)
        if segment:
            series[segment] += 1
            names[segment] = meeting.series or segment
        years[str(meeting.date.year)] += 1
    # Everyone the archive knows, even who attended none (``?person=`` then finds nothing,
    # which is the answer; only a value that is nobody is ignored).
    people = [
        {
            "value": person_id,
            "name": person.name,
            "count": len(archive.person_history(person_id).attended),
        }
        for person_id, person in archive.people.items()
    ]
    people.sort(key=lambda entry: (entry["name"].lower(), entry["value"]))
    return {
        "total": len(archive.meetings),
        "series": [
            {"value": value, "name": names[value], "count": series[value]}
            for value in sorted(series, key=lambda value: names[value].lower())
        ],
        "people": people,
        "years": [{"value": year, "count": years[year]} for year in sorted(years, reverse=True)],
        "kinds": [{"value": value, "label": label} for value, label in KINDS],
        "sorts": [{"value": value, "label": label} for value, label in SORTS],
    }


def asset_url(page_src: str, asset: str, use_directory_urls: bool = True) -> str:
    """The URL of a site file (``assets/minutes/search-page.js``) from the page at ``src``."""
    base = url_of(page_src, use_directory_urls)
    folder = base if base.endswith("/") else posixpath.dirname(base)
    return posixpath.relpath("/" + asset, "/" + folder.rstrip("/")) if folder else asset


def search_page_html(
    archive: Archive,
    *,
    notes_dir: str,
    template_dirs: Sequence[str | Path] = (),
    use_directory_urls: bool = True,
    src: str = SEARCH_PAGE,
) -> str:
    """The template's HTML for the page at ``src`` (no front matter)."""
    renderer = PageRenderer(
        environment(template_dirs), HtmlLinks(use_directory_urls), {}, notes_dir
    )
    return renderer.html(
        "minutes/search.html",
        src,
        script=asset_url(src, "assets/minutes/search-page.js", use_directory_urls),
        stylesheet=asset_url(src, "assets/minutes/search-page.css", use_directory_urls),
        **search_context(archive),
    )


def search_page(
    archive: Archive,
    *,
    notes_dir: str,
    template_dirs: Sequence[str | Path] = (),
    use_directory_urls: bool = True,
) -> str:
    """The search page's Markdown: out of Material's own index, drawn by its template."""
    renderer = PageRenderer(
        environment(template_dirs), HtmlLinks(use_directory_urls), {}, notes_dir
    )
    meta = {
        "title": "Search",
        "description": "Search the meeting notes by words, series, person, year and kind.",
        "search": {"exclude": True},
    }
    return front_matter(meta) + renderer.markdown(
        "minutes/search.html",
        SEARCH_PAGE,
        script=asset_url(SEARCH_PAGE, "assets/minutes/search-page.js", use_directory_urls),
        stylesheet=asset_url(SEARCH_PAGE, "assets/minutes/search-page.css", use_directory_urls),
        **search_context(archive),
    )
