"""The plugin's pages' HTML parked compressed between rendering and writing: same site.

MkDocs renders every page before it fills any template; the plugin keeps its own pages'
HTML compressed in between (``ParkedHtml``), when no other plugin handles page events.
Real ``mkdocs build`` runs: while the templates are filled, the generated pages hold no
HTML, and the site written is byte for byte the site of a build that parks nothing (one
with a page event handler of its own), Material's search index included, which reads
each page's HTML in ``on_page_context``.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.conftest import write_site

NOTES = {
    f"community/2024-03-{day:02}.md": (
        f"# Community call 2024-03-{day:02}\n\n## Attendees\n\n"
        "* Ana Lima / Org / @ana\n* Ben Ode / Uni / @bode\n\n"
        f"## Quick updates\n\n* Ana: released {day} 🎉\n* Ben: reviewed {day}\n\n"
        f"## Agenda\n\n### Release {day} [Ana - 5 mins]\n\n- point {day}, see #12\n\n"
        "## Action items\n\n- [ ] Ana: write the post\n"
    )
    for day in range(1, 8)
}

ENV_HOOK = """
SEEN = {}

def on_env(env, config, files):
    for file in files.documentation_pages():
        if file.page is not None and file.page.content is not None:
            SEEN[file.src_uri] = len(file.page.content)
    (__import__("pathlib").Path(config.config_file_path).parent / "seen.txt").write_text(
        "\\n".join(f"{src} {size}" for src, size in sorted(SEEN.items()))
    )
"""

PAGE_HOOK = "def on_page_content(html, **kwargs):\n    return None\n"


def _build(root: Path, hook: str) -> tuple[Path, dict[str, int]]:
    (root / "hooks").mkdir(parents=True)
    (root / "hooks" / "site.py").write_text(ENV_HOOK + hook)
    config_file = write_site(
        root,
        NOTES,
        plugin_options="search_engine: lunr\ngithub_repo: org/repo\nparallel: false",
        extra_config="hooks:\n  - hooks/site.py\n",
        docs={"about.md": "# About\n\nThe team's notes.\n"},
    )
    config = load_config(str(config_file))
    build(config)
    seen = {}
    for line in (root / "seen.txt").read_text().splitlines():
        src, size = line.rsplit(" ", 1)
        seen[src] = int(size)
    return Path(config.site_dir), seen


def _site(site: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(site)): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.suffix in {".html", ".json", ".xml"}
    }


def test_parked_pages_hold_no_html_until_written_and_the_site_is_the_same(
    tmp_path: Path,
) -> None:
    parked_site, parked = _build(tmp_path / "parked", hook="")
    whole_site, whole = _build(tmp_path / "whole", hook=PAGE_HOOK)

    meeting = "meetings/community/2024-03-01.md"
    assert whole[meeting] > 1000, "without parking, MkDocs holds every page's HTML"
    assert parked[meeting] == 0, "parked: the meeting page holds no HTML before its template"
    assert parked["people/ana.md"] == 0
    assert parked["about.md"] > 0, "the site's own pages are left alone"

    written, expected = _site(parked_site), _site(whole_site)
    assert "search/search_index.json" in written
    assert written.keys() == expected.keys()
    assert [name for name in written if written[name] != expected[name]] == []
    page = (parked_site / "meetings/community/2024-03-01/index.html").read_text()
    assert "released 1 🎉" in page
