"""The update-bullet grammar and the person heuristic it shares with the other grammars.

One row per author style seen in real notes (made-up content, same shapes), plus every
update bullet of the seed note.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mkdocs_minutes.notes.names import (
    clean_name,
    known_keys,
    looks_like_person,
    name_similarity,
    split_people,
    strip_handle_token,
)
from mkdocs_minutes.notes.updates import UpdateBullet, is_template_update, parse_update_bullet
from mkdocs_minutes.text import decode_note

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

# -- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("candidate", "known", "expected"),
    [
        ("Erik", (), True),
        ("Min RK", (), True),
        ("Chris H", (), True),
        ("Chris H.", (), True),
        ("Fernando Pérez", (), True),
        ("A. T. Darian", (), True),
        ("Yao-Ting Yao", (), True),
        ("Meriem Ben Ismail", (), True),
        ("Martin RENOU", (), True),
        ("O'Brien", (), True),
        ("McDonald", (), True),
        ("KW", (), True),
        ("**Erik:**", (), True),
        ("[Ana](https://example.org/ana)", (), True),
        ("@minrk", (), True),
        ("min", ("Min",), True),
        ("min", ("Min Ragan-Kelley",), True),  # first name of a known full name
        ("consideRatio", ("@consideratio",), True),
        ("Sterling", ("Sterling Example",), True),  # known beats the -ing rule
        # not people
        ("min", (), False),
        ("consideRatio", (), False),
        ("STAC browser PR", (), False),
        ("Processing toolbox refactor by Guy", (), False),
        ("Symbology overhaul", (), False),
        ("Symbology", (), False),
        ("Documentation", (), False),
        ("Note", (), False),
        ("TODO", (), False),
        ("Q", (), False),
        ("All", (), False),
        ("Everyone", (), False),
        ("We", (), False),
        ("Update", (), False),
        ("name", (), False),
        ("Your name", (), False),
        ("Draw vector features on the map", (), False),
        ("QuantStack", (), False),
        ("STAC", (), False),
        ("Going", (), False),
        ("Processing", (), False),
        ("Reviewed", (), False),
        ("Zulip", (), False),
        ("EC Election", (), False),
        ("2i2c", (), False),
        ("@org/pkg", (), False),
        ("", (), False),
    ],
)
def test_looks_like_person(candidate: str, known: tuple[str, ...], expected: bool) -> None:
    assert looks_like_person(candidate, known) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**Ana:**", "Ana"),
        ("__Ana__", "Ana"),
        ("_Ana_", "Ana"),
        ("~~Ana~~", "Ana"),
        ("[Ana](https://github.com/ana)", "Ana"),
        ("Ana:", "Ana"),
        ("Ana -", "Ana"),
        ("`Ana`", "Ana"),
        ("\\[CH\\]", "[CH]"),
        ("Ana :tada:", "Ana"),
        ("🎉 Ana", "Ana"),
        ("A. T.", "A. T."),
        ("Ana\u200b Example", "Ana Example"),
        ("Ana\u00a0Example", "Ana Example"),
    ],
)
def test_clean_name(text: str, expected: str) -> None:
    assert clean_name(text) == expected


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("Ana & Ben", ("Ana", "Ben")),
        ("**Ana, Ben**", ("Ana", "Ben")),
        ("Ana/Ben", ("Ana", "Ben")),
        ("Ana and Ben", ("Ana", "Ben")),
        ("@ana + Ben", ("ana", "Ben")),
        ("Docs & CI", None),
        ("Ana & other folks", None),
    ],
)
def test_split_people(lead: str, expected: tuple[str, ...] | None) -> None:
    assert split_people(lead) == expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("@kimd", "kimd"),
        ("`@kimd`", "kimd"),
        ("\\@kimd", "kimd"),
        ("[@kimd](https://github.com/kimd)", "kimd"),
        ("https://github.com/kimd", "kimd"),
        ("@k.doe", None),
        ("@org/pkg", None),
        ("kim@example.org", None),
        ("kimd", None),
    ],
)
def test_strip_handle_token(token: str, expected: str | None) -> None:
    assert strip_handle_token(token) == expected


@pytest.mark.parametrize(
    ("handle", "name", "expected"),
    [
        ("kimD", "Kim Doe", True),
        ("kpdavi", "Kristin Davis", True),
        ("mfisher87", "Matt Fisher", True),
        ("jdoe", "Jane Doe", True),
        ("2i2c", "Chris Holdgraf", False),
        ("batpad", "Sanjay Bhangar", False),
    ],
)
def test_name_similarity(handle: str, name: str, expected: bool) -> None:
    assert name_similarity(handle, name) is expected


def test_known_keys_hold_names_first_names_and_handles() -> None:
    keys = known_keys(["Min Ragan-Kelley", "@consideRatio", "**Erik**"])
    assert {"min ragan-kelley", "min", "consideratio", "erik"} <= keys
    assert known_keys(keys) is keys


# -- update bullets -----------------------------------------------------------------------

U = UpdateBullet


@pytest.mark.parametrize(
    ("text", "has_children", "expected"),
    [
        # the seed note, in order
        ("name: update or pass", False, U("template")),
        (
            "Patricia: pass as update will come in the agenda ",
            False,
            U("update", ("Patricia",), "pass as update will come in the agenda"),
        ),
        (
            "Erik: update, lab coms, some oauthenticator stuff",
            False,
            U("update", ("Erik",), "update, lab coms, some oauthenticator stuff"),
        ),
        (
            "Lindsey: went to the google HPC day yesterday, made some notes "
            "[here](https://hackmd.io/s/SksCSxeOE)",
            False,
            U(
                "update",
                ("Lindsey",),
                "went to the google HPC day yesterday, made some notes "
                "[here](https://hackmd.io/s/SksCSxeOE)",
            ),
        ),
        (
            "Joe: Pangeo-binder is now current with mybinder.org",
            False,
            U("update", ("Joe",), "Pangeo-binder is now current with mybinder.org"),
        ),
        (
            "Tim: first mybinder.org deploy since forever!",
            False,
            U("update", ("Tim",), "first mybinder.org deploy since forever!"),
        ),
        (
            "Chris: nbinteract + jupyterbook, discourse updates and new top-level channels: "
            "JupyterLab, Enterprise Gateway, Q & A ",
            False,
            U(
                "update",
                ("Chris",),
                "nbinteract + jupyterbook, discourse updates and new "
                "top-level channels: JupyterLab, Enterprise Gateway, Q & A",
            ),
        ),
        (
            "Sylvain: OVH deployment - put together a binder instance. Asking for feedback",
            True,
            U(
                "update",
                ("Sylvain",),
                "OVH deployment - put together a binder instance. Asking for feedback",
            ),
        ),
        # author styles
        ("**Ana:** shipped the release", False, U("update", ("Ana",), "shipped the release")),
        ("**Ana**: shipped the release", False, U("update", ("Ana",), "shipped the release")),
        ("**Ana** shipped the release", False, U("update", ("Ana",), "shipped the release")),
        ("__Ana:__ shipped the release", False, U("update", ("Ana",), "shipped the release")),
        ("[name=Ana] shipped the release", False, U("update", ("Ana",), "shipped the release")),
        ("shipped the release [name=Ana]", False, U("update", ("Ana",), "shipped the release")),
        ("shipped the release [name=anaex]", False, U("update", ("anaex",), "shipped the release")),
        ("Ana - shipped the release", False, U("update", ("Ana",), "shipped the release")),
        ("Ana – shipped the release", False, U("update", ("Ana",), "shipped the release")),
        ("KW: reviewed three PRs", False, U("update", ("KW",), "reviewed three PRs")),
        ("\\[CH\\] reviewed three PRs", False, U("update", ("CH",), "reviewed three PRs")),
        ("[CH] reviewed three PRs", False, U("update", ("CH",), "reviewed three PRs")),
        ("[Jason] focus on contributors", False, U("update", ("Jason",), "focus on contributors")),
        ("@anaex: released 1.0", False, U("update", ("anaex",), "released 1.0")),
        ("Min RK: released 1.0", False, U("update", ("Min RK",), "released 1.0")),
        ("Fernando Pérez: pass", False, U("update", ("Fernando Pérez",), "pass")),
        ("Ana: pass", False, U("update", ("Ana",), "pass")),
        (
            "Ana: meeting at 9:30 went fine",
            False,
            U("update", ("Ana",), "meeting at 9:30 went fine"),
        ),
        # two people
        ("Ana & Ben: paired on the docs", False, U("update", ("Ana", "Ben"), "paired on the docs")),
        (
            "**Ana, Ben** paired on the docs",
            False,
            U("update", ("Ana", "Ben"), "paired on the docs"),
        ),
        ("Ana/Ben: paired on the docs", False, U("update", ("Ana", "Ben"), "paired on the docs")),
        (
            "Ana and Ben: paired on the docs",
            False,
            U("update", ("Ana", "Ben"), "paired on the docs"),
        ),
        (
            'Matt & Arjun: "Save as..." https://github.com/o/r/issues/582',
            False,
            U("update", ("Matt", "Arjun"), '"Save as..." https://github.com/o/r/issues/582'),
        ),
        # name-only bullet: the update is in the sub-bullets
        ("Erik", True, U("update", ("Erik",), "")),
        ("**Erik**", True, U("update", ("Erik",), "")),
        ("Erik:", True, U("update", ("Erik",), "")),
        # ...and without sub-bullets it is an unfilled slot
        ("Erik:", False, U("template", ("Erik",), "")),
        # templates
        ("add item here", False, U("template")),
        ("Your name: ...", False, U("template")),
        ("Name: update", False, U("template")),
        ("**name:** update or pass", False, U("template")),
        ("[name=name] update", False, U("template")),
        ("...", False, U("template")),
        ("Status", False, U("template")),
        ("Share out 1", False, U("template")),
        ("", False, U("template")),
        # topics, not people
        ("STAC browser PR", True, U("topic", (), "STAC browser PR")),
        (
            "Processing toolbox refactor by Guy",
            True,
            U("topic", (), "Processing toolbox refactor by Guy"),
        ),
        ("Symbology overhaul:", True, U("topic", (), "")),
        ("Draw vector features on the map:", True, U("topic", (), "")),
        ("QuantLab: discussing the ESA call", False, U("topic", (), "discussing the ESA call")),
        (
            "GIS Bounce: want to demo it next week",
            False,
            U("topic", (), "want to demo it next week"),
        ),
        ("STAC - haven't started yet", False, U("topic", (), "STAC - haven't started yet")),
        ("**A widget for viewing many data objects on a map**:", True, U("topic", (), "")),
        (
            "TODO: docs on schema -> TS/Py types generation",
            False,
            U("topic", (), "docs on schema -> TS/Py types generation"),
        ),
        # no author
        ("Reviewed project board", False, U("unattributed", (), "Reviewed project board")),
        ("Greg storymaps", False, U("unattributed", (), "Greg storymaps")),
        ("pass", False, U("unattributed", (), "pass")),
        (
            "https://github.com/o/r/issues/846 - Why is it pinned <4?",
            False,
            U("unattributed", (), "https://github.com/o/r/issues/846 - Why is it pinned <4?"),
        ),
    ],
)
def test_update_bullet(text: str, has_children: bool, expected: UpdateBullet) -> None:
    assert parse_update_bullet(text, has_children=has_children) == expected


@pytest.mark.parametrize(
    ("text", "known", "expected"),
    [
        # lowercase first names and handles count when the roll call knows them
        ("min: stuff", ("Min Ragan-Kelley",), U("update", ("min",), "stuff")),
        ("min: stuff", (), U("topic", (), "stuff")),
        (
            "consideRatio: z2jh release",
            ("@consideratio",),
            U("update", ("consideRatio",), "z2jh release"),
        ),
        ("erik & min: paired", ("Erik", "Min"), U("update", ("erik", "min"), "paired")),
    ],
)
def test_update_bullet_with_known(
    text: str, known: tuple[str, ...], expected: UpdateBullet
) -> None:
    assert parse_update_bullet(text, known=known) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: update or pass", True),
        ("add item here", True),
        ("Your name: ...", True),
        ("...", True),
        ("Ana: pass", False),
        ("Shipped the docs", False),
    ],
)
def test_is_template_update(text: str, expected: bool) -> None:
    assert is_template_update(text) is expected


@pytest.mark.shared
def test_corpus_status_bullets_by_person_are_attributed() -> None:
    """Every real ``Name: ...`` status bullet whose name signed a roll call is an update."""
    signed: set[str] = set()
    bullets: list[str] = []
    for path in sorted((CORPUS / "geojupyter" / "meeting-notes").glob("*/index.md")):
        kind = ""
        for line in decode_note(path.read_bytes()).text.splitlines():
            if line.startswith("#"):
                lowered = line.lower()
                kind = (
                    "rollcall"
                    if "attendees" in lowered or "sign in" in lowered
                    else "status"
                    if "status report" in lowered or "share out" in lowered
                    else ""
                )
                continue
            if not line.startswith(("* ", "- ")):
                continue
            if kind == "rollcall":
                signed.update(word.lower() for word in line[2:].split("/")[0].split()[:1])
            elif kind == "status":
                bullets.append(line[2:].strip())
    by_person = [
        bullet
        for bullet in bullets
        if (lead := re.match(r"^([A-Z][a-z]+)(?: & [A-Z][a-z]+)?:", bullet))
        and lead.group(1).lower() in signed
    ]
    assert len(by_person) >= 30
    for bullet in by_person:
        parsed = parse_update_bullet(bullet, has_children=True)
        assert parsed.kind == "update", bullet
        assert parsed.authors[0] == bullet.split(":")[0].split(" & ")[0], bullet
