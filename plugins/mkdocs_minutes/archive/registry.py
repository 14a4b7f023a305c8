"""The optional registries: ``people.yml`` (who is who) and ``topics.yml`` (what we discuss).

Read by the plugin in ``on_config`` and by the commands before the archive index is built;
no MkDocs import. MkDocs swallows YAML errors into vague messages, so the files are
*composed* by hand here (PyYAML node tree) to keep line numbers: every problem is a
:class:`RegistryError` whose message starts ``people.yml:12:`` and says what to write instead.

Both files are a YAML list of mappings, or a mapping keyed by handle (people) or id
(topics) whose values are mappings, a bare name string, or empty::

    - handle: minrk
      name: Min Ragan-Kelley
      aliases: [Min, Min RK]
      affiliation: Simula

    federation:
      name: Federation
      match: [redirection, "federated binderhub"]
      merge: [federated-binderhub]   # discovered topics folded into this one
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..text import ascii_slug, is_github_handle

_NULL_TAG = "tag:yaml.org,2002:null"
_PEOPLE_KEYS = ("handle", "name", "aliases", "affiliation")
_TOPIC_KEYS = ("id", "name", "description", "aliases", "match", "merge")


@dataclass(frozen=True)
class PersonEntry:
    """One person as the registry describes them; seeds the index's person for that handle."""

    handle: str | None
    """GitHub handle without ``@``, case as written; None for someone without one."""
    name: str | None
    """The name pages show, overriding the fullest name seen in notes."""
    aliases: tuple[str, ...] = ()
    """Other spellings notes use for this person (first names, nicknames, initials)."""
    affiliation: str | None = None


@dataclass(frozen=True)
class TopicEntry:
    """One topic: the agenda items whose title or body match its phrases form its timeline."""

    id: str
    """A slug (``communications-plan``): the topic's folder under ``topics/``."""
    name: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    """Other names of the topic; shown and matched like the name."""
    match: tuple[str, ...] = ()
    """Extra phrases that put an item in the topic (matched as whole words)."""
    merge: tuple[str, ...] = ()
    """Ids of discovered topics folded into this one (their items join its timeline)."""


