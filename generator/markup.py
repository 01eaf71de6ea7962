"""Submitted text is data: escaping for Markdown pages that may hold HTML.

Every value a template prints goes through `escape_value` (the Jinja2
`finalize` hook), so no template can forget it.  Markdown and HTML syntax
characters become numeric character references, which render as the same
characters in every context (paragraphs, lists, tables, HTML blocks) and are
never read as markup: `<script>`, `onerror=`, `[x](javascript:…)` show as
text.  Only values the code itself built are marked safe (`Markup`).
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

# HTML specials, Markdown inline/block syntax, table pipes, attribute lists, and the
# characters that start autolinks or emphasis.
SPECIAL = re.compile(r"[&<>\"'`*_{}\[\]()#+\-.!|~\\:=$^%@]")
NEWLINES = re.compile(r"\r\n|\r|\n")


def escape_text(text: str) -> Markup:
    """`text` made inert in Markdown and HTML; line breaks kept as <br>."""
    escaped = SPECIAL.sub(lambda m: f"&#{ord(m.group())};", text)
    return Markup(NEWLINES.sub("<br>", escaped.strip()))


def escape_value(value: Any) -> Any:
    """The `finalize` hook: escape every printed string that the code did not mark safe."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return escape_text(value)
    return value
