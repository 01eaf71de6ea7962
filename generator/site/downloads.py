"""The site's downloads: the results as a person hands them to the 组织部门, not the machine contract.

`portal results --format json|csv|xlsx` stays FORMAT.md's table (ids, codes,
sorted by id).  The files on the site's Downloads page are for people: the
catalog's headers and words (section names, 评议完整/评议未完成, what is
missing, flag names), people in rank order (ranked first, then the
incomplete by section and id), and the sections in rank order too, as a
second sheet of the workbook and as their own CSV.  Text cells are written
as text (CSV cells that would start a formula get a leading ', XLSX cells
are strings), scores as numbers with two decimals.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from ..catalog import translate
from ..pipeline.aggregate import CycleResults
from ..pipeline.export import csv_text, display_width, flat_records, section_records
from ..pipeline.model import DIMENSIONS

SCORES = ("composite", "self", "democratic", "organizational", *(f"compare_{d}" for d in DIMENSIONS))
PEOPLE_COLUMNS = ["rank", "name", "id", "section", "post", "status", "missing", "grade", "composite", "self", "democratic",
                  "organizational", "raters", *(f"compare_{d}" for d in DIMENSIONS), *(f"compare_rank_{d}" for d in DIMENSIONS),
                  "flags"]
SECTION_COLUMNS = ["rank", "section", "id", "leader", "members", "complete", "submitted", "review_score", "mean_composite",
                   "issued", "returned", "valid", "void"]
SECTION_SCORES = ("review_score", "mean_composite")


def people_rows(results: CycleResults, lang: str) -> list[dict[str, Any]]:
    """One row per person in rank order, with the words of the site."""
    say = lambda key: translate(key, lang)  # noqa: E731
    names = {s.id: s.name for s in results.cycle.org.sections}
    records = flat_records(results)
    ranked = sorted((r for r in records if r["rank"] is not None), key=lambda r: r["rank"])
    others = sorted((r for r in records if r["rank"] is None), key=lambda r: (list(names).index(r["section"]), r["id"]))
    min_raters = results.cycle.settings.min_raters
    rows = []
    for record in ranked + others:
        withheld = 0 < record["raters"] < min_raters
        rows.append(record | {
            "section": names[record["section"]], "post": results.cycle.people[record["id"]].post,
            "status": say(f"status.{record['status']}"),
            "missing": "、".join(say(f"missing.{m}") for m in record["missing"]),
            "democratic": say("withheld") if withheld else record["democratic"],
            "flags": "、".join(say(f"flag.short.{f}") for f in record["flags"]),
        })
    return rows


def section_rows(results: CycleResults) -> list[dict[str, Any]]:
    """One row per section in rank order, headed 处室 (its name)."""
    return sorted((r | {"section": r["name"]} for r in section_records(results)), key=lambda r: r["rank"])


def header(column: str, lang: str) -> str:
    return translate("page.person.post" if column == "post" else f"column.{column}", lang)


def columns_present(rows: list[dict[str, Any]], columns: list[str]) -> list[str]:
    """The columns any row has (ballot counts appear only where a democratic file gives them)."""
    return [c for c in columns if any(c in row for row in rows)]


def cell(value: Any, score: bool = False) -> Any:
    if value is None:
        return ""
    return f"{value:.2f}" if score and isinstance(value, float) else value


def to_csv(rows: list[dict[str, Any]], columns: list[str], scores: tuple[str, ...], lang: str) -> bytes:
    """CSV with a UTF-8 BOM (Excel and WPS open the Chinese right); no cell can start a formula."""
    table = [[header(c, lang) for c in columns], *([cell(row.get(c), c in scores) for c in columns] for row in rows)]
    return ("\ufeff" + csv_text(table)).encode("utf-8")


def to_xlsx(people: list[dict[str, Any]], sections: list[dict[str, Any]], lang: str) -> bytes:
    """A workbook of two sheets, people and sections, each with a frozen header row and a filter."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                     "strings_to_urls": False})
    book.set_properties({"creator": "portal", "created": datetime.datetime(2000, 1, 1)})
    formats = {"bold": book.add_format({"bold": True}), "score": book.add_format({"num_format": "0.00"})}
    sheet_of(book, translate("xlsx.sheet", lang), people, columns_present(people, PEOPLE_COLUMNS), SCORES, formats, lang)
    sheet_of(book, translate("xlsx.sections_sheet", lang), sections, columns_present(sections, SECTION_COLUMNS),
             SECTION_SCORES, formats, lang)
    book.close()
    return out.getvalue()


def sheet_of(book, name: str, rows: list[dict[str, Any]], columns: list[str], scores: tuple[str, ...], formats: dict,
             lang: str) -> None:
    sheet = book.add_worksheet(name)
    headers = [header(c, lang) for c in columns]
    sheet.write_row(0, 0, headers, formats["bold"])
    for number, row in enumerate(rows, start=1):
        for index, column in enumerate(columns):
            value = row.get(column)
            if isinstance(value, str):
                sheet.write_string(number, index, value)  # text stays text, whatever it starts with
            elif value is not None:
                sheet.write_number(number, index, value, formats["score"] if column in scores else None)
    for index, column in enumerate(columns):
        width = max([display_width(headers[index])] + [display_width(str(cell(r.get(column)))) for r in rows[:2000]]) + 2
        sheet.set_column(index, index, min(max(width, 6), 40))
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, len(rows), len(columns) - 1)


def site_downloads(results: CycleResults, lang: str) -> dict[str, bytes]:
    """The Downloads page's files: {path inside docs: bytes} (the workbook's zip made reproducible by render)."""
    people, sections = people_rows(results, lang), section_rows(results)
    cycle = results.cycle.id
    return {
        f"downloads/results-{cycle}.csv": to_csv(people, columns_present(people, PEOPLE_COLUMNS), SCORES, lang),
        f"downloads/results-{cycle}.xlsx": to_xlsx(people, sections, lang),
        f"downloads/sections-{cycle}.csv": to_csv(sections, columns_present(sections, SECTION_COLUMNS), SECTION_SCORES, lang),
    }
