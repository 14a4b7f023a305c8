"""The inline regex gate (``rendering/inline.py``): sound requirements, same HTML, public APIs.

- a table of regexes and what every match of each must contain, read from the source;
- the table of every inline pattern a site with the plugin's extensions has, so a
  Python-Markdown or pymdownx upgrade that changes one shows here;
- soundness: no text the gate turns away holds a match of the raw regex (on texts
  hypothesis generates from each regex, and on the texts the real inline loop hands each
  pattern while rendering the corpus notes);
- the same HTML, byte for byte, with the gate and without it (corpus notes, demo note);
- the wrapper answers like the ``re.Pattern`` it wraps, and is installed once;
- the link patterns' bracket scan answers as Python-Markdown's ``getText`` on every index
  of real-world lines and of every short text of brackets;
- the ``html`` pattern keeps its place when the sanitising wrapper takes it over, and
  Python-Markdown still registers it at the priority the extension assumes;
- no module of the plugin reads private internals of Python-Markdown or ``re``.
"""

from __future__ import annotations

import copy
import pickle
import re
import sys
from pathlib import Path
from typing import Any

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.inlinepatterns import SimpleTagPattern
from markdown.preprocessors import Preprocessor

from mkdocs_minutes.plugin.extensions import required_extensions
from mkdocs_minutes.rendering import inline
from mkdocs_minutes.rendering.extension import HTML_PATTERN_PRIORITY
from mkdocs_minutes.rendering.inline import (
    BracketEnds,
    GatedRegex,
    Requirements,
    gate,
    install,
    requirements,
)
from tests.conftest import CORPUS, REPO, SEED

GATE = "minutes_inline_regex_gate"
DEMO_NOTE = REPO / "docs" / "meetings" / "2019-03-21.md"


def site_markdown(*extra: str, raw_html: str = "sanitize") -> markdown.Markdown:
    """A Markdown instance as a site with ``plugins: [minutes]`` (plus ``extra``) has."""
    extensions = required_extensions(raw_html)
    return markdown.Markdown(extensions=[*extensions, *extra], extension_configs=extensions)


def ungated(md: markdown.Markdown) -> markdown.Markdown:
    """``md`` without the gate: plain Python-Markdown's inline pass."""
    md.preprocessors.deregister(GATE)
    return md


def raw_regex(pattern: Any) -> re.Pattern[str]:
    """The compiled regex of an inline pattern, gated or not."""
    regex = pattern.compiled_re
    return regex.regex if isinstance(regex, GatedRegex) else regex


def meets(needs: Requirements, text: str) -> bool:
    """Whether ``text`` meets every requirement."""
    return all(any(string in text for string in need) for need in needs)


# -- what every match contains, read from the regex's source ---------------------------

