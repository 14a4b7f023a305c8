"""The agenda-item grammar: speaker and time-box tags in an item's title.

Agenda items carry who brings them and how long they take in more than ten styles
(``[Zach - 1 min]``, ``[Tim, 10min]``, ``(5 mins)``, ``**Min (10m):** topic``,
``Tim [10min] - topic``, HackMD ``[name=Dan] [time=5 minutes]``, ``[Chris H]``,
``[Patricia/Sarah - 5 mins?]``, ranges ``5-10 minutes``, ``~5min``). The tags come off
the title (the anchor is the slug of what is left); Markdown links stay, because
``[a communications plan](https://...)`` is the title, not a tag.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from .names import KnownKeys, clean_name, known_keys, looks_like_person

# Patterns of the functions below, compiled once rather than looked up per line.
_NAME_EQ_RE = re.compile(r"^name\s*=\s*", re.IGNORECASE)
_TIME_EQ_RE = re.compile(r"\btime\s*=\s*", re.IGNORECASE)
_TAG_SEPARATOR_RE = re.compile(r"\s*(?:,|/|&|\+|\band\b)\s*")
_SPACE_BEFORE_PUNCT_RE = re.compile(r"\s+([.,;:!?])(?=\s|$)")
_EMPTY_BRACKETS_RE = re.compile(r"(?<![\w)\]])(?:\(\s*\)|\[\s*\](?!\())(?!\w)")
_LEADING_PUNCT_RE = re.compile(r"^(?:[\s\-–—,;]|:(?![a-z0-9_+-]{1,40}:))+")
_TRAILING_PUNCT_RE = re.compile(r"[\s:\-–—,;]+$")
_LEADING_BOX_RE = re.compile(r"^\[[ xX]?\]\s*")
_ALNUM_RE = re.compile(r"[^\W_]")
_NAME_SLOT_RE = re.compile(r"\[\s*name\s*(?:[-,/]\s*(?:time|minutes|duration))?\s*\]", re.I)


__all__ = ["is_template_item", "split_speaker_tags"]

#: Longer "titles" are paragraphs: their brackets are not read as speaker or time tags.
MAX_TITLE = 600

_TIME_RE = re.compile(
    r"(?P<approx>~|≈|ca\.?\s*|about\s+|approx\.?\s*)?"
    r"(?P<a>\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(?P<b>\d+(?:\.\d+)?))?\s*"
    r"(?P<unit>minutes?|mins?|m|hours?|hrs?|h)(?![\w])\.?\??",
    re.IGNORECASE,
)
_LINK_RE = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\([^()]*\)")
_CODE_RE = re.compile(r"`[^`]*`")
_URL_RE = re.compile(r"<?https?://[^\s>]+>?")
_HACKMD_RE = re.compile(r"\\?\[(?P<key>name|time)\s*=\s*(?P<value>[^\[\]]*?)\\?\]", re.IGNORECASE)
_BRACKET_RE = re.compile(r"(?<!!)\\?\[(?P<body>[^\[\]\\]+?)\\?\](?!\()")
_PAREN_RE = re.compile(r"\((?P<body>[^()]+)\)")
_BOLD_LEAD_RE = re.compile(r"^(\*\*|__)(?P<lead>.+?)\1\s*(?P<rest>.*)$")
_NAME_TAG_LEAD_RE = re.compile(
    r"^(?P<lead>[^\[\]():*_`]{1,40}?)\s*(?P<tag>\\?\[[^\[\]]+\\?\](?!\()|\([^()]+\))\s*"
    r"[-–—:]\s*(?P<rest>\S.*)$"
)
_KNOWN_LEAD_RE = re.compile(
    r"^(?P<prefix>(?:added late|late addition|late|new|added)\s*[:\-–—]\s*)?"
    r"(?P<lead>[^:\[\]()]{1,40}?)\s*:\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_KNOWN_DASH_LEAD_RE = re.compile(
    r"^(?P<prefix>)(?P<lead>[^:\[\]()\-–—]{1,40}?)\s+[-–—]\s+(?P<rest>\S.*)$"
)
_TRAILING_TIME_RE = re.compile(
    r"(?:^|(?<=[\s,;–—-]))[\s,;–—-]*(?:~|≈|ca\.?\s*|about\s+)?\d+(?:\s*(?:-|–|to)\s*\d+)?\s*"
    r"(?:minutes?|mins?|m|hours?|hrs?)\.?\??\s*$",
    re.IGNORECASE,
)


def _minutes(match: re.Match[str]) -> int:
    value = float(match.group("b") or match.group("a"))
    if match.group("unit").lower().startswith("h"):
        value *= 60
    return round(value)


def _speaker_ok(name: str, keys: KnownKeys, *, strict: bool) -> bool:
    """A speaker must look like a person; all-caps tags need to be known or two letters."""
    cleaned = clean_name(name)
    if not looks_like_person(cleaned, keys):
        return False
    if strict and cleaned.isupper() and len(cleaned) > 2:
        return cleaned.lower() in keys
    return True


def _parse_tag(
    body: str, keys: KnownKeys, *, allow_name_only: bool
) -> tuple[tuple[str, ...], int | None] | None:
    """``Zach - 1 min`` -> (('Zach',), 1); ``10min`` -> ((), 10); None when not a tag."""
    value = clean_name(body) if not body.strip().endswith("?") else body.strip()
    value = value.replace("**", "").replace("__", "")
    value = _NAME_EQ_RE.sub("", value)
    value = _TIME_EQ_RE.sub("", value)
    minutes: int | None = None
    time = _TIME_RE.search(value)
    if time:
        minutes = _minutes(time)
        value = value[: time.start()] + " " + value[time.end() :]
    rest = value.strip(" -–—,:;?/~&")
    if not rest:
        return ((), minutes) if minutes is not None else None
    parts = [part.strip() for part in _TAG_SEPARATOR_RE.split(rest)]
    parts = [clean_name(part) for part in parts if part.strip()]
    if not parts:
        return None
    strict = minutes is None
    if not all(_speaker_ok(part, keys, strict=strict) for part in parts):
        return None
    if minutes is None and not allow_name_only:
        return None
    return tuple(part.lstrip("@") for part in parts), minutes


def _protected(title: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pattern in (_LINK_RE, _CODE_RE, _URL_RE):
        spans.extend(match.span() for match in pattern.finditer(title))
    return spans


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in spans)


def split_speaker_tags(
    title: str, known: Collection[str] = ()
) -> tuple[str, tuple[str, ...], int | None]:
    """``(title without tags, speakers, minutes)`` for an agenda item's title.

    Styles: ``[Zach - 1 min]``, ``[Tim, 10min]``, ``(5 mins)``, ``**Min (10m):** topic``,
    ``Tim [10min] - topic``, ``[name=Dan] [time=5 minutes]``, ``[name=Ana, 5 minutes]``,
    ``[Chris H]``, ``[Patricia/Sarah - 5 mins?]``, ``5-10 minutes`` (the upper bound),
    ``~5min``, ``[Brian - 3m]``, ``(Ana, 15 min)``. Markdown links are never tags. A
    leading ``Name:`` or ``Name - `` is a speaker only when the name is in ``known``
    (``ADDED LATE: erik: topic`` gives speaker ``erik`` and keeps ``ADDED LATE:`` in the
    title), because leads like ``Governance:`` are far more often topics. Speakers must look like names; a
    bracket or parenthesis that is neither a time nor names stays in the title.
    """
    keys = known_keys(known)
    value = title.strip()
    if len(value) > MAX_TITLE:
        return _tidy(value), (), None  # a paragraph, not a title with tags
    tags = _Tags()
    add = tags.add
    value = _bold_lead(value, keys, add)
    if "[" in value:  # every HackMD tag is bracketed
        value = _hackmd_tags(value, add)
    value = _name_tag_lead(value, keys, add)
    value = _strip_groups(value, _BRACKET_RE, keys, add, name_only="anywhere")
    value = _strip_groups(value, _PAREN_RE, keys, add, name_only="end")
    value = _trailing_time(value, add)
    value = _known_lead(value, keys, add)
    return _tidy(value), tuple(tags.speakers), tags.minutes


_Add = Callable[[tuple[str, ...], "int | None"], None]
"""Records speakers and a duration found in a title (the first duration wins)."""


class _Tags:
    """The speakers and the duration read from one title so far."""

    def __init__(self) -> None:
        self.speakers: list[str] = []
        self.minutes: int | None = None

    def add(self, found: tuple[str, ...], found_minutes: int | None) -> None:
        for speaker in found:
            if speaker and speaker not in self.speakers:
                self.speakers.append(speaker)
        if self.minutes is None and found_minutes is not None:
            self.minutes = found_minutes


def _bold_lead(value: str, keys: KnownKeys, add: _Add) -> str:
    """``**Min (10m):** topic``: a bold lead ending in a colon that parses as a tag."""
    bold = _BOLD_LEAD_RE.match(value)
    if bold:
        lead = bold.group("lead").strip()
        rest = bold.group("rest")
        if lead.endswith((":", "：")) or rest.startswith((":", "：")):
            parsed = _parse_lead(lead.rstrip(":：").strip(), keys)
            if parsed:
                add(*parsed)
                value = rest.lstrip(":： ").strip()
    return value


def _hackmd_tags(value: str, add: _Add) -> str:
    """``[name=Dan] [time=5 minutes]``, ``[name=Ana, 5 minutes]``: HackMD's tags, outside
    Markdown links."""

    def hackmd(match: re.Match[str]) -> str:
        if _inside(match.span(), _protected_links(value)):
            return match.group(0)
        body = match.group("value").strip()
        if match.group("key").lower() == "time":
            time = _TIME_RE.search(body)
            if time:
                add((), _minutes(time))
            return " "
        time = _TIME_RE.search(body)
        if time:
            add((), _minutes(time))
            body = body[: time.start()] + body[time.end() :]
        names = [clean_name(part) for part in _NAME_SEPARATOR_RE.split(body)]
        add(tuple(name.lstrip("@") for name in names if name and name.lower() != "name"), None)
        return " "

    return _HACKMD_RE.sub(hackmd, value)


def _name_tag_lead(value: str, keys: KnownKeys, add: _Add) -> str:
    """``Tim [10min] - topic``: names, then a time tag, then the topic."""
    lead_tag = _NAME_TAG_LEAD_RE.match(value)
    if lead_tag:
        tag_body = lead_tag.group("tag").strip("\\[]()")
        parsed_tag = _parse_tag(tag_body, keys, allow_name_only=False)
        lead_people = _people(lead_tag.group("lead"), keys)
        if parsed_tag and lead_people:
            add(lead_people, parsed_tag[1])
            add(parsed_tag[0], None)
            value = lead_tag.group("rest")
    return value


def _trailing_time(value: str, add: _Add) -> str:
    """``topic 5-10 minutes``: a bare duration at the end (not inside code or a link)."""
    trailing = _TRAILING_TIME_RE.search(value)
    if trailing and trailing.start() > 0 and not _inside(trailing.span(), _protected(value)):
        time = _TIME_RE.search(trailing.group(0))
        if time:
            add((), _minutes(time))
            value = value[: trailing.start()]
    return value


def _known_lead(value: str, keys: KnownKeys, add: _Add) -> str:
    """``erik: topic`` or ``Erik - topic``: a leading name, only when it is a known one."""
    known_lead = _KNOWN_LEAD_RE.match(value.strip()) or _KNOWN_DASH_LEAD_RE.match(value.strip())
    if known_lead and keys:
        people = _people(known_lead.group("lead"), keys, known_only=True)
        if people:
            add(people, None)
            value = f"{known_lead.group('prefix') or ''}{known_lead.group('rest')}"
    return value


def _protected_links(value: str) -> list[tuple[int, int]]:
    return [match.span() for match in _LINK_RE.finditer(value)]


_LEAD_TAG_RE = re.compile(
    r"^(?P<name>[^\[\]()]+?)\s*(?:\\?\[(?P<a>[^\[\]]+)\\?\]|\((?P<b>[^()]+)\))?$"
)
_NAME_SEPARATOR_RE = re.compile(r"\s*(?:,|/|&|\band\b)\s*")


def _parse_lead(lead: str, keys: KnownKeys) -> tuple[tuple[str, ...], int | None] | None:
    """``Min (10m)``, ``Min [10 min]``, ``Min`` from a bold ``**...:**`` lead."""
    match = _LEAD_TAG_RE.match(lead)
    if not match:
        return None
    people = _people(match.group("name"), keys)
    if not people:
        return None
    tag = match.group("a") or match.group("b")
    minutes = None
    if tag:
        parsed = _parse_tag(tag, keys, allow_name_only=False)
        if parsed is None:
            return None
        people = people + parsed[0]
        minutes = parsed[1]
    return people, minutes


def _people(lead: str, keys: KnownKeys, *, known_only: bool = False) -> tuple[str, ...] | None:
    parts = [clean_name(part) for part in _TAG_SEPARATOR_RE.split(lead.strip())]
    parts = [part for part in parts if part]
    if not parts:
        return None
    for part in parts:
        if known_only:
            if part.lstrip("@").lower() not in keys:
                return None
        elif not _speaker_ok(part, keys, strict=True):
            return None
    return tuple(part.lstrip("@") for part in parts)


def _strip_groups(
    value: str,
    pattern: re.Pattern[str],
    keys: KnownKeys,
    add: Callable[[tuple[str, ...], int | None], None],
    *,
    name_only: str,
) -> str:
    """Remove every bracket/paren group of ``pattern`` that parses as a tag (a few at most:
    a title carries one or two)."""
    result = value
    for _ in range(8):
        protected: list[tuple[int, int]] | None = None  # found when a group is, not before
        changed = False
        for match in pattern.finditer(result):
            if protected is None:
                protected = _protected(result)
            if _inside(match.span(), protected):
                continue
            body = match.group("body")
            if body.strip() in ("", "x", "X"):
                continue
            at_end = not result[match.end() :].strip(" .!?:;,-–—*_")
            allow = name_only == "anywhere" or at_end
            parsed = _parse_tag(body, keys, allow_name_only=allow)
            if parsed is None:
                continue
            add(*parsed)
            result = result[: match.start()] + " " + result[match.end() :]
            changed = True
            break
        if not changed:
            return result
    return result


def _tidy(value: str) -> str:
    text = " ".join(value.split())
    text = _SPACE_BEFORE_PUNCT_RE.sub(r"\1", text)
    # Brackets a removed tag left empty; never ``fn()`` or ``0A()0`` written in a word.
    text = _EMPTY_BRACKETS_RE.sub("", text)
    text = " ".join(text.split())
    text = _LEADING_PUNCT_RE.sub("", text)  # keep :tada:
    text = _TRAILING_PUNCT_RE.sub("", text)
    return text.strip()


_TEMPLATE_ITEM_RE = re.compile(
    r"^(?:(?:please )?add (?:an? |more |your |new )?(?:agenda )?(?:item|items|topic|topics|"
    r"here)\b.*|(?:new |agenda )?(?:item|topic)(?: \d+)?|topic \[?name\b.*|"
    r"share out(?: \d+)?|status|\.\.\.|…|tbd|x|-+|\?+|follow-up here|add here|"
    r"(?:your )?(?:item|topic|agenda item) here)$",
    re.IGNORECASE,
)


def is_template_item(text: str) -> bool:
    """Template residue in an agenda: ``add item here``, ``_Please add more items if you
    have them!_``, ``Topic [name - time]``, ``...``, ``Share out 1``, an empty checkbox."""
    value = _LEADING_BOX_RE.sub("", text.strip())
    value = clean_name(value)
    if not value or not _ALNUM_RE.search(value):
        return True
    if _NAME_SLOT_RE.search(value):
        return True
    return bool(_TEMPLATE_ITEM_RE.match(value.rstrip("!. ")))
