"""Every page the archive adds to a site, as Markdown keyed by source path.

``build_site_pages`` turns the archive index into: meeting pages, the meetings index, the
list pages that take the place of archive files (so their old URLs keep working), person,
topic and issue pages with their indexes, the actions page and the home overview. The
plugin only has to hand these to MkDocs; nothing here knows about MkDocs.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..archive import Archive
from ..model import Meeting, ParsedNote
from ..notes.outline import split_front_matter
from ..rendering.trust import trust_all_tags
from . import charts, paths
from . import html as h
from .html import HtmlLinks, url_of
from .markup import esc, front_matter, link_text, plain_excerpt, wrap_block
from .meeting import MeetingPageContext, long_date, meeting_markdown

OVERVIEW_MARKER = "<!-- minutes:overview -->"

EditUrl = Callable[[str, int], "str | None"]


@dataclass
class SitePages:
    """Generated pages, rewrites of existing note files, and what the plugin needs later."""

    notes_dir: str
    pages: dict[str, str] = field(default_factory=dict)
    rewrites: dict[str, str] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)
    sources: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Page source path -> (note path relative to notes_dir, line): for edit links."""
    meeting_src: dict[str, str] = field(default_factory=dict)
    overview: Callable[[str], str] | None = None
    links: HtmlLinks = field(default_factory=HtmlLinks)
    """Links inside the raw HTML lists, checked by the plugin against the site's pages."""

    def meeting_a(
        self, from_src: str, meeting: Meeting, label: str, anchor: str | None = None
    ) -> str:
        """An HTML link to a meeting page (or an item on it)."""
        return self.links.a(from_src, self.meeting_src[meeting.id], label, anchor)

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
) -> SitePages:
    """All pages of the archive; ``existing`` holds the site's own source paths."""
    notes = list(notes)
    site = SitePages(notes_dir=notes_dir, links=HtmlLinks(use_directory_urls))
    prefix = notes_dir + "/"
    by_source: dict[str, list[Meeting]] = defaultdict(list)
    for meeting in archive.meetings:
        by_source[meeting.source_path].append(meeting)

    # Where each meeting's page lives: in place when the note's own URL is the meeting's.
    for note in notes:
        meetings = by_source.get(note.path, [])
        note_src = prefix + note.path
        if len(meetings) == 1 and not note.is_archive:
            wanted = paths.meeting_src(notes_dir, meetings[0].id)
            if url_of(wanted) == url_of(note_src):
                site.meeting_src[meetings[0].id] = note_src
                continue
        for meeting in meetings:
            site.meeting_src[meeting.id] = paths.meeting_src(notes_dir, meeting.id)

    for meeting in archive.meetings:
        src = site.meeting_src[meeting.id]
        line = meeting.line if meeting.in_archive_file else 1
        ctx = MeetingPageContext(
            src=src,
            notes_dir=notes_dir,
            edit_url=edit_url(meeting.source_path, line) if edit_url else None,
            meeting_src=lambda m: site.meeting_src[m.id],
        )
        _put(
            site,
            src,
            meeting_markdown(archive, meeting, ctx),
            existing,
            hidden=True,
            generated=False,
        )
        site.sources[src] = (meeting.source_path, line)

    notes_index = paths.notes_index_src(notes_dir)
    for note in notes:
        note_src = prefix + note.path
        meetings = by_source.get(note.path, [])
        if note_src in site.meeting_src.values():
            continue
        if meetings:
            site.rewrites[note_src] = _file_listing(archive, note, meetings, site, note_src)
            site.hidden.add(note_src)
            site.sources[note_src] = (note.path, 1)
        elif note_src != notes_index:
            site.rewrites[note_src] = _ordinary_page(note)
            site.sources[note_src] = (note.path, 1)

    index_page = trust_all_tags(_notes_index(archive, site, notes_index))
    own_index = next((n for n in notes if prefix + n.path == notes_index), None)
    if own_index is not None:
        site.rewrites[notes_index] = _ordinary_page(own_index) + "\n\n" + _strip_title(index_page)
    elif notes_index not in existing:
        site.pages[notes_index] = index_page

    _people_pages(archive, site, existing)
    _topic_pages(archive, site, existing)
    _ref_pages(archive, site, existing)
    _put(site, paths.ACTIONS_INDEX, _actions_page(archive, site), existing, hidden=False)

    site.overview = lambda src: trust_all_tags(overview_markdown(archive, site, src))
    if overview and not site_has_index:
        site.pages["index.md"] = (
            front_matter({"title": "Meeting archive"})
            + "# Meeting archive\n\n"
            + trust_all_tags(overview_markdown(archive, site, "index.md"))
        )
    return site


