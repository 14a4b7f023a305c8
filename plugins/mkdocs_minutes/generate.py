"""``minutes generate``: the whole archive as a docs tree for another site generator.

Zensical reads ``mkdocs.yml`` but runs no third-party plugin, so nothing hands it the pages
the plugin adds in ``on_files``. This module writes them out instead: the site's own pages
and files copied from its docs folder, every page :func:`~.pages.site.build_site_pages`
draws (meetings, the pages that replace archive files, people, topics, issues, actions, the
indexes, the home overview) at the source paths the plugin gives MkDocs, the stylesheet and
the data files (``meetings.json``, the feeds, ``<notes_dir>/latest/``) at the plugin's
paths, and never the raw note files the pages replace. One core and the same builders as
the plugin: two drivers.

What the plugin does in page events, the files carry where they can: the overview is put
in place of ``<!-- minutes:overview -->``; the templates' HTML fragments stay between their
marker lines, which the minutes Markdown extension takes out and puts back
(``rendering/fragments.py``); a meeting header's edit link names the note's source, and so
does the page's front matter (``minutes_edit_url``, for the theme's edit button); the
coverage audit compares each note with the Markdown of its pages, as ``minutes check``
does. What
needs the plugin's events (``<head>`` tags, Material's search box on Pagefind, the audit of
the rendered HTML) is listed in the README ("Building with Zensical").

The tree is rewritten only where a file changed (an unchanged file keeps its time, so a
generator that watches the folder rebuilds only what changed), and files a previous run
wrote that are no longer part of the site are removed. No MkDocs import.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .archive import Archive
from .archive.export import export_json
from .audit import lost_text, words
from .model import Finding, ParsedNote
from .options import SiteOptions
from .pages.links import edit_url
from .pages.outputs import SiteInfo, site_texts
from .pages.paths import SEARCH_PAGE
from .pages.search import search_page
from .pages.site import OVERVIEW_MARKER, SitePages, build_site_pages, unpacked
from .pages.style import STYLESHEET
from .search.assets import page_assets

CSS_SRC = "assets/minutes/minutes.css"
"""The stylesheet's path in the tree: the plugin's, so a site lists it in ``extra_css``."""

OWNER_FILE = ".minutes-generate"
"""Left in the tree so a later run knows the folder is its own to clean up; a folder with
files and without it is never written into."""

EDIT_META = "minutes_edit_url"
"""Front matter of every page the archive draws: the edit link of the note behind it, or
empty when no file stands behind it (a person page). The plugin sets ``page.edit_url`` so
in ``on_page_context``; another generator's theme reads this entry instead
(``examples/zensical/overrides/partials/actions.html``)."""

DEFAULT_OUT = Path(".cache") / "minutes" / "docs"
"""Where the tree goes, beside ``mkdocs.yml``, when the config does not name it."""


class GenerateError(Exception):
    """The tree cannot be written where asked (inside the docs, or into a foreign folder)."""


@dataclass
class GenerateReport:
    """What one run did, for the command's summary line."""

    out: Path
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """Links between generated pages to no page of the tree (the plugin's link warning)."""
    lost: list[Finding] = field(default_factory=list)
    """``lost-text``: note lines that reach none of the pages written from the note."""


def default_out(site: SiteOptions) -> Path:
    """The config's ``docs_dir`` when ``source_dir`` moved the notes (the generator reads
    the tree there), else ``.cache/minutes/docs/`` beside ``mkdocs.yml``."""
    if site.site_docs_dir is not None:
        return site.site_docs_dir
    base = site.config_path.parent if site.config_path else Path.cwd()
    return base / DEFAULT_OUT


