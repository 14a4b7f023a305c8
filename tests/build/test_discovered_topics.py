"""Topics that find themselves, in real builds (issue 13): pages, export, the options, and
``minutes topics`` printing a registry the build accepts as it is."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_minutes.archive.registry import load_topics
from mkdocs_minutes.cli import main
from tests.conftest import CORPUS, write_site

EC = CORPUS / "jupyter-ec"


def _build(config: Path) -> Path:
    loaded = load_config(str(config))
    build(loaded)
    return Path(loaded.site_dir)


def _ec_site(root: Path, options: str = "") -> Path:
    notes = root / "docs" / "meetings"
    for folder in ("meeting_notes", "office_hours", "reports"):
        shutil.copytree(EC / folder, notes / folder)
    return write_site(root, {}, plugin_options=options)


@pytest.fixture(scope="module")
def ec_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if not EC.exists():
        pytest.skip(f"{EC} is missing")
    root = tmp_path_factory.mktemp("ec")
    config = _ec_site(root)
    return config, _build(config)


@pytest.mark.shared
def test_archive_without_registry_gets_discovered_topics(ec_site: tuple[Path, Path]) -> None:
    _, site = ec_site
    export = json.loads((site / "meetings.json").read_text(encoding="utf-8"))
    topics = export["topics"]
    assert 10 <= len(topics) <= 60
    assert all(t["discovered"] is True and t["aliases"] for t in topics)
    names = {t["name"] for t in topics}
    assert {"JupyterCon", "Jupyter Foundation", "Software Steering Council"} <= names
    items = {(m["id"], i["anchor"]): i for m in export["meetings"] for i in m["items"]}
    for topic in topics:
        assert (site / topic["url"] / "index.html").exists(), topic["url"]
        for entry in topic["items"]:
            assert topic["id"] in items[entry["meeting"], entry["anchor"]]["topics"]
        assert len({e["meeting"] for e in topic["items"]}) >= 3, topic["name"]
    index = (site / "topics" / "index.html").read_text(encoding="utf-8")
    assert "No topics yet" not in index
    assert index.count('class="minutes-label"') >= len(topics)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Recent topics" in home and 'class="minutes-label"' in home
    page = (site / "topics" / "jupytercon" / "index.html").read_text(encoding="utf-8")
    assert "Found in the notes" in page and "Timeline" in page


@pytest.mark.shared
def test_minutes_topics_prints_a_registry_the_build_accepts(
    ec_site: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, site = ec_site
    assert main(["topics", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Topics discovered")
    assert "# 3" in out or "meetings, first" in out
    registry = config.parent / "topics.yml"
    registry.write_text(out, encoding="utf-8")
    entries = load_topics(registry)
    discovered = json.loads((site / "meetings.json").read_text(encoding="utf-8"))["topics"]
    assert [e.id for e in entries] == [t["id"] for t in discovered]
    # The build accepts it as it is: the same topics, now the registry's.
    root = tmp_path / "with-registry"
    curated = _ec_site(root, "topics: topics.yml")
    shutil.copy(registry, root / "topics.yml")
    export = json.loads((_build(curated) / "meetings.json").read_text(encoding="utf-8"))
    ids = [t["id"] for t in export["topics"]]
    assert ids[: len(entries)] == [e.id for e in entries]
    assert not any(t["discovered"] for t in export["topics"][: len(entries)])
    # Registry phrases match every mention: each timeline holds at least what was found.
    before = {t["id"]: len(t["items"]) for t in discovered}
    after = {t["id"]: len(t["items"]) for t in export["topics"]}
    assert all(after[i] >= before[i] for i in before)
    # Run again over the curated site, it prints no topic the registry already holds.
    assert main(["topics", "--config", str(curated)]) == 0
    again = capsys.readouterr().out
    assert "- id: jupytercon" not in again


NOTES = {
    f"team/2024-{month:02d}-{day:02d}.md": f"""\
    # Team meeting

    ## Agenda

    * {"STAC browser" if (month + day) % 2 else "Kubernetes upgrade"}
      * notes
    * Budget {month}
    """
    for month in range(1, 9)
    for day in (4, 18)
}


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ("", {"stac-browser", "kubernetes-upgrade"}),
        ("topics_discover: false", set()),
        ("topics_exclude: [stac-browser]", {"kubernetes-upgrade"}),
        ('topics_exclude: ["Kubernetes upgrade"]', {"stac-browser"}),
    ],
)
def test_topics_discover_and_topics_exclude(tmp_path: Path, options: str, expected: set) -> None:
    site = _build(write_site(tmp_path, NOTES, plugin_options=options))
    export = json.loads((site / "meetings.json").read_text(encoding="utf-8"))
    assert {t["id"] for t in export["topics"]} == expected
    index = (site / "topics" / "index.html").read_text(encoding="utf-8")
    assert ("No topics yet" in index) is (not expected)
