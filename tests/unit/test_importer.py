"""``minutes import``: normalising HackMD / Google Docs exports, and the ``new``/``import`` CLI.

Every normalisation is a table row (export line shapes of FORMATS.md, made-up content);
every shape row is imported, parsed back, rendered, and imported again (idempotence).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import types
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_minutes.importer import ImportResult, normalise_export
from mkdocs_minutes.plugin.extensions import required_extensions

try:
    from mkdocs_minutes.notes import parse_note
except ImportError as error:  # the parser is the lead's and may be mid-change
    parse_note = None
    PARSE_ERROR = str(error)
else:
    PARSE_ERROR = ""

needs_parser = pytest.mark.xfail(
    parse_note is None, reason=f"mkdocs_minutes.notes.parse_note not importable: {PARSE_ERROR}"
)

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
RENDER_EXTENSIONS = ["tables", "pymdownx.superfences", "pymdownx.tasklist"]
PASSCODE = "meeting passcode found"


def _run(raw: str | bytes, default_year: int | None = None) -> ImportResult:
    return normalise_export(raw.encode("utf-8") if isinstance(raw, str) else raw, default_year)


# --- one row per normalisation: (id, export, expected note, a phrase of the change list) -----

NORMALISATIONS = [
    # list indentation
    ("hackmd-2-space", "* a\n  * b\n    * c\n* d\n", "* a\n    * b\n        * c\n* d\n", "re-indented 2 list lines"),
    ("hackmd-dash-2-space", "- a\n  - b\n- c\n", "- a\n    - b\n- c\n", "re-indented 1 list line"),
    ("gdocs-3-after-marker", "*   a\n    *   b\n        *   c\n*   d\n", "* a\n    * b\n        * c\n* d\n", "re-indented 4 list lines"),
    ("ordered-3-space", "1. a\n   - b\n2. c\n", "1. a\n    - b\n2. c\n", "re-indented 1 list line"),
    ("mixed-2-and-4", "* a\n    * b\n      * c\n* d\n", "* a\n    * b\n        * c\n* d\n", "re-indented 1 list line"),
    ("tab-nesting", "* a\n\t* b\n", "* a\n    * b\n", "re-indented 1 list line"),
    ("wide-marker-gap", "-   a\n-   b\n", "- a\n- b\n", "re-indented 2 list lines"),
    ("task-list-2-space", "- [ ] a\n  - [x] b\n", "- [ ] a\n    - [x] b\n", "re-indented 1 list line"),
    ("continuation-line", "* a\n  more of a\n* b\n", "* a\n    more of a\n* b\n", "re-indented 1 list line"),
    ("lazy-continuation", "* a\nmore of a\n* b\n", "* a\n    more of a\n* b\n", "re-indented 1 list line"),
    ("sibling-after-deeper", "* a\n  * b\n * c\n", "* a\n    * b\n* c\n", "re-indented 2 list lines"),
    ("ordered-under-2-is-commonmark-sibling", "1. a\n  * b\n2. c\n", "1. a\n* b\n2. c\n", "re-indented 1 list line"),
    ("fence-in-item-moves-whole", "* a\n  ```\n  x  = 1\n    y\n  ```\n* b\n", "* a\n    ```\n    x  = 1\n      y\n    ```\n* b\n", "re-indented 4 list lines"),
    ("list-after-paragraph", "Roll call:\n* Ana\n* Ben\n", "Roll call:\n\n* Ana\n* Ben\n", "blank line before 1 list"),
    ("list-after-bold-label", "**Attendees:**\n- Ana\n", "**Attendees:**\n\n- Ana\n", "blank line before 1 list"),
    ("heading-after-list", "* a\n## Next\n", "* a\n\n## Next\n", "blank line after 1 list"),
    ("ordered-2-cannot-interrupt", "We met in\n2. place\n", "We met in\n2. place\n", None),
    # the renderer's list engine reads these as the page shows them (CHANGELOG, Fixed)
    ("empty-child-bullet-then-text", "- a\n  -\nnext\n", "- a\n    -\n\nnext\n", "blank line after 1 list"),
    ("list-after-html-comment", "<!-- c -->\n- a\n", "<!-- c -->\n\n- a\n", "blank line before 1 list"),
    ("raw-html-pre-kept", "<pre>\n  - a \\@x\n</pre>\n", "<pre>\n  - a \\@x\n</pre>\n", None),
    ("stray-container-closer-continues-item", "- a\n:::\n", "- a\n    :::\n", "re-indented 1 list line"),
    ("fence-indented-as-code-is-code", "        ```\n  - a\n", "        ```\n- a\n", "re-indented 1 list line"),
    ("text-after-3-space-list-to-margin", "   - e\n\n  text\n", "- e\n\ntext\n", "re-indented 2 list lines"),
    ("fence-after-list-to-margin", "  - [ ] e\n  ```\n  x\n  ```\n", "- [ ] e\n\n```\nx\n```\n", "re-indented 4 list lines"),
    ("indented-code-in-item", "* a\n\n      code\n", "* a\n\n      code\n", None),
    ("gdocs-indented-code-in-item", "*   a\n\n        code\n", "* a\n\n      code\n", "re-indented 2 list lines"),
    ("fence-behind-marker-keeps-nbsp", "- ```\n  a\u00a0b\n  ```\n", "- ```\n    a\u00a0b\n    ```\n", "re-indented 2 list lines"),
    # escapes
    ("at-handle", "* Kim / \\@kimd / Org\n", "* Kim / @kimd / Org\n", "removed 1 unneeded \\@ escape"),
    ("at-in-code-span", "run `ping \\@kimd` now\n", "run `ping \\@kimd` now\n", None),
    ("escaped-backslash-then-at", "a \\\\@b\n", "a \\\\@b\n", None),
    ("escaped-backtick-then-code-span", "\\``x \\@y`\n", "\\``x \\@y`\n", None),
    ("underscore-in-word", "the snake\\_case\\_name\n", "the snake_case_name\n", "removed 2 unneeded \\_ escapes"),
    ("underscore-at-boundary", "\\_private and tail\\_ and \\_\\_init\\_\\_\n", "\\_private and tail\\_ and \\_\\_init\\_\\_\n", None),
    ("underscore-in-link-dest", "[PR](https://github.com/o/my\\_repo/pull/1)\n", "[PR](https://github.com/o/my_repo/pull/1)\n", "\\_ escape"),
    ("underscore-in-autolink", "<https://x.org/\\_static/a>\n", "<https://x.org/_static/a>\n", "\\_ escape"),
    ("underscore-in-code-span", "`my\\_var`\n", "`my\\_var`\n", None),
    ("escaped-bullet", "\\- item one\n\\- item two\n", "- item one\n- item two\n", "unescaped 2 bullets"),
    ("escaped-dash-mid-line", "a \\- b\n", "a \\- b\n", None),
    # links
    ("url-link", "See [https://github.com/o/r/pull/1](https://github.com/o/r/pull/1).\n", "See <https://github.com/o/r/pull/1>.\n", "turned 1 [url](url) link"),
    ("url-link-escaped", "[https://x.org/a\\_b](https://x.org/a\\_b)\n", "<https://x.org/a_b>\n", "turned 1 [url](url) link"),
    ("titled-link-kept", "[the PR](https://github.com/o/r/pull/1)\n", "[the PR](https://github.com/o/r/pull/1)\n", None),
    ("image-kept", "![https://x.org/a.png](https://x.org/a.png)\n", "![https://x.org/a.png](https://x.org/a.png)\n", None),
    # HackMD-only syntax
    ("toc-removed", "# T\n\n[TOC]\n\ntext\n", "# T\n\ntext\n", "removed 1 [TOC] line"),
    ("toc-and-tags-between-blanks", "# T\n\n###### tags: `a`\n\n[TOC]\n\ntext\n", "---\ntags: [a]\n---\n\n# T\n\ntext\n", "removed 1 [TOC] line"),
    ("toc-lowercase", "[toc]\n\n# T\n", "# T\n", "removed 1 [TOC] line"),
    ("hackmd-embed", "{%hackmd theme-dark %}\n# T\n", "# T\n", "removed 1 {%hackmd %} embed"),
    ("hackmd-embed-inline", "# T {%hackmd @team/style %}\n", "# T\n", "removed 1 {%hackmd %} embed"),
    ("tags-line", "# T\n###### tags: `team` `sync`\ntext\n", "---\ntags: [team, sync]\n---\n\n# T\ntext\n", "tags: [team, sync]"),
    ("tags-line-plain", "# T\n\n###### tags: a b\n", "---\ntags: [a, b]\n---\n\n# T\n", "tags: [a, b]"),
    ("tags-merged", "---\ntitle: x\ntags: [meeting-notes]\n---\n\n# T\n###### tags: `community`\n", "---\ntitle: x\ntags: [meeting-notes, community]\n---\n\n# T\n", "tags: [community]"),
    ("tags-merged-block-list", "---\ntags:\n  - a\nid: 1\n---\n# T\n###### tags: `b`\n", "---\ntags: [a, b]\nid: 1\n---\n# T\n", "tags: [b]"),
    ("tags-quoted", "###### tags: `a: b` `c`\n# T\n", '---\ntags: ["a: b", c]\n---\n\n# T\n', "tags:"),
    ("kept-hackmd-syntax", "* [name=Ana] ==important== note\n\n:::spoiler Details\nhidden\n:::\n", "* [name=Ana] ==important== note\n\n:::spoiler Details\nhidden\n:::\n", None),
    ("smart-quotes-kept", "“Quoted” and ‘single’ and don’t\n", "“Quoted” and ‘single’ and don’t\n", None),
    ("emoji-zwj-kept", "👩‍💻 coding 🎉\n", "👩‍💻 coding 🎉\n", None),
    # Google Docs artefacts
    ("bold-around-space", "Hello** **world\n", "Hello world\n", "fixed 1 bold marker pair"),
    ("bold-trailing-space", "**Date: **2024-05-02\n", "**Date:** 2024-05-02\n", "fixed 1 bold marker pair"),
    ("bold-leading-space", "see** note**\n", "see **note**\n", "fixed 1 bold marker pair"),
    ("arithmetic-kept", "2 ** 10 is 1024 ** 1\n", "2 ** 10 is 1024 ** 1\n", None),
    ("nbsp", "Ana\u00a0Lima /\u00a0Org\n", "Ana Lima / Org\n", "replaced 2 non-breaking spaces"),
    ("nbsp-indent", "* a\n\u00a0\u00a0* b\n", "* a\n    * b\n", "non-breaking spaces"),
    ("zero-width", "Jup\u200b\u200byter\n", "Jupyter\n", "removed 2 zero-width spaces"),
    ("trailing-spaces", "a  \nb\t\n", "a\nb\n", "removed trailing spaces on 2 lines"),
    ("blank-runs", "a\n\n\n\n\nb\n\n\nc\n", "a\n\n\nb\n\n\nc\n", "collapsed 1 run"),
    ("blank-ends", "\n\na\n\n\n", "a\n", "at the start"),
    ("no-final-newline", "a", "a\n", "missing newline"),
    # code is never touched
    ("fence-untouched", "```\n\\@x \\_y  \n  * a\n[TOC]\n```\n", "```\n\\@x \\_y  \n  * a\n[TOC]\n```\n", None),
    ("tilde-fence-untouched", "~~~python\nx = a\\_b\u00a0\n~~~\n", "~~~python\nx = a\\_b\u00a0\n~~~\n", None),
    # decoding
    ("bom-crlf", b"\xef\xbb\xbf# T\r\n\r\n* a\r\n", "# T\n\n* a\n", "CRLF"),
    ("mojibake", "Release 🎉 party ðŸŽ‰\n".encode(), "Release 🎉 party 🎉\n", "repaired mojibake on 1 line"),
    ("cp1252", "Café – notes\n".encode("cp1252"), "Café – notes\n", "decoded from cp1252"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "expected", "change"),
    [
        pytest.param(raw, expected, change, id=name)
        for name, raw, expected, change in NORMALISATIONS
    ],
)
def test_normalisation(raw: str | bytes, expected: str, change: str | None) -> None:
    result = _run(raw)
    assert result.text == expected
    changes = [c for c in result.changes if PASSCODE not in c]
    if change is None:
        assert changes == [], "an export that needs no change must report none"
    else:
        assert any(change in c for c in changes), changes
    original = raw if isinstance(raw, str) else None
    if original is not None and original != expected:
        assert changes, "a changed note must say what changed"


def test_passcode_is_kept_and_reported_with_its_line() -> None:
    raw = "# Sync 2024-05-02\n\nJoin: https://zoom.us/j/123?pwd=AbC123\n\nPasscode: 884422\n"
    result = _run(raw)
    assert result.text == raw, "import does not redact: the site does, and check reports it"
    assert [c for c in result.changes if PASSCODE in c] == [
        "line 3: meeting passcode found; it will be redacted on the site (remove it from the note)",
        "line 5: meeting passcode found; it will be redacted on the site (remove it from the note)",
    ]


def test_passcode_line_numbers_are_those_of_the_imported_note() -> None:
    raw = "[TOC]\n{%hackmd x %}\n# T\nPasscode: 123456\n"
    result = _run(raw)
    assert result.text.split("\n")[1] == "Passcode: 123456"
    assert any(c.startswith("line 2: meeting passcode") for c in result.changes)


def test_changes_are_in_a_stable_order() -> None:
    raw = "Roll call:\n* Ana / \\@ana\n  * sub\u00a0x  \n"
    assert _run(raw).changes == (
        "replaced 1 non-breaking space with plain spaces",
        "removed trailing spaces on 1 line",
        "re-indented 1 list line to 4-space steps",
        "inserted a blank line before 1 list that directly followed a paragraph "
        "(HackMD shows them as lists; Python-Markdown needs the blank line)",
        "removed 1 unneeded \\@ escape",
    )


# --- dates and series ------------------------------------------------------------------

DETECTION = [
    ("front-matter-date", '---\ndate: "2025-01-14"\n---\n# Sync\n', None, dt.date(2025, 1, 14), None),
    ("front-matter-yaml-date", "---\ndate: 2025-01-14\nseries: JupyterGIS sync\n---\n# Sync\n", None, dt.date(2025, 1, 14), "jupytergis-sync"),
    ("h1-iso", "# Sync meeting (2025-01-14)\n", None, dt.date(2025, 1, 14), None),
    ("h1-month-only-is-no-day", "# Team Meeting - March\n", 2019, None, None),
    ("date-line-after-month-h1", "# Team Meeting - March\n\nDate: 21 March 2019 at 6pm Zurich time\n", None, dt.date(2019, 3, 21), None),
    ("bold-date-line", "# Notes\n- **Date:** Thursday 19th November 2020\n", None, dt.date(2020, 11, 19), None),
    ("gdocs-bold-date", "# **Community call**\n\n**Date: **May 2, 2024\n", None, dt.date(2024, 5, 2), None),
    ("us-numeric", "Date: 03/21/2019\n", None, dt.date(2019, 3, 21), None),
    ("proposed-line", "# Planning\nProposed: 18 October 2018\n", None, dt.date(2018, 10, 18), None),
    ("no-year-needs-default", "Date: March 21st\n", None, None, None),
    ("no-year-with-default", "Date: March 21st\n", 2024, dt.date(2024, 3, 21), None),
    ("date-in-code-ignored", "```\nDate: 2020-01-01\n```\n", None, None, None),
    ("hackmd-tag-series", "# Sync 2024-05-02\n###### tags: `jupyterhub` `meeting-notes`\n", None, dt.date(2024, 5, 2), "jupyterhub"),
    ("two-specific-tags-no-series", "# Sync 2024-05-02\n###### tags: `jupyterhub` `binder`\n", None, dt.date(2024, 5, 2), None),
    ("hackmd-yaml-tags-series", "---\ntags: community, meeting\n---\n# Sync 2024-05-02\n", None, dt.date(2024, 5, 2), "community"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "default_year", "date", "series"),
    [pytest.param(raw, year, date, series, id=name) for name, raw, year, date, series in DETECTION],
)
def test_date_and_series(
    raw: str, default_year: int | None, date: dt.date | None, series: str | None
) -> None:
    result = _run(raw, default_year)
    assert (result.date, result.series) == (date, series)


# --- whole exports in the shapes of FORMATS.md -----------------------------------------

HACKMD_SEED_LIKE = """\
# Team Meeting - May

