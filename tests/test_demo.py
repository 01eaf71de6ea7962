"""`portal demo`: a synthetic portal of realistic shape, deterministic for a seed, usable as a portal root."""

from __future__ import annotations

import hashlib

from generator.pipeline.aggregate import aggregate_portal
from generator.pipeline.validate import validate_portal


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


def test_demo_refuses_to_write_into_an_existing_portal(sample_copy, run, monkeypatch):
    before = digest(sample_copy)
    monkeypatch.chdir(sample_copy)
    code, out, err = run("demo", "--people", "10", "--cycles", "1", "--out", ".")
    assert code == 1 and "已经有门户" in err and "--force" in err
    assert digest(sample_copy) == before  # the closed 2025 cycle and every other file untouched


def test_demo_refuses_a_folder_with_only_a_mkdocs_yml_or_content(tmp_path, run):
    for part in ("mkdocs.yml", "content"):
        out = tmp_path / part.replace(".", "_")
        out.mkdir()
        (out / part).mkdir() if part == "content" else (out / part).write_text("site_name: x\n", encoding="utf-8")
        code, _, err = run("demo", "--people", "10", "--cycles", "1", "--out", str(out))
        assert code == 1 and part in err and not (out / "scorecards").exists()


def test_demo_force_replaces_a_portal_whole_never_mixed(sample_copy, run):
    (sample_copy / "content" / "mine.md").write_text("# 自己的页面\n", encoding="utf-8")
    code, _, _ = run("demo", "--people", "10", "--cycles", "1", "--seed", "2", "--out", str(sample_copy), "--force")
    assert code == 0
    assert sorted(p.name for p in (sample_copy / "scorecards").iterdir()) == ["2026", "schemas"]  # no 2025 left beside it
    assert not (sample_copy / "content" / "mine.md").exists()
    assert validate_portal(sample_copy).ok


def test_the_benchmark_sizes_fit_the_bounds():
    """A 50,000-person demo (the benchmark's largest) has no more sections than org.yaml may list."""
    import random

    from generator.pipeline.model import MAX_SECTIONS
    from generator.workflow.demo import make_roster

    assert len(make_roster(random.Random(1), 50_000)) <= MAX_SECTIONS
