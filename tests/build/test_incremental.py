"""Incremental builds equal full builds, byte for byte.

Two kinds of reuse are checked against a fresh ``mkdocs build`` in another process, with
no cache at all (``cache: false``, an empty project copy):

* ``mkdocs serve --dirty``: one plugin instance rebuilds after each edit, reusing what it
  computed in memory (the parsed notes, the archive index, the drawn pages) and letting
  MkDocs skip pages whose Markdown did not change. Each kind of edit a note writer makes is
  applied in turn: people, references, topics and meetings added, removed and renamed, a
  new note file and a deleted one.
* a second ``mkdocs build`` in a new process, reusing the disk cache under
  ``.cache/minutes/`` (parsed notes, rendered pages): after a change to the plugin's
  options, a registry or a template override, nothing kept may leak into the site.
"""

from __future__ import annotations

import filecmp
import gc
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.conftest import write_site

NOTES = {
    "2024-01-04.md": """\
        # Team meeting

        ## Attendees

        * Ana Lima / Org / @analima
        * Ben Okafor / Org / @benok
        * Chidi Eze / Uni / @chidi

        ## Quick updates

        * Ana: shipped the release of the binder federation docs
        * Ben: pass

        ## Agenda

        * Federation health check [Ana - 5 mins]
            * https://github.com/o/r/issues/7
            * OVH is back
        * Communications plan [Ben]
            * blog post draft in o/r#12
        """,
    "2024-01-11.md": """\
        # Team meeting

        ## Attendees

        * Ben Okafor / Org / @benok
        * Chidi Eze / Uni / @chidi

        ## Agenda

        * Federation health check [Chidi]
            * GESIS cluster upgrade, see https://github.com/o/r/pull/9
        * Budget review [Ben]
            * the grant report is #15

        ## Action items

        * [ ] Ben: draft the budget report
        """,
    "2024-01-18.md": """\
        # Team meeting

        ## Attendees

        * Ben Okafor / Org / @benok

        ## Agenda

        * Hiring [Ben]
        * Communications plan [Ben]

        ## Action items

        * [ ] Ben: draft the budget report
        """,
    "2024-archive.md": """\
        # Collaboration cafe

        ## 2024-02-01

        ### Attendees

        * Ana Lima / Org / @analima

        ### Agenda

        * Federation health check [Ana]

        ## 2024-02-15

        ### Attendees

        * Dana Roy / Lab / @danaroy

        ### Agenda

        * Docs sprint [Dana]
        """,
}

TOPICS = """\
- id: federation
  name: Binder federation
  match: [federation, OVH, GESIS]
- id: communications-plan
  name: Communications plan
  match: [communications plan, blog post]
"""

PEOPLE = """\
- handle: analima
  name: Ana Lima
  aliases: [Ana]
"""

OPTIONS = """\
github_repo: o/r
topics: topics.yml
people: people.yml
search_engine: lunr
"""


def _site(root: Path, options: str = OPTIONS) -> Path:
    config = write_site(root, NOTES, plugin_options=options)
    (root / "topics.yml").write_text(TOPICS, encoding="utf-8")
    (root / "people.yml").write_text(PEOPLE, encoding="utf-8")
    return config


def _note(root: Path, name: str) -> Path:
    return root / "docs" / "meetings" / name


def _replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = _note(root, name)
        text = path.read_text(encoding="utf-8")
        assert old in text, f"the edit's anchor text is gone from {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _new_note(root: Path) -> None:
    _note(root, "2024-01-25.md").write_text(
        textwrap.dedent("""\
            # Team meeting

            ## Attendees

            * Ana Lima / Org / @analima
            * Eve Park / Org / @evepark

            ## Agenda

            * Federation health check [Eve]
                * o/r#21 needs a review
            """),
        encoding="utf-8",
    )


def _delete_note(root: Path) -> None:
    _note(root, "2024-01-18.md").unlink()


