"""Stage 4, render: computed tables -> the Markdown pages (and downloads) of one cycle.

`render_cycle` returns `{path inside docs: text or bytes}` and writes
nothing.  Templates live in `templates/`, one per page kind; they fail on
any undefined name (StrictUndefined) and print every value through
`markup.escape_value`, so submitted text is inert wherever it appears.
Numbers are formatted here, never in aggregate.
"""

from __future__ import annotations

import io
import re
import zipfile
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..catalog import MESSAGES, translate
from ..clock import today
from ..pipeline import export
from ..pipeline.aggregate import CycleResults, person_trends, quota_limit, section_trends
from ..pipeline.ballots import published_counts
from ..pipeline.checkins import CycleCheckins, cycle_checkins
from ..pipeline.model import DIMENSIONS, SOURCES, Person
from ..pipeline.validate import fork_context, worker_count
from . import charts, checkin_views
from .downloads import site_downloads
from .markup import escape_text, escape_value, front_title

TEMPLATES = Path(__file__).parent.parent / "templates"
FULL_TABLE_LIMIT = 1000  # beyond this many people, long tables move to section pages and downloads
TOP_LIMIT = 100
SPREADSHEET_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


@lru_cache(maxsize=2)
def environment(lang: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, autoescape=False,
        finalize=escape_value, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
    )
    words = {key: Markup(translate(key, lang)) for key in MESSAGES if "{" not in MESSAGES[key][0]}  # the fixed ones, once
    env.globals["t"] = lambda key, **args: Markup(escape_text(translate(key, lang, **args))) if args else words[key]
    env.globals["tt"] = lambda key, **args: Markup(translate(key, lang, **args))  # trusted catalog Markdown
    env.filters["md"] = escape_text
    env.filters["front_title"] = lambda value: front_title(str(value))
    env.filters["url"] = lambda value: Markup(quote(str(value)))
    return env


def figure(value: Any, withheld: str = "—") -> Markup:
    """A score as published: two decimals, half-up; a dash (or a word) where there is none."""
    rounded = export.round_half_up(value)
    return Markup(f"{rounded:.2f}") if rounded is not None else Markup(escape_text(withheld))


def percent(value: float) -> Markup:
    return Markup(f"{export.round_half_up(value * 100):.1f}%")


def sort_key(value: Any) -> Markup:
    """A score as tables sort it: the published figure; none sorts below every score."""
    rounded = export.round_half_up(value)
    return Markup(-1 if rounded is None else f"{rounded:.2f}")


def rank_text(value: Any) -> Markup:
    return Markup("—" if value is None or pd.isna(value) else str(int(value)))


