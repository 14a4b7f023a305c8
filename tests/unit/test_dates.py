"""Dates: the heading, body-line, H1 and path shapes of FORMATS.md, and the real corpus."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest

from mkdocs_minutes.notes.dates import (
    DateMatch,
    date_from_path,
    find_date_in_text,
    front_matter_date,
    is_date_line,
    parse_date_heading,
    year_from_path,
)

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"

D = dt.date


# --- date headings -------------------------------------------------------------------------

# (heading text, default_year, dates, month_only, year_inferred, fixed)
DATE_HEADINGS = [
    ("2023-11-21", None, (D(2023, 11, 21),), False, False, ""),
    ("25 April 2023", None, (D(2023, 4, 25),), False, False, ""),
    ("28 Feb 2023", None, (D(2023, 2, 28),), False, False, ""),
    ("06 August 2024", None, (D(2024, 8, 6),), False, False, ""),
    ("2025 December 16", None, (D(2025, 12, 16),), False, False, ""),
    ("2026 June 9", None, (D(2026, 6, 9),), False, False, ""),
    ("May 27th 2025", None, (D(2025, 5, 27),), False, False, ""),
    ("Apr 29, 2025", None, (D(2025, 4, 29),), False, False, ""),
    ("Apr 8th, 2025", None, (D(2025, 4, 8),), False, False, ""),
    ("Apr 01, 2025", None, (D(2025, 4, 1),), False, False, ""),
    ("March 23 2023", None, (D(2023, 3, 23),), False, False, ""),
    ("2025-10-1", None, (D(2025, 10, 1),), False, False, ""),
    ("2024-06", None, (D(2024, 6, 1),), True, False, ""),
    ("March 2024", None, (D(2024, 3, 1),), True, False, ""),
    ("7 Feburary 2023", None, (D(2023, 2, 7),), False, False, "read 'Feburary' as February"),
    ("3 Setpember 2024", None, (D(2024, 9, 3),), False, False, "read 'Setpember' as September"),
    (
        "6, 13, & 26 March 2025",
        None,
        (D(2025, 3, 6), D(2025, 3, 13), D(2025, 3, 26)),
        False,
        False,
        "",
    ),
    (
        "March 6, 13 and 20, 2025",
        None,
        (D(2025, 3, 6), D(2025, 3, 13), D(2025, 3, 20)),
        False,
        False,
        "",
    ),
    ("2024-01-09 / 2024-01-16", None, (D(2024, 1, 9), D(2024, 1, 16)), False, False, ""),
    ("Thursday 19th November 2020", None, (D(2020, 11, 19),), False, False, ""),
    ("Thu, Nov 19 2020", None, (D(2020, 11, 19),), False, False, ""),
    ("12 December 2024 (cancelled)", None, (D(2024, 12, 12),), False, False, ""),
    ("12 December 2024 - cancelled", None, (D(2024, 12, 12),), False, False, ""),
    ("**2023-11-21**", None, (D(2023, 11, 21),), False, False, ""),
    ("Meeting notes 2024-01-09", None, (D(2024, 1, 9),), False, False, ""),
    ("2024-01-09 16:00 UTC", None, (D(2024, 1, 9),), False, False, ""),
    ("2024-01-09 (ad-hoc, 30 min)", None, (D(2024, 1, 9),), False, False, ""),
    ("21st of March, 2019", None, (D(2019, 3, 21),), False, False, ""),
    ("2019/03/21", None, (D(2019, 3, 21),), False, False, ""),
    ("21.03.2019", None, (D(2019, 3, 21),), False, False, ""),
    ("Sept. 5, 2023", None, (D(2023, 9, 5),), False, False, ""),
    ("2025 December 16 🎉", None, (D(2025, 12, 16),), False, False, ""),
    ("25\u00a0April\u00a02023", None, (D(2023, 4, 25),), False, False, ""),
    ("March 21st", 2019, (D(2019, 3, 21),), False, True, ""),
    ("Tuesday 14 January", 2025, (D(2025, 1, 14),), False, True, ""),
    ("March", 2019, (D(2019, 3, 1),), True, True, ""),
    ("1970-01-01", None, (D(1970, 1, 1),), False, False, ""),
    ("2150-01-01", None, (D(2150, 1, 1),), False, False, ""),
    ("1066-10-14", None, (D(1066, 10, 14),), False, False, ""),
]


@pytest.mark.parametrize(
    ("text", "year", "dates", "month_only", "inferred", "fixed"),
    DATE_HEADINGS,
    ids=[row[0] for row in DATE_HEADINGS],
)
def test_date_heading(
    text: str,
    year: int | None,
    dates: tuple[dt.date, ...],
    month_only: bool,
    inferred: bool,
    fixed: str,
) -> None:
    assert parse_date_heading(text, default_year=year) == DateMatch(
        dates=dates, month_only=month_only, year_inferred=inferred, fixed=fixed
    )


NOT_DATE_HEADINGS = [
    "Agenda",
    "Notes",
    "Attendees",
    "2. Updates",
    "Q1 planning",
    "Goals for 2025",
    "Version 2.0 release",
    "JupyterCon 2025",
    "Roadmap for March 2025",
    "Sprint 12 May 2024 retro",
    "Agenda & notes",
    "I. Team Metrics",
    "5.3 Projects",
    "Status reports",
    "Action items (2)",
    "0000-00-00",
    "9999-99-99",
    "2019-02-30",
    "31 April 2023",
    "2024-13",
    "",
    "12 Marshmallows 2020",
    "March 21st",  # no year and no default year
    "March",  # no year and no default year
    "Decisions",
    "may 5",
    "Office Hours from 2023 Q1",
    "v1.2.3",
    "10/20",
    "2023 " * 60,  # far too long to be a heading's date
]


@pytest.mark.parametrize("text", NOT_DATE_HEADINGS)
def test_not_a_date_heading(text: str) -> None:
    assert parse_date_heading(text) is None


@pytest.mark.parametrize(
    "text", ["March 21st", "Agenda", "Notes for March", "5 mins", "may 5", "Decisions in May"]
)
def test_default_year_does_not_invent_dates(text: str) -> None:
    match = parse_date_heading(text, default_year=2024)
    assert match is None or match.dates == (D(2024, 3, 21),)


def test_date_property_is_first_date() -> None:
    match = parse_date_heading("6, 13, & 26 March 2025")
    assert match is not None
    assert match.date == D(2025, 3, 6)


# --- dates in body lines and H1s -----------------------------------------------------------

# (line, default_year, first date, month_only, year_inferred)
TEXT_DATES = [
    ("Date: 21 March 2019 at 6pm Zurich time (10am PST)", None, D(2019, 3, 21), False, False),
    ("- **Date:** Thursday 19th November 2020", None, D(2020, 11, 19), False, False),
    ("Date: 2019-03-21", None, D(2019, 3, 21), False, False),
    ("**Date**: Mar 21, 2019", None, D(2019, 3, 21), False, False),
    ("Date: 03/21/2019", None, D(2019, 3, 21), False, False),
    ("Date: 04/05/2019", None, D(2019, 4, 5), False, False),  # US month/day
    ("Date: 21/03/2019", None, D(2019, 3, 21), False, False),  # day first: 21 is no month
    ("Date: 3/21/19", None, D(2019, 3, 21), False, False),
    ("Date: 21.03.2019", None, D(2019, 3, 21), False, False),
    ("Date: 21-Mar-2019", None, D(2019, 3, 21), False, False),
    ("Date - March 21st", 2019, D(2019, 3, 21), False, True),
    ("Date: Thursday, March 21", 2019, D(2019, 3, 21), False, True),
    ("Date: 21 Mar.", 2019, D(2019, 3, 21), False, True),
    ("Proposed: 18 October 2018", None, D(2018, 10, 18), False, False),
    ("When: Tuesday, 14 Jan 2025, 16:00 UTC", None, D(2025, 1, 14), False, False),
    ("* Date: March 21st, 2019", None, D(2019, 3, 21), False, False),
    ("Date: the 21st of March, 2019", None, D(2019, 3, 21), False, False),
    ("Date: Thu Mar 21 2019 10:00", None, D(2019, 3, 21), False, False),
    ("Date: 2019-03-21 (Thursday)", None, D(2019, 3, 21), False, False),
    ("Date: 2019-03-21T17:00Z", None, D(2019, 3, 21), False, False),
    ("Date: Mar 21 '19", None, D(2019, 3, 21), False, False),
    ("Date: March 1-3, 2020", None, D(2020, 3, 1), False, False),
    ("> **Date**: _21 March 2019_", None, D(2019, 3, 21), False, False),
    ("Sync meeting (2025-01-14)", None, D(2025, 1, 14), False, False),
    ("JupyterGIS sync meeting (2025-06-24)", None, D(2025, 6, 24), False, False),
    ("JupyterHub team meeting 2019-03-21", None, D(2019, 3, 21), False, False),
    ("Team Meeting - March", 2019, D(2019, 3, 1), True, True),
    ("JupyterHub and BinderHub Team Meeting - March", 2019, D(2019, 3, 1), True, True),
    ("Team meeting: March 2019", None, D(2019, 3, 1), True, False),
    ("Next meeting 2019-03-28, previous 2019-03-14", None, D(2019, 3, 28), False, False),
    ("Date: see https://x.org/2018/01/01/post, 21 March 2019", None, D(2019, 3, 21), False, False),
    ("Date: 7 Feburary 2023", None, D(2023, 2, 7), False, False),
    ("Date: 21\u200b March 2019", None, D(2019, 3, 21), False, False),
]


@pytest.mark.parametrize(
    ("text", "year", "date", "month_only", "inferred"), TEXT_DATES, ids=[r[0] for r in TEXT_DATES]
)
def test_date_in_text(
    text: str, year: int | None, date: dt.date, month_only: bool, inferred: bool
) -> None:
    match = find_date_in_text(text, default_year=year)
    assert match is not None
    assert (match.dates[0], match.month_only, match.year_inferred) == (date, month_only, inferred)


NO_DATE_IN_TEXT = [
    ("Date - March 21st", None),  # year-less without a default year
    ("Team Meeting - March", None),
    ("Date: TBD", 2019),
    ("Meeting notes from 2024", 2024),
    ("Jupyter Community Building Working Group 2024 Meeting Minutes", 2024),
    ("- Discussed JupyterCon 2025 venue and date options", 2025),
    ("we may 2x the budget", 2025),
    ("We meet in March to plan", 2025),
    ("See https://blog.jupyter.org/2019/03/21/post/", 2019),
    ("Release 1.2.3 is out, 5 mins talk", 2019),
    ("Date: 2019-02-30", None),
    ("Date: 0000-00-00", None),
    ("Date: 9999-99-99", None),
    ("Attendees: Ana, Ben, Cy", 2019),
    ("Time: 10am PST", 2019),
    ("Zoom 92451699568", 2019),
    ("", 2019),
]


@pytest.mark.parametrize(("text", "year"), NO_DATE_IN_TEXT)
def test_no_date_in_text(text: str, year: int | None) -> None:
    assert find_date_in_text(text, default_year=year) is None


DATE_LINES = [
    ("Date: 21 March 2019", True),
    ("- **Date:** Thursday 19th November 2020", True),
    ("**Date**: Mar 21, 2019", True),
    ("* Date: 2019-03-21", True),
    ("Date - March 21st", True),
    ("date: 2019-03-21", True),
    ("Proposed: 18 October 2018", True),
    ("When: Tuesday 14 January", True),
    ("Meeting date: 2019-03-21", True),
    ("Date and time: 21 March 2019 6pm", True),
    ("> Date: 21 March", True),
    ("Dates: 6, 13 March", True),
    ("_Date:_ 2019-03-21", True),
    ("Dates to remember: none", False),
    ("Update on the date options", False),
    ("The date: TBD", False),
    ("Whenever: later", False),
    ("Attendees: Ana", False),
    ("## Date", False),
    ("Date-based release plan", False),
    ("", False),
]


@pytest.mark.parametrize(("text", "expected"), DATE_LINES)
def test_is_date_line(text: str, expected: bool) -> None:
    assert is_date_line(text) is expected


# --- paths ---------------------------------------------------------------------------------

PATH_DATES = [
    ("2019-03-21.md", (D(2019, 3, 21), None)),
    ("20250624-jupytergis-sync/index.md", (D(2025, 6, 24), "jupytergis-sync")),
    ("2025-06-24-jupytergis-sync/index.md", (D(2025, 6, 24), "jupytergis-sync")),
    ("2023-09-29-maintenance-planning.md", (D(2023, 9, 29), "maintenance-planning")),
    ("2018-01-04_report.md", (D(2018, 1, 4), "report")),
    ("community/2019-03-21.md", (D(2019, 3, 21), None)),
    ("meeting_notes/2023/2023-01-10.md", (D(2023, 1, 10), None)),
    ("20250624.md", (D(2025, 6, 24), None)),
    ("2019-3-7.md", (D(2019, 3, 7), None)),
    ("series\\2019-03-21.md", (D(2019, 3, 21), None)),
    ("2019-03-21/README.md", (D(2019, 3, 21), None)),
    ("2024.md", None),
    ("index.md", None),
    ("2023_Q1.md", None),
    ("minutes_2024.md", None),
    ("meeting_notes/2023.md", None),
    ("2019-02-30.md", None),
    ("0000-00-00.md", None),
    ("9999-99-99.md", None),
    ("20251340-sync/index.md", None),
    ("202506241-sync.md", None),
    ("2019-03-21/notes.md", None),
    ("notes-2019-03-21.md", None),
    ("", None),
]


@pytest.mark.parametrize(("path", "expected"), PATH_DATES)
def test_date_from_path(path: str, expected: tuple[dt.date, str | None] | None) -> None:
    assert date_from_path(path) == expected


# (front matter, date, month_only): what the parser and the importer both read
FRONT_MATTER_DATES = [
    ({"date": D(2025, 1, 14)}, D(2025, 1, 14), False),
    ({"date": dt.datetime(2025, 1, 14, 18, 30)}, D(2025, 1, 14), False),
    ({"date": "2025-01-14"}, D(2025, 1, 14), False),
    ({"date": "Thursday 19th November 2020"}, D(2020, 11, 19), False),
    ({"date": "2024-06"}, D(2024, 6, 1), True),
    ({"date": "soon"}, None, False),
    ({"date": 20250114}, None, False),
    ({"title": "Sync"}, None, False),
]


@pytest.mark.parametrize(("meta", "date", "month_only"), FRONT_MATTER_DATES)
def test_front_matter_date(meta: dict, date: dt.date | None, month_only: bool) -> None:
    match = front_matter_date(meta)
    assert (match.date if match else None) == date
    assert bool(match and match.month_only) == month_only


PATH_YEARS = [
    ("2024.md", 2024),
    ("2023_Q1.md", 2023),
    ("reports/minutes_2025.md", 2025),
    ("reports/communitybuilding/minutes_2024.md", 2024),
    ("meeting_notes/2023/foo.md", 2023),
    ("2019-03-21.md", 2019),
    ("20250624-jupytergis-sync/index.md", 2025),
    ("2023/minutes_2024.md", 2024),  # the file name wins over its folder
    ("index.md", None),
    ("office_hours/index.md", None),
    ("rfc2119.md", None),
    ("12345.md", None),
    ("notes/v1000.md", None),
]


@pytest.mark.parametrize(("path", "expected"), PATH_YEARS)
def test_year_from_path(path: str, expected: int | None) -> None:
    assert year_from_path(path) == expected


# --- hostile input -------------------------------------------------------------------------

MEGABYTE = 1_000_000
HOSTILE_LINES = [
    "a" * MEGABYTE,
    "1 " * (MEGABYTE // 2),
    "1, " * (MEGABYTE // 3),
    "12 Marsh " * (MEGABYTE // 9),
    "March " * (MEGABYTE // 6),
    "2019-" * (MEGABYTE // 5),
    "2019-03-" * (MEGABYTE // 8),
    "1/" * (MEGABYTE // 2),
    " " * MEGABYTE + "x",
    "- March" + " " * MEGABYTE + "x",
    "Date: " + "(" * MEGABYTE,
    "https://" + "x" * MEGABYTE,
]


@pytest.mark.parametrize("line", HOSTILE_LINES, ids=[repr(line[:12]) for line in HOSTILE_LINES])
def test_megabyte_line_is_fast(line: str) -> None:
    started = time.perf_counter()
    find_date_in_text(line, default_year=2024)
    parse_date_heading(line, default_year=2024)
    is_date_line(line)
    date_from_path(line)
    year_from_path(line)
    assert time.perf_counter() - started < 2.0


# --- the real corpus -----------------------------------------------------------------------

# Established by reading the files: every `## ` heading is a meeting's date except the
# listed ones, and a multi-date heading counts its dates.
JUPYTER_EC_DATE_HEADINGS = {
    "meeting_notes/2023.md": (17, 17),
    "meeting_notes/2024.md": (34, 34),
    "meeting_notes/2025.md": (36, 36),
    "meeting_notes/2026.md": (18, 18),
    "meeting_notes/index.md": (0, 0),
    "office_hours/2023_Q1.md": (9, 9),
    "office_hours/2023_Q2.md": (3, 3),
    "office_hours/index.md": (0, 0),
    "reports/communitybuilding/minutes_2024.md": (27, 27),
    "reports/communitybuilding/minutes_2025.md": (10, 12),
}
JUPYTER_EC_OTHER_HEADINGS = {"Notes", "Attendees"}


def _corpus(*parts: str) -> Path:
    root = CORPUS.joinpath(*parts)
    assert root.is_dir(), f"{root} is missing from the shared corpus"
    return root


def _h2_headings(path: Path) -> list[str]:
    headings = []
    in_fence = False
    for line in path.read_text(encoding="utf-8").split("\n"):
        if re.match(r"\s*(```|~~~)", line):
            in_fence = not in_fence
        elif not in_fence and line.startswith("## "):
            headings.append(line[3:].strip())
    return headings


@pytest.mark.shared
@pytest.mark.parametrize(("relative", "expected"), sorted(JUPYTER_EC_DATE_HEADINGS.items()))
def test_jupyter_ec_archive_headings(relative: str, expected: tuple[int, int]) -> None:
    path = _corpus("jupyter-ec") / relative
    year = year_from_path(relative)
    matches = []
    for heading in _h2_headings(path):
        match = parse_date_heading(heading, default_year=year)
        if match is None:
            assert heading in JUPYTER_EC_OTHER_HEADINGS, heading
            continue
        assert not match.year_inferred and not match.month_only, heading
        assert {date.year for date in match.dates} == {year}, heading
        matches.append(match)
    assert (len(matches), sum(len(m.dates) for m in matches)) == expected
    firsts = [match.dates[0] for match in matches]
    assert firsts == sorted(firsts, reverse=True), "archives list their meetings newest first"


@pytest.mark.shared
def test_jupyter_ec_corpus_is_fully_listed() -> None:
    root = _corpus("jupyter-ec")
    found = {path.relative_to(root).as_posix() for path in root.rglob("*.md")}
    assert found == set(JUPYTER_EC_DATE_HEADINGS)


@pytest.mark.shared
def test_jupyter_ec_typo_heading_is_repaired() -> None:
    path = _corpus("jupyter-ec") / "meeting_notes" / "2023.md"
    fixed = [m.fixed for h in _h2_headings(path) if (m := parse_date_heading(h)) and m.fixed]
    assert fixed == ["read 'Feburary' as February"]


@pytest.mark.shared
def test_geojupyter_dates_agree() -> None:
    """File name, front matter `date:` and the H1 give one date; no H2 is a date heading."""
    root = _corpus("geojupyter", "meeting-notes")
    notes = sorted(root.glob("*/index.md"))
    assert len(notes) > 50
    for path in notes:
        relative = path.relative_to(root).as_posix()
        dated = date_from_path(relative)
        assert dated is not None, relative
        text = path.read_text(encoding="utf-8")
        front = re.search(r'^date:\s*"?([^"\n]+)"?$', text, re.MULTILINE)
        assert front is not None, relative
        front_match = find_date_in_text(front.group(1))
        assert front_match is not None and front_match.dates == (dated[0],), relative
        h1 = re.search(r"^# (.+)$", text, re.MULTILINE)
        assert h1 is not None, relative
        h1_match = find_date_in_text(h1.group(1), default_year=dated[0].year)
        assert h1_match is not None and h1_match.dates[0] == dated[0], relative
        for heading in _h2_headings(path):
            assert parse_date_heading(heading, default_year=dated[0].year) is None, heading
