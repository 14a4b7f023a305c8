"""The archive index kept between builds (``ArchiveMemo``, ``mkdocs serve``) against the
index built from nothing, after random sequences of edits.

Each memo keeps something by identity (a meeting, its items, a matcher); a hole in one of
them shows as a difference after some edit nobody thought of. The edits: an item list or
a roll call rewritten, a heading in one meeting's text or in all of a series', a meeting added, removed, moved to
another series or copied (a second meeting on one date), the registries and
``topics_exclude`` changed, discovery turned off and on, and the session pickled and read
back as a new process does. Seeded, so a failure names the seed and step that show it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import random

import pytest

from mkdocs_minutes.archive import Archive, ArchiveMemo, PersonEntry, TopicEntry
from mkdocs_minutes.model import Meeting

from .test_index import build, item, meeting, roll, updates

PHRASES = [
    "binder federation",
    "helm chart",
    "budget",
    "ovh cluster",
    "gesis",
    "sprint planning",
    "grant report",
    "jupyterlab release",
    "code of conduct",
    "docs sprint",
    "kubernetes upgrade",
    "welcome and agenda",
    "review action items",
    "outreachy",
    "security audit",
]
ROLL = ["Ana Silva / Org / @ana", "Ben Roe", "Cara Lin / @cara", "Dev Patel", "Eve Kim / X"]
SERIES = [None, "team", "team", "infra"]


def _items(rng: random.Random) -> tuple:
    items: list = []
    for position in range(rng.choice([0, 0, 1, 2, 3, 4, 5])):
        title = rng.choice(PHRASES).title()
        if rng.random() < 0.3:
            title += " " + rng.choice(PHRASES)
        body = "\n".join(
            f"- {rng.choice(PHRASES)} {rng.choice(['discussed', 'is back', 'moves on'])}"
            for _ in range(rng.randint(0, 3))
        )
        speakers = rng.sample(["Ana", "Ben", "Cara"], rng.randint(0, 2))
        candidate = item(title, *speakers, line=60 + 10 * position, body=body)
        if all(other.anchor != candidate.anchor for other in items):
            items.append(candidate)
    return tuple(items)


def _meeting(rng: random.Random, day: int, series: str | None) -> Meeting:
    date = dt.date(2024, 1, 1) + dt.timedelta(days=day)
    return meeting(
        (f"{series}/" if series else "") + date.isoformat(),
        series=series,
        items=_items(rng),
        attendees=roll(*rng.sample(ROLL, rng.randint(0, 3))),
        updates=updates(
            *[f"{rng.choice(['Ana', 'Ben', 'Zed'])}: did things" for _ in range(rng.randint(0, 2))]
        ),
    )


def _snapshot(archive: Archive) -> dict[str, object]:
    """Everything the pages and the export read of the index."""
    discovery = archive.discovery
    return {
        "topics": archive.topics,
        "item topics": {
            (m.id, i): archive.item_topics_at(m, i)
            for m in archive.meetings
            for i in range(len(m.items))
        },
        "topic items": {t: archive.topic_items(t) for t in archive.topics},
        "discovery": None
        if discovery is None
        else (
            discovery.topics,
            discovery.structure.headings,
            discovery.structure.lines,
            discovery.structure.everywhere,
            discovery.texts,
            discovery.item_repos,
        ),
        "people": archive.people,
        "meeting people": {m.id: archive.meeting_people(m) for m in archive.meetings},
        "histories": {p: archive.person_history(p) for p in archive.people},
        "recurring titles": archive.recurring_titles(),
        "findings": archive.findings,
        "actions": archive.actions(),
    }


def _edit(rng: random.Random, state: dict) -> str:
    """One random edit of the archive or the options; its name."""
    meetings: list[Meeting] = state["meetings"]
    roll_of_dice = rng.random()
    if roll_of_dice < 0.3 and meetings:
        i = rng.randrange(len(meetings))
        meetings[i] = dataclasses.replace(meetings[i], items=_items(rng))
        return "items rewritten"
    if roll_of_dice < 0.38 and meetings:
        i = rng.randrange(len(meetings))
        meetings[i] = dataclasses.replace(meetings[i], attendees=roll(*rng.sample(ROLL, 2)))
        return "roll call rewritten"
    if roll_of_dice < 0.46 and meetings:
        i = rng.randrange(len(meetings))
        heading = rng.choice(["Hack teams", "Lightning demos", "Open floor"])
        meetings[i] = dataclasses.replace(meetings[i], body=f"## {heading}\n")
        return "heading"
    if roll_of_dice < 0.5:
        heading = rng.choice(["Hack teams", "Lightning demos", "Open floor"])
        series = rng.choice(SERIES)
        for i, one in enumerate(meetings):
            if one.series == series:
                meetings[i] = dataclasses.replace(one, body=f"## {heading}\n")
        return "a series' template"
    if roll_of_dice < 0.56:
        meetings.append(_meeting(rng, 7 * len(meetings) + rng.randint(0, 3), rng.choice(SERIES)))
        return "meeting added"
    if roll_of_dice < 0.63 and len(meetings) > 2:
        meetings.pop(rng.randrange(len(meetings)))
        return "meeting removed"
    if roll_of_dice < 0.68 and meetings:
        i = rng.randrange(len(meetings))
        meetings[i] = dataclasses.replace(meetings[i], series=rng.choice(SERIES))
        return "series changed"
    if roll_of_dice < 0.73 and meetings:
        copied = rng.choice(meetings)
        meetings.append(dataclasses.replace(copied, source_path=f"copy-{rng.randrange(99)}.md"))
        return "meeting copied"
    if roll_of_dice < 0.78:
        another = TopicEntry(
            rng.choice(["ovh", "grant", "helm"]), "Another", match=(rng.choice(PHRASES),)
        )
        state["topics"] = [*state["topics"][:1], another]
        return "topic registry"
    if roll_of_dice < 0.82:
        state["exclude"] = [] if state["exclude"] else [rng.choice(PHRASES)]
        return "topics_exclude"
    if roll_of_dice < 0.86:
        state["people"] = [] if state["people"] else [PersonEntry(name="Ben Roe", handle="benr")]
        return "people registry"
    if roll_of_dice < 0.9:
        state["discover"] = not state["discover"]
        return "discovery toggled"
    # A new process: the notes and the memo come back from one pickle, as the session does.
    state["meetings"], state["memo"] = pickle.loads(pickle.dumps((meetings, state["memo"])))
    state["memo"].expect_rebuilds(True)
    return "session read back"


@pytest.mark.parametrize("seed", range(12))
def test_an_index_kept_between_builds_equals_one_built_from_nothing(seed: int) -> None:
    rng = random.Random(seed)
    memo = ArchiveMemo()
    memo.expect_rebuilds(True)
    state: dict = {
        "meetings": [_meeting(rng, 7 * n, rng.choice(SERIES)) for n in range(rng.randint(4, 24))],
        "topics": [TopicEntry("budget", "Budget"), TopicEntry("ovh", "OVH")],
        "people": [],
        "exclude": [],
        "discover": True,
        "memo": memo,
    }
    done = ["first build"]
    for step in range(20):
        options = {
            "topics": state["topics"],
            "people": state["people"],
            "exclude": state["exclude"],
            "discover": state["discover"],
        }
        kept = _snapshot(build(*state["meetings"], memo=state["memo"], **options))
        fresh = _snapshot(build(*state["meetings"], **options))
        for part, value in fresh.items():
            assert kept[part] == value, f"seed {seed}, step {step} after {done[-1]}: {part}"
        done.append(_edit(rng, state))
