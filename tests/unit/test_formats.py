"""Every shape of FORMATS.md through the whole parser, one table row per variant.

Each row is a small made-up note (same shape as the real ones, made-up people) run through
``parse_note(path, bytes)``; the row asserts what the shape is about: the meetings found and
their dates, the roll call (name, handle, affiliation, present), update authors, agenda
items with speakers and time boxes, actions, references. A new real-world shape is a new
row here. The end of the file runs the parser over hostile input (it must never raise) and
the archive index over name variants of one person.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import time
import zlib
from pathlib import Path

import pytest

from mkdocs_minutes.archive import Archive
from mkdocs_minutes.model import Meeting, ParsedNote
from mkdocs_minutes.notes import parse_note
from tests.conftest import EC_MEETINGS

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS = SHARED / "corpus"
SEED = SHARED / "seed" / "2019-03-21-team-meeting.md"

# -- helpers ----------------------------------------------------------------------------

AGENDA = "## Agenda\n\n* Something to discuss\n"


def parse(text: str, path: str = "2019-03-21.md") -> ParsedNote:
    """Parse a made-up note given as text."""
    return parse_note(path, text.encode("utf-8"))


def meeting(text: str, path: str = "2019-03-21.md") -> Meeting:
    """The one meeting a made-up note holds."""
    note = parse(text, path)
    assert len(note.meetings) == 1, [m.id for m in note.meetings]
    return note.meetings[0]


def with_section(heading: str, body: str, *, before: str = "", after: str = AGENDA) -> str:
    """A note with an H1, one section under test and (by default) an agenda after it."""
    parts = ["# Team meeting", before, f"{heading}\n\n{body.strip(chr(10))}", after]
    return "\n\n".join(part for part in parts if part) + "\n"


def codes(note: ParsedNote) -> list[str]:
    """The finding codes of a parsed note, in line order."""
    return [finding.code for finding in note.findings]


Who = tuple[str, str | None, str | None, bool]


def who(
    name: str, handle: str | None = None, affiliation: str | None = None, present: bool = True
) -> Who:
    """An expected attendee: (name, handle, affiliation, present)."""
    return (name, handle, affiliation, present)


def attendees(m: Meeting) -> list[Who]:
    """A meeting's roll call as comparable tuples."""
    return [(a.name, a.handle, a.affiliation, a.present) for a in m.attendees]


# -- files, archive headings and dates ----------------------------------------------------

ONE_MEETING = "# Team meeting\n\n## Attendees\n\n* Kim Doe / Org / @kimd\n\n" + AGENDA


def _archive(*headings: str, body: str = "### Attendees\n- Kim Doe\n\n### Notes\n- Talked\n"):
    sections = [f"## {heading}\n\n{body}" for heading in headings]
    return "# Meeting notes from 2024\n\n" + "\n---\n\n".join(sections)


@pytest.mark.parametrize(
    ("path", "text", "dates"),
    [
        # one file per meeting, dated by its name
        ("2019-03-21.md", ONE_MEETING, ["2019-03-21"]),
        ("20250624-sync/index.md", ONE_MEETING, ["2025-06-24"]),
        ("2023-09-29-maintenance-planning.md", ONE_MEETING, ["2023-09-29"]),
        ("2018-01-04_report.md", ONE_MEETING, ["2018-01-04"]),
        ("team/2019-03-21-team-meeting.md", ONE_MEETING, ["2019-03-21"]),
        # archive files: one meeting per dated ## section, every heading shape
        ("notes/2023.md", _archive("2023-11-28", "2023-11-21"), ["2023-11-28", "2023-11-21"]),
        ("notes/2023.md", _archive("25 April 2023", "18 April 2023"), ["2023-04-25", "2023-04-18"]),
        ("notes/2023.md", _archive("28 Feb 2023", "21 Feb 2023"), ["2023-02-28", "2023-02-21"]),
        (
            "notes/2025.md",
            _archive("2025 December 16", "2025 December 9"),
            ["2025-12-16", "2025-12-09"],
        ),
        ("notes/2025.md", _archive("May 27th 2025", "May 20th 2025"), ["2025-05-27", "2025-05-20"]),
        ("notes/2025.md", _archive("Apr 29, 2025", "Apr 8th, 2025"), ["2025-04-29", "2025-04-08"]),
        ("notes/2025.md", _archive("2025-10-1", "2025-9-24"), ["2025-10-01", "2025-09-24"]),
        ("notes/2024.md", _archive("2024-06", "2024-07"), ["2024-06-01", "2024-07-01"]),
        ("notes/2023.md", _archive("7 Feburary 2023", "31 Jan 2023"), ["2023-02-07", "2023-01-31"]),
        (
            "notes/2025.md",
            _archive("6, 13, & 26 March 2025", "3 April 2025"),
            ["2025-03-06", "2025-03-13", "2025-03-26", "2025-04-03"],
        ),
        ("notes/2025.md", _archive("2025-08-26", "2025-08-26"), ["2025-08-26", "2025-08-26"]),
        (
            "notes/2020.md",
            _archive("Thursday 19th November 2020", "Thursday 12th November 2020"),
            ["2020-11-19", "2020-11-12"],
        ),
        (
            "notes/2024.md",
            _archive("12 December 2024 (cancelled)", "5 December 2024"),
            ["2024-12-12", "2024-12-05"],
        ),
        # a heading without a year takes it from the file name
        ("notes/2019.md", _archive("March 21st", "March 14th"), ["2019-03-21", "2019-03-14"]),
        ("office_hours/2023_Q1.md", _archive("23 March", "16 March"), ["2023-03-23", "2023-03-16"]),
        # ... or from the dated headings before it
        ("team/notes.md", _archive("2019-03-21", "March 28th"), ["2019-03-21", "2019-03-28"]),
        # a non-date H2 inside a meeting is not a meeting; a heading in a code fence is no heading
        (
            "notes/2024.md",
            "# Notes\n\n## 2024-01-09\n\n- a\n\n## Agenda\n\n- b\n\n## 2024-01-02\n\n- c\n",
            ["2024-01-09", "2024-01-02"],
        ),
        (
            "notes/2024.md",
            "# Notes\n\n## 2024-01-09\n\n```\n## 2024-01-05\n```\n\n## 2024-01-02\n\n- c\n",
            ["2024-01-09", "2024-01-02"],
        ),
        # dates from front matter, a Proposed: line, the H1
        ("sync/notes.md", '---\ndate: "2025-01-14"\n---\n\n' + ONE_MEETING, ["2025-01-14"]),
        ("sync/notes.md", "---\ndate: 2025-01-14\n---\n\n" + ONE_MEETING, ["2025-01-14"]),
        (
            "team/plan.md",
            "# Team meeting\n\nProposed: 18 October 2018\n\n" + AGENDA,
            ["2018-10-18"],
        ),
        ("sync/notes.md", "# Sync meeting (2025-01-14)\n\n" + AGENDA, ["2025-01-14"]),
        ("2019/team-meeting.md", "# Team Meeting - March\n\n" + AGENDA, ["2019-03-01"]),
        # front matter: HackMD tags only, full YAML with a block scalar and lists
        ("2019-03-21.md", "---\ntags: meeting, team\n---\n\n" + ONE_MEETING, ["2019-03-21"]),
        (
            "20250211-community/index.md",
            '---\ntitle: "Community meeting"\ndescription: |\n  Monthly.\n  Open to all!\n'
            'date: "2025-02-11"\nauthor:\n  - name: "The community"\ncategories:\n'
            '  - "Meeting notes"\ntags: [meeting-notes]\n---\n\n' + ONE_MEETING,
            ["2025-02-11"],
        ),
        # a cancelled-meeting stub is still a meeting of that date
        (
            "2019-04-04.md",
            "# Team meeting\n\nNo meeting due to lack of attendees.\n",
            ["2019-04-04"],
        ),
        # a banner quote before the H1, a leading Date: line
        (
            "team/notes.md",
            "> This note is archived\n\n# Team meeting\n\nDate: 21 March 2019\n\n" + AGENDA,
            ["2019-03-21"],
        ),
    ],
)
def test_meetings_found_and_dated(path: str, text: str, dates: list[str]) -> None:
    note = parse(text, path)
    assert [m.date.isoformat() for m in note.meetings] == dates
    assert "no-date" not in codes(note)


