"""The README's set-up works on Debian's own Python, which refuses `pip install` outside a virtual
environment (PEP 668, `externally-managed-environment`): both commands install into `.venv/`."""

from __future__ import annotations

import re

from conftest import REPO


def setup_commands() -> list[str]:
    """The commands of the README's set-up block (comments left out)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    return [line.strip() for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_the_first_command_creates_and_activates_a_virtual_environment_before_installing():
    first, second = setup_commands()
    steps = [step.strip() for step in first.split("&&")]
    order = [steps.index(step) for step in ("python3 -m venv .venv", ". .venv/bin/activate", "pip install -e .")]
    assert order == sorted(order)
    for command in ("portal validate", "portal build", "portal serve"):  # maybe after VARIABLE=value
        assert any(step == command or step.endswith(" " + command) for step in steps[order[-1]:]), command
    assert second == "bash .ci/run"


def test_the_test_command_installs_and_runs_everything_with_the_virtual_environment_python():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    code = [line.strip() for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert 'VENV="${PORTAL_VENV:-.venv}"' in code and 'python3 -m venv "$VENV"' in code and 'PYTHON="$VENV/bin/python"' in code
    for tool in ("pip install", "ruff check", "pytest"):
        runs = [line for line in code if f"-m {tool}" in line]
        assert runs and all(line.startswith('"$PYTHON" -m ') for line in runs), tool
    assert not any(line.startswith(("pip ", "python3 -m pip", "pip3 ")) for line in code)  # never the system's pip


def test_the_hand_written_guide_names_no_fixed_cycle():
    """A version's guide says the version's cycle ({{ cycle }}), never the year the guide was written in."""
    for page in sorted((REPO / "content").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"scorecards/20\d\d|--cycle 20\d\d|tally-20\d\d|\b20\d\d ?年度", text), page.name
