"""Speaker and time-box tags in agenda titles: one row per style seen in real notes."""

from __future__ import annotations

import pytest

from mkdocs_minutes.notes.agenda import is_template_item, split_speaker_tags

LINK = "[a communications plan](https://discourse.example.org/t/a-proposal/505)"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # the seed note
        (
            'New "speaking queue" format. [Zach - 1 min] ',
            ('New "speaking queue" format.', ("Zach",), 1),
        ),
        (
            "quick report from the Turing Way workshops [Patricia/Sarah - 5 mins?] ",
            ("quick report from the Turing Way workshops", ("Patricia", "Sarah"), 5),
        ),
        (f"{LINK} [Chris H]", (LINK, ("Chris H",), None)),
        (
            "action items from the team meeting [Tim]",
            ("action items from the team meeting", ("Tim",), None),
        ),
        ("Federation/redirection [Tim, 10min]", ("Federation/redirection", ("Tim",), 10)),
        # empty brackets written inside a word are text, not a removed tag
        ("Call fn() on 0A()0 [Tim]", ("Call fn() on 0A()0", ("Tim",), None)),
        (
            "[All-Jupyter community call](https://discourse.example.org/t/x/423/7) next Tuesday "
            "[Zach - 5 minutes].",
            (
                "[All-Jupyter community call](https://discourse.example.org/t/x/423/7) next Tuesday.",
                ("Zach",),
                5,
            ),
        ),
        (
            "Permissions, scopes, roles. [Discussion on GitHub](https://github.com/o/r/issues/1057 ) "
            "[Brian - 3m]",
            (
                "Permissions, scopes, roles. [Discussion on GitHub](https://github.com/o/r/issues/1057 )",
                ("Brian",),
                3,
            ),
        ),
        (
            "meeting with OVH about their kubernetes offer",
            ("meeting with OVH about their kubernetes offer", (), None),
        ),
        # without known names a lowercase lead is not a speaker: the title stays whole
        (
            "ADDED LATE: erik: transition away from the help repo - quick OK to act?",
            ("ADDED LATE: erik: transition away from the help repo - quick OK to act?", (), None),
        ),
        # the other styles
        ("Release planning (5 mins)", ("Release planning", (), 5)),
        ("Release planning (5 min)", ("Release planning", (), 5)),
        ("**Min (10m):** release planning", ("release planning", ("Min",), 10)),
        ("**Min:** release planning", ("release planning", ("Min",), None)),
        ("**Min [10 min]**: release planning", ("release planning", ("Min",), 10)),
        ("Tim [10min] - release planning", ("release planning", ("Tim",), 10)),
        ("Tim (10 min): release planning", ("release planning", ("Tim",), 10)),
        ("Release planning [name=Dan] [time=5 minutes]", ("Release planning", ("Dan",), 5)),
        ("Release planning [name=Ana, 5 minutes]", ("Release planning", ("Ana",), 5)),
        ("Release planning [name=anaex]", ("Release planning", ("anaex",), None)),
        ("Release planning [Chris H]", ("Release planning", ("Chris H",), None)),
        ("Release planning [Brian - 3m]", ("Release planning", ("Brian",), 3)),
        ("Release planning (Ana, 15 min)", ("Release planning", ("Ana",), 15)),
        ("Release planning [Ana & Ben, 15 min]", ("Release planning", ("Ana", "Ben"), 15)),
        ("Release planning [@anaex - 5 min]", ("Release planning", ("anaex",), 5)),
        ("Release planning \\[Ana - 5 min\\]", ("Release planning", ("Ana",), 5)),
        ("Release planning 5-10 minutes", ("Release planning", (), 10)),
        ("Release planning [5-10 minutes]", ("Release planning", (), 10)),
        ("Release planning ~5min", ("Release planning", (), 5)),
        ("Release planning [~5min]", ("Release planning", (), 5)),
        ("Release planning [1 hour]", ("Release planning", (), 60)),
        ("Release planning (Ana)", ("Release planning", ("Ana",), None)),
        ("⚡ (5 minutes) Lightning intros", ("⚡ Lightning intros", (), 5)),
        # brackets and parentheses that are not tags stay in the title
        ("🪄 (all the minutes) Hack together!", ("🪄 (all the minutes) Hack together!", (), None)),
        ("Release planning [WIP]", ("Release planning [WIP]", (), None)),
        ("Budget [RFC]", ("Budget [RFC]", (), None)),
        ("Hosting (see TuringWay item)", ("Hosting (see TuringWay item)", (), None)),
        ("Hosting (2i2c)", ("Hosting (2i2c)", (), None)),
        ("Weekly sync (Monday) details", ("Weekly sync (Monday) details", (), None)),
        (
            "Extras `jupyter-tiler[titiler]` / `jupyter-tiler[xpublish]`",
            ("Extras `jupyter-tiler[titiler]` / `jupyter-tiler[xpublish]`", (), None),
        ),
        (
            "[Zach](https://github.com/zexample) demo",
            ("[Zach](https://github.com/zexample) demo", (), None),
        ),
        ("Governance: next steps", ("Governance: next steps", (), None)),
        ("Q: who came to the workshop?", ("Q: who came to the workshop?", (), None)),
        ("Python 3.13 upgrade", ("Python 3.13 upgrade", (), None)),
        ("Top 10 issues", ("Top 10 issues", (), None)),
    ],
)
def test_split_speaker_tags(title: str, expected: tuple[str, tuple[str, ...], int | None]) -> None:
    assert split_speaker_tags(title) == expected


@pytest.mark.parametrize(
    ("title", "known", "expected"),
    [
        # a leading 'Name:' is a speaker only when the name is known
        (
            "ADDED LATE: erik: transition away from the help repo - quick OK to act?",
            ("Erik Sundell",),
            ("ADDED LATE: transition away from the help repo - quick OK to act?", ("erik",), None),
        ),
        (
            "Greg: PR for drawing vector layers",
            ("Greg",),
            ("PR for drawing vector layers", ("Greg",), None),
        ),
        (
            "Greg: PR for drawing vector layers",
            (),
            ("Greg: PR for drawing vector layers", (), None),
        ),
        ("Governance: next steps", ("Greg",), ("Governance: next steps", (), None)),
        # known lowercase names inside tags
        ("Release planning [min - 5 min]", ("Min",), ("Release planning", ("min",), 5)),
        # an all-caps tag is a speaker when known
        ("Budget [RFC]", ("RFC",), ("Budget", ("RFC",), None)),
    ],
)
def test_split_speaker_tags_with_known(
    title: str, known: tuple[str, ...], expected: tuple[str, tuple[str, ...], int | None]
) -> None:
    assert split_speaker_tags(title, known) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("add item here", True),
        ("Add items here", True),
        ("_Please add more items if you have them!_", True),
        ("Topic [name - time]", True),
        ("Topic [name]", True),
        ("...", True),
        ("[ ]", True),
        ("", True),
        ("Share out 1", True),
        ("Status", True),
        ("Follow-up here", True),
        ("New item", True),
        ("Release planning", False),
        ("Add a dark theme [Ana - 5 min]", False),
        ("Topics for next year's workshop", False),
        ("Status of the migration", False),
    ],
)
def test_is_template_item(text: str, expected: bool) -> None:
    assert is_template_item(text) is expected
