"""Reviews (复核) and appeals (申诉) after the results (contract v1.2, "Appeals"): the file, its rules, the amended grade."""

from __future__ import annotations

import datetime
import json
from html import unescape

import pytest

from generator.pipeline import appeals, export
from generator.pipeline.aggregate import aggregate_cycle
from generator.pipeline.validate import validate_portal
from generator.site.audiences import access_for
from generator.site.publish import publish_cycle
from generator.site.render import render_cycle


def problems(builder, severity: str = "error"):
    return [p for p in validate_portal(builder.root).problems if p.severity == severity]


def appeal(builder, name: str, **fields) -> None:
    data = {"received": "2027-01-10", "about": "zhangsan", "kind": "review", "status": "open"}
    data.update(fields)
    builder.write(f"appeals/{name}.yaml", {k: v for k, v in data.items() if v is not None})


@pytest.fixture
def graded(minimal):
    """minimal, where zhangsan is 优秀 and lisi 称职 (quota 0.5 of 2 people: one first grade)."""
    minimal.cycle(excellent_quota=0.5, appeals={"review_days": 30, "appeal_days": 15, "notified": "2027-01-05"})
    return minimal


def test_appeal_files_and_the_windows_are_read(graded):
    appeal(graded, "1")
    appeal(graded, "2", kind="appeal", status="dismissed", decision="经审查，维持复核决定", decided="2027-02-20")
    cycle = validate_portal(graded.root).portal.cycles["2026"]
    assert list(cycle.appeals) == ["1", "2"] and cycle.appeals["2"].kind == "appeal"
    assert (cycle.settings.appeals.review_days, cycle.settings.appeals.appeal_days) == (30, 15)
    assert not problems(graded, "warning")  # appeals/ is an expected folder


@pytest.mark.parametrize(("fields", "key", "line"), [
    ({"status": "upheld"}, "appeal.no_decision", 4),
    ({"about": "nobody"}, "appeal.about_unknown", 2),
    ({"about": "mishu"}, "appeal.about_unknown", 2),  # a person, never a section
    ({"grade": "称职"}, "appeal.grade_not_upheld", 5),
    ({"status": "dismissed", "decision": "维持", "grade": "称职"}, "appeal.grade_not_upheld", 6),
    ({"status": "upheld", "decision": "改定", "grade": "良好"}, "appeal.grade_unknown", 6),
    ({"status": "upheld", "decision": "改定", "decided": "2027-01-01"}, "appeal.decided_early", 6),
])
def test_each_rule_of_an_appeal_is_told_at_its_line_in_chinese(graded, fields, key, line):
    appeal(graded, "1", **fields)
    found = problems(graded)
    assert [(p.key, p.line) for p in found] == [(key, line)]
    assert found[0].path.endswith("appeals/1.yaml")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in found[0].as_text("zh"))


def test_kind_and_status_are_closed_sets(graded):
    appeal(graded, "1", kind="complaint", status="closed")
    assert {p.line for p in problems(graded)} == {3, 4}


def test_an_open_appeal_is_fine_in_a_closed_cycle(graded, monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "2027-01-20")
    graded.cycle(status="closed", excellent_quota=0.5)
    appeal(graded, "1")
    assert problems(graded) == []


def test_an_upheld_appeal_with_a_grade_replaces_the_grade_and_nothing_else(graded):
    before = export.person_records(aggregate_cycle(validate_portal(graded.root).portal.cycles["2026"]))
    appeal(graded, "3", status="upheld", decision="经复核，改定为优秀", decided="2027-01-25", about="lisi", grade="优秀")
    after = export.person_records(aggregate_cycle(validate_portal(graded.root).portal.cycles["2026"]))
    lisi_before, lisi_after = before[0], after[0]
    assert lisi_before["id"] == "lisi" and lisi_before["grade"] == "称职"
    assert lisi_after["grade"] == "优秀" and lisi_after["amended_by"] == "appeals/3" and lisi_after["computed_grade"] == "称职"
    unchanged = {k: v for k, v in lisi_after.items() if k not in ("grade", "amended_by", "computed_grade")}
    assert unchanged == {k: v for k, v in lisi_before.items() if k != "grade"}  # scores, rank and flags as computed
    # the quota is not run again: zhangsan keeps 优秀 though two now hold it (floor(0.5 × 2) = 1)
    assert after[1] == before[1] and after[1]["grade"] == "优秀" and "amended_by" not in after[1]


