"""Ballot integrity, FORMAT.md v1.1 rules 11-13: worked examples computed by hand."""

from __future__ import annotations

import shutil

import pytest
from conftest import REPO, all_four

from generator.pipeline.aggregate import aggregate_cycle
from generator.pipeline.export import person_records, section_records
from generator.pipeline.validate import validate_portal

RULES = {"void_uniform": True, "max_top_share": 0.5, "quorum": 0.8}


def results(builder) -> dict[str, dict]:
    report = validate_portal(builder.root)
    assert report.ok, [p.as_text("en") for p in report.problems]
    return {r["id"]: r for r in person_records(aggregate_cycle(report.portal.latest()))}


def sections(builder) -> dict[str, dict]:
    return {r["id"]: r for r in section_records(aggregate_cycle(validate_portal(builder.root).portal.latest()))}


def problems(builder, path: str = "democratic/mishu.yaml") -> list:
    return [p for p in validate_portal(builder.root).problems if p.path.endswith(path)]


def section_of(builder, people: list[str], ballot_rules=None, **democratic):
    builder.cycle(ballot_rules=ballot_rules).org(["mishu"])
    for pid in people:
        builder.person(pid, self_scores="好")
    builder.review("mishu", dict.fromkeys(people, "好"))
    builder.write("democratic/mishu.yaml", {"section": "mishu", **democratic})
    return builder


# -- rule 11: void ballots ---------------------------------------------------------------------------------


def test_a_ballot_giving_everyone_the_same_points_is_void_and_counts_for_nothing(builder):
    ballots = [
        {"a": all_four("好"), "b": all_four("较好")},
        {"a": all_four("好"), "b": all_four(100)},  # every dimension of both at 100 points (a number equal to 好 counts as 好)
        {"a": all_four("较好"), "b": all_four("一般")},
        {"a": all_four("一般"), "b": all_four("较好")},
    ]
    r = results(section_of(builder, ["a", "b"], {"void_uniform": True}, ballots=ballots))
    # valid: ballots 1, 3, 4.  a = (100 + 85 + 70) / 3 = 85;  b = (85 + 70 + 85) / 3 = 80
    assert (r["a"]["raters"], r["a"]["democratic"], r["b"]["democratic"]) == (3, 85.0, 80.0)
    assert sections(builder)["mishu"].items() >= {"returned": 4, "valid": 3, "void": 1}.items()


def test_without_the_rule_the_same_ballots_all_count(builder):
    ballots = [{"a": all_four("好"), "b": all_four("好")}, {"a": all_four("较好"), "b": all_four("一般")},
               {"a": all_four("一般"), "b": all_four("较好")}]
    r = results(section_of(builder, ["a", "b"], None, ballots=ballots))
    assert (r["a"]["raters"], r["a"]["democratic"]) == (3, 85.0)  # (100 + 85 + 70) / 3


def test_a_uniform_ballot_naming_one_person_is_not_void(builder):
    ballots = [{"a": all_four("好")}] * 3
    r = results(section_of(builder, ["a", "b"], {"void_uniform": True}, ballots=ballots))
    assert (r["a"]["raters"], r["a"]["democratic"]) == (3, 100.0)


def mixed(fulfilment: str) -> dict:
    """A ballot line that is not uniform: 较好 everywhere but fulfilment."""
    return {"learning": "较好", "work": "较好", "contribution": "一般", "fulfilment": fulfilment}


def test_top_points_on_exactly_the_share_is_valid_and_more_is_void(builder):
    at_share = {"a": mixed("好"), "b": mixed(100), "c": mixed("较好"), "d": mixed("一般")}  # 2 of 4 = 0.5: not more
    over = {"a": mixed("好"), "b": mixed("好"), "c": mixed(100), "d": mixed("一般")}  # 3 of 4 > 0.5 × 4
    r = results(section_of(builder, ["a", "b", "c", "d"], {"max_top_share": 0.5}, ballots=[at_share, at_share, at_share, over]))
    assert r["d"]["raters"] == 3 and r["c"]["raters"] == 3
    # c's fulfilment: 85 on the three valid ballots (the void one gave 100): overall = .25*85 + .4*85 + .2*70 + .15*85
    assert r["c"]["democratic"] == 82.0
    assert sections(builder)["mishu"]["void"] == 1


