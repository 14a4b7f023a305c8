"""The JSON export (schema ``mkdocs-minutes/1``): every key of the contract, typed, stable."""

from __future__ import annotations

import dataclasses
import io
import json
import random

import pytest

from mkdocs_minutes.archive import (
    Archive,
    ArchiveMemo,
    PersonEntry,
    TopicEntry,
    export_document,
    export_json,
    meeting_url,
)
from mkdocs_minutes.archive.export import ExportMemo, encode_json, write_export
from mkdocs_minutes.model import ActionItem, Attendee, Celebration, Mention, Update
from mkdocs_minutes.notes.folder import read_notes
from tests.conftest import CORPUS

from .test_index import build, item, meeting, notes, ref, roll, updates

NoneType = type(None)

# The contract's schema: key -> allowed types (a dict is a nested schema, a list [schema]
# a list of such objects).
REF = {"repo": str, "number": (int, str), "kind": str, "url": str}
SCHEMA = {
    "schema": str,
    "meetings": [
        {
            "id": str,
            "date": str,
            "title": str,
            "series": (str, NoneType),
            "url": str,
            "source": {"path": str, "line": int},
            "attendees": [
                {
                    "person": str,
                    "name": str,
                    "handle": (str, NoneType),
                    "affiliation": (str, NoneType),
                    "present": bool,
                }
            ],
            "updates": [{"person": (str, NoneType), "text": str, "line": int, "anchor": str}],
            "celebrations": [{"person": (str, NoneType), "text": str, "line": int}],
            "items": [
                {
                    "title": str,
                    "anchor": str,
                    "speakers": [str],
                    "minutes": (int, NoneType),
                    "topics": [str],
                    "line": int,
                }
            ],
            "actions": [{"text": str, "assignees": [str], "done": bool, "line": int}],
            "refs": [REF],
        }
    ],
    "people": [{"id": str, "name": str, "handle": (str, NoneType), "names": [str], "url": str}],
    "topics": [
        {
            "id": str,
            "name": str,
            "url": str,
            "items": [{"meeting": str, "anchor": str}],
            "discovered": bool,
            "aliases": [str],
        }
    ],
    "refs": [{**REF, "page": str, "meetings": [str]}],
}


def check(value: object, schema: object, seen: set[str], where: str = "$") -> None:
    """Assert ``value`` fits ``schema`` exactly (no missing or extra keys); record paths seen."""
    seen.add(where)
    if isinstance(schema, dict):
        assert isinstance(value, dict), where
        assert set(value) == set(schema), f"{where}: {sorted(set(value) ^ set(schema))}"
        for key, sub in schema.items():
            check(value[key], sub, seen, f"{where}.{key}")
    elif isinstance(schema, list):
        assert isinstance(value, list), where
        for element in value:
            check(element, schema[0], seen, f"{where}[]")
    else:
        types = schema if isinstance(schema, tuple) else (schema,)
        assert isinstance(value, types), f"{where}: {value!r}"
        assert bool in types or not isinstance(value, bool), f"{where}: {value!r}"


def schema_paths(schema: object, where: str = "$") -> set[str]:
    """Every path of the schema, to prove the fixture exercises all of them."""
    paths = {where}
    if isinstance(schema, dict):
        for key, sub in schema.items():
            paths |= schema_paths(sub, f"{where}.{key}")
    elif isinstance(schema, list):
        paths |= schema_paths(schema[0], f"{where}[]")
    return paths


def full_archive() -> Archive:
    """An archive that fills every list of the schema at least once."""
    march = meeting(
        "community/2019-03-21",
        path="community/2019-03-21.md",
        title="Team Meeting - March 🎉",
        attendees=(
            *roll("Tim Head / Binder / @betatim", "Min / Simula / @minrk (absent)"),
            Attendee("Sarah Gibson", line=12, handle="s.gibson"),
        ),
        updates=updates("Tim: first deploy", "Sylvain: OVH 🎉"),
        celebrations=[
            Celebration("Thanks to [@betatim](https://github.com/betatim)", 52),
            Celebration("Carol for sorting out all the issues", 53, person="Carol"),
        ],
        items=[
            item("Federation/redirection", "Tim", line=117, end_line=127, minutes=10),
            item("meeting with OVH", line=64, end_line=71),
        ],
        actions=[ActionItem("Sylvain to post a calendar invive", 44, ("Sylvain",))],
        refs=[
            ref("https://github.com/jupyterhub/mybinder.org-deploy/issues/759", 69),
            ref("https://github.com/jupyterhub/mybinder.org-deploy/issues/759", 70),
            ref("https://github.com/o/r/commit/0123456789abcdef", 120),
        ],
        mentions=[Mention("betatim", 52)],
    )
    april = meeting(
        "2019-04-18",
        attendees=roll("Min / @minrk"),
        updates=(Update("Min", "pass", 30),),
        actions=[ActionItem("done thing here now", 40, (), True)],
        refs=[ref("https://github.com/jupyterhub/mybinder.org-deploy/pull/759", 9)],
    )
    return build(
        april,
        march,
        people=[PersonEntry("minrk", "Min Ragan-Kelley", ("MinRK",))],
        topics=[
            TopicEntry("federation", "Federation", aliases=("federation/redirection",)),
            TopicEntry("ovh", "OVH"),
        ],
    )