EDITS: dict[str, Callable[[Path], None]] = {
    "add a person": _replace(
        "2024-01-18.md",
        "* Ben Okafor / Org / @benok",
        "* Ben Okafor / Org / @benok\n* Fay Wu / Org / @faywu",
    ),
    "remove a person (their only meeting)": _replace(
        "2024-archive.md", "* Dana Roy / Lab / @danaroy", "* Ana Lima / Org / @analima"
    ),
    "remove an attendee": _replace("2024-01-11.md", "* Chidi Eze / Uni / @chidi\n", ""),
    "rename a person": _replace(
        "2024-01-04.md", "* Chidi Eze / Uni / @chidi", "* Chidiebere Eze / Uni / @Chidi"
    ),
    "add a reference": _replace("2024-01-18.md", "* Hiring [Ben]", "* Hiring [Ben]\n    * o/r#30"),
    "remove a reference": _replace("2024-01-11.md", ", see https://github.com/o/r/pull/9", ""),
    "add a topic mention": _replace(
        "2024-01-18.md", "* Hiring [Ben]", "* Hiring [Ben]\n    * OVH asks about federation"
    ),
    "remove a topic": _replace("2024-01-18.md", "* Communications plan [Ben]\n", ""),
    "retitle an agenda item": _replace(
        "2024-01-11.md", "* Budget review [Ben]", "* Budget and grants review [Ben]"
    ),
    "retitle a meeting": _replace("2024-01-11.md", "# Team meeting", "# Team meeting (online)"),
    "add a meeting to a note": _replace(
        "2024-archive.md",
        "## 2024-02-15",
        "## 2024-02-08\n\n### Attendees\n\n* Ben Okafor / Org / @benok\n\n"
        "### Agenda\n\n* Communications plan [Ben]\n\n## 2024-02-15",
    ),
    "remove a meeting from a note": _replace(
        "2024-archive.md",
        "## 2024-02-15\n\n### Attendees\n\n* Dana Roy / Lab / @danaroy\n\n"
        "### Agenda\n\n* Docs sprint [Dana]\n",
        "",
    ),
    "reword an item (nobody changes)": _replace(
        "2024-01-04.md", "* OVH is back", "* OVH is back, and @analima thanked the team"
    ),
    "reword an update": _replace(
        "2024-01-04.md", "shipped the release", "shipped the second release"
    ),
    "add a line above the roll call (every line moves)": _replace(
        "2024-01-04.md", "# Team meeting\n", "# Team meeting\n\nNotes taken by Ben.\n"
    ),
    "close an action": _replace(
        "2024-01-18.md", "* [ ] Ben: draft the budget report", "* [x] Ben: draft the budget report"
    ),
    "add an action": _replace(
        "2024-01-04.md", "## Agenda\n", "## Action items\n\n* [ ] Ana: review o/r#7\n\n## Agenda\n"
    ),
    "new note file": _new_note,
    "deleted note file": _delete_note,
}


def _build_in_process(config_file: Path, dirty: bool) -> Path:
    """A build as ``mkdocs serve`` runs it: the plugin instance lives on between builds.
    Returns once the data files a ``serve`` rebuild writes after its pages are written."""
    config = load_config(str(config_file))
    config.plugins.on_startup(command="serve" if dirty else "build", dirty=dirty)
    build(config, dirty=dirty)
    config.plugins["minutes"].deferred.wait()
    return Path(config.site_dir)