def test_the_void_rules_leave_the_veto_to_valid_ballots(builder):
    low = {"a": mixed("差"), "b": mixed("好"), "c": mixed("好")}  # 2 of 3 top > 0.5 × 3: void, its 差 does not count
    ok = {"a": mixed("较好"), "b": mixed("较好"), "c": mixed("好")}
    r = results(section_of(builder, ["a", "b", "c"], {"max_top_share": 0.5}, ballots=[low, ok, ok, ok]))
    assert r["a"]["raters"] == 3 and "veto" not in r["a"]["flags"]


# -- rule 11: the counts ---------------------------------------------------------------------------------------


TALLY = {"learning": {"好": 3}, "work": {"好": 3}, "contribution": {"好": 3}, "fulfilment": {"好": 3}}


def test_more_returned_than_issued_is_an_error_at_its_line(builder):
    section_of(builder, ["a"], None, issued=3, returned=4, void=0, tallies={"a": TALLY})
    [problem] = problems(builder)
    assert (problem.key, problem.line) == ("ballot.returned_over_issued", 3)
    assert problem.args == {"returned": 4, "issued": 3}
    # a ballot file is restricted: its message, read in CI logs, quotes none of its numbers (test_changes.py)
    assert "收回票数（…）多于发出票数（…）" in problem.message("zh") and "无效" in problem.message("zh")


def test_a_list_longer_than_issued_is_the_same_error(builder):
    section_of(builder, ["a"], None, issued=2, ballots=[{"a": all_four("好")}] * 3)
    problem, kept = problems(builder)
    assert (problem.key, problem.line) == ("ballot.returned_over_issued", 2)
    assert kept.key == "ballot.list_kept"  # contract v1.2: a list is read, with a warning


def test_more_void_than_returned_is_an_error(builder):
    section_of(builder, ["a"], None, returned=3, void=4, tallies={"a": TALLY})
    keys = {(p.key, p.line) for p in problems(builder)}
    assert ("ballot.void_over_returned", 3) in keys


def test_a_person_counted_on_more_than_the_valid_ballots_is_an_error(builder):
    section_of(builder, ["a"], None, returned=3, void=1, tallies={"a": TALLY})  # n = 3 > 3 - 1
    [problem] = problems(builder)
    assert (problem.key, problem.args["n"], problem.args["valid"]) == ("tally.over_valid", 3, 2)


def test_n_equal_to_the_valid_ballots_is_fine(builder):
    r = results(section_of(builder, ["a"], None, issued=5, returned=4, void=1, tallies={"a": TALLY}))
    assert r["a"]["raters"] == 3
    assert {k: sections(builder)["mishu"][k] for k in ("issued", "returned", "valid", "void")} == \
        {"issued": 5, "returned": 4, "valid": 3, "void": 1}
    assert "quorum_met" not in sections(builder)["mishu"]  # no quorum in the cycle


def test_a_tally_of_explicit_zeros_is_n_0_no_democratic_figures_and_results_and_build_run(builder, run):
    """Contract v1.2 (ballot integrity, clarified): a count of 0 is allowed; a person whose fulfilment counts
    total 0 has n = 0 (rule 3). Zero counts used to reach S_d as a mean over no ballots (ZeroDivisionError)."""
    nobody = all_four({"差": 0})
    mixed = {d: {"好": 3, "一般": 0} for d in ("learning", "work", "contribution", "fulfilment")}
    section_of(builder, ["a", "b"], None, issued=3, returned=3, tallies={"a": nobody, "b": mixed})
    r = results(builder)
    assert (r["a"]["raters"], r["a"]["democratic"], r["a"]["missing"]) == (0, None, ["democratic"])
    assert (r["b"]["raters"], r["b"]["democratic"], r["b"]["status"]) == (3, 100.0, "complete")  # a 0 weighs nothing
    shutil.copy2(REPO / "mkdocs.yml", builder.root / "mkdocs.yml")
    (builder.root / "content").mkdir()
    root = str(builder.root)
    assert run("results", "--root", root, "--format", "csv")[0] == 0
    code, _, err = run("build", "--root", root)
    assert code == 0, err


def test_a_returned_key_must_equal_the_ballots_listed(builder):
    section_of(builder, ["a"], None, returned=4, ballots=[{"a": all_four("好")}] * 3)
    problem, kept = problems(builder)
    assert problem.key == "ballot.returned_mismatch" and problem.line == 2
    assert kept.key == "ballot.list_kept"


def test_tallies_that_give_issued_must_give_returned(builder):
    section_of(builder, ["a"], None, issued=4, tallies={"a": TALLY})
    assert [p.key for p in problems(builder)] == ["ballot.returned_needed"]


