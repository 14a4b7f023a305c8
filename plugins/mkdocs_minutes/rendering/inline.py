"""Python-Markdown's inline pass, minus the regex scans that cannot match a piece of text.

Python-Markdown runs every inline pattern over every piece of text in the page, one after
the other: about twenty patterns on a site with the plugin's extensions, each scanning each
of the few hundred text nodes of a meeting page, although most nodes are plain words that
no pattern can match. That loop was the largest single cost of rendering a meeting page.

:func:`install` puts a :class:`GatedRegex` in each inline pattern's public ``compiled_re``
attribute (what the inline pass reaches through ``getCompiledRegExp()`` before it calls
``finditer``, ``search`` or ``match``). The wrapper first checks, with ``in``, that the text
contains what every match of the regex must contain (a ``[`` for links, a ``` ` ``` for
code, ``![`` for images...) and answers "no match" at once when it does not; otherwise it
hands the call to the regex. The requirements are read from the regex's source string by a
small, conservative reader (:func:`requirements`), never assumed from a pattern's name, so
patterns of any extension are covered, and a regex the reader is unsure about is simply
always tried. A scan skipped this way is one that would have found nothing, so the page is
the same, byte for byte.

The same :func:`install` gives each link and image pattern a faster ``getText`` (what they
call to find the ``]`` that closes a link's text): Python-Markdown 3.11 finds it by walking
every character of the text, once for each new text, and the inline pass makes a new text
after each link it replaces, so a list item or paragraph with many links was walked as many
times, one character at a time (about a twelfth of rendering a meeting page).
:class:`BracketEnds` walks only the brackets, found by a regex, and answers the same.

Public APIs only: the patterns' ``compiled_re`` attribute and ``getText`` method, the
Registry's iteration and ``re``'s public functions. No treeprocessor is replaced, no
name-mangled method overridden, and CPython's private regex parser is not used. Installed
by the extension through a preprocessor, once every extension has registered its
patterns. No MkDocs import.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

import markdown
from markdown.inlinepatterns import LinkInlineProcessor

Requirement = tuple[str, ...]
"""Strings of which a matching text contains at least one."""

Requirements = tuple[Requirement, ...]
"""Requirements a matching text meets all of (empty: nothing known, always try)."""

_COMMON = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \t\n.,-'")
"""Characters most text contains: a requirement made of them rules out little."""

_KEEP = 2
"""Requirements kept per regex (the most selective ones): checking more costs more than
the scans they would rule out."""

_SIMPLE_ESCAPES = {"a": "\a", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_DIGITS = frozenset("0123456789")
_OCTAL_DIGITS = frozenset("01234567")
_FLAG_LETTERS = frozenset("aiLmsux")
_VERBOSE_WHITESPACE = frozenset(" \t\n\r\v\f")
_BRACES = re.compile(r"\{([0-9]*)(?:,([0-9]*))?\}")
"""``{m}``, ``{m,}``, ``{,n}``, ``{m,n}``: a repeat. Any other ``{`` is a literal brace."""


def requirements(regex: re.Pattern[str]) -> Requirements:
    """What every text a regex can match (with ``search``, anywhere) contains.

    Read from the regex's source string and flags, cached per (source, flags): patterns
    are few, texts are many. Sound first: only parts every match goes through (literal
    runs of the top-level sequence, groups, repeats of at least one, positive lookarounds,
    every branch of an alternation) give requirements, and only characters that match
    themselves alone (no ranges, categories or negated classes, no letters under
    ``IGNORECASE``; whitespace and comments skipped under ``VERBOSE``). Anything the
    reader does not know (conditionals, a construct a future Python adds...) gives no
    requirement: the regex is then always tried.
    """
    if not isinstance(regex, re.Pattern) or not isinstance(regex.pattern, str):
        return ()
    return _read(regex.pattern, regex.flags)


@functools.cache
def _read(source: str, flags: int) -> Requirements:
    """:func:`requirements` of a source string compiled with ``flags``."""
    reader = _Reader(source, flags)
    try:
        candidates = reader.alternation()
        if reader.pos != len(source):
            raise _Unreadable("unbalanced ')'")
    except (_Unreadable, ValueError, KeyError):  # ValueError/KeyError: odd escapes
        return ()
    kept: list[Requirement] = []
    for candidate in sorted(dict.fromkeys(candidates), key=_rank):
        if not any(_implies(other, candidate) for other in kept):
            kept.append(candidate)
    return tuple(kept[:_KEEP])


def _rank(requirement: Requirement) -> tuple[int, int]:
    """Most selective first: least :func:`_cost`, then the longest strings."""
    return _cost(requirement), -min(len(text) for text in requirement)


def _implies(stronger: Requirement, weaker: Requirement) -> bool:
    """Whether a text meeting ``stronger`` always meets ``weaker`` (each of its strings
    contains one of ``weaker``'s): checking ``weaker`` too would rule out nothing more."""
    return all(any(text in string for text in weaker) for string in stronger)


def _cost(requirement: Requirement) -> int:
    """How little a requirement rules out: more alternatives and common characters."""
    return sum(3 if len(text) == 1 and text in _COMMON else 1 for text in requirement)


def _union(branches: list[list[Requirement]]) -> list[Requirement]:
    """An alternation's requirement: a match goes through one branch, so it contains one of
    the strings of one requirement of that branch. One requirement per branch, each chosen
    to add as little as possible to the union; a branch with none makes the union none."""
    if not all(branches):
        return []
    union: list[str] = []
    for branch in sorted(branches, key=len):
        best = min(branch, key=lambda need: _cost(tuple(t for t in need if t not in union)))
        union.extend(text for text in best if text not in union)
    # A text containing "\x1b[" contains "\x1b": the longer alternative adds nothing.
    return [tuple(s for s in union if not any(t != s and t in s for t in union))]


class _Unreadable(Exception):
    """A construct the reader does not handle: the regex gets no requirement."""


class _Reader:
    """A recursive-descent reader of Python regex syntax that keeps only requirements.

    It needs to find where every construct ends (a mistake there could turn a group's or a
    class's insides into literals) and which literals every match contains; it never needs
    to know what the rest matches. Where Python's syntax has a subtle case (backreferences
    next to digits, ``{`` as a literal), it reads more than Python would as "unknown",
    which only loses requirements. ``ignorecase`` and ``verbose`` are the flags in force
    at the current position (scoped groups ``(?i:...)`` change them for their body).
    """

    def __init__(self, source: str, flags: int) -> None:
        self.source = source
        self.pos = 0
        self.ignorecase = bool(flags & re.IGNORECASE)
        self.verbose = bool(flags & re.VERBOSE)

    def peek(self, ahead: int = 0) -> str:
        """The character ``ahead`` places on ('' past the end)."""
        index = self.pos + ahead
        return self.source[index : index + 1]

    def take(self) -> str:
        """The next character, consumed."""
        char = self.peek()
        if not char:
            raise _Unreadable("unexpected end")
        self.pos += 1
        return char

    def skip_ignored(self) -> None:
        """Under ``VERBOSE``, step over whitespace and ``#`` comments (which end at a line
        break; a backslash in a comment escapes the character after it, as in Python)."""
        while self.verbose:
            char = self.peek()
            if char in _VERBOSE_WHITESPACE:
                self.pos += 1
            elif char == "#":
                while (char := self.peek()) and char != "\n":
                    self.pos += 2 if char == "\\" else 1
            else:
                return

    def alternation(self) -> list[Requirement]:
        """Branches separated by ``|``, up to a ``)`` or the end."""
        branches = [self.sequence()]
        while self.peek() == "|":
            self.pos += 1
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else _union(branches)

    def sequence(self) -> list[Requirement]:
        """Atoms one after the other: runs of literals (as substrings) and groups' needs."""
        found: list[Requirement] = []
        run = ""
        while True:
            self.skip_ignored()
            if self.peek() in ("", "|", ")"):
                break
            char, inner = self.atom()
            low = self.quantifier()
            if char is not None and low is None:
                run += char
            elif char is not None and low:
                # "ab{2,}c" contains "abb" and "bbc": the repeat starts and ends with "bb".
                found.append((run + char * low,))
                run = char * low
            else:
                if run:
                    found.append((run,))
                    run = ""
                if low is None or low >= 1:
                    found.extend(inner)
        if run:
            found.append((run,))
        return found

    def quantifier(self) -> int | None:
        """The least count of a repeat after an atom (``None``: no repeat)."""
        self.skip_ignored()
        char = self.peek()
        if char in ("*", "?"):
            self.pos += 1
            low = 0
        elif char == "+":
            self.pos += 1
            low = 1
        elif char == "{":
            braces = _BRACES.match(self.source, self.pos)
            if braces is None or braces.group() == "{}":
                return None  # a literal brace, read as the next atom
            self.pos = braces.end()
            low = int(braces.group(1) or 0)
        else:
            return None
        if self.peek() in ("?", "+"):  # lazy or possessive: the same texts match
            self.pos += 1
        return low

    def atom(self) -> tuple[str | None, list[Requirement]]:
        """One atom: the character it stands for, or ``None`` and what it requires."""
        char = self.take()
        if char == "\\":
            return self.escape(in_class=False), []
        if char == "[":
            return self.char_class()
        if char == "(":
            return None, self.group()
        if char in ".^$":
            return None, []
        if char in "*+?":
            raise _Unreadable("nothing to repeat")
        return self.literal(char), []

    def literal(self, char: str) -> str | None:
        """``char`` if it matches only itself: under ``IGNORECASE`` only ASCII non-letters
        do (``k`` also matches the Kelvin sign, ``s`` the long s...)."""
        if self.ignorecase and not (char.isascii() and not char.isalpha()):
            return None
        return char

    def escape(self, in_class: bool) -> str | None:
        """The character a backslash escape stands for, or ``None`` (a class, an anchor, a
        backreference: nothing the reader turns into a requirement)."""
        char = self.take()
        if char in _HEX_ESCAPES:
            digits = self.source[self.pos : self.pos + _HEX_ESCAPES[char]]
            if len(digits) != _HEX_ESCAPES[char] or not set(digits) <= _HEX_DIGITS:
                raise _Unreadable("bad hex escape")
            self.pos += len(digits)
            return self.literal(chr(int(digits, 16)))
        if char == "N":
            end = self.source.find("}", self.pos)
            if self.peek() != "{" or end < 0:
                raise _Unreadable("bad named escape")
            name = self.source[self.pos + 1 : end]
            self.pos = end + 1
            return self.literal(unicodedata.lookup(name))
        if char in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[char]
        if char == "b" and in_class:
            return "\b"
        if char in _DIGITS:
            return self.octal_or_backreference(char, in_class)
        if char.isascii() and char.isalpha():  # \d \w \s \b \A \Z and their negations
            return None
        return self.literal(char)

    def octal_or_backreference(self, first: str, in_class: bool) -> str | None:
        """``\\0``, ``\\012``, three octal digits, and any octal digits in a class are
        octal escapes; other digits are a backreference, read with every digit after it
        as unknown."""
        digits = first
        if first == "0" or (in_class and first in _OCTAL_DIGITS):
            while len(digits) < 3 and self.peek() in _OCTAL_DIGITS:
                digits += self.take()
            return self.literal(chr(int(digits, 8)))
        if (
            not in_class
            and first in _OCTAL_DIGITS
            and self.peek() in _OCTAL_DIGITS
            and self.peek(1) in _OCTAL_DIGITS
        ):
            digits += self.take() + self.take()
            return self.literal(chr(int(digits, 8)))
        while self.peek() in _DIGITS:
            self.pos += 1
        return None

    def char_class(self) -> tuple[str | None, list[Requirement]]:
        """A ``[...]`` set, after its ``[``: its single character, its characters as
        alternatives when each matches only itself, or nothing (negated, ranges,
        categories). Whitespace in a set is literal, even under ``VERBOSE``."""
        known = self.peek() != "^"
        if not known:
            self.pos += 1
        chars: list[str] = []
        first = True
        while True:
            char = self.take()
            if char == "]" and not first:
                break
            first = False
            item = self.escape(in_class=True) if char == "\\" else self.literal(char)
            if self.peek() == "-" and self.peek(1) not in ("]", ""):  # a range
                self.pos += 1
                if self.take() == "\\":
                    self.escape(in_class=True)
                known = False
            elif item is None:
                known = False
            else:
                chars.append(item)
        unique = tuple(dict.fromkeys(chars))
        if not known or not unique:
            return None, []
        if len(unique) == 1:
            return unique[0], []
        return None, [unique]

    def group(self) -> list[Requirement]:
        """A ``(...)`` construct, after its ``(``: what its body requires, when every match
        contains the body's text (groups, positive lookarounds), else nothing."""
        keep = True
        saved = (self.ignorecase, self.verbose)
        if self.peek() == "?":
            self.pos += 1
            kind = self.take()
            if kind in (":", "=", ">"):  # non-capturing, lookahead, atomic
                pass
            elif kind == "!":
                keep = False
            elif kind == "<":
                look = self.take()
                if look not in ("=", "!"):
                    raise _Unreadable("unknown (?< group")
                keep = look == "="
            elif kind == "P":
                named = self.take()
                if named == "<":
                    self.skip_to(">")
                elif named == "=":  # a backreference by name
                    self.skip_to(")")
                    return []
                else:
                    raise _Unreadable("unknown (?P group")
            elif kind == "#":  # a comment; an escaped ')' does not end it
                while (char := self.take()) != ")":
                    if char == "\\":
                        self.take()
                return []
            elif kind in _FLAG_LETTERS or kind == "-":
                if not self.flags(kind):  # global flags, already in the regex's flags
                    return []
            else:  # conditionals, and whatever a future Python adds
                raise _Unreadable(f"unknown group (?{kind}")
        body = self.alternation()
        if self.take() != ")":
            raise _Unreadable("unterminated group")
        self.ignorecase, self.verbose = saved
        return body if keep else []

    def flags(self, first: str) -> bool:
        """Inline flags after ``(?``: set ``IGNORECASE`` and ``VERBOSE`` for the body of a
        scoped ``(?i-x:...)`` group (true), or check global flags ``(?i)``, which the
        compiled regex's ``flags`` already has (false)."""
        added, removed = "", ""
        char = first
        while char not in (":", ")"):
            if char == "-" and not removed:
                removed = "-"
            elif char in _FLAG_LETTERS and removed:
                removed += char
            elif char in _FLAG_LETTERS:
                added += char
            else:
                raise _Unreadable("unknown flag")
            char = self.take()
        if char == ")":
            if ("i" in added and not self.ignorecase) or ("x" in added and not self.verbose):
                raise _Unreadable("a global flag missing from the compiled flags")
            return False
        if "i" in added:
            self.ignorecase = True
        if "i" in removed:
            self.ignorecase = False
        if "x" in added:
            self.verbose = True
        if "x" in removed:
            self.verbose = False
        return True

    def skip_to(self, end: str) -> None:
        """Consume up to and including ``end`` (group names hold no special characters)."""
        while self.take() != end:
            pass


class GatedRegex:
    """A compiled regex that answers "no match" at once for a text lacking what every match
    of it contains.

    A duck-typed stand-in for the ``re.Pattern`` in an inline pattern's ``compiled_re``:
    ``search``, ``match``, ``fullmatch``, ``finditer`` and ``findall`` return what the regex
    returns when the text meets its :func:`requirements`, and what a failed scan returns
    when it does not (which is what the regex would return too). Everything else
    (``pattern``, ``flags``, ``groups``, ``groupindex``, ``sub``, ``split``, ``scanner``...)
    is the regex's own, so an extension reading its pattern's ``compiled_re`` sees no
    difference. The check is on the whole string, whatever ``pos`` and ``endpos`` say:
    lookbehinds may read before ``pos``, and a wider check only lets more scans through.
    """

    __slots__ = ("needs", "regex")

    def __init__(self, regex: re.Pattern[str], needs: Requirements) -> None:
        self.regex = regex
        self.needs = needs

    def may_match(self, string: str) -> bool:
        """Whether ``string`` meets every requirement (each: one of its strings is in it)."""
        for requirement in self.needs:
            for text in requirement:
                if text in string:
                    break
            else:
                return False
        return True

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """``re.Pattern.search``, skipped when ``string`` cannot hold a match."""
        return self.regex.search(string, pos, endpos) if self.may_match(string) else None

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """``re.Pattern.match``, skipped when ``string`` cannot hold a match."""
        return self.regex.match(string, pos, endpos) if self.may_match(string) else None

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        """``re.Pattern.fullmatch``, skipped when ``string`` cannot hold a match."""
        return self.regex.fullmatch(string, pos, endpos) if self.may_match(string) else None

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """``re.Pattern.finditer`` (what the inline pass calls), empty when ``string``
        cannot hold a match."""
        if self.may_match(string):
            return self.regex.finditer(string, pos, endpos)
        return iter(())

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        """``re.Pattern.findall``, empty when ``string`` cannot hold a match."""
        return self.regex.findall(string, pos, endpos) if self.may_match(string) else []

    def __getattr__(self, name: str) -> Any:
        """Everything else is the regex's (dunders excepted: copying has its own methods)."""
        if name.startswith("__") or name in ("needs", "regex", "needle", "needles"):
            raise AttributeError(name)
        return getattr(self.regex, name)

    def __copy__(self) -> GatedRegex:
        """Immutable, like ``re.Pattern``: a copy is itself."""
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> GatedRegex:
        """Immutable, like ``re.Pattern``: a copy is itself."""
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as the regex and its requirements."""
        return (type(self), (self.regex, self.needs))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.regex!r}, {self.needs!r})"


class _SubstringGate(GatedRegex):
    """The common case, a single required string: one ``in`` per scan."""

    __slots__ = ("needle",)

    def __init__(self, regex: re.Pattern[str], needs: Requirements) -> None:
        super().__init__(regex, needs)
        self.needle = needs[0][0]

    def may_match(self, string: str) -> bool:
        """Whether ``string`` contains the required string."""
        return self.needle in string

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """``re.Pattern.finditer``, empty when ``string`` lacks the required string
        (written out: it runs for every pattern on every piece of text)."""
        if self.needle in string:
            return self.regex.finditer(string, pos, endpos)
        return iter(())


class _EverySubstringGate(GatedRegex):
    """Requirements of one string each (``<`` and ``>`` for HTML tags): all must be in."""

    __slots__ = ("needles",)

    def __init__(self, regex: re.Pattern[str], needs: Requirements) -> None:
        super().__init__(regex, needs)
        self.needles = tuple(requirement[0] for requirement in needs)

    def may_match(self, string: str) -> bool:
        """Whether ``string`` contains every required string."""
        return all(needle in string for needle in self.needles)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """``re.Pattern.finditer``, empty when ``string`` lacks a required string."""
        for needle in self.needles:
            if needle not in string:
                return iter(())
        return self.regex.finditer(string, pos, endpos)


def gate(regex: re.Pattern[str]) -> re.Pattern[str] | GatedRegex:
    """``regex`` behind a :class:`GatedRegex`, or ``regex`` itself when nothing is known
    about its matches (a wrapper would only cost time)."""
    needs = requirements(regex)
    if not needs:
        return regex
    if len(needs) == 1 and len(needs[0]) == 1:
        return _SubstringGate(regex, needs)
    if all(len(requirement) == 1 for requirement in needs):
        return _EverySubstringGate(regex, needs)
    return GatedRegex(regex, needs)


_BRACKET = re.compile(r"[\[\]]")


class BracketEnds:
    """``LinkInlineProcessor.getText`` for one pattern: the text between a link's ``[`` and
    the ``]`` that closes it, nested brackets counted, found from the brackets alone.

    The bracket depth only changes at a bracket, so the text is cut into runs that start
    at the beginning and after each bracket; every position of a run has the same closing
    bracket, the first later run of lower depth (found for all runs at once with a stack,
    as Python-Markdown does for every character). Computed once per text (the inline pass
    asks again for each link of the same text) and answered with a bisection.
    """

    __slots__ = ("_ends", "_starts", "_text")

    def __init__(self) -> None:
        self._text: str | None = None
        self._starts: list[int] = []
        self._ends: list[int | None] = []

    def __call__(self, data: str, index: int) -> tuple[str, int, bool]:
        """``getText(data, index)``: the text from ``index`` to before its closing ``]``,
        the index just past that ``]`` and True; or the rest of ``data``, its length and
        False when the bracket never closes."""
        if self._text is not data:
            self._starts, self._ends = bracket_runs(data)
            self._text = data
        end = self._ends[bisect_right(self._starts, index) - 1]
        if end is None:
            return data[index:], len(data), False
        return data[index : end - 1], end, True


def bracket_runs(data: str) -> tuple[list[int], list[int | None]]:
    """The start of each run of ``data`` between brackets, and for each run the index just
    past the ``]`` that closes a bracket opened before it (None if it never closes)."""
    starts, depths = [0], [0]
    depth = 0
    for found in _BRACKET.finditer(data):
        depth += 1 if found.group() == "[" else -1
        starts.append(found.end())
        depths.append(depth)
    ends: list[int | None] = [None] * len(starts)
    waiting: list[int] = []
    for run, depth in enumerate(depths):
        while waiting and depths[waiting[-1]] > depth:
            ends[waiting.pop()] = starts[run]
        waiting.append(run)
    return starts, ends


_STOCK_GET_TEXT = LinkInlineProcessor.getText


def install(md: markdown.Markdown) -> None:
    """Gate the regex of every inline pattern of ``md``, and give its link and image
    patterns a :class:`BracketEnds`.

    Idempotent: a regex already gated is not a ``re.Pattern`` and is left alone, so running
    before every conversion costs a type check per pattern. A pattern that recompiles its
    regex later (``pymdownx`` delimiters do when a token is added) simply runs ungated until
    the next call. Patterns whose ``compiled_re`` is not a compiled ``str`` regex are left
    as they are, and so is a link pattern whose class finds its text in its own way.
    """
    for pattern in md.inlinePatterns:
        if (
            isinstance(pattern, LinkInlineProcessor)
            and type(pattern).getText is _STOCK_GET_TEXT
            and "getText" not in vars(pattern)
        ):
            pattern.getText = BracketEnds()  # type: ignore[method-assign]
        regex = getattr(pattern, "compiled_re", None)
        if isinstance(regex, re.Pattern):
            gated = gate(regex)
            if gated is not regex:
                pattern.compiled_re = gated  # type: ignore[assignment]  # duck-typed