def test_results_json_and_csv_mark_the_amendment(graded, run):
    appeal(graded, "3", status="upheld", decision="改定", about="lisi", grade="优秀")
    code, out, _ = run("results", "--root", str(graded.root))
    assert code == 0
    lisi = next(r for r in json.loads(out) if r["id"] == "lisi")
    assert lisi["amended_by"] == "appeals/3"
    code, out, _ = run("results", "--root", str(graded.root), "--format", "csv")
    header, *rows = out.splitlines()
    assert header.endswith(",amended_by,computed_grade")
    assert next(r for r in rows if r.startswith("lisi,")).endswith(",appeals/3,称职")


def test_without_an_amendment_the_v1_tables_keep_their_columns(graded, run):
    appeal(graded, "1")
    out = run("results", "--root", str(graded.root), "--format", "csv")[1]
    assert out.splitlines()[0].split(",") == export.FLAT_COLUMNS
    assert all("amended_by" not in r for r in json.loads(run("results", "--root", str(graded.root))[1]))


def test_the_latest_decided_request_stands(graded):
    appeal(graded, "1", status="upheld", decision="改定为基本称职", decided="2027-01-20", about="lisi", grade="基本称职")
    appeal(graded, "2", kind="appeal", status="upheld", decision="申诉成立，改定为优秀", decided="2027-02-20", about="lisi",
           grade="优秀", received="2027-01-30")
    results = aggregate_cycle(validate_portal(graded.root).portal.cycles["2026"])
    assert results.people.loc["lisi", ["grade", "amended_by"]].tolist() == ["优秀", "appeals/2"]


def test_the_page_and_the_downloads_show_the_amended_grade_as_amended(graded):
    graded.cycle(excellent_quota=0.5, publish={"results": "everyone"}, appeals={"review_days": 30, "appeal_days": 15})
    appeal(graded, "3", status="upheld", decision="改定", decided="2027-01-25", about="lisi", grade="优秀")
    pages = render_cycle(aggregate_cycle(validate_portal(graded.root).portal.cycles["2026"]), {})
    person = unescape(pages["people/lisi.md"])
    assert "等次经复核改定（appeals/3，2027-01-25）：原核定等次 称职，现为 优秀；各项得分不变。" in person
    csv = pages["downloads/results-2026.csv"].decode("utf-8-sig")
    header, *rows = csv.splitlines()
    assert "原核定等次" in header and "改定依据" in header
    lisi = next(r for r in rows if ",lisi," in r)
    assert "优秀" in lisi and "称职" in lisi and "appeals/3" in lisi and "等次改定" in lisi


def test_the_organisers_view_lists_open_requests_first_with_their_deadlines(graded):
    graded.cycle(excellent_quota=0.5, publish={"results": "everyone"},
                 appeals={"review_days": 30, "appeal_days": 15, "notified": "2027-01-05"})
    appeal(graded, "1", status="dismissed", decision="维持原等次", decided="2027-01-20")
    appeal(graded, "2", kind="appeal", received="2027-02-01")   # within 15 days of 2027-01-20
    appeal(graded, "3", about="lisi", received="2027-02-10")    # after 2027-02-04: late
    cycle = validate_portal(graded.root).portal.cycles["2026"]
    listed = appeals.requests(cycle)
    assert [(r.name, r.deadline, r.in_time) for r in listed] == [
        ("2", datetime.date(2027, 2, 4), True), ("3", datetime.date(2027, 2, 4), False), ("1", datetime.date(2027, 2, 4), True)]
    results_page = unescape(publish_cycle(aggregate_cycle(cycle), {}, "zh", access_for(cycle, None), datetime.date(2027, 2, 10))["results.md"])
    assert "## 复核与申诉" in results_page and "申请复核期限为送达之日起 30 日（至 2027-02-04）" in results_page
    assert "2027-02-04（逾期提出）" in results_page
    assert results_page.index("| 2 |") < results_page.index("| 3 |") < results_page.index("| 1 |")


