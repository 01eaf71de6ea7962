"""People tables and charts as a reader meets them (issue 13): in Chromium at 1280, 1440 and 1920 px and on a 390 px phone.

The grade is visible without scrolling, grades sort by band and scores
highest first, the filters narrow the rows, and charts keep readable labels
on a phone (their box scrolls instead).
"""

from __future__ import annotations

import pytest
from conftest import open_tab
from test_browser import ARTIFACTS, built_sample, serving

pytestmark = pytest.mark.browser
WIDTHS = (1280, 1440, 1920, 390)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    httpd = serving(built_sample(tmp_path_factory, "tables"))
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def visible_in_its_table(tab, header: str) -> bool:
    """Whether the header cell is inside the viewport and inside its table's scroll box, without scrolling."""
    return tab.evaluate("""(text) => {
      const th = [...document.querySelectorAll("article .portal-table th")].find(h => h.textContent.trim() === text);
      const box = th.closest(".md-typeset__scrollwrap") || th.closest("table");
      const cell = th.getBoundingClientRect(), clip = box.getBoundingClientRect();
      return cell.right <= Math.min(clip.right, window.innerWidth) + 1 && cell.left >= clip.left - 1;
    }""", header)


@pytest.mark.parametrize("width", WIDTHS)
def test_grade_is_visible_without_scrolling_on_results_and_section_pages(browser, site, width):
    context, tab = open_tab(browser, width)
    for path, name in (("/2026/results/", "results"), ("/2026/sections/mishu/", "section")):
        tab.goto(site + path)
        tab.locator("article .portal-table table").wait_for()
        assert visible_in_its_table(tab, "等次"), (path, width)
        assert visible_in_its_table(tab, "姓名"), (path, width)
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"))
    if width >= 1280:
        tab.goto(site + "/2026/results/")
        tab.locator("article .portal-table table").wait_for()
        assert visible_in_its_table(tab, "提示"), width  # every column fits at desktop widths
    context.close()


def column(tab, index: int) -> list[str]:
    return tab.evaluate("(i) => [...document.querySelectorAll('#portal-results tbody tr')].filter(r => !r.hidden)"
                        ".map(r => r.cells[i].textContent.trim())", index)


def test_grades_sort_by_band_and_scores_highest_first(page, site):
    page.goto(site + "/2026/results/")
    page.locator("#portal-results table").wait_for()
    page.locator("#portal-results th", has_text="等次").click()
    bands = ["优秀", "称职", "基本称职", "不称职", "—"]
    grades = column(page, 2)
    assert [bands.index(g) for g in grades] == sorted(bands.index(g) for g in grades)
    page.locator("#portal-results th", has_text="综合得分").click()
    composite = [float(v) for v in column(page, 3) if v != "—"]
    assert composite == sorted(composite, reverse=True) and composite[0] > composite[-1]
    page.locator("#portal-results th", has_text="组织考评").click()
    organizational = [float(v) for v in column(page, 8) if v != "—"]
    assert organizational == sorted(organizational, reverse=True)


def test_filters_narrow_the_rows_by_section_grade_status_and_flag(page, site):
    page.goto(site + "/2026/results/")
    form = page.locator("form.portal-filters")
    form.wait_for()
    total = len(column(page, 1))
    form.locator("select[data-filter='section']").select_option(label="秘书处")
    assert set(column(page, 4)) == {"秘书处"} and len(column(page, 1)) < total
    form.locator("select[data-filter='status']").select_option("incomplete")
    assert set(column(page, 2)) <= {"—"}
    form.locator("select[data-filter='section']").select_option("")
    form.locator("select[data-filter='status']").select_option("complete")
    form.locator("select[data-filter='grade']").select_option(label="优秀")
    assert set(column(page, 2)) == {"优秀"}
    assert f"/ {total} " in form.locator(".portal-filter-count").inner_text()
    form.locator("select[data-filter='grade']").select_option("")
    flag = form.locator("select[data-filter='flags'] option").nth(1)
    form.locator("select[data-filter='flags']").select_option(flag.get_attribute("value"))
    assert column(page, 1) and all(flag.inner_text() in f for f in column(page, 9))


def test_charts_keep_readable_labels_on_a_phone(browser, site):
    context, tab = open_tab(browser, 390)
    tab.goto(site + "/2026/people/luofang/")
    chart = tab.locator("svg.portal-chart").first
    chart.wait_for()
    scale = tab.evaluate("(svg) => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width", chart.element_handle())
    assert scale >= 0.99  # 13 px labels stay 13 px; the box scrolls sideways instead
    tab.screenshot(path=str(ARTIFACTS / "person-390.png"))
    context.close()


def test_fenced_code_inside_a_list_of_the_guide_is_a_code_block(page, site):
    page.goto(site + "/2026/guide/submit/")
    block = page.locator("article li pre code", has_text="portal import-ballots")
    block.first.wait_for()
    assert block.count() >= 1


def test_heatmaps_compare_people_and_sections_with_numbers_in_every_cell(page, site):
    page.goto(site + "/2026/sections/mishu/")
    heat = page.locator("article table.portal-heat")
    heat.wait_for()
    members = page.evaluate("() => [...document.querySelectorAll('#portal-members tbody tr')]"
                            ".filter(r => r.dataset.status === 'complete').length")
    assert heat.locator("tbody tr").count() == members > 1
    cells = heat.locator("tbody td")
    assert cells.count() == members * 5 and all(cells.nth(i).inner_text().replace(".", "").isdigit() for i in range(cells.count()))
    shades = {cells.nth(i).evaluate("(td) => getComputedStyle(td).backgroundColor") for i in range(cells.count())}
    assert len(shades) > 1
    page.goto(site + "/2026/results/")
    assert page.locator("article table.portal-heat").count() == 2  # people, and the sections' means
    page.locator("article table.portal-heat").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "heatmap.png"))
