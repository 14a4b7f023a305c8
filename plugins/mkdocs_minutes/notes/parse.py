"""Parse one note file into meetings: the entry point of the core.

``parse_note`` decodes the bytes, splits front matter, finds the meetings (a whole file, or
the dated sections of an archive file), dates and names them, and reads each meeting's
sections with the line grammars of this package (roll call, updates, agenda, actions,
references). It never raises on bad input: what it cannot understand becomes a
:class:`~mkdocs_minutes.model.Finding` with the file and line, and no text is dropped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..model import (
    ActionItem,
    AgendaItem,
    Attendee,
    Celebration,
    Finding,
    Meeting,
    Mention,
    ParsedNote,
    Passage,
    Reference,
    Update,
)
from ..redact import redact
from ..text import DecodedText, decode_note, heading_slug, unique_anchor
from . import actions as actions_grammar
from . import agenda as agenda_grammar
from . import rollcall as rollcall_grammar
from . import updates as updates_grammar
from .dates import (
    DateMatch,
    date_from_path,
    find_date_in_text,
    front_matter_date,
    is_date_line,
    parse_date_heading,
    year_from_path,
)
from .names import LINE_CACHES as name_caches
from .names import KnownKeys, known_keys
from .outline import LINE_CACHES as outline_caches
from .outline import (
    Bullet,
    FrontMatter,
    Line,
    bullet_match,
    outline_lines,
    split_front_matter,
    top_level_bullets,
)
from .refs import find_mentions, find_refs

# Patterns of the functions below, compiled once rather than looked up per line.
_TAGS_RE = re.compile(r"^\s*tags\s*:", re.IGNORECASE)
_QUOTE_RE = re.compile(r"^>\s*")
_FIELD_SEPARATOR_RE = re.compile(r"\s/\s|/@|\s\|\s")
_LEADING_BOX_RE = re.compile(r"^\[[ xX]\]\s*")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_MARKUP_RE = re.compile(r"[*_`]")
_SPACES_RE = re.compile(r"\s+")
_NUMBERED_HEADING_RE = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)+)[.)]?\s+\S")
_BARE_URL_RE = re.compile(r"https?://\S+")


# Roll-call grammars are pure functions of one line, and real archives repeat the same
# lines week after week (the same people sign in the same way): cache them.
_cached_parse_inline_attendees = functools.lru_cache(maxsize=32768)(
    rollcall_grammar.parse_inline_attendees
)
_cached_parse_facilitator = functools.lru_cache(maxsize=32768)(rollcall_grammar.parse_facilitator)
_cached_parse_rollcall_header = functools.lru_cache(maxsize=8192)(
    rollcall_grammar.parse_rollcall_header
)
_cached_is_placeholder = functools.lru_cache(maxsize=8192)(rollcall_grammar.is_placeholder)
_cached_parse_rollcall_line = functools.lru_cache(maxsize=32768)(
    rollcall_grammar.parse_rollcall_line
)


def forget_line_parses() -> None:
    """Empty the caches of the parser's one-line grammars (roll-call lines, update
    colons, bullets, names, headings). They spare ``mkdocs serve`` the lines an edited
    note shares with the last parse of it; a ``mkdocs build`` has parsed its notes when
    it calls this, and the lines they keep (5 MB at 1,000 meetings, most of them held
    nowhere else: a note keeps its text as bytes) are better left to what the build
    allocates next."""
    for cached in (
        _cached_parse_inline_attendees,
        _cached_parse_facilitator,
        _cached_parse_rollcall_header,
        _cached_is_placeholder,
        _cached_parse_rollcall_line,
        section_kind,
        _section_words,
        *outline_caches,
        *name_caches,
        *updates_grammar.LINE_CACHES,
        *rollcall_grammar.LINE_CACHES,
    ):
        cached.cache_clear()


ROLLCALL, UPDATES, CELEBRATIONS, AGENDA, ACTIONS, OTHER, REGRETS = (
    "rollcall",
    "updates",
    "celebrations",
    "agenda",
    "actions",
    "other",
    "regrets",
)

_CELEBRATION_WORDS_RE = re.compile(r"\b(celebrations?|shout[- ]?outs?|kudos|wins)\b")
_SECTION_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        # "Quick updates, celebrations and shout-outs": people's updates first of all
        UPDATES,
        re.compile(r"^((quick|status|short|team|weekly|\d+[\s-]*(s|sec|seconds?))\s+)?updates?\b"),
    ),
    (CELEBRATIONS, _CELEBRATION_WORDS_RE),
    (REGRETS, re.compile(r"^(regrets|apologies|absent|absences|not present)\b")),
    (
        ROLLCALL,
        re.compile(
            r"^(attendees?|attendance|participants|present|(please )?sign[- ]?ins?|"
            r"roll[- ]?call|welcome\b.*|check[- ]?ins?|who'?s here|who is here|"
            r"people present|in attendance)\b"
        ),
    ),
    (
        UPDATES,
        re.compile(
            r"^((quick|status|short|team|weekly|individual|personal|project|round[- ]?table)\s+)?"
            r"(updates?|reports?|status|round[- ]?(table|robin))\b|"
            r"^\d+[\s-]*(s|sec|second)s?\b.*updates?"
        ),
    ),
    (
        ACTIONS,
        re.compile(
            r"^((previous|last|past|open|outstanding|review( of)?)\s+)?"
            r"(action items?|actions?|decisions?( made)?|next (actions|steps)|to[- ]?dos?|"
            r"follow[- ]?ups?)\b"
        ),
    ),
)

_SHORTCODE_RE = re.compile(r":[a-z0-9_+-]+:")
_NUMBERING_RE = re.compile(r"^\s*(?:[ivxlc]+|\d+(?:\.\d+)*|[a-z])[.)]\s+", re.IGNORECASE)
_PAREN_TIME_RE = re.compile(r"\((?:[^()]*\bmin(?:ute)?s?\b[^()]*)\)", re.IGNORECASE)
_WORDISH_RE = re.compile(r"[^\w\s'&/-]", re.UNICODE)


@functools.lru_cache(maxsize=8192)
def section_kind(heading: str) -> str:
    """What a section heading introduces: roll call, updates, celebrations, actions, agenda.

    Emoji, ``:shortcodes:``, numbering (``I.``, ``5.3``) and time boxes are ignored, so
    ``### 💬 (10 minutes) Share out`` and ``## 2. Quick updates`` classify like their plain
    forms. Everything that is not one of the special kinds holds agenda items. Cached:
    every meeting of a series repeats the same headings, and each is classified twice.
    """
    if _TAGS_RE.match(heading):
        return OTHER  # HackMD's "###### tags: `meeting`" line is metadata
    text = _section_words(heading)
    for kind, pattern in _SECTION_WORDS:
        if pattern.search(text):
            return kind
    return AGENDA


@dataclass
class _Collector:
    """Mutable state while one meeting is read."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    attendees: list[Attendee] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    celebrations: list[Celebration] = field(default_factory=list)
    items: list[AgendaItem] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    facilitators: list[tuple[str, int]] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)
    action_lines: set[int] = field(default_factory=set)
    placed_rollcall: int = 0
    unplaced_rollcall: int = 0
    placed_updates: int = 0
    unplaced_updates: int = 0

    def find(self, code: str, line: int, message: str) -> None:
        self.findings.append(Finding(code, self.path, line, message))

    @property
    def known(self) -> KnownKeys:
        """Lookup keys of the people this meeting names, computed once per section."""
        return known_keys(self.known_names())

    def known_names(self) -> set[str]:
        names: set[str] = set()
        for attendee in self.attendees:
            names.add(attendee.name)
            names.update(attendee.name.split())
            if attendee.handle:
                names.add(attendee.handle)
        return names


