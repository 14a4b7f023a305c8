"""People: how the names and handles written in notes become one person each.

Used by the archive index (:mod:`.index`) while it builds, before any MkDocs event needs a
person page; no MkDocs import. The rules (issue 2 and the contract):

- One person per GitHub handle, compared case-insensitively; registry entries seed people.
- A person without a handle is still a person, identified by the ASCII slug of their name;
  the same name on several roll calls is one person.
- A name matches a person *exactly* when its words equal one of the person's spellings (or
  it is their handle), and *loosely* when one is the other's first word(s) or initials
  (``Erik`` ~ ``Erik Sundell``, ``Chris H`` ~ ``Chris Holdgraf``, ``KW`` ~ ``Kim Weber``).
  Exact matches win over loose ones; two candidates at one step is an ambiguity, never a
  guess.

Person ids are handed out only when every person is known (:meth:`PeopleBook.finalize`),
so a handle seen late still gets its lowercased handle as id and name-only people give way.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..text import ascii_slug, is_github_handle
from .registry import PersonEntry

#: Ids that would collide with index or site pages; such ids get a ``-<kind>`` suffix.
RESERVED_IDS = frozenset({"index", "latest", "feed", "search", "assets"})

NameKey = tuple[str, ...]


@dataclass(frozen=True)
class Person:
    """One person across the archive, as pages and the export show them."""

    id: str
    """The lowercased handle when known, else the ASCII slug of the name."""
    name: str
    """The registry's name, else the fullest name seen."""
    handle: str | None
    """The most frequent spelling of the handle (without ``@``)."""
    names: tuple[str, ...]
    """Every spelling seen: registry name and aliases, roll-call names, update authors."""
    affiliations: tuple[tuple[str, str], ...] = ()
    """(meeting id, affiliation) in date order; a repeat of the previous one is dropped."""
    affiliation: str | None = None
    """The current affiliation: the registry's, else the latest one seen."""
    in_registry: bool = False


#: Longest id (a folder name of the site): file systems refuse names over 255 bytes.
MAX_ID_LENGTH = 80


def safe_id(value: str, kind: str) -> str:
    """A reserved id (``index``, ``latest``...) gets ``-<kind>`` so its page cannot shadow one;
    an id longer than :data:`MAX_ID_LENGTH` is cut, with a hash of the whole to keep it unique."""
    if len(value) > MAX_ID_LENGTH:
        digest = hashlib.sha1(value.encode("utf-8")).hexdigest()[:8]
        value = value[: MAX_ID_LENGTH - 9].rstrip("-_.") + "-" + digest
    return f"{value}-{kind}" if value in RESERVED_IDS else value


def name_slug(name: str) -> str:
    """The id of a person known only by name; never empty, even for a name ASCII cannot spell.

    Built from the name's words (:func:`name_key`), so link targets and ``(she/her)`` stay out.
    """
    slug = ascii_slug(" ".join(name_key(name)), fallback="")
    if slug:
        return slug
    return "person-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_PARENS = re.compile(r"\([^)]*\)")
_WORD = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> NameKey:
    """The words of a name, accent- and case-folded: ``Pérez, José (he/him)`` -> (perez, jose).

    Cached: resolving the archive's names asks for the same few hundred spellings' keys
    tens of thousands of times (the key is a tuple, so callers cannot change it).
    """
    text = _PARENS.sub(" ", _LINK.sub(r"\1", name))
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    return tuple(_WORD.findall(folded))


@functools.lru_cache(maxsize=65536)
def clean_handle(value: str | None) -> str | None:
    """A handle without ``@``, or None when it breaks GitHub's rules (cached: every
    roll-call line and mention asks, week after week, for the same few handles)."""
    if not value:
        return None
    value = value.strip().lstrip("\\").lstrip("@")
    return value if is_github_handle(value) else None


