"""Topics: which agenda items a topic's phrases match, and what a topic's timeline holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from mkdocs_minutes.archive import ArchiveMemo, TopicEntry
from mkdocs_minutes.archive.topics import TopicMatcher, normalise_title, plain_text

from .test_index import build, item, meeting, ref, roll

# (phrase, text of an item, matches?)
MATCHES = [
    (
        "communications plan",
        "[a communications plan](https://discourse.jupyter.org/t/505) [Chris H]",
        True,
    ),
    ("communications plan", "Communications-plan draft", True),
    ("communications plan", "the communications\nplan", True),
    ("communications plan", "communication plans", False),
    ("ovh", "meeting with OVH about their kubernetes offer", True),
    ("ovh", "OVH's binderhub", True),
    ("ovh", "hovhannes joined", False),
    ("ovh", "OVH_cloud", False),
    ("federation", "Federation/redirection [Tim, 10min]", True),
    ("federation", "federated hubs", False),
    ("discourse", "move support questions to discourse.", True),
    ("discourse", "see [the forum](https://discourse.jupyter.org/t/505)", False),
    ("discourse", "https://discourse.jupyter.org/t/how-to-watch/514/2 for advice", False),
    ("discourse", "<https://discourse.jupyter.org>", False),
    ("jupyterlab", "JupyterLab 4 release", True),
    ("jupyter lab", "JupyterLab 4 release", False),
    ("C++", "the C++ kernel", True),
    ("2i2c", "2i2c hub", True),
]


@pytest.mark.parametrize(("phrase", "text", "expected"), MATCHES)
def test_phrase_matching(phrase: str, text: str, expected: bool) -> None:
    matcher = TopicMatcher([TopicEntry("t", "Some topic", match=(phrase,))])
    assert (matcher.match(text) == ("t",)) is expected


def test_name_aliases_and_match_phrases_all_count() -> None:
    topic = TopicEntry(
        "federation", "Federation", aliases=("federated binder",), match=("redirect",)
    )
    matcher = TopicMatcher([topic, TopicEntry("ovh", "OVH")])
    assert matcher.match("Federation") == ("federation",)
    assert matcher.match("the Federated Binder project") == ("federation",)
    assert matcher.match("should we redirect traffic") == ("federation",)
    assert matcher.match("OVH wants to redirect traffic") == ("federation", "ovh")
    assert matcher.match("nothing here") == ()


def test_plain_text_keeps_link_text_drops_targets() -> None:
    assert plain_text("[OVH](https://ovh.com) and https://x.org/discourse <b>hi</b>").split() == [
        "OVH",
        "and",
        "hi",
    ]


def test_items_belong_to_topics_never_whole_meetings() -> None:
    march = meeting(
        "2019-03-21",
        attendees=roll("Tim Head / @betatim", "Zach / @Zsailer"),
        items=[
            item("meeting with OVH", line=64, end_line=71),
            item("Federation/redirection", "Tim", line=117, end_line=127, body="* -> highlight"),
            item(
                "speaking queue",
                "Zach",
                line=72,
                end_line=74,
                body="* also: federation of hubs\n* see #759",
            ),
        ],
        refs=[
            ref("https://github.com/jupyterhub/mybinder.org-deploy/issues/759", 70),
            ref("https://github.com/jupyterhub/binderhub/issues/1", 120),
            ref("https://github.com/jupyterhub/binderhub/pull/2", 130),
        ],
    )
    # The meeting's title mentions federation; no item does: it stays out of the timeline.
    april = meeting("2019-04-18", title="Federation special", items=[item("Budget")])
    may = meeting(
        "2019-05-16",
        attendees=roll("Min / @minrk"),
        items=[item("Federation, again", "Min", line=40)],
    )
    archive = build(
        may, april, march, topics=[TopicEntry("federation", "Federation"), TopicEntry("ovh", "OVH")]
    )
    federation = archive.topics["federation"]
    assert federation.items == (
        ("2019-03-21", "federationredirection"),
        ("2019-03-21", "speaking-queue"),
        ("2019-05-16", "federation-again"),
    )
    assert federation.people == ("betatim", "zsailer", "minrk")
    assert federation.refs == ("jupyterhub/binderhub#1",)
    assert (federation.first, federation.last) == (dt.date(2019, 3, 21), dt.date(2019, 5, 16))
    assert archive.topics["ovh"].refs == ("jupyterhub/mybinder.org-deploy#759",)
    first = archive.meetings[0]
    assert [archive.item_topics(first, i) for i in first.items] == [
        ("ovh",),
        ("federation",),
        ("federation",),
    ]


def test_topic_without_items_and_unsafe_ids() -> None:
    archive = build(
        meeting("2019-03-21", items=[item("Budget")]),
        topics=[TopicEntry("index", "Index"), TopicEntry("discourse", "Discourse")],
    )
    assert list(archive.topics) == ["index-topic", "discourse"]
    assert archive.topics["discourse"].items == ()
    assert archive.topics["discourse"].first is None


@pytest.mark.parametrize(
    ("title", "normalised"),
    [
        ("Release planning", "release planning"),
        ("**2. Release Planning:**", "release planning"),
        ("II. Release planning", "release planning"),
        ("5.3 Release planning", "release planning"),
        (":rocket: Release planning!", "release planning"),
        ("[Release planning](https://hackmd.io/x)", "release planning"),
        ("_Release_ `planning`?", "release planning"),
        ("JupyterCon update", "jupytercon update"),
        ("2024 plans", "2024 plans"),
    ],
)
def test_normalise_title(title: str, normalised: str) -> None:
    assert normalise_title(title) == normalised


def test_non_ascii_letters_the_regex_folds_onto_ascii_are_all_known() -> None:
    """The fast paths (topic matching, the parser's prefilter) rely on this list being
    complete (it is per Python version)."""
    import re
    import string

    from mkdocs_minutes.text import IGNORECASE_ASCII_FOLDS

    everything = "".join(map(chr, range(0x80, 0x110000)))
    letters = re.compile("|".join(string.ascii_letters), re.IGNORECASE)
    folding = {m.group() for m in letters.finditer(everything)}
    lowering = {c for c in everything if any(x.isascii() for x in c.lower())}
    assert folding | lowering == set(IGNORECASE_ASCII_FOLDS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the \u212aubernetes plan", ("k8s",)),  # Kelvin sign: folded by the regex
        ("\u0130stanbul meetup", ()),  # lowercases to "i" and a combining dot
        ("Ünïcode words then kubernetes", ("k8s",)),
        ("xkubernetes and then Kubernetes", ("k8s",)),
        ("xkubernetes only", ()),
        ("release-\nCandidate", ("rel",)),
        ("pre-release", ("rel",)),
        ("prerelease", ()),
    ],
)
def test_fast_and_full_search_agree(text: str, expected: tuple[str, ...]) -> None:
    matcher = TopicMatcher(
        [
            TopicEntry("k8s", "Kubernetes"),
            TopicEntry("ist", "Istanbul"),
            TopicEntry("rel", "Release candidate", aliases=("release",)),
        ]
    )
    assert matcher.match(text) == expected
    # The plain search the fast path stands in for, behind the same first-word filter.
    plain = plain_text(text)
    full = tuple(
        topic
        for topic, firsts, _, pattern in matcher._patterns
        if any(first in plain.lower() for first in firsts) and pattern.search(plain)
    )
    assert full == expected


# -- topics kept between serve builds (TopicMemo) ---------------------------------------------

_REGISTRY = [
    TopicEntry("federation", "Federation", aliases=("OVH",)),
    TopicEntry("budget", "Budget"),
]
_OLDER = meeting(
    "2024-01-04",
    attendees=roll("Ana Lima / Org / @analima"),
    items=[item("Federation", "Ana", body="OVH is back"), item("Budget", "Ana", line=70)],
)


def _newer(body: str) -> object:
    return meeting(
        "2024-01-11",
        attendees=roll("Ana Lima / Org / @analima"),
        items=[item("Budget review", "Ana", body=body)],
    )


def test_topics_whose_items_are_unchanged_are_kept() -> None:
    memo = ArchiveMemo()
    options = {"topics": _REGISTRY, "discover": False, "memo": memo}
    first = build(_OLDER, _newer("the grant"), **options)
    again = build(_OLDER, _newer("the grant, and OVH's bill"), **options)
    fresh = build(_OLDER, _newer("the grant, and OVH's bill"), topics=_REGISTRY, discover=False)
    assert again.topics == fresh.topics
    assert again.topics["budget"] is not first.topics["budget"]  # its item changed
    assert again.topics["federation"] is not first.topics["federation"]  # gained the item
    third = build(_OLDER, _newer("the grant, and OVH's bill"), **options)
    assert third.topics["budget"] is again.topics["budget"]
    assert third.topics["federation"] is again.topics["federation"]


def test_unchanged_meetings_keep_their_items_topics_between_builds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under ``mkdocs serve`` the items of a meeting that is the same object, read through
    the same texts, are not matched again; after each edit the topics, discovered ones
    included, and every item's topics are those of a build from nothing."""
    from mkdocs_minutes.archive.timelines import TopicMemo

    matched: list[str] = []
    meeting_matches = TopicMemo.meeting_matches

    def counting(
        self: TopicMemo, context: tuple, meeting: Any, texts: object, match: Callable[[], Any]
    ) -> Any:
        def counted() -> object:
            matched.append(meeting.id)
            return match()

        return meeting_matches(self, context, meeting, texts, counted)

    monkeypatch.setattr(TopicMemo, "meeting_matches", counting)

    def week(day: int, title: str = "Binder federation status", body: str = "") -> object:
        return meeting(
            f"2024-{1 + day // 28:02d}-{1 + day % 28:02d}",
            items=[
                item(title, body=body or "The OVH cluster and the GESIS cluster"),
                item("Budget", line=70, body="Grant report"),
            ],
        )

    subjects = ["Binder federation status", "Sprint planning", "Helm chart upgrade"]
    steady = [week(7 * n, subjects[n % 3]) for n in range(12)]
    last = "2024-04-01"
    versions = [
        ([*steady, week(84)], None),
        ([*steady, week(84, body="GESIS is back")], [last]),  # one meeting's item text
        ([*steady, week(84, title="Budget cuts")], None),  # off a topic
        ([*steady[1:], week(84)], None),  # a meeting gone
    ]
    memo = ArchiveMemo()
    memo.expect_rebuilds(True)
    for number, (version, again) in enumerate(versions):
        matched.clear()
        kept = build(*version, topics=_REGISTRY, memo=memo)
        if again is not None:
            assert matched == again
        fresh = build(*version, topics=_REGISTRY)
        if number == 0:
            assert any(topic.discovered for topic in fresh.topics.values())
        assert kept.topics == fresh.topics
        for one in fresh.meetings:
            for position in range(len(one.items)):
                assert kept.item_topics_at(one, position) == fresh.item_topics_at(one, position)
