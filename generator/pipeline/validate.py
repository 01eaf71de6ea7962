"""Stage 2, validate: YAML documents -> the portal model, or every problem with its place.

Each file is checked as it is loaded, while its node tree is at hand to
give the line of any fault; files are read in the order the rules need
(cycle settings, org, people, then ballots and reviews) so that the
cross-file rules can be checked in the same pass.  Nothing stops at the
first problem: a report lists them all.
"""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import os
import re
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..problems import WARNING, Problem, has_errors, relative_path
from .load import MAX_FILE_BYTES
from .model import Cycle, CycleSettings, Person, Portal, rating_context
from .reuse import Reuse
from .rules import FileTask, check_file
from .schema import CYCLE_SCHEMA_FOLDER, SCHEMA_FOLDER, stale_schemas
from .vault import RECIPIENTS_FILE, RESTRICTED_FOLDERS, VaultError, clear_name, file_stem, is_sealed_name, open_sealed

CYCLE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
# names the built site uses beside the cycles' folders (site/versions.json, site/index.html, site/latest/ …)
RESERVED_CYCLE_NAMES = {"latest", "assets", "search", "schemas", "versions.json", "index.html", "404.html",
                        "sitemap.xml", "sitemap.xml.gz", "objects.inv"}
YAML_SUFFIXES = (".yaml", ".yml")
PARALLEL_MIN_BYTES = 2 * 1024 * 1024  # below this, starting workers costs more than it saves


@dataclass
class Report:
    """What validation found: the portal (when there are no errors) and every problem."""

    portal: Portal | None
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    files_by_cycle: dict[str, int] = field(default_factory=dict)  # cycle folder name -> files checked in it
    unopened: list[str] = field(default_factory=list)  # sealed files no key of this process opens (not checked)
    recipients: Any = None  # scorecards/recipients.yaml as a model, when present and valid

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def is_cycle_folder(path: Path) -> bool:
    """Every folder under scorecards/ is a cycle, except hidden ones and schemas/ (the editors' JSON Schemas)."""
    return path.is_dir() and not path.is_symlink() and not path.name.startswith(".") and path.name != SCHEMA_FOLDER


def symlinks_under(root: Path, folder: Path) -> list[Problem]:
    """Every symbolic link in `folder` (itself included), found without following any."""
    if folder.is_symlink():
        return [Problem(relative_path(folder, root), None, None, "file.symlink")]
    found = []
    for directory, folders, files in os.walk(folder):
        for name in sorted(folders + files):
            path = Path(directory, name)
            if path.is_symlink():
                found.append(Problem(relative_path(path, root), None, None, "file.symlink"))
    return found


def worker_count() -> int:
    """Processes to use for parallel work: one per core, or PORTAL_WORKERS."""
    return int(os.environ.get("PORTAL_WORKERS") or len(os.sched_getaffinity(0)))


def fork_context() -> multiprocessing.context.BaseContext:
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


