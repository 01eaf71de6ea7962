"""`portal close` and `portal verify`: a portal closed in a git repository with ssh-keygen's keys, its site copied and
tampered with in each way an archive can be, and rebuilt from its tag byte for byte."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, TEST_SECRET

from generator.cli import main
from generator.workflow import merkle

GIT = ["git", "-c", "user.email=organiser@example.org", "-c", "user.name=organiser"]
SECRET = TEST_SECRET  # a secret of `portal secret new`'s form (the only kind accepted)
TODAY = "2027-01-05"  # after the sample's 公示 (2026-12-20 … 26)


def git(root: Path, *args: str) -> str:
    return subprocess.run([*GIT, "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def new_key(folder: Path, name: str) -> Path:
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key


def public(key: Path) -> str:
    return " ".join(key.with_name(key.name + ".pub").read_text().split()[:2])


def portal(*args: str, capsys) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out + err


@pytest.fixture(scope="module")
def closed(tmp_path_factory):
    """The sample portal in git; 2025 closed without a secret, 2026 (closed in a later commit) with one; both signed by
    rsc-zhao, an organiser, whose key is in closing/allowed_signers; the manifests committed."""
    base = tmp_path_factory.mktemp("closing")
    root = base / "portal"
    root.mkdir()
    for name in ("scorecards", "content"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / ".gitignore").write_text("/site/\n/.portal/\n", encoding="utf-8")
    keys = base / "keys"
    keys.mkdir()
    zhao, stranger = new_key(keys, "zhao"), new_key(keys, "stranger")
    (root / "closing").mkdir()
    (root / "closing/allowed_signers").write_text(f"rsc-zhao {public(zhao)}\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    mp = pytest.MonkeyPatch()
    mp.setenv("PORTAL_TODAY", TODAY)
    mp.delenv("PORTAL_SECRET", raising=False)
    mp.setenv("GIT_AUTHOR_NAME", "organiser"); mp.setenv("GIT_COMMITTER_NAME", "organiser")  # noqa: E702
    mp.setenv("GIT_AUTHOR_EMAIL", "o@example.org"); mp.setenv("GIT_COMMITTER_EMAIL", "o@example.org")  # noqa: E702
    try:
        assert main(["close", "2025", "--root", str(root), "--signer", "rsc-zhao", "--key", str(zhao)]) == 0
        git(root, "add", "-A")
        git(root, "commit", "-qm", "closing/0001-2025.json")
        settings = root / "scorecards/2026/cycle.yaml"
        settings.write_text(settings.read_text(encoding="utf-8").replace("status: open", "status: closed"), encoding="utf-8")
        git(root, "commit", "-qam", "close 2026")
        mp.setenv("PORTAL_SECRET", SECRET)
        assert main(["close", "2026", "--root", str(root), "--signer", "rsc-zhao", "--key", str(zhao)]) == 0
        git(root, "add", "-A")
        git(root, "commit", "-qm", "closing/0002-2026.json")
    finally:
        mp.undo()
    return {"root": root, "zhao": zhao, "stranger": stranger, "keys": keys}


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", TODAY)
    monkeypatch.setenv("PORTAL_SECRET", SECRET)


def site_copy(closed, tmp_path) -> Path:
    copy = tmp_path / "downloaded"
    shutil.copytree(closed["root"] / "site", copy)
    return copy


def verify(closed, capsys, *args: str) -> tuple[int, str]:
    return portal("verify", *args, "--root", str(closed["root"]), capsys=capsys)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).digest(), p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts}


# -- what closing writes ------------------------------------------------------------------------------


def test_closing_writes_a_signed_chained_manifest_and_a_signed_tag(closed):
    root = closed["root"]
    first = json.loads((root / "closing/0001-2025.json").read_text(encoding="utf-8"))
    second = json.loads((root / "closing/0002-2026.json").read_text(encoding="utf-8"))
    assert first["previous"] is None and first["kind"] == "close" and first["signed_by"] == "rsc-zhao"
    assert second["previous"]["root"] == first["root"]
    assert second["previous"]["manifest_sha256"] == hashlib.sha256((root / "closing/0001-2025.json").read_bytes()).hexdigest()
    assert second["root"] == merkle.root(second["files"])
    assert "site/index.html" in second["files"] and "scorecards/2026/cycle.yaml" in second["files"]
    assert any(p.startswith("scorecards/2026/democratic/") for p in second["files"])
    assert not any(p.startswith("site/closing/") for p in second["files"])  # the folder that holds the manifest
    assert git(root, "rev-parse", "closed/2026^{commit}").strip() == second["commit"]
    assert second["source_date_epoch"] == int(git(root, "show", "-s", "--format=%ct", second["commit"]))
    checked = subprocess.run(["git", "-C", str(root), "-c", f"gpg.ssh.allowedSignersFile={root / 'closing/allowed_signers'}",
                              "tag", "-v", "closed/2026"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    signature = (root / "closing/0002-2026.json.sig").read_text()
    assert signature.startswith("-----BEGIN SSH SIGNATURE-----")
    # and OpenSSH agrees with the pure-Python check
    done = subprocess.run(["ssh-keygen", "-Y", "verify", "-f", str(root / "closing/allowed_signers"), "-I", "rsc-zhao",
                           "-n", "evaluation-portal-closing", "-s", str(root / "closing/0002-2026.json.sig")],
                          input=(root / "closing/0002-2026.json").read_bytes(), capture_output=True)
    assert done.returncode == 0, done.stderr


def test_the_closed_site_says_when_and_by_whom_and_shows_the_root(closed):
    site = closed["root"] / "site/2026"
    second = json.loads((closed["root"] / "closing/0002-2026.json").read_text(encoding="utf-8"))
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "本年度已关闭" in home and "由 rsc-zhao 关闭" in home and 'href="closing/"' in home
    record = (site / "closing/index.html").read_text(encoding="utf-8")
    assert second["root"] in record and "2026 年度关闭记录与核验" in record and "portal verify 2026" in record
    assert (site / "closing/0001-2025.json").read_bytes() == (closed["root"] / "closing/0001-2025.json").read_bytes()


# -- verify: the untouched copy passes, each tampering is caught -------------------------------------------


def test_the_untouched_site_and_a_copy_of_it_pass(closed, env, tmp_path, capsys):
    assert verify(closed, capsys, "2026")[0] == 0
    copy = site_copy(closed, tmp_path)
    before = snapshot(copy) | {f"repo/{k}": v for k, v in snapshot(closed["root"]).items()}
    code, out = verify(closed, capsys, "2026", str(copy))
    assert code == 0 and "核验通过" in out and "与签名清单一致" in out
    assert verify(closed, capsys, "2025", str(copy / "2025"))[0] == 0  # the cycle's folder alone, too
    after = snapshot(copy) | {f"repo/{k}": v for k, v in snapshot(closed["root"]).items()}
    assert after == before  # verify writes nothing


def test_one_byte_of_one_page_is_named(closed, env, tmp_path, capsys):
    copy = site_copy(closed, tmp_path)
    page = copy / "2026/people/linmin/index.html"
    data = bytearray(page.read_bytes())
    data[len(data) // 2] ^= 1
    page.write_bytes(bytes(data))
    code, out = verify(closed, capsys, "2026", str(copy))
    assert code == 1 and "文件被改动：people/linmin/index.html" in out and "核验未通过" in out


def test_an_added_page_is_named(closed, env, tmp_path, capsys):
    copy = site_copy(closed, tmp_path)
    (copy / "2026/people/extra").mkdir()
    (copy / "2026/people/extra/index.html").write_text("<p>优秀</p>", encoding="utf-8")
    code, out = verify(closed, capsys, "2026", str(copy))
    assert code == 1 and "多出的文件：people/extra/index.html" in out


def test_a_missing_page_is_named(closed, env, tmp_path, capsys):
    copy = site_copy(closed, tmp_path)
    (copy / "2026/method/index.html").unlink()
    code, out = verify(closed, capsys, "2026", str(copy))
    assert code == 1 and "文件缺失：method/index.html" in out


def edit_manifest(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")


def test_an_edited_manifest_in_the_site_is_caught(closed, env, tmp_path, capsys):
    copy = site_copy(closed, tmp_path)
    page = copy / "2026/people/linmin/index.html"
    page.write_bytes(page.read_bytes() + b"<!-- x -->")
    manifest = copy / "2026/closing/0002-2026.json"
    edit_manifest(manifest, lambda d: d["files"].update({"site/people/linmin/index.html": merkle.file_digest(page.read_bytes())}))
    code, out = verify(closed, capsys, "2026", str(copy))
    assert code == 1 and "closing/0002-2026.json 与仓库中签名的版本不一致" in out
    # with the site's own chain only (an auditor holding the allowed signers), the signature gives it away
    code, out = site_only(closed, capsys, copy)
    assert code == 1 and "清单 0002-2026.json 的签名无效" in out


def site_only(closed, capsys, copy: Path, signers: Path | None = None) -> tuple[int, str]:
    """verify with no repository at hand: the site's closing/ folder, and an allowed_signers file from elsewhere."""
    elsewhere = copy.parent / "no-repository"
    elsewhere.mkdir(exist_ok=True)
    return portal("verify", "2026", str(copy), "--root", str(elsewhere), "--allowed-signers",
                  str(signers or closed["root"] / "closing/allowed_signers"), capsys=capsys)