def _build_in_new_process(config_file: Path, site_dir: Path, verbose: bool = False) -> str:
    """``mkdocs build`` in a new process; its log (with the debug lines when ``verbose``)."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-v" if verbose else "-q",
            "-f",
            str(config_file),
            "-d",
            str(site_dir),
        ],
        check=True,
        cwd=config_file.parent,
        env={**os.environ, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
    )
    return done.stderr + done.stdout


def _fresh_build(root: Path, site_dir: Path) -> None:
    """A full build from a copy of the project with no cache (and caching off)."""
    fresh = root.parent / f"{root.name}-fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns(".cache", "site", "site-*"))
    config = fresh / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - minutes:\n", "  - minutes:\n      cache: false\n", 1))
    _build_in_new_process(config, site_dir)
    kept = fresh / ".cache" / "minutes"
    assert not any((kept / name).exists() for name in ("html", "notes", "session.pickle"))


def _differences(expected: Path, actual: Path) -> list[str]:
    """Files that differ, are missing or are extra in ``actual``. Two files are left out:
    the sitemap (its dates) and Material's lunr index, which in a dirty build holds only
    the pages MkDocs rendered again (MkDocs's own behaviour; the Pagefind index has tests
    of its own in test_search_index.py)."""

    def listing(site: Path) -> set[str]:
        return {
            str(path.relative_to(site))
            for path in site.rglob("*")
            if path.is_file() and path.name not in ("sitemap.xml.gz", "search_index.json")
        }

    want, have = listing(expected), listing(actual)
    found = [f"missing: {name}" for name in sorted(want - have)]
    found += [f"extra: {name}" for name in sorted(have - want)]
    for name in sorted(want & have):
        if not filecmp.cmp(expected / name, actual / name, shallow=False):
            found.append(f"differs: {name}")
    return found


@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
def test_dirty_rebuild_after_an_edit_equals_a_full_build(tmp_path: Path, edit: str) -> None:
    root = tmp_path / "project"
    config = _site(root)
    _build_in_process(config, dirty=False)
    kept = root / ".cache" / "minutes" / "html"
    before = len(list(kept.iterdir()))
    EDITS[edit](root)
    site = _build_in_process(config, dirty=True)
    _fresh_build(root, tmp_path / "fresh")
    assert _differences(tmp_path / "fresh", site) == []
    # The dirty build rendered a few pages: the others' kept HTML stays for the next build.
    assert len(list(kept.iterdir())) >= before


def test_a_serve_session_of_many_edits_stays_equal_to_full_builds(tmp_path: Path) -> None:
    """The edits one after another, as a note writer makes them under ``make serve``."""
    root = tmp_path / "project"
    config = _site(root)
    _build_in_process(config, dirty=False)
    for name in (
        "add a person",
        "add a reference",
        "retitle a meeting",
        "new note file",
        "rename a person",
        "remove a topic",
        "deleted note file",
    ):
        EDITS[name](root)
        site = _build_in_process(config, dirty=True)
        _fresh_build(root, tmp_path / "fresh")
        assert _differences(tmp_path / "fresh", site) == [], name


def test_a_serve_rebuild_writes_the_feeds_after_its_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The feeds and the export are the last build's while the pages are written, and the
    edit's once the thread is done: the browser reloads without waiting for them."""
    root = tmp_path / "project"
    config_file = _site(root)
    _build_in_process(config_file, dirty=False)
    EDITS["retitle a meeting"](root)
    config = load_config(str(config_file))
    plugin = config.plugins["minutes"]
    plugin.on_startup(command="serve", dirty=True)
    site = Path(config.site_dir)
    during: dict[str, str] = {}
    start = plugin.deferred.start

    def start_after_reading(**kwargs: Any) -> None:
        for name in ("feed.xml", "meetings.json"):
            during[name] = (site / name).read_text(encoding="utf-8")
        start(**kwargs)

    monkeypatch.setattr(plugin.deferred, "start", start_after_reading)
    build(config, dirty=True)
    plugin.deferred.wait()
    assert "Team meeting (online)" in (site / "meetings" / "2024-01-11" / "index.html").read_text(
        encoding="utf-8"
    )
    for name, text in during.items():
        assert "Team meeting (online)" not in text, name
        assert "Team meeting (online)" in (site / name).read_text(encoding="utf-8"), name