REQUIREMENTS = [
    ("literal run", r"abc", 0, (("abc",),)),
    ("escaped punctuation", r"\!\[", 0, (("![",),)),
    ("escaped backslash", r"\\(.)", 0, (("\\",),)),
    ("optional character ends the run", r"<!?-", 0, (("<",), ("-",))),
    ("repeat of at least one starts and ends a run", r"<b+>", 0, (("<b",), ("b>",))),
    ("counted repeat", r"\+{2}x", 0, (("++x",),)),
    ("zero or more drops out", r"a*:", 0, ((":",),)),
    ("{,n} may be zero", r"!{,3}:", 0, ((":",),)),
    ("{m,} counts m", r"<!{2,}", 0, (("<!!",),)),
    ("a brace that is no repeat is literal", r"x{y}", 0, (("x{y}",),)),
    ("empty braces are literal", r"a{}", 0, (("a{}",),)),
    ("lazy repeat", r"<.*?>", 0, (("<",), (">",))),
    ("possessive repeat", r"#++!", 0, (("#!",),)),
    ("class of literals: alternatives", r"[*_]!", 0, (("!",), ("*", "_"))),
    ("one-character class is a literal", r"[?]>", 0, (("?>",),)),
    ("class with a range: nothing", r"[a-z]:", 0, ((":",),)),
    ("negated class: nothing", r"[^<]>", 0, ((">",),)),
    ("class with a category: nothing", r"[\d!]", 0, ()),
    ("] first in a class is literal", r"[]]", 0, (("]",),)),
    ("escaped ] in a class", r"[\]!]", 0, (("]", "!"),)),
    ("dash at the end of a class is literal", r"[+-]", 0, (("+", "-"),)),
    ("\\b in a class is a backspace", r"[\b]", 0, (("\b",),)),
    ("group", r"(ab)c", 0, (("ab",), ("c",))),
    ("optional group drops out", r"(?:\[x\])?!", 0, (("!",),)),
    ("repeated group", r"(?:<a>)+", 0, (("<a>",),)),
    ("alternation: a string per branch", r"\*|_", 0, (("*", "_"),)),
    ("alternation with an empty branch: nothing", r"<|", 0, ()),
    ("alternation in a group", r"<(?:ab|cd)>", 0, (("<",), (">",))),
    ("branches sharing a string", r"(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`", 0, (("`",),)),
    ("a longer alternative adds nothing", r"\x1b\[|\x1b", 0, (("\x1b",),)),
    ("positive lookahead", r"(?=\[).", 0, (("[",),)),
    ("negative lookahead", r"(?!\[):", 0, ((":",),)),
    ("positive lookbehind", r"(?<=\$)\d", 0, (("$",),)),
    ("negative lookbehind", r"(?<!\!)\[", 0, (("[",),)),
    ("atomic group", r"(?>ab)", 0, (("ab",),)),
    ("named group and its backreference", r"(?P<q>['\"]).*?(?P=q)", 0, (("'", '"'),)),
    ("numbered backreference", r"(:)\1", 0, ((":",),)),
    ("hex, unicode and named escapes", r"\x3c\u00e9\N{EM DASH}", 0, (("<é—",),)),
    ("octal escapes", r"\0\101", 0, (("\x00A",),)),
    ("control escapes", r"\t\n", 0, (("\t\n",),)),
    ("anchors and categories end runs", r"^<\s>$", 0, (("<",), (">",))),
    ("IGNORECASE: letters are not literal", r"<x>", re.IGNORECASE, (("<",), (">",))),
    ("IGNORECASE: nor are other letters", r"é!", re.IGNORECASE, (("!",),)),
    ("inline (?i)", r"(?i)<x>", 0, (("<",), (">",))),
    ("scoped (?i:...)", r"(?i:x!)y", 0, (("!",), ("y",))),
    ("scoped (?-i:...)", r"(?-i:ab)!", re.IGNORECASE, (("ab",), ("!",))),
    ("VERBOSE: whitespace and comments skipped", "(?x) < a  # tag\n >", 0, (("<a>",),)),
    ("VERBOSE: a repeat after whitespace", r"<!  *", re.VERBOSE, (("<",),)),
    ("VERBOSE: escaped space is literal", r"a\ b", re.VERBOSE, (("a b",),)),
    ("VERBOSE: whitespace in a class is literal", r"[ ]!", re.VERBOSE, ((" !",),)),
    ("VERBOSE: an escaped newline does not end a comment", "(?x)a #\\\n!\n:", 0, (("a:",),)),
    ("scoped (?x:...)", r"(?x: a b )c", 0, (("ab",), ("c",))),
    ("comment group", r"<(?#note)>", 0, (("<",), (">",))),
    ("conditional: nothing", r"(<)?(?(1)>|!)", 0, ()),
    ("the two most selective of more", r"<(x)>(y)&", 0, (("<",), (">",))),
    ("nothing to read", r".*", 0, ()),
]


@pytest.mark.parametrize(
    ("source", "flags", "expected"),
    [row[1:] for row in REQUIREMENTS],
    ids=[row[0] for row in REQUIREMENTS],
)
def test_requirements(source: str, flags: int, expected: Requirements) -> None:
    regex = re.compile(source, flags)
    assert requirements(regex) == expected
    assert_sound(regex)


