"""Who may read what, in the built site folder: nothing restricted in clear, each code opens what it should.

The sample portal (restricted by default) is built with a secret; the site
folder is then searched as files for every restricted figure and comment,
and the sealed blocks are opened in Python exactly as the browser does
(`seal.open_block`).  test_audiences_browser.py does the same in Chromium.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, TEST_KEY, TEST_SECRET

from generator.cli import main
from generator.site.codes import code_for
from generator.site.seal import open_block

SECRET = TEST_SECRET
SEALED = re.compile(r'<div class="portal-sealed" data-audience="([^"]*)" data-salt="([^"]*)" data-iterations="(\d+)" '
                    r'data-keys="([^"]*)" data-box="([^"]*)">')


def copy_sample(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("scorecards", "content"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy2(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


@pytest.fixture(scope="module")
def sealed_site(tmp_path_factory):
    root = copy_sample(tmp_path_factory.mktemp("sealed") / "portal")
    mp = pytest.MonkeyPatch()
    mp.setenv("PORTAL_SECRET", SECRET)
    try:
        assert main(["build", "--root", str(root)]) == 0
    finally:
        mp.undo()
    return root


def results_of(root: Path, cycle: str) -> list[dict]:
    out = io.StringIO()
    from contextlib import redirect_stdout

    with redirect_stdout(out):
        assert main(["results", "--root", str(root), "--cycle", cycle]) == 0
    return json.loads(out.getvalue())


def site_texts(root: Path) -> dict[str, str]:
    """Every file of the built site, except the hand-written guide pages (content/: text written by the
    maintainers, whose worked examples may hold any number)."""
    return {p.relative_to(root / "site").as_posix(): p.read_bytes().decode("utf-8", "replace")
            for p in sorted((root / "site").rglob("*")) if p.is_file() and "/guide/" not in p.as_posix()}


def blocks_in(html: str) -> list[tuple]:
    return SEALED.findall(html)


def opened(code: str, html: str) -> list[str]:
    """The plaintext of every sealed block of a page that `code` opens."""
    found = []
    for _audience, salt, iterations, keys, box in blocks_in(html):
        plain = open_block(code, base64.b64decode(salt), int(iterations), keys.split(), box)
        if plain is not None:
            found.append(plain)
    return found


def code(holder: str, cycle: str = "2026") -> str:
    return code_for(TEST_KEY, cycle, holder)


def public_figures(results: list[dict], texts: dict[str, str]) -> set[str]:
    """Section means are public (contract: means over at least min_raters complete members); a person's
    figure that happens to equal one of them is not a leak."""
    means = set()
    for text in texts.values():
        means.update(re.findall(r'<td style="text-align: right;">(\d+\.\d\d)</td>', text))
    return means


def leaked(secret: str, text: str) -> bool:
    """`secret` in `text`, except as a goal's progress (a public 三亮 figure such as 88.43%)."""
    return re.search(re.escape(secret) + r"(?!%)", text) is not None


def restricted_strings(root: Path, cycle: str) -> dict[str, list[str]]:
    """Per person: their scores as published (two decimals) and the leader's comment on them."""
    import yaml

    comments = {}
    for review in (root / "scorecards" / cycle / "organizational").glob("*.yaml"):
        for pid, marks in (yaml.safe_load(review.read_text(encoding="utf-8")).get("people") or {}).items():
            if marks.get("comment"):
                comments[pid] = marks["comment"]
    found = {}
    for person in results_of(root, cycle):
        figures = [f"{person[k]:.2f}" for k in ("self", "democratic", "organizational", "composite") if person[k] is not None]
        figures += [f"{v:.2f}" for v in person["compare"].values() if v is not None]
        found[person["id"]] = figures + ([comments[person["id"]]] if person["id"] in comments else [])
    return found


@pytest.mark.parametrize("cycle", ["2026", "2025"])
def test_no_restricted_figure_or_comment_is_in_the_site_folder(sealed_site, cycle):
    texts = site_texts(sealed_site)
    public = public_figures([], texts)
    for pid, secrets in restricted_strings(sealed_site, cycle).items():
        for secret in secrets:
            if secret in public:
                continue
            leaks = [path for path, text in texts.items() if leaked(secret, text)]
            assert leaks == [], f"{pid}: {secret!r} in {leaks[:5]}"


