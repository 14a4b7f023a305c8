"""The meetings of the archive in order, with their final ids, and each series' sequence.

The first builder of the archive index: every other one reads :class:`MeetingIndex`.
No MkDocs import.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..model import Finding, Meeting, ParsedNote
from ..text import ascii_slug
from .people import safe_id

_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def safe_meeting_id(meeting_id: str, date: dt.date | None = None) -> str:
    """A meeting id that is safe as a folder path: at most one ``/``, no ``..``, never empty.

    Safe ids pass unchanged (``meeting_notes/2023-11-21`` keeps its underscore); ``.`` and
    ``..`` segments go; an unsafe segment becomes its ASCII slug; a reserved name
    (``index``, ``latest``...) as the series gets ``-series``.
    """
    parts = [p for p in meeting_id.strip().split("/") if p.strip() and p.strip() not in (".", "..")]
    if not parts:
        return date.isoformat() if date else "meeting"
    if len(parts) > 2:
        parts = ["-".join(parts[:-1]), parts[-1]]
    safe: list[str] = []
    for position, part in enumerate(parts):
        last = position == len(parts) - 1
        if not _SAFE_SEGMENT.match(part) or ".." in part:
            fallback = date.isoformat() if last and date else "meeting"
            part = ascii_slug(part, fallback=fallback)
        safe.append(safe_id(part, "meeting" if last else "series"))
    return "/".join(safe)


@dataclass
class MeetingIndex:
    """Meetings by (date, id), by id, and each series' meeting ids in order."""

    meetings: tuple[Meeting, ...] = ()
    by_id: dict[str, Meeting] = field(default_factory=dict)
    series: dict[str | None, list[str]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    """Two meetings of a series on one date (in one file, or copied between files)."""

    @classmethod
    def build(cls, notes: Sequence[ParsedNote], memo: MeetingMemo | None = None) -> MeetingIndex:
        """Final ids: safe, and ``-2``/``-3`` for a second meeting of a series on one date
        (in source order: path, then line)."""
        memo = memo if memo is not None else MeetingMemo()
        index = cls()
        raw = sorted(
            (
                (note.path, meeting.line, position, meeting)
                for note in notes
                for position, meeting in enumerate(note.meetings)
            ),
            key=lambda row: (row[0], row[1], row[2]),
        )
        bases = [safe_meeting_id(m.id, m.date) for _, _, _, m in raw]
        all_bases = set(bases)
        used: set[str] = set()
        first: dict[str, tuple[str, Meeting]] = {}
        final: list[Meeting] = []
        for (path, _, _, meeting), base in zip(raw, bases, strict=True):
            if base not in first:
                first[base] = (path, meeting)
                used.add(base)
                final.append(memo.with_id(meeting, base))
                continue
            count = 2
            while f"{base}-{count}" in used or f"{base}-{count}" in all_bases:
                count += 1
            new_id = f"{base}-{count}"
            used.add(new_id)
            final.append(memo.with_id(meeting, new_id))
            index.findings.append(_duplicate(base, new_id, path, meeting, *first[base]))
        final.sort(key=lambda m: (m.date, m.id))
        index.meetings = tuple(final)
        index.by_id = {m.id: m for m in final}
        for meeting in final:
            index.series.setdefault(meeting.series, []).append(meeting.id)
        memo.forget_unused()
        return index

    def previous(self, meeting: Meeting) -> Meeting | None:
        """The meeting before this one in its series (no series is a series of its own)."""
        ids = self.series.get(meeting.series, [])
        position = ids.index(meeting.id)
        return self.by_id[ids[position - 1]] if position > 0 else None

    def next(self, meeting: Meeting) -> Meeting | None:
        """The meeting after this one in its series."""
        ids = self.series.get(meeting.series, [])
        position = ids.index(meeting.id)
        return self.by_id[ids[position + 1]] if position + 1 < len(ids) else None


class MeetingViews:
    """What one builder of the index reads of each meeting (its ``view``), as of the last
    build, to tell whether a new build's meetings read the same. Meetings of unchanged
    notes are the same objects from build to build (:class:`MeetingMemo`): only the others
    have their view computed and compared, one meeting at most after a one-note edit."""

    def __init__(self, view: Callable[[Meeting], object]) -> None:
        self.view = view
        self.meetings: tuple[Meeting, ...] = ()
        self.views: list[object] = []
        self.kept = False

    def unchanged(self, meetings: Sequence[Meeting]) -> bool:
        """Whether ``meetings`` read as the last ones kept did, in the same order (then
        they become the ones kept)."""
        if not self.kept or len(meetings) != len(self.meetings):
            return False
        changed = [
            (position, self.view(meeting))
            for position, (meeting, before) in enumerate(zip(meetings, self.meetings, strict=True))
            if meeting is not before
        ]
        if any(view != self.views[position] for position, view in changed):
            return False
        self.meetings = tuple(meetings)
        for position, view in changed:
            self.views[position] = view
        return True

    def keep(self, meetings: Sequence[Meeting]) -> None:
        """Remember these meetings' views (after a build that read them)."""
        self.meetings = tuple(meetings)
        self.views = [self.view(meeting) for meeting in meetings]
        self.kept = True


class MeetingMemo:
    """The meetings with their final ids, kept between builds of one process: a meeting
    of an unchanged note is the same object from build to build, so what is kept per
    meeting elsewhere (discovery, pages) is found by identity."""

    def __init__(self) -> None:
        self._kept: dict[tuple[int, str], tuple[Meeting, Meeting]] = {}
        self._used: set[tuple[int, str]] = set()

    def with_id(self, meeting: Meeting, meeting_id: str) -> Meeting:
        """``meeting`` with its final id (the same object as last time when it was)."""
        key = (id(meeting), meeting_id)
        self._used.add(key)
        known = self._kept.get(key)
        if known is not None and known[0] is meeting:
            return known[1]
        final = meeting if meeting.id == meeting_id else dataclasses.replace(meeting, id=meeting_id)
        self._kept[key] = (meeting, final)
        return final

    def forget_unused(self) -> None:
        """Drop the meetings the last build did not have."""
        self._kept = {k: v for k, v in self._kept.items() if k in self._used}
        self._used = set()

    def __getstate__(self) -> dict[str, object]:
        """Kept on disk between processes (``plugin/session.py``): by value, since the
        identities in the keys are this process's."""
        return {"kept": [(meeting_id, pair) for (_, meeting_id), pair in self._kept.items()]}

    def __setstate__(self, state: dict[str, object]) -> None:
        """Keyed again on the identities of the unpickled meetings (the same objects the
        unpickled notes hold, pickled with them)."""
        kept: list[tuple[str, tuple[Meeting, Meeting]]] = state["kept"]  # type: ignore[assignment]
        self._kept = {(id(pair[0]), meeting_id): pair for meeting_id, pair in kept}
        self._used = set()


def _duplicate(
    base: str, new_id: str, path: str, meeting: Meeting, first_path: str, first: Meeting
) -> Finding:
    """The finding for a second meeting of a series on one date."""
    if first_path == path:
        return Finding(
            "duplicate-meeting-archive",
            path,
            meeting.line,
            f"a second meeting of {base} in this file (first on line {first.line}); "
            f"published as {new_id}",
        )
    return Finding(
        "duplicate-meeting-files",
        path,
        meeting.line,
        f"meeting {base} is also in {first_path}:{first.line}; published as {new_id}. "
        "Delete the copy, or give each file its own `slug:` in front matter",
    )