@pytest.mark.parametrize("value", [-1, 100_001, 2.5, "七"])
def test_counts_are_bounded_whole_numbers(builder, value):
    section_of(builder, ["a"], None, issued=value, returned=3, tallies={"a": TALLY})
    assert problems(builder) and all(p.line == 2 for p in problems(builder))


# -- rule 12: quorum ---------------------------------------------------------------------------------------------


def test_returned_exactly_at_the_quorum_counts(builder):
    r = results(section_of(builder, ["a"], {"quorum": 0.8}, issued=5, returned=4, void=0, tallies={"a": {
        d: {"好": 4} for d in TALLY}}))
    assert r["a"]["status"] == "complete" and r["a"]["raters"] == 4 and "missing_reason" not in r["a"]
    assert sections(builder)["mishu"]["quorum_met"] is True


def test_returned_below_the_quorum_makes_the_section_s_people_lack_democratic(builder):
    ballots = [{"a": all_four("好"), "b": all_four("较好")}] * 3
    r = results(section_of(builder, ["a", "b"], {"quorum": 0.8}, issued=4, ballots=ballots))  # 3/4 = 0.75 < 0.8
    for person in ("a", "b"):
        assert r[person]["status"] == "incomplete" and r[person]["missing"] == ["democratic"]
        assert r[person]["missing_reason"] == {"democratic": "quorum"}
        assert (r[person]["raters"], r[person]["democratic"], r[person]["composite"]) == (0, None, None)
    assert sections(builder)["mishu"].items() >= {"issued": 4, "returned": 3, "valid": 3, "void": 0, "quorum_met": False}.items()
    warnings = [p.key for p in problems(builder)]
    assert warnings == ["ballot.below_quorum", "ballot.list_kept"]


def test_quorum_counts_void_ballots_as_returned(builder):
    ballots = [{"a": all_four("好"), "b": all_four("好")}] + [{"a": all_four("好"), "b": all_four("较好")}] * 3
    r = results(section_of(builder, ["a", "b"], RULES, issued=5, ballots=ballots))  # 4 of 5 back, 1 void
    assert r["a"]["raters"] == 3 and r["a"]["status"] == "complete"


# -- v1 files keep their results and their shape ------------------------------------------------------------------


def test_a_v1_section_gains_no_keys_and_no_reason(minimal):
    r = results(minimal)
    assert all("missing_reason" not in record for record in r.values())
    tallies_only = {"section": "mishu", "tallies": {"zhangsan": TALLY}}
    minimal.write("democratic/mishu.yaml", tallies_only)
    assert not {"issued", "returned", "valid", "void", "quorum_met"} & set(sections(minimal)["mishu"])


# -- the site ----------------------------------------------------------------------------------------------------


def test_the_site_shows_the_counts_and_why_a_section_is_invalid(builder):
    from generator.pipeline.aggregate import aggregate_portal
    from generator.site.render import render_cycle

    ballots = [{"a": all_four("好"), "b": all_four("较好")}] * 3
    section_of(builder, ["a", "b"], RULES, issued=4, ballots=ballots)  # 3 of 4 back: 75% < 80%
    pages = render_cycle(aggregate_portal(validate_portal(builder.root).portal)["2026"], {}, "zh")
    section = pages["sections/mishu.md"]
    assert "本处室民主测评无效" in section and "收回 3 张/发出 4 张" in section and "低于本年度规定的 80" in section
    assert "| 4 | 3 | 3 | 0 | 75.0% |" in section
    assert "民主评议无效（回收率不足）" in section
    assert "| [mishu处](mishu.md) | 4 | 3 | 3 | 0 | 75.0% | **本处室民主测评无效** |" in pages["sections/index.md"]
    method = pages["method.md"]
    assert "## 计票规则" in method and "80&#37;" in method and "同一分数的选票为废票" in method and "（好，100 分）" in method


def test_the_method_page_says_when_a_cycle_has_no_ballot_rules(minimal):
    from generator.pipeline.aggregate import aggregate_portal
    from generator.site.render import render_cycle

    minimal.tallies("mishu", {"zhangsan": TALLY, "lisi": TALLY})  # a v1 file: no numbers of ballots to show
    pages = render_cycle(aggregate_portal(validate_portal(minimal.root).portal)["2026"], {}, "zh")
    assert "未规定回收率和废票规则" in pages["method.md"] and "民主测评票数" not in pages["sections/mishu.md"]
