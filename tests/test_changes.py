"""`portal check-changes` as an authorisation gate: real git repositories, a base branch and pull-request commits.

The sample's accounts: organisers rsc-zhao and rsc-qian; linmin, luofang and
lintao are members of mishu, whose leader is wangjianguo; 2024001 has no account.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, open_restricted_files

from generator.pipeline.validate import validate_portal

GIT = ["git", "-c", "user.email=test@example.org", "-c", "user.name=test", "-c", "core.quotepath=true"]
SELF = "self:\n  scores: {learning: 好, work: 好, contribution: 好, fulfilment: 好}\n"


def git(root: Path, *args: str) -> str:
    return subprocess.run([*GIT, "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture(autouse=True)
def no_ci_author(monkeypatch):
    """The tests name their authors; a CI running them must not lend its own."""
    for name in ("GITHUB_ACTOR", "GITEA_ACTOR", "GITLAB_USER_LOGIN"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository holding the sample portal on `main`, with a branch `pr` checked out."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copytree(REPO / "scorecards", root / "scorecards")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    open_restricted_files(root)  # the rules on who may change which file, told on clear files
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    git(root, "checkout", "-q", "-b", "pr")
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(repo: Path, message: str = "change") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)


def check(repo: Path, run, *authors: str, base: str = "main") -> tuple[int, list[tuple[str, str]], str]:
    """Exit code, (rule key, file) of every problem, and the Chinese text of the same check."""
    options = [word for author in authors for word in ("--author", author)]
    code, out, _ = run("check-changes", "--root", str(repo), "--base", base, "--format", "json", *options)
    found = [(p["code"], p["path"]) for p in json.loads(out)]
    _, text_out, text_err = run("check-changes", "--root", str(repo), "--base", base, *options)
    return code, found, text_out + text_err


def keys(found: list[tuple[str, str]]) -> set[str]:
    return {key for key, _ in found}


LINMIN = "scorecards/2026/people/linmin.yaml"
LUOFANG = "scorecards/2026/people/luofang.yaml"


def recount(repo: Path) -> None:
    """A change to mishu's ballots: one more ballot issued than returned."""
    edit(repo / "scorecards/2026/democratic/mishu.yaml", "issued: 7", "issued: 8")


def self_assess(repo: Path, path: str = LINMIN) -> None:
    """The person's year-end self-assessment (a note, when the file already holds one)."""
    text = (repo / path).read_text(encoding="utf-8")
    (repo / path).write_text(text + ("# 已更新自评\n" if "\nself:" in text else SELF), encoding="utf-8")


# -- what is accepted ---------------------------------------------------------------------------------


def test_a_member_may_edit_their_own_scorecard(repo, run):
    self_assess(repo)
    commit(repo)
    code, found, text = check(repo, run, "linmin")
    assert (code, found) == (0, [])
    assert "修改符合提交规则" in text and "linmin" in text


def test_the_account_compares_without_case_or_at_sign(repo, run):
    self_assess(repo)
    assert check(repo, run, "@LinMin")[0] == 0


def test_a_leader_may_send_their_sections_review(repo, run):
    edit(repo / "scorecards/2026/organizational/mishu.yaml", "section_review: {score: 94", "section_review: {score: 92")
    commit(repo)
    assert check(repo, run, "wangjianguo")[:2] == (0, [])


def test_an_organiser_may_send_ballots(repo, run):
    recount(repo)
    commit(repo)
    assert check(repo, run, "rsc-qian")[:2] == (0, [])


def test_an_organiser_may_add_a_cycle_with_many_files(repo, run):
    assert run("new", "cycle", "2027", "--root", str(repo), "--carry-standards")[0] == 0
    commit(repo)
    assert check(repo, run, "rsc-zhao")[:2] == (0, [])


def test_an_organiser_may_close_a_cycle(repo, run):
    edit(repo / "scorecards/2026/cycle.yaml", "status: open", "status: closed")
    edit(repo / "scorecards/2026/cycle.yaml", "start: 2026-12-20\n  end: 2026-12-26", "start: 2026-01-10\n  end: 2026-01-16")  # 公示 over
    commit(repo)
    assert check(repo, run, "rsc-zhao")[:2] == (0, [])


