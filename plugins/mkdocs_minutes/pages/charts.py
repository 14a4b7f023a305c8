"""Build-time charts: inline SVG strings for generated Markdown pages, no JavaScript.

The page builders (home overview, person pages, topic pages) put these strings into the
Markdown they generate; nothing here imports MkDocs. Every chart comes back as **one line**
of HTML: ``<div class="minutes-chart"><svg ...>...</svg></div>``. Why the shape:

- Python-Markdown treats ``<div>`` as a raw HTML block and leaves it alone, but it does not
  know ``<svg>`` as a block element: a bare ``<svg>`` would be wrapped in ``<p>`` and the
  text of its labels run through inline Markdown (``_`` and ``*`` in a topic name would turn
  into emphasis). One line also means no blank line ends the block early and no line
  indented by four spaces turns into a code block. Put a blank line before and after it.
- ``role="img"`` with ``aria-labelledby`` naming the ``<title>`` and ``<desc>`` makes a
  screen reader announce the chart as one image with its title and summary. Ids come from
  ``id_prefix``: the caller makes prefixes unique per page.
- A ``viewBox`` with ``width="100%"`` scales the chart down to phone width.
- Colours: every shape carries ``fill="currentColor"`` (readable in light and dark mode, and
  safe under a Content-Security-Policy that forbids inline styles) plus a class;
  :data:`CHART_CSS`, which the plugin ships in its stylesheet, colours those classes with
  Material's custom properties.
- All text is escaped: labels and titles come from notes.

Sizes stay bounded for big archives: bar charts switch from one ``<rect>`` with a tooltip
per bar to a single ``<path>`` when there are many bars, line charts average per month (or
quarter, or year) beyond :data:`MAX_POINTS` points, and attendance strips merge meetings
that fall into the same pixel column.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

DateScale = Callable[[dt.date], float]

__all__ = [
    "CHART_CSS",
    "MAX_POINTS",
    "activity_chart",
    "attendance_of",
    "attendance_strip",
    "bar_chart",
    "cached",
    "line_chart",
    "monthly_counts",
]

#: Colours and sizing for the classes used below; the plugin adds this to its stylesheet.
#: ``--md-typeset-a-color`` is Material's link colour: the primary colour in the default
#: scheme, a lighter shade in ``slate`` and a readable one when the primary is white.
CHART_CSS = (
    ".minutes-chart{margin:1em 0;color:var(--md-default-fg-color,currentColor);"
    "--mc-fg:var(--md-typeset-a-color,var(--md-primary-fg-color,currentColor));"
    "--mc-hl:var(--md-accent-fg-color,currentColor);"
    "--mc-muted:var(--md-default-fg-color--light,currentColor)}\n"
    ".minutes-chart svg{display:block;width:100%;height:auto;max-width:48rem;"
    "overflow:visible;font-family:inherit}\n"
    ".minutes-chart .mc-bar,.minutes-chart .mc-dot,.minutes-chart .mc-on{fill:var(--mc-fg)}\n"
    ".minutes-chart .mc-hl{fill:var(--mc-hl)}\n"
    ".minutes-chart .mc-off{fill:var(--mc-muted);opacity:.5}\n"
    ".minutes-chart .mc-line{fill:none;stroke:var(--mc-fg)}\n"
    ".minutes-chart .mc-axis,.minutes-chart .mc-grid{stroke:var(--mc-muted)}\n"
    ".minutes-chart .mc-grid{opacity:.35}\n"
    ".minutes-chart .mc-label{fill:var(--mc-muted)}\n"
    ".minutes-chart rect:hover,.minutes-chart circle:hover{fill:var(--mc-hl)}\n"
)

#: Beyond this many points a line chart averages per month (then quarter, then year).
MAX_POINTS = 200
#: Beyond this many shapes a chart drops per-shape tooltips and draws one ``<path>``.
MAX_SHAPES = 200

_W = 600  # viewBox width; everything scales with the page width
_FONT = 13
_CHAR_W = 8.0  # rough advance of one digit at _FONT, for label spacing
_SVG_NS = "http://www.w3.org/2000/svg"
_BUCKETS = ("auto", "month", "quarter", "year")
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_MONTH_LABEL = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER_LABEL = re.compile(r"^(\d{4})-Q([1-4])$")


# --- public charts ---------------------------------------------------------------------


def bar_chart(
    values: Sequence[tuple[str, float]],
    *,
    title: str,
    desc: str,
    id_prefix: str,
    y_label: str = "",
    highlight_last: bool = False,
) -> str:
    """A bar per value, e.g. meetings per month labelled ``YYYY-MM``.

    Why bars: counts per period are what people compare at a glance. X labels are thinned
    when they would collide; ``YYYY-MM`` and ``YYYY-Qn`` labels are then shown as years at
    the year's first bar. ``highlight_last`` colours the last bar with the accent colour
    (the current month, say). Negative and non-finite values are drawn as zero.
    """
    if not values:
        return _no_data(title, desc, id_prefix)
    labels = [str(label) for label, _ in values]
    nums = [_finite(v) for _, v in values]
    height = 240
    top, step = _nice_scale(max(nums))
    ticks = _ticks(top, step)
    ml = _left_margin(ticks)
    mt = 24 if y_label else 10
    mb = 26
    pw = _W - ml - 8
    ph = height - mt - mb
    base = mt + ph
    n = len(nums)
    slot = pw / n
    bw = min(slot * 0.8, 48.0) if slot >= 3 else slot  # a lone bar stays a bar, not a wall
    parts = [_open(id_prefix, title, desc, height, "minutes-chart--bar")]
    parts.append(_y_axis(ticks, top, ml, mt, ph, _W - 8, y_label))
    bars: list[tuple[float, float, float, float, str, str]] = []
    dense: dict[int, float] = {}  # bars thinner than a unit: tallest per column
    for i, v in enumerate(nums):
        h = ph * v / top
        cls = "mc-hl" if highlight_last and i == n - 1 else "mc-bar"
        if h <= 0:
            continue
        x = ml + i * slot + (slot - bw) / 2
        if slot < 1 and cls == "mc-bar":
            col = math.floor(x)
            dense[col] = max(h, dense.get(col, 0.0))
        else:
            bars.append((x, base - h, max(bw, 1.0), h, cls, f"{labels[i]}: {_fmt(v)}"))
    bars[:0] = [(col, base - h, 1.0, h, "mc-bar", "") for col, h in sorted(dense.items())]
    parts.append(_shapes(bars))
    parts.append(_line(ml, base, _W - 8, base, "mc-axis"))
    centres = [ml + (i + 0.5) * slot for i in range(n)]
    parts.append(_x_labels(_pick_bar_labels(labels, centres, pw), base + 17))
    parts.append(_CLOSE)
    return "".join(parts)


def line_chart(
    points: Sequence[tuple[dt.date, float]],
    *,
    title: str,
    desc: str,
    id_prefix: str,
    y_label: str = "",
) -> str:
    """Dots joined by a line over a time axis labelled by years: attendees per meeting.

    Why a time axis: meetings are not evenly spaced, and gaps (a summer break, a paused
    series) should show. Beyond :data:`MAX_POINTS` points the chart plots the average per
    month (quarter, year) and says so in its description, so the SVG stays small.
    """
    if not points:
        return _no_data(title, desc, id_prefix)
    pts = sorted((d, _finite(v)) for d, v in points)
    if len(pts) > MAX_POINTS:
        total = len(pts)
        for unit in ("month", "quarter", "year"):
            averaged = _average(pts, unit)
            if len(averaged) <= MAX_POINTS:
                break
        pts = averaged
        desc = f"{desc} Each dot is a {unit}ly average ({total} meetings in all)."
    height = 240
    top, step = _nice_scale(max(v for _, v in pts))
    ticks = _ticks(top, step)
    ml = _left_margin(ticks)
    mt = 24 if y_label else 10
    mb = 26
    ph = height - mt - mb
    base = mt + ph
    x_of = _time_scale(pts[0][0], pts[-1][0], ml + 6, _W - 14)
    coords = [(x_of(d), base - ph * v / top) for d, v in pts]
    parts = [_open(id_prefix, title, desc, height, "minutes-chart--line")]
    parts.append(_y_axis(ticks, top, ml, mt, ph, _W - 8, y_label))
    parts.append(_year_axis(pts[0][0], pts[-1][0], x_of, ml, _W - 8, base, base + 17))
    if len(coords) > 1:
        d = "M" + " ".join(f"{_fmt(x)} {_fmt(y)}" for x, y in coords)
        parts.append(
            f'<path class="mc-line" d="{d}" fill="none" stroke="currentColor" '
            'stroke-width="2" stroke-linejoin="round"/>'
        )
    dots = "".join(
        f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="3.5"><title>{_text(f"{d}: {_fmt(v)}")}'
        "</title></circle>"
        for (x, y), (d, v) in zip(coords, pts, strict=True)
    )
    parts.append(f'<g class="mc-dot" fill="currentColor">{dots}</g>')
    parts.append(_CLOSE)
    return "".join(parts)


def attendance_of(dates: Sequence[dt.date], attended: str, **options: str) -> str:
    """:func:`attendance_strip` of the meetings on ``dates``, attended where ``attended``
    has a ``1``: the compact form a person page caches its chart by (:func:`cached`)."""
    return attendance_strip(
        [(date, flag == "1") for date, flag in zip(dates, attended, strict=True)], **options
    )


def attendance_strip(
    meetings: Sequence[tuple[dt.date, bool]],
    *,
    title: str,
    desc: str,
    id_prefix: str,
) -> str:
    """One tick per meeting of the archive, tall and filled when the person attended.

    Why a strip: on a person page it shows at a glance when someone joined, drifted away or
    came back. Attended and missed meetings differ in height as well as colour, so the
    strip reads without colour too. Meetings closer together than a pixel share one column
    whose filled height is the share attended, which keeps a ten-year weekly archive small.
    """
    if not meetings:
        return _no_data(title, desc, id_prefix)
    ms = sorted((d, bool(attended)) for d, attended in meetings)
    height = 72
    left, right = 8.0, _W - 8.0
    x_of = _time_scale(ms[0][0], ms[-1][0], left + 4, right - 4)
    tw = max(1.0, min(8.0, (right - left) / len(ms) * 0.6))
    columns: dict[int, list[tuple[dt.date, bool]]] = defaultdict(list)
    for d, attended in ms:
        columns[round(x_of(d) - tw / 2)].append((d, attended))
    ticks: list[tuple[float, float, float, float, str, str]] = []
    for col, group in sorted(columns.items()):
        present = sum(attended for _, attended in group)
        first, last = group[0][0], group[-1][0]
        when = f"{first}" if first == last else f"{first} to {last}"
        if present < len(group):
            tip = "missed" if len(group) == 1 else f"{present} of {len(group)} attended"
            ticks.append((col, 30.0, tw, 12.0, "mc-off", f"{when}: {tip}"))
        if present:
            h = max(4.0, 34.0 * present / len(group))
            tip = "attended" if len(group) == 1 else f"{present} of {len(group)} attended"
            ticks.append((col, 42.0 - h, tw, h, "mc-on", f"{when}: {tip}"))
    ticks.sort(key=lambda tick: tick[4] != "mc-off")  # missed first: drawn underneath
    parts = [_open(id_prefix, title, desc, height, "minutes-chart--strip")]
    parts.append(_shapes(ticks))
    parts.append(_year_axis(ms[0][0], ms[-1][0], x_of, left, right, 44.0, 62.0))
    parts.append(_CLOSE)
    return "".join(parts)


def activity_chart(
    dates: Sequence[dt.date],
    *,
    title: str,
    desc: str,
    id_prefix: str,
    bucket: str = "auto",
) -> str:
    """Items per month, quarter or year for a topic page (one date per item).

    Why buckets: a topic discussed twice in five years needs years, a busy one needs months.
    ``auto`` picks months up to three years of span, quarters up to ten, then years, so the
    chart keeps between one and about forty bars. Unknown ``bucket`` values raise
    ``ValueError`` (a caller's mistake, not a note's).
    """
    if bucket not in _BUCKETS:
        raise ValueError(f"bucket must be one of {', '.join(_BUCKETS)}, not {bucket!r}")
    if not dates:
        return _no_data(title, desc, id_prefix)
    first, last = min(dates), max(dates)
    if bucket == "auto":
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        bucket = "month" if months <= 36 else "quarter" if months <= 120 else "year"
    return bar_chart(_bucket_counts(dates, bucket), title=title, desc=desc, id_prefix=id_prefix)


def monthly_counts(dates: Iterable[dt.date]) -> list[tuple[str, int]]:
    """``[("YYYY-MM", count), ...]`` for every month from the first date to the last.

    Why zero-filled: a chart of meetings per month must show the months without meetings.
    """
    return _bucket_counts(list(dates), "month")


# --- scales and data -------------------------------------------------------------------


def _finite(value: float) -> float:
    """The value as a float, with negatives, NaN and infinities drawn as zero."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return 0.0
    return v if math.isfinite(v) and v > 0 else 0.0


