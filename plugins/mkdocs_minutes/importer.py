"""Normalise a HackMD or Google Docs Markdown export into an archive note (``minutes import``).

Notes reach the archive by copy-paste from HackMD or Google Docs ("Download as Markdown").
Both exports carry quirks a reviewer would otherwise fix by hand (FORMATS.md, "Markdown
quirks"): two-space (HackMD) or ``*   `` (Google Docs) list indentation, ``\\@`` and ``\\_``
escapes, ``[url](url)`` links, HackMD-only lines (``[TOC]``, ``{%hackmd ... %}``,
``###### tags:``), non-breaking and zero-width spaces, bold markers around nothing, escaped
bullets. :func:`normalise_export` rewrites those into the plain Markdown the archive keeps,
changes nothing else (code, smart quotes, ``[name=X]``, ``==mark==``, ``:::spoiler`` stay),
detects the meeting's date and series, and says what it changed. Running it on its own
output changes nothing. Lists are read by the renderer's own engine (``rendering/lists.py``)
and code by the project's one scanner (``scan.py``), so the note renders as the export did.
No MkDocs import: the ``minutes import`` command is its only caller.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field

from .notes.dates import find_date_in_text, front_matter_date, is_date_line
from .notes.outline import split_front_matter
from .redact import redact
from .rendering.lists import (
    BLANK,
    BLANK_AFTER_LIST,
    BLANK_BEFORE_LIST,
    TEXT,
    Policy,
    normalise_lines,
)
from .scan import code_spans, fenced_lines
from .text import ascii_slug, decode_note

__all__ = ["ImportResult", "normalise_export"]


@dataclass(frozen=True)
class ImportResult:
    """A normalised note and what the import found out and changed."""

    text: str
    """The normalised note, UTF-8 text, ending with exactly one newline."""
    date: dt.date | None
    """The meeting date the note states (front matter, H1, ``Date:`` line), or None."""
    series: str | None
    """The series the note names (front matter ``series:``, or its one specific tag)."""
    changes: tuple[str, ...]
    """What was changed, for a person: ``re-indented 12 list lines to 4-space steps``.
    Meeting passcodes are listed too (kept in the note, redacted on the site)."""


# --- change log ----------------------------------------------------------------------


def _plural(count: int, word: str, plural: str | None = None) -> str:
    """``1 line``, ``2 lines``."""
    return f"{count} {word if count == 1 else (plural or word + 's')}"


# What each kind of change says, in the order the change list gives them: a template and
# the noun its count counts (None: no count shown).
_MESSAGES: dict[str, tuple[str, str | None]] = {
    "bom": ("removed the UTF-8 byte-order mark", None),
    "crlf": ("converted Windows (CRLF) line endings to LF", None),
    "mojibake": ("repaired mojibake on {count} (e.g. 'ðŸŽ‰' -> 🎉)", "line"),
    "zero-width": ("removed {count}", "zero-width space"),
    "nbsp": ("replaced {count} with plain spaces", "non-breaking space"),
    "trailing": ("removed trailing spaces on {count}", "line"),
    "toc": ("removed {count} (the site has its own table of contents)", "[TOC] line"),
    "embed": ("removed {count}", "{%hackmd %} embed"),
    "bullet-escape": ("unescaped {count} ('\\- ' at the start of a line)", "bullet"),
    "indent": ("re-indented {count} to 4-space steps", "list line"),
    "blank-before-list": (
        "inserted a blank line before {count} that directly followed a paragraph "
        "(HackMD shows them as lists; Python-Markdown needs the blank line)",
        "list",
    ),
    "blank-after-list": ("inserted a blank line after {count}", "list"),
    "at": ("removed {count}", "unneeded \\@ escape"),
    "underscore": ("removed {count} (inside words and URLs)", "unneeded \\_ escape"),
    "url-link": ("turned {count} into <url>", "[url](url) link"),
    "bold": ("fixed {count} around whitespace", "bold marker pair"),
    "blank-runs": ("collapsed {count} of more than 2 blank lines", "run"),
    "leading-blank": ("removed {count} at the start", "blank line"),
    "trailing-blank": ("removed {count} at the end", "blank line"),
    "final-newline": ("added the missing newline at the end", None),
}


@dataclass
class _Log:
    """Counts of each kind of change, plus free-form notes, in a stable order."""

    counts: Counter[str] = field(default_factory=Counter)
    first: list[str] = field(default_factory=list)
    """Notes listed before the counted changes (how the bytes were decoded)."""
    notes: list[str] = field(default_factory=list)
    """Notes listed after them (tags moved, passcodes found)."""

    def add(self, key: str, count: int | bool = 1) -> None:
        if count:
            self.counts[key] += int(count)

    def lines(self) -> tuple[str, ...]:
        out: list[str] = []
        for key, (template, noun) in _MESSAGES.items():
            count = self.counts[key]
            if count:
                out.append(template.format(count=_plural(count, noun)) if noun else template)
        return (*self.first, *out, *self.notes)


# --- pass 1: characters and HackMD-only lines ----------------------------------------

_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff]")
"""Zero-width space, word joiner, stray BOM. The zero-width joiner (U+200D) is kept: emoji
sequences such as 👩‍💻 need it."""
_NBSP = re.compile("[\u00a0\u202f]")
_TOC = re.compile(r"^[ \t]*\[toc\][ \t]*$", re.IGNORECASE)
_HACKMD_EMBED = re.compile(r"\{%[ \t]*hackmd\b[^%\n]*%\}", re.IGNORECASE)
_TAGS_LINE = re.compile(r"^[ \t]{0,3}#{6}[ \t]+tags[ \t]*:[ \t]*(.*)$", re.IGNORECASE)
_ESCAPED_BULLET = re.compile(r"^([ \t]*)\\-(?=[ \t])")


def _parse_tags(value: str) -> list[str]:
    """HackMD tags: `` `a` `b` `` (how HackMD writes them), or ``a b`` / ``a, b``."""
    quoted = re.findall(r"`([^`\n]+)`", value)
    tags = quoted if quoted else re.split(r"[,\s]+", value)
    return [tag.strip() for tag in tags if tag.strip()]


def _clean_lines(lines: list[str], log: _Log, tags: list[str], *, take_tags: bool) -> list[str]:
    """Characters and whole HackMD-only lines, outside fenced code.

    Non-breaking spaces become spaces and zero-width spaces go before indentation is
    measured (Google Docs indents with NBSP); ``[TOC]`` and ``{%hackmd %}`` lines go;
    a ``###### tags:`` line moves its tags to ``tags`` (for the front matter).
    """
    fenced = fenced_lines(lines)
    out: list[str] = []
    # A removed line between two blank lines takes one of them along.
    drop_blank = False
    for index, line in enumerate(lines):
        if fenced[index]:
            out.append(line)
            drop_blank = False
            continue
        if drop_blank and not line.strip():
            drop_blank = False
            continue
        drop_blank = False
        removed_here = not out or not out[-1]
        line, count = _ZERO_WIDTH.subn("", line)
        log.add("zero-width", count)
        line, count = _NBSP.subn(" ", line)
        log.add("nbsp", count)
        stripped = line.rstrip(" \t")
        log.add("trailing", stripped != line)
        line = stripped
        if _TOC.match(line):
            log.add("toc")
            drop_blank = removed_here
            continue
        if "{%" in line:
            without, count = _HACKMD_EMBED.subn("", line)
            if count:
                log.add("embed", count)
                if not without.strip():
                    drop_blank = removed_here
                    continue
                line = without.rstrip(" \t")
        tags_line = _TAGS_LINE.match(line) if take_tags else None
        if tags_line:
            tags.extend(tag for tag in _parse_tags(tags_line.group(1)) if tag not in tags)
            drop_blank = removed_here
            continue
        line, count = _ESCAPED_BULLET.subn(r"\1-", line)
        log.add("bullet-escape", count)
        out.append(line)
    return out


# --- pass 2: list indentation ---------------------------------------------------------


def _reindent(lines: list[str], log: _Log) -> list[tuple[str, str]]:
    """Re-indent lists to 4-space steps by CommonMark's rule, keeping their structure.

    The renderer's own list engine (``rendering/lists.py``) reads the structure, so the
    note renders as the export did; its default policy writes a clean note (containers,
    quotes, ``1)`` and empty items as written; only the blank lines that change what the
    note means). Returns ``(line, kind)`` pairs, ``kind`` telling the inline pass which
    lines are code.
    """
    result = normalise_lines(lines, Policy())
    moved = zip(result.lines, result.origins, strict=True)
    log.add("indent", sum(1 for text, origin in moved if origin >= 0 and text != lines[origin]))
    log.add("blank-before-list", result.inserted[BLANK_BEFORE_LIST])
    log.add("blank-after-list", result.inserted[BLANK_AFTER_LIST])
    return list(zip(result.lines, result.kinds, strict=True))


# --- pass 3: inline escapes, links and bold markers ------------------------------------

# URL character classes stop at the next bracket, so a line of a million unclosed links is
# scanned in linear time.
_URL_LINK = re.compile(
    r"(?<!!)\[(?P<text>https?://[^\[\]\s]{1,2000})\]\((?P<dest>https?://[^()\[\]\s]{1,2000})\)"
)
_LINK_DEST = re.compile(r"\]\((?P<dest>[^()\[\]\s]{1,2000})")
_AUTOLINK = re.compile(r"<(?P<url>(?:https?|mailto|ftp):[^<>\s]{1,2000})>", re.IGNORECASE)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_AT_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\@")
_WORD_UNDERSCORE = re.compile(r"(?<=[^\W_])\\_(?=[^\W_])")
_UNDERSCORE = re.compile(r"\\_")


def _url_link(found: re.Match[str], log: _Log) -> str:
    """``[url](url)`` as ``<url>`` when the text is the destination."""
    text = _ESCAPE.sub(r"\1", found.group("text"))
    dest = _ESCAPE.sub(r"\1", found.group("dest"))
    if text != dest or "<" in dest or ">" in dest:
        return found.group()
    log.add("url-link")
    return f"<{dest}>"


def _unescape_underscores(found: re.Match[str], group: str, log: _Log) -> str:
    """A link destination or autolink with its ``\\_`` escapes removed: a URL needs none
    (and an autolink would keep the backslash literally)."""
    value = found.group(group)
    fixed, count = _UNDERSCORE.subn("_", value)
    if not count:
        return found.group()
    log.add("underscore", count)
    whole = found.group()
    offset = found.start(group) - found.start()
    return whole[:offset] + fixed + whole[offset + len(value) :]


def _fix_bold(text: str, log: _Log) -> str:
    """``** **`` goes; ``**Date: **`` becomes ``**Date:** ``: Google Docs' bold artefacts.

    Pairs are taken left to right; a piece with ``***`` or an odd number of ``**`` is left
    alone, and so is ``a ** b ** c`` (spaced on both sides: arithmetic, not bold).
    """
    if "**" not in text or "***" in text:
        return text
    parts = text.split("**")
    if len(parts) % 2 == 0:
        return text
    out = [parts[0]]
    last = parts[0][-1:]  # the character before the next pair, "" at the start
    for index in range(1, len(parts), 2):
        inner, after = parts[index], parts[index + 1]
        core = inner.strip(" \t")
        lead = inner[: len(inner) - len(inner.lstrip(" \t"))]
        trail = inner[len(inner.rstrip(" \t")) :]
        if not core:
            log.add("bold")
            spaced = inner and last not in ("", " ") and after[:1] != " "
            piece = (" " if spaced else "") + after
        elif (lead and trail) or not (lead or trail):
            piece = "**" + inner + "**" + after
        else:
            log.add("bold")
            lead = " " if lead and last not in ("", " ") else ""
            trail = " " if trail and after[:1] not in ("", " ") else ""
            piece = lead + "**" + core + "**" + trail + after
        out.append(piece)
        last = piece[-1:] or last
    return "".join(out)


def _inline(line: str, log: _Log) -> str:
    """Escapes, ``[url](url)`` links and bold artefacts of one text line, code kept."""
    if not any(key in line for key in ("\\", "](", "**", "<")):
        return line
    pieces = []
    cursor = 0
    for start, end in code_spans(line):
        pieces.append(_inline_prose(line[cursor:start], log))
        pieces.append(line[start:end])
        cursor = end
    pieces.append(_inline_prose(line[cursor:], log))
    return "".join(pieces)


def _inline_prose(piece: str, log: _Log) -> str:
    """:func:`_inline` for a piece of a line outside code spans."""
    piece = _URL_LINK.sub(lambda found: _url_link(found, log), piece)
    piece = _LINK_DEST.sub(lambda found: _unescape_underscores(found, "dest", log), piece)
    piece = _AUTOLINK.sub(lambda found: _unescape_underscores(found, "url", log), piece)
    piece, count = _AT_ESCAPE.subn(r"\1@", piece)
    log.add("at", count)
    piece, count = _WORD_UNDERSCORE.subn("_", piece)
    log.add("underscore", count)
    return _fix_bold(piece, log)


# --- front matter, blank lines, date and series ---------------------------------------

_PLAIN_TAG = re.compile(r"^[\w][\w.+-]*$")
_GENERIC_TAGS = frozenset(
    ["meeting", "meetings", "notes", "note", "minutes", "agenda", "meeting-notes",
     "meeting-minutes", "hackmd", "template", "draft", "public", "private"]
)  # fmt: skip


def _flow_list(tags: list[str]) -> str:
    """``[a, b]``; a tag YAML would misread is written as a JSON (= YAML) string."""
    return "[" + ", ".join(tag if _PLAIN_TAG.match(tag) else json.dumps(tag) for tag in tags) + "]"


def _existing_tags(value: object) -> list[str]:
    """Front matter ``tags`` as a list: ``[a, b]``, a block list, or HackMD's ``a, b``."""
    if isinstance(value, str):
        return [tag.strip() for tag in value.split(",") if tag.strip()]
    if isinstance(value, list):
        return [str(tag) for tag in value if str(tag).strip()]
    return []


