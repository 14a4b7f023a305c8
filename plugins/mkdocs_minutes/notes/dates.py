"""Dates in meeting notes: date headings of archive files, ``Date:`` lines, H1s and paths.

The parser (no MkDocs event of its own: it runs under ``on_files``) asks this module where a
meeting's date comes from. Real notes write dates in dozens of shapes (see FORMATS.md,
"Files and dates"): ``## 2023-11-21``, ``## 25 April 2023``, ``## 2025 December 16``,
``## May 27th 2025``, ``## 6, 13, & 26 March 2025``, ``Date: 03/21/2019``,
``# Team Meeting - March`` and typos such as ``7 Feburary 2023``. Rather than a date
library that guesses at any string, a small grammar of regular expressions recognises the
shapes real notes use, so that ``Goals for 2025`` or ``Version 2.0 release`` stay text.

Every pattern uses bounded repetition only, so a pathological one-megabyte line is scanned
in linear time; no date is ever built without ``datetime`` validating it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

__all__ = [
    "DateMatch",
    "date_from_path",
    "find_date_in_text",
    "front_matter_date",
    "is_date_line",
    "parse_date_heading",
    "year_from_path",
]


@dataclass(frozen=True)
class DateMatch:
    """One date (or several, for ``## 6, 13, & 26 March 2025``) and how it was read."""

    dates: tuple[dt.date, ...]
    """One or more dates in the order written; a multi-date heading gives several."""
    month_only: bool = False
    """The text named a month but no day (``## 2024-06``): the day is set to 1."""
    year_inferred: bool = False
    """The text named no year: it came from ``default_year``."""
    fixed: str = ""
    """A human note of a repair, e.g. ``read 'Feburary' as February``."""

    @property
    def date(self) -> dt.date:
        """The first date: what a single-meeting caller wants."""
        return self.dates[0]


_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_NUMBERS: dict[str, int] = {name: index + 1 for index, name in enumerate(_MONTHS)}
_MONTH_NUMBERS.update({name[:3]: index + 1 for index, name in enumerate(_MONTHS)})
_MONTH_NUMBERS["sept"] = 9
_WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)

# Building blocks. Every quantifier is bounded, and neighbouring pieces cannot match the
# same characters in many ways, so no pattern backtracks more than a constant per position.
# Month names are spelled out, so a long line of other words fails inside the regex
# engine; a misspelt month ("Feburary") is read only between a day and a year.
# Each pattern starts with a character class (a digit, or a month's first letter) and
# checks the character before it with a lookbehind placed after it: the engine then skips
# in C to the next candidate character instead of trying every position of a long line.
_WORD_BEFORE = r"(?<![A-Za-z0-9_./\-])"
_D = r"\d(?<![A-Za-z0-9_./\-]\d)"  # a first digit not glued to a word, path or number
# What follows a month's first letter, chosen by that letter (looked at behind).
_MONTH_REST = (
    r"(?:(?<=[Jj])(?i:an(?:uary)?|une?|uly?)|(?<=[Ff])(?i:eb(?:ruary)?)"
    r"|(?<=[Mm])(?i:ar(?:ch)?|ay)|(?<=[Aa])(?i:pr(?:il)?|ug(?:ust)?)"
    r"|(?<=[Ss])(?i:ep(?:t(?:ember)?)?)|(?<=[Oo])(?i:ct(?:ober)?)|(?<=[Nn])(?i:ov(?:ember)?)"
    r"|(?<=[Dd])(?i:ec(?:ember)?))"
)
_MONTH = r"(?P<mon>[ADFJMNOSadfjmnos](?<![A-Za-z].)" + _MONTH_REST + r")(?![A-Za-z])\.?"
_ORD = r"(?i:st|nd|rd|th)?(?![A-Za-z0-9])"
_DAY = r"\d{1,2}(?![\d:])" + _ORD
_DAY_FIRST = _D + r"\d?(?![\d:])" + _ORD
# A day, or a range of days ("1-3") of which the first is the meeting's date.
_RANGE = r"(?:[ \t]{0,2}[-–][ \t]{0,2}" + _DAY + r")?"
# Each space can be matched one way only: an ambiguous separator inside the repeated day
# list would backtrack exponentially on "1, 1, 1, ..." lines.
_AND = r"(?:&|(?i:and)(?![A-Za-z]))"
_DAY_SEP = r"[ \t]{0,3}(?:,[ \t]{0,3}(?:" + _AND + r"[ \t]{0,3})?|" + _AND + r"[ \t]{0,3})"
_DAY_LIST = r"(?P<days>" + _DAY + _RANGE + r"(?:" + _DAY_SEP + _DAY + _RANGE + r"){0,9})"
# The days before the last of a day-first list ("6, 13, & " of "6, 13, & 26 March 2025"),
# looked for backwards from a match: a day list at the start of a pattern would be tried
# at every digit of a long line of numbers.
_DAYS_BEFORE = re.compile(_WORD_BEFORE + r"(?:" + _DAY + _RANGE + _DAY_SEP + r"){1,9}\Z")
_YEAR = r"(?P<year>\d{4}(?!\d)|'\d{2}(?!\d))"
_GAP = r"[ \t,.\-/]{1,4}"
_DAYS_ANON = _DAY + _RANGE + r"(?:" + _DAY_SEP + _DAY + _RANGE + r"){0,9}"