def _text_findings(
    path: str, decoded: DecodedText, redacted_lines: tuple[int, ...], front: FrontMatter
) -> list[Finding]:
    """What reading the file's text found: its encoding, repaired mojibake, redacted
    passcodes, front matter that does not parse."""
    findings: list[Finding] = []
    if decoded.encoding != "utf-8":
        findings.append(
            Finding(
                "not-utf8",
                path,
                1,
                f"not UTF-8; decoded as {decoded.encoding}. Save the file as UTF-8.",
            )
        )
    for line in decoded.repaired_lines:
        findings.append(
            Finding(
                "mojibake-repaired",
                path,
                line,
                "repaired mojibake (text decoded with the wrong encoding, e.g. 'ðŸŽ‰' for 🎉); "
                "fix the source line",
            )
        )
    for line in redacted_lines:
        findings.append(
            Finding(
                "passcode-redacted",
                path,
                line,
                "meeting passcode redacted from the published site; remove it from the note",
            )
        )
    if front.error:
        findings.append(
            Finding(
                "front-matter-invalid",
                path,
                front.error_line,
                f"{front.error}; the note is published without it",
            )
        )
    return findings


def parse_note(
    path: str,
    data: bytes,
    *,
    default_repo: str | None = None,
) -> ParsedNote:
    """Parse one note file (``path`` relative to ``notes_dir``, POSIX) from its bytes."""
    decoded = decode_note(data)
    text, redacted_lines = redact(decoded.text)
    front = split_front_matter(text)
    findings = _text_findings(path, decoded, redacted_lines, front)
    meta = front.data
    if not front.body.strip():
        findings.append(
            Finding(
                "empty-note",
                path,
                1,
                "empty note (or front matter only): nothing to publish as a meeting",
            )
        )
        return ParsedNote(
            path=path,
            text=text,
            findings=tuple(findings),
            title=_meta_str(meta, "title"),
            body_line=front.body_line,
            meta=dict(meta),
        )
    lines = outline_lines(front.body, front.body_line)
    h1 = next((ln for ln in lines if ln.heading_level == 1), None)
    title = _meta_str(meta, "title") or (h1.heading_text if h1 else None)

    path_date = date_from_path(path)
    default_year = path_date[0].year if path_date else year_from_path(path)
    meta_match = front_matter_date(meta)
    meta_date = meta_match.date if meta_match else None
    if default_year is None and meta_date:
        default_year = meta_date.year

    sections = _archive_sections(lines, path_date is not None, default_year)
    passages: tuple[Passage, ...] = ()
    if sections:
        meetings, state = _parse_archive(path, lines, sections, meta, title, default_repo)
        passages = _passages(lines, sections)
    else:
        meeting, state = _parse_single(
            path,
            lines,
            meta,
            title,
            path_date,
            meta_date,
            default_year,
            default_repo,
            front.body_line,
            front.body,
        )
        meetings = [meeting] if meeting else []
    findings.extend(state.findings)
    return ParsedNote(
        path=path,
        text=text,
        meetings=tuple(meetings),
        findings=tuple(sorted(findings, key=lambda f: (f.line, f.code))),
        title=title,
        is_archive=bool(sections),
        passages=passages,
        body_line=front.body_line,
        meta=dict(meta),
        placed_rollcall=state.placed_rollcall,
        unplaced_rollcall=state.unplaced_rollcall,
        placed_updates=state.placed_updates,
        unplaced_updates=state.unplaced_updates,
    )


# --- meetings and their dates ------------------------------------------------------


@dataclass(frozen=True)
class _Section:
    start: int  # index into lines of the date heading
    end: int  # exclusive
    match: DateMatch
    level: int


