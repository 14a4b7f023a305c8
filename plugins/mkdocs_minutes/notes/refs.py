"""GitHub references and ``@handle`` mentions in note text.

The parser (under ``on_files``) collects the issues, pull requests, discussions and commits
a meeting mentions, so the archive can list the meetings that discussed each one; the
meeting pages (``on_page_markdown``) link handles to people pages. Both need spans of the
text, not just values, so every finder returns positions.

Real notes (FORMATS.md, "GitHub references") nearly always write full URLs, in every
Markdown dress: bare, ``<url>``, ``[title](url)``, ``[url](url)``, ``[#1335](url)``, with
``#issuecomment-N`` anchors, ``\\_`` escapes and deep paths (``/pull/12/files``). Short
forms (``owner/repo#N``, ``#N``, ``PR 226``) are rare, and the last two name no repository:
they count only when the caller knows the note's repository. A Markdown link is one
reference however its label reads, and a URL of another site is never searched for ``#N``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import NamedTuple

from ..model import RefKind
from ..scan import code_spans, fenced_spans, within
from ..text import is_github_handle, may_contain_any

__all__ = [
    "MentionMatch",
    "RefMatch",
    "canonical_url",
    "find_mentions",
    "find_refs",
    "strip_handle",
]


@dataclass(frozen=True)
class RefMatch:
    """One reference to a GitHub object, and where the text wrote it."""

    repo: str
    """``owner/name`` as written."""
    number: int | str
    """The issue/pull/discussion number, or the commit SHA."""
    kind: RefKind
    url: str
    """The link as written, normalised: backslash escapes removed, ``<>`` stripped, any
    ``#issuecomment-N`` anchor kept. Short forms get the canonical URL."""
    start: int
    end: int
    """The span in the text given: a whole ``[label](url)`` link, or the URL or short form."""
    in_link: bool = False
    """A Markdown link (``[label](url)``, ``![alt](url)``): its label is the author's."""
    in_code: bool = False
    """Inside an inline code span (only full URLs count there): shown as written."""


class MentionMatch(NamedTuple):
    """One ``@handle`` mention and where the text wrote it."""

    handle: str
    start: int
    end: int
    in_link: bool = False
    """Inside a link (``[@kimd](https://github.com/kimd)``): a mention, already linked."""


def canonical_url(repo: str, number: int | str, kind: RefKind) -> str:
    """The object's GitHub URL, as the short forms (``#N``, ``PR 226``) are given."""
    path = {"issue": "issues", "pull": "pull", "discussion": "discussions", "commit": "commit"}
    return f"https://github.com/{repo}/{path[kind]}/{number}"


# --- spans the finders must skip ---------------------------------------------------------


