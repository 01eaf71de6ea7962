"""Printable 民主测评票 and 计票单 (`portal ballots`), and the round trip of a filled-in tally sheet."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml
from conftest import DIMS, restricted_text

from generator.pipeline.aggregate import aggregate_cycle
from generator.pipeline.export import person_records
from generator.pipeline.validate import validate_portal

CHROMIUM = Path("/usr/bin/chromium")
DIMENSION_WORDS = {"learning": "比学习", "work": "比工作", "contribution": "比奉献", "fulfilment": "践诺"}


def forms(run, root: Path, out: Path, *extra: str) -> dict[str, Path]:
    code, _, err = run("ballots", "--root", str(root), "--section", "mishu", "--output", str(out), *extra)
    assert code == 0, err
    return {path.name: path for path in out.iterdir()}


def test_forms_and_tally_sheet_are_written(sample_copy, tmp_path, run):
    files = forms(run, sample_copy, tmp_path / "out")
    assert set(files) == {"ballots-2026-mishu.html", "tally-2026-mishu.html", "tally-2026-mishu.csv", "tally-2026-mishu.xlsx"}
    page = files["ballots-2026-mishu.html"].read_text(encoding="utf-8")
    assert page.count('<section class="form">') == 7  # one per member by default
    assert "@page { size: A4" in page and "民主测评票" in page
    for name in ("罗芳", "刘杰", "好", "较好", "一般", "差", "比学习", "践诺"):
        assert name in page


def test_forms_have_no_rater_field_no_number_and_nothing_from_outside(sample_copy, tmp_path, run):
    files = forms(run, sample_copy, tmp_path / "out", "--copies", "3")
    page = files["ballots-2026-mishu.html"].read_text(encoding="utf-8")
    copies = re.findall(r'<section class="form">.*?</section>', page, re.S)
    assert len(copies) == 3 and len(set(copies)) == 1  # identical: nothing tells one ballot from another
    assert not re.search(r"(评议人|填表人|编号|姓名)\s*[：:]|第\s*\d+\s*张|No\.", page)  # no field for a rater, no serial
    for html in (page, files["tally-2026-mishu.html"].read_text(encoding="utf-8")):
        assert not re.search(r"(src|href)\s*=|@import|url\(|https?:", html)


def test_hostile_names_are_escaped(sample_copy, tmp_path, run):
    person = sample_copy / "scorecards/2026/people/luofang.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace("name: 罗芳", "name: '=1+1<img src=x onerror=alert(1)>'"), encoding="utf-8")
    files = forms(run, sample_copy, tmp_path / "out")
    for name in ("ballots-2026-mishu.html", "tally-2026-mishu.html"):
        html = files[name].read_text(encoding="utf-8")
        assert "<img" not in html and "=1+1&lt;img src=x onerror=alert(1)&gt;" in html
    assert "'=1+1<img src=x" in files["tally-2026-mishu.csv"].read_text(encoding="utf-8-sig")  # neutralised for Excel/WPS


def test_an_unknown_section_is_refused(sample_copy, tmp_path, run):
    code, _, err = run("ballots", "--root", str(sample_copy), "--section", "nosuch", "--output", str(tmp_path / "o"))
    assert code == 1 and "nosuch" in err


def filled_in(rows: list[list[str]], tallies: dict, counts: dict[str, int]) -> list[list[str]]:
    """The tally sheet as the counters fill it in: the sample's counts in the level columns, and the three totals."""
    header = rows[0]
    levels = header[3:]
    for row in rows[1:]:
        if row[0] in tallies:
            dimension = next(d for d, word in DIMENSION_WORDS.items() if word == row[2])
            row[3:] = [str(tallies[row[0]][dimension].get(level, "")) for level in levels]
        elif row[0] in counts:
            row[3] = str(counts[row[0]])
    return rows


def results_of(root: Path) -> list[dict]:
    return person_records(aggregate_cycle(validate_portal(root).portal.cycles["2026"]))


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_filled_in_tally_sheet_imports_back(sample_copy, tmp_path, run, kind):
    expected = results_of(sample_copy)
    target = sample_copy / "scorecards/2026/democratic/mishu.yaml"
    original = yaml.safe_load(target.read_text(encoding="utf-8"))
    files = forms(run, sample_copy, tmp_path / "out")
    with files["tally-2026-mishu.csv"].open(encoding="utf-8-sig", newline="") as handle:
        rows = filled_in(list(csv.reader(handle)), original["tallies"], {"发出票数": 8, "收回票数": 8, "废票数": 1})
    sheet = tmp_path / f"filled.{kind}"
    if kind == "csv":
        with sheet.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(rows)
    else:
        from openpyxl import load_workbook

        book = load_workbook(files["tally-2026-mishu.xlsx"])
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row, start=1):
                book.active.cell(number, column, value=int(value) if value.isdigit() else value)
        book.save(sheet)
    code, out, err = run("import-ballots", str(sheet), "--root", str(sample_copy), "--section", "mishu", "--force")
    assert code == 0, err
    assert "收回 8 张，有效 7 张，废票 1 张" in out and "发出 8 张" in out
    written = yaml.safe_load(restricted_text(target))
    assert written == original | {"issued": 8, "returned": 8, "void": 1}
    assert results_of(sample_copy) == expected