@pytest.mark.parametrize(
    ("path", "text", "code"),
    [
        # the file name wins over a body date left from the previous note
        ("2019-03-21.md", "# Team meeting\n\nDate: 14 March 2019\n\n" + AGENDA, "date-conflict"),
        ("notes/2024.md", _archive("2024-06", "2024-07"), "unreadable-date"),
        ("notes/2023.md", _archive("7 Feburary 2023", "31 Jan 2023"), "unreadable-date"),
        ("notes/2025.md", _archive("6, 13, & 26 March 2025", "3 April 2025"), "multi-date-heading"),
        # no date anywhere: a page (with an error when it looks like a meeting), never dropped
        ("team/notes.md", ONE_MEETING, "no-date"),
        ("team/index.md", "# Our meetings\n\nSee the list below.\n", "not-a-meeting"),
        (
            "team/2019-03-21.md",
            "---\ntitle: [unclosed\n---\n\n" + ONE_MEETING,
            "front-matter-invalid",
        ),
        ("team/2019-03-21.md", "---\ntitle: Empty\n---\n", "empty-note"),
        ("team/2019-03-21.md", "", "empty-note"),
    ],
)
def test_date_findings(path: str, text: str, code: str) -> None:
    assert code in codes(parse(text, path))


def test_file_name_wins_and_no_date_is_a_page() -> None:
    assert meeting("# T\n\nDate: 14 March 2019\n\n" + AGENDA).date == dt.date(2019, 3, 21)
    page = parse(ONE_MEETING, "team/notes.md")
    assert page.is_page and page.text  # published as an ordinary page, not dropped


# ~25 shapes of Date: line, in a file whose name has no date
@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Date: 21 March 2019 at 6pm Zurich time (10am PST)", "2019-03-21"),
        ("- **Date:** Thursday 19th November 2020", "2020-11-19"),
        ("**Date**: 2020-11-19", "2020-11-19"),
        ("Date: 03/21/2019", "2019-03-21"),
        ("Date: 21/03/2019", "2019-03-21"),
        ("Date: 21.03.2019", "2019-03-21"),
        ("Date: March 21, 2019", "2019-03-21"),
        ("Date: Mar 21 2019", "2019-03-21"),
        ("Date: Thursday, March 21st, 2019", "2019-03-21"),
        ("Date: 21st of March 2019", "2019-03-21"),
        ("Date - 21 March 2019", "2019-03-21"),
        ("When: Thursday 21 March 2019, 17:00 UTC", "2019-03-21"),
        ("Date and time: 2019-03-21 17:00 UTC", "2019-03-21"),
        ("Meeting date: 21-Mar-2019", "2019-03-21"),
        ("**Date:** 2019/03/21", "2019-03-21"),
        ("> Date: 21 March 2019", "2019-03-21"),
        ("Date: Thu 21 Mar 2019", "2019-03-21"),
        ("Date: 21 March '19", "2019-03-21"),
        ("_Date_: 21 March 2019", "2019-03-21"),
        ("Date: 2019-03-21T17:00Z", "2019-03-21"),
        ("Date: 21 March 2019 (rescheduled from 14 March)", "2019-03-21"),
        ("Date: March 21 2019 @ 9am PT", "2019-03-21"),
        ("Date: 21 Mar, 2019", "2019-03-21"),
        ("Date:21 March 2019", "2019-03-21"),
        ("DATE: 21 MARCH 2019", "2019-03-21"),
        ("* Date: Thursday, 21 March 2019, 16:00-17:00 UTC", "2019-03-21"),
        ("Date: 21 March", "2019-03-21"),  # year from the folder
    ],
)
def test_date_line_shapes(line: str, date: str) -> None:
    text = f"# Team meeting\n\n{line}\n\n{AGENDA}"
    m = meeting(text, "2019/team-meeting.md" if "2019" not in line else "team/meeting.md")
    assert m.date.isoformat() == date
    assert line.strip() in m.body  # a leading Date: line stays content


def test_leading_key_value_lines_stay_content() -> None:
    text = "Date: 21 March 2019\nAttendees: Ana Lima, Ben Cole\n\n# Team meeting\n\n" + AGENDA
    m = meeting(text, "team/meeting.md")
    assert m.body.startswith("Date: 21 March 2019\nAttendees: Ana Lima, Ben Cole")
    assert [a.name for a in m.attendees] == ["Ana Lima", "Ben Cole"]


def test_series_ids_two_series_same_day_and_duplicates() -> None:
    notes = [
        parse(ONE_MEETING, "community/2024-01-09.md"),
        parse(ONE_MEETING, "sync/2024-01-09.md"),
        parse(ONE_MEETING, "20240109-sync/index.md"),
        parse(_archive("2024-01-16", "2024-01-16"), "notes/2024.md"),
    ]
    archive = Archive.build(notes)
    ids = sorted(m.id for m in archive.meetings)
    assert ids == [
        "community/2024-01-09",
        "notes/2024-01-16",
        "notes/2024-01-16-2",
        "sync/2024-01-09",
        "sync/2024-01-09-2",
    ]
    found = {f.code for f in archive.findings}
    assert {"duplicate-meeting-files", "duplicate-meeting-archive"} <= found


# -- roll call ---------------------------------------------------------------------------

KIM = who("Kim Doe", "kimd", "Org")
LEE = who("Lee Roe", "lroe", "Uni")