def _put(
    site: SitePages,
    src: str,
    markdown: str,
    existing: set[str],
    *,
    hidden: bool,
    generated: bool = True,
) -> None:
    if generated:
        markdown = trust_all_tags(markdown)
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


def _ordinary_page(note: ParsedNote) -> str:
    """A note that is not a meeting: published as written, leading ``Key: value`` kept."""
    text = note.text
    if text.startswith("---"):
        # The author's front matter, re-emitted escaped (themes insert ``title`` and
        # ``description`` unescaped); invalid YAML is dropped, as its finding says.
        front = split_front_matter(text)
        if front.body == text:
            return text
        return front_matter({} if front.error else front.data) + front.body
    title = note.title or posixpath.splitext(posixpath.basename(note.path))[0]
    return front_matter({"title": title}) + text


def _meeting_link(
    site: SitePages, from_src: str, meeting: Meeting, anchor: str | None = None
) -> str:
    return paths.rel(from_src, site.meeting_src[meeting.id], anchor)


def _file_listing(
    archive: Archive, note: ParsedNote, meetings: list[Meeting], site: SitePages, src: str
) -> str:
    """What an archive file's own URL shows: its meetings, newest first."""
    title = note.title or posixpath.basename(note.path)
    lines = [front_matter({"title": title}), f"# {esc(title)}", ""]
    if len(meetings) > 1:
        lines.append(f"This file holds {len(meetings)} meetings; each has its own page.")
    else:
        lines.append("This note has moved to its meeting page:")
    lines.append("")
    for meeting in sorted(meetings, key=lambda m: (m.date, m.id), reverse=True):
        lines.append(
            f"- [{meeting.date.isoformat()} · {link_text(meeting.title)}]"
            f"({_meeting_link(site, src, meeting)})"
        )
    return "\n".join(lines) + "\n"


def _present(meeting: Meeting) -> int:
    return sum(1 for a in meeting.attendees if a.present)


def _notes_index(archive: Archive, site: SitePages, src: str) -> str:
    """Meetings by year, newest first, with date, title and attendance."""
    lines = [front_matter({"title": "Meetings"}), "# Meetings", ""]
    total = len(archive.meetings)
    series = sorted({m.series for m in archive.meetings if m.series})
    lines.append(
        f"{total} meetings"
        + (f" in {len(series)} series" if series else "")
        + (". The newest is always at [latest](latest/)." if total else ".")
    )
    lines.append("")
    by_year: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in archive.meetings:
        by_year[meeting.date.year].append(meeting)
    for year in sorted(by_year, reverse=True):
        rows = [
            (
                meeting.date.isoformat(),
                site.meeting_a(src, meeting, meeting.title),
                h.text(meeting.series or ""),
                str(_present(meeting) or ""),
            )
            for meeting in sorted(by_year[year], key=lambda m: (m.date, m.id), reverse=True)
        ]
        lines += [
            f"## {year}",
            "",
            h.table(("Date", "Meeting", "Series", "Attendees"), rows, numeric=(3,)),
            "",
        ]
    if series:
        lines += ["## Series", ""]
        items = []
        for name in series:
            meetings = [m for m in archive.meetings if m.series == name]
            items.append(
                f'<span id="series-{h.text(name)}"></span><strong>{h.text(name)}</strong>: '
                f"{len(meetings)} meetings, {meetings[0].date.isoformat()} to "
                f"{meetings[-1].date.isoformat()}; latest "
                + site.meeting_a(src, meetings[-1], meetings[-1].date.isoformat())
            )
        lines += [h.ul(items), ""]
    return "\n".join(lines)


