"""`portal build`: versions layout, content, escaping of hostile text, reproducibility, safe failure."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import REPO, open_restricted_files, publish_to_everyone
from test_search import indexed

from generator.cli import main

HOSTILE = {
    "id": "hostile", "name": "<b>坏人</b>", "section": "mishu", "post": "科员<img src=x onerror=alert(1)>",
    "show": {
        "standards": ["<script>alert('standards')</script>"],
        "goals": [{"text": "[点我](javascript:alert(3))", "target": 1, "actual": 1, "unit": "<i>篇</i>"}],
        "commitments": [{"text": "<img src=x onerror=alert(2)>", "result": "kept", "evidence": "{: onclick=alert(4)}"}],
    },
    "self": {"scores": {"learning": "好", "work": "好", "contribution": "好", "fulfilment": "好"},
             "summary": "**粗体** | 竖线 <a href=\"javascript:alert(5)\">链接</a>\n# 标题"},
}


def copy_portal(target: Path) -> Path:
    """The sample portal, its restricted files opened into clear YAML so that tests can edit them as text."""
    target.mkdir(parents=True)
    for name in ("scorecards", "content"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy2(REPO / "mkdocs.yml", target / "mkdocs.yml")
    open_restricted_files(target)
    return target


def site_digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = copy_portal(tmp_path_factory.mktemp("built") / "portal")
    publish_to_everyone(root)
    (root / "scorecards/2026/people/hostile.yaml").write_text(yaml.safe_dump(HOSTILE, allow_unicode=True), encoding="utf-8")
    assert main(["build", "--root", str(root)]) == 0
    return root


def test_every_cycle_is_a_version_and_the_newest_is_latest(built):
    site = built / "site"
    assert json.loads((site / "versions.json").read_text(encoding="utf-8")) == [
        {"version": "2026", "title": "2026年度“三亮三比三评”", "aliases": ["latest"]},
        {"version": "2025", "title": "2025年度“三亮三比三评”", "aliases": []},
    ]
    assert (site / "2025/index.html").is_file() and (site / "2026/index.html").is_file()
    assert (site / "latest/index.html").read_bytes() == (site / "2026/index.html").read_bytes()
    assert 'url=latest/' in (site / "index.html").read_text(encoding="utf-8")


def test_the_version_selector_is_configured(built):
    html = (built / "site/2026/index.html").read_text(encoding="utf-8")
    assert '"provider": "mike"' in html or '"provider":"mike"' in html


def test_person_pages_show_standards_and_commitments(built):
    card = yaml.safe_load((built / "scorecards/2026/people/luofang.yaml").read_text(encoding="utf-8"))
    html = (built / "site/2026/people/luofang/index.html").read_text(encoding="utf-8")
    for item in card["show"]["standards"]:
        assert item in html
    for item in card["show"]["commitments"]:
        assert (item if isinstance(item, str) else item["text"]) in html
    assert "portal-chart" in html


def test_the_search_index_holds_names_and_commitments_not_rankings(built):
    pages = indexed(built / "site/2026")
    assert "罗芳" in pages["/people/luofang/"] and "传帮带" in pages["/people/luofang/"]
    assert "/results/" not in pages and "/compare/" not in pages  # front matter: search exclude
    assert (built / "site/latest/pagefind/pagefind-ui.js").is_file()
    assert not (built / "site/2026/search/search_index.json").exists()  # no whole-index download any more


def test_the_search_index_segments_a_standard_into_words(built):
    """Pagefind's extended build cuts Chinese into words: a standard is stored as several of them."""
    card = yaml.safe_load((built / "scorecards/2026/people/luofang.yaml").read_text(encoding="utf-8"))
    standard = card["show"]["standards"][1].split("，")[0]  # 督查事项建立台账
    fragments = indexed(built / "site/2026", segmented=True)["/people/luofang/"]
    stored = next(part for part in fragments.split() if standard in part.replace("\u200b", ""))
    assert stored.count("\u200b") >= 2