@pytest.mark.parametrize(
    ("heading", "body", "expected"),
    [
        # section names
        ("## Attendees", "* Kim Doe / Org / @kimd\n* Lee Roe / Uni / @lroe", [KIM, LEE]),
        ("### Attendees", "* Kim Doe / Org / @kimd\n* Lee Roe / Uni / @lroe", [KIM, LEE]),
        ("## Attendees:", "- Kim Doe / Org / @kimd", [KIM]),
        ("## Attendance", "- Kim Doe / Org / @kimd", [KIM]),
        ("## Sign in!", "* Kim Doe / Org / @kimd", [KIM]),
        ("## Check-in 💁", "- Kim Doe / Org / @kimd", [KIM]),
        ("## Check-in :information_desk_person:", "- Kim Doe / Org / @kimd", [KIM]),
        ("## 👋 Attendees", "- Kim Doe / Org / @kimd", [KIM]),
        ("## Roll call", "- Kim Doe / Org / @kimd", [KIM]),
        ("## Please sign in", "- Kim Doe / Org / @kimd", [KIM]),
        ("## Who is here", "- Kim Doe / Org / @kimd", [KIM]),
        ("## Check-ins", "- Kim Doe / Org / @kimd", [KIM]),
        (
            "## Regrets",
            "- Kim Doe\n- Lee Roe",
            [who("Kim Doe", present=False), who("Lee Roe", present=False)],
        ),
        ("## Apologies", "- Kim Doe", [who("Kim Doe", present=False)]),
        ("## Participants", "- Kim Doe\n- Lee Roe", [who("Kim Doe"), who("Lee Roe")]),
        (
            "## Welcome to the Team Meeting",
            "Hello!\n\nIf you are joining, sign in below so we know who was here. Roll call:\n\n"
            "* name / institution / GitHub handle\n* Kim Doe / Org / @kimd",
            [KIM],
        ),
        (
            "## Welcome to the Team Meeting",
            "Sign in below so we know who was here. Roll call:\n"
            "* name / institution / GitHub handle\n* Kim Doe / Org / @kimd",
            [KIM],
        ),
        # field orders and 1 to 6 fields
        ("## Attendees", "* Kim Doe / @kimd / Org", [KIM]),
        ("## Attendees", "* Kim Doe", [who("Kim Doe")]),
        ("## Attendees", "* Kim Doe / @kimd", [who("Kim Doe", "kimd")]),
        ("## Attendees", "* Kim Doe / @kimd / Org / Berlin", [KIM]),
        ("## Attendees", "* Kim Doe / @kimd / Org / Berlin / tea", [KIM]),
        ("## Attendees", "* Kim Doe / @kimd / Org / Berlin / tea / cats", [KIM]),
        (
            "## Attendees",
            "Your name / GitHub ID / affiliation / favourite snack?\n\n* Kim Doe / kimd / Org / tea",
            [KIM],
        ),
        ("## Attendees", "name / institution / GitHub handle\n\n* Kim Doe / Org / kimd", [KIM]),
        # containers: pipes, plain names, inline lists, tables
        ("## Attendees", "* Kim Doe | Org | @kimd", [KIM]),
        ("## Attendees", "| Kim Doe | Org | @kimd |", [KIM]),
        ("## Attendees", "- Kim Doe\n- Lee Roe\n- Mo", [who("Kim Doe"), who("Lee Roe"), who("Mo")]),
        ("## Attendees", "Kim Doe\nLee Roe", [who("Kim Doe"), who("Lee Roe")]),
        ("## Attendees", "- Kim Doe, Lee Roe & Mo", [who("Kim Doe"), who("Lee Roe"), who("Mo")]),
        (
            "## Attendees",
            "- [x] Kim Doe\n- [ ] Lee Roe",
            [who("Kim Doe"), who("Lee Roe", present=False)],
        ),
        ("## Attendees", "- [ ] Kim Doe\n- [ ] Lee Roe", [who("Kim Doe"), who("Lee Roe")]),
        ("## Attendees", "- @kimd / Kim Doe / Org", [KIM]),
        ("## Attendees", "* Kim Doe / Org / @kimd\n  * Also Sarah\n  * here until 5pm", [KIM]),
        ("## Attendees", "- Kim Doe, UC Berkeley", [who("Kim Doe", None, "UC Berkeley")]),
        ("## Attendees", "- Kim Doe, Org, @kimd", [KIM]),
        (
            "## Attendees",
            "* Kim Doe (Org)\n* Lee Roe (@lroe)",
            [who("Kim Doe", None, "Org"), who("Lee Roe", "lroe")],
        ),
        (
            "## Notes",
            "Attendees: Kim Doe, Lee Roe, Mo",
            [who("Kim Doe"), who("Lee Roe"), who("Mo")],
        ),
        ("## Notes", "- **Attendees:** Kim Doe, Lee Roe", [who("Kim Doe"), who("Lee Roe")]),
        ("## Notes", "Attendees: Kim Doe and Lee Roe", [who("Kim Doe"), who("Lee Roe")]),
        (
            "## Notes",
            "Participants:\n- Kim Doe\n- Lee Roe\n\nFacilitator: Mo Ray",
            [who("Kim Doe"), who("Lee Roe"), who("Mo Ray")],
        ),
        (
            "## Attendees",
            "| Name | Company | Attended |\n| --- | --- | --- |\n| Kim Doe | Org | X |\n"
            "| Lee Roe | Uni |  |",
            [who("Kim Doe", None, "Org"), who("Lee Roe", None, "Uni", False)],
        ),
        (
            "### Attendees",
            "| Executive Council Member Voting Rep | Company | Attended |\n"
            "| ------------- | ------------- | ------------- |\n| Kim Doe | Org | x |\n"
            "| Lee Roe |  | X |",
            [who("Kim Doe", None, "Org"), who("Lee Roe")],
        ),
        (
            "## Attendees",
            "| Name | GitHub | Affiliation |\n|---|---|---|\n| Kim Doe | @kimd | Org |",
            [KIM],
        ),
        # hard lines
        ("## Attendees", "* Kim Doe (she/her) / @kimd / Org", [KIM]),
        (
            "## Attendees",
            "* Kim Doe / @kimd / Org/University of X",
            [who("Kim Doe", "kimd", "Org/University of X")],
        ),
        ("## Attendees", "* Kim/@kimd/Org/ City", [who("Kim", "kimd", "Org")]),
        ("## Attendees", "Kim Doe / @kimd / Org\nLee Roe / @lroe / Uni", [KIM, LEE]),
        ("## Attendees", "* Kim Doe /  / Org", [who("Kim Doe", None, "Org")]),
        ("## Attendees", "* Oli Ray /  / Org", [who("Oli Ray", None, "Org")]),
        (
            "## Attendees",
            "_Name (and pronouns) / GitHub handle / affiliation_\n- Kim Doe / she/her / @kimd / Org",
            [KIM],
        ),
        ("## Attendees", "- Kim Doe / he/him / Org / @kimd", [KIM]),
        ("## Check-in 💁", "- Kim: shortbread\n- Lee Roe - tea", [who("Kim"), who("Lee Roe")]),
        (
            "## Notes",
            "- Attendees:\n  - Kim Doe\n  - Lee Roe\n- Agenda:\n  - Release",
            [who("Kim Doe"), who("Lee Roe")],
        ),
        ("## Agenda", "* Demo\n  * Present: the new design", []),
        ("## Attendees", "* Kim Doe / @kimd / Org (might be late)", [KIM]),
        (
            "## Attendees",
            "* Kim Doe / @kimd / Org (absent: travelling)",
            [who("Kim Doe", "kimd", "Org", False)],
        ),
        (
            "## Attendees",
            "* Kim Doe / Org / @kimd (regrets)",
            [who("Kim Doe", "kimd", "Org", False)],
        ),
        ("## Attendees", "* ~~Kim Doe / Org / @kimd~~", [who("Kim Doe", "kimd", "Org", False)]),
        (
            "## Attendees",
            "* Kim Doe / `@kimd` / Berkeley | DSE",
            [who("Kim Doe", "kimd", "Berkeley | DSE")],
        ),
        (
            "## Attendees",
            "* Kim Doe (Kimmy) Roe / @kimd / Org",
            [who("Kim Doe Roe", "kimd", "Org")],
        ),
        ("## Attendees", "* Kim Doe / Org / @kimd ✨", [KIM]),
        ("## Attendees", "* Kim Doe / Org / @kimd\u200b", [KIM]),
        ("## Attendees", "* Kim\u00a0Doe / Org / @kimd", [KIM]),
        # handle forms and non-handles
        ("## Attendees", "* Kim Doe / `@kimd` / Org", [KIM]),
        ("## Attendees", "* Kim Doe / \\@kimd / Org", [KIM]),
        ("## Attendees", "* Kim Doe / [@kimd](https://github.com/kimd) / Org", [KIM]),
        ("## Attendees", "* Kim Doe / kimd / Org", [KIM]),
        ("## Attendees", "* Kim Doe (kimD)", [who("Kim Doe", "kimD")]),
        ("## Attendees", "* Kim Doe (@kimd)", [who("Kim Doe", "kimd")]),
        ("## Attendees", "* [Kim Doe](https://github.com/kimd) / Org", [KIM]),
        (
            "## Attendees",
            "* Kim Doe / @consideRatio / Org",
            [who("Kim Doe", "consideRatio", "Org")],
        ),
        ("## Attendees", "* Kim Doe / @k.doe / Org", [who("Kim Doe", None, "Org")]),
        ("## Attendees", "* Kim Doe / @org/pkg / Org", [who("Kim Doe", None, "Org")]),
        ("## Attendees", "* Kim Doe / kim@example.org / Org", [who("Kim Doe", None, "Org")]),
        ("## Attendees", "* Kim Doe / we @ Org", [who("Kim Doe", None, "we @ Org")]),
        ("## Attendees", "* @kimd", [who("kimd", "kimd")]),
        # template residue is ignored (and reported, see below)
        ("## Attendees", "* name / institution / GitHub handle\n* Kim Doe / Org / @kimd", [KIM]),
        ("## Attendees", "* your name / ...\n* Kim Doe / Org / @kimd", [KIM]),
        ("## Attendees", "* Kim Doe / Org / @kimd\n*  /\n* /  /", [KIM]),
        (
            "## Attendees",
            "**name** / **institution** / **GitHub handle**\n* Kim Doe / Org / @kimd",
            [KIM],
        ),
        (
            "## Attendees",
            "_Name (and pronouns if you'd like) / GitHub handle / affiliation_\n"
            "- Kim Doe (she/her) / @kimd / Org",
            [KIM],
        ),
        ("## Attendees", "> name / institution / GitHub handle\n\n* Kim Doe / Org / @kimd", [KIM]),
        (
            "## Attendees",
            "Your name / GitHub ID / affiliation\n\n* Kim Doe / @kimd / Org\n"
            "* Name / GitHub ID / affiliation\n* Name / GitHub ID / affiliation",
            [KIM],
        ),
        ("## Attendees", "* Kim / GitHub ID / affiliation / ?", [who("Kim")]),
        ("## Attendees", "- Kim Doe\n- All others were unavailable today", [who("Kim Doe")]),
        ("## Attendees", "- No community participants", []),
        ("## Attendees", "- ???", []),
        # absent and regrets
        (
            "## Notes",
            "Regrets: Kim Doe, Lee Roe",
            [who("Kim Doe", present=False), who("Lee Roe", present=False)],
        ),
        (
            "## Attendees",
            "* Kim Doe\n* Lee Roe - regrets",
            [who("Kim Doe"), who("Lee Roe", present=False)],
        ),
    ],
)
def test_rollcall(heading: str, body: str, expected: list[Who]) -> None:
    m = meeting(with_section(heading, body))
    assert attendees(m) == expected


