"""The scoring rules of FORMAT.md, one worked example each, computed by hand in the comments.

Settings are the spec's unless a test says otherwise: scale 好100 较好85 一般70 差50;
weights self .2, democratic .4, organisational .4; dimensions learning .25, work .4,
contribution .2, fulfilment .15; bands 优秀 90, 称职 75, 基本称职 60, 不称职 0;
quota .2; veto 差 at share .3334 caps at 基本称职; min_raters 3; gap 15.
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from conftest import DIMS, all_four

from generator.pipeline.aggregate import aggregate_cycle, person_trends, quota_limit, section_trends
from generator.pipeline.export import person_records, round_half_up
from generator.pipeline.validate import validate_portal


def results_of(builder, cycle="2026"):
    report = validate_portal(builder.root)
    assert report.ok, [p.as_text("en") for p in report.problems]
    return aggregate_cycle(report.portal.cycles[cycle])


def records_of(builder, cycle="2026"):
    return {r["id"]: r for r in person_records(results_of(builder, cycle))}


def uniform(builder, people: dict[str, tuple[float, float, list[float]]], cycle="2026", **settings):
    """People of section mishu with the same rating on all four dimensions of each source:
    {id: (self, organisational, [one democratic rating per ballot])}."""
    builder.cycle(cycle, **settings).org(["mishu"], cycle=cycle)
    ballots_needed = max(len(d) for _, _, d in people.values())
    ballots = [{} for _ in range(ballots_needed)]
    for pid, (self_rating, _, democratic) in people.items():
        builder.person(pid, self_scores=self_rating, cycle=cycle)
        for ballot, rating in zip(ballots, democratic):
            ballot[pid] = all_four(rating)
    builder.ballots("mishu", ballots, cycle=cycle)
    builder.review("mishu", {pid: org for pid, (_, org, _) in people.items()}, cycle=cycle)
    return builder


# -- rules 1, 2, 4, 5: source scores, overall, composite, comparison ------------------------------


@pytest.fixture
def worked(builder):
    builder.cycle().org(["mishu"])
    builder.person("p1", self_scores={"learning": "好", "work": "较好", "contribution": "一般", "fulfilment": "差"})
    builder.ballots("mishu", [
        {"p1": {"learning": "好", "work": "好", "contribution": "好", "fulfilment": "较好"}},
        {"p1": {"learning": "较好", "work": "好", "contribution": "好", "fulfilment": "较好"}},
        {"p1": {"learning": "一般", "work": "好", "contribution": "差", "fulfilment": "较好"}},
    ])
    builder.review("mishu", {"p1": 90})
    return builder


def test_worked_example_of_rules_1_2_4_5(worked):
    p1 = records_of(worked)["p1"]
    # self S_d = 100, 85, 70, 50 -> S = .25*100 + .4*85 + .2*70 + .15*50 = 25 + 34 + 14 + 7.5 = 80.5
    assert p1["self"] == 80.5
    # democratic S_d = (100+85+70)/3 = 85, 100, (100+100+50)/3 = 83.333…, 85
    # S = .25*85 + .4*100 + .2*83.333… + .15*85 = 21.25 + 40 + 16.6667 + 12.75 = 90.6667
    assert p1["democratic"] == 90.67
    assert p1["organizational"] == 90.0
    # composite = .2*80.5 + .4*90.6667 + .4*90 = 16.1 + 36.26667 + 36 = 88.36667
    assert p1["composite"] == 88.37
    # C_d = .2*self_d + .4*dem_d + .4*org_d
    # learning .2*100+.4*85+.4*90 = 90; work .2*85+.4*100+.4*90 = 93
    # contribution .2*70+.4*83.333+.4*90 = 83.333; fulfilment .2*50+.4*85+.4*90 = 80
    assert p1["compare"] == {"learning": 90.0, "work": 93.0, "contribution": 83.33, "fulfilment": 80.0}
    assert p1["raters"] == 3 and p1["status"] == "complete" and p1["missing"] == []
    assert p1["grade"] == "称职" and p1["rank"] == 1  # 75 <= 88.37 < 90


def test_tallies_give_the_same_results_as_the_same_ballots(worked):
    by_ballots = records_of(worked)
    worked.tallies("mishu", {"p1": {
        "learning": {"好": 1, "较好": 1, "一般": 1}, "work": {"好": 3},
        "contribution": {"好": 2, "差": 1}, "fulfilment": {"较好": 3},
    }})
    assert records_of(worked) == by_ballots


def test_numeric_ratings_count_as_their_points(builder):
    uniform(builder, {"a": (88.5, 92, [81, 90, 99])})
    a = records_of(builder)["a"]
    # democratic mean 90; composite .2*88.5 + .4*90 + .4*92 = 17.7 + 36 + 36.8 = 90.5
    assert (a["self"], a["democratic"], a["organizational"], a["composite"]) == (88.5, 90.0, 92.0, 90.5)


# -- rule 3: completeness and withholding ------------------------------------------------------------


def test_below_min_raters_democratic_figures_appear_nowhere(builder):
    uniform(builder, {"a": (90, 90, [90, 90, 90]), "b": (80, 80, [90, 90, 90])})
    builder.ballots("mishu", [{"a": all_four(90), "b": all_four(61.37)}] * 3)
    builder.ballots("mishu", [{"a": all_four(90), "b": all_four(61.37)}, {"a": all_four(90), "b": all_four(61.37)},
                              {"a": all_four(90)}])
    computed = results_of(builder)
    b = {r["id"]: r for r in person_records(computed)}["b"]
    assert b["status"] == "incomplete" and b["missing"] == ["democratic"] and b["raters"] == 2
    assert b["democratic"] is None and b["composite"] is None and b["grade"] is None and b["rank"] is None
    assert set(b["compare"].values()) == {None} and set(b["compare_rank"].values()) == {None}
    from generator.pipeline.export import FLAT_COLUMNS, flat_records, to_csv, to_json

    published = to_json(person_records(computed)) + to_csv(flat_records(computed), FLAT_COLUMNS)
    assert "61.37" not in published
    assert computed.people.loc["b", [f"democratic_{d}" for d in DIMS]].isna().all()


def test_whether_a_democratic_figure_is_withheld_is_said_once_by_the_results_and_read_by_every_view(builder):
    """Issue 19, one owner per rule: the scoring decides `n < min_raters` (rule 3); the person page, the people
    tables and the downloads read its verdict (`democratic_withheld`), never `min_raters` again."""
    import csv
    import io
    import re
    from pathlib import Path

    from generator.site.downloads import site_downloads
    from generator.site.render import render_cycle

    uniform(builder, {"a": (90, 90, [90, 90, 90]), "b": (80, 80, [90, 90, 90]), "c": (80, 80, [90, 90, 90])})
    builder.ballots("mishu", [{"a": all_four(90), "b": all_four(61.37)}] * 2 + [{"a": all_four(90)}])  # b: n = 2 < 3, c: n = 0
    computed = results_of(builder)
    assert computed.people["democratic_withheld"].to_dict() == {"a": False, "b": True, "c": False}

    def views(results) -> dict[str, str]:
        pages = render_cycle(results, {}, "zh")
        table = csv.DictReader(io.StringIO(site_downloads(results, "zh")["downloads/results-2026.csv"].decode("utf-8-sig")))
        rows = {row["编号"]: row["民主评议"] for row in table}
        return {pid: (pages[f"people/{pid}.md"], pages["results.md"], rows[pid]) for pid in ("b", "c")}

    shown = views(computed)
    assert "不公开" in shown["b"][0] and shown["b"][2] == "不公开" and shown["c"][2] == ""
    assert "不公开" not in shown["c"][0]
    # swap the verdicts in the results only: every view follows them
    computed.people["democratic_withheld"] = computed.people.index == "c"
    swapped = views(computed)
    assert "不公开" in swapped["c"][0] and swapped["c"][2] == "不公开" and swapped["b"][2] == ""
    assert "不公开" not in swapped["b"][0]
    # and no stage after the scoring compares a number of ballots with min_raters again
    generator = Path(__file__).resolve().parent.parent / "generator"
    for module in [*generator.glob("site/*.py"), *generator.glob("workflow/*.py"), generator / "pipeline/export.py"]:
        assert not re.search(r"raters[\]\"']*\s*[<>]", module.read_text(encoding="utf-8")), module


def test_missing_sources_are_listed_in_the_spec_order(builder):
    builder.cycle().org(["mishu"])
    builder.person("a")  # no self, no review, no ballots
    assert records_of(builder)["a"]["missing"] == ["self", "organizational", "democratic"]


def test_only_complete_people_get_a_rank(builder):
    uniform(builder, {"a": (90, 90, [90, 90, 90]), "b": (95, 95, [95, 95, 95])})
    builder.person("c", self_scores=None)  # has not submitted
    builder.ballots("mishu", [{"a": all_four(90), "b": all_four(95), "c": all_four(99)}] * 3)
    records = records_of(builder)
    assert [records[p]["rank"] for p in "abc"] == [2, 1, None]


# -- rule 6: rank and tie-breaks ---------------------------------------------------------------------


def test_ties_broken_by_organisational_then_democratic_then_id(builder):
    uniform(builder, {
        # composite 88 for all four: .2*self + .4*dem + .4*org
        "d": (100, 80, [90, 90, 90]),  # 20 + 36 + 32 = 88, org 80
        "c": (90, 85, [90, 90, 90]),   # 18 + 36 + 34 = 88, org 85
        "b": (80, 85, [95, 95, 95]),   # 16 + 38 + 34 = 88, org 85, dem 95
        "a": (80, 85, [95, 95, 95]),   # same as b in every figure: id decides
    })
    records = records_of(builder)
    assert {p: r["composite"] for p, r in records.items()} == dict.fromkeys("abcd", 88.0)
    assert [records[p]["rank"] for p in "abcd"] == [1, 2, 3, 4]


def test_float_noise_never_decides_a_tie(builder):
    # p: .2*100 + .4*(50+70+70)/3 + .4*50 = 65.333…  q: .2*50 + .4*(50+70+85)/3 + .4*70 = 65.333…
    # exactly equal, but in floats p comes out larger (…34 against …33)
    assert 0.2 * 100 + 0.4 * (190 / 3) + 0.4 * 50 > 0.2 * 50 + 0.4 * (205 / 3) + 0.4 * 70
    uniform(builder, {"p": (100, 50, [50, 70, 70]), "q": (50, 70, [50, 70, 85])})
    records = records_of(builder)
    assert records["p"]["composite"] == records["q"]["composite"] == 65.33
    assert (records["q"]["rank"], records["p"]["rank"]) == (1, 2)  # the tie goes to q's higher organisational


def test_comparison_ranks_use_the_same_order_rule(worked):
    worked.person("p2", self_scores="好")
    worked.ballots("mishu", [
        {"p1": {"learning": "好", "work": "好", "contribution": "好", "fulfilment": "较好"}, "p2": all_four("好")},
        {"p1": {"learning": "较好", "work": "好", "contribution": "好", "fulfilment": "较好"}, "p2": all_four("好")},
        {"p1": {"learning": "一般", "work": "好", "contribution": "差", "fulfilment": "较好"}, "p2": all_four("好")},
    ])
    worked.review("mishu", {"p1": 90, "p2": 90})
    records = records_of(worked)
    # p2: C_d = .2*100 + .4*100 + .4*90 = 96 in every dimension; p1 above: 90, 93, 83.33, 80
    assert records["p2"]["compare_rank"] == dict.fromkeys(DIMS, 1)
    assert records["p1"]["compare_rank"] == dict.fromkeys(DIMS, 2)
    # a C_d tie goes to organisational overall (equal), then democratic overall (p2 100 > p1 90.67)
    worked.review("mishu", {"p1": {"learning": 100, "work": 90, "contribution": 90, "fulfilment": 90}, "p2": 90})
    records = records_of(worked)
    # p1 learning: .2*100 + .4*85 + .4*100 = 94 < 96 still; work: p1 93 vs p2 96
    assert records["p1"]["compare_rank"]["learning"] == 2


# -- rule 7: grades, veto, quota ----------------------------------------------------------------------


def test_quota_overflow_with_a_tie_at_the_boundary(builder):
    people = {f"p{i}": (80, 80, [80, 80, 80]) for i in range(1, 4)}  # composite 80: 称职
    people["top"] = (95, 95, [95, 95, 95])   # composite 95
    people["twin"] = (95, 94, [95.5, 95.5, 95.5])  # .2*95 + .4*95.5 + .4*94 = 19 + 38.2 + 37.6 = 94.8
    people["tie"] = (95, 95, [95, 95, 95])  # same as top in every figure; id "tie" > "top"
    uniform(builder, people)
    records = records_of(builder)
    # N = 6 complete -> floor(.2*6) = 1 may hold 优秀; order: tie, top (id), twin
    assert [records[p]["rank"] for p in ("tie", "top", "twin")] == [1, 2, 3]
    assert records["tie"]["grade"] == "优秀" and records["tie"]["flags"] == []
    assert records["top"]["grade"] == "称职" and records["top"]["flags"] == ["quota"]
    assert records["twin"]["grade"] == "称职" and records["twin"]["flags"] == ["quota"]


def test_quota_limit_is_exact_for_decimal_quotas():
    assert 0.29 * 100 < 29  # float noise: 28.999999999999996
    assert quota_limit(0.29, 100) == 29 and quota_limit(0.2, 4) == 0 and quota_limit(0.2, 5) == 1


def veto_portal(builder, low_votes: int, ballots: int, share: float):
    builder.cycle(veto={"level": "差", "share": share, "cap": "基本称职"}, excellent_quota=1)
    builder.org(["mishu"])
    builder.person("a", self_scores="好")
    rows = [{"a": {"learning": "好", "work": "好", "contribution": "好", "fulfilment": "差" if i < low_votes else "好"}}
            for i in range(ballots)]
    builder.ballots("mishu", rows)
    builder.review("mishu", {"a": "好"})
    return records_of(builder)["a"]


def test_veto_exactly_at_the_share_caps_the_grade(builder):
    a = veto_portal(builder, low_votes=3, ballots=10, share=0.3)  # 3/10 = .3 >= .3
    # fulfilment dem = (3*50 + 7*100)/10 = 85; dem S = 25 + 40 + 20 + .15*85 = 97.75
    # composite = 20 + .4*97.75 + 40 = 99.1: 优秀 by band, capped by the veto
    assert a["composite"] == 99.1 and a["grade"] == "基本称职" and a["flags"] == ["veto"]


def test_veto_just_below_the_share_does_nothing(builder):
    a = veto_portal(builder, low_votes=1, ballots=3, share=0.3334)  # 1/3 = .33333 < .3334
    assert a["grade"] == "优秀" and a["flags"] == []


def test_veto_does_not_raise_a_worse_grade(builder):
    builder.cycle(veto={"level": "差", "share": 0.3, "cap": "基本称职"}).org(["mishu"])
    builder.person("a", self_scores="差")
    builder.ballots("mishu", [{"a": all_four("差")}] * 3)
    builder.review("mishu", {"a": "差"})
    a = records_of(builder)["a"]
    assert a["grade"] == "不称职" and a["flags"] == []  # 50 < 60: already below the cap


def test_grade_band_edge_is_inclusive(builder):
    uniform(builder, {"a": (90, 90, [90, 90, 90]), "b": (75, 75, [75, 75, 75])}, excellent_quota=1)
    records = records_of(builder)
    assert (records["a"]["grade"], records["b"]["grade"]) == ("优秀", "称职")


# -- rule 8: flags -------------------------------------------------------------------------------


def test_self_high_and_self_low_at_the_threshold(builder):
    uniform(builder, {"high": (100, 85, [85, 85, 85]), "low": (70, 85, [85, 85, 85]), "near": (99.99, 85, [85, 85, 85])})
    records = records_of(builder)
    assert records["high"]["flags"] == ["self_high"]  # 100 - 85 = 15 >= 15
    assert records["low"]["flags"] == ["self_low"]  # 85 - 70 = 15 >= 15
    assert records["near"]["flags"] == []  # 14.99


# -- rules 9, 10: sections and participation ---------------------------------------------------------


def test_sections_rank_by_review_then_mean_composite_then_id(builder):
    builder.cycle().org(["a", "b", "c"])
    for section, rating in (("a", 80), ("b", 90), ("c", 90)):
        builder.person(f"{section}1", section=section, self_scores=rating)
        builder.ballots(section, [{f"{section}1": all_four(rating)}] * 3)
        builder.review(section, {f"{section}1": rating}, score=88 if section != "a" else 95)
    table = results_of(builder).sections
    # a: review 95 -> 1st; b and c: review 88, mean 90 each -> id decides
    assert list(table["id"]) == ["a", "b", "c"] and list(table["rank"]) == [1, 2, 3]
    assert table.loc["a", "mean_composite"] == pytest.approx(80)


def test_participation_counts_self_blocks(builder):
    builder.cycle().org(["mishu"])
    for pid, submitted in (("a", True), ("b", True), ("c", True), ("d", False)):
        builder.person(pid, self_scores="好" if submitted else None)
    assert results_of(builder).participation == 0.75


# -- trends and rounding --------------------------------------------------------------------------


def test_trends_follow_a_person_and_a_section_across_cycles(builder):
    uniform(builder, {"a": (80, 80, [80, 80, 80])}, cycle="2025", period={"start": "2025-01-01", "end": "2025-12-31"})
    uniform(builder, {"a": (90, 90, [90, 90, 90])}, cycle="2026", excellent_quota=1)
    portal = validate_portal(builder.root).portal
    results = {c: aggregate_cycle(portal.cycles[c]) for c in portal.cycles}
    trend = person_trends(results).loc["a"]
    assert list(trend.index) == ["2025", "2026"] and list(trend["grade"]) == ["称职", "优秀"]
    assert list(section_trends(results).loc["mishu"]["rank"]) == [1, 1]


@pytest.mark.parametrize(("value", "expected"), [
    (Fraction(93125, 1000), 93.13), (93.125, 93.13), (2.675, 2.68), (0.005, 0.01), (88.36666, 88.37), (None, None),
    (Fraction(92874999999783, 10**12), 92.87), (Fraction(92885, 1000) - Fraction(1, 10**30), 92.88), (Fraction(184, 2), 92.0),
    # v1 snapped the hundredths to six decimals first, so this float rounded up; contract v1.1 (rule 6) rounds the number
    # as written, exactly, and 93.12499999999999 is below 93.125
    (93.12499999999999, 93.12),
])
def test_rounding_is_half_up_to_two_decimals(value, expected):
    assert round_half_up(value) == expected


def test_results_command_prints_the_spec_json(worked, run):
    code, out, _ = run("results", "--root", str(worked.root), "--cycle", "2026")
    [p1] = json.loads(out)
    assert list(p1) == ["id", "name", "section", "status", "missing", "raters", "self", "democratic", "organizational",
                        "composite", "grade", "rank", "compare", "compare_rank", "flags"]
    assert code == 0 and p1["composite"] == 88.37
