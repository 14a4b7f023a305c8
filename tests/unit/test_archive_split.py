"""Archive files split into meetings without losing a line (issue 12).

One row per shape of archive file that real notes take (FORMATS.md, "Archive files"): a
dated heading followed by non-date headings of its own level (``## Agenda``, ``## Notes``,
``## Celebrations ...``), sub-sections below it, headings inside code fences, text before
the first date, a heading of a higher rank after the meetings, two meetings on one date.
Each row says which meeting must hold which text and which agenda items, and the coverage
audit (``mkdocs_minutes.audit``) compares the *source* with the pages' Markdown: no row may
lose a line.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import pytest

from mkdocs_minutes.archive import Archive
from mkdocs_minutes.audit import lost_text, words
from mkdocs_minutes.model import ParsedNote
from mkdocs_minutes.notes import parse_note
from mkdocs_minutes.pages.site import SitePages, build_site_pages


@dataclass(frozen=True)
class Shape:
    """An archive file, and what each of its meetings must hold."""

    name: str
    text: str
    meetings: dict[str, tuple[str, ...]]
    """Meeting id -> phrases its page must carry."""
    items: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Meeting id -> its agenda item titles, in order."""
    file_page: tuple[str, ...] = ()
    """Phrases the archive file's own page must carry (text outside every meeting)."""
    attendees: dict[str, tuple[str, ...]] = field(default_factory=dict)


SHAPES = [
    Shape(
        "dated H2 then ## Agenda",
        """\
        # Collaboration cafe 2024

        ## 2024-11-19

        ### Attendees
        - Ana Lima / Acme / @analima

        ## Agenda

        - Adopting JupyterHealth into JupyterHub [Ana - 10 min]
            - https://github.com/jupyterhub/jupyterhub/issues/4990
        - Release planning for 5.0

        ## 2024-11-12

        - a short note
        """,
        {
            "cafe/2024-11-19": ("Adopting JupyterHealth into JupyterHub", "Release planning"),
            "cafe/2024-11-12": ("a short note",),
        },
        items={
            "cafe/2024-11-19": (
                "Adopting JupyterHealth into JupyterHub",
                "Release planning for 5.0",
            )
        },
        attendees={"cafe/2024-11-19": ("Ana Lima",)},
    ),
    Shape(
        "dated H2 then ## Notes (jupyter-ec 2024.md, 06 August 2024)",
        """\
        # Meeting notes from 2024

        ## 13 August 2024

        ### Attendees

        * Ana Ruvalcaba

        ### Notes

        * Strategy retreat planning

        ## 06 August 2024

        ### Attendees

        * Ana Ruvalcaba
        * Zach Sailer

        ## Notes

        * Finalized the contribution agreement
        * Merged: https://github.com/jupyter/governance/pull/234
        """,
        {
            "cafe/2024-08-06": ("Finalized the contribution agreement", "governance"),
            "cafe/2024-08-13": ("Strategy retreat planning",),
        },
        items={
            "cafe/2024-08-06": (
                "Finalized the contribution agreement",
                "Merged: https://github.com/jupyter/governance/pull/234",
            ),
            "cafe/2024-08-13": ("Strategy retreat planning",),
        },
        attendees={"cafe/2024-08-06": ("Ana Ruvalcaba", "Zach Sailer")},
    ),
    Shape(
        "dated H2 then ## Celebrations and ## Breakout room",
        """\
        ## 2026-02-03

        ## Celebrations and shout-outs

        - Ben shipped the roadmapping workshop :tada:

        ## Breakout room and agenda item suggestions

        - Roadmapping workshop notes
            - three themes came out of the workshop
        - Office hours at a second time

        ## 2026-01-27

        ## Agenda

        - Welcome
        """,
        {
            "cafe/2026-02-03": ("Ben shipped the roadmapping workshop", "three themes came out"),
            "cafe/2026-01-27": ("Welcome",),
        },
        items={
            "cafe/2026-02-03": ("Roadmapping workshop notes", "Office hours at a second time"),
            "cafe/2026-01-27": ("Welcome",),
        },
    ),
    Shape(
        "### Check-in under a dated ## and a ## section",
        """\
        ## 2025-03-04

        ### Check-in

        - Kim Doe / @kimd / Org

        ## Discussion

        ### Federation [Min - 5 min]

        - the OVH cluster moves

        ### Budget

        - numbers next week
        """,
        {"cafe/2025-03-04": ("the OVH cluster moves", "numbers next week")},
        items={"cafe/2025-03-04": ("Federation", "Budget")},
        attendees={"cafe/2025-03-04": ("Kim Doe",)},
    ),
    Shape(
        "a code fence holding ## headings",
        """\
        ## 2025-05-06

        ## Agenda

        - How to write a note:

          ```markdown
          ## 2025-05-13
          ## Agenda
          ```

        - Second item after the fence
        """,
        {"cafe/2025-05-06": ("How to write a note", "Second item after the fence")},
        items={"cafe/2025-05-06": ("How to write a note", "Second item after the fence")},
    ),
    Shape(
        "text before the first date, and after a higher-rank heading",
        """\
        # Hackathon notes

        Notes of the weekly hackathon; the newest meeting comes first.

        > Template: copy the section below.

        ## 2025-06-11

        - Worked on the plugin loader

        # Archive of older notes

        Older notes live in the wiki.
        """,
        {"cafe/2025-06-11": ("Worked on the plugin loader",)},
        file_page=(
            "Notes of the weekly hackathon",
            "Template: copy the section below",
            "Older notes live in the wiki",
        ),
    ),
    Shape(
        "two meetings on one date",
        """\
        ## 2025-07-01

        ## Agenda

        - Morning session item

        ## 2025-07-01

        ## Agenda

        - Afternoon session item
        """,
        {
            "cafe/2025-07-01": ("Morning session item",),
            "cafe/2025-07-01-2": ("Afternoon session item",),
        },
        items={
            "cafe/2025-07-01": ("Morning session item",),
            "cafe/2025-07-01-2": ("Afternoon session item",),
        },
    ),
]