def _nice_scale(vmax: float) -> tuple[float, float]:
    """A round top value and tick step (1, 2, 2.5 or 5 times a power of ten), ~4 ticks."""
    if vmax <= 0:
        return 1.0, 1.0
    raw = vmax / 4
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    if vmax >= 1 and step < 1:
        step = 1.0
    return math.ceil(vmax / step - 1e-9) * step, step


def _ticks(top: float, step: float) -> list[float]:
    count = round(top / step)
    return [i * step for i in range(count + 1)]


def _tick_label(t: float) -> str:
    return str(int(t)) if t == int(t) else f"{t:.4g}"


def _left_margin(ticks: list[float]) -> float:
    return 10 + _CHAR_W * max(len(_tick_label(t)) for t in ticks)


def _time_scale(first: dt.date, last: dt.date, x0: float, x1: float) -> DateScale:
    """Map a date to x between ``x0`` and ``x1``; a single date sits in the middle."""
    t0, span = first.toordinal(), last.toordinal() - first.toordinal()
    if span == 0:
        return lambda d: (x0 + x1) / 2
    return lambda d: x0 + (x1 - x0) * (d.toordinal() - t0) / span


def _bucket_key(d: dt.date, unit: str) -> tuple[int, int]:
    if unit == "month":
        return d.year, d.month
    if unit == "quarter":
        return d.year, (d.month - 1) // 3 + 1
    return d.year, 1


