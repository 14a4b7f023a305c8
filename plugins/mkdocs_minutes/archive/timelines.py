"""Topics and their timelines: which agenda items belong to which topic, registry or
discovered. A builder of the archive index (``topics.py`` matches phrases,
``discovery.py`` finds topics nobody wrote down). No MkDocs import.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..model import AgendaItem, Meeting
from ..text import ascii_slug
from ..workers import SharedJobs
from .discovery import (
    AboutMatcher,
    DiscoveredTopic,
    Discovery,
    DiscoveryMemo,
    discover_topics,
)
from .meetings import MeetingIndex
from .people import safe_id
from .registry import TopicEntry
from .resolve import PeopleIndex
from .topics import Topic, TopicMatcher

#: A discovered topic has items in at least this many meetings.
MIN_TOPIC_MEETINGS = 3


class TopicMemo:
    """What the topic builder keeps between builds of one process: discovery's per-meeting
    words, which topics each item text matched, each meeting's items' topics, as long as
    the topics are the same."""

    def __init__(self) -> None:
        self.discovery = DiscoveryMemo()
        self._registry: tuple[tuple[TopicEntry, ...], TopicMatcher, dict[str, tuple[str, ...]]]
        self._registry = ((), TopicMatcher(()), {})
        self._about: tuple[tuple[DiscoveredTopic, ...], AboutMatcher, dict] | None = None
        self._topics: dict[str, tuple[tuple, Topic, tuple[AgendaItem, ...]]] = {}
        self._matched: dict[int, tuple[Meeting, object, list[ItemMatch]]] = {}
        self._matched_context: tuple = ()
        self._matched_used: set[int] = set()
        self._rows: dict[tuple[int, int], tuple[Meeting, AgendaItem, ItemFacts]] = {}
        self._rows_people: PeopleIndex | None = None
        self._rows_used: set[tuple[int, int]] = set()

    def item_facts(self, people: PeopleIndex) -> Callable[[Meeting, AgendaItem], ItemFacts]:
        """An item's speakers (person ids) and the references cited in its lines, as a
        topic timeline lists them: kept per item while the people are the same, so a topic
        that an edit touched is made again from the rows it had (each row's references
        are found among all of its meeting's otherwise, hundreds of items per topic)."""
        if people is not self._rows_people:
            self._rows, self._rows_people = {}, people
        rows, used = self._rows, self._rows_used

        def facts(meeting: Meeting, item: AgendaItem) -> ItemFacts:
            key = (id(meeting), id(item))
            used.add(key)
            kept = rows.get(key)
            if kept is not None and kept[0] is meeting and kept[1] is item:
                return kept[2]
            end = max(item.end_line, item.line)
            found = (
                people.people_for(meeting, item.speakers),
                tuple(r.key for r in meeting.refs if item.line <= r.line <= end),
            )
            rows[key] = (meeting, item, found)
            return found

        return facts

    def topic(
        self, topic_id: str, inputs: tuple, make: Callable[[], Topic]
    ) -> tuple[Topic, tuple[AgendaItem, ...]]:
        """The topic the last build made from equal inputs (the same object, which the
        pages then compare at once), else a new one; with its items. The inputs hold the
        timeline's meetings and items first, which an unchanged note keeps as the same
        objects."""
        kept = self._topics.get(topic_id)
        if kept is not None and kept[0] == inputs:
            return kept[1], kept[2]
        made = make()
        items = tuple(item for _, item in inputs[0])
        self._topics[topic_id] = (inputs, made, items)
        return made, items

    def matchers(self, discovering: bool) -> tuple[object, object]:
        """The registry's matcher and, when discovering, discovery's: the same objects
        while the registry and the discovered topics are (:meth:`meeting_matches`)."""
        about = self._about[1] if discovering and self._about is not None else None
        return self._registry[1], about

    def meeting_matches(
        self, context: tuple, meeting: Meeting, texts: object, match: Callable[[], list[ItemMatch]]
    ) -> list[ItemMatch]:
        """A meeting's items' topics as the last build found them, when the meeting is the
        same object, read through the same texts (discovery's, the same object while the
        meeting's words are), and the topics and their matchers are those of the last
        build (``context``); else ``match()``. A thousand meetings' items are matched at
        every rebuild otherwise, each by the whole of its text."""
        if context != self._matched_context:
            self._matched, self._matched_context = {}, context
        key = id(meeting)
        self._matched_used.add(key)
        kept = self._matched.get(key)
        if kept is not None and kept[0] is meeting and kept[1] is texts:
            return kept[2]
        found = match()
        self._matched[key] = (meeting, texts, found)
        return found

    def matched(self, context: tuple, meeting: Meeting, texts: object) -> bool:
        """Whether :meth:`meeting_matches` has the meeting's topics already."""
        if context != self._matched_context:
            return False
        kept = self._matched.get(id(meeting))
        return kept is not None and kept[0] is meeting and kept[1] is texts

    def forget_other_topics(self, topic_ids: Sequence[str]) -> None:
        """Drop the topics this build no longer has."""
        current = set(topic_ids)
        self._topics = {t: kept for t, kept in self._topics.items() if t in current}
        self._matched = {k: v for k, v in self._matched.items() if k in self._matched_used}
        self._matched_used = set()
        # The items of topics made again (those of an edited note again next time).
        self._rows = {key: row for key, row in self._rows.items() if key in self._rows_used}
        self._rows_used = set()

    def __getstate__(self) -> dict[str, object]:
        """Kept on disk between processes without the items' facts: keyed by this
        process's identities, and quick to find again for the topics an edit touches."""
        return {
            **self.__dict__,
            "_rows": {},
            "_rows_people": None,
            "_rows_used": set(),
            "_matched": {},
            "_matched_context": (),
            "_matched_used": set(),
        }

    def registry_topics(
        self, entries: Sequence[TopicEntry]
    ) -> Callable[[AgendaItem], tuple[str, ...]]:
        """The registry ids an item's text matches (:meth:`TopicMatcher.item_topics`)."""
        if self._registry[0] != tuple(entries):
            self._registry = (tuple(entries), TopicMatcher(entries), {})
        _, matcher, known = self._registry

        def item_topics(item: AgendaItem) -> tuple[str, ...]:
            text = f"{item.title}\n{item.body}"
            found = known.get(text)
            if found is None:
                found = known[text] = matcher.match(text)
            return found

        return item_topics

    def about(self, topics: Sequence[DiscoveredTopic]) -> AboutMatch:
        """The discovered topics an item is about (:meth:`AboutMatcher.match`)."""
        if self._about is None or self._about[0] != tuple(topics):
            self._about = (tuple(topics), AboutMatcher(topics), {})
        _, matcher, known = self._about

        def match(title: str, body: str, repos: frozenset[str]) -> list:
            key = (title, body, repos)
            found = known.get(key)
            if found is None:
                found = known[key] = matcher.match(title, body, repos)
            return found

        return match


ItemFacts = tuple[tuple[str, ...], tuple[str, ...]]
"""An agenda item's speakers (person ids) and the references its lines cite."""

MIN_SHARED_MATCHES = 200
"""Meetings to match below which a worker costs more than it saves."""

ItemMatch = tuple[
    tuple[str, ...],
    tuple[tuple[str, tuple[str, ...]], ...],
    tuple[Meeting, AgendaItem],
    tuple[str, str],
]
"""An agenda item's topic ids in topic order, each discovered topic's phrases found, and
the item as a timeline lists it: (meeting, item) and (meeting id, anchor)."""

AboutMatch = Callable[[str, str, frozenset[str]], list[tuple[str, tuple[str, ...]]]]
"""(title, body, repositories cited) -> (discovered topic id, phrases found) per topic."""


@dataclass
class TopicIndex:
    """Every topic (registry ones first, then discovered ones by rank) and each item's."""

    topics: dict[str, Topic] = field(default_factory=dict)
    item_topics: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)
    """(meeting id, item position) -> topic ids, in topic order."""
    discovery: Discovery | None = None
    """What discovery found (None when it was off)."""
    ids: dict[str, str] = field(default_factory=dict)
    """Registry id -> topic id (folder-safe, unique)."""
    items: dict[str, tuple[AgendaItem, ...]] = field(default_factory=dict)
    """Topic id -> its agenda items, oldest first (those of :attr:`Topic.items`)."""

    @classmethod
    def build(
        cls,
        index: MeetingIndex,
        people: PeopleIndex,
        entries: Sequence[TopicEntry],
        *,
        discover: bool = True,
        exclude: Sequence[str] = (),
        memo: TopicMemo | None = None,
        workers: int = 0,
    ) -> TopicIndex:
        """Put agenda items into topics; build each topic's timeline.

        Registry topics match any mention of their phrases (as they always have); a
        discovered topic takes only the items about it (:class:`AboutMatcher`). A
        discovered topic a registry entry curates (same id, a shared phrase, or named in
        its ``merge``) adds its items to that entry's topic instead of having its own.
        """
        memo = memo if memo is not None else TopicMemo()
        topics = cls()
        taken: set[str] = set()
        for entry in entries:
            topics.ids[entry.id] = _unique(
                safe_id(ascii_slug(entry.id, fallback="topic"), "topic"), taken
            )
        order = [topics.ids[e.id] for e in entries]
        target: dict[str, str] = {}
        discovered: dict[str, str] = {}
        about: AboutMatch | None = None
        if discover:
            topics.discovery = discover_topics(
                index.meetings, names=people.known_names(index.meetings), memo=memo.discovery
            )
            kept = topics._curate(entries, exclude, taken, target, discovered, order)
            about = memo.about(kept)
        registry = memo.registry_topics(entries)
        timeline, anchors, spellings = topics._match(
            index, registry, about, target, order, memo, workers
        )
        for topic_id in list(discovered):
            if len({m.id for m, _ in timeline[topic_id]}) < MIN_TOPIC_MEETINGS:
                # A discovered topic whose items ended in too few meetings is not one.
                del discovered[topic_id]
                order.remove(topic_id)
                del anchors[topic_id]
                topics._drop(topic_id, timeline.pop(topic_id))
        entry_by_id = {topics.ids[e.id]: e for e in entries}
        facts = memo.item_facts(people)
        for topic_id in order:
            inputs = (
                timeline[topic_id], spellings[topic_id], entry_by_id.get(topic_id),
                discovered.get(topic_id, ""), people,
            )  # fmt: skip
            topics.topics[topic_id], topics.items[topic_id] = memo.topic(
                topic_id,
                inputs,
                lambda inputs=inputs, topic_id=topic_id: _topic(
                    topic_id, *inputs[:4], facts, anchors[topic_id]
                ),
            )
        memo.forget_other_topics(order)
        return topics

    def _curate(
        self,
        entries: Sequence[TopicEntry],
        exclude: Sequence[str],
        taken: set[str],
        target: dict[str, str],
        discovered: dict[str, str],
        order: list[str],
    ) -> list[DiscoveredTopic]:
        """The discovered topics to use: hidden ones (``topics_exclude``) left out, curated
        ones pointed at their registry topic, the rest given ids of their own."""
        assert self.discovery is not None
        hidden = {_phrase(x) for x in exclude if x.strip()}
        owners = _curators(entries, self.ids)
        kept = []
        for found in self.discovery.topics:
            spelled = {_phrase(p) for p in (found.id, found.name, *found.phrases)}
            if spelled & hidden:
                continue  # topics_exclude: hidden by its id or any of its phrases
            kept.append(found)
            owner = owners.get(found.id) or next(
                (owners[_phrase(p)] for p in (found.name, *found.phrases) if _phrase(p) in owners),
                None,
            )
            if owner is not None:
                target[found.id] = owner
                continue
            topic_id = _unique(safe_id(found.id, "topic"), taken)
            target[found.id] = topic_id
            discovered[topic_id] = found.name
            order.append(topic_id)
        return kept

    def _match(
        self,
        index: MeetingIndex,
        registry: Callable[[AgendaItem], tuple[str, ...]],
        about: AboutMatch | None,
        target: dict[str, str],
        order: list[str],
        memo: TopicMemo,
        workers: int = 0,
    ) -> tuple[
        dict[str, list[tuple[Meeting, AgendaItem]]],
        dict[str, list[tuple[str, str]]],
        dict[str, Counter[str]],
    ]:
        """Each item's topics, and each topic's items (as rows and as anchors) and the
        phrases that matched them."""
        rank = {topic_id: position for position, topic_id in enumerate(order)}
        timeline: dict[str, list[tuple[Meeting, AgendaItem]]] = {t: [] for t in order}
        anchors: dict[str, list[tuple[str, str]]] = {t: [] for t in order}
        spellings: dict[str, Counter[str]] = {t: Counter() for t in order}
        texts = self.discovery.texts if self.discovery else {}
        repos = self.discovery.item_repos if self.discovery else {}
        empty: frozenset[str] = frozenset()
        context = (
            memo.matchers(about is not None),
            tuple(target.items()),
            tuple(order),
            tuple(self.ids.items()),
        )

        def topics_of(meeting: Meeting) -> list[tuple[tuple[str, ...], tuple]]:
            """Each item's topics, in order, and the phrases that found them."""
            found_here = []
            for position, item in enumerate(meeting.items):
                found = {self.ids[t] for t in registry(item)}
                spelled = []
                if about is not None and (meeting.id, position) in texts:
                    title, body = texts[meeting.id, position]
                    repos_cited = repos.get((meeting.id, position), empty)
                    for topic, phrases in about(title, body, repos_cited):
                        found.add(target[topic])
                        spelled.append((target[topic], tuple(phrases)))
                found_here.append((tuple(sorted(found, key=rank.__getitem__)), tuple(spelled)))
            return found_here

        # With workers (a ``mkdocs build``), the meetings the memo does not know are read
        # by forked processes as well as this one: only the topic ids and phrases come
        # back; the rows are this process's own meetings and items.
        shared_out: dict[str, list[tuple[tuple[str, ...], tuple]]] = {}
        if workers > 0:
            unknown = [
                m for m in index.meetings if not memo.matched(context, m, texts.get((m.id, 0)))
            ]
            if len(unknown) >= MIN_SHARED_MATCHES:
                found, _ = SharedJobs.run(len(unknown), lambda i: topics_of(unknown[i]), workers)
                shared_out = {unknown[position].id: topics for position, topics in found.items()}

        def match(meeting: Meeting) -> list[ItemMatch]:
            found_here = shared_out.pop(meeting.id, None)
            if found_here is None:
                found_here = topics_of(meeting)
            return [
                (ordered, spelled, (meeting, item), (meeting.id, item.anchor))
                for (ordered, spelled), item in zip(found_here, meeting.items, strict=True)
            ]

        for meeting in index.meetings:
            # Discovery's texts of one meeting come from one object of its memo: the first
            # is the same object while all of them are.
            matches = memo.meeting_matches(
                context,
                meeting,
                texts.get((meeting.id, 0)),
                lambda meeting=meeting: match(meeting),  # type: ignore[misc]
            )
            for position, (ordered, spelled, row, anchor) in enumerate(matches):
                for topic_id, phrases in spelled:
                    spellings[topic_id].update(phrases)
                self.item_topics[meeting.id, position] = ordered
                for topic_id in ordered:
                    timeline[topic_id].append(row)
                    anchors[topic_id].append(anchor)
        return timeline, anchors, spellings

    def _drop(self, topic_id: str, rows: list[tuple[Meeting, AgendaItem]]) -> None:
        """Take a topic off the items it had."""
        for meeting, item in rows:
            key = (meeting.id, _position(meeting.items, item))
            self.item_topics[key] = tuple(t for t in self.item_topics[key] if t != topic_id)


