"""Edit links to the exact source of each meeting, the how-to page, and ``minutes new``.

A reader who spots a typo on a meeting page clicks "Edit this note" and lands on the file
(and, for archive files holding many meetings, the line) on the hosting repository.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_minutes.cli import build_parser, main
from tests.conftest import REPO, write_site

REPO_URL = "https://github.com/o/r"
EDIT = "https://github.com/o/r/edit/main/docs/meetings/"
BLOB = "https://github.com/o/r/blob/main/docs/meetings/"


def meeting_note(date: str, title: str = "Team meeting") -> str:
    return f"# {title}\n\nDate: {date}\n\n## Attendees\n\n* Alice Smith / @alice\n"


ARCHIVE = """\
---
title: Meetings of 2024
tags: [minutes]
---
# Meetings of 2024

Notes of every meeting this year, newest at the bottom.

## 2024-02-06

### Attendees

* Alice Smith / @alice

### Agenda

* Budget

## 2024-02-13

### Attendees

* Bob Jones / @bob
"""

NOTES = {
    "2019-03-21.md": meeting_note("2019-03-21"),
    "community/2024-01-11.md": meeting_note("2024-01-11", "Community call"),
    "20240105-geo/index.md": "# GeoJupyter sync\n\n## Attendees\n\n* Carol / @carol\n",
    "2024.md": ARCHIVE,
    "meeting_notes/2023.md": "# 2023\n\n## 2023-05-01\n\n* Alice Smith / @alice\n",
}

#: meeting URL -> where its edit link goes
EDIT_TARGETS = [
    ("meetings/2019-03-21/", EDIT + "2019-03-21.md"),
    ("meetings/community/2024-01-11/", EDIT + "community/2024-01-11.md"),
    ("meetings/geo/2024-01-05/", EDIT + "20240105-geo/index.md"),
    ("meetings/2024-02-06/", BLOB + "2024.md#L9"),
    ("meetings/2024-02-13/", BLOB + "2024.md#L19"),
    ("meetings/meeting_notes/2023-05-01/", BLOB + "meeting_notes/2023.md#L3"),
]

THEME = "theme:\n  name: material\n  features: [content.action.edit]\n"


def run_build(config_file: Path) -> Path:
    config = load_config(str(config_file), strict=True)
    build(config)
    return Path(config.site_dir)


def site_with(root: Path, extra: str, notes: dict[str, str] = NOTES) -> Path:
    """A site with Material's edit button turned on and ``extra`` config lines."""
    config = write_site(root, notes, docs={"about.md": "# About\n\nThe archive.\n"})
    text = config.read_text(encoding="utf-8").replace("theme:\n  name: material\n", THEME)
    config.write_text(text + extra, encoding="utf-8")
    return run_build(config)


