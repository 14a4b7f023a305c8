"""Who is who: every roll-call line, update author, speaker, assignee and ``@handle``
resolved to a person of the archive.

The second builder of the archive index, over :class:`~.meetings.MeetingIndex`. People are
learned in an order that makes the result independent of the order of meetings: roll-call
lines with a handle, then full names, then first names alone; update authors all at once
against what the roll calls taught; speakers, assignees and celebrated people last, and
they never create anybody (only update authors do: an update is somebody speaking for
themselves). The names themselves (keys, fuzzy variants, the registry) are
:class:`~.people.PeopleBook`'s. No MkDocs import.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Attendee, Finding, Meeting
from ..text import ascii_slug, unique_anchor
from .meetings import MeetingIndex, MeetingViews
from .people import PeopleBook, Person, Resolution, clean_handle, name_key
from .registry import PersonEntry

_PROFILE_LINK = re.compile(r"github\.com/([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/?(?=[)\s>\]]|$)")


@dataclass(eq=False)
class PeopleIndex:
    """The people of the archive and, per meeting, who each name written there is.

    Equal only to itself: a page drawn from the names of this index is drawn again when
    the index is another one (:class:`PeopleMemo` keeps it while nobody changed).

    Keys are ``(meeting id, position)`` for roll-call lines, updates and celebrations, and
    ``(meeting id, name as written)`` for speakers, assignees and facilitators.
    """

    people: dict[str, Person] = field(default_factory=dict)
    attendees: dict[tuple[str, int], str] = field(default_factory=dict)
    update_people: dict[tuple[str, int], str | None] = field(default_factory=dict)
    update_anchors: dict[tuple[str, int], str] = field(default_factory=dict)
    names: dict[tuple[str, str], str | None] = field(default_factory=dict)
    celebrated: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)
    local: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """The people (book numbers) of each meeting's roll call and updates."""
    book: PeopleBook = field(default_factory=PeopleBook)
    ids: dict[int, str] = field(default_factory=dict)
    """Book number -> person id."""
    findings: list[Finding] = field(default_factory=list)
    _of_meeting: dict[str, tuple[tuple[str | None, ...], tuple[str, ...]]] = field(
        default_factory=dict, repr=False
    )

    def of_meeting(self, meeting: Meeting) -> tuple[tuple[str | None, ...], tuple[str, ...]]:
        """A meeting's roll-call lines' person ids (None for a line that is nobody the
        archive lists) and its updates' anchors, as its page shows them: made once per
        meeting for as long as this index is kept (a thousand meetings' pages compare
        them at every rebuild)."""
        found = self._of_meeting.get(meeting.id)
        if found is None:
            attendees = (self.attendees.get((meeting.id, i)) for i in range(len(meeting.attendees)))
            found = self._of_meeting[meeting.id] = (
                tuple(p if p and p in self.people else None for p in attendees),
                tuple(self.update_anchors[meeting.id, i] for i in range(len(meeting.updates))),
            )
        return found

    def __getstate__(self) -> dict[str, object]:
        """Kept on disk (``plugin/session.py``) without what :meth:`of_meeting` made."""
        return {**self.__dict__, "_of_meeting": {}}

    @classmethod
    def build(
        cls,
        index: MeetingIndex,
        registry: Sequence[PersonEntry] = (),
        memo: PeopleMemo | None = None,
    ) -> PeopleIndex:
        """Learn people (registry, roll calls, update authors), then resolve every name.

        With a ``memo``, the index of the last build is returned as it was when no meeting
        changed what it reads (see :func:`people_view`): an edit to an item's text keeps
        every person, and what is kept per person elsewhere is found by identity.
        """
        if memo is not None:
            kept = memo.reuse(index.meetings, registry)
            if kept is not None:
                return kept
        people = cls()
        for entry in registry:
            if clean_handle(entry.handle) or (entry.name and entry.name.strip()):
                people.book.add_registry(entry)
        attendee, series_people = people._learn_roll_calls(index.meetings)
        roll_call = {
            m.id: tuple(attendee[m.id, i] for i in range(len(m.attendees))) for m in index.meetings
        }
        update_people = people._resolve_updates(index.meetings, roll_call, series_people)
        for meeting in index.meetings:
            people.local[meeting.id] = roll_call[meeting.id] + tuple(
                n
                for i in range(len(meeting.updates))
                if (n := update_people[meeting.id, i]) is not None
            )
        resolved = people._resolve_names(index.meetings)
        people._finalize(index.meetings, attendee, update_people, resolved)
        people._mentions_and_celebrations(index.meetings)
        people._anchor_updates(index.meetings)
        if memo is not None:
            memo.keep(index.meetings, registry, people)
        return people

    def _learn_roll_calls(
        self, meetings: Sequence[Meeting]
    ) -> tuple[dict[tuple[str, int], int], dict[str | None, set[int]]]:
        """Every roll-call line's person: lines with a handle, then full names, then first
        names alone, so "Zach" can find the "Zach Sailer" another meeting wrote in full.

        Also the people seen on the roll calls of each series: a first name shared by two
        people of the archive is usually only one of them in a given series.
        """
        book = self.book
        attendee: dict[tuple[str, int], int] = {}
        series_people: dict[str | None, set[int]] = {}
        for meeting in meetings:
            for position, person in enumerate(meeting.attendees):
                handle = clean_handle(person.handle)
                if handle:
                    number = book.for_handle(handle)
                    book.add_name(number, _attendee_name(person))
                    attendee[meeting.id, position] = number
                    series_people.setdefault(meeting.series, set()).add(number)
        for full_names in (True, False):
            for meeting in meetings:
                nearby = series_people.setdefault(meeting.series, set())
                for position, person in enumerate(meeting.attendees):
                    if (meeting.id, position) in attendee:
                        continue
                    name = _attendee_name(person)
                    if _is_full_name(name) != full_names:
                        continue
                    number = self._roll_call_person(name, full_names, nearby)
                    attendee[meeting.id, position] = number
                    nearby.add(number)
        return attendee, series_people

    def _roll_call_person(self, name: str, full_name: bool, nearby: set[int]) -> int:
        """A roll-call name without a handle: a known person when exactly one fits, else its own.

        A full name matches another spelling of itself (``Brian E. Granger`` for ``Brian
        Granger``) or someone known only by its first word and a handle (``Zach`` /
        ``@Zsailer`` for ``Zach Sailer``); a short one (``Zach``, ``Chris H``) the one person
        it abbreviates, else the one person going by that surname (``Darian``). Between two
        candidates, the one already seen in the series (``nearby``) wins.
        """
        book = self.book
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

    def _resolve_updates(
        self,
        meetings: Sequence[Meeting],
        roll_call: dict[str, tuple[int, ...]],
        series_people: dict[str | None, set[int]],
    ) -> dict[tuple[str, int], int | None]:
        """Update authors, resolved against what the roll calls and registry taught, all at
        once (so the order of meetings does not matter); the rest become people."""
        book = self.book
        pending: dict[tuple[str, int], Resolution] = {}
        for meeting in meetings:
            for position, update in enumerate(meeting.updates):
                pending[meeting.id, position] = book.resolve(
                    update.author, roll_call[meeting.id], series_people.get(meeting.series, ())
                )
        update_people: dict[tuple[str, int], int | None] = {}
        for meeting in meetings:
            for position, update in enumerate(meeting.updates):
                resolution = pending[meeting.id, position]
                update_people[meeting.id, position] = self._update_author(
                    meeting, update.author, update.line, resolution
                )
        return update_people

    def _update_author(
        self, meeting: Meeting, author: str, line: int, resolution: Resolution
    ) -> int | None:
        """An update author's person: found, ambiguous (nobody, and a finding), or new."""
        book = self.book
        if resolution.person is not None:
            book.add_name(resolution.person, author, match=False)
            return resolution.person
        if resolution.ambiguous:
            self.findings.append(
                Finding(
                    "ambiguous-name",
                    meeting.source_path,
                    line,
                    "update author " + _ambiguity(book, author, resolution),
                )
            )
            return None
        if not author.strip():
            return None
        self.findings.append(
            Finding(
                "unknown-person",
                meeting.source_path,
                line,
                f"update author '{author}' is on no roll call and not in the people "
                "registry; add them to the roll call or the registry",
            )
        )
        return book.name_only(author)

    def _resolve_names(self, meetings: Sequence[Meeting]) -> dict[tuple[str, str], int | None]:
        """Speakers, assignees, celebrated people and facilitators: this meeting's roll call
        and update authors first, then the registry and the whole archive; nobody new is
        created, and a name that could be two people is a finding."""
        resolved: dict[tuple[str, str], int | None] = {}
        resolutions: dict[tuple[str, str], Resolution] = {}
        reported: set[tuple[str, int, str]] = set()

        def resolve(meeting: Meeting, written: str, line: int) -> None:
            if not written.strip():
                return
            key = (meeting.id, written)
            if key not in resolutions:
                resolutions[key] = self.book.resolve(written, self.local[meeting.id])
                resolved[key] = resolutions[key].person
            resolution = resolutions[key]
            if resolution.ambiguous and (meeting.source_path, line, written) not in reported:
                reported.add((meeting.source_path, line, written))
                self.findings.append(
                    Finding(
                        "ambiguous-name",
                        meeting.source_path,
                        line,
                        _ambiguity(self.book, written, resolution),
                    )
                )

        for meeting in meetings:
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
        return resolved

    def _finalize(
        self,
        meetings: Sequence[Meeting],
        attendee: dict[tuple[str, int], int],
        update_people: dict[tuple[str, int], int | None],
        resolved: dict[tuple[str, str], int | None],
    ) -> None:
        """Ids for everybody (only now are they known), and the people with their
        affiliations as the roll calls wrote them."""
        book = self.book
        ids = self.ids = book.finalize()
        for key, number in attendee.items():
            self.attendees[key] = ids[number]
        for key, maybe in update_people.items():
            self.update_people[key] = ids[maybe] if maybe is not None else None
        for name_key_, maybe in resolved.items():
            self.names[name_key_] = ids[maybe] if maybe is not None else None
        for meeting in meetings:
            for position, person in enumerate(meeting.attendees):
                if person.affiliation and person.affiliation.strip():
                    number = attendee[meeting.id, position]
                    book.drafts[number].affiliations.append(
                        (meeting.id, person.affiliation.strip())
                    )
        people = [book.person(d.number, ids[d.number]) for d in book.drafts]
        people.sort(key=lambda p: (p.name.casefold(), p.id))
        self.people = {p.id: p for p in people}

    def _mentions_and_celebrations(self, meetings: Sequence[Meeting]) -> None:
        """Handles mentioned with @ that are nobody (a finding); who each celebration names
        (by name, @handle or GitHub profile link)."""
        reported: set[tuple[str, int, str]] = set()
        for meeting in meetings:
            for mention in meeting.mentions:
                if self.handle_person(mention.handle) is None:
                    key = (meeting.source_path, mention.line, mention.handle.lower())
                    if key not in reported:
                        reported.add(key)
                        self.findings.append(
                            Finding(
                                "unknown-handle",
                                meeting.source_path,
                                mention.line,
                                f"@{mention.handle} is on no roll call and not in the people "
                                "registry; it links to GitHub",
                            )
                        )
            for position, celebration in enumerate(meeting.celebrations):
                named: list[str] = []
                if celebration.person:
                    found = self.names.get((meeting.id, celebration.person))
                    if found:
                        named.append(found)
                handles = [m.handle for m in meeting.mentions if m.line == celebration.line]
                handles += _PROFILE_LINK.findall(celebration.text)
                for handle in handles:
                    found = self.handle_person(handle)
                    if found:
                        named.append(found)
                self.celebrated[meeting.id, position] = tuple(dict.fromkeys(named))

    def _anchor_updates(self, meetings: Sequence[Meeting]) -> None:
        """``update-<person id>`` per update, unique in the meeting in document order."""
        for meeting in meetings:
            seen: dict[str, int] = {item.anchor: 1 for item in meeting.items}
            for position, update in enumerate(meeting.updates):
                person = self.update_people.get((meeting.id, position))
                base = "update-" + (person or ascii_slug(update.author))
                self.update_anchors[meeting.id, position] = unique_anchor(base, seen)

    def people_for(self, meeting: Meeting, names: Sequence[str]) -> tuple[str, ...]:
        """Person ids for speakers or assignees as written; names that are nobody are left out.

        A name resolves against the meeting's roll call and update authors, then the
        registry, then the archive; an ambiguous name is nobody (and a finding at build).
        """
        found: list[str] = []
        for name in names:
            key = (meeting.id, name)
            if key in self.names:
                person = self.names[key]
            else:
                resolution = self.book.resolve(name, self.local.get(meeting.id, ()))
                person = self.ids.get(resolution.person) if resolution.person is not None else None
                self.names[key] = person
            if person and person not in found:
                found.append(person)
        return tuple(found)

    def handle_person(self, handle: str) -> str | None:
        """The person id for an ``@handle`` (case-insensitive), None for an unknown handle."""
        number = self.book.by_handle(handle)
        return self.ids.get(number) if number is not None else None

    def known_names(self, meetings: Sequence[Meeting]) -> list[str]:
        """Every name and handle the archive knows for a person (never a topic)."""
        names: list[str] = []
        for person in self.people.values():
            names += [person.name, *person.names]
            if person.handle:
                names.append(person.handle)
        for meeting in meetings:
            for item in meeting.items:
                names += item.speakers
            for action in meeting.actions:
                names += action.assignees
            names += [update.author for update in meeting.updates]
            names += list(meeting.facilitators)
        return names


