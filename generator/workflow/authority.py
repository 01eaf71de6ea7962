"""Who may change what: the author of a change against the accounts the target branch holds.

Every account is read from the BASE revision (the branch the change will merge
into), never from the change itself: a pull request cannot grant its author a
right by editing org.yaml or its own `account`.  Accounts compare without
case and without a leading @ (git hosts treat user names that way).

| path                                              | who may change it                              |
|---------------------------------------------------|------------------------------------------------|
| scorecards/<cycle>/people/<id>.yaml               | the person whose `account` it is at the base, their own parts only (`show`, `compare`, `self`, `checkins`); organisers |
| a new people/<id>.yaml                            | its author, with `account` = the author, if they have no other file in the cycle, the same id as in other cycles, and an id no one else had before (contract v1.2: an id is one person for good); organisers |
| scorecards/<cycle>/organizational/<section>.yaml.age | the section's `leader_account`; organisers  |
| cycle.yaml, org.yaml, democratic/, objections/, appeals/, any other file of a cycle | the cycle's organisers |
| a cycle that does not exist at the base           | organisers (of the newest cycle at the base)   |
| scorecards/recipients.yaml (who reads the sealed files) | organisers                               |
| anything else under scorecards/                   | organisers (schemas/: maintainers too)         |
| closing/ (allowed_signers, the signed manifests)  | organisers                                     |
| everything outside scorecards/                    | organisers and `maintainers`                   |

Whether a restricted file may be sent in clear at all is a rule of its own
(`changes.restricted_sealed`): it may not, whoever sends it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..pipeline.schema import SCHEMA_FOLDER
from ..pipeline.vault import RECIPIENTS_FILE, RESTRICTED_FOLDERS, SEALED_SUFFIX, is_sealed_name
from ..problems import Problem
from .revision import Change, Revision, WorkTree

PEOPLE, DEMOCRATIC, ORGANIZATIONAL = "people", "democratic", "organizational"
PERSON_PARTS = ("show", "compare", "self", "checkins")
"""What a person writes in their own file (contract v1.2); `id`, `name`, `section`, `post`, `account` are the organisers'."""
APPEALS = "appeals"  # the only files that may change in a closed cycle (contract v1.2), from its organisers
CLOSING = "closing"  # closing/allowed_signers and the signed manifests of `portal close`


def normal_account(value: object) -> str | None:
    """An account as compared: text without the leading @, lower case; None for anything else."""
    return value.removeprefix("@").lower() if isinstance(value, str) and value.strip() else None


def accounts_in(values: object) -> frozenset[str]:
    return frozenset(filter(None, map(normal_account, values))) if isinstance(values, list) else frozenset()


def is_cycle_name(name: str) -> bool:
    """A folder of scorecards/ that validate reads as a cycle: not hidden, not schemas/."""
    return not name.startswith(".") and name != SCHEMA_FOLDER


def cycle_of(path: str) -> str | None:
    """The cycle folder a path is in (scorecards/<cycle>/…), or None."""
    parts = PurePosixPath(path).parts
    return parts[1] if len(parts) > 2 and parts[0] == "scorecards" and is_cycle_name(parts[1]) else None


def kind_of(path: str) -> str | None:
    """cycle.yaml, org.yaml, people, democratic, organizational, objections, appeals, or None (any other file of a cycle).
    A restricted folder's file counts in clear (legacy) or sealed (`mishu.yaml.age`)."""
    parts = PurePosixPath(path).parts[2:]
    if len(parts) == 1 and parts[0] in ("cycle.yaml", "org.yaml"):
        return parts[0]
    if len(parts) == 2 and parts[0] == PEOPLE and parts[1].endswith((".yaml", ".yml")):
        return parts[0]
    if len(parts) == 2 and parts[0] in (DEMOCRATIC, ORGANIZATIONAL) and (parts[1].endswith((".yaml", ".yml")) or is_sealed_name(parts[1])):
        return parts[0]
    if len(parts) == 2 and parts[0] in RESTRICTED_FOLDERS:
        return parts[0]
    return None


