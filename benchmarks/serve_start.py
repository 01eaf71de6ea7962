"""Benchmark: how long `portal serve` takes to show its first page, and when its search index is there.

    python3 benchmarks/serve_start.py                 # the bundled sample, 5 starts
    python3 benchmarks/serve_start.py --runs 3 --root DIR

Each run copies the portal (scorecards/, content/, mkdocs.yml) to a fresh
temporary folder (so no `.portal/` work from an earlier run helps), starts
`portal serve` there and measures the seconds from starting the process to
(1) the cycle's home page answering 200 and (2) `pagefind/pagefind-entry.json`
answering 200.  Prints every run and the median.  The machine is shared:
compare figures of one run of this script, or of runs made one after another.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PORTAL = [sys.executable, "-m", "generator"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
            return response.status == 200
    except OSError:
        return False


def seconds_until(condition, started: float, limit: float) -> float | None:
    while time.perf_counter() - started < limit:
        if condition():
            return time.perf_counter() - started
        time.sleep(0.05)
    return None


def one_start(source: Path, cycle: str) -> tuple[float | None, float | None]:
    """Seconds to the first served page and to the served search index (None: not within the limit)."""
    with tempfile.TemporaryDirectory(prefix="portal-serve-") as work:
        root = Path(work)
        for name in ("scorecards", "content"):
            shutil.copytree(source / name, root / name)
        shutil.copy2(source / "mkdocs.yml", root / "mkdocs.yml")
        port = free_port()
        home = f"http://127.0.0.1:{port}/{cycle}/"
        started = time.perf_counter()
        server = subprocess.Popen([*PORTAL, "serve", "--address", f"127.0.0.1:{port}"], cwd=root,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            page = seconds_until(lambda: answers(home), started, 300)
            index = seconds_until(lambda: answers(home + "pagefind/pagefind-entry.json"), started, 30 + (page or 0))
            return page, index
        finally:
            server.terminate()
            server.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=REPO, help="the portal to preview (default: the bundled sample)")
    parser.add_argument("--cycle", default="2026", help="the cycle `portal serve` previews by default")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    pages, indexes = [], []
    for run in range(1, args.runs + 1):
        page, index = one_start(args.root.resolve(), args.cycle)
        print(f"run {run}: first page {fmt(page)}, search index {fmt(index)}", flush=True)
        pages.append(page)
        indexes.append(index)
    print(f"median: first page {fmt(median(pages))}, search index {fmt(median(indexes))} ({args.runs} runs)")


def median(values: list[float | None]) -> float | None:
    found = [v for v in values if v is not None]
    return statistics.median(found) if len(found) == len(values) else None


def fmt(seconds: float | None) -> str:
    return "not served" if seconds is None else f"{seconds:.2f} s"


if __name__ == "__main__":
    main()
