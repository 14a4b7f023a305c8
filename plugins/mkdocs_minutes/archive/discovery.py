"""Topics that find themselves: the subjects an archive keeps coming back to (issue 13).

Used by the archive index (:mod:`.index`) while it builds, and by ``minutes topics``; no
MkDocs import. Without a topic registry an archive would have no topics at all, yet every
archive has recurring subjects: the events, projects, tools, programmes and organisations
its agenda items keep naming. This module finds them from the whole archive in one linear
pass over the agenda items, in four steps:

1. **Structure is learned, not listed.** A heading found in most meetings of a series
   ("Share out", "Lightning demo", "nodejs/node") is the template's, not a subject; so is
   a line copied into most meetings of a series ("Tell us about you in 30 seconds").
   Template lines are dropped, and a structural item's title says nothing (its top-level
   bullets are read as titles instead: they are the real items of a container heading).
   A small built-in list of section names covers series too short to learn from.
2. **Candidates** are words and phrases of one to three words (``code of conduct``), and
   the GitHub repositories whose issues an item cites. Counted per meeting, an occurrence
   counts only where the item is *about* it: the phrase is in the item's title, or at
   least twice in its body. A word said once in passing does not make a meeting about it.
3. **Filters**: function words and everyday meeting words cannot start or end a phrase
   nor be a topic alone; dates, months, weekdays and numbers are not words; people's names
   (the archive's people, and words that behave like names: "Naomi suggested ...") are not
   topics; and a phrase in more than half of all meetings is the archive's own subject
   (the team's name), not a topic of it.
4. **Ranking** by recurrence (meetings about it), distinctiveness (rarity across meetings,
   proper-noun or acronym spelling, several words, how often it is a title) and spread
   over time (five meetings in one month are less a topic than five over a year).
   Near-duplicates are merged first: plural and singular, ``JupyterLab``/``Jupyter Lab``,
   hyphen or space; a phrase that nearly always occurs inside a longer one gives way to it.

The result is a readable number of topics (10 to 60 on archives of a few hundred
meetings), which the index turns into topics with the same pages as registry topics, and
:class:`AboutMatcher` puts items on their timelines with the same "about it" rule.
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import datetime as dt
import gc
import itertools
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..model import AgendaItem, Meeting
from ..text import IGNORECASE_ASCII_FOLDS, ascii_slug
from .topics import _words as _phrase_words
from .topics import normalise_title, phrase_pattern, plain_text

#: An item is about a phrase met this many times in its body (once in its title suffices).
BODY_REPEATS = 2
#: A discovered topic has items in at least this many meetings.
MIN_MEETINGS = 3
#: A phrase in more than this share of the meetings is the archive's subject, not a topic.
MAX_SHARE = 0.5
#: Share of a series' meetings a heading or an item title must exceed to be structure, and
#: a body line must reach to be template text.
HEADING_SHARE = 0.5
LINE_SHARE = 0.3
#: Meetings whose counts are added up together and kept as one sum under ``mkdocs serve``.
COUNT_BLOCK = 32

#: Titles longer than this many words are paragraphs: only their first words name the item.
_SHORT_TITLE = 8
_TITLE_HEAD = 5

Key = tuple[str, ...]


def _words(text: str) -> frozenset[str]:
    """A word list written as text, one or more words a line."""
    return frozenset(text.split())


def _lines(text: str) -> frozenset[str]:
    """A list of phrases written as text, one a line."""
    return frozenset(line.strip() for line in text.strip().splitlines())


# Words that can neither start nor end a phrase, nor be a topic: function words, auxiliary
# and reporting verbs, quantities, dates and times. English only; the structural part of
# an archive (its template) is learned from the archive itself.
_STOP_WORDS = _words(
    """
    a about above after again against ago all almost along already also although always
    am among an and another any anybody anyone anything anyway anywhere are around as
    ask asked asking at away back be became because become been before being below
    between both but by can cannot could did do does doing done down during each either
    else enough etc even ever every everybody everyone everything everywhere few for
    from further get gets getting got had has have having he her here hers herself him
    himself his how however i if in into is it its itself just last least less let like
    likely made make makes making many may maybe me might mine more most much must my
    myself near need needed needs neither never next no nobody none nor not nothing now
    of off often on once one only onto or other others otherwise our ours ourselves out
    over own per perhaps please quite rather re really same see seem seems seen several
    shall she should since so some somebody someone something sometimes somewhat
    somewhere soon still such sure than that the their theirs them themselves then there
    these they thing things this those though through thus to together too toward
    towards under until up upon us use used uses using very via vs want wanted wants was
    way ways we well were what whatever when where whether which while who whom whose
    why will with within without would yes yet you your yours yourself yourselves able
    across actually add added adding agree agreed agrees already anything around bring
    brought call called came come comes coming consider considered continue continued
    could decide decided discuss discussed discussing doesn don give given going gone
    good great happy help helped helping hope idea ideas keep kept know known look
    looked looking lot lots mention mentioned new nice note noted notes okay ok old open
    opened people person plan planned plans point points possible probably propose
    proposed put question questions raise raised say said says set share shared start
    started starting suggest suggested take taken taking talk talked tell think thinks
    thought time times try tried trying update updated updates wait want way week weeks
    went work worked working works write written wrote year years yesterday today
    tomorrow tonight day days month months quarter morning afternoon evening night hour
    hours minute minutes min mins sec am pm utc gmt cet cest pt pst pdt et est edt
    january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday
    thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun weekly
    monthly daily biweekly first second third fourth fifth last final early late soon
    recent recently currently current today's upcoming previous following further else
    thank thanks hi hello hey welcome bye cc fyi tbd todo eg ie e.g i.e w n/a na misc
    other others big small large long short high low best better worse more less lot bit
    really quick quickly maybe perhaps interested interesting important necessary
    different same various general specific main major minor real full whole free easy
    hard also ok yeah yep nope wip done doing did x met moving forward including
    regarding according related based across ongoing brainstorm brainstorming
    surrounding concerning pertaining involving relating
    implement implementing improve improving remove removing enable enabling explore
    exploring investigate investigating define defining migrate migrating convert
    converting rename renaming simplify simplifying clarify finalize finalise prepare
    organize organise schedule scheduling coordinate coordinating tada
    """
)

# Words common in any meeting: a phrase may contain them (``community building``) but they
# are not a topic alone.
_EVERYDAY = _words(
    """
    action actions agenda approach area areas attendee attendees board case change
    changes chat check community company concern concerns context conversation
    conversations council date decision decisions demo detail details discussion
    discussions doc docs document draft email emails event events example feedback folk
    folks follow followup goal goals group groups hackmd help info information input
    issue issues item items link links list meeting meetings member members message
    minute name names need news next note notes number numbers option options org
    organization organisation part pass place plan plans post priority priorities
    problem problem process progress project projects proposal proposals question
    questions reason request requests result results review reviews role roles round
    section session sessions slide slides step steps status stuff summary support task
    tasks team teams thing things thread time topic topics update updates user users
    version versions video view week work year call calls today anyone someone everyone
    person people way ways space spaces repo repos repository pr prs feature features
    bug bugs fix fixes release releases planning report reports
    """
)

# Sections meeting templates are made of: structural wherever they occur, even in a series
# too short to learn its template from.
_STRUCTURAL_NAMES = _lines(
    """
    agenda
    agenda items
    agenda and notes
    agenda notes
    agenda and minutes
    links
    present
    attendees
    attendance
    participants
    roll call
    sign in
    check in
    checkin
    ice breaker
    icebreaker
    celebrations
    celebrations and shout outs
    shout outs
    upcoming meetings
    upcoming events
    next meeting
    action items
    actions
    next steps
    decisions
    decisions made
    notes
    minutes
    meeting notes
    recording
    announcements
    questions
    q a
    q a other
    other
    misc
    miscellaneous
    any other business
    aob
    updates
    quick updates
    status updates
    status reports
    updates and celebrations
    reports and celebrations
    second updates
    introductions
    intros
    welcome
    new agenda items
    parking lot
    open floor
    round table
    roundtable
    share out
    demos
    requests for help
    help request
    help requests
    review action items
    action items from last meeting
    todo
    """
)

# The verbs that follow a name in minutes ("Naomi suggested", "Arjun removed ..."): a
# capitalised word often followed by one of them behaves like a person's name.
_REPORTING_VERBS = _words(
    """
    suggested proposed noted mentioned asked said shared agreed emphasized emphasised
    raised presented stressed highlighted explained offered volunteered thinks opened
    reviewed walked requested expressed joined reached recommended confirmed met worked
    removed refactored fixed implemented created wrote added merged thanked summarized
    summarised
    """
)

# Words a phrase may hold in its middle: ``code of conduct``, ``research and development``.
_CONNECTORS = frozenset({"of", "and", "for", "&"})
_CONNECTOR_MARK = "\0"
_CONNECTOR_KEYS = frozenset(_CONNECTOR_MARK + w for w in _CONNECTORS)

_TOKEN = re.compile(r"\w+(?:[.'’]\w+)*(?:-\d+\b)?(?:\+\+)?|&")
_NUMERIC = re.compile(
    r"^(?:\d[\d.,:/x]*(?:st|nd|rd|th|am|pm|k|m|h|s|hrs?|mins?|min|gb|mb|kb|x|%)?|v\d[\d.]*|q[1-4])$"
)
_POSSESSIVE = re.compile(r"['’]s$")
_LINE_PREFIX = re.compile(r"^\d+[.)]\s+")
_TIME_TAG = re.compile(
    r"[(\[]\s*(?:~?\d+(?:\s*[-–]\s*\d+)?\s*(?:min(?:ute)?s?|m|h|hrs?|hours?)\b\.?|all the \w+)"
    r"\s*[)\]]",
    re.IGNORECASE,
)
_SHORTCODE = re.compile(r":[a-z0-9_+-]+:")
_PIECE = re.compile(r"[^\W_]+")
_FOLDS_TO_ASCII = re.compile(f"[{IGNORECASE_ASCII_FOLDS}]")
_EMOJI_CODE = re.compile(r"(?<![\w/:]):[a-z0-9_+-]+:?(?![\w:])")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+)$", re.MULTILINE)
_BULLET = re.compile(r"(?:[*+-]|\d+[.)])\s")
_SERIES_SEPARATORS = re.compile(r"[\s\-_./]+")


def heading_key(text: str) -> str:
    """A heading or item title reduced to compare across meetings and with section names.

    Numbering, emoji, time boxes (``(5 minutes)``), punctuation, digits and case go:
    ``### 💬 (10 minutes) Share out`` is ``share out``.
    """
    text = _TIME_TAG.sub(" ", _SHORTCODE.sub(" ", text.lstrip("#")))
    return " ".join(word for word in normalise_title(text).split() if not word.isdigit())


def line_key(line: str) -> str:
    """A line as template detection compares it: no bullet, numbering or checkbox, no case.

    Cheap on purpose (string methods, a regex only for numbered lines): every line of every
    agenda item goes through it.
    """
    text = line.strip().lstrip("*+->• \t")
    if text[:1] == "[" and text[2:3] == "]":
        text = text[3:].lstrip()
    elif text[:1].isdigit():
        text = _LINE_PREFIX.sub("", text)
    return text.casefold()


@dataclass(frozen=True)
class Structure:
    """What the archive's own templates are made of, learned per series.

    A heading present in most meetings of a series is structure there; a line present in
    most meetings of a series is template text there. Both are found by counting, so a
    team's own template ("Lightning demo", "Hack teams") is recognised without a list.
    """

    headings: dict[str | None, frozenset[str]] = field(default_factory=dict)
    """Structural heading keys (:func:`heading_key`) per series."""
    lines: dict[str | None, frozenset[str]] = field(default_factory=dict)
    """Template line keys (:func:`line_key`) per series."""
    everywhere: frozenset[str] = frozenset()
    """Heading keys structural in the whole archive, plus the built-in section names."""
    keys: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """:func:`heading_key` of every heading and title seen while learning (computed once)."""

    def is_structural(self, series: str | None, title: str) -> bool:
        """Whether an item or heading with this title is part of the template."""
        key = self.keys.get(title)
        if key is None:
            key = heading_key(title)
        if not key:
            return True
        return key in self.everywhere or key in self.headings.get(series, frozenset())

    def of_series(
        self, series: str | None
    ) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """What :meth:`item_text` reads for a series: its structural headings, its template
        lines and the archive-wide structural headings."""
        return (
            self.headings.get(series, frozenset()),
            self.lines.get(series, frozenset()),
            self.everywhere,
        )

    def all_keys(self) -> frozenset[str]:
        """Every structural heading key of any series (no such phrase is a topic)."""
        keys = set(self.everywhere)
        for found in self.headings.values():
            keys |= found
        return frozenset(keys)

    def item_text(self, series: str | None, item: AgendaItem) -> tuple[str, str]:
        """(title text, body text) of an item as discovery reads it: plain words.

        Template lines are dropped. A structural item (``### Announcements``) is a
        container: its own title says nothing, its top-level bullets are its items' titles.
        """
        template = self.lines.get(series, frozenset())
        structural = self.is_structural(series, item.title)
        titles: list[str] = [] if structural else [item.title]
        if not template and not structural:
            return _plain(item.title), _plain(item.body)
        body: list[str] = []
        for line in item.body.split("\n"):
            if not line or (template and line_key(line) in template):
                continue
            if structural and _BULLET.match(line):
                titles.append(line)
            else:
                body.append(line)
        return _plain("\n".join(titles)), _plain("\n".join(body))


def _plain(markdown: str) -> str:
    """Words to read: :func:`plain_text`, and emoji shortcodes (``:tada:``) out."""
    text = plain_text(markdown)
    return _EMOJI_CODE.sub(" ", text) if ":" in text else text


def _meeting_features(meeting: Meeting, keys: dict[str, str]) -> Features:
    """A meeting's heading keys (its headings and item titles) and its items' line keys
    (packed, :data:`Features`); ``keys`` memoises :func:`heading_key`."""

    def key_of(text: str) -> str:
        found = keys.get(text)
        if found is None:
            found = keys[text] = heading_key(text)
        return found

    headings = {key_of(h) for h in _HEADING.findall(meeting.body)}
    lines: set[str] = set()
    for item in meeting.items:
        headings.add(key_of(item.title))
        lines.update(line_key(line) for line in item.body.split("\n") if line)
    headings.discard("")
    lines.discard("")
    return frozenset(headings), "\n".join(lines).encode("utf-8")


def _line_keys(features: Features) -> frozenset[str]:
    """The line keys a meeting's :data:`Features` pack."""
    packed = features[1]
    return frozenset(packed.decode("utf-8").split("\n")) if packed else frozenset()


def learn_structure(meetings: Sequence[Meeting], memo: DiscoveryMemo | None = None) -> Structure:
    """Find each series' template: headings and lines in most of its meetings.

    Headings come from the whole meeting (``## Hack teams``) and from agenda item titles (a
    standing item, "Review action items", is structure like a heading); template lines
    only from agenda items, the only text discovery reads. Templates change: a heading
    that was in nearly every meeting for a while ("Idea / team forming" until the
    template said "What will we hack on?") is structure too, when it lasted long enough.
    """
    memo = memo if memo is not None else DiscoveryMemo()
    by_series: dict[str | None, list[Features]] = {}
    for meeting in meetings:
        by_series.setdefault(meeting.series, []).append(memo.features(meeting))
    structural: dict[str | None, frozenset[str]] = {}
    template: dict[str | None, frozenset[str]] = {}
    overall: Counter[str] = Counter()
    for series, features in by_series.items():
        headings, lines, counted = memo.series_structure(series, features)
        if headings is not None and lines is not None:
            structural[series], template[series] = headings, lines
        overall.update(counted)
    everywhere = set(_STRUCTURAL_NAMES)
    if len(meetings) >= 4:
        least = max(3, math.floor(HEADING_SHARE * len(meetings)) + 1)
        everywhere |= {k for k, n in overall.items() if n >= least}
    return Structure(
        headings=structural,
        lines=template,
        everywhere=frozenset(everywhere),
        keys=memo.heading_keys,
    )


SeriesStructure = tuple[frozenset[str] | None, frozenset[str] | None, Counter[str]]
"""A series' structural headings and template lines (None under four meetings), and how
many of its meetings have each heading."""

MAX_REPLACED = 8
"""Meetings of a series whose features may change for the kept positions to be changed in
place (an edit of one note); more, and the series is learned again."""


Features = tuple[frozenset[str], bytes]
"""A meeting's heading keys and template-line candidates (:func:`_meeting_features`).

The line keys are packed into one UTF-8 string, joined by newlines (a line has none):
they are most of the meeting's text, each line a string of its own in a set of its own,
and only the template's few are ever looked up (:func:`_line_keys` unpacks them). Kept
for every meeting between builds, they took 14 MB as sets at 1,000 meetings, 5 MB now."""


class _SeriesPositions:
    """Where each heading and template-line candidate occurs among one series' meetings
    (positions in order), and which of them are the series' structure. Under ``mkdocs
    serve`` it is kept and changed in place when a meeting's features change, so an edit
    does not go through every meeting of its series again."""

    def __init__(self, features: Sequence[Features]) -> None:
        self.features = list(features)
        self.headings: dict[str, list[int]] = {}
        self.lines: dict[str, list[int]] = {}
        self.counted: Counter[str] = Counter()
        for index, features in enumerate(self.features):
            headings = features[0]
            for key in headings:
                self.headings.setdefault(key, []).append(index)
            for key in _line_keys(features):
                self.lines.setdefault(key, []).append(index)
            self.counted.update(headings)
        size = len(self.features)
        self._heading_limits = (
            max(3, math.floor(HEADING_SHARE * size) + 1),
            max(4, math.ceil(0.25 * size)),
        )
        self._line_limits = (max(4, math.ceil(LINE_SHARE * size)), max(4, math.ceil(0.15 * size)))
        self.structural = {k for k, at in self.headings.items() if self._heading(k, at)}
        self.template = {k for k, at in self.lines.items() if self._line(k, at)}

    def _heading(self, key: str, at: list[int]) -> bool:
        most, lasting = self._heading_limits
        return len(at) >= most or (len(at) >= lasting and _steady(at))

    def _line(self, key: str, at: list[int]) -> bool:
        most, lasting = self._line_limits
        return len(key) > 2 and (len(at) >= most or (len(at) >= lasting and _steady(at)))

    def structure(self) -> SeriesStructure:
        """The series' structural headings and template lines (None under four
        meetings), and how many meetings have each heading."""
        if len(self.features) < 4:
            return None, None, self.counted
        return frozenset(self.structural), frozenset(self.template), self.counted

    def replace(self, index: int, features: Features) -> None:
        """The meeting at ``index`` has these features now."""
        old = self.features[index]
        old_headings, old_lines = old[0], _line_keys(old)
        headings, lines = features[0], _line_keys(features)
        self.features[index] = features
        self.counted.subtract(old_headings - headings)
        self.counted.update(headings - old_headings)
        for key in old_headings - headings:
            if not self.counted[key]:
                del self.counted[key]
        _move(self.headings, self.structural, old_headings, headings, index, self._heading)
        _move(self.lines, self.template, old_lines, lines, index, self._line)


SeriesKept = tuple[list[Features], SeriesStructure, _SeriesPositions | None]
"""A series' meetings' features, its structure, and its positions when kept to change."""


def _move(
    seen: dict[str, list[int]],
    chosen: set[str],
    old: frozenset[str],
    new: frozenset[str],
    index: int,
    keep: Callable[[str, list[int]], bool],
) -> None:
    """Take position ``index`` off the keys only ``old`` has and add it to the keys only
    ``new`` has, then decide again whether each of those keys is ``chosen``."""
    for key in old - new:
        at = seen[key]
        at.remove(index)
        if not at:
            del seen[key]
            chosen.discard(key)
        elif keep(key, at):
            chosen.add(key)
        else:
            chosen.discard(key)
    for key in new - old:
        at = seen.setdefault(key, [])
        bisect.insort(at, index)
        if keep(key, at):
            chosen.add(key)
        else:
            chosen.discard(key)


def _steady(positions: list[int]) -> bool:
    """Present in nearly every meeting between its first and its last (a template's era)."""
    return len(positions) >= 0.8 * (positions[-1] - positions[0] + 1)


@dataclass(frozen=True)
class DiscoveredTopic:
    """A recurring subject found in the notes: its phrases and where discovery saw it."""

    id: str
    """An ASCII slug (``jupytercon``, ``code-of-conduct``)."""
    name: str
    """The phrase as the notes most often write it (``JupyterCon``, ``Code of conduct``)."""
    phrases: tuple[str, ...]
    """Lowercase phrases that put an item on the topic (spelling variants, plurals)."""
    repos: tuple[str, ...] = ()
    """``owner/name`` (lowercase) of repositories whose references make an item about it."""
    meetings: int = 0
    """Meetings with an item about it, as discovery counted them."""
    first: dt.date | None = None
    last: dt.date | None = None
    score: float = 0.0


@dataclass(frozen=True)
class Discovery:
    """What discovery found: ranked topics, the learned structure, and the item texts."""

    topics: tuple[DiscoveredTopic, ...] = ()
    structure: Structure = field(default_factory=Structure)
    texts: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict, repr=False)
    """(meeting id, item index) -> (title text, body text), as :meth:`Structure.item_text`."""
    item_repos: dict[tuple[str, int], frozenset[str]] = field(default_factory=dict, repr=False)
    """(meeting id, item index) -> repositories (``owner/name``, lowercase) cited in the item."""
    seconds: float = 0.0
    """Time discovery took (``make bench`` reports it)."""


