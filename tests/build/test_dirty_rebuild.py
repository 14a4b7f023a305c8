"""``--dirty`` rebuilds after a one-note edit: only changed pages are rendered, none is stale.

The plugin writes each page's Markdown under ``.cache/minutes/pages/`` only when it changes,
so MkDocs' dirty build (which compares file times) renders the edited meeting, the pages
whose content depends on it, and nothing else.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.conftest import write_site

NOTES = {
    "2024-01-04.md": """\
        # Team meeting

        ## Attendees

        * Ana Lima / Org / @analima
        * Ben Okafor / Org / @benok

        ## Quick updates

        * Ana: shipped the release

        ## Agenda

        * Release planning [Ana - 5 mins]
            * https://github.com/o/r/issues/7
        """,
    "2024-01-11.md": """\
        # Team meeting

        ## Attendees

        * Ben Okafor / Org / @benok

        ## Agenda

        * Budget review [Ben]
        """,
    "2024-01-18.md": """\
        # Team meeting

        ## Attendees

        * Ben Okafor / Org / @benok

        ## Agenda

        * Hiring [Ben]
        """,
}


def _build(config_file: Path, dirty: bool) -> Path:
    config = load_config(str(config_file))
    config.plugins.on_startup(command="build", dirty=dirty)
    build(config, dirty=dirty)
    return Path(config.site_dir)


def _mtimes(site: Path) -> dict[str, float]:
    return {str(p.relative_to(site)): p.stat().st_mtime for p in site.rglob("index.html")}


def test_dirty_rebuild_renders_what_changed_and_nothing_is_stale(tmp_path: Path) -> None:
    config = write_site(tmp_path, NOTES)
    site = _build(config, dirty=False)
    before = _mtimes(site)
    time.sleep(1.1)  # file times must be able to differ
    note = tmp_path / "docs" / "meetings" / "2024-01-18.md"
    note.write_text(
        note.read_text(encoding="utf-8").replace(
            "* Hiring [Ben]", "* Hiring [Ben]\n* Zebra crossing proposal [Ana - 5 mins]"
        ),
        encoding="utf-8",
    )
    os.utime(note)
    site = _build(config, dirty=True)
    after = _mtimes(site)
    changed = {page for page, mtime in after.items() if mtime != before.get(page)}
    # The edited meeting and Ana's person page (she now leads an item there) are new...
    edited = (site / "meetings" / "2024-01-18" / "index.html").read_text(encoding="utf-8")
    assert "Zebra crossing proposal" in edited
    ana = (site / "people" / "analima" / "index.html").read_text(encoding="utf-8")
    assert "Zebra crossing proposal" in ana
    assert "meetings/2024-01-18/index.html" in changed
    assert "people/analima/index.html" in changed
    # ...while meetings whose page did not change were not rendered again.
    assert "meetings/2024-01-04/index.html" not in changed
    assert "meetings/2024-01-11/index.html" not in changed
    assert "refs/o/r/7/index.html" not in changed
    # And nothing is stale: a full build gives the same pages.
    dirty_pages = {page: (site / page).read_text(encoding="utf-8") for page in after}
    fresh = _build(config, dirty=False)
    stale = [
        page
        for page, html in dirty_pages.items()
        if (fresh / page).read_text(encoding="utf-8") != html
    ]
    assert stale == []