# --- people ----------------------------------------------------------------------


def _people_pages(archive: Archive, site: SitePages, existing: set[str]) -> None:
    src = paths.PEOPLE_INDEX
    histories = {pid: archive.person_history(pid) for pid in archive.people}
    ordered = sorted(
        archive.people.values(), key=lambda p: (-len(histories[p.id].attended), p.name.lower())
    )
    rows = []
    for person in ordered:
        history = histories[person.id]
        rows.append(
            (
                site.links.a(src, paths.person_src(person.id), person.name),
                h.external(f"https://github.com/{person.handle}", f"@{person.handle}")
                if person.handle
                else "",
                h.text(person.affiliation or ""),
                str(len(history.attended)),
                history.first_seen.isoformat() if history.first_seen else "",
                history.last_seen.isoformat() if history.last_seen else "",
            )
        )
    lines = [
        front_matter({"title": "People"}),
        "# People",
        "",
        f"{len(archive.people)} people appear in the notes.",
        "",
        h.table(
            ("Name", "GitHub", "Affiliation", "Meetings", "First seen", "Last seen"),
            rows,
            numeric=(3,),
        ),
        "",
    ]
    _put(site, src, "\n".join(lines) + "\n", existing, hidden=False)
    for person in archive.people.values():
        _put(
            site,
            paths.person_src(person.id),
            _person_page(archive, site, person.id, histories[person.id]),
            existing,
            hidden=True,
        )


def _person_page(archive: Archive, site: SitePages, person_id: str, history) -> str:
    person = archive.people[person_id]
    src = paths.person_src(person_id)
    lines = [
        front_matter({"title": person.name, "description": f"{person.name} in the meeting notes"}),
        f"# {esc(person.name)}",
        "",
    ]
    facts = []
    if person.handle:
        facts.append(
            f":fontawesome-brands-github: [@{esc(person.handle)}]"
            f"(https://github.com/{person.handle})"
        )
    facts.append(f"{len(history.attended)} meetings attended")
    if history.first_seen:
        facts.append(f"first seen {history.first_seen.isoformat()}")
    if history.last_seen:
        facts.append(f"last seen {history.last_seen.isoformat()}")
    header = [" · ".join(facts), ""]
    others = [n for n in person.names if n != person.name]
    if others:
        header += ["Also written as: " + ", ".join(esc(n) for n in others), ""]
    if person.affiliations:
        spans = [
            f"{esc(affiliation)} ({archive.meeting(meeting_id).date.year})"
            for meeting_id, affiliation in person.affiliations
        ]
        header += ["Affiliations: " + "; ".join(dict.fromkeys(spans)), ""]
    lines += wrap_block("minutes-header", header)
    attended = set(history.attended)
    if archive.meetings:
        strip = charts.attendance_strip(
            [(m.date, m.id in attended) for m in archive.meetings],
            title=f"Attendance of {person.name}",
            desc=f"{len(attended)} of {len(archive.meetings)} meetings attended, one tick per "
            "meeting, filled when attended.",
            id_prefix=f"att-{person_id}",
        )
        lines += [strip, ""]

    # The lists below quote the minutes: kept out of search so results lead to meetings.
    def date_link(meeting_id: str, anchor: str | None = None) -> str:
        meeting = archive.meeting(meeting_id)
        return site.meeting_a(src, meeting, meeting.date.isoformat(), anchor)

    if history.updates:
        rows = [
            f"{date_link(mid, anchor)} · {h.text(archive.meeting(mid).title)}: "
            f"{h.text(plain_excerpt(update.text, 200))}"
            for mid, update, anchor in history.updates
        ]
        lines += ["## Updates", "", h.quotes(h.ul(rows)), ""]
    if history.items_led:
        rows = [
            f"{archive.meeting(mid).date.isoformat()}: "
            + site.meeting_a(src, archive.meeting(mid), plain_excerpt(item.title, 120), item.anchor)
            for mid, item in history.items_led
        ]
        lines += ["## Agenda items led", "", h.quotes(h.ul(rows)), ""]
    if history.actions:
        rows = [
            ("☑ " if action.done else "☐ ")
            + f"{h.text(plain_excerpt(action.text, 200))} ({date_link(mid)})"
            for mid, action in history.actions
        ]
        lines += ["## Actions", "", h.quotes(h.ul(rows)), ""]
    if history.celebrations:
        rows = [
            f"{h.text(plain_excerpt(celebration.text, 200))} ({date_link(mid)})"
            for mid, celebration in history.celebrations
        ]
        lines += ["## Shout-outs", "", h.quotes(h.ul(rows)), ""]
    if history.topics:
        lines += ["## Topics", ""]
        lines.append(
            ", ".join(
                f"[{link_text(archive.topics[t].name)}]({paths.rel(src, paths.topic_src(t))})"
                for t in history.topics
                if t in archive.topics
            )
        )
        lines.append("")
    if history.attended or history.absent:
        # Dates grouped by year: compact for people who attended hundreds of meetings.
        absent = set(history.absent)
        by_year: dict[int, list[str]] = defaultdict(list)
        # Newest first; meetings of one day by id, so every build lists them alike.
        for mid in sorted(
            set(history.attended) | absent,
            key=lambda m: (archive.meeting(m).date, m),
            reverse=True,
        ):
            meeting = archive.meeting(mid)
            label = meeting.date.strftime("%d %b") + (" (absent)" if mid in absent else "")
            by_year[meeting.date.year].append(site.meeting_a(src, meeting, label))
        rows = [f"<strong>{year}</strong>: " + ", ".join(links) for year, links in by_year.items()]
        lines += ["## Meetings", "", h.quotes(h.ul(rows)), ""]
    return "\n".join(lines)


