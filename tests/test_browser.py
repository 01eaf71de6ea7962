"""What a person sees, in Debian's Chromium driven by Playwright: versions, search, charts, no outside requests.

Screenshots of the main pages are kept in test-artifacts/ for people to look at.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import REPO, open_restricted_files, publish_to_everyone

from generator.cli import main

pytestmark = pytest.mark.browser
ARTIFACTS = REPO / "test-artifacts"


def built_sample(tmp_path_factory, name: str, change=None) -> Path:
    root = tmp_path_factory.mktemp(name) / "portal"
    root.mkdir()
    for folder in ("scorecards", "content"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    open_restricted_files(root)  # `change` may edit a tally or a review as text
    publish_to_everyone(root)  # these tests look at figures; the restricted view: test_audiences_browser.py
    if change:
        change(root)
    assert main(["build", "--root", str(root)]) == 0
    return root


def serving(root: Path, host: str = "127.0.0.1"):
    handler = functools.partial(QuietHandler, directory=str(root / "site"))
    httpd = http.server.ThreadingHTTPServer((host, 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The sample portal built and served over HTTP on the loopback (the selector needs HTTP)."""
    root = built_sample(tmp_path_factory, "browser")
    httpd = serving(root)
    address = f"http://127.0.0.1:{httpd.server_address[1]}"
    SITE_OF[address] = root / "site"
    yield address
    httpd.shutdown()
    httpd.server_close()


SITE_OF: dict[str, Path] = {}


def make_hostile(root: Path) -> None:
    """Markup in the unit's name, a cycle title and a person's texts: all of it must stay text."""
    for name, old, new in (("org.yaml", "name: 省委办公厅", 'name: "<script>alert(1)</script>办公厅"'),
                           ("cycle.yaml", "title: 2026年度“三亮三比三评”", 'title: "<img src=x onerror=alert(2)>2026年度"')):
        path = root / "scorecards/2026" / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    person = root / "scorecards/2026/people/luofang.yaml"
    text = person.read_text(encoding="utf-8").replace("name: 罗芳", 'name: "<img src=x onerror=alert(3)>罗芳"')
    person.write_text(text.replace("  standards:\n", "  standards:\n  - '<script>alert(4)</script>[点我](javascript:alert(5))'\n", 1),
                      encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    httpd = serving(built_sample(tmp_path_factory, "hostile", make_hostile))
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


SERVED: list[tuple[str, int]] = []  # (path, bytes) of every file the test servers sent, web workers' fetches included


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def copyfile(self, source, outputfile):
        data = source.read()
        SERVED.append((self.path, len(data)))
        outputfile.write(data)


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def outside_requests(page) -> list[str]:
    return [url for url in page.requested if urlsplit(url).hostname not in ("127.0.0.1", None) and not url.startswith("data:")]


def test_root_leads_to_the_latest_cycle(page, server):
    page.goto(server + "/")
    page.wait_for_url("**/latest/")
    assert "2026年度" in page.title()
    shoot(page, "home")
    assert outside_requests(page) == []


def test_version_selector_lists_the_cycles_and_switches(page, server):
    page.goto(server + "/2026/")
    selector = page.locator(".md-version__current")
    selector.wait_for()
    assert "2026年度" in selector.inner_text()
    page.locator(".md-version").hover()
    links = page.locator(".md-version__link")
    titles = [links.nth(i).inner_text() for i in range(links.count())]
    assert any("2026年度" in t for t in titles) and any("2025年度" in t for t in titles)
    page.locator(".md-version__link", has_text="2025年度").click()
    page.wait_for_url("**/2025/**")
    assert "2025年度" in page.locator(".md-version__current").inner_text()
    assert outside_requests(page) == []


def search_titles(page, server, query: str, expect: str = "") -> str:
    """Type `query` into the header's search box (Pagefind's UI) and return the results' text
    (once it holds `expect`: results load one by one)."""
    page.goto(server + "/2026/")
    field = page.locator(".portal-search input")
    field.wait_for()
    page.wait_for_load_state("networkidle")
    SERVED.clear()
    field.fill(query)
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=30000)  # results start as skeletons
    page.locator(".pagefind-ui__results", has_text=expect).wait_for(timeout=30000)
    page.wait_for_load_state("networkidle")
    return page.locator(".pagefind-ui__results").inner_text()