def people_view(meeting: Meeting) -> tuple:
    """Everything of a meeting the people index reads: ids, lines (findings name them),
    the roll call, and who speaks, updates, is assigned, celebrated, facilitates or is
    mentioned, never what they say."""
    return (
        meeting.id,
        meeting.series,
        meeting.source_path,
        meeting.line,
        meeting.attendees,
        tuple((update.author, update.line) for update in meeting.updates),
        tuple((item.anchor, item.speakers, item.line) for item in meeting.items),
        tuple((action.assignees, action.line) for action in meeting.actions),
        tuple((c.person, c.line, c.text) for c in meeting.celebrations),
        meeting.facilitators,
        tuple((mention.handle, mention.line) for mention in meeting.mentions),
    )


class PeopleMemo:
    """The people index of the last build (``mkdocs serve``), kept while the meetings read
    as they did (:func:`people_view`) and the registry is the same."""

    def __init__(self) -> None:
        self.views = MeetingViews(people_view)
        self.registry: tuple[PersonEntry, ...] = ()
        self.index: PeopleIndex | None = None

    def reuse(
        self, meetings: Sequence[Meeting], registry: Sequence[PersonEntry]
    ) -> PeopleIndex | None:
        """The last index when these meetings and registry read as the last ones did."""
        if self.index is None or tuple(registry) != self.registry:
            return None
        return self.index if self.views.unchanged(meetings) else None

    def keep(
        self, meetings: Sequence[Meeting], registry: Sequence[PersonEntry], index: PeopleIndex
    ) -> None:
        self.views.keep(meetings)
        self.registry = tuple(registry)
        self.index = index


def _attendee_name(attendee: Attendee) -> str:
    """The name a roll-call line gives (its handle when the line has no name)."""
    name = (attendee.name or "").strip()
    if not name and attendee.handle:
        return attendee.handle.strip().lstrip("@")
    return name


def _is_full_name(name: str) -> bool:
    """Two words or more, the last not a lone initial: ``Kim Doe``, not ``Kim`` or ``Kim D``."""
    key = name_key(name)
    return len(key) >= 2 and len(key[-1]) > 1


def _ambiguity(book: PeopleBook, written: str, resolution: Resolution) -> str:
    labels = [book.label(n) for n in resolution.candidates]
    who = ", ".join(labels[:-1]) + " or " + labels[-1]
    return (
        f"'{written}' could be {who}; write the full name or the @handle "
        "(linked to nobody until then)"
    )
