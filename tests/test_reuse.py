"""Checked cycles and their results kept between runs: an unchanged cycle is not read or scored again, a changed one
always is, and an entry this user's key did not sign is never loaded (loading a pickle could run code)."""

from __future__ import annotations

import os
import pickle
import shutil
import stat

import pytest
from test_build import copy_portal

from generator.pipeline import aggregate, reuse, validate
from generator.pipeline.aggregate import aggregate_portal
from generator.pipeline.reuse import Reuse
from generator.pipeline.validate import validate_portal


@pytest.fixture
def portal(tmp_path):
    return copy_portal(tmp_path / "portal")


def refuse(*args, **kwargs):
    raise AssertionError("this cycle should have come from the kept entry")


def kept_run(root):
    """Validate and score with reuse, as `portal build` does."""
    kept = Reuse(root)
    report = validate_portal(root, reuse=kept)
    return report, aggregate_portal(report.portal, kept) if report.ok else None


def test_unchanged_cycles_are_neither_read_nor_scored_again(portal, monkeypatch):
    first, first_results = kept_run(portal)
    monkeypatch.setattr(validate.CycleChecker, "run", refuse)
    monkeypatch.setattr(aggregate, "aggregate_cycle", refuse)
    again, again_results = kept_run(portal)
    assert again.problems == first.problems and again.files == first.files
    assert list(again.portal.cycles) == list(first.portal.cycles)
    for cycle_id, results in first_results.items():
        assert again_results[cycle_id].people.equals(results.people)
        assert again_results[cycle_id].sections.equals(results.sections)
        assert again_results[cycle_id].cycle is again.portal.cycles[cycle_id]


