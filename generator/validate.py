"""Stage 2, validate: YAML documents -> the portal model, or every problem with its place.

Each file is checked as it is loaded, while its node tree is at hand to
give the line of any fault; files are read in the order the rules need
(cycle settings, org, people, then ballots and reviews) so that the
cross-file rules can be checked in the same pass.  Nothing stops at the
first problem: a report lists them all.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import locate
from .load import Document, LoadFailed, load_document
from .model import (
    DIMENSIONS,
    Cycle,
    CycleSettings,
    Democratic,
    Org,
    Organizational,
    Person,
    Portal,
    is_safe_id,
)
from .schema import SCHEMA_FOLDER
from .problems import WARNING, Problem, has_errors, relative_path

CYCLE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
RESERVED_CYCLE_NAMES = {"latest", "assets", "search", "schemas"}
YAML_SUFFIXES = (".yaml", ".yml")
SUM_TOLERANCE = 1e-6


@dataclass
class Report:
    """What validation found: the portal (when there are no errors) and every problem."""

    portal: Portal | None
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def is_cycle_folder(path: Path) -> bool:
    """Every folder under scorecards/ is a cycle, except hidden ones and schemas/ (the editors' JSON Schemas)."""
    return path.is_dir() and not path.name.startswith(".") and path.name != SCHEMA_FOLDER


def validate_portal(root: Path) -> Report:
    """Validate every cycle under `root/scorecards`."""
    scorecards = root / "scorecards"
    folders = sorted(p for p in scorecards.iterdir() if is_cycle_folder(p)) if scorecards.is_dir() else []
    if not folders:
        return Report(None, [Problem("scorecards", None, None, "cycle.no_cycles", {"root": "scorecards/"})])
    report = Report(None)
    cycles = []
    for folder in folders:
        checker = CycleChecker(root, folder)
        cycle = checker.run()
        report.problems.extend(checker.problems)
        report.files += checker.files
        if cycle is not None:
            cycles.append(cycle)
    report.problems.sort(key=lambda p: (p.path, p.line or 0, p.column or 0))
    if report.ok:
        cycles.sort(key=lambda c: (c.settings.period.start, c.id))
        report.portal = Portal(root, {c.id: c for c in cycles})
    return report


class CycleChecker:
    """Reads and checks the files of one cycle folder, collecting problems."""

    def __init__(self, root: Path, folder: Path):
        self.root = root
        self.folder = folder
        self.problems: list[Problem] = []
        self.files = 0
        self.broken_people: set[str] = set()

    def run(self) -> Cycle | None:
        self.check_folder_name()
        settings = self.read_required("cycle.yaml", CycleSettings, self.check_settings)
        context = {"scale": dict(settings.scale)} if settings else None
        org = self.read_required("org.yaml", Org, self.check_org)
        people = self.read_people(org, context)
        democratic = self.read_section_files("democratic", Democratic, org, people, context)
        organizational = self.read_section_files("organizational", Organizational, org, people, context)
        self.check_unexpected_files()
        if has_errors(self.problems) or settings is None or org is None:
            return None
        return Cycle(self.folder.name, settings, org, people, democratic, organizational)

    # -- reading -----------------------------------------------------------------------

    def shown(self, path: Path) -> str:
        return relative_path(path, self.root)

    def read(self, path: Path, kind: type[BaseModel], context: dict | None) -> tuple[Any, Document | None]:
        """The validated model of one file and its document, or (None, None) with problems noted."""
        self.files += 1
        try:
            document = load_document(path, self.shown(path))
        except LoadFailed as failure:
            self.problems.extend(failure.problems)
            return None, None
        self.problems.extend(document.problems)
        try:
            return kind.model_validate(document.value, context=context), document
        except ValidationError as error:
            self.problems.extend(locate.problems_from_validation_error(error, document, kind))
            return None, document

    def read_required(self, name: str, kind: type[BaseModel], check) -> Any:
        path = self.folder / name
        if not path.is_file():
            self.problems.append(Problem(self.shown(path), None, None, "cycle.missing_file", {"file": self.shown(path)}))
            return None
        model, document = self.read(path, kind, None)
        if model is not None:
            check(model, document)
        return model

    def yaml_files(self, subfolder: str) -> list[Path]:
        folder = self.folder / subfolder
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in YAML_SUFFIXES)

    def read_people(self, org: Org | None, context: dict | None) -> dict[str, Person]:
        people: dict[str, Person] = {}
        files = self.yaml_files("people")
        if not files:
            self.problems.append(Problem(self.shown(self.folder / "people"), None, None, "cycle.no_people"))
        sections = {s.id for s in org.sections} if org else None
        for path in files:
            person, document = self.read(path, Person, context)
            if document is not None and isinstance(document.value, dict):
                self.check_person(document.value, document, path.stem, sections)
            if person is None:
                self.broken_people.add(path.stem)
            else:
                people[person.id] = person
        return people

    def read_section_files(self, subfolder, kind, org, people, context) -> dict[str, Any]:
        found = {}
        sections = {s.id: s for s in org.sections} if org else None
        for path in self.yaml_files(subfolder):
            model, document = self.read(path, kind, context)
            if model is None:
                continue
            self.check_section_file(model, document, path.stem, sections)
            members = {pid for pid, p in people.items() if p.section == model.section} | self.broken_people
            if isinstance(model, Democratic):
                self.check_democratic(model, document, members)
            else:
                self.check_organizational(model, document, members, sections)
            found[model.section] = model
        return found

    # -- rules -----------------------------------------------------------------------------

    def note(self, document: Document, path: tuple, key: str, severity: str = "error", at_key: bool = False, **args) -> None:
        line, column = locate.position(document.node, path, at_key)
        self.problems.append(Problem(document.path, line, column, key, args, severity))

    def check_folder_name(self) -> None:
        name = self.folder.name
        if not CYCLE_NAME.match(name) or name.lower() in RESERVED_CYCLE_NAMES:
            self.problems.append(Problem(self.shown(self.folder), None, None, "cycle.bad_name", {"name": name}))

    def check_settings(self, settings: CycleSettings, document: Document) -> None:
        for name, weights in (("weights", settings.weights), ("dimensions", settings.dimensions)):
            total = sum(weights.model_dump().values())
            if abs(total - 1) > SUM_TOLERANCE:
                self.note(document, (name,), "cycle.weights_sum", field=name, total=f"{total:g}")
        self.check_scale(settings, document)
        self.check_grades(settings, document)
        if settings.veto and settings.veto.level not in settings.scale:
            self.note(document, ("veto", "level"), "cycle.veto_level", value=settings.veto.level, levels="、".join(settings.scale))
        grade_names = [g.name for g in settings.grades]
        if settings.veto and settings.veto.cap not in grade_names:
            self.note(document, ("veto", "cap"), "cycle.veto_cap", value=settings.veto.cap, grades="、".join(grade_names))
        if settings.period.end < settings.period.start:
            self.note(document, ("period",), "cycle.period_order")

    def check_scale(self, settings: CycleSettings, document: Document) -> None:
        if not settings.scale:
            self.note(document, ("scale",), "cycle.scale_empty")
        points = list(settings.scale.items())
        for (_, before), (level, now) in zip(points, points[1:]):
            if now > before:
                self.note(document, ("scale", level), "cycle.scale_order", level=level, points=f"{now:g}")

    def check_grades(self, settings: CycleSettings, document: Document) -> None:
        grades = settings.grades
        if len(grades) < 2:
            self.note(document, ("grades",), "cycle.grades_too_few")
            return
        for index, (before, band) in enumerate(zip(grades, grades[1:]), start=1):
            if band.min >= before.min:
                self.note(document, ("grades", index), "cycle.grades_order", name=band.name, min=f"{band.min:g}")
        for name, count in Counter(g.name for g in grades).items():
            if count > 1:
                self.note(document, ("grades",), "cycle.grades_duplicate", name=name)
        if grades[-1].min != 0:
            self.note(document, ("grades", len(grades) - 1), "cycle.grades_last_zero", name=grades[-1].name, min=f"{grades[-1].min:g}")

    def check_org(self, org: Org, document: Document) -> None:
        seen = set()
        for index, section in enumerate(org.sections):
            if section.id in seen:
                self.note(document, ("sections", index, "id"), "section.duplicate", value=section.id)
            seen.add(section.id)

    def check_person(self, raw: dict, document: Document, stem: str, sections: set[str] | None) -> None:
        """Cross-file rules, on the raw values so that they are told even when other fields are wrong."""
        person_id, section = raw.get("id"), raw.get("section")
        if isinstance(person_id, str) and is_safe_id(person_id) and person_id != stem:
            self.note(document, ("id",), "person.id_mismatch", value=person_id, stem=stem)
        if isinstance(section, str) and sections is not None and section not in sections:
            self.note(document, ("section",), "section.unknown", value=section, sections="、".join(sorted(sections)))

    def check_section_file(self, model, document: Document, stem: str, sections: dict | None) -> None:
        if model.section != stem:
            self.note(document, ("section",), "section.file_mismatch", value=model.section, stem=stem)
        if sections is not None and model.section not in sections:
            self.note(document, ("section",), "section.unknown", value=model.section, sections="、".join(sorted(sections)))

    def check_democratic(self, model: Democratic, document: Document, members: set[str]) -> None:
        if model.ballots is not None and model.tallies is not None:
            self.note(document, ("tallies",), "ballot.both_forms", at_key=True)
        if model.ballots is None and model.tallies is None:
            self.note(document, (), "ballot.no_form")
        for index, ballot in enumerate(model.ballots or []):
            for person in ballot:
                if person not in members:
                    self.note(document, ("ballots", index, person), "ballot.unknown_person", at_key=True, person=person, section=model.section)
        for person, counts in (model.tallies or {}).items():
            if person not in members:
                self.note(document, ("tallies", person), "ballot.unknown_person", at_key=True, person=person, section=model.section)
            expected = sum(counts.fulfilment.values())
            for dimension in DIMENSIONS:
                actual = sum(getattr(counts, dimension).values())
                if actual != expected:
                    self.note(document, ("tallies", person, dimension), "tally.unequal", at_key=True,
                              person=person, dimension=dimension, expected=expected, actual=actual)

    def check_organizational(self, model: Organizational, document: Document, members: set[str], sections: dict | None) -> None:
        section = (sections or {}).get(model.section)
        if section is not None and model.reviewer.strip() != section.leader.strip():
            self.note(document, ("reviewer",), "review.reviewer_not_leader", severity=WARNING, value=model.reviewer, leader=section.leader)
        for person in model.people:
            if person not in members:
                self.note(document, ("people", person), "review.unknown_person", at_key=True, person=person, section=model.section)

    def check_unexpected_files(self) -> None:
        expected_dirs = {"people", "democratic", "organizational"}
        for path in sorted(self.folder.rglob("*")):
            relative = path.relative_to(self.folder)
            if any(part.startswith(".") for part in relative.parts) or path.is_dir():
                continue
            top = relative.parts[0]
            known = (len(relative.parts) == 1 and top in ("cycle.yaml", "org.yaml")) or (
                len(relative.parts) == 2 and top in expected_dirs and path.suffix in YAML_SUFFIXES
            )
            if not known:
                self.problems.append(Problem(self.shown(path), None, None, "file.unexpected", severity=WARNING))
        self.check_case_clashes()

    def check_case_clashes(self) -> None:
        for subfolder in ("people", "democratic", "organizational"):
            seen: dict[str, str] = {}
            for path in self.yaml_files(subfolder):
                other = seen.setdefault(path.stem.lower(), path.name)
                if other != path.name:
                    self.problems.append(Problem(self.shown(path), None, None, "file.case_clash", {"name": path.name, "other": other}))
