"""`portal demo`: a synthetic portal of realistic shape, deterministic for a seed, usable as a portal root."""

from __future__ import annotations

import hashlib

from generator.aggregate import aggregate_portal
from generator.validate import validate_portal


def digest(root):
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "scorecards").rglob("*.yaml"))}


def test_demo_writes_a_valid_portal_root_with_the_gaps_of_a_real_cycle(tmp_path, run):
    out = tmp_path / "demo"
    code, _, _ = run("demo", "--people", "60", "--cycles", "2", "--seed", "3", "--out", str(out))
    assert code == 0
    assert (out / "mkdocs.yml").is_file() and (out / "content").is_dir()
    report = validate_portal(out)
    assert report.ok, [p.as_text("en") for p in report.problems[:5]]
    cycle = report.portal.latest()
    assert len(cycle.people) == 60 and list(report.portal.cycles) == ["2025", "2026"]
    sizes = [sum(p.section == s for p in cycle.people.values()) for s in cycle.section_ids()]
    assert all(5 <= size <= 30 for size in sizes[:-1])  # the last section takes what is left
    assert any(d.tallies for d in cycle.democratic.values()) and any(d.ballots for d in cycle.democratic.values())
    people = aggregate_portal(report.portal)["2026"].people
    assert set(people["status"]) == {"complete", "incomplete"}
    assert run("validate", str(out))[0] == 0


def test_demo_is_deterministic_for_a_seed(tmp_path, run):
    for name in ("a", "b"):
        run("demo", "--people", "25", "--cycles", "1", "--seed", "9", "--out", str(tmp_path / name))
    run("demo", "--people", "25", "--cycles", "1", "--seed", "10", "--out", str(tmp_path / "c"))
    assert digest(tmp_path / "a") == digest(tmp_path / "b") != digest(tmp_path / "c")
