"""Every page the archive adds to a site, as Markdown keyed by source path.

``build_site_pages`` turns the archive index into: meeting pages, the meetings index, the
pages that take the place of archive files (so their old URLs keep working), person,
topic and issue pages with their indexes, the actions page and the home overview. Each
page is drawn by a template (``templates.py``) into Markdown with HTML fragments
(``fragments.py``); the plugin only has to hand the pages to MkDocs, and ``minutes
generate`` writes them out for another generator. Nothing here knows about MkDocs.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..archive import Archive
from ..fingerprint import digest_of
from ..model import Meeting, ParsedNote
from . import paths
from .actions import actions_page
from .fragments import clean_note_text, fragment
from .links import HtmlLinks, url_of
from .markup import esc, front_matter
from .meeting import MeetingPageContext, meeting_inputs, meeting_markdown
from .overview import OVERVIEW_MARKER, overview_markdown
from .packing import unpacked
from .people import people_index, person_page
from .refs import ref_page, refs_index
from .render import DEFERRED, PageMarkdown, PageRenderer, PagesMemo
from .templates import environment, templates_key
from .topics import topic_page, topics_index

__all__ = [
    "OVERVIEW_MARKER",
    "PageMarkdown",
    "PagesMemo",
    "SitePages",
    "build_site_pages",
    "unpacked",
]

EditUrl = Callable[[str, int], "str | None"]


@dataclass
class SitePages:
    """Generated pages, rewrites of existing note files, and what the plugin needs later."""

    notes_dir: str
    pages: dict[str, PageMarkdown] = field(default_factory=dict)
    """Source path -> Markdown of each page the archive adds (compressed in a ``mkdocs
    build``: read it with :meth:`markdown_of` or :func:`unpacked`)."""
    rewrites: dict[str, PageMarkdown] = field(default_factory=dict)
    """The same for the pages that take the place of a note file of the docs."""
    hidden: set[str] = field(default_factory=set)
    sources: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Page source path -> (note path relative to notes_dir, line): for edit links."""
    meeting_src: dict[str, str] = field(default_factory=dict)
    overview: Callable[[str], str] | None = None
    links: HtmlLinks = field(default_factory=HtmlLinks)
    """Every link the templates made, checked by the plugin against the site's pages."""

    def pages_of(self) -> dict[str, list[str]]:
        """Note path -> the source paths of the pages published from it (its meeting pages
        and the file's own page): what the coverage audit compares the note with."""
        found: dict[str, list[str]] = defaultdict(list)
        for src, (note_path, _line) in self.sources.items():
            found[note_path].append(src)
        return dict(found)

    def markdown_of(self, src: str) -> str | None:
        """A page's Markdown (until :meth:`release_markdown`)."""
        found = self.pages.get(src, self.rewrites.get(src))
        return None if found is None else unpacked(found)

    def release_markdown(self) -> None:
        """Drop the pages' Markdown once it is on disk (tens of MB at 1,000 meetings):
        the source paths stay, for the plugin's link checks."""
        self.pages = dict.fromkeys(self.pages, "")
        self.rewrites = dict.fromkeys(self.rewrites, "")

    def overview_for(self, src: str) -> str:
        """The overview Markdown with links relative to the page at ``src``."""
        return self.overview(src) if self.overview else ""

    def meeting_url(self, meeting_id: str, use_directory_urls: bool = True) -> str | None:
        """The site-relative URL of a meeting page."""
        src = self.meeting_src.get(meeting_id)
        if src is None:
            return None
        return url_of(src, use_directory_urls)


