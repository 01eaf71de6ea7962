"""The `portal` command: exit codes, formats, languages, and the words people read."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import REPO


def test_validate_clean_portal_exits_0_with_a_summary(minimal, run):
    code, out, _ = run("validate", str(minimal.root))
    assert code == 0 and "检查通过" in out


def test_validate_runs_in_the_portal_root_by_default(minimal, run, monkeypatch):
    monkeypatch.chdir(minimal.root)
    assert run("validate")[0] == 0


def test_validate_lists_problems_as_path_line_column_and_exits_1(minimal, run):
    minimal.raw("people/lisi.yaml", "id: lisi\nname: 李四\nsection: mishu\npost：科员\n")
    code, out, _ = run("validate", "--root", str(minimal.root))
    assert code == 1
    assert "scorecards/2026/people/lisi.yaml:4:5: 错误: 字段名“post”后面用了中文冒号" in out


def test_english_with_the_flag_or_the_environment(minimal, run, monkeypatch):
    minimal.raw("people/lisi.yaml", "id: lisi\nname: 李四\nsection: mishu\npost：科员\n")
    assert "full-width colon" in run("--lang", "en", "validate", str(minimal.root))[1]
    monkeypatch.setenv("PORTAL_LANG", "en")
    assert "full-width colon" in run("validate", str(minimal.root))[1]


def test_json_format_for_ci_annotations(minimal, run):
    minimal.raw("people/wangwu.yaml", "id: wangwu\nname: 王五\nsection: caiwu\npost: 科员\nshow: {}\n")
    code, out, _ = run("validate", str(minimal.root), "--format", "json")
    assert code == 1
    [problem] = json.loads(out)
    assert problem == {"path": "scorecards/2026/people/wangwu.yaml", "line": 3, "column": 10, "severity": "error",
                       "code": "section.unknown", "message": problem["message"]}
    assert "caiwu" in problem["message"]


def test_not_a_portal_says_where_to_run(tmp_path, run):
    code, _, err = run("validate", str(tmp_path))
    assert code == 1 and "scorecards/" in err and "Traceback" not in err


def test_commands_refuse_an_invalid_portal_with_its_problems(minimal, run):
    minimal.person("zhangsan", section="caiwu")
    code, _, err = run("results", "--root", str(minimal.root))
    assert code == 1 and "section" not in err.split("\n")[-1] and "portal validate" in err


def test_the_installed_command_never_shows_a_traceback_on_bad_input(minimal):
    minimal.raw("people/lisi.yaml", b"\xff\xfe garbage \x00")
    result = subprocess.run([sys.executable, "-m", "generator", "validate", str(minimal.root)],
                            capture_output=True, text=True, env={**os.environ, "PORTAL_LANG": "zh"}, cwd=REPO)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "lisi.yaml" in result.stdout


def test_every_command_has_help_text(run):
    from generator.cli import cli

    for name, command in cli.commands.items():
        assert command.help, name
        code, out, _ = run(name, "--help")
        assert code == 0 and "Usage" in out


def test_validate_with_warnings_only_says_the_files_may_go_in(minimal, run):
    minimal.write("organizational/mishu.yaml", {"section": "mishu", "reviewer": "另一位领导",
                                                 "people": {"zhangsan": {"learning": "好", "work": "好", "contribution": "好",
                                                                         "fulfilment": "好"}}})
    code, out, _ = run("validate", "--root", str(minimal.root))
    assert code == 0 and "提示" in out
    assert out.rstrip().endswith("没有错误，有 1 个提示：可以提交；上面的提示请看一看，需要时再修改。")
    assert "请按上面的说明逐条修改后再提交" not in out
    code, out, _ = run("validate", "--root", str(minimal.root), "--strict")  # warnings fail: they must be fixed
    assert code == 1 and "请按上面的说明逐条修改后再提交" in out
