"""`portal serve` as its user meets it: the address printed in Chinese, no English engine noise on rebuilds."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request

from conftest import REPO

from generator.site.build import serve_url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
            return response.read().decode("utf-8")
    except OSError:
        return None


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


def test_serve_prints_its_address_and_no_engine_noise_on_a_rebuild(tmp_path):
    root = tmp_path / "portal"
    root.mkdir()
    for name in ("scorecards", "content"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--address", f"127.0.0.1:{port}"], cwd=root,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True)
    reader.start()
    url = f"http://127.0.0.1:{port}/2026/"
    person = root / "scorecards/2026/people/luofang.yaml"
    try:
        assert wait_for(lambda: any(url in line for line in lines), 300), lines
        assert wait_for(lambda: fetch(url) is not None, 60)
        page = f"{url}people/luofang/"
        person.write_text(person.read_text(encoding="utf-8").replace("post: 一级主任科员", "post: 预览修改标记"), encoding="utf-8")
        assert wait_for(lambda: "预览修改标记" in (fetch(page) or ""), 120)
    finally:
        server.terminate()
        server.wait(30)
        reader.join(10)
        server.stdout.close()
    output = "".join(lines)
    assert "预览已启动" in output and url in output
    assert "dirty" not in output and "Building prefix dict" not in output and "Loading model" not in output
