"""Is this a person? The shared judgement behind every line grammar that names people.

Roll calls, update bullets, agenda tags and action items all start lines with *something*
followed by a colon or a bracket: sometimes a person (``Erik:``, ``[Chris H]``), often a
topic (``Symbology overhaul:``, ``Q:``, ``TODO:``). The grammars ask this module, with
the names already known from the roll call and the people registry, so that one heuristic
decides for all of them and a wrong call is fixed in one place.

Pure functions on strings; no MkDocs, no model.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Collection, Iterable

from ..text import is_github_handle

# Patterns of the functions below, compiled once rather than looked up per line.
_LOOSE_EMPHASIS_RE = re.compile(r"(?<![\w])[*_]+|[*_]+(?![\w])")
_INITIAL_RE = re.compile(r"[^\W\d_]\.")


__all__ = [
    "KnownKeys",
    "clean_name",
    "known_keys",
    "looks_like_person",
    "name_similarity",
    "split_people",
    "strip_handle_token",
]


def _word_set(text: str, separator: str | None = None) -> frozenset[str]:
    """A set of words written as one string: long vocabularies stay readable."""
    return frozenset(word.strip() for word in text.split(separator) if word.strip())


# Words that are never a person's name when they are a line's lead (lowercase). People
# named like common nouns (Will, Mark, Grant, Rose, June, May) are deliberately absent.
_NOT_NAMES = _word_set(
    """
    all everyone everybody anyone anybody someone somebody nobody none noone folks people
    team teams group we us they i you he she it me them our your my their his her its note
    notes nb ps todo todos fixme tbd tba na n/a q a qa question questions answer answers
    update updates status statuses name names topic topics agenda item items action actions
    decision decisions next steps step summary context background discussion discussions
    outcome outcomes result results goal goals idea ideas proposal proposals problem
    problems issue issues pr prs bug bugs fix fixes feature features release releases demo
    demos plan plans planning thanks thank welcome edit edits recording slides video meeting
    meetings date time location attendees attendee present regrets absent apologies
    facilitator facilitators notetaker scribe host chair moderator yes no maybe ok okay done
    wip blocked blocker blockers pass tip warning important example also then now today
    tomorrow yesterday later soon monday tuesday wednesday thursday friday saturday sunday
    january february march september october november december other others misc
    miscellaneous general new old open closed follow followup follow-up reminder reminders
    announcement announcements news link links resources docs documentation website blog
    newsletter roadmap governance budget funding hackathon hackathons workshop workshops
    conference election elections security community project projects board ec ssc council
    committee foundation jupyter jupyterlab jupyterhub jupytergis binder binderhub github
    gitlab gitter discourse zulip slack zoom google python docker kubernetes conda npm pypi
    symbology schema schemas proxy stac ui ux ai api apis ci cd faq fyi eg ie etc vs re fwd
    cc hi hello pronouns handle institution affiliation org organisation organization
    company id user username person who what when where why how which the an this that these
    those here there please add share out lightning intros requests help feedback standing
    pushed doc drive calendar email mail chat call calls sync standup office hours check
    check-in icebreaker break lunch coffee tea round table roll sign session part section
    phase stage week weeks month months year years day days quarter q1 q2 q3 q4 back up due
    prior related similar switch move migrate reply access intro guide path response go
    going want need needs try trying ready able unable nice good great hard easy remember
    remind make keep ask talk reach send invite introduction contributions changes upgrade
    pin port convert transition finally currently recently really only likely early mostly
    overall maintenance testing tests test review reviews reviewed merge merged draft drafts
    proposal minutes agenda objective objectives purpose reason reasons pros cons risk risks
    comment comments reply replies response suggestion suggestions vote votes motion
    consensus agreed agree approve approved approval rejected postponed deferred skip
    skipped cancelled canceled deadline deadlines timeline milestone milestones priority
    priorities misc tldr tl;dr ask asks offer offers shoutout shout-out kudos congrats
    congratulations celebration celebrations checkin intros lightning share out need needs
    wanted wants has have had is are was were decided agreed hope hoping aim way better best
    easier easy harder possible fine used use using went started starting continue continues
    continued tried work working worked needed required remains remain seems seem looks look
    decide empower export import backend frontend analogy leverage moving simplify
    communicate consider maybe perhaps probably still already again first second third last
    finally then after before since until while because though although however instead
    otherwise meanwhile regarding re: per thanks sorry
    """
)

# Function words: a multi-word candidate containing one is a phrase, not a name.
_STOPWORDS = _word_set(
    """
    the a an of on in at by for to from with and or but is are was were be been being has
    have had do does did not no yes this that it its we our i you your my me he she they
    them their here there today about into over up down out via per vs will would should
    could can may might must shall just also very more most some any all each every other
    others than then so as if when while where which who what how why unavailable
    participants unable attend attending joined left nobody none
    """
)

# Name particles that stay lowercase inside a full name (``Ludwig van Beethoven``).
_PARTICLES = _word_set(
    """
    van von de der den da del della di du la le ben bin al el dos das ter ten y
    """
)

# Single-word leads ending like this are nouns or verbs, not first names.
_TOPIC_SUFFIXES = (
    "tion",
    "sion",
    "ology",
    "ment",
    "ness",
    "ity",
    "ance",
    "ence",
    "ism",
    "ship",
    "ics",
    "ware",
    "ages",
    "ings",
)

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SHORTCODE_RE = re.compile(r":[a-z0-9_+-]+:")
_LINK_RE = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!@&~|<>])")
_HANDLE_LINK_RE = re.compile(
    r"^\[`?@?([^\]`]*)`?\]\(\s*https?://(?:www\.)?github\.com/([A-Za-z0-9-]+)/?\s*\)$"
)
_GITHUB_URL_RE = re.compile(r"^<?https?://(?:www\.)?github\.com/([A-Za-z0-9-]+)/?>?$")


@functools.lru_cache(maxsize=16384)
def clean_name(text: str) -> str:
    """The plain text of a name as written in Markdown, so ``**Ana:**`` and ``Ana`` match.

    Removes emphasis (``**``, ``__``, ``*``, ``_``, ``~~``), code ticks, backslash escapes,
    link syntax (``[Ana](url)`` -> ``Ana``), zero-width characters, emoji and ``:shortcodes:``
    at either end, and a trailing ``:``, ``,``, ``;`` or dash. Inner spelling is kept.
    """
    # Each substitution runs only when the character it needs is there (most names are
    # plain ASCII words): the result is the same, without a regex pass per call.
    value = text if text.isascii() else text.translate(_ZERO_WIDTH).replace("\u00a0", " ")
    if "](" in value:
        value = _LINK_RE.sub(r"\1", value)
    if "\\" in value:
        value = _ESCAPE_RE.sub(r"\1", value)
    value = value.replace("**", "").replace("__", "").replace("~~", "").replace("`", "")
    if "*" in value or "_" in value:
        value = _LOOSE_EMPHASIS_RE.sub("", value)
    value = " ".join(value.split())
    # A few rounds strip nested decoration ("**Ana:** 🎉,"); a name never needs more, and
    # a bound keeps a hostile line of ". . . ." linear.
    for _ in range(8):
        previous = value
        value = _strip_decoration(value)
        value = value.rstrip(":,;–—- ")
        if value.endswith(".") and not _INITIAL_END_RE.search(value[-3:]):
            value = value[:-1].rstrip()
        if value == previous:
            break
    return value


_INITIAL_END_RE = re.compile(r"(?:^|\s)\w\.$")
_LEADING_SHORTCODE_RE = re.compile(r":[a-z0-9_+-]+:\s*")
_SHORTCODE_BODY_RE = re.compile(r"[a-z0-9_+-]+")


def _strip_decoration(value: str) -> str:
    """Drop emoji, symbols and ``:shortcodes:`` at both ends of ``value`` (in linear time)."""
    start, end = 0, len(value)
    while start < end:
        if value[start].isspace():
            start += 1
            continue
        if value[end - 1].isspace():
            end -= 1
            continue
        lead = _LEADING_SHORTCODE_RE.match(value, start, end)
        if lead:
            start = lead.end()
            continue
        if value[end - 1] == ":" and end - start >= 3:
            colon = value.rfind(":", start, end - 1)
            if colon >= start and _SHORTCODE_BODY_RE.fullmatch(value, colon + 1, end - 1):
                end = colon
                continue
        if _is_decoration_char(value[start]):
            start += 1
            continue
        if _is_decoration_char(value[end - 1]):
            end -= 1
            continue
        break
    return value[start:end]


def _is_decoration_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category in ("So", "Sk", "Cf", "Mn", "Co") or char in "\ufe0f\u200d"


class KnownKeys(frozenset):
    """Normalised lookup keys (see :func:`known_keys`); passing them skips re-normalising."""


def known_keys(known: Iterable[str]) -> KnownKeys:
    """Lowercased lookup keys of known people: each name, its first word, and handles.

    Grammars compare candidates against these keys, so ``min`` matches a roll call's
    ``Min Ragan-Kelley`` and ``consideratio`` matches ``@consideRatio``. Computing them
    once per meeting and passing them as ``known`` saves the work on every line.
    """
    if isinstance(known, KnownKeys):
        return known
    keys: set[str] = set()
    for item in known:
        value = clean_name(item).lstrip("@").lower()
        if not value:
            continue
        keys.add(value)
        first = value.split()[0]
        if len(first) > 1:
            keys.add(first)
    return KnownKeys(keys)


def _is_known(candidate: str, known: Collection[str]) -> bool:
    if not known:
        return False
    return candidate.lstrip("@").lower() in known_keys(known)


def looks_like_person(candidate: str, known: Collection[str] = ()) -> bool:
    """Whether ``candidate`` (a line's lead, a tag's content) names a person.

    True for names (``Erik``, ``Min RK``, ``Chris H``, ``Fernando Pérez``, ``A. T. Darian``),
    initials (``KW``), ``@handles`` and anything in ``known`` compared case-insensitively
    (``min``, ``consideRatio``). False for topics and template words (``STAC browser PR``,
    ``Symbology overhaul``, ``Note``, ``TODO``, ``Q``, ``All``, ``We``, ``Your name``,
    ``Draw vector features on the map``). A heuristic: ``known`` always wins.
    """
    value = clean_name(candidate)
    if not value:
        return False
    if _is_known(value, known):
        return True
    if value.startswith("@"):
        return is_github_handle(value[1:])
    if any(char.isdigit() for char in value) or len(value) > 60:
        return False
    words = value.split()
    if len(words) > 4:
        return False
    lowered = [word.lower() for word in words if not _INITIAL_RE.fullmatch(word)]
    if value.lower() in _NOT_NAMES or any(word in _NOT_NAMES for word in lowered):
        return False
    if len(words) == 1:
        return _single_word_name(words[0])
    if any(word in _STOPWORDS and word not in _PARTICLES for word in lowered):
        return False
    if not (_is_name_word(words[0]) or _is_initials(words[0])):
        return False
    if words[0].isupper() and len(words[0]) > 2 and "." not in words[0]:
        return False  # "GIS Bounce", "EC Election": an acronym leads a topic
    return all(
        _is_name_word(word)
        or _is_initials(word)
        or word.lower() in _PARTICLES
        or (word.isupper() and word.isalpha())
        for word in words[1:]
    )


def _single_word_name(word: str) -> bool:
    bare = word.strip(".")
    if not bare:
        return False
    if bare.isupper():
        return 2 <= len(bare) <= 3 and bare.isalpha()
    if not _is_name_word(word):
        return False
    lower = bare.lower()
    if lower.endswith(_TOPIC_SUFFIXES) and len(lower) > 5:
        return False
    if lower.endswith("ing") and len(lower) >= 7 and not lower.endswith("ming"):
        return False
    if lower.endswith(("ify", "ize")) and len(lower) >= 6:
        return False
    if lower.endswith(("ate", "age")) and len(lower) >= 8:
        return False
    return not (lower.endswith("ed") and len(lower) >= 6 and not lower.endswith(("med", "fred")))


_NAME_PREFIXES = ("Mc", "Mac", "O'", "O’", "D'", "D’", "De", "Di", "Da", "Le", "La", "Van", "Von")


def _is_name_word(word: str) -> bool:
    """``Erik``, ``Pérez``, ``Ragan-Kelley``, ``O'Brien``, ``McDonald``: capitalised parts."""
    parts = [part for part in re.split(r"[-‐]", word) if part]
    if not parts:
        return False
    return all(_is_name_part(part) for part in parts)


