"""Check-ins through the year (contract v1.2): the computed status, its validation, the pages and `portal new checkin`.

The status is checked against an independent computation written from FORMAT.md
alone, in Fractions on the decimals as written: the period has end − start + 1
days, a check-in dated D has D − start + 1 of them behind it (README, Decisions).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
import yaml
from conftest import SETTINGS
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pipeline import checkins
from generator.pipeline.model import CycleSettings
from generator.pipeline.validate import validate_portal

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


def reference_status(target: str, actual: str, day: datetime.date, start: datetime.date, end: datetime.date,
                     behind: str = "0.165", at_risk: str = "0.33") -> str:
    """FORMAT.md v1.2, from the spec: expected = target × days from start to the date / days of the period."""
    target_, actual_ = Fraction(target), Fraction(actual)
    if actual_ >= target_:
        return "done"
    expected = target_ * Fraction((day - start).days + 1, (end - start).days + 1)
    gap = (expected - actual_) / target_
    return "on_track" if gap < Fraction(behind) else "behind" if gap < Fraction(at_risk) else "at_risk"


def cycle_settings(start=START, end=END, **thresholds) -> CycleSettings:
    data = dict(SETTINGS, period={"start": start, "end": end})
    if thresholds:
        data["checkins"] = thresholds
    return CycleSettings.model_validate(data)


def status(target, actual, day, **kw) -> str:
    return checkins.computed_status(yaml.safe_load(str(target)), yaml.safe_load(str(actual)), day, cycle_settings(**kw))


# -- the rule at its boundaries ------------------------------------------------------------------------


def test_the_period_counts_its_first_and_last_day():
    assert checkins.period_days(START, END) == 365
    assert checkins.elapsed_days(START, START) == 1 and checkins.elapsed_days(START, END) == 365
    assert checkins.expected_progress(Fraction(365), START, END, datetime.date(2026, 6, 30)) == 181


def test_exactly_on_the_straight_line_is_on_track():
    assert status(365, 181, datetime.date(2026, 6, 30)) == "on_track"  # expected 181 of 365


def test_a_gap_exactly_at_behind_is_behind_and_a_hair_less_is_on_track():
    # expected 181; 0.165 × 365 = 60.225 behind the line -> 120.775 (a float would say 60.225000000000001)
    assert status(365, "120.775", datetime.date(2026, 6, 30)) == "behind"
    assert status(365, "120.776", datetime.date(2026, 6, 30)) == "on_track"


def test_a_gap_exactly_at_at_risk_is_at_risk_and_a_hair_less_is_behind():
    assert status(365, "60.55", datetime.date(2026, 6, 30)) == "at_risk"  # 181 − 0.33 × 365
    assert status(365, "60.551", datetime.date(2026, 6, 30)) == "behind"


def test_exactly_done_is_done_on_any_day():
    assert status(30, 30, START) == "done"
    assert status("0.1", "0.1", datetime.date(2026, 3, 3)) == "done"
    assert status(30, 34, END) == "done"


def test_on_the_last_day_the_whole_target_is_expected():
    assert checkins.expected_progress(Fraction(30), START, END, END) == 30
    assert status(100, "83.5", END) == "behind"     # exactly 0.165 of the target short
    assert status(100, "83.51", END) == "on_track"
    assert status(100, "67", END) == "at_risk"      # exactly 0.33 short
    assert status(100, "99.999", END) == "on_track"


def test_a_target_of_zero_is_done():
    assert status(0, 0, datetime.date(2026, 5, 1)) == "done"


def test_a_one_day_period_expects_everything_on_that_day():
    day = datetime.date(2026, 7, 1)
    assert status(10, "8.35", day, start=day, end=day) == "behind"
    assert status(10, "8.36", day, start=day, end=day) == "on_track"


def test_the_cycles_thresholds_are_used():
    day = datetime.date(2026, 6, 30)
    assert status(365, 171, day, behind="0.01", at_risk="0.02") == "at_risk"   # 10 of 365 short: 0.027
    assert status(365, 176, day, behind="0.01", at_risk="0.02") == "behind"    # 5 short: 0.0137
    assert status(365, 178, day, behind="0.01", at_risk="0.02") == "on_track"  # 3 short: 0.0082


DECIMALS = st.decimals(min_value=0, max_value=10_000, places=3, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(target=st.decimals(min_value="0.001", max_value=10_000, places=3), actual=DECIMALS,
       start=st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 1, 1)), length=st.integers(0, 800),
       offset=st.floats(0, 1), behind=st.decimals(min_value=0, max_value="0.5", places=4),
       extra=st.decimals(min_value=0, max_value="0.5", places=4))
def test_the_status_is_the_independent_computation(target, actual, start, length, offset, behind, extra):
    end = start + datetime.timedelta(days=length)
    day = start + datetime.timedelta(days=round(length * offset))
    at_risk = behind + extra
    expected = reference_status(str(target), str(actual), day, start, end, str(behind), str(at_risk))
    got = status(target, actual, day, start=start, end=end, behind=str(behind), at_risk=str(at_risk))
    assert got == expected


@settings(max_examples=200, deadline=None)
@given(day=st.integers(0, 364), target=st.integers(1, 100_000), share=st.sampled_from(["0.165", "0.33"]))
def test_a_check_in_exactly_at_a_threshold_lands_on_the_worse_side(day, target, share):
    date = START + datetime.timedelta(days=day)
    line = Fraction(target) * (day + 1) / 365
    actual = line - Fraction(share) * target
    if actual < 0 or actual.denominator not in (1, 2, 4, 5, 8, 10, 20, 25, 40, 50, 100, 125, 200, 250, 500, 1000):
        return  # not a decimal of at most three places: nobody can write it
    written = str(Decimal(actual.numerator) / Decimal(actual.denominator))
    assert status(target, written, date) == ("behind" if share == "0.165" else "at_risk")


# -- validation ---------------------------------------------------------------------------------------------

GOALS = {"standards": [], "commitments": [],
         "goals": [{"id": "wengao", "text": "起草重要文稿", "target": 30, "unit": "篇"}, {"id": "diaoyan", "text": "完成调研"}, "无编号目标"]}


def checked(builder, checkin_list, goals=GOALS, **cycle):
    builder.cycle(**cycle).org()
    builder.person("zhangsan", show=goals, checkins=checkin_list)
    report = validate_portal(builder.root)
    return [(p.key, p.args, p.line) for p in report.problems if p.severity == "error"]


def test_check_ins_as_in_format_md_are_valid(builder):
    assert checked(builder, [{"date": "2026-06-30", "progress": {"wengao": 15}, "status": {"diaoyan": "on_track"}, "note": "上半年"},
                             {"date": "2026-09-30", "progress": {"wengao": 22.5}}]) == []


def test_an_unknown_goal_id_is_named_with_the_ids_there_are(builder):
    [(key, args, line)] = checked(builder, [{"date": "2026-06-30", "progress": {"wengoa": 15}}])
    assert key == "checkin.goal_unknown" and args == {"id": "wengoa", "ids": "wengao、diaoyan"}


def test_duplicate_goal_ids_are_refused(builder):
    goals = dict(GOALS, goals=[{"id": "a", "text": "甲", "target": 1}, {"id": "a", "text": "乙"}])
    [(key, args, _)] = checked(builder, [], goals)
    assert key == "checkin.goal_id_duplicate" and args == {"id": "a"}


def test_dates_outside_the_period_or_out_of_order_are_refused(builder):
    found = checked(builder, [{"date": "2025-12-31", "progress": {"wengao": 1}}, {"date": "2026-06-30"},
                              {"date": "2026-06-30"}, {"date": "2026-03-31"}, {"date": "2027-01-01"}])
    assert [k for k, _, _ in found] == ["checkin.date_outside", "checkin.date_order", "checkin.date_order", "checkin.date_outside"]


def test_the_last_day_of_the_period_is_within_it(builder):
    assert checked(builder, [{"date": "2026-12-31", "progress": {"wengao": 30}}]) == []


def test_progress_on_a_goal_without_a_target_and_a_status_on_a_measurable_one_are_refused(builder):
    found = checked(builder, [{"date": "2026-06-30", "progress": {"diaoyan": 1}, "status": {"wengao": "done"}}])
    assert sorted(k for k, _, _ in found) == ["checkin.progress_without_target", "checkin.status_on_measurable"]


def test_a_status_outside_the_four_and_a_progress_beyond_the_bounds_are_refused(builder):
    found = checked(builder, [{"date": "2026-06-30", "progress": {"wengao": 1e300}, "status": {"diaoyan": "fine"}}])
    assert {k for k, _, _ in found} >= {"value.goal_number"} and len(found) == 2


def test_too_many_check_ins_are_refused(builder):
    many = [{"date": (START + datetime.timedelta(days=i)).isoformat()} for i in range(61)]
    assert [k for k, _, _ in checked(builder, many)] == ["value.too_many_items"]


def test_behind_beyond_at_risk_is_refused(builder):
    found = checked(builder, [], checkins={"behind": 0.4, "at_risk": 0.3})
    assert [k for k, _, _ in found] == ["checkin.thresholds_order"]


def test_the_messages_are_chinese_and_point_at_the_line(builder):
    builder.cycle().org()
    builder.raw("people/zhangsan.yaml", "id: zhangsan\nname: 张三\nsection: mishu\npost: 科员\nshow:\n  goals:\n"
                "  - {id: wengao, text: 文稿, target: 30}\ncheckins:\n  - date: 2026-06-30\n    progress: {wengoa: 3}\n")
    [problem] = [p for p in validate_portal(builder.root).problems if p.severity == "error"]
    assert problem.line == 10 and "wengoa" in problem.as_text("zh") and "show.goals 中没有" in problem.as_text("zh")


# -- who has not checked in -----------------------------------------------------------------------------------


def test_the_check_in_periods_are_the_calendar_quarters_of_the_period():
    spans = checkins.checkin_periods(cycle_settings(datetime.date(2026, 2, 15), datetime.date(2026, 8, 10)))
    assert [(s.start.isoformat(), s.end.isoformat(), s.quarter) for s in spans] == [
        ("2026-02-15", "2026-03-31", 1), ("2026-04-01", "2026-06-30", 2), ("2026-07-01", "2026-08-10", 3)]
    assert checkins.last_period(cycle_settings(), datetime.date(2026, 3, 31)) is None   # the first quarter's last day
    assert checkins.last_period(cycle_settings(), datetime.date(2026, 4, 1)).quarter == 1


def overdue_on(builder, day: str, monkeypatch) -> list[str]:
    monkeypatch.setenv("PORTAL_TODAY", day)
    cycle = validate_portal(builder.root).portal.latest()
    return checkins.overdue(cycle, datetime.date.fromisoformat(day))


def test_people_without_a_check_in_since_the_last_quarter_began_are_overdue(builder, monkeypatch):
    builder.cycle().org()
    builder.person("early", show=GOALS, checkins=[{"date": "2026-03-31", "progress": {"wengao": 5}}])
    builder.person("ontime", show=GOALS, checkins=[{"date": "2026-04-01", "progress": {"wengao": 5}}])
    builder.person("never", show=GOALS)
    assert overdue_on(builder, "2026-03-31", monkeypatch) == []              # no quarter has ended
    assert overdue_on(builder, "2026-04-01", monkeypatch) == ["never"]       # Q1 ended: a check-in since 01-01
    assert overdue_on(builder, "2026-07-01", monkeypatch) == ["early", "never"]  # Q2 ended: since 04-01


def test_a_cycle_without_check_ins_lists_nobody(builder, monkeypatch):
    builder.cycle().org()
    builder.person("never", show=GOALS)
    assert overdue_on(builder, "2026-10-01", monkeypatch) == []
    builder.cycle(checkins={"behind": 0.2, "at_risk": 0.4})  # cycle.yaml turns check-ins on
    assert overdue_on(builder, "2026-10-01", monkeypatch) == ["never"]


# -- the pages -------------------------------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script>[x](javascript:y)**"


def published(builder, monkeypatch, everyone: bool, today: str = "2026-10-08") -> dict:
    from conftest import publish_to_everyone

    from generator.pipeline.aggregate import aggregate_portal
    from generator.site.audiences import access_for
    from generator.site.publish import publish_cycle
    from generator.site.render import history_by_person

    monkeypatch.setenv("PORTAL_TODAY", today)
    builder.cycle().org()
    goals = dict(GOALS, goals=[{"id": "wengao", "text": HOSTILE, "target": 30, "unit": "篇"}, {"id": "diaoyan", "text": "完成调研"}])
    builder.person("zhangsan", name="张三", show=goals, checkins=[
        {"date": "2026-03-31", "progress": {"wengao": 7}, "status": {"diaoyan": "on_track"}},
        {"date": "2026-09-30", "progress": {"wengao": 10}, "status": {"diaoyan": "at_risk"}, "note": HOSTILE}])
    builder.person("lisi", name="李四", show=goals, checkins=[{"date": "2026-06-30", "progress": {"wengao": 15}}])
    builder.person("wangwu", name="王五", section="xinxi", show=goals)
    if everyone:
        publish_to_everyone(builder.root)
    results = aggregate_portal(validate_portal(builder.root).portal)
    cycle = results["2026"]
    return publish_cycle(cycle, history_by_person(results, {"2026": "t"}), "zh", access_for(cycle.cycle, None),
                         datetime.date.fromisoformat(today))


@pytest.mark.parametrize("everyone", [False, True])
def test_a_person_page_draws_each_goals_progress_against_the_straight_line(builder, monkeypatch, everyone):
    page = published(builder, monkeypatch, everyone)["people/zhangsan.md"]
    assert page.count("## 目标进展") == 1 and page.count('class="portal-chart portal-timeline"') == 2
    assert 'viewBox="0 0 340 ' in page  # fits a 390 px phone
    assert "<script>" not in page and "](javascript" not in page and "&#60;script&#62;" in page
    table = page[page.index("| 检查日期 | 完成 |"):]
    assert "| 10 | 22&#46;44 | <span class=\"portal-status portal-status-at_risk\">有风险</span>" in table  # 30 × 273/365


@pytest.mark.parametrize("everyone", [False, True])
def test_section_and_home_pages_show_goals_behind_or_at_risk_and_who_has_not_checked_in(builder, monkeypatch, everyone):
    pages = published(builder, monkeypatch, everyone)
    section = pages["sections/mishu.md"]
    assert section.count("## 目标检查一览") == 1
    watch = section[section.index("### 进度落后或有风险的目标"):section.index("### 上期以来未报送检查的人员")]
    assert watch.count("portal-status-at_risk") == 2 and "people/lisi.md" not in watch  # lisi's 15 of 30 on 06-30 is on track
    overdue = section[section.index("### 上期以来未报送检查的人员"):]
    listed = overdue.split("\n## ")[0]
    assert "2026&#45;07&#45;01" in listed and "(../people/lisi.md)" in listed and "zhangsan" not in listed
    home = pages["index.md"]
    assert home.count("## 目标检查一览") == 1 and "people/wangwu.md" in home and "[mishu处](sections/mishu.md)" in home


def test_pages_of_a_cycle_without_check_ins_say_nothing_of_them(minimal, monkeypatch):
    from generator.pipeline.aggregate import aggregate_portal
    from generator.site.render import render_cycle

    results = aggregate_portal(validate_portal(minimal.root).portal)
    pages = render_cycle(results["2026"], {})
    assert not any("目标检查" in text or "目标进展" in text for path, text in pages.items() if path.endswith(".md") and path != "method.md")


def test_the_method_page_states_the_rule_with_the_cycles_thresholds(builder, monkeypatch):
    method = published(builder, monkeypatch, False)["method.md"]
    assert "目标 × E ÷ N" in method and "16&#46;5&#37;" in method and "33&#37;" in method


# -- portal new checkin ----------------------------------------------------------------------------------------

WRITTEN = ("# yaml-language-server: $schema=../../schemas/person.schema.json\n"
           "id: zhangsan   # 我的编号\nname: 张三\nsection: mishu\npost: 科员\nshow:\n  goals:\n"
           "    - {id: wengao, text: 起草重要文稿, target: 30, unit: 篇}   # 全年\n    - {id: diaoyan, text: 完成调研}\n"
           "    - 无编号的目标\n")


def test_new_checkin_appends_an_entry_with_comments_and_changes_nothing_written(builder, run):
    builder.cycle().org()
    path = builder.raw("people/zhangsan.yaml", WRITTEN)
    code, out, err = run("new", "checkin", "zhangsan", "--root", str(builder.root), "--date", "2026-06-30")
    assert code == 0, err
    text = path.read_text(encoding="utf-8")
    assert text.startswith(WRITTEN) and "checkins:  # " in text
    assert "  - date: 2026-06-30  # 检查日期" in text and "      wengao: 0  # 起草重要文稿" in text and "      diaoyan: on_track" in text
    assert "已在 scorecards/2026/people/zhangsan.yaml 末尾添加 2026-06-30 的检查记录" in out
    person = validate_portal(builder.root).portal.latest().people["zhangsan"]
    assert [c.date.isoformat() for c in person.checkins] == ["2026-06-30"]


def test_the_next_checkin_goes_after_the_last_one_and_carries_its_figures_forward(builder, run):
    builder.cycle().org()
    existing = WRITTEN + "checkins:\n- date: 2026-03-31\n  progress: {wengao: 7}   # 一季度\n  note: |\n    多行说明\n\n# 自评\nself:\n" \
        "  scores: {learning: 好, work: 好, contribution: 好, fulfilment: 好}\n"
    path = builder.raw("people/zhangsan.yaml", existing.replace("\n", "\r\n"))
    assert run("new", "checkin", "zhangsan", "--root", str(builder.root), "--date", "2026-06-30")[0] == 0
    text = path.read_bytes().decode("utf-8")
    head, tail = text.split("- date: 2026-06-30", 1)
    assert head == existing.replace("\n", "\r\n").split("\r\n\r\n# 自评")[0] + "\r\n"  # right after the last entry's lines
    assert tail.split("\r\n")[2] == "    wengao: 7  # 起草重要文稿：目标 30篇，上次 7" and "\r\n# 自评\r\nself:" in tail
    assert "\n" not in text.replace("\r\n", "")  # the file's CRLF line ends are kept
    checks = validate_portal(builder.root).portal.latest().people["zhangsan"].checkins
    assert [c.date.isoformat() for c in checks] == ["2026-03-31", "2026-06-30"] and checks[0].note == "多行说明\n"


def test_new_checkin_refuses_a_date_before_the_last_one_or_outside_the_period_and_writes_nothing(builder, run):
    builder.cycle().org()
    path = builder.raw("people/zhangsan.yaml", WRITTEN + "checkins:\n  - date: 2026-06-30\n")
    before = path.read_bytes()
    for day in ("2026-06-30", "2027-01-01"):
        code, _, err = run("new", "checkin", "zhangsan", "--root", str(builder.root), "--date", day)
        assert code == 1 and "错误" in err and "Traceback" not in err
    assert path.read_bytes() == before


def test_new_checkin_refuses_a_flow_list_and_a_broken_file(builder, run):
    builder.cycle().org()
    path = builder.raw("people/zhangsan.yaml", WRITTEN + "checkins: []\n")
    code, _, err = run("new", "checkin", "zhangsan", "--root", str(builder.root), "--date", "2026-06-30")
    assert code == 1 and "不是按行列出的列表" in err and path.read_text(encoding="utf-8").endswith("checkins: []\n")
    builder.raw("people/zhangsan.yaml", WRITTEN + "checkins:\n  - date: 2026-06-30\n    progress: {nope: 1}\n")
    code, _, err = run("new", "checkin", "zhangsan", "--root", str(builder.root), "--date", "2026-09-30")
    assert code == 1 and "portal validate" in err


# -- in the browser ----------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_timeline_fits_a_phone_and_the_glance_a_desktop(builder, monkeypatch, browser, tmp_path):
    from conftest import open_tab
    from test_browser import serving

    from generator.cli import main

    published(builder, monkeypatch, everyone=False)  # writes the portal
    (builder.root / "mkdocs.yml").write_text((__import__("conftest").REPO / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (builder.root / "content").mkdir()
    assert main(["build", "--root", str(builder.root)]) == 0
    server = serving(builder.root)
    try:
        for width in (390, 1280):
            context, tab = open_tab(browser, width)
            tab.goto(f"http://127.0.0.1:{server.server_port}/2026/people/zhangsan/")
            charts = tab.locator("svg.portal-timeline")
            assert charts.count() == 2
            for index in range(2):
                box = charts.nth(index).bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= width
            assert tab.evaluate("document.documentElement.scrollWidth") <= width
            tab.goto(f"http://127.0.0.1:{server.server_port}/2026/sections/mishu/")
            assert tab.locator("article h3", has_text="进度落后或有风险的目标").count() == 1
            assert tab.locator("article .portal-status-at_risk").count() == 2
            assert tab.evaluate("document.documentElement.scrollWidth") <= width
            context.close()
    finally:
        server.shutdown()
        server.server_close()


def test_a_new_cycle_does_not_turn_check_in_reminders_on_by_itself(sample_copy, run):
    assert run("new", "cycle", "2027", "--root", str(sample_copy))[0] == 0
    assert "checkins" not in (sample_copy / "scorecards/2027/cycle.yaml").read_text(encoding="utf-8")


def test_portal_checkins_lists_each_status_as_the_pages_show_it(builder, run, monkeypatch):
    import json

    monkeypatch.setenv("PORTAL_TODAY", "2026-12-31")
    builder.cycle().org()
    goals = dict(GOALS, goals=[{"id": "a", "text": "甲", "target": 365}, {"id": "b", "text": "乙"}])
    builder.person("zhangsan", show=goals, checkins=[
        {"date": "2026-06-30", "progress": {"a": 181}, "status": {"b": "behind"}},   # on the line
        {"date": "2026-09-30", "progress": {"a": "212.225"}},                         # 273 − 60.225: exactly behind
        {"date": "2026-12-31", "progress": {"a": 365}}])                              # exactly done, the last day
    code, out, err = run("checkins", "--root", str(builder.root))
    assert code == 0, err
    listed = json.loads(out)
    assert [(r["goal"], r["date"], r["status"], r["expected"]) for r in listed["checkins"]] == [
        ("a", "2026-06-30", "on_track", 181.0), ("a", "2026-09-30", "behind", 273.0), ("a", "2026-12-31", "done", 365.0),
        ("b", "2026-06-30", "behind", None)]
    assert listed["due_since"] == "2026-07-01" and listed["overdue"] == []
    assert [r["status"] for r in listed["checkins"]] == [
        reference_status("365", "181", datetime.date(2026, 6, 30), START, END),
        reference_status("365", "212.225", datetime.date(2026, 9, 30), START, END),
        reference_status("365", "365", END, START, END), "behind"]
