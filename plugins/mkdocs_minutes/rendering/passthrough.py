"""The plugin's own raw HTML blocks, kept out of Python-Markdown and put back afterwards.

Person, topic and issue pages are mostly long lists and tables that the pages layer
writes as one line of trusted raw HTML each (``pages/html.py``). Python-Markdown would
parse every tag of such a line with its HTML block parser only to pass it through as it
is: at 1,000 meetings that is most of the time those pages take. :func:`stash_blocks`
swaps each such line for a one-word paragraph before MkDocs converts the page, and
:func:`restore_blocks` swaps the rendered paragraph back for the block, so the published
HTML is the same, byte for byte, as when Markdown passed the block through.

Only lines that carry this process's trust token (``rendering/trust.py``) at column 0,
with a blank line (or the page's start or end) on both sides, are taken: exactly the
lines Python-Markdown would have passed through unchanged as one raw HTML block. A note
cannot forge the token, and the placeholder word carries it too, so text in a note can
never be mistaken for a placeholder.

No MkDocs import.
"""

from __future__ import annotations

import re

from .trust import TRUST_TOKEN, is_trusted, strip_trust

_WORD = f"minutesblock{TRUST_TOKEN}x"
_PLACEHOLDER_RE = re.compile(rf"<p>{_WORD}(\d+)</p>")


def stash_blocks(markdown: str) -> tuple[str, list[str]]:
    """``markdown`` with the plugin's raw HTML blocks replaced, and those blocks in order."""
    if TRUST_TOKEN not in markdown:
        return markdown, []
    lines = markdown.split("\n")
    blocks: list[str] = []
    last = len(lines) - 1
    for number, line in enumerate(lines):
        if (
            line.startswith("<")
            and (number == 0 or not lines[number - 1].strip())
            and (number == last or not lines[number + 1].strip())
            and _is_block(line)
        ):
            lines[number] = f"{_WORD}{len(blocks)}"
            blocks.append(strip_trust(line))
    if not blocks:
        return markdown, []
    return "\n".join(lines), blocks


def restore_blocks(html: str, blocks: list[str]) -> str:
    """The rendered page with every placeholder paragraph back to its block."""
    if not blocks:
        return html

    def block(match: re.Match[str]) -> str:
        # Python-Markdown ends a raw HTML block with a newline, except at the very end
        # of the page, whose trailing white space it strips.
        text = blocks[int(match.group(1))]
        return text.rstrip() if match.end() == len(html) else text + "\n"

    return _PLACEHOLDER_RE.sub(block, html)


_BLOCK_TAGS = frozenset({"div", "ul", "ol", "table", "figure", "svg", "p", "details", "nav"})
_TAG_RE = re.compile(r"<([a-z][a-z0-9]*)\b")


def _is_block(line: str) -> bool:
    """A trusted line that starts with a block-level tag and closes it at its end.

    Python-Markdown treats a line that opens a block-level tag as a raw HTML block and a
    line that opens an inline tag (``<a>``, ``<span>``) as part of a paragraph; only the
    first kind can be swapped for a paragraph and back without changing the page.
    """
    match = _TAG_RE.match(line)
    if match is None or match.group(1) not in _BLOCK_TAGS:
        return False
    return is_trusted(line) and line.rstrip().endswith(f"</{match.group(1)}>")
