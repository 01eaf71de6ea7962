"""`portal check-changes` as an authorisation gate: real git repositories, a base branch and pull-request commits.

The sample's accounts: organisers rsc-zhao and rsc-qian; linmin, luofang and
lintao are members of mishu, whose leader is wangjianguo; 2024001 has no account.

The gate runs as CI runs it: `--base main --head pr`, the pull request read as
git objects and judged by the tree the merge would write (`check` commits
what a test wrote first); a few tests run the desk mode (the work tree).
The base holds the restricted files sealed (contract v1.2), to a key of the tests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pyrage
import pytest
from conftest import REPO
from pyrage import x25519

from generator.pipeline.validate import validate_portal
from generator.pipeline.vault import RESTRICTED_FOLDERS

GIT = ["git", "-c", "user.email=test@example.org", "-c", "user.name=test", "-c", "core.quotepath=true"]
SELF = "self:\n  scores: {learning: 好, work: 好, contribution: 好, fulfilment: 好}\n"


def git(root: Path, *args: str) -> str:
    return subprocess.run([*GIT, "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture(autouse=True)
def no_ci_author(monkeypatch):
    """The tests name their authors; a CI running them must not lend its own."""
    for name in ("GITHUB_ACTOR", "GITEA_ACTOR", "GITLAB_USER_LOGIN"):
        monkeypatch.delenv(name, raising=False)


READER = x25519.Identity.generate()


def sealed(text: str) -> str:
    """`text` sealed as the repository holds a restricted file: age, ASCII armour."""
    return pyrage.encrypt(text.encode("utf-8"), [READER.to_public()], armored=True).decode("ascii")


def seal_restricted_files(root: Path) -> None:
    """Every restricted file of the sample in its sealed form, `<name>.yaml.age` (a clear one is replaced)."""
    for path in sorted((root / "scorecards").glob("*/*/*.yaml")):
        if path.parent.name in RESTRICTED_FOLDERS:
            path.with_name(path.name + ".age").write_text(sealed(path.read_text(encoding="utf-8")), encoding="ascii")
            path.unlink()


def reseal(repo: Path, path: str, note: str = "# 已修改\n") -> None:
    """An organiser's `portal sealed edit` of a restricted file: new ciphertext under the same name."""
    (repo / path).write_text(sealed(note), encoding="ascii")


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository holding the sample portal on `main` (restricted files sealed), with a branch `pr` checked out."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copytree(REPO / "scorecards", root / "scorecards")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    seal_restricted_files(root)
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


def commit_all(repo: Path) -> None:
    """Commit whatever the test wrote on the pull request's branch (nothing when there is nothing)."""
    git(repo, "add", "-A")
    if git(repo, "status", "--porcelain"):
        git(repo, "commit", "-qm", "pull request")


def check(repo: Path, run, *authors: str, base: str = "main", head: str | None = "pr") -> tuple[int, list[tuple[str, str]], str]:
    """Exit code, (rule key, file) of every problem, and the Chinese text of the same check.
    With `head` (CI's way) what the test wrote is committed first; head=None checks the work tree."""
    options = [word for author in authors for word in ("--author", author)]
    if head is not None:
        commit_all(repo)
        options += ["--head", head]
    code, out, _ = run("check-changes", "--root", str(repo), "--base", base, "--format", "json", *options)
    found = [(p["code"], p["path"]) for p in json.loads(out)]
    _, text_out, text_err = run("check-changes", "--root", str(repo), "--base", base, *options)
    return code, found, text_out + text_err


def keys(found: list[tuple[str, str]]) -> set[str]:
    return {key for key, _ in found}


LINMIN = "scorecards/2026/people/linmin.yaml"
LUOFANG = "scorecards/2026/people/luofang.yaml"
MISHU_BALLOTS = "scorecards/2026/democratic/mishu.yaml.age"


