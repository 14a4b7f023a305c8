"""Inline SVG charts: well-formed, accessible, escaped, Markdown-safe and small."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest

from mkdocs_minutes.pages import charts
from mkdocs_minutes.pages.charts import (
    CHART_CSS,
    MAX_POINTS,
    activity_chart,
    attendance_strip,
    bar_chart,
    line_chart,
    monthly_counts,
)

SVG = "{http://www.w3.org/2000/svg}"
CORPUS = Path(__file__).parents[2] / ".." / "shared" / "corpus"
HOSTILE = "<script>alert('x')</script> & \"quotes\" __init__ *stars* `tick`"
D = dt.date


def _ten_years(n: int = 5000, seed: int = 7) -> list[dt.date]:
    rng = random.Random(seed)
    start = D(2015, 1, 1)
    return sorted(start + dt.timedelta(days=rng.randrange(3652)) for _ in range(n))


def _make(kind: str, data: list, prefix: str = "c", **extra) -> str:
    common = {"title": extra.pop("title", "A chart"), "desc": "What it shows.", "id_prefix": prefix}
    if kind == "bar":
        return bar_chart(data, **common, **extra)
    if kind == "line":
        return line_chart(data, **common, **extra)
    if kind == "strip":
        return attendance_strip(data, **common, **extra)
    return activity_chart(data, **common, **extra)


def _svg(out: str) -> ET.Element:
    root = ET.fromstring(out)
    assert root.tag == "div"
    svg = root.find(f"{SVG}svg")
    assert svg is not None
    return svg


def _tooltips(svg: ET.Element, tag: str = "rect") -> list[str]:
    return [t.text or "" for el in svg.iter(f"{SVG}{tag}") for t in el.findall(f"{SVG}title")]


# one row per input shape: (kind, data, extra keyword arguments)
CASES = [
    ("bar", [("2019-03", 4), ("2019-04", 0), ("2019-05", 7)], {"y_label": "meetings"}),
    ("bar", [("2019-03", 1)], {"highlight_last": True}),
    ("bar", [(HOSTILE, 3), ("b&b", 2.5)], {"y_label": HOSTILE}),
    ("bar", [("a", float("nan")), ("b", -3), ("c", float("inf")), ("d", 0)], {}),
    ("bar", [("2020-01", 0.2), ("2020-02", 0.05)], {}),
    ("bar", [], {}),
    ("line", [(D(2019, 3, 21), 7), (D(2019, 3, 28), 9), (D(2021, 1, 7), 4)], {"y_label": "people"}),
    ("line", [(D(2019, 3, 21), 7)], {}),
    ("line", [(D(2019, 3, 21), 7), (D(2019, 3, 21), 3)], {}),
    ("line", [], {}),
    ("strip", [(D(2019, 3, 21), True), (D(2019, 3, 28), False), (D(2020, 5, 1), True)], {}),
    ("strip", [(D(2019, 3, 21), False)], {}),
    ("strip", [], {}),
    ("activity", [D(2019, 3, 21), D(2019, 3, 22), D(2019, 7, 1)], {}),
    ("activity", [D(2019, 3, 21)], {"bucket": "year"}),
    ("activity", [], {}),
]


@pytest.mark.parametrize(("kind", "data", "extra"), CASES)
def test_chart_is_one_well_formed_accessible_svg(kind: str, data: list, extra: dict) -> None:
    out = _make(kind, data, prefix="home-chart", **extra)
    assert "\n" not in out and "\r" not in out  # one raw HTML line: no blank line, no code
    assert out.startswith('<div class="minutes-chart') and out.endswith("</svg></div>")
    svg = _svg(out)
    assert svg.get("role") == "img"
    assert svg.get("width") == "100%"
    assert re.fullmatch(r"0 0 \d+ \d+", svg.get("viewBox", ""))
    assert svg.get("aria-labelledby") == "home-chart-title home-chart-desc"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and title.get("id") == "home-chart-title"
    assert desc is not None and desc.get("id") == "home-chart-desc"
    assert title.text == "A chart"
    assert desc.text.startswith("What it shows.")
    assert "nan" not in out and "inf" not in out


@pytest.mark.parametrize(("kind", "data", "extra"), CASES)
def test_chart_survives_markdown_untouched(kind: str, data: list, extra: dict) -> None:
    """Python-Markdown must pass the chart through as a raw HTML block, labels unprocessed."""
    out = _make(kind, data, title=HOSTILE, **extra)
    exts = ["attr_list", "md_in_html", "tables", "toc", "admonition", "pymdownx.superfences"]
    page = markdown.markdown(
        f"# Overview\n\nSome *text*.\n\n{out}\n\nMore text.\n", extensions=exts
    )
    assert out in page
    assert "<p><div" not in page


@pytest.mark.parametrize("kind", ["bar", "line", "strip", "activity"])
def test_empty_input_says_no_data_yet(kind: str) -> None:
    svg = _svg(_make(kind, []))
    assert [t.text for t in svg.iter(f"{SVG}text")] == ["No data yet"]
    assert svg.get("role") == "img" and svg.find(f"{SVG}title").text == "A chart"


def test_hostile_text_is_escaped_everywhere() -> None:
    out = bar_chart(
        [(HOSTILE, 3), ("ok", 1)], title=HOSTILE, desc=HOSTILE, id_prefix="x", y_label=HOSTILE
    )
    assert "<script" not in out and "__init__" in out
    svg = _svg(out)
    assert svg.find(f"{SVG}title").text == HOSTILE
    assert svg.find(f"{SVG}desc").text == HOSTILE
    assert _tooltips(svg) == [f"{HOSTILE}: 3", "ok: 1"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two\n\nparagraphs", "two paragraphs"),  # a blank line would end the HTML block
        ("tab\tand  spaces", "tab and spaces"),
        ("bell\x07 and nul\x00", "bell and nul"),  # not allowed in XML at all
        ("emoji 🎉 ünïcödé", "emoji 🎉 ünïcödé"),
    ],
)
def test_text_is_one_clean_line(text: str, expected: str) -> None:
    out = bar_chart([(text, 1)], title=text, desc="d", id_prefix="p")
    svg = _svg(out)
    assert svg.find(f"{SVG}title").text == expected
    assert _tooltips(svg) == [f"{expected}: 1"]


def test_ids_are_unique_across_charts_on_one_page() -> None:
    dates = [D(2019, 3, 21), D(2019, 4, 4)]
    page = "".join(
        [
            bar_chart(monthly_counts(dates), title="a", desc="a", id_prefix="overview-months"),
            line_chart([(d, 3) for d in dates], title="b", desc="b", id_prefix="overview-people"),
            attendance_strip([(d, True) for d in dates], title="c", desc="c", id_prefix="p-ann"),
            activity_chart(dates, title="d", desc="d", id_prefix="t-jupytergis"),
        ]
    )
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == 8 and len(set(ids)) == 8
    for labelled in re.findall(r'aria-labelledby="([^"]+)"', page):
        assert all(token in ids for token in labelled.split())


@pytest.mark.parametrize(
    ("prefix", "title_id"),
    [
        ("topic/jupyter gis", "topic-jupyter-gis-title"),
        ('a"><b', "a-b-title"),
        ("", "minutes-chart-title"),
        ("person_ann-2", "person_ann-2-title"),
    ],
)
def test_id_prefix_becomes_a_valid_id(prefix: str, title_id: str) -> None:
    svg = _svg(bar_chart([("a", 1)], title="t", desc="d", id_prefix=prefix))
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert svg.get("aria-labelledby").split()[0] == title_id


def test_bar_heights_follow_values_and_zero_bars_are_skipped() -> None:
    svg = _svg(
        bar_chart([("a", 2), ("b", 0), ("c", 6), ("d", 4)], title="t", desc="d", id_prefix="p")
    )
    rects = list(svg.iter(f"{SVG}rect"))
    assert _tooltips(svg) == ["a: 2", "c: 6", "d: 4"]
    heights = [float(r.get("height")) for r in rects]
    assert heights[1] == pytest.approx(3 * heights[0]) and heights[2] == pytest.approx(
        2 * heights[0]
    )
    xs = [float(r.get("x")) for r in rects]
    assert xs == sorted(xs)


@pytest.mark.parametrize(
    ("highlight", "classes"), [(True, ["mc-bar", "mc-hl"]), (False, ["mc-bar", "mc-bar"])]
)
def test_highlight_last(highlight: bool, classes: list[str]) -> None:
    svg = _svg(
        bar_chart(
            [("a", 1), ("b", 2)], title="t", desc="d", id_prefix="p", highlight_last=highlight
        )
    )
    assert [r.get("class") for r in svg.iter(f"{SVG}rect")] == classes


def _x_label_texts(svg: ET.Element) -> list[tuple[float, str]]:
    """Labels drawn centred under the plot (the y-axis labels are right-aligned)."""
    return [
        (float(t.get("x")), t.text or "")
        for t in svg.iter(f"{SVG}text")
        if t.get("text-anchor") == "middle"
    ]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # few bars: every label
        ([("2019-03", 1), ("2019-04", 2), ("2019-05", 3)], ["2019-03", "2019-04", "2019-05"]),
        # a year of months: every other month
        (
            monthly_counts([D(2019, 1, 5), D(2019, 12, 5)]),
            [f"2019-{m:02d}" for m in range(1, 13, 2)],
        ),
        # ten years of months: the years, at each January
        (monthly_counts([D(2015, 1, 5), D(2024, 12, 5)]), [str(y) for y in range(2015, 2025)]),
        # quarters starting mid-year: the partial first year labelled when there is room
        (
            [(f"{y}-Q{q}", 1) for y in range(2016, 2024) for q in range(1, 5)][1:],
            [str(y) for y in range(2016, 2024)],
        ),
        (
            [(f"{y}-Q{q}", 1) for y in range(2016, 2024) for q in range(1, 5)][3:],
            [str(y) for y in range(2017, 2024)],
        ),
        # plain categories: thinned, first one kept
        ([(f"item {i}", i) for i in range(100)], None),
    ],
)
def test_x_labels_are_thinned_without_overlap(values: list, expected: list[str] | None) -> None:
    labels = _x_label_texts(_svg(bar_chart(values, title="t", desc="d", id_prefix="p")))
    if expected is not None:
        assert [text for _, text in labels] == expected
    else:
        assert 3 < len(labels) < 20 and labels[0][1] == "item 0"
    for (x1, t1), (x2, t2) in itertools.pairwise(labels):
        assert x2 - x1 >= (len(t1) + len(t2)) * 7 / 2  # no two labels overlap


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ([], []),
        ([D(2019, 3, 21)], [("2019-03", 1)]),
        ([D(2019, 3, 31), D(2019, 3, 1), D(2019, 3, 15)], [("2019-03", 3)]),
        (
            [D(2019, 11, 2), D(2020, 2, 29), D(2019, 11, 30)],
            [("2019-11", 2), ("2019-12", 0), ("2020-01", 0), ("2020-02", 1)],
        ),
        ((d for d in [D(2020, 1, 1), D(2020, 2, 1)]), [("2020-01", 1), ("2020-02", 1)]),
    ],
)
def test_monthly_counts(dates, expected: list[tuple[str, int]]) -> None:
    assert monthly_counts(dates) == expected


@pytest.mark.parametrize(
    ("first", "last", "bucket", "first_label", "last_label"),
    [
        (D(2019, 3, 1), D(2019, 3, 30), "auto", "2019-03", "2019-03"),
        (D(2019, 1, 1), D(2021, 12, 31), "auto", "2019-01", "2021-12"),  # 36 months
        (D(2019, 1, 1), D(2022, 1, 1), "auto", "2019-Q1", "2022-Q1"),  # 37 months
        (D(2016, 5, 1), D(2025, 12, 1), "auto", "2016-Q2", "2025-Q4"),
        (D(2001, 5, 1), D(2025, 12, 1), "auto", "2001", "2025"),
        (D(2019, 3, 1), D(2019, 3, 30), "quarter", "2019-Q1", "2019-Q1"),
        (D(2019, 1, 1), D(2024, 1, 1), "month", "2019-01", "2024-01"),
    ],
)
def test_activity_buckets(first, last, bucket, first_label, last_label) -> None:
    dates = [first, first, last, first + (last - first) / 2]
    tips = _tooltips(_svg(activity_chart(dates, title="t", desc="d", id_prefix="p", bucket=bucket)))
    assert tips[0].startswith(f"{first_label}: ") and tips[-1].startswith(f"{last_label}: ")
    assert sum(int(t.rsplit(": ", 1)[1]) for t in tips) == len(dates)


def test_activity_rejects_unknown_bucket() -> None:
    with pytest.raises(ValueError, match="bucket"):
        activity_chart([D(2019, 1, 1)], title="t", desc="d", id_prefix="p", bucket="week")


def test_line_chart_draws_each_meeting_until_it_averages() -> None:
    few = [(D(2019, 1, 1) + dt.timedelta(weeks=i), i % 9) for i in range(MAX_POINTS)]
    svg = _svg(line_chart(few, title="t", desc="Attendees.", id_prefix="p"))
    assert len(list(svg.iter(f"{SVG}circle"))) == MAX_POINTS
    assert svg.find(f"{SVG}desc").text == "Attendees."
    many = [(d, 10) for d in _ten_years()]
    svg = _svg(line_chart(many, title="t", desc="Attendees.", id_prefix="p"))
    assert len(list(svg.iter(f"{SVG}circle"))) == 120  # ten years of monthly averages
    assert (
        svg.find(f"{SVG}desc").text
        == "Attendees. Each dot is a monthly average (5000 meetings in all)."
    )
    assert all(t.endswith(": 10") for t in _tooltips(svg, "circle"))


def test_line_chart_x_axis_shows_years() -> None:
    points = [(D(2019, 6, 1), 3), (D(2020, 6, 1), 5), (D(2022, 6, 1), 4)]
    labels = [
        t for _, t in _x_label_texts(_svg(line_chart(points, title="t", desc="d", id_prefix="p")))
    ]
    assert labels == ["2019", "2020", "2021", "2022"]


def test_attendance_strip_marks_attended_meetings() -> None:
    meetings = [(D(2019, 3, 28), False), (D(2019, 3, 21), True), (D(2019, 4, 4), True)]
    svg = _svg(attendance_strip(meetings, title="t", desc="d", id_prefix="p"))
    by_tip = {t.find(f"{SVG}title").text: t for t in svg.iter(f"{SVG}rect")}
    assert set(by_tip) == {"2019-03-21: attended", "2019-03-28: missed", "2019-04-04: attended"}
    assert by_tip["2019-03-21: attended"].get("class") == "mc-on"
    assert by_tip["2019-03-28: missed"].get("class") == "mc-off"
    on, off = by_tip["2019-03-21: attended"], by_tip["2019-03-28: missed"]
    assert float(on.get("height")) > float(off.get("height"))  # readable without colour


def test_attendance_of_a_flag_string_is_the_strip_of_its_pairs() -> None:
    """A person page caches its strip by every meeting's dates and a string of flags."""
    dates = (D(2019, 3, 21), D(2019, 3, 28), D(2019, 4, 4))
    drawn = charts.attendance_of(dates, "101", title="t", desc="d", id_prefix="p")
    pairs = [(dates[0], True), (dates[1], False), (dates[2], True)]
    assert drawn == attendance_strip(pairs, title="t", desc="d", id_prefix="p")
    with pytest.raises(ValueError):
        charts.attendance_of(dates, "10", title="t", desc="d", id_prefix="p")


