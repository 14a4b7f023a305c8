"""The people and topic registries: accepted shapes, and errors that name ``file:line``."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from mkdocs_minutes.archive import (
    PersonEntry,
    RegistryError,
    TopicEntry,
    load_people,
    load_topics,
)


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    """A registry file in a temp dir."""
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


PEOPLE_OK = [
    pytest.param(
        """
        - handle: minrk
          name: Min Ragan-Kelley
          aliases: [Min, Min RK]
          affiliation: Simula
        - name: Carol Willing
        """,
        (
            PersonEntry("minrk", "Min Ragan-Kelley", ("Min", "Min RK"), "Simula"),
            PersonEntry(None, "Carol Willing", (), None),
        ),
        id="list of mappings",
    ),
    pytest.param(
        """
        minrk:
          name: Min Ragan-Kelley
          aliases: Min
        "@consideRatio": Erik Sundell
        betatim:
        """,
        (
            PersonEntry("minrk", "Min Ragan-Kelley", ("Min",), None),
            PersonEntry("consideRatio", "Erik Sundell", (), None),
            PersonEntry("betatim", None, (), None),
        ),
        id="mapping keyed by handle; name as value; @ dropped; one alias as a string",
    ),
    pytest.param(
        """
        - handle: '@12345'
          name: Yes
        """,
        (PersonEntry("12345", "Yes", (), None),),
        id="scalars as written (numeric handle, name Yes)",
    ),
    pytest.param("", (), id="empty file"),
    pytest.param("# nobody yet\n", (), id="only a comment"),
]


@pytest.mark.parametrize(("text", "expected"), PEOPLE_OK)
def test_load_people(tmp_path: Path, text: str, expected: tuple[PersonEntry, ...]) -> None:
    assert load_people(write(tmp_path, "people.yml", text)) == expected


# (file text, line in the message, words in the message)
PEOPLE_ERRORS = [
    pytest.param("- handle: minrk\n  name: [Min\n", 3, "not valid YAML", id="malformed YAML"),
    pytest.param("- handle: minrk\n\t- name: x\n", 2, "not valid YAML", id="tab indent"),
    pytest.param(
        "handle: minrk\nname: Min\n", 1, "write each entry as a list item", id="no list dash"
    ),
    pytest.param("just a string\n", 1, "expected a list of people", id="scalar document"),
    pytest.param("- minrk\n", 1, "expected a mapping", id="list of strings"),
    pytest.param("- handle: minrk\n  nmae: Min\n", 2, "unknown key 'nmae'", id="unknown key"),
    pytest.param("- handle: min.rk\n", 1, "not a GitHub handle", id="handle with a dot"),
    pytest.param("- handle: -minrk\n", 1, "not a GitHub handle", id="leading hyphen"),
    pytest.param("- handle: " + "a" * 40 + "\n", 1, "not a GitHub handle", id="40 characters"),
    pytest.param("- handle: min--rk\n", 1, "not a GitHub handle", id="double hyphen"),
    pytest.param(
        "- handle: minrk\n- handle: MinRK\n", 2, "duplicate handle 'MinRK'", id="duplicate handle"
    ),
    pytest.param(
        "- name: Carol Willing\n- name: carol willing\n", 2, "duplicate name", id="duplicate name"
    ),
    pytest.param("minrk: {}\nminrk: {}\n", 2, "duplicate handle", id="duplicate key"),
    pytest.param("- handle: minrk\n  name: [a, b]\n", 2, "single value", id="name is a list"),
    pytest.param("- handle: minrk\n  aliases: {a: b}\n", 2, "list of strings", id="aliases map"),
    pytest.param("- handle: minrk\n  aliases: [Min, ~]\n", 2, "list of strings", id="null alias"),
    pytest.param("- affiliation: Simula\n", 1, "a handle or a name", id="nobody"),
    pytest.param("- handle: x\n  handle: y\n", 2, "given twice", id="repeated key"),
    pytest.param("minrk:\n  handle: betatim\n", 2, "disagrees", id="key and handle disagree"),
    pytest.param("minrk: [a]\n", 1, "as a mapping", id="value is a list"),
    pytest.param("---\n- name: a\n---\n- name: b\n", 3, "not valid YAML", id="two documents"),
]


@pytest.mark.parametrize(("text", "line", "words"), PEOPLE_ERRORS)
def test_people_errors_name_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = write(tmp_path, "people.yml", text)
    with pytest.raises(RegistryError) as caught:
        load_people(path)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert words in str(caught.value)
    assert (caught.value.path, caught.value.line) == (str(path), line)


def test_unreadable_registries(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match=r"people\.yml: cannot read"):
        load_people(tmp_path / "people.yml")
    path = write(tmp_path, "people.yml", b"- name: Ana\n- name: Jos\xe9\n")
    with pytest.raises(RegistryError, match=r"people\.yml:2: not UTF-8"):
        load_people(path)


TOPICS_OK = [
    pytest.param(
        """
        - id: federation
          name: Federation
          description: |
            Redirecting mybinder.org traffic to other hubs.
          aliases: [federated binder]
          match: [redirection, "redirect traffic"]
        - name: Communications plan
        """,
        (
            TopicEntry(
                "federation",
                "Federation",
                "Redirecting mybinder.org traffic to other hubs.",
                ("federated binder",),
                ("redirection", "redirect traffic"),
            ),
            TopicEntry("communications-plan", "Communications plan"),
        ),
        id="list; id from the name",
    ),
    pytest.param(
        """
        ovh: OVH
        discourse:
          match: [forum]
        """,
        (TopicEntry("ovh", "OVH"), TopicEntry("discourse", "Discourse", match=("forum",))),
        id="mapping keyed by id",
    ),
]


@pytest.mark.parametrize(("text", "expected"), TOPICS_OK)
def test_load_topics(tmp_path: Path, text: str, expected: tuple[TopicEntry, ...]) -> None:
    assert load_topics(write(tmp_path, "topics.yml", text)) == expected


TOPIC_ERRORS = [
    pytest.param("- id: ../etc\n", 1, "not a slug", id="escapes the folder"),
    pytest.param("- id: a/b\n", 1, "write 'ab'", id="slash"),
    pytest.param("- id: Federation\n", 1, "write 'federation'", id="capitals"),
    pytest.param("- id: communications plan\n", 1, "communications-plan", id="space"),
    pytest.param("- id: ''\n", 1, "not a slug", id="empty"),
    pytest.param("- name: '!!!'\n", 1, "cannot make an id", id="name without letters"),
    pytest.param("- id: ovh\n- name: OVH\n", 2, "duplicate topic id 'ovh'", id="duplicate"),
    pytest.param("- id: ovh\n  match: [ovh, '']\n", 2, "empty string", id="empty phrase"),
    pytest.param("- id: ovh\n  keywords: [x]\n", 2, "unknown key 'keywords'", id="unknown key"),
    pytest.param("- description: x\n", 1, "an id or a name", id="nothing to call it"),
    pytest.param("ovh: OVH\novh: again\n", 2, "duplicate id", id="duplicate key"),
]


@pytest.mark.parametrize(("text", "line", "words"), TOPIC_ERRORS)
def test_topic_errors_name_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = write(tmp_path, "topics.yml", text)
    with pytest.raises(RegistryError) as caught:
        load_topics(path)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert words in str(caught.value)