def recount(repo: Path) -> None:
    """A change to mishu's ballots (sealed again by the organisers' command)."""
    reseal(repo, MISHU_BALLOTS, "# 重新计票\n")


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
    reseal(repo, "scorecards/2026/organizational/mishu.yaml.age")
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
    git(repo, "reset", "-q", "--hard", "main")
    for section in cycle.org.sections:
        path = f"scorecards/2026/organizational/{section.id}.yaml.age"
        if (repo / path).exists():
            reseal(repo, path)
            assert check(repo, run, section.leader_account)[:2] == (0, []), section.id
            git(repo, "reset", "-q", "--hard", "main")


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
    assert check(repo, run, "luofang")[1] == [("changes.rule.organisers", MISHU_BALLOTS)]


def test_a_leader_may_not_review_another_section(repo, run):
    reseal(repo, "scorecards/2026/organizational/zonghe.yaml.age")
    assert check(repo, run, "wangjianguo")[1] == [("changes.rule.leader", "scorecards/2026/organizational/zonghe.yaml.age")]


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
    assert ("changes.rule.organisers", MISHU_BALLOTS) in found


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


def test_the_organisers_may_add_and_decide_an_appeal_in_a_closed_cycle(repo, run):
    """Contract v1.2: a 复核 or 申诉 arrives after the cycle closed; it alone may still be added (sealed, by the organisers)."""
    path = "scorecards/2025/appeals/1.yaml.age"
    (repo / path).parent.mkdir()
    (repo / path).write_text(sealed("received: 2026-01-20\nabout: luofang\nkind: review\nstatus: open\n"), encoding="ascii")
    assert check(repo, run, "rsc-zhao")[:2] == (0, [])
    reseal(repo, path, "status: dismissed\n")
    assert check(repo, run, "rsc-zhao")[:2] == (0, [])
    assert check(repo, run, "luofang")[1] == [("changes.rule.organisers", path)]
    (repo / "scorecards/2025/appeals/2.yaml.age").write_text(sealed("x: 1\n"), encoding="ascii")
    reseal(repo, "scorecards/2025/democratic/mishu.yaml.age")  # the closed cycle's ballots stay frozen
    assert ("changes.closed", "scorecards/2025/democratic/mishu.yaml.age") in check(repo, run, "rsc-zhao")[1]


def test_closing_a_cycle_may_not_carry_other_changes(repo, run):
    edit(repo / "scorecards/2026/cycle.yaml", "status: open", "status: closed")
    recount(repo)
    commit(repo)
    assert ("changes.closed", MISHU_BALLOTS) in check(repo, run, "rsc-zhao")[1]


# -- one person per change, new cycles -------------------------------------------------------------------


def test_two_people_in_one_change_are_refused(repo, run):
    self_assess(repo)
    self_assess(repo, LUOFANG)
    assert "changes.many_people" in keys(check(repo, run, "rsc-zhao")[1])


def test_a_mixed_person_and_ballot_change_is_refused(repo, run):
    self_assess(repo)
    recount(repo)
    code, found, text = check(repo, run, "rsc-zhao")
    assert ("changes.mixed", MISHU_BALLOTS) in found and "不能和民主评议" in text


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
    (repo / "scorecards/2026/democratic/zonghe.yaml.age").unlink()
    assert ("changes.deleted", "scorecards/2026/democratic/zonghe.yaml.age") in check(repo, run, "rsc-zhao")[1]


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
            path = f"scorecards/2026/organizational/{other.id}.yaml.age"
            allowed = authority.verdict(section.leader_account, Change("M", path), path).allowed
            assert allowed == (other.leader_account == section.leader_account), (section.id, other.id)


# -- the merge the host would make, read as data (issue 18) -------------------------------------------------


def test_a_criss_cross_merge_cannot_smuggle_in_a_revert_of_the_organisers_recount(repo, run):
    """Two merge bases: from one of them the member's branch changes no ballot, yet the merge reverts the recount."""
    git(repo, "checkout", "-q", "main")
    recount(repo)
    commit(repo, "organisers recount mishu's ballots")
    recounted = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-q", "pr")
    self_assess(repo)
    commit(repo, "linmin's self-assessment")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "pr", "-m", "merge linmin's self-assessment")
    git(repo, "checkout", "-q", "pr")
    git(repo, "merge", "-q", "-s", "ours", recounted, "-m", "merge main")  # keeps the ballots as they were before
    self_assess(repo)
    commit(repo, "a note")
    bases = git(repo, "merge-base", "--all", "main", "pr").split()
    assert len(bases) == 2
    assert any(git(repo, "diff", "--name-only", base, "pr", "--", MISHU_BALLOTS) == "" for base in bases)  # blind there
    merged_tree = git(repo, "merge-tree", "--write-tree", "main", "pr").split()[0]
    assert git(repo, "rev-parse", f"{merged_tree}:{MISHU_BALLOTS}") != git(repo, "rev-parse", f"main:{MISHU_BALLOTS}")
    code, found, _ = check(repo, run, "linmin")
    assert code == 1 and ("changes.rule.organisers", MISHU_BALLOTS) in found