def _with_tags(head: list[str], data: dict, tags: list[str], log: _Log) -> list[str]:
    """Front matter lines with the HackMD tags merged into ``tags``."""
    existing = _existing_tags(data.get("tags"))
    merged = existing + [tag for tag in tags if tag not in existing]
    log.notes.append(f"moved the HackMD tags line to the front matter: tags: {_flow_list(tags)}")
    if not head:
        return ["---", f"tags: {_flow_list(merged)}", "---"]
    start = next((i for i, ln in enumerate(head) if re.match(r"^tags[ \t]*:", ln)), None)
    if start is None:
        return [*head[:-1], f"tags: {_flow_list(merged)}", head[-1]]
    end = start + 1
    while end < len(head) - 1 and (head[end].startswith((" ", "\t", "-")) or not head[end]):
        end += 1
    return [*head[:start], f"tags: {_flow_list(merged)}", *head[end:]]


def _collapse_blank_runs(lines: list[tuple[str, str]], log: _Log) -> list[str]:
    """At most two blank lines in a row outside code."""
    out: list[str] = []
    run = 0
    for text, kind in lines:
        if kind == BLANK:
            run += 1
            if run == 3:
                log.add("blank-runs")
            if run > 2:
                continue
        else:
            run = 0
        out.append(text)
    return out


