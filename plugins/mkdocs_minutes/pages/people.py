"""The people pages: one per person (``person.html``) and their index (``people.html``).

The variables each template receives are built here from the archive index; the markup
is the templates'. No MkDocs import.
"""

from __future__ import annotations

from collections import defaultdict

from markupsafe import Markup

from ..archive import Archive, PersonHistory
from . import charts, paths
from .markup import front_matter
from .render import MeetingLink, PageRenderer


def people_index(renderer: PageRenderer, archive: Archive) -> str:
    """The people index: everyone, most meetings attended first."""
    histories = {pid: archive.person_history(pid) for pid in archive.people}
    ordered = sorted(
        archive.people.values(), key=lambda p: (-len(histories[p.id].attended), p.name.lower())
    )
    rows = [{"person": person, "history": histories[person.id]} for person in ordered]
    return front_matter({"title": "People"}) + renderer.markdown(
        "minutes/people.html", paths.PEOPLE_INDEX, rows=rows
    )


def person_page(renderer: PageRenderer, archive: Archive, person_id: str) -> str:
    """A person's page: attendance, updates, items led, actions, shout-outs, topics."""
    person = archive.people[person_id]
    history: PersonHistory = archive.person_history(person_id)
    affiliations = [
        f"{affiliation} ({archive.meeting(meeting_id).date.year})"
        for meeting_id, affiliation in person.affiliations
    ]
    attended = set(history.attended)
    chart = None
    if archive.meetings:
        # Keyed by every meeting's date (one tuple for all people) and a string of flags:
        # a tuple of (date, attended) pairs per person is 9 MB at 150 people.
        chart = charts.cached(
            charts.attendance_of,
            renderer.memo.stable("meeting_dates", tuple(m.date for m in archive.meetings)),
            "".join("1" if m.id in attended else "0" for m in archive.meetings),
            title=f"Attendance of {person.name}",
            desc=f"{len(attended)} of {len(archive.meetings)} meetings attended, one tick per "
            "meeting, filled when attended.",
            id_prefix=f"att-{person_id}",
        )
    absent = set(history.absent)

    def link(meeting_id: str) -> MeetingLink:
        return renderer.meeting_link(archive.meeting(meeting_id))

    years: dict[int, list[dict]] = defaultdict(list)
    # Newest first; meetings of one day by id, so every build lists them alike.
    for meeting_id in sorted(
        attended | absent, key=lambda m: (archive.meeting(m).date, m), reverse=True
    ):
        meeting = archive.meeting(meeting_id)
        label = meeting.date.strftime("%d %b") + (" (absent)" if meeting_id in absent else "")
        years[meeting.date.year].append({"meeting": renderer.meeting_link(meeting), "label": label})
    context = {
        "person": person,
        "history": history,
        "other_names": [name for name in person.names if name != person.name],
        "affiliations": list(dict.fromkeys(affiliations)),
        "chart": Markup(chart) if chart else None,
        "updates": [
            {"meeting": link(mid), "anchor": anchor, "text": update.text}
            for mid, update, anchor in history.updates
        ],
        "items_led": [
            {"meeting": link(mid), "anchor": item.anchor, "title": item.title}
            for mid, item in history.items_led
        ],
        "actions": [
            {"meeting": link(mid), "text": action.text, "done": action.done}
            for mid, action in history.actions
        ],
        "shoutouts": [
            {"meeting": link(mid), "text": celebration.text}
            for mid, celebration in history.celebrations
        ],
        "topics": [archive.topics[t] for t in history.topics if t in archive.topics],
        "years": [{"year": year, "meetings": rows} for year, rows in years.items()],
        "feed": paths.person_feed(person_id) if renderer.feeds else None,
    }
    meta: dict = {"title": person.name, "description": f"{person.name} in the meeting notes"}
    if renderer.feeds:
        meta["minutes_feeds"] = [{"path": paths.person_feed(person_id), "title": person.name}]
    return front_matter(meta) + renderer.markdown(
        "minutes/person.html", paths.person_src(person_id), **context
    )