def test_a_new_person_may_add_their_own_first_file(repo, run):
    assert run("new", "person", "newbie", "--root", str(repo), "--name", "新人", "--section", "mishu", "--post", "科员")[0] == 0
    edit(repo / "scorecards/2026/people/newbie.yaml", "post: 科员", "post: 科员\naccount: newbie")
    commit(repo)
    assert check(repo, run, "newbie")[:2] == (0, [])


def test_the_sample_passes_through_the_gate_file_by_file(repo, run):
    """Every person of the open cycle can resubmit their own file; every leader their review."""
    portal = validate_portal(repo).portal
    cycle = portal.cycles["2026"]
    person = next(p for p in cycle.people.values() if p.account)
    self_assess(repo, f"scorecards/2026/people/{person.id}.yaml")
    assert check(repo, run, person.account)[:2] == (0, [])
    git(repo, "checkout", "-q", "--", ".")
    for section in cycle.org.sections:
        path = repo / f"scorecards/2026/organizational/{section.id}.yaml"
        if path.exists():
            path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
            assert check(repo, run, section.leader_account)[:2] == (0, []), section.id
            git(repo, "checkout", "-q", "--", ".")


# -- who may change what -------------------------------------------------------------------------------


def test_no_author_fails_closed(repo, run):
    self_assess(repo)
    code, found, text = check(repo, run)
    assert code == 1 and found[0] == ("changes.no_author", LINMIN)
    assert "--author" in text


def test_the_author_comes_from_the_ci_environment(repo, run, monkeypatch):
    self_assess(repo)
    monkeypatch.setenv("GITLAB_USER_LOGIN", "luofang")
    assert ("changes.rule.own_file", LINMIN) in check(repo, run)[1]
    monkeypatch.setenv("GITHUB_ACTOR", "linmin")
    assert check(repo, run)[:2] == (0, [])


def test_a_member_may_not_edit_another_persons_scorecard(repo, run):
    self_assess(repo)
    code, found, text = check(repo, run, "luofang")
    assert code == 1 and found == [("changes.rule.own_file", LINMIN)]
    assert "luofang" in text and "linmin.yaml" in text and "本人" in text


def test_every_author_named_must_be_allowed(repo, run):
    self_assess(repo)
    assert ("changes.rule.own_file", LINMIN) in check(repo, run, "linmin", "luofang")[1]


def test_a_member_may_not_edit_ballots(repo, run):
    recount(repo)
    assert check(repo, run, "luofang")[1] == [("changes.rule.organisers", "scorecards/2026/democratic/mishu.yaml")]


def test_a_leader_may_not_review_another_section(repo, run):
    path = repo / "scorecards/2026/organizational/zonghe.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert check(repo, run, "wangjianguo")[1] == [("changes.rule.leader", "scorecards/2026/organizational/zonghe.yaml")]


def test_a_file_without_account_is_the_organisers(repo, run):
    path = "scorecards/2026/people/2024001.yaml"
    self_assess(repo, path)
    assert check(repo, run, "linmin")[1] == [("changes.rule.own_file", path)]
    assert check(repo, run, "rsc-zhao")[:2] == (0, [])


def test_settings_ride_along_with_ones_own_scorecard_is_refused(repo, run):
    self_assess(repo)
    edit(repo / "scorecards/2026/cycle.yaml", "min_raters: 3", "min_raters: 1")
    code, found, _ = check(repo, run, "linmin")
    assert ("changes.rule.organisers", "scorecards/2026/cycle.yaml") in found
    assert "changes.settings_mixed" in keys(found)


def test_org_yaml_cannot_grant_its_author_a_right(repo, run):
    """Accounts are read from the target branch: making oneself an organiser in the change does not count."""
    edit(repo / "scorecards/2026/org.yaml", "organisers: [rsc-zhao, rsc-qian]", "organisers: [rsc-zhao, rsc-qian, luofang]")
    commit(repo)
    assert check(repo, run, "luofang")[1] == [("changes.rule.organisers", "scorecards/2026/org.yaml")]