def _archive_sections(
    lines: list[Line], has_path_date: bool, default_year: int | None
) -> list[_Section]:
    """Dated headings that split a file into meetings, at the shallowest level that has them.

    A meeting runs from its dated heading to the next dated heading of that level, or to a
    heading of a higher rank (``# Appendix`` after ``## 2024-11-19`` sections). Headings
    of the same level that are not dates (``## Agenda``, ``## Notes``, ``## Celebrations``)
    are sections *of* the meeting: archives write them at the date's level as often as
    below it, and ending the meeting there dropped them. Headings in code fences are never
    headings (the outline marks them). A file dated by its name is one meeting unless it
    holds two or more dated sections.
    """
    candidates: dict[int, list[tuple[int, DateMatch]]] = {}
    year = default_year
    for index, line in enumerate(lines):
        if line.heading_level < 2:
            continue
        match = parse_date_heading(line.heading_text, default_year=year)
        if match and match.dates:
            candidates.setdefault(line.heading_level, []).append((index, match))
            if not match.year_inferred:
                year = match.dates[-1].year  # "## March 28" after "## 2019-03-21": 2019
    if not candidates:
        return []
    level = min(candidates)
    found = candidates[level]
    if has_path_date and len(found) < 2:
        return []
    sections: list[_Section] = []
    for position, (index, match) in enumerate(found):
        end = len(lines)
        for later in range(index + 1, len(lines)):
            if 0 < lines[later].heading_level < level:
                end = later
                break
        if position + 1 < len(found):
            end = min(end, found[position + 1][0])
        sections.append(_Section(index, end, match, level))
    return sections


def _parse_archive(
    path: str,
    lines: list[Line],
    sections: list[_Section],
    meta: dict,
    title: str | None,
    default_repo: str | None,
) -> tuple[list[Meeting], _Collector]:
    total = _Collector(path)
    meetings: list[Meeting] = []
    series = _series(path, meta)
    for section in sections:
        heading = lines[section.start]
        body_lines = lines[section.start + 1 : section.end]
        while body_lines and body_lines[-1].text.strip() in ("", "---", "***", "___"):
            body_lines = body_lines[:-1]
        dates = section.match.dates
        if len(dates) > 1:
            total.find(
                "multi-date-heading",
                heading.number,
                f"heading '{heading.heading_text}' names {len(dates)} dates; "
                f"published as {len(dates)} meetings with the same notes",
            )
        if section.match.month_only:
            total.find(
                "unreadable-date",
                heading.number,
                f"heading '{heading.heading_text}' gives a month but no day; "
                "dated the 1st of the month",
            )
        if section.match.fixed:
            total.find(
                "unreadable-date",
                heading.number,
                f"heading '{heading.heading_text}': {section.match.fixed}",
            )
        for date in dates:
            state = _Collector(path)
            # Every heading below the date, at its level too, starts a section.
            _read_sections(state, body_lines, heading.heading_level - 1, default_repo)
            meeting_title = _archive_title(title, series, heading.heading_text)
            meetings.append(
                _make_meeting(
                    state,
                    path,
                    date,
                    meeting_title,
                    series,
                    meta,
                    heading.number,
                    body_lines[-1].number if body_lines else heading.number,
                    "\n".join(ln.text for ln in body_lines),
                    heading.number + 1,
                    "heading",
                    in_archive=True,
                    default_repo=default_repo,
                    lines=body_lines,
                )
            )
            _merge(total, state)
    return meetings, total


def _passages(lines: list[Line], sections: list[_Section]) -> tuple[Passage, ...]:
    """The runs of lines no meeting holds (a preface, an appendix), each with its line.

    Runs without a word (blank lines, ``---`` rules between meetings) are left out: they
    carry nothing a reader would miss.
    """
    covered = bytearray(len(lines))
    for section in sections:
        covered[section.start : section.end] = b"\x01" * (section.end - section.start)
    first_meeting = sections[0].start if sections else len(lines)
    passages: list[Passage] = []
    run: list[Line] = []
    for index in range(len(lines) + 1):
        if index < len(lines) and not covered[index]:
            run.append(lines[index])
            continue
        while run and not run[-1].text.strip():
            run.pop()
        while run and not run[0].text.strip():
            run.pop(0)
        if any(_LETTERS_OR_DIGITS_RE.search(line.text) for line in run):
            passages.append(
                Passage(
                    line=run[0].number,
                    text="\n".join(line.text for line in run),
                    before_meetings=index <= first_meeting,
                )
            )
        run = []
    return tuple(passages)


_LETTERS_OR_DIGITS_RE = re.compile(r"[^\W_]")


def _single_date(
    state: _Collector,
    lines: list[Line],
    h1: Line | None,
    path_date: tuple[dt.date, str | None] | None,
    meta_date: dt.date | None,
    default_year: int | None,
) -> tuple[dt.date | None, str]:
    """A one-meeting note's date and where it was read: the file name first (a date in the
    front matter, the title or a ``Date:`` line that disagrees is a ``date-conflict``),
    else the first of those, else any date in the title."""
    body_dates: list[tuple[dt.date, int, str]] = []
    if meta_date:
        body_dates.append((meta_date, 1, "front matter"))
    for line in lines[:80]:
        if line.in_fence:
            continue
        if line.heading_level == 1:
            match = find_date_in_text(line.heading_text, default_year=default_year)
            if match and match.dates and not match.month_only:
                body_dates.append((match.dates[0], line.number, "title"))
        elif is_date_line(line.text):
            match = find_date_in_text(line.text, default_year=default_year)
            if match and match.dates and not match.month_only:
                body_dates.append((match.dates[0], line.number, "Date: line"))
    date: dt.date | None = None
    source = "filename"
    if path_date:
        date = path_date[0]
        for other, line_number, where in body_dates:
            if other != date:
                state.find(
                    "date-conflict",
                    line_number,
                    f"the {where} says {other.isoformat()} but the file name says "
                    f"{date.isoformat()}; the file name wins (fix the {where})",
                )
                break
    elif body_dates:
        date, _, source = body_dates[0]
    elif h1 is not None:
        match = find_date_in_text(h1.heading_text, default_year=default_year)
        if match and match.dates:
            date, source = match.dates[0], "title"
    return date, source