def test_export_has_every_key_of_the_contract_with_its_type() -> None:
    document = export_document(full_archive())
    seen: set[str] = set()
    check(document, SCHEMA, seen)
    assert schema_paths(SCHEMA) - seen == set()
    assert document["schema"] == "mkdocs-minutes/1"


def test_export_values() -> None:
    document = export_document(full_archive())
    march, april = document["meetings"]
    assert march["id"] == "community/2019-03-21"
    assert march["url"] == "meetings/community/2019-03-21/"
    assert march["source"] == {"path": "community/2019-03-21.md", "line": 1}
    assert march["attendees"][1] == {
        "person": "minrk",
        "name": "Min",
        "handle": "minrk",
        "affiliation": "Simula",
        "present": False,
    }
    assert march["attendees"][2]["handle"] is None  # s.gibson is not a GitHub handle
    assert [u["person"] for u in march["updates"]] == ["betatim", "sylvain"]
    assert [u["anchor"] for u in march["updates"]] == ["update-betatim", "update-sylvain"]
    assert [c["person"] for c in march["celebrations"]] == ["betatim", None]
    assert march["items"][0] == {
        "title": "Federation/redirection",
        "anchor": "federationredirection",
        "speakers": ["betatim"],
        "minutes": 10,
        "topics": ["federation"],
        "line": 117,
    }
    assert march["actions"] == [
        {
            "text": "Sylvain to post a calendar invive",
            "assignees": ["sylvain"],
            "done": False,
            "line": 44,
        }
    ]
    # One entry per referenced object per meeting; the kind is the archive's (pull wins).
    assert march["refs"] == [
        {
            "repo": "jupyterhub/mybinder.org-deploy",
            "number": 759,
            "kind": "pull",
            "url": "https://github.com/jupyterhub/mybinder.org-deploy/pull/759",
        },
        {
            "repo": "o/r",
            "number": "0123456789abcdef",
            "kind": "commit",
            "url": "https://github.com/o/r/commit/0123456789abcdef",
        },
    ]
    assert april["series"] is None and april["url"] == "meetings/2019-04-18/"
    people = {p["id"]: p for p in document["people"]}
    assert people["minrk"] == {
        "id": "minrk",
        "name": "Min Ragan-Kelley",
        "handle": "minrk",
        "names": ["Min Ragan-Kelley", "MinRK", "Min"],
        "url": "people/minrk/",
    }
    assert people["sylvain"]["handle"] is None
    assert [p["name"] for p in document["people"]] == sorted(
        (p["name"] for p in document["people"]), key=str.casefold
    )
    assert document["topics"][0] == {
        "id": "federation",
        "name": "Federation",
        "url": "topics/federation/",
        "items": [{"meeting": "community/2019-03-21", "anchor": "federationredirection"}],
        "discovered": False,
        "aliases": ["federation/redirection"],
    }
    assert document["refs"][0]["page"] == "refs/jupyterhub/mybinder.org-deploy/759/"
    assert document["refs"][0]["meetings"] == ["community/2019-03-21", "2019-04-18"]


@pytest.mark.parametrize(
    ("notes_dir", "url"),
    [
        ("meetings", "meetings/2019-03-21/"),
        ("notes/team/", "notes/team/2019-03-21/"),
        ("/minutes", "minutes/2019-03-21/"),
        (".", "2019-03-21/"),
        ("", "2019-03-21/"),
    ],
)
def test_meeting_url_under_notes_dir(notes_dir: str, url: str) -> None:
    assert meeting_url("2019-03-21", notes_dir) == url
    document = export_document(build(meeting("2019-03-21")), notes_dir=notes_dir)
    assert document["meetings"][0]["url"] == url


