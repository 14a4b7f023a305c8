"""The roll-call grammar: who signed in, from one line (or one table) at a time.

Real roll calls are slash lists (``Kim Doe (she/her) / @kimd / Org/University of X``), pipe
lists, plain names, inline ``Attendees: Ana, Ben`` lines and Markdown tables with an
``Attended`` column, after a template header that says the field order. The section
parser strips the bullet marker and hands each line here.

Contract with the caller: :func:`parse_rollcall_line` returns None for lines that hold
no attendee (empty, template residue, a header, a remark such as ``No community
participants``) *and* for lines it cannot read. :func:`is_understood` tells the two apart:
False means "report this line as unplaced".
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from ..text import is_github_handle, may_contain_any
from .names import clean_name, looks_like_person, name_similarity, strip_handle_token

# Patterns of the functions below, compiled once rather than looked up per line.
_CODE_SPAN_RE = re.compile(r"`[^`]*`")
_SPACES_RE = re.compile(r"\s+")
_PAREN_GROUP_RE = re.compile(r"\s*\([^()]*\)")
_OPTIONAL_RE = re.compile(r"\s*\b(?:optional|if any|if you have one)\b")
_LIST_MARKER_RE = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
_STRONG_LABEL_RE = re.compile(r"^(\*\*|__)([^*_]+?)(:?)\1\s*:?")
_EM_LABEL_RE = re.compile(r"^(\*|_)([^*_]+?)(:?)\1\s*:?")
_STRONG_LEAD_RE = re.compile(r"^(\*\*|__)([^*_]+?)\1")
_EM_LEAD_RE = re.compile(r"^(\*|_)([^*_]+?)\1")
_LABEL_SEPARATOR_RE = re.compile(r"^\s*\S+\s*(?:[:：\-–—]|by\b)", re.IGNORECASE)
_ALNUM_RE = re.compile(r"[^\W_]")
_ANGLED_RE = re.compile(r"^<(.*)>$")
_FIELD_WORD_RE = re.compile(r"(?:your )?(?:name|handle|affiliation|institution)\b.*\??")
_LIST_SEPARATOR_RE = re.compile(r"\s*(?:,|;|\band\b|&)\s*")


__all__ = [
    "RollcallEntry",
    "is_placeholder",
    "is_remark",
    "is_understood",
    "parse_facilitator",
    "parse_inline_attendees",
    "parse_people_line",
    "parse_rollcall_header",
    "parse_rollcall_line",
    "parse_rollcall_table",
]


def _word_set(text: str, separator: str | None = None) -> frozenset[str]:
    """A set of words written as one string: long vocabularies stay readable."""
    return frozenset(word.strip() for word in text.split(separator) if word.strip())


@dataclass(frozen=True)
class RollcallEntry:
    """One attendee as the line wrote them; the archive index resolves them to a person."""

    name: str
    handle: str | None
    affiliation: str | None
    present: bool
    extra: tuple[str, ...] = ()
    """Fields beyond name, handle and affiliation: location, pronouns, ice-breaker answer."""
    note: str | None = None
    """An annotation: ``absent: Hi from Min``, ``might be late``, ``struck through``."""


#: A longer line is prose, never a roll-call line (and the grammar stays fast on it).
MAX_LINE = 1000

# -- field labels (template headers) -------------------------------------------------------

_LABELS: dict[str, str] = {}
for _label, _words in {
    "name": "name|names|your name|full name|first name|who|person|attendee|attendees|"
    "participant|participants|who are you",
    "handle": "handle|github handle|github id|github username|github user|github name|"
    "github|gh|gh handle|gh username|username|user name|@handle|@github|github @|"
    "github account|your github handle|your github id",
    "affiliation": "institution|affiliation|affiliations|organization|organisation|org|"
    "company|employer|institution/company|affiliation/institution|institution/affiliation|"
    "organisation/affiliation|organization/affiliation|where you work|team",
    "extra": "location|city|country|timezone|time zone|tz|pronouns|role|title|?|??|"
    "icebreaker|ice breaker|question|answer|where are you|where you are",
    "present": "attended|present|here|attendance|joined|attending|in attendance|✓|✔",
}.items():
    for _word in _words.split("|"):
        _LABELS[_word] = _label

# Values that mean "nothing filled in here" inside a person's line.
_EMPTY_VALUES = _word_set(
    "name|your name|full name|institution|affiliation|github handle|github id|github|"
    "handle|github username|gh handle|username|location|pronouns|organization|organisation|"
    "institution/company|?|??|???|...|…|-|–|—|n/a|na|none|tbd|x|@|@handle|@github",
    "|",
)

_ABSENT_WORDS = (
    r"absent|regrets?|apologies|apologi[sz]es|sends? regrets|not attending|not present|"
    r"unable to (?:attend|join|make it)|can'?t make it|cannot make it|couldn'?t make it|"
    r"could not make it|away|ooo|out of office|on leave|on vacation|on holiday|sick"
)
_NOTE_WORDS = (
    r"might be late|may be late|will be late|running late|late|joining late|joined late|"
    r"leaving early|left early|leave early|joined|left|leaving|arrived|arriving|visiting|"
    r"guest|observer|observing|listening|lurking|first time|part[- ]time|partial|"
    r"only for|until|from \d|dropped|dropping|remote|in person|in-person|notes?|note-?taker|"
    r"scribe|facilitat\w*|host|chair|moderat\w*|asked|here for|for the first"
)
_ABSENT_RE = re.compile(rf"^(?:{_ABSENT_WORDS})\b", re.IGNORECASE)
_NOTE_RE = re.compile(rf"^(?:{_ABSENT_WORDS}|{_NOTE_WORDS})\b", re.IGNORECASE)
_PRONOUNS_RE = re.compile(
    r"\b(?:she|he|they|ze|xe|any|it|e|ey|fae|per)\s*/\s*(?:her|him|them|hers|his|theirs|"
    r"zir|hir|xem|xyr|they|she|he|it|all|em|eir|faer|pers|any)(?:\s*/\s*\w+)?\b",
    re.IGNORECASE,
)
_STRIKE_RE = re.compile(r"^~~(?P<body>.+)~~\s*(?P<rest>.*)$")
_QUOTE_RE = re.compile(r"^(?:>\s*)+")
_URL_RE = re.compile(r"<?https?://[^\s>)]+>?")
_LINK_RE = re.compile(r"!?\[[^\[\]]*\]\([^()]*\)")
_NPM_SCOPE_RE = re.compile(r"(?<![^\s(`])@[\w.-]+/[\w.-]+")
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


# -- splitting a line into fields -------------------------------------------------------


_PROTECTED = ((_LINK_RE, "]("), (_URL_RE, "://"), (_CODE_SPAN_RE, "`"), (_NPM_SCOPE_RE, "@"))


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans in which a ``/`` or ``|`` never separates fields: links, URLs, code, scopes."""
    spans: list[tuple[int, int]] = []
    for pattern, needed in _PROTECTED:
        if needed in text:  # a string every match holds: most lines skip most patterns
            spans.extend(match.span() for match in pattern.finditer(text))
    return spans