def _parse_single(
    path: str,
    lines: list[Line],
    meta: dict,
    title: str | None,
    path_date: tuple[dt.date, str | None] | None,
    meta_date: dt.date | None,
    default_year: int | None,
    default_repo: str | None,
    body_line: int,
    whole: str,
) -> tuple[Meeting | None, _Collector]:
    """The meeting of a note that is one meeting; ``whole`` is the note's text after
    its front matter (``lines`` numbered), which the meeting's body shares when equal."""
    state = _Collector(path)
    _read_sections(state, lines, 1, default_repo)
    h1 = next((ln for ln in lines if ln.heading_level == 1), None)
    date, source = _single_date(state, lines, h1, path_date, meta_date, default_year)
    has_structure = bool(state.attendees or state.updates)
    if date is None:
        if has_structure:
            state.find(
                "no-date",
                body_line,
                "meeting notes (roll call or updates) but no date anywhere; published as an "
                "ordinary page. Name the file YYYY-MM-DD.md or add 'date:' front matter",
            )
        else:
            state.find(
                "not-a-meeting",
                body_line,
                "no date and no meeting structure: published as an ordinary page",
            )
        return None, state
    if not (1990 <= date.year <= dt.date.today().year + 5):
        state.find("unreadable-date", 1, f"unusual meeting date {date.isoformat()}; check it")
    series = _series(path, meta)
    meeting = _make_meeting(
        state,
        path,
        date,
        title or f"Meeting {date.isoformat()}",
        series,
        meta,
        1,
        lines[-1].number if lines else 1,
        _shared("\n".join(ln.text for ln in lines), whole),
        body_line,
        source,
        in_archive=False,
        default_repo=default_repo,
        lines=lines,
    )
    if h1 is not None:
        meeting = dataclasses.replace(meeting, heading=h1.heading_text, heading_line=h1.number)
    return meeting, state


def _make_meeting(
    state: _Collector,
    path: str,
    date: dt.date,
    title: str,
    series: str | None,
    meta: dict,
    line: int,
    end_line: int,
    body: str,
    body_line: int,
    date_source: str,
    *,
    in_archive: bool,
    default_repo: str | None,
    lines: list[Line],
) -> Meeting:
    repo = note_repo(meta, default_repo)
    refs, mentions = _references(lines, repo)
    slug = _meta_str(meta, "slug") if not in_archive else None
    from ..text import ascii_slug

    slug = ascii_slug(slug) if slug else None
    base = date.isoformat() + (f"-{slug}" if slug else "")
    meeting_id = f"{series}/{base}" if series else base
    return Meeting(
        id=meeting_id,
        date=date,
        title=_clean_title(title),
        series=series,
        source_path=path,
        line=line,
        end_line=end_line,
        body=body,
        body_line=body_line,
        slug=slug,
        in_archive_file=in_archive,
        date_source=date_source,
        attendees=tuple(state.attendees),
        updates=tuple(state.updates),
        celebrations=tuple(state.celebrations),
        items=tuple(state.items),
        actions=tuple(state.actions),
        refs=tuple(refs),
        mentions=tuple(mentions),
        front_matter=dict(meta),
        facilitators=tuple(name for name, _ in state.facilitators),
        github_repo=repo,
        fenced=_fenced_ranges(lines),
    )


def _series(path: str, meta: dict) -> str | None:
    """The contract's series rule: front matter, dated folder NAME, first folder, or none."""
    from ..text import ascii_slug

    def name(value: str) -> str:
        # A folder name that is already a lowercase URL segment is kept as written (the
        # contract: ``meeting_notes/2023.md`` gives ``meeting_notes``); others are slugged.
        return value if re.fullmatch(r"[a-z0-9][a-z0-9_-]*", value) else ascii_slug(value)

    explicit = _meta_str(meta, "series")
    if explicit:
        return name(explicit)
    parts = PurePosixPath(path).parts
    if len(parts) >= 2:
        folder = parts[-2]
        dated = re.match(r"^(\d{8}|\d{4}-\d{2}-\d{2})[-_](.+)$", folder)
        if dated and parts[-1] == "index.md":
            return name(dated.group(2))
        return name(parts[0])
    return None


def _archive_title(file_title: str | None, series: str | None, heading: str) -> str:
    base = file_title or (series.replace("-", " ").replace("_", " ").capitalize() if series else "")
    base = re.sub(r"\b(from|for|in)?\s*(19|20)\d{2}(\s*Q[1-4])?\b", "", base or "").strip(" -–:")
    heading = _clean_title(heading)
    return f"{base}: {heading}" if base else heading


def _clean_title(title: str) -> str:
    title = _SPACES_RE.sub(" ", title).strip()
    return title or "Meeting"


def _meta_str(meta: dict, key: str) -> str | None:
    value = meta.get(key)
    if isinstance(value, (str, int, float)) and str(value).strip():
        return str(value).strip()
    return None


def _merge(total: _Collector, state: _Collector) -> None:
    total.findings.extend(state.findings)
    total.placed_rollcall += state.placed_rollcall
    total.unplaced_rollcall += state.unplaced_rollcall
    total.placed_updates += state.placed_updates
    total.unplaced_updates += state.unplaced_updates


# --- sections --------------------------------------------------------------------


