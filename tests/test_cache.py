"""The build cache: unchanged cycles are reused, a cycle with a few changed pages is rebuilt from its cached site
(those pages only), output stays byte-identical to a full build, --force rebuilds all, and only entries this user
wrote are ever used."""

from __future__ import annotations

import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from conftest import TEST_SECRET
from filelock import FileLock
from test_build import copy_portal, site_digest

from generator.cli import main
from generator.pipeline import reuse
from generator.pipeline.validate import validate_portal
from generator.problems import UsageError
from generator.site import build as site_build
from generator.site import cache

REUSED, BUILT, PARTIAL = "未改动，沿用上次生成的结果", "正在生成", "只重新生成了改动的"


def build(root: Path, capsys, *extra: str) -> dict[str, str]:
    """Build and say, for each cycle, whether it was 'reused', 'built' in full or 'partly' rebuilt (from the progress lines)."""
    capsys.readouterr()
    assert main(["build", "--root", str(root), *extra]) == 0
    said = {}
    for line in capsys.readouterr().err.splitlines():
        cycle = re.search(r"(\d{4}) 年度", line)
        if cycle and (REUSED in line or line.startswith(BUILT)):
            said[cycle.group(1)] = "reused" if REUSED in line else "built"
        elif cycle and PARTIAL in line:
            said[cycle.group(1)] = "partly"
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


def test_an_edited_open_scorecard_rebuilds_its_changed_pages_only_and_matches_a_forced_build(portal, capsys):
    build(portal, capsys)
    edit_open_scorecard(portal)
    assert build(portal, capsys) == {"2025": "reused", "2026": "partly"}
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
    assert "properdocs-1.6." in reuse.environment() and "mkdocs_material-" in reuse.environment()
    before = keys(portal)
    upgraded = reuse.environment().replace("mkdocs_material-", "mkdocs_material-0")
    monkeypatch.setattr(reuse, "environment", lambda: upgraded)
    after = keys(portal)
    assert all(after[c] != before[c] for c in before)


def forced_build_matches(root: Path, capsys) -> None:
    """The site as it is equals, byte for byte, the site a full --force build makes of the same inputs."""
    cached = site_digest(root / "site")
    build(root, capsys, "--force")
    assert site_digest(root / "site") == cached


def add_newcomer(root: Path) -> Path:
    newcomer = root / "scorecards/2026/people/xinren.yaml"
    newcomer.write_text((root / "scorecards/2026/people/luofang.yaml").read_text(encoding="utf-8")
                        .replace("id: luofang", "id: xinren").replace("name: 罗芳", "name: 辛仁"), encoding="utf-8")
    return newcomer


def test_a_new_person_is_added_by_a_partial_rebuild_identical_to_a_full_one(portal, capsys):
    build(portal, capsys)
    add_newcomer(portal)
    assert build(portal, capsys) == {"2025": "reused", "2026": "partly"}
    assert "辛仁" in (portal / "site/2026/people/xinren/index.html").read_text(encoding="utf-8")
    forced_build_matches(portal, capsys)


def test_a_removed_person_rebuilds_the_cycle_in_full_so_no_page_of_theirs_stays(portal, capsys):
    newcomer = add_newcomer(portal)
    build(portal, capsys)
    assert (portal / "site/2026/people/xinren/index.html").is_file()
    newcomer.unlink()
    assert build(portal, capsys) == {"2025": "reused", "2026": "built"}
    assert not (portal / "site/2026/people/xinren").exists()
    forced_build_matches(portal, capsys)


def test_changed_cycle_settings_rebuild_the_cycle_in_full(portal, capsys):
    build(portal, capsys)
    settings = portal / "scorecards/2026/cycle.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("title: ", "title: 修订后的", 1), encoding="utf-8")
    assert build(portal, capsys) == {"2025": "reused", "2026": "built"}
    assert "修订后的" in (portal / "site/2026/index.html").read_text(encoding="utf-8")
    forced_build_matches(portal, capsys)


def test_an_edited_older_cycle_rebuilds_the_newer_ones_partly_with_the_new_history(portal, capsys):
    build(portal, capsys)
    older = portal / "scorecards/2025/people/luofang.yaml"
    older.write_text(older.read_text(encoding="utf-8").replace("  standards:\n", "  standards:\n  - 去年补记的一条标准\n", 1),
                     encoding="utf-8")
    assert build(portal, capsys) == {"2025": "partly", "2026": "partly"}
    forced_build_matches(portal, capsys)


