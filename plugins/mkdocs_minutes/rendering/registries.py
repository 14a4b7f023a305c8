"""Python-Markdown's processor registries, put in order once per conversion.

Python-Markdown keeps its block processors and inline patterns in ``Registry`` objects
ordered by priority. Its block parser walks the block processors for every block of a
page, and its inline pass reaches the inline patterns by index for every piece of text
and every pattern; each walk copies the whole order into a new list and each index
checks the order first. On a meeting page (nested lists, hundreds of text pieces) that
bookkeeping was about a fifteenth of the conversion.

:func:`install` runs before the page is parsed, once every extension has registered what
it registers (the extension's last preprocessor, after the raw-HTML gate that replaces the
``html`` pattern). It gives the block parser an :class:`OrderedView` of its registry,
whose order is read once, and the inline pass a tuple of its patterns in order: it only
counts and indexes them (its public ``inlinePatterns`` attribute). Same processors, same
order, so the same HTML. Public APIs only; no MkDocs import.

The view also leaves out the block processors a page cannot use (:data:`BLOCK_MARKERS`).
Admonitions, details and tabs are tested first for every block (priority 105), and each
test, when its start marker is absent, still looks for a container to continue; tables
split the block's first rows. A page without ``!!!``, ``???``, ``===`` or ``|`` (most
meetings) paid for them on every block: a tenth of converting a meeting page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import markdown
from markdown.treeprocessors import InlineProcessor
from markdown.util import Registry

BLOCK_MARKERS: dict[tuple[str, str], tuple[str, ...]] = {
    ("markdown.extensions.admonition", "AdmonitionProcessor"): ("!!!", "admonition", "///"),
    ("pymdownx.details", "DetailsProcessor"): ("???", "<details", "///"),
    ("pymdownx.tabbed", "TabbedProcessor"): ("===", "tabbed-set", "///"),
    ("markdown.extensions.tables", "TableProcessor"): ("|",),
}
"""Block processors (module, class) and the strings without which a page gives them
nothing to do, lower case: the processor's start marker, and what else makes the element
it continues (the class or tag ``md_in_html`` would read from raw HTML, a
``pymdownx.blocks`` fence). A table needs a pipe in its header row."""


def usable(processor: object, document: str | None) -> bool:
    """Whether a block processor may match a block of ``document`` (the page as written
    and as the preprocessors left it, lower case; None: any page)."""
    if document is None:
        return True
    cls = type(processor)
    markers = BLOCK_MARKERS.get((cls.__module__, cls.__qualname__))
    return markers is None or any(marker in document for marker in markers)


class OrderedView:
    """A registry as the block parser reads it: its items in order, read once, without
    those the ``document`` cannot use (:func:`usable`); every other use (lookup by name,
    ``in``, registering) goes to the registry itself, and registering or deregistering
    through the view reads the order again."""

    def __init__(self, registry: Registry[Any], document: str | None = None) -> None:
        self.registry = registry
        self.document = document
        self._items = self._read()

    def _read(self) -> list[Any]:
        return [item for item in self.registry if usable(item, self.document)]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, item: object) -> bool:
        return item in self.registry

    def __getitem__(self, key: Any) -> Any:
        return self.registry[key]

    def register(self, item: Any, name: str, priority: float) -> None:
        self.registry.register(item, name, priority)
        self._items = self._read()

    def deregister(self, name: str, strict: bool = True) -> None:
        self.registry.deregister(name, strict)
        self._items = self._read()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.registry, name)


def install(md: markdown.Markdown, document: str | None = None) -> None:
    """Order ``md``'s block processors and inline patterns for one conversion (again at
    each conversion: a view left from the last one is replaced by a fresh one); given the
    page's ``document`` (lower case), without the block processors it cannot use."""
    parser = md.parser
    blocks = parser.blockprocessors
    registry = blocks.registry if isinstance(blocks, OrderedView) else blocks
    if isinstance(registry, Registry):
        parser.blockprocessors = OrderedView(registry, document)  # type: ignore[assignment]
    if "inline" in md.treeprocessors:
        inline = md.treeprocessors["inline"]
        if isinstance(inline, InlineProcessor) and isinstance(
            inline.inlinePatterns, (Registry, tuple)
        ):
            inline.inlinePatterns = tuple(md.inlinePatterns)  # type: ignore[assignment]