def _read_sections(
    state: _Collector, lines: list[Line], meeting_level: int, default_repo: str | None
) -> None:
    """Split a meeting's lines at headings and read each section by its kind."""
    kind = OTHER
    chunk: list[Line] = []
    heading_line: Line | None = None
    for line in lines:
        if (
            kind == UPDATES
            and heading_line is not None
            and line.heading_level > heading_line.heading_level
            and _author_line(line, state.known)
        ):
            chunk.append(line)  # "### Erik" under "## Quick updates": Erik's update
            continue
        if line.heading_level > meeting_level:
            _read_section(state, kind, heading_line, chunk)
            heading_line = line
            kind = section_kind(line.heading_text)
            chunk = []
        else:
            chunk.append(line)
    _read_section(state, kind, heading_line, chunk)
    _read_actions(state, lines, meeting_level)
    named = {a.name.lower() for a in state.attendees}
    for name, line in state.facilitators:
        if name.lower() not in named:
            state.attendees.append(Attendee(name=name, line=line, note="facilitator"))
            named.add(name.lower())


def _read_section(state: _Collector, kind: str, heading: Line | None, lines: list[Line]) -> None:
    before = len(state.attendees)
    _read_section_lines(state, kind, heading, lines)
    if before:
        _drop_repeated_attendees(state, before)


def _drop_repeated_attendees(state: _Collector, before: int) -> None:
    """A second roll call in one meeting (a check-in after the sign-in list) names people
    already there: ``Erik`` after ``Erik Sundell / @consideRatio``. Keep the first entry."""
    earlier = state.attendees[:before]
    handles = {a.handle.lower() for a in earlier if a.handle}
    names = {a.name.casefold() for a in earlier}
    firsts: dict[str, int] = {}
    for attendee in earlier:
        first = attendee.name.split()[0].casefold() if attendee.name.split() else ""
        firsts[first] = firsts.get(first, 0) + 1
    kept = list(earlier)
    for attendee in state.attendees[before:]:
        name = attendee.name.casefold()
        if (attendee.handle and attendee.handle.lower() in handles) or name in names:
            continue
        if " " not in name and firsts.get(name) == 1:
            continue
        kept.append(attendee)
    state.attendees[:] = kept


def _read_section_lines(
    state: _Collector, kind: str, heading: Line | None, lines: list[Line]
) -> None:
    labelled: list[Line] = []
    rest: list[Line] = []
    in_label = False
    label_indent = -1
    for line in lines:
        if line.in_fence:
            rest.append(line)
            continue
        if in_label:
            if not line.text.strip() and not labelled:
                continue
            item = bullet_match(line.text)
            if line.text.strip() and item is not None and item[0] > label_indent:
                labelled.append(line)
                continue
            in_label = False
        nested = len(line.text) - len(line.text.lstrip()) >= 2
        if nested and kind not in (ROLLCALL, OTHER):
            rest.append(line)  # "Present: the new design" deep in an agenda item
            continue
        text = _strip_bullet(line.text)
        inline = _cached_parse_inline_attendees(text)
        if inline is not None:
            for entry in inline:
                _add_attendee(state, entry, line.number)
            # A bare "Participants:" label: the list below it is the roll call.
            in_label = not inline and kind != ROLLCALL
            label_item = bullet_match(line.text)
            label_indent = label_item[0] if label_item else -1
        facilitator = _cached_parse_facilitator(text)
        if facilitator:
            state.facilitators.append((facilitator, line.number))
        rest.append(line)
    if labelled:
        _read_rollcall(state, labelled)
    lines = rest
    if kind == ROLLCALL:
        _read_rollcall(state, lines)
    elif kind == REGRETS:
        _read_rollcall(state, lines, present=False)
    elif kind == UPDATES:
        mixed = heading is not None and bool(
            _CELEBRATION_WORDS_RE.search(_section_words(heading.heading_text))
        )
        if not _read_updates(state, lines, with_celebrations=mixed):
            _read_agenda(state, heading, lines)
    elif kind == CELEBRATIONS:
        _read_celebrations(state, lines)
    elif kind == AGENDA and heading is not None:
        _read_agenda(state, heading, lines)
    # Lines before the first heading (OTHER) hold only inline "Attendees:" lines, read above.


def _strip_bullet(text: str) -> str:
    match = bullet_match(text)
    return match[1] if match else text.strip()


def _add_attendee(state: _Collector, entry: rollcall_grammar.RollcallEntry, line: int) -> None:
    state.attendees.append(
        Attendee(
            name=entry.name,
            line=line,
            handle=entry.handle,
            affiliation=entry.affiliation,
            present=entry.present,
            extra=tuple(entry.extra),
            note=entry.note,
        )
    )
    state.placed_rollcall += 1


_CHECKBOX_RE = re.compile(r"^\[[ xX]\]")
_TABLE_RULE_RE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _read_rollcall(state: _Collector, lines: list[Line], *, present: bool = True) -> None:
    """Read a roll-call section: list lines, unbulleted lines and tables, after a header.

    The first template header (``name / institution / GitHub handle``) gives the field
    order; a header repeated later is template residue. Rows starting with ``|`` are a
    table only under a header row and a ``---`` rule; otherwise each is a pipe list. In a
    ``Regrets`` section (``present=False``) everyone listed sent regrets.
    """
    reader = _RollcallReader(state, absent=not present)
    table: list[Line] = []
    for line in [*lines, Line(0, "")]:
        if line.in_fence:
            continue
        stripped = line.text.strip()
        if stripped.startswith("|") and line.number:
            table.append(line)
            continue
        if table:
            if len(table) >= 2 and _TABLE_RULE_RE.match(table[1].text.strip()):
                entries = rollcall_grammar.parse_rollcall_table([t.text for t in table])
                for entry in entries:
                    if not present:
                        entry = dataclasses.replace(entry, present=False)
                    _add_attendee(state, entry, table[0].number)
                reader.seen = reader.seen or bool(entries)
            else:
                for row in table:
                    reader.read(row)
            table = []
        if line.number:
            reader.read(line)
    reader.finish()


