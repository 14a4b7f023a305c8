"""The Markdown of a meeting page: a header, then the note as its author wrote it.

The note keeps its look (bullets stay bullets); the page adds what the archive knows: item
and update anchors (as markers the rendering extension turns into ``id`` attributes),
links from ``@handles`` to people, ``owner/repo#N`` labels for GitHub links with a small
link to the issue's archive page, and topic chips on agenda items.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, unquote

from ..archive import Archive
from ..audit import words
from ..model import Meeting
from ..notes.refs import find_mentions, find_refs
from ..rendering.extension import insert_anchor_marker
from ..rendering.trust import trust_all_tags, trusted
from . import paths
from .markup import esc, front_matter, link_text, plain_excerpt, wrap_block

# Spaces inside the parentheses are allowed as in ``notes/refs.py`` (``[t](url )``): a link
# this misses would have its text replaced by the reference label.
_MD_LINK_RE = re.compile(
    r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\([ \t]*(?:<[^>]*>|[^()\s]*(?:\([^)]*\)[^()\s]*)*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?[ \t]*\)"
)
_CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


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
        parts.append(f"{len(meeting.updates)} updates.")
    return " ".join(parts)


def long_date(meeting: Meeting) -> str:
    """``Thursday 21 March 2019``."""
    return f"{meeting.date:%A} {meeting.date.day} {meeting.date:%B %Y}"


def meeting_markdown(archive: Archive, meeting: Meeting, ctx: MeetingPageContext) -> str:
    """The whole page: front matter (title, description, date), header, note, neighbours."""
    src = ctx.src
    out = [
        front_matter(
            {
                "title": f"{meeting.title} ({meeting.date.isoformat()})"
                if meeting.date.isoformat() not in meeting.title
                else meeting.title,
                "description": meeting_description(archive, meeting),
                "date": meeting.date.isoformat(),
                "minutes_meeting": meeting.id,
            }
        ),
        f"# {page_heading(meeting)[0]}\n",
        trust_all_tags(_header(archive, meeting, ctx)),
        _body(archive, meeting, src, ctx),
        trust_all_tags(_neighbours(archive, meeting, ctx)),
    ]
    return "\n".join(part for part in out if part)


def page_heading(meeting: Meeting) -> tuple[str, bool]:
    """The page's H1, and whether it stands for the note's own H1 (so the body skips it).

    The note's H1 when it says all the title says and more (``Sync (2025-01-14)`` for a
    front matter ``title: Sync``), else the title. A note H1 that says something else
    stays in the body, one level down: no text of the note is lost.
    """
    heading = " ".join(meeting.heading.split())
    if not heading or heading == meeting.title:
        return meeting.title, bool(heading)
    if words(meeting.title) <= words(heading):
        return heading, True
    return meeting.title, False


def _person_link(archive: Archive, src: str, person_id: str | None, label: str) -> str:
    if person_id and person_id in archive.people:
        return f"[{link_text(label)}]({paths.rel(src, paths.person_src(person_id))})"
    return esc(label)


def _header(archive: Archive, meeting: Meeting, ctx: MeetingPageContext) -> str:
    src = ctx.src
    facts = [f":material-calendar: **{long_date(meeting)}**"]
    if meeting.series:
        facts.append(
            f":material-folder-outline: [{esc(meeting.series)}]"
            f"({paths.rel(src, paths.notes_index_src(ctx.notes_dir))}#series-{meeting.series})"
        )
    if ctx.edit_url:
        facts.append(f"[:material-pencil: Edit this note]({ctx.edit_url}){{.minutes-edit}}")
    lines = [" · ".join(facts), ""]
    present = [a for a in meeting.attendees if a.present]
    absent = [a for a in meeting.attendees if not a.present]
    if present:
        links = ", ".join(
            _person_link(archive, src, archive.attendee_person(meeting, a), a.name) for a in present
        )
        lines.append(f"**Attendees ({len(present)}):** {links}")
        lines.append("")
    if absent:
        links = ", ".join(
            _person_link(archive, src, archive.attendee_person(meeting, a), a.name) for a in absent
        )
        lines.append(f"**Absent:** {links}")
        lines.append("")
    counts = []
    if meeting.updates:
        counts.append(f"{len(meeting.updates)} updates")
    if meeting.items:
        counts.append(f"{len(meeting.items)} agenda items")
    if meeting.actions:
        counts.append(f"{len(meeting.actions)} actions")
    if counts:
        lines.append(", ".join(counts) + "\n{: .minutes-counts }")
    return "\n".join(wrap_block("minutes-header", lines))


def _neighbours(archive: Archive, meeting: Meeting, ctx: MeetingPageContext) -> str:
    previous, following = archive.previous(meeting), archive.next(meeting)
    if not previous and not following:
        return ""
    to_src = ctx.meeting_src or (lambda m: paths.meeting_src(ctx.notes_dir, m.id))
    parts = [""]
    if previous:
        parts.append(
            f"[:material-arrow-left: {previous.date.isoformat()} · {link_text(previous.title)}]"
            f"({paths.rel(ctx.src, to_src(previous))}){{.minutes-prev}}"
        )
    if following:
        parts.append(
            f"[{following.date.isoformat()} · {link_text(following.title)} :material-arrow-right:]"
            f"({paths.rel(ctx.src, to_src(following))}){{.minutes-next}}"
        )
    parts += ["{: .minutes-prevnext }", ""]
    return "\n".join(parts)


def _body(
    archive: Archive, meeting: Meeting, src: str, ctx: MeetingPageContext | None = None
) -> str:
    anchors: dict[int, list[str]] = {}
    chips: dict[int, str] = {}
    for item in meeting.items:
        anchors.setdefault(item.line, []).append(item.anchor)
        topics = archive.item_topics(meeting, item)
        if topics:
            chips[item.line] = " ".join(
                f"[{link_text(archive.topics[t].name)}]({paths.rel(src, paths.topic_src(t))})"
                "{.minutes-topic}"
                for t in topics
            )
    for update in meeting.updates:
        anchors.setdefault(update.line, []).append(archive.update_anchor(meeting, update))
    repo = _meeting_repo(archive, meeting)
    out: list[str] = []
    fence: str | None = None
    heading_shown = page_heading(meeting)[1]
    for offset, text in enumerate(meeting.body.split("\n")):
        number = meeting.body_line + offset
        fence_match = _FENCE_RE.match(text)
        if fence is not None:
            out.append(text)
            if fence_match and fence_match.group(1)[0] == fence[0]:
                fence = None
            continue
        if fence_match:
            fence = fence_match.group(1)
            out.append(text)
            continue
        if number == meeting.heading_line:
            if heading_shown:
                continue  # the page's own H1
            text = "#" + text.lstrip()  # a front-matter title named the page
        if ctx is not None and ("](" in text or "]:" in text):
            text = _rebase_links(archive, text, meeting, ctx)
        text = _link_line(archive, text, src, repo)
        if number in chips:
            text = f"{text} {chips[number]}"
        for anchor in anchors.get(number, [])[:1]:
            text = insert_anchor_marker(text, anchor)
        for extra in anchors.get(number, [])[1:]:
            text = f"{text} " + trusted(f'<span id="{extra}" class="minutes-anchor"></span>')
        out.append(text)
    return "\n".join(out).strip("\n") + "\n"


def _meeting_repo(archive: Archive, meeting: Meeting) -> str | None:
    meta = meeting.front_matter
    for key in ("github_repo", "repo"):
        value = meta.get(key)
        if isinstance(value, str) and "/" in value:
            return value
    return archive.github_repo


def _link_line(archive: Archive, text: str, src: str, repo: str | None) -> str:
    """Label GitHub references and link @handles on one source line."""
    if "github.com" not in text and "@" not in text and "#" not in text:
        return text
    protected = [m.span() for m in _CODE_SPAN_RE.finditer(text)]
    links = [m.span() for m in _MD_LINK_RE.finditer(text)]
    edits: list[tuple[int, int, str]] = []
    chipped_links: set[tuple[int, int]] = set()

    def inside(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
        # Spans come from finditer: sorted and disjoint, so bisection finds the only
        # candidate (a 1 MB line holds tens of thousands of links and mentions).
        index = bisect.bisect_right(spans, (start, len(text) + 1)) - 1
        if index >= 0 and spans[index][0] <= start and end <= spans[index][1]:
            return spans[index]
        return None

    for ref in find_refs(text, repo):
        if inside(protected, ref.start, ref.end):
            continue
        key = _ref_key(ref.repo, ref.number, ref.kind)
        entry = archive.refs.get(key)
        label = (
            f"{ref.repo}#{ref.number}"
            if ref.kind != "commit"
            else (f"{ref.repo}@{str(ref.number)[:7]}")
        )
        chip = ""
        if entry is not None:
            chip = (
                f" [:material-archive-outline:]({paths.rel(src, paths.ref_src(entry.page))}"
                f' "Meetings that mention {label}"){{.minutes-ref}}'
            )
        link = inside(links, ref.start, ref.end)
        if link is not None:
            if link not in chipped_links:
                chipped_links.add(link)
                edits.append((link[1], link[1], chip))
            continue
        start, end = ref.start, ref.end
        if start > 0 and text[start - 1] == "<" and text[end : end + 1] == ">":
            start, end = start - 1, end + 1
        if text[start] == "#" or not text[start:end].startswith(("http", "<http")):
            url = entry.url if entry is not None else ref.url
        else:
            url = ref.url
        edits.append((start, end, f"[{label}]({url}){chip}"))
    taken = sorted((s, e) for s, e, _ in edits if s != e)
    for handle, start, end in find_mentions(text):
        if inside(links, start, end) or inside(protected, start, end):
            continue
        if inside(taken, start, start + 1):
            continue
        if start > 0 and text[start - 1] == "\\":
            start -= 1
        person = archive.handle_person(handle)
        if person:
            target = paths.rel(src, paths.person_src(person))
        else:
            target = f"https://github.com/{handle}"
        edits.append((start, end, f"[@{handle}]({target}){{.minutes-handle}}"))
    pieces: list[str] = []
    cursor = 0
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        pieces += [text[cursor:start], replacement]
        cursor = max(cursor, end)
    pieces.append(text[cursor:])
    return "".join(pieces)


def _ref_key(repo: str, number: int | str, kind: str) -> str:
    if kind == "commit":
        return f"{repo.lower()}@{str(number)[:12].lower()}"
    return f"{repo.lower()}#{number}"


_REL_LINK_RE = re.compile(r"(!?\[(?:[^\[\]]|\[[^\]]*\])*\]\()(<[^>\n]*>|[^()\s]+)(?=[\s)])")
_REF_DEF_RE = re.compile(r"^(\s{0,3}\[[^\]]+\]:[ \t]*)(<[^>\n]*>|\S+)")
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _rebase_links(archive: Archive, text: str, meeting: Meeting, ctx: MeetingPageContext) -> str:
    """Relative links and images of a note, re-pointed from the note's folder to its page's.

    A meeting page may live elsewhere than its note (``20250624-sync/index.md`` becomes
    ``sync/2025-06-24``; an archive file's meetings get their own pages), so
    ``![](diagram.png)`` next to the note would break. A link to another note that now
    lives at its meeting's page goes straight there.
    """
    if ctx is None:
        return text
    note_src = f"{ctx.notes_dir}/{meeting.source_path}"
    note_dir, page_dir = posixpath.dirname(note_src), posixpath.dirname(ctx.src)
    protected = [m.span() for m in _CODE_SPAN_RE.finditer(text)]

    def rebase(found: re.Match[str]) -> str:
        if any(start <= found.start() < end for start, end in protected):
            return found.group()
        target = found.group(2)
        bracketed = target.startswith("<")
        inner = target[1:-1] if bracketed else target
        if not inner or inner.startswith(("#", "/")) or _SCHEME_RE.match(inner):
            return found.group()
        path, hash_, fragment = inner.partition("#")
        resolved = posixpath.normpath(posixpath.join(note_dir, unquote(path)))
        if resolved == ".." or resolved.startswith("../"):
            return found.group()
        resolved = _moved_note(archive, ctx, resolved) or resolved
        new = posixpath.relpath(resolved, page_dir or ".")
        if new == unquote(path):
            return found.group()
        new = (new if bracketed or " " not in new else quote(new)) + hash_ + fragment
        return found.group(1) + (f"<{new}>" if bracketed else new)

    text = _REL_LINK_RE.sub(rebase, text)
    return _REF_DEF_RE.sub(rebase, text)


def _moved_note(archive: Archive, ctx: MeetingPageContext, src: str) -> str | None:
    """The meeting page of a single-meeting note that no longer lives at its own path."""
    prefix = ctx.notes_dir + "/"
    if ctx.meeting_src is None or not src.startswith(prefix) or not src.endswith(".md"):
        return None
    meetings = [m for m in archive.meetings if m.source_path == src[len(prefix) :]]
    if len(meetings) != 1 or meetings[0].in_archive_file:
        return None
    return ctx.meeting_src(meetings[0])
