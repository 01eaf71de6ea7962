"""The province's roll-up at scale: synthetic bundles of N offices x M people, then `portal rollup` timed.

    python3 benchmarks/rollup.py --offices 1000 --people 1000 [--cycles 1] [--seed 1] [--work DIR]

The bundles are written directly (not 1,000 built portals): each office's
sections, participation, ballots, grades and check-ins are drawn with the demo
generator's distributions (`generator/workflow/demo.py`: sections of 5-30
people, 12 % not submitted in an open cycle, ratings from a person's quality,
a section short of ballots), turned into the bundle's rows and written by the
same `write_bundle` that `portal bundle` uses (DuckDB, zstd Parquet).  The
roll-up then runs in a fresh process, `portal rollup` itself (checks, DuckDB,
pages, the site engine), and a second fresh process times its phases.
Prints the figures; `--json FILE` keeps them.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.pipeline.checkins import STATUSES  # noqa: E402
from generator.site.bundle import Meta, write_bundle  # noqa: E402
from generator.workflow.demo import DIMENSIONS, SCALE, cycle_settings, level_for, make_roster, section_name  # noqa: E402

GOAL_STATUSES = (*STATUSES, "unchecked")
GOAL_WEIGHTS = (0.55, 0.18, 0.09, 0.08, 0.10)


def composite(rng: random.Random, quality: float) -> float:
    """A person's composite as the demo's ratings give it: self, ballots and the leader, weighted as the demo cycle."""
    settings = cycle_settings(2026, True)
    dims, weights = settings["dimensions"], settings["weights"]
    def overall(spread: float, shift: float = 0.0) -> float:
        return sum(dims[d] * SCALE[level_for(rng, quality + shift, spread)] for d in DIMENSIONS)
    return weights["self"] * overall(0.5, 0.2) + weights["democratic"] * overall(0.8) + weights["organizational"] * overall(0.5)


def office_tables(rng: random.Random, office: str, cycle: str, year: int, people: int, closed: bool, today: datetime.date) -> dict:
    settings = cycle_settings(year, closed)
    roster = make_roster(rng, people)
    sections, counts, goals_office = [], {"people": 0, "submitted": 0, "issued": 0, "returned": 0, "void": 0}, dict.fromkeys(GOAL_STATUSES, 0)
    composites, overdue_total = [], 0
    for index, (sid, members) in enumerate(roster.items()):
        submitted = sum(closed or rng.random() > 0.12 for _ in members)
        issued = len(members)
        returned = 2 if index == 2 else max(0, issued - (rng.random() < 0.3))
        void = int(rng.random() < 0.1)
        goals = dict.fromkeys(GOAL_STATUSES, 0)
        for status in rng.choices(GOAL_STATUSES, GOAL_WEIGHTS, k=4 * len(members)):
            goals[status] += 1
        overdue = 0 if closed else sum(rng.random() < 0.1 for _ in members)
        complete = [composite(rng, p["quality"]) for p in members] if returned >= settings["min_raters"] else []
        composites.extend(complete)
        mean = sum(complete) / len(complete) if closed and len(complete) >= settings["min_raters"] else None
        sections.append((office, cycle, sid, section_name(sid), len(members), submitted, submitted / len(members), issued, returned,
                         returned - void, void, returned / issued, returned / issued >= 0.8, len(complete) if closed else None, mean,
                         *(goals[s] for s in GOAL_STATUSES), overdue))
        counts["people"] += len(members)
        counts["submitted"] += submitted
        counts["issued"] += issued
        counts["returned"] += returned
        counts["void"] += void
        for status in GOAL_STATUSES:
            goals_office[status] += goals[status]
        overdue_total += overdue
    bands = [0, 0, 0, 0]
    for value in sorted(composites, reverse=True):
        bands[next(i for i, g in enumerate(settings["grades"]) if value >= g["min"])] += 1
    limit = int(settings["excellent_quota"] * len(composites))
    if bands[0] > limit:
        bands[1], bands[0] = bands[1] + bands[0] - limit, limit
    public = closed
    office_row = (office, cycle, settings["title"], settings["status"], settings["period"]["start"], settings["period"]["end"], today, public,
                  counts["people"], counts["submitted"], counts["submitted"] / counts["people"], len(sections),
                  counts["issued"], counts["returned"], counts["returned"] - counts["void"], counts["void"], counts["returned"] / counts["issued"],
                  len(composites) if public else None, "优秀", settings["excellent_quota"], limit if public else None, bands[0] if public else None,
                  0, int(rng.random() < 0.05), int(rng.random() < 0.1), True, *(goals_office[s] for s in GOAL_STATUSES), overdue_total)
    grades = [(office, cycle, band, g["name"], bands[band]) for band, g in enumerate(settings["grades"])] if public else []
    return {"office": [office_row], "sections": sections, "grades": grades}


def write_office_range(job: tuple[Path, range, int, int, int]) -> list[Path]:
    """The bundles of some offices (one DuckDB connection for them all); each office has its own seeded draw."""
    import duckdb

    folder, numbers, people, cycles, seed = job
    connection = duckdb.connect()
    today = datetime.date(2026, 12, 4)
    paths = []
    for number in numbers:
        rng = random.Random(seed * 1_000_003 + number)
        office = f"第{number + 1:04d}单位"
        for offset in range(cycles):
            year = 2026 - cycles + 1 + offset
            closed = offset < cycles - 1
            tables = office_tables(rng, office, str(year), year, people, closed, today)
            meta = Meta(office, str(year), f"{year}年度“三亮三比三评”", "closed" if closed else "open", today)
            paths.append(write_bundle(tables, meta, folder / f"office{number:04d}-{year}.bundle", connection=connection))
    connection.close()
    return paths


def write_bundles(folder: Path, offices: int, people: int, cycles: int, seed: int, workers: int = 4) -> list[Path]:
    """Every office's bundles, written by `workers` processes (the same bundles whatever their number)."""
    import multiprocessing

    folder.mkdir(parents=True, exist_ok=True)
    jobs = [(folder, range(start, offices, workers), people, cycles, seed) for start in range(workers)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return sorted(path for part in pool.map(write_office_range, jobs) for path in part)


PHASES = """
import json, resource, sys, time
from pathlib import Path
from generator.site import engine, rollup
from generator.site.rollup_pages import config_text, render_rollup
paths, out = [Path(p) for p in sys.argv[2:]], Path(sys.argv[1])
times = {}
start, cpu = time.perf_counter(), time.process_time(); bundles = rollup.checked_bundles(paths)
times["check"], times["check_cpu"] = time.perf_counter() - start, time.process_time() - cpu
start, cpu = time.perf_counter(), time.process_time(); connection = rollup.combined(bundles); pages, nav = render_rollup(connection, "zh")
times["duckdb_and_pages"], times["duckdb_and_pages_cpu"] = time.perf_counter() - start, time.process_time() - cpu
docs = out / "docs"
for relative, content in pages.items():
    (docs / relative).parent.mkdir(parents=True, exist_ok=True)
    (docs / relative).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
(out / "mkdocs.yml").write_text(config_text("zh"), encoding="utf-8")
start, cpu = time.perf_counter(), time.process_time(); engine.build(out / "mkdocs.yml", out / "site", {"docs_dir": str(docs), "nav": nav})
times["engine"], times["engine_cpu"] = time.perf_counter() - start, time.process_time() - cpu
times["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
times["page_mib"] = sum(len(c) for p, c in pages.items() if p.endswith(".md")) / 2**20
times["download_mib"] = sum(len(c) for p, c in pages.items() if p.startswith("downloads/")) / 2**20
print(json.dumps(times))
"""


def timed_child(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak MiB of a fresh process (the first child this benchmark starts)."""
    start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, capture_output=True, text=True)
    seconds, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(done.stdout + done.stderr)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, cpu, after.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--offices", type=int, default=1000)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--cycles", type=int, default=1, help="Cycles per office (2 or more: the trends page has a line).")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None, help="Where to write (default: a temporary folder, removed after).")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="rollup-bench-"))
    try:
        start = time.perf_counter()
        paths = write_bundles(work / "bundles", args.offices, args.people, args.cycles, args.seed)
        written = time.perf_counter() - start
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        written_cpu = used.ru_utime + used.ru_stime  # the writers' CPU: they are this benchmark's first children
        bundle_mib = sum(f.stat().st_size for p in paths for f in p.iterdir()) / 2**20
        root = Path(__file__).resolve().parent.parent
        total, cpu, peak = timed_child([sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())",
                                      "rollup", *map(str, paths), "--out", str(work / "site")])
        site_mib = sum(f.stat().st_size for f in (work / "site").rglob("*") if f.is_file()) / 2**20
        said = subprocess.run([sys.executable, "-c", PHASES, str(work / "phases"), *map(str, paths)], capture_output=True,
                              text=True, check=True, cwd=root).stdout
        phases = json.loads(said.strip().splitlines()[-1])  # the engine may print lines of its own before
        figures = {"offices": args.offices, "people_per_office": args.people, "cycles": args.cycles, "bundles": len(paths),
                   "people": args.offices * args.people * args.cycles, "write_bundles_s": round(written, 1), "write_bundles_cpu_s": round(written_cpu, 1),
                   "bundles_mib": round(bundle_mib, 1), "rollup_s": round(total, 1), "rollup_cpu_s": round(cpu, 1), "rollup_peak_mib": round(peak), "site_mib": round(site_mib, 1),
                   **{k: round(v, 2) for k, v in phases.items()}}
        f = figures
        print(f"load average {' / '.join(f'{x:.1f}' for x in __import__('os').getloadavg())} on {__import__('os').cpu_count()} cores"
              " (wall times stretch with the load; CPU times much less)")
        print("| offices | people each | cycles | bundles | MiB of bundles | writing them (wall / CPU) | `portal rollup` (wall / CPU) | "
              "peak MiB | checks (wall / CPU) | DuckDB + pages (wall / CPU) | engine (wall / CPU) | site MiB |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        print(f"| {f['offices']:,} | {f['people_per_office']:,} | {f['cycles']} | {f['bundles']:,} | {f['bundles_mib']} | "
              f"{f['write_bundles_s']} / {f['write_bundles_cpu_s']} s | {f['rollup_s']} / {f['rollup_cpu_s']} s | {f['rollup_peak_mib']:,} | "
              f"{f['check']:.1f} / {f['check_cpu']:.1f} s | {f['duckdb_and_pages']:.1f} / {f['duckdb_and_pages_cpu']:.1f} s | "
              f"{f['engine']:.1f} / {f['engine_cpu']:.1f} s | {f['site_mib']} |")
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
