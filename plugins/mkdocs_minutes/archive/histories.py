"""What a person page lists: each person's attendance, updates, items, actions, shout-outs,
mentions and topics, newest first. The last builder of the archive index, over the
others. No MkDocs import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import ActionItem, AgendaItem, Celebration, Meeting, Update
from .actions import ActionEntry
from .resolve import PeopleIndex


@dataclass(frozen=True)
class PersonHistory:
    """Everything a person page lists; every list newest meeting first."""

    person: str
    attended: tuple[str, ...] = ()
    """Meeting ids where the roll call lists them as present."""
    absent: tuple[str, ...] = ()
    """Meeting ids where the roll call lists them as absent or sending regrets."""
    updates: tuple[tuple[str, Update, str], ...] = ()
    """(meeting id, update, update anchor)."""
    items_led: tuple[tuple[str, AgendaItem], ...] = ()
    actions: tuple[tuple[str, ActionItem], ...] = ()
    celebrations: tuple[tuple[str, Celebration], ...] = ()
    """Shout-outs naming them (by name, @handle or GitHub profile link)."""
    mentions: tuple[tuple[str, int], ...] = ()
    """(meeting id, line) of each ``@handle`` mention."""
    topics: tuple[str, ...] = ()
    """Topic ids of the items they spoke to, in registry order."""
    first_seen: dt.date | None = None
    """Date of the first meeting they attended, gave an update at or led an item in."""
    last_seen: dt.date | None = None
    first_meeting: str | None = None
    last_meeting: str | None = None


_KINDS = ("attended", "absent", "updates", "items", "actions", "celebrations", "mentions")


def collect_histories(
    meetings: Sequence[Meeting],
    people: PeopleIndex,
    item_topics: dict[tuple[str, int], tuple[str, ...]],
    topic_order: Sequence[str],
    actions: Sequence[ActionEntry],
    memo: HistoryMemo | None = None,
) -> dict[str, PersonHistory]:
    """Each person's history, gathered in one pass over the meetings (oldest first), then
    turned newest first. With a ``memo`` (``mkdocs serve``), what an unchanged meeting
    adds is the last build's, added again in the same order."""
    rows: dict[str, dict[str, list]] = {
        pid: {kind: [] for kind in (*_KINDS, "topics", "seen")} for pid in people.people
    }
    actions_by_meeting: dict[str, list[ActionEntry]] = {}
    for entry in actions:
        actions_by_meeting.setdefault(entry.meeting, []).append(entry)
    memo = memo if memo is not None else HistoryMemo()
    memo.start(people)
    for meeting in meetings:
        topics = tuple(item_topics[meeting.id, i] for i in range(len(meeting.items)))
        added = memo.added(meeting, topics, tuple(actions_by_meeting.get(meeting.id, ())))
        for pid, kind, value in added:
            rows[pid][kind].append(value)
    memo.finish()
    order = {topic_id: position for position, topic_id in enumerate(topic_order)}
    histories: dict[str, PersonHistory] = {}
    for pid, row in rows.items():
        seen: list[Meeting] = row["seen"]
        topics = sorted(set(row["topics"]), key=order.__getitem__)
        histories[pid] = PersonHistory(
            person=pid,
            attended=tuple(reversed(dict.fromkeys(row["attended"]))),
            absent=tuple(reversed(dict.fromkeys(row["absent"]))),
            updates=tuple(reversed(row["updates"])),
            items_led=tuple(reversed(row["items"])),
            actions=tuple(reversed(row["actions"])),
            celebrations=tuple(reversed(row["celebrations"])),
            mentions=tuple(reversed(row["mentions"])),
            topics=tuple(topics),
            first_seen=seen[0].date if seen else None,
            last_seen=seen[-1].date if seen else None,
            first_meeting=seen[0].id if seen else None,
            last_meeting=seen[-1].id if seen else None,
        )
    return histories


Added = tuple[tuple[str, str, object], ...]
"""What one meeting adds to the histories: (person id, list, value), in order."""


class HistoryMemo:
    """What each meeting added to the histories in the last build of this process
    (``mkdocs serve``): valid while the people index is the same object (no edit changed
    who is named where) and the meeting, its items' topics and its actions are the same."""

    def __init__(self) -> None:
        self._people: PeopleIndex | None = None
        self._kept: dict[int, tuple[Meeting, tuple, tuple, Added]] = {}
        self._now: dict[int, tuple[Meeting, tuple, tuple, Added]] = {}
        self.keep = False
        """Keep what each meeting added for the next build (``mkdocs serve``); a process
        that builds once would only hold it."""

    def start(self, people: PeopleIndex) -> None:
        if people is not self._people:
            self._people, self._kept = people, {}
        self._now = {}

    def added(
        self,
        meeting: Meeting,
        topics: tuple[tuple[str, ...], ...],
        actions: tuple[ActionEntry, ...],
    ) -> Added:
        """What ``meeting`` adds (its items' ``topics`` and its ``actions`` given)."""
        assert self._people is not None
        kept = self._kept.get(id(meeting))
        if kept is not None and kept[0] is meeting and kept[1] == topics and kept[2] == actions:
            found = kept[3]
        else:
            found = _gather(meeting, self._people, topics, actions)
        if self.keep:
            self._now[id(meeting)] = (meeting, topics, actions, found)
        return found

    def finish(self) -> None:
        """Forget the meetings this build did not have."""
        self._kept, self._now = self._now, {}

    def __getstate__(self) -> dict[str, object]:
        """Kept on disk empty: keyed by this process's identities."""
        return {"_people": None, "_kept": {}, "_now": {}, "keep": False}


def _gather(
    meeting: Meeting,
    people: PeopleIndex,
    item_topics: tuple[tuple[str, ...], ...],
    actions: Sequence[ActionEntry],
) -> Added:
    """What one meeting adds to the histories of the people it names, in order."""
    added: list[tuple[str, str, object]] = []
    for position, person in enumerate(meeting.attendees):
        pid = people.attendees[meeting.id, position]
        added.append((pid, "attended" if person.present else "absent", meeting.id))
        if person.present:
            added.append((pid, "seen", meeting))
    for position, update in enumerate(meeting.updates):
        pid = people.update_people.get((meeting.id, position))
        if pid:
            anchor = people.update_anchors[meeting.id, position]
            added.append((pid, "updates", (meeting.id, update, anchor)))
            added.append((pid, "seen", meeting))
    for position, item in enumerate(meeting.items):
        for pid in people.people_for(meeting, item.speakers):
            added.append((pid, "items", (meeting.id, item)))
            added.extend((pid, "topics", topic) for topic in item_topics[position])
            added.append((pid, "seen", meeting))
    for entry in actions:
        for pid in entry.assignees:
            added.append((pid, "actions", (meeting.id, entry.action)))
    for position, celebration in enumerate(meeting.celebrations):
        for pid in people.celebrated.get((meeting.id, position), ()):
            added.append((pid, "celebrations", (meeting.id, celebration)))
    for mention in meeting.mentions:
        pid = people.handle_person(mention.handle)
        if pid:
            added.append((pid, "mentions", (meeting.id, mention.line)))
    return tuple(added)
