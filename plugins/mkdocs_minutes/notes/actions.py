"""The action-item grammar: is this line something somebody agreed to do, and who?

Markers seen in real notes: task-list checkboxes (``[ ]``, ``[x]``, struck-through
``~~done~~``), ``TODO:``, ``Action:``, ``ACTION ITEM:``, ``AI:``, arrows ``->``/``=>`` at
the start of a line (mid-line they mean "becomes"), owner-first prose (``Min to follow up
with X``), ``**COMPLETED**`` and ``(done)``. Under an ``Action items`` / ``Decisions made`` /
``Next actions`` heading every bullet is an action. The section parser calls this for
every line of a meeting, so unmarked lines must come back None.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from ..text import may_contain_any
from .names import KnownKeys, clean_name, known_keys, split_people

# Patterns of the functions below, compiled once rather than looked up per line.
_ALNUM_RE = re.compile(r"[^\W_]")


__all__ = ["ActionMatch", "parse_action"]


def _word_set(text: str, separator: str | None = None) -> frozenset[str]:
    """A set of words written as one string: long vocabularies stay readable."""
    return frozenset(word.strip() for word in text.split(separator) if word.strip())


@dataclass(frozen=True)
class ActionMatch:
    """An action found in a line."""

    text: str
    """The action without its markers (checkbox, ``TODO:``, arrow, strike-through) and
    without an ``Owner:`` prefix or ``[name=...]`` / trailing ``(Ana, Ben)`` owner tags
    (those become ``assignees``); owner-first prose (``Min to follow up``) is kept whole,
    and so is a group owner such as ``All:``."""
    assignees: tuple[str, ...]
    """People as written (handles without ``@``); ``()`` when nobody or everybody."""
    done: bool


_CHECKBOX_RE = re.compile(r"^\[(?P<mark>[ xX])\]\s*")
_STRIKE_RE = re.compile(r"^~~(?P<body>.+?)~~\s*(?P<tail>[.!]?)\s*$")
_DONE_RE = re.compile(
    r"\*\*\s*(?:COMPLETED|DONE)\s*:?\s*\*\*:?|\b(?:COMPLETED|DONE)\b\s*:|"
    r"\(\s*(?:done|completed|complete|finished)\s*\)|✅|✔️?|☑️?|"
    r":white_check_mark:|:heavy_check_mark:|:ballot_box_with_check:",
    re.IGNORECASE,
)
# Every alternative of _DONE_RE holds one of these (case aside); the slow case-insensitive
# search runs only on lines that do. _COMPLETED_RE needs "COMPLETED" as written.
_DONE_WORDS = ("done", "complet", "finished", "✅", "✔", "☑", "check")
_COMPLETED_RE = re.compile(r"\*\*\s*COMPLETED\s*:?\s*\*\*|\bCOMPLETED\b\s*:")
_MARKER_RE = re.compile(
    r"^(?:\*\*|__)?(?:"
    r"(?i:TODO|To-?do|Action items?|Action|Next steps?)|AI"
    r")(?:\s*\((?P<owner>[^()]*)\))?(?:\*\*|__)?\s*(?::|-|–|—)(?:\*\*|__)?\s*"
    r"|^(?:\*\*|__)?(?:TODO|ACTION)(?:\*\*|__)?\s+"
    r"|^(?:->|=>|→|⇒|⟶|-&gt;|=&gt;)\s*"
)
_OWNER_TODO_RE = re.compile(
    r"^(?P<lead>[^:]{1,40}?)\s*:\s*(?:\*\*)?(?:TODO|ACTION)(?:\*\*)?\s*(?::|-|–|—)?\s*(?P<rest>.*)$"
)
_TRAILING_TODO_RE = re.compile(
    r"\s*\(\s*(?:TODO|ACTION)\s*(?:[:\-–—]\s*(?P<owner>[^()]*))?\)\s*(?P<tail>[.!]?)\s*$"
)
_HACKMD_NAME_RE = re.compile(r"\[name\s*=\s*([^\[\]]*)\]", re.IGNORECASE)
_OWNER_FIRST_RE = re.compile(
    r"^(?P<lead>(?:@?[\w.'’-]+)(?:(?:\s*[,&/]\s*|\s+(?:and\s+)?)@?[\w.'’-]+){0,5}?)\s+to\s+"
    r"(?P<verb>[a-z][a-z-]*)\b"
)
_NOT_VERBS = _word_set(
    """
    the a an this that these those our your my his her their its all be do some any
    """
)
_TRAILING_OWNERS_RE = re.compile(r"\s*\((?P<owners>[^()]+)\)\s*(?P<tail>[.!]?)\s*$")
_GROUP_OWNERS = _word_set(
    "all|everyone|everybody|team|all of us|us|we|anyone|somebody|someone|tbd",
    "|",
)
_TEMPLATE_RE = re.compile(
    r"^(?:(?:please )?add (?:an? |more |your |new )?(?:action )?(?:item|items|here)\b.*|"
    r"\.\.\.|…|tbd|todo|x|-+|\?+|follow-up here|action( item)?( \d+)?|"
    r"(?:name|owner|who)\s*:\s*(?:action|task|what|todo)\b.*)$",
    re.IGNORECASE,
)


def _read_marks(value: str, keys: KnownKeys) -> tuple[str, bool, bool, list[str]]:
    """What marks the text as an action, taken off it: a checkbox, strike-through,
    ``COMPLETED``/``done`` words, a ``TODO``/``Action:`` marker with or without an owner,
    a trailing ``(TODO: Ana)``. Returns the rest, whether it is marked, whether it is
    done, and the owners the marks named."""
    marked = False
    done = False
    assignees: list[str] = []
    checkbox = _CHECKBOX_RE.match(value)
    if checkbox:
        marked = True
        done = checkbox.group("mark") in "xX"
        value = value[checkbox.end() :]
    strike = _STRIKE_RE.match(value)
    if strike:
        done = True
        value = strike.group("body").strip() + strike.group("tail")
    if "COMPLETED" in value and _COMPLETED_RE.search(value):
        marked = True
    if may_contain_any(value, _DONE_WORDS) and _DONE_RE.search(value):
        done = True
        value = _DONE_RE.sub(" ", value)
        value = " ".join(value.split())
    marker = _MARKER_RE.match(value)
    if marker:
        marked = True
        owner = marker.group("owner")
        value = value[marker.end() :].strip()
        if owner:
            assignees.extend(_owners(owner, keys) or ())
    else:
        owner_todo = _OWNER_TODO_RE.match(value) if ":" in value else None
        if owner_todo:
            people = split_people(owner_todo.group("lead"), keys)
            if people:
                marked = True
                assignees.extend(people)
                value = owner_todo.group("rest").strip()
    trailing_todo = (
        _TRAILING_TODO_RE.search(value)
        if "(" in value and may_contain_any(value, ("todo", "action"))
        else None
    )
    if trailing_todo:
        marked = True
        if trailing_todo.group("owner"):
            assignees.extend(_owners(trailing_todo.group("owner"), keys) or ())
        value = value[: trailing_todo.start()] + trailing_todo.group("tail")
    return value, marked, done, assignees


def parse_action(
    text: str, *, in_action_section: bool = False, known: Collection[str] = ()
) -> ActionMatch | None:
    """The action in one bullet's text (checkbox included), or None.

    Assignees come from ``Matt: Create shared drive``, ``@minrk to ...``, ``[name=Ana]``,
    a trailing ``(Ana, Ben)``, ``TODO (Matt): ...``, ``Matt: TODO - ...``, ``(TODO: Benny)``,
    ``Ana & Ben to ...``. ``All:`` (everyone) gives no assignee. Owners must look like
    people (or be in ``known``), so ``how to use`` and ``Going to try`` are not actions.
    """
    if not in_action_section and not _could_be_action(text):
        return None
    keys = known_keys(known)
    value, marked, done, assignees = _read_marks(text.strip(), keys)
    value = value.strip()
    # Template residue gives None; the test waits until the line proved to be an action,
    # since most lines reaching here are prose that the checks below turn down anyway
    # (everything between is free of side effects, so the result is the same).
    marked_value = value
    for tag in _HACKMD_NAME_RE.findall(value):
        assignees.extend(_owners(tag, keys) or (clean_name(tag),))
    value = " ".join(_HACKMD_NAME_RE.sub(" ", value).split())
    owner_prefix, rest = _owner_prefix(value, keys)
    if owner_prefix is not None:
        assignees.extend(owner_prefix)
        value = rest
    owner_first = None if owner_prefix else _owner_first(value, keys)
    if owner_first:
        assignees.extend(owner_first)
    elif marked and not assignees:
        assignees.extend(_known_owner(value, keys))
    if not (marked or in_action_section or owner_first):
        return None
    if _is_template(marked_value):
        return None
    trailing = _TRAILING_OWNERS_RE.search(value)
    if trailing:
        people = _owners(trailing.group("owners"), keys)
        if people:
            assignees.extend(people)
            value = value[: trailing.start()] + trailing.group("tail")
    value = value.strip()
    if not value or _is_template(value):
        return None
    unique: list[str] = []
    for person in assignees:
        if person and person not in unique:
            unique.append(person)
    return ActionMatch(text=value, assignees=tuple(unique), done=done)


_HINT_RE = re.compile(
    r"todo|to-do|action|next step|completed|\bai\b|^\s*\[[ xX]\]|^\s*(?:->|=>|→|⇒|⟶|-&gt;|=&gt;)",
    re.IGNORECASE,
)


# Every unanchored alternative of ``_HINT_RE`` holds one of these words; its anchored ones
# start (after blanks) with one of ``_HINT_STARTS``.
_HINT_WORDS = ("todo", "to-do", "action", "next step", "completed", "ai")
_HINT_STARTS = ("[", "-", "=", "→", "⇒", "⟶")


def _could_be_action(text: str) -> bool:
    """A cheap test that rules out most lines before the grammar runs (it runs on every
    line of every note): outside action sections an action needs a marker or an
    owner-first ``Name to do X``.

    The case-insensitive hint regex scans slowly (no literal prefix to skip to), so it
    runs only on lines that hold one of its words or start like its anchored forms.
    """
    if " to " in text[:160]:
        return True
    if not (may_contain_any(text, _HINT_WORDS) or text.lstrip().startswith(_HINT_STARTS)):
        return False
    return bool(_HINT_RE.search(text))


def _is_template(value: str) -> bool:
    cleaned = clean_name(value)
    return not _ALNUM_RE.search(cleaned) or bool(_TEMPLATE_RE.match(cleaned))


def _owners(text: str, keys: KnownKeys) -> tuple[str, ...] | None:
    """People named in an owner tag; group words (``All``) give ``()``."""
    value = clean_name(text)
    if value.lower() in _GROUP_OWNERS:
        return ()
    return split_people(value, keys)


_OWNER_PREFIX_RE = re.compile(
    r"^(?P<lead>(?:\*\*|__)?[^:*_\[\]()]{1,60}?(?:\*\*|__)?)\s*:\s*(?:\*\*|__)?"
    r"\s*(?P<rest>\S.*)$"
)


def _owner_prefix(value: str, keys: KnownKeys) -> tuple[tuple[str, ...] | None, str]:
    """``Matt: Create shared drive`` -> (('Matt',), 'Create shared drive')."""
    match = _OWNER_PREFIX_RE.match(value) if ":" in value else None
    if not match:
        return None, value
    lead = match.group("lead")
    if clean_name(lead).lower() in _GROUP_OWNERS:
        return (), value  # ``All: ...`` stays as written
    people = split_people(lead, keys)
    if people is None:
        people = _partial_owners(lead, keys)
    if not people:
        return None, value
    return people, match.group("rest").strip()


def _partial_owners(lead: str, keys: KnownKeys) -> tuple[str, ...] | None:
    """``Martin & other QuantStack folks`` -> ('Martin',): the people among group words."""
    parts = [part for part in re.split(r"\s*(?:,|&|/|\band\b)\s*", clean_name(lead)) if part]
    if len(parts) < 2:
        return None
    people = [part for part in parts if split_people(part, keys)]
    rest = [part for part in parts if part not in people]
    if not people or not all(
        re.search(r"\b(?:folks|team|others?|everyone|all)\b", part, re.I) for part in rest
    ):
        return None
    return tuple(person.lstrip("@") for person in people)


def _owner_first(value: str, keys: KnownKeys) -> tuple[str, ...] | None:
    """``Min to follow up with X`` -> ('Min',); ``how to use`` -> None."""
    plain = clean_name(value) if value.startswith(("**", "__")) else value
    match = _OWNER_FIRST_RE.match(plain)
    if not match or match.group("verb") in _NOT_VERBS:
        return None
    return split_people(match.group("lead"), keys)


def _known_owner(value: str, keys: KnownKeys) -> tuple[str, ...]:
    """``TODO: Matt close issue`` -> ('Matt',) when Matt is known (never guessed)."""
    match = re.match(r"^@?(?P<name>[^\W\d_][\w'’-]*)\s+[a-z]", value)
    if match and keys and match.group("name").lower() in keys:
        return (match.group("name"),)
    return ()
