"""The update-bullet grammar: whose status report is this bullet?

Updates sections (``Quick updates``, ``60 second updates``, ``Status reports``) hold one
bullet per person in about ten author styles (``Erik: ...``, ``**Erik:** ...``,
``[name=Erik] ...``, ``\\[EK\\] ...``, a name-only bullet with sub-bullets, two people in
one bullet), template bullets (``name: update or pass``), and sometimes bullets grouped by
topic instead of by person. This module classifies one top-level bullet; the section
parser attaches the sub-bullets.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from dataclasses import dataclass

from .names import KnownKeys, clean_name, known_keys, split_people

# Patterns of the functions below, compiled once rather than looked up per line.
_ALNUM_RE = re.compile(r"[^\W_]")
_COLON_RE = re.compile(r"[:：]")
_LEADING_PUNCT_RE = re.compile(r"^[:：\-–—,;]+\s*")


__all__ = ["UpdateBullet", "is_template_update", "parse_update_bullet"]


@dataclass(frozen=True)
class UpdateBullet:
    """What one top-level bullet of an updates section is."""

    kind: str
    """``update`` (authors found), ``template`` (residue such as ``name: update or pass``,
    or a bare name with nothing said and no sub-bullets: ``authors`` then holds the name),
    ``topic`` (the bullet's lead is a subject, not a person, or it only heads sub-bullets),
    ``unattributed`` (a status line with no author: report it as unplaced)."""
    authors: tuple[str, ...] = ()
    """The authors as written (names, initials, handles without ``@``)."""
    text: str = ""
    """The update with its author prefix or tag removed (``pass`` kept); ``""`` when the
    update is in the sub-bullets."""


_HACKMD_NAME_RE = re.compile(r"\[name\s*=\s*([^\[\]]*)\]", re.IGNORECASE)
_BOLD_LEAD_RE = re.compile(r"^(\*\*|__)(?P<lead>.+?)\1\s*(?P<colon>[:：])?\s*(?P<rest>.*)$")
_BRACKET_LEAD_RE = re.compile(r"^\\?\[(?P<lead>[^\]\\]+)\\?\](?!\()\s*(?P<rest>.*)$")
_DASH_RE = re.compile(r"\s+[-–—]\s+")
_URL_RE = re.compile(r"<?https?://\S+")
_LINK_RE = re.compile(r"!?\[[^\[\]]*\]\([^()]*\)")

_TEMPLATE_LEADS = frozenset(
    [
        "name",
        "your name",
        "names",
        "person",
        "who",
        "someone",
        "<name>",
        "[name]",
        "firstname",
        "first name",
        "your name here",
        "name here",
        "author",
    ]
)
_TEMPLATE_TEXT_RE = re.compile(
    r"^(?:(?:please )?add (?:an? |more |your |new )?(?:item|items|update|updates|name|"
    r"yourself|status|entry|entries|here)\b.*|update or pass|your update( here)?|"
    r"update|status( \d+)?|share out( \d+)?|\.\.\.|…|tbd|todo|x|-+|\?+|"
    r"(?:your )?(?:update|status|news)(?: here)?)$",
    re.IGNORECASE,
)


def is_template_update(text: str) -> bool:
    """Template residue in an updates section: ``name: update or pass``, ``add item here``,
    ``Your name: ...``, ``...``, ``Status``, ``Share out 1``."""
    value = clean_name(text)
    if not value or not _ALNUM_RE.search(value):
        return True
    if _TEMPLATE_TEXT_RE.match(value):
        return True
    lead, _rest = _colon_split(text.strip())
    if lead is not None:
        lead_clean = clean_name(lead).lower()
        if lead_clean in _TEMPLATE_LEADS:
            return True
    bold = _BOLD_LEAD_RE.match(text.strip())
    return bool(bold and clean_name(bold.group("lead")).lower() in _TEMPLATE_LEADS)


@functools.lru_cache(maxsize=4096)
def _colon_split(value: str) -> tuple[str | None, str]:
    """Split at the first colon that is not inside a URL, link, code span or time (cached:
    the template test and the grammar both split the same bullet)."""
    masked = _mask(value)
    for match in _COLON_RE.finditer(masked):
        index = match.start()
        if index == 0:
            continue
        before, after = masked[index - 1], masked[index + 1 : index + 2]
        if before.isdigit() and after.isdigit():
            continue  # 9:30
        return value[:index], value[index + 1 :]
    return None, value


# What _mask blanks out, in order, each with a string every match holds (a cheap test
# that skips the pattern on most lines).
_MASKED = (
    (_LINK_RE, "]("),
    (_URL_RE, "://"),
    (re.compile(r"`[^`]*`"), "`"),
    (re.compile(r":[a-z0-9_+-]+:"), ":"),
)


@functools.lru_cache(maxsize=4096)
def _mask(value: str) -> str:
    """``value`` with URLs, links and code spans blanked out, same length (cached: each
    bullet is masked for its colon and again for its dash)."""
    masked = value
    for pattern, needed in _MASKED:
        if needed not in masked:
            continue
        masked = pattern.sub(lambda match: "\0" * len(match.group(0)), masked)
    return masked


def parse_update_bullet(
    text: str, *, has_children: bool = False, known: Collection[str] = ()
) -> UpdateBullet:
    """Classify one top-level bullet of an updates section (marker removed, Markdown kept).

    Author forms: ``Name: text``, ``**Name:** text``, ``**Name**: text``, ``**Name** text``,
    ``[name=Name] text`` (also at the end), ``Name - text``, ``KW: text``,
    ``\\[CH\\] text``, ``[CH] text``, ``@handle: text``, two people (``Ana & Ben:``,
    ``**Ana, Ben**``, ``Ana/Ben:``, ``Ana and Ben:``), and a name-only bullet (``Erik``,
    ``**Erik**``, ``Erik:``) whose update is in its sub-bullets (``has_children``; without
    sub-bullets a bare name is an unfilled template slot). ``known`` holds the names and
    handles already known, compared case-insensitively.
    """
    keys = known_keys(known)
    value = text.strip()
    if value.startswith("~~") and value.endswith("~~") and len(value) > 4:
        value = value[2:-2].strip()  # struck through: still what they reported
    if is_template_update(value):
        return UpdateBullet("template")
    tagged = _HACKMD_NAME_RE.findall(value)
    if tagged:
        authors = tuple(
            author
            for tag in tagged
            for author in (split_people(tag, keys) or (clean_name(tag),))
            if author and clean_name(author).lower() not in _TEMPLATE_LEADS
        )
        rest = _tidy(_HACKMD_NAME_RE.sub(" ", value))
        if not authors:
            return UpdateBullet("template")
        return UpdateBullet("update", authors, rest)
    bold = _BOLD_LEAD_RE.match(value)
    if bold:
        lead = bold.group("lead").strip()
        rest = bold.group("rest")
        lead_clean = clean_name(lead)
        people = _lead_people(lead_clean, keys)
        if people:
            return _authored(people, rest, has_children)
        if lead.rstrip().endswith((":", "：")) or bold.group("colon"):
            return UpdateBullet("topic", (), _tidy(rest))
    bracket = _BRACKET_LEAD_RE.match(value)
    if bracket and bracket.group("lead").strip() not in ("", "x", "X"):
        people = split_people(bracket.group("lead"), keys)
        if people:
            return _authored(people, bracket.group("rest"), has_children)
    lead, rest = _colon_split(value)
    dash = _DASH_RE.search(_mask(value))
    if dash and lead is not None and dash.start() < len(lead):
        # "Erik - worked on X: it is great": the dash comes first, so it ends the lead
        people = _lead_people(value[: dash.start()], keys)
        if people and _short_lead(value[: dash.start()]):
            return _authored(people, value[dash.end() :], has_children)
    if lead is not None and _short_lead(lead):
        people = _lead_people(lead, keys)
        if people:
            return _authored(people, rest, has_children)
        if not _URL_RE.search(lead):
            return UpdateBullet("topic", (), _tidy(rest))
    if dash and _short_lead(value[: dash.start()]):
        lead = value[: dash.start()]
        people = _lead_people(lead, keys)
        if people:
            return _authored(people, value[dash.end() :], has_children)
        if not _URL_RE.search(lead) and (has_children or len(clean_name(lead).split()) <= 3):
            return UpdateBullet("topic", (), _tidy(value))
    people = split_people(value, keys) if _short_lead(value) else None
    if people:
        if has_children:
            return UpdateBullet("update", people, "")
        return UpdateBullet("template", people, "")
    if has_children:
        return UpdateBullet("topic", (), _tidy(value))
    return UpdateBullet("unattributed", (), _tidy(value))


_PAREN_RE = re.compile(r"\s*\([^()]*\)")


def _lead_people(lead: str, keys: KnownKeys) -> tuple[str, ...] | None:
    """People a lead names; a parenthesis after a name (``Erik (he/him)``, ``Kim Doe
    (@kimd)``, ``Ana (5 min)``) is no part of it."""
    people = split_people(lead, keys)
    if people is None and "(" in lead:
        bare = _PAREN_RE.sub(" ", lead).strip()
        people = split_people(bare, keys) if bare else None
    return people


def _short_lead(lead: str) -> bool:
    cleaned = clean_name(lead)
    return 0 < len(cleaned.split()) <= 6 and len(cleaned) <= 60


def _authored(people: tuple[str, ...], rest: str, has_children: bool) -> UpdateBullet:
    text = _tidy(rest)
    if not text and not has_children:
        return UpdateBullet("template", people, "")  # a name left with nothing to say
    return UpdateBullet("update", people, text)


def _tidy(text: str) -> str:
    value = " ".join(text.split())
    value = _LEADING_PUNCT_RE.sub("", value)
    return value.strip()


LINE_CACHES = (_colon_split, _mask)
"""The caches of one-line parses here (emptied by ``parse.forget_line_parses``)."""