def test_attendance_strip_merges_close_meetings_by_share_attended() -> None:
    days = [D(2019, 3, 18) + dt.timedelta(days=i) for i in range(7)]
    meetings = [(d, i < 4) for d in days for i in range(10)]  # 4 of 10 attended each day
    svg = _svg(attendance_strip(meetings, title="t", desc="d", id_prefix="p"))
    tips = _tooltips(svg)
    assert tips.count("2019-03-18: 4 of 10 attended") == 2  # the missed and attended parts
    heights = {r.get("class"): float(r.get("height")) for r in svg.iter(f"{SVG}rect")}
    assert heights["mc-on"] == pytest.approx(34 * 0.4)


@pytest.mark.parametrize("kind", ["bar", "line", "strip", "activity", "bar-raw"])
def test_ten_years_of_5000_meetings_stay_small(kind: str) -> None:
    dates = _ten_years()
    rng = random.Random(1)
    data = {
        "bar": monthly_counts(dates),
        "line": [(d, rng.randint(3, 40)) for d in dates],
        "strip": [(d, rng.random() < 0.3) for d in dates],
        "activity": dates,
        "bar-raw": [(str(d), rng.randint(0, 9)) for d in dates],  # a caller that forgot to bucket
    }[kind]
    extra = {"y_label": "meetings"} if kind in ("bar", "line") else {}
    out = _make(kind.removesuffix("-raw"), data, **extra)
    assert len(out) < 60_000
    _svg(out)