def assert_sound(regex: re.Pattern[str]) -> None:
    """No text hypothesis generates to hold a match of ``regex`` fails its requirements."""
    needs = requirements(regex)
    if not needs:
        return

    @settings(
        max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(st.from_regex(regex))
    def check(text: str) -> None:
        assert regex.search(text) is None or meets(needs, text), (regex.pattern, needs, text)

    check()


def test_requirements_are_cached_per_source_and_flags() -> None:
    first = requirements(re.compile(r"<b>"))
    assert requirements(re.compile(r"<b>")) is first
    assert requirements(re.compile(r"<b>", re.IGNORECASE)) == (("<",), (">",))


def test_a_bytes_regex_has_no_requirements() -> None:
    assert requirements(re.compile(rb"<b>")) == ()  # type: ignore[arg-type]


# -- every inline pattern of a site with the plugin's extensions ------------------------

SITE_PATTERNS = {
    "backtick": (("`",),),
    "escape": (("\\",),),
    "minutes_hackmd_tag": (("[",), ("=",)),
    "reference": (("[",),),
    "link": (("[",),),
    "image_link": (("![",),),
    "image_reference": (("![",),),
    "short_reference": (("[",),),
    "short_image_ref": (("![",),),
    "autolink": (("://",), ("<",)),
    "automail": (("<",), ("@",)),
    "linebreak": (("  \n",),),
    "html": (("<",), (">",)),
    "entity": (("&",), (";",)),
    "emoji": ((":",),),
    "minutes_bare_url": (("http",), ("://",)),
    "em_strong": (("*", "_"),),
    "delimiter": (("~",),),  # pymdownx.tilde
}


@pytest.mark.parametrize(("name", "expected"), SITE_PATTERNS.items(), ids=list(SITE_PATTERNS))
def test_site_pattern_requirements(name: str, expected: Requirements) -> None:
    md = site_markdown()
    md.convert("x")
    pattern = md.inlinePatterns[name]
    assert requirements(raw_regex(pattern)) == expected
    assert isinstance(pattern.getCompiledRegExp(), GatedRegex)
    assert_sound(raw_regex(pattern))


def test_site_pattern_table_is_complete() -> None:
    md = site_markdown()
    assert len(md.inlinePatterns) == len(SITE_PATTERNS)
    assert all(name in md.inlinePatterns for name in SITE_PATTERNS)


WIDE_SITE = (
    "abbr",
    "footnotes",
    "md_in_html",
    "def_list",
    "pymdownx.mark",
    "pymdownx.caret",
    "pymdownx.keys",
    "pymdownx.magiclink",
    "pymdownx.inlinehilite",
    "pymdownx.critic",
    "pymdownx.smartsymbols",
    "pymdownx.betterem",
    "pymdownx.arithmatex",
    "pymdownx.progressbar",
)
"""Extensions a site may add itself: their inline patterns (verbose ones included) are
read by the same reader and must be as sound."""


def wide_site_regexes() -> list[re.Pattern[str]]:
    """Every inline regex of a site with the plugin's and the extensions above."""
    md = site_markdown(*WIDE_SITE)
    md.convert("x")
    return list({raw_regex(pattern): None for pattern in md.inlinePatterns})


@pytest.mark.parametrize("regex", wide_site_regexes(), ids=lambda regex: regex.pattern[:40])
def test_wide_site_requirements_are_sound(regex: re.Pattern[str]) -> None:
    assert_sound(regex)


# -- soundness and byte-for-byte HTML on real notes -------------------------------------


def corpus_texts() -> list[str]:
    """The shared corpus notes and the seed, as MkDocs hands them to Python-Markdown."""
    notes = [*sorted(CORPUS.rglob("*.md")), SEED]
    return [path.read_text(encoding="utf-8", errors="replace") for path in notes]


class _Spy:
    """Stands in for a gated regex and records, for each text the inline loop hands it,
    whether the gate turned the text away and whether the raw regex finds a match."""

    def __init__(self, gated: GatedRegex, log: list[tuple[str, bool, bool]]) -> None:
        self.gated = gated
        self.log = log

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        found = self.gated.regex.search(string, pos, endpos) is not None
        self.log.append((self.gated.regex.pattern, self.gated.may_match(string), found))
        return self.gated.finditer(string, pos, endpos)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.gated, name)