def test_a_sealed_cycle_is_rebuilt_partly_and_identically(portal, capsys, monkeypatch):
    monkeypatch.setenv("PORTAL_SECRET", TEST_SECRET)
    build(portal, capsys)
    edit_open_scorecard(portal)
    assert build(portal, capsys) == {"2025": "reused", "2026": "partly"}
    forced_build_matches(portal, capsys)


def test_entries_written_under_another_users_key_are_never_used(portal, capsys, monkeypatch, tmp_path):
    build(portal, capsys)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
    assert build(portal, capsys) == {"2025": "built", "2026": "built"}


def test_an_entry_with_a_forged_manifest_is_not_trusted(portal, capsys):
    """A manifest edited (or committed by someone) to match other inputs fails its signature."""
    build(portal, capsys)
    manifest = portal / ".portal/cache/2025/manifest.json"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"key": "', '"key": "0', 1), encoding="utf-8")
    assert build(portal, capsys) == {"2025": "built", "2026": "reused"}


def test_a_portal_with_plugins_is_rebuilt_in_full_not_partly(portal, capsys):
    """A plugin may gather every page at the end of a build (a search index): a build of some pages would leave it short."""
    config = portal / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("plugins: []", "plugins:\n  - tags"), encoding="utf-8")
    build(portal, capsys)
    edit_open_scorecard(portal)
    assert build(portal, capsys) == {"2025": "reused", "2026": "built"}


def test_the_progress_bar_counts_every_page_of_a_full_build_and_the_changed_ones_of_a_partial_one(portal):
    """`portal build` shows a bar per cycle (click's, on a terminal) advanced once per page the engine writes."""
    from contextlib import contextmanager

    from generator.pipeline.reuse import Reuse
    from generator.site.build import build_site

    bars = []

    @contextmanager
    def meter(label, total):
        bar = {"label": label, "total": total, "done": 0}
        bars.append(bar)
        yield lambda steps: bar.__setitem__("done", bar["done"] + steps)

    def run(force=False):
        bars.clear()
        reuse = Reuse(portal, fresh=force)
        build_site(portal, validate_portal(portal, reuse=reuse).portal, force=force, reuse=reuse, meter=meter)
        return {bar["label"].split()[1]: (bar["done"], bar["total"]) for bar in bars}

    markdown = len(list((portal / "content").rglob("*.md")))
    full = run(force=True)
    assert set(full) == {"2025", "2026"} and all(done == total > markdown for done, total in full.values())
    edit_open_scorecard(portal)
    partial = run()
    assert set(partial) == {"2026"} and 0 < partial["2026"][0] == partial["2026"][1] < full["2026"][1]


@pytest.mark.parametrize("link", [".portal", ".portal/docs/2026", ".portal/docs/2026/people", ".portal/cache", ".portal/cache/2026",
                                  ".portal/cycles", ".portal/keys"])
def test_a_work_folder_holding_a_link_is_refused_and_nothing_it_points_to_is_touched(portal, capsys, tmp_path, link):
    """A clone may carry a .portal/ (git add -f): a link in it would make the build write or delete files elsewhere
    (the rendered pages are kept in step, cache entries replaced with rmtree)."""
    build(portal, capsys)
    elsewhere = tmp_path / "elsewhere"
    for folder in (elsewhere, elsewhere / "2026", elsewhere / "docs/2026", elsewhere / "cache/2026"):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "precious.txt").write_text("keep me", encoding="utf-8")
    before = site_digest(elsewhere)
    target = portal / link
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(elsewhere, target_is_directory=True)
    edit_open_scorecard(portal)
    site = site_digest(portal / "site")
    capsys.readouterr()
    assert main(["build", "--root", str(portal)]) == 1
    assert f"{link} 是符号链接" in capsys.readouterr().err
    assert site_digest(elsewhere) == before
    assert site_digest(portal / "site") == site  # nothing already built is lost
    if link == ".portal":
        (portal / ".portal").unlink()
    else:
        shutil.rmtree(portal / ".portal")
    assert build(portal, capsys) == {"2025": "built", "2026": "built"}  # deleting .portal/ is the fix the message gives


