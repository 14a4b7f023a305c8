"""The archive index: meeting ids, series order, anchors, refs, actions, recurring titles.

Meetings are built by hand with the small factory at the top (the other archive tests
import it), so each row shows exactly the shape under test; the end of the file checks the
seed note and the real corpus through the parser.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from mkdocs_minutes.archive import (
    Archive,
    ArchiveMemo,
    PersonEntry,
    TopicEntry,
    safe_meeting_id,
    timelines,
)
from mkdocs_minutes.archive.actions import CARRY_OVER_WINDOW
from mkdocs_minutes.archive.refs import ref_page
from mkdocs_minutes.findings import SEVERITY
from mkdocs_minutes.model import (
    ActionItem,
    AgendaItem,
    Attendee,
    Celebration,
    Meeting,
    Mention,
    ParsedNote,
    Reference,
    Update,
)
from mkdocs_minutes.text import heading_slug

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "2019-03-21-team-meeting.md"
CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"

# -- the factory ----------------------------------------------------------------------------


def roll(*lines: str, first_line: int = 10) -> tuple[Attendee, ...]:
    """Roll-call lines in the seed's shape: ``Name / Org / @handle``; ``(absent)`` at the end."""
    people = []
    for offset, text in enumerate(lines):
        present = "(absent)" not in text
        parts = [p.strip() for p in text.replace("(absent)", "").split("/")]
        handle = next((p[1:] for p in parts[1:] if p.startswith("@")), None)
        affiliation = next((p for p in parts[1:] if p and not p.startswith("@")), None)
        people.append(
            Attendee(
                name=parts[0],
                line=first_line + offset,
                handle=handle,
                affiliation=affiliation,
                present=present,
            )
        )
    return tuple(people)


def updates(*lines: str, first_line: int = 30) -> tuple[Update, ...]:
    """``Author: text`` bullets, one line each."""
    result = []
    for offset, text in enumerate(lines):
        author, _, rest = text.partition(":")
        line = first_line + offset
        result.append(Update(author=author.strip(), text=rest.strip(), line=line, end_line=line))
    return tuple(result)


def item(
    title: str,
    *speakers: str,
    line: int = 60,
    end_line: int | None = None,
    body: str = "",
    minutes: int | None = None,
) -> AgendaItem:
    """An agenda item; the anchor is the title's slug as the parser makes it."""
    return AgendaItem(
        title=title,
        anchor=heading_slug(title),
        line=line,
        end_line=end_line if end_line is not None else line,
        speakers=speakers,
        minutes=minutes,
        body=body,
    )


def ref(url: str, line: int, context: str = "") -> Reference:
    """A reference from a github.com URL (issues, pull, discussions, commit)."""
    match = re.match(
        r"https://github\.com/([^/]+/[^/]+)/(issues|pull|discussions|commit)/(\w+)", url
    )
    assert match, url
    kinds = {"issues": "issue", "pull": "pull", "discussions": "discussion", "commit": "commit"}
    kind = kinds[match[2]]
    number: int | str = match[3] if kind == "commit" else int(match[3])
    return Reference(match[1], number, kind, url, line, context or url)  # type: ignore[arg-type]


def meeting(
    meeting_id: str,
    *,
    path: str | None = None,
    line: int = 1,
    series: str | None = None,
    attendees: Iterable[Attendee] = (),
    updates: Iterable[Update] = (),
    items: Iterable[AgendaItem] = (),
    actions: Iterable[ActionItem] = (),
    refs: Iterable[Reference] = (),
    celebrations: Iterable[Celebration] = (),
    mentions: Iterable[Mention] = (),
    title: str = "Team meeting",
) -> Meeting:
    """A meeting as the parser would give it; date and series come from the id."""
    date = dt.date.fromisoformat(re.search(r"\d{4}-\d{2}-\d{2}", meeting_id)[0])
    if series is None and "/" in meeting_id:
        series = meeting_id.split("/")[0]
    return Meeting(
        id=meeting_id,
        date=date,
        title=title,
        series=series,
        source_path=path or f"{meeting_id}.md",
        line=line,
        end_line=line + 100,
        body="",
        attendees=tuple(attendees),
        updates=tuple(updates),
        celebrations=tuple(celebrations),
        items=tuple(items),
        actions=tuple(actions),
        refs=tuple(refs),
        mentions=tuple(mentions),
    )


