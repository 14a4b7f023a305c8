"""The search index a real build writes: Pagefind by default, Material's lunr on request.

The Pagefind bundle is queried without a browser: its metadata, word index and fragments
are gzip-compressed CBOR and JSON, decoded here (pages and word positions are
delta-encoded), and a hit is placed like the browser script places it: on the item,
update or heading whose anchor comes last before the word. So the tests ask the search
box's question: where does this word land?
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_minutes.archive import Archive
from mkdocs_minutes.notes.folder import read_notes
from mkdocs_minutes.search.anchors import MeetingPage
from mkdocs_minutes.search.bundle import Bundle, local, search_bundles
from mkdocs_minutes.search.pagefind import PagefindIndexer, page_url, prepare_page
from mkdocs_minutes.search.prepare import ITEMS_META
from mkdocs_minutes.search.service import PagefindError
from tests.conftest import write_site

MEETINGS = {
    "2024-01-10.md": """\
    # Team Meeting

    ## Welcome to the Team Meeting

    * name / institution / GitHub handle
    * Tim Head / Binder / @betatim
    * Ada Lovelace / Analytical Engines / @adalovelace

    ## Quick updates

    * Tim: reviewed the helm chart
    * Ada: pass

    ## Agenda items

    * Quokka cluster migration [Tim - 5 mins]
        * the quokka nodes are drained
        * -> Tim to unplug the old racks
        * the wombat report follows
    * Budget for cloud credits [Ada]
        * nothing new
    """,
    "2024-01-24.md": """\
    # Team Meeting

    Ada brought flamingo stickers for everyone.

    ## Welcome to the Team Meeting

    * Tim Head / Binder / @betatim
    * Ada Lovelace / Analytical Engines / @adalovelace

    ## Quick updates

    * Tim: travelled to zanzibar for the sprint
    * Ada: wrote the release notes

    ## Agenda items

    * Release planning [Ada]
        * cut the release next week
    """,
    "2024-02-07.md": """\
    # Team Meeting

    ## Welcome to the Team Meeting

    * Tim Head / Binder / @betatim

    ## Quick updates

    * Tim: pass

    ## Agenda items

    * Cluster costs [Tim]
        * the quokka cluster costs less than before
    """,
}


# -- reading the index ------------------------------------------------------------------


class Index:
    """The bundles the header's search box merges (meetings and other pages), read back."""

    def __init__(self, folder: Path) -> None:
        self.bundles = search_bundles(local(folder))

    def all(self) -> dict[str, dict]:
        return {url: page for bundle in self.bundles for url, page in bundle.all().items()}

    def land(self, word: str) -> set[str]:
        return set().union(*(bundle.land(word) for bundle in self.bundles))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search")
    config = load_config(str(write_site(root, MEETINGS)), strict=True)
    build(config)
    return Path(config.site_dir)


@pytest.fixture(scope="module")
def archive(built: Path) -> Archive:
    """The archive index of the built site's notes, for indexers made by hand."""
    return Archive.build(read_notes(built.parent / "docs" / "meetings"))


@pytest.fixture(scope="module")
def bundle(built: Path) -> Index:
    return Index(built / "pagefind")


def test_the_bundles_are_listed_and_written_without_pagefinds_own_ui(built: Path) -> None:
    folder = built / "pagefind"
    manifest = json.loads((folder / "minutes.json").read_text(encoding="utf-8"))
    assert manifest == {
        "version": 1,
        "blocks": [
            {
                "block": "0",
                "first": "2024-01-10",
                "last": "2024-02-07",
                "meetings": "m0/",
                "parts": "k0/",
            }
        ],
        "pages": "p/",
    }
    for name in ("m0", "k0", "p"):
        assert (folder / name / "pagefind.js").is_file()
        assert (folder / name / "pagefind-entry.json").is_file()
        assert not list((folder / name).glob("pagefind-ui*")), "Pagefind's own UI is never loaded"
    assert sorted(path.name for path in folder.iterdir()) == ["k0", "m0", "minutes.json", "p"]


