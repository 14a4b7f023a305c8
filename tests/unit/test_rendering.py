"""Rendering notes: HackMD list shapes, containers, escapes, anchors, sanitising, corpus.

Each table row is a real-world shape (made-up content, as in FORMATS.md) rendered with the
full extension set the plugin adds, asserted on the HTML.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from mkdocs_minutes.plugin.extensions import required_extensions
from mkdocs_minutes.rendering import (
    EXTENSION_NAME,
    anchor_marker,
    insert_anchor_marker,
    normalise_hackmd,
)
from mkdocs_minutes.rendering.sanitize import is_unsafe_url, sanitize_tag

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
CORPUS_NOTES = sorted((SHARED / "corpus").rglob("*.md")) + sorted((SHARED / "seed").glob("2*.md"))
# Without ../shared one placeholder row stands for the corpus, so that the test is reported
# as skipped for that reason (or fails under CI) rather than as an empty parameter set.
CORPUS_PARAMS = [pytest.param(path, id=str(path.relative_to(SHARED))) for path in CORPUS_NOTES] or [
    pytest.param(None, id="shared-corpus-missing")
]


def render(text: str, raw_html: str = "sanitize", *extra: str) -> str:
    """Render as a site with only ``plugins: [minutes]`` would (plus ``extra`` extensions a
    site may configure itself, such as ``md_in_html``)."""
    extensions = required_extensions(raw_html)
    names = [*extensions, *extra]
    return markdown.markdown(text, extensions=names, extension_configs=extensions)


def compact(html: str) -> str:
    """HTML with line breaks between tags removed and whitespace runs collapsed."""
    return re.sub(r"\s+", " ", re.sub(r">\s*\n\s*<", "><", html.strip()))


def strip_front_matter(text: str) -> str:
    """What MkDocs hands Python-Markdown: the note without its YAML front matter."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            return text[text.find("\n", end + 1) + 1 :]
    return text


UL, OL = "<ul>", "<ol>"

LIST_SHAPES = [
    (
        "two-space nesting, three levels (HackMD)",
        "- a\n  - b\n    - c\n- d",
        "<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li><li>d</li></ul>",
    ),
    (
        "four-space nesting (already Python-Markdown's)",
        "* a\n    * b\n        * c",
        "<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li></ul>",
    ),
    (
        "three spaces under 1.",
        "1. a\n   1. b\n   2. c\n2. d",
        "<ol><li>a<ol><li>b</li><li>c</li></ol></li><li>d</li></ol>",
    ),
    (
        "bullets three spaces under 1.",
        "1. a\n   - b\n   - c\n2. d",
        "<ol><li>a<ul><li>b</li><li>c</li></ul></li><li>d</li></ol>",
    ),
    (
        "numbered three deep at 0/3/6",
        "1. a\n   1. b\n      1. c\n2. d",
        "<ol><li>a<ol><li>b<ol><li>c</li></ol></li></ol></li><li>d</li></ol>",
    ),
    (
        "mixed steps 2 then 4",
        "- a\n  - b\n      - c\n  - d",
        "<ul><li>a<ul><li>b<ul><li>c</li></ul></li><li>d</li></ul></li></ul>",
    ),
    (
        "mixed steps 3 then 4",
        "1. a\n   - b\n       - c",
        "<ol><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li></ol>",
    ),
    (
        "mixed steps 4 then 2",
        "- a\n    - b\n      - c",
        "<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li></ul>",
    ),
    (
        "three spaces after the marker",
        "-   a\n-   b\n    -   c",
        "<ul><li>a</li><li>b<ul><li>c</li></ul></li></ul>",
    ),
    (
        "list right after a paragraph line",
        "Attendees:\n- Ana\n- Ben",
        "<p>Attendees:</p><ul><li>Ana</li><li>Ben</li></ul>",
    ),
    (
        "list right after a bold heading-ish line",
        "**Decisions made**\n* one\n* two",
        "<p><strong>Decisions made</strong></p><ul><li>one</li><li>two</li></ul>",
    ),
    (
        "numbered list right after a paragraph line",
        "Agenda:\n1. one\n2. two",
        "<p>Agenda:</p><ol><li>one</li><li>two</li></ol>",
    ),
    (
        "a wrapped line starting with a number is not a list",
        "Founded in\n2019. Then more",
        "<p>Founded in 2019. Then more</p>",
    ),
    (
        "continuation lines move with their item",
        "- a\n  more a\n  - b\n    more b",
        "<ul><li>a more a<ul><li>b more b</li></ul></li></ul>",
    ),
    ("lazy continuation line", "- a\nlazy\n- b", "<ul><li>a lazy</li><li>b</li></ul>"),
    (
        "bullet indented far past its parent nests",
        "* a\n        * b",
        "<ul><li>a<ul><li>b</li></ul></li></ul>",
    ),
    ("tab-indented child", "- a\n\t- b", "<ul><li>a<ul><li>b</li></ul></li></ul>"),
    ("1) markers", "1) a\n2) b", "<ol><li>a</li><li>b</li></ol>"),
    (
        "mixed * and - bullets",
        "* a\n  - b\n* c",
        "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>",
    ),
    (
        "paragraph then child list inside an item",
        "- a\n\n  more a\n  - child\n- b",
        "<ul><li><p>a</p><p>more a</p><ul><li>child</li></ul></li><li><p>b</p></li></ul>",
    ),
    (
        "empty placeholder bullets",
        "- a\n    -\n    -\n- b",
        "<ul><li>a<ul><li>&nbsp;</li><li>&nbsp;</li></ul></li><li>b</li></ul>",
    ),
    (
        "line after an empty placeholder bullet follows the list",
        "- a\n-\nnext",
        "<ul><li>a</li><li>&nbsp;</li></ul><p>next</p>",
    ),
    (
        "line after a nested empty bullet follows the list",
        "- a\n  -\nnext",
        "<ul><li>a<ul><li>&nbsp;</li></ul></li></ul><p>next</p>",
    ),
    (
        "fenced code inside a two-space item",
        "- a\n  ```\n  code\n  ```\n- b",
        '<ul><li><p>a</p><div class="highlight"><pre><span></span><code>code </code></pre>'
        "</div></li><li><p>b</p></li></ul>",
    ),
    (
        "two-space list inside a blockquote",
        "> - a\n>   - b",
        "<blockquote><ul><li>a<ul><li>b</li></ul></li></ul></blockquote>",
    ),
]