class _Vocabulary:
    """Lowercase word -> key (singular stem), memoised; None for words that are no topic."""

    def __init__(self) -> None:
        self.keys: dict[str, str | None] = {}
        self.raw_keys: dict[str, str | None] = {}

    def raw_key(self, raw: str) -> str | None:
        """The key of a word as written (memoised separately: most words recur as is)."""
        try:
            return self.raw_keys[raw]
        except KeyError:
            found = self.raw_keys[raw] = self.key(raw.lower())
            return found

    def key(self, word: str) -> str | None:
        found = self.keys.get(word, "")
        if found != "":
            return found
        computed = self._compute(word)
        self.keys[word] = computed
        return computed

    @staticmethod
    def _compute(word: str) -> str | None:
        word = _POSSESSIVE.sub("", word)
        if word in _CONNECTORS:
            return _CONNECTOR_MARK + word
        if len(word) < 2 or word in _STOP_WORDS or _NUMERIC.match(word):
            return None
        if "'" in word or "’" in word:
            return None  # a contraction: "don't", "we'll"
        return _singular(word)


def _singular(word: str) -> str:
    """A crude singular, enough to make ``hackathons`` and ``hackathon`` one key."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "os")):
        return word[:-1]
    return word


def _phrase_key(phrase: str, vocabulary: _Vocabulary) -> Key:
    """The key of a phrase as written in a registry or an option (stop words kept)."""
    words = [w.lower() for w in _TOKEN.findall(plain_text(phrase))]
    return tuple(vocabulary.key(w) or w for w in words)


class _Counts:
    """Per-meeting sets of keys, aggregated into document frequencies."""

    def __init__(self) -> None:
        self.about: Counter[Key] = Counter()
        self.titled: Counter[Key] = Counter()
        self.anywhere: Counter[str] = Counter()
        self.per_meeting: list[tuple[Key, ...]] = []
        self.surfaces: dict[Key, Counter[str]] = {}
        self.raw: Counter[str] = Counter()
        self.body_raw: Counter[str] = Counter()
        self.named: Counter[str] = Counter()
        self.first: Counter[str] = Counter()
        """Titles starting with each word."""
        self.title_words: Counter[str] = Counter()
        """Titles holding each word."""

    def add(self, words: _MeetingWords, *, items: bool) -> None:
        """Add a meeting's words; a meeting with items (``items``) counts as a document."""
        self.raw.update(words.raw)
        self.body_raw.update(words.body_raw)
        if words.named:
            self.named.update(words.named)
        self.first.update(words.first)
        self.title_words.update(words.title_words)
        for gram, spellings in words.surfaces.items():
            self.surfaces.setdefault(gram, Counter()).update(spellings)
        if items:
            self.about.update(words.about)
            self.titled.update(words.titled)
            self.anywhere.update(words.anywhere)
            self.per_meeting.append(words.about)

    def merge(self, other: _Counts) -> None:
        """Add the counts of meetings that come after this one's: every count and the
        order keys were first seen in are what adding those meetings one by one gives
        (a ``Counter`` adds a mapping's new keys in its order)."""
        self.raw.update(other.raw)
        self.body_raw.update(other.body_raw)
        self.named.update(other.named)
        self.first.update(other.first)
        self.title_words.update(other.title_words)
        for gram, spellings in other.surfaces.items():
            self.surfaces.setdefault(gram, Counter()).update(spellings)
        self.about.update(other.about)
        self.titled.update(other.titled)
        self.anywhere.update(other.anywhere)
        self.per_meeting.extend(other.per_meeting)


