"""Meeting secrets out of published notes: Zoom passcodes, passwords, calendar event ids.

Notes are often pasted from a meeting invitation (FORMATS.md, "Privacy"): a Zoom link with
``?pwd=...``, a ``Passcode: 123456`` line, a Google Calendar link with an ``eid=``. The
parser (under ``on_files``) runs :func:`redact` on a note's decoded text before anything
else reads it, so neither the pages, the search index nor the export ever hold the secret,
and reports each changed line (``passcode-redacted``) so the author can clean the source.

Only the secret value is replaced: the link still leads to the meeting's page, and the
line still says a passcode exists. Ordinary prose (``password reset flow discussed``,
``1Password``) is left alone, and redacting twice changes nothing.
"""

from __future__ import annotations

import re

__all__ = ["REDACTED", "redact"]

REDACTED = "[redacted]"
"""What a secret value becomes."""

_NOT_DONE = r"(?!\[redacted\])"
# Unbounded runs of one character class cannot backtrack; bounded ones would split a
# long value into chunks that a second pass sees differently.
_QUERY_VALUE = r"[^&\s#)\]>\"'<]+"

# ?pwd=... in any meeting link (Zoom, Webex use it); the rest of the URL stays.
_PWD_PARAM = re.compile(
    r"(?P<key>[?&](?:pwd|passcode|password)=)" + _NOT_DONE + _QUERY_VALUE, re.IGNORECASE
)

# A Google Calendar link, up to where a Markdown link or a sentence would end it.
_CALENDAR_URL = re.compile(
    r"(?:calendar\.google\.com|google\.com/calendar)[^\s)>\"'<]*", re.IGNORECASE
)
_CALENDAR_PARAM = re.compile(r"(?P<key>[?&](?:eid|cid)=)" + _NOT_DONE + _QUERY_VALUE)

# "Passcode: 123456", "**Meeting password:** abc", "Password - x", "the passcode is 4411".
_LABEL = re.compile(
    r"(?<![A-Za-z0-9])(?:(?:meeting|zoom|webex|call|dial-in)[ \t]{1,3})?"
    r"(?:passcode|password|pass[ \t]?code|pwd)(?![A-Za-z0-9])"
    r"(?P<sep>(?:\*\*|__|\*|_)?[ \t]{0,3}(?:[:=]|[-–—](?=[ \t])|is(?![A-Za-z0-9]))"
    r"[ \t]{0,3}(?:\*\*|__|\*|_)?[ \t]{0,3})" + _NOT_DONE + r"(?P<value>`[^`\n]{1,200}`"
    r"|[^\s|)\]<>,;`*]+)",
    re.IGNORECASE,
)
_LINE_END = re.compile(r"[ \t.!)\]|*_]*$")


def _label_value(found: re.Match[str]) -> str:
    """The label with its value replaced, or the text unchanged when the value is prose."""
    value = found.group("value")
    trailer = ""
    if not value.startswith("`"):
        stripped = value.rstrip(".!?")
        trailer = value[len(stripped) :]
        value = stripped
    if not value:
        return found.group()
    looks_secret = (
        value.startswith("`")
        or any(char.isdigit() for char in value)
        or _LINE_END.match(found.string, found.end())
    )
    if not looks_secret:
        return found.group()  # "Password - reset flow discussed" is prose, not a secret
    return found.group()[: found.start("value") - found.start()] + REDACTED + trailer


def _redact_line(line: str) -> str:
    """One line with every secret value replaced."""
    line = _PWD_PARAM.sub(lambda found: found.group("key") + REDACTED, line)
    line = _CALENDAR_URL.sub(
        lambda url: _CALENDAR_PARAM.sub(lambda found: found.group("key") + REDACTED, url.group()),
        line,
    )
    return _LABEL.sub(_label_value, line)


def redact(text: str) -> tuple[str, tuple[int, ...]]:
    """Replace meeting secrets with ``[redacted]``; return the text and the 1-based lines
    changed.

    Zoom-style ``?pwd=`` values (``?pwd=[redacted]``, the rest of the link kept),
    ``Passcode: 123456`` / ``Password: abc`` / ``Meeting password - x`` values, and Google
    Calendar ``eid=``/``cid=`` values. Teams ``meetup-join`` links carry no secret and are
    kept. Idempotent: ``redact(redact(t)[0])`` changes no line.
    """
    lines = text.split("\n")
    changed: list[int] = []
    for index, line in enumerate(lines):
        lowered = line.lower()
        if not any(key in lowered for key in ("pwd", "pass", "calendar")):
            continue
        new = _redact_line(line)
        if new != line:
            lines[index] = new
            changed.append(index + 1)
    if not changed:
        return text, ()
    return "\n".join(lines), tuple(changed)