def _separator_positions(text: str, separator: str) -> list[int]:
    if separator not in text:
        return []
    masked = _mask_protected(text)
    depth = 0
    positions: list[int] = []
    for index, char in enumerate(masked):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == separator and depth == 0:
            if index > 0 and text[index - 1] == "\\":
                continue
            positions.append(index)
    return positions


def _is_handle_marked(piece: str) -> bool:
    value = piece.strip()
    return value.startswith(("@", "\\@", "`@", "[@")) or bool(
        re.search(r"\]\(https?://(?:www\.)?github\.com/[A-Za-z0-9-]+/?\)$", value)
    )


def _split_fields(text: str) -> list[str] | None:
    """Fields of a pipe or slash list, or None when the line is not a list (a new list:
    callers may change it). The header, placeholder and line grammars each ask this of
    the same line, so the split itself is cached."""
    fields = _split_fields_cached(text)
    return None if fields is None else list(fields)


@functools.lru_cache(maxsize=16384)
def _split_fields_cached(text: str) -> tuple[str, ...] | None:
    return _to_tuple(_split_fields_uncached(text))


def _to_tuple(fields: list[str] | None) -> tuple[str, ...] | None:
    return None if fields is None else tuple(fields)


def _split_fields_uncached(text: str) -> list[str] | None:
    """Fields of a pipe or slash list, or None when the line is not a list.

    A line with both separators is split at the one that gives sensible fields: a first
    field free of the other separator, then more fields. ``Kim / @kimd / Berkeley | DSE``
    is a slash list whose last field holds a pipe; ``Kim | Org/University | @kimd`` is a
    pipe list whose middle field holds a slash.
    """
    pipes = _separator_positions(text, "|")
    by_pipes: list[str] | None = None
    if pipes:
        pieces = _cut(text, pipes)
        if pieces and not pieces[0].strip():
            pieces = pieces[1:]
        if pieces and not pieces[-1].strip():
            pieces = pieces[:-1]
        by_pipes = [piece.strip() for piece in pieces]
        if "/" not in text:
            return by_pipes
    by_slashes = _split_slashes(text)
    if by_pipes is None:
        return by_slashes
    if by_slashes is None:
        return by_pipes

    def sensible(fields: list[str], other: str) -> tuple[bool, int]:
        first = fields[0] if fields else ""
        return (bool(first) and other not in _mask_protected(first), len(fields))

    return by_slashes if sensible(by_slashes, "|") > sensible(by_pipes, "/") else by_pipes


def _mask_protected(text: str) -> str:
    """``text`` with links, URLs and code spans blanked, so their separators do not count."""
    masked = list(text)
    for start, end in _protected_spans(text):
        masked[start:end] = " " * (end - start)
    return "".join(masked)