@pytest.mark.parametrize(
    "body",
    [
        "* name / institution / GitHub handle\n* Kim Doe / Org / @kimd\n* name / institution / GitHub handle",
        "Your name / GitHub ID / affiliation\n\n* Kim Doe / @kimd / Org\n* Name / GitHub ID / affiliation",
        "* Kim Doe / Org / @kimd\n* your name / ...",
        "* Kim Doe / Org / @kimd\n*  /",
        "* Kim Doe / Org / @kimd\n> name / institution / GitHub handle",
    ],
)
def test_rollcall_template_residue_is_reported(body: str) -> None:
    note = parse(with_section("## Attendees", body))
    assert "template-placeholder" in codes(note)
    assert attendees(note.meetings[0]) == [KIM]


@pytest.mark.parametrize(
    "line",
    ["* 42 / 17 / ### / !!", "* we will discuss the plan for the release later / maybe"],
)
def test_unreadable_rollcall_line_is_reported(line: str) -> None:
    note = parse(with_section("## Attendees", f"* Kim Doe / Org / @kimd\n{line}"))
    assert (note.placed_rollcall, note.unplaced_rollcall) == (1, 1)
    assert "unplaced-rollcall" in codes(note)
    assert attendees(note.meetings[0]) == [KIM]


def test_sections_nested_under_attendees() -> None:
    text = (
        "# Community meeting\n\n## Attendees\n\nYour name / GitHub ID / affiliation\n\n"
        "* Kim Doe / @kimd / Org\n\n### Action items\n\n- [ ] Kim: write the post\n\n"
        "### Standing items\n\n- [ ] Team communication\n  - What works?\n"
    )
    m = meeting(text)
    assert attendees(m) == [KIM]
    assert [(a.text, a.assignees) for a in m.actions] == [("write the post", ("Kim",))]
    assert [i.title for i in m.items] == ["Team communication"]


# -- updates and celebrations ------------------------------------------------------------

ROLL = "## Attendees\n\n* Ana Lima / Org / @alima\n* Ben Cole / Org / @bcole\n"


@pytest.mark.parametrize(
    ("heading", "body", "authors"),
    [
        # section names
        ("## Quick updates", "* Ana: did a thing", ["Ana"]),
        ("## 60 second updates", "* Ana: did a thing", ["Ana"]),
        ("## 60s updates", "* Ana: did a thing", ["Ana"]),
        ("## 60-second updates", "* Ana: did a thing", ["Ana"]),
        ("## Quick Updates (60 seconds each)", "* Ana: did a thing", ["Ana"]),
        ("## Round-table updates", "* Ana: did a thing", ["Ana"]),
        (
            "## Quick updates, celebrations and shout-outs",
            "* Ana: did a thing\n* v2 is out!",
            ["Ana"],
        ),
        ("## Status reports", "* Ana: did a thing", ["Ana"]),
        ("### Status reports", "* Ana: did a thing", ["Ana"]),
        ("## Updates", "* Ana: did a thing", ["Ana"]),
        ("## 2. Quick updates", "* Ana: did a thing", ["Ana"]),
        ("## :hourglass: Quick updates", "* Ana: did a thing", ["Ana"]),
        # author forms
        ("## Quick updates", "- **Ana:** did a thing", ["Ana"]),
        ("## Quick updates", "- **Ana**: did a thing", ["Ana"]),
        ("## Quick updates", "* **Ana** did a thing", ["Ana"]),
        ("## Quick updates", "* [name=Ana] did a thing", ["Ana"]),
        ("## Quick updates", "* did a thing [name=Ana]", ["Ana"]),
        ("## Quick updates", "* [name=Ana Lima] did a thing", ["Ana Lima"]),
        ("## Quick updates", "* Ana\n    * did a thing\n    * and another", ["Ana"]),
        ("## Quick updates", "* **Ana**\n  * did a thing", ["Ana"]),
        ("## Quick updates", "* Ana:\n  - did a thing", ["Ana"]),
        ("## Quick updates", "- Ana - did a thing", ["Ana"]),
        ("## Quick updates", "- Ana - worked on the API: it is great", ["Ana"]),
        ("## Quick updates", "- Ana (he/him) - did a thing", ["Ana"]),
        ("## Quick updates", "* AL: did a thing", ["AL"]),
        ("## Quick updates", "* \\[AL\\] did a thing", ["AL"]),
        ("## Quick updates", "* [AL] did a thing", ["AL"]),
        ("## Quick updates", "* @alima: did a thing", ["alima"]),
        ("## Quick updates", "* Ana Lima: did a thing", ["Ana Lima"]),
        ("## Quick updates", "* ana: did a thing", ["ana"]),
        ("## Quick updates", "* Ana: pass", ["Ana"]),
        ("## Quick updates", "* Ana Lima (@alima): did a thing", ["Ana Lima"]),
        ("## Quick updates", "* Ana (she/her): did a thing", ["Ana"]),
        ("## Quick updates", "* Ana (5 min): did a thing", ["Ana"]),
        ("## Quick updates", "* ~~Ana: did a thing~~", ["Ana"]),
        ("## Quick updates", "* Ana:did a thing", ["Ana"]),
        ("## Quick updates", "* Ana — did a thing", ["Ana"]),
        ("## Quick updates", "* [Ana](https://github.com/alima): did a thing", ["Ana"]),
        ("## Quick updates", "* :tada: Ana: did a thing", ["Ana"]),
        # unbulleted paragraph lines, and an author line heading the bullets below it
        ("## Quick updates", "**Ana**: did a thing\n**Ben**: did another", ["Ana", "Ben"]),
        ("## Quick updates", "Ana: did a thing\nBen: did another", ["Ana", "Ben"]),
        ("## Quick updates", "**Ana**\n- did a thing\n- more\n\n**Ben**\n- other", ["Ana", "Ben"]),
        ("## Quick updates", "Ana:\n- did a thing\n\nBen:\n- other", ["Ana", "Ben"]),
        (
            "## Quick updates",
            "60 second updates on things you have been up to. Please add yourself:\n* Ana: x",
            ["Ana"],
        ),
        ("## Quick updates", "* Ana - pass", ["Ana"]),
        # several people in one bullet
        ("## Quick updates", "* Ana & Ben: paired on a thing", ["Ana", "Ben"]),
        ("## Quick updates", "- **Ana, Ben** paired on a thing", ["Ana", "Ben"]),
        ("## Quick updates", "* Ana/Ben: paired on a thing", ["Ana", "Ben"]),
        ("## Quick updates", "* Ana and Ben: paired on a thing", ["Ana", "Ben"]),
        # authors not on the roll call are still authors
        ("## Quick updates", "* Sylvia: deployed the thing", ["Sylvia"]),
        # template bullets are not updates
        ("## Quick updates", "* name: update or pass\n* Ana: did a thing", ["Ana"]),
        ("## Quick updates", "* Ana: did a thing\n- add item here", ["Ana"]),
        ("## Quick updates", "* Your name: update\n* Ana: did a thing", ["Ana"]),
        ("## Quick updates", "* Ana:\n* Ben: did a thing", ["Ben"]),
        # replies nested under an update are not updates
        ("## Quick updates", "* Ana: did a thing\n    * Ben: nice!", ["Ana"]),
        # a status section grouped by topic: topics are not people
        (
            "## Status reports",
            "* Symbology overhaul:\n  * progress\n* STAC browser PR:\n  * merged\n"
            "* Docs & CI\n  * green",
            [],
        ),
    ],
)
def test_update_authors(heading: str, body: str, authors: list[str]) -> None:
    m = meeting(with_section(heading, body, before=ROLL))
    assert [u.author for u in m.updates] == authors


