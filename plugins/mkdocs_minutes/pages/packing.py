"""Text kept compressed between the moment it is made and the moment it is written.

A ``mkdocs build`` holds all of its pages' Markdown, feeds and HTML between those two
moments, and Python keeps a string with one emoji at four bytes a character: 116 MB of
page Markdown at 1,000 meetings, about 10 MB compressed. One format serves them all
(zlib at level 1 over UTF-8: fast, and four to ten times smaller); a value may be either
form, and :func:`unpacked` reads both. No MkDocs import.
"""

from __future__ import annotations

import zlib

Packable = str | bytes
"""Text, or text compressed by :func:`packed`."""


def packed(text: Packable) -> bytes:
    """``text`` compressed (as it is when it is compressed already)."""
    return text if isinstance(text, bytes) else zlib.compress(text.encode(), 1)


def unpacked(text: Packable) -> str:
    """``text`` as text (as it is when it is not compressed)."""
    return text if isinstance(text, str) else zlib.decompress(text).decode()
