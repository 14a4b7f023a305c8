"""The Markdown of a meeting page: a header, then the note as its author wrote it.

The note keeps its look (bullets stay bullets); the page adds what the archive knows: item
and update anchors (as markers the rendering extension turns into ``id`` attributes),
links from ``@handles`` to people, ``owner/repo#N`` labels for GitHub links with a small
link to the issue's archive page, and topic chips on agenda items.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, unquote

from ..archive import Archive
from ..audit import words
from ..model import Attendee, Meeting, Mention, Reference
from ..rendering.extension import extra_anchor_marker, insert_anchor_marker
from ..scan import code_spans, within
from ..text import ascii_slug, unique_anchor
from . import paths
from .fragments import clean_note_text, fragment, inline
from .markup import counted, front_matter, link_text, plain, plain_excerpt
from .render import PageRenderer


@dataclass(frozen=True)
class MeetingPageContext:
    """What a meeting page needs beyond the archive: where it is and how to edit it."""

    src: str
    notes_dir: str
    edit_url: str | None = None
    meeting_src: Callable[[Meeting], str] | None = None


def meeting_description(archive: Archive, meeting: Meeting) -> str:
    """A one-paragraph summary for feeds and link cards (OpenGraph)."""
    present = sum(1 for a in meeting.attendees if a.present)
    parts = [f"{meeting.title}, {long_date(meeting)}."]
    if present:
        parts.append(f"{present} attendee{'s' if present != 1 else ''}.")
    if meeting.items:
        titles = "; ".join(plain_excerpt(item.title, 80) for item in meeting.items[:5])
        parts.append(f"Agenda: {titles}.")
    elif meeting.updates:
        parts.append(f"{counted(len(meeting.updates), 'update')}.")
    return " ".join(parts)


def action_anchors(archive: Archive, meeting: Meeting) -> list[str]:
    """The anchor of each action item, in ``meeting.actions`` order: ``action-`` and the
    slug of its first words (``action-tim-to-post-the-calendar-invite``), made unique on
    the page the contract's way (``-2``, ``-3``), never equal to an item's or an update's.
    A link to an action opens the page at its line, and search lands there."""
    seen: dict[str, int] = {}
    for item in meeting.items:
        seen[item.anchor] = 1
    for update in meeting.updates:
        seen[archive.update_anchor(meeting, update)] = 1
    anchors = []
    for action in meeting.actions:
        words = " ".join(plain(action.text).split()[:8])
        anchors.append(unique_anchor(f"action-{ascii_slug(words, fallback='item')}", seen))
    return anchors


def long_date(meeting: Meeting) -> str:
    """``Thursday 21 March 2019``."""
    return f"{meeting.date:%A} {meeting.date.day} {meeting.date:%B %Y}"


def meeting_markdown(
    renderer: PageRenderer, archive: Archive, meeting: Meeting, ctx: MeetingPageContext
) -> str:
    """The whole page: front matter (title, description, date), header, note, neighbours.

    The header and the links to the neighbours are templates (``meeting-header.html``,
    ``meeting-nav.html``); the note between them is Markdown, as its author wrote it.
    """
    src = ctx.src
    meta: dict[str, object] = {
        "title": f"{meeting.title} ({meeting.date.isoformat()})"
        if meeting.date.isoformat() not in meeting.title
        else meeting.title,
        "description": meeting_description(archive, meeting),
        "date": meeting.date.isoformat(),
        "minutes_meeting": meeting.id,
    }
    feed = paths.series_feed(renderer.notes_dir, meeting.id) if renderer.feeds else None
    if feed:
        # The feed of the meeting's series, for the page's <head> (plugin/head.py, or a
        # theme override under another generator).
        meta["minutes_feeds"] = [{"path": feed, "title": f"{paths.series_of(meeting.id)} meetings"}]
    out = [
        front_matter(meta),
        f"# {page_heading(meeting)[0]}\n",
        fragment(
            renderer.html("minutes/meeting-header.html", src, **_header(archive, meeting, ctx))
        ),
        _body(archive, meeting, src, ctx, renderer),
    ]
    previous, following = archive.previous(meeting), archive.next(meeting)
    if previous or following:
        out.append(
            fragment(
                renderer.html("minutes/meeting-nav.html", src, previous=previous, next=following)
            )
        )
    return "\n".join(part for part in out if part)


def meeting_inputs(
    archive: Archive, meeting: Meeting, ctx: MeetingPageContext, placement: object
) -> tuple:
    """Everything a meeting page shows besides the note itself, as one comparable value:
    a page whose inputs are those of the last build is that page again (``PagesMemo``).

    ``placement`` stands for where the other notes' meetings live, which the page's
    relative links to them follow; it counts only when the note has links.
    """
    refs = archive.refs
    attendees, update_anchors = archive.meeting_people(meeting)
    return (
        meeting,
        ctx.src,
        ctx.edit_url,
        attendees,
        update_anchors,
        tuple(
            tuple((t, archive.topics[t].name) for t in archive.item_topics_at(meeting, i))
            for i in range(len(meeting.items))
        ),
        tuple((refs[r.key].page, refs[r.key].url) if r.key in refs else None for r in meeting.refs),
        tuple(archive.handle_person(m.handle) for m in meeting.mentions),
        _neighbour(archive.previous(meeting)),
        _neighbour(archive.next(meeting)),
        placement if meeting.body_has_links else None,
    )


def _neighbour(meeting: Meeting | None) -> tuple | None:
    """What the links to the previous and next meeting show, and where they go."""
    if meeting is None:
        return None
    return (meeting.id, meeting.title, meeting.date, meeting.source_path, meeting.in_archive_file)


def page_heading(meeting: Meeting) -> tuple[str, bool]:
    """The page's H1, and whether it stands for the note's own H1 (so the body skips it).

    The note's H1 when it says all the title says and more (``Sync (2025-01-14)`` for a
    front matter ``title: Sync``), else the title. A note H1 that says something else
    stays in the body, one level down: no text of the note is lost.
    """
    heading = " ".join(meeting.heading.split())
    if not heading or heading == meeting.title:
        return meeting.title, bool(heading)
    if set(words(meeting.title)) <= set(words(heading)):
        return heading, True
    return meeting.title, False


def _header(archive: Archive, meeting: Meeting, ctx: MeetingPageContext) -> dict:
    """The variables of ``meeting-header.html``."""

    def people(present: bool) -> list[dict]:
        return [
            {"name": attendee.name, "person": _known(archive, meeting, attendee)}
            for attendee in meeting.attendees
            if attendee.present == present
        ]

    counts = []
    if meeting.updates:
        counts.append(counted(len(meeting.updates), "update"))
    if meeting.items:
        counts.append(counted(len(meeting.items), "agenda item"))
    if meeting.actions:
        counts.append(counted(len(meeting.actions), "action"))
    return {
        "meeting": meeting,
        "long_date": long_date(meeting),
        "edit_url": ctx.edit_url,
        "present": people(True),
        "absent": people(False),
        "counts": counts,
    }


def _known(archive: Archive, meeting: Meeting, attendee: Attendee) -> str | None:
    """The person id of a roll-call line, when the archive has a page for them."""
    person = archive.attendee_person(meeting, attendee)
    return person if person and person in archive.people else None


def _body(
    archive: Archive,
    meeting: Meeting,
    src: str,
    ctx: MeetingPageContext | None = None,
    renderer: PageRenderer | None = None,
) -> str:
    """The note's Markdown with what the archive adds: anchors, topic chips, reference
    labels, links from handles to people, links re-pointed from the note's folder.

    Every position comes from the model (the parser recorded where each reference and
    mention is, and which lines are code): the page never reads the note again.
    """
    anchors: dict[int, list[str]] = {}
    chips: dict[int, str] = {}
    for item in meeting.items:
        anchors.setdefault(item.line, []).append(item.anchor)
        topics = archive.item_topics(meeting, item)
        if topics:
            chips[item.line] = " ".join(
                _chip(renderer, src, t, archive.topics[t].name) for t in topics
            )
    for update in meeting.updates:
        anchors.setdefault(update.line, []).append(archive.update_anchor(meeting, update))
    for action, anchor in zip(meeting.actions, action_anchors(archive, meeting), strict=True):
        anchors.setdefault(action.line, []).append(anchor)
    refs: dict[int, list[Reference]] = defaultdict(list)
    for ref in meeting.refs:
        refs[ref.line].append(ref)
    mentions: dict[int, list[Mention]] = defaultdict(list)
    for mention in meeting.mentions:
        mentions[mention.line].append(mention)
    fenced = {n for first, last in meeting.fenced for n in range(first, last + 1)}
    out: list[str] = []
    heading_shown = page_heading(meeting)[1]
    for offset, text in enumerate(meeting.body.split("\n")):
        number = meeting.body_line + offset
        if number in fenced:
            out.append(clean_note_text(text))
            continue
        if number == meeting.heading_line and heading_shown:
            continue  # the page's own H1
        edits = _reference_edits(archive, text, src, refs.get(number, ()))
        edits += _mention_edits(archive, text, src, mentions.get(number, ()), edits)
        if ctx is not None and ("](" in text or "]:" in text):
            edits += _rebase_edits(archive, text, meeting, ctx)
        text = clean_note_text(_apply(text, edits))
        if number == meeting.heading_line:
            text = "#" + text.lstrip()  # a front-matter title named the page
        if number in chips:
            text = f"{text} {chips[number]}"
        for anchor in anchors.get(number, [])[:1]:
            text = insert_anchor_marker(text, anchor)
        for extra in anchors.get(number, [])[1:]:
            text = f"{text} {extra_anchor_marker(extra)}"
        out.append(text)
    return "\n".join(out).strip("\n") + "\n"


_PLAIN_NAME_RE = re.compile(r"[^\W_]+(?:[ .\-][^\W_]+)*")
"""Words joined by single spaces, dots or hyphens: a name no Markdown extension reads
anything in (no emphasis, shortcode, escape, dash or quote)."""


def _chip(renderer: PageRenderer | None, src: str, topic_id: str, name: str) -> str:
    """An agenda item's link to a topic. A name of plain words gets its HTML here, held out
    of Python-Markdown (``fragments.inline``): a meeting lists dozens of chips, and each
    as a Markdown link cost a link, an attribute list and MkDocs's link rewriting, a fifth
    of converting the page. Any other name stays a Markdown link, rendered as before."""
    target = paths.topic_src(topic_id)
    if renderer is not None and _PLAIN_NAME_RE.fullmatch(name):
        href = html.escape(renderer.href(src, target))
        return inline(f'<a class="minutes-topic" href="{href}">{name}</a>')
    return f"[{link_text(name)}]({paths.rel(src, target)}){{.minutes-topic}}"


Edit = tuple[int, int, str]
"""Replace ``text[start:end]`` with a string (an insertion when ``start == end``)."""


def _apply(text: str, edits: list[Edit]) -> str:
    """A line with its edits made (they never overlap)."""
    if not edits:
        return text
    pieces: list[str] = []
    cursor = 0
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        pieces += [text[cursor:start], replacement]
        cursor = max(cursor, end)
    pieces.append(text[cursor:])
    return "".join(pieces)


def _reference_edits(
    archive: Archive, text: str, src: str, refs: Sequence[Reference]
) -> list[Edit]:
    """GitHub references labelled ``owner/repo#N``, each with a small link to its page."""
    edits: list[Edit] = []
    chipped: set[int] = set()
    for ref in refs:
        if ref.in_code:
            continue
        entry = archive.refs.get(ref.key)
        label = ref.label
        chip = ""
        if entry is not None:
            chip = (
                f" [:material-archive-outline:]({paths.rel(src, paths.ref_src(entry.page))}"
                f' "Meetings that mention {label}"){{.minutes-ref}}'
            )
        if ref.in_link:
            # The author's link keeps its label; the chip follows it.
            if ref.end not in chipped:
                chipped.add(ref.end)
                edits.append((ref.end, ref.end, chip))
            continue
        start, end = ref.start, ref.end
        if start > 0 and text[start - 1] == "<" and text[end : end + 1] == ">":
            start, end = start - 1, end + 1
        if text[start] == "#" or not text[start:end].startswith(("http", "<http")):
            url = entry.url if entry is not None else ref.url
        else:
            url = ref.url
        edits.append((start, end, f"[{label}]({url}){chip}"))
    return edits


