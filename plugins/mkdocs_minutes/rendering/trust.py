"""Telling the plugin's own HTML from the HTML authors wrote in notes.

A meeting page is one Markdown document: the plugin's header and charts, then the note.
Raw HTML the plugin generates carries ``data-minutes-trust="<token>"`` with a token drawn at
random when the process starts, so a note's author cannot forge it; the sanitiser keeps
those elements as they are and the attribute is removed from the published page.
"""

from __future__ import annotations

import re
import secrets

TRUST_ATTR = "data-minutes-trust"
TRUST_TOKEN = secrets.token_hex(12)
_TRUSTED = f'{TRUST_ATTR}="{TRUST_TOKEN}"'
_STRIP_RE = re.compile(rf'\s{TRUST_ATTR}="{TRUST_TOKEN}"')


def trusted(tag_html: str) -> str:
    """Mark the first start tag of a snippet of generated HTML as the plugin's own."""
    match = re.match(r"\s*<([A-Za-z][\w-]*)", tag_html)
    if not match:
        return tag_html
    end = match.end()
    return f"{tag_html[:end]} {_TRUSTED}{tag_html[end:]}"


def is_trusted(html: str) -> bool:
    """True when a snippet's first start tag carries this process's token."""
    head = html.lstrip()[:400]
    start = head.find(">")
    return _TRUSTED in (head[:start] if start != -1 else head)


def strip_trust(html: str) -> str:
    """Remove the marker attribute everywhere (the published page never shows it)."""
    return _STRIP_RE.sub("", html) if TRUST_ATTR in html else html


_START_TAG_RE = re.compile(r"<([A-Za-z][\w-]*)(?=[\s/>])")


def trust_all_tags(markdown: str) -> str:
    """Mark every start tag in Markdown the plugin generated itself.

    Only for text where every ``<`` of note-derived content was escaped (``&lt;``): the
    pages of people, topics and issues, and the header of a meeting page.
    """
    if "<" not in markdown:
        return markdown
    return "\n".join(
        line if "<" not in line or is_trusted(line) else _START_TAG_RE.sub(rf"<\1 {_TRUSTED}", line)
        for line in markdown.split("\n")
    )