def html_of(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def note_link(html: str) -> list[str]:
    """The "Edit this note" links in the page content."""
    return re.findall(r'<a class="minutes-edit" href="([^"]+)"', html)


def theme_button(html: str) -> list[str]:
    """Material's own edit button (``page.edit_url``)."""
    return re.findall(r'<a href="([^"]+)" title="Edit this page"', html)


@pytest.fixture(scope="module")
def github_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return site_with(
        tmp_path_factory.mktemp("edit"), f"repo_url: {REPO_URL}\nedit_uri: edit/main/docs/\n"
    )


@pytest.mark.parametrize(("url", "target"), EDIT_TARGETS)
def test_meeting_pages_link_their_exact_source(github_site: Path, url: str, target: str) -> None:
    html = html_of(github_site, url)
    assert note_link(html) == [target]
    assert "Edit this note" in html
    assert theme_button(html) == [target], "Material's button points at the same place"


def test_archive_line_is_the_meeting_heading(github_site: Path) -> None:
    lines = (github_site.parent / "docs" / "meetings" / "2024.md").read_text().split("\n")
    for url, target in EDIT_TARGETS:
        if target.startswith(BLOB + "2024.md#L"):
            line = int(target.rsplit("#L", 1)[1])
            assert lines[line - 1] == "## " + url.strip("/").rsplit("/", 1)[1]


@pytest.mark.parametrize(
    "url", ["", "meetings/", "people/", "people/alice/", "topics/", "refs/", "actions/"]
)
def test_generated_pages_have_no_edit_button(github_site: Path, url: str) -> None:
    html = html_of(github_site, url)
    assert theme_button(html) == []
    assert note_link(html) == []


def test_other_pages_keep_the_default_edit_button(github_site: Path) -> None:
    assert theme_button(html_of(github_site, "about")) == [
        "https://github.com/o/r/edit/main/docs/about.md"
    ]
    # The list an archive file's URL becomes edits the file itself.
    assert theme_button(html_of(github_site, "meetings/2024")) == [EDIT + "2024.md"]


@pytest.mark.parametrize(
    ("extra", "single", "archived"),
    [
        pytest.param("", None, None, id="no-repo-url"),
        pytest.param(
            f"repo_url: {REPO_URL}\nedit_uri: ''\n", None, None, id="edit-uri-empty-disables"
        ),
        pytest.param(
            f"repo_url: {REPO_URL}/\n",
            "https://github.com/o/r/edit/master/docs/meetings/2019-03-21.md",
            "https://github.com/o/r/blob/master/docs/meetings/2024.md#L9",
            id="github-default-edit-uri",
        ),
        pytest.param(
            "repo_url: https://gitlab.com/o/r\nedit_uri: -/edit/main/site/docs/\n",
            "https://gitlab.com/o/r/-/edit/main/site/docs/meetings/2019-03-21.md",
            "https://gitlab.com/o/r/-/blob/main/site/docs/meetings/2024.md#L9",
            id="gitlab-subfolder",
        ),
        pytest.param(
            f"repo_url: {REPO_URL}\nedit_uri: https://github.com/o/r/edit/dev/docs/\n",
            "https://github.com/o/r/edit/dev/docs/meetings/2019-03-21.md",
            "https://github.com/o/r/blob/dev/docs/meetings/2024.md#L9",
            id="absolute-edit-uri",
        ),
    ],
)
def test_edit_link_settings(tmp_path: Path, extra: str, single, archived) -> None:
    site = site_with(tmp_path, extra)
    for url, expected in (("meetings/2019-03-21/", single), ("meetings/2024-02-06/", archived)):
        html = html_of(site, url)
        assert note_link(html) == ([expected] if expected else []), url
        assert theme_button(html) == ([expected] if expected else []), url
        if expected is None:
            assert "Edit this note" not in html


# --- how to add notes, minutes new --------------------------------------------------------


@pytest.mark.shared
def test_how_to_add_notes_page_names_real_commands() -> None:
    page = (REPO / "docs" / "about" / "adding-notes.md").read_text(encoding="utf-8")
    assert "about/adding-notes.md" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    commands = set(re.findall(r"\bminutes (\w+)", page))
    assert {"new", "check", "import"} <= commands
    parser = build_parser()
    subcommands = next(a for a in parser._actions if a.dest == "command").choices
    assert commands <= set(subcommands), commands - set(subcommands)
    assert "pull request" in page and "Edit this note" in page


FILLED = [
    ("* name / institution / GitHub handle", "* Alice Smith / Acme / @alice\n* Bob Jones / @bob"),
    ("* name: update or pass", "* Alice: shipped the release\n* Bob: pass"),
    ("* add item here", "* Budget review [Alice - 5 mins]\n    * approved"),
    ("- [ ] Name: what, by when", "- [ ] Bob: send the minutes, by Friday"),
]


@pytest.fixture
def site_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_site(tmp_path, {}, extra_config=f"repo_url: {REPO_URL}\nedit_uri: edit/main/docs/\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


@pytest.mark.parametrize(
    ("argv", "path", "meeting_id"),
    [
        (["new", "2024-09-12"], "docs/meetings/2024-09-12.md", "2024-09-12"),
        (
            ["new", "2024-09-12", "--series", "community"],
            "docs/meetings/community/2024-09-12.md",
            "community/2024-09-12",
        ),
    ],
)
def test_new_note_builds_strictly_once_filled_in(
    site_dir: Path, capsys, caplog, argv: list[str], path: str, meeting_id: str
) -> None:
    assert main(argv) == 0
    written = Path(capsys.readouterr().out.strip())
    assert written.resolve() == (site_dir / path).resolve()
    # Never overwrites.
    assert main(argv) == 1
    assert "not overwriting" in capsys.readouterr().err
    # Left as written, the template's lines are what check flags.
    assert main(["check", path]) == 0
    out = capsys.readouterr().out
    assert out.count(": warning: template line") >= 2
    text = written.read_text(encoding="utf-8")
    for placeholder, real in FILLED:
        assert placeholder in text, placeholder
        text = text.replace(placeholder, real)
    written.write_text(text, encoding="utf-8")
    assert main(["check", "--quiet", path]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        site = run_build(site_dir / "mkdocs.yml")
    minutes = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.minutes"]
    assert not [m for m in minutes if "template" in m], minutes
    html = html_of(site, f"meetings/{meeting_id}")
    assert "Thursday 12 September 2024" in html
    assert 'id="budget-review"' in html and 'id="update-alice"' in html
    assert note_link(html) == [EDIT + path.removeprefix("docs/meetings/")]


def test_new_follows_dated_folders_and_uses_the_site_template(site_dir: Path, capsys) -> None:
    (site_dir / "docs" / "meetings" / "20240905-sync").mkdir(parents=True)
    (site_dir / "docs" / "meetings" / "20240905-sync" / "index.md").write_text(
        meeting_note("2024-09-05", "Sync"), encoding="utf-8"
    )
    (site_dir / "template.md").write_text(
        "# ${title}\n\nDate: ${date}\n\n## Attendees\n\n* Alice Smith / @alice\n", encoding="utf-8"
    )
    config = site_dir / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - minutes\n", "  - minutes:\n      template: template.md\n"
        ),
        encoding="utf-8",
    )
    assert main(["new", "2024-09-12", "--series", "sync"]) == 0
    written = site_dir / "docs" / "meetings" / "20240912-sync" / "index.md"
    assert Path(capsys.readouterr().out.strip()).resolve() == written.resolve()
    assert written.read_text(encoding="utf-8").startswith(
        "# Sync Meeting - September 2024\n\nDate: 2024-09-12\n"
    )
    site = run_build(config)
    assert note_link(html_of(site, "meetings/sync/2024-09-12")) == [EDIT + "20240912-sync/index.md"]