def test_a_member_may_not_take_over_a_file_by_changing_its_account(repo, run):
    edit(repo / f"{LINMIN}", "account: linmin", "account: luofang")
    commit(repo)
    assert check(repo, run, "luofang")[1] == [("changes.rule.own_file", LINMIN)]
    code, found, _ = check(repo, run, "linmin")
    assert found == [("changes.rule.account_changed", LINMIN)]


def test_a_new_file_must_name_its_author(repo, run):
    assert run("new", "person", "fake", "--root", str(repo), "--name", "假人", "--section", "mishu", "--post", "科员")[0] == 0
    edit(repo / "scorecards/2026/people/fake.yaml", "post: 科员", "post: 科员\naccount: someone")
    assert check(repo, run, "luofang")[1] == [("changes.rule.new_person_account", "scorecards/2026/people/fake.yaml")]


def test_a_member_may_not_add_a_second_file_for_themselves(repo, run):
    assert run("new", "person", "luofang2", "--root", str(repo), "--name", "罗芳", "--section", "mishu", "--post", "科员")[0] == 0
    edit(repo / "scorecards/2026/people/luofang2.yaml", "post: 科员", "post: 科员\naccount: luofang")
    assert check(repo, run, "luofang")[1] == [("changes.rule.one_file", "scorecards/2026/people/luofang2.yaml")]


def test_a_member_may_not_add_a_new_cycle(repo, run):
    assert run("new", "cycle", "2027", "--root", str(repo))[0] == 0
    found = check(repo, run, "linmin")[1]
    assert ("changes.rule.new_cycle", "scorecards/2027/cycle.yaml") in found


def test_files_outside_the_scorecards_are_for_organisers_and_maintainers(repo, run):
    edit(repo / "mkdocs.yml", "site_name", "site_name")  # the file exists
    (repo / "mkdocs.yml").write_text((repo / "mkdocs.yml").read_text(encoding="utf-8") + "\n# x\n", encoding="utf-8")
    assert check(repo, run, "linmin")[1] == [("changes.rule.maintainers", "mkdocs.yml")]
    assert check(repo, run, "rsc-zhao")[:2] == (0, [])


def test_a_maintainer_listed_in_org_yaml_may_change_the_site_but_no_scorecard(repo, run):
    edit(repo / "scorecards/2026/org.yaml", "organisers: [rsc-zhao, rsc-qian]", "organisers: [rsc-zhao, rsc-qian]\nmaintainers: [it-wang]")
    commit(repo, "maintainers")
    git(repo, "branch", "-f", "main", "HEAD")
    (repo / "content/guide/extra.md").write_text("# 附加\n", encoding="utf-8")
    assert check(repo, run, "it-wang")[:2] == (0, [])
    recount(repo)
    found = check(repo, run, "it-wang")[1]
    assert ("changes.rule.organisers", "scorecards/2026/democratic/mishu.yaml") in found


def test_site_files_never_ride_along_with_a_scorecard(repo, run):
    self_assess(repo)
    (repo / "content/guide/index.md").write_text("# 改\n", encoding="utf-8")
    found = check(repo, run, "rsc-zhao")[1]
    assert ("changes.portal_mixed", "content/guide/index.md") in found


# -- closed cycles -------------------------------------------------------------------------------------


def test_a_change_to_a_closed_cycle_is_refused(repo, run):
    edit(repo / "scorecards/2025/people/luofang.yaml", "name: 罗芳", "name: 罗芳芳")
    code, found, text = check(repo, run, "luofang")
    assert ("changes.closed", "scorecards/2025/people/luofang.yaml") in found
    assert "2025 年度已结束" in text


def test_reopening_a_closed_cycle_is_refused_even_for_organisers(repo, run):
    edit(repo / "scorecards/2025/cycle.yaml", "status: closed", "status: open")
    assert ("changes.closed", "scorecards/2025/cycle.yaml") in check(repo, run, "rsc-zhao")[1]


def test_a_chinese_named_file_into_a_closed_cycle_is_caught(repo, run):
    (repo / "scorecards/2025/people/林涛.yaml").write_text("id: x\n", encoding="utf-8")
    commit(repo)
    found = check(repo, run, "rsc-zhao")[1]
    assert ("changes.closed", "scorecards/2025/people/林涛.yaml") in found