class TaskPool:
    """Checks files in worker processes when there are many, one per core.

    libyaml parses in C but building values and validating them is Python, so
    a second core halves that part; a few megabytes are not worth the
    workers' start.  PORTAL_WORKERS=1 turns it off.
    """

    def __init__(self) -> None:
        self.workers = worker_count()
        self.executor: ProcessPoolExecutor | None = None

    def map(self, tasks: list[FileTask]) -> Iterable[tuple[Any, list[Problem]]]:
        if self.workers < 2 or sum(task.path.stat().st_size for task in tasks) < PARALLEL_MIN_BYTES:
            return map(check_file, tasks)
        if self.executor is None:
            self.executor = ProcessPoolExecutor(self.workers, mp_context=fork_context())
        return self.executor.map(check_file, tasks, chunksize=max(1, len(tasks) // (self.workers * 8)))

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown()


@contextmanager
def paused_gc():
    """No cyclic garbage collection while reading: the values, nodes and models made here hold no
    cycles (reference counting frees them), but with many of them alive each full collection walks
    them all again — at 10,000 people that tripled the time of validation."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class FileCache:
    """Results of files already checked, for a process that validates again and again (`portal serve`).

    A result is reused while the file's size and mtime and everything its rules
    were told of the other files (scale, sections, members) are unchanged.
    """

    def __init__(self) -> None:
        self.results: dict[tuple, tuple[Any, list[Problem]]] = {}

    @staticmethod
    def key(task: FileTask) -> tuple:
        stat = task.path.stat()
        scale = tuple((task.context or {}).get("scale", {}).items()) + tuple((task.context or {}).get("grades", ()))
        settings = (task.context or {}).get("settings")
        ballot_rules = settings.ballot_rules if settings is not None else None  # ballot files are checked against them
        period = settings.period if settings is not None else None  # check-in dates are checked against it
        sections = tuple((task.sections or {}).items())
        return (str(task.path), stat.st_mtime_ns, stat.st_size, task.kind, scale, ballot_rules, period, sections, task.members,
                task.closed)

    def map(self, tasks: list[FileTask], pool: TaskPool) -> list[tuple[Any, list[Problem]]]:
        keys = [self.key(task) for task in tasks]
        missing = [(task, key) for task, key in zip(tasks, keys) if key not in self.results]
        self.results.update(zip((key for _, key in missing), pool.map([task for task, _ in missing])))
        return [self.results[key] for key in keys]


def validate_portal(root: Path, cache: FileCache | None = None, reuse: Reuse | None = None) -> Report:
    """Validate every cycle under `root/scorecards`.

    With `reuse`, a cycle whose files are unchanged since a run that kept its
    outcome is not read again (`reuse.py`); `cache` serves a process that
    validates again and again (`portal serve`)."""
    with paused_gc():
        return validate_folders(root, cache, reuse)


def validate_folders(root: Path, cache: FileCache | None, reuse: Reuse | None = None) -> Report:
    scorecards = root / "scorecards"
    links = symlinks_under(root, scorecards)
    usable = scorecards.is_dir() and not scorecards.is_symlink()
    folders = sorted(p for p in scorecards.iterdir() if is_cycle_folder(p)) if usable else []
    if not folders:
        return Report(None, links or [Problem("scorecards", None, None, "cycle.no_cycles", {"root": "scorecards/"})])
    report = Report(None, links)
    cycles = []
    pool = TaskPool()
    try:
        report.recipients = checked_recipients(root, pool, report)
        for folder in folders:
            cycle, problems, files, unopened = checked_cycle(root, folder, pool, cache, reuse)
            report.problems.extend(problems)
            report.files += files
            report.files_by_cycle[folder.name] = files
            report.unopened.extend(unopened)
            if cycle is not None:
                cycles.append(cycle)
    finally:
        pool.close()
    report.problems.sort(key=lambda p: (p.path, p.line or 0, p.column or 0))
    if report.ok:
        cycles.sort(key=lambda c: (c.settings.period.start, c.id))
        report.portal = Portal(root, {c.id: c for c in cycles})
    return report


def checked_recipients(root: Path, pool: TaskPool, report: Report) -> Any:
    """scorecards/recipients.yaml (who holds which key) as a model; None when absent or wrong (problems noted)."""
    path = root / RECIPIENTS_FILE
    if path.is_symlink() or not path.is_file():
        return None  # a link is reported as one, never followed
    report.files += 1
    model, problems = next(iter(pool.map([FileTask(path, RECIPIENTS_FILE, "recipients")])))
    report.problems.extend(problems)
    return model


def checked_cycle(root: Path, folder: Path, pool: TaskPool, cache: FileCache | None,
                  reuse: Reuse | None) -> tuple[Cycle | None, list[Problem], int, list[str]]:
    """One cycle folder's model (None if it has errors), its problems, the number of files read and the
    sealed files no key opened."""
    kept = reuse.checked(folder) if reuse is not None else None
    if kept is not None:
        return kept
    checker = CycleChecker(root, folder, pool, cache)
    outcome = (checker.run(), checker.problems, checker.files, checker.unopened)
    if reuse is not None:
        reuse.keep_checked(folder, outcome)
    return outcome


class CycleChecker:
    """Checks the files of one cycle folder in the order the rules need, collecting problems."""

    def __init__(self, root: Path, folder: Path, pool: TaskPool, cache: FileCache | None = None):
        self.root = root
        self.folder = folder
        self.pool = pool
        self.cache = cache
        self.broken_people: set[str] = set()  # ids of people files that could not be read: not "unknown" in ballots
        self.problems: list[Problem] = []
        self.files = 0
        self.unopened: list[str] = []  # sealed files that no key of this process opens

    def run(self) -> Cycle | None:
        self.check_folder_name()
        settings = self.read_required("cycle.yaml", "cycle", None)
        context = rating_context(settings.scale) | {"settings": settings} if settings else None
        self.check_schemas(settings)
        org = self.read_required("org.yaml", "org", None)
        sections = {s.id: s for s in org.sections} if org else None
        people = self.read_people(context, sections)
        democratic = self.read_section_files("democratic", context, sections, people)
        organizational = self.read_section_files("organizational", context, sections, people)
        objections = self.read_objections(settings, sections, people)
        appeals = self.read_appeals(settings, sections, people)
        self.check_unexpected_files()
        if has_errors(self.problems) or settings is None or org is None:
            return None
        return Cycle(self.folder.name, settings, org, people, democratic, organizational, objections, appeals=appeals,
                     unopened=tuple(self.unopened))

    # -- reading -----------------------------------------------------------------------

    def shown(self, path: Path) -> str:
        return relative_path(path, self.root)

    def check_all(self, tasks: list[FileTask]) -> list[Any]:
        """The models of the tasks' files, in order (None for an unusable file); problems are noted."""
        self.files += len(tasks)
        models = []
        results = self.cache.map(tasks, self.pool) if self.cache is not None else self.pool.map(tasks)
        for model, problems in results:
            self.problems.extend(problems)
            models.append(model)
        return models

    def read_required(self, name: str, kind: str, context: dict | None) -> Any:
        path = self.folder / name
        if path.is_symlink():
            return None  # reported as a link, never followed
        if not path.is_file():
            self.problems.append(Problem(self.shown(path), None, None, "cycle.missing_file", {"file": self.shown(path)}))
            return None
        return self.check_all([FileTask(path, self.shown(path), kind, context)])[0]

    def yaml_files(self, subfolder: str) -> list[Path]:
        """The YAML files of a subfolder; in a restricted one, their sealed forms (`mishu.yaml.age`) too."""
        folder = self.folder / subfolder
        if not folder.is_dir() or folder.is_symlink():
            return []
        sealed = subfolder in RESTRICTED_FOLDERS
        return sorted(p for p in folder.iterdir() if p.is_file() and not p.is_symlink()
                      and (p.suffix in YAML_SUFFIXES or (sealed and is_sealed_name(p.name))))

    def file_tasks(self, files: list[Path], make) -> list[tuple[Path, FileTask]]:
        """A task per file, `make(path)` filled in with a sealed file's clear bytes; a sealed file no key
        opens is noted as unopened and left out, and a file kept both clear and sealed is an error."""
        stems: dict[str, str] = {}
        tasks = []
        for path in files:
            other = stems.setdefault(file_stem(path), path.name)
            if other != path.name:
                self.problems.append(Problem(self.shown(path), None, None, "vault.both_forms", {"name": path.name, "other": other}))
                continue
            task = make(path)
            if is_sealed_name(path.name):
                opened = self.opened(path)
                if opened is None:
                    continue
                task = dataclasses.replace(task, opened=opened)
            tasks.append((path, task))
        return tasks

    def opened(self, path: Path) -> bytes | None:
        """A sealed file's clear bytes; None (noted) when no key opens it or it is not a sealed file."""
        try:
            size = path.stat().st_size
            if size > 2 * MAX_FILE_BYTES:  # armour is 4/3 of the clear bytes: anything larger holds too large a file
                self.problems.append(Problem(self.shown(path), None, None, "file.too_large", {"size": size, "limit": 2 * MAX_FILE_BYTES}))
                return None
            clear = open_sealed(path.read_bytes())
        except OSError as error:
            self.problems.append(Problem(self.shown(path), None, None, "file.unreadable", {"reason": error.strerror or str(error)}))
            return None
        except VaultError as error:
            if error.key != "vault.not_sealed":
                raise  # a key that cannot be used: one message for the command, not one per file
            self.problems.append(Problem(self.shown(path), None, None, error.key, error.args_))
            return None
        if clear is None:
            self.unopened.append(self.shown(path))
        return clear

    def read_people(self, context: dict | None, sections: dict | None) -> dict[str, Person]:
        files = self.yaml_files("people")
        if not files:
            self.problems.append(Problem(self.shown(self.folder / "people"), None, None, "cycle.no_people"))
        people: dict[str, Person] = {}
        tasks = [FileTask(path, self.shown(path), "person", context, sections) for path in files]
        for path, person in zip(files, self.check_all(tasks)):
            if person is None:
                self.broken_people.add(path.stem)
            else:
                people[person.id] = person
        return people

    def read_section_files(self, subfolder: str, context: dict | None, sections: dict | None, people: dict[str, Person]) -> dict[str, Any]:
        by_section: dict[str, set[str]] = {}
        for pid, person in people.items():
            by_section.setdefault(person.section, set()).add(pid)
        tasks = self.file_tasks(self.yaml_files(subfolder), lambda path: FileTask(
            path, self.shown(path), subfolder, context, sections,
            frozenset(by_section.get(file_stem(path), set()) | self.broken_people)))
        return {model.section: model for model in self.check_all([task for _, task in tasks]) if model is not None}

    def read_objections(self, settings, sections: dict | None, people: dict[str, Person]) -> dict[str, Any]:
        """objections/<n>.yaml, by file name; each is told the people (for `about`) and whether the cycle is closed."""
        closed = settings is not None and settings.status == "closed"
        members = frozenset(people) | frozenset(self.broken_people)
        tasks = self.file_tasks(self.yaml_files("objections"), lambda path: FileTask(
            path, self.shown(path), "objection", None, sections, members, closed))
        models = self.check_all([task for _, task in tasks])
        return {file_stem(path): model for (path, _), model in zip(tasks, models) if model is not None}

    def read_appeals(self, settings, sections: dict | None, people: dict[str, Person]) -> dict[str, Any]:
        """appeals/<n>.yaml (contract v1.2), by file name, read as objections are; each is told the people (for
        `about`) and the cycle's grades (for `grade`)."""
        members = frozenset(people) | frozenset(self.broken_people)
        context = {"grades": tuple(g.name for g in settings.grades)} if settings is not None else None
        tasks = self.file_tasks(self.yaml_files("appeals"), lambda path: FileTask(
            path, self.shown(path), "appeal", context, sections, members))
        models = self.check_all([task for _, task in tasks])
        return {file_stem(path): model for (path, _), model in zip(tasks, models) if model is not None}

    # -- rules of the folder ------------------------------------------------------------

    def check_schemas(self, settings: CycleSettings | None) -> None:
        """An open cycle's own schemas (.schemas/) still say what its cycle.yaml says: else editors offer old levels."""
        if settings is not None and settings.status == "open":
            stale = stale_schemas(self.folder, settings)
            if stale:
                self.problems.append(Problem(self.shown(self.folder / CYCLE_SCHEMA_FOLDER), None, None, "schema.stale",
                                             {"kinds": "、".join(stale), "cycle": self.folder.name}, WARNING))

    def check_folder_name(self) -> None:
        name = self.folder.name
        if not CYCLE_NAME.fullmatch(name) or name.lower() in RESERVED_CYCLE_NAMES:
            self.problems.append(Problem(self.shown(self.folder), None, None, "cycle.bad_name", {"name": name}))

    def check_unexpected_files(self) -> None:
        expected_dirs = {"people", "democratic", "organizational", "objections", "appeals"}
        for path in sorted(self.folder.rglob("*")):
            relative = path.relative_to(self.folder)
            if any(part.startswith(".") for part in relative.parts) or path.is_symlink() or path.is_dir():
                continue
            top = relative.parts[0]
            known = (len(relative.parts) == 1 and top in ("cycle.yaml", "org.yaml")) or (
                len(relative.parts) == 2 and top in expected_dirs and path.suffix in YAML_SUFFIXES
            ) or (len(relative.parts) == 2 and top in RESTRICTED_FOLDERS and is_sealed_name(path.name))
            if not known:
                self.problems.append(Problem(self.shown(path), None, None, "file.unexpected", severity=WARNING))
        self.check_case_clashes()

    def check_case_clashes(self) -> None:
        for subfolder in ("people", "democratic", "organizational", "objections", "appeals"):
            seen: dict[str, str] = {}
            for path in self.yaml_files(subfolder):
                other = seen.setdefault(file_stem(path).lower(), path.name)
                if clear_name(other) == clear_name(path.name):
                    continue  # the same file, clear and sealed: reported by file_tasks
                if other != path.name:
                    self.problems.append(Problem(self.shown(path), None, None, "file.case_clash", {"name": path.name, "other": other}))


def cycle_for_command(root: Path, cycle_id: str | None) -> Cycle:
    """One cycle's settings, org and readable people, for commands that add a file to it
    (`portal new person`, `portal import-ballots`).

    Only what such a command needs must be valid: every cycle's cycle.yaml (to
    know which is the newest) and the chosen cycle's org.yaml.  A colleague's
    broken scorecard, ballots or review does not block anyone else; `portal
    validate` still reports it.  Raises `PortalError` or `UsageError`.
    """
    from ..problems import PortalError, UsageError

    pool = TaskPool()
    try:
        checkers = {folder.name: CycleChecker(root, folder, pool) for folder in cycle_folders(root)}
        settings = {name: checker.read_required("cycle.yaml", "cycle", None) for name, checker in checkers.items()}
        blocking = [p for checker in checkers.values() for p in checker.problems if p.severity != WARNING]
        if blocking or not checkers:
            raise PortalError(blocking or [Problem("scorecards", None, None, "cycle.no_cycles", {"root": "scorecards/"})])
        if cycle_id is None:
            cycle_id = max(settings, key=lambda name: (settings[name].period.start, name))
        if cycle_id not in checkers:
            raise UsageError("cli.unknown_cycle", cycle=cycle_id, cycles="、".join(sorted(checkers)))
        checker = checkers[cycle_id]
        org = checker.read_required("org.yaml", "org", None)
        if org is None:
            raise PortalError([p for p in checker.problems if p.severity != WARNING])
        people = checker.read_people(rating_context(settings[cycle_id].scale), {s.id: s for s in org.sections})
    finally:
        pool.close()
    return Cycle(cycle_id, settings[cycle_id], org, people, {}, {})


def readable_settings(root: Path) -> dict[str, CycleSettings | None]:
    """Each cycle folder's settings, None where its cycle.yaml has errors (`portal schema`)."""
    pool = TaskPool()
    try:
        return {folder.name: CycleChecker(root, folder, pool).read_required("cycle.yaml", "cycle", None)
                for folder in cycle_folders(root)}
    finally:
        pool.close()


def cycle_folders(root: Path) -> list[Path]:
    scorecards = root / "scorecards"
    return sorted(p for p in scorecards.iterdir() if is_cycle_folder(p)) if scorecards.is_dir() else []
