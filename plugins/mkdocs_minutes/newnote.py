"""The new-note template and where a new note goes (``minutes new``, ``minutes import``).

The default template has the seed's sections (roll call, quick updates, celebrations,
agenda items, action items); a site can set its own with the ``template`` option. The
template's placeholder lines are the ones ``minutes check`` reports when left in.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from string import Template

DEFAULT_TEMPLATE = """\
# ${title}

Date: ${long_date}

## Welcome to the Team Meeting

Sign in below so we know who was here. Roll call:

* name / institution / GitHub handle

## Quick updates

60 second updates on things you have been up to, questions you have, or developments you
think people should know about. If you do not have an update to share, you can pass.

* name: update or pass

## Reports and celebrations

Announcements (no discussion needed) and shout-outs to contributors.

* add item here

## Agenda items

Add items with a speaker and a time box, e.g. `Topic [Name - 5 mins]`.

* add item here

## Action items

- [ ] Name: what, by when
"""


def target_path(notes_root: Path, date: dt.date, series: str | None) -> Path:
    """Where a note for ``date`` goes, following the folder's own convention.

    Dated folders (``20250624-sync/index.md``) when the archive already uses them, else
    ``[SERIES/]YYYY-MM-DD.md``.
    """
    if (series and "/" in series) or (series and ".." in series):
        raise ValueError(f"series '{series}' must be a single folder name")
    if notes_root.is_dir() and any(
        re.match(r"^\d{8}-", p.name) and (p / "index.md").exists() for p in notes_root.iterdir()
    ):
        name = series or "meeting"
        return notes_root / f"{date:%Y%m%d}-{name}" / "index.md"
    folder = notes_root / series if series else notes_root
    return folder / f"{date.isoformat()}.md"


def render_template(template: str | None, date: dt.date, series: str | None) -> str:
    """Fill ``${date}``, ``${long_date}``, ``${title}``, ``${series}`` in a template."""
    title = f"{(series or 'Team').replace('-', ' ').title()} Meeting - {date:%B %Y}"
    values = {
        "date": date.isoformat(),
        "long_date": f"{date:%A} {date.day} {date:%B %Y}",
        "title": title,
        "series": series or "",
    }
    return Template(template or DEFAULT_TEMPLATE).safe_substitute(values)