def test_a_conflict_with_the_target_is_refused_clearly(repo, run):
    git(repo, "checkout", "-q", "main")
    edit(repo / LINMIN, "name: 林敏", "name: 林敏敏")
    commit(repo, "organisers correct the name")
    git(repo, "checkout", "-q", "pr")
    edit(repo / LINMIN, "name: 林敏", "name: 林 敏")
    code, found, text = check(repo, run, "rsc-zhao")
    assert (code, found) == (1, [("changes.conflict", LINMIN)])
    assert "冲突" in text and "合并到本分支" in text


def test_the_head_is_read_as_data_and_the_work_tree_stays_as_it_is(repo, run):
    """CI checks out the base; the pull request's commits are objects it reads, never files it writes."""
    self_assess(repo)
    commit(repo)
    git(repo, "checkout", "-q", "main")
    before = (git(repo, "rev-parse", "HEAD"), git(repo, "status", "--porcelain", "--ignored"), (repo / LINMIN).read_bytes())
    code, out, err = run("check-changes", "--root", str(repo), "--base", "main", "--head", "pr", "--author", "linmin")
    assert code == 0, out + err
    assert (git(repo, "rev-parse", "HEAD"), git(repo, "status", "--porcelain", "--ignored"), (repo / LINMIN).read_bytes()) == before
    assert "\nself:" not in (repo / LINMIN).read_text(encoding="utf-8")


def test_the_desk_mode_checks_the_work_tree_before_committing(repo, run):
    self_assess(repo)
    assert check(repo, run, "linmin", head=None)[:2] == (0, [])
    assert check(repo, run, "luofang", head=None)[1] == [("changes.rule.own_file", LINMIN)]


# -- an id is one person for good; a person writes only their own parts (contract v1.2) ----------------------


def departed(repo: Path, person: str = "gaochao") -> str:
    """`person` left after 2025: the organisers removed their 2026 file on main."""
    git(repo, "checkout", "-q", "main")
    (repo / f"scorecards/2026/people/{person}.yaml").unlink()
    commit(repo, f"{person} left")
    git(repo, "checkout", "-q", "pr")
    git(repo, "reset", "-q", "--hard", "main")
    return f"scorecards/2026/people/{person}.yaml"


def newcomer(repo: Path, run, person: str, account: str) -> None:
    assert run("new", "person", person, "--root", str(repo), "--name", "新人", "--section", "ducha", "--post", "科员")[0] == 0
    edit(repo / f"scorecards/2026/people/{person}.yaml", "post: 科员", f"post: 科员\naccount: {account}")


def test_a_newcomer_may_not_take_a_departed_colleagues_id(repo, run):
    path = departed(repo)
    newcomer(repo, run, "gaochao", "xinren")
    code, found, text = check(repo, run, "xinren")
    assert (code, found) == (1, [("changes.rule.id_taken", path)])
    assert "2025" in text and "另一个人" in text


def test_an_id_taken_before_differs_not_by_case(repo, run):
    departed(repo)
    newcomer(repo, run, "GaoChao", "xinren")
    assert ("changes.rule.id_taken", "scorecards/2026/people/GaoChao.yaml") in check(repo, run, "xinren")[1]


def test_the_same_person_may_come_back_under_their_id(repo, run):
    departed(repo)
    newcomer(repo, run, "gaochao", "gaochao")
    assert check(repo, run, "gaochao")[:2] == (0, [])


def test_an_organiser_may_give_an_earlier_id_to_a_new_file(repo, run):
    departed(repo)
    newcomer(repo, run, "gaochao", "xinren")
    assert check(repo, run, "rsc-zhao")[:2] == (0, [])


