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

from collections.abc import Sequence

from ..model import (
    AgendaItem,
    Attendee,
    Celebration,
    Finding,
    Meeting,
    ParsedNote,
    Update,
)
from .actions import ActionEntry, ActionLinking, ActionMemo
from .discovery import Discovery
from .histories import HistoryMemo, PersonHistory, collect_histories
from .meetings import MeetingIndex, MeetingMemo, safe_meeting_id
from .people import Person
from .refs import RefIndexEntry, RefMention, index_refs, ref_page
from .registry import PersonEntry, TopicEntry
from .resolve import PeopleIndex, PeopleMemo
from .timelines import TopicIndex, TopicMemo
from .topics import Topic, normalise_title

__all__ = [
    "ActionEntry",
    "Archive",
    "ArchiveMemo",
    "Person",
    "PersonHistory",
    "RefIndexEntry",
    "RefMention",
    "Topic",
    "ref_page",
    "safe_meeting_id",
]


class ArchiveMemo:
    """What the index keeps between builds of one process (``mkdocs serve``), so a rebuild
    after an edit redoes only what the edit touched: the meetings with their final ids,
    the people (when no edit changed who is named where), discovery's per-meeting words,
    topic matches per item text, fuzzy comparisons of actions. An index built with a memo
    is the same as one built without."""

    def __init__(self) -> None:
        self.meetings = MeetingMemo()
        self.people = PeopleMemo()
        self.topics = TopicMemo()
        self.actions = ActionMemo()
        self.histories = HistoryMemo()

    def expect_rebuilds(self, rebuilds: bool) -> None:
        """Whether this process builds again after edits (``mkdocs serve``): then also
        keep what only a rebuild uses, sums over runs of meetings that a one-build process
        would hold for nothing."""
        self.topics.discovery.keep_sums = rebuilds
        self.histories.keep = rebuilds