class RegistryError(Exception):
    """A registry file that cannot be used; the message names the file and, when known, the line.

    Raised instead of guessing, because a silently ignored registry entry shows up much
    later as a person split in two or a topic with no items.
    """

    def __init__(self, path: Path | str, line: int | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {problem}")


def load_people(path: Path) -> tuple[PersonEntry, ...]:
    """Read a people registry; raise :class:`RegistryError` naming ``file:line`` on any problem."""
    root = _compose(path)
    entries: list[PersonEntry] = []
    seen: dict[str, int] = {}
    for key_node, node in _entries(
        path, root, what="people", key_field="handle", fields=_PEOPLE_KEYS
    ):
        fields = _fields(path, node, _PEOPLE_KEYS, key_node, key_field="handle")
        handle_node = fields.get("handle")
        handle = _string(path, handle_node, "handle")
        if handle is not None:
            handle = handle.strip()
            handle = handle[1:] if handle.startswith("@") else handle
            if not is_github_handle(handle):
                raise RegistryError(
                    path,
                    _line(handle_node),
                    f"handle {handle!r} is not a GitHub handle (letters, digits and single "
                    "hyphens, at most 39 characters); leave it out for someone without one",
                )
        name = _string(path, fields.get("name"), "name")
        name = name.strip() if name else None
        aliases = _strings(path, fields.get("aliases"), "aliases")
        affiliation = _string(path, fields.get("affiliation"), "affiliation")
        if handle is None and not name:
            raise RegistryError(path, _line(node), "a person needs a handle or a name")
        identity = handle.lower() if handle else "name:" + ascii_slug(name or "")
        if identity in seen:
            label = f"handle {handle!r}" if handle else f"name {name!r} (no handle)"
            raise RegistryError(
                path,
                _line(handle_node or fields.get("name") or node),
                f"duplicate {label}, first given on line {seen[identity]}; merge the two entries",
            )
        seen[identity] = _line(handle_node or fields.get("name") or node) or 0
        entries.append(
            PersonEntry(
                handle=handle,
                name=name,
                aliases=aliases,
                affiliation=affiliation.strip() if affiliation else None,
            )
        )
    return tuple(entries)


def load_topics(path: Path) -> tuple[TopicEntry, ...]:
    """Read a topic registry; raise :class:`RegistryError` naming ``file:line`` on any problem."""
    root = _compose(path)
    entries: list[TopicEntry] = []
    seen: dict[str, int] = {}
    for key_node, node in _entries(path, root, what="topics", key_field="id", fields=_TOPIC_KEYS):
        fields = _fields(path, node, _TOPIC_KEYS, key_node, key_field="id")
        id_node = fields.get("id")
        topic_id = _string(path, id_node, "id")
        name = _string(path, fields.get("name"), "name")
        name = name.strip() if name else None
        if topic_id is None:
            if not name:
                raise RegistryError(path, _line(node), "a topic needs an id or a name")
            topic_id = ascii_slug(name, fallback="")
            if not topic_id:
                raise RegistryError(
                    path, _line(fields["name"]), f"cannot make an id from {name!r}; add an id"
                )
        elif not topic_id or topic_id != ascii_slug(topic_id, fallback=""):
            suggestion = ascii_slug(topic_id, fallback="")
            hint = f"; write {suggestion!r}" if suggestion else ""
            raise RegistryError(
                path,
                _line(id_node),
                f"topic id {topic_id!r} is not a slug (lowercase letters, digits, hyphens){hint}",
            )
        if topic_id in seen:
            raise RegistryError(
                path,
                _line(id_node or fields.get("name") or node),
                f"duplicate topic id {topic_id!r}, first given on line {seen[topic_id]}",
            )
        seen[topic_id] = _line(id_node or fields.get("name") or node) or 0
        description = _string(path, fields.get("description"), "description") or ""
        entries.append(
            TopicEntry(
                id=topic_id,
                name=name or topic_id.replace("-", " ").capitalize(),
                description=description.strip(),
                aliases=_strings(path, fields.get("aliases"), "aliases"),
                match=_strings(path, fields.get("match"), "match"),
                merge=_strings(path, fields.get("merge"), "merge"),
            )
        )
    return tuple(entries)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader where PyYAML has it (the same nodes and line marks, a tenth of the
time: registries are read at every rebuild of ``mkdocs serve``)."""


def _compose(path: Path) -> Node | None:
    """The file's YAML node tree (line numbers kept), or a RegistryError naming the line."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise RegistryError(path, None, f"cannot read the file: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RegistryError(path, line, "not UTF-8; save the file as UTF-8") from exc
    try:
        return yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise RegistryError(
            path, mark.line + 1 if mark else None, f"not valid YAML: {problem}"
        ) from exc
    except yaml.YAMLError as exc:
        raise RegistryError(path, None, f"not valid YAML: {exc}") from exc


def _entries(
    path: Path, root: Node | None, *, what: str, key_field: str, fields: tuple[str, ...]
) -> Iterator[tuple[ScalarNode | None, Node]]:
    """(key node or None, entry node) for a list of entries or a mapping keyed by id/handle."""
    if root is None or (isinstance(root, ScalarNode) and root.tag == _NULL_TAG):
        return
    if isinstance(root, SequenceNode):
        for node in root.value:
            yield None, node
        return
    if isinstance(root, MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in root.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _NULL_TAG:
                raise RegistryError(path, _line(key_node), f"expected a {key_field} as the key")
            if key_node.value in fields and not isinstance(value_node, MappingNode):
                # ``handle: minrk`` at the top: one entry written without its list dash.
                raise RegistryError(
                    path,
                    _line(key_node),
                    f"{key_node.value!r} is a field name here; write each entry as a list "
                    f"item (`- {key_field}: ...`)",
                )
            if key_node.value in seen:
                raise RegistryError(
                    path,
                    _line(key_node),
                    f"duplicate {key_field} {key_node.value!r}, first given on line "
                    f"{seen[key_node.value]}",
                )
            seen[key_node.value] = _line(key_node) or 0
            yield key_node, value_node
        return
    raise RegistryError(
        path, _line(root), f"expected a list of {what} (or a mapping keyed by {key_field})"
    )


def _fields(
    path: Path,
    node: Node,
    allowed: tuple[str, ...],
    key_node: ScalarNode | None,
    *,
    key_field: str,
) -> dict[str, Node]:
    """The entry's fields by name; unknown or repeated keys are errors."""
    fields: dict[str, Node] = {}
    if key_node is not None:
        if isinstance(node, ScalarNode):
            # ``minrk: Min Ragan-Kelley`` or ``minrk:`` - a name, or nothing more.
            if node.tag != _NULL_TAG:
                fields["name"] = node
            return {key_field: key_node, **fields}
        if not isinstance(node, MappingNode):
            raise RegistryError(
                path, _line(node), f"expected the fields of {key_node.value!r} as a mapping"
            )
    elif not isinstance(node, MappingNode):
        raise RegistryError(path, _line(node), f"expected a mapping with keys {', '.join(allowed)}")
    for field_key, value in node.value:
        name = field_key.value if isinstance(field_key, ScalarNode) else None
        if name not in allowed:
            raise RegistryError(
                path,
                _line(field_key),
                f"unknown key {name!r}; the keys are {', '.join(allowed)}",
            )
        if name in fields:
            raise RegistryError(path, _line(field_key), f"key {name!r} given twice")
        fields[name] = value
    if key_node is not None:
        given = fields.get(key_field)
        if given is not None:
            inner = _string(path, given, key_field) or ""
            if inner.lstrip("@").lower() != key_node.value.lstrip("@").lower():
                raise RegistryError(
                    path,
                    _line(given),
                    f"{key_field} {inner!r} disagrees with the key {key_node.value!r}",
                )
        fields[key_field] = key_node
    return fields


def _string(path: Path, node: Node | None, key: str) -> str | None:
    """A scalar's text as written (``name: Yes`` stays ``"Yes"``); null is None."""
    if node is None or (isinstance(node, ScalarNode) and node.tag == _NULL_TAG):
        return None
    if not isinstance(node, ScalarNode):
        raise RegistryError(
            path, _line(node), f"{key} must be a single value, not a list or mapping"
        )
    return str(node.value)


def _strings(path: Path, node: Node | None, key: str) -> tuple[str, ...]:
    """A list of non-empty strings; a single string is a list of one."""
    if node is None or (isinstance(node, ScalarNode) and node.tag == _NULL_TAG):
        return ()
    items = node.value if isinstance(node, SequenceNode) else [node]
    if isinstance(node, MappingNode):
        raise RegistryError(path, _line(node), f"{key} must be a list of strings")
    values: list[str] = []
    for item in items:
        if not isinstance(item, ScalarNode) or item.tag == _NULL_TAG:
            raise RegistryError(path, _line(item), f"{key} must be a list of strings")
        value = str(item.value).strip()
        if not value:
            raise RegistryError(path, _line(item), f"empty string in {key}")
        if value not in values:
            values.append(value)
    return tuple(values)


def _line(node: Node | None) -> int | None:
    """1-based line of a node."""
    return node.start_mark.line + 1 if node is not None and node.start_mark else None
