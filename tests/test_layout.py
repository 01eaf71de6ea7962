"""The package reads top-down: a stage imports only from the stages before it (README, Layout)."""

from __future__ import annotations

import ast

from conftest import REPO

PACKAGE = REPO / "generator"
MAY_NOT_IMPORT = {"pipeline": ("site", "workflow"), "workflow": ("site",)}


def imported_groups(path) -> set[str]:
    """The subpackages of generator/ that a module imports (relative or absolute)."""
    groups = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            if node.level == 0 and parts[0] == "generator" and len(parts) > 1:
                groups.add(parts[1])
            elif node.level == 2:
                groups.add(parts[0])
    return groups


def test_no_stage_imports_a_later_one():
    wrong = [f"{path.relative_to(PACKAGE)} imports {group}"
             for stage, later in MAY_NOT_IMPORT.items() for path in sorted((PACKAGE / stage).glob("*.py"))
             for group in imported_groups(path) & set(later)]
    assert wrong == []


def test_the_check_sees_a_cross_stage_import(tmp_path):
    module = tmp_path / "x.py"
    module.write_text("from ..site.render import render_cycle\nfrom generator.workflow import owners\n", encoding="utf-8")
    assert imported_groups(module) == {"site", "workflow"}