@dataclass
class _RollcallReader:
    """One roll-call section's state: the field order and whether anyone signed in yet."""

    state: _Collector
    absent: bool = False
    order: tuple[str, ...] | None = None
    seen: bool = False
    ticked: int = 0
    unticked: list[int] = field(default_factory=list)
    """Positions in ``state.attendees`` of unticked ``- [ ] Name`` lines."""
    base: int | None = None
    """Indent of the list's first bullet: deeper bullets are remarks under a person."""

    def finish(self) -> None:
        """In a checklist where some boxes are ticked, an unticked name was not there."""
        if not self.ticked:
            return
        for position in self.unticked:
            if position < len(self.state.attendees):
                attendee = self.state.attendees[position]
                self.state.attendees[position] = dataclasses.replace(attendee, present=False)

    def read(self, line: Line) -> None:
        state = self.state
        stripped = line.text.strip()
        if not stripped:
            return
        text = _strip_bullet(line.text)
        text = _QUOTE_RE.sub("", text)
        is_bullet = text != stripped
        box = _CHECKBOX_RE.match(text)
        if box:
            text = text[box.end() :].strip()  # an attendance checklist: "- [x] Kim Doe"
        if not text:
            return
        unticked = bool(box) and "[ ]" in box.group()
        self.ticked += bool(box) and not unticked
        header = _cached_parse_rollcall_header(text)
        if header:
            if self.order is None and not self.seen:
                self.order = header
            else:
                state.find(
                    "template-placeholder",
                    line.number,
                    f"template line left in the roll call: '{text[:60]}'",
                )
            return
        if _cached_parse_inline_attendees(text) is not None:
            return  # read by _read_section
        if _cached_parse_facilitator(text):
            return
        if not is_bullet and not _rollcall_like(text):
            return  # prose ("Hello!", "sign in below ... Roll call:", instructions)
        if _cached_is_placeholder(text):
            state.find(
                "template-placeholder",
                line.number,
                f"template line left in the roll call: '{text[:60]}'",
            )
            return
        expanded = line.text.replace("\t", "    ")
        indent = len(expanded) - len(expanded.lstrip())
        if is_bullet and self.base is None:
            self.base = indent
        nested = is_bullet and indent > (self.base or 0) + 1
        if nested and "/" not in text and "|" not in text:
            return  # a remark under a person ("  * here until 5pm", "  * also Sarah")
        entry = _cached_parse_rollcall_line(text, self.order)
        # One person per line, else a line naming several people ("Ana, Ben and Cy").
        entries = [entry] if entry is not None else rollcall_grammar.parse_people_line(text)
        if not entries:
            if rollcall_grammar.is_remark(text):
                return
            state.unplaced_rollcall += 1
            state.find(
                "unplaced-rollcall", line.number, f"could not read roll-call line '{text[:80]}'"
            )
            return
        for person in entries:
            if self.absent:
                person = dataclasses.replace(person, present=False)
            if unticked:
                self.unticked.append(len(state.attendees))
            _add_attendee(state, person, line.number)
        self.seen = True


def _rollcall_like(text: str) -> bool:
    """An unbulleted roll-call line: fields with slashes or pipes, or a short name."""
    if _FIELD_SEPARATOR_RE.search(text):
        return True
    words = text.split()
    return 0 < len(words) <= 4 and not text.rstrip().endswith((":", ".", "!", "?"))


def _read_updates(state: _Collector, lines: list[Line], *, with_celebrations: bool = False) -> bool:
    """Read an updates section; False when it is grouped by topic (then it is agenda).

    Bullets are read by the update grammar. Besides bullets: an author on a line (or a
    sub-heading) of its own heads the bullets below it (``**Erik**`` then ``- did x``), and
    an unbulleted ``**Erik**: did x`` paragraph line is an update too. In a section of
    updates *and* celebrations (``Quick updates, celebrations and shout-outs``) a bullet
    without an author is a celebration.
    """
    known = state.known
    head: list[Line] = []
    groups: list[tuple[Line, tuple[str, ...], list[Line]]] = []
    for line in lines:
        authors = _author_line(line, known)
        if authors:
            groups.append((line, authors, []))
        elif groups:
            groups[-1][2].append(line)
        else:
            head.append(line)
    bullets, others = top_level_bullets(head)
    parsed = [
        (
            bullet,
            updates_grammar.parse_update_bullet(
                bullet.text, has_children=bullet.has_children, known=known
            ),
        )
        for bullet in bullets
    ]
    topical = [p for _, p in parsed if p.kind == "topic"]
    people = [p for _, p in parsed if p.kind == "update"]
    if topical and len(topical) >= len(people) + len(groups) and not with_celebrations:
        return False
    for bullet, result in parsed:
        if result.kind == "template":
            state.find(
                "template-placeholder",
                bullet.line,
                f"template line left in the updates: '{bullet.text[:60]}'",
            )
            continue
        if with_celebrations and result.kind in ("topic", "unattributed"):
            _add_celebration(state, bullet)
            continue
        if result.kind == "update" and result.authors:
            text = result.text
            children = bullet.children_text()
            if children:
                text = f"{text}\n{children}" if text else children
            _add_update(state, result.authors, text, bullet.line, bullet.end_line)
            continue
        state.unplaced_updates += 1
        state.find(
            "unplaced-update",
            bullet.line,
            f"update bullet with no author: '{bullet.text[:80]}'; start it with 'Name: '",
        )
    for line in others:
        if line.in_fence or line.heading_level or not line.text.strip():
            continue
        if line.text[:1].isspace() or line.text.lstrip().startswith(("|", ">")):
            continue
        result = updates_grammar.parse_update_bullet(line.text.strip(), known=known)
        if result.kind == "update" and result.authors and result.text:
            _add_update(state, result.authors, result.text, line.number, line.number)
    for author_line, authors, body in groups:
        text = _dedent([ln.text for ln in body])
        end = max((ln.number for ln in body if ln.text.strip()), default=author_line.number)
        _add_update(state, authors, text, author_line.number, end)
    return True


