"""The plugin's raw HTML blocks skip Python-Markdown and come back byte for byte.

Every row renders a page the way MkDocs would (the plugin's extensions plus the site's),
once as written and once with its blocks stashed and restored: the HTML must be the same,
and the rows say which lines are taken out and which must stay in the Markdown.
"""

from __future__ import annotations

import markdown
import pytest

from mkdocs_minutes.pages import html as h
from mkdocs_minutes.rendering import required_extensions
from mkdocs_minutes.rendering.passthrough import restore_blocks, stash_blocks
from mkdocs_minutes.rendering.trust import TRUST_TOKEN, trusted

SITE_EXTENSIONS = ["toc", "admonition", "attr_list", "pymdownx.tasklist", "pymdownx.magiclink"]


def render(text: str) -> str:
    extensions = required_extensions("sanitize")
    return markdown.markdown(
        text, extensions=[*extensions, *SITE_EXTENSIONS], extension_configs=extensions
    )


LIST = h.ul(['<a href="../x/">2019-03-21</a> · Team meeting: <em>fast</em> &amp; more'])
TABLE = h.table(("Date", "Meeting"), [("2019-03-21", "Team &lt;meeting&gt;")], numeric=(0,))
QUOTES = h.quotes(h.ul(["one", "two"]))
LINK = trusted('<a href="x/">x</a>')
OPEN_DIV = trusted("<div>")

PAGES = [
    # (what, markdown, blocks taken out)
    ("a list between headings", f"# P\n\n## Updates\n\n{LIST}\n\n## Next\n\ntext", 1),
    ("a table as the last line", f"# P\n\nintro\n\n{TABLE}", 1),
    ("a table then a trailing newline", f"# P\n\n{TABLE}\n", 1),
    ("quotes as the first line", f"{QUOTES}\n\n# P", 1),
    ("three blocks", f"# P\n\n{LIST}\n\n{TABLE}\n\n{QUOTES}\n", 3),
    ("a block right under a paragraph stays", f"# P\nintro\n{LIST}\n\nend", 0),
    ("a block right above a paragraph stays", f"# P\n\n{LIST}\nend", 0),
    ("an inline tag line stays", f"# P\n\n{LINK}\n", 0),
    ("an indented block stays", f"!!! note\n\n    {LIST}\n", 0),
    ("a block not closed on its line stays", f"# P\n\n{OPEN_DIV}\n\nx\n\n</div>\n", 0),
    ("an author's block without the token stays", "# P\n\n<ul><li>a</li></ul>\n", 0),
    (
        "a forged token stays",
        '# P\n\n<ul data-minutes-trust="0000"><li>a</li></ul>\n',
        0,
    ),
]


@pytest.mark.parametrize(("what", "text", "count"), PAGES, ids=[p[0] for p in PAGES])
def test_stashed_blocks_render_identically(what: str, text: str, count: int) -> None:
    stashed, blocks = stash_blocks(text)
    assert len(blocks) == count
    assert all(TRUST_TOKEN not in block for block in blocks)
    assert restore_blocks(render(stashed), blocks) == render(text)


def test_a_list_longer_than_markdown_can_parse_is_html() -> None:
    """Python-Markdown escapes a raw HTML line of some 70,000 characters (a person page's
    updates at 1,000 meetings); passed through, it stays a list."""
    rows = [f'<a href="../x/">2019-03-{i:04}</a> · Team meeting: words words' for i in range(1500)]
    block = h.quotes(h.ul(rows))
    stashed, blocks = stash_blocks(f"# P\n\n{block}\n")
    page = restore_blocks(render(stashed), blocks)
    assert "&lt;" not in page
    assert page.count("<li>") == 1500


def test_a_note_cannot_write_a_placeholder() -> None:
    """The placeholder word carries the process's token: a note cannot guess it."""
    stashed, blocks = stash_blocks(f"# P\n\n{LIST}\n")
    word = stashed.split("\n")[2]
    assert TRUST_TOKEN in word
    forged = render("minutesblock0000x0")
    assert restore_blocks(forged, blocks) == forged


def test_without_token_nothing_is_copied() -> None:
    text = "# P\n\n<ul><li>a</li></ul>\n"
    assert stash_blocks(text) == (text, [])
    assert restore_blocks("<p>x</p>", []) == "<p>x</p>"
