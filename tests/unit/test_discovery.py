"""Topics that find themselves (issue 13): what puts an item on a discovered topic, what is
never a topic, and how the registry curates what discovery found.

The lines are written in the shapes real notes use (FORMATS.md); the corpus itself is read
from ``../shared`` by the tests marked ``shared``, never copied here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from mkdocs_minutes.archive import Archive, TopicEntry
from mkdocs_minutes.archive.discovery import (
    COUNT_BLOCK,
    AboutMatcher,
    DiscoveredTopic,
    DiscoveryMemo,
    _Counts,
    discover_topics,
    heading_key,
    learn_structure,
    line_key,
)
from mkdocs_minutes.archive.topics import plain_text
from mkdocs_minutes.model import AgendaItem
from mkdocs_minutes.notes.folder import read_notes
from tests.conftest import CORPUS

from .test_index import build, item, meeting, ref, roll

# (title, body, phrases of the topic, repositories cited by the item, about it?)
ABOUT = [
    # The phrase in the title, whatever the case, numbering, markup or link around it.
    ("JupyterCon update", "", ("jupytercon",), (), True),
    ("**JupyterCon**: program committee kick-off", "", ("jupytercon",), (), True),
    ("3. Discussed JupyterCon updates.", "", ("jupytercon",), (), True),
    ("[Python API improvements](https://github.com/o/r/issues/436)", "", ("python api",), (), True),
    ("Team-compass cleanup", "", ("team compass",), (), True),
    ("Hackathons: keep them going?", "", ("hackathon", "hackathons"), (), True),
    ("Meeting with OVH about their offer", "", ("ovh",), (), True),
    # Repeated in the body: the item is about it.
    (
        "Registration",
        "* JupyterCon registration is up 10%\n* JupyterCon venue asks for a minimum",
        ("jupytercon",),
        (),
        True,
    ),
    (
        "Layer export",
        "- the STAC browser PR is close\n  - STAC search needs paging",
        ("stac",),
        (),
        True,
    ),
    # Said once in passing: not about it.
    ("Budget for next year", "* we may ask at JupyterCon", ("jupytercon",), (), False),
    ("Office hours", "- Zach: ping me on Zulip", ("zulip",), (), False),
    # A URL is not text; its link text is.
    (
        "Dockerize (https://github.com/geojupyter/jupytergis/issues/267)",
        "",
        ("jupytergis",),
        (),
        False,
    ),
    (
        "see https://discourse.jupyter.org/t/1 and https://discourse.jupyter.org/t/2",
        "",
        ("discourse",),
        (),
        False,
    ),
    ("[the forum thread](https://discourse.jupyter.org/t/505)", "", ("discourse",), (), False),
    ("[Discourse thread](https://discourse.jupyter.org/t/505)", "", ("discourse",), (), True),
    # Whole words only.
    ("hovhannes joined", "", ("ovh",), (), False),
    ("communication plans", "", ("communications plan",), (), False),
    # An item citing an issue of the topic's repository is about it.
    ("Dockerize!", "", ("jupytergis",), ("geojupyter/jupytergis",), True),
    ("Dockerize!", "", ("jupytergis",), ("jupyter/governance",), False),
]


@pytest.mark.parametrize(("title", "body", "phrases", "repos", "expected"), ABOUT)
def test_an_item_is_on_a_discovered_topic_when_it_is_about_it(
    title: str, body: str, phrases: tuple[str, ...], repos: tuple[str, ...], expected: bool
) -> None:
    topic = DiscoveredTopic(
        "t", "T", phrases, repos=("geojupyter/jupytergis",) if "jupytergis" in phrases else ()
    )
    found = AboutMatcher([topic]).match(plain_text(title), plain_text(body), frozenset(repos))
    assert bool(found) is expected


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("## Agenda", "agenda"),
        ("### ⚡ (5 minutes) Lightning intros", "lightning intros"),
        ("### 💬 (10 minutes) Share out", "share out"),
        ("### 🪄 (all the minutes) Hack together!", "hack together"),
        ("## :left_speech_bubble: Team communication", "team communication"),
        ("## 2. Action items:", "action items"),
        ("### Upcoming meetings [5 min]", "upcoming meetings"),
    ],
)
def test_heading_key(heading: str, key: str) -> None:
    assert heading_key(heading) == key


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("* Tell us about you in 30 seconds or less!", "tell us about you in 30 seconds or less!"),
        ("- [ ] Review our project board", "review our project board"),
        ("3. Review our project board", "review our project board"),
        ("  > Please add new agenda items below", "please add new agenda items below"),
    ],
)
def test_line_key(line: str, key: str) -> None:
    assert line_key(line) == key


def _months(count: int, start: int = 2024) -> list[dt.date]:
    """Meeting dates two weeks apart, from January of ``start``."""
    return [dt.date(start, 1, 2) + dt.timedelta(days=14 * n) for n in range(count)]


def _hackathon(day: dt.date, extra: list[AgendaItem]) -> object:
    """A meeting of a templated series: the same headings and lines every time."""
    body = "\n".join(
        [
            f"# Virtual hackathon ({day})",
            "## Attendees",
            "## Agenda & notes",
            "### ⚡ (5 minutes) Lightning intros",
            "### 🌐 (5 minutes) Lightning demo",
            "### 💬 (10 minutes) Share out",
            "## Hack teams",
        ]
    )
    template = [
        AgendaItem(
            "⚡ Lightning intros",
            "lightning-intros",
            10,
            11,
            body="Tell us about you in 30 seconds or less!",
            is_heading=True,
        ),
        AgendaItem(
            "🌐 Lightning demo",
            "lightning-demo",
            12,
            14,
            body="What's new? Show & tell.\nPost on Zulip to request a demo slot; by default, "
            "Zulip demos come first!",
            is_heading=True,
        ),
        AgendaItem(
            "💬 Share out",
            "share-out",
            15,
            17,
            body="* Save your progress on Zulip\n* Share out in the doc below",
            is_heading=True,
        ),
    ]
    m = meeting(f"virtual-hackathon/{day}", items=[*template, *extra])
    return dataclasses.replace(m, body=body)


def test_structure_found_in_most_meetings_of_a_series_is_never_a_topic() -> None:
    subjects = ["STAC browser", "Symbology panel refactor", "Python API enhancements"]
    meetings = [
        _hackathon(day, [item(subjects[n % 3], line=30), item("Misc", line=40)])
        for n, day in enumerate(_months(12))
    ]
    structure = learn_structure(meetings)
    assert {"lightning intros", "lightning demo", "share out", "hack teams", "attendees"} <= (
        structure.headings["virtual-hackathon"]
    )
    assert "tell us about you in 30 seconds or less!" in structure.lines["virtual-hackathon"]
    found = discover_topics(meetings).topics
    names = {t.name.lower() for t in found}
    assert {"stac browser", "symbology panel refactor", "python api enhancements"} & names or {
        "stac",
        "symbology",
        "python api",
    } & names
    keys = structure.all_keys()
    for topic in found:
        assert heading_key(topic.name) not in keys, topic
        assert not {"zulip", "lightning", "share", "demo", "hack", "misc"} & set(
            topic.name.lower().split()
        ), topic


def _weekly(titles_by_week: list[list[str]], series: str = "team", start: int = 2023) -> list:
    return [
        meeting(
            f"{series}/{day}",
            items=[item(t, line=20 + 5 * n) for n, t in enumerate(titles)],
        )
        for day, titles in zip(_months(len(titles_by_week), start), titles_by_week, strict=True)
    ]


@pytest.mark.parametrize(
    "everyday",
    [
        "Would like to discuss this",
        "Next week",
        "Anything else?",
        "Thursday March 14",
        "2024 plans, 10 minutes",
        "Updates",
        "Action items",
        "Announcements",
        "Questions",
        "Discussed and agreed",
    ],
)
def test_everyday_phrases_dates_and_sections_are_not_topics(everyday: str) -> None:
    weeks = [[everyday, "Kubernetes upgrade" if n % 2 else "OVH cluster"] for n in range(12)]
    names = {t.name.lower() for t in discover_topics(_weekly(weeks)).topics}
    assert names, "the real subjects are found"
    assert names <= {"kubernetes upgrade", "kubernetes", "ovh cluster", "ovh"}, names


@pytest.mark.parametrize(
    "lead", ["Discussion surrounding", "Discussion regarding", "Conversation concerning"]
)
def test_a_way_of_talking_is_not_a_topic(lead: str) -> None:
    """A note-taker's habit (``Discussion surrounding the pitch deck``, ``... budget``) in a
    few meetings, each about something else, is not a subject (jupyter-ec 2024)."""
    subjects = ["pitch deck for the foundation", "budget priorities", "the contribution"]
    weeks = [
        [f"{lead} {subjects[n % 3]}" if n % 3 == 0 else "Budget", "OVH cluster"] for n in range(12)
    ]
    names = {t.name.lower() for t in discover_topics(_weekly(weeks)).topics}
    assert not any(lead.split()[1].lower() in name for name in names), names


def test_people_are_not_topics() -> None:
    weeks = [
        [f"Naomi suggested we revisit the OVH cluster ({n})" if n % 2 else "Budget"]
        + (["Zach Sailer on the Kubernetes upgrade"] if n % 3 == 0 else [])
        for n in range(12)
    ]
    meetings = _weekly(weeks)
    meetings[0] = dataclasses.replace(meetings[0], attendees=roll("Zach Sailer / @zsailer"))
    archive = build(*meetings)
    names = {t.name.lower() for t in archive.topics.values()}
    assert "ovh" in names or "ovh cluster" in names
    assert not names & {"naomi", "zach", "zach sailer", "zsailer"}


def test_a_phrase_in_one_week_is_less_a_topic_than_one_spread_over_months() -> None:
    burst = [["Plausible subscription"]] * 4 + [["Budget"]] * 20
    weekly = _weekly(burst)
    # The four "Plausible" meetings fall within six weeks; make them one week.
    for n in range(4):
        weekly[n] = dataclasses.replace(weekly[n], date=dt.date(2023, 1, 2 + n))
    spread = [[("Tidelift contract" if n % 6 == 0 else "Budget")] for n in range(24)]
    found = discover_topics(weekly + _weekly(spread, "other")).topics
    scores = {t.name.lower(): t.score for t in found}
    assert scores.get("tidelift contract", scores.get("tidelift", 0)) > scores.get(
        "plausible subscription", scores.get("plausible", 0)
    )


def test_near_duplicates_are_one_topic_with_aliases() -> None:
    titles = [
        "JupyterLab 4 release",
        "Jupyter Lab extensions",
        "JupyterLab docs",
        "Hackathons",
        "hackathon debrief",
        "Hackathon",
        "Code of Conduct",
        "CoC report",
        "code of conduct committee",
    ]
    weeks = [[titles[n % len(titles)], "Budget", "Misc"] for n in range(36)]
    archive = build(*_weekly(weeks))
    topics = {t.id: t for t in archive.topics.values()}
    assert "jupyterlab" in topics and "jupyter-lab" not in topics
    assert {"jupyterlab", "jupyter lab"} <= set(topics["jupyterlab"].aliases)
    assert "hackathon" in topics and "hackathons" not in topics
    assert {"hackathon", "hackathons"} <= set(topics["hackathon"].aliases)
    assert "code-of-conduct" in topics and "coc" not in topics
    assert "coc" in topics["code-of-conduct"].aliases
    assert all(t.discovered for t in topics.values())


def _archive_with_subjects(**kwargs) -> Archive:
    weeks = [
        [
            "Federation redirects" if n % 2 else "OVH cluster",
            "JupyterCon planning" if n % 3 == 0 else "Budget",
        ]
        for n in range(16)
    ]
    return build(*_weekly(weeks), **kwargs)


def test_discovery_can_be_turned_off_and_topics_hidden() -> None:
    assert _archive_with_subjects().topics
    assert not _archive_with_subjects(discover=False).topics
    ids = set(_archive_with_subjects().topics)
    hidden = set(_archive_with_subjects(exclude=["jupytercon", "OVH cluster"]).topics)
    assert "jupytercon" in ids and "jupytercon" not in hidden
    assert not {t for t in hidden if t.startswith("ovh")}


def test_the_registry_curates_discovered_topics() -> None:
    plain = _archive_with_subjects()
    assert "jupytercon" in plain.topics and plain.topics["jupytercon"].discovered
    # Same id: the registry names and describes it; one topic, not discovered any more.
    by_id = _archive_with_subjects(
        topics=[TopicEntry("jupytercon", "JupyterCon 2025", description="The conference.")]
    )
    topic = by_id.topics["jupytercon"]
    assert (topic.name, topic.description, topic.discovered) == (
        "JupyterCon 2025",
        "The conference.",
        False,
    )
    assert topic.items == plain.topics["jupytercon"].items
    assert [t for t in by_id.topics if t.startswith("jupytercon")] == ["jupytercon"]
    # A shared phrase: the entry takes the discovered topic's items under its own id.
    ovh = next(t for t in plain.topics.values() if t.id.startswith("ovh"))
    by_phrase = _archive_with_subjects(
        topics=[TopicEntry("hosting", "Hosting", match=("OVH cluster",))]
    )
    assert not any(t.startswith("ovh") for t in by_phrase.topics)
    assert set(ovh.items) <= set(by_phrase.topics["hosting"].items)
    # merge: folds discovered topics into an entry.
    merged = _archive_with_subjects(
        topics=[TopicEntry("infrastructure", "Infrastructure", merge=(ovh.id, "federation"))]
    )
    fed = next(t for t in plain.topics.values() if t.id.startswith("federation"))
    assert fed.id == "federation" or "federation" not in merged.topics
    items = set(merged.topics["infrastructure"].items)
    assert set(ovh.items) <= items
    assert not any(t.startswith("ovh") for t in merged.topics)


def test_registry_topics_keep_matching_every_mention() -> None:
    weeks = [["Budget", f"Misc ({n})"] for n in range(6)]
    meetings = _weekly(weeks)
    meetings[2] = dataclasses.replace(
        meetings[2], items=(item("Budget", body="* OVH once, in passing"),)
    )
    archive = build(*meetings, topics=[TopicEntry("ovh", "OVH")])
    assert archive.topics["ovh"].items == (("team/2023-01-30", "budget"),)
    assert not archive.topics["ovh"].discovered


def test_discovered_topic_timeline_people_and_refs() -> None:
    weeks = []
    for n in range(9):
        weeks.append([f"STAC browser ({n})"] if n % 3 == 0 else ["Budget"])
    meetings = _weekly(weeks)
    meetings[3] = dataclasses.replace(
        meetings[3],
        attendees=roll("Martin Renou / @martinRenou"),
        items=(
            item(
                "STAC browser",
                "Martin",
                line=40,
                end_line=44,
                body="* PR https://github.com/geojupyter/jupytergis/pull/12",
            ),
        ),
        refs=(ref("https://github.com/geojupyter/jupytergis/pull/12", 41),),
    )
    archive = build(*meetings)
    stac = next(t for t in archive.topics.values() if t.id.startswith("stac"))
    assert stac.discovered
    assert len({m for m, _ in stac.items}) == 3
    assert stac.people == ("martinrenou",)
    assert stac.refs == ("geojupyter/jupytergis#12",)
    assert (stac.first, stac.last) == (dt.date(2023, 1, 2), dt.date(2023, 3, 27))
    assert "stac browser" in stac.aliases or "stac" in stac.aliases


# -- the shared corpus ------------------------------------------------------------------------

CORPORA = {
    "jupyter-ec": (CORPUS / "jupyter-ec", {"JupyterCon", "Jupyter Foundation", "Linux Foundation"}),
    "geojupyter": (CORPUS / "geojupyter" / "meeting-notes", {"STAC", "Symbology", "QuantStack"}),
}


@pytest.fixture(scope="module", params=sorted(CORPORA))
def corpus(request: pytest.FixtureRequest) -> tuple[str, Archive, set[str]]:
    folder, expected = CORPORA[request.param]
    if not folder.exists():
        pytest.skip(f"{folder} is missing")
    return request.param, Archive.build(read_notes(folder)), expected


@pytest.mark.shared
def test_corpus_discovered_topics(corpus: tuple[str, Archive, set[str]]) -> None:
    name, archive, expected = corpus
    topics = [t for t in archive.topics.values() if t.discovered]
    assert 10 <= len(topics) <= 60, (name, len(topics))
    assert expected <= {t.name for t in topics}
    assert archive.discovery is not None
    structure = archive.discovery.structure
    structural = structure.all_keys()
    for topic in topics:
        # Items in at least three meetings, and never a section of the template.
        assert len({m for m, _ in topic.items}) >= 3, topic.name
        assert heading_key(topic.name) not in structural, topic.name
        assert topic.id == topic.id.lower() and topic.id.isascii()


@pytest.mark.shared
def test_corpus_headings_in_most_meetings_of_a_series_are_never_topics(
    corpus: tuple[str, Archive, set[str]],
) -> None:
    _, archive, _ = corpus
    assert archive.discovery is not None
    learned = archive.discovery.structure.headings
    assert any(learned.values()), "every templated series has structure"
    names = {heading_key(t.name) for t in archive.topics.values()}
    for series, headings in learned.items():
        assert not names & headings, series


# -- sums over runs of meetings, kept between serve builds ------------------------------------


def _counted(counts: object) -> dict[str, object]:
    """Every count of discovery, as ordered lists: the order keys were first seen matters."""
    fields = ("about", "titled", "anywhere", "raw", "body_raw", "named", "first", "title_words")
    found: dict[str, object] = {name: list(getattr(counts, name).items()) for name in fields}
    found["surfaces"] = [(gram, list(c.items())) for gram, c in counts.surfaces.items()]
    found["per_meeting"] = [sorted(about) for about in counts.per_meeting]
    return found


def test_kept_sums_add_up_to_what_every_meeting_adds() -> None:
    subjects = ["Kubernetes upgrade", "OVH cluster", "JupyterCon venue", "Budget", "Docs sprint"]
    weeks = [
        [subjects[n % 5], subjects[(n * 3) % 5], f"Week {n} notes"]
        for n in range(3 * COUNT_BLOCK + 7)
    ]
    meetings = _weekly(weeks, start=2010)
    meetings[5] = dataclasses.replace(meetings[5], items=())  # a meeting without items
    edited = list(meetings)
    position = COUNT_BLOCK + 3
    edited[position] = dataclasses.replace(
        meetings[position],
        items=(item("Kubernetes upgrade", body="* GESIS cluster: GESIS cluster is down"),),
    )
    memo = DiscoveryMemo()
    memo.keep_sums = True
    for archive in (meetings, edited, edited, meetings):
        structure = learn_structure(archive, memo)
        added = [(memo.words(m, structure), bool(m.items)) for m in archive]
        one_by_one = _Counts()
        for words, items in added:
            one_by_one.add(words, items=items)
        assert _counted(memo.counts(added)) == _counted(one_by_one)
        found, fresh = discover_topics(archive, memo=memo), discover_topics(archive)
        assert dataclasses.replace(found, seconds=0) == dataclasses.replace(fresh, seconds=0)


@pytest.mark.parametrize("serve", [False, True], ids=["build", "serve"])
def test_a_series_structure_is_learned_again_only_when_one_of_its_meetings_changed(
    monkeypatch: pytest.MonkeyPatch, serve: bool
) -> None:
    """An edit learns its own series' template again (under ``mkdocs serve`` by changing
    the kept positions of the edited meeting only); the other series' are the last
    build's, and the structure equals one learned from nothing."""
    from mkdocs_minutes.archive import discovery

    learned: list[int] = []
    replaced: list[int] = []
    positions = discovery._SeriesPositions
    init, replace = positions.__init__, positions.replace

    def learning(self: object, features: list) -> None:
        learned.append(len(features))
        init(self, features)

    def replacing(self: object, index: int, features: object) -> None:
        replaced.append(index)
        replace(self, index, features)

    monkeypatch.setattr(positions, "__init__", learning)
    monkeypatch.setattr(positions, "replace", replacing)
    template = ["Welcome and agenda", "Review action items"]
    team = _weekly([[*template, f"Subject {n}"] for n in range(8)], series="team")
    infra = _weekly([["Cluster status", f"Incident {n}"] for n in range(5)], series="infra")
    edited = list(team)
    edited[3] = dataclasses.replace(team[3], items=(item("Review action items"),))
    again = list(edited)
    again[3] = team[3]  # the edit undone
    memo = DiscoveryMemo()
    memo.keep_sums = serve
    steps = [
        (team + infra, [8, 5], []),
        (team + infra, [], []),
        (edited + infra, [] if serve else [8], [3] if serve else []),
        (again + infra, [] if serve else [8], [3] if serve else []),
        (again + infra[:-1], [4], []),
    ]
    for archive, learned_again, replaced_at in steps:
        learned.clear()
        replaced.clear()
        kept = learn_structure(archive, memo)
        memo.forget_unused()
        assert (learned, replaced) == (learned_again, replaced_at)
        fresh = learn_structure(archive)
        assert (kept.headings, kept.lines, kept.everywhere) == (
            fresh.headings,
            fresh.lines,
            fresh.everywhere,
        )


def test_meetings_without_items_keep_their_own_headings_between_builds() -> None:
    """Every meeting without agenda items has the same (empty) items: what discovery
    keeps of one such meeting is never another's. After the headings of all of them
    change, the structure is the one learned from nothing."""

    def without_items(day: str, heading: str) -> object:
        return dataclasses.replace(
            meeting(f"team/2024-01-{day}"), body=f"## {heading}\n\nNotes of the day\n"
        )

    days = ["04", "11", "18", "25"]
    before = [without_items(day, "Hack teams") for day in days]
    after = [without_items(day, "Lightning demos") for day in days]
    memo = DiscoveryMemo()
    learn_structure(before, memo)
    memo.forget_unused()
    kept = learn_structure(after, memo)
    assert kept.headings == learn_structure(after).headings
    assert kept.headings == {"team": frozenset({heading_key("Lightning demos")})}