def _grams(keys: list[str | None], allowed: set[str] | None = None) -> set[Key]:
    """Phrases of two and three words whose ends are words (a connector may sit inside)."""

    def word(k: str | None) -> bool:
        return k is not None and k[0] != _CONNECTOR_MARK and (allowed is None or k in allowed)

    found: set[Key] = set()
    for a, b in itertools.pairwise(keys):
        if word(a) and word(b):
            found.add((a, b))  # type: ignore[arg-type]
    for a, b, c in zip(keys, keys[1:], keys[2:], strict=False):
        if word(a) and word(c) and (word(b) or (b is not None and b[0] == _CONNECTOR_MARK)):
            found.add((a, b, c))  # type: ignore[arg-type]
    return found


def _gram_counts(keys: list[str | None], allowed: set[str]) -> Counter[Key]:
    """How often each phrase (of ``allowed`` words only) occurs in a body."""

    counts: Counter[Key] = Counter(
        (a, b)  # type: ignore[misc]
        for a, b in itertools.pairwise(keys)
        if a in allowed and b in allowed
    )
    # A phrase of three words said twice has its two word pairs said twice; one with a
    # connector ("code of conduct") is found from the connectors, which are few.
    pairs = {pair for pair, n in counts.items() if n >= BODY_REPEATS}
    if pairs:
        counts.update(
            (a, b, c)  # type: ignore[misc]
            for a, b, c in zip(keys, keys[1:], keys[2:], strict=False)
            if (a, b) in pairs and (b, c) in pairs
        )
    last = len(keys) - 1
    for connector in _CONNECTOR_KEYS.intersection(keys):
        position = keys.index(connector)
        while True:
            if 0 < position < last:
                a, c = keys[position - 1], keys[position + 1]
                if a in allowed and c in allowed:
                    counts[a, connector, c] += 1  # type: ignore[index]
            try:
                position = keys.index(connector, position + 1)
            except ValueError:
                break
    return counts