def _add_update(
    state: _Collector, authors: tuple[str, ...], text: str, line: int, end_line: int
) -> None:
    for author in authors:
        state.updates.append(Update(author=author, text=text.strip(), line=line, end_line=end_line))
    state.placed_updates += 1


def _author_line(line: Line, known: KnownKeys) -> tuple[str, ...] | None:
    """The authors when a line (or sub-heading) holds only them: ``**Erik**``, ``Erik:``,
    ``### Min``. A plain unmarked word counts only for people the meeting already knows,
    so a topic line (``Outreachy``) above some bullets is not a person."""
    if line.in_fence:
        return None
    if line.heading_level:
        text = line.heading_text
    else:
        text = line.text
        if not text.strip() or text[:1].isspace() or bullet_match(text) is not None:
            return None
        text = text.strip()
    if len(text) > 80:
        return None
    result = updates_grammar.parse_update_bullet(text, has_children=True, known=known)
    if result.kind != "update" or result.text or not result.authors:
        return None
    marked = bool(line.heading_level) or text.startswith(("**", "__")) or text.endswith(":")
    if not marked and not all(
        author.lower() in known or author.split()[0].lower() in known for author in result.authors
    ):
        return None
    return result.authors


def _dedent(rows: list[str]) -> str:
    """Lines without their common indent, blank lines at both ends dropped."""
    while rows and not rows[-1].strip():
        rows = rows[:-1]
    while rows and not rows[0].strip():
        rows = rows[1:]
    indents = [len(r) - len(r.lstrip()) for r in rows if r.strip()]
    cut = min(indents) if indents else 0
    return "\n".join(r[cut:] for r in rows)


def _read_celebrations(state: _Collector, lines: list[Line]) -> None:
    bullets, _ = top_level_bullets(lines)
    for bullet in bullets:
        if agenda_grammar.is_template_item(bullet.text):
            state.find(
                "template-placeholder",
                bullet.line,
                f"template line left in the celebrations: '{bullet.text[:60]}'",
            )
            continue
        _add_celebration(state, bullet)


def _add_celebration(state: _Collector, bullet: Bullet) -> None:
    text = bullet.text
    if bullet.has_children:
        text = f"{text}\n{bullet.children_text()}"
    state.celebrations.append(
        Celebration(text=text, line=bullet.line, person=_celebrated(bullet.text))
    )


_GITHUB_PERSON_RE = re.compile(r"\[@?([^\[\]]+)\]\(https?://github\.com/([A-Za-z0-9-]+)/?\)")


def _celebrated(text: str) -> str | None:
    """Who a shout-out names: a GitHub profile link, an @mention, or a leading name."""
    match = _GITHUB_PERSON_RE.search(text)
    if match:
        return match.group(2)
    mentions = find_mentions(text)
    if mentions:
        return mentions[0][0]
    lead = re.match(
        r"^(?:thanks? to |shout[- ]?out to |kudos to )?([A-Z][\w'-]+)\b", text, re.IGNORECASE
    )
    if lead and lead.group(1)[0].isupper():
        from .names import looks_like_person

        if looks_like_person(lead.group(1)):
            return lead.group(1)
    return None


def _read_agenda(state: _Collector, heading: Line | None, lines: list[Line]) -> None:
    known = state.known
    bullets, _ = top_level_bullets(lines)
    if heading is not None and (
        (not bullets and any(ln.text.strip() for ln in lines))
        or _is_numbered_heading(heading.heading_text)
        or (bullets and not _is_container_heading(heading.heading_text))
    ):
        # The heading is the item (prose under it, a numbered or specific heading).
        _add_item(
            state,
            heading.heading_text,
            heading.number,
            lines[-1].number if lines else heading.number,
            "\n".join(ln.text for ln in lines).strip(),
            known,
            is_heading=True,
        )
        return
    for bullet in bullets:
        if agenda_grammar.is_template_item(bullet.text):
            continue
        text = _LEADING_BOX_RE.sub("", bullet.text)
        if not text.strip():
            continue
        _add_item(state, text, bullet.line, bullet.end_line, bullet.children_text(), known)


def _word_set(text: str) -> frozenset[str]:
    """A set of words written as one string: long vocabularies stay readable."""
    return frozenset(text.split())


# Words of headings that hold agenda items rather than being one: "Agenda & notes",
# "New agenda items", "Standing items", "Follow-up from previous meeting(s)", "Misc".
_CONTAINER_WORDS = _word_set(
    """
    agenda agendas item items topic topics note notes minutes meeting meetings discussion
    discussions open other business aob any misc miscellaneous idea ideas standing new old
    follow up followup followups pushed to next parking lot backlog question questions q a qa
    request requests for help announcement announcements link links resource resources share
    out outs shareout breakout breakouts room rooms hack team teams general from previous
    last this week and the of additional late added addition additions bigger larger main
    key points talking proposed status report reports update updates round table lightning
    talks demos demo floor s in progress todo more runners runner not today didn t work on
    news feedback or also else later future done completed deferred parked wins suggestion
    suggestions proposal proposals
    """
)


def _is_container_heading(text: str) -> bool:
    """Whether a heading's bullets are the agenda items (``Agenda``, ``Notes``, ``Standing
    items``, ``Ideas``), rather than the heading being one item with its bullets as its
    minutes (``### Federation [Tim - 10 min]``, ``### 💡 (5 minutes) What will we hack on?``).
    A heading with a speaker or time tag is always an item."""
    title, speakers, minutes = agenda_grammar.split_speaker_tags(text)
    if speakers or minutes is not None:
        return False
    words = _LETTERS_RE.findall(_section_words(title))
    return bool(words) and all(word in _CONTAINER_WORDS for word in words)


