"""The Python-Markdown extension the plugin adds to every site: notes as HackMD showed them.

Registered by the plugin in ``on_config`` (``plugin/extensions.py`` lists it with the other
extensions notes need) and usable on its own as
``markdown_extensions: [mkdocs_minutes.rendering.extension]``. It adds:

- the HackMD preprocessor (``hackmd.py``): list nesting, lists after paragraphs,
  ``:::spoiler`` and alert containers;
- every backslash escape CommonMark knows (``\\@``, ``\\&``, ``\\<`` render literally);
- HackMD ``[name=X]`` / ``[time=...]`` tags as ``<span class="minutes-tag">``;
- bare ``https://`` URLs linked, as HackMD's linkify does (``linkify: false`` to turn off);
- item anchors: the pages layer writes :func:`anchor_marker` into an item's or a heading's
  source line (with :func:`insert_anchor_marker`) and the element gets that ``id``;
- raw HTML sanitising (``raw_html: sanitize``, the default): only what authors wrote as
  raw HTML is cleaned, never the HTML other extensions produce;
- removal of ``javascript:``, ``vbscript:`` and ``data:`` link targets, always;
- the HTML fragments of the archive's pages (``fragments.py``) kept out of Python-Markdown
  and put back as the templates wrote them, so the pages ``minutes generate`` writes
  render under another generator as under the plugin.

No MkDocs import.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from mkdocs_minutes.rendering import fragments
from mkdocs_minutes.rendering.hackmd import PRIORITY as HACKMD_PRIORITY
from mkdocs_minutes.rendering.hackmd import HackmdPreprocessor
from mkdocs_minutes.rendering.inline import install as install_inline_gates
from mkdocs_minutes.rendering.registries import install as install_ordered_registries
from mkdocs_minutes.rendering.sanitize import (
    URL_ATTRIBUTES,
    is_unsafe_url,
    sanitize_element,
    sanitize_html_block,
    sanitize_tag,
)

EXTENSION_NAME = "mkdocs_minutes.rendering.extension"
"""The dotted name Python-Markdown (and ``markdown_extensions:``) loads this module by."""

RAW_HTML_MODES = ("sanitize", "keep")
"""``raw_html`` option values: clean authors' raw HTML (default), or trust it as written."""

MARKER_OPEN = "\ue000"
MARKER_CLOSE = "\ue001"
"""Private-use characters around an anchor id: no extension matches them, and they survive
every pass until the anchor treeprocessor takes them out. The page builders strip them
from every note's text (``pages/fragments.py``), so only the plugin writes them."""

EXTRA_OPEN = "\ue002"
"""Opens a second anchor of one line (``EXTRA_OPEN id MARKER_CLOSE``), which becomes an
empty ``<span id="..." class="minutes-anchor">`` where it stands."""
_EXTRA_RE = re.compile(f"{EXTRA_OPEN}([A-Za-z0-9_-]{{1,200}}){MARKER_CLOSE}")

_MARKER_RE = re.compile(f"{MARKER_OPEN}([^{MARKER_OPEN}{MARKER_CLOSE}\\s]{{1,200}}){MARKER_CLOSE}")
_STRAY_MARKER_RE = re.compile(f"{MARKER_OPEN}[^{MARKER_OPEN}{MARKER_CLOSE}]{{0,200}}{MARKER_CLOSE}")
_STRAY_EXTRA_RE = re.compile(f"{EXTRA_OPEN}[^{MARKER_OPEN}{MARKER_CLOSE}]{{0,200}}{MARKER_CLOSE}")
_ANCHOR_TARGETS = frozenset({"li", "h1", "h2", "h3", "h4", "h5", "h6"})
_BULLET_LINE = re.compile(r"^((?:[ \t]*>)*[ \t]*(?:[-+*]|\d{1,9}[.)]))([ \t]+|$)")
_HEADING_LINE = re.compile(r"^([ \t]{0,3}#{1,6})([ \t]*)")
_COMMONMARK_ESCAPABLE = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_HACKMD_TAG_RE = r"\[(name|time|color)=([^\[\]\n]{0,200})\]"
_BARE_URL_RE = r"(?<![\w/@=&:.\x03-])(https?://[^\s<>\[\]\"`\x02\x03]+)"

ANCHOR_PRIORITY = 30
"""Before ``pymdownx.tasklist`` (25) reads ``[ ]`` at the start of an item, and before
``inline`` (20), ``attr_list`` (8) and ``toc`` (5), which keeps an id already set."""