def discover_topics(
    meetings: Sequence[Meeting],
    *,
    names: Iterable[str] = (),
    exclude: Iterable[str] = (),
    limit: int | None = None,
    memo: DiscoveryMemo | None = None,
) -> Discovery:
    """Find the archive's recurring subjects; see the module docstring for how.

    ``names`` are the people's names and handles (never topics); ``exclude`` are phrases
    that must not be topics (the ``topics_exclude`` option); ``limit`` caps the number of
    topics (default: grows with the square root of the meetings, 10 to 60). ``memo`` keeps
    what each meeting contributes between builds of one process (``mkdocs serve``), so an
    edit reads only the meetings it changed; the result is the same without it.
    """
    start = time.perf_counter()
    memo = memo if memo is not None else DiscoveryMemo()
    with _collector_paused():
        discovery = _discover(meetings, names, exclude, limit, memo)
    memo.forget_unused()
    return dataclasses.replace(discovery, seconds=time.perf_counter() - start)


@dataclass
class _MeetingWords:
    """What one meeting adds to discovery's counts: computed once per meeting content and
    structure of its series, then added up in meeting order (so counts, and their order,
    are those of a single pass). Words are kept as lists and sets, which a ``Counter``
    adds up in C."""

    texts: list[tuple[str, str]] = field(default_factory=list)
    repos: dict[int, frozenset[str]] = field(default_factory=dict)
    about: tuple[Key, ...] = ()
    """What the meeting's items are about; like ``titled`` and ``anywhere``, gathered in
    a set and kept as a tuple in the set's order: a set's table takes two to four times
    the tuple's room, some 10 MB at 1,000 meetings, and the words are only added up."""
    titled: tuple[Key, ...] = ()
    anywhere: tuple[str, ...] = ()
    raw: list[str] = field(default_factory=list)
    """Title words as written, every occurrence."""
    body_raw: list[str] = field(default_factory=list)
    """Body words as written, once per item."""
    first: list[str] = field(default_factory=list)
    title_words: list[str] = field(default_factory=list)
    named: Counter[str] = field(default_factory=Counter)
    surfaces: dict[Key, Counter[str]] = field(default_factory=dict)