def notes(*meetings: Meeting) -> list[ParsedNote]:
    """One ParsedNote per source path, meetings in line order."""
    by_path: dict[str, list[Meeting]] = {}
    for m in meetings:
        by_path.setdefault(m.source_path, []).append(m)
    return [
        ParsedNote(path=p, text="", meetings=tuple(sorted(ms, key=lambda m: m.line)))
        for p, ms in by_path.items()
    ]


def build(*meetings: Meeting, **kwargs) -> Archive:
    """The archive of these meetings."""
    return Archive.build(notes(*meetings), **kwargs)


def codes(archive: Archive) -> list[str]:
    """Finding codes, in order."""
    return [f.code for f in archive.findings]


# -- meeting ids ----------------------------------------------------------------------------

# (meetings as (base id, path, line), expected final ids in source order, finding codes)
DUPLICATES = [
    pytest.param(
        [("2019-03-21", "2019.md", 3), ("2019-03-21", "2019.md", 40)],
        ["2019-03-21", "2019-03-21-2"],
        ["duplicate-meeting-archive"],
        id="two sessions in one archive file",
    ),
    pytest.param(
        [("2019-03-21", "2019-03-21.md", 1), ("2019-03-21", "2019-03-21_copy.md", 1)],
        ["2019-03-21", "2019-03-21-2"],
        ["duplicate-meeting-files"],
        id="copied file",
    ),
    pytest.param(
        [
            ("c/2020-01-07", "c/a.md", 1),
            ("c/2020-01-07", "c/b.md", 1),
            ("c/2020-01-07", "c/c.md", 1),
        ],
        ["c/2020-01-07", "c/2020-01-07-2", "c/2020-01-07-3"],
        ["duplicate-meeting-files", "duplicate-meeting-files"],
        id="third copy gets -3",
    ),
    pytest.param(
        [("a/2020-01-07", "a/x.md", 1), ("b/2020-01-07", "b/x.md", 1)],
        ["a/2020-01-07", "b/2020-01-07"],
        [],
        id="two series on one date",
    ),
    pytest.param(
        [("2020-01-07-planning", "p.md", 1), ("2020-01-07-review", "r.md", 1)],
        ["2020-01-07-planning", "2020-01-07-review"],
        [],
        id="distinct slugs",
    ),
    pytest.param(
        [("2020-01-07", "a.md", 1), ("2020-01-07", "b.md", 1), ("2020-01-07-2", "c.md", 1)],
        ["2020-01-07", "2020-01-07-3", "2020-01-07-2"],
        ["duplicate-meeting-files"],
        id="suffix never takes another meeting's id",
    ),
    pytest.param(
        [("2020-01-07", "b.md", 1), ("2020-01-07", "a.md", 1)],
        ["2020-01-07-2", "2020-01-07"],
        ["duplicate-meeting-files"],
        id="source order is path order, not input order",
    ),
]


@pytest.mark.parametrize(("rows", "expected", "finding_codes"), DUPLICATES)
def test_duplicate_meeting_ids(
    rows: list[tuple[str, str, int]], expected: list[str], finding_codes: list[str]
) -> None:
    built = [meeting(mid, path=path, line=line) for mid, path, line in rows]
    archive = build(*built)
    final = {(m.source_path, m.line): m.id for m in archive.meetings}
    assert [final[path, line] for _, path, line in rows] == expected
    assert codes(archive) == finding_codes
    assert len(archive.meetings) == len(rows)


def test_duplicate_files_warning_names_both_files() -> None:
    archive = build(
        meeting("2019-03-21", path="community/2019-03-21.md"),
        meeting("2019-03-21", path="community/copy-of-2019-03-21.md", line=1),
    )
    (finding,) = archive.findings
    assert finding.code == "duplicate-meeting-files"
    assert SEVERITY[finding.code][0] == "warning"
    assert finding.path == "community/copy-of-2019-03-21.md"
    assert "community/2019-03-21.md:1" in finding.message
    assert "2019-03-21-2" in finding.message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2019-03-21", "2019-03-21"),
        ("community/2019-03-21", "community/2019-03-21"),
        ("meeting_notes/2023-11-21", "meeting_notes/2023-11-21"),
        ("community/2019-03-21-kick-off", "community/2019-03-21-kick-off"),
        ("../2019-03-21", "2019-03-21"),
        ("a/b/2019-03-21", "a-b/2019-03-21"),
        ("Équipe Été/2019-03-21", "equipe-ete/2019-03-21"),
        ("index/2019-03-21", "index-series/2019-03-21"),
        ("latest", "latest-meeting"),
        ("", "2019-03-21"),
        ("/", "2019-03-21"),
        ("..", "2019-03-21"),
    ],
)
def test_safe_meeting_id(raw: str, expected: str) -> None:
    assert safe_meeting_id(raw, dt.date(2019, 3, 21)) == expected


