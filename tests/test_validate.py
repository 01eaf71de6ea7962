"""Validation: each rule of the contract, with a small broken file and the message people read."""

from __future__ import annotations

import pytest
from conftest import all_four

from generator.pipeline.validate import validate_portal


def errors(builder, path_end: str = ""):
    report = validate_portal(builder.root)
    return [p for p in report.problems if p.path.endswith(path_end) and p.severity == "error"]


def only(builder, path_end: str = ""):
    found = errors(builder, path_end)
    assert len(found) == 1, [(p.key, p.args) for p in found]
    return found[0]


def test_the_minimal_portal_is_valid(minimal):
    report = validate_portal(minimal.root)
    assert report.ok and report.problems == []
    assert list(report.portal.cycles) == ["2026"]


def test_a_portal_with_the_full_range_of_the_spec_passes(builder):
    builder.cycle().org(["mishu", "xinxi"])
    builder.person("007", self_scores={"learning": 95, "work": "好", "contribution": 88.5, "fulfilment": "较好"})
    builder.person("lisi", show={"standards": [], "goals": [{"text": "起草文稿", "target": 30, "actual": 34, "unit": "篇"}],
                                             "commitments": [{"text": "零差错", "result": "kept", "evidence": "核查"}, "即办"]})
    builder.person("wangwu", section="xinxi", self_scores="一般", compare={"learning": ["学习"], "work": [], "contribution": ["值班"]})
    builder.person("zhaoliu", section="xinxi")  # has not submitted a self-assessment
    builder.ballots("mishu", [{"007": all_four("好"), "lisi": all_four(90)}] * 3)
    builder.tallies("xinxi", {"wangwu": {d: {"好": 2, "较好": 1} for d in ("learning", "work", "contribution", "fulfilment")}})
    builder.review("mishu", {"007": "好", "lisi": {"learning": 92, "work": "较好", "contribution": "好", "fulfilment": 80, "comment": "好"}})
    report = validate_portal(builder.root)
    assert report.ok, [p.as_text("en") for p in report.problems]
    assert report.portal.cycles["2026"].people["007"].id == "007"


# -- shape --------------------------------------------------------------------------------


def test_unknown_key_suggests_the_right_one(minimal):
    minimal.person("zhangsan", show={"standard": ["零差错"]})
    problem = only(minimal, "zhangsan.yaml")
    assert problem.key == "value.unknown_key" and problem.args["field"] == "standard"
    assert "standards" in problem.message("zh") and "Did you mean 'standards'?" in problem.message("en")
    assert problem.line == 6  # the line of the key itself


def test_unknown_key_without_a_close_match_lists_the_allowed_ones(minimal):
    minimal.person("zhangsan", hobby="钓鱼")
    problem = only(minimal, "zhangsan.yaml")
    assert "section" in problem.message("en") and "show" in problem.message("en")


def test_unquoted_numeric_id_is_explained_as_octal_number(minimal):
    minimal.raw("people/007.yaml", "id: 007\nname: 张三\nsection: mishu\npost: 科员\nshow: {}\n")
    problem = only(minimal, "007.yaml")
    assert problem.key == "value.number_as_text" and problem.line == 1
    assert problem.args == {"raw": "007", "value": 7}
    assert "'007'" in problem.message("zh")


def test_quoted_numeric_id_is_fine(minimal):
    minimal.raw("people/007.yaml", "id: '007'\nname: 张三\nsection: mishu\npost: 科员\nshow: {}\n")
    assert errors(minimal) == []


def test_rating_outside_scale_and_range(minimal):
    minimal.person("zhangsan", self_scores={"learning": "棒", "work": 120, "contribution": "好", "fulfilment": True})
    found = {p.args.get("value"): p.key for p in errors(minimal, "zhangsan.yaml")}
    assert found == {"棒": "rating.level_unknown", 120: "rating.invalid", True: "rating.invalid"}


def test_missing_required_field_names_it(minimal):
    minimal.raw("people/zhangsan.yaml", "id: zhangsan\nname: 张三\npost: 科员\nshow: {}\n")
    problem = only(minimal, "zhangsan.yaml")
    assert problem.key == "value.missing" and problem.args == {"field": "section"}


def test_self_block_must_rate_all_four_dimensions(minimal):
    minimal.person("zhangsan", self_scores={"learning": "好", "work": "好", "contribution": "好"})
    problem = only(minimal, "zhangsan.yaml")
    assert problem.key == "value.missing" and problem.args == {"field": "fulfilment"}


def test_ballot_must_rate_all_four_dimensions(minimal):
    minimal.ballots("mishu", [{"zhangsan": {"learning": "好", "work": "好", "contribution": "好"}}] * 3)
    found = errors(minimal, "democratic/mishu.yaml")
    assert [(p.key, p.args["field"], p.line) for p in found] == [("value.missing", "fulfilment", line) for line in (4, 8, 12)]


