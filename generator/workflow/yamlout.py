"""Writing scorecards as people write them: block lists, short mappings on one line, a schema modeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..pipeline.schema import modeline


class ScorecardDumper(yaml.SafeDumper):
    """Lists one item a line; small mappings of plain values on one line, as people write them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=False)


def represent_dict(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
    flat = all(not isinstance(v, (dict, list)) for v in data.values()) and len(data) <= 6
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flat)


def represent_float(dumper: yaml.SafeDumper, data: float) -> yaml.Node:
    """100.0 is written 100, as a person would."""
    if data.is_integer():
        return dumper.represent_int(int(data))
    return yaml.SafeDumper.represent_float(dumper, data)


ScorecardDumper.add_representer(float, represent_float)
ScorecardDumper.add_representer(list, represent_list)
ScorecardDumper.add_representer(dict, represent_dict)


def dumps(data: dict[str, Any], kind: str, path: Path | None = None) -> str:
    """The text of one scorecard file, its first line tying it to its JSON Schema for editors (its cycle's
    own when the file at `path` has them)."""
    return modeline(kind, path) + "\n" + yaml.dump(data, Dumper=ScorecardDumper, allow_unicode=True, sort_keys=False, width=200)


def yaml_scalar(value: Any) -> str:
    """One value as YAML writes it on a line (quoted when it would otherwise be read as something else)."""
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip().removesuffix("\n...").strip()


def dump(path: Path, data: dict[str, Any], kind: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(data, kind, path), encoding="utf-8")