def test_a_serve_rebuild_prunes_its_caches_after_its_pages(tmp_path: Path) -> None:
    """Under ``serve`` the parse cache's unused entries (the edited note's old one) are
    deleted on the data files' thread, once the pages are written, not while the browser
    waits; after it, the entry is gone and the edit's own is kept."""
    root = tmp_path / "project"
    config_file = _site(root)
    first = load_config(str(config_file))
    first.plugins.on_startup(command="serve", dirty=True)
    build(first, dirty=False)  # serve's first build
    notes = root / ".cache" / "minutes" / "notes"
    before = {path.name for path in notes.glob("*.pickle")}
    EDITS["retitle a meeting"](root)
    config = load_config(str(config_file))
    plugin = config.plugins["minutes"]
    plugin.on_startup(command="serve", dirty=True)
    pruned_on: list[str] = []
    prune = plugin.cache.prune

    def prune_watched() -> None:
        import threading

        pruned_on.append(threading.current_thread().name)
        prune()

    plugin.cache.prune = prune_watched
    build(config, dirty=True)
    plugin.deferred.wait()
    after = {path.name for path in notes.glob("*.pickle")}
    assert pruned_on == ["minutes-data-files"]
    assert len(before - after) == 1 and len(after - before) == 1
    gc.unfreeze()  # what serve's first build froze, for the tests that follow


def test_a_serve_rebuild_collects_its_garbage_after_its_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cyclic garbage collector is paused while a rebuild makes its pages, collects
    once on the data files' thread, and runs as usual between builds."""
    root = tmp_path / "project"
    config_file = _site(root)
    first = load_config(str(config_file))
    first.plugins.on_startup(command="serve", dirty=True)
    build(first, dirty=False)  # serve's first build
    assert gc.isenabled()
    EDITS["add a person"](root)
    config = load_config(str(config_file))
    plugin = config.plugins["minutes"]
    plugin.on_startup(command="serve", dirty=True)
    during: list[bool] = []
    collected: list[str] = []
    start, collect = plugin.deferred.start, gc.collect

    def start_watched(**kwargs: Any) -> None:
        during.append(gc.isenabled())
        start(**kwargs)

    def collect_watched(*args: int) -> int:
        import threading

        collected.append(threading.current_thread().name)
        return collect(*args)

    monkeypatch.setattr(plugin.deferred, "start", start_watched)
    monkeypatch.setattr(gc, "collect", collect_watched)
    build(config, dirty=True)
    plugin.deferred.wait()
    assert during == [False]
    assert collected == ["minutes-data-files"]
    assert gc.isenabled()
    gc.unfreeze()  # what serve's first build froze, for the tests that follow


def test_a_failed_serve_rebuild_lets_the_collector_run_again(tmp_path: Path) -> None:
    """A rebuild that fails (here: a broken registry) leaves the collector as it was."""
    root = tmp_path / "project"
    config_file = _site(root)
    first = load_config(str(config_file))
    first.plugins.on_startup(command="serve", dirty=True)
    build(first, dirty=False)
    (root / "topics.yml").write_text("topics: [", encoding="utf-8")
    config = load_config(str(config_file))
    config.plugins.on_startup(command="serve", dirty=True)
    with pytest.raises(Exception):  # noqa: B017 (MkDocs's own error, whatever its class)
        build(config, dirty=True)
    assert gc.isenabled()
    gc.unfreeze()


def test_builds_in_new_processes_after_edits_equal_full_builds(tmp_path: Path) -> None:
    """Each ``mkdocs build`` resumes the last one's session (``.cache/minutes/``: parsed
    notes, the archive's and the pages' memos, rendered pages) and redoes what the edit
    touched; each must equal a build from nothing."""
    root = tmp_path / "project"
    config = _site(root)
    _build_in_new_process(config, root / "site")
    assert (root / ".cache" / "minutes" / "session.pickle").is_file()
    for name in (
        "rename a person",
        "add a meeting to a note",
        "remove a reference",
        "add a topic mention",
        "new note file",
        "remove a person (their only meeting)",
        "deleted note file",
    ):
        EDITS[name](root)
        shutil.rmtree(root / "site")
        log = _build_in_new_process(config, root / "site", verbose=True)
        assert "resumed the last build's session" in log
        _fresh_build(root, tmp_path / "fresh")
        assert _differences(tmp_path / "fresh", root / "site") == [], name