@pytest.mark.parametrize(
    ("source", "expected"), [row[1:] for row in LIST_SHAPES], ids=[row[0] for row in LIST_SHAPES]
)
def test_lists_nest_as_hackmd_shows_them(source: str, expected: str) -> None:
    assert compact(render(source)) == expected


def test_task_list_nested_by_two_spaces_keeps_checkboxes() -> None:
    html = render("- [ ] a\n  - [x] b")
    assert html.count('type="checkbox"') == 2
    assert compact(html).count("<ul") == 2
    assert "checked" in html.split("a<ul")[1]


def test_fenced_code_is_left_as_written() -> None:
    source = "```\n- a\n  - b\n:::spoiler\n\\@x\n```"
    html = render(source)
    assert "- a\n  - b\n:::spoiler\n\\@x\n" in html
    assert "<li>" not in html and "<details" not in html
    assert normalise_hackmd(source) == source


def test_list_ends_before_a_heading() -> None:
    html = compact(render("- a\n## Next"))
    assert html.startswith("<ul><li>a</li></ul><h2 ")


CONTAINERS = [
    (
        "spoiler with a title",
        ":::spoiler Click to show\n- a\n  - b\n\n**bold**\n:::\nafter",
        [
            '<details class="spoiler"><summary>Click to show</summary>',
            "<ul><li>a<ul><li>b</li></ul></li></ul><p><strong>bold</strong></p></details>",
            "<p>after</p>",
        ],
    ),
    (
        "spoiler without a title",
        ":::spoiler\nhidden\n:::",
        ['<details class="spoiler"><summary>Details</summary><p>hidden</p></details>'],
    ),
    (
        "spoiler open by default",
        ':::spoiler {state="open"} Notes\nbody\n:::',
        ['<details class="spoiler" open="open"><summary>Notes</summary><p>body</p>'],
    ),
    (
        "spoiler left open at the end of the note",
        ":::spoiler Unclosed\nbody",
        ['<details class="spoiler"><summary>Unclosed</summary><p>body</p></details>'],
    ),
    ("info box", ":::info\nHello *x*\n:::", ['<div class="admonition info"><p>Hello <em>x</em>']),
    ("warning box", ":::warning\nCareful\n:::", ['<div class="admonition warning">']),
    ("success box", ":::success\nDone\n:::", ['<div class="admonition success">']),
    ("danger box", ":::danger\nStop\n:::", ['<div class="admonition danger">']),
    (
        "spoiler inside an info box (longer outer fence)",
        "::::info\n:::spoiler Inner\ntext\n:::\n::::",
        [
            '<div class="admonition info"><details class="spoiler"><summary>Inner</summary>'
            "<p>text</p></details></div>"
        ],
    ),
    (
        "spoiler inside a list item",
        "- item\n  :::spoiler More\n  - hidden\n    - deeper\n  :::\n- next",
        [
            '<li><p>item</p><details class="spoiler"><summary>More</summary>'
            "<ul><li>hidden<ul><li>deeper</li></ul></li></ul></details></li>",
            "<li><p>next</p></li>",
        ],
    ),
    (
        "spoiler indented by two spaces",
        "  :::spoiler More\n  - a\n    - b\n  :::\nafter",
        [
            '<details class="spoiler"><summary>More</summary>'
            "<ul><li>a<ul><li>b</li></ul></li></ul></details>",
            "<p>after</p>",
        ],
    ),
    (
        "info box indented by three spaces",
        "   :::info\n   Hello\n   :::",
        ['<div class="admonition info"><p>Hello</p></div>'],
    ),
    (
        "a directive of another tool stays text",
        ":::{listing}\n:path: x\n:::",
        ["<p>:::{listing} :path: x :::</p>"],
    ),
]


