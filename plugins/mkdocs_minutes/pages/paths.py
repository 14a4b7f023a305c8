"""Where each generated page lives, and relative ``.md`` links between pages.

Generated Markdown links to other pages by their source path (``../people/minrk.md``), so
MkDocs resolves and checks every link: a dead one is a warning that fails ``--strict``.
"""

from __future__ import annotations

import functools
import posixpath


def meeting_src(notes_dir: str, meeting_id: str) -> str:
    """Source path of a meeting page: URL ``<notes_dir>/<id>/``."""
    return f"{notes_dir}/{meeting_id}.md"


def person_src(person_id: str) -> str:
    """Source path of a person page: URL ``people/<id>/``."""
    return f"people/{person_id}.md"


def topic_src(topic_id: str) -> str:
    """Source path of a topic page: URL ``topics/<id>/``."""
    return f"topics/{topic_id}.md"


def ref_src(page_url: str) -> str:
    """Source path of an issue/PR page from its URL ``refs/<owner>/<repo>/<n>/``."""
    return page_url.strip("/") + ".md"


def series_of(meeting_id: str) -> str | None:
    """The series segment of a meeting id (``community`` of ``community/2019-03-21``): the
    folder its page and its series feed live in; None for a meeting without a series."""
    return meeting_id.rsplit("/", 1)[0] if "/" in meeting_id else None


def series_feed(notes_dir: str, meeting_id: str) -> str | None:
    """Site path of the RSS feed of a meeting's series: ``<notes_dir>/<series>/feed.xml``."""
    series = series_of(meeting_id)
    return f"{notes_dir}/{series}/feed.xml" if series else None


def person_feed(person_id: str) -> str:
    """Site path of a person's RSS feed: ``people/<id>/feed.xml``."""
    return f"people/{person_id}/feed.xml"


def topic_feed(topic_id: str) -> str:
    """Site path of a topic's RSS feed: ``topics/<id>/feed.xml``."""
    return f"topics/{topic_id}/feed.xml"


SEARCH_PAGE = "search/index.md"
"""Source path of the search page (URL ``search/``, beside Material's search index)."""

PEOPLE_INDEX = "people/index.md"
TOPICS_INDEX = "topics/index.md"
REFS_INDEX = "refs/index.md"
ACTIONS_INDEX = "actions/index.md"


def notes_index_src(notes_dir: str) -> str:
    """Source path of the meetings index: URL ``<notes_dir>/``."""
    return f"{notes_dir}/index.md"


def rel(from_src: str, to_src: str, anchor: str | None = None) -> str:
    """A link from one page's source to another's, as MkDocs resolves Markdown links."""
    link = _relative(posixpath.dirname(from_src), to_src)
    return f"{link}#{anchor}" if anchor else link


@functools.lru_cache(maxsize=131072)
def _relative(from_dir: str, to_src: str) -> str:
    """``posixpath.relpath`` for site paths, without touching the file system (it is hot:
    every generated link goes through it)."""
    start = from_dir.split("/") if from_dir else []
    target = to_src.split("/")
    common = 0
    for a, b in zip(start, target[:-1], strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:])