def _bucket_counts(dates: Sequence[dt.date], unit: str) -> list[tuple[str, int]]:
    """Zero-filled counts per consecutive bucket, labelled YYYY-MM, YYYY-Qn or YYYY."""
    if not dates:
        return []
    counts = Counter(_bucket_key(d, unit) for d in dates)
    (y, p), last = min(counts), max(counts)
    per_year = {"month": 12, "quarter": 4, "year": 1}[unit]
    out: list[tuple[str, int]] = []
    while (y, p) <= last:
        label = f"{y:04d}-{p:02d}" if unit == "month" else f"{y:04d}-Q{p}"
        out.append((label if unit != "year" else f"{y:04d}", counts.get((y, p), 0)))
        y, p = (y, p + 1) if p < per_year else (y + 1, 1)
    return out


def _average(points: list[tuple[dt.date, float]], unit: str) -> list[tuple[dt.date, float]]:
    """Mean value per month/quarter/year, placed mid-bucket."""
    groups: dict[tuple[int, int], list[float]] = defaultdict(list)
    for d, v in points:
        groups[_bucket_key(d, unit)].append(v)
    mid = {
        "month": lambda y, p: dt.date(y, p, 15),
        "quarter": lambda y, p: dt.date(y, 3 * p - 1, 15),
    }
    place = mid.get(unit, lambda y, p: dt.date(y, 7, 1))
    return [(place(y, p), sum(vs) / len(vs)) for (y, p), vs in sorted(groups.items())]