def test_update_per_person_sub_headings() -> None:
    text = with_section("## Quick updates", "### Ana\n\n- did a thing\n\n### Ben\n\n- other")
    m = meeting(text.replace("# Team meeting\n\n", "# Team meeting\n\n" + ROLL + "\n"))
    assert [(u.author, u.text) for u in m.updates] == [("Ana", "- did a thing"), ("Ben", "- other")]
    assert [i.title for i in m.items] == ["Something to discuss"]


def test_second_roll_call_in_a_meeting_does_not_repeat_people() -> None:
    text = with_section(
        "## Check-in 💁",
        "- Kim: shortbread\n- Ana Lima: tea\n- Lee Roe: coffee",
        before="## Attendees\n\n* Kim Doe / Org / @kimd\n* Ana Lima / Org / @alima\n",
    )
    m = meeting(text)
    assert [a.name for a in m.attendees] == ["Kim Doe", "Ana Lima", "Lee Roe"]


def test_update_text_keeps_sub_bullets_and_pass_counts() -> None:
    m = meeting(
        with_section("## Quick updates", "* Ana\n  * did a thing\n* Ben: pass", before=ROLL)
    )
    assert [(u.author, u.text) for u in m.updates] == [("Ana", "* did a thing"), ("Ben", "pass")]


def test_update_template_and_unplaced_are_reported() -> None:
    note = parse(
        with_section("## Quick updates", "* name: update or pass\n* Ana: x\n* the build is green")
    )
    assert "template-placeholder" in codes(note)
    assert "unplaced-update" in codes(note)
    assert (note.placed_updates, note.unplaced_updates) == (1, 1)


def test_mixed_updates_and_celebrations_section() -> None:
    body = "* Ana: did a thing\n* v2 is out! :tada:\n* Thanks to @bcole for the fix"
    note = parse(with_section("## Quick updates, celebrations and shout-outs", body, before=ROLL))
    m = note.meetings[0]
    assert [u.author for u in m.updates] == ["Ana"]
    assert [c.person for c in m.celebrations] == [None, "bcole"]
    assert "unplaced-update" not in codes(note)


def test_checkins_and_icebreakers_are_not_updates() -> None:
    body = "* Kim Doe / Org / @kimd / reading a good book"
    m = meeting(with_section("## Check-in 💁", body))
    assert m.updates == () and attendees(m) == [KIM]


@pytest.mark.parametrize(
    ("heading", "body", "people"),
    [
        (
            "## Reports and celebrations",
            "* [Ana](https://github.com/alima) wrote a post :tada:",
            ["alima"],
        ),
        ("## Celebrations and shout-outs :tada:", "* Thanks to @bcole for the fix", ["bcole"]),
        ("## Celebrations", "* Carol for sorting out all the issues!", ["Carol"]),
        ("## Shout-outs", "* The new release is out", [None]),
        ("## Celebrations", "* Ana: the release is out\n* add item here", ["Ana"]),
    ],
)
def test_celebrations(heading: str, body: str, people: list[str | None]) -> None:
    m = meeting(with_section(heading, body, before=ROLL))
    assert [c.person for c in m.celebrations] == people
    assert m.updates == ()


# -- agenda items, speakers and time boxes ------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "body", "titles"),
    [
        ("## Agenda items", "* Federation\n* Outreach", ["Federation", "Outreach"]),
        ("## Agenda", "- Federation", ["Federation"]),
        ("### Agenda", "- Federation", ["Federation"]),
        ("## Agenda & notes", "- Federation", ["Federation"]),
        ("## Agenda and minutes", "- Federation", ["Federation"]),
        ("### Agenda/Minutes", "- Federation", ["Federation"]),
        ("## Notes", "* Federation", ["Federation"]),
        ("## Discussion", "* Federation", ["Federation"]),
        ("## :speech_balloon: Agenda", "* Federation", ["Federation"]),
        ("## 📋 Agenda", "* Federation", ["Federation"]),
        ("## Agenda", "1. Federation\n2. Outreach", ["Federation", "Outreach"]),
        ("## Agenda", "-   Federation\n-   Outreach", ["Federation", "Outreach"]),
        ("## Agenda", "* Federation\n- Outreach", ["Federation", "Outreach"]),
        (
            "## Agenda",
            "* Federation\n* _Please add more items if you have them!_\n*",
            ["Federation"],
        ),
        ("## Agenda", "* Federation\n* add item here", ["Federation"]),
        (
            "## Agenda",
            "* [Federation](https://example.org/fed) plan",
            ["[Federation](https://example.org/fed) plan"],
        ),
        ("## Agenda", "- [ ] Federation\n- [x] Outreach", ["Federation", "Outreach"]),
        (
            "## Agenda",
            "* :left_speech_bubble: Team communication",
            [":left_speech_bubble: Team communication"],
        ),
        ("###### tags: `meeting`", "", []),
        ("## I. Team Metrics", "Numbers went up.", ["I. Team Metrics"]),
        ("### 5.3 Projects", "* Federation", ["5.3 Projects"]),
        ("## Federation", "We talked about it.", ["Federation"]),
    ],
)
def test_agenda_sections(heading: str, body: str, titles: list[str]) -> None:
    m = meeting(with_section(heading, body, after=""))
    assert [i.title for i in m.items] == titles