# --- topics ----------------------------------------------------------------------

#: How pages mark a topic found in the notes rather than written in the registry.
DISCOVERED_LABEL = '<span class="minutes-label" title="found in the notes">discovered</span>'


def _topic_pages(archive: Archive, site: SitePages, existing: set[str]) -> None:
    src = paths.TOPICS_INDEX
    lines = [front_matter({"title": "Topics"}), "# Topics", ""]
    if not archive.topics:
        lines += [
            "No topics yet: add a topic registry (the `topics` option) to follow "
            "recurring subjects across meetings.",
            "",
        ]
    else:
        if any(t.discovered for t in archive.topics.values()):
            lines += [
                f"Topics marked {DISCOVERED_LABEL} were found in the notes: subjects agenda "
                "items keep coming back to. `minutes topics` prints them as a topic registry "
                "to rename, describe, merge or hide them.",
                "",
            ]
        lines += [
            "| Topic | Items | First discussed | Last discussed |",
            "| --- | ---: | --- | --- |",
        ]
        for topic in sorted(archive.topics.values(), key=lambda t: (-len(t.items), t.name.lower())):
            first, last = _topic_span(archive, topic)
            label = f" {DISCOVERED_LABEL}" if topic.discovered else ""
            lines.append(
                f"| [{link_text(topic.name)}]({paths.rel(src, paths.topic_src(topic.id))}){label}"
                f" | {len(topic.items)} | {first} | {last} |"
            )
        lines.append("")
    _put(site, src, "\n".join(lines), existing, hidden=False)
    for topic in archive.topics.values():
        _put(
            site,
            paths.topic_src(topic.id),
            _topic_page(archive, site, topic),
            existing,
            hidden=True,
        )


def _topic_span(archive: Archive, topic) -> tuple[str, str]:
    dates = [archive.meeting(mid).date for mid, _ in topic.items]
    if not dates:
        return "", ""
    return min(dates).isoformat(), max(dates).isoformat()


