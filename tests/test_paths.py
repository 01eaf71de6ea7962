"""What `portal validate` refuses in names and links, so that no change can break every later build."""

from __future__ import annotations

import os

import pytest

from generator.pipeline.validate import validate_portal


def errors(root) -> list[tuple[str, str]]:
    return [(p.key, p.path) for p in validate_portal(root).problems if p.severity == "error"]


@pytest.mark.parametrize("name", ["versions.json", "index.html", "latest", "assets", "search", "Latest", "404.html"])
def test_a_cycle_folder_may_not_take_a_name_the_site_uses(minimal, name):
    (minimal.root / "scorecards/2026").rename(minimal.root / "scorecards" / name)
    assert ("cycle.bad_name", f"scorecards/{name}") in errors(minimal.root)


def test_a_section_may_not_be_called_index(builder):
    builder.cycle().org(["index", "mishu"]).person("zhangsan")
    assert "id.reserved" in {key for key, _ in errors(builder.root)}


@pytest.mark.parametrize("person_id", ["lіntao", "林涛", "lin.tao", "lin tao"])  # the first has a Cyrillic і
def test_an_id_is_ascii_letters_digits_underscore_and_dash(builder, person_id):
    builder.cycle().org().person(person_id)
    assert "id.unsafe" in {key for key, _ in errors(builder.root)}


def test_an_id_with_a_trailing_newline_is_refused(builder):
    builder.cycle().org().person("zhangsan")
    path = builder.root / "scorecards/2026/people/zhangsan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: zhangsan", 'id: "zhangsan\\n"'), encoding="utf-8")
    assert "id.unsafe" in {key for key, _ in errors(builder.root)}


def test_sections_differing_only_in_case_clash(builder):
    builder.cycle().org(["mishu", "MiShu"]).person("zhangsan")
    assert "section.duplicate" in {key for key, _ in errors(builder.root)}


def test_a_symlinked_scorecard_is_an_error_and_never_read(minimal, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: lisi\nname: 机密内容\n", encoding="utf-8")
    link = minimal.root / "scorecards/2026/people/lisi.yaml"
    link.unlink()
    os.symlink(secret, link)
    report = validate_portal(minimal.root)
    assert ("file.symlink", "scorecards/2026/people/lisi.yaml") in [(p.key, p.path) for p in report.problems]
    assert not any("机密" in p.message("zh") for p in report.problems)


def test_a_cycle_linked_to_the_root_of_the_disk_is_not_walked(minimal):
    os.symlink("/", minimal.root / "scorecards/2027")
    found = errors(minimal.root)
    assert found == [("file.symlink", "scorecards/2027")]


def test_a_linked_subfolder_is_an_error(minimal, tmp_path):
    os.symlink(tmp_path, minimal.root / "scorecards/2026/democratic/extra")
    assert ("file.symlink", "scorecards/2026/democratic/extra") in errors(minimal.root)
