"""Search for the archive: a Pagefind index whose results open the agenda item or update
where the word is, and the script that puts it behind Material's header search box.

The plugin runs a :class:`PagefindIndexer` through the build (pages in as they are
written, the bundle out after the build) and ships :func:`search_assets` as generated
files; with ``search_engine: lunr`` none of this runs and Material's own search gets item
entries instead (``pages.outputs``).
"""

from __future__ import annotations

from .anchors import MeetingPage, meeting_pages
from .assets import CSS_SRC, JS_SRC, page_assets, search_assets
from .pagefind import IndexStats, PagefindIndexer, SearchState, prepare_page
from .service import PagefindError, PagefindService, pagefind_executable

__all__ = [
    "CSS_SRC",
    "JS_SRC",
    "IndexStats",
    "MeetingPage",
    "PagefindError",
    "PagefindIndexer",
    "PagefindService",
    "SearchState",
    "meeting_pages",
    "page_assets",
    "pagefind_executable",
    "prepare_page",
    "search_assets",
]