def test_a_warm_build_equals_a_cold_one(tmp_path: Path) -> None:
    """A second build of an unchanged archive draws nothing again: the session the first
    one kept (written by a forked process, after which the build drops its own memos)
    holds every page."""
    root = tmp_path / "project"
    config = _site(root)
    _build_in_new_process(config, tmp_path / "cold")
    assert any((root / ".cache" / "minutes" / "html").iterdir())
    log = _build_in_new_process(config, tmp_path / "warm", verbose=True)
    assert _differences(tmp_path / "cold", tmp_path / "warm") == []
    assert "resumed the last build's session" in log
    assert re.search(r"pages \(0 templates drawn, [1-9][0-9]* as the last build drew them\)", log)


def test_a_project_moved_with_its_cache_builds_warm(tmp_path: Path) -> None:
    """A CI runner restores ``.cache/`` into a new checkout, which may be in another
    folder (the workflows keep ``.cache/minutes/`` between runs): the caches are keyed on
    the project's folders as ``mkdocs.yml`` names them, not where they are, so the build
    there resumes the session, draws, renders and indexes nothing again, and writes the
    same site."""
    root = tmp_path / "project"
    config = _site(root, OPTIONS.replace("search_engine: lunr\n", ""))
    _build_in_new_process(config, root / "site")
    moved = tmp_path / "elsewhere" / "checkout"
    shutil.copytree(root, moved, ignore=shutil.ignore_patterns("site"))
    log = _build_in_new_process(moved / "mkdocs.yml", moved / "site", verbose=True)
    assert "resumed the last build's session" in log
    assert re.search(r"pages \(0 templates drawn, [1-9][0-9]* as the last build drew them\)", log)
    assert re.search(r"rendered pages: [1-9][0-9]* from the cache, 0 kept", log)
    assert re.search(r"Pagefind indexed [0-9]+ pages: 0 of [1-9][0-9]* bundles written", log)
    assert _differences(root / "site", moved / "site") == []


def test_a_build_that_resumed_an_unchanged_session_lets_its_memos_go(tmp_path: Path) -> None:
    """A ``mkdocs build`` whose session is the one on disk (nothing changed) keeps no
    memo past drawing the pages (the pages rendered next reuse their memory), and leaves
    the session file as it was."""
    root = tmp_path / "project"
    config_file = _site(root)
    _build_in_new_process(config_file, tmp_path / "cold")
    session = root / ".cache" / "minutes" / "session.pickle"
    written = session.read_bytes()
    config = load_config(str(config_file), site_dir=str(tmp_path / "warm"))
    plugin = config.plugins["minutes"]
    resumed: list[object] = []
    resume = plugin._resume_session

    def resume_watched() -> None:
        resume()
        resumed.append(plugin.archive_memo)

    plugin._resume_session = resume_watched
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
    gc.unfreeze()
    assert plugin.pages_memo.hits > 0, "the session was resumed"
    assert plugin.pages_memo._drawn == {}
    assert resumed and plugin.archive_memo is not resumed[0]
    assert session.read_bytes() == written
    assert _differences(tmp_path / "cold", tmp_path / "warm") == []


