"""Results for people and machines: the spec's JSON, CSV and XLSX (`portal results`).

Numbers are rounded half-up to two decimals here, and only here.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import math
from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..catalog import translate
from .aggregate import CycleResults
from .ballots import published_counts
from .exact import half_up_hundredths, written
from .model import DIMENSIONS

PERSON_COLUMNS = ["id", "name", "section", "status", "missing", "raters", "self", "democratic", "organizational",
                  "composite", "grade", "rank"]
FLAT_COLUMNS = PERSON_COLUMNS + [f"compare_{d}" for d in DIMENSIONS] + [f"compare_rank_{d}" for d in DIMENSIONS] + ["flags"]
SECTION_COLUMNS = ["id", "name", "leader", "members", "complete", "submitted", "review_score", "mean_composite", "rank"]


def round_half_up(value: Any) -> float | None:
    """Two decimals, half-up, of the unrounded value; None for a missing one.

    Exact for a Fraction (the figures of `CycleResults`), and for an int.  A float is taken
    as the decimal it prints as (`repr`: the number as written, for a float read from a
    file), so 2.675 rounds to 2.68 although the double nearest to it is a hair below.
    """
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return half_up_hundredths(written(value)) / 100


def plain_int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def plain_text(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def person_records(results: CycleResults) -> list[dict[str, Any]]:
    """One object per person, sorted by id, exactly as FORMAT.md's machine-readable results."""
    records = []
    for row in results.people.sort_index().to_dict("records"):
        def figure(name: str, row: dict = row) -> float | None:
            return round_half_up(results.exact(row, name))

        records.append({
            "id": row["id"], "name": row["name"], "section": row["section"], "status": row["status"],
            "missing": list(row["missing"]), "raters": int(row["raters"]),
            "self": figure("self"), "democratic": figure("democratic"), "organizational": figure("organizational"),
            "composite": figure("composite"), "grade": plain_text(row["grade"]), "rank": plain_int(row["rank"]),
            "compare": {d: figure(f"compare_{d}") for d in DIMENSIONS},
            "compare_rank": {d: plain_int(row[f"compare_rank_{d}"]) for d in DIMENSIONS},
            "flags": list(row["flags"]),
        })
        if row["missing_reason"]:  # v1.1: only where a reason is known (rule 12), so v1 results keep their shape
            records[-1]["missing_reason"] = dict(row["missing_reason"])
    return records


def flat_records(results: CycleResults) -> list[dict[str, Any]]:
    """The same records with compare scores and ranks as columns (`compare_learning`, …)."""
    flat = []
    for record in person_records(results):
        row = {k: record[k] for k in PERSON_COLUMNS}
        row.update({f"compare_{d}": record["compare"][d] for d in DIMENSIONS})
        row.update({f"compare_rank_{d}": record["compare_rank"][d] for d in DIMENSIONS})
        row["flags"] = record["flags"]
        flat.append(row)
    return flat


def section_records(results: CycleResults) -> list[dict[str, Any]]:
    records = []
    for row in results.sections.to_dict("records"):
        records.append({
            "id": row["id"], "name": row["name"], "leader": row["leader"], "members": int(row["members"]),
            "complete": int(row["complete"]), "submitted": int(row["submitted"]),
            "review_score": round_half_up(row["review_score_exact"]),
            "mean_composite": round_half_up(row["mean_composite_exact"]),
            "rank": int(row["rank"]),
        })
        records[-1].update(published_counts(results.cycle.democratic.get(row["id"]), results.cycle.settings))  # rule 13
    return records


def cell(value: Any) -> Any:
    """A CSV/XLSX cell: lists joined with ';', None left empty."""
    if isinstance(value, list):
        return ";".join(value)
    return "" if value is None else value


def to_json(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def to_csv(records: list[dict[str, Any]], columns: list[str]) -> str:
    """CSV with a UTF-8 BOM, so that Excel and WPS open the Chinese text correctly."""
    return "\ufeff" + csv_text([columns, *([cell(record[c]) for c in columns] for record in records)])


class SpreadsheetCsv(csv.Dialect):
    """The one dialect of every CSV the portal writes (results, the site's downloads, codes, the 计票单): RFC 4180.

    Python's writer quotes a field only when it holds the delimiter, the quote or a character of the
    *line terminator*: with "\n" as the terminator a bare carriage return went out unquoted, and
    LibreOffice Calc (and Excel) ended the row there.  With "\r\n" every field holding CR or LF is
    quoted, so each record stays one row for any CSV reader (issue 19).
    """

    delimiter = ","
    quotechar = '"'
    doublequote = True
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL
    skipinitialspace = False
    strict = True


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """Rows as CSV text in `SpreadsheetCsv`, every text cell made spreadsheet-safe (numbers stay numbers)."""
    buffer = io.StringIO()
    csv.writer(buffer, SpreadsheetCsv).writerows([spreadsheet_safe(value) for value in row] for row in rows)
    return buffer.getvalue()


# What makes Excel or WPS read a cell as a formula: = + - @, their full-width forms ＝ ＋ － ＠ (East Asian
# input turns them into formulas), and tab, CR, LF before them
FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\t", "\r", "\n")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell Excel and WPS will not run as a formula: a leading ' when it starts like one.

    Only text: a number (a negative one too) is written as it is.  Names, posts
    and section names come from scorecards, so `=HYPERLINK(...)` must stay text.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def as_written(text: str) -> str:
    """The text behind a cell `spreadsheet_safe` protected, its leading ' taken off (`import-ballots` reads
    back the 计票单 `portal ballots` printed, whose level names and names may start like a formula)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


WIDTH_SAMPLE = 2000  # rows that set the column widths: enough to be right, cheap at 50,000 people


def write_xlsx(records: list[dict[str, Any]], columns: list[str], path: Any, lang: str = "zh") -> None:
    """A spreadsheet with Chinese headers, frozen header row, a filter and widths that fit the content.

    XlsxWriter streams rows (about 6x openpyxl's speed here: 50,000 people in seconds);
    `path` is a file name or a binary file object.
    """
    import xlsxwriter

    book = xlsxwriter.Workbook(path, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                      "strings_to_urls": False})
    book.set_properties({"creator": "portal", "created": datetime.datetime(2000, 1, 1)})
    sheet = book.add_worksheet(translate("xlsx.sheet", lang))
    headers = [translate(f"column.{c}", lang) for c in columns]
    rows = [[cell(record[c]) for c in columns] for record in records]
    sheet.write_row(0, 0, headers, book.add_format({"bold": True}))
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, row)
    sample = rows[:WIDTH_SAMPLE]
    for index, header in enumerate(headers):
        width = max([display_width(header)] + [display_width(str(row[index])) for row in sample]) + 2
        sheet.set_column(index, index, min(max(width, 6), 60))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(columns) - 1)
    book.close()


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: Chinese characters count twice."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
