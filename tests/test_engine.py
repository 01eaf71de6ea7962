"""The site engine sits behind one module: nothing else in the package imports `mkdocs` or `properdocs`."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import REPO

ENGINE_PACKAGES = {"mkdocs", "properdocs"}


def engine_imports(path: Path) -> list[str]:
    """The `mkdocs`/`properdocs` modules a Python file imports, wherever in the file the import sits."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found += [f"{path.name}: {name}" for name in names if name.split(".")[0] in ENGINE_PACKAGES]
    return found


def test_only_the_engine_module_imports_the_engine():
    package = REPO / "generator"
    outside = [hit for path in sorted(package.rglob("*.py")) if path.name != "engine.py" for hit in engine_imports(path)]
    assert outside == []
    assert engine_imports(package / "site" / "engine.py")  # the check would see an import if there were one


def test_the_default_engine_is_properdocs_standing_in_for_mkdocs():
    code = ("from pathlib import Path; from generator.site import engine; "
            "engine.read_config(Path('mkdocs.yml')); import mkdocs; print(mkdocs.__name__, engine.identity())")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert out.startswith("properdocs properdocs 1.6.")


def test_building_imports_no_engine_outside_generator_engine():
    """Loading the pipeline's modules does not import an engine; only running engine functions does."""
    code = ("import sys; import generator.site.build, generator.cli, generator.site.render; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'properdocs')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
