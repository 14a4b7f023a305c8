"""The coverage audit (``mkdocs_minutes.audit``): what counts as text, and what it reports.

The first table says which words of a source line a reader must find on the page; the
second checks findings: a line whose words are missing is reported on its own line, and a
run of lost lines is one finding.
"""

from __future__ import annotations

import pytest

from mkdocs_minutes.audit import lost_text, text_lines, words
from mkdocs_minutes.model import ParsedNote
from mkdocs_minutes.notes import parse_note

# (source lines, the words the audit expects on the page for them)
TEXT_LINES = [
    ("* Erik: deployed the OVH cluster", ["erik", "deployed", "the", "ovh", "cluster"]),
    ("Ana & Ben \\_underscores\\_ **bold**", ["ana", "ben", "underscores", "bold"]),
    ("[the plan](https://example.org/plan.md) is ready", ["the", "plan", "is", "ready"]),
    ('![diagram](img/d.png "Big picture")', ["diagram", "big", "picture"]),
    ("see https://github.com/o/r/issues/12", ["see", "https", "github", "com", "issues", "12"]),
    ("<https://jupyter.org/about>", ["https", "jupyter", "org", "about"]),
    ("<!-- a hidden comment --> visible", ["visible"]),
    ("<details><summary>More</summary>", ["more"]),
    ("<img src=x onerror=alert(1)> after", ["after"]),
    ("<script>alert('x')</script> shown", ["shown"]),
    ("We shipped :tada: :rocket:", ["we", "shipped"]),
    ("A heading {: #custom .wide }", ["heading"]),
    ("[deck]: https://example.org/deck.pdf", []),
    ("[TOC]", []),
    ("&amp; &lt;tag&gt; caf&eacute;", ["tag", "café"]),
    ("`<!-- in code -->` stays", ["in", "code", "stays"]),
    ("- [x] Done it", ["done", "it"]),
    ("---", []),
]


@pytest.mark.parametrize(("line", "expected"), TEXT_LINES, ids=[row[0][:40] for row in TEXT_LINES])
def test_what_is_text(line: str, expected: list[str]) -> None:
    note = ParsedNote(path="n.md", text=line + "\n")
    found = [w for _, found in text_lines(note) for w in found]
    assert sorted(found) == sorted(expected)


def _lines(text: str) -> list[int]:
    note = parse_note("2024-01-02.md", text.encode())
    return [number for number, _ in text_lines(note)]


def test_front_matter_comments_and_fences() -> None:
    text = (
        "---\ntitle: Secret title\ntags: [a]\n---\n"  # 1-4: front matter
        "# Visible\n"  # 5
        "<!-- a comment\nover two lines -->\n"  # 6-7
        "```\n## not a heading <!-- shown in code\n```\n"  # 8-10
        "<style>\n.x { color: red }\n</style>\n"  # 11-13
        "after\n"  # 14
    )
    assert _lines(text) == [5, 9, 14]


def test_lost_lines_are_reported_where_they_are() -> None:
    text = "# Meeting\n\nkept words\n\ndropped alpha\n\ndropped beta\nkept words\nlost gamma\n"
    note = ParsedNote(path="cafe/2024.md", text=text)
    published = [words("<h1>Meeting</h1><p>kept words</p>")]
    findings = lost_text(note, published)
    assert [(f.code, f.path, f.line) for f in findings] == [
        ("lost-text", "cafe/2024.md", 5),
        ("lost-text", "cafe/2024.md", 9),
    ]
    assert "lines 5-7" in findings[0].message and "dropped, alpha, beta" in findings[0].message
    assert "line 9 " in findings[1].message and "lost, gamma" in findings[1].message


def test_published_html_is_read_with_its_links_and_entities() -> None:
    html = '<p><a href="https://github.com/o/r/pull/3">o/r#3</a> caf&eacute; &amp; co</p>'
    text = "https://github.com/o/r/pull/3 café & co\n"
    assert lost_text(ParsedNote(path="n.md", text=text), [words(html)]) == []
    assert lost_text(ParsedNote(path="n.md", text="Zürich\n"), [words("<p>Zurich</p>")]) != []
