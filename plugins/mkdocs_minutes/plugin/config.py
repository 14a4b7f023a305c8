"""The ``minutes`` plugin's options (``plugins: [minutes: {...}]`` in ``mkdocs.yml``).

Every feature is on by default; a site with just ``plugins: [search, minutes]`` gets the
whole product. The same options are read by the ``minutes`` commands (``--config``).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig


class MinutesConfig(Config):
    """Options of the ``minutes`` plugin; the README's configuration reference lists them."""

    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it (e.g. for a quick draft build)."""
    notes_dir = c.Type(str, default="meetings")
    """Folder under ``docs_dir`` whose ``.md`` files are meeting notes."""
    people = c.Optional(c.Type(str))
    """YAML registry of people (handle, name, aliases, affiliation), relative to the config."""
    topics = c.Optional(c.Type(str))
    """YAML registry of topics (id, name, description, aliases, match, merge), relative to the
    config."""
    topics_discover = c.Type(bool, default=True)
    """Find the topics the notes keep coming back to, with or without a registry."""
    topics_exclude = c.ListOfItems(c.Type(str), default=[])
    """Ids or phrases of discovered topics to hide (``[project-board, "share out"]``)."""
    github_repo = c.Optional(c.Type(str))
    """Default ``owner/repo`` for bare ``#123`` references; without it they are not links."""
    template = c.Optional(c.Type(str))
    """Template file for ``minutes new``; the built-in template follows the seed's sections."""
    raw_html = c.Choice(("sanitize", "keep"), default="sanitize")
    """Raw HTML written inside notes: sanitised by default; ``keep`` trusts every author."""
    feeds = c.Type(bool, default=True)
    """Write ``feed.xml`` (RSS 2.0) and ``feed.json`` (JSON Feed 1.1) of meetings."""
    feed_limit = c.Type(int, default=50)
    """How many meetings the feeds hold, newest first."""
    export = c.Type(bool, default=True)
    """Write ``meetings.json`` (schema ``mkdocs-minutes/1``)."""
    item_search = c.Type(bool, default=True)
    """Add a search entry per agenda item and update, so a result opens the item."""
    search_engine = c.Choice(("pagefind", "lunr"), default="pagefind")
    """``pagefind``: a chunked Pagefind index behind Material's search box (fast at any
    size); ``lunr``: Material's own search, whose index every page downloads whole."""
    overview = c.Type(bool, default=True)
    """Generate a home page (or fill ``<!-- minutes:overview -->``) with the archive overview."""
    cache = c.Type(bool, default=True)
    """Keep parsed notes and rendered pages under ``.cache/minutes/`` (beside ``mkdocs.yml``),
    so the next build reuses what did not change; ``false`` parses and renders everything."""
    source_dir = c.Optional(c.Type(str))
    """For ``minutes generate`` and the other commands, not the plugin: the folder of the
    site's own pages and notes when ``docs_dir`` names the staging tree that ``minutes
    generate`` writes for another generator (Zensical), relative to ``mkdocs.yml``."""
    parallel = c.Type(bool, default=True)
    """Parse notes (with the disk cache) and render the generated pages in worker processes
    on the machine's other cores (POSIX; pages only when no other plugin handles page
    events); ``false`` does all in one process."""


def config_folder(config: MkDocsConfig) -> Path:
    """The folder of ``mkdocs.yml`` (resolved): ``.cache/minutes/`` is there, and the
    caches' keys name the project's folders from there (:func:`beside_config`)."""
    return Path(config.config_file_path or ".").resolve().parent


def beside_config(config: MkDocsConfig, path: str) -> str:
    """``path`` relative to the folder of ``mkdocs.yml`` when it is inside it (MkDocs makes
    ``docs_dir`` and ``site_dir`` absolute), else ``path`` itself: what the caches are
    keyed on, so that the same project in another folder (a CI runner that restores
    ``.cache/`` into a new checkout) finds them."""
    try:
        return Path(path).resolve().relative_to(config_folder(config)).as_posix()
    except ValueError:
        return path
