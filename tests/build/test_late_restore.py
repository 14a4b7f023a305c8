"""A parked page gets its HTML back after Material's search plugin (``rendered.py``).

Material's search plugin removes ``data-search-*`` attributes from every page's HTML in
``on_page_context`` with a regex that tries every character. When it is the only other
handler of that event, the plugin gives its parked pages their HTML back after it and
removes those attributes itself, only from a page that has any: real ``mkdocs build``
runs publish the same pages either way, attributes removed.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_minutes.plugin import rendered
from tests.conftest import write_site

NOTES = {
    f"community/2024-01-{day:02}.md": (
        f"# Community call 2024-01-{day:02}\n\n## Attendees\n\n* Ana Lima / Org / @ana\n\n"
        f"## Agenda\n\n### Release {day} [Ana - 5 mins]\n"
        '{ data-search-exclude="yes" }\n\n- point\n  - nested\n'
    )
    for day in range(1, 8)
}


def _build(root: Path) -> dict[str, bytes]:
    config = load_config(str(write_site(root, NOTES)))
    build(config)
    site = Path(config.site_dir)
    return {
        str(path.relative_to(site)): path.read_bytes()
        for path in sorted(site.rglob("*.html"))
        if "pagefind" not in path.parts
    }


def test_pages_given_back_after_material_search_are_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[bool] = []
    decide = rendered.material_search_only

    def spy(config: object, own: object) -> bool:
        calls.append(decide(config, own))  # type: ignore[arg-type]
        return calls[-1]

    monkeypatch.setattr("mkdocs_minutes.plugin.material_search_only", spy)
    late = _build(tmp_path / "late")
    assert calls == [True], "Material's search is the only other handler"
    monkeypatch.setattr("mkdocs_minutes.plugin.material_search_only", lambda *args: False)
    first = _build(tmp_path / "first")
    assert late.keys() == first.keys()
    assert [name for name in late if late[name] != first[name]] == []
    page = late["meetings/community/2024-01-03/index.html"].decode()
    assert "Release 3" in page and "data-search-" not in page


def _config(*plugins: object) -> SimpleNamespace:
    handlers = [plugin.on_page_context for plugin in plugins]
    return SimpleNamespace(plugins=SimpleNamespace(events={"page_context": handlers}))


def test_only_an_enabled_material_search_lets_pages_wait() -> None:
    from material.plugins.search.plugin import SearchPlugin

    class Own:
        def on_page_context(self, context: object, **kwargs: object) -> None:
            return None

    own = Own()
    search = SearchPlugin()
    search.load_config({})
    assert rendered.material_search_only(_config(own, search), own)  # type: ignore[arg-type]

    assert not rendered.material_search_only(_config(search, Own()), own)  # type: ignore[arg-type]
    assert not rendered.material_search_only(_config(), own)  # type: ignore[arg-type]
    disabled = SearchPlugin()
    disabled.load_config({"enabled": False})
    assert not rendered.material_search_only(_config(disabled), own)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "html",
    [
        "<p>plain</p>",
        '<h3 id="a" data-search-exclude="yes">A</h3>',
        '<div\ndata-search-boost="2" class="x">B</div><p data-search-exclude="1">C</p>',
    ],
)
def test_the_attributes_go_as_material_removes_them(html: str) -> None:
    assert rendered.without_search_attributes(html) == _as_material(html)


def _as_material(html: str) -> str:
    """Material's search plugin's own pattern (``on_page_context``)."""
    return re.sub(r"\s?data-search-\w+=\"[^\"]+\"", "", html)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                " ",
                "\n",
                "\u00a0",
                "  ",
                '"',
                "=",
                "x",
                "<p",
                ">",
                "data-search-",
                "exclude",
                'data-search-exclude="1"',
                'data-search-boost=""',
                'data-search-a="b c"',
            ]
        ),
        max_size=12,
    )
)
def test_any_page_loses_what_materials_pattern_removes(parts: list[str]) -> None:
    html = "".join(parts)
    assert rendered.without_search_attributes(html) == _as_material(html)
