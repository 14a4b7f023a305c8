"""Pages as Markdown with HTML fragments (``pages/fragments.py``).

The first table renders page Markdown the way MkDocs would (the plugin's extensions plus
common site ones), once with the fragments as raw HTML (how another generator reads the
files) and once stashed and restored (how the plugin hands them to MkDocs): the HTML must
be the same. The other tests show that a note cannot fake a fragment and that template
headings become Markdown headings.
"""

from __future__ import annotations

import re

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_minutes.pages.fragments import (
    clean_note_text,
    fragment,
    from_template,
    inline,
    restore,
    standalone,
    stash,
)
from mkdocs_minutes.pages.markup import front_matter, meta_escaped
from mkdocs_minutes.plugin.extensions import required_extensions

SITE_EXTENSIONS = ["toc", "admonition", "attr_list", "pymdownx.tasklist", "pymdownx.magiclink"]


def render(text: str) -> str:
    extensions = required_extensions("keep")
    return markdown.markdown(
        text, extensions=[*extensions, *SITE_EXTENSIONS], extension_configs=extensions
    )


LIST = '<ul><li><a href="../x/">2019-03-21</a> · Team meeting: <em>fast</em> &amp; more</li></ul>'
TABLE = '<table><tbody><tr><td style="text-align:right">2019</td></tr></tbody></table>'
HEADER = '<div class="minutes-header">\n<p><strong>Attendees (2):</strong> Ana, Ben</p>\n</div>'

PAGES = [
    # (what, page markdown)
    ("a list between headings", f"# P\n{fragment(LIST)}\n## Next\n\ntext\n"),
    ("a table as the last block", f"# P\n\nintro\n{fragment(TABLE)}"),
    ("a header block under the title", f"# P\n{fragment(HEADER)}\nThe note.\n"),
    ("three fragments", f"# P\n{fragment(LIST)}{fragment(TABLE)}{fragment(HEADER)}"),
    ("a fragment first", f"{fragment(HEADER)}\n# P\n"),
]


@pytest.mark.parametrize(("what", "text"), PAGES, ids=[p[0] for p in PAGES])
def test_stashed_fragments_render_as_raw_html(what: str, text: str) -> None:
    stashed, blocks = stash(text)
    assert blocks and all(block in (LIST, TABLE, HEADER) for block in blocks)
    # The same HTML; only the blank line Python-Markdown leaves after a raw block differs.
    assert _lines(restore(render(stashed), blocks)) == _lines(render(standalone(text)))


SVG = '<figure class="minutes-chart"><svg viewBox="0 0 10 10"><rect width="1"/></svg></figure>'
FORM = '<p><input type="checkbox" id="minutes-order" class="minutes-order"></p>'


@pytest.mark.parametrize(("what", "text"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("raw_html", ["sanitize", "keep"])
def test_the_extension_alone_renders_fragments_as_the_plugin_does(
    what: str, text: str, raw_html: str
) -> None:
    """A generator that runs only the site's ``markdown_extensions`` (Zensical, reading what
    ``minutes generate`` wrote) gets the page the plugin gives MkDocs, byte for byte: the
    minutes extension takes the fragments out and puts them back itself."""
    extensions = required_extensions(raw_html)
    names = [*extensions, *SITE_EXTENSIONS]
    stashed, blocks = stash(text)
    by_plugin = restore(
        markdown.markdown(stashed, extensions=names, extension_configs=extensions), blocks
    )
    alone = markdown.markdown(text, extensions=names, extension_configs=extensions)
    assert alone == by_plugin
    assert "\ue010" not in alone and "\ue012" not in alone


def test_the_sanitiser_never_sees_a_fragment() -> None:
    """Charts and form controls of the templates survive ``raw_html: sanitize``; the same
    HTML written by an author does not."""
    extensions = required_extensions("sanitize")
    page = f"# P\n{fragment(SVG)}{fragment(FORM)}\n{SVG}\n"
    html = markdown.markdown(page, extensions=list(extensions), extension_configs=extensions)
    assert html.count("<svg") == 1 and html.count("<input") == 1
    assert SVG in html and FORM in html


def _lines(html: str) -> str:
    return re.sub(r"\n\n+", "\n", html)


def test_a_list_longer_than_markdown_can_parse_stays_a_list() -> None:
    """Python-Markdown escapes a raw HTML line of some 70,000 characters (a person page's
    updates at 1,000 meetings); a fragment never reaches it."""
    rows = "".join(f'<li><a href="../x/">2019-03-{i:04}</a> · words</li>' for i in range(1500))
    stashed, blocks = stash(f"# P\n{fragment(f'<ul>{rows}</ul>')}")
    page = restore(render(stashed), blocks)
    assert "&lt;" not in page
    assert page.count("<li>") == 1500


def test_a_note_cannot_fake_a_fragment() -> None:
    """The markers are private-use characters that every note's text loses."""
    forged = (
        "\ue010\n<script>alert(1)</script>\n\ue011 and \ue0120\ue013"
        " and \ue014<script>alert(2)</script>\ue015"
    )
    cleaned = clean_note_text(forged)
    assert stash(cleaned) == (cleaned, [])
    assert not any("\ue000" <= char <= "\ue01f" for char in cleaned)
    page = f"# P\n{fragment(LIST)}\n{cleaned}\n"
    stashed, blocks = stash(page)
    assert blocks == [LIST]
    assert "<script>" in stashed  # still the note's text, for the sanitiser to clean


def test_template_headings_become_markdown_headings() -> None:
    rendered = (
        "<h1>Ana &amp; Ben&#x27;s *page*</h1>\n<div>one</div>\n\n"
        "  <h2>Updates</h2>\n<ul><li>x</li></ul>\n<h2>Empty</h2>\n"
    )
    assert from_template(rendered) == (
        "# Ana &amp; Ben's \\*page\\*\n"
        f"{fragment('<div>one</div>' + chr(10))}\n"
        "## Updates\n"
        f"{fragment('<ul><li>x</li></ul>')}\n"
        "## Empty\n"
    )


def test_pages_are_the_same_in_every_process() -> None:
    """Nothing random reaches a page: the same fragment is the same Markdown."""
    assert fragment(LIST) == fragment(LIST)
    assert stash(f"# P\n{fragment(LIST)}")[0] == "# P\n\n\ue0120\ue013\n"


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["title", "description", "date", "minutes_meeting"]), st.text(max_size=60)
    )
)
def test_front_matter_reads_back_as_written(data: dict[str, str]) -> None:
    """Front matter is written by hand (fast); YAML must read back every value."""
    written = front_matter(data)
    assert (yaml.safe_load(written.split("---\n", 2)[1]) or {}) == meta_escaped(data)