###### tags: `team-compass`

[TOC]

Date: Thursday 2nd May 2024 at 6pm Zurich time

**Videoconference link:** https://zoom.us/j/123456789?pwd=AbCdEf123

## Welcome to the Team Meeting

Sign in below so we know who was here. Roll call:
* name / institution / GitHub handle
* Ana Lima / Org A / \\@analima
* Ben Ode (he/him) / \\@benode / Org/University of X
* Kim/\\@kimd/Org/ City

## Quick updates
60 second updates. If you do not have an update, you can pass.
* Ana: released v2.0 of the\\_thing
  * follow-up in [https://github.com/o/r/issues/12](https://github.com/o/r/issues/12)
* [name=Ben] pass

## Agenda items

* Release planning [Ana - 5 mins]
  * we agreed to cut on Friday
    * Ben to draft the notes
* Docs sprint [Kim, 10min]

## Action items
- [ ] Ana: tag the release
- [x] Ben: ~~draft notes~~
"""

GDOCS_EXPORT = """\
# **Community call**

**Date: **May 2, 2024

## Attendees

*   Ana Lima / \\@analima / Org A
*   Ben\u00a0Ode / \\@benode / Org B

## Quick updates

*   **Ana:** wrote docs about snake\\_case names
    *   see [https://github.com/o/r/pull/3](https://github.com/o/r/pull/3)
*   **Ben**: pass

## Agenda

*   Item one \\[Ana - 5 min\\]
    *   discussion\u200b
        *   a detail
*   Item two



\\- Decision: ship it
"""

HACKMD_FRONT_MATTER = """\
---
title: "Sync meeting"
date: "2025-01-14"
series: JupyterGIS sync
tags: [meeting-notes]
---

# Sync meeting (2025-01-14)

## Attendees
- Ana Lima / @analima / Org
- Ben Ode / @benode / Org

## Agenda
1. Release [Ana, 10min]
   - ==urgent== fix CI
     - pin the runner
2. Docs

:::spoiler Details
- hidden
  - nested
:::
"""

H1_DATED_PARTICIPANTS = """\
# Meeting notes 2023-11-21

## Participants
- Ana
- Ben
- Cy

## Notes
- Discussed the roadmap
  - agreed on Q1 goals
"""

PARTICIPANTS_LABEL = """\
# Meeting notes 2023-11-28

Facilitator: Ana
Participants:
- Ana
- Ben
"""

WINDOWS_EXPORT = (
    "\ufeff# Team Meeting\r\n\r\nDate: 2019-03-21\r\n\r\n## Attendees\r\n"
    "* Min / Simula / @minrk ðŸŽ‰\r\n* Zach / Cal Poly / @Zsailer\r\n"
    "## Quick updates\r\n* Min: pass  \r\n"
).encode()

# (id, export, series it names, date it states, roll call size, update count, list depth)
SHAPES = [
    ("hackmd-seed-like", HACKMD_SEED_LIKE, "team-compass", dt.date(2024, 5, 2), 3, 2, 3),
    ("gdocs-export", GDOCS_EXPORT, None, dt.date(2024, 5, 2), 2, 2, 3),
    ("hackmd-front-matter", HACKMD_FRONT_MATTER, "jupytergis-sync", dt.date(2025, 1, 14), 2, 0, 3),
    ("h1-dated", H1_DATED_PARTICIPANTS, None, dt.date(2023, 11, 21), 3, 0, 2),
    ("windows-bom-mojibake", WINDOWS_EXPORT, None, dt.date(2019, 3, 21), 2, 1, 1),
]
SHAPE_PARAMS = [pytest.param(*row[1:], id=row[0]) for row in SHAPES]
PARSER_GAPS = [
    pytest.param(
        PARTICIPANTS_LABEL, None, dt.date(2023, 11, 28), 2, 0, 1,
        id="participants-label",
    ),
]  # fmt: skip


class _ListDepth(HTMLParser):
    """The deepest nesting of ``<ul>``/``<ol>`` in rendered HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = self.deepest = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("ul", "ol"):
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self.depth -= 1


def _list_depth(text: str) -> int:
    parser = _ListDepth()
    parser.feed(markdown.markdown(text, extensions=RENDER_EXTENSIONS))
    return parser.deepest


def _note_path(result: ImportResult) -> str:
    """Where ``minutes import`` puts the note, relative to ``notes_dir``."""
    assert result.date is not None
    name = f"{result.date.isoformat()}.md"
    return f"{result.series}/{name}" if result.series else name


@needs_parser
@pytest.mark.parametrize(
    ("raw", "series", "date", "attendees", "updates", "depth"), SHAPE_PARAMS + PARSER_GAPS
)
def test_round_trip_parses_as_the_meeting(
    raw: str | bytes, series: str | None, date: dt.date, attendees: int, updates: int, depth: int
) -> None:
    result = _run(raw)
    assert (result.date, result.series) == (date, series)
    note = parse_note(_note_path(result), result.text.encode("utf-8"))
    assert len(note.meetings) == 1
    meeting = note.meetings[0]
    assert meeting.date == date
    assert meeting.series == series
    assert len(meeting.attendees) == attendees
    assert len(meeting.updates) == updates
    codes = {finding.code for finding in note.findings}
    assert "date-conflict" not in codes, "the body's date must agree with the file name"
    assert not codes & {"mojibake-repaired", "not-utf8", "front-matter-invalid"}


@pytest.mark.parametrize(("raw", "series", "date", "attendees", "updates", "depth"), SHAPE_PARAMS)
def test_round_trip_keeps_nested_lists_nested_when_rendered(
    raw: str | bytes, series: str | None, date: dt.date, attendees: int, updates: int, depth: int
) -> None:
    assert _list_depth(_run(raw).text) == depth


def test_the_plain_renderer_flattens_the_raw_export() -> None:
    """The reason for re-indenting: Python-Markdown flattens HackMD's 2-space nesting."""
    assert _list_depth(HACKMD_SEED_LIKE) < _list_depth(_run(HACKMD_SEED_LIKE).text)


def test_round_trip_keeps_hackmd_syntax_and_code() -> None:
    text = _run(HACKMD_FRONT_MATTER).text
    assert ":::spoiler Details\n- hidden\n    - nested\n:::" in text
    assert "==urgent==" in text
    assert 'title: "Sync meeting"' in text, "front matter is kept as written"


# --- the page and the imported note read lists alike ------------------------------------

# (id, raw note): real-world list shapes (FORMATS.md, "Markdown quirks"). The site renders
# the raw note and the imported one with one list engine; each row checks that both pages
# are the same, so an imported note looks as the export did.
SAME_LISTS = [
    ("hackmd-2-space", "- a\n  - b\n    - c\n- d\n"),
    ("3-spaces-under-1.", "1. a\n   1. b\n   2. c\n2. d\n"),
    ("bullets-3-spaces-under-1.", "1. a\n   - b\n   - c\n2. d\n"),
    ("gdocs-wide-markers", "*   a\n    *   b\n        *   c\n*   d\n"),
    ("mixed-2-then-4", "- a\n  - b\n      - c\n  - d\n"),
    ("mixed-3-then-4", "1. a\n   - b\n       - c\n"),
    ("mixed-4-then-2", "- a\n    - b\n      - c\n"),
    ("fence-in-2-space-item", "- a\n  ```\n  - code, not a list\n  ```\n- b\n"),
    ("fence-in-gdocs-item", "*   a\n    ```py\n    x = 1\n    ```\n*   b\n"),
    ("fence-in-nested-item", "- a\n  - b\n    ```\n    code\n    ```\n  - c\n"),
    ("list-after-paragraph", "Attendees:\n- Ana\n  - Org\n- Ben\n"),
    ("numbered-after-bold-line", "**Decisions**\n1. one\n2. two\n"),
    ("continuation-lines", "- a\n  more a\n  - b\n    more b\n"),
    ("lazy-continuation", "- a\nlazy\n- b\n"),
    ("task-list-2-space", "- [ ] a\n  - [x] b\n"),
    ("empty-placeholders", "- a\n    -\n    -\n- b\n"),
    ("loose-list-2-space", "- a\n\n  more a\n  - child\n\n- b\n"),
    ("spoiler-in-item", "- item\n  :::spoiler More\n  - hidden\n    - deeper\n  :::\n- next\n"),
    ("list-in-spoiler", ":::spoiler Details\n- hidden\n  - nested\n:::\n"),
    ("heading-after-list", "- a\n  - b\n## Next\n"),
    ("list-in-quote", "> - a\n>   - b\n"),
    ("indented-code-in-gdocs-item", "*   a\n\n        code\n"),
    ("text-after-3-space-list", "   - a\n\n  text\n"),
]


def _page(text: str) -> str:
    """The note's page body: rendered as the site renders it, whitespace folded."""
    extensions = required_extensions()
    html = markdown.markdown(text, extensions=list(extensions), extension_configs=extensions)
    return re.sub(r"\s+", " ", re.sub(r">\s*\n\s*<", "><", html.strip()))


@pytest.mark.parametrize("raw", [pytest.param(raw, id=name) for name, raw in SAME_LISTS])
def test_imported_note_renders_as_the_export(raw: str) -> None:
    once = _run(raw).text
    assert _page(once) == _page(raw)
    assert _run(once).text == once


@st.composite
def list_notes(draw: st.DrawFn) -> tuple[str, int]:
    """A note holding a list as HackMD or Google Docs write them, and its item count.

    Each item's marker is drawn (``- ``, ``* ``, ``1. ``, Google Docs' ``*   ``); its
    children stand at its content column plus 0 to 2 columns (HackMD's 2 and 3 steps,
    mixed steps); an item may carry a continuation line or a fenced block whose lines
    look like list items; the list may follow a paragraph line directly, start up to three
    columns in, and be followed by a line up to three columns in.
    """
    lines: list[str] = []
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["Attendees:", "**Agenda**", "Notes from the call"])))
    count = 0

    def items(column: int, depth: int) -> None:
        nonlocal count
        marker = draw(st.sampled_from(["- ", "* ", "1. ", "*   ", "-   "]))
        for number in range(draw(st.integers(1, 3))):
            count += 1
            symbol = f"{number + 1}. " if marker == "1. " else marker
            lines.append(" " * column + symbol + f"item {count}")
            content = column + len(symbol)
            extra = draw(st.sampled_from(["", "", "more", "fence", "blank"]))
            if extra == "more":
                lines.append(" " * content + "more text")
            elif extra == "fence":
                fence = [" " * content + row for row in ("```", "- code", "  - code", "```")]
                lines.extend(fence)
            elif extra == "blank":
                lines.append("")
            if depth < 3 and draw(st.booleans()):
                items(content + draw(st.integers(0, 2)), depth + 1)

    items(draw(st.integers(0, 3)), 0)
    lines.extend(
        draw(st.sampled_from([[], ["after"], ["", "  after"], ["", "   ```", "   x", "   ```"]]))
    )
    return "\n".join(lines) + "\n", count


