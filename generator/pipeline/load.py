"""Stage 1, load: files -> YAML values with their positions, or problems.

Only safe loading, ever: libyaml's C parser composes a node tree (it keeps
line and column of every node), and `values_from_node` turns that tree into
plain Python values, refusing aliases, custom tags and duplicate keys.  The
node tree is kept beside the values so that validation can point at the
line of any value it rejects; it is dropped once a file is validated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..problems import Problem
from .exact import float_from_text

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 64
# libyaml's composer recurses once per nesting level and overflows the C stack
# between 10,000 and 30,000 levels, and `values_from_node` recurses in Python
# (limit 1000).  Every file gets a cheap linear bound on its depth, and only
# when that bound is above MAX_DEPTH the exact (slower, still linear) measure.

SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
STR_TAG = "tag:yaml.org,2002:str"
FLOAT_TAG = "tag:yaml.org,2002:float"
COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_constructor = yaml.constructor.SafeConstructor()

FULLWIDTH_COLON = re.compile(r"^\s*(?:[-－]\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*：")
FULLWIDTH_FLOW_COLON = re.compile(r"[{,，]\s*([A-Za-z_][A-Za-z0-9_]*)\s*：")
FULLWIDTH_DASH = re.compile(r"^\s*([－—–])\s")
# A full-width comma inside a flow collection, before something that looks like a key.
# Scanned token by token (brackets and commas), never with a pattern that
# backtracks over the line: one line of 250,000 "[" must stay linear.
FLOW_TOKEN = re.compile(r"[{\[\]}，]")
KEY_AFTER_COMMA = re.compile(r"\s*\w+\s*[:：]")

SYNTAX_HINTS = {
    "mapping values are not allowed": "yaml.syntax.mapping_here",
    "could not find expected ':'": "yaml.syntax.expected_colon",
    "cannot start any token": "yaml.syntax.bad_start",
    "did not find expected key": "yaml.syntax.expected_key",
    "found unexpected end of stream": "yaml.syntax.unclosed_quote",
    "did not find expected ',' or ']'": "yaml.syntax.unclosed_bracket",
    "did not find expected ',' or '}'": "yaml.syntax.unclosed_brace",
    "did not find expected '-' indicator": "yaml.syntax.expected_dash",
}


@dataclass
class Document:
    """One YAML file: its values, and the node tree that knows their places."""

    path: str
    value: Any
    node: yaml.Node
    problems: list[Problem]
    """Faults that still leave values to check (duplicate keys)."""
    text: str


class LoadFailed(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        self.problems = problems


def load_document(file: Path, shown_path: str, opened: bytes | None = None) -> Document:
    """Read and parse one YAML file (or `opened`, the clear bytes of a sealed one); raise `LoadFailed` with its problems."""
    text = read_text(file, shown_path) if opened is None else decoded_text(opened, shown_path)
    node = compose_node(text, shown_path)
    problems: list[Problem] = []
    value = values_from_node(node, shown_path, problems, set())
    fatal = [p for p in problems if p.key != "yaml.duplicate_key"]
    if fatal:
        raise LoadFailed(fatal[:1] if fatal[0].key == "yaml.alias" else fatal)
    return Document(shown_path, value, node, problems, text)


def read_text(file: Path, shown_path: str) -> str:
    """The file's text: size-checked, UTF-8 (BOM allowed), with GBK recognised."""
    if file.is_symlink():  # never followed: a link could echo any file of the machine into CI's log
        raise LoadFailed([Problem(shown_path, None, None, "file.symlink")])
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise LoadFailed([Problem(shown_path, None, None, "file.too_large", {"size": size, "limit": MAX_FILE_BYTES})])
        data = file.read_bytes()
    except OSError as error:
        raise LoadFailed([Problem(shown_path, None, None, "file.unreadable", {"reason": error.strerror or str(error)})]) from None
    return decoded_text(data, shown_path)


def decoded_text(data: bytes, shown_path: str) -> str:
    """UTF-8 (BOM allowed), with GBK and UTF-16 recognised in the message."""
    if len(data) > MAX_FILE_BYTES:
        raise LoadFailed([Problem(shown_path, None, None, "file.too_large", {"size": len(data), "limit": MAX_FILE_BYTES})])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise LoadFailed([Problem(shown_path, line, None, encoding_problem_key(data), {"line": line})]) from None


