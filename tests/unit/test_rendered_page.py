"""A rendered page kept (render cache) or sent back by a worker: pickled without a copy.

CPython keeps a UTF-8 copy of a non-ASCII str it pickles, for as long as the str lives;
the build holds the HTML of the pages it kept until they are written.
"""

from __future__ import annotations

import pickle
import sys

import pytest

from mkdocs_minutes.audit import words
from mkdocs_minutes.plugin.rendered import RenderedPage


@pytest.mark.parametrize(
    "html",
    [
        "<p>Ana: released 1.0</p>",
        "<p>Céline: réunion à Zürich</p>",
        "<p>Erik: we celebrate 🎉 the release</p>",
    ],
)
def test_pickling_leaves_the_html_as_it_was_and_gives_it_back(html: str) -> None:
    page = RenderedPage(
        html, toc=[], meta={"date": "2024-03-01"}, present_anchor_ids={"a"}, links_to_anchors=None
    )
    size = sys.getsizeof(page.content)
    copy = pickle.loads(pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL))
    assert sys.getsizeof(page.content) == size, "no UTF-8 copy left on the page's HTML"
    assert copy == page
    assert type(copy.content) is str


def test_the_words_of_pages_are_shared_between_pages() -> None:
    first, second = words("<p>Federation update</p>"), words("<p>federation plans</p>")
    assert first == ("federation", "update")  # distinct, sorted: a tuple, not a set
    (shared,) = set(first) & set(second)
    assert next(w for w in first if w == shared) is next(w for w in second if w == shared)