class Archive:
    """The whole archive: meetings with final ids, people, topics, references, findings.

    Build it with :meth:`build`; it is not changed afterwards. It is the face of the
    index's builders (meetings, people, topics, references, actions, histories), each in
    its own module over the model; methods that take a meeting expect one of
    :attr:`meetings` (ids are final there).
    """

    def __init__(
        self,
        meetings: MeetingIndex,
        people: PeopleIndex,
        topics: TopicIndex,
        refs: dict[str, RefIndexEntry],
        actions: list[ActionEntry],
        histories: dict[str, PersonHistory],
        github_repo: str | None,
    ) -> None:
        self._meetings = meetings
        self._people = people
        self._topics = topics
        self._actions = actions
        self._histories = histories
        self._recurring: dict[int, list[tuple[str, list[str]]]] = {}
        self._items: dict[tuple[str, str], AgendaItem] | None = None
        self.meetings: tuple[Meeting, ...] = meetings.meetings
        self.people: dict[str, Person] = people.people
        self.topics: dict[str, Topic] = topics.topics
        self.refs: dict[str, RefIndexEntry] = refs
        self.github_repo = github_repo
        self.discovery: Discovery | None = topics.discovery
        """What topic discovery found (None when it was off)."""
        self.findings: tuple[Finding, ...] = ()

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
        memo: ArchiveMemo | None = None,
        workers: int = 0,
    ) -> Archive:
        """Index every meeting of every note; registries seed people and define topics.

        ``discover`` finds the topics the notes keep coming back to (the ``topics_discover``
        option); ``exclude`` lists ids or phrases of discovered topics to hide
        (``topics_exclude``). A registry entry with a discovered topic's id or one of its
        phrases, or naming it in ``merge``, curates that topic. ``workers``: processes
        that may be forked for the work that can go on beside the rest (a
        ``mkdocs build``; under ``serve`` the memos keep what each rebuild compared).
        """
        memo = memo if memo is not None else ArchiveMemo()
        meetings = MeetingIndex.build(notes, memo.meetings)
        resolved = PeopleIndex.build(meetings, people, memo.people)
        # The actions' comparisons go to a forked worker, if given one, while this
        # process finds the topics.
        linking = ActionLinking.start(meetings, resolved.people_for, memo.actions, workers)
        timelines = TopicIndex.build(
            meetings,
            resolved,
            topics,
            discover=discover,
            exclude=exclude,
            memo=memo.topics,
            workers=workers,
        )
        refs = index_refs(
            meetings.meetings,
            lambda meeting, position: resolved.update_anchors[meeting.id, position],
        )
        actions = linking.result()
        histories = collect_histories(
            meetings.meetings,
            resolved,
            timelines.item_topics,
            list(timelines.topics),
            actions,
            memo.histories,
        )
        archive = cls(meetings, resolved, timelines, refs, actions, histories, github_repo)
        archive.findings = (
            *meetings.findings,
            *resolved.findings,
            *archive._recurring_findings(),
        )
        return archive

    def _recurring_findings(self) -> list[Finding]:
        """``recurring-title``: an agenda title in three meetings or more that no topic covers."""
        findings = []
        for title, meeting_ids in self.recurring_titles():
            meeting = self._meetings.by_id[meeting_ids[-1]]
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
        return findings

    # -- meetings -------------------------------------------------------------------------

    def meeting(self, meeting_id: str) -> Meeting:
        """The meeting with this (final) id; KeyError when there is none."""
        return self._meetings.by_id[meeting_id]

    def previous(self, meeting: Meeting) -> Meeting | None:
        """The meeting before this one in its series (no series is a series of its own)."""
        return self._meetings.previous(meeting)

    def next(self, meeting: Meeting) -> Meeting | None:
        """The meeting after this one in its series."""
        return self._meetings.next(meeting)

    @property
    def latest(self) -> Meeting | None:
        """The most recent meeting of the whole archive (the home page leads with it)."""
        return self.meetings[-1] if self.meetings else None

    def item(self, meeting_id: str, anchor: str) -> AgendaItem | None:
        """The agenda item of a meeting by its anchor (topic and ref pages quote it)."""
        if self._items is None:
            # Topic pages and feeds look up tens of thousands of items: one table.
            self._items = {}
            for meeting in self.meetings:
                for item in meeting.items:
                    self._items.setdefault((meeting.id, item.anchor), item)
        return self._items.get((meeting_id, anchor))

    # -- people ---------------------------------------------------------------------------

    def attendee_person(self, meeting: Meeting, attendee: Attendee) -> str | None:
        """The person id of a roll-call line (every roll-call line is somebody)."""
        return self.attendee_person_at(meeting, _position(meeting.attendees, attendee))

    def attendee_person_at(self, meeting: Meeting, position: int) -> str | None:
        """The person id of the meeting's roll-call line at ``position`` in
        ``meeting.attendees`` (a page going through them all need not look each up)."""
        return self._people.attendees.get((meeting.id, position))

    def meeting_people(self, meeting: Meeting) -> tuple[tuple[str | None, ...], tuple[str, ...]]:
        """The person id of each roll-call line of the meeting (None where the line is
        nobody of :attr:`people`), and the anchor of each of its updates, in order."""
        return self._people.of_meeting(meeting)

    def update_person(self, meeting: Meeting, update: Update) -> str | None:
        """The person id of an update's author; None when the name could be two people."""
        index = _position(meeting.updates, update)
        return self._people.update_people.get((meeting.id, index))

    def update_anchor(self, meeting: Meeting, update: Update) -> str:
        """``update-<person id>`` (``-2``, ``-3`` when repeated), or ``update-<slug of author>``."""
        return self.update_anchor_at(meeting, _position(meeting.updates, update))

    def update_anchor_at(self, meeting: Meeting, position: int) -> str:
        """The anchor of the meeting's update at ``position`` in ``meeting.updates``."""
        return self._people.update_anchors[meeting.id, position]

    def people_for(self, meeting: Meeting, names: Sequence[str]) -> tuple[str, ...]:
        """Person ids for speakers or assignees as written; names that are nobody are left out.

        A name resolves against the meeting's roll call and update authors, then the
        registry, then the archive; an ambiguous name is nobody (and a finding at build).
        """
        return self._people.people_for(meeting, names)

    @property
    def names(self) -> object:
        """Who every name written in the archive is: equal only to itself, and the same
        object from build to build while no edit changed who is named where (pages that
        show speakers' names compare it to know whether to draw them again)."""
        return self._people

    def handle_person(self, handle: str) -> str | None:
        """The person id for an ``@handle`` (case-insensitive), None for an unknown handle."""
        return self._people.handle_person(handle)

    def known_names(self) -> list[str]:
        """Every name and handle the archive knows for a person (never a topic)."""
        return self._people.known_names(self.meetings)

    def person_history(self, person_id: str) -> PersonHistory:
        """What the person page lists, newest first; KeyError for an unknown id."""
        return self._histories[person_id]

    def celebrated(self, meeting: Meeting, celebration: Celebration) -> tuple[str, ...]:
        """Person ids a celebration names (by name, @handle or GitHub profile link)."""
        index = _position(meeting.celebrations, celebration)
        return self._people.celebrated.get((meeting.id, index), ())

    # -- topics, actions ------------------------------------------------------------------

    def item_topics(self, meeting: Meeting, item: AgendaItem) -> tuple[str, ...]:
        """Topic ids of an agenda item, in registry order."""
        return self.item_topics_at(meeting, _position(meeting.items, item))

    def item_topics_at(self, meeting: Meeting, position: int) -> tuple[str, ...]:
        """Topic ids of the meeting's agenda item at ``position`` in ``meeting.items``."""
        return self._topics.item_topics.get((meeting.id, position), ())

    def topic_items(self, topic_id: str) -> tuple[AgendaItem, ...]:
        """The agenda items of a topic's timeline, oldest first (:attr:`Topic.items` are
        their meeting ids and anchors); the same tuple from build to build while the
        topic's items are equal."""
        return self._topics.items[topic_id]

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
                if not ids or ids[-1] != meeting.id:  # meetings come one after the other
                    ids.append(meeting.id)
                if self._topics.item_topics.get((meeting.id, index)):
                    covered.add(title)
        found = [
            (title, ids)
            for title, ids in groups.items()
            if len(ids) >= min_meetings and title not in covered
        ]
        found.sort(key=lambda row: (-len(row[1]), row[0]))
        self._recurring[min_meetings] = found
        return [(t, list(ids)) for t, ids in found]


def _position(items: Sequence[object], item: object) -> int:
    """Index of ``item`` in ``items``: by identity first, then by equality."""
    for index, candidate in enumerate(items):
        if candidate is item:
            return index
    return list(items).index(item)
