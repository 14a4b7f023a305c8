"""Action items across meetings: who owns each, and where an open one reappears later.

A builder of the archive index. An open action copied forward into a later meeting of
its series (often edited a little) is the same action: the two are linked, so the
actions page shows it once as "carried over". No MkDocs import.

rapidfuzz is imported when two actions are first compared: a ``mkdocs build`` compares
them in a forked worker, and one that resumed the last build's session mostly not at
all, so its main process never loads the library (3.6 MB resident, in every process
forked from it too).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ..model import ActionItem, Meeting
from ..workers import SharedJobs
from .meetings import MeetingIndex, MeetingViews
from .topics import plain_text

#: An open action reappears when its words match this well (rapidfuzz token_set_ratio).
CARRY_OVER_THRESHOLD = 85
#: ...within this many later meetings of its series (further away it is a new action).
CARRY_OVER_WINDOW = 6


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
_SHORTCODE = re.compile(r":[a-z0-9_+-]+:")


class ActionWords(NamedTuple):
    """An action's content words, prepared once for fuzzy comparison."""

    text: str
    bag: tuple[str, ...]


def action_words(text: str) -> ActionWords:
    """An action's content words (plural s dropped, stop words and shortcodes out)."""
    text = _SHORTCODE.sub(" ", plain_text(text).casefold())
    words = _WORD.findall(text)
    kept = [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words if w not in _STOP_WORDS]
    return ActionWords(" ".join(kept), tuple(sorted(kept)))


def same_action(a: ActionWords, b: ActionWords) -> float:
    """How surely two actions say the same thing (0: not), one copied forward and maybe edited.

    Short actions ("Matt to review") say too little to match loosely: they must be equal.
    """
    if min(len(a.bag), len(b.bag)) < 3:
        return 100.0 if a.bag and a.bag == b.bag else 0.0
    from rapidfuzz import fuzz  # when first needed (module docstring)

    if not fuzz.token_set_ratio(a.text, b.text, score_cutoff=CARRY_OVER_THRESHOLD):
        return 0.0
    return fuzz.token_sort_ratio(a.text, b.text, score_cutoff=60)


Key = tuple[str, int]


class ActionMemo:
    """The fuzzy comparisons of actions, kept between builds of one process: they are
    most of the work, and an edit changes the actions of one meeting at most."""

    def __init__(self) -> None:
        self.views = MeetingViews(_actions_view)
        self.linked: tuple[Callable[..., tuple[str, ...]], list[ActionEntry]] | None = None
        """The last build's result and the names it was made with (``people_for``)."""
        self._words: dict[str, ActionWords] = {}
        self._hits: dict[tuple[str, tuple[str, ...]], list] = {}
        self._same: dict[tuple[str, str], float] = {}
        self._used: set[tuple[str, tuple[str, ...]]] = set()

    def words(self, text: str) -> ActionWords:
        """:func:`action_words`, once per text."""
        found = self._words.get(text)
        if found is None:
            found = self._words[text] = action_words(text)
        return found

    def hits(self, query: str, choices: tuple[str, ...]) -> list:
        """The choices whose words are close enough to the query's (rapidfuzz)."""
        key = (query, choices)
        self._used.add(key)
        found = self._hits.get(key)
        if found is None:
            from rapidfuzz import fuzz, process  # when first needed (module docstring)

            found = self._hits[key] = process.extract(
                query,
                choices,
                scorer=fuzz.token_set_ratio,
                score_cutoff=CARRY_OVER_THRESHOLD,
                limit=None,
            )
        return found

    def same(self, a: ActionWords, b: ActionWords) -> float:
        """:func:`same_action`, once per pair."""
        key = (a.text, b.text)
        found = self._same.get(key)
        if found is None:
            found = self._same[key] = same_action(a, b)
        return found

    def forget_unused(self) -> None:
        """Keep only the comparisons the last build made (the memo stays the size of one
        build)."""
        self._hits = {k: v for k, v in self._hits.items() if k in self._used}
        self._used = set()
        if len(self._same) > 4 * len(self._hits) + 1024:
            self._same = {}
        if len(self._words) > 200_000:
            self._words = {}


def link_actions(
    index: MeetingIndex,
    people_for: Callable[[Meeting, Sequence[str]], tuple[str, ...]],
    memo: ActionMemo | None = None,
) -> list[ActionEntry]:
    """Every action, with an open one linked to where it reappears later in its series.

    "Later" is the next :data:`CARRY_OVER_WINDOW` meetings of the series; the nearest
    meeting with a match wins, and an action is carried from at most one other.
    """
    return ActionLinking.start(index, people_for, memo).result()


Carry = tuple[Key, Key]
"""An open action (meeting id, position) and where it reappears."""