@settings(max_examples=200, deadline=None)
@given(list_notes())
def test_generated_lists_render_alike_once_imported(note: tuple[str, int]) -> None:
    raw, count = note
    once = _run(raw)
    again = _run(once.text)
    assert again.text == once.text
    assert [c for c in again.changes if PASSCODE not in c] == []
    page = _page(raw)
    assert page.count("<li") == count, "every item is an item of the page"
    assert _page(once.text) == page


SHAPE_EXPORTS = [row[1] for row in SHAPES]
ALL_EXPORTS = [
    *[pytest.param(raw, id=name) for name, raw, _, _ in NORMALISATIONS],
    *[pytest.param(raw, id=name) for name, raw, *_ in SHAPES],
]


@pytest.mark.parametrize("raw", ALL_EXPORTS)
def test_idempotent(raw: str | bytes) -> None:
    once = _run(raw)
    twice = _run(once.text)
    assert twice.text == once.text
    assert [c for c in twice.changes if PASSCODE not in c] == []
    assert (twice.date, twice.series) == (once.date, once.series)


def test_output_is_utf8_text_with_one_final_newline() -> None:
    for raw in [*SHAPE_EXPORTS, "", "\n\n\n", "a\n\n"]:
        text = _run(raw).text
        assert text.endswith("\n") and not text.endswith("\n\n")
        assert "\r" not in text and "\ufeff" not in text


