"""`portal validate --format github|gitlab`, and validating one file or one cycle folder."""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.problems import Problem
from generator.workflow.ci_formats import escape_data, escape_property, github_commands

INJECTION = 'x\n::error file=evil.yaml,line=1::pwned\r\n::stop-commands::t%0A'


def test_github_escapes_what_its_toolkit_escapes():
    assert escape_data("100% a\r\nb") == "100%25 a%0D%0Ab"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_a_value_in_a_message_cannot_start_a_second_workflow_command():
    problem = Problem("scorecards/2026/people/x.yaml", 3, 7, "value.not_text", {"field": INJECTION})
    out = github_commands([problem], "zh")
    assert out.count("\n") == 1 and out.startswith("::error file=scorecards/2026/people/x.yaml,line=3,col=7,title=")
    assert "%0A::error file=evil.yaml" in out and "%250A" in out  # shown literally, escaped


def test_a_hostile_file_name_stays_one_property():
    problem = Problem("scorecards/2026/people/a,line=9::b.yaml", None, None, "file.empty")
    [line] = github_commands([problem], "zh").splitlines()
    properties = line.split("::")[1]
    assert properties.startswith("error file=scorecards/2026/people/a%2Cline=9%3A%3Ab.yaml,title=")


def test_validate_github_from_a_hostile_scorecard(minimal, run):
    minimal.raw("people/zhangsan.yaml", "id: zhangsan\nname: 张三\nsection: mishu\npost: 科员\nshow: {}\n"
                f'{json.dumps(INJECTION)}: 1\n')
    code, out, _ = run("validate", "--root", str(minimal.root), "--format", "github")
    assert code == 1
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert len(commands) == 1
    assert re.match(r"::error file=scorecards/2026/people/zhangsan\.yaml,line=6,col=1,title=[^:]+::", commands[0])
    assert not any(line.startswith("::") for line in out.splitlines() if line not in commands)


def test_validate_gitlab_writes_a_code_quality_report(minimal, run):
    minimal.raw("people/zhangsan.yaml", "id: zhangsan\nname: 张三\nsection: nosuch\npost: 科员\nshow: {}\n")
    code, out, _ = run("validate", "--root", str(minimal.root), "--format", "gitlab")
    assert code == 1
    [entry] = [e for e in json.loads(out) if e["location"]["path"].endswith("zhangsan.yaml")]
    assert set(entry) == {"description", "check_name", "fingerprint", "severity", "location"}
    assert entry["location"] == {"path": "scorecards/2026/people/zhangsan.yaml", "lines": {"begin": 3}}
    assert entry["severity"] == "major" and entry["check_name"] == "section.unknown" and "nosuch" in entry["description"]
    again = json.loads(run("validate", "--root", str(minimal.root), "--format", "gitlab")[1])
    assert entry["fingerprint"] in {e["fingerprint"] for e in again}  # stable across runs


def test_a_clean_portal_gives_an_empty_gitlab_report(minimal, run):
    code, out, _ = run("validate", "--root", str(minimal.root), "--format", "gitlab")
    assert (code, json.loads(out)) == (0, [])


def test_validate_one_file_lists_only_its_problems(minimal, run, monkeypatch):
    minimal.raw("people/zhangsan.yaml", "id: zhangsan\nname: 张三\nsection: nosuch\npost: 科员\nshow: {}\n")
    minimal.raw("people/lisi.yaml", "id: lisi\nname: 李四\nsection: mishu\npost: 科员\nshow: {}\nunknown: 1\n")
    monkeypatch.chdir(minimal.root)
    code, out, err = run("validate", "scorecards/2026/people/lisi.yaml")
    assert code == 1 and err == ""
    assert "lisi.yaml:6" in out and "zhangsan.yaml" not in out
    code, out, _ = run("validate", str(minimal.root / "scorecards/2026/people/zhangsan.yaml"))
    assert code == 1 and "zhangsan.yaml:3" in out and "lisi.yaml" not in out


def test_validate_one_good_file_passes_while_a_colleague_is_broken(minimal, run):
    minimal.raw("people/lisi.yaml", "id: lisi\nname: 李四\nsection: mishu\npost: 科员\nshow: {}\nunknown: 1\n")
    code, out, _ = run("validate", str(minimal.root / "scorecards/2026/people/zhangsan.yaml"))
    assert code == 0 and "lisi" not in out


