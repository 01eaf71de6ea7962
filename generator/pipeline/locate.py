"""Map a validation error's location back to the YAML line, and say it in the user's terms.

pydantic reports where a value failed as a path of keys and indexes
(`('show', 'goals', 1, 'target')`); walking the composed node tree along
that path gives the line and column.  The error's type becomes a catalog
key with the arguments its message needs.
"""

from __future__ import annotations

import contextlib
import difflib
import types
import typing
import weakref
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from typing_extensions import is_typeddict  # the model's TypedDicts come from typing_extensions: typing's own

# is_typeddict does not know them on Python 3.11 (goals listed no fields)
from ..problems import Problem
from .load import Document, punctuation_problems, scalar_value
from .model import CONTROL_IN_LINE

KEY_MARK = "[key]"

NUMBER_TYPES = {"float_type", "float_parsing", "int_type", "int_parsing", "int_from_float", "finite_number", "bool_type", "bool_parsing"}
DATE_TYPES = {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_future", "date_past"}
MAPPING_TYPES = {"dict_type", "model_type", "model_attributes_type", "mapping_type"}
RANGE_TYPES = {"greater_than_equal": "value.too_small", "greater_than": "value.too_small",
               "less_than_equal": "value.too_large", "less_than": "value.too_large"}
CUSTOM_TYPES = {"rating.invalid", "rating.level_unknown", "id.unsafe", "id.reserved", "tally.level_unknown", "account.invalid",
                "value.goal_number", "value.year_range", "text.control_char", "level.blank_edges"}
LENGTH_TYPES = {"string_too_long", "too_long"}
SHOWN_VALUE = 80  # characters of a rejected value echoed in a message: a 4 MB value must not flood the CI log


def position(root: yaml.Node, path: tuple, at_key: bool = False) -> tuple[int, int]:
    """1-based (line, column) of the value at `path`, or of its key, or of the nearest parent found."""
    key_node, value_node = walk(root, path)
    node = key_node if at_key and key_node is not None else value_node
    return node.start_mark.line + 1, node.start_mark.column + 1


def walk(root: yaml.Node, path: tuple) -> tuple[yaml.Node | None, yaml.Node]:
    """The (key node, value node) at the end of `path`; stops at the deepest node that exists."""
    key_node, current = None, root
    for part in path:
        if part == KEY_MARK:
            break
        if isinstance(current, yaml.MappingNode):
            pair = find_pair(current, part)
            if pair is None:
                break
            key_node, current = pair
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(current.value):
            key_node, current = None, current.value[part]
        else:
            break
    return key_node, current


KEY_INDEX: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
MAX_PROBLEMS_PER_FILE = 100  # more are summed up in one line: 400,000 unknown keys must not print 400,000 lines


def find_pair(mapping: yaml.MappingNode, key: Any) -> tuple[yaml.Node, yaml.Node] | None:
    """The first (key node, value node) of `mapping` whose key is `key`, as written or as read.

    Looked up in an index built once per mapping: with one lookup per problem, a
    linear scan made a file of 20,000 unknown keys take minutes.
    """
    index = KEY_INDEX.get(mapping)
    if index is None:
        index = KEY_INDEX[mapping] = key_index(mapping)
    try:
        return index.get(key)
    except TypeError:  # an unhashable key cannot be in the file's scalar keys
        return None


def key_index(mapping: yaml.MappingNode) -> dict[Any, tuple[yaml.Node, yaml.Node]]:
    index: dict[Any, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in mapping.value:
        if isinstance(key_node, yaml.ScalarNode):
            for key in (key_node.value, scalar_value(key_node, "", [])):
                with contextlib.suppress(TypeError):  # e.g. a list as a key
                    index.setdefault(key, (key_node, value_node))
    return index


def problems_from_validation_error(error: ValidationError, document: Document, kind: type[BaseModel]) -> list[Problem]:
    details = error.errors(include_url=False)
    mistyped = mistyped_keys(details)
    shown = [d for d in details if not explained_elsewhere(d, mistyped)]
    lines = document.text.splitlines()
    problems = [problem_from_detail(d, document, kind, lines) for d in shown[:MAX_PROBLEMS_PER_FILE]]
    if len(shown) > MAX_PROBLEMS_PER_FILE:
        problems.append(Problem(document.path, None, None, "file.more_problems",
                                {"shown": MAX_PROBLEMS_PER_FILE, "more": len(shown) - MAX_PROBLEMS_PER_FILE}))
    return problems


def mistyped_keys(details: list[ErrorDetails]) -> set[tuple[tuple, str]]:
    """(parent, name) of every unknown key, with what precedes a full-width colon as its name."""
    return {(tuple(d["loc"][:-1]), str(d["loc"][-1]).split("：")[0].strip()) for d in details if d["type"] == "extra_forbidden"}


def explained_elsewhere(detail: ErrorDetails, mistyped: set[tuple[tuple, str]]) -> bool:
    """A 'missing learning' beside an unknown key 'learning：好' is the same mistake: tell it once."""
    return detail["type"] == "missing" and (tuple(detail["loc"][:-1]), str(detail["loc"][-1])) in mistyped


def problem_from_detail(detail: dict, document: Document, kind: type[BaseModel], lines: list[str] | None = None) -> Problem:
    loc = tuple(detail["loc"])
    kind_of_error = detail["type"]
    at_key = kind_of_error == "extra_forbidden" or KEY_MARK in loc
    key_node, value_node = walk(document.node, loc)
    node = key_node if at_key and key_node is not None else value_node
    if isinstance(node, yaml.ScalarNode) and detail["type"] not in ("missing", "extra_forbidden"):
        # "standards:\n  － 公文零差错" is valid YAML (one long text); the real fault is the dash
        lines = document.text.splitlines() if lines is None else lines
        span = "\n".join(lines[node.start_mark.line : node.end_mark.line + 1])
        hints = punctuation_problems(span, document.path, node.start_mark.line + 1)
        if hints:
            return hints[0]
    key, args = message_for(detail, loc, node, kind)
    return Problem(document.path, node.start_mark.line + 1, node.start_mark.column + 1, key, args)


def field_label(loc: tuple) -> str | tuple:
    """`show.goals[2].target`: the path in the file, list items counted from 1."""
    label = ""
    for part in loc:
        if part == KEY_MARK:
            continue
        label += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if label else str(part))
    return printable(label) if label else ("field.whole_file", {})


def message_for(detail: dict, loc: tuple, node: yaml.Node, kind: type[BaseModel]) -> tuple[str, dict]:
    kind_of_error, value = detail["type"], detail.get("input")
    name = field_label(loc)
    last = next((str(p) for p in reversed(loc) if p != KEY_MARK), name)
    if kind_of_error in CUSTOM_TYPES:
        return kind_of_error, {"field": name, **{k: shortened(v) for k, v in (detail.get("ctx") or {}).items()}}
    if kind_of_error in LENGTH_TYPES:
        # a bounded text reports "too_long" like a list does when a validator wraps it: the value tells
        key = "value.text_too_long" if isinstance(value, str) else "value.too_many_items"
        return key, {"field": name, "limit": detail["ctx"]["max_length"], "size": len(value)}
    if kind_of_error == "missing":
        return "value.missing", {"field": last}
    if kind_of_error == "extra_forbidden":
        return unknown_key_message(last, allowed_keys(kind, loc[:-1]))
    if value is None and kind_of_error != "literal_error":
        return "value.empty", {"field": name}
    if kind_of_error == "string_type":
        if isinstance(value, (int, float)) and isinstance(node, yaml.ScalarNode):
            return "value.number_as_text", {"raw": shortened(node.value), "value": shortened(value)}
        return "value.not_text", {"field": name}
    if kind_of_error == "list_type":
        return "value.not_list", {"field": name}
    if kind_of_error in MAPPING_TYPES:
        return "value.not_mapping", {"field": name}
    if kind_of_error in NUMBER_TYPES:
        key = "value.not_integer" if kind_of_error.startswith("int") else "value.not_number"
        return key, {"field": name, "value": shortened(value)}
    if kind_of_error in DATE_TYPES:
        return "value.not_date", {"field": name, "value": shortened(value)}
    if kind_of_error == "literal_error":
        return "value.choice", {"field": name, "value": shortened(value), "choices": detail["ctx"]["expected"]}
    if kind_of_error in RANGE_TYPES:
        limit = next(iter((detail.get("ctx") or {}).values()), "")
        return RANGE_TYPES[kind_of_error], {"field": name, "value": shortened(value), "limit": limit}
    return "value.invalid", {"field": name, "value": shortened(value), "reason": detail.get("msg", "")}


def shortened(value: Any) -> Any:
    """A value as echoed in a message: long text cut to SHOWN_VALUE characters, control characters shown by
    their code point (a carriage return echoed as is would garble the terminal's line)."""
    if isinstance(value, (str, int)) and not isinstance(value, bool) and len(text := str(value)) > SHOWN_VALUE:
        return printable(text[:SHOWN_VALUE]) + "…"
    return printable(value) if isinstance(value, str) else value


def printable(text: str) -> str:
    """`text` with each character a one-line field may not hold written as <U+000D>."""
    return CONTROL_IN_LINE.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)