@pytest.mark.parametrize(("old", "new", "field"), [
    ("section: mishu", "section: xinxi", "section"),
    ("name: 林敏", "name: 林敏敏", "name"),
    ("post: 三级主任科员", "post: 处长", "post"),
])
def test_a_member_may_not_change_the_organisers_fields_of_their_file(repo, run, old, new, field):
    edit(repo / LINMIN, old, new)
    code, found, text = check(repo, run, "linmin")
    assert (code, found) == (1, [("changes.rule.organisers_part", LINMIN)])
    assert f"无权修改 {field}" in text


def test_a_leader_may_not_move_themselves_either(repo, run):
    """A leader with a scorecard of their own writes only its own parts, as a member does."""
    path = "scorecards/2026/people/tanglei.yaml"
    git(repo, "checkout", "-q", "main")
    edit(repo / path, "account: tanglei", "account: wangjianguo")  # the organisers give mishu's leader this file
    commit(repo, "a leader's own scorecard")
    git(repo, "checkout", "-q", "pr")
    git(repo, "reset", "-q", "--hard", "main")
    edit(repo / path, "section: zonghe", "section: mishu")
    code, found, text = check(repo, run, "wangjianguo")
    assert (code, found) == (1, [("changes.rule.organisers_part", path)]) and "无权修改 section" in text


def test_a_member_may_write_show_compare_self_and_checkins(repo, run):
    edit(repo / LINMIN, "  - 义务献血400毫升", "  - 义务献血400毫升\n  - 参加社区志愿服务")
    edit(repo / LINMIN, "  - 牵头修订本处室工作规程和岗位职责", "  - 牵头修订本处室工作规程")
    text = (repo / LINMIN).read_text(encoding="utf-8")
    assert text.endswith("  note: 已完成阶段性任务\n")  # the sample's check-ins: one more is the person's own part
    (repo / LINMIN).write_text(text + "- {date: 2026-09-30, note: 三季度完成调研提纲}\n", encoding="utf-8")
    self_assess(repo)
    found = check(repo, run, "linmin")[1]
    assert ("changes.rule.organisers_part", LINMIN) not in found
    assert not [key for key, _ in found if key.startswith("changes.rule")]


def test_an_organiser_may_move_a_person(repo, run):
    edit(repo / LINMIN, "section: mishu", "section: xinxi")
    assert "changes.rule.organisers_part" not in keys(check(repo, run, "rsc-qian")[1])


def test_a_yaml_error_in_ones_own_file_is_reported_once_without_a_false_refusal(repo, run):
    """Issue 19: the broken file could not be read for its account, and that was taken for a changed account."""
    edit(repo / LINMIN, "show:\n", "show:\n  standards: [未闭合\n")
    code, found, text = check(repo, run, "linmin")
    assert code == 1 and len(found) == 1 and found[0][1] == LINMIN
    assert not found[0][0].startswith("changes.")
    assert "account" not in text


def test_an_unreadable_file_of_someone_else_is_still_refused_for_its_author(repo, run):
    edit(repo / LINMIN, "show:\n", "show:\n  standards: [未闭合\n")
    assert ("changes.rule.own_file", LINMIN) in check(repo, run, "luofang")[1]


# -- restricted files: sealed only, and who reads them --------------------------------------------------------


def test_a_clear_ballot_file_is_refused_even_from_the_organisers(repo, run):
    path = "scorecards/2026/democratic/mishu.yaml"
    (repo / path).write_text("tallies: {}\n", encoding="utf-8")
    code, found, text = check(repo, run, "rsc-zhao")
    assert ("changes.restricted_clear", path) in found
    assert "portal sealed edit" in text and "mishu.yaml.age" in text


@pytest.mark.parametrize("folder", ["organizational", "objections", "appeals"])
def test_every_restricted_folder_takes_sealed_files_only(repo, run, folder):
    path = f"scorecards/2026/{folder}/x.yaml"
    (repo / path).parent.mkdir(exist_ok=True)
    (repo / path).write_text("a: 1\n", encoding="utf-8")
    assert ("changes.restricted_clear", path) in check(repo, run, "rsc-zhao")[1]