def _month_or_typo(then: str) -> str:
    """A month name, or a word that may be a misspelt one when ``then`` follows it (the
    rest of a date with a year): ``7 Feburary 2023`` is a date, ``12 Marsh`` is not."""
    return (
        r"(?P<mon>[A-Za-z](?<![A-Za-z].)(?:"
        + _MONTH_REST
        + r"(?![A-Za-z])|[A-Za-z]{4,9}(?![A-Za-z])(?=\.?"
        + then
        + r")))\.?"
    )


def _dmy() -> str:
    """Day first: ``25 April 2023``, ``19th of November, 2020``, ``21-Mar-2019``."""
    year = r"[ \t,.\-/]{1,4}"
    return (
        r"(?P<days>"
        + _DAY_FIRST
        + _RANGE
        + r")"
        + _GAP
        + r"(?:(?i:of)[ \t]{1,3})?"
        + _month_or_typo(year + r"\d{4}(?!\d)")
        + r"(?:"
        + year
        + _YEAR
        + r")?"
    )


def _mdy() -> str:
    """Month first: ``May 27th 2025``, ``Apr 29, 2025``, ``March 6, 13 and 20, 2025``."""
    gap = r"[ \t,.\-]{1,4}(?:(?i:the)[ \t]{1,3})?"
    year = r"[ \t,.\-]{1,4}"
    return (
        _month_or_typo(gap + _DAYS_ANON + year + r"\d{4}(?!\d)")
        + gap
        + _DAY_LIST
        + r"(?:"
        + year
        + _YEAR
        + r")?"
    )