def test_requests_are_organisers_only_on_a_restricted_site(graded):
    appeal(graded, "1", decision=None, status="open", about="lisi")
    cycle = validate_portal(graded.root).portal.cycles["2026"]
    pages = publish_cycle(aggregate_cycle(cycle), {}, "zh", access_for(cycle, None), datetime.date(2027, 1, 20))
    assert not any("复核与申诉" in text for text in pages.values() if isinstance(text, str))


def test_the_proposed_list_of_the_publicity_stays_as_publicised(graded):
    from generator.site.audiences import proposed_first_grade

    appeal(graded, "3", status="upheld", decision="改定", about="lisi", grade="优秀")
    assert [pid for pid, _ in proposed_first_grade(aggregate_cycle(validate_portal(graded.root).portal.cycles["2026"]))] == ["zhangsan"]




# -- the gate: appeals, and nothing else, in a closed cycle, from its organisers ---------------------

from test_changes import check, commit, no_ci_author, repo, sealed  # noqa: E402,F401 - the gate's fixtures and helpers

APPEAL_2025 = "received: 2026-02-10\nabout: luofang\nkind: review\nstatus: open\n"


def test_the_gate_accepts_an_appeal_in_a_closed_cycle_from_an_organiser(repo, run):  # noqa: F811 - the gate's fixture
    (repo / "scorecards/2025/appeals").mkdir()
    (repo / "scorecards/2025/appeals/1.yaml.age").write_text(sealed(APPEAL_2025), encoding="ascii")  # restricted: sealed at rest
    commit(repo)
    assert check(repo, run, "rsc-zhao")[:2] == (0, [])
    (repo / "scorecards/2025/appeals/1.yaml.age").write_text(sealed(APPEAL_2025.replace("open", "dismissed") + "decision: 维持\n"),
                                                             encoding="ascii")
    commit(repo)
    assert check(repo, run, "rsc-zhao")[:2] == (0, [])  # and decided later


def test_the_gate_refuses_an_appeal_from_anyone_else(repo, run):  # noqa: F811 - the gate's fixture
    (repo / "scorecards/2025/appeals").mkdir()
    (repo / "scorecards/2025/appeals/1.yaml.age").write_text(sealed(APPEAL_2025), encoding="ascii")
    commit(repo)
    code, found, text = check(repo, run, "luofang")
    assert code == 1 and found == [("changes.rule.organisers", "scorecards/2025/appeals/1.yaml.age")]


def test_the_gate_refuses_anything_else_in_a_closed_cycle_even_with_an_appeal(repo, run):  # noqa: F811 - the gate's fixture
    (repo / "scorecards/2025/appeals").mkdir()
    (repo / "scorecards/2025/appeals/1.yaml.age").write_text(sealed(APPEAL_2025), encoding="ascii")
    (repo / "scorecards/2025/objections").mkdir()
    (repo / "scorecards/2025/objections/9.yaml.age").write_text(sealed("received: 2026-02-10\nsummary: 迟到的异议\nstatus: open\n"),
                                                                encoding="ascii")
    commit(repo)
    found = check(repo, run, "rsc-zhao")[1]
    assert ("changes.closed", "scorecards/2025/objections/9.yaml.age") in found
    assert not any(path.endswith("appeals/1.yaml.age") for _, path in found)


def test_only_organisers_may_change_who_signs_a_closing(repo, run):  # noqa: F811 - the gate's fixture
    (repo / "closing").mkdir()
    (repo / "closing/allowed_signers").write_text("rsc-zhao ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIUSIx9viBKkfx5M4ifBhbQ0NYN6pM5M9KPyhRB7Urkv\n",
                                                  encoding="utf-8")
    commit(repo)
    assert check(repo, run, "rsc-zhao")[:2] == (0, [])
    assert ("changes.rule.organisers", "closing/allowed_signers") in check(repo, run, "linmin")[1]
