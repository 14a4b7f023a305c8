"""The severity table of the contract, in one place.

Each finding code maps to the level ``minutes check`` reports and the level the build logs
(a build WARNING fails ``mkdocs build --strict``). Parser, index and plugin only ever
create :class:`~mkdocs_minutes.model.Finding` objects with a code from this table; the
presenters (the plugin's logger, the ``check`` command) look the levels up here.
"""

from __future__ import annotations

import logging

from .model import Finding, Level

#: code -> (level in ``minutes check``, logging level in the build)
SEVERITY: dict[str, tuple[Level, int]] = {
    "front-matter-invalid": ("error", logging.WARNING),
    "empty-note": ("error", logging.WARNING),
    "no-date": ("error", logging.WARNING),
    "dead-link": ("error", logging.WARNING),
    "lost-text": ("error", logging.WARNING),
    "not-utf8": ("warning", logging.WARNING),
    "date-conflict": ("warning", logging.WARNING),
    "duplicate-meeting-files": ("warning", logging.WARNING),
    "duplicate-meeting-archive": ("info", logging.INFO),
    "ambiguous-name": ("warning", logging.WARNING),
    "mojibake-repaired": ("warning", logging.INFO),
    "template-placeholder": ("warning", logging.INFO),
    "passcode-redacted": ("warning", logging.INFO),
    "unplaced-rollcall": ("warning", logging.INFO),
    "unplaced-update": ("warning", logging.INFO),
    "unreadable-date": ("warning", logging.INFO),
    "multi-date-heading": ("info", logging.INFO),
    "not-a-meeting": ("info", logging.INFO),
    "unknown-person": ("info", logging.DEBUG),
    "unknown-handle": ("info", logging.DEBUG),
    "recurring-title": ("info", logging.DEBUG),
}


def check_level(finding: Finding) -> Level:
    """The level ``minutes check`` prints for a finding."""
    return SEVERITY.get(finding.code, ("warning", logging.WARNING))[0]


def log_level(finding: Finding) -> int:
    """The logging level the build uses for a finding."""
    return SEVERITY.get(finding.code, ("warning", logging.WARNING))[1]


def format_finding(finding: Finding, prefix: str = "") -> str:
    """``path:line: message``, the shape every log line and check line starts with."""
    return f"{prefix}{finding.path}:{finding.line}: {finding.message}"