# --- SVG pieces ------------------------------------------------------------------------


_CLOSE = "</svg></div>"


def _text(value: object) -> str:
    """Escape text for SVG/HTML on one line: no control characters, no newlines."""
    cleaned = _INVALID_XML.sub("", str(value))
    return html.escape(" ".join(cleaned.split()), quote=True)


def _fmt(x: float) -> str:
    """Compact number: one decimal at most, no trailing ``.0``."""
    s = f"{x:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


def _ids(prefix: str) -> tuple[str, str]:
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", prefix).strip("-") or "minutes-chart"
    return f"{safe}-title", f"{safe}-desc"


def _open(prefix: str, title: str, desc: str, height: int, kind: str) -> str:
    tid, did = _ids(prefix)
    return (
        f'<div class="minutes-chart {kind}"><svg xmlns="{_SVG_NS}" role="img" '
        f'aria-labelledby="{tid} {did}" viewBox="0 0 {_W} {height}" width="100%" '
        f'font-size="{_FONT}" fill="currentColor">'
        f'<title id="{tid}">{_text(title)}</title><desc id="{did}">{_text(desc)}</desc>'
    )


def _no_data(title: str, desc: str, prefix: str) -> str:
    return (
        _open(prefix, title, desc, 48, "minutes-chart--empty")
        + f'<text class="mc-label" x="{_W // 2}" y="29" text-anchor="middle">No data yet</text>'
        + _CLOSE
    )