# --- the real corpus -------------------------------------------------------------------


@pytest.mark.shared
def test_corpus_is_idempotent_and_parses_to_the_same_meetings() -> None:
    """Importing a real note again loses no meeting, roll-call line, update or reference."""
    assert parse_note is not None, PARSE_ERROR

    def summary(relative: str, data: bytes) -> list[tuple]:
        note = parse_note(relative, data)
        return [
            (
                m.id,
                [a.name for a in m.attendees],
                [u.author for u in m.updates],
                sorted(r.key for r in m.refs),
                len(m.actions),
            )
            for m in note.meetings
        ]

    differences = []
    corpus_files = sorted(CORPUS.rglob("*.md"))
    assert len(corpus_files) > 20
    for path in corpus_files:
        relative = path.relative_to(CORPUS).as_posix()
        raw = path.read_bytes()
        result = normalise_export(raw)
        again = normalise_export(result.text.encode("utf-8"))
        if again.text != result.text:
            differences.append(f"{relative}: not idempotent")
        if result.text.encode("utf-8") == raw:
            continue  # the same bytes parse the same way
        if summary(relative, raw) != summary(relative, result.text.encode("utf-8")):
            differences.append(f"{relative}: parses differently after import")
    assert differences == []


# --- the commands ----------------------------------------------------------------------

