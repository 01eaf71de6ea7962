"""`portal import-ballots`: only counts are written, the void rules apply, hostile tables are refused plainly."""

from __future__ import annotations

import csv
import random
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import DIMS, all_four

MEMBERS = ["p1", "p2", "p3", "p4", "p5"]
WORDS = {"learning": "学习", "work": "工作", "contribution": "奉献", "fulfilment": "践诺"}
LEVELS = ["好", "较好", "一般", "差"]


@pytest.fixture
def office(builder):
    """Five people in mishu, no democratic file yet."""
    builder.cycle(ballot_rules={"void_uniform": True, "max_top_share": 0.5}).org(["mishu"])
    for pid in MEMBERS:
        builder.person(pid, self_scores="好")
    builder.review("mishu", dict.fromkeys(MEMBERS, "好"))
    return builder


def survey(path: Path, ballots: list[dict[str, dict[str, str]]], encoding: str = "utf-8-sig") -> Path:
    header = ["提交时间", "填表人", "IP"] + [f"{p}-{WORDS[d]}" for p in MEMBERS for d in DIMS]
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for i, ballot in enumerate(ballots):
            writer.writerow([f"2026-12-0{i + 1} 10:1{i}", f"评议人{MEMBERS[i % 5]}", f"10.0.0.{i}"]
                            + [ballot.get(p, {}).get(d, "") for p in MEMBERS for d in DIMS])
    return path


def line(fulfilment: str, rest: str = "较好") -> dict[str, str]:
    return {"learning": rest, "work": rest, "contribution": "一般", "fulfilment": fulfilment}


def caster_ballots() -> list[dict]:
    """Ballot i is cast by member i, who does not rate themselves; the levels vary so that no void rule applies."""
    rng = random.Random(11)
    return [{p: line(rng.choice(["较好", "一般", "差"]), rng.choice(LEVELS)) for p in MEMBERS if p != caster} for caster in MEMBERS]


def no_lists(value) -> bool:
    if isinstance(value, list):
        return False
    if isinstance(value, dict):
        return all(no_lists(v) for v in value.values())
    return True


def test_a_survey_where_every_ballot_leaves_out_its_caster_is_written_as_counts_only(office, tmp_path, run):
    ballots = caster_ballots()
    table = survey(tmp_path / "survey.csv", ballots)
    code, out, err = run("import-ballots", str(table), "--root", str(office.root), "--section", "mishu", "--issued", "5")
    assert code == 0, err
    written_text = (office.folder("2026") / "democratic/mishu.yaml").read_text(encoding="utf-8")
    written = yaml.safe_load(written_text)
    assert set(written) == {"section", "issued", "returned", "void", "tallies"}
    assert (written["issued"], written["returned"], written["void"]) == (5, 5, 0)
    assert no_lists(written)  # no per-ballot structure of any kind
    for counts in written["tallies"].values():
        assert all(sum(counts[d].values()) == 4 for d in DIMS)  # each counted on the 4 ballots of the others
        assert list(counts) == list(DIMS)
        for d in DIMS:
            assert list(counts[d]) == [level for level in LEVELS if level in counts[d]]  # scale order, not ballot order
    for trace in ("评议人", "2026-12-0", "10.0.0.", "IP", "填表人"):
        assert trace not in written_text
    # the same ballots in another order give the very same file
    survey(tmp_path / "shuffled.csv", ballots[::-1])
    assert run("import-ballots", str(tmp_path / "shuffled.csv"), "--root", str(office.root), "--section", "mishu",
               "--issued", "5", "--force")[0] == 0
    assert (office.folder("2026") / "democratic/mishu.yaml").read_text(encoding="utf-8") == written_text