def _line(x1: float, y1: float, x2: float, y2: float, cls: str) -> str:
    return (
        f'<line class="{cls}" x1="{_fmt(x1)}" y1="{_fmt(y1)}" x2="{_fmt(x2)}" y2="{_fmt(y2)}" '
        'stroke="currentColor"/>'
    )


def _y_axis(
    ticks: list[float], top: float, ml: float, mt: float, ph: float, right: float, y_label: str
) -> str:
    """Grid lines with value labels on the left, and the axis title above them."""
    out = []
    for t in ticks:
        y = mt + ph - ph * t / top
        if t > 0:
            out.append(_line(ml, y, right, y, "mc-grid"))
        out.append(
            f'<text class="mc-label" x="{_fmt(ml - 5)}" y="{_fmt(y + 4)}" '
            f'text-anchor="end">{_tick_label(t)}</text>'
        )
    if y_label:
        out.append(f'<text class="mc-label" x="2" y="{_FONT}">{_text(y_label)}</text>')
    return "".join(out)


def _shapes(items: list[tuple[float, float, float, float, str, str]]) -> str:
    """Rectangles ``(x, y, w, h, class, tooltip)``: one ``<rect>`` each, with a tooltip, or
    one ``<path>`` per class when there are too many for that."""
    if len(items) <= MAX_SHAPES:
        out = []
        for x, y, w, h, cls, tip in items:
            inner = f"<title>{_text(tip)}</title>" if tip else ""
            out.append(
                f'<rect class="{cls}" x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(w)}" '
                f'height="{_fmt(h)}">{inner}</rect>'
            )
        return "".join(out)
    paths: dict[str, list[str]] = defaultdict(list)
    for x, y, w, h, cls, _ in items:
        paths[cls].append(f"M{_fmt(x)} {_fmt(y)}h{_fmt(w)}v{_fmt(h)}h-{_fmt(w)}z")
    return "".join(f'<path class="{cls}" d="{"".join(d)}"/>' for cls, d in paths.items())


