"""The rules of one file, checked while its node tree is at hand (so every fault has its line).

`check_file(task)` reads, validates and checks one file and returns its
model (None when it is unusable) and its problems.  A task carries what the
cross-file rules need to know of the others (the scale, the sections, the
members of a section), so that files can be checked in parallel processes.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..clock import today
from ..problems import WARNING, Problem
from . import ballots, checkins, locate
from .exact import written
from .load import Document, LoadFailed, load_document
from .model import (
    DIMENSIONS,
    FILE_KINDS,
    Appeal,
    CycleSettings,
    Democratic,
    Objection,
    Org,
    Organizational,
    Person,
    Section,
    is_safe_id,
)
from .vault import file_stem

# Weights must sum to 1 exactly, as written.  A sum short of 1 by no more than this is how thirds
# (or sevenths) look when written with six or more decimals: a warning, and the weights are used
# exactly as written; a larger difference is an error.
ROUNDED_SUM_LIMIT = Fraction(1, 10**6)
PUBLICITY_LATEST = datetime.timedelta(days=366)  # a 公示 starting later than this after the period ends: a wrong year?


@dataclass(frozen=True)
class FileTask:
    """One file to check, and what its rules need to know of the other files."""

    path: Path
    shown: str
    kind: str  # a key of model.FILE_KINDS
    context: dict | None = None  # {"scale": {...}} once cycle.yaml is valid
    sections: dict[str, Section] | None = None  # once org.yaml is valid
    members: frozenset[str] = frozenset()  # of the section a ballot or review file is named after; for an objection, every person
    closed: bool = False  # for an objection: whether its cycle is `status: closed`
    opened: bytes | None = None  # the clear bytes of a sealed file (vault.py), opened by the process that made the task


def check_file(task: FileTask) -> tuple[Any, list[Problem]]:
    """The model of one file (None when it cannot be used) and every problem found in it."""
    checker = FileChecker(task)
    return checker.run(), checker.problems


class FileChecker:
    def __init__(self, task: FileTask):
        self.task = task
        self.problems: list[Problem] = []

    def run(self) -> Any:
        task = self.task
        try:
            document = load_document(task.path, task.shown, task.opened)
        except LoadFailed as failure:
            self.problems.extend(failure.problems)
            return None
        self.problems.extend(document.problems)
        kind = FILE_KINDS[task.kind]
        if task.kind == "person" and isinstance(document.value, dict):
            self.check_person(document.value, document)
        try:
            model = kind.model_validate(document.value, context=task.context)
        except ValidationError as error:
            self.problems.extend(locate.problems_from_validation_error(error, document, kind))
            return None
        self.check_model(model, document)
        return model

    def check_model(self, model: Any, document: Document) -> None:
        if isinstance(model, CycleSettings):
            self.check_settings(model, document)
        elif isinstance(model, Org):
            self.check_org(model, document)
        elif isinstance(model, (Democratic, Organizational)):
            self.check_section_file(model, document, file_stem(self.task.path), self.task.sections)
            if isinstance(model, Democratic):
                self.check_democratic(model, document, self.task.members)
            else:
                self.check_organizational(model, document, self.task.members, self.task.sections)
        elif isinstance(model, Objection):
            self.check_objection(model, document)
        elif isinstance(model, Appeal):
            self.check_appeal(model, document)
        elif isinstance(model, Person):
            self.note_faults(checkins.checkin_faults(model, (self.task.context or {}).get("settings")), document)

    def note_faults(self, faults, document: Document) -> None:
        """Problems found by a rule module as (path, key, args), each at its place in the file."""
        for fault in faults:
            self.note(document, fault.path, fault.key, at_key=fault.path[-1] not in ("date", "id", "checkins"), **fault.args)

    def note(self, document: Document, path: tuple, key: str, severity: str = "error", at_key: bool = False, **args) -> None:
        line, column = locate.position(document.node, path, at_key)
        self.problems.append(Problem(document.path, line, column, key, args, severity))

    def check_settings(self, settings: CycleSettings, document: Document) -> None:
        for name, weights in (("weights", settings.weights), ("dimensions", settings.dimensions)):
            self.check_weights_sum(name, weights.model_dump(by_alias=True), document)
        self.check_scale(settings, document)
        self.check_grades(settings, document)
        if settings.veto and settings.veto.level not in settings.scale:
            self.note(document, ("veto", "level"), "cycle.veto_level", value=settings.veto.level, levels="、".join(settings.scale))
        grade_names = [g.name for g in settings.grades]
        if settings.veto and settings.veto.cap not in grade_names:
            self.note(document, ("veto", "cap"), "cycle.veto_cap", value=settings.veto.cap, grades="、".join(grade_names))
        if settings.period.end < settings.period.start:
            self.note(document, ("period",), "cycle.period_order")
        self.check_publicity(settings, document)
        self.note_faults(checkins.threshold_faults(settings), document)

    def check_publicity(self, settings: CycleSettings, document: Document) -> None:
        """The 公示 runs forwards, belongs to this cycle, and a cycle closes only once its last day is over.

        A 公示 that starts before the period does is another cycle's (dates copied from the year before):
        an error in an open cycle, a warning in a closed one (frozen: nobody could correct it). One that
        starts more than a year after the period ends is likely a wrong year: a warning. Starting before
        the period's end is normal (a year-end review is often publicised in December)."""
        publicity = settings.publicity
        if publicity is None:
            return
        if publicity.end < publicity.start:
            self.note(document, ("publicity",), "publicity.order")
        period = settings.period
        if publicity.start < period.start:
            self.note(document, ("publicity", "start"), "publicity.before_period",
                      WARNING if settings.status == "closed" else "error",
                      start=publicity.start.isoformat(), period_start=period.start.isoformat())
        elif publicity.start > period.end + PUBLICITY_LATEST:
            self.note(document, ("publicity", "start"), "publicity.long_after_period", WARNING,
                      start=publicity.start.isoformat(), period_end=period.end.isoformat())
        if settings.status == "closed" and today() <= publicity.end:
            self.note(document, ("status",), "publicity.closed_early", end=publicity.end.isoformat(), today=today().isoformat())

    def check_weights_sum(self, name: str, weights: dict[str, float], document: Document) -> None:
        """Σ = 1 exactly; a sum within ROUNDED_SUM_LIMIT of 1 is written thirds: warned, used as written."""
        total = sum(written(value) for value in weights.values())
        if total == 1:
            return
        shown = decimal_text(total)
        if abs(total - 1) > ROUNDED_SUM_LIMIT:
            self.note(document, (name,), "cycle.weights_sum", field=name, total=shown)
        else:
            self.note(document, (name,), "cycle.weights_sum_inexact", severity=WARNING, field=name, total=shown,
                      last=list(weights)[-1], exact=decimal_text(written(list(weights.values())[-1]) + 1 - total))

    def check_scale(self, settings: CycleSettings, document: Document) -> None:
        if not settings.scale:
            self.note(document, ("scale",), "cycle.scale_empty")
        points = list(settings.scale.items())
        for (_, before), (level, now) in zip(points, points[1:]):
            if written(now) > written(before):
                self.note(document, ("scale", level), "cycle.scale_order", level=level, points=f"{now:g}")

    def check_grades(self, settings: CycleSettings, document: Document) -> None:
        grades = settings.grades
        if len(grades) < 2:
            self.note(document, ("grades",), "cycle.grades_too_few")
            return
        for index, (before, band) in enumerate(zip(grades, grades[1:]), start=1):
            if written(band.min) >= written(before.min):
                self.note(document, ("grades", index), "cycle.grades_order", name=band.name, min=f"{band.min:g}")
        for name, count in Counter(g.name for g in grades).items():
            if count > 1:
                self.note(document, ("grades",), "cycle.grades_duplicate", name=name)
        if grades[-1].min != 0:
            self.note(document, ("grades", len(grades) - 1), "cycle.grades_last_zero", name=grades[-1].name, min=f"{grades[-1].min:g}")

    def check_org(self, org: Org, document: Document) -> None:
        seen = set()
        for index, section in enumerate(org.sections):
            if section.id.lower() in seen:  # case-blind: ids differing in case clash on case-insensitive file systems
                self.note(document, ("sections", index, "id"), "section.duplicate", value=section.id)
            seen.add(section.id.lower())

    def check_person(self, raw: dict, document: Document) -> None:
        """Cross-file rules, on the raw values so that they are told even when other fields are wrong."""
        person_id, section = raw.get("id"), raw.get("section")
        stem, sections = file_stem(self.task.path), self.task.sections
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
        self.check_ballot_count(model, document)

    def check_ballot_count(self, model: Democratic, document: Document) -> None:
        """Rule 11's checks of 发出/收回/废票, each at the key it concerns."""
        listed = model.ballots is not None
        if listed and model.returned is not None and model.returned != len(model.ballots):
            self.note(document, ("returned",), "ballot.returned_mismatch", returned=model.returned, listed=len(model.ballots))
        if not listed and model.returned is None:
            for key in ("issued", "void"):
                if getattr(model, key) is not None:
                    self.note(document, (key,), "ballot.returned_needed", field=key)
        returned = len(model.ballots) if listed else model.returned
        if model.issued is not None and returned is not None and returned > model.issued:
            self.note(document, ("returned",) if model.returned is not None else ("issued",), "ballot.returned_over_issued",
                      returned=returned, issued=model.issued)
        if model.void is not None and returned is not None and model.void > returned:
            self.note(document, ("void",), "ballot.void_over_returned", void=model.void, returned=returned)
        if not listed and model.returned is not None:
            valid = model.returned - (model.void or 0)
            for person, counts in (model.tallies or {}).items():
                n = sum(counts.fulfilment.values())
                if n > valid >= 0:
                    self.note(document, ("tallies", person), "tally.over_valid", at_key=True, person=person, n=n, valid=valid)
        settings = (self.task.context or {}).get("settings")
        if settings is not None:
            self.check_ballot_rules(model, document, settings)

    def check_ballot_rules(self, model: Democratic, document: Document, settings: CycleSettings) -> None:
        """Warnings that need the cycle: a `void` that the rules count otherwise, a quorum not met, ballots that tell their casters."""
        count = ballots.count_ballots(model, settings)
        if model.ballots is not None and model.void is not None and model.void != count.void:
            self.note(document, ("void",), "ballot.void_mismatch", severity=WARNING, void=model.void, counted=count.void)
        if count.quorum_met(settings.ballot_rules) is False:
            self.note(document, ("issued",), "ballot.below_quorum", severity=WARNING, returned=count.returned, issued=count.issued,
                      quorum=f"{settings.ballot_rules.quorum * 100:g}%")
        if model.ballots and ballots.reveals_casters(model.ballots):
            self.note(document, ("ballots",), "ballot.reveals_casters", severity=WARNING, at_key=True, section=model.section,
                      cycle=self.task.path.parent.parent.name)
        elif model.ballots:  # contract v1.2, tallies only: a list already in the repository is read, and named
            closed = settings.status == "closed"
            self.note(document, ("ballots",), "ballot.list_kept_closed" if closed else "ballot.list_kept", severity=WARNING,
                      at_key=True, section=model.section, cycle=self.task.path.parent.parent.name)

    def check_objection(self, model: Objection, document: Document) -> None:
        if model.status != "open" and not (model.resolution or "").strip():
            self.note(document, ("status",), "objection.no_resolution", status=model.status)
        known = set(self.task.members) | set(self.task.sections or {})
        if model.about is not None and self.task.sections is not None and model.about not in known:
            self.note(document, ("about",), "objection.about_unknown", value=model.about)
        if model.status == "open" and self.task.closed:
            self.note(document, ("status",), "objection.open_in_closed")

    def check_appeal(self, model: Appeal, document: Document) -> None:
        """A review or appeal (contract v1.2): about a person of the cycle; decided with a decision; a grade only when
        upheld, and one of the cycle's grades.  Open requests are fine in a closed cycle: they arrive after it closes."""
        if model.status != "open" and not (model.decision or "").strip():
            self.note(document, ("status",), "appeal.no_decision", status=model.status)
        if self.task.sections is not None and model.about not in self.task.members:
            self.note(document, ("about",), "appeal.about_unknown", value=model.about)
        if model.grade is not None and model.status != "upheld":
            self.note(document, ("grade",), "appeal.grade_not_upheld", status=model.status)
        grades = (self.task.context or {}).get("grades")
        if model.grade is not None and grades is not None and model.grade not in grades:
            self.note(document, ("grade",), "appeal.grade_unknown", value=model.grade, grades="、".join(grades))
        if model.decided is not None and model.decided < model.received:
            self.note(document, ("decided",), "appeal.decided_early", decided=model.decided.isoformat(), received=model.received.isoformat())

    def check_organizational(self, model: Organizational, document: Document, members: set[str], sections: dict | None) -> None:
        section = (sections or {}).get(model.section)
        if section is not None and model.reviewer.strip() != section.leader.strip():
            self.note(document, ("reviewer",), "review.reviewer_not_leader", severity=WARNING, value=model.reviewer, leader=section.leader)
        for person in model.people:
            if person not in members:
                self.note(document, ("people", person), "review.unknown_person", at_key=True, person=person, section=model.section)



def decimal_text(value: Fraction) -> str:
    """A sum of decimals written out in full (0.9999999999, not 1): exact, as the digits are finite."""
    with localcontext() as context:
        context.prec = 80
        return format(Decimal(value.numerator) / value.denominator, "f")
