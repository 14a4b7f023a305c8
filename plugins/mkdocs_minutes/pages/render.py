"""Rendering a page template into page Markdown, with links between the archive's pages.

:class:`PageRenderer` holds the Jinja environment (``templates.py``) and the record of
links (``links.py``); each page builder hands it a template name, the page's source path
and the page's variables. Templates link to other pages through ``links`` (a
:class:`PageLinks` bound to the page), which gives the relative URL and records the
target, so the plugin can check it exists (``--strict`` fails on a dead one). No MkDocs
import.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import jinja2
from markupsafe import Markup

from ..model import Meeting
from ..workers import SharedJobs
from . import paths
from .feeds import FeedMemo
from .fragments import from_template
from .links import HtmlLinks
from .packing import Packable, packed, unpacked

T = TypeVar("T")

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
        self.targets: set[str] = set()
        """Every page linked to (source paths), for a redrawn page's links to be checked."""

    def to(self, src: str, anchor: str | None = None) -> str:
        """The URL of the page whose source path is ``src`` (``people/minrk.md``)."""
        self.targets.add(src)
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
        self.targets.add(path)
        return self._links.file(self._src, path)

    def meetings_index(self, anchor: str | None = None) -> str:
        """The meetings index (``<notes_dir>/``)."""
        return self.to(paths.notes_index_src(self._notes_dir), anchor)

    def index(self, name: str) -> str:
        """An index page: ``people``, ``topics``, ``refs`` or ``actions``."""
        return self.to(f"{name}/index.md")


@dataclass(frozen=True)
class MeetingLink:
    """What a page that lists meetings shows of one: its link, date, title and series.

    Person, topic, issue and index pages hold these rather than the meetings: the pages
    memo compares a page's variables with the last build's, and a whole meeting differs
    after any edit to its note, which would redraw every page that lists it (a topic
    timeline of hundreds of entries) for a word changed in its body.
    """

    id: str
    date: dt.date
    title: str
    series: str | None


@dataclass
class _Drawn:
    """A page drawn by the last build: what it was drawn from, and what came out."""

    inputs: object
    output: str | bytes
    """The output, or it compressed (a memo that keeps its pages compact)."""
    targets: frozenset[str]

    @property
    def text(self) -> str:
        """The output as drawn."""
        return unpacked(self.output)

    def __getstate__(self) -> dict[str, object]:
        # Pickled (the session) with the output compressed: pickling keeps what it wrote
        # until it is done (60 MB of Markdown at 1,000 meetings), and a str pickled as it
        # is would keep a UTF-8 copy of itself (CPython caches it on a non-ASCII str).
        return {**self.__dict__, "output": packed(self.output)}


PageMarkdown = Packable
"""A drawn page's Markdown as :meth:`PageRenderer.remember` gives it: compressed
(``packing.py``) when the memo keeps its pages compact. At 1,000 meetings the pages of a
``mkdocs build``, held all at once between drawing and writing them, were 116 MB as text
(a note with one emoji makes its page four bytes a character) and about 10 MB
compressed."""