class CycleView:
    """What the templates of one cycle read: the results, the model and the words around them."""

    def __init__(self, results: CycleResults, history: dict[str, list[dict]], lang: str, edit_base: str | None = None,
                 section_history: dict[str, list[dict]] | None = None):
        self.results = results
        self.section_history = section_history or {}  # per section id, its figures in this and earlier cycles
        self.edit_base = edit_base  # the git host's web editor, from mkdocs.yml (`build.edit_base`); None: no edit links
        self.cycle = results.cycle
        self.settings = results.cycle.settings
        self.lang = lang
        self.history = history
        self.people = results.people
        self.complete = self.people[self.people["status"] == "complete"]
        self.section_names = {s.id: s.name for s in self.cycle.org.sections}
        self.rows: dict[str, dict[str, Any]] = self.people.to_dict("index")  # row access by id, without pandas per call
        self.sections_of_complete = self.complete.groupby("section").groups
        self.bands = {g.name: i for i, g in enumerate(self.settings.grades)}
        self.figures_public = True  # the public view sets it from `audiences.figures_are_public` (contract v1.2)
        self._checkins: CycleCheckins | None = None

    @property
    def checkins(self) -> CycleCheckins:
        """The cycle's check-ins as of today (`pipeline.checkins`: the one rule of a goal's status)."""
        if self._checkins is None:
            self._checkins = cycle_checkins(self.cycle, today())
        return self._checkins

    def checkin_glance(self, pids: list[str], prefix: str, limit: int | None = None) -> dict[str, Any] | None:
        names = {pid: self.rows[pid]["name"] for pid in pids}
        section_of = {pid: self.rows[pid]["section"] for pid in pids}
        return checkin_views.glance(self.checkins, pids, names, section_of, self.section_names, self.lang, prefix, limit)

    def say(self, key: str, **args: Any) -> str:
        return translate(key, self.lang, **args)

    def person_row(self, pid: str) -> dict[str, Any]:
        row = self.rows[pid]
        return {
            "id": pid, "name": row["name"], "section": row["section"], "section_name": self.section_names[row["section"]],
            "post": row["post"], "status": row["status"], "raters": int(row["raters"]),
            "self": figure(row["self"]), "democratic": figure(row["democratic"], self.say("withheld") if row["democratic_withheld"] else "—"),
            "organizational": figure(row["organizational"]), "composite": figure(row["composite"]),
            "grade": row["grade"] if isinstance(row["grade"], str) else "—", "rank": rank_text(row["rank"]),
            "missing": "、".join(self.say(f"missing.{m}_{row['missing_reason'][m]}" if m in row["missing_reason"] else f"missing.{m}")
                                for m in row["missing"]),
            "flags": "、".join(self.say(f"flag.short.{f}") for f in marks(row)),
            **self.table_keys(row),
        }

    def table_keys(self, row: dict[str, Any]) -> dict[str, Any]:
        """What a people table's filters and sorting read: the band's index (best first), flag codes, numbers."""
        band = self.bands.get(row["grade"]) if isinstance(row["grade"], str) else None
        return {
            "band": Markup("none" if band is None else band), "band_key": Markup(99 if band is None else band),
            "rank_key": Markup(10**9 if pd.isna(row["rank"]) else int(row["rank"])),
            "flag_codes": " ".join(marks(row)),
            "sort_keys": {s: sort_key(row[s]) for s in (*SOURCES, "composite")},
        }

    def table_filters(self, pids: list[str]) -> dict[str, list[tuple[str, str]]]:
        """The choices of a people table's filters: only what occurs among `pids`, in the site's order."""
        rows = [self.rows[p] for p in pids]
        sections, flags = {r["section"] for r in rows}, {f for r in rows for f in marks(r)}
        return {
            "sections": [(sid, name) for sid, name in self.section_names.items() if sid in sections],
            "grades": [(Markup(i), g.name) for i, g in enumerate(self.settings.grades)],
            "statuses": [(Markup(s), self.say(f"status.{s}")) for s in ("complete", "incomplete")],
            "flags": [(Markup(f), self.say(f"flag.short.{f}")) for f in ("veto", "quota", "self_high", "self_low", "amended") if f in flags],
        }

    def ranked_ids(self) -> list[str]:
        return list(self.complete.sort_values("rank").index)

    def incomplete_ids(self) -> list[str]:
        return list(self.people[self.people["status"] != "complete"].index)

    def flag_texts(self, flags: list[str], row: dict[str, Any] | None = None) -> list[str]:
        s, grades = self.settings, self.settings.grades
        amended = self.amendment(row) if row is not None and row.get("amended_by") else None
        args = {
            "veto": {"level": s.veto.level, "share": percent_text(s.veto.share), "cap": s.veto.cap} if s.veto else {},
            "quota": {"first": grades[0].name, "second": grades[1].name,
                      "limit": quota_limit(s.excellent_quota, len(self.complete))},
            "self_high": {"gap": charts.number(s.gap_threshold)}, "self_low": {"gap": charts.number(s.gap_threshold)},
        }
        return [self.say(f"flag.{f}", **args[f]) for f in flags] + ([self.say("flag.amended", **amended)] if amended else [])

    def amendment(self, row: dict[str, Any]) -> dict[str, str]:
        """The words of an amended grade: which request, of what kind, decided when, and the grade computed before it."""
        name = row["amended_by"].split("/", 1)[1]
        appeal = self.cycle.appeals[name]
        return {"source": row["amended_by"], "kind": self.say(f"appeal.kind.{appeal.kind}"),
                "decided": (appeal.decided or appeal.received).isoformat(),
                "computed": row["computed_grade"] if isinstance(row["computed_grade"], str) else "—", "grade": row["grade"]}


def marks(row: dict[str, Any]) -> list[str]:
    """A person's flags as pages show them: the rules' flags, and `amended` where an appeal replaced the grade."""
    return [*row["flags"], "amended"] if row.get("amended_by") else list(row["flags"])


