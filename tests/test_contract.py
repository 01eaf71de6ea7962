"""The project's own contract (docs/contract.md) stays in step with the code."""

from __future__ import annotations

import re
import typing

from conftest import REPO
from pydantic import BaseModel

from generator.pipeline.model import FILE_KINDS

CONTRACT = REPO / "docs" / "contract.md"
EXAMPLE = re.compile(r"```yaml\n# file: (?P<file>\S+)\n(?P<body>.*?)```", re.S)


def examples() -> dict[str, str]:
    """The YAML examples marked `# file: <path in a cycle folder>`."""
    return {m["file"]: m["body"] for m in EXAMPLE.finditer(CONTRACT.read_text(encoding="utf-8"))}


def field_names(kind: object, seen: set) -> set[str]:
    """Every key a file kind accepts, nested models and TypedDicts included (as written in files: aliases)."""
    names: set[str] = set()
    for arg in typing.get_args(kind) or ():
        names |= field_names(arg, seen)
    if isinstance(kind, type) and issubclass(kind, BaseModel) and kind not in seen:
        seen.add(kind)
        for name, info in kind.model_fields.items():
            names.add(info.alias or name)
            names |= field_names(info.annotation, seen)
    elif typing.is_typeddict(kind) and kind not in seen:
        seen.add(kind)
        for name, annotation in typing.get_type_hints(kind).items():
            names.add(name)
            names |= field_names(annotation, seen)
    return names


def test_every_field_of_every_file_kind_is_named_in_the_contract():
    text = CONTRACT.read_text(encoding="utf-8")
    fields = set().union(*(field_names(kind, set()) for kind in FILE_KINDS.values()))
    assert len(fields) > 40
    assert sorted(f for f in fields if f"`{f}`" not in text and f"{f}:" not in text) == []


def test_the_contract_s_examples_make_a_valid_portal(tmp_path, run):
    found = examples()
    assert {"cycle.yaml", "org.yaml", "people/zhangsan.yaml", "democratic/mishu.yaml", "organizational/mishu.yaml",
            "objections/1.yaml", "../recipients.yaml"} <= set(found)
    cycle = tmp_path / "portal" / "scorecards" / "2026"
    for name, body in found.items():
        path = (cycle / name).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    code, out, _ = run("validate", "--root", str(tmp_path / "portal"))
    assert code == 0, out
    assert "错误" not in out.replace("0 个错误", "")


def test_the_readme_points_at_the_project_s_own_contract():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/contract.md" in readme
    assert "../shared" not in readme
    assert "v1.2" in CONTRACT.read_text(encoding="utf-8").splitlines()[0]
