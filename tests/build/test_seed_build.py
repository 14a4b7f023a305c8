"""Real ``mkdocs build`` runs of the seed note: the pages and the export a user gets."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.conftest import REPO, SEED, copy_demo, write_site

pytestmark = pytest.mark.shared


def run_build(config_file: Path, strict: bool = False):
    """Build a site like ``mkdocs build`` does and return its site dir."""
    config = load_config(str(config_file), strict=strict)
    build(config)
    return Path(config.site_dir)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own demo archive, built with --strict into a temp dir."""
    root = tmp_path_factory.mktemp("demo")
    copy_demo(root)
    return run_build(root / "mkdocs.yml", strict=True)


@pytest.fixture(scope="module")
def export(demo_site: Path) -> dict:
    return json.loads((demo_site / "meetings.json").read_text(encoding="utf-8"))


def test_seed_is_copied_verbatim() -> None:
    assert (REPO / "docs" / "meetings" / "2019-03-21.md").read_bytes() == SEED.read_bytes()


def test_export_roll_call(export: dict) -> None:
    meeting = export["meetings"][0]
    assert export["schema"] == "mkdocs-minutes/1"
    assert meeting["id"] == "2019-03-21"
    assert meeting["date"] == "2019-03-21"
    assert meeting["url"] == "meetings/2019-03-21/"
    assert meeting["source"] == {"path": "2019-03-21.md", "line": 1}
    people = {a["person"]: a for a in meeting["attendees"]}
    assert len(meeting["attendees"]) == 9
    assert set(people) == {
        "zsailer",
        "minrk",
        "pherterich",
        "consideratio",
        "sgibson91",
        "lheagy",
        "betatim",
        "jhamman",
        "ellisonbg",
    }
    assert people["minrk"]["present"] is False
    assert all(a["present"] for p, a in people.items() if p != "minrk")
    assert people["pherterich"]["affiliation"] == "The Turing Way & University of Birmingham"
    assert people["zsailer"]["handle"] == "Zsailer"


def test_export_updates(export: dict) -> None:
    updates = export["meetings"][0]["updates"]
    authors = [u["person"] for u in updates]
    assert authors[:4] == ["pherterich", "consideratio", "lheagy", "jhamman"]
    assert authors[4] == "betatim"
    assert len(updates) == 7
    assert {u["anchor"] for u in updates} >= {"update-consideratio", "update-betatim"}
    assert updates[1]["text"].startswith("update, lab coms")
    assert updates[1]["line"] == 36


def test_export_items_refs_topics(export: dict) -> None:
    meeting = export["meetings"][0]
    titles = [i["title"] for i in meeting["items"]]
    assert "Federation/redirection" in titles
    federation = next(i for i in meeting["items"] if i["title"] == "Federation/redirection")
    assert federation["speakers"] == ["betatim"]
    assert federation["minutes"] == 10
    assert "federation" in federation["topics"]
    refs = {(r["repo"], r["number"], r["kind"]) for r in meeting["refs"]}
    assert refs >= {
        ("jupyterhub/mybinder.org-deploy", 759, "issue"),
        ("binder-examples/apt_install", 4, "pull"),
        ("jupyterlab/jupyterlab", 6099, "pull"),
        ("jupyterhub/jupyterhub", 1057, "issue"),
    }
    ref_759 = next(r for r in export["refs"] if r["number"] == 759)
    assert ref_759["page"] == "refs/jupyterhub/mybinder.org-deploy/759/"
    assert ref_759["meetings"] == ["2019-03-21"]
    topics = {t["id"]: t for t in export["topics"]}
    assert {"federation", "communications-plan", "ovh", "discourse"} <= set(topics)
    assert {"meeting": "2019-03-21", "anchor": federation["anchor"]} in topics["federation"][
        "items"
    ]
    assert topics["communications-plan"]["items"]
    # Discovery is on by default; the demo's registry topics stay the registry's.
    assert not any(topics[t]["discovered"] for t in ("federation", "communications-plan"))
    assert topics["federation"]["aliases"][0] == "federation/redirection"


def test_export_actions(export: dict) -> None:
    actions = export["meetings"][0]["actions"]
    texts = [a["text"] for a in actions]
    sylvain = next(a for a in actions if "calendar invive" in a["text"])
    assert sylvain["assignees"] == ["sylvaincorlay"]
    arrows = [t for t in texts if t.startswith(("let's see", "make sure", "make the loading"))]
    assert len(arrows) == 3


def test_export_people(export: dict) -> None:
    people = {p["id"]: p for p in export["people"]}
    assert people["consideratio"]["name"] == "Erik Sundell"
    assert "Erik" in people["consideratio"]["names"]
    assert people["consideratio"]["url"] == "people/consideratio/"
    assert people["minrk"]["handle"] == "minrk"


def test_meeting_page(demo_site: Path) -> None:
    html = (demo_site / "meetings" / "2019-03-21" / "index.html").read_text(encoding="utf-8")
    assert "🎉" in html and "ðŸŽ‰" not in html
    assert 'id="federationredirection"' in html
    assert 'id="update-consideratio"' in html
    assert 'href="../../people/consideratio/"' in html
    assert "Absent:" in html
    # The seed's 4-space nested lists stay nested.
    assert re.search(r"<li[^>]*>.*?OVH.*?<ul>", html, re.S)
    # References show as owner/repo#N and link to their archive page.
    assert "jupyterhub/mybinder.org-deploy#759" in html
    assert "../../refs/jupyterhub/mybinder.org-deploy/759/" in html
    assert 'property="og:title"' in html
    assert 'type="application/rss+xml"' in html


def test_person_page(demo_site: Path) -> None:
    html = (demo_site / "people" / "consideratio" / "index.html").read_text(encoding="utf-8")
    assert "Erik Sundell" in html
    assert "https://github.com/consideRatio" in html
    assert "update, lab coms" in html
    assert "../../meetings/2019-03-21/#update-consideratio" in html


def test_indexes_and_feeds(demo_site: Path) -> None:
    for page in ("meetings", "people", "topics", "refs", "actions"):
        assert (demo_site / page / "index.html").exists(), page
    latest = (demo_site / "meetings" / "latest" / "index.html").read_text(encoding="utf-8")
    assert "../../meetings/2019-03-21/" in latest
    assert (demo_site / "feed.xml").exists() and (demo_site / "feed.json").exists()
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    assert "Latest meeting" in home and 'role="img"' in home


def test_strict_build_logs_seed_findings_as_info(tmp_path: Path, caplog) -> None:
    config = write_site(tmp_path, {"2019-03-21.md": SEED.read_bytes()})
    with caplog.at_level(logging.DEBUG, logger="mkdocs"):
        run_build(config, strict=True)
    minutes = [r for r in caplog.records if r.name == "mkdocs.plugins.minutes"]
    assert any("mojibake" in r.getMessage() and r.levelno == logging.INFO for r in minutes)
    assert any("template line" in r.getMessage() for r in minutes)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    messages = [r.getMessage().removeprefix("minutes: ") for r in minutes]
    about_note = [m for m in messages if "2019-03-21" in m]
    assert about_note
    assert [m for m in about_note if not m.startswith("meetings/2019-03-21.md:")] == []