def _split_slashes(text: str) -> list[str] | None:
    """Fields of a slash list (spaced slashes separate, an unspaced one may join)."""
    slashes = _separator_positions(text, "/")
    if not slashes:
        return None
    pieces = _cut(text, slashes)
    loose = [
        (index > 0 and text[index - 1].isspace())
        or (index + 1 < len(text) and text[index + 1].isspace())
        or index == 0
        or index == len(text) - 1
        for index in slashes
    ]
    if any(loose):
        # Spaced slashes separate; an unspaced one joins (``Org/University of X``) unless
        # it touches a handle (``Kim/@kimd/Org``).
        merged = [pieces[0]]
        for number, piece in enumerate(pieces[1:]):
            if loose[number] or _is_handle_marked(piece) or _is_handle_marked(merged[-1]):
                merged.append(piece)
            else:
                merged[-1] = f"{merged[-1]}/{piece}"
        pieces = merged
    fields = [piece.strip() for piece in pieces]
    while fields and not fields[-1]:
        fields.pop()
    return fields


def _cut(text: str, positions: list[int]) -> list[str]:
    pieces: list[str] = []
    start = 0
    for position in positions:
        pieces.append(text[start:position])
        start = position + 1
    pieces.append(text[start:])
    return pieces


# -- headers and placeholders -------------------------------------------------------------


def _label_of(field: str) -> str | None:
    value = clean_name(field).lower().strip()
    value = _SPACES_RE.sub(" ", value)
    if value in _LABELS:
        return _LABELS[value]
    without_parens = _PAREN_GROUP_RE.sub("", value).strip()
    if without_parens in _LABELS:
        return _LABELS[without_parens]
    without_optional = _OPTIONAL_RE.sub("", without_parens)
    if without_optional.strip() in _LABELS:
        return _LABELS[without_optional.strip()]
    return None


def _strip_line(text: str) -> str:
    value = _QUOTE_RE.sub("", text.strip())
    value = _LIST_MARKER_RE.sub("", value)
    return value.strip()


def parse_rollcall_header(text: str) -> tuple[str, ...] | None:
    """The field order a template header announces, or None for any other line.

    ``name / institution / GitHub handle`` -> ``('name', 'affiliation', 'handle')``;
    ``Your name / GitHub ID / affiliation / favourite snack?`` ->
    ``('name', 'handle', 'affiliation', 'extra')``; bold, italic, quoted and pipe headers
    too. A header needs a name label first and a handle or affiliation label after it, so
    ``Fernando / GitHub ID / affiliation`` (a person who left the rest unfilled) is not one.
    """
    value = _strip_line(text)
    value = value.rstrip(":")
    if len(value) > MAX_LINE:
        return None
    fields = _split_fields(value)
    if not fields or len(fields) < 2:
        return None
    labels = [_label_of(field) for field in fields]
    if labels[0] != "name":
        return None
    if not any(label in ("handle", "affiliation") for label in labels[1:]):
        return None
    order = [label or "extra" for label in labels]
    if sum(1 for label in order if label == "name") > 1:
        return None
    return tuple(order)


def is_placeholder(text: str) -> bool:
    """Template residue: a line of labels or blanks rather than a person.

    ``* your name / ...``, ``/``, ``  /  /``, ``> name / ...``, ``name``, ``...``,
    ``<your name>``; a header line is residue too (callers check for headers first when
    they want the field order).
    """
    value = _strip_line(text)
    if not _ALNUM_RE.search(value):
        return True  # only separators, punctuation, blanks
    if len(value) > MAX_LINE:
        return False
    bare = clean_name(value).lower()
    if re.fullmatch(r"<[^>]*>|\[[^\]]*name[^\]]*\]", bare):
        return True
    if re.match(r"^(?:please )?(?:add|sign in|put) (?:your(?:self| name)?|names?)\b", bare):
        return True
    fields = _split_fields(value) or [value]
    meaningful = [field for field in fields if _ALNUM_RE.search(field)]
    if not meaningful:
        return True
    return all(_is_template_field(field) for field in meaningful)


def _is_template_field(field: str) -> bool:
    value = clean_name(field).lower()
    value = _ANGLED_RE.sub(r"\1", value).strip()
    if value in _EMPTY_VALUES:
        return True
    if " " in value and _label_of(value) is not None:
        return True  # "GitHub ID", "your name": one-word labels (org, team) can be values
    return bool(_FIELD_WORD_RE.fullmatch(value))


# -- one line -----------------------------------------------------------------------------


def parse_rollcall_line(text: str, order: tuple[str, ...] | None = None) -> RollcallEntry | None:
    """One roll-call line (slash list, pipe list or plain name) as an entry.

    ``order`` is the field order from the section's header (:func:`parse_rollcall_header`);
    without one, a marked handle (``@``, backticks, ``\\@``, a GitHub link) or a bare
    handle-like word in the second or third field is the handle, the first other field the
    affiliation and the rest extras. Returns None for empty lines, placeholders, headers,
    remarks and lines it cannot read; see :func:`is_understood`.
    """
    value = _strip_line(text)
    if not value or len(value) > MAX_LINE:
        return None
    if is_placeholder(value) or parse_rollcall_header(value) is not None:
        return None
    present = True
    notes: list[str] = []
    strike = _STRIKE_RE.match(value)
    if strike:
        present = False
        notes.append("struck through")
        value = f"{strike.group('body')} {strike.group('rest')}".strip()
    value, found_notes, absent = _take_annotations(value)
    notes.extend(found_notes)
    present = present and not absent
    fields = _split_fields(value)
    if fields is None and "," in value:
        parts = _comma_fields(value)
        if (
            parts is not None
            and _is_rollcall_name(clean_name(re.sub(r"\([^()]*\)", " ", parts[0])))
            and _people_list(parts) is None
        ):
            fields = parts  # "Kim Doe, Org, @kimd": a comma list of fields
    entry = _plain_entry(value) if fields is None or len(fields) < 2 else _list_entry(fields, order)
    if entry is None:
        return None
    all_notes = [*notes, *([entry.note] if entry.note else [])]
    return RollcallEntry(
        name=entry.name,
        handle=entry.handle,
        affiliation=entry.affiliation,
        present=present and entry.present,
        extra=entry.extra,
        note="; ".join(all_notes) if all_notes else None,
    )