@pytest.mark.parametrize("link", ["site/2025", "site"])
def test_a_kept_version_that_is_a_link_is_not_copied_into_the_site(portal, capsys, tmp_path, link):
    """`--cycle` keeps the other versions as they are: one that is a link (a committed site/) would bring what it points to."""
    build(portal, capsys)
    private = tmp_path / "private"
    (private / "2025").mkdir(parents=True)
    (private / "2025/id_rsa").write_text("PRIVATE KEY", encoding="utf-8")
    shutil.rmtree(portal / link)
    (portal / link).symlink_to(private / "2025" if link == "site/2025" else private, target_is_directory=True)
    capsys.readouterr()
    assert main(["build", "--root", str(portal), "--cycle", "2026"]) == 1
    assert f"{link} 是符号链接" in capsys.readouterr().err
    assert not any(path.name == "id_rsa" for path in portal.rglob("*") if not path.is_symlink())


def test_a_clock_set_back_since_the_last_build_still_rebuilds_the_changed_pages(portal, capsys, monkeypatch):
    """The engine renders a page again when its Markdown is newer than its HTML: the cached HTML keeps the time it was
    built at, so with the clock now an hour behind (corrected, or wrong then) "now" alone would leave the page stale."""
    build(portal, capsys)
    edit_open_scorecard(portal)
    real = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real() - 3600 * 10**9)
    assert build(portal, capsys) == {"2025": "reused", "2026": "partly"}
    assert "缓存测试新增的一条标准" in (portal / "site/2026/people/luofang/index.html").read_text(encoding="utf-8")
    forced_build_matches(portal, capsys)


def test_settings_saved_while_an_earlier_cycle_builds_are_built_next_time(portal, capsys, monkeypatch):
    """A build of several cycles takes a while (a minute at 1,000 people a cycle): a cycle.yaml saved meanwhile was not
    validated, so this build shows the settings as they were, and the next one must not take its pages as up to date."""
    settings = portal / "scorecards/2026/cycle.yaml"
    original = site_build.build_cycle

    def save_during_2025(root, results, cycle, *args, **kwargs):
        if cycle.id == "2025":
            settings.write_text(settings.read_text(encoding="utf-8").replace("title: ", "title: 修订后的", 1), encoding="utf-8")
        return original(root, results, cycle, *args, **kwargs)

    monkeypatch.setattr(site_build, "build_cycle", save_during_2025)
    build(portal, capsys)
    monkeypatch.setattr(site_build, "build_cycle", original)
    assert build(portal, capsys)["2026"] == "built"  # its settings changed since they were validated: in full
    assert "修订后的" in (portal / "site/2026/people/luofang/index.html").read_text(encoding="utf-8")
    forced_build_matches(portal, capsys)


def test_a_second_build_of_the_same_portal_waits_for_the_first(portal, capsys):
    """Two builds at once share the rendered pages and the cache entries: one's pages (another language, another
    secret, other scorecards) would end up in the other's site and entry, and later be reused as if built from its inputs."""
    build(portal, capsys)
    first = FileLock(portal / ".portal/build.lock")
    first.acquire()  # a build under way
    capsys.readouterr()
    second = threading.Thread(target=main, args=(["build", "--root", str(portal)],))
    second.start()
    deadline = time.monotonic() + 60
    while "正在进行另一次生成" not in capsys.readouterr().err and time.monotonic() < deadline:
        time.sleep(0.1)
    assert second.is_alive()  # waiting, not building
    assert not any(portal.glob(".site-*"))
    first.release()
    second.join(timeout=120)
    assert not second.is_alive()
    assert (portal / "site/2026/index.html").is_file()


def test_the_preview_renders_its_pages_apart_from_the_build(portal, capsys):
    """`portal serve` re-renders pages as scorecards change, whenever; a build running meanwhile must keep its own."""
    build(portal, capsys)
    built = site_digest(portal / ".portal/docs/2026")
    assert site_build.refresh_docs(portal, "2026", "en") == []
    assert site_digest(portal / ".portal/docs/2026") == built
    assert (portal / ".portal/preview/2026/index.md").is_file()


def test_nothing_is_cached_where_the_key_would_lie_inside_the_portal(portal, capsys, monkeypatch):
    """A CI keeping its caches in the checkout would read a key committed with it, and trust entries signed with it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(portal / ".cache"))
    build(portal, capsys)
    assert build(portal, capsys) == {"2025": "built", "2026": "built"}


def test_the_preview_refuses_a_work_folder_holding_a_link(portal, capsys, tmp_path):
    build(portal, capsys)
    (tmp_path / "elsewhere").mkdir()
    (portal / ".portal/preview").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(UsageError, match="work.symlink"):
        site_build.refresh_docs(portal, "2026", "zh")
    assert list((tmp_path / "elsewhere").iterdir()) == []
