"""The archive index: the relations across meetings that no single note holds.

Built once per build from every parsed note (the plugin calls :meth:`Archive.build` in
``on_files``; the commands call it directly); no MkDocs import. It gives meetings their
final ids, resolves every name and handle to a person (see :mod:`.people`), puts agenda
items into topics (:mod:`.topics`; without a registry, or beside it, topics the notes keep
coming back to are discovered, :mod:`.discovery`), indexes GitHub references both ways, links open action
items that reappear later, and collects the findings only the whole archive can see
(duplicate meetings, ambiguous names, people on no roll call, unknown handles, recurring
agenda titles no topic covers).

Every list the index returns is in a fixed order, so pages and the export are
deterministic: meetings by (date, id); people by name; topics in registry order, then
discovered topics by rank; refs by repository and number.

Speakers, assignees and celebrated people resolve to a person only when they are somebody
the archive already knows (from a roll call, the registry or an update); an unresolvable
speaker is no person (the item keeps the name as written). Only update authors create
people, because an update is somebody speaking for themselves.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz, process

from ..model import (
    ActionItem,
    AgendaItem,
    Attendee,
    Celebration,
    Finding,
    Meeting,
    ParsedNote,
    Reference,
    RefKind,
    Update,
    ref_label,
)
from ..text import ascii_slug, unique_anchor
from .discovery import AboutMatcher, Discovery, discover_topics
from .people import PeopleBook, Person, Resolution, clean_handle, name_key, safe_id
from .registry import PersonEntry, TopicEntry
from .topics import Topic, TopicMatcher, normalise_title, plain_text

__all__ = [
    "ActionEntry",
    "Archive",
    "Person",
    "PersonHistory",
    "RefIndexEntry",
    "RefMention",
    "Topic",
    "safe_meeting_id",
]

#: An open action reappears when its words match this well (rapidfuzz token_set_ratio).
CARRY_OVER_THRESHOLD = 85
#: ...within this many later meetings of its series (further away it is a new action).
CARRY_OVER_WINDOW = 6
#: A discovered topic has items in at least this many meetings.
MIN_TOPIC_MEETINGS = 3


class RefMention(NamedTuple):
    """One place a reference appears: which meeting, under which item or update, and where."""

    meeting: str
    anchor: str | None
    """The agenda item's or update's anchor holding the reference, or None."""
    context: str
    line: int


@dataclass(frozen=True)
class RefIndexEntry:
    """A referenced issue, pull request, discussion or commit, with every mention of it."""

    key: str
    """:attr:`Reference.key`: ``owner/repo#N`` (repo lowercased) or ``owner/repo@sha12``."""
    repo: str
    """``owner/name`` as first written."""
    number: int | str
    kind: RefKind
    url: str
    """The object's GitHub URL (no comment anchor)."""
    page: str
    """Site-relative URL of its archive page: ``refs/<owner>/<repo>/<number>/``."""
    mentions: tuple[RefMention, ...] = ()
    """In meeting order, then line order."""

    @property
    def label(self) -> str:
        """How pages name it: ``owner/repo#N``, or ``owner/repo@sha7`` for a commit."""
        return ref_label(self.repo, self.number, self.kind)

    @property
    def meetings(self) -> tuple[str, ...]:
        """Ids of the meetings that mention it, in meeting order, each once."""
        return tuple(dict.fromkeys(m.meeting for m in self.mentions))


@dataclass(frozen=True)
class ActionEntry:
    """An action item with what the archive knows about it beyond its own note."""

    meeting: str
    index: int
    """Position in ``Meeting.actions``."""
    action: ActionItem
    assignees: tuple[str, ...]
    """Person ids (assignees that resolve to nobody are left out)."""
    carried_over_from: tuple[str, int] | None = None
    """(meeting id, index) of the same open action in an earlier meeting of the series."""
    carried_over_to: tuple[str, int] | None = None
    """(meeting id, index) where this open action reappears later in the series."""

    @property
    def done(self) -> bool:
        """Done per its own note (checkbox, strikethrough, COMPLETED)."""
        return self.action.done

    @property
    def text(self) -> str:
        """The action as written."""
        return self.action.text


@dataclass(frozen=True)
class PersonHistory:
    """Everything a person page lists; every list newest meeting first."""

    person: str
    attended: tuple[str, ...] = ()
    """Meeting ids where the roll call lists them as present."""
    absent: tuple[str, ...] = ()
    """Meeting ids where the roll call lists them as absent or sending regrets."""
    updates: tuple[tuple[str, Update, str], ...] = ()
    """(meeting id, update, update anchor)."""
    items_led: tuple[tuple[str, AgendaItem], ...] = ()
    actions: tuple[tuple[str, ActionItem], ...] = ()
    celebrations: tuple[tuple[str, Celebration], ...] = ()
    """Shout-outs naming them (by name, @handle or GitHub profile link)."""
    mentions: tuple[tuple[str, int], ...] = ()
    """(meeting id, line) of each ``@handle`` mention."""
    topics: tuple[str, ...] = ()
    """Topic ids of the items they spoke to, in registry order."""
    first_seen: dt.date | None = None
    """Date of the first meeting they attended, gave an update at or led an item in."""
    last_seen: dt.date | None = None
    first_meeting: str | None = None
    last_meeting: str | None = None