@pytest.mark.parametrize(
    "word,expected",
    [
        # An agenda item's title and its minutes: the item, in both meetings.
        (
            "quokka",
            {
                "meetings/2024-01-10/#quokka-cluster-migration",
                "meetings/2024-02-07/#cluster-costs",
            },
        ),
        # An action under an item: the action; the item's next note: the item again.
        ("unplug", {"meetings/2024-01-10/#action-tim-to-unplug-the-old-racks"}),
        ("wombat", {"meetings/2024-01-10/#quokka-cluster-migration"}),
        # An update: the update, not the person page quoting it.
        ("zanzibar", {"meetings/2024-01-24/#update-betatim"}),
        # Text before the first heading: the meeting page itself.
        ("flamingo", {"meetings/2024-01-24/"}),
        # A roll-call line: the heading of the roll call (and the person's affiliation).
        (
            "analyt",
            {
                "meetings/2024-01-10/#welcome-to-the-team-meeting",
                "meetings/2024-01-24/#welcome-to-the-team-meeting",
                "people/adalovelace/",
            },
        ),
    ],
)
def test_a_word_lands_where_it_is(bundle: Index, word: str, expected: set[str]) -> None:
    assert bundle.land(word) == expected


def test_a_person_is_found_by_their_page(bundle: Index) -> None:
    assert "people/adalovelace/" in bundle.land("lovelac")


@pytest.mark.parametrize(
    "url,title,items",
    [
        (
            "meetings/2024-01-10/",
            "2024-01-10 · Team Meeting",
            {
                "quokka-cluster-migration": "Quokka cluster migration",
                "budget-for-cloud-credits": "Budget for cloud credits",
                "update-betatim": "Update from Tim",
                "update-adalovelace": "Update from Ada",
                "action-tim-to-unplug-the-old-racks": "Action: Tim to unplug the old racks",
            },
        ),
        ("people/betatim/", "Tim Head", None),
        ("", "Meeting archive", None),
    ],
)
def test_results_name_the_meeting_and_its_items(
    bundle: Index, url: str, title: str, items: dict | None
) -> None:
    page = bundle.all()[url]
    assert page["meta"]["title"] == title
    if items is None:
        assert ITEMS_META not in page["meta"]
    else:
        assert page["content"].count(title) == 1, "the title metadata is not content"
        assert json.loads(page["meta"][ITEMS_META]) == items
        located = {a["id"] for a in page["anchors"]}
        assert set(items) <= located, "every item and update has its anchor in the index"


def test_person_pages_are_found_by_title_not_by_quotes(bundle: Index) -> None:
    person = bundle.all()["people/betatim/"]["content"]
    assert person.startswith("Tim Head")
    assert "zanzibar" not in person and "helm" not in person