def percent_text(share: float) -> str:
    return f"{export.round_half_up(share * 100):g}%"


# -- pages -----------------------------------------------------------------------------------------


def render_cycle(results: CycleResults, history: dict[str, list[dict]], lang: str = "zh",
                 edit_base: str | None = None, section_history: dict[str, list[dict]] | None = None) -> dict[str, str | bytes]:
    """Every generated page and download of one cycle: {path inside docs: content}."""
    view = CycleView(results, history, lang, edit_base, section_history)
    env = environment(lang)
    pages: dict[str, str | bytes] = {
        "index.md": env.get_template("home.md.j2").render(**home_context(view)),
        "show/index.md": env.get_template("show_index.md.j2").render(**show_index_context(view)),
        "compare.md": env.get_template("compare.md.j2").render(**compare_context(view)),
        "results.md": env.get_template("results.md.j2").render(**results_context(view)),
        "sections/index.md": env.get_template("sections_index.md.j2").render(**sections_index_context(view)),
        "method.md": env.get_template("method.md.j2").render(**method_context(view)),
        "downloads.md": env.get_template("downloads.md.j2").render(cycle=view.cycle.id, dimensions=DIMENSIONS),
    }
    members = {sid: [] for sid in view.section_names}
    for pid in view.people.index:
        members[view.rows[pid]["section"]].append(pid)
    show_template, section_template = env.get_template("show_section.md.j2"), env.get_template("section.md.j2")
    for section in view.cycle.org.sections:
        pages[f"show/{section.id}.md"] = show_template.render(**show_section_context(view, section, members[section.id]))
        pages[f"sections/{section.id}.md"] = section_template.render(**section_context(view, section, members[section.id]))
    pages.update(person_pages(view, list(view.people.index)))
    pages.update(downloads(results, lang))
    return pages


PARALLEL_MIN_PAGES = 3000
_forked_view: CycleView | None = None  # what forked workers render from (inherited, never pickled)


def person_pages(view: CycleView, pids: list[str]) -> dict[str, str]:
    """One page per person; with thousands, split over the cores (the pages are independent)."""
    workers = worker_count()
    if len(pids) < PARALLEL_MIN_PAGES or workers < 2 or fork_context().get_start_method() != "fork":
        return render_person_chunk(pids, view)
    global _forked_view
    _forked_view = view
    chunks = [pids[i::workers * 4] for i in range(workers * 4)]
    try:
        with ProcessPoolExecutor(workers, mp_context=fork_context()) as pool:
            parts = list(pool.map(render_person_chunk, chunks))
    finally:
        _forked_view = None
    rendered = {}
    for part in parts:
        rendered.update(part)
    return {f"people/{pid}.md": rendered[f"people/{pid}.md"] for pid in pids}  # a fixed order, whatever the split


def render_person_chunk(pids: list[str], view: CycleView | None = None) -> dict[str, str]:
    view = view or _forked_view
    template = environment(view.lang).get_template("person.md.j2")
    return {f"people/{pid}.md": template.render(**person_context(view, pid)) for pid in pids}


def downloads(results: CycleResults, lang: str) -> dict[str, bytes]:
    """The Downloads page's files, for people (see `downloads.py`); the workbook's bytes made reproducible."""
    files = site_downloads(results, lang)
    return {path: reproducible_zip(data) if path.endswith(".xlsx") else data for path, data in files.items()}


def reproducible_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps, so that the same input gives the same bytes."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # the workbook's own created/modified stamps
                content = SPREADSHEET_DATES.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            out.writestr(fixed, content)
    return target.getvalue()