def _topic_page(archive: Archive, site: SitePages, topic) -> str:
    src = paths.topic_src(topic.id)
    first, last = _topic_span(archive, topic)
    lines = [
        front_matter({"title": topic.name, "description": topic.description or topic.name}),
        f"# {esc(topic.name)}",
        "",
    ]
    header = [esc(topic.description), ""] if topic.description else []
    if topic.discovered:
        others = [a for a in topic.aliases if "/" not in a and a != topic.name.lower()]
        spelled = ", ".join(f"“{esc(a)}”" for a in others[:6])
        header += [
            f"{DISCOVERED_LABEL} Found in the notes: the agenda items whose title names it, "
            "or whose notes keep coming back to it"
            + (f" (also written {spelled})" if spelled else "")
            + ".",
            "",
        ]
    facts = [f"{len(topic.items)} agenda items"]
    if first:
        facts.append(f"first discussed {first}, last {last}")
    header += [" · ".join(facts), ""]
    if topic.people:
        header += [
            "People involved: "
            + ", ".join(
                f"[{link_text(archive.people[p].name)}]({paths.rel(src, paths.person_src(p))})"
                for p in topic.people
                if p in archive.people
            ),
            "",
        ]
    lines += wrap_block("minutes-header", header)
    dates = [archive.meeting(mid).date for mid, _ in topic.items]
    if dates:
        lines += [
            charts.activity_chart(
                dates,
                title=f"Activity on {topic.name}",
                desc=f"Agenda items about {topic.name} over time.",
                id_prefix=f"topic-{topic.id}",
            ),
            "",
        ]
    entries = []
    for meeting_id, anchor in reversed(topic.items):
        meeting = archive.meeting(meeting_id)
        item = archive.item(meeting_id, anchor)
        if item is None:
            continue
        speakers = archive.people_for(meeting, item.speakers)
        who = ", ".join(h.text(archive.people[p].name) for p in speakers if p in archive.people)
        entry = f"<strong>{meeting.date.isoformat()}</strong> · " + site.meeting_a(
            src, meeting, plain_excerpt(item.title, 140), anchor
        )
        if who:
            entry += f" · {who}"
        excerpt = plain_excerpt(item.body, 160)
        if excerpt:
            entry += f'<span class="minutes-excerpt">{h.text(excerpt)}</span>'
        entries.append(entry)
    if entries:
        # Newest first; the toggle reverses the list with CSS alone (no JavaScript).
        lines += [
            "## Timeline",
            "",
            '<input type="checkbox" id="minutes-order" class="minutes-order">'
            '<label for="minutes-order">Oldest first</label>',
            "",
            h.quotes(h.ul(entries, "minutes-timeline")),
            "",
        ]
    if topic.refs:
        rows = []
        for key in topic.refs:
            entry = archive.refs.get(key)
            if entry is not None:
                rows.append(
                    f"- [{esc(_ref_label(entry))}]({paths.rel(src, paths.ref_src(entry.page))})"
                )
        lines += ["## Issues and pull requests", "", *rows, ""]
    return "\n".join(lines)


# --- references ------------------------------------------------------------------


def _ref_label(entry) -> str:
    if entry.kind == "commit":
        return f"{entry.repo}@{str(entry.number)[:7]}"
    return f"{entry.repo}#{entry.number}"


_KIND_NAMES = {
    "issue": "Issue",
    "pull": "Pull request",
    "discussion": "Discussion",
    "commit": "Commit",
}


