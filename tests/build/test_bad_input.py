"""Bad notes never take the archive down: one real ``mkdocs build`` per bad note (issue 7).

Each row is a site holding the bad note beside two good notes. The build must finish, log
one ``meetings/<file>:<line>: ...`` message at the level the contract's severity table
gives, publish both good meetings, and still publish the bad note's text (as a meeting or
an ordinary page). The strict half builds every row again with ``--strict``: it fails
exactly for the rows whose finding the table logs as WARNING.

A malformed people or topic registry is a config error naming ``file:line``, raised before
anything is built.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from tests.conftest import copy_demo, write_site

DEBUG, INFO, WARNING = logging.DEBUG, logging.INFO, logging.WARNING
PLUGIN_LOGGER = "mkdocs.plugins.minutes"

GOOD_NOTES = {
    "2024-01-10.md": """\
        # Team meeting

        ## Attendees

        * name / institution / GitHub handle
        * Ana Lima / Org / @ana
        * Ben Ode / Uni / @bode

        ## Quick updates

        * Ana: goodnoteone update
        * Ben: pass

        ## Agenda items

        * Budget review [Ana - 5 min]
            * goodnoteone minutes
        """,
    "2024-01-24.md": """\
        # Team meeting

        ## Attendees

        * Ana Lima / Org / @ana
        * Ben Ode / Uni / @bode

        ## Quick updates

        * Ben: goodnotetwo update

        ## Agenda items

        * Release planning [Ben]
            * goodnotetwo minutes
        """,
}
GOOD_PAGES = ("meetings/2024-01-10/index.html", "meetings/2024-01-24/index.html")
GOOD_TEXTS = ("goodnoteone minutes", "goodnotetwo minutes")

_PLAIN_MEETING = (
    "# Team meeting\n\n## Attendees\n\n* Ana Lima / Org / @ana\n\n"
    "## Quick updates\n\n* Ana: {marker}\n"
)


def _deep_list(depth: int) -> str:
    lines = ["# Deep lists", "", "## Agenda items", ""]
    lines += ["  " * level + f"* level{level} deepmarker" for level in range(depth)]
    return "\n".join(lines) + "\n"


def _long_note(lines: int) -> str:
    head = ["# Long meeting", "", "## Attendees", "", "* Ana Lima / Org / @ana", ""]
    head += ["## Agenda items", ""]
    body = [
        f"* item {n} longnotemarker{n}" if n % 5 == 0 else f"    * note {n}" for n in range(lines)
    ]
    text = "\n".join(head + body) + "\n"
    assert text.count("\n") >= lines
    return text


def _one_megabyte_line() -> str:
    chunk = "words and https://github.com/octo/repo/issues/12 and @ana again "
    line = chunk * (1_000_000 // len(chunk) + 1)
    assert len(line) >= 1_000_000
    return "# Huge line\n\n## Agenda items\n\n* hugelinemarker\n\n" + line + "\n"


@dataclass(frozen=True)
class Case:
    """One bad input: the files it adds, the finding it must log, the text it keeps."""

    id: str
    files: dict[str, str | bytes]
    """Note files under ``meetings/`` (beside the two good notes)."""
    level: int | None
    """The build log level of the finding (None: the note logs nothing WARNING or above)."""
    where: str = ""
    """``<file>:<line>`` the message starts with (after ``minutes: meetings/``)."""
    message: str = ""
    """A part of the message."""
    published: tuple[str, ...] = ()
    """Text of the bad note that must appear in the built site."""
    pages: tuple[str, ...] = ()
    """Output files that must exist (``meetings/<id>/index.html``)."""
    extra: dict[str, str] = field(default_factory=dict)


CASES = [
    Case(
        "invalid-yaml-front-matter",
        {
            "2024-03-05.md": "---\ntitle: [unclosed\nseries: x\n---\n"
            "# Broken front matter\n\n* yamlbrokenmarker text\n"
        },
        WARNING,
        "2024-03-05.md:2",
        "front matter is not valid YAML",
        ("yamlbrokenmarker",),
        ("meetings/2024-03-05/index.html",),
    ),
    Case(
        "invalid-yaml-on-an-ordinary-page",
        {"notes/broken.md": "---\ntitle: 'unclosed\n---\n# Notes\n\nbrokenpagemarker\n"},
        WARNING,
        "notes/broken.md:2",
        "front matter is not valid YAML",
        ("brokenpagemarker",),
        ("meetings/notes/broken/index.html",),
    ),
    Case(
        "not-utf8-cp1252",
        {
            "2024-03-06.md": (
                "# Caf\u00e9 meeting\n\n## Attendees\n\n* Jos\u00e9 / Org / @jose\n\n"
                "We said \u201ccp1252marker\u201d.\n"
            ).encode("cp1252")
        },
        WARNING,
        "2024-03-06.md:1",
        "not UTF-8; decoded as cp1252",
        ("Café meeting", "“cp1252marker”", "José"),
        ("meetings/2024-03-06/index.html",),
    ),
    Case(
        "mojibake",
        {
            "2024-03-07.md": "# Party\n\nWe celebrated mojibakemarker \u00f0\u0178\u017d\u2030 today\n"
        },
        INFO,
        "2024-03-07.md:3",
        "repaired mojibake",
        ("mojibakemarker 🎉 today",),
        ("meetings/2024-03-07/index.html",),
    ),
    Case(
        "bom-and-crlf",
        {
            "2024-03-08.md": b"\xef\xbb\xbf# BOM meeting\r\n\r\n## Attendees\r\n\r\n"
            b"* Ana Lima / Org / @ana\r\n\r\n## Quick updates\r\n\r\n* Ana: crlfmarker\r\n"
        },
        None,
        published=("crlfmarker",),
        pages=("meetings/2024-03-08/index.html",),
    ),
    Case(
        "empty-file",
        {"2024-03-09.md": b""},
        WARNING,
        "2024-03-09.md:1",
        "empty note",
        pages=("meetings/2024-03-09/index.html",),
    ),
    Case(
        "front-matter-only",
        {"2024-03-10.md": "---\ntitle: Frontonlymarker\n---\n"},
        WARNING,
        "2024-03-10.md:1",
        "empty note (or front matter only)",
        ("Frontonlymarker",),
        ("meetings/2024-03-10/index.html",),
    ),
    Case(
        "one-megabyte-line",
        {"2024-03-11.md": _one_megabyte_line()},
        None,
        published=("hugelinemarker", "octo/repo#12"),
        pages=("meetings/2024-03-11/index.html", "refs/octo/repo/12/index.html"),
    ),
    Case(
        "ten-thousand-lines",
        {"2024-03-12.md": _long_note(10_000)},
        None,
        published=("longnotemarker0", "longnotemarker9995"),
        pages=("meetings/2024-03-12/index.html",),
    ),
    Case(
        "fifty-deep-lists",
        {"2024-03-13.md": _deep_list(50)},
        None,
        published=("level0 deepmarker", "level49 deepmarker"),
        pages=("meetings/2024-03-13/index.html",),
    ),
    Case(
        "date-far-past",
        {"1901-05-02.md": "# Founding meeting\n\npastmarker prose\n"},
        INFO,
        "1901-05-02.md:1",
        "unusual meeting date 1901-05-02",
        ("pastmarker",),
        ("meetings/1901-05-02/index.html",),
    ),
    Case(
        "date-far-future",
        {"2090-05-02.md": "# Planned meeting\n\nfuturemarker prose\n"},
        INFO,
        "2090-05-02.md:1",
        "unusual meeting date 2090-05-02",
        ("futuremarker",),
        ("meetings/2090-05-02/index.html",),
    ),
    Case(
        "every-section-missing",
        {"2024-03-15.md": "Just prose about the call: sectionlessmarker.\n\nNothing else.\n"},
        None,
        published=("sectionlessmarker",),
        pages=("meetings/2024-03-15/index.html",),
    ),
    Case(
        "structure-but-no-date",
        {"standup.md": _PLAIN_MEETING.format(marker="nodatemarker")},
        WARNING,
        "standup.md:1",
        "no date anywhere",
        ("nodatemarker",),
        ("meetings/standup/index.html",),
    ),
    Case(
        "dates-disagree",
        {"2024-03-22.md": "# Meeting\n\nDate: 21 March 2023\n\nconflictmarker prose\n"},
        WARNING,
        "2024-03-22.md:3",
        "the file name wins",
        ("conflictmarker",),
        ("meetings/2024-03-22/index.html",),
    ),
    Case(
        "duplicate-meeting-files",
        {
            "2024-03-20.md": _PLAIN_MEETING.format(marker="originalmarker"),
            "2024-03-20_copy.md": _PLAIN_MEETING.format(marker="copymarker"),
        },
        WARNING,
        "2024-03-20_copy.md:1",
        "also in 2024-03-20.md:1",
        ("originalmarker", "copymarker"),
        ("meetings/2024-03-20/index.html", "meetings/2024-03-20-2/index.html"),
    ),
    Case(
        "duplicate-meeting-in-archive",
        {
            "2023.md": "# Meetings 2023\n\n## 2023-11-21\n\n* morningmarker session\n\n"
            "## 2023-11-21\n\n* afternoonmarker session\n"
        },
        INFO,
        "2023.md:7",
        "a second meeting of 2023-11-21",
        ("morningmarker", "afternoonmarker"),
        ("meetings/2023-11-21/index.html", "meetings/2023-11-21-2/index.html"),
    ),
    Case(
        "unknown-update-author",
        {
            "2024-03-25.md": "# Meeting\n\n## Attendees\n\n* Ana Lima / Org / @ana\n\n"
            "## Quick updates\n\n* Ana: fine\n* Zebedee: strangermarker update\n"
        },
        DEBUG,
        "2024-03-25.md:10",
        "update author 'Zebedee' is on no roll call",
        ("strangermarker",),
        ("meetings/2024-03-25/index.html",),
    ),
    Case(
        "unknown-handle",
        {"2024-03-26.md": "# Meeting\n\nthanks @ghostly for handlemarker\n"},
        DEBUG,
        "2024-03-26.md:3",
        "@ghostly is on no roll call",
        ("handlemarker",),
        ("meetings/2024-03-26/index.html",),
    ),
    Case(
        "ambiguous-name",
        {
            "2024-03-27.md": "# Meeting\n\n## Attendees\n\n* Chris Holdgraf / Org / @choldgraf\n"
            "* Chris Hill / Uni / @chill\n\n## Quick updates\n\n* Chris: ambiguousmarker\n"
        },
        WARNING,
        "2024-03-27.md:10",
        "could be",
        ("ambiguousmarker",),
        ("meetings/2024-03-27/index.html",),
    ),
    Case(
        "unplaced-update",
        {
            "2024-03-28.md": "# Meeting\n\n## Attendees\n\n* Ana Lima / Org / @ana\n\n"
            "## Quick updates\n\n* Ana: fine\n* unplacedmarker happened somehow\n"
        },
        INFO,
        "2024-03-28.md:10",
        "update bullet with no author",
        ("unplacedmarker",),
        ("meetings/2024-03-28/index.html",),
    ),
    Case(
        "passcode",
        {
            "2024-03-29.md": "# Meeting\n\nJoin https://zoom.us/j/123456?pwd=s3cr3tpass passcodemarker\n"
        },
        INFO,
        "2024-03-29.md:3",
        "passcode redacted",
        ("passcodemarker",),
        ("meetings/2024-03-29/index.html",),
    ),
]


def _site_text(site: Path) -> str:
    return "\n".join(
        path.read_text(encoding="utf-8")
        for path in site.rglob("*.html")
        if "assets" not in path.relative_to(site).parts
    )


def _minutes_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == PLUGIN_LOGGER]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_note_is_reported_and_published(
    case: Case, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config_file = write_site(tmp_path, {**GOOD_NOTES, **case.files})
    config = load_config(str(config_file))
    with caplog.at_level(DEBUG, logger="mkdocs"):
        build(config)  # never raises: no traceback, whatever the note holds
    site = Path(config.site_dir)
    messages = [(r.levelno, r.getMessage()) for r in _minutes_records(caplog)]
    bad_paths = tuple(f"minutes: meetings/{name}:" for name in case.files)
    if case.level is not None:
        prefix = f"minutes: meetings/{case.where}: "
        hits = [
            level for level, text in messages if text.startswith(prefix) and case.message in text
        ]
        assert hits, f"no '{prefix}...{case.message}' in {messages}"
        assert set(hits) == {case.level}, (hits, case.level)
    # Nothing else about the bad note (or anything else) is WARNING or worse, unless the
    # row is the WARNING itself; the good notes log nothing at that level either.
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= WARNING]
    if case.level == WARNING:
        assert warnings and all(w.startswith(bad_paths) for w in warnings), warnings
    else:
        assert warnings == []
    for page in (*GOOD_PAGES, *case.pages):
        assert (site / page).is_file(), page
    text = _site_text(site)
    for marker in (*GOOD_TEXTS, *case.published):
        assert marker in text, marker


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_strict_fails_exactly_on_warnings(case: Case, tmp_path: Path) -> None:
    config_file = write_site(tmp_path, {**GOOD_NOTES, **case.files})
    config = load_config(str(config_file), strict=True)
    if case.level == WARNING:
        with pytest.raises(Abort, match="in strict mode"):
            build(config)
    else:
        build(config)
        assert (Path(config.site_dir) / GOOD_PAGES[0]).is_file()


def test_good_notes_alone_build_strict_and_quiet(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The baseline every row adds to: strict passes and no note finding reaches INFO."""
    config = load_config(str(write_site(tmp_path, GOOD_NOTES)), strict=True)
    with caplog.at_level(DEBUG, logger="mkdocs"):
        build(config)
    findings = [
        r.getMessage()
        for r in _minutes_records(caplog)
        if r.levelno >= INFO and r.getMessage().startswith("minutes: meetings/")
    ]
    assert findings == []