class ActionLinking:
    """:func:`link_actions`, started now and finished by :meth:`result`: with ``workers``
    the fuzzy comparisons, most of the work (a second at 1,000 meetings), run in a forked
    process while this one goes on with the topics (``Archive.build``). The worker sends
    back only the links it found, in order; the entries are this process's own objects.
    Its comparisons are not kept in the memo, only the result: a ``mkdocs build`` gives
    ``workers``, ``serve`` (whose next rebuild compares again) does not."""

    def __init__(
        self,
        index: MeetingIndex,
        people_for: Callable[[Meeting, Sequence[str]], tuple[str, ...]],
        memo: ActionMemo,
    ) -> None:
        self.index = index
        self.people_for = people_for
        self.memo = memo
        self.kept: list[ActionEntry] | None = None
        self.shared: SharedJobs | None = None

    @classmethod
    def start(
        cls,
        index: MeetingIndex,
        people_for: Callable[[Meeting, Sequence[str]], tuple[str, ...]],
        memo: ActionMemo | None = None,
        workers: int = 0,
    ) -> ActionLinking:
        linking = cls(index, people_for, memo if memo is not None else ActionMemo())
        kept = linking.memo.linked
        if (
            kept is not None
            and kept[0] == people_for
            and linking.memo.views.unchanged(index.meetings)
        ):
            linking.kept = list(kept[1])
        elif workers > 0 and any(meeting.actions for meeting in index.meetings):
            linking.shared = SharedJobs.start(1, lambda _: linking._link()[0], workers)
        return linking

    def result(self) -> list[ActionEntry]:
        """The linked actions (waiting for the worker, if one took them)."""
        if self.kept is not None:
            return self.kept
        carries = None
        if self.shared is not None:
            if self.shared.mine(0):
                # Reached before the worker took it: done here; the worker, left without
                # a job, is reaped (and its file closed) all the same.
                self.shared.results()
            else:
                carries = self.shared.results().get(0)  # None: the worker failed
        if carries is None:
            _, entries = self._link()
        else:
            entries, _ = self._entries(words=False)
            for source, target in carries:
                _carry(entries, source, target)
        linked = list(entries.values())
        self.memo.views.keep(self.index.meetings)
        self.memo.linked = (self.people_for, linked)
        return list(linked)

    def _entries(self, words: bool = True) -> tuple[dict[Key, ActionEntry], dict[Key, ActionWords]]:
        """Every action as an entry not yet linked, and (if asked) its words."""
        entries: dict[Key, ActionEntry] = {}
        found: dict[Key, ActionWords] = {}
        for meeting in self.index.meetings:
            for position, action in enumerate(meeting.actions):
                key = (meeting.id, position)
                assignees = self.people_for(meeting, action.assignees)
                entries[key] = ActionEntry(meeting.id, position, action, assignees)
                if words:
                    found[key] = self.memo.words(action.text)
        return entries, found

    def _link(self) -> tuple[list[Carry], dict[Key, ActionEntry]]:
        """Each open action linked to where it reappears, in the order they are found
        (each link changes which actions later ones may take), and the entries linked."""
        index, memo = self.index, self.memo
        entries, words = self._entries()
        choices = {
            m.id: tuple(words[m.id, i].text for i in range(len(m.actions))) for m in index.meetings
        }
        carries: list[Carry] = []
        for series_ids in index.series.values():
            for position, meeting_id in enumerate(series_ids):
                meeting = index.by_id[meeting_id]
                for number, action in enumerate(meeting.actions):
                    source = entries[meeting_id, number]
                    if action.done or source.carried_over_to:
                        continue
                    later = series_ids[position + 1 : position + 1 + CARRY_OVER_WINDOW]
                    target = _find_carry(source, words, entries, later, choices, memo)
                    if target is None:
                        continue
                    carries.append(((meeting_id, number), target))
                    _carry(entries, (meeting_id, number), target)
        memo.forget_unused()
        return carries, entries


def _carry(entries: dict[Key, ActionEntry], source: Key, target: Key) -> None:
    """Link the open action at ``source`` to where it reappears, at ``target``."""
    entries[source] = dataclasses.replace(entries[source], carried_over_to=target)
    entries[target] = dataclasses.replace(entries[target], carried_over_from=source)


def _actions_view(meeting: Meeting) -> tuple:
    """What linking actions reads of a meeting: its place in its series and its actions."""
    return (meeting.id, meeting.series, meeting.actions)


def _find_carry(
    source: ActionEntry,
    words: dict[Key, ActionWords],
    entries: dict[Key, ActionEntry],
    later: Sequence[str],
    choices_by_meeting: dict[str, tuple[str, ...]],
    memo: ActionMemo,
) -> Key | None:
    """The first later meeting's best-matching action not already carried from elsewhere."""
    text = words[source.meeting, source.index]
    for meeting_id in later:
        # rapidfuzz filters the meeting's actions in C; the few hits get the full test.
        hits = memo.hits(text.text, choices_by_meeting[meeting_id])
        best: tuple[float, int] | None = None
        for _, _, number in sorted(hits, key=lambda hit: hit[2]):
            target = entries[meeting_id, number]
            if target.carried_over_from is not None:
                continue
            if (
                source.assignees
                and target.assignees
                and not set(source.assignees) & set(target.assignees)
            ):
                continue
            score = memo.same(text, words[meeting_id, number])
            if score and (best is None or score > best[0]):
                best = (score, number)
        if best is not None:
            return (meeting_id, best[1])
    return None