def test_meetings_sorted_and_series_neighbours() -> None:
    archive = build(
        meeting("sync/2020-01-14"),
        meeting("community/2020-01-07"),
        meeting("sync/2020-01-07"),
        meeting("2020-01-10"),
        meeting("community/2020-01-21"),
        meeting("2020-01-03"),
    )
    assert [m.id for m in archive.meetings] == [
        "2020-01-03",
        "community/2020-01-07",
        "sync/2020-01-07",
        "2020-01-10",
        "sync/2020-01-14",
        "community/2020-01-21",
    ]
    community = archive.meeting("community/2020-01-07")
    assert archive.previous(community) is None
    assert archive.next(community).id == "community/2020-01-21"
    assert archive.previous(archive.meeting("sync/2020-01-14")).id == "sync/2020-01-07"
    # Meetings without a series are a series of their own.
    assert archive.next(archive.meeting("2020-01-03")).id == "2020-01-10"
    assert archive.latest.id == "community/2020-01-21"
    with pytest.raises(KeyError):
        archive.meeting("2020-02-02")


# -- update anchors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attendees", "lines", "items", "expected"),
    [
        pytest.param(
            ["Erik Sundell / @consideRatio"],
            ["Erik: lab coms"],
            [],
            ["update-consideratio"],
            id="resolved author: lowercased handle",
        ),
        pytest.param(
            ["Erik Sundell / @consideratio"],
            ["Erik: first", "Erik Sundell: second", "consideratio: third"],
            [],
            ["update-consideratio", "update-consideratio-2", "update-consideratio-3"],
            id="same person thrice, document order",
        ),
        pytest.param(
            ["Erik Sundell / @consideratio", "Erik Other / @eother"],
            ["Erik: which one?"],
            [],
            ["update-erik"],
            id="ambiguous author: slug of the name",
        ),
        pytest.param(
            ["Ana Lopez"],
            ["Ana: pass"],
            [],
            ["update-ana-lopez"],
            id="person without handle: name slug",
        ),
        pytest.param(
            ["Min / @minrk"],
            ["Min: hello"],
            ["Update minrk"],
            ["update-minrk-2"],
            id="never the anchor of an agenda item",
        ),
    ],
)
def test_update_anchor(
    attendees: list[str], lines: list[str], items: list[str], expected: list[str]
) -> None:
    m = meeting(
        "2019-03-21",
        attendees=roll(*attendees),
        updates=updates(*lines),
        items=[item(t, line=80 + i) for i, t in enumerate(items)],
    )
    archive = build(m)
    final = archive.meetings[0]
    assert [archive.update_anchor(final, u) for u in final.updates] == expected


# -- references -----------------------------------------------------------------------------

I759 = "https://github.com/jupyterhub/mybinder.org-deploy/issues/759"


def test_refs_index_mentions_in_meeting_order_with_anchors() -> None:
    march = meeting(
        "2019-03-21",
        attendees=roll("Tim Head / @betatim"),
        updates=(Update("Sylvain", "OVH deployment", line=41, end_line=44),),
        items=[item("meeting with OVH", line=64, end_line=71)],
        refs=[
            ref(I759, 42, "[issue here](" + I759 + ")"),
            ref(I759 + "#issuecomment-1", 69),
            ref("https://github.com/jupyterlab/jupyterlab/pull/6099", 55),
        ],
    )
    april = meeting("2019-04-18", refs=[ref(I759, 12, "still open")])
    archive = build(april, march)
    entry = archive.refs["jupyterhub/mybinder.org-deploy#759"]
    assert entry.mentions == (
        ("2019-03-21", "update-sylvain", "[issue here](" + I759 + ")", 42),
        ("2019-03-21", "meeting-with-ovh", I759 + "#issuecomment-1", 69),
        ("2019-04-18", None, "still open", 12),
    )
    assert entry.meetings == ("2019-03-21", "2019-04-18")
    assert entry.url == I759
    assert entry.page == "refs/jupyterhub/mybinder.org-deploy/759/"
    assert archive.refs["jupyterlab/jupyterlab#6099"].mentions[0].anchor is None


