"""The topic pages: one per topic (``topic.html``) and their index (``topics.html``).

No MkDocs import.
"""

from __future__ import annotations

from markupsafe import Markup

from ..archive import Archive, Topic
from . import charts, paths
from .markup import front_matter, plain_excerpt
from .render import PageRenderer


def topic_span(topic: Topic) -> tuple[str, str]:
    """The dates a topic was first and last discussed (``""`` when never): those of its
    first and last items, which are in meeting order (by date)."""
    if topic.first is None or topic.last is None:
        return "", ""
    return topic.first.isoformat(), topic.last.isoformat()


def topics_index(renderer: PageRenderer, archive: Archive) -> str:
    """Every topic, most agenda items first."""
    rows = []
    for topic in sorted(archive.topics.values(), key=lambda t: (-len(t.items), t.name.lower())):
        first, last = topic_span(topic)
        rows.append({"topic": topic, "first": first, "last": last})
    return front_matter({"title": "Topics"}) + renderer.markdown(
        "minutes/topics.html", paths.TOPICS_INDEX, rows=rows
    )


def topic_page(renderer: PageRenderer, archive: Archive, topic: Topic) -> str:
    """A topic's timeline, people, issues and activity chart."""
    first, last = topic_span(topic)
    dates = [archive.meeting(mid).date for mid, _ in topic.items]
    chart = None
    if dates:
        chart = charts.cached(
            charts.activity_chart,
            tuple(dates),
            title=f"Activity on {topic.name}",
            desc=f"Agenda items about {topic.name} over time.",
            id_prefix=f"topic-{topic.id}",
        )
    timeline = []
    for meeting_id, anchor in reversed(topic.items):
        meeting = archive.meeting(meeting_id)
        item = archive.item(meeting_id, anchor)
        if item is None:
            continue
        speakers = archive.people_for(meeting, item.speakers)
        timeline.append(
            {
                "meeting": renderer.meeting_link(meeting),
                "anchor": anchor,
                "title": item.title,
                "speakers": [archive.people[p].name for p in speakers if p in archive.people],
                "excerpt": plain_excerpt(item.body, 160),
            }
        )
    others = [a for a in topic.aliases if "/" not in a and a != topic.name.lower()]
    context = {
        "topic": topic,
        "spellings": others[:6] if topic.discovered else [],
        "first": first,
        "last": last,
        "people": [archive.people[p] for p in topic.people if p in archive.people],
        "chart": Markup(chart) if chart else None,
        "timeline": timeline,
        "refs": [archive.refs[key] for key in topic.refs if key in archive.refs],
        "feed": paths.topic_feed(topic.id) if renderer.feeds else None,
    }
    meta: dict = {"title": topic.name, "description": topic.description or topic.name}
    if renderer.feeds:
        meta["minutes_feeds"] = [{"path": paths.topic_feed(topic.id), "title": topic.name}]
    return front_matter(meta) + renderer.markdown(
        "minutes/topic.html", paths.topic_src(topic.id), **context
    )
