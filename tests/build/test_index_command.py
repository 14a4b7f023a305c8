"""``minutes index SITE_DIR``: search over a site built without the plugin's Pagefind step.

A site is built by MkDocs with ``search_engine: lunr`` (Material's own search, no Pagefind
bundle), then ``minutes index`` indexes the folder and adds the search page; the bundles
are read back without a browser (``search/bundle.py``), as the search box would: a word
lands on the item where it is.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_minutes.cli import main
from mkdocs_minutes.search.bundle import local as local_files
from mkdocs_minutes.search.bundle import read_index, search_bundles
from tests.build.test_search_index import MEETINGS
from tests.conftest import write_site


@pytest.fixture(scope="module")
def lunr_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("lunr-site")
    config_file = write_site(root, MEETINGS, plugin_options="search_engine: lunr")
    config = load_config(str(config_file), strict=True)
    build(config)
    return config_file, Path(config.site_dir)


@pytest.fixture(scope="module")
def indexed(lunr_site: tuple[Path, Path], tmp_path_factory) -> Path:
    config_file, site = lunr_site
    assert not (site / "pagefind").exists()
    assert not (site / "search" / "index.html").exists()
    cwd = os.getcwd()
    os.chdir(config_file.parent)  # the notes are found from ./mkdocs.yml, as a user runs it
    try:
        assert main(["index", str(site)]) == 0
    finally:
        os.chdir(cwd)
    return site


def land(site: Path, word: str) -> set[str]:
    return set().union(*(b.land(word) for b in search_bundles(local_files(site / "pagefind"))))


@pytest.mark.parametrize(
    "word,expected",
    [
        (
            "quokka",
            {
                "meetings/2024-01-10/#quokka-cluster-migration",
                "meetings/2024-02-07/#cluster-costs",
            },
        ),
        ("zanzibar", {"meetings/2024-01-24/#update-betatim"}),
        ("flamingo", {"meetings/2024-01-24/"}),
    ],
)
def test_a_word_lands_on_its_item(indexed: Path, word: str, expected: set[str]) -> None:
    assert land(indexed, word) == expected


def test_meetings_carry_the_search_pages_filters(indexed: Path) -> None:
    bundles = read_index(local_files(indexed / "pagefind"))
    assert sorted(bundles) == ["k0", "m0", "p"]
    meeting = bundles["m0"].all()["meetings/2024-01-10/"]
    assert meeting["filters"] == {
        "kind": ["meeting"],
        "person": ["betatim", "adalovelace"],  # roll-call order
        "year": ["2024"],
    }
    part_kinds = sorted(
        p["filters"]["kind"][0]
        for url, p in bundles["k0"].all().items()
        if url.startswith("meetings/2024-01-10/")
    )
    assert part_kinds == ["action", "item", "update"]


def test_the_search_page_is_written_inside_the_sites_theme(indexed: Path) -> None:
    page = (indexed / "search" / "index.html").read_text(encoding="utf-8")
    assert "data-minutes-results" in page
    assert 'class="md-header' in page, "the page borrows the theme's layout"
    assert "<title>Search - Test archive</title>" in page
    assert '<script src="../assets/minutes/search-page.js"></script>' in page
    for asset in ("search-page.js", "search-page.css"):
        assert (indexed / "assets" / "minutes" / asset).is_file()
    # The borrowed page's content is gone, its title and canonical URL replaced.
    assert 'href="https://example.org/minutes/search/"' in page
    assert "Team Meeting</a>" not in page.split("data-minutes-search", 1)[1]


def test_indexing_again_keeps_the_search_page(indexed: Path, lunr_site) -> None:
    config_file, site = lunr_site
    before = (site / "search" / "index.html").read_bytes()
    assert main(["--config", str(config_file), "index", str(site)]) == 0
    assert (site / "search" / "index.html").read_bytes() == before


def test_a_site_without_its_notes_is_indexed_without_filters(tmp_path: Path, capsys) -> None:
    site = tmp_path / "site"
    page = site / "notes" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<html lang="en"><body><article class="md-content__inner">'
        "<h1>Notes</h1><p>pelican</p></article></body></html>",
        encoding="utf-8",
    )
    assert main(["index", str(site), "--notes-dir", str(tmp_path / "missing")]) == 0
    assert "no notes folder" in capsys.readouterr().err
    assert land(site, "pelican") == {"notes/"}
    assert (site / "search" / "index.html").is_file()


def test_a_missing_folder_is_an_error(tmp_path: Path, capsys) -> None:
    assert main(["index", str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err
