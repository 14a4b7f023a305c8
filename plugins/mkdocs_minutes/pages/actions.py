"""The actions page (``actions.html``): open actions by person, every action by meeting.

No MkDocs import.
"""

from __future__ import annotations

from collections import defaultdict

from ..archive import ActionEntry, Archive
from . import paths
from .markup import front_matter
from .render import PageRenderer


def actions_page(renderer: PageRenderer, archive: Archive) -> str:
    """Open actions grouped by assignee (unassigned last), then all actions by meeting."""
    actions = archive.actions()
    open_actions = [a for a in actions if not a.done and not a.carried_over_to]
    by_person: dict[str, list[ActionEntry]] = defaultdict(list)
    for action in open_actions:
        for person_id in action.assignees or ("",):
            by_person[person_id].append(action)
    people = archive.people
    groups = [
        {
            "name": people[pid].name if pid in people else "Unassigned",
            "person": people.get(pid),
            "actions": by_person[pid],
        }
        for pid in sorted(
            by_person, key=lambda p: (p == "", people[p].name.lower() if p in people else p)
        )
    ]
    by_meeting: dict[str, list[ActionEntry]] = defaultdict(list)
    for action in actions:
        by_meeting[action.meeting].append(action)
    meetings = sorted(
        (archive.meeting(m) for m in by_meeting), key=lambda m: (m.date, m.id), reverse=True
    )
    link = renderer.meeting_link
    blocks = [
        {
            "meeting": link(meeting),
            "rows": [
                {
                    "action": action,
                    "assignees": [people.get(p) for p in action.assignees],
                    "carried_from": link(archive.meeting(action.carried_over_from[0]))
                    if action.carried_over_from
                    else None,
                }
                for action in by_meeting[meeting.id]
            ],
        }
        for meeting in meetings
    ]
    return front_matter({"title": "Actions"}) + renderer.markdown(
        "minutes/actions.html",
        paths.ACTIONS_INDEX,
        total=len(actions),
        open_count=len(open_actions),
        by_person=groups,
        by_meeting=blocks,
        meetings={m.id: link(m) for m in archive.meetings},
    )
