"""Redaction of meeting secrets: passcode links, passcode lines, calendar ids."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from mkdocs_minutes.redact import REDACTED, redact

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"

# (line as written, line as published)
REDACTED_LINES = [
    (
        "- [Join us on Zoom](https://berkeley.zoom.us/j/99659397059?pwd=519zZJlcAa1TCyJWRYyYbaYDfuaXNo.1)",
        "- [Join us on Zoom](https://berkeley.zoom.us/j/99659397059?pwd=[redacted])",
    ),
    (
        "join if you want :smile: https://numfocus-org.zoom.us/j/83234473026?pwd=mgM3uAuru1AE1aFPlRjW2dAAAyo8IY.1)",
        "join if you want :smile: https://numfocus-org.zoom.us/j/83234473026?pwd=[redacted])",
    ),
    (
        "Zoom: https://zoom.us/j/123?pwd=abc&uname=x#success",
        "Zoom: https://zoom.us/j/123?pwd=[redacted]&uname=x#success",
    ),
    (
        "<https://us02web.zoom.us/j/123?from=addon&pwd=QWxhZGRpbjpvcGVu>",
        "<https://us02web.zoom.us/j/123?from=addon&pwd=[redacted]>",
    ),
    (
        "https://x.webex.com/meet/j.php?MTID=m1&PWD=Secret9",
        "https://x.webex.com/meet/j.php?MTID=m1&PWD=[redacted]",
    ),
    ("Passcode: 123456", "Passcode: [redacted]"),
    ("Password: abc", "Password: [redacted]"),
    ("Meeting password - x", "Meeting password - [redacted]"),
    ("**Passcode:** 884422 (dial-in only)", "**Passcode:** [redacted] (dial-in only)"),
    ("- **Meeting Password**: `s3cr3t`", "- **Meeting Password**: [redacted]"),
    ("Zoom passcode = 4411", "Zoom passcode = [redacted]"),
    ("the passcode is 4411.", "the passcode is [redacted]."),
    (
        "Link: https://zoom.us/j/1 (Passcode: 998877)",
        "Link: https://zoom.us/j/1 (Passcode: [redacted])",
    ),
    ("| Zoom | Passcode: 1234 |", "| Zoom | Passcode: [redacted] |"),
    ("pass code: hello", "pass code: [redacted]"),
    (
        "[calendar](https://calendar.google.com/calendar/event?eid=NWJlM2k0ZnQ&ctz=Europe/Zurich)",
        "[calendar](https://calendar.google.com/calendar/event?eid=[redacted]&ctz=Europe/Zurich)",
    ),
    (
        "https://calendar.google.com/calendar/u/0?cid=Y19hYmNAZ3JvdXAuY2FsZW5kYXIuZ29vZ2xlLmNvbQ",
        "https://calendar.google.com/calendar/u/0?cid=[redacted]",
    ),
    (
        "https://www.google.com/calendar/event?action=TEMPLATE&tmeid=x&eid=abc123",
        "https://www.google.com/calendar/event?action=TEMPLATE&tmeid=x&eid=[redacted]",
    ),
]


@pytest.mark.parametrize(
    ("line", "published"), REDACTED_LINES, ids=[r[0][:50] for r in REDACTED_LINES]
)
def test_redacts(line: str, published: str) -> None:
    assert redact(line) == (published, (1,))
    assert redact(published) == (published, ())  # idempotent


KEPT_LINES = [
    "password reset flow discussed",
    "Password - reset flow discussed in the call",
    "* 1Password",
    "  * LF PMO now has admin access in 1Password",
    "- Update the passwords and authorized apps for our social media",
    "The password is stored in the team vault",
    "password-protected PDFs",
    "- [Join us on Zoom](https://berkeley.zoom.us/j/92451699568)",
    "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjA0YzE%40thread.v2/0?context=%7b%22Tid%22%3a%22x%22%7d",
    "https://example.org/?eid=123 is not a calendar",
    "[GeoJupyter calendar](https://geojupyter.org/calendar)",
    "Meeting ID: 924 5169 9568",
    "Passcode: [redacted]",
    "",
]


@pytest.mark.parametrize("line", KEPT_LINES)
def test_keeps(line: str) -> None:
    assert redact(line) == (line, ())


def test_reports_changed_lines_and_keeps_the_rest() -> None:
    text = (
        "# Sync\n"
        "\n"
        "- [Zoom](https://zoom.us/j/1?pwd=abc)\n"
        "- password reset flow discussed\n"
        "Passcode: 123456\n"
        "Passcode: [redacted]\n"
    )
    published, lines = redact(text)
    assert lines == (3, 5)
    assert published.split("\n") == [
        "# Sync",
        "",
        "- [Zoom](https://zoom.us/j/1?pwd=[redacted])",
        "- password reset flow discussed",
        "Passcode: [redacted]",
        "Passcode: [redacted]",
        "",
    ]
    assert redact(published) == (published, ())


def test_text_without_secrets_is_returned_as_is() -> None:
    text = "# Notes\n\n* nothing secret\n"
    published, lines = redact(text)
    assert published is text
    assert lines == ()


def test_redacted_marker() -> None:
    assert REDACTED == "[redacted]"


@pytest.mark.parametrize(
    "line",
    [
        "Password: " * 100_000,
        "?pwd=" * 200_000,
        "calendar.google.com?eid=" * 40_000,
        "pass" * 250_000,
    ],
    ids=["labels", "params", "calendar", "pass"],
)
def test_megabyte_line_is_fast(line: str) -> None:
    started = time.perf_counter()
    once, _ = redact(line)
    assert redact(once)[1] == ()
    assert time.perf_counter() - started < 2.0


@pytest.mark.shared
def test_corpus_passcodes() -> None:
    """Every `pwd=` of the corpus goes; no other corpus line changes."""
    changed_files = 0
    for path in sorted(CORPUS.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        published, lines = redact(text)
        expected = tuple(
            number for number, line in enumerate(text.split("\n"), 1) if "pwd=" in line
        )
        assert lines == expected, path
        assert "pwd=" not in published.replace(f"pwd={REDACTED}", "")
        assert len(published.split("\n")) == len(text.split("\n"))
        changed_files += bool(lines)
    assert changed_files >= 10