def test_refs_sorted_by_repo_then_number_and_kind_merged() -> None:
    archive = build(
        meeting(
            "2020-01-07",
            refs=[
                ref("https://github.com/Org/Zeta/issues/10", 5),
                ref("https://github.com/org/alpha/issues/12", 6),
                ref("https://github.com/org/alpha/issues/9", 7),
                ref("https://github.com/org/alpha/commit/0123456789abcdef0123", 8),
                ref("https://github.com/Org/Zeta/pull/10", 9),
            ],
        )
    )
    assert list(archive.refs) == [
        "org/alpha#9",
        "org/alpha#12",
        "org/alpha@0123456789ab",
        "org/zeta#10",
    ]
    zeta = archive.refs["org/zeta#10"]
    # /issues/10 and /pull/10 are one object; GitHub redirects the issue URL to the PR.
    assert (zeta.kind, zeta.url, zeta.page) == (
        "pull",
        "https://github.com/Org/Zeta/pull/10",
        "refs/org/zeta/10/",
    )
    assert archive.refs["org/alpha@0123456789ab"].page == "refs/org/alpha/0123456789ab/"


@pytest.mark.parametrize(
    ("url", "page"),
    [
        (
            "https://github.com/jupyterhub/mybinder.org-deploy/issues/759",
            "refs/jupyterhub/mybinder.org-deploy/759/",
        ),
        (
            "https://github.com/binder-examples/apt_install/pull/4",
            "refs/binder-examples/apt_install/4/",
        ),
        ("https://github.com/JupyterLab/JupyterLab/pull/6099", "refs/jupyterlab/jupyterlab/6099/"),
        ("https://github.com/org/.github/issues/3", "refs/org/dot-github/3/"),
        ("https://github.com/index/search/issues/3", "refs/index-repo/search-repo/3/"),
        ("https://github.com/o/r/commit/ABCDEF0123456789", "refs/o/r/abcdef012345/"),
    ],
)
def test_ref_page_is_folder_safe(url: str, page: str) -> None:
    assert ref_page(ref(url, 1)) == page


# -- actions --------------------------------------------------------------------------------


def action(text: str, *assignees: str, line: int = 90, done: bool = False) -> ActionItem:
    """An action item as the parser gives it."""
    return ActionItem(text=text, line=line, assignees=assignees, done=done)


# (first meeting's action, later meeting's action, linked?)
CARRIED = [
    pytest.param(
        action("Sylvain to post a calendar invite on the GH issue", "Sylvain"),
        action("Sylvain to post a calendar invive on the GH issues so anyone can join", "Sylvain"),
        True,
        id="copied forward with edits and a typo",
    ),
    pytest.param(
        action("Update the contributing guide with the new release process"),
        action("update the contributing guide with the new release process"),
        True,
        id="verbatim, case differs",
    ),
    pytest.param(
        action("Update the contributing guide", done=True),
        action("Update the contributing guide"),
        False,
        id="done actions are not carried",
    ),
    pytest.param(
        action("Matt to review"),
        action("Matt to review this week!"),
        False,
        id="too short to match loosely",
    ),
    pytest.param(
        action("Min to follow up with NumFOCUS about the budget", "Min"),
        action("Min to follow up with LF about the election", "Min"),
        False,
        id="same opening, different task",
    ),
    pytest.param(
        action("write the blog post about the release", "Ana"),
        action("write the blog post about the release", "Ben"),
        False,
        id="different assignees",
    ),
]


@pytest.mark.parametrize(("first", "later", "linked"), CARRIED)
def test_carried_over_actions(first: ActionItem, later: ActionItem, linked: bool) -> None:
    people = roll("Sylvain Corlay / @SylvainCorlay", "Min / @minrk", "Ana Lopez", "Ben Ng")
    archive = build(
        meeting("sync/2020-01-07", attendees=people, actions=[first]),
        meeting("sync/2020-01-14", attendees=people, actions=[later]),
    )
    before, after = archive.actions()
    assert before.meeting == "sync/2020-01-07"
    assert (before.carried_over_to is not None) == linked
    if linked:
        assert before.carried_over_to == ("sync/2020-01-14", 0)
        assert after.carried_over_from == ("sync/2020-01-07", 0)
    else:
        assert after.carried_over_from is None


