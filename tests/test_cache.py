"""The build cache: unchanged cycles are reused, output stays byte-identical to a full build, --force rebuilds all."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from test_build import copy_portal, site_digest

from generator.cli import main
from generator.pipeline.validate import validate_portal
from generator.site import cache

REUSED, BUILT = "未改动，沿用上次生成的结果", "正在生成"


def build(root: Path, capsys, *extra: str) -> dict[str, str]:
    """Build and say, for each cycle, whether it was 'reused' or 'built' (from the progress lines)."""
    capsys.readouterr()
    assert main(["build", "--root", str(root), *extra]) == 0
    said = {}
    for line in capsys.readouterr().err.splitlines():
        cycle = re.search(r"(\d{4}) 年度", line)
        if cycle and (REUSED in line or line.startswith(BUILT)):
            said[cycle.group(1)] = "reused" if REUSED in line else "built"
    return said


def keys(root: Path, lang: str = "zh") -> dict[str, str]:
    portal = validate_portal(root).portal
    return {cycle_id: cache.cycle_key(root, portal, cycle_id, lang) for cycle_id in portal.cycles}


@pytest.fixture
def portal(tmp_path) -> Path:
    return copy_portal(tmp_path / "portal")


def edit_open_scorecard(root: Path) -> None:
    card = root / "scorecards/2026/people/luofang.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace("  standards:\n", "  standards:\n  - 缓存测试新增的一条标准\n", 1),
                    encoding="utf-8")


def test_an_unchanged_portal_is_reused_and_identical(portal, capsys):
    assert build(portal, capsys) == {"2025": "built", "2026": "built"}
    first = site_digest(portal / "site")
    assert build(portal, capsys) == {"2025": "reused", "2026": "reused"}
    assert site_digest(portal / "site") == first


def test_an_edited_open_scorecard_rebuilds_its_cycle_only_and_matches_a_forced_build(portal, capsys):
    build(portal, capsys)
    edit_open_scorecard(portal)
    assert build(portal, capsys) == {"2025": "reused", "2026": "built"}
    cached = site_digest(portal / "site")
    assert "缓存测试新增的一条标准" in (portal / "site/2026/people/luofang/index.html").read_text(encoding="utf-8")
    assert build(portal, capsys, "--force") == {"2025": "built", "2026": "built"}
    assert site_digest(portal / "site") == cached


def test_a_cache_entry_changed_in_place_is_not_trusted(portal, capsys):
    build(portal, capsys)
    page = portal / ".portal/cache/2025/site/index.html"
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<!-- tampered --></body>"))
    assert build(portal, capsys) == {"2025": "built", "2026": "reused"}
    assert b"tampered" not in (portal / "site/2025/index.html").read_bytes()


def test_the_key_follows_this_cycle_and_older_ones_not_newer(portal):
    before = keys(portal)
    edit_open_scorecard(portal)
    after = keys(portal)
    assert after["2025"] == before["2025"] and after["2026"] != before["2026"]
    older = portal / "scorecards/2025/people/luofang.yaml"
    older.write_text(older.read_text(encoding="utf-8") + "\n# 注释\n", encoding="utf-8")
    again = keys(portal)
    assert again["2025"] != after["2025"] and again["2026"] != after["2026"]  # 2026 shows 2025 in each person's history


@pytest.mark.parametrize("edit", ["content page", "mkdocs.yml", "new content image"])
def test_portal_wide_inputs_change_every_key(portal, edit):
    before = keys(portal)
    if edit == "content page":
        page = portal / "content/guide/index.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    elif edit == "mkdocs.yml":
        config = portal / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("primary: indigo", "primary: teal"), encoding="utf-8")
    else:
        (portal / "content/guide/chart.png").write_bytes(b"\x89PNG")
    after = keys(portal)
    assert all(after[c] != before[c] for c in before)


def test_a_changed_template_changes_every_key(portal, tmp_path, monkeypatch):
    package = tmp_path / "generator"
    shutil.copytree(cache.GENERATOR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "GENERATOR", package)
    before = keys(portal)
    template = package / "templates/person.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after = keys(portal)
    assert all(after[c] != before[c] for c in before)


def test_the_language_and_extra_fingerprints_are_inputs(portal):
    portal_model = validate_portal(portal).portal
    zh = cache.cycle_key(portal, portal_model, "2026", "zh")
    assert cache.cycle_key(portal, portal_model, "2026", "en") != zh
    assert cache.cycle_key(portal, portal_model, "2026", "zh", extra=["sha256-of-a-derived-key"]) != zh
    assert cache.cycle_key(portal, portal_model, "2026", "zh") == zh


def test_installed_package_versions_are_inputs(portal, monkeypatch):
    assert "properdocs-1.6." in cache.environment() and "mkdocs_material-" in cache.environment()
    before = keys(portal)
    upgraded = cache.environment().replace("mkdocs_material-", "mkdocs_material-0")
    monkeypatch.setattr(cache, "environment", lambda: upgraded)
    after = keys(portal)
    assert all(after[c] != before[c] for c in before)