# --- registries --------------------------------------------------------------------------

REGISTRY_CASES = [
    ("people", "- handle: ana\n  name: [Ana\n", 3, "not valid YAML"),
    ("people", "- handle: ana\n  name: Ana\n  email: a@example.org\n", 3, "unknown key 'email'"),
    ("people", "- handle: ana\n- handle: ../../etc\n", 2, "is not a GitHub handle"),
    ("people", "- handle: ana\n- handle: ANA\n", 2, "duplicate handle"),
    ("people", "handle: ana\nname: Ana\n", 1, "is a field name here"),
    ("topics", "- id: ok\n- id: ../../etc\n  name: Escape\n", 2, "is not a slug"),
    ("topics", "- id: ok\n  name: OK\n  match: {a: b}\n", 3, "must be a list of strings"),
    ("topics", "- name: Federation\n- name: federation\n", 2, "duplicate topic id"),
    ("topics", "federation:\n  name: Fed\n  name: Again\n", 3, "given twice"),
    ("topics", "- id: ok\n\t- bad\n", 2, "not valid YAML"),
]


@pytest.mark.parametrize(
    ("kind", "content", "line", "problem"),
    REGISTRY_CASES,
    ids=[
        f"{kind}-{problem.split()[0]}-{n}" for n, (kind, _, _, problem) in enumerate(REGISTRY_CASES)
    ],
)
@pytest.mark.parametrize("strict", [False, True], ids=["normal", "strict"])
def test_malformed_registry_is_a_config_error(
    kind: str,
    content: str,
    line: int,
    problem: str,
    strict: bool,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    registry = tmp_path / f"{kind}.yml"
    registry.write_text(content, encoding="utf-8")
    config_file = write_site(tmp_path, GOOD_NOTES, plugin_options=f"{kind}: {kind}.yml")
    config = load_config(str(config_file), strict=strict)
    with caplog.at_level(INFO, logger="mkdocs"), pytest.raises(Abort):
        build(config)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1, errors
    assert f"{registry}:{line}: " in errors[0], errors[0]
    assert problem in errors[0]
    # The registry is read in on_config, before the site folder is cleaned or written.
    assert not Path(config.site_dir).exists()
    assert not any("Building documentation" in r.getMessage() for r in caplog.records)


def test_demo_with_a_cp1252_note_builds_with_its_hooks(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The demo's own hook (drafts) reads notes before the plugin decodes them: a note in a
    legacy encoding must reach the plugin, which publishes it with its warning."""
    config_file = copy_demo(tmp_path)
    note = tmp_path / "docs" / "meetings" / "2019-04-04.md"
    note.write_bytes(
        "# Team meeting\n\n## Attendees\n\n* José Pérez / Café Org / @jose\n\n"
        "## Agenda\n\n* We said \u201ccp1252marker\u201d\n".encode("cp1252")
    )
    config = load_config(str(config_file))
    assert config.hooks, "the demo's hooks are part of this build"
    with caplog.at_level(DEBUG, logger="mkdocs"):
        build(config)
    site = Path(config.site_dir)
    page = (site / "meetings" / "2019-04-04" / "index.html").read_text(encoding="utf-8")
    assert "\u201ccp1252marker\u201d" in page and "José Pérez" in page
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= WARNING]
    assert warnings == ["minutes: meetings/2019-04-04.md:1: not UTF-8; decoded as cp1252. "
                        "Save the file as UTF-8."]  # fmt: skip
