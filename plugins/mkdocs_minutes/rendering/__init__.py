"""Rendering of notes: the Python-Markdown extension the plugin adds to every site.

``hackmd`` rewrites HackMD-flavoured Markdown for Python-Markdown, ``extension`` registers
it with item anchors, raw-HTML sanitising and unsafe-link removal, and ``sanitize`` holds
the allowlist. No MkDocs import.
"""

from __future__ import annotations

from mkdocs_minutes.rendering.extension import (
    EXTENSION_NAME,
    MinutesMarkdownExtension,
    anchor_marker,
    insert_anchor_marker,
)
from mkdocs_minutes.rendering.hackmd import normalise_hackmd

__all__ = [
    "EXTENSION_NAME",
    "MinutesMarkdownExtension",
    "anchor_marker",
    "insert_anchor_marker",
    "normalise_hackmd",
]