_ORG_WORDS_RE = re.compile(
    r"\b(?:universit\w*|institut\w*|college|school|lab|labs|laborator\w*|inc|ltd|llc|gmbh|"
    r"corp\w*|company|foundation|project|center|centre|research|consulting|independent|"
    r"freelance\w*|uc|ucb|ucsd|ucla|mit|nasa|google|microsoft|amazon|aws|ibm|quansight|"
    r"quantstack|2i2c|numfocus|berkeley|stanford|oxford|cambridge|simula|bids)\b",
    re.IGNORECASE,
)


def _comma_fields(value: str) -> list[str] | None:
    """The parts of a comma list outside parentheses, or None for fewer than two."""
    parts = [part.strip() for part in _split_outside_parens(value) if part.strip()]
    if len(parts) < 2 or not all(_ALNUM_RE.search(part) for part in parts):
        return None
    return parts


def _people_list(parts: list[str]) -> list[RollcallEntry] | None:
    """Entries when every part is a person (``Kim Doe, Lee Roe & Mo``), else None: a part
    with a handle or an organisation word (``Kim Doe, UC Berkeley``) makes it fields."""
    if any("@" in part or _ORG_WORDS_RE.search(part) for part in parts[1:]):
        return None
    if not all(looks_like_person(part) for part in parts):
        return None
    entries = [_plain_entry(part, answers=False) for part in parts]
    if any(entry is None for entry in entries):
        return None
    return [entry for entry in entries if entry is not None]


def parse_people_line(text: str) -> list[RollcallEntry] | None:
    """The people of a roll-call line that lists several (``Kim Doe, Lee Roe and Mo``), or
    None when the line is not such a list."""
    value = _strip_line(text)
    if len(value) > MAX_LINE or not re.search(r",|&|\band\b", value):
        return None
    if _split_fields(value) is not None:
        return None
    parts = [part.strip() for part in _split_outside_parens(value) if part.strip()]
    if len(parts) < 2:
        return None
    return _people_list(parts)


def _take_annotations(value: str) -> tuple[str, list[str], bool]:
    """Remove ``(absent: ...)``, ``(regrets)``, ``(might be late)`` groups anywhere."""
    notes: list[str] = []
    absent = False

    def replace(match: re.Match[str]) -> str:
        nonlocal absent
        body = match.group(1).strip()
        if not _NOTE_RE.match(body):
            return match.group(0)
        notes.append(body)
        if _ABSENT_RE.match(body):
            absent = True
        return " "

    value = re.sub(r"\(([^()]*)\)", replace, value)
    return " ".join(value.split()), notes, absent


def _list_entry(fields: list[str], order: tuple[str, ...] | None) -> RollcallEntry | None:
    if (
        len(fields) >= 2
        and fields[0].strip().lstrip("\\`[").startswith("@")
        and strip_handle_token(fields[0])
        and not strip_handle_token(fields[1])
        and looks_like_person(fields[1])
    ):
        fields = [fields[1], fields[0], *fields[2:]]  # "@kimd / Kim Doe / Org": handle first
    name_field = fields[0]
    if not re.search(r"[^\W\d_]", clean_name(name_field)) or _is_template_field(name_field):
        return None
    name, name_handle, name_affiliation, name_extra, name_note, name_absent = _read_name(name_field)
    if not name or _is_sentence(name):
        return None
    extra: list[str] = list(name_extra)
    notes: list[str] = [name_note] if name_note else []
    absent = name_absent
    rest = [_strip_decor(field) for field in fields[1:]]
    values: list[str | None] = []
    slots = list(order[1:]) if order else []
    for field in rest:
        cleaned = clean_name(field)
        if _ABSENT_RE.fullmatch(cleaned.lower()):
            absent = True
            notes.append(cleaned)
            values.append(None)
        elif _PRONOUNS_RE.fullmatch(cleaned):
            extra.append(cleaned)
            if len(values) < len(slots) and slots[len(values)] == "extra":
                values.append(None)  # the header has a slot for them
            # else pronouns take no slot: ``Kim / she/her / @kimd / Org`` under
            # ``Name / GitHub handle / affiliation``
        elif re.fullmatch(r"\S*@\S+", cleaned) and not _handle_of(field):
            extra.append(cleaned)  # @org/pkg, e-mails, @k.doe: not handles
            values.append(None)
        elif not cleaned or _is_template_field(cleaned) or not _ALNUM_RE.search(cleaned):
            values.append(None)
        else:
            values.append(field)
    handle_at = _find_handle(values, name, slots)
    handle = name_handle
    if handle_at is not None:
        raw = values[handle_at]
        assert raw is not None
        found = _handle_of(raw)
        if handle is None:
            handle = found
        values[handle_at] = None
        if order and "handle" in slots:
            slot_of_handle = slots.index("handle")
            if slot_of_handle != handle_at and slot_of_handle < len(values):
                # The handle moved: the field in the handle slot takes the handle's slot.
                values[handle_at], values[slot_of_handle] = values[slot_of_handle], None
    affiliation = name_affiliation
    for position, raw in enumerate(values):
        if raw is None:
            continue
        slot = slots[position] if position < len(slots) else None
        if order is None:
            slot = "affiliation" if affiliation is None else "extra"
        if slot == "affiliation" and affiliation is None:
            affiliation = clean_name(raw)
        else:
            # Beyond the known fields, a second name, or a handle slot holding something
            # that is not a handle (``n.a. user``, ``DSE``): kept, as written, as an extra.
            extra.append(_clean_extra(raw))
    return RollcallEntry(
        name=name,
        handle=handle,
        affiliation=affiliation or None,
        present=not absent,
        extra=tuple(item for item in extra if item),
        note="; ".join(notes) if notes else None,
    )