def test_a_sealed_file_from_the_organisers_is_accepted(repo, run):
    path = "scorecards/2026/objections/2.yaml.age"
    (repo / path).write_text(sealed("about: linmin\n"), encoding="ascii")
    assert check(repo, run, "rsc-qian")[:2] == (0, [])


def test_clear_text_under_a_sealed_name_is_refused(repo, run):
    (repo / MISHU_BALLOTS).write_text("tallies: {}\n", encoding="utf-8")
    found = check(repo, run, "rsc-zhao")[1]
    assert ("changes.restricted_not_sealed", MISHU_BALLOTS) in found
    assert [key for key, _ in found if key.startswith("changes.")] == ["changes.restricted_not_sealed"]


def test_a_clear_file_on_the_base_may_be_replaced_by_its_sealed_form(repo, run):
    """A unit that still holds a clear file: the organisers seal it (the clear one leaves, its sealed form arrives)."""
    git(repo, "checkout", "-q", "main")
    (repo / MISHU_BALLOTS).unlink()
    (repo / "scorecards/2026/democratic/mishu.yaml").write_text("tallies: {}\n", encoding="utf-8")
    commit(repo, "a legacy clear file")
    git(repo, "checkout", "-q", "pr")
    git(repo, "reset", "-q", "--hard", "main")
    (repo / "scorecards/2026/democratic/mishu.yaml").unlink()
    reseal(repo, MISHU_BALLOTS)
    assert check(repo, run, "rsc-zhao")[:2] == (0, [])
    assert ("changes.rule.organisers", "scorecards/2026/democratic/mishu.yaml") in check(repo, run, "linmin")[1]


def test_a_sealed_name_beside_a_scorecard_does_not_excuse_its_deletion(repo, run):
    (repo / LINMIN).unlink()
    (repo / (LINMIN + ".age")).write_text(sealed("id: linmin\n"), encoding="ascii")
    assert ("changes.deleted", LINMIN) in check(repo, run, "rsc-zhao")[1]


def test_a_member_may_not_change_who_reads_the_sealed_files(repo, run):
    (repo / "scorecards/recipients.yaml").write_text("linmin: age1xyz\n", encoding="utf-8")
    code, found, text = check(repo, run, "linmin")
    assert [p for p in found if p[0].startswith("changes.")] == [("changes.rule.recipients", "scorecards/recipients.yaml")]
    assert code == 1 and "recipients.yaml" in text
    assert not [key for key, _ in check(repo, run, "rsc-zhao")[1] if key.startswith("changes.rule")]


# -- as an attacker ---------------------------------------------------------------------------------------------


def test_a_head_that_rewrites_the_gate_and_the_workflow_changes_nothing_of_the_check(repo, run):
    """The pull request's generator/ and workflow are data: the base's portal judges them, a member may not send them."""
    (repo / "generator/workflow").mkdir(parents=True)
    (repo / "generator/workflow/changes.py").write_text("def check_changes(*a):\n    return [], []\n", encoding="utf-8")
    (repo / ".github/workflows").mkdir(parents=True)
    (repo / ".github/workflows/portal.yml").write_text("on: pull_request\njobs: {}\n", encoding="utf-8")
    code, found, _ = check(repo, run, "linmin")
    assert code == 1
    assert {("changes.rule.maintainers", "generator/workflow/changes.py"),
            ("changes.rule.maintainers", ".github/workflows/portal.yml")} <= set(found)


def test_a_link_in_the_head_is_refused_and_never_followed(repo, run, tmp_path):
    secret = tmp_path / "outside.yaml"
    secret.write_text("id: linmin\n", encoding="utf-8")
    (repo / LUOFANG).unlink()
    os.symlink(secret, repo / LUOFANG)
    os.symlink("/etc", repo / "scorecards/2026/people/etc")
    code, found, _ = check(repo, run, "luofang")
    assert ("changes.symlink", LUOFANG) in found and ("file.symlink", LUOFANG) in found
    assert ("changes.symlink", "scorecards/2026/people/etc") in found


