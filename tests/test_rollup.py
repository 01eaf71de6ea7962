"""Bundles and the roll-up (issue 21): an office's public view as Parquet, checked and combined for the province."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from generator.pipeline.validate import validate_portal
from generator.site.bundle import META_KEY, SCHEMA_VERSION, TABLES


def bundle(run, root: Path, out: Path, *extra: str) -> Path:
    code, said, err = run("bundle", "--root", str(root), "--out", str(out), *extra)
    assert code == 0, err
    return out


def rows(path: Path, table: str) -> list[dict]:
    cursor = duckdb.connect().execute(f"SELECT * FROM read_parquet('{(path / f'{table}.parquet').as_posix()}')")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


@pytest.fixture
def bundles(sample_copy, run, tmp_path, monkeypatch) -> dict[str, Path]:
    monkeypatch.setenv("PORTAL_TODAY", "2026-12-04")  # 2026 is open, before its 公示 (12-20)
    return {cycle: bundle(run, sample_copy, tmp_path / f"{cycle}.bundle", "--cycle", cycle) for cycle in ("2025", "2026")}


def test_a_bundle_is_parquet_of_the_documented_schema_written_by_duckdb(bundles):
    described = json.loads((bundles["2026"] / "bundle.json").read_text(encoding="utf-8"))
    assert described["format"] == "evaluation-portal-bundle" and described["schema_version"] == SCHEMA_VERSION
    connection = duckdb.connect()
    for name, columns in TABLES.items():
        file = (bundles["2026"] / f"{name}.parquet").as_posix()
        assert connection.execute(f"DESCRIBE SELECT * FROM read_parquet('{file}')").fetchall()[0][:2] == columns[0]
        assert [c[:2] for c in connection.execute(f"DESCRIBE SELECT * FROM read_parquet('{file}')").fetchall()] == columns
        meta = dict(connection.execute("SELECT key::VARCHAR, value::VARCHAR FROM parquet_kv_metadata(?)", [file]).fetchall())
        assert meta[META_KEY] == str(SCHEMA_VERSION)
        created_by = connection.execute("SELECT created_by FROM parquet_file_metadata(?)", [file]).fetchone()[0]
        assert "DuckDB" in created_by


def test_before_the_publicity_no_figure_moves_with_one_person(bundles):
    [office] = rows(bundles["2026"], "office")
    assert office["figures_public"] is False and office["people"] == 24 and office["submitted"] == 18
    assert office["complete"] is None and office["quota_limit"] is None and office["first_grade_count"] is None
    assert rows(bundles["2026"], "grades") == []
    assert all(s["mean_composite"] is None and s["complete"] is None for s in rows(bundles["2026"], "sections"))
    assert office["returned"] is not None and office["goals_at_risk"] > 0  # participation, ballots and check-ins are public


def test_a_closed_cycle_gives_its_grade_counts_and_means_over_enough_members_only(bundles, sample_copy):
    [office] = rows(bundles["2025"], "office")
    grades = rows(bundles["2025"], "grades")
    assert office["figures_public"] is True and sum(g["people"] for g in grades) == office["complete"]
    assert office["first_grade_count"] == grades[0]["people"] <= office["quota_limit"]
    settings = validate_portal(sample_copy).portal.cycles["2025"].settings
    for section in rows(bundles["2025"], "sections"):
        assert (section["mean_composite"] is not None) == (section["complete"] >= settings.min_raters)


def test_a_bundle_names_nobody(bundles, sample_copy):
    portal = validate_portal(sample_copy).portal
    persons = {p.name for c in portal.cycles.values() for p in c.people.values()} | {p for c in portal.cycles.values() for p in c.people}
    for path in bundles.values():
        for table in TABLES:
            for row in rows(path, table):
                assert not {v for v in row.values() if isinstance(v, str)} & persons


def roll(run, paths, out: Path, *extra: str):
    return run("rollup", *map(str, paths), "--out", str(out), *extra)


def test_the_rollup_combines_the_bundles_into_a_site(bundles, run, tmp_path, sample_copy):
    other = bundle(run, sample_copy, tmp_path / "other.bundle", "--cycle", "2026", "--office", "另一单位")
    code, out, err = roll(run, [*bundles.values(), other], tmp_path / "site")
    assert code == 0, err
    site = tmp_path / "site"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "另一单位" in index and "省委办公厅" in index and "portal-heat" in index and 'data-filter="cycle"' in index
    assert (site / "trends" / "index.html").is_file() and (site / "downloads" / "rollup-office.csv").is_file()
    csv = (site / "downloads" / "rollup-office.csv").read_text(encoding="utf-8-sig")
    assert csv.splitlines()[0].startswith("单位,年度,") and len(csv.splitlines()) == 4


def test_a_tampered_bundle_another_schema_version_and_a_duplicate_change_nothing(bundles, run, tmp_path):
    site = tmp_path / "site"
    assert roll(run, bundles.values(), site)[0] == 0
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    tampered, newer, copy = tmp_path / "t.bundle", tmp_path / "v.bundle", tmp_path / "d.bundle"
    shutil.copytree(bundles["2026"], tampered)
    shutil.copytree(bundles["2025"], newer)
    shutil.copytree(bundles["2025"], copy)
    data = (tampered / "office.parquet").read_bytes()
    (tampered / "office.parquet").write_bytes(data[:100] + bytes([data[100] ^ 1]) + data[101:])
    described = json.loads((newer / "bundle.json").read_text(encoding="utf-8"))
    (newer / "bundle.json").write_text(json.dumps(described | {"schema_version": 2}), encoding="utf-8")
    code, _, err = roll(run, [tampered, newer, bundles["2025"], copy], site)
    assert code == 1
    assert "office.parquet 与 bundle.json 记录的校验值不符" in err and "格式版本为 2" in err and "数据包重复了" in err
    assert "没有写入或改动任何内容" in err and "Traceback" not in err
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before


def test_a_parquet_file_of_other_columns_is_refused_even_with_matching_checksums(bundles, run, tmp_path):
    from generator.site.bundle import file_digest

    changed = tmp_path / "c.bundle"
    shutil.copytree(bundles["2026"], changed)
    target = (changed / "grades.parquet").as_posix()
    connection = duckdb.connect()
    connection.execute(f"COPY (SELECT 'x' AS office) TO '{target}' (FORMAT parquet, KV_METADATA {{'{META_KEY}': '1'}})")
    connection.close()
    described = json.loads((changed / "bundle.json").read_text(encoding="utf-8"))
    described["files"]["grades.parquet"] = file_digest(changed / "grades.parquet")
    (changed / "bundle.json").write_text(json.dumps(described), encoding="utf-8")
    code, _, err = roll(run, [changed], tmp_path / "site")
    assert code == 1 and "列或格式版本与第 1 版数据包不符" in err and not (tmp_path / "site").exists()


def test_an_out_folder_that_is_not_a_rollup_is_never_replaced(bundles, run, tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "keep.txt").write_text("x", encoding="utf-8")
    code, _, err = roll(run, bundles.values(), tmp_path / "mine")
    assert code == 1 and "不是以前生成的汇总网站" in err and (tmp_path / "mine" / "keep.txt").is_file()


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs OpenSSH's ssh-keygen")
def test_a_signed_bundle_is_verified_and_a_changed_bundle_json_is_refused(sample_copy, run, tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "2026-12-04")
    key = tmp_path / "office_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "office@example", "-f", str(key)], check=True)
    signed = bundle(run, sample_copy, tmp_path / "s.bundle", "--cycle", "2025", "--sign-key", str(key))
    assert (signed / "bundle.json.sig").is_file()
    allowed = tmp_path / "allowed_signers"
    allowed.write_text("office@example " + (tmp_path / "office_key.pub").read_text(encoding="utf-8"), encoding="utf-8")
    assert roll(run, [signed], tmp_path / "site", "--allowed-signers", str(allowed))[0] == 0
    described = json.loads((signed / "bundle.json").read_text(encoding="utf-8"))
    (signed / "bundle.json").write_text(json.dumps(described | {"title": "改过的标题"}, ensure_ascii=False), encoding="utf-8")
    code, _, err = roll(run, [signed], tmp_path / "site2")
    assert code == 1 and "签名（bundle.json.sig）无效" in err
    unsigned = bundle(run, sample_copy, tmp_path / "u.bundle", "--cycle", "2025")
    code, _, err = roll(run, [unsigned], tmp_path / "site3", "--allowed-signers", str(allowed))
    assert code == 1 and "没有签名" in err


def test_publicity_start_makes_the_figures_public(sample_copy, run, tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "2026-12-20")
    [office] = rows(bundle(run, sample_copy, tmp_path / "p.bundle", "--cycle", "2026"), "office")
    assert office["figures_public"] is True and office["quota_limit"] is not None


def test_rows_of_another_office_are_refused_even_with_matching_checksums(bundles, run, tmp_path, sample_copy):
    from generator.site.bundle import file_digest

    other = bundle(run, sample_copy, tmp_path / "o.bundle", "--cycle", "2026", "--office", "另一单位")
    shutil.copy(other / "sections.parquet", tmp_path / "2026.bundle" / "sections.parquet")
    described = json.loads((bundles["2026"] / "bundle.json").read_text(encoding="utf-8"))
    described["files"]["sections.parquet"] = file_digest(bundles["2026"] / "sections.parquet")
    (bundles["2026"] / "bundle.json").write_text(json.dumps(described, ensure_ascii=False), encoding="utf-8")
    code, _, err = roll(run, [bundles["2026"], other], tmp_path / "site")
    assert code == 1 and "sections.parquet 中有不属于 省委办公厅 2026 年度的数据" in err