def test_agenda_under_h3_items() -> None:
    text = (
        "# Team meeting\n\n## Agenda & notes\n\n### Federation [Tim - 10 min]\n\n- we talked\n\n"
        "### Outreach\n\n- more talk\n"
    )
    m = meeting(text)
    assert [(i.title, i.speakers, i.minutes, i.is_heading) for i in m.items] == [
        ("Federation", ("Tim",), 10, True),
        ("Outreach", (), None, True),
    ]


@pytest.mark.parametrize(
    ("line", "title", "speakers", "minutes"),
    [
        (
            'New "speaking queue" format. [Zach - 1 min]',
            'New "speaking queue" format.',
            ("Zach",),
            1,
        ),
        ("Federation/redirection [Tim, 10min]", "Federation/redirection", ("Tim",), 10),
        ("Federation (5 mins)", "Federation", (), 5),
        ("**Min (10m):** Federation", "Federation", ("Min",), 10),
        ("Tim [10min] - Federation", "Federation", ("Tim",), 10),
        ("Federation [name=Dan] [time=5 minutes]", "Federation", ("Dan",), 5),
        ("Federation [name=Ana, 5 minutes]", "Federation", ("Ana",), 5),
        (
            "[a plan](https://example.org/plan) [Chris H]",
            "[a plan](https://example.org/plan)",
            ("Chris H",),
            None,
        ),
        ("Federation [Patricia/Sarah - 5 mins?]", "Federation", ("Patricia", "Sarah"), 5),
        ("Federation (5-10 minutes)", "Federation", (), 10),
        ("Federation ~5min", "Federation", (), 5),
        ("Federation [Brian - 3m]", "Federation", ("Brian",), 3),
        ("Federation (Ana, 15 min)", "Federation", ("Ana",), 15),
        ("Federation - 10 minutes", "Federation", (), 10),
        ("Federation [10 min]", "Federation", (), 10),
        ("Federation [name=Ana Lima]", "Federation", ("Ana Lima",), None),
        ("Federation (Ana)", "Federation", ("Ana",), None),
        ("Ana: Federation update", "Federation update", ("Ana",), None),
        ("Ana - Federation update", "Federation update", ("Ana",), None),
        ("Docs - Federation update", "Docs - Federation update", (), None),
        ("Federation (release 2.0)", "Federation (release 2.0)", (), None),
        ("Federation [WIP]", "Federation [WIP]", (), None),
    ],
)
def test_speaker_and_time_tags(line: str, title: str, speakers: tuple, minutes: int | None) -> None:
    m = meeting(with_section("## Agenda", f"* {line}", before=ROLL, after=""))
    item = m.items[0]
    assert (item.title, item.speakers, item.minutes) == (title, speakers, minutes)


def test_item_minutes_are_the_nested_lines() -> None:
    m = meeting(
        with_section("## Agenda", "* Federation\n  * point one\n    * detail\n  * point two")
    )
    assert m.items[0].body == "* point one\n  * detail\n* point two"


# -- actions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "body", "expected"),
    [
        ("## Notes", "* Topic\n  * [ ] Ana: write the post", [("write the post", ("Ana",), False)]),
        ("## Notes", "* Topic\n  * [x] Ana: write the post", [("write the post", ("Ana",), True)]),
        ("## Notes", "* Topic\n  * [x] ~~write the post~~", [("write the post", (), True)]),
        ("## Notes", "* Topic\n  * TODO: write the post", [("write the post", (), False)]),
        (
            "## Notes",
            "* Topic\n  * Action: Ana to write the post",
            [("Ana to write the post", ("Ana",), False)],
        ),
        ("## Notes", "* Topic\n  * ACTION ITEM: write the post", [("write the post", (), False)]),
        ("## Notes", "* Topic\n  * -> write the post", [("write the post", (), False)]),
        ("## Notes", "* Topic\n  * => write the post", [("write the post", (), False)]),
        ("## Notes", "* Topic\n  * the repo -> the new org", []),
        (
            "## Notes",
            "* Topic\n  * Ana to follow up with the venue",
            [("Ana to follow up with the venue", ("Ana",), False)],
        ),
        ("## Notes", "* Topic\n  * **COMPLETED** write the post", [("write the post", (), True)]),
        ("## Notes", "* Topic\n  * how to use the new API", []),
        (
            "## Action items",
            "- [ ] Ana: write the post\n- [x] Ben: book the room",
            [("write the post", ("Ana",), False), ("book the room", ("Ben",), True)],
        ),
        (
            "## Action items",
            "- write the post (Ana, Ben)",
            [("write the post", ("Ana", "Ben"), False)],
        ),
        ("## Decisions made", "- Ship it on Monday", [("Ship it on Monday", (), False)]),
        ("## Next actions", "* Ben to book the room", [("Ben to book the room", ("Ben",), False)]),
        (
            "## Previous action items",
            "- [x] Ben: book the room",
            [("book the room", ("Ben",), True)],
        ),
        (
            "## Notes",
            "Talked about it.\n-> Ana writes it up",
            [("Ana writes it up", ("Ana",), False)],
        ),
        (
            "### Action items",
            "- [ ] Follow-up here\n- [ ] Ana: write it",
            [("write it", ("Ana",), False)],
        ),
        (
            "### Decisions made",
            "- Social media team\n    - Should it be a working group?\n        - Ana, Ben: Yes",
            [("Social media team", (), False)],
        ),
        (
            "## Action items",
            "- [ ] Undergrad outreach.\n  - Ana: Berkeley campus.\n  - Ben: other campuses",
            [
                ("Undergrad outreach.", (), False),
                ("Berkeley campus.", ("Ana",), False),
                ("other campuses", ("Ben",), False),
            ],
        ),
        # checkbox bullets used as an agenda checklist are items, not actions
        (
            "### Standing items",
            "- [ ] Event planning\n  - no updates\n- [ ] Team communication",
            [],
        ),
        ("### New agenda items", "- [ ] AGU2025\n  - [ ] the API now works", []),
        (
            "## Agenda",
            "* Federation\n  * [ ] Ana: open an issue",
            [("open an issue", ("Ana",), False)],
        ),
    ],
)
def test_actions(heading: str, body: str, expected: list[tuple]) -> None:
    m = meeting(with_section(heading, body, before=ROLL, after=""))
    assert [(a.text, a.assignees, a.done) for a in m.actions] == expected


def test_headings_are_never_actions() -> None:
    text = with_section(
        "## Action items",
        "- [ ] Ana: write it",
        before=ROLL,
        after="### Team communication\n\n- ok",
    )
    m = meeting(text)
    assert [a.text for a in m.actions] == ["write it"]
    assert [i.title for i in m.items] == ["Team communication"]


# -- GitHub references -------------------------------------------------------------------