def _x_labels(labels: list[tuple[float, str]], y: float) -> str:
    """Centred labels, pulled inside the chart where they would overflow an edge."""
    out = []
    for x, label in labels:
        half = len(label) * _CHAR_W / 2
        cx = min(max(x, half + 1), _W - half - 1)
        out.append(
            f'<text class="mc-label" x="{_fmt(cx)}" y="{_fmt(y)}" text-anchor="middle">'
            f"{_text(label)}</text>"
        )
    return "".join(out)


def _spaced(candidates: list[tuple[float, str]]) -> list[tuple[float, str]]:
    """Keep labels, left to right, that do not collide with the previous one kept."""
    kept: list[tuple[float, str]] = []
    for x, label in candidates:
        if kept:
            px, plabel = kept[-1]
            if x - px < (len(label) + len(plabel)) * _CHAR_W / 2 + 8:
                continue
        kept.append((x, label))
    return kept


def _pick_bar_labels(labels: list[str], centres: list[float], pw: float) -> list[tuple[float, str]]:
    """All labels when they fit, else every k-th label; when that would leave fewer than one
    label in three bars, month and quarter labels become years at each year's first bar."""
    widest = max(len(label) for label in labels) * _CHAR_W + 8
    if len(labels) * widest <= pw:
        return list(zip(centres, labels, strict=True))
    k = math.ceil(len(labels) * widest / pw)
    for pattern, first in ((_MONTH_LABEL, "01"), (_QUARTER_LABEL, "1")):
        if k <= 3:
            break
        matches = [pattern.match(label) for label in labels]
        if all(matches):
            starts = _spaced(
                [
                    (centres[i], m.group(1))
                    for i, m in enumerate(matches)
                    if m and m.group(2) == first
                ]
            )
            # a partial first year is labelled only where it does not crowd the next year
            lead = (centres[0], matches[0].group(1)) if matches[0] else None
            if lead and (not starts or len(_spaced([lead, starts[0]])) == 2):
                return [lead, *starts]
            return starts
    return _spaced([(centres[i], labels[i]) for i in range(0, len(labels), k)])


def _year_axis(
    first: dt.date,
    last: dt.date,
    x_of: DateScale,
    left: float,
    right: float,
    axis_y: float,
    text_y: float,
) -> str:
    """A baseline with a tick at each new year and the year centred on its stretch."""
    out = [_line(left, axis_y, right, axis_y, "mc-axis")]
    candidates: list[tuple[float, str]] = []
    for year in range(first.year, last.year + 1):
        start = max(first, dt.date(year, 1, 1))
        end = min(last, dt.date(year, 12, 31))
        x0, x1 = x_of(start), x_of(end)
        if year > first.year:
            out.append(_line(x0, axis_y, x0, axis_y + 5, "mc-axis"))
        if x1 - x0 >= 2 * _CHAR_W or first.year == last.year:
            candidates.append(((x0 + x1) / 2, str(year)))
    out.append(_x_labels(_spaced(candidates), text_y))
    return "".join(out)


_DRAWN: dict[tuple[str, tuple, tuple], str] = {}
"""Charts drawn so far, by drawing function, data and options (see :func:`cached`)."""
_MAX_DRAWN = 8192


def cached(draw: Callable[..., str], *args: object, **options: object) -> str:
    """A chart drawn once for the same data: per process (a person page's attendance
    strip at every rebuild of ``mkdocs serve``), and between builds through the plugin's
    session (:func:`drawn_charts`); ``args`` must be hashable (tuples)."""
    key = (draw.__qualname__, args, tuple(sorted(options.items())))
    found = _DRAWN.get(key)
    if found is None:
        if len(_DRAWN) >= _MAX_DRAWN:
            del _DRAWN[next(iter(_DRAWN))]  # the oldest
        found = _DRAWN[key] = draw(*args, **options)
    return found


def drawn_charts() -> dict[tuple[str, tuple, tuple], str]:
    """The charts drawn so far, to be kept with the session."""
    return dict(_DRAWN)


def adopt_charts(drawn: dict[tuple[str, tuple, tuple], str]) -> None:
    """Charts drawn by an earlier build (the same code: the session's key covers it)."""
    _DRAWN.update(drawn)
