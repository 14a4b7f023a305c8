"""The layer rules of ``docs/about/architecture.md``, read from the imports themselves.

Data flows one way: files -> notes (parse) -> model -> archive (index) -> pages -> plugin.
Each row names a package (or module) of ``mkdocs_minutes`` and what it must never import;
the last rule keeps MkDocs and Material in the plugin layer. Imports are read with
``ast`` from the source, so a lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "plugins" / "mkdocs_minutes"

#: (layer, the package's own layers it must not import)
RULES = [
    ("model", {"notes", "archive", "pages", "plugin", "rendering", "search", "options", "cli"}),
    ("text", {"notes", "archive", "pages", "plugin", "rendering", "search", "model"}),
    ("scan", {"notes", "archive", "pages", "plugin", "rendering", "search", "model", "text"}),
    ("notes", {"archive", "pages", "plugin", "rendering", "search", "options", "audit"}),
    ("archive", {"notes", "pages", "plugin", "rendering", "search", "options"}),
    ("pages", {"notes", "plugin", "search", "options", "cli", "check"}),
    ("rendering", {"notes", "archive", "pages", "plugin", "search", "options", "model"}),
    ("search", {"notes", "plugin", "options", "cli"}),
    ("audit", {"notes", "archive", "pages", "plugin", "rendering", "search", "options"}),
    # minutes generate: the plugin's pages for another generator, without the plugin (the
    # search page's script and stylesheet come from search/assets.py)
    ("generate", {"notes", "plugin", "cli", "check"}),
    # forked workers sharing jobs: used by the pages and the plugin, knows neither
    ("workers", {"model", "notes", "archive", "pages", "plugin", "rendering", "search"}),
]

#: Third-party packages only the plugin layer may import.
MKDOCS_ONLY = {"mkdocs", "material"}


def _modules(layer: str) -> list[Path]:
    folder = PACKAGE / layer
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [PACKAGE / f"{layer}.py"]


def _imports(path: Path) -> set[tuple[str, str]]:
    """(kind, name) of every import: ("own", first segment inside the package) or
    ("third", top-level package name)."""
    found: set[tuple[str, str]] = set()
    relative_to = path.relative_to(PACKAGE).parent.parts
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.add(_classify(alias.name))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(relative_to[: len(relative_to) - (node.level - 1)])
                target = [*base, *(node.module.split(".") if node.module else [])]
                if target:
                    found.add(("own", target[0]))
                else:  # ``from . import x`` at the top of the package
                    found.update(("own", alias.name) for alias in node.names)
            elif node.module:
                found.add(_classify(node.module))
    return found


def _classify(name: str) -> tuple[str, str]:
    parts = name.split(".")
    if parts[0] == "mkdocs_minutes":
        return ("own", parts[1] if len(parts) > 1 else "")
    return ("third", parts[0])


@pytest.mark.parametrize(("layer", "forbidden"), RULES, ids=[rule[0] for rule in RULES])
def test_layer_imports_only_below_it(layer: str, forbidden: set[str]) -> None:
    modules = _modules(layer)
    assert modules and all(path.exists() for path in modules), layer
    wrong = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in modules
        for kind, name in _imports(path)
        if kind == "own" and name in forbidden
    ]
    assert wrong == []


def test_only_the_plugin_layer_imports_mkdocs_or_material() -> None:
    wrong = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] != "plugin"
        for kind, name in _imports(path)
        if kind == "third" and name in MKDOCS_ONLY
    ]
    assert wrong == []


def test_the_rules_can_fail() -> None:
    """The reader sees relative, absolute and lazy imports (the rules are not vacuous)."""
    imports = _imports(PACKAGE / "plugin" / "__init__.py")
    assert ("third", "mkdocs") in imports and ("own", "pages") in imports
    assert ("own", "search") in _imports(PACKAGE / "plugin" / "search.py")  # inside a method
    assert ("own", "archive") in _imports(PACKAGE / "pages" / "site.py")


def test_the_plugin_loads_the_fuzzy_matcher_and_the_text_fixer_only_when_needed() -> None:
    """rapidfuzz (comparing actions) and ftfy (repairing a line that is not ASCII) are
    imported on first use: a build that reads its notes and actions from the caches, and
    the main process of one that compares actions in a worker, never load them."""
    import subprocess
    import sys

    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, mkdocs_minutes.plugin, mkdocs_minutes.archive, "
            "mkdocs_minutes.notes.parse\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rapidfuzz', 'ftfy')))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent,
    ).stdout
    assert loaded.strip() == "[]"
    from mkdocs_minutes.archive.actions import action_words, same_action
    from mkdocs_minutes.text import decode_note

    first = action_words("Matt to review the federation proposal draft")
    second = action_words("Matt to review the federation proposal drafts")
    assert same_action(first, second) >= 85
    assert decode_note("caf\u00c3\u00a9 \u00f0\u0178\u017d\u2030".encode()).repaired_lines == (1,)