def test_result_of_a_commitment_is_one_of_three(minimal):
    minimal.person("zhangsan", show={"commitments": [{"text": "零差错", "result": "done"}]})
    problem = only(minimal, "zhangsan.yaml")
    assert problem.key == "value.choice" and "kept" in problem.args["choices"]


def test_a_list_written_as_text(minimal):
    minimal.person("zhangsan", show={"standards": "零差错"})
    assert only(minimal, "zhangsan.yaml").key == "value.not_list"


def test_numbers_and_dates_in_free_text_are_kept_as_text(minimal):
    minimal.raw("people/zhangsan.yaml", "id: zhangsan\nname: 张三\nsection: mishu\npost: 2026\nshow:\n  standards: [100, 2026-01-01]\n")
    assert errors(minimal) == []


# -- cross-file rules -------------------------------------------------------------------------------


def test_id_must_equal_the_file_name(minimal):
    minimal.raw("people/zhangsan.yaml", "id: zhang-san\nname: 张三\nsection: mishu\npost: 科员\nshow: {}\n")
    problem = only(minimal, "zhangsan.yaml")
    assert problem.key == "person.id_mismatch" and problem.line == 1 and "zhangsan" in problem.message("zh")


@pytest.mark.parametrize("bad_id", ["../etc", "a/b", ".hidden", "a..b", "a b"])
def test_ids_must_be_safe_file_names(minimal, bad_id):
    minimal.person("zhangsan", id=bad_id)
    assert only(minimal, "zhangsan.yaml").key == "id.unsafe"


def test_section_must_exist_in_org(minimal):
    minimal.person("zhangsan", section="caiwu", self_scores="好")
    problem = only(minimal, "people/zhangsan.yaml")
    assert problem.key == "section.unknown" and "mishu" in problem.args["sections"]


def test_ballot_may_name_only_people_of_its_section(minimal):
    minimal.person("wangwu", section="xinxi")
    minimal.ballots("mishu", [{"zhangsan": all_four("好"), "wangwu": all_four("好")}] * 3)
    found = errors(minimal, "democratic/mishu.yaml")
    assert {p.key for p in found} == {"ballot.unknown_person"} and len(found) == 3
    assert found[0].args["person"] == "wangwu"


def test_review_may_name_only_people_of_its_section(minimal):
    minimal.review("mishu", {"zhangsan": "好", "nobody": "好"})
    problem = only(minimal, "organizational/mishu.yaml")
    assert problem.key == "review.unknown_person" and problem.args["person"] == "nobody"


def test_tallies_of_a_person_total_the_same_in_every_dimension(minimal):
    tally = {d: {"好": 3} for d in ("learning", "work", "contribution", "fulfilment")}
    tally["work"] = {"好": 2}
    minimal.tallies("mishu", {"zhangsan": tally})
    problem = only(minimal, "democratic/mishu.yaml")
    assert problem.key == "tally.unequal"
    assert problem.args == {"person": "zhangsan", "dimension": "work", "expected": 3, "actual": 2}


def test_tallies_name_scale_levels(minimal):
    minimal.tallies("mishu", {"zhangsan": {d: {"优": 3} for d in ("learning", "work", "contribution", "fulfilment")}})
    assert {p.key for p in errors(minimal, "democratic/mishu.yaml")} == {"tally.level_unknown"}


def test_ballots_and_tallies_not_both(minimal):
    minimal.write("democratic/mishu.yaml", {"section": "mishu", "ballots": [], "tallies": {}})
    assert only(minimal, "democratic/mishu.yaml").key == "ballot.both_forms"


def test_section_file_named_after_its_section(minimal):
    minimal.write("democratic/xinxi.yaml", {"section": "mishu", "ballots": []})
    assert only(minimal, "democratic/xinxi.yaml").key == "section.file_mismatch"


def test_reviewer_other_than_the_leader_is_a_warning_only(minimal):
    minimal.write("organizational/mishu.yaml", {"section": "mishu", "reviewer": "别人", "people": {}})
    report = validate_portal(minimal.root)
    assert report.ok
    assert [p.key for p in report.problems] == ["review.reviewer_not_leader"]


# -- cycle settings ---------------------------------------------------------------------------------


def test_weights_must_sum_to_one(minimal):
    minimal.cycle(weights={"self": 0.3, "democratic": 0.4, "organizational": 0.4})
    problem = only(minimal, "cycle.yaml")
    assert problem.key == "cycle.weights_sum" and problem.args["total"] == "1.1"


def test_dimension_weights_must_sum_to_one(minimal):
    minimal.cycle(dimensions={"learning": 0.25, "work": 0.4, "contribution": 0.2, "fulfilment": 0.1})
    assert only(minimal, "cycle.yaml").args["field"] == "dimensions"


def test_grade_bands_descend_and_end_at_zero(minimal):
    minimal.cycle(grades=[{"name": "优秀", "min": 90}, {"name": "称职", "min": 95}, {"name": "不称职", "min": 10}], veto=None)
    assert sorted(p.key for p in errors(minimal, "cycle.yaml")) == ["cycle.grades_last_zero", "cycle.grades_order"]


