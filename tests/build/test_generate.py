"""``minutes generate``: the archive as a docs tree for another generator (``generate.py``).

Runs the command in-process over small sites and the demo, and reads the tree it writes:
every page at the contract's source path, the site's own files copied, raw notes left
out, files rewritten only when they change and stale ones removed, and the folders it
refuses to write into.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from mkdocs_minutes.cli import main
from mkdocs_minutes.generate import OWNER_FILE, with_meta
from mkdocs_minutes.rendering.fragments import OPEN
from tests.conftest import copy_demo, write_site

ARCHIVE = """\
# Team meetings 2024

Notes of the year.

## 25 April 2024

## Attendees

* Alice Smith / Acme / @alice
* Bob Jones / @bob

## Agenda

- Release plan
  - ship it, see ![diagram](img/plan.png)

## 2 May 2024

## Attendees

* Alice Smith / @alice

## Agenda

- Hiring
"""


def generate(config: Path, *args: str) -> int:
    return main(["generate", "--config", str(config), *args])


def tree(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}


@pytest.fixture
def archive_site(tmp_path: Path) -> Path:
    config = write_site(
        tmp_path,
        {"team/2024.md": ARCHIVE, "team/img/plan.png": b"\x89PNG fake"},
        plugin_options="github_repo: org/repo",
        docs={
            "index.md": "# Home\n\nWelcome.\n\n<!-- minutes:overview -->\n",
            "about.md": "# About\n",
        },
        extra_config="repo_url: https://github.com/org/site\nedit_uri: edit/main/docs/\n",
    )
    return config


def test_the_tree_holds_every_page_at_the_contract_paths(archive_site: Path) -> None:
    out = archive_site.parent / "staging"
    assert generate(archive_site, "--out", str(out)) == 0
    files = tree(out)
    expected = {
        OWNER_FILE,
        "index.md",
        "about.md",
        "assets/minutes/minutes.css",
        "meetings.json",
        "feed.xml",
        "feed.json",
        "meetings/index.md",
        "meetings/latest/index.html",
        "meetings/team/2024.md",  # the archive file's own URL: the list of its meetings
        "meetings/team/2024-04-25.md",
        "meetings/team/2024-05-02.md",
        "meetings/team/img/plan.png",  # beside the notes: relative links keep working
        "people/index.md",
        "people/alice.md",
        "people/bob.md",
        "topics/index.md",
        "refs/index.md",
        "actions/index.md",
    }
    assert expected <= files, expected - files
    # The archive file's page replaces the raw note: its meetings are pages of their own.
    file_page = (out / "meetings/team/2024.md").read_text(encoding="utf-8")
    assert "Notes of the year." in file_page and "## Attendees" not in file_page
    assert (out / "meetings/team/img/plan.png").read_bytes() == b"\x89PNG fake"
    meeting = (out / "meetings/team/2024-04-25.md").read_text(encoding="utf-8")
    # Fragments stay between their markers (the minutes extension takes them out), and the
    # templates link to source files, which Zensical resolves and checks.
    assert f"\n{OPEN}\n" in meeting
    assert 'href="../../people/alice.md"' in meeting
    assert "https://github.com/org/site/blob/main/docs/meetings/team/2024.md#L" in meeting
    # The theme's edit button: the note behind a page, or none (front matter, see EDIT_META).
    assert (
        'minutes_edit_url: "https://github.com/org/site/blob/main/docs/meetings/team/2024.md#L'
        in meeting
    )
    assert 'minutes_edit_url: ""' in (out / "people/alice.md").read_text(encoding="utf-8")
    assert "minutes_edit_url" not in (out / "about.md").read_text(encoding="utf-8")
    home = (out / "index.md").read_text(encoding="utf-8")
    assert "<!-- minutes:overview -->" not in home and "Welcome." in home
    assert "2024-05-02" in home  # the overview names the latest meeting


def test_unchanged_files_keep_their_time_and_stale_files_go(archive_site: Path) -> None:
    out = archive_site.parent / "staging"
    assert generate(archive_site, "--out", str(out)) == 0
    old = 1_000_000_000
    for path in out.rglob("*"):
        if path.is_file():
            os.utime(path, (old, old))
    assert generate(archive_site, "--out", str(out)) == 0
    assert all(
        p.stat().st_mtime == old for p in out.rglob("*") if p.is_file() and p.name != OWNER_FILE
    )

    note = archive_site.parent / "docs/meetings/team/2024.md"
    note.write_text(ARCHIVE.replace("- Hiring", "- Hiring, and a new room"), encoding="utf-8")
    assert generate(archive_site, "--out", str(out)) == 0
    changed = {
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and p.stat().st_mtime != old and p.name != OWNER_FILE
    }
    assert "meetings/team/2024-05-02.md" in changed
    assert "meetings/team/2024-04-25.md" not in changed
    assert "people/bob.md" not in changed

    note.write_text(ARCHIVE.split("## 2 May 2024")[0], encoding="utf-8")
    assert generate(archive_site, "--out", str(out)) == 0
    assert not (out / "meetings/team/2024-05-02.md").exists()
    assert (out / "meetings/team/2024-04-25.md").exists()


def test_it_refuses_folders_it_does_not_own(archive_site: Path, capsys) -> None:
    docs = archive_site.parent / "docs"
    assert generate(archive_site, "--out", str(docs / "generated")) == 2
    assert "inside the docs" in capsys.readouterr().err
    assert not (docs / "generated").exists()
    assert generate(archive_site, "--out", str(archive_site.parent)) == 2
    assert "cannot hold the docs" in capsys.readouterr().err
    foreign = archive_site.parent / "mine"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine", encoding="utf-8")
    assert generate(archive_site, "--out", str(foreign)) == 2
    assert "did not write" in capsys.readouterr().err
    assert tree(foreign) == {"keep.txt"}


def test_default_folders(tmp_path: Path) -> None:
    """Beside ``mkdocs.yml`` under ``.cache/minutes/docs``; with ``source_dir`` the config's
    own ``docs_dir`` is the tree (what the generator reads)."""
    config = copy_demo(tmp_path)
    assert generate(config) == 0
    assert (tmp_path / ".cache/minutes/docs/meetings/2019-03-21.md").is_file()

    example = tmp_path / "zensical" / "mkdocs.yml"
    example.parent.mkdir()
    example.write_text(
        textwrap.dedent(
            """\
            site_name: Demo
            docs_dir: generated
            plugins:
              - minutes:
                  source_dir: ../docs
                  people: ../docs/people.yml
            """
        ),
        encoding="utf-8",
    )
    assert generate(example) == 0
    assert (tmp_path / "zensical/generated/people/minrk.md").is_file()
    assert (tmp_path / "zensical/generated/people.yml").is_file()  # a file of the docs


def test_findings_and_summary_go_to_stderr(tmp_path: Path, capsys) -> None:
    config = copy_demo(tmp_path)
    assert generate(config, "--out", str(tmp_path / "out")) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "INFO: docs/meetings/2019-03-21.md:21: repaired mojibake" in captured.err.replace(
        str(tmp_path) + "/", ""
    )
    assert "minutes generate: 1 meetings;" in captured.err


WITH_META = [
    # (page, with the entry)
    ("---\ntitle: A\n---\n# A\n", '---\ntitle: A\nk: "v"\n---\n# A\n'),
    ("# A\n", '---\nk: "v"\n---\n# A\n'),
    ("---\n\ntext after a rule\n", '---\nk: "v"\n---\n---\n\ntext after a rule\n'),
    ("---\n- a\n---\n", '---\nk: "v"\n---\n---\n- a\n---\n'),  # not a mapping
    ("---\nk: old\n---\nx\n", "---\nk: old\n---\nx\n"),  # the page's own value
]


@pytest.mark.parametrize(("page", "expected"), WITH_META)
def test_with_meta(page: str, expected: str) -> None:
    assert with_meta(page, "k", "v") == expected


def test_a_series_link_finds_its_anchor(tmp_path: Path) -> None:
    """A meeting header links to its series on the meetings index (``#series-NAME``, the
    contract's name, underscores and all); Zensical checks such anchors, MkDocs does not."""
    config = write_site(tmp_path, {"office_hours/2024-04-25.md": ARCHIVE.split("## 2 May")[0]})
    out = tmp_path / "out"
    assert generate(config, "--out", str(out)) == 0
    meeting = (out / "meetings/office_hours/2024-04-25.md").read_text(encoding="utf-8")
    assert 'href="../index.md#series-office_hours"' in meeting
    index = (out / "meetings/index.md").read_text(encoding="utf-8")
    assert '<span id="series-office_hours"></span><strong>office_hours</strong>' in index


def test_template_overrides_apply_and_their_dead_links_are_reported(tmp_path: Path, capsys) -> None:
    """The theme's ``custom_dir`` overrides a template, as under MkDocs; a link it makes to
    no page of the tree is a warning naming the page (the plugin's check)."""
    config = write_site(
        tmp_path,
        {"2024-04-25.md": ARCHIVE.split("## 2 May")[0].replace("## 25 April 2024", "")},
        extra_config="",
    )
    text = config.read_text(encoding="utf-8").replace(
        "theme:\n  name: material\n", "theme:\n  name: material\n  custom_dir: overrides\n"
    )
    config.write_text(text, encoding="utf-8")
    override = tmp_path / "overrides" / "minutes" / "person.html"
    override.parent.mkdir(parents=True)
    override.write_text(
        '<h1>{{ person.name }}</h1>\n<p>Custom: <a href="{{ links.to("nowhere.md") }}">x</a></p>\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert generate(config, "--out", str(out)) == 0
    assert "Custom:" in (out / "people/alice.md").read_text(encoding="utf-8")
    err = capsys.readouterr().err
    assert "WARNING: people/" in err and "link to 'nowhere.md', which is not a page" in err