class _SpyInstaller(Preprocessor):
    """Runs right after the gate: puts a :class:`_Spy` around every gated regex."""

    def __init__(self, md: markdown.Markdown, log: list[tuple[str, bool, bool]]) -> None:
        super().__init__(md)
        self.log = log

    def run(self, lines: list[str]) -> list[str]:
        for pattern in self.md.inlinePatterns:
            if isinstance(pattern.compiled_re, GatedRegex):
                pattern.compiled_re = _Spy(pattern.compiled_re, self.log)
        return lines


@pytest.mark.shared
def test_the_gate_never_turns_away_a_text_with_a_match() -> None:
    log: list[tuple[str, bool, bool]] = []
    md = site_markdown()
    md.preprocessors.register(_SpyInstaller(md, log), "test_spy", 33)
    for text in corpus_texts():
        md.reset().convert(text)
    unsound = [pattern for pattern, may, found in log if found and not may]
    assert unsound == []
    skipped = sum(1 for _, may, _ in log if not may)
    assert skipped > len(log) / 2, "the gate should turn most plain texts away"
    assert any(found for _, _, found in log)


@pytest.mark.shared
@pytest.mark.parametrize("raw_html", ["sanitize", "keep"])
def test_corpus_html_is_the_same_with_and_without_the_gate(raw_html: str) -> None:
    gated, plain = site_markdown(raw_html=raw_html), ungated(site_markdown(raw_html=raw_html))
    for text in corpus_texts():
        assert gated.reset().convert(text) == plain.reset().convert(text)


@pytest.mark.parametrize("raw_html", ["sanitize", "keep"])
def test_demo_note_html_is_the_same_with_and_without_the_gate(raw_html: str) -> None:
    text = DEMO_NOTE.read_text(encoding="utf-8")
    html = site_markdown(raw_html=raw_html).convert(text)
    assert html == ungated(site_markdown(raw_html=raw_html)).convert(text)
    for made_by_a_pattern in ("<a href=", "<strong>", "twemoji", "&amp;"):
        assert made_by_a_pattern in html


# -- the wrapper answers as the regex does ----------------------------------------------

CALLS = [
    (r"<(b)>", "a <b> c", (), {}),
    (r"<(b)>", "a <b> c", (3,), {}),
    (r"<(b)>", "a <b> c", (0, 4), {}),
    (r"<(b)>", "a <b> c", (), {"pos": 2, "endpos": 5}),
    (r"<(b)>", "plain text", (), {}),
    (r"(?<=<)b", "<b", (1,), {}),
    (r"\[(x)\]", "[x] [x]", (), {}),
]


@pytest.mark.parametrize(("source", "text", "args", "kwargs"), CALLS)
@pytest.mark.parametrize("method", ["search", "match", "fullmatch", "finditer", "findall"])
def test_gated_regex_answers_as_the_regex(
    source: str, text: str, args: tuple[int, ...], kwargs: dict[str, int], method: str
) -> None:
    regex = re.compile(source)
    gated = gate(regex)
    assert isinstance(gated, GatedRegex)

    def spans(result: Any) -> Any:
        if isinstance(result, re.Match):
            return result.span(), result.groups()
        if result is None or isinstance(result, list):
            return result
        return [spans(match) for match in result]

    expected = spans(getattr(regex, method)(text, *args, **kwargs))
    assert spans(getattr(gated, method)(text, *args, **kwargs)) == expected