def crafted_head(repo: Path, folder: str, name: str, data: bytes) -> None:
    """`pr` = main plus one blob named `name` in `folder`, written with git's plumbing (which checks no names)."""
    blob = subprocess.run([*GIT, "-C", str(repo), "hash-object", "-w", "--stdin"], input=data, capture_output=True,
                          check=True).stdout.decode().strip()
    parts = folder.split("/")
    tree_of = [git(repo, "rev-parse", "main:" + "/".join(parts[:i]) if i else "main^{tree}").strip() for i in range(len(parts) + 1)]
    child = f"100644 blob {blob}\t{name}"
    for depth in range(len(parts), -1, -1):
        listing = git(repo, "ls-tree", tree_of[depth])
        entries = [line for line in listing.splitlines() if depth == len(parts) or not line.endswith("\t" + parts[depth])]
        entries.append(child)
        tree = subprocess.run([*GIT, "-C", str(repo), "mktree"], input="\n".join(entries) + "\n", text=True,
                              capture_output=True, check=True).stdout.strip()
        if depth:
            child = f"040000 tree {tree}\t{parts[depth - 1]}"
    head = git(repo, "commit-tree", tree, "-p", "main", "-m", "crafted").strip()
    git(repo, "update-ref", "refs/heads/pr", head)


@pytest.mark.parametrize("name", ["..", ".git", "a\\b"])
def test_an_odd_path_in_a_crafted_head_is_refused_and_never_written(repo, run, name, tmp_path):
    git(repo, "checkout", "-q", "main")
    crafted_head(repo, "scorecards/2026/people", name, b"id: x\n")
    code, out, err = run("check-changes", "--root", str(repo), "--base", "main", "--head", "pr", "--author", "rsc-zhao",
                         "--format", "json")
    assert code == 1, out + err
    assert [(p["code"], p["path"]) for p in json.loads(out)] == [("changes.odd_path", f"scorecards/2026/people/{name}")]
    assert not (repo / "scorecards/2026/x").exists() and git(repo, "status", "--porcelain") == ""


def test_the_gate_validates_without_any_key_of_the_machine(repo, run, tmp_path, monkeypatch):
    """A key in the environment or the user's configuration folder is not used on a pull request's tree."""
    from generator.workflow.merge import keyless

    monkeypatch.setenv("PORTAL_AGE_KEY", str(READER))
    monkeypatch.setenv("PORTAL_AGE_KEY_FILE", str(tmp_path / "key.txt"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    with keyless(tmp_path):
        assert "PORTAL_AGE_KEY" not in os.environ and "PORTAL_AGE_KEY_FILE" not in os.environ
        assert not (Path(os.environ["XDG_CONFIG_HOME"]) / "evaluation-portal").exists()
    assert (os.environ["PORTAL_AGE_KEY_FILE"], os.environ["XDG_CONFIG_HOME"]) == (str(tmp_path / "key.txt"), str(tmp_path / "config"))
    self_assess(repo)
    assert check(repo, run, "linmin")[:2] == (0, [])
    assert os.environ["PORTAL_AGE_KEY"] == str(READER)


def test_no_filter_diff_or_merge_driver_runs_on_the_heads_files(repo, run, tmp_path):
    """Drivers the machine defines are not run for a head that asks for them in its .gitattributes."""
    git(repo, "checkout", "-q", "main")
    edit(repo / LINMIN, "name: 林敏", "name: 林敏敏")
    commit(repo, "organisers correct the name")
    git(repo, "checkout", "-q", "pr")
    (repo / ".gitattributes").write_text("* filter=evil diff=evil merge=evil\n", encoding="utf-8")
    self_assess(repo)
    commit(repo)
    git(repo, "checkout", "-q", "main")
    marker = tmp_path / "ran"
    for setting in ("filter.evil.smudge", "filter.evil.clean", "diff.evil.textconv", "merge.evil.driver"):
        git(repo, "config", setting, f"sh -c 'touch {marker}; cat'")
    code, out, err = run("check-changes", "--root", str(repo), "--base", "main", "--head", "pr", "--author", "rsc-zhao")
    assert code == 1 and "门户文件单独提交" in out  # judged: .gitattributes may not ride along with a scorecard
    assert not marker.exists()