def test_import_voids_ballots_by_the_cycle_s_rules_and_says_so(office, tmp_path, run):
    ballots = caster_ballots()[:3] + [
        {p: all_four("较好") for p in MEMBERS},  # the same level everywhere: void_uniform
        {p: line("好" if i < 3 else "一般") for i, p in enumerate(MEMBERS)},  # 3 of 5 top on fulfilment > 0.5 × 5
        {p: line("好" if i < 2 else "一般") for i, p in enumerate(MEMBERS)},  # 2 of 5: valid
    ]
    code, out, err = run("import-ballots", str(survey(tmp_path / "s.csv", ballots)), "--root", str(office.root),
                         "--section", "mishu", "--issued", "8")
    assert code == 0, err
    assert "收回 6 张，有效 4 张，废票 2 张。" in out
    assert "其中 1 张全部同一评价，1 张践诺最高等次过多" in out and "发出 8 张，回收率 75.0%" in out
    written = yaml.safe_load((office.folder("2026") / "democratic/mishu.yaml").read_text(encoding="utf-8"))
    assert (written["returned"], written["void"]) == (6, 2)
    # p1 cast the first ballot and is left out of it: 2 more of the casters' ballots and the valid 2-of-5 ballot
    assert sum(written["tallies"]["p1"]["fulfilment"].values()) == 3 and sum(written["tallies"]["p5"]["fulfilment"].values()) == 4


def test_more_returned_than_issued_is_refused(office, tmp_path, run):
    code, _, err = run("import-ballots", str(survey(tmp_path / "s.csv", caster_ballots())), "--root", str(office.root),
                       "--section", "mishu", "--issued", "4")
    assert code == 1 and "收回票数（5）多于发出票数（4）" in err
    assert not (office.folder("2026") / "democratic/mishu.yaml").exists()


def test_a_score_between_levels_cannot_be_counted(office, tmp_path, run):
    ballots = caster_ballots()
    ballots[1]["p1"]["work"] = "92"
    code, _, err = run("import-ballots", str(survey(tmp_path / "s.csv", ballots)), "--root", str(office.root), "--section", "mishu")
    assert code == 1 and "s.csv:3:" in err and "92" in err and "好（100）" in err


def test_a_score_equal_to_a_level_counts_as_that_level(office, tmp_path, run):
    ballots = caster_ballots()
    ballots[1]["p1"]["work"] = "85"
    assert run("import-ballots", str(survey(tmp_path / "s.csv", ballots)), "--root", str(office.root), "--section", "mishu")[0] == 0


# -- tally sheets: which row, which column (issue 19) -----------------------------------------------------------

SHEET_WORDS = {"learning": "比学习", "work": "比工作", "contribution": "比奉献", "fulfilment": "践诺"}


def tally_sheet(path: Path, header: list[str] | None = None, counts: dict | None = None) -> Path:
    """A 计票单 as `portal ballots` prints it, filled in: 3 ballots of 好 for everyone unless `counts` says otherwise."""
    header = header or ["编号", "姓名", "维度", *LEVELS]
    rows = []
    for pid in MEMBERS:
        for d in DIMS:
            row = (counts or {}).get((pid, d), ["3", "", "", ""])
            rows.append([pid, f"名{pid}", SHEET_WORDS[d], *row])
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def test_a_tally_sheet_imports_as_printed(office, tmp_path, run):
    assert run("import-ballots", str(tally_sheet(tmp_path / "t.csv")), "--root", str(office.root), "--section", "mishu")[0] == 0


def test_totals_that_differ_name_the_row_and_the_person(office, tmp_path, run):
    """It said "fulfilment 共 6 票，而 learning 共 12 票" without the row or the person's name."""
    sheet = tally_sheet(tmp_path / "t.csv", counts={("p2", "work"): ["3", "3", "", ""]})  # p2's rows are 6-9
    err = refused(run, office, sheet)
    assert "t.csv:7: 错误: 第 7 行：“名p2”（p2）的“比工作”共 6 票，而此人“践诺”一行（第 9 行）共 3 票" in err


def test_a_header_that_is_a_level_with_blanks_or_invisible_characters_is_named_with_its_column(office, tmp_path, run):
    """A level header that does not match used to drop its column in silence; the import then failed on totals."""
    sheet = tally_sheet(tmp_path / "t.csv", header=["编号", "姓名", "维度", "好", "较\u200b好", "一般", "差"],
                        counts={("p1", d): ["2", "1", "", ""] for d in DIMS})
    err = refused(run, office, sheet)
    assert "t.csv:1:5: 错误: 表头“较\u200b好”与等次“较好”不完全相同" in err and "合计" not in err