# Each pattern names its groups the same way: days, mon (a word) or month (digits), year.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 2019-03-21, 2025-10-1, 2019/03/21, 2019.03.21
    (
        "iso",
        re.compile(
            r"(?P<year>" + _D + r"\d{3})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)"
            r"(?P<days>\d{1,2})(?!\d)(?![-/.]\d)"
        ),
    ),
    # 2024-06 (a month: the day is unknown)
    (
        "iso-month",
        re.compile(r"(?P<year>" + _D + r"\d{3})-(?P<month>\d{1,2})(?![\dA-Za-z])(?![-/.]\d)"),
    ),
    # 03/21/2019 (US), 21/03/2019 (day first when it cannot be a month), 21.03.2019, 3/21/19
    (
        "numeric",
        re.compile(
            r"(?P<a>" + _D + r"\d?)(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)"
            r"(?P<year>\d{4}|\d{2})(?![\dA-Za-z])(?![-/.]\d)"
        ),
    ),
    # 25 April 2023, Thursday 19th November 2020, 21-Mar-2019, 21 March, 7 Feburary 2023
    ("dmy", re.compile(_dmy())),
    # 2025 December 16, 2025-Dec-16, 2025 Decmber 16
    (
        "ymd",
        re.compile(
            r"(?P<year>" + _D + r"\d{3})" + _GAP + _month_or_typo(_GAP + r"\d") + _GAP + _DAY_LIST
        ),
    ),
    # May 27th 2025, Apr 29, 2025, March 23 2023, March 21st, March 6, 13 and 20, 2025,
    # Feburary 7, 2023
    ("mdy", re.compile(_mdy())),
    # March 2019 (a month)
    ("month-year", re.compile(_MONTH + r"[ \t,.\-]{1,4}" + _YEAR)),
    # "Team Meeting - March", "## March": a month name ending the text after a separator.
    # Only the end of the text is searched (see _first_valid).
    (
        "month-end",
        re.compile(r"(?:^|[-–—:|(][ \t]{0,3})(?P<mon>[A-Z][a-z]{2,8})[ \t]{0,3}\)?[ \t.!]{0,20}$"),
    ),
)
_MONTH_END_WINDOW = 48

_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+", re.IGNORECASE)
_MARKUP = re.compile(r"[*_~`\\\u200b\u200c\u200d\u2060\ufeff\ufe0f]")
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_ORDINAL_SUFFIX = re.compile(r"(?<=\d)(?:st|nd|rd|th)$", re.IGNORECASE)


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    match: DateMatch


