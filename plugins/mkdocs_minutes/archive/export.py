"""The JSON export, schema ``mkdocs-minutes/1``: everything the plugin understood.

The plugin writes it as ``site/meetings.json`` in ``on_post_build``; ``minutes export``
prints it without building. No MkDocs import. The shape is the contract's ("Export" in
CONTRACT.md), field for field; URLs are site-relative directory URLs without a leading
slash. Output is deterministic: lists follow the archive's order (meetings by date and id,
people by name, topics in registry order then discovered ones by rank, refs by repository and number) and keys keep
the contract's order, so two exports of the same notes are byte-identical.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, BinaryIO

import orjson

from ..model import Meeting
from ..text import is_github_handle
from .index import Archive

SCHEMA = "mkdocs-minutes/1"


def meeting_url(meeting_id: str, notes_dir: str = "meetings") -> str:
    """``<notes_dir>/<id>/`` (just ``<id>/`` when the notes are the whole docs folder)."""
    prefix = notes_dir.strip().strip("/")
    prefix = "" if prefix in ("", ".") else prefix + "/"
    return f"{prefix}{meeting_id}/"


def export_document(archive: Archive, *, notes_dir: str = "meetings") -> dict[str, Any]:
    """The export as a dict (see the module docstring for the order guarantees)."""
    return {
        "schema": SCHEMA,
        "meetings": [export_meeting(archive, m, notes_dir) for m in archive.meetings],
        "people": export_people(archive),
        "topics": export_topics(archive),
        "refs": export_refs(archive),
    }


def export_people(archive: Archive) -> list[dict[str, Any]]:
    """The export's ``people``."""
    return [
        {
            "id": person.id,
            "name": person.name,
            "handle": person.handle,
            "names": list(person.names),
            "url": f"people/{person.id}/",
        }
        for person in archive.people.values()
    ]


def export_topics(archive: Archive) -> list[dict[str, Any]]:
    """The export's ``topics``, each with its timeline's items."""
    return [
        {
            "id": topic.id,
            "name": topic.name,
            "url": f"topics/{topic.id}/",
            "items": [{"meeting": m, "anchor": a} for m, a in topic.items],
            "discovered": topic.discovered,
            "aliases": list(topic.aliases),
        }
        for topic in archive.topics.values()
    ]


def export_refs(archive: Archive) -> list[dict[str, Any]]:
    """The export's ``refs``, each with the meetings that mention it."""
    return [
        {
            "repo": entry.repo,
            "number": entry.number,
            "kind": entry.kind,
            "url": entry.url,
            "page": entry.page,
            "meetings": list(entry.meetings),
        }
        for entry in archive.refs.values()
    ]


def export_meeting(archive: Archive, meeting: Meeting, notes_dir: str) -> dict[str, Any]:
    """One meeting of the export: what the note says, resolved by the archive."""
    refs: dict[str, dict[str, Any]] = {}
    for ref in meeting.refs:
        if ref.key not in refs:
            entry = archive.refs[ref.key]
            refs[ref.key] = {
                "repo": entry.repo,
                "number": entry.number,
                "kind": entry.kind,
                "url": entry.url,
            }
    return {
        "id": meeting.id,
        "date": meeting.date.isoformat(),
        "title": meeting.title,
        "series": meeting.series,
        "url": meeting_url(meeting.id, notes_dir),
        "source": {"path": meeting.source_path, "line": meeting.line},
        "attendees": [
            {
                "person": archive.attendee_person(meeting, attendee),
                "name": attendee.name,
                "handle": _handle(attendee.handle),
                "affiliation": attendee.affiliation,
                "present": attendee.present,
            }
            for attendee in meeting.attendees
        ],
        "updates": [
            {
                "person": archive.update_person(meeting, update),
                "text": update.text,
                "line": update.line,
                "anchor": archive.update_anchor(meeting, update),
            }
            for update in meeting.updates
        ],
        "celebrations": [
            {
                "person": next(iter(archive.celebrated(meeting, celebration)), None),
                "text": celebration.text,
                "line": celebration.line,
            }
            for celebration in meeting.celebrations
        ],
        "items": [
            {
                "title": item.title,
                "anchor": item.anchor,
                "speakers": list(archive.people_for(meeting, item.speakers)),
                "minutes": item.minutes,
                "topics": list(archive.item_topics(meeting, item)),
                "line": item.line,
            }
            for item in meeting.items
        ],
        "actions": [
            {
                "text": action.text,
                "assignees": list(archive.people_for(meeting, action.assignees)),
                "done": action.done,
                "line": action.line,
            }
            for action in meeting.actions
        ],
        "refs": list(refs.values()),
    }


def export_json(archive: Archive, *, notes_dir: str = "meetings") -> str:
    """The export as JSON text: UTF-8 characters kept, 2-space indent, trailing newline."""
    return encode_json(export_document(archive, notes_dir=notes_dir)) + "\n"


_MEETINGS_INDENT = b"\n    "
"""A meeting's lines in the export: inside the top-level object and its ``meetings`` list."""

_MEMBER_INDENT = b"\n  "
"""A top-level member's lines in the export."""


