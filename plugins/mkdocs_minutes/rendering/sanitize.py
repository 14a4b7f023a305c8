"""Sanitising of the raw HTML authors write in notes, and of unsafe link targets.

Notes come from a shared pad that anyone in a meeting could edit, so a published archive
must not run what they typed: raw HTML goes through an allowlist (nh3 for whole blocks, a
tag-by-tag rebuild for the single tags Python-Markdown's inline pattern stashes, since
nh3 would close or drop a lone ``<kbd>``), and any ``javascript:``, ``vbscript:`` or
``data:`` link target is removed, however it is spelled. Used by ``extension.py``; no
MkDocs import.
"""

from __future__ import annotations

import html
import re
from xml.etree.ElementTree import Element

import nh3

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "center",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "font",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)
"""Tags notes use that cannot run anything; everything else is removed."""

ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "abbr": frozenset({"title"}),
    "img": frozenset({"src", "alt", "width", "height", "title"}),
    "details": frozenset({"open"}),
    "ol": frozenset({"start"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "th": frozenset({"colspan", "rowspan", "align"}),
    "font": frozenset({"color"}),
}
"""Attributes kept per tag (none on any other tag: no ``style``, ``class`` or ``on*``)."""

URL_ATTRIBUTES: frozenset[str] = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "cite"}
)
"""Attributes a browser follows or loads as a URL."""

UNSAFE_SCHEMES: frozenset[str] = frozenset({"javascript", "vbscript", "data"})
"""URL schemes that run script or smuggle content; links using them lose their target."""

DROP_WITH_CONTENT: frozenset[str] = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "noscript",
        "template",
        "svg",
        "math",
        "textarea",
        "select",
        "frame",
        "frameset",
        "applet",
    }
)
"""Tags whose content is code or markup for another tag: removed together with it."""

KNOWN_HTML_TAGS: frozenset[str] = (
    ALLOWED_TAGS
    | DROP_WITH_CONTENT
    | frozenset(
        {
            "address",
            "area",
            "article",
            "aside",
            "audio",
            "base",
            "bdi",
            "bdo",
            "big",
            "body",
            "button",
            "canvas",
            "cite",
            "data",
            "datalist",
            "dfn",
            "dialog",
            "fieldset",
            "figcaption",
            "figure",
            "footer",
            "form",
            "head",
            "header",
            "hgroup",
            "html",
            "input",
            "label",
            "legend",
            "link",
            "main",
            "map",
            "menu",
            "meta",
            "meter",
            "nav",
            "optgroup",
            "option",
            "output",
            "param",
            "picture",
            "portal",
            "progress",
            "rp",
            "rt",
            "ruby",
            "samp",
            "search",
            "section",
            "slot",
            "source",
            "time",
            "title",
            "track",
            "tt",
            "var",
            "video",
            "wbr",
            "xmp",
            "marquee",
            "blink",
        }
    )
)
"""HTML element names. A ``<word>`` that is none of these is a placeholder an author typed
(``<version>``, ``<TODO: Link!>``) and is shown as text, as HackMD shows it."""

REMOVED_BLOCK = "<!-- minutes: raw HTML removed -->"
"""What a raw HTML block that was entirely unsafe (``<script>...</script>``) becomes."""

_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200f\u2028-\u202f\ufeff]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def is_unsafe_url(url: str) -> bool:
    """Whether a link target would run script or embed content when followed.

    Browsers decode character references in attributes and drop tabs, newlines and
    leading control characters before reading the scheme, so ``java&#x09;script:`` and
    `` JaVaScRiPt:`` are ``javascript:``; the check decodes the same way (repeatedly, to be
    safe against double encoding) before comparing.
    """
    if ":" not in url and "&" not in url:
        # No scheme, and no character reference that could spell one's colon: the
        # relative links that make up most of a page need no decoding.
        return False
    value = url
    for _ in range(3):
        decoded = html.unescape(value)
        if decoded == value:
            break
        value = decoded
    value = _CONTROL_OR_SPACE.sub("", value).lower()
    match = _SCHEME.match(value)
    return bool(match) and match.group(1) in UNSAFE_SCHEMES


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """nh3 hook: the same URL rule as Markdown links, on top of nh3's scheme allowlist."""
    if attribute in URL_ATTRIBUTES and is_unsafe_url(value):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROP_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_attribute_filter,
    strip_comments=True,
    link_rel=None,
)