URL_PRIORITY = 1
"""After ``inline`` and ``attr_list`` have set every ``href``/``src``; before ``unescape``."""

HTML_PATTERN_PRIORITY = 90
"""The priority Python-Markdown registers its ``html`` inline pattern at (documented in its
extension API, and used by ``smarty`` to replace it). The sanitising wrapper takes the
pattern's place at that priority: the Registry has no public way to read an item's own.
``tests/unit/test_inline_gate.py`` fails if Python-Markdown ever moves it."""


def anchor_marker(anchor: str) -> str:
    """The marker that gives the enclosing item or heading ``id=anchor`` when rendered."""
    if not anchor or any(char.isspace() for char in anchor):
        raise ValueError(f"an anchor id needs no spaces and at least a character: {anchor!r}")
    if MARKER_OPEN in anchor or MARKER_CLOSE in anchor or len(anchor) > 200:
        raise ValueError(f"not a usable anchor id: {anchor!r}")
    return f"{MARKER_OPEN}{anchor}{MARKER_CLOSE}"


def extra_anchor_marker(anchor: str) -> str:
    """The marker of a second anchor on a line: an empty span with that ``id``."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,200}", anchor):
        raise ValueError(f"not a usable anchor id: {anchor!r}")
    return f"{EXTRA_OPEN}{anchor}{MARKER_CLOSE}"


def insert_anchor_marker(line: str, anchor: str) -> str:
    """Return a Markdown source line with the anchor marker where the extension reads it.

    Bullets and numbered items take it right after the list marker, before any task box
    (``- [ ] x`` becomes ``- <marker>[ ] x``: the marker is removed before
    ``pymdownx.tasklist`` looks for the box); headings right after the hashes. Any other
    line takes it after its indentation, and the id goes to the block it starts.
    """
    marker = anchor_marker(anchor)
    heading = _HEADING_LINE.match(line)
    if heading:
        end = heading.end()
        space = heading.group(2) or " "
        return f"{heading.group(1)}{space}{marker}{line[end:]}"
    bullet = _BULLET_LINE.match(line)
    if bullet:
        space = bullet.group(2) or " "
        return f"{bullet.group(1)}{space}{marker}{line[bullet.end() :]}"
    body = line.lstrip(" \t")
    return f"{line[: len(line) - len(body)]}{marker}{body}"


class _AnchorTreeprocessor(Treeprocessor):
    """Turns anchor markers into ``id`` attributes on the enclosing item or heading."""

    def run(self, root: Element) -> None:
        """Walk the block tree once; cheap when no marker is present."""
        self._walk(root, None)

    def _walk(self, element: Element, target: Element | None) -> None:
        """Take markers out of ``element``'s text and its children's, depth first."""
        if isinstance(element.tag, str) and element.tag in _ANCHOR_TARGETS:
            target = element
        if element.text and MARKER_OPEN in element.text:
            element.text = self._take(element.text, target if target is not None else element)
        for child in element:
            self._walk(child, target)
            if child.tail and MARKER_OPEN in child.tail:
                child.tail = self._take(child.tail, target if target is not None else element)

    @staticmethod
    def _take(text: str, target: Element) -> str:
        """Remove every marker from ``text``; the first sets ``target``'s id if it has none."""
        for match in _MARKER_RE.finditer(text):
            if "id" not in target.attrib:
                target.set("id", match.group(1))
        return _STRAY_MARKER_RE.sub("", text)


class _StrayMarkerPostprocessor(Postprocessor):
    """Turns second anchors into empty spans, and drops markers that ended up where no
    element could take them (stashed code)."""

    def run(self, text: str) -> str:
        """Second anchors become spans; leftover markers go."""
        if EXTRA_OPEN in text:
            text = _EXTRA_RE.sub(r'<span id="\1" class="minutes-anchor"></span>', text)
            text = _STRAY_EXTRA_RE.sub("", text)
        if MARKER_OPEN not in text:
            return text
        return _STRAY_MARKER_RE.sub("", text)