def _topic(
    topic_id: str,
    rows: list[tuple[Meeting, AgendaItem]],
    spellings: Counter[str],
    entry: TopicEntry | None,
    discovered_name: str,
    facts: Callable[[Meeting, AgendaItem], ItemFacts],
    anchors: list[tuple[str, str]],
) -> Topic:
    """A topic's timeline with the people and references of its items; ``anchors`` are
    its rows' (meeting id, item anchor)."""
    speakers: list[str] = []
    refs: list[str] = []
    for meeting, item in rows:
        item_speakers, item_refs = facts(meeting, item)
        speakers.extend(item_speakers)
        refs.extend(item_refs)
    matched = tuple(p for p, _ in spellings.most_common())
    if entry is not None:
        name, description = entry.name, entry.description
        aliases = tuple(dict.fromkeys((*entry.aliases, *matched)))
    else:
        name, description, aliases = discovered_name, "", matched
    return Topic(
        id=topic_id,
        name=name,
        description=description,
        items=tuple(anchors),
        people=tuple(dict.fromkeys(speakers)),
        refs=tuple(dict.fromkeys(refs)),
        first=rows[0][0].date if rows else None,
        last=rows[-1][0].date if rows else None,
        aliases=aliases,
        discovered=entry is None,
    )


def _unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... the first not taken (then taken)."""
    topic_id, count = base, 1
    while topic_id in taken:
        count += 1
        topic_id = f"{base}-{count}"
    taken.add(topic_id)
    return topic_id


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
