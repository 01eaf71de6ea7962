"""`portal notices`: the 考核结果通知书, one per person, with the appeal rights and their dates (before any closing)."""

from __future__ import annotations

from html import unescape


def notices_of(minimal, run, tmp_path, *options: str) -> str:
    code, out, err = run("notices", "--root", str(minimal.root), "--out", str(tmp_path / "out"), *options)
    assert code == 0, err
    return out


def test_a_notice_per_person_with_grade_scores_comment_rights_and_a_signature_line(minimal, run, tmp_path):
    minimal.cycle(appeals={"review_days": 30, "appeal_days": 15, "notified": "2027-01-05"})
    out = notices_of(minimal, run, tmp_path)
    assert "共 2 份通知书" in out
    html = unescape((tmp_path / "out/notices-2026-mishu.html").read_text(encoding="utf-8"))
    assert html.count('<section class="notice"') == 2
    assert "名zhangsan同志：" in html and "考核等次" in html and "综合得分" in html and "组织考评" in html
    assert "自收到本通知书之日起 30 日内（2027-02-04 前）" in html and "15 日内向上级机关提出申诉" in html
    assert "本人签收" in html and "签收日期" in html
    assert "本年度尚未用 portal close 关闭签名" in html  # the page check comes with the closing


def test_one_file_per_person_and_the_date_given(minimal, run, tmp_path):
    minimal.cycle(appeals={"review_days": 10, "appeal_days": 15})
    notices_of(minimal, run, tmp_path, "--per-person", "--date", "2027-03-01")
    files = sorted(p.name for p in (tmp_path / "out/notices-2026").iterdir())
    assert files == ["lisi.html", "zhangsan.html"]
    assert "（2027-03-11 前）" in (tmp_path / "out/notices-2026/lisi.html").read_text(encoding="utf-8")


def test_an_amended_grade_is_marked_on_the_notice(minimal, run, tmp_path):
    minimal.cycle(excellent_quota=0.5)
    minimal.write("appeals/1.yaml", {"received": "2027-01-10", "about": "lisi", "kind": "review", "status": "upheld",
                                     "decision": "改定", "grade": "优秀"})
    notices_of(minimal, run, tmp_path)
    html = unescape((tmp_path / "out/notices-2026-mishu.html").read_text(encoding="utf-8"))
    assert "经appeals/1改定（原核定等次：称职）" in html


def test_names_and_comments_are_escaped(minimal, run, tmp_path):
    minimal.person("zhangsan", self_scores="好", name="<script>alert(1)</script>")
    notices_of(minimal, run, tmp_path)
    html = (tmp_path / "out/notices-2026-mishu.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_default_folder_is_git_ignored_and_never_a_link(minimal, run, tmp_path):
    from conftest import REPO

    assert "/notices/" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    (minimal.root / "notices").symlink_to(tmp_path)
    code, _, err = run("notices", "--root", str(minimal.root))
    assert code == 1 and "符号链接" in err
