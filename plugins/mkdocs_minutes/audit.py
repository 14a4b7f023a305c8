"""The coverage audit: every line of a note's text reaches a page published from it.

A splitter that ends a meeting too early, a page builder that skips a line, a renderer
that swallows a block: each loses text silently, and a test that compares the parser with
itself cannot see it. The audit compares the *source file* with what is *published from
it* (its meeting pages and the file's own page), word by word: a line whose words are not
all on those pages is a ``lost-text`` finding naming ``path:line``. The build audits the
rendered HTML of the pages; ``minutes check`` audits their Markdown (it renders nothing).

Not text, and not audited: front matter, HTML comments, the contents of ``<script>`` and
``<style>`` elements (the sanitiser removes them on purpose), HTML tags themselves,
``:emoji:`` shortcodes, attribute lists (``{: .class}``), the targets of Markdown links
and images (MkDocs rewrites ``other.md`` to ``other/``; the link's text and title are
audited, and so are bare URLs, which a reader sees), link reference definitions and
``[TOC]`` lines. Words are runs of two or more letters or digits, compared case-folded
after HTML entities are decoded, so escapes (``\\_``) and emphasis do not matter.

No MkDocs import: the plugin and the ``check`` command both call :func:`lost_text`.
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Iterable, Iterator

from .model import Finding, ParsedNote
from .scan import code_spans, fence_opening, fenced_lines

_WORD_RE = re.compile(r"[^\W_]{2,}")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_HIDDEN_ELEMENT_RE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_HIDDEN_OPEN_RE = re.compile(r"<(script|style)\b", re.IGNORECASE)
_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_SHORTCODE_RE = re.compile(r":[a-z0-9_+-]+:")
_ATTR_LIST_RE = re.compile(r"\{:?\s*[#.:][^{}\n]*\}")
_LINK_TARGET_RE = re.compile(
    r"\]\([ \t]*(?:<[^>\n]*>|[^()\s]*(?:\([^)\s]*\)[^()\s]*)*)"
    r"(?:[ \t]+(\"[^\"]*\"|'[^']*'))?[ \t]*\)"
)
_REF_DEFINITION_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S")
_TOC_RE = re.compile(r"^\s*\[(?:toc|\[toc\])\]\s*$", re.IGNORECASE)
_CLOSERS = {
    "comment": re.compile(r"-->"),
    "script": re.compile(r"</script\s*>", re.IGNORECASE),
    "style": re.compile(r"</style\s*>", re.IGNORECASE),
}


Words = tuple[str, ...]
"""A page's distinct words, sorted (so two builds' are equal when the page's are)."""


def words(text: str) -> Words:
    """The words of published text (HTML or Markdown): case-folded, entities decoded.

    The build keeps the words of every note's pages until the audit, so they are kept
    small: interned (the pages of an archive share most of their words: half the memory
    at 1,000 meetings), and as a tuple, a quarter of a set's size (a set per page held
    33 MB at 1,000 meetings); the audit makes a set of a note's pages' words when it
    reads them.
    """
    return tuple(
        sys.intern(word) for word in sorted(set(_WORD_RE.findall(html.unescape(text).casefold())))
    )


def _line_words(text: str) -> list[str]:
    return _WORD_RE.findall(html.unescape(text).casefold())


def text_lines(note: ParsedNote) -> Iterator[tuple[int, list[str]]]:
    """(line number, words) for every line of the note's text that holds words.

    The note's decoded, repaired text is the source (the contract: the pages hold the
    repaired text), without its front matter, comments and markup.
    """
    lines = note.text.split("\n")
    first = note.body_line
    hidden: str | None = None  # "comment", or the element (script/style) being skipped
    fenced = fenced_lines(lines[first - 1 :])
    for number in range(first, len(lines) + 1):
        text = lines[number - 1]
        if fenced[number - first] and hidden is None:
            # A closing fence reads as an opening one: neither is text on the page.
            if fence_opening(text) is None and (found := _line_words(text)):
                yield number, found
            continue
        text, hidden = _visible(text, hidden)
        if found := _line_words(text):
            yield number, found


def _visible(text: str, hidden: str | None) -> tuple[str, str | None]:
    """The part of a line outside fences that a reader sees, and what stays hidden after it.

    Code spans are kept whole (a ``<!--`` inside backticks is text); comments and
    script/style elements may span lines.
    """
    if hidden is not None:
        closer = _CLOSERS[hidden].search(text)
        if closer is None:
            return "", hidden
        text = text[closer.end() :]
        hidden = None
    if text.lstrip()[:1] == "[" and (_REF_DEFINITION_RE.match(text) or _TOC_RE.match(text)):
        return "", None
    if not any(mark in text for mark in "<:{]`"):
        return text, None  # most lines: plain prose, no markup to take out
    kept: list[str] = []
    cursor = 0
    pieces: list[str] = []
    for start, end in code_spans(text):
        pieces.append(text[cursor:start])
        kept.append(text[start:end])
        cursor = end
    pieces.append(text[cursor:])
    prose = "\x00".join(pieces)
    if "<" in prose:
        prose = _COMMENT_RE.sub(" ", prose)
        prose = _HIDDEN_ELEMENT_RE.sub(" ", prose)
        start = prose.find("<!--")
        opened = _HIDDEN_OPEN_RE.search(prose)
        if opened and (start < 0 or opened.start() < start):
            hidden = opened.group(1).lower()
            prose = prose[: opened.start()]
        elif start >= 0:
            hidden = "comment"
            prose = prose[:start]
    if "](" in prose:
        prose = _LINK_TARGET_RE.sub(r"] \1", prose)
    if "<" in prose:
        prose = _TAG_RE.sub(" ", prose)
    if ":" in prose:
        prose = _SHORTCODE_RE.sub(" ", prose)
    if "{" in prose:
        prose = _ATTR_LIST_RE.sub(" ", prose)
    return " ".join([prose.replace("\x00", " "), *kept]), hidden


def lost_text(note: ParsedNote, published: Iterable[Iterable[str]]) -> list[Finding]:
    """``lost-text`` findings: runs of the note's lines whose words the pages lack.

    ``published`` holds the :func:`words` of every page published from the note (of the
    rendered HTML in the build, of the Markdown in ``minutes check``). Consecutive lost
    lines (lines without words between them allowed) are one finding at the first, naming
    the last line and a few of the missing words.
    """
    seen: set[str] = set().union(*published)
    findings: list[Finding] = []
    run: list[tuple[int, list[str]]] = []

    def flush() -> None:
        if not run:
            return
        first, last = run[0][0], run[-1][0]
        missing = list(dict.fromkeys(w for _, found in run for w in found if w not in seen))
        where = f"line {first}" if first == last else f"lines {first}-{last}"
        sample = ", ".join(missing[:6]) + (", ..." if len(missing) > 6 else "")
        findings.append(
            Finding(
                "lost-text",
                note.path,
                first,
                f"the text of {where} reaches no published page (missing: {sample}); "
                "the site would not show it. Report this to mkdocs-minutes with the note",
            )
        )
        run.clear()

    for number, found in text_lines(note):
        if all(word in seen for word in found):
            flush()
        else:
            run.append((number, found))
    flush()
    return findings