def sanitize_html_block(fragment: str) -> str:
    """Clean a complete raw HTML block (``<details>...</details>``) with the allowlist."""
    if not fragment.strip():
        return fragment
    cleaned = _CLEANER.clean(fragment)
    if not cleaned.strip():
        # A comment is block-level to Python-Markdown, so no empty <p> is left behind.
        return REMOVED_BLOCK
    return cleaned


_TAG_NAME = r"[A-Za-z][A-Za-z0-9-]*"
_ATTRIBUTE = (
    r"[A-Za-z_:][A-Za-z0-9_.:-]*"
    r"(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?"
)
_OPEN_TAG = re.compile(rf"<({_TAG_NAME})((?:\s+{_ATTRIBUTE})*)\s*(/?)>", re.DOTALL)
_CLOSE_TAG = re.compile(rf"</({_TAG_NAME})\s*>")
_ONE_ATTRIBUTE = re.compile(
    r"([A-Za-z_:][A-Za-z0-9_.:-]*)(?:\s*=\s*([^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?"
)
_VOID_TAGS = frozenset({"br", "hr", "img", "col", "wbr"})


def sanitize_tag(raw: str) -> str:
    """Clean one tag as Python-Markdown's inline pattern stashes it (``<kbd>``, ``</kbd>``).

    An allowed tag is rebuilt with its allowed attributes only; a known but disallowed
    tag (``<script>``, ``<svg onload=...>``) is dropped; anything that is not a valid tag
    of a known element (``<TODO: Link!>``, ``<version>``) is escaped and shows as text.
    Comments and declarations are dropped.
    """
    if raw.startswith(("<!", "<?")):
        return ""
    close = _CLOSE_TAG.fullmatch(raw)
    if close:
        name = close.group(1).lower()
        if name in ALLOWED_TAGS and name not in _VOID_TAGS:
            return f"</{name}>"
        return "" if name in KNOWN_HTML_TAGS else html.escape(raw, quote=False)
    opened = _OPEN_TAG.fullmatch(raw)
    if not opened:
        return html.escape(raw, quote=False)
    name = opened.group(1).lower()
    if name not in ALLOWED_TAGS:
        return "" if name in KNOWN_HTML_TAGS else html.escape(raw, quote=False)
    allowed = ALLOWED_ATTRIBUTES.get(name, frozenset())
    kept: list[str] = []
    for attribute in _ONE_ATTRIBUTE.finditer(opened.group(2)):
        key = attribute.group(1).lower()
        if key not in allowed:
            continue
        value = attribute.group(2)
        if value is None:
            kept.append(key)
            continue
        if value[:1] in "'\"":
            value = value[1:-1]
        value = html.unescape(value)
        if key in URL_ATTRIBUTES and is_unsafe_url(value):
            continue
        kept.append(f'{key}="{html.escape(value, quote=True)}"')
    attributes = "".join(f" {item}" for item in kept)
    return f"<{name}{attributes}>"


def sanitize_element(element: Element) -> bool:
    """Clean an element tree in place (raw HTML that ``md_in_html`` parsed into elements).

    Returns False when the element itself must go (a ``<script>``); disallowed children
    are removed or, when they hold Markdown, turned into a plain ``div``.
    """
    name = element.tag.lower() if isinstance(element.tag, str) else ""
    if name in DROP_WITH_CONTENT or not name:
        return False
    if name not in ALLOWED_TAGS:
        element.tag = "div"
        name = "div"
    allowed = ALLOWED_ATTRIBUTES.get(name, frozenset()) | {"markdown"}
    for key in list(element.attrib):
        lowered = key.lower()
        if lowered not in allowed or (
            lowered in URL_ATTRIBUTES and is_unsafe_url(element.attrib[key])
        ):
            del element.attrib[key]
    for child in list(element):
        if not sanitize_element(child):
            if child.tail:
                previous = _previous_sibling(element, child)
                if previous is None:
                    element.text = (element.text or "") + child.tail
                else:
                    previous.tail = (previous.tail or "") + child.tail
            element.remove(child)
    return True


def _previous_sibling(parent: Element, child: Element) -> Element | None:
    """The sibling before ``child``, whose tail takes over the removed child's tail."""
    previous = None
    for candidate in parent:
        if candidate is child:
            return previous
        previous = candidate
    return None
