"""JSON Schemas of the scorecard files, for editors with the YAML language server (`portal schema`).

Each cycle carries its own in `scorecards/<cycle>/.schemas/`: they know the cycle's scale, so an editor
offers its levels (好/较好/…) at every rating and underlines `很好` or 120 as `portal validate` would. A
file opts in with a modeline on its first line that points into its own cycle, the same in every cycle:
`# yaml-language-server: $schema=../.schemas/person.schema.json` (cycle.yaml and org.yaml:
`.schemas/…`). The folder is hidden, so validate reads no cycle file there; it travels with its cycle
(a new cycle arrives in one pull request, schemas included) and validate warns when it no longer
matches the cycle's cycle.yaml. `scorecards/schemas/` keeps the same schemas for any scale, for files
whose modeline points there (written before the cycles had their own).

The schemas say what validate accepts, in the shape the YAML language server (1.25) reads best
(`editor_shape`): a field that may be left blank accepts null as a second type rather than as an
`anyOf` branch (each branch repeated the title in the hover), and no defaults (the server inserts a
default when a key is picked: `self: null`). Messages are Chinese, from the catalog (`errorMessage`).
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

from ..catalog import MESSAGES, translate
from .model import FILE_KINDS, MAX_TALLY, SCHEMA_MARK, CycleSettings

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FOLDER = "schemas"  # scorecards/schemas/: for any scale (a reserved name, never a cycle)
CYCLE_SCHEMA_FOLDER = ".schemas"  # scorecards/<cycle>/.schemas/: the cycle's own
QUOTED_NUMBER = r"^\s*(100(\.0*)?|\d{1,2}(\.\d*)?|\.\d+)\s*$"  # a score written in quotes, '92' (0 to 100)


def schema_for(kind: str, lang: str = "zh", settings: CycleSettings | None = None) -> dict:
    """The JSON Schema of one file kind, with titles and help in `lang`; with `settings`, it knows that
    cycle's scale (the levels offered at every rating and tally)."""
    schema = copy.deepcopy(model_schema(kind, lang))
    return editor_shape(schema, settings, lang)


@functools.lru_cache(maxsize=32)
def model_schema(kind: str, lang: str) -> dict:
    """The schema pydantic derives from the model, titled and explained from the catalog."""
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


# -- the shape editors read ---------------------------------------------------------------------------


def editor_shape(schema: dict, settings: CycleSettings | None, lang: str) -> dict:
    """`schema` as the YAML language server reads it best, with the cycle's levels where `settings` is given."""
    optional_defs = defs_used_only_as_optional(schema)
    for name in optional_defs:
        definition = schema["$defs"][name]
        definition["type"] = [definition.get("type", "object"), "null"]
    return reshaped(schema, settings, lang, optional_defs)


def reshaped(node: Any, settings: CycleSettings | None, lang: str, optional_defs: set[str]) -> Any:
    if isinstance(node, list):
        return [reshaped(item, settings, lang, optional_defs) for item in node]
    if not isinstance(node, dict):
        return node
    mark = node.get(SCHEMA_MARK)
    if mark == "rating":
        return rating_schema(settings, lang) | {k: v for k, v in node.items() if k in ("title", "description")}
    if mark == "tally":
        return tally_schema(settings, lang) | {k: v for k, v in node.items() if k in ("title", "description")}
    node = {key: reshaped(value, settings, lang, optional_defs) for key, value in node.items()
            if key not in ("default", SCHEMA_MARK)}
    return or_null(node, optional_defs)


def or_null(node: dict, optional_defs: set[str]) -> dict:
    """`anyOf: [X, {type: null}]` (a field that may be left blank) as X accepting null: one schema, one title."""
    options = node.get("anyOf")
    if not isinstance(options, list) or len(options) != 2 or {"type": "null"} not in options:
        return node
    other = next(option for option in options if option != {"type": "null"})
    rest = {k: v for k, v in node.items() if k != "anyOf"}
    if "$ref" in other and other["$ref"].rsplit("/", 1)[-1] in optional_defs:
        return {**other, **rest}  # the definition itself accepts null
    if "type" in other and "$ref" not in other and "anyOf" not in other:
        kinds = other["type"] if isinstance(other["type"], list) else [other["type"]]
        return {**other, **rest, "type": [*kinds, "null"]}
    return node