_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def safe_meeting_id(meeting_id: str, date: dt.date | None = None) -> str:
    """A meeting id that is safe as a folder path: at most one ``/``, no ``..``, never empty.

    Safe ids pass unchanged (``meeting_notes/2023-11-21`` keeps its underscore); ``.`` and
    ``..`` segments go; an unsafe segment becomes its ASCII slug; a reserved name (``index``, ``latest``...) as the series
    gets ``-series``.
    """
    parts = [p for p in meeting_id.strip().split("/") if p.strip() and p.strip() not in (".", "..")]
    if not parts:
        return date.isoformat() if date else "meeting"
    if len(parts) > 2:
        parts = ["-".join(parts[:-1]), parts[-1]]
    safe: list[str] = []
    for position, part in enumerate(parts):
        last = position == len(parts) - 1
        if not _SAFE_SEGMENT.match(part) or ".." in part:
            fallback = date.isoformat() if last and date else "meeting"
            part = ascii_slug(part, fallback=fallback)
        safe.append(safe_id(part, "meeting" if last else "series"))
    return "/".join(safe)


def ref_page(ref: Reference | RefIndexEntry) -> str:
    """``refs/<owner>/<repo>/<number>/`` (``<sha12>`` for commits), lowercased and folder-safe."""
    owner, _, name = ref.repo.partition("/")
    number = str(ref.number)
    number = number[:12].lower() if ref.kind == "commit" else ascii_slug(number, fallback="0")
    return f"refs/{_repo_segment(owner)}/{_repo_segment(name)}/{number}/"


def _repo_segment(value: str) -> str:
    """An owner or repository name as a folder: lowercase, no leading dot, never ``..``."""
    value = re.sub(r"[^a-z0-9._-]", "-", value.lower())
    if value.startswith("."):
        value = "dot-" + value.lstrip(".")
    if not value.strip(".-_") or ".." in value:
        value = ascii_slug(value, fallback="x")
    return safe_id(value, "repo")


_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "to",
        "of",
        "on",
        "in",
        "for",
        "with",
        "about",
        "at",
        "by",
        "from",
        "is",
        "are",
        "be",
        "we",
        "our",
        "this",
        "that",
        "it",
        "will",
        "should",
        "can",
        "do",
        "todo",
        "action",
        "item",
        "next",
        "up",
    ]
)
_WORD = re.compile(r"[^\W_]+")


class _ActionWords(NamedTuple):
    """An action's content words, prepared once for fuzzy comparison."""

    text: str
    bag: tuple[str, ...]


def _action_words(text: str) -> _ActionWords:
    """An action's content words (plural s dropped, stop words and shortcodes out)."""
    text = re.sub(r":[a-z0-9_+-]+:", " ", plain_text(text).casefold())
    words = _WORD.findall(text)
    kept = [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words if w not in _STOP_WORDS]
    return _ActionWords(" ".join(kept), tuple(sorted(kept)))


def _same_action(a: _ActionWords, b: _ActionWords) -> float:
    """How surely two actions say the same thing (0: not), one copied forward and maybe edited.

    Short actions ("Matt to review") say too little to match loosely: they must be equal.
    """
    if min(len(a.bag), len(b.bag)) < 3:
        return 100.0 if a.bag and a.bag == b.bag else 0.0
    if not fuzz.token_set_ratio(a.text, b.text, score_cutoff=CARRY_OVER_THRESHOLD):
        return 0.0
    return fuzz.token_sort_ratio(a.text, b.text, score_cutoff=60)


_PROFILE_LINK = re.compile(r"github\.com/([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/?(?=[)\s>\]]|$)")


def _is_full_name(name: str) -> bool:
    """Two words or more, the last not a lone initial: ``Kim Doe``, not ``Kim`` or ``Kim D``."""
    key = name_key(name)
    return len(key) >= 2 and len(key[-1]) > 1


def _position(items: Sequence[object], item: object) -> int:
    """Index of ``item`` in ``items``: by identity first, then by equality."""
    for index, candidate in enumerate(items):
        if candidate is item:
            return index
    return list(items).index(item)


def _phrase(text: str) -> str:
    """A phrase or id as curation compares them: lowercase words, no separators."""
    return " ".join(re.split(r"[\s\-_]+", text.strip().casefold())).strip()


def _curators(entries: Sequence[TopicEntry], ids: dict[str, str]) -> dict[str, str]:
    """Discovered topic id or phrase -> the registry topic that curates it.

    ``merge`` names first (explicit), then ids, then the entry's name, aliases and match
    phrases; the first entry to claim a phrase keeps it.
    """
    owners: dict[str, str] = {}
    for entry in entries:
        for merged in entry.merge:
            owners.setdefault(merged.strip(), ids[entry.id])
    for entry in entries:
        owners.setdefault(entry.id, ids[entry.id])
        owners.setdefault(ids[entry.id], ids[entry.id])
    for entry in entries:
        for phrase in (entry.name, *entry.aliases, *entry.match):
            if phrase.strip():
                owners.setdefault(_phrase(phrase), ids[entry.id])
    return owners


