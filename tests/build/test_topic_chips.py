"""Topic chips on agenda items, made as HTML by the page builder (``pages/meeting.py``):
the site is the one their Markdown links made, byte for byte, with either URL style,
on list and heading items, and for names that stay Markdown links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_minutes.pages import meeting
from tests.conftest import write_site

NOTES = {
    "2024-05-02.md": """\
        # Team meeting 2024-05-02

        ## Roll call
        - Erik Sundell / Sundell Open Source / @consideRatio

        ## Agenda

        ### Federation on OVH [Erik - 5 mins]
        - the OVH federation member needs a new cluster

        ### R&D: the *communications* plan [Chris]
        - blog post about the communications plan
        """,
    "2024-05-09.md": """\
        # Team meeting 2024-05-09

        ## Agenda
        * Federation again [Erik]
          * OVH federation is back, see the communications plan
        * Elections in the Steering Council
        """,
}

TOPICS = """\
- id: federation
  name: Federation
  match: [federation]
- id: comms
  name: "R&D: *comms* plan"
  match: [communications plan]
- id: ovh
  name: OVH deployment
  match: [ovh]
- id: steering
  name: Steering Council
  match: [steering council]
"""


def build_site(root: Path, directory_urls: bool) -> dict[str, str]:
    config_file = write_site(
        root,
        NOTES,
        plugin_options="topics: topics.yml\ncache: false",
        extra_config=f"use_directory_urls: {str(directory_urls).lower()}\n",
    )
    (root / "topics.yml").write_text(TOPICS, encoding="utf-8")
    config = load_config(str(config_file), strict=True)
    build(config)
    site = Path(config.site_dir)
    return {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(site.rglob("*.html"))
        if "meetings/" in path.as_posix()
    }


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "html-urls"])
def test_chips_made_as_html_give_the_site_their_markdown_links_gave(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, directory_urls: bool
) -> None:
    fast = build_site(tmp_path / "html", directory_urls)
    monkeypatch.setattr(meeting, "_PLAIN_NAME_RE", re.compile(r"(?!)"))  # every chip a link
    slow = build_site(tmp_path / "links", directory_urls)
    assert fast.keys() == slow.keys()
    for page, html in fast.items():
        assert html == slow[page], page
    chips = "".join(fast.values())
    assert chips.count('class="minutes-topic"') >= 6
    target = "../../topics/ovh/" if directory_urls else "../topics/ovh.html"
    assert f'<a class="minutes-topic" href="{target}">OVH deployment</a>' in chips
    assert "R&amp;D: *comms* plan</a>" in chips  # not plain words: still a Markdown link