def test_export_json_is_deterministic_utf8_and_round_trips() -> None:
    text = export_json(full_archive())
    assert text == export_json(full_archive())
    assert "🎉" in text and "\\u" not in text
    assert text.endswith("}\n")
    assert json.loads(text) == export_document(full_archive())


def test_streamed_export_is_the_same_text() -> None:
    """The build streams the export into a file; ``minutes export`` prints it whole."""
    stream = io.BytesIO()
    write_export(full_archive(), stream, notes_dir="notes")
    assert stream.getvalue().decode("utf-8") == export_json(full_archive(), notes_dir="notes")


def test_streamed_export_of_no_meetings() -> None:
    stream = io.BytesIO()
    archive = build()
    write_export(archive, stream)
    assert stream.getvalue().decode("utf-8") == export_json(archive)
    assert json.loads(stream.getvalue())["meetings"] == []


def test_kept_meeting_parts_follow_what_changed_around_them() -> None:
    """Under ``mkdocs serve`` each meeting's encoded part is kept for the next build; a
    change of topics, people or a reference's first spelling elsewhere must show in it."""
    memo, archive_memo = ExportMemo(), ArchiveMemo()
    meetings = full_archive().meetings
    registry = {"topics": [TopicEntry("ovh", "OVH")], "memo": archive_memo}
    march, april = meetings
    # April's note comes first in source order: its spelling of the repository is the one
    # every mention of the issue shows (march's part changes, its meeting does not).
    spelled = dataclasses.replace(
        april, refs=(ref("https://github.com/JupyterHub/mybinder.org-deploy/issues/759", 31),)
    )
    sylvain = [PersonEntry("sylvainc", "Sylvain Corlay", ("Sylvain",))]
    archives = [
        build(*meetings, memo=archive_memo),
        build(*meetings, memo=archive_memo),
        build(*meetings, **registry),
        build(march, spelled, **registry),
        build(march, spelled, people=sylvain, **registry),
        build(march, **registry),
    ]
    kept = []
    for archive in archives:
        stream = io.BytesIO()
        write_export(archive, stream, memo=memo)
        assert stream.getvalue().decode("utf-8") == export_json(archive)
        kept.append(dict(memo.parts))
    assert kept[1] == kept[0]
    assert kept[2] != kept[1]
    assert set(memo.parts) == {march.id}


@pytest.mark.parametrize(
    "document",
    [
        {"a": [], "b": {}, "c": [{}], "d": None, "e": True, "f": 1.5, "g": -0.0, "h": 10**20},
        {"text": 'é 🎉 \u2028 \x00 \x1f " \\ / <>&', "nested": [[1, [2, {"k": "v"}]]]},
        {"ünïcode kéy": ["\ud7ff", "\ue000", "\U0010ffff"], "n": 2**63 - 1, "m": -(2**63)},
    ],
    ids=["empty-and-numbers", "escapes", "unicode-and-limits"],
)
def test_encode_json_is_the_standard_librarys_text(document: object) -> None:
    """orjson writes the export; its text must be json.dumps's, byte for byte."""
    assert encode_json(document) == json.dumps(document, ensure_ascii=False, indent=2)


def test_the_export_is_the_standard_librarys_text() -> None:
    document = export_document(full_archive(), notes_dir="notes")
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    assert export_json(full_archive(), notes_dir="notes") == text


@pytest.mark.shared
@pytest.mark.parametrize("archive", ["geojupyter", "jupyter-ec"])
def test_corpus_exports_are_the_standard_librarys_text(archive: str) -> None:
    document = export_document(Archive.build(read_notes(CORPUS / archive)))
    assert encode_json(document) == json.dumps(document, ensure_ascii=False, indent=2)


def test_export_does_not_depend_on_note_order() -> None:
    archive = full_archive()
    parsed = notes(*archive.meetings)
    shuffled = parsed[:]
    random.Random(4).shuffle(shuffled)
    assert shuffled != parsed or len(parsed) < 2
    first = export_json(Archive.build(parsed, topics=[TopicEntry("ovh", "OVH")]))
    second = export_json(Archive.build(shuffled, topics=[TopicEntry("ovh", "OVH")]))
    assert first == second


def test_empty_archive_exports_empty_lists() -> None:
    assert export_document(Archive.build([])) == {
        "schema": "mkdocs-minutes/1",
        "meetings": [],
        "people": [],
        "topics": [],
        "refs": [],
    }
