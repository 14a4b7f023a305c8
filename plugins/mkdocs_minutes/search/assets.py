"""The browser side of Pagefind search, shipped as generated files of the site.

``search.js`` takes over Material's header search box: Material keeps its UI (the ``/``,
``s`` and ``f`` keys, the overlay, arrow keys between results, Enter on the best result,
Escape), the script loads the archive's Pagefind bundles on the first focus (the list is
``pagefind/minutes.json``), searches as the reader types and writes results in Material's
own result markup: a page per result (a meeting's title carries its date), and under it
the items, updates, actions or headings where the words are, each linking to its anchor,
like Material's sections; under the results, a link opens the search page with the same
words. Material's lunr worker is swapped for one that never answers, so Material never
renders results of its own over these; the plugin also keeps every page out of Material's
index, so the index every page fetches is a few hundred bytes.

``search-page.js`` and ``search-page.css`` are the search page's (``search/``), which loads
them itself, so the page also works where the plugin does not run (``minutes index``).

The scripts are plain files of the package (``assets/search/``): ``engine.js`` (the merged
bundles, and how a hit becomes a result) goes at the head of both.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

JS_SRC = "assets/minutes/search.js"
CSS_SRC = "assets/minutes/search.css"
PAGE_JS_SRC = "assets/minutes/search-page.js"
PAGE_CSS_SRC = "assets/minutes/search-page.css"

SOURCES = Path(__file__).resolve().parent.parent / "assets" / "search"

MATERIAL_WORKER = re.compile(r"^assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")
"""Material's lunr worker; its URL is in every page's ``__config``."""

IDLE_WORKER = """\
// mkdocs-minutes: search runs on Pagefind (assets/minutes/search.js). Material's search UI
// stays; this worker takes Material's place and never answers, so Material never indexes
// or renders results.
self.onmessage = function () {};
"""

SEARCH_CSS = """\
.md-search-result .minutes-search-meeting { margin: .2em 0 0; font-size: .64rem;
  color: var(--md-default-fg-color--light); }
.md-search-result .minutes-search-excerpt { margin: .4em 0 0; }
.md-search-result a.minutes-search-page { display: block; padding: .6rem .8rem;
  font-size: .64rem; color: var(--md-typeset-a-color);
  border-top: .05rem solid var(--md-default-fg-color--lightest); }
.md-search-result a.minutes-search-page[hidden] { display: none; }
.md-search-result a.minutes-search-page:focus,
.md-search-result a.minutes-search-page:hover { background: var(--md-accent-fg-color--transparent); }
"""


@functools.lru_cache(maxsize=8)
def _source(name: str) -> str:
    return (SOURCES / name).read_text(encoding="utf-8")


def header_script(use_directory_urls: bool = True) -> str:
    """``search.js``: the engine, then the header box (which links to the search page:
    ``search/``, or ``search/index.html`` on a site without directory URLs)."""
    header = _source("header.js")
    if not use_directory_urls:
        header = header.replace(
            'var SEARCH_PAGE = "search/";', 'var SEARCH_PAGE = "search/index.html";'
        )
    return _source("engine.js") + "\n" + header


def page_script() -> str:
    """``search-page.js``: the engine, then the search page."""
    return _source("engine.js") + "\n" + _source("page.js")


def page_stylesheet() -> str:
    """``search-page.css``."""
    return _source("page.css")


def page_assets() -> dict[str, str]:
    """The search page's own files (what ``minutes index`` writes into any built site)."""
    return {PAGE_JS_SRC: page_script(), PAGE_CSS_SRC: page_stylesheet()}


def search_assets(existing: Iterable[str], use_directory_urls: bool = True) -> dict[str, str]:
    """Files to add or replace when Pagefind is the engine: the scripts and stylesheets, and
    an idle worker in place of Material's (found among ``existing`` source paths)."""
    files = {JS_SRC: header_script(use_directory_urls), CSS_SRC: SEARCH_CSS, **page_assets()}
    for src_uri in existing:
        if MATERIAL_WORKER.match(src_uri):
            files[src_uri] = IDLE_WORKER
    return files
