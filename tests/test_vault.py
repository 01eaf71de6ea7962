"""Restricted files at rest (contract v1.2): sealed for their readers, opened only with a reader's key."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from generator.pipeline.vault import RESTRICTED_FOLDERS, is_sealed_name, open_sealed

DEMO_KEYS = REPO / "demo-keys"


def key_of(account: str) -> str:
    return str(DEMO_KEYS / f"{account}.demo-key.txt")


FREE_TEXT = ("comment", "summary", "resolution", "decision")


def clear_texts(value) -> list[str]:
    """Every free text of a restricted file (comments, summaries, resolutions, decisions) of six characters or more."""
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in ([v] if k in FREE_TEXT and isinstance(v, str) and len(v) >= 6 else clear_texts(v))]
    if isinstance(value, list):
        return [t for v in value for t in clear_texts(v)]
    return []


def tracked_files() -> list[str]:
    return subprocess.run(["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True, check=True).stdout.decode().split("\0")[:-1]


# -- the repository holds nothing restricted in clear -------------------------------------------


def test_every_restricted_file_of_the_sample_is_committed_sealed():
    restricted = [p for p in tracked_files() if p.startswith("scorecards/") and len(Path(p).parts) == 4
                  and Path(p).parts[2] in RESTRICTED_FOLDERS]
    assert restricted, "the sample has restricted files"
    assert [p for p in restricted if not is_sealed_name(Path(p).name)] == []
    for path in restricted:
        assert (REPO / path).read_bytes().startswith(b"-----BEGIN AGE ENCRYPTED FILE-----")


def test_no_tracked_file_holds_a_restricted_text_of_the_sample_in_clear():
    secrets = set()
    for path in tracked_files():
        if is_sealed_name(Path(path).name):
            secrets.update(clear_texts(yaml.safe_load(open_sealed((REPO / path).read_bytes()))))
    assert len(secrets) >= 8  # the leaders' comments, the objection's summary and resolution
    found = []
    for path in tracked_files():
        if is_sealed_name(Path(path).name) or not (REPO / path).is_file():
            continue
        text = (REPO / path).read_bytes().decode("utf-8", errors="replace")
        found += [(path, s) for s in secrets if s in text]
    assert found == []


def test_git_ignores_clear_restricted_files_so_they_are_never_added_by_mistake():
    for folder in RESTRICTED_FOLDERS:
        clear = f"scorecards/2026/{folder}/mishu.yaml"
        ignored = subprocess.run(["git", "-C", str(REPO), "check-ignore", "-q", "--no-index", clear])
        assert ignored.returncode == 0, clear
    assert subprocess.run(["git", "-C", str(REPO), "check-ignore", "-q", "--no-index",
                           "scorecards/2026/democratic/mishu.yaml.age"]).returncode == 1


# -- without a key ---------------------------------------------------------------------------


def test_validation_needs_no_key_and_says_what_it_did_not_open(sealed_sample_copy, run, monkeypatch):
    monkeypatch.delenv("PORTAL_AGE_KEY_FILE")
    code, out, _ = run("validate", "--root", str(sealed_sample_copy))
    assert code == 0
    assert "16 个受限文件已加密，本次未打开" in out
    assert "收回 2 张" not in out  # nothing read from a sealed file reaches the log


def test_results_and_build_refuse_without_a_key_and_name_the_fix(sealed_sample_copy, run, monkeypatch):
    monkeypatch.delenv("PORTAL_AGE_KEY_FILE")
    for command in (["results"], ["build"]):
        code, out, err = run(*command, "--root", str(sealed_sample_copy))
        assert code == 1
        assert "PORTAL_AGE_KEY_FILE" in err and "demo-keys/" in err
        assert out == ""
    assert not (sealed_sample_copy / "site").exists()


def test_a_leader_opens_only_the_review_of_their_own_section(sealed_sample_copy, monkeypatch):
    monkeypatch.setenv("PORTAL_AGE_KEY_FILE", key_of("wangjianguo"))  # leader of mishu
    folder = sealed_sample_copy / "scorecards" / "2026"
    assert open_sealed((folder / "organizational" / "mishu.yaml.age").read_bytes()) is not None
    assert open_sealed((folder / "organizational" / "zonghe.yaml.age").read_bytes()) is None
    assert open_sealed((folder / "democratic" / "mishu.yaml.age").read_bytes()) is None
    assert open_sealed((folder / "objections" / "1.yaml.age").read_bytes()) is None


def test_an_organiser_opens_every_restricted_file(sealed_sample_copy, monkeypatch):
    monkeypatch.setenv("PORTAL_AGE_KEY_FILE", key_of("rsc-qian"))
    for path in sorted((sealed_sample_copy / "scorecards").glob("*/*/*.yaml.age")):
        assert open_sealed(path.read_bytes()) is not None, path


def test_results_with_a_reader_key_equal_results_from_the_clear_files(sealed_sample_copy, sample_copy, run):
    sealed = run("results", "--root", str(sealed_sample_copy))
    clear = run("results", "--root", str(sample_copy))
    assert sealed[0] == clear[0] == 0
    assert json.loads(sealed[1]) == json.loads(clear[1])


def test_a_wrong_key_file_gets_a_clear_message(sealed_sample_copy, run, monkeypatch, tmp_path):
    bad = tmp_path / "key.txt"
    bad.write_text("AGE-SECRET-KEY-1NOTAKEY\n", encoding="utf-8")
    monkeypatch.setenv("PORTAL_AGE_KEY_FILE", str(bad))
    code, _, err = run("validate", "--root", str(sealed_sample_copy))
    assert code == 1
    assert "没有可用的私钥" in err and "Traceback" not in err


def test_a_sealed_name_holding_clear_text_is_an_error_not_a_crash(sealed_sample_copy, run):
    target = sealed_sample_copy / "scorecards" / "2026" / "democratic" / "mishu.yaml.age"
    target.write_text("section: mishu\ntallies: {}\n", encoding="utf-8")
    code, out, _ = run("validate", "--root", str(sealed_sample_copy))
    assert code == 1
    assert "scorecards/2026/democratic/mishu.yaml.age: 错误: 这个以 .age 结尾的文件不是加密文件" in out


def test_a_file_kept_both_clear_and_sealed_is_an_error(sealed_sample_copy, run):
    folder = sealed_sample_copy / "scorecards" / "2026" / "democratic"
    (folder / "mishu.yaml").write_bytes(open_sealed((folder / "mishu.yaml.age").read_bytes()))
    code, out, _ = run("validate", "--root", str(sealed_sample_copy))
    assert code == 1
    assert "是同一文件的明文和加密两种形式" in out


# -- the organisers' one command: open, edit, seal again -------------------------------------------


def edited_review(root: Path, old: str, new: str) -> Path:
    text = open_sealed((root / "scorecards/2026/organizational/mishu.yaml.age").read_bytes()).decode()
    assert old in text
    draft = root.parent / "edited.yaml"
    draft.write_text(text.replace(old, new, 1), encoding="utf-8")
    return draft


def test_sealed_edit_checks_shows_the_diff_and_seals_for_the_same_readers(sealed_sample_copy, run, monkeypatch):
    monkeypatch.setenv("PORTAL_AGE_KEY_FILE", key_of("rsc-zhao"))
    target = sealed_sample_copy / "scorecards/2026/organizational/mishu.yaml.age"
    text = open_sealed(target.read_bytes()).decode()
    comment = yaml.safe_load(text)["section_review"]["comment"]
    draft = edited_review(sealed_sample_copy, comment, "全年工作扎实，重点突出")
    code, out, err = run("sealed", "edit", str(target), "--root", str(sealed_sample_copy), "--from", str(draft))
    assert code == 0, err
    assert f"-section_review: {{score: 94, comment: {comment}}}" in out.splitlines()
    assert "+section_review: {score: 94, comment: 全年工作扎实，重点突出}" in out.splitlines()
    assert "已加密保存 scorecards/2026/organizational/mishu.yaml.age" in out
    assert target.read_bytes().startswith(b"-----BEGIN AGE ENCRYPTED FILE-----")
    assert b"\xe5\x85\xa8\xe5\xb9\xb4" not in target.read_bytes()  # no clear text at rest
    monkeypatch.setenv("PORTAL_AGE_KEY_FILE", key_of("wangjianguo"))  # the section's leader still reads it
    assert "全年工作扎实，重点突出" in open_sealed(target.read_bytes()).decode()
    monkeypatch.setenv("PORTAL_AGE_KEY_FILE", key_of("liuzhijun"))  # another section's leader does not
    assert open_sealed(target.read_bytes()) is None


def test_sealed_edit_with_an_error_writes_nothing_and_keeps_the_draft(sealed_sample_copy, run, monkeypatch):
    monkeypatch.setenv("PORTAL_AGE_KEY_FILE", key_of("rsc-zhao"))
    target = sealed_sample_copy / "scorecards/2026/organizational/mishu.yaml.age"
    before = target.read_bytes()
    draft = edited_review(sealed_sample_copy, "section: mishu", "section: nosuch")
    code, _, err = run("sealed", "edit", str(target), "--root", str(sealed_sample_copy), "--from", str(draft))
    assert code == 1
    assert target.read_bytes() == before
    kept = Path(err.split("你的修改保存在 ")[1].split("（")[0])
    assert kept.read_text(encoding="utf-8") == draft.read_text(encoding="utf-8")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert not kept.is_relative_to(sealed_sample_copy)
    assert "scorecards/2026/organizational/mishu.yaml.age:" in err


def test_sealed_edit_refuses_a_list_of_single_ballots(sealed_sample_copy, run, monkeypatch):
    monkeypatch.setenv("PORTAL_AGE_KEY_FILE", key_of("rsc-zhao"))
    target = sealed_sample_copy / "scorecards/2026/democratic/xinxi.yaml.age"
    before = target.read_bytes()
    draft = sealed_sample_copy.parent / "ballots.yaml"
    ballot = {d: "好" for d in ("learning", "work", "contribution", "fulfilment")}
    draft.write_text(yaml.safe_dump({"section": "xinxi", "ballots": [{"lilei": ballot}] * 3}, allow_unicode=True), encoding="utf-8")
    code, _, err = run("sealed", "edit", str(target), "--root", str(sealed_sample_copy), "--from", str(draft))
    assert code == 1
    assert "逐张选票能看出谁投了哪一张" in err
    assert target.read_bytes() == before


def test_a_reader_who_cannot_open_the_file_is_told_so(sealed_sample_copy, run, monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_AGE_KEY_FILE", key_of("liuzhijun"))
    target = sealed_sample_copy / "scorecards/2026/democratic/mishu.yaml.age"
    draft = tmp_path / "x.yaml"
    draft.write_text("section: mishu\n", encoding="utf-8")
    code, _, err = run("sealed", "edit", str(target), "--root", str(sealed_sample_copy), "--from", str(draft))
    assert code == 1
    assert "本机的密钥打不开 scorecards/2026/democratic/mishu.yaml.age" in err


def test_sealed_edit_through_an_editor_command(sealed_sample_copy, run, monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_AGE_KEY_FILE", key_of("rsc-zhao"))
    script = tmp_path / "editor.py"
    script.write_text("import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
                      "p.write_text(p.read_text(encoding='utf-8').replace('异议不成立。', '异议不成立（已复核）。'), encoding='utf-8')\n",
                      encoding="utf-8")
    target = sealed_sample_copy / "scorecards/2026/objections/1.yaml.age"
    assert "异议不成立。" in open_sealed(target.read_bytes()).decode()
    code, out, err = run("sealed", "edit", str(target), "--root", str(sealed_sample_copy), "--editor", f"{sys.executable} {script}")
    assert code == 0, err
    assert "+resolution: " in out and "异议不成立（已复核）。" in out and "-resolution: " in out
    assert "异议不成立（已复核）。" in open_sealed(target.read_bytes()).decode()


def test_git_diff_shows_readers_the_clear_change(sealed_sample_copy, run, monkeypatch):
    root = sealed_sample_copy
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}", "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    code, _, _ = run("sealed", "setup-git", "--root", str(root))
    assert code == 0
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "commit", "-qm", "x"], check=True, env=env)
    monkeypatch.setenv("PORTAL_AGE_KEY_FILE", key_of("rsc-zhao"))
    target = root / "scorecards/2026/objections/1.yaml.age"
    draft = root.parent / "o.yaml"
    draft.write_text(open_sealed(target.read_bytes()).decode().replace("status: dismissed", "status: upheld"), encoding="utf-8")
    assert run("sealed", "edit", str(target), "--root", str(root), "--from", str(draft))[0] == 0
    env["PORTAL_AGE_KEY_FILE"] = key_of("rsc-zhao")
    diff = subprocess.run(["git", "-C", str(root), "diff"], capture_output=True, text=True, env=env, check=True).stdout
    assert "+status: upheld" in diff and "-status: dismissed" in diff
    env["PORTAL_AGE_KEY_FILE"] = key_of("liuzhijun")  # not a reader: no clear text, one line instead
    diff = subprocess.run(["git", "-C", str(root), "diff"], capture_output=True, text=True, env=env, check=True).stdout
    assert "status: upheld" not in diff and "你的密钥打不开它" in diff


# -- import-ballots and tally-ballots write the sealed form --------------------------------------


def test_import_ballots_writes_sealed_tallies(sealed_sample_copy, run, tmp_path):
    folder = sealed_sample_copy / "scorecards" / "2026" / "democratic"
    members = [pid for pid, section in people_sections(sealed_sample_copy).items() if section == "xinxi"]
    table = tmp_path / "survey.csv"
    header = ",".join(f"{pid}-{word}" for pid in members for word in ("学习", "工作", "奉献", "践诺"))
    rows = [",".join(level for _ in members for level in (first, "较好", "一般", "较好")) for first in ("好", "较好", "一般", "好")]
    table.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    (folder / "xinxi.yaml.age").unlink()
    code, out, err = run("import-ballots", str(table), "--root", str(sealed_sample_copy), "--section", "xinxi", "--issued", "4")
    assert code == 0, err
    assert "scorecards/2026/democratic/xinxi.yaml.age" in out
    assert not (folder / "xinxi.yaml").exists()
    assert (folder / "xinxi.yaml.age").read_bytes().startswith(b"-----BEGIN AGE ENCRYPTED FILE-----")
    assert "tallies" in open_sealed((folder / "xinxi.yaml.age").read_bytes()).decode()


def people_sections(root: Path) -> dict[str, str]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["section"] for p in (root / "scorecards/2026/people").glob("*.yaml")}


# -- your own key --------------------------------------------------------------------------


def test_keys_new_writes_a_private_file_outside_the_repository(run, tmp_path):
    code, out, _ = run("keys", "new")
    assert code == 0
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "evaluation-portal" / "age-key.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    public = out.split("你的公钥：")[1].split()[0]
    assert public.startswith("age1") and public in path.read_text(encoding="utf-8")
    code, _, err = run("keys", "new")
    assert code == 1 and "没有覆盖" in err
    code, _, err = run("keys", "new", "--out", str(REPO / "scorecards" / "my-key.txt"))
    assert code == 1 and "私钥不能放在仓库中" in err
    assert not (REPO / "scorecards" / "my-key.txt").exists()


def test_recipients_file_with_a_broken_key_names_its_line(sealed_sample_copy, run):
    path = sealed_sample_copy / "scorecards" / "recipients.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  rsc-qian: age1", "  rsc-qian: agex"), encoding="utf-8")
    code, out, _ = run("validate", "--root", str(sealed_sample_copy))
    assert code == 1
    line = next(i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "rsc-qian" in t)
    assert f"scorecards/recipients.yaml:{line}:" in out and "不是 age 公钥" in out


@pytest.mark.parametrize("account", ["rsc-zhao", "build"])
def test_demo_keys_are_called_demo_keys(account):
    assert "DEMO KEY" in Path(key_of(account)).read_text(encoding="utf-8")