def home_context(view: CycleView) -> dict[str, Any]:
    people, s = view.people, view.settings
    not_submitted = [
        {"section": view.section_names[sid], "section_id": sid, "people": [{"id": p, "name": view.rows[p]["name"]} for p in group.index]}
        for sid, group in people[people["self"].isna()].groupby("section", sort=False)
    ]
    counts = view.complete["grade"].value_counts()
    limit = quota_limit(s.excellent_quota, len(view.complete))
    grade_bars = [charts.Bar(g.name, float(counts.get(g.name, 0))) for g in s.grades]
    grade_max = max([b.value for b in grade_bars] + [limit, 1])
    top = {d: [view.person_row(p) | {"score": figure(view.rows[p][f"compare_{d}"])}
               for p in view.complete.sort_values(f"compare_rank_{d}").index[:s.publish.honour_board]] for d in DIMENSIONS}
    section_rows = section_table_rows(view)
    return {
        "title": s.title, "status": s.status, "ungraded": len(people) - len(view.complete), "people_count": len(people), "submitted": int(people["self"].notna().sum()),
        "rate": percent(view.results.participation), "complete": len(view.complete), "not_submitted": not_submitted,
        "grades": [(g.name, int(counts.get(g.name, 0))) for g in s.grades], "first": s.grades[0].name,
        "quota": percent_text(s.excellent_quota), "limit": limit,
        "grade_chart": charts.horizontal_bars(grade_bars, view.say("page.home.grades"), grade_max,
                                              marker=(limit, view.say("page.home.quota_marker"))),
        "sections": section_rows,
        "section_chart": participation_chart(view, section_rows),
        "top": top, "dimensions": DIMENSIONS, **home_checkins(view),
    }


def participation_chart(view: CycleView, rows: list[dict[str, Any]]) -> Markup:
    """Each section's share of submitted self-assessments, in the order of `rows`."""
    return charts.horizontal_bars(
        [charts.Bar(r["name"], r["submitted_share"] * 100, f"{r['submitted']}/{r['members']}（{r['submitted_share']:.0%}）", note_only=True)
         for r in rows],
        view.say("page.home.participation"), 100)


def home_checkins(view: CycleView) -> dict[str, Any]:
    """The home page's check-ins: counts per section and the goals and people a leader looks at first."""
    pids = list(view.people.index)
    members: dict[str, list[str]] = {sid: [] for sid in view.section_names}
    for pid in pids:
        members[view.rows[pid]["section"]].append(pid)
    glance = view.checkin_glance(pids, "", checkin_views.GLANCE_LIMIT)
    return {"glance": glance,
            "checkin_sections": checkin_views.section_counts(view.checkins, members, view.section_names) if glance else [],
            "checkin_words": [view.say(f"checkin.status.{s}") for s in (*checkin_views.STATUSES, "unchecked")]}


def section_table_rows(view: CycleView) -> list[dict[str, Any]]:
    return [{
        "id": row["id"], "name": row["name"], "leader": row["leader"], "rank": int(row["rank"]),
        "members": int(row["members"]), "complete": int(row["complete"]), "submitted": int(row["submitted"]),
        "submitted_share": row["submitted"] / row["members"] if row["members"] else 0.0,
        "review_score": figure(row["review_score"]),
        # a section without complete members still ranks by its review score (rule 9): say why its mean is empty
        "mean_composite": figure(row["mean_composite"], view.say("page.section.no_complete_short") if row["complete"] == 0 else "—"),
    } for row in view.results.sections.to_dict("records")]


def show_index_context(view: CycleView) -> dict[str, Any]:
    return {"sections": section_table_rows(view)}


def show_entry(person: Person, view: CycleView | None = None) -> dict[str, Any]:
    goals = []
    latest = {t.goal_id: t.latest for t in view.checkins.tracks.get(person.id, [])} if view is not None else {}
    for goal in person.show.goals:
        target, actual = goal.get("target"), goal.get("actual")
        progress = Markup(f"{export.round_half_up(actual / target * 100):g}%") if target and actual is not None else None
        goals.append({"text": goal["text"], "target": goal_number(target), "actual": goal_number(actual),
                      "unit": goal.get("unit") or "", "progress": progress,
                      "bar": min(actual / target, 1.0) * 100 if progress is not None else None,
                      "status": checkin_views.badge(latest[goal["id"]].status, view.lang)
                      if goal.get("id") in latest and latest[goal["id"]] is not None else None})
    commitments = [{"text": c["text"], "result": c.get("result"), "evidence": c.get("evidence")} for c in person.show.commitments]
    return {"standards": person.show.standards, "goals": goals, "commitments": commitments}


def goal_number(value: float | None) -> Markup | None:
    return None if value is None else Markup(charts.number(value))


def show_section_context(view: CycleView, section, members: list[str]) -> dict[str, Any]:
    people = view.cycle.people
    return {"section": section, "people": [view.person_row(p) | show_entry(people[p], view) for p in members]}