def stem(path: str) -> str:
    """The id a file is named for: `mishu` of `organizational/mishu.yaml` and of `organizational/mishu.yaml.age`."""
    name = PurePosixPath(path).name
    return PurePosixPath(name.removesuffix(SEALED_SUFFIX) if is_sealed_name(name) else name).stem


@dataclass
class CycleAccounts:
    """The accounts of one cycle as the base holds them."""

    organisers: frozenset[str]
    leaders: dict[str, str] = field(default_factory=dict)
    people: dict[str, str | None] | None = None  # id -> account, read only when needed


class Accounts:
    """Every account the base revision holds, read lazily."""

    def __init__(self, base: Revision):
        self.base = base
        self.cycle_names = [n for n in base.names("scorecards") if is_cycle_name(n) and base.exists(f"scorecards/{n}/cycle.yaml")]
        self.cycles: dict[str, CycleAccounts] = {}
        newest = self.newest_cycle()
        org = (base.mapping(f"scorecards/{newest}/org.yaml") if newest else None) or {}
        self.organisers = accounts_in(org.get("organisers"))
        self.maintainers = accounts_in(org.get("maintainers"))

    def newest_cycle(self) -> str | None:
        """The cycle the site calls latest: the last by period start, then name (as the portal orders them)."""
        def order(name: str) -> tuple[str, str]:
            settings = self.base.mapping(f"scorecards/{name}/cycle.yaml") or {}
            period = settings.get("period")
            return (str(period.get("start")) if isinstance(period, dict) else "", name)
        return max(self.cycle_names, key=order, default=None)

    def cycle(self, name: str) -> CycleAccounts | None:
        """The accounts of a cycle that exists at the base, else None (a new cycle)."""
        if name not in self.cycle_names:
            return None
        if name not in self.cycles:
            org = self.base.mapping(f"scorecards/{name}/org.yaml") or {}
            sections = org.get("sections") if isinstance(org.get("sections"), list) else []
            leaders = {s.get("id"): normal_account(s.get("leader_account")) for s in sections if isinstance(s, dict)}
            self.cycles[name] = CycleAccounts(accounts_in(org.get("organisers")), {k: v for k, v in leaders.items() if v})
        return self.cycles[name]

    def people(self, name: str) -> dict[str, str | None]:
        """Person id -> account of every person's file of a cycle at the base."""
        accounts = self.cycle(name)
        if accounts is None:
            return {}
        if accounts.people is None:
            files = [f"scorecards/{name}/people/{n}" for n in self.base.names(f"scorecards/{name}/people")
                     if n.endswith((".yaml", ".yml"))]
            accounts.people = {stem(path): normal_account((data or {}).get("account"))
                               for path, data in self.base.mappings(files).items()}
        return accounts.people


@dataclass(frozen=True)
class Verdict:
    """Whether one author may make one change to one path; the rule's key when not."""

    allowed: bool
    rule: str = ""
    args: dict = field(default_factory=dict)


ALLOWED = Verdict(True)