def test_search_finds_a_person_by_chinese_name(page, server):
    assert "罗芳" in search_titles(page, server, "罗芳", expect="罗芳")
    shoot(page, "search")
    assert outside_requests(page) == []


def test_search_finds_a_commitment_phrase(page, server):
    assert "带好新同志，做好传帮带" in search_titles(page, server, "带好新同志", expect="传帮带").replace("\u200b", "")


def test_search_finds_a_chinese_word_inside_a_standard(page, server):
    """台账 is inside 督查事项建立台账, a standard of 罗芳's."""
    results = search_titles(page, server, "台账", expect="罗芳")
    assert "罗芳" in results and "台账" in results


def test_the_first_query_fetches_only_search_files_and_no_whole_index(page, server):
    search_titles(page, server, "罗芳")
    paths = [path for path, _ in SERVED]
    assert paths and all("/2026/pagefind/" in path for path in paths), paths
    assert any(path.endswith(".pf_index") for path in paths) and any(path.endswith(".pf_fragment") for path in paths)
    total = sum(size for _, size in SERVED)
    bundle = sum(p.stat().st_size for p in SITE_OF[server].joinpath("2026/pagefind").rglob("*") if p.is_file())
    assert total < bundle  # a query takes a part of the index, never all of it
    assert outside_requests(page) == []


def test_person_page_shows_its_chart(page, server):
    page.goto(server + "/2026/people/luofang/")
    chart = page.locator("svg.portal-chart").first
    chart.wait_for()
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 150
    assert "比学习" in chart.inner_html() and "自我评议" in chart.inner_html()
    shoot(page, "person")
    assert outside_requests(page) == []


def test_section_results_and_show_pages_render(page, server):
    for path, name in (("/2026/sections/mishu/", "section"), ("/2026/results/", "results"), ("/2026/show/mishu/", "show"),
                       ("/2026/compare/", "compare"), ("/2026/method/", "method")):
        page.goto(server + path)
        page.locator("article h1").wait_for()
        shoot(page, name)
    assert outside_requests(page) == []


def test_results_table_sorts_by_clicking_a_header(page, server):
    page.goto(server + "/2026/results/")
    header = page.locator("article table th", has_text="综合得分").first
    header.click()
    header.click()
    assert header.get_attribute("aria-sort") in ("ascending", "descending")


def test_person_page_prints_without_navigation(page, server):
    page.goto(server + "/2026/people/luofang/")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator("svg.portal-chart").first.is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "person.pdf"))


def test_hostile_names_and_titles_stay_text_in_every_part_of_the_page(page, hostile_server):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ("/2026/", "/2026/people/luofang/", "/2026/sections/mishu/", "/2026/show/mishu/", "/2026/results/"):
        page.goto(hostile_server + path)
        page.locator("article h1").wait_for()
        page.locator(".md-version").hover()
        page.wait_for_timeout(300)
        assert page.locator("article script, article img, .md-header img, .md-version img").count() == 0, path
        assert not page.locator("a[href^='javascript']").count(), path
    assert dialogs == []
    assert "<script>alert(1)</script>办公厅" in page.locator(".md-header__topic").first.inner_text()
    page.goto(hostile_server + "/2026/people/luofang/")
    assert "<img src=x onerror=alert(3)>罗芳" in page.locator("article h1").inner_text()
    assert "[点我](javascript:alert(5))" in page.locator("article").inner_text()
    shoot(page, "hostile")
