"""The meeting model: frozen value objects the parser produces and every other part reads.

Nothing here imports MkDocs. Names and handles are stored *as written* in the note; the
archive index (``mkdocs_minutes.archive``) resolves them to people, so that a note can be
parsed alone, cached by content hash, and re-resolved when another note changes.

Line numbers are 1-based and count lines of the whole source file (front matter
included), so a finding or an edit link points at the line a contributor sees.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

RefKind = Literal["issue", "pull", "discussion", "commit"]


@dataclass(frozen=True, slots=True)
class Attendee:
    """One roll-call line: who was there (or sent regrets), as the line wrote it."""

    name: str
    line: int
    handle: str | None = None
    affiliation: str | None = None
    present: bool = True
    extra: tuple[str, ...] = ()
    """Fields beyond name, handle and affiliation (location, pronouns, ice-breaker answer)."""
    note: str | None = None
    """An annotation such as ``absent: Hi from Min`` or ``might be late``."""


@dataclass(frozen=True, slots=True)
class Update:
    """One person's entry in an updates section. A bullet by two people gives two Updates."""

    author: str
    """The author as written: a name, first name, initials or handle (without ``@``)."""
    text: str
    line: int
    end_line: int = 0
    """Last source line of the bullet, sub-bullets included (0: same as ``line``)."""


@dataclass(frozen=True, slots=True)
class Celebration:
    """A shout-out or announcement from a celebrations section."""

    text: str
    line: int
    person: str | None = None
    """The person celebrated or celebrating, as written, when the line names one."""


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """A top-level bullet or heading of an agenda section, with its nested notes."""

    title: str
    """The title with speaker and time-box tags removed, Markdown kept."""
    anchor: str
    line: int
    end_line: int
    speakers: tuple[str, ...] = ()
    minutes: int | None = None
    body: str = ""
    """The item's nested lines (the minutes), dedented, as Markdown."""
    raw_title: str = ""
    is_heading: bool = False


@dataclass(frozen=True, slots=True)
class ActionItem:
    """Something somebody agreed to do."""

    text: str
    line: int
    assignees: tuple[str, ...] = ()
    done: bool = False


@dataclass(frozen=True, slots=True)
class Reference:
    """A GitHub issue, pull request, discussion or commit mentioned in a note."""

    repo: str
    """``owner/name`` as written in the URL (case kept)."""
    number: int | str
    """Issue/PR/discussion number, or the commit SHA for commits."""
    kind: RefKind
    url: str
    """The link as written, normalised (escapes removed); may carry a ``#issuecomment`` anchor."""
    line: int
    context: str = ""
    """The sentence (or bullet) around the reference, as plain-ish Markdown."""
    start: int = 0
    end: int = 0
    """Where the line writes it: a whole ``[label](url)`` link, or the URL or short form."""
    in_link: bool = False
    """Written as a Markdown link: the page keeps the author's label."""
    in_code: bool = False
    """Inside inline code: the page shows it as written."""

    @property
    def key(self) -> str:
        """Identity of the referenced object: ``owner/repo#N`` (lowercased repo)."""
        if self.kind == "commit":
            return f"{self.repo.lower()}@{str(self.number)[:12].lower()}"
        return f"{self.repo.lower()}#{self.number}"

    @property
    def label(self) -> str:
        """How pages name it: ``owner/repo#N``, or ``owner/repo@sha7`` for a commit."""
        return ref_label(self.repo, self.number, self.kind)

    @property
    def canonical_url(self) -> str:
        """The object's GitHub URL without comment anchors."""
        base = f"https://github.com/{self.repo}"
        path = {"issue": "issues", "pull": "pull", "discussion": "discussions", "commit": "commit"}
        return f"{base}/{path[self.kind]}/{self.number}"


def ref_label(repo: str, number: int | str, kind: str) -> str:
    """``owner/repo#N``, or ``owner/repo@sha7`` for a commit."""
    if kind == "commit":
        return f"{repo}@{str(number)[:7]}"
    return f"{repo}#{number}"


@dataclass(frozen=True, slots=True)
class Mention:
    """An ``@handle`` in the note's text (outside code spans, e-mails and npm scopes)."""

    handle: str
    line: int
    start: int = 0
    end: int = 0
    """Where the line writes it (``@kimd``, or ``\\@kimd`` from its backslash)."""
    in_link: bool = False
    """Inside a link (``[@kimd](https://github.com/kimd)``): already a link."""


@dataclass(frozen=True)
class Meeting:
    """One meeting: a whole note file, or one dated section of an archive file."""

    id: str
    """``SERIES/YYYY-MM-DD`` (or ``YYYY-MM-DD``, or with ``-SLUG``); the archive index may
    add ``-2``/``-3`` when one series meets twice on one date."""
    date: dt.date
    title: str
    series: str | None
    source_path: str
    """Path of the note file relative to ``notes_dir``, POSIX."""
    line: int
    """First line of the meeting in the source file (1 for a whole file)."""
    end_line: int
    body: str
    """The meeting's Markdown as published (decoded, repaired, redacted, no front matter)."""
    body_line: int = 1
    """Source line of the first line of ``body``."""
    slug: str | None = None
    in_archive_file: bool = False
    date_source: str = "filename"
    attendees: tuple[Attendee, ...] = ()
    updates: tuple[Update, ...] = ()
    celebrations: tuple[Celebration, ...] = ()
    items: tuple[AgendaItem, ...] = ()
    actions: tuple[ActionItem, ...] = ()
    refs: tuple[Reference, ...] = ()
    mentions: tuple[Mention, ...] = ()
    front_matter: dict = field(default_factory=dict, compare=False, hash=False)
    facilitators: tuple[str, ...] = ()
    heading: str = ""
    """The note's own H1 as written (a whole-file meeting), which may say more than
    ``title`` when front matter gives the title: ``Sync (2025-01-14)`` for ``Sync``."""
    heading_line: int = 0
    """Source line of ``heading`` (0: the note has none)."""
    github_repo: str | None = None
    """The repository bare ``#123`` references mean: front matter ``github_repo:`` (or
    ``repo:``), else the site's ``github_repo`` option."""
    fenced: tuple[tuple[int, int], ...] = ()
    """First and last source line of each fenced code block of the body (fences included)."""

    @property
    def body_has_links(self) -> bool:
        """Whether ``body`` writes Markdown link syntax (``](`` or ``]:``), noted when the
        body is set: a rebuild asks it of every meeting, and the body is kept compressed
        (:func:`_kept_compressed`)."""
        return self.__dict__["_body_noted"]