def test_the_site_holds_no_download_files_and_no_name_tells_a_grade(sealed_site):
    names = [p.relative_to(sealed_site / "site").as_posix() for p in (sealed_site / "site").rglob("*")]
    assert not [n for n in names if n.endswith((".csv", ".xlsx"))]
    for grade in ("优秀", "称职", "excellent", "results-"):
        assert not [n for n in names if grade in n]


def test_search_index_and_sitemap_hold_no_restricted_text(sealed_site):
    from test_search import indexed

    pages = indexed(sealed_site / "site/2026")
    assert "people/luofang/" in "".join(pages) and "罗芳" in " ".join(pages.values())  # the public part is searchable
    text = " ".join(pages.values())
    assert "综合得分：" not in text and "排名：第" not in text
    public = public_figures([], site_texts(sealed_site))
    for pid, secrets in restricted_strings(sealed_site, "2026").items():
        for secret in secrets:
            assert secret in public or not leaked(secret, text), (pid, secret)
    assert "portal-sealed" not in (sealed_site / "site/2026/sitemap.xml").read_text(encoding="utf-8")


def test_a_persons_code_opens_their_own_results_and_no_one_elses(sealed_site):
    people = {p["id"]: p for p in results_of(sealed_site, "2026")}
    mine = (sealed_site / "site/2026/people/luofang/index.html").read_text(encoding="utf-8")
    theirs = (sealed_site / "site/2026/people/lilei/index.html").read_text(encoding="utf-8")
    [own] = opened(code("luofang"), mine)
    assert f"{people['luofang']['composite']:.2f}" in own and people["luofang"]["grade"] in own
    assert opened(code("luofang"), theirs) == []
    for page in ("results", "compare", "downloads", "sections"):
        assert opened(code("luofang"), (sealed_site / f"site/2026/{page}/index.html").read_text(encoding="utf-8")) == []


def test_the_person_page_keeps_the_public_part_in_clear(sealed_site):
    html = (sealed_site / "site/2026/people/luofang/index.html").read_text(encoding="utf-8")
    assert "罗芳" in html and "亮标准" in html and len(blocks_in(html)) == 1


def test_an_organisers_code_opens_every_block_and_the_downloads(sealed_site):
    organiser = code("organiser:rsc-zhao")
    results_html = (sealed_site / "site/2026/results/index.html").read_text(encoding="utf-8")
    [table] = opened(organiser, results_html)
    for person in results_of(sealed_site, "2026"):
        assert person["name"] in table
        if person["composite"] is not None:
            assert f"{person['composite']:.2f}" in table
    assert "经核实" in table  # the objection in full
    [files] = opened(organiser, (sealed_site / "site/2026/downloads/index.html").read_text(encoding="utf-8"))
    payload = re.search(r'download="results-2026.csv"[^>]*data-b64="([^"]+)"', files).group(1)
    rows = list(csv.DictReader(io.StringIO(base64.b64decode(payload).decode("utf-8-sig"))))
    assert len(rows) == 24 and {"罗芳", "李磊"} <= {r["姓名"] for r in rows}  # the downloads are for people: Chinese headers (issue 13)
    for pid in ("luofang", "lilei", "2024001"):
        assert len(opened(organiser, (sealed_site / f"site/2026/people/{pid}/index.html").read_text(encoding="utf-8"))) == 1


def test_a_leaders_code_opens_their_sections_only(sealed_site):
    leader = code("leader:wangjianguo")  # 秘书处 (mishu)
    page = lambda path: (sealed_site / f"site/2026/{path}/index.html").read_text(encoding="utf-8")  # noqa: E731
    assert len(opened(leader, page("sections/mishu"))) == 1 and len(opened(leader, page("people/lilei"))) == 1
    assert opened(leader, page("sections/xinxi")) == [] and opened(leader, page("results")) == []


def test_a_wrong_code_opens_nothing(sealed_site):
    for path in ("people/luofang", "results", "sections/mishu", "downloads"):
        html = (sealed_site / f"site/2026/{path}/index.html").read_text(encoding="utf-8")
        assert opened("ABCD-EFGH-JKLM-NPQR", html) == [] and opened(code("luofang", "2025"), html) == []


