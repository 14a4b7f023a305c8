"""How each built page is marked up for Pagefind, in memory (the files on disk stay as
MkDocs wrote them).

- Only the theme's content (``article.md-content__inner``) is indexed, never the
  navigation; pages without it (``404.html``, the ``latest/`` redirect) are left out.
- Person, topic and issue pages, and the archive's index pages, are indexed by their title
  and header only: their quoted excerpts would otherwise bury the minutes.
- A meeting page is one document: its title gets its date (``2019-03-21 · Team meeting``),
  it carries the titles of its items, updates and actions (metadata ``minutes_items``) so
  that a hit inside one becomes a result that opens it, and the search page's filters
  (series, person, year, ``kind: meeting``) and sort key (``date``).
- For the search page's *kind* filter, a meeting also gives up to three *part* documents
  (:func:`part_documents`): the HTML of its agenda items, of its updates, of its actions,
  each with the same filters and ``kind: item`` (``update``, ``action``). They live in
  indexes of their own, so a search outside the search page never reads them, and a common
  word still costs one document per meeting there. A part has no searchable metadata (the
  meeting's title would match every part); its URL carries the titles instead:
  ``<meeting url>#minutes:<kind>:<{"title", "items"} as JSON, percent-encoded>``.

The extracted content is kept (compressed) between ``mkdocs serve`` rebuilds, so a page
the rebuild did not render is not read again; the documents are made from it with the
archive's current titles and filters.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

from .anchors import KINDS, MeetingPage

ITEMS_META = "minutes_items"
"""Metadata of a meeting page: JSON, anchor -> title of its items, updates and actions."""

PART_PREFIX = "#minutes:"
"""What follows a part document's meeting URL: ``#minutes:<kind>:<title>``."""

_ARTICLE = re.compile(r"<article\b[^>]*\bmd-content__inner\b[^>]*>")
_H1 = re.compile(r"<h1\b([^>]*)>(.*?)</h1>", re.S)
_HEADER = re.compile(r'<div class="minutes-header"')
_LANG = re.compile(r'<html\b[^>]*\blang="([^"]+)"')
_TAGS = re.compile(r"<[^>]+>")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>")
_ID = re.compile(r'\bid="([^"]+)"')


@dataclass(frozen=True)
class Article:
    """The part of a built page Pagefind reads: its language and its content's HTML."""

    lang: str
    content: str


def extract(text: str, *, title_only: bool = False) -> Article | None:
    """The page's content, or None when it has none to index (a redirect, the 404 page).

    Of a ``title_only`` page only its ``<h1>`` and header are kept.
    """
    article = _ARTICLE.search(text)
    if article is None:
        return None
    end = text.find("</article>", article.end())
    lang = _LANG.search(text, 0, article.start())
    content = text[article.end() : end if end >= 0 else len(text)]
    if title_only:
        head = _H1.search(content)
        if head is None:
            return None
        content = head.group(0)
        header = _HEADER.search(text, article.end())
        if header is not None:
            close = text.find("</div>", header.end())
            content += text[header.start() : close + 6 if close >= 0 else header.end()]
    return Article(lang.group(1) if lang else "en", content)


def document(article: Article, body: str) -> str:
    """A whole HTML document for Pagefind around ``body``."""
    return (
        f'<!doctype html><html lang="{html.escape(article.lang)}"><head>'
        '<meta charset="utf-8"></head><body><article data-pagefind-body>'
        f"{body}</article></body></html>"
    )


def page_document(article: Article) -> str:
    """Any page but a meeting: its content as it is."""
    return document(article, article.content)


def _hidden(attribute: str, value: str) -> str:
    return f"<span {attribute} data-pagefind-ignore hidden>{html.escape(value, quote=False)}</span>"


def _facets(meeting: MeetingPage, kind: str) -> str:
    """The filters and sort key of one of a meeting's documents, as Pagefind reads them."""
    spans = [_hidden('data-pagefind-filter="kind"', kind)]
    for key, values in meeting.filters.items():
        spans += [_hidden(f'data-pagefind-filter="{key}"', value) for value in values]
    if meeting.date:
        spans.append(_hidden('data-pagefind-sort="date"', f"{meeting.date} {meeting.id}"))
    return "".join(spans)


END_PREFIX = "minutes-end-"
"""Id of the empty element that ends an action nested in an item (only in what Pagefind
reads): a word after it, further down the item, belongs to the item again."""


Regions = list[tuple[int, int, str]]
"""(start, end, kind) of each item, update and action of a meeting's content (:func:`regions`)."""


def _end_nested_actions(content: str, regions: Regions) -> str:
    """An end marker after each action's bullet: Pagefind knows where an anchor starts, not
    where it ends, and an action is often one bullet among an item's notes."""
    ends = sorted((end, start) for start, end, kind in regions if kind == "action")
    out, cursor = [], 0
    for end, start in ends:
        ident = _ID.search(content, start)
        if ident is None:
            continue
        out += [content[cursor:end], f'<span id="{END_PREFIX}{ident.group(1)}"></span>']
        cursor = end
    out.append(content[cursor:])
    return "".join(out)