def _ref_pages(archive: Archive, site: SitePages, existing: set[str]) -> None:
    src = paths.REFS_INDEX
    lines = [
        front_matter({"title": "Issues and pull requests"}),
        "# Issues and pull requests",
        "",
        f"{len(archive.refs)} GitHub issues, pull requests, discussions and commits "
        "are referenced in the notes.",
        "",
    ]
    by_repo: dict[str, list] = defaultdict(list)
    for entry in archive.refs.values():
        by_repo[entry.repo.lower()].append(entry)
    for repo in sorted(by_repo):
        entries = sorted(by_repo[repo], key=lambda e: (-len(e.mentions), str(e.number)))
        rows = []
        for entry in entries:
            meetings = entry.meetings
            last = max(archive.meeting(m).date for m in meetings).isoformat() if meetings else ""
            rows.append(
                (
                    site.links.a(src, paths.ref_src(entry.page), _ref_label(entry)),
                    _KIND_NAMES.get(entry.kind, entry.kind),
                    str(len(meetings)),
                    last,
                )
            )
        lines += [
            f"## {esc(entries[0].repo)}",
            "",
            h.table(("Reference", "Kind", "Meetings", "Last mentioned"), rows, numeric=(2,)),
            "",
        ]
    _put(site, src, "\n".join(lines), existing, hidden=False)
    for entry in archive.refs.values():
        _put(
            site,
            paths.ref_src(entry.page),
            _ref_page(archive, site, entry),
            existing,
            hidden=True,
        )


def _ref_page(archive: Archive, site: SitePages, entry) -> str:
    src = paths.ref_src(entry.page)
    label = _ref_label(entry)
    kind = _KIND_NAMES.get(entry.kind, entry.kind)
    lines = [
        front_matter({"title": label, "description": f"{kind} {label} in the meeting notes"}),
        f"# {esc(label)}",
        "",
        *wrap_block(
            "minutes-header",
            [
                f"{kind} on GitHub: [{esc(label)}]({entry.url}) · mentioned in "
                f"{len(entry.meetings)} meetings"
            ],
        ),
    ]
    rows = []
    for meeting_id, anchor, context, _line in entry.mentions:
        meeting = archive.meeting(meeting_id)
        row = f"<strong>{meeting.date.isoformat()}</strong> · " + site.meeting_a(
            src, meeting, meeting.title, anchor
        )
        if context:
            row += f'<span class="minutes-excerpt">{h.text(plain_excerpt(context, 300))}</span>'
        rows.append(row)
    lines += [h.quotes(h.ul(rows)), ""]
    return "\n".join(lines)


# --- actions ---------------------------------------------------------------------


def _actions_page(archive: Archive, site: SitePages) -> str:
    src = paths.ACTIONS_INDEX
    actions = archive.actions()
    lines = [front_matter({"title": "Actions"}), "# Actions", ""]
    open_actions = [a for a in actions if not a.done and not a.carried_over_to]
    lines += [f"{len(actions)} actions in the notes, {len(open_actions)} still open.", ""]
    lines += ["## Open actions by person", ""]
    by_person: dict[str, list] = defaultdict(list)
    for action in open_actions:
        for pid in action.assignees or ("",):
            by_person[pid].append(action)

    def person_label(pid: str) -> str:
        if pid and pid in archive.people:
            return site.links.a(src, paths.person_src(pid), archive.people[pid].name)
        return "Unassigned"

    def meeting_date(meeting_id: str) -> str:
        meeting = archive.meeting(meeting_id)
        return site.meeting_a(src, meeting, meeting.date.isoformat())

    for pid in sorted(
        by_person,
        key=lambda p: (p == "", archive.people[p].name.lower() if p in archive.people else p),
    ):
        rows = [
            f"☐ {h.text(plain_excerpt(a.text, 200))} ({meeting_date(a.meeting)})"
            for a in by_person[pid]
        ]
        name = archive.people[pid].name if pid in archive.people else "Unassigned"
        lines += [f"### {esc(name)}", "", h.ul(rows), ""]
    lines += ["## All actions by meeting", ""]
    by_meeting: dict[str, list] = defaultdict(list)
    for action in actions:
        by_meeting[action.meeting].append(action)
    blocks = []
    for meeting in sorted(
        (archive.meeting(m) for m in by_meeting), key=lambda m: (m.date, m.id), reverse=True
    ):
        rows = []
        for action in by_meeting[meeting.id]:
            row = ("☑ " if action.done else "☐ ") + h.text(plain_excerpt(action.text, 200))
            who = ", ".join(person_label(p) for p in action.assignees)
            if who:
                row += f" ({who})"
            if action.carried_over_from:
                row += " · carried over from " + meeting_date(action.carried_over_from[0])
            rows.append(row)
        blocks.append(
            "<h3>"
            + site.meeting_a(src, meeting, f"{meeting.date.isoformat()} · {meeting.title}")
            + "</h3>"
            + h.ul(rows)
        )
    lines += [h.quotes("".join(blocks)), ""]
    return "\n".join(lines)