def test_veto_level_and_cap_must_exist(minimal):
    minimal.cycle(veto={"level": "很差", "share": 0.3, "cap": "合格"})
    assert sorted(p.key for p in errors(minimal, "cycle.yaml")) == ["cycle.veto_cap", "cycle.veto_level"]


def test_veto_min_raters_and_gap_threshold_are_optional(minimal):
    minimal.cycle(veto=None, min_raters=None, gap_threshold=None)
    report = validate_portal(minimal.root)
    assert report.ok
    settings = report.portal.cycles["2026"].settings
    assert (settings.veto, settings.min_raters, settings.gap_threshold) == (None, 3, 15)


def test_missing_cycle_file(minimal):
    (minimal.folder("2026") / "cycle.yaml").unlink()
    assert only(minimal).key == "cycle.missing_file"


def test_a_cycle_needs_at_least_one_person(builder):
    builder.cycle().org()
    assert only(builder).key == "cycle.no_people"


def test_cycle_folder_name_is_a_usable_version(minimal):
    (minimal.root / "scorecards" / "2026").rename(minimal.root / "scorecards" / "latest")
    assert only(minimal).key == "cycle.bad_name"


def test_all_problems_are_reported_at_once(minimal):
    minimal.cycle(weights={"self": 0.5, "democratic": 0.4, "organizational": 0.4})
    minimal.person("wangwu", section="nowhere", self_scores="好")
    minimal.raw("people/lisi.yaml", "id: lisi\nname：李四\n")
    keys = sorted(p.key for p in errors(minimal))
    assert keys == ["cycle.weights_sum", "section.unknown", "yaml.fullwidth_colon"]


def test_a_file_that_is_a_list_is_told_to_be_a_mapping(minimal):
    minimal.raw("people/zhangsan.yaml", "- id: zhangsan\n- name: 张三\n")
    problem = only(minimal, "zhangsan.yaml")
    assert problem.key == "value.not_mapping" and "整个文件" in problem.message("zh")


def test_an_impossible_date_is_an_error_not_a_crash(minimal):
    minimal.cycle(period={"start": "2026-01-01", "end": "2026-12-31"})
    path = minimal.folder("2026") / "cycle.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("'2026-12-31'", "2026-13-31"), encoding="utf-8")
    problem = only(minimal, "cycle.yaml")
    assert problem.key == "value.not_date" and problem.args["value"] == "2026-13-31"


def test_blank_lists_are_empty_not_errors(minimal):
    minimal.raw("people/zhangsan.yaml", "id: zhangsan\nname: 张三\nsection: mishu\npost: 科员\nshow:\n  standards:\n  goals:\n  commitments:\n")
    assert errors(minimal) == []


def test_an_unknown_key_in_a_goal_lists_the_goal_s_own_fields(minimal):
    """typing.is_typeddict (Python 3.11) does not know typing_extensions' TypedDicts: the list came out empty."""
    from generator.pipeline.model import Goal

    minimal.person("zhangsan", show={"goals": [{"text": "起草文稿", "xyz": 1}]})
    problem = only(minimal, "zhangsan.yaml")
    fields = [name for name in Goal.__annotations__ if not name.startswith("__")]
    assert problem.key == "value.unknown_key" and "text" in fields and "unit" in fields
    assert f"这里可以用的字段有：{', '.join(fields)}。" in problem.message("zh")


def test_every_mapping_of_every_file_kind_lists_the_fields_it_allows():
    """Wherever a mapping of the contract sits, an unknown key there names the mapping's own fields, never none."""
    import typing

    from typing_extensions import is_typeddict

    from generator.pipeline.locate import allowed_keys, unwrap
    from generator.pipeline.model import FILE_KINDS

    def places(annotation, loc=()):
        current = unwrap(annotation)
        if isinstance(current, type) and is_typeddict(current):
            yield loc, [n for n in current.__annotations__ if not n.startswith("__")]
            for name, hint in typing.get_type_hints(current, include_extras=True).items():
                yield from places(hint, (*loc, name))
        elif isinstance(current, type) and hasattr(current, "model_fields"):
            yield loc, [info.alias or name for name, info in current.model_fields.items()]
            for name, info in current.model_fields.items():
                yield from places(info.annotation, (*loc, info.alias or name))
        elif typing.get_args(current):
            yield from places(typing.get_args(current)[-1], (*loc, 0 if typing.get_origin(current) is list else "x"))

    checked = set()
    for kind, model in FILE_KINDS.items():
        for loc, fields in places(model):
            assert fields and allowed_keys(model, loc) == fields, (kind, loc)
            checked.add((kind, loc))
    assert {("person", ("show", "goals", 0)), ("person", ("show", "commitments", 0)),
            ("democratic", ("ballots", 0, "x"))} <= checked  # the TypedDicts too