def test_a_branch_started_before_the_cycle_was_closed_is_refused(repo, run):
    git(repo, "checkout", "-q", "main")
    edit(repo / "scorecards/2026/cycle.yaml", "status: open", "status: closed")
    commit(repo, "close 2026")
    git(repo, "checkout", "-q", "pr")
    self_assess(repo)
    commit(repo)
    code, found, text = check(repo, run, "linmin")
    assert ("changes.closed", LINMIN) in found and "目标分支上" in text


def test_a_cycle_closed_at_the_base_and_reopened_in_the_change_stays_frozen(repo, run):
    edit(repo / "scorecards/2025/cycle.yaml", "status: closed", "status: open")
    edit(repo / "scorecards/2025/people/luofang.yaml", "name: 罗芳", "name: 罗芳芳")
    commit(repo)
    found = check(repo, run, "luofang")[1]
    assert ("changes.closed", "scorecards/2025/people/luofang.yaml") in found


def test_closing_a_cycle_may_not_carry_other_changes(repo, run):
    edit(repo / "scorecards/2026/cycle.yaml", "status: open", "status: closed")
    recount(repo)
    commit(repo)
    assert ("changes.closed", "scorecards/2026/democratic/mishu.yaml") in check(repo, run, "rsc-zhao")[1]


# -- one person per change, new cycles -------------------------------------------------------------------


def test_two_people_in_one_change_are_refused(repo, run):
    self_assess(repo)
    self_assess(repo, LUOFANG)
    assert "changes.many_people" in keys(check(repo, run, "rsc-zhao")[1])


def test_a_mixed_person_and_ballot_change_is_refused(repo, run):
    self_assess(repo)
    recount(repo)
    code, found, text = check(repo, run, "rsc-zhao")
    assert ("changes.mixed", "scorecards/2026/democratic/mishu.yaml") in found and "不能和民主评议" in text


def test_an_added_cycle_yaml_does_not_exempt_a_cycle_from_one_person_per_change(repo, run):
    self_assess(repo)
    self_assess(repo, LUOFANG)
    (repo / "scorecards/2026/people/cycle.yaml").write_text("x: 1\n", encoding="utf-8")
    (repo / "scorecards/.x").mkdir()
    (repo / "scorecards/.x/cycle.yaml").write_text("x: 1\n", encoding="utf-8")
    commit(repo)
    found = check(repo, run, "rsc-zhao")[1]
    assert "changes.many_people" in keys(found)


def test_a_file_in_a_dot_folder_or_outside_any_cycle_is_the_organisers(repo, run):
    (repo / "scorecards/.hidden").mkdir()
    (repo / "scorecards/.hidden/cycle.yaml").write_text("status: open\n", encoding="utf-8")
    (repo / "scorecards/notes.yaml").write_text("a: 1\n", encoding="utf-8")
    found = check(repo, run, "linmin")[1]
    assert ("changes.rule.organisers", "scorecards/.hidden/cycle.yaml") in found
    assert ("changes.rule.organisers", "scorecards/notes.yaml") in found


# -- renames, deletions, ids ----------------------------------------------------------------------------


def test_a_deletion_is_refused(repo, run):
    (repo / "scorecards/2026/democratic/zonghe.yaml").unlink()
    assert ("changes.deleted", "scorecards/2026/democratic/zonghe.yaml") in check(repo, run, "rsc-zhao")[1]


def test_a_renamed_person_is_refused(repo, run):
    git(repo, "mv", "scorecards/2026/people/tangping.yaml", "scorecards/2026/people/tangping2.yaml")
    edit(repo / "scorecards/2026/people/tangping2.yaml", "id: tangping", "id: tangping2")
    commit(repo)
    code, found, text = check(repo, run, "tangping")
    assert ("changes.renamed", "scorecards/2026/people/tangping2.yaml") in found and "不能给评分卡文件改名" in text


def test_a_rename_by_case_is_a_rename(repo, run):
    git(repo, "mv", LINMIN, "scorecards/2026/people/LinMin.yaml")
    commit(repo)
    assert ("changes.renamed", "scorecards/2026/people/LinMin.yaml") in check(repo, run, "linmin")[1]


