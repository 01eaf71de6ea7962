"""Benchmark: the portal against its floors, at 1,000, 10,000 and 50,000 people, in one run.

    python3 benchmarks/run.py                   # the full table (about 15 minutes on 2 cores)
    python3 benchmarks/run.py --sizes 1000      # a quick look
    python3 benchmarks/run.py --sizes --cache-size 0     # only the sealed and public builds side by side, and unlocking

Every figure is measured here, each step in a fresh process (so peak memory is
that step's own), on a synthetic portal of one cycle made by `portal demo`
with a fixed seed.  The floors: reading the files' bytes; parsing them with
PyYAML's libyaml CSafeLoader; the site engine (ProperDocs) building the very
same generated Markdown with the same configuration, and Pagefind indexing
that site.  Also measured: the bytes a reader's browser (Chromium) fetches for
a first search, and a rebuild from the build cache after one scorecard of the
open cycle is edited, in portals of 2 and 4 cycles; a first build of the same
portal (300 and 1,000 people, 2 cycles) from a clean work folder without a
secret and with one, side by side; and opening one's sealed block on a
throttled phone profile with the pure-JS fallback.  Ratios compare figures
of this run only, since the machine is shared and timings drift between runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The portal as this interpreter has it installed: no need for `portal` on PATH.
PORTAL = [sys.executable, "-m", "generator"]

STEPS = {
    "read": """
        files = sorted(Path("scorecards").rglob("*.yaml"))
        data = [f.read_bytes() for f in files]
    """,
    "parse": """
        import yaml
        for f in sorted(Path("scorecards").rglob("*.yaml")):
            yaml.load(f.read_bytes().decode("utf-8-sig"), Loader=yaml.CSafeLoader)
    """,
    "validate_aggregate": """
        from generator.pipeline.validate import validate_portal
        from generator.pipeline.aggregate import aggregate_portal
        report = validate_portal(Path("."))
        assert report.ok, report.problems[:3]
        aggregate_portal(report.portal)
    """,
    "render": """
        from generator.pipeline.validate import validate_portal
        from generator.pipeline.aggregate import aggregate_portal
        from generator.site.build import prepare_docs
        import shutil
        shutil.rmtree(".portal", ignore_errors=True)
        portal = validate_portal(Path(".")).portal
        results = aggregate_portal(portal)
        started = time.perf_counter()
        prepare_docs(Path(".").resolve(), results, portal.latest().id, "zh")
        timed = time.perf_counter() - started
    """,
    "mkdocs_floor": """
        import shutil
        from generator.pipeline.validate import validate_portal
        from generator.site.build import run_engine
        portal = validate_portal(Path(".")).portal
        cycle = portal.latest()
        shutil.rmtree(".bench-floor-site", ignore_errors=True)
        started = time.perf_counter()
        run_engine(Path(".").resolve(), cycle, Path(".portal/docs") / cycle.id, Path(".bench-floor-site").resolve(), "zh")
        timed = time.perf_counter() - started
    """,
    "search_index": """
        import shutil
        from generator.site.search import index_site
        from generator.pipeline.validate import validate_portal
        cycle = validate_portal(Path(".")).portal.latest()
        started = time.perf_counter()
        index_site(Path(".bench-floor-site"), Path(".portal/docs") / cycle.id)
        timed = time.perf_counter() - started
        shutil.rmtree(".bench-floor-site")
    """,
}

RUNNER = """
import resource, sys, time
from pathlib import Path
timed = None
started = time.perf_counter()
{body}
elapsed = timed if timed is not None else time.perf_counter() - started
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(f"RESULT {{elapsed}} {{peak}}")
"""


def run_step(name: str, root: Path) -> tuple[float, float]:
    """Seconds and peak resident memory (MiB) of one step, run in its own process."""
    script = RUNNER.format(body=textwrap.indent(textwrap.dedent(STEPS[name]), ""))
    out = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=False)
    line = next((line for line in out.stdout.splitlines() if line.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"step {name} failed:\n{out.stderr[-3000:]}")
    seconds, peak_kib = line.split()[1:]
    return float(seconds), float(peak_kib) / 1024


def run_command(args: list[str], root: Path) -> tuple[float, float]:
    """Wall seconds and peak memory (MiB, the largest process) of a `portal` command."""
    timed = run_timed(args, root)
    return timed["wall"], timed["peak"]


def run_timed(args: list[str], root: Path, env: dict[str, str] | None = None) -> dict[str, float]:
    """Wall seconds, CPU seconds (user + system, the command and its children) and peak memory (MiB) of a command.
    CPU seconds drift less than wall seconds on a machine shared with other work."""
    script = (
        "import resource, subprocess, sys, time\n"
        f"started = time.perf_counter(); code = subprocess.run({args!r}).returncode\n"
        "elapsed = time.perf_counter() - started\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(f'RESULT {elapsed} {usage.ru_maxrss} {code} {usage.ru_utime + usage.ru_stime}')\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, env=env)
    seconds, peak_kib, code, cpu = out.stdout.strip().splitlines()[-1].split()[1:]
    if code not in ("0", "1"):
        raise SystemExit(f"{args} failed:\n{out.stderr[-3000:]}")
    return {"wall": float(seconds), "cpu": float(cpu), "peak": float(peak_kib) / 1024}


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def largest_person_page(site: Path) -> int:
    pages = list((site / "people").glob("*/index.html"))
    return max(p.stat().st_size for p in pages) if pages else 0


def serve_edit_latency(root: Path) -> dict[str, float]:
    """Seconds from saving a scorecard to the served page showing it, and how many generated files were rewritten."""
    port = free_port()
    server = subprocess.Popen([*PORTAL, "serve", "--address", f"127.0.0.1:{port}"], cwd=root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        person = sorted((root / "scorecards/2026/people").glob("*.yaml"))[0]
        url = f"http://127.0.0.1:{port}/2026/people/{person.stem}/"
        wait_for(lambda: fetch(url) is not None and server.poll() is None, 600)
        docs = root / ".portal/preview/2026"  # where portal serve renders (build.PREVIEW_DOCS), apart from builds
        before = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
        text = person.read_text(encoding="utf-8")
        marker = "基准测试修改标记"
        started = time.perf_counter()
        person.write_text(text.replace("  standards:\n", f"  standards:\n  - {marker}\n", 1), encoding="utf-8")
        wait_for(lambda: marker in (fetch(url) or ""), 120)
        latency = time.perf_counter() - started
        after = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
        rewritten = sum(1 for p, m in after.items() if before.get(p) != m)
        person.write_text(text, encoding="utf-8")
        return {"latency": latency, "rewritten": rewritten, "pages": len(after)}
    finally:
        server.terminate()
        server.wait(30)


def search_fetches(root: Path) -> dict:
    """What a reader's browser fetches for a first query, measured in Chromium: bytes the server sent
    (uncompressed HTTP; Pagefind's index files are gzip inside), web workers' fetches included."""
    import functools
    import http.server
    import threading

    import yaml
    from playwright.sync_api import sync_playwright

    served: list[tuple[str, int]] = []

    class Counting(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def copyfile(self, source, outputfile):
            data = source.read()
            served.append((self.path, len(data)))
            outputfile.write(data)

    card = yaml.safe_load(sorted((root / "scorecards/2026/people").glob("*.yaml"))[0].read_text(encoding="utf-8"))
    commitment = card["show"]["commitments"][0]
    phrase = (commitment if isinstance(commitment, str) else commitment["text"]).split("，")[0]
    queries = {"name": card["name"], "phrase": phrase, "word in a phrase": "台账"}
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Counting, directory=str(root / "site")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    out: dict = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            for label, query in queries.items():
                context = browser.new_context()  # a new reader: empty cache
                page = context.new_page()
                served.clear()
                page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/2026/")
                page.locator(".portal-search input").wait_for(timeout=60000)
                page.wait_for_load_state("networkidle")
                page_load = sum(size for path, size in served if "/pagefind/" in path)
                served.clear()
                started = time.perf_counter()
                page.locator(".portal-search input").fill(query)
                page.locator(".pagefind-ui__result-link").first.wait_for(timeout=60000)
                shown = time.perf_counter() - started
                page.wait_for_load_state("networkidle")
                out[label] = {"query": query, "bytes": sum(size for _, size in served), "requests": len(served),
                              "index_bytes": sum(size for path, size in served if ".pf_" in path),
                              "ui_bytes_at_page_load": page_load, "seconds": shown,
                              "results": page.locator(".pagefind-ui__result-link").count()}
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return out


def cached_rebuild(size: int, cycles: int, work: Path) -> dict:
    """A full build of a portal of `cycles` cycles, then the build after one scorecard of the open cycle is edited."""
    root = work / f"portal-{size}x{cycles}"
    if not (root / "scorecards").is_dir():
        subprocess.run([*PORTAL, "demo", "--people", str(size), "--cycles", str(cycles), "--seed", "1", "--out", str(root)],
                       check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(root / ".portal", ignore_errors=True)
    shutil.rmtree(root / "site", ignore_errors=True)
    full = run_timed([*PORTAL, "build", "--force"], root)
    newest = sorted(p for p in (root / "scorecards").iterdir() if p.is_dir() and p.name != "schemas")[-1]
    person = sorted((newest / "people").glob("*.yaml"))[0]
    text = person.read_text(encoding="utf-8")
    person.write_text(text.replace("  standards:\n", "  standards:\n  - 基准测试修改标记\n", 1), encoding="utf-8")
    try:
        cached = run_timed([*PORTAL, "build"], root)
        assert "基准测试修改标记" in (root / "site" / newest.name / "people" / person.stem / "index.html").read_text(encoding="utf-8")
    finally:
        person.write_text(text, encoding="utf-8")
    return {"people": size, "cycles": cycles, "full": full, "cached": cached}


def sealed_vs_public(size: int, cycles: int, work: Path, rounds: int, unlock_people: int) -> dict:
    """A first build from a clean work folder (no .portal/, no site/) of the same demo portal, without a secret
    (the public view) and with one (sealed results), `rounds` times each, alternating; then, on the sealed
    site, opening one's block on a throttled phone with the pure-JS fallback (seal_fallback.py)."""
    root = work / f"portal-{size}x{cycles}"
    if not (root / "scorecards").is_dir():
        subprocess.run([*PORTAL, "demo", "--people", str(size), "--cycles", str(cycles), "--seed", "1", "--out", str(root)],
                       check=True, stdout=subprocess.DEVNULL)
    secret_file = work / "portal-secret"
    if not secret_file.is_file():
        subprocess.run([*PORTAL, "secret", "new", "--out", str(secret_file)], check=True, stdout=subprocess.DEVNULL)
    secret = secret_file.read_text(encoding="ascii").strip()
    public_env = {k: v for k, v in os.environ.items() if k != "PORTAL_SECRET"}
    sealed_env = {**public_env, "PORTAL_SECRET": secret}
    runs: dict[str, list[dict]] = {"public": [], "sealed": []}
    for _ in range(rounds):
        for kind, env in (("public", public_env), ("sealed", sealed_env)):
            shutil.rmtree(root / ".portal", ignore_errors=True)
            shutil.rmtree(root / "site", ignore_errors=True)
            runs[kind].append(run_timed([*PORTAL, "build"], root, env))
    newest = sorted(p.name for p in (root / "scorecards").iterdir() if p.is_dir() and p.name != "schemas")[-1]
    assert 'class="portal-sealed"' in next((root / "site" / newest / "people").glob("*/index.html")).read_text(encoding="utf-8")
    out = {"people": size, "cycles": cycles, "runs": runs,
           "public": {key: min(r[key] for r in runs["public"]) for key in ("wall", "cpu")},
           "sealed": {key: min(r[key] for r in runs["sealed"]) for key in ("wall", "cpu")}}
    if unlock_people:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from seal_fallback import phone_unlock, sample_people

        previous = os.environ.get("PORTAL_SECRET")
        os.environ["PORTAL_SECRET"] = secret
        try:
            out["unlock"] = phone_unlock(root, newest, sample_people(root, newest, unlock_people))
        finally:
            os.environ.pop("PORTAL_SECRET") if previous is None else os.environ.__setitem__("PORTAL_SECRET", previous)
    return out


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


def wait_for(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise SystemExit("timed out waiting for the server")


def measure(size: int, work: Path, build_max: int, serve: bool) -> dict:
    root = work / f"portal-{size}"
    if not (root / "scorecards").is_dir():
        subprocess.run([*PORTAL, "demo", "--people", str(size), "--cycles", "1", "--seed", "1", "--out", str(root)],
                       check=True, stdout=subprocess.DEVNULL)
    row: dict = {"people": size, "files": sum(1 for _ in (root / "scorecards").rglob("*.yaml")),
                 "bytes": folder_size(root / "scorecards")}
    for step in ("read", "parse", "validate_aggregate", "render"):
        row[step], row[f"{step}_mem"] = run_step(step, root)
    row["validate"], row["validate_mem"] = run_command([*PORTAL, "validate"], root)
    if size <= build_max:
        row["mkdocs"], row["mkdocs_mem"] = run_step("mkdocs_floor", root)
        row["pagefind"], row["pagefind_mem"] = run_step("search_index", root)
        shutil.rmtree(root / "site", ignore_errors=True)
        timed = run_timed([*PORTAL, "build", "--force"], root)
        row["build"], row["build_mem"], row["build_cpu"] = timed["wall"], timed["peak"], timed["cpu"]
        row["site_bytes"] = folder_size(root / "site" / "2026")
        row["person_page"] = largest_person_page(root / "site" / "2026")
        row["search_index"] = folder_size(root / "site/2026/pagefind")
        row["search"] = search_fetches(root)
    if serve:
        row["serve"] = serve_edit_latency(root)
    return row


def table(rows: list[dict]) -> str:
    def cell(row, key, fmt="{:.2f}"):
        return fmt.format(row[key]) if key in row else "—"

    lines = ["| people | files | MiB of YAML | read s | CSafeLoader parse s | portal validate s | validate+aggregate s "
             "| render s | engine build (floor) s | Pagefind index s | portal build s | peak MiB (validate+aggregate / build) "
             "| site MiB | largest person page KiB | search index MiB | first query KiB (name / phrase / word) |",
             "|" + "---:|" * 16]
    for r in rows:
        lines.append(" | ".join([
            f"| {r['people']:,}", f"{r['files']:,}", f"{r['bytes'] / 2**20:.1f}", cell(r, "read"), cell(r, "parse"),
            cell(r, "validate"), cell(r, "validate_aggregate"), cell(r, "render"), cell(r, "mkdocs"), cell(r, "pagefind"),
            cell(r, "build"),
            f"{r['validate_aggregate_mem']:.0f} / {cell(r, 'build_mem', '{:.0f}')}",
            f"{r['site_bytes'] / 2**20:.1f}" if "site_bytes" in r else "—",
            f"{r['person_page'] / 1024:.1f}" if "person_page" in r else "—",
            f"{r['search_index'] / 2**20:.1f}" if "search_index" in r else "—",
            " / ".join(f"{q['bytes'] / 1024:.0f}" for q in r["search"].values()) if "search" in r else "—",
        ]) + " |")
    return "\n".join(lines)


def ratios(rows: list[dict], caches: list[dict], sealed: list[dict] | None = None) -> list[str]:
    by = {r["people"]: r for r in rows}
    out = []
    for r in rows:
        out.append(f"- {r['people']:,} people: validate+aggregate / CSafeLoader parse = "
                   f"{r['validate_aggregate'] / r['parse']:.2f} (target ≤ 2); portal validate / parse = "
                   f"{r['validate'] / r['parse']:.2f}; peak memory of validate+aggregate {r['validate_aggregate_mem']:.0f} MiB (target ≤ 1024)")
        if "build" in r:
            generator = r["build"] - r["mkdocs"] - r["pagefind"]
            out.append(f"  generator share of the build = (portal build − engine floor − Pagefind) / portal build = "
                       f"{generator / r['build']:.1%} (target ≤ 10%); (validate+aggregate+render) / build = "
                       f"{(r['validate_aggregate'] + r['render']) / r['build']:.1%}; portal build / engine floor = "
                       f"{r['build'] / r['mkdocs']:.2f}; portal build CPU {r.get('build_cpu', 0):.1f} s; peak memory of portal build {r['build_mem']:.0f} MiB")
        for label, q in r.get("search", {}).items():
            out.append(f"  first query, {label} '{q['query']}': {q['bytes'] / 1024:.0f} KiB in {q['requests']} requests "
                       f"(index chunks and fragments {q['index_bytes'] / 1024:.0f} KiB; target ≤ 2048 KiB), {q['results']} results "
                       f"shown in {q['seconds']:.2f} s; Pagefind's UI at page load {q['ui_bytes_at_page_load'] / 1024:.0f} KiB")
        if "serve" in r:
            s = r["serve"]
            out.append(f"  portal serve: one scorecard edited -> shown in {s['latency']:.2f} s (target ≤ 3); "
                       f"{s['rewritten']} of {s['pages']} generated files rewritten")
    for c in caches:
        out.append(f"- cached rebuild, {c['people']:,} people × {c['cycles']} cycles, one scorecard of the open cycle edited: "
                   f"{c['cached']['wall']:.1f} s after a full build of {c['full']['wall']:.1f} s = {c['cached']['wall'] / c['full']['wall']:.2f}; "
                   f"CPU {c['cached']['cpu']:.1f} s / {c['full']['cpu']:.1f} s = {c['cached']['cpu'] / c['full']['cpu']:.2f} "
                   f"(target ≤ {0.6 if c['cycles'] == 2 else 1 / c['cycles']:.2f})")
    for s in sealed or []:
        p, q = s["public"], s["sealed"]
        out.append(f"- sealed vs public first build from a clean work folder, {s['people']:,} people × {s['cycles']} cycles "
                   f"(best of {len(s['runs']['public'])}): public {p['wall']:.1f} s wall / {p['cpu']:.1f} CPU-s, sealed "
                   f"{q['wall']:.1f} s / {q['cpu']:.1f} CPU-s = {q['wall'] / p['wall']:.2f}× wall, {q['cpu'] / p['cpu']:.2f}× CPU"
                   + (" (target ≤ 1.3)" if s["people"] == 300 else ""))
        if "unlock" in s:
            u = s["unlock"]
            out.append(f"  opening one's block, Pixel 7 profile, CPU ×{u['rate']:g} slower, plain http (pure-JS fallback): "
                       f"{u['median_ms']:.0f} ms median, {u['max_ms']:.0f} ms at most over {u['people']} people (target ≤ 300 ms)")
    if 1000 in by and 10000 in by and "build" in by[1000] and "build" in by[10000]:
        out.append(f"- growth: build 10,000 / build 1,000 = {by[10000]['build'] / by[1000]['build']:.2f} (target ≤ 11); "
                   f"largest person page {by[1000]['person_page'] / 1024:.1f} KiB -> {by[10000]['person_page'] / 1024:.1f} KiB")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 50000])
    parser.add_argument("--build-max", type=int, default=10000, help="build the site only up to this many people")
    parser.add_argument("--work", type=Path, help="where the synthetic portals go (kept, and reused)")
    parser.add_argument("--json", type=Path, help="also write the measurements as JSON")
    parser.add_argument("--cache-size", type=int, default=1000, help="people in the portals of the cached-rebuild measurement (0: skip)")
    parser.add_argument("--cache-cycles", type=int, nargs="+", default=[2, 4], help="cycles of those portals")
    parser.add_argument("--sealed-sizes", type=int, nargs="*", default=[300, 1000],
                        help="people in the portals built both public and sealed, side by side (none: skip)")
    parser.add_argument("--sealed-cycles", type=int, default=2, help="cycles of those portals")
    parser.add_argument("--sealed-rounds", type=int, default=2, help="builds of each kind (the best is compared)")
    parser.add_argument("--unlock-people", type=int, default=8, help="blocks opened on the phone profile (0: skip)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="portal-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores; portals in {work}", flush=True)
    rows = []
    for size in args.sizes:
        print(f"measuring {size:,} people…", flush=True)
        rows.append(measure(size, work, args.build_max, serve=size == min(args.sizes)))
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)  # each size's figures as soon as they are known
    caches = []
    for cycles in args.cache_cycles if args.cache_size else []:
        print(f"measuring a cached rebuild, {args.cache_size:,} people × {cycles} cycles…", flush=True)
        caches.append(cached_rebuild(args.cache_size, cycles, work))
        print(json.dumps(caches[-1]), flush=True)
    sealed = []
    for size in args.sealed_sizes:
        print(f"measuring a public and a sealed first build, {size:,} people × {args.sealed_cycles} cycles…", flush=True)
        sealed.append(sealed_vs_public(size, args.sealed_cycles, work, args.sealed_rounds,
                                       args.unlock_people if size == min(args.sealed_sizes) else 0))
        print(json.dumps(sealed[-1]), flush=True)
    print()
    if rows:
        print(table(rows))
        print()
    print("\n".join(ratios(rows, caches, sealed)))
    if args.json:
        args.json.write_text(json.dumps({"sizes": rows, "cached_rebuild": caches, "sealed_vs_public": sealed},
                                        ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
