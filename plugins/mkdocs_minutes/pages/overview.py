"""The archive's overview (``overview.html``): the home page, or wherever a site's page
writes ``<!-- minutes:overview -->``. No MkDocs import.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from ..archive import Archive, Topic
from . import charts
from .meeting import long_date
from .render import PageRenderer

OVERVIEW_MARKER = "<!-- minutes:overview -->"


def overview_markdown(renderer: PageRenderer, archive: Archive, src: str) -> str:
    """The overview as page Markdown, for the page at ``src``: latest meeting, numbers,
    charts, recent topics and meetings."""
    meetings = archive.meetings
    context: dict = {"latest": archive.latest}
    if meetings:
        latest = meetings[-1]
        years = {m.date.year for m in meetings}
        present = [(m.date, float(_present(m))) for m in meetings if _present(m)]
        drawn = [
            charts.cached(
                charts.bar_chart,
                tuple(charts.monthly_counts(m.date for m in meetings)),
                title="Meetings per month",
                desc=f"{len(meetings)} meetings from {meetings[0].date.isoformat()} "
                f"to {latest.date.isoformat()}, counted per month.",
                id_prefix="overview-months",
                y_label="meetings",
            )
        ]
        if present:
            drawn.append(
                charts.cached(
                    charts.line_chart,
                    tuple(present),
                    title="Attendees per meeting",
                    desc="Number of people on each meeting's roll call.",
                    id_prefix="overview-attendees",
                    y_label="attendees",
                )
            )
        context |= {
            "long_date": long_date(latest),
            "cards": [
                {"value": len(meetings), "label": "meetings", "index": "meetings"},
                {"value": len(archive.people), "label": "people", "index": "people"},
                {"value": len(archive.topics), "label": "topics", "index": "topics"},
                {"value": len(archive.refs), "label": "issues & PRs", "index": "refs"},
                {
                    "value": f"{min(years)}–{max(years)}" if len(years) > 1 else str(min(years)),
                    "label": "years",
                    "index": None,
                },
            ],
            "charts": [Markup(chart) for chart in drawn],
            "topics": [{"topic": t, "last": last} for t, last in recent_topics(archive)[:8]],
            "recent": [renderer.meeting_link(m) for m in reversed(meetings[-10:])],
        }
    return renderer.markdown("minutes/overview.html", src, **context)


def _present(meeting) -> int:
    return sum(1 for a in meeting.attendees if a.present)


def recent_topics(archive: Archive) -> list[tuple[Topic, dt.date]]:
    """Topics with items, by the date they were last discussed, newest first."""
    rows = []
    for topic in archive.topics.values():
        if topic.items:
            rows.append((topic, max(archive.meeting(m).date for m, _ in topic.items)))
    return sorted(rows, key=lambda r: r[1], reverse=True)