class _Spans:
    """Claimed spans, sorted and merged, with an overlap test in O(log n).

    Immutable: each finder stage claims its spans in a list and the next stage builds a
    new ``_Spans`` from all of them, so claiming stays linear on a line of many links.
    """

    def __init__(self, spans: list[tuple[int, int]] | None = None) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans or []):
            if self._ends and start < self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], end)
                continue
            self._starts.append(start)
            self._ends.append(end)

    def overlaps(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` overlaps a claimed span."""
        index = bisect.bisect_left(self._starts, end) - 1
        return index >= 0 and self._ends[index] > start


# --- URLs --------------------------------------------------------------------------------

# Patterns start with a literal or a character class, so the regex engine skips in C to
# the next candidate; a lookbehind after the first character checks what comes before it.
_LINK = re.compile(
    r"\[(?P<label>(?:[^\[\]\n]|\[[^\[\]\n]{0,300}\]){0,1000})\]"
    r"\([ \t]{0,3}(?P<dest><[^<>\n]{1,4000}>|[^\s()<>]{1,4000})"
    r"(?:[ \t]{1,3}(?:\"[^\"\n]{0,500}\"|'[^'\n]{0,500}'))?[ \t]{0,3}\)"
)
_AUTOLINK = re.compile(r"<(?P<dest>(?:https?://|www\.)[^<>\s]{1,4000})>", re.IGNORECASE)
_URL_START = r"(?<![\w@./-].)"
_BARE_URL = re.compile(
    r"(?:h" + _URL_START + r"ttps?://|w" + _URL_START + r"ww\.github\.com/"
    r"|g" + _URL_START + r"ithub\.com/)[^\s<>()\[\]{}\"'`*|]{1,4000}"
)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_TRAILING = ".,;:!?_~\\"
_NOT_OWNERS = frozenset(
    [
        "orgs",
        "users",
        "settings",
        "sponsors",
        "marketplace",
        "apps",
        "enterprises",
        "topics",
        "collections",
        "features",
        "notifications",
        "login",
        "search",
        "explore",
    ]
)
_GITHUB_REF = re.compile(
    r"(?:https?://)?(?:www\.)?github\.com/"
    r"(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/(?P<repo>[A-Za-z0-9._-]{1,100})/"
    r"(?:(?P<kind>issues|pulls?|discussions)/(?P<number>\d{1,9})(?![\w.-])"
    r"|commit/(?P<sha>[0-9a-fA-F]{7,40})(?![0-9a-zA-Z]))",
    re.IGNORECASE,
)
_KINDS: dict[str, RefKind] = {
    "issues": "issue",
    "pull": "pull",
    "pulls": "pull",
    "discussions": "discussion",
}


def _normalise_url(url: str) -> str:
    """The URL without Markdown escapes, angle brackets or sentence punctuation."""
    url = url.strip()
    if url.startswith("<") and url.endswith(">"):
        url = url[1:-1].strip()
    url = _ESCAPE.sub(r"\1", url)
    return url.rstrip(_TRAILING)


def _ref_from_url(url: str, start: int, end: int) -> RefMatch | None:
    """A reference when the normalised URL is a GitHub issue, pull, discussion or commit."""
    found = _GITHUB_REF.match(url)
    if found is None or found.group("owner").lower() in _NOT_OWNERS:
        return None
    repo_name = found.group("repo")
    if repo_name.endswith(".git"):
        repo_name = repo_name[:-4]
    if repo_name in ("", ".", ".."):
        return None
    repo = f"{found.group('owner')}/{repo_name}"
    if found.group("sha"):
        return RefMatch(repo, found.group("sha").lower(), "commit", url, start, end)
    kind = _KINDS[found.group("kind").lower()]
    return RefMatch(repo, int(found.group("number")), kind, url, start, end)


def _url_spans(text: str) -> tuple[list[RefMatch], list[tuple[int, int]], _Spans]:
    """GitHub references in URLs; the spans of all links (any site); the spans of URLs
    proper (link destinations, autolinks, bare URLs), where no mention can be."""
    refs: list[RefMatch] = []
    links: list[tuple[int, int]] = []
    urls: list[tuple[int, int]] = []
    for found in _LINK.finditer(text):
        start, end = found.span()
        if start and text[start - 1] == "!":
            start -= 1  # an image: ![alt](url)
        links.append((start, end))
        urls.append(found.span("dest"))
        ref = _ref_from_url(_normalise_url(found.group("dest")), start, end)
        if ref is not None:
            refs.append(replace(ref, in_link=True))
    claimed = _Spans(links)
    for found in _AUTOLINK.finditer(text):
        start, end = found.span()
        if claimed.overlaps(start, end):
            continue
        links.append((start, end))
        urls.append((start, end))
        ref = _ref_from_url(_normalise_url(found.group("dest")), start, end)
        if ref is not None:
            refs.append(ref)
    claimed = _Spans(links)
    for found in _BARE_URL.finditer(text):
        start = found.start()
        raw = found.group()
        end = start + len(raw.rstrip(_TRAILING))
        if claimed.overlaps(start, end):
            continue
        links.append((start, end))
        urls.append((start, end))
        ref = _ref_from_url(_normalise_url(raw), start, end)
        if ref is not None:
            refs.append(ref)
    return refs, links, _Spans(urls)


# --- short forms -------------------------------------------------------------------------

