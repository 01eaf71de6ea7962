"""`portal ballots`: printable 民主测评票 for one section, and the matching 计票单 to count them on.

The forms are for anonymous paper ballots: identical copies with no rater
field and no serial number (nothing on a form can tell one ballot from
another).  Each lists the section's members and the four dimensions with
the cycle's scale as tick boxes.  The tally sheet comes as HTML to print and
as CSV/XLSX to fill in; `import-ballots` reads the filled-in CSV/XLSX back
(its header and its 发出票数/收回票数/废票数 rows are what the importer
knows).  Pages are self-contained (inline CSS, no outside resource) and every
text from the scorecards is escaped by Jinja2's autoescape.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..catalog import translate
from ..pipeline.export import csv_text, spreadsheet_safe
from ..pipeline.model import DIMENSIONS, Cycle

DIMENSION_LABELS = {"learning": "dim.learning", "work": "dim.work", "contribution": "dim.contribution",
                    "fulfilment": "dim.fulfilment"}
COUNT_LABELS = ("发出票数", "收回票数", "废票数")  # the row labels import-ballots reads back (importer.COUNT_ROWS)
MAX_COPIES = 1_000


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    post: str


def members_of(cycle: Cycle, section: str) -> list[Member]:
    """The section's members, by id (the order tells nothing about anyone)."""
    return [Member(p.id, p.name, p.post) for p in sorted(cycle.people.values(), key=lambda p: p.id) if p.section == section]


def words(lang: str) -> dict[str, str]:
    keys = ("form_title", "form_how", "form_foot", "tally_title", "tally_how", "person", "dimension", "total",
            "counter", "scrutineer", "date")
    return {key: translate(f"forms.{key}", lang) for key in keys}


def dimension_names(lang: str) -> list[str]:
    return [translate(DIMENSION_LABELS[d], lang) for d in DIMENSIONS]


def page_context(cycle: Cycle, section: str, lang: str) -> dict:
    section_name = next(s.name for s in cycle.org.sections if s.id == section)
    return {
        "t": words(lang), "unit": cycle.org.name, "cycle_title": cycle.settings.title, "section_name": section_name,
        "members": members_of(cycle, section), "dimensions": dimension_names(lang),
        "levels": [(level, f"{points:g}") for level, points in cycle.settings.scale.items()],
        "count_labels": [*COUNT_LABELS, "有效票数"],
    }


def render(template: str, context: dict) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(Path(__file__).parent.parent / "templates"), autoescape=True, undefined=StrictUndefined)
    return env.get_template(template).render(**context)


def ballot_forms_html(cycle: Cycle, section: str, copies: int, lang: str = "zh") -> str:
    """`copies` identical 民主测评票, one per printed page (or more for a large section)."""
    return render("ballot_forms.html.j2", page_context(cycle, section, lang) | {"copies": copies})


def tally_sheet_html(cycle: Cycle, section: str, lang: str = "zh") -> str:
    return render("tally_sheet.html.j2", page_context(cycle, section, lang))


def tally_rows(cycle: Cycle, section: str, lang: str = "zh") -> list[list[str]]:
    """The 计票单 to fill in: a header, a row per member and dimension, then the 发出/收回/废票 rows.
    The texts as written in the scorecards: the CSV and the XLSX writers keep them from running as formulas."""
    levels = list(cycle.settings.scale)
    rows = [["编号", "姓名", "维度", *levels]]
    for member in members_of(cycle, section):
        for dimension in dimension_names(lang):
            rows.append([member.id, member.name, dimension, *[""] * len(levels)])
    rows.extend([label, *[""] * (len(levels) + 2)] for label in COUNT_LABELS)
    return rows


def tally_csv(rows: list[list[str]]) -> str:
    """Every cell that starts like a formula (a level, a name, an id) gets a leading '; import takes it off."""
    return "\ufeff" + csv_text(rows)  # the BOM makes Excel/WPS read UTF-8


def write_tally_xlsx(rows: list[list[str]], path: Path) -> None:
    """Every cell is a text cell; one that starts like a formula also gets Excel's quote prefix (shown without
    the ', and it stays text when a counter edits it)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
    quoted = book.add_format({"quote_prefix": True})
    sheet = book.add_worksheet("计票单")
    for number, row in enumerate(rows):
        for column, value in enumerate(row):
            sheet.write_string(number, column, value, quoted if spreadsheet_safe(value) != value else None)
    sheet.set_column(0, 2, 14)
    sheet.freeze_panes(1, 0)
    book.close()


def write_forms(cycle: Cycle, section: str, out: Path, copies: int, lang: str = "zh") -> list[Path]:
    """Write the forms and the tally sheet (HTML, CSV, XLSX) into `out`; the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{cycle.id}-{section}"
    rows = tally_rows(cycle, section, lang)
    written = {
        out / f"ballots-{stem}.html": ballot_forms_html(cycle, section, copies, lang),
        out / f"tally-{stem}.html": tally_sheet_html(cycle, section, lang),
        out / f"tally-{stem}.csv": tally_csv(rows),
    }
    for path, text in written.items():
        path.write_text(text, encoding="utf-8", newline="")  # the CSV as written (CRLF rows), on any system
    write_tally_xlsx(rows, out / f"tally-{stem}.xlsx")
    return [*written, out / f"tally-{stem}.xlsx"]
