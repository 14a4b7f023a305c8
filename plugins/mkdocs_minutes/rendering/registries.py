"""Python-Markdown's processor registries, put in order once per conversion.

Python-Markdown keeps its block processors and inline patterns in ``Registry`` objects
ordered by priority. Its block parser walks the block processors for every block of a
page, and its inline pass reaches the inline patterns by index for every piece of text
and every pattern; each walk copies the whole order into a new list and each index
checks the order first. On a meeting page (nested lists, hundreds of text pieces) that
bookkeeping was about a fifteenth of the conversion.

:func:`install` runs before the page is parsed, once every extension has registered what
it registers (the extension's preprocessor, after the raw-HTML gate that replaces the
``html`` pattern). It gives the block parser an :class:`OrderedView` of its registry,
whose order is read once, and the inline pass a tuple of its patterns in order: it only
counts and indexes them (its public ``inlinePatterns`` attribute). Same processors, same
order, so the same HTML. Public APIs only; no MkDocs import.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import markdown
from markdown.treeprocessors import InlineProcessor
from markdown.util import Registry


class OrderedView:
    """A registry as the block parser reads it: its items in order, read once; every
    other use (lookup by name, ``in``, registering) goes to the registry itself, and
    registering or deregistering through the view reads the order again."""

    def __init__(self, registry: Registry[Any]) -> None:
        self.registry = registry
        self._items = list(registry)

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
        self._items = list(self.registry)

    def deregister(self, name: str, strict: bool = True) -> None:
        self.registry.deregister(name, strict)
        self._items = list(self.registry)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.registry, name)


def install(md: markdown.Markdown) -> None:
    """Order ``md``'s block processors and inline patterns for one conversion (again at
    each conversion: a view left from the last one is replaced by a fresh one)."""
    parser = md.parser
    blocks = parser.blockprocessors
    registry = blocks.registry if isinstance(blocks, OrderedView) else blocks
    if isinstance(registry, Registry):
        parser.blockprocessors = OrderedView(registry)  # type: ignore[assignment]
    if "inline" in md.treeprocessors:
        inline = md.treeprocessors["inline"]
        if isinstance(inline, InlineProcessor) and isinstance(
            inline.inlinePatterns, (Registry, tuple)
        ):
            inline.inlinePatterns = tuple(md.inlinePatterns)  # type: ignore[assignment]
