"""`portal serve` as its user meets it: the address printed in Chinese, no English engine noise on rebuilds,
and search in the preview (over public text only, following each edit)."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO, TEST_SECRET

from generator.site.build import serve_url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch_bytes(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
            return response.read()
    except OSError:
        return None


def fetch(url: str) -> str | None:
    data = fetch_bytes(url)
    return None if data is None else data.decode("utf-8")


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_the_preview_address_keeps_the_site_url_path():
    assert serve_url("127.0.0.1:8000", "http://localhost:8000/2026/") == "http://127.0.0.1:8000/2026/"
    assert serve_url("0.0.0.0:9000", "https://intranet.example/portal/2026/") == "http://0.0.0.0:9000/portal/2026/"


def sample_root(tmp_path: Path) -> Path:
    root = tmp_path / "portal"
    root.mkdir()
    for name in ("scorecards", "content"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


@contextlib.contextmanager
def preview(root: Path, **env: str):
    """`portal serve` of `root`'s open cycle on a free port: yields the cycle's address and the lines printed so far."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--address", f"127.0.0.1:{port}"], cwd=root,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                              env={**os.environ, **env})
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True)
    reader.start()
    url = f"http://127.0.0.1:{port}/2026/"
    try:
        assert wait_for(lambda: any(url in line for line in lines), 300), lines
        assert wait_for(lambda: fetch(url) is not None, 60)
        yield url, lines
    finally:
        server.terminate()
        server.wait(30)
        reader.join(10)
        server.stdout.close()


def test_serve_prints_its_address_and_no_engine_noise_on_a_rebuild(tmp_path):
    root = sample_root(tmp_path)
    person = root / "scorecards/2026/people/luofang.yaml"
    with preview(root) as (url, lines):
        page = f"{url}people/luofang/"
        person.write_text(person.read_text(encoding="utf-8").replace("post: 一级主任科员", "post: 预览修改标记"), encoding="utf-8")
        assert wait_for(lambda: "预览修改标记" in (fetch(page) or ""), 120)
    output = "".join(lines)
    assert "预览已启动" in output and url in output
    assert "dirty" not in output and "Building prefix dict" not in output and "Loading model" not in output


SECRET = TEST_SECRET


def served_index(url: str, site: Path) -> dict[str, str]:
    """The pages of the preview's search index, as the server sends them: {page URL: indexed text}.
    The fragment names come from the preview's folder (`site`); every fragment is fetched over HTTP."""
    pages = {}
    for fragment in sorted((site / "pagefind/fragment").glob("*.pf_fragment")):
        data = fetch_bytes(f"{url}pagefind/fragment/{fragment.name}")
        assert data is not None, f"{fragment.name} is in the preview's index but not served"
        meta = json.loads(gzip.decompress(data).removeprefix(b"pagefind_dcd"))
        pages[meta["url"]] = (meta["meta"]["title"] + " " + meta["content"]).replace("\u200b", "")
    return pages


def preview_site(temp: Path) -> Path:
    """The folder the engine serves the preview from (it makes it in the temporary folder it was given)."""
    [entry] = temp.glob("*/pagefind/pagefind-entry.json")
    return entry.parent.parent


@pytest.fixture(scope="module")
def sealed_preview(tmp_path_factory):
    """The sample previewed with a secret: its restricted results are sealed blocks in the served pages."""
    base = tmp_path_factory.mktemp("sealed-preview")
    temp = base / "tmp"
    temp.mkdir()
    root = sample_root(base)
    with preview(root, PORTAL_SECRET=SECRET, TMPDIR=str(temp)) as (url, lines):
        assert wait_for(lambda: fetch(url + "pagefind/pagefind-entry.json") is not None, 60), lines
        yield url, root, preview_site(temp)


def test_the_preview_serves_a_search_index_of_its_public_text(sealed_preview):
    url, root, site = sealed_preview
    entry = json.loads(fetch(url + "pagefind/pagefind-entry.json"))
    assert entry["languages"]["zh"]["page_count"] > 20
    for bundle_file in ("pagefind-ui.js", "pagefind-ui.css", "pagefind.js"):
        assert fetch_bytes(url + "pagefind/" + bundle_file), bundle_file  # what the header's search box loads
    pages = served_index(url, site)
    assert "罗芳" in pages["/people/luofang/"] and "督查事项建立台账" in pages["/people/luofang/"]


def test_the_preview_index_holds_no_sealed_text(sealed_preview):
    from test_audiences import leaked, public_figures, restricted_strings

    url, root, site = sealed_preview
    assert 'class="portal-sealed"' in fetch(url + "people/luofang/")  # the preview seals, as the build does
    text = " ".join(served_index(url, site).values())
    assert "综合得分：" not in text and "排名：第" not in text
    public = public_figures([], {str(p): p.read_text(encoding="utf-8") for p in site.rglob("*.html")})  # public section means
    for pid, secrets in restricted_strings(root, "2026").items():
        for secret in secrets:
            assert secret in public or not leaked(secret, text), (pid, secret)


@pytest.mark.browser
def test_the_preview_search_box_finds_a_person(page, sealed_preview):
    url, _, _ = sealed_preview
    page.goto(url)
    field = page.locator(".portal-search input")
    field.wait_for(timeout=30000)
    field.fill("罗芳")
    page.locator(".pagefind-ui__results", has_text="罗芳").wait_for(timeout=30000)
    assert "/2026/people/luofang/" in page.locator(".pagefind-ui__result-link").first.get_attribute("href")


def test_the_preview_index_follows_an_edit_and_keeps_no_stale_page(tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    root = sample_root(tmp_path)
    person = root / "scorecards/2026/people/luofang.yaml"
    with preview(root, TMPDIR=str(temp)) as (url, lines):
        assert wait_for(lambda: fetch(url + "pagefind/pagefind-entry.json") is not None, 60), lines
        site = preview_site(temp)
        person.write_text(person.read_text(encoding="utf-8").replace("督查事项建立台账", "督查事项建立电子台账"), encoding="utf-8")

        def indexed_edit() -> bool:
            try:
                return "督查事项建立电子台账" in served_index(url, site)["/people/luofang/"]
            except (AssertionError, KeyError, OSError, ValueError):  # caught while the index is being replaced
                return False

        assert wait_for(indexed_edit, 120), lines
        assert "督查事项建立台账" not in served_index(url, site)["/people/luofang/"]
        fragments = list((site / "pagefind/fragment").glob("*.pf_fragment"))
        entry = json.loads(fetch(url + "pagefind/pagefind-entry.json"))
    assert len(fragments) == entry["languages"]["zh"]["page_count"]  # no fragment of the page as it was is left behind


def test_a_preview_without_pagefind_says_so_once_and_goes_on(monkeypatch, caplog, tmp_path):
    from generator.problems import UsageError
    from generator.site import serve_hook

    def missing(site, docs):
        raise UsageError("search.missing")

    monkeypatch.setattr(serve_hook.search, "index_site", missing)
    indexer = serve_hook.BackgroundIndex()
    with caplog.at_level("WARNING", logger="mkdocs.portal"):
        for _rebuild in range(3):
            indexer.index(tmp_path, tmp_path)
    assert len(caplog.records) == 1
    assert "预览的搜索索引没有生成" in caplog.text and "pip install pagefind-bin-extended" in caplog.text