def _ambiguity(book: PeopleBook, written: str, resolution: Resolution) -> str:
    labels = [book.label(n) for n in resolution.candidates]
    who = ", ".join(labels[:-1]) + " or " + labels[-1]
    return (
        f"'{written}' could be {who}; write the full name or the @handle "
        "(linked to nobody until then)"
    )


class Archive:
    """The whole archive: meetings with final ids, people, topics, references, findings.

    Build it with :meth:`build`; it is not changed afterwards. Methods that take a meeting
    expect one of :attr:`meetings` (ids are final there).
    """

    meetings: tuple[Meeting, ...]
    findings: tuple[Finding, ...]
    people: dict[str, Person]
    topics: dict[str, Topic]
    refs: dict[str, RefIndexEntry]
    github_repo: str | None

    def __init__(self) -> None:
        self.meetings = ()
        self.findings = ()
        self.people = {}
        self.topics = {}
        self.refs = {}
        self.github_repo = None
        self._by_id: dict[str, Meeting] = {}
        self._series: dict[str | None, list[str]] = {}
        self._attendees: dict[tuple[str, int], str] = {}
        self._update_people: dict[tuple[str, int], str | None] = {}
        self._update_anchors: dict[tuple[str, int], str] = {}
        self._names: dict[tuple[str, str], str | None] = {}
        self._item_topics: dict[tuple[str, int], tuple[str, ...]] = {}
        self._local: dict[str, tuple[int, ...]] = {}
        self._book = PeopleBook()
        self._ids: dict[int, str] = {}
        self._actions: list[ActionEntry] = []
        self._histories: dict[str, PersonHistory] = {}
        self._recurring: dict[int, list[tuple[str, list[str]]]] = {}
        self._topic_ids: dict[str, str] = {}
        self._celebrated: dict[tuple[str, int], tuple[str, ...]] = {}
        self.discovery: Discovery | None = None
        """What topic discovery found (None when it was off)."""

    # -- building -------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        notes: Sequence[ParsedNote],
        *,
        people: Sequence[PersonEntry] = (),
        topics: Sequence[TopicEntry] = (),
        github_repo: str | None = None,
        discover: bool = True,
        exclude: Sequence[str] = (),
    ) -> Archive:
        """Index every meeting of every note; registries seed people and define topics.

        ``discover`` finds the topics the notes keep coming back to (the ``topics_discover``
        option); ``exclude`` lists ids or phrases of discovered topics to hide
        (``topics_exclude``). A registry entry with a discovered topic's id or one of its
        phrases, or naming it in ``merge``, curates that topic.
        """
        archive = cls()
        archive.github_repo = github_repo
        findings: list[Finding] = []
        archive._assign_ids(notes, findings)
        archive._resolve_people(people, findings)
        archive._anchor_updates()
        archive._index_topics(topics, discover=discover, exclude=exclude)
        archive._index_refs()
        archive._link_actions()
        archive._collect_histories()
        for title, meeting_ids in archive.recurring_titles():
            meeting = archive._by_id[meeting_ids[-1]]
            line = next(
                (i.line for i in meeting.items if normalise_title(i.title) == title), meeting.line
            )
            findings.append(
                Finding(
                    "recurring-title",
                    meeting.source_path,
                    line,
                    f"agenda item '{title}' recurs in {len(meeting_ids)} meetings and no topic "
                    "covers it; add it to the topics registry to give it a timeline",
                )
            )
        archive.findings = tuple(findings)
        return archive

    def _assign_ids(self, notes: Sequence[ParsedNote], findings: list[Finding]) -> None:
        """Final ids: safe, and ``-2``/``-3`` for a second meeting of a series on one date."""
        raw = sorted(
            (
                (note.path, meeting.line, position, meeting)
                for note in notes
                for position, meeting in enumerate(note.meetings)
            ),
            key=lambda row: (row[0], row[1], row[2]),
        )
        bases = [safe_meeting_id(m.id, m.date) for _, _, _, m in raw]
        all_bases = set(bases)
        used: set[str] = set()
        first: dict[str, tuple[str, Meeting]] = {}
        final: list[Meeting] = []
        for (path, _, _, meeting), base in zip(raw, bases, strict=True):
            if base not in first:
                first[base] = (path, meeting)
                used.add(base)
                final.append(dataclasses.replace(meeting, id=base))
                continue
            count = 2
            while f"{base}-{count}" in used or f"{base}-{count}" in all_bases:
                count += 1
            new_id = f"{base}-{count}"
            used.add(new_id)
            final.append(dataclasses.replace(meeting, id=new_id))
            first_path, first_meeting = first.get(base, (path, meeting))
            if first_path == path:
                findings.append(
                    Finding(
                        "duplicate-meeting-archive",
                        path,
                        meeting.line,
                        f"a second meeting of {base} in this file (first on line "
                        f"{first_meeting.line}); published as {new_id}",
                    )
                )
            else:
                findings.append(
                    Finding(
                        "duplicate-meeting-files",
                        path,
                        meeting.line,
                        f"meeting {base} is also in {first_path}:{first_meeting.line}; "
                        f"published as {new_id}. Delete the copy, or give each file its own "
                        "`slug:` in front matter",
                    )
                )
        final.sort(key=lambda m: (m.date, m.id))
        self.meetings = tuple(final)
        self._by_id = {m.id: m for m in final}
        for meeting in final:
            self._series.setdefault(meeting.series, []).append(meeting.id)

    def _resolve_people(self, registry: Sequence[PersonEntry], findings: list[Finding]) -> None:
        """Learn people (registry, roll calls, update authors), then resolve every name."""
        book = self._book
        for entry in registry:
            if clean_handle(entry.handle) or (entry.name and entry.name.strip()):
                book.add_registry(entry)
        attendee: dict[tuple[str, int], int] = {}
        # People seen on the roll calls of each series: a first name shared by two people
        # of the archive is usually only one of them in a given series.
        series_people: dict[str | None, set[int]] = {}
        # Roll-call lines with a handle first, then full names, then first names alone, so
        # "Zach" can find the "Zach Sailer" another meeting wrote in full.
        for meeting in self.meetings:
            for index, person in enumerate(meeting.attendees):
                handle = clean_handle(person.handle)
                if handle:
                    number = book.for_handle(handle)
                    book.add_name(number, _attendee_name(person))
                    attendee[meeting.id, index] = number
                    series_people.setdefault(meeting.series, set()).add(number)
        for full_names in (True, False):
            for meeting in self.meetings:
                nearby = series_people.setdefault(meeting.series, set())
                for index, person in enumerate(meeting.attendees):
                    if (meeting.id, index) in attendee:
                        continue
                    name = _attendee_name(person)
                    if _is_full_name(name) != full_names:
                        continue
                    number = self._roll_call_person(name, full_names, nearby)
                    attendee[meeting.id, index] = number
                    nearby.add(number)
        # Update authors: resolved against what the roll calls and registry taught, all at
        # once (so the order of meetings does not matter); the rest become people.
        roll_call = {
            m.id: tuple(attendee[m.id, i] for i in range(len(m.attendees))) for m in self.meetings
        }
        pending: dict[tuple[str, int], Resolution] = {}
        for meeting in self.meetings:
            for index, update in enumerate(meeting.updates):
                pending[meeting.id, index] = book.resolve(
                    update.author, roll_call[meeting.id], series_people.get(meeting.series, ())
                )
        update_people: dict[tuple[str, int], int | None] = {}
        for meeting in self.meetings:
            for index, update in enumerate(meeting.updates):
                resolution = pending[meeting.id, index]
                if resolution.person is not None:
                    book.add_name(resolution.person, update.author, match=False)
                    update_people[meeting.id, index] = resolution.person
                elif resolution.ambiguous:
                    update_people[meeting.id, index] = None
                    findings.append(
                        Finding(
                            "ambiguous-name",
                            meeting.source_path,
                            update.line,
                            "update author " + _ambiguity(book, update.author, resolution),
                        )
                    )
                elif update.author.strip():
                    number = book.name_only(update.author)
                    update_people[meeting.id, index] = number
                    findings.append(
                        Finding(
                            "unknown-person",
                            meeting.source_path,
                            update.line,
                            f"update author '{update.author}' is on no roll call and not in "
                            "the people registry; add them to the roll call or the registry",
                        )
                    )
                else:
                    update_people[meeting.id, index] = None
        # Speakers, assignees, celebrated people: this meeting's roll call and update
        # authors first, then the registry and the whole archive; nobody new is created.
        for meeting in self.meetings:
            local = roll_call[meeting.id] + tuple(
                n
                for i in range(len(meeting.updates))
                if (n := update_people[meeting.id, i]) is not None
            )
            self._local[meeting.id] = local
        resolved: dict[tuple[str, str], int | None] = {}
        resolutions: dict[tuple[str, str], Resolution] = {}
        reported: set[tuple[str, int, str]] = set()

        def resolve(meeting: Meeting, written: str, line: int) -> None:
            if not written.strip():
                return
            key = (meeting.id, written)
            if key not in resolutions:
                resolutions[key] = book.resolve(written, self._local[meeting.id])
                resolved[key] = resolutions[key].person
            resolution = resolutions[key]
            if resolution.ambiguous and (meeting.source_path, line, written) not in reported:
                reported.add((meeting.source_path, line, written))
                findings.append(
                    Finding(
                        "ambiguous-name",
                        meeting.source_path,
                        line,
                        _ambiguity(book, written, resolution),
                    )
                )

        for meeting in self.meetings:
            for item in meeting.items:
                for speaker in item.speakers:
                    resolve(meeting, speaker, item.line)
            for action in meeting.actions:
                for assignee in action.assignees:
                    resolve(meeting, assignee, action.line)
            for celebration in meeting.celebrations:
                if celebration.person:
                    resolve(meeting, celebration.person, celebration.line)
            for facilitator in meeting.facilitators:
                resolve(meeting, facilitator, meeting.line)
        # Only now are ids known.
        ids = book.finalize()
        self._ids = ids
        for (meeting_id, index), number in attendee.items():
            self._attendees[meeting_id, index] = ids[number]
        for key, number in update_people.items():
            self._update_people[key] = ids[number] if number is not None else None
        for key, number in resolved.items():
            self._names[key] = ids[number] if number is not None else None
        for meeting in self.meetings:
            for index, person in enumerate(meeting.attendees):
                if person.affiliation and person.affiliation.strip():
                    number = attendee[meeting.id, index]
                    book.drafts[number].affiliations.append(
                        (meeting.id, person.affiliation.strip())
                    )
        people = [book.person(d.number, ids[d.number]) for d in book.drafts]
        people.sort(key=lambda p: (p.name.casefold(), p.id))
        self.people = {p.id: p for p in people}
        # Handles mentioned with @ that are nobody; and who each celebration names.
        reported_handles: set[tuple[str, int, str]] = set()
        for meeting in self.meetings:
            for mention in meeting.mentions:
                if self.handle_person(mention.handle) is None:
                    key3 = (meeting.source_path, mention.line, mention.handle.lower())
                    if key3 not in reported_handles:
                        reported_handles.add(key3)
                        findings.append(
                            Finding(
                                "unknown-handle",
                                meeting.source_path,
                                mention.line,
                                f"@{mention.handle} is on no roll call and not in the people "
                                "registry; it links to GitHub",
                            )
                        )
            for index, celebration in enumerate(meeting.celebrations):
                named: list[str] = []
                if celebration.person:
                    found = self._names.get((meeting.id, celebration.person))
                    if found:
                        named.append(found)
                handles = [m.handle for m in meeting.mentions if m.line == celebration.line]
                handles += _PROFILE_LINK.findall(celebration.text)
                for handle in handles:
                    found = self.handle_person(handle)
                    if found:
                        named.append(found)
                self._celebrated[meeting.id, index] = tuple(dict.fromkeys(named))

    def _roll_call_person(self, name: str, full_name: bool, nearby: set[int]) -> int:
        """A roll-call name without a handle: a known person when exactly one fits, else its own.

        A full name matches another spelling of itself (``Brian E. Granger`` for ``Brian
        Granger``) or someone known only by its first word and a handle (``Zach`` /
        ``@Zsailer`` for ``Zach Sailer``); a short one (``Zach``, ``Chris H``) the one person
        it abbreviates, else the one person going by that surname (``Darian``). Between two
        candidates, the one already seen in the series (``nearby``) wins.
        """
        book = self._book
        candidates = book.exact(name)
        if not candidates and full_name:
            candidates = book.variants(name) or book.known_by_first_name(name)
        elif not candidates:
            candidates = book.fuller(name) or book.surname(name)  # "Darian": Afshin Darian
        if len(candidates) > 1 and len(candidates & nearby) == 1:
            candidates = candidates & nearby
        if len(candidates) != 1:
            return book.name_only(name)
        number = next(iter(candidates))
        book.add_name(number, name)
        return number

    def _anchor_updates(self) -> None:
        """``update-<person id>`` per update, unique in the meeting in document order."""
        for meeting in self.meetings:
            seen: dict[str, int] = {item.anchor: 1 for item in meeting.items}
            for index, update in enumerate(meeting.updates):
                person = self._update_people.get((meeting.id, index))
                base = "update-" + (person or ascii_slug(update.author))
                self._update_anchors[meeting.id, index] = unique_anchor(base, seen)

    def _index_topics(
        self, entries: Sequence[TopicEntry], *, discover: bool = True, exclude: Sequence[str] = ()
    ) -> None:
        """Put agenda items into topics; build each topic's timeline.

        Registry topics match any mention of their phrases (as they always have); a
        discovered topic takes only the items about it (:class:`AboutMatcher`). A
        discovered topic a registry entry curates (same id, a shared phrase, or named in
        its ``merge``) adds its items to that entry's topic instead of having its own.
        """
        taken: set[str] = set()
        for entry in entries:
            base = safe_id(ascii_slug(entry.id, fallback="topic"), "topic")
            topic_id, count = base, 1
            while topic_id in taken:
                count += 1
                topic_id = f"{base}-{count}"
            taken.add(topic_id)
            self._topic_ids[entry.id] = topic_id
        matcher = TopicMatcher(entries)
        order = [self._topic_ids[e.id] for e in entries]
        # Discovered topics: curated by the registry, or new topics of their own.
        target: dict[str, str] = {}
        discovered: dict[str, tuple[str, str]] = {}
        about: AboutMatcher | None = None
        if discover:
            hidden = {_phrase(x) for x in exclude if x.strip()}
            self.discovery = discover_topics(self.meetings, names=self._known_names())
            owners = _curators(entries, self._topic_ids)
            kept = []
            for found in self.discovery.topics:
                spelled = {_phrase(p) for p in (found.id, found.name, *found.phrases)}
                if spelled & hidden:
                    continue  # topics_exclude: hidden by its id or any of its phrases
                kept.append(found)
                owner = owners.get(found.id) or next(
                    (
                        owners[_phrase(p)]
                        for p in (found.name, *found.phrases)
                        if _phrase(p) in owners
                    ),
                    None,
                )
                if owner is not None:
                    target[found.id] = owner
                    continue
                base = safe_id(found.id, "topic")
                topic_id, count = base, 1
                while topic_id in taken:
                    count += 1
                    topic_id = f"{base}-{count}"
                taken.add(topic_id)
                target[found.id] = topic_id
                discovered[topic_id] = (found.name, found.id)
                order.append(topic_id)
            about = AboutMatcher(kept)
        rank = {topic_id: position for position, topic_id in enumerate(order)}
        timeline: dict[str, list[tuple[Meeting, AgendaItem]]] = {t: [] for t in order}
        spellings: dict[str, Counter[str]] = {t: Counter() for t in order}
        texts = self.discovery.texts if self.discovery else {}
        repos = self.discovery.item_repos if self.discovery else {}
        for meeting in self.meetings:
            for index, item in enumerate(meeting.items):
                found = {self._topic_ids[t] for t in matcher.item_topics(item)}
                if about is not None and (meeting.id, index) in texts:
                    title, body = texts[meeting.id, index]
                    empty: frozenset[str] = frozenset()
                    for topic, phrases in about.match(
                        title, body, repos.get((meeting.id, index), empty)
                    ):
                        found.add(target[topic])
                        spellings[target[topic]].update(phrases)
                ordered = tuple(sorted(found, key=rank.__getitem__))
                self._item_topics[meeting.id, index] = ordered
                for topic_id in ordered:
                    timeline[topic_id].append((meeting, item))
        # A discovered topic whose items ended in too few meetings is not one after all.
        for topic_id in list(discovered):
            if len({m.id for m, _ in timeline[topic_id]}) < MIN_TOPIC_MEETINGS:
                del discovered[topic_id]
                order.remove(topic_id)
                for meeting, item in timeline.pop(topic_id):
                    index = _position(meeting.items, item)
                    key = (meeting.id, index)
                    self._item_topics[key] = tuple(
                        t for t in self._item_topics[key] if t != topic_id
                    )
        entry_by_id = {self._topic_ids[e.id]: e for e in entries}
        for topic_id in order:
            rows = timeline[topic_id]
            people: list[str] = []
            refs: list[str] = []
            for meeting, item in rows:
                people.extend(self.people_for(meeting, item.speakers))
                end = max(item.end_line, item.line)
                refs.extend(r.key for r in meeting.refs if item.line <= r.line <= end)
            matched = tuple(p for p, _ in spellings[topic_id].most_common())
            entry = entry_by_id.get(topic_id)
            if entry is not None:
                name, description, aliases = entry.name, entry.description, entry.aliases
                aliases = tuple(dict.fromkeys((*aliases, *matched)))
            else:
                name, description, aliases = discovered[topic_id][0], "", matched
            self.topics[topic_id] = Topic(
                id=topic_id,
                name=name,
                description=description,
                items=tuple((m.id, i.anchor) for m, i in rows),
                people=tuple(dict.fromkeys(people)),
                refs=tuple(dict.fromkeys(refs)),
                first=rows[0][0].date if rows else None,
                last=rows[-1][0].date if rows else None,
                aliases=aliases,
                discovered=entry is None,
            )

    def _known_names(self) -> list[str]:
        """Every name and handle the archive knows for a person (never a topic)."""
        names: list[str] = []
        for person in self.people.values():
            names += [person.name, *person.names]
            if person.handle:
                names.append(person.handle)
        for meeting in self.meetings:
            for item in meeting.items:
                names += item.speakers
            for action in meeting.actions:
                names += action.assignees
            names += [update.author for update in meeting.updates]
            names += list(meeting.facilitators)
        return names

    def _index_refs(self) -> None:
        """Group every reference by the object it names; mentions in meeting order."""
        grouped: dict[str, list[tuple[Reference, RefMention]]] = {}
        for meeting in self.meetings:
            for ref in meeting.refs:
                mention = RefMention(
                    meeting.id, self._anchor_at(meeting, ref.line), ref.context, ref.line
                )
                grouped.setdefault(ref.key, []).append((ref, mention))
        entries: list[RefIndexEntry] = []
        for key, rows in grouped.items():
            first = rows[0][0]
            kinds = {ref.kind for ref, _ in rows}
            # /issues/N redirects to /pull/N on GitHub, so a pull link is the better fact.
            kind: RefKind = next(
                (k for k in ("commit", "pull", "discussion", "issue") if k in kinds), first.kind
            )
            canonical = dataclasses.replace(first, kind=kind)
            entries.append(
                RefIndexEntry(
                    key=key,
                    repo=first.repo,
                    number=first.number,
                    kind=kind,
                    url=canonical.canonical_url,
                    page=ref_page(canonical),
                    mentions=tuple(mention for _, mention in rows),
                )
            )
        entries.sort(
            key=lambda e: (
                e.repo.lower(),
                e.kind == "commit",
                e.number if isinstance(e.number, int) else 0,
                str(e.number),
            )
        )
        self.refs = {e.key: e for e in entries}

    def _anchor_at(self, meeting: Meeting, line: int) -> str | None:
        """The anchor of the agenda item, else the update, whose lines hold ``line``."""
        for item in meeting.items:
            if item.line <= line <= max(item.end_line, item.line):
                return item.anchor
        for index, update in enumerate(meeting.updates):
            if update.line <= line <= max(update.end_line, update.line):
                return self._update_anchors[meeting.id, index]
        return None

    def _link_actions(self) -> None:
        """Every action, with an open one linked to where it reappears later in its series.

        "Later" is the next :data:`CARRY_OVER_WINDOW` meetings of the series; the nearest
        meeting with a match wins, and an action is carried from at most one other.
        """
        entries: dict[tuple[str, int], ActionEntry] = {}
        words: dict[tuple[str, int], _ActionWords] = {}
        for meeting in self.meetings:
            for index, action in enumerate(meeting.actions):
                key = (meeting.id, index)
                entries[key] = ActionEntry(
                    meeting=meeting.id,
                    index=index,
                    action=action,
                    assignees=self.people_for(meeting, action.assignees),
                )
                words[key] = _action_words(action.text)
        choices = {
            m.id: [words[m.id, i].text for i in range(len(m.actions))] for m in self.meetings
        }
        for series_ids in self._series.values():
            for position, meeting_id in enumerate(series_ids):
                meeting = self._by_id[meeting_id]
                for index, action in enumerate(meeting.actions):
                    source = entries[meeting_id, index]
                    if action.done or source.carried_over_to:
                        continue
                    later = series_ids[position + 1 : position + 1 + CARRY_OVER_WINDOW]
                    target = self._find_carry(source, words, entries, later, choices)
                    if target is None:
                        continue
                    entries[meeting_id, index] = dataclasses.replace(source, carried_over_to=target)
                    entries[target] = dataclasses.replace(
                        entries[target], carried_over_from=(meeting_id, index)
                    )
        self._actions = list(entries.values())

    def _find_carry(
        self,
        source: ActionEntry,
        words: dict[tuple[str, int], _ActionWords],
        entries: dict[tuple[str, int], ActionEntry],
        later: Sequence[str],
        choices_by_meeting: dict[str, list[str]],
    ) -> tuple[str, int] | None:
        """The first later meeting's best-matching action not already carried from elsewhere."""
        text = words[source.meeting, source.index]
        for meeting_id in later:
            choices = choices_by_meeting[meeting_id]
            # rapidfuzz filters the meeting's actions in C; the few hits get the full test.
            hits = process.extract(
                text.text,
                choices,
                scorer=fuzz.token_set_ratio,
                score_cutoff=CARRY_OVER_THRESHOLD,
                limit=None,
            )
            best: tuple[float, int] | None = None
            for _, _, index in sorted(hits, key=lambda hit: hit[2]):
                target = entries[meeting_id, index]
                if target.carried_over_from is not None:
                    continue
                if (
                    source.assignees
                    and target.assignees
                    and not set(source.assignees) & set(target.assignees)
                ):
                    continue
                score = _same_action(text, words[meeting_id, index])
                if score and (best is None or score > best[0]):
                    best = (score, index)
            if best is not None:
                return (meeting_id, best[1])
        return None

    def _collect_histories(self) -> None:
        """Each person's attendance, updates, items, actions, shout-outs, mentions, topics."""
        rows: dict[str, dict[str, list]] = {
            pid: {
                k: []
                for k in (
                    "attended",
                    "absent",
                    "updates",
                    "items",
                    "actions",
                    "celebrations",
                    "mentions",
                    "topics",
                    "seen",
                )
            }
            for pid in self.people
        }
        actions_by_meeting: dict[str, list[ActionEntry]] = {}
        for entry in self._actions:
            actions_by_meeting.setdefault(entry.meeting, []).append(entry)
        for meeting in self.meetings:
            for index, person in enumerate(meeting.attendees):
                pid = self._attendees[meeting.id, index]
                rows[pid]["attended" if person.present else "absent"].append(meeting.id)
                if person.present:
                    rows[pid]["seen"].append(meeting)
            for index, update in enumerate(meeting.updates):
                pid = self._update_people.get((meeting.id, index))
                if pid:
                    anchor = self._update_anchors[meeting.id, index]
                    rows[pid]["updates"].append((meeting.id, update, anchor))
                    rows[pid]["seen"].append(meeting)
            for index, item in enumerate(meeting.items):
                for pid in self.people_for(meeting, item.speakers):
                    rows[pid]["items"].append((meeting.id, item))
                    rows[pid]["topics"].extend(self._item_topics[meeting.id, index])
                    rows[pid]["seen"].append(meeting)
            for entry in actions_by_meeting.get(meeting.id, ()):
                for pid in entry.assignees:
                    rows[pid]["actions"].append((meeting.id, entry.action))
            for index, celebration in enumerate(meeting.celebrations):
                for pid in self._celebrated.get((meeting.id, index), ()):
                    rows[pid]["celebrations"].append((meeting.id, celebration))
            for mention in meeting.mentions:
                pid = self.handle_person(mention.handle)
                if pid:
                    rows[pid]["mentions"].append((meeting.id, mention.line))
        order = list(self.topics)
        for pid, row in rows.items():
            seen: list[Meeting] = row["seen"]
            topics = sorted(set(row["topics"]), key=order.index)
            self._histories[pid] = PersonHistory(
                person=pid,
                attended=tuple(reversed(dict.fromkeys(row["attended"]))),
                absent=tuple(reversed(dict.fromkeys(row["absent"]))),
                updates=tuple(reversed(row["updates"])),
                items_led=tuple(reversed(row["items"])),
                actions=tuple(reversed(row["actions"])),
                celebrations=tuple(reversed(row["celebrations"])),
                mentions=tuple(reversed(row["mentions"])),
                topics=tuple(topics),
                first_seen=seen[0].date if seen else None,
                last_seen=seen[-1].date if seen else None,
                first_meeting=seen[0].id if seen else None,
                last_meeting=seen[-1].id if seen else None,
            )

    # -- meetings -------------------------------------------------------------------------

    def meeting(self, meeting_id: str) -> Meeting:
        """The meeting with this (final) id; KeyError when there is none."""
        return self._by_id[meeting_id]

    def previous(self, meeting: Meeting) -> Meeting | None:
        """The meeting before this one in its series (no series is a series of its own)."""
        ids = self._series.get(meeting.series, [])
        position = ids.index(meeting.id)
        return self._by_id[ids[position - 1]] if position > 0 else None

    def next(self, meeting: Meeting) -> Meeting | None:
        """The meeting after this one in its series."""
        ids = self._series.get(meeting.series, [])
        position = ids.index(meeting.id)
        return self._by_id[ids[position + 1]] if position + 1 < len(ids) else None

    @property
    def latest(self) -> Meeting | None:
        """The most recent meeting of the whole archive (the home page leads with it)."""
        return self.meetings[-1] if self.meetings else None

    def item(self, meeting_id: str, anchor: str) -> AgendaItem | None:
        """The agenda item of a meeting by its anchor (topic and ref pages quote it)."""
        meeting = self._by_id.get(meeting_id)
        if meeting is None:
            return None
        return next((i for i in meeting.items if i.anchor == anchor), None)

    # -- people ---------------------------------------------------------------------------

    def attendee_person(self, meeting: Meeting, attendee: Attendee) -> str | None:
        """The person id of a roll-call line (every roll-call line is somebody)."""
        index = _position(meeting.attendees, attendee)
        return self._attendees.get((meeting.id, index))

    def update_person(self, meeting: Meeting, update: Update) -> str | None:
        """The person id of an update's author; None when the name could be two people."""
        index = _position(meeting.updates, update)
        return self._update_people.get((meeting.id, index))

    def update_anchor(self, meeting: Meeting, update: Update) -> str:
        """``update-<person id>`` (``-2``, ``-3`` when repeated), or ``update-<slug of author>``."""
        index = _position(meeting.updates, update)
        return self._update_anchors[meeting.id, index]

    def people_for(self, meeting: Meeting, names: Sequence[str]) -> tuple[str, ...]:
        """Person ids for speakers or assignees as written; names that are nobody are left out.

        A name resolves against the meeting's roll call and update authors, then the
        registry, then the archive; an ambiguous name is nobody (and a finding at build).
        """
        found: list[str] = []
        for name in names:
            key = (meeting.id, name)
            if key in self._names:
                person = self._names[key]
            else:
                resolution = self._book.resolve(name, self._local.get(meeting.id, ()))
                person = self._ids.get(resolution.person) if resolution.person is not None else None
                self._names[key] = person
            if person and person not in found:
                found.append(person)
        return tuple(found)

    def handle_person(self, handle: str) -> str | None:
        """The person id for an ``@handle`` (case-insensitive), None for an unknown handle."""
        number = self._book.by_handle(handle)
        return self._ids.get(number) if number is not None else None

    def person_history(self, person_id: str) -> PersonHistory:
        """What the person page lists, newest first; KeyError for an unknown id."""
        return self._histories[person_id]

    def celebrated(self, meeting: Meeting, celebration: Celebration) -> tuple[str, ...]:
        """Person ids a celebration names (by name, @handle or GitHub profile link)."""
        index = _position(meeting.celebrations, celebration)
        return self._celebrated.get((meeting.id, index), ())

    # -- topics, actions ------------------------------------------------------------------

    def item_topics(self, meeting: Meeting, item: AgendaItem) -> tuple[str, ...]:
        """Topic ids of an agenda item, in registry order."""
        index = _position(meeting.items, item)
        return self._item_topics.get((meeting.id, index), ())

    def actions(self) -> list[ActionEntry]:
        """Every action item, by meeting order, with carried-over links."""
        return list(self._actions)

    def recurring_titles(self, min_meetings: int = 3) -> list[tuple[str, list[str]]]:
        """Normalised agenda titles in ``min_meetings``+ meetings that no topic covers.

        Most frequent first; each with its meeting ids oldest first. ``minutes check``
        suggests them as topics (they are also ``recurring-title`` findings).
        """
        if min_meetings in self._recurring:
            return [(t, list(ids)) for t, ids in self._recurring[min_meetings]]
        groups: dict[str, list[str]] = {}
        covered: set[str] = set()
        for meeting in self.meetings:
            for index, item in enumerate(meeting.items):
                title = normalise_title(item.title)
                if len(title) < 3:
                    continue
                ids = groups.setdefault(title, [])
                if meeting.id not in ids:
                    ids.append(meeting.id)
                if self._item_topics.get((meeting.id, index)):
                    covered.add(title)
        found = [
            (title, ids)
            for title, ids in groups.items()
            if len(ids) >= min_meetings and title not in covered
        ]
        found.sort(key=lambda row: (-len(row[1]), row[0]))
        self._recurring[min_meetings] = found
        return [(t, list(ids)) for t, ids in found]


def _attendee_name(attendee: Attendee) -> str:
    """The name a roll-call line gives (its handle when the line has no name)."""
    name = (attendee.name or "").strip()
    if not name and attendee.handle:
        return attendee.handle.strip().lstrip("@")
    return name