def unknown_key_message(key: str, allowed: list[str]) -> tuple[str, dict]:
    if "：" in key:
        return "yaml.fullwidth_colon", {"key": key.split("：")[0].strip()}
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return "value.unknown_key", {"field": key, "hint": ("hint.did_you_mean", {"suggestion": close[0]})}
    if not allowed:  # a place that takes no keys at all (a wrongly indented line): never "the fields allowed: ."
        return "value.unknown_key", {"field": key, "hint": ("hint.no_keys_here", {})}
    return "value.unknown_key", {"field": key, "hint": ("hint.allowed_keys", {"allowed": ", ".join(allowed)})}


def allowed_keys(kind: type[BaseModel], loc: tuple) -> list[str]:
    """The keys the model accepts at `loc` (by their YAML names)."""
    model = model_at(kind, loc)
    if model is None:
        return []
    if is_typeddict(model):
        return [name for name in model.__annotations__ if not name.startswith("__")]
    return [info.alias or name for name, info in model.model_fields.items()]


def model_at(kind: Any, loc: tuple) -> type[BaseModel] | None:
    current: Any = kind
    for part in loc:
        current = unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = next((f for n, f in current.model_fields.items() if part in (n, f.alias)), None)
            if info is None:
                return None
            current = info.annotation
        else:
            args = typing.get_args(current)
            if not args:
                return None
            current = args[-1]  # list[X] -> X, dict[K, V] -> V
    current = unwrap(current)
    is_model = isinstance(current, type) and (issubclass(current, BaseModel) or is_typeddict(current))
    return current if is_model else None


def unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and Optional[...] down to the type inside."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0]
        else:
            return annotation