def defs_used_only_as_optional(schema: dict) -> set[str]:
    """Definitions every reference to which sits in an `anyOf` with null (self, compare, veto, …)."""
    optional: dict[str, bool] = {}

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            options = node.get("anyOf")
            if isinstance(options, list) and len(options) == 2 and {"type": "null"} in options:
                for option in options:
                    if "$ref" in option and len(option) == 1:
                        name = option["$ref"].rsplit("/", 1)[-1]
                        optional[name] = optional.get(name, True)
                        return
            if "$ref" in node:
                optional[node["$ref"].rsplit("/", 1)[-1]] = False
            for value in node.values():
                visit(value)

    visit(schema)
    return {name for name, only in optional.items() if only}


def rating_schema(settings: CycleSettings | None, lang: str) -> dict:
    """A rating: a level of the cycle's scale (offered for completion), or a score from 0 to 100, also quoted."""
    if settings is None:
        say = {"errorMessage": translate("schema.error.rating_any", lang)}
        return {"anyOf": [{"type": "string", **say}, {"type": "number", "minimum": 0, "maximum": 100, **say}]}
    levels = list(settings.scale)
    # the server reports the problems of one branch, in that branch's errorMessage: every branch says it all
    say = {"errorMessage": translate("schema.error.rating", lang, levels="、".join(levels))}
    padded = QUOTED_NUMBER.replace(r"|\.\d+)", r"|\.\d+|" + "|".join(map(js_escaped, levels)) + ")")  # validate strips
    return {"anyOf": [{"enum": levels, **say}, {"type": "number", "minimum": 0, "maximum": 100, **say},
                      {"type": "string", "pattern": padded, **say}]}


def js_escaped(text: str) -> str:
    """`text` as a literal in an ECMAScript pattern (editors compile with the u flag: no escapes beyond the syntax characters)."""
    return "".join("\\" + ch if ch in "^$\\.*+?()[]{}|/" else ch for ch in text)


def tally_schema(settings: CycleSettings | None, lang: str) -> dict:
    """One dimension's tally: ballots per level; with the cycle, its levels as the keys offered."""
    count = {"type": "integer", "minimum": 0, "maximum": MAX_TALLY}
    if settings is None:
        return {"type": "object", "additionalProperties": count}
    return {"type": "object", "properties": {level: {**count, "title": level} for level in settings.scale},
            "additionalProperties": False,
            "errorMessage": translate("schema.error.tally", lang, levels="、".join(settings.scale))}


# -- where they live -------------------------------------------------------------------------------------


def write_schemas(out: Path, settings: CycleSettings | None = None) -> list[Path]:
    """Write `<kind>.schema.json` for every file kind into `out` (for the cycle of `settings`, or any scale)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in FILE_KINDS:
        path = out / f"{kind}.schema.json"
        path.write_text(schema_text(kind, settings), encoding="utf-8")
        written.append(path)
    return written


def schema_text(kind: str, settings: CycleSettings | None = None) -> str:
    return json.dumps(schema_for(kind, "zh", settings), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def stale_schemas(cycle_folder: Path, settings: CycleSettings) -> list[str]:
    """The file kinds whose schema in `<cycle>/.schemas/` differs from what `portal schema` writes now."""
    folder = cycle_folder / CYCLE_SCHEMA_FOLDER
    if not folder.is_dir() or folder.is_symlink():
        return []
    stale = []
    for kind in FILE_KINDS:
        path = folder / f"{kind}.schema.json"
        try:
            if path.is_symlink() or json.loads(path.read_text(encoding="utf-8")) != schema_for(kind, "zh", settings):
                stale.append(kind)
        except (OSError, ValueError):
            stale.append(kind)
    return stale


def modeline(kind: str, path: Path | None = None) -> str:
    """The first line that ties the file at `path` to its schema: its cycle's own (`.schemas/`) when that
    cycle has them, else the ones for any scale in scorecards/schemas/."""
    in_cycle_root = kind in ("cycle", "org")
    if path is not None:
        cycle = path.parent if in_cycle_root else path.parent.parent
        if (cycle / CYCLE_SCHEMA_FOLDER / f"{kind}.schema.json").is_file():
            return f"# yaml-language-server: $schema={'' if in_cycle_root else '../'}{CYCLE_SCHEMA_FOLDER}/{kind}.schema.json"
    up = "../" if in_cycle_root else "../../"
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