def test_a_column_of_counts_under_a_header_that_is_no_level_is_refused(office, tmp_path, run):
    sheet = tally_sheet(tmp_path / "t.csv", header=["编号", "姓名", "维度", "好", "很好", "一般", "差"],
                        counts={("p1", d): ["2", "1", "", ""] for d in DIMS})
    err = refused(run, office, sheet)
    assert "t.csv:1:5: 错误: 这一列的表头“很好”不是本年度的等次（好、较好、一般、差）" in err
    assert "缺少等次“较好”的列" in err


def test_a_column_of_notes_is_left_alone(office, tmp_path, run):
    header = ["编号", "姓名", "维度", *LEVELS, "备注"]
    sheet = tally_sheet(tmp_path / "t.csv", header=header, counts={("p1", "work"): ["3", "", "", "", "补录"]})
    assert run("import-ballots", str(sheet), "--root", str(office.root), "--section", "mishu")[0] == 0


# -- hostile tables ----------------------------------------------------------------------------------------------


def refused(run, office, table: Path) -> str:
    code, out, err = run("import-ballots", str(table), "--root", str(office.root), "--section", "mishu")
    assert code == 1, out
    assert "Traceback" not in err and "内部错误" not in err and "\\x" not in err and "没有写入或改动任何文件" in err
    assert not (office.folder("2026") / "democratic/mishu.yaml").exists()
    return err


def test_a_utf16_csv_is_refused_with_the_way_to_save_it(office, tmp_path, run):
    err = refused(run, office, survey(tmp_path / "s.csv", caster_ballots(), encoding="utf-16"))
    assert "UTF-16" in err and "CSV UTF-8" in err and str(tmp_path / "s.csv") in err


def test_a_utf16_csv_without_bom_is_refused_too(office, tmp_path, run):
    path = survey(tmp_path / "s.csv", caster_ballots(), encoding="utf-16-le")
    assert "UTF-16" in refused(run, office, path)


def test_a_binary_file_named_csv_is_refused(office, tmp_path, run):
    path = tmp_path / "s.csv"
    rng = random.Random(1)
    path.write_bytes(bytes(rng.randrange(256) for _ in range(5000)))
    assert "二进制" in refused(run, office, path)


def test_an_xlsx_that_is_no_zip_is_refused(office, tmp_path, run):
    path = tmp_path / "s.xlsx"
    path.write_text("编号,姓名\n", encoding="utf-8")
    assert "不是 Excel 工作簿" in refused(run, office, path)


def test_a_zip_that_is_no_workbook_is_refused(office, tmp_path, run):
    path = tmp_path / "s.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert "无法读取这个 Excel 工作簿" in refused(run, office, path)


def test_an_xlsx_that_would_expand_to_a_gigabyte_is_refused_before_parsing(office, tmp_path, run):
    """A 1 GiB shared string squeezed into about 1 MB: the member sizes are read from the zip's directory."""
    from openpyxl import Workbook

    path = tmp_path / "bomb.xlsx"
    Workbook().save(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive, \
            archive.open("xl/bomb.xml", "w", force_zip64=True) as member:
        chunk = b"A" * (1 << 20)
        for _ in range(1024):
            member.write(chunk)
    assert path.stat().st_size < 3 * 1024 * 1024
    assert "解压后过大" in refused(run, office, path)


def test_an_old_xls_is_refused(office, tmp_path, run):
    path = tmp_path / "s.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    assert ".xlsx" in refused(run, office, path)


def test_an_oversized_file_is_refused_unread(office, tmp_path, run):
    path = tmp_path / "s.csv"
    with path.open("wb") as handle:
        handle.truncate(17 * 1024 * 1024)
    assert "太大" in refused(run, office, path)


def test_too_many_rows_are_refused_with_the_row(office, tmp_path, run):
    path = tmp_path / "s.csv"
    header = ",".join(f"{p}-{WORDS[d]}" for p in MEMBERS for d in DIMS)
    path.write_text(header + "\n" + "\n".join(["好"] * 1_000_000) + "\n", encoding="utf-8")
    err = refused(run, office, path)
    assert "超过 20000 行" in err and "s.csv:20002" in err


def test_a_broken_quote_is_refused_with_its_line(office, tmp_path, run):
    path = tmp_path / "s.csv"
    path.write_text("p1-学习\n\"" + "x" * 200_000 + "\n", encoding="utf-8")
    assert "CSV 格式有误" in refused(run, office, path)
