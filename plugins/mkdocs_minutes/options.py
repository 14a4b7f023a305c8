"""The plugin's options as the ``minutes`` commands read them from ``mkdocs.yml``.

``--config FILE``, else ``./mkdocs.yml`` when present, else the defaults (the contract).
:func:`resolve_path` is the one rule for a file option (a registry, the note template):
relative to ``mkdocs.yml``, else to ``docs_dir``; the plugin uses it too. No MkDocs
import: the commands work without building the site.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml


def resolve_path(config_dir: Path, docs_dir: Path, value: str) -> Path:
    """A file option's path: relative to the folder of ``mkdocs.yml``, else to
    ``docs_dir`` when only that one exists."""
    candidate = config_dir / value
    if not candidate.exists() and (docs_dir / value).exists():
        return docs_dir / value
    return candidate


@dataclass
class SiteOptions:
    """What the commands need from ``mkdocs.yml``: folders and the plugin's options."""

    config_path: Path | None
    docs_dir: Path
    options: dict = field(default_factory=dict)
    repo_url: str | None = None
    edit_uri: str | None = None
    site_url: str | None = None

    @property
    def notes_dir(self) -> str:
        """The plugin's ``notes_dir`` option (default ``meetings``)."""
        return str(self.options.get("notes_dir") or "meetings")

    @property
    def notes_root(self) -> Path:
        """The notes folder on disk."""
        return self.docs_dir / self.notes_dir

    def resolve(self, option: str) -> Path | None:
        """A file option (``people``, ``topics``, ``template``) as a path, or None."""
        value = self.options.get(option)
        if not value:
            return None
        base = self.config_path.parent if self.config_path else Path.cwd()
        return resolve_path(base, self.docs_dir, str(value))


class _LenientLoader(yaml.SafeLoader):
    """Reads ``mkdocs.yml`` without importing what ``!!python/name:`` tags name."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
_LenientLoader.add_multi_constructor("!", _ignore_tag)


def load_site_options(config: Path | None = None, cwd: Path | None = None) -> SiteOptions:
    """``--config FILE``, else ``./mkdocs.yml`` when present, else the defaults."""
    cwd = cwd or Path.cwd()
    if config is None and (cwd / "mkdocs.yml").exists():
        config = cwd / "mkdocs.yml"
    if config is None:
        return SiteOptions(None, cwd / "docs")
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_LenientLoader) or {}
    options: dict = {}
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and "minutes" in plugin:
            options = dict(plugin["minutes"] or {})
    docs_dir = config.parent / str(data.get("docs_dir") or "docs")
    return SiteOptions(
        config_path=config,
        docs_dir=docs_dir,
        options=options,
        repo_url=data.get("repo_url"),
        edit_uri=data.get("edit_uri"),
        site_url=data.get("site_url"),
    )