def _is_name_part(part: str) -> bool:
    if not part[0].isupper() or not part[0].isalpha():
        return False
    rest = part[1:].replace("'", "").replace("’", "")
    if not rest:
        return False
    if rest.isalpha() and rest.islower():
        return True
    for prefix in _NAME_PREFIXES:
        if part.startswith(prefix) and len(part) > len(prefix) + 1:
            tail = part[len(prefix) :].replace("'", "")
            if tail[0].isupper() and tail[1:].isalpha() and tail[1:].islower():
                return True
    return False


def _is_initials(word: str) -> bool:
    """``H``, ``H.``, ``RK``, ``T.``: an initial or two or three capital letters."""
    return bool(re.fullmatch(r"(?:[A-Z]\.?){1,3}", word)) or bool(
        _INITIAL_RE.fullmatch(word) and word[0].isupper()
    )


def name_similarity(handle: str, name: str) -> bool:
    """Whether a handle-like token plausibly belongs to ``name`` (``kpdavi`` / Kristin Davis).

    True when the handle contains a name part of 3+ letters, any 4-letter piece of one, or
    starts with the name's initials followed by a surname piece. Used to tell a handle in
    parentheses (``Kim Doe (kimD)``) from an organisation (``Chris H (2i2c)``).
    """
    token = handle.lower().lstrip("@")
    parts = [
        unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode().lower()
        for part in re.split(r"[\s.\-']+", name)
    ]
    parts = [part for part in parts if part]
    for part in parts:
        if len(part) >= 3 and part in token:
            return True
        if len(part) >= 4 and any(part[i : i + 4] in token for i in range(len(part) - 3)):
            return True
    initials = "".join(part[0] for part in parts)
    # Initials then more ("kpdavis"); a bare "org" after "Oli Ray" is no handle of theirs.
    return len(initials) >= 2 and token.startswith(initials) and len(token) >= len(initials) + 3


