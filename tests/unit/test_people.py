"""People resolution: one person per handle, first names, registry aliases, ambiguity.

Each row is a small archive (registry, then meetings with roll calls and updates in the
seed's shapes) and what the last meeting's update authors, speakers or roll-call lines
resolve to. The rules are issue 2's and the contract's; see ``archive/people.py``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mkdocs_minutes.archive import Archive, ArchiveMemo, PersonEntry
from mkdocs_minutes.archive.people import abbreviates, initials_of, name_key, name_slug
from mkdocs_minutes.findings import SEVERITY

from .test_index import build, item, meeting, notes, roll, updates

Row = tuple[list[PersonEntry], list[tuple[list[str], list[str]]]]


def archive_of(registry: list[PersonEntry], meetings: list[tuple[list[str], list[str]]]) -> Archive:
    """Meetings a week apart, each ``(roll-call lines, update lines)``."""
    start = dt.date(2020, 1, 1)
    built = [
        meeting(str(start + dt.timedelta(weeks=i)), attendees=roll(*r), updates=updates(*u))
        for i, (r, u) in enumerate(meetings)
    ]
    return build(*built, people=registry)


def last_authors(archive: Archive) -> list[str | None]:
    """The person of each update of the last meeting."""
    last = archive.meetings[-1]
    return [archive.update_person(last, u) for u in last.updates]


# (registry, meetings, persons of the last meeting's update authors, finding codes)
UPDATE_AUTHORS = [
    pytest.param(
        [],
        [(["Erik Sundell / Sandvik / @consideratio"], ["Erik: lab coms"])],
        ["consideratio"],
        [],
        id="first name -> same meeting's roll call",
    ),
    pytest.param(
        [],
        [(["Erik Sundell / @consideratio"], ["erik sundell: x", "ERIK: y", "consideRatio: z"])],
        ["consideratio"] * 3,
        [],
        id="full name, case, handle as author",
    ),
    pytest.param(
        [],
        [
            (["Erik Other / @eother"], []),
            (["Erik Sundell / @consideratio"], ["Erik: lab coms"]),
        ],
        ["consideratio"],
        [],
        id="roll call wins over the archive",
    ),
    pytest.param(
        [],
        [(["Erik Sundell / @consideratio", "Erik Other / @eother"], ["Erik: lab coms"])],
        [None],
        ["ambiguous-name"],
        id="two Eriks on the roll call: warning, nobody",
    ),
    pytest.param(
        [],
        [(["Kim Weber / @kweber"], ["KW: pass"])],
        ["kweber"],
        [],
        id="initials",
    ),
    pytest.param(
        [PersonEntry("minrk", "Min Ragan-Kelley", ("MinRK",))],
        [([], ["MinRK: release notes"])],
        ["minrk"],
        [],
        id="registry alias",
    ),
    pytest.param(
        [PersonEntry("choldgraf", "Chris Holdgraf", ("Chris",))],
        [(["Chris Other / @cother"], []), ([], ["Chris: discourse"])],
        ["choldgraf"],
        [],
        id="registry wins over the archive",
    ),
    pytest.param(
        [],
        [(["Sarah Gibson / @sgibson91"], []), ([], ["Sarah: workshops"])],
        ["sgibson91"],
        [],
        id="whole archive when unambiguous",
    ),
    pytest.param(
        [],
        [
            (["Sarah Gibson / @sgibson91"], []),
            (["Sarah Connor / @sconnor"], []),
            ([], ["Sarah: workshops"]),
        ],
        [None],
        ["ambiguous-name"],
        id="two Sarahs in the archive: warning, nobody",
    ),
    pytest.param(
        [],
        [(["Tim Head / @betatim"], ["Sylvain: OVH deployment"])],
        ["sylvain"],
        ["unknown-person"],
        id="author on no roll call is a person",
    ),
    pytest.param(
        [],
        [([], ["Sylvain: one"]), ([], ["Sylvain: two"])],
        ["sylvain"],
        ["unknown-person", "unknown-person"],
        id="same unknown author twice is one person",
    ),
    pytest.param(
        [],
        [(["Ana Lopez"], ["Ana: pass"])],
        ["ana-lopez"],
        [],
        id="first name -> roll-call person without handle",
    ),
]


@pytest.mark.parametrize(("registry", "meetings", "expected", "finding_codes"), UPDATE_AUTHORS)
def test_update_author_resolution(
    registry: list[PersonEntry],
    meetings: list[tuple[list[str], list[str]]],
    expected: list[str | None],
    finding_codes: list[str],
) -> None:
    archive = archive_of(registry, meetings)
    assert last_authors(archive) == expected
    assert [f.code for f in archive.findings] == finding_codes
    for person in expected:
        if person:
            assert person in archive.people


def test_ambiguous_name_warning_names_file_line_and_candidates() -> None:
    archive = build(
        meeting(
            "community/2020-01-07",
            attendees=roll("Erik Sundell / @consideratio", "Erik Other / @eother"),
            updates=updates("Erik: hello", first_line=36),
        )
    )
    (finding,) = archive.findings
    assert (finding.code, finding.path, finding.line) == (
        "ambiguous-name",
        "community/2020-01-07.md",
        36,
    )
    assert SEVERITY[finding.code][0] == "warning"
    assert "Erik Sundell (@consideratio)" in finding.message
    assert "Erik Other (@eother)" in finding.message
    assert "unknown-person" not in [f.code for f in archive.findings]
    assert "erik" not in archive.people


# (roll calls of successive meetings, person id of each line of the last roll call)
ROLL_CALLS = [
    pytest.param(
        [["Ana Lopez / @AnaL"], ["Ana Lopez / @anal"], ["Ana L. / @ANAL"]],
        ["anal"],
        id="handle case-insensitive",
    ),
    pytest.param(
        [["Ana Ruvalcaba"], ["Ana Ruvalcaba", "Jason"]],
        ["ana-ruvalcaba", "jason"],
        id="name-only people by name",
    ),
    pytest.param(
        [["Zach Sailer"], ["Zach"]],
        ["zach-sailer"],
        id="first name alone -> the one fuller name",
    ),
    pytest.param(
        [["Zach"], ["Zach Sailer / @Zsailer"]],
        ["zsailer"],
        id="fuller name seen later still wins",
    ),
    pytest.param(
        [["Jason Grout / @jasongrout", "Jason Weill"], ["Jason"]],
        ["jason"],
        id="first name of two fuller people: its own person",
    ),
    pytest.param(
        [["Erik Sundell / @consideratio"], ["Erik Sundell"]],
        ["consideratio"],
        id="full name without handle -> the handle's person",
    ),
    pytest.param(
        [["Min / @minrk"], ["Min"]],
        ["minrk"],
        id="spelling seen with a handle",
    ),
    pytest.param(
        [["Ana B"], ["Anastasia Bell / @ana-b"]],
        ["ana-b"],
        id="handle keeps its id; name slug gives way",
    ),
    pytest.param(
        [["José Pérez", "Jose Perez"]],
        ["jose-perez", "jose-perez"],
        id="accents folded",
    ),
    pytest.param(
        [["Index Person / @index", "Latest"]],
        ["index-person", "latest-person"],
        id="reserved ids get a suffix",
    ),
]


@pytest.mark.parametrize(("rolls", "expected"), ROLL_CALLS)
def test_roll_call_people(rolls: list[list[str]], expected: list[str]) -> None:
    archive = archive_of([], [(r, []) for r in rolls])
    last = archive.meetings[-1]
    assert [archive.attendee_person(last, a) for a in last.attendees] == expected
    assert all(pid in archive.people for pid in expected)
    assert archive.findings == ()


def test_name_slug_collision_gets_a_number() -> None:
    archive = archive_of([], [(["Ana B"], []), (["Anastasia Bell / @ana-b"], [])])
    first = archive.meetings[0]
    assert archive.attendee_person(first, first.attendees[0]) == "ana-b-2"
    assert archive.people["ana-b-2"].name == "Ana B"
    assert archive.people["ana-b"].name == "Anastasia Bell"


def test_person_fields() -> None:
    archive = archive_of(
        [],
        [
            (["Min / Simula / @minrk"], []),
            (["Min RK / Simula / @MinRK"], ["Min: hi"]),
            (["Min Ragan-Kelley / Simula / @minrk"], []),
            (["Min / Simula / @minrk"], []),
            (["Min / Simula Research Lab / @minrk"], []),
            (["Min / Simula / @minrk"], []),
        ],
    )
    person = archive.people["minrk"]
    assert person.name == "Min Ragan-Kelley"
    assert person.handle == "minrk"
    assert person.names == ("Min", "Min RK", "Min Ragan-Kelley")
    assert person.affiliations == (
        ("2020-01-01", "Simula"),
        ("2020-01-29", "Simula Research Lab"),
        ("2020-02-05", "Simula"),
    )
    assert person.affiliation == "Simula"


def test_registry_seeds_name_aliases_and_affiliation() -> None:
    registry = [PersonEntry("consideRatio", "Erik Sundell", ("Erik S",), "2i2c")]
    archive = archive_of(registry, [(["Erik / Sandvik / @consideratio"], [])])
    person = archive.people["consideratio"]
    assert person.name == "Erik Sundell"
    assert person.names[:2] == ("Erik Sundell", "Erik S")
    assert "Erik" in person.names
    assert person.affiliation == "2i2c"
    assert person.affiliations == (("2020-01-01", "Sandvik"),)
    assert person.in_registry


def test_people_sorted_by_name() -> None:
    archive = archive_of([], [(["zoe / @zz", "Ana Lopez", "Ben / @aaa"], [])])
    assert [p.name for p in archive.people.values()] == ["Ana Lopez", "Ben", "zoe"]


# (meeting's roll call and updates, a speaker as written, person id or None)
SPEAKERS = [
    pytest.param(["Tim Head / @betatim"], [], "Tim", "betatim", id="roll call first name"),
    pytest.param([], ["Chris: discourse"], "Chris H", "chris", id="update author, initial"),
    pytest.param(["Brian Granger / @ellisonbg"], [], "@EllisonBG", "ellisonbg", id="@handle"),
    pytest.param(["Zach / @Zsailer"], [], "Zach Sailer", "zsailer", id="fuller than roll call"),
    pytest.param(["Tim Head / @betatim"], [], "Carol", None, id="unknown speaker is nobody"),
    pytest.param(["Tim Head / @betatim"], [], "@ghost", None, id="unknown handle is nobody"),
]


@pytest.mark.parametrize(("attendees", "lines", "speaker", "expected"), SPEAKERS)
def test_speaker_resolution(
    attendees: list[str], lines: list[str], speaker: str, expected: str | None
) -> None:
    archive = build(
        meeting(
            "2019-03-21",
            attendees=roll(*attendees),
            updates=updates(*lines),
            items=[item("Federation/redirection", speaker)],
        )
    )
    final = archive.meetings[0]
    assert archive.people_for(final, final.items[0].speakers) == ((expected,) if expected else ())
    assert "carol" not in archive.people


def test_ambiguous_speaker_is_a_warning_at_the_item_line() -> None:
    archive = build(
        meeting(
            "2019-03-21",
            attendees=roll("Sarah Gibson / @sgibson91", "Sarah Connor / @sconnor"),
            items=[item("workshops", "Sarah", line=75), item("more", "Sarah", "Sarah", line=80)],
        )
    )
    final = archive.meetings[0]
    assert archive.people_for(final, ("Sarah",)) == ()
    assert [(f.code, f.line) for f in archive.findings] == [
        ("ambiguous-name", 75),
        ("ambiguous-name", 80),
    ]


def test_handle_person_is_case_insensitive() -> None:
    archive = archive_of([], [(["Erik Sundell / @consideRatio"], [])])
    assert archive.handle_person("consideratio") == "consideratio"
    assert archive.handle_person("@CONSIDERATIO") == "consideratio"
    assert archive.handle_person("someone-else") is None
    assert archive.people["consideratio"].handle == "consideRatio"


@pytest.mark.parametrize(
    ("short", "full", "expected"),
    [
        ("Erik", "Erik Sundell", True),
        ("Chris H", "Chris Holdgraf", True),
        ("C Holdgraf", "Chris Holdgraf", True),
        ("Erik Sundell", "Erik Sundell", False),
        ("Erik Sundell", "Erik", False),
        ("E", "Erik Sundell", False),
        ("Min RK", "Min Ragan-Kelley", False),
        ("Eric", "Erik Sundell", False),
    ],
)
def test_abbreviates(short: str, full: str, expected: bool) -> None:
    assert abbreviates(name_key(short), name_key(full)) is expected


@pytest.mark.parametrize(
    ("written", "full", "expected"),
    [("KW", "Kim Weber", True), ("kw", "Kim Weber", False), ("KWB", "Kim Weber", False)],
)
def test_initials(written: str, full: str, expected: bool) -> None:
    assert initials_of(written, name_key(full)) is expected


@pytest.mark.parametrize(
    ("name", "key", "slug"),
    [
        ("Patricia Herterich", ("patricia", "herterich"), "patricia-herterich"),
        ("Kim Doe (she/her)", ("kim", "doe"), "kim-doe"),
        ("[Leticia](https://github.com/leportella)", ("leticia",), "leticia"),
        ("Fernando Pérez", ("fernando", "perez"), "fernando-perez"),
        ("李雷", ("李雷",), "person-"),
    ],
)
def test_name_key_and_slug(name: str, key: tuple[str, ...], slug: str) -> None:
    assert name_key(name) == key
    assert name_slug(name).startswith(slug)
    assert "/" not in name_slug(name) and ".." not in name_slug(name)


# -- the people of the last build, kept while nobody changes (mkdocs serve) ----------------

_TEAM = (
    roll("Ana Lima / Org / @analima", "Ben Okafor / Org / @benok"),
    updates("Ana: the docs are out", "Ben: pass"),
)


def _team_meeting(*, body: str = "", attendees=_TEAM[0], line: int = 60) -> object:
    return meeting(
        "2024-01-04",
        attendees=attendees,
        updates=_TEAM[1],
        items=[item("Federation", "Ana", line=line, body=body)],
    )


def _people_of(memo: ArchiveMemo, *meetings: object) -> object:
    archive = Archive.build(notes(*meetings), memo=memo)
    return archive._people  # the index the pages read names from


@pytest.mark.parametrize(
    ("change", "kept"),
    [
        ({"body": "OVH is back, @analima says"}, True),
        ({"attendees": roll("Ana Lima / Org / @analima")}, False),
        ({"attendees": roll("Ana Lima / Uni / @analima", "Ben Okafor / Org / @benok")}, False),
        ({"line": 61}, False),
    ],
    ids=["item text", "attendee gone", "affiliation", "item moved"],
)
def test_people_index_is_kept_only_when_no_name_or_line_changed(change: dict, kept: bool) -> None:
    memo = ArchiveMemo()
    other = meeting("2024-01-11", attendees=roll("Ben Okafor / Org / @benok"))
    first = _people_of(memo, _team_meeting(), other)
    again = _people_of(memo, _team_meeting(**change), other)
    assert (again is first) is kept
    fresh = _people_of(ArchiveMemo(), _team_meeting(**change), other)
    assert again.people == fresh.people
    assert again.attendees == fresh.attendees
    assert again.update_anchors == fresh.update_anchors
    assert again.findings == fresh.findings


def test_people_index_follows_a_changed_registry() -> None:
    memo = ArchiveMemo()
    first = Archive.build(notes(_team_meeting()), memo=memo)
    registry = [PersonEntry(handle="analima", name="Ana Lima", aliases=("Annie",))]
    second = Archive.build(notes(_team_meeting()), people=registry, memo=memo)
    assert second._people is not first._people
    assert "Annie" in second.people["analima"].names
