"""This archive's own publishing policy (an MkDocs hook, not plugin capability).

Notes marked ``draft: true`` in their front matter are shown by ``mkdocs serve`` (so the
author can preview them) but left out of ``mkdocs build``: minutes are published only once
the meeting's note-taker removes the flag.
"""

from __future__ import annotations

import re

from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files, InclusionLevel

_DRAFT_RE = re.compile(r"\A---\s*\n(?:.*\n)*?draft:\s*true\s*\n(?:.*\n)*?---\s*\n", re.IGNORECASE)


@event_priority(100)
def on_files(files: Files, **_: object) -> Files:
    """Mark draft notes as MkDocs drafts (served, not built).

    Runs before the minutes plugin has decoded the notes, so it reads their bytes: a note
    saved in a legacy encoding (which ``file.content_string`` would fail to decode) is the
    plugin's to decode and report; the front matter this looks for is ASCII anyway.
    """
    for file in files.documentation_pages():
        if file.generated_by is not None:
            continue
        if _DRAFT_RE.match(file.content_bytes.decode("utf-8", errors="replace")):
            file.inclusion = InclusionLevel.DRAFT
    return files
