"""Problems found in a portal: data with a place, rendered to text only at the edge.

A `Problem` names the file, line and column, a message key from the catalog
and its arguments.  Every stage reports through it; the CLI turns a list of
problems into text (in the reader's language) or JSON.

A problem inside a restricted file (democratic/, organizational/, objections/,
appeals/; sealed or clear) never quotes a value from it, in any format and
wherever it runs: such messages go to CI logs and annotations that every
member can read (contract v1.2).  Its file, line, column and message stay;
arguments that could carry the file's content show as "…".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalog import translate

ERROR = "error"
WARNING = "warning"
WITHHELD = "…"
SHOWN_FROM_RESTRICTED = frozenset({
    "field", "path", "file", "stem", "cycle", "section", "levels", "dimension", "dimensions", "limit", "min_raters",
    "size", "shown", "more", "root", "problem", "char", "position", "what", "hint", "key", "leader",
})
"""Arguments that name a place, a bound or the cycle's settings, never content of the file: shown for restricted files too."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file, at one place."""

    path: str
    line: int | None
    column: int | None
    key: str
    args: dict[str, Any] = field(default_factory=dict)
    severity: str = ERROR

    def message(self, lang: str) -> str:
        """The message and its fix, in `lang`."""
        return translate(self.key, lang, **self.shown_args())

    def shown_args(self) -> dict[str, Any]:
        """The arguments as a message may show them: for a restricted file, only those that quote nothing of it
        (the gate's own messages, `changes.*`, are made from paths and accounts, never from a file's content)."""
        from .pipeline.vault import is_restricted  # here: vault reports through this module

        if self.key.startswith("changes.") or not is_restricted(self.path):
            return self.args
        return {name: value if name in SHOWN_FROM_RESTRICTED else WITHHELD for name, value in self.args.items()}

    def location(self) -> str:
        """`path:line:column`, leaving out what is not known."""
        place = self.path
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return place

    def as_text(self, lang: str) -> str:
        label = translate(f"severity.{self.severity}", lang)
        return f"{self.location()}: {label}: {self.message(lang)}"

    def as_json(self, lang: str) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.key,
            "message": self.message(lang),
        }


class PortalError(Exception):
    """Raised when a portal cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem], summary: str = "cli.invalid_portal"):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
        self.summary = summary  # the catalog key of the closing line (what was stopped, what to do)


class UsageError(Exception):
    """A command was asked for something that cannot be done (message key + args)."""

    def __init__(self, key: str, **args: Any):
        super().__init__(key)
        self.key = key
        self.args_ = args

    def message(self, lang: str) -> str:
        return translate(self.key, lang, **self.args_)


def relative_path(path: Path, root: Path) -> str:
    """`path` relative to the portal root, with forward slashes, for messages."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)


def capped_per_file(problems: list[Problem], limit: int = 100) -> list[Problem]:
    """At most `limit` problems of each file, then one that says how many more there are:
    a hostile file of 100,000 faults must not flood a terminal or a CI log."""
    counts: dict[str, int] = {}
    for problem in problems:
        counts[problem.path] = counts.get(problem.path, 0) + 1
    kept, seen = [], dict.fromkeys(counts, 0)
    for problem in problems:
        seen[problem.path] += 1
        if seen[problem.path] <= limit:
            kept.append(problem)
        elif seen[problem.path] == limit + 1:
            kept.append(Problem(problem.path, None, None, "file.more_problems", {"shown": limit, "more": counts[problem.path] - limit}))
    return kept