@pytest.mark.parametrize(
    ("source", "expected"), [row[1:] for row in CONTAINERS], ids=[row[0] for row in CONTAINERS]
)
def test_hackmd_containers(source: str, expected: list[str]) -> None:
    html = compact(render(source))
    for fragment in expected:
        assert fragment in html


ESCAPES = [
    ("escaped at-sign before a handle", r"Ana / \@ana-b / Org", "<p>Ana / @ana-b / Org</p>"),
    ("escaped brackets around initials", r"\[CH\] reviewed", "<p>[CH] reviewed</p>"),
    ("escaped underscores in a URL", r"issue\_comment\_1", "<p>issue_comment_1</p>"),
    ("escaped ampersand", r"Q \& A", "<p>Q &amp; A</p>"),
    ("escaped angle brackets", r"zoomed to \<bbox\>", "<p>zoomed to &lt;bbox&gt;</p>"),
    ("escapes inside code stay", r"`\@x`", r"<p><code>\@x</code></p>"),
    (
        "placeholder in angle brackets",
        "**<TODO: Link!>**",
        "<p><strong>&lt;TODO: Link!&gt;</strong></p>",
    ),
    (
        "unknown tag typed as text",
        "pin jupytergis==<version>",
        "<p>pin jupytergis==&lt;version&gt;</p>",
    ),
    (
        "HackMD name and time tags",
        "* [name=Dan] [time=5 minutes] topic",
        '<ul><li><span class="minutes-tag minutes-tag-name">[name=Dan]</span> '
        '<span class="minutes-tag minutes-tag-time">[time=5 minutes]</span> topic</li></ul>',
    ),
    (
        "bare URL is linked, trailing dot left out",
        "see https://github.com/o/r/issues/1.",
        '<p>see <a href="https://github.com/o/r/issues/1">https://github.com/o/r/issues/1</a>.</p>',
    ),
    (
        "URL in a Markdown link is not linked twice",
        "[https://x.org](https://x.org)",
        '<p><a href="https://x.org">https://x.org</a></p>',
    ),
    (
        "URL as the text of raw HTML link is not linked twice",
        '<a href="https://x.org">https://x.org</a>',
        '<p><a href="https://x.org">https://x.org</a></p>',
    ),
    (
        "bold bare URL",
        "**https://x.org**",
        '<p><strong><a href="https://x.org">https://x.org</a></strong></p>',
    ),
    (
        "inline code of three backticks after a quote continues it",
        "> quote\n```a` b```",
        "<blockquote><p>quote <code>a` b</code></p></blockquote>",
    ),
    (
        "blockquote banner before the H1",
        "> :pray: **Note** this\n>\n> more\n# Sync (2025-01-14)",
        '<blockquote><p><img alt="🙏"',
    ),
]


@pytest.mark.parametrize(
    ("source", "expected"), [row[1:] for row in ESCAPES], ids=[row[0] for row in ESCAPES]
)
def test_escapes_and_inline_shapes(source: str, expected: str) -> None:
    assert expected in compact(render(source))


def test_banner_before_h1_keeps_the_heading_out_of_the_quote() -> None:
    html = compact(render("> banner\n# Title\n\ntext"))
    assert html.startswith('<blockquote><p>banner</p></blockquote><h1 id="title">')