def test_gated_regex_delegates_everything_else() -> None:
    regex = re.compile(r"<(?P<tag>b)>", re.IGNORECASE)
    gated = gate(regex)
    assert isinstance(gated, GatedRegex)
    assert gated.pattern == regex.pattern
    assert gated.flags == regex.flags
    assert gated.groups == 1
    assert gated.groupindex == {"tag": 1}
    assert gated.sub("i", "a <b> c") == "a i c"
    assert gated.subn("i", "<b><b>") == ("ii", 2)
    assert gated.split("a<b>c") == ["a", "b", "c"]
    assert gated.scanner("<b>").match() is not None
    assert copy.copy(gated) is gated
    assert copy.deepcopy(gated) is gated
    clone = pickle.loads(pickle.dumps(gated))
    assert clone.regex == regex and clone.needs == gated.needs
    with pytest.raises(AttributeError):
        gated.no_such_attribute  # noqa: B018


@pytest.mark.parametrize(
    ("source", "kind"),
    [(r"<b>", GatedRegex), (r"!", GatedRegex), (r".*", re.Pattern)],
    ids=["several requirements", "one string", "nothing known: the regex itself"],
)
def test_gate_shapes(source: str, kind: type) -> None:
    regex = re.compile(source)
    gated = gate(regex)
    assert isinstance(gated, kind)
    if kind is re.Pattern:
        assert gated is regex


def test_install_is_idempotent() -> None:
    md = site_markdown()
    md.convert("x")
    before = [pattern.compiled_re for pattern in md.inlinePatterns]
    install(md)
    md.convert("y")
    assert [pattern.compiled_re for pattern in md.inlinePatterns] == before
    for regex in before:
        assert isinstance(regex, re.Pattern) or isinstance(regex.regex, re.Pattern)


def test_a_legacy_pattern_is_gated_and_still_matches() -> None:
    """Old-style ``Pattern``s are tried with ``match`` on the rest of the text."""
    texts = ["a ++b++ c ++d++", "no plus here", "*e* ++f++"]
    results = []
    for md in (site_markdown(), ungated(site_markdown())):
        md.inlinePatterns.register(SimpleTagPattern(r"(\+\+)(.+?)\+\+", "ins"), "ins", 65)
        results.append([md.reset().convert(text) for text in texts])
        assert "<ins>b</ins>" in results[-1][0]
    assert results[0] == results[1]
    assert requirements(raw_regex(md.inlinePatterns["ins"])) == (("++",),)


def test_a_pattern_recompiling_its_regex_is_gated_again() -> None:
    """``pymdownx`` delimiters recompile their regex when a token is added."""
    md = site_markdown()
    md.convert("x")
    delimiters = md.inlinePatterns["em_strong"]
    delimiters.compiled_re = re.compile(delimiters.compiled_re.pattern)
    assert md.convert("*a* _b_") == "<p><em>a</em> <em>b</em></p>"
    assert isinstance(delimiters.compiled_re, GatedRegex)


# -- the link patterns' bracket scan ---------------------------------------------------


def _scanned_text(data: str, index: int) -> tuple[str, int, bool]:
    """Python-Markdown's ``getText`` before 3.11: one character at a time from ``index``."""
    depth, text = 1, []
    for char in data[index:]:
        depth += {"[": 1, "]": -1}.get(char, 0)
        index += 1
        if depth == 0:
            break
        text.append(char)
    return "".join(text), index, depth == 0


BRACKET_TEXTS = [
    "* Erik: [#123](https://github.com/jupyterhub/team-compass/issues/123) and [@Carol](x)",
    "[Link to Meeting Recording](https://recordings.example.org/community/20180604)",
    "- [ ] [Tim] check the [OVH](https://ovh.com) costs [ask @minrk]",
    "[[nested] brackets] then [an unclosed one",
    "]] closing first [[",
    "![image [alt]](a.png) and a [ref][1]",
    "",
    "no brackets at all",
    "\\[escaped\\] [x]",
]