def abbreviates(short: NameKey, full: NameKey) -> bool:
    """``short`` is ``full`` cut after some words, with words possibly shortened to initials.

    ``(erik,)`` abbreviates ``(erik, sundell)``; ``(chris, h)`` abbreviates
    ``(chris, holdgraf)``; a lone initial abbreviates nothing (too weak to name anybody).
    """
    if not short or short == full or len(short) > len(full):
        return False
    if len(short) == 1 and len(short[0]) < 2:
        return False
    return all(
        s == f or (len(s) == 1 and f.startswith(s)) for s, f in zip(short, full, strict=False)
    )


def initials_of(written: str, full: NameKey) -> bool:
    """``KW`` (written in capitals) names ``Kim Weber``: one capital per word of the name."""
    word = written.strip()
    if not (2 <= len(word) <= 4 and word.isalpha() and word.isupper()):
        return False
    return len(full) == len(word) and all(
        part.startswith(letter) for letter, part in zip(word.casefold(), full, strict=True)
    )


def _same_word(a: str, b: str) -> bool:
    """Equal words, or one is the other's initial (``t`` ~ ``thomas``)."""
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


#: Short forms of first names that are not a prefix of the full form (same first letter,
#: so they share a lookup pool): ``Benny Szeghy`` is ``Benjamin Szeghy``.
_NICKNAME_PAIRS = """
    benny/benjamin jimmy/james jim/james mike/michael katie/katherine kate/katherine
    kathy/katherine liz/elizabeth tony/anthony dick/richard rick/richard ricky/richard
    jack/john johnny/john jenny/jennifer jen/jennifer becky/rebecca maggie/margaret
    sandy/sandra sasha/alexander sasha/alexandra
"""
_NICKNAMES = frozenset(tuple(sorted(pair.split("/"))) for pair in _NICKNAME_PAIRS.split())


def _same_first_name(a: str, b: str) -> bool:
    """``Steve`` ~ ``Steven``, ``Greg`` ~ ``Gregory``, ``Benny`` ~ ``Benjamin``, ``A`` ~ ``Afshin``:
    equal, an initial, a short form of three letters or more, or a known nickname."""
    if _same_word(a, b):
        return True
    short, full = sorted((a, b), key=len)
    if len(short) >= 3 and full.startswith(short):
        return True
    return tuple(sorted((a, b))) in _NICKNAMES


def same_name(a: NameKey, b: NameKey) -> bool:
    """Two spellings of one full name: same surname, first names equal, one an initial or a
    short form of the other, and middle names absent, initials, or the same.

    ``Brian Granger`` ~ ``Brian E Granger`` ~ ``Brian E. Granger``; ``Afshin Darian`` ~
    ``Afshin T. Darian`` ~ ``A. T. Darian``; ``Steve Silvester`` ~ ``Steven Silvester``.
    ``Jason Grout`` and ``Jason Weill`` differ;
    so do ``Maria de la Cruz`` and ``Maria Cruz`` (a middle word that is no initial).
    Accents and case are folded already (:func:`name_key`).
    """
    if a == b or len(a) < 2 or len(b) < 2:
        return False
    if a[-1] != b[-1] or len(a[-1]) < 2 or not _same_first_name(a[0], b[0]):
        return False
    if len(a[0]) == 1 and len(b[0]) == 1 and len(a) == len(b) == 2:
        return False  # "A. Darian" and "A Darian": nothing but an initial to go on
    middle_a, middle_b = a[1:-1], b[1:-1]
    shorter, longer = sorted((middle_a, middle_b), key=len)
    if not all(_same_word(x, y) for x, y in zip(shorter, longer, strict=False)):
        return False
    return all(len(word) == 1 for word in longer[len(shorter) :])


def loosely_matches(written: str, key: NameKey, full: NameKey) -> bool:
    """One name is the other's first word(s) or initials (either way round), or another
    spelling of the same full name (:func:`same_name`)."""
    return (
        abbreviates(key, full)
        or abbreviates(full, key)
        or initials_of(written, full)
        or same_name(key, full)
    )