_H1 = re.compile(r"^[ \t]{0,3}#[ \t]+(.*?)[ \t#]*$")


def _detect_date(data: dict, body: list[str], default_year: int | None) -> dt.date | None:
    """The date as the parser would read it: front matter, then the first H1 or ``Date:``
    line that names a day (a month-only ``# Team Meeting - March`` names none)."""
    stated = front_matter_date(data)
    if stated is not None and not stated.month_only:
        return stated.date
    fenced = fenced_lines(body)
    for index, line in enumerate(body[:80]):
        if fenced[index]:
            continue
        heading = _H1.match(line)
        if heading or is_date_line(line):
            match = find_date_in_text(heading.group(1) if heading else line, default_year)
            if match and match.dates and not match.month_only:
                return match.date
    return None


def _detect_series(data: dict, tags: list[str]) -> str | None:
    """Front matter ``series:``; else the one tag that is not a generic word."""
    explicit = data.get("series")
    if isinstance(explicit, str) and explicit.strip():
        return ascii_slug(explicit)
    specific = [tag for tag in tags if tag.lower() not in _GENERIC_TAGS]
    if len(specific) == 1:
        return ascii_slug(specific[0])
    return None


# --- the entry point -------------------------------------------------------------------


def normalise_export(raw: bytes, default_year: int | None = None) -> ImportResult:
    """Normalise a HackMD or Google Docs Markdown export into an archive note.

    Decodes as the contract says (BOM, CRLF, legacy encodings, mojibake), re-indents lists
    to 4-space steps keeping their structure, removes unneeded ``\\@``/``\\_`` escapes,
    turns ``[url](url)`` into ``<url>``, drops ``[TOC]`` and ``{%hackmd %}`` embeds, moves a
    ``###### tags:`` line to front matter, fixes Google Docs' whitespace artefacts, and
    leaves code, smart quotes and HackMD syntax the site renders (``[name=X]``,
    ``==mark==``, ``:::spoiler``) alone. ``default_year`` dates a ``Date:`` line without a
    year. Idempotent: the output normalised again comes back unchanged, with no changes
    listed except the passcode reminders.
    """
    log = _Log()
    decoded = decode_note(raw)
    if raw.startswith(b"\xef\xbb\xbf"):
        log.add("bom")
    if b"\r" in raw:
        log.add("crlf")
    if decoded.encoding != "utf-8":
        log.first.append(f"decoded from {decoded.encoding} (the file was not UTF-8)")
    log.add("mojibake", len(decoded.repaired_lines))

    text = decoded.text
    front = split_front_matter(text)
    all_lines = text.split("\n")
    closing = None
    if text.startswith("---") and front.body_line > 1:
        # The block ends at the second delimiter line (python-frontmatter's own rule); the
        # blank lines after it belong to the body, so they are kept as written.
        closing = next(
            (i for i in range(1, len(all_lines)) if re.match(r"^-{3,}\s*$", all_lines[i])), None
        )
    head = all_lines[: closing + 1] if closing is not None else []
    body = all_lines[closing + 1 :] if closing is not None else all_lines
    data = front.data if not front.error else {}

    tags: list[str] = []
    body = _clean_lines(body, log, tags, take_tags=not front.error)
    pairs = _reindent(body, log)
    pairs = [(_inline(line, log), kind) if kind == TEXT else (line, kind) for line, kind in pairs]
    lines = _collapse_blank_runs(pairs, log)

    if not head:
        leading = 0
        while leading < len(lines) and not lines[leading]:
            leading += 1
        log.add("leading-blank", leading)
        lines = lines[leading:]
    trailing = 0
    while lines and not lines[-1]:
        lines.pop()
        trailing += 1
    if trailing == 0 and lines:
        log.add("final-newline")
    log.add("trailing-blank", max(trailing - 1, 0))

    if tags:
        added_head = not head
        head = _with_tags(head, data, tags, log)
        if added_head:
            head.append("")
    existing = _existing_tags(data.get("tags"))
    all_tags = existing + [tag for tag in tags if tag not in existing]
    result = "\n".join([*head, *lines]).rstrip("\n") + "\n" if (head or lines) else "\n"

    for number in redact(result)[1]:
        log.notes.append(
            f"line {number}: meeting passcode found; it will be redacted on the site "
            "(remove it from the note)"
        )
    return ImportResult(
        text=result,
        date=_detect_date(data, lines, default_year),
        series=_detect_series(data, all_tags),
        changes=log.lines(),
    )
