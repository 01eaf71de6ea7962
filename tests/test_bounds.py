"""Bounds: every number, list and text has one no real office reaches, and the message says it.

Each test writes one hostile file and expects one problem at its line, with the
bound among the message's arguments.  What validate accepts must also build:
the last tests push values right at the bounds through the whole pipeline.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import REPO, all_four

from generator.cli import main
from generator.pipeline import model
from generator.pipeline.aggregate import aggregate_portal
from generator.pipeline.validate import validate_portal
from generator.site.build import prepare_docs

PERSON_HEAD = "id: zhangsan\nname: 张三\nsection: mishu\npost: 科员\n"


def only_problem(builder, name):
    report = validate_portal(builder.root)
    problems = [p for p in report.problems if p.path.endswith(name) and p.severity == "error"]
    assert len(problems) == 1, [p.as_text("zh") for p in report.problems]
    return problems[0]


def person_file(builder, text):
    builder.raw("people/zhangsan.yaml", PERSON_HEAD + text)
    return only_problem(builder, "people/zhangsan.yaml")


@pytest.mark.parametrize("written", ["5.0e-324", "1e300", "1e308", "1000000001", "-1", "0.0009"])
def test_a_goal_number_outside_its_bounds_is_refused(minimal, written):
    problem = person_file(minimal, f"show:\n  goals:\n  - text: 写信息\n    target: {written}\n    actual: 3\n")
    assert (problem.key, problem.line) == ("value.goal_number", 8)
    assert (problem.args["low"], problem.args["high"]) == (0.001, "1,000,000,000")
    assert "1,000,000,000" in problem.message("zh") and "show.goals[1].target" in problem.message("zh")


def test_goal_numbers_at_the_bounds_and_minus_zero_are_accepted(minimal):
    minimal.raw("people/zhangsan.yaml", PERSON_HEAD + "show:\n  goals:\n"
                "  - {text: 一, target: 0.001, actual: 1000000000}\n  - {text: 二, target: -0.0, actual: 0}\n")
    report = validate_portal(minimal.root)
    assert report.ok, [p.as_text("zh") for p in report.problems]
    goal = report.portal.latest().people["zhangsan"].show.goals[1]
    assert str(goal["target"]) == "0.0"  # -0.0 is shown as 0, not "-0"


@pytest.mark.parametrize("field, written, limit", [("standards", "[" + ", ".join(["标准"] * 51) + "]", 50),
                                                   ("goals", "[" + ", ".join(["目标"] * 51) + "]", 50),
                                                   ("commitments", "[" + ", ".join(["承诺"] * 51) + "]", 50)])
def test_show_lists_are_bounded(minimal, field, written, limit):
    problem = person_file(minimal, f"show:\n  {field}: {written}\n")
    assert (problem.key, problem.line) == ("value.too_many_items", 6)
    assert (problem.args["limit"], problem.args["size"]) == (limit, 51)
    assert "50" in problem.message("zh")


def test_a_hundred_thousand_goals_are_refused_at_once(minimal):
    problem = person_file(minimal, "show:\n  goals:\n" + "  - 目标\n" * 100_000)
    assert (problem.key, problem.line, problem.args["size"]) == ("value.too_many_items", 7, 100_000)


def test_compare_items_are_bounded(minimal):
    problem = person_file(minimal, "show: {}\ncompare:\n  learning: [" + ", ".join(["读书"] * 51) + "]\n")
    assert (problem.key, problem.line, problem.args["limit"]) == ("value.too_many_items", 7, 50)


@pytest.mark.parametrize("head, limit", [("name: " + "张" * 51, 50), ("post: " + "科" * 51, 50)])
def test_names_and_posts_are_bounded(minimal, head, limit):
    key = head.split(":")[0]
    text = PERSON_HEAD.replace(f"{key}: " + ("张三" if key == "name" else "科员"), head) + "show: {}\n"
    minimal.raw("people/zhangsan.yaml", text)
    problem = only_problem(minimal, "people/zhangsan.yaml")
    assert (problem.key, problem.args["limit"], problem.args["size"]) == ("value.text_too_long", limit, 51)
    assert problem.line == (2 if key == "name" else 4)
    assert f"上限 {limit} 个字" in problem.message("zh")


def test_an_item_of_more_than_500_characters_is_refused(minimal):
    problem = person_file(minimal, "show:\n  standards:\n  - " + "好" * 501 + "\n")
    assert (problem.key, problem.line, problem.args["limit"]) == ("value.text_too_long", 7, 500)


def test_a_summary_of_more_than_5000_characters_is_refused(minimal):
    scores = "{learning: 好, work: 好, contribution: 好, fulfilment: 好}"
    problem = person_file(minimal, f"show: {{}}\nself:\n  scores: {scores}\n  summary: {'总' * 5001}\n")
    assert (problem.key, problem.line, problem.args["limit"]) == ("value.text_too_long", 8, 5000)


def test_a_review_comment_is_bounded(minimal):
    minimal.raw("organizational/mishu.yaml", "section: mishu\nreviewer: 领导\npeople:\n"
                "  zhangsan: {learning: 好, work: 好, contribution: 好, fulfilment: 好, comment: " + "评" * 5001 + "}\n")
    problem = only_problem(minimal, "organizational/mishu.yaml")
    assert (problem.key, problem.line, problem.args["limit"]) == ("value.text_too_long", 4, 5000)


@pytest.mark.parametrize("count", ["100001", "100000000000000000000", "9" * 400])
def test_a_tally_count_is_at_most_100000(minimal, count):
    tally = {"learning": {"好": 3}, "work": {"好": 3}, "contribution": {"好": 3}, "fulfilment": {"好": 3}}
    minimal.tallies("mishu", {"zhangsan": tally, "lisi": tally})
    path = minimal.folder("2026") / "democratic/mishu.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("好: 3", f"好: {count}", 1), encoding="utf-8")
    problem = only_problem(minimal, "democratic/mishu.yaml")
    assert (problem.key, problem.line, problem.args["limit"]) == ("value.too_large", 5, model.MAX_TALLY)
    assert len(problem.message("zh")) < 300  # a 400-digit number is cut short in the message


@pytest.mark.parametrize("start, end, bad", [("0001-01-01", "2026-12-31", "0001-01-01"), ("2026-01-01", "9999-12-31", "9999-12-31"),
                                             ("1999-12-31", "2026-12-31", "1999-12-31")])
def test_a_period_lies_between_2000_and_2100(minimal, start, end, bad):
    minimal.cycle(period={"start": start, "end": end})
    problem = only_problem(minimal, "2026/cycle.yaml")
    assert (problem.key, problem.line) == ("value.year_range", 4 if bad == start else 5)
    assert (problem.args["low"], problem.args["high"], problem.args["value"]) == (2000, 2100, bad)


@pytest.mark.parametrize("field, value, key, limit", [("min_raters", 10001, "value.too_large", 10000),
                                                      ("gap_threshold", 1e308, "value.too_large", 100),
                                                      ("title", "年" * 101, "value.text_too_long", 100)])
def test_cycle_settings_are_bounded(minimal, field, value, key, limit):
    minimal.cycle(**{field: value})
    problem = only_problem(minimal, "2026/cycle.yaml")
    assert (problem.key, problem.args["limit"]) == (key, limit)


def test_scale_levels_and_their_names_are_bounded(minimal):
    minimal.cycle(scale={**{f"L{i}": i for i in range(10)}, "好": 100, "较好": 85, "一般": 70, "差": 50})
    problem = only_problem(minimal, "2026/cycle.yaml")
    assert (problem.key, problem.args["limit"], problem.args["size"]) == ("value.too_many_items", 10, 14)
    minimal.cycle(scale={"好" * 51: 100, "较好": 85, "一般": 70, "差": 50})
    report = validate_portal(minimal.root)
    assert "value.text_too_long" in {p.key for p in report.problems}


def test_org_lists_and_names_are_bounded(minimal):
    sections = [{"id": f"s{i}", "name": "处", "leader": "领导"} for i in range(model.MAX_SECTIONS + 1)]
    minimal.write("org.yaml", {"name": "厅", "sections": sections})
    problem = only_problem(minimal, "2026/org.yaml")
    assert (problem.key, problem.args["limit"]) == ("value.too_many_items", model.MAX_SECTIONS)


def test_a_huge_integer_rating_is_refused_not_a_crash(minimal):
    minimal.review("mishu", {"zhangsan": "好", "lisi": "较好"})
    path = minimal.folder("2026") / "organizational/mishu.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("learning: 好", "learning: " + "9" * 400, 1), encoding="utf-8")
    problem = only_problem(minimal, "organizational/mishu.yaml")
    assert problem.key == "rating.invalid"


@pytest.mark.parametrize("char", ["\0", "\x1b", "\x7f", "\ufffe"])
def test_control_characters_are_named_with_their_line(minimal, char):
    minimal.raw("people/zhangsan.yaml", PERSON_HEAD.replace("张三", f"张{char}三") + "show: {}\n")
    problem = only_problem(minimal, "people/zhangsan.yaml")
    assert (problem.key, problem.line, problem.column) == ("file.control_char", 2, 8)
    assert problem.args["char"] == f"U+{ord(char):04X}"


def test_crlf_and_a_bom_are_read_as_usual(minimal):
    minimal.raw("people/zhangsan.yaml", ("\ufeff" + PERSON_HEAD + "show: {standards: [标准]}\n").replace("\n", "\r\n"))
    assert validate_portal(minimal.root).ok


def test_values_at_every_bound_build(minimal):
    """What validate accepts renders: the largest values allowed, all at once."""
    minimal.cycle(period={"start": "2000-01-01", "end": "2100-12-31"}, min_raters=3, gap_threshold=100,
                  title="年" * model.MAX_TITLE)
    card = {"id": "zhangsan", "name": "张" * model.MAX_NAME, "section": "mishu", "post": "科" * model.MAX_NAME,
            "show": {"standards": ["标" * model.MAX_ITEM] * model.MAX_ITEMS,
                     "goals": [{"text": "目", "target": 0.001, "actual": 1e9, "unit": "篇" * model.MAX_UNIT},
                               {"text": "目", "target": 1e9, "actual": 0.001}, {"text": "目", "target": 0, "actual": 1e9}],
                     "commitments": [{"text": "承", "result": "kept", "evidence": "证" * model.MAX_ITEM}] * model.MAX_ITEMS},
            "compare": {"learning": ["学" * model.MAX_ITEM] * model.MAX_ITEMS},
            "self": {"scores": all_four(5e-324), "summary": "总" * model.MAX_LONG_TEXT}}
    minimal.write("people/zhangsan.yaml", card)
    tally = {d: {"好": model.MAX_TALLY} for d in ("learning", "work", "contribution", "fulfilment")}
    minimal.tallies("mishu", {"zhangsan": tally, "lisi": tally})
    report = validate_portal(minimal.root)
    assert report.ok, [p.as_text("zh") for p in report.problems]
    results = aggregate_portal(report.portal)
    docs = prepare_docs(minimal.root, results, "2026", "zh")
    assert any(docs.rglob("zhangsan*"))
    shutil.copy2(REPO / "mkdocs.yml", minimal.root / "mkdocs.yml")
    (minimal.root / "content").mkdir()
    assert main(["build", "--root", str(minimal.root)]) == 0
    assert (minimal.root / "site/2026/people/zhangsan/index.html").is_file()