def test_carried_over_chain_within_series_only() -> None:
    task = "Draft the governance proposal for the steering council"
    archive = build(
        meeting("sync/2020-01-07", actions=[action(task)]),
        meeting("other/2020-01-10", actions=[action(task)]),
        meeting(
            "sync/2020-01-14", actions=[action("Unrelated thing to look into soon"), action(task)]
        ),
        meeting("sync/2020-01-21", actions=[action(task + " (done)", done=True)]),
    )
    by_key = {(a.meeting, a.index): a for a in archive.actions()}
    assert by_key["sync/2020-01-07", 0].carried_over_to == ("sync/2020-01-14", 1)
    assert by_key["sync/2020-01-14", 1].carried_over_from == ("sync/2020-01-07", 0)
    assert by_key["sync/2020-01-14", 1].carried_over_to == ("sync/2020-01-21", 0)
    assert by_key["sync/2020-01-21", 0].done
    assert by_key["other/2020-01-10", 0].carried_over_from is None
    assert by_key["sync/2020-01-14", 0].carried_over_from is None


def test_actions_linked_by_a_forked_worker_are_the_same(forked: list[int]) -> None:
    """``mkdocs build`` links the actions in a forked worker while the topics are found:
    the same links, entries holding this process's own actions, a memo that the next
    build reuses."""
    task = "Draft the governance proposal for the steering council"
    meetings = [
        meeting("sync/2020-01-07", actions=[action(task), action("Ana to book the room")]),
        meeting(
            "sync/2020-01-14", actions=[action("Unrelated thing to look into soon"), action(task)]
        ),
        meeting("sync/2020-01-21", actions=[action(task + " (done)", done=True)]),
    ]
    here = build(*meetings).actions()
    memo = ArchiveMemo()
    archive = build(*meetings, memo=memo, workers=1)
    assert len(forked) == 1
    assert archive.actions() == here
    assert archive.actions()[0].carried_over_to == ("sync/2020-01-14", 1)
    by_meeting = {m.id: m for m in archive.meetings}
    for entry in archive.actions():
        assert entry.action is by_meeting[entry.meeting].actions[entry.index]
    again = build(*meetings, memo=memo, workers=1)
    assert len(forked) == 1, "the memo's links are reused, no worker needed"
    assert again.actions() == here


@pytest.mark.parametrize(
    ("gap", "linked"), [(1, True), (CARRY_OVER_WINDOW, True), (CARRY_OVER_WINDOW + 1, False)]
)
def test_carried_over_only_within_the_window(gap: int, linked: bool) -> None:
    task = "Draft the governance proposal for the steering council"
    start = dt.date(2020, 1, 7)
    built = [
        meeting(
            f"sync/{start + dt.timedelta(weeks=week)}",
            actions=[action(task)] if week in (0, gap) else [],
        )
        for week in range(gap + 1)
    ]
    first = build(*built).actions()[0]
    assert (first.carried_over_to is not None) is linked


def test_action_assignees_resolve_to_people() -> None:
    archive = build(
        meeting(
            "2019-03-21",
            attendees=roll("Tim Head / @betatim"),
            updates=updates("Sylvain: OVH deployment"),
            actions=[
                action("Sylvain to post a calendar invive", "Sylvain"),
                action("x y z", "Tim", "Nobody"),
            ],
        )
    )
    first, second = archive.actions()
    assert first.assignees == ("sylvain",)
    assert second.assignees == ("betatim",)


def test_linked_actions_are_kept_while_no_action_changes() -> None:
    """Under ``mkdocs serve`` the links of the last build stand while no meeting's actions,
    ids or series changed and names resolve as before; an edited action links again."""
    task = "Draft the governance proposal for the steering council"
    people = roll("Ana Lopez / @analopez")
    memo = ArchiveMemo()

    def week(day: str, text: str, body: str = "") -> Meeting:
        return meeting(
            f"sync/2020-01-{day}",
            attendees=people,
            items=[item("Governance", "Ana", body=body)],
            actions=[action(text, "Ana")],
        )

    first = build(week("07", task), week("14", task), memo=memo).actions()
    again = build(week("07", task, body="reworded"), week("14", task), memo=memo).actions()
    assert again == first
    assert all(a is b for a, b in zip(again, first, strict=True))
    edited = [week("07", task), week("14", "Book the venue for the sprint in March")]
    changed = build(*edited, memo=memo).actions()
    assert changed == build(*edited).actions()
    assert changed[0].carried_over_to is None