class PagesMemo:
    """The pages of the last build, by page and template, with what they were drawn from.

    A page whose template gets the same variables again is the same page: it is not drawn
    again (a person page of hundreds of entries, at every rebuild of ``mkdocs serve``),
    and its links are recorded as if it had been. Equality of the variables is the test:
    the model and the index are value objects, and an unchanged note's meetings are the
    same objects from build to build, so comparing is cheap.
    """

    def __init__(self) -> None:
        self._drawn: dict[tuple[str, str], _Drawn] = {}
        self._used: set[tuple[str, str]] = set()
        self._settings: object = None
        self.hits = 0
        self.drawn = 0
        self.feeds = FeedMemo()
        """The feeds of the last build (written after the pages, ``outputs.py``)."""
        self._stable: dict[str, object] = {}
        self.compact = False
        """Whether pages are kept compressed: in a ``mkdocs build`` the memo is kept only
        for the next process (the drawn pages are 60 % of what the build holds after
        reading the notes); under ``serve`` it is read at every rebuild."""

    def start(self, settings: object) -> None:
        """A new build: with other templates or settings, nothing drawn before is valid.
        ``settings`` covers both (the templates by their digest, ``templates_key``), so a
        memo kept on disk between builds stays valid exactly as long as they do."""
        if settings != self._settings:
            self._drawn = {}
            self._stable = {}
            self._settings = settings
        self._used = set()
        self.hits = self.drawn = 0

    def stable(self, name: str, value: T) -> T:
        """``value``, or the last build's value of that name when equal to it: the pages'
        inputs that hold it then compare at once (the same object), though hundreds of
        pages hold a value as large as every meeting's date and title."""
        last = self._stable.get(name)
        if last is not None and last == value:
            return last  # type: ignore[return-value]
        self._stable[name] = value
        return value

    def get(self, key: tuple[str, str], inputs: object) -> _Drawn | None:
        """The page drawn from equal inputs, if the last build drew one."""
        self._used.add(key)
        found = self._drawn.get(key)
        if found is not None and found.inputs == inputs:
            self.hits += 1
            if not self.compact and isinstance(found.output, bytes):
                found.output = found.text  # read from a session: unpacked once
            return found
        return None

    def put(
        self, key: tuple[str, str], inputs: object, output: PageMarkdown, targets: set[str]
    ) -> PageMarkdown:
        """Remember a page drawn in this build (its output as text, or compressed); the
        output as the memo keeps it: compressed when it is compact."""
        self.drawn += 1
        kept = packed(output) if self.compact else unpacked(output)
        self._drawn[key] = _Drawn(inputs, kept, frozenset(targets))
        return kept

    def clear(self) -> None:
        """Forget every page drawn: a ``mkdocs build`` whose memo a forked writer has
        taken for the next build needs none of it (it still draws the few pages drawn
        after the others, such as the home page's overview, through the same memo)."""
        self._drawn = {}
        self._stable = {}
        self._used = set()
        compact, self.feeds = self.feeds.compact, FeedMemo()
        self.feeds.compact = compact

    def finish(self) -> None:
        """Forget the pages the last build did not have."""
        self._drawn = {k: v for k, v in self._drawn.items() if k in self._used}


DEFERRED = "\x00minutes-deferred-page-"
"""How the token of a page put off (:meth:`PageRenderer.defer`) starts."""

MIN_SHARED_DRAWS = 40
"""Pages to draw below which a worker process costs more than it saves."""


@dataclass(frozen=True)
class _Deferred:
    """A page :meth:`PageRenderer.remember` put off: what to draw, and its token."""

    key: str
    src: str
    inputs: object
    draw: Callable[[], str]
    token: str


