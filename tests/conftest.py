"""Shared fixtures: paths to the shared corpus, and real ``mkdocs build`` runs in tmp dirs."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "2019-03-21-team-meeting.md"
CORPUS = SHARED / "corpus"


IN_CI = os.environ.get("CI") == "true"
"""CI (``CI=true``, as GitHub and ``.ci/run`` set it) always has ../shared beside the clone."""


def shared_missing() -> str | None:
    """Why the tests marked ``shared`` cannot run here, or None when ../shared is there."""
    missing = [path for path in (SEED, CORPUS) if not path.exists()]
    if not missing:
        return None
    return (
        f"{missing[0]} is missing: the shared corpus and seed sit beside the repository "
        "(../shared) in the project's own checkouts and in CI, not in other clones"
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests that read ../shared skip with the reason when it is not beside the checkout (a
    fork, a user's clone); under ``CI=true`` that is a failure, never a skip: CI always has
    ../shared, so a skip there would hide that the corpus tests did not run.
    """
    if "shared" not in item.keywords:
        return
    reason = shared_missing()
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def fresh_plugins() -> None:
    """Each test gets new plugin instances. MkDocs keeps the instance of a plugin with an
    ``on_startup`` event for the whole process (so ``mkdocs serve`` can reuse what it
    computed), which would carry one test's state (a ``--dirty`` session, say) into the
    next; the tests of that reuse build several times within one test."""
    from mkdocs.config.defaults import MkDocsConfig

    MkDocsConfig.plugins.plugin_cache.clear()


#: Meetings per jupyter-ec archive file: one per date of every dated ``##`` heading.
EC_MEETINGS = {
    "meeting_notes/2023.md": 17,
    "meeting_notes/2024.md": 34,
    "meeting_notes/2025.md": 36,
    "meeting_notes/2026.md": 18,
    "office_hours/2023_Q1.md": 9,
    "office_hours/2023_Q2.md": 3,
    "reports/communitybuilding/minutes_2024.md": 27,
    "reports/communitybuilding/minutes_2025.md": 12,
}


def copy_demo(root: Path) -> Path:
    """Copy the repository's demo archive (config, docs, hooks) into ``root``; its config."""
    for name in ("mkdocs.yml", "docs", "hooks"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.exists():
            shutil.copy(source, root / name)
    return root / "mkdocs.yml"


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The process ids of the children the test forks (``os.fork`` counted)."""
    children: list[int] = []
    original = os.fork

    def counting_fork() -> int:
        pid = original()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counting_fork)
    return children


@pytest.fixture
def seed_bytes() -> bytes:
    """The canonical seed note, verbatim (mojibake included)."""
    return SEED.read_bytes()


def write_site(
    root: Path,
    notes: dict[str, str | bytes],
    *,
    plugin_options: str = "",
    extra_config: str = "",
    docs: dict[str, str] | None = None,
) -> Path:
    """A minimal site (``plugins: [search, minutes]``) with the given notes; returns mkdocs.yml."""
    docs_dir = root / "docs"
    for relative, content in notes.items():
        path = docs_dir / "meetings" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    for relative, content in (docs or {}).items():
        path = docs_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content), encoding="utf-8")
    docs_dir.mkdir(parents=True, exist_ok=True)
    options = textwrap.indent(textwrap.dedent(plugin_options).strip(), "      ")
    minutes = "  - minutes" + (":\n" + options if options.strip() else "")
    config = root / "mkdocs.yml"
    config.write_text(
        "site_name: Test archive\n"
        "site_url: https://example.org/minutes/\n"
        "theme:\n  name: material\n"
        f"plugins:\n  - search\n{minutes}\n" + textwrap.dedent(extra_config),
        encoding="utf-8",
    )
    return config


def copy_tree(source: Path, target: Path) -> None:
    """Copy a corpus folder into a test site (the corpus itself is never modified)."""
    shutil.copytree(source, target, dirs_exist_ok=True)


ZENSICAL_EXAMPLE = REPO / "examples" / "zensical" / "mkdocs.yml"


def require_zensical() -> None:
    """Skip, with the reason, when Zensical is not installed; under ``CI=true`` fail
    instead (CI installs the test extra, which brings it), unless Python is older than
    Zensical needs (3.11)."""
    import importlib.util
    import sys

    if importlib.util.find_spec("zensical") is not None:
        return
    if sys.version_info < (3, 11):
        pytest.skip("Zensical needs Python 3.11 or later")
    reason = "Zensical is not installed: `pip install -e '.[test]'` (or `make test`) installs it"
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def demo_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo archive built twice from one copy: by MkDocs with the plugin (``mkdocs``)
    and by Zensical from the tree ``minutes generate`` writes (``zensical``, its search
    index written over it). Missing Zensical skips the tests that use it, with the reason;
    under ``CI=true`` it fails them: CI installs the test extra, which brings it."""
    require_zensical()
    import subprocess
    import sys

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from mkdocs_minutes.cli import main

    root = tmp_path_factory.mktemp("demo")
    config = copy_demo(root)
    build(load_config(str(config), strict=True))
    example = root / "examples" / "zensical" / "mkdocs.yml"
    shutil.copytree(
        ZENSICAL_EXAMPLE.parent,
        example.parent,
        ignore=shutil.ignore_patterns("site-zensical", "docs-generated", ".cache"),
    )
    assert main(["generate", "--config", str(example)]) == 0
    built = subprocess.run(
        # --strict: Zensical checks every link and anchor, HTML's included.
        [sys.executable, "-m", "zensical", "build", "--strict", "-f", str(example)],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    site = example.parent / "site-zensical"
    index_site(site, config)
    return {"root": root, "mkdocs": root / "site", "zensical": site, "config": config}


def index_site(site: Path, config: Path) -> None:
    """``minutes index SITE_DIR`` over a built site, as ``make zensical`` runs it."""
    from mkdocs_minutes.cli import main

    assert main(["index", "--config", str(config), str(site)]) == 0
