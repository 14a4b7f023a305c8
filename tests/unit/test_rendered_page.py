"""A rendered page kept (render cache) or sent back by a worker: pickled without a copy.

CPython keeps a UTF-8 copy of a non-ASCII str it pickles, for as long as the str lives;
the build holds the HTML of the pages it kept until they are written.
"""

from __future__ import annotations

import pickle
import sys
import zlib

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


def test_a_page_sent_compressed_is_parked_as_it_came_and_read_once() -> None:
    """A worker's page comes compressed; the plugin parks it without decoding it, and a
    page whose HTML is read gets it whole."""
    html = "<p>Erik: we celebrate 🎉 the release</p>" * 50
    page = RenderedPage(html, toc=[], meta={}, present_anchor_ids=None, links_to_anchors=None)
    page.packed = True
    body = pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)
    assert html.encode() not in body, "the HTML travels compressed"
    came = pickle.loads(body)
    packed = came.compressed_html()
    assert came.content == "" and came.packed_html is packed, "not decoded to be parked"
    assert zlib.decompress(packed).decode() == html
    assert came.html() == html and came.content == html and came.packed_html is None
    again = pickle.loads(pickle.dumps(came, protocol=pickle.HIGHEST_PROTOCOL))
    assert again.html() == html