def test_forgetting_the_plain_texts_empties_their_caches_only() -> None:
    """A ``mkdocs build`` drops the plain copies of item texts once its pages are drawn;
    the functions answer the same afterwards."""
    from mkdocs_minutes.pages import markup

    before = markup.plain_excerpt("**OVH** [federation](https://ovh.example) back online")
    assert markup.plain.cache_info().currsize and markup.plain_excerpt.cache_info().currsize
    markup.forget_plain_texts()
    assert markup.plain.cache_info().currsize == markup.plain_excerpt.cache_info().currsize == 0
    assert markup.plain_excerpt("**OVH** [federation](https://ovh.example) back online") == before
    assert before == "OVH federation back online"


CHIP = '<a class="minutes-topic" href="../topics/federation/">Federation</a>'
INLINE_PAGES = [
    # (what, page Markdown with an inline piece, the same with a Markdown link)
    (
        "a list item",
        f"* OVH [Tim] {inline(CHIP)}\n    * nested",
        "* OVH [Tim] [Federation](../topics/federation/){.minutes-topic}\n    * nested",
    ),
    (
        "a heading",
        f"### OVH *now* {inline(CHIP)} {inline(CHIP)}\n\ntext",
        "### OVH *now* [Federation](../topics/federation/){.minutes-topic} "
        "[Federation](../topics/federation/){.minutes-topic}\n\ntext",
    ),
    (
        "a paragraph with tabs",
        f"Plan:\tfirst {inline(CHIP)}",
        "Plan:\tfirst [Federation](../topics/federation/){.minutes-topic}",
    ),
    (
        "a table cell",
        f"| a | b |\n|---|---|\n| 1 | {inline(CHIP)} |",
        "| a | b |\n|---|---|\n| 1 | [Federation](../topics/federation/){.minutes-topic} |",
    ),
]


@pytest.mark.parametrize(
    ("what", "text", "as_link"), INLINE_PAGES, ids=[p[0] for p in INLINE_PAGES]
)
@pytest.mark.parametrize("raw_html", ["sanitize", "keep"])
def test_an_inline_piece_renders_as_the_markdown_link_it_stands_for(
    what: str, text: str, as_link: str, raw_html: str
) -> None:
    """The HTML a page builder made for a link reaches the page as Python-Markdown would
    have written the link, the table of contents included, and the raw-HTML sanitiser
    never sees it."""
    extensions = required_extensions(raw_html)
    names = [*extensions, *SITE_EXTENSIONS]
    md = markdown.Markdown(extensions=names, extension_configs=extensions)
    html = md.convert(text)
    toc = md.toc_tokens
    md = markdown.Markdown(extensions=names, extension_configs=extensions)
    assert html == md.convert(as_link)
    assert toc == md.toc_tokens
    assert CHIP in html and "\ue014" not in html and "\x02" not in html


def test_a_generator_without_the_extension_reads_an_inline_piece_as_raw_html() -> None:
    page = f"# P\n\n* OVH {inline(CHIP)}\n{fragment(LIST)}"
    alone = standalone(page)
    assert f"* OVH {CHIP}\n" in alone
    assert not any("\ue000" <= char <= "\ue01f" for char in alone)
