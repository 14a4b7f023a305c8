"""Topics: which agenda items belong to which registry topic, and recurring titles.

Topics the notes have without a registry are found by :mod:`.discovery`, with a stricter
rule (an item is on such a topic when it is *about* it); registry topics match as below.

Used by the archive index (:mod:`.index`) while it builds; no MkDocs import. An agenda item
belongs to a topic when its title or body contains the topic's name, an alias or a match
phrase: case-insensitive, as whole words (``ovh`` matches "OVH" but not "hovhannes"),
with spaces, hyphens and underscores inside a phrase interchangeable
(``communications plan`` matches "a communications-plan"). Link targets and bare URLs are
not text: a link to ``discourse.jupyter.org`` does not make an item about Discourse. A whole
meeting is never in a topic: a timeline is made of items.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import AgendaItem
from ..text import IGNORECASE_ASCII_FOLDS
from .registry import TopicEntry


@dataclass(frozen=True)
class Topic:
    """One topic's timeline and what it touched, for its page and the export."""

    id: str
    name: str
    description: str
    items: tuple[tuple[str, str], ...]
    """(meeting id, item anchor), oldest first."""
    people: tuple[str, ...] = ()
    """Person ids of the items' speakers, in order of first appearance."""
    refs: tuple[str, ...] = ()
    """:attr:`Reference.key` of every reference inside those items, first appearance order."""
    first: dt.date | None = None
    last: dt.date | None = None
    aliases: tuple[str, ...] = ()
    """The registry's aliases, and the phrases discovery matched in the items."""
    discovered: bool = False
    """Found in the notes (:mod:`.discovery`), not written in the registry."""


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^>]*>")
_BARE_URL = re.compile(r"\b(?:https?://|www\.)\S+")
_HTML_TAG = re.compile(r"<[^>]+>")
_SEPARATORS = re.compile(r"[\s\-_]+")


def plain_text(markdown: str) -> str:
    """Markdown as words to match: link texts kept, link targets, URLs and tags dropped."""
    if not any(mark in markdown for mark in ("](", "<", "://", "www.")):
        return markdown  # nothing to drop (the common case, and the cheap one)
    text = _MD_LINK.sub(r" \1 ", markdown)
    text = _AUTOLINK.sub(" ", text)
    text = _BARE_URL.sub(" ", text)
    return _HTML_TAG.sub(" ", text)


def phrase_pattern(phrase: str) -> str:
    """The regex for a phrase as whole words; ``-``, ``_`` and spaces inside are equivalent."""
    words = [re.escape(word) for word in _SEPARATORS.split(phrase.strip()) if word]
    if not words:
        return r"(?!)"
    return r"(?<!\w)" + r"[\s\-_]+".join(words) + r"(?!\w)"


def _words(phrase: str) -> list[str]:
    """A phrase's words, as :func:`phrase_pattern` splits them."""
    return [word for word in _SEPARATORS.split(phrase.strip()) if word]


_FOLDS_TO_ASCII = re.compile(f"[{IGNORECASE_ASCII_FOLDS}]")


def _match_at(pattern: re.Pattern[str], text: str, lowered: str, starts: Sequence[str]) -> bool:
    """``pattern.search(text)`` for an ASCII topic, trying only where a phrase can start.

    Searching the whole text runs every alternative of the case-insensitive pattern at
    every position, the build's single biggest cost; a phrase's first word is found by a
    plain substring search instead, and the full pattern (with its word boundaries, which
    look behind the start position) is matched there only.
    """
    for start in starts:
        position = lowered.find(start)
        while position >= 0:
            if pattern.match(text, position):
                return True
            position = lowered.find(start, position + 1)
    return False


class TopicMatcher:
    """Compiled phrases of the registry's topics; answers "which topics is this text about"."""

    def __init__(self, topics: Sequence[TopicEntry]) -> None:
        self._patterns: list[
            tuple[str, tuple[str, ...], tuple[str, ...] | None, re.Pattern[str]]
        ] = []
        for topic in topics:
            phrases = [p for p in (topic.name, *topic.aliases, *topic.match) if p and p.strip()]
            if not phrases:
                continue
            pattern = "|".join(phrase_pattern(p) for p in phrases)
            # A phrase can only match where its first word occurs: a substring test is far
            # cheaper than the regex, and rules most topics out for most items.
            firsts = tuple(
                sorted({_SEPARATORS.split(p.strip().lower())[0] for p in phrases} - {""})
            )
            # Where a match can start: the first word of each phrase, lowercased. Only for
            # ASCII phrases, whose case-insensitive matches are exactly the lowercase ones.
            starts = (
                tuple({words[0].lower() for p in phrases if (words := _words(p))})
                if all(p.isascii() for p in phrases)
                else None
            )
            compiled = re.compile(pattern, re.IGNORECASE)
            self._patterns.append((topic.id, firsts, starts, compiled))

    def match(self, markdown: str) -> tuple[str, ...]:
        """Registry ids of the topics the text mentions, in registry order."""
        text = plain_text(markdown)
        lowered = text.lower()
        # ``lowered`` lines up with ``text`` character for character when no character
        # lowercases to several, and then an ASCII phrase can only match where its
        # lowercase first word occurs in ``lowered`` -- unless the text holds one of the
        # few non-ASCII letters the regex engine folds onto ASCII ones.
        aligned = len(lowered) == len(text) and not _FOLDS_TO_ASCII.search(text)
        return tuple(
            topic_id
            for topic_id, firsts, starts, pattern in self._patterns
            if any(first in lowered for first in firsts)
            and (
                _match_at(pattern, text, lowered, starts)
                if aligned and starts is not None
                else pattern.search(text)
            )
        )

    def item_topics(self, item: AgendaItem) -> tuple[str, ...]:
        """Registry ids of the topics an agenda item belongs to (title or body)."""
        return self.match(f"{item.title}\n{item.body}")


_ENUMERATION = re.compile(r"^\s*(?:\d+(?:\.\d+)+\.?|\d+[.)]|(?:[ivxlcIVXLC]+|[a-zA-Z])[.)])\s+")
_SHORTCODE = re.compile(r":[a-z0-9_+-]+:")
_PUNCT = re.compile(r"[^\w\s]")


@functools.lru_cache(maxsize=1 << 16)
def normalise_title(title: str) -> str:
    """An agenda title reduced to compare across meetings.

    Numbering (``3.``, ``II.``), Markdown, emoji shortcodes, punctuation and case go:
    ``**2. Release planning:**`` and ``Release Planning`` are one title. Remembered per
    title: every build compares every item's title (16,000 at 1,000 meetings), and
    archives repeat their titles.
    """
    text = _MD_LINK.sub(r"\1", title)
    text = _HTML_TAG.sub(" ", text)
    text = re.sub(r"[*_`~]+", " ", text)
    text = _ENUMERATION.sub("", text.strip())
    text = _SHORTCODE.sub(" ", text)
    text = _PUNCT.sub(" ", text).casefold()
    return " ".join(text.split())
