"""Nothing lost (issue 12): the site is checked against the source, on real builds.

The coverage audit runs inside every build (``lost-text``, a WARNING, so ``--strict``
fails) and in ``minutes check`` (an error). These tests build the demo, the seed and the
shared corpus and expect no lost line; then they break the splitter on purpose and expect
the audit to name the dropped section's ``path:line``.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from mkdocs_minutes import cli
from mkdocs_minutes.notes import parse as parse_module
from tests.conftest import CORPUS, SEED, copy_demo, write_site

CAFE_2024 = """\
# Collaboration cafe 2024

Notes of the cafe, newest first.

## 2024-11-19

### Attendees
- Ana Lima / Acme / @analima

## Agenda

- Adopting JupyterHealth into JupyterHub [Ana]
    - proposal in https://github.com/jupyterhub/team-compass/issues/812
- Release planning

## 2024-11-12

### Attendees
- Ben Okafor / @bokafor
"""

CAFE_2026 = """\
## 2026-02-03

### Attendees
- Ana Lima / Acme / @analima

## Celebrations and shout-outs

- Ben ran the roadmapping workshop

## Breakout room and agenda item suggestions

- Roadmapping workshop notes
    - three themes: onboarding, governance, funding
    - see https://github.com/jupyterhub/team-compass/issues/820

## 2026-01-27

- a short check-in
"""


class Records(logging.Handler):
    """Every record the build logs."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def messages(self, needle: str) -> list[str]:
        return [r.getMessage() for r in self.records if needle in r.getMessage()]


def build_logged(config_file: Path, *, strict: bool = False) -> tuple[Path, Records]:
    config = load_config(str(config_file), strict=strict)
    handler = Records()
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        build(config)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return Path(config.site_dir), handler


def audited(handler: Records) -> tuple[int, int, int]:
    """(notes audited, notes in the build, lost-text findings), from the audit's summary."""
    (summary,) = handler.messages("coverage audit:")
    match = re.search(r"(\d+) of (\d+) notes, (\d+) lost-text", summary)
    assert match, summary
    return int(match.group(1)), int(match.group(2)), int(match.group(3))


def test_demo_loses_nothing(tmp_path: Path) -> None:
    _, handler = build_logged(copy_demo(tmp_path), strict=True)
    notes, total, lost = audited(handler)
    assert (notes, lost) == (total, 0)


@pytest.mark.shared
def test_seed_and_corpus_lose_nothing(tmp_path: Path) -> None:
    notes = tmp_path / "docs" / "meetings"
    shutil.copytree(CORPUS / "geojupyter" / "meeting-notes", notes / "geojupyter")
    shutil.copy(CORPUS / "geojupyter" / "meeting-notes.md", notes / "geojupyter.md")
    for folder in ("meeting_notes", "office_hours", "reports"):
        shutil.copytree(CORPUS / "jupyter-ec" / folder, notes / folder)
    shutil.copy(SEED, notes / "2019-03-21.md")
    config = write_site(tmp_path, {})
    _, handler = build_logged(config)
    count, total, lost = audited(handler)
    assert handler.messages("reaches no published page") == []
    assert lost == 0
    assert count == total == len(list(notes.rglob("*.md")))


def _drop_sections_after_the_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """The splitter as it was: a meeting ends at the next heading of its level, and the
    text it leaves behind is published nowhere."""
    original = parse_module._archive_sections

    def old_splitter(lines, has_path_date, default_year):  # type: ignore[no-untyped-def]
        sections = []
        for section in original(lines, has_path_date, default_year):
            end = next(
                (
                    index
                    for index in range(section.start + 1, section.end)
                    if 0 < lines[index].heading_level <= section.level
                ),
                section.end,
            )
            sections.append(dataclasses.replace(section, end=end))
        return sections

    monkeypatch.setattr(parse_module, "_archive_sections", old_splitter)
    monkeypatch.setattr(parse_module, "_passages", lambda lines, sections: ())


