"""The benchmark's archive generator (bench/generate.py): deterministic and realistic.

Only the generator's output is tested here: its determinism and its shape. The benchmark
runner is never run by the test suite and no test asserts a time (issue 8).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
import yaml

BENCH = Path(__file__).resolve().parents[2] / "bench"
NOTES = 60
SEED = 5


def _load_generator() -> ModuleType:
    """Import bench/generate.py, a script rather than a package module."""
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One archive of NOTES meetings shared by the shape tests."""
    out = tmp_path_factory.mktemp("archive")
    gen.generate(out, NOTES, SEED)
    return out


def _tree(root: Path) -> dict[str, bytes]:
    """Every file under `root`, by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


ARCHIVE_HEADING = re.compile(
    r"^## (?:(\d{1,2}) ([A-Z][a-z]+) (\d{4})|(\d{4})-(\d{2})-(\d{2})"
    r"|([A-Z][a-z]+) (\d{1,2})(?:st|nd|rd|th) (\d{4}))$",
    re.M,
)
MONTH = {name: i + 1 for i, name in enumerate(gen.MONTHS)}


def _heading_date(match: re.Match[str]) -> dt.date:
    """The date an archive heading names, in any of the three shapes written."""
    g = match.groups()
    if g[0]:
        return dt.date(int(g[2]), MONTH[g[1]], int(g[0]))
    if g[3]:
        return dt.date(int(g[3]), int(g[4]), int(g[5]))
    return dt.date(int(g[8]), MONTH[g[6]], int(g[7]))


def _meetings(root: Path) -> list[tuple[str, str]]:
    """(series, text) of every meeting: one per dated file, one per archive section."""
    meetings: list[tuple[str, str]] = []
    for path in sorted((root / "docs" / "meetings").rglob("*.md")):
        series = path.parent.name
        text = path.read_text(encoding="utf-8")
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", path.stem):
            meetings.append((series, text))
        else:
            starts = [m.start() for m in ARCHIVE_HEADING.finditer(text)]
            for a, b in zip(starts, [*starts[1:], len(text)], strict=True):
                meetings.append((series, text[a:b]))
    return meetings


class _TaggedLoader(yaml.SafeLoader):
    """Reads mkdocs configs: `!!python/name:x` becomes the string `x`."""


_TaggedLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/name:", lambda loader, suffix, node: f"python/name:{suffix}"
)


def _config(root: Path, kind: str) -> dict[str, object]:
    """A generated mkdocs config, parsed."""
    return yaml.load((root / f"{kind}.yml").read_text(encoding="utf-8"), Loader=_TaggedLoader)


# ----------------------------------------------------------------------- determinism --
def test_same_notes_and_seed_give_byte_identical_files(tmp_path: Path) -> None:
    gen.generate(tmp_path / "a", 40, 11)
    gen.generate(tmp_path / "b", 40, 11)
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert sorted(a) == sorted(b)
    assert [k for k in a if a[k] != b[k]] == []


def test_another_seed_gives_other_notes(tmp_path: Path) -> None:
    gen.generate(tmp_path / "a", 40, 11)
    gen.generate(tmp_path / "b", 40, 12)
    a, b = _tree(tmp_path / "a" / "docs"), _tree(tmp_path / "b" / "docs")
    assert a != b


def test_regenerating_a_smaller_archive_removes_stale_notes(tmp_path: Path) -> None:
    gen.generate(tmp_path, 50, 1)
    gen.generate(tmp_path, 20, 1)
    fresh = tmp_path / "fresh"
    gen.generate(fresh, 20, 1)
    assert _tree(tmp_path / "docs") == _tree(fresh / "docs")


# ------------------------------------------------------------------------------ files --
@pytest.mark.parametrize("notes", [3, 17, 60, 250])
def test_counts_meetings_not_files(tmp_path: Path, notes: int) -> None:
    manifest = gen.generate(tmp_path, notes, 2)
    meetings = _meetings(tmp_path)
    assert len(meetings) == notes
    assert dict(Counter(s for s, _ in meetings)) == manifest["meetings"]


def test_layout_has_dated_files_and_yearly_archives(archive: Path) -> None:
    meetings_dir = archive / "docs" / "meetings"
    assert sorted(p.name for p in meetings_dir.iterdir()) == ["community", "infra", "team"]
    for series in ("community", "infra"):
        names = [p.name for p in (meetings_dir / series).iterdir()]
        assert names and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}\.md", n) for n in names)
    yearly = sorted((meetings_dir / "team").iterdir())
    assert yearly and all(re.fullmatch(r"\d{4}\.md", p.name) for p in yearly)
    for path in yearly:
        text = path.read_text(encoding="utf-8")
        dates = [_heading_date(m) for m in ARCHIVE_HEADING.finditer(text)]
        assert dates == sorted(set(dates), reverse=True)  # newest first, no duplicate
        assert {d.year for d in dates} == {int(path.stem)}


def test_archive_headings_are_mostly_day_month_year(archive: Path) -> None:
    text = "".join(
        p.read_text(encoding="utf-8") for p in (archive / "docs/meetings/team").iterdir()
    )
    shapes = Counter(
        "dmy" if m.group(1) else "iso" if m.group(4) else "mdy"
        for m in ARCHIVE_HEADING.finditer(text)
    )
    assert shapes.most_common(1)[0][0] == "dmy"


def test_average_meeting_is_about_nine_kilobytes(archive: Path) -> None:
    sizes = [len(text.encode("utf-8")) for _, text in _meetings(archive)]
    assert 7_500 <= sum(sizes) / len(sizes) <= 11_000


# --------------------------------------------------------------------- note sections --
ROLL_LINE = re.compile(r"^\* (?!name / )[^/\n]+ / [^\n]* / [^\n]+$", re.M)
ITEM_LINE = re.compile(r"^\* .+ (\[[^\]]+\]|\(\d+ mins\))$", re.M)


def _section(text: str, title: str) -> str:
    """The body of the section whose heading contains `title`."""
    match = re.search(rf"^#{{2,3}} [^\n]*{title}[^\n]*\n(.*?)(?=^#{{2,3}} |\Z)", text, re.M | re.S)
    assert match, title
    return match.group(1)


@pytest.mark.parametrize(
    ("section", "pattern", "low", "high"),
    [
        ("Welcome|Attendees", ROLL_LINE, 8, 12),
        ("Agenda items", ITEM_LINE, 5, 8),
        ("Action items", re.compile(r"^(- \[[ x]\] \w+: |\* \w+ to |-> )", re.M), 2, 5),
        ("Celebrations", re.compile(r"^\* (?!add item here)", re.M), 1, 4),
    ],
)
def test_every_meeting_has_its_sections(
    archive: Path, section: str, pattern: re.Pattern[str], low: int, high: int
) -> None:
    for _, text in _meetings(archive):
        body = _section(text, f"(?:{section})")
        assert low <= len(pattern.findall(body)) <= high, body[:300]


def test_updates_are_per_person_bullets(archive: Path) -> None:
    for _, text in _meetings(archive):
        body = _section(text, "60 second updates")
        authors = re.findall(r"^\* (?:\*\*)?([A-Z][a-z]+):(?:\*\*)? ", body, re.M)
        assert len(authors) >= 5
        assert "* name: update or pass" in body


def test_agenda_items_nest_by_two_spaces(archive: Path) -> None:
    indents = Counter()
    for _, text in _meetings(archive):
        for line in _section(text, "Agenda items").splitlines():
            if line.lstrip().startswith("* "):
                indents[len(line) - len(line.lstrip())] += 1
    assert set(indents) <= {0, 2, 4, 6}
    assert indents[2] > indents[0] and indents[4] > 0


def test_actions_come_in_every_shape(archive: Path) -> None:
    text = "\n".join(t for _, t in _meetings(archive))
    for shape in (r"^- \[ \] \w+: ", r"^- \[x\] \w+: ~~", r"^\* \w+ to ", r"^-> ", r"^  \* -> "):
        assert re.search(shape, text, re.M), shape


# ------------------------------------------------------------------ people and topics --
def test_people_registry(archive: Path) -> None:
    people = yaml.safe_load((archive / "docs/people.yml").read_text(encoding="utf-8"))
    assert isinstance(people, list) and 80 <= len(people) <= 150
    for person in people:
        assert set(person) == {"handle", "name", "aliases", "affiliation"}
        assert re.fullmatch(r"[A-Za-z0-9](?:-?[A-Za-z0-9])*", person["handle"])
        assert isinstance(person["aliases"], list) and person["name"]
    handles = [p["handle"].lower() for p in people]
    assert len(handles) == len(set(handles))


def test_roll_calls_draw_from_about_150_people(tmp_path: Path) -> None:
    gen.generate(tmp_path, 300, 4)
    handles = Counter()
    for _, text in _meetings(tmp_path):
        for line in ROLL_LINE.findall(text):
            handle = re.match(r"[\[`]?@?([A-Za-z0-9-]+)", line.split(" / ")[-1])
            assert handle, line
            handles[handle.group(1).lower()] += 1
    assert 100 <= len(handles) <= 150
    assert handles.most_common(1)[0][1] >= 10 * sorted(handles.values())[len(handles) // 2] / 3


def test_handles_and_names_have_variants(archive: Path) -> None:
    text = "\n".join(t for _, t in _meetings(archive))
    spellings: dict[str, set[str]] = {}
    for handle in re.findall(r"@([A-Za-z0-9-]+)", text):
        spellings.setdefault(handle.lower(), set()).add(handle)
    assert any(len(s) > 1 for s in spellings.values())  # @KimDoe and @kimdoe
    people = yaml.safe_load((archive / "docs/people.yml").read_text(encoding="utf-8"))
    assert sum(len(p["aliases"]) > 1 for p in people) >= 5  # written under several names


def test_topics_registry_and_recurrence(archive: Path) -> None:
    topics = yaml.safe_load((archive / "docs/topics.yml").read_text(encoding="utf-8"))
    assert 20 <= len(topics) <= 30
    for topic in topics:
        assert set(topic) == {"id", "name", "description", "aliases", "match"}
        assert topic["match"] and isinstance(topic["aliases"], list)
    items = "\n".join(
        m.group(0).lower()
        for _, text in _meetings(archive)
        for m in ITEM_LINE.finditer(_section(text, "Agenda items"))
    )
    recurring = [
        t["id"]
        for t in topics
        if sum(items.count(p.lower()) for p in [*t["match"], t["name"], *t["aliases"]]) >= 3
    ]
    assert len(recurring) >= 10


# ---------------------------------------------------------------- GitHub references --
GITHUB = re.compile(r"https://github\.com/([\w.-]+/[\w.-]+)/(issues|pull|discussions)/(\d+)")


def test_two_to_three_references_per_meeting_from_a_recurring_set(tmp_path: Path) -> None:
    gen.generate(tmp_path, 400, 9)
    meetings = _meetings(tmp_path)
    refs = [
        (m.group(1), m.group(3))
        for _, text in meetings
        for m in GITHUB.finditer(
            re.sub(r"\[([^\]]*)\]\((https://github\.com/[^)]*)\)", r"\2", text)
        )
        if "/issues/" in m.group(0) or "/pull/" in m.group(0) or "/discussions/" in m.group(0)
    ]
    per_meeting = len(refs) / len(meetings)
    assert 2.0 <= per_meeting <= 3.2
    counts = Counter(refs)
    assert 0.2 * len(meetings) <= len(counts) <= 0.5 * len(meetings)  # a few hundred per 1,000
    top = sum(n for _, n in counts.most_common(len(counts) // 10))
    assert top >= 0.3 * len(refs)  # Zipf-like: the top tenth carries a large share


def test_reference_shapes(archive: Path) -> None:
    text = "\n".join(t for _, t in _meetings(archive))
    for shape in (
        r"\[#\d+\]\(https://github\.com/",
        r"<https://github\.com/[^>]+>",
        r"(?<![(<\[])https://github\.com/\S+/(issues|pull)/\d+(?![)>\]])",
    ):
        assert re.search(shape, text), shape


# ------------------------------------------------------------- configs and manifest --
EXTENSIONS = [
    {"toc": {"permalink": True}},
    "admonition",
    "attr_list",
    "pymdownx.details",
    "pymdownx.superfences",
    {"pymdownx.tasklist": {"custom_checkbox": True}},
    {
        "pymdownx.emoji": {
            "emoji_index": "python/name:material.extensions.emoji.twemoji",
            "emoji_generator": "python/name:material.extensions.emoji.to_svg",
        }
    },
    "pymdownx.magiclink",
]


@pytest.mark.parametrize(
    ("kind", "plugins"),
    [
        ("baseline", ["search"]),
        ("minutes", ["search", {"minutes": {"people": "people.yml", "topics": "topics.yml"}}]),
    ],
)
def test_mkdocs_configs(archive: Path, kind: str, plugins: list[object]) -> None:
    config = _config(archive, kind)
    assert config["theme"] == {"name": "material"}
    assert config["plugins"] == plugins
    assert config["nav"] == ["index.md"]
    assert config["docs_dir"] == "docs"
    assert config["site_dir"] == f"site-{kind}"
    assert config["markdown_extensions"] == EXTENSIONS
    assert (archive / "docs" / "index.md").is_file()


def test_configs_differ_only_by_plugin_and_site(archive: Path) -> None:
    base, minutes = _config(archive, "baseline"), _config(archive, "minutes")
    different = {k for k in base.keys() | minutes.keys() if base.get(k) != minutes.get(k)}
    assert different == {"plugins", "site_dir", "site_name"}


def test_manifest_points_at_real_notes_and_terms(archive: Path) -> None:
    import json

    manifest = json.loads((archive / "bench.json").read_text(encoding="utf-8"))
    edit = archive / manifest["edit_note"]
    assert edit.is_file()
    assert (
        manifest["edit_url"] == edit.relative_to(archive / "docs").with_suffix("").as_posix() + "/"
    )
    meetings = _meetings(archive)
    rare = [t for _, t in meetings if manifest["rare_term"] in t]
    assert len(rare) == 1
    assert manifest["rare_term"] in (archive / "docs" / manifest["rare_note"]).read_text()
    common = [t for _, t in meetings if manifest["common_term"] in t.lower()]
    assert len(common) >= 0.8 * len(meetings)
