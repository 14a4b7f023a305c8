"""The Jinja templates pages are drawn with, and the environment that renders them.

Every page the archive adds (person, topic, issue, actions and index pages, the home
overview) and the header of every meeting page is an HTML template under the package's
``templates/minutes/`` folder. A site changes how a page looks by putting a file of the
same name under ``minutes/`` in its theme's ``custom_dir``, as it overrides any Material
template: the environment searches the site's template folders first
(``config.theme.dirs`` under MkDocs, custom folders elsewhere), then the package's, then
Material's (for its ``.icons``).

Escaping: every string a template prints (``{{ value }}``) is HTML-escaped, quotes
included (safe in an attribute too), unless it is :class:`~markupsafe.Markup` (HTML the
page builders made safe). The ``text`` filter escapes without quotes, as Markdown does for text it renders.
``docs/about/templates.md`` lists each template and the variables it receives. No MkDocs
import: the plugin and ``minutes generate`` both render through :func:`environment`.
"""

from __future__ import annotations

import functools
import html
import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..fingerprint import digest_of
from .markup import counted, plain, plain_excerpt

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
"""The package's own templates (``templates/minutes/*.html``)."""


def _material_templates() -> list[str]:
    """Material's template folder, for the icons (``.icons/...``) the templates include:
    a folder of files, found without importing Material (the core runs without it)."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover
        return []
    return [str(Path(location) / "templates") for location in spec.submodule_search_locations]


def _finalize(value: Any) -> Any:
    """What ``{{ value }}`` prints: nothing for None, strings escaped with their quotes,
    :class:`~markupsafe.Markup` as it is.

    The environment escapes here rather than through Jinja's ``autoescape``: one pass per
    printed value instead of two (a person page prints thousands), with the escaping
    Python-Markdown's pages have always had (``&quot;``, ``&#x27;``).
    """
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return html.escape(value)
    return value


def _text(value: Any) -> Markup:
    """Text escaped as Markdown escapes the text it renders (quotes kept as they are)."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=False))


def environment(search_path: Sequence[str | Path] = ()) -> jinja2.Environment:
    """A Jinja environment over the site's template folders, the package's and Material's;
    a new one when a template changed (``mkdocs serve`` after an override was edited)."""
    folders = [str(folder) for folder in search_path]
    for extra in (str(PACKAGE_TEMPLATES), *_material_templates()):
        if extra not in folders:
            folders.append(extra)
    return _environment(tuple(folders), templates_key(search_path))


def templates_key(search_path: Sequence[str | Path] = ()) -> str:
    """A digest of the page templates a site uses (its overrides and the package's): what
    a drawn page depends on besides its variables."""
    return digest_of(
        [(name, path.read_bytes()) for name, path in sorted(template_files(search_path).items())]
    )


@functools.lru_cache(maxsize=8)
def _environment(folders: tuple[str, ...], key: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(folders)),
        autoescape=False,  # _finalize escapes every printed value
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
    )
    env.filters["text"] = _text
    env.filters["plain"] = plain
    env.filters["excerpt"] = plain_excerpt
    env.filters["count"] = counted
    return env


def template_files(search_path: Sequence[str | Path] = ()) -> dict[str, Path]:
    """Each template name (``minutes/person.html``) and the file that provides it: what
    the cache key of the pages covers (an override changes every page it draws)."""
    found: dict[str, Path] = {}
    folders = [Path(folder) for folder in search_path] + [PACKAGE_TEMPLATES]
    for folder in reversed(folders):
        base = folder / "minutes"
        if base.is_dir():
            for path in sorted(base.rglob("*.html")):
                found[path.relative_to(folder).as_posix()] = path
    return found