def test_css_covers_every_class_and_uses_material_colours() -> None:
    dates = [D(2019, 3, 21), D(2019, 3, 28)]
    outs = [
        bar_chart([("a", 1), ("b", 2)], title="t", desc="d", id_prefix="a", highlight_last=True),
        line_chart([(d, 2) for d in dates], title="t", desc="d", id_prefix="b"),
        attendance_strip([(dates[0], True), (dates[1], False)], title="t", desc="d", id_prefix="c"),
        bar_chart([], title="t", desc="d", id_prefix="e"),
    ]
    classes = {
        c for out in outs for attr in re.findall(r'class="([^"]+)"', out) for c in attr.split()
    }
    assert {"mc-bar", "mc-hl", "mc-line", "mc-dot", "mc-on", "mc-off", "mc-label"} <= classes
    for cls in classes:
        if not cls.startswith("minutes-chart-"):  # chart-kind modifiers are hooks for sites
            assert f".{cls}" in CHART_CSS, cls
    for prop in ("--md-primary-fg-color", "--md-accent-fg-color", "--md-default-fg-color--light"):
        assert f"var({prop}" in CHART_CSS
    assert "currentColor" in outs[0]


def test_shape_count_switches_to_paths_beyond_the_limit() -> None:
    many = [(f"l{i}", 1 + i % 3) for i in range(charts.MAX_SHAPES + 1)]
    svg = _svg(bar_chart(many, title="t", desc="d", id_prefix="p"))
    assert not list(svg.iter(f"{SVG}rect"))
    assert [p.get("class") for p in svg.iter(f"{SVG}path")] == ["mc-bar"]


@pytest.mark.shared
def test_corpus_meetings_per_month() -> None:
    """GeoJupyter's dated folders (YYYYMMDD-name) as a meetings-per-month chart."""
    folders = sorted((CORPUS / "geojupyter" / "meeting-notes").glob("[0-9]" * 8 + "-*"))
    dates = [dt.datetime.strptime(p.name[:8], "%Y%m%d").date() for p in folders]
    assert len(dates) > 50
    counts = monthly_counts(dates)
    assert sum(n for _, n in counts) == len(dates)
    assert counts[0][0] == f"{min(dates):%Y-%m}" and counts[-1][0] == f"{max(dates):%Y-%m}"
    svg = _svg(
        bar_chart(counts, title="Meetings per month", desc="d", id_prefix="g", highlight_last=True)
    )
    tips = _tooltips(svg)
    assert tips == [f"{label}: {n}" for label, n in counts if n]