def test_emoji_shortcode_renders_as_twemoji() -> None:
    html = render("Welcome :tada:")
    assert 'class="twemoji"' in html
    assert ":tada:" not in html.replace('title=":tada:"', "")


M = anchor_marker("x")

MARKER_LINES = [
    ("bullet", "* Ana: update", f"* {M}Ana: update"),
    ("dash bullet, three spaces", "-   Ana", f"-   {M}Ana"),
    ("nested bullet", "    - child", f"    - {M}child"),
    ("numbered item", "1. Item", f"1. {M}Item"),
    ("task item", "- [ ] do it", f"- {M}[ ] do it"),
    ("empty bullet", "-", f"- {M}"),
    ("heading", "### 5.3 Projects", f"### {M}5.3 Projects"),
    ("heading without a space", "##Topic", f"## {M}Topic"),
    ("paragraph line", "  Facilitator: Ana", f"  {M}Facilitator: Ana"),
]


@pytest.mark.parametrize(
    ("line", "expected"), [row[1:] for row in MARKER_LINES], ids=[row[0] for row in MARKER_LINES]
)
def test_insert_anchor_marker(line: str, expected: str) -> None:
    assert insert_anchor_marker(line, "x") == expected


@pytest.mark.parametrize("anchor", ["", "two words", "a\ue001b"])
def test_anchor_marker_rejects_unusable_ids(anchor: str) -> None:
    with pytest.raises(ValueError):
        anchor_marker(anchor)


def _marked(line: str, anchor: str) -> str:
    return insert_anchor_marker(line, anchor)


ANCHORS = [
    ("bullet", _marked("* Ana: update", "update-ana"), '<li id="update-ana">Ana: update</li>'),
    (
        "task list item keeps its checkbox",
        _marked("- [ ] Send the invite", "send-the-invite"),
        '<li class="task-list-item" id="send-the-invite"><label class="task-list-control">'
        '<input type="checkbox" disabled/>',
    ),
    (
        "checked task item",
        _marked("- [x] Done thing", "done-thing"),
        '<li class="task-list-item" id="done-thing"><label class="task-list-control">'
        '<input type="checkbox" disabled checked/>',
    ),
    (
        "nested two-space item",
        "- Agenda\n  " + _marked("- Federation [Tim, 10min]", "federation"),
        '<ul><li>Agenda<ul><li id="federation">Federation [Tim, 10min]</li></ul></li></ul>',
    ),
    (
        "item in a loose list",
        _marked("- First", "first") + "\n\n- Second",
        '<li id="first"><p>First</p></li>',
    ),
    (
        "numbered item",
        _marked("1. Metrics", "metrics"),
        '<ol><li id="metrics">Metrics</li></ol>',
    ),
    (
        "heading: toc keeps the id and links to it",
        _marked("## Team Metrics", "team-metrics"),
        '<h2 id="team-metrics">Team Metrics<a class="headerlink" href="#team-metrics"',
    ),
    (
        "item with emoji and a link",
        _marked("* :tada: [Leticia](https://github.com/leportella) wrote", "leticia"),
        '<li id="leticia"><img alt="🎉"',
    ),
    ("paragraph line", _marked("Facilitator: Ana", "facilitator"), '<p id="facilitator">'),
]


@pytest.mark.parametrize(
    ("source", "expected"), [row[1:] for row in ANCHORS], ids=[row[0] for row in ANCHORS]
)
def test_anchor_markers_become_ids(source: str, expected: str) -> None:
    html = compact(render(source))
    assert expected in html
    assert "\ue000" not in html and "\ue001" not in html


def test_stray_marker_in_code_is_removed() -> None:
    html = render(f"```\n{M}code\n```")
    assert "\ue000" not in html and "code" in html