def build_site_pages(
    archive: Archive,
    notes: Iterable[ParsedNote],
    *,
    notes_dir: str,
    existing: set[str],
    site_has_index: bool,
    overview: bool = True,
    edit_url: EditUrl | None = None,
    use_directory_urls: bool = True,
    template_dirs: Sequence[str | Path] = (),
    memo: PagesMemo | None = None,
    source_links: bool = False,
    feeds: bool = True,
    workers: int = 0,
) -> SitePages:
    """All pages of the archive; ``existing`` holds the site's own source paths, and
    ``template_dirs`` the site's template folders (overrides first). With the ``memo`` of
    the last build, a page drawn from the same inputs is not drawn again. With
    ``source_links``, the templates' links name the target's source file (for a generator
    that resolves links in HTML, see ``links.py``); else its URL (MkDocs). With ``feeds``
    the pages link the feeds of their series, person or topic. With ``workers``, that
    many forked processes draw pages beside this one (``PageRenderer.draw_deferred``)."""
    notes = list(notes)
    links = HtmlLinks(use_directory_urls, source_links=source_links)
    site = SitePages(notes_dir=notes_dir, links=links)
    env = environment(template_dirs)
    memo = memo if memo is not None else PagesMemo()
    memo.start((templates_key(template_dirs), notes_dir, use_directory_urls, source_links, feeds))
    renderer = PageRenderer(env, site.links, site.meeting_src, notes_dir, memo)
    renderer.feeds = feeds
    by_source: dict[str, list[Meeting]] = defaultdict(list)
    for meeting in archive.meetings:
        by_source[meeting.source_path].append(meeting)
    _place_meetings(site, notes, by_source)
    if workers > 0:
        renderer.defer()
    _meeting_pages(site, renderer, archive, existing, edit_url)
    _note_pages(site, renderer, archive, notes, by_source, existing)
    _index_pages(site, renderer, archive, existing)
    if workers > 0:
        drawn = renderer.draw_deferred(workers)
        for pages in (site.pages, site.rewrites):
            for src, markdown in pages.items():
                if isinstance(markdown, str) and markdown.startswith(DEFERRED):
                    pages[src] = drawn[markdown]
    site.overview = lambda src: overview_markdown(renderer, archive, src)
    if overview and not site_has_index:
        site.pages["index.md"] = (
            front_matter({"title": "Meeting archive"})
            + "# Meeting archive\n\n"
            + overview_markdown(renderer, archive, "index.md")
        )
    memo.finish()
    return site


def _place_meetings(
    site: SitePages, notes: list[ParsedNote], by_source: dict[str, list[Meeting]]
) -> None:
    """Where each meeting's page lives: in place when the note's own URL is the meeting's
    (``2019-03-21.md``), else at ``<notes_dir>/<id>.md``."""
    prefix = site.notes_dir + "/"
    for note in notes:
        meetings = by_source.get(note.path, [])
        note_src = prefix + note.path
        if len(meetings) == 1 and not note.is_archive:
            wanted = paths.meeting_src(site.notes_dir, meetings[0].id)
            if url_of(wanted) == url_of(note_src):
                site.meeting_src[meetings[0].id] = note_src
                continue
        for meeting in meetings:
            site.meeting_src[meeting.id] = paths.meeting_src(site.notes_dir, meeting.id)


def _meeting_pages(
    site: SitePages,
    renderer: PageRenderer,
    archive: Archive,
    existing: set[str],
    edit_url: EditUrl | None,
) -> None:
    """A page per meeting, with the note's path and line for its edit link and the audit."""
    # Where single-meeting notes' pages live: what a note's links to them follow.
    placement = digest_of(sorted(site.meeting_src.items()))
    for meeting in archive.meetings:
        src = site.meeting_src[meeting.id]
        line = meeting.line if meeting.in_archive_file else 1
        ctx = MeetingPageContext(
            src=src,
            notes_dir=site.notes_dir,
            edit_url=edit_url(meeting.source_path, line) if edit_url else None,
            meeting_src=lambda m: site.meeting_src[m.id],
        )
        markdown = renderer.remember(
            "meeting",
            src,
            meeting_inputs(archive, meeting, ctx, placement),
            # Bound now: the page may be drawn after the loop (``draw_deferred``).
            functools.partial(meeting_markdown, renderer, archive, meeting, ctx),
        )
        _put(site, src, markdown, existing, hidden=True)
        site.sources[src] = (meeting.source_path, line)