def test_histories_built_with_the_memo_equal_histories_built_without(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under ``mkdocs serve`` what an unchanged meeting adds to the histories is the last
    build's (it is not gathered again); after each edit every history is what a build
    from nothing gives."""
    from mkdocs_minutes.archive import TopicEntry, histories

    gathered: list[str] = []
    gather = histories._gather

    def counting(meeting: Meeting, *args: object) -> object:
        gathered.append(meeting.id)
        return gather(meeting, *args)

    monkeypatch.setattr(histories, "_gather", counting)
    people = roll("Ana Lopez / @analopez", "Ben Okafor / @benok")
    topics = [TopicEntry("federation", "Federation")]
    memo = ArchiveMemo()
    memo.expect_rebuilds(True)

    def week(
        day: str, *, speaker: str = "Ana", title: str = "Federation", said: str = ""
    ) -> Meeting:
        return meeting(
            f"sync/2020-01-{day}",
            attendees=people,
            updates=updates(f"Ben: {said or 'pass'}"),
            items=[item(title, speaker)],
            actions=[action("Write the federation report", speaker)],
        )

    first = week("07")  # unchanged throughout: the same object, as a serve session keeps it
    versions = [
        ([first, week("14")], None),
        ([first, week("14", said="moved the docs")], ["sync/2020-01-14"]),  # an update
        ([first, week("14", speaker="Ben")], None),  # another speaker and assignee
        ([first, week("14", speaker="Ben", title="Budget")], None),  # off the topic
        ([first], None),  # a meeting gone
    ]
    for version, again in versions:
        gathered.clear()
        kept = build(*version, topics=topics, discover=False, memo=memo)
        if again is not None:
            assert gathered == again
        fresh = build(*version, topics=topics, discover=False)
        for person_id in fresh.people:
            assert kept.person_history(person_id) == fresh.person_history(person_id)


# -- recurring titles -----------------------------------------------------------------------


def test_recurring_titles_not_covered_by_a_topic() -> None:
    titles = [
        ["**1. Release planning:**", "Federation update", "Lightning intros"],
        ["Release Planning", "federation update", "Lightning intros"],
        ["2. release planning", "Federation update"],
        ["Lightning intros"],
    ]
    built = [
        meeting(
            f"sync/2020-01-{7 + 7 * i:02d}", items=[item(t, line=60 + j) for j, t in enumerate(row)]
        )
        for i, row in enumerate(titles)
    ]
    archive = build(*built, topics=[TopicEntry("federation", "Federation")])
    assert archive.recurring_titles() == [
        ("lightning intros", ["sync/2020-01-07", "sync/2020-01-14", "sync/2020-01-28"]),
        ("release planning", ["sync/2020-01-07", "sync/2020-01-14", "sync/2020-01-21"]),
    ]
    assert archive.recurring_titles(min_meetings=4) == []
    recurring = [f for f in archive.findings if f.code == "recurring-title"]
    assert [(f.path, f.line) for f in recurring] == [
        ("sync/2020-01-28.md", 60),
        ("sync/2020-01-21.md", 60),
    ]


def test_actions_reached_here_first_leave_no_worker_behind(
    monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    """When this process reaches the actions before the worker takes them (a small
    archive), it links them itself, and the worker is reaped and its file closed."""
    from mkdocs_minutes import workers

    slow_start = workers.SharedJobs._run

    def late(self, output) -> None:  # type: ignore[no-untyped-def]
        time.sleep(0.5)
        slow_start(self, output)

    monkeypatch.setattr(workers.SharedJobs, "_run", late)
    task = "Draft the governance proposal for the steering council"
    meetings = [
        meeting("sync/2020-01-07", actions=[action(task)]),
        meeting("sync/2020-01-14", actions=[action(task)]),
    ]
    linked = build(*meetings, workers=1).actions()
    assert linked == build(*meetings).actions()
    assert linked[0].carried_over_to == ("sync/2020-01-14", 0)
    assert forked
    for pid in forked:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped already


def test_topics_matched_by_a_forked_worker_are_the_same(
    monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    """``mkdocs build`` matches the meetings' items to topics in forked workers too: each
    item gets the same topics, each topic the same rows, as this process alone finds."""
    phrases = [
        "federation update",
        "communications plan draft",
        "binder release checklist",
        "jupyterhub helm chart",
    ]
    built = [
        meeting(
            f"sync/2020-{1 + week // 4:02d}-{1 + 7 * (week % 4):02d}",
            items=[
                item(
                    phrases[(week + j) % 4].capitalize(),
                    line=60 + 10 * j,
                    body=f"- notes on the {phrases[(week + j) % 4]}\n- more of it",
                )
                for j in range(2)
            ]
            + [item("Lightning intros", line=90, body="- the federation update went out")],
        )
        for week in range(16)
    ]
    registry = [TopicEntry("federation", "Federation")]
    alone = build(*built, topics=registry)
    monkeypatch.setattr(timelines, "MIN_SHARED_MATCHES", 1)
    shared = build(*built, topics=registry, workers=1)
    assert forked, "a worker matched some of the meetings"

    def found(archive: Archive) -> tuple:
        return (
            {
                (m.id, i): archive.item_topics_at(m, i)
                for m in archive.meetings
                for i in range(len(m.items))
            },
            dict(archive.topics),
        )

    assert found(shared) == found(alone)
    assert sum(topic.discovered for topic in alone.topics.values()) >= 2
    assert any(found(alone)[0].values())


# -- person history -------------------------------------------------------------------------


def test_person_history() -> None:
    archive = build(
        meeting(
            "2019-03-21",
            attendees=roll("Tim Head / Binder / @betatim", "Min / Simula / @minrk (absent)"),
            updates=updates("Tim: first deploy", "Tim: second thought"),
            items=[item("Federation/redirection", "Tim", line=117, end_line=127)],
            actions=[action("highlight other deployments", "Tim", line=126)],
            celebrations=[
                Celebration("Thanks to [@betatim](https://github.com/betatim) for the deploy", 52),
                Celebration("[Min](https://github.com/minrk) had a baby", 53, person="Min"),
            ],
            mentions=[Mention("betatim", 52), Mention("BetaTim", 130)],
        ),
        meeting(
            "2019-04-18",
            attendees=roll("Tim Head / Binder / @betatim (absent)", "Min / Simula / @minrk"),
            items=[item("Binder federation", "Min", line=70)],
        ),
        topics=[TopicEntry("federation", "Federation")],
    )
    tim = archive.person_history("betatim")
    assert tim.attended == ("2019-03-21",)
    assert tim.absent == ("2019-04-18",)
    assert [(m, u.text, a) for m, u, a in tim.updates] == [
        ("2019-03-21", "second thought", "update-betatim-2"),
        ("2019-03-21", "first deploy", "update-betatim"),
    ]
    assert [(m, i.anchor) for m, i in tim.items_led] == [("2019-03-21", "federationredirection")]
    assert [a.text for _, a in tim.actions] == ["highlight other deployments"]
    assert [c.line for _, c in tim.celebrations] == [52]
    assert tim.mentions == (("2019-03-21", 130), ("2019-03-21", 52))
    assert tim.topics == ("federation",)
    assert (tim.first_seen, tim.last_seen) == (dt.date(2019, 3, 21), dt.date(2019, 3, 21))
    minrk = archive.person_history("minrk")
    assert minrk.attended == ("2019-04-18",)
    assert minrk.absent == ("2019-03-21",)
    assert [c.line for _, c in minrk.celebrations] == [53]
    assert minrk.first_meeting == minrk.last_meeting == "2019-04-18"
    with pytest.raises(KeyError):
        archive.person_history("nobody")


def test_unknown_mention_is_a_debug_finding_and_no_person() -> None:
    archive = build(meeting("2019-03-21", mentions=[Mention("kannes", 52), Mention("kannes", 52)]))
    assert archive.handle_person("kannes") is None
    assert "kannes" not in archive.people
    assert codes(archive) == ["unknown-handle"]
    assert SEVERITY["unknown-handle"][0] == "info"


def test_every_finding_code_has_a_severity() -> None:
    archive = build(
        meeting(
            "2019-03-21",
            path="a.md",
            attendees=roll("Erik A / @ea", "Erik B / @eb"),
            updates=updates("Erik: hi", "Zoe: hi"),
            mentions=[Mention("ghost", 3)],
            items=[item("Weekly sync")],
        ),
        meeting("2019-03-21", path="b.md", items=[item("Weekly sync")]),
        meeting("2019-03-28", path="c.md", items=[item("Weekly sync")]),
    )
    assert set(codes(archive)) == {
        "duplicate-meeting-files",
        "ambiguous-name",
        "unknown-person",
        "unknown-handle",
        "recurring-title",
    }
    assert all(code in SEVERITY for code in codes(archive))


# -- the seed and the corpus, through the parser ---------------------------------------------


@pytest.fixture(scope="module")
def seed_archive() -> Archive:
    """The seed note parsed for real, with a topic registry like the demo's."""
    from mkdocs_minutes.notes import parse_note

    note = parse_note("2019-03-21.md", SEED.read_bytes())
    topics = [
        TopicEntry("federation", "Federation"),
        TopicEntry("communications-plan", "Communications plan"),
        TopicEntry("ovh", "OVH"),
        TopicEntry("discourse", "Discourse"),
    ]
    people = [PersonEntry("choldgraf", "Chris Holdgraf", ("Chris", "Chris H"))]
    return Archive.build([note], topics=topics, people=people)


@pytest.mark.shared
def test_seed_people_updates_and_cross_links(seed_archive: Archive) -> None:
    archive = seed_archive
    (seed,) = archive.meetings
    people = [archive.attendee_person(seed, a) for a in seed.attendees]
    assert people == [
        "zsailer", "minrk", "pherterich", "consideratio", "sgibson91",
        "lheagy", "betatim", "jhamman", "ellisonbg",
    ]  # fmt: skip
    assert [a.present for a in seed.attendees].count(False) == 1
    assert not seed.attendees[1].present
    authors = [archive.update_person(seed, u) for u in seed.updates]
    assert authors == [
        "pherterich", "consideratio", "lheagy", "jhamman", "betatim", "choldgraf", "sylvain",
    ]  # fmt: skip
    assert archive.topics["federation"].items == ((seed.id, "federationredirection"),)
    assert archive.topics["federation"].people == ("betatim",)
    assert (seed.id, "a-communications-plan") in archive.topics["communications-plan"].items
    assert archive.topics["communications-plan"].people == ("choldgraf",)
    mentions = archive.refs["jupyterhub/mybinder.org-deploy#759"].mentions
    assert len(mentions) == 2 and {m.meeting for m in mentions} == {seed.id}
    sylvain = [a for a in archive.actions() if "calendar" in a.text]
    assert [a.assignees for a in sylvain] == [("sylvain",)]
    assert sum(a.text.startswith(("let", "make")) for a in archive.actions()) == 3
    assert [f.code for f in archive.findings] == ["unknown-person", "unknown-handle"]


@pytest.fixture(scope="module")
def corpus_archive() -> Archive:
    """Every note of the shared corpus, parsed for real."""
    from mkdocs_minutes.notes.folder import read_notes

    return Archive.build(read_notes(CORPUS))


@pytest.mark.shared
def test_corpus_every_roll_call_line_is_in_its_person_history(corpus_archive: Archive) -> None:
    archive = corpus_archive
    for m in archive.meetings:
        for attendee in m.attendees:
            history = archive.person_history(archive.attendee_person(m, attendee))
            assert m.id in (history.attended if attendee.present else history.absent)
    frequent = max(archive.people, key=lambda p: len(archive.person_history(p).attended))
    attended = archive.person_history(frequent).attended
    assert len(attended) >= 50
    assert list(attended) == sorted(attended, key=lambda i: archive.meeting(i).date, reverse=True)


@pytest.mark.shared
def test_corpus_handles_are_one_person_case_insensitively(corpus_archive: Archive) -> None:
    archive = corpus_archive
    seen: dict[str, set[str]] = {}
    for m in archive.meetings:
        for attendee in m.attendees:
            if attendee.handle:
                seen.setdefault(attendee.handle.lower(), set()).add(
                    archive.attendee_person(m, attendee)
                )
    assert seen and all(len(ids) == 1 for ids in seen.values())
    # mfisher87 writes their handle in several ways across the geojupyter notes.
    assert len(archive.person_history("mfisher87").attended) >= 20


@pytest.mark.shared
def test_corpus_refs_list_every_meeting_that_cites_them(corpus_archive: Archive) -> None:
    archive = corpus_archive
    cited: dict[str, list[str]] = {}
    for m in archive.meetings:
        for r in m.refs:
            if m.id not in cited.setdefault(r.key, []):
                cited[r.key].append(m.id)
    assert set(cited) == set(archive.refs)
    for key, meeting_ids in cited.items():
        assert list(archive.refs[key].meetings) == meeting_ids
    assert max(len(ids) for ids in cited.values()) >= 2
