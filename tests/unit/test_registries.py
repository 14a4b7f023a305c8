"""Python-Markdown's registries read in order once per conversion (``rendering/registries.py``):
the view answers as the registry does, the inline pass gets the patterns in order, and a
page converts to the same HTML with and without it."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from markdown.util import Registry

from mkdocs_minutes.plugin.extensions import required_extensions
from mkdocs_minutes.rendering import extension
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
    assert list(view) == list(registry)
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
    monkeypatch.setattr(extension, "install_ordered_registries", lambda md: None)
    md = site_markdown()
    plain = md.convert(text)
    assert isinstance(md.parser.blockprocessors, Registry), "the registries stayed as they were"
    assert ordered == plain
    assert "<li>" in plain and "<a href=" in plain