def compare_context(view: CycleView) -> dict[str, Any]:
    tables = {}
    for d in DIMENSIONS:
        ordered = view.complete.sort_values(f"compare_rank_{d}").index[:TOP_LIMIT]
        tables[d] = [view.person_row(p) | {"score": figure(view.rows[p][f"compare_{d}"]),
                                            "position": int(view.rows[p][f"compare_rank_{d}"])} for p in ordered]
    return {"tables": tables, "dimensions": DIMENSIONS, "truncated": len(view.complete) > TOP_LIMIT, "limit": TOP_LIMIT}


def results_context(view: CycleView) -> dict[str, Any]:
    small = len(view.people) <= FULL_TABLE_LIMIT
    ordered = view.ranked_ids() + view.incomplete_ids() if small else []  # rank order, the incomplete after
    return {
        "small": small, "rows": [view.person_row(p) for p in ordered], "filters": view.table_filters(ordered),
        "heatmap": people_heatmap(view, ordered) if small else None, "sections_heatmap": sections_heatmap(view),
        "incomplete_count": len(view.incomplete_ids()),
        "sections": section_table_rows(view), "cycle": view.cycle.id, "min_raters": view.settings.min_raters,
    }


def heat_columns(view: CycleView) -> list[str]:
    return [view.say(f"dim.{d}") for d in DIMENSIONS] + [view.say("column.composite")]


def people_heatmap(view: CycleView, pids: list[str]) -> Markup | None:
    """Complete people × the four comparison scores and the composite, in rank order."""
    ranked = [p for p in pids if view.rows[p]["status"] == "complete"]
    ranked.sort(key=lambda p: view.rows[p]["rank"])
    if not ranked:
        return None
    rows = [(view.rows[p]["name"], [none_if_nan(view.rows[p][f"compare_{d}"]) for d in DIMENSIONS] + [none_if_nan(view.rows[p]["composite"])])
            for p in ranked]
    return charts.heatmap(heat_columns(view), rows, view.say("page.heatmap.title"), view.say("page.heatmap.legend"))


def sections_heatmap(view: CycleView) -> Markup | None:
    """Sections × the means of their complete members' comparison scores and composites."""
    rows = []
    for section in view.cycle.org.sections:
        complete = view.complete.loc[view.sections_of_complete.get(section.id, [])]
        if len(complete):
            rows.append((section.name, [float(complete[f"compare_{d}"].mean()) for d in DIMENSIONS] + [float(complete["composite"].mean())]))
    if not rows:
        return None
    return charts.heatmap(heat_columns(view), rows, view.say("page.heatmap.sections"), view.say("page.heatmap.legend"))


def sections_index_context(view: CycleView) -> dict[str, Any]:
    rows = section_table_rows(view)
    chart = charts.horizontal_bars(
        [charts.Bar(r["name"], export.round_half_up(view.results.sections.at[r["id"], "review_score"])) for r in rows],
        view.say("page.section.score"), 100)
    ballots = [r | {"ballots": ballot_figures(view, r["id"])} for r in rows]
    return {"sections": rows, "chart": chart, "ballots": [r for r in ballots if r["ballots"]]}


def section_context(view: CycleView, section, members: list[str]) -> dict[str, Any]:
    table = view.results.sections.loc[section.id]
    review = view.cycle.organizational.get(section.id)
    ordered = sorted(members, key=lambda p: (view.rows[p]["rank"] if pd.notna(view.rows[p]["rank"]) else 10**9, p))
    rows = [view.person_row(p) for p in ordered]
    complete = view.complete.loc[view.sections_of_complete.get(section.id, [])]
    bars = [charts.Bar(view.rows[p]["name"], export.round_half_up(view.rows[p]["composite"])) for p in complete.sort_values("rank").index]
    return {
        "section": section, "rank": int(table["rank"]), "sections_total": len(view.results.sections),
        "review": review.section_review if review else None, "reviewer": review.reviewer if review else None,
        "review_score": figure(table["review_score"]),
        "no_complete": len(complete) == 0,
        "heatmap": people_heatmap(view, ordered),
        "members": rows, "filters": view.table_filters(ordered), "averages": {s: figure(complete[s].mean()) for s in (*SOURCES, "composite")},
        "sources": SOURCES, "chart": charts.horizontal_bars(bars, view.say("page.section.chart"), 100) if bars else None,
        "ballots": ballot_figures(view, section.id),
        **section_trend(view, section.id),
        "gap_chart": gap_chart(view, ordered), "gap_threshold": Markup(charts.number(view.settings.gap_threshold)),
        "glance": view.checkin_glance(members, "../"),
    }


