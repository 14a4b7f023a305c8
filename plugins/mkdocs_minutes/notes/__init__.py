"""Reading notes: decoding, front matter, dates, sections and the line grammars.

``parse_note(path, data)`` is the entry point; the modules beside it are the grammars of
one kind of line each (dates, roll call, updates, agenda items, actions, references), so a
new real-world shape is a new table row in one of them, not a rewrite.
"""

from __future__ import annotations

from .parse import item_anchor_base, parse_note, section_kind

__all__ = ["item_anchor_base", "parse_note", "section_kind"]