class ExportMemo:
    """The export's parts as the last build encoded them, kept between builds of one
    process (``mkdocs serve``): each meeting's (indented as the export holds it), and
    the lists of people, topics and references. After a one-note edit most meetings are
    the same objects (``MeetingMemo``), their names resolved by the same people index,
    their topics and references as they were; the topics are the same objects too
    (``TopicMemo``). Those parts are not made and encoded again."""

    def __init__(self) -> None:
        self.parts: dict[str, tuple[tuple, bytes]] = {}
        self.lists: dict[str, tuple[object, bytes]] = {}

    def part(self, archive: Archive, meeting: Meeting, notes_dir: str) -> bytes:
        inputs = (meeting, archive.names, _meeting_topics(archive, meeting), notes_dir)
        inputs += (_meeting_refs(archive, meeting),)
        kept = self.parts.get(meeting.id)
        if kept is not None and kept[0] == inputs:
            return kept[1]
        encoded = encode_json_bytes(export_meeting(archive, meeting, notes_dir))
        indented = encoded.replace(b"\n", _MEETINGS_INDENT)
        self.parts[meeting.id] = (inputs, indented)
        return indented

    def listed(self, name: str, inputs: object, make: Callable[[], list]) -> bytes:
        """A top-level list, encoded and indented, from ``make`` unless made from equal
        inputs in the last build."""
        kept = self.lists.get(name)
        if kept is not None and kept[0] == inputs:
            return kept[1]
        encoded = encode_json_bytes(make()).replace(b"\n", _MEMBER_INDENT)
        self.lists[name] = (inputs, encoded)
        return encoded

    def forget_others(self, meeting_ids: set[str]) -> None:
        """Drop the meetings this build no longer has."""
        for meeting_id in set(self.parts) - meeting_ids:
            del self.parts[meeting_id]


def _meeting_topics(archive: Archive, meeting: Meeting) -> tuple[tuple[str, ...], ...]:
    return tuple(archive.item_topics_at(meeting, i) for i in range(len(meeting.items)))


def _meeting_refs(archive: Archive, meeting: Meeting) -> tuple[tuple[object, ...], ...]:
    """What the meeting's part says of its references: as the archive first wrote them."""
    entries = (archive.refs[key] for key in dict.fromkeys(ref.key for ref in meeting.refs))
    return tuple((e.repo, e.number, e.kind, e.url) for e in entries)


def write_export(
    archive: Archive,
    stream: BinaryIO,
    *,
    notes_dir: str = "meetings",
    memo: ExportMemo | None = None,
) -> None:
    """The bytes of :func:`export_json` (UTF-8), written into a stream (the build's file):
    orjson's bytes as they come, not decoded to text and encoded again (15 MB at 1,000
    meetings, after every edit under ``mkdocs serve``). Each part is encoded on its own
    (kept in ``memo`` for the next build) and set into the document as
    :func:`export_json` indents it, written as it is made: the document is never whole
    in memory (joined, it was the largest allocation of a cold build, 48 MB at 1,000
    meetings)."""
    keep = memo is not None
    memo = memo if memo is not None else ExportMemo()
    memo.forget_others({meeting.id for meeting in archive.meetings})
    stream.write(b"{" + _MEMBER_INDENT + b'"schema": ' + encode_json_bytes(SCHEMA))
    stream.write(b"," + _MEMBER_INDENT + b'"meetings": ')
    if archive.meetings:
        for position, meeting in enumerate(archive.meetings):
            part = memo.part(archive, meeting, notes_dir)
            if not keep:
                memo.parts.clear()  # a one-off build: each part written, then dropped
            stream.write((b"," if position else b"[") + _MEETINGS_INDENT + part)
        stream.write(_MEMBER_INDENT + b"]")
    else:
        stream.write(b"[]")
    members = [
        (b"people", lambda: memo.listed("people", archive.names, lambda: export_people(archive))),
        (
            b"topics",
            lambda: memo.listed(
                "topics", tuple(archive.topics.values()), lambda: export_topics(archive)
            ),
        ),
        (
            b"refs",
            lambda: memo.listed("refs", tuple(archive.refs.values()), lambda: export_refs(archive)),
        ),
    ]
    for key, value in members:
        stream.write(b"," + _MEMBER_INDENT + b'"' + key + b'": ' + value())
    stream.write(b"\n}\n")


def encode_json(document: object) -> str:
    """``json.dumps(document, ensure_ascii=False, indent=2)``, byte for byte, by orjson."""
    return encode_json_bytes(document).decode("utf-8")


def encode_json_bytes(document: object) -> bytes:
    """``json.dumps(document, ensure_ascii=False, indent=2)`` in UTF-8, by orjson.

    The standard library's encoder writes indented JSON in Python, not in C: three
    seconds for the 15 MB export of 1,000 meetings, on every build and after every edit
    under ``mkdocs serve``; orjson takes a twentieth of that. A value orjson does not take
    (an integer beyond 64 bits) goes through the standard library instead.
    """
    try:
        return orjson.dumps(document, option=orjson.OPT_INDENT_2)
    except (orjson.JSONEncodeError, TypeError):
        return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _handle(value: str | None) -> str | None:
    """A roll-call handle as written, without ``@``; None when it is no GitHub handle."""
    if not value:
        return None
    value = value.strip().lstrip("\\").lstrip("@")
    return value if is_github_handle(value) else None