def _strip_decor(field: str) -> str:
    """Drop emoji and shortcodes left around a field (``@minrk 🎉🎉``)."""
    value = field.strip()
    value = re.sub(r"(?:\s*:[a-z0-9_+-]+:)+$", "", value)
    while value and _decor(value[-1]):
        value = value[:-1].rstrip()
    while value and _decor(value[0]):
        value = value[1:].lstrip()
    return value


def _decor(char: str) -> bool:
    return unicodedata.category(char) in ("So", "Sk", "Cf", "Mn") or char == "\ufe0f"


def _clean_extra(raw: str) -> str:
    """An extra field keeps its wording; only Markdown noise at the ends goes."""
    value = raw.strip()
    value = re.sub(r"^(\*\*|__|_|\*)(.*)\1$", r"\2", value)
    return value.strip()


def _handle_of(raw: str) -> str | None:
    """The handle in a field: marked (``@x``, ```@x```, ``\\@x``, link) or a bare word."""
    marked = strip_handle_token(raw)
    if marked:
        return marked
    value = raw.strip()
    code = re.fullmatch(r"`@?([^`\s]+)`", value)
    if code and is_github_handle(code.group(1)):
        return code.group(1)
    bare = clean_name(value)
    if bare.startswith("@"):
        return None
    return bare if is_github_handle(bare) else None


def _find_handle(values: list[str | None], name: str, slots: list[str]) -> int | None:
    """Index (into ``values``) of the field holding the handle, or None."""
    for index, raw in enumerate(values):
        if raw is None:
            continue
        stripped = raw.strip()
        if strip_handle_token(stripped) or re.fullmatch(r"`@?[A-Za-z0-9-]+`", stripped):
            return index
    if "handle" in slots:
        index = slots.index("handle")
        if index < len(values) and values[index] is not None:
            raw = values[index]
            assert raw is not None
            bare = clean_name(raw)
            if is_github_handle(bare) and not (bare.isupper() and len(bare) > 1):
                return index
        return None
    if slots:
        return None
    for index, raw in enumerate(values[:2]):
        if raw is None:
            continue
        bare = clean_name(raw)
        if not is_github_handle(bare) or (bare.isupper() and len(bare) > 1):
            continue
        if bare[0].islower() or any(char.isdigit() for char in bare) or name_similarity(bare, name):
            return index
    return None


def _read_name(
    field: str,
) -> tuple[str, str | None, str | None, list[str], str | None, bool]:
    """Split a name field into (name, handle, affiliation, extras, note, absent).

    Handles the parentheses after a name: pronouns (``(she/her)``), a handle
    (``(kimD)``, ``(@kimd)``), an organisation (``(2i2c)``, ``(SDSC)``) or a remark
    (``(visiting)``, ``(left 45 minutes early)``).
    """
    value = _strip_decor(field.strip())
    extras: list[str] = []
    handle: str | None = None
    affiliation: str | None = None
    note: str | None = None
    absent = False
    link = re.fullmatch(
        r"\[([^\[\]]+)\]\(\s*https?://(?:www\.)?github\.com/([A-Za-z0-9-]+)/?\s*\)", value
    )
    if link:
        value = link.group(1)
        if is_github_handle(link.group(2)):
            handle = link.group(2)
    for pronouns in _PRONOUNS_RE.findall(value):
        extras.append(pronouns)
    value = _PRONOUNS_RE.sub("", value)
    value = re.sub(r"\(\s*\)", "", value)
    inline_handle = re.search(r"(?:^|\s)(\\?@[A-Za-z0-9-]+|`@[A-Za-z0-9-]+`)(?=\s|$)", value)
    if inline_handle and handle is None:
        found = strip_handle_token(inline_handle.group(1))
        if found:
            handle = found
            value = (value[: inline_handle.start(1)] + value[inline_handle.end(1) :]).strip()
    bare_name = clean_name(re.sub(r"\([^()]*\)", " ", value))
    for paren in re.finditer(r"\(([^()]*)\)", value):
        group = paren.group(1)
        kind, found = _classify_paren(group, bare_name[:200])
        between_names = re.match(r"\s*[^\W\d_]", value[paren.end() :])
        if between_names and kind in ("affiliation", "handle") and "@" not in group:
            kind = "extra"  # a nickname between names: ``Benjamin (Benny) Szeghy``
        if kind == "handle" and handle is None:
            handle = found
        elif kind == "affiliation" and affiliation is None:
            affiliation = found
        elif kind == "note":
            note = found
            absent = absent or bool(_ABSENT_RE.match(found))
        else:
            extras.append(found)
    value = re.sub(r"\([^()]*\)", " ", value)
    name = clean_name(value)
    if name.startswith("@") and is_github_handle(name[1:]):
        handle = handle or name[1:]
        name = name[1:]
    if not name and handle:
        name = handle  # a roll call of bare handles: ``@kimd``
    return name, handle, affiliation, extras, note, absent