class DiscoveryMemo:
    """Per-meeting results of discovery, kept between the builds of one process.

    Entries are keyed by the identity of a meeting or of its parsed parts (the meetings,
    items and references of an unchanged note are the same objects from build to build)
    and hold them, so an identity is never mistaken for another's; what a build did not
    use is forgotten after it.
    """

    def __init__(self) -> None:
        self.vocabulary = _Vocabulary()
        self.heading_keys: dict[str, str] = {}
        self._features: dict[int, tuple[Meeting, Features]] = {}
        self._words: dict[tuple[int, int, object], tuple[object, object, _MeetingWords]] = {}
        self._used_features: set[int] = set()
        self._used_words: set[tuple[int, int, object]] = set()
        self.keep_sums = False
        """Keep the counts of runs of meetings for the next build (``mkdocs serve``)."""
        self._sums: dict[int, tuple[tuple[tuple[_MeetingWords, bool], ...], _Counts]] = {}
        self._series: dict[str | None, SeriesKept] = {}
        self._series_next: dict[str | None, SeriesKept] = {}
        self._names: tuple[tuple[str, ...], frozenset[str]] | None = None

    def features(self, meeting: Meeting) -> Features:
        """A meeting's heading keys and template-line candidates (see learn_structure).

        Kept by the meeting's identity: its headings come from its whole text, and the
        items of every meeting without any are one object, the empty tuple."""
        key = id(meeting)
        self._used_features.add(key)
        known = self._features.get(key)
        if known is not None and known[0] is meeting:
            return known[1]
        found = _meeting_features(meeting, self.heading_keys)
        self._features[key] = (meeting, found)
        return found

    def name_keys(self, names: Iterable[str]) -> frozenset[str]:
        """:func:`_name_keys` of the names, the last build's while the names are the same
        (hundreds of names split into words at every rebuild otherwise)."""
        names = tuple(names)
        if self._names is None or self._names[0] != names:
            self._names = (names, _name_keys(names, self.vocabulary))
        return self._names[1]

    def series_structure(self, series: str | None, features: list[Features]) -> SeriesStructure:
        """A series' structure (:class:`_SeriesPositions`), the last build's while its
        meetings' features are the same objects in the same order: an edit learns its
        own series' template again, not every series'. Under ``mkdocs serve``
        (:attr:`keep_sums`) a series whose meetings are the same but for a few changes
        the kept positions of those only (:data:`MAX_REPLACED`)."""
        kept = self._series.get(series)
        if kept is not None and len(kept[0]) == len(features):
            changed = [
                i for i, (a, b) in enumerate(zip(kept[0], features, strict=True)) if a is not b
            ]
            if not changed:
                self._series_next[series] = kept
                return kept[1]
            positions = kept[2]
            if positions is not None and len(changed) <= MAX_REPLACED:
                for index in changed:
                    positions.replace(index, features[index])
                kept = (features, positions.structure(), positions)
                self._series_next[series] = kept
                return kept[1]
        positions = _SeriesPositions(features)
        kept = (features, positions.structure(), positions if self.keep_sums else None)
        self._series_next[series] = kept
        return kept[1]

    def counts(self, added: Sequence[tuple[_MeetingWords, bool]]) -> _Counts:
        """The meetings' words added up in order (with whether each has items).

        Under ``mkdocs serve`` (:attr:`keep_sums`) the sums of each run of
        :data:`COUNT_BLOCK` meetings are kept: after a one-note edit, one run is added up
        again and the others are merged as they were, the same counts in the same order
        as adding every meeting (a tenth of a second at 1,000 meetings).
        """
        total = _Counts()
        if not self.keep_sums:
            for words, items in added:
                total.add(words, items=items)
            return total
        blocks: dict[int, tuple[tuple[tuple[_MeetingWords, bool], ...], _Counts]] = {}
        for start in range(0, len(added), COUNT_BLOCK):
            run = tuple(added[start : start + COUNT_BLOCK])
            kept = self._sums.get(start)
            if kept is None or not _same_run(kept[0], run):
                block = _Counts()
                for words, items in run:
                    block.add(words, items=items)
                kept = (run, block)
            blocks[start] = kept
            total.merge(kept[1])
        self._sums = blocks
        return total

    def words(self, meeting: Meeting, structure: Structure) -> _MeetingWords:
        """A meeting's contribution to the counts, under its series' structure."""
        shape = structure.of_series(meeting.series)
        key = (id(meeting.items), id(meeting.refs), shape)
        self._used_words.add(key)
        known = self._words.get(key)
        if known is not None and known[0] is meeting.items and known[1] is meeting.refs:
            return known[2]
        found = _meeting_words(meeting, structure, self.vocabulary)
        self._words[key] = (meeting.items, meeting.refs, found)
        return found

    def forget_unused(self) -> None:
        """Drop what the last build did not use (edited or deleted meetings)."""
        self._features = {k: v for k, v in self._features.items() if k in self._used_features}
        self._words = {k: v for k, v in self._words.items() if k in self._used_words}
        self._used_features = set()
        self._used_words = set()
        self._series, self._series_next = self._series_next, {}

    def __getstate__(self) -> dict[str, object]:
        """Kept on disk between processes (``plugin/session.py``): the entries by value,
        since the identities in their keys are this process's."""
        return {
            "vocabulary": self.vocabulary,
            "heading_keys": self.heading_keys,
            "features": list(self._features.values()),
            "words": [(key[2], entry) for key, entry in self._words.items()],
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Keyed again on the identities of the unpickled meetings, items and references
        (the same objects the unpickled notes and meeting memo hold, pickled with them)."""
        self.vocabulary = state["vocabulary"]
        self.heading_keys = state["heading_keys"]
        self._features = {id(entry[0]): entry for entry in state["features"]}
        self._words = {
            (id(entry[0]), id(entry[1]), shape): entry for shape, entry in state["words"]
        }
        self._used_features = set()
        self._used_words = set()
        self.keep_sums = False
        self._sums = {}
        self._series = {}
        self._series_next = {}
        self._names = None


def _same_run(
    kept: tuple[tuple[_MeetingWords, bool], ...], run: tuple[tuple[_MeetingWords, bool], ...]
) -> bool:
    """The same meetings' words (the very objects the memo keeps), each with items or not."""
    return len(kept) == len(run) and all(
        a is b and had == has for (a, had), (b, has) in zip(kept, run, strict=True)
    )


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while discovery runs.

    Discovery allocates hundreds of thousands of small sets and tuples, none in a cycle;
    each batch of allocations would otherwise start a collection that scans the build's
    whole heap (every parsed note and page) for nothing: a tenth to a quarter of the
    time, measured on 1,000 notes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _discover(
    meetings: Sequence[Meeting],
    names: Iterable[str],
    exclude: Iterable[str],
    limit: int | None,
    memo: DiscoveryMemo,
) -> Discovery:
    """:func:`discover_topics` itself: each meeting's words, added up in order, ranked."""
    structure = learn_structure(meetings, memo)
    texts: dict[tuple[str, int], tuple[str, str]] = {}
    item_repos: dict[tuple[str, int], frozenset[str]] = {}
    dated: list[Meeting] = []
    added: list[tuple[_MeetingWords, bool]] = []
    for meeting in meetings:
        words = memo.words(meeting, structure)
        for index, text in enumerate(words.texts):
            texts[meeting.id, index] = text
        for index, repos in words.repos.items():
            item_repos[meeting.id, index] = repos
        added.append((words, bool(meeting.items)))
        if meeting.items:
            dated.append(meeting)
    counts = memo.counts(added)
    topics = _rank(dated, counts, memo.vocabulary, structure, memo.name_keys(names), exclude, limit)
    return Discovery(topics=topics, structure=structure, texts=texts, item_repos=item_repos)


def _meeting_words(
    meeting: Meeting, structure: Structure, vocabulary: _Vocabulary
) -> _MeetingWords:
    """One meeting's item texts, cited repositories and counts (see :class:`_Counts`)."""
    words = _MeetingWords()
    about: set[Key] = set()
    titled: set[Key] = set()
    anywhere: set[str] = set()
    for index, item in enumerate(meeting.items):
        title, body = structure.item_text(meeting.series, item)
        words.texts.append((title, body))
        end = max(item.end_line, item.line)
        repos = frozenset(r.repo.lower() for r in meeting.refs if item.line <= r.line <= end)
        if repos:
            words.repos[index] = repos
            for repo in repos:
                about.add(("/repo", repo))
        _title_words(words, vocabulary, title, about, titled, anywhere)
        if body:
            _body_words(words, vocabulary, body, about, anywhere)
    words.about, words.titled, words.anywhere = tuple(about), tuple(titled), tuple(anywhere)
    return words


def _title_words(
    found: _MeetingWords,
    vocabulary: _Vocabulary,
    title: str,
    about: set[Key],
    titled: set[Key],
    anywhere: set[str],
) -> None:
    """Count an item's title: its words and phrases are what the item is about."""
    title_raw = _TOKEN.findall(title)
    _note_names(found.named, title_raw, set(title_raw))
    title_keys = [vocabulary.raw_key(w) for w in title_raw]
    found.raw.extend(map(sys.intern, title_raw))
    if title_keys and title_keys[0] is not None:
        found.first.append(title_keys[0])
    words = {k for k in title_keys if k is not None and k[0] != _CONNECTOR_MARK}
    found.title_words.extend(words)
    grams = _grams(title_keys)
    about.update((k,) for k in words)
    about |= grams
    # A title names its subject first: in a long title (a whole paragraph, as some
    # teams write items) only its first words are what the item is about.
    if len(title_keys) <= _SHORT_TITLE:
        titled.update((k,) for k in words)
        titled |= grams
    else:
        head = title_keys[:_TITLE_HEAD]
        titled.update((k,) for k in head if k is not None and k[0] != _CONNECTOR_MARK)
        titled |= _grams(head)
    for gram in grams:
        _note_surface(found.surfaces, gram, title_keys, title_raw)
    anywhere.update(words)


def _body_words(
    found: _MeetingWords, vocabulary: _Vocabulary, body: str, about: set[Key], anywhere: set[str]
) -> None:
    """Count an item's body: a word or phrase said at least twice is what it is about.

    Word by word work stays in C (map, Counter, sets): bodies are most of the text.
    """
    body_raw = _TOKEN.findall(body)
    spelled = set(body_raw)
    found.body_raw.extend(map(sys.intern, spelled))  # shared: each meeting keeps them
    _note_names(found.named, body_raw, spelled)
    for raw in spelled.difference(vocabulary.raw_keys):
        vocabulary.raw_key(raw)
    body_keys = list(map(vocabulary.raw_keys.__getitem__, body_raw))
    body_counts = Counter(body_keys)
    anywhere.update(body_counts)
    repeated = {
        k
        for k, n in body_counts.items()
        if n >= BODY_REPEATS and k is not None and k[0] != _CONNECTOR_MARK
    }
    about.update((k,) for k in repeated)
    if len(repeated) > 1:
        about.update(g for g, n in _gram_counts(body_keys, repeated).items() if n >= BODY_REPEATS)


def _note_names(named: Counter[str], raw: list[str], spelled: set[str]) -> None:
    """Count capitalised words followed by a reporting verb ("Naomi suggested").

    Only the verbs present are looked for, with ``list.index`` (a scan in C): most words of
    a body are not next to one.
    """
    for verb in _REPORTING_VERBS.intersection(spelled):
        position = raw.index(verb)
        while True:
            if position and raw[position - 1][:1].isupper():
                named[raw[position - 1]] += 1
            try:
                position = raw.index(verb, position + 1)
            except ValueError:
                break


def _note_surface(
    surfaces: dict[Key, Counter[str]], gram: Key, keys: list[str | None], raw: list[str]
) -> None:
    """Remember how a title writes a phrase (``Jupyter Foundation``), for its name."""
    size = len(gram)
    for position in range(len(keys) - size + 1):
        if tuple(keys[position : position + size]) == gram:
            surface = " ".join(raw[position : position + size])
            surfaces.setdefault(gram, Counter())[surface] += 1
            return


@dataclass
class _Candidate:
    key: Key
    meetings: set[int]
    titled: int
    anywhere: int
    phrases: list[str]
    repos: list[str]
    name: str
    proper: float = 0.0
    score: float = 0.0
    merged: list[Key] = field(default_factory=list)
    """Keys of near-duplicates merged into this one (their spellings match too)."""


def _rank(
    meetings: Sequence[Meeting],
    counts: _Counts,
    vocabulary: _Vocabulary,
    structure: Structure,
    name_keys: frozenset[str],
    exclude: Iterable[str],
    limit: int | None,
) -> tuple[DiscoveredTopic, ...]:
    """Filter, merge and rank the counted phrases; the best ``limit`` become topics.
    ``name_keys`` are the keys of the words of people's names (:func:`_name_keys`)."""
    total = len(meetings)
    if total < MIN_MEETINGS:
        return ()
    counts.anywhere.pop(None, None)  # type: ignore[call-overload]
    forms = _forms(counts, vocabulary)
    name_words = _name_words(name_keys, counts, forms, vocabulary)
    blocked = {_phrase_key(p, vocabulary) for p in exclude}
    blocked |= {_phrase_key(k, vocabulary) for k in structure.all_keys()}
    for meeting in meetings:
        if meeting.series:
            blocked.add(_phrase_key(_SERIES_SEPARATORS.sub(" ", meeting.series), vocabulary))
    max_meetings = MAX_SHARE * total
    # Words in most meetings are the archive's own subject ("EC", "Jupyter"): a phrase of
    # such words and everyday ones ("EC meeting") says nothing more.
    common = {k for k, n in counts.anywhere.items() if n > max_meetings} | _EVERYDAY
    candidates = _candidates(counts, vocabulary, blocked, name_words, common, max_meetings)
    if not candidates:
        return ()
    _assign_meetings(candidates, counts)
    _merge_variants(candidates)
    _merge_acronyms(candidates, forms)
    _fold_nested(candidates, common, forms)
    span_days = max(1, (meetings[-1].date - meetings[0].date).days)
    months = [(m.date.year, m.date.month) for m in meetings]
    days = [m.date.toordinal() for m in meetings]
    for candidate in list(candidates.values()):
        if len(candidate.meetings) < MIN_MEETINGS:
            del candidates[candidate.key]
            continue
        _describe(candidate, forms, counts)
        if len(candidate.meetings) > max_meetings or _verb_like(candidate, counts):
            del candidates[candidate.key]
            continue
        candidate.score = _score(candidate, months, days, total, span_days)
    ranked = sorted(candidates.values(), key=lambda c: (-c.score, c.name.lower()))
    if limit is None:
        limit = max(10, min(60, round(3 * math.sqrt(total))))
    return _topics([c for c in ranked if c.score > 0][:limit], meetings)


def _forms(counts: _Counts, vocabulary: _Vocabulary) -> dict[str, Counter[str]]:
    """Each vocabulary key's spellings as written, with how often each was written."""
    forms: dict[str, Counter[str]] = {}
    for source in (counts.raw, counts.body_raw):
        for raw, n in source.items():
            key = vocabulary.key(raw.lower())
            if key is not None and key[0] != _CONNECTOR_MARK:
                forms.setdefault(key, Counter())[raw] += n
    return forms


def _name_keys(names: Iterable[str], vocabulary: _Vocabulary) -> frozenset[str]:
    """The keys of the words of people's names and handles."""
    return frozenset(
        vocabulary.key(w.lower()) or w.lower()
        for name in names
        for w in _TOKEN.findall(name.replace("@", " "))
    )


def _name_words(
    name_keys: frozenset[str],
    counts: _Counts,
    forms: dict[str, Counter[str]],
    vocabulary: _Vocabulary,
) -> frozenset[str]:
    """Words of people's names, and words that behave like names ("Naomi suggested")."""
    named_like = {
        vocabulary.key(raw.lower())
        for raw, n in counts.named.items()
        if n >= 2
        and raw[:1].isupper()
        and raw[1:].islower()
        and n >= 0.2 * sum(forms.get(vocabulary.key(raw.lower()) or "", Counter()).values())
    }
    return name_keys | {k for k in named_like if k}


def _candidates(
    counts: _Counts,
    vocabulary: _Vocabulary,
    blocked: set[Key],
    name_words: frozenset[str],
    common: set[str],
    max_meetings: float,
) -> dict[Key, _Candidate]:
    """The phrases items were about in enough meetings, and the repositories they cite
    (a repository is a topic under the phrase its name says)."""
    candidates: dict[Key, _Candidate] = {}
    repositories: list[tuple[str, int]] = []
    for key, n in counts.about.items():
        if n < MIN_MEETINGS or key in blocked:
            continue
        if key[0] == "/repo":
            repositories.append((key[1], n))
            continue
        if not _acceptable(key, n, counts, name_words, common, max_meetings):
            continue
        anywhere = counts.anywhere[key[0]] if len(key) == 1 else n
        if anywhere > max_meetings:
            continue
        candidates[key] = _Candidate(
            key=key,
            meetings=set(),
            titled=counts.titled[key],
            anywhere=anywhere,
            phrases=[],
            repos=[],
            name="",
        )
    for repo, n in repositories:
        repo_name = repo.partition("/")[2]
        text_key = _repo_key(repo_name, vocabulary, common)
        if text_key in blocked or n > max_meetings:
            continue
        existing = candidates.get(text_key)
        if existing is not None:
            existing.repos.append(repo)
            continue
        candidates[text_key] = _Candidate(
            key=text_key,
            meetings=set(),
            titled=0,
            anywhere=n,
            phrases=[repo_name],
            repos=[repo],
            name=repo_name,
        )
    return candidates


def _assign_meetings(candidates: dict[Key, _Candidate], counts: _Counts) -> None:
    """Which meetings each candidate is about (repository citations count for their name)."""
    repo_of: dict[Key, Key] = {("/repo", r): c.key for c in candidates.values() for r in c.repos}
    for position, about in enumerate(counts.per_meeting):
        for key in about:
            target = candidates.get(key) if key[0] != "/repo" else None
            if target is None and key in repo_of:
                target = candidates[repo_of[key]]
            if target is not None:
                target.meetings.add(position)


def _topics(ranked: list[_Candidate], meetings: Sequence[Meeting]) -> tuple[DiscoveredTopic, ...]:
    """The ranked candidates as topics, each with a unique id."""
    topics: list[DiscoveredTopic] = []
    taken: set[str] = set()
    for candidate in ranked:
        base = ascii_slug(candidate.name, fallback="") or ascii_slug(
            " ".join(candidate.key), fallback="topic"
        )
        topic_id, count = base, 1
        while topic_id in taken:
            count += 1
            topic_id = f"{base}-{count}"
        taken.add(topic_id)
        dates = sorted(meetings[i].date for i in candidate.meetings)
        topics.append(
            DiscoveredTopic(
                id=topic_id,
                name=candidate.name,
                phrases=tuple(dict.fromkeys(candidate.phrases)),
                repos=tuple(sorted(set(candidate.repos))),
                meetings=len(candidate.meetings),
                first=dates[0],
                last=dates[-1],
                score=round(candidate.score, 3),
            )
        )
    return tuple(topics)


def _verb_like(candidate: _Candidate, counts: _Counts) -> bool:
    """``Reviewed``, ``Removing the stale mockup``: a verb that starts titles, not a subject."""
    if len(candidate.key) != 1 or candidate.repos:
        return False
    word = candidate.key[0]
    if word.endswith("ed"):
        return candidate.proper < 0.85
    if word.endswith("ing"):
        return counts.first[word] >= 0.5 * max(1, counts.title_words[word])
    return False


def _repo_key(name: str, vocabulary: _Vocabulary, common: set[str]) -> Key:
    """The phrase a repository's name says (``ec-team-compass``: ``team compass``).

    Words every meeting uses (the organisation's own name) are dropped from its ends, so
    the repository and the phrase the notes write are one topic.
    """
    words = [w.lower() for w in _TOKEN.findall(re.sub(r"[-_.]+", " ", name))]
    keys = [vocabulary.key(w) for w in words]
    if any(k is None or k.startswith(_CONNECTOR_MARK) for k in keys):
        return (name.lower(),)
    while len(keys) > 1 and keys[0] in common:
        keys.pop(0)
    while len(keys) > 1 and keys[-1] in common:
        keys.pop()
    return tuple(keys) if keys else (name.lower(),)  # type: ignore[arg-type]


def _acceptable(
    key: Key,
    meetings: int,
    counts: _Counts,
    name_words: frozenset[str],
    common: set[str],
    max_meetings: float,
) -> bool:
    """Whether a counted phrase may be a topic at all (before ranking)."""
    if meetings > max_meetings:
        return False
    if len(key) == 1:
        word = key[0]
        return word not in _EVERYDAY and word not in name_words and len(word) > 1
    if key[0] in name_words or key[-1] in name_words:
        return False
    content = [k for k in key if not k.startswith(_CONNECTOR_MARK)]
    if "".join(k[0] for k in content) in common:
        return False  # "Executive Council" when "EC" is in most meetings: the archive itself
    if not all(k in common for k in content):
        return True
    if not all(k in _EVERYDAY for k in content):
        return False  # the archive's own subject and everyday words: "EC meeting"
    # Everyday words only ("community proposals"): a topic only when titles keep saying it.
    titled = counts.titled[key]
    return titled > MIN_MEETINGS and titled >= 0.6 * meetings


def _merge_variants(candidates: dict[Key, _Candidate]) -> None:
    """One topic for ``JupyterLab`` and ``Jupyter Lab`` (the same letters without spaces)."""
    by_letters: dict[str, list[_Candidate]] = {}
    for candidate in candidates.values():
        letters = "".join(k.lstrip(_CONNECTOR_MARK) for k in candidate.key)
        letters = re.sub(r"[^\w]", "", letters)
        by_letters.setdefault(letters, []).append(candidate)
    for group in by_letters.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda c: (-len(c.meetings), len(c.key)))
        keep = group[0]
        for other in group[1:]:
            _fold(keep, other)
            del candidates[other.key]


