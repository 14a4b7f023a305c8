"""The pages of issues and pull requests: one per reference (``ref.html``), and their
index by repository (``refs.html``). No MkDocs import.
"""

from __future__ import annotations

from collections import defaultdict

from ..archive import Archive, RefIndexEntry
from . import paths
from .markup import front_matter
from .render import PageRenderer

KIND_NAMES = {
    "issue": "Issue",
    "pull": "Pull request",
    "discussion": "Discussion",
    "commit": "Commit",
}


def refs_index(renderer: PageRenderer, archive: Archive) -> str:
    """Every reference, by repository, most-mentioned first."""
    by_repo: dict[str, list[RefIndexEntry]] = defaultdict(list)
    for entry in archive.refs.values():
        by_repo[entry.repo.lower()].append(entry)
    repos = []
    for repo in sorted(by_repo):
        entries = sorted(by_repo[repo], key=lambda e: (-len(e.mentions), str(e.number)))
        rows = []
        for entry in entries:
            meetings = entry.meetings
            last = max(archive.meeting(m).date for m in meetings).isoformat() if meetings else ""
            rows.append(
                {
                    "entry": entry,
                    "kind": KIND_NAMES.get(entry.kind, entry.kind),
                    "meetings": len(meetings),
                    "last": last,
                }
            )
        repos.append({"repo": entries[0].repo, "rows": rows})
    return front_matter({"title": "Issues and pull requests"}) + renderer.markdown(
        "minutes/refs.html", paths.REFS_INDEX, count=len(archive.refs), repos=repos
    )


def ref_page(renderer: PageRenderer, archive: Archive, entry: RefIndexEntry) -> str:
    """Every meeting that mentioned one issue, pull request, discussion or commit."""
    kind = KIND_NAMES.get(entry.kind, entry.kind)
    mentions = [
        {
            "meeting": renderer.meeting_link(archive.meeting(mention.meeting)),
            "anchor": mention.anchor,
            "context": mention.context,
        }
        for mention in entry.mentions
    ]
    meta = {"title": entry.label, "description": f"{kind} {entry.label} in the meeting notes"}
    return front_matter(meta) + renderer.markdown(
        "minutes/ref.html", paths.ref_src(entry.page), entry=entry, kind=kind, mentions=mentions
    )
