"""What an editor with yaml-language-server shows a person filling in a scorecard (issue 19).

Spoken over the server's own protocol (`yaml_ls.py`; `npm install -g yaml-language-server@1.25.0`,
as .ci/run does). Every file `portal new person`, `portal new cycle` and `portal demo` writes opens
without a mark; the cycle's levels are offered at a rating and anything else is underlined with the
portal's own words; picking `self` inserts no `null`; a field that may be left blank has one title.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from yaml_ls import YamlLanguageServer

from generator.pipeline.model import CycleSettings
from generator.pipeline.schema import CYCLE_SCHEMA_FOLDER, schema_for

pytestmark = pytest.mark.editor

RATING_MESSAGE = "请填写本年度的等次（好、较好、一般、差）之一，或 0 到 100 之间的分数。"


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """The sample, a newcomer's scorecard, a new cycle 2027 and a demo portal, as the commands write them."""
    from conftest import REPO

    from generator.cli import main

    root = tmp_path_factory.mktemp("editor") / "sample"
    import shutil

    shutil.copytree(REPO / "scorecards", root / "scorecards")
    assert main(["new", "person", "newbie", "--root", str(root), "--name", "新人", "--section", "xinxi", "--post", "科员"]) == 0
    assert main(["new", "cycle", "2027", "--root", str(root)]) == 0
    assert main(["demo", "--people", "12", "--cycles", "2", "--out", str(root.parent / "demo")]) == 0
    return root


@pytest.fixture(scope="module")
def server(portal):
    running = YamlLanguageServer(portal)
    yield running
    running.close()


def written_by_the_commands(portal: Path) -> list[Path]:
    demo = portal.parent / "demo" / "scorecards"
    return [portal / "scorecards/2026/people/newbie.yaml", *sorted((portal / "scorecards/2027").rglob("*.yaml")),
            *sorted(demo.rglob("*.yaml"))]


def test_every_file_the_commands_write_opens_without_a_mark(portal, server):
    """`portal new person` and `portal new cycle` used to open with 6 errors (blank lists: "Expected array")."""
    files = written_by_the_commands(portal)
    assert len(files) > 40
    marked = {str(path): [d["message"] for d in server.open(path)] for path in files}
    assert {path: found for path, found in marked.items() if found} == {}


def test_every_file_of_the_sample_opens_without_a_mark(portal, server):
    files = sorted((portal / "scorecards").rglob("*.yaml"))
    assert {str(p): m for p in files if (m := [d["message"] for d in server.open(p)])} == {}


def person_with(portal: Path, scores: str) -> tuple[Path, str]:
    path = portal / "scorecards/2026/people/luofang.yaml"
    head = path.read_text(encoding="utf-8").split("\nself:")[0]
    return path, f"{head}\nself:\n  scores:\n{scores}\n"


def ratings(first: str) -> str:
    return f"    learning: {first}\n    work: 好\n    contribution: 好\n    fulfilment: 好"


@pytest.mark.parametrize("value", ["很好", "120", "-5", "true", '"101"', "100.5"])
def test_a_rating_the_cycle_does_not_have_is_underlined_in_the_portal_s_words(portal, server, value):
    path, text = person_with(portal, ratings(value))
    found = server.open(path, text)
    line = text.splitlines().index(f"    learning: {value}")
    assert [(d["range"]["start"]["line"], d["message"]) for d in found] == [(line, RATING_MESSAGE)]


@pytest.mark.parametrize("value", ["好", "一般", "92", "0", "100", '"92"', "'85.5'", '" 较好 "'])
def test_what_validate_accepts_as_a_rating_is_not_underlined(portal, server, value):
    path, text = person_with(portal, ratings(value))
    assert server.open(path, text) == []


def test_the_cycle_s_levels_are_offered_at_a_rating(portal, server):
    path, text = person_with(portal, ratings(""))
    line = text.splitlines().index("    learning: ")
    offered = [item["label"] for item in server.completions(path, text, line, len("    learning: "))]
    assert offered == ["好", "较好", "一般", "差"]


def test_a_tally_offers_the_cycle_s_levels_as_keys(portal, server):
    path = portal / "scorecards/2026/democratic/xinxi.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(n for n, text in enumerate(lines) if text.strip().startswith("learning:"))
    indent = lines[at].split("learning:")[0]
    text = "\n".join([*lines[:at], f"{indent}learning:", f"{indent}  ", *lines[at + 1:]]) + "\n"
    offered = {item["label"] for item in server.completions(path, text, at + 1, len(indent) + 2)}
    assert offered == {"好", "较好", "一般", "差"}


def test_picking_self_inserts_its_scores_not_null(portal, server):
    path = portal / "scorecards/2026/people/luofang.yaml"
    head = path.read_text(encoding="utf-8").split("\nself:")[0] + "\n"
    items = [i for i in server.completions(path, head + "s", head.count("\n"), 1) if i["label"] == "self"]
    inserted = items[0].get("insertText") or items[0]["textEdit"]["newText"]
    assert "null" not in inserted and "scores:" in inserted


def test_a_field_that_may_be_left_blank_shows_its_title_once(portal, server):
    path = portal / "scorecards/2026/people/luofang.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("  summary:"))
    shown = server.hover(path, text, at, 3)
    assert shown.splitlines()[0] == "#### 自评总结"  # was "#### 自评总结 || 自评总结": one title per anyOf branch


def test_a_new_cycle_and_a_demo_carry_schemas_that_know_their_scale(portal):
    for folder in (portal / "scorecards/2027", portal.parent / "demo/scorecards/2026"):
        settings = CycleSettings.model_validate(
            __import__("yaml").safe_load((folder / "cycle.yaml").read_text(encoding="utf-8")))
        for kind in ("person", "democratic", "organizational"):
            written = json.loads((folder / CYCLE_SCHEMA_FOLDER / f"{kind}.schema.json").read_text(encoding="utf-8"))
            assert written == schema_for(kind, "zh", settings)
        assert (folder / "people").is_dir() and all(
            p.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../.schemas/person.schema.json")
            for p in (folder / "people").glob("*.yaml"))
