"""The roll-up site's pages: offices side by side, grades against the quota, goals, trends, downloads.

Queries run in DuckDB over the combined bundles (`rollup.combined`); pages are
Markdown from templates in `templates/rollup/`, printed through the site's one
escaping (office names are data), with the portal's tables (sortable,
filterable), heatmaps and charts, so the roll-up looks like an office's site.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..catalog import translate
from ..pipeline import export
from ..pipeline.checkins import STATUSES
from . import charts
from .build import ASSET_FILES, ASSETS
from .markup import escape_line
from .render import environment, reproducible_zip

PAGES = ("index.md", "grades.md", "goals.md", "trends.md", "downloads.md")
HEAT_LIMIT = 2000  # rows of a heatmap; beyond, the table and the downloads carry them


def records(connection, sql: str, args: list | None = None) -> list[dict[str, Any]]:
    cursor = connection.execute(sql, args or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def pct(value: float | None) -> Markup:
    return Markup("—") if value is None else Markup(f"{export.round_half_up(value * 100):.1f}%")


def num(value: Any) -> Markup:
    return Markup("—") if value is None else Markup(charts.number(float(value)))


def key(value: float | None) -> Markup:
    return Markup("-1" if value is None else f"{value:.6f}")


LATEST = """SELECT * FROM office QUALIFY row_number() OVER (PARTITION BY office ORDER BY period_start DESC, cycle DESC) = 1
            ORDER BY office"""


def office_rows(connection, lang: str) -> list[dict[str, Any]]:
    rows = []
    for r in records(connection, LATEST):
        goals = sum(r[f"goals_{s}"] for s in (*STATUSES, "unchecked"))
        at_risk = r["goals_at_risk"] / goals if goals else None
        first_share = r["first_grade_count"] / r["complete"] if r["complete"] else None
        over = r["quota_limit"] is not None and r["first_grade_count"] is not None and r["first_grade_count"] > r["quota_limit"]
        rows.append(r | {
            "participation_text": pct(r["participation"]), "participation_key": key(r["participation"]),
            "return_text": pct(r["return_rate"]), "return_key": key(r["return_rate"]),
            "first_text": Markup(f"{r['first_grade_count']} / {r['quota_limit']}") if r["figures_public"] else Markup(escape_line(translate("rollup.not_public", lang))),
            "first_key": key(first_share), "first_share": first_share, "over_quota": over,
            "at_risk_text": Markup(f"{r['goals_at_risk']} / {goals}") if r["checkins_used"] else Markup("—"),
            "at_risk_key": key(at_risk), "at_risk_share": at_risk,
            "status_word": translate(f"rollup.status.{r['status']}", lang),
            "public_word": translate("rollup.public_yes" if r["figures_public"] else "rollup.public_no", lang),
        })
    return rows


def filters(rows: list[dict[str, Any]], lang: str) -> dict[str, list[tuple[str, str]]]:
    cycles = sorted({r["cycle"] for r in rows})
    return {"cycles": [(c, c) for c in cycles],
            "statuses": [(s, translate(f"rollup.status.{s}", lang)) for s in ("open", "closed")],
            "public": [("yes", translate("rollup.public_yes", lang)), ("no", translate("rollup.public_no", lang))]}


def overview_heatmap(rows: list[dict[str, Any]], lang: str) -> Markup | None:
    shown = [(r["office"], [none_or_pct(r["participation"]), none_or_pct(r["return_rate"]), none_or_pct(r["first_share"]),
                            none_or_pct(r["at_risk_share"])]) for r in rows[:HEAT_LIMIT]]
    if not shown:
        return None
    columns = [translate(f"rollup.heat.{c}", lang) for c in ("participation", "return", "first", "at_risk")]
    return charts.heatmap(columns, shown, translate("rollup.heat.title", lang), translate("page.heatmap.legend", lang))


def none_or_pct(value: float | None) -> float | None:
    return None if value is None else value * 100


def totals(connection) -> dict[str, Any]:
    counted = records(connection, "SELECT count(DISTINCT office) AS offices, count(DISTINCT cycle) AS cycles FROM office")[0]
    return counted | records(connection, "SELECT sum(people) AS people, sum(submitted) AS submitted FROM (" + LATEST + ")")[0]


def trend_rows(connection) -> list[dict[str, Any]]:
    return records(connection, """SELECT cycle, min(period_start) AS starts, count(*) AS offices, sum(people) AS people,
        sum(submitted) / sum(people) AS participation, sum(returned) / nullif(sum(issued), 0) AS return_rate,
        sum(first_grade_count) / nullif(sum(CASE WHEN figures_public THEN complete END), 0) AS first_share,
        sum(goals_at_risk) / nullif(sum(goals_on_track + goals_behind + goals_at_risk + goals_done + goals_unchecked), 0) AS at_risk_share
        FROM office GROUP BY cycle ORDER BY starts, cycle""")


def trend_charts(trends: list[dict[str, Any]], lang: str) -> list[tuple[str, Markup]]:
    found = []
    for column, label in (("participation", "rollup.heat.participation"), ("return_rate", "rollup.heat.return"),
                          ("first_share", "rollup.heat.first"), ("at_risk_share", "rollup.heat.at_risk")):
        points = [(t["cycle"], None if t[column] is None else round(t[column] * 100, 2)) for t in trends]
        if any(v is not None for _, v in points):
            title = translate("rollup.trend_chart", lang, figure=translate(label, lang))
            found.append((title, charts.trend_line(points, title)))
    return found


def participation_matrix(connection, cycles: list[str], lang: str) -> Markup | None:
    """Offices × cycles: the participation of each office in each cycle it ran."""
    by_office: dict[str, dict[str, float]] = {}
    for r in records(connection, "SELECT office, cycle, participation FROM office ORDER BY office"):
        by_office.setdefault(r["office"], {})[r["cycle"]] = r["participation"] * 100
    rows = [(office, [values.get(c) for c in cycles]) for office, values in list(by_office.items())[:HEAT_LIMIT]]
    if not rows or len(cycles) < 2:
        return None
    return charts.heatmap(cycles, rows, translate("rollup.heat.matrix", lang), translate("page.heatmap.legend", lang))


def grade_context(connection, lang: str) -> dict[str, Any]:
    grades = records(connection, """SELECT g.office, g.band, g.grade, g.people FROM grades g JOIN (""" + LATEST + """) o
        ON g.office = o.office AND g.cycle = o.cycle ORDER BY g.office, g.band""")
    names = [r["grade"] for r in records(connection, "SELECT band, any_value(grade) AS grade FROM grades GROUP BY band ORDER BY band")]
    by_office: dict[str, dict[int, int]] = {}
    for r in grades:
        by_office.setdefault(r["office"], {})[r["band"]] = r["people"]
    totals_by_band = [sum(v.get(b, 0) for v in by_office.values()) for b in range(len(names))]
    chart = charts.horizontal_bars([charts.Bar(n, float(c)) for n, c in zip(names, totals_by_band)],
                                   translate("rollup.grades_chart", lang), max(totals_by_band + [1])) if names else None
    return {"grade_names": names, "by_office": by_office, "grade_chart": chart}


def downloads(connection, lang: str) -> dict[str, bytes]:
    """CSV (Chinese headers, UTF-8 with BOM, formula-safe), XLSX and Parquet of every table, all cycles."""
    from .bundle import TABLES

    files: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, columns in TABLES.items():
            rows = records(connection, f"SELECT * FROM {name} ORDER BY office, cycle")
            names = [c for c, _ in columns]
            shown = [{c: (r[c].isoformat() if hasattr(r[c], "isoformat") else r[c]) for c in names} for r in rows]
            headers = [translate(f"column.{c}", lang) for c in names]
            text = export.to_csv([dict(zip(headers, (r[c] for c in names))) for r in shown], headers)
            files[f"downloads/rollup-{name}.csv"] = text.encode("utf-8")
            book = io.BytesIO()
            export.write_xlsx(shown, names, book, lang)
            files[f"downloads/rollup-{name}.xlsx"] = reproducible_zip(book.getvalue())
            target = Path(folder) / f"{name}.parquet"
            connection.execute(f"COPY (SELECT * FROM {name} ORDER BY office, cycle) TO '{target.as_posix()}' (FORMAT parquet)")
            files[f"downloads/rollup-{name}.parquet"] = target.read_bytes()
    return files


def render_rollup(connection, lang: str) -> tuple[dict[str, str | bytes], list]:
    """Every page and download of the roll-up site, and its navigation."""
    env = environment(lang)
    rows = office_rows(connection, lang)
    trends = trend_rows(connection)
    cycles = [t["cycle"] for t in trends]
    common = {"rows": rows, "statuses": STATUSES}
    pages: dict[str, str | bytes] = {
        "index.md": env.get_template("rollup/index.md.j2").render(
            **common, totals=totals(connection), filters=filters(rows, lang), heatmap=overview_heatmap(rows, lang)),
        "grades.md": env.get_template("rollup/grades.md.j2").render(**common, **grade_context(connection, lang)),
        "goals.md": env.get_template("rollup/goals.md.j2").render(**common),
        "trends.md": env.get_template("rollup/trends.md.j2").render(
            trends=[t | {k: pct(t[k]) for k in ("participation", "return_rate", "first_share", "at_risk_share")} for t in trends],
            charts=trend_charts(trends, lang), matrix=participation_matrix(connection, cycles, lang)),
        "downloads.md": env.get_template("rollup/downloads.md.j2").render(tables=("office", "sections", "grades")),
    }
    pages.update(downloads(connection, lang))
    pages.update({f"assets/portal/{name}": (ASSETS / name).read_bytes() for name in ASSET_FILES if not name.startswith(("noble", "portal-seal", "search"))})
    say = lambda k: translate(k, lang)  # noqa: E731
    nav = [{say("rollup.nav.index"): "index.md"}, {say("rollup.nav.grades"): "grades.md"}, {say("rollup.nav.goals"): "goals.md"},
           {say("rollup.nav.trends"): "trends.md"}, {say("rollup.nav.downloads"): "downloads.md"}]
    return pages, nav


def config_text(lang: str) -> str:
    """The roll-up site's mkdocs.yml: the portal's theme and extensions, its own CSS and table scripts."""
    assets = [name for name in ASSET_FILES if not name.startswith(("noble", "portal-seal", "search"))]
    css = "\n".join(f"  - assets/portal/{name}" for name in assets if name.endswith(".css"))
    js = "\n".join(f"  - assets/portal/{name}" for name in assets if name.endswith(".js"))
    title = escape_line(translate("rollup.site_name", lang)).replace('"', "&#34;")
    return f"""site_name: "{title}"
docs_dir: docs
use_directory_urls: true
theme:
  name: material
  language: {"en" if lang == "en" else "zh"}
  font: false
  features: [navigation.tabs, navigation.top, navigation.footer]
  palette: {{primary: indigo, accent: indigo}}
plugins: []
markdown_extensions:
  - tables
  - admonition
  - attr_list
  - md_in_html
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower
extra:
  generator: false
extra_css:
{css}
extra_javascript:
{js}
"""