def _merge_acronyms(candidates: dict[Key, _Candidate], forms: dict[str, Counter[str]]) -> None:
    """One topic for ``LF`` and ``Linux Foundation``, ``CoC`` and ``Code of conduct``.

    An acronym joins the phrase whose initials it spells, when both are candidates and
    some meeting is about both (where the notes spell it out once, then abbreviate), or
    when it is the only candidate phrase with those initials.
    """
    by_initials: dict[str, list[_Candidate]] = {}
    for candidate in candidates.values():
        if len(candidate.key) < 2:
            continue
        words = [k for k in candidate.key if not k.startswith(_CONNECTOR_MARK)]
        by_initials.setdefault("".join(w[0] for w in words), []).append(candidate)
        with_connectors = "".join(k.lstrip(_CONNECTOR_MARK)[0] for k in candidate.key)
        if with_connectors != "".join(w[0] for w in words):
            by_initials.setdefault(with_connectors, []).append(candidate)
    for candidate in list(candidates.values()):
        if len(candidate.key) != 1 or not 2 <= len(candidate.key[0]) <= 6:
            continue
        seen = forms.get(candidate.key[0])
        if not seen or not _looks_acronym(seen.most_common(1)[0][0]):
            continue
        spelled = by_initials.get(candidate.key[0], [])
        options = [o for o in spelled if o.meetings & candidate.meetings]
        if not options and len(spelled) == 1:
            options = spelled  # the one phrase it can stand for
        if not options:
            continue
        target = max(options, key=lambda o: (len(o.meetings & candidate.meetings), o.key))
        _fold(target, candidate)
        del candidates[candidate.key]