def test_the_untouched_copy_passes_with_the_site_s_own_chain(closed, env, tmp_path, capsys):
    assert site_only(closed, capsys, site_copy(closed, tmp_path))[0] == 0


def test_a_signature_from_an_unknown_key_is_refused(closed, env, tmp_path, capsys):
    copy = site_copy(closed, tmp_path)
    manifest = copy / "2026/closing/0002-2026.json"
    page = copy / "2026/index.html"
    page.write_bytes(page.read_bytes().replace("本年度已关闭".encode(), "本年度已关闭！".encode()))
    edit_manifest(manifest, lambda d: (d["files"].update({"site/index.html": merkle.file_digest(page.read_bytes())}),
                                       d.update(root=merkle.root(d["files"]))))
    signature = subprocess.run(["ssh-keygen", "-q", "-Y", "sign", "-f", str(closed["stranger"]), "-n", "evaluation-portal-closing"],
                               input=manifest.read_bytes(), capture_output=True, check=True).stdout
    (copy / "2026/closing/0002-2026.json.sig").write_bytes(signature)
    code, out = site_only(closed, capsys, copy)
    assert code == 1 and "清单 0002-2026.json 是用未登记的密钥签名的" in out
    code, out = verify(closed, capsys, "2026", str(copy))
    assert code == 1 and "0002-2026.json.sig 与仓库中签名的版本不一致" in out


