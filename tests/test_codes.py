"""Personal codes: derived from a secret kept outside the repository, easy to type, hard to guess."""

from __future__ import annotations

import csv
import math

import pytest
from conftest import TEST_KEY, TEST_SECRET

from generator.pipeline.validate import validate_portal
from generator.site.codes import ALPHABET, CODE_LENGTH, code_for, holders, normalise

SECRET = TEST_SECRET


def test_codes_have_80_bits_in_an_alphabet_without_look_alikes():
    assert len(ALPHABET) == 32 and len(set(ALPHABET)) == 32
    assert not set("01OI") & set(ALPHABET)
    assert CODE_LENGTH * math.log2(len(ALPHABET)) >= 80
    code = code_for(TEST_KEY, "2026", "zhangsan")
    assert len(code) == 16 and set(code) <= set(ALPHABET)


def test_codes_depend_on_secret_cycle_and_holder_and_nothing_else():
    base = code_for(TEST_KEY, "2026", "zhangsan")
    assert base == code_for(TEST_KEY, "2026", "zhangsan")
    assert len({base, code_for(bytes(reversed(TEST_KEY)), "2026", "zhangsan"), code_for(TEST_KEY, "2025", "zhangsan"),
                code_for(TEST_KEY, "2026", "lisi")}) == 4


def test_what_people_type_is_normalised():
    assert normalise("abcd-efgh 2345-6789") == "ABCDEFGH23456789"


def test_every_person_organiser_and_leader_holds_a_code(minimal):
    minimal.write("org.yaml", {"name": "办公厅", "organisers": ["rsc-zhao"], "sections": [
        {"id": "mishu", "name": "秘书处", "leader": "王五", "leader_account": "wangwu"},
        {"id": "xinxi", "name": "信息处", "leader": "王五", "leader_account": "wangwu"}]})
    cycle = validate_portal(minimal.root).portal.cycles["2026"]
    found = {(h.id, h.kind, h.sections) for h in holders(cycle)}
    assert found == {("lisi", "person", ("mishu",)), ("zhangsan", "person", ("mishu",)),
                     ("organiser:rsc-zhao", "organiser", ()), ("leader:wangwu", "leader", ("mishu", "xinxi"))}


def test_portal_codes_writes_a_csv_and_a_page_of_slips(minimal, run, tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_SECRET", SECRET)
    code, out, err = run("codes", "--root", str(minimal.root), "--cycle", "2026", "--out", str(tmp_path / "out"))
    assert code == 0, err
    rows = list(csv.DictReader((tmp_path / "out" / "codes-2026.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [r["id"] for r in rows] == ["lisi", "zhangsan", "leader:mishu领导", "leader:xinxi领导"]
    assert rows[1]["name"] == "名zhangsan"
    assert rows[1]["code"].replace("-", "") == code_for(TEST_KEY, "2026", "zhangsan")
    slips = (tmp_path / "out" / "slips-2026.html").read_text(encoding="utf-8")
    assert rows[1]["code"] in slips and "查询码" in slips and "dashed" in slips and "A4" in slips
    assert "codes-2026.csv" in out


def test_slips_escape_names(minimal, run, tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_SECRET", SECRET)
    minimal.person("evil", name="<script>alert(1)</script>")
    assert run("codes", "--root", str(minimal.root), "--out", str(tmp_path / "o"))[0] == 0
    slips = (tmp_path / "o" / "slips-2026.html").read_text(encoding="utf-8")
    assert "<script>alert" not in slips and "&lt;script&gt;" in slips


def test_codes_without_a_secret_say_how_to_give_one(minimal, run, monkeypatch):
    monkeypatch.delenv("PORTAL_SECRET", raising=False)
    code, out, err = run("codes", "--root", str(minimal.root))
    assert code == 1 and "PORTAL_SECRET" in err and "--secret-file" in err and "portal secret new" in err
    assert not (minimal.root / "codes").exists()


def test_the_secret_may_come_from_a_file(minimal, run, tmp_path, monkeypatch):
    monkeypatch.delenv("PORTAL_SECRET", raising=False)
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(SECRET + "\n", encoding="utf-8")
    assert run("codes", "--root", str(minimal.root), "--secret-file", str(secret_file), "--out", str(tmp_path / "o"))[0] == 0
    rows = (tmp_path / "o" / "codes-2026.csv").read_text(encoding="utf-8-sig")
    assert code_for(TEST_KEY, "2026", "lisi")[:4] in rows


@pytest.mark.parametrize("name", ["=HYPERLINK(\"x\")", "+1", "@SUM(A1)", "＝HYPERLINK(\"x\")", "－1"])
def test_codes_csv_cells_are_never_formulas(minimal, run, tmp_path, monkeypatch, name):
    monkeypatch.setenv("PORTAL_SECRET", SECRET)
    minimal.person("evil", name=name)
    assert run("codes", "--root", str(minimal.root), "--out", str(tmp_path / "o"))[0] == 0
    rows = list(csv.DictReader((tmp_path / "o" / "codes-2026.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [r["name"] for r in rows if r["id"] == "evil"] == ["'" + name]


def test_a_codes_folder_that_is_a_link_is_refused(minimal, run, tmp_path, monkeypatch):
    """codes/ is git-ignored, but a clone can carry a link there (say to site/2026/assets): the codes would be published."""
    monkeypatch.setenv("PORTAL_SECRET", SECRET)
    published = tmp_path / "published"
    published.mkdir()
    (minimal.root / "codes").symlink_to(published, target_is_directory=True)
    code, out, err = run("codes", "--root", str(minimal.root))
    assert code == 1 and "codes 是符号链接" in err
    assert list(published.iterdir()) == []