def _looks_acronym(word: str) -> bool:
    """``LF``, ``SSC``, ``CoC``: two capitals or more, no more lowercase than capitals."""
    upper = sum(c.isupper() for c in word)
    return upper >= 2 and upper >= sum(c.islower() for c in word)


def _fold(into: _Candidate, other: _Candidate) -> None:
    """Make ``other`` part of ``into``: its meetings, repositories and spellings."""
    into.meetings |= other.meetings
    into.titled = max(into.titled, other.titled)
    into.repos += other.repos
    into.phrases += other.phrases
    into.merged += [other.key, *other.merged]


def _fold_nested(
    candidates: dict[Key, _Candidate], common: set[str], forms: dict[str, Counter[str]]
) -> None:
    """One topic per subject when phrases nest; the other phrase is dropped, never folded in
    (its words would then match far more than the topic).

    ``EC election`` gives way to ``election`` and ``SSC meeting`` to ``SSC`` (the
    archive's own acronym, an everyday word after a topic, add nothing); ``Foundation``
    gives way to ``Jupyter Foundation`` when nearly always said inside it, and ``API`` to ``Python API`` when mostly; ``JupyterCon
    program``, a small part of ``JupyterCon``, gives way to it (so does a part that titles
    name far less often than the whole); otherwise both stay.
    """
    index = {k: c for c in candidates.values() for k in (c.key, *c.merged)}

    def strippable(word: str) -> bool:
        if word.startswith(_CONNECTOR_MARK):
            return True
        seen = forms.get(word)
        return (
            word in common
            and len(word) <= 4
            and bool(seen)
            and _looks_acronym(seen.most_common(1)[0][0])
        )

    def drop(candidate: _Candidate) -> None:
        candidates.pop(candidate.key, None)

    def alive(candidate: _Candidate | None) -> bool:
        return candidate is not None and candidate.key in candidates

    for candidate in sorted(candidates.values(), key=lambda c: (-len(c.key), -len(c.meetings))):
        if len(candidate.key) < 2:
            continue
        core = list(candidate.key)
        while len(core) > 1 and strippable(core[0]):
            core.pop(0)
        cores = [tuple(core)]
        while len(core) > 1 and (strippable(core[-1]) or core[-1] in _EVERYDAY):
            core.pop()  # "release process check", "SSC meeting"
            cores.append(tuple(core))
        for key in cores:
            target = index.get(key)
            if alive(target) and target is not candidate:
                # The richer of the two stays ("Software Steering Council", also "SSC").
                drop(candidate if len(target.meetings) >= len(candidate.meetings) else target)
                break
    for candidate in sorted(candidates.values(), key=lambda c: (-len(c.key), -len(c.meetings))):
        size = len(candidate.key)
        parts = [
            shorter
            for length in range(size - 1, 0, -1)
            for offset in range(size - length + 1)
            if (shorter := index.get(candidate.key[offset : offset + length])) is not None
            and shorter is not candidate
        ]
        # First the words this phrase accounts for, then whether it is part of another.
        for shorter in sorted(parts, key=lambda c: -len(candidate.meetings) / len(c.meetings)):
            if not alive(candidate):
                break
            if not alive(shorter):
                continue
            ratio = len(candidate.meetings) / len(shorter.meetings)
            brief = len(shorter.key) == 1 and (
                len(shorter.key[0]) <= 3 or strippable(shorter.key[0])
            )
            inside = len(candidate.meetings - shorter.meetings) <= 0.2 * len(candidate.meetings)
            if ratio >= 0.7 or (brief and ratio >= 0.5):
                drop(shorter)
            elif inside and (ratio < 0.35 or shorter.titled >= 2 * candidate.titled):
                drop(candidate)


def _describe(candidate: _Candidate, forms: dict[str, Counter[str]], counts: _Counts) -> None:
    """The candidate's name (as the notes write it) and the phrases that match it."""
    words = [k for k in candidate.key]
    per_word: list[list[str]] = []
    proper = 0
    total = 0
    for word in words:
        if word.startswith(_CONNECTOR_MARK):
            per_word.append([word[1:]])
            continue
        seen = forms.get(word, Counter())
        lowered: Counter[str] = Counter()
        for raw, n in seen.items():
            lowered[_POSSESSIVE.sub("", raw.lower())] += n
            total += n
            if _looks_proper(raw):
                proper += n
        per_word.append([w for w, _ in lowered.most_common(3)] or [word])
    candidate.proper = proper / total if total else 0.0
    variants = [" ".join(parts) for parts in _combinations(per_word, 4)]
    for key in candidate.merged:
        variants += _spellings(key, forms)
    candidate.phrases = [*variants, *candidate.phrases]
    if candidate.repos and not total:
        candidate.name = candidate.repos[0].partition("/")[2]
        return
    surfaces = counts.surfaces.get(candidate.key)
    if surfaces:
        name = surfaces.most_common(1)[0][0]
    else:
        parts = []
        for word in words:
            if word.startswith(_CONNECTOR_MARK):
                parts.append(word[1:])
                continue
            seen = forms.get(word, Counter())
            # The singular names the topic when the notes use it (``Hackathon``).
            singular = Counter({raw: n for raw, n in seen.items() if raw.lower() == word})
            if sum(singular.values()) * 3 >= sum(seen.values()):
                seen = singular
            parts.append(_best_form(seen) or word)
        name = " ".join(parts)
    name = _POSSESSIVE.sub("", name)
    if len(words) > 1 and not _looks_proper(name.split()[-1]):
        name = (
            name[:1] + name[1:].lower() if not any(_looks_proper(w) for w in name.split()) else name
        )
    candidate.name = name[:1].upper() + name[1:]