def _site(note: ParsedNote) -> tuple[Archive, SitePages]:
    archive = Archive.build([note])
    site = build_site_pages(
        archive,
        [note],
        notes_dir="meetings",
        existing={f"meetings/{note.path}"},
        site_has_index=True,
        overview=False,
    )
    return archive, site


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.name)
def test_archive_shapes_keep_every_line(shape: Shape) -> None:
    note = parse_note("cafe/2024.md", textwrap.dedent(shape.text).encode())
    archive, site = _site(note)
    assert {m.id for m in archive.meetings} == set(shape.meetings)
    for meeting_id, phrases in shape.meetings.items():
        markdown = site.markdown_of(site.meeting_src[meeting_id]) or ""
        for phrase in phrases:
            assert phrase in markdown, (meeting_id, phrase)
    for meeting_id, titles in shape.items.items():
        assert tuple(i.title for i in archive.meeting(meeting_id).items) == titles
    for meeting_id, names in shape.attendees.items():
        assert tuple(a.name for a in archive.meeting(meeting_id).attendees) == names
    own_page = site.markdown_of("meetings/cafe/2024.md") or ""
    for phrase in shape.file_page:
        assert phrase in own_page
    published = [words(site.markdown_of(src) or "") for src in site.pages_of()[note.path]]
    assert lost_text(note, published) == []


def test_recovered_sections_are_parsed_like_any_other() -> None:
    """An ``## Agenda`` after a date gives items with speakers, references and actions."""
    text = textwrap.dedent(
        """\
        ## 2024-11-19

        ### Attendees
        - Ana Lima / Acme / @analima

        ## Agenda

        - Adopting JupyterHealth [Ana - 10 min]
            - see https://github.com/jupyterhub/jupyterhub/issues/4990
            - [ ] Ana: write the proposal
        """
    )
    archive, _ = _site(parse_note("cafe/2024.md", text.encode()))
    meeting = archive.meeting("cafe/2024-11-19")
    (item,) = meeting.items
    assert (item.title, item.speakers, item.minutes) == ("Adopting JupyterHealth", ("Ana",), 10)
    assert [r.key for r in meeting.refs] == ["jupyterhub/jupyterhub#4990"]
    assert archive.refs["jupyterhub/jupyterhub#4990"].mentions[0].anchor == item.anchor
    assert [(a.text, a.assignees) for a in meeting.actions] == [("write the proposal", ("Ana",))]


def test_passages_keep_their_lines_and_place() -> None:
    text = "# Notes\n\nPreface.\n\n## 2024-01-02\n\n- item\n\n# Appendix\n\nLate text.\n"
    note = parse_note("cafe/2024.md", text.encode())
    assert [(p.line, p.text, p.before_meetings) for p in note.passages] == [
        (1, "# Notes\n\nPreface.", True),
        (9, "# Appendix\n\nLate text.", False),
    ]
    _, site = _site(note)
    own_page = site.markdown_of("meetings/cafe/2024.md") or ""
    assert own_page.count("# Notes") == 1, "the file's own H1 is the page's title"
    assert own_page.index("Preface.") < own_page.index("2024-01-02") < own_page.index("Late text.")