def test_a_dropped_section_is_reported_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write_site(tmp_path, {"cafe/2024.md": CAFE_2024})
    _drop_sections_after_the_date(monkeypatch)
    _, handler = build_logged(config)
    lost = handler.messages("reaches no published page")
    # Line 3 (the preface), lines 10-14 (the agenda, its heading included).
    assert [m.split(": the text")[0] for m in lost] == [
        "minutes: meetings/cafe/2024.md:3",
        "minutes: meetings/cafe/2024.md:10",
    ]
    assert "lines 10-14" in lost[1] and "jupyterhealth" in lost[1]
    with pytest.raises(Abort):
        build_logged(config, strict=True)


def test_check_reports_a_dropped_section_as_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_site(tmp_path, {"cafe/2024.md": CAFE_2024})
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check", "--config", str(config)]) == 0
    capsys.readouterr()
    _drop_sections_after_the_date(monkeypatch)
    assert cli.main(["check", "--config", str(config)]) == 1
    out = capsys.readouterr().out
    assert "docs/meetings/cafe/2024.md:10:1: error: the text of lines 10-14" in out


def test_sections_after_the_date_are_on_their_meeting_pages(tmp_path: Path) -> None:
    """The issue's first two examples: their text, items and references are published."""
    config = write_site(
        tmp_path,
        {"cafe/2024.md": CAFE_2024, "cafe/2026.md": CAFE_2026},
        plugin_options="github_repo: jupyterhub/team-compass",
    )
    site, handler = build_logged(config, strict=True)
    assert audited(handler)[2] == 0
    page = (site / "meetings/cafe/2024-11-19/index.html").read_text("utf-8")
    assert "Adopting JupyterHealth into JupyterHub" in page
    assert 'id="adopting-jupyterhealth-into-jupyterhub"' in page
    page = (site / "meetings/cafe/2026-02-03/index.html").read_text("utf-8")
    assert "three themes: onboarding, governance, funding" in page
    assert "Ben ran the roadmapping workshop" in page
    assert "Notes of the cafe, newest first." in (site / "meetings/cafe/2024/index.html").read_text(
        "utf-8"
    )
    export = json.loads((site / "meetings.json").read_text("utf-8"))
    meetings = {m["id"]: m for m in export["meetings"]}
    assert [i["title"] for i in meetings["cafe/2024-11-19"]["items"]] == [
        "Adopting JupyterHealth into JupyterHub",
        "Release planning",
    ]
    assert meetings["cafe/2024-11-19"]["items"][0]["speakers"] == ["analima"]
    assert [i["title"] for i in meetings["cafe/2026-02-03"]["items"]] == [
        "Roadmapping workshop notes"
    ]
    for number, meeting in (("812", "2024-11-19"), ("820", "2026-02-03")):
        ref = (site / f"refs/jupyterhub/team-compass/{number}/index.html").read_text("utf-8")
        assert f"../../../../meetings/cafe/{meeting}/#" in ref


@pytest.mark.shared
def test_ec_notes_of_6_august_2024_are_published(tmp_path: Path) -> None:
    """The third example, in the shared corpus: ``## 06 August 2024`` then ``## Notes``."""
    source = CORPUS / "jupyter-ec" / "meeting_notes" / "2024.md"
    config = write_site(tmp_path, {"meeting_notes/2024.md": source.read_bytes()})
    site, _ = build_logged(config)
    page = (site / "meetings/meeting_notes/2024-08-06/index.html").read_text("utf-8")
    assert "Contribution Agreement defining assets transferred" in page
    export = json.loads((site / "meetings.json").read_text("utf-8"))
    (meeting,) = [m for m in export["meetings"] if m["id"] == "meeting_notes/2024-08-06"]
    assert len(meeting["items"]) == 5 and meeting["items"][0]["line"] == 323
    ref = (site / "refs/jupyter/governance/234/index.html").read_text("utf-8")
    assert "meetings/meeting_notes/2024-08-06/" in ref