class Authority:
    """Decides, per changed path, whether an author may make the change."""

    def __init__(self, accounts: Accounts, head: WorkTree):
        self.accounts = accounts
        self.head = head

    def verdict(self, author: str, change: Change, path: str) -> Verdict:
        cycle = cycle_of(path)
        if cycle is None:
            return self.portal_file(author, path)
        accounts = self.accounts.cycle(cycle)
        if accounts is None:
            return self.organisers_only(author, self.accounts.organisers, "changes.rule.new_cycle")
        if author in accounts.organisers:
            return ALLOWED
        kind = kind_of(path)
        if kind == PEOPLE:
            return self.person_file(author, change, path, cycle)
        if kind == ORGANIZATIONAL and accounts.leaders.get(stem(path)) == author and change.status != "D":
            return ALLOWED
        if kind == ORGANIZATIONAL:
            return Verdict(False, "changes.rule.leader", {"section": stem(path)})
        return Verdict(False, "changes.rule.organisers")

    def portal_file(self, author: str, path: str) -> Verdict:
        parts = PurePosixPath(path).parts
        in_scorecards = parts[:1] == ("scorecards",)
        if path == RECIPIENTS_FILE:
            return self.organisers_only(author, self.accounts.organisers, "changes.rule.recipients")
        if in_scorecards and parts[1:2] != (SCHEMA_FOLDER,):
            return self.organisers_only(author, self.accounts.organisers, "changes.rule.organisers")
        if parts[:1] == (CLOSING,):  # who may sign a closing, and the signed manifests: never the maintainers
            return self.organisers_only(author, self.accounts.organisers, "changes.rule.organisers")
        if author in self.accounts.organisers | self.accounts.maintainers:
            return ALLOWED
        return Verdict(False, "changes.rule.maintainers")

    @staticmethod
    def organisers_only(author: str, organisers: frozenset[str], rule: str) -> Verdict:
        return ALLOWED if author in organisers else Verdict(False, rule)

    def person_file(self, author: str, change: Change, path: str, cycle: str) -> Verdict:
        """A member changes their own file (as the base knows it), or adds their first one."""
        if change.status not in ("A", "M", "T"):
            return Verdict(False, "changes.rule.organisers")
        people = self.accounts.people(cycle)
        after = self.head.mapping(path) or {}
        head_account = normal_account(after.get("account"))
        person = stem(path)
        if person in people or self.accounts.base.exists(path):
            if people.get(person) != author:
                return Verdict(False, "changes.rule.own_file", {"owner": people.get(person) or "—"})
            if head_account != author:
                return Verdict(False, "changes.rule.account_changed", {"old": author, "new": head_account or "—"})
            return self.own_parts_only(self.accounts.base.mapping(path) or {}, after)
        return self.new_person(author, person, head_account, cycle, people)

    @staticmethod
    def own_parts_only(before: dict, after: dict) -> Verdict:
        """In their own file a person changes `show`, `compare`, `self` and `checkins`; the rest is the organisers'
        (`id` is checked for everyone by `no_renames`)."""
        for key in sorted(set(before) | set(after), key=str):
            if key not in PERSON_PARTS and key != "id" and before.get(key) != after.get(key):
                return Verdict(False, "changes.rule.organisers_part", {"field": key})
        return ALLOWED

    def new_person(self, author: str, person: str, head_account: str | None, cycle: str, people: dict) -> Verdict:
        """A person's first file in a cycle: their own account, one file per account, the id they had before,
        and an id that no one else had in another cycle (an id is one person for good)."""
        if head_account != author:
            return Verdict(False, "changes.rule.new_person_account", {"account": head_account or "—"})
        existing = sorted(pid for pid, account in people.items() if account == author)
        if existing:
            return Verdict(False, "changes.rule.one_file", {"existing": "、".join(existing)})
        for other in self.accounts.cycle_names:
            if other == cycle:
                continue
            before = self.accounts.people(other)
            earlier = sorted(pid for pid, account in before.items() if account == author)
            if earlier and person not in earlier:
                return Verdict(False, "changes.rule.same_id", {"cycle": other, "existing": "、".join(earlier)})
            taken = [pid for pid in before if pid.lower() == person.lower() and before[pid] != author]
            if taken:
                return Verdict(False, "changes.rule.id_taken", {"cycle": other, "id": taken[0]})
        return ALLOWED


def authorised(authority: Authority, authors: list[str], changes: list[Change]) -> list[Problem]:
    """Every change every author may not make; with no author, every change (fail closed)."""
    found = []
    for change in changes:
        if not authors:
            found.append(Problem(change.path, None, None, "changes.no_author"))
            continue
        for author in authors:
            verdict = next((v for p in change.paths() if not (v := authority.verdict(author, change, p)).allowed), ALLOWED)
            if not verdict.allowed:
                found.append(Problem(change.path, None, None, verdict.rule, {"author": author, **verdict.args}))
                break
    return found