class PageRenderer:
    """Renders the archive's page templates for one build."""

    def __init__(
        self,
        env: jinja2.Environment,
        links: HtmlLinks,
        meeting_src: dict[str, str],
        notes_dir: str,
        memo: PagesMemo | None = None,
    ) -> None:
        self.env = env
        self.links = links
        self.meeting_src = meeting_src
        self.notes_dir = notes_dir
        self.memo = memo if memo is not None else PagesMemo()
        self._scope: set[str] | None = None
        """Targets linked while :meth:`remember` draws a page (its templates' links)."""
        self._deferred: list[_Deferred] | None = None
        """The pages put off since :meth:`defer`, in order."""
        self.feeds = True
        """Whether the site writes feeds (``feeds`` option): pages link theirs only then."""
        self._meeting_links: dict[str, MeetingLink] = {}

    def meeting_link(self, meeting: Meeting) -> MeetingLink:
        """The meeting as pages that list it show it (one object per meeting and build)."""
        found = self._meeting_links.get(meeting.id)
        if found is None:
            found = MeetingLink(meeting.id, meeting.date, meeting.title, meeting.series)
            self._meeting_links[meeting.id] = found
        return found

    def page_links(self, src: str) -> PageLinks:
        """Links from the page at ``src``."""
        return PageLinks(self.links, src, self.meeting_src, self.notes_dir)

    def href(self, src: str, target: str) -> str:
        """The URL from the page at ``src`` to the page at ``target`` (source paths),
        recorded as a template's link is (for the page being drawn, and for the build)."""
        if self._scope is not None:
            self._scope.add(target)
        return self.links.href(src, target)

    def html(self, template: str, src: str, **context: Any) -> str:
        """A template's HTML for the page at ``src`` (the last build's, when drawn from
        equal variables)."""
        return self._drawn(template, src, context, lambda html: html)

    def markdown(self, template: str, src: str, **context: Any) -> str:
        """A template's output as page Markdown (headings, then HTML fragments)."""
        return self._drawn(template + "#markdown", src, context, from_template)

    def remember(self, key: str, src: str, inputs: object, draw: Callable[[], str]) -> PageMarkdown:
        """Whatever a page builder draws for ``src`` from ``inputs`` (the meeting pages'
        note text), drawn again only when the inputs differ from the last build's; as
        the memo keeps it (:data:`PageMarkdown`: compressed in a ``mkdocs build``).

        Between :meth:`defer` and :meth:`draw_deferred` a page to draw is put off, and a
        token stands for its Markdown until then."""
        found = self.memo.get((key, src), inputs)
        if found is not None:
            self._record(src, found.targets)
            return found.output
        if self._deferred is not None and self._scope is None:
            token = f"{DEFERRED}{len(self._deferred)}\x00"
            self._deferred.append(_Deferred(key, src, inputs, draw, token))
            return token
        output, targets = self._draw(draw)
        kept = self.memo.put((key, src), inputs, output, targets)
        self._record(src, targets)
        return kept

    def _draw(self, draw: Callable[[], str]) -> tuple[str, set[str]]:
        """A page's Markdown and the targets it links (its templates' links)."""
        outer, self._scope = self._scope, set()
        try:
            return draw(), self._scope
        finally:
            self._scope = outer

    def _draw_to_send(self, draw: Callable[[], str]) -> tuple[str | bytes, set[str]]:
        """:meth:`_draw` for a page drawn among others (in a worker, or this process's
        share): the Markdown compressed when the memo keeps it so."""
        output, targets = self._draw(draw)
        return (packed(output) if self.memo.compact else output), targets

    def defer(self) -> None:
        """Put off drawing pages (:meth:`remember`) until :meth:`draw_deferred`."""
        self._deferred = []

    def draw_deferred(self, workers: int = 0) -> dict[str, PageMarkdown]:
        """Draw the pages put off since :meth:`defer`, with up to ``workers`` forked
        processes drawing beside this one (:class:`~mkdocs_minutes.workers.SharedJobs`);
        the Markdown of each by its token.

        A cold build draws some 1,500 pages on one core while the others wait. A worker
        sends each page's Markdown (compressed when the memo keeps it so) and the targets
        it links; this process remembers them in the memo and records the links, in the
        pages' order. What a worker's drawing does besides (the charts it caches, the
        memo of a template drawn inside a page) stays in the worker: it only spares work
        the next build may do again. The pages come as the memo keeps them
        (:data:`PageMarkdown`), so that a ``mkdocs build`` never holds them all as text."""
        jobs, self._deferred = self._deferred or [], None
        # Each page compressed as soon as it is drawn, here or in a worker.
        drawn, mine = SharedJobs.run(
            len(jobs),
            lambda i: self._draw_to_send(jobs[i].draw),
            workers if len(jobs) >= MIN_SHARED_DRAWS else 0,
        )
        outputs: dict[str, PageMarkdown] = {}
        for position, job in enumerate(jobs):
            output, targets = drawn.pop(position, None) or self._draw(job.draw)
            if position not in mine:
                # A worker's: each target a string of its own, unless interned.
                targets = {sys.intern(target) for target in targets}
            outputs[job.token] = self.memo.put((job.key, job.src), job.inputs, output, targets)
            self._record(job.src, targets)
        return outputs

    def _record(self, src: str, targets: set[str] | frozenset[str]) -> None:
        """Links a page makes, recorded for the build (and for an enclosing page)."""
        for target in targets:
            self.links.record(src, target)
        if self._scope is not None:
            self._scope.update(targets)

    def _drawn(
        self, template: str, src: str, context: dict[str, Any], finish: Callable[[str], str]
    ) -> str:
        """A template's output, kept in the memo; in a ``mkdocs build`` (a compact
        memo) not when drawn inside a page that :meth:`remember` keeps whole.

        Under ``serve`` the parts pay: a one-note edit changes the inputs of each of its
        people's pages, yet most of their parts (the strip of every meeting) are as
        they were. A ``mkdocs build`` keeps its memo for the next process, whose build
        draws again only the pages whose inputs changed: there the parts' contexts cost
        17 MB at 1,000 meetings for little (and a page a worker draws never kept them)."""
        kept = self._scope is None or not self.memo.compact
        if kept:
            found = self.memo.get((template, src), context)
            if found is not None:
                self._record(src, found.targets)
                return found.text
        links = self.page_links(src)
        html = self.env.get_template(template.removesuffix("#markdown")).render(
            links=links, icon=self.icon, discovered=DISCOVERED_LABEL, **context
        )
        output = finish(html)
        if kept:
            self.memo.put((template, src), context, output, links.targets)
        if self._scope is not None:
            self._scope.update(links.targets)
        return output

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