_SPLIT_PEOPLE_RE = re.compile(r"\s*(?:,|&|\+|/|\band\b)\s*")


def split_people(lead: str, known: Collection[str] = ()) -> tuple[str, ...] | None:
    """The people a lead names (``Ana & Ben``, ``Ana, Ben``, ``Ana/Ben``, ``Ana and Ben``).

    Returns the cleaned names (handles without ``@``), or None when any part is not a person,
    so a topic lead such as ``Docs & CI`` is never half-read as people.
    """
    value = clean_name(lead)
    if not value:
        return None
    parts = [clean_name(part) for part in _SPLIT_PEOPLE_RE.split(value)]
    parts = [part for part in parts if part]
    if not parts:
        return None
    keys = known_keys(known)
    if not all(looks_like_person(part, keys) for part in parts):
        return None
    return tuple(part[1:] if part.startswith("@") else part for part in parts)


def strip_handle_token(token: str) -> str | None:
    """``@kimd``, ```@kimd```, ``\\@kimd``, ``[@kimd](https://github.com/kimd)`` -> ``kimd``.

    A stand-in for ``refs.strip_handle`` until that exists. None when the token is not a
    GitHub handle written as one (``@k.doe``, ``@org/pkg``, an e-mail, plain words).
    """
    value = token.strip().translate(_ZERO_WIDTH).strip()
    link = _HANDLE_LINK_RE.match(value)
    if link:
        return link.group(2) if is_github_handle(link.group(2)) else None
    url = _GITHUB_URL_RE.match(value)
    if url:
        return url.group(1) if is_github_handle(url.group(1)) else None
    value = value.strip("`").strip()
    value = value.removeprefix("\\")
    if not value.startswith("@"):
        return None
    handle = value[1:]
    return handle if is_github_handle(handle) else None


LINE_CACHES = (clean_name,)
"""The caches of one-line parses here (emptied by ``parse.forget_line_parses``)."""
