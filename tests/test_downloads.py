"""The site's downloads are for people (issue 13): Chinese headers and words, rank order, sections included.

`portal results --format json|csv` stays FORMAT.md's machine contract (tested in test_cli/test_aggregate).
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from generator.pipeline.aggregate import aggregate_portal
from generator.pipeline.validate import validate_portal
from generator.site.render import downloads


@pytest.fixture
def files(sample_copy):
    results = aggregate_portal(validate_portal(sample_copy).portal)
    return downloads(results["2025"], "zh")


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_results_csv_speaks_chinese_and_lists_people_in_rank_order(files):
    table = rows(files["downloads/results-2025.csv"])
    head, body = table[0], table[1:]
    assert head[:8] == ["排名", "姓名", "编号", "处室", "职务", "状态", "缺少", "等次"]
    ranks = [int(r[0]) for r in body if r[0]]
    assert ranks == list(range(1, len(ranks) + 1)) and all(not r[0] for r in body[len(ranks):])
    text = "\n".join(",".join(r) for r in body)
    for code in ("incomplete", "complete", "quota", "veto", "self_high", "xinxi,", "mishu,"):
        assert code not in text.replace("xinxi,信息处", "").replace("mishu,秘书处", "")  # ids only in the 编号 column
    assert {r[5] for r in body} <= {"评议完整", "评议未完成"}
    assert "名额限制" in text and "信息处" in text
    assert all(r[8] == "" or len(r[8].split(".")[1]) == 2 for r in body)  # scores with two decimals


def test_sections_come_in_rank_order_as_a_csv_and_a_sheet(files):
    table = rows(files["downloads/sections-2025.csv"])
    assert table[0][:4] == ["排名", "处室", "编号", "分管领导"]
    assert [int(r[0]) for r in table[1:]] == list(range(1, len(table)))
    book = openpyxl.load_workbook(io.BytesIO(files["downloads/results-2025.xlsx"]))
    assert book.sheetnames == ["评议结果", "处室"]
    people, sections = book.worksheets
    assert [c.value for c in people[1]][:2] == ["排名", "姓名"] and people.cell(2, 1).value == 1
    assert isinstance(people.cell(2, 9).value, float)  # composite as a number
    assert [c.value for c in sections[1]][:2] == ["排名", "处室"] and sections.cell(2, 2).value == table[1][1]


def test_downloads_keep_formula_like_names_as_text(sample_copy):
    person = sample_copy / "scorecards/2025/people/ligang.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace("name: 李刚", "name: '=HYPERLINK(\"http://x\",\"李刚\")'"), encoding="utf-8")
    results = aggregate_portal(validate_portal(sample_copy).portal)
    files = downloads(results["2025"], "zh")
    names = [r[1] for r in rows(files["downloads/results-2025.csv"])[1:]]
    assert "'=HYPERLINK(\"http://x\",\"李刚\")" in names
    book = openpyxl.load_workbook(io.BytesIO(files["downloads/results-2025.xlsx"]))
    cells = [c for row in book.worksheets[0].iter_rows() for c in row]
    assert any(c.value == '=HYPERLINK("http://x","李刚")' and c.data_type == "s" for c in cells)
