"""The ``minutes`` command: ``export``, ``check``, ``topics``, ``new``, ``import``, ``index``.

Each reads the plugin's options from ``--config FILE``, else ``./mkdocs.yml`` when there is
one, else the defaults, and works without building the site. ``export`` prints only the
JSON document on stdout; every diagnostic goes to stderr.

``generate`` writes the archive as a docs tree for another site generator (Zensical).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import re
import sys
from pathlib import Path

import yaml

from .archive import Archive
from .archive.registry import RegistryError, load_people, load_topics
from .fetch import DEFAULT_HACKMD_URL
from .findings import format_finding, log_level
from .notes.folder import note_paths, read_notes
from .options import SiteOptions, load_site_options


def _registries(site: SiteOptions) -> tuple[tuple, tuple]:
    people_path, topics_path = site.resolve("people"), site.resolve("topics")
    people = load_people(people_path) if people_path else ()
    topics = load_topics(topics_path) if topics_path else ()
    return people, topics


def _archive(
    site: SiteOptions,
    notes_root: Path,
    only: list[Path] | None = None,
    *,
    discover: bool | None = None,
):
    people, topics = _registries(site)
    repo = site.options.get("github_repo")
    notes = read_notes(notes_root, default_repo=repo, only=only)
    if discover is None:
        discover = bool(site.options.get("topics_discover", True))
    archive = Archive.build(
        notes,
        people=people,
        topics=topics,
        github_repo=repo,
        discover=discover,
        exclude=[str(x) for x in site.options.get("topics_exclude") or []],
    )
    return notes, archive


def cmd_export(args: argparse.Namespace) -> int:
    """Print the ``mkdocs-minutes/1`` JSON document of a notes folder."""
    from .archive.export import export_json

    site = load_site_options(args.config)
    notes_root = Path(args.notes_dir) if args.notes_dir else site.notes_root
    if not notes_root.exists():
        print(f"minutes export: {notes_root}: no such folder", file=sys.stderr)
        return 2
    notes, archive = _archive(site, notes_root)
    for note in notes:
        for finding in note.findings:
            print(format_finding(finding, f"{notes_root}/"), file=sys.stderr)
    sys.stdout.write(export_json(archive, notes_dir=site.notes_dir))
    sys.stdout.write("\n")
    return 0


def cmd_topics(args: argparse.Namespace) -> int:
    """Print the discovered topics as a topic registry (YAML) to start one from."""
    site = load_site_options(args.config)
    notes_root = Path(args.notes_dir) if args.notes_dir else site.notes_root
    if not notes_root.exists():
        print(f"minutes topics: {notes_root}: no such folder", file=sys.stderr)
        return 2
    _, archive = _archive(site, notes_root, discover=True)
    sys.stdout.write(registry_yaml(archive))
    found = sum(1 for t in archive.topics.values() if t.discovered)
    print(
        f"minutes topics: {found} topics discovered in {len(archive.meetings)} meetings",
        file=sys.stderr,
    )
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    """Write the docs tree of the whole archive for another generator (``generate.py``)."""
    from .generate import GenerateError, default_out, generate

    site = load_site_options(args.config)
    if not site.docs_dir.is_dir():
        print(f"minutes generate: {site.docs_dir}: no such folder", file=sys.stderr)
        return 2
    notes, archive = _archive(site, site.notes_root)
    findings = [f for note in notes for f in note.findings] + list(archive.findings)
    out = Path(args.out) if args.out else default_out(site)
    try:
        report = generate(site, notes, archive, out)
    except GenerateError as error:
        print(f"minutes generate: {error}", file=sys.stderr)
        return 2
    for finding in findings + report.lost:
        # The build log's levels (the contract's table); DEBUG stays out, as in a build.
        level = log_level(finding)
        if level >= logging.INFO:
            line = format_finding(finding, f"{_display(site.notes_root)}/")
            print(f"{logging.getLevelName(level)}: {line}", file=sys.stderr)
    for warning in report.warnings:
        print(f"WARNING: {warning}", file=sys.stderr)
    print(
        f"minutes generate: {len(archive.meetings)} meetings; {len(report.written)} files "
        f"written, {report.unchanged} unchanged, {len(report.removed)} removed in {out}",
        file=sys.stderr,
    )
    return 0


_PLAIN = re.compile(r"[A-Za-z0-9][\w .+&/'-]*")


def _yaml_string(value: str) -> str:
    """A string as YAML: plain when it reads back as itself, else double-quoted (JSON)."""
    plain = _PLAIN.fullmatch(value) and not value.endswith((" ", ":"))
    if plain and ": " not in value and " #" not in value:
        try:
            if yaml.safe_load(value) == value:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


def registry_yaml(archive: Archive) -> str:
    """The archive's discovered topics as registry entries the build accepts as they are.

    Each entry has the id, the name and the phrases that matched its items, with its
    meeting count and first and last dates as a comment. Topics the registry already
    curates are left out, so the text can also be appended to an existing registry.
    """
    meetings = archive.meetings
    lines = [
        "# Topics discovered in the notes by `minutes topics`"
        + (
            f" ({len(meetings)} meetings, {meetings[0].date} to {meetings[-1].date})."
            if meetings
            else "."
        ),
        "# Save as the topic registry (the `topics` option) and edit it: rename, describe,",
        "# add `merge: [other-id]`, or delete entries (`topics_exclude` hides a topic).",
        "# Registry phrases match every mention; discovery only counted items about a topic.",
    ]
    topics = [t for t in archive.topics.values() if t.discovered]
    if not topics:
        lines.append("[]  # no recurring topic found")
    for topic in topics:
        count = len({meeting for meeting, _ in topic.items})
        phrases = list(dict.fromkeys(p for p in topic.aliases if "/" not in p or " " in p))
        lines += [
            "",
            f"# {count} meetings, first {topic.first}, last {topic.last}",
            f"- id: {_yaml_string(topic.id)}",
            f"  name: {_yaml_string(topic.name)}",
            f"  match: [{', '.join(_yaml_string(p) for p in phrases or [topic.name.lower()])}]",
        ]
    return "\n".join(lines) + "\n"


def cmd_check(args: argparse.Namespace) -> int:
    """Lint notes: findings at the contract's levels, a summary, exit 1 on errors."""
    from .check import build_report, dead_links, lost_text_findings

    site = load_site_options(args.config)
    cwd = Path.cwd()
    notes_root = site.notes_root
    only: list[Path] | None = None
    if args.paths:
        only = []
        for given in args.paths:
            path = Path(given)
            if not path.exists():
                print(f"minutes check: {given}: no such file or folder", file=sys.stderr)
                return 2
            only += note_paths(path) if path.is_dir() else [path]
        within = [p for p in only if _is_within(p, notes_root)]
        if within:
            # pre-commit passes every staged Markdown file: only notes are notes.
            only = within
        else:
            notes_root = (
                Path(args.paths[0])
                if len(args.paths) == 1 and Path(args.paths[0]).is_dir()
                else Path(args.paths[0]).parent
            )
            only = [p for p in only if _is_within(p, notes_root)] or only
    elif not notes_root.exists():
        print(
            f"minutes check: {notes_root}: no such folder (set --config or notes_dir)",
            file=sys.stderr,
        )
        return 2
    notes, archive = _archive(site, notes_root, only)
    extra = dead_links(notes, notes_root, site.docs_dir)
    extra += lost_text_findings(notes, archive, site.notes_dir)
    report = build_report(
        notes, archive, display_root=notes_root, cwd=cwd, extra=extra, verbose=not args.quiet
    )
    for line in report.lines:
        print(line)
    return report.exit_code