def generate(
    site: SiteOptions, notes: Sequence[ParsedNote], archive: Archive, out: Path
) -> GenerateReport:
    """Write the staging tree for the archive of ``notes`` into ``out``."""
    docs = site.docs_dir
    _check_out(docs, out)
    pages = _site_pages(site, notes, archive, _own_pages(docs))
    files = dict(_tree(site, docs, notes, archive, pages))
    report = GenerateReport(out=out)
    for target, source in pages.links.targets.items():
        if target not in files:  # the templates' links (the plugin's check in on_files)
            report.warnings.append(f"{source}: link to '{target}', which is not a page of the site")
    pages_of = pages.pages_of()
    for note in notes:
        published = [words(pages.markdown_of(src) or "") for src in pages_of.get(note.path, [])]
        report.lost += lost_text(note, published)
    _write_tree(out, files, report)
    return report


def _check_out(docs: Path, out: Path) -> None:
    """Refuse a tree inside the docs (the next run would read it as pages) or the docs
    inside the tree (removing stale files would remove them), and any folder with files
    that a previous run did not write."""
    docs_abs, out_abs = docs.resolve(), out.resolve()
    if out_abs == docs_abs or out_abs.is_relative_to(docs_abs):
        raise GenerateError(f"{out}: the generated tree cannot be inside the docs ({docs})")
    if docs_abs.is_relative_to(out_abs):
        raise GenerateError(f"{out}: the generated tree cannot hold the docs ({docs})")
    if out.is_dir() and any(out.iterdir()) and not (out / OWNER_FILE).exists():
        raise GenerateError(
            f"{out}: the folder has files that minutes generate did not write; "
            "choose an empty or new folder (--out)"
        )


def _own_pages(docs: Path) -> set[str]:
    """Source paths of the site's own Markdown pages (what MkDocs would list as pages)."""
    return {path for path, _ in _docs_files(docs) if path.endswith(".md")}


def _docs_files(docs: Path) -> Iterator[tuple[str, Path]]:
    """Every file of the docs folder by POSIX path, without dot files and dot folders
    (which MkDocs leaves out by default)."""
    for folder, dirs, names in os.walk(docs):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                path = Path(folder) / name
                yield path.relative_to(docs).as_posix(), path


def _site_pages(
    site: SiteOptions, notes: Sequence[ParsedNote], archive: Archive, existing: set[str]
) -> SitePages:
    """The archive's pages, drawn by the plugin's builders with the site's settings."""
    notes_dir = site.notes_dir.strip("/")
    return build_site_pages(
        archive,
        notes,
        notes_dir=notes_dir,
        existing=existing,
        site_has_index="index.md" in existing,
        overview=bool(site.options.get("overview", True)),
        edit_url=lambda path, line: edit_url(
            site.repo_url, site.edit_uri, f"{notes_dir}/{path}", line
        ),
        use_directory_urls=site.use_directory_urls,
        template_dirs=[site.theme_dir] if site.theme_dir else [],
        # Zensical resolves the links of raw HTML as it does Markdown links (relative to
        # the source file) and checks them: the templates link to source files.
        source_links=True,
        feeds=bool(site.options.get("feeds", True)),
    )