def _note_pages(
    site: SitePages,
    renderer: PageRenderer,
    archive: Archive,
    notes: list[ParsedNote],
    by_source: dict[str, list[Meeting]],
    existing: set[str],
) -> None:
    """What each note file's own URL shows when it is not its meeting's page: an archive
    file's list of meetings, an ordinary page, or the meetings index."""
    prefix = site.notes_dir + "/"
    notes_index = paths.notes_index_src(site.notes_dir)
    for note in notes:
        note_src = prefix + note.path
        meetings = by_source.get(note.path, [])
        if note_src in site.meeting_src.values():
            continue
        if meetings:
            site.rewrites[note_src] = _archive_file_page(renderer, note, meetings, note_src)
            site.hidden.add(note_src)
            site.sources[note_src] = (note.path, 1)
        elif note_src != notes_index:
            site.rewrites[note_src] = ordinary_page(note)
            site.sources[note_src] = (note.path, 1)
    index_page = _meetings_index(renderer, archive, notes_index)
    own_index = next((n for n in notes if prefix + n.path == notes_index), None)
    if own_index is not None:
        site.rewrites[notes_index] = ordinary_page(own_index) + "\n\n" + _strip_title(index_page)
        site.sources[notes_index] = (own_index.path, 1)
    elif notes_index not in existing:
        site.pages[notes_index] = index_page


def _index_pages(
    site: SitePages, renderer: PageRenderer, archive: Archive, existing: set[str]
) -> None:
    """People, topics and issues (each page and their index), and the actions page."""
    _put(site, paths.PEOPLE_INDEX, people_index(renderer, archive), existing, hidden=False)
    # What a person page shows of the archive besides the person's own history: every
    # meeting's date and title (the attendance strip, the links) and where its page is.
    # Equal to the last build's after most edits, so a page whose person and history are
    # unchanged is not even prepared again.
    every_meeting = renderer.memo.stable(
        "meetings",
        (
            tuple(renderer.meeting_link(m) for m in archive.meetings),
            tuple(sorted(renderer.meeting_src.items())),
        ),
    )
    for person_id, person in archive.people.items():
        history = archive.person_history(person_id)
        topics = tuple((t, archive.topics[t].name) for t in history.topics if t in archive.topics)
        page = renderer.remember(
            "person",
            paths.person_src(person_id),
            (person, history, topics, every_meeting, renderer.feeds),
            functools.partial(person_page, renderer, archive, person_id),
        )
        _put(site, paths.person_src(person_id), page, existing, hidden=True)
    _put(site, paths.TOPICS_INDEX, topics_index(renderer, archive), existing, hidden=False)
    for topic in archive.topics.values():
        # A topic page shows its items (title, speakers, excerpt), their meetings, its
        # people and references: redrawn when one of them is not as the last build had it.
        inputs = (
            topic,
            archive.topic_items(topic.id),
            archive.names,
            tuple(archive.people.get(person_id) for person_id in topic.people),
            tuple(archive.refs.get(key) for key in topic.refs),
            every_meeting,
            renderer.feeds,
        )
        page = renderer.remember(
            "topic",
            paths.topic_src(topic.id),
            inputs,
            functools.partial(topic_page, renderer, archive, topic),
        )
        _put(site, paths.topic_src(topic.id), page, existing, hidden=True)
    _put(site, paths.REFS_INDEX, refs_index(renderer, archive), existing, hidden=False)
    for entry in archive.refs.values():
        page = ref_page(renderer, archive, entry)
        _put(site, paths.ref_src(entry.page), page, existing, hidden=True)
    # The actions (the same objects while no edit changed one), their assignees, and the
    # meetings: redrawn only when one of them changed.
    actions = tuple(archive.actions())
    page = renderer.remember(
        "actions",
        paths.ACTIONS_INDEX,
        (
            actions,
            tuple(archive.people.get(p) for action in actions for p in action.assignees),
            every_meeting,
        ),
        lambda: actions_page(renderer, archive),
    )
    _put(site, paths.ACTIONS_INDEX, page, existing, hidden=False)


