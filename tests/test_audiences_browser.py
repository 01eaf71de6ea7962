"""The three audiences in Debian's Chromium: a person's code opens their figures and no one else's,
an organiser's code opens the full results and the downloads, a wrong code opens nothing."""

from __future__ import annotations

import csv
import shutil
import subprocess
import time
from urllib.parse import urlsplit

import pytest
from conftest import REPO, TEST_KEY, TEST_SECRET
from test_browser import outside_requests, serving, shoot

from generator.cli import main
from generator.site.codes import code_for, grouped

pytestmark = pytest.mark.browser
SECRET = TEST_SECRET


@pytest.fixture(scope="module")
def sealed_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("sealed-browser") / "portal"
    root.mkdir()
    for folder in ("scorecards", "content"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    mp = pytest.MonkeyPatch()
    mp.setenv("PORTAL_SECRET", SECRET)
    try:
        assert main(["build", "--root", str(root), "--cycle", "2026"]) == 0
        assert main(["codes", "--root", str(root), "--cycle", "2026", "--out", str(root.parent / "codes")]) == 0
    finally:
        mp.undo()
    httpd = serving(root)
    yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    httpd.shutdown()
    httpd.server_close()


def code_of(root, holder: str) -> str:
    rows = {r["id"]: r["code"] for r in csv.DictReader((root.parent / "codes/codes-2026.csv").read_text(encoding="utf-8-sig").splitlines())}
    return rows[holder]


def unlock(page, code: str) -> None:
    page.locator("div.portal-sealed input[name=code]").first.fill(code)
    page.locator("div.portal-sealed button[type=submit]").first.click()


def test_a_persons_code_opens_their_figures_and_no_one_elses(page, sealed_server):
    server, root = sealed_server
    page.goto(server + "/2026/people/luofang/")
    article = page.locator("article")
    assert "综合得分" not in article.inner_text()
    unlock(page, code_of(root, "luofang"))
    page.locator("div.portal-sealed.portal-opened").wait_for(timeout=30000)
    text = article.inner_text()
    assert "综合得分" in text and "三评得分" in text
    assert page.locator("div.portal-sealed svg.portal-chart").count() >= 1
    shoot(page, "sealed-person-opened")
    page.goto(server + "/2026/people/lilei/")  # the key stays for the tab, and opens nothing of another person
    page.wait_for_timeout(1500)
    assert page.locator("div.portal-sealed.portal-opened").count() == 0
    unlock(page, code_of(root, "luofang"))
    page.locator(".portal-unlock-status", has_text="不能打开").wait_for(timeout=30000)
    assert "综合得分" not in page.locator("article").inner_text()
    assert outside_requests(page) == []


def test_an_organisers_code_opens_the_full_results_and_the_downloads(page, sealed_server):
    server, root = sealed_server
    page.goto(server + "/2026/results/")
    unlock(page, code_of(root, "organiser:rsc-zhao"))
    page.locator("div.portal-sealed.portal-opened").wait_for(timeout=30000)
    table = page.locator("div.portal-sealed table").first.inner_text()
    assert "罗芳" in table and "李磊" in table
    shoot(page, "sealed-results-opened")
    page.goto(server + "/2026/downloads/")  # opened with the key kept from the results page
    link = page.locator("a.portal-file", has_text="CSV").first
    link.wait_for(timeout=30000)
    with page.expect_download() as download:
        link.click()
    saved = download.value.path().read_text(encoding="utf-8-sig")
    assert download.value.suggested_filename == "results-2026.csv" and "罗芳" in saved
    page.goto(server + "/2026/people/lilei/")
    page.locator("div.portal-sealed.portal-opened").wait_for(timeout=30000)
    assert "综合得分" in page.locator("article").inner_text()
    assert outside_requests(page) == []


def test_a_wrong_code_opens_nothing(page, sealed_server):
    server, root = sealed_server
    page.goto(server + "/2026/results/")
    unlock(page, grouped("ABCDEFGHJKLMNPQR"))
    page.locator(".portal-unlock-status", has_text="不能打开").wait_for(timeout=30000)
    assert page.locator("div.portal-sealed.portal-opened").count() == 0
    assert "罗芳" not in page.locator("div.portal-sealed").inner_text()


def test_lock_again_forgets_the_key(page, sealed_server):
    server, root = sealed_server
    page.goto(server + "/2026/people/luofang/")
    unlock(page, code_for(TEST_KEY, "2026", "luofang").lower())  # case and dashes do not matter
    page.locator("button.portal-forget").click(timeout=30000)
    page.wait_for_load_state()
    page.wait_for_timeout(1000)
    assert page.locator("div.portal-sealed.portal-opened").count() == 0


def intranet_address() -> str:
    """This machine's first non-loopback IPv4 address: Chromium treats http on it as not a secure context."""
    found = [a for a in subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split() if "." in a]
    if not found:
        pytest.fail("no non-loopback IPv4 address: add one, e.g. `ip addr add 10.123.0.1/32 dev lo`")
    return found[0]


@pytest.fixture(scope="module")
def intranet_server(sealed_server):
    host = intranet_address()
    httpd = serving(sealed_server[1], host)
    yield f"http://{host}:{httpd.server_address[1]}", sealed_server[1]
    httpd.shutdown()
    httpd.server_close()


def test_over_plain_http_on_an_intranet_address_the_pure_js_fallback_opens_a_persons_figures(page, intranet_server):
    server, root = intranet_server
    page.goto(server + "/2026/people/luofang/")
    assert page.evaluate("window.isSecureContext") is False
    assert page.evaluate("typeof (window.crypto && window.crypto.subtle)") == "undefined"
    assert "综合得分" not in page.locator("article").inner_text()
    unlock(page, grouped("ABCDEFGHJKLMNPQR"))  # a wrong code opens nothing here either
    page.locator(".portal-unlock-status", has_text="不能打开").wait_for(timeout=60000)
    assert page.locator("div.portal-sealed.portal-opened").count() == 0
    page.evaluate("""() => { window.seenStatus = []; const status = document.querySelector('.portal-unlock-status');
        new MutationObserver(() => window.seenStatus.push(status.textContent.trim())).observe(status, {childList: true}); }""")
    started = time.monotonic()
    unlock(page, code_of(root, "luofang"))
    page.locator("div.portal-sealed.portal-opened").wait_for(timeout=60000)
    print(f"\npure-JS unlock of the page in Chromium: {time.monotonic() - started:.2f} s")
    assert page.evaluate("window.seenStatus")[0] == "正在解锁…"
    text = page.locator("article").inner_text()
    assert "综合得分" in text and "三评得分" in text
    assert page.locator("div.portal-sealed svg.portal-chart").count() >= 1
    assert [url for url in page.requested if urlsplit(url).hostname not in (urlsplit(server).hostname, None)
            and not url.startswith("data:")] == []