def test_validate_a_cycle_folder_and_a_missing_path(minimal, run):
    minimal.raw("people/lisi.yaml", "id: lisi\nname: 李四\nsection: mishu\npost: 科员\nshow: {}\nunknown: 1\n")
    code, out, _ = run("validate", str(minimal.root / "scorecards/2026"))
    assert code == 1 and "lisi.yaml" in out
    code, _, err = run("validate", str(minimal.root / "scorecards/2026/people/nobody.yaml"))
    assert code == 1 and "找不到" in err and "Error" not in err


def yaml_files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.suffix == ".yaml")


def test_the_summary_counts_the_files_reported_on_one_file_a_cycle_or_all(sample_copy, run):
    scorecards = sample_copy / "scorecards"
    assert yaml_files(scorecards / "2025") and yaml_files(scorecards / "2026")  # two cycles, so the counts differ
    for path, files in ((scorecards / "2026/people/luofang.yaml", 1),
                        (scorecards / "2026", yaml_files(scorecards / "2026")),
                        (scorecards / "2025", yaml_files(scorecards / "2025")),
                        (sample_copy, yaml_files(scorecards))):
        out = run("validate", str(path))[1]
        assert f"共检查 {files} 个文件" in out or f"检查通过：{files} 个文件" in out, (path, out)
        out = run("--lang", "en", "validate", str(path))[1]
        assert f"Checked {files} file(s)" in out or f"All good: checked {files} file(s)" in out, (path, out)


def test_the_summary_of_one_file_counts_the_cycle_settings_whose_problems_it_lists(minimal, run):
    minimal.raw("people/lisi.yaml", "id: lisi\nname: 李四\nsection: mishu\npost: 科员\nshow: {}\nunknown: 1\n")
    cycle = minimal.folder("2026") / "cycle.yaml"
    cycle.write_text(cycle.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    code, out, _ = run("validate", str(minimal.root / "scorecards/2026/people/lisi.yaml"))
    assert code == 1 and "lisi.yaml:6" in out and "cycle.yaml" in out and "zhangsan" not in out
    assert "共检查 2 个文件" in out


def test_a_path_holding_no_scorecard_checks_no_file(sample_copy, run):
    out = run("validate", str(sample_copy / "content"))[1]
    assert "检查通过：0 个文件" in out


# -- restricted files: a message names the place, never the content (contract v1.2, issue 18) -----------------


def test_a_problem_in_a_restricted_file_quotes_nothing_of_it_in_any_format(minimal, run):
    """CI logs and annotations are read by every member: a ballot file's level, counts and reviewer stay out."""
    minimal.write("democratic/mishu.yaml", {"section": "mishu", "issued": 3, "returned": 98765, "void": 0,
                                            "tallies": {"zhangsan": {d: {"机密等次": 3} for d in ("learning", "work", "contribution", "fulfilment")}}})
    review = minimal.folder("2026") / "organizational/mishu.yaml"
    review.write_text(review.read_text(encoding="utf-8").replace("reviewer: mishu领导", "reviewer: 假冒领导甲", 1), encoding="utf-8")
    for fmt in ("text", "json", "github", "gitlab"):
        code, out, _ = run("validate", "--root", str(minimal.root), "--format", fmt)
        assert code == 1 and "democratic/mishu.yaml" in out, fmt
        assert "机密等次" not in out and "98765" not in out and "假冒领导甲" not in out, fmt
        assert "…" in out, fmt


def test_a_problem_in_a_public_file_still_shows_the_value_to_fix():
    problem = Problem("scorecards/2026/people/a.yaml", 3, 7, "tally.level_unknown", {"value": "很好", "levels": "好、较好"})
    assert "很好" in problem.message("zh")
    restricted = Problem("scorecards/2026/appeals/1.yaml.age", 3, 7, "tally.level_unknown", {"value": "很好", "levels": "好、较好"})
    assert "很好" not in restricted.message("zh") and "好、较好" in restricted.message("zh") and restricted.location().endswith(":3:7")
