"""CSV cells that start like a formula are written as text, so Excel and WPS never run them
(the full-width ＝ ＋ － ＠ too, which East Asian input turns into formulas)."""

from __future__ import annotations

import csv
import io

from generator.pipeline.export import as_written, spreadsheet_safe, to_csv


def test_text_that_starts_like_a_formula_gets_a_leading_quote():
    for payload in ("=HYPERLINK(\"http://x\",\"点我\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "=1"):
        assert spreadsheet_safe(payload) == "'" + payload


def test_full_width_formula_starts_get_a_leading_quote_too():
    for payload in ("＝HYPERLINK(\"http://x\",\"点我\")", "＋1＋1", "－2＋3", "＠SUM(A1)", "\n换行"):
        assert spreadsheet_safe(payload) == "'" + payload


def test_full_width_signs_inside_a_text_are_left_alone():
    assert spreadsheet_safe("张三＝李四") == "张三＝李四" and spreadsheet_safe("（－）") == "（－）"


def test_import_takes_off_only_the_quote_the_export_added():
    for payload in ("=HYPERLINK(\"http://x\")", "＝1", "－一般", "@差", "-lead", "好"):
        assert as_written(spreadsheet_safe(payload)) == payload
    assert as_written("'ordinary") == "'ordinary" and as_written("it's") == "it's" and as_written("''=1") == "''=1"


def test_numbers_and_ordinary_text_are_left_alone():
    assert spreadsheet_safe(-12.5) == -12.5 and spreadsheet_safe(-3) == -3 and spreadsheet_safe(0) == 0
    assert spreadsheet_safe("张三") == "张三" and spreadsheet_safe("a=b") == "a=b" and spreadsheet_safe("") == ""


def test_to_csv_neutralises_every_text_cell_but_not_numbers():
    records = [{"name": "=cmd|' /C calc'!A0", "score": -1.5, "flags": ["-x", "y"]}]
    text = to_csv(records, ["name", "score", "flags"])
    [header, row] = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert row == ["'=cmd|' /C calc'!A0", "-1.5", "'-x;y"]


def test_portal_results_csv_writes_a_hostile_name_as_text(minimal, run):
    minimal.person("zhangsan", self_scores="好", name="=HYPERLINK(\"http://evil\",\"x\")")
    code, out, _ = run("results", "--root", str(minimal.root), "--format", "csv")
    assert code == 0
    cells = [c for row in csv.reader(io.StringIO(out.lstrip("\ufeff"))) for c in row]
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    assert not any(c.startswith("-") and not c.lstrip("-").replace(".", "").isdigit() for c in cells)