def test_material_search_stays_idle(built: Path) -> None:
    index = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []
    (worker,) = (built / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    assert "never answers" in worker.read_text(encoding="utf-8")
    home = (built / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/minutes/search.js"' in home
    assert 'href="assets/minutes/search.css"' in home


def test_lunr_engine_gets_item_entries(tmp_path: Path) -> None:
    config_file = write_site(tmp_path, MEETINGS, plugin_options="search_engine: lunr")
    config = load_config(str(config_file), strict=True)
    build(config)
    site = Path(config.site_dir)
    assert not (site / "pagefind").exists()
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = {doc["location"]: doc for doc in index["docs"]}
    item = entries["meetings/2024-01-10/#quokka-cluster-migration"]
    assert item["title"] == "2024-01-10 · Quokka cluster migration"
    assert "drained" in item["text"]
    assert entries["meetings/2024-01-24/#update-betatim"]["title"].endswith("Update from Tim")
    assert "meetings/2024-01-24/" in entries  # the pages themselves too
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert "never answers" not in worker.read_text(encoding="utf-8")
    assert "assets/minutes/search.js" not in (site / "index.html").read_text(encoding="utf-8")


# -- page preparation, without a build -------------------------------------------------------

PAGE = (
    '<html lang="de"><head><title>t</title></head><body><nav>Navigation</nav>'
    '<article class="md-content__inner md-typeset">{}</article><footer>f</footer></body></html>'
)
MEETING = MeetingPage(
    title="2024-01-10 · Team Meeting", items={"a": "Item & more", "update-x": "Update from X"}
)


@pytest.mark.parametrize(
    "content,options,kept,dropped",
    [
        # Any page: the article only, never the theme's navigation; the language stays.
        ("<h1>About</h1><p>Text</p>", {}, ['lang="de"', "<p>Text</p>"], ["Navigation", "<footer"]),
        # A meeting: the date in the title, the titles of its items and updates as metadata.
        (
            '<h1 id="t">Team Meeting</h1><ul><li id="a">Item</li><li id="update-x">Upd</li></ul>',
            {"meeting": MEETING},
            [
                '<h1 id="t">2024-01-10 · Team Meeting</h1>',
                '<span data-pagefind-meta="title" data-pagefind-ignore hidden>'
                "2024-01-10 · Team Meeting</span>",
                f'<span data-pagefind-meta="{ITEMS_META}" data-pagefind-ignore hidden>'
                '{"a":"Item &amp; more","update-x":"Update from X"}</span>',
                '<li id="a">Item</li>',
            ],
            [],
        ),
        # With item_search off: no item titles, results land on headings only.
        (
            "<h1>Team Meeting</h1>",
            {"meeting": MeetingPage(title="2024-01-10 · Team Meeting")},
            ["2024-01-10 · Team Meeting"],
            [ITEMS_META],
        ),
        # A meeting whose title holds its date already: not repeated.
        (
            "<h1>Call 2024-01-10</h1>",
            {"meeting": MEETING},
            ["<h1>Call 2024-01-10</h1>"],
            ["2024-01-10 · Call"],
        ),
        # A person, topic or issue page: title and header only, never the excerpts.
        (
            '<h1 id="p">Tim Head</h1><div class="minutes-header"><p>@betatim</p></div>'
            '<h2>Updates</h2><div class="minutes-excerpt"><p>quoted</p></div>',
            {"title_only": True},
            ['<h1 id="p">Tim Head</h1>', "<p>@betatim</p></div>"],
            ["quoted", "Updates"],
        ),
    ],
)
def test_prepare_page(content: str, options: dict, kept: list[str], dropped: list[str]) -> None:
    prepared = prepare_page(PAGE.format(content), **options)
    assert prepared is not None and "data-pagefind-body" in prepared
    for text in kept:
        assert text in prepared
    for text in dropped:
        assert text not in prepared


@pytest.mark.parametrize(
    "html",
    [
        '<html><head><meta http-equiv="refresh" content="0; url=../x/"></head><body>x</body></html>',
        "<html><body><h1>404 - Not found</h1></body></html>",
    ],
)
def test_pages_without_content_are_not_indexed(html: str) -> None:
    assert prepare_page(html) is None


@pytest.mark.parametrize(
    "dest,url",
    [
        ("index.html", ""),
        ("meetings/2024-01-10/index.html", "meetings/2024-01-10/"),
        ("meetings/2024-01-10.html", "meetings/2024-01-10.html"),
    ],
)
def test_page_url(dest: str, url: str) -> None:
    assert page_url(dest) == url


# -- the indexer's life under serve ------------------------------------------------------------


def _page_site(root: Path) -> Path:
    page = root / "notes" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(PAGE.format("<h1>Notes</h1><p>pelican</p>"), encoding="utf-8")
    return root


def test_finishing_in_the_background_swaps_the_bundle_in(tmp_path: Path) -> None:
    site = _page_site(tmp_path)
    (site / "pagefind").mkdir()
    (site / "pagefind" / "stale.txt").write_text("old bundle", encoding="utf-8")
    outcomes: list[tuple] = []
    indexer = PagefindIndexer(None, None, notes_dir="meetings")
    indexer.finish_in_background(site, lambda stats, error: outcomes.append((stats, error)))
    indexer._thread.join(timeout=60)
    ((stats, error),) = outcomes
    assert error is None and stats.pages == 1
    assert (site / "pagefind" / "p" / "pagefind.js").is_file()
    assert not (site / "pagefind" / "stale.txt").exists()
    pages = Bundle.read(local(site / "pagefind"), "p/").all()
    assert "pelican" in str(pages["notes/"]["content"])


def test_the_audit_runs_while_the_index_is_written(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """``mkdocs build`` writes the index on a thread while the coverage audit runs."""
    from mkdocs_minutes.plugin.search import SearchWiring

    site = _page_site(tmp_path)
    wiring = SearchWiring()
    wiring.indexer = indexer = PagefindIndexer(None, None, notes_dir="meetings")
    wiring.pages = ["notes/index.html"]
    indexer.add_page("notes/index.html", (site / "notes" / "index.html").read_text())
    threads: list[str] = []
    with caplog.at_level("INFO", logger="mkdocs.plugins.minutes"):
        wiring.finish(site, background=False, meanwhile=lambda: threads.append(threading_name()))
    assert threads == ["MainThread"]
    assert "Pagefind indexed 1 pages: 1 of 1 bundles written" in caplog.text
    assert (site / "pagefind" / "p" / "pagefind.js").is_file()


def test_a_failing_audit_stops_the_index_and_is_raised(tmp_path: Path) -> None:
    from mkdocs_minutes.plugin.search import SearchWiring

    site = _page_site(tmp_path)
    wiring = SearchWiring()
    wiring.indexer = indexer = PagefindIndexer(None, None, notes_dir="meetings")
    indexer.add_page("notes/index.html", (site / "notes" / "index.html").read_text())

    def audit() -> None:
        raise KeyError("audit")

    with pytest.raises(KeyError, match="audit"):
        wiring.finish(site, background=False, meanwhile=audit)
    assert indexer.cancelled


def threading_name() -> str:
    import threading

    return threading.current_thread().name


def test_a_cancelled_run_writes_and_reports_nothing(tmp_path: Path) -> None:
    site = _page_site(tmp_path)
    outcomes: list[tuple] = []
    indexer = PagefindIndexer(None, None, notes_dir="meetings")
    indexer.add_page("notes/index.html", (site / "notes" / "index.html").read_text())
    indexer.cancel()  # a new build started
    indexer.finish_in_background(site, lambda stats, error: outcomes.append((stats, error)))
    indexer._thread.join(timeout=60)
    assert outcomes == []
    assert not (site / "pagefind").exists()


def test_a_site_without_materials_content_area_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    with pytest.raises(PagefindError, match="theme: material"):
        PagefindIndexer(None, None, notes_dir="meetings").finish(tmp_path)


@pytest.mark.parametrize(
    "damage,problem",
    [
        (None, None),
        (lambda b: (b / "pagefind-entry.json").write_text(""), "pagefind-entry.json"),
        (lambda b: next(b.glob("*.pf_meta")).unlink(), "pf_meta is missing"),
        (lambda b: (b / "pagefind.js").write_text(""), "pagefind.js is missing"),
    ],
)
def test_an_incomplete_bundle_is_seen(built: Path, tmp_path: Path, damage, problem) -> None:
    """Pagefind once answered that it wrote a bundle whose entry file stayed empty."""
    from mkdocs_minutes.search.pagefind import _incomplete

    bundle = tmp_path / "m0"
    shutil.copytree(built / "pagefind" / "m0", bundle)
    if damage:
        damage(bundle)
    found = _incomplete(bundle)
    assert found is None if problem is None else problem in found


# -- what a rebuild under serve writes again --------------------------------------------------


def test_a_rebuild_writes_only_the_bundles_whose_pages_changed(
    built: Path, archive: Archive, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(built, site)
    shutil.rmtree(site / "pagefind")

    def run(state=None, edits: dict[str, str] | None = None):
        indexer = PagefindIndexer(archive, None, notes_dir="meetings", state=state)
        for dest, html in (edits or {}).items():
            indexer.add_page(dest, html)
        return indexer, indexer.finish(site)

    first, stats = run()
    assert (stats.written, stats.shards) == (3, 3)
    p_bundle = (site / "pagefind" / "p" / "pagefind-entry.json").stat().st_mtime_ns
    page = site / "meetings" / "2024-02-07" / "index.html"
    edited = page.read_text(encoding="utf-8").replace("less than before", "less than the pangolin")
    second, stats = run(first.state, {"meetings/2024-02-07/index.html": edited})
    assert (stats.written, stats.shards) == (2, 3)  # the meetings and their parts, not p
    assert (site / "pagefind" / "p" / "pagefind-entry.json").stat().st_mtime_ns == p_bundle
    assert Index(site / "pagefind").land("pangolin") == {"meetings/2024-02-07/#cluster-costs"}
    _, stats = run(second.state)
    assert stats.written == 0


def _site_pages(site: Path) -> dict[str, str]:
    """Every built page that is not part of the index, ``dest_uri`` -> its HTML."""
    return {
        page.relative_to(site).as_posix(): page.read_text(encoding="utf-8")
        for page in sorted(site.rglob("*.html"))
        if "pagefind" not in page.relative_to(site).parts
    }


def test_a_block_is_written_while_the_build_goes_on_and_finish_takes_it(
    built: Path, archive: Archive, tmp_path: Path
) -> None:
    """A meetings block's bundles start as soon as its last page is in; ``finish`` waits
    for them instead of writing them again, and the index is the one a run that writes
    everything at the end makes."""
    pages = _site_pages(built)

    def run(site: Path, early: bool) -> tuple[PagefindIndexer, object]:
        shutil.copytree(built, site)
        shutil.rmtree(site / "pagefind")
        indexer = PagefindIndexer(archive, None, notes_dir="meetings")
        if early:
            indexer.expect(site, pages)
        for dest, html in pages.items():
            indexer.add_page(dest, html)
        return indexer, indexer.finish(site)

    early, stats = run(tmp_path / "early", early=True)
    assert sorted(early._early) == ["k0", "m0"]  # started before finish; p waits for it
    assert all(future is not None and future.done() for _, future in early._early.values())
    assert (stats.written, stats.shards) == (3, 3)  # each written once
    late, late_stats = run(tmp_path / "late", early=False)
    assert late._early == {} and late_stats.written == 3
    assert early.state.written == late.state.written
    assert (
        Index(tmp_path / "early" / "pagefind").all() == Index(tmp_path / "late" / "pagefind").all()
    )
    assert "meetings/2024-02-07/#cluster-costs" in Index(tmp_path / "early" / "pagefind").land(
        "quokka"
    )


def test_an_early_bundle_of_pages_that_changed_before_finish_is_written_again(
    built: Path, archive: Archive, tmp_path: Path
) -> None:
    """A page added twice (MkDocs does not, a plugin might) after its block started: the
    block's digest at ``finish`` differs from the early one, so it is written again and
    the index holds the last page."""
    pages = _site_pages(built)
    site = tmp_path / "site"
    shutil.copytree(built, site)
    shutil.rmtree(site / "pagefind")
    indexer = PagefindIndexer(archive, None, notes_dir="meetings")
    indexer.expect(site, pages)
    for dest, html in pages.items():
        indexer.add_page(dest, html)
    dest = "meetings/2024-02-07/index.html"
    indexer.add_page(dest, pages[dest].replace("less than before", "less than the pangolin"))
    assert sorted(indexer._early) == ["k0", "m0"]
    stats = indexer.finish(site)
    assert stats.written == 3  # m0 and k0 again (their early writing is dropped), and p
    assert Index(site / "pagefind").land("pangolin") == {"meetings/2024-02-07/#cluster-costs"}


def test_meeting_pages_are_written_oldest_first_across_series(tmp_path: Path) -> None:
    """MkDocs writes pages in the order of the site's files (its sitemap lists them in
    that order): the meeting pages come first and by date, a yearly archive file's meetings
    among the others, so each block of the search index is complete early in the build."""
    import re
    import textwrap

    notes = {
        "community/2024-01-10.md": "# Community call\n\n## Agenda\n\n* Budget [Ana]\n",
        "community/2024-03-06.md": "# Community call\n\n## Agenda\n\n* Docs [Ana]\n",
        "infra/2024-02-21.md": "# Infra sync\n\n## Agenda\n\n* Cluster [Tim]\n",
        "team/2024.md": textwrap.dedent(
            """\
            # Team meetings 2024

            ## 2024-01-24

            ### Agenda

            * Hiring [Ben]

            ## 2024-03-20

            ### Agenda

            * Roadmap [Ben]
            """
        ),
    }
    config = load_config(str(write_site(tmp_path, notes, extra_config="site_url: https://x.org/")))
    build(config)
    sitemap = (Path(config.site_dir) / "sitemap.xml").read_text(encoding="utf-8")
    urls = re.findall(r"<loc>https://x\.org/(.*?)</loc>", sitemap)
    meetings = [url for url in urls if re.fullmatch(r"meetings/\w+/\d{4}-\d\d-\d\d/", url)]
    assert meetings == [
        "meetings/community/2024-01-10/",
        "meetings/team/2024-01-24/",
        "meetings/infra/2024-02-21/",
        "meetings/community/2024-03-06/",
        "meetings/team/2024-03-20/",
    ]
    assert urls.index(meetings[-1]) < urls.index("people/")


def test_a_run_stopped_after_early_bundles_leaves_a_true_record(
    built: Path, archive: Archive, tmp_path: Path
) -> None:
    """A build that fails after some bundles were swapped in: the state the next run gets
    holds their new digests, never the last run's (which describe other documents)."""
    pages = _site_pages(built)
    site = tmp_path / "site"
    shutil.copytree(built, site)
    shutil.rmtree(site / "pagefind")
    first = PagefindIndexer(archive, None, notes_dir="meetings")
    for dest, html in pages.items():
        first.add_page(dest, html)
    first.finish(site)
    dest = "meetings/2024-02-07/index.html"
    pages[dest] = pages[dest].replace("less than before", "less than the pangolin")
    second = PagefindIndexer(archive, None, notes_dir="meetings", state=first.state)
    second.expect(site, pages)
    for dest, html in pages.items():
        second.add_page(dest, html)
    for _, future in second._early.values():
        future.result()
    second.cancel()  # the build failed before on_post_build
    salvaged = second.salvage()
    assert salvaged is not None
    assert salvaged.written["p"] == first.state.written["p"]  # not replaced
    for name in ("m0", "k0"):
        assert salvaged.written[name] == second._early[name][0] != first.state.written[name]
    assert Index(site / "pagefind").land("pangolin")


def test_a_failure_after_the_index_started_leaves_it_to_finish(tmp_path: Path) -> None:
    """``serve --strict`` aborts after ``on_post_build``: the index goes on."""
    from mkdocs_minutes.plugin.search import SearchWiring

    site = _page_site(tmp_path)
    wiring = SearchWiring()
    wiring.indexer = indexer = PagefindIndexer(None, None, notes_dir="meetings")
    wiring.pages = ["notes/index.html"]
    indexer.add_page("notes/index.html", (site / "notes" / "index.html").read_text())
    wiring.finish(site, background=True)
    wiring.abandon()
    indexer._thread.join(timeout=60)
    assert not indexer.cancelled
    assert (site / "pagefind" / "p" / "pagefind.js").is_file()


def test_a_failed_build_stops_the_bundles_it_started(
    built: Path, archive: Archive, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    indexer = PagefindIndexer(archive, None, notes_dir="meetings")
    indexer.cancel()
    indexer.expect(site, _site_pages(built))
    for dest, html in _site_pages(built).items():
        indexer.add_page(dest, html)
    assert indexer._early == {}  # nothing starts once cancelled
    assert not (site / "pagefind").exists()


@pytest.mark.parametrize("directory_urls,link", [(True, "search/"), (False, "search/index.html")])
def test_the_search_box_links_the_search_page(directory_urls: bool, link: str) -> None:
    from mkdocs_minutes.search.assets import JS_SRC, search_assets

    script = search_assets([], directory_urls)[JS_SRC]
    assert f'var SEARCH_PAGE = "{link}";' in script


def test_a_new_build_of_an_unchanged_site_writes_no_bundle(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The bundles' digests are kept in .cache/minutes/search.json: a build in a new
    process (a new plugin) writes only the bundles whose pages changed, and every one
    again once the cache is gone."""
    config_file = write_site(tmp_path, MEETINGS)

    def run() -> str:
        caplog.clear()
        with caplog.at_level("INFO", logger="mkdocs.plugins.minutes"):
            build(load_config(str(config_file), strict=True))
        return next(r.getMessage() for r in caplog.records if "Pagefind indexed" in r.message)

    assert "3 of 3 bundles written" in run()
    assert (tmp_path / ".cache" / "minutes" / "search.json").is_file()
    assert "0 of 3 bundles written" in run()
    # The build emptied the site folder: the bundles are copied back, and they answer.
    assert Index(tmp_path / "site" / "pagefind").land("zanzibar")
    note = tmp_path / "docs" / "meetings" / "2024-02-07.md"
    note.write_text(
        note.read_text(encoding="utf-8").replace("less than before", "less than the pangolin"),
        encoding="utf-8",
    )
    assert "2 of 3 bundles written" in run()  # the meetings and their parts, not p
    index = Index(tmp_path / "site" / "pagefind")
    assert index.land("pangolin") == {"meetings/2024-02-07/#cluster-costs"}
    shutil.rmtree(tmp_path / ".cache")
    assert "3 of 3 bundles written" in run()