class _UnsafeUrlTreeprocessor(Treeprocessor):
    """Removes script-running link targets, from Markdown links and ``attr_list`` alike."""

    def __init__(self, md: markdown.Markdown, strip_handlers: bool) -> None:
        super().__init__(md)
        self.strip_handlers = strip_handlers

    def run(self, root: Element) -> None:
        """Drop unsafe URL attributes (and, when sanitising, ``on*`` handlers).

        A link or image that loses its target becomes a ``span`` (an image shows its alt
        text): MkDocs' link rewriter, which runs next, requires every ``a`` to have an
        ``href`` and every ``img`` a ``src``.
        """
        for element in root.iter():
            if not element.attrib:
                continue
            for key in list(element.attrib):
                lowered = key.lower()
                if (lowered in URL_ATTRIBUTES and is_unsafe_url(element.attrib[key])) or (
                    self.strip_handlers and lowered.startswith("on")
                ):
                    del element.attrib[key]
            if element.tag == "a" and "href" not in element.attrib:
                element.tag = "span"
            elif element.tag == "img" and "src" not in element.attrib:
                element.tag = "span"
                element.text = element.attrib.pop("alt", None)
                element.attrib.pop("title", None)


class _HackmdTagProcessor(InlineProcessor):
    """``[name=Ana]`` / ``[time=...]`` / ``[color=...]`` kept as text in a styled span."""

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[Element, int, int]:
        """Wrap the tag, as written, in ``<span class="minutes-tag minutes-tag-KIND">``."""
        span = Element("span", {"class": f"minutes-tag minutes-tag-{m.group(1)}"})
        span.text = m.group(0)
        return span, m.start(0), m.end(0)


class _RawHtmlState:
    """Where the stash stood when the raw-HTML block preprocessor started."""

    def __init__(self) -> None:
        self.start = 0


