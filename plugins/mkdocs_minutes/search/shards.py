"""The archive's search index in shards: meetings in blocks of consecutive dates.

One Pagefind index over a whole archive has two costs that grow with it: the indexer holds
every page until it writes the bundle (2.7 GB at 5,000 meetings), and a change to one page
means indexing them all again. So the index is written as several Pagefind bundles that
the browser merges (Pagefind's ``mergeIndex``):

- ``m<N>``: the meeting pages of block N; blocks hold consecutive dates (block 0 the oldest):
  a fifth of the archive each (at least :data:`MIN_BLOCK` meetings), and a small block of
  the newest meetings, the ones being written and corrected;
- ``k<N>``: the same block's *parts* (its meetings' items, updates and actions, for the
  search page's kind filter);
- ``p``: every other page (people, topics, issues, index and ordinary pages).

Each bundle is written by its own Pagefind process, so the largest one holds a fifth of
the archive: measured, a Pagefind process takes about 60 MB plus 0.55 MB per meeting page
(632 MB for 1,000 of them), where a plain Material build of the same notes takes about
60 MB plus 0.12 MB per note (636 MB at 5,000), so a fifth keeps it at the build's own
peak. Fewer, larger bundles cost less to search: a query reads a chunk of the word index
from each bundle. A rebuild under ``mkdocs serve`` writes again only the bundles whose documents changed (the
edited meeting's block, and ``p`` when a person's or topic's header changed): an edit to a
recent meeting rewrites the small newest block, so it reaches the index in about a second.
Blocks being date ranges, the search page lists results newest (or oldest) first by asking
each block in turn: Pagefind sorts within one bundle, never across merged ones.

Under ``serve`` the blocks stay where they were: a new meeting joins the block whose dates
hold it (or the newest), so adding a note rewrites one block, not every later one.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MIN_BLOCK = 250
"""Meetings per block at least: a small archive is one block."""

TARGET_BLOCKS = 5
"""Blocks of older meetings a large archive is split into, each a Pagefind process of its
own (memory) and a bundle the browser merges (a chunk per search). At 5,000 notes four
blocks peaked at 785 MB (1.23x the plain build), five at 632 MB (0.99x)."""

RECENT = 20
"""The newest block holds a twentieth of the meetings (at least :data:`RECENT_MIN`, at
most a block): the ones being edited, re-indexed in a second under ``serve``."""

RECENT_MIN = 25

PAGES = "p"
"""The bundle of every page that is not a meeting."""


@dataclass(frozen=True)
class Shard:
    """One Pagefind bundle: its folder under ``pagefind/`` and what it holds."""

    name: str
    """``m3``, ``k3`` or ``p``: the folder name."""
    kind: str
    """``meetings``, ``parts`` or ``pages``."""
    block: str
    """The block number (``"3"``) of a meetings or parts bundle; ``""`` for pages."""
    urls: tuple[str, ...]
    first: str = ""
    last: str = ""
    """The block's first and last meeting date."""


def block_size(meetings: int, minimum: int = MIN_BLOCK) -> int:
    """Meetings per block for an archive of ``meetings``."""
    return max(minimum, math.ceil(meetings / TARGET_BLOCKS))


def recent_size(meetings: int, minimum: int = MIN_BLOCK) -> int:
    """Meetings in the newest block, when the archive is more than one block."""
    return min(block_size(meetings, minimum), max(RECENT_MIN, math.ceil(meetings / RECENT)))


def plan_blocks(
    dates: Mapping[str, str],
    previous: Mapping[str, int] | None = None,
    *,
    minimum: int = MIN_BLOCK,
) -> dict[str, int]:
    """Block number of each meeting URL (``dates``: URL -> ISO date).

    Without ``previous`` (a fresh build), the newest :func:`recent_size` meetings are a
    block, and the others, in date order, are cut into blocks of :func:`block_size`. With the previous blocks (a rebuild under ``serve``), a meeting
    keeps its block, a new one joins the block whose dates hold its date (the nearest
    block before it, or block 0); the plan starts afresh when a block grew past twice its
    size or emptied, so blocks stay balanced over a long session.
    """
    order = sorted(dates, key=lambda url: (dates[url], url))
    size = block_size(len(order), minimum)
    if previous:
        kept = _extend(dates, order, previous)
        counts: dict[int, int] = {}
        for block in kept.values():
            counts[block] = counts.get(block, 0) + 1
        blocks = set(previous.values())
        if kept and max(counts.values()) <= 2 * size and blocks <= set(counts):
            return kept
    if len(order) <= size:
        return dict.fromkeys(order, 0)
    recent = recent_size(len(order), minimum)
    older = order[: len(order) - recent]
    blocks = {url: position // size for position, url in enumerate(older)}
    newest = max(blocks.values(), default=-1) + 1
    blocks.update(dict.fromkeys(order[len(older) :], newest))
    return blocks


def _extend(
    dates: Mapping[str, str], order: list[str], previous: Mapping[str, int]
) -> dict[str, int]:
    """The previous blocks, with new meetings placed by date (ranges stay disjoint)."""
    starts: dict[int, str] = {}
    for url, block in previous.items():
        if url in dates and (block not in starts or dates[url] < starts[block]):
            starts[block] = dates[url]
    kept: dict[str, int] = {}
    for url in order:
        if url in previous and previous[url] in starts:
            kept[url] = previous[url]
            continue
        date = dates[url]
        candidates = [block for block, start in starts.items() if start <= date]
        kept[url] = max(candidates) if candidates else min(starts, default=0)
    # Blocks must stay ranges of dates in block order, or sorting by date breaks.
    first: dict[int, str] = {}
    last: dict[int, str] = {}
    for url, block in kept.items():
        first[block] = min(first.get(block, dates[url]), dates[url])
        last[block] = max(last.get(block, dates[url]), dates[url])
    for before, after in itertools.pairwise(sorted(first)):
        if last[before] > first[after]:
            return {}
    return kept


def plan_shards(
    blocks: Mapping[str, int], dates: Mapping[str, str], others: Iterable[str], *, parts: bool
) -> list[Shard]:
    """The bundles to write: ``m<N>`` (and ``k<N>`` with ``parts``) per block, then ``p``."""
    by_block: dict[int, list[str]] = {}
    for url, block in blocks.items():
        by_block.setdefault(block, []).append(url)
    shards = []
    for block in sorted(by_block):
        urls = tuple(sorted(by_block[block], key=lambda url: (dates[url], url)))
        first, last = dates[urls[0]], dates[urls[-1]]
        shards.append(Shard(f"m{block}", "meetings", str(block), urls, first, last))
        if parts:
            shards.append(Shard(f"k{block}", "parts", str(block), urls, first, last))
    pages = tuple(sorted(others))
    if pages:
        shards.append(Shard(PAGES, "pages", "", pages))
    return shards


def digest(parts: Iterable[bytes]) -> str:
    """A short, stable digest of a bundle's documents (is it still up to date?)."""
    hasher = hashlib.blake2b(digest_size=12)
    for part in parts:
        hasher.update(len(part).to_bytes(8, "little"))
        hasher.update(part)
    return hasher.hexdigest()
