"""Meeting pages rendered by worker processes: the same site, the same warnings.

Real ``mkdocs build`` runs of one archive with ``parallel: true`` and ``false``: every
published page is byte-identical, a dead link in a page a worker rendered is logged once
and fails ``--strict``, and a site with a page event handler of its own renders in one
process.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from mkdocs_minutes.plugin import parallel
from tests.conftest import write_site

MEETINGS = 2 * parallel.MIN_PAGES

pytestmark = pytest.mark.skipif(
    parallel.available_cores() < 2,
    reason="one core: the plugin renders in one process (run on a machine with two cores)",
)


def _notes(dead_link: bool = False) -> dict[str, str]:
    notes = {}
    for day in range(MEETINGS):
        date = f"2024-{1 + day // 28:02}-{1 + day % 28:02}"
        link = "See [the plan](nowhere.md)." if dead_link else "See #12."
        notes[f"community/{date}.md"] = (
            f"# Community call {date}\n\n## Attendees\n\n"
            f"* Ana Lima / Org / @ana\n* Ben Ode / Uni / @bode{day % 5}\n\n"
            f"## Quick updates\n\n* Ana: released {day}\n* Ben: reviewed ✨ {day}\n\n"
            f"## Agenda\n\n### Release {day} [Ana - 5 mins]\n\n- point {day}\n  - nested\n"
            f"- {link}\n\n## Action items\n\n- [ ] Ana: write the post\n"
        )
    # Not a meeting: its page title comes from its first heading, as MkDocs renders it.
    notes["guide/onboarding.md"] = "---\ntags: [a]\n---\n# How newcomers join\n\nAsk Ana.\n"
    return notes


def _build(root: Path, *, parallel_render: bool, strict: bool = False, **kwargs: str) -> Path:
    options = (
        f"search_engine: lunr\ngithub_repo: org/repo\nparallel: {str(parallel_render).lower()}"
    )
    config_file = write_site(
        root, kwargs.pop("notes", None) or _notes(), plugin_options=options, **kwargs
    )
    config = load_config(str(config_file), strict=strict)
    build(config)
    return Path(config.site_dir)


def _pages(site: Path) -> dict[str, bytes]:
    """Every page, and Material's search index (built from each page's HTML and table of
    contents, which a worker hands back)."""
    pages = {
        str(path.relative_to(site)): path.read_bytes()
        for path in sorted(site.rglob("*.html"))
        if "pagefind" not in path.parts
    }
    pages["search_index.json"] = (site / "search" / "search_index.json").read_bytes()
    return pages


class Forks(list):
    """The render workers each build started (their count), and what they rendered."""

    def __init__(self) -> None:
        super().__init__()
        self.renders: list[parallel.ParallelRender] = []

    @property
    def received(self) -> int:
        """Pages the workers rendered and sent back, over all builds."""
        return sum(render.received for render in self.renders)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> Forks:
    """The workers the builds forked, and the pages they rendered."""
    found = Forks()
    original_init = parallel.ParallelRender.__init__

    def counting(self: parallel.ParallelRender, *args: object, **kwargs: object) -> None:
        original_init(self, *args, **kwargs)  # type: ignore[arg-type]
        found.renders.append(self)
        found.append(len(self._pids))

    monkeypatch.setattr(parallel.ParallelRender, "__init__", counting)
    return found


def test_workers_publish_the_same_site(tmp_path: Path, forks: Forks) -> None:
    together = _pages(_build(tmp_path / "parallel", parallel_render=True))
    assert forks and forks.received >= MEETINGS // 3, "a worker rendered a share of the pages"
    assert {
        src
        for render in forks.renders
        for src in render.pages[len(render.pages) - render.received :]
        if not src.startswith("meetings/")
    }, "workers render generated pages other than meetings too (from the end of the list)"
    alone = _pages(_build(tmp_path / "sequential", parallel_render=False))
    onboarding = "meetings/guide/onboarding/index.html"
    assert b"<title>How newcomers join" in alone[onboarding]
    assert len(together) > MEETINGS
    assert together.keys() == alone.keys()
    different = [name for name in together if together[name] != alone[name]]
    assert different == []


def test_a_workers_warning_is_logged_once_and_fails_strict(
    tmp_path: Path, forks: Forks, caplog: pytest.LogCaptureFixture
) -> None:
    notes = _notes(dead_link=True)
    with caplog.at_level(logging.WARNING), pytest.raises(Abort, match="in strict mode"):
        _build(tmp_path, parallel_render=True, strict=True, notes=notes)
    assert forks
    dead = [r for r in caplog.records if "nowhere.md" in r.getMessage()]
    assert len(dead) == MEETINGS, "every page's warning, each once"


def test_a_site_with_its_own_page_events_renders_in_one_process(
    tmp_path: Path, forks: Forks
) -> None:
    hook = tmp_path / "hooks" / "count.py"
    hook.parent.mkdir(parents=True)
    hook.write_text("def on_page_markdown(markdown, **kwargs):\n    return markdown\n")
    site = _build(tmp_path, parallel_render=True, extra_config="hooks:\n  - hooks/count.py\n")
    assert forks == []
    assert (site / "meetings" / "community" / "2024-01-01" / "index.html").is_file()


def test_a_warm_build_takes_kept_pages_and_gives_workers_the_rest(
    tmp_path: Path, forks: Forks
) -> None:
    """Pages kept in ``.cache/minutes/html/`` by the first build (the workers' share too)
    are read back by the main process; only an edited meeting is rendered again."""
    cold = _pages(_build(tmp_path / "site", parallel_render=True))
    assert forks
    forks.clear()
    warm = _pages(_build(tmp_path / "site", parallel_render=True))
    assert forks == [], "every page was kept: no worker is needed"
    assert warm == cold
    edited = _pages(_build(tmp_path / "site", parallel_render=True, notes=_notes_edited()))
    changed = [name for name in cold if edited.get(name) != cold[name]]
    assert "meetings/community/2024-01-02/index.html" in changed
    fresh = _pages(_build(tmp_path / "fresh", parallel_render=False, notes=_notes_edited()))
    assert edited == fresh


def _notes_edited() -> dict[str, str]:
    notes = _notes()
    name = "community/2024-01-02.md"
    notes[name] = notes[name].replace("point 1\n", "point one\n")
    return notes


def test_a_kept_pages_warnings_are_logged_again_and_fail_strict(
    tmp_path: Path, forks: Forks, caplog: pytest.LogCaptureFixture
) -> None:
    notes = _notes(dead_link=True)
    with caplog.at_level(logging.WARNING), pytest.raises(Abort, match="in strict mode"):
        _build(tmp_path, parallel_render=True, strict=True, notes=notes)
    caplog.clear()
    forks.clear()
    with caplog.at_level(logging.WARNING), pytest.raises(Abort, match="in strict mode"):
        _build(tmp_path, parallel_render=True, strict=True, notes=notes)
    assert forks == [], "the second build reads every page from the cache"
    dead = [r for r in caplog.records if "nowhere.md" in r.getMessage()]
    assert len(dead) == MEETINGS, "every page's warning, each once"


def test_a_build_freezes_what_it_indexed_and_unfreezes_it_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``on_files`` of a ``mkdocs build`` leaves what lives to the end of the build out of
    the garbage collector's full collections, and gives it back after the build: a
    process that goes on (or builds again) can collect it."""
    import gc

    frozen: list[int] = []
    real_freeze = gc.freeze

    def freeze() -> None:
        real_freeze()
        frozen.append(gc.get_freeze_count())

    monkeypatch.setattr(gc, "freeze", freeze)
    _build(tmp_path, parallel_render=False)
    assert frozen and frozen[0] > 0, "on_files froze what it made"
    assert gc.get_freeze_count() == 0, "and the build gave it back"
