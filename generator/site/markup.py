"""Submitted text is data: one escaping for Markdown pages that may hold HTML.

Every value a template prints goes through `escape_value` (the Jinja2
`finalize` hook), so no template can forget it.  Markdown and HTML syntax
characters become numeric character references, which render as the same
characters in every context (paragraphs, lists, tables, headings, HTML
blocks, SVG text and attribute values, YAML front matter in double quotes)
and are never read as markup: `<script>`, `onerror=`, `[x](javascript:…)`,
`林**` show as text.  Charts (`charts.py`) and page titles (`front_title`)
use the same escaping.  Only values the code itself built are marked safe
(`Markup`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup

# HTML specials, Markdown inline/block syntax, table pipes, attribute lists, and the
# characters that start autolinks or emphasis.
SPECIAL = re.compile(r"[&<>\"'`*_{}\[\]()#+\-.!|~\\:=$^%@]")
NEWLINES = re.compile(r"\r\n|\r|\n")
# what a YAML stream may not hold even inside quotes (control characters, lone surrogates, U+FFFE/FFFF)
NOT_YAML_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def escape_text(text: str) -> Markup:
    """`text` made inert in Markdown and HTML; line breaks kept as <br>."""
    escaped = SPECIAL.sub(lambda m: f"&#{ord(m.group())};", text)
    return Markup(NEWLINES.sub("<br>", escaped.strip()))


def escape_line(text: str) -> Markup:
    """`text` made inert as one line: for SVG labels, attribute values and titles (no <br> there)."""
    return escape_text(" ".join(NEWLINES.split(text)))


def front_title(text: str) -> Markup:
    """A page's `title:` for its YAML front matter.

    MkDocs and Material print a page title raw, in `<title>`, the header and
    the nav (Material's `striptags` would undo entities of the heading), so the
    title is given escaped: a JSON string (valid YAML) of the escaped line.
    """
    escaped = NOT_YAML_PRINTABLE.sub(lambda m: f"&#{ord(m.group())};", str(escape_line(text)))
    return Markup(json.dumps(escaped, ensure_ascii=False))


def escape_value(value: Any) -> Any:
    """The `finalize` hook: escape every printed string that the code did not mark safe."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return escape_text(value)
    return value
