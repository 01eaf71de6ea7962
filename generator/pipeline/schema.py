"""JSON Schemas of the scorecard files, for editors with the YAML language server (`portal schema`).

They live in `scorecards/schemas/` (a reserved name, never a cycle). A file
opts in with a modeline on its first line, e.g. in a person's file:
`# yaml-language-server: $schema=../../schemas/person.schema.json`
"""

from __future__ import annotations

import json
from pathlib import Path

from ..catalog import MESSAGES, translate
from .model import FILE_KINDS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_for(kind: str, lang: str = "zh") -> dict:
    """The JSON Schema of one file kind, with titles and help in `lang` for the editor's hover and completion."""
    schema = FILE_KINDS[kind].model_json_schema(by_alias=True, mode="validation")
    for name, definition in schema.get("$defs", {}).items():
        localise(definition, name, lang)
        definition["title"] = translate(f"schema.def.{name}", lang) if f"schema.def.{name}" in MESSAGES else name
    localise(schema, kind, lang)
    return {"$schema": SCHEMA_DIALECT, "title": translate(f"schema.{kind}", lang), **{k: v for k, v in schema.items() if k != "title"}}


def localise(schema: dict, owner: str, lang: str) -> None:
    """Titles and descriptions of `schema`'s properties from the catalog (the model's docstrings are English
    notes for developers): `schema.title.<owner>.<field>` where a name means something else in `owner`,
    else `schema.title.<field>`."""
    schema.pop("description", None)
    for nested in nested_objects(schema):  # items written inline, e.g. a goal as {text, target, …}
        localise(nested, owner, lang)
    for name, field in schema.get("properties", {}).items():
        title, help_text = (next((k for k in (f"schema.{part}.{owner}.{name}", f"schema.{part}.{name}") if k in MESSAGES), None)
                            for part in ("title", "help"))
        field["title"] = translate(title, lang) if title else name
        field.pop("description", None)
        if help_text:
            field["description"] = translate(help_text, lang)


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


def nested_objects(schema: dict) -> list[dict]:
    """Inline object schemas below `schema`'s properties (in items, anyOf, …); $defs are localised on their own."""
    found, stack = [], list(schema.get("properties", {}).values())
    while stack:
        node = stack.pop()
        if isinstance(node, dict) and "properties" in node:
            found.append(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found
