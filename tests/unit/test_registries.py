"""Python-Markdown's registries read in order once per conversion (``rendering/registries.py``):
the view answers as the registry does, the inline pass gets the patterns in order, and a
page converts to the same HTML with and without it."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from markdown.util import Registry

from mkdocs_minutes.plugin.extensions import required_extensions
from mkdocs_minutes.rendering import extension, registries
from mkdocs_minutes.rendering.registries import OrderedView, install

REPO = Path(__file__).resolve().parents[2]
DEMO_NOTE = REPO / "docs" / "meetings" / "2019-03-21.md"

HACKMD_LINES = """\
# Team meeting 2019-03-21

## Roll call
- Erik Sundell / Sundell Open Source / @consideRatio
- Chris Holdgraf / UC Berkeley / @choldgraf

## 60 second updates
* Erik: worked on [#123](https://github.com/jupyterhub/binderhub/pull/123), *nice*
  - nested by two spaces, with `code` and :tada:
    - deeper, with <https://example.org> and a bare https://example.org/x
* Chris: pass

## Agenda
1. OVH federation [Tim - 5 mins]
   > quoted
   - [ ] Tim: write it up
   - [x] done ~~struck~~
"""


IDLE_ON_A_PLAIN_PAGE = {
    "AdmonitionProcessor",
    "DetailsProcessor",
    "TabbedProcessor",
    "TableProcessor",
}


def _registry(*names: str) -> Registry[str]:
    registry: Registry[str] = Registry()
    for priority, name in enumerate(names):
        registry.register(name.upper(), name, priority)
    return registry


def test_the_view_answers_as_the_registry() -> None:
    registry = _registry("low", "mid", "high")
    view = OrderedView(registry)
    assert list(view) == list(registry) == ["HIGH", "MID", "LOW"]
    assert len(view) == 3 and "mid" in view and "other" not in view
    assert view["mid"] == "MID" and view[0] == "HIGH"
    assert view.get_index_for_name("low") == 2


def test_registering_through_the_view_reads_the_order_again() -> None:
    view = OrderedView(_registry("low", "high"))
    view.register("TOP", "top", 10)
    assert list(view) == ["TOP", "HIGH", "LOW"]
    view.deregister("high")
    assert list(view) == ["TOP", "LOW"] == list(view.registry)


def site_markdown() -> markdown.Markdown:
    extensions = required_extensions("sanitize")
    return markdown.Markdown(extensions=list(extensions), extension_configs=extensions)


def test_a_conversion_reads_the_order_once_and_afresh_each_time() -> None:
    md = site_markdown()
    registry = md.parser.blockprocessors
    md.convert(HACKMD_LINES)
    view = md.parser.blockprocessors
    assert isinstance(view, OrderedView) and view.registry is registry
    # The page has no admonition, details, tabs or table: those processors sit out.
    assert list(view) == [
        item for item in registry if type(item).__name__ not in IDLE_ON_A_PLAIN_PAGE
    ]
    assert len(view) == len(registry) - len(IDLE_ON_A_PLAIN_PAGE)
    inline = md.treeprocessors["inline"]
    assert inline.inlinePatterns == tuple(md.inlinePatterns)
    md.reset().convert(HACKMD_LINES)
    again = md.parser.blockprocessors
    assert isinstance(again, OrderedView) and again is not view and again.registry is registry


def test_installing_twice_never_wraps_a_view() -> None:
    md = site_markdown()
    install(md)
    install(md)
    assert isinstance(md.parser.blockprocessors, OrderedView)
    assert isinstance(md.parser.blockprocessors.registry, Registry)


@pytest.mark.parametrize("text", [HACKMD_LINES, DEMO_NOTE.read_text(encoding="utf-8")])
def test_the_html_is_the_same_without_the_ordered_registries(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ordered = site_markdown().convert(text)
    monkeypatch.setattr(extension, "install_ordered_registries", lambda md, document=None: None)
    md = site_markdown()
    plain = md.convert(text)
    assert isinstance(md.parser.blockprocessors, Registry), "the registries stayed as they were"
    assert ordered == plain
    assert "<li>" in plain and "<a href=" in plain


GATED_PAGES = {
    "plain": HACKMD_LINES,
    "admonition": "!!! note\n    inside\n\n    still inside\n\nafter",
    "admonition continued after a list": '!!! note "T"\n    - a\n    - b\n\n        more of b\n',
    "details": "???+ note\n    hidden\n\n    still hidden\n",
    "tabs": '=== "One"\n    first\n\n=== "Two"\n    second\n',
    "table": "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "table without borders": "a | b\n--|--\n1 | 2\n",
    "pipe in text only": "a | b but no table\n",
    "hackmd info": ":::info\nan info box\n:::\n\nafter",
    "hackmd spoiler": ":::spoiler Click\nhidden text\n:::\n",
    "hackmd warning in a list": "* item\n\n    :::warning\n    careful\n    :::\n",
    "raw details then indent": "<details>\n<summary>S</summary>\n\nbody\n</details>\n\n    indented\n",
    "mixed case raw details": "<DETAILS><summary>S</summary>x</DETAILS>\n\n    code?\n",
    "markers in code only": '```\n!!! note\n=== "x"\n| a | b |\n```\n\n    indented code\n',
}


@pytest.mark.parametrize("text", list(GATED_PAGES.values()), ids=list(GATED_PAGES))
def test_leaving_out_unusable_block_processors_changes_no_page(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    gated = site_markdown().convert(text)
    monkeypatch.setattr(registries, "BLOCK_MARKERS", {})
    md = site_markdown()
    every = md.convert(text)
    assert len(md.parser.blockprocessors) == len(md.parser.blockprocessors.registry)
    assert gated == every


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("plain words", set()),
        ("!!! note\n    x", {"AdmonitionProcessor"}),
        ("???+ note\n    x", {"DetailsProcessor"}),
        ('=== "A"\n    x', {"TabbedProcessor"}),
        ("a | b\n--|--", {"TableProcessor"}),
        ('<div class="admonition" markdown>\nx\n</div>', {"AdmonitionProcessor"}),
        ("/// details | T\nx\n///", IDLE_ON_A_PLAIN_PAGE),
        (":::danger\nx\n:::", {"AdmonitionProcessor"}),
        (":::spoiler S\nx\n:::", {"DetailsProcessor"}),
    ],
)
def test_a_page_keeps_the_block_processors_its_markers_call_for(text: str, kept: set[str]) -> None:
    md = site_markdown()
    md.convert(text)
    names = {type(item).__name__ for item in md.parser.blockprocessors}
    assert names & IDLE_ON_A_PLAIN_PAGE == kept


@pytest.mark.parametrize(
    "text",
    [
        '<details markdown="1">\n<summary>S</summary>\n\nbody\n</details>\n\n    more\n',
        '<div class="admonition note" markdown="1">\n<p class="admonition-title">N</p>\n\n'
        "body\n</div>\n\n    more\n",
    ],
    ids=["details", "admonition"],
)
def test_a_container_from_raw_html_is_continued_as_before(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``md_in_html`` makes the element from raw HTML, which the preprocessors stash: the
    page as written keeps the processor that continues it (the indented block joins it)."""
    extensions = {**required_extensions("keep"), "md_in_html": {}}

    def convert() -> str:
        return markdown.Markdown(extensions=list(extensions), extension_configs=extensions).convert(
            text
        )

    gated = convert()
    assert "<p>more</p>\n</" in gated
    monkeypatch.setattr(registries, "BLOCK_MARKERS", {})
    assert convert() == gated