def section_trend(view: CycleView, section_id: str) -> dict[str, Any]:
    """A section's review score across the cycles it appears in (a chart) and its figures per cycle (a table)."""
    history = view.section_history.get(section_id, [])
    chart = (charts.trend_line([(h["cycle"], h["value"]) for h in history], view.say("page.section.history_chart"))
             if len(history) > 1 else None)
    return {"section_history": history if len(history) > 1 else [], "section_history_chart": chart}


def gap_chart(view: CycleView, pids: list[str]) -> Markup | None:
    """三评 gaps: each person's self overall beside their democratic overall, for those with both published
    (rule 3: no democratic figure below min_raters); None when nobody has both."""
    pairs = []
    for pid in pids:
        row = view.rows[pid]
        own, others = export.round_half_up(row["self"]), export.round_half_up(row["democratic"])
        if own is not None and others is not None:
            pairs.append(charts.Pair(row["name"], own, others, bool({"self_high", "self_low"} & set(row["flags"]))))
    if not pairs:
        return None
    return charts.dumbbell(pairs, (view.say("source.self"), view.say("source.democratic")),
                           (charts.COLORS["self"], charts.COLORS["democratic"]),
                           view.say("page.section.gaps", gap=charts.number(view.settings.gap_threshold)))


def person_context(view: CycleView, pid: str) -> dict[str, Any]:
    person, row = view.cycle.people[pid], view.rows[pid]
    withheld = bool(row["democratic_withheld"])  # rule 3, as the results decided it
    scores = [{
        "dimension": d,
        **{s: figure(row[f"{s}_{d}"], view.say("withheld") if s == "democratic" and withheld else "—") for s in SOURCES},
        "compare": figure(row[f"compare_{d}"]), "compare_rank": rank_text(row[f"compare_rank_{d}"]),
    } for d in DIMENSIONS]
    series = [(view.say(f"source.{s}"), charts.COLORS[s], [none_if_nan(row[f"{s}_{d}"]) for d in DIMENSIONS]) for s in SOURCES]
    review = view.cycle.organizational.get(person.section)
    comment = review.people[pid].comment if review and pid in review.people else None
    history = view.history.get(pid, [])
    return {
        "p": view.person_row(pid), "show": show_entry(person, view), "person": person,
        "checkins": checkin_views.person_checkins(view.checkins, pid, sum(not g.get("id") for g in person.show.goals),
                                                  view.settings, view.lang), "scores": scores, "sources": SOURCES,
        "withheld": withheld, "min_raters": view.settings.min_raters,
        "flags": view.flag_texts(list(row["flags"]), row), "total": len(view.complete),
        "summary": person.self_assessment.summary if person.self_assessment else None,
        "has_self": person.self_assessment is not None, "comment": comment, "results_only": False,
        # no figure from any source yet: a sentence instead of an empty chart
        "chart": charts.grouped_bars([view.say(f"dim.{d}") for d in DIMENSIONS], series, view.say("page.person.chart", name=person.name))
        if any(v is not None for _, _, values in series for v in values) else None,
        "history": history, "edit_url": edit_url(view, pid),
        "history_chart": charts.trend_line([(h["cycle"], h["value"]) for h in history], view.say("page.person.history")) if len(history) > 1 else None,
    }


URL_SAFE = ":/?#@!$&+,;=%-._~"  # what stays as written in an edit link; the rest (spaces, brackets, quotes, <>) is %-encoded


def edit_url(view: CycleView, pid: str) -> Markup | None:
    """Where the person edits their scorecard on the git host's web editor (no API call), or None when not configured.

    The cycle and person ids are validated ids; the whole address is %-encoded again, so it
    can neither leave the Markdown link it is printed in nor carry HTML.
    """
    if not view.edit_base:
        return None
    return Markup(quote(f"{view.edit_base}scorecards/{view.cycle.id}/people/{pid}.yaml", safe=URL_SAFE))