def test_neither_the_secret_nor_any_code_is_written_anywhere(sealed_site):
    from generator.site.codes import grouped
    from generator.site.secret import purpose_key

    codes = [code(h) for h in ("luofang", "lilei", "organiser:rsc-zhao", "leader:wangjianguo")]
    keys = [TEST_KEY] + [purpose_key(TEST_KEY, p) for p in ("code", "content", "content-nonce", "wrap-nonce", "sealed-memo")]
    forms = [form for key in keys for form in (key, key.hex().encode(), base64.b64encode(key))]
    for folder in ("site", ".portal"):
        for path in (sealed_site / folder).rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert TEST_SECRET.encode() not in data and TEST_SECRET.split(":")[1].encode() not in data, path
                assert not [form for form in forms if form in data], path
                for c in codes:
                    assert c.encode() not in data and grouped(c).encode() not in data, path


def site_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root / "site").as_posix(): p.read_bytes() for p in sorted((root / "site").rglob("*")) if p.is_file()}


def test_two_clean_builds_with_the_same_secret_are_byte_identical(sealed_site, tmp_path, monkeypatch):
    """Reproducible sealing (issue 20): keys and nonces derive from the secret, the block and its text, so a clean
    build in another folder writes the very same bytes, sealed blocks included (diff -r finds nothing)."""
    again = copy_sample(tmp_path / "again")
    monkeypatch.setenv("PORTAL_SECRET", SECRET)
    assert main(["build", "--root", str(again)]) == 0
    first, second = site_files(sealed_site), site_files(again)
    assert first.keys() == second.keys()
    assert [path for path in first if first[path] != second[path]] == []
    assert any(b'class="portal-sealed"' in data for data in second.values())


def test_another_secret_changes_the_ciphertexts_and_nothing_else(sealed_site, tmp_path, monkeypatch):
    """What a site publishes that depends on the secret is ciphertext only (wrapped keys and boxes): no salt,
    fingerprint or name derived from the secret alone that a guessed secret could be checked against."""
    from conftest import OTHER_SECRET

    from generator.site.seal import cycle_salt

    other = copy_sample(tmp_path / "other")
    monkeypatch.setenv("PORTAL_SECRET", OTHER_SECRET)
    assert main(["build", "--root", str(other)]) == 0
    ciphertext = re.compile(rb'data-(keys|box)="[^"]*"')
    mine, theirs = site_files(sealed_site), site_files(other)
    assert mine.keys() == theirs.keys()
    differ = [path for path in mine if mine[path] != theirs[path]]
    assert differ and [path for path in differ if ciphertext.sub(b"", mine[path]) != ciphertext.sub(b"", theirs[path])] == []
    html = mine["2026/people/luofang/index.html"].decode("utf-8")
    unit = __import__("yaml").safe_load((sealed_site / "scorecards/2026/org.yaml").read_text(encoding="utf-8"))["name"]
    assert {base64.b64decode(salt) for _a, salt, *_ in blocks_in(html)} == {cycle_salt(unit, "2026")}


def test_without_a_secret_the_build_is_the_public_view_and_says_so(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("PORTAL_SECRET", raising=False)
    root = copy_sample(tmp_path / "portal")
    assert main(["build", "--root", str(root)]) == 0
    assert "只生成公开内容" in capsys.readouterr().err
    texts = site_texts(root)
    assert not [p for p, t in texts.items() if "data-keys=" in t]
    public = public_figures([], texts)
    for pid, secrets in restricted_strings(root, "2026").items():
        for secret in secrets:
            if secret not in public:
                assert not [p for p, t in texts.items() if leaked(secret, t)], (pid, secret)
    home = texts["2026/index.html"]
    assert "参与情况" in home and "本网站只发布了公开内容" in texts["2026/people/luofang/index.html"]


def test_results_everyone_keeps_the_v1_site(tmp_path, monkeypatch):
    from conftest import publish_to_everyone

    monkeypatch.delenv("PORTAL_SECRET", raising=False)
    root = copy_sample(tmp_path / "portal")
    publish_to_everyone(root)
    assert main(["build", "--root", str(root)]) == 0
    person = next(p for p in results_of(root, "2026") if p["id"] == "luofang")
    html = (root / "site/2026/people/luofang/index.html").read_text(encoding="utf-8")
    assert f"{person['composite']:.2f}" in html and "data-keys=" not in html
    assert (root / "site/2026/downloads/results-2026.csv").is_file()