def has_actions(meeting: MeetingPage) -> bool:
    """Whether the meeting's document needs its :func:`regions` (to end its actions)."""
    return any(kind == "action" for kind in meeting.kinds.values())


def meeting_document(article: Article, meeting: MeetingPage, found: Regions | None = None) -> str:
    """A meeting page: the date in the title, item titles as metadata, filters, sort key.
    ``found`` are the content's :func:`regions` when the caller has them already."""
    content = article.content
    if has_actions(meeting):
        if found is None:
            found = regions(content, meeting.kinds)
        content = _end_nested_actions(content, found)
    head = _H1.search(content)
    if head is None:
        return document(article, content + _facets(meeting, "meeting"))
    shown = html.unescape(_TAGS.sub("", head.group(2))).strip()
    date = meeting.title.split(" · ", 1)[0]
    heading = head.group(0)
    if date not in shown:
        heading = f"<h1{head.group(1)}>{html.escape(date)} · {head.group(2)}</h1>"
    meta = _hidden('data-pagefind-meta="title"', meeting.title)
    if meeting.items:
        titles = json.dumps(dict(meeting.items), ensure_ascii=False, separators=(",", ":"))
        meta += _hidden(f'data-pagefind-meta="{ITEMS_META}"', titles)
    meta += _facets(meeting, "meeting")
    return document(article, content[: head.start()] + heading + meta + content[head.end() :])


def part_documents(
    article: Article, meeting: MeetingPage, found: Regions | None = None
) -> dict[str, tuple[str, str]]:
    """Kind -> (URL suffix, document) of the meeting's items, updates and actions.

    Each part holds the HTML of every element of its kind (an item's whole bullet, or a
    heading item and what follows it up to the next heading of its level), without the
    parts of another kind nested in it (an action under an item belongs to the actions).
    ``found`` are the content's :func:`regions` when the caller has them already.
    """
    if found is None:
        found = regions(article.content, meeting.kinds)
    parts: dict[str, tuple[str, str]] = {}
    for kind in KINDS:
        pieces = []
        for start, end, region_kind in found:
            if region_kind != kind:
                continue
            nested = [(s, e) for s, e, k in found if k != kind and start < s and e <= end]
            pieces.append(_cut(article.content, start, end, nested))
        if pieces:
            titles = {a: t for a, t in meeting.items.items() if meeting.kinds.get(a) == kind}
            label = json.dumps(
                {"title": meeting.title, "items": titles}, ensure_ascii=False, separators=(",", ":")
            )
            suffix = f"{PART_PREFIX}{kind}:{quote(label, safe='')}"
            parts[kind] = (suffix, document(article, "".join(pieces) + _facets(meeting, kind)))
    return parts


def _cut(content: str, start: int, end: int, holes: list[tuple[int, int]]) -> str:
    """``content[start:end]`` without the spans in ``holes`` (outermost ones only)."""
    out, cursor = [], start
    for hole_start, hole_end in sorted(holes):
        if hole_start < cursor:
            continue
        out.append(content[cursor:hole_start])
        cursor = hole_end
    out.append(content[cursor:end])
    return "".join(out)


def regions(content: str, kinds: Mapping[str, str]) -> Regions:
    """(start, end, kind) of every element whose id is an item's, update's or action's.

    A bullet ends at its matching ``</li>``; a heading at the next heading of its level or
    higher. Tags are counted, not parsed: the content is Python-Markdown's output, whose
    list items always close.
    """
    found: list[tuple[int, int, str]] = []
    open_items: list[tuple[int, int, str]] = []  # (li depth, start, kind)
    headings: list[tuple[int, int, str]] = []  # (level, start, kind)
    depth = 0
    for tag in _TAG.finditer(content):
        closing, name = tag.group(1), tag.group(2).lower()
        if name == "li":
            if closing:
                if open_items and open_items[-1][0] == depth:
                    _level, start, kind = open_items.pop()
                    found.append((start, tag.end(), kind))
                depth -= 1
                continue
            depth += 1
        level = int(name[1]) if len(name) == 2 and name[0] == "h" and name[1] in "123456" else 0
        if level and not closing:
            while headings and headings[-1][0] >= level:
                _level, start, kind = headings.pop()
                found.append((start, tag.start(), kind))
        if closing:
            continue
        ident = _ID.search(tag.group(3))
        kind = kinds.get(html.unescape(ident.group(1))) if ident else None
        if kind is None:
            continue
        if name == "li":
            open_items.append((depth, tag.start(), kind))
        elif level:
            headings.append((level, tag.start(), kind))
    for _level, start, kind in headings:
        found.append((start, len(content), kind))
    return sorted(found)
