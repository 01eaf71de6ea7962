"""Check-ins on the pages: a timeline per goal on a person's page, a glance on section pages and the home page.

Statuses come from `pipeline.checkins` (the one rule); this module only draws
and arranges them.  The timeline is an inline SVG drawn at build time like
`charts.py` (labels escaped with the site's one escaping), 340 units wide so
that it fits a 390 px phone without scrolling; it scales down with its box and
prints as sharply as the text.
"""

from __future__ import annotations

import datetime
from fractions import Fraction
from typing import Any

from markupsafe import Markup

from ..catalog import translate
from ..pipeline.checkins import STATUSES, CycleCheckins, GoalTrack, checkin_periods
from ..pipeline.model import CycleSettings
from .charts import COLORS, FONT, number
from .markup import escape_line

# colour-blind-safe (blue / green / orange / red differ in lightness too) and told apart by shape as well
STATUS_COLORS = {"on_track": "#1b7837", "behind": "#e08214", "at_risk": "#b2182b", "done": "#2166ac"}
STATUS_SHAPES = {"on_track": "circle", "behind": "diamond", "at_risk": "square", "done": "circle"}
GLANCE_LIMIT = 200  # rows of the home page's list; the section pages list all of theirs
WIDTH, LEFT, RIGHT, TOP, PLOT = 340, 44, 12, 30, 110
QUARTER_NAMES = {"zh": "一二三四", "en": "1234"}


def status_word(status: str, lang: str) -> str:
    return translate(f"checkin.status.{status}", lang)


def badge(status: str, lang: str) -> Markup:
    """A status as a small coloured word (the word carries the meaning; the colour helps)."""
    return Markup(f'<span class="portal-status portal-status-{status}">{escape_line(status_word(status, lang))}</span>')


def marker(status: str, x: float, y: float) -> str:
    color = STATUS_COLORS[status]
    if STATUS_SHAPES[status] == "square":
        return f'<rect x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" fill="{color}"/>'
    if STATUS_SHAPES[status] == "diamond":
        return f'<path d="M{x:.1f} {y - 6:.1f}L{x + 6:.1f} {y:.1f}L{x:.1f} {y + 6:.1f}L{x - 6:.1f} {y:.1f}Z" fill="{color}"/>'
    hollow = ' fill="#fff" stroke-width="2.5"' if status == "done" else f' fill="{color}"'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" stroke="{color}"{hollow}/>'


def svg(height: int, title: str, body: list[str]) -> Markup:
    label = escape_line(title)
    return Markup(
        f'<div class="portal-chart-box portal-timeline-box" data-search-exclude="true">'
        f'<svg class="portal-chart portal-timeline" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-label="{label}" xmlns="http://www.w3.org/2000/svg" {FONT} font-size="11">'
        f"<title>{label}</title>" + "".join(body) + "</svg></div>"
    )


class Axis:
    """Days of the period -> x: the first day's start at LEFT, the last day's end at the right edge."""

    def __init__(self, settings: CycleSettings, lang: str):
        self.start, self.end = settings.period.start, settings.period.end
        self.days = (self.end - self.start).days + 1
        self.settings, self.lang = settings, lang

    def x(self, elapsed: float) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * elapsed / self.days

    def at(self, day: datetime.date) -> float:
        """A check-in dated `day` sits at the end of that day (it reports the days up to and including it)."""
        return self.x((day - self.start).days + 1)

    def quarters(self, bottom: float) -> list[str]:
        """Dividers between the check-in periods and their names (Q1 … Q4) under the axis."""
        body = []
        for span in checkin_periods(self.settings):
            left, right = self.at(span.start) - self.x(1) + LEFT, self.at(span.end)
            body.append(f'<line x1="{right:.1f}" y1="{TOP - 4}" x2="{right:.1f}" y2="{bottom:.1f}" stroke="{COLORS["grid"]}"/>')
            body.append(f'<text x="{(left + right) / 2:.1f}" y="{bottom + 13:.1f}" text-anchor="middle" fill="{COLORS["muted"]}">'
                        f"{escape_line(translate('page.checkins.quarter', self.lang, n=QUARTER_NAMES[self.lang][span.quarter - 1]))}</text>")
        return body