def _classify_paren(group: str, name: str) -> tuple[str, str]:
    """What a parenthesis after a name holds: handle, affiliation, note or extra."""
    body = group.strip()
    marked = strip_handle_token(body)
    if marked:
        return "handle", marked
    cleaned = clean_name(body)
    if _PRONOUNS_RE.fullmatch(cleaned):
        return "extra", cleaned
    if _NOTE_RE.match(cleaned):
        return "note", cleaned
    words = cleaned.split()
    if len(words) == 1 and is_github_handle(cleaned) and name_similarity(cleaned, name):
        return "handle", cleaned
    if 1 <= len(words) <= 4 and all(
        word[0].isupper() or word[0].isdigit() or word.lower() in ("of", "and", "the", "for", "&")
        for word in words
    ):
        return "affiliation", cleaned
    return "note", cleaned


_REMARK_STATUS_RE = re.compile(
    r"^(?P<name>.+?)\s+(?P<note>(?:joined|left|arrived|joining|leaving|dropped|came|"
    r"will join|will be late|late|from \d|at \d|until|here|visiting)\b.*)$",
    re.IGNORECASE,
)
_ROLLCALL_STOP = _word_set(
    """
    the a an of on in at by for to from with is are was were be been has have had not no all
    others everyone nobody none unavailable unable participants community today attend
    attending meeting present absent we they our
    """
)


_ANSWER_RE = re.compile(r"^(?P<lead>[^:]{1,60}?)(?::|\s[-–—])\s+(?P<answer>\S.*)$")


def _plain_entry(value: str, *, answers: bool = True) -> RollcallEntry | None:
    """A line without separators: ``Jason Grout``, ``Kim Doe (kimD)``, ``Zach joined late``;
    a check-in answer after the name (``Kim: shortbread``, ``Kim Doe - tea``) is an extra."""
    entry = _plain_name_entry(value.strip())
    if entry is not None or not answers:
        return entry
    answered = _ANSWER_RE.match(value.strip())
    if answered is None or not looks_like_person(answered.group("lead")):
        return None
    entry = _plain_name_entry(answered.group("lead").strip())
    if entry is None:
        return None
    extra = (*entry.extra, answered.group("answer").strip())
    return RollcallEntry(
        entry.name, entry.handle, entry.affiliation, entry.present, extra, entry.note
    )


def _plain_name_entry(value: str) -> RollcallEntry | None:
    suffix = re.match(
        r"^(?P<name>.+?)\s*(?:[-–—:]\s*)(?P<note>" + _ABSENT_WORDS + r")\.?$", value, re.IGNORECASE
    )
    note: str | None = None
    absent = False
    if suffix and _is_rollcall_name(clean_name(suffix.group("name"))):
        value = suffix.group("name")
        note = suffix.group("note")
        absent = True
    name, handle, affiliation, extras, paren_note, paren_absent = _read_name(value)
    if paren_note:
        note = f"{note}; {paren_note}" if note else paren_note
        absent = absent or paren_absent
    trailing_org = re.match(r"^(?P<name>\S+(?:\s+\S+)+?)\s+(?P<org>[A-Z][A-Z0-9&]{2,})$", name)
    if trailing_org and affiliation is None and _is_rollcall_name(trailing_org.group("name")):
        name, affiliation = trailing_org.group("name"), trailing_org.group("org")  # "Kim Doe CNCF"
    if not _is_rollcall_name(name):
        status = _REMARK_STATUS_RE.match(name)
        if status and _is_rollcall_name(status.group("name")):
            name = status.group("name")
            remark = status.group("note")
            note = f"{note}; {remark}" if note else remark
        else:
            return None
    return RollcallEntry(
        name=name,
        handle=handle,
        affiliation=affiliation,
        present=not absent,
        extra=tuple(extras),
        note=note,
    )


def _is_sentence(name: str) -> bool:
    """Prose in the name field (``we will discuss the plan / maybe``): no person's name."""
    words = [word.lower().strip(".,") for word in name.split()]
    return len(words) > 6 or sum(word in _ROLLCALL_STOP for word in words) >= 2


