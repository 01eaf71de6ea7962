"""Submitting by pull request: scaffolding, ownership, CI templates, ballot import (change rules: test_changes.py)."""

from __future__ import annotations

import csv
import re
import shlex
from pathlib import Path

import pytest
import yaml
from conftest import DIMS, REPO, all_four

from generator.cli import cli
from generator.pipeline.aggregate import aggregate_cycle
from generator.pipeline.export import person_records
from generator.pipeline.validate import validate_portal


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- portal new ----------------------------------------------------------------------------------


def test_new_person_validates_as_written_and_explains_its_fields(sample_copy, run):
    code, out, _ = run("new", "person", "007", "--root", str(sample_copy), "--name", "王小二", "--section", "mishu", "--post", "科员")
    assert code == 0
    text = (sample_copy / "scorecards/2026/people/007.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../.schemas/person.schema.json")
    assert "id: '007'" in text and "亮标准" in text and "自我评议" in text
    assert validate_portal(sample_copy).ok


def test_new_person_never_overwrites(sample_copy, run):
    before = (sample_copy / "scorecards/2026/people/luofang.yaml").read_bytes()
    code, _, err = run("new", "person", "luofang", "--root", str(sample_copy), "--name", "x", "--section", "mishu", "--post", "y")
    assert code == 1 and "已经存在" in err
    assert (sample_copy / "scorecards/2026/people/luofang.yaml").read_bytes() == before


def test_new_person_refuses_an_unknown_section(sample_copy, run):
    code, _, err = run("new", "person", "newbie", "--root", str(sample_copy), "--name", "x", "--section", "caiwu", "--post", "y")
    assert code == 1 and "caiwu" in err and "mishu" in err


def test_new_cycle_starts_from_the_previous_settings_and_org(sample_copy, run):
    code, _, _ = run("new", "cycle", "2027", "--root", str(sample_copy), "--carry-standards")
    assert code == 0
    report = validate_portal(sample_copy)
    assert report.ok, [p.as_text("en") for p in report.problems]
    new, old = report.portal.cycles["2027"], report.portal.cycles["2026"]
    assert new.settings.status == "open" and new.settings.title.startswith("2027")
    assert str(new.settings.period.start) == "2027-01-01"
    assert new.org == old.org and new.settings.scale == old.settings.scale
    assert new.people["luofang"].show.standards == old.people["luofang"].show.standards
    assert new.people["luofang"].self_assessment is None and not new.democratic


def test_a_new_cycle_without_standards_leaves_the_portal_valid_and_says_what_next(sample_copy, run):
    code, out, _ = run("new", "cycle", "2027", "--root", str(sample_copy))
    assert code == 0
    assert "下一步" in out and "portal new person" in out and "portal validate" in out
    report = validate_portal(sample_copy)
    assert report.ok, [p.as_text("en") for p in report.problems]
    new, old = report.portal.cycles["2027"], report.portal.cycles["2026"]
    assert set(new.people) == set(old.people)  # everyone carried over as a skeleton
    luofang = new.people["luofang"]
    assert (luofang.name, luofang.section, luofang.post) == (old.people["luofang"].name, "mishu", old.people["luofang"].post)
    assert luofang.show.standards == [] and luofang.self_assessment is None
    for command in (["validate"], ["results", "--cycle", "2026"], ["results"]):
        assert run(*command, "--root", str(sample_copy))[0] == 0, command


def test_a_colleagues_broken_file_does_not_block_new_person_or_import(sample_copy, run, tmp_path):
    broken = sample_copy / "scorecards/2026/people/luofang.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("section: mishu", "section：mishu"), encoding="utf-8")
    (sample_copy / "scorecards/2026/organizational/mishu.yaml").write_text("section: [\n", encoding="utf-8")
    code, _, err = run("new", "person", "newbie", "--root", str(sample_copy), "--name", "新人", "--section", "xinxi", "--post", "科员")
    assert code == 0, err
    assert (sample_copy / "scorecards/2026/people/newbie.yaml").is_file()
    members = [p for p in validate_portal(sample_copy).problems]  # still reported by validate
    assert any(p.path.endswith("luofang.yaml") for p in members)
    sheet = tmp_path / "ballots.csv"
    sheet.write_text("\ufeff姓名,学习,工作,贡献,践诺\n", encoding="utf-8")
    code, _, err = run("import-ballots", str(sheet), "--root", str(sample_copy), "--section", "xinxi")
    # it got past the check of the portal: what stops it now is its own target
    assert code == 1 and "xinxi.yaml 已经存在" in err and "luofang" not in err