def test_a_changed_id_is_refused(repo, run):
    edit(repo / "scorecards/2026/people/tangping.yaml", "id: tangping", "id: tangping2")
    assert ("changes.id_changed", "scorecards/2026/people/tangping.yaml") in check(repo, run, "tangping")[1]


def test_an_invalid_portal_is_refused(repo, run):
    edit(repo / LINMIN, "post:", "post：")
    code, found, text = check(repo, run, "linmin")
    assert code == 1 and "linmin.yaml" in text and "中文冒号" in text


# -- links, modes, submodules ----------------------------------------------------------------------------


def test_a_symlink_into_a_closed_cycle_is_refused(repo, run):
    target = repo / "scorecards/2025/people/luofang.yaml"
    (repo / LUOFANG).unlink()
    os.symlink(os.path.relpath(target, (repo / LUOFANG).parent), repo / LUOFANG)
    commit(repo)
    found = check(repo, run, "luofang")[1]
    assert ("changes.symlink", LUOFANG) in found
    assert ("file.symlink", LUOFANG) in found  # validate refuses it as well, without reading it


def test_a_symlink_anywhere_is_refused(repo, run):
    os.symlink("/etc/passwd", repo / "content/guide/passwd.md")
    assert ("changes.symlink", "content/guide/passwd.md") in check(repo, run, "rsc-zhao")[1]


def test_a_mode_only_change_is_refused(repo, run):
    os.chmod(repo / LINMIN, 0o755)
    commit(repo)
    assert ("changes.mode", LINMIN) in check(repo, run, "linmin")[1]


def test_a_submodule_is_refused(repo, run, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    (other / "a").write_text("a", encoding="utf-8")
    git(other, "add", "a")
    git(other, "commit", "-qm", "a")
    subprocess.run([*GIT, "-C", str(repo), "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(other), "scorecards/2026/sub"],
                   check=True, capture_output=True)
    commit(repo)
    assert ("changes.submodule", "scorecards/2026/sub") in check(repo, run, "rsc-zhao")[1]


# -- CODEOWNERS ---------------------------------------------------------------------------------------------


def test_a_hand_edited_codeowners_is_refused(repo, run):
    (repo / ".github").mkdir()
    assert run("codeowners", "--root", str(repo), "--output", str(repo / ".github/CODEOWNERS"))[0] == 0
    assert check(repo, run, "rsc-zhao")[:2] == (0, [])
    (repo / ".github/CODEOWNERS").write_text("* @luofang\n", encoding="utf-8")
    assert check(repo, run, "rsc-zhao")[1] == [("changes.codeowners_stale", ".github/CODEOWNERS")]


def test_refusals_annotate_their_file_on_github(repo, run):
    self_assess(repo)
    code, out, _ = run("check-changes", "--root", str(repo), "--base", "main", "--author", "luofang", "--format", "github")
    assert code == 1 and out.startswith(f"::error file={LINMIN},")


def test_every_member_and_leader_of_the_sample_may_change_exactly_their_own_files(repo):
    """The authority alone, over the whole open cycle: each account may change its own file and no one else's."""
    from generator.workflow.authority import Accounts, Authority
    from generator.workflow.revision import Change, Revision, WorkTree

    commit_id = git(repo, "rev-parse", "main").strip()
    authority = Authority(Accounts(Revision(repo, commit_id)), WorkTree(repo))
    cycle = validate_portal(repo).portal.cycles["2026"]
    accounts = {p.id: p.account for p in cycle.people.values() if p.account}
    assert len(accounts) >= 20
    for person, account in accounts.items():
        for other in accounts:
            path = f"scorecards/2026/people/{other}.yaml"
            assert authority.verdict(account, Change("M", path), path).allowed == (other == person), (account, other)
    for section in cycle.org.sections:
        for other in cycle.org.sections:
            path = f"scorecards/2026/organizational/{other.id}.yaml"
            allowed = authority.verdict(section.leader_account, Change("M", path), path).allowed
            assert allowed == (other.leader_account == section.leader_account), (section.id, other.id)
