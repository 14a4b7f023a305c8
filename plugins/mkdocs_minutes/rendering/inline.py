"""Python-Markdown's inline pass, minus the patterns that cannot match a piece of text.

Python-Markdown runs every inline pattern over every piece of text in the page, one after
the other: about twenty patterns on a site with the plugin's extensions, each tried (a
registry lookup, an ancestor check, a regex scan) on each of the few hundred text nodes of
a meeting page, although most nodes are plain words that no pattern can match. That loop
was the largest single cost of rendering a meeting page.

:class:`FastInlineProcessor` is the stock ``inline`` treeprocessor with one change: before
trying a pattern on a piece of text it checks, with ``in``, that the text contains what
every match of the pattern's regex must contain (a ``[`` for links, a ``` ` ``` for code,
``![`` for images...). Those requirements are read from the regex itself (see
:func:`requirements`), never assumed from a pattern's name, so patterns of any extension
are covered, and a pattern whose regex is too complex to read is simply always tried. A
pattern skipped this way is exactly one the stock loop would have tried and found no
match for, so the page is the same, byte for byte.

Installed by the extension (through a preprocessor, once every extension has registered)
only when the ``inline`` treeprocessor is Python-Markdown's own. No MkDocs import.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString

try:  # Python 3.11+
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

Requirement = tuple[str, ...]
"""Strings of which a matching text contains at least one."""

Requirements = tuple[Requirement, ...]
"""Requirements a matching text meets all of (empty: nothing known, always try)."""

_COMMON = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \t\n.,-'")
"""Characters most text contains: a requirement made of them rules out little."""

_KEEP = 2
"""Requirements kept per regex (the most selective ones): checking more costs more than
the patterns they would rule out."""

_CACHE: dict[tuple[str, int], Requirements] = {}
"""Requirements per regex source and flags: reading a regex is slow, pages are many."""


def requirements(regex: re.Pattern[str]) -> Requirements:
    """What every text a regex can match (with ``search``, anywhere) contains.

    Sound by construction: only parts of the regex that every match must go through
    (sequence members, repeats of at least one, positive lookarounds, every branch of an
    alternation) give requirements, and only characters that match themselves alone
    (no classes with ranges or categories, no letters under ``IGNORECASE``).
    """
    if not isinstance(regex.pattern, str):
        return ()
    key = (regex.pattern, regex.flags)
    found = _CACHE.get(key)
    if found is None:
        try:
            parsed = _sre_parse.parse(regex.pattern, regex.flags)
            candidates = _sequence(list(parsed), bool(regex.flags & re.IGNORECASE))
        except Exception:  # an unreadable regex is always tried
            candidates = []
        unique = list(dict.fromkeys(candidates))
        found = tuple(sorted(unique, key=_cost)[:_KEEP])
        _CACHE[key] = found
    return found


def _cost(requirement: Requirement) -> int:
    """How little a requirement rules out: more alternatives and common characters."""
    return sum(3 if len(text) == 1 and text in _COMMON else 1 for text in requirement)


def _literal(code: int, ignorecase: bool) -> str | None:
    """The character a ``LITERAL`` stands for, when it matches nothing else."""
    char = chr(code)
    if ignorecase and not (char.isascii() and not char.isalpha()):
        return None
    return char


def _sequence(items: list[Any], ignorecase: bool) -> list[Requirement]:
    """Requirements of a sequence: runs of literals (as substrings) and its members'."""
    found: list[Requirement] = []
    run = ""
    for op, argument in items:
        if op is _sre.LITERAL:
            char = _literal(argument, ignorecase)
            if char is not None:
                run += char
                continue
        if run:
            found.append((run,))
            run = ""
        found.extend(_item(op, argument, ignorecase))
    if run:
        found.append((run,))
    return found


def _best(candidates: list[Requirement]) -> Requirement | None:
    """The most selective of several requirements."""
    return min(candidates, key=_cost) if candidates else None


def _item(op: Any, argument: Any, ignorecase: bool) -> list[Requirement]:
    """Requirements of one member of a sequence (none for what may match nothing)."""
    if op is _sre.IN:
        chars: list[str] = []
        for kind, value in argument:
            char = _literal(value, ignorecase) if kind is _sre.LITERAL else None
            if char is None:
                return []
            chars.append(char)
        return [tuple(chars)]
    if op is _sre.SUBPATTERN:
        add_flags, del_flags, body = argument[1], argument[2], argument[3]
        if add_flags & re.IGNORECASE:
            ignorecase = True
        if del_flags & re.IGNORECASE:
            ignorecase = False
        return _sequence(list(body), ignorecase)
    if op is _sre.BRANCH:
        union: list[str] = []
        for branch in argument[1]:
            best = _best(_sequence(list(branch), ignorecase))
            if best is None:
                return []
            union.extend(text for text in best if text not in union)
        return [tuple(union)]
    if op in _REPEATS:
        low, body = argument[0], argument[2]
        return _sequence(list(body), ignorecase) if low >= 1 else []
    if op is _sre.ASSERT:
        # A positive lookahead or lookbehind: its text is in the string all the same.
        return _sequence(list(argument[1]), ignorecase)
    if op is _ATOMIC:
        return _sequence(list(argument), ignorecase)
    return []


_REPEATS = tuple(
    getattr(_sre, name)
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(_sre, name)
)
_ATOMIC = getattr(_sre, "ATOMIC_GROUP", object())


def _may_match(needs: Requirements, data: str) -> bool:
    """Whether ``data`` meets every requirement (each: one of its strings is in it)."""
    for requirement in needs:
        for text in requirement:
            if text in data:
                break
        else:
            return False
    return True


def _gate(needs: Requirements) -> str | Requirements:
    """A single required string as itself (one ``in`` per try, the common case)."""
    if len(needs) == 1 and len(needs[0]) == 1:
        return needs[0][0]
    return needs


class FastInlineProcessor(InlineProcessor):
    """The ``inline`` treeprocessor, skipping patterns a text cannot match.

    Overrides the loop of Python-Markdown's private ``__handleInline`` (the same loop
    since Python-Markdown 3.0): patterns are taken from a list made once per page
    instead of a registry lookup per try, and a pattern whose requirements the text
    does not meet counts as tried and not matched, which is what trying it would give.
    """

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self._patterns: list[tuple[Any, str | Requirements]] = []

    def run(self, tree: Element, ancestors: list[str] | None = None) -> Element:
        """Read the patterns' requirements, then run the stock pass."""
        self._patterns = [
            (pattern, _gate(requirements(pattern.getCompiledRegExp())))
            for pattern in self.inlinePatterns
        ]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        """Apply the patterns from ``patternIndex`` on, as the stock loop does."""
        if isinstance(data, AtomicString):
            return data
        patterns = self._patterns
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        start = 0
        count = len(patterns)
        while patternIndex < count:
            pattern, needs = patterns[patternIndex]
            if needs and (
                needs not in data if isinstance(needs, str) else not _may_match(needs, data)
            ):
                patternIndex += 1
                start = 0
                continue
            data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


def install(md: markdown.Markdown, priority: float) -> None:
    """Put :class:`FastInlineProcessor` in place of Python-Markdown's own ``inline`` pass,
    at its ``priority`` (never in place of another extension's replacement)."""
    registry = md.treeprocessors
    if "inline" not in registry or type(registry["inline"]) is not InlineProcessor:
        return
    if not hasattr(InlineProcessor, "_InlineProcessor__applyPattern"):  # pragma: no cover
        return
    registry.register(FastInlineProcessor(md), "inline", priority)