def none_if_nan(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def method_context(view: CycleView) -> dict[str, Any]:
    s = view.settings
    veto = view.say("page.method.veto", level=s.veto.level, share=percent_text(s.veto.share), cap=s.veto.cap) if s.veto else view.say("page.method.no_veto")
    return {
        "settings": s, "weights": s.weights.model_dump(by_alias=True), "dims": s.dimensions.model_dump(),
        "rules": view.say("page.method.rules_text", min_raters=s.min_raters, veto=veto, first=s.grades[0].name,
                          second=s.grades[1].name, quota=percent_text(s.excellent_quota), gap=charts.number(s.gap_threshold)).split("\n"),
        "sources": SOURCES, "dimensions": DIMENSIONS,
        "scale": [(level, Markup(charts.number(points))) for level, points in s.scale.items()],
        "bands": [(g.name, Markup(charts.number(g.min))) for g in s.grades],
        "ballot_rules": ballot_rule_lines(view),
        "checkin_rule": view.say("page.checkins.method", behind=percent_text(s.checkins.behind), at_risk=percent_text(s.checkins.at_risk)),
    }


def ballot_figures(view: CycleView, section_id: str) -> dict[str, Any] | None:
    """Rule 13 for the site: 发出/收回/有效/废票 and 回收率 of a section, and why its assessment is invalid; None
    when its file gives no counts."""
    counts = published_counts(view.cycle.democratic.get(section_id), view.settings)
    if not counts:
        return None
    issued, returned = counts.get("issued"), counts.get("returned")
    rate = percent(returned / issued) if issued and returned is not None else Markup("—")
    invalid = None
    if counts.get("quorum_met") is False:
        invalid = view.say("page.ballots.invalid", returned=returned, issued=issued, rate=rate,
                           quorum=percent_text(view.settings.ballot_rules.quorum))
    return {key: counts.get(key, Markup("—")) for key in ("issued", "returned", "valid", "void")} | {"rate": rate, "invalid": invalid}


def ballot_rule_lines(view: CycleView) -> list[str]:
    """The cycle's ballot_rules in plain words, for the method page."""
    rules, scale = view.settings.ballot_rules, view.settings.scale
    if rules is None or (rules.quorum is None and not rules.void_uniform and rules.max_top_share is None):
        return [view.say("page.method.no_ballot_rules")]
    lines = []
    if rules.quorum is not None:
        lines.append(view.say("page.method.quorum", quorum=percent_text(rules.quorum)))
    if rules.void_uniform:
        lines.append(view.say("page.method.void_uniform"))
    if rules.max_top_share is not None and scale:
        top, points = next(iter(scale.items()))
        lines.append(view.say("page.method.max_top_share", top=top, points=charts.number(points), share=percent_text(rules.max_top_share)))
    lines.append(view.say("page.method.void_effect"))
    return lines


def history_by_person(results: dict[str, CycleResults], titles: dict[str, str]) -> dict[str, list[dict]]:
    """Each person's composite, grade and rank in every cycle they appear in, oldest first, as shown."""
    trends = person_trends(results)
    history: dict[str, list[dict]] = {}
    for (pid, cycle_id), composite, grade, rank in zip(trends.index, trends["composite"], trends["grade"], trends["rank"]):
        history.setdefault(pid, []).append({
            "cycle": cycle_id, "title": titles[cycle_id], "value": export.round_half_up(composite),
            "composite": figure(composite), "grade": grade if isinstance(grade, str) else "—", "rank": rank_text(rank),
        })
    return history


def history_by_section(results: dict[str, CycleResults], titles: dict[str, str]) -> dict[str, list[dict]]:
    """Each section's review score, mean composite and rank in every cycle it appears in, oldest first, as shown."""
    trends = section_trends(results)
    history: dict[str, list[dict]] = {}
    for (sid, cycle_id), review, mean, rank in zip(trends.index, trends["review_score"], trends["mean_composite"], trends["rank"]):
        history.setdefault(sid, []).append({
            "cycle": cycle_id, "title": titles[cycle_id], "value": export.round_half_up(review),
            "review_score": figure(review), "mean_composite": figure(mean), "rank": rank_text(rank),
        })
    return history
