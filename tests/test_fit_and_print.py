"""Pages that fit the screen and the paper (issue 19, "what a new user trips on"), in Chromium with the CJK fonts
users have: the organisers' results table at 1280 px, the charts and the header on a 390 px phone, the results
table, the 民主测评票 and the code slips printed on A4 (page.pdf; layout measured under print media)."""

from __future__ import annotations

import re

import pytest
from conftest import TEST_SECRET, open_tab
from test_browser import ARTIFACTS, built_sample, serving

pytestmark = pytest.mark.browser
A4_CONTENT = 718  # CSS px across an A4 page inside 10 mm margins (794 px of 210 mm, less 2 x 38 px)
PHONE = 390


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    ARTIFACTS.mkdir(exist_ok=True)
    root = built_sample(tmp_path_factory, "fit")
    httpd = serving(root)
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def lines_of(tab, selector: str) -> list[int]:
    """How many lines each element's text takes (the line boxes of its text)."""
    return tab.evaluate("""(selector) => [...document.querySelectorAll(selector)].map(cell => {
      const range = document.createRange(); range.selectNodeContents(cell);
      return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
    })""", selector)


def test_the_results_table_has_the_page_width_and_every_section_on_one_line_at_1280(browser, sample):
    context, tab = open_tab(browser, 1280)
    tab.goto(sample[1] + "/2026/results/")
    table = tab.locator("#portal-results table")
    table.wait_for()
    assert table.bounding_box()["width"] > 0.8 * 1280  # was two thirds: the side bars took the rest
    sections = lines_of(tab, "#portal-results td.portal-section")
    assert len(sections) == 24 and set(sections) == {1}  # 秘书处 never over two lines
    assert set(lines_of(tab, "#portal-results tbody td:nth-child(-n+4)")) == {1}  # rank, name, grade, composite
    tab.screenshot(path=str(ARTIFACTS / "fit-results-1280.png"))
    context.close()


def test_on_a_phone_every_bar_and_dot_of_the_charts_is_on_screen(browser, sample):
    context, tab = open_tab(browser, PHONE)
    for path, marks in (("/2026/people/luofang/", "svg.portal-chart rect"), ("/2026/sections/mishu/", "svg.portal-chart circle")):
        tab.goto(sample[1] + path)
        tab.locator("svg.portal-chart").first.wait_for()
        rights = tab.evaluate("(s) => [...document.querySelectorAll(s)].map(e => e.getBoundingClientRect().right)", marks)
        assert len(rights) >= 8 and max(rights) <= PHONE - 8, (path, max(rights))  # the 4 groups, every gap dot
        labels = tab.evaluate("() => [...document.querySelectorAll('svg.portal-chart text')].map(t => t.getBoundingClientRect())"
                              ".map(r => [r.left, r.right])")
        assert all(left >= 0 and right <= PHONE for left, right in labels), path  # nothing cut at either side
        scale = tab.evaluate("() => { const s = document.querySelector('svg.portal-chart');"
                             " return s.getBoundingClientRect().width / s.viewBox.baseVal.width; }")
        assert scale >= 0.99  # drawn to fit, not shrunk: labels keep their 11-13 px
        tab.screenshot(path=str(ARTIFACTS / f"fit-{path.strip('/').replace('/', '-')}-390.png"), full_page=True)
    context.close()


def test_on_a_phone_the_header_shows_the_whole_title_and_search_opens_over_it(browser, sample):
    context, tab = open_tab(browser, PHONE)
    tab.goto(sample[1] + "/2026/people/luofang/")
    field = tab.locator(".portal-search input")
    field.wait_for()
    header = tab.evaluate("""() => {
      const box = (s) => document.querySelector(s).getBoundingClientRect();
      const inner = document.querySelector('.md-header__inner');
      return {version: box('.md-version__current').right, search: box('.portal-search').left,
              overflow: inner.scrollWidth - inner.clientWidth};
    }""")
    assert header["version"] <= header["search"] and header["overflow"] <= 0, header  # the cycle's title is not cut
    field.tap()
    field.fill("罗芳")
    assert tab.locator(".portal-search").bounding_box()["width"] > 0.8 * PHONE
    tab.locator(".pagefind-ui__result-link", has_text="罗芳").first.wait_for(timeout=30000)
    tab.screenshot(path=str(ARTIFACTS / "fit-search-390.png"))
    context.close()


def test_the_results_table_prints_each_section_on_one_line(browser, sample):
    context, tab = open_tab(browser, A4_CONTENT)
    tab.goto(sample[1] + "/2026/results/")
    tab.locator("#portal-results table").wait_for()
    tab.emulate_media(media="print")
    assert set(lines_of(tab, "#portal-results td.portal-section")) == {1}  # was one character a line
    assert set(lines_of(tab, "#portal-results tbody td:nth-child(-n+4)")) == {1}
    width = tab.evaluate("() => document.querySelector('#portal-results table').getBoundingClientRect().right")
    assert width <= A4_CONTENT  # every column on the paper
    pdf = tab.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and 1 <= len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 4
    (ARTIFACTS / "fit-results.pdf").write_bytes(pdf)
    context.close()


def test_code_slips_print_within_their_cut_lines_and_say_where_the_site_is(browser, sample, run, tmp_path, monkeypatch):
    root = sample[0]
    monkeypatch.setenv("PORTAL_SECRET", TEST_SECRET)
    assert run("codes", "--root", str(root), "--out", str(tmp_path), "--site", "https://pingyi.example/2026/")[0] == 0
    context, tab = open_tab(browser, A4_CONTENT)
    tab.goto((tmp_path / "slips-2026.html").as_uri())
    tab.emulate_media(media="print")
    slips = tab.evaluate("""() => [...document.querySelectorAll('.slip')].map(slip => ({
      overflow: slip.scrollHeight - slip.clientHeight, site: slip.textContent.includes('https://pingyi.example/2026/'),
      inside: [...slip.querySelectorAll('p')].every(p => p.getBoundingClientRect().bottom <= slip.getBoundingClientRect().bottom)}))""")
    assert len(slips) == 30 and all(s["overflow"] <= 0 and s["inside"] and s["site"] for s in slips)
    pdf = tab.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 4  # 8 slips a page, none split by a page break
    (ARTIFACTS / "fit-slips.pdf").write_bytes(pdf)
    context.close()


def test_the_guide_names_the_cycle_of_its_version(sample):
    site = sample[0] / "site"
    for cycle, other in (("2025", "2026"), ("2026", "2025")):
        submit = (site / cycle / "guide" / "submit" / "index.html").read_text(encoding="utf-8")
        access = (site / cycle / "guide" / "access" / "index.html").read_text(encoding="utf-8")
        assert f"scorecards/{cycle}/people/" in submit and f"scorecards/{other}/people/" not in submit
        assert f"portal codes --cycle {cycle}" in access and f"tally-{cycle}-mishu.xlsx" in submit
        assert "{{ cycle }}" not in submit + access
