"""Submitted text is data (issue 10 §1): Markdown and HTML in every text field stays text everywhere.

A copy of the sample portal gets a payload in every text field of every file
kind (see `hostile.py`), is built with `portal build` and every generated
page is opened in Chromium over HTTP: no dialog fires, nothing from the
payload becomes an element or an event handler, every page renders, and each
text is shown literally.  Search results and the downloads carry the text, not live markup.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from hostile import make_hostile
from test_browser import built_sample, outside_requests, serving, shoot

pytestmark = pytest.mark.browser

INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.getAttributeNames()) {
      if (attr.toLowerCase().startsWith("on")) found.push(el.tagName + "[" + attr + "]");
    }
    const link = el.getAttribute("href") || el.getAttribute("src") || el.getAttribute("xlink:href") || "";
    if (/^\\s*javascript:/i.test(link)) found.push(el.tagName + " " + link);
  }
  for (const el of document.querySelectorAll("img[src='x'], iframe, textarea")) found.push(el.outerHTML.slice(0, 80));
  for (const el of document.querySelectorAll("script")) {
    if (/alert/.test(el.textContent)) found.push("script " + el.textContent.slice(0, 80));
  }
  return found;
}"""


def flat(text: str) -> str:
    return " ".join(text.replace("\u200b", "").split())


@pytest.fixture(scope="module")
def hostile_portal(tmp_path_factory):
    given = {}

    def change(root: Path) -> None:
        given["texts"] = make_hostile(root).given

    root = built_sample(tmp_path_factory, "payload", change)
    httpd = serving(root)
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}", given["texts"]
    httpd.shutdown()
    httpd.server_close()


def pages_of(site: Path) -> list[str]:
    """Every HTML page of every built cycle (`latest/` is a copy of the newest)."""
    return sorted("/" + p.relative_to(site).as_posix().removesuffix("index.html")
                  for p in site.glob("*/**/*.html") if p.relative_to(site).parts[0] != "latest")


def test_every_page_with_payloads_in_every_field_renders_them_as_text(page, hostile_portal):
    root, server, given = hostile_portal
    dialogs, shown = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    urls = pages_of(root / "site")
    assert len(urls) > 60
    for url in urls:
        response = page.goto(server + url)
        assert response.status == 200, url
        page.locator("article h1").first.wait_for()
        assert page.evaluate(INJECTED) == [], url
        shown.append(flat(page.locator("body").inner_text()))
    assert dialogs == []
    assert outside_requests(page) == []
    everything = "\n".join(shown)
    missing = [text for text in given if flat(text) not in everything]
    assert missing == []
    page.goto(server + "/2026/people/luo_fang-x_/")
    shoot(page, "payload-person")


def test_titles_tabs_and_version_selector_show_payloads_as_text(page, hostile_portal):
    root, server, given = hostile_portal
    unit = [text for text in given if text.startswith("省委办公厅")][-1]  # 2026's, written last
    org = yaml.safe_load((root / "scorecards/2026/org.yaml").read_text(encoding="utf-8"))
    section = next(s["name"] for s in org["sections"] if s["id"] == "mi_shu-")  # as the payloads left it
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(server + "/2026/sections/mi_shu-/")
    page.locator(".md-version").hover()
    page.wait_for_timeout(300)
    assert page.evaluate(INJECTED) == []
    assert page.title().startswith(section)
    assert flat(unit) in flat(page.locator(".md-header__topic").first.inner_text())
    assert flat(unit) in flat(page.locator(".md-header .md-logo").get_attribute("title"))  # the tooltip too, not "&lt;"
    assert dialogs == []


def test_search_results_show_the_payloads_as_text(page, hostile_portal):
    _, server, _ = hostile_portal
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(server + "/2026/")
    for query in ("onerror", "script", "javascript", "onclick"):
        field = page.locator(".pagefind-ui__search-input").first
        field.fill(query)
        page.locator(".pagefind-ui__result-excerpt").first.wait_for()
        page.wait_for_timeout(500)
        assert page.evaluate(INJECTED) == [], query
    field.fill("onerror")
    page.locator(".pagefind-ui__result-excerpt").first.wait_for()
    page.wait_for_timeout(500)
    assert "<img src=x onerror=alert(1)>" in page.locator(".pagefind-ui__results").first.inner_text()
    assert dialogs == []


def test_downloads_hold_the_names_as_written(hostile_portal):
    root, _, _ = hostile_portal
    import openpyxl

    names = {json.loads(json.dumps(r))["name"] for r in csv.DictReader(
        io.StringIO((root / "site/2026/downloads/results-2026.csv").read_text(encoding="utf-8-sig")))
        for r in [{"name": list(r.values())[1]}]}
    assert any("<img src=x onerror=alert(1)>" in n for n in names)
    book = openpyxl.load_workbook(root / "site/2026/downloads/results-2026.xlsx")
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert any(isinstance(c.value, str) and "<script>alert(4)</script>" in c.value for c in cells)
    assert all(c.data_type != "f" for c in cells)