def _is_rollcall_name(name: str) -> bool:
    """A name as people sign in: 1-6 words, letters, no sentence words (lowercase is fine)."""
    if not name or len(name) > 60 or _URL_RE.search(name):
        return False
    words = name.split()
    if not 1 <= len(words) <= 6:
        return False
    if any(
        word.lower().strip(".,") in _ROLLCALL_STOP and not re.fullmatch(r"\w\.", word)
        for word in words
    ):
        return False
    if _is_template_field(name):
        return False
    return all(re.fullmatch(r"[^\W\d_][\w.'’-]*\.?", word) for word in words) or (
        len(words) == 1 and is_github_handle(name)
    )


def is_remark(text: str) -> bool:
    """A sentence about attendance rather than an attendee: ``No community participants``."""
    value = clean_name(_strip_line(text)).lower()
    return bool(
        re.match(
            r"^(?:all|no|none|nobody|no ?one|everyone|everybody|others?|the rest|n/a)\b", value
        )
    ) or bool(re.search(r"\b(?:unavailable|no (?:community )?participants)\b", value))


def is_understood(text: str) -> bool:
    """Whether a roll-call line was read, as an attendee or as a line holding none.

    True for entries, placeholders, headers, inline attendee lists, facilitator lines and
    remarks (``All others were unavailable today``); False for lines the caller should
    report as unplaced.
    """
    value = _strip_line(text)
    return (
        not value
        or parse_rollcall_line(value) is not None
        or is_placeholder(value)
        or parse_rollcall_header(value) is not None
        or parse_inline_attendees(value) is not None
        or parse_facilitator(value) is not None
        or is_remark(value)
    )


# -- inline lists, tables, facilitator ----------------------------------------------------