@dataclass
class _Draft:
    """A person being learned while the index builds (ids are given out at the end)."""

    number: int
    handle_counts: Counter[str] = field(default_factory=Counter)
    handle_order: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    keys: set[NameKey] = field(default_factory=set)
    entry: PersonEntry | None = None
    own_name: str | None = None
    """For a person known only by name: that name (their id comes from it)."""
    affiliations: list[tuple[str, str]] = field(default_factory=list)

    @property
    def handle_lower(self) -> str | None:
        """The handle's identity, if any."""
        return self.handle_order[0].lower() if self.handle_order else None


@dataclass(frozen=True)
class Resolution:
    """What a written name resolved to: a person (draft number), nobody, or several."""

    person: int | None = None
    candidates: tuple[int, ...] = ()

    @property
    def ambiguous(self) -> bool:
        """More than one person fits; the caller reports it and links nobody."""
        return len(self.candidates) > 1


NOBODY = Resolution()


class PeopleBook:
    """The people known so far, with indexes by handle and by name key.

    The index adds people in a fixed order (registry, roll calls with handles, full names,
    first names, update authors), then resolves names against the book, then calls
    :meth:`finalize` to get ids and :class:`Person` values.
    """

    def __init__(self) -> None:
        self.drafts: list[_Draft] = []
        self._handles: dict[str, int] = {}
        self._keys: dict[NameKey, set[int]] = {}
        self._registry_keys: dict[NameKey, set[int]] = {}
        self._registry_handles: dict[str, int] = {}
        self._name_only: dict[NameKey | str, int] = {}
        self._initials: dict[str, set[int]] = {}
        """People by the first letter of each spelling: every loose match shares it."""
        self._surnames: dict[str, set[int]] = {}
        """People by the last word of each spelling of two words or more."""
        self._loose: dict[str, set[int]] = {}
        """:meth:`loose` among everyone, while no spelling is added (the index resolves the
        same update authors and speakers hundreds of times between two additions)."""

    # -- learning -------------------------------------------------------------------------

    def add_registry(self, entry: PersonEntry) -> int:
        """Seed a person from a registry entry (handle, name, aliases)."""
        handle = clean_handle(entry.handle)
        if handle:
            number = self.for_handle(handle)
            self._registry_handles[handle.lower()] = number
        else:
            number = self.name_only(entry.name or "")
        draft = self.drafts[number]
        draft.entry = entry
        for spelling in (entry.name, *entry.aliases):
            if spelling:
                self.add_name(number, spelling)
                key = name_key(spelling)
                if key:
                    self._registry_keys.setdefault(key, set()).add(number)
        return number

    def for_handle(self, handle: str, *, count: bool = True) -> int:
        """The person with this handle (case-insensitive), created on first sight."""
        number = self._handles.get(handle.lower())
        if number is None:
            number = self._new()
            self._handles[handle.lower()] = number
        draft = self.drafts[number]
        if handle not in draft.handle_order:
            draft.handle_order.append(handle)
        if count:
            draft.handle_counts[handle] += 1
        return number

    def name_only(self, name: str) -> int:
        """The person known only by this name (same words, same person), created on first sight."""
        key: NameKey | str = name_key(name) or name.strip()
        number = self._name_only.get(key)
        if number is None:
            number = self._new()
            self._name_only[key] = number
            self.drafts[number].own_name = name.strip()
        self.add_name(number, name)
        return number

    def add_name(self, number: int, name: str | None, *, match: bool = True) -> None:
        """Record a spelling; with ``match`` it also becomes a key names are matched against."""
        if not name or not name.strip():
            return
        name = name.strip()
        draft = self.drafts[number]
        if name not in draft.names:
            draft.names.append(name)
        key = name_key(name)
        if match and key:
            if key not in draft.keys:
                self._loose.clear()
            draft.keys.add(key)
            self._keys.setdefault(key, set()).add(number)
            self._initials.setdefault(key[0][0], set()).add(number)
            if len(key) >= 2 and len(key[-1]) > 1:
                self._surnames.setdefault(key[-1], set()).add(number)

    def _new(self) -> int:
        self.drafts.append(_Draft(number=len(self.drafts)))
        return len(self.drafts) - 1

    # -- looking up -----------------------------------------------------------------------

    def by_handle(self, handle: str) -> int | None:
        """The person with this handle, compared case-insensitively."""
        clean = clean_handle(handle)
        return self._handles.get(clean.lower()) if clean else None

    def exact(self, written: str, among: Iterable[int] | None = None) -> set[int]:
        """People whose handle or one of whose spellings is exactly ``written``."""
        key = name_key(written)
        found = set(self._keys.get(key, ())) if key else set()
        handle = self.by_handle(written)
        if handle is not None:
            found.add(handle)
        if among is not None:
            found &= set(among)
        return found

    def loose(self, written: str, among: Iterable[int] | None = None) -> set[int]:
        """People one of whose spellings is a fuller or shorter form of ``written``."""
        if among is None:
            known = self._loose.get(written)
            if known is None:
                known = self._loose[written] = self._loose_among(written, None)
            return set(known)
        return self._loose_among(written, among)

    def _loose_among(self, written: str, among: Iterable[int] | None) -> set[int]:
        key = name_key(written)
        if not key:
            return set()
        numbers = self._initials.get(key[0][0], set())
        if among is not None:
            numbers = numbers & set(among)
        pool = [self.drafts[n] for n in sorted(numbers)]
        return {
            d.number for d in pool if any(loosely_matches(written, key, full) for full in d.keys)
        }

    def fuller(self, written: str) -> set[int]:
        """People with a spelling of which ``written`` is the first word(s) (roll-call rule)."""
        key = name_key(written)
        if not key:
            return set()
        pool = [self.drafts[n] for n in sorted(self._initials.get(key[0][0], ()))]
        return {d.number for d in pool if any(abbreviates(key, full) for full in d.keys)}

    def variants(self, written: str) -> set[int]:
        """People with a spelling that is another spelling of the same full name
        (middle initials, a first initial; see :func:`same_name`)."""
        key = name_key(written)
        if len(key) < 2:
            return set()
        pool = [self.drafts[n] for n in sorted(self._initials.get(key[0][0], ()))]
        return {d.number for d in pool if any(same_name(key, full) for full in d.keys)}

    def known_by_first_name(self, written: str) -> set[int]:
        """People with a handle known so far only by a one-word name that starts ``written``
        (``Zach`` / ``@Zsailer`` for ``Zach Sailer``)."""
        key = name_key(written)
        if len(key) < 2:
            return set()
        pool = [self.drafts[n] for n in sorted(self._initials.get(key[0][0], ()))]
        return {
            d.number
            for d in pool
            if d.handle_order
            and d.keys
            and all(len(k) == 1 for k in d.keys)
            and any(abbreviates(k, key) for k in d.keys)
        }

    def surname(self, written: str, among: Iterable[int] | None = None) -> set[int]:
        """People whose full name ends with the one word ``written`` (``Darian`` for
        ``Afshin Darian``): some people go by their surname. Callers try it last, and only a
        single candidate counts."""
        key = name_key(written)
        if len(key) != 1 or len(key[0]) < 3:
            return set()
        found = set(self._surnames.get(key[0], ()))
        if among is not None:
            found &= set(among)
        return found

    def registry_exact(self, written: str) -> set[int]:
        """Registry people whose handle, name or alias is exactly ``written``."""
        key = name_key(written)
        found = set(self._registry_keys.get(key, ())) if key else set()
        clean = clean_handle(written)
        if clean and clean.lower() in self._registry_handles:
            found.add(self._registry_handles[clean.lower()])
        return found

    def resolve(
        self, written: str, local: Iterable[int] = (), nearby: Iterable[int] = ()
    ) -> Resolution:
        """Resolve a written name: the meeting's people, then the registry, then the people
        of ``nearby`` meetings (the same series), then everyone.

        ``@handle`` resolves by handle only. At each step an exact match wins over a loose
        one; two people at the step where the first match appears is an ambiguity.
        """
        written = written.strip()
        if not written:
            return NOBODY
        if written.startswith("@"):
            number = self.by_handle(written)
            return Resolution(number, (number,)) if number is not None else NOBODY
        local = tuple(dict.fromkeys(local))
        near = tuple(dict.fromkeys(nearby))
        steps = (
            lambda: self.exact(written, local),
            lambda: self.loose(written, local),
            lambda: self.surname(written, local),
            lambda: self.registry_exact(written),
            lambda: self.exact(written, near) if near else set(),
            lambda: self.loose(written, near) if near else set(),
            lambda: self.exact(written),
            lambda: self.loose(written),
            lambda: self.surname(written),
        )
        for step in steps:
            found = step()
            if len(found) == 1:
                (number,) = found
                return Resolution(number, (number,))
            if found:
                return Resolution(None, tuple(sorted(found)))
        return NOBODY

    # -- naming ---------------------------------------------------------------------------

    def display_name(self, number: int) -> str:
        """The name pages show for a draft: the registry's, else the fullest spelling."""
        draft = self.drafts[number]
        if draft.entry and draft.entry.name:
            return draft.entry.name
        # A separator left in a name is a roll-call line split wrongly; prefer clean names.
        names = [n for n in draft.names if name_key(n) and not re.search(r"[/|]", n)]
        names = names or draft.names
        if names:
            # Most words, then longest; the first seen wins a tie.
            return max(names, key=lambda n: (len(name_key(n)), len(n), -names.index(n)))
        return self.handle_of(number) or "?"

    def handle_of(self, number: int) -> str | None:
        """The most frequent spelling of the draft's handle (first seen on a tie)."""
        draft = self.drafts[number]
        if not draft.handle_order:
            return None
        registry = clean_handle(draft.entry.handle) if draft.entry else None
        return max(
            draft.handle_order,
            key=lambda h: (
                draft.handle_counts[h],
                h == registry,
                -draft.handle_order.index(h),
            ),
        )

    def label(self, number: int) -> str:
        """``Erik Sundell (@consideratio)``: how a finding names a candidate."""
        handle = self.handle_of(number)
        name = self.display_name(number)
        return f"{name} (@{handle})" if handle and handle != name else name

    def finalize(self) -> dict[int, str]:
        """Give every draft its id: lowercased handle, else name slug made unique."""
        ids: dict[int, str] = {}
        taken: set[str] = set()
        for draft in self.drafts:
            if draft.handle_lower:
                ids[draft.number] = safe_id(draft.handle_lower, "person")
                taken.add(ids[draft.number])
        for draft in self.drafts:
            if draft.number in ids:
                continue
            base = safe_id(name_slug(draft.own_name or self.display_name(draft.number)), "person")
            candidate, count = base, 1
            while candidate in taken:
                count += 1
                candidate = f"{base}-{count}"
            ids[draft.number] = candidate
            taken.add(candidate)
        return ids

    def person(self, number: int, person_id: str) -> Person:
        """The finished :class:`Person` for a draft."""
        draft = self.drafts[number]
        affiliations: list[tuple[str, str]] = []
        for meeting_id, affiliation in draft.affiliations:
            if not affiliations or affiliations[-1][1] != affiliation:
                affiliations.append((meeting_id, affiliation))
        current = draft.entry.affiliation if draft.entry and draft.entry.affiliation else None
        if current is None and affiliations:
            current = affiliations[-1][1]
        return Person(
            id=person_id,
            name=self.display_name(number),
            handle=self.handle_of(number),
            names=tuple(draft.names),
            affiliations=tuple(affiliations),
            affiliation=current,
            in_registry=draft.entry is not None,
        )
