"""``minutes check`` and ``minutes export`` as a contributor runs them, on notes in tmp dirs.

Each row of the tables below is one note shape and the line ``check`` must print for it:
``path:line:col: level: message`` with the path relative to the current folder and the
line a reader would look at. Levels follow the severity table of the contract.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from mkdocs_minutes.cli import main

GOOD = """\
# Team meeting

Date: 2024-01-10

## Attendees

* Alice Smith / Acme / @alice
* Bob Jones / Beta / @bob

## Quick updates

* Alice: worked on the cluster
* Bob: reviewed pull requests

## Agenda

* Release planning [Alice - 5 mins]
    * ship it on Friday

## Action items

- [ ] Bob: write the announcement
"""


def note(body: str) -> str:
    """A note written the way a test reads best: indented in the source, dedented on disk."""
    return textwrap.dedent(body).lstrip("\n")


def meeting(date: str, *lines: str, title: str = "Team meeting") -> str:
    """A small valid meeting with extra lines appended (line 8 is the first extra line)."""
    head = f"# {title}\n\nDate: {date}\n\n## Attendees\n\n* Alice Smith / Acme / @alice\n"
    return head + "".join(line + "\n" for line in lines)


def write(root: Path, files: dict[str, str | bytes], notes_dir: str = "docs/meetings") -> None:
    for relative, content in files.items():
        path = root / notes_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def write_config(path: Path, options: str = "") -> Path:
    minutes = "  - minutes" + (
        ":\n" + textwrap.indent(options.strip(), "      ") if options else ""
    )
    path.write_text(
        f"site_name: Test\nplugins:\n  - search\n{minutes}\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty archive with ``./mkdocs.yml``; the test runs from its folder."""
    write_config(tmp_path / "mkdocs.yml")
    (tmp_path / "docs" / "meetings").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], str]:
    """Exit status, stdout lines, stderr."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def findings(lines: list[str]) -> list[str]:
    """The ``path:line:col: level: message`` lines, without per-file summaries."""
    return [
        line for line in lines if any(f": {lvl}: " in line for lvl in ("error", "warning", "info"))
    ]


# --- good notes ----------------------------------------------------------------------


def test_good_notes_exit_zero_with_a_summary(site: Path, capsys) -> None:
    write(site, {"2024-01-10.md": GOOD, "2024-01-17.md": GOOD.replace("01-10", "01-17")})
    code, out, err = run(capsys, "check")
    assert code == 0, out
    assert findings(out) == []
    assert "docs/meetings/2024-01-10.md:1: meeting 2024-01-10 (2024-01-10, series -): " in out[0]
    assert out[-1] == (
        "2 files, 2 meetings, 0 errors, 0 warnings; roll-call lines understood 4/4 (100%), "
        "update bullets attributed 4/4 (100%)"
    )
    assert err == ""


def test_quiet_prints_findings_and_summary_only(site: Path, capsys) -> None:
    write(site, {"2024-01-10.md": GOOD})
    code, out, _ = run(capsys, "check", "--quiet")
    assert code == 0
    assert len(out) == 1 and out[0].startswith("1 files, 1 meetings, 0 errors")


# --- errors: exit 1, the right line --------------------------------------------------

ERRORS = [
    pytest.param(
        "2024-02-01.md",
        "---\ntitle: Sync\ndate: [2024-02-01\n---\n# Sync\n\nDate: 2024-02-01\n",
        "3:1",
        "front matter is not valid YAML",
        id="front-matter-unclosed-bracket",
    ),
    pytest.param(
        "2024-02-01.md",
        "---\ntitle: Sync: with a colon\n---\n# Sync\n\nDate: 2024-02-01\n",
        "2:1",
        "front matter is not valid YAML",
        id="front-matter-colon-in-value",
    ),
    pytest.param(
        "2024-02-01.md",
        "---\ntitle: ok\ntags: a\nthis line is not yaml\nseries: x\n---\n# Sync\n",
        "4:1",
        "front matter is not valid YAML",
        id="front-matter-bare-line",
    ),
    pytest.param(
        "2024-02-01.md",
        '---\ntitle: "unterminated\n---\n# Sync\n\nDate: 2024-02-01\n',
        "2:1",
        "front matter is not valid YAML",
        id="front-matter-open-quote",
    ),
    pytest.param("2024-02-02.md", "", "1:1", "empty note", id="empty-file"),
    pytest.param("2024-02-02.md", "\n  \n\n", "1:1", "empty note", id="blank-lines"),
    pytest.param(
        "2024-02-03.md", "---\ntitle: Only\n---\n", "1:1", "front matter only", id="fm-only"
    ),
    pytest.param(
        "team-sync.md",
        "# Team sync\n\n## Attendees\n\n* Alice / @alice\n\n## Agenda\n\n* Budget\n",
        "1:1",
        "no date anywhere",
        id="roll-call-no-date",
    ),
    pytest.param(
        "notes/sync.md",
        "# Sync\n\n## Quick updates\n\n* Alice: shipped it\n",
        "1:1",
        "no date anywhere",
        id="updates-no-date",
    ),
    pytest.param(
        "2024-02-05.md",
        meeting(
            "2024-02-05", "", "## Notes", "", "See [the plan](plan.md) and [ok](2024-02-05.md)."
        ),
        "11:16",
        "link to 'plan.md' points at no file",
        id="dead-link",
    ),
    pytest.param(
        "2024-02-05.md",
        meeting("2024-02-05", "", "* details in [minutes](../archive/2019.md#budget)"),
        "9:24",
        "link to '../archive/2019.md' points at no file",
        id="dead-link-other-folder",
    ),
]


@pytest.mark.parametrize(("name", "content", "position", "message"), ERRORS)
def test_errors_exit_one_at_the_right_line(
    site: Path, capsys, name: str, content: str, position: str, message: str
) -> None:
    write(site, {name: content, "2024-01-10.md": GOOD})
    code, out, _ = run(capsys, "check")
    assert code == 1
    errors = [line for line in out if ": error: " in line]
    assert len(errors) == 1, out
    assert errors[0].startswith(f"docs/meetings/{name}:{position}: error: "), errors
    assert message in errors[0]
    assert ", 1 errors, " in out[-1]


def test_a_link_that_exists_is_not_an_error(site: Path, capsys) -> None:
    write(
        site,
        {
            "2024-01-10.md": GOOD,
            "2024-01-17.md": meeting(
                "2024-01-17", "", "Follows [last week](2024-01-10.md#agenda)."
            ),
            "team/2024-01-18.md": meeting("2024-01-18", "", "See [back](../2024-01-10.md)."),
        },
    )
    code, out, _ = run(capsys, "check")
    assert code == 0, out
    assert findings(out) == []


NOT_DEAD = [
    pytest.param("Follows [last week](2024-01-10.md#agenda).", id="same-folder-with-anchor"),
    pytest.param("See [back](team/../2024-01-10.md).", id="dot-dot"),
    pytest.param("See [the doc](my%20notes.md).", id="percent-encoded"),
    pytest.param("Write `[x](todo.md)` to link.", id="inside-a-code-span"),
    pytest.param("```md\nSee [x](nothere.md)\n```", id="inside-a-fence"),
    pytest.param("Docs: [site](https://example.org/x.md), [abs](/about.md)", id="not-relative"),
]


@pytest.mark.parametrize("line", NOT_DEAD)
def test_links_that_are_not_dead(site: Path, capsys, line: str) -> None:
    write(site, {"2024-01-10.md": GOOD, "my notes.md": "# My notes\n\nText.\n"})
    write(site, {"2024-01-17.md": meeting("2024-01-17", "", "## Notes", "", line)})
    code, out, _ = run(capsys, "check")
    assert code == 0, out
    assert [line for line in out if "dead" in line or "points at no file" in line] == []


# --- warnings: exit 0 ------------------------------------------------------------------

MOJIBAKE = "Caf\u00c3\u00a9 \u00f0\u0178\u017d\u2030"  # "Café 🎉" read as cp1252

WARNINGS = [
    pytest.param(
        {"2024-02-06.md": meeting("2024-02-06", "* Ren\xe9 M\xfcller / @rene").encode("cp1252")},
        "docs/meetings/2024-02-06.md:1:1: warning: not UTF-8",
        id="not-utf8",
    ),
    pytest.param(
        {"2024-03-09.md": meeting("2024-03-08")},
        "docs/meetings/2024-03-09.md:3:1: warning: the Date: line says 2024-03-08 but the file "
        "name says 2024-03-09",
        id="date-conflict",
    ),
    pytest.param(
        {
            "team/2024-04-01.md": meeting("2024-04-01"),
            "team/2024-04-01-copy.md": meeting("2024-04-01", title="Copy"),
        },
        "docs/meetings/team/2024-04-01.md:1:1: warning: meeting team/2024-04-01 is also in "
        "team/2024-04-01-copy.md:1; published as team/2024-04-01-2",
        id="duplicate-meeting-two-files",
    ),
    pytest.param(
        {
            "2024-05-01.md": meeting(
                "2024-05-01",
                "* Alex Smith / @asmith",
                "* Alex Jones / @ajones",
                "",
                "## Quick updates",
                "",
                "* Alex: did things",
            )
        },
        "docs/meetings/2024-05-01.md:13:1: warning: update author 'Alex' could be Alex Smith "
        "(@asmith) or Alex Jones (@ajones)",
        id="ambiguous-name",
    ),
    pytest.param(
        {"2024-05-02.md": meeting("2024-05-02", "", f"We met at the {MOJIBAKE}.")},
        "docs/meetings/2024-05-02.md:9:1: warning: repaired mojibake",
        id="mojibake",
    ),
    pytest.param(
        {"2024-05-03.md": meeting("2024-05-03", "* name / institution / GitHub handle")},
        "docs/meetings/2024-05-03.md:8:1: warning: template line left in the roll call",
        id="template-roll-call",
    ),
    pytest.param(
        {
            "2024-05-04.md": meeting(
                "2024-05-04", "", "## Quick updates", "", "* name: update or pass"
            )
        },
        "docs/meetings/2024-05-04.md:11:1: warning: template line left in the updates",
        id="template-update",
    ),
    pytest.param(
        {"2024-05-05.md": meeting("2024-05-05", "", "Join: https://zoom.us/j/123?pwd=Xy12abc")},
        "docs/meetings/2024-05-05.md:9:1: warning: meeting passcode redacted",
        id="passcode-link",
    ),
    pytest.param(
        {"2024-05-06.md": meeting("2024-05-06", "", "Meeting ID: 123 456", "Passcode: 998877")},
        "docs/meetings/2024-05-06.md:10:1: warning: meeting passcode redacted",
        id="passcode-line",
    ),
    pytest.param(
        {"2024-05-07.md": meeting("2024-05-07", "* 2024 / 2025 / 2026")},
        "docs/meetings/2024-05-07.md:8:1: warning: could not read roll-call line '2024 / 2025",
        id="unplaced-roll-call",
    ),
    pytest.param(
        {
            "2024-05-08.md": meeting(
                "2024-05-08",
                "",
                "## Quick updates",
                "",
                "* Alice: fine",
                "* did something without saying who",
            )
        },
        "docs/meetings/2024-05-08.md:12:1: warning: update bullet with no author",
        id="unplaced-update",
    ),
    pytest.param(
        {"2024.md": "# 2024\n\n## 2024-06\n\n* Alice Smith / @alice\n"},
        "docs/meetings/2024.md:3:1: warning: heading '2024-06' gives a month but no day",
        id="month-only-heading",
    ),
    pytest.param(
        {"2023.md": "# 2023\n\n## 2023-01-10\n\n* Bob\n\n## 7 Feburary 2023\n\n* Alice\n"},
        "docs/meetings/2023.md:7:1: warning: heading '7 Feburary 2023': ",
        id="misspelt-month",
    ),
]


@pytest.mark.parametrize(("files", "expected"), WARNINGS)
def test_warnings_exit_zero(site: Path, capsys, files: dict, expected: str) -> None:
    write(site, files)
    code, out, _ = run(capsys, "check")
    assert code == 0, out
    assert any(line.startswith(expected) for line in out), "\n".join(out)
    assert ", 0 errors, " in out[-1] and " 0 warnings;" not in out[-1]


INFOS = [
    pytest.param(
        {"index.md": "# Our meetings\n\nThe notes of every meeting.\n", "2024-01-10.md": GOOD},
        "docs/meetings/index.md:1:1: info: ",
        id="listing-page-not-a-meeting",
    ),
    pytest.param(
        {
            "2024.md": "# 2024\n\n## 2024-06-04\n\n* Alice / @alice\n\n"
            "## 2024-06-04\n\n* Bob / @bob\n"
        },
        "docs/meetings/2024.md:7:1: info: a second meeting of 2024-06-04",
        id="two-sessions-one-archive-file",
    ),
    pytest.param(
        {"2024-01-10.md": GOOD.replace("reviewed pull requests", "asked @nobody-here")},
        "docs/meetings/2024-01-10.md:13:1: info: @nobody-here is on no roll call",
        id="unknown-handle",
    ),
    pytest.param(
        {"2025.md": "# 2025\n\n## 6, 13, & 26 March 2025\n\n* Alice Smith / @alice\n"},
        "docs/meetings/2025.md:3:1: info: heading '6, 13, & 26 March 2025' names 3 dates",
        id="several-dates-in-a-heading",
    ),
]


@pytest.mark.parametrize(("files", "expected"), INFOS)
def test_infos(site: Path, capsys, files: dict, expected: str) -> None:
    write(site, files)
    code, out, _ = run(capsys, "check")
    assert code == 0, out
    matching = [line for line in out if line.startswith(expected)]
    assert len(matching) == 1, "\n".join(out)
    assert out[-1].startswith(f"{len(files)} files, ") and ", 0 warnings;" in out[-1]


def test_unknown_handles_are_listed_once_each(site: Path, capsys) -> None:
    body = meeting("2024-06-01", "", "## Notes", "", "ask @ghost-one and @ghost-two", "cc @alice")
    write(site, {"2024-06-01.md": body})
    _, out, _ = run(capsys, "check")
    unknown = [line for line in out if "is on no roll call" in line]
    assert len(unknown) == 2, unknown
    assert {line.split(": info: @")[1].split()[0] for line in unknown} == {
        "ghost-one",
        "ghost-two",
    }


def test_recurring_agenda_titles_are_suggested_once(site: Path, capsys) -> None:
    files = {
        f"2024-07-0{day}.md": meeting(
            f"2024-07-0{day}", "", "## Agenda", "", "* Release planning", f"* Topic {day}"
        )
        for day in (1, 2, 3)
    }
    files["2024-07-04.md"] = meeting("2024-07-04", "", "## Agenda", "", "* Topic 1")
    write(site, files)
    _, out, _ = run(capsys, "check")
    release = [line for line in out if "release planning" in line.lower()]
    assert len(release) == 1, release
    assert ": info: " in release[0] and "recurs in 3 meetings" in release[0]
    topic = [line for line in out if "'topic 1'" in line.lower()]
    assert topic == [], "two meetings are not a pattern"


# --- GitHub annotations -----------------------------------------------------------------


def test_github_actions_adds_annotations(site: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    write(
        site,
        {
            "2024-02-02.md": "",
            "2024-03-09.md": meeting("2024-03-08"),
            "index.md": "# Index\n\nAll meetings.\n",
        },
    )
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert "::error file=docs/meetings/2024-02-02.md,line=1,col=1::empty note" in "\n".join(out)
    warning = [line for line in out if line.startswith("::warning ")]
    assert len(warning) == 1
    assert warning[0].startswith("::warning file=docs/meetings/2024-03-09.md,line=3,col=1::")
    # Infos are not annotations (they would bury the real problems in the PR view).
    assert not [line for line in out if line.startswith("::") and "index.md" in line]


def test_no_annotations_outside_github_actions(site: Path, capsys) -> None:
    write(site, {"2024-02-02.md": ""})
    _, out, _ = run(capsys, "check")
    assert not [line for line in out if line.startswith("::")]


# --- config discovery, paths ---------------------------------------------------------


def test_config_option_and_paths_relative_to_cwd(tmp_path: Path, capsys, monkeypatch) -> None:
    project = tmp_path / "project"
    write(project, {"2024-02-02.md": "", "2024-01-10.md": GOOD}, notes_dir="content/minutes")
    config = write_config(project / "site.yml", "notes_dir: minutes")
    (project / "site.yml").write_text(
        config.read_text(encoding="utf-8") + "docs_dir: content\n", encoding="utf-8"
    )
    monkeypatch.chdir(project / "content")
    code, out, _ = run(capsys, "check", "--config", "../site.yml")
    assert code == 1
    assert findings(out) == [
        "minutes/2024-02-02.md:1:1: error: empty note (or front matter only): "
        "nothing to publish as a meeting"
    ]
    # the option works after the sub-command too
    code_after, out_after, _ = run(capsys, "check", "--config", "../site.yml")
    assert (code_after, out_after) == (code, out)
    code_sub, out_sub, _ = run(capsys, "--config", str(project / "site.yml"), "check")
    assert code_sub == 1 and findings(out_sub) == findings(out)


def test_mkdocs_yml_in_cwd_is_discovered(tmp_path: Path, capsys, monkeypatch) -> None:
    write_config(tmp_path / "mkdocs.yml", "notes_dir: notes")
    write(tmp_path, {"2024-02-02.md": ""}, notes_dir="docs/notes")
    write(tmp_path, {"2024-02-02.md": GOOD}, notes_dir="docs/meetings")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert findings(out)[0].startswith("docs/notes/2024-02-02.md:1:1: error: empty note")


def test_no_config_uses_the_defaults(tmp_path: Path, capsys, monkeypatch) -> None:
    write(tmp_path, {"2024-02-02.md": "", "2024-01-10.md": GOOD})
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert findings(out)[0].startswith("docs/meetings/2024-02-02.md:1:1: error: empty note")
    assert out[-1].startswith("2 files, 1 meetings, 1 errors")


def test_no_notes_folder_says_so(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check")
    assert code == 2 and out == []
    assert "docs/meetings" in err and "no such folder" in err


@pytest.mark.parametrize(
    ("paths", "files", "code"),
    [
        (["docs/meetings/2024-01-10.md"], 1, 0),
        (["docs/meetings/bad/2024-02-02.md"], 1, 1),
        (["docs/meetings/bad"], 2, 1),
        (["docs/meetings/2024-01-10.md", "docs/meetings/good"], 2, 0),
        (["docs/meetings"], 4, 1),
        ([], 4, 1),
    ],
)
def test_files_or_folders_as_paths(site: Path, capsys, paths, files: int, code: int) -> None:
    write(
        site,
        {
            "2024-01-10.md": GOOD,
            "good/2024-01-11.md": GOOD.replace("01-10", "01-11"),
            "bad/2024-02-02.md": "",
            "bad/2024-02-09.md": GOOD.replace("01-10", "02-09"),
        },
    )
    status, out, _ = run(capsys, "check", *paths)
    assert status == code, out
    assert out[-1].startswith(f"{files} files, ")
    problems = [line for line in findings(out) if ": info: " not in line]
    expected = ["docs/meetings/bad/2024-02-02.md:1:1: error: empty note"] if code else []
    assert [line.split(" (")[0] for line in problems] == expected


def test_series_is_kept_when_checking_one_file(site: Path, capsys) -> None:
    """A file given alone is still read relative to the notes folder: same id as the site."""
    write(site, {"community/2024-01-11.md": GOOD.replace("01-10", "01-11")})
    _, out, _ = run(capsys, "check", "docs/meetings/community/2024-01-11.md")
    assert "meeting community/2024-01-11 (2024-01-11, series community)" in out[0]


def test_missing_path_is_a_usage_error(site: Path, capsys) -> None:
    code, out, err = run(capsys, "check", "docs/meetings/nope.md")
    assert code == 2 and out == []
    assert "nope.md" in err


# --- export -----------------------------------------------------------------------------


def test_export_prints_only_json_on_stdout(site: Path, capsys) -> None:
    write(
        site,
        {
            "2024-01-10.md": GOOD,
            "2024-03-09.md": meeting("2024-03-08"),
            "2024-02-02.md": "",
            "2024-02-06.md": meeting("2024-02-06", "* Ren\xe9 / @rene").encode("cp1252"),
        },
    )
    code = main(["export"])
    captured = capsys.readouterr()
    assert code == 0
    document = json.loads(captured.out)
    assert document["schema"] == "mkdocs-minutes/1"
    assert [m["id"] for m in document["meetings"]] == ["2024-01-10", "2024-02-06", "2024-03-09"]
    assert document["meetings"][1]["attendees"][1]["name"] == "Ren\xe9"
    assert "2024-03-09.md:3:" in captured.err and "not UTF-8" in captured.err
    assert "2024-02-02.md:1:" in captured.err


def test_export_of_a_folder_argument(tmp_path: Path, capsys, monkeypatch) -> None:
    write(tmp_path, {"2024-01-10.md": GOOD}, notes_dir="elsewhere")
    monkeypatch.chdir(tmp_path)
    code = main(["export", "elsewhere"])
    captured = capsys.readouterr()
    assert code == 0 and captured.err == ""
    document = json.loads(captured.out)
    assert document["meetings"][0]["source"] == {"path": "2024-01-10.md", "line": 1}
