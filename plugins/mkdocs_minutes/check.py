"""``minutes check``: what a reviewer would flag, as ``path:line:col: level: message``.

Runs the same parser and archive index as the build, so the lint and the site agree. Each
finding's level comes from the contract's severity table (:mod:`mkdocs_minutes.findings`);
the report ends with one summary line, and the exit status is 1 when there is an error.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from .archive import Archive
from .findings import check_level
from .model import Finding, ParsedNote
from .scan import code_spans, fenced_lines

_LEVEL_ORDER = {"error": 0, "warning": 1, "info": 2, "debug": 3}
_LINK_RE = re.compile(r"\]\(([^)\s#]+\.md)(#[^)\s]*)?\)")


@dataclass(frozen=True)
class CheckReport:
    """The lines to print and the exit status."""

    lines: list[str]
    errors: int
    warnings: int

    @property
    def exit_code(self) -> int:
        """1 when any finding is an error, else 0."""
        return 1 if self.errors else 0


def dead_links(notes: Iterable[ParsedNote], notes_root: Path, docs_dir: Path) -> list[Finding]:
    """Relative ``.md`` links in notes that point at no file: a dead link on the site."""
    findings = []
    for note in notes:
        base = (notes_root / note.path).parent
        lines = note.text.split("\n")
        for number, (line, fenced) in enumerate(
            zip(lines, fenced_lines(lines), strict=True), start=1
        ):
            if fenced:
                continue  # links inside code are text, for MkDocs too
            code = code_spans(line)
            for match in _LINK_RE.finditer(line):
                target = unquote(match.group(1))
                if "://" in target or target.startswith("/"):
                    continue
                if any(start <= match.start() < end for start, end in code):
                    continue
                if not Path(os.path.normpath(base / target)).exists():
                    findings.append(
                        Finding(
                            "dead-link",
                            note.path,
                            number,
                            f"link to '{target}' points at no file in the archive",
                            col=match.start(1) + 1,
                        )
                    )
    return findings


def lost_text_findings(
    notes: Sequence[ParsedNote], archive: Archive, notes_dir: str
) -> list[Finding]:
    """``lost-text``: lines of each note that reach none of the pages published from it.

    Without a build there is no HTML: the audit compares each note with the Markdown of
    its pages, as the plugin generates it (the build audits the rendered pages too).
    """
    from .audit import lost_text, words
    from .pages.site import build_site_pages

    prefix = notes_dir.strip("/") + "/"
    site = build_site_pages(
        archive,
        notes,
        notes_dir=notes_dir.strip("/"),
        existing={prefix + note.path for note in notes},
        site_has_index=True,
        overview=False,
    )
    pages_of = site.pages_of()
    findings: list[Finding] = []
    for note in notes:
        published = [words(site.markdown_of(src) or "") for src in pages_of.get(note.path, [])]
        findings += lost_text(note, published)
    return findings


def build_report(
    notes: Sequence[ParsedNote],
    archive: Archive,
    *,
    display_root: Path,
    cwd: Path,
    extra: Iterable[Finding] = (),
    verbose: bool = True,
) -> CheckReport:
    """Every finding of the notes and the index, then per-file meeting summaries."""
    findings = [f for note in notes for f in note.findings]
    # The index already reports recurring titles and unknown handles, once each.
    findings += list(archive.findings) + list(extra)
    lines: list[str] = []
    errors = warnings = 0
    seen: set[tuple[str, str, int, str]] = set()
    for finding in sorted(findings, key=lambda f: (f.path, f.line, _LEVEL_ORDER[check_level(f)])):
        key = (finding.code, finding.path, finding.line, finding.message)
        if key in seen:
            continue
        seen.add(key)
        level = check_level(finding)
        if level == "debug":
            continue
        errors += level == "error"
        warnings += level == "warning"
        path = _display(display_root / finding.path, cwd)
        lines.append(f"{path}:{finding.line}:{finding.col}: {level}: {finding.message}")
        if os.environ.get("GITHUB_ACTIONS") == "true" and level in ("error", "warning"):
            message = finding.message.replace("%", "%25").replace("\n", "%0A")
            lines.append(f"::{level} file={path},line={finding.line},col={finding.col}::{message}")
    if verbose:
        for note in notes:
            meetings = [m for m in archive.meetings if m.source_path == note.path]
            path = _display(display_root / note.path, cwd)
            if not meetings:
                lines.append(f"{path}: page (no meeting)")
            for meeting in meetings:
                lines.append(
                    f"{path}:{meeting.line}: meeting {meeting.id} ({meeting.date.isoformat()}"
                    f", series {meeting.series or '-'}): {sum(a.present for a in meeting.attendees)}"
                    f" attendees, {len(meeting.updates)} updates, {len(meeting.items)} items, "
                    f"{len(meeting.actions)} actions, {len(meeting.refs)} refs"
                )
    roll_ok = sum(n.placed_rollcall for n in notes)
    roll_all = roll_ok + sum(n.unplaced_rollcall for n in notes)
    upd_ok = sum(n.placed_updates for n in notes)
    upd_all = upd_ok + sum(n.unplaced_updates for n in notes)
    lines.append(
        f"{len(notes)} files, {len(archive.meetings)} meetings, {errors} errors, "
        f"{warnings} warnings; roll-call lines understood {_share(roll_ok, roll_all)}, "
        f"update bullets attributed {_share(upd_ok, upd_all)}"
    )
    return CheckReport(lines, errors, warnings)


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} (100%)" if not whole else f"{part}/{whole} ({100 * part / whole:.0f}%)"


def _display(path: Path, cwd: Path) -> str:
    try:
        return path.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return os.path.relpath(path.resolve(), cwd.resolve()).replace(os.sep, "/")