class _RawBlockStart(Preprocessor):
    """Runs just before ``html_block``: remembers the stash size."""

    def __init__(self, md: markdown.Markdown, state: _RawHtmlState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        """Record where author-written blocks will start in the stash."""
        self.state.start = len(self.md.htmlStash.rawHtmlBlocks)
        return lines


class _RawBlockEnd(Preprocessor):
    """Runs just after ``html_block``: cleans every stash entry it added, whichever
    ``html_block`` ran (Python-Markdown's or ``md_in_html``'s)."""

    def __init__(self, md: markdown.Markdown, state: _RawHtmlState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        """Sanitise the author-written HTML blocks stashed since the start marker."""
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index in range(self.state.start, len(blocks)):
            entry = blocks[index]
            if isinstance(entry, str):
                blocks[index] = sanitize_html_block(entry)
            elif not sanitize_element(entry):
                blocks[index] = ""
        return lines


class _SanitizingHtmlInline(InlineProcessor):
    """Wraps the ``html`` inline pattern: each tag it stashes is cleaned on the way in."""

    def __init__(self, inner: InlineProcessor, md: markdown.Markdown) -> None:
        super().__init__(inner.pattern, md)
        self.inner = inner
        self.compiled_re = inner.compiled_re

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[Any, Any, Any]:
        """Let the real pattern stash the tag, then clean what it stashed."""
        blocks = self.md.htmlStash.rawHtmlBlocks
        start = len(blocks)
        result = self.inner.handleMatch(m, data)
        for index in range(start, len(blocks)):
            entry = blocks[index]
            if isinstance(entry, str):
                blocks[index] = sanitize_tag(entry)
        return result


class _InlineHtmlGate(Preprocessor):
    """Wraps the ``html`` inline pattern once every extension has registered (an
    extension loaded after this one may replace it), before inline processing starts."""

    def run(self, lines: list[str]) -> list[str]:
        """Install the sanitising wrapper if it is not in place yet."""
        patterns = self.md.inlinePatterns
        if "html" in patterns:
            current = patterns["html"]
            if not isinstance(current, _SanitizingHtmlInline) and isinstance(
                current, InlineProcessor
            ):
                patterns.register(
                    _SanitizingHtmlInline(current, self.md), "html", HTML_PATTERN_PRIORITY
                )
        return lines


BLOCK_GATE_PRIORITY = -1000
"""After every preprocessor (Python-Markdown's lowest is ``html_block``, 20): the block
processors are chosen from the lines the block parser will read."""


class _InlineRegexGate(Preprocessor):
    """Gates every inline pattern's regex (``inline.py``) before inline processing starts,
    once every extension, loaded before or after this one, has registered its patterns;
    and keeps the page as written for :class:`_BlockGate`."""

    def __init__(self, md: markdown.Markdown, page: _PageText) -> None:
        super().__init__(md)
        self.page = page

    def run(self, lines: list[str]) -> list[str]:
        """Install the gates (a no-op for patterns already gated)."""
        install_inline_gates(self.md)
        self.page.written = "\n".join(lines).lower()
        return lines


class _BlockGate(Preprocessor):
    """Last of the preprocessors: reads the order of the inline patterns and of the block
    processors once for the page (``registries.py``), without the block processors it
    cannot use, judged from the page as written (raw HTML that ``md_in_html`` would
    parse) and as the preprocessors left it (HackMD's containers become admonitions)."""

    def __init__(self, md: markdown.Markdown, page: _PageText) -> None:
        super().__init__(md)
        self.page = page

    def run(self, lines: list[str]) -> list[str]:
        """Order the registries for this page."""
        document = self.page.written + "\n" + "\n".join(lines).lower()
        self.page.written = ""
        install_ordered_registries(self.md, document)
        return lines


class _PageText:
    """The page being converted, as written, between the two gates."""

    written = ""


class _BareUrlProcessor(InlineProcessor):
    """Links bare ``https://`` URLs, as HackMD (markdown-it's linkify) does; a single cheap
    pattern instead of ``pymdownx.magiclink``. Never inside an existing link."""

    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[Element | None, int | None, int | None]:
        """Link the URL, leaving trailing punctuation and unbalanced ``)`` outside."""
        url = m.group(1)
        while url and (
            url[-1] in ".,:;!?*_~'\"" or (url[-1] == ")" and url.count(")") > url.count("("))
        ):
            url = url[:-1]
        if len(url) <= len("https://"):
            return None, None, None
        link = Element("a", {"href": url})
        link.text = AtomicString(url)
        return link, m.start(1), m.start(1) + len(url)


class MinutesMarkdownExtension(Extension):
    """Renders notes as HackMD showed them, with item anchors and without running scripts."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "raw_html": [
                "sanitize",
                "'sanitize' cleans the raw HTML authors wrote with an allowlist; "
                "'keep' leaves it as written (for archives whose authors are trusted).",
            ],
            "linkify": [True, "Link bare http(s) URLs, as HackMD does."],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        """Register the preprocessors, processors and escapes described in the module."""
        mode = self.getConfig("raw_html")
        if mode not in RAW_HTML_MODES:
            raise ValueError(f"raw_html must be one of {RAW_HTML_MODES}, not {mode!r}")
        md.registerExtension(self)
        fragments.register(md)
        for char in _COMMONMARK_ESCAPABLE:
            if char not in md.ESCAPED_CHARS:
                md.ESCAPED_CHARS.append(char)
        md.preprocessors.register(HackmdPreprocessor(md), "minutes_hackmd", HACKMD_PRIORITY)
        # 34: after the ``html`` wrapper (35), so the pattern in place is the one gated.
        page = _PageText()
        md.preprocessors.register(_InlineRegexGate(md, page), "minutes_inline_regex_gate", 34)
        md.preprocessors.register(_BlockGate(md, page), "minutes_block_gate", BLOCK_GATE_PRIORITY)
        md.inlinePatterns.register(
            _HackmdTagProcessor(_HACKMD_TAG_RE, md), "minutes_hackmd_tag", 175
        )
        if self.getConfig("linkify"):
            # 70: after ``html`` (90) and ``entity`` (80) have stashed tags, so a URL in
            # an attribute is never touched; before emphasis (60).
            md.inlinePatterns.register(_BareUrlProcessor(_BARE_URL_RE, md), "minutes_bare_url", 70)
        md.treeprocessors.register(_AnchorTreeprocessor(md), "minutes_anchor", ANCHOR_PRIORITY)
        md.postprocessors.register(_StrayMarkerPostprocessor(md), "minutes_stray_marker", 15)
        sanitizing = mode == "sanitize"
        md.treeprocessors.register(
            _UnsafeUrlTreeprocessor(md, strip_handlers=sanitizing),
            "minutes_unsafe_url",
            URL_PRIORITY,
        )
        if sanitizing:
            state = _RawHtmlState()
            md.preprocessors.register(_InlineHtmlGate(md), "minutes_inline_html_gate", 35)
            md.preprocessors.register(_RawBlockStart(md, state), "minutes_raw_html_start", 20.5)
            md.preprocessors.register(_RawBlockEnd(md, state), "minutes_raw_html_end", 19.5)


def makeExtension(**kwargs: Any) -> MinutesMarkdownExtension:
    """Entry point Python-Markdown calls for ``mkdocs_minutes.rendering.extension``."""
    return MinutesMarkdownExtension(**kwargs)
