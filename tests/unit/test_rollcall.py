"""The roll-call grammar, one row per real-world line shape (made-up people, same shapes).

Also runs over the seed note and the real corpus: every attendee line there must be read
(as an attendee or as a line holding none) for at least 98% of lines.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mkdocs_minutes.notes.rollcall import (
    RollcallEntry,
    is_placeholder,
    is_understood,
    parse_facilitator,
    parse_inline_attendees,
    parse_rollcall_header,
    parse_rollcall_line,
    parse_rollcall_table,
)
from mkdocs_minutes.text import decode_note

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS = SHARED / "corpus"
SEED = SHARED / "seed" / "2019-03-21-team-meeting.md"


def E(
    name: str,
    handle: str | None = None,
    affiliation: str | None = None,
    present: bool = True,
    extra: tuple[str, ...] = (),
    note: str | None = None,
) -> RollcallEntry:
    return RollcallEntry(name, handle, affiliation, present, extra, note)


# -- headers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "order"),
    [
        ("name / institution / GitHub handle", ("name", "affiliation", "handle")),
        ("Your name / GitHub ID / affiliation", ("name", "handle", "affiliation")),
        (
            "_Name (and pronouns if you'd like) / GitHub handle / affiliation_",
            ("name", "handle", "affiliation"),
        ),
        ("**name** / **institution** / **GitHub handle**", ("name", "affiliation", "handle")),
        ("> name / institution / GitHub handle", ("name", "affiliation", "handle")),
        ("| Name | GitHub | Affiliation |", ("name", "handle", "affiliation")),
        ("Name | Institution | @handle", ("name", "affiliation", "handle")),
        (
            "Your name / GitHub ID / affiliation / what are you reading (books, blogs, ...) lately?",
            ("name", "handle", "affiliation", "extra"),
        ),
        ("Name / GitHub ID / affiliation / ?", ("name", "handle", "affiliation", "extra")),
        (
            "name / GitHub handle / affiliation / location",
            ("name", "handle", "affiliation", "extra"),
        ),
        ("Name/Institution/GitHub handle:", ("name", "affiliation", "handle")),
        # not headers: real people, prose, a person who left the template fields unfilled
        ("Zach / Jupyter Cal Poly / @zexample", None),
        ("Fernanda / GitHub ID / affiliation / ?", None),
        ("Jason Example", None),
        ("If you are joining, sign in below / add yourself", None),
        ("name", None),
    ],
)
def test_header(line: str, order: tuple[str, ...] | None) -> None:
    assert parse_rollcall_header(line) == order


# -- placeholders ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("your name / ...", True),
        ("/", True),
        ("  /  /", True),
        ("> name / ...", True),
        ("name", True),
        ("Name", True),
        ("...", True),
        ("???", True),
        ("<your name>", True),
        ("Name / GitHub ID / affiliation", True),
        ("name / institution / GitHub handle", True),
        ("**name** / **institution** / **GitHub handle**", True),
        ("add your name here", True),
        ("| | |", True),
        ("Kim Doe / @kimd / Acme Lab", False),
        ("Kim Doe", False),
        ("Fernanda / GitHub ID / affiliation", False),  # a person, fields unfilled
    ],
)
def test_placeholder(line: str, expected: bool) -> None:
    assert is_placeholder(line) is expected


# -- one line --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # slash lists, seed order name / institution / handle
        ("Zach / Jupyter Cal Poly / @zexample", E("Zach", "zexample", "Jupyter Cal Poly")),
        (
            "Pat Example / The Turing Way & University of Somewhere / @pexample",
            E("Pat Example", "pexample", "The Turing Way & University of Somewhere"),
        ),
        # absent with an annotation, emoji after it (seed: Min)
        (
            "Mia / Simula / @miaexample (absent: Hi from Mia and little Hugo, born 2019-09-03) 🎉🎉",
            E(
                "Mia",
                "miaexample",
                "Simula",
                False,
                note="absent: Hi from Mia and little Hugo, born 2019-09-03",
            ),
        ),
        (
            "Kim Doe / Acme Lab / @kimd (might be late)",
            E("Kim Doe", "kimd", "Acme Lab", note="might be late"),
        ),
        ("Kim Doe (regrets) / Acme Lab", E("Kim Doe", None, "Acme Lab", False, note="regrets")),
        ("Kim Doe / Acme Lab / absent", E("Kim Doe", None, "Acme Lab", False, note="absent")),
        (
            "~~Kim Doe / Acme Lab / @kimd~~",
            E("Kim Doe", "kimd", "Acme Lab", False, note="struck through"),
        ),
        # name / handle / affiliation / ice-breaker answer
        (
            "Kim Doe / @kimd / Acme Lab / Mint hot cocoa",
            E("Kim Doe", "kimd", "Acme Lab", extra=("Mint hot cocoa",)),
        ),
        ("Kim Doe / `@kimd` / Acme Lab", E("Kim Doe", "kimd", "Acme Lab")),
        ("Kim Doe / \\@kimd / Acme Lab", E("Kim Doe", "kimd", "Acme Lab")),
        ("Kim Doe / [@kimd](https://github.com/kimd) / Acme Lab", E("Kim Doe", "kimd", "Acme Lab")),
        ("Kim Doe / `kimd` / Acme Lab", E("Kim Doe", "kimd", "Acme Lab")),
        ("[Kim Doe](https://github.com/kimd) / Acme Lab", E("Kim Doe", "kimd", "Acme Lab")),
        # bare handle in the second field (lowercase, digits, or like the name)
        ("Kim Doe / kdoe42 / Acme Lab / Tea", E("Kim Doe", "kdoe42", "Acme Lab", extra=("Tea",))),
        ("Yao-Lin Yao / YaoLinYao / Clark Lab", E("Yao-Lin Yao", "YaoLinYao", "Clark Lab")),
        ("Kim Doe / batpad / Acme Lab", E("Kim Doe", "batpad", "Acme Lab")),
        # ...but a one-word organisation is not a handle
        ("Kim Doe / QuantLab", E("Kim Doe", None, "QuantLab")),
        ("Kim Doe / DSE", E("Kim Doe", None, "DSE")),
        # pronouns are not fields
        (
            "Kim Doe (she/her) / @kimd / Acme Lab",
            E("Kim Doe", "kimd", "Acme Lab", extra=("she/her",)),
        ),
        (
            "Kim Doe / they/them / @kimd / Acme Lab",
            E("Kim Doe", "kimd", "Acme Lab", extra=("they/them",)),
        ),
        # slashes inside fields, or no spaces at all
        ("Kim / @kimd / Org/University of X", E("Kim", "kimd", "Org/University of X")),
        ("Fernanda Pérez / DSE/BIDS/Berkeley", E("Fernanda Pérez", None, "DSE/BIDS/Berkeley")),
        ("Kim/@kimd/Org/ City", E("Kim", "kimd", "Org", extra=("City",))),
        ("Kim Lee/ kimlee/ Acme Lab", E("Kim Lee", "kimlee", "Acme Lab")),
        # empty and unfilled fields
        ("Kim /  / Acme Lab", E("Kim", None, "Acme Lab")),
        ("Kim Doe / @kimd / Acme Lab /", E("Kim Doe", "kimd", "Acme Lab")),
        ("Kim Doe / `@kimd` / affiliation", E("Kim Doe", "kimd")),
        ("Fernanda / GitHub ID / affiliation / ?", E("Fernanda")),
        ("Kim Doe / @kimd", E("Kim Doe", "kimd")),
        # pipe lists
        ("Ana | Acme Lab | @ana", E("Ana", "ana", "Acme Lab")),
        ("| Ana | Acme Lab | @ana |", E("Ana", "ana", "Acme Lab")),
        # not handles: npm scopes, e-mails, '@' as a word, another forge's handle
        (
            "Kim Doe / @acme/widgets / Acme Lab",
            E("Kim Doe", None, "Acme Lab", extra=("@acme/widgets",)),
        ),
        (
            "Kim Doe / kim@example.org / Acme Lab",
            E("Kim Doe", None, "Acme Lab", extra=("kim@example.org",)),
        ),
        ("Kim Doe / we @ Acme Lab", E("Kim Doe", None, "we @ Acme Lab")),
        ("Kim Doe / @k.doe / Acme Lab", E("Kim Doe", None, "Acme Lab", extra=("@k.doe",))),
        # plain names
        ("Jason Example", E("Jason Example")),
        ("Fernanda Pérez", E("Fernanda Pérez")),
        ("A. T. Example", E("A. T. Example")),
        ("Brian E Example", E("Brian E Example")),
        ("tony example", E("tony example")),
        ("Jason W", E("Jason W")),
        ("**Ana Example**", E("Ana Example")),
        ("@kimd", E("kimd", "kimd")),
        ("Kim Doe (kimD)", E("Kim Doe", "kimD")),
        ("Kim Doe (@kimd)", E("Kim Doe", "kimd")),
        ("Chris Example (2i2c)", E("Chris Example", None, "2i2c")),
        ("Rick Example (SDSC)", E("Rick Example", None, "SDSC")),
        ("Zach (Apple)", E("Zach", None, "Apple")),
        (
            "Kate Example CNCF (employee of LF)",
            E("Kate Example", None, "CNCF", note="employee of LF"),
        ),
        ("Martin RENOU", E("Martin RENOU")),
        ("Fernanda (visiting)", E("Fernanda", note="visiting")),
        ("Zach Example (left 45 minutes early)", E("Zach Example", note="left 45 minutes early")),
        (
            "Chris Example (joined to discuss the proposal)",
            E("Chris Example", note="joined to discuss the proposal"),
        ),
        ("Zach Example joined at 9:37am", E("Zach Example", note="joined at 9:37am")),
        ("Kim Doe (regrets)", E("Kim Doe", present=False, note="regrets")),
        ("Kim Doe - regrets", E("Kim Doe", present=False, note="regrets")),
        ("~~Kim Doe~~", E("Kim Doe", present=False, note="struck through")),
        ("Kim Doe (might be late)", E("Kim Doe", note="might be late")),
        # nothing to read
        ("", None),
        ("name / institution / GitHub handle", None),
        ("Name / GitHub ID / affiliation", None),
        ("*  /", None),
        ("...", None),
        ("All others were unavailable today", None),
        ("No community participants", None),
        ("If you are joining the team video meeting, sign in below so we know who was here.", None),
    ],
)
def test_line(line: str, expected: RollcallEntry | None) -> None:
    assert parse_rollcall_line(line) == expected


@pytest.mark.parametrize(
    ("line", "order", "expected"),
    [
        # a bare word in the handle slot of the header's order is the handle
        (
            "Kim Doe / kimd / Acme Lab",
            ("name", "handle", "affiliation"),
            E("Kim Doe", "kimd", "Acme Lab"),
        ),
        (
            "Kim Doe / Acme Lab / kimd",
            ("name", "affiliation", "handle"),
            E("Kim Doe", "kimd", "Acme Lab"),
        ),
        (
            "Kim Doe / Acme Lab / KimD",
            ("name", "affiliation", "handle"),
            E("Kim Doe", "KimD", "Acme Lab"),
        ),
        # a marked handle wins over the header's slot (fields written in another order)
        (
            "Kim Doe / Acme Lab / @kimd",
            ("name", "handle", "affiliation"),
            E("Kim Doe", "kimd", "Acme Lab"),
        ),
        # an empty handle slot
        (
            "Kim Doe /  / Acme Lab",
            ("name", "handle", "affiliation"),
            E("Kim Doe", None, "Acme Lab"),
        ),
        ("Kim Doe / Acme Lab", ("name", "affiliation", "handle"), E("Kim Doe", None, "Acme Lab")),
        # the slot holds something that is not a handle: kept as an extra
        (
            "Kim Doe / n.a. user / Acme Lab",
            ("name", "handle", "affiliation"),
            E("Kim Doe", None, "Acme Lab", extra=("n.a. user",)),
        ),
        # an all-caps word in the handle slot is an organisation written early, not a handle
        (
            "Kim Doe / DSE / Acme Lab",
            ("name", "handle", "affiliation"),
            E("Kim Doe", None, "Acme Lab", extra=("DSE",)),
        ),
        # four fields, the fourth an ice-breaker answer
        (
            "Kim Doe / @kimd / Acme Lab / The Office",
            ("name", "handle", "affiliation", "extra"),
            E("Kim Doe", "kimd", "Acme Lab", extra=("The Office",)),
        ),
        (
            "Kim Doe / Acme Lab / @kimd / Berlin",
            ("name", "affiliation", "handle", "extra"),
            E("Kim Doe", "kimd", "Acme Lab", extra=("Berlin",)),
        ),
    ],
)
def test_line_with_order(line: str, order: tuple[str, ...], expected: RollcallEntry) -> None:
    assert parse_rollcall_line(line, order) == expected


@pytest.mark.parametrize(
    ("line", "understood"),
    [
        ("Kim Doe / @kimd / Acme Lab", True),
        ("name / institution / GitHub handle", True),
        ("/", True),
        ("All others were unavailable today", True),
        ("No community participants", True),
        ("Chris, Fernanda, Jason unable to attend today", True),
        ("Attendees: Ana, Ben", True),
        ("Facilitator: Ana", True),
        (
            "If you are joining the team video meeting, sign in below so we know who was here.",
            False,
        ),
        ("See https://example.org/signup for the sign-up sheet and the rules of the game", False),
    ],
)
def test_understood(line: str, understood: bool) -> None:
    assert is_understood(line) is understood


# -- inline lists, facilitator, tables ------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Attendees: Ana, Ben, Cy", [E("Ana"), E("Ben"), E("Cy")]),
        (
            "Participants: Ana Example, Jason Example and Martha C",
            [E("Ana Example"), E("Jason Example"), E("Martha C")],
        ),
        ("**Participants:** Ana, Ben", [E("Ana"), E("Ben")]),
        ("Present: Ana (@anaex), Ben.", [E("Ana", "anaex"), E("Ben")]),
        ("Attendees: Ana (Acme, remote), Ben", [E("Ana", note="Acme, remote"), E("Ben")]),
        ("Regrets: Ana", [E("Ana", present=False)]),
        ("Apologies: Ana, Ben", [E("Ana", present=False), E("Ben", present=False)]),
        ("Attendees:", []),
        (
            "Chris, Fernanda, Jason unable to attend today",
            [E("Chris", present=False), E("Fernanda", present=False), E("Jason", present=False)],
        ),
        ("Ana and Ben sent regrets", [E("Ana", present=False), E("Ben", present=False)]),
        ("Many folks unable to attend", None),
        ("We discussed the attendees list", None),
        ("Ana Example", None),
        ("Date: 21 March 2019", None),
    ],
)
def test_inline_attendees(line: str, expected: list[RollcallEntry] | None) -> None:
    assert parse_inline_attendees(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Facilitator: Ana", "Ana"),
        ("**Facilitator:** Ana R", "Ana R"),
        ("_Facilitator_: Ben Example", "Ben Example"),
        ("Facilitator - Cy", "Cy"),
        ("Facilitated by Ana", "Ana"),
        ("Facilitator: @anaex", "anaex"),
        ("Facilitator: name", None),
        ("Facilitator:", None),
        ("Facilitator: TBD", None),
        ("Ana: facilitator", None),
        ("Chairs are needed for the next call", None),
    ],
)
def test_facilitator(line: str, expected: str | None) -> None:
    assert parse_facilitator(line) == expected


def test_table_with_attendance_column() -> None:
    rows = [
        "| Name | GitHub | Affiliation | Attended |",
        "|------|--------|-------------|:--------:|",
        "| Ana Example | @anaex | Acme Lab | X |",
        "| Ben | benex | | |",
        "| Cy | | Other Org | ✓ |",
        "| Dee | | | yes |",
        "| Eve | | | late |",
        "| | | | |",
    ]
    assert parse_rollcall_table(rows) == [
        E("Ana Example", "anaex", "Acme Lab"),
        E("Ben", "benex", present=False),
        E("Cy", None, "Other Org"),
        E("Dee"),
        E("Eve", note="late"),
    ]


def test_table_without_attendance_column() -> None:
    rows = ["| Name | Institution |", "| --- | --- |", "| Ana | Acme Lab |", "| **Ben** | |"]
    assert parse_rollcall_table(rows) == [E("Ana", None, "Acme Lab"), E("Ben")]


def test_table_present_column_lowercase_x() -> None:
    rows = ["| Present | Name |", "|---|---|", "| x | Ana |", "|   | Ben |"]
    assert parse_rollcall_table(rows) == [E("Ana"), E("Ben", present=False)]


# -- the seed note and the corpus ------------------------------------------------------------


def _seed_rollcall_lines() -> list[str]:
    text = decode_note(SEED.read_bytes()).text
    section = text.split("Roll call:", 1)[1].split("\n## ", 1)[0]
    return [line[2:].strip() for line in section.splitlines() if line.startswith("* ")]


@pytest.mark.shared
def test_seed_rollcall() -> None:
    lines = _seed_rollcall_lines()
    assert parse_rollcall_header(lines[0]) == ("name", "affiliation", "handle")
    order = parse_rollcall_header(lines[0])
    entries = [parse_rollcall_line(line, order) for line in lines[1:]]
    assert all(entries)
    assert [(e.name, e.handle) for e in entries if e] == [
        ("Zach", "Zsailer"),
        ("Min", "minrk"),
        ("Patricia Herterich", "pherterich"),
        ("Erik Sundell", "consideratio"),
        ("Sarah Gibson", "sgibson91"),
        ("Lindsey Heagy", "lheagy"),
        ("Tim Head", "betatim"),
        ("Joe Hamman", "jhamman"),
        ("Brian Granger", "ellisonbg"),
    ]
    min_entry = entries[1]
    assert min_entry is not None
    assert min_entry.present is False
    assert min_entry.affiliation == "Simula"
    assert min_entry.note == "absent: Hi from Min and little Hugo, born 2019-09-03"
    assert all(e.present for e in entries if e and e.name != "Min")
    assert entries[2] and entries[2].affiliation == "The Turing Way & University of Birmingham"


def _corpus_rollcall_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted((CORPUS / "jupyter-ec").glob("**/*.md")):
        inside = False
        for line in decode_note(path.read_bytes()).text.splitlines():
            if line.startswith("#"):
                inside = line.strip().lower().startswith("### attendees")
                continue
            bullet = re.match(r"^\s*[-*+]\s+(.*)$", line)
            if inside and bullet:
                lines.append(bullet.group(1).strip())
    for path in sorted((CORPUS / "geojupyter" / "meeting-notes").glob("*/index.md")):
        inside = False
        for line in decode_note(path.read_bytes()).text.splitlines():
            if line.startswith("#"):
                inside = line.strip().lower().startswith("## attendees")
                continue
            if inside and line.startswith("* "):
                lines.append(line[2:].strip())
    return lines


@pytest.mark.shared
def test_corpus_rollcall_lines_are_understood() -> None:
    lines = _corpus_rollcall_lines()
    assert len(lines) > 500
    not_understood = [line for line in lines if not is_understood(line)]
    share = 1 - len(not_understood) / len(lines)
    assert share >= 0.98, "not understood:\n" + "\n".join(not_understood)


@pytest.mark.shared
def test_corpus_rollcall_handles_are_github_handles() -> None:
    """Every handle read from the corpus is a real handle, never an organisation."""
    entries = [parse_rollcall_line(line) for line in _corpus_rollcall_lines()]
    handles = {e.handle for e in entries if e and e.handle}
    assert {"mfisher87", "martinRenou", "arjxn-py", "batpad", "kpdavi", "YaoTingYao"} <= handles
    assert not handles & {"QuantStack", "DSE", "ClarkCGA", "SchmidtDSE", "2i2c", "CNES"}