MKDOCS_YML = "site_name: t\ndocs_dir: docs\nplugins:\n  - minutes\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    config = tmp_path / "mkdocs.yml"
    config.write_text(MKDOCS_YML, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    return config


def _main(argv: list[str]) -> int:
    from mkdocs_minutes.cli import main

    return main(argv)


def test_cli_import_writes_the_note_where_new_would(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.md"
    export.write_text(HACKMD_SEED_LIKE, encoding="utf-8")
    assert _main(["import", str(export), "--config", str(site)]) == 0
    target = tmp_path / "docs" / "meetings" / "team-compass" / "2024-05-02.md"
    assert target.read_text(encoding="utf-8") == _run(HACKMD_SEED_LIKE).text
    out, err = capsys.readouterr()
    assert out.strip() == str(target)
    assert "changed: re-indented" in err
    assert "changed: removed 1 [TOC] line" in err
    number = next(
        i for i, ln in enumerate(target.read_text("utf-8").split("\n"), 1) if "pwd=" in ln
    )
    assert f"note: line {number}: meeting passcode found" in err


def test_cli_import_refuses_to_overwrite(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.md"
    export.write_text(H1_DATED_PARTICIPANTS, encoding="utf-8")
    target = tmp_path / "docs" / "meetings" / "2023-11-21.md"
    target.parent.mkdir(parents=True)
    target.write_text("mine\n", encoding="utf-8")
    assert _main(["import", str(export), "--config", str(site)]) == 1
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert "exists; not overwriting it" in capsys.readouterr().err


def test_cli_import_reads_standard_input(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "sys.stdin", types.SimpleNamespace(buffer=io.BytesIO(GDOCS_EXPORT.encode()))
    )
    assert _main(["import", "-", "--config", str(site)]) == 0
    target = tmp_path / "docs" / "meetings" / "2024-05-02.md"
    assert target.read_text(encoding="utf-8").startswith("# **Community call**\n")


def test_cli_import_without_a_date_asks_for_one(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.md"
    export.write_text("# Team Meeting - March\n\n* Ana\n", encoding="utf-8")
    assert _main(["import", str(export), "--config", str(site)]) == 1
    assert "--date" in capsys.readouterr().err
    assert _main(["import", str(export), "--date", "2019-03-21", "--series", "team",
                  "--config", str(site)]) == 0  # fmt: skip
    assert (tmp_path / "docs" / "meetings" / "team" / "2019-03-21.md").exists()


def test_cli_new_writes_the_template_and_refuses_to_overwrite(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["new", "2024-05-02", "--series", "community", "--config", str(site)]
    assert _main(argv) == 0
    target = tmp_path / "docs" / "meetings" / "community" / "2024-05-02.md"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Community Meeting - May 2024\n")
    assert "Date: Thursday 2 May 2024" in text
    for heading in ("## Quick updates", "## Agenda items", "## Action items"):
        assert heading in text
    assert capsys.readouterr().out.strip() == str(target)
    target.write_text("edited\n", encoding="utf-8")
    assert _main(argv) == 1
    assert target.read_text(encoding="utf-8") == "edited\n"
    assert "exists; not overwriting it" in capsys.readouterr().err


@needs_parser
def test_new_note_round_trips_through_import(site: Path, tmp_path: Path) -> None:
    """A note written by ``new`` is already normalised: import changes nothing in it."""
    assert _main(["new", "2024-05-02", "--series", "community", "--config", str(site)]) == 0
    text = (tmp_path / "docs" / "meetings" / "community" / "2024-05-02.md").read_text("utf-8")
    result = _run(text)
    assert result.text == text
    assert result.changes == ()
    assert result.date == dt.date(2024, 5, 2)