def _mention_edits(
    archive: Archive, text: str, src: str, mentions: Sequence[Mention], taken: list[Edit]
) -> list[Edit]:
    """``@handle`` linked to the person's page (or their GitHub profile)."""
    replaced = sorted((start, end) for start, end, _ in taken if start != end)
    edits: list[Edit] = []
    for mention in mentions:
        start, end = mention.start, mention.end
        if mention.in_link or within(replaced, start, start + 1):
            continue
        if start > 0 and text[start - 1] == "\\":
            start -= 1
        person = archive.handle_person(mention.handle)
        if person:
            target = paths.rel(src, paths.person_src(person))
        else:
            target = f"https://github.com/{mention.handle}"
        edits.append((start, end, f"[@{mention.handle}]({target}){{.minutes-handle}}"))
    return edits


_REL_LINK_RE = re.compile(r"(!?\[(?:[^\[\]]|\[[^\]]*\])*\]\()(<[^>\n]*>|[^()\s]+)(?=[\s)])")
_REF_DEF_RE = re.compile(r"^(\s{0,3}\[[^\]]+\]:[ \t]*)(<[^>\n]*>|\S+)")
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _rebase_edits(
    archive: Archive, text: str, meeting: Meeting, ctx: MeetingPageContext
) -> list[Edit]:
    """Relative links and images of a note, re-pointed from the note's folder to its page's.

    A meeting page may live elsewhere than its note (``20250624-sync/index.md`` becomes
    ``sync/2025-06-24``; an archive file's meetings get their own pages), so
    ``![](diagram.png)`` next to the note would break. A link to another note that now
    lives at its meeting's page goes straight there.
    """
    note_src = f"{ctx.notes_dir}/{meeting.source_path}"
    note_dir, page_dir = posixpath.dirname(note_src), posixpath.dirname(ctx.src)
    protected = code_spans(text)
    edits: list[Edit] = []

    def rebase(found: re.Match[str]) -> None:
        if any(start <= found.start() < end for start, end in protected):
            return
        target = found.group(2)
        bracketed = target.startswith("<")
        inner = target[1:-1] if bracketed else target
        if not inner or inner.startswith(("#", "/")) or _SCHEME_RE.match(inner):
            return
        path, hash_, fragment = inner.partition("#")
        resolved = posixpath.normpath(posixpath.join(note_dir, unquote(path)))
        if resolved == ".." or resolved.startswith("../"):
            return
        resolved = _moved_note(archive, ctx, resolved) or resolved
        new = posixpath.relpath(resolved, page_dir or ".")
        if new == unquote(path):
            return
        new = (new if bracketed or " " not in new else quote(new)) + hash_ + fragment
        edits.append((*found.span(2), f"<{new}>" if bracketed else new))

    for found in _REL_LINK_RE.finditer(text):
        rebase(found)
    for found in _REF_DEF_RE.finditer(text):
        rebase(found)
    return edits


def _moved_note(archive: Archive, ctx: MeetingPageContext, src: str) -> str | None:
    """The meeting page of a single-meeting note that no longer lives at its own path."""
    prefix = ctx.notes_dir + "/"
    if ctx.meeting_src is None or not src.startswith(prefix) or not src.endswith(".md"):
        return None
    meetings = [m for m in archive.meetings if m.source_path == src[len(prefix) :]]
    if len(meetings) != 1 or meetings[0].in_archive_file:
        return None
    return ctx.meeting_src(meetings[0])
