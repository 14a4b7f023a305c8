"""GitHub issues, pull requests, discussions and commits, with every meeting that mentions
them: a builder of the archive index. No MkDocs import.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ..model import Meeting, Reference, RefKind, ref_label
from ..text import ascii_slug
from .people import safe_id


class RefMention(NamedTuple):
    """One place a reference appears: which meeting, under which item or update, and where."""

    meeting: str
    anchor: str | None
    """The agenda item's or update's anchor holding the reference, or None."""
    context: str
    line: int


@dataclass(frozen=True)
class RefIndexEntry:
    """A referenced issue, pull request, discussion or commit, with every mention of it."""

    key: str
    """:attr:`Reference.key`: ``owner/repo#N`` (repo lowercased) or ``owner/repo@sha12``."""
    repo: str
    """``owner/name`` as first written."""
    number: int | str
    kind: RefKind
    url: str
    """The object's GitHub URL (no comment anchor)."""
    page: str
    """Site-relative URL of its archive page: ``refs/<owner>/<repo>/<number>/``."""
    mentions: tuple[RefMention, ...] = ()
    """In meeting order, then line order."""

    @property
    def label(self) -> str:
        """How pages name it: ``owner/repo#N``, or ``owner/repo@sha7`` for a commit."""
        return ref_label(self.repo, self.number, self.kind)

    @property
    def meetings(self) -> tuple[str, ...]:
        """Ids of the meetings that mention it, in meeting order, each once."""
        return tuple(dict.fromkeys(m.meeting for m in self.mentions))


def ref_page(ref: Reference | RefIndexEntry) -> str:
    """``refs/<owner>/<repo>/<number>/`` (``<sha12>`` for commits), lowercased and folder-safe."""
    owner, _, name = ref.repo.partition("/")
    number = str(ref.number)
    number = number[:12].lower() if ref.kind == "commit" else ascii_slug(number, fallback="0")
    return f"refs/{_repo_segment(owner)}/{_repo_segment(name)}/{number}/"


def _repo_segment(value: str) -> str:
    """An owner or repository name as a folder: lowercase, no leading dot, never ``..``."""
    value = re.sub(r"[^a-z0-9._-]", "-", value.lower())
    if value.startswith("."):
        value = "dot-" + value.lstrip(".")
    if not value.strip(".-_") or ".." in value:
        value = ascii_slug(value, fallback="x")
    return safe_id(value, "repo")


def index_refs(
    meetings: Sequence[Meeting], update_anchor: Callable[[Meeting, int], str]
) -> dict[str, RefIndexEntry]:
    """Every reference grouped by the object it names; mentions in meeting order, each
    under the agenda item (else the update) whose lines hold it."""
    grouped: dict[str, list[tuple[Reference, RefMention]]] = {}
    for meeting in meetings:
        for ref in meeting.refs:
            anchor = _anchor_at(meeting, ref.line, update_anchor)
            mention = RefMention(meeting.id, anchor, ref.context, ref.line)
            grouped.setdefault(ref.key, []).append((ref, mention))
    entries: list[RefIndexEntry] = []
    for key, rows in grouped.items():
        first = rows[0][0]
        kinds = {ref.kind for ref, _ in rows}
        # /issues/N redirects to /pull/N on GitHub, so a pull link is the better fact.
        kind: RefKind = next(
            (k for k in ("commit", "pull", "discussion", "issue") if k in kinds), first.kind
        )
        canonical = dataclasses.replace(first, kind=kind)
        entries.append(
            RefIndexEntry(
                key=key,
                repo=first.repo,
                number=first.number,
                kind=kind,
                url=canonical.canonical_url,
                page=ref_page(canonical),
                mentions=tuple(mention for _, mention in rows),
            )
        )
    entries.sort(
        key=lambda e: (
            e.repo.lower(),
            e.kind == "commit",
            e.number if isinstance(e.number, int) else 0,
            str(e.number),
        )
    )
    return {e.key: e for e in entries}


def _anchor_at(
    meeting: Meeting, line: int, update_anchor: Callable[[Meeting, int], str]
) -> str | None:
    """The anchor of the agenda item, else the update, whose lines hold ``line``."""
    for item in meeting.items:
        if item.line <= line <= max(item.end_line, item.line):
            return item.anchor
    for position, update in enumerate(meeting.updates):
        if update.line <= line <= max(update.end_line, update.line):
            return update_anchor(meeting, position)
    return None