def test_a_broken_cycle_yaml_still_stops_new_person(sample_copy, run):
    (sample_copy / "scorecards/2026/cycle.yaml").write_text("title: [\n", encoding="utf-8")
    code, _, err = run("new", "person", "newbie", "--root", str(sample_copy), "--name", "新人", "--section", "xinxi", "--post", "科员")
    assert code == 1 and "cycle.yaml" in err
    assert not (sample_copy / "scorecards/2026/people/newbie.yaml").exists()


# -- ownership -----------------------------------------------------------------------------------------


def test_codeowners_lines_match_the_accounts(sample_copy, run):
    code, out, _ = run("codeowners", "--root", str(sample_copy))
    assert code == 0
    lines = [line for line in out.splitlines() if not line.startswith("#")]
    assert lines[0] == "* @rsc-zhao @rsc-qian"
    card = yaml.safe_load((sample_copy / "scorecards/2026/people/luofang.yaml").read_text(encoding="utf-8"))
    assert f"/scorecards/2026/people/luofang.yaml @{card['account']} @rsc-zhao @rsc-qian" in lines
    assert "/scorecards/2026/organizational/mishu.yaml @wangjianguo @rsc-zhao @rsc-qian" in lines
    assert not any("/scorecards/2025/" in line for line in lines)  # a closed cycle stays with the organisers
    assert not any("/democratic/" in line for line in lines)  # ballots: organisers only


def test_codeowners_says_what_it_enforces_and_who_has_no_line(sample_copy, run):
    code, out, err = run("codeowners", "--root", str(sample_copy))
    assert "任意一人" in out and "没有 account" in out and "portal check-changes" in out
    assert "2026/2024001" in out and "2026/2024001" in err  # the person without account: in the file and warned


def test_maintainers_own_what_lies_outside_the_scorecards(sample_copy, run):
    edit(sample_copy / "scorecards/2026/org.yaml", "organisers: [rsc-zhao, rsc-qian]", "organisers: [rsc-zhao, rsc-qian]\nmaintainers: [it-wang]")
    lines = [line for line in run("codeowners", "--root", str(sample_copy))[1].splitlines() if not line.startswith("#")]
    assert lines[:3] == ["* @rsc-zhao @rsc-qian @it-wang", "/scorecards/ @rsc-zhao @rsc-qian",
                         "/scorecards/schemas/ @rsc-zhao @rsc-qian @it-wang"]


def test_codeowners_check_fails_on_a_stale_file(sample_copy, run):
    target = sample_copy / ".github/CODEOWNERS"
    target.parent.mkdir()
    assert run("codeowners", "--root", str(sample_copy), "--output", str(target))[0] == 0
    assert run("codeowners", "--root", str(sample_copy), "--check")[0] == 0
    edit(sample_copy / "scorecards/2026/people/luofang.yaml", "account: luofang", "account: luofang-new")
    code, _, err = run("codeowners", "--root", str(sample_copy), "--check")
    assert code == 1 and "不是最新的" in err and ".github/CODEOWNERS" in err


def test_an_account_must_be_a_user_name(sample_copy):
    edit(sample_copy / "scorecards/2026/people/luofang.yaml", "account: luofang", "account: 罗 芳")
    [problem] = [p for p in validate_portal(sample_copy).problems if p.severity == "error"]
    assert problem.key == "account.invalid" and problem.path.endswith("luofang.yaml")


# -- CI templates --------------------------------------------------------------------------------------------


def portal_commands(lines: list[str]) -> list[list[str]]:
    found = []
    for line in lines:
        for part in re.split(r"&&|;", line):
            words = shlex.split(part.strip()) if part.strip() else []
            if words[:1] == ["portal"]:
                found.append(words[1:])
    return found


def assert_commands_exist(commands: list[list[str]]) -> None:
    assert commands
    for words in commands:
        name = words[0]
        assert name in cli.commands, name
        options = {w.split("=")[0] for w in words[1:] if w.startswith("--")}
        known = {o for p in cli.commands[name].params for o in getattr(p, "opts", [])}
        assert options <= known, (name, options - known)