HOSTILE = [
    ("script block", "<script>alert(1)</script>", ["<script", "alert(1)"], []),
    ("inline script", "text <script>alert(1)</script> more", ["<script"], ["text"]),
    ("img onerror", "<img src=x onerror=alert(1)>", ["onerror", "alert"], ['<img src="x">']),
    (
        "anchor with javascript href",
        '<a href="javascript:alert(1)">x</a>',
        ["javascript", "href"],
        ["<a>x</a>"],
    ),
    (
        "Markdown link to javascript",
        "[x](javascript:alert(1))",
        ["javascript", "href"],
        ["<span>x</span>"],
    ),
    ("mixed case and spaces", "[x]( JaVaScRiPt:alert(1))", ["alert", "href"], ["<span>x</span>"]),
    (
        "tab entity inside the scheme",
        '<a href="java&#x09;script:alert(1)">t</a>',
        ["script:", "href"],
        ["<a>t</a>"],
    ),
    (
        "colon entity in a Markdown link",
        "[x](javascript&colon;alert(1))",
        ["href"],
        ["<span>x</span>"],
    ),
    ("vbscript link", "[x](vbscript:msgbox(1))", ["vbscript", "href"], ["<span>x</span>"]),
    (
        "data image",
        "![i](data:image/png;base64,AAAA)",
        ["data:", "src=", "<img"],
        ["<span>i</span>"],
    ),
    ("iframe", '<iframe src="https://evil.example"></iframe>', ["iframe", "evil"], []),
    ("svg onload", "<svg onload=alert(1)>", ["svg", "onload", "alert"], []),
    (
        "attr_list event handler",
        '[x](https://a.org){: onclick="alert(1)" }',
        ["onclick"],
        ['href="https://a.org"'],
    ),
    (
        "style attribute on a span",
        '<span style="position:fixed">s</span>',
        ["style"],
        ["<span>s</span>"],
    ),
    (
        "details and summary kept",
        "<details><summary>Sum</summary>body</details>",
        [],
        ["<details><summary>Sum</summary>body</details>"],
    ),
    ("kbd kept", "<kbd>Ctrl</kbd>+<kbd>C</kbd>", [], ["<kbd>Ctrl</kbd>+<kbd>C</kbd>"]),
    (
        "image with size kept",
        '<img src="a.png" width="200" alt="x">',
        [],
        ['<img src="a.png" width="200" alt="x">'],
    ),
    (
        "md_in_html block loses its handler, keeps Markdown",
        '<div markdown="1" onclick="alert(1)">**b**</div>',
        ["onclick"],
        ["<div><p><strong>b</strong></p></div>"],
    ),
    (
        "md_in_html form becomes a div",
        '<form markdown="1" action="javascript:alert(1)">*x*</form>',
        ["form", "javascript"],
        ["<div><p><em>x</em></p></div>"],
    ),
]


@pytest.mark.parametrize(
    ("source", "forbidden", "required"),
    [row[1:] for row in HOSTILE],
    ids=[row[0] for row in HOSTILE],
)
def test_hostile_html_is_defused(source: str, forbidden: list[str], required: list[str]) -> None:
    # md_in_html is not among the plugin's extensions, but many sites enable it.
    html = compact(render(source, "sanitize", "md_in_html"))
    for fragment in forbidden:
        assert fragment not in html
    for fragment in required:
        assert fragment in html


def test_html_the_extensions_produce_is_not_sanitised() -> None:
    """Highlighted code, Material icons (inline SVG from the stash), tables and task
    boxes would all lose markup if they went through the raw-HTML allowlist."""
    html = render(
        '```html\n<script>alert("x")</script>\n```\n\n'
        ":material-account: icon\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [ ] task"
    )
    assert '<span class="nt">script</span>' in html
    assert "<svg" in html
    assert "<table>" in html
    assert '<input type="checkbox" disabled/>' in html


def test_keep_mode_leaves_raw_html_but_not_javascript_links() -> None:
    html = render('<span style="color:red">s</span> [x](javascript:alert(1))', raw_html="keep")
    assert '<span style="color:red">s</span>' in html
    assert "javascript" not in html


@pytest.mark.parametrize(
    ("url", "unsafe"),
    [
        ("javascript:alert(1)", True),
        (" JaVaScRiPt:alert(1)", True),
        ("java&#x09;script:alert(1)", True),
        ("java\nscript:alert(1)", True),
        ("&#106;avascript:alert(1)", True),
        ("data:text/html,<b>", True),
        ("VBScript:x", True),
        ("https://github.com/o/r/issues/1", False),
        ("/relative/javascript:not-a-scheme", False),
        ("mailto:a@b.org", False),
        ("#anchor", False),
    ],
)
def test_is_unsafe_url(url: str, unsafe: bool) -> None:
    assert is_unsafe_url(url) is unsafe


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("<kbd>", "<kbd>"),
        ("</kbd>", "</kbd>"),
        ('<a href="https://x.org" onclick="y" title="t">', '<a href="https://x.org" title="t">'),
        ("<a href='javascript:x'>", "<a>"),
        ("<script>", ""),
        ("</script>", ""),
        ("<!-- note -->", ""),
        ("<TODO: Link!>", "&lt;TODO: Link!&gt;"),
        ("<version>", "&lt;version&gt;"),
        ("<br/>", "<br>"),
    ],
)
def test_sanitize_tag(tag: str, expected: str) -> None:
    assert sanitize_tag(tag) == expected


