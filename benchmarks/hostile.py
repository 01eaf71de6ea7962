"""Benchmark: `portal validate` on hostile files of growing size, to show the time grows linearly.

    python3 benchmarks/hostile.py                 # 250 KB, 1 MiB and 4 MiB of each kind
    python3 benchmarks/hostile.py --sizes 250000  # a quick look

Each case replaces one scorecard of a copy of the bundled sample with a file
built to hit one scan: a single line of "[" (nesting and the full-width
punctuation check), a line of flow items with full-width commas, thousands of
unknown keys (locating each problem) and of tallies with bad counts.  Runs in
this process, through the current interpreter; prints seconds and the number
of problems.  Linear means: 4x the bytes, about 4x the seconds.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.pipeline.validate import validate_portal  # noqa: E402

PERSON = "id: luofang\nname: 罗芳\nsection: mishu\npost: 科员\nshow: {}\n"
CASES = {
    "one line of [": ("people/luofang.yaml", lambda size: "[" * size),
    "flow items, full-width commas": ("people/luofang.yaml", lambda size: "[ ，a" * (size // 6)),
    "unknown keys": ("people/luofang.yaml", lambda size: PERSON + "".join(f"k{i}: 1\n" for i in range(size // 11))),
    "tallies with bad counts": ("democratic/ducha.yaml",
                                lambda size: "section: ducha\ntallies:\n" + "".join(
                                    f"  p{i}: {{learning: {{好: x}}}}\n" for i in range(size // 30))),
}


def measure(case: str, size: int, work: Path) -> tuple[float, int, int]:
    relative, make = CASES[case]
    root = work / "portal"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    shutil.copytree(REPO / "scorecards", root / "scorecards")
    target = root / "scorecards/2026" / relative
    target.write_text(make(size), encoding="utf-8")
    started = time.perf_counter()
    report = validate_portal(root)
    return time.perf_counter() - started, len(report.problems), target.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250000,1000000,4000000", help="approximate file sizes in bytes, comma-separated")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="portal-hostile-") as folder:
        print("| case | bytes | seconds | problems |\n|---|---:|---:|---:|")
        for case in CASES:
            for size in sizes:
                seconds, problems, written = measure(case, size, Path(folder))
                print(f"| {case} | {written:,} | {seconds:.2f} | {problems} |", flush=True)


if __name__ == "__main__":
    main()