@pytest.mark.parametrize("text", BRACKET_TEXTS)
def test_the_bracket_scan_answers_as_python_markdown(text: str) -> None:
    stock = markdown.Markdown().inlinePatterns["link"]
    assert "getText" not in vars(stock)
    fast = BracketEnds()
    for index in range(len(text) + 1):
        expected = _scanned_text(text, index)
        assert fast(text, index) == expected == stock.getText(text, index), index


def test_the_bracket_scan_answers_as_python_markdown_on_every_short_text() -> None:
    import itertools

    for length in range(8):
        for chars in itertools.product("[]a", repeat=length):
            text, fast = "".join(chars), BracketEnds()
            for index in range(length + 1):
                assert fast(text, index) == _scanned_text(text, index), (text, index)


def test_install_gives_the_link_patterns_the_bracket_scan() -> None:
    md = site_markdown()
    md.convert("[x](y)")
    scans = {
        name
        for name in ("link", "image_link", "reference", "image_reference")
        if isinstance(vars(md.inlinePatterns[name]).get("getText"), BracketEnds)
    }
    assert scans == {"link", "image_link", "reference", "image_reference"}
    first = md.inlinePatterns["link"].getText
    install(md)
    assert md.inlinePatterns["link"].getText is first


def test_a_link_pattern_with_its_own_getText_keeps_it() -> None:
    from markdown.inlinepatterns import LINK_RE, LinkInlineProcessor

    class Own(LinkInlineProcessor):
        def getText(self, data: str, index: int) -> tuple[str, int, bool]:
            return "own", index, False

    md = site_markdown()
    md.inlinePatterns.register(Own(LINK_RE, md), "link", 160)
    md.convert("[x](y)")
    assert "getText" not in vars(md.inlinePatterns["link"])


# -- the html pattern's priority -------------------------------------------------------


def test_python_markdown_registers_html_at_the_assumed_priority() -> None:
    """Fails loudly if Python-Markdown moves its ``html`` inline pattern: the sanitising
    wrapper re-registers it at ``HTML_PATTERN_PRIORITY`` (the Registry has no public
    priority getter, so probes just above and below tell where it is)."""
    md = markdown.Markdown()
    patterns = md.inlinePatterns
    probe = patterns["html"]
    patterns.register(probe, "probe_above", HTML_PATTERN_PRIORITY + 0.001)
    patterns.register(probe, "probe_below", HTML_PATTERN_PRIORITY - 0.001)
    html = patterns.get_index_for_name("html")
    assert patterns.get_index_for_name("probe_above") == html - 1
    assert patterns.get_index_for_name("probe_below") == html + 1


@pytest.mark.parametrize(
    "extra", [(), ("md_in_html",), WIDE_SITE], ids=["site", "md_in_html", "wide"]
)
def test_the_sanitising_wrapper_keeps_the_html_patterns_place(extra: tuple[str, ...]) -> None:
    md = site_markdown(*extra)
    before = [type(pattern).__name__ for pattern in md.inlinePatterns]
    html = md.inlinePatterns.get_index_for_name("html")
    md.convert("<b>x</b>")
    after = [type(pattern).__name__ for pattern in md.inlinePatterns]
    assert md.inlinePatterns.get_index_for_name("html") == html
    assert after[html] == "_SanitizingHtmlInline"
    assert after[:html] + after[html + 1 :] == before[:html] + before[html + 1 :]


# -- public APIs only ------------------------------------------------------------------

PRIVATE = re.compile(
    r"\bsre_(?:parse|compile|constants)\b|\bre\._[a-z]|_InlineProcessor__|\._priority\b"
    r"|\.(?:_data|_is_sorted|_sort)\b"
)
"""CPython's private regex modules, Python-Markdown's name-mangled methods and its
Registry's private fields."""


def test_no_private_markdown_or_re_internals() -> None:
    sources = sorted((REPO / "plugins").rglob("*.py"))
    assert Path(inline.__file__).resolve() in [path.resolve() for path in sources]
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in sources
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PRIVATE.search(line)
    ]
    assert found == []
