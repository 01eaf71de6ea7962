"""`portal check-changes`: what a pull request may change, checked against the branch it merges into.

Two ways to run it.  In CI, `--base BASE --head HEAD`: the change is the diff
from the base tip to the tree the merge would write (`merge.py`), and the
pull request is read as git objects only, never checked out or run.  On a
desk (pre-commit, a trial before pushing), `--base BASE` alone: the change is
the diff from the merge base to the work tree.

The rules, in one place (each a function below; documented for users in
content/guide/submit.md and, with what the git host must enforce, in
content/guide/trust.md):

1. `only_plain_files` — no symbolic link, no submodule, no change of a file's mode only.
2. `closed_cycle_frozen` — nothing in a cycle closed at the target, at a merge
   base or after the change changes, except the one cycle.yaml that closes it
   and appeals (`appeals/<n>.yaml.age`, which arrive after the closing).
3. `no_deletions` — no file of a cycle is deleted (except a clear restricted file replaced by its sealed form).
4. `no_renames` — no file of a cycle is renamed, and no person's `id` changes.
5. `restricted_sealed` — democratic/, organizational/, objections/ and appeals/ take
   only sealed `<name>.yaml.age` files that are age armour (contract v1.2: nothing
   restricted in clear in the history).
6. `scorecard_travels_alone` — a change edits at most one person's file and
   nothing else with it; ballots, reviews and settings never ride along with
   a scorecard (a cycle that is new in this change is exempt).
7. `portal_files_apart` — files outside the cycles (site, generator, CI,
   schemas) never change together with scorecards.
8. `author_may_change` — the author may change each file (`authority`): their own
   parts of their own file, an id that was theirs, their section's review.
9. `codeowners_current` — a CODEOWNERS file in the change is the one `portal codeowners` writes.
10. `portal_stays_valid` — after the change, `portal validate` finds no error (without any key:
    sealed files are not opened).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

from ..pipeline.validate import Report, validate_portal
from ..pipeline.vault import SEALED_SUFFIX, is_restricted, is_sealed_name
from ..problems import ERROR, Problem, has_errors
from .authority import APPEALS, PEOPLE, Accounts, Authority, authorised, cycle_of, kind_of, normal_account
from .merge import exported, keyless, merged
from .revision import (
    ABSENT_MODE,
    GITLINK_MODE,
    SYMLINK_MODE,
    Change,
    Revision,
    WorkTree,
    changed_between,
    changed_files,
    merge_base,
    resolved,
)
from .sealed_form import is_age_armour

CODEOWNERS_PATHS = (".github/CODEOWNERS", ".gitlab/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")


@dataclass
class Context:
    """What every rule may look at: the target, its merge bases with the change, the portal after it, the change, who made it."""

    target: Revision
    merge_bases: list[Revision]
    head: Revision | WorkTree
    changes: list[Change]
    authors: list[str]
    validate: Callable[[], Report]

    @cached_property
    def report(self) -> Report:
        """`portal validate` of the portal after the change, run once."""
        return self.validate()

    def new_cycles(self) -> set[str]:
        """Cycles with no cycle.yaml at the target nor at a merge base: the change creates them."""
        cycles = {cycle_of(p) for c in self.changes for p in c.paths()} - {None}
        return {c for c in cycles if not any(r.exists(f"scorecards/{c}/cycle.yaml") for r in (self.target, *self.merge_bases))}


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
    """Closed at the target, a merge base (a branch started before the closing) or the head (a closing).
    Appeals are the exception (contract v1.2): they arrive after the cycle closes, and may be added and decided."""
    closed: dict[str, str | None] = {}
    found = []
    for change in context.changes:
        if change.status in "AM" and kind_of(change.path) == APPEALS:  # they arrive after the closing
            continue
        for path in change.paths():
            cycle = cycle_of(path)
            if cycle is None:
                continue
            if cycle not in closed:
                closed[cycle] = closed_where(context, cycle)
            closing_itself = closed[cycle] == "head" and path == f"scorecards/{cycle}/cycle.yaml" and change.status == "M"
            if closed[cycle] and not closing_itself:
                found.append(problem(change, "changes.closed", cycle=cycle, where=(f"changes.where.{closed[cycle]}", {})))
                break
    return found


def closed_where(context: Context, cycle: str) -> str | None:
    """Where a cycle is closed: target, a merge base or head (first found), or None when open everywhere."""
    places = [("target", context.target), *(("merge_base", r) for r in context.merge_bases), ("head", context.head)]
    for where, revision in places:
        if cycle_status(revision, cycle) == "closed":
            return where
    return None


def no_deletions(context: Context) -> list[Problem]:
    sealed_now = {c.path for c in context.changes if c.status in "AMRT" and is_sealed_name(c.path)}
    return [problem(c, "changes.deleted") for c in context.changes if c.status == "D" and cycle_of(c.path)
            and not (is_restricted(c.path) and c.path + SEALED_SUFFIX in sealed_now)]


def restricted_sealed(context: Context) -> list[Problem]:
    """A restricted folder takes sealed files only, and a sealed file must be age armour (not clear text renamed)."""
    found = []
    for change in context.changes:
        if change.status == "D" or not is_restricted(change.path):
            continue
        name = PurePosixPath(change.path).name
        if not is_sealed_name(name):
            found.append(problem(change, "changes.restricted_clear", sealed=change.path + SEALED_SUFFIX
                                 if name.endswith((".yaml", ".yml")) else change.path + ".yaml" + SEALED_SUFFIX))
        elif not is_age_armour(context.head.blob(change.path) or b""):
            found.append(problem(change, "changes.restricted_not_sealed"))
    return found


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


READS_THE_HEAD_FILE = ("changes.rule.account_changed", "changes.rule.new_person_account", "changes.rule.organisers_part")


def author_may_change(context: Context) -> list[Problem]:
    """Every refusal of `authority`; one that had to read a scorecard the change left unreadable (a YAML error)
    is dropped when validation refuses that file itself, so the author reads the YAML error only."""
    authority = Authority(Accounts(context.target), context.head)
    found = authorised(authority, context.authors, context.changes)
    refused = {p.path for p in context.report.problems if p.severity == ERROR}
    return [p for p in found if not (p.key in READS_THE_HEAD_FILE and p.path in refused and context.head.mapping(p.path) is None)]


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
        text = (context.head.blob(change.path) or b"").decode("utf-8", errors="replace")
        if owner_rules(text) != expected:
            found.append(problem(change, "changes.codeowners_stale", path=change.path))
    return found


def portal_stays_valid(context: Context) -> list[Problem]:
    return [p for p in context.report.problems if p.severity == "error"]


RULES = (only_plain_files, closed_cycle_frozen, no_deletions, no_renames, restricted_sealed, scorecard_travels_alone,
         portal_files_apart, author_may_change, codeowners_current, portal_stays_valid)


def check_changes(root: Path, base: str, authors: list[str], head: str | None = None) -> tuple[list[Change], list[Problem]]:
    """The change and every rule's problems with it: with `head`, the merge of that commit into `base`, read as
    data; without, the work tree against its merge base with `base` (a check before pushing)."""
    names = [a for a in dict.fromkeys(map(normal_account, authors)) if a]
    target = resolved(root, base)
    if head is None:
        since = merge_base(root, target)
        changes = changed_files(root, since)
        context = Context(Revision(root, target), [Revision(root, since)], WorkTree(root), changes, names,
                          lambda: validate_portal(root))
        return changes, [found for rule in RULES for found in rule(context)]
    merge = merged(root, target, resolved(root, head))
    if merge.conflicts:
        return [], [Problem(path, None, None, "changes.conflict") for path in merge.conflicts]
    changes = changed_between(root, target, merge.tree)
    with exported(root, merge.tree) as (folder, exporting), keyless(folder):
        context = Context(Revision(root, target), [Revision(root, b) for b in merge.bases], Revision(root, merge.tree),
                          changes, names, lambda: merged_report(folder, exporting))
        return changes, [found for rule in RULES for found in rule(context)]


def merged_report(folder: Path, exporting: list[Problem]) -> Report:
    """`portal validate` of the exported merged tree, with what the export refused to write (links, odd paths)."""
    report = validate_portal(folder)
    if exporting:
        report.problems = sorted([*exporting, *report.problems], key=lambda p: (p.path, p.line or 0, p.column or 0))
        if has_errors(exporting):
            report.portal = None
    return report