# --- overview --------------------------------------------------------------------


def overview_markdown(archive: Archive, site: SitePages, src: str) -> str:
    """The home page's overview: latest meeting, numbers, charts, recent topics."""
    meetings = archive.meetings
    lines: list[str] = []
    if not meetings:
        return "No meetings yet. Add notes to the notes folder to start the archive.\n"
    latest = meetings[-1]
    latest_lines = [
        f"**Latest meeting:** [{link_text(latest.title)}]({_meeting_link(site, src, latest)})"
        f" · {long_date(latest)}",
        "",
    ]
    if latest.items:
        latest_lines.append(
            "; ".join(link_text(plain_excerpt(i.title, 80)) for i in latest.items[:6])
        )
    lines += wrap_block("minutes-latest", latest_lines)
    years = {m.date.year for m in meetings}
    cards = [
        (len(meetings), "meetings", paths.notes_index_src(site.notes_dir)),
        (len(archive.people), "people", paths.PEOPLE_INDEX),
        (len(archive.topics), "topics", paths.TOPICS_INDEX),
        (len(archive.refs), "issues & PRs", paths.REFS_INDEX),
        (f"{min(years)}–{max(years)}" if len(years) > 1 else str(min(years)), "years", None),
    ]
    # One raw HTML block (no Markdown inside): the cards are links to the index pages.
    html_cards = []
    for value, label, target in cards:
        body = f"<strong>{value}</strong><span>{label}</span>"
        if target:
            html_cards.append(
                f'<a class="minutes-card" href="{site.links.href(src, target)}">{body}</a>'
            )
        else:
            html_cards.append(f'<div class="minutes-card">{body}</div>')
    lines += ['<div class="minutes-cards">' + "".join(html_cards) + "</div>", ""]
    lines += [
        "Search the minutes with the search box at the top of every page (press <kbd>/</kbd>).",
        "",
    ]
    monthly = charts.monthly_counts(m.date for m in meetings)
    lines += [
        "## Attendance over time",
        "",
        charts.bar_chart(
            monthly,
            title="Meetings per month",
            desc=f"{len(meetings)} meetings from {meetings[0].date.isoformat()} "
            f"to {latest.date.isoformat()}, counted per month.",
            id_prefix="overview-months",
            y_label="meetings",
        ),
        "",
    ]
    points = [(m.date, float(_present(m))) for m in meetings if _present(m)]
    if points:
        lines += [
            charts.line_chart(
                points,
                title="Attendees per meeting",
                desc="Number of people on each meeting's roll call.",
                id_prefix="overview-attendees",
                y_label="attendees",
            ),
            "",
        ]
    recent = _recent_topics(archive)
    if recent:
        lines += ["## Recent topics", ""]
        for topic, date in recent[:8]:
            label = f" {DISCOVERED_LABEL}" if topic.discovered else ""
            lines.append(
                f"- [{link_text(topic.name)}]({paths.rel(src, paths.topic_src(topic.id))}){label}"
                f": last discussed {date.isoformat()}, {len(topic.items)} items"
            )
        lines.append("")
    lines += ["## Recent meetings", ""]
    for meeting in list(reversed(meetings))[:10]:
        lines.append(
            f"- {meeting.date.isoformat()} · [{link_text(meeting.title)}]"
            f"({_meeting_link(site, src, meeting)})"
        )
    lines.append("")
    return "\n".join(lines)


def _recent_topics(archive: Archive) -> list[tuple[object, dt.date]]:
    rows = []
    for topic in archive.topics.values():
        if topic.items:
            rows.append((topic, max(archive.meeting(m).date for m, _ in topic.items)))
    return sorted(rows, key=lambda r: r[1], reverse=True)
