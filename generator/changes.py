"""`portal check-changes`: what a pull request may change, checked against the base it will merge into.

The rules, in one place (each a function below, documented for users in
content/guide/submit.md):

1. `closed_cycle_frozen` — nothing under a cycle that is closed at the base changes.
2. `no_deletions` — no scorecard is deleted.
3. `no_renamed_people` — a person's file is not renamed, nor its `id` changed.
4. `one_person_per_change` — a change edits at most one person's file, and never
   a person's file together with ballots or reviews (a new cycle is exempt).
5. `portal_stays_valid` — after the change, `portal validate` finds no error.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

from .problems import Problem, UsageError
from .schema import SCHEMA_FOLDER
from .validate import validate_portal


@dataclass(frozen=True)
class Change:
    status: str  # A added, M modified, D deleted, R renamed
    path: str
    old_path: str | None = None

    @property
    def parts(self) -> tuple[str, ...]:
        return PurePosixPath(self.path).parts

    def cycle(self) -> str | None:
        """The cycle folder a scorecards/ path is in."""
        parts = self.parts
        return parts[1] if len(parts) > 2 and parts[0] == "scorecards" and parts[1] != SCHEMA_FOLDER else None

    def kind(self) -> str | None:
        """people, democratic or organizational (or None for cycle.yaml, org.yaml, other files)."""
        parts = self.parts
        return parts[2] if self.cycle() and len(parts) == 4 else None


def git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise UsageError("changes.git_failed", command="git " + " ".join(args), reason=result.stderr.strip())
    return result.stdout


def changed_files(root: Path, base: str) -> tuple[str, list[Change]]:
    """The merge base with `base`, and every file changed since it (commits, the work tree and new files)."""
    merge_base = git(root, "merge-base", base, "HEAD").strip()
    changes = []
    for line in git(root, "diff", "--name-status", "-M", merge_base, "--", "scorecards").splitlines():
        fields = line.split("\t")
        status = fields[0][0]
        changes.append(Change(status, fields[-1], fields[1] if status == "R" else None))
    for path in git(root, "ls-files", "--others", "--exclude-standard", "--", "scorecards").splitlines():
        changes.append(Change("A", path))
    return merge_base, changes


def file_at(root: Path, revision: str, path: str) -> dict | None:
    """A YAML file as it was at `revision`, or None when it did not exist or does not parse."""
    result = subprocess.run(["git", "-C", str(root), "show", f"{revision}:{path}"], capture_output=True)
    return yaml_mapping(result.stdout) if result.returncode == 0 else None


def yaml_mapping(data: bytes) -> dict | None:
    """The mapping a YAML file holds, or None when it does not parse (validation reports why)."""
    try:
        value = yaml.load(data.decode("utf-8-sig"), Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None


def problem(change: Change, key: str, **args) -> Problem:
    return Problem(change.path, None, None, key, args)


def closed_cycle_frozen(root: Path, base: str, changes: list[Change]) -> list[Problem]:
    status = {}
    found = []
    for change in changes:
        for path in filter(None, (change.path, change.old_path)):
            cycle = Change(change.status, path).cycle()
            if cycle is None:
                continue
            if cycle not in status:
                settings = file_at(root, base, f"scorecards/{cycle}/cycle.yaml")
                status[cycle] = settings.get("status") if settings else None
            if status[cycle] == "closed":
                found.append(problem(change, "changes.closed", cycle=cycle))
                break
    return found


def no_deletions(root: Path, base: str, changes: list[Change]) -> list[Problem]:
    return [problem(c, "changes.deleted") for c in changes if c.status == "D" and c.cycle()]


def no_renamed_people(root: Path, base: str, changes: list[Change]) -> list[Problem]:
    found = []
    for change in changes:
        if change.kind() != "people":
            continue
        if change.status == "R":
            found.append(problem(change, "changes.renamed", old=change.old_path))
        elif change.status == "M":
            before, after = file_at(root, base, change.path), read_yaml(root / change.path)
            if before and after and before.get("id") != after.get("id"):
                found.append(problem(change, "changes.id_changed", old=before.get("id"), new=after.get("id")))
    return found


def read_yaml(path: Path) -> dict | None:
    try:
        return yaml_mapping(path.read_bytes())
    except OSError:
        return None


def one_person_per_change(root: Path, base: str, changes: list[Change]) -> list[Problem]:
    new_cycles = {c.cycle() for c in changes if c.status == "A" and c.parts[-1] == "cycle.yaml"}
    relevant = [c for c in changes if c.cycle() not in new_cycles and c.status != "D"]
    people = [c for c in relevant if c.kind() == "people"]
    assessments = [c for c in relevant if c.kind() in ("democratic", "organizational")]
    if len(people) > 1:
        return [problem(people[1], "changes.many_people", files="、".join(c.path for c in people))]
    if people and assessments:
        return [problem(assessments[0], "changes.mixed", person=people[0].path, other=assessments[0].path)]
    return []


def portal_stays_valid(root: Path, base: str, changes: list[Change]) -> list[Problem]:
    return [p for p in validate_portal(root).problems if p.severity == "error"]


RULES = (closed_cycle_frozen, no_deletions, no_renamed_people, one_person_per_change, portal_stays_valid)


def check_changes(root: Path, base: str) -> tuple[list[Change], list[Problem]]:
    """The change from `base` to the work tree, and every rule's problems with it."""
    merge_base, changes = changed_files(root, base)
    return changes, [found for rule in RULES for found in rule(root, merge_base, changes)]