def test_a_tally_sheet_without_totals_reports_the_ballots_it_counts(sample_copy, tmp_path, run):
    """A 5-ballot sheet for 7 people counts 5 ballots, not 35."""
    levels = ["好", "较好", "一般", "差"]
    cycle = validate_portal(sample_copy).portal.cycles["2026"]
    members = sorted(p for p, person in cycle.people.items() if person.section == "mishu")
    rows = [[p, cycle.people[p].name, DIMENSION_WORDS[d], "5", "", "", ""] for p in members for d in DIMS]
    sheet = tmp_path / "sheet.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["编号", "姓名", "维度", *levels], *rows])
    code, out, _ = run("import-ballots", str(sheet), "--root", str(sample_copy), "--section", "mishu", "--force")
    assert code == 0 and "计入 5 张有效选票" in out and "35" not in out


@pytest.mark.browser
def test_the_forms_print_to_pdf_in_chromium(sample_copy, tmp_path, run):
    from playwright.sync_api import sync_playwright

    files = forms(run, sample_copy, tmp_path / "out", "--copies", "2")
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            for name in ("ballots-2026-mishu.html", "tally-2026-mishu.html"):
                page = browser.new_page()
                page.on("pageerror", lambda error: errors.append(str(error)))
                page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
                page.on("request", lambda request: requests.append(request.url))
                page.goto(files[name].as_uri())
                pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
                assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
                (tmp_path / f"{name}.pdf").write_bytes(pdf)
                if name.startswith("ballots"):
                    assert page.locator("section.form").count() == 2
                    assert page.locator(".box").count() == 2 * 7 * 4 * 4  # copies × members × dimensions × levels
                    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
                    assert pages == 2  # one A4 page per form (7 members): no second page holding one line
                page.close()
        finally:
            browser.close()
    assert errors == []
    assert all(url.startswith("file://") for url in requests)


COUNTS = {"发出票数": 3, "收回票数": 3, "废票数": 0}
HOSTILE_LEVELS = {'=HYPERLINK("http://evil.example/","好")': 100, "＋较好": 85, "－一般": 70, "@差": 50}


def hostile_office(builder):
    """An organiser's cycle.yaml whose scale levels start like formulas (ASCII and full-width), a member whose
    id starts with '-' and one whose name is a formula; the tallies use those levels."""
    good, fair, poor = '=HYPERLINK("http://evil.example/","好")', "＋较好", "@差"
    builder.cycle(scale=HOSTILE_LEVELS, veto={"level": poor, "share": 0.3334, "cap": "基本称职"}).org()
    builder.person("-lead", self_scores=good).person("lisi", self_scores=fair, name="=1+1")
    tallies = {"-lead": {d: {good: 3} for d in DIMS}, "lisi": {d: {fair: 2, poor: 1} for d in DIMS}}
    builder.tallies("mishu", tallies)
    builder.review("mishu", {"-lead": good, "lisi": fair})
    return builder.root, tallies


def starts_like_a_formula(text: str) -> bool:
    return text[:1] in ("=", "+", "-", "@", "＝", "＋", "－", "＠", "\t", "\r", "\n")


def test_a_tally_sheet_of_hostile_levels_and_names_is_inert(builder, tmp_path, run):
    root, _ = hostile_office(builder)
    files = forms(run, root, tmp_path / "out")
    with files["tally-2026-mishu.csv"].open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["编号", "姓名", "维度", *("'" + level for level in HOSTILE_LEVELS)]
    assert {"'-lead", "'=1+1"} <= {cell for row in rows for cell in row}
    assert not [cell for row in rows for cell in row if starts_like_a_formula(cell)]
    from openpyxl import load_workbook

    cells = [c for row in load_workbook(files["tally-2026-mishu.xlsx"]).active.iter_rows() for c in row]
    assert all(c.data_type == "s" for c in cells if c.value is not None)  # text cells, never formulas
    hostile = [c for c in cells if isinstance(c.value, str) and starts_like_a_formula(c.value)]
    assert {c.value for c in hostile} == {*HOSTILE_LEVELS, "-lead", "=1+1"}  # as written, without a '
    assert all(c.quotePrefix for c in hostile)  # Excel's own "this is text": shown without ', stays text when edited


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_tally_sheet_of_hostile_levels_imports_back(builder, tmp_path, run, kind):
    root, tallies = hostile_office(builder.recipients())
    target = root / "scorecards/2026/democratic/mishu.yaml"
    files = forms(run, root, tmp_path / "out")
    levels = list(HOSTILE_LEVELS)
    dimension_of = {word: d for d, word in DIMENSION_WORDS.items()}
    sheet = tmp_path / f"filled.{kind}"
    if kind == "csv":  # counted in a text editor: the numbers typed in, the rest as printed
        with files["tally-2026-mishu.csv"].open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        for row in rows[1:]:
            person = row[0].removeprefix("'")
            if person in tallies:
                row[3:] = [str(tallies[person][dimension_of[row[2]]].get(level, "")) for level in levels]
            elif row[0] in COUNTS:
                row[3] = str(COUNTS[row[0]])
        with sheet.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(rows)
    else:  # counted in a spreadsheet: numbers typed into the printed workbook
        from openpyxl import load_workbook

        book = load_workbook(files["tally-2026-mishu.xlsx"])
        for row in book.active.iter_rows(min_row=2):
            if row[0].value in tallies:
                for cell, level in zip(row[3:], levels):
                    cell.value = tallies[row[0].value][dimension_of[row[2].value]].get(level)
            elif row[0].value in COUNTS:
                row[3].value = COUNTS[row[0].value]
        book.save(sheet)
    code, out, err = run("import-ballots", str(sheet), "--root", str(root), "--section", "mishu", "--force")
    assert code == 0, err
    written = yaml.safe_load(restricted_text(target))
    assert written == {"section": "mishu", "issued": 3, "returned": 3, "void": 0, "tallies": tallies}
    code, _, err = run("validate", "--root", str(root))
    assert code == 0, err