def _best_form(seen: Counter[str]) -> str:
    """How to write a word: its most frequent spelling, unless a cased one (``BinderHub``,
    ``OVH``) is common enough to be the name's."""
    if not seen:
        return ""
    total = sum(seen.values())
    cased = [(n, raw) for raw, n in seen.items() if any(c.isupper() for c in raw[1:])]
    if cased:
        n, raw = max(cased)
        if n >= 0.25 * total:
            return raw
    return seen.most_common(1)[0][0]


def _spellings(key: Key, forms: dict[str, Counter[str]]) -> list[str]:
    """How the notes write a key's words (lowercase), most frequent first, at most four."""
    per_word: list[list[str]] = []
    for word in key:
        if word.startswith(_CONNECTOR_MARK):
            per_word.append([word[1:]])
            continue
        lowered: Counter[str] = Counter()
        for raw, n in forms.get(word, Counter()).items():
            lowered[_POSSESSIVE.sub("", raw.lower())] += n
        per_word.append([w for w, _ in lowered.most_common(3)] or [word])
    return [" ".join(parts) for parts in _combinations(per_word, 4)]


def _combinations(per_word: list[list[str]], limit: int) -> list[list[str]]:
    """Up to ``limit`` spellings of a phrase, most frequent word forms first."""
    found: list[list[str]] = [[]]
    for options in per_word:
        found = [[*prefix, option] for prefix in found for option in options][:limit]
    return found


def _looks_proper(word: str) -> bool:
    """``JupyterCon``, ``OVH``, ``2i2c``, ``Discourse``: written like a name, not a word."""
    if not word or not word[0].isalnum():
        return False
    inner = word[1:]
    return (
        word[0].isupper()
        or any(c.isupper() for c in inner)
        or (any(c.isdigit() for c in word) and any(c.isalpha() for c in word))
    )


def _score(
    candidate: _Candidate,
    months: Sequence[tuple[int, int]],
    days: Sequence[int],
    total: int,
    span: int,
) -> float:
    """Recurrence x distinctiveness x spread over time. ``months`` and ``days`` are each
    meeting's (year, month) and day number, made once for every candidate's meetings."""
    about = len(candidate.meetings)
    seen = {months[i] for i in candidate.meetings}
    on = [days[i] for i in candidate.meetings]
    lasting = max(on) - min(on)
    spread = min(1.0, len(seen) / 3) * min(1.0, 0.25 + lasting / max(28, 0.1 * span))
    rarity = math.log((total + 1) / (max(candidate.anywhere, about) + 1)) + 0.1
    form = 1.0
    if len(candidate.key) > 1:
        form *= 1.4
    if candidate.repos:
        form *= 1.3
    if candidate.proper >= 0.85:
        form *= 1.6
    elif candidate.proper < 0.5 and len(candidate.key) == 1:
        form *= 0.7
    titled = min(1.0, candidate.titled / about)
    return about * rarity * spread * form * (0.4 + 0.6 * titled)


class AboutMatcher:
    """Puts agenda items on discovered topics' timelines: only items *about* the topic.

    An item is about a topic when one of its phrases is in the item's title, or at least
    :data:`BODY_REPEATS` times in its body, or when the item cites an issue of one of the
    topic's repositories. Link texts count, link targets and URLs do not. The text read is
    :meth:`Structure.item_text` (template lines out, container headings opened).

    Every item is read against every topic, so the work per item is kept small: the item's
    words are split once, only topics whose phrases start with one of them are tried, and a
    phrase is matched only where its first word occurs (found with ``str.find``).
    """

    def __init__(self, topics: Sequence[DiscoveredTopic]) -> None:
        self._topics: list[_AboutTopic] = []
        self._by_piece: dict[str, list[int]] = {}
        self._by_repo: dict[str, list[int]] = {}
        for index, topic in enumerate(topics):
            phrases = [p for p in topic.phrases if p.strip()]
            pattern = re.compile("|".join(phrase_pattern(p) for p in phrases), re.IGNORECASE)
            starts = tuple(sorted({w[0].lower() for p in phrases if (w := _phrase_words(p))}))
            self._topics.append(
                _AboutTopic(topic.id, pattern, starts, all(p.isascii() for p in phrases))
            )
            for start in starts:
                piece = next(iter(_PIECE.findall(start)), start)
                self._by_piece.setdefault(piece, []).append(index)
            for repo in topic.repos:
                self._by_repo.setdefault(repo, []).append(index)
        self._pieces = frozenset(self._by_piece)

    def match(
        self, title: str, body: str, repos: frozenset[str] = frozenset()
    ) -> list[tuple[str, tuple[str, ...]]]:
        """(topic id, phrases found) of each topic the item is about, in topic order."""
        text = f"{title}\n{body}"
        lowered = body.lower()
        # Where the regex engine folds a non-ASCII letter onto an ASCII one ("K" for "k"),
        # lowercase words say nothing about what the case-insensitive pattern may match.
        folds = bool(_FOLDS_TO_ASCII.search(text))
        if folds:
            tried = set(range(len(self._topics)))
        else:
            tried = set()
            for piece in self._pieces.intersection(_PIECE.findall(text.lower())):
                tried.update(self._by_piece[piece])
        for repo in repos:
            tried.update(self._by_repo.get(repo, ()))
        aligned = not folds and len(lowered) == len(body)
        found: list[tuple[str, tuple[str, ...]]] = []
        for index in sorted(tried):
            topic = self._topics[index]
            phrases = [_spelling(m.group(0)) for m in topic.pattern.finditer(title)]
            about = bool(phrases)
            hits = _hits(topic, body, lowered if aligned and topic.ascii else None)
            if len(hits) >= BODY_REPEATS:
                about = True
                phrases += hits
            cited = sorted(repo for repo in repos if index in self._by_repo.get(repo, ()))
            if cited:
                about = True
                phrases += cited
            if about:
                found.append((topic.id, tuple(dict.fromkeys(phrases))))
        return found


class _AboutTopic(NamedTuple):
    id: str
    pattern: re.Pattern[str]
    starts: tuple[str, ...]
    """Lowercase first words of its phrases."""
    ascii: bool


def _hits(topic: _AboutTopic, body: str, lowered: str | None) -> list[str]:
    """Spellings of the topic's first :data:`BODY_REPEATS` matches in a body.

    With ``lowered`` (the body in lowercase, character for character) the pattern is tried
    only where a phrase's first word occurs, as :class:`.topics.TopicMatcher` does.
    """
    found: list[str] = []
    if lowered is None:
        for match in topic.pattern.finditer(body):
            found.append(_spelling(match.group(0)))
            if len(found) >= BODY_REPEATS:
                break
        return found
    positions = sorted(
        position for start in topic.starts for position in _positions(lowered, start)
    )
    end = -1
    for position in positions:
        if position < end:
            continue
        match = topic.pattern.match(body, position)
        if match:
            found.append(_spelling(match.group(0)))
            end = match.end()
            if len(found) >= BODY_REPEATS:
                break
    return found


def _positions(text: str, word: str) -> Iterator[int]:
    """Where ``word`` occurs in ``text`` (any occurrence; the pattern checks boundaries)."""
    position = text.find(word)
    while position >= 0:
        yield position
        position = text.find(word, position + 1)


def _spelling(text: str) -> str:
    """A matched phrase as an alias: lowercase, single spaces."""
    return " ".join(re.split(r"[\s\-_]+", text.lower()))