def test_required_extensions_is_the_full_set() -> None:
    extensions = required_extensions()
    assert {
        "toc",
        "admonition",
        "attr_list",
        "tables",
        "pymdownx.details",
        "pymdownx.superfences",
        "pymdownx.tasklist",
        "pymdownx.emoji",
        "pymdownx.tilde",
        EXTENSION_NAME,
    } <= set(extensions)
    assert "pymdownx.magiclink" not in extensions
    assert extensions["toc"] == {"permalink": True}
    assert extensions["pymdownx.tasklist"] == {"custom_checkbox": True}
    assert callable(extensions["pymdownx.emoji"]["emoji_index"])
    assert callable(extensions["pymdownx.emoji"]["emoji_generator"])
    assert required_extensions("keep")[EXTENSION_NAME] == {"raw_html": "keep"}
    with pytest.raises(ValueError):
        required_extensions("strip")


def test_extension_loads_by_its_dotted_name() -> None:
    html = markdown.markdown(
        "Intro\n- a\n  - b ~~old~~",
        extensions=[EXTENSION_NAME, "pymdownx.tilde"],
    )
    assert compact(html) == "<p>Intro</p><ul><li>a<ul><li>b <del>old</del></li></ul></li></ul>"
    with pytest.raises(ValueError):
        markdown.markdown(
            "x",
            extensions=[EXTENSION_NAME],
            extension_configs={EXTENSION_NAME: {"raw_html": "nope"}},
        )


class _TextLines(HTMLParser):
    """Collects the text lines of every <p> and <li>, where a flattened bullet would show."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.lines: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "li"):
            self.open.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "li") and self.open:
            self.lines.extend(self.open.pop().split("\n"))

    def handle_data(self, data: str) -> None:
        if self.open:
            self.open[-1] += data


_NESTED_BULLET = re.compile(r"^ {2,}[-*+] \S")
_FLATTENED = re.compile(r"^\s*[-*+] \S")


def _flattened_lines(html: str) -> list[str]:
    parser = _TextLines()
    parser.feed(html)
    return [line for line in parser.lines if _FLATTENED.match(line)]


@pytest.mark.shared
def test_corpus_has_nested_bullets_to_check() -> None:
    assert len(CORPUS_NOTES) > 20
    nested = sum(
        1
        for path in CORPUS_NOTES
        for line in path.read_text(encoding="utf-8").split("\n")
        if _NESTED_BULLET.match(line)
    )
    assert nested > 500


@pytest.mark.shared
def test_plain_python_markdown_flattens_the_corpus() -> None:
    """The check below can fail: without the extension the corpus does flatten."""
    flattened = [
        line
        for path in CORPUS_NOTES
        for line in _flattened_lines(
            markdown.markdown(
                strip_front_matter(path.read_text(encoding="utf-8")), extensions=["tables"]
            )
        )
    ]
    assert len(flattened) > 20


@pytest.mark.shared
@pytest.mark.parametrize("path", CORPUS_PARAMS)
def test_corpus_notes_render_without_flattened_lists(path: Path) -> None:
    html = render(strip_front_matter(path.read_text(encoding="utf-8")))
    assert _flattened_lines(html) == []
    assert "\ue000" not in html


@pytest.mark.parametrize("step", [2, 3, 4])
def test_fifty_deep_nested_list(step: int) -> None:
    source = "\n".join(" " * (step * level) + f"- level {level}" for level in range(50))
    html = render(source)
    assert html.count("<ul>") == 50
    assert "level 49</li>" in html


LONG_LINES = [
    (
        "prose with markup",
        ("word *em* [l](https://x.org) `c` :tada: https://a.org/x " * 20000)[:1_000_000],
    ),
    ("open brackets", "[" * 1_000_000),
    ("one long bullet", "- " + "x" * 1_000_000),
    ("plain letters", "a" * 1_000_000),
]


@pytest.mark.parametrize("line", [row[1] for row in LONG_LINES], ids=[row[0] for row in LONG_LINES])
def test_one_megabyte_line_renders(line: str) -> None:
    html = render(f"# Notes\n\n{line}\n\nafter")
    assert len(html) >= 1_000_000
    assert "<p>after</p>" in html
    assert len(normalise_hackmd(line)) >= len(line.lstrip("- "))