_INLINE_RE = re.compile(
    r"^(?P<label>attendees|attendance|attending|participants|present|in attendance|"
    r"people present|members present|who's here|roll call|sign[- ]?in|regrets|apologies|"
    r"absent|not present|unable to attend)\s*(?:\([^()]*\))?\s*[:：]\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_ABSENT_LABELS = ("regrets", "apologies", "absent", "not present", "unable to attend")
_UNABLE_RE = re.compile(
    r"^(?P<names>.+?)\s+(?:(?:were|was|are|is)\s+)?(?:unable to (?:attend|join|make it)|"
    r"could(?:n'?t| not) (?:attend|join|make it)|can(?:'?t|not) (?:attend|join|make it)|"
    r"sent regrets|send regrets|absent)\b.*$",
    re.IGNORECASE,
)


# One of these is in every line _INLINE_RE or _UNABLE_RE matches (case aside): the words
# of their labels and of "unable to attend / join / make it", "sent regrets", "absent".
_INLINE_WORDS = (
    "attend",
    "participants",
    "present",
    "who's here",
    "roll call",
    "sign",
    "regrets",
    "apologies",
    "absent",
    "join",
    "make it",
)


def parse_inline_attendees(text: str) -> list[RollcallEntry] | None:
    """Entries of an inline list, or None when ``text`` is not one.

    ``Attendees: Ana, Ben, Cy``, ``**Participants:** Ana Ruvalcaba, Jason Grout and
    Martha C``, ``Present: ...``; ``Regrets: Ana`` gives absent entries, as does a line
    ``Chris, Fernando, Jason unable to attend today`` (only when every part is a name). A
    label with nothing after it (``Attendees:`` before a list) gives ``[]``.
    """
    if not may_contain_any(text, _INLINE_WORDS):
        return None  # most lines: neither pattern below can match
    value = _strip_line(text)
    if len(value) > MAX_LINE:
        return None
    value = _STRONG_LABEL_RE.sub(r"\2:", value)
    value = _EM_LABEL_RE.sub(r"\2:", value)
    match = _INLINE_RE.match(value.strip())
    if match:
        absent = match.group("label").lower() in _ABSENT_LABELS
        rest = match.group("rest").strip()
        if not rest:
            return []
        return _name_list(rest, present=not absent, strict=False)
    unable = _UNABLE_RE.match(value.strip())
    if unable:
        entries = _name_list(unable.group("names"), present=False, strict=True)
        return entries or None
    return None


def _name_list(text: str, *, present: bool, strict: bool) -> list[RollcallEntry] | None:
    value = text.strip().rstrip(".;")
    parts = [part.strip() for part in _split_outside_parens(value)]
    parts = [part for part in parts if part]
    entries: list[RollcallEntry] = []
    for part in parts:
        if strict and not looks_like_person(part):
            return None
        entry = _plain_entry(part, answers=False)
        if entry is None:
            if strict:
                return None
            continue
        entries.append(
            RollcallEntry(
                name=entry.name,
                handle=entry.handle,
                affiliation=entry.affiliation,
                present=present and entry.present,
                extra=entry.extra,
                note=entry.note,
            )
        )
    return entries


def _split_outside_parens(text: str) -> list[str]:
    """Split a name list at ``,``, ``;``, ``&`` and ``and``, but not inside parentheses."""
    depth = 0
    masked = []
    for char in text:
        depth += char == "("
        masked.append(char if depth == 0 else "\0")
        depth -= char == ")" and depth > 0
    flat = "".join(masked)
    parts: list[str] = []
    start = 0
    for match in _LIST_SEPARATOR_RE.finditer(flat):
        parts.append(text[start : match.start()])
        start = match.end()
    parts.append(text[start:])
    return parts


_PRESENT_MARKS = _word_set(
    """
    x ✓ ✔ ✔️ ✅ ☑ ☑️ :white_check_mark: :heavy_check_mark: :ballot_box_with_check: yes y
    present here attended 1 true [x]
    """
)
_ABSENT_MARKS = frozenset(
    ["", "no", "n", "-", "–", "—", "0", "false", "[ ]", "absent", "regrets", "✗", "✘", "❌", ":x:"]
)


def parse_rollcall_table(rows: list[str]) -> list[RollcallEntry]:
    """Entries of a Markdown table: header row, separator row, one row per person.

    Columns are found by their header (name, handle, affiliation, attendance such as
    ``Attended``/``Present``/``Here``). With an attendance column, ``X``/``✓``/``yes`` is
    present and a blank cell absent; another word there (``late``) is present with a note.
    Without one, everyone listed is present.
    """
    table = [row for row in rows if row.strip() and len(row) <= MAX_LINE]
    if not table:
        return []
    header = _cells(table[0])
    labels = [_label_of(cell) for cell in header]
    body = table[1:]
    if body and re.fullmatch(r"[\s|:\-]+", body[0]):
        body = body[1:]
    name_column = labels.index("name") if "name" in labels else 0
    entries: list[RollcallEntry] = []
    for row in body:
        cells = _cells(row)
        if name_column >= len(cells):
            continue
        fields = {label: cells[i] for i, label in enumerate(labels) if label and i < len(cells)}
        raw_name = cells[name_column]
        if not clean_name(raw_name) or is_placeholder(raw_name):
            continue
        name, handle, affiliation, extras, note, absent = _read_name(raw_name)
        if not name:
            continue
        if fields.get("handle"):
            handle = _handle_of(fields["handle"]) or handle
        if fields.get("affiliation") and not _is_template_field(fields["affiliation"]):
            affiliation = clean_name(fields["affiliation"])
        present = not absent
        if "present" in labels:
            mark = clean_name(fields.get("present", "")).lower()
            mark_raw = fields.get("present", "").strip().lower()
            if mark in _PRESENT_MARKS or mark_raw in _PRESENT_MARKS:
                present = present and True
            elif mark in _ABSENT_MARKS or mark_raw in _ABSENT_MARKS:
                present = False
            elif _ABSENT_RE.match(mark):
                present = False
                note = mark
            else:
                note = clean_name(fields.get("present", "")) or note
        for index, label in enumerate(labels):
            if label == "extra" and index < len(cells) and clean_name(cells[index]):
                extras.append(clean_name(cells[index]))
        entries.append(
            RollcallEntry(
                name=name,
                handle=handle,
                affiliation=affiliation or None,
                present=present,
                extra=tuple(extras),
                note=note,
            )
        )
    return entries


def _cells(row: str) -> list[str]:
    value = row.strip()
    positions = _separator_positions(value, "|")
    pieces = _cut(value, positions)
    if pieces and not pieces[0].strip():
        pieces = pieces[1:]
    if pieces and not pieces[-1].strip() and value.endswith("|"):
        pieces = pieces[:-1]
    return [piece.strip() for piece in pieces]


_FACILITATOR_RE = re.compile(
    r"^(?:facilitated by|facilitator|moderated by|moderator|chaired by|chair|hosted by|"
    r"host|meeting lead)s?\s*[:：\-–—]?\s*(?P<name>.+)$",
    re.IGNORECASE,
)


# One of these starts every label _FACILITATOR_RE accepts (case aside).
_FACILITATOR_WORDS = ("facilitat", "moderat", "chair", "host", "meeting lead")


def parse_facilitator(text: str) -> str | None:
    """The facilitator a line names: ``Facilitator: Ana``, ``**Facilitator:** Ana R``.

    None for other lines and for an unfilled template (``Facilitator: name``, ``TBD``).
    """
    # Emphasis removed below may sit inside a label word (``**Facilit**ator``): look for
    # the words without it.
    if not may_contain_any(text.replace("*", "").replace("_", ""), _FACILITATOR_WORDS):
        return None
    value = _strip_line(text)
    value = _STRONG_LEAD_RE.sub(r"\2", value)
    value = _EM_LEAD_RE.sub(r"\2", value)
    match = _FACILITATOR_RE.match(value)
    if not match:
        return None
    if not _LABEL_SEPARATOR_RE.match(value) and ":" not in value:
        return None
    name, _handle, _affiliation, _extras, _note, _absent = _read_name(match.group("name"))
    if not name or _is_template_field(name) or not _is_rollcall_name(name):
        return None
    return name


LINE_CACHES = (_split_fields_cached,)
"""The caches of one-line parses here (emptied by ``parse.forget_line_parses``)."""