GH = "https://github.com/org/repo"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f"see {GH}/issues/1", [("org/repo#1", "issue")]),
        (f"see <{GH}/issues/1>", [("org/repo#1", "issue")]),
        (f"see [the bug]({GH}/issues/1)", [("org/repo#1", "issue")]),
        (f"see [{GH}/pull/2]({GH}/pull/2)", [("org/repo#2", "pull")]),
        (f"see [#1335]({GH}/pull/1335)", [("org/repo#1335", "pull")]),
        (f"see [repo#170]({GH}/issues/170)", [("org/repo#170", "issue")]),
        (f"see {GH}/issues/1#issuecomment-123", [("org/repo#1", "issue")]),
        ("see https://github.com/org/my\\_repo/issues/3", [("org/my_repo#3", "issue")]),
        (f"see {GH}/pulls/12", [("org/repo#12", "pull")]),
        (f"see {GH}/pull/12/files", [("org/repo#12", "pull")]),
        (f"see {GH}/pull/12/commits/0123abcd", [("org/repo#12", "pull")]),
        (f"see {GH}/discussions/7", [("org/repo#7", "discussion")]),
        (f"see {GH}/commit/0123abcd4567", [("org/repo@0123abcd4567", "commit")]),
        ("see org/repo#45 for details", [("org/repo#45", "issue")]),
        (f"see {GH}/issues/new", []),
        (f"see {GH}/issues?q=is%3Aopen", []),
        (f"see {GH}/blob/main/README.md", []),
        (f"see {GH}/tree/main/docs", []),
        ("see https://github.com/orgs/org/projects/2", []),
        ("see #12 and PR 226", []),  # no repository known: never guessed
        ("`https://example.org/#3` and `org/repo#9`", []),
    ],
)
def test_refs(line: str, expected: list[tuple[str, str]]) -> None:
    m = meeting(with_section("## Agenda", f"* {line}", after=""))
    assert [(r.key, r.kind) for r in m.refs] == expected


def test_refs_keep_comment_anchor_in_url_and_short_forms_with_repo() -> None:
    m = meeting(with_section("## Agenda", f"* see {GH}/issues/1#issuecomment-9", after=""))
    assert m.refs[0].url.endswith("#issuecomment-9") and m.refs[0].key == "org/repo#1"
    note = parse_note(
        "2019-03-21.md",
        with_section("## Agenda", "* see #12 and PR 226", after="").encode(),
        default_repo="org/repo",
    )
    assert [(r.key, r.kind) for r in note.meetings[0].refs] == [
        ("org/repo#12", "issue"),
        ("org/repo#226", "pull"),
    ]


@pytest.mark.parametrize(
    ("line", "handles"),
    [
        ("thanks @kimd for the fix", ["kimd"]),
        ("install @jupyterlab/application", []),
        ("mail kim@example.org", []),
        ("we @ Org will host", []),
        ("run `@kimd` in code", []),
        ("ping \\@kimd", ["kimd"]),
    ],
)
def test_mentions(line: str, handles: list[str]) -> None:
    m = meeting(with_section("## Agenda", f"* {line}", after=""))
    assert [x.handle for x in m.mentions] == handles


# -- Markdown quirks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "titles", "first_body"),
    [
        (
            "* Federation\n  * two-space child\n    * grandchild",
            ["Federation"],
            "* two-space child\n  * grandchild",
        ),
        ("* Federation\n   * three-space child", ["Federation"], "* three-space child"),
        ("* Federation\n    * four-space child\n  * two-space child", ["Federation"], None),
        ("Things we discussed:\n* Federation\n* Outreach", ["Federation", "Outreach"], None),
        ("* Federation\n\n    continued paragraph", ["Federation"], "continued paragraph"),
        (":::spoiler Details\n* hidden\n:::\n\n* Federation", ["hidden", "Federation"], None),
        (
            "* Federation \\[draft\\] with \\_escapes\\_ \\& more",
            ["Federation \\[draft\\] with \\_escapes\\_ \\& more"],
            None,
        ),
        (
            "* Federation ![img](https://example.org/a.png)",
            ["Federation ![img](https://example.org/a.png)"],
            None,
        ),
        ("* Federation\n\n```\n* not an item\n## 2024-01-01\n```", ["Federation"], None),
    ],
)
def test_markdown_quirks(body: str, titles: list[str], first_body: str | None) -> None:
    m = meeting(with_section("## Agenda", body, after=""))
    assert [i.title for i in m.items] == titles
    if first_body is not None:
        assert m.items[0].body == first_body


@pytest.mark.parametrize(
    ("data", "check"),
    [
        ("# Team meeting 🎉\n\n## Attendees\n\n* Kim Doe / Org / @kimd\n", "🎉"),
        ("# Team meeting ðŸŽ‰\n\n## Attendees\n\n* Kim Doe / Org / @kimd\n", "🎉"),
        ("# Team meeting \u2764\ufe0f\n\n## Attendees\n\n* Kim Doe / Org / @kimd\n", "\u2764"),
    ],
)
def test_encoding_quirks(data: str, check: str) -> None:
    note = parse(data)
    assert check in note.meetings[0].title
    assert attendees(note.meetings[0]) == [KIM]


def test_legacy_encoding_and_passcodes() -> None:
    note = parse_note("2019-03-21.md", "# Réunion\n\n* Kim Doe / Org / @kimd\n".encode("cp1252"))
    assert "not-utf8" in codes(note) and note.meetings[0].title == "Réunion"
    note = parse("# T\n\nJoin https://zoom.us/j/123456789?pwd=abcDEF123 now\n\n" + AGENDA)
    assert "passcode-redacted" in codes(note) and "abcDEF123" not in note.meetings[0].body


# -- people across the archive -----------------------------------------------------------


def _archive_of(*rollcalls: str, updates: str = "") -> Archive:
    notes = []
    for day, body in enumerate(rollcalls, start=1):
        text = with_section("## Attendees", body, after=updates)
        notes.append(parse(text, f"team/2023-01-{day:02d}.md"))
    return Archive.build(notes)


def _person_names(archive: Archive) -> list[str]:
    return sorted(p.name for p in archive.people.values())


@pytest.mark.parametrize(
    ("rollcalls", "people"),
    [
        (("- Brian Granger", "- Brian E Granger", "- Brian E. Granger"), ["Brian E. Granger"]),
        (("- Afshin Darian", "- Afshin T. Darian", "- A. T. Darian"), ["Afshin T. Darian"]),
        (("- Fernando Perez", "- Fernando Pérez", "- fernando perez"), ["Fernando Perez"]),
        (
            ("- Min / @minrk", "- Min RK / @minRK", "- min", "- Min Ragan-Kelley / @MinRK"),
            ["Min Ragan-Kelley"],
        ),
        (("- Erik Sundell / @consideRatio", "- Erik / @consideratio"), ["Erik Sundell"]),
        (("- Zach Sailer", "- Zach"), ["Zach Sailer"]),
        (("- Chris Holdgraf", "- Chris H"), ["Chris Holdgraf"]),
        (("- Jason Grout", "- Jason Weill", "- Jason W"), ["Jason Grout", "Jason Weill"]),
        (("- Steve Silvester", "- Steven Silvester"), ["Steven Silvester"]),
        (("- Benny Szeghy / @bsz", "- Benjamin Szeghy"), ["Benjamin Szeghy"]),
        (("- Zach / @zsailer", "- Zach Sailer", "- Zach"), ["Zach Sailer"]),
        (("- Afshin Darian", "- Darian"), ["Afshin Darian"]),
        (("- Kim Doe", "- Kim Roe"), ["Kim Doe", "Kim Roe"]),
        (("- Maria de la Cruz", "- Maria Cruz"), ["Maria de la Cruz", "Maria Cruz"]),
    ],
)
def test_people_variants(rollcalls: tuple[str, ...], people: list[str]) -> None:
    archive = _archive_of(*rollcalls)
    assert _person_names(archive) == sorted(people)


def test_people_variants_merge_to_one_person() -> None:
    for rollcalls in (
        ("- Brian Granger", "- Brian E Granger", "- Brian E. Granger"),
        ("- Afshin Darian", "- Afshin T. Darian", "- A. T. Darian"),
        ("- Fernando Perez", "- Fernando Pérez"),
    ):
        archive = _archive_of(*rollcalls)
        assert len(archive.people) == 1, _person_names(archive)


def test_shared_first_name_is_a_warning() -> None:
    archive = _archive_of(
        "- Jason Grout\n- Jason Weill", updates="## Quick updates\n\n* Jason: did a thing\n"
    )
    assert "ambiguous-name" in {f.code for f in archive.findings}


