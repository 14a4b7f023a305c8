"""A meeting page's H1: the note's own H1 when it says all the title says and more.

A table of real-world pairs (front matter title, note H1): the H1 replaces the title when
every word of the title is in it, whatever their order, and stays in the body otherwise.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from mkdocs_minutes.model import Meeting
from mkdocs_minutes.pages.meeting import page_heading

MEETING = Meeting(
    id="2025-01-14",
    date=dt.date(2025, 1, 14),
    title="Sync",
    series=None,
    source_path="2025-01-14.md",
    line=1,
    end_line=10,
    body="",
)


@pytest.mark.parametrize(
    "title,heading,expected",
    [
        ("Sync", "", ("Sync", False)),
        ("Sync", "Sync", ("Sync", True)),
        ("Sync", "Sync (2025-01-14)", ("Sync (2025-01-14)", True)),
        ("Board meeting", "Board meeting, March", ("Board meeting, March", True)),
        ("Team meeting", "Meeting of the team", ("Meeting of the team", True)),
        ("Team meeting", "JupyterHub   team  meeting", ("JupyterHub team meeting", True)),
        ("Community call", "Agenda", ("Community call", False)),
        ("Team meeting", "Team sync", ("Team meeting", False)),
    ],
)
def test_page_heading(title: str, heading: str, expected: tuple[str, bool]) -> None:
    meeting = dataclasses.replace(MEETING, title=title, heading=heading)
    assert page_heading(meeting) == expected
