"""GitHub references and @mentions: FORMATS.md's shapes, the seed note and the corpus."""

from __future__ import annotations

import itertools
import re
import time
from pathlib import Path

import pytest

from mkdocs_minutes.notes.refs import (
    RefMatch,
    canonical_url,
    find_mentions,
    find_refs,
    strip_handle,
)

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / ".." / "shared"
SEED = SHARED / "seed" / "2019-03-21-team-meeting.md"
CORPUS = SHARED / "corpus"

GH = "https://github.com"

# (text, default_repo, [(repo, number, kind, url, text at the span)])
REFS = [
    (
        f"* see {GH}/o/r/issues/12 for details",
        None,
        [("o/r", 12, "issue", f"{GH}/o/r/issues/12", f"{GH}/o/r/issues/12")],
    ),
    (
        f"* Reviewed <{GH}/o/r/pull/714>",
        None,
        [("o/r", 714, "pull", f"{GH}/o/r/pull/714", f"<{GH}/o/r/pull/714>")],
    ),
    (
        f"see [this PR about docs]({GH}/o/r/pull/6099).",
        None,
        [("o/r", 6099, "pull", f"{GH}/o/r/pull/6099", f"[this PR about docs]({GH}/o/r/pull/6099)")],
    ),
    (
        f"[{GH}/o/r/pull/8]({GH}/o/r/pull/8)",
        None,
        [("o/r", 8, "pull", f"{GH}/o/r/pull/8", f"[{GH}/o/r/pull/8]({GH}/o/r/pull/8)")],
    ),
    (
        f"(e.g., [#4]({GH}/o/apt_install/pull/4))",
        None,
        [
            (
                "o/apt_install",
                4,
                "pull",
                f"{GH}/o/apt_install/pull/4",
                f"[#4]({GH}/o/apt_install/pull/4)",
            )
        ],
    ),
    (
        f"[repo#170]({GH}/o/repo/issues/170)",
        "d/x",
        [
            (
                "o/repo",
                170,
                "issue",
                f"{GH}/o/repo/issues/170",
                f"[repo#170]({GH}/o/repo/issues/170)",
            )
        ],
    ),
    (
        f"[a comment]({GH}/o/r/pull/123#issuecomment-2176567556)",
        None,
        [
            (
                "o/r",
                123,
                "pull",
                f"{GH}/o/r/pull/123#issuecomment-2176567556",
                f"[a comment]({GH}/o/r/pull/123#issuecomment-2176567556)",
            )
        ],
    ),
    (
        f"environments: {GH}/o/r/issues/436#issuecomment-2637601373",
        None,
        [
            (
                "o/r",
                436,
                "issue",
                f"{GH}/o/r/issues/436#issuecomment-2637601373",
                f"{GH}/o/r/issues/436#issuecomment-2637601373",
            )
        ],
    ),
    (
        f"[{GH}/o/r/pull/411\\#pullrequestreview-28]({GH}/o/r/pull/411#pullrequestreview-28) \\- next",
        None,
        [
            (
                "o/r",
                411,
                "pull",
                f"{GH}/o/r/pull/411#pullrequestreview-28",
                f"[{GH}/o/r/pull/411\\#pullrequestreview-28]({GH}/o/r/pull/411#pullrequestreview-28)",
            )
        ],
    ),
    (
        f"{GH}/jupyterhub/mybinder\\_org\\_deploy/issues/9",
        None,
        [
            (
                "jupyterhub/mybinder_org_deploy",
                9,
                "issue",
                f"{GH}/jupyterhub/mybinder_org_deploy/issues/9",
                f"{GH}/jupyterhub/mybinder\\_org\\_deploy/issues/9",
            )
        ],
    ),
    (
        f"{GH}/o/r/pulls/12",
        None,
        [("o/r", 12, "pull", f"{GH}/o/r/pulls/12", f"{GH}/o/r/pulls/12")],
    ),
    (
        f"{GH}/o/r/pull/12/files",
        None,
        [("o/r", 12, "pull", f"{GH}/o/r/pull/12/files", f"{GH}/o/r/pull/12/files")],
    ),
    (
        f"See resulting work here: {GH}/o/r/pull/226/commits/fed15de2b303c110b016bb62fe1bcd15f7227211",
        None,
        [
            (
                "o/r",
                226,
                "pull",
                f"{GH}/o/r/pull/226/commits/fed15de2b303c110b016bb62fe1bcd15f7227211",
                f"{GH}/o/r/pull/226/commits/fed15de2b303c110b016bb62fe1bcd15f7227211",
            )
        ],
    ),
    (
        f"* {GH}/o/r/discussions/99",
        None,
        [("o/r", 99, "discussion", f"{GH}/o/r/discussions/99", f"{GH}/o/r/discussions/99")],
    ),
    (
        f"links to the PR, e.g. {GH}/o/r/commit/AE0c3c03fd52ccf42472d970178ad10ba7c8697f",
        None,
        [
            (
                "o/r",
                "ae0c3c03fd52ccf42472d970178ad10ba7c8697f",
                "commit",
                f"{GH}/o/r/commit/AE0c3c03fd52ccf42472d970178ad10ba7c8697f",
                f"{GH}/o/r/commit/AE0c3c03fd52ccf42472d970178ad10ba7c8697f",
            )
        ],
    ),
    (
        f"Merged: {GH}/o/r/pull/12.",
        None,
        [("o/r", 12, "pull", f"{GH}/o/r/pull/12", f"{GH}/o/r/pull/12")],
    ),
    (
        f"(see {GH}/o/r/pull/12), then",
        None,
        [("o/r", 12, "pull", f"{GH}/o/r/pull/12", f"{GH}/o/r/pull/12")],
    ),
    (
        "http://www.github.com/O/R/Issues/3",
        None,
        [
            (
                "O/R",
                3,
                "issue",
                "http://www.github.com/O/R/Issues/3",
                "http://www.github.com/O/R/Issues/3",
            )
        ],
    ),
    (
        "github.com/o/r/pull/5 without a scheme",
        None,
        [("o/r", 5, "pull", "github.com/o/r/pull/5", "github.com/o/r/pull/5")],
    ),
    (
        f'[x]( <{GH}/o/r/issues/5> "title")',
        None,
        [("o/r", 5, "issue", f"{GH}/o/r/issues/5", f'[x]( <{GH}/o/r/issues/5> "title")')],
    ),
    (
        f"![screenshot]({GH}/o/r/issues/5)",
        None,
        [("o/r", 5, "issue", f"{GH}/o/r/issues/5", f"![screenshot]({GH}/o/r/issues/5)")],
    ),
    (
        "fixed in jupyterhub/jupyterhub#1057.",
        None,
        [
            (
                "jupyterhub/jupyterhub",
                1057,
                "issue",
                f"{GH}/jupyterhub/jupyterhub/issues/1057",
                "jupyterhub/jupyterhub#1057",
            )
        ],
    ),
    ("* Attribute table #860", "o/r", [("o/r", 860, "issue", f"{GH}/o/r/issues/860", "#860")]),
    (
        "is #471 overlapping with #1525",
        "o/r",
        [
            ("o/r", 471, "issue", f"{GH}/o/r/issues/471", "#471"),
            ("o/r", 1525, "issue", f"{GH}/o/r/issues/1525", "#1525"),
        ],
    ),
    ("VectorTile -> GeoJSON #854?", "o/r", [("o/r", 854, "issue", f"{GH}/o/r/issues/854", "#854")]),
    ("* Reviewed PR 227", "o/r", [("o/r", 227, "pull", f"{GH}/o/r/pull/227", "PR 227")]),
    ("* Closed issue 32 today", "o/r", [("o/r", 32, "issue", f"{GH}/o/r/issues/32", "issue 32")]),
    ("see PR #12", "o/r", [("o/r", 12, "pull", f"{GH}/o/r/pull/12", "PR #12")]),
    ("pull request 12 is up", "o/r", [("o/r", 12, "pull", f"{GH}/o/r/pull/12", "pull request 12")]),
    (
        "discussion #5",
        "o/r",
        [("o/r", 5, "discussion", f"{GH}/o/r/discussions/5", "discussion #5")],
    ),
    (
        f"to vote on [governance PR 226]({GH}/jupyter/governance/pull/226)",
        "d/x",
        [
            (
                "jupyter/governance",
                226,
                "pull",
                f"{GH}/jupyter/governance/pull/226",
                f"[governance PR 226]({GH}/jupyter/governance/pull/226)",
            )
        ],
    ),
    (
        f"* Closed issue 32 on Compass: {GH}/o/compass/issues/42",
        "o/compass",
        [
            ("o/compass", 32, "issue", f"{GH}/o/compass/issues/32", "issue 32"),
            ("o/compass", 42, "issue", f"{GH}/o/compass/issues/42", f"{GH}/o/compass/issues/42"),
        ],
    ),
    (
        f"twice: {GH}/o/r/issues/1 and again {GH}/o/r/issues/1",
        None,
        [
            ("o/r", 1, "issue", f"{GH}/o/r/issues/1", f"{GH}/o/r/issues/1"),
            ("o/r", 1, "issue", f"{GH}/o/r/issues/1", f"{GH}/o/r/issues/1"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "repo", "expected"), REFS, ids=[row[0][:60] for row in REFS])
def test_find_refs(
    text: str, repo: str | None, expected: list[tuple[str, int | str, str, str, str]]
) -> None:
    found = find_refs(text, default_repo=repo)
    got = [(r.repo, r.number, r.kind, r.url, text[r.start : r.end]) for r in found]
    assert got == expected


NOT_REFS = [
    f"[open an issue]({GH}/o/r/issues/new)",
    f"{GH}/o/r/issues/new/choose",
    f"[good first issues]({GH}/o/r/issues?q=is%3Aopen+label%3A%22good+first+issue%22)",
    f"{GH}/o/r/issues",
    f"{GH}/o/r/blob/main/docs/x.md#L12",
    f"<{GH}/o/r/blob/b3cdce0/packages/base/x.py#L3>",
    f"{GH}/o/r/tree/main/packages/vega#api-reference",
    f"{GH}/o/r/projects/2",
    f"[board]({GH}/orgs/jupyter-governance/projects/8/views/1)",
    f"{GH}/o/r/labels/good%20first%20issue",
    f"{GH}/o/r/milestone/3",
    f"{GH}/o/r/pull/12.patch",
    f"{GH}/o/r",
    f"{GH}/o",
    "https://example.org/page#12 and https://example.org/#heading",
    "[see #12](https://example.org/tickets/12)",
    "[back to top](#12)",
    "https://gitlab.com/o/r/-/issues/12",
    "color: #333333; background #fff; fill: #123",
    "&#123; is an entity",
    "`#12` and `o/r#3` and `PR 4` are code",
    "```\n#12 and PR 4 and o/r#5\n```",
    "version 1.2#3",
    "a#12",
    "#012",
    "PR-12 and PR12x",
    "https://github.com/sponsors/x/issues/1",
    "See issue 5.2 of the report",
]


@pytest.mark.parametrize("text", NOT_REFS)
def test_not_refs(text: str) -> None:
    assert find_refs(text, default_repo="d/x") == []


@pytest.mark.parametrize(
    "text",
    ["#12 is next", "PR 226 merged", "issue 32 closed", "see discussion 5"],
)
def test_short_forms_need_a_default_repo(text: str) -> None:
    assert find_refs(text) == []
    assert len(find_refs(text, default_repo="o/r")) == 1


def test_fenced_url_is_skipped_but_inline_code_url_counts() -> None:
    text = f"```\n{GH}/o/r/issues/1\n```\n`{GH}/o/r/issues/2`\n"
    assert [ref.number for ref in find_refs(text)] == [2]


def test_ref_match_is_frozen_and_canonical_url() -> None:
    ref = find_refs(f"{GH}/o/r/pulls/12/files")[0]
    assert ref == RefMatch("o/r", 12, "pull", f"{GH}/o/r/pulls/12/files", 0, len(ref.url))
    with pytest.raises(AttributeError):
        ref.number = 13  # type: ignore[misc]
    assert canonical_url("o/r", 12, "pull") == f"{GH}/o/r/pull/12"
    assert canonical_url("o/r", 12, "discussion") == f"{GH}/o/r/discussions/12"
    assert canonical_url("o/r", "abc1234", "commit") == f"{GH}/o/r/commit/abc1234"


# --- mentions ------------------------------------------------------------------------------

MENTIONS = [
    ("* Zach / Jupyter Cal Poly / @Zsailer", ["Zsailer"]),
    ("* Matt Fisher / \\@mfisher87 / Schmidt DSE", ["mfisher87"]),
    ("* Arjun / \\@arjxn-py / QuantStack", ["arjxn-py"]),
    ("* Kim / [@kimd](https://github.com/kimd) / Org", ["kimd"]),
    ("thanks @kimd, @minrk's and (@ana)!", ["kimd", "minrk", "ana"]),
    ("**@consideRatio** and _@betatim_", ["consideRatio", "betatim"]),
    ("cc:@kimd end with @kimd.", ["kimd", "kimd"]),
    ("* Greg / `@gjmooney` / QuantStack", []),
    ("```\n@decorator\n```", []),
    ("send it to conduct@jupyter.org", []),
    ("leadership meeting @ JupyterCon", []),
    ("install @jupyterlab/application", []),
    ("* Kim / @k.doe / Forge", []),
    ("https://mastodon.social/@user", []),
    ("<https://x.org/@user>", []),
    ("[profile](https://x.org/@user)", []),
    ("follow @user@fosstodon.org", []),
    ("@kim_doe is not a GitHub handle", []),
    ("@-kim and @kim- are not handles", []),
    ("@" + "a" * 39 + " is the longest, @" + "a" * 40 + " too long", ["a" * 39]),
    ("a\\@b escaped but glued", []),
    ("@@kim", []),
]


@pytest.mark.parametrize(("text", "expected"), MENTIONS, ids=[row[0][:50] for row in MENTIONS])
def test_find_mentions(text: str, expected: list[str]) -> None:
    found = find_mentions(text)
    assert [mention.handle for mention in found] == expected
    for mention in found:
        assert text[mention.start : mention.end] in (f"@{mention.handle}", f"\\@{mention.handle}")


STRIP = [
    ("@kimd", "kimd"),
    ("`@kimd`", "kimd"),
    ("\\@kimd", "kimd"),
    ("[@kimd](https://github.com/kimd)", "kimd"),
    ("[Kim Doe](https://github.com/kimD)", "kimD"),
    ("https://github.com/kimd/", "kimd"),
    ("kimd", "kimd"),
    (" @consideRatio ", "consideRatio"),
    ("(kimD)", "kimD"),
    ("**@kimd**", "kimd"),
    ("@arjxn-py", "arjxn-py"),
    ("@k.doe", None),
    ("@org/pkg", None),
    ("kim@example.org", None),
    ("GitHub handle", None),
    ("", None),
    ("@", None),
    ("@-kim", None),
    ("a" * 40, None),
]


@pytest.mark.parametrize(("token", "expected"), STRIP)
def test_strip_handle(token: str, expected: str | None) -> None:
    assert strip_handle(token) == expected


# --- hostile input -------------------------------------------------------------------------

MEGABYTE = 1_000_000
HOSTILE = [
    "a" * MEGABYTE,
    "[" * MEGABYTE,
    "[a" * (MEGABYTE // 2),
    "](" * (MEGABYTE // 2),
    "`" * MEGABYTE,
    "` `` ```" * (MEGABYTE // 8),
    "".join("`" * k + "a" for k in range(1, 1400)),
    "@" * MEGABYTE,
    "a@" * (MEGABYTE // 2),
    "<" * MEGABYTE,
    "<https://" * (MEGABYTE // 9),
    "https://github.com/" * (MEGABYTE // 19),
    "\\" * MEGABYTE,
]


@pytest.mark.parametrize("line", HOSTILE, ids=[repr(line[:10]) for line in HOSTILE])
def test_megabyte_line_is_fast(line: str) -> None:
    started = time.perf_counter()
    find_refs(line, default_repo="o/r")
    find_mentions(line)
    strip_handle(line)
    assert time.perf_counter() - started < 2.0


# --- the seed note and the corpus ----------------------------------------------------------


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.shared
def test_seed_note_refs() -> None:
    text = _read(SEED)
    found = [(r.repo, r.number, r.kind) for r in find_refs(text)]
    assert found == [
        ("jupyterhub/mybinder.org-deploy", 759, "issue"),
        ("binder-examples/apt_install", 4, "pull"),
        ("jupyterlab/jupyterlab", 6099, "pull"),
        ("jupyterhub/mybinder.org-deploy", 759, "issue"),
        ("jupyterhub/jupyterhub", 1057, "issue"),
    ]
    assert "the-turing-way/blob" in text  # the blob/ link is there, and is no reference


@pytest.mark.shared
def test_seed_note_mentions() -> None:
    handles = [mention.handle for mention in find_mentions(_read(SEED))]
    assert handles == [
        "Zsailer",
        "minrk",
        "pherterich",
        "consideratio",
        "sgibson91",
        "lheagy",
        "betatim",
        "jhamman",
        "ellisonbg",
        "kannes",
    ]


@pytest.mark.shared
def test_jupyter_ec_2024_refs() -> None:
    text = _read(CORPUS / "jupyter-ec" / "meeting_notes" / "2024.md")
    found = [(text.count("\n", 0, r.start) + 1, r.repo, r.number, r.kind) for r in find_refs(text)]
    gov, compass = "jupyter/governance", "jupyter-governance/ec-team-compass"
    assert found == [
        (55, gov, 244, "issue"),
        (140, gov, 238, "pull"),
        (141, "jupyter/jupyter.github.io", 773, "pull"),
        (163, compass, 55, "issue"),
        (308, compass, 42, "issue"),
        (327, gov, 234, "pull"),
        (371, gov, 226, "pull"),
        (407, gov, 226, "pull"),
        (416, gov, 226, "pull"),
        (422, gov, 226, "pull"),
        (443, gov, 226, "pull"),
        (444, gov, 226, "pull"),  # [url/commits/sha](url/commits/sha): the pull, once
        (474, gov, 226, "pull"),
        (474, gov, 228, "pull"),
        (476, "jupyter/enhancement-proposals", 123, "pull"),
        (476, "jupyter/enhancement-proposals", 123, "pull"),  # the #issuecomment link
        (510, compass, 31, "issue"),
    ]
    with_repo = find_refs(text, default_repo=compass)
    short = [text[r.start : r.end] for r in with_repo if "github.com" not in text[r.start : r.end]]
    assert short == ["PR 227", "issue 32", "PR 226"]  # "[PR 226](url)" stays one ref
    assert len(with_repo) == len(found) + 3


_GITHUB_OBJECT = re.compile(
    r"github\.com/[\w.-]+/[\w.\\-]+/(?:issues|pulls?|discussions)/\d+(?![\w.])"
    r"|github\.com/[\w.-]+/[\w.\\-]+/commit/[0-9a-f]{7,40}"
)
_GITHUB_OTHER = re.compile(r"github\.com/[\w.-]+/[\w.-]+/(?:blob|tree|projects|labels|milestone)/")


def _corpus_files() -> list[Path]:
    return sorted(CORPUS.rglob("*.md"))


@pytest.mark.shared
def test_corpus_every_github_object_url_is_in_exactly_one_ref() -> None:
    checked = 0
    for path in _corpus_files():
        text = path.read_text(encoding="utf-8")
        refs = find_refs(text)
        spans = [(r.start, r.end) for r in refs]
        assert spans == sorted(spans), path
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), path
        for found in _GITHUB_OBJECT.finditer(text):
            inside = [r for r in refs if r.start <= found.start() < r.end]
            assert len(inside) == 1, (path, found.group())
            checked += 1
        for found in _GITHUB_OTHER.finditer(text):
            assert not any(r.start <= found.start() < r.end for r in refs), (path, found.group())
    assert checked > 150


@pytest.mark.shared
def test_corpus_roll_call_handles() -> None:
    """Every `/ \\@handle /` or `/ @handle /` field of a geojupyter roll call is a mention."""
    files = [p for p in _corpus_files() if "geojupyter" in p.parts]
    field = re.compile(r"^\* [^/\n]+/ (\\?@[\w-]+) /", re.MULTILINE)
    count = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        handles = {mention.handle for mention in find_mentions(text)}
        for found in field.finditer(text):
            assert strip_handle(found.group(1)) in handles, (path, found.group())
            count += 1
    assert count > 100
