"""Problems in the formats CI hosts show on a pull request's changed lines (`portal validate --format …`).

- `github`: workflow commands, one line each:
  `::error file=…,line=…,col=…,title=…::message`.  A message holds text from
  the scorecard (a rejected value is echoed), so it is escaped as GitHub's
  toolkit does (`%`, CR, LF in the message; also `:` and `,` in properties):
  no value can end the line and start a second command.
- `gitlab`: a Code Quality report, a JSON list of
  `{description, check_name, fingerprint, severity, location: {path, lines: {begin}}}`.
"""

from __future__ import annotations

import hashlib
import json

from ..catalog import translate
from ..problems import ERROR, Problem

GITLAB_SEVERITY = {ERROR: "major"}  # anything else (a warning) is "minor"


def escape_data(text: str) -> str:
    """A workflow command's message: what GitHub's toolkit escapes (`escapeData`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (`escapeProperty`): the message's escapes and `:` `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(problem: Problem, lang: str) -> str:
    command = "error" if problem.severity == ERROR else "warning"
    properties = {"file": problem.path}
    if problem.line is not None:
        properties["line"] = str(problem.line)
        if problem.column is not None:
            properties["col"] = str(problem.column)
    properties["title"] = translate("ci.title", lang, code=problem.key)
    listed = ",".join(f"{name}={escape_property(value)}" for name, value in properties.items())
    return f"::{command} {listed}::{escape_data(problem.message(lang))}"


def github_commands(problems: list[Problem], lang: str) -> str:
    """One workflow command per problem, one per line."""
    return "".join(github_command(problem, lang) + "\n" for problem in problems)


def fingerprint(problem: Problem, lang: str) -> str:
    """Stable across runs for the same problem at the same place, so GitLab can tell new from fixed."""
    identity = "\0".join([problem.path, str(problem.line), str(problem.column), problem.key, problem.message(lang)])
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()


def gitlab_report(problems: list[Problem], lang: str) -> str:
    """A GitLab Code Quality report (JSON), one entry per problem."""
    entries = [{
        "description": problem.message(lang),
        "check_name": problem.key,
        "fingerprint": fingerprint(problem, lang),
        "severity": GITLAB_SEVERITY.get(problem.severity, "minor"),
        "location": {"path": problem.path, "lines": {"begin": problem.line or 1}},
    } for problem in problems]
    return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
