"""The archive index: people, topics, references and actions across meetings; the export.

The core's second stage, after the note parser: it reads parsed notes
(:class:`~mkdocs_minutes.model.ParsedNote`) and answers the questions no single note can
("who is Erik", "every time we discussed federation", "which meetings cite #759"). The
plugin builds it in ``on_files`` and the commands build it directly; no MkDocs import.
"""

from __future__ import annotations

from .export import SCHEMA, export_document, export_json, meeting_url
from .index import (
    ActionEntry,
    Archive,
    ArchiveMemo,
    PersonHistory,
    RefIndexEntry,
    RefMention,
    safe_meeting_id,
)
from .people import RESERVED_IDS, Person
from .registry import PersonEntry, RegistryError, TopicEntry, load_people, load_topics
from .topics import Topic

__all__ = [
    "RESERVED_IDS",
    "SCHEMA",
    "ActionEntry",
    "Archive",
    "ArchiveMemo",
    "Person",
    "PersonEntry",
    "PersonHistory",
    "RefIndexEntry",
    "RefMention",
    "RegistryError",
    "Topic",
    "TopicEntry",
    "export_document",
    "export_json",
    "load_people",
    "load_topics",
    "meeting_url",
    "safe_meeting_id",
]