def test_github_and_gitea_workflow_calls_only_existing_commands():
    workflow = yaml.safe_load((REPO / ".github/workflows/portal.yml").read_text(encoding="utf-8"))
    assert set(workflow["jobs"]) == {"check", "publish"} and True in workflow  # `on:` is read as True by YAML 1.1
    runs = [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    assert_commands_exist(portal_commands(runs))
    assert any("check-changes" in r for r in runs) and any("build" in r for r in runs)


def test_gitlab_ci_calls_only_existing_commands():
    config = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    scripts = [line for job in ("check", "publish", "codeowners") for line in config[job]["script"]]
    assert_commands_exist(portal_commands(scripts + config["default"]["before_script"]))
    assert config["stages"] == ["check", "publish"]


def check_changes_call(lines: list[str]) -> list[str]:
    [words] = [w for w in portal_commands(lines) if w[0] == "check-changes"]
    return words


def test_the_ci_templates_pass_the_author_to_check_changes():
    workflow = yaml.safe_load((REPO / ".github/workflows/portal.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    words = check_changes_call([step["run"] for step in steps if "run" in step])
    assert words.count("--author") == 2 and "$GITHUB_ACTOR" in words and "$PR_AUTHOR" in words
    [step] = [step for step in steps if "check-changes" in step.get("run", "")]
    assert step["env"]["PR_AUTHOR"] == "${{ github.event.pull_request.user.login }}"
    gitlab = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert "$GITLAB_USER_LOGIN" in check_changes_call(gitlab["check"]["script"])


def test_the_ci_templates_put_problems_where_the_author_works():
    workflow = yaml.safe_load((REPO / ".github/workflows/portal.yml").read_text(encoding="utf-8"))
    commands = portal_commands([step["run"] for step in workflow["jobs"]["check"]["steps"] if "run" in step])
    assert ["validate", "--format", "github"] in commands
    assert check_changes_call([" ".join(shlex.quote(w) for w in ["portal", *c]) for c in commands])[-2:] == ["--format", "github"]
    gitlab = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert ["validate", "--format", "gitlab", ">", "gl-code-quality-report.json", "||", "true"] in portal_commands(gitlab["check"]["script"])
    assert gitlab["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"


def test_the_ci_templates_check_that_codeowners_is_current():
    workflow = yaml.safe_load((REPO / ".github/workflows/portal.yml").read_text(encoding="utf-8"))
    runs = [step["run"] for step in workflow["jobs"]["publish"]["steps"] if "run" in step]
    assert ["codeowners", "--check"] in portal_commands(runs)
    gitlab = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert ["codeowners", "--check", "--output", ".gitlab/CODEOWNERS"] in portal_commands(gitlab["codeowners"]["script"])


@pytest.mark.parametrize("path", [".github/CODEOWNERS", ".gitlab/CODEOWNERS"])
def test_the_shipped_codeowners_is_current(run, path):
    code, out, err = run("codeowners", "--root", str(REPO), "--check", "--output", str(REPO / path))
    assert code == 0, err


def test_pre_commit_runs_validate():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [hook] = config["repos"][0]["hooks"]
    assert_commands_exist(portal_commands([hook["entry"]]))


# -- ballot import -------------------------------------------------------------------------------------------

DIMENSION_HEADERS = {"learning": "比学习", "work": "比工作", "contribution": "比奉献", "fulfilment": "践诺"}


def survey_rows(portal_root: Path) -> tuple[list[str], list[list[str]]]:
    """The sample's mishu tallies spread back over single ballots, as a survey tool exports them, with a time and a
    rater column: ballot i carries the i-th rating of every person counted at least i+1 times, so each person
    with fewer ballots is left out of the last ones (as when people do not rate themselves)."""
    tallies = yaml.safe_load((portal_root / "scorecards/2026/democratic/mishu.yaml").read_text(encoding="utf-8"))["tallies"]
    cycle = validate_portal(portal_root).portal.cycles["2026"]
    members = sorted(p for p, person in cycle.people.items() if person.section == "mishu")
    spread = {p: {d: [level for level, n in tallies[p][d].items() for _ in range(n)] for d in DIMS} for p in members}
    count = max(len(spread[p]["fulfilment"]) for p in members)
    header = ["提交时间", "填表人"] + [f"{cycle.people[p].name}-{DIMENSION_HEADERS[d]}" for p in members for d in DIMS]
    rows = [[f"2026-12-{i + 1:02d} 09:00", f"评议人甲{i}"]
            + [rotated(spread[p][d], i, k) for k, p in enumerate(members) for d in DIMS] for i in range(count)]
    return header, rows


def rotated(ratings: list[str], ballot: int, person: int) -> str:
    """The rating of a person on a ballot, each person's list turned by their place, so that no ballot gathers
    everyone's best ratings (which the sample's max_top_share would void)."""
    if ballot >= len(ratings):
        return ""
    return ratings[(ballot + 2 * person) % len(ratings)]


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def results_2026(root: Path) -> list[dict]:
    return person_records(aggregate_cycle(validate_portal(root).portal.cycles["2026"]))


def test_an_imported_survey_gives_the_results_of_the_ballots_written_by_hand(sample_copy, tmp_path, run):
    expected = results_2026(sample_copy)
    table = write_csv(tmp_path / "survey.csv", *survey_rows(sample_copy))
    code, out, _ = run("import-ballots", str(table), "--root", str(sample_copy), "--section", "mishu", "--force", "--issued", "7")
    assert code == 0 and "收回 7 张，有效 7 张，废票 0 张" in out and "发出 7 张，回收率 100.0%" in out
    assert results_2026(sample_copy) == expected
    written = (sample_copy / "scorecards/2026/democratic/mishu.yaml").read_text(encoding="utf-8")
    assert "评议人甲" not in written and "2026-12-01" not in written  # raters and times are dropped


def test_an_xlsx_export_in_gbk_free_form_headers_imports_too(sample_copy, tmp_path, run):
    from openpyxl import Workbook

    expected = results_2026(sample_copy)
    header, rows = survey_rows(sample_copy)
    header = [h if "-" not in h else f"请评价{h.split('-')[0]}的【{h.split('-')[1]}】" for h in header]
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "survey.xlsx")
    assert run("import-ballots", str(tmp_path / "survey.xlsx"), "--root", str(sample_copy), "--section", "mishu", "--force")[0] == 0
    assert results_2026(sample_copy) == expected


def test_an_incomplete_row_is_refused_with_its_row_number(sample_copy, tmp_path, run):
    header, rows = survey_rows(sample_copy)
    column = header.index(next(h for h in header if h.endswith("-践诺")))
    rows[2][column] = ""
    before = (sample_copy / "scorecards/2026/democratic/mishu.yaml").read_bytes()
    code, _, err = run("import-ballots", str(write_csv(tmp_path / "s.csv", header, rows, "gb18030")),
                       "--root", str(sample_copy), "--section", "mishu", "--force")
    assert code == 1 and "s.csv:4:" in err and "践诺" not in err.split("缺少")[0] and "fulfilment" in err
    assert (sample_copy / "scorecards/2026/democratic/mishu.yaml").read_bytes() == before


def test_an_invalid_rating_is_refused_with_row_and_column(sample_copy, tmp_path, run):
    header, rows = survey_rows(sample_copy)
    rows[0][2] = "很好"
    code, _, err = run("import-ballots", str(write_csv(tmp_path / "s.csv", header, rows)),
                       "--root", str(sample_copy), "--section", "mishu", "--force")
    assert code == 1 and "s.csv:2:3:" in err and "很好" in err


def test_an_existing_file_is_kept_without_force(sample_copy, tmp_path, run):
    table = write_csv(tmp_path / "survey.csv", *survey_rows(sample_copy))
    code, _, err = run("import-ballots", str(table), "--root", str(sample_copy), "--section", "mishu")
    assert code == 1 and "--force" in err


def test_a_paper_tally_sheet_imports_as_tallies(sample_copy, tmp_path, run):
    expected = results_2026(sample_copy)
    tallies = yaml.safe_load((sample_copy / "scorecards/2026/democratic/xinxi.yaml").read_text(encoding="utf-8"))["tallies"]
    levels = ["好", "较好", "一般", "差"]
    cycle = validate_portal(sample_copy).portal.cycles["2026"]
    rows = [[cycle.people[str(p)].name, DIMENSION_HEADERS[d]] + [str(tallies[p][d].get(level, "")) for level in levels]
            for p in tallies for d in DIMS]
    table = write_csv(tmp_path / "tally.csv", ["姓名", "维度", *levels], rows)
    assert run("import-ballots", str(table), "--root", str(sample_copy), "--section", "xinxi", "--force")[0] == 0
    assert results_2026(sample_copy) == expected
    assert "tallies:" in (sample_copy / "scorecards/2026/democratic/xinxi.yaml").read_text(encoding="utf-8")


def test_a_rater_may_leave_a_person_out(sample_copy, tmp_path, run):
    header, rows = survey_rows(sample_copy)
    for index, title in enumerate(header):
        if title.startswith("罗芳-"):
            rows[0][index] = ""
    assert run("import-ballots", str(write_csv(tmp_path / "s.csv", header, rows)), "--root", str(sample_copy),
               "--section", "mishu", "--force")[0] == 0
    luofang = next(r for r in results_2026(sample_copy) if r["id"] == "luofang")
    assert luofang["raters"] == 6


def test_all_four_helper_is_what_ballots_use():
    assert all_four("好") == dict.fromkeys(DIMS, "好")


def test_files_the_commands_write_point_at_schemas_that_exist(sample_copy, run):
    assert run("schema", "--root", str(sample_copy))[0] == 0
    assert run("new", "person", "newbie", "--root", str(sample_copy), "--name", "新人", "--section", "xinxi", "--post", "科员")[0] == 0
    assert run("new", "cycle", "2027", "--root", str(sample_copy))[0] == 0
    written = [sample_copy / "scorecards/2026/people/newbie.yaml", *(sample_copy / "scorecards/2027").rglob("*.yaml")]
    demo = sample_copy.parent / "demo"
    assert run("demo", "--people", "12", "--cycles", "1", "--out", str(demo))[0] == 0
    assert run("schema", "--root", str(demo))[0] == 0
    written += list((demo / "scorecards/2026").rglob("*.yaml"))
    kinds = set()
    for path in written:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), f"{path}: {first}"
        kinds.add(target.name)
    assert {"cycle.schema.json", "org.schema.json", "person.schema.json", "democratic.schema.json",
            "organizational.schema.json"} <= kinds


def test_portal_schema_writes_each_open_cycle_its_own_and_leaves_closed_ones(sample_copy, run):
    code, out, _ = run("schema", "--root", str(sample_copy))
    assert code == 0 and "2026/.schemas/person.schema.json" in out and "2025/" not in out
    assert not (sample_copy / "scorecards/2025/.schemas").exists()


def test_validate_warns_when_a_cycle_s_schemas_no_longer_match_its_scale(sample_copy, run):
    cycle = sample_copy / "scorecards/2026/cycle.yaml"
    cycle.write_text(cycle.read_text(encoding="utf-8").replace("较好:", "良好:"), encoding="utf-8")
    for folder in ("people", "democratic", "organizational"):
        for path in (sample_copy / "scorecards/2026" / folder).glob("*.yaml"):
            path.write_text(path.read_text(encoding="utf-8").replace("较好", "良好"), encoding="utf-8")
    code, out, _ = run("validate", "--root", str(sample_copy))
    assert code == 0 and "scorecards/2026/.schemas: 提示: 2026 年度的编辑器提示文件（.schemas/ 中的 person、democratic、organizational）" in out
    assert run("schema", "--root", str(sample_copy))[0] == 0
    assert ".schemas" not in run("validate", "--root", str(sample_copy))[1]


def test_a_new_person_in_a_cycle_without_schemas_of_its_own_points_at_the_ones_for_any_scale(sample_copy, run):
    """A portal from before the cycles had their own schemas: every modeline still resolves."""
    import shutil

    shutil.rmtree(sample_copy / "scorecards/2026/.schemas")
    assert run("new", "person", "newbie", "--root", str(sample_copy), "--name", "新人", "--section", "xinxi", "--post", "科员")[0] == 0
    first = (sample_copy / "scorecards/2026/people/newbie.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/person.schema.json"