_OWNER_REPO_NUMBER = re.compile(
    r"(?<![\w./@#-])(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/(?P<repo>[A-Za-z0-9._-]{1,100})"
    r"#(?P<number>\d{1,9})(?![\w-])"
)
_PROSE = re.compile(
    r"(?<![\w/#-])(?P<word>pull[ \t]request|PR|issue|discussion)[ \t]?#?(?P<number>\d{1,9})"
    r"(?![\w-]|\.\d)",
    re.IGNORECASE,
)
_HASH_NUMBER = re.compile(r"#(?<![\w&#/-].)(?P<number>\d{1,9})(?![\w-])")
_COLOUR_WORDS = ("color", "colour", "background", "fill", "stroke", "rgb", "hex")
_PROSE_KINDS: dict[str, RefKind] = {
    "pr": "pull",
    "pull request": "pull",
    "issue": "issue",
    "discussion": "discussion",
}


_GITHUB_WORD = re.compile("github", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_HASH_DIGIT = re.compile(r"#\d")
_PROSE_WORDS = ("pull", "pr", "issue", "discussion")


def _may_hold_refs(text: str, default_repo: str | None) -> bool:
    """False when no finder below can match, so most lines skip the span bookkeeping.

    URL references need ``github`` (escapes never split a word: ``\\`` only escapes
    punctuation), ``owner/repo#N`` and bare ``#N`` need a digit right after ``#`` (so
    headings do not count), and prose forms need a
    number and one of their words before their (slow, case-insensitive) pattern is
    searched, and only with a default repository.
    """
    if ("#" in text and _HASH_DIGIT.search(text)) or _GITHUB_WORD.search(text):
        return True
    return (
        bool(default_repo)
        and _DIGIT.search(text) is not None
        and may_contain_any(text, _PROSE_WORDS)
        and _PROSE.search(text) is not None
    )


def find_refs(text: str, default_repo: str | None = None) -> list[RefMatch]:
    """Every GitHub reference in ``text``, in order, one per occurrence.

    URLs to ``/issues/N``, ``/pull/N`` (also ``/pulls/N``, ``/pull/N/files``,
    ``/pull/N/commits/SHA``: the pull), ``/discussions/N`` and ``/commit/SHA``, bare, in
    ``<...>`` or as a Markdown link (``[url](url)`` is one reference, spanning the link);
    ``owner/repo#N``. With ``default_repo`` also bare ``#N`` (kind ``issue``: GitHub
    redirects issue numbers of pulls) and prose ``PR 226`` / ``issue 226``; without it
    they are never guessed. Not references: ``issues/new``, ``issues?q=``, ``blob/``,
    ``tree/``, projects, anchors and ``#N`` inside other sites' URLs or link labels, colour
    codes. Fenced code is skipped; in inline code only full URLs count.
    """
    if not _may_hold_refs(text, default_repo):
        return []
    fence_spans = fenced_spans(text)
    fences = _Spans(fence_spans)
    refs, links, _urls = _url_spans(text)
    refs = [ref for ref in refs if not fences.overlaps(ref.start, ref.end)]
    code = code_spans(text)
    if code:
        refs = [
            replace(ref, in_code=True) if within(code, ref.start, ref.end) else ref for ref in refs
        ]
    taken = fence_spans + links + code
    if "#" in text:
        claimed = _Spans(taken)
        for found in _OWNER_REPO_NUMBER.finditer(text):
            start, end = found.span()
            if claimed.overlaps(start, end) or found.group("owner").lower() in _NOT_OWNERS:
                continue
            repo = f"{found.group('owner')}/{found.group('repo')}"
            number = int(found.group("number"))
            taken.append((start, end))
            url = canonical_url(repo, number, "issue")
            refs.append(RefMatch(repo, number, "issue", url, start, end))
    if default_repo:
        claimed = _Spans(taken)
        for found in _PROSE.finditer(text):
            start, end = found.span()
            if claimed.overlaps(start, end):
                continue
            kind = _PROSE_KINDS[" ".join(found.group("word").lower().split())]
            number = int(found.group("number"))
            taken.append((start, end))
            url = canonical_url(default_repo, number, kind)
            refs.append(RefMatch(default_repo, number, kind, url, start, end))
        claimed = _Spans(taken)
        for found in _HASH_NUMBER.finditer(text):
            start, end = found.span()
            number_text = found.group("number")
            if number_text.startswith("0") or claimed.overlaps(start, end):
                continue
            before = text[max(0, start - 20) : start].lower()
            if any(word in before for word in _COLOUR_WORDS):
                continue  # "color: #333333"
            number = int(number_text)
            url = canonical_url(default_repo, number, "issue")
            refs.append(RefMatch(default_repo, number, "issue", url, start, end))
    refs.sort(key=lambda ref: (ref.start, ref.end))
    return refs


# --- mentions ----------------------------------------------------------------------------

_NOT_BEFORE_AT = r"(?<![A-Za-z0-9.+\-/@\\`].)"
_MENTION = re.compile(
    r"(?:\\"
    + _NOT_BEFORE_AT
    + r"@|@"
    + _NOT_BEFORE_AT
    + r")(?P<handle>[A-Za-z0-9][A-Za-z0-9-]{0,38})"
    r"(?![^\W_]|[@/-])(?![._][A-Za-z0-9_])"
)


def find_mentions(text: str) -> list[MentionMatch]:
    """Every ``@handle`` (or ``\\@handle``) mention: the handle without ``@``, and its span.

    Only GitHub handles (letters, digits, single inner hyphens, at most 39 characters).
    Not mentions: e-mail addresses (``a@b.org``), npm scopes (``@org/pkg``), ``we @ Org``,
    another forge's ``@k.doe`` (nothing is returned for it, not ``@k``), fediverse
    ``@user@host``, anything in code spans, fenced code or URLs (``https://x.org/@user``).
    A link label is text: ``[@kimd](https://github.com/kimd)`` mentions ``kimd``.
    """
    if "@" not in text:
        return []
    _refs, links, urls = _url_spans(text)
    skip = _Spans(fenced_spans(text) + code_spans(text))
    linked = _Spans(links)
    mentions: list[MentionMatch] = []
    for found in _MENTION.finditer(text):
        start, end = found.span()
        handle = found.group("handle")
        if urls.overlaps(start, end) or skip.overlaps(start, end):
            continue
        if not is_github_handle(handle):
            continue
        mentions.append(MentionMatch(handle, start, end, linked.overlaps(start, end)))
    return mentions


_PROFILE_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?github\.com/(?P<handle>[^/?#\s]+)/?$", re.IGNORECASE
)
_LINK_TOKEN = re.compile(r"^\[(?P<label>[^\[\]]*)\]\((?P<dest>[^()\s]*)\)$")


def strip_handle(token: str) -> str | None:
    """The GitHub handle a roll-call field holds, without ``@``, or None.

    ``@kimd``, ```@kimd```, ``\\@kimd``, ``[@kimd](https://github.com/kimd)``,
    ``https://github.com/kimd`` and a bare ``kimd`` all give ``kimd``; ``@k.doe`` (another
    forge) and ``@org/pkg`` give None. Unlike :func:`find_mentions` it accepts a code span,
    because roll calls write handles as ```@kimd```.
    """
    value = token.strip().strip("*_").strip()
    value = value.strip("`").strip()
    if value.startswith("(") and value.endswith(")"):
        value = value[1:-1].strip()
    link = _LINK_TOKEN.match(value)
    if link:
        profile = _PROFILE_URL.match(link.group("dest"))
        if profile and is_github_handle(profile.group("handle")):
            return profile.group("handle")
        value = link.group("label").strip().strip("*_`").strip()
    profile = _PROFILE_URL.match(value)
    if profile:
        value = profile.group("handle")
    value = value.rstrip(",;:")
    if value.startswith("\\@"):
        value = value[2:]
    elif value.startswith("@"):
        value = value[1:]
    return value if is_github_handle(value) else None
