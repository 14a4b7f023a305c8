"""Rendering a page template into page Markdown, with links between the archive's pages.

:class:`PageRenderer` holds the Jinja environment (``templates.py``) and the record of
links (``links.py``); each page builder hands it a template name, the page's source path
and the page's variables. Templates link to other pages through ``links`` (a
:class:`PageLinks` bound to the page), which gives the relative URL and records the
target, so the plugin can check it exists (``--strict`` fails on a dead one). No MkDocs
import.
"""

from __future__ import annotations

from typing import Any

import jinja2
from markupsafe import Markup

from ..model import Meeting
from . import paths
from .fragments import from_template
from .links import HtmlLinks

DISCOVERED_LABEL = Markup(
    '<span class="minutes-label" title="found in the notes">discovered</span>'
)
"""How pages mark a topic found in the notes rather than written in the registry."""


class PageLinks:
    """Relative URLs from one page to the archive's other pages, for its template."""

    def __init__(self, links: HtmlLinks, src: str, meeting_src: dict[str, str], notes_dir: str):
        self._links = links
        self._src = src
        self._meeting_src = meeting_src
        self._notes_dir = notes_dir

    def to(self, src: str, anchor: str | None = None) -> str:
        """The URL of the page whose source path is ``src`` (``people/minrk.md``)."""
        return self._links.href(self._src, src, anchor)

    def meeting(self, meeting: Meeting | str, anchor: str | None = None) -> str:
        """A meeting's page (or an item or update on it, by ``anchor``)."""
        meeting_id = meeting if isinstance(meeting, str) else meeting.id
        return self.to(self._meeting_src[meeting_id], anchor)

    def person(self, person_id: str) -> str:
        """A person's page."""
        return self.to(paths.person_src(person_id))

    def topic(self, topic_id: str) -> str:
        """A topic's page."""
        return self.to(paths.topic_src(topic_id))

    def ref(self, page: str) -> str:
        """An issue's page, from its URL ``refs/<owner>/<repo>/<n>/``."""
        return self.to(paths.ref_src(page))

    def file(self, path: str) -> str:
        """A file of the site that is not a page, by its site path (a feed)."""
        return self._links.file(self._src, path)

    def meetings_index(self, anchor: str | None = None) -> str:
        """The meetings index (``<notes_dir>/``)."""
        return self.to(paths.notes_index_src(self._notes_dir), anchor)

    def index(self, name: str) -> str:
        """An index page: ``people``, ``topics``, ``refs`` or ``actions``."""
        return self.to(f"{name}/index.md")


class PageRenderer:
    """Renders the archive's page templates for one build."""

    def __init__(
        self,
        env: jinja2.Environment,
        links: HtmlLinks,
        meeting_src: dict[str, str],
        notes_dir: str,
    ) -> None:
        self.env = env
        self.links = links
        self.meeting_src = meeting_src
        self.notes_dir = notes_dir
        self.feeds = True
        """Whether the site writes feeds (``feeds`` option): pages link theirs only then."""

    def page_links(self, src: str) -> PageLinks:
        """Links from the page at ``src``."""
        return PageLinks(self.links, src, self.meeting_src, self.notes_dir)

    def html(self, template: str, src: str, **context: Any) -> str:
        """A template's HTML for the page at ``src``."""
        return self.env.get_template(template).render(
            links=self.page_links(src), icon=self.icon, discovered=DISCOVERED_LABEL, **context
        )

    def markdown(self, template: str, src: str, **context: Any) -> str:
        """A template's output as page Markdown (headings, then HTML fragments)."""
        return from_template(self.html(template, src, **context))

    def icon(self, name: str) -> Markup:
        """An icon of Material's set (``material/calendar``), inline, as the theme's emoji
        extension draws ``:material-calendar:``."""
        svg = _icon_svg(self.env, name)
        return Markup(f'<span class="twemoji">{svg}</span>')


_ICONS: dict[tuple[int, str], str] = {}


def _icon_svg(env: jinja2.Environment, name: str) -> str:
    """The SVG file of an icon, as written (read once per environment)."""
    key = (id(env), name)
    svg = _ICONS.get(key)
    if svg is None:
        assert env.loader is not None
        svg = _ICONS[key] = env.loader.get_source(env, f".icons/{name}.svg")[0]
    return svg