def test_a_key_past_its_valid_before_is_refused(closed, env, tmp_path, capsys):
    signers = tmp_path / "allowed_signers"
    signers.write_text(f'rsc-zhao valid-before="20200101" {public(closed["zhao"])}\n', encoding="utf-8")
    code, out = site_only(closed, capsys, site_copy(closed, tmp_path), signers)
    assert code == 1 and "rsc-zhao 的密钥不在有效期内" in out


def test_a_signer_who_is_not_the_one_named_is_refused(closed, env, tmp_path, capsys):
    signers = tmp_path / "allowed_signers"
    signers.write_text(f"rsc-qian {public(closed['zhao'])}\n", encoding="utf-8")
    code, out = site_only(closed, capsys, site_copy(closed, tmp_path), signers)
    assert code == 1 and "写明由 rsc-zhao 签名，但所用密钥登记在 rsc-qian 名下" in out


def test_a_changed_root_of_the_previous_cycle_is_caught(closed, env, tmp_path, capsys):
    copy = site_copy(closed, tmp_path)
    edit_manifest(copy / "2026/closing/0001-2025.json", lambda d: d.update(root="0" * 64))
    code, out = site_only(closed, capsys, copy)
    assert code == 1 and "清单 0001-2025.json 的签名无效" in out and "上一年度的记录被改动过" in out
    code, out = verify(closed, capsys, "2026", str(copy))
    assert code == 1 and "closing/0001-2025.json 与仓库中签名的版本不一致" in out


def test_a_chain_with_a_manifest_taken_out_is_broken(closed, env, tmp_path, capsys):
    copy = site_copy(closed, tmp_path)
    (copy / "2026/closing/0001-2025.json").unlink()
    (copy / "2026/closing/0001-2025.json.sig").unlink()
    code, out = site_only(closed, capsys, copy)
    assert code == 1 and "应为第 1 份" in out


def test_one_page_is_verified_by_its_hash_and_inclusion_proof(closed, env, tmp_path, capsys):
    page = tmp_path / "linmin.html"
    shutil.copy2(closed["root"] / "site/2026/people/linmin/index.html", page)
    code, out = verify(closed, capsys, "2026", str(page))
    assert code == 0 and "页面核验通过：people/linmin/index.html" in out
    page.write_bytes(page.read_bytes().replace(b"</html>", b"</html>\n"))
    code, out = verify(closed, capsys, "2026", str(page), "--path", "people/linmin/index.html")
    assert code == 1 and "页面 people/linmin/index.html 被改动" in out