def timeline(track: GoalTrack, settings: CycleSettings, lang: str) -> Markup:
    """A measurable goal: its check-ins' progress against the straight line (and the behind / at-risk lines)."""
    if not track.measurable:
        return status_strip(track, settings, lang)
    axis = Axis(settings, lang)
    target = float(track.target)
    top_value = max([target, *(p.progress for p in track.points)]) or 1.0
    bottom = TOP + PLOT

    def y(value: float) -> float:
        return bottom - PLOT * value / top_value

    body = [f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="{COLORS["text"]}"/>']
    for value in sorted({0.0, target}):
        body.append(f'<line x1="{LEFT}" y1="{y(value):.1f}" x2="{WIDTH - RIGHT}" y2="{y(value):.1f}" stroke="{COLORS["grid"]}"/>')
        body.append(f'<text x="{LEFT - 5}" y="{y(value) + 4:.1f}" text-anchor="end" fill="{COLORS["muted"]}">{escape_line(number(value))}</text>')
    body += axis.quarters(bottom)
    end_x = axis.x(axis.days)
    body.append(f'<line x1="{LEFT}" y1="{bottom}" x2="{end_x:.1f}" y2="{y(target):.1f}" stroke="{COLORS["text"]}" stroke-width="1.5"/>')
    thresholds = settings.checkins
    for share, status in ((float(thresholds.behind), "behind"), (float(thresholds.at_risk), "at_risk")):
        if 0 < share < 1:  # the line `share` of the target below the straight one, from where it leaves 0
            body.append(f'<line x1="{axis.x(axis.days * share):.1f}" y1="{bottom}" x2="{end_x:.1f}" y2="{y(target * (1 - share)):.1f}" '
                        f'stroke="{STATUS_COLORS[status]}" stroke-dasharray="4 3"/>')
    if track.points:
        path = " ".join(f"{axis.at(p.date):.1f},{y(p.progress):.1f}" for p in track.points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{COLORS["bar"]}" stroke-width="2"/>')
        body += [marker(p.status, axis.at(p.date), y(p.progress)) for p in track.points]
        last = track.points[-1]
        anchor = "end" if axis.at(last.date) > WIDTH - 80 else "start"
        shift = -8 if anchor == "end" else 8
        body.append(f'<text x="{axis.at(last.date) + shift:.1f}" y="{y(last.progress) - 8:.1f}" text-anchor="{anchor}" '
                    f'fill="{STATUS_COLORS[last.status]}">{escape_line(number(last.progress) + " " + status_word(last.status, lang))}</text>')
    body += legend(lang)
    title = translate("page.checkins.chart", lang, goal=track.text, target=number(target), unit=track.unit)
    return svg(bottom + 20, title, body)


def legend(lang: str) -> list[str]:
    items = [(COLORS["text"], "", translate("page.checkins.line", lang)),
             (STATUS_COLORS["behind"], ' stroke-dasharray="4 3"', translate("page.checkins.line_behind", lang)),
             (STATUS_COLORS["at_risk"], ' stroke-dasharray="4 3"', translate("page.checkins.line_at_risk", lang))]
    body, x = [], LEFT
    for color, dash, label in items:
        body.append(f'<line x1="{x}" y1="10" x2="{x + 16}" y2="10" stroke="{color}" stroke-width="1.5"{dash}/>')
        body.append(f'<text x="{x + 20}" y="14" fill="{COLORS["text"]}">{escape_line(label)}</text>')
        x += 28 + 11 * len(label)
    return body


def status_strip(track: GoalTrack, settings: CycleSettings, lang: str) -> Markup:
    """A goal without a target: its self-reported statuses along the period."""
    axis = Axis(settings, lang)
    bottom = TOP + 26
    body = [f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="{COLORS["text"]}"/>']
    body += axis.quarters(bottom)
    body += [marker(p.status, axis.at(p.date), bottom - 12) for p in track.points]
    if track.points:
        last = track.points[-1]
        anchor = "end" if axis.at(last.date) > WIDTH - 80 else "start"
        shift = -8 if anchor == "end" else 8
        body.append(f'<text x="{axis.at(last.date) + shift:.1f}" y="{bottom - 18}" text-anchor="{anchor}" '
                    f'fill="{STATUS_COLORS[last.status]}">{escape_line(status_word(last.status, lang))}</text>')
    return svg(bottom + 20, translate("page.checkins.strip", lang, goal=track.text), body)


# -- contexts for the templates -------------------------------------------------------------------------


def short_date(day: datetime.date) -> str:
    return day.isoformat()


def figure(value: float | Fraction | None) -> Markup:
    return Markup("—") if value is None else Markup(escape_line(number(float(value))))


def person_checkins(checkins: CycleCheckins, pid: str, goals_without_id: int, settings: CycleSettings, lang: str) -> dict[str, Any]:
    """A person's page: every goal with an id, its timeline and its check-ins (table rows)."""
    goals = []
    for track in checkins.tracks.get(pid, []):
        rows = [{"date": short_date(p.date), "progress": figure(p.progress), "expected": figure(p.expected),
                 "status": badge(p.status, lang), "note": p.note or ""} for p in track.points]
        goals.append({"id": track.goal_id, "text": track.text, "measurable": track.measurable, "target": figure(track.target),
                      "unit": track.unit, "rows": rows, "chart": timeline(track, settings, lang) if track.points else None,
                      "latest": badge(track.latest.status, lang) if track.latest else None})
    return {"shown": checkins.used or bool(goals), "goals": goals, "without_id": goals_without_id,
            "overdue": pid in checkins.overdue, "since": checkins.last_period.start.isoformat() if checkins.last_period else ""}


def glance(checkins: CycleCheckins, pids: list[str], names: dict[str, str], section_of: dict[str, str],
           section_names: dict[str, str], lang: str, prefix: str, limit: int | None = None) -> dict[str, Any] | None:
    """Goals behind or at risk and who has not checked in since the last period, among `pids`; None when the
    cycle does not use check-ins."""
    if not checkins.used:
        return None
    watched = checkins.watched(pids)
    rows = [{"person": t.person, "name": names[t.person], "section": section_names[section_of[t.person]],
             "section_id": section_of[t.person], "goal": t.text, "status": badge(t.latest.status, lang),
             "date": short_date(t.latest.date),
             "progress": Markup(f"{figure(t.latest.progress)} / {figure(t.target)}") + (Markup(" ") + escape_line(t.unit) if t.unit else "")
             if t.measurable else Markup("—")} for t in watched]
    chosen = set(pids)
    late = [p for p in checkins.overdue if p in chosen]
    counts = checkins.counts(pids)
    return {
        "rows": rows[:limit] if limit else rows, "more": max(0, len(rows) - limit) if limit else 0, "prefix": Markup(prefix),
        "overdue": [{"id": p, "name": names[p], "section": section_names[section_of[p]], "section_id": section_of[p]} for p in late],
        "since": checkins.last_period.start.isoformat() if checkins.last_period else None,
        "quarter": checkins.last_period.quarter if checkins.last_period else None,
        "counts": [(Markup(status_word(s, lang)), counts[s]) for s in (*STATUSES, "unchecked")],
    }


def section_counts(checkins: CycleCheckins, members: dict[str, list[str]], section_names: dict[str, str]) -> list[dict[str, Any]]:
    """The home page's table: each section's goals by latest status, and how many people are overdue."""
    late = set(checkins.overdue)
    rows = []
    for sid, pids in members.items():
        counts = checkins.counts(pids)
        rows.append({"id": sid, "name": section_names[sid], "counts": [counts[s] for s in (*STATUSES, "unchecked")],
                     "overdue": sum(p in late for p in pids)})
    return rows