@functools.lru_cache(maxsize=8192)
def _section_words(heading: str) -> str:
    """A heading lowercased without emoji, shortcodes, numbering, time boxes and markup
    (cached: the same headings come back in every meeting of a series)."""
    text = _SHORTCODE_RE.sub(" ", heading.lower())
    text = _PAREN_TIME_RE.sub(" ", text)
    text = _MARKUP_RE.sub("", text)
    text = _NUMBERING_RE.sub("", text)
    text = _WORDISH_RE.sub(" ", text)
    return _SPACES_RE.sub(" ", text).strip()


def _is_numbered_heading(text: str) -> bool:
    return bool(_NUMBERED_HEADING_RE.match(text))


def _add_item(
    state: _Collector,
    raw_title: str,
    line: int,
    end_line: int,
    body: str,
    known: Collection[str],
    *,
    is_heading: bool = False,
) -> None:
    title, speakers, minutes = agenda_grammar.split_speaker_tags(raw_title, known)
    anchor = unique_anchor(item_anchor_base(title), state.anchors)
    state.items.append(
        AgendaItem(
            title=title or raw_title,
            anchor=anchor,
            line=line,
            end_line=end_line,
            speakers=tuple(speakers),
            minutes=minutes,
            body=body,
            raw_title=raw_title,
            is_heading=is_heading,
        )
    )


_LINK_RE = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")


def item_anchor_base(title: str) -> str:
    """The slug of an item title (links reduced to their text), at most 64 characters.

    Long titles are cut at a word boundary so anchors stay readable and stable.
    """
    text = _LINK_RE.sub(r"\1", title)
    text = _BARE_URL_RE.sub("", text)
    slug = heading_slug(text) or "item"
    if len(slug) > 64:
        slug = slug[:64].rsplit("-", 1)[0] or slug[:64]
    return slug


def _read_actions(state: _Collector, lines: list[Line], meeting_level: int = 1) -> None:
    """Actions are found anywhere in a meeting by their markers; in an action section
    (``Action items``, ``Decisions made``) every top-level bullet is one, and a nested
    bullet is one when marked or when it names an owner (``Ana: Berkeley campus``).

    Checkbox bullets that make an agenda (or a roll call) a checklist (``- [ ] Event
    planning``, and the checkboxes nested under one) are items, not actions, unless they
    name an owner (``- [ ] Matt: contact the venue``).
    """
    known = known_keys(state.known_names() | {update.author for update in state.updates})
    kind = OTHER
    base: int | None = None
    checklist = False
    for line in lines:
        if line.in_fence:
            continue
        if line.heading_level:
            kind = section_kind(line.heading_text) if line.heading_level > meeting_level else OTHER
            base = None
            continue
        match = bullet_match(line.text)
        text = match[1] if match else line.text.strip()
        if not text:
            continue
        if match is None:
            found = actions_grammar.parse_action(text, known=known)
        else:
            top = base is None or match[0] <= base + 1
            if base is None:
                base = match[0]
            box = text.startswith("[") and bool(_CHECKBOX_RE.match(text))
            if top:
                checklist = box
            if kind == ACTIONS and top:
                found = actions_grammar.parse_action(text, in_action_section=True, known=known)
            elif kind == ACTIONS:
                found = actions_grammar.parse_action(text, known=known)
                if found is None:
                    owned = actions_grammar.parse_action(text, in_action_section=True, known=known)
                    if owned and owned.assignees and len(owned.text.split()) >= 2:
                        found = owned
            elif kind in (AGENDA, ROLLCALL) and box and (top or checklist):
                found = actions_grammar.parse_action(text, known=known)
                if found is not None and not found.assignees:
                    found = None
            else:
                found = actions_grammar.parse_action(text, known=known)
        if found is None:
            continue
        state.actions.append(
            ActionItem(
                text=found.text, line=line.number, assignees=tuple(found.assignees), done=found.done
            )
        )


def _references(lines: list[Line], repo: str | None) -> tuple[list[Reference], list[Mention]]:
    refs: list[Reference] = []
    mentions: list[Mention] = []
    for line in lines:
        if line.in_fence:
            continue
        found_refs = find_refs(line.text, repo)
        # Once per line, not per reference: a 1 MB line with thousands of links stays linear.
        context = _strip_bullet(line.text) if found_refs else ""
        for found in found_refs:
            refs.append(
                Reference(
                    repo=found.repo,
                    number=found.number,
                    kind=found.kind,  # type: ignore[arg-type]
                    url=found.url,
                    line=line.number,
                    context=context,
                    start=found.start,
                    end=found.end,
                    in_link=found.in_link,
                    in_code=found.in_code,
                )
            )
        for found in find_mentions(line.text):
            mentions.append(
                Mention(
                    handle=found.handle,
                    line=line.number,
                    start=found.start,
                    end=found.end,
                    in_link=found.in_link,
                )
            )
    return refs, mentions


def _fenced_ranges(lines: list[Line]) -> tuple[tuple[int, int], ...]:
    """First and last line of each run of fenced lines."""
    ranges: list[tuple[int, int]] = []
    for line in lines:
        if not line.in_fence:
            continue
        if ranges and ranges[-1][1] == line.number - 1:
            ranges[-1] = (ranges[-1][0], line.number)
        else:
            ranges.append((line.number, line.number))
    return tuple(ranges)


_REPO_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")


def note_repo(meta: dict, default_repo: str | None) -> str | None:
    """The repository of a note's bare ``#123``: front matter ``github_repo:`` (or
    ``repo:``) when it is ``owner/name``, else the site's option."""
    for key in ("github_repo", "repo"):
        value = _meta_str(meta, key)
        if value and _REPO_RE.match(value):
            return value
    return default_repo


def _shared(text: str, whole: str) -> str:
    """``text``, or ``whole`` when equal to it: a meeting's body is most often its whole
    note, which then takes no memory of its own (nor pickled space: the same object)."""
    return whole if text == whole else text
