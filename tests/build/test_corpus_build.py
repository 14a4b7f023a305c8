"""The real corpus, parsed and built: every meeting found and dated, real cross-links.

The notes are read from ``../shared/corpus`` (never copied into the project); the build
copies them into a temp site the way a team would lay out its own repository.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_minutes.archive import Archive
from mkdocs_minutes.notes.folder import read_notes
from tests.conftest import CORPUS, EC_MEETINGS

pytestmark = pytest.mark.shared

GEO = CORPUS / "geojupyter" / "meeting-notes"
EC = CORPUS / "jupyter-ec"


@pytest.fixture(scope="module")
def ec_notes():
    return read_notes(EC)


@pytest.fixture(scope="module")
def geo_notes():
    return read_notes(GEO)


def test_every_ec_meeting_found_and_dated(ec_notes) -> None:
    counts = {n.path: len(n.meetings) for n in ec_notes if n.meetings}
    assert counts == EC_MEETINGS
    for note in ec_notes:
        year = re.search(r"(20\d\d)", note.path)
        for meeting in note.meetings:
            assert year and meeting.date.year == int(year.group(1)), meeting.id
    pages = sorted(n.path for n in ec_notes if n.is_page)
    assert pages == ["meeting_notes/index.md", "office_hours/index.md"]


def test_every_geojupyter_note_is_one_dated_meeting(geo_notes) -> None:
    assert len(geo_notes) == len(list(GEO.glob("*/index.md")))
    for note in geo_notes:
        assert len(note.meetings) == 1, note.path
        meeting = note.meetings[0]
        folder = note.path.split("/")[0]
        assert meeting.date.strftime("%Y%m%d") == folder[:8]
        assert meeting.series == folder[9:]
        assert meeting.id == f"{folder[9:]}/{meeting.date.isoformat()}"


def test_corpus_roll_calls_and_updates_understood(ec_notes, geo_notes) -> None:
    notes = ec_notes + geo_notes
    placed = sum(n.placed_rollcall for n in notes)
    unplaced = sum(n.unplaced_rollcall for n in notes)
    assert placed > 900
    assert unplaced <= placed * 0.02
    attendees = [a for n in notes for m in n.meetings for a in m.attendees]
    assert all(a.name.strip() for a in attendees)
    handles = {a.handle.lower() for a in attendees if a.handle}
    assert {"mfisher87", "martinrenou"} <= handles
    assert not handles & {"quantstack", "dse", "2i2c"}


def test_corpus_cross_links(ec_notes, geo_notes) -> None:
    archive = Archive.build(ec_notes + geo_notes)
    # A person who appears in many meetings has them all.
    matt = next(p for p in archive.people.values() if p.handle and p.handle.lower() == "mfisher87")
    history = archive.person_history(matt.id)
    on_roll_call = {
        m.id
        for m in archive.meetings
        for a in m.attendees
        if a.present and archive.attendee_person(m, a) == matt.id
    }
    assert len(on_roll_call) >= 20
    assert set(history.attended) == on_roll_call
    # A repeatedly referenced issue lists every meeting that mentions it.
    counts = Counter()
    for meeting in archive.meetings:
        for key in {r.key for r in meeting.refs}:
            counts[key] += 1
    key, n = counts.most_common(1)[0]
    assert n >= 2
    assert len(archive.refs[key].meetings) == n


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("corpus")
    notes = root / "docs" / "meetings"
    shutil.copytree(GEO, notes, dirs_exist_ok=True)
    for folder in ("meeting_notes", "office_hours", "reports"):
        shutil.copytree(EC / folder, notes / folder)
    (root / "mkdocs.yml").write_text(
        "site_name: Corpus\nsite_url: https://example.org/\ntheme:\n  name: material\n"
        "plugins:\n  - search\n  - minutes\n",
        encoding="utf-8",
    )
    config = load_config(str(root / "mkdocs.yml"))
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Collect(level=logging.DEBUG)
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        build(config)
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    return Path(config.site_dir), records


def test_corpus_builds_into_a_browsable_site(corpus_site) -> None:
    site, _ = corpus_site
    export = json.loads((site / "meetings.json").read_text(encoding="utf-8"))
    assert len(export["meetings"]) == sum(EC_MEETINGS.values()) + len(list(GEO.glob("*/index.md")))
    for meeting in export["meetings"]:
        assert (site / meeting["url"] / "index.html").exists(), meeting["url"]
    for person in export["people"]:
        assert (site / person["url"] / "index.html").exists(), person["url"]
    for ref in export["refs"]:
        assert (site / ref["page"] / "index.html").exists(), ref["page"]
    # Archive files keep their URL, now listing their meetings.
    listing = (site / "meetings" / "meeting_notes" / "2024" / "index.html").read_text("utf-8")
    assert listing.count('href="../2024-') >= 34  # series meeting_notes, as written


def test_generated_pages_add_no_warning(corpus_site) -> None:
    _, records = corpus_site
    warnings = [r.getMessage() for r in records if r.levelno >= logging.WARNING]
    # The only warnings are the notes' own: links in notes that point nowhere.
    own = [w for w in warnings if not re.search(r"contains a link '(nbviewer|Jupyter)\.org'", w)]
    assert own == []


def test_no_flattened_list_in_built_html(corpus_site) -> None:
    site, _ = corpus_site
    flattened = []
    for page in (site / "meetings").rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        for paragraph in re.findall(r"<p>(.*?)</p>", html, re.S):
            if re.search(r"(^|\n)\s*[-*] \S", paragraph):
                flattened.append((page, paragraph[:80]))
    assert flattened == []


def test_passcodes_never_published(corpus_site) -> None:
    site, _ = corpus_site
    for path in site.rglob("*"):
        if path.suffix in {".html", ".json", ".xml"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not re.search(r"pwd=(?!\[redacted\]|%5Bredacted%5D)[A-Za-z0-9]", text), path
