"""Tags for every page's ``<head>``: link-card metadata and feed discovery.

A meeting link pasted into a blog or chat shows a card with the meeting's title, summary
and date (OpenGraph); feed readers find the RSS and JSON feeds from any page, and the
narrower feed of the page they are on: a meeting's series, a person, a topic (the page
builders list those in the page's ``minutes_feeds`` metadata, which a theme override
reads under a generator without the plugin, ``examples/zensical/overrides/main.html``).
"""

from __future__ import annotations

import html
import posixpath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from ..pages.markup import attr


def _relative_root(page: Page) -> str:
    """The path from a page's URL back to the site root."""
    url = page.url or ""
    depth = (
        url.count("/")
        if url.endswith("/")
        else posixpath.dirname(url).count("/") + (1 if posixpath.dirname(url) else 0)
    )
    return "../" * depth or "./"


def page_feeds(page: Page) -> list[tuple[str, str]]:
    """(site path, title) of the feeds that follow what a page is about."""
    meta = page.meta or {}
    found: list[tuple[str, str]] = []
    for entry in meta.get("minutes_feeds") or ():
        if isinstance(entry, dict) and entry.get("path"):
            found.append((html.unescape(str(entry["path"])), html.unescape(str(entry["title"]))))
    return found


def head_tags(page: Page, config: MkDocsConfig, *, feeds: bool) -> str:
    """OpenGraph tags for every page, article date for meetings, and feed links."""
    root = _relative_root(page)
    meta = page.meta or {}
    # Generated pages hold HTML-escaped metadata (see ``markup.front_matter``): unescape
    # once so ``attr`` does not show ``&amp;lt;`` in link cards.
    title = html.unescape(str(page.title or config.site_name))
    description = html.unescape(str(meta.get("description") or config.site_description or ""))
    tags = [
        f'<meta property="og:site_name" content="{attr(config.site_name)}">',
        f'<meta property="og:title" content="{attr(title)}">',
    ]
    if description:
        tags.append(f'<meta property="og:description" content="{attr(description)}">')
    if page.canonical_url:
        tags.append(f'<meta property="og:url" content="{attr(page.canonical_url)}">')
    if meta.get("minutes_meeting"):
        tags.append('<meta property="og:type" content="article">')
        tags.append(
            f'<meta property="article:published_time" content="{attr(meta.get("date", ""))}">'
        )
        tags.append(f'<meta name="date" content="{attr(meta.get("date", ""))}">')
    else:
        tags.append('<meta property="og:type" content="website">')
    tags.append('<meta name="twitter:card" content="summary">')
    if feeds:
        name = attr(config.site_name)
        tags.append(
            f'<link rel="alternate" type="application/rss+xml" title="{name} (RSS)" '
            f'href="{root}feed.xml">'
        )
        tags.append(
            f'<link rel="alternate" type="application/feed+json" title="{name} (JSON Feed)" '
            f'href="{root}feed.json">'
        )
        for path, title in page_feeds(page):
            tags.append(
                f'<link rel="alternate" type="application/rss+xml" '
                f'title="{attr(config.site_name + ": " + title)} (RSS)" href="{attr(root + path)}">'
            )
    return "\n".join(tags) + "\n"