def test_downloads_are_published(built):
    downloads = built / "site/2026/downloads"
    assert {"results-2026.csv", "results-2026.xlsx", "sections-2026.csv"} <= {p.name for p in downloads.iterdir()}
    assert "罗芳" in (downloads / "results-2026.csv").read_text(encoding="utf-8-sig")


def test_no_page_refers_to_an_outside_host(built):
    allowed = ("http://localhost:8000/",)
    for page in (built / "site").rglob("*.html"):
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', page.read_text(encoding="utf-8")):
            assert url.startswith(allowed), f"{page}: {url}"
    css = "".join(p.read_text(encoding="utf-8") for p in (built / "site/2026/assets").rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


def test_hostile_text_is_shown_escaped_and_inert(built):
    html = (built / "site/2026/people/hostile/index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"): html.index("</article>")]
    assert "<script>alert" not in article and "<img src=x" not in article and "<b>坏人" not in article
    assert "javascript:" not in re.sub(r"&#\d+;|&\w+;", "", " ".join(re.findall(r'href="([^"]*)"', article)))
    assert not re.search(r"<[^>]+\son\w+=", article), "an event handler attribute made it into a tag"
    assert "<h1" in article and article.count("<h1") == 1  # '# 标题' in the summary is not a heading
    # and the text itself is there to read
    for shown in ("&lt;script&gt;", "&lt;b&gt;", "onerror", "javascript", "点我"):
        assert shown in article.replace("&#60;", "&lt;").replace("&#62;", "&gt;") or shown in html


def test_the_same_input_gives_byte_identical_output(built, tmp_path):
    again = copy_portal(tmp_path / "again")
    publish_to_everyone(again)
    shutil.copy2(built / "scorecards/2026/people/hostile.yaml", again / "scorecards/2026/people/hostile.yaml")
    assert main(["build", "--root", str(again)]) == 0
    assert site_digest(again / "site") == site_digest(built / "site")


def test_invalid_scorecards_stop_the_build_and_keep_the_previous_site(built, capsys):
    before = site_digest(built / "site")
    broken = built / "scorecards/2026/people/luofang.yaml"
    original = broken.read_text(encoding="utf-8")
    broken.write_text(original.replace("section: mishu", "section：mishu"), encoding="utf-8")
    try:
        assert main(["build", "--root", str(built)]) == 1
        err = capsys.readouterr().err
        assert "luofang.yaml" in err and "中文冒号" in err
        assert site_digest(built / "site") == before
        assert not list(built.glob(".site-*"))  # no staging left behind
    finally:
        broken.write_text(original, encoding="utf-8")


def test_one_cycle_can_be_rebuilt_alone(built, tmp_path):
    root = copy_portal(tmp_path / "one")
    assert main(["build", "--root", str(root), "--cycle", "2025"]) == 0
    assert (root / "site/2025/index.html").is_file()
    # versions.json lists only what was built: the selector never leads to a missing version
    listed = json.loads((root / "site/versions.json").read_text(encoding="utf-8"))
    assert [(v["version"], v["aliases"]) for v in listed] == [("2025", ["latest"])]
    assert (root / "site/latest/index.html").is_file()
    assert main(["build", "--root", str(root), "--cycle", "2026"]) == 0
    assert (root / "site/2025/index.html").is_file() and (root / "site/latest/index.html").is_file()
    listed = json.loads((root / "site/versions.json").read_text(encoding="utf-8"))
    assert [(v["version"], v["aliases"]) for v in listed] == [("2026", ["latest"]), ("2025", [])]


def test_building_only_the_newest_cycle_lists_only_it(tmp_path):
    root = copy_portal(tmp_path / "fresh")
    assert main(["build", "--root", str(root), "--cycle", "2026"]) == 0
    listed = json.loads((root / "site/versions.json").read_text(encoding="utf-8"))
    assert [v["version"] for v in listed] == ["2026"]
    assert all((root / "site" / v["version"] / "index.html").is_file() for v in listed)