def _osa_distance(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbours as one edit (Feburary/February)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


@functools.lru_cache(maxsize=1024)
def _month_number(word: str, allow_typo: bool) -> tuple[int, str] | None:
    """The month a word names, and a repair note when it was a typo."""
    key = word.lower().rstrip(".")
    if key in _MONTH_NUMBERS:
        return _MONTH_NUMBERS[key], ""
    if not allow_typo or len(key) < 5:
        return None
    limit = 1 if len(key) <= 6 else 2
    close = [
        (distance, name)
        for name in _MONTHS
        if name[0] == key[0] and len(name) >= 5
        for distance in [_osa_distance(key, name)]
        if distance <= limit
    ]
    if not close:
        return None
    close.sort()
    if len(close) > 1 and close[0][0] == close[1][0]:
        return None
    name = close[0][1]
    return _MONTH_NUMBERS[name], f"read '{word}' as {name.capitalize()}"


def _year_value(token: str) -> int:
    """``2019``, ``'19`` or ``19`` as a four-digit year."""
    digits = token.lstrip("'")
    if len(digits) == 2:
        value = int(digits)
        return 2000 + value if value < 70 else 1900 + value
    return int(digits)


def _days(days: str) -> list[int]:
    """The days of a day list: ``6, 13, & 26`` -> 6, 13, 26; a range ``1-3`` gives 1."""
    result: list[int] = []
    for part in re.split(r"[ \t]{0,3}(?:,|&|\band\b)[ \t]{0,3}", days):
        part = part.strip(" \t,&")
        if not part:
            continue
        first = re.split(r"[-–]", part)[0].strip()
        result.append(int(_ORDINAL_SUFFIX.sub("", first)))
    return result


def _build(kind: str, groups: dict[str, str | None], default_year: int | None) -> DateMatch | None:
    """Turn one pattern match into a validated DateMatch, or None when it is no date."""
    fixed = ""
    year_inferred = False
    month_only = False
    if kind in ("iso", "iso-month"):
        month = int(groups["month"])
        days = [int(groups["days"])] if kind == "iso" else [1]
        month_only = kind == "iso-month"
        year = int(groups["year"])
    elif kind == "numeric":
        first, second = int(groups["a"]), int(groups["b"])
        year_text = groups["year"]
        if groups["sep"] != "/" and len(year_text) == 2:
            return None  # 1.2.20 is a version more often than a date
        if groups["sep"] == "/":
            month, day = (second, first) if first > 12 else (first, second)
        else:
            month, day = (first, second) if second > 12 else (second, first)
        days = [day]
        year = _year_value(year_text)
    else:
        word = groups["mon"]
        has_year = bool(groups.get("year"))
        has_day = bool(groups.get("days"))
        looked_up = _month_number(word, allow_typo=has_year and has_day)
        if looked_up is None:
            return None
        month, fixed = looked_up
        if kind == "month-end" and word.lower() not in _MONTHS:
            return None  # "- Mar" at the end of a line is too weak: full names only
        if not has_year and not word[0].isupper():
            return None  # "we may 2x that" is no date; a year-less month is capitalised
        days = _days(groups["days"]) if has_day else [1]
        month_only = not has_day
        if has_year:
            year = _year_value(groups["year"])
        elif default_year is None:
            return None
        else:
            year = default_year
            year_inferred = True
    try:
        dates = tuple(dt.date(year, month, day) for day in days)
    except (ValueError, OverflowError):
        return None
    return DateMatch(dates=dates, month_only=month_only, year_inferred=year_inferred, fixed=fixed)


def _clean(text: str) -> str:
    """Blank out URLs, drop emphasis and invisible characters, unify spaces."""
    text = _URL.sub(lambda url: " " * len(url.group()), text)
    text = _SPACES.sub(" ", text)
    return _MARKUP.sub("", text)


def _first_valid(
    kind: str, pattern: re.Pattern[str], text: str, pos: int, default_year: int | None
) -> _Found | None:
    """The first match of one pattern from ``pos`` that is a real date."""
    origin = pos
    if kind == "month-end":
        pos = max(pos, len(text) - _MONTH_END_WINDOW)
    while pos <= len(text):
        found = pattern.search(text, pos)
        if found is None:
            return None
        groups = found.groupdict()
        match = _build(kind, groups, default_year)
        if match is None:
            pos = found.start() + 1
            continue
        start = found.start()
        if kind == "dmy":
            before = _DAYS_BEFORE.search(text, max(origin, start - 80), start)
            if before is not None:
                groups["days"] = before.group() + (groups["days"] or "")
                longer = _build(kind, groups, default_year)
                if longer is not None:
                    match, start = longer, before.start()
        return _Found(start, found.end(), match)
    return None


def _find(text: str, pos: int, default_year: int | None) -> _Found | None:
    """The leftmost date from ``pos`` (the longest one when two start together)."""
    best: _Found | None = None
    for kind, pattern in _PATTERNS:
        found = _first_valid(kind, pattern, text, pos, default_year)
        if found is None:
            continue
        if best is None or (found.start, -found.end) < (best.start, -best.end):
            best = found
    return best


def find_date_in_text(text: str, default_year: int | None = None) -> DateMatch | None:
    """The first date a line of body text or an H1 states.

    Used for ``Date:`` lines (``Date: 21 March 2019 at 6pm Zurich time``, ``- **Date:**
    Thursday 19th November 2020``, ``Date: 03/21/2019`` read as US month/day), ``Proposed:``
    and ``When:`` lines, and H1s (``Sync meeting (2025-01-14)``, ``Team Meeting - March``
    gives March 1 of ``default_year`` with ``month_only``). Dates inside URLs are ignored.
    A date without a year takes ``default_year`` (``year_inferred``); without
    ``default_year`` it is skipped, so a line whose only date lacks a year gives None.
    """
    found = _find(_clean(text), 0, default_year)
    return found.match if found else None


def front_matter_date(meta: Mapping[str, object]) -> DateMatch | None:
    """The date front matter's ``date`` states, or None.

    YAML reads ``date: 2025-01-14`` as a date (a timestamp as a datetime); a quoted value
    (``date: "2025-01-14"``, ``date: 14 January 2025``) is read as a ``Date:`` line is. One
    reader for the parser and ``minutes import``, so that both date a note alike; a month
    without a day comes back with ``month_only`` and each caller decides whether a month
    is enough (the parser dates the meeting by it; the importer asks for the day).
    """
    value = meta.get("date")
    if isinstance(value, dt.datetime):
        return DateMatch(dates=(value.date(),))
    if isinstance(value, dt.date):
        return DateMatch(dates=(value,))
    if isinstance(value, str):
        match = find_date_in_text(value)
        if match and match.dates:
            return match
    return None


# Words a date heading may carry besides the date: "## Thursday 19th November 2020",
# "## 12 December 2024 - cancelled", "## Meeting notes 2024-01-09".
_FILLER_WORDS = frozenset(
    [
        *_WEEKDAYS,
        *(day[:3] for day in _WEEKDAYS),
        "tues",
        "thur",
        "thurs",
        "weds",
        "meeting",
        "meetings",
        "notes",
        "minutes",
        "call",
        "sync",
        "session",
        "on",
        "of",
        "the",
        "and",
        "at",
        "cancelled",
        "canceled",
        "postponed",
        "rescheduled",
        "skipped",
        "no",
        "ad-hoc",
        "adhoc",
        "extra",
        "special",
        "utc",
        "gmt",
        "cet",
        "cest",
        "bst",
        "pst",
        "pdt",
        "pt",
        "est",
        "edt",
        "et",
    ]
)
_PARENTHETICAL = re.compile(r"\([^()\n]{0,40}\)|\[[^\[\]\n]{0,40}\]")
_TIME = re.compile(
    r"(?<![\w])\d{1,2}(?:[:.h]\d{2})?[ \t]?(?:am|pm)(?![\w])|(?<![\w])\d{1,2}:\d{2}(?![\w])",
    re.IGNORECASE,
)
_ORDINAL = re.compile(r"(?<![\w])\d{1,2}(?:st|nd|rd|th)(?![\w])", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+")
_MAX_HEADING = 200


def _is_filler(rest: str) -> bool:
    """True when what is left of a heading besides its dates carries no other meaning."""
    rest = _PARENTHETICAL.sub(" ", rest)
    rest = _TIME.sub(" ", rest)
    rest = _ORDINAL.sub(" ", rest)
    return all(word.lower() in _FILLER_WORDS for word in _WORD.findall(rest))


def _findall(text: str, default_year: int | None) -> Iterator[_Found]:
    """Every date of a short text, left to right."""
    pos = 0
    while pos < len(text):
        found = _find(text, pos, default_year)
        if found is None:
            return
        yield found
        pos = max(found.end, found.start + 1)


def parse_date_heading(text: str, default_year: int | None = None) -> DateMatch | None:
    """Is this heading text (without the ``#``) a date heading that starts a meeting?

    In an archive file one ``##`` section per meeting is headed by its date:
    ``2023-11-21``, ``25 April 2023``, ``2025 December 16``, ``May 27th 2025``, month-only
    ``2024-06``, the typo ``7 Feburary 2023``, three dates ``6, 13, & 26 March 2025``,
    ``Thursday 19th November 2020``, ``12 December 2024 (cancelled)``. The date must be
    essentially the whole heading: weekday names, ``meeting``/``notes``, times, short
    parentheticals and punctuation may surround it, anything else (``Goals for 2025``,
    ``Q1 planning``, ``Version 2.0 release``, ``Agenda``) makes it no date heading.
    """
    if len(text) > _MAX_HEADING:
        return None
    cleaned = _clean(text)
    found = list(_findall(cleaned, default_year))
    if not found:
        return None
    rest: list[str] = []
    pos = 0
    for item in found:
        rest.append(cleaned[pos : item.start])
        pos = item.end
    rest.append(cleaned[pos:])
    if not _is_filler(" ".join(rest)):
        return None
    matches = [item.match for item in found]
    return DateMatch(
        dates=tuple(date for match in matches for date in match.dates),
        month_only=any(match.month_only for match in matches),
        year_inferred=any(match.year_inferred for match in matches),
        fixed="; ".join(match.fixed for match in matches if match.fixed),
    )


_DATE_LABEL = re.compile(
    r"^[ \t]{0,8}(?:>[ \t]{0,4})?(?:[-*+][ \t]{1,4})?(?:\*\*|__|\*|_)?[ \t]{0,2}"
    r"(?:meeting[ \t]+date|proposed[ \t]+date|date[ \t]+and[ \t]+time|date[ \t]*&[ \t]*time"
    r"|dates?|when|proposed)"
    r"[ \t]{0,2}(?:\*\*|__|\*|_)?[ \t]{0,2}(?::|[-–—][ \t])",
    re.IGNORECASE,
)


def is_date_line(text: str) -> bool:
    """True for a leading ``Date: ...`` label line: ``Date: ...``, ``- **Date:** ...``,
    ``**Date**: ...``, ``Date - ...``, ``When: ...``, ``Proposed: ...``.

    The parser keeps such lines as note content (MkDocs would otherwise eat them as page
    metadata) and reads the meeting's date from them.
    """
    return bool(_DATE_LABEL.match(text))


_PATH_DATE = re.compile(
    r"^(?P<year>\d{4})(?P<sep>[-_.]?)(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
    r"(?:[-_. ]+(?P<name>.+))?$"
)
_INDEX_STEMS = frozenset(["index", "readme", "_index"])


def _stem(part: str) -> str:
    """A path part without its Markdown suffix."""
    return re.sub(r"\.(?:md|markdown)$", "", part, flags=re.IGNORECASE)


def _date_in_part(part: str) -> tuple[dt.date, str | None] | None:
    """A date (and the name after it) at the start of one path part."""
    found = _PATH_DATE.match(part)
    if found is None:
        return None
    if not found.group("sep") and (len(found.group("month")) != 2 or len(found.group("day")) != 2):
        return None  # 2024 + 1 + 5 digits is no date
    try:
        date = dt.date(int(found.group("year")), int(found.group("month")), int(found.group("day")))
    except ValueError:
        return None
    name = found.group("name")
    return date, (name.strip() or None) if name else None


_MAX_PATH = 4096  # no file system has longer paths; a longer "path" is no note's


def _parts(path: str) -> list[str]:
    """The path's parts, POSIX or Windows separators, without empty parts."""
    if len(path) > _MAX_PATH:
        return []
    return [part for part in re.split(r"[\\/]", path) if part and part != "."]


def date_from_path(path: str) -> tuple[dt.date, str | None] | None:
    """The date (and the NAME part, if any) a note's path relative to ``notes_dir`` states.

    ``2019-03-21.md`` -> (2019-03-21, None); ``20250624-jupytergis-sync/index.md`` ->
    (2025-06-24, ``jupytergis-sync``); ``2023-09-29-maintenance-planning.md`` ->
    (2023-09-29, ``maintenance-planning``); ``2018-01-04_report.md`` -> (2018-01-04,
    ``report``). The file name counts, or the folder of an ``index.md``/``README.md``.
    Archive names (``2024.md``, ``2023_Q1.md``) and impossible dates give None.
    """
    parts = _parts(path)
    if not parts:
        return None
    stem = _stem(parts[-1])
    if stem.lower() in _INDEX_STEMS:
        return _date_in_part(parts[-2]) if len(parts) > 1 else None
    return _date_in_part(stem)


_PATH_YEAR = re.compile(r"(?<![0-9A-Za-z])(?P<year>19\d{2}|2[01]\d{2})(?![0-9])")


def year_from_path(path: str) -> int | None:
    """A year the path states: ``2024.md``, ``2023_Q1.md``, ``reports/minutes_2025.md``,
    ``meeting_notes/2023/foo.md`` (and the year of a full date path).

    It is the default year for archive headings that name no year (``## March 21st``).
    The file name counts first, then the folders from the nearest up.
    """
    dated = date_from_path(path)
    if dated is not None:
        return dated[0].year
    parts = _parts(path)
    if not parts:
        return None
    for part in [_stem(parts[-1]), *reversed(parts[:-1])]:
        found = _PATH_YEAR.search(part)
        if found:
            return int(found.group("year"))
    return None