def _display(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return os.path.normpath(path)


def _is_within(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def cmd_new(args: argparse.Namespace) -> int:
    """Write the next note from the template, at the right path; never overwrite."""
    from .newnote import render_template, target_path

    site = load_site_options(args.config)
    date = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    path = target_path(site.notes_root, date, args.series)
    if path.exists():
        print(f"minutes new: {path} exists; not overwriting it", file=sys.stderr)
        return 1
    template_path = site.resolve("template")
    template = template_path.read_text(encoding="utf-8") if template_path else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_template(template, date, args.series), encoding="utf-8")
    print(path)
    return 0


def _import_source(args: argparse.Namespace) -> tuple[bytes, str | None]:
    """The bytes ``minutes import`` normalises (a file, standard input, or a link's note),
    and the address they were fetched from when they come from a link.

    Raises :class:`~mkdocs_minutes.fetch.FetchError` (a link that gave no note) or
    ``OSError`` (a file that cannot be read).
    """
    from .fetch import download_url, fetch_markdown, is_url

    if args.file == "-":
        return sys.stdin.buffer.read(), None
    if is_url(args.file):
        hackmd_url = args.hackmd_url or os.environ.get("MINUTES_HACKMD_URL") or DEFAULT_HACKMD_URL
        raw = fetch_markdown(args.file, hackmd_url=hackmd_url, timeout=args.timeout)
        return raw, download_url(args.file, hackmd_url)
    return Path(args.file).read_bytes(), None


def cmd_import(args: argparse.Namespace) -> int:
    """Normalise a HackMD/Google Docs export (a file, ``-`` or a link) and write it where
    ``new`` would. Every refusal is one line naming the source, exit 1, nothing written."""
    from .fetch import FetchError, is_url
    from .importer import normalise_export
    from .newnote import target_path

    site = load_site_options(args.config)
    # Errors about a link name the link: in a workflow log it is all the reader has.
    source = f"{args.file}: " if is_url(args.file) else ""
    try:
        raw, fetched_from = _import_source(args)
    except FetchError as error:
        print(f"minutes import: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"minutes import: {args.file}: {error.strerror or error}", file=sys.stderr)
        return 1
    result = normalise_export(raw, default_year=None)
    date = dt.date.fromisoformat(args.date) if args.date else result.date
    if date is None:
        print(
            f"minutes import: {source}no date found in the note; pass --date YYYY-MM-DD",
            file=sys.stderr,
        )
        return 1
    series = args.series or result.series
    path = Path(args.output) if args.output else target_path(site.notes_root, date, series)
    if path.exists():
        print(f"minutes import: {source}{path} exists; not overwriting it", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(result.text, encoding="utf-8")
    if fetched_from:
        print(f"fetched: {fetched_from}", file=sys.stderr)
    for change in result.changes:
        prefix = "note" if "passcode" in change else "changed"
        print(f"{prefix}: {change}", file=sys.stderr)
    print(path)
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    """Build the Pagefind index and the search page over a built site (any generator)."""
    from .search import PagefindError, pagefind_executable
    from .search.site import index_site

    site_dir = Path(args.site_dir)
    if not site_dir.is_dir():
        print(f"minutes index: {site_dir}: no such folder", file=sys.stderr)
        return 2
    if pagefind_executable() is None:
        print("minutes index: the Pagefind binary is not installed", file=sys.stderr)
        return 2
    site = load_site_options(args.config)
    notes_root = Path(args.notes_dir) if args.notes_dir else site.notes_root
    archive = _archive(site, notes_root)[1] if notes_root.is_dir() else None
    if archive is None:
        print(
            f"minutes index: {notes_root}: no notes folder; indexing pages without "
            "meeting titles, filters or kinds",
            file=sys.stderr,
        )
    try:
        done = index_site(
            site_dir,
            archive,
            notes_dir=site.notes_dir,
            language=str(args.language or "en"),
            item_search=bool(site.options.get("item_search", True)),
        )
    except PagefindError as error:
        print(f"minutes index: {error}", file=sys.stderr)
        return 1
    page = {
        "written": f"wrote {site_dir / 'search/index.html'}",
        "kept": "kept the site's search page",
        "plain": f"wrote {site_dir / 'search/index.html'} (a plain page: no theme page found)",
    }[done.search_page]
    print(
        f"minutes index: {done.stats.pages} pages in {done.stats.shards} bundles under "
        f"{site_dir / 'pagefind'}; {page}",
        file=sys.stderr,
    )
    return 0


def _positive_seconds(value: str) -> float:
    """``--timeout``: a number of seconds above zero."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not seconds > 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds above 0")
    return seconds


def build_parser() -> argparse.ArgumentParser:
    """The command line, one sub-command per task."""
    parser = argparse.ArgumentParser(prog="minutes", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--config", type=Path, default=None, help="mkdocs.yml to read the plugin options from"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    export = sub.add_parser("export", help="print the JSON export of a notes folder")
    export.add_argument("notes_dir", nargs="?", help="notes folder (default: from the config)")
    export.add_argument("--config", type=Path, default=argparse.SUPPRESS)
    export.set_defaults(func=cmd_export)

    topics = sub.add_parser("topics", help="print the discovered topics as a topic registry")
    topics.add_argument("notes_dir", nargs="?", help="notes folder (default: from the config)")
    topics.add_argument("--config", type=Path, default=argparse.SUPPRESS)
    topics.set_defaults(func=cmd_topics)

    generate = sub.add_parser(
        "generate", help="write the archive as a docs tree for another generator (Zensical)"
    )
    generate.add_argument(
        "--out",
        help="the tree's folder (default: the config's docs_dir when the minutes option "
        "source_dir is set, else .cache/minutes/docs beside the config)",
    )
    generate.add_argument("--config", type=Path, default=argparse.SUPPRESS)
    generate.set_defaults(func=cmd_generate)

    check = sub.add_parser("check", help="lint notes with file:line findings")
    check.add_argument("paths", nargs="*", help="files or folders (default: the notes folder)")
    check.add_argument("--quiet", "-q", action="store_true", help="findings and summary only")
    check.add_argument("--config", type=Path, default=argparse.SUPPRESS)
    check.set_defaults(func=cmd_check)

    new = sub.add_parser("new", help="write the next note from the template")
    new.add_argument("date", nargs="?", help="YYYY-MM-DD (default: today)")
    new.add_argument("--series", help="series folder below the notes folder")
    new.add_argument("--config", type=Path, default=argparse.SUPPRESS)
    new.set_defaults(func=cmd_new)

    imp = sub.add_parser(
        "import", help="import a HackMD note (a link) or a HackMD/Google Docs Markdown export"
    )
    imp.add_argument(
        "file",
        help="the exported file, - for standard input, or a link: a HackMD note in any of "
        "its shapes (fetched from its /download address) or any http(s) Markdown file",
    )
    imp.add_argument("--date", help="meeting date when the note does not say")
    imp.add_argument("--series", help="series folder below the notes folder")
    imp.add_argument("--output", "-o", help="write here instead of the computed path")
    imp.add_argument(
        "--hackmd-url",
        metavar="BASE",
        help="the HackMD (or CodiMD) server whose links are notes "
        f"(default: $MINUTES_HACKMD_URL, else {DEFAULT_HACKMD_URL})",
    )
    imp.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=30.0,
        metavar="SECONDS",
        help="give up on a link that does not answer within this time (default: 30)",
    )
    imp.add_argument("--config", type=Path, default=argparse.SUPPRESS)
    imp.set_defaults(func=cmd_import)

    index = sub.add_parser(
        "index", help="build the search index and the search page over a built site"
    )
    index.add_argument("site_dir", help="the built site (MkDocs' site/, Zensical's site/)")
    index.add_argument(
        "--notes-dir",
        help="notes folder, for meeting titles and filters (default: from the config)",
    )
    index.add_argument("--language", help="the site's language (default: en)")
    index.add_argument("--config", type=Path, default=argparse.SUPPRESS)
    index.set_defaults(func=cmd_index)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``minutes`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except RegistryError as error:
        print(f"minutes: {error}", file=sys.stderr)
        return 2
    except ValueError as error:
        print(f"minutes: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