def _put(
    site: SitePages, src: str, markdown: PageMarkdown, existing: set[str], *, hidden: bool
) -> None:
    if src in existing:
        site.rewrites[src] = markdown
    else:
        site.pages[src] = markdown
    if hidden:
        site.hidden.add(src)


def _strip_title(markdown: str) -> str:
    lines = markdown.split("\n")
    if lines and lines[0] == "---":
        end = lines.index("---", 1)
        lines = lines[end + 1 :]
    return "\n".join(line for line in lines if not line.startswith("# "))


def ordinary_page(note: ParsedNote) -> str:
    """A note that is not a meeting: published as written, leading ``Key: value`` kept."""
    text = note.text
    if note.body_line > 1:
        # The author's front matter, re-emitted escaped (themes insert ``title`` and
        # ``description`` unescaped); invalid YAML is dropped, as its finding says.
        return front_matter(note.meta) + clean_note_text(note.body)
    if text.startswith("---"):
        return clean_note_text(text)  # a rule, not front matter
    title = note.title or posixpath.splitext(posixpath.basename(note.path))[0]
    return front_matter({"title": title}) + clean_note_text(text)


_H1_RE = re.compile(r"^\s{0,3}#[ \t]")


def _archive_file_page(
    renderer: PageRenderer, note: ParsedNote, meetings: list[Meeting], src: str
) -> str:
    """What an archive file's own URL shows: its own text outside its meetings (its title,
    a preface, an appendix) around the list of its meetings, newest first."""
    title = note.title or posixpath.basename(note.path)
    lines = [front_matter({"title": title})]
    before = [clean_note_text(p.text) for p in note.passages if p.before_meetings]
    after = [clean_note_text(p.text) for p in note.passages if not p.before_meetings]
    if not (before and _H1_RE.match(before[0])):
        lines += [f"# {esc(title)}", ""]
    for text in before:
        lines += [text, ""]
    newest_first = sorted(meetings, key=lambda m: (m.date, m.id), reverse=True)
    lines.append(fragment(renderer.html("minutes/archive-file.html", src, meetings=newest_first)))
    for text in after:
        lines += ["", text]
    return "\n".join(lines) + "\n"


def _meetings_index(renderer: PageRenderer, archive: Archive, src: str) -> str:
    """Meetings by year, newest first, with date, title and attendance; then the series."""
    by_year: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in archive.meetings:
        by_year[meeting.date.year].append(meeting)
    years = [
        {
            "year": year,
            "meetings": [
                {
                    "meeting": renderer.meeting_link(m),
                    "present": sum(1 for a in m.attendees if a.present),
                }
                for m in sorted(by_year[year], key=lambda m: (m.date, m.id), reverse=True)
            ],
        }
        for year in sorted(by_year, reverse=True)
    ]
    series = []
    for name in sorted({m.series for m in archive.meetings if m.series}):
        meetings = [m for m in archive.meetings if m.series == name]
        feed = paths.series_feed(renderer.notes_dir, meetings[-1].id) if renderer.feeds else None
        series.append(
            {
                "name": name,
                "count": len(meetings),
                "first": renderer.meeting_link(meetings[0]),
                "last": renderer.meeting_link(meetings[-1]),
                "feed": feed,
            }
        )
    meta: dict = {"title": "Meetings"}
    feeds = [{"path": s["feed"], "title": f"{s['name']} meetings"} for s in series if s["feed"]]
    if feeds:
        meta["minutes_feeds"] = feeds
    return front_matter(meta) + renderer.markdown(
        "minutes/meetings.html", src, total=len(archive.meetings), years=years, series=series
    )