def _tree(
    site: SiteOptions,
    docs: Path,
    notes: Sequence[ParsedNote],
    archive: Archive,
    pages: SitePages,
) -> Iterator[tuple[str, bytes | Path]]:
    """Every file of the tree: bytes to write, or a file of the docs to copy as it is."""
    notes_dir = site.notes_dir.strip("/")
    raw_notes = {f"{notes_dir}/{note.path}" for note in notes}
    drawn = {**pages.pages, **pages.rewrites}
    for path, source in _docs_files(docs):
        if path in drawn or path in raw_notes:
            continue  # a page replaces it (a note, or an index page the site also has)
        if path.endswith(".md"):
            text = source.read_bytes().decode("utf-8", errors="replace")
            if OVERVIEW_MARKER in text:
                yield path, _with_overview(text, path, pages).encode("utf-8")
                continue
        yield path, source
    for path, markdown in sorted(drawn.items()):
        source = pages.sources.get(path)
        edit = (
            edit_url(site.repo_url, site.edit_uri, f"{notes_dir}/{source[0]}", source[1])
            if source
            else None
        )
        markdown = with_meta(unpacked(markdown), EDIT_META, edit or "")
        yield path, _with_overview(markdown, path, pages).encode("utf-8")
    if CSS_SRC not in drawn and not (docs / CSS_SRC).exists():
        yield CSS_SRC, STYLESHEET.encode("utf-8")
    if not any((docs / src).exists() or src in drawn for src in (SEARCH_PAGE, "search.md")):
        # The search page with its script and stylesheet, themed by the generator;
        # `minutes index` adds the index it searches.
        markdown = search_page(
            archive,
            notes_dir=notes_dir,
            template_dirs=[site.theme_dir] if site.theme_dir else [],
            use_directory_urls=site.use_directory_urls,
        )
        yield SEARCH_PAGE, markdown.encode("utf-8")
        for src, text in page_assets().items():
            if not (docs / src).exists():
                yield src, text.encode("utf-8")
    yield from _data_files(site, archive, pages, docs)


def with_meta(markdown: str, key: str, value: str) -> str:
    """The page with one more front matter entry (a new front matter when it has none);
    a page that has the entry already keeps its own."""
    entry = f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 3)
        if end > 0:
            try:
                meta = yaml.safe_load(markdown[4:end])
            except yaml.YAMLError:
                meta = None
            if isinstance(meta, dict):
                if key in meta:
                    return markdown  # the page's own value
                return markdown[: end + 1] + entry + markdown[end + 1 :]
    return f"---\n{entry}---\n{markdown}"


def _with_overview(markdown: str, path: str, pages: SitePages) -> str:
    """The overview where a page asks for it (the plugin's ``on_page_markdown``)."""
    if OVERVIEW_MARKER not in markdown:
        return markdown
    return markdown.replace(OVERVIEW_MARKER, pages.overview_for(path), 1)


def _data_files(
    site: SiteOptions, archive: Archive, pages: SitePages, docs: Path
) -> Iterator[tuple[str, bytes]]:
    """The export, the feeds and ``latest/``: the plugin's data files, where the docs do
    not have a file of that name already (as the plugin leaves a site's own file)."""
    notes_dir = pages.notes_dir
    texts: dict[str, str | bytes] = {}
    if site.options.get("export", True):
        texts["meetings.json"] = export_json(archive, notes_dir=notes_dir)
    info = SiteInfo(
        name=site.site_name,
        url=site.site_url or "",
        description=site.site_description,
        use_directory_urls=site.use_directory_urls,
    )
    texts.update(
        site_texts(
            archive,
            pages,
            info,
            notes_dir=notes_dir,
            feeds=bool(site.options.get("feeds", True)),
            feed_limit=int(site.options.get("feed_limit", 50)),
        )
    )
    for path, text in texts.items():
        if not (docs / path).exists():
            yield path, unpacked(text).encode("utf-8")


def _write_tree(out: Path, files: dict[str, bytes | Path], report: GenerateReport) -> None:
    """Write what changed, remove what a previous run wrote and this one did not."""
    out.mkdir(parents=True, exist_ok=True)
    owner = out / OWNER_FILE
    if not owner.exists():
        owner.write_text(
            "Written by `minutes generate`: every file here is replaced on the next run.\n",
            encoding="utf-8",
        )
    for path, content in sorted(files.items()):
        data = content.read_bytes() if isinstance(content, Path) else content
        target = out / path
        if target.is_file() and target.read_bytes() == data:
            report.unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        report.written.append(path)
    for path, file in list(_docs_files(out)):
        if path not in files:
            file.unlink()
            report.removed.append(path)
    for folder, _dirs, _names in os.walk(out, topdown=False):
        if Path(folder) != out and not any(Path(folder).iterdir()):
            Path(folder).rmdir()
