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
) -> dict[str, PersonHistory]:
    """Each person's history, gathered in one pass over the meetings (oldest first), then
    turned newest first."""
    rows: dict[str, dict[str, list]] = {
        pid: {kind: [] for kind in (*_KINDS, "topics", "seen")} for pid in people.people
    }
    actions_by_meeting: dict[str, list[ActionEntry]] = {}
    for entry in actions:
        actions_by_meeting.setdefault(entry.meeting, []).append(entry)
    for meeting in meetings:
        _gather(meeting, people, item_topics, actions_by_meeting.get(meeting.id, ()), rows)
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


def _gather(
    meeting: Meeting,
    people: PeopleIndex,
    item_topics: dict[tuple[str, int], tuple[str, ...]],
    actions: Sequence[ActionEntry],
    rows: dict[str, dict[str, list]],
) -> None:
    """Add one meeting to the histories of the people it names."""
    for position, person in enumerate(meeting.attendees):
        pid = people.attendees[meeting.id, position]
        rows[pid]["attended" if person.present else "absent"].append(meeting.id)
        if person.present:
            rows[pid]["seen"].append(meeting)
    for position, update in enumerate(meeting.updates):
        pid = people.update_people.get((meeting.id, position))
        if pid:
            anchor = people.update_anchors[meeting.id, position]
            rows[pid]["updates"].append((meeting.id, update, anchor))
            rows[pid]["seen"].append(meeting)
    for position, item in enumerate(meeting.items):
        for pid in people.people_for(meeting, item.speakers):
            rows[pid]["items"].append((meeting.id, item))
            rows[pid]["topics"].extend(item_topics[meeting.id, position])
            rows[pid]["seen"].append(meeting)
    for entry in actions:
        for pid in entry.assignees:
            rows[pid]["actions"].append((meeting.id, entry.action))
    for position, celebration in enumerate(meeting.celebrations):
        for pid in people.celebrated.get((meeting.id, position), ()):
            rows[pid]["celebrations"].append((meeting.id, celebration))
    for mention in meeting.mentions:
        pid = people.handle_person(mention.handle)
        if pid:
            rows[pid]["mentions"].append((meeting.id, mention.line))
