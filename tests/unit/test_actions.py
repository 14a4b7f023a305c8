"""Action items: markers, owners and done-ness, one row per shape seen in real notes."""

from __future__ import annotations

import pytest

from mkdocs_minutes.notes.actions import ActionMatch, parse_action

A = ActionMatch


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the seed note: arrows at the start of a line, owner-first prose
        (
            "-> let's see how things change by changing to discourse and then later think about "
            "also updating gitter",
            A(
                "let's see how things change by changing to discourse and then later think about "
                "also updating gitter",
                (),
                False,
            ),
        ),
        (
            "-> make sure to highlight other deployments",
            A("make sure to highlight other deployments", (), False),
        ),
        (
            "-> make the loading page template-able to give exposure to BinderHub hosters",
            A(
                "make the loading page template-able to give exposure to BinderHub hosters",
                (),
                False,
            ),
        ),
        (
            "Sylvain to post a calendar invive on the GH issues so anyone can join the call",
            A(
                "Sylvain to post a calendar invive on the GH issues so anyone can join the call",
                ("Sylvain",),
                False,
            ),
        ),
        # seed lines that are not actions
        ("how to use a public BinderHub (~30 ppl)", None),
        ("we should provide a good way for all public hubs to stay in-sync", None),
        ("Zach has looked but not found a tool to help with moderation", None),
        ("Tim is happy to show a binder demo (if you record it for me!)", None),
        (
            "Thanks to [@kannes](https://github.com/kannes) for helping improve the instructions",
            None,
        ),
        # checkboxes
        (
            "[ ] Matt: Establish a way to redirect folks",
            A("Establish a way to redirect folks", ("Matt",), False),
        ),
        ("[x] ~~Matt: Create shared drive~~", A("Create shared drive", ("Matt",), True)),
        ("[X] Matt: Create shared drive", A("Create shared drive", ("Matt",), True)),
        ("~~Matt: Create shared drive~~", None),  # struck through alone is not a marker
        (
            "[ ] All: Please read the announcement blog post",
            A("All: Please read the announcement blog post", (), False),
        ),
        (
            "[ ] Benny & Esha: Implement the dropdown",
            A("Implement the dropdown", ("Benny", "Esha"), False),
        ),
        ("[ ] Martin & other Acme folks: Talk with Ian!", A("Talk with Ian!", ("Martin",), False)),
        (
            "[ ] Can computations be deferred to read-time?",
            A("Can computations be deferred to read-time?", (), False),
        ),
        ("[ ]", None),
        ("[ ] ...", None),
        # written markers
        ("TODO: Open an issue!", A("Open an issue!", (), False)),
        ("TODO Open an issue", A("Open an issue", (), False)),
        ("**TODO:** Open an issue", A("Open an issue", (), False)),
        ("todo: open an issue", A("open an issue", (), False)),
        (
            "TODO (Matt): Save the workshop under the workshops site!",
            A("Save the workshop under the workshops site!", ("Matt",), False),
        ),
        (
            "Matt: TODO - Review https://github.com/o/r/pull/880",
            A("Review https://github.com/o/r/pull/880", ("Matt",), False),
        ),
        (
            "Added a tooltip but haven't opened a PR yet (TODO: Benny).",
            A("Added a tooltip but haven't opened a PR yet.", ("Benny",), False),
        ),
        ("Help text for the panel (TODO)", A("Help text for the panel", (), False)),
        (
            ":white_check_mark: TODO: Open an issue in the repository",
            A("Open an issue in the repository", (), True),
        ),
        ("Action: Ana to write the post", A("Ana to write the post", ("Ana",), False)),
        ("ACTION ITEM: update the docs", A("update the docs", (), False)),
        (
            "Action Item: The office will compile the proposals",
            A("The office will compile the proposals", (), False),
        ),
        ("Action items: Ben to email the list", A("Ben to email the list", ("Ben",), False)),
        ("AI: Ben to email the list", A("Ben to email the list", ("Ben",), False)),
        ("=> do X before the release", A("do X before the release", (), False)),
        ("→ ship it", A("ship it", (), False)),
        # arrows mid-line mean "becomes"
        ("Xarray computation -> band expression translator", None),
        ("WebGlLayer -> rename GeoTiffLayer", None),
        (
            "TODO: Form property `syncData` -> `submitCallback`?",
            A("Form property `syncData` -> `submitCallback`?", (), False),
        ),
        # owner-first prose
        (
            "Min to follow up with the hosting providers",
            A("Min to follow up with the hosting providers", ("Min",), False),
        ),
        ("@minrk to release 5.0", A("@minrk to release 5.0", ("minrk",), False)),
        ("Ana & Ben to write the docs", A("Ana & Ben to write the docs", ("Ana", "Ben"), False)),
        ("Martin and Matt to chat!", A("Martin and Matt to chat!", ("Martin", "Matt"), False)),
        (
            "Matt to review [the PR](https://github.com/o/r/pull/709)",
            A("Matt to review [the PR](https://github.com/o/r/pull/709)", ("Matt",), False),
        ),
        ("**COMPLETED** Min to follow up with X", A("Min to follow up with X", ("Min",), True)),
        ("Min to follow up with X (done)", A("Min to follow up with X", ("Min",), True)),
        # not owner-first
        ("we need to decide on the release date", None),
        ("Going to try to make progress today", None),
        ("Switch to pnpm:", None),
        ("Welcome to the team", None),
        ("Back to the drawing board", None),
        ("Reviewed todo items regarding the transfer of assets", None),
        ("Due to the holidays we skip a week", None),
        ("Ana went to the conference", None),
        ("Min to the rescue", None),
        # sentence-initial verbs and nouns before 'to' are not owners (seen in real notes)
        ("Empower people to participate and make decisions!", None),
        ("Export to shapefile?", None),
        ("Better to create a new widget and replace.", None),
        ("Have to read data to merge datasets first", None),
        ("Moving to symbology next", None),
        ("Backend to run search queries for each tile", None),
        ("Simplify to one branch per PR?", None),
        ("Communicate to community about public minutes", None),
        ("Leverage the office to help with the call", None),
        ("Wants to lazily do the deferred computation", None),
        # an owner prefix without a marker is a status line, not an action
        ("Arjun: Bugfix to vector tile layers", None),
        ("Martin: Asked Nakul to start looking into expressions", None),
        ("We found a bug (TODO: Link docs!)", A("We found a bug", (), False)),
        (
            "PMO to provide the job description",
            A("PMO to provide the job description", ("PMO",), False),
        ),
    ],
)
def test_parse_action(text: str, expected: ActionMatch | None) -> None:
    assert parse_action(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # in an 'Action items' / 'Decisions made' / 'Next actions' section every bullet counts
        (
            "Matt: Send info about the notes setup to Martin",
            A("Send info about the notes setup to Martin", ("Matt",), False),
        ),
        ("Write the release notes", A("Write the release notes", (), False)),
        ("Write the release notes [name=Ana]", A("Write the release notes", ("Ana",), False)),
        ("Write the release notes (Ana, Ben)", A("Write the release notes", ("Ana", "Ben"), False)),
        (
            "Write the release notes (see the wiki)",
            A("Write the release notes (see the wiki)", (), False),
        ),
        ("~~Matt: Create shared drive~~", A("Create shared drive", ("Matt",), True)),
        ("Write the release notes **COMPLETED**", A("Write the release notes", (), True)),
        ("Write the release notes (done)", A("Write the release notes", (), True)),
        ("Everyone: fill in the survey", A("Everyone: fill in the survey", (), False)),
        ("All: fill in the survey", A("All: fill in the survey", (), False)),
        # template residue is never an action
        ("[ ]", None),
        ("...", None),
        ("add item here", None),
        ("Follow-up here", None),
        ("", None),
    ],
)
def test_parse_action_in_action_section(text: str, expected: ActionMatch | None) -> None:
    assert parse_action(text, in_action_section=True) == expected


@pytest.mark.parametrize(
    ("text", "known", "expected"),
    [
        # a name right after a marker is an owner only when it is known
        ("TODO: Matt close issue", ("Matt Fisher",), A("Matt close issue", ("Matt",), False)),
        ("TODO: Matt close issue", (), A("Matt close issue", (), False)),
        ("TODO: Form property cleanup", ("Matt",), A("Form property cleanup", (), False)),
        # lowercase owners need to be known
        ("min to follow up", ("Min",), A("min to follow up", ("min",), False)),
        ("min to follow up", (), None),
        (
            "[ ] consideRatio: cut the release",
            ("@consideratio",),
            A("cut the release", ("consideRatio",), False),
        ),
    ],
)
def test_parse_action_with_known(
    text: str, known: tuple[str, ...], expected: ActionMatch | None
) -> None:
    assert parse_action(text, known=known) == expected