def test_a_rebuild_from_the_tag_is_byte_identical(closed, env, capsys):
    code, out = verify(closed, capsys, "2026", "--rebuild")
    assert code == 0 and "逐字节一致" in out, out


def test_an_ordinary_build_of_a_closed_cycle_matches_its_manifest(closed, env, tmp_path, capsys):
    """`portal build` in the repository (same code, same secret as at the closing) gives the signed bytes again;
    2025 was closed without a secret, so a build with one (sealed blocks added) no longer matches it."""
    root = tmp_path / "clone"
    shutil.copytree(closed["root"], root, ignore=shutil.ignore_patterns("site", ".portal"))
    assert main(["build", "--root", str(root), "--force"]) == 0
    capsys.readouterr()
    code, out = portal("verify", "2026", "--root", str(root), capsys=capsys)
    assert code == 0, out
    code, out = portal("verify", "2025", "--root", str(root), capsys=capsys)
    assert code == 1 and "文件被改动：people/" in out


# -- refusals, and an amendment after an upheld appeal ------------------------------------------------------


@pytest.fixture
def repo_copy(closed, tmp_path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(closed["root"], root)
    return root


def close(root: Path, capsys, key: Path, signer: str | None = "rsc-zhao", cycle: str = "2026") -> tuple[int, str]:
    named = ["--signer", signer] if signer else []  # without it: the organiser allowed_signers lists with the key
    return portal("close", cycle, "--root", str(root), *named, "--key", str(key), capsys=capsys)


def test_closing_refuses_a_dirty_tree_a_non_organiser_and_an_unlisted_key(closed, repo_copy, env, capsys):
    (repo_copy / "scorecards/2026/appeals").mkdir()
    (repo_copy / "scorecards/2026/appeals/1.yaml").write_text("received: 2027-01-10\nabout: linmin\nkind: review\nstatus: open\n",
                                                              encoding="utf-8")
    git(repo_copy, "add", "-A")
    git(repo_copy, "commit", "-qm", "appeal")
    (repo_copy / "mkdocs.yml").write_text((repo_copy / "mkdocs.yml").read_text() + "\n", encoding="utf-8")
    assert "工作区有未提交的修改" in close(repo_copy, capsys, closed["zhao"])[1]
    git(repo_copy, "checkout", "-q", "--", "mkdocs.yml")
    assert "linmin 不是本年度的组织者" in close(repo_copy, capsys, closed["zhao"], "linmin")[1]
    assert "这把密钥没有以 rsc-zhao 的名义列在" in close(repo_copy, capsys, closed["stranger"])[1]
    assert "已经签过清单" in close(repo_copy, capsys, closed["zhao"], cycle="2025")[1]


def test_closing_refuses_before_the_publicity_is_over(closed, repo_copy, env, capsys, monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "2026-12-26")
    code, out = close(repo_copy, capsys, closed["zhao"])
    assert code == 1 and "2026-12-26" in out  # validation refuses status: closed during the 公示


def test_an_upheld_appeal_after_closing_adds_an_amendment_chained_to_the_first(closed, repo_copy, env, capsys):
    (repo_copy / "scorecards/2026/appeals").mkdir()
    (repo_copy / "scorecards/2026/appeals/1.yaml").write_text(
        "received: 2027-01-10\nabout: linmin\nkind: review\nstatus: upheld\ndecision: 经复核，改定为优秀\ndecided: 2027-01-20\ngrade: 优秀\n",
        encoding="utf-8")
    git(repo_copy, "add", "-A")
    git(repo_copy, "commit", "-qm", "appeal upheld")
    code, out = close(repo_copy, capsys, closed["zhao"], signer=None)
    assert code == 0 and "改定清单已签名" in out, out
    third = json.loads((repo_copy / "closing/0003-2026.json").read_text(encoding="utf-8"))
    second = json.loads((repo_copy / "closing/0002-2026.json").read_text(encoding="utf-8"))
    assert third["kind"] == "amendment" and third["tag"] == "closed/2026-2" and third["previous"]["sequence"] == 2
    assert third["closing"] == second["closing"]  # closed when and by whom: unchanged
    assert "scorecards/2026/appeals/1.yaml" in third["files"]
    assert third["files"]["site/people/linmin/index.html"] != second["files"]["site/people/linmin/index.html"]
    git(repo_copy, "add", "-A")
    git(repo_copy, "commit", "-qm", "closing/0003-2026.json")
    code, out = portal("verify", "2026", "--root", str(repo_copy), capsys=capsys)
    assert code == 0 and "第 3 份清单" in out, out
    record = (repo_copy / "site/2026/closing/index.html").read_text(encoding="utf-8")
    assert "改定清单（第 3 份" in record and "关闭清单（第 2 份）" in record
    # the old site no longer passes: the amendment is what stands
    code, out = verify(closed, capsys, "2026", str(closed["root"] / "site"))
    assert code == 0  # (the first repository knows no amendment)
    shutil.copytree(closed["root"] / "site/2026", repo_copy / "old-2026")
    code, out = portal("verify", "2026", str(repo_copy / "old-2026"), "--root", str(repo_copy), capsys=capsys)
    assert code == 1 and "people/linmin/index.html" in out


# -- the result notices of the closed cycle, printed in Chromium and read back ----------------------------------


@pytest.mark.browser
def test_the_notices_print_one_a4_page_per_person_with_a_proof_that_checks(closed, env, tmp_path, capsys):
    import io
    import re

    import pypdf
    from conftest import CHROMIUM
    from playwright.sync_api import sync_playwright

    code, out = portal("notices", "--root", str(closed["root"]), "--cycle", "2026", "--section", "mishu",
                       "--out", str(tmp_path), "--date", "2027-01-05", capsys=capsys)
    assert code == 0, out
    manifest = json.loads((closed["root"] / "closing/0002-2026.json").read_text(encoding="utf-8"))
    members = sorted(p.stem for p in (closed["root"] / "scorecards/2026/people").glob("*.yaml")
                     if "section: mishu" in p.read_text(encoding="utf-8"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto((tmp_path / "notices-2026-mishu.html").as_uri())
            pdf = page.pdf(format="A4", prefer_css_page_size=True)
        finally:
            browser.close()
    assert all(url.startswith("file://") for url in requests)
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == len(members)  # one A4 page per person, none spilling over
    for sheet in pages:
        assert abs(float(sheet.mediabox.width) - 595.3) < 2 and abs(float(sheet.mediabox.height) - 841.9) < 2  # A4 in points
        text = sheet.extract_text()
        flat = re.sub(r"\s+", "", text)
        assert "考核结果通知书" in flat and "2027-02-04" in flat and "签收" in flat
        person = re.search(r"people/([A-Za-z0-9_-]+)/index\.html", flat).group(1)
        members.remove(person)
        path = f"site/people/{person}/index.html"
        digest = re.search(r"SHA-256：([0-9a-f]{64})", flat).group(1)
        root = re.search(r"默克尔根：([0-9a-f]{64})", flat).group(1)
        proof = re.findall(r"[LR]:[0-9a-f]{64}", flat.split("包含证明")[-1])
        assert digest == manifest["files"][path] and root == manifest["root"]
        assert proof and merkle.root_from_proof(path, digest, proof) == root  # what the person can check with hashlib alone
    assert members == []


def test_a_later_build_keeps_the_signed_site_as_it_is(closed, repo_copy, env, capsys):
    guide = repo_copy / "content/guide/index.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n新增说明。\n", encoding="utf-8")  # every page's navigation changes
    code, out = portal("build", "--root", str(repo_copy), capsys=capsys)
    assert code == 0 and "2026 年度已关闭签名，网站与签名清单一致，原样保留" in out
    assert verify(closed, capsys, "2026", str(repo_copy / "site"))[0] == 0


def test_a_closed_cycle_s_bundle_carries_its_signed_manifest(closed, env, tmp_path, capsys):
    """Issue 21: the bundle of a closed cycle holds the manifest as signed, its signature and who may sign."""
    import json

    out = tmp_path / "office.bundle"
    code, text = portal("bundle", "--cycle", "2025", "--root", str(closed["root"]), "--out", str(out), capsys=capsys)
    assert code == 0, text
    described = json.loads((out / "bundle.json").read_text(encoding="utf-8"))
    assert described["manifest"] == ["manifest/0001-2025.json", "manifest/0001-2025.json.sig", "manifest/allowed_signers"]
    archive = closed["root"] / "closing"
    for name in ("0001-2025.json", "0001-2025.json.sig", "allowed_signers"):
        assert (out / "manifest" / name).read_bytes() == (archive / name).read_bytes()