def test_an_edited_cycle_is_checked_again_and_its_new_error_reported(portal):
    kept_run(portal)
    card = portal / "scorecards/2026/people/luofang.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace("name: 罗芳", "name: [罗芳"), encoding="utf-8")
    report, _ = kept_run(portal)
    assert not report.ok
    assert {p.path for p in report.problems if p.severity == "error"} == {"scorecards/2026/people/luofang.yaml"}


def test_only_the_edited_cycle_is_read_again(portal, monkeypatch):
    kept_run(portal)
    card = portal / "scorecards/2026/people/luofang.yaml"
    card.write_text(card.read_text(encoding="utf-8") + "\n# 补充\n", encoding="utf-8")
    read = []
    original = validate.CycleChecker.run
    monkeypatch.setattr(validate.CycleChecker, "run", lambda self: read.append(self.folder.name) or original(self))
    assert kept_run(portal)[0].ok
    assert read == ["2026"]


def test_a_fresh_run_loads_nothing_but_keeps_what_it_makes(portal, monkeypatch):
    kept_run(portal)
    read = []
    original = validate.CycleChecker.run
    monkeypatch.setattr(validate.CycleChecker, "run", lambda self: read.append(self.folder.name) or original(self))
    validate_portal(portal, reuse=Reuse(portal, fresh=True))
    assert read == ["2025", "2026"]
    read.clear()
    validate_portal(portal, reuse=Reuse(portal))
    assert read == []


class Planted:
    """What a hostile cache file would hold: unpickling it makes a folder (it could run anything)."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (str(self.marker),))


def test_an_entry_not_signed_with_this_users_key_is_never_unpickled(portal, tmp_path):
    kept_run(portal)
    marker = tmp_path / "code-ran"
    pickle.loads(pickle.dumps(Planted(tmp_path / "proof")))  # the payload does run when unpickled unchecked
    assert (tmp_path / "proof").exists()
    for cycle_id in ("2025", "2026"):
        for kind in ("checked", "results"):
            entry = portal / ".portal/cycles" / cycle_id / f"{kind}.pickle"
            entry.write_bytes(entry.read_bytes()[: reuse.TAG_BYTES] + pickle.dumps(Planted(marker)))
    report, results = kept_run(portal)
    assert not marker.exists()
    assert report.ok and set(results) == {"2025", "2026"}


def test_another_users_entries_are_not_loaded(portal, monkeypatch, tmp_path):
    kept_run(portal)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
    read = []
    original = validate.CycleChecker.run
    monkeypatch.setattr(validate.CycleChecker, "run", lambda self: read.append(self.folder.name) or original(self))
    kept_run(portal)
    assert read == ["2025", "2026"]


def test_the_key_is_readable_by_this_user_only(portal, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    kept_run(portal)
    key_file = tmp_path / "cache-home/evaluation-portal/reuse.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600 and len(key_file.read_bytes()) == 32


def test_the_day_is_part_of_the_key(portal, monkeypatch):
    """One rule (closing a cycle before its 公示 ends) reads the date: another day checks every cycle again."""
    monkeypatch.setenv("PORTAL_TODAY", "2026-12-01")
    kept_run(portal)
    monkeypatch.setenv("PORTAL_TODAY", "2026-12-02")
    read = []
    original = validate.CycleChecker.run
    monkeypatch.setattr(validate.CycleChecker, "run", lambda self: read.append(self.folder.name) or original(self))
    kept_run(portal)
    assert read == ["2025", "2026"]


def test_the_generator_code_is_part_of_the_key(portal, tmp_path):
    package = tmp_path / "generator"
    shutil.copytree(reuse.GENERATOR, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = Reuse(portal, generator=package).code
    rules = package / "pipeline/rules.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert Reuse(portal, generator=package).code != before


def test_a_hostile_cycle_folder_is_hashed_without_following_links_or_reading_huge_files(portal, tmp_path):
    folder = portal / "scorecards/2026"
    before = reuse.folder_digest(folder)
    (folder / "people/link.yaml").symlink_to("/dev/zero")
    assert reuse.folder_digest(folder) not in (None, before)  # the link is named, never opened
    (folder / "people/link.yaml").unlink()
    (folder / "people/huge.yaml").write_bytes(b"#" * (reuse.MAX_FILE_BYTES + 1))
    assert reuse.folder_digest(folder) is None  # checked afresh, where validation refuses it


def test_a_cycle_saved_while_it_is_read_is_kept_under_no_version(portal, monkeypatch):
    """The folder is hashed before its files are read: a file saved in between (an editor, a git pull) means what was
    read is not the version hashed, so nothing is kept under that hash (going back to those bytes must not bring it)."""
    card = portal / "scorecards/2026/people/luofang.yaml"
    before = card.read_text(encoding="utf-8")
    original = validate.CycleChecker.run

    def saved_meanwhile(self):
        if self.folder.name == "2026":
            card.write_text(before.replace("name: 罗芳", "name: 罗芳芳"), encoding="utf-8")
        return original(self)

    monkeypatch.setattr(validate.CycleChecker, "run", saved_meanwhile)
    report, results = kept_run(portal)
    assert report.portal.cycles["2026"].people["luofang"].name == "罗芳芳"  # what was read
    monkeypatch.setattr(validate.CycleChecker, "run", original)
    card.write_text(before, encoding="utf-8")  # back to the bytes hashed before the read
    report, results = kept_run(portal)
    assert report.portal.cycles["2026"].people["luofang"].name == "罗芳"
    assert results["2026"].people.loc["luofang", "name"] == "罗芳"


def test_a_key_that_came_with_the_portal_is_never_used(portal, monkeypatch, tmp_path):
    """A CI that keeps its caches in the checkout (XDG_CACHE_HOME=$CI_PROJECT_DIR/.cache) would read a key committed
    in a pull request: whoever knows the key can sign a pickle, and a pickle can run anything."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(portal / ".cache"))
    committed = portal / ".cache/evaluation-portal/reuse.key"
    committed.parent.mkdir(parents=True)
    committed.write_bytes(b"k" * 32)
    forger = Reuse(portal)
    forger.secret, forger.code = b"k" * 32, reuse.code_fingerprint()
    marker = tmp_path / "code-ran"
    for cycle_id in ("2025", "2026"):
        key = forger.key(cycle_id) if forger.digest(portal / "scorecards" / cycle_id) else None
        for kind in ("checked", "results"):
            payload = pickle.dumps(Planted(marker))
            entry = portal / ".portal/cycles" / cycle_id / f"{kind}.pickle"
            entry.parent.mkdir(parents=True, exist_ok=True)
            entry.write_bytes(forger.tag(kind, key, payload) + payload)
    report, results = kept_run(portal)
    assert not marker.exists()
    assert report.ok and set(results) == {"2025", "2026"}