def encoding_problem_key(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "file.utf16"  # Notepad's "Unicode"
    try:
        data.decode("gbk")
    except UnicodeDecodeError:
        return "file.not_utf8"
    return "file.not_utf8_gbk"


def compose_node(text: str, shown_path: str) -> yaml.Node:
    """The composed node tree of `text`, or `LoadFailed` with a hint people can act on."""
    if not text.strip():
        raise LoadFailed([Problem(shown_path, 1, 1, "file.empty")])
    if match := CONTROL_CHAR.search(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - text.rfind("\n", 0, match.start())
        raise LoadFailed([Problem(shown_path, line, column, "file.control_char", {"line": line, "char": f"U+{ord(match.group()):04X}"})])
    if structure_bound(text) > MAX_DEPTH:
        check_depth(text, shown_path)
    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.composer.ComposerError as error:
        raise LoadFailed([syntax_problem(error, text, shown_path, "yaml.multiple_documents")]) from None
    except yaml.MarkedYAMLError as error:
        if is_libyaml_depth_limit(error):
            raise LoadFailed([too_deep_problem(error.problem_mark, shown_path)]) from None
        raise LoadFailed(punctuation_problems(text, shown_path) or [syntax_problem(error, text, shown_path)]) from None
    except yaml.YAMLError as error:  # a reader error CONTROL_CHAR did not foresee: still the author's file, never a crash
        raise LoadFailed([Problem(shown_path, None, None, "yaml.syntax", {"problem": str(error)[:200]})]) from None
    finally:
        loader.dispose()
    if node is None:
        raise LoadFailed([Problem(shown_path, 1, 1, "file.empty")])
    return node


# What YAML 1.1 (libyaml's reader) refuses as "unacceptable character": C0 controls but tab,
# line feed and carriage return, DEL, C1 controls but NEL, surrogates, U+FFFE and U+FFFF.
CONTROL_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
LEADING_BLOCK = re.compile(r"^[ \t\-?]*", re.MULTILINE)
BRACKETS_ONLY = str.maketrans("", "", "".join(chr(c) for c in range(128) if chr(c) not in "[]{}"))


def structure_bound(text: str) -> int:
    """An upper bound on the nesting depth, cheap to compute.

    Block nesting needs more indentation (or another "- " on the same line) per
    level, so it is at most the longest run of spaces, dashes and "?" that starts
    a line, plus one; flow nesting is at most the deepest bracket count (quoted
    brackets only make the bound larger, never smaller).
    """
    block = max((len(m.group()) for m in LEADING_BLOCK.finditer(text)), default=0) + 2
    return block + bracket_depth(text)


def bracket_depth(text: str) -> int:
    depth = deepest = 0
    for char in text.translate(BRACKETS_ONLY):
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    return deepest


def check_depth(text: str, shown_path: str) -> None:
    """Measure the nesting with libyaml's (non-recursive) event parser."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise LoadFailed([too_deep_problem(event.start_mark, shown_path)])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        if is_libyaml_depth_limit(error):
            raise LoadFailed([too_deep_problem(error.problem_mark, shown_path)]) from None
        return  # the composer reports the syntax error with its hints


def is_libyaml_depth_limit(error: yaml.MarkedYAMLError) -> bool:
    """libyaml >= 0.2.5 as bundled by PyYAML 6.0.4 stops at 1000 levels with its own English error.

    Its scanner looks ahead before the parser emits an event, so this can come
    before our own count reaches MAX_DEPTH; either way the author reads one message.
    """
    return "maximum nesting depth" in (error.problem or "")


def too_deep_problem(mark: yaml.Mark | None, shown_path: str) -> Problem:
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    return Problem(shown_path, line, column, "file.too_deep", {"limit": MAX_DEPTH})


def punctuation_problems(text: str, shown_path: str, first_line: int = 1) -> list[Problem]:
    """Tabs and full-width punctuation used as YAML syntax, line by line."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=first_line):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            problems.append(Problem(shown_path, number, len(line) - len(stripped) + 1, "yaml.tab"))
        elif match := FULLWIDTH_COLON.match(line) or FULLWIDTH_FLOW_COLON.search(line):
            problems.append(Problem(shown_path, number, match.end(), "yaml.fullwidth_colon", {"key": match.group(1)}))
        elif match := FULLWIDTH_DASH.match(line):
            problems.append(Problem(shown_path, number, match.start(1) + 1, "yaml.fullwidth_dash", {"char": match.group(1)}))
        elif (column := flow_fullwidth_comma(line)) is not None:
            problems.append(Problem(shown_path, number, column, "yaml.fullwidth_comma"))
    return problems


def flow_fullwidth_comma(line: str) -> int | None:
    """The column of the first "，" that separates items of a flow collection, in one pass."""
    inside_flow = False
    for token in FLOW_TOKEN.finditer(line):
        char = token.group()
        if char in "[{":
            inside_flow = True
        elif char in "]}":
            inside_flow = False
        elif inside_flow and KEY_AFTER_COMMA.match(line, token.end()):
            return token.start() + 1
    return None


def syntax_problem(error: yaml.MarkedYAMLError, text: str, shown_path: str, key: str | None = None) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    if key:
        return Problem(shown_path, line, column, key)
    problem = error.problem or str(error)
    hint_key = next((k for pattern, k in SYNTAX_HINTS.items() if pattern in problem), "yaml.syntax")
    return Problem(shown_path, line, column, hint_key, {"problem": problem})


def values_from_node(node: yaml.Node, shown_path: str, problems: list[Problem], seen: set[int]) -> Any:
    """Plain Python values for a node tree; aliases, tags and duplicate keys become problems."""
    if isinstance(node, yaml.ScalarNode):
        return scalar_value(node, shown_path, problems)
    if id(node) in seen:
        problems.append(problem_at(node, shown_path, "yaml.alias"))
        return None
    seen.add(id(node))
    if node.tag not in COLLECTION_TAGS:
        problems.append(problem_at(node, shown_path, "yaml.tag", tag=node.tag))
        return None
    if isinstance(node, yaml.SequenceNode):
        return [values_from_node(item, shown_path, problems, seen) for item in node.value]
    return mapping_value(node, shown_path, problems, seen)


def mapping_value(node: yaml.MappingNode, shown_path: str, problems: list[Problem], seen: set[int]) -> dict:
    result: dict = {}
    first_lines: dict = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            problems.append(problem_at(key_node, shown_path, "yaml.alias"))
            continue
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(problem_at(key_node, shown_path, "yaml.complex_key"))
            continue
        key = scalar_value(key_node, shown_path, problems)
        if key in first_lines:
            problems.append(
                problem_at(key_node, shown_path, "yaml.duplicate_key", key=key_node.value, first_line=first_lines[key])
            )
        first_lines.setdefault(key, key_node.start_mark.line + 1)
        result[key] = values_from_node(value_node, shown_path, problems, seen)
    return result


def scalar_value(node: yaml.ScalarNode, shown_path: str, problems: list[Problem]) -> Any:
    if node.tag == STR_TAG:  # most values: no constructor needed
        return node.value
    if node.tag not in SCALAR_TAGS:
        problems.append(problem_at(node, shown_path, "yaml.tag", tag=node.tag))
        return None
    try:
        value = _constructor.yaml_constructors[node.tag](_constructor, node)
    except (ValueError, OverflowError, yaml.constructor.ConstructorError):
        return node.value  # e.g. the impossible date 2026-13-01: validation says what is wrong with it
    return exact_float(node.value, value) if node.tag == FLOAT_TAG else value


def exact_float(text: str, value: float) -> float:
    """A float that keeps its text when it has more digits than a double holds (rule 6: numbers as written)."""
    try:
        return float_from_text(text)
    except ValueError:  # 1:30.5 and other YAML 1.1 forms float() does not read
        return value


def problem_at(node: yaml.Node, shown_path: str, message_key: str, **args: Any) -> Problem:
    mark = node.start_mark
    return Problem(shown_path, mark.line + 1, mark.column + 1, message_key, args)