Level = Literal["error", "warning", "info", "debug"]


@dataclass(frozen=True, slots=True)
class Finding:
    """Something the parser or the index wants a person to know about a note.

    ``code`` selects the severity from :data:`mkdocs_minutes.findings.SEVERITY`; the same
    finding is an error/warning/info for ``minutes check`` and a log level for the build.
    """

    code: str
    path: str
    """Path of the note relative to ``notes_dir``, POSIX."""
    line: int
    message: str
    col: int = 1


@dataclass(frozen=True, slots=True)
class Passage:
    """A run of an archive file's lines that belongs to no meeting: the text before the
    first dated heading (a preface), or after a heading that ends the last meeting.

    Published on the archive file's own page, so that nothing the file holds is lost.
    """

    line: int
    """Source line of the passage's first line."""
    text: str
    before_meetings: bool = True
    """True when the passage comes before the file's first meeting."""


@dataclass(frozen=True)
class ParsedNote:
    """What one note file holds: its meetings, or an ordinary page, plus findings."""

    path: str
    """Relative to ``notes_dir``, POSIX."""
    text: str
    """The decoded, repaired text of the whole file (front matter included)."""
    meetings: tuple[Meeting, ...] = ()
    findings: tuple[Finding, ...] = ()
    title: str | None = None
    is_archive: bool = False
    """True when the file holds dated ``##`` sections (its URL lists its meetings)."""
    passages: tuple[Passage, ...] = ()
    """An archive file's text outside its meetings, for the file's own page."""
    body_line: int = 1
    """Source line where the text after the front matter starts."""
    meta: dict = field(default_factory=dict, compare=False, hash=False)
    """The front matter (empty when there is none or it is not valid YAML)."""

    @property
    def body(self) -> str:
        """The text after the front matter."""
        if self.body_line <= 1:
            return self.text
        return self.text.split("\n", self.body_line - 1)[-1]

    unplaced_rollcall: int = 0
    placed_rollcall: int = 0
    unplaced_updates: int = 0
    placed_updates: int = 0

    @property
    def is_page(self) -> bool:
        """A file without meetings is published as an ordinary page."""
        return not self.meetings


_LAST_KEPT: list[tuple[str, bytes]] = [("", zlib.compress(b"", 1))]
"""The last string kept or read, with its compressed bytes, as one pair (see
:func:`_kept_compressed`): replaced whole, so a thread reading a note's text (the audit
runs on one) never pairs one string with another's bytes."""

LINK_MARKS = ("](", "]:")
"""What Markdown link syntax a meeting's body must write for its links to matter
(``Meeting.body_has_links``): an inline link or a link reference definition."""


def _kept_compressed(name: str, doc: str, noted: Callable[[str], object] | None = None) -> property:
    """A ``str`` field of a frozen dataclass, kept as zlib-compressed UTF-8 and decoded when
    read; ``noted``, if given, is what the field's reads would most often ask of it,
    computed once when it is set (kept as ``_NAME_noted``).

    A note's text and a meeting's body are most of what the parsed notes hold, and Python
    keeps a string with one emoji at four bytes a character: 41 MB of the 68 MB the
    parsed notes of 1,000 generated meetings took, held by every process of the build
    from the first note read to the last page written. As UTF-8 they took 12 MB;
    compressed (zlib's fastest level), 5 MB. They are read a few times per build (the
    page, discovery, the audit), each read a decompression and a decoding of some ten
    kilobytes (60 microseconds). The dataclass's ``__init__``, ``==``, ``hash`` and
    ``replace`` go through the property; a pickle keeps the compressed bytes. A value equal
    to the last one kept or read shares its bytes: a note's text given as its meeting's
    body just before (the parser does), a meeting copied by ``dataclasses.replace`` (the
    index gives final ids so).
    """
    slot = f"_{name}_z"
    facts = f"_{name}_noted"
    last = _LAST_KEPT

    def read(self: object) -> str:
        data = self.__dict__[slot]
        text = zlib.decompress(data).decode("utf-8", "surrogatepass")
        last[0] = (text, data)  # ``replace`` reads a field, then sets it
        return text

    def write(self: object, value: str) -> None:
        text, data = last[0]
        if value is not text and value != text:
            data = zlib.compress(value.encode("utf-8", "surrogatepass"), 1)
            last[0] = (value, data)
        object.__setattr__(self, slot, data)
        if noted is not None:
            object.__setattr__(self, facts, noted(value))

    return property(read, write, doc=doc)


def _has_link_marks(body: str) -> bool:
    return any(mark in body for mark in LINK_MARKS)


# Set after the classes are made: a property in the class body would be the fields'
# default value.
Meeting.body = _kept_compressed(  # type: ignore[assignment]
    "body",
    "The meeting's Markdown as published (decoded, repaired, redacted, no front matter).",
    _has_link_marks,
)
ParsedNote.text = _kept_compressed(  # type: ignore[assignment]
    "text", "The decoded, repaired text of the whole file (front matter included)."
)