@pytest.mark.parametrize("writer", ["forked", "failed"])
def test_a_build_writes_its_pages_cache_files_in_a_forked_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: str
) -> None:
    """``mkdocs build`` has a forked process write the pages' cache files, which MkDocs
    reads the pages from, while it makes the data files; when that process fails, the
    build writes them itself. Either way the site is a fresh build's."""
    from mkdocs_minutes import plugin as module

    run_elsewhere = module.run_elsewhere
    asked: list[str] = []

    def elsewhere(work: Callable[[], object]) -> Callable[[], bool]:
        name = getattr(getattr(work, "func", None), "__name__", "")
        asked.append(name)
        if writer == "failed" and name == "_write_pages":
            return lambda: False  # as if the process died before writing a file
        return run_elsewhere(work)

    monkeypatch.setattr(module, "run_elsewhere", elsewhere)
    monkeypatch.setattr(module, "available_cores", lambda: 2)
    root = tmp_path / "project"
    config_file = _site(root)
    config = load_config(str(config_file), site_dir=str(root / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
    gc.unfreeze()
    assert "_write_pages" in asked
    _fresh_build(root, tmp_path / "fresh")
    assert _differences(tmp_path / "fresh", root / "site") == []


CHANGES: dict[str, Callable[[Path], None]] = {
    "plugin option": lambda root: _rewrite(
        root / "mkdocs.yml", "github_repo: o/r", "github_repo: o/other"
    ),
    "people registry": lambda root: _rewrite(
        root / "people.yml",
        "aliases: [Ana]",
        "aliases: [Ana, Ana L]\n- handle: benok\n  name: Benjamin Okafor",
    ),
    "topics registry": lambda root: _rewrite(
        root / "topics.yml", "name: Binder federation", "name: Federation of BinderHubs"
    ),
    "template override": lambda root: _override(root),
    "markdown extension": lambda root: _rewrite(
        root / "mkdocs.yml",
        "theme:\n",
        "markdown_extensions:\n  - toc:\n      permalink: '#'\ntheme:\n",
    ),
}


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _override(root: Path) -> None:
    overrides = root / "overrides" / "minutes"
    overrides.mkdir(parents=True)
    _rewrite(
        root / "mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n"
    )
    from mkdocs_minutes.pages import templates

    original = Path(templates.__file__).parent.parent / "templates" / "minutes" / "person.html"
    text = original.read_text(encoding="utf-8")
    (overrides / "person.html").write_text(
        "<p>Our own person template</p>\n" + text, encoding="utf-8"
    )


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_the_disk_cache_gives_way_to_a_changed_configuration(tmp_path: Path, change: str) -> None:
    root = tmp_path / "project"
    config = _site(root)
    _build_in_new_process(config, tmp_path / "before")
    CHANGES[change](root)
    _build_in_new_process(config, tmp_path / "after")
    _fresh_build(root, tmp_path / "fresh")
    assert _differences(tmp_path / "fresh", tmp_path / "after") == []
    assert _differences(tmp_path / "before", tmp_path / "after") != []


def test_a_build_that_fails_after_reading_the_notes_leaves_the_last_session(
    tmp_path: Path,
) -> None:
    """``mkdocs build`` writes the session once the memos are complete (before rendering,
    when the process is smaller) and puts it in place only after a good build."""
    root = tmp_path / "project"
    config = _site(root)
    _build_in_new_process(config, root / "site")
    kept = root / ".cache" / "minutes"
    session, audit = (kept / "session.pickle").read_bytes(), (kept / "audit.pickle").read_bytes()
    EDITS["rename a person"](root)
    hook = root / "hooks" / "fail.py"
    hook.parent.mkdir()
    hook.write_text("def on_post_build(config):\n    raise RuntimeError('the disk is full')\n")
    with config.open("a", encoding="utf-8") as stream:
        stream.write("hooks:\n  - hooks/fail.py\n")
    with pytest.raises(subprocess.CalledProcessError):
        _build_in_new_process(config, root / "site")
    assert (kept / "session.pickle").read_bytes() == session
    assert (kept / "audit.pickle").read_bytes() == audit
    assert sorted(path.name for path in kept.glob(".*")) == []
    hook.write_text("")
    log = _build_in_new_process(config, root / "site", verbose=True)
    assert "resumed the last build's session" in log
    assert (kept / "session.pickle").read_bytes() != session
