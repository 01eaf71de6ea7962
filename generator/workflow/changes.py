"""`portal check-changes`: what a pull request may change, checked against the branch it merges into.

The rules, in one place (each a function below; documented for users in
content/guide/submit.md and, with what the git host must enforce, in
content/guide/trust.md):

1. `only_plain_files` — no symbolic link, no submodule, no change of a file's mode only.
2. `closed_cycle_frozen` — nothing in a cycle closed at the target, at the merge
   base or at the head changes, except the one cycle.yaml that closes it and
   its reviews and appeals (`appeals/`, added or decided; rule 7 leaves them
   to the organisers).
3. `no_deletions` — no file of a cycle is deleted.
4. `no_renames` — no file of a cycle is renamed, and no person's `id` changes.
5. `scorecard_travels_alone` — a change edits at most one person's file and
   nothing else with it; ballots, reviews and settings never ride along with
   a scorecard (a cycle that is new in this change is exempt).
6. `portal_files_apart` — files outside the cycles (site, generator, CI,
   schemas) never change together with scorecards.
7. `author_may_change` — the author may change each file (`authority`).
8. `codeowners_current` — a CODEOWNERS file in the change is the one `portal codeowners` writes.
9. `portal_stays_valid` — after the change, `portal validate` finds no error.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..pipeline.validate import Report, validate_portal
from ..problems import Problem
from .authority import APPEALS, PEOPLE, Accounts, Authority, authorised, cycle_of, kind_of, normal_account
from .revision import ABSENT_MODE, GITLINK_MODE, SYMLINK_MODE, Change, Revision, WorkTree, changed_files, merge_base, resolved

CODEOWNERS_PATHS = (".github/CODEOWNERS", ".gitlab/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")


@dataclass
class Context:
    """What every rule may look at: the three revisions, the change, who made it."""

    root: Path
    target: Revision
    merge_base: Revision
    head: WorkTree
    changes: list[Change]
    authors: list[str]

    @cached_property
    def report(self) -> Report:
        """`portal validate` of the head, run once."""
        return validate_portal(self.root)

    def new_cycles(self) -> set[str]:
        """Cycles with no cycle.yaml at the target nor at the merge base: the change creates them."""
        cycles = {cycle_of(p) for c in self.changes for p in c.paths()} - {None}
        return {c for c in cycles if not any(r.exists(f"scorecards/{c}/cycle.yaml") for r in (self.target, self.merge_base))}


def problem(change: Change, key: str, **args) -> Problem:
    return Problem(change.path, None, None, key, args)


def only_plain_files(context: Context) -> list[Problem]:
    found = []
    for change in context.changes:
        modes = {change.old_mode, change.new_mode}
        if SYMLINK_MODE in modes:
            found.append(problem(change, "changes.symlink"))
        elif GITLINK_MODE in modes:
            found.append(problem(change, "changes.submodule"))
        elif ABSENT_MODE not in modes and change.old_mode != change.new_mode:
            found.append(problem(change, "changes.mode", old=change.old_mode, new=change.new_mode))
    return found


def cycle_status(revision: Revision | WorkTree, cycle: str) -> object:
    settings = revision.mapping(f"scorecards/{cycle}/cycle.yaml") or {}
    return settings.get("status")


def closed_cycle_frozen(context: Context) -> list[Problem]:
    """Closed at the target, the merge base (a branch started before the closing) or the head (a closing)."""
    closed: dict[str, str | None] = {}
    found = []
    for change in context.changes:
        for path in change.paths():
            cycle = cycle_of(path)
            if cycle is None:
                continue
            if cycle not in closed:
                closed[cycle] = closed_where(context, cycle)
            closing_itself = closed[cycle] == "head" and path == f"scorecards/{cycle}/cycle.yaml" and change.status == "M"
            appeal = kind_of(path) == APPEALS and change.status in ("A", "M")  # they arrive after the closing
            if closed[cycle] and not closing_itself and not appeal:
                found.append(problem(change, "changes.closed", cycle=cycle, where=(f"changes.where.{closed[cycle]}", {})))
                break
    return found


def closed_where(context: Context, cycle: str) -> str | None:
    """Where a cycle is closed: target, merge_base or head (first found), or None when open everywhere."""
    for where, revision in (("target", context.target), ("merge_base", context.merge_base), ("head", context.head)):
        if cycle_status(revision, cycle) == "closed":
            return where
    return None


def no_deletions(context: Context) -> list[Problem]:
    return [problem(c, "changes.deleted") for c in context.changes if c.status == "D" and cycle_of(c.path)]


def no_renames(context: Context) -> list[Problem]:
    found = []
    for change in context.changes:
        if change.status == "R" and (cycle_of(change.path) or cycle_of(change.old_path or "")):
            found.append(problem(change, "changes.renamed", old=change.old_path))
        elif change.status == "M" and kind_of(change.path) == PEOPLE:
            before, after = context.target.mapping(change.path), context.head.mapping(change.path)
            if before and after and before.get("id") != after.get("id"):
                found.append(problem(change, "changes.id_changed", old=before.get("id"), new=after.get("id")))
    return found


def scorecard_travels_alone(context: Context) -> list[Problem]:
    new_cycles = context.new_cycles()
    relevant = [c for c in context.changes if cycle_of(c.path) not in new_cycles]
    people = [c for c in relevant if kind_of(c.path) == PEOPLE and cycle_of(c.path)]
    if not people:
        return []
    if len(people) > 1:
        return [problem(people[1], "changes.many_people", files="、".join(c.path for c in people))]
    others = [c for c in relevant if c is not people[0]]
    if not others:
        return []
    key = "changes.mixed" if kind_of(others[0].path) in ("democratic", "organizational") else "changes.settings_mixed"
    return [problem(others[0], key, person=people[0].path, other=others[0].path)]


def portal_files_apart(context: Context) -> list[Problem]:
    portal = [c for c in context.changes if not cycle_of(c.path)]
    cards = [c for c in context.changes if cycle_of(c.path)]
    if portal and cards:
        return [problem(portal[0], "changes.portal_mixed", scorecard=cards[0].path)]
    return []


def author_may_change(context: Context) -> list[Problem]:
    authority = Authority(Accounts(context.target), context.head)
    return authorised(authority, context.authors, context.changes)


def codeowners_current(context: Context) -> list[Problem]:
    changed = [c for c in context.changes if c.path in CODEOWNERS_PATHS and c.status != "D"]
    if not changed:
        return []
    from .owners import codeowners, owner_rules

    if not context.report.ok:
        return []  # portal_stays_valid says why
    expected = owner_rules(codeowners(context.report.portal))
    found = []
    for change in changed:
        file = context.root / change.path
        text = file.read_text(encoding="utf-8", errors="replace") if file.is_file() and not file.is_symlink() else ""
        if owner_rules(text) != expected:
            found.append(problem(change, "changes.codeowners_stale", path=change.path))
    return found


def portal_stays_valid(context: Context) -> list[Problem]:
    return [p for p in context.report.problems if p.severity == "error"]


RULES = (only_plain_files, closed_cycle_frozen, no_deletions, no_renames, scorecard_travels_alone,
         portal_files_apart, author_may_change, codeowners_current, portal_stays_valid)


def check_changes(root: Path, base: str, authors: list[str]) -> tuple[list[Change], list[Problem]]:
    """The change from `base` to the work tree, and every rule's problems with it."""
    target = resolved(root, base)
    since = merge_base(root, target)
    changes = changed_files(root, since)
    names = [a for a in dict.fromkeys(map(normal_account, authors)) if a]
    context = Context(root, Revision(root, target), Revision(root, since), WorkTree(root), changes, names)
    return changes, [found for rule in RULES for found in rule(context)]

