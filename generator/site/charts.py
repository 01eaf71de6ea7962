"""Charts as inline SVG, drawn at build time: offline, deterministic, Chinese labels as text.

Each function returns a `Markup` string of one `<svg>` inside a `<div>`
on its own line: Python-Markdown keeps such a block as raw HTML and never
parses it, and every label is escaped here with the site's one escaping
(`markup.escape_line`), inert for Markdown and HTML alike.  Sizes are in SVG
user units; a chart keeps its drawn size (the box scrolls sideways on a
phone rather than shrinking the labels) and prints as sharply as the text.
Bars, grouped bars and the gap chart are drawn within PHONE_WIDTH, so
that a phone shows every bar, dot and value without scrolling.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .markup import escape_line

COLORS = {"self": "#5c6bc0", "democratic": "#26a69a", "organizational": "#ef8f00", "bar": "#3f51b5", "muted": "#b0b7c3",
          "mark": "#d32f2f", "grid": "#e3e6ea", "text": "#37474f"}
FONT = "font-family=\"'PingFang SC','Microsoft YaHei','Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif\""
PHONE_WIDTH = 356
"""The widest a chart is drawn that holds every bar and dot: a 390 px phone's content column (390 - 2 x 16 px margins),
with labels at their drawn 11-13 px (a wider chart's box scrolls sideways, and what lies beyond is not seen)."""


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    note: str = ""
    """Shown after the value; or, with `note_only`, instead of it."""
    color: str = COLORS["bar"]
    note_only: bool = False


def number(value: float) -> str:
    """A figure as shown on charts: up to two decimals, no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def svg(width: int, height: int, title: str, body: list[str]) -> Markup:
    """The chart in a raw-HTML block (kept out of Markdown and of the search index)."""
    label = escape_line(title)
    return Markup(
        f'<div class="portal-chart-box" data-search-exclude="true">'
        f'<svg class="portal-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{label}" '
        f'xmlns="http://www.w3.org/2000/svg" {FONT} font-size="13">'
        f"<title>{label}</title>" + "".join(body) + "</svg></div>"
    )


def horizontal_bars(bars: list[Bar], title: str, max_value: float = 100, marker: tuple[float, str] | None = None) -> Markup:
    """One bar a row, label left, value right; an optional vertical marker line (e.g. the quota)."""
    label_width, bar_width, row = 110, 170, 26  # within PHONE_WIDTH with room for the value and its note
    height = row * len(bars) + 30
    scale = bar_width / max_value if max_value else 0
    body = [f'<line x1="{label_width}" y1="4" x2="{label_width}" y2="{height - 22}" stroke="{COLORS["grid"]}"/>']
    for index, bar in enumerate(bars):
        y = 8 + index * row
        body.append(f'<text x="{label_width - 8}" y="{y + 14}" text-anchor="end" fill="{COLORS["text"]}">{escape_line(bar.label)}</text>')
        if bar.value is None:
            body.append(f'<text x="{label_width + 6}" y="{y + 14}" fill="{COLORS["muted"]}">{escape_line(bar.note)}</text>')
            continue
        length = max(bar.value * scale, 1)
        body.append(f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="18" rx="2" fill="{bar.color}"/>')
        shown = bar.note if bar.note_only else number(bar.value) + (f" {bar.note}" if bar.note else "")
        body.append(f'<text x="{label_width + length + 6:.1f}" y="{y + 14}" fill="{COLORS["text"]}">{escape_line(shown)}</text>')
    if marker is not None:
        x = label_width + marker[0] * scale
        body.append(f'<line x1="{x:.1f}" y1="2" x2="{x:.1f}" y2="{height - 18}" stroke="{COLORS["mark"]}" stroke-dasharray="4 3"/>')
        body.append(f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle" fill="{COLORS["mark"]}">{escape_line(marker[1])}</text>')
    return svg(label_width + bar_width + 76, height, title, body)


def grouped_bars(groups: list[str], series: list[tuple[str, str, list[float | None]]], title: str, max_value: float = 100) -> Markup:
    """Horizontal bars, one block of rows per category (e.g. a dimension), one bar per series (e.g. a source),
    the value at each bar's end; drawn within PHONE_WIDTH, so that every group shows on a phone.

    `series` is [(name, colour, values per group)]; a None value leaves a gap marked "—".
    """
    label_width, plot, value_room, bar, gap, top = 84, 220, 44, 15, 12, 30
    width = label_width + plot + value_room + 8
    block = bar * len(series) + gap
    height = top + block * len(groups) + 18
    scale = plot / max_value if max_value else 0
    body = []
    for tick in range(0, 101, 25):
        x = label_width + tick * scale
        body.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 16}" stroke="{COLORS["grid"]}"/>')
        body.append(f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle" font-size="11" fill="{COLORS["muted"]}">{tick}</text>')
    for g, group in enumerate(groups):
        y0 = top + g * block
        body.append(f'<text x="{label_width - 8}" y="{y0 + bar * len(series) / 2 + 4:.1f}" text-anchor="end" fill="{COLORS["text"]}">'
                    f"{escape_line(group)}</text>")
        for s, (_, color, values) in enumerate(series):
            y = y0 + s * bar
            value = values[g]
            if value is None:
                body.append(f'<text x="{label_width + 4}" y="{y + bar - 4}" font-size="11" fill="{COLORS["muted"]}">—</text>')
                continue
            length = max(value * scale, 1)
            body.append(f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar - 3}" rx="2" fill="{color}"/>')
            body.append(f'<text x="{label_width + length + 4:.1f}" y="{y + bar - 5}" font-size="11" fill="{COLORS["text"]}">{number(value)}</text>')
    legend_x = label_width
    for name, color, _ in series:
        body.append(f'<rect x="{legend_x}" y="6" width="12" height="12" rx="2" fill="{color}"/>')
        body.append(f'<text x="{legend_x + 16}" y="16" font-size="12" fill="{COLORS["text"]}">{escape_line(name)}</text>')
        legend_x += 16 + 12 * len(name) + 12
    return svg(width, height, title, body)


def trend_line(points: list[tuple[str, float | None]], title: str, max_value: float = 100) -> Markup:
    """A small line of one figure across cycles; a cycle without a figure breaks the line."""
    # the first point sits `inset` right of the axis, so that its value never covers a tick label
    width, height, left, top, plot, inset = 130 + 110 * max(len(points) - 1, 1), 150, 40, 20, 90, 40
    step = (width - left - inset - 40) / max(len(points) - 1, 1)
    body, previous = [], None
    for tick in (0, 50, 100):
        y = top + plot - tick / max_value * plot
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 20}" y2="{y:.1f}" stroke="{COLORS["grid"]}"/>')
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="{COLORS["muted"]}">{tick}</text>')
    for index, (label, value) in enumerate(points):
        x = left + inset + index * step
        body.append(f'<text x="{x:.1f}" y="{height - 12}" text-anchor="middle" fill="{COLORS["text"]}">{escape_line(label)}</text>')
        if value is None:
            previous = None
            continue
        y = top + plot - value / max_value * plot
        if previous is not None:
            body.append(f'<line x1="{previous[0]:.1f}" y1="{previous[1]:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="{COLORS["bar"]}" stroke-width="2"/>')
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{COLORS["bar"]}"/>')
        body.append(f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" font-size="11" fill="{COLORS["text"]}">{number(value)}</text>')
        previous = (x, y)
    return svg(int(width), height, title, body)


@dataclass(frozen=True)
class Pair:
    """One row of a dumbbell chart: two figures of the same person (e.g. self and democratic overall)."""
    label: str
    first: float
    second: float
    flagged: bool = False
    """Drawn in the warning colour (e.g. a gap beyond the threshold)."""


def dumbbell(pairs: list[Pair], names: tuple[str, str], colors: tuple[str, str], title: str, max_value: float = 100) -> Markup:
    """One row per label: two dots on a 0–max scale joined by a line, the gap written at the right."""
    label_width, plot, row, top = 104, 196, 24, 34  # within PHONE_WIDTH: every dot shows on a phone
    height = top + row * len(pairs) + 24
    scale = plot / max_value
    body = []
    for tick in range(0, 101, 25):
        x = label_width + tick * scale
        body.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 22}" stroke="{COLORS["grid"]}"/>')
        body.append(f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" font-size="11" fill="{COLORS["muted"]}">{tick}</text>')
    legend_x = label_width
    for name, color in zip(names, colors):
        body.append(f'<circle cx="{legend_x + 6}" cy="12" r="5" fill="{color}"/>')
        body.append(f'<text x="{legend_x + 16}" y="16" fill="{COLORS["text"]}">{escape_line(name)}</text>')
        legend_x += 16 + 13 * len(name) + 16
    for index, pair in enumerate(pairs):
        y = top + index * row + row / 2
        x1, x2 = label_width + pair.first * scale, label_width + pair.second * scale
        line = COLORS["mark"] if pair.flagged else COLORS["muted"]
        body.append(f'<text x="{label_width - 8}" y="{y + 4:.1f}" text-anchor="end" fill="{COLORS["text"]}">{escape_line(pair.label)}</text>')
        body.append(f'<line x1="{x1:.1f}" y1="{y:.1f}" x2="{x2:.1f}" y2="{y:.1f}" stroke="{line}" stroke-width="3"/>')
        body.append(f'<circle cx="{x1:.1f}" cy="{y:.1f}" r="5" fill="{colors[0]}"/>')
        body.append(f'<circle cx="{x2:.1f}" cy="{y:.1f}" r="5" fill="{colors[1]}"/>')
        gap = pair.first - pair.second
        shown = ("+" if gap > 0 else "") + number(gap)
        body.append(f'<text x="{label_width + plot + 12}" y="{y + 4:.1f}" fill="{line if pair.flagged else COLORS["text"]}">{escape_line(shown)}</text>')
    return svg(label_width + plot + 52, height, title, body)


HEAT = ("#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d")  # sequential blues: colour-blind safe, and greys apart in print
HEAT_TEXT = ("#263238", "#263238", "#102027", "#ffffff", "#ffffff")


def heat_level(value: float, low: float, high: float) -> int:
    """Which of the five shades a value gets within the table's own range (so that rows compare at a glance)."""
    if high <= low:
        return 2
    return min(int((value - low) / (high - low) * len(HEAT)), len(HEAT) - 1)


def heatmap(columns: list[str], rows: list[tuple[str, list[float | None]]], title: str, legend: str) -> Markup:
    """People (or sections) × dimensions as an HTML table: every cell shows its number on a shade of its value.

    A raw-HTML block like the charts (never parsed as Markdown; every label escaped);
    the shade is a help, the number is the data (colour-blind readers and print).
    """
    values = [v for _, row in rows for v in row if v is not None]
    low, high = (min(values), max(values)) if values else (0.0, 0.0)
    head = "".join(f'<th data-sort-method="number" data-sort-first="descending">{escape_line(c)}</th>' for c in columns)
    body = []
    for label, row in rows:
        cells = []
        for value in row:
            if value is None:
                cells.append('<td data-sort="-1">—</td>')
                continue
            level = heat_level(value, low, high)
            cells.append(f'<td class="portal-heat-{level}" data-sort="{value:.2f}" style="background:{HEAT[level]};color:{HEAT_TEXT[level]}">'
                         f"{value:.2f}</td>")
        body.append(f"<tr><th scope=\"row\">{escape_line(label)}</th>{''.join(cells)}</tr>")
    steps = "".join(f'<span style="background:{HEAT[i]};color:{HEAT_TEXT[i]}">{number(low + (high - low) * i / len(HEAT))}</span>'
                    for i in range(len(HEAT)))
    return Markup(
        f'<div class="portal-heatmap" data-search-exclude="true"><table class="portal-heat" aria-label="{escape_line(title)}">'
        f"<thead><tr><th></th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        f'<p class="portal-heat-legend">{escape_line(legend)} {steps} {number(high)}</p></div>'
    )