def test_update_author_not_on_roll_call_is_attributed() -> None:
    archive = _archive_of(
        "- Kim Doe / Org / @kimd", updates="## Quick updates\n\n* Sylvia: deployed it\n"
    )
    meeting_ = archive.meetings[0]
    assert [u.author for u in meeting_.updates] == ["Sylvia"]
    assert "sylvia" in archive.people


# -- hostile input: never raise, stay fast ------------------------------------------------

HOSTILE = [
    b"",
    b"---\n---\n",
    b"---\ntitle: x\n",
    b"---\n: : :\n  - [\n---\n# T\n",
    b"---\n- a list\n---\n# T\n",
    b"x" * 1_000_000,
    b"* " + b"a / " * 100_000,
    b"| " * 200_000,
    b"[" * 100_000 + b"]" * 100_000,
    b"(" * 50_000 + b"x" + b")" * 50_000,
    b"Date: " + b"1, " * 50_000 + b"March 2019",
    b"https://github.com/" + b"a/" * 100_000,
    b"@" * 100_000,
    b"\n".join(b"* Kim Doe / Org / @kimd %d" % i for i in range(10_000)),
    b"\n".join(b"## 2024-01-%02d\n- x" % (i % 28 + 1) for i in range(2_000)),
    b"\n".join(b"  " * depth + b"* level" for depth in range(50)),
    bytes(range(256)) * 64,
    b"\xff\xfe\x00\x00garbage\x00\x01",
    "# T\n\n* Kim \ud800 Doe / Org\n".encode("utf-8", "surrogatepass"),
    b"\xed\xa0\x80 lone surrogate bytes",
    b"# T\n\n## Agenda\n\n* " + b"[Zach - 5 min] (Ana, Ben) " * 20_000,
    b"# T\n\n## Agenda\n\n### " + b"[name=a] [time=5m] " * 20_000,
    b"# T\n\n## Quick updates\n\n* " + b"**Ana:** [x] " * 50_000,
    b"# T\n\n## Attendees\n\n* " + b"((x) Kim, " * 50_000,
    b"```\n" * 1000,
    b"# T\n\n:::spoiler\n" * 1000,
]


@pytest.mark.parametrize("data", HOSTILE, ids=lambda d: f"{len(d)}B:{d[:12]!r}")
def test_hostile_input_never_raises(data: bytes) -> None:
    start = time.perf_counter()
    note = parse_note("2019-03-21.md", data)
    assert isinstance(note, ParsedNote)
    assert time.perf_counter() - start < 10
    Archive.build([note])


# -- the real corpus ---------------------------------------------------------------------


ARCHIVE_COUNTS = EC_MEETINGS


@pytest.mark.shared
def test_corpus_meetings_found_dated_and_fast() -> None:
    roots = [CORPUS / "geojupyter" / "meeting-notes", CORPUS / "jupyter-ec"]
    files = [(root, path) for root in roots for path in sorted(root.rglob("*.md"))]
    start = time.perf_counter()
    notes = [
        parse_note(path.relative_to(root).as_posix(), path.read_bytes()) for root, path in files
    ]
    elapsed = time.perf_counter() - start
    counts = {note.path: len(note.meetings) for note in notes}
    for path, count in ARCHIVE_COUNTS.items():
        assert counts[path] == count, path
    single = [note for note in notes if note.path.endswith("/index.md") and "-" in note.path]
    assert single and all(len(note.meetings) == 1 for note in single)
    meetings = [m for note in notes for m in note.meetings]
    assert len(meetings) == sum(ARCHIVE_COUNTS.values()) + len(single)
    assert all(2023 <= m.date.year <= 2026 for m in meetings)
    assert elapsed < 10
    pages = [note.path for note in notes if note.is_page]
    assert all(path.endswith(("index.md", "README.md")) for path in pages), pages
    actions = [a.text for m in meetings for a in m.actions]
    assert "Team communication" not in actions
    for m in meetings:
        names = [a.name for a in m.attendees]
        assert not [name for name in names if "/" in name or "|" in name], m.id
        assert len(names) == len(set(names)), m.id
    archive = Archive.build(notes)
    people = {p.name for p in archive.people.values()}
    assert {"Afshin T. Darian", "Fernando Perez", "Jason Grout", "Matt Fisher"} <= people
    assert not {"Afshin Darian", "A. T. Darian", "Darian", "Fernando Pérez"} & people


@pytest.mark.shared
def test_seed_note() -> None:
    m = meeting(SEED.read_text(encoding="utf-8"), "2019-03-21-team-meeting.md")
    assert len(m.attendees) == 9 and [a.name for a in m.attendees if not a.present] == ["Min"]
    assert [u.author for u in m.updates] == [
        "Patricia",
        "Erik",
        "Lindsey",
        "Joe",
        "Tim",
        "Chris",
        "Sylvain",
    ]
    assert len(m.items) == 9 and m.items[1].speakers == ("Zach",)
    assert {r.key for r in m.refs} >= {"jupyterhub/mybinder.org-deploy#759"}


@pytest.mark.parametrize(
    ("text", "shared"),
    [
        ("# Team meeting 2024-01-11\n\n## Agenda\n\n- OVH back \u2014 online\n", True),
        ("---\ntitle: Team\n---\n# Team meeting 2024-01-11\n\n- OVH back online\n", False),
    ],
)
def test_a_meetings_body_is_its_notes_text_when_equal(text: str, shared: bool) -> None:
    """A note that is one meeting holds its text once, compressed (``model.py``): the
    meeting's body is the note's text itself when the note has no front matter (and an
    equal copy otherwise)."""
    note = parse_note("2024-01-11.md", text.encode())
    (meeting,) = note.meetings
    assert meeting.body == note.body and note.text == text
    kept_body, kept_text = vars(meeting)["_body_z"], vars(note)["_text_z"]
    assert zlib.decompress(kept_text) == text.encode()
    assert (kept_body is kept_text) is shared
    again = pickle.loads(pickle.dumps(note))
    assert (
        again == note and (vars(again.meetings[0])["_body_z"] is vars(again)["_text_z"]) is shared
    )


def _meeting_with(body: str) -> Meeting:
    return Meeting(
        id="a",
        date=dt.date(2024, 1, 11),
        title="A",
        series=None,
        source_path="a.md",
        line=1,
        end_line=2,
        body=body,
    )


@pytest.mark.parametrize(
    ("body", "links"),
    [
        ("See [the plan](plan.md) 🎉", True),
        ("[plan]: plan.md\nÉtape — 🎉", True),
        ("no links here, only émoji 🎉", False),
        ("a ] ( spaced", False),
        ("a [bracket] then (parens)", False),
    ],
)
def test_a_meetings_link_syntax_is_noted_when_its_body_is_set(body: str, links: bool) -> None:
    """A rebuild asks every meeting whether its body has links; the answer is noted with
    the body, and follows it through ``replace`` and a pickle."""
    meeting = _meeting_with(body)
    assert meeting.body_has_links is links
    assert dataclasses.replace(meeting, body="x](y").body_has_links is True
    assert pickle.loads(pickle.dumps(meeting)).body_has_links is links


def test_a_kept_text_is_always_its_own() -> None:
    """Texts kept as UTF-8 share bytes only with an equal text: after reading one text,
    a different one (or the empty one) gets its own bytes."""
    first = _meeting_with("first 🎉")
    assert first.body == "first 🎉"
    for text in ("second", "", "first 🎉", "first"):
        note = ParsedNote(path="a.md", text=text)
        assert note.text == text and zlib.decompress(vars(note)["_text_z"]) == text.encode()
