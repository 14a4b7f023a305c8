"""The plugin's options as the ``minutes`` commands read them from ``mkdocs.yml``.

``--config FILE``, else ``./mkdocs.yml`` when present, else the defaults (the contract).
:func:`resolve_path` is the one rule for a file option (a registry, the note template):
relative to ``mkdocs.yml``, else to ``docs_dir``; the plugin uses it too. No MkDocs
import: the commands work without building the site.

A config written for another generator (``examples/zensical/mkdocs.yml``) names the
staging tree ``minutes generate`` writes as its ``docs_dir``, and the site's own pages
and notes as the ``minutes`` option ``source_dir``: the commands read the notes from
``source_dir`` and ``generate`` writes into ``docs_dir``.
"""

from __future__ import annotations

import os
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
    site_name: str = ""
    site_description: str = ""
    use_directory_urls: bool = True
    site_docs_dir: Path | None = None
    """The config's own ``docs_dir`` when the ``source_dir`` option moved the notes
    elsewhere: where a generator reads the tree ``minutes generate`` writes."""
    theme_dir: Path | None = None
    """The theme's ``custom_dir``: its ``minutes/`` templates override the package's."""

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


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    """``!ENV NAME`` or ``!ENV [NAME, ..., default]``, as MkDocs reads it."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, yaml.SequenceNode):
        values = loader.construct_sequence(node)
        names, default = (
            values[:-1] if len(values) > 1 else values,
            (values[-1] if len(values) > 1 else None),
        )
    else:
        return None
    for name in names:
        if str(name) in os.environ:
            return yaml.safe_load(os.environ[str(name)])
    return default


_LenientLoader.add_constructor("!ENV", _env_tag)
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
    source = options.get("source_dir")
    theme = data.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    return SiteOptions(
        config_path=config,
        docs_dir=config.parent / str(source) if source else docs_dir,
        options=options,
        repo_url=data.get("repo_url"),
        edit_uri=data.get("edit_uri"),
        site_url=data.get("site_url"),
        site_name=str(data.get("site_name") or ""),
        site_description=str(data.get("site_description") or ""),
        use_directory_urls=data.get("use_directory_urls", True) is not False,
        site_docs_dir=docs_dir if source else None,
        theme_dir=config.parent / str(custom_dir) if custom_dir else None,
    )
