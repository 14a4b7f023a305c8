"""Text handling shared by the parser, the index and the pages: decoding and slugs.

Notes are read as bytes. The contract: UTF-8 (BOM stripped, CRLF normalised), else the
likely legacy encoding with a warning; mojibake (``ðŸŽ‰`` for 🎉) is repaired with ftfy and
reported line by line, so the model, the pages and the export all hold the repaired text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

# Patterns of the functions below, compiled once rather than looked up per line.
_TAG_RE = re.compile(r"<[^>]*>")
_SLUG_MARKUP_RE = re.compile(r"[`*_~\[\]()!]")
_NOT_SLUG_RE = re.compile(r"[^\w\s-]")
_DASHES_RE = re.compile(r"[-\s]+")


@functools.cache
def _ftfy() -> tuple[Any, Any]:
    """ftfy and the fixes we ask of it, imported when a note first has a line that is not
    ASCII: a build that reads every note from its caches never loads it (3.5 MB)."""
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_latin_ligatures=False,
        normalization=None,
        explain=False,
    )
    return ftfy.fix_text, config


@dataclass(frozen=True)
class DecodedText:
    """A note's text and what decoding had to do to get it."""

    text: str
    encoding: str = "utf-8"
    """``utf-8``, or the legacy encoding the bytes were decoded from."""
    repaired_lines: tuple[int, ...] = ()
    """1-based lines whose mojibake was repaired."""


def decode_note(data: bytes) -> DecodedText:
    """Decode a note's bytes as the contract says; never raises."""
    encoding = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        encoding = _guess_legacy_encoding(data)
        text = data.decode(encoding, errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    repaired: list[int] = []
    for index, line in enumerate(lines):
        if line.isascii():
            continue
        fix_text, config = _ftfy()
        fixed = fix_text(line, config)
        if fixed != line:
            lines[index] = fixed
            repaired.append(index + 1)
    if repaired:
        text = "\n".join(lines)
    return DecodedText(text=text, encoding=encoding, repaired_lines=tuple(repaired))


def _guess_legacy_encoding(data: bytes) -> str:
    """Windows-1252 when its undefined bytes are absent, else Latin-1 (which decodes all)."""
    undefined_in_cp1252 = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
    if any(byte in undefined_in_cp1252 for byte in data):
        return "latin-1"
    return "cp1252"


_SLUG_STRIP = re.compile(r"[^\w\s-]")
_SLUG_HYPHENATE = re.compile(r"[-\s]+")


def ascii_slug(value: str, fallback: str = "x") -> str:
    """A lowercase ASCII slug: safe as a URL segment and as a folder name.

    Accents are folded (``Pérez`` -> ``perez``); everything that is not a letter, digit or
    hyphen goes, so a slug can never hold ``/``, ``..`` or a drive letter.
    """
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    folded = _SLUG_STRIP.sub("", folded.replace("_", "-")).strip().lower()
    slug = _SLUG_HYPHENATE.sub("-", folded).strip("-")
    return slug or fallback


def heading_slug(value: str) -> str:
    """The anchor slug of a title, as MkDocs' ``toc`` would make it (Unicode kept)."""
    value = unicodedata.normalize("NFKD", value)
    value = _TAG_RE.sub("", value)
    value = _SLUG_MARKUP_RE.sub("", value)
    value = _NOT_SLUG_RE.sub("", value).strip().lower()
    return _DASHES_RE.sub("-", value).strip("-")


def unique_anchor(base: str, seen: dict[str, int]) -> str:
    """``base``, or ``base-2``, ``base-3``... in the order asked: the contract's uniqueness rule."""
    count = seen.get(base, 0) + 1
    seen[base] = count
    return base if count == 1 else f"{base}-{count}"


_HANDLE_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")


def is_github_handle(value: str) -> bool:
    """GitHub's rules: letters, digits, single inner hyphens, at most 39 characters."""
    return bool(_HANDLE_RE.match(value))


#: The non-ASCII characters that ``re.IGNORECASE`` matches to an ASCII letter, or that
#: lowercase to one: İ and dotless ı (``i``), long ſ (``s``), the Kelvin sign (``k``).
#: Fast paths that compare lowercased text instead of running a case-insensitive regex
#: fall back to the regex on text holding one of them (a unit test checks the list).
IGNORECASE_ASCII_FOLDS = "\u0130\u0131\u017f\u212a"


def may_contain_any(text: str, words: tuple[str, ...]) -> bool:
    """Whether ``text`` might hold one of ``words`` (lowercase ASCII) case-insensitively.

    A prefilter for grammars that run a case-insensitive regex on every line: when this is
    False, no ``re.IGNORECASE`` pattern that needs one of the words can match, so the
    (much slower) regex search is skipped. It may say True when nothing matches, never the
    other way round: a line holding a character that ``re`` folds to an ASCII letter
    differently from ``str.lower()`` always gives True.
    """
    if not text.isascii() and any(char in text for char in IGNORECASE_ASCII_FOLDS):
        return True
    lowered = text.lower()
    for word in words:  # noqa: SIM110 - a plain loop is cheaper than any() on a few words
        if word in lowered:
            return True
    return False
