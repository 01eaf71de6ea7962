"""JSON Schemas of the scorecard files, for editors with the YAML language server (`portal schema`).

They live in `scorecards/schemas/` (a reserved name, never a cycle). A file
opts in with a modeline on its first line, e.g. in a person's file:
`# yaml-language-server: $schema=../../schemas/person.schema.json`
"""

from __future__ import annotations

import json
from pathlib import Path

from .catalog import translate
from .model import FILE_KINDS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_for(kind: str) -> dict:
    """The JSON Schema of one file kind, titled in Chinese for the editor's hover."""
    schema = FILE_KINDS[kind].model_json_schema(by_alias=True, mode="validation")
    return {"$schema": SCHEMA_DIALECT, "title": translate(f"schema.{kind}"), **{k: v for k, v in schema.items() if k != "title"}}


def write_schemas(out: Path) -> list[Path]:
    """Write `<kind>.schema.json` for every file kind into `out`; return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in FILE_KINDS:
        path = out / f"{kind}.schema.json"
        path.write_text(json.dumps(schema_for(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written


SCHEMA_FOLDER = "schemas"


def modeline(kind: str) -> str:
    """The first line that ties a scorecard to its schema in scorecards/schemas/."""
    up = "../" if kind in ("cycle", "org") else "../../"
    return f"# yaml-language-server: $schema={up}{SCHEMA_FOLDER}/{kind}.schema.json"
